/* sync-child.c - a sync run as `pundit sync --progress`, read unblocked. */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "sync.h"
#include "util.h"

/* A child that writes more than this without a newline is cut. */
#define SYNC_LINE_MAX	8192
/* Read at most this much a turn, so that the terminal gets its turn. */
#define SYNC_READ_MAX	65536
/* After SIGTERM, how long a child has to end before SIGKILL. */
#define SYNC_KILL_WAIT_MS 2000

struct sync_child {
	pid_t			 pid;
	int			 fd;		/* -1 after EOF */
	int			 reaped;
	int			 status;	/* as waitpid gives it */
	struct buf		 in;		/* a line not ended yet */
	int			 have_result;
	int			 ok;
	struct sync_result	 res;
	char			*error;		/* its "error" line */
	char			*other;		/* last line of anything else */
};

/* ------------------------------------------------------------ the lines */

static void
add_line(struct buf *b, const char *word, const char *text)
{
	const char *p;

	buf_adds(b, word);
	buf_addc(b, ' ');
	for (p = text; *p != '\0'; p++)
		buf_addc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	buf_addc(b, '\n');
}

void
sync_line_progress(struct buf *b, const char *msg)
{
	add_line(b, "progress", msg);
}

void
sync_line_result(struct buf *b, const struct sync_result *r,
    const char *error)
{
	if (error != NULL)
		add_line(b, "error", error);
	buf_addf(b, "result ok=%d unchanged=%d requests=%u bytes=%zu "
	    "seconds=%.3f feeds=%u new_feeds=%u new_articles=%u "
	    "updated_articles=%u flags=%u sent=%u waiting=%u\n",
	    error == NULL, r->unchanged, r->requests, r->bytes, r->seconds,
	    r->feeds, r->new_feeds, r->new_articles, r->updated_articles,
	    r->flags, r->sent, r->waiting);
}

/* "result NAME=VALUE...": unknown names are skipped, for later fields. */
static void
parse_result(struct sync_child *c, const char *s)
{
	struct sync_result *r = &c->res;
	const struct {
		const char	*name;
		unsigned	*value;
	} fields[] = {
		{ "requests", &r->requests },
		{ "feeds", &r->feeds },
		{ "new_feeds", &r->new_feeds },
		{ "new_articles", &r->new_articles },
		{ "updated_articles", &r->updated_articles },
		{ "flags", &r->flags },
		{ "sent", &r->sent },
		{ "waiting", &r->waiting },
	};
	char *copy, *word, *next, *eq;
	long long n;
	size_t i;

	memset(r, 0, sizeof *r);
	c->ok = 0;
	copy = xstrdup(s);
	for (word = copy; word != NULL; word = next) {
		if ((next = strchr(word, ' ')) != NULL)
			*next++ = '\0';
		if ((eq = strchr(word, '=')) == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(word, "seconds") == 0) {
			r->seconds = strtod(eq, NULL);
			continue;
		}
		if (util_parse_int(eq, 0, UINT32_MAX, &n) == -1)
			continue;
		if (strcmp(word, "ok") == 0)
			c->ok = n != 0;
		else if (strcmp(word, "unchanged") == 0)
			r->unchanged = n != 0;
		else if (strcmp(word, "bytes") == 0)
			r->bytes = (size_t)n;
		for (i = 0; i < NITEMS(fields); i++)
			if (strcmp(word, fields[i].name) == 0)
				*fields[i].value = (unsigned)n;
	}
	free(copy);
	c->have_result = 1;
}

static void
line(struct sync_child *c, const char *s,
    void (*progress)(const char *, void *), void *arg)
{
	if (strncmp(s, "progress ", 9) == 0) {
		if (progress != NULL)
			progress(s + 9, arg);
	} else if (strncmp(s, "error ", 6) == 0) {
		free(c->error);
		c->error = xstrdup(s + 6);
	} else if (strncmp(s, "result ", 7) == 0)
		parse_result(c, s + 7);
	else if (*s != '\0') {
		/* Its stderr: "pundit: cannot open the cache..." */
		if (strncmp(s, "pundit: ", 8) == 0)
			s += 8;
		free(c->other);
		c->other = xstrdup(s);
	}
}

/* ------------------------------------------------------------ the child */

struct sync_child *
sync_child_start(const char *program, const char *config_file,
    const char *data_dir, char **cause)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
	    SIGTSTP, SIGWINCH, SIGPIPE, SIGCHLD };
	struct sync_child *c;
	char *argv[] = { (char *)"pundit", (char *)"-c", NULL, (char *)"-d",
	    NULL, (char *)"sync", (char *)"--progress", NULL };
	sigset_t none;
	long fd, max;
	int fds[2], devnull;
	size_t i;
	pid_t pid;

	argv[2] = (char *)config_file;
	argv[4] = (char *)data_dir;
	if (pipe2(fds, O_CLOEXEC) == -1) {
		set_cause(cause, _("cannot start the sync: %s"),
		    strerror(errno));
		return NULL;
	}
	if ((pid = fork()) == -1) {
		set_cause(cause, _("cannot start the sync: %s"),
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		/* The caller's handlers and mask are not the child's. */
		for (i = 0; i < NITEMS(sigs); i++)
			signal(sigs[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if ((devnull = open("/dev/null", O_RDONLY)) != -1) {
			dup2(devnull, STDIN_FILENO);
			if (devnull != STDIN_FILENO)
				close(devnull);
		}
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		/* Not the caller's sockets, cache or terminal. */
		max = sysconf(_SC_OPEN_MAX);
		if (max < 0 || max > 65536)
			max = 65536;
		for (fd = 3; fd < max; fd++)
			close((int)fd);
		if (strchr(program, '/') != NULL)
			execv(program, argv);
		else
			execvp(program, argv);
		dprintf(STDERR_FILENO, "pundit: cannot run %s: %s\n", program,
		    strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	if (fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) ==
	    -1)
		fatal("fcntl: %s", strerror(errno));
	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->fd = fds[0];
	return c;
}

int
sync_child_fd(const struct sync_child *c)
{
	return c->fd;
}

static void
drain(struct sync_child *c, void (*progress)(const char *, void *),
    void *arg)
{
	char tmp[4096], *start, *nl;
	size_t total = 0, used;
	ssize_t n;

	while (c->fd != -1 && total < SYNC_READ_MAX) {
		n = read(c->fd, tmp, sizeof tmp);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			close(c->fd);
			c->fd = -1;
			break;
		}
		total += (size_t)n;
		buf_add(&c->in, tmp, (size_t)n);
		start = c->in.data;
		while ((nl = memchr(start, '\n', c->in.len -
		    (size_t)(start - c->in.data))) != NULL) {
			*nl = '\0';
			line(c, start, progress, arg);
			start = nl + 1;
		}
		used = (size_t)(start - c->in.data);
		if (used > 0) {
			memmove(c->in.data, start, c->in.len - used + 1);
			c->in.len -= used;
		}
		if (c->in.len > SYNC_LINE_MAX)
			buf_reset(&c->in);
	}
	/* A last line without its newline. */
	if (c->fd == -1 && c->in.len > 0) {
		line(c, buf_str(&c->in), progress, arg);
		buf_reset(&c->in);
	}
}

int
sync_child_read(struct sync_child *c, void (*progress)(const char *, void *),
    void *arg)
{
	pid_t r;

	drain(c, progress, arg);
	if (!c->reaped) {
		while ((r = waitpid(c->pid, &c->status, WNOHANG)) == -1 &&
		    errno == EINTR)
			;
		if (r == c->pid || (r == -1 && errno == ECHILD))
			c->reaped = 1;
	}
	/*
	 * Ended, but something it started (a password command) may hold
	 * the pipe: take what is there and stop reading.
	 */
	if (c->reaped && c->fd != -1) {
		drain(c, progress, arg);
		if (c->fd != -1) {
			close(c->fd);
			c->fd = -1;
			if (c->in.len > 0) {
				line(c, buf_str(&c->in), progress, arg);
				buf_reset(&c->in);
			}
		}
	}
	return c->reaped && c->fd == -1;
}

int
sync_child_result(const struct sync_child *c, struct sync_result *r,
    char **cause)
{
	memset(r, 0, sizeof *r);
	if (c->have_result) {
		*r = c->res;
		if (c->ok)
			return 0;
		return set_cause(cause, "%s", c->error != NULL ? c->error :
		    _("the sync failed"));
	}
	if (c->other != NULL)
		return set_cause(cause, "%s", c->other);
	if (WIFSIGNALED(c->status))
		return set_cause(cause, _("the sync was killed by signal %d"),
		    WTERMSIG(c->status));
	return set_cause(cause, _("the sync ended with exit status %d and "
	    "no result"), WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1);
}

void
sync_child_free(struct sync_child **cp)
{
	struct sync_child *c = *cp;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t r;
	int waited;

	if (c == NULL)
		return;
	if (c->fd != -1)
		close(c->fd);
	if (!c->reaped) {
		/* Safe at any point: changes leave the queue once confirmed. */
		kill(c->pid, SIGTERM);
		kill(c->pid, SIGCONT);
		for (waited = 0;; waited += 10) {
			r = waitpid(c->pid, &c->status, WNOHANG);
			if (r == c->pid || (r == -1 && errno != EINTR))
				break;
			if (waited == SYNC_KILL_WAIT_MS)
				kill(c->pid, SIGKILL);
			nanosleep(&ts, NULL);
		}
	}
	buf_free(&c->in);
	free(c->error);
	free(c->other);
	free(c);
	*cp = NULL;
}
