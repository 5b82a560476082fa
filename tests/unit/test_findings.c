/* test_findings.c - lib/findings.h: collecting findings (SPEC §5) and
 * writing them as text, JSON (docs/json-schema.md), SARIF 2.1.0, JUnit XML
 * and GitHub workflow annotations (SPEC §6.1). JSON and SARIF are checked
 * with python3's json module, JUnit with xmllint and python3's XML parser. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "findings.h"
#include "ruleset.h"

#include <string.h>
#include <strings.h>
#include <sys/wait.h>

/* ---- helpers ---- */

/* Exit status of `cmd` run by the shell, or -1 when it did not exit. */
static int run_rc(const char *cmd)
{
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* The standard output of `cmd` (caller frees); the command must exit 0. */
static char *run_out(const char *cmd)
{
	dt_buf b = DT_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");
	int st;

	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		dt_buf_put(&b, chunk, n);
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		print_error("command failed: %s\n", cmd);
		dt_buf_dispose(&b);
		fail();
	}
	return dt_buf_detach(&b);
}

/* Write `f` in `fmt` to dir/name; returns the path (caller frees). */
static char *write_to(const char *dir, const char *name, const dt_findings *f, dt_format fmt,
                      const dt_format_opts *opts)
{
	dt_buf out = DT_BUF_INIT;
	char *path;

	dt_findings_write(&out, f, fmt, opts);
	path = tu_write(dir, name, out.ptr, 0644);
	dt_buf_dispose(&out);
	return path;
}

/* Run the python3 script `script` (saved as dir/name) on `file`: 0 when
 * every assertion in it held. */
static int run_python(const char *dir, const char *name, const char *script, const char *file)
{
	char *py = tu_write(dir, name, script, 0644);
	dt_buf cmd = DT_BUF_INIT;
	int rc;

	dt_buf_printf(&cmd, "python3 '%s' '%s'", py, file);
	rc = run_rc(cmd.ptr);
	dt_buf_dispose(&cmd);
	free(py);
	return rc;
}

static int xml_well_formed(const char *file)
{
	dt_buf cmd = DT_BUF_INIT;
	int rc;

	/* xmllint's complaints go to stderr, bytes that are not printable ASCII
	 * made '?' (they would make the test log look binary) */
	dt_buf_printf(&cmd,
	              "o=$(xmllint --noout '%s' 2>&1); r=$?; [ -z \"$o\" ] || "
	              "printf '%%s\\n' \"$o\" | LC_ALL=C tr -c '\\11\\12\\40-\\176' '?' >&2; "
	              "exit $r",
	              file);
	rc = run_rc(cmd.ptr);
	dt_buf_dispose(&cmd);
	return rc;
}

/* The number an XPath expression (no single quotes in it) gives on `file`. */
static long xpath_num(const char *file, const char *expr)
{
	dt_buf cmd = DT_BUF_INIT;
	char *out, *end;
	long v;

	dt_buf_printf(&cmd, "xmllint --xpath '%s' '%s'", expr, file);
	out = run_out(cmd.ptr);
	dt_buf_dispose(&cmd);
	v = strtol(out, &end, 10);
	if (end == out) {
		print_error("xpath %s gave '%s'\n", expr, out);
		free(out);
		fail();
	}
	free(out);
	return v;
}

/* `s` without its ANSI colour sequences (ESC [ ... m); caller frees. */
static char *strip_ansi(const char *s)
{
	dt_buf b = DT_BUF_INIT;
	while (*s) {
		if (*s == '\033' && s[1] == '[') {
			s += 2;
			while (*s && *s != 'm')
				s++;
			if (*s)
				s++;
			continue;
		}
		dt_buf_putc(&b, *s++);
	}
	return dt_buf_detach(&b);
}

/* ---- collecting ---- */

static void test_add_copies_strings_and_fields(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	char ticket[] = "VM-001", commit[] = "abc1234", file[] = "ttmp/x.md", hint[] = "do it";
	char msg[] = "the message";
	(void)state;

	dt_findings_add(&f, DT_RULE_COMMIT_UNKNOWN, DT_LEVEL_ERROR, ticket, commit, file, 12, hint,
	                "%s", msg);
	assert_int_equal(f.count, 1);
	/* the caller's buffers change: the finding must keep its own copies */
	memset(ticket, 'X', sizeof(ticket) - 1);
	memset(commit, 'X', sizeof(commit) - 1);
	memset(file, 'X', sizeof(file) - 1);
	memset(hint, 'X', sizeof(hint) - 1);
	memset(msg, 'X', sizeof(msg) - 1);

	assert_int_equal(f.items[0].rule, DT_RULE_COMMIT_UNKNOWN);
	assert_int_equal(f.items[0].level, DT_LEVEL_ERROR);
	assert_string_equal(f.items[0].ticket, "VM-001");
	assert_string_equal(f.items[0].commit, "abc1234");
	assert_string_equal(f.items[0].file, "ttmp/x.md");
	assert_int_equal(f.items[0].line, 12);
	assert_string_equal(f.items[0].hint, "do it");
	assert_string_equal(f.items[0].message, "the message");
	assert_ptr_not_equal(f.items[0].ticket, ticket);
	assert_ptr_not_equal(f.items[0].file, file);
	dt_findings_dispose(&f);
}

static void test_add_null_strings_stay_null(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	(void)state;

	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_WARNING, NULL, NULL, NULL, 0, NULL,
	                "no ticket");
	assert_int_equal(f.count, 1);
	assert_null(f.items[0].ticket);
	assert_null(f.items[0].commit);
	assert_null(f.items[0].file);
	assert_null(f.items[0].hint);
	assert_int_equal(f.items[0].line, 0);
	assert_string_equal(f.items[0].message, "no ticket");
	dt_findings_dispose(&f);
}

static void test_add_level_off_adds_nothing(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	(void)state;

	dt_findings_add(&f, DT_RULE_TICKET_CLOSED, DT_LEVEL_OFF, "VM-1", NULL, "a.md", 1, "h",
	                "off");
	assert_int_equal(f.count, 0);
	dt_findings_add(&f, DT_RULE_TICKET_CLOSED, DT_LEVEL_WARNING, "VM-1", NULL, "a.md", 1, NULL,
	                "on");
	dt_findings_add(&f, DT_RULE_TICKET_CLOSED, DT_LEVEL_OFF, "VM-2", NULL, "b.md", 2, NULL,
	                "off again");
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].message, "on");
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_OFF), 0);
	dt_findings_dispose(&f);
}

static void test_add_formats_message(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	char *big = malloc(10001);
	(void)state;

	assert_non_null(big);
	memset(big, 'y', 10000);
	big[10000] = '\0';
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, NULL, NULL, NULL, 0, NULL,
	                "step %d of %s: %5.1f%% [%zu] %c", 3, "VM-1", 2.5, (size_t)42, 'z');
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, NULL, NULL, NULL, 0, NULL,
	                "<%s>", big);
	assert_int_equal(f.count, 2);
	assert_string_equal(f.items[0].message, "step 3 of VM-1:   2.5% [42] z");
	assert_int_equal(strlen(f.items[1].message), 10002);
	assert_int_equal(f.items[1].message[0], '<');
	assert_int_equal(f.items[1].message[10001], '>');
	assert_int_equal(f.items[1].message[5000], 'y');
	free(big);
	dt_findings_dispose(&f);
}

static void test_add_many_and_count(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	(void)state;

	for (size_t i = 0; i < 1000; i++)
		dt_findings_add(&f, (dt_rule)(i % DT_RULE__COUNT),
		                i % 3 == 0 ? DT_LEVEL_ERROR : DT_LEVEL_WARNING, NULL, NULL, NULL, i,
		                NULL, "finding %zu", i);
	assert_int_equal(f.count, 1000);
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_ERROR), 334);
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_WARNING), 666);
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_OFF), 0);
	assert_string_equal(f.items[999].message, "finding 999");
	assert_int_equal(f.items[999].line, 999);
	dt_findings_dispose(&f);
	assert_int_equal(f.count, 0);
	assert_null(f.items);
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_ERROR), 0);
	dt_findings_dispose(&f); /* twice, or on an empty list: harmless */
}

static void test_sort_orders_by_file_line_rule_message(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	static const struct {
		const char *file;
		size_t line;
		dt_rule rule;
		const char *msg;
	} want[] = {
	    {"a.md", 2, DT_RULE_TICKET_UNKNOWN, "a"},  {"a.md", 2, DT_RULE_TICKET_UNKNOWN, "b"},
	    {"a.md", 2, DT_RULE_COMMIT_UNKNOWN, "c"},  {"a.md", 10, DT_RULE_TICKET_MISSING, "d"},
	    {"b.md", 1, DT_RULE_HISTORY_SHALLOW, "e"}, {NULL, 0, DT_RULE_TICKET_MISSING, "f"},
	    {NULL, 0, DT_RULE_HISTORY_SHALLOW, "g"},
	};
	/* added in an order that no stable pass would leave sorted */
	static const size_t order[] = {6, 4, 3, 2, 1, 5, 0};
	(void)state;

	for (size_t i = 0; i < DT_ARRAY_SIZE(order); i++) {
		size_t k = order[i];
		dt_findings_add(&f, want[k].rule, DT_LEVEL_ERROR, NULL, NULL, want[k].file,
		                want[k].line, NULL, "%s", want[k].msg);
	}
	dt_findings_sort(&f);
	assert_int_equal(f.count, DT_ARRAY_SIZE(want));
	for (size_t i = 0; i < DT_ARRAY_SIZE(want); i++) {
		if (want[i].file)
			assert_string_equal(f.items[i].file, want[i].file);
		else
			assert_null(f.items[i].file);
		assert_int_equal(f.items[i].line, want[i].line);
		assert_int_equal(f.items[i].rule, want[i].rule);
		assert_string_equal(f.items[i].message, want[i].msg);
	}
	dt_findings_dispose(&f);
}

static void test_sort_empty_and_single(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	(void)state;

	dt_findings_sort(&f);
	assert_int_equal(f.count, 0);
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, NULL, NULL, 0, NULL,
	                "one");
	dt_findings_sort(&f);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].message, "one");
	dt_findings_dispose(&f);
}

static void test_format_parse(void **state)
{
	(void)state;
	assert_int_equal(dt_format_parse("text"), DT_FORMAT_TEXT);
	assert_int_equal(dt_format_parse("json"), DT_FORMAT_JSON);
	assert_int_equal(dt_format_parse("sarif"), DT_FORMAT_SARIF);
	assert_int_equal(dt_format_parse("junit"), DT_FORMAT_JUNIT);
	assert_int_equal(dt_format_parse("github"), DT_FORMAT_GITHUB);
	assert_int_equal(dt_format_parse(""), -1);
	assert_int_equal(dt_format_parse("xml"), -1);
	assert_int_equal(dt_format_parse("JSON"), -1);
	assert_int_equal(dt_format_parse("jsonx"), -1);
	assert_int_equal(dt_format_parse("tex"), -1);
}

/* ---- escaping helpers ---- */

static void test_json_string_escapes(void **state)
{
	dt_buf b = DT_BUF_INIT;
	(void)state;

	dt_json_string(&b, "a\"b\\c\nd\re\tf");
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\nd\\re\\tf\"");
	dt_buf_clear(&b);
	dt_json_string(&b, "\x01\x1f caf\xc3\xa9");
	assert_true(strcasecmp(b.ptr, "\"\\u0001\\u001f caf\xc3\xa9\"") == 0);
	dt_buf_dispose(&b);
}

static void test_xml_escape(void **state)
{
	dt_buf b = DT_BUF_INIT;
	(void)state;

	dt_xml_escape(&b, "<a & b>");
	assert_string_equal(b.ptr, "&lt;a &amp; b&gt;");
	dt_buf_clear(&b);
	dt_xml_escape(&b, "x\"y'z\x01\x1b");
	tu_assert_lacks(b.ptr, "\"");
	tu_assert_lacks(b.ptr, "'");
	tu_assert_lacks(b.ptr, "\x01");
	tu_assert_lacks(b.ptr, "\x1b");
	tu_assert_starts_with(b.ptr, "x");
	dt_buf_dispose(&b);
}

/* Bytes that are not UTF-8 (a stray continuation byte, a cut sequence, an
 * encoded surrogate, an overlong form) become U+FFFD one byte at a time;
 * the text around them, and well-formed sequences, pass as they are. */
static void test_escape_bad_utf8(void **state)
{
	dt_buf b = DT_BUF_INIT;
	(void)state;

	dt_xml_escape(&b, "ab\x80"
	                  "cd\xc3\xa9<\xed\xa0\x80"
	                  "e\xc0\xaf\xe2\x9c\x93\xf0\x9f");
	assert_string_equal(b.ptr, "ab\xef\xbf\xbd"
	                           "cd\xc3\xa9&lt;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                           "e\xef\xbf\xbd\xef\xbf\xbd\xe2\x9c\x93\xef\xbf\xbd\xef\xbf\xbd");
	dt_buf_clear(&b);
	dt_json_string(&b, "\xff\"x\xe2\x9c");
	assert_string_equal(b.ptr, "\"\xef\xbf\xbd\\\"x\xef\xbf\xbd\xef\xbf\xbd\"");
	dt_buf_clear(&b);
	dt_xml_escape(&b, "");
	assert_string_equal(b.ptr, "");
	dt_buf_dispose(&b);
}

/* ---- text ---- */

static void add_text_findings(dt_findings *f)
{
	dt_findings_add(f, DT_RULE_COMMIT_UNREACHABLE, DT_LEVEL_ERROR, "VM-023", "7697125",
	                "ttmp/a.md", 101, "run diarist fix", "commit %s is not an ancestor of HEAD",
	                "7697125");
	dt_findings_add(f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, "VM-023", NULL, "ttmp/b.md", 0,
	                NULL, "step 3 is missing");
	dt_findings_add(f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, NULL, NULL, 0,
	                "name a ticket", "commit message names no ticket");
	dt_findings_add(f, DT_RULE_TICKET_CLOSED, DT_LEVEL_WARNING, "VM-7", NULL, "ttmp/c.md", 4,
	                NULL, "ticket VM-7 is closed");
}

static const char text_plain[] =
    "ttmp/a.md:101: error: commit 7697125 is not an ancestor of HEAD [commit-unreachable]\n"
    "  hint: run diarist fix\n"
    "ttmp/b.md: warning: step 3 is missing [step-numbering]\n"
    "diarist: error: commit message names no ticket [ticket-missing]\n"
    "  hint: name a ticket\n"
    "ttmp/c.md:4: warning: ticket VM-7 is closed [ticket-closed]\n";

static void test_text_exact_without_colour(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_format_opts opts = {0, "1.0", NULL, NULL};
	(void)state;

	add_text_findings(&f);
	dt_findings_write(&out, &f, DT_FORMAT_TEXT, &opts);
	assert_string_equal(out.ptr, text_plain);
	tu_assert_lacks(out.ptr, "\033");

	/* no options at all: the same, no colour */
	dt_buf_clear(&out);
	dt_findings_write(&out, &f, DT_FORMAT_TEXT, NULL);
	assert_string_equal(out.ptr, text_plain);

	/* appended, not replaced */
	dt_buf_clear(&out);
	dt_buf_puts(&out, "before\n");
	dt_findings_write(&out, &f, DT_FORMAT_TEXT, &opts);
	tu_assert_starts_with(out.ptr, "before\nttmp/a.md:101: error:");
	assert_int_equal(out.size, strlen("before\n") + strlen(text_plain));
	dt_buf_dispose(&out);
	dt_findings_dispose(&f);
}

static void test_text_with_colour(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_format_opts opts = {1, "1.0", NULL, NULL};
	char *plain;
	(void)state;

	add_text_findings(&f);
	dt_findings_write(&out, &f, DT_FORMAT_TEXT, &opts);
	assert_string_not_equal(out.ptr, text_plain);
	/* the same words once the colour is taken out */
	plain = strip_ansi(out.ptr);
	assert_string_equal(plain, text_plain);
	free(plain);
	/* errors red, warnings yellow, and every coloured run is reset */
	tu_assert_contains(out.ptr, "\033[1;31merror:");
	tu_assert_contains(out.ptr, "\033[1;33mwarning:");
	tu_assert_lacks(out.ptr, "\033[1;31mwarning");
	tu_assert_lacks(out.ptr, "\033[1;33merror");
	assert_int_equal(tu_count(out.ptr, "\033[0m"), tu_count(out.ptr, "\033[") / 2);
	/* a line ends uncoloured: the reset comes before the message */
	tu_assert_contains(out.ptr, "\033[0m commit 7697125 is not an ancestor of HEAD "
	                            "[commit-unreachable]\n  hint: run diarist fix\n");
	dt_buf_dispose(&out);
	dt_findings_dispose(&f);
}

static void test_text_empty(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;

	dt_findings_write(&out, &f, DT_FORMAT_TEXT, NULL);
	assert_int_equal(out.size, 0);
	dt_findings_write(&out, &f, DT_FORMAT_GITHUB, NULL);
	assert_int_equal(out.size, 0);
	dt_buf_dispose(&out);
}

/* ---- JSON ---- */

static const char json_check_py[] =
    "import json, sys\n"
    "def nodup(pairs):\n"
    "    keys = [k for k, _ in pairs]\n"
    "    assert len(keys) == len(set(keys)), keys\n"
    "    return dict(pairs)\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'), object_pairs_hook=nodup)\n"
    "assert d['schema'] == 'diarist-check/1', d['schema']\n"
    "assert d['version'] == '1.2.3', d['version']\n"
    "f = d['findings']\n"
    "assert isinstance(f, list) and len(f) == 4, f\n"
    "want = [\n"
    "  {'rule': 'commit-unreachable', 'level': 'error', 'ticket': 'VM-023',\n"
    "   'commit': '7697125', 'file': 'ttmp/a.md', 'line': 101,\n"
    "   'message': 'commit 7697125 is not an ancestor of HEAD',\n"
    "   'hint': 'run diarist fix'},\n"
    "  {'rule': 'step-numbering', 'level': 'warning', 'ticket': 'VM-023',\n"
    "   'commit': None, 'file': 'ttmp/b.md', 'line': None,\n"
    "   'message': 'step 3 is missing', 'hint': None},\n"
    "  {'rule': 'ticket-missing', 'level': 'error', 'ticket': None, 'commit': None,\n"
    "   'file': None, 'line': None,\n"
    "   'message': 'say \"hi\" \\\\ a\\nb\\tc\\x01d caf\\u00e9 \\u2713 \\U0001F600',\n"
    "   'hint': 'tab\\there'},\n"
    "  {'rule': 'commit-unreachable', 'level': 'warning', 'ticket': 'VM-9',\n"
    "   'commit': 'deadbeef', 'file': 'd \"q\".md', 'line': 7,\n"
    "   'message': 'second', 'hint': None},\n"
    "]\n"
    "for i, (got, exp) in enumerate(zip(f, want)):\n"
    "    for k, v in exp.items():\n"
    "        assert k in got, (i, k)\n"
    "        assert got[k] == v and type(got[k]) == type(v), (i, k, got[k], v)\n"
    "s = d['summary']\n"
    "assert s['errors'] == 2 and type(s['errors']) == int, s\n"
    "assert s['warnings'] == 2 and type(s['warnings']) == int, s\n"
    "assert s['by_rule'] == {'commit-unreachable': 2, 'step-numbering': 1,\n"
    "                        'ticket-missing': 1}, s['by_rule']\n"
    "assert s['worst_tickets'] == [\n"
    "  {'ticket': 'VM-023', 'errors': 1, 'warnings': 1},\n"
    "  {'ticket': 'VM-9', 'errors': 0, 'warnings': 1}], s['worst_tickets']\n";

static void test_json_validates(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	dt_format_opts opts = {1, "1.2.3", NULL, NULL};
	char *path, *raw;

	dt_findings_add(&f, DT_RULE_COMMIT_UNREACHABLE, DT_LEVEL_ERROR, "VM-023", "7697125",
	                "ttmp/a.md", 101, "run diarist fix", "commit %s is not an ancestor of HEAD",
	                "7697125");
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, "VM-023", NULL, "ttmp/b.md",
	                0, NULL, "step 3 is missing");
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, NULL, NULL, 0,
	                "tab\there",
	                "say \"hi\" \\ a\nb\tc\x01"
	                "d caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
	dt_findings_add(&f, DT_RULE_COMMIT_UNREACHABLE, DT_LEVEL_WARNING, "VM-9", "deadbeef",
	                "d \"q\".md", 7, NULL, "second");
	path = write_to(dir, "out.json", &f, DT_FORMAT_JSON, &opts);
	raw = tu_slurp(path);
	/* colour is for text only */
	tu_assert_lacks(raw, "\033");
	/* control characters never appear raw */
	tu_assert_lacks(raw, "\x01");
	tu_assert_lacks(raw, "\t");
	free(raw);
	assert_int_equal(run_python(dir, "check.py", json_check_py, path), 0);
	free(path);
	dt_findings_dispose(&f);
}

static const char json_empty_py[] =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "assert d['schema'] == 'diarist-check/1', d\n"
    "assert d['version'] is None, d\n"
    "assert d['findings'] == [], d\n"
    "assert d['summary'] == {'errors': 0, 'warnings': 0, 'by_rule': {}, 'worst_tickets': []}, d\n";

static void test_json_empty_validates(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	char *path = write_to(dir, "empty.json", &f, DT_FORMAT_JSON, NULL);

	assert_int_equal(run_python(dir, "empty.py", json_empty_py, path), 0);
	free(path);
}

/* ---- SARIF ---- */

static const char sarif_check_py[] =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "assert d['version'] == '2.1.0', d.get('version')\n"
    "assert isinstance(d['runs'], list) and len(d['runs']) == 1, d['runs']\n"
    "run = d['runs'][0]\n"
    "drv = run['tool']['driver']\n"
    "assert drv['name'] == 'diarist', drv['name']\n"
    "assert drv.get('version') == '9.8.7', drv.get('version')\n"
    "rules = drv.get('rules', [])\n"
    "res = run['results']\n"
    "assert len(res) == int(sys.argv[2]), len(res)\n"
    "want = json.loads(sys.argv[3]) if len(sys.argv) > 3 else []\n"
    "for i, r in enumerate(res):\n"
    "    assert isinstance(r['ruleId'], str) and r['ruleId'], r\n"
    "    assert r['level'] in ('error', 'warning'), r\n"
    "    assert isinstance(r['message']['text'], str) and r['message']['text'], r\n"
    "    if 'ruleIndex' in r:\n"
    "        assert rules[r['ruleIndex']]['id'] == r['ruleId'], r\n"
    "    rule, level, uri, line, text = want[i]\n"
    "    assert r['ruleId'] == rule, (i, r['ruleId'], rule)\n"
    "    assert r['level'] == level, (i, r['level'], level)\n"
    "    assert text in r['message']['text'], (i, r['message']['text'], text)\n"
    "    locs = r.get('locations', [])\n"
    "    if uri is None:\n"
    "        assert all('physicalLocation' not in l for l in locs), r\n"
    "        continue\n"
    "    pl = locs[0]['physicalLocation']\n"
    "    assert pl['artifactLocation']['uri'] == uri, (i, pl)\n"
    "    if line:\n"
    "        assert pl['region']['startLine'] == line, (i, pl)\n"
    "        assert type(pl['region']['startLine']) == int, pl\n"
    "    else:\n"
    "        assert 'startLine' not in pl.get('region', {}), (i, pl)\n";

static void test_sarif_validates(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	dt_format_opts opts = {0, "9.8.7", NULL, NULL};
	dt_buf cmd = DT_BUF_INIT;
	char *path, *py;

	dt_findings_add(&f, DT_RULE_COMMIT_UNREACHABLE, DT_LEVEL_ERROR, "VM-023", "7697125",
	                "ttmp/a.md", 101, "run diarist fix", "commit 7697125 is not an ancestor");
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, NULL, NULL, "ttmp/b.md", 0,
	                NULL, "step \"3\" is missing\n\\");
	dt_findings_add(&f, DT_RULE_HISTORY_SHALLOW, DT_LEVEL_ERROR, NULL, NULL, NULL, 0, NULL,
	                "the clone is shallow");
	path = write_to(dir, "out.sarif", &f, DT_FORMAT_SARIF, &opts);
	py = tu_write(dir, "sarif.py", sarif_check_py, 0644);
	dt_buf_printf(
	    &cmd,
	    "python3 '%s' '%s' 3 '[[\"commit-unreachable\", \"error\", \"ttmp/a.md\", 101, "
	    "\"commit 7697125 is not an ancestor\"], "
	    "[\"step-numbering\", \"warning\", \"ttmp/b.md\", 0, "
	    "\"step \\\"3\\\" is missing\\n\\\\\"], "
	    "[\"history-shallow\", \"error\", null, 0, \"the clone is shallow\"]]'",
	    py, path);
	assert_int_equal(run_rc(cmd.ptr), 0);
	dt_buf_dispose(&cmd);
	free(py);
	free(path);

	/* no findings: still a valid log, with no results */
	dt_findings_dispose(&f);
	path = write_to(dir, "empty.sarif", &f, DT_FORMAT_SARIF, &opts);
	py = tu_write(dir, "sarif.py", sarif_check_py, 0644);
	dt_buf_printf(&cmd, "python3 '%s' '%s' 0", py, path);
	assert_int_equal(run_rc(cmd.ptr), 0);
	dt_buf_dispose(&cmd);
	free(py);
	free(path);
}

/* ---- JUnit ---- */

static void test_junit_testcases_and_failures(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	/* VM-001 twice: one testcase */
	static const char *const tickets[] = {"VM-001", "VM-002", "VM-003", "VM-001", NULL};
	dt_format_opts opts = {0, "1.0", tickets, NULL};
	char *path, *raw;

	dt_findings_add(&f, DT_RULE_COMMIT_UNRECORDED, DT_LEVEL_ERROR, "VM-001", "abc1234",
	                "ttmp/1.md", 3, "record it", "commit abc1234 is not in the diary");
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, "VM-001", NULL, "ttmp/1.md",
	                9, NULL, "step 2 is missing");
	dt_findings_add(&f, DT_RULE_TICKET_CLOSED, DT_LEVEL_WARNING, "VM-002", NULL, NULL, 0, NULL,
	                "ticket VM-002 is closed");
	dt_findings_add(&f, DT_RULE_TASK_UNTRACED, DT_LEVEL_ERROR, "VM-009", NULL, "ttmp/9.md", 1,
	                NULL, "task 1 has no commit");
	dt_findings_add(&f, DT_RULE_HISTORY_SHALLOW, DT_LEVEL_ERROR, NULL, NULL, NULL, 0, NULL,
	                "the clone is shallow");
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, "def5678", NULL, 0, NULL,
	                "commit def5678 names no ticket");
	path = write_to(dir, "junit.xml", &f, DT_FORMAT_JUNIT, &opts);
	assert_int_equal(xml_well_formed(path), 0);

	/* VM-001, VM-002, VM-003, VM-009 and (repository) */
	assert_int_equal(xpath_num(path, "count(//testcase)"), 5);
	/* a failure for VM-001, VM-009 and (repository); none for warnings only */
	assert_int_equal(xpath_num(path, "count(//failure)"), 3);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-001\"])"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-001\"]/failure)"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-002\"])"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-002\"]/failure)"), 0);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-003\"])"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-003\"]/*)"), 0);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-009\"]/failure)"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"(repository)\"])"), 1);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"(repository)\"]/failure)"), 1);
	/* the totals on the suites agree */
	assert_int_equal(xpath_num(path, "number(/testsuites/@tests)"), 5);
	assert_int_equal(xpath_num(path, "number(/testsuites/@failures)"), 3);
	assert_int_equal(xpath_num(path, "sum(//testsuite/@tests)"), 5);
	assert_int_equal(xpath_num(path, "sum(//testsuite/@failures)"), 3);

	/* the failure names what failed, as text findings do */
	raw = tu_slurp(path);
	tu_assert_contains(raw, "ttmp/1.md:3: error: commit abc1234 is not in the diary "
	                        "[commit-unrecorded]");
	tu_assert_contains(raw, "the clone is shallow [history-shallow]");
	tu_assert_contains(raw, "commit def5678 names no ticket [ticket-missing]");
	tu_assert_contains(raw, "ttmp/1.md:9: warning: step 2 is missing [step-numbering]");
	free(raw);
	free(path);
	dt_findings_dispose(&f);
}

/* A finding with a file but no line reads as in text output: "file: ",
 * not "file:0: ". (Everything is freed before asserting, so that a failure
 * leaks nothing under make leakcheck.) */
static void test_junit_file_without_line(void **state)
{
	const char *dir = *state;
	static const char want[] = "ttmp/5.md: warning: step 5 is missing [step-numbering]\n";
	dt_findings f = DT_FINDINGS_INIT;
	char *path, *raw, *at;
	int found, exact, zero;

	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, "VM-002", NULL, "ttmp/5.md",
	                0, NULL, "step 5 is missing");
	path = write_to(dir, "noline.xml", &f, DT_FORMAT_JUNIT, NULL);
	raw = tu_slurp(path);
	at = strstr(raw, "ttmp/5.md");
	found = at != NULL;
	exact = found && !strncmp(at, want, strlen(want));
	zero = strstr(raw, ":0:") != NULL;
	if (found && !exact)
		print_error("got: %.60s\n", at);
	free(raw);
	free(path);
	dt_findings_dispose(&f);
	assert_true(found);
	assert_true(exact);
	assert_false(zero);
}

static const char junit_names_py[] =
    "import sys, xml.etree.ElementTree as ET\n"
    "root = ET.parse(sys.argv[1]).getroot()\n"
    "names = [t.get('name') for t in root.iter('testcase')]\n"
    "assert len(names) == 2, names\n"
    "n = names[0]\n"
    "assert n.startswith('A<&>\"\\'') and n.endswith('B'), repr(n)\n"
    "assert '\\x01' not in n and len(n) <= 8, repr(n)\n"
    "assert names[1] == 'plain', names\n"
    "fail = list(root.iter('failure'))\n"
    "assert len(fail) == 1, fail\n"
    "assert '<b> & \"c\"' in fail[0].text, repr(fail[0].text)\n";

static void test_junit_hostile_ticket_title(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	static const char *const tickets[] = {"A<&>\"'\x01"
	                                      "B",
	                                      "plain", NULL};
	dt_format_opts opts = {0, NULL, tickets, NULL};
	char *path, *raw;

	dt_findings_add(&f, DT_RULE_TICKET_UNKNOWN, DT_LEVEL_ERROR,
	                "A<&>\"'\x01"
	                "B",
	                NULL, "a<x>&.md", 2, "hint <&>\x02",
	                "ticket <b> & \"c\" 'd'\x1b is unknown");
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, "plain", NULL, NULL, 0, NULL,
	                "warn ]]> <![CDATA[ x");
	path = write_to(dir, "hostile.xml", &f, DT_FORMAT_JUNIT, &opts);
	assert_int_equal(xml_well_formed(path), 0);
	assert_int_equal(xpath_num(path, "count(//testcase)"), 2);
	assert_int_equal(xpath_num(path, "count(//failure)"), 1);
	raw = tu_slurp(path);
	tu_assert_lacks(raw, "\x01");
	tu_assert_lacks(raw, "\x02");
	tu_assert_lacks(raw, "\x1b");
	free(raw);
	assert_int_equal(run_python(dir, "names.py", junit_names_py, path), 0);
	free(path);
	dt_findings_dispose(&f);
}

static void test_junit_empty(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	static const char *const tickets[] = {"VM-1", NULL};
	dt_format_opts opts = {0, NULL, tickets, NULL};
	char *path;

	/* nothing judged, nothing found */
	path = write_to(dir, "none.xml", &f, DT_FORMAT_JUNIT, NULL);
	assert_int_equal(xml_well_formed(path), 0);
	assert_int_equal(xpath_num(path, "count(//testcase)"), 0);
	assert_int_equal(xpath_num(path, "count(//testsuites)"), 1);
	free(path);
	/* one ticket judged, clean: a passing testcase */
	path = write_to(dir, "clean.xml", &f, DT_FORMAT_JUNIT, &opts);
	assert_int_equal(xml_well_formed(path), 0);
	assert_int_equal(xpath_num(path, "count(//testcase[@name=\"VM-1\"])"), 1);
	assert_int_equal(xpath_num(path, "count(//failure)"), 0);
	assert_int_equal(xpath_num(path, "number(/testsuites/@failures)"), 0);
	free(path);
}

/* SPEC §7: invalid UTF-8 (from a file's content) is handled, never written
 * out as a broken document: JSON must still load as UTF-8, JUnit XML must
 * stay well-formed. */
static const char json_loads_py[] = "import json, sys\n"
                                    "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                                    "assert len(d['findings']) == 1, d\n"
                                    "assert d['findings'][0]['message'].startswith('bad '), d\n"
                                    "assert d['findings'][0]['message'].endswith(' end'), d\n";

static void add_invalid_utf8(dt_findings *f)
{
	dt_findings_add(f, DT_RULE_FRONTMATTER_INVALID, DT_LEVEL_ERROR, "VM-1", NULL, "ttmp/u.md",
	                1, NULL, "bad %s end", "\xff\xfe\xc3");
}

static void test_invalid_utf8_json_loads(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	char *path;
	int rc;

	add_invalid_utf8(&f);
	path = write_to(dir, "bad.json", &f, DT_FORMAT_JSON, NULL);
	rc = run_python(dir, "bad.py", json_loads_py, path);
	free(path);
	dt_findings_dispose(&f);
	assert_int_equal(rc, 0);
}

static void test_invalid_utf8_junit_well_formed(void **state)
{
	const char *dir = *state;
	dt_findings f = DT_FINDINGS_INIT;
	char *path;
	int rc;

	add_invalid_utf8(&f);
	path = write_to(dir, "bad.xml", &f, DT_FORMAT_JUNIT, NULL);
	rc = xml_well_formed(path);
	free(path);
	dt_findings_dispose(&f);
	assert_int_equal(rc, 0);
}

/* ---- GitHub ---- */

static void test_github_exact(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_format_opts opts = {1, "1.0", NULL, NULL};
	(void)state;

	dt_findings_add(&f, DT_RULE_COMMIT_UNKNOWN, DT_LEVEL_ERROR, "VM-1", "abc", "src/a:b,c%.md",
	                7, "fix it: now, 50%", "100%% done\nnext\rline: a, b");
	dt_findings_add(&f, DT_RULE_TICKET_CLOSED, DT_LEVEL_WARNING, "VM-2", NULL, NULL, 0, NULL,
	                "ticket VM-2 is closed");
	dt_findings_add(&f, DT_RULE_STEP_NUMBERING, DT_LEVEL_WARNING, NULL, NULL, "x.md", 0, NULL,
	                "step 2 is missing");
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, NULL, "ttmp/d.md", 12,
	                NULL, "plain");
	dt_findings_write(&out, &f, DT_FORMAT_GITHUB, &opts);
	assert_string_equal(out.ptr,
	                    "::error file=src/a%3Ab%2Cc%25.md,line=7,title=commit-unknown::"
	                    "100%25 done%0Anext%0Dline: a, b (hint: fix it: now, 50%25)\n"
	                    "::warning title=ticket-closed::ticket VM-2 is closed\n"
	                    "::warning file=x.md,title=step-numbering::step 2 is missing\n"
	                    "::error file=ttmp/d.md,line=12,title=ticket-missing::plain\n");
	/* one line per finding, whatever the message held */
	assert_int_equal(tu_count(out.ptr, "\n"), 4);
	tu_assert_lacks(out.ptr, "\r");
	tu_assert_lacks(out.ptr, "\033");
	dt_buf_dispose(&out);
	dt_findings_dispose(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_copies_strings_and_fields),
	    cmocka_unit_test(test_add_null_strings_stay_null),
	    cmocka_unit_test(test_add_level_off_adds_nothing),
	    cmocka_unit_test(test_add_formats_message),
	    cmocka_unit_test(test_add_many_and_count),
	    cmocka_unit_test(test_sort_orders_by_file_line_rule_message),
	    cmocka_unit_test(test_sort_empty_and_single),
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_json_string_escapes),
	    cmocka_unit_test(test_xml_escape),
	    cmocka_unit_test(test_escape_bad_utf8),
	    cmocka_unit_test(test_text_exact_without_colour),
	    cmocka_unit_test(test_text_with_colour),
	    cmocka_unit_test(test_text_empty),
	    cmocka_unit_test_setup_teardown(test_json_validates, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_json_empty_validates, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_sarif_validates, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_junit_testcases_and_failures, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_junit_file_without_line, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_junit_hostile_ticket_title, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_junit_empty, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_utf8_json_loads, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_utf8_junit_well_formed, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_github_exact),
	};
	return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
