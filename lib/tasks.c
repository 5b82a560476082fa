#include "tasks.h"
#include "markdown.h"
#include "common.h"
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

static size_t rtrim(const char *p, size_t len)
{
	while (len && dt_isspace((unsigned char)p[len - 1]))
		len--;
	return len;
}

/* "<!-- t:ab12 -->" at the end of text[0..len): the ID's span. */
static int stable_id(const char *p, size_t len, size_t *id_off, size_t *id_len, size_t *comment_off)
{
	static const char open[] = "<!--";
	size_t end = rtrim(p, len), i, s;
	if (end < 10 || memcmp(p + end - 3, "-->", 3))
		return 0;
	for (i = end - 3; i >= 4; i--)
		if (!memcmp(p + i - 4, open, 4))
			break;
	if (i < 4)
		return 0;
	*comment_off = i - 4;
	s = i;
	while (s < end - 3 && p[s] == ' ')
		s++;
	if (end - 3 - s < 2 || p[s] != 't' || p[s + 1] != ':')
		return 0;
	s += 2;
	*id_off = s;
	while (s < end - 3 && (dt_islower((unsigned char)p[s]) || dt_isdigit((unsigned char)p[s])))
		s++;
	*id_len = s - *id_off;
	while (s < end - 3 && p[s] == ' ')
		s++;
	return s == end - 3 && *id_len >= 2 && *id_len <= 12;
}

int dt_tasks_parse(dt_tasks *out, const char *data, size_t len, const char *path)
{
	const char *p = data, *end = data + len;
	size_t line = 0;
	dt_md_fencer fences = DT_MD_FENCER_INIT;
	int error;
	char *section = NULL;

	memset(out, 0, sizeof(*out));
	if ((error = dt_ydoc_nul_error(data, len, path, 1, "")) < 0)
		return error;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i = 0;
		line++;
		if (dt_md_fenced(&fences, p, n))
			goto next;
		while (i < n && i < 3 && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i < n && p[i] == '#') {
			size_t h = 0;
			while (i + h < n && p[i + h] == '#')
				h++;
			if (h <= 6 && (i + h == n || p[i + h] == ' ' || p[i + h] == '\t')) {
				size_t s = i + h, e = rtrim(p, n);
				while (s < e && (p[s] == ' ' || p[s] == '\t'))
					s++;
				if (h == 1) {
					if (!out->title)
						out->title = dt_xstrndup(p + s, e > s ? e - s : 0);
				} else {
					free(section);
					section = dt_xstrndup(p + s, e > s ? e - s : 0);
				}
				goto next;
			}
		}
		if (i < n && (p[i] == '-' || p[i] == '*') && i + 1 < n &&
		    (p[i + 1] == ' ' || p[i + 1] == '\t')) {
			size_t j = i + 1;
			while (j < n && (p[j] == ' ' || p[j] == '\t'))
				j++;
			if (j + 3 <= n && p[j] == '[' &&
			    (p[j + 1] == ' ' || p[j + 1] == 'x' || p[j + 1] == 'X') &&
			    p[j + 2] == ']' && j + 3 < n && (p[j + 3] == ' ' || p[j + 3] == '\t')) {
				size_t ts = j + 3, te = rtrim(p, n), ioff, ilen, coff;
				dt_task *t;
				while (ts < te && (p[ts] == ' ' || p[ts] == '\t'))
					ts++;
				if (ts >= te)
					goto next; /* "(.+?)" needs text */
				DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
				t = &out->items[out->count];
				memset(t, 0, sizeof(*t));
				t->number = ++out->count;
				t->line = line;
				t->done = p[j + 1] != ' ';
				if (stable_id(p + ts, te - ts, &ioff, &ilen, &coff)) {
					t->stable = dt_xstrndup(p + ts + ioff, ilen);
					t->text = dt_xstrndup(p + ts, rtrim(p + ts, coff));
				} else {
					t->text = dt_xstrndup(p + ts, te - ts);
				}
				t->section = section ? dt_xstrdup(section) : NULL;
			}
		}
	next:
		p = nl ? nl + 1 : end;
	}
	free(section);
	return 0;
}

const dt_task *dt_tasks_by_number(const dt_tasks *t, size_t number)
{
	return number >= 1 && number <= t->count ? &t->items[number - 1] : NULL;
}

const dt_task *dt_tasks_by_stable(const dt_tasks *t, const char *stable)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->items[i].stable && !strcmp(t->items[i].stable, stable))
			return &t->items[i];
	return NULL;
}

size_t dt_tasks_done(const dt_tasks *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++)
		n += t->items[i].done;
	return n;
}

void dt_tasks_dispose(dt_tasks *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->items[i].text);
		free(t->items[i].stable);
		free(t->items[i].section);
	}
	free(t->items);
	free(t->title);
	memset(t, 0, sizeof(*t));
}
