/* conf.h - the config file: options (set), key bindings (bind), colours. */
#ifndef PUNDIT_CONF_H
#define PUNDIT_CONF_H

#include <stddef.h>

enum conf_type {
	CONF_BOOL,
	CONF_INT,
	CONF_STRING,
};

/* One option of the table every option lives in (and the man page). */
struct conf_option {
	const char	*name;
	enum conf_type	 type;
	const char	*def;		/* default, as written in the file */
	long		 min, max;	/* CONF_INT range */
	const char	*help;		/* N_() text, for --help and the man page */
};

struct conf_bind {
	char	*key;
	char	*action;
	int	 line;
};

struct conf_color {
	char	*element;
	char	*fg;
	char	*bg;
	char	*attr;		/* may be NULL */
	int	 line;
};

struct conf {
	char		**values;	/* one per option, in table order */
	struct conf_bind *binds;
	size_t		 nbinds;
	struct conf_color *colors;
	size_t		 ncolors;
	int		 password_line;	/* of "set ttrss-password", or 0 */
};

/* The option table, NULL-name terminated. */
const struct conf_option *conf_options(void);

/* A config with every option at its default. */
struct conf *conf_new(void);
void	conf_free(struct conf **);

/*
 * Read a config file into c. A missing file is not an error. Each line
 * that cannot be understood adds "FILE:LINE: problem" to *errors (a
 * NULL-terminated array the caller frees) and the others still apply;
 * so does a password set in a file that other users may read.
 * Returns -1 with a cause only when the file exists but cannot be read.
 */
int	conf_load(struct conf *, const char *path, char ***errors,
	    char **cause);
/* Parse config text (for tests and fuzzing); name is used in messages. */
void	conf_parse(struct conf *, const char *text, size_t len,
	    const char *name, char ***errors);

/* Set an option by name from its text form; -1 with a cause if invalid. */
int	conf_set(struct conf *, const char *name, const char *value,
	    char **cause);
const char *conf_get_string(const struct conf *, const char *name);
long	conf_get_int(const struct conf *, const char *name);
int	conf_get_bool(const struct conf *, const char *name);

/*
 * Split one line into words: whitespace separates, "double quotes" group
 * (with \" and \\ escapes), a # outside quotes starts a comment. Returns
 * the number of words in *argv (NULL-terminated, free with util_strv_free),
 * or -1 with a cause for an unterminated quote.
 */
int	conf_split(const char *line, char ***argv, char **cause);

/*
 * Call fn with the words of each line of text that has some (comments and
 * blank lines skipped); a line with invalid UTF-8, a control character or
 * an unterminated quote adds "NAME:LINE: problem" to *errors instead.
 */
void	conf_each_line(const char *text, size_t len, const char *name,
	    char ***errors, void (*fn)(char **argv, int argc, int lineno,
	    void *arg), void *arg);
/* Add "NAME:LINE: msg" to *errors (a NULL-terminated array; may be NULL). */
void	conf_error(char ***errors, const char *name, int line,
	    const char *msg);
/* -1 with a cause when a line holds invalid UTF-8, NUL or controls. */
int	conf_check_line(const char *line, size_t len, char **cause);

#endif
