/* bench.h - what the parse benchmark drivers share: files in memory, time. */
#ifndef PUNDIT_BENCH_H
#define PUNDIT_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct bench_file {
	const char	*path;
	const char	*url;
	char		*data;
	size_t		 len;
};

static inline double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read every file into memory (exits on a file it cannot read). */
static inline struct bench_file *
bench_load(char **paths, int n, size_t *nfiles, size_t *bytes)
{
	struct bench_file *v;
	FILE *fp;
	long len;
	int i;

	if ((v = calloc((size_t)n, sizeof *v)) == NULL)
		exit(1);
	*bytes = 0;
	for (i = 0; i < n; i++) {
		if ((fp = fopen(paths[i], "rb")) == NULL ||
		    fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
		    fseek(fp, 0, SEEK_SET) != 0) {
			perror(paths[i]);
			exit(1);
		}
		v[i].path = paths[i];
		v[i].len = (size_t)len;
		if ((v[i].data = malloc(v[i].len + 1)) == NULL ||
		    fread(v[i].data, 1, v[i].len, fp) != v[i].len) {
			perror(paths[i]);
			exit(1);
		}
		fclose(fp);
		v[i].url = "https://bench.example/feeds/feed.xml";
		*bytes += v[i].len;
	}
	*nfiles = (size_t)n;
	return v;
}

#endif
