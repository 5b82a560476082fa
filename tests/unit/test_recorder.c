/* test_recorder.c - writing commits into diaries (lib/recorder.h, SPEC
 * §4.1-4.3, §4.5), on throwaway repositories with a ttmp/ workspace. */
#include "unit.h"

#include "common.h"
#include "context.h"
#include "evidence.h"
#include "fileio.h"
#include "frontmatter.h"
#include "history.h"
#include "recorder.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EM_DASH "\xE2\x80\x94"
#define T23 "ttmp/2026/02/14/VM-023--improve-docs"
#define T24 "ttmp/2026/02/15/VM-024--second-ticket"
#define DIARY23 T23 "/reference/01-diary.md"
#define DIARY24 T24 "/reference/01-diary.md"

/* ---- helpers ---- */

static const char index23[] = "---\n"
                              "Title: Improve the docs\n"
                              "Ticket: VM-023\n"
                              "Status: active\n"
                              "Topics:\n"
                              "    - frontend\n"
                              "    - architecture\n"
                              "DocType: index\n"
                              "Intent: long-term\n"
                              "Owners: []\n"
                              "RelatedFiles: []\n"
                              "ExternalSources: []\n"
                              "Summary: The docs ticket.\n"
                              "LastUpdated: 2026-02-14T09:00:00-05:00\n"
                              "---\n\n# Improve the docs\n";

static const char index24[] = "---\n"
                              "Title: A second ticket\n"
                              "Ticket: VM-024\n"
                              "Status: active\n"
                              "Topics: [backend]\n"
                              "DocType: index\n"
                              "---\n\n# A second ticket\n";

/* A repository with two tickets and some code, committed, as the current
 * folder; state holds its path. */
static int repo_setup(void **state)
{
	*state = tu_repo_here();
	if (!*state)
		return -1;
	if (dt_mkdir_p(T23) < 0 || dt_mkdir_p(T24) < 0 || dt_mkdir_p("src") < 0 ||
	    dt_file_write_atomic(T23 "/index.md", index23, strlen(index23), 0644) < 0 ||
	    dt_file_write_atomic(T23 "/tasks.md", "# Tasks\n\n- [ ] Write it\n", 24, 0644) < 0 ||
	    dt_file_write_atomic(T24 "/index.md", index24, strlen(index24), 0644) < 0 ||
	    dt_file_write_atomic("src/app.c", "int app;\n", 9, 0644) < 0)
		return -1;
	return tu_git_commit_all("Initial import");
}

/* Commit a change to src/ (and whatever is staged) with this message. */
static void code_commit(const char *message)
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "int app = %d;\n", ++serial);
	tu_put(NULL, "src/app.c", text);
	tu_put(NULL, ".git/dt-message", message);
	tu_git(NULL, "commit -q -a -F .git/dt-message");
}

typedef struct {
	dt_context ctx;
	dt_repo *repo;
	dt_recorder rc;
	char *out, *err;
	size_t out_len, err_len;
	FILE *out_f, *err_f;
} fixture;

static void rec_open(fixture *f)
{
	int rc;
	memset(f, 0, sizeof(*f));
	rc = dt_context_open(&f->ctx);
	if (rc)
		print_error("dt_context_open: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(dt_context_scan(&f->ctx), 0);
	rc = dt_repo_open(&f->repo);
	if (rc)
		print_error("dt_repo_open: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	f->out_f = open_memstream(&f->out, &f->out_len);
	f->err_f = open_memstream(&f->err, &f->err_len);
	assert_non_null(f->out_f);
	assert_non_null(f->err_f);
	f->rc.ctx = &f->ctx;
	f->rc.repo = f->repo;
	f->rc.out = f->out_f;
	f->rc.err = f->err_f;
	f->rc.force_step = -1;
	f->rc.verbose = 0;
}

/* Flush the streams so that f->out and f->err can be read. */
static void rec_flush(fixture *f)
{
	fflush(f->out_f);
	fflush(f->err_f);
}

/* Forget what was written so far. */
static void rec_reset_output(fixture *f)
{
	rec_flush(f);
	fclose(f->out_f);
	fclose(f->err_f);
	free(f->out);
	free(f->err);
	f->out = f->err = NULL;
	f->out_f = open_memstream(&f->out, &f->out_len);
	f->err_f = open_memstream(&f->err, &f->err_len);
	f->rc.out = f->out_f;
	f->rc.err = f->err_f;
}

static void rec_close(fixture *f)
{
	fclose(f->out_f);
	fclose(f->err_f);
	free(f->out);
	free(f->err);
	dt_repo_free(f->repo);
	dt_context_dispose(&f->ctx);
}

/* Record `rev`; returns how many diaries changed. */
static int record(fixture *f, const char *rev)
{
	int recorded = -1, rc;
	rc = dt_recorder_commit(&f->rc, rev, &recorded);
	rec_flush(f);
	if (rc)
		print_error("dt_recorder_commit %s: %s\n", rev, dt_error_last());
	assert_int_equal(rc, 0);
	return recorded;
}

/* Record HEAD with a recorder of its own; it must change one diary. */
static void record_head(void)
{
	fixture f;
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	rec_close(&f);
}

static void assert_lines(const char *text, size_t n)
{
	size_t got = tu_count(text, "\n");
	if (got != n)
		print_error("expected %zu lines, got:\n%s\n", n, text);
	assert_int_equal(got, n);
}

/* ---- recording a commit ---- */

static const char *const docmgr_keys[] = {
    "Title",        "Ticket",          "Status",  "Topics",      "DocType", "Intent",    "Owners",
    "RelatedFiles", "ExternalSources", "Summary", "LastUpdated", "WhatFor", "WhenToUse", NULL,
};

static const char *const step_sections[] = {
    "### What I did",
    "### Why",
    "### What worked",
    "### What didn't work",
    "### What I learned",
    "### What was tricky to build",
    "### What warrants a second pair of eyes",
    "### What should be done in the future",
    "### Code review instructions",
    NULL,
};

static void test_recorder_new_diary(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *text, *again, *record_line;
	fixture f;

	(void)state;
	code_commit("VM-023: add the widget\n\nIt was missing.\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	assert_false(dt_path_exists(DIARY23));
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 1, abbrev, "reference/01-diary.md");
	assert_lines(f.out, 1);
	assert_string_equal(f.err, "");

	text = tu_slurp(DIARY23);
	/* the frontmatter: 13 keys in docmgr's order, Topics from index.md */
	{
		char *fm_end = strstr(text + 4, "\n---\n");
		char *p = text + 4;
		size_t k = 0;
		assert_memory_equal(text, "---\n", 4);
		assert_non_null(fm_end);
		while (p < fm_end) {
			char *nl = strchr(p, '\n');
			if (*p != ' ') {
				size_t klen = strcspn(p, ":");
				assert_non_null(docmgr_keys[k]);
				if (strlen(docmgr_keys[k]) != klen ||
				    strncmp(p, docmgr_keys[k], klen))
					print_error("key %zu: expected %s, got %.*s\n", k,
					            docmgr_keys[k], (int)klen, p);
				assert_int_equal(strlen(docmgr_keys[k]), klen);
				assert_memory_equal(p, docmgr_keys[k], klen);
				k++;
			}
			p = nl + 1;
		}
		assert_null(docmgr_keys[k]);
	}
	assert_non_null(strstr(text, "\nTitle: Diary\n"));
	assert_non_null(strstr(text, "\nTicket: VM-023\n"));
	assert_non_null(strstr(text, "\nDocType: reference\n"));
	assert_non_null(strstr(text, "\nTopics:\n    - frontend\n    - architecture\nDocType:"));
	assert_non_null(strstr(text, "\nLastUpdated: 2026-02-14T10:00:00+01:00\n"));
	{
		dt_ynode *fm = NULL;
		assert_int_equal(dt_frontmatter_parse(&fm, text, strlen(text), DIARY23), 0);
		assert_string_equal(dt_frontmatter_str(fm, "Ticket"), "VM-023");
		dt_ynode_free(fm);
	}
	/* the body: # Diary, ## Goal, then the step with its record */
	{
		const char *diary = strstr(text, "\n---\n\n# Diary\n");
		const char *goal = strstr(text, "\n## Goal\n");
		const char *step = strstr(text, "\n## Step 1: VM-023: add the widget\n\n");
		const char *prev;
		assert_non_null(diary);
		assert_non_null(goal);
		assert_non_null(step);
		assert_true(diary < goal && goal < step);
		record_line =
		    dt_xasprintf("\n## Step 1: VM-023: add the widget\n\n"
		                 "**Commit (code):** %s " EM_DASH " \"VM-023: add the widget\"\n",
		                 abbrev);
		assert_non_null(strstr(text, record_line));
		free(record_line);
		prev = step;
		for (size_t i = 0; step_sections[i]; i++) {
			char *h = dt_xasprintf("\n%s\n", step_sections[i]);
			const char *at = strstr(prev, h);
			if (!at)
				print_error("no section '%s' after the step\n", step_sections[i]);
			assert_non_null(at);
			prev = at + 1;
			free(h);
		}
	}
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);

	/* recording again changes nothing and says nothing */
	rec_reset_output(&f);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_string_equal(f.out, "");
	again = tu_slurp(DIARY23);
	assert_string_equal(again, text);
	/* and the other ticket got nothing */
	assert_false(dt_path_exists(DIARY24));
	free(again);
	free(text);
	rec_close(&f);
}

/* A second commit goes to a new step; the first one's record stays. */
static void test_recorder_second_commit_new_step(void **state)
{
	char a1[DT_HEX_MAX], a2[DT_HEX_MAX];
	char *text, *want;
	fixture f;

	(void)state;
	code_commit("VM-023: first\n");
	tu_git_abbrev(a1, sizeof(a1), "HEAD");
	record_head();
	code_commit("VM-023: second\n");
	tu_git_abbrev(a2, sizeof(a2), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 2, a2, "reference/01-diary.md");
	text = tu_slurp(DIARY23);
	want = dt_xasprintf("\n## Step 2: VM-023: second\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: second\"\n",
	                    a2);
	assert_non_null(strstr(text, want));
	assert_true(strstr(text, "## Step 1: VM-023: first") < strstr(text, want));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 2);
	assert_int_equal(tu_count(text, a1), 1);
	free(want);
	free(text);
	rec_close(&f);
}

static const char hand_diary[] = "---\n"
                                 "Title: Diary\n"
                                 "Ticket: VM-023\n"
                                 "---\n"
                                 "\n"
                                 "# Diary\n"
                                 "\n"
                                 "## Step 1: First\n"
                                 "\n"
                                 "Did the first thing.\n"
                                 "\n"
                                 "**Commit (code):** 1111111 " EM_DASH " \"VM-023: first\"\n"
                                 "\n"
                                 "### What I did\n"
                                 "\n"
                                 "Stuff.\n"
                                 "\n"
                                 "## Step 2: Second\n"
                                 "\n"
                                 "Did the second thing.\n"
                                 "\n"
                                 "**Commit (code):** 2222222 " EM_DASH " \"VM-023: second\"\n"
                                 "\n"
                                 "### What I did\n"
                                 "\n"
                                 "More.\n"
                                 "\n"
                                 "## Step 3: Third\n"
                                 "\n"
                                 "**Commit (code):** 3333333 " EM_DASH " \"VM-023: third\"\n";

/* A Diary-Step: 2 trailer sends the record to step 2, after its prose
 * and before its first ### heading; every other byte stays. */
static void test_recorder_diary_step_trailer(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *text, *want;
	const char *split = "**Commit (code):** 2222222 " EM_DASH " \"VM-023: second\"\n";
	size_t head;
	fixture f;

	(void)state;
	tu_put(NULL, DIARY23, hand_diary);
	code_commit("VM-023: follow-up for step two\n\nDetails.\n\nDiary-Step: 2\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 2, abbrev, "reference/01-diary.md");
	text = tu_slurp(DIARY23);
	head = (size_t)(strstr(hand_diary, split) - hand_diary) + strlen(split);
	want = dt_xasprintf("%.*s\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: follow-up for step two\"\n%s",
	                    (int)head, hand_diary, abbrev, hand_diary + head);
	assert_string_equal(text, want);
	free(want);
	free(text);
	rec_close(&f);
}

/* Without a trailer, a diary whose last step has a record gets a new
 * step at the end; the text before it is unchanged. */
static void test_recorder_appends_step_to_hand_diary(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *text, *want;
	fixture f;

	(void)state;
	tu_put(NULL, DIARY23, hand_diary);
	code_commit("VM-023: fourth thing\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 4, abbrev, "reference/01-diary.md");
	text = tu_slurp(DIARY23);
	assert_memory_equal(text, hand_diary, strlen(hand_diary));
	want = dt_xasprintf("\n## Step 4: VM-023: fourth thing\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: fourth thing\"\n",
	                    abbrev);
	assert_non_null(strstr(text + strlen(hand_diary), want));
	free(want);
	free(text);
	rec_close(&f);
}

/* ---- what is not recorded ---- */

static void test_recorder_bookkeeping_not_recorded(void **state)
{
	char *before, *after;
	dt_commit c;
	fixture f;

	(void)state;
	code_commit("VM-023: real work\n");
	record_head();

	/* the diary and tasks committed: a bookkeeping commit */
	tu_put(NULL, T23 "/tasks.md", "# Tasks\n\n- [x] Write it\n");
	tu_git(NULL, "add ttmp");
	tu_git(NULL, "commit -q -m 'VM-023: Diary: record step 1'");
	before = tu_slurp(DIARY23);
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	assert_int_equal(dt_recorder_bookkeeping(&f.rc, &c), 1);
	dt_commit_dispose(&c);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD~1"), 0);
	assert_int_equal(dt_recorder_bookkeeping(&f.rc, &c), 0);
	dt_commit_dispose(&c);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_string_equal(f.out, "");
	after = tu_slurp(DIARY23);
	assert_string_equal(after, before);
	free(after);

	/* verbose (diarist record) says why */
	f.rc.verbose = 1;
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_non_null(strstr(f.out, "bookkeeping"));
	rec_close(&f);

	/* a commit changing ticket files and code is recorded */
	tu_put(NULL, T23 "/tasks.md", "# Tasks\n\n- [x] Write it\n- [ ] More\n");
	code_commit("VM-023: code and tasks\n");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	assert_int_equal(dt_recorder_bookkeeping(&f.rc, &c), 0);
	dt_commit_dispose(&c);
	assert_int_equal(record(&f, "HEAD"), 1);
	rec_close(&f);
	free(before);
}

/* diary.bookkeeping globs add to the docs root. */
static void test_recorder_bookkeeping_globs(void **state)
{
	dt_commit c;
	fixture f;

	(void)state;
	tu_put(NULL, ".diarist.yaml", "diary:\n  bookkeeping: ['docs/**', '*.log']\n");
	tu_git(NULL, "add .diarist.yaml");
	tu_git(NULL, "commit -q -m 'Configure diarist'");
	tu_put(NULL, "docs/guide/intro.md", "# Intro\n");
	tu_put(NULL, "build.log", "ok\n");
	tu_git(NULL, "add docs build.log");
	tu_git(NULL, "commit -q -m 'VM-023: docs only'");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	assert_int_equal(dt_recorder_bookkeeping(&f.rc, &c), 1);
	dt_commit_dispose(&c);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_false(dt_path_exists(DIARY23));
	rec_close(&f);
}

static void test_recorder_merge_and_fixup_not_recorded(void **state)
{
	fixture f;

	(void)state;
	tu_git(NULL, "checkout -q -b side");
	tu_put(NULL, "src/side.c", "int side;\n");
	tu_git(NULL, "add src/side.c");
	tu_git(NULL, "commit -q -m 'VM-024: side work'");
	tu_git(NULL, "checkout -q main");
	code_commit("VM-024: main work\n");
	tu_git(NULL, "merge -q --no-ff -m 'VM-023: merge side' side");
	rec_open(&f);
	f.rc.verbose = 1;
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_non_null(strstr(f.out, "merge"));
	assert_false(dt_path_exists(DIARY23));
	rec_close(&f);

	code_commit("fixup! VM-023: add the widget\n");
	rec_open(&f);
	f.rc.verbose = 1;
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_non_null(strstr(f.out, "fixup"));
	assert_false(dt_path_exists(DIARY23));
	rec_close(&f);

	code_commit("squash! VM-023: add the widget\n\nMore.\n");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_string_equal(f.out, "");
	assert_false(dt_path_exists(DIARY23));
	rec_close(&f);

	/* a commit naming no ticket */
	code_commit("Tidy up\n");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_false(dt_path_exists(DIARY23));
	assert_false(dt_path_exists(DIARY24));
	rec_close(&f);
}

/* A revert names the ticket of what it reverts: recorded (SPEC §4.1). */
static void test_recorder_revert_recorded(void **state)
{
	char abbrev[DT_HEX_MAX];
	fixture f;

	(void)state;
	code_commit("VM-023: risky change\n");
	tu_git(NULL, "revert --no-edit HEAD");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 1, abbrev, "reference/01-diary.md");
	rec_close(&f);
}

/* ---- test evidence ---- */

static void save_evidence(fixture *f, const char *tree, int dirty)
{
	dt_buf dir = DT_BUF_INIT;
	dt_evidence ev;
	memset(&ev, 0, sizeof(ev));
	ev.command = dt_xstrdup("make test");
	ev.exit_code = 0;
	ev.seconds = 3.1;
	ev.counted = 1;
	ev.passed = 42;
	ev.failed = 0;
	ev.format = dt_xstrdup("plain");
	ev.dirty = dirty;
	snprintf(ev.tree, sizeof(ev.tree), "%s", tree);
	dt_evidence_dir(&dir, dt_repo_commondir(f->repo));
	assert_int_equal(dt_evidence_save(dir.ptr, &ev), 0);
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
}

static void test_recorder_tests_line_from_evidence(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *text, *want;
	dt_commit c;
	fixture f;

	(void)state;
	code_commit("VM-023: tested change\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	save_evidence(&f, c.tree, 0);
	assert_int_equal(record(&f, "HEAD"), 1);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf("\n**Commit (code):** %s " EM_DASH " \"VM-023: tested change\"\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 42 passed, 0 failed; 3.1 s; commit %s, tree %.7s\n",
	                    abbrev, abbrev, c.tree);
	assert_non_null(strstr(text, want));
	assert_int_equal(tu_count(text, "**Tests:**"), 1);
	free(want);
	free(text);
	dt_commit_dispose(&c);
	rec_close(&f);
}

static void test_recorder_dirty_evidence_not_attached(void **state)
{
	char *text;
	dt_commit c;
	fixture f;

	(void)state;
	code_commit("VM-023: change tested with local edits\n");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	save_evidence(&f, c.tree, 1);
	assert_int_equal(record(&f, "HEAD"), 1);
	text = tu_slurp(DIARY23);
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	assert_null(strstr(text, "**Tests:**"));
	free(text);

	/* evidence of another tree is not attached either */
	dt_commit_dispose(&c);
	rec_close(&f);
	code_commit("VM-023: next\n");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD~1"), 0);
	save_evidence(&f, c.tree, 0);
	assert_int_equal(record(&f, "HEAD"), 1);
	text = tu_slurp(DIARY23);
	assert_int_equal(tu_count(text, "**Commit (code):**"), 2);
	assert_null(strstr(text, "**Tests:**"));
	free(text);
	dt_commit_dispose(&c);
	rec_close(&f);
}

/* A waiting placeholder is filled in place (rule 3), then a last step
 * without a record gets the next one (rule 4); the CRLF line endings and
 * the missing final newline stay as they were (SPEC §4.3). */
static void test_recorder_placeholder_crlf(void **state)
{
	static const char before[] =
	    "---\r\nTitle: Diary\r\nTicket: VM-023\r\n---\r\n\r\n# Diary\r\n\r\n"
	    "## Step 1: Plan\r\n\r\n**Commit (code):** 1111111 " EM_DASH " \"VM-023: plan\"\r\n\r\n"
	    "## Step 2: Build\r\n\r\nBuilt it.\r\n\r\n**Commit (code):** pending\r\n\r\n"
	    "### What I did\r\n\r\nThings.\r\n\r\n"
	    "## Step 3: Later\r\n\r\nNot yet.";
	char a1[DT_HEX_MAX], a2[DT_HEX_MAX];
	char *text, *want;
	fixture f;

	(void)state;
	tu_put(NULL, DIARY23, before);
	code_commit("VM-023: build it\n");
	tu_git_abbrev(a1, sizeof(a1), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 2, a1, "reference/01-diary.md");
	rec_close(&f);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf(
	    "---\r\nTitle: Diary\r\nTicket: VM-023\r\n---\r\n\r\n# Diary\r\n\r\n"
	    "## Step 1: Plan\r\n\r\n**Commit (code):** 1111111 " EM_DASH " \"VM-023: plan\"\r\n\r\n"
	    "## Step 2: Build\r\n\r\nBuilt it.\r\n\r\n**Commit (code):** %s " EM_DASH
	    " \"VM-023: build it\"\r\n\r\n"
	    "### What I did\r\n\r\nThings.\r\n\r\n"
	    "## Step 3: Later\r\n\r\nNot yet.",
	    a1);
	assert_string_equal(text, want);
	free(text);
	free(want);

	code_commit("VM-023: later work\n");
	tu_git_abbrev(a2, sizeof(a2), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 3, a2, "reference/01-diary.md");
	rec_close(&f);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf(
	    "---\r\nTitle: Diary\r\nTicket: VM-023\r\n---\r\n\r\n# Diary\r\n\r\n"
	    "## Step 1: Plan\r\n\r\n**Commit (code):** 1111111 " EM_DASH " \"VM-023: plan\"\r\n\r\n"
	    "## Step 2: Build\r\n\r\nBuilt it.\r\n\r\n**Commit (code):** %s " EM_DASH
	    " \"VM-023: build it\"\r\n\r\n"
	    "### What I did\r\n\r\nThings.\r\n\r\n"
	    "## Step 3: Later\r\n\r\nNot yet.\r\n\r\n**Commit (code):** %s " EM_DASH
	    " \"VM-023: later work\"",
	    a1, a2);
	assert_string_equal(text, want);
	free(text);
	free(want);
}

/* Recorded already, by its full hash in another record shape (rule 1):
 * nothing to do; evidence found later adds the **Tests:** line under it. */
static void test_recorder_already_recorded_full_hash(void **state)
{
	char hex[DT_HEX_MAX];
	char *before, *text, *want;
	dt_commit c;
	fixture f;

	(void)state;
	code_commit("VM-023: recorded by hand\n");
	tu_git_out(hex, sizeof(hex), "rev-parse HEAD");
	before = dt_xasprintf(
	    "# Diary\n\n## Step 1: By hand\n\n**Commit**: `%s`\n\n### What I did\n", hex);
	tu_put(NULL, DIARY23, before);
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_string_equal(f.out, "");
	text = tu_slurp(DIARY23);
	assert_string_equal(text, before);
	free(text);

	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	save_evidence(&f, c.tree, 0);
	assert_int_equal(record(&f, "HEAD"), 1);
	text = tu_slurp(DIARY23);
	want = dt_xasprintf("# Diary\n\n## Step 1: By hand\n\n**Commit**: `%s`\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 42 passed, 0 failed; 3.1 s; commit %s, tree %.7s\n"
	                    "\n### What I did\n",
	                    hex, c.abbrev, c.tree);
	assert_string_equal(text, want);
	free(want);
	free(text);
	dt_commit_dispose(&c);
	free(before);
	rec_close(&f);
}

/* ---- several tickets ---- */

static void test_recorder_two_tickets(void **state)
{
	char abbrev[DT_HEX_MAX];
	char *t23, *t24, *rec;
	fixture f;

	(void)state;
	code_commit("feat(vm-023,vm-024): share the parser\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 2);
	tu_assert_report(f.out, "VM-023", 1, abbrev, "reference/01-diary.md");
	tu_assert_report(f.out, "VM-024", 1, abbrev, "reference/01-diary.md");
	assert_lines(f.out, 2);
	t23 = tu_slurp(DIARY23);
	t24 = tu_slurp(DIARY24);
	rec = dt_xasprintf("**Commit (code):** %s " EM_DASH " \"feat(vm-023,vm-024): share the "
	                   "parser\"\n",
	                   abbrev);
	assert_non_null(strstr(t23, rec));
	assert_non_null(strstr(t24, rec));
	assert_non_null(strstr(t24, "\nTicket: VM-024\n"));
	/* flow-style Topics are copied too */
	assert_non_null(strstr(t24, "\nTopics:\n    - backend\n"));
	free(rec);
	free(t23);
	free(t24);

	/* a trailer names the second ticket */
	rec_close(&f);
	code_commit("VM-023: more\n\nRefs: VM-024\n");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 2);
	assert_lines(f.out, 2);
	rec_close(&f);
}

/* A diary that cannot be written is reported and does not stop the
 * other ticket's. */
static void test_recorder_one_bad_diary_does_not_stop_others(void **state)
{
	static const char bad[] = "# Diary\n\0## Step 1: x\n";
	char abbrev[DT_HEX_MAX];
	dt_buf b = DT_BUF_INIT;
	fixture f;

	(void)state;
	assert_int_equal(dt_mkdir_p(T23 "/reference"), 0);
	assert_int_equal(dt_file_write_atomic(DIARY23, bad, sizeof(bad) - 1, 0644), 0);
	code_commit("feat(vm-023,vm-024): both\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-024", 1, abbrev, "reference/01-diary.md");
	assert_lines(f.out, 1);
	assert_non_null(strstr(f.err, "VM-023"));
	assert_int_equal(dt_file_read(&b, DIARY23, DT_FILE_MAX), 0);
	assert_int_equal(b.size, sizeof(bad) - 1);
	assert_memory_equal(b.ptr, bad, b.size);
	dt_buf_dispose(&b);
	rec_close(&f);
}

/* A diary that is a link out of the work tree is never written. */
static void test_recorder_diary_link_outside_refused(void **state)
{
	/* in the group's folder, which is no repository and goes at the end */
	char *outside = dt_xasprintf("%s/outside.md", tu_repo_group_home());
	char *text;
	fixture f;

	(void)state;
	tu_put(NULL, outside, "# Someone else's file\n");
	assert_int_equal(dt_mkdir_p(T23 "/reference"), 0);
	assert_int_equal(symlink(outside, DIARY23), 0);
	code_commit("VM-023: try to write through a link\n");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 0);
	assert_non_null(strstr(f.err, "VM-023"));
	rec_close(&f);
	text = tu_slurp(outside);
	free(outside);
	assert_string_equal(text, "# Someone else's file\n");
	free(text);
}

/* Two folders with one ID: a warning, and the record goes to one. */
static void test_recorder_duplicate_ticket(void **state)
{
	char abbrev[DT_HEX_MAX];
	fixture f;

	(void)state;
	tu_put(NULL, "ttmp/2026/02/16/VM-023--copy/index.md",
	       "---\nTitle: Copy\nTicket: VM-023\n---\n");
	code_commit("VM-023: which folder?\n");
	tu_git_abbrev(abbrev, sizeof(abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 1, abbrev, "reference/01-diary.md");
	assert_non_null(strstr(f.err, "ticket-duplicate"));
	assert_int_equal(dt_path_exists(DIARY23) +
	                     dt_path_exists("ttmp/2026/02/16/VM-023--copy/reference/01-diary.md"),
	                 1);
	rec_close(&f);
}

/* ---- rewriting hashes ---- */

static int rewrite(fixture *f, const char *old_hex, const char *new_hex)
{
	dt_rewrite map;
	int changed = -1;
	snprintf(map.old_hex, sizeof(map.old_hex), "%s", old_hex);
	snprintf(map.new_hex, sizeof(map.new_hex), "%s", new_hex);
	assert_int_equal(dt_recorder_rewrite(&f->rc, &map, 1, &changed), 0);
	rec_flush(f);
	return changed;
}

/* An amend: the record moves to the new hash, with the new subject; the
 * evidence of the (unchanged) tree names the new commit. */
static void test_recorder_rewrite_amend(void **state)
{
	char old[DT_HEX_MAX], new[DT_HEX_MAX], old_abbrev[DT_HEX_MAX], new_abbrev[DT_HEX_MAX];
	char *text, *want;
	dt_commit c;
	fixture f;

	(void)state;
	code_commit("VM-023: first try\n");
	tu_git_out(old, sizeof(old), "rev-parse HEAD");
	tu_git_abbrev(old_abbrev, sizeof(old_abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(dt_repo_commit(&c, f.repo, "HEAD"), 0);
	save_evidence(&f, c.tree, 0);
	dt_commit_dispose(&c);
	assert_int_equal(record(&f, "HEAD"), 1);
	rec_close(&f);

	tu_git(NULL, "commit -q --amend -m 'VM-023: first try, reworded'");
	tu_git_out(new, sizeof(new), "rev-parse HEAD");
	tu_git_abbrev(new_abbrev, sizeof(new_abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(rewrite(&f, old, new), 1);
	assert_non_null(strstr(f.out, "VM-023"));
	assert_lines(f.out, 1);
	text = tu_slurp(DIARY23);
	assert_null(strstr(text, old_abbrev));
	want = dt_xasprintf("**Commit (code):** %s " EM_DASH " \"VM-023: first try, reworded\"\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 42 passed, 0 failed; 3.1 s; commit %s, tree ",
	                    new_abbrev, new_abbrev);
	assert_non_null(strstr(text, want));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	free(want);
	free(text);

	/* rewriting again changes nothing */
	rec_reset_output(&f);
	assert_int_equal(rewrite(&f, old, new), 0);
	assert_string_equal(f.out, "");
	rec_close(&f);
}

/* A squash: several olds to one new leave one record. */
static void test_recorder_rewrite_squash(void **state)
{
	char a[DT_HEX_MAX], b[DT_HEX_MAX], s[DT_HEX_MAX], s_abbrev[DT_HEX_MAX];
	char aa[DT_HEX_MAX], ba[DT_HEX_MAX];
	dt_rewrite map[2];
	char *text;
	int changed = -1;
	fixture f;

	(void)state;
	code_commit("VM-023: part one\n");
	tu_git_out(a, sizeof(a), "rev-parse HEAD");
	tu_git_abbrev(aa, sizeof(aa), "HEAD");
	record_head();
	code_commit("VM-023: part two\n");
	tu_git_out(b, sizeof(b), "rev-parse HEAD");
	tu_git_abbrev(ba, sizeof(ba), "HEAD");
	record_head();

	tu_git(NULL, "reset -q --soft HEAD~2");
	tu_git(NULL, "commit -q -m 'VM-023: both parts'");
	tu_git_out(s, sizeof(s), "rev-parse HEAD");
	tu_git_abbrev(s_abbrev, sizeof(s_abbrev), "HEAD");
	snprintf(map[0].old_hex, sizeof(map[0].old_hex), "%s", a);
	snprintf(map[0].new_hex, sizeof(map[0].new_hex), "%s", s);
	snprintf(map[1].old_hex, sizeof(map[1].old_hex), "%s", b);
	snprintf(map[1].new_hex, sizeof(map[1].new_hex), "%s", s);
	rec_open(&f);
	assert_int_equal(dt_recorder_rewrite(&f.rc, map, 2, &changed), 0);
	assert_int_equal(changed, 1);
	text = tu_slurp(DIARY23);
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	assert_int_equal(tu_count(text, s_abbrev), 1);
	assert_null(strstr(text, aa));
	assert_null(strstr(text, ba));
	assert_non_null(strstr(text, "\"VM-023: both parts\""));
	free(text);
	rec_close(&f);
}

/* The new commit was recorded already (post-commit after an amend): the
 * old record goes, the new one stays where it is. */
static void test_recorder_rewrite_new_already_recorded(void **state)
{
	char old[DT_HEX_MAX], new[DT_HEX_MAX], old_abbrev[DT_HEX_MAX], new_abbrev[DT_HEX_MAX];
	char *text, *want;
	fixture f;

	(void)state;
	code_commit("VM-023: draft\n");
	tu_git_out(old, sizeof(old), "rev-parse HEAD");
	tu_git_abbrev(old_abbrev, sizeof(old_abbrev), "HEAD");
	record_head();
	tu_git(NULL, "commit -q --amend -m 'VM-023: final'");
	tu_git_out(new, sizeof(new), "rev-parse HEAD");
	tu_git_abbrev(new_abbrev, sizeof(new_abbrev), "HEAD");
	rec_open(&f);
	assert_int_equal(record(&f, "HEAD"), 1);
	tu_assert_report(f.out, "VM-023", 2, new_abbrev, "reference/01-diary.md");
	rec_reset_output(&f);
	assert_int_equal(rewrite(&f, old, new), 1);
	text = tu_slurp(DIARY23);
	assert_null(strstr(text, old_abbrev));
	assert_int_equal(tu_count(text, "**Commit (code):**"), 1);
	want = dt_xasprintf("## Step 2: VM-023: final\n\n**Commit (code):** %s " EM_DASH
	                    " \"VM-023: final\"\n",
	                    new_abbrev);
	assert_non_null(strstr(text, want));
	free(want);
	free(text);
	rec_close(&f);
}

/* Hashes of other tickets' diaries and unrelated records stay. */
static void test_recorder_rewrite_leaves_others(void **state)
{
	char a[DT_HEX_MAX], new[DT_HEX_MAX];
	char *t24_before, *t24_after, *t23;
	fixture f;

	(void)state;
	code_commit("VM-024: unrelated\n");
	record_head();
	code_commit("VM-023: to amend\n");
	tu_git_out(a, sizeof(a), "rev-parse HEAD");
	record_head();
	tu_git(NULL, "commit -q --amend -m 'VM-023: amended'");
	tu_git_out(new, sizeof(new), "rev-parse HEAD");
	t24_before = tu_slurp(DIARY24);
	rec_open(&f);
	assert_int_equal(rewrite(&f, a, new), 1);
	assert_lines(f.out, 1);
	t24_after = tu_slurp(DIARY24);
	assert_string_equal(t24_after, t24_before);
	t23 = tu_slurp(DIARY23);
	assert_non_null(strstr(t23, "\"VM-023: amended\""));
	free(t23);
	free(t24_before);
	free(t24_after);
	rec_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_recorder_new_diary, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_second_commit_new_step, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_diary_step_trailer, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_appends_step_to_hand_diary, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_bookkeeping_not_recorded, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_bookkeeping_globs, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_merge_and_fixup_not_recorded, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_revert_recorded, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_tests_line_from_evidence, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_dirty_evidence_not_attached, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_placeholder_crlf, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_already_recorded_full_hash, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_two_tickets, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_one_bad_diary_does_not_stop_others,
	                                    repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_diary_link_outside_refused, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_duplicate_ticket, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_rewrite_amend, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_rewrite_squash, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_rewrite_new_already_recorded, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_recorder_rewrite_leaves_others, repo_setup,
	                                    tu_repo_teardown),
	};
	return cmocka_run_group_tests(tests, tu_history_group_setup, tu_history_group_teardown);
}
