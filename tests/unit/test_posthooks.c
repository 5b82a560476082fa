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

#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARROW "\xE2\x86\x90"
#define EM_DASH "\xE2\x80\x94"
#define T23 "ttmp/2026/02/14/VM-023--improve-docs"
#define DIARY23 T23 "/reference/01-diary.md"

/* ---- helpers ---- */

static char start_dir[PATH_MAX];
static char *home;

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
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
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
	home = make_tmpdir("posthooks-home");
	if (!home)
		return -1;
	for (size_t i = 0; unset_vars[i]; i++)
		unsetenv(unset_vars[i]);
	for (size_t i = 0; set_vars[i][0]; i++)
		setenv(set_vars[i][0], set_vars[i][1], 1);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rm_rf(home);
	free(home);
	return 0;
}

/* Run git with the hooks disabled; it must succeed. */
static void git(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void git(const char *fmt, ...)
{
	dt_buf cmd = DT_BUF_INIT;
	va_list ap;
	int rc;

	dt_buf_puts(&cmd, "git -c init.defaultBranch=main -c core.hooksPath=/dev/null ");
	va_start(ap, fmt);
	dt_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	dt_buf_puts(&cmd, " >/dev/null 2>&1");
	rc = system(cmd.ptr);
	if (rc != 0)
		print_error("failed (%d): %s\n", rc, cmd.ptr);
	assert_int_equal(rc, 0);
	dt_buf_dispose(&cmd);
}

static void git_out(char out[DT_HEX_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void git_out(char out[DT_HEX_MAX], const char *fmt, ...)
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
	if (!fgets(out, DT_HEX_MAX, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	rc = pclose(p);
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

static char *slurp(const char *rel)
{
	dt_buf b = DT_BUF_INIT;
	int rc = dt_file_read(&b, rel, DT_FILE_MAX);
	if (rc)
		print_error("%s: %s\n", rel, dt_error_last());
	assert_int_equal(rc, 0);
	return dt_buf_detach(&b);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

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
	char *dir = make_tmpdir("posthooks");
	if (!dir || chdir(dir) < 0) {
		free(dir);
		return -1;
	}
	*state = dir;
	if (system("git -c init.defaultBranch=main init -q . >/dev/null 2>&1"))
		return -1;
	if (with_ttmp && (dt_mkdir_p(T23) < 0 || dt_file_write_atomic(T23 "/index.md", index23,
	                                                              strlen(index23), 0644) < 0))
		return -1;
	if (dt_mkdir_p("src") < 0 || dt_file_write_atomic("src/app.c", "int app;\n", 9, 0644) < 0)
		return -1;
	return system("git add . && git commit -q -m 'Initial import' >/dev/null 2>&1") ? -1 : 0;
}

static int repo_setup(void **state)
{
	return make_repo(state, 1);
}

static int no_ttmp_setup(void **state)
{
	return make_repo(state, 0);
}

static int repo_teardown(void **state)
{
	int rc = chdir(start_dir);
	rm_rf(*state);
	free(*state);
	return rc;
}

static void code_commit(const char *file, const char *message)
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "int v%d;\n", ++serial);
	put(file, text);
	put(".git/dt-message", message);
	git("add '%s'", file);
	git("commit -q -F .git/dt-message");
}

/* What a hook call printed. */
typedef struct {
	char *out, *err;
	size_t out_len, err_len;
	int rc;
} hook_run;

static void run_post_commit(hook_run *h)
{
	FILE *o, *e;
	memset(h, 0, sizeof(*h));
	o = open_memstream(&h->out, &h->out_len);
	e = open_memstream(&h->err, &h->err_len);
	assert_non_null(o);
	assert_non_null(e);
	h->rc = dt_post_commit(o, e);
	fclose(o);
	fclose(e);
}

static void run_post_rewrite(hook_run *h, const char *kind, const char *input)
{
	FILE *o, *e;
	memset(h, 0, sizeof(*h));
	o = open_memstream(&h->out, &h->out_len);
	e = open_memstream(&h->err, &h->err_len);
	assert_non_null(o);
	assert_non_null(e);
	h->rc = dt_post_rewrite(kind, input, strlen(input), o, e);
	fclose(o);
	fclose(e);
}

static void hook_run_dispose(hook_run *h)
{
	free(h->out);
	free(h->err);
}

static void abbrev_of(char out[DT_HEX_MAX], const char *rev)
{
	git_out(out, "rev-parse --short %s", rev);
	assert_true(strlen(out) >= 7);
}

static void assert_report(const char *out, long step, const char *abbrev)
{
	char *want = dt_xasprintf("diarist: VM-023 step %ld " ARROW " %s (reference/01-diary.md)",
	                          step, abbrev);
	const char *p = strstr(out, want);
	if (!p)
		print_error("no line \"%s\" in:\n%s\n", want, out);
	assert_non_null(p);
	assert_true(p == out || p[-1] == '\n');
	p += strlen(want);
	assert_true(*p == '\n' || (p[0] == ' ' && p[1] == '(' && strchr(p, '\n')));
	free(want);
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
	abbrev_of(abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_report(h.out, 1, abbrev);
	assert_int_equal(count_of(h.out, "\n"), 1);
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = slurp(DIARY23);
	rec = record_line(abbrev, "VM-023: add the widget");
	assert_non_null(strstr(text, rec));
	assert_non_null(strstr(text, "## Step 1: VM-023: add the widget\n"));
	free(rec);
	free(text);

	/* the hook running again (git would not, but a user might) adds
	 * nothing */
	text = slurp(DIARY23);
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	{
		char *again = slurp(DIARY23);
		assert_string_equal(again, text);
		free(again);
	}
	free(text);

	/* the next commit: the next step */
	code_commit("src/other.c", "VM-023: second piece\n");
	abbrev_of(abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
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
	abbrev_of(old_abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	hook_run_dispose(&h);

	put("src/app.c", "int app = 2;\n");
	git("commit -q -a --amend -m 'VM-023: add the widget, properly'");
	abbrev_of(new_abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = slurp(DIARY23);
	assert_null(strstr(text, old_abbrev));
	rec = record_line(new_abbrev, "VM-023: add the widget, properly");
	assert_non_null(strstr(text, rec));
	assert_int_equal(count_of(text, "**Commit (code):**"), 1);
	assert_int_equal(count_of(text, "## Step "), 1);
	/* in step 1 */
	assert_true(strstr(text, "## Step 1:") < strstr(text, rec));
	free(rec);

	/* git then runs post-rewrite with "old new": nothing left to do */
	{
		char old[DT_HEX_MAX], new[DT_HEX_MAX], *input, *after;
		git_out(old, "rev-parse HEAD@{1}");
		git_out(new, "rev-parse HEAD");
		input = dt_xasprintf("%s %s\n", old, new);
		run_post_rewrite(&h, "amend", input);
		assert_int_equal(h.rc, 0);
		assert_string_equal(h.out, "");
		assert_string_equal(h.err, "");
		hook_run_dispose(&h);
		after = slurp(DIARY23);
		assert_string_equal(after, text);
		free(after);
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
	git_out(tree, "rev-parse 'HEAD^{tree}'");
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
	text = slurp(DIARY23);
	assert_int_equal(count_of(text, "**Tests:**"), 1);
	free(text);

	git("commit -q --amend -m 'VM-023: tested, reworded'");
	abbrev_of(abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	hook_run_dispose(&h);
	text = slurp(DIARY23);
	want = dt_xasprintf("**Commit (code):** %s " EM_DASH " \"VM-023: tested, reworded\"\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 9 passed, 0 failed; 2.0 s; commit %s, tree %.7s\n",
	                    abbrev, abbrev, tree);
	assert_non_null(strstr(text, want));
	free(want);
	free(text);

	put("src/app.c", "int app = 99;\n");
	git("commit -q -a --amend -m 'VM-023: tested, then changed'");
	abbrev_of(abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	hook_run_dispose(&h);
	text = slurp(DIARY23);
	{
		char *rec = record_line(abbrev, "VM-023: tested, then changed");
		assert_non_null(strstr(text, rec));
		free(rec);
	}
	assert_null(strstr(text, "**Tests:**"));
	assert_int_equal(count_of(text, "**Commit (code):**"), 1);
	free(text);
}

/* After a rebase git has run post-commit for every pick, with hashes the
 * rebase then rewrites: those are left to post-rewrite. */
static void test_post_commit_skips_rebase(void **state)
{
	char *before, *after;
	hook_run h;

	(void)state;
	code_commit("src/app.c", "VM-023: recorded\n");
	run_post_commit(&h);
	hook_run_dispose(&h);
	before = slurp(DIARY23);

	/* a rebase in progress (the git dir says so) */
	assert_int_equal(mkdir(".git/rebase-merge", 0755), 0);
	code_commit("src/b.c", "VM-023: picked during a rebase\n");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	after = slurp(DIARY23);
	assert_string_equal(after, before);
	free(after);
	assert_int_equal(rmdir(".git/rebase-merge"), 0);

	/* the reflog says "rebase": a real rebase that just finished */
	git("checkout -q -b topic");
	code_commit("src/c.c", "VM-023: on topic\n");
	git("checkout -q main");
	code_commit("README", "Readme\n");
	git("checkout -q topic");
	git("rebase -q main");
	{
		char msg[DT_HEX_MAX];
		git_out(msg, "reflog -1 --format=%%gs HEAD");
		assert_memory_equal(msg, "rebase", 6);
	}
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	after = slurp(DIARY23);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

/* A cherry-pick is a new commit on this branch: recorded. */
static void test_post_commit_records_cherry_pick(void **state)
{
	char abbrev[DT_HEX_MAX];
	hook_run h;

	(void)state;
	git("checkout -q -b other");
	code_commit("src/pick.c", "VM-023: worth picking\n");
	git("checkout -q main");
	git("cherry-pick other");
	abbrev_of(abbrev, "HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
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
	git("checkout -q -b topic");
	code_commit("src/one.c", "VM-023: one\n");
	git_out(a, "rev-parse HEAD");
	abbrev_of(aa, "HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	code_commit("src/two.c", "VM-023: two\n");
	git_out(b, "rev-parse HEAD");
	abbrev_of(ba, "HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	git("checkout -q main");
	code_commit("src/main.c", "Main moves on\n");
	git("checkout -q topic");
	git("rebase -q main");
	git_out(a2, "rev-parse HEAD~1");
	git_out(b2, "rev-parse HEAD");
	abbrev_of(aa2, "HEAD~1");
	abbrev_of(ba2, "HEAD");
	assert_true(strcmp(a, a2) != 0);

	input = dt_xasprintf("%s %s\n%s %s\n", a, a2, b, b2);
	run_post_rewrite(&h, "rebase", input);
	assert_int_equal(h.rc, 0);
	assert_non_null(strstr(h.out, "VM-023"));
	assert_string_equal(h.err, "");
	hook_run_dispose(&h);
	text = slurp(DIARY23);
	assert_null(strstr(text, aa));
	assert_null(strstr(text, ba));
	r1 = record_line(aa2, "VM-023: one");
	r2 = record_line(ba2, "VM-023: two");
	assert_non_null(strstr(text, r1));
	assert_non_null(strstr(text, r2));
	assert_true(strstr(text, "## Step 1:") < strstr(text, r1));
	assert_true(strstr(text, r1) < strstr(text, "## Step 2:"));
	assert_true(strstr(text, "## Step 2:") < strstr(text, r2));
	assert_int_equal(count_of(text, "**Commit (code):**"), 2);
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
	git_out(old, "rev-parse HEAD");
	run_post_commit(&h);
	hook_run_dispose(&h);
	git("commit -q --amend -m 'VM-023: second try'");
	git_out(new, "rev-parse HEAD");
	abbrev_of(new_abbrev, "HEAD");

	input = dt_xasprintf("this is not a rewrite line\n%s %s\n\n1234 5678\n", old, new);
	run_post_rewrite(&h, "amend", input);
	assert_int_equal(h.rc, 0);
	assert_non_null(strstr(h.err, "this is not a rewrite line"));
	assert_non_null(strstr(h.err, "1234 5678"));
	assert_int_equal(count_of(h.err, "warning"), 2);
	hook_run_dispose(&h);
	text = slurp(DIARY23);
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
	git_out(head, "rev-parse HEAD");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	assert_non_null(strstr(h.err, "no ticket workspace"));
	assert_int_equal(count_of(h.err, "\n"), 1);
	hook_run_dispose(&h);
	assert_false(dt_path_exists("ttmp"));

	input = dt_xasprintf("%s %s\n", head, head);
	run_post_rewrite(&h, "amend", input);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	assert_int_equal(count_of(h.err, "\n"), 1);
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
	git_out(head, "rev-parse HEAD");
	input = dt_xasprintf("%s %s\n", head, head);

	/* a configuration with a typo */
	put(".diarist.yaml", "diary:\n  filez: ['x']\n");
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
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
	plain = dt_xasprintf("%s/plain", home);
	assert_int_equal(dt_mkdir_p(plain), 0);
	assert_int_equal(chdir(plain), 0);
	setenv("GIT_CEILING_DIRECTORIES", plain, 1);
	run_post_commit(&h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	run_post_rewrite(&h, "rebase", input);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.out, "");
	hook_run_dispose(&h);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_int_equal(chdir(*state), 0);
	rm_rf(plain);
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
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_after_amend, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_amend_evidence, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_skips_rebase, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_records_cherry_pick, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_rewrite_after_rebase, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_rewrite_ignores_garbage, repo_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_hooks_no_ttmp_one_note, no_ttmp_setup,
	                                    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_hooks_never_fail, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_post_commit_still_works, repo_setup,
	                                    repo_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
