/* date.h - dates as feeds and pages write them, to UTC. */
#ifndef PUNDIT_DATE_H
#define PUNDIT_DATE_H

#include <time.h>

/*
 * Parse a date: RFC 822/1123 and their common broken variants, RFC 3339
 * and ISO 8601 (with or without zone; no zone means UTC), and common
 * Chinese forms ("2023年3月26日 10:00", "2023-3-26 10:00", "2023/03/26").
 * A date without a zone is UTC, except the forms written with 年月日,
 * which are China time (UTC+8). Returns 0 and sets
 * *out (seconds since the epoch, UTC), or -1 when s is not a date.
 */
int	date_parse(const char *s, time_t *out);

#endif
