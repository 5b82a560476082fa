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

/* The subject after the separator: "…", `…` or “…”, else the rest. */
static char *subject_at(const char *p, const char *end)
{
	const char *close;
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return NULL;
	if (*p == '"' || *p == '`') {
		for (close = end; close > p + 1 && close[-1] != *p; close--)
			;
		if (close > p + 1)
			return dt_xstrndup(p + 1, (size_t)(close - 1 - (p + 1)));
	}
	if (starts(p, end, "\xE2\x80\x9C")) { /* “ */
		const char *q = p + 3;
		for (close = end; close - 3 > q && !starts(close - 3, end, "\xE2\x80\x9D"); close--)
			;
		if (close - 3 > q)
			return dt_xstrndup(q, (size_t)(close - 3 - q));
	}
	return dt_xstrndup(p, (size_t)(end - p));
}

static int is_word_end(const char *p, const char *end)
{
	return p >= end || !dt_isalnum((unsigned char)*p);
}

int dt_diary_parse_record(dt_record *rec, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *v;
	const char *label = NULL;
	size_t label_len = 0;

	memset(rec, 0, sizeof(*rec));
	rec->tests_exit = -1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p + 1 < end && (*p == '-' || *p == '*') && (p[1] == ' ' || p[1] == '\t')) {
		p += 2;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	{
		int bold = starts(p, end, "**Commit");
		if (bold)
			p += 8;
		else if (starts(p, end, "Commit"))
			p += 6;
		else
			return 0;
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
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	rec->value_off = (size_t)(p - line);
	rec->label = label ? dt_xstrndup(label, label_len) : NULL;
	v = p;
	if (v >= end) {
		rec->kind = DT_REC_WAITING;
		return 1;
	}
	if (starts_nocase(v, end, "N/A")) {
		rec->kind = DT_REC_NA;
		return 1;
	}
	if ((starts_nocase(v, end, "pending") && is_word_end(v + 7, end)) ||
	    (starts_nocase(v, end, "TBD") && is_word_end(v + 3, end)) ||
	    (starts_nocase(v, end, "TODO") && is_word_end(v + 4, end))) {
		rec->kind = DT_REC_WAITING;
		return 1;
	}
	/* hashes: `abc1234`, abc1234, separated by commas or spaces, each
	 * maybe followed by "(... repo)" */
	for (;;) {
		const char *h = p, *e;
		int tick = 0;
		size_t alloc;
		if (p < end && *p == '`') {
			tick = 1;
			h = ++p;
		}
		e = h;
		while (e < end && dt_isxdigit((unsigned char)*e))
			e++;
		if (e - h < 7 || e - h > 64 || (e < end && dt_isalnum((unsigned char)*e)) ||
		    (tick && (e >= end || *e != '`'))) {
			p = tick ? h - 1 : h;
			break;
		}
		alloc = rec->nhashes + 1;
		rec->hashes = dt_xrealloc(rec->hashes, alloc * sizeof(*rec->hashes));
		rec->hashes[rec->nhashes].off = (size_t)(h - line);
		rec->hashes[rec->nhashes].len = (size_t)(e - h);
		rec->hashes[rec->nhashes].hex = dt_xstrndup(h, (size_t)(e - h));
		for (char *c = rec->hashes[rec->nhashes].hex; *c; c++)
			*c = (char)dt_tolower((unsigned char)*c);
		rec->hashes[rec->nhashes].foreign = 0;
		rec->hashes[rec->nhashes].repo = NULL;
		rec->nhashes++;
		p = e + tick;
		if (p + 1 < end && *p == ' ' && p[1] == '(') {
			const char *close = memchr(p, ')', (size_t)(end - p));
			if (close && close - p >= 6 && !memcmp(close - 4, "repo", 4)) {
				rec->hashes[rec->nhashes - 1].foreign = 1;
				p = close + 1;
			}
		}
		{
			const char *q = p;
			while (q < end && (*q == ',' || *q == ' ') && !separator(q, end))
				q++;
			if (q < end && (dt_isxdigit((unsigned char)*q) || *q == '`') && q > p) {
				p = q;
				continue;
			}
		}
		break;
	}
	if (!rec->nhashes) {
		rec->kind = DT_REC_OTHER;
		return 1;
	}
	rec->kind = DT_REC_HASHES;
	{
		size_t s;
		while (p < end && *p == ',')
			p++;
		if ((s = separator(p, end)) != 0)
			rec->subject = subject_at(p + s, end);
	}
	return 1;
}

/* "**Tests:** `make test` — exit 0; 42 passed, 0 failed; 3.1 s; commit
 * a64aead, tree 9c1e2f0" */
static int parse_tests(dt_record *rec, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *q;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p + 1 < end && (*p == '-' || *p == '*') && p[1] == ' ')
		p += 2;
	if (!starts(p, end, "**Tests:**"))
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

int dt_diary_step_heading(const char *p, size_t n, long *number, long *number_to,
                          const char **title, size_t *title_len)
{
	const char *end = p + n, *q;
	long a = 0, b;
	if (!starts(p, end, "## Step "))
		return 0;
	q = p + 8;
	if (q >= end || !dt_isdigit((unsigned char)*q))
		return 0;
	while (q < end && dt_isdigit((unsigned char)*q) && a < 1000000)
		a = a * 10 + (*q++ - '0');
	b = a;
	if (q < end && *q == '-' && q + 1 < end && dt_isdigit((unsigned char)q[1])) {
		b = 0;
		q++;
		while (q < end && dt_isdigit((unsigned char)*q) && b < 1000000)
			b = b * 10 + (*q++ - '0');
	}
	if (q < end && *q != ':' && *q != ' ' && *q != '\r')
		return 0;
	if (q < end && *q == ':')
		q++;
	while (q < end && *q == ' ')
		q++;
	while (end > q && dt_isspace((unsigned char)end[-1]))
		end--;
	*number = a;
	*number_to = b;
	*title = q;
	*title_len = (size_t)(end - q);
	return 1;
}

static int parse_step_heading(dt_step *s, const char *p, size_t n)
{
	const char *title;
	size_t len;
	if (!dt_diary_step_heading(p, n, &s->number, &s->number_to, &title, &len))
		return 0;
	s->title = dt_xstrndup(title, len);
	heading_claims(s, title, title + len);
	return 1;
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
			if (!s->h3_off) {
				s->h3_off = (size_t)(p - data);
				s->h3_line = line;
			}
			goto next;
		}
		{
			/* records, Tests and Tasks lines start (after indent) with
			 * '*', '-' or "Commit": prose lines are passed over at once */
			size_t k = 0;
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k >= n || (p[k] != '*' && p[k] != '-' && p[k] != 'C'))
				goto next;
		}
		{
			dt_record rec;
			if (dt_diary_parse_record(&rec, p, n)) {
				DT_ARRAY_GROW(out->records, ralloc, out->nrecords + 1);
				rec.line = line;
				rec.off = (size_t)(p - data);
				rec.len = n;
				for (size_t i = 0; i < rec.nhashes; i++)
					rec.hashes[i].off += rec.off;
				rec.value_off += rec.off;
				rec.step = in_step ? out->nsteps - 1 : DT_NO_STEP;
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
				goto next;
			}
		}
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
	for (size_t i = d->nsteps; i-- > 0;)
		if (d->steps[i].number <= n && n <= d->steps[i].number_to)
			return &d->steps[i];
	return NULL;
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
