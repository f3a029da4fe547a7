/* tui.h - the ncursesw interface: views over the store, refresh behind. */
#ifndef PUNDIT_TUI_H
#define PUNDIT_TUI_H

#include "conf.h"
#include "paths.h"
#include "store.h"

/*
 * Run the interface on the terminal until the user quits, or SIGINT,
 * SIGTERM or SIGHUP arrives. The terminal is restored whatever happens.
 * Bad bind and color lines of the config are shown, not fatal. Returns 0
 * after quitting, the number of the signal that ended it (the caller
 * should then die of it), or -1 with a cause when the terminal could not
 * be set up. self is the program, which R runs as `pundit sync` when
 * the config says "set sync ttrss".
 */
int	tui_run(struct store *, struct conf *, const struct paths *,
	    const char *self, char **cause);

#endif
