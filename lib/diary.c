#include "diary.h"
#include "common.h"
#include "frontmatter.h"
#include "markdown.h"
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

static const char EMDASH[] = "\xE2\x80\x94";
static const char MOJIBAKE[] = "\xC3\xA2\xE2\x82\xAC\xE2\x80\x9D"; /* "â€”" */

void dt_record_dispose(dt_record *r)
{
	for (size_t i = 0; i < r->nhashes; i++) {
		free(r->hashes[i].hex);
		free(r->hashes[i].repo);
		free(r->hashes[i].hint);
		free(r->hashes[i].subject);
	}
	free(r->hashes);
	free(r->label);
	free(r->subject);
	free(r->tests_commit);
	free(r->tests_tree);
	memset(r, 0, sizeof(*r));
}

void dt_diary_dispose(dt_diary *d)
{
	for (size_t i = 0; i < d->nrecords; i++)
		dt_record_dispose(&d->records[i]);
	for (size_t i = 0; i < d->nsteps; i++) {
		free(d->steps[i].title);
		free(d->steps[i].claims);
		for (size_t k = 0; k < d->steps[i].nstable; k++)
			free(d->steps[i].stable_claims[k]);
		free(d->steps[i].stable_claims);
	}
	free(d->steps);
	free(d->records);
	free(d->title);
	free(d->fm_error);
	memset(d, 0, sizeof(*d));
}

int dt_record_tests_text(const char **out, size_t *len, const char *data, const dt_record *r)
{
	const char *p = data + r->tests_off, *end = p + r->tests_len;
	const char *at = r->tests_line ? memmem(p, r->tests_len, "**Tests:**", 10) : NULL;
	if (!at)
		return 0;
	for (at += 10; at < end && (*at == ' ' || *at == '\t');)
		at++;
	*out = at;
	*len = (size_t)(end - at);
	return 1;
}

static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

static int starts_nocase(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && !dt_ascii_ncasecmp(p, s, n);
}

/* The separator before a quoted subject: " — ", " - ", " â€” ". Returns its
 * length at p, or 0. */
static size_t separator(const char *p, const char *end)
{
	if (p >= end)
		return 0;
	if (starts(p, end, " - "))
		return 3;
	if (*p == ' ' && starts(p + 1, end, EMDASH) && (p + 4 == end || p[4] == ' '))
		return p + 4 == end ? 4 : 5;
	if (*p == ' ' && starts(p + 1, end, MOJIBAKE) && (p + 9 == end || p[9] == ' '))
		return p + 9 == end ? 9 : 10;
	return 0;
}

static int is_word_end(const char *p, const char *end)
{
	return p >= end || !dt_isalnum((unsigned char)*p);
}

static int is_name_char(unsigned char c)
{
	return dt_isalnum(c) || c == '-' || c == '_' || c == '.';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* The end of a hash of 7 to 64 hex digits at p, or NULL. */
static const char *hash_end(const char *p, const char *end)
{
	const char *e = p;
	while (e < end && dt_isxdigit((unsigned char)*e))
		e++;
	if (e - p < 7 || e - p > 64 || !is_word_end(e, end) || (e < end && *e == '@'))
		return NULL;
	return e;
}

/* "webchat@" or "webchat commit " before a hash: the name's span and
 * where the hash starts, else 0. */
static int repo_prefix(const char *p, const char *end, const char **name_end, const char **hash)
{
	const char *e = p;
	while (e < end && is_name_char((unsigned char)*e))
		e++;
	if (e == p)
		return 0;
	if (e < end && *e == '@' && e + 1 < end) {
		*name_end = e;
		*hash = e + 1 + (e[1] == '`');
		return hash_end(*hash, end) != NULL;
	}
	if (starts(e, end, " commit ")) {
		*name_end = e;
		*hash = e + 8 + (e + 8 < end && e[8] == '`');
		return hash_end(*hash, end) != NULL;
	}
	return 0;
}

/* Does an entry start at p: a hash (maybe in backticks, maybe after
 * "name@" or "name commit ") followed by the end, a blank, ';', ',', a
 * closing backtick or a space? */
static int entry_starts(const char *p, const char *end)
{
	const char *ne, *h = p, *e;
	if (repo_prefix(p, end, &ne, &h))
		return 1;
	if (h < end && *h == '`')
		h++;
	if (!(e = hash_end(h, end)))
		return 0;
	return e >= end || *e == ' ' || *e == '\t' || *e == ';' || *e == ',' || *e == '`' ||
	       *e == ')';
}

/* Is p the end of an entry: blanks, then the end of the line, or ';' or
 * ',' and the next entry? */
static int entry_ends(const char *p, const char *end)
{
	p = skip_blanks(p, end);
	if (p >= end)
		return 1;
	if (*p != ';' && *p != ',')
		return 0;
	return entry_starts(skip_blanks(p + 1, end), end);
}

/* The closing quote of a subject opened at `open` (q bytes long): the
 * first one after which the entry ends, else NULL. */
static const char *closing(const char *open, size_t qlen, const char *end)
{
	const char *q = open + qlen;
	for (; q + qlen <= end; q++)
		if (!memcmp(q, qlen == 1 ? open : "\xE2\x80\x9D", qlen) && q > open + qlen - 1 &&
		    entry_ends(q + qlen, end))
			return q;
	return NULL;
}

/* The subject at p (after a separator), into h; returns the end of the
 * entry. */
static const char *subject_into(dt_hashref *h, const char *line, const char *p, const char *end)
{
	const char *close, *s = skip_blanks(p, end);
	size_t qlen = 0;

	if (s >= end)
		return p;
	if (*s == '"' || *s == '`')
		qlen = 1;
	else if (starts(s, end, "\xE2\x80\x9C")) /* “ … ” */
		qlen = 3;
	if (qlen && (close = closing(s, qlen, end)) != NULL && close > s + qlen - 1) {
		h->subj_off = (size_t)(s + qlen - line);
		h->subj_len = (size_t)(close - (s + qlen));
		h->subject = dt_xstrndup(s + qlen, h->subj_len);
		return close + qlen;
	}
	/* unquoted, or quotes whose end is unclear: the rest of the entry */
	{
		const char *e = s;
		while (e < end && !((*e == ';' || *e == ',') && entry_ends(e, end)))
			e++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == s)
			return p;
		h->subj_off = (size_t)(s - line);
		h->subj_len = (size_t)(e - s);
		h->subject = dt_xstrndup(s, h->subj_len);
		h->subj_kept = qlen != 0;
		return e;
	}
}

/* What stands in parentheses (or after " in ") right after a hash:
 * "(vm-system-ui repo)", "(`go-go-os`)", "in `wesen-os`". Returns the end
 * of what it read, or p. */
static const char *annotation(dt_hashref *h, const char *p, const char *end)
{
	if (starts(p, end, " (")) {
		const char *open = p + 2, *close = memchr(open, ')', (size_t)(end - open));
		const char *a = open, *b = close;
		if (!close)
			return p;
		while (a < b && (*a == '`' || *a == ' '))
			a++;
		while (b > a && (b[-1] == '`' || b[-1] == ' '))
			b--;
		if (b - a >= 4 && !memcmp(b - 4, "repo", 4)) {
			const char *n = b - 4, *w;
			while (n > a && (n[-1] == ' ' || n[-1] == '`'))
				n--;
			/* the name is the word before "repo": "(the Api repo)" */
			for (w = n; w > a && is_name_char((unsigned char)w[-1]);)
				w--;
			h->foreign = 1;
			if (n > w)
				h->repo = dt_xstrndup(w, (size_t)(n - w));
			return close + 1;
		}
		for (const char *c = a; c < b; c++)
			if (!is_name_char((unsigned char)*c))
				return p;
		if (b > a)
			h->hint = dt_xstrndup(a, (size_t)(b - a));
		return b > a ? close + 1 : p;
	}
	if (starts(p, end, " in ")) {
		const char *a = p + 4, *b;
		int tick = a < end && *a == '`';
		a += tick;
		for (b = a; b < end && is_name_char((unsigned char)*b);)
			b++;
		if (b == a || (tick && (b >= end || *b != '`')))
			return p;
		if (!separator(b + tick, end) && !entry_ends(b + tick, end))
			return p;
		h->foreign = 1;
		h->repo = dt_xstrndup(a, (size_t)(b - a));
		return b + tick;
	}
	return p;
}

int dt_hex_date(const char *hex)
{
	int y, m, d;
	if (strlen(hex) != 8 || strspn(hex, "0123456789") != 8)
		return 0;
	y = (hex[0] - '0') * 1000 + (hex[1] - '0') * 100 + (hex[2] - '0') * 10 + (hex[3] - '0');
	m = (hex[4] - '0') * 10 + (hex[5] - '0');
	d = (hex[6] - '0') * 10 + (hex[7] - '0');
	return y >= 1970 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The hash at h..e of `line` into ref: its span and a lower-case copy. */
static void hash_at(dt_hashref *ref, const char *line, const char *h, const char *e)
{
	ref->off = (size_t)(h - line);
	ref->len = (size_t)(e - h);
	ref->hex = dt_xstrndup(h, ref->len);
	for (char *c = ref->hex; *c; c++)
		*c = (char)dt_tolower((unsigned char)*c);
}

/* Append an entry to rec (which takes what it holds); the record's
 * subject is its first entry's that there is. */
static void add_hash(dt_record *rec, const dt_hashref *ref)
{
	rec->hashes = dt_xrealloc(rec->hashes, (rec->nhashes + 1) * sizeof(*rec->hashes));
	rec->hashes[rec->nhashes++] = *ref;
	if (!rec->subject && ref->subject)
		rec->subject = dt_xstrdup(ref->subject);
}

/* One entry at p, appended to rec; returns where it ends, or NULL when no
 * entry starts there. */
static const char *entry_at(dt_record *rec, const char *line, const char *p, const char *end)
{
	const char *h = p, *e, *ne = NULL, *name = NULL;
	dt_hashref ref;
	int tick = 0, inline_subject = 0;
	size_t s;

	memset(&ref, 0, sizeof(ref));
	if (repo_prefix(p, end, &ne, &h))
		name = p;
	if (h < end && *h == '`' && !name) {
		tick = 1;
		h++;
	} else if (name && h > p && h[-1] == '`') {
		tick = 1;
	}
	if (!(e = hash_end(h, end)))
		return NULL;
	if (tick) {
		if (e < end && *e == ' ' && memchr(e, '`', (size_t)(end - e)) && !name) {
			inline_subject = 1; /* `5f6bde5 docs(x): subject` */
		} else if (e >= end || *e != '`') {
			return NULL;
		}
	}
	hash_at(&ref, line, h, e);
	ref.entry_off = (size_t)(p - line);
	if (name) {
		ref.foreign = 1;
		ref.repo = dt_xstrndup(name, (size_t)(ne - name));
	}
	if (inline_subject) {
		const char *s0 = e + 1, *close = s0;
		const char *last = NULL;
		for (; close < end; close++)
			if (*close == '`') {
				last = close;
				if (entry_ends(close + 1, end))
					break;
			}
		if (close >= end)
			close = last;
		ref.subj_off = (size_t)(s0 - line);
		ref.subj_len = (size_t)(close - s0);
		ref.subject = dt_xstrndup(s0, ref.subj_len);
		e = close + 1;
	} else {
		e += tick;
		if (!ref.foreign)
			e = annotation(&ref, e, end);
		if ((s = separator(e, end)) != 0)
			e = subject_into(&ref, line, e + s, end);
	}
	ref.entry_end = (size_t)(e - line);
	add_hash(rec, &ref);
	return e;
}

/* Does an entry's subject run on past quotes whose end is unclear (text
 * after them: "B" (reverted later))? Then the line is not only records. */
static int unclear(const dt_record *rec)
{
	for (size_t k = 0; k < rec->nhashes; k++)
		if (rec->hashes[k].subj_kept)
			return 1;
	return 0;
}

/* The entries of a value at p, into rec; returns the end of the last. */
static const char *entries(dt_record *rec, const char *line, const char *p, const char *end)
{
	const char *e;
	while ((e = entry_at(rec, line, p, end)) != NULL) {
		const char *q = skip_blanks(e, end);
		p = e;
		if (q < end && (*q == ';' || *q == ','))
			q = skip_blanks(q + 1, end);
		else if (q == e)
			break;
		if (q >= end || !entry_starts(q, end))
			break;
		p = q;
	}
	return p;
}

static int waiting_word(const char *v, const char *end)
{
	return (starts_nocase(v, end, "pending") && is_word_end(v + 7, end)) ||
	       (starts_nocase(v, end, "TBD") && is_word_end(v + 3, end)) ||
	       (starts_nocase(v, end, "TODO") && is_word_end(v + 4, end));
}

/* "**Commit 1 (5ab7c0e): Fixed the loader**": the hash in the label, the
 * title after it (a person's words: never refreshed). p is after
 * "**Commit"; returns 1 when the line is one. */
static int label_hash(dt_record *rec, const char *line, const char *p, const char *end)
{
	const char *h, *e, *close, *t, *te;
	dt_hashref ref;

	if (p < end && *p == ' ' && p + 1 < end && dt_isdigit((unsigned char)p[1]))
		for (p++; p < end && dt_isdigit((unsigned char)*p);)
			p++;
	if (!starts(p, end, " ("))
		return 0;
	h = p + 2 + (p + 2 < end && p[2] == '`');
	if (!(e = hash_end(h, end)))
		return 0;
	close = e + (h[-1] == '`' && e < end && *e == '`');
	if (close >= end || *close != ')' || close + 1 >= end || close[1] != ':')
		return 0;
	memset(&ref, 0, sizeof(ref));
	hash_at(&ref, line, h, e);
	ref.entry_off = ref.off;
	ref.entry_end = ref.off + ref.len;
	t = skip_blanks(close + 2, end);
	if (starts(t, end, "**"))
		t = skip_blanks(t + 2, end);
	te = t < end ? memmem(t, (size_t)(end - t), "**", 2) : NULL;
	if (!te)
		te = end;
	while (te > t && te[-1] == ' ')
		te--;
	if (te > t) {
		ref.subj_off = (size_t)(t - line);
		ref.subj_len = (size_t)(te - t);
		ref.subject = dt_xstrndup(t, ref.subj_len);
	}
	ref.subj_kept = 1;
	add_hash(rec, &ref);
	rec->value_off = ref.off;
	rec->kind = DT_REC_HASHES;
	rec->whole = 0; /* the title is prose: the line never goes */
	return 1;
}

/* The list marker and blanks at the start of a line: where its text starts. */
static const char *item_text(const char *p, const char *end, int *item)
{
	p = skip_blanks(p, end);
	*item = 0;
	if (p + 1 < end && (*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\t')) {
		*item = 1;
		p = skip_blanks(p + 2, end);
	}
	return p;
}

int dt_diary_parse_record(dt_record *rec, const char *line, size_t len)
{
	const char *end = line + len, *v;
	const char *label = NULL;
	size_t label_len = 0;
	int item, bold;
	const char *p = item_text(line, end, &item);

	memset(rec, 0, sizeof(*rec));
	rec->tests_exit = -1;
	bold = starts(p, end, "**Commit");
	if (bold)
		p += 8;
	else if (starts(p, end, "Commit"))
		p += 6;
	else
		return 0;
	if (p < end && *p == 's') /* "**Commits (code):**" */
		p++;
	if (bold && label_hash(rec, line, p, end))
		return 1;
	if (p < end && *p == ' ' && p + 1 < end && p[1] == '(') {
		const char *close = memchr(p, ')', (size_t)(end - p));
		if (!close)
			return 0;
		label = p + 2;
		label_len = (size_t)(close - label);
		p = close + 1;
	}
	if (bold) {
		if (starts(p, end, ":**"))
			p += 3;
		else if (starts(p, end, "**:"))
			p += 3;
		else
			return 0;
	} else {
		if (p >= end || *p != ':')
			return 0;
		p++;
	}
	p = skip_blanks(p, end);
	rec->value_off = (size_t)(p - line);
	rec->label = label ? dt_xstrndup(label, label_len) : NULL;
	v = p;
	if (v >= end) {
		rec->kind = DT_REC_WAITING;
		rec->whole = 1;
		return 1;
	}
	if (starts_nocase(v, end, "N/A")) {
		rec->kind = DT_REC_NA;
		return 1;
	}
	if (waiting_word(v, end)) {
		rec->kind = DT_REC_WAITING;
		return 1;
	}
	p = entries(rec, line, p, end);
	if (!rec->nhashes) {
		rec->kind = DT_REC_OTHER;
		return 1;
	}
	rec->kind = DT_REC_HASHES;
	rec->whole = skip_blanks(p, end) >= end && !unclear(rec);
	return 1;
}

int dt_diary_parse_item(dt_record *rec, const char *line, size_t len)
{
	const char *end = line + len, *p;
	int item;

	memset(rec, 0, sizeof(*rec));
	rec->tests_exit = -1;
	p = item_text(line, end, &item);
	if (!item || !entry_starts(p, end))
		return 0;
	rec->value_off = (size_t)(p - line);
	p = entries(rec, line, p, end);
	if (!rec->nhashes)
		return 0;
	rec->kind = DT_REC_HASHES;
	rec->in_list = 1;
	rec->whole = skip_blanks(p, end) >= end && !unclear(rec);
	return 1;
}

/* "**Tests:** `make test` — exit 0; 42 passed, 0 failed; 3.1 s; commit
 * a64aead, tree 9c1e2f0" */
/* Where "**Tests:**" starts on a Tests line, or NULL. */
static const char *tests_label(const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p + 1 < end && (*p == '-' || *p == '*') && p[1] == ' ')
		p += 2;
	return starts(p, end, "**Tests:**") ? p : NULL;
}

int dt_diary_is_tests_line(const char *line, size_t len)
{
	return tests_label(line, len) != NULL;
}

static int parse_tests(dt_record *rec, const char *line, size_t len)
{
	const char *p = tests_label(line, len), *end = line + len, *q;
	if (!p)
		return 0;
	for (q = p; q < end; q++) {
		if (starts(q, end, "exit ") && q + 5 < end && dt_isdigit((unsigned char)q[5])) {
			/* digits up to the end of the line only: it need not end in NUL */
			int code = 0;
			for (const char *d = q + 5;
			     d < end && dt_isdigit((unsigned char)*d) && code < 100000; d++)
				code = code * 10 + (*d - '0');
			rec->tests_exit = code;
		} else if (starts(q, end, "commit ") || starts(q, end, "tree ")) {
			int is_tree = *q == 't';
			const char *h = q + (is_tree ? 5 : 7), *e = h;
			while (e < end && dt_isxdigit((unsigned char)*e))
				e++;
			if (e - h >= 4) {
				char **slot = is_tree ? &rec->tests_tree : &rec->tests_commit;
				free(*slot);
				*slot = dt_xstrndup(h, (size_t)(e - h));
			}
		}
	}
	return 1;
}

static void add_claim(dt_step *s, size_t n)
{
	s->claims = dt_xrealloc(s->claims, (s->nclaims + 1) * sizeof(*s->claims));
	s->claims[s->nclaims++] = n;
}

static void add_stable(dt_step *s, const char *p, size_t n)
{
	s->stable_claims =
	    dt_xrealloc(s->stable_claims, (s->nstable + 1) * sizeof(*s->stable_claims));
	s->stable_claims[s->nstable++] = dt_xstrndup(p, n);
}

/* "7, 8-10, t:ab12" */
static void parse_claim_list(dt_step *s, const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ' ' || *p == ',' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		if (starts(p, end, "and ")) {
			p += 4;
			continue;
		}
		if (starts(p, end, "t:")) {
			const char *e = p + 2;
			while (e < end &&
			       (dt_islower((unsigned char)*e) || dt_isdigit((unsigned char)*e)))
				e++;
			if (e - p - 2 >= 2 && e - p - 2 <= 12)
				add_stable(s, p + 2, (size_t)(e - p - 2));
			p = e;
			continue;
		}
		if (dt_isdigit((unsigned char)*p)) {
			size_t a = 0, b;
			while (p < end && dt_isdigit((unsigned char)*p) && a < 1000000)
				a = a * 10 + (size_t)(*p++ - '0');
			b = a;
			if (p < end && *p == '-' && p + 1 < end &&
			    dt_isdigit((unsigned char)p[1])) {
				p++;
				b = 0;
				while (p < end && dt_isdigit((unsigned char)*p) && b < 1000000)
					b = b * 10 + (size_t)(*p++ - '0');
			}
			for (size_t n = a; n <= b && n - a < 1000; n++)
				add_claim(s, n);
			continue;
		}
		break; /* anything else ends the list */
	}
}

/* "(Task 7)", "(Tasks 6-8)", "(Task 3, 5)", "(task t:ab12)" in a heading */
static void heading_claims(dt_step *s, const char *p, const char *end)
{
	for (const char *q = p; q < end; q++) {
		const char *close, *r;
		if (*q != '(' || !starts_nocase(q + 1, end, "task"))
			continue;
		r = q + 5;
		if (r < end && (*r == 's' || *r == 'S'))
			r++;
		if (r >= end || *r != ' ')
			continue;
		close = memchr(r, ')', (size_t)(end - r));
		if (close)
			parse_claim_list(s, r, close);
	}
}

void dt_step_claims_in(dt_step *s, const char *text, size_t len)
{
	heading_claims(s, text, text + len);
}

void dt_step_claim_list(dt_step *s, const char *list, size_t len)
{
	parse_claim_list(s, list, list + len);
}

/* What a step heading holds; spans point into the line. */
typedef struct {
	long number, number_to;
	const char *num; /* "5b" of "## Step 5b: Title", "" of "## Step: Title" */
	size_t num_len;
	char suffix; /* 'b' of "Step 5b", else 0 */
	const char *title;
	size_t title_len;
} heading;

/* 1: "## Step N: Title", "## Step N-M: Title" or "## Step Nb: Title" (one
 * letter after N, written when a step is put in between); 2: "## Step:
 * Title", a step without a number; 0: no step heading ("## Steps 4",
 * "## Step-by-Step Log", "## Step two", "## Step 1st"). */
static int step_heading(heading *h, const char *p, size_t n)
{
	const char *end = p + n, *q;
	int rc = 1;

	if (!starts(p, end, "## Step"))
		return 0;
	memset(h, 0, sizeof(*h));
	q = p + 7;
	h->num = q;
	if (q < end && *q == ':') {
		rc = 2;
		q++;
		goto title;
	}
	if (q >= end || *q != ' ')
		return 0;
	h->num = ++q;
	if (q >= end || !dt_isdigit((unsigned char)*q))
		return 0;
	while (q < end && dt_isdigit((unsigned char)*q) && h->number < 1000000)
		h->number = h->number * 10 + (*q++ - '0');
	h->number_to = h->number;
	if (q < end && *q == '-' && q + 1 < end && dt_isdigit((unsigned char)q[1])) {
		h->number_to = 0;
		q++;
		while (q < end && dt_isdigit((unsigned char)*q) && h->number_to < 1000000)
			h->number_to = h->number_to * 10 + (*q++ - '0');
	} else if (q < end && dt_isalpha((unsigned char)*q) &&
	           (q + 1 == end || q[1] == ':' || q[1] == ' ' || q[1] == '\r')) {
		h->suffix = *q++;
	}
	if (q < end && *q != ':' && *q != ' ' && *q != '\r')
		return 0;
	h->num_len = (size_t)(q - h->num);
	if (q < end && *q == ':')
		q++;
title:
	while (q < end && *q == ' ')
		q++;
	while (end > q && dt_isspace((unsigned char)end[-1]))
		end--;
	h->title = q;
	h->title_len = (size_t)(end - q);
	return rc;
}

int dt_diary_step_heading(const char *p, size_t n, long *number, long *number_to,
                          const char **title, size_t *title_len)
{
	heading h;
	int rc = step_heading(&h, p, n);
	if (rc) {
		*number = h.number;
		*number_to = h.number_to;
		*title = h.title;
		*title_len = h.title_len;
	}
	return rc;
}

static int parse_step_heading(dt_step *s, const char *p, size_t n)
{
	heading h;
	int rc = step_heading(&h, p, n);
	if (!rc)
		return 0;
	s->number = h.number;
	s->number_to = h.number_to;
	s->unnumbered = rc == 2;
	s->suffix = h.suffix;
	/* digits stop at 7 (1000000), so "1000000-1000000" fits */
	memcpy(s->label, h.num, h.num_len < sizeof(s->label) ? h.num_len : sizeof(s->label) - 1);
	s->title = dt_xstrndup(h.title, h.title_len);
	heading_claims(s, h.title, h.title + h.title_len);
	return 1;
}

/* Offsets of a record parsed from its line made offsets in the file. */
static void shift_record(dt_record *rec, size_t base)
{
	for (size_t i = 0; i < rec->nhashes; i++) {
		dt_hashref *h = &rec->hashes[i];
		h->off += base;
		h->entry_off += base;
		h->entry_end += base;
		if (h->subj_len)
			h->subj_off += base;
	}
	rec->value_off += base;
}

static void close_step(dt_diary *d, size_t off, size_t line)
{
	dt_step *s;
	if (!d->nsteps)
		return;
	s = &d->steps[d->nsteps - 1];
	if (s->end)
		return;
	s->end = off;
	s->end_line = line;
	if (!s->h3_off) {
		s->h3_off = off;
		s->h3_line = line;
	}
}

int dt_diary_parse(dt_diary *out, const char *data, size_t len, const char *path)
{
	const char *p = data, *end = data + len;
	size_t line = 0, salloc = 0, ralloc = 0;
	dt_md_fencer fences = DT_MD_FENCER_INIT;
	int error, in_step = 0;
	size_t bare = DT_NO_STEP, list_line = 0; /* a bare label, and its list's last line */
	dt_frontmatter_span span;
	dt_ynode *fm = NULL;

	memset(out, 0, sizeof(*out));
	if ((error = dt_ydoc_nul_error(data, len, path, 1, "")) < 0)
		return error;
	{
		const char *nl = memchr(data, '\n', len);
		out->crlf = nl && nl > data && nl[-1] == '\r';
	}
	out->final_newline = len > 0 && data[len - 1] == '\n';
	if (dt_frontmatter_find(&span, data, len, path) == 1) {
		out->body_off = span.body_off;
		out->body_line = span.body_line;
		if (dt_ydoc_parse(&fm, data + span.yaml_off, span.yaml_len, path, span.yaml_line) <
		    0)
			out->fm_error = dt_xstrdup(dt_error_last());
		else if (dt_frontmatter_str(fm, "Title"))
			out->title = dt_xstrdup(dt_frontmatter_str(fm, "Title"));
		dt_ynode_free(fm);
		p = data + span.body_off;
		line = span.body_line - 1;
	} else {
		dt_error_clear();
		out->body_line = 1;
		if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) /* a BOM, no frontmatter */
			p = data + 3;
	}

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		if (n > DT_DIARY_MAX_LINE) {
			dt_diary_dispose(out);
			return dt_error_set(DT_EINVALID,
			                    "%s:%zu: line is %zu bytes, over the limit of %u", path,
			                    line, n, DT_DIARY_MAX_LINE);
		}
		if (n && p[n - 1] == '\r')
			n--;
		if (dt_md_fenced(&fences, p, n)) {
			if (fences.fence && !out->open_fence_line)
				out->open_fence_line = line;
			else if (!fences.fence)
				out->open_fence_line = 0;
			goto next;
		}
		if (n >= 3 && !memcmp(p, "## ", 3)) {
			dt_step s;
			bare = DT_NO_STEP;
			close_step(out, (size_t)(p - data), line);
			in_step = 0;
			memset(&s, 0, sizeof(s));
			if (parse_step_heading(&s, p, n)) {
				DT_ARRAY_GROW(out->steps, salloc, out->nsteps + 1);
				s.line = line;
				s.off = (size_t)(p - data);
				s.first_record = out->nrecords;
				out->steps[out->nsteps++] = s;
				in_step = 1;
			}
			goto next;
		}
		if (in_step && n >= 4 && !memcmp(p, "###", 3) && (p[3] == ' ' || p[3] == '#')) {
			dt_step *s = &out->steps[out->nsteps - 1];
			bare = DT_NO_STEP;
			if (!s->h3_off) {
				s->h3_off = (size_t)(p - data);
				s->h3_line = line;
			}
			goto next;
		}
		{
			/* records, Tests and Tasks lines start (after indent) with
			 * '*', '-', '+' or "Commit": prose lines are passed over at
			 * once (and end the list of a bare label) */
			size_t k = 0;
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k >= n)
				goto next;
			if (p[k] != '*' && p[k] != '-' && p[k] != 'C' && p[k] != '+') {
				bare = DT_NO_STEP;
				goto next;
			}
		}
		{
			dt_record rec;
			int item = 0;
			if (dt_diary_parse_record(&rec, p, n) ||
			    (bare != DT_NO_STEP && line - list_line <= 2 &&
			     (item = dt_diary_parse_item(&rec, p, n)) != 0)) {
				DT_ARRAY_GROW(out->records, ralloc, out->nrecords + 1);
				rec.line = line;
				rec.off = (size_t)(p - data);
				rec.len = n;
				shift_record(&rec, rec.off);
				rec.step = in_step ? out->nsteps - 1 : DT_NO_STEP;
				if (item) {
					dt_record *label = &out->records[bare];
					if (label->label)
						rec.label = dt_xstrdup(label->label);
					label->kind = DT_REC_LABEL;
					list_line = line;
				} else if (rec.kind == DT_REC_WAITING &&
				           rec.value_off == rec.off + rec.len) {
					bare = out->nrecords;
					list_line = line;
				} else {
					bare = DT_NO_STEP;
				}
				out->records[out->nrecords++] = rec;
				if (in_step)
					out->steps[out->nsteps - 1].nrecords++;
				goto next;
			}
		}
		if (out->nrecords && out->records[out->nrecords - 1].line == line - 1 &&
		    !out->records[out->nrecords - 1].tests_line) {
			dt_record *r = &out->records[out->nrecords - 1];
			if (parse_tests(r, p, n)) {
				r->tests_line = line;
				r->tests_off = (size_t)(p - data);
				r->tests_len = n;
				if (bare != DT_NO_STEP && r->in_list)
					list_line = line;
				goto next;
			}
		}
		bare = DT_NO_STEP;
		if (in_step) {
			const char *q = p, *qe = p + n;
			while (q < qe && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 1 < qe && (*q == '-' || *q == '*') && q[1] == ' ')
				q += 2;
			if (starts(q, qe, "**Tasks:**"))
				parse_claim_list(&out->steps[out->nsteps - 1], q + 10, qe);
		}
	next:
		p = nl ? nl + 1 : end;
	}
	out->nlines = line;
	close_step(out, len, line + 1);
	return 0;
}

int dt_diary_text_records(const char *data, size_t len, const char *path, const char *hex)
{
	dt_diary d;
	int yes;
	if (dt_diary_parse(&d, data, len, path) < 0) {
		dt_error_clear();
		return 0;
	}
	yes = dt_diary_find_hash(&d, hex, NULL) != NULL;
	dt_diary_dispose(&d);
	return yes;
}

int dt_hash_names(const char *written, const char *full)
{
	size_t n = strlen(written);
	return n >= 7 && !strncmp(written, full, n);
}

static int hash_matches(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	return n >= 7 && !strncmp(a, b, n);
}

const dt_record *dt_diary_find_hash(const dt_diary *d, const char *hex, size_t *which)
{
	for (size_t i = 0; i < d->nrecords; i++)
		for (size_t k = 0; k < d->records[i].nhashes; k++)
			if (!d->records[i].hashes[k].foreign &&
			    hash_matches(d->records[i].hashes[k].hex, hex)) {
				if (which)
					*which = k;
				return &d->records[i];
			}
	return NULL;
}

const dt_step *dt_diary_step_number(const dt_diary *d, long n)
{
	const dt_step *suffixed = NULL;
	for (size_t i = d->nsteps; i-- > 0;) {
		const dt_step *s = &d->steps[i];
		if (s->unnumbered || n < s->number || n > s->number_to)
			continue;
		/* "Step 5" is step 5 even when a "Step 5b" follows it */
		if (!s->suffix)
			return s;
		if (!suffixed)
			suffixed = s;
	}
	return suffixed;
}

/* ---- commits of other repositories (repos:) ---- */

static int is_name_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '+' || c == '/' || c == '&' || c == ';';
}

/* The index in `names` of the name that a word of p[0..len) is (ignoring
 * case); -1 when none is, -2 when several different ones are. */
static long name_in(const char *p, size_t len, const dt_strvec *names)
{
	const char *end = p + len;
	long found = -1;

	while (p < end) {
		const char *w;
		while (p < end && is_name_sep(*p))
			p++;
		for (w = p; p < end && !is_name_sep(*p);)
			p++;
		for (size_t i = 0; p > w && i < names->count; i++)
			if (strlen(names->items[i]) == (size_t)(p - w) &&
			    !dt_ascii_ncasecmp(w, names->items[i], (size_t)(p - w))) {
				if (found >= 0 && found != (long)i)
					return -2;
				found = (long)i;
			}
	}
	return found;
}

/* The name in the "(... repo)" right after hash h of record r, or -1. */
static long annotation_name(const char *data, const dt_record *r, const dt_hashref *h,
                            const dt_strvec *names)
{
	const char *p = data + h->off + h->len, *end = data + r->off + r->len, *close;
	if (p < end && *p == '`')
		p++;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		return -1;
	p += 2;
	close = memchr(p, ')', (size_t)(end - p));
	if (!close || close - p < 4 || memcmp(close - 4, "repo", 4))
		return -1;
	return name_in(p, (size_t)(close - 4 - p), names);
}

static void set_repo(dt_hashref *h, const char *name)
{
	free(h->repo);
	h->repo = name ? dt_xstrdup(name) : NULL;
	h->foreign = 1;
}

void dt_diary_mark_repos(dt_diary *d, const char *data, const dt_strvec *names)
{
	if (!names || !names->count)
		return;
	for (size_t i = 0; i < d->nrecords; i++) {
		dt_record *r = &d->records[i];
		long label = r->label ? name_in(r->label, strlen(r->label), names) : -1;
		for (size_t k = 0; k < r->nhashes; k++) {
			dt_hashref *h = &r->hashes[k];
			long n = -1;
			if (h->foreign && h->repo)
				n = name_in(h->repo, strlen(h->repo), names);
			else if (h->foreign && data)
				n = annotation_name(data, r, h, names);
			if (n >= 0)
				set_repo(h, names->items[n]);
			else if (!h->foreign && label != -1)
				set_repo(h, label >= 0 ? names->items[label] : NULL);
		}
	}
}
