#include "frontmatter.h"
#include "common.h"

#include <string.h>

/* Is the line at p (up to end) exactly "---" with optional trailing spaces
 * and CR? */
static int is_fence(const char *p, const char *end)
{
	if (end - p < 3 || memcmp(p, "---", 3) != 0)
		return 0;
	p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == '\n';
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

int dt_frontmatter_find(dt_frontmatter_span *span, const char *data, size_t len, const char *path)
{
	const char *p = data, *end = data + len;
	size_t line = 2;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (!is_fence(p, end))
		return 0;
	p = line_end(p, end);
	if (p == end)
		return dt_error_set(DT_EINVALID,
		                    "%s:1: frontmatter opened with '---' is never closed", path);
	p++;
	span->yaml_off = (size_t)(p - data);
	span->yaml_line = 2;
	while (p < end) {
		const char *e = line_end(p, end);
		if (is_fence(p, e)) {
			span->yaml_len = (size_t)(p - data) - span->yaml_off;
			span->body_off = (size_t)(e - data) + (e < end);
			span->body_line = line + 1;
			return 1;
		}
		p = e + (e < end);
		line++;
	}
	return dt_error_set(DT_EINVALID, "%s:1: frontmatter opened with '---' is never closed",
	                    path);
}

int dt_frontmatter_parse(dt_ynode **out, const char *data, size_t len, const char *path)
{
	dt_frontmatter_span span;
	int found;

	*out = NULL;
	found = dt_frontmatter_find(&span, data, len, path);
	if (found <= 0)
		return found;
	if ((found = dt_ydoc_nul_error(data + span.yaml_off, span.yaml_len, path, span.yaml_line,
	                               "frontmatter")) < 0)
		return found;
	return dt_ydoc_parse(out, data + span.yaml_off, span.yaml_len, path, span.yaml_line);
}

const char *dt_frontmatter_str(const dt_ynode *fm, const char *key)
{
	const dt_ynode *n = dt_ynode_get(fm, key);
	return n && n->type == DT_YNODE_SCALAR ? n->value : NULL;
}

static int digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!dt_isdigit((unsigned char)(*s)[i]))
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int dt_parse_datetime(int64_t *out, const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		goto bad;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			goto bad;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se))
				goto bad;
			if (*p == '.') {
				p++;
				if (!dt_isdigit((unsigned char)*p))
					goto bad;
				while (dt_isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			goto bad;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (digits(&p, 2, &oh))
				goto bad;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &om) || oh > 23 || om > 59)
				goto bad;
		}
	}
	if (*p)
		goto bad;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	       sign * (oh * 3600 + om * 60);
	return 0;
bad:
	return dt_error_set(DT_EINVALID, "'%s' is not a date (expected YYYY-MM-DD or RFC 3339)", s);
}
