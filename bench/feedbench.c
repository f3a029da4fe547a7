/* feedbench.c - feed_parse over files held in memory: parse throughput. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "util.h"
#include "bench.h"

int
main(int argc, char **argv)
{
	struct bench_file *files;
	struct feed *f;
	size_t nfiles, i, items, bytes;
	char *cause;
	double t0;
	long runs;
	int r;

	if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: feedbench RUNS FILE...\n");
		return 2;
	}
	files = bench_load(argv + 2, argc - 2, &nfiles, &bytes);
	for (r = 0; r < runs; r++) {
		items = 0;
		t0 = bench_now();
		for (i = 0; i < nfiles; i++) {
			cause = NULL;
			f = feed_parse(files[i].data, files[i].len, files[i].url,
			    NULL, &cause);
			if (f == NULL) {
				fprintf(stderr, "%s: %s\n", files[i].path,
				    cause);
				free(cause);
				continue;
			}
			items += f->nitems;
			feed_free(&f);
		}
		printf("%zu %.6f %zu\n", bytes, bench_now() - t0, items);
		fflush(stdout);
	}
	return 0;
}
