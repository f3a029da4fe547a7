/* tui-int.h - what the views of the terminal interface share. */
#ifndef PUNDIT_TUI_INT_H
#define PUNDIT_TUI_INT_H

#include <curses.h>
#include <stdint.h>

#include "conf.h"
#include "paths.h"
#include "refresh.h"
#include "store.h"
#include "util.h"

/* The kinds of view; bindings and actions apply to a set of them. */
#define TUI_SOURCES	0x01
#define TUI_ARTICLES	0x02
#define TUI_READER	0x04
#define TUI_HELP	0x08
#define TUI_ERRORS	0x10
#define TUI_SEARCH	0x20
#define TUI_LISTS	\
	(TUI_SOURCES|TUI_ARTICLES|TUI_HELP|TUI_ERRORS|TUI_SEARCH)
#define TUI_ALL		(TUI_LISTS|TUI_READER)

/* Every action a key can be bound to (tui-keys.c has the table). */
enum tui_action {
	TUI_NONE,
	TUI_QUIT,
	TUI_HELP_VIEW,
	TUI_ERRORS_VIEW,
	TUI_REDRAW,
	TUI_UP,
	TUI_DOWN,
	TUI_PAGE_UP,
	TUI_PAGE_DOWN,
	TUI_HALF_UP,
	TUI_HALF_DOWN,
	TUI_TOP,
	TUI_BOTTOM,
	TUI_OPEN,
	TUI_NEXT_ARTICLE,
	TUI_PREV_ARTICLE,
	TUI_NEXT_UNREAD,
	TUI_SEARCH_ACTION,
	TUI_FIND,
	TUI_FIND_NEXT,
	TUI_FIND_PREV,
	TUI_TAG,
	TUI_STAR,
	TUI_TOGGLE_READ,
	TUI_BROWSE,
	TUI_REFRESH,
	TUI_REFRESH_ALL,
	TUI_GROUPS,
	TUI_NACTIONS
};

/* Key codes: characters as themselves, curses keys with this bit. */
#define TUI_KEYFN 0x40000000

/* Colour elements (tui-color.c has the names). */
enum tui_element {
	TUI_C_NORMAL,
	TUI_C_TITLE,
	TUI_C_STATUS,
	TUI_C_SELECTED,
	TUI_C_UNREAD,
	TUI_C_STARRED,
	TUI_C_DATE,
	TUI_C_SOURCE,
	TUI_C_TAG,
	TUI_C_ERROR,
	TUI_C_HEADING,
	TUI_C_QUOTE,
	TUI_C_LINK,
	TUI_C_MATCH,
	TUI_C_MESSAGE,
	TUI_NELEMENTS
};

struct sync_child;
struct tui;
struct tui_view;

/* A list cursor shared by every list view. */
struct tui_menu {
	long	 sel;
	long	 top;
	long	 n;
};

/* What a view does; the loop in tui.c is all that calls these. */
struct tui_view_ops {
	int		  kind;		/* TUI_SOURCES, ... */
	const char	 *name;		/* N_() title for the help screen */
	void		(*free)(struct tui_view *);
	/* The window changed size: re-wrap, keep the place. */
	void		(*resize)(struct tui_view *);
	/* Draw rows top to top + height - 1 of the screen. */
	void		(*draw)(struct tui_view *, int top, int height);
	/* Handle an action; count is a typed number prefix or 0. */
	void		(*key)(struct tui_view *, enum tui_action, int count);
	/* The store changed underneath (a refresh stored articles). */
	void		(*reload)(struct tui_view *);
	/* The right part of the status bar ("12/300"), in buf. */
	void		(*where)(struct tui_view *, char *buf, size_t len);
	/*
	 * A little of the work left (counts) while no key waits; returns 1
	 * while there is more. May be NULL.
	 */
	int		(*idle)(struct tui_view *);
	/*
	 * A click at screen row y, column x of a view without a list (the
	 * reader: a link). May be NULL.
	 */
	void		(*click)(struct tui_view *, int y, int x);
};

struct tui_view {
	const struct tui_view_ops *ops;
	struct tui	*tui;
	char		*title;		/* sanitised, for the title bar */
	void		*data;
	struct tui_view	*prev;		/* the view below on the stack */
	/* A list's cursor and screen rows per entry, for mouse clicks. */
	struct tui_menu	*menu;
	int		 item_rows;
};


struct tui {
	struct store	*store;
	struct conf	*conf;
	const struct paths *paths;
	struct refresh	*refresh;
	unsigned	 refresh_base_done;	/* progress as a batch began */
	unsigned	 refresh_base_total;
	unsigned	 refresh_base_new;
	unsigned	 refresh_base_failed;
	int		 data_changed;		/* a refresh stored something */
	const char	*self;			/* the program, to run sync */
	struct sync_child *sync;		/* a sync running, or NULL */
	char		*sync_progress;		/* its last step, sanitised */
	char		*sync_error;		/* the last sync's failure */
	/* The end of a refresh or sync while the other runs, for both. */
	char		*summary;
	int		 summary_error;
	struct tui_view	*view;			/* top of the stack */
	char		*message;
	int		 message_error;
	char	       **problems;		/* config and refresh errors */
	char		*state_file;
	char		*state_source;		/* saved selection keys */
	int64_t		 state_article;
	int		 running;
	int		 dirty;
	int		 idle;			/* the view has work left */
	int		 height;		/* rows for the view */
	int		 width;
	int		 no_color;
	int		 groups;		/* tag groups list sources */
	/* Prompt (a line editor on the last row), when prompt_done. */
	void		(*prompt_done)(struct tui *, const char *, void *);
	char	      **(*prompt_complete)(struct tui *, const char *, void *);
	void		*prompt_arg;
	void		(*prompt_free_arg)(void *);	/* when it ends */
	char		*prompt_label;
	uint32_t	*prompt_text;		/* code points */
	size_t		 prompt_len;
	size_t		 prompt_cursor;
	char		*prompt_hint;		/* completions shown */
};

/* tui.c */
void	tui_push(struct tui *, struct tui_view *);
void	tui_pop(struct tui *);
void	tui_message(struct tui *, const char *, ...) PRINTFLIKE(2, 3);
void	tui_error(struct tui *, const char *, ...) PRINTFLIKE(2, 3);
void	tui_problem(struct tui *, const char *);
void	tui_refresh_sources(struct tui *, int64_t source_id);
/*
 * A refresh or a sync ended: say msg, after the summary of the other if
 * that ended while this one ran; other_running keeps msg for the other.
 */
void	tui_summary(struct tui *, int error, const char *msg,
	    int other_running);
void	tui_browse(struct tui *, const char *url);
void	tui_date(struct tui *, time_t, char *buf, size_t len);
struct tui_view *tui_view_new(struct tui *, const struct tui_view_ops *,
	    void *data, const char *title);
/* Draw s (already sanitised) at y, x in exactly width columns. */
void	tui_put(int y, int x, const char *s, int width, enum tui_element);
/* A sanitised one-line copy of a string from outside ("" for NULL). */
char   *tui_clean(const char *);
/* Move a menu for an action; 1 when the action was a move. */
int	tui_menu_key(struct tui_menu *, enum tui_action, int count,
	    int height);
void	tui_menu_fix(struct tui_menu *, int height);

/* tui-keys.c */
void	tui_keys_init(struct tui *);
void	tui_keys_free(void);
enum tui_action tui_keys_lookup(int kind, int key);
const char *tui_action_name(enum tui_action);
const char *tui_action_help(enum tui_action);
int	tui_action_views(enum tui_action);
/* The keys bound to an action in a view ("j, Down"), or NULL. */
char   *tui_keys_for(int kind, enum tui_action);
/* Append the name of a key, as `bind` takes it. */
struct buf;
void	tui_keys_name(int key, struct buf *);
/* Read one key without waiting: a code, or -1 when none is pending. */
int	tui_keys_read(void);

/* tui-color.c */
void	tui_color_init(struct tui *);
attr_t	tui_attr(enum tui_element);
short	tui_pair(enum tui_element);

/* tui-prompt.c */
void	tui_prompt(struct tui *, const char *label, const char *initial,
	    char **(*complete)(struct tui *, const char *, void *),
	    void (*done)(struct tui *, const char *, void *), void *arg);
void	tui_prompt_key(struct tui *, int key);
void	tui_prompt_draw(struct tui *);
void	tui_prompt_free(struct tui *);

/* tui-sync.c */
/* With sync on, start one in the background: 1, else 0 (sync is off). */
int	tui_sync_start(struct tui *);
/* Take what the sync said; at its end, the summary and a reload. */
void	tui_sync_poll(struct tui *);
/* Stop a sync still running (quitting) and forget its state. */
void	tui_sync_stop(struct tui *);

/* tui-tag.c */
/* Set a flag of an article; 0, or -1 after showing the error. */
int	tui_article_flag(struct tui *, int64_t id, enum store_flag, int);
/* Edit the tags of an article (tags: the current ones, space-separated). */
void	tui_tag_prompt(struct tui *, int64_t id, const char *tags,
	    char *const *seen);

/* tui-search.c: ask for a query, show what matches. */
void	tui_search_prompt(struct tui *);
struct tui_view *tui_search_new(struct tui *, const char *query,
	    const char *title);
int64_t	tui_search_step(struct tui_view *, int dir, int unread);

/* The views. */
struct tui_view *tui_sources_new(struct tui *);
struct tui_view *tui_articles_new(struct tui *, const struct store_filter *,
	    const char *title);
struct tui_view *tui_reader_new(struct tui *, struct tui_view *list,
	    int64_t id);
struct tui_view *tui_help_new(struct tui *, int kind, const char *name);
struct tui_view *tui_errors_new(struct tui *);
/* The list a reader came from steps to the next or previous article. */
int64_t	tui_articles_step(struct tui_view *, int dir, int unread);

#endif
