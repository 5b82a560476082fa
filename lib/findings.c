#include "findings.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

void dt_findings_add(dt_findings *f, dt_rule rule, dt_level level, const char *ticket,
                     const char *commit, const char *file, size_t line, const char *hint,
                     const char *fmt, ...)
{
	dt_finding *x;
	dt_buf msg = DT_BUF_INIT;
	va_list ap;

	if (level == DT_LEVEL_OFF)
		return;
	va_start(ap, fmt);
	dt_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	DT_ARRAY_GROW(f->items, f->alloc, f->count + 1);
	x = &f->items[f->count++];
	x->rule = rule;
	x->level = level;
	x->ticket = dt_xstrdup_null(ticket);
	x->commit = dt_xstrdup_null(commit);
	x->file = dt_xstrdup_null(file);
	x->line = line;
	x->hint = dt_xstrdup_null(hint);
	x->message = dt_buf_detach(&msg);
}

size_t dt_findings_count(const dt_findings *f, dt_level level)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		n += f->items[i].level == level;
	return n;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? -1 : b ? 1 : 0; /* NULL last */
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const dt_finding *a = pa, *b = pb;
	int c = cmp_str(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return strcmp(a->message, b->message);
}

void dt_findings_sort(dt_findings *f)
{
	if (f->count > 1)
		qsort(f->items, f->count, sizeof(*f->items), cmp_finding);
}

void dt_finding_dispose(dt_finding *x)
{
	free(x->ticket);
	free(x->commit);
	free(x->file);
	free(x->message);
	free(x->hint);
	memset(x, 0, sizeof(*x));
}

void dt_findings_dispose(dt_findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		dt_finding_dispose(&f->items[i]);
	free(f->items);
	memset(f, 0, sizeof(*f));
}

int dt_format_parse(const char *name)
{
	static const char *names[] = {"text", "json", "sarif", "junit", "github"};
	for (size_t i = 0; i < DT_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

/* Escape `s` into out (the repository's text is untrusted; JSON and XML
 * must stay valid): runs of bytes that need nothing (`plain` ASCII,
 * well-formed multi-byte UTF-8) copied at once, U+FFFD for bytes that are
 * not UTF-8, each other ASCII byte through `ascii`, which appends its
 * escape. */
static void escape_with(dt_buf *out, const char *s, int (*plain)(unsigned char),
                        void (*ascii)(dt_buf *, unsigned char))
{
	const char *run = s;
	size_t n;

	if (!s)
		return;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 ? plain(c) : (n = utf8_len((const unsigned char *)s)) != 0) {
			s += c < 0x80 ? 1 : n;
			continue;
		}
		dt_buf_put(out, run, (size_t)(s - run));
		if (c >= 0x80)
			dt_buf_puts(out, "\xEF\xBF\xBD");
		else
			ascii(out, c);
		run = ++s;
	}
	dt_buf_put(out, run, (size_t)(s - run));
}

/* The ASCII bytes JSON and XML text take as they are. */
static int json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

static int xml_plain(unsigned char c)
{
	/* XML 1.0 allows no control characters but tab, LF, CR */
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

static void json_ascii(dt_buf *out, unsigned char c)
{
	switch (c) {
	case '"':
		dt_buf_puts(out, "\\\"");
		break;
	case '\\':
		dt_buf_puts(out, "\\\\");
		break;
	case '\n':
		dt_buf_puts(out, "\\n");
		break;
	case '\r':
		dt_buf_puts(out, "\\r");
		break;
	case '\t':
		dt_buf_puts(out, "\\t");
		break;
	default:
		if (c < 0x20)
			dt_buf_printf(out, "\\u%04x", c);
		else
			dt_buf_putc(out, (char)c);
	}
}

static void xml_ascii(dt_buf *out, unsigned char c)
{
	switch (c) {
	case '&':
		dt_buf_puts(out, "&amp;");
		break;
	case '<':
		dt_buf_puts(out, "&lt;");
		break;
	case '>':
		dt_buf_puts(out, "&gt;");
		break;
	case '"':
		dt_buf_puts(out, "&quot;");
		break;
	case '\'':
		dt_buf_puts(out, "&apos;");
		break;
	default:
		/* XML 1.0 allows no control characters but tab, LF, CR */
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			dt_buf_putc(out, '?');
		else
			dt_buf_putc(out, (char)c);
	}
}

void dt_json_string(dt_buf *out, const char *s)
{
	dt_buf_putc(out, '"');
	escape_with(out, s, json_plain, json_ascii);
	dt_buf_putc(out, '"');
}

void dt_xml_escape(dt_buf *out, const char *s)
{
	escape_with(out, s, xml_plain, xml_ascii);
}

void dt_json_field(dt_buf *out, const char *key, const char *value, int comma)
{
	dt_buf_printf(out, "%s\"%s\": ", comma ? ", " : "", key);
	if (value)
		dt_json_string(out, value);
	else
		dt_buf_puts(out, "null");
}

static void write_text(dt_buf *out, const dt_findings *f, const dt_format_opts *o)
{
	const char *red = o->color ? "\033[1;31m" : "", *yellow = o->color ? "\033[1;33m" : "";
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		if (x->file && x->line)
			dt_buf_printf(out, "%s%s:%zu:%s ", bold, x->file, x->line, reset);
		else if (x->file)
			dt_buf_printf(out, "%s%s:%s ", bold, x->file, reset);
		else if (x->commit)
			dt_buf_printf(out, "%scommit %.12s:%s ", bold, x->commit, reset);
		else
			dt_buf_printf(out, "%sdiarist:%s ", bold, reset);
		dt_buf_printf(out, "%s%s:%s %s [%s]\n", x->level == DT_LEVEL_ERROR ? red : yellow,
		              dt_level_name(x->level), reset, x->message, dt_rule_name(x->rule));
		if (x->hint)
			dt_buf_printf(out, "  hint: %s\n", x->hint);
	}
}

typedef struct {
	const char *ticket;
	size_t errors, warnings;
} per_ticket;

static int cmp_worst(const void *pa, const void *pb)
{
	const per_ticket *a = pa, *b = pb;
	if (a->errors != b->errors)
		return a->errors > b->errors ? -1 : 1;
	if (a->warnings != b->warnings)
		return a->warnings > b->warnings ? -1 : 1;
	return strcmp(a->ticket, b->ticket);
}

/* The tickets with findings, worst first (errors, then warnings). */
static per_ticket *worst_tickets(const dt_findings *f, size_t *n)
{
	per_ticket *t = NULL;
	size_t alloc = 0;
	*n = 0;
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		size_t k;
		if (!x->ticket)
			continue;
		for (k = 0; k < *n && strcmp(t[k].ticket, x->ticket); k++)
			;
		if (k == *n) {
			DT_ARRAY_GROW(t, alloc, *n + 1);
			t[k].ticket = x->ticket;
			t[k].errors = t[k].warnings = 0;
			(*n)++;
		}
		if (x->level == DT_LEVEL_ERROR)
			t[k].errors++;
		else
			t[k].warnings++;
	}
	if (*n > 1)
		qsort(t, *n, sizeof(*t), cmp_worst);
	return t;
}

void dt_findings_write_summary(dt_buf *out, const dt_findings *f, size_t top)
{
	size_t per_rule[DT_RULE__COUNT] = {0}, n;
	per_ticket *t;

	for (size_t i = 0; i < f->count; i++)
		per_rule[f->items[i].rule]++;
	dt_buf_puts(out, "findings per rule:\n");
	for (int r = 0; r < DT_RULE__COUNT; r++)
		if (per_rule[r])
			dt_buf_printf(out, "  %-20s %6zu  %s\n", dt_rule_name((dt_rule)r),
			              per_rule[r],
			              dt_level_name(dt_rule_default_level((dt_rule)r)));
	t = worst_tickets(f, &n);
	if (n)
		dt_buf_printf(out, "worst tickets%s:\n", n > top ? " (first ones)" : "");
	for (size_t i = 0; i < n && i < top; i++)
		dt_buf_printf(out, "  %-40s %5zu error%s %5zu warning%s\n", t[i].ticket,
		              t[i].errors, t[i].errors == 1 ? " " : "s", t[i].warnings,
		              t[i].warnings == 1 ? "" : "s");
	free(t);
}

static void write_json(dt_buf *out, const dt_findings *f, const dt_format_opts *o)
{
	per_ticket *worst;
	size_t nworst;
	size_t per_rule[DT_RULE__COUNT] = {0};
	int first = 1;

	dt_buf_printf(out, "{\"schema\": \"%s\", ", DT_JSON_SCHEMA);
	dt_json_field(out, "version", o->version, 0);
	dt_buf_puts(out, ", \"findings\": [");
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		per_rule[x->rule]++;
		dt_buf_puts(out, i ? ",\n  {" : "\n  {");
		dt_json_field(out, "rule", dt_rule_name(x->rule), 0);
		dt_json_field(out, "level", dt_level_name(x->level), 1);
		dt_json_field(out, "ticket", x->ticket, 1);
		dt_json_field(out, "commit", x->commit, 1);
		dt_json_field(out, "file", x->file, 1);
		if (x->line)
			dt_buf_printf(out, ", \"line\": %zu", x->line);
		else
			dt_buf_puts(out, ", \"line\": null");
		dt_json_field(out, "message", x->message, 1);
		dt_json_field(out, "hint", x->hint, 1);
		dt_buf_putc(out, '}');
	}
	dt_buf_printf(out,
	              "%s],\n \"summary\": {\"errors\": %zu, \"warnings\": %zu, \"by_rule\": {",
	              f->count ? "\n" : "", dt_findings_count(f, DT_LEVEL_ERROR),
	              dt_findings_count(f, DT_LEVEL_WARNING));
	for (int r = 0; r < DT_RULE__COUNT; r++)
		if (per_rule[r]) {
			dt_buf_printf(out, "%s\"%s\": %zu", first ? "" : ", ",
			              dt_rule_name((dt_rule)r), per_rule[r]);
			first = 0;
		}
	dt_buf_puts(out, "}, \"worst_tickets\": [");
	worst = worst_tickets(f, &nworst);
	for (size_t i = 0; i < nworst && i < 10; i++) {
		dt_buf_puts(out, i ? ", {" : "{");
		dt_json_field(out, "ticket", worst[i].ticket, 0);
		dt_buf_printf(out, ", \"errors\": %zu, \"warnings\": %zu}", worst[i].errors,
		              worst[i].warnings);
	}
	free(worst);
	dt_buf_puts(out, "]}}\n");
}

static void write_sarif(dt_buf *out, const dt_findings *f, const dt_format_opts *o)
{
	dt_buf_puts(out, "{\"version\": \"2.1.0\", "
	                 "\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", "
	                 "\"runs\": [{\"tool\": {\"driver\": {\"name\": \"diarist\", ");
	dt_json_field(out, "version", o->version ? o->version : "0", 0);
	dt_buf_puts(out, ", \"informationUri\": \"https://example.invalid/diarist\", \"rules\": [");
	for (int r = 0; r < DT_RULE__COUNT; r++) {
		dt_buf_printf(out,
		              "%s{\"id\": \"%s\", \"defaultConfiguration\": {\"level\": \"%s\"}}",
		              r ? ", " : "", dt_rule_name((dt_rule)r),
		              dt_level_name(dt_rule_default_level((dt_rule)r)));
	}
	dt_buf_puts(out, "]}}, \"results\": [");
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		dt_buf_puts(out, i ? ",\n  {" : "\n  {");
		dt_json_field(out, "ruleId", dt_rule_name(x->rule), 0);
		dt_buf_printf(out, ", \"ruleIndex\": %d", (int)x->rule);
		dt_json_field(out, "level", x->level == DT_LEVEL_ERROR ? "error" : "warning", 1);
		dt_buf_puts(out, ", \"message\": {\"text\": ");
		{
			dt_buf text = DT_BUF_INIT;
			dt_buf_puts(&text, x->message);
			if (x->hint)
				dt_buf_printf(&text, " (hint: %s)", x->hint);
			dt_json_string(out, text.ptr);
			dt_buf_dispose(&text);
		}
		dt_buf_puts(out, "}, \"locations\": [");
		/* code scanning refuses a result with no location: a finding
		 * about a commit points at the default file (docs root) */
		if (x->file || o->default_file) {
			dt_buf uri = DT_BUF_INIT;
			/* a URI reference: bytes outside the unreserved set, '/'
			 * kept, are percent-encoded */
			for (const char *c = x->file ? x->file : o->default_file; *c; c++) {
				if (dt_isalnum((unsigned char)*c) || strchr("-._~/", *c))
					dt_buf_putc(&uri, *c);
				else
					dt_buf_printf(&uri, "%%%02X", (unsigned char)*c);
			}
			dt_buf_puts(out,
			            "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
			dt_json_string(out, uri.ptr);
			dt_buf_dispose(&uri);
			dt_buf_puts(out, "}");
			if (x->line && x->file)
				dt_buf_printf(out, ", \"region\": {\"startLine\": %zu}", x->line);
			dt_buf_puts(out, "}}");
		}
		dt_buf_puts(out, "]");
		if (x->ticket || x->commit) {
			dt_buf_puts(out, ", \"properties\": {");
			dt_json_field(out, "ticket", x->ticket, 0);
			dt_json_field(out, "commit", x->commit, 1);
			dt_buf_puts(out, "}");
		}
		dt_buf_putc(out, '}');
	}
	dt_buf_printf(out, "%s]}]}\n", f->count ? "\n" : "");
}

static void write_junit(dt_buf *out, const dt_findings *f, const dt_format_opts *o)
{
	dt_strvec cases = DT_STRVEC_INIT;
	size_t failures = 0;

	for (const char *const *t = o->tickets; t && *t; t++)
		if (!dt_strvec_contains(&cases, *t))
			dt_strvec_push(&cases, *t);
	for (size_t i = 0; i < f->count; i++) {
		const char *name = f->items[i].ticket ? f->items[i].ticket : "(repository)";
		if (!dt_strvec_contains(&cases, name))
			dt_strvec_push(&cases, name);
	}
	for (size_t c = 0; c < cases.count; c++)
		for (size_t i = 0; i < f->count; i++) {
			const char *name = f->items[i].ticket ? f->items[i].ticket : "(repository)";
			if (f->items[i].level == DT_LEVEL_ERROR && !strcmp(name, cases.items[c])) {
				failures++;
				break;
			}
		}
	dt_buf_printf(out,
	              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	              "<testsuites name=\"diarist\" tests=\"%zu\" failures=\"%zu\">\n"
	              "  <testsuite name=\"diarist check\" tests=\"%zu\" failures=\"%zu\">\n",
	              cases.count, failures, cases.count, failures);
	for (size_t c = 0; c < cases.count; c++) {
		dt_buf errors = DT_BUF_INIT, warnings = DT_BUF_INIT;
		size_t nerr = 0;
		for (size_t i = 0; i < f->count; i++) {
			const dt_finding *x = &f->items[i];
			const char *name = x->ticket ? x->ticket : "(repository)";
			dt_buf *into = x->level == DT_LEVEL_ERROR ? &errors : &warnings;
			if (strcmp(name, cases.items[c]))
				continue;
			nerr += x->level == DT_LEVEL_ERROR;
			if (x->file && x->line)
				dt_buf_printf(into, "%s:%zu: ", x->file, x->line);
			else if (x->file)
				dt_buf_printf(into, "%s: ", x->file);
			dt_buf_printf(into, "%s: %s [%s]\n", dt_level_name(x->level), x->message,
			              dt_rule_name(x->rule));
			if (x->hint)
				dt_buf_printf(into, "  hint: %s\n", x->hint);
		}
		dt_buf_puts(out, "    <testcase classname=\"diarist\" name=\"");
		dt_xml_escape(out, cases.items[c]);
		dt_buf_puts(out, "\">");
		if (nerr) {
			dt_buf_printf(out,
			              "\n      <failure message=\"%zu error%s\" type=\"diarist\">",
			              nerr, nerr == 1 ? "" : "s");
			dt_xml_escape(out, errors.ptr);
			dt_buf_puts(out, "</failure>");
		}
		if (warnings.size) {
			dt_buf_puts(out, "\n      <system-out>");
			dt_xml_escape(out, warnings.ptr);
			dt_buf_puts(out, "</system-out>");
		}
		dt_buf_puts(out, nerr || warnings.size ? "\n    </testcase>\n" : "</testcase>\n");
		dt_buf_dispose(&errors);
		dt_buf_dispose(&warnings);
	}
	dt_buf_puts(out, "  </testsuite>\n</testsuites>\n");
	dt_strvec_dispose(&cases);
}

/* GitHub workflow commands: data escapes %, CR, LF; properties also : and , */
static void gh_escape(dt_buf *out, const char *s, int property)
{
	for (; s && *s; s++) {
		if (*s == '%')
			dt_buf_puts(out, "%25");
		else if (*s == '\r')
			dt_buf_puts(out, "%0D");
		else if (*s == '\n')
			dt_buf_puts(out, "%0A");
		else if (property && *s == ':')
			dt_buf_puts(out, "%3A");
		else if (property && *s == ',')
			dt_buf_puts(out, "%2C");
		else
			dt_buf_putc(out, *s);
	}
}

static void write_github(dt_buf *out, const dt_findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		int props = 0;
		dt_buf_printf(out, "::%s", x->level == DT_LEVEL_ERROR ? "error" : "warning");
		if (x->file) {
			dt_buf_puts(out, " file=");
			gh_escape(out, x->file, 1);
			if (x->line)
				dt_buf_printf(out, ",line=%zu", x->line);
			props = 1;
		}
		dt_buf_printf(out, "%stitle=", props ? "," : " ");
		gh_escape(out, dt_rule_name(x->rule), 1);
		dt_buf_puts(out, "::");
		gh_escape(out, x->message, 0);
		if (x->hint) {
			dt_buf_puts(out, " (hint: ");
			gh_escape(out, x->hint, 0);
			dt_buf_putc(out, ')');
		}
		dt_buf_putc(out, '\n');
	}
}

void dt_findings_write(dt_buf *out, const dt_findings *f, dt_format fmt, const dt_format_opts *opts)
{
	dt_format_opts none = {0, NULL, NULL, NULL};
	const dt_format_opts *o = opts ? opts : &none;
	switch (fmt) {
	case DT_FORMAT_TEXT:
		write_text(out, f, o);
		break;
	case DT_FORMAT_JSON:
		write_json(out, f, o);
		break;
	case DT_FORMAT_SARIF:
		write_sarif(out, f, o);
		break;
	case DT_FORMAT_JUNIT:
		write_junit(out, f, o);
		break;
	case DT_FORMAT_GITHUB:
		write_github(out, f);
		break;
	}
}
