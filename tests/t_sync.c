/* t_sync.c - the lines of `pundit sync --progress` and the child reader. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sync.h"
#include "tap.h"

static char dir[] = "/tmp/t_sync.XXXXXX";

struct seen {
	char	**steps;
};

static void
progress(const char *msg, void *arg)
{
	struct seen *s = arg;

	util_strv_add(&s->steps, msg);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A program that stands for pundit: a shell script with this body. */
static char *
script(const char *name, const char *body)
{
	char *path;
	FILE *f;

	path = xasprintf("%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		fatal("%s: %s", path, strerror(errno));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0700);
	return path;
}

/* Run it to its end, polling as the interface does. */
static struct sync_child *
run(const char *program, struct seen *s, double *seconds)
{
	struct sync_child *c;
	struct pollfd pfd;
	char *cause = NULL;
	double t0 = now();

	c = sync_child_start(program, "/no/config", "/no/data", &cause);
	if (c == NULL)
		fatal("sync_child_start: %s", cause);
	while (sync_child_read(c, s != NULL ? progress : NULL, s) == 0) {
		pfd.fd = sync_child_fd(c);
		pfd.events = POLLIN;
		if (pfd.fd == -1)
			usleep(10000);
		else
			poll(&pfd, 1, 1000);
		if (now() - t0 > 20)
			fatal("the child never ended");
	}
	if (seconds != NULL)
		*seconds = now() - t0;
	return c;
}

static void
test_lines(void)
{
	struct sync_result r, got;
	struct sync_child *c;
	struct seen s = { NULL };
	struct buf b = BUF_INIT;
	char *prog, *body, *cause = NULL;
	FILE *f;
	char *file;

	memset(&r, 0, sizeof r);
	r.requests = 7;
	r.bytes = 123456;
	r.seconds = 1.5;
	r.feeds = 3;
	r.new_feeds = 1;
	r.new_articles = 42;
	r.updated_articles = 2;
	r.flags = 5;
	r.sent = 4;
	r.waiting = 1;
	sync_line_progress(&b, "logging in");
	sync_line_progress(&b, "two\nlines");
	sync_line_result(&b, &r, NULL);
	is_str(buf_str(&b), "progress logging in\nprogress two lines\n"
	    "result ok=1 unchanged=0 requests=7 bytes=123456 seconds=1.500 "
	    "feeds=3 new_feeds=1 new_articles=42 updated_articles=2 flags=5 "
	    "sent=4 waiting=1\n", "lines: one a step, a newline in one "
	    "made a space");
	/* The child prints them, and a field from a later version. */
	file = xasprintf("%s/lines", dir);
	if ((f = fopen(file, "w")) == NULL)
		fatal("%s", file);
	fputs(buf_str(&b), f);
	fclose(f);
	body = xasprintf("printf 'pundit: config:3: a bad line\\n' >&2\n"
	    "case \"$*\" in \"-c /no/config -d /no/data sync --progress\") ;;"
	    " *) echo \"pundit: args $*\" >&2; exit 2 ;; esac\n"
	    "sed 's/waiting=1/waiting=1 later=9/' %s", file);
	prog = script("ok", body);
	c = run(prog, &s, NULL);
	is_int(sync_child_result(c, &got, &cause), 0, "child: ok");
	is_int(got.new_articles, 42, "child: new articles");
	is_int(got.flags, 5, "child: flags from the server");
	is_int(got.sent, 4, "child: sent");
	is_int(got.waiting, 1, "child: waiting, a later field skipped");
	ok(got.bytes == 123456 && got.seconds > 1.49 && got.seconds < 1.51,
	    "child: bytes and seconds");
	ok(s.steps != NULL && util_strv_len(s.steps) == 2 &&
	    strcmp(s.steps[0], "logging in") == 0, "child: the steps heard");
	ok(sync_child_fd(c) == -1, "child: the pipe closed at the end");
	sync_child_free(&c);
	ok(c == NULL, "child: free clears the pointer");
	util_strv_free(&s.steps);
	free(prog);
	free(body);
	free(file);

	buf_reset(&b);
	r.waiting = 3;
	sync_line_result(&b, &r, "cannot reach the Tiny Tiny RSS server: x");
	body = xasprintf("printf '%%s' '%s'", buf_str(&b));
	prog = script("fail", body);
	c = run(prog, &s, NULL);
	is_int(sync_child_result(c, &got, &cause), -1, "failed: -1");
	is_str(cause, "cannot reach the Tiny Tiny RSS server: x",
	    "failed: its error is the cause");
	is_int(got.waiting, 3, "failed: what it reported is kept");
	free(cause);
	cause = NULL;
	sync_child_free(&c);
	free(prog);
	free(body);
	buf_free(&b);
}

static void
test_deaths(void)
{
	struct sync_result got;
	struct sync_child *c;
	char *prog, *cause = NULL;
	double t;

	prog = script("stderr", "echo 'pundit: cannot open cache x: locked' "
	    ">&2; exit 1");
	c = run(prog, NULL, NULL);
	is_int(sync_child_result(c, &got, &cause), -1, "no result: -1");
	is_str(cause, "cannot open cache x: locked", "no result: the last "
	    "line it printed, without pundit:");
	free(cause);
	cause = NULL;
	sync_child_free(&c);
	free(prog);

	prog = script("killed", "kill -9 $$");
	c = run(prog, NULL, NULL);
	is_int(sync_child_result(c, &got, &cause), -1, "killed: -1");
	is_str(cause, "the sync was killed by signal 9", "killed: says so");
	free(cause);
	cause = NULL;
	sync_child_free(&c);
	free(prog);

	/* It ends, but what it started holds the pipe: not waited for. */
	prog = script("holder", "echo 'progress one'; sleep 5 & "
	    "echo 'result ok=1 new_articles=1'; exit 0");
	c = run(prog, NULL, &t);
	ok(t < 3, "a grandchild holding the pipe: done when the child "
	    "ends (%.2f s)", t);
	is_int(sync_child_result(c, &got, &cause), 0, "holder: ok");
	sync_child_free(&c);
	free(prog);

	c = sync_child_start("/no/such/program", "a", "b", &cause);
	ok(c != NULL, "a program that cannot run starts a child");
	if (c != NULL) {
		while (sync_child_read(c, NULL, NULL) == 0)
			usleep(10000);
		is_int(sync_child_result(c, &got, &cause), -1, "and fails");
		ok(cause != NULL && strstr(cause, "cannot run /no/such/program")
		    != NULL, "naming the program (%s)", cause);
		free(cause);
		cause = NULL;
		sync_child_free(&c);
	}

	/* Freed while it runs: stopped and reaped at once. */
	prog = script("hang", "echo 'progress waiting'; exec sleep 30");
	c = sync_child_start(prog, "a", "b", &cause);
	usleep(100000);
	t = now();
	sync_child_free(&c);
	ok(now() - t < 1, "free: a running child is stopped (%.2f s)",
	    now() - t);
	ok(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
	    "free: no child left, no zombie");
	free(prog);
}

int
main(void)
{
	static const char *const files[] = { "lines", "ok", "fail", "stderr",
	    "killed", "holder", "hang" };
	char *path;
	size_t i;

	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp: %s", strerror(errno));
	test_lines();
	test_deaths();
	for (i = 0; i < NITEMS(files); i++) {
		path = xasprintf("%s/%s", dir, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	return done_testing();
}
