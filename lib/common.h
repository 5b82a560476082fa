/*
 * common.h - error codes, the kept-aside error message, allocation policy.
 *
 * Every lib function returns int: 0 on success or a negative DT_E* code.
 * The human-readable reason is kept aside with dt_error_set() and printed
 * once, at the top (hook main or subcommand), with dt_error_last().
 *
 * Allocation failure aborts the process with a message (short-lived tools,
 * as in git and cmark): callers never check dt_x* results.
 */
#ifndef DT_COMMON_H
#define DT_COMMON_H

#include <stddef.h>
#include <stdarg.h>

enum dt_error_code {
	DT_OK = 0,
	DT_ERROR = -1,      /* generic failure; message set */
	DT_ENOTFOUND = -2,  /* the thing asked for does not exist */
	DT_EINVALID = -3,   /* malformed input (file, message, argument) */
	DT_EIO = -4,        /* a file could not be read or written */
	DT_ECONFIG = -5,    /* configuration error */
	DT_EAMBIGUOUS = -6, /* several candidates where one was needed */
	DT_ETOOBIG = -7,    /* input over a size limit */
	DT_ELOCKED = -8,    /* a lock is held by someone else */
	DT_EUSAGE = -9      /* bad command-line usage */
};

/* Keep a formatted message aside (replaces any earlier one). Returns `code`
 * so that callers can write `return dt_error_set(DT_EIO, "...")`. */
int dt_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dt_error_vset(int code, const char *fmt, va_list ap);
/* The last message, or "" when none. Owned by the library. */
const char *dt_error_last(void);
void dt_error_clear(void);

void *dt_xmalloc(size_t n);
void *dt_xcalloc(size_t n, size_t size);
void *dt_xrealloc(void *p, size_t n);
char *dt_xstrdup(const char *s);
/* A copy of s, or NULL for NULL. */
char *dt_xstrdup_null(const char *s);
char *dt_xstrndup(const char *s, size_t n);
char *dt_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array `p` of `nmemb` elements to hold at least `need`. */
#define DT_ARRAY_GROW(p, alloc, need)                                                              \
	do {                                                                                       \
		if ((need) > (alloc)) {                                                            \
			size_t dt__n = (alloc) ? (alloc)*2 : 8;                                    \
			while (dt__n < (need))                                                     \
				dt__n *= 2;                                                        \
			(p) = dt_xrealloc((p), dt__n * sizeof(*(p)));                              \
			(alloc) = dt__n;                                                           \
		}                                                                                  \
	} while (0)

#define DT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII helpers that ignore the locale. */
/* The first of the n sorted elements at base (size bytes each) that is
 * not below key, for cmp(key, element) as bsearch's; n when there is none. */
size_t dt_lower_bound(const void *key, const void *base, size_t n, size_t size,
                      int (*cmp)(const void *key, const void *element));

int dt_ascii_casecmp(const char *a, const char *b);
int dt_ascii_ncasecmp(const char *a, const char *b, size_t n);
static inline int dt_isdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline int dt_isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}
static inline int dt_islower(int c)
{
	return c >= 'a' && c <= 'z';
}
static inline int dt_isalpha(int c)
{
	return dt_isupper(c) || dt_islower(c);
}
static inline int dt_isalnum(int c)
{
	return dt_isalpha(c) || dt_isdigit(c);
}
static inline int dt_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int dt_tolower(int c)
{
	return dt_isupper(c) ? c + 32 : c;
}
static inline int dt_isxdigit(int c)
{
	return dt_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

#endif
