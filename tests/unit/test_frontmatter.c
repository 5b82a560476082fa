/* test_frontmatter.c - the YAML block at the top of a document (SPEC §1.3)
 * and the dates it holds.
 *
 * Cases live in tests/data/frontmatter/ as NAME.md with NAME.expect
 * beside it, one check a line:
 *   find N          dt_frontmatter_find returns N (1, 0, -3)
 *   yaml_line N     span.yaml_line
 *   body_line N     span.body_line
 *   body TEXT       the body's first line (without CR) starts at body_off
 *   parse N         dt_frontmatter_parse returns N
 *   error TEXT      dt_error_last() after the failing call
 *   node null|map|list|scalar   the parsed top-level node
 *   field KEY VALUE dt_frontmatter_str(fm, KEY) is VALUE (may be empty)
 *   nofield KEY     dt_frontmatter_str(fm, KEY) is NULL
 * The document is named "NAME.md" in messages. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "frontmatter.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define CASES TEST_DATA "/frontmatter"

static const char *node_kind(const dt_ynode *n)
{
	if (!n)
		return "null";
	switch (n->type) {
	case DT_YNODE_MAP:
		return "map";
	case DT_YNODE_SEQ:
		return "list";
	default:
		return "scalar";
	}
}

/* One line of a .expect: the directive and its argument. */
static void split_directive(char *line, char **word, char **arg)
{
	char *sp = strchr(line, ' ');
	*word = line;
	if (sp) {
		*sp = '\0';
		*arg = sp + 1;
	} else {
		*arg = line + strlen(line);
	}
}

/* One case, read and run by the setup, freed by the teardown (also when
 * an assert fails). */
typedef struct {
	const char *name;
	dt_buf doc, expect, label;
	dt_frontmatter_span span;
	int find_rc, parse_rc;
	dt_ynode *fm;
	char find_err[1024], parse_err[1024];
} fm_case;

static int case_setup(void **state)
{
	fm_case *c = dt_xcalloc(1, sizeof(*c));
	dt_buf path = DT_BUF_INIT;
	int rc;

	c->name = *state;
	dt_buf_init(&c->doc);
	dt_buf_init(&c->expect);
	dt_buf_init(&c->label);
	*state = c;
	dt_buf_printf(&path, "%s/%s.md", CASES, c->name);
	rc = dt_file_read(&c->doc, path.ptr, DT_FILE_MAX);
	dt_buf_clear(&path);
	dt_buf_printf(&path, "%s/%s.expect", CASES, c->name);
	if (!rc)
		rc = dt_file_read(&c->expect, path.ptr, DT_FILE_MAX);
	dt_buf_dispose(&path);
	if (rc) {
		print_error("%s\n", dt_error_last());
		return -1;
	}
	dt_buf_printf(&c->label, "%s.md", c->name);

	memset(&c->span, 0xab, sizeof(c->span));
	dt_error_clear();
	c->find_rc = dt_frontmatter_find(&c->span, c->doc.ptr, c->doc.size, c->label.ptr);
	if (c->find_rc < 0)
		snprintf(c->find_err, sizeof(c->find_err), "%s", dt_error_last());
	dt_error_clear();
	c->parse_rc = dt_frontmatter_parse(&c->fm, c->doc.ptr, c->doc.size, c->label.ptr);
	if (c->parse_rc < 0)
		snprintf(c->parse_err, sizeof(c->parse_err), "%s", dt_error_last());
	return 0;
}

static int case_teardown(void **state)
{
	fm_case *c = *state;
	dt_buf_dispose(&c->doc);
	dt_buf_dispose(&c->expect);
	dt_buf_dispose(&c->label);
	dt_ynode_free(c->fm);
	free(c);
	return 0;
}

static void check_field(const fm_case *c, const char *word, char *arg)
{
	char *key = arg, *value = NULL, *sp = strchr(arg, ' ');
	const char *got;

	if (sp) {
		*sp = '\0';
		value = sp + 1;
	}
	assert_int_equal(c->parse_rc, 0);
	got = dt_frontmatter_str(c->fm, key);
	if (word[0] == 'n') {
		assert_null(got);
		return;
	}
	if (!got)
		print_error("%s: no field %s\n", c->name, key);
	assert_non_null(got);
	assert_string_equal(got, value ? value : "");
}

static void test_frontmatter_case(void **state)
{
	fm_case *c = *state;
	char *p = c->expect.ptr, *line;
	int parse_checked = 0;

	/* on failure parse leaves no tree behind */
	if (c->parse_rc < 0)
		assert_null(c->fm);
	while ((line = strsep(&p, "\n")) != NULL) {
		char *word, *arg;
		if (!*line)
			continue;
		split_directive(line, &word, &arg);
		if (!strcmp(word, "find")) {
			assert_int_equal(c->find_rc, atoi(arg));
		} else if (!strcmp(word, "yaml_line")) {
			assert_int_equal(c->find_rc, 1);
			assert_int_equal(c->span.yaml_line, strtoul(arg, NULL, 10));
		} else if (!strcmp(word, "body_line")) {
			assert_int_equal(c->find_rc, 1);
			assert_int_equal(c->span.body_line, strtoul(arg, NULL, 10));
		} else if (!strcmp(word, "body")) {
			size_t n;
			assert_int_equal(c->find_rc, 1);
			assert_true(c->span.body_off <= c->doc.size);
			n = strcspn(c->doc.ptr + c->span.body_off, "\r\n");
			assert_int_equal(n, strlen(arg));
			assert_memory_equal(c->doc.ptr + c->span.body_off, arg, n);
		} else if (!strcmp(word, "parse")) {
			parse_checked = 1;
			assert_int_equal(c->parse_rc, atoi(arg));
		} else if (!strcmp(word, "error")) {
			assert_string_equal(c->parse_rc < 0 ? c->parse_err : c->find_err, arg);
		} else if (!strcmp(word, "node")) {
			assert_int_equal(c->parse_rc, 0);
			assert_string_equal(node_kind(c->fm), arg);
		} else if (!strcmp(word, "field") || !strcmp(word, "nofield")) {
			check_field(c, word, arg);
		} else {
			print_error("%s: unknown directive '%s'\n", c->name, word);
			fail();
		}
	}
	/* every case says at least what parse returns */
	assert_true(parse_checked);
}

static void test_frontmatter_data_folder_has_cases(void **state)
{
	(void)state;
	tu_assert_case_pairs(CASES, ".md", ".expect", 20);
}

/* ---- spans on literal text ---- */

static void test_frontmatter_find_span_offsets(void **state)
{
	static const char doc[] = "---\nA: 1\nB: 2\n---\nbody\n";
	dt_frontmatter_span s;

	(void)state;
	assert_int_equal(dt_frontmatter_find(&s, doc, sizeof(doc) - 1, "d.md"), 1);
	assert_int_equal(s.yaml_off, 4);
	assert_int_equal(s.yaml_len, 10);
	assert_memory_equal(doc + s.yaml_off, "A: 1\nB: 2\n", 10);
	assert_int_equal(s.yaml_line, 2);
	assert_int_equal(s.body_off, 18);
	assert_int_equal(s.body_line, 5);
	assert_string_equal(doc + s.body_off, "body\n");
}

static void test_frontmatter_find_span_after_bom(void **state)
{
	static const char doc[] = "\xef\xbb\xbf---\nA: 1\n---\n";
	dt_frontmatter_span s;

	(void)state;
	assert_int_equal(dt_frontmatter_find(&s, doc, sizeof(doc) - 1, "d.md"), 1);
	assert_int_equal(s.yaml_off, 7);
	assert_int_equal(s.yaml_len, 5);
	assert_int_equal(s.body_off, sizeof(doc) - 1);
}

/* Only `len` bytes are looked at. */
static void test_frontmatter_find_respects_len(void **state)
{
	static const char doc[] = "---\nA: 1\n---\n";
	dt_frontmatter_span s;

	(void)state;
	assert_int_equal(dt_frontmatter_find(&s, doc, 9, "d.md"), DT_EINVALID);
	assert_int_equal(dt_frontmatter_find(&s, doc, 2, "d.md"), 0);
	assert_int_equal(dt_frontmatter_find(&s, doc, 0, "d.md"), 0);
}

static void test_frontmatter_str_only_scalars(void **state)
{
	static const char doc[] = "---\nTicket: X-1\nTopics: [a]\nOwners: {a: b}\nEmpty:\n---\n";
	dt_ynode *fm = NULL;

	(void)state;
	assert_int_equal(dt_frontmatter_parse(&fm, doc, sizeof(doc) - 1, "d.md"), 0);
	assert_string_equal(dt_frontmatter_str(fm, "Ticket"), "X-1");
	assert_null(dt_frontmatter_str(fm, "Topics"));
	assert_null(dt_frontmatter_str(fm, "Owners"));
	assert_string_equal(dt_frontmatter_str(fm, "Empty"), "");
	assert_null(dt_frontmatter_str(fm, "ticket")); /* keys are PascalCase, exact */
	assert_null(dt_frontmatter_str(NULL, "Ticket"));
	dt_ynode_free(fm);
}

/* ---- the corpus ---- */

/* Every document of the real corpus that has frontmatter parses, except
 * the docmgr templates (placeholders such as {{TOPICS}} are no YAML) and
 * one design doc whose Note starts with a backquote. */
static void test_frontmatter_corpus_documents(void **state)
{
	static const char bad_doc[] =
	    "/vm-system/ttmp/2026/02/14/VM-017-MERGE-UI-VM--merge-vm-system-ui-into-vm-system/"
	    "design-doc/01-vm-system-vm-system-ui-merge-integration-design-and-analysis.md";
	dt_buf cmd = DT_BUF_INIT, doc = DT_BUF_INIT, want = DT_BUF_INIT;
	FILE *list;
	char line[4096];
	size_t files = 0, with_fm = 0, broken = 0;

	(void)state;
	SKIP_WITHOUT_CORPUS();
	dt_buf_printf(&cmd, "find '%s/vm-system/ttmp' -name '*.md' -type f | sort", test_corpus());
	list = popen(cmd.ptr, "r");
	assert_non_null(list);
	while (fgets(line, sizeof(line), list)) {
		dt_ynode *fm = NULL;
		int rc;
		line[strcspn(line, "\n")] = '\0';
		files++;
		assert_int_equal(dt_file_read(&doc, line, DT_FILE_MAX), 0);
		rc = dt_frontmatter_parse(&fm, doc.ptr, doc.size, line);
		if (strstr(line, "/_templates/")) {
			dt_ynode_free(fm);
			continue;
		}
		if (strstr(line, bad_doc)) {
			broken++;
			dt_buf_clear(&want);
			dt_buf_printf(
			    &want,
			    "%s:38:13: invalid YAML: found character that cannot start any "
			    "token while scanning for the next token",
			    line);
			assert_int_equal(rc, DT_EINVALID);
			assert_string_equal(dt_error_last(), want.ptr);
			continue;
		}
		if (rc)
			print_error("%s\n", dt_error_last());
		assert_int_equal(rc, 0);
		with_fm += fm != NULL;
		dt_ynode_free(fm);
	}
	pclose(list);
	assert_true(files > 100);
	assert_true(with_fm > 60);
	assert_int_equal(broken, 1);
	dt_buf_dispose(&cmd);
	dt_buf_dispose(&doc);
	dt_buf_dispose(&want);
}

/* ---- dt_parse_datetime ---- */

static void test_frontmatter_datetime_valid(void **state)
{
	static const struct {
		const char *s;
		int64_t epoch;
	} cases[] = {
	    {"2026-02-14T18:56:33.938044217-05:00", 1771113393},
	    {"2026-02-14T18:56:33-05:00", 1771113393},
	    {"2026-02-14T18:56:33.9-05:00", 1771113393},
	    {"2026-02-14T18:56:33.93-05:00", 1771113393},
	    {"2026-02-14T18:56:33.938-05:00", 1771113393},
	    {"2026-02-14T18:56:33.938044-05:00", 1771113393},
	    {"2026-02-14T18:56:33.99999999999-05:00", 1771113393},
	    {"2026-02-14T23:56:33Z", 1771113393},
	    {"2026-02-14T23:56:33.5Z", 1771113393},
	    {"2026-02-14t23:56:33z", 1771113393},
	    {"2026-02-14 23:56:33Z", 1771113393},
	    {"2026-02-14T23:56:33+00:00", 1771113393},
	    {"2026-02-14T23:56:33-00:00", 1771113393},
	    {"2026-02-15T05:26:33+05:30", 1771113393},
	    {"2026-02-14T18:49:19.293993793-05:00", 1771112959},
	    {"2026-02-14", 1771027200},
	    {"1970-01-01", 0},
	    {"1970-01-01T00:00:00Z", 0},
	    {"1969-12-31T23:59:59Z", -1},
	    {"1970-01-01T01:00:00+01:00", 0},
	    {"2024-02-29", 1709164800},
	    {"2000-02-29", 951782400},
	    {"2000-03-01", 951868800},
	    {"2038-01-19T03:14:08Z", 2147483648LL},
	    {"2100-02-28", 4107456000LL},
	    {"1900-01-01", -2208988800LL},
	    {"2026-12-31T23:59:59+14:00", 1798711199},
	    {NULL, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].s; i++) {
		int64_t t = -12345;
		int rc = dt_parse_datetime(&t, cases[i].s);
		if (rc || t != cases[i].epoch)
			print_error("%s: rc %d, %lld, expected %lld\n", cases[i].s, rc,
			            (long long)t, (long long)cases[i].epoch);
		assert_int_equal(rc, 0);
		assert_int_equal(t, cases[i].epoch);
	}
}

static void test_frontmatter_datetime_matches_timegm(void **state)
{
	/* every day of a plain year and of a leap year, at noon UTC */
	(void)state;
	for (int y = 2023; y <= 2024; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				struct tm tm;
				char s[64];
				int64_t t = 0;
				time_t want;

				memset(&tm, 0, sizeof(tm));
				tm.tm_year = y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				tm.tm_hour = 12;
				want = timegm(&tm);
				/* timegm turns Feb 30 into Mar 2: days that do not
				 * exist are test_frontmatter_datetime_invalid's */
				if (tm.tm_mday != d)
					continue;
				snprintf(s, sizeof(s), "%04d-%02d-%02dT12:00:00Z", y, m, d);
				assert_int_equal(dt_parse_datetime(&t, s), 0);
				assert_int_equal(t, (int64_t)want);
			}
}

static void test_frontmatter_datetime_invalid(void **state)
{
	static const char *const cases[] = {
	    "",
	    "garbage",
	    "yesterday",
	    "2026",
	    "2026-02",
	    "2026-2-14",
	    "26-02-14",
	    "2026/02/14",
	    "20260214",
	    " 2026-02-14",
	    "2026-02-14 ",
	    "2026-02-14x",
	    "2026-00-10",
	    "2026-13-01",
	    "2026-02-00",
	    "2026-02-30",
	    "2026-02-31",
	    "2026-04-31",
	    "2026-06-31",
	    "2026-09-31",
	    "2026-11-31",
	    "2026-01-32",
	    "2026-02-14T",
	    "2026-02-14T18",
	    "2026-02-14T24:00:00Z",
	    "2026-02-14T23:60:00Z",
	    "2026-02-14T23:56:61Z",
	    "2026-02-14T23:56:33.Z",
	    "2026-02-14T23:56:33.",
	    "2026-02-14T23:56:33+5:00",
	    "2026-02-14T23:56:33+05:60",
	    "2026-02-14T23:56:33+24:00",
	    "2026-02-14T23:56:33+05:",
	    "2026-02-14T23:56:33X",
	    "2026-02-14T23:56:33Z junk",
	    "2026-02-14T23:56:33\n",
	    "2026-\xd9\xa0"
	    "2-14", /* Arabic-Indic digit */
	    NULL,
	};

	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		int64_t t = 42;
		int rc = dt_parse_datetime(&t, cases[i]);
		if (rc != DT_EINVALID)
			print_error("'%s' accepted as %lld\n", cases[i], (long long)t);
		assert_int_equal(rc, DT_EINVALID);
	}
}

/* February 29 exists only in leap years (divisible by 4, centuries only
 * when divisible by 400). */
static void test_frontmatter_datetime_feb29_only_in_leap_years(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
	    {"2024-02-29", 1},           {"2000-02-29", 1}, {"2400-02-29", 1}, {"2026-02-29", 0},
	    {"2023-02-29T10:00:00Z", 0}, {"1900-02-29", 0}, {"2100-02-29", 0}, {NULL, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].s; i++) {
		int64_t t = 0;
		int rc = dt_parse_datetime(&t, cases[i].s);
		if ((rc == 0) != cases[i].ok)
			print_error("%s: rc %d (%lld), expected %s\n", cases[i].s, rc, (long long)t,
			            cases[i].ok ? "a date" : "DT_EINVALID");
		assert_int_equal(rc, cases[i].ok ? 0 : DT_EINVALID);
	}
}

static void test_frontmatter_datetime_error_message(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(dt_parse_datetime(&t, "soon"), DT_EINVALID);
	assert_string_equal(dt_error_last(),
	                    "'soon' is not a date (expected YYYY-MM-DD or RFC 3339)");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_frontmatter_data_folder_has_cases),
	    cmocka_unit_test(test_frontmatter_find_span_offsets),
	    cmocka_unit_test(test_frontmatter_find_span_after_bom),
	    cmocka_unit_test(test_frontmatter_find_respects_len),
	    cmocka_unit_test(test_frontmatter_str_only_scalars),
	    cmocka_unit_test(test_frontmatter_corpus_documents),
	    cmocka_unit_test(test_frontmatter_datetime_valid),
	    cmocka_unit_test(test_frontmatter_datetime_matches_timegm),
	    cmocka_unit_test(test_frontmatter_datetime_invalid),
	    cmocka_unit_test(test_frontmatter_datetime_feb29_only_in_leap_years),
	    cmocka_unit_test(test_frontmatter_datetime_error_message),
	};
	const tu_case_group g = {
	    .group = "test_frontmatter",
	    .before = fixed,
	    .nbefore = DT_ARRAY_SIZE(fixed),
	    .dir = CASES,
	    .ext = ".md",
	    .title = "frontmatter case",
	    .test = test_frontmatter_case,
	    .setup = case_setup,
	    .teardown = case_teardown,
	};
	return tu_run_case_group(&g);
}
