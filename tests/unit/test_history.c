/* test_history.c - the repository's history through libgit2
 * (lib/history.h), checked against the real git on throwaway
 * repositories. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "history.h"

#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

static char start_dir[PATH_MAX];
static char *home; /* the group's HOME: no user configuration */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *make_tmpdir(const char *what)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = dt_xasprintf("%s/dt-%s-XXXXXX", t && *t ? t : "/tmp", what);
	char *real = NULL;

	if (mkdtemp(tmpl))
		real = realpath(tmpl, NULL);
	free(tmpl);
	return real;
}

static const char *const unset_vars[] = {
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CEILING_DIRECTORIES",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_REFLOG_ACTION",
    NULL,
};

static const char *const set_vars[][2] = {
    {"GIT_CONFIG_NOSYSTEM", "1"},
    {"GIT_CONFIG_GLOBAL", "/dev/null"},
    {"GIT_AUTHOR_NAME", "A U Thor"},
    {"GIT_AUTHOR_EMAIL", "author@example.com"},
    {"GIT_AUTHOR_DATE", "2026-02-14T10:00:00+01:00"},
    {"GIT_COMMITTER_NAME", "C O Mitter"},
    {"GIT_COMMITTER_EMAIL", "committer@example.com"},
    {"GIT_COMMITTER_DATE", "2026-02-14T10:00:00+01:00"},
    {NULL, NULL},
};

static int group_setup(void **state)
{
	(void)state;
	if (!getcwd(start_dir, sizeof(start_dir)))
		return -1;
	home = make_tmpdir("history-home");
	if (!home)
		return -1;
	for (size_t i = 0; unset_vars[i]; i++)
		unsetenv(unset_vars[i]);
	for (size_t i = 0; set_vars[i][0]; i++)
		setenv(set_vars[i][0], set_vars[i][1], 1);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	return dt_history_init() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dt_history_shutdown();
	rm_rf(home);
	free(home);
	return 0;
}

/* Run a git command line (formatted) in the current folder; it must
 * succeed (or fail, with may_fail). */
static int git_v(int may_fail, const char *fmt, va_list ap)
{
	dt_buf cmd = DT_BUF_INIT;
	int rc;

	dt_buf_puts(&cmd, "git -c init.defaultBranch=main -c core.hooksPath=/dev/null ");
	dt_buf_vprintf(&cmd, fmt, ap);
	dt_buf_puts(&cmd, " >/dev/null 2>&1");
	rc = system(cmd.ptr);
	if (rc != 0 && !may_fail)
		print_error("failed (%d): %s\n", rc, cmd.ptr);
	dt_buf_dispose(&cmd);
	return rc;
}

static void git(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void git(const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = git_v(0, fmt, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
}

static int git_may_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int git_may_fail(const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = git_v(1, fmt, ap);
	va_end(ap);
	return rc;
}

/* The first line of a git command's output. */
static void git_out(char out[DT_HEX_MAX + 64], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void git_out(char out[DT_HEX_MAX + 64], const char *fmt, ...)
{
	dt_buf cmd = DT_BUF_INIT;
	va_list ap;
	FILE *p;
	int rc;

	dt_buf_puts(&cmd, "git ");
	va_start(ap, fmt);
	dt_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	dt_buf_puts(&cmd, " 2>/dev/null");
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	out[0] = '\0';
	if (!fgets(out, DT_HEX_MAX + 64, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	rc = pclose(p);
	if (rc != 0)
		print_error("failed (%d): %s\n", rc, cmd.ptr);
	assert_int_equal(rc, 0);
	dt_buf_dispose(&cmd);
}

static void put(const char *rel, const char *text)
{
	char *slash, *path = dt_xstrdup(rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		assert_int_equal(dt_mkdir_p(path), 0);
	}
	free(path);
	assert_int_equal(dt_file_write_atomic(rel, text, strlen(text), 0644), 0);
}

/* A new repository as the current folder; state holds its path. */
static int repo_setup(void **state)
{
	char *dir = make_tmpdir("history");
	if (!dir || chdir(dir) < 0) {
		free(dir);
		return -1;
	}
	*state = dir;
	return system("git -c init.defaultBranch=main init -q . >/dev/null 2>&1") == 0 ? 0 : -1;
}

static int repo_teardown(void **state)
{
	int rc = chdir(start_dir);
	rm_rf(*state);
	free(*state);
	return rc;
}

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

	git("commit -q --allow-empty -m init");
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
	char *plain = dt_xasprintf("%s/plain", home); /* no repository; removed at the end */
	dt_repo *r = (dt_repo *)1;
	int rc;

	(void)state;
	assert_int_equal(dt_mkdir_p(plain), 0);
	assert_int_equal(chdir(plain), 0);
	setenv("GIT_CEILING_DIRECTORIES", plain, 1);
	rc = dt_repo_open(&r);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_int_equal(chdir(*state), 0);
	rm_rf(plain);
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
	put("a.txt", "one\n");
	git("add a.txt");
	git("commit -q -m 'VM-023: first'");
	put("a.txt", "two\n");
	git("commit -q -a -m 'VM-023: second' -m 'Why it changed.' -m 'Ticket: VM-023'");
	git_out(head, "rev-parse HEAD");
	git_out(tree, "rev-parse 'HEAD^{tree}'");
	git_out(parent, "rev-parse HEAD~1");

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
	git("tag -a -m 'release' v1 HEAD");
	commit_ok(&c, r, "v1");
	assert_string_equal(c.hex, head);
	dt_commit_dispose(&c);
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
	put("a.txt", "one\n");
	git("add a.txt");
	git("commit -q -m first");
	git_out(tree, "rev-parse 'HEAD^{tree}'");
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
	put("a.txt", "one\n");
	git("add a.txt");
	git("commit -q -m first");
	git("checkout -q -b side");
	put("b.txt", "side\n");
	git("add b.txt");
	git("commit -q -m side");
	git("checkout -q main");
	put("c.txt", "main\n");
	git("add c.txt");
	git("commit -q -m main");
	git_out(first, "rev-parse HEAD");
	git("merge -q --no-ff -m 'Merge branch side' side");
	git_out(head, "rev-parse HEAD");
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
	git("commit -q --allow-empty -m first");
	git_out(head, "rev-parse HEAD");
	git_out(shortened, "rev-parse --short HEAD");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_true(strlen(out) >= 7);
	assert_string_equal(out, shortened);
	assert_memory_equal(out, head, strlen(out));
	dt_repo_free(r);

	/* core.abbrev=12 */
	git("config core.abbrev 12");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_int_equal(strlen(out), 12);
	assert_memory_equal(out, head, 12);
	dt_repo_free(r);

	/* core.abbrev=4: still at least 7 */
	git("config core.abbrev 4");
	r = open_repo();
	assert_int_equal(dt_repo_abbrev(out, r, head), 0);
	assert_int_equal(strlen(out), 7);
	assert_memory_equal(out, head, 7);

	/* no such object */
	assert_true(dt_repo_abbrev(out, r, "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef") < 0);
	dt_repo_free(r);
}

/* ---- changed paths ---- */

static void test_history_changed_paths(void **state)
{
	dt_strvec paths = DT_STRVEC_INIT;
	dt_repo *r;
	dt_commit c;

	(void)state;
	put("a.txt", "alpha\nbeta\ngamma\ndelta\n");
	put("src/b.c", "int b;\n");
	git("add .");
	git("commit -q -m root");
	put("src/b.c", "int b = 1;\n");
	git("commit -q -a -m modify");
	git("mv a.txt docs-a.txt");
	git("commit -q -m rename");
	git("rm -q src/b.c");
	git("commit -q -m delete");
	r = open_repo();

	/* root commit: every file */
	commit_ok(&c, r, "HEAD~3");
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	assert_int_equal(paths.count, 2);
	assert_true(has(&paths, "a.txt"));
	assert_true(has(&paths, "src/b.c"));
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);

	commit_ok(&c, r, "HEAD~2");
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	assert_int_equal(paths.count, 1);
	assert_string_equal(paths.items[0], "src/b.c");
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);

	/* a rename gives both paths */
	commit_ok(&c, r, "HEAD~1");
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	assert_int_equal(paths.count, 2);
	assert_true(has(&paths, "a.txt"));
	assert_true(has(&paths, "docs-a.txt"));
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);

	commit_ok(&c, r, "HEAD");
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	assert_int_equal(paths.count, 1);
	assert_string_equal(paths.items[0], "src/b.c");
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);
	dt_repo_free(r);

	/* names with spaces, quotes, tabs and UTF-8 come back as they are,
	 * never quoted the way git quotes them for a terminal */
	put("docs/na\xC3\xAFve notes.md", "x\n");
	put("docs/say \"hi\".md", "x\n");
	put("docs/tab\there.md", "x\n");
	git("add docs");
	git("commit -q -m 'odd names'");
	r = open_repo();
	commit_ok(&c, r, "HEAD");
	assert_int_equal(dt_repo_changed_paths(&paths, r, &c), 0);
	assert_int_equal(paths.count, 3);
	assert_true(has(&paths, "docs/na\xC3\xAFve notes.md"));
	assert_true(has(&paths, "docs/say \"hi\".md"));
	assert_true(has(&paths, "docs/tab\there.md"));
	dt_strvec_dispose(&paths);
	dt_commit_dispose(&c);
	dt_repo_free(r);
}

/* ---- the reflog and rebases ---- */

static void test_history_head_reflog(void **state)
{
	char first[DT_HEX_MAX + 64], second[DT_HEX_MAX + 64], old[DT_HEX_MAX];
	dt_buf msg = DT_BUF_INIT;
	dt_repo *r;

	(void)state;
	git("commit -q --allow-empty -m 'VM-023: first'");
	git_out(first, "rev-parse HEAD");
	git("commit -q --allow-empty -m 'VM-023: second'");
	git_out(second, "rev-parse HEAD");
	r = open_repo();
	assert_int_equal(dt_repo_head_reflog(&msg, old, r), 0);
	assert_string_equal(msg.ptr, "commit: VM-023: second");
	assert_string_equal(old, first);
	dt_repo_free(r);

	git("commit -q --amend --allow-empty -m 'VM-023: second, amended'");
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
	put("a.txt", "base\n");
	git("add a.txt");
	git("commit -q -m base");
	git("checkout -q -b topic");
	put("a.txt", "topic\n");
	git("commit -q -a -m topic");
	git("checkout -q main");
	put("a.txt", "main\n");
	git("commit -q -a -m main");
	git("checkout -q topic");

	r = open_repo();
	assert_int_equal(dt_repo_rebasing(r), 0);
	/* a rebase that stops on a conflict */
	assert_true(git_may_fail("rebase -q main") != 0);
	assert_int_equal(dt_repo_rebasing(r), 1);
	/* with a conflict in the index there is no tree to name */
	assert_true(dt_repo_index_tree(out, r) < 0);
	git("rebase --abort");
	assert_int_equal(dt_repo_rebasing(r), 0);
	assert_int_equal(dt_repo_index_tree(out, r), 0);
	git_out(tree, "write-tree");
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
	put("a.txt", "one\n");
	git("add a.txt");
	git("commit -q -m first");
	git_out(head_tree, "rev-parse 'HEAD^{tree}'");
	r = open_repo();
	assert_int_equal(dt_repo_index_tree(out, r), 0);
	assert_string_equal(out, head_tree);

	/* staged changes are in it; unstaged ones are not */
	put("a.txt", "two\n");
	put("new/b.txt", "b\n");
	git("add a.txt new/b.txt");
	put("a.txt", "three, not staged\n");
	git_out(tree, "write-tree");
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
	put("a.txt", "one\n");
	put("b.txt", "bee\n");
	git("add a.txt b.txt");
	git("commit -q -m first");
	r = open_repo();
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* untracked files only: clean */
	put("notes.txt", "scratch\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* a modified tracked file */
	put("a.txt", "two\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 1);

	/* staged: clean again */
	git("add a.txt");
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 0);

	/* a change under the folder left out (the docs root) is not dirty,
	 * the same change elsewhere is */
	put("docs/diary.md", "one\n");
	git("add docs/diary.md");
	put("docs/diary.md", "two\n");
	assert_int_equal(dt_repo_unstaged(&dirty, r, "docs"), 0);
	assert_int_equal(dirty, 0);
	assert_int_equal(dt_repo_unstaged(&dirty, r, NULL), 0);
	assert_int_equal(dirty, 1);
	assert_int_equal(dt_repo_unstaged(&dirty, r, "other"), 0);
	assert_int_equal(dirty, 1);
	git("add docs/diary.md");

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
	git("commit -q --allow-empty -m a");
	git_out(a, "rev-parse HEAD");
	git("commit -q --allow-empty -m b");
	git_out(b, "rev-parse HEAD");
	git("checkout -q -b side HEAD~1");
	git("commit -q --allow-empty -m side");
	git_out(side, "rev-parse HEAD");
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
	    cmocka_unit_test_setup_teardown(test_history_open_paths, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_open_outside_repository, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_fields, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_not_found, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_commit_unborn_head, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_merge_parents, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_abbrev, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_changed_paths, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_head_reflog, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_rebasing, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_index_tree, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_unstaged, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_history_is_ancestor, repo_setup, repo_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
