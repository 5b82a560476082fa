/* test_gitenv.c - finding the repository without libgit2 (lib/gitenv.h),
 * on repositories made by the real git in temporary folders. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "gitenv.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ---- */

/* A temporary folder; git run from here reads no config of the machine's. */
static int setup_tmp(void **state)
{
	char *real = tu_tmpdir("gitenv");

	if (!real)
		return -1;
	tu_git_env(real, NULL);
	tu_git_identity();
	*state = real;
	return 0;
}

static int teardown_tmp(void **state)
{
	tu_git_env_clear();
	tu_rm_rf(*state);
	free(*state);
	return 0;
}

/* A repository with one commit at tmp/repo; returns its path. */
static char *make_repo(const char *tmp)
{
	char *repo = tu_path_in(tmp, "repo");
	tu_git(NULL, "init -q '%s'", repo);
	tu_git(repo, "commit -q --allow-empty -m init");
	return repo;
}

static void discover_ok(dt_gitenv *env, const char *cwd)
{
	int rc = dt_gitenv_discover(env, cwd);
	if (rc)
		print_error("discover %s: %s\n", cwd ? cwd : "(cwd)", dt_error_last());
	assert_int_equal(rc, 0);
}

static void assert_env(const dt_gitenv *env, const char *gitdir, const char *commondir,
                       const char *worktree)
{
	assert_non_null(env->gitdir);
	assert_string_equal(env->gitdir, gitdir);
	assert_non_null(env->commondir);
	assert_string_equal(env->commondir, commondir);
	if (worktree) {
		assert_non_null(env->worktree);
		assert_string_equal(env->worktree, worktree);
	} else {
		assert_null(env->worktree);
	}
}

/* ---- discovery ---- */

static void test_gitenv_discover_at_worktree_root(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	dt_gitenv env = DT_GITENV_INIT;

	discover_ok(&env, repo);
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);
	assert_null(env.gitdir);
	free(repo);
	free(dotgit);
}

static void test_gitenv_discover_from_subfolder(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	char *sub = tu_path_in(repo, "a/b/c");
	char here[PATH_MAX];
	dt_gitenv env = DT_GITENV_INIT;

	assert_int_equal(dt_mkdir_p(sub), 0);
	discover_ok(&env, sub);
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);

	/* NULL: the current folder */
	assert_non_null(getcwd(here, sizeof(here)));
	assert_int_equal(chdir(sub), 0);
	{
		int rc = dt_gitenv_discover(&env, NULL);
		assert_int_equal(chdir(here), 0);
		assert_int_equal(rc, 0);
	}
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);
	free(repo);
	free(dotgit);
	free(sub);
}

static void test_gitenv_discover_outside_any_repository(void **state)
{
	const char *tmp = *state;
	char *dir = tu_path_in(tmp, "plain/folder");
	dt_gitenv env = DT_GITENV_INIT;

	assert_int_equal(dt_mkdir_p(dir), 0);
	assert_int_equal(dt_gitenv_discover(&env, dir), DT_ENOTFOUND);
	assert_string_equal(dt_error_last(), "not a git repository (or any parent up to /)");
	assert_null(env.gitdir);
	dt_gitenv_dispose(&env);
	free(dir);
}

/* A folder called .git that is no git dir is walked past. */
static void test_gitenv_discover_skips_fake_dotgit(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	char *inner = tu_path_in(repo, "vendor/thing");
	char *fake = tu_path_in(inner, ".git");
	dt_gitenv env = DT_GITENV_INIT;

	assert_int_equal(dt_mkdir_p(fake), 0);
	discover_ok(&env, inner);
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);
	free(repo);
	free(dotgit);
	free(inner);
	free(fake);
}

static void test_gitenv_linked_worktree(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	char *wt = tu_path_in(tmp, "wt"), *wt_gitdir = tu_path_in(repo, ".git/worktrees/wt");
	char *wt_sub = tu_path_in(wt, "deep/er");
	char *branch = NULL;
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(repo, "worktree add -q -b feature/x '%s'", wt);
	assert_int_equal(dt_mkdir_p(wt_sub), 0);
	discover_ok(&env, wt);
	assert_env(&env, wt_gitdir, dotgit, wt);
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_string_equal(branch, "feature/x");
	free(branch);
	dt_gitenv_dispose(&env);

	discover_ok(&env, wt_sub);
	assert_env(&env, wt_gitdir, dotgit, wt);
	dt_gitenv_dispose(&env);

	/* the main work tree is unaffected */
	discover_ok(&env, repo);
	assert_env(&env, dotgit, dotgit, repo);
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_string_equal(branch, "main");
	free(branch);
	dt_gitenv_dispose(&env);
	free(repo);
	free(dotgit);
	free(wt);
	free(wt_gitdir);
	free(wt_sub);
}

/* git init --separate-git-dir leaves a "gitdir:" file in the work tree. */
static void test_gitenv_gitdir_file(void **state)
{
	const char *tmp = *state;
	char *work = tu_path_in(tmp, "work"), *sep = tu_path_in(tmp, "sep.git");
	char *sub = tu_path_in(work, "src");
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(NULL, "init -q --separate-git-dir '%s' '%s'", sep, work);
	{
		char *gitfile = tu_path_in(work, ".git");
		assert_true(dt_path_isfile(gitfile));
		free(gitfile);
	}
	assert_int_equal(dt_mkdir_p(sub), 0);
	discover_ok(&env, sub);
	assert_env(&env, sep, sep, work);
	dt_gitenv_dispose(&env);
	free(work);
	free(sep);
	free(sub);
}

static void test_gitenv_bare_repository(void **state)
{
	const char *tmp = *state;
	char *bare = tu_path_in(tmp, "bare.git"), *refs = tu_path_in(bare, "refs/heads");
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(NULL, "init -q --bare '%s'", bare);
	discover_ok(&env, bare);
	assert_env(&env, bare, bare, NULL);
	dt_gitenv_dispose(&env);
	discover_ok(&env, refs);
	assert_env(&env, bare, bare, NULL);
	dt_gitenv_dispose(&env);
	free(bare);
	free(refs);
}

/* ---- GIT_DIR and friends (what git sets for hooks) ---- */

static void test_gitenv_git_dir_env(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	char *elsewhere = tu_path_in(tmp, "elsewhere");
	dt_gitenv env = DT_GITENV_INIT;

	assert_int_equal(dt_mkdir_p(elsewhere), 0);
	/* GIT_DIR alone: the current folder is the top of the work tree */
	setenv("GIT_DIR", dotgit, 1);
	discover_ok(&env, elsewhere);
	assert_env(&env, dotgit, dotgit, elsewhere);
	dt_gitenv_dispose(&env);

	/* with GIT_WORK_TREE */
	setenv("GIT_WORK_TREE", repo, 1);
	discover_ok(&env, elsewhere);
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);

	/* relative values are relative to the current folder */
	setenv("GIT_DIR", ".git", 1);
	setenv("GIT_WORK_TREE", ".", 1);
	discover_ok(&env, repo);
	assert_env(&env, dotgit, dotgit, repo);
	dt_gitenv_dispose(&env);
	free(repo);
	free(dotgit);
	free(elsewhere);
}

/* In a linked worktree's hooks git sets GIT_DIR to .git/worktrees/X. */
static void test_gitenv_git_dir_env_linked_worktree(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp), *dotgit = tu_path_in(repo, ".git");
	char *wt = tu_path_in(tmp, "wt"), *wt_gitdir = tu_path_in(repo, ".git/worktrees/wt");
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(repo, "worktree add -q -b other '%s'", wt);
	setenv("GIT_DIR", wt_gitdir, 1);
	setenv("GIT_WORK_TREE", wt, 1);
	discover_ok(&env, wt);
	assert_env(&env, wt_gitdir, dotgit, wt);
	dt_gitenv_dispose(&env);

	/* GIT_COMMON_DIR, when set, names the common dir */
	setenv("GIT_COMMON_DIR", dotgit, 1);
	discover_ok(&env, wt);
	assert_env(&env, wt_gitdir, dotgit, wt);
	dt_gitenv_dispose(&env);
	free(repo);
	free(dotgit);
	free(wt);
	free(wt_gitdir);
}

/* git runs a bare repository's hooks with GIT_DIR=. in the git dir. */
static void test_gitenv_git_dir_env_bare(void **state)
{
	const char *tmp = *state;
	char *bare = tu_path_in(tmp, "bare.git");
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(NULL, "init -q --bare '%s'", bare);
	setenv("GIT_DIR", ".", 1);
	discover_ok(&env, bare);
	assert_env(&env, bare, bare, NULL);
	dt_gitenv_dispose(&env);
	free(bare);
}

/* ---- dt_gitenv_branch, dt_gitenv_has ---- */

static void test_gitenv_branch_names(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp);
	char *branch = (char *)1;
	dt_gitenv env = DT_GITENV_INIT;

	discover_ok(&env, repo);
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_string_equal(branch, "main");
	free(branch);

	tu_git(repo, "checkout -q -b task/vm-022-x");
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_string_equal(branch, "task/vm-022-x");
	free(branch);

	/* detached HEAD: no branch */
	tu_git(repo, "checkout -q --detach");
	branch = (char *)1;
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_null(branch);
	dt_gitenv_dispose(&env);
	free(repo);
}

static void test_gitenv_branch_unborn(void **state)
{
	const char *tmp = *state;
	char *repo = tu_path_in(tmp, "empty");
	char *branch = NULL;
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(NULL, "init -q -b trunk '%s'", repo);
	discover_ok(&env, repo);
	assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
	assert_string_equal(branch, "trunk");
	free(branch);
	dt_gitenv_dispose(&env);
	free(repo);
}

/* While a rebase runs HEAD is detached; the branch is in head-name. */
static void test_gitenv_branch_during_rebase(void **state)
{
	static const char *const dirs[] = {"rebase-merge", "rebase-apply", NULL};
	const char *tmp = *state;
	char *repo = make_repo(tmp);
	dt_gitenv env = DT_GITENV_INIT;

	tu_git(repo, "checkout -q --detach");
	discover_ok(&env, repo);
	for (size_t i = 0; dirs[i]; i++) {
		char *rel = dt_xasprintf("%s/head-name", dirs[i]);
		char *dir = tu_path_in(env.gitdir, dirs[i]);
		char *file = tu_path_in(env.gitdir, rel);
		char *branch = NULL;
		static const char text[] = "refs/heads/task/vm-023-docs\n";
		assert_int_equal(dt_mkdir_p(dir), 0);
		assert_int_equal(dt_file_write_atomic(file, text, sizeof(text) - 1, 0644), 0);
		assert_true(dt_gitenv_has(&env, dirs[i]));
		assert_int_equal(dt_gitenv_branch(&branch, &env), 0);
		assert_non_null(branch);
		assert_string_equal(branch, "task/vm-023-docs");
		free(branch);
		tu_rm_rf(dir);
		free(rel);
		free(dir);
		free(file);
	}
	dt_gitenv_dispose(&env);
	free(repo);
}

static void test_gitenv_branch_missing_head_is_error(void **state)
{
	const char *tmp = *state;
	char *gitdir = tu_path_in(tmp, "no-head.git");
	dt_gitenv env = DT_GITENV_INIT;
	char *branch = (char *)1;

	assert_int_equal(dt_mkdir_p(gitdir), 0);
	env.gitdir = gitdir;
	assert_int_equal(dt_gitenv_branch(&branch, &env), DT_EIO);
	assert_null(branch);
	free(gitdir);
}

static void test_gitenv_has(void **state)
{
	const char *tmp = *state;
	char *repo = make_repo(tmp);
	char *wt = tu_path_in(tmp, "wt");
	dt_gitenv env = DT_GITENV_INIT, wenv = DT_GITENV_INIT;
	char *merge_head;

	tu_git(repo, "worktree add -q -b side '%s'", wt);
	discover_ok(&env, repo);
	discover_ok(&wenv, wt);
	assert_int_equal(dt_gitenv_has(&env, "HEAD"), 1);
	assert_int_equal(dt_gitenv_has(&env, "MERGE_HEAD"), 0);
	assert_int_equal(dt_gitenv_has(&env, "rebase-merge"), 0);

	merge_head = tu_path_in(env.gitdir, "MERGE_HEAD");
	assert_int_equal(dt_file_write_atomic(merge_head, "0123\n", 5, 0644), 0);
	assert_int_equal(dt_gitenv_has(&env, "MERGE_HEAD"), 1);
	/* the per-worktree git dir is asked, not the common one */
	assert_int_equal(dt_gitenv_has(&wenv, "MERGE_HEAD"), 0);
	free(merge_head);
	merge_head = tu_path_in(wenv.gitdir, "MERGE_HEAD");
	assert_int_equal(dt_file_write_atomic(merge_head, "0123\n", 5, 0644), 0);
	assert_int_equal(dt_gitenv_has(&wenv, "MERGE_HEAD"), 1);
	free(merge_head);

	/* folders count too */
	assert_int_equal(dt_gitenv_has(&env, "objects"), 1);
	dt_gitenv_dispose(&env);
	dt_gitenv_dispose(&wenv);
	free(repo);
	free(wt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_gitenv_discover_at_worktree_root, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_discover_from_subfolder, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_discover_outside_any_repository, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_discover_skips_fake_dotgit, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_linked_worktree, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_gitdir_file, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_bare_repository, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_git_dir_env, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_git_dir_env_linked_worktree, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_git_dir_env_bare, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_branch_names, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_branch_unborn, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_branch_during_rebase, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_branch_missing_head_is_error, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitenv_has, setup_tmp, teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
