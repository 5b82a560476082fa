/* test_hookmain.c - lib/hookmain.h: running the hook that was installed
 * before diarist's ("<argv[0]>.diarist-chained"). */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "hookmain.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

typedef struct {
	char *tmp;  /* the temporary folder, absolute */
	char *here; /* the folder the test started in */
} fixture;

static int setup_tmp(void **state)
{
	fixture *f = dt_xcalloc(1, sizeof(*f));

	if (tu_tmp_open(&f->tmp, &f->here, "hookmain") < 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown_tmp(void **state)
{
	fixture *f = *state;
	int rc = tu_tmp_close(f->tmp, f->here);
	free(f);
	return rc;
}

/* hooks/<name>.diarist-chained: records $0, its arguments and stdin into
 * `log`, then exits with `status`. */
static char *chained_recorder(const char *hooks, const char *name, const char *log, int status)
{
	char *rel = dt_xasprintf("%s%s", name, DT_CHAIN_SUFFIX);
	char *path = tu_path_in(hooks, rel);
	char *text = dt_xasprintf("#!/bin/sh\n"
	                          "{\n"
	                          "  echo \"0=$0\"\n"
	                          "  for a in \"$@\"; do echo \"arg=$a\"; done\n"
	                          "  echo \"stdin:\"\n"
	                          "  cat\n"
	                          "} >'%s'\n"
	                          "exit %d\n",
	                          log, status);
	free(tu_write(NULL, path, text, 0755));
	free(text);
	free(rel);
	return path;
}

/* ---- tests ---- */

static void test_chain_suffix_is_diarist_chained(void **state)
{
	(void)state;
	assert_string_equal(DT_CHAIN_SUFFIX, ".diarist-chained");
}

static void test_run_chained_missing_gives_0(void **state)
{
	fixture *f = *state;
	char *hook = tu_path_in(f->tmp, "hooks/commit-msg");
	char *argv[] = {hook, "msg", NULL};
	char *hooks = tu_path_in(f->tmp, "hooks");

	assert_int_equal(dt_mkdir_p(hooks), 0);
	assert_int_equal(dt_hook_run_chained(argv, NULL, 0), 0);
	/* the hook itself existing changes nothing */
	free(tu_write(NULL, hook, "#!/bin/sh\nexit 9\n", 0755));
	assert_int_equal(dt_hook_run_chained(argv, NULL, 0), 0);
	free(hook);
	free(hooks);
}

static void test_run_chained_gets_same_args_and_stdin(void **state)
{
	static const char input[] = "HEAD 1111 refs/heads/main 0000\n";
	fixture *f = *state;
	char *hooks = tu_path_in(f->tmp, "hooks");
	char *log = tu_path_in(f->tmp, "ran.log");
	char *hook = tu_path_in(hooks, "pre-push");
	char *chained, *got, *want;
	char *argv[] = {hook, "origin", "git@example.com:r.git", NULL};

	assert_int_equal(dt_mkdir_p(hooks), 0);
	chained = chained_recorder(hooks, "pre-push", log, 0);
	assert_int_equal(dt_hook_run_chained(argv, input, sizeof(input) - 1), 0);
	got = tu_slurp(log);
	want =
	    dt_xasprintf("0=%s\narg=origin\narg=git@example.com:r.git\nstdin:\n%s", chained, input);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(chained);
	free(hook);
	free(log);
	free(hooks);
}

static void test_run_chained_returns_its_status(void **state)
{
	static const int statuses[] = {1, 2, 77, 0, -1};
	fixture *f = *state;
	char *hooks = tu_path_in(f->tmp, "hooks");
	char *log = tu_path_in(f->tmp, "ran.log");
	char *hook = tu_path_in(hooks, "commit-msg");
	char *argv[] = {hook, ".git/COMMIT_EDITMSG", NULL};

	assert_int_equal(dt_mkdir_p(hooks), 0);
	for (size_t i = 0; statuses[i] >= 0; i++) {
		char *chained = chained_recorder(hooks, "commit-msg", log, statuses[i]);
		assert_int_equal(dt_hook_run_chained(argv, "", 0), statuses[i]);
		assert_true(dt_path_isfile(log));
		assert_int_equal(unlink(log), 0);
		free(chained);
	}
	free(hook);
	free(log);
	free(hooks);
}

/* git may start a hook by a relative path (".git/hooks/commit-msg"): the
 * chained hook is found next to it, relative to the current folder. */
static void test_run_chained_relative_argv0(void **state)
{
	fixture *f = *state;
	char *hooks = tu_path_in(f->tmp, ".git/hooks");
	char *log = tu_path_in(f->tmp, "ran.log");
	char *chained, *got;
	char *argv[] = {".git/hooks/commit-msg", ".git/COMMIT_EDITMSG", NULL};
	int rc;

	assert_int_equal(dt_mkdir_p(hooks), 0);
	chained = chained_recorder(hooks, "commit-msg", log, 4);
	assert_int_equal(chdir(f->tmp), 0);
	rc = dt_hook_run_chained(argv, "", 0);
	assert_int_equal(chdir(f->here), 0);
	assert_int_equal(rc, 4);
	got = tu_slurp(log);
	assert_string_equal(got, "0=.git/hooks/commit-msg.diarist-chained\n"
	                         "arg=.git/COMMIT_EDITMSG\nstdin:\n");
	free(got);
	free(chained);
	free(log);
	free(hooks);
}

/* Only "<argv[0]>.diarist-chained": another hook's chained file or a
 * ".sample" is not run. */
static void test_run_chained_only_its_own_name(void **state)
{
	fixture *f = *state;
	char *hooks = tu_path_in(f->tmp, "hooks");
	char *log = tu_path_in(f->tmp, "ran.log");
	char *hook = tu_path_in(hooks, "commit-msg");
	char *other, *sample = tu_path_in(hooks, "commit-msg.sample");
	char *argv[] = {hook, "msg", NULL};

	assert_int_equal(dt_mkdir_p(hooks), 0);
	other = chained_recorder(hooks, "pre-push", log, 8);
	free(tu_write(NULL, sample, "#!/bin/sh\nexit 9\n", 0755));
	assert_int_equal(dt_hook_run_chained(argv, "", 0), 0);
	assert_false(dt_path_exists(log));
	free(other);
	free(sample);
	free(hook);
	free(log);
	free(hooks);
}

static void test_run_chained_not_executable_gives_0(void **state)
{
	fixture *f = *state;
	char *hooks = tu_path_in(f->tmp, "hooks");
	char *log = tu_path_in(f->tmp, "ran.log");
	char *hook = tu_path_in(hooks, "commit-msg");
	char *chained;
	char *argv[] = {hook, "msg", NULL};

	assert_int_equal(dt_mkdir_p(hooks), 0);
	chained = chained_recorder(hooks, "commit-msg", log, 6);
	assert_int_equal(chmod(chained, 0644), 0);
	assert_int_equal(dt_hook_run_chained(argv, "", 0), 0);
	assert_false(dt_path_exists(log));
	free(chained);
	free(hook);
	free(log);
	free(hooks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain_suffix_is_diarist_chained),
	    cmocka_unit_test_setup_teardown(test_run_chained_missing_gives_0, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_run_chained_gets_same_args_and_stdin, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_run_chained_returns_its_status, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_run_chained_relative_argv0, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_run_chained_only_its_own_name, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_run_chained_not_executable_gives_0, setup_tmp,
	                                    teardown_tmp),
	};
	return cmocka_run_group_tests_name("hookmain", tests, NULL, NULL);
}
