/* t_crash.c - durability: a writer killed at random never loses a commit. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "store.h"
#include "tap.h"
#include "util.h"

#define ITERATIONS	30
#define BATCH		500	/* articles per transaction */
#define BODY		2048	/* bytes of content per article */
#define PINNED		20	/* articles the writer keeps re-fetching */

/* What the writer tells the parent, one record per write(2). */
struct report {
	char	kind;		/* 'B' before BEGIN, 'C' after COMMIT */
	long	committed;	/* new articles committed by this writer */
};

static char *tmpdir;
static unsigned long long rng;

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static unsigned long long
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int
upsert(struct store *st, int64_t source_id, const char *guid,
    const char *title, const char *body, char **cause)
{
	struct article *a;
	int retval;

	a = article_new();
	a->source_id = source_id;
	a->guid = xstrdup(guid);
	a->title = xstrdup(title);
	a->content = xstrdup(body);
	a->published = 1700000000;
	retval = store_article_upsert(st, a, NULL, cause);
	article_free(&a);
	return retval;
}

static void
report(int fd, char kind, long committed)
{
	struct report r;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.committed = committed;
	if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(3);
}

/* The writer: batches of new articles until it is killed. */
static void NORETURN
writer(const char *path, int64_t source_id, int iteration, int fd)
{
	struct store *st;
	char *cause = NULL, guid[64], title[64], *body;
	long committed = 0;
	int batch, i;

	body = xmalloc(BODY + 1);
	for (i = 0; i < BODY; i++)
		body[i] = "abcdefghijklmnopqrstuvwxyz <p>\n"[i % 32];
	body[BODY] = '\0';
	if (store_open(path, &st, &cause) != 0) {
		fprintf(stderr, "writer: %s\n", cause);
		_exit(1);
	}
	for (batch = 0; ; batch++) {
		report(fd, 'B', committed);
		if (store_begin(st, &cause) != 0)
			goto fail;
		for (i = 0; i < BATCH; i++) {
			snprintf(guid, sizeof guid, "w%d-%d-%d", iteration,
			    batch, i);
			if (upsert(st, source_id, guid, guid, body,
			    &cause) != 0)
				goto fail;
		}
		/* A re-fetch of the pinned ones must not touch their flags. */
		for (i = 0; i < PINNED; i++) {
			snprintf(guid, sizeof guid, "pin-%d", i);
			snprintf(title, sizeof title, "pin %d, fetch %d.%d", i,
			    iteration, batch);
			if (upsert(st, source_id, guid, title, body,
			    &cause) != 0)
				goto fail;
		}
		if (store_commit(st, &cause) != 0)
			goto fail;
		committed += BATCH;
		report(fd, 'C', committed);
	}

fail:
	fprintf(stderr, "writer: %s\n", cause);
	_exit(1);
}

static long
count(struct store *st, int starred)
{
	struct store_filter f;
	char *cause = NULL;
	long n = -1;

	memset(&f, 0, sizeof f);
	f.starred = starred;
	if (store_article_count(st, &f, &n, &cause) != 0) {
		diag("count: %s", cause);
		free(cause);
	}
	return n;
}

/* Create the cache with a source and starred, pinned articles. */
static int
setup(const char *path, int64_t *source_id, int64_t *pinned)
{
	struct store *st;
	struct source *s;
	char *cause = NULL, guid[32];
	struct article *a;
	int i;

	if (store_open(path, &st, &cause) != 0) {
		diag("open: %s", cause);
		free(cause);
		return -1;
	}
	s = source_new("https://crash.example/feed");
	if (store_source_put(st, s, &cause) != 0)
		goto fail;
	*source_id = s->id;
	for (i = 0; i < PINNED; i++) {
		a = article_new();
		a->source_id = s->id;
		snprintf(guid, sizeof guid, "pin-%d", i);
		a->guid = xstrdup(guid);
		if (store_article_upsert(st, a, NULL, &cause) != 0) {
			article_free(&a);
			goto fail;
		}
		pinned[i] = a->id;
		article_free(&a);
	}
	/* Every other pinned article starts starred. */
	for (i = 0; i < PINNED; i += 2) {
		if (store_article_set_flag(st, pinned[i], STORE_FLAG_STARRED, 1,
		    &cause) != 0)
			goto fail;
	}
	source_free(&s);
	store_close(&st);
	return 0;

fail:
	diag("setup: %s", cause);
	free(cause);
	source_free(&s);
	store_close(&st);
	return -1;
}

/* Check the cache after a kill; star one more pinned article. */
static int
verify(const char *path, long base, long committed, long *now,
    const int64_t *pinned, int *starred)
{
	struct store *st;
	struct timespec t0, t1;
	char *cause = NULL;
	long n, stars;
	int good = 1;

	*now = base;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_open(path, &st, &cause) != 0) {
		diag("reopen: %s", cause);
		free(cause);
		return 0;
	}
	if (store_integrity_check(st, &cause) != 0) {
		diag("integrity: %s", cause);
		free(cause);
		cause = NULL;
		good = 0;
	}
	n = count(st, 0);
	if (n != base + committed && n != base + committed + BATCH) {
		diag("articles: %ld, committed before: %ld + %ld", n, base,
		    committed);
		good = 0;
	}
	*now = n;
	if ((stars = count(st, 1)) != *starred) {
		diag("starred: %ld, want %d", stars, *starred);
		good = 0;
	}
	if (*starred < PINNED &&
	    store_article_set_flag(st, pinned[2 * (*starred) % PINNED + 1],
	    STORE_FLAG_STARRED, 1, &cause) == 0)
		(*starred)++;
	else if (cause != NULL) {
		diag("star: %s", cause);
		free(cause);
		good = 0;
	}
	store_close(&st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (t1.tv_sec - t0.tv_sec > 5)
		diag("recovery took %lds", (long)(t1.tv_sec - t0.tv_sec));
	return good;
}

/* What the parent knows of the writer it watches. */
struct watch {
	long		 committed;	/* from the last 'C' */
	int		 commits;
	char		 last;		/* kind of the last report */
	struct timespec	 began;		/* when the last 'B' came */
	unsigned long	 batch_us;	/* how long a batch takes */
};

static unsigned long
since_us(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (unsigned long)((t1.tv_sec - t0->tv_sec) * 1000000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000);
}

/* Read one report within timeout_ms; 0 at the end or on timeout. */
static int
watch_read(int fd, struct watch *w, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct report r;
	size_t have = 0;
	ssize_t n;

	while (have < sizeof r) {
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return 0;
		n = read(fd, (char *)&r + have, sizeof r - have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		have += (size_t)n;
	}
	w->last = r.kind;
	if (r.kind == 'B')
		clock_gettime(CLOCK_MONOTONIC, &w->began);
	else {
		w->committed = r.committed;
		w->commits++;
		w->batch_us = since_us(&w->began);
	}
	return 1;
}

int
main(void)
{
	char template[] = "/tmp/pundit-crash-XXXXXX", *path, *s;
	int64_t source_id = 0, pinned[PINNED];
	long base, now, total_committed = 0;
	int i, k, fd[2], status, starred = PINNED / 2, mid = 0, before = 0;
	int good;
	struct timespec delay;
	struct watch w;
	unsigned long us, estimate = 300000;
	pid_t pid;

	if ((s = getenv("PUNDIT_CRASH_SEED")) != NULL)
		rng = strtoull(s, NULL, 10);
	else
		rng = (unsigned long long)time(NULL) ^
		    ((unsigned long long)getpid() << 16);
	if (rng == 0)
		rng = 1;
	diag("seed %llu (set PUNDIT_CRASH_SEED to repeat)", rng);

	if ((tmpdir = mkdtemp(template)) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	path = xasprintf("%s/pundit.db", tmpdir);
	if (!ok(setup(path, &source_id, pinned) == 0, "set up the cache")) {
		printf("Bail out! cannot set up %s\n", path);
		return 1;
	}
	base = PINNED;

	for (i = 0; i < ITERATIONS; i++) {
		if (pipe(fd) == -1) {
			printf("Bail out! pipe: %s\n", strerror(errno));
			return 1;
		}
		fflush(stdout);
		if ((pid = fork()) == -1) {
			printf("Bail out! fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid == 0) {
			close(fd[0]);
			writer(path, source_id, i, fd[1]);
		}
		close(fd[1]);
		memset(&w, 0, sizeof w);

		/*
		 * Now and then kill it at once; else let it commit 0 to 2
		 * batches, then kill it at a random point of the next one
		 * (or just after it, when the batch is quick).
		 */
		us = 0;
		if (next_random() % 8 != 0) {
			k = (int)(next_random() % 3);
			while (watch_read(fd[0], &w, 10000)) {
				if (w.batch_us != 0)
					estimate = w.batch_us;
				if (w.last == 'B' && w.commits >= k)
					break;
			}
			us = next_random() % (estimate + estimate / 4 + 1);
		}
		delay.tv_sec = us / 1000000;
		delay.tv_nsec = (long)(us % 1000000) * 1000;
		while (nanosleep(&delay, &delay) == -1 && errno == EINTR)
			;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		while (watch_read(fd[0], &w, 10000))
			;
		close(fd[0]);
		if (!WIFSIGNALED(status)) {
			diag("writer %d exited by itself (status %d)", i,
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		}
		if (w.last == 'B')
			mid++;
		else if (w.last == '\0')
			before++;

		good = verify(path, base, w.committed, &now, pinned, &starred);
		ok(good, "kill %d in %s: %ld articles, %ld committed", i,
		    w.last == 'B' ? "a transaction" : w.last == 'C' ?
		    "between transactions" : "startup", now,
		    base + w.committed);
		total_committed += now - base;
		base = now;
	}
	diag("%d kills: %d mid-transaction, %d before the first BEGIN; "
	    "%ld articles written, %ld in the cache", ITERATIONS, mid, before,
	    total_committed, base);

	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(path);
	return done_testing();
}
