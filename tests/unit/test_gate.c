/* test_gate.c - around the rules (lib/gate.h, SPEC §5): findings made
 * unique, and the pre-push hook on throwaway repositories with a bare
 * remote: what it reads, what it judges, what it prints, what it
 * returns. */
#include "unit.h"

#include "common.h"
#include "findings.h"
#include "gate.h"
#include "odb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEXBUF (DT_HEX_MAX + 64)
#define ZERO40 "0000000000000000000000000000000000000000"
#define DEAD40 "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"
#define EM_DASH "\xE2\x80\x94"
#define T1 "ttmp/2026/02/14/VM-001--x"
#define DIARY1 T1 "/reference/01-diary.md"

/* ---- dt_findings_dedupe ---- */

static void add(dt_findings *f, dt_rule r, const char *ticket, const char *file, size_t line,
                const char *msg)
{
	dt_findings_add(f, r, DT_LEVEL_ERROR, ticket, NULL, file, line, "a hint", "%s", msg);
}

static void test_gate_dedupe(void **state)
{
	dt_findings f = DT_FINDINGS_INIT;

	(void)state;
	/* nothing, one: nothing to do */
	dt_findings_dedupe(&f);
	assert_int_equal(f.count, 0);
	add(&f, DT_RULE_COMMIT_PENDING, "VM-001", "a.md", 3, "one");
	dt_findings_dedupe(&f);
	assert_int_equal(f.count, 1);

	add(&f, DT_RULE_COMMIT_PENDING, "VM-001", "a.md", 3, "one");   /* equal: dropped */
	add(&f, DT_RULE_COMMIT_PENDING, "VM-002", "a.md", 3, "one");   /* ticket aside: dropped */
	add(&f, DT_RULE_COMMIT_PENDING, "VM-001", "a.md", 3, "two");   /* other message */
	add(&f, DT_RULE_COMMIT_PENDING, "VM-001", "a.md", 4, "two");   /* other line */
	add(&f, DT_RULE_COMMIT_UNKNOWN, "VM-001", "a.md", 4, "two");   /* other rule */
	add(&f, DT_RULE_COMMIT_UNKNOWN, "VM-001", "b.md", 4, "two");   /* other file */
	add(&f, DT_RULE_TICKET_MISSING, NULL, NULL, 0, "no ticket");   /* no file */
	add(&f, DT_RULE_TICKET_MISSING, NULL, NULL, 0, "no ticket");   /* equal: dropped */
	add(&f, DT_RULE_TICKET_MISSING, NULL, "c.md", 0, "no ticket"); /* a file, the other none */
	add(&f, DT_RULE_TICKET_MISSING, NULL, NULL, 0, "no ticket");   /* not next to its twin */
	dt_findings_dedupe(&f);
	assert_int_equal(f.count, 8);
	assert_string_equal(f.items[0].message, "one");
	assert_string_equal(f.items[0].ticket, "VM-001");
	assert_string_equal(f.items[1].message, "two");
	assert_int_equal(f.items[1].line, 3);
	assert_int_equal(f.items[2].line, 4);
	assert_int_equal(f.items[2].rule, DT_RULE_COMMIT_PENDING);
	assert_int_equal(f.items[3].rule, DT_RULE_COMMIT_UNKNOWN);
	assert_string_equal(f.items[3].file, "a.md");
	assert_string_equal(f.items[4].file, "b.md");
	assert_null(f.items[5].file);
	assert_string_equal(f.items[6].file, "c.md");
	assert_null(f.items[7].file);
	/* what is kept is whole */
	for (size_t i = 0; i < f.count; i++) {
		assert_non_null(f.items[i].message);
		assert_string_equal(f.items[i].hint, "a hint");
	}
	/* again: nothing more goes */
	dt_findings_dedupe(&f);
	assert_int_equal(f.count, 8);
	dt_findings_dispose(&f);

	/* all equal: one stays */
	for (int i = 0; i < 50; i++)
		add(&f, DT_RULE_STEP_NUMBERING, "VM-001", "d.md", 7, "same");
	dt_findings_sort(&f);
	dt_findings_dedupe(&f);
	assert_int_equal(f.count, 1);
	dt_findings_dispose(&f);
}

/* ---- the pre-push hook ---- */

static int group_setup(void **state)
{
	return tu_repo_group_setup(state);
}

static int group_teardown(void **state)
{
	return tu_repo_group_teardown(state);
}

/* Record `rev` in VM-001's diary, as its one step (with passing evidence),
 * and commit the diary. */
static void record(const char *rev)
{
	char ab[HEXBUF], tree[HEXBUF], c[HEXBUF];
	char *text;

	tu_git_abbrev(ab, sizeof(ab), rev);
	tu_git_out(tree, sizeof(tree), "rev-parse --short=7 '%s^{tree}'", rev);
	text = dt_xasprintf("---\nTitle: Diary\nTicket: VM-001\n---\n\n# Diary\n\n"
	                    "## Step 1: Work\n\n**Commit (code):** %s " EM_DASH " \"work\"\n"
	                    "**Tests:** `make test` " EM_DASH
	                    " exit 0; 1 passed, 0 failed; 0.1 s; commit %s, tree %s\n",
	                    ab, ab, tree);
	tu_put(NULL, DIARY1, text);
	free(text);
	tu_git_commit_msg(c, HEXBUF, "VM-001: record the work");
}

/* A repository with ticket VM-001 (no tasks), its root commit pushed to
 * a bare remote "origin" (refs/remotes/origin/main follows). */
static int repo_setup(void **state)
{
	char c[HEXBUF];
	char *bare;

	*state = tu_repo_here();
	if (!*state)
		return -1;
	tu_put(NULL, T1 "/index.md", "---\nTitle: X\nTicket: VM-001\nStatus: active\n---\n\n# X\n");
	tu_put(NULL, DIARY1, "---\nTitle: Diary\nTicket: VM-001\n---\n\n# Diary\n");
	tu_put(NULL, "src/app.c", "int app;\n");
	tu_git_commit_msg(c, HEXBUF, "Initial import");
	bare = tu_path_in(*state, ".git/dt-remote.git");
	tu_git(NULL, "init -q --bare '%s'", bare);
	tu_git(NULL, "remote add origin '%s'", bare);
	tu_git(NULL, "push -q origin main");
	free(bare);
	return 0;
}

typedef struct {
	int rc;
	char *err; /* what the hook printed */
} hook_result;

/* Run the hook with `input` in the current folder. */
static hook_result prepush(const char *input)
{
	hook_result r;
	tu_stream s;
	FILE *f = tu_stream_open(&s);

	r.rc = dt_prepush_run("origin", input, strlen(input), f);
	r.err = tu_stream_close(&s);
	print_message("# exit %d:\n%s", r.rc, r.err);
	return r;
}

static char *line_for(const char *local_ref, const char *local, const char *remote_ref,
                      const char *remote)
{
	return dt_xasprintf("%s %s %s %s\n", local_ref, local, remote_ref, remote);
}

static void test_gate_prepush_garbage(void **state)
{
	hook_result r;
	int said_twice;

	(void)state;
	r = prepush("this is not what git writes\n");
	assert_int_not_equal(r.rc, 0);
	tu_assert_contains(r.err, "line 1");
	tu_assert_contains(r.err, "--no-verify");
	said_twice = strstr(r.err, "pre-push input: pre-push input") != NULL;
	free(r.err);

	/* the second line is the bad one */
	{
		char head[HEXBUF];
		char *in, *good;
		tu_git_id(head, HEXBUF, "HEAD");
		good = line_for("refs/heads/main", head, "refs/heads/main", head);
		in = dt_xasprintf("%srefs/heads/main %s\n", good, head);
		r = prepush(in);
		assert_int_not_equal(r.rc, 0);
		tu_assert_contains(r.err, "line 2");
		free(r.err);
		free(in);
		free(good);
	}

	/* with hooks.on_internal_error: open, the push goes on, said so */
	tu_put(NULL, ".diarist.yaml", "hooks:\n  on_internal_error: open\n");
	r = prepush("garbage\n");
	assert_int_equal(r.rc, 0);
	tu_assert_contains(r.err, "line 1");
	tu_assert_contains(r.err, "warning");
	free(r.err);

	/* a configuration that cannot be read: closed by default... */
	tu_put(NULL, ".diarist.yaml", "no_such_key: 1\n");
	{
		char head[HEXBUF];
		char *in;
		tu_git_id(head, HEXBUF, "HEAD");
		in = line_for("refs/heads/main", head, "refs/heads/main", ZERO40);
		r = prepush(in);
		assert_int_not_equal(r.rc, 0);
		tu_assert_contains(r.err, "no_such_key");
		free(r.err);
		/* ...open when it says so */
		tu_put(NULL, ".diarist.yaml",
		       "no_such_key: 1\nhooks:\n  on_internal_error: open\n");
		r = prepush(in);
		assert_int_equal(r.rc, 0);
		tu_assert_contains(r.err, "no_such_key");
		tu_assert_contains(r.err, "warning");
		free(r.err);
		free(in);
	}
	assert_false(said_twice);
}

static void test_gate_prepush_nothing_to_judge(void **state)
{
	char bad[HEXBUF], head[HEXBUF];
	hook_result r;
	char *in;

	(void)state;
	tu_git_code(bad, HEXBUF, "no ticket at all"); /* would be a finding if judged */
	tu_git_id(head, HEXBUF, "HEAD");

	/* empty input */
	r = prepush("");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);

	/* a delete, 40 zeros */
	in = line_for("(delete)", ZERO40, "refs/heads/main", head);
	r = prepush(in);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	free(in);

	/* already pushed: the range is empty */
	tu_git(NULL, "push -q origin main");
	in = line_for("refs/heads/main", head, "refs/heads/main", head);
	r = prepush(in);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	free(in);
}

static void test_gate_prepush_judges_the_range(void **state)
{
	char pushed[HEXBUF], old_bad[HEXBUF], new_bad[HEXBUF], good[HEXBUF], head[HEXBUF];
	char ab_old[HEXBUF], ab_new[HEXBUF];
	hook_result r;
	char *in;

	(void)state;
	tu_git_code(old_bad, HEXBUF, "old commit without a ticket");
	tu_git(NULL, "push -q origin main");
	tu_git_id(pushed, HEXBUF, "HEAD");
	tu_git_code(new_bad, HEXBUF, "new commit without a ticket");
	tu_git_code(good, HEXBUF, "VM-001: good work");
	record(good);
	tu_git_id(head, HEXBUF, "HEAD");
	tu_git_abbrev(ab_old, sizeof(ab_old), old_bad);
	tu_git_abbrev(ab_new, sizeof(ab_new), new_bad);

	/* the remote's oid known: what is new since */
	in = line_for("refs/heads/main", head, "refs/heads/main", pushed);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_contains(r.err, "diarist: refs/heads/main -> refs/heads/main (3 commits):\n");
	tu_assert_contains(r.err, ab_new);
	tu_assert_contains(r.err, "[ticket-missing]");
	tu_assert_lacks(r.err, ab_old);
	tu_assert_contains(r.err, "push refused: 1 error, 0 warnings");
	assert_int_equal(tu_count(r.err, "error:"), 1);
	free(r.err);
	free(in);

	/* a remote oid unknown here (a force push over unfetched work):
	 * what no refs/remotes/origin/ ref has */
	in = line_for("refs/heads/main", head, "refs/heads/main", DEAD40);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_contains(r.err, ab_new);
	tu_assert_lacks(r.err, ab_old);
	assert_int_equal(tu_count(r.err, "[ticket-missing]"), 1);
	free(r.err);
	free(in);

	/* a new branch: likewise */
	in = line_for("refs/heads/main", head, "refs/heads/topic", ZERO40);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_contains(r.err, "refs/heads/main -> refs/heads/topic (3 commits):");
	tu_assert_contains(r.err, ab_new);
	tu_assert_lacks(r.err, ab_old);
	free(r.err);
	free(in);

	/* HEAD as the local ref */
	in = line_for("HEAD", head, "refs/heads/main", pushed);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_contains(r.err, "diarist: HEAD -> refs/heads/main (3 commits):");
	free(r.err);
	free(in);

	/* an annotated tag: peeled to its commit */
	{
		char tagobj[HEXBUF];
		tu_git(NULL, "tag -a -m release v1 %s", new_bad);
		tu_git_id(tagobj, HEXBUF, "v1");
		in = line_for("refs/tags/v1", tagobj, "refs/tags/v1", ZERO40);
		r = prepush(in);
		assert_int_equal(r.rc, 1);
		tu_assert_contains(r.err, "refs/tags/v1 -> refs/tags/v1 (1 commit):");
		tu_assert_contains(r.err, ab_new);
		free(r.err);
		free(in);
	}

	/* nothing wrong in the range: silent, 0 */
	in = line_for("refs/heads/main", head, "refs/heads/main", new_bad);
	r = prepush(in);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	free(in);
}

static void test_gate_prepush_branches(void **state)
{
	char base[HEXBUF], bad[HEXBUF];
	hook_result r;
	char *in;

	(void)state;
	tu_git_id(base, HEXBUF, "HEAD");
	tu_git_code(bad, HEXBUF, "no ticket");
	tu_put(NULL, ".diarist.yaml", "push:\n  branches: ['release/*', main]\n");
	tu_git(NULL, "add .diarist.yaml");
	tu_git(NULL, "commit -q --amend --no-edit");
	tu_git_id(bad, HEXBUF, "HEAD");

	/* not enforced */
	in = line_for("refs/heads/main", bad, "refs/heads/feature", ZERO40);
	r = prepush(in);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	free(in);

	/* enforced by a glob, and by a plain name */
	in = line_for("refs/heads/main", bad, "refs/heads/release/2.0", ZERO40);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_contains(r.err, "[ticket-missing]");
	free(r.err);
	free(in);
	in = line_for("refs/heads/main", bad, "refs/heads/main", base);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	free(r.err);
	free(in);

	/* several lines: only the enforced one is judged */
	{
		char *a = line_for("refs/heads/main", bad, "refs/heads/feature", ZERO40);
		char *b = line_for("refs/heads/main", bad, "refs/heads/release/1", base);
		in = dt_xasprintf("%s%s", a, b);
		r = prepush(in);
		assert_int_equal(r.rc, 1);
		tu_assert_lacks(r.err, "refs/heads/feature");
		tu_assert_contains(r.err, "-> refs/heads/release/1 (1 commit):");
		free(r.err);
		free(in);
		free(a);
		free(b);
	}
}

/* A header for each ref with findings, none for a clean one; every line
 * of the input counts, not just the first. */
static void test_gate_prepush_headers(void **state)
{
	char base[HEXBUF], clean[HEXBUF], bad[HEXBUF], ab[HEXBUF];
	hook_result r;
	char *a, *b, *in;

	(void)state;
	tu_git_id(base, HEXBUF, "HEAD");
	tu_git_code(clean, HEXBUF, "VM-001: clean work");
	record(clean);
	tu_git_id(clean, HEXBUF, "HEAD");
	tu_git(NULL, "checkout -q -b topic");
	tu_git_code(bad, HEXBUF, "topic work without a ticket");
	tu_git_abbrev(ab, sizeof(ab), bad);
	tu_git(NULL, "checkout -q main");

	/* the clean ref first, the bad one second */
	a = line_for("refs/heads/main", clean, "refs/heads/main", base);
	b = line_for("refs/heads/topic", bad, "refs/heads/topic", ZERO40);
	in = dt_xasprintf("%s%s", a, b);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	tu_assert_lacks(r.err, "refs/heads/main -> refs/heads/main");
	tu_assert_contains(r.err, "diarist: refs/heads/topic -> refs/heads/topic (3 commits):\n");
	tu_assert_contains(r.err, ab);
	free(r.err);
	free(in);

	/* the clean ref alone: not a word */
	r = prepush(a);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	free(a);
	free(b);
}

/* The same commits pushed under two names: one finding, counted once. */
static void test_gate_prepush_same_commits_twice(void **state)
{
	char base[HEXBUF], bad[HEXBUF], ab[HEXBUF];
	hook_result r;
	char *a, *b, *in;
	int doubled;

	(void)state;
	tu_git_id(base, HEXBUF, "HEAD");
	tu_git_code(bad, HEXBUF, "no ticket");
	tu_git_abbrev(ab, sizeof(ab), bad);
	a = line_for("refs/heads/main", bad, "refs/heads/main", base);
	b = line_for("refs/heads/main", bad, "refs/heads/copy", ZERO40);
	in = dt_xasprintf("%s%s", a, b);
	r = prepush(in);
	assert_int_equal(r.rc, 1);
	assert_int_equal(tu_count(r.err, "[ticket-missing]"), 1);
	/* no header for the second ref: nothing of its own to show */
	doubled = strstr(r.err, "push refused: 1 error,") == NULL ||
	          strstr(r.err, "-> refs/heads/copy") != NULL;
	free(r.err);
	free(in);
	free(a);
	free(b);
	assert_false(doubled);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gate_dedupe),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_garbage, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_nothing_to_judge, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_judges_the_range, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_branches, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_headers, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_gate_prepush_same_commits_twice, repo_setup,
	                                    tu_repo_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
