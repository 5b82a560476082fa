/* test_status.c - lib/status.h: which tickets `diarist status` lists and in
 * what order, the tasks bar, display widths and the ellipsis for long and
 * UTF-8 IDs, the 80-column table, colours, and the JSON document
 * (docs/json-schema.md, diarist-status/1) checked with python3. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "status.h"

#include <string.h>
#include <sys/wait.h>

/* ---- helpers ---- */

/* A summary with these numbers; strings are not copied (nothing frees
 * them). */
static dt_ticket_summary row(const char *id, const char *status, int closed, size_t done,
                             size_t total, size_t errors, size_t warnings)
{
	dt_ticket_summary s;
	memset(&s, 0, sizeof(s));
	s.id = (char *)id;
	s.status = (char *)status;
	s.closed = closed;
	s.dir = (char *)"ttmp/x";
	s.tasks_done = done;
	s.tasks_total = total;
	s.errors = errors;
	s.warnings = warnings;
	return s;
}

static void assert_ids(const dt_status_list *l, const char *const *want)
{
	size_t n = 0;
	for (; want[n]; n++) {
		assert_true(n < l->count);
		assert_string_equal(l->rows[n]->id, want[n]);
	}
	assert_int_equal(l->count, n);
}

static char *bar_of(size_t done, size_t total, size_t cells)
{
	dt_buf b = DT_BUF_INIT;
	dt_status_bar(&b, done, total, cells);
	return dt_buf_detach(&b);
}

static char *fit_of(const char *s, size_t width)
{
	dt_buf b = DT_BUF_INIT;
	dt_status_fit(&b, s, width);
	return dt_buf_detach(&b);
}

/* `s` with its ANSI colour sequences taken out (caller frees). */
static char *no_escapes(const char *s)
{
	dt_buf b = DT_BUF_INIT;
	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
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

/* Every line of `text` is at most `width` display columns. */
static void assert_lines_fit(const char *text, size_t width)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		char *line = dt_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		size_t w = dt_status_width(line);
		if (w > width)
			print_error("%zu columns: %s\n", w, line);
		free(line);
		assert_true(w <= width);
		p = nl ? nl + 1 : p + strlen(p);
	}
}

/* Line `n` (0-based) of `text` (caller frees). */
static char *line_of(const char *text, size_t n)
{
	const char *p = text, *nl;
	while (n--) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	nl = strchr(p, '\n');
	return dt_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
}

static int run_rc(const char *cmd)
{
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Run the python3 `script` (saved in dir) on dir/name holding `text`, with
 * `arg` as its second argument: 0 when its assertions held. */
static int run_python(const char *dir, const char *script, const char *text, const char *arg)
{
	char *py = tu_write(dir, "check.py", script, 0644);
	char *file = tu_write(dir, "status.json", text, 0644);
	char *argf = tu_write(dir, "arg.json", arg, 0644);
	dt_buf cmd = DT_BUF_INIT;
	int rc;

	dt_buf_printf(&cmd, "python3 '%s' '%s' '%s'", py, file, argf);
	rc = run_rc(cmd.ptr);
	dt_buf_dispose(&cmd);
	free(py);
	free(file);
	free(argf);
	return rc;
}

/* ---- order and choice ---- */

static void test_order_errors_then_warnings_then_id(void **state)
{
	dt_ticket_summary s[] = {
	    row("VM-003", "active", 0, 0, 0, 0, 0), row("VM-001", "active", 0, 0, 0, 0, 2),
	    row("VM-010", "active", 0, 0, 0, 1, 0), row("vm-002", "active", 0, 0, 0, 0, 0),
	    row("VM-004", "active", 0, 0, 0, 5, 0), row("VM-005", "active", 0, 0, 0, 1, 3),
	    row("VM-006", "active", 0, 0, 0, 0, 2),
	};
	const char *want[] = {"VM-004", "VM-005", "VM-010", "VM-001",
	                      "VM-006", "vm-002", "VM-003", NULL};
	dt_status_list l = DT_STATUS_LIST_INIT;
	(void)state;
	dt_status_select(&l, s, DT_ARRAY_SIZE(s), 0);
	assert_ids(&l, want);
	assert_int_equal(l.open, 7);
	assert_int_equal(l.closed, 0);
	assert_int_equal(l.hidden, 0);
	dt_status_list_dispose(&l);
}

static void test_order_same_id_by_folder(void **state)
{
	/* two folders with one ID (ticket-duplicate): a stable order */
	dt_ticket_summary s[] = {row("VM-016", "active", 0, 0, 0, 1, 0),
	                         row("VM-016", "active", 0, 0, 0, 1, 0)};
	dt_status_list l = DT_STATUS_LIST_INIT;
	(void)state;
	s[0].dir = (char *)"ttmp/b";
	s[1].dir = (char *)"ttmp/a";
	dt_status_select(&l, s, 2, 0);
	assert_string_equal(l.rows[0]->dir, "ttmp/a");
	assert_string_equal(l.rows[1]->dir, "ttmp/b");
	assert_true(dt_status_cmp(&s[0], &s[0]) == 0);
	dt_status_list_dispose(&l);
}

static void test_select_open_by_default(void **state)
{
	dt_ticket_summary s[] = {
	    row("A-1", "active", 0, 0, 0, 0, 0),
	    row("A-2", "complete", 1, 0, 0, 9, 0),
	    row("A-3", "draft", 0, 0, 0, 0, 1),
	    row("A-4", "archived", 1, 0, 0, 0, 0),
	};
	const char *open[] = {"A-3", "A-1", NULL};
	const char *all[] = {"A-2", "A-3", "A-1", "A-4", NULL};
	dt_status_list l = DT_STATUS_LIST_INIT;
	(void)state;
	dt_status_select(&l, s, 4, 0);
	assert_ids(&l, open);
	assert_int_equal(l.open, 2);
	assert_int_equal(l.closed, 0);
	assert_int_equal(l.hidden, 2);
	/* selecting again resets the list */
	dt_status_select(&l, s, 4, 1);
	assert_ids(&l, all);
	assert_int_equal(l.open, 2);
	assert_int_equal(l.closed, 2);
	assert_int_equal(l.hidden, 0);
	dt_status_list_dispose(&l);
	dt_status_list_dispose(&l); /* twice is harmless */
}

static void test_select_nothing(void **state)
{
	dt_status_list l = DT_STATUS_LIST_INIT;
	(void)state;
	dt_status_select(&l, NULL, 0, 1);
	assert_int_equal(l.count, 0);
	assert_null(l.rows);
	dt_status_list_dispose(&l);
}

/* ---- the bar ---- */

static const struct {
	size_t done, total, cells;
	const char *want;
} bars[] = {
    {0, 0, 0, "[------]"},    {0, 6, 0, "[------]"},
    {3, 6, 0, "[###---]"},    {6, 6, 0, "[######]"},
    {1, 12, 0, "[#-----]"},   {11, 12, 0, "[#####-]"},
    {99, 100, 0, "[#####-]"}, {1, 1000, 0, "[#-----]"},
    {7, 5, 0, "[######]"},    {5, 10, 10, "[#####-----]"},
    {1, 3, 3, "[#--]"},       {2, 3, 1, "[-]"},
    {0, 0, 0, NULL},
};

static void test_bar(void **state)
{
	(void)state;
	for (size_t i = 0; bars[i].want; i++) {
		char *got = bar_of(bars[i].done, bars[i].total, bars[i].cells);
		if (strcmp(got, bars[i].want)) {
			print_error("%zu/%zu in %zu cells: got %s, want %s\n", bars[i].done,
			            bars[i].total, bars[i].cells, got, bars[i].want);
			free(got);
			fail();
		}
		free(got);
	}
}

/* ---- widths and the ellipsis ---- */

static const struct {
	const char *s;
	size_t width;
} widths[] = {
    {"", 0},
    {"VM-023", 6},
    {"caf\xc3\xa9", 4},              /* é precomposed */
    {"cafe\xcc\x81", 4},             /* e + combining acute */
    {"\xe7\xa5\xa8-1", 4},           /* 票 is wide */
    {"\xe3\x83\x81\xe3\x82\xb1", 4}, /* チケ */
    {"\xf0\x9f\x9a\x80", 2},         /* rocket emoji */
    {"\xef\xbc\xa1", 2},             /* full-width A */
    {"a\xffz", 3},                   /* invalid byte: one column ('?') */
    {"\xe2\x82", 2},                 /* cut-short sequence: two bytes, two '?' */
    {"\xc0\xaf", 2},                 /* overlong: not UTF-8 */
    {"\xed\xa0\x80", 3},             /* a surrogate: not UTF-8 */
    {"a\tb\033[2J", 7},              /* controls show as '?' */
    {"x\xe2\x80\x8by", 2},           /* zero-width space */
    {NULL, 0},
};

static void test_display_width(void **state)
{
	(void)state;
	for (size_t i = 0; widths[i].s; i++) {
		if (dt_status_width(widths[i].s) != widths[i].width) {
			print_error("case %zu: width %zu, want %zu\n", i,
			            dt_status_width(widths[i].s), widths[i].width);
			fail();
		}
	}
	assert_int_equal(dt_status_width(NULL), 0);
}

static const struct {
	const char *s;
	size_t width;
	const char *want;
} fits[] = {
    {"VM-023", 8, "VM-023  "},
    {"VM-023", 6, "VM-023"},
    {"VM-023-IMPROVE-DOCS", 10, "VM-023-IM\xe2\x80\xa6"},
    {"VM-023-IMPROVE-DOCS", 1, "\xe2\x80\xa6"},
    {"VM-023-IMPROVE-DOCS", 0, ""},
    {"", 3, "   "},
    /* a wide character is never cut in half: a space pads the column */
    {"\xe7\xa5\xa8\xe7\xa5\xa8\xe7\xa5\xa8", 5, "\xe7\xa5\xa8\xe7\xa5\xa8\xe2\x80\xa6"},
    {"\xe7\xa5\xa8\xe7\xa5\xa8\xe7\xa5\xa8", 4, "\xe7\xa5\xa8\xe2\x80\xa6 "},
    {"\xe7\xa5\xa8\xe7\xa5\xa8\xe7\xa5\xa8", 6, "\xe7\xa5\xa8\xe7\xa5\xa8\xe7\xa5\xa8"},
    /* a combining mark stays with its letter */
    {"cafe\xcc\x81-tickets", 6, "cafe\xcc\x81-\xe2\x80\xa6"},
    {"cafe\xcc\x81-tickets", 5, "cafe\xcc\x81\xe2\x80\xa6"},
    {"cafe\xcc\x81", 4, "cafe\xcc\x81"},
    /* a two-byte character is never split */
    {"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9\xc3\xa9\xe2\x80\xa6"},
    /* what a terminal must not be given */
    {"VM-1\033[2J", 9, "VM-1?[2J "},
    {"VM-\xe2\x80\xae"
     "1",
     6, "VM-?1 "}, /* right-to-left override */
    {"VM-\xff", 4, "VM-?"},
    {"VM-\xc2\x9b"
     "1",
     5, "VM-?1"}, /* C1 control */
    {NULL, 0, NULL},
};

static void test_fit(void **state)
{
	(void)state;
	for (size_t i = 0; fits[i].want; i++) {
		char *got = fit_of(fits[i].s, fits[i].width);
		if (strcmp(got, fits[i].want) || dt_status_width(got) != fits[i].width) {
			print_error("case %zu: got '%s' (%zu columns), want '%s'\n", i, got,
			            dt_status_width(got), fits[i].want);
			free(got);
			fail();
		}
		free(got);
	}
}

/* ---- the table ---- */

static void test_text_exact(void **state)
{
	dt_ticket_summary s[] = {
	    row("VM-023-IMPROVE-DOCS", "active", 0, 3, 6, 0, 1),
	    row("VM-024-PLUGIN-GRANTS", "review", 0, 12, 12, 2, 0),
	    row("VM-001-OLD", "complete", 1, 1, 1, 0, 0),
	};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_status_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	s[0].steps = 4, s[0].recorded = 5, s[0].unrecorded = 1;
	s[0].evidence_passed = 3, s[0].evidence_failed = 1, s[0].evidence_missing = 1;
	s[1].steps = 10, s[1].recorded = 10, s[1].evidence_passed = 10;
	dt_status_select(&l, s, 3, 0);
	dt_status_write_text(&out, &l, &o);
	assert_string_equal(
	    out.ptr,
	    "ID                   STATUS TASKS          STEPS REC UNREC EVIDENCE ERR WARN\n"
	    "VM-024-PLUGIN-GRANTS review [######] 12/12    10  10     0   10/0/0   2    0\n"
	    "VM-023-IMPROVE-DOCS  active [###---]   3/6     4   5     1    3/1/1   0    1\n"
	    "diarist status: 2 open tickets (1 closed: --all); 2 errors, 1 warning\n");
	dt_buf_clear(&out);

	dt_status_select(&l, s, 3, 1);
	dt_status_write_text(&out, &l, &o);
	assert_string_equal(
	    out.ptr,
	    "ID                   STATUS   TASKS          STEPS REC UNREC EVIDENCE ERR WARN\n"
	    "VM-024-PLUGIN-GRANTS review   [######] 12/12    10  10     0   10/0/0   2    0\n"
	    "VM-023-IMPROVE-DOCS  active   [###---]   3/6     4   5     1    3/1/1   0    1\n"
	    "VM-001-OLD           complete [######]   1/1     0   0     0    0/0/0   0    0\n"
	    "diarist status: 3 tickets (2 open, 1 closed); 2 errors, 1 warning\n");
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

static void test_text_missing_status_and_no_tasks(void **state)
{
	dt_ticket_summary s[] = {row("T-1", NULL, 0, 0, 0, 0, 0)};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	char *line;
	(void)state;
	dt_status_select(&l, s, 1, 0);
	dt_status_write_text(&out, &l, NULL);
	line = line_of(out.ptr, 1);
	assert_string_equal(line, "T-1 -      [------] 0/0     0   0     0    0/0/0   0    0");
	free(line);
	tu_assert_contains(out.ptr,
	                   "diarist status: 1 ticket (1 open, 0 closed); 0 errors, 0 warnings\n");
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

static void test_text_nothing_listed(void **state)
{
	dt_ticket_summary s[] = {row("A-1", "complete", 1, 0, 0, 0, 0),
	                         row("A-2", "archived", 1, 0, 0, 0, 0)};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_status_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	dt_status_select(&l, s, 2, 0);
	dt_status_write_text(&out, &l, &o);
	assert_string_equal(out.ptr,
	                    "diarist status: no open tickets (2 closed: diarist status --all)\n");
	dt_buf_clear(&out);
	dt_status_select(&l, NULL, 0, 0);
	o.unticketed_errors = 3;
	dt_status_write_text(&out, &l, &o);
	assert_string_equal(out.ptr, "diarist status: no tickets\n"
	                             "diarist status: and 3 errors, 0 warnings about commits of no "
	                             "ticket\n");
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

/* Long IDs, wide characters, large numbers, a long status: still 80
 * columns, every ID cut with an ellipsis at the same column. */
static void test_text_fits_80_columns(void **state)
{
	dt_ticket_summary s[] = {
	    row("VM-013B-BACKEND-CLIENT-LOADER-DAEMON-SUPPORT-COVERAGE", "active", 0, 120, 480, 12,
	        3),
	    row("\xe7\xa5\xa8-0001-\xe3\x83\x81\xe3\x82\xb1\xe3\x83\x83\xe3\x83\x88"
	        "\xe3\x81\xae\xe9\x95\xb7\xe3\x81\x84\xe5\x90\x8d\xe5\x89\x8d\xe3\x81\xa7"
	        "\xe3\x81\x99\xe3\x82\x88\xe3\x81\xad",
	        "in-progress-for-a-long-while", 0, 5, 9, 0, 2),
	    row("CAF\xc3\x89-0002-R\xc3\x89SUM\xc3\x89-D\xc3\x89J\xc3\xa0-VU-ET-ENCORE-PLUS-LONG",
	        "review", 0, 0, 0, 0, 0),
	    row("SHORT-1", "draft", 0, 1, 2, 1, 0),
	};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_status_opts o;
	char *line;
	(void)state;
	memset(&o, 0, sizeof(o));
	s[0].steps = 140, s[0].recorded = 345, s[0].unrecorded = 12;
	s[0].evidence_passed = 300, s[0].evidence_failed = 2, s[0].evidence_missing = 43;
	o.unticketed_errors = 1234;
	o.unticketed_warnings = 56;
	dt_status_select(&l, s, 4, 0);
	dt_status_write_text(&out, &l, &o);
	assert_lines_fit(out.ptr, 80);
	/* the widest line is the width: the ID column took what was left */
	line = line_of(out.ptr, 1);
	assert_int_equal(dt_status_width(line), 80);
	tu_assert_starts_with(line, "VM-013B-BACKEND-");
	tu_assert_contains(line, "\xe2\x80\xa6 active");
	tu_assert_contains(line, "[#-----] 120/480");
	tu_assert_contains(line, "300/2/43");
	free(line);
	line = line_of(out.ptr, 3);
	tu_assert_starts_with(line, "\xe7\xa5\xa8-0001-");
	/* the status column is at most 10 wide: the long status is cut */
	tu_assert_contains(line, "in-progre\xe2\x80\xa6 ");
	assert_int_equal(dt_status_width(line), 80);
	free(line);
	line = line_of(out.ptr, 4);
	tu_assert_starts_with(line, "CAF\xc3\x89-0002-R\xc3\x89SUM\xc3\x89");
	assert_int_equal(dt_status_width(line), 80);
	free(line);
	/* short IDs are padded to the column, not cut */
	line = line_of(out.ptr, 2);
	tu_assert_starts_with(line, "SHORT-1  ");
	tu_assert_lacks(line, "\xe2\x80\xa6");
	free(line);
	/* a narrower terminal */
	dt_buf_clear(&out);
	o.width = 72;
	dt_status_write_text(&out, &l, &o);
	assert_lines_fit(out.ptr, 72);
	/* numbers far larger than any real ticket's: the ID column gives way */
	s[0].steps = 99999, s[0].recorded = 123456, s[0].unrecorded = 6789;
	s[0].evidence_passed = 120000, s[0].evidence_failed = 45, s[0].evidence_missing = 3000;
	dt_buf_clear(&out);
	o.width = 80;
	dt_status_write_text(&out, &l, &o);
	assert_lines_fit(out.ptr, 80);
	line = line_of(out.ptr, 1);
	tu_assert_starts_with(line, "VM-013B-\xe2\x80\xa6 ");
	free(line);
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

static void test_text_colour(void **state)
{
	dt_ticket_summary s[] = {row("VM-1", "active", 0, 3, 6, 2, 0),
	                         row("VM-2", "active", 0, 0, 4, 0, 1),
	                         row("VM-3", "active", 0, 0, 4, 0, 0)};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf plain = DT_BUF_INIT, col = DT_BUF_INIT;
	dt_status_opts o;
	char *stripped, *line;
	(void)state;
	memset(&o, 0, sizeof(o));
	dt_status_select(&l, s, 3, 0);
	dt_status_write_text(&plain, &l, &o);
	tu_assert_lacks(plain.ptr, "\033");
	o.color = 1;
	dt_status_write_text(&col, &l, &o);
	tu_assert_contains(col.ptr, "\033[1;31m");
	/* colour changes nothing else: the columns stay where they were */
	stripped = no_escapes(col.ptr);
	assert_string_equal(stripped, plain.ptr);
	free(stripped);
	line = line_of(col.ptr, 1);
	tu_assert_contains(line, "[\033[32m###\033[0m---]");
	tu_assert_contains(line, "\033[1;31m  2\033[0m");
	free(line);
	line = line_of(col.ptr, 2);
	tu_assert_contains(line, "\033[33m   1\033[0m");
	free(line);
	/* a ticket with nothing wrong has no colour in its numbers */
	line = line_of(col.ptr, 3);
	tu_assert_starts_with(line, "VM-3");
	tu_assert_lacks(line + strlen(line) - 12, "\033");
	free(line);
	dt_buf_dispose(&plain);
	dt_buf_dispose(&col);
	dt_status_list_dispose(&l);
}

/* An ID from a hostile index.md: what reaches the terminal holds no escape
 * and no control character, and the line still fits. */
static void test_text_hostile_id(void **state)
{
	dt_ticket_summary s[] = {
	    row("X-1\033]0;pwned\007\033[2J\r\n\xe2\x80\xae", "act\033[5mive", 0, 0, 0, 0, 0)};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	dt_status_select(&l, s, 1, 0);
	dt_status_write_text(&out, &l, NULL);
	tu_assert_lacks(out.ptr, "\033");
	tu_assert_lacks(out.ptr, "\r");
	tu_assert_lacks(out.ptr, "\007");
	tu_assert_lacks(out.ptr, "\xe2\x80\xae");
	assert_int_equal(tu_count(out.ptr, "\n"), 3);
	assert_lines_fit(out.ptr, 80);
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

/* ---- JSON ---- */

/* argv[1] the document, argv[2] what is expected: {"tickets": [[id, title,
 * status, closed, folder, diary, done, total, steps, rec, unrec, passed,
 * failed, missing, errors, warnings]...], "summary": {...}, "top": {...}} */
static const char json_check_py[] =
    "import json, sys\n"
    "def nodup(pairs):\n"
    "    keys = [k for k, _ in pairs]\n"
    "    assert len(keys) == len(set(keys)), keys\n"
    "    return dict(pairs)\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'), object_pairs_hook=nodup)\n"
    "want = json.load(open(sys.argv[2], encoding='utf-8'))\n"
    "assert list(d) == ['schema', 'version', 'commit', 'root', 'tickets', 'summary'], list(d)\n"
    "assert d['schema'] == 'diarist-status/1'\n"
    "for k, v in want['top'].items():\n"
    "    assert d[k] == v, (k, d[k], v)\n"
    "assert len(d['tickets']) == len(want['tickets']), d['tickets']\n"
    "keys = ['id', 'title', 'status', 'closed', 'folder', 'diary', 'diaries', 'tasks',\n"
    "        'steps', 'commits', 'evidence', 'findings']\n"
    "for t, w in zip(d['tickets'], want['tickets']):\n"
    "    assert list(t) == keys, list(t)\n"
    "    got = [t['id'], t['title'], t['status'], t['closed'], t['folder'], t['diary'],\n"
    "           t['tasks']['done'], t['tasks']['total'], t['steps'],\n"
    "           t['commits']['recorded'], t['commits']['unrecorded'],\n"
    "           t['evidence']['passed'], t['evidence']['failed'], t['evidence']['missing'],\n"
    "           t['findings']['errors'], t['findings']['warnings']]\n"
    "    assert got == w, (got, w)\n"
    "    assert isinstance(t['closed'], bool)\n"
    "    assert t['diaries'][:1] == ([t['diary']] if t['diary'] else []), t\n"
    "    if 'diaries' in want:\n"
    "        assert t['diaries'] == want['diaries'].get(t['id'], t['diaries']), t\n"
    "s = d['summary']\n"
    "for k, v in want['summary'].items():\n"
    "    assert s[k] == v, (k, s[k], v)\n"
    "for t in d['tickets']:\n"
    "    for part, fields in (('tasks', ('done', 'total')),\n"
    "                        ('commits', ('recorded', 'unrecorded')),\n"
    "                        ('evidence', ('passed', 'failed', 'missing')),\n"
    "                        ('findings', ('errors', 'warnings'))):\n"
    "        assert list(t[part]) == list(fields)\n"
    "sums = {}\n"
    "for part in ('tasks', 'commits', 'evidence', 'findings'):\n"
    "    sums[part] = {k: sum(t[part][k] for t in d['tickets']) for k in s[part]}\n"
    "    assert sums[part] == s[part], (part, sums[part], s[part])\n"
    "assert s['steps'] == sum(t['steps'] for t in d['tickets'])\n"
    "assert s['tickets'] == len(d['tickets']) == s['open'] + s['closed']\n";

static void test_json_fields(void **state)
{
	dt_ticket_summary s[] = {
	    row("VM-023-IMPROVE-DOCS", "active", 0, 3, 6, 0, 1),
	    row("VM-024-PLUGIN-GRANTS", "review", 0, 12, 12, 2, 0),
	    row("VM-001-OLD", "complete", 1, 1, 1, 0, 0),
	    row("\xe7\xa5\xa8-7", NULL, 0, 0, 0, 1, 0),
	};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	dt_status_opts o = {1,      80, "0.1.0", "0123456789abcdef0123456789abcdef01234567",
	                    "ttmp", 4,  5};
	(void)state;
	s[0].title = (char *)"Improve \"docs\" \\ <b>";
	s[0].dir = (char *)"ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs";
	s[0].diary =
	    (char *)"ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs/reference/01-diary.md";
	s[0].steps = 4, s[0].recorded = 5, s[0].unrecorded = 1;
	s[0].evidence_passed = 3, s[0].evidence_failed = 1, s[0].evidence_missing = 1;
	s[1].title = (char *)"Plugin grants";
	s[1].steps = 10, s[1].recorded = 10, s[1].evidence_passed = 10;
	s[3].title = (char *)"bad \xff byte\tand tab";
	dt_status_select(&l, s, 4, 0);
	dt_status_write_json(&out, &l, &o);
	/* colour never reaches JSON */
	tu_assert_lacks(out.ptr, "\033");
	assert_int_equal(
	    run_python(
	        *state, json_check_py, out.ptr,
	        "{\"top\": {\"version\": \"0.1.0\", \"commit\": "
	        "\"0123456789abcdef0123456789abcdef01234567\", \"root\": \"ttmp\"},\n"
	        " \"tickets\": [\n"
	        "  [\"VM-024-PLUGIN-GRANTS\", \"Plugin grants\", \"review\", false, \"ttmp/x\", "
	        "null,"
	        " 12, 12, 10, 10, 0, 10, 0, 0, 2, 0],\n"
	        "  [\"\xe7\xa5\xa8-7\", \"bad \\ufffd byte\\tand tab\", null, false, \"ttmp/x\", "
	        "null, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],\n"
	        "  [\"VM-023-IMPROVE-DOCS\", \"Improve \\\"docs\\\" \\\\ <b>\", \"active\", false,"
	        " \"ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs\","
	        " \"ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs/reference/01-diary.md\","
	        " 3, 6, 4, 5, 1, 3, 1, 1, 0, 1]],\n"
	        " \"summary\": {\"tickets\": 3, \"open\": 3, \"closed\": 0, \"hidden\": 1,"
	        " \"tasks\": {\"done\": 15, \"total\": 18}, \"steps\": 14,"
	        " \"commits\": {\"recorded\": 15, \"unrecorded\": 1},"
	        " \"evidence\": {\"passed\": 13, \"failed\": 1, \"missing\": 1},"
	        " \"findings\": {\"errors\": 3, \"warnings\": 1},"
	        " \"unticketed\": {\"errors\": 4, \"warnings\": 5}}}\n"),
	    0);
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

static void test_json_empty(void **state)
{
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	dt_status_select(&l, NULL, 0, 1);
	dt_status_write_json(&out, &l, NULL);
	assert_int_equal(
	    run_python(*state, json_check_py, out.ptr,
	               "{\"top\": {\"version\": null, \"commit\": null, \"root\": null,"
	               " \"tickets\": []}, \"tickets\": [],"
	               " \"summary\": {\"tickets\": 0, \"open\": 0, \"closed\": 0, \"hidden\": 0,"
	               " \"steps\": 0, \"tasks\": {\"done\": 0, \"total\": 0},"
	               " \"unticketed\": {\"errors\": 0, \"warnings\": 0}}}\n"),
	    0);
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

/* A ticket with several diaries: "diary" stays the writer's, "diaries"
 * lists every one, the writer's first; the numbers are over all of them. */
static void test_json_diaries(void **state)
{
	dt_ticket_summary s[] = {
	    row("VM-030-MANY", "active", 0, 1, 2, 1, 0),
	    row("VM-031-NONE", "active", 0, 0, 0, 0, 0),
	};
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	s[0].dir = (char *)"ttmp/VM-030--many";
	s[0].diary = (char *)"ttmp/VM-030--many/reference/01-diary.md";
	dt_strvec_push(&s[0].diaries, "ttmp/VM-030--many/reference/01-diary.md");
	dt_strvec_push(&s[0].diaries, "ttmp/VM-030--many/reference/09-rename-diary.md");
	dt_strvec_push(&s[0].diaries, "ttmp/VM-030--many/diary/01-diary.md");
	s[0].steps = 5, s[0].recorded = 4, s[0].evidence_passed = 3, s[0].evidence_missing = 1;
	dt_status_select(&l, s, 2, 0);
	dt_status_write_json(&out, &l, NULL);
	assert_int_equal(
	    run_python(*state, json_check_py, out.ptr,
	               "{\"top\": {}, \"tickets\": [\n"
	               "  [\"VM-030-MANY\", null, \"active\", false, \"ttmp/VM-030--many\","
	               " \"ttmp/VM-030--many/reference/01-diary.md\","
	               " 1, 2, 5, 4, 0, 3, 0, 1, 1, 0],\n"
	               "  [\"VM-031-NONE\", null, \"active\", false, \"ttmp/x\", null,"
	               " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],\n"
	               " \"diaries\": {\"VM-030-MANY\": ["
	               "\"ttmp/VM-030--many/reference/01-diary.md\","
	               " \"ttmp/VM-030--many/reference/09-rename-diary.md\","
	               " \"ttmp/VM-030--many/diary/01-diary.md\"], \"VM-031-NONE\": []},\n"
	               " \"summary\": {\"steps\": 5, \"commits\": {\"recorded\": 4,"
	               " \"unrecorded\": 0}}}\n"),
	    0);
	dt_strvec_dispose(&s[0].diaries);
	dt_buf_dispose(&out);
	dt_status_list_dispose(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_errors_then_warnings_then_id),
	    cmocka_unit_test(test_order_same_id_by_folder),
	    cmocka_unit_test(test_select_open_by_default),
	    cmocka_unit_test(test_select_nothing),
	    cmocka_unit_test(test_bar),
	    cmocka_unit_test(test_display_width),
	    cmocka_unit_test(test_fit),
	    cmocka_unit_test(test_text_exact),
	    cmocka_unit_test(test_text_missing_status_and_no_tasks),
	    cmocka_unit_test(test_text_nothing_listed),
	    cmocka_unit_test(test_text_fits_80_columns),
	    cmocka_unit_test(test_text_colour),
	    cmocka_unit_test(test_text_hostile_id),
	    cmocka_unit_test_setup_teardown(test_json_fields, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_json_empty, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_json_diaries, tu_tmp_setup, tu_tmp_teardown),
	};
	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
