/* t_util.c - allocation helpers, causes, integers, dates, string arrays. */
#include "config.h"

#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

int
main(void)
{
	char *s, *cause = NULL, **v = NULL, tmpl[] = "/tmp/t_util.XXXXXX";
	char date[32], *dir;
	long long n;
	struct stat sb;

	s = xasprintf("%s-%d", "a", 42);
	is_str(s, "a-42", "xasprintf formats");
	free(s);
	s = xstrndup("abcdef", 3);
	is_str(s, "abc", "xstrndup cuts");
	free(s);
	s = xstrndup("ab", 10);
	is_str(s, "ab", "xstrndup of a shorter string");
	free(s);

	is_int(set_cause(&cause, "cannot %s %d", "open", 7), -1,
	    "set_cause returns -1");
	is_str(cause, "cannot open 7", "set_cause fills the cause");
	free(cause);
	is_int(set_cause(NULL, "ignored"), -1, "set_cause with NULL cause");

	ok(util_parse_int("42", 0, 100, &n) == 0 && n == 42, "parse 42");
	ok(util_parse_int("101", 0, 100, &n) == -1, "out of range");
	ok(util_parse_int("4x", 0, 100, &n) == -1, "trailing garbage");
	ok(util_parse_int("", 0, 100, &n) == -1, "empty string");
	ok(util_parse_int("99999999999999999999", 0, INT64_MAX, &n) == -1,
	    "overflow");
	ok(util_parse_int("-3", -5, 5, &n) == 0 && n == -3, "negative");

	util_rfc3339(0, date, sizeof date);
	is_str(date, "1970-01-01T00:00:00Z", "RFC 3339 of the epoch");
	util_rfc3339(1700000000, date, sizeof date);
	is_str(date, "2023-11-14T22:13:20Z", "RFC 3339 of 1700000000");

	is_int(util_strv_len(v), 0, "NULL array is empty");
	util_strv_add(&v, "x");
	util_strv_add(&v, "中文");
	is_int(util_strv_len(v), 2, "two strings added");
	is_str(v[1], "中文", "second string kept");
	ok(v[2] == NULL, "array NULL-terminated");
	util_strv_free(&v);
	ok(v == NULL, "strv_free clears the pointer");

	ok(mkdtemp(tmpl) != NULL, "temporary directory");
	dir = xasprintf("%s/a/b/c", tmpl);
	is_int(util_mkdirs(dir, &cause), 0, "mkdirs creates parents");
	ok(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode), "directory exists");
	is_int(util_mkdirs(dir, &cause), 0, "mkdirs of an existing directory");
	free(dir);
	dir = xasprintf("%s/file", tmpl);
	close(open(dir, O_CREAT | O_WRONLY, 0600));
	s = xasprintf("%s/sub", dir);
	is_int(util_mkdirs(s, &cause), -1, "mkdirs below a file fails");
	ok(cause != NULL && strstr(cause, "file") != NULL,
	    "the cause names the path: %s", cause ? cause : "");
	free(cause);
	free(s);
	free(dir);
	s = xasprintf("rm -rf -- '%s'", tmpl);
	if (system(s) != 0)
		diag("cannot remove %s", tmpl);
	free(s);
	return done_testing();
}
