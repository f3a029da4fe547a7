/* util.h - allocation that never fails, error causes, small helpers. */
#ifndef PUNDIT_UTIL_H
#define PUNDIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))
#define UNUSED __attribute__((unused))
#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) PRINTFLIKE(1, 2);
char *xvasprintf(const char *, va_list) PRINTFLIKE(1, 0);

/* Print "pundit: MESSAGE" and abort: only for broken invariants and OOM. */
void fatal(const char *, ...) PRINTFLIKE(1, 2) NORETURN;

/*
 * Fill *cause (when cause is not NULL) with a formatted message the caller
 * frees; always returns -1 so that "return set_cause(cause, ...)" reads well.
 */
int set_cause(char **cause, const char *, ...) PRINTFLIKE(2, 3);

/* Parse a whole decimal string into [min, max]; 0 on success, -1 if not. */
int util_parse_int(const char *, long long min, long long max, long long *out);

/* Format a UTC time as RFC 3339 ("2024-05-01T12:00:00Z") into buf. */
void util_rfc3339(time_t, char *buf, size_t len);

/* Free every string of a NULL-terminated array, then the array. */
void util_strv_free(char ***);
size_t util_strv_len(char *const *);
/* Append a copy of s to a NULL-terminated array (which may be NULL). */
void util_strv_add(char ***, const char *s);

/* The 32-bit FNV-1a hash of len bytes at s (for small hash tables). */
uint32_t util_hash(const char *s, size_t len);

/* Make a directory and its parents (mode 0700 for the ones created). */
int util_mkdirs(const char *path, char **cause);

#endif
