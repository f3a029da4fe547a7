/* xmlfloor.c - a do-nothing libxml2 xmlReader pass: the floor for a
   parser built on libxml2. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "bench.h"

int
main(int argc, char **argv)
{
	struct bench_file *files;
	xmlTextReaderPtr rd;
	size_t nfiles, i, nodes, bytes;
	double t0;
	long runs;
	int r;

	if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: xmlfloor RUNS FILE...\n");
		return 2;
	}
	xmlInitParser();
	files = bench_load(argv + 2, argc - 2, &nfiles, &bytes);
	for (r = 0; r < runs; r++) {
		nodes = 0;
		t0 = bench_now();
		for (i = 0; i < nfiles; i++) {
			rd = xmlReaderForMemory(files[i].data,
			    (int)files[i].len, files[i].url, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
			if (rd == NULL)
				continue;
			while (xmlTextReaderRead(rd) == 1)
				nodes++;
			xmlFreeTextReader(rd);
		}
		printf("%zu %.6f %zu\n", bytes, bench_now() - t0, nodes);
		fflush(stdout);
	}
	return 0;
}
