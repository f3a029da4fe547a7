/* paths.c - where pundit keeps its files (XDG base directories). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"
#include "util.h"

/* $VAR when set to an absolute path, else $HOME/fallback. */
static char *
xdg_dir(const char *var, const char *fallback, char **cause)
{
	const char *v, *home;

	v = getenv(var);
	if (v != NULL && v[0] == '/')
		return xstrdup(v);
	home = getenv("HOME");
	if (home == NULL || home[0] != '/') {
		set_cause(cause, _("cannot find the home directory: neither "
		    "%s nor HOME is set to an absolute path"), var);
		return NULL;
	}
	return xasprintf("%s/%s", home, fallback);
}

int
paths_init(struct paths *p, const char *config_file, const char *data_dir,
    char **cause)
{
	char *dir, *slash;

	memset(p, 0, sizeof *p);
	if (config_file != NULL) {
		p->config_file = xstrdup(config_file);
		dir = xstrdup(config_file);
		slash = strrchr(dir, '/');
		if (slash == NULL) {
			free(dir);
			dir = xstrdup(".");
		} else if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		p->sources_file = xasprintf("%s%ssources", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/");
		free(dir);
	} else {
		if ((dir = xdg_dir("XDG_CONFIG_HOME", ".config", cause)) == NULL)
			goto fail;
		p->config_file = xasprintf("%s/pundit/config", dir);
		p->sources_file = xasprintf("%s/pundit/sources", dir);
		free(dir);
	}
	if (data_dir != NULL)
		p->data_dir = xstrdup(data_dir);
	else {
		if ((dir = xdg_dir("XDG_DATA_HOME", ".local/share", cause)) == NULL)
			goto fail;
		p->data_dir = xasprintf("%s/pundit", dir);
		free(dir);
	}
	p->db_file = xasprintf("%s/pundit.db", p->data_dir);
	return 0;
fail:
	paths_free(p);
	return -1;
}

void
paths_free(struct paths *p)
{
	free(p->config_file);
	free(p->sources_file);
	free(p->data_dir);
	free(p->db_file);
	memset(p, 0, sizeof *p);
}

char *
paths_data_file(const char *name)
{
	const char *dir;

	dir = getenv("PUNDIT_DATADIR");
	if (dir == NULL || *dir == '\0')
		dir = PKGDATADIR;
	return xasprintf("%s/%s", dir, name);
}
