/* paths.h - where pundit keeps its files (XDG base directories). */
#ifndef PUNDIT_PATHS_H
#define PUNDIT_PATHS_H

struct paths {
	char	*config_file;	/* $XDG_CONFIG_HOME/pundit/config or -c */
	char	*sources_file;	/* next to the config file: .../sources */
	char	*data_dir;	/* $XDG_DATA_HOME/pundit or -d */
	char	*db_file;	/* data_dir/pundit.db */
};

/*
 * Work out the paths from the environment (XDG_CONFIG_HOME, XDG_DATA_HOME,
 * HOME) and the -c FILE / -d DIR overrides (either may be NULL). Relative
 * XDG variables are ignored, as the XDG specification says. Creates nothing.
 */
int	paths_init(struct paths *, const char *config_file, const char *data_dir,
	    char **cause);
void	paths_free(struct paths *);

/*
 * A file of the data pundit installs (the curated source list): in
 * $PUNDIT_DATADIR when set (tests, an uninstalled build), else in
 * $(pkgdatadir), fixed when pundit was built.
 */
char   *paths_data_file(const char *name);

#endif
