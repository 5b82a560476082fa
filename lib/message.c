#include "message.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#define SCISSORS_CUT "------------------------ >8 ------------------------"
static const char auto_candidates[] = "#;@!$%^&|:";

typedef struct {
	const char *p;
	size_t len;  /* without the line terminator */
	size_t full; /* with it */
} line_t;

static int next_line(line_t *l, const char **pos, const char *end)
{
	const char *p = *pos, *nl;
	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	l->p = p;
	l->full = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
	l->len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	*pos = p + l->full;
	return 1;
}

static size_t rstrip_len(const char *p, size_t len)
{
	while (len && dt_isspace((unsigned char)p[len - 1]))
		len--;
	return len;
}

static int is_blank(const line_t *l)
{
	return rstrip_len(l->p, l->len) == 0;
}

static int is_scissors(const line_t *l, const char *comment)
{
	size_t cl = strlen(comment), n = rstrip_len(l->p, l->len);
	size_t sl = sizeof(SCISSORS_CUT) - 1;
	return cl && n == cl + 1 + sl && !memcmp(l->p, comment, cl) && l->p[cl] == ' ' &&
	       !memcmp(l->p + cl + 1, SCISSORS_CUT, sl);
}

static int is_comment(const line_t *l, const char *comment)
{
	size_t cl = comment ? strlen(comment) : 0;
	return cl && l->len >= cl && !memcmp(l->p, comment, cl);
}

void dt_message_comment(char out[8], const char *config_value, const char *msg, size_t len)
{
	const char *pos = msg, *end = msg + len;
	line_t l;

	if (!config_value) {
		strcpy(out, "#");
		return;
	}
	if (strcmp(config_value, "auto") != 0) {
		size_t n = strlen(config_value);
		if (n == 0 || n > 7)
			n = n ? 7 : 0;
		memcpy(out, config_value, n);
		out[n] = '\0';
		if (!n)
			strcpy(out, "#");
		return;
	}
	/* auto: git picked a character that starts no line of the message and
	 * wrote its scissors line and template comments with it. In order of
	 * evidence: the scissors line; a comment line quoting its own
	 * character ("# ... with '#' will be ignored"); else the character
	 * that starts the most comment-shaped lines ("c" alone or "c "),
	 * at least two of them. A message with none has no comments. */
	{
		size_t counts[sizeof(auto_candidates)] = {0};
		size_t best = 0;
		while (next_line(&l, &pos, end)) {
			char c = l.len ? l.p[0] : 0;
			const char *cand = c ? strchr(auto_candidates, c) : NULL;
			char one[2] = {c, 0};
			char quoted[4] = {'\'', c, '\'', 0};
			if (!cand)
				continue;
			if (is_scissors(&l, one) ||
			    (l.len > 1 && l.p[1] == ' ' && memmem(l.p, l.len, quoted, 3))) {
				out[0] = c;
				out[1] = '\0';
				return;
			}
			if (rstrip_len(l.p, l.len) == 1 || l.p[1] == ' ' || l.p[1] == '\t')
				counts[cand - auto_candidates]++;
		}
		for (size_t i = 1; i < sizeof(auto_candidates) - 1; i++)
			if (counts[i] > counts[best])
				best = i;
		if (counts[best] >= 2) {
			out[0] = auto_candidates[best];
			out[1] = '\0';
			return;
		}
	}
	out[0] = '\0';
}

void dt_message_clean(dt_buf *out, const char *msg, size_t len, const char *comment)
{
	dt_message_clean_flags(out, msg, len, comment, DT_CLEAN_COMMENTS | DT_CLEAN_SCISSORS);
}

void dt_message_clean_flags(dt_buf *out, const char *msg, size_t len, const char *comment,
                            unsigned flags)
{
	const char *pos = msg, *end = msg + len;
	int pending_blank = 0;
	line_t l;

	dt_buf_clear(out);
	if (comment && !*comment)
		comment = NULL;
	while (next_line(&l, &pos, end)) {
		size_t n;
		if (comment && (flags & DT_CLEAN_SCISSORS) && is_scissors(&l, comment))
			break;
		if ((flags & DT_CLEAN_COMMENTS) && is_comment(&l, comment))
			continue;
		n = rstrip_len(l.p, l.len);
		if (!n) {
			pending_blank = out->size > 0;
			continue;
		}
		if (pending_blank)
			dt_buf_putc(out, '\n');
		pending_blank = 0;
		dt_buf_put(out, l.p, n);
		dt_buf_putc(out, '\n');
	}
}

void dt_message_subject(dt_buf *out, const char *clean)
{
	const char *nl = strchr(clean, '\n');
	dt_buf_set(out, clean, nl ? (size_t)(nl - clean) : strlen(clean));
}

/* "Key: value" (git's default separator ':'): the key length, or 0. */
static size_t trailer_key_len(const char *p, size_t len, size_t *value_off)
{
	size_t i = 0, k;
	if (!len || !dt_isalnum((unsigned char)p[0]))
		return 0;
	while (i < len && (dt_isalnum((unsigned char)p[i]) || p[i] == '-'))
		i++;
	k = i;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= len || p[i] != ':')
		return 0;
	i++;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	*value_off = i;
	return k;
}

static int git_generated(const char *p, size_t len)
{
	static const char *prefixes[] = {"Signed-off-by: ", "(cherry picked from commit "};
	for (size_t i = 0; i < DT_ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (len >= n && !memcmp(p, prefixes[i], n))
			return 1;
	}
	return 0;
}

/* Start of the last paragraph of `text` (lines [start, end)), or `end`
 * when the text has one paragraph only. */
static const char *last_paragraph(const char *text, const char *end, size_t *first_line)
{
	const char *pos = text, *start = NULL, *para = text;
	size_t line = 0, para_line = 1;
	int paragraphs = 0, in_para = 0;
	line_t l;

	while (next_line(&l, &pos, end)) {
		line++;
		if (is_blank(&l)) {
			in_para = 0;
			continue;
		}
		if (!in_para) {
			paragraphs++;
			para = l.p;
			para_line = line;
			in_para = 1;
		}
	}
	start = paragraphs >= 2 ? para : end;
	*first_line = para_line;
	return start;
}

static int block_is_trailers(const char *start, const char *end)
{
	const char *pos = start;
	size_t lines = 0, trailers = 0, other = 0;
	int generated = 0;
	line_t l;

	while (next_line(&l, &pos, end)) {
		size_t voff;
		if (is_blank(&l))
			continue;
		if ((l.p[0] == ' ' || l.p[0] == '\t') && lines) {
			continue; /* continuation of the previous line */
		}
		lines++;
		if (trailer_key_len(l.p, l.len, &voff)) {
			trailers++;
			generated |= git_generated(l.p, l.len);
		} else if (git_generated(l.p, l.len)) {
			trailers++;
			generated = 1;
		} else {
			other++;
		}
	}
	if (!lines)
		return 0;
	if (!other)
		return 1;
	return generated && trailers * 4 >= lines;
}

void dt_message_trailers(dt_trailers *out, const char *clean)
{
	const char *end = clean + strlen(clean), *pos;
	size_t line;
	line_t l;

	memset(out, 0, sizeof(*out));
	pos = last_paragraph(clean, end, &line);
	if (pos == end || !block_is_trailers(pos, end))
		return;
	for (; next_line(&l, &pos, end); line++) {
		size_t voff, k;
		if ((l.p[0] == ' ' || l.p[0] == '\t') && out->count) {
			dt_trailer *t = &out->items[out->count - 1];
			size_t n = rstrip_len(l.p, l.len), s = 0;
			while (s < n && (l.p[s] == ' ' || l.p[s] == '\t'))
				s++;
			char *v = dt_xasprintf("%s%s%.*s", t->value, *t->value ? " " : "",
			                       (int)(n - s), l.p + s);
			free(t->value);
			t->value = v;
			continue;
		}
		k = trailer_key_len(l.p, l.len, &voff);
		if (!k)
			continue;
		DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
		out->items[out->count].key = dt_xstrndup(l.p, k);
		out->items[out->count].value =
		    dt_xstrndup(l.p + voff, rstrip_len(l.p + voff, l.len - voff));
		out->items[out->count].line = line;
		out->count++;
	}
}

const char *dt_trailers_get(const dt_trailers *t, const char *key)
{
	for (size_t i = t->count; i-- > 0;)
		if (!dt_ascii_casecmp(t->items[i].key, key))
			return t->items[i].value;
	return NULL;
}

void dt_trailers_dispose(dt_trailers *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->items[i].key);
		free(t->items[i].value);
	}
	free(t->items);
	memset(t, 0, sizeof(*t));
}

void dt_message_add_trailer(dt_buf *out, const char *msg, size_t len, const char *comment,
                            const char *key, const char *value)
{
	const char *pos = msg, *end = msg + len;
	line_t *lines = NULL;
	size_t n = 0, alloc = 0, k, j, content_end;
	dt_buf content = DT_BUF_INIT;
	line_t l;
	int joined;

	if (comment && !*comment)
		comment = NULL;
	while (next_line(&l, &pos, end)) {
		DT_ARRAY_GROW(lines, alloc, n + 1);
		lines[n++] = l;
	}
	k = n;
	for (size_t i = 0; i < n; i++)
		if (comment && is_scissors(&lines[i], comment)) {
			k = i;
			break;
		}
	while (k > 0 && (is_blank(&lines[k - 1]) || is_comment(&lines[k - 1], comment)))
		k--;
	j = k;
	content_end = j < n ? (size_t)(lines[j].p - msg) : len;

	dt_buf_clear(out);
	dt_buf_put(out, msg, content_end);
	if (out->size && out->ptr[out->size - 1] != '\n')
		dt_buf_putc(out, '\n');
	dt_message_clean(&content, msg, content_end, comment);
	{
		size_t first;
		const char *cend = content.ptr + content.size;
		const char *para = last_paragraph(content.ptr, cend, &first);
		joined = para != cend && block_is_trailers(para, cend);
	}
	if (!joined && out->size)
		dt_buf_putc(out, '\n');
	dt_buf_printf(out, "%s: %s\n", key, value);
	dt_buf_put(out, msg + content_end, len - content_end);
	dt_buf_dispose(&content);
	free(lines);
}
