/* fuzz_conf.c - libFuzzer target for the config file. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct conf_option *o;
	struct conf *c;
	char **errors = NULL, **argv = NULL, *line, *cause = NULL, *nl;
	size_t i;
	long v;

	c = conf_new();
	conf_parse(c, (const char *)data, len, "fuzz", &errors);
	/* Whatever the file said, every option holds a valid value. */
	for (o = conf_options(); o->name != NULL; o++) {
		switch (o->type) {
		case CONF_BOOL:
			(void)conf_get_bool(c, o->name);
			break;
		case CONF_INT:
			v = conf_get_int(c, o->name);
			if (v < o->min || v > o->max)
				abort();
			break;
		case CONF_STRING:
			if (conf_get_string(c, o->name) == NULL)
				abort();
			break;
		}
	}
	for (i = 0; i < c->nbinds; i++)
		if (c->binds[i].key == NULL || c->binds[i].action == NULL)
			abort();
	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		if (strncmp(errors[i], "fuzz:", 5) != 0)
			abort();
	util_strv_free(&errors);
	conf_free(&c);
	if (c != NULL)
		abort();

	/* The first line alone through the word splitter. */
	line = xstrndup((const char *)data, len);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	if (conf_split(line, &argv, &cause) == -1)
		free(cause);
	else
		util_strv_free(&argv);
	free(line);
	return 0;
}
