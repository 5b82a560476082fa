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

/* Leading blanks: how many characters, and *cols the column they reach
 * (a tab stops at the next multiple of 4). */
static size_t indent_of(const char *p, size_t n, size_t *cols)
{
	size_t k = 0, c = 0;
	for (; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
		c = p[k] == '\t' ? c / 4 * 4 + 4 : c + 1;
	*cols = c;
	return k;
}

/* A thematic break ("---", "* * *"): three or more of one of - * _ and
 * blanks. It is no list item, though "* * *" looks like one. */
static int is_break(const char *p, size_t n)
{
	size_t count = 0;
	if (!n || (p[0] != '-' && p[0] != '*' && p[0] != '_'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == p[0])
			count++;
		else if (p[i] != ' ' && p[i] != '\t')
			return 0;
	}
	return count >= 3;
}

/* A list item's marker at p[0..n) ("- ", "* ", "+ ", "1. ", "2) ", or a
 * marker alone) standing at column `col`: the columns from the marker to
 * the item's content (CommonMark 5.2: one to four blanks, else one), or 0
 * when p holds none. *empty is set when nothing follows the marker. */
static size_t list_marker(const char *p, size_t n, size_t col, int *empty)
{
	size_t m = 0, i, w = 0;
	if (n && (p[0] == '-' || p[0] == '*' || p[0] == '+')) {
		m = 1;
	} else {
		while (m < n && m < 9 && dt_isdigit((unsigned char)p[m]))
			m++;
		if (!m || m >= n || (p[m] != '.' && p[m] != ')'))
			return 0;
		m++;
	}
	if (m < n && p[m] != ' ' && p[m] != '\t')
		return 0;
	for (i = m; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		w = p[i] == '\t' ? (col + m + w) / 4 * 4 + 4 - (col + m) : w + 1;
	*empty = i >= n;
	return *empty || w > 4 ? m + 1 : m + w;
}

/* Where a line stands with respect to lists, as far as nested tasks need
 * it. */
typedef struct {
	int in;         /* inside a list */
	size_t content; /* the content column of its outermost item */
	int para;       /* the line before is paragraph text in the list: a
	                   lazy line at any indent continues it */
	int deep_fence; /* the open code fence was opened inside the list */
} list_state;

/* Nested tasks. SPEC §1.4 takes a task line indented 0-3 characters
 * anywhere; deeper, "    - [x] sub" is a task when it stands inside a list
 * (a list item or its continuation lines above it, blank lines between
 * allowed), at any indentation, and code otherwise: an indented line under
 * a paragraph, or after one and a blank line, is CommonMark's indented
 * code block (or a paragraph's lazy continuation), not a task.
 *
 * What real tasks.md files hold: go-go-os, prescribe and plz-confirm have
 * hundreds of sub-tasks at 2 spaces (already tasks by the 0-3 rule) and
 * ~170 at 4 or 6 spaces, every one right under another list item, most
 * under a task; none in a fence, none after a blank line or a paragraph,
 * none tab-indented. docmgr's own `task list`, whose 1-based positions are
 * the "task 7" people write, counts every "- [ ]" line at any indent, so
 * numbering by position over all of them keeps diarist's numbers equal to
 * docmgr's.
 *
 * Inside a list this is looser than CommonMark in one place, on purpose: a
 * line four or more columns deeper than its parent item's content is, for
 * CommonMark, lazy paragraph text (or, after a blank line, code inside the
 * item); a writer who puts "- [ ]" there means a sub-task, and docmgr
 * counts it, so it is one. A fence inside a list item may be indented as
 * deep as the item's content, and the task-shaped lines in it are code. */
int dt_tasks_parse(dt_tasks *out, const char *data, size_t len, const char *path)
{
	const char *p = data, *end = data + len;
	size_t line = 0;
	dt_md_fencer fences = DT_MD_FENCER_INIT;
	list_state list = {0, 0, 0, 0};
	int error;
	char *section = NULL;

	memset(out, 0, sizeof(*out));
	if ((error = dt_ydoc_nul_error(data, len, path, 1, "")) < 0)
		return error;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i = 0, k, cols, mw;
		int was_open = fences.fence != 0, in_list = list.in, empty = 0;
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		k = indent_of(p, n, &cols);
		{
			/* inside a list a fence may stand deeper than 3 spaces */
			int deep = was_open ? list.deep_fence : list.in;
			if (dt_md_fenced(&fences, deep ? p + k : p, deep ? n - k : n)) {
				if (!was_open) {
					if (list.in && cols < list.content)
						list.in =
						    0; /* a fence left of the items ends them */
					list.deep_fence = list.in;
				}
				list.para = 0;
				goto next;
			}
		}
		if (k == n) { /* blank */
			list.para = 0;
			goto next;
		}
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
				if (cols < list.content)
					list.in = 0;
				list.para = 0;
				goto next;
			}
		}
		mw = is_break(p + k, n - k) ? 0 : list_marker(p + k, n - k, cols, &empty);
		if (mw && (k <= 3 || list.in)) {
			if (!list.in || cols < list.content)
				list.content = cols + mw; /* a new outermost item */
			list.in = 1;
			list.para = !empty;
		} else if (list.in &&
		           (is_break(p + k, n - k) || (cols < list.content && !list.para))) {
			list.in = list.para = 0; /* text left of the items, not lazy */
		} else if (list.in) {
			list.para = 1;
		}
		if (!mw || (k > 3 && !in_list))
			goto next;
		i = k;
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
