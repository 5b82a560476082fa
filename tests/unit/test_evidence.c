/* test_evidence.c - test evidence (lib/evidence.h, SPEC §4.4): the counts
 * read from test-runner output, the records kept per tree, the diary line
 * and running a command.
 *
 * Count cases live in tests/data/evidence/ as NAME.out (what a test runner
 * printed) with NAME.expect beside it: one line, either
 *   FORMAT PASSED FAILED SKIPPED
 * or "none" when nothing should be recognised. */
#include "unit.h"

#include "common.h"
#include "evidence.h"
#include "fileio.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CASES TEST_DATA "/evidence"
#define EM_DASH "\xE2\x80\x94"

/* ---- helpers ---- */

static const char tree_a[] = "9c1e2f0a4b5d6e7f8091a2b3c4d5e6f708192a3b";
static const char tree_b[] = "0b1f671d2e3f405162738495a6b7c8d9e0f1a2b3";

/* ---- count cases from tests/data/evidence ---- */

static void test_evidence_count_case(void **state)
{
	const char *name = *state;
	dt_buf path = DT_BUF_INIT, out = DT_BUF_INIT, expect = DT_BUF_INIT;
	dt_evidence ev;
	char want[64] = "", got[64] = "none";
	int read_out, read_expect;

	dt_buf_printf(&path, "%s/%s.out", CASES, name);
	read_out = dt_file_read(&out, path.ptr, DT_FILE_MAX);
	dt_buf_clear(&path);
	dt_buf_printf(&path, "%s/%s.expect", CASES, name);
	read_expect = dt_file_read(&expect, path.ptr, DT_FILE_MAX);
	snprintf(want, sizeof(want), "%.*s", (int)strcspn(expect.ptr, "\r\n"), expect.ptr);

	memset(&ev, 0, sizeof(ev));
	dt_evidence_counts(&ev, out.ptr, out.size);
	/* "format passed failed skipped" as the .expect file writes it */
	if (ev.counted)
		snprintf(got, sizeof(got), "%s %ld %ld %ld", ev.format ? ev.format : "(null)",
		         ev.passed, ev.failed, ev.skipped);
	else if (ev.format)
		snprintf(got, sizeof(got), "(not counted, format %s)", ev.format);
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&path);
	dt_buf_dispose(&out);
	dt_buf_dispose(&expect);

	assert_int_equal(read_out, 0);
	assert_int_equal(read_expect, 0);
	if (strcmp(got, want))
		print_error("%s: expected %s, got %s\n", name, want, got);
	assert_string_equal(got, want);
}

static void test_evidence_data_folder_has_cases(void **state)
{
	dt_strvec outs = DT_STRVEC_INIT, expects = DT_STRVEC_INIT;
	static const char *const formats[] = {"plain", "cmocka", "pytest", "go", "cargo",
	                                      "ctest", "tap",    "none",   NULL};

	(void)state;
	tu_list_cases(&outs, CASES, ".out");
	tu_list_cases(&expects, CASES, ".expect");
	assert_true(outs.count >= 20);
	assert_int_equal(outs.count, expects.count);
	for (size_t i = 0; i < outs.count; i++)
		assert_string_equal(outs.items[i], expects.items[i]);
	/* every format has at least one case, and a precedence case exists */
	for (size_t k = 0; formats[k]; k++) {
		size_t n = strlen(formats[k]), hits = 0;
		for (size_t i = 0; i < outs.count; i++)
			hits += !strncmp(outs.items[i], formats[k], n);
		if (!hits)
			print_error("no case for %s\n", formats[k]);
		assert_true(hits > 0);
	}
	{
		size_t hits = 0;
		for (size_t i = 0; i < outs.count; i++)
			hits += !strncmp(outs.items[i], "precedence-", 11);
		assert_true(hits >= 2);
	}
	dt_strvec_dispose(&outs);
	dt_strvec_dispose(&expects);
}

/* Nothing recognised: the fields are left as they were. */
static void test_evidence_counts_unrecognised_leaves_fields(void **state)
{
	static const char text[] = "make: Nothing to be done for 'test'.\n";
	dt_evidence ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.passed = 7;
	ev.failed = 8;
	ev.skipped = 9;
	dt_evidence_counts(&ev, text, sizeof(text) - 1);
	assert_int_equal(ev.counted, 0);
	assert_null(ev.format);
	assert_int_equal(ev.passed, 7);
	assert_int_equal(ev.failed, 8);
	assert_int_equal(ev.skipped, 9);
	dt_evidence_dispose(&ev);
}

/* Calling twice (a second run into the same record) replaces the format. */
static void test_evidence_counts_replace_earlier_counts(void **state)
{
	static const char tap[] = "1..2\nok 1 - a\nnot ok 2 - b\n";
	static const char plain[] = "3 passed, 0 failed\n";
	dt_evidence ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	dt_evidence_counts(&ev, tap, sizeof(tap) - 1);
	assert_string_equal(ev.format, "tap");
	dt_evidence_counts(&ev, plain, sizeof(plain) - 1);
	assert_int_equal(ev.counted, 1);
	assert_string_equal(ev.format, "plain");
	assert_int_equal(ev.passed, 3);
	assert_int_equal(ev.failed, 0);
	assert_int_equal(ev.skipped, 0);
	dt_evidence_dispose(&ev);
}

/* The output is (data, len): nothing past len is read, so a slice of a
 * bigger buffer counts what is in the slice. */
static void test_evidence_counts_read_nothing_past_len(void **state)
{
	static const struct {
		const char *text; /* the buffer */
		size_t cut;       /* bytes given */
		int counted;
		long passed, failed;
	} cases[] = {
	    /* "... out of 4" given; "0" follows in memory */
	    {"95% tests passed, 2 tests failed out of 40\n", 41, 1, 2, 2},
	    /* "[  PASSED  ] 3" given; "0 test(s)." follows */
	    {"[  PASSED  ] 30 test(s).\n", 14, 1, 3, 0},
	    /* "ok " given (no test number); "1" follows */
	    {"1..1\nok 1\n", 8, 0, 0, 0},
	    {NULL, 0, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		dt_evidence ev;
		int counted;
		long passed, failed;
		/* a heap copy of exactly `cut` bytes, so that ASan sees any
		 * read past it, then the same bytes followed by the rest */
		char *exact = dt_xmalloc(cases[i].cut);
		memcpy(exact, cases[i].text, cases[i].cut);
		memset(&ev, 0, sizeof(ev));
		dt_evidence_counts(&ev, exact, cases[i].cut);
		free(exact);
		dt_evidence_dispose(&ev);

		memset(&ev, 0, sizeof(ev));
		dt_evidence_counts(&ev, cases[i].text, cases[i].cut);
		counted = ev.counted;
		passed = ev.passed;
		failed = ev.failed;
		dt_evidence_dispose(&ev);
		if (counted != cases[i].counted || passed != cases[i].passed ||
		    failed != cases[i].failed)
			print_error("case %zu: got counted %d, %ld passed, %ld failed\n", i,
			            counted, passed, failed);
		assert_int_equal(counted, cases[i].counted);
		assert_int_equal(passed, cases[i].passed);
		assert_int_equal(failed, cases[i].failed);
	}
}

/* ---- records: dir, save, load ---- */

static void test_evidence_dir(void **state)
{
	dt_buf b = DT_BUF_INIT;
	(void)state;
	dt_evidence_dir(&b, "/src/proj/.git");
	assert_string_equal(b.ptr, "/src/proj/.git/diarist/evidence");
	dt_buf_dispose(&b);
}

static void test_evidence_save_load_round_trip(void **state)
{
	const char *tmp = *state;
	dt_buf dir = DT_BUF_INIT, file = DT_BUF_INIT;
	dt_evidence ev, got;

	/* the folder is made when missing */
	dt_path_join(&dir, tmp, ".git/diarist/evidence");
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	ev.exit_code = 2;
	ev.seconds = 3.125;
	ev.counted = 1;
	ev.passed = 42;
	ev.failed = 1;
	ev.skipped = 3;
	ev.format = dt_xstrdup("pytest");
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree_a);
	ev.when = 1771059600;
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	dt_buf_printf(&file, "%s/%s", dir.ptr, tree_a);
	assert_true(dt_path_isfile(file.ptr));

	memset(&got, 0xab, sizeof(got));
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_a), 0);
	assert_string_equal(got.command, "make test");
	assert_int_equal(got.exit_code, 2);
	assert_true(got.seconds > 3.124 && got.seconds < 3.126);
	assert_int_equal(got.counted, 1);
	assert_int_equal(got.passed, 42);
	assert_int_equal(got.failed, 1);
	assert_int_equal(got.skipped, 3);
	assert_non_null(got.format);
	assert_string_equal(got.format, "pytest");
	assert_string_equal(got.tree, tree_a);
	assert_int_equal(got.dirty, 0);
	assert_int_equal(got.when, 1771059600);
	dt_evidence_dispose(&got);

	/* saving again for the same tree replaces the record */
	ev.exit_code = 0;
	ev.failed = 0;
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_a), 0);
	assert_int_equal(got.exit_code, 0);
	assert_int_equal(got.failed, 0);
	dt_evidence_dispose(&got);

	/* a record without counts comes back without a format */
	dt_evidence_dispose(&ev);
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("./check.sh");
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree_b);
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_b), 0);
	assert_string_equal(got.command, "./check.sh");
	assert_int_equal(got.counted, 0);
	assert_null(got.format);
	dt_evidence_dispose(&got);

	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
	dt_buf_dispose(&file);
}

/* A dirty record is kept as <tree>.dirty and never loaded; it does not
 * replace the clean record of the same tree. */
static void test_evidence_dirty_record_never_loaded(void **state)
{
	const char *tmp = *state;
	dt_buf dir = DT_BUF_INIT, file = DT_BUF_INIT;
	dt_evidence ev, got;

	dt_path_join(&dir, tmp, "evidence");
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	ev.exit_code = 1;
	ev.dirty = 1;
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree_a);
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	dt_buf_printf(&file, "%s/%s.dirty", dir.ptr, tree_a);
	assert_true(dt_path_isfile(file.ptr));
	dt_buf_clear(&file);
	dt_buf_printf(&file, "%s/%s", dir.ptr, tree_a);
	assert_false(dt_path_exists(file.ptr));
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_a), DT_ENOTFOUND);
	dt_evidence_dispose(&got);

	/* a clean run of the same tree, then another dirty one */
	ev.dirty = 0;
	ev.exit_code = 0;
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	ev.dirty = 1;
	ev.exit_code = 1;
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_a), 0);
	assert_int_equal(got.dirty, 0);
	assert_int_equal(got.exit_code, 0);
	dt_evidence_dispose(&got);

	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
	dt_buf_dispose(&file);
}

static void test_evidence_save_load_refusals(void **state)
{
	const char *tmp = *state;
	dt_buf dir = DT_BUF_INIT, outside = DT_BUF_INIT;
	dt_evidence ev, got;

	dt_path_join(&dir, tmp, "evidence");
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	/* no tree id: nothing saved */
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), DT_EINVALID);
	/* a tree that is no hex id: nothing saved */
	snprintf(ev.tree, sizeof(ev.tree), "../../x");
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), DT_EINVALID);
	dt_path_join(&outside, tmp, "x");
	assert_false(dt_path_exists(outside.ptr));

	/* no record for a tree */
	assert_int_equal(dt_evidence_load(&got, dir.ptr, tree_b), DT_ENOTFOUND);
	assert_null(got.command);
	dt_evidence_dispose(&got);
	/* a name that is no tree id is never turned into a path */
	assert_int_equal(dt_file_write_atomic(outside.ptr, "diarist-evidence 1\n", 19, 0644), 0);
	assert_int_equal(dt_evidence_load(&got, dir.ptr, "../x"), DT_ENOTFOUND);
	dt_evidence_dispose(&got);

	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
	dt_buf_dispose(&outside);
}

/* ---- the diary line ---- */

static void test_evidence_line(void **state)
{
	static const char tree_256[] =
	    "5d2f0c1e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d";
	static const struct {
		const char *command;
		int exit_code;
		double seconds;
		int counted;
		long passed, failed, skipped;
		const char *commit;
		const char *tree;
		const char *want;
	} cases[] = {
	    {"make test", 0, 3.1, 1, 42, 0, 0, "a64aead", tree_a,
	     "**Tests:** `make test` " EM_DASH
	     " exit 0; 42 passed, 0 failed; 3.1 s; commit a64aead, tree 9c1e2f0"},
	    {"pytest -q", 1, 12.04, 1, 40, 2, 1, "1a7d7bb", tree_b,
	     "**Tests:** `pytest -q` " EM_DASH
	     " exit 1; 40 passed, 2 failed, 1 skipped; 12.0 s; commit 1a7d7bb, tree 0b1f671"},
	    /* no counts read: no counts shown */
	    {"./run-checks", 0, 0.04, 0, 0, 0, 0, "a64aead", tree_a,
	     "**Tests:** `./run-checks` " EM_DASH " exit 0; 0.0 s; commit a64aead, tree 9c1e2f0"},
	    /* a backtick would close the code span early */
	    {"sh -c 'echo `date`; make test'", 0, 1.0, 0, 0, 0, 0, "a64aead", tree_a,
	     "**Tests:** `sh -c 'echo 'date'; make test'` " EM_DASH
	     " exit 0; 1.0 s; commit a64aead, tree 9c1e2f0"},
	    /* killed by SIGTERM; a longer abbreviation; a SHA-256 tree */
	    {"cargo test", 143, 61.27, 1, 5, 1, 1, "a64aead0c1d2", tree_256,
	     "**Tests:** `cargo test` " EM_DASH
	     " exit 143; 5 passed, 1 failed, 1 skipped; 61.3 s; commit a64aead0c1d2, tree 5d2f0c1"},
	    {NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL},
	};
	dt_buf line = DT_BUF_INIT;

	(void)state;
	/* the line replaces what the buffer held */
	dt_buf_puts(&line, "stale text");
	for (size_t i = 0; cases[i].command; i++) {
		dt_evidence ev;
		memset(&ev, 0, sizeof(ev));
		ev.command = dt_xstrdup(cases[i].command);
		ev.exit_code = cases[i].exit_code;
		ev.seconds = cases[i].seconds;
		ev.counted = cases[i].counted;
		ev.passed = cases[i].passed;
		ev.failed = cases[i].failed;
		ev.skipped = cases[i].skipped;
		snprintf(ev.tree, sizeof(ev.tree), "%s", cases[i].tree);
		dt_evidence_line(&line, &ev, cases[i].commit);
		assert_string_equal(line.ptr, cases[i].want);
		assert_null(strchr(line.ptr, '\n'));
		dt_evidence_dispose(&ev);
	}
	dt_buf_dispose(&line);
}

/* ---- running a command ---- */

typedef struct {
	int saved_out, saved_err;
	char path[PATH_MAX];
} capture;

/* Send our stdout and stderr to a file while a command runs. */
static void capture_start(capture *c, const char *tmp)
{
	int fd;
	snprintf(c->path, sizeof(c->path), "%s/captured.txt", tmp);
	fflush(stdout);
	fflush(stderr);
	c->saved_out = dup(1);
	c->saved_err = dup(2);
	assert_true(c->saved_out >= 0 && c->saved_err >= 0);
	fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}

/* Restore stdout and stderr; `out` gets what was written meanwhile. */
static void capture_end(capture *c, dt_buf *out)
{
	fflush(stdout);
	fflush(stderr);
	dup2(c->saved_out, 1);
	dup2(c->saved_err, 2);
	close(c->saved_out);
	close(c->saved_err);
	assert_int_equal(dt_file_read(out, c->path, DT_FILE_MAX), 0);
	unlink(c->path);
}

static void test_evidence_run_counts_and_exit(void **state)
{
	char *argv[] = {"sh", "-c", "echo \"3 passed, 1 failed\"; echo oops >&2; exit 1", NULL};
	dt_evidence ev;
	dt_buf shown = DT_BUF_INIT;
	capture c;
	int rc;

	memset(&ev, 0, sizeof(ev));
	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_int_equal(ev.exit_code, 1);
	assert_int_equal(ev.counted, 1);
	assert_string_equal(ev.format, "plain");
	assert_int_equal(ev.passed, 3);
	assert_int_equal(ev.failed, 1);
	assert_int_equal(ev.skipped, 0);
	assert_true(ev.seconds >= 0.0 && ev.seconds < 30.0);
	assert_true(ev.when > 1500000000);
	/* the command as a shell would read it back */
	assert_string_equal(ev.command,
	                    "sh -c 'echo \"3 passed, 1 failed\"; echo oops >&2; exit 1'");
	/* the output was shown, both streams */
	assert_non_null(strstr(shown.ptr, "3 passed, 1 failed\n"));
	assert_non_null(strstr(shown.ptr, "oops\n"));
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&shown);
}

static void test_evidence_run_exit_zero_no_counts(void **state)
{
	char *argv[] = {"sh", "-c", "sleep 0.2; echo building", NULL};
	dt_evidence ev;
	dt_buf shown = DT_BUF_INIT;
	capture c;
	int rc;

	memset(&ev, 0, sizeof(ev));
	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_int_equal(ev.exit_code, 0);
	assert_int_equal(ev.counted, 0);
	assert_null(ev.format);
	assert_true(ev.seconds >= 0.19);
	assert_true(ev.seconds < 30.0);
	assert_string_equal(shown.ptr, "building\n");
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&shown);
}

/* The counts are read from the closing lines of an output far longer than
 * what is kept of it. */
static void test_evidence_run_long_output(void **state)
{
	char *argv[] = {"sh", "-c",
	                "echo '1 passed, 9 failed'; i=0; while [ $i -lt 12000 ]; do "
	                "echo 'ok-ish line of noise, long enough to add up quickly'; "
	                "i=$((i+1)); done; echo '7 passed, 0 failed'",
	                NULL};
	dt_evidence ev;
	dt_buf shown = DT_BUF_INIT;
	capture c;
	int rc;

	memset(&ev, 0, sizeof(ev));
	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_true(shown.size > 600000);
	assert_int_equal(ev.counted, 1);
	assert_int_equal(ev.passed, 7);
	assert_int_equal(ev.failed, 0);
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&shown);
}

static void test_evidence_run_killed_by_signal(void **state)
{
	char *argv[] = {"sh", "-c", "kill -TERM $$", NULL};
	char *argv9[] = {"sh", "-c", "kill -KILL $$", NULL};
	dt_evidence ev;
	dt_buf shown = DT_BUF_INIT;
	capture c;
	int rc;

	memset(&ev, 0, sizeof(ev));
	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_int_equal(ev.exit_code, 128 + 15);

	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv9);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_int_equal(ev.exit_code, 128 + 9);
	assert_string_equal(ev.command, "sh -c 'kill -KILL $$'");
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&shown);
}

static void test_evidence_run_missing_program(void **state)
{
	char *by_path[] = {"/nonexistent/dt-no-such-program", "--flag", NULL};
	char *by_name[] = {"dt-no-such-program-anywhere", NULL};
	dt_evidence ev;

	(void)state;
	/* valgrind runs posix_spawn as fork + exec, which cannot report a
	 * failed exec to the parent: the child just exits 127 */
	{
		const char *pre = getenv("LD_PRELOAD");
		if (pre && strstr(pre, "vgpreload"))
			skip();
	}
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(dt_evidence_run(&ev, by_path), DT_EIO);
	assert_non_null(strstr(dt_error_last(), "dt-no-such-program"));
	assert_int_equal(ev.counted, 0);
	dt_evidence_dispose(&ev);
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(dt_evidence_run(&ev, by_name), DT_EIO);
	assert_int_equal(ev.counted, 0);
	dt_evidence_dispose(&ev);
}

/* The command is shown on one line of the diary: an argument holding a
 * line break must not split the **Tests:** line or the saved record. */
static void test_evidence_run_command_stays_on_one_line(void **state)
{
	char *argv[] = {"true", "first\nsecond", NULL};
	dt_evidence ev, got;
	dt_buf shown = DT_BUF_INIT, line = DT_BUF_INIT, dir = DT_BUF_INIT;
	capture c;
	int rc, exit_code, cmd_has_nl, line_has_nl, saved, loaded, same;

	memset(&ev, 0, sizeof(ev));
	capture_start(&c, *state);
	rc = dt_evidence_run(&ev, argv);
	capture_end(&c, &shown);
	assert_int_equal(rc, 0);
	assert_non_null(ev.command);
	exit_code = ev.exit_code;
	cmd_has_nl = strchr(ev.command, '\n') != NULL;
	dt_evidence_line(&line, &ev, "a64aead");
	line_has_nl = strchr(line.ptr, '\n') != NULL;

	/* and the saved record gives the same command back */
	dt_path_join(&dir, *state, "evidence");
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree_a);
	saved = dt_evidence_save(dir.ptr, &ev);
	loaded = dt_evidence_load(&got, dir.ptr, tree_a);
	same = got.command && !strcmp(got.command, ev.command);
	dt_evidence_dispose(&got);
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&shown);
	dt_buf_dispose(&line);
	dt_buf_dispose(&dir);

	assert_int_equal(exit_code, 0);
	assert_false(cmd_has_nl);
	assert_false(line_has_nl);
	assert_int_equal(saved, 0);
	assert_int_equal(loaded, 0);
	assert_true(same);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_evidence_data_folder_has_cases),
	    cmocka_unit_test(test_evidence_counts_unrecognised_leaves_fields),
	    cmocka_unit_test(test_evidence_counts_replace_earlier_counts),
	    cmocka_unit_test(test_evidence_dir),
	    cmocka_unit_test_setup_teardown(test_evidence_save_load_round_trip, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_dirty_record_never_loaded, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_save_load_refusals, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_evidence_line),
	    cmocka_unit_test_setup_teardown(test_evidence_run_counts_and_exit, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_run_exit_zero_no_counts, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_run_long_output, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_run_killed_by_signal, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_evidence_run_missing_program),
	    cmocka_unit_test_setup_teardown(test_evidence_run_command_stays_on_one_line,
	                                    tu_tmp_setup, tu_tmp_teardown),
	};
	/* last: under ASan a read past the end stops the whole program */
	static const struct CMUnitTest last[] = {
	    cmocka_unit_test(test_evidence_counts_read_nothing_past_len),
	};
	const tu_case_group g = {
	    .group = "test_evidence",
	    .before = fixed,
	    .nbefore = DT_ARRAY_SIZE(fixed),
	    .dir = CASES,
	    .ext = ".out",
	    .title = "evidence counts",
	    .test = test_evidence_count_case,
	    .after = last,
	    .nafter = DT_ARRAY_SIZE(last),
	};
	return tu_run_case_group(&g);
}
