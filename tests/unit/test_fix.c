/* test_fix.c - diarist fix (lib/fix.h, SPEC §6 "fix"): stale hashes,
 * placeholders and unrecorded commits, on throwaway repositories with a
 * ttmp/ workspace; what fix writes is compared with what post-rewrite and
 * post-commit write for the same history. */
#include "unit.h"

#include "common.h"
#include "context.h"
#include "evidence.h"
#include "fileio.h"
#include "fix.h"
#include "history.h"
#include "recorder.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EM_DASH "\xE2\x80\x94"
#define T23 "ttmp/2026/02/14/VM-023--improve-docs"
#define T24 "ttmp/2026/02/15/VM-024--second-ticket"
#define DIARY23 T23 "/reference/01-diary.md"
#define DIARY24 T24 "/reference/01-diary.md"

/* ---- helpers ---- */

static int repo_setup(void **state)
{
	*state = tu_repo_here();
	if (!*state)
		return -1;
	tu_put(NULL, T23 "/index.md", "---\nTitle: Docs\nTicket: VM-023\nStatus: active\n---\n");
	tu_put(NULL, T24 "/index.md", "---\nTitle: Second\nTicket: VM-024\nStatus: active\n---\n");
	tu_put(NULL, "src/app.c", "int app;\n");
	return tu_git_commit_all("Initial import");
}

/* Commit a change to src/ with this message (no hooks); its abbreviation. */
static void code_commit(const char *message, char abbrev[DT_HEX_MAX])
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "int app = %d;\n", ++serial);
	tu_put(NULL, "src/app.c", text);
	tu_put(NULL, ".git/dt-message", message);
	tu_git(NULL, "commit -q -a -F .git/dt-message");
	if (abbrev)
		tu_git_abbrev(abbrev, DT_HEX_MAX, "HEAD");
}

/* A diary for VM-023 whose steps record these commits ("abbrev subject"
 * pairs), committed. */
static void diary_commit(const char *path, const char *text)
{
	tu_put(NULL, path, text);
	tu_git(NULL, "add ttmp");
	tu_git(NULL, "commit -q -m 'VM-023: diary'");
}

/* Rewrite history as git does, with a committer date of its own so that
 * the new commits never come out with the old hashes. */
static void later(const char *git_args)
{
	static int tick;
	char date[64];
	snprintf(date, sizeof(date), "2026-02-15T10:00:%02d+01:00", ++tick);
	setenv("GIT_COMMITTER_DATE", date, 1);
	tu_git(NULL, "%s", git_args);
	setenv("GIT_COMMITTER_DATE", "2026-02-14T10:00:00+01:00", 1);
}

typedef struct {
	int rc;
	dt_fix_result res;
	char *out, *err;
} fix_run;

/* dt_fix_run in the current repository. */
static void run_fix(fix_run *r, int dry_run, const char *range)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	tu_stream out, err;
	dt_fix_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.dry_run = dry_run;
	opts.range = range;
	opts.out = tu_stream_open(&out);
	opts.err = tu_stream_open(&err);
	assert_int_equal(dt_context_open(&ctx), 0);
	assert_int_equal(dt_context_scan(&ctx), 0);
	assert_int_equal(dt_repo_open(&repo), 0);
	r->rc = dt_fix_run(&r->res, &ctx, repo, &opts);
	r->out = tu_stream_close(&out);
	r->err = tu_stream_close(&err);
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
}

static void run_dispose(fix_run *r)
{
	free(r->out);
	free(r->err);
}

static void assert_file(const char *path, const char *want)
{
	char *got = tu_slurp(path);
	if (strcmp(got, want))
		print_error("%s:\n%s\nwanted:\n%s\n", path, got, want);
	assert_string_equal(got, want);
	free(got);
}

static const char diary_head[] = "---\nTitle: Diary\nTicket: VM-023\n---\n\n# Diary\n\n";

/* A diary of two steps recording a and b (with their subjects). */
static char *two_steps(const char *a, const char *sa, const char *b, const char *sb)
{
	return dt_xasprintf("%s## Step 1: One\n\nProse one.\n\n**Commit (code):** %s " EM_DASH
	                    " \"%s\"\n\n### What I did\n\nThings.\n\n"
	                    "## Step 2: Two\n\n**Commit (code):** `%s` " EM_DASH " \"%s\"\n",
	                    diary_head, a, sa, b, sb);
}

static void save_evidence(const char *rev)
{
	dt_repo *repo = NULL;
	dt_commit c;
	dt_evidence ev;
	dt_buf dir = DT_BUF_INIT;

	assert_int_equal(dt_repo_open(&repo), 0);
	assert_int_equal(dt_repo_commit(&c, repo, rev), 0);
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	ev.seconds = 2.5;
	ev.counted = 1;
	ev.passed = 7;
	ev.format = dt_xstrdup("plain");
	snprintf(ev.tree, sizeof(ev.tree), "%s", c.tree);
	dt_evidence_dir(&dir, dt_repo_commondir(repo));
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	dt_evidence_dispose(&ev);
	dt_commit_dispose(&c);
	dt_buf_dispose(&dir);
	dt_repo_free(repo);
}

/* ---- stale hashes ---- */

/* Nothing recorded wrongly, nothing unrecorded: nothing said, nothing done. */
static void test_fix_nothing(void **state)
{
	char a[DT_HEX_MAX];
	char *text;
	fix_run r;

	(void)state;
	code_commit("VM-023: one\n", a);
	text = dt_xasprintf("%s## Step 1: One\n\n**Commit (code):** %s\n", diary_head, a);
	diary_commit(DIARY23, text);
	run_fix(&r, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 0);
	assert_int_equal(r.res.left, 0);
	assert_string_equal(r.out, "");
	assert_file(DIARY23, text);
	run_dispose(&r);
	free(text);
}

/* A rebase without post-rewrite: both records move to the new commits;
 * the second run finds nothing. The backticks around a hash stay. */
static void test_fix_stale_after_rebase(void **state)
{
	char a[DT_HEX_MAX], b[DT_HEX_MAX], a2[DT_HEX_MAX], b2[DT_HEX_MAX];
	char *text, *want, *line;
	fix_run r;

	(void)state;
	code_commit("VM-023: one\n", a);
	code_commit("VM-023: two\n", b);
	text = two_steps(a, "VM-023: one", b, "VM-023: two");
	diary_commit(DIARY23, text);
	later("rebase -q -f HEAD~3");
	tu_git_abbrev(a2, sizeof(a2), "HEAD~2");
	tu_git_abbrev(b2, sizeof(b2), "HEAD~1");
	assert_string_not_equal(a, a2);

	run_fix(&r, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 2);
	assert_int_equal(r.res.diaries, 1);
	want = two_steps(a2, "VM-023: one", b2, "VM-023: two");
	assert_file(DIARY23, want);
	line = dt_xasprintf(DIARY23 ":12: %s was rebased as %s (same patch-id)\n" DIARY23
	                            ":12: - **Commit (code):** %s " EM_DASH
	                            " \"VM-023: one\"\n" DIARY23
	                            ":12: + **Commit (code):** %s " EM_DASH " \"VM-023: one\"\n",
	                    a, a2, a, a2);
	tu_assert_starts_with(r.out, line);
	tu_assert_contains(r.out, "was rebased as");
	assert_int_equal(tu_count(r.out, "\n"), 6);
	run_dispose(&r);

	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 0);
	assert_string_equal(r.out, "");
	assert_file(DIARY23, want);
	run_dispose(&r);
	free(text);
	free(want);
	free(line);
}

/* --dry-run says the same and changes no byte. */
static void test_fix_dry_run(void **state)
{
	char a[DT_HEX_MAX], b[DT_HEX_MAX];
	char *text, *dry;
	fix_run r;

	(void)state;
	code_commit("VM-023: one\n", a);
	code_commit("VM-023: two\n", b);
	text = two_steps(a, "VM-023: one", b, "VM-023: two");
	diary_commit(DIARY23, text);
	later("rebase -q -f HEAD~3");
	code_commit("VM-024: unrecorded\n", NULL);

	run_fix(&r, 1, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 3);
	assert_int_equal(r.res.diaries, 2);
	assert_file(DIARY23, text);
	assert_false(dt_path_exists(DIARY24));
	dry = r.out;
	r.out = NULL;
	run_dispose(&r);

	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 3);
	assert_string_equal(r.out, dry);
	assert_true(dt_path_exists(DIARY24));
	run_dispose(&r);
	free(dry);
	free(text);
}

/* What fix writes for a stale hash is what post-rewrite writes: the same
 * bytes, Tests line refreshed from the evidence of the (unchanged) tree. */
static void test_fix_matches_post_rewrite(void **state)
{
	char a[DT_HEX_MAX], full_a[DT_HEX_MAX], full_a2[DT_HEX_MAX];
	char *text, *stale, *by_fix, *by_recorder;
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	dt_rewrite map;
	int changed = 0;
	fix_run r;
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	code_commit("VM-023: tested\n", a);
	tu_git_out(full_a, sizeof(full_a), "rev-parse HEAD");
	save_evidence("HEAD");
	text = dt_xasprintf("%s## Step 1: One\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: old words\"\n**Tests:** `make test` " EM_DASH
	                    " exit 0; 7 passed, 0 failed; 2.5 s; commit %s, tree 0000000\n\nEnd.\n",
	                    diary_head, a, a);
	diary_commit(DIARY23, text);
	later("rebase -q -f HEAD~2");
	tu_git_out(full_a2, sizeof(full_a2), "rev-parse HEAD~1");
	stale = tu_slurp(DIARY23);

	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 1);
	by_fix = tu_slurp(DIARY23);
	run_dispose(&r);

	tu_put(NULL, DIARY23, stale);
	assert_int_equal(dt_context_open(&ctx), 0);
	assert_int_equal(dt_context_scan(&ctx), 0);
	assert_int_equal(dt_repo_open(&repo), 0);
	dt_recorder_init(&rc, &ctx, repo, null, null);
	snprintf(map.old_hex, sizeof(map.old_hex), "%s", full_a);
	snprintf(map.new_hex, sizeof(map.new_hex), "%s", full_a2);
	assert_int_equal(dt_recorder_rewrite(&rc, &map, 1, &changed), 0);
	by_recorder = tu_slurp(DIARY23);
	assert_string_equal(by_fix, by_recorder);
	tu_assert_contains(by_fix, "\"VM-023: tested\"\n**Tests:** `make test`");
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	fclose(null);
	free(text);
	free(stale);
	free(by_fix);
	free(by_recorder);
}

/* A record in a list keeps its list marker, and so does its Tests line. */
static void test_fix_keeps_list_marker(void **state)
{
	char a[DT_HEX_MAX], a2[DT_HEX_MAX];
	char *text, *want;
	fix_run r;

	(void)state;
	code_commit("VM-023: tested\n", a);
	save_evidence("HEAD");
	text = dt_xasprintf("%s## Step 1: One\n\n  - **Commit (code):** %s " EM_DASH
	                    " \"VM-023: tested\"\n  - **Tests:** `make test` " EM_DASH
	                    " exit 0; 7 passed, 0 failed; 2.5 s; commit %s, tree 0000000\n",
	                    diary_head, a, a);
	diary_commit(DIARY23, text);
	later("rebase -q -f HEAD~2");
	tu_git_abbrev(a2, sizeof(a2), "HEAD~1");
	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 1);
	free(text);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf("\"VM-023: tested\"\n  - **Tests:** `make test` " EM_DASH
	                    " exit 0; 7 passed, 0 failed; 2.5 s; commit %s, tree ",
	                    a2);
	tu_assert_contains(text, want);
	run_dispose(&r);
	free(text);
	free(want);
}

/* No patch is the same (the content changed), but the author date and
 * the subject are: that is the rebased commit. */
static void test_fix_author_date_and_subject(void **state)
{
	char a[DT_HEX_MAX], a2[DT_HEX_MAX];
	char *text;
	fix_run r;

	(void)state;
	code_commit("VM-023: reworked\n", a);
	text = dt_xasprintf("%s## Step 1: One\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: reworked\"\n",
	                    diary_head, a);
	tu_put(NULL, DIARY23, text);
	tu_put(NULL, "src/app.c", "int app = 42; /* reworked */\n");
	tu_git(NULL, "add -A");
	later("commit -q --amend --no-edit");
	tu_git_abbrev(a2, sizeof(a2), "HEAD");
	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 1);
	tu_assert_contains(r.out, "(same author date and subject)");
	free(text);
	text = tu_slurp(DIARY23);
	tu_assert_contains(text, a2);
	run_dispose(&r);
	free(text);
}

/* The rebased commit is recorded already (by hand): the stale record goes. */
static void test_fix_new_recorded_already(void **state)
{
	char a[DT_HEX_MAX], a2[DT_HEX_MAX];
	char *text, *want;
	fix_run r;

	(void)state;
	code_commit("VM-023: one\n", a);
	later("commit -q --amend -m 'VM-023: one, amended'");
	tu_git_abbrev(a2, sizeof(a2), "HEAD");
	text = dt_xasprintf("%s## Step 1: One\n\nProse.\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: one\"\n\nMore prose.\n\n## Step 2: Again\n\n"
	                    "**Commit (code):** %s\n",
	                    diary_head, a, a2);
	tu_put(NULL, DIARY23, text);
	run_fix(&r, 0, NULL);
	assert_int_equal(r.res.changes, 1);
	tu_assert_contains(r.out, "which this diary records already: its record goes");
	want = dt_xasprintf("%s## Step 1: One\n\nProse.\n\nMore prose.\n\n## Step 2: Again\n\n"
	                    "**Commit (code):** %s\n",
	                    diary_head, a2);
	assert_file(DIARY23, want);
	run_dispose(&r);
	free(text);
	free(want);
}

/* Hashes that are no commit are reported and left; so is a stale commit
 * with no rebased version; another repository's hash is not looked at. */
static void test_fix_reports_what_it_leaves(void **state)
{
	char a[DT_HEX_MAX], blob[DT_HEX_MAX];
	char *text;
	fix_run r;

	(void)state;
	code_commit("VM-023: one\n", a);
	tu_git_out(blob, sizeof(blob), "rev-parse HEAD:src/app.c");
	tu_git(NULL, "checkout -q -b side HEAD~1");
	code_commit("VM-023: on a side branch\n", a);
	tu_git(NULL, "checkout -q main");
	text = dt_xasprintf("%s## Step 1: One\n\n**Commit (code):** deadbee " EM_DASH
	                    " \"gone\"\n**Commit (code):** %.10s\n**Commit (code):** %s\n"
	                    "**Commit (code):** abcdef1 (other repo) " EM_DASH " \"theirs\"\n",
	                    diary_head, blob, a);
	tu_put(NULL, DIARY23, text);
	run_fix(&r, 0, "HEAD..HEAD");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 0);
	assert_int_equal(r.res.left, 3);
	tu_assert_contains(r.out, DIARY23 ":10: warning: deadbee is no commit in this repository; "
	                                  "left as is\n");
	tu_assert_contains(r.out, ":11: warning: ");
	tu_assert_contains(r.out, ":12: warning: ");
	tu_assert_contains(r.out, " is not an ancestor of HEAD, and no commit of HEAD is its "
	                          "rebased version; left as is\n");
	tu_assert_lacks(r.out, "abcdef1");
	assert_file(DIARY23, text);
	run_dispose(&r);
	free(text);
}

/* ---- placeholders ---- */

static void test_fix_placeholders(void **state)
{
	char q[DT_HEX_MAX], t[DT_HEX_MAX];
	char *text, *want;
	fix_run r;

	(void)state;
	text = dt_xasprintf("%s## Step 1: Trailer\n\n**Commit (code):** pending\n\n"
	                    "## Step 2: Quoted\n\n  - **Commit (code):** TODO " EM_DASH
	                    " \"VM-023: the quoted one\"\n\n## Step 3: Twice\n\n"
	                    "**Commit (code):** TBD " EM_DASH " \"VM-023: twice\"\n\n"
	                    "## Step 4: Last\n\n**Commit (code):**\n",
	                    diary_head);
	diary_commit(DIARY23, text);
	code_commit("VM-023: the quoted one\n", q);
	code_commit("VM-023: by trailer\n\nDiary-Step: 1\n", t);
	code_commit("VM-023: twice\n", NULL);
	code_commit("VM-023: twice\n", NULL);
	run_fix(&r, 0, "HEAD..HEAD");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 2);
	assert_int_equal(r.res.left, 1);
	tu_assert_contains(r.out, "fills the placeholder of step 1 (its Diary-Step trailer)");
	tu_assert_contains(r.out, "fills the placeholder of step 2 (the subject quoted there)");
	tu_assert_contains(r.out, ":18: warning: cannot tell which commit fills the placeholder "
	                          "of step 3: 2 could");
	want = dt_xasprintf(
	    "%s## Step 1: Trailer\n\n**Commit (code):** %s " EM_DASH
	    " \"VM-023: by trailer\"\n\n## Step 2: Quoted\n\n  - **Commit (code):** %s " EM_DASH
	    " \"VM-023: the quoted one\"\n\n## Step 3: Twice\n\n"
	    "**Commit (code):** TBD " EM_DASH " \"VM-023: twice\"\n\n"
	    "## Step 4: Last\n\n**Commit (code):**\n",
	    diary_head, t, q);
	assert_file(DIARY23, want);
	run_dispose(&r);
	free(text);
	free(want);
}

/* ---- unrecorded commits ---- */

/* fix records as post-commit would: the same bytes as dt_recorder_commit
 * for each commit, oldest first (Tests line, new diary, new steps). */
static void test_fix_matches_post_commit(void **state)
{
	char *by_fix23, *by_fix24;
	const char *revs[] = {"HEAD~3", "HEAD~2", "HEAD~1", "HEAD", NULL};
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	fix_run r;
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	code_commit("VM-023: tested\n", NULL);
	save_evidence("HEAD");
	code_commit("VM-024: second ticket\n", NULL);
	code_commit("fixup! VM-023: tested\n", NULL);
	tu_put(NULL, T23 "/notes.md", "notes\n");
	tu_git(NULL, "add -A");
	tu_git(NULL, "commit -q -m 'VM-023: notes only (bookkeeping)'");

	run_fix(&r, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 2);
	by_fix23 = tu_slurp(DIARY23);
	by_fix24 = tu_slurp(DIARY24);
	tu_assert_contains(by_fix23, "**Tests:** `make test`");
	run_dispose(&r);

	assert_int_equal(unlink(DIARY23), 0);
	assert_int_equal(unlink(DIARY24), 0);
	assert_int_equal(dt_context_open(&ctx), 0);
	assert_int_equal(dt_context_scan(&ctx), 0);
	assert_int_equal(dt_repo_open(&repo), 0);
	dt_recorder_init(&rc, &ctx, repo, null, null);
	for (const char **rev = revs; *rev; rev++) {
		int n;
		assert_int_equal(dt_recorder_commit(&rc, *rev, &n), 0);
	}
	assert_file(DIARY23, by_fix23);
	assert_file(DIARY24, by_fix24);
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	fclose(null);
	free(by_fix23);
	free(by_fix24);
}

/* since: older commits are not touched. */
static void test_fix_since(void **state)
{
	char a[DT_HEX_MAX], full[DT_HEX_MAX];
	char *config;
	fix_run r;

	(void)state;
	code_commit("VM-023: old\n", NULL);
	code_commit("VM-023: new\n", a);
	tu_git_out(full, sizeof(full), "rev-parse HEAD");
	tu_put(NULL, ".diarist.yaml", "since: 2030-01-01\n");
	run_fix(&r, 1, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.changes, 0);
	run_dispose(&r);

	config = dt_xasprintf("since: %s\n", full);
	tu_put(NULL, ".diarist.yaml", config);
	free(config);
	run_fix(&r, 1, NULL);
	assert_int_equal(r.res.changes, 1);
	tu_assert_contains(r.out, a);
	tu_assert_lacks(r.out, "VM-023: old");
	run_dispose(&r);

	tu_put(NULL, ".diarist.yaml", "since: 0123abc\n");
	run_fix(&r, 1, NULL);
	assert_int_equal(r.rc, DT_ECONFIG);
	run_dispose(&r);
}

/* A diary that cannot be read is reported and left; the others are fixed. */
static void test_fix_bad_diary(void **state)
{
	fix_run r;
	(void)state;
	tu_mkdirs(".", T24 "/reference");
	{
		FILE *f = fopen(DIARY24, "wb");
		assert_non_null(f);
		fwrite("# Diary\n\0\n", 1, 10, f);
		fclose(f);
	}
	code_commit("VM-023: one\n", NULL);
	code_commit("VM-024: two\n", NULL);
	run_fix(&r, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.failed, 1);
	assert_int_equal(r.res.changes, 1);
	tu_assert_contains(r.err, "diarist: error: " DIARY24);
	assert_true(dt_path_exists(DIARY23));
	run_dispose(&r);
}

static void test_fix_bad_range(void **state)
{
	fix_run r;
	(void)state;
	run_fix(&r, 0, "nosuch..HEAD");
	assert_int_equal(r.rc, DT_EUSAGE);
	run_dispose(&r);
	run_fix(&r, 0, "--all");
	assert_int_equal(r.rc, DT_EUSAGE);
	run_dispose(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fix_nothing, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_stale_after_rebase, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_dry_run, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_matches_post_rewrite, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_keeps_list_marker, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_author_date_and_subject, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_new_recorded_already, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_reports_what_it_leaves, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_placeholders, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_matches_post_commit, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_since, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_bad_diary, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_fix_bad_range, repo_setup, tu_repo_teardown),
	};
	return cmocka_run_group_tests(tests, tu_repo_group_setup, tu_repo_group_teardown);
}
