/* test_proc.c - lib/proc.h: running programs without a shell, git, and
 * chaining a hook that was installed before diarist's. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "proc.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

/* Under valgrind, posix_spawn cannot report a failed exec to the parent:
 * the child exits instead. Tests of exec failures are skipped there (they
 * run under ASan in `make check`). */
static int under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");
	return p && strstr(p, "vgpreload") != NULL;
}

/* ---- dt_proc_run ---- */

static void test_run_captures_stdout(void **state)
{
	char *const argv[] = {"printf", "%s|%s\\n", "one two", "three", NULL};
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_run(&out, argv, NULL, 0), 0);
	/* arguments arrive as given: no shell splits "one two" */
	assert_string_equal(out.ptr, "one two|three\n");
	assert_int_equal(out.size, 14);
	dt_buf_dispose(&out);
}

/* No shell sees the arguments: quotes, $ and ; are plain bytes. */
static void test_run_passes_shell_characters_verbatim(void **state)
{
	char *const argv[] = {"printf", "%s", "$(echo no); `id` 'q' \"d\" * ~", NULL};
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_run(&out, argv, NULL, 0), 0);
	assert_string_equal(out.ptr, "$(echo no); `id` 'q' \"d\" * ~");
	dt_buf_dispose(&out);
}

/* More than a pipe holds (64 KiB) comes through whole. */
static void test_run_captures_large_output(void **state)
{
	char *const argv[] = {"head", "-c", "300000", "/dev/zero", NULL};
	dt_buf out = DT_BUF_INIT;
	size_t zeros = 0;
	(void)state;
	assert_int_equal(dt_proc_run(&out, argv, NULL, 0), 0);
	assert_int_equal(out.size, 300000);
	for (size_t i = 0; i < out.size; i++)
		zeros += out.ptr[i] == '\0';
	assert_int_equal(zeros, 300000);
	dt_buf_dispose(&out);
}

static void test_run_feeds_stdin(void **state)
{
	static const char input[] = "first line\nsecond\0with a NUL\n";
	char *const argv[] = {"cat", NULL};
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_run(&out, argv, input, sizeof(input) - 1), 0);
	assert_int_equal(out.size, sizeof(input) - 1);
	assert_memory_equal(out.ptr, input, sizeof(input) - 1);
	dt_buf_dispose(&out);
}

/* start returns while the program runs; finish gathers all its output
 * (more than a pipe holds) and its status. */
static void test_start_finish_runs_alongside(void **state)
{
	char *const argv[] = {"sh", "-c", "head -c 200000 /dev/zero; exit 3", NULL};
	char *const quiet[] = {"sh", "-c", "echo dropped; exit 5", NULL};
	dt_proc p, q;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_start(&p, argv, 1, NULL, 0), 0);
	assert_true(p.pid > 0);
	assert_true(p.out_fd >= 0);
	/* a second program while the first still runs */
	assert_int_equal(dt_proc_start(&q, quiet, 1, NULL, 0), 0);
	assert_int_equal(dt_proc_finish(&q, NULL), 5); /* output read and dropped */
	assert_int_equal(dt_proc_finish(&p, &out), 3);
	assert_int_equal(out.size, 200000);
	assert_int_equal(p.pid, -1);
	assert_int_equal(p.out_fd, -1);
	/* finishing twice is an error, not a second wait */
	assert_int_equal(dt_proc_finish(&p, &out), DT_EIO);
	dt_error_clear();
	dt_buf_dispose(&out);
}

/* (a program that cannot be started: test_run_missing_program_is_eio_...,
 * dt_proc_run being start and finish) */
static void test_start_feeds_stdin(void **state)
{
	char *const cat[] = {"cat", NULL};
	dt_proc p;
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_start(&p, cat, 1, "abc\n", 4), 0);
	assert_int_equal(dt_proc_finish(&p, &out), 0);
	assert_string_equal(out.ptr, "abc\n");
	dt_buf_dispose(&out);
}

/* An empty input is an empty stdin (end of file at once), not the
 * caller's stdin. */
static void test_run_empty_input_is_eof(void **state)
{
	char *const argv[] = {"wc", "-c", NULL};
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_run(&out, argv, "", 0), 0);
	assert_int_equal(atoi(out.ptr), 0);
	assert_non_null(strchr(out.ptr, '0'));
	dt_buf_dispose(&out);
}

static void test_run_returns_exit_status(void **state)
{
	static const struct {
		const char *script;
		int status;
	} cases[] = {
	    {"exit 0", 0},     {"exit 1", 1}, {"exit 7", 7}, {"exit 128", 128},
	    {"exit 255", 255}, {"false", 1},  {NULL, 0},
	};
	(void)state;
	for (size_t i = 0; cases[i].script; i++) {
		char *const argv[] = {"sh", "-c", (char *)cases[i].script, NULL};
		int rc = dt_proc_run(NULL, argv, NULL, 0);
		if (rc != cases[i].status)
			print_error("'%s': want %d, got %d\n", cases[i].script, cases[i].status,
			            rc);
		assert_int_equal(rc, cases[i].status);
	}
}

static void test_run_killed_by_signal_gives_128_plus_n(void **state)
{
	static const struct {
		const char *script;
		int status;
	} cases[] = {
	    {"kill -TERM $$", 128 + 15},
	    {"kill -KILL $$", 128 + 9},
	    {"kill -INT $$", 128 + 2},
	    {"kill -HUP $$", 128 + 1},
	    {NULL, 0},
	};
	(void)state;
	for (size_t i = 0; cases[i].script; i++) {
		char *const argv[] = {"sh", "-c", (char *)cases[i].script, NULL};
		dt_buf out = DT_BUF_INIT;
		int rc = dt_proc_run(&out, argv, NULL, 0);
		if (rc != cases[i].status)
			print_error("'%s': want %d, got %d\n", cases[i].script, cases[i].status,
			            rc);
		assert_int_equal(rc, cases[i].status);
		dt_buf_dispose(&out);
	}
}

static void test_run_missing_program_is_eio_with_message(void **state)
{
	static const char *const missing[] = {"dt-no-such-program-anywhere",
	                                      "/nonexistent/dt-no-such-program", NULL};
	(void)state;
	if (under_valgrind())
		skip();
	for (size_t i = 0; missing[i]; i++) {
		char *const argv[] = {(char *)missing[i], "arg", NULL};
		dt_buf out = DT_BUF_INIT;
		char *want = dt_xasprintf("cannot run '%s'", missing[i]);
		dt_error_clear();
		assert_int_equal(dt_proc_run(&out, argv, "input", 5), DT_EIO);
		assert_non_null(strstr(dt_error_last(), want));
		/* and the reason, not a bare errno */
		assert_true(strlen(dt_error_last()) > strlen(want) + 2);
		assert_int_equal(out.size, 0);
		free(want);
		dt_buf_dispose(&out);
	}
	dt_error_clear();
}

/* The program is found in PATH. */
static void test_run_searches_path(void **state)
{
	const char *tmp = *state;
	char *bin = tu_path_in(tmp, "bin");
	char *old = getenv("PATH") ? dt_xstrdup(getenv("PATH")) : NULL;
	char *newpath = dt_xasprintf("%s:%s", bin, old ? old : "/usr/bin:/bin");
	char *const argv[] = {"dt-test-tool", "x", NULL};
	dt_buf out = DT_BUF_INIT;
	char *tool;
	int rc;

	assert_int_equal(dt_mkdir_p(bin), 0);
	tool = tu_write(bin, "dt-test-tool", "#!/bin/sh\necho \"tool got $1\"\n", 0755);
	setenv("PATH", newpath, 1);
	rc = dt_proc_run(&out, argv, NULL, 0);
	if (old)
		setenv("PATH", old, 1);
	else
		unsetenv("PATH");
	assert_int_equal(rc, 0);
	assert_string_equal(out.ptr, "tool got x\n");
	dt_buf_dispose(&out);
	free(tool);
	free(bin);
	free(old);
	free(newpath);
}

/* ---- dt_proc_git ---- */

static void test_git_strips_trailing_newline(void **state)
{
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_git(&out, "--version", (char *)NULL), 0);
	assert_true(!strncmp(out.ptr, "git version ", 12));
	assert_true(out.size > 12);
	assert_int_not_equal(out.ptr[out.size - 1], '\n');
	assert_null(strchr(out.ptr, '\n'));
	dt_buf_dispose(&out);
}

/* Only the trailing newline goes: inner ones stay. */
static void test_git_keeps_inner_newlines(void **state)
{
	dt_buf out = DT_BUF_INIT;
	(void)state;
	assert_int_equal(dt_proc_git(&out, "-c", "dt.test=one", "-c", "dt.test=two", "config",
	                             "--get-all", "dt.test", (char *)NULL),
	                 0);
	assert_string_equal(out.ptr, "one\ntwo");
	dt_buf_dispose(&out);
}

static void test_git_in_a_repository(void **state)
{
	const char *tmp = *state;
	char *repo = tu_path_in(tmp, "repo");
	dt_buf out = DT_BUF_INIT;

	assert_int_equal(dt_proc_git(NULL, "init", "-q", repo, (char *)NULL), 0);
	assert_int_equal(
	    dt_proc_git(&out, "-C", repo, "rev-parse", "--is-inside-work-tree", (char *)NULL), 0);
	assert_string_equal(out.ptr, "true");
	assert_int_equal(
	    dt_proc_git(&out, "-C", repo, "rev-parse", "--show-toplevel", (char *)NULL), 0);
	assert_string_equal(out.ptr, repo);
	dt_buf_dispose(&out);
	free(repo);
}

static void test_git_returns_its_exit_status(void **state)
{
	const char *tmp = *state;
	char *repo = tu_path_in(tmp, "repo");
	dt_buf out = DT_BUF_INIT;

	assert_int_equal(dt_proc_git(NULL, "init", "-q", repo, (char *)NULL), 0);
	/* an unset key: git config exits 1 */
	assert_int_equal(dt_proc_git(&out, "-C", repo, "config", "dt.no-such-key", (char *)NULL),
	                 1);
	assert_string_equal(out.ptr, "");
	/* rev-parse --verify -q of a missing ref: 1 */
	assert_int_equal(dt_proc_git(&out, "-C", repo, "rev-parse", "--verify", "-q",
	                             "refs/heads/no-such-branch", (char *)NULL),
	                 1);
	/* a fatal error (git dies): 128 */
	assert_int_equal(dt_proc_git(&out, "-C", "/nonexistent/dt-folder", "status", (char *)NULL),
	                 128);
	dt_buf_dispose(&out);
	free(repo);
}

/* ---- dt_proc_chain ---- */

/* A hook that records $0, its arguments and its stdin into `log`. */
static char *recorder(const char *dir, const char *name, const char *log, int shebang, int status)
{
	char *text = dt_xasprintf("%s"
	                          "{\n"
	                          "  echo \"0=$0\"\n"
	                          "  echo \"n=$#\"\n"
	                          "  for a in \"$@\"; do echo \"arg=$a\"; done\n"
	                          "  echo \"stdin:\"\n"
	                          "  cat\n"
	                          "} >'%s'\n"
	                          "exit %d\n",
	                          shebang ? "#!/bin/sh\n" : "", log, status);
	char *path = tu_write(dir, name, text, 0755);
	free(text);
	return path;
}

static void test_chain_no_such_hook_gives_0(void **state)
{
	const char *tmp = *state;
	char *hook = tu_path_in(tmp, "commit-msg.diarist-chained");
	char *const argv[] = {"commit-msg", ".git/COMMIT_EDITMSG", NULL};
	(void)state;
	assert_int_equal(dt_proc_chain(hook, argv, NULL, 0), 0);
	assert_int_equal(dt_proc_chain(hook, argv, "x\n", 2), 0);
	free(hook);
}

/* git ignores hooks that are not executable; so does the chain. */
static void test_chain_non_executable_file_gives_0(void **state)
{
	const char *tmp = *state;
	char *log = tu_path_in(tmp, "ran.log");
	char *hook = recorder(tmp, "pre-push.diarist-chained", log, 1, 9);
	char *const argv[] = {"pre-push", "origin", NULL};

	assert_int_equal(chmod(hook, 0644), 0);
	assert_int_equal(dt_proc_chain(hook, argv, NULL, 0), 0);
	assert_false(dt_path_exists(log));
	free(hook);
	free(log);
}

static void test_chain_folder_gives_0(void **state)
{
	const char *tmp = *state;
	char *const argv[] = {"commit-msg", "msg", NULL};
	char *dir;
	int rc;

	if (under_valgrind())
		skip();
	dir = tu_path_in(tmp, "commit-msg.diarist-chained");
	assert_int_equal(dt_mkdir_p(dir), 0);
	rc = dt_proc_chain(dir, argv, NULL, 0);
	/* a folder is no hook: 0, or at worst an error, never "refused" */
	assert_true(rc == 0 || rc < 0);
	dt_error_clear();
	free(dir);
}

static void test_chain_script_gets_arguments_and_stdin(void **state)
{
	static const char input[] = "refs/heads/main 1111 refs/heads/main 0000\n";
	const char *tmp = *state;
	char *log = tu_path_in(tmp, "ran.log");
	char *hook = recorder(tmp, "pre-push.diarist-chained", log, 1, 0);
	/* argv[0] is replaced by the hook's path */
	char *const argv[] = {"/somewhere/else/pre-push", "origin", "https://example.com/r.git",
	                      NULL};
	char *got, *want;

	assert_int_equal(dt_proc_chain(hook, argv, input, sizeof(input) - 1), 0);
	got = tu_slurp(log);
	want = dt_xasprintf("0=%s\nn=2\narg=origin\narg=https://example.com/r.git\nstdin:\n%s",
	                    hook, input);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(hook);
	free(log);
}

static void test_chain_returns_the_hook_exit_status(void **state)
{
	static const int statuses[] = {0, 1, 2, 42, 255, -1};
	const char *tmp = *state;
	char *log = tu_path_in(tmp, "ran.log");
	char *const argv[] = {"commit-msg", "msg-file", NULL};

	for (size_t i = 0; statuses[i] >= 0; i++) {
		char *hook = recorder(tmp, "commit-msg.diarist-chained", log, 1, statuses[i]);
		assert_int_equal(dt_proc_chain(hook, argv, "", 0), statuses[i]);
		assert_true(dt_path_isfile(log));
		assert_int_equal(unlink(log), 0);
		free(hook);
	}
	free(log);
}

/* git runs a hook without "#!" with the shell; a chained one must run too. */
static void test_chain_script_without_shebang_runs_with_sh(void **state)
{
	const char *tmp = *state;
	char *const argv[] = {"commit-msg", ".git/COMMIT_EDITMSG", NULL};
	char *log, *hook, *got, *want;

	if (under_valgrind())
		skip();
	log = tu_path_in(tmp, "ran.log");
	hook = recorder(tmp, "commit-msg.diarist-chained", log, 0, 3);
	assert_int_equal(dt_proc_chain(hook, argv, "hello\n", 6), 3);
	got = tu_slurp(log);
	want = dt_xasprintf("0=%s\nn=1\narg=.git/COMMIT_EDITMSG\nstdin:\nhello\n", hook);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(hook);
	free(log);
}

/* With only argv[0], the hook gets no arguments. */
static void test_chain_without_arguments(void **state)
{
	const char *tmp = *state;
	char *log = tu_path_in(tmp, "ran.log");
	char *hook = recorder(tmp, "post-commit.diarist-chained", log, 1, 0);
	char *const argv[] = {"post-commit", NULL};
	char *got;

	assert_int_equal(dt_proc_chain(hook, argv, "", 0), 0);
	got = tu_slurp(log);
	assert_non_null(strstr(got, "n=0\n"));
	assert_null(strstr(got, "arg="));
	free(got);
	free(hook);
	free(log);
}

/* A hook that exits without reading a large stdin neither hangs the caller
 * nor kills it with SIGPIPE. */
static void test_chain_hook_ignoring_large_stdin(void **state)
{
	const char *tmp = *state;
	char *hook = tu_write(tmp, "pre-push.diarist-chained", "#!/bin/sh\nexit 5\n", 0755);
	char *const argv[] = {"pre-push", "origin", "url", NULL};
	size_t n = 1024 * 1024;
	char *input = dt_xmalloc(n);

	memset(input, 'x', n);
	assert_int_equal(dt_proc_chain(hook, argv, input, n), 5);
	free(input);
	free(hook);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_run_captures_stdout),
	    cmocka_unit_test(test_run_passes_shell_characters_verbatim),
	    cmocka_unit_test(test_run_captures_large_output),
	    cmocka_unit_test(test_run_feeds_stdin),
	    cmocka_unit_test(test_run_empty_input_is_eof),
	    cmocka_unit_test(test_start_finish_runs_alongside),
	    cmocka_unit_test(test_start_feeds_stdin),
	    cmocka_unit_test(test_run_returns_exit_status),
	    cmocka_unit_test(test_run_killed_by_signal_gives_128_plus_n),
	    cmocka_unit_test(test_run_missing_program_is_eio_with_message),
	    cmocka_unit_test_setup_teardown(test_run_searches_path, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_git_strips_trailing_newline),
	    cmocka_unit_test(test_git_keeps_inner_newlines),
	    cmocka_unit_test_setup_teardown(test_git_in_a_repository, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_git_returns_its_exit_status, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_no_such_hook_gives_0, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_non_executable_file_gives_0, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_folder_gives_0, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_script_gets_arguments_and_stdin,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_returns_the_hook_exit_status, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_script_without_shebang_runs_with_sh,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_without_arguments, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_hook_ignoring_large_stdin, tu_tmp_setup,
	                                    tu_tmp_teardown),
	};
	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
