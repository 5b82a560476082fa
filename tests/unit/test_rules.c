/* test_rules.c - the drift gate's rules (lib/rules.h, SPEC §5), judged on
 * throwaway repositories built with git: each rule found where it should
 * be, and not found in the clean case next to it. */
#include "unit.h"

#include "common.h"
#include "config.h"
#include "diary.h"
#include "findings.h"
#include "odb.h"
#include "rules.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HEXBUF (DT_HEX_MAX + 64)
#define EM_DASH "\xE2\x80\x94"
#define T1 "ttmp/2026/02/14/VM-001--x"
#define T2 "ttmp/2026/02/15/VM-002--y"
#define INDEX1 T1 "/index.md"
#define TASKS1 T1 "/tasks.md"
#define DIARY1 T1 "/reference/01-diary.md"
/* more diaries of VM-001 (the writer's stays DIARY1, titled "Diary") */
#define DIARY1B T1 "/reference/09-rename-diary.md"
#define DIARY1C T1 "/diary/01-diary.md"
#define INDEX2 T2 "/index.md"
#define TASKS2 T2 "/tasks.md"

/* ---- helpers ---- */

static int group_setup(void **state)
{
	if (tu_repo_group_setup(state) < 0)
		return -1;
	return dt_odb_init() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	dt_odb_shutdown();
	return tu_repo_group_teardown(state);
}

static char *index_md(const char *id, const char *status)
{
	return dt_xasprintf("---\nTitle: Ticket %s\nTicket: %s\nStatus: %s\n---\n\n# Ticket %s\n",
	                    id, id, status, id);
}

static void put_index(const char *path, const char *id, const char *status)
{
	char *text = index_md(id, status);
	tu_put(NULL, path, text);
	free(text);
}

#define DIARY_HEAD                                                                                 \
	"---\nTitle: Diary\nTicket: VM-001\nDocType: reference\n---\n\n# Diary\n\n## Goal\n\n"     \
	"The goal.\n\n"

/* The diary of VM-001: the usual head, then `steps`. */
static void put_diary(const char *steps)
{
	char *text = dt_xasprintf("%s%s", DIARY_HEAD, steps);
	tu_put(NULL, DIARY1, text);
	free(text);
}

/* A change to `file` committed with `msg` (side branches: no conflict
 * with code() on the other). */
static void code_in(char out[HEXBUF], const char *file, const char *msg)
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "side %d\n", ++serial);
	tu_put(NULL, file, text);
	tu_git_commit_msg(out, HEXBUF, msg);
}

/* A step recording commit `rev`, with a **Tests:** line when exit_code is
 * not negative (naming `tree`, or the commit's own tree when NULL). */
static void step_rec(dt_buf *d, long n, const char *title, const char *rev, int exit_code,
                     const char *tree)
{
	char ab[HEXBUF], subject[512], tr[HEXBUF];
	tu_git_abbrev(ab, sizeof(ab), rev);
	tu_git_out(subject, sizeof(subject), "log -1 --format=%%s %s", rev);
	dt_buf_printf(
	    d, "## Step %ld: %s\n\nWhat I did.\n\n**Commit (code):** %s " EM_DASH " \"%s\"\n", n,
	    title, ab, subject);
	if (exit_code >= 0) {
		if (!tree) {
			tu_git_out(tr, sizeof(tr), "rev-parse --short=7 '%s^{tree}'", rev);
			tree = tr;
		}
		dt_buf_printf(d,
		              "**Tests:** `make test` " EM_DASH
		              " exit %d; 1 passed, 0 failed; 0.1 s; commit %s, tree %s\n",
		              exit_code, ab, tree);
	}
	dt_buf_puts(d, "\n### What worked\n\nAll of it.\n\n");
}

/* The 1-based line of the work tree's `path` where `needle` first stands. */
static size_t line_of(const char *path, const char *needle)
{
	char *text = tu_slurp(path);
	const char *at = strstr(text, needle);
	size_t line = 1;
	if (!at)
		print_error("%s: no \"%s\"\n", path, needle);
	assert_non_null(at);
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	free(text);
	return line;
}

static char base_id[HEXBUF]; /* the commit a test's range grows from */

/* A repository with tickets VM-001 (index, two open tasks, a diary with no
 * steps) and VM-002 (index only), and some code, committed as the root
 * commit "Initial import", the current folder. */
static int repo_setup(void **state)
{
	*state = tu_repo_here();
	if (!*state)
		return -1;
	put_index(INDEX1, "VM-001", "active");
	tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [ ] b\n");
	put_diary("");
	put_index(INDEX2, "VM-002", "active");
	tu_put(NULL, "src/app.c", "int app;\n");
	tu_git_commit_msg(base_id, HEXBUF, "Initial import");
	return 0;
}

typedef struct {
	const dt_config *cfg; /* NULL: defaults */
	const char *base;     /* the range's base revision; NULL: all history */
	const char *tip;      /* NULL: HEAD */
	int all;
	const char *ticket;
	int root_required;
	const char *kept;      /* dt_rules_input.kept */
	int summaries;         /* dt_rules_input.summaries */
	dt_rules_stats stats;  /* filled */
	char from[DT_HEX_MAX]; /* what dt_rules_range said the range grew from */
} judge_opts;

/* Judge the range as dt_gate_judge does (range, then rules); findings
 * into `out`. What the range or the rules returned. */
static int judge_with(dt_findings *out, judge_opts *jo)
{
	dt_config *own = jo->cfg ? NULL : dt_config_new();
	const dt_config *cfg = jo->cfg ? jo->cfg : own;
	dt_strvec range = DT_STRVEC_INIT;
	char tip[DT_HEX_MAX], basehex[DT_HEX_MAX];
	const char *bases[1] = {basehex};
	dt_rules_input in;
	dt_odb *o = NULL;
	int rc;

	rc = dt_odb_open(&o);
	if (rc)
		print_error("dt_odb_open: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(dt_odb_resolve(tip, o, jo->tip ? jo->tip : "HEAD"), 0);
	if (jo->base)
		assert_int_equal(dt_odb_resolve(basehex, o, jo->base), 0);
	rc = dt_rules_range(&range, jo->from, o, cfg, tip, bases, jo->base ? 1 : 0);
	if (rc == 0) {
		memset(&in, 0, sizeof(in));
		in.cfg = cfg;
		in.odb = o;
		in.root = "ttmp";
		in.root_required = jo->root_required;
		in.tip = tip;
		in.tip_name = "HEAD";
		in.base = jo->all ? NULL : jo->from;
		in.range = &range;
		in.all = jo->all;
		in.ticket = jo->ticket;
		in.kept = jo->kept;
		in.summaries = jo->summaries;
		rc = dt_rules_run(out, &jo->stats, &in);
	}
	dt_strvec_dispose(&range);
	dt_odb_free(o);
	dt_config_free(own);
	return rc;
}

/* Print the findings (shown when a test fails). */
static void show(const dt_findings *f)
{
	dt_buf text = DT_BUF_INIT;
	dt_format_opts opts = {0, NULL, NULL, NULL};
	dt_findings_write(&text, f, DT_FORMAT_TEXT, &opts);
	print_message("%s", text.size ? text.ptr : "(no findings)\n");
	dt_buf_dispose(&text);
}

/* Judge base..HEAD with the defaults; must succeed. */
static void judge(dt_findings *out, const char *base)
{
	judge_opts jo;
	int rc;
	memset(&jo, 0, sizeof(jo));
	jo.base = base;
	rc = judge_with(out, &jo);
	if (rc)
		print_error("judging: %d %s\n", rc, dt_error_last());
	assert_int_equal(rc, 0);
	dt_rules_stats_dispose(&jo.stats);
}

static size_t count_of(const dt_findings *f, dt_rule r)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		n += f->items[i].rule == r;
	return n;
}

/* The one finding of rule r (there must be exactly one). */
static const dt_finding *only(const dt_findings *f, dt_rule r)
{
	const dt_finding *it = NULL;
	if (count_of(f, r) != 1) {
		print_error("want one %s finding, got %zu:\n", dt_rule_name(r), count_of(f, r));
		show(f);
	}
	assert_int_equal(count_of(f, r), 1);
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].rule == r)
			it = &f->items[i];
	return it;
}

/* The finding of rule r at `line` of `file`, which must be there. */
static const dt_finding *at(const dt_findings *f, dt_rule r, const char *file, size_t line)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].rule == r && f->items[i].file && !strcmp(f->items[i].file, file) &&
		    f->items[i].line == line)
			return &f->items[i];
	print_error("no %s finding at %s:%zu in:\n", dt_rule_name(r), file, line);
	show(f);
	fail();
	return NULL;
}

static void none_of(const dt_findings *f, dt_rule r)
{
	if (count_of(f, r)) {
		print_error("want no %s finding, got:\n", dt_rule_name(r));
		show(f);
	}
	assert_int_equal(count_of(f, r), 0);
}

static void assert_clean(const dt_findings *f)
{
	if (f->count) {
		print_error("want no findings, got:\n");
		show(f);
	}
	assert_int_equal(f->count, 0);
}

static void abbrev_of(char out[HEXBUF], const char *rev)
{
	tu_git_abbrev(out, HEXBUF, rev);
}

/* A config from YAML text. */
static dt_config *config(const char *yaml)
{
	dt_config *cfg = dt_config_new();
	int rc = dt_config_parse(cfg, yaml, strlen(yaml), DT_CONFIG_FILE);
	if (rc)
		print_error("config: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	return cfg;
}

/* ---- the clean case ---- */

/* A commit naming its ticket, recorded with passing evidence on its own
 * tree, a task checked and claimed: nothing to say. */
static void test_rules_clean(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	judge_opts jo;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: add the feature");
	step_rec(&d, 1, "Add the feature (Task 1)", c1, 0, NULL);
	put_diary(d.ptr);
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [ ] b\n");
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record step 1");
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_clean(&f);
	assert_int_equal(jo.stats.commits, 2);
	assert_int_equal(jo.stats.root_missing, 0);
	assert_int_equal(jo.stats.tickets.count, 1);
	assert_string_equal(jo.stats.tickets.items[0], "VM-001");
	assert_string_equal(jo.from, base_id);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- ticket-missing ---- */

static void test_rules_ticket_missing(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "fix stuff");
	tu_git_code(c2, HEXBUF, "VM-001: fine");
	abbrev_of(ab, c1);
	judge(&f, base_id);
	x = only(&f, DT_RULE_TICKET_MISSING);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_null(x->ticket);
	assert_null(x->file);
	assert_int_equal(x->line, 0);
	assert_non_null(x->commit);
	assert_string_equal(x->commit, c1);
	tu_assert_contains(x->message, ab);
	tu_assert_contains(x->message, "\"fix stuff\"");
	assert_non_null(x->hint);
	dt_findings_dispose(&f);
}

static void test_rules_ticket_missing_exempt(void **state)
{
	char tidy[HEXBUF], side[HEXBUF], rec[HEXBUF], any[HEXBUF], fix[HEXBUF], named[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;

	(void)state;
	/* the root commit alone ("Initial import" names no ticket) */
	judge(&f, NULL);
	none_of(&f, DT_RULE_TICKET_MISSING);
	dt_findings_dispose(&f);

	tu_git_code(tidy, HEXBUF, "tidy up");
	tu_git(NULL, "branch side");
	tu_git(NULL, "checkout -q side");
	code_in(side, "side.txt", "VM-001: on the side");
	tu_git(NULL, "checkout -q main");
	tu_git_id(base_id, HEXBUF, "HEAD");
	/* a revert of a commit that named none */
	tu_git(NULL, "revert --no-edit HEAD");
	/* a merge whose subject does not start with "Merge " */
	tu_git(NULL, "merge -q --no-ff -m 'combine the side work' side");
	/* a commit named nowhere in its message but recorded in a diary */
	tu_git_code(rec, HEXBUF, "polish the text");
	/* a fixup of a commit naming the ticket */
	tu_git_code(named, HEXBUF, "VM-001: the real work");
	tu_git_code(fix, HEXBUF, "fixup! VM-001: the real work");
	step_rec(&d, 1, "Polish", rec, 0, NULL);
	step_rec(&d, 2, "Work", named, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(any, HEXBUF, "VM-001: record steps");
	judge(&f, base_id);
	none_of(&f, DT_RULE_TICKET_MISSING);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* since: as a date, as a commit; a value that is neither */
static void test_rules_since(void **state)
{
	char old1[HEXBUF], old2[HEXBUF], new1[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_config *cfg;
	judge_opts jo;
	char *yaml;

	(void)state;
	setenv("GIT_COMMITTER_DATE", "2026-01-10T10:00:00+00:00", 1);
	tu_git_code(old1, HEXBUF, "old stuff one");
	tu_git_code(old2, HEXBUF, "old stuff two");
	setenv("GIT_COMMITTER_DATE", "2026-02-14T10:00:00+01:00", 1);
	tu_git_code(new1, HEXBUF, "new stuff");

	/* without since: all three */
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_TICKET_MISSING), 3);
	dt_findings_dispose(&f);

	/* a date: the older ones are not judged */
	cfg = config("since: 2026-02-01\n");
	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_string_equal(only(&f, DT_RULE_TICKET_MISSING)->commit, new1);
	assert_int_equal(jo.stats.commits, 1);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);
	dt_config_free(cfg);

	/* a commit: it and its ancestors are not judged; also with no base */
	abbrev_of(ab, old2);
	yaml = dt_xasprintf("since: %s\n", ab);
	cfg = config(yaml);
	free(yaml);
	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_string_equal(only(&f, DT_RULE_TICKET_MISSING)->commit, new1);
	assert_string_equal(jo.from, old2);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);
	dt_config_free(cfg);

	/* hex that is no commit here */
	cfg = config("since: deadbeef\n");
	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), DT_ECONFIG);
	tu_assert_contains(dt_error_last(), "deadbeef");
	tu_assert_contains(dt_error_last(), "since");
	assert_int_equal(f.count, 0);
	dt_rules_stats_dispose(&jo.stats);
	dt_config_free(cfg);
	(void)old1;
}

/* ---- ticket-unknown, ticket-ambiguous ---- */

static void test_rules_ticket_unknown(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-009: a ticket that is not there");
	tu_git_code(c2, HEXBUF,
	            "fix the CVE-2024-1234 handling"); /* a subject word: only when it resolves */
	tu_git_code(c3, HEXBUF, "VM-001: the real one");
	abbrev_of(ab, c1);
	judge(&f, base_id);
	x = only(&f, DT_RULE_TICKET_UNKNOWN);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->commit, c1);
	tu_assert_contains(x->message, "VM-009");
	tu_assert_contains(x->message, ab);
	assert_non_null(x->hint);
	tu_assert_contains(x->hint, "VM-001");
	/* the subject word names nothing; the unknown ref is its own finding,
	 * not also ticket-missing */
	assert_int_equal(count_of(&f, DT_RULE_TICKET_MISSING), 1);
	dt_findings_dispose(&f);
}

static void test_rules_ticket_ambiguous(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	const dt_finding *x;

	(void)state;
	put_index("ttmp/VM-007-FOO--foo/index.md", "VM-007-FOO", "active");
	put_index("ttmp/VM-007-BAR--bar/index.md", "VM-007-BAR", "active");
	tu_git_commit_msg(base_id, HEXBUF, "VM-001: two more tickets");
	tu_git_code(c1, HEXBUF, "VM-007: which one");
	tu_git_code(c2, HEXBUF, "VM-007-FOO: this one");
	judge(&f, base_id);
	x = only(&f, DT_RULE_TICKET_AMBIGUOUS);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->commit, c1);
	tu_assert_contains(x->message, "VM-007");
	tu_assert_contains(x->hint, "VM-007-FOO");
	tu_assert_contains(x->hint, "VM-007-BAR");
	none_of(&f, DT_RULE_TICKET_UNKNOWN);
	dt_findings_dispose(&f);
}

/* ---- commit-unrecorded ---- */

static void test_rules_commit_unrecorded(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: not written down");
	tu_git_code(c2, HEXBUF, "VM-001: written down");
	step_rec(&d, 1, "Written", c2, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record it");
	abbrev_of(ab, c1);
	judge(&f, base_id);
	x = only(&f, DT_RULE_COMMIT_UNRECORDED);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	assert_string_equal(x->commit, c1);
	assert_string_equal(x->file, DIARY1);
	tu_assert_contains(x->message, ab);
	tu_assert_contains(x->message, "VM-001");
	tu_assert_contains(x->hint, ab);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* Merges, fixups and bookkeeping commits need no record. */
static void test_rules_commit_unrecorded_exceptions(void **state)
{
	char side[HEXBUF], work[HEXBUF], c[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;

	(void)state;
	tu_git(NULL, "checkout -q -b side");
	code_in(side, "side.txt", "VM-001: on the side");
	tu_git(NULL, "checkout -q main");
	tu_put(NULL, "other.txt", "x\n");
	tu_git_code(work, HEXBUF, "VM-001: the work");
	step_rec(&d, 1, "Side", side, 0, NULL);
	step_rec(&d, 2, "Work", work, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c, HEXBUF, "VM-001: record the steps"); /* bookkeeping */
	tu_git(NULL, "merge -q --no-ff -m 'VM-001: bring in the side work' side");
	tu_git_code(c, HEXBUF, "fixup! VM-001: the work");
	tu_git_code(c, HEXBUF, "squash! VM-001: the work");
	tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [ ] b\n- [ ] c\n");
	tu_git_commit_msg(c, HEXBUF, "VM-001: one more task"); /* bookkeeping too */
	judge(&f, base_id);
	none_of(&f, DT_RULE_COMMIT_UNRECORDED);
	assert_clean(&f);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* Whether an unrecorded commit is bookkeeping is kept by commit for the
 * next run (dt_rules_input.kept): the same findings from what was kept,
 * and from a file whose answers mean nothing. */
static void test_rules_commit_unrecorded_kept(void **state)
{
	static const char *const kept = ".git/diarist/rules.cache";
	char work[HEXBUF], book[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	judge_opts jo;
	char *text, *want;

	(void)state;
	tu_git_code(work, HEXBUF, "VM-001: the work");
	tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
	tu_git_commit_msg(book, HEXBUF, "VM-001: more tasks"); /* bookkeeping */
	for (int round = 0; round < 3; round++) {
		const dt_finding *x;
		memset(&jo, 0, sizeof(jo));
		jo.base = base_id;
		jo.kept = kept;
		assert_int_equal(judge_with(&f, &jo), 0);
		dt_rules_stats_dispose(&jo.stats);
		x = only(&f, DT_RULE_COMMIT_UNRECORDED);
		assert_string_equal(x->commit, work);
		dt_findings_dispose(&f);
		text = tu_slurp(kept);
		if (round == 0) { /* the answers, as the objects gave them */
			want = dt_xasprintf("b%s 1\n0\n", work);
			tu_assert_contains(text, want);
			free(want);
			want = dt_xasprintf("b%s 1\n1\n", book);
			tu_assert_contains(text, want);
			free(want);
		}
		if (round == 1) { /* answers that mean nothing: asked again */
			for (char *p = strstr(text, " 1\n"); p; p = strstr(p + 4, " 1\n"))
				p[3] = '?';
			tu_put(NULL, kept, text);
		}
		free(text);
	}
	text = tu_slurp(kept);
	tu_assert_lacks(text, "?");
	free(text);
}

/* A named ticket without a diary: the message says so. */
static void test_rules_commit_unrecorded_no_diary(void **state)
{
	char c1[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-002: no diary here");
	judge(&f, base_id);
	x = only(&f, DT_RULE_COMMIT_UNRECORDED);
	assert_string_equal(x->ticket, "VM-002");
	assert_string_equal(x->file, T2);
	tu_assert_contains(x->message, "no diary");
	assert_null(strstr(x->message, "does not record"));
	dt_findings_dispose(&f);
}

/* ---- commit-pending ---- */

static void test_rules_commit_pending(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;
	size_t line;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	/* a placeholder in the last step: waiting for the next commit, fine */
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_puts(&d, "## Step 2: Next\n\n**Commit (code):** pending\n\n");
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: plan step 2");
	judge(&f, base_id);
	assert_clean(&f);
	dt_findings_dispose(&f);

	/* in an earlier step: a finding; N/A is not waiting */
	dt_buf_clear(&d);
	dt_buf_puts(&d, "## Step 1: Planned\n\n**Commit (code):** TBD\n\n");
	dt_buf_puts(&d, "## Step 2: Nothing to commit\n\n**Commit (code):** N/A (docs only)\n\n");
	step_rec(&d, 3, "Work", c1, 0, NULL);
	dt_buf_puts(&d, "## Step 4: Empty\n\n**Commit (code):**\n\n");
	dt_buf_puts(&d, "## Step 5: Last\n\n**Commit (code):** pending\n\n");
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: more steps");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_PENDING), 2);
	line = line_of(DIARY1, "**Commit (code):** TBD");
	x = at(&f, DT_RULE_COMMIT_PENDING, DIARY1, line);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	tu_assert_contains(x->message, "step 1");
	x = at(&f, DT_RULE_COMMIT_PENDING, DIARY1, line_of(DIARY1, "**Commit (code):**\n"));
	tu_assert_contains(x->message, "step 4");
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- commit-unknown ---- */

static void test_rules_commit_unknown(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], blob[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_out(blob, sizeof(blob), "rev-parse --short=9 HEAD:src/app.c");
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_puts(&d, "## Step 2: A typo\n\n**Commit (code):** deadbee " EM_DASH " \"typo\"\n\n");
	dt_buf_puts(
	    &d, "## Step 3: Elsewhere\n\n**Commit (code):** abcdef1 (vm-system-ui repo) " EM_DASH
	        " \"chore: align\"\n\n");
	dt_buf_printf(&d, "## Step 4: A blob\n\n**Commit (code):** %s " EM_DASH " \"a file\"\n\n",
	              blob);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 2);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "deadbee"));
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	tu_assert_contains(x->message, "deadbee");
	assert_non_null(x->hint);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, blob));
	tu_assert_contains(x->message, blob);
	none_of(&f, DT_RULE_COMMIT_UNREACHABLE);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- commits of other repositories (repos:, SPEC §1.5) ---- */

/* A clone of "webchat" with two commits, inside the git dir (gone with the
 * test's repository), at WEBCHAT relative to the top; their abbreviated
 * ids into w1 and w2. */
#define WEBCHAT ".git/webchat"

static void webchat_clone(char w1[HEXBUF], char w2[HEXBUF])
{
	tu_git(NULL, "init -q " WEBCHAT);
	tu_git(WEBCHAT, "commit -q --allow-empty -m 'webchat: first'");
	tu_git_out(w1, HEXBUF, "-C " WEBCHAT " rev-parse --short=8 HEAD");
	tu_git(WEBCHAT, "commit -q --allow-empty -m 'webchat: second'");
	tu_git_out(w2, HEXBUF, "-C " WEBCHAT " rev-parse --short=8 HEAD");
}

/* Judge base..HEAD with the config `yaml`; must succeed. */
static void judge_config(dt_findings *out, const char *yaml)
{
	dt_config *cfg = config(yaml);
	judge_opts jo;
	int rc;

	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	jo.base = base_id;
	rc = judge_with(out, &jo);
	if (rc)
		print_error("judging: %d %s\n", rc, dt_error_last());
	assert_int_equal(rc, 0);
	dt_rules_stats_dispose(&jo.stats);
	dt_config_free(cfg);
}

#define REPOS_YAML "repos:\n  webchat: " WEBCHAT "\n  infra: ~\n"

static void test_rules_other_repos(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], w1[HEXBUF], w2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;
	char *want;

	(void)state;
	webchat_clone(w1, w2);
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_printf(
	    &d,
	    "## Step 2: Annotated\n\n**Commit (code):** %s (webchat repo) " EM_DASH
	    " \"webchat: first\"\n\n"
	    "## Step 3: Labelled\n\n**Commit (code, webchat):** `%s` " EM_DASH
	    " \"webchat: second\"\n\n"
	    "## Step 4: Wrong, annotated\n\n**Commit (code):** deadbee (webchat repo) " EM_DASH
	    " \"no such\"\n\n"
	    "## Step 5: Unannotated\n\n**Commit (code):** %s " EM_DASH " \"webchat: first\"\n\n"
	    "## Step 6: Not configured\n\n**Commit (code):** abcdef1 (vm-system-ui repo) " EM_DASH
	    " \"chore: align\"\n\n"
	    "## Step 7: Unknown everywhere\n\n**Commit (code):** 0badf00d " EM_DASH " \"typo\"\n\n"
	    "## Step 8: No clone\n\n**Commit (code):** feedfac (infra repo) " EM_DASH
	    " \"infra\"\n\n"
	    "## Step 9: Wrong, labelled\n\n**Commit (webchat):** c0ffee1 " EM_DASH
	    " \"no such\"\n\n",
	    w1, w2, w1);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");

	judge_config(&f, REPOS_YAML);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 3);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "deadbee"));
	assert_string_equal(x->message, "commit deadbee is no commit of webchat (" WEBCHAT ")");
	assert_string_equal(x->commit, "deadbee");
	assert_non_null(x->hint);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "c0ffee1"));
	assert_string_equal(x->message, "commit c0ffee1 is no commit of webchat (" WEBCHAT ")");
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "0badf00d"));
	assert_string_equal(x->message, "commit 0badf00d is no commit in this repository");
	tu_assert_contains(x->hint, "repos:");
	/* the unannotated webchat commit: a warning that shows the annotation */
	x = only(&f, DT_RULE_COMMIT_FOREIGN);
	assert_int_equal(x->level, DT_LEVEL_WARNING);
	assert_int_equal(x->line, line_of(DIARY1, "## Step 5") + 2);
	want = dt_xasprintf(
	    "commit %s is no commit in this repository but one of webchat (" WEBCHAT ")", w1);
	assert_string_equal(x->message, want);
	free(want);
	want = dt_xasprintf("write it as \"%s (webchat repo)\" or \"webchat@%s\"", w1, w1);
	assert_string_equal(x->hint, want);
	free(want);
	none_of(&f, DT_RULE_COMMIT_UNREACHABLE);
	dt_findings_dispose(&f);

	/* commit-foreign off: still not commit-unknown */
	judge_config(&f, REPOS_YAML "rules:\n  commit-foreign: off\n");
	none_of(&f, DT_RULE_COMMIT_FOREIGN);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 3);
	dt_findings_dispose(&f);

	/* webchat declared without a clone: its commits are not looked up,
	 * and the unannotated one has nowhere else to be */
	judge_config(&f, "repos:\n  webchat: ~\n");
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 2);
	at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "0badf00d"));
	at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "## Step 5") + 2);
	none_of(&f, DT_RULE_COMMIT_FOREIGN);
	dt_findings_dispose(&f);

	/* no repos: at all: the label names no repository, the unannotated
	 * hash is unknown, and the hint says how to declare another */
	judge(&f, base_id);
	none_of(&f, DT_RULE_COMMIT_FOREIGN);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "## Step 5") + 2);
	tu_assert_contains(x->hint, "repos:");
	tu_assert_contains(x->hint, "(<name> repo)");
	at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "## Step 3") + 2);
	at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "0badf00d"));
	at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "## Step 9") + 2);
	/* "(... repo)" is never looked up here */
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 4);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* A clone that cannot be opened (repos: parsed, not checked as
 * dt_config_load would): the repository cannot be read, never a pass. */
static void test_rules_other_repos_unreadable_clone(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	dt_config *cfg = config("repos:\n  webchat: src\n");
	judge_opts jo;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_puts(&d, "## Step 2: Elsewhere\n\n**Commit (code):** deadbee (webchat repo) " EM_DASH
	                " \"x\"\n\n");
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), DT_EIO);
	tu_assert_contains(dt_error_last(), ".diarist.yaml:2:12: repos.webchat: ");
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);
	dt_config_free(cfg);
	dt_buf_dispose(&d);
}

/* "webchat@hash" and "webchat commit hash" (SPEC §1.5): skipped while the
 * record parser does not read these shapes. */
static void test_rules_other_repos_named_shapes(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], w1[HEXBUF], w2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	webchat_clone(w1, w2);
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_printf(
	    &d,
	    "## Step 2: At\n\n**Commit (code):** webchat@%s " EM_DASH " \"first\"\n\n"
	    "## Step 3: Commit\n\n**Commit (code):** webchat commit %s " EM_DASH " \"second\"\n\n"
	    "## Step 4: Wrong\n\n**Commit (code):** webchat@deadbee " EM_DASH " \"x\"\n\n"
	    "## Step 5: Wrong too\n\n**Commit (code):** WebChat commit c0ffee1 " EM_DASH
	    " \"x\"\n\n"
	    "## Step 6: Not configured\n\n**Commit (code):** other@abcdef1 " EM_DASH " \"x\"\n\n",
	    w1, w2);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge_config(&f, REPOS_YAML);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNKNOWN), 2);
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "deadbee"));
	assert_string_equal(x->message, "commit deadbee is no commit of webchat (" WEBCHAT ")");
	x = at(&f, DT_RULE_COMMIT_UNKNOWN, DIARY1, line_of(DIARY1, "c0ffee1"));
	assert_string_equal(x->message, "commit c0ffee1 is no commit of webchat (" WEBCHAT ")");
	none_of(&f, DT_RULE_COMMIT_FOREIGN);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- commit-unreachable ---- */

static void test_rules_commit_unreachable(void **state)
{
	char old[HEXBUF], other[HEXBUF], c1[HEXBUF], c2[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(old, HEXBUF, "VM-001: long ago");
	tu_git(NULL, "checkout -q -b other");
	tu_git_code(other, HEXBUF, "VM-001: on another branch");
	tu_git(NULL, "checkout -q main");
	tu_git_id(base_id, HEXBUF, "HEAD");
	tu_git_code(c1, HEXBUF, "VM-001: here");
	step_rec(&d, 1, "Old", old, 0, NULL); /* an ancestor outside the range: fine */
	step_rec(&d, 2, "Other", other, 0, NULL);
	step_rec(&d, 3, "Here", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	abbrev_of(ab, other);
	judge(&f, base_id);
	x = only(&f, DT_RULE_COMMIT_UNREACHABLE);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	assert_string_equal(x->file, DIARY1);
	assert_int_equal(x->line, line_of(DIARY1, ab));
	tu_assert_contains(x->message, ab);
	tu_assert_contains(x->message, "HEAD");
	tu_assert_contains(x->hint, "diarist fix");
	none_of(&f, DT_RULE_COMMIT_UNKNOWN);
	dt_findings_dispose(&f);

	/* judged from the other branch: the commits of main are the strangers */
	{
		judge_opts jo;
		memset(&jo, 0, sizeof(jo));
		tu_git(NULL, "checkout -q other");
		put_diary(d.ptr);
		tu_git_commit_msg(c2, HEXBUF, "VM-001: record on other");
		jo.base = other;
		assert_int_equal(judge_with(&f, &jo), 0);
		abbrev_of(ab, c1);
		x = only(&f, DT_RULE_COMMIT_UNREACHABLE);
		tu_assert_contains(x->message, ab);
		dt_rules_stats_dispose(&jo.stats);
		dt_findings_dispose(&f);
	}
	dt_buf_dispose(&d);
}

/* ---- task-untraced ---- */

/* Task 2 checked in the range, claimed as `claim` says, on a fresh copy of
 * the state at `start`; 1 when task-untraced is found for it. */
static int untraced_with(const char *start, const char *claim)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const char *heading = "Do b";
	const char *msg = "VM-001: do b";
	size_t n;
	int found;

	tu_git(NULL, "reset -q --hard %s", start);
	if (!strcmp(claim, "heading"))
		heading = "Do b (Task 2)";
	else if (!strcmp(claim, "heading-stable"))
		heading = "Do b (task t:bb)";
	else if (!strcmp(claim, "trailer"))
		msg = "VM-001: do b\n\nSome words.\n\nTask: 2\n";
	else if (!strcmp(claim, "subject"))
		msg = "VM-001: do b (task 2)";
	else if (!strcmp(claim, "other-task"))
		heading = "Do b (Task 1)";
	if (!strcmp(claim, "heading-stable"))
		tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [x] b <!-- t:bb -->\n");
	else
		tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [x] b\n");
	tu_git_code(c1, HEXBUF, msg);
	step_rec(&d, 1, heading, c1, 0, NULL);
	if (!strcmp(claim, "tasks-line"))
		dt_buf_puts(&d, "**Tasks:** 2\n\n");
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, start);
	n = count_of(&f, DT_RULE_TASK_UNTRACED);
	found = n > 0;
	if (found) {
		const dt_finding *x = only(&f, DT_RULE_TASK_UNTRACED);
		assert_int_equal(x->level, DT_LEVEL_ERROR);
		assert_string_equal(x->ticket, "VM-001");
		assert_string_equal(x->file, TASKS1);
		assert_int_equal(x->line, line_of(TASKS1, "- [x] b"));
		tu_assert_contains(x->message, "task 2");
		tu_assert_contains(x->message, "\"b\"");
		assert_non_null(x->hint);
	}
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
	return found;
}

static void test_rules_task_untraced(void **state)
{
	char start[HEXBUF];

	(void)state;
	tu_git_id(start, HEXBUF, "HEAD");
	assert_int_equal(untraced_with(start, "none"), 1);
	assert_int_equal(untraced_with(start, "other-task"), 1);
	assert_int_equal(untraced_with(start, "heading"), 0);
	assert_int_equal(untraced_with(start, "heading-stable"), 0);
	assert_int_equal(untraced_with(start, "tasks-line"), 0);
	assert_int_equal(untraced_with(start, "trailer"), 0);
	assert_int_equal(untraced_with(start, "subject"), 0);
}

/* A task checked before the range is not the range's doing. */
static void test_rules_task_untraced_base(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;

	(void)state;
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [ ] b\n");
	tu_git_commit_msg(base_id, HEXBUF, "VM-001: a is done (unclaimed, before the range)");
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [ ] b\n- [ ] c\n");
	tu_git_code(c1, HEXBUF, "VM-001: work on b");
	step_rec(&d, 1, "Work on b", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	none_of(&f, DT_RULE_TASK_UNTRACED);
	dt_findings_dispose(&f);

	/* a task added already checked counts as checked in the range */
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [ ] b\n- [ ] c\n- [x] d\n");
	tu_git_commit_msg(c2, HEXBUF, "VM-001: d was done");
	judge(&f, base_id);
	tu_assert_contains(only(&f, DT_RULE_TASK_UNTRACED)->message, "\"d\"");
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- task-claim-open, task-claim-unknown ---- */

static void test_rules_task_claim_open(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: start on a");
	step_rec(&d, 1, "Start on a (Task 1)", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	x = only(&f, DT_RULE_TASK_CLAIM_OPEN);
	assert_int_equal(x->level, DT_LEVEL_WARNING);
	assert_string_equal(x->ticket, "VM-001");
	assert_string_equal(x->file, DIARY1);
	assert_int_equal(x->line, line_of(DIARY1, "## Step 1"));
	tu_assert_contains(x->message, "task 1");
	tu_assert_contains(x->message, "\"a\"");
	dt_findings_dispose(&f);

	/* the step is older than the range: not this push's doing */
	tu_git_id(base_id, HEXBUF, "HEAD");
	tu_git_code(c1, HEXBUF, "VM-001: more");
	dt_buf_clear(&d);
	{
		char *was = tu_slurp(DIARY1);
		dt_buf_puts(&d, was + strlen(DIARY_HEAD));
		free(was);
	}
	step_rec(&d, 2, "More", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record more");
	judge(&f, base_id);
	none_of(&f, DT_RULE_TASK_CLAIM_OPEN);
	assert_clean(&f);
	dt_findings_dispose(&f);

	/* checked: no warning */
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [ ] b\n");
	tu_git_commit_msg(c2, HEXBUF, "VM-001: a is done");
	judge(&f, base_id);
	assert_clean(&f);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

static void test_rules_task_claim_unknown(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;
	size_t line;

	(void)state;
	tu_put(NULL, TASKS1, "# Tasks\n\n- [ ] a\n- [ ] b <!-- t:bb -->\n");
	tu_git_commit_msg(base_id, HEXBUF, "VM-001: a stable ID");
	tu_git_code(c1, HEXBUF, "VM-001: nine");
	tu_git_code(c2, HEXBUF, "VM-001: zz");
	step_rec(&d, 1, "Nine (Task 9)", c1, 0, NULL);
	step_rec(&d, 2, "Unknown ID (task t:zz)", c2, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c3, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_TASK_CLAIM_UNKNOWN), 2);
	line = line_of(DIARY1, "## Step 1");
	x = at(&f, DT_RULE_TASK_CLAIM_UNKNOWN, DIARY1, line);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	tu_assert_contains(x->message, "task 9");
	tu_assert_contains(x->message, "2 tasks");
	x = at(&f, DT_RULE_TASK_CLAIM_UNKNOWN, DIARY1, line_of(DIARY1, "## Step 2"));
	tu_assert_contains(x->message, "t:zz");
	dt_findings_dispose(&f);

	/* a trailer in a recorded commit claims too */
	tu_git_code(c1, HEXBUF, "VM-001: claims by trailer\n\nTask: 7\n");
	dt_buf_clear(&d);
	step_rec(&d, 1, "Fine (Task 2, task t:bb)", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c3, HEXBUF, "VM-001: record again");
	judge(&f, base_id);
	x = only(&f, DT_RULE_TASK_CLAIM_UNKNOWN);
	tu_assert_contains(x->message, "task 7");
	dt_findings_dispose(&f);

	/* claims that exist: nothing */
	tu_git_code(c1, HEXBUF, "VM-001: fine");
	dt_buf_clear(&d);
	step_rec(&d, 1, "Fine (Tasks 1-2, task t:bb)", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c3, HEXBUF, "VM-001: record once more");
	judge(&f, c3);
	none_of(&f, DT_RULE_TASK_CLAIM_UNKNOWN);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- status-open-tasks, status-all-done ---- */

static void status_case(const char *status, const char *tasks, dt_rule want)
{
	char c1[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;

	tu_git(NULL, "reset -q --hard %s", base_id);
	put_index(INDEX2, "VM-002", status);
	tu_put(NULL, TASKS2, tasks);
	tu_git_commit_msg(c1, HEXBUF, "VM-002: the state of things");
	judge(&f, base_id);
	if (want != DT_RULE_STATUS_OPEN_TASKS)
		none_of(&f, DT_RULE_STATUS_OPEN_TASKS);
	if (want != DT_RULE_STATUS_ALL_DONE)
		none_of(&f, DT_RULE_STATUS_ALL_DONE);
	if (want == DT_RULE_STATUS_OPEN_TASKS || want == DT_RULE_STATUS_ALL_DONE) {
		const dt_finding *x = only(&f, want);
		assert_string_equal(x->ticket, "VM-002");
		assert_string_equal(x->file, INDEX2);
		tu_assert_contains(x->message, "VM-002");
		tu_assert_contains(x->message, status);
		assert_int_equal(x->level, want == DT_RULE_STATUS_OPEN_TASKS ? DT_LEVEL_ERROR
		                                                             : DT_LEVEL_WARNING);
	}
	dt_findings_dispose(&f);
}

static void test_rules_status(void **state)
{
	(void)state;
	status_case("complete", "- [x] a\n- [ ] b\n", DT_RULE_STATUS_OPEN_TASKS);
	status_case("archived", "- [ ] a\n", DT_RULE_STATUS_OPEN_TASKS);
	status_case("complete", "- [x] a\n- [X] b\n", (dt_rule)-1);
	status_case("active", "- [x] a\n- [x] b\n", DT_RULE_STATUS_ALL_DONE);
	status_case("active", "- [x] a\n- [ ] b\n", (dt_rule)-1);
	status_case("review", "- [x] a\n", (dt_rule)-1);
	status_case("active", "no tasks at all\n", (dt_rule)-1);
}

/* ---- evidence-missing, evidence-failed, evidence-mismatch ---- */

static void test_rules_evidence(void **state)
{
	char c[4][HEXBUF], r[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c[0], HEXBUF, "VM-001: no evidence");
	tu_git_code(c[1], HEXBUF, "VM-001: failed tests");
	tu_git_code(c[2], HEXBUF, "VM-001: tested another tree");
	tu_git_code(c[3], HEXBUF, "VM-001: all good");
	step_rec(&d, 1, "None", c[0], -1, NULL);
	step_rec(&d, 2, "Failed", c[1], 1, NULL);
	step_rec(&d, 3, "Mismatch", c[2], 0, "0123abc");
	step_rec(&d, 4, "Good", c[3], 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(r, HEXBUF, "VM-001: record");
	judge(&f, base_id);

	abbrev_of(ab, c[0]);
	x = only(&f, DT_RULE_EVIDENCE_MISSING);
	assert_int_equal(x->level, DT_LEVEL_WARNING);
	assert_string_equal(x->commit, c[0]);
	assert_string_equal(x->file, DIARY1);
	assert_int_equal(x->line, line_of(DIARY1, ab));
	tu_assert_contains(x->message, ab);

	abbrev_of(ab, c[1]);
	x = only(&f, DT_RULE_EVIDENCE_FAILED);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->commit, c[1]);
	assert_int_equal(x->line, line_of(DIARY1, "exit 1;"));
	tu_assert_contains(x->message, ab);
	tu_assert_contains(x->message, "exit 1");

	abbrev_of(ab, c[2]);
	x = only(&f, DT_RULE_EVIDENCE_MISMATCH);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->commit, c[2]);
	assert_int_equal(x->line, line_of(DIARY1, "tree 0123abc"));
	tu_assert_contains(x->message, ab);
	tu_assert_contains(x->message, "0123abc");
	assert_int_equal(f.count, 3);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- step-numbering ---- */

static void test_rules_step_numbering(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: work");
	/* 1, 2-3, 4: in order */
	dt_buf_puts(&d, "## Step 1: One\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 2-3: Two and three\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 4, "Four", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_clean(&f);
	dt_findings_dispose(&f);

	/* 1, 1 (repeated), 3, 2 (out of order) */
	dt_buf_clear(&d);
	dt_buf_puts(&d, "## Step 1: One\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 1: One again\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 2: Two\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 4: Four\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 3, "Three", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: renumber badly");
	judge(&f, base_id);
	x = at(&f, DT_RULE_STEP_NUMBERING, DIARY1, line_of(DIARY1, "## Step 1: One again"));
	assert_int_equal(x->level, DT_LEVEL_WARNING);
	assert_string_equal(x->ticket, "VM-001");
	tu_assert_contains(x->message, "step 1");
	x = at(&f, DT_RULE_STEP_NUMBERING, DIARY1, line_of(DIARY1, "## Step 3"));
	tu_assert_contains(x->message, "step 3");
	tu_assert_contains(x->message, "step 4");
	/* no error among them: warnings never block */
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_ERROR), 0);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* "## Step 5b:" after step 5 is in order; "## Step: Title" is a step with
 * no number: one warning for it, and the next step follows the last
 * numbered one. */
static void test_rules_step_numbering_suffix_and_unnumbered(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: work");
	/* 1, 1b, 1c, 2: in order */
	dt_buf_puts(&d, "## Step 1: One\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 1b: Put in between\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 1c: And another\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 2, "Two", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_clean(&f);
	dt_findings_dispose(&f);

	/* 1, (none), 2, 2b, 2a (out of order), 4 (skipped) */
	dt_buf_clear(&d);
	dt_buf_puts(&d, "## Step 1: One\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step: Look around\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 2: Two\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 2b: Two b\n\n**Commit (code):** N/A\n\n");
	dt_buf_puts(&d, "## Step 2a: Two a\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 4, "Four", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: steps as people write them");
	judge(&f, base_id);
	x = at(&f, DT_RULE_STEP_NUMBERING, DIARY1, line_of(DIARY1, "## Step: Look around"));
	assert_int_equal(x->level, DT_LEVEL_WARNING);
	tu_assert_contains(x->message, "without a number");
	x = at(&f, DT_RULE_STEP_NUMBERING, DIARY1, line_of(DIARY1, "## Step 2a"));
	tu_assert_contains(x->message, "step 2a comes after step 2b");
	x = at(&f, DT_RULE_STEP_NUMBERING, DIARY1, line_of(DIARY1, "## Step 4"));
	tu_assert_contains(x->message, "step 4 follows step 2a");
	assert_int_equal(count_of(&f, DT_RULE_STEP_NUMBERING), 3);
	assert_int_equal(dt_findings_count(&f, DT_LEVEL_ERROR), 0);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- frontmatter-invalid ---- */

static void test_rules_frontmatter_invalid(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	const dt_finding *x;

	(void)state;
	tu_put(NULL, INDEX1, "---\nTitle: Ticket\nTicket: VM-001\nTopics: [unclosed\n---\n\n# T\n");
	tu_git_code(c1, HEXBUF, "VM-001: broken index");
	step_rec(&d, 1, "Broken", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	x = only(&f, DT_RULE_FRONTMATTER_INVALID);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001"); /* from the folder name */
	assert_string_equal(x->file, INDEX1);
	assert_true(x->line >= 2 && x->line <= 5);
	tu_assert_contains(x->message, INDEX1);
	none_of(&f, DT_RULE_COMMIT_UNRECORDED);
	dt_findings_dispose(&f);

	/* the diary's own frontmatter */
	put_index(INDEX1, "VM-001", "active");
	{
		char *text =
		    dt_xasprintf("---\nTitle: Diary\nTicket: [VM-001\n---\n\n# Diary\n\n%s", d.ptr);
		tu_put(NULL, DIARY1, text);
		free(text);
	}
	tu_git_commit_msg(c2, HEXBUF, "VM-001: break the diary");
	judge(&f, base_id);
	x = only(&f, DT_RULE_FRONTMATTER_INVALID);
	assert_string_equal(x->file, DIARY1);
	assert_true(x->line >= 2 && x->line <= 4);
	tu_assert_contains(x->message, DIARY1);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* ---- several diaries (SPEC 1.5) ---- */

/* A diary of VM-001 other than the writer's: `title`, then `steps`. */
static void put_other_diary(const char *path, const char *title, const char *steps)
{
	char *text = dt_xasprintf("---\nTitle: %s\nTicket: VM-001\nDocType: reference\n---\n\n"
	                          "# %s\n\n%s",
	                          title, title, steps);
	tu_put(NULL, path, text);
	free(text);
}

/* Three diaries: each is read and judged, each finding names its own file
 * and line, and a commit recorded in any of them is recorded. */
static void test_rules_many_diaries(void **state)
{
	char other[HEXBUF], c1[HEXBUF], c2[HEXBUF], c3[HEXBUF], c4[HEXBUF], book[HEXBUF];
	char ab[HEXBUF], ab3[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d1 = DT_BUF_INIT, d2 = DT_BUF_INIT, d3 = DT_BUF_INIT;
	const dt_finding *x;
	const dt_ticket_summary *s = NULL;
	judge_opts jo;

	(void)state;
	/* a commit no longer on the branch: its hash is stale */
	tu_git(NULL, "checkout -q -b other");
	tu_git_code(other, HEXBUF, "VM-001: on another branch");
	tu_git(NULL, "checkout -q main");
	tu_git_id(base_id, HEXBUF, "HEAD");
	tu_git_code(c1, HEXBUF, "VM-001: in the writer's diary");
	tu_git_code(c2, HEXBUF, "VM-001: only in the second diary");
	tu_git_code(c3, HEXBUF, "VM-001: in the third diary");
	tu_git_code(c4, HEXBUF, "VM-001: in no diary");
	step_rec(&d1, 1, "One (Task 1)", c1, 0, NULL);
	put_diary(d1.ptr);
	/* the second: its own steps from 1; a placeholder before its last */
	step_rec(&d2, 1, "Renamed", c2, 0, NULL);
	dt_buf_puts(&d2, "## Step 2: Planned\n\n**Commit (code):** pending\n\n");
	dt_buf_puts(&d2, "## Step 3: Docs\n\n**Commit (code):** N/A\n\n");
	put_other_diary(DIARY1B, "Rename diary", d2.ptr);
	/* the third: failed tests, a stale hash, a skipped number and a claim
	 * of a task that does not exist; task 2 is claimed here only */
	step_rec(&d3, 1, "Third (Task 2)", c3, 1, NULL);
	step_rec(&d3, 2, "Stale", other, 0, NULL);
	dt_buf_puts(&d3, "## Step 4: Nine (Task 9)\n\n**Commit (code):** N/A\n\n");
	put_other_diary(DIARY1C, "Notes", d3.ptr);
	tu_put(NULL, TASKS1, "# Tasks\n\n- [x] a\n- [x] b\n");
	tu_git_commit_msg(book, HEXBUF, "VM-001: the diaries");
	abbrev_of(ab, other);
	abbrev_of(ab3, c3);

	judge(&f, base_id);
	/* recorded in the second diary only: recorded; c4 in none */
	x = only(&f, DT_RULE_COMMIT_UNRECORDED);
	assert_string_equal(x->commit, c4);
	assert_string_equal(x->file, DIARY1); /* where 'diarist record' writes */
	tu_assert_contains(x->message, "none of its diaries");
	x = only(&f, DT_RULE_COMMIT_PENDING);
	assert_string_equal(x->file, DIARY1B);
	assert_int_equal(x->line, line_of(DIARY1B, "**Commit (code):** pending"));
	tu_assert_contains(x->message, "step 2");
	x = only(&f, DT_RULE_COMMIT_UNREACHABLE);
	assert_string_equal(x->file, DIARY1C);
	assert_int_equal(x->line, line_of(DIARY1C, ab));
	tu_assert_contains(x->message, ab);
	x = only(&f, DT_RULE_EVIDENCE_FAILED);
	assert_string_equal(x->file, DIARY1C);
	assert_int_equal(x->line, line_of(DIARY1C, "**Tests:**"));
	tu_assert_contains(x->message, ab3);
	/* each diary numbers its own steps */
	x = only(&f, DT_RULE_STEP_NUMBERING);
	assert_string_equal(x->file, DIARY1C);
	assert_int_equal(x->line, line_of(DIARY1C, "## Step 4"));
	x = only(&f, DT_RULE_TASK_CLAIM_UNKNOWN);
	assert_string_equal(x->file, DIARY1C);
	assert_int_equal(x->line, line_of(DIARY1C, "## Step 4"));
	/* task 2 is claimed by the third diary's step 1 */
	none_of(&f, DT_RULE_TASK_UNTRACED);
	none_of(&f, DT_RULE_EVIDENCE_MISSING);
	none_of(&f, DT_RULE_COMMIT_UNKNOWN);
	none_of(&f, DT_RULE_FRONTMATTER_INVALID);
	only(&f, DT_RULE_STATUS_ALL_DONE); /* active, every task checked */
	assert_int_equal(f.count, 7);
	dt_findings_dispose(&f);

	/* the summary (status, report) counts over every diary */
	memset(&jo, 0, sizeof(jo));
	jo.all = 1;
	jo.summaries = 1;
	assert_int_equal(judge_with(&f, &jo), 0);
	for (size_t i = 0; i < jo.stats.nsummary; i++)
		if (!strcmp(jo.stats.summary[i].id, "VM-001"))
			s = &jo.stats.summary[i];
	assert_non_null(s);
	assert_string_equal(s->diary, DIARY1);
	assert_int_equal(s->diaries.count, 3);
	assert_string_equal(s->diaries.items[0], DIARY1);
	assert_string_equal(s->diaries.items[1], DIARY1B);
	assert_string_equal(s->diaries.items[2], DIARY1C);
	assert_int_equal(s->steps, 1 + 3 + 3);
	assert_int_equal(s->recorded, 4); /* c1, c2, c3, other */
	assert_int_equal(s->evidence_passed, 3);
	assert_int_equal(s->evidence_failed, 1);
	assert_int_equal(s->evidence_missing, 0);
	assert_int_equal(s->unrecorded, 1);
	assert_int_equal(s->tasks_done, 2);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);

	/* a broken frontmatter in one diary: its finding, the others judged */
	{
		char *text =
		    dt_xasprintf("---\nTitle: [Rename diary\n---\n\n# Rename\n\n%s", d2.ptr);
		tu_put(NULL, DIARY1B, text);
		free(text);
	}
	tu_git_commit_msg(book, HEXBUF, "VM-001: break the second diary");
	judge(&f, base_id);
	x = only(&f, DT_RULE_FRONTMATTER_INVALID);
	assert_string_equal(x->file, DIARY1B);
	assert_true(x->line >= 2 && x->line <= 3);
	only(&f, DT_RULE_COMMIT_PENDING);
	only(&f, DT_RULE_COMMIT_UNREACHABLE);
	assert_string_equal(only(&f, DT_RULE_COMMIT_UNRECORDED)->commit, c4);
	dt_findings_dispose(&f);

	/* only one diary left: the message of the usual case again */
	tu_git(NULL, "rm -q %s %s", DIARY1B, DIARY1C);
	tu_git_commit_msg(book, HEXBUF, "VM-001: one diary again");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_UNRECORDED), 3); /* c2, c3, c4 */
	for (size_t i = 0; i < f.count; i++)
		if (f.items[i].rule == DT_RULE_COMMIT_UNRECORDED)
			tu_assert_contains(f.items[i].message, "its diary does not record");
	dt_findings_dispose(&f);
	dt_buf_dispose(&d1);
	dt_buf_dispose(&d2);
	dt_buf_dispose(&d3);
}

/* ---- ticket-duplicate ---- */

static void test_rules_ticket_duplicate(void **state)
{
	char c1[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	const dt_finding *x;

	(void)state;
	put_index("ttmp/2026/02/16/VM-001--again/index.md", "VM-001", "active");
	tu_git_commit_msg(c1, HEXBUF, "VM-001: a second folder");
	judge(&f, base_id);
	x = only(&f, DT_RULE_TICKET_DUPLICATE);
	assert_int_equal(x->level, DT_LEVEL_ERROR);
	assert_string_equal(x->ticket, "VM-001");
	tu_assert_contains(x->message, "VM-001");
	tu_assert_contains(x->message, T1);
	tu_assert_contains(x->message, "ttmp/2026/02/16/VM-001--again");
	assert_non_null(x->file);
	dt_findings_dispose(&f);
}

/* ---- history-shallow ---- */

/* What judging a shallow clone gave: the return code, the number of
 * findings, of history-shallow findings, and whether that one (when
 * alone) has the expected level, message and hint. */
typedef struct {
	int rc, count, shallow, shallow_ok;
} shallow_verdict;

/* This program, for judge_clone. */
static char *self_path;

/* `test_rules --judge-here BASE` ("-": none): judge the repository of the
 * current folder and print the verdict as "V rc count shallow ok".
 * _exit, not exit: no leak check of this process. */
static int judge_here(const char *base)
{
	dt_findings f = DT_FINDINGS_INIT;
	shallow_verdict v = {-100, -1, -1, 0};
	judge_opts jo;

	if (dt_odb_init() < 0)
		_exit(3);
	memset(&jo, 0, sizeof(jo));
	jo.base = strcmp(base, "-") ? base : NULL;
	v.rc = judge_with(&f, &jo);
	if (v.rc)
		printf("# %s\n", dt_error_last());
	v.count = (int)f.count;
	v.shallow = (int)count_of(&f, DT_RULE_HISTORY_SHALLOW);
	for (size_t i = 0; i < f.count; i++) {
		const dt_finding *x = &f.items[i];
		if (x->rule == DT_RULE_HISTORY_SHALLOW)
			v.shallow_ok = x->level == DT_LEVEL_ERROR &&
			               strstr(x->message, "shallow") && x->hint &&
			               strstr(x->hint, "fetch");
	}
	printf("V %d %d %d %d\n", v.rc, v.count, v.shallow, v.shallow_ok);
	fflush(stdout);
	_exit(0);
}

/* Judge a --depth N clone of the test's repository, from `base` (NULL: no
 * base), in another process (this program, --judge-here): on this path
 * libgit2 1.5.1 leaks a little (revwalk, after a missing parent), which
 * must stay out of the leak checks (valgrind does not follow exec). */
static shallow_verdict judge_clone(const char *repo, int depth, const char *base)
{
	char *clone = tu_path_in(tu_repo_group_home(), "shallow");
	char *const args[] = {self_path, "--judge-here", (char *)(base ? base : "-"), NULL};
	shallow_verdict v = {-100, -1, -1, 0};
	char out[4096];
	const char *at;
	int fd[2], status = -1;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	assert_non_null(self_path);
	tu_rm_rf(clone);
	tu_git(NULL, "clone -q --depth %d 'file://%s' '%s'", depth, repo, clone);
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (chdir(clone) == 0 && dup2(fd[1], STDOUT_FILENO) >= 0) {
			close(fd[0]);
			close(fd[1]);
			execv(self_path, args);
		}
		_exit(127);
	}
	close(fd[1]);
	while (got + 1 < sizeof(out) && (n = read(fd[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	tu_rm_rf(clone);
	free(clone);
	print_message("# judging a --depth %d clone:\n%s", depth, out);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	at = strstr(out, "V ");
	assert_non_null(at);
	assert_int_equal(sscanf(at, "V %d %d %d %d", &v.rc, &v.count, &v.shallow, &v.shallow_ok),
	                 4);
	return v;
}

static void assert_shallow(const shallow_verdict *v)
{
	assert_int_equal(v->rc, 0);
	assert_int_equal(v->shallow, 1);
	assert_int_equal(v->count, 1);
	assert_true(v->shallow_ok);
}

static void test_rules_history_shallow(void **state)
{
	char c1[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	shallow_verdict v;

	tu_git_code(c1, HEXBUF, "VM-001: one");
	tu_git_code(c1, HEXBUF, "VM-001: two");
	judge(&f, NULL);
	none_of(&f, DT_RULE_HISTORY_SHALLOW);
	dt_findings_dispose(&f);

	/* the range's base is in the clone; the range reaches the cut (check
	 * --all, or a new branch) */
	v = judge_clone(*state, 2, "HEAD~1");
	if (v.rc == 0) {
		assert_shallow(&v);
		v = judge_clone(*state, 1, NULL);
	}
	assert_int_not_equal(v.rc, DT_ENOTFOUND);
	assert_shallow(&v);
}

/* ---- levels ---- */

static void test_rules_levels(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	dt_config *cfg;
	judge_opts jo;

	(void)state;
	tu_git_code(c1, HEXBUF, "no ticket here");
	tu_git_code(c2, HEXBUF, "VM-001: untested");
	step_rec(&d, 1, "Untested (Task 1)", c2, -1, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c3, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_int_equal(only(&f, DT_RULE_TICKET_MISSING)->level, DT_LEVEL_ERROR);
	assert_int_equal(only(&f, DT_RULE_EVIDENCE_MISSING)->level, DT_LEVEL_WARNING);
	assert_int_equal(only(&f, DT_RULE_TASK_CLAIM_OPEN)->level, DT_LEVEL_WARNING);
	dt_findings_dispose(&f);

	cfg = config("rules:\n  ticket-missing: off\n  evidence-missing: error\n"
	             "  task-claim-open: warning\n");
	memset(&jo, 0, sizeof(jo));
	jo.cfg = cfg;
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), 0);
	none_of(&f, DT_RULE_TICKET_MISSING);
	assert_int_equal(only(&f, DT_RULE_EVIDENCE_MISSING)->level, DT_LEVEL_ERROR);
	assert_int_equal(only(&f, DT_RULE_TASK_CLAIM_OPEN)->level, DT_LEVEL_WARNING);
	assert_int_equal(f.count, 2);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);
	dt_config_free(cfg);
	dt_buf_dispose(&d);
}

/* ---- what is judged: the tip's tree, the touched tickets ---- */

static void test_rules_reads_the_tip(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: the work");
	dt_buf_puts(&d, "## Step 1: Planned\n\n**Commit (code):** pending\n\n");
	step_rec(&d, 2, "Work", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_PENDING), 1);
	dt_findings_dispose(&f);

	/* fixed in the work tree only, and a new problem there too: what is
	 * pushed is what counts */
	dt_buf_clear(&d);
	dt_buf_puts(&d, "## Step 1: Planned\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 2, "Work", c1, 0, NULL);
	dt_buf_puts(&d, "## Step 2: Repeated\n\n**Commit (code):** deadbee\n\n");
	put_diary(d.ptr);
	tu_put(NULL, TASKS1, "- [x] a\n- [x] b\n");
	tu_put(NULL, INDEX2, "---\nTicket: [broken\n---\n");
	judge(&f, base_id);
	assert_int_equal(count_of(&f, DT_RULE_COMMIT_PENDING), 1);
	assert_int_equal(f.count, 1);
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

/* All history judged (range NULL) in one walk whose commits a second
 * thread reads: started by the rules when they start judging, by the rules
 * before they read the tickets (summaries: status), or by the caller
 * (dt_rules_stream_start: the report) -- the same findings each way. */
static void judge_walk(dt_buf *text, int summaries, int stream)
{
	dt_rules_input in;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	dt_findings f = DT_FINDINGS_INIT;
	dt_format_opts opts = {0, NULL, NULL, NULL};
	dt_config *cfg = dt_config_new();
	dt_rules_stream *s = NULL;
	char tip[DT_HEX_MAX];
	dt_odb *o;

	assert_int_equal(dt_odb_open(&o), 0);
	assert_int_equal(dt_odb_resolve(tip, o, "HEAD"), 0);
	if (stream)
		assert_int_equal(dt_rules_stream_start(&s, tip, NULL, NULL), 0);
	memset(&in, 0, sizeof(in));
	in.cfg = cfg;
	in.odb = o;
	in.root = "ttmp";
	in.tip = tip;
	in.tip_name = "HEAD";
	in.all = 1;
	in.summaries = summaries;
	in.stream = s;
	assert_int_equal(dt_rules_run(&f, &st, &in), 0);
	assert_int_equal(st.commits, 5); /* the set-up's and four */
	dt_buf_clear(text);
	dt_findings_write(text, &f, DT_FORMAT_TEXT, &opts);
	dt_rules_stream_free(s);
	dt_findings_dispose(&f);
	dt_rules_stats_dispose(&st);
	dt_config_free(cfg);
	dt_odb_free(o);
}

static void test_rules_all_history_stream(void **state)
{
	char c[HEXBUF];
	dt_buf want = DT_BUF_INIT, got = DT_BUF_INIT;
	dt_rules_stream *s = NULL;
	dt_buf d = DT_BUF_INIT;

	(void)state;
	tu_git_code(c, HEXBUF, "fix without ticket");
	tu_git_code(c, HEXBUF, "VM-001: work");
	step_rec(&d, 1, "Work", c, -1, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c, HEXBUF, "VM-001: record");
	tu_git_code(c, HEXBUF, "VM-001: unrecorded");
	judge_walk(&want, 0, 0);
	tu_assert_contains(want.ptr, "[ticket-missing]");
	tu_assert_contains(want.ptr, "[commit-unrecorded]");
	judge_walk(&got, 1, 0);
	assert_string_equal(got.ptr, want.ptr);
	judge_walk(&got, 0, 1);
	assert_string_equal(got.ptr, want.ptr);
	judge_walk(&got, 1, 1);
	assert_string_equal(got.ptr, want.ptr);
	/* a stream never used: stopped and freed */
	tu_git_id(c, HEXBUF, "HEAD");
	assert_int_equal(dt_rules_stream_start(&s, c, NULL, NULL), 0);
	dt_rules_stream_free(s);
	dt_rules_stream_free(NULL);
	dt_buf_dispose(&want);
	dt_buf_dispose(&got);
	dt_buf_dispose(&d);
}

static void test_rules_all_and_ticket(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	judge_opts jo;

	(void)state;
	/* VM-002 closed with open tasks, before the range */
	put_index(INDEX2, "VM-002", "complete");
	tu_put(NULL, TASKS2, "- [ ] left over\n");
	tu_git_commit_msg(base_id, HEXBUF, "VM-002: close it");
	tu_git_code(c1, HEXBUF, "fix without ticket");
	tu_git_code(c2, HEXBUF, "VM-001: work");
	step_rec(&d, 1, "Work", c2, -1, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c1, HEXBUF, "VM-001: record");

	/* the range touches VM-001 only */
	judge(&f, base_id);
	none_of(&f, DT_RULE_STATUS_OPEN_TASKS);
	only(&f, DT_RULE_TICKET_MISSING);
	only(&f, DT_RULE_EVIDENCE_MISSING);
	dt_findings_dispose(&f);

	/* all: every ticket */
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	jo.all = 1;
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_string_equal(only(&f, DT_RULE_STATUS_OPEN_TASKS)->ticket, "VM-002");
	assert_int_equal(jo.stats.tickets.count, 2);
	assert_true(dt_strvec_contains(&jo.stats.tickets, "VM-001"));
	assert_true(dt_strvec_contains(&jo.stats.tickets, "VM-002"));
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);

	/* one ticket, by a loose name: its findings only */
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	jo.ticket = "vm001";
	assert_int_equal(judge_with(&f, &jo), 0);
	for (size_t i = 0; i < f.count; i++) {
		assert_non_null(f.items[i].ticket);
		assert_string_equal(f.items[i].ticket, "VM-001");
	}
	only(&f, DT_RULE_EVIDENCE_MISSING);
	assert_int_equal(jo.stats.tickets.count, 1);
	assert_string_equal(jo.stats.tickets.items[0], "VM-001");
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);

	/* a ticket not touched by the range is judged when asked for */
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	jo.ticket = "VM-002";
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_string_equal(only(&f, DT_RULE_STATUS_OPEN_TASKS)->ticket, "VM-002");
	assert_int_equal(f.count, 1);
	dt_rules_stats_dispose(&jo.stats);
	dt_findings_dispose(&f);

	/* no such ticket */
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	jo.ticket = "VM-404";
	assert_int_equal(judge_with(&f, &jo), DT_EUSAGE);
	tu_assert_contains(dt_error_last(), "VM-404");
	assert_int_equal(f.count, 0);
	dt_rules_stats_dispose(&jo.stats);
	dt_buf_dispose(&d);
}

static void test_rules_root_missing(void **state)
{
	char c1[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	judge_opts jo;

	(void)state;
	tu_git(NULL, "rm -r -q ttmp");
	tu_git_code(c1, HEXBUF, "no tickets any more");
	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	assert_int_equal(judge_with(&f, &jo), 0);
	assert_int_equal(jo.stats.root_missing, 1);
	assert_int_equal(f.count, 0);
	dt_rules_stats_dispose(&jo.stats);

	memset(&jo, 0, sizeof(jo));
	jo.base = base_id;
	jo.root_required = 1;
	assert_int_equal(judge_with(&f, &jo), DT_ECONFIG);
	tu_assert_contains(dt_error_last(), "ttmp");
	assert_int_equal(f.count, 0);
	dt_rules_stats_dispose(&jo.stats);
}

/* ---- broken inputs ---- */

static void test_rules_diary_nul(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], ab[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	FILE *fp;

	(void)state;
	tu_git_code(c1, HEXBUF, "VM-001: work");
	abbrev_of(ab, c1);
	fp = fopen(DIARY1, "wb");
	assert_non_null(fp);
	fprintf(fp, "%s## Step 1: Work\n\nA NUL", DIARY_HEAD);
	fputc('\0', fp);
	fprintf(fp, " here.\n\n**Commit (code):** %s\n", ab);
	assert_int_equal(fclose(fp), 0);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	{
		const dt_finding *x = only(&f, DT_RULE_FRONTMATTER_INVALID);
		assert_string_equal(x->file, DIARY1);
		assert_string_equal(x->ticket, "VM-001");
		tu_assert_contains(x->message, DIARY1);
	}
	dt_findings_dispose(&f);
}

static void test_rules_diary_long_line(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	size_t n = 2u * 1024u * 1024u;
	char *line = malloc(n + 1);

	(void)state;
	assert_non_null(line);
	memset(line, 'x', n);
	line[n] = '\0';
	tu_git_code(c1, HEXBUF, "VM-001: work");
	step_rec(&d, 1, "Work", c1, 0, NULL);
	dt_buf_puts(&d, line);
	dt_buf_puts(&d, "\n");
	free(line);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	/* refused as unreadable (with the file named), or read as it is */
	if (count_of(&f, DT_RULE_FRONTMATTER_INVALID)) {
		const dt_finding *x = only(&f, DT_RULE_FRONTMATTER_INVALID);
		assert_string_equal(x->file, DIARY1);
		tu_assert_contains(x->message, DIARY1);
	} else {
		assert_clean(&f);
	}
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

static void test_rules_tasks_garbage(void **state)
{
	char c1[HEXBUF], c2[HEXBUF];
	dt_findings f = DT_FINDINGS_INIT;
	dt_buf d = DT_BUF_INIT;
	unsigned char junk[4096];
	FILE *fp;

	(void)state;
	srand(7);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(1 + rand() % 255); /* no NUL */
	fp = fopen(TASKS1, "wb");
	assert_non_null(fp);
	fputs(
	    "- [x] \xff\xfe not UTF-8\n  - [x]\n-[x] no space\n* [X]    \n```\n- [x] in a fence\n",
	    fp);
	assert_int_equal(fwrite(junk, 1, sizeof(junk), fp), sizeof(junk));
	assert_int_equal(fclose(fp), 0);
	tu_git_code(c1, HEXBUF, "VM-001: work");
	step_rec(&d, 1, "Work (Task 1)", c1, 0, NULL);
	put_diary(d.ptr);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: record");
	judge(&f, base_id);
	/* whatever it says, it says it about the ticket's files */
	show(&f);
	for (size_t i = 0; i < f.count; i++) {
		assert_non_null(f.items[i].file);
		tu_assert_starts_with(f.items[i].file, T1);
	}
	dt_findings_dispose(&f);

	/* a NUL byte in tasks.md */
	fp = fopen(TASKS1, "wb");
	assert_non_null(fp);
	fputs("- [x] a\n", fp);
	fputc('\0', fp);
	fputs("- [ ] b\n", fp);
	assert_int_equal(fclose(fp), 0);
	tu_git_commit_msg(c2, HEXBUF, "VM-001: a NUL in the tasks");
	judge(&f, base_id);
	{
		int named = 0;
		for (size_t i = 0; i < f.count; i++) {
			assert_non_null(f.items[i].file);
			tu_assert_starts_with(f.items[i].file, T1);
			named |= !strcmp(f.items[i].file, TASKS1);
		}
		assert_true(named); /* the finding names tasks.md */
	}
	dt_findings_dispose(&f);
	dt_buf_dispose(&d);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rules_clean, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_ticket_missing, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_ticket_missing_exempt, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_since, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_ticket_unknown, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_ticket_ambiguous, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unrecorded, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unrecorded_exceptions, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unrecorded_kept, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unrecorded_no_diary, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_pending, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unknown, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_other_repos, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_other_repos_unreadable_clone, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_other_repos_named_shapes, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_commit_unreachable, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_task_untraced, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_task_untraced_base, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_task_claim_open, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_task_claim_unknown, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_status, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_evidence, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_step_numbering, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_step_numbering_suffix_and_unnumbered,
	                                    repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_many_diaries, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_frontmatter_invalid, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_ticket_duplicate, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_history_shallow, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_levels, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_reads_the_tip, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_all_history_stream, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_all_and_ticket, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_root_missing, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_diary_nul, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_diary_long_line, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_tasks_garbage, repo_setup, tu_repo_teardown),
	};
	int rc;

	if (argc == 3 && !strcmp(argv[1], "--judge-here"))
		return judge_here(argv[2]);
	self_path = realpath(argv[0], NULL);
	rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	free(self_path);
	return rc;
}
