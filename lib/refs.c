#include "refs.h"
#include "common.h"
#include "message.h"

#include <stdlib.h>
#include <string.h>

const char *dt_ref_source_name(dt_ref_source s)
{
	switch (s) {
	case DT_REF_PREFIX:
		return "subject prefix";
	case DT_REF_SCOPE:
		return "conventional scope";
	case DT_REF_TRAILER:
		return "trailer";
	case DT_REF_WORD:
		return "subject word";
	case DT_REF_PATTERN:
		return "pattern";
	case DT_REF_BRANCH:
		return "branch name";
	}
	return "?";
}

static int id_char(int c)
{
	return dt_isalnum(c) || c == '-' || c == '_' || c == '.';
}

int dt_ref_looks_like_id(const char *s, size_t len)
{
	int ok = 0;
	if (!len || !dt_isalnum((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!id_char((unsigned char)s[i]))
			return 0;
		if (dt_isdigit((unsigned char)s[i]) || s[i] == '-')
			ok = 1;
	}
	return ok;
}

static void add_ref(dt_refs *out, const char *s, size_t len, dt_ref_source src, size_t line,
                    const char *detail)
{
	/* trim a trailing '.' (sentence end) */
	while (len && s[len - 1] == '.')
		len--;
	if (!dt_ref_looks_like_id(s, len) || out->count >= DT_REFS_MAX)
		return;
	for (size_t i = 0; i < out->count; i++)
		if (strlen(out->items[i].text) == len &&
		    !dt_ascii_ncasecmp(out->items[i].text, s, len))
			return;
	DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
	memset(&out->items[out->count], 0, sizeof(dt_ref));
	out->items[out->count].text = dt_xstrndup(s, len);
	out->items[out->count].source = src;
	out->items[out->count].line = line;
	out->items[out->count].detail = detail ? dt_xstrdup(detail) : NULL;
	out->items[out->count].res.status = DT_RESOLVE_UNKNOWN;
	out->count++;
}

/* Split s[0..len) on commas and white space into ID-shaped tokens. */
static void add_list(dt_refs *out, const char *s, size_t len, dt_ref_source src, size_t line,
                     const char *detail)
{
	size_t i = 0;
	while (i < len) {
		size_t start;
		while (i < len && (s[i] == ',' || s[i] == ' ' || s[i] == '\t' || s[i] == ';'))
			i++;
		start = i;
		while (i < len && s[i] != ',' && s[i] != ' ' && s[i] != '\t' && s[i] != ';')
			i++;
		if (i > start)
			add_ref(out, s + start, i - start, src, line, detail);
	}
}

const char *dt_subject_target(const char *subject)
{
	static const char *prefixes[] = {"fixup! ", "squash! ", "amend! "};
	int again = 1;
	while (again) {
		again = 0;
		for (size_t i = 0; i < DT_ARRAY_SIZE(prefixes); i++) {
			size_t n = strlen(prefixes[i]);
			if (!strncmp(subject, prefixes[i], n)) {
				subject += n;
				again = 1;
			}
		}
	}
	return subject;
}

/* Skip a leading gitmoji: ":sparkles: " or a run of non-ASCII bytes
 * (an emoji) followed by a space. */
static const char *skip_gitmoji(const char *s)
{
	const char *p = s;
	if (*p == ':') {
		p++;
		while (dt_isalnum((unsigned char)*p) || *p == '_' || *p == '+' || *p == '-')
			p++;
		if (*p == ':' && p > s + 1 && p[1] == ' ') {
			p += 2;
			while (*p == ' ')
				p++;
			return p;
		}
		return s;
	}
	while ((unsigned char)*p >= 0x80)
		p++;
	/* variation selectors and joiners are non-ASCII too; then a space */
	if (p > s && *p == ' ') {
		while (*p == ' ')
			p++;
		return p;
	}
	return s;
}

/* Revert "X" / Reapply "X": the quoted X (possibly nested). */
static void unwrap_quoted(const char **s, size_t *len)
{
	static const char *wrappers[] = {"Revert \"", "Reapply \""};
	int again = 1;
	while (again) {
		again = 0;
		for (size_t i = 0; i < DT_ARRAY_SIZE(wrappers); i++) {
			size_t n = strlen(wrappers[i]);
			if (*len > n + 1 && !strncmp(*s, wrappers[i], n) && (*s)[*len - 1] == '"') {
				*s += n;
				*len -= n + 1;
				again = 1;
			}
		}
	}
}

static void subject_refs(dt_refs *out, const char *subject)
{
	const char *s = dt_subject_target(subject), *p;
	size_t len;

	s = skip_gitmoji(s);
	len = strlen(s);
	unwrap_quoted(&s, &len);
	s = skip_gitmoji(s);
	len = strnlen(s, len);
	p = s;

	/* 1a. leading bracket groups: "[VM-023] ...", "[VM-1, VM-2][WIP] ..." */
	while (p < s + len && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(s + len - p));
		if (!close)
			break;
		add_list(out, p + 1, (size_t)(close - p - 1), DT_REF_PREFIX, 1, NULL);
		p = close + 1;
		while (*p == ' ')
			p++;
	}
	/* 2. conventional commit: type(scope, scope)!: */
	{
		const char *q = p;
		while (dt_isalpha((unsigned char)*q))
			q++;
		if (q > p && *q == '(') {
			const char *close = strchr(q, ')');
			if (close) {
				const char *after = close + 1;
				if (*after == '!')
					after++;
				if (*after == ':' && (after[1] == ' ' || after[1] == '\0')) {
					add_list(out, q + 1, (size_t)(close - q - 1), DT_REF_SCOPE,
					         1, NULL);
					return;
				}
			}
		}
	}
	/* 1b. "VM-023: ..." or "VM-1,VM-2: ..." */
	{
		const char *q = p;
		while (id_char((unsigned char)*q) || *q == ',')
			q++;
		if (q > p && *q == ':' && (q[1] == ' ' || q[1] == '\0'))
			add_list(out, p, (size_t)(q - p), DT_REF_PREFIX, 1, NULL);
	}
}

/* 4. Jira-shaped words [A-Z][A-Z0-9]+-[0-9]+ at word boundaries. */
static void word_refs(dt_refs *out, const char *subject)
{
	const char *s = subject;
	for (const char *p = s; *p; p++) {
		const char *q = p;
		if (!dt_isupper((unsigned char)*p))
			continue;
		if (p > s && (dt_isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		q++;
		if (!(dt_isupper((unsigned char)*q) || dt_isdigit((unsigned char)*q)))
			continue;
		while (dt_isupper((unsigned char)*q) || dt_isdigit((unsigned char)*q))
			q++;
		if (*q != '-' || !dt_isdigit((unsigned char)q[1]))
			continue;
		q++;
		while (dt_isdigit((unsigned char)*q))
			q++;
		if (dt_isalnum((unsigned char)*q) || *q == '_')
			continue;
		add_ref(out, p, (size_t)(q - p), DT_REF_WORD, 1, NULL);
		p = q - 1;
	}
}

static int is_ref_trailer(const char *key)
{
	return !dt_ascii_casecmp(key, "Ticket") || !dt_ascii_casecmp(key, "Tickets") ||
	       !dt_ascii_casecmp(key, "Refs") || !dt_ascii_casecmp(key, "Ref");
}

/* The line of text[off], counted on from an earlier (pos, line) pair so
 * that many matches in a long message cost one pass. */
static size_t line_at(const char *text, size_t off, size_t *pos, size_t *line)
{
	if (off < *pos) {
		*pos = 0;
		*line = 1;
	}
	for (; *pos < off; (*pos)++)
		*line += text[*pos] == '\n';
	return *line;
}

int dt_refs_extract(dt_refs *out, const char *clean, const dt_config *cfg)
{
	dt_buf subject = DT_BUF_INIT;
	dt_trailers tr = DT_TRAILERS_INIT;
	int error = 0;

	memset(out, 0, sizeof(*out));
	dt_message_subject(&subject, clean);
	subject_refs(out, subject.ptr);
	dt_message_trailers(&tr, clean);
	for (size_t i = 0; i < tr.count; i++)
		if (is_ref_trailer(tr.items[i].key))
			add_list(out, tr.items[i].value, strlen(tr.items[i].value), DT_REF_TRAILER,
			         tr.items[i].line, tr.items[i].key);
	word_refs(out, dt_subject_target(subject.ptr));

	if (cfg && cfg->pattern_re) {
		size_t len = strlen(clean);
		for (size_t i = 0; i < cfg->pattern_count && cfg->pattern_re[i]; i++) {
			size_t off = 0, start, mlen, lpos = 0, lnum = 1;
			int rc;
			while (off <= len &&
			       (rc = dt_regex_match(cfg->pattern_re[i], clean, len, off, "ref",
			                            &start, &mlen)) != 0) {
				size_t end;
				if (rc < 0) {
					error = rc;
					goto cleanup;
				}
				add_ref(out, clean + start, mlen, DT_REF_PATTERN,
				        line_at(clean, start, &lpos, &lnum),
				        cfg->patterns.items[i]);
				/* go on after the whole match (one byte on for an empty one) */
				end = dt_regex_last_end(cfg->pattern_re[i]);
				off = end > off ? end : off + 1;
			}
		}
	}

cleanup:
	dt_trailers_dispose(&tr);
	dt_buf_dispose(&subject);
	return error;
}

int dt_branch_ticket(char **out, const char *branch, const dt_tickets *tk)
{
	const char *p = branch;
	dt_strvec found = DT_STRVEC_INIT;

	*out = NULL;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		/* the whole component, then shorter at each '-': the longest
		 * leading part that names exactly one ticket */
		for (size_t k = n; k > 0; k--) {
			dt_resolution r;
			char *part;
			if (k < n && p[k] != '-')
				continue;
			if (!dt_ref_looks_like_id(p, k))
				continue;
			part = dt_xstrndup(p, k);
			dt_tickets_resolve(&r, tk, part, 0);
			free(part);
			if (r.status == DT_RESOLVE_OK) {
				if (!dt_strvec_contains(&found, r.ids.items[0]))
					dt_strvec_push(&found, r.ids.items[0]);
				dt_resolution_dispose(&r);
				break;
			}
			dt_resolution_dispose(&r);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (found.count == 1) {
		*out = found.items[0];
		found.items[0] = NULL;
		found.count = 0;
	}
	dt_strvec_dispose(&found);
	return *out ? 0 : DT_ENOTFOUND;
}

static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!dt_ascii_ncasecmp(hay, needle, n))
			return 1;
	return 0;
}

void dt_refs_resolve(dt_refs *refs, const dt_tickets *tk)
{
	for (size_t i = 0; i < refs->count; i++) {
		dt_resolution_dispose(&refs->items[i].res);
		dt_tickets_resolve(&refs->items[i].res, tk, refs->items[i].text, 3);
	}
	/* "VM-023-IMPROVE-DOC: x" (a typo) holds the word "VM-023": the word
	 * is part of a ref that names nothing, and must not vouch for it */
	for (size_t i = 0; i < refs->count; i++) {
		dt_ref *w = &refs->items[i];
		if (w->source != DT_REF_WORD || w->res.status != DT_RESOLVE_OK)
			continue;
		for (size_t k = 0; k < refs->count; k++) {
			const dt_ref *r = &refs->items[k];
			if (r->source != DT_REF_WORD && r->res.status != DT_RESOLVE_OK &&
			    contains_nocase(r->text, w->text)) {
				dt_resolution_dispose(&w->res);
				break;
			}
		}
	}
}

int dt_ref_counts(const dt_ref *r)
{
	return r->source != DT_REF_WORD || r->res.status == DT_RESOLVE_OK;
}

void dt_refs_named(dt_strvec *out, const dt_refs *refs)
{
	for (size_t i = 0; i < refs->count; i++) {
		const dt_ref *r = &refs->items[i];
		if (r->res.status == DT_RESOLVE_OK && !dt_strvec_contains(out, r->res.ids.items[0]))
			dt_strvec_push(out, r->res.ids.items[0]);
	}
}

void dt_refs_dispose(dt_refs *refs)
{
	for (size_t i = 0; i < refs->count; i++) {
		free(refs->items[i].text);
		free(refs->items[i].detail);
		dt_resolution_dispose(&refs->items[i].res);
	}
	free(refs->items);
	memset(refs, 0, sizeof(*refs));
}
