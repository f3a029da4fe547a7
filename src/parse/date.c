/* date.c - dates as feeds and pages write them, to UTC. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "text.h"
#include "util.h"

/* Longer input is not a date (and is not read further than this). */
#define DATE_MAX_INPUT	256
#define DATE_MAX_NORM	128
#define DATE_MAX_TOKENS	40

enum date_token_type {
	DATE_NUM,
	DATE_WORD,
	DATE_PUNCT,
};

struct date_token {
	enum date_token_type	 type;
	long			 value;		/* if ndigits <= 9 */
	int			 ndigits;
	char			 word[12];	/* DATE_WORD, lowercase */
	char			 c;		/* DATE_PUNCT */
};

struct date_parts {
	int	year, month, day;		/* 0: not seen */
	int	hour, min, sec, have_time;
	int	ampm;				/* 0, 'a' or 'p' */
	long	zone;				/* seconds east of UTC */
	int	have_zone;
	int	numeric_zone;	/* zone names after "+0800" are comments */
	int	cjk;		/* written with 年月日 */
};

static const struct {
	const char	*name;
	int		 month;
} date_months[] = {
	{ "jan", 1 }, { "january", 1 }, { "feb", 2 }, { "february", 2 },
	{ "mar", 3 }, { "march", 3 }, { "apr", 4 }, { "april", 4 },
	{ "may", 5 }, { "jun", 6 }, { "june", 6 }, { "jul", 7 },
	{ "july", 7 }, { "aug", 8 }, { "august", 8 }, { "sep", 9 },
	{ "sept", 9 }, { "september", 9 }, { "oct", 10 }, { "october", 10 },
	{ "nov", 11 }, { "november", 11 }, { "dec", 12 }, { "december", 12 },
};

static const char *const date_weekdays[] = {
	"mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday",
	"thu", "thur", "thurs", "thursday", "fri", "friday", "sat",
	"saturday", "sun", "sunday",
};

/*
 * Zone names, in minutes east of UTC: RFC 822's (where CST is US Central,
 * not China) and a few unambiguous others.
 */
static const struct {
	const char	*name;
	int		 minutes;
} date_zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
	{ "akst", -540 }, { "akdt", -480 }, { "hst", -600 },
	{ "wet", 0 }, { "west", 60 }, { "bst", 60 }, { "cet", 60 },
	{ "cest", 120 }, { "met", 60 }, { "mest", 120 }, { "eet", 120 },
	{ "eest", 180 }, { "msk", 180 }, { "hkt", 480 }, { "sgt", 480 },
	{ "awst", 480 }, { "jst", 540 }, { "kst", 540 }, { "aest", 600 },
	{ "aedt", 660 }, { "nzst", 720 }, { "nzdt", 780 },
};

/* Chinese words: the weekday ("星期日", "周一") is dropped after its marker. */
static const struct {
	const char	*word;
	const char	*ascii;		/* what it becomes; NULL: a weekday */
} date_cjk_words[] = {
	{ "星期", NULL }, { "礼拜", NULL }, { "禮拜", NULL }, { "周", NULL },
	{ "週", NULL }, { "上午", " am " }, { "凌晨", " am " },
	{ "早上", " am " }, { "下午", " pm " }, { "晚上", " pm " },
	{ "中午", " pm " },
};

static const char date_cjk_weekday_names[] = "一二三四五六日天";

/* Whether s starts with a weekday name after 星期 or 周. */
static int
date_cjk_weekday(const char *s, size_t len)
{
	const char *w = date_cjk_weekday_names;

	if (len < 3)
		return (0);
	for (; *w != '\0'; w += 3) {
		if (memcmp(s, w, 3) == 0)
			return (1);
	}
	return (0);
}

/* An ASCII or full-width digit. */
static int
date_is_digit(uint32_t cp)
{
	return ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19));
}

/*
 * What a non-ASCII character becomes in the ASCII form (one has room for
 * one character), or NULL when it has no place in a date.
 */
static const char *
date_wide(uint32_t cp, uint32_t next, struct date_parts *p, char *one)
{
	if (cp >= 0xff01 && cp <= 0xff5e) {	/* full-width ASCII */
		one[0] = (char)(cp - 0xfee0);
		if (one[0] >= 'A' && one[0] <= 'Z')
			one[0] = one[0] - 'A' + 'a';
		return (one);
	}
	switch (cp) {
	case 0x5e74:	/* 年 */
	case 0x6708:	/* 月 */
		p->cjk = 1;
		return ("-");
	case 0x65e5:	/* 日 */
	case 0x53f7:	/* 号 */
	case 0x865f:	/* 號 */
		p->cjk = 1;
		return (" ");
	case 0x65f6:	/* 时 */
	case 0x6642:	/* 時 */
	case 0x70b9:	/* 点 */
	case 0x9ede:	/* 點 */
		return (":");
	case 0x5206:	/* 分 */
		return (date_is_digit(next) ? ":" : " ");
	case 0x79d2:	/* 秒 */
	case 0x3000:	/* ideographic space */
	case 0xa0:	/* no-break space */
		return (" ");
	}
	return (NULL);
}

/*
 * Bring s to a small ASCII form: letters lowercased, full-width forms and
 * Chinese date words replaced ("2023年3月26日 10时" -> "2023-3-26 10:").
 * Returns -1 for anything else that is not ASCII.
 */
static int
date_normalise(const char *s, char *out, struct date_parts *p)
{
	size_t		 len = strnlen(s, DATE_MAX_INPUT + 1), i = 0, n, o = 0;
	size_t		 k, wl;
	uint32_t	 cp, next;
	const char	*add;
	char		 one[2] = { 0, 0 };
	unsigned char	 c;

	if (len > DATE_MAX_INPUT)
		return (-1);
	while (i < len) {
		c = (unsigned char)s[i];
		add = NULL;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				c = c - 'A' + 'a';
			if (c < 0x20 || c == 0x7f)
				c = ' ';
			one[0] = (char)c;
			add = one;
			i++;
		} else {
			for (k = 0; k < NITEMS(date_cjk_words); k++) {
				wl = strlen(date_cjk_words[k].word);
				if (len - i >= wl && memcmp(s + i,
				    date_cjk_words[k].word, wl) == 0)
					break;
			}
			if (k < NITEMS(date_cjk_words)) {
				i += wl;
				add = date_cjk_words[k].ascii;
				if (add == NULL) {
					if (!date_cjk_weekday(s + i, len - i))
						return (-1);
					i += 3;
					add = " ";
				}
			} else {
				n = text_utf8_decode(s + i, len - i, &cp);
				i += n;
				next = 0;
				if (i < len)
					text_utf8_decode(s + i, len - i, &next);
				if ((add = date_wide(cp, next, p, one)) == NULL)
					return (-1);
			}
		}
		if (*add == ' ' && add[1] == '\0' && o > 0 &&
		    out[o - 1] == ' ')
			continue;
		wl = strlen(add);
		if (o + wl >= DATE_MAX_NORM)
			return (-1);
		memcpy(out + o, add, wl);
		o += wl;
	}
	out[o] = '\0';
	return (0);
}

/* Split the normalised string into numbers, words and punctuation. */
static int
date_tokenise(const char *s, struct date_token *t, size_t *ntp)
{
	size_t	nt = 0, n;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (nt == DATE_MAX_TOKENS)
			return (-1);
		memset(&t[nt], 0, sizeof t[nt]);
		if (*s >= '0' && *s <= '9') {
			t[nt].type = DATE_NUM;
			for (; *s >= '0' && *s <= '9'; s++) {
				if (++t[nt].ndigits <= 9)
					t[nt].value = t[nt].value * 10 +
					    (*s - '0');
			}
		} else if (*s >= 'a' && *s <= 'z') {
			/* A word too long for the buffer is left empty: it
			   matches nothing, but may stand in a comment. */
			t[nt].type = DATE_WORD;
			for (n = 0; *s >= 'a' && *s <= 'z'; s++, n++) {
				if (n < sizeof t[nt].word - 1)
					t[nt].word[n] = *s;
			}
			if (n >= sizeof t[nt].word)
				t[nt].word[0] = '\0';
		} else {
			t[nt].type = DATE_PUNCT;
			t[nt].c = *s++;
		}
		nt++;
	}
	*ntp = nt;
	return (0);
}

static int
date_is(const struct date_token *t, size_t nt, size_t i,
    enum date_token_type type, char c)
{
	if (i >= nt || t[i].type != type)
		return (0);
	return (type != DATE_PUNCT || t[i].c == c);
}

/* A number of 1 to max digits at t[i]. */
static int
date_num(const struct date_token *t, size_t nt, size_t i, int max)
{
	return (i < nt && t[i].type == DATE_NUM && t[i].ndigits <= max);
}

/*
 * A time at t[*ip]: "10:00", "10:00:00", "10:00:00.123", "10:00:00,5".
 * Returns 0 and moves *ip past it, or -1.
 */
static int
date_time(const struct date_token *t, size_t nt, size_t *ip,
    struct date_parts *p)
{
	size_t i = *ip;

	if (p->have_time || !date_num(t, nt, i, 2) ||
	    !date_is(t, nt, i + 1, DATE_PUNCT, ':') ||
	    !date_num(t, nt, i + 2, 2) || t[i + 2].ndigits != 2)
		return (-1);
	p->hour = t[i].value;
	p->min = t[i + 2].value;
	p->sec = 0;
	i += 3;
	if (date_is(t, nt, i, DATE_PUNCT, ':') && date_num(t, nt, i + 1, 2) &&
	    t[i + 1].ndigits == 2) {
		p->sec = t[i + 1].value;
		i += 2;
		if ((date_is(t, nt, i, DATE_PUNCT, '.') ||
		    date_is(t, nt, i, DATE_PUNCT, ',')) &&
		    date_is(t, nt, i + 1, DATE_NUM, 0))
			i += 2;		/* fractions of a second */
	}
	p->have_time = 1;
	*ip = i;
	return (0);
}

/* A numeric zone at t[*ip] ("+0800", "+08:00", "+8", "-05"). */
static int
date_offset(const struct date_token *t, size_t nt, size_t *ip,
    struct date_parts *p)
{
	size_t	i = *ip;
	long	h, m = 0, sign;

	sign = t[i].c == '-' ? -1 : 1;
	i++;
	if (date_num(t, nt, i, 2)) {
		h = t[i].value;
		i++;
		if (date_is(t, nt, i, DATE_PUNCT, ':') &&
		    date_num(t, nt, i + 1, 2) && t[i + 1].ndigits == 2) {
			m = t[i + 1].value;
			i += 2;
		}
	} else if (date_num(t, nt, i, 4) && t[i].ndigits >= 3) {
		h = t[i].value / 100;
		m = t[i].value % 100;
		i++;
	} else
		return (-1);
	if (h > 14 || m > 59)
		return (-1);
	p->zone = sign * (h * 3600 + m * 60);
	p->have_zone = p->numeric_zone = 1;
	*ip = i;
	return (0);
}

/*
 * A word: a month, a weekday (ignored: feeds often get it wrong), a zone,
 * AM/PM or ISO 8601's "T". Returns 1 for a zone that can take an offset
 * ("GMT+8"), 0 for other words, -1 for anything else.
 */
static int
date_word(const char *w, struct date_parts *p)
{
	size_t i;

	for (i = 0; i < NITEMS(date_months); i++) {
		if (strcmp(w, date_months[i].name) == 0) {
			if (p->month != 0)
				return (-1);
			p->month = date_months[i].month;
			return (0);
		}
	}
	for (i = 0; i < NITEMS(date_weekdays); i++) {
		if (strcmp(w, date_weekdays[i]) == 0)
			return (0);
	}
	for (i = 0; i < NITEMS(date_zones); i++) {
		if (strcmp(w, date_zones[i].name) != 0)
			continue;
		if (p->numeric_zone)
			return (0);
		if (p->have_zone)
			return (-1);
		p->zone = date_zones[i].minutes * 60L;
		p->have_zone = 1;
		return (date_zones[i].minutes == 0);
	}
	if (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0) {
		if (p->ampm != 0)
			return (-1);
		p->ampm = w[0];
		return (0);
	}
	return (strcmp(w, "t") == 0 ? 0 : -1);
}

/* Whether t[i] starts a numeric zone: a sign and a number. */
static int
date_is_offset(const struct date_token *t, size_t nt, size_t i)
{
	return (i < nt && t[i].type == DATE_PUNCT && (t[i].c == '+' ||
	    t[i].c == '-') && date_num(t, nt, i + 1, 4));
}

/* A date of digits: "2023-03-26", "2023/3/26", "2023.03.26". */
static int
date_is_ymd(const struct date_token *t, size_t nt, size_t i)
{
	return (date_num(t, nt, i, 4) && t[i].ndigits == 4 &&
	    i + 4 < nt && t[i + 1].type == DATE_PUNCT &&
	    strchr("-/.", t[i + 1].c) != NULL && date_num(t, nt, i + 2, 2) &&
	    date_is(t, nt, i + 3, DATE_PUNCT, t[i + 1].c) &&
	    date_num(t, nt, i + 4, 2));
}

/* Walk the tokens and fill in the parts; -1 for what is not a date. */
static int
date_fields(const struct date_token *t, size_t nt, struct date_parts *p)
{
	size_t	i = 0, depth;
	int	r;

	while (i < nt) {
		if (p->year == 0 && p->month == 0 && p->day == 0 &&
		    date_is_ymd(t, nt, i)) {
			p->year = t[i].value;
			p->month = t[i + 2].value;
			p->day = t[i + 4].value;
			i += 5;
		} else if (date_num(t, nt, i, 2) &&
		    date_is(t, nt, i + 1, DATE_PUNCT, ':')) {
			if (date_time(t, nt, &i, p) == -1)
				return (-1);
		} else if (t[i].type == DATE_NUM) {
			if (t[i].ndigits == 4 && p->year == 0)
				p->year = t[i].value;
			else if (t[i].ndigits <= 2 && p->day == 0)
				p->day = t[i].value;
			else if (t[i].ndigits == 2 && p->year == 0 &&
			    p->month != 0)	/* RFC 822's "26 Mar 23" */
				p->year = t[i].value < 70 ? 2000 + t[i].value :
				    1900 + t[i].value;
			else
				return (-1);
			i++;
		} else if (t[i].type == DATE_WORD) {
			if ((r = date_word(t[i].word, p)) == -1)
				return (-1);
			i++;
			if (r == 1 && date_is_offset(t, nt, i)) {
				/* "GMT+8", "UTC+08:00", "GMT-0500" */
				if (date_offset(t, nt, &i, p) == -1)
					return (-1);
			}
		} else if (date_is_offset(t, nt, i) && p->have_time &&
		    !p->have_zone) {
			if (date_offset(t, nt, &i, p) == -1)
				return (-1);
		} else if (t[i].c == '(') {
			/* A comment: "(CST)", "(China Standard Time)". */
			for (depth = 0; i < nt; i++) {
				if (t[i].type != DATE_PUNCT)
					continue;
				if (t[i].c == '(')
					depth++;
				else if (t[i].c == ')' && --depth == 0)
					break;
			}
			i++;
		} else if (strchr(",.-/", t[i].c) != NULL)
			i++;
		else
			return (-1);
	}
	return (0);
}

static int
date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) ||
	    year % 400 == 0))
		return (29);
	return (days[month - 1]);
}

int
date_parse(const char *s, time_t *out)
{
	char			norm[DATE_MAX_NORM];
	struct date_token	t[DATE_MAX_TOKENS];
	struct date_parts	p;
	struct tm		tm;
	size_t			nt;
	time_t			when;

	if (s == NULL)
		return (-1);
	memset(&p, 0, sizeof p);
	if (date_normalise(s, norm, &p) == -1 ||
	    date_tokenise(norm, t, &nt) == -1 || date_fields(t, nt, &p) == -1)
		return (-1);

	if (p.year < 1970 || p.year > 9999 || p.month < 1 || p.month > 12 ||
	    p.day < 1 || p.day > date_days_in_month(p.year, p.month))
		return (-1);
	if (p.ampm != 0) {
		if (!p.have_time || p.hour < 1 || p.hour > 23 ||
		    (p.hour > 12 && p.ampm == 'a'))
			return (-1);
		if (p.hour <= 12)
			p.hour = p.hour % 12 + (p.ampm == 'p' ? 12 : 0);
	}
	if (p.hour > 24 || p.min > 59 || p.sec > 60 ||
	    (p.hour == 24 && (p.min != 0 || p.sec != 0)))
		return (-1);
	if (!p.have_zone && p.cjk)
		p.zone = 8 * 3600;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = p.year - 1900;
	tm.tm_mon = p.month - 1;
	tm.tm_mday = p.day;
	tm.tm_hour = p.hour;
	tm.tm_min = p.min;
	tm.tm_sec = p.sec;
	when = timegm(&tm);
	if (when == (time_t)-1)
		return (-1);
	when -= p.zone;
	if (when < 0)
		return (-1);
	*out = when;
	return (0);
}
