#include "edit.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

static void add(dt_edits *e, size_t off, size_t del, const char *text)
{
	DT_ARRAY_GROW(e->ops, e->alloc, e->count + 1);
	e->ops[e->count].off = off;
	e->ops[e->count].del = del;
	e->ops[e->count].text = dt_xstrdup(text);
	e->ops[e->count].seq = e->count;
	e->count++;
}

void dt_edits_replace(dt_edits *e, size_t off, size_t del, const char *text)
{
	add(e, off, del, text);
}

void dt_edits_insert(dt_edits *e, size_t off, const char *text)
{
	add(e, off, 0, text);
}

static int cmp_op(const void *a, const void *b)
{
	const dt_edit_op *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	/* at one offset: insertions first, in the order they were made */
	if ((x->del == 0) != (y->del == 0))
		return x->del == 0 ? -1 : 1;
	return x->seq < y->seq ? -1 : 1;
}

int dt_edits_apply(dt_buf *out, const char *data, size_t len, const dt_edits *e)
{
	dt_edit_op *ops = NULL;
	size_t pos = 0;

	dt_buf_clear(out);
	if (e->count) {
		ops = dt_xmalloc(e->count * sizeof(*ops));
		memcpy(ops, e->ops, e->count * sizeof(*ops));
		qsort(ops, e->count, sizeof(*ops), cmp_op);
	}
	for (size_t i = 0; i < e->count; i++) {
		if (ops[i].off < pos || ops[i].off + ops[i].del > len) {
			size_t at = ops[i].off;
			free(ops);
			dt_buf_clear(out);
			return dt_error_set(DT_EINVALID,
			                    "overlapping or out-of-range edit at byte %zu", at);
		}
		dt_buf_put(out, data + pos, ops[i].off - pos);
		dt_buf_puts(out, ops[i].text);
		pos = ops[i].off + ops[i].del;
	}
	dt_buf_put(out, data + pos, len - pos);
	free(ops);
	return 0;
}

void dt_edits_dispose(dt_edits *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->ops[i].text);
	free(e->ops);
	memset(e, 0, sizeof(*e));
}

const char *dt_edit_eol(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

size_t dt_edit_line_end(const char *data, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(data + off, '\n', len - off) : NULL;
	return nl ? (size_t)(nl - data) + 1 : len;
}

size_t dt_edit_line_start(const char *data, size_t end)
{
	size_t i = end;
	if (i && data[i - 1] == '\n')
		i--;
	while (i && data[i - 1] != '\n')
		i--;
	return i;
}

int dt_edit_blank_at(const char *data, size_t len, size_t off)
{
	for (size_t i = off; i < len && data[i] != '\n'; i++)
		if (!dt_isspace((unsigned char)data[i]))
			return 0;
	return 1;
}

int dt_edit_blank_before(const char *data, size_t pos)
{
	size_t s;
	if (pos == 0)
		return 1;
	s = pos - 1; /* the '\n' ending that line */
	while (s > 0 && data[s - 1] != '\n')
		s--;
	return dt_edit_blank_at(data, pos, s);
}
