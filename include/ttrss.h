/* ttrss.h - the Tiny Tiny RSS JSON API: requests and answers, no network. */
#ifndef PUNDIT_TTRSS_H
#define PUNDIT_TTRSS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* What an answer says, beyond "ok". */
enum ttrss_status {
	TTRSS_OK,
	TTRSS_NOT_LOGGED_IN,	/* the session expired: log in again */
	TTRSS_LOGIN_ERROR,	/* wrong user name or password */
	TTRSS_API_DISABLED,	/* the user has not enabled API access */
	TTRSS_ERROR,		/* another error the server reported */
	TTRSS_BAD_ANSWER,	/* not JSON, or not the expected shape */
};

/* updateArticle fields and modes. */
#define TTRSS_FIELD_STARRED	0
#define TTRSS_FIELD_UNREAD	2

/*
 * Request bodies (JSON, caller frees). The password goes only into the
 * login body; sid may be NULL (then the server answers NOT_LOGGED_IN).
 */
char   *ttrss_login_request(const char *user, const char *password);
char   *ttrss_op_request(const char *sid, const char *op);
/* getFeeds of every category (cat_id -3), nested ones included. */
char   *ttrss_feeds_request(const char *sid);
/*
 * getHeadlines of feed_id (-4: all articles) in view_mode ("all_articles",
 * "unread", "marked"), newer than since_id (0: any), limit (at most 200)
 * from skip, with their content or not (as the server has it: the
 * answer's parser sanitises it).
 */
char   *ttrss_headlines_request(const char *sid, int64_t feed_id,
	    const char *view_mode, int64_t since_id, long skip, long limit,
	    int content);
/* updateArticle: set field (TTRSS_FIELD_*) of the articles to mode 0/1. */
char   *ttrss_update_request(const char *sid, const int64_t *ids, size_t n,
	    int field, int mode);

/*
 * Answers. Each returns TTRSS_OK, or another status with a one-line cause
 * naming the problem (never quoting a password: answers hold none).
 */
enum ttrss_status ttrss_parse_login(const char *body, size_t len,
	    char **sid, char **cause);
/* An answer whose content does not matter (updateArticle, logout). */
enum ttrss_status ttrss_parse_status(const char *body, size_t len,
	    char **cause);

/* getCounters: per feed, its unread and starred articles on the server. */
struct ttrss_counter {
	int64_t		 feed_id;
	long		 unread;
	long		 starred;
};
struct ttrss_counters {
	struct ttrss_counter *feeds;	/* only feeds with articles */
	size_t		 nfeeds;
	long		 subscribed;	/* feeds in all, -1: not said */
	long		 unread;	/* in all, -1: not said */
};
enum ttrss_status ttrss_parse_counters(const char *body, size_t len,
	    struct ttrss_counters *, char **cause);
void	ttrss_counters_free(struct ttrss_counters *);

struct ttrss_category {
	int64_t		 id;
	char		*title;		/* plain text */
};
enum ttrss_status ttrss_parse_categories(const char *body, size_t len,
	    struct ttrss_category **, size_t *n, char **cause);
void	ttrss_categories_free(struct ttrss_category **, size_t n);

struct ttrss_feed {
	int64_t		 id;
	int64_t		 cat_id;	/* 0: uncategorised */
	char		*title;		/* plain text */
	char		*url;		/* of the feed */
};
enum ttrss_status ttrss_parse_feeds(const char *body, size_t len,
	    struct ttrss_feed **, size_t *n, char **cause);
void	ttrss_feeds_free(struct ttrss_feed **, size_t n);

struct ttrss_headline {
	int64_t		 id;
	int64_t		 feed_id;
	int		 unread;
	int		 starred;
	time_t		 updated;
	char		*title;		/* plain text */
	char		*link;
	char		*author;
	char		*content;	/* sanitised HTML, NULL when not asked */
	char		*language;
};
enum ttrss_status ttrss_parse_headlines(const char *body, size_t len,
	    struct ttrss_headline **, size_t *n, char **cause);
void	ttrss_headlines_free(struct ttrss_headline **, size_t n);

#endif
