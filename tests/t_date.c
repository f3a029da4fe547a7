/* t_date.c - dates in feed and page formats, to UTC. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "tap.h"
#include "util.h"

/*
 * Expected values were computed independently with Python's
 * calendar.timegm, the offset subtracted by hand.
 */
static const struct {
	const char	*in;
	long long	 want;
} good[] = {
	{ "Sun, 26 Mar 2023 10:00:00 +0800", 1679796000LL },
	{ "Sun, 26 Mar 2023 10:00:00 GMT", 1679824800LL },
	{ "Sun, 26 Mar 2023 10:00:00 UT", 1679824800LL },
	{ "Sun, 26 Mar 2023 10:00:00 Z", 1679824800LL },
	{ "Sun, 26 Mar 2023 10:00:00 -0000", 1679824800LL },
	{ "Sun, 26 Mar 2023 10:00:00 EST", 1679842800LL },
	{ "Sun, 26 Mar 2023 10:00:00 EDT", 1679839200LL },
	{ "Sun, 26 Mar 2023 10:00:00 PST", 1679853600LL },
	{ "Sun, 26 Mar 2023 10:00:00 PDT", 1679850000LL },
	{ "Sun, 26 Mar 2023 10:00:00 CST", 1679846400LL },
	{ "Sun, 26 Mar 2023 10:00:00 -0500", 1679842800LL },
	{ "Sun, 26 Mar 2023 10:00:00 +0530", 1679805000LL },
	{ "26 Mar 2023 10:00:00 +0800", 1679796000LL },
	{ "Sun, 26 Mar 23 10:00:00 GMT", 1679824800LL },
	{ "Thu, 01 Jan 98 00:00:00 GMT", 883612800LL },
	{ "Mon, 6 Mar 2023 08:05:09 GMT", 1678089909LL },
	{ "Mon, 6 Mar 2023 8:05:09 GMT", 1678089909LL },
	{ "Sun, 26 Mar 2023 10:00 GMT", 1679824800LL },
	{ "Sun, 26 Mar 2023 10:00:00 GMT+8", 1679796000LL },
	{ "Sun, 26 Mar 2023 10:00:00 GMT+08:00", 1679796000LL },
	{ "Sun, 26 Mar 2023 10:00:00 UTC-0500", 1679842800LL },
	{ "Sun,, 26 Mar. 2023 10:00:00 GMT", 1679824800LL },
	{ "Sun., 26 Mar 2023 10:00:00 GMT.", 1679824800LL },
	{ "sun, 26 mar 2023 10:00:00 gmt", 1679824800LL },
	{ "SUN, 26 MAR 2023 10:00:00 GMT", 1679824800LL },
	{ "Sunday, 26 March 2023 10:00:00 GMT", 1679824800LL },
	{ "Tuesday, 5 September 2023 23:59:59 +0000", 1693958399LL },
	{ "Tue, 5 Sept 2023 23:59:59 +0000", 1693958399LL },
	{ "Mon, 27 Mar 2023 10:00:00 +0800 (CST)", 1679882400LL },
	{ "Mon, 27 Mar 2023 10:00:00 +0800 CST", 1679882400LL },
	{ "Sunday, 26-Mar-23 10:00:00 GMT", 1679824800LL },
	{ "Sun Mar 26 10:00:00 2023", 1679824800LL },
	{ "Sun Mar 26 2023 10:00:00 GMT+0800 (China Standard Time)",
	    1679796000LL },
	{ "Tue, 10 Jun 2003 04:00:00 GMT+0000 (Coordinated Universal Time)",
	    1055217600LL },
	{ "Sun, 26 Mar 2023 10:00:00 +0200 (Mitteleuropaeische Sommerzeit)",
	    1679817600LL },
	{ "Sun, 26 Mar 2023", 1679788800LL },
	{ "March 26, 2023", 1679788800LL },
	{ "Mar 26, 2023 3:04 PM", 1679843040LL },
	{ "Mar 26, 2023 12:30 AM EST", 1679808600LL },
	{ "Mar 26, 2023 12:30 pm", 1679833800LL },
	{ "Wed, 29 Feb 2024 12:00:00 GMT", 1709208000LL },
	{ "Thu, 23 Jan 2014 09:33:08 +0600", 1390447988LL },
	{ "Fri, 31 Dec 1999 23:59:60 GMT", 946684800LL },
	{ "Sat, 26 Mar 2023 24:00:00 GMT", 1679875200LL },
	{ "2023-03-26T10:00:00Z", 1679824800LL },
	{ "2023-03-26t10:00:00z", 1679824800LL },
	{ "2023-03-26T10:00:00.123Z", 1679824800LL },
	{ "2023-03-26T10:00:00.123456789+08:00", 1679796000LL },
	{ "2023-03-26T10:00:00,5Z", 1679824800LL },
	{ "2023-03-26T10:00:00+08:00", 1679796000LL },
	{ "2023-03-26T10:00:00+0800", 1679796000LL },
	{ "2023-03-26T10:00:00+08", 1679796000LL },
	{ "2023-03-26T10:00:00-05:00", 1679842800LL },
	{ "2023-03-26T10:00:00", 1679824800LL },
	{ "2023-03-26T10:00Z", 1679824800LL },
	{ "2023-03-26", 1679788800LL },
	{ "2023-03-26 10:00:00", 1679824800LL },
	{ "2023-03-26 10:00:00 +0800", 1679796000LL },
	{ "2023-03-26 10:00:00 UTC", 1679824800LL },
	{ "  2023-03-26T10:00:00Z  ", 1679824800LL },
	{ "1970-01-01T00:00:00Z", 0LL },
	{ "9999-12-31T23:59:59Z", 253402300799LL },
	{ "2000-02-29T12:00:00Z", 951825600LL },
	{ "2023年3月26日", 1679760000LL },
	{ "2023年03月26日 10:00", 1679796000LL },
	{ "2023年3月26日10:00:00", 1679796000LL },
	{ "2023年3月26日 10:00:00", 1679796000LL },
	{ "２０２３年３月２６日 １０：３０", 1679797800LL },
	{ "2023年3月26日 10时30分", 1679797800LL },
	{ "2023年3月26日 10時30分15秒", 1679797815LL },
	{ "2023年3月26日 星期日 10:00", 1679796000LL },
	{ "2023年3月26日 下午3:00", 1679814000LL },
	{ "2023年3月26日 上午11:15", 1679800500LL },
	{ "2023年3月26日 10:00 UTC", 1679824800LL },
	{ "2023年3月26号", 1679760000LL },
	{ "2023-3-26 10:00", 1679824800LL },
	{ "2023-3-6", 1678060800LL },
	{ "2023/03/26", 1679788800LL },
	{ "2023/3/26 9:05", 1679821500LL },
	{ "2020/1/10 14:33:00", 1578666780LL },
	{ "2023.03.26", 1679788800LL },
	{ "2023.03.26 10:00", 1679824800LL },
};

static const char *const bad[] = {
	"", " ", "yesterday", "now", "2023", "2023-03", "2023-13-01",
	"2023-00-10", "2023-02-30", "2023-02-29", "2100-02-29", "2023-04-31",
	"2023-03-00", "2023-03-32", "99999-01-01", "0000-00-00 00:00:00",
	"1969-12-31T23:59:59Z", "1970-01-01T00:00:00+01:00",
	"10000-01-01T00:00:00Z", "2023-03-26T25:00:00Z",
	"2023-03-26T24:00:01Z", "2023-03-26T10:60:00Z",
	"2023-03-26T10:00:61Z", "2023-03-26T10:0:00Z",
	"2023-03-26T10:00:00+15:00", "2023-03-26T10:00:00+08:61",
	"2023-03-26T10:00:00 Beijing", "2023-03-26T10:00:00Z garbage",
	"2023-03-26 2023-03-27", "Sun, 26 Mar 2023 10:00:00 GMT EST",
	"Sun, 32 Mar 2023 10:00:00 GMT", "Sun, 26 Foo 2023 10:00:00 GMT",
	"Sun, 26 Mar Apr 2023", "Sun, 26 Mar 2023 10:00:00 0800",
	"26 Mar 3", "26 Mar 123", "12/25/2023", "25/12/2023", "3月26日",
	"2023年3月", "2023年3月26日 10时", "13:00 PM Mar 26, 2023 AM",
	"Mar 26, 2023 13:00 AM", "Mar 26, 2023 0:30 AM", "10:00:00",
	"Mar 26 2023 PM", "2023-03-26T10:00:00Z[Asia/Shanghai]",
	"2023-03-26 10:00:00 +0800 +0900", "2023-03-26; DROP TABLE",
	"\xe4\xb8", "2023-03-26\xff", "2023年3月26日\xe4", "星期八",
	"2023-03-26 星期八", "Sunday", "GMT", "+0800", "a1b2c3",
	"12345678901234567890", "\x1b[31m2023-03-26", "NaN", "-1",
	"1679824800", "Sun, 26 Mar 2023 10:00:00 GMT Mitteleuropaeische",
};

int
main(void)
{
	struct buf	 b = BUF_INIT;
	time_t		 t;
	size_t		 i;
	char		*s;
	int		 r;

	for (i = 0; i < NITEMS(good); i++) {
		t = -42;
		r = date_parse(good[i].in, &t);
		ok(r == 0 && (long long)t == good[i].want, "date \"%s\"",
		    good[i].in);
		if (r != 0 || (long long)t != good[i].want)
			diag("got %d, %lld; want %lld", r, (long long)t,
			    good[i].want);
	}
	for (i = 0; i < NITEMS(bad); i++) {
		t = -42;
		r = date_parse(bad[i], &t);
		ok(r == -1 && t == -42, "not a date: \"%s\"", bad[i]);
	}
	ok(date_parse(NULL, &t) == -1, "NULL is not a date");

	/* Long input: a megabyte, and one just past the limit. */
	while (b.len < 1024 * 1024)
		buf_adds(&b, "2023-03-26T10:00:00Z ");
	ok(date_parse(b.data, &t) == -1, "a 1 MB string");
	buf_reset(&b);
	while (b.len < 1024 * 1024)
		buf_adds(&b, "２");
	ok(date_parse(b.data, &t) == -1, "a 1 MB string of wide digits");
	buf_free(&b);
	s = xmalloc(300);
	memset(s, ' ', 299);
	s[299] = '\0';
	memcpy(s + 250, "2023-03-26", 10);
	ok(date_parse(s, &t) == -1, "a date after 250 spaces is too long");
	memset(s, ' ', 299);
	memcpy(s, "2023-03-26", 10);
	s[200] = '\0';
	ok(date_parse(s, &t) == 0, "trailing spaces within the limit");
	free(s);

	/* Random strings of date pieces: whatever is accepted is sane. */
	{
		static const char *const piece[] = { "2023", "-", "03", ":",
		    "26", " ", "T", "Z", "+", "08", "00", "Mar", "Sun", ",",
		    "年", "月", "日", "(", ")", "GMT", "PM", ".", "9", "/",
		    "\xe4", "星期", "下午", "１" };
		unsigned int	seed = 1;
		int		sane = 1, n, k;

		for (k = 0; k < 20000; k++) {
			buf_reset(&b);
			for (n = 0; n < 12; n++) {
				seed = seed * 1103515245 + 12345;
				buf_adds(&b, piece[(seed >> 16) %
				    NITEMS(piece)]);
			}
			if (date_parse(b.data, &t) == 0 && (t < 0 ||
			    t > 253402300799LL + 86400))
				sane = 0;
		}
		buf_free(&b);
		ok(sane, "random strings of date pieces");
	}

	/* A multibyte character cut short by the end of the string. */
	s = xstrndup("2023年", 6);
	ok(date_parse(s, &t) == -1, "a character cut short");
	free(s);

	return (done_testing());
}
