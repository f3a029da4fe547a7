/* cli-check.c - pundit check: is the cache sound, and mend it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-int.h"
#include "i18n.h"

static void
check_note(enum store_note kind, const char *msg, void *arg)
{
	(void)arg;
	switch (kind) {
	case STORE_NOTE_OK:
		/* TRANSLATORS: pundit check, before a part found sound. */
		printf(_("ok: %s\n"), msg);
		break;
	case STORE_NOTE_PROBLEM:
		/* TRANSLATORS: pundit check, before damage found. */
		printf(_("problem: %s\n"), msg);
		break;
	case STORE_NOTE_DONE:
		/* TRANSLATORS: pundit check --repair, before what it did. */
		printf(_("repaired: %s\n"), msg);
		break;
	}
	fflush(stdout);
}

int
cli_cmd_check(struct cli *cli, int argc, char **argv)
{
	char *cause = NULL;
	int i, repair = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--repair") == 0)
			repair = 1;
		else
			return cli_usage("check", _("unexpected argument: %s"),
			    argv[i]);
	}
	printf(repair ? _("checking and repairing %s\n") :
	    _("checking %s\n"), cli->paths.db_file);
	rc = store_check(cli->paths.db_file, repair, check_note, NULL, &cause);
	if (rc == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	if (rc == 1 && !repair) {
		printf(_("'pundit check --repair' mends what it can; it keeps a "
		    "damaged file beside the new one.\n"));
	}
	return rc == 0 ? CLI_OK : CLI_FAILURE;
}
