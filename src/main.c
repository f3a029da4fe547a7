/* main.c - pundit's entry: locale and translations, then the CLI. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

int
main(int argc, char **argv)
{
	const char *dir;

	/*
	 * A file grown past RLIMIT_FSIZE then fails with EFBIG, which the
	 * cache reports as a full disk, instead of killing pundit mid-write.
	 */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	/*
	 * Widths and case folding need a UTF-8 character type; feeds are
	 * converted to UTF-8 whatever the user's locale says.
	 */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
#ifdef ENABLE_NLS
	/* TEXTDOMAINDIR, as gettext.sh uses it, points at other catalogs. */
	dir = getenv("TEXTDOMAINDIR");
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#else
	(void)dir;
#endif
	return cli_main(argc, argv);
}
