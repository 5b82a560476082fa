#include "pushlines.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

static int oid_ok(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!dt_isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int all_zeros(const char *s)
{
	return strspn(s, "0") == strlen(s);
}

void dt_push_updates_dispose(dt_push_updates *u)
{
	for (size_t i = 0; i < u->count; i++) {
		free(u->items[i].local_ref);
		free(u->items[i].local_oid);
		free(u->items[i].remote_ref);
		free(u->items[i].remote_oid);
	}
	free(u->items);
	memset(u, 0, sizeof(*u));
}

int dt_push_parse(dt_push_updates *out, const char *input, size_t len)
{
	const char *p = input, *end = input + len;
	size_t line = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *f[4], *q = p;
		size_t fl[4], nf = 0;
		dt_push_update *u;

		line++;
		if (e > p && e[-1] == '\r')
			e--;
		while (q < e && nf < 5) {
			const char *s = q;
			while (q < e && *q != ' ')
				q++;
			if (nf < 4) {
				f[nf] = s;
				fl[nf] = (size_t)(q - s);
			}
			nf++;
			while (q < e && *q == ' ')
				q++;
		}
		if (nf == 0) { /* a blank line */
			p = nl ? nl + 1 : end;
			continue;
		}
		if (nf != 4 || !fl[0] || !fl[2] || !oid_ok(f[1], fl[1]) || !oid_ok(f[3], fl[3]) ||
		    memchr(p, '\0', (size_t)(e - p))) {
			dt_push_updates_dispose(out);
			return dt_error_set(
			    DT_EINVALID,
			    "pre-push input line %zu: expected '<local ref> <local oid> "
			    "<remote ref> <remote oid>', found '%.*s'",
			    line, (int)((size_t)(e - p) > 80 ? 80 : (size_t)(e - p)), p);
		}
		DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
		u = &out->items[out->count++];
		u->local_ref = dt_xstrndup(f[0], fl[0]);
		u->local_oid = dt_xstrndup(f[1], fl[1]);
		u->remote_ref = dt_xstrndup(f[2], fl[2]);
		u->remote_oid = dt_xstrndup(f[3], fl[3]);
		u->is_delete = all_zeros(u->local_oid);
		u->is_new = all_zeros(u->remote_oid);
		u->line = line;
		p = nl ? nl + 1 : end;
	}
	return 0;
}
