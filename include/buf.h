/* buf.h - a growable byte buffer, always NUL-terminated. */
#ifndef PUNDIT_BUF_H
#define PUNDIT_BUF_H

#include <stddef.h>

#include "util.h"

struct buf {
	char	*data;	/* NUL-terminated; NULL until something is added */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for more bytes to be added without another allocation. */
void	buf_reserve(struct buf *, size_t);
void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addc(struct buf *, char);
void	buf_addf(struct buf *, const char *, ...) PRINTFLIKE(2, 3);
void	buf_reset(struct buf *);
/* Give the data to the caller (never NULL: "" when empty); buf is reset. */
char   *buf_detach(struct buf *);
void	buf_free(struct buf *);
/* Data as a string, "" when nothing was added. */
const char *buf_str(const struct buf *);

#endif
