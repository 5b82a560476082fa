/* test_tasks.c - lib/tasks.h: a ticket's tasks.md (SPEC §1.4).
 *
 * A task is a line matching ^\s{0,3}[-*]\s+\[[ xX]\]\s+(.+?)\s*$ outside
 * fenced code blocks, or such a line indented deeper inside a list (a
 * nested task); single lines are a table, whole files are small texts,
 * and every tasks.md of the corpus is counted against grep.
 *
 * Cases of nesting live in tests/data/tasks/ as NAME.md with NAME.expect
 * beside it, one check a line:
 *   tasks N                 the file has N tasks
 *   task N LINE [x] TEXT    task N is on file line LINE, done ([x]) or not
 *                           ([ ]), with this text
 *   notask LINE             no task is on file line LINE
 *   done N                  dt_tasks_done */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "markdown.h"
#include "tasks.h"

#include <ftw.h>
#include <stdio.h>
#include <string.h>

/* The object under test lives in the cmocka state, so that a failing
 * assertion does not leak it. */
static int t_setup(void **state)
{
	*state = dt_xcalloc(1, sizeof(dt_tasks));
	return 0;
}

static int t_teardown(void **state)
{
	dt_tasks_dispose(*state);
	free(*state);
	return 0;
}

static void parse_ok(dt_tasks *t, const char *text)
{
	int rc = dt_tasks_parse(t, text, strlen(text), "tasks.md");
	if (rc)
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
}

/* ---- one line ---- */

typedef struct {
	const char *line;
	int is_task, done;
	const char *text, *stable; /* stable NULL: none */
} line_case;

static const line_case line_cases[] = {
    {"- [ ] Write the parser", 1, 0, "Write the parser", NULL},
    {"* [ ] Star marker", 1, 0, "Star marker", NULL},
    {"- [x] Done lower", 1, 1, "Done lower", NULL},
    {"- [X] Done upper", 1, 1, "Done upper", NULL},
    {" - [ ] one space", 1, 0, "one space", NULL},
    {"   - [ ] three spaces", 1, 0, "three spaces", NULL},
    {"    - [ ] four spaces is code", 0, 0, NULL, NULL},
    {"-   [ ]   wide gaps   ", 1, 0, "wide gaps", NULL},
    {"-\t[x]\ttabs", 1, 1, "tabs", NULL},
    {"- [ ] trailing CR\r", 1, 0, "trailing CR", NULL},
    {"- [ ] a [ ] inside", 1, 0, "a [ ] inside", NULL},
    /* stable IDs, 2-12 of [a-z0-9] */
    {"- [ ] Add the hook <!-- t:ab12 -->", 1, 0, "Add the hook", "ab12"},
    {"- [x] Short <!-- t:a1 -->", 1, 1, "Short", "a1"},
    {"- [ ] Long <!-- t:abcdef123456 -->", 1, 0, "Long", "abcdef123456"},
    {"- [ ] Trailing space <!-- t:zz9 -->   ", 1, 0, "Trailing space", "zz9"},
    {"- [ ] Too long <!-- t:abcdef1234567 -->", 1, 0, "Too long <!-- t:abcdef1234567 -->", NULL},
    {"- [ ] Too short <!-- t:a -->", 1, 0, "Too short <!-- t:a -->", NULL},
    {"- [ ] Upper case <!-- t:AB12 -->", 1, 0, "Upper case <!-- t:AB12 -->", NULL},
    {"- [ ] Not at the end <!-- t:ab12 --> more", 1, 0, "Not at the end <!-- t:ab12 --> more",
     NULL},
    {"- [ ] Other comment <!-- note -->", 1, 0, "Other comment <!-- note -->", NULL},
    /* not tasks */
    {"- [ ]", 0, 0, NULL, NULL},
    {"- [ ] ", 0, 0, NULL, NULL},
    {"- [x]", 0, 0, NULL, NULL},
    {"- [ ]text", 0, 0, NULL, NULL},
    {"-[ ] no space after the marker", 0, 0, NULL, NULL},
    {"+ [ ] plus marker", 0, 0, NULL, NULL},
    {"1. [ ] numbered", 0, 0, NULL, NULL},
    {"- [-] dash box", 0, 0, NULL, NULL},
    {"- [y] y box", 0, 0, NULL, NULL},
    {"- [  ] two spaces box", 0, 0, NULL, NULL},
    {"[ ] no marker", 0, 0, NULL, NULL},
    {"- plain item", 0, 0, NULL, NULL},
    {"", 0, 0, NULL, NULL},
    {NULL, 0, 0, NULL, NULL},
};

static void test_tasks_lines(void **state)
{
	dt_tasks *t = *state;
	for (const line_case *c = line_cases; c->line; c++) {
		print_message("line: %s\n", c->line);
		parse_ok(t, c->line);
		assert_int_equal(t->count, (size_t)c->is_task);
		if (c->is_task) {
			assert_int_equal(t->items[0].number, 1);
			assert_int_equal(t->items[0].line, 1);
			assert_int_equal(t->items[0].done, c->done);
			assert_string_equal(t->items[0].text, c->text);
			if (c->stable)
				assert_string_equal(t->items[0].stable, c->stable);
			else
				assert_null(t->items[0].stable);
			assert_null(t->items[0].section);
		}
		dt_tasks_dispose(t);
	}
}

/* ---- a whole file ---- */

static const char file_text[] = "# Tasks for VM-017\n"                   /* 1 */
                                "\n"                                     /* 2 */
                                "- [x] Before any section\n"             /* 3 */
                                "\n"                                     /* 4 */
                                "## Phase 1\n"                           /* 5 */
                                "\n"                                     /* 6 */
                                "- [x] Create ticket <!-- t:ab12 -->\n"  /* 7 */
                                "* [ ] Write guide\n"                    /* 8 */
                                "  - [X] Nested item\n"                  /* 9 */
                                "\n"                                     /* 10 */
                                "```md\n"                                /* 11 */
                                "- [ ] in a fence\n"                     /* 12 */
                                "## Not a section\n"                     /* 13 */
                                "```bash\n"                              /* 14 */
                                "- [ ] still in the fence\n"             /* 15 */
                                "```\n"                                  /* 16 */
                                "\n"                                     /* 17 */
                                "### Phase 1b\n"                         /* 18 */
                                "- [ ] Sub-section task <!-- t:x9 -->\n" /* 19 */
                                "~~~~\n"                                 /* 20 */
                                "- [ ] in a tilde fence\n"               /* 21 */
                                "~~~\n"                                  /* 22 */
                                "- [ ] still in it\n"                    /* 23 */
                                "~~~~~\n"                                /* 24 */
                                "# Second H1 is no section\n"            /* 25 */
                                "###### Phase 6\n"                       /* 26 */
                                "####### seven hashes is text\n"         /* 27 */
                                "    - [ ] no list: paragraph text\n"    /* 28 */
                                "- [ ] Deep\n"                           /* 29 */
                                "- [ ] Last, no newline";                /* 30 */

static void test_tasks_file(void **state)
{
	static const struct {
		size_t line;
		int done;
		const char *text, *stable, *section;
	} want[] = {
	    {3, 1, "Before any section", NULL, NULL},
	    {7, 1, "Create ticket", "ab12", "Phase 1"},
	    {8, 0, "Write guide", NULL, "Phase 1"},
	    {9, 1, "Nested item", NULL, "Phase 1"},
	    {19, 0, "Sub-section task", "x9", "Phase 1b"},
	    {29, 0, "Deep", NULL, "Phase 6"},
	    {30, 0, "Last, no newline", NULL, "Phase 6"},
	    {0, 0, NULL, NULL, NULL},
	};
	dt_tasks *t = *state;
	size_t n = 0;

	parse_ok(t, file_text);
	assert_string_equal(t->title, "Tasks for VM-017");
	for (; want[n].line; n++) {
		const dt_task *k = &t->items[n];
		print_message("task %zu: line %zu %s\n", n + 1, k->line, k->text);
		assert_true(n < t->count);
		assert_int_equal(k->number, n + 1);
		assert_int_equal(k->line, want[n].line);
		assert_int_equal(k->done, want[n].done);
		assert_string_equal(k->text, want[n].text);
		if (want[n].stable)
			assert_string_equal(k->stable, want[n].stable);
		else
			assert_null(k->stable);
		if (want[n].section)
			assert_string_equal(k->section, want[n].section);
		else
			assert_null(k->section);
	}
	assert_int_equal(t->count, n);
	assert_int_equal(dt_tasks_done(t), 3);

	assert_ptr_equal(dt_tasks_by_number(t, 1), &t->items[0]);
	assert_ptr_equal(dt_tasks_by_number(t, 7), &t->items[6]);
	assert_null(dt_tasks_by_number(t, 0));
	assert_null(dt_tasks_by_number(t, 8));
	assert_ptr_equal(dt_tasks_by_stable(t, "ab12"), &t->items[1]);
	assert_ptr_equal(dt_tasks_by_stable(t, "x9"), &t->items[4]);
	assert_null(dt_tasks_by_stable(t, "ab1"));
	assert_null(dt_tasks_by_stable(t, "zz"));
	dt_tasks_dispose(t);
}

/* A closing fence carries no info string (CommonMark 4.5): "```sh" inside
 * a "```" block is content, whatever the length of the info string. */
static void test_tasks_fence_info_string_does_not_close(void **state)
{
	static const char text[] = "```\n"
	                           "- [ ] in the fence\n"
	                           "```sh\n"
	                           "- [ ] still in the fence\n"
	                           "```\n"
	                           "- [ ] after the fence\n";
	dt_tasks *t = *state;

	parse_ok(t, text);
	assert_int_equal(t->count, 1);
	assert_string_equal(t->items[0].text, "after the fence");
	assert_int_equal(t->items[0].number, 1);
	dt_tasks_dispose(t);
}

/* SPEC §1.4's \s{0,3} takes a tab as one character of indent. */
static void test_tasks_tab_indent(void **state)
{
	static const char text[] = "\t- [ ] tab indent\n"
	                           " \t- [x] space and tab\n";
	dt_tasks *t = *state;

	parse_ok(t, text);
	assert_int_equal(t->count, 2);
	assert_string_equal(t->items[0].text, "tab indent");
	assert_string_equal(t->items[1].text, "space and tab");
	assert_int_equal(t->items[1].done, 1);
	dt_tasks_dispose(t);
}

/* Numbering runs over the whole file, not per section. */
static void test_tasks_numbered_over_sections(void **state)
{
	static const char text[] =
	    "## A\n- [ ] a1\n- [ ] a2\n## B\n- [ ] b1\n## C\n## D\n- [x] d1\n";
	dt_tasks *t = *state;

	parse_ok(t, text);
	assert_null(t->title);
	assert_int_equal(t->count, 4);
	assert_string_equal(t->items[2].text, "b1");
	assert_int_equal(t->items[2].number, 3);
	assert_string_equal(t->items[2].section, "B");
	assert_string_equal(t->items[3].text, "d1");
	assert_int_equal(t->items[3].number, 4);
	assert_string_equal(t->items[3].section, "D");
	assert_string_equal(dt_tasks_by_number(t, 4)->text, "d1");
	dt_tasks_dispose(t);
}

static void test_tasks_crlf(void **state)
{
	static const char text[] = "# Tasks\r\n\r\n## Now\r\n- [ ] one <!-- t:ab12 -->\r\n"
	                           "- [x] two\r\n";
	dt_tasks *t = *state;

	parse_ok(t, text);
	assert_string_equal(t->title, "Tasks");
	assert_int_equal(t->count, 2);
	assert_string_equal(t->items[0].text, "one");
	assert_string_equal(t->items[0].stable, "ab12");
	assert_string_equal(t->items[0].section, "Now");
	assert_string_equal(t->items[1].text, "two");
	assert_int_equal(t->items[1].line, 5);
	dt_tasks_dispose(t);
}

static void test_tasks_empty_and_nul(void **state)
{
	static const char nul[] = "# Tasks\n- [ ] a\n- [ ] b\0c\n";
	dt_tasks *t = *state;
	int rc;

	parse_ok(t, "");
	assert_int_equal(t->count, 0);
	assert_null(t->title);
	assert_int_equal(dt_tasks_done(t), 0);
	assert_null(dt_tasks_by_number(t, 1));
	dt_tasks_dispose(t);

	dt_error_clear();
	rc = dt_tasks_parse(t, nul, sizeof(nul) - 1, "x/tasks.md");
	print_message("%s\n", dt_error_last());
	assert_int_equal(rc, DT_EINVALID);
	assert_int_equal(strncmp(dt_error_last(), "x/tasks.md:3:", 13), 0);
	dt_tasks_dispose(t);
}

static void test_tasks_md_fence(void **state)
{
	size_t n = 0;
	(void)state;
	assert_int_equal(dt_md_fence("```", 3, &n), '`');
	assert_int_equal(n, 3);
	assert_int_equal(dt_md_fence("   ~~~~ info", 12, &n), '~');
	assert_int_equal(n, 4);
	assert_int_equal(dt_md_fence("    ```", 7, &n), 0);
	assert_int_equal(dt_md_fence("``", 2, &n), 0);
	assert_int_equal(dt_md_fence("a```", 4, &n), 0);
	assert_int_equal(dt_md_fence("", 0, &n), 0);
}

/* ---- the corpus ---- */

/* Counted by hand with
 *   grep -cE '^ {0,3}[-*][[:space:]]+\[[ xX]\][[:space:]]+[^[:space:]]' tasks.md
 * and the same with [xX] for the done ones. No tasks.md in the corpus has
 * a fenced block around a task. */
typedef struct {
	const char *key; /* "/ID--" of the ticket folder, plus the date folder */
	size_t tasks, done;
	int seen;
} corpus_case;

static corpus_case corpus_cases[] = {
    {"/VM-001-ANALYZE-VM--", 17, 17, 0},
    {"/VM-002-ANALYZE-VM-SYSTEM-UI--", 5, 5, 0},
    {"/VM-003-MAKE-WEB-UI-REAL--", 10, 10, 0},
    {"/VM-004-EXPAND-E2E-COVERAGE--", 11, 11, 0},
    {"/VM-005-DEVELOPER-GETTING-STARTED--", 7, 7, 0},
    {"/VM-006-REVIEW-VM-SYSTEM--", 17, 17, 0},
    {"/VM-007-REFACTOR-EXECUTOR-PIPELINE--", 15, 15, 0},
    {"/VM-008-UNIFY-TEMPLATE-LANGUAGE--", 12, 12, 0},
    {"/VM-009-EXPAND-HTTP-CLI-VERBS--", 15, 0, 0},
    {"/VM-010-REDESIGN-VM-SYSTEM-UI--", 15, 2, 0},
    {"/VM-011-PORT-VM-CLI-TO-GLAZED--", 20, 20, 0},
    {"/VM-011-RTK-QUERY-STATE-MIGRATION--", 8, 7, 0},
    {"/VM-012-CLEANUP-MESS--", 3, 3, 0},
    {"/VM-013-TEST-STRATEGY-MATRIX--", 5, 4, 0},
    {"/VM-013A-BACKEND-RUNTIME-SESSION-STORE--", 4, 4, 0},
    {"/VM-013B-BACKEND-CLIENT-LOADER-DAEMON--", 4, 4, 0},
    {"/VM-014-DECOMPOSE-MONOLITHS--", 4, 4, 0},
    {"/VM-015-PANIC-LOGGING-ALIGNMENT--", 3, 3, 0},
    {"08/VM-016-DOC-DRIFT-HYGIENE--", 3, 0, 0},
    {"/WEBVM-001-SCOPE-PLUGIN-ACTIONS--", 1, 0, 0},
    {"09/VM-016-DOC-DRIFT-HYGIENE--", 12, 12, 0},
    {"/VM-017-NATIVE-MODULE-REGISTRY--", 4, 4, 0},
    {"/VM-018-TEST-INFRA-REORG--", 5, 5, 0},
    {"/VM-017-MERGE-UI-VM--", 17, 17, 0},
    {"/VM-022-IMPORT-FRONTEND-VM--", 5, 5, 0},
    {"/VM-023-IMPROVE-FRONTEND-DOCS--", 12, 12, 0},
    {"/VM-024-CUSTOM-PLUGIN-PERMISSIONS--", 11, 2, 0},
    {NULL, 0, 0, 0},
};

static dt_strvec walk_found = DT_STRVEC_INIT;

static int collect_tasks(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (flag == FTW_F && !strcmp(path + ftw->base, "tasks.md"))
		dt_strvec_push(&walk_found, path);
	return 0;
}

static void test_tasks_corpus(void **state)
{
	dt_buf dir = DT_BUF_INIT, text = DT_BUF_INIT;
	size_t files = 0;
	(void)state;
	SKIP_WITHOUT_CORPUS();

	dt_buf_printf(&dir, "%s/vm-system/ttmp", test_corpus());
	assert_int_equal(nftw(dir.ptr, collect_tasks, 16, FTW_PHYS), 0);
	for (size_t i = 0; i < walk_found.count; i++) {
		const char *path = walk_found.items[i];
		corpus_case *c = NULL;
		dt_tasks t;
		int rc;

		for (corpus_case *k = corpus_cases; k->key; k++)
			if (strstr(path, k->key)) {
				assert_null(c); /* one key per file */
				c = k;
			}
		if (!c)
			print_error("no expected counts for %s\n", path);
		assert_non_null(c);
		assert_int_equal(dt_file_read(&text, path, DT_FILE_MAX), 0);
		rc = dt_tasks_parse(&t, text.ptr, text.size, path);
		if (rc)
			print_error("%s\n", dt_error_last());
		assert_int_equal(rc, 0);
		print_message("%-42s %3zu tasks, %3zu done\n", c->key, t.count, dt_tasks_done(&t));
		assert_int_equal(c->seen, 0);
		c->seen = 1;
		assert_int_equal(t.count, c->tasks);
		assert_int_equal(dt_tasks_done(&t), c->done);
		for (size_t k = 0; k < t.count; k++) {
			assert_int_equal(t.items[k].number, k + 1);
			assert_true(t.items[k].text[0] != '\0');
		}
		dt_tasks_dispose(&t);
		files++;
	}
	assert_int_equal(files, 27);
	for (corpus_case *k = corpus_cases; k->key; k++)
		assert_int_equal(k->seen, 1);
	dt_strvec_dispose(&walk_found);
	dt_buf_dispose(&dir);
	dt_buf_dispose(&text);
}

/* One corpus file by hand: VM-024's tasks.md, "# Tasks", "## TODO",
 * two done, nine open. */
static void test_tasks_corpus_vm024(void **state)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	dt_tasks t;
	(void)state;
	SKIP_WITHOUT_CORPUS();

	dt_buf_printf(&path,
	              "%s/vm-system/ttmp/2026/02/14/VM-024-CUSTOM-PLUGIN-PERMISSIONS--add-"
	              "configurable-capability-grants-for-non-preset-plugins/tasks.md",
	              test_corpus());
	assert_int_equal(dt_file_read(&text, path.ptr, DT_FILE_MAX), 0);
	assert_int_equal(dt_tasks_parse(&t, text.ptr, text.size, path.ptr), 0);
	assert_string_equal(t.title, "Tasks");
	assert_int_equal(t.count, 11);
	assert_string_equal(t.items[0].text, "Create VM-024 ticket workspace");
	assert_int_equal(t.items[0].line, 5);
	assert_int_equal(t.items[0].done, 1);
	assert_string_equal(t.items[0].section, "TODO");
	assert_int_equal(t.items[2].done, 0);
	assert_string_equal(t.items[10].text, "Run full frontend validation (`check`, `test:unit`, "
	                                      "`test:integration`, `build`)");
	assert_int_equal(t.items[10].number, 11);
	dt_tasks_dispose(&t);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

/* Found by fuzzing (ASan): a last line of indent only, with no newline
 * after it, was read one byte past its end. The text is copied to a
 * buffer of its exact size so that ASan sees any such read. */
static void test_tasks_indent_only_last_line_stays_in_bounds(void **state)
{
	static const char *texts[] = {"   ", "- [ ] a\n  ", "\t", "# T\n ", NULL};
	(void)state;
	for (const char **t = texts; *t; t++) {
		size_t n = strlen(*t);
		char *exact = malloc(n);
		dt_tasks tasks;
		memcpy(exact, *t, n);
		assert_int_equal(dt_tasks_parse(&tasks, exact, n, "tasks.md"), 0);
		assert_int_equal(tasks.count, t == texts + 1 ? 1 : 0);
		dt_tasks_dispose(&tasks);
		free(exact);
	}
}

/* ---- data cases: tests/data/tasks ---- */

#define CASES TEST_DATA "/tasks"

/* One case, read and parsed by the setup, freed by the teardown. */
typedef struct {
	const char *name;
	dt_buf doc, expect;
	dt_tasks tasks;
} tasks_case;

static int case_setup(void **state)
{
	tasks_case *c = dt_xcalloc(1, sizeof(*c));
	dt_buf path = DT_BUF_INIT;
	int rc;

	c->name = *state;
	dt_buf_init(&c->doc);
	dt_buf_init(&c->expect);
	*state = c;
	rc = tu_read_case(&c->doc, &c->expect, &path, CASES, c->name);
	if (!rc && dt_tasks_parse(&c->tasks, c->doc.ptr, c->doc.size, path.ptr) < 0) {
		print_error("%s\n", dt_error_last());
		rc = -1;
	}
	dt_buf_dispose(&path);
	return rc;
}

static int case_teardown(void **state)
{
	tasks_case *c = *state;
	dt_buf_dispose(&c->doc);
	dt_buf_dispose(&c->expect);
	dt_tasks_dispose(&c->tasks);
	free(c);
	return 0;
}

/* "task N LINE [x] TEXT" */
static void check_task(const tasks_case *c, const char *arg)
{
	size_t number, line;
	char box[4];
	int used = 0;
	const dt_task *t;

	if (sscanf(arg, "%zu %zu %3c %n", &number, &line, box, &used) != 3 || !used) {
		print_error("%s: bad task line '%s'\n", c->name, arg);
		fail();
	}
	box[3] = '\0';
	t = dt_tasks_by_number(&c->tasks, number);
	if (!t)
		print_error("%s: no task %zu\n", c->name, number);
	assert_non_null(t);
	assert_int_equal(t->number, number);
	assert_int_equal(t->line, line);
	assert_int_equal(t->done, strcmp(box, "[ ]") != 0);
	assert_string_equal(t->text, arg + used);
}

static void test_tasks_case(void **state)
{
	tasks_case *c = *state;
	char *p = c->expect.ptr, *line;
	int count_checked = 0;

	for (size_t i = 0; i < c->tasks.count; i++)
		print_message("task %zu: line %zu %s\n", c->tasks.items[i].number,
		              c->tasks.items[i].line, c->tasks.items[i].text);
	while ((line = strsep(&p, "\n")) != NULL) {
		char *arg = strchr(line, ' ');
		if (!*line)
			continue;
		if (arg)
			*arg++ = '\0';
		else
			arg = line + strlen(line);
		if (!strcmp(line, "tasks")) {
			count_checked = 1;
			assert_int_equal(c->tasks.count, strtoul(arg, NULL, 10));
		} else if (!strcmp(line, "task")) {
			check_task(c, arg);
		} else if (!strcmp(line, "notask")) {
			size_t at = strtoul(arg, NULL, 10);
			for (size_t i = 0; i < c->tasks.count; i++)
				assert_int_not_equal(c->tasks.items[i].line, at);
		} else if (!strcmp(line, "done")) {
			assert_int_equal(dt_tasks_done(&c->tasks), strtoul(arg, NULL, 10));
		} else {
			print_error("%s: unknown directive '%s'\n", c->name, line);
			fail();
		}
	}
	/* every case says how many tasks there are */
	assert_true(count_checked);
}

static void test_tasks_data_folder_has_cases(void **state)
{
	(void)state;
	tu_assert_case_pairs(CASES, ".md", ".expect", 10);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tasks_data_folder_has_cases),
	    cmocka_unit_test_setup_teardown(test_tasks_lines, t_setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_file, t_setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_fence_info_string_does_not_close, t_setup,
	                                    t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_tab_indent, t_setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_numbered_over_sections, t_setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_crlf, t_setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_empty_and_nul, t_setup, t_teardown),
	    cmocka_unit_test(test_tasks_md_fence),
	    cmocka_unit_test(test_tasks_corpus),
	    cmocka_unit_test(test_tasks_corpus_vm024),
	    cmocka_unit_test(test_tasks_indent_only_last_line_stays_in_bounds),
	};
	const tu_case_group g = {
	    .group = "test_tasks",
	    .before = tests,
	    .nbefore = DT_ARRAY_SIZE(tests),
	    .dir = CASES,
	    .ext = ".md",
	    .title = "tasks case",
	    .test = test_tasks_case,
	    .setup = case_setup,
	    .teardown = case_teardown,
	};
	return tu_run_case_group(&g);
}
