/* cli-int.h - what the subcommands share. */
#ifndef PUNDIT_CLI_INT_H
#define PUNDIT_CLI_INT_H

#include <stdio.h>

#include "buf.h"
#include "conf.h"
#include "paths.h"
#include "store.h"
#include "util.h"

struct cli {
	const char	*argv0;
	struct paths	 paths;
	struct conf	*conf;
	struct store	*store;		/* opened by cli_store() */
};

struct cli_command {
	const char	*name;
	const char	*args;		/* usage after the name */
	const char	*help;		/* N_() text */
	int		(*run)(struct cli *, int, char **);
};

/* Print "pundit: MESSAGE" on stderr. */
void	cli_error(const char *, ...) PRINTFLIKE(1, 2);
/* Print a usage error for a command and return CLI_USAGE. */
int	cli_usage(const char *command, const char *, ...) PRINTFLIKE(2, 3);
/* Open the cache and sync the sources file into it; -1 after an error. */
int	cli_store(struct cli *);
/* The same for commands that only read: a cache that cannot be written is
   opened read-only, without syncing the sources file. */
int	cli_store_read(struct cli *);
/* Parse an article or source id; -1 if not a positive number. */
int	cli_parse_id(const char *, long long *);
/* Print a string from outside on a terminal or pipe, sanitised. */
void	cli_puts(FILE *, const char *s, int flags);
/* Format a time with the date-format option ("" for 0). */
void	cli_date(const struct cli *, time_t, char *buf, size_t len);
/* Columns of the terminal on stdout, or 0 when it is not one. */
int	cli_columns(void);

/* JSON fields: ,"name":value (null for NULL or 0), arrays of strings. */
void	cli_json_str(struct buf *, const char *name, const char *value);
void	cli_json_time(struct buf *, const char *name, time_t);
void	cli_json_strv(struct buf *, const char *name, char *const *);
/* One line of `list` and `search`: id, flags, date, source, title (cut to
   columns when not 0). */
void	cli_article_line(const struct cli *, const struct article *,
	    int columns);
/* An article's tags and those of its source, without repeats. */
char  **cli_article_tags(const struct article *);

int	cli_cmd_add(struct cli *, int, char **);
int	cli_cmd_remove(struct cli *, int, char **);
int	cli_cmd_sources(struct cli *, int, char **);
int	cli_cmd_list(struct cli *, int, char **);
int	cli_cmd_show(struct cli *, int, char **);
int	cli_cmd_mark(struct cli *, int, char **);
int	cli_cmd_fetch(struct cli *, int, char **);
int	cli_cmd_parse(struct cli *, int, char **);
int	cli_cmd_extract(struct cli *, int, char **);
int	cli_cmd_search(struct cli *, int, char **);
int	cli_cmd_searches(struct cli *, int, char **);
int	cli_cmd_tag(struct cli *, int, char **);
int	cli_cmd_tags(struct cli *, int, char **);
int	cli_cmd_import(struct cli *, int, char **);
int	cli_cmd_export(struct cli *, int, char **);
int	cli_cmd_sync(struct cli *, int, char **);
/*
 * Sync with the server of the config file (`pundit sync`, `pundit fetch`);
 * lines: the --progress lines of sync.h instead of the summary.
 */
int	cli_sync(struct cli *, int quiet, int json, int lines, int full);
int	cli_cmd_check(struct cli *, int, char **);
int	cli_cmd_init(struct cli *, int, char **);

#endif
