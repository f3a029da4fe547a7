/* extractbench.c - extract_page over pages held in memory: time a page. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "extract.h"
#include "util.h"
#include "bench.h"

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return ru.ru_maxrss;
}

/*
 * extractbench RUNS FILE...: RUNS rounds over every page, each extracted
 * as `pundit extract` does (no URL, no Content-Type). One line a page and
 * round: "INDEX SECONDS CPU-SECONDS CHARS"; then "rss BEFORE AFTER" (KiB): the peak
 * resident size with the pages loaded, and after extracting them all.
 */
int
main(int argc, char **argv)
{
	struct bench_file *files;
	struct extract *e;
	size_t nfiles, i, bytes;
	double t0, c0, t, c;
	long runs, before;
	int r;

	if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: extractbench RUNS FILE...\n");
		return 2;
	}
	files = bench_load(argv + 2, argc - 2, &nfiles, &bytes);
	before = maxrss_kb();
	for (r = 0; r < runs; r++) {
		for (i = 0; i < nfiles; i++) {
			c0 = cpu_now();
			t0 = bench_now();
			e = extract_page(files[i].data, files[i].len, NULL,
			    NULL);
			t = bench_now() - t0;
			c = cpu_now() - c0;
			printf("%zu %.6f %.6f %zu\n", i, t, c, e->text_len);
			extract_free(&e);
		}
		fflush(stdout);
	}
	printf("rss %ld %ld\n", before, maxrss_kb());
	for (i = 0; i < nfiles; i++)
		free(files[i].data);
	free(files);
	return 0;
}
