/* test_history.c - the repository's history through libgit2
 * (lib/history.h), checked against the real git on throwaway
 * repositories. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "history.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

static dt_repo *open_repo(void)
{
	dt_repo *r = (dt_repo *)1;
	int rc = dt_repo_open(&r);
	if (rc)
		print_error("dt_repo_open: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_non_null(r);
	return r;
}

static void commit_ok(dt_commit *c, dt_repo *r, const char *rev)
{
	int rc = dt_repo_commit(c, r, rev);
	if (rc)
		print_error("dt_repo_commit %s: %s\n", rev, dt_error_last());
	assert_int_equal(rc, 0);
}

static int has(const dt_strvec *v, const char *s)
{
	return dt_strvec_contains(v, s);
}

/* ---- opening ---- */

static void test_history_open_paths(void **state)
{
	const char *dir = *state;
	dt_repo *r;
	char *gitdir = dt_xasprintf("%s/.git", dir);

	tu_git(NULL, "commit -q --allow-empty -m init");
	r = open_repo();
	assert_string_equal(dt_repo_workdir(r), dir);
	assert_string_equal(dt_repo_gitdir(r), gitdir);
	assert_string_equal(dt_repo_commondir(r), gitdir);
	dt_repo_free(r);
	dt_repo_free(NULL);

	/* from a subfolder, the same repository */
	assert_int_equal(dt_mkdir_p("src/deep"), 0);
	assert_int_equal(chdir("src/deep"), 0);
	r = open_repo();
	assert_string_equal(dt_repo_workdir(r), dir);
	dt_repo_free(r);
	assert_int_equal(chdir(dir), 0);
	free(gitdir);
}

static void test_history_open_outside_repository(void **state)
{
	char *plain =
	    dt_xasprintf("%s/plain", tu_repo_group_home()); /* no repository; removed at the end */
	dt_repo *r = (dt_repo *)1;
	int rc;

	(void)state;
	assert_int_equal(dt_mkdir_p(plain), 0);
	assert_int_equal(chdir(plain), 0);
	setenv("GIT_CEILING_DIRECTORIES", plain, 1);
	rc = dt_repo_open(&r);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_int_equal(chdir(*state), 0);
	tu_rm_rf(plain);
	free(plain);
	assert_int_equal(rc, DT_ENOTFOUND);
	assert_null(r);
}

/* ---- commits ---- */

static void test_history_commit_fields(void **state)
{
	char head[DT_HEX_MAX + 64], tree[DT_HEX_MAX + 64], parent[DT_HEX_MAX + 64];
	dt_repo *r;
	dt_commit c, p;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m 'VM-023: first'");
	tu_put(NULL, "a.txt", "two\n");
	tu_git(NULL, "commit -q -a -m 'VM-023: second' -m 'Why it changed.' -m 'Ticket: VM-023'");
	tu_git_out(head, sizeof(head), "rev-parse HEAD");
	tu_git_out(tree, sizeof(tree), "rev-parse 'HEAD^{tree}'");
	tu_git_out(parent, sizeof(parent), "rev-parse HEAD~1");

	r = open_repo();
	commit_ok(&c, r, "HEAD");
	assert_string_equal(c.hex, head);
	assert_string_equal(c.tree, tree);
	assert_string_equal(c.parent, parent);
	assert_int_equal(c.nparents, 1);
	assert_string_equal(c.subject, "VM-023: second");
	assert_string_equal(c.message, "VM-023: second\n\nWhy it changed.\n\nTicket: VM-023\n");
	assert_string_equal(c.author, "A U Thor <author@example.com>");
	/* 2026-02-14T10:00:00+01:00 */
	assert_int_equal(c.author_time, 1771059600);
	assert_int_equal(c.commit_time, 1771059600);
	assert_int_equal(c.commit_offset, 60);
	dt_commit_dispose(&c);
	assert_null(c.message);

	/* a full id, a prefix, and revision syntax give the same commit */
	commit_ok(&c, r, head);
	assert_string_equal(c.hex, head);
	dt_commit_dispose(&c);
	{
		char prefix[8];
		snprintf(prefix, sizeof(prefix), "%.7s", head);
		commit_ok(&c, r, prefix);
		assert_string_equal(c.hex, head);
		dt_commit_dispose(&c);
	}
	commit_ok(&c, r, "main~1");
	assert_string_equal(c.hex, parent);
	assert_string_equal(c.subject, "VM-023: first");
	dt_commit_dispose(&c);

	/* the root commit: no parent */
	commit_ok(&p, r, parent);
	assert_int_equal(p.nparents, 0);
	assert_string_equal(p.parent, "");
	dt_commit_dispose(&p);

	/* a tag names its commit */
	tu_git(NULL, "tag -a -m 'release' v1 HEAD");
	commit_ok(&c, r, "v1");
	assert_string_equal(c.hex, head);
	dt_commit_dispose(&c);
	dt_repo_free(r);
}

static char *saved_path, *saved_exec;

/* The test below hides git: its teardown puts PATH back even when an
 * assertion failed halfway. */
static int prefetch_setup(void **state)
{
	saved_path = dt_xstrdup(getenv("PATH"));
	saved_exec = dt_xstrdup_null(getenv("GIT_EXEC_PATH"));
	return tu_repo_setup(state);
}

static void restore_git(void)
{
	setenv("PATH", saved_path, 1);
	if (saved_exec)
		setenv("GIT_EXEC_PATH", saved_exec, 1);
}

static int prefetch_teardown(void **state)
{
	restore_git();
	free(saved_path);
	free(saved_exec);
	saved_path = saved_exec = NULL;
	return tu_repo_teardown(state);
}

/* A prefetched revision is answered by the git started then: with no git
 * to be found afterwards, the lookup still succeeds, once. Other revisions
 * are looked up as usual, and an unused prefetch is reaped. */
static void test_history_prefetch(void **state)
{
	char first[DT_HEX_MAX + 64], second[DT_HEX_MAX + 64];
	dt_repo *r;
	dt_commit c;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m 'VM-023: first'");
	tu_git_out(first, sizeof(first), "rev-parse HEAD");
	tu_put(NULL, "a.txt", "two\n");
	tu_git(NULL, "commit -q -a -m 'VM-023: second'");
	tu_git_out(second, sizeof(second), "rev-parse HEAD");

	r = open_repo();
	assert_int_equal(dt_repo_prefetch(r, "HEAD"), 0);
	assert_int_equal(dt_repo_prefetch(r, "HEAD~1"), 0); /* one at a time: ignored */
	/* no git from here on */
	unsetenv("GIT_EXEC_PATH");
	setenv("PATH", "/nonexistent", 1);
	commit_ok(&c, r, "HEAD");
	assert_string_equal(c.hex, second);
	assert_string_equal(c.subject, "VM-023: second");
	assert_int_equal(c.paths.count, 1);
	assert_string_equal(c.paths.items[0], "a.txt");
	dt_commit_dispose(&c);
	/* taken once: the next lookup needs git again (DT_EIO; under
	 * valgrind, whose posix_spawn forks first, git's exit 127) */
	assert_true(dt_repo_commit(&c, r, "HEAD") < 0);
	dt_error_clear();
	restore_git();

	/* a prefetch of something else does not answer HEAD */
	assert_int_equal(dt_repo_prefetch(r, "HEAD~1"), 0);
	commit_ok(&c, r, "HEAD");
	assert_string_equal(c.hex, second);
	dt_commit_dispose(&c);
	commit_ok(&c, r, "HEAD~1");
	assert_string_equal(c.hex, first);
	dt_commit_dispose(&c);
	/* a prefetch of nothing real: the lookup says so */
	assert_int_equal(dt_repo_prefetch(r, "no-such-branch"), 0);
	assert_int_equal(dt_repo_commit(&c, r, "no-such-branch"), DT_ENOTFOUND);
	dt_error_clear();
	/* left unused: dt_repo_free waits for it (no zombie, no leak) */
	assert_int_equal(dt_repo_prefetch(r, "HEAD"), 0);
	dt_repo_free(r);
}

static void test_history_commit_not_found(void **state)
{
	static const char *const missing[] = {
	    "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
	    "deadbee",
	    "no-such-branch",
	    "HEAD~5",
	    "",
	    NULL,
	};
	char tree[DT_HEX_MAX + 64];
	dt_repo *r;
	dt_commit c;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m first");
	tu_git_out(tree, sizeof(tree), "rev-parse 'HEAD^{tree}'");
	r = open_repo();
	for (size_t i = 0; missing[i]; i++) {
		int rc = dt_repo_commit(&c, r, missing[i]);
		if (rc != DT_ENOTFOUND)
			print_error("'%s' gave %d\n", missing[i], rc);
		assert_int_equal(rc, DT_ENOTFOUND);
		assert_null(c.message);
		dt_commit_dispose(&c);
	}
	/* a tree is no commit */
	assert_int_equal(dt_repo_commit(&c, r, tree), DT_ENOTFOUND);
	dt_commit_dispose(&c);
	dt_repo_free(r);
}

static void test_history_commit_unborn_head(void **state)
{
	dt_repo *r;
	dt_commit c;

	(void)state;
	r = open_repo();
	assert_int_equal(dt_repo_commit(&c, r, "HEAD"), DT_ENOTFOUND);
	dt_commit_dispose(&c);
	dt_repo_free(r);
}

static void test_history_merge_parents(void **state)
{
	char head[DT_HEX_MAX + 64], first[DT_HEX_MAX + 64];
	dt_repo *r;
	dt_commit c;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m first");
	tu_git(NULL, "checkout -q -b side");
	tu_put(NULL, "b.txt", "side\n");
	tu_git(NULL, "add b.txt");
	tu_git(NULL, "commit -q -m side");
	tu_git(NULL, "checkout -q main");
	tu_put(NULL, "c.txt", "main\n");
	tu_git(NULL, "add c.txt");
	tu_git(NULL, "commit -q -m main");
	tu_git_out(first, sizeof(first), "rev-parse HEAD");
	tu_git(NULL, "merge -q --no-ff -m 'Merge branch side' side");
	tu_git_out(head, sizeof(head), "rev-parse HEAD");
	r = open_repo();
	commit_ok(&c, r, "HEAD");
	assert_string_equal(c.hex, head);
	assert_int_equal(c.nparents, 2);
	assert_string_equal(c.parent, first);
	dt_commit_dispose(&c);
	dt_repo_free(r);
}

/* ---- abbreviations ---- */

static void test_history_abbrev(void **state)
{
	char head[DT_HEX_MAX + 64], shortened[DT_HEX_MAX + 64], out[DT_HEX_MAX];
	dt_repo *r;

	(void)state;
	tu_git(NULL, "commit -q --allow-empty -m first");
	tu_git_out(head, sizeof(head), "rev-parse HEAD");
	tu_git_out(shortened, sizeof(shortened), "rev-parse --short HEAD");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_true(strlen(out) >= 7);
	assert_string_equal(out, shortened);
	assert_memory_equal(out, head, strlen(out));
	dt_repo_free(r);

	/* core.abbrev=12 */
	tu_git(NULL, "config core.abbrev 12");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_int_equal(strlen(out), 12);
	assert_memory_equal(out, head, 12);
	dt_repo_free(r);

	/* core.abbrev=4: still at least 7 */
	tu_git(NULL, "config core.abbrev 4");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_int_equal(strlen(out), 7);
	assert_memory_equal(out, head, 7);

	/* no such object */
	assert_true(dt_repo_abbrev(out, r, "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef") < 0);
	dt_repo_free(r);
}

/* ---- changed paths ---- */

/* `rev` changed exactly the paths `want` (NULL-terminated, in any order). */
static void assert_changed_paths(dt_repo *r, const char *rev, const char *const *want)
{
	dt_strvec paths = DT_STRVEC_INIT;
	dt_commit c;
	size_t n = 0;

	commit_ok(&c, r, rev);
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	while (want[n])
		n++;
	assert_int_equal(paths.count, n);
	for (size_t i = 0; i < n; i++)
		assert_true(has(&paths, want[i]));
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);
}

static void test_history_changed_paths(void **state)
{
	dt_repo *r;

	(void)state;
	tu_put(NULL, "a.txt", "alpha\nbeta\ngamma\ndelta\n");
	tu_put(NULL, "src/b.c", "int b;\n");
	tu_git(NULL, "add .");
	tu_git(NULL, "commit -q -m root");
	tu_put(NULL, "src/b.c", "int b = 1;\n");
	tu_git(NULL, "commit -q -a -m modify");
	tu_git(NULL, "mv a.txt docs-a.txt");
	tu_git(NULL, "commit -q -m rename");
	tu_git(NULL, "rm -q src/b.c");
	tu_git(NULL, "commit -q -m delete");
	r = open_repo();

	/* root commit: every file */
	assert_changed_paths(r, "HEAD~3", (const char *const[]){"a.txt", "src/b.c", NULL});
	assert_changed_paths(r, "HEAD~2", (const char *const[]){"src/b.c", NULL});
	/* a rename gives both paths */
	assert_changed_paths(r, "HEAD~1", (const char *const[]){"a.txt", "docs-a.txt", NULL});
	assert_changed_paths(r, "HEAD", (const char *const[]){"src/b.c", NULL});
	dt_repo_free(r);

	/* names with spaces, quotes, tabs and UTF-8 come back as they are,
	 * never quoted the way git quotes them for a terminal */
	tu_put(NULL, "docs/na\xC3\xAFve notes.md", "x\n");
	tu_put(NULL, "docs/say \"hi\".md", "x\n");
	tu_put(NULL, "docs/tab\there.md", "x\n");
	tu_git(NULL, "add docs");
	tu_git(NULL, "commit -q -m 'odd names'");
	r = open_repo();
	assert_changed_paths(r, "HEAD",
	                     (const char *const[]){"docs/na\xC3\xAFve notes.md",
	                                           "docs/say \"hi\".md", "docs/tab\there.md",
	                                           NULL});
	dt_repo_free(r);
}

/* ---- the reflog and rebases ---- */

static void test_history_head_reflog(void **state)
{
	char first[DT_HEX_MAX + 64], second[DT_HEX_MAX + 64], old[DT_HEX_MAX];
	dt_buf msg = DT_BUF_INIT;
	dt_repo *r;

	(void)state;
	tu_git(NULL, "commit -q --allow-empty -m 'VM-023: first'");
	tu_git_out(first, sizeof(first), "rev-parse HEAD");
	tu_git(NULL, "commit -q --allow-empty -m 'VM-023: second'");
	tu_git_out(second, sizeof(second), "rev-parse HEAD");
	r = open_repo();
	assert_int_equal(dt_repo_head_reflog(&msg, old, r), 0);
	assert_string_equal(msg.ptr, "commit: VM-023: second");
	assert_string_equal(old, first);
	dt_repo_free(r);

	tu_git(NULL, "commit -q --amend --allow-empty -m 'VM-023: second, amended'");
	r = open_repo();
	assert_int_equal(dt_repo_head_reflog(&msg, old, r), 0);
	assert_string_equal(msg.ptr, "commit (amend): VM-023: second, amended");
	assert_string_equal(old, second);
	dt_repo_free(r);
	dt_buf_dispose(&msg);
}

static void test_history_rebasing(void **state)
{
	char tree[DT_HEX_MAX + 64], out[DT_HEX_MAX];
	dt_repo *r;

	(void)state;
	tu_put(NULL, "a.txt", "base\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m base");
	tu_git(NULL, "checkout -q -b topic");
	tu_put(NULL, "a.txt", "topic\n");
	tu_git(NULL, "commit -q -a -m topic");
	tu_git(NULL, "checkout -q main");
	tu_put(NULL, "a.txt", "main\n");
	tu_git(NULL, "commit -q -a -m main");
	tu_git(NULL, "checkout -q topic");

	r = open_repo();
	assert_int_equal(dt_repo_rebasing(r), 0);
	/* a rebase that stops on a conflict */
	assert_true(tu_git_may_fail(NULL, "rebase -q main") != 0);
	assert_int_equal(dt_repo_rebasing(r), 1);
	/* with a conflict in the index there is no tree to name */
	assert_true(dt_repo_index_tree(out, r) < 0);
	tu_git(NULL, "rebase --abort");
	assert_int_equal(dt_repo_rebasing(r), 0);
	assert_int_equal(dt_repo_index_tree(out, r), 0);
	tu_git_out(tree, sizeof(tree), "write-tree");
	assert_string_equal(out, tree);

	/* git am keeps rebase-apply/ */
	assert_int_equal(mkdir(".git/rebase-apply", 0755), 0);
	assert_int_equal(dt_repo_rebasing(r), 1);
	assert_int_equal(rmdir(".git/rebase-apply"), 0);
	assert_int_equal(dt_repo_rebasing(r), 0);
	dt_repo_free(r);
}

/* ---- the index and the work tree ---- */

static void test_history_index_tree(void **state)
{
	char tree[DT_HEX_MAX + 64], head_tree[DT_HEX_MAX + 64], out[DT_HEX_MAX];
	dt_repo *r;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_git(NULL, "add a.txt");
	tu_git(NULL, "commit -q -m first");
	tu_git_out(head_tree, sizeof(head_tree), "rev-parse 'HEAD^{tree}'");
	r = open_repo();
	assert_int_equal(dt_repo_index_tree(out, r), 0);
	assert_string_equal(out, head_tree);

	/* staged changes are in it; unstaged ones are not */
	tu_put(NULL, "a.txt", "two\n");
	tu_put(NULL, "new/b.txt", "b\n");
	tu_git(NULL, "add a.txt new/b.txt");
	tu_put(NULL, "a.txt", "three, not staged\n");
	tu_git_out(tree, sizeof(tree), "write-tree");
	assert_true(strcmp(tree, head_tree) != 0);
	assert_int_equal(dt_repo_index_tree(out, r), 0);
	assert_string_equal(out, tree);
	dt_repo_free(r);
}

static void test_history_unstaged(void **state)
{
	dt_repo *r;
	int dirty = -1;

	(void)state;
	tu_put(NULL, "a.txt", "one\n");
	tu_put(NULL, "b.txt", "bee\n");
	tu_git(NULL, "add a.txt b.txt");
	tu_git(NULL, "commit -q -m first");
	r = open_repo();
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* untracked files only: clean */
	tu_put(NULL, "notes.txt", "scratch\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* a modified tracked file */
	tu_put(NULL, "a.txt", "two\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 1);

	/* staged: clean again */
	tu_git(NULL, "add a.txt");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* a change under the folder left out (the docs root) is not dirty,
	 * the same change elsewhere is */
	tu_put(NULL, "docs/diary.md", "one\n");
	tu_git(NULL, "add docs/diary.md");
	tu_put(NULL, "docs/diary.md", "two\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, "docs"), 0);
	assert_int_equal(dirty, 0);
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 1);
	assert_int_equal(dt_repo_unstaged(&dirty, r, "other"), 0);
	assert_int_equal(dirty, 1);
	tu_git(NULL, "add docs/diary.md");

	/* a deleted tracked file */
	assert_int_equal(unlink("b.txt"), 0);
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 1);
	dt_repo_free(r);
}

static void test_history_is_ancestor(void **state)
{
	char a[DT_HEX_MAX + 64], b[DT_HEX_MAX + 64], side[DT_HEX_MAX + 64];
	dt_repo *r;

	(void)state;
	tu_git(NULL, "commit -q --allow-empty -m a");
	tu_git_out(a, sizeof(a), "rev-parse HEAD");
	tu_git(NULL, "commit -q --allow-empty -m b");
	tu_git_out(b, sizeof(b), "rev-parse HEAD");
	tu_git(NULL, "checkout -q -b side HEAD~1");
	tu_git(NULL, "commit -q --allow-empty -m side");
	tu_git_out(side, sizeof(side), "rev-parse HEAD");
	r = open_repo();
	assert_int_equal(dt_repo_is_ancestor(r, a, b), 1);
	assert_int_equal(dt_repo_is_ancestor(r, b, a), 0);
	assert_int_equal(dt_repo_is_ancestor(r, b, b), 1);
	assert_int_equal(dt_repo_is_ancestor(r, a, side), 1);
	assert_int_equal(dt_repo_is_ancestor(r, b, side), 0);
	assert_int_equal(dt_repo_is_ancestor(r, side, b), 0);
	/* garbage and unknown ids are not ancestors */
	assert_int_equal(dt_repo_is_ancestor(r, "not-hex", b), 0);
	assert_int_equal(dt_repo_is_ancestor(r, "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", b), 0);
	dt_repo_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_history_open_paths, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_open_outside_repository, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_fields, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_prefetch, prefetch_setup,
	                                    prefetch_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_not_found, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_unborn_head, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_merge_parents, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_abbrev, tu_repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_changed_paths, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_head_reflog, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_rebasing, tu_repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_index_tree, tu_repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_unstaged, tu_repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_is_ancestor, tu_repo_setup,
	                                    tu_repo_teardown),
	};
	return cmocka_run_group_tests(tests, tu_history_group_setup, tu_history_group_teardown);
}
