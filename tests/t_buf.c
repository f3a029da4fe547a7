/* t_buf.c - the growable buffer. */
#include "config.h"

#include <stdlib.h>

#include "buf.h"
#include "tap.h"

int
main(void)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	is_str(buf_str(&b), "", "an empty buffer reads as \"\"");
	buf_adds(&b, "abc");
	buf_addc(&b, 'd');
	buf_addf(&b, "%d%s", 12, "中");
	is_str(buf_str(&b), "abcd12中", "adds, addc and addf append");
	is_int(b.len, 9, "length counts bytes");
	buf_add(&b, "x\0y", 3);
	is_int(b.len, 12, "binary data with NUL");
	ok(b.data[b.len] == '\0', "always NUL-terminated");
	buf_reset(&b);
	is_str(buf_str(&b), "", "reset empties");
	for (i = 0; i < 100000; i++)
		buf_addc(&b, 'a' + i % 26);
	is_int(b.len, 100000, "grows to 100000 bytes");
	ok(b.data[99999] == 'a' + 99999 % 26, "content kept while growing");
	s = buf_detach(&b);
	ok(b.data == NULL && b.len == 0, "detach resets the buffer");
	is_int(strlen(s), 100000, "detached string whole");
	free(s);
	s = buf_detach(&b);
	is_str(s, "", "detach of an empty buffer gives \"\"");
	free(s);
	buf_free(&b);
	/* Room made and nothing added still reads as "" (found by
	   fuzz_feed: a title of "<!DOCTYPE ~" alone). */
	buf_reserve(&b, 100);
	s = buf_detach(&b);
	is_str(s, "", "reserve, then detach, gives \"\"");
	free(s);
	return done_testing();
}
