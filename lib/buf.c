#include "buf.h"
#include "common.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

char dt_buf__empty[1];

void dt_buf_init(dt_buf *b)
{
	b->ptr = dt_buf__empty;
	b->size = 0;
	b->asize = 0;
}

void dt_buf_grow(dt_buf *b, size_t extra)
{
	size_t need = b->size + extra + 1;
	size_t n;

	if (need <= b->asize)
		return;
	n = b->asize ? b->asize : 64;
	while (n < need)
		n += n / 2 + 64;
	if (b->asize == 0) {
		char *p = dt_xmalloc(n);
		memcpy(p, b->ptr, b->size + 1);
		b->ptr = p;
	} else {
		b->ptr = dt_xrealloc(b->ptr, n);
	}
	b->asize = n;
}

void dt_buf_put(dt_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	dt_buf_grow(b, len);
	memmove(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
}

void dt_buf_puts(dt_buf *b, const char *s)
{
	dt_buf_put(b, s, strlen(s));
}

void dt_buf_putc(dt_buf *b, char c)
{
	dt_buf_grow(b, 1);
	b->ptr[b->size++] = c;
	b->ptr[b->size] = '\0';
}

void dt_buf_vprintf(dt_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	if ((size_t)n < sizeof(small)) {
		dt_buf_put(b, small, (size_t)n);
		return;
	}
	dt_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	b->size += (size_t)n;
}

void dt_buf_printf(dt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dt_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void dt_buf_set(dt_buf *b, const void *data, size_t len)
{
	dt_buf_clear(b);
	dt_buf_put(b, data, len);
}

void dt_buf_truncate(dt_buf *b, size_t len)
{
	if (len < b->size) {
		b->size = len;
		b->ptr[len] = '\0';
	}
}

void dt_buf_clear(dt_buf *b)
{
	dt_buf_truncate(b, 0);
}

char *dt_buf_detach(dt_buf *b)
{
	char *p = b->asize ? b->ptr : dt_xstrdup("");
	dt_buf_init(b);
	return p;
}

void dt_buf_dispose(dt_buf *b)
{
	if (b->asize)
		free(b->ptr);
	dt_buf_init(b);
}

void dt_strvec_push_owned(dt_strvec *v, char *s)
{
	DT_ARRAY_GROW(v->items, v->alloc, v->count + 2);
	v->items[v->count++] = s;
	v->items[v->count] = NULL;
}

void dt_strvec_pushn(dt_strvec *v, const char *s, size_t n)
{
	dt_strvec_push_owned(v, dt_xstrndup(s, n));
}

void dt_strvec_push(dt_strvec *v, const char *s)
{
	dt_strvec_push_owned(v, dt_xstrdup(s));
}

int dt_strvec_contains(const dt_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->count; i++)
		if (!strcmp(v->items[i], s))
			return 1;
	return 0;
}

void dt_strvec_dispose(dt_strvec *v)
{
	for (size_t i = 0; i < v->count; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->count = v->alloc = 0;
}
