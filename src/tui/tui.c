/* tui.c - the terminal interface's loop: views, keys, signals, refresh. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "sync.h"
#include "text.h"
#include "tui.h"
#include "tui-int.h"

static volatile sig_atomic_t sig_winch, sig_quit, sig_tstp;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGWINCH:
		sig_winch = 1;
		break;
	case SIGTSTP:
		sig_tstp = 1;
		break;
	default:
		sig_quit = sig;
		break;
	}
}

static void
signals_set(int on)
{
	static const int sigs[] = { SIGWINCH, SIGTSTP, SIGINT, SIGTERM,
	    SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	for (i = 0; i < NITEMS(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

char *
tui_clean(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	return text_sanitize(s, strlen(s), TEXT_ONELINE);
}

void
tui_put(int y, int x, const char *s, int width, enum tui_element e)
{
	char *fit;

	if (width <= 0)
		return;
	fit = text_fit(s, width);
	attrset(tui_attr(e));
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
}

void
tui_date(struct tui *tui, time_t t, char *buf, size_t len)
{
	struct tm tm;

	buf[0] = '\0';
	if (t == 0 || localtime_r(&t, &tm) == NULL)
		return;
	/* The format is the user's date-format option, by design. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, len, conf_get_string(tui->conf, "date-format"),
	    &tm) == 0)
		buf[0] = '\0';
#pragma GCC diagnostic pop
}

static void message_set(struct tui *, int, const char *, va_list)
    PRINTFLIKE(3, 0);

static void
message_set(struct tui *tui, int error, const char *fmt, va_list ap)
{
	char *m;

	m = xvasprintf(fmt, ap);
	free(tui->message);
	tui->message = tui_clean(m);
	tui->message_error = error;
	tui->dirty = 1;
	free(m);
}

void
tui_message(struct tui *tui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message_set(tui, 0, fmt, ap);
	va_end(ap);
}

void
tui_error(struct tui *tui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message_set(tui, 1, fmt, ap);
	va_end(ap);
}

/* A problem to keep (a bad config line): shown now, listed by errors. */
void
tui_problem(struct tui *tui, const char *s)
{
	util_strv_add(&tui->problems, s);
	tui_error(tui, "%s", s);
}

struct tui_view *
tui_view_new(struct tui *tui, const struct tui_view_ops *ops, void *data,
    const char *title)
{
	struct tui_view *v;

	v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->tui = tui;
	v->data = data;
	v->title = tui_clean(title);
	return v;
}

static void
view_free(struct tui_view *v)
{
	v->ops->free(v);
	free(v->title);
	free(v);
}

void
tui_push(struct tui *tui, struct tui_view *v)
{
	v->prev = tui->view;
	tui->view = v;
	tui->dirty = 1;
	tui->idle = 1;
}

void
tui_pop(struct tui *tui)
{
	struct tui_view *v = tui->view;

	if (v->prev == NULL) {
		tui->running = 0;
		return;
	}
	tui->view = v->prev;
	view_free(v);
	/* What the view below shows may have changed (read marks). */
	if (tui->view->ops->reload != NULL)
		tui->view->ops->reload(tui->view);
	tui->dirty = 1;
	tui->idle = 1;
}

void
tui_menu_fix(struct tui_menu *m, int height)
{
	if (height < 1)
		height = 1;
	if (m->sel >= m->n)
		m->sel = m->n - 1;
	if (m->sel < 0)
		m->sel = 0;
	if (m->top > m->sel)
		m->top = m->sel;
	if (m->sel >= m->top + height)
		m->top = m->sel - height + 1;
	if (m->top > m->n - height)
		m->top = m->n - height;
	if (m->top < 0)
		m->top = 0;
}

int
tui_menu_key(struct tui_menu *m, enum tui_action a, int count, int height)
{
	long step = count > 0 ? count : 1;

	switch (a) {
	case TUI_UP:
		m->sel -= step;
		break;
	case TUI_DOWN:
		m->sel += step;
		break;
	case TUI_PAGE_UP:
		m->sel -= step * height;
		m->top -= step * height;
		break;
	case TUI_PAGE_DOWN:
		m->sel += step * height;
		m->top += step * height;
		break;
	case TUI_HALF_UP:
		m->sel -= height / 2 > 0 ? height / 2 : 1;
		break;
	case TUI_HALF_DOWN:
		m->sel += height / 2 > 0 ? height / 2 : 1;
		break;
	case TUI_TOP:
		m->sel = count > 0 ? count - 1 : 0;
		break;
	case TUI_BOTTOM:
		m->sel = count > 0 ? count - 1 : m->n - 1;
		break;
	default:
		return 0;
	}
	tui_menu_fix(m, height);
	return 1;
}

void
tui_summary(struct tui *tui, int error, const char *msg, int other_running)
{
	char *both = NULL;

	if (tui->summary != NULL) {
		both = xasprintf("%s; %s", tui->summary, msg);
		error |= tui->summary_error;
		free(tui->summary);
		tui->summary = NULL;
	}
	if (error)
		tui_error(tui, "%s", both != NULL ? both : msg);
	else
		tui_message(tui, "%s", both != NULL ? both : msg);
	free(both);
	if (other_running) {
		tui->summary = xstrdup(msg);
		tui->summary_error = error;
	}
}

/* Refresh: progress lands in the status bar, data in the views. */
static void
refresh_done(const struct refresh_event *ev, void *arg)
{
	struct tui *tui = arg;

	if (ev->new_articles > 0 || ev->updated_articles > 0 || ev->failed)
		tui->data_changed = 1;
	tui->dirty = 1;
}

static void
refresh_queue(struct tui *tui, int64_t source_id, int syncing)
{
	struct refresh_opts opts;
	struct refresh_progress p;
	struct source **v = NULL;
	char *cause = NULL;
	size_t n = 0, i;
	unsigned added = 0;

	if (tui->refresh == NULL) {
		refresh_opts_init(&opts, tui->conf,
		    tui->paths->sources_file);
		tui->refresh = refresh_new(tui->store, &opts, refresh_done,
		    tui, &cause);
		if (tui->refresh == NULL) {
			tui_error(tui, "%s", cause);
			free(cause);
			return;
		}
	}
	if (store_source_list(tui->store, &v, &n, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		return;
	}
	if (refresh_pending(tui->refresh) == 0) {
		refresh_progress(tui->refresh, &p);
		tui->refresh_base_done = p.done;
		tui->refresh_base_total = p.total;
		tui->refresh_base_new = p.new_articles;
		tui->refresh_base_failed = p.failed;
	}
	for (i = 0; i < n; i++) {
		if (source_id != 0 ? v[i]->id != source_id : !v[i]->in_file)
			continue;
		/* A server's feed comes by sync: r on it syncs. */
		if (v[i]->synced && !syncing && (syncing =
		    tui_sync_start(tui)) != 0)
			continue;
		refresh_add(tui->refresh, v[i]);
		added++;
	}
	store_source_list_free(&v, n);
	/* With a sync, the server's feeds may be all there is. */
	if (added == 0 && !syncing)
		tui_error(tui, "%s", _("no source to refresh"));
	tui->dirty = 1;
}

void
tui_refresh_sources(struct tui *tui, int64_t source_id)
{
	refresh_queue(tui, source_id, 0);
}

/* R: every source of the file, and the server when sync is on. */
static void
refresh_all(struct tui *tui)
{
	refresh_queue(tui, 0, tui_sync_start(tui));
}

/* Split one $BROWSER command into words, the URL in place of %s. */
static char **
browser_argv(const char *cmd, const char *url)
{
	struct buf w = BUF_INIT;
	char **argv = NULL;
	const char *p;
	int has_url = 0;

	for (p = cmd;; p++) {
		if (*p == '\0' || *p == ' ' || *p == '\t') {
			if (w.len > 0)
				util_strv_add(&argv, buf_str(&w));
			buf_reset(&w);
			if (*p == '\0')
				break;
			continue;
		}
		if (p[0] == '%' && p[1] == 's') {
			buf_adds(&w, url);
			has_url = 1;
			p++;
		} else
			buf_addc(&w, *p);
	}
	buf_free(&w);
	if (argv != NULL && !has_url)
		util_strv_add(&argv, url);
	return argv;
}

void
tui_browse(struct tui *tui, const char *url)
{
	const char *env;
	char *list, *p, *cmd, ***cmds = NULL;
	size_t ncmds = 0, i;
	pid_t pid;
	int status;

	if (url == NULL || *url == '\0') {
		tui_error(tui, "%s", _("this article has no link"));
		return;
	}
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		tui_error(tui, _("not opening a link that is not http(s)"));
		return;
	}
	env = getenv("BROWSER");
	if (env == NULL || *env == '\0') {
		tui_error(tui, "%s", _("BROWSER is not set"));
		return;
	}
	/* BROWSER may list commands to try, separated by colons. */
	list = xstrdup(env);
	for (cmd = list; cmd != NULL; cmd = p) {
		if ((p = strchr(cmd, ':')) != NULL)
			*p++ = '\0';
		cmds = xreallocarray(cmds, ncmds + 1, sizeof *cmds);
		if ((cmds[ncmds] = browser_argv(cmd, url)) != NULL)
			ncmds++;
	}
	free(list);
	def_prog_mode();
	endwin();
	fflush(stdout);
	if ((pid = fork()) == -1)
		tui_error(tui, _("cannot run the browser: %s"),
		    strerror(errno));
	else if (pid == 0) {
		signals_set(0);
		signal(SIGPIPE, SIG_DFL);
		for (i = 0; i < ncmds; i++)
			execvp(cmds[i][0], cmds[i]);
		_exit(127);
	} else {
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			tui_error(tui, "%s", _("cannot run the browser in "
			    "$BROWSER"));
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			tui_error(tui, "%s", _("the browser failed"));
		else
			tui_message(tui, "%s", _("opened in the browser"));
	}
	for (i = 0; i < ncmds; i++)
		util_strv_free(&cmds[i]);
	free(cmds);
	reset_prog_mode();
	clearok(curscr, TRUE);
	tui->dirty = 1;
}

/* The place in the lists, kept across restarts in a small file. */
static void
state_load(struct tui *tui)
{
	char *line = NULL, *p;
	size_t cap = 0;
	long long n;
	FILE *f;

	if ((f = fopen(tui->state_file, "r")) == NULL)
		return;
	while (getline(&line, &cap, f) != -1) {
		line[strcspn(line, "\n")] = '\0';
		if ((p = strchr(line, ' ')) == NULL)
			continue;
		*p++ = '\0';
		if (strcmp(line, "source") == 0) {
			free(tui->state_source);
			tui->state_source = xstrdup(p);
		} else if (strcmp(line, "article") == 0 &&
		    util_parse_int(p, 0, INT64_MAX, &n) == 0)
			tui->state_article = n;
		else if (strcmp(line, "groups") == 0)
			tui->groups = strcmp(p, "1") == 0;
	}
	free(line);
	fclose(f);
}

static void
state_save(struct tui *tui)
{
	struct tui_view *v;
	char *tmp;
	int depth = 0;
	FILE *f;

	for (v = tui->view; v != NULL; v = v->prev)
		if (v->ops->kind & (TUI_ARTICLES|TUI_READER))
			depth++;
	tmp = xasprintf("%s.tmp", tui->state_file);
	if ((f = fopen(tmp, "w")) != NULL) {
		if (tui->state_source != NULL)
			fprintf(f, "source %s\n", tui->state_source);
		fprintf(f, "article %lld\n", (long long)tui->state_article);
		fprintf(f, "depth %d\n", depth);
		fprintf(f, "groups %d\n", tui->groups);
		if (fclose(f) == 0)
			rename(tmp, tui->state_file);
	}
	free(tmp);
}

static int
state_depth(struct tui *tui)
{
	char *line = NULL;
	size_t cap = 0;
	long long n;
	int depth = 0;
	FILE *f;

	if ((f = fopen(tui->state_file, "r")) == NULL)
		return 0;
	while (getline(&line, &cap, f) != -1) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "depth ", 6) == 0 &&
		    util_parse_int(line + 6, 0, 2, &n) == 0)
			depth = n;
	}
	free(line);
	fclose(f);
	return depth;
}

static void
draw_status(struct tui *tui)
{
	struct refresh_progress p;
	char where[128], *s, *sync, *both;
	int y = LINES - 2, w;

	where[0] = '\0';
	if (tui->view->ops->where != NULL)
		tui->view->ops->where(tui->view, where, sizeof where);
	if (tui->refresh != NULL && refresh_pending(tui->refresh) > 0) {
		refresh_progress(tui->refresh, &p);
		s = xasprintf(_("Refreshing %u/%u sources, %u new, %u failed"),
		    p.done - tui->refresh_base_done,
		    p.total - tui->refresh_base_total,
		    p.new_articles - tui->refresh_base_new,
		    p.failed - tui->refresh_base_failed);
	} else
		s = xstrdup("");
	if (tui->sync != NULL) {
		/* TRANSLATORS: %s is a step: "logging in", "sending...". */
		sync = xasprintf(_("Syncing with the server: %s"),
		    tui->sync_progress != NULL ? tui->sync_progress : "");
		both = *s != '\0' ? xasprintf("%s; %s", s, sync) : sync;
		if (both != sync)
			free(sync);
		free(s);
		s = both;
	}
	w = text_width(where);
	if (w > COLS / 2)
		w = COLS / 2;
	tui_put(y, 0, s, COLS - w - 1, TUI_C_STATUS);
	tui_put(y, COLS - w - 1, where, w + 1, TUI_C_STATUS);
	free(s);
}

static void
draw(struct tui *tui)
{
	struct tui_view *v = tui->view;
	char *title, *help;

	erase();
	help = tui_keys_for(v->ops->kind, TUI_HELP_VIEW);
	title = xasprintf("pundit: %s", v->title);
	tui_put(0, 0, title, COLS, TUI_C_TITLE);
	if (help != NULL && COLS > 40) {
		free(title);
		/* TRANSLATORS: %s is a key, as in "?: help". */
		title = xasprintf(_("%s: help"), help);
		tui_put(0, COLS - text_width(title) - 1, title,
		    text_width(title), TUI_C_TITLE);
	}
	free(help);
	free(title);
	if (tui->height > 0)
		v->ops->draw(v, 1, tui->height);
	draw_status(tui);
	if (tui->prompt_done != NULL)
		tui_prompt_draw(tui);
	else {
		tui_put(LINES - 1, 0, tui->message != NULL ? tui->message : "",
		    COLS, tui->message_error ? TUI_C_ERROR : TUI_C_MESSAGE);
		curs_set(0);
	}
	refresh();
	tui->dirty = 0;
}

static void
layout(struct tui *tui)
{
	struct tui_view *v;

	tui->width = COLS;
	tui->height = LINES - 3;
	if (tui->height < 0)
		tui->height = 0;
	for (v = tui->view; v != NULL; v = v->prev)
		if (v->ops->resize != NULL)
			v->ops->resize(v);
	tui->dirty = 1;
}

static void
resize(struct tui *tui)
{
	struct winsize ws;

	sig_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	layout(tui);
}

static void
suspend(struct tui *tui)
{
	sig_tstp = 0;
	def_prog_mode();
	endwin();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* Stopped here; "fg" carries on. */
	signals_set(1);
	reset_prog_mode();
	resize(tui);
}

static void
reload(struct tui *tui)
{
	struct tui_view *v;

	tui->data_changed = 0;
	for (v = tui->view; v != NULL; v = v->prev)
		if (v->ops->reload != NULL)
			v->ops->reload(v);
	tui->dirty = 1;
	tui->idle = 1;
}

/*
 * The wheel moves three lines; a click selects the entry under it, and
 * a click on the selected entry opens it (so a double click opens too).
 */
static void
mouse(struct tui *tui)
{
	struct tui_view *v = tui->view;
	MEVENT ev;
	long i;

	if (getmouse(&ev) != OK || tui->prompt_done != NULL)
		return;
	tui->dirty = 1;
	if (ev.bstate & BUTTON4_PRESSED)
		v->ops->key(v, TUI_UP, 3);
	else if (ev.bstate & BUTTON5_PRESSED)
		v->ops->key(v, TUI_DOWN, 3);
	else if ((ev.bstate & (BUTTON1_PRESSED|BUTTON1_CLICKED)) &&
	    v->menu != NULL && ev.y >= 1 && ev.y <= tui->height) {
		i = v->menu->top + (ev.y - 1) / (v->item_rows > 0 ?
		    v->item_rows : 1);
		if (i >= v->menu->n)
			return;
		free(tui->message);
		tui->message = NULL;
		if (i == v->menu->sel)
			v->ops->key(v, TUI_OPEN, 0);
		else	/* "Go to line i + 1": the view keeps its place. */
			v->ops->key(v, TUI_TOP, (int)(i + 1));
	} else if ((ev.bstate & (BUTTON1_PRESSED|BUTTON1_CLICKED)) &&
	    v->menu == NULL && v->ops->click != NULL && ev.y >= 1 &&
	    ev.y <= tui->height) {
		free(tui->message);
		tui->message = NULL;
		v->ops->click(v, ev.y, ev.x);
	}
}

static void
handle_key(struct tui *tui, int key, int *count)
{
	struct tui_view *v = tui->view;
	enum tui_action a;
	int c;

	if (key == (TUI_KEYFN | KEY_MOUSE)) {
		mouse(tui);
		return;
	}
	if (tui->prompt_done != NULL) {
		tui_prompt_key(tui, key);
		tui->dirty = 1;
		return;
	}
	if (key == (TUI_KEYFN | KEY_RESIZE)) {
		/* Curses has the new size already (resizeterm says so). */
		layout(tui);
		return;
	}
	free(tui->message);
	tui->message = NULL;
	tui->dirty = 1;
	tui->idle = 1;
	a = tui_keys_lookup(v->ops->kind, key);
	if (a == TUI_NONE) {
		if (key >= '0' && key <= '9' && *count < 100000) {
			*count = *count * 10 + (key - '0');
			tui_message(tui, "%d", *count);
		} else {
			*count = 0;
			c = tui_action_views(TUI_HELP_VIEW) & v->ops->kind;
			tui_message(tui, "%s", c ? _("that key does nothing "
			    "here; ? lists the keys") : _("that key does "
			    "nothing here"));
		}
		return;
	}
	c = *count;
	*count = 0;
	switch (a) {
	case TUI_QUIT:
		tui_pop(tui);
		break;
	case TUI_HELP_VIEW:
		tui_push(tui, tui_help_new(tui, v->ops->kind, v->ops->name));
		break;
	case TUI_ERRORS_VIEW:
		tui_push(tui, tui_errors_new(tui));
		break;
	case TUI_REDRAW:
		clearok(curscr, TRUE);
		break;
	case TUI_REFRESH_ALL:
		refresh_all(tui);
		break;
	default:
		v->ops->key(v, a, c);
		break;
	}
}

static void
wait_input(struct tui *tui)
{
	struct refresh_progress p;
	struct tui_view *v = tui->view;
	struct pollfd pfd[2];
	int fds[2], timeout = 100, idle_ms = 500;
	char *msg;
	size_t nfds = 1;
	unsigned n;

	pfd[0].fd = fds[0] = STDIN_FILENO;
	pfd[0].events = POLLIN;
	/* A sync's pipe beside the keys; ended, it is reaped soon. */
	if (tui->sync != NULL) {
		if ((fds[1] = sync_child_fd(tui->sync)) != -1) {
			pfd[1].fd = fds[1];
			pfd[1].events = POLLIN;
			nfds = 2;
		} else
			timeout = idle_ms = 20;
	}
	/* Work left for later (counts) goes on only while no key waits. */
	if (tui->idle) {
		if (poll(pfd, 1, 0) != 0)
			return;
		tui->idle = v->ops->idle != NULL && v->ops->idle(v);
		timeout = 0;
	}
	if (tui->refresh != NULL && refresh_pending(tui->refresh) > 0) {
		refresh_poll_fds(tui->refresh, timeout, fds, nfds);
		/* The last source in: counts may need the final reload. */
		if (refresh_pending(tui->refresh) == 0) {
			refresh_progress(tui->refresh, &p);
			n = p.total - tui->refresh_base_total;
			msg = xasprintf(P_("refreshed %u source: %u new "
			    "articles, %u failed (E lists errors)",
			    "refreshed %u sources: %u new articles, %u "
			    "failed (E lists errors)", n), n,
			    p.new_articles - tui->refresh_base_new,
			    p.failed - tui->refresh_base_failed);
			tui_summary(tui, 0, msg, tui->sync != NULL);
			free(msg);
		}
		return;
	}
	if (timeout > 0)
		poll(pfd, nfds, idle_ms);
}

static void
loop(struct tui *tui)
{
	struct timespec now;
	time_t last_reload = 0;
	int key, count = 0;

	while (tui->running && !sig_quit) {
		if (sig_tstp)
			suspend(tui);
		if (sig_winch)
			resize(tui);
		if (tui->data_changed) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec != last_reload ||
			    tui->refresh == NULL ||
			    refresh_pending(tui->refresh) == 0) {
				reload(tui);
				last_reload = now.tv_sec;
			}
		}
		if (tui->dirty)
			draw(tui);
		wait_input(tui);
		tui_sync_poll(tui);
		while (tui->running && !sig_quit && !sig_winch &&
		    (key = tui_keys_read()) != -1)
			handle_key(tui, key, &count);
	}
}

int
tui_run(struct store *store, struct conf *conf, const struct paths *paths,
    const char *self, char **cause)
{
	struct tui tui;
	struct tui_view *v;
	SCREEN *screen;
	int depth, sig;

	memset(&tui, 0, sizeof tui);
	tui.store = store;
	tui.conf = conf;
	tui.paths = paths;
	tui.self = self;
	tui.state_file = xasprintf("%s/tui-state", paths->data_dir);
	state_load(&tui);
	depth = state_depth(&tui);

	/* Ours before curses starts, so that it installs none of its own. */
	sig_winch = sig_quit = sig_tstp = 0;
	signals_set(1);
	if ((screen = newterm(NULL, stdout, stdin)) == NULL) {
		signals_set(0);
		free(tui.state_file);
		free(tui.state_source);
		return set_cause(cause, _("cannot set up the terminal "
		    "(TERM=%s)"), getenv("TERM") != NULL ? getenv("TERM") :
		    "");
	}
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (conf_get_bool(conf, "mouse")) {
		/* Presses, not clicks: no wait to tell one from the other. */
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		    NULL);
	}
	tui_color_init(&tui);
	tui_keys_init(&tui);
	tui.running = 1;
	layout(&tui);
	tui_push(&tui, tui_sources_new(&tui));
	/* Back where the last session ended: the list, then the reader. */
	if (depth >= 1)
		tui.view->ops->key(tui.view, TUI_OPEN, 0);
	if (depth >= 2 && tui.view->ops->kind == TUI_ARTICLES)
		tui.view->ops->key(tui.view, TUI_OPEN, 0);
	loop(&tui);

	state_save(&tui);
	while ((v = tui.view) != NULL) {
		tui.view = v->prev;
		view_free(v);
	}
	refresh_free(&tui.refresh);
	tui_prompt_free(&tui);
	erase();
	refresh();
	endwin();
	delscreen(screen);
	/* The terminal is back; a sync still running is stopped, reaped. */
	tui_sync_stop(&tui);
	free(tui.summary);
	signals_set(0);
	tui_keys_free();
	util_strv_free(&tui.problems);
	free(tui.message);
	free(tui.state_file);
	free(tui.state_source);
	sig = sig_quit;
	sig_quit = 0;
	return sig;
}
