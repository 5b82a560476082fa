/* test_message.c - lib/message.h: git's message clean-up, trailers, adding a trailer.
 *
 * Besides the tables below, every case in tests/data/messages/ (NAME.in,
 * NAME.clean, optional NAME.comment holding core.commentChar) and in
 * tests/data/add-trailer/ (NAME.in, NAME.trailer, optional NAME.comment)
 * runs as its own test. The expected files were made with git 2.39:
 * `git commit -v` with an editor that writes NAME.in (core.commentChar
 * "auto" replaced by the character git picks), and
 * `git interpret-trailers --no-divider --trailer 'Ticket: ...'`, except
 * where git rewrites what it should keep: add-trailer/no-final-newline
 * (git 2.39 puts the trailer in the subject paragraph),
 * ws-blank-before-comments and comment-inside-trailer-block (git drops
 * the white-space line and the comment; here they stay byte for byte).
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "message.h"

#define MESSAGES_DIR TEST_DATA "/messages"
#define ADD_TRAILER_DIR TEST_DATA "/add-trailer"
#define ADDED_KEY "Ticket"
#define ADDED_VALUE "VM-022-IMPORT-FRONTEND-VM"

/* ------------------------------------------------------------------ */
/* helpers                                                             */

/* The whole file into a NUL-terminated buffer; 0 when it does not exist. */
static int slurp(dt_buf *out, const char *path)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	dt_buf_clear(out);
	if (!f)
		return 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		dt_buf_put(out, chunk, n);
	fclose(f);
	return 1;
}

static void must_slurp(dt_buf *out, const char *path)
{
	if (!slurp(out, path))
		fail_msg("cannot read %s", path);
}

/* A printable rendering of s[0..len): \n, \r, \t and other controls escaped. */
static char *escape(const char *s, size_t len)
{
	dt_buf b = DT_BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			dt_buf_puts(&b, "\\n\n");
		else if (c == '\r')
			dt_buf_puts(&b, "\\r");
		else if (c == '\t')
			dt_buf_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			dt_buf_printf(&b, "\\x%02x", c);
		else
			dt_buf_putc(&b, (char)c);
	}
	return dt_buf_detach(&b);
}

/* Compare byte for byte; on a difference print both sides and return 0.
 * (Tests free their buffers before asserting, so that a failure leaks
 * nothing under ASan.) */
static int same_bytes(const char *what, const char *want, size_t wlen, const char *got, size_t glen)
{
	char *w, *g;
	size_t at = 0;

	if (wlen == glen && !memcmp(want, got, wlen))
		return 1;
	w = escape(want, wlen);
	g = escape(got, glen);
	while (at < wlen && at < glen && want[at] == got[at])
		at++;
	print_error("%s: first difference at byte %zu\n--- expected (%zu bytes)\n%s\n"
	            "--- actual (%zu bytes)\n%s\n---\n",
	            what, at, wlen, w, glen, g);
	free(w);
	free(g);
	return 0;
}

/* NAME.comment: the core.commentChar value (white space around it
 * dropped), or NULL when the case has none. Caller frees. */
static char *case_comment_config(const char *dir, const char *name)
{
	dt_buf path = DT_BUF_INIT, b = DT_BUF_INIT;
	char *value = NULL;

	dt_buf_printf(&path, "%s/%s.comment", dir, name);
	if (slurp(&b, path.ptr)) {
		size_t s = 0, e = b.size;
		while (s < e && (b.ptr[s] == ' ' || b.ptr[s] == '\t'))
			s++;
		while (e > s && dt_isspace((unsigned char)b.ptr[e - 1]))
			e--;
		value = dt_xstrndup(b.ptr + s, e - s);
	}
	dt_buf_dispose(&path);
	dt_buf_dispose(&b);
	return value;
}

/* The trailers of `clean` rendered one a line: "Key: value @line\n". */
static char *render_trailers(const char *clean)
{
	dt_trailers t = DT_TRAILERS_INIT;
	dt_buf b = DT_BUF_INIT;

	dt_message_trailers(&t, clean);
	for (size_t i = 0; i < t.count; i++)
		dt_buf_printf(&b, "%s: %s @%zu\n", t.items[i].key, t.items[i].value,
		              t.items[i].line);
	dt_trailers_dispose(&t);
	return dt_buf_detach(&b);
}

/* ------------------------------------------------------------------ */
/* core.commentChar                                                    */

#define SCISSORS "------------------------ >8 ------------------------"

typedef struct {
	const char *name;
	const char *config; /* core.commentChar, or NULL when unset */
	const char *msg;
	const char *want;
} comment_case;

static const comment_case comment_cases[] = {
    {"unset is '#'", NULL, "Subject\n; not a comment\n", "#"},
    {"explicit ';'", ";", "Subject\n# kept\n", ";"},
    {"explicit '#'", "#", "Subject\n", "#"},
    {"a string is kept whole", "//", "Subject\n", "//"},
    {"auto with '#' comments", "auto", "Subject\n\n# Please enter the message.\n#\n", "#"},
    {"auto with ';' comments", "auto",
     "Subject\n\n#12 starts a content line\n; Please enter the message.\n;\n", ";"},
    {"auto with a ';' scissors line and a diff below", "auto",
     "Subject\n\n; Please enter the message.\n; " SCISSORS "\n; Do not modify.\n"
     "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n+new\n",
     ";"},
    {"auto with a '%' scissors line", "auto",
     "Subject\n\n# content\n; content\n% " SCISSORS "\ndiff --git a/f b/f\n+# x\n", "%"},
    {"auto scissors line on the first line", "auto", "@ " SCISSORS "\n+diff\n", "@"},
    {"auto with trailing blank lines after the comments", "auto",
     "Subject\n\n; Please enter the message.\n;\n\n\n", ";"},
    /* one comment-shaped line is not enough evidence: git's template
     * always writes several */
    {"auto with a single ';' line", "auto", "Subject\n\n; maybe content\n", ""},
    {"auto with no comment lines", "auto", "Subject\n\nBody.\n", ""},
    {"auto with an empty message", "auto", "", ""},
    /* a content line is no comment line, whatever its first character:
     * git itself would have chosen '#', which starts no line here */
    {"auto ignores a gitmoji subject", "auto", ":sparkles: feat(vm-023): add docs\n", ""},
    {"auto ignores a body line that starts with '$'", "auto",
     "Document the install\n\n$ make install\n", ""},
    {NULL, NULL, NULL, NULL},
};

static void test_comment_char_table(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const comment_case *c = comment_cases; c->name; c++) {
		char out[8];
		memset(out, 'x', sizeof(out));
		dt_message_comment(out, c->config, c->msg, strlen(c->msg));
		assert_non_null(memchr(out, '\0', sizeof(out)));
		if (strcmp(out, c->want)) {
			print_error("comment char, %s: want '%s', got '%s'\n", c->name, c->want,
			            out);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* git's auto never picks a character that starts a content line. */
static void test_comment_auto_gitmoji_subject_survives_cleaning(void **state)
{
	static const char msg[] = ":sparkles: feat(vm-023): add plugin docs\n";
	char comment[8];
	dt_buf out = DT_BUF_INIT;
	(void)state;
	int subject_kept;
	dt_message_comment(comment, "auto", msg, sizeof(msg) - 1);
	dt_message_clean(&out, msg, sizeof(msg) - 1, comment);
	subject_kept = same_bytes("auto, gitmoji subject", msg, sizeof(msg) - 1, out.ptr, out.size);
	dt_buf_dispose(&out);
	assert_true(subject_kept);
}

/* ------------------------------------------------------------------ */
/* clean-up                                                            */

typedef struct {
	const char *name;
	const char *comment;
	const char *msg;
	const char *want;
} clean_case;

static const clean_case clean_cases[] = {
    {"empty", "#", "", ""},
    {"blank lines only", "#", "\n\n  \n\t\n", ""},
    {"adds the final newline", "#", "Subject", "Subject\n"},
    {"no comment char keeps '#' lines", NULL, "Subject\n# kept\n", "Subject\n# kept\n"},
    {"empty comment char keeps '#' lines", "", "Subject\n# kept\n", "Subject\n# kept\n"},
    {"no comment char does not cut at the scissors", NULL, "Subject\n# " SCISSORS "\nafter\n",
     "Subject\n# " SCISSORS "\nafter\n"},
    {"comment char at line start only", "#", "Fix #12\n  # indented\n", "Fix #12\n  # indented\n"},
    {"'#' without space is a comment", "#", "Subject\n#no space\n", "Subject\n"},
    {"the scissors line of another char is content", "#", "Subject\n; " SCISSORS "\nbody\n",
     "Subject\n; " SCISSORS "\nbody\n"},
    {"a scissors line cuts everything below", "#", "Subject\n\n# " SCISSORS "\nTicket: VM-001\n",
     "Subject\n"},
    {"only the first scissors line counts", "#", "Subject\n# " SCISSORS "\nx\n# " SCISSORS "\ny\n",
     "Subject\n"},
    {"a multi-character comment string", "//", "Subject\n// note\n/ kept\n", "Subject\n/ kept\n"},
    {"CR before LF is trailing white space", "#", "A\r\n\r\nB\r\n", "A\n\nB\n"},
    {"blank line made of a CR", "#", "A\n\r\n\r\nB\n", "A\n\nB\n"},
    {"comment lines between paragraphs do not split them", "#", "A\n# c\nB\n\n# d\n\nC\n",
     "A\nB\n\nC\n"},
    {"leading white space of a line is kept", "#", "S\n\n    code\n\tmore\n",
     "S\n\n    code\n\tmore\n"},
    {NULL, NULL, NULL, NULL},
};

static void test_clean_table(void **state)
{
	size_t failures = 0;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	for (const clean_case *c = clean_cases; c->name; c++) {
		dt_message_clean(&out, c->msg, strlen(c->msg), c->comment);
		if (out.size != strlen(c->want) || memcmp(out.ptr, c->want, out.size)) {
			char *w = escape(c->want, strlen(c->want)), *g = escape(out.ptr, out.size);
			print_error("clean, %s:\n--- expected\n%s\n--- actual\n%s\n", c->name, w,
			            g);
			free(w);
			free(g);
			failures++;
		}
	}
	dt_buf_dispose(&out);
	assert_int_equal(failures, 0);
}

/* The output buffer is replaced, not appended to. */
static void test_clean_replaces_previous_output(void **state)
{
	dt_buf out = DT_BUF_INIT;
	(void)state;
	dt_buf_puts(&out, "left over\n");
	dt_message_clean(&out, "Subject\n", 8, "#");
	assert_string_equal(out.ptr, "Subject\n");
	dt_message_clean(&out, "# only a comment\n", 17, "#");
	assert_int_equal(out.size, 0);
	assert_string_equal(out.ptr, "");
	dt_buf_dispose(&out);
}

/* A NUL byte inside the message does not end it. */
static void test_clean_reads_len_bytes(void **state)
{
	static const char msg[] = "Subject\n\nBody\n# comment\nIGNORED";
	dt_buf out = DT_BUF_INIT;
	(void)state;
	/* stop before "IGNORED" */
	dt_message_clean(&out, msg, sizeof(msg) - 1 - 7, "#");
	assert_string_equal(out.ptr, "Subject\n\nBody\n");
	dt_buf_dispose(&out);
}

typedef struct {
	const char *clean;
	const char *want;
} subject_case;

static const subject_case subject_cases[] = {
    {"VM-023: explain\n\nBody\n", "VM-023: explain"},
    {"One line\n", "One line"},
    {"No newline", "No newline"},
    {"", ""},
    {NULL, NULL},
};

static void test_subject(void **state)
{
	dt_buf out = DT_BUF_INIT;
	(void)state;
	for (const subject_case *c = subject_cases; c->clean; c++) {
		dt_message_subject(&out, c->clean);
		assert_string_equal(out.ptr, c->want);
		assert_int_equal(out.size, strlen(c->want));
	}
	dt_buf_dispose(&out);
}

/* ------------------------------------------------------------------ */
/* trailers (checked against `git interpret-trailers --parse`)         */

typedef struct {
	const char *name;
	const char *clean;
	const char *want; /* "Key: value @line\n" each */
} trailer_case;

static const trailer_case trailer_cases[] = {
    {"one trailer after the subject", "Subject\n\nTicket: VM-023\n", "Ticket: VM-023 @3\n"},
    {"the subject paragraph is never trailers", "Subject\nTicket: VM-023\n", ""},
    {"a lone trailer-shaped subject", "Ticket: VM-023\n", ""},
    {"title of two lines", "Subject\nmore title\n\nTicket: X-1\n", "Ticket: X-1 @4\n"},
    {"body then trailers", "Subject\n\nBody text.\n\nRefs: VM-023\nSigned-off-by: A <a@x>\n",
     "Refs: VM-023 @5\nSigned-off-by: A <a@x> @6\n"},
    {"only the last paragraph", "Subject\n\nRefs: VM-023\n\nBody after.\n", ""},
    {"the last of several paragraphs",
     "S\n\nP1\n\nP2 text\n\nCo-authored-by: B <b@x>\nTicket: VM-1\n",
     "Co-authored-by: B <b@x> @7\nTicket: VM-1 @8\n"},
    {"half trailers without a git trailer", "Subject\n\nSome prose\nRefs: VM-023\n", ""},
    {"half trailers with Signed-off-by",
     "Subject\n\nprose one\nprose two\nRefs: VM-023\nSigned-off-by: A <a@x>\n",
     "Refs: VM-023 @5\nSigned-off-by: A <a@x> @6\n"},
    {"25% with Signed-off-by", "Subject\n\np1\np2\np3\nSigned-off-by: A <a@x>\n",
     "Signed-off-by: A <a@x> @6\n"},
    {"20% with Signed-off-by", "Subject\n\np1\np2\np3\np4\nSigned-off-by: A <a@x>\n", ""},
    {"a cherry-pick line is a git trailer",
     "Subject\n\nprose\n(cherry picked from commit 1234567)\nRefs: VM-023\n", "Refs: VM-023 @5\n"},
    {"signed-off-by in lower case is not git's", "Subject\n\nsigned-off-by: a\np1\np2\n", ""},
    {"continuation lines are joined with a space",
     "Subject\n\nNote: first\n  second\n\tthird\nTicket: VM-023\n",
     "Note: first second third @3\nTicket: VM-023 @6\n"},
    {"a continued list", "S\n\nTicket: VM-022,\n  VM-023\n", "Ticket: VM-022, VM-023 @3\n"},
    {"an empty value continued", "S\n\nNote:\n  cont\n", "Note: cont @3\n"},
    {"a continuation before prose is prose", "Subject\n\nNote: x\n  cont\nplain prose\n", ""},
    {"an indented first line is no trailer", "S\n\n  indented: x\nTicket: VM-1\n", ""},
    {"space before the colon, none after", "Subject\n\nTicket : VM-023\nRefs:#123\n",
     "Ticket: VM-023 @3\nRefs: #123 @4\n"},
    {"dashes in the key", "Subject\n\nTicket:VM-023\nKey-With-Dash: v\n",
     "Ticket: VM-023 @3\nKey-With-Dash: v @4\n"},
    {"keys as written", "Subject\n\nTicket: A-1\nticket: B-2\n",
     "Ticket: A-1 @3\nticket: B-2 @4\n"},
    {"trailing spaces of a value", "Subject\n\nTicket: VM-023   \n", "Ticket: VM-023 @3\n"},
    {"empty message", "", ""},
    {"subject only", "Subject\n", ""},
    {NULL, NULL, NULL},
};

static void test_trailers_table(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const trailer_case *c = trailer_cases; c->name; c++) {
		char *got = render_trailers(c->clean);
		if (strcmp(got, c->want)) {
			print_error("trailers, %s:\n--- expected\n%s--- actual\n%s---\n", c->name,
			            c->want, got);
			failures++;
		}
		free(got);
	}
	assert_int_equal(failures, 0);
}

static void test_trailers_get_is_last_value_ignoring_case(void **state)
{
	dt_trailers t = DT_TRAILERS_INIT;
	(void)state;
	dt_message_trailers(&t, "Subject\n\nTicket: VM-022\nRefs: VM-007\nticket: VM-023\n");
	assert_int_equal(t.count, 3);
	assert_string_equal(dt_trailers_get(&t, "TICKET"), "VM-023");
	assert_string_equal(dt_trailers_get(&t, "refs"), "VM-007");
	assert_null(dt_trailers_get(&t, "Signed-off-by"));
	assert_null(dt_trailers_get(&t, "Tick"));
	dt_trailers_dispose(&t);
	assert_int_equal(t.count, 0);
	assert_null(t.items);
	dt_trailers_dispose(&t); /* twice is fine */
}

/* ------------------------------------------------------------------ */
/* add a trailer                                                       */

static void test_add_trailer_appends_to_cleaned_trailers(void **state)
{
	static const char msg[] = "Fix heading levels\n\nRefs: #123\n\n# Please enter...\n";
	dt_buf out = DT_BUF_INIT, clean = DT_BUF_INIT;
	dt_trailers t = DT_TRAILERS_INIT;
	(void)state;
	dt_message_add_trailer(&out, msg, sizeof(msg) - 1, "#", ADDED_KEY, ADDED_VALUE);
	dt_message_clean(&clean, out.ptr, out.size, "#");
	assert_string_equal(clean.ptr,
	                    "Fix heading levels\n\nRefs: #123\nTicket: " ADDED_VALUE "\n");
	dt_message_trailers(&t, clean.ptr);
	assert_int_equal(t.count, 2);
	assert_string_equal(dt_trailers_get(&t, "Ticket"), ADDED_VALUE);
	assert_int_equal(t.items[1].line, 4);
	dt_trailers_dispose(&t);
	dt_buf_dispose(&clean);
	dt_buf_dispose(&out);
}

/* ------------------------------------------------------------------ */
/* data-driven cases                                                   */

typedef struct {
	const char *dir;
	char *name;
	char *label;
} data_case;

static void test_message_data_clean(void **state)
{
	const data_case *c = *state;
	dt_buf path = DT_BUF_INIT, raw = DT_BUF_INIT, want = DT_BUF_INIT, out = DT_BUF_INIT;
	dt_buf again = DT_BUF_INIT;
	char *config = case_comment_config(c->dir, c->name);
	char comment[8];
	int as_expected;

	dt_buf_printf(&path, "%s/%s.in", c->dir, c->name);
	must_slurp(&raw, path.ptr);
	dt_buf_clear(&path);
	dt_buf_printf(&path, "%s/%s.clean", c->dir, c->name);
	must_slurp(&want, path.ptr);

	dt_message_comment(comment, config, raw.ptr, raw.size);
	dt_message_clean(&out, raw.ptr, raw.size, comment);
	as_expected = same_bytes(c->label, want.ptr, want.size, out.ptr, out.size);
	/* cleaning a cleaned message changes nothing */
	dt_message_clean(&again, out.ptr, out.size, comment);
	as_expected &= same_bytes("cleaning twice", out.ptr, out.size, again.ptr, again.size);

	free(config);
	dt_buf_dispose(&path);
	dt_buf_dispose(&raw);
	dt_buf_dispose(&want);
	dt_buf_dispose(&out);
	dt_buf_dispose(&again);
	assert_true(as_expected);
}

static void test_add_trailer_data(void **state)
{
	const data_case *c = *state;
	dt_buf path = DT_BUF_INIT, raw = DT_BUF_INIT, want = DT_BUF_INIT, out = DT_BUF_INIT;
	dt_buf clean = DT_BUF_INIT;
	dt_trailers t = DT_TRAILERS_INIT;
	char *config = case_comment_config(c->dir, c->name);
	char comment[8];
	int as_expected, ticket_is_last_trailer;

	dt_buf_printf(&path, "%s/%s.in", c->dir, c->name);
	must_slurp(&raw, path.ptr);
	dt_buf_clear(&path);
	dt_buf_printf(&path, "%s/%s.trailer", c->dir, c->name);
	must_slurp(&want, path.ptr);

	dt_message_comment(comment, config, raw.ptr, raw.size);
	dt_message_add_trailer(&out, raw.ptr, raw.size, comment, ADDED_KEY, ADDED_VALUE);
	as_expected = same_bytes(c->label, want.ptr, want.size, out.ptr, out.size);

	/* what git will store carries the trailer as its last trailer */
	dt_message_clean(&clean, out.ptr, out.size, comment);
	dt_message_trailers(&t, clean.ptr);
	ticket_is_last_trailer = t.count && !strcmp(t.items[t.count - 1].key, ADDED_KEY) &&
	                         !strcmp(t.items[t.count - 1].value, ADDED_VALUE);
	if (!ticket_is_last_trailer) {
		char *e = escape(clean.ptr, clean.size);
		print_error("the added trailer is not the last one of the cleaned message:\n%s\n",
		            e);
		free(e);
	}

	free(config);
	dt_trailers_dispose(&t);
	dt_buf_dispose(&path);
	dt_buf_dispose(&raw);
	dt_buf_dispose(&want);
	dt_buf_dispose(&out);
	dt_buf_dispose(&clean);
	assert_true(as_expected);
	assert_true(ticket_is_last_trailer);
}

static void test_data_folders_have_cases(void **state)
{
	dt_strvec m = DT_STRVEC_INIT, a = DT_STRVEC_INIT;
	(void)state;
	tu_list_cases(&m, MESSAGES_DIR, ".in");
	tu_list_cases(&a, ADD_TRAILER_DIR, ".in");
	assert_true(m.count >= 10);
	assert_true(a.count >= 10);
	dt_strvec_dispose(&m);
	dt_strvec_dispose(&a);
}

/* One cmocka test per NAME.in in `dir`. */
static int run_data_group(const char *group, const char *dir, CMUnitTestFunction fn)
{
	dt_strvec names = DT_STRVEC_INIT;
	data_case *cases;
	struct CMUnitTest *tests;
	int rc;

	tu_list_cases(&names, dir, ".in");
	if (!names.count) {
		fprintf(stderr, "not ok - %s: no cases in %s\n", group, dir);
		return 1;
	}
	cases = dt_xcalloc(names.count, sizeof(*cases));
	tests = dt_xcalloc(names.count, sizeof(*tests));
	for (size_t i = 0; i < names.count; i++) {
		cases[i].dir = dir;
		cases[i].name = names.items[i];
		cases[i].label = dt_xasprintf("%s: %s", group, names.items[i]);
		tests[i].name = cases[i].label;
		tests[i].test_func = fn;
		tests[i].initial_state = &cases[i];
	}
	rc = _cmocka_run_group_tests(group, tests, names.count, NULL, NULL);
	for (size_t i = 0; i < names.count; i++)
		free(cases[i].label);
	free(cases);
	free(tests);
	dt_strvec_dispose(&names);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_comment_char_table),
	    cmocka_unit_test(test_comment_auto_gitmoji_subject_survives_cleaning),
	    cmocka_unit_test(test_clean_table),
	    cmocka_unit_test(test_clean_replaces_previous_output),
	    cmocka_unit_test(test_clean_reads_len_bytes),
	    cmocka_unit_test(test_subject),
	    cmocka_unit_test(test_trailers_table),
	    cmocka_unit_test(test_trailers_get_is_last_value_ignoring_case),
	    cmocka_unit_test(test_add_trailer_appends_to_cleaned_trailers),
	    cmocka_unit_test(test_data_folders_have_cases),
	};
	int rc = cmocka_run_group_tests_name("message", tests, NULL, NULL);
	rc += run_data_group("clean", MESSAGES_DIR, test_message_data_clean);
	rc += run_data_group("add-trailer", ADD_TRAILER_DIR, test_add_trailer_data);
	return rc ? 1 : 0;
}
