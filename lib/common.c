#include "common.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* per thread: check --all reads commits in a second thread (rules.c) */
static _Thread_local char error_msg[1024];

int dt_error_vset(int code, const char *fmt, va_list ap)
{
	vsnprintf(error_msg, sizeof(error_msg), fmt, ap);
	return code;
}

int dt_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dt_error_vset(code, fmt, ap);
	va_end(ap);
	return code;
}

const char *dt_error_last(void)
{
	return error_msg;
}

void dt_error_clear(void)
{
	error_msg[0] = '\0';
}

static void oom(size_t n)
{
	fprintf(stderr, "diarist: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *dt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *dt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *dt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *dt_xstrndup(const char *s, size_t n)
{
	char *p = dt_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *dt_xstrdup(const char *s)
{
	return dt_xstrndup(s, strlen(s));
}

char *dt_xstrdup_null(const char *s)
{
	return s ? dt_xstrdup(s) : NULL;
}

char *dt_xasprintf(const char *fmt, ...)
{
	dt_buf b = DT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	dt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return dt_buf_detach(&b);
}

int dt_ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int ca = dt_tolower((unsigned char)*a), cb = dt_tolower((unsigned char)*b);
		if (ca != cb)
			return ca - cb;
		if (!ca)
			return 0;
	}
	return 0;
}

int dt_ascii_casecmp(const char *a, const char *b)
{
	return dt_ascii_ncasecmp(a, b, (size_t)-1);
}

size_t dt_lower_bound(const void *key, const void *base, size_t n, size_t size,
                      int (*cmp)(const void *key, const void *element))
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(key, (const char *)base + mid * size) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
