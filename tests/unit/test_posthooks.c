/* test_posthooks.c - post-commit and post-rewrite (lib/posthooks.h, SPEC
 * §4), driven like git drives them, in throwaway repositories: the work
 * is made with the real git (hooks disabled) and the hook functions are
 * called from inside the work tree. */
#include "unit.h"

#include "common.h"
#include "evidence.h"
#include "fileio.h"
#include "history.h"
#include "posthooks.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EM_DASH "\xE2\x80\x94"
#define T23 "ttmp/2026/02/14/VM-023--improve-docs"
#define DIARY23 T23 "/reference/01-diary.md"

/* ---- helpers ---- */

static const char index23[] = "---\n"
                              "Title: Improve the docs\n"
                              "Ticket: VM-023\n"
                              "Status: active\n"
                              "Topics:\n"
                              "    - frontend\n"
                              "DocType: index\n"
                              "---\n\n# Improve the docs\n";

/* A repository, as the current folder; with_ttmp: a ticket in ttmp/. */
static int make_repo(void **state, int with_ttmp)
{
	*state = tu_repo_here();
	if (!*state)
		return -1;
	if (with_ttmp && (dt_mkdir_p(T23) < 0 || dt_file_write_atomic(T23 "/index.md", index23,
	                                                              strlen(index23), 0644) < 0))
		return -1;
	if (dt_mkdir_p("src") < 0 || dt_file_write_atomic("src/app.c", "int app;\n", 9, 0644) < 0)
		return -1;
	return tu_git_commit_all("Initial import");
}

static int repo_setup(void **state)
{
	return make_repo(state, 1);
}

static int no_ttmp_setup(void **state)
{
	return make_repo(state, 0);
}

static void code_commit(const char *file, const char *message)
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "int v%d;\n", ++serial);
	tu_put(NULL, file, text);
	tu_put(NULL, ".git/dt-message", message);
	tu_git(NULL, "add '%s'", file);
	tu_git(NULL, "commit -q -F .git/dt-message");
}

/* What a hook call printed. */
typedef struct {
	char *out, *err;
	size_t out_len, err_len;
	int rc;
} hook_run;

/* Run a hook (kind NULL: post-commit, else post-rewrite with `input`). */
static void run_hook(hook_run *h, const char *kind, const char *input)
{
	tu_stream o, e;
	tu_stream_open(&o);
	tu_stream_open(&e);
	h->rc =
	    kind ? dt_post_rewrite(kind, input, strlen(input), o.f, e.f) : dt_post_commit(o.f, e.f);
	h->out = tu_stream_close(&o);
	h->err = tu_stream_close(&e);
	h->out_len = o.len;
	h->err_len = e.len;
}

static void run_post_commit(hook_run *h)
{
	run_hook(h, NULL, NULL);
}

static void run_post_rewrite(hook_run *h, const char *kind, const char *input)
{
	run_hook(h, kind, input);
}

/* The diary of VM-023 holds `want`. */
static void assert_diary_is(const char *want)
{
	char *now = tu_slurp(DIARY23);
	assert_string_equal(now, want);
	free(now);
}

/* post-commit, which must succeed. */
static void post_commit_ok(hook_run *h)
{
	run_post_commit(h);
	assert_int_equal(h->rc, 0);
}

static void hook_run_dispose(hook_run *h)
{
	free(h->out);
	free(h->err);
}

static void assert_report(const char *out, long step, const char *abbrev)
{
	tu_assert_report(out, "VM-023", step, abbrev, "reference/01-diary.md");
}

/* The record line of a commit in the diary text. */
static char *record_line(const char *abbrev, const char *subject)
{
	return dt_xasprintf("**Commit (code):** %s " EM_DASH " \"%s\"\n", abbrev, subject);
}

/* ---- post-commit ---- */

static void test_post_commit_records_head(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *text, *rec;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: add the widget\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	assert_report(h.out, 1, abbrev);
	assert_int_equal(tu_count(h.out, "\n"), 1);
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	rec = record_line(abbrev, "VM-023: add the widget");
	assert_non_null(strstr(text, rec));
	assert_non_null(strstr(text, "## Step 1: VM-023: add the widget\n"));
	free(rec);
	free(text);

	/* the hook running again (git would not, but a user might) adds
	 * nothing */
	text = tu_slurp(DIARY23);
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	assert_diary_is(text);
	free(text);

	/* the next commit: the next step */
	code_commit("src/other.c", "VM-023: second piece\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	assert_report(h.out, 2, abbrev);
	hook_run_dispose(&h);
}

/* After `git commit --amend` post-commit moves the record to the new
 * hash, in the same step, and adds no new step. */
static void test_post_commit_after_amend(void **state)
{
	char old_abbrev[DT_HEX_MAX], new_abbrev[DT_HEX_MAX];
	char *text, *rec;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: add the widget\n");
	tu_git_abbrev(old_abbrev, sizeof(old_abbrev), "HEAD");
	post_commit_ok(&h);
	hook_run_dispose(&h);

	tu_put(NULL, "src/app.c", "int app = 2;\n");
	tu_git(NULL, "commit -q -a --amend -m 'VM-023: add the widget, properly'");
	tu_git_abbrev(new_abbrev, sizeof(new_abbrev), "HEAD");
	post_commit_ok(&h);
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	assert_null(strstr(text, old_abbrev));
	rec = record_line(new_abbrev, "VM-023: add the widget, properly");
	assert_non_null(strstr(text, rec));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	assert_int_equal(tu_count(text, "## Step "), 1);
	/* in step 1 */
	assert_true(strstr(text, "## Step 1:") < strstr(text, rec));
	free(rec);

	/* git then runs post-rewrite with "old new": nothing left to do */
	{
		char old[DT_HEX_MAX], new[DT_HEX_MAX], *input;
		tu_git_out(old, sizeof(old), "rev-parse HEAD@{1}");
		tu_git_out(new, sizeof(new), "rev-parse HEAD");
		input = dt_xasprintf("%s %s\n", old, new);
		run_post_rewrite(&h, "amend", input);
		assert_int_equal(h.rc, 0);
		assert_string_equal(h.out, "");
		assert_string_equal(h.err, "");
		hook_run_dispose(&h);
		assert_diary_is(text);
		free(input);
	}
	free(text);
}

/* Evidence moves with the tree: a message-only amend keeps the **Tests:**
 * line (naming the new commit); an amend that changes the tree drops it. */
static void test_post_commit_amend_evidence(void **state)
{
	char tree[DT_HEX_MAX], abbrev[DT_HEX_MAX], *dir, *text, *want;
	hook_run h;
	dt_evidence ev;

	(void)state;
	code_commit("src/app.c", "VM-023: tested\n");
	tu_git_out(tree, sizeof(tree), "rev-parse 'HEAD^{tree}'");
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	ev.seconds = 2.0;
	ev.counted = 1;
	ev.passed = 9;
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree);
	dir = dt_xasprintf("%s/.git/diarist/evidence", (const char *)*state);
	assert_int_equal(dt_evidence_save(dir, &ev), 0);
	dt_evidence_dispose(&ev);
	free(dir);
	run_post_commit(&h);
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	assert_int_equal(tu_count(text, "**Tests:**"), 1);
	free(text);

	tu_git(NULL, "commit -q --amend -m 'VM-023: tested, reworded'");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf("**Commit (code):** %s " EM_DASH " \"VM-023: tested, reworded\"\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 9 passed, 0 failed; 2.0 s; commit %s, tree %.7s\n",
	                    abbrev, abbrev, tree);
	assert_non_null(strstr(text, want));
	free(want);
	free(text);

	tu_put(NULL, "src/app.c", "int app = 99;\n");
	tu_git(NULL, "commit -q -a --amend -m 'VM-023: tested, then changed'");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	{
		char *rec = record_line(abbrev, "VM-023: tested, then changed");
		assert_non_null(strstr(text, rec));
		free(rec);
	}
	assert_null(strstr(text, "**Tests:**"));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	free(text);
}

/* After a rebase git has run post-commit for every pick, with hashes the
 * rebase then rewrites: those are left to post-rewrite. */
static void test_post_commit_skips_rebase(void **state)
{
	char *before;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: recorded\n");
	run_post_commit(&h);
	hook_run_dispose(&h);
	before = tu_slurp(DIARY23);

	/* a rebase in progress (the git dir says so), making a pick (its
	 * reflog says so) */
	assert_int_equal(mkdir(".git/rebase-merge", 0755), 0);
	setenv("GIT_REFLOG_ACTION", "rebase (pick)", 1);
	code_commit("src/b.c", "VM-023: picked during a rebase\n");
	unsetenv("GIT_REFLOG_ACTION");
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	assert_diary_is(before);
	assert_int_equal(rmdir(".git/rebase-merge"), 0);

	/* the reflog says "rebase": a real rebase that just finished */
	tu_git(NULL, "checkout -q -b topic");
	code_commit("src/c.c", "VM-023: on topic\n");
	tu_git(NULL, "checkout -q main");
	code_commit("README", "Readme\n");
	tu_git(NULL, "checkout -q topic");
	tu_git(NULL, "rebase -q main");
	{
		char msg[DT_HEX_MAX];
		tu_git_out(msg, sizeof(msg), "reflog -1 --format=%%gs HEAD");
		assert_memory_equal(msg, "rebase", 6);
	}
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	assert_diary_is(before);
	free(before);
}

/* A commit the user makes during a rebase (an exec line, an edit stop)
 * is no pick: the work tree is left alone then, and the final
 * post-rewrite records it; an amend's post-rewrite during the rebase
 * changes nothing either. */
static void test_post_hooks_wait_for_the_rebase(void **state)
{
	char old[DT_HEX_MAX], new[DT_HEX_MAX], abbrev[DT_HEX_MAX];
	char *before, *input;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: recorded\n");
	tu_git_out(old, sizeof(old), "rev-parse HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	before = tu_slurp(DIARY23);

	assert_int_equal(mkdir(".git/rebase-merge", 0755), 0);
	tu_git(NULL, "commit -q --amend -m 'VM-023: recorded, amended at a stop'");
	tu_git_out(new, sizeof(new), "rev-parse HEAD");
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	input = dt_xasprintf("%s %s\n", old, new);
	run_post_rewrite(&h, "amend", input);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	free(input);
	code_commit("src/exec.c", "VM-023: made by an exec line\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	assert_diary_is(before);

	/* the rebase ends: its list maps the recorded commit to the amended
	 * one (the exec's commit is in no list) */
	input = dt_xasprintf("%s %s\n", old, new);
	run_post_rewrite(&h, "rebase", input);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.err, "");
	assert_non_null(strstr(h.out, "1 recorded hash rewritten"));
	assert_report(h.out, 2, abbrev);
	hook_run_dispose(&h);
	free(input);
	assert_int_equal(rmdir(".git/rebase-merge"), 0);
	{
		char *text = tu_slurp(DIARY23);
		char *rec = record_line(abbrev, "VM-023: made by an exec line");
		tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD~1");
		assert_non_null(strstr(text, rec));
		free(rec);
		rec = record_line(abbrev, "VM-023: recorded, amended at a stop");
		assert_non_null(strstr(text, rec));
		free(rec);
		free(text);
	}
	free(before);
}

/* A cherry-pick is a new commit on this branch: recorded. */
static void test_post_commit_records_cherry_pick(void **state)
{
	char abbrev[DT_HEX_MAX];
	hook_run h;

	(void)state;
	tu_git(NULL, "checkout -q -b other");
	code_commit("src/pick.c", "VM-023: worth picking\n");
	tu_git(NULL, "checkout -q main");
	tu_git(NULL, "cherry-pick other");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	post_commit_ok(&h);
	assert_report(h.out, 1, abbrev);
	hook_run_dispose(&h);
}

/* ---- post-rewrite ---- */

/* A real `git rebase` and its "old new" lines: every recorded hash is
 * rewritten, each in its step. */
static void test_post_rewrite_after_rebase(void **state)
{
	char a[DT_HEX_MAX], b[DT_HEX_MAX], a2[DT_HEX_MAX], b2[DT_HEX_MAX];
	char aa[DT_HEX_MAX], ba[DT_HEX_MAX], aa2[DT_HEX_MAX], ba2[DT_HEX_MAX];
	char *input, *text, *r1, *r2;
	hook_run h;

	(void)state;
	tu_git(NULL, "checkout -q -b topic");
	code_commit("src/one.c", "VM-023: one\n");
	tu_git_out(a, sizeof(a), "rev-parse HEAD");
	tu_git_abbrev(aa, sizeof(aa), "HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	code_commit("src/two.c", "VM-023: two\n");
	tu_git_out(b, sizeof(b), "rev-parse HEAD");
	tu_git_abbrev(ba, sizeof(ba), "HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	tu_git(NULL, "checkout -q main");
	code_commit("src/main.c", "Main moves on\n");
	tu_git(NULL, "checkout -q topic");
	tu_git(NULL, "rebase -q main");
	tu_git_out(a2, sizeof(a2), "rev-parse HEAD~1");
	tu_git_out(b2, sizeof(b2), "rev-parse HEAD");
	tu_git_abbrev(aa2, sizeof(aa2), "HEAD~1");
	tu_git_abbrev(ba2, sizeof(ba2), "HEAD");
	assert_true(strcmp(a, a2) != 0);

	input = dt_xasprintf("%s %s\n%s %s\n", a, a2, b, b2);
	run_post_rewrite(&h, "rebase", input);
	assert_int_equal(h.rc, 0);
	assert_non_null(strstr(h.out, "VM-023"));
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	assert_null(strstr(text, aa));
	assert_null(strstr(text, ba));
	r1 = record_line(aa2, "VM-023: one");
	r2 = record_line(ba2, "VM-023: two");
	assert_non_null(strstr(text, r1));
	assert_non_null(strstr(text, r2));
	assert_true(strstr(text, "## Step 1:") < strstr(text, r1));
	assert_true(strstr(text, r1) < strstr(text, "## Step 2:"));
	assert_true(strstr(text, "## Step 2:") < strstr(text, r2));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 2);
	free(r1);
	free(r2);
	free(text);
	free(input);
}

/* Lines that are not "old new" are ignored with a warning; the others
 * still count. */
static void test_post_rewrite_ignores_garbage(void **state)
{
	char old[DT_HEX_MAX], new[DT_HEX_MAX], new_abbrev[DT_HEX_MAX];
	char *input, *text;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: first try\n");
	tu_git_out(old, sizeof(old), "rev-parse HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	tu_git(NULL, "commit -q --amend -m 'VM-023: second try'");
	tu_git_out(new, sizeof(new), "rev-parse HEAD");
	tu_git_abbrev(new_abbrev, sizeof(new_abbrev), "HEAD");

	input = dt_xasprintf("this is not a rewrite line\n%s %s\n\n1234 5678\n", old, new);
	run_post_rewrite(&h, "amend", input);
	assert_int_equal(h.rc, 0);
	assert_non_null(strstr(h.err, "this is not a rewrite line"));
	assert_non_null(strstr(h.err, "1234 5678"));
	assert_int_equal(tu_count(h.err, "warning"), 2);
	hook_run_dispose(&h);
	text = tu_slurp(DIARY23);
	{
		char *rec = record_line(new_abbrev, "VM-023: second try");
		assert_non_null(strstr(text, rec));
		free(rec);
	}
	free(text);
	free(input);

	/* only garbage: nothing to do, still 0 */
	run_post_rewrite(&h, "rebase", "\x01\x02 garbage\n");
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	/* no input at all */
	run_post_rewrite(&h, "rebase", "");
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
}

/* ---- never failing ---- */

/* No ttmp/: one note, nothing written, exit 0. */
static void test_post_hooks_no_ttmp_one_note(void **state)
{
	char head[DT_HEX_MAX], *input;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: work without a workspace\n");
	tu_git_out(head, sizeof(head), "rev-parse HEAD");
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	assert_non_null(strstr(h.err, "no ticket workspace"));
	assert_int_equal(tu_count(h.err, "\n"), 1);
	hook_run_dispose(&h);
	assert_false(dt_path_exists("ttmp"));

	input = dt_xasprintf("%s %s\n", head, head);
	run_post_rewrite(&h, "amend", input);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	assert_int_equal(tu_count(h.err, "\n"), 1);
	hook_run_dispose(&h);
	free(input);
	assert_false(dt_path_exists("ttmp"));
}

/* Faults are warnings, never a non-zero return: outside any repository,
 * a bad configuration, a diary that cannot be written. */
static void test_post_hooks_never_fail(void **state)
{
	char head[DT_HEX_MAX], *input, *plain;
	hook_run h;

	code_commit("src/app.c", "VM-023: work\n");
	tu_git_out(head, sizeof(head), "rev-parse HEAD");
	input = dt_xasprintf("%s %s\n", head, head);

	/* a configuration with a typo */
	tu_put(NULL, ".diarist.yaml", "diary:\n  filez: ['x']\n");
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	assert_true(h.err_len > 0);
	hook_run_dispose(&h);
	run_post_rewrite(&h, "amend", input);
	assert_int_equal(h.rc, 0);
	hook_run_dispose(&h);
	assert_false(dt_path_exists(DIARY23));
	assert_int_equal(unlink(".diarist.yaml"), 0);

	/* a diary that cannot be parsed (a NUL byte): left alone */
	{
		static const char bad[] = "# Diary\n\0## Step 1: x\n";
		assert_int_equal(dt_mkdir_p(T23 "/reference"), 0);
		assert_int_equal(dt_file_write_atomic(DIARY23, bad, sizeof(bad) - 1, 0644), 0);
		run_post_commit(&h);
		assert_int_equal(h.rc, 0);
		assert_true(h.err_len > 0);
		hook_run_dispose(&h);
		{
			dt_buf b = DT_BUF_INIT;
			assert_int_equal(dt_file_read(&b, DIARY23, DT_FILE_MAX), 0);
			assert_int_equal(b.size, sizeof(bad) - 1);
			assert_memory_equal(b.ptr, bad, b.size);
			dt_buf_dispose(&b);
		}
	}

	/* outside any repository */
	/* in the group's folder (no repository), removed at the end */
	plain = dt_xasprintf("%s/plain", tu_repo_group_home());
	assert_int_equal(dt_mkdir_p(plain), 0);
	assert_int_equal(chdir(plain), 0);
	setenv("GIT_CEILING_DIRECTORIES", plain, 1);
	post_commit_ok(&h);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	run_post_rewrite(&h, "rebase", input);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_int_equal(chdir(*state), 0);
	tu_rm_rf(plain);
	free(plain);
	free(input);
}

/* After runs that stopped early (no workspace, no repository, a bad
 * configuration), the hooks still work in the same process. */
static void test_post_commit_still_works(void **state)
{
	test_post_commit_records_head(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_post_commit_records_head, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_after_amend, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_amend_evidence, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_skips_rebase, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_hooks_wait_for_the_rebase, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_records_cherry_pick, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_rewrite_after_rebase, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_rewrite_ignores_garbage, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_hooks_no_ttmp_one_note, no_ttmp_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_hooks_never_fail, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_still_works, repo_setup,
	                                    tu_repo_teardown),
	};
	return cmocka_run_group_tests(tests, tu_repo_group_setup, tu_repo_group_teardown);
}
