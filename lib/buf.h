/*
 * buf.h - the one growable byte buffer.
 *
 * A dt_buf always holds a NUL-terminated string in `ptr` (which may also
 * contain NULs inside `size`). DT_BUF_INIT points at a shared empty string,
 * so an initialised buffer can be read without allocating. Out of memory
 * aborts (see common.h).
 */
#ifndef DT_BUF_H
#define DT_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct {
	char *ptr;
	size_t size;  /* bytes used, not counting the trailing NUL */
	size_t asize; /* bytes allocated; 0 while ptr is the shared empty string */
} dt_buf;

extern char dt_buf__empty[];
#define DT_BUF_INIT                                                                                \
	{                                                                                          \
		dt_buf__empty, 0, 0                                                                \
	}

void dt_buf_init(dt_buf *b);
void dt_buf_grow(dt_buf *b, size_t extra);
void dt_buf_put(dt_buf *b, const void *data, size_t len);
void dt_buf_puts(dt_buf *b, const char *s);
void dt_buf_putc(dt_buf *b, char c);
void dt_buf_printf(dt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dt_buf_vprintf(dt_buf *b, const char *fmt, va_list ap);
void dt_buf_set(dt_buf *b, const void *data, size_t len);
void dt_buf_truncate(dt_buf *b, size_t len);
void dt_buf_clear(dt_buf *b); /* size 0, memory kept */
/* Hand the string to the caller (who frees it); the buffer is reset. */
char *dt_buf_detach(dt_buf *b);
/* Free the memory; the buffer is reset to DT_BUF_INIT. */
void dt_buf_dispose(dt_buf *b);

/* A growable list of owned strings. */
typedef struct {
	char **items;
	size_t count;
	size_t alloc;
} dt_strvec;

#define DT_STRVEC_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void dt_strvec_push(dt_strvec *v, const char *s); /* copies s */
void dt_strvec_pushn(dt_strvec *v, const char *s, size_t n);
void dt_strvec_push_owned(dt_strvec *v, char *s); /* takes s */
int dt_strvec_contains(const dt_strvec *v, const char *s);
void dt_strvec_dispose(dt_strvec *v);

#endif
