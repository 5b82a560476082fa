/* test_timeline.c - a ticket's history as one timeline (lib/timeline.h):
 * repositories whose history each test builds with git, and the events
 * read back field by field. */
#include "unit.h"

#include "common.h"
#include "config.h"
#include "odb.h"
#include "rules.h"
#include "timeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEXBUF (DT_HEX_MAX + 64)
#define EM_DASH "\xE2\x80\x94"
#define T1 "ttmp/2026/02/14/VM-001--parser"
#define T2 "ttmp/2026/02/15/VM-002--loader"
#define INDEX1 T1 "/index.md"
#define TASKS1 T1 "/tasks.md"
#define DIARY1 T1 "/reference/01-diary.md"
/* more diaries of VM-001 (the writer's stays DIARY1, titled "Diary") */
#define DIARY1B T1 "/reference/09-rename-diary.md"
#define DIARY1C T1 "/diary/01-diary.md"
#define INDEX2 T2 "/index.md"

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

static void put_index(const char *path, const char *id, const char *status)
{
	char *text = dt_xasprintf("---\nTitle: Ticket %s\nTicket: %s\nStatus: %s\n---\n\n# %s\n",
	                          id, id, status, id);
	tu_put(NULL, path, text);
	free(text);
}

#define DIARY_HEAD                                                                                 \
	"---\nTitle: Diary\nTicket: VM-001\nDocType: reference\n---\n\n# Diary\n\n## Goal\n\n"     \
	"The goal.\n\n"

static void put_diary(const char *steps)
{
	char *text = dt_xasprintf("%s%s", DIARY_HEAD, steps);
	tu_put(NULL, DIARY1, text);
	free(text);
}

/* The clock of the next commits (author and committer). */
static void at(const char *when)
{
	setenv("GIT_AUTHOR_DATE", when, 1);
	setenv("GIT_COMMITTER_DATE", when, 1);
}

/* "## Step N: title" recording `rev` with a Tests line (exit_code >= 0). */
static void step_rec(dt_buf *d, long n, const char *title, const char *rev, int exit_code)
{
	char ab[HEXBUF], subject[512];
	tu_git_abbrev(ab, sizeof(ab), rev);
	tu_git_out(subject, sizeof(subject), "log -1 --format=%%s %s", rev);
	dt_buf_printf(
	    d, "## Step %ld: %s\n\nWhat I did.\n\n**Commit (code):** %s " EM_DASH " \"%s\"\n", n,
	    title, ab, subject);
	if (exit_code >= 0)
		dt_buf_printf(d,
		              "**Tests:** `make test` " EM_DASH
		              " exit %d; 42 passed, 0 failed; 3.1 s; commit %s, tree 9c1e2f0\n",
		              exit_code, ab);
	dt_buf_puts(d, "\n### What worked\n\nAll of it.\n\n");
}

typedef struct {
	dt_odb *o;
	dt_config *cfg;
	dt_tickets tk;
	dt_timelines tl;
	char tip[DT_HEX_MAX];
} built;

/* Print a timeline (a failing test shows what it got). */
static void dump(const dt_timeline *tl)
{
	for (size_t i = 0; i < tl->count; i++) {
		dt_buf what = DT_BUF_INIT;
		dt_event_what(&what, &tl->items[i]);
		print_message("  %zu %s %.7s %s\n", i, dt_event_kind_name(tl->items[i].kind),
		              tl->items[i].commit, what.ptr);
		dt_buf_dispose(&what);
	}
}

/* ---- the same timelines from the rules' walk (the report's way) ---- */

/* The commits come from the rules' reading thread, their traces from the
 * judging one: one at a time, through its own repository handle. */
typedef struct {
	pthread_mutex_t mu;
	dt_timeline_builder *b;
	size_t fed;
} tapped;

static int on_walk(const dt_commit *c, void *payload)
{
	tapped *x = payload;
	int rc;
	pthread_mutex_lock(&x->mu);
	rc = dt_timelines_add(x->b, c);
	x->fed++;
	pthread_mutex_unlock(&x->mu);
	return rc;
}

static int on_judged(const dt_commit *c, const dt_rules_trace *t, size_t n, void *payload)
{
	tapped *x = payload;
	(void)c;
	pthread_mutex_lock(&x->mu);
	dt_timelines_trace(x->b, t, n);
	pthread_mutex_unlock(&x->mu);
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void same_event(const dt_event *x, const dt_event *y, size_t i)
{
	if (x->kind != y->kind || x->time != y->time || x->offset != y->offset ||
	    strcmp(x->commit, y->commit) || strcmp(x->abbrev, y->abbrev) ||
	    !same_text(x->author, y->author) || !same_text(x->subject, y->subject) ||
	    x->names != y->names || x->step != y->step || !same_text(x->tests, y->tests) ||
	    x->tests_exit != y->tests_exit || x->exempt != y->exempt || x->task != y->task ||
	    !same_text(x->task_id, y->task_id) || !same_text(x->task_text, y->task_text) ||
	    x->step_number != y->step_number || !same_text(x->step_title, y->step_title) ||
	    !same_text(x->diary, y->diary) || x->ndiaries != y->ndiaries ||
	    !same_text(x->status_from, y->status_from) || !same_text(x->status_to, y->status_to)) {
		print_error("event %zu differs from the rules' walk: %s %.7s / %s %.7s\n", i,
		            dt_event_kind_name(x->kind), x->commit, dt_event_kind_name(y->kind),
		            y->commit);
		fail();
	}
}

/* Timelines `tl` (made `how`) equal, event for event, to `want`. */
static void same_timelines(const dt_timelines *tl, const dt_timelines *want, const char *how)
{
	assert_int_equal(tl->count, want->count);
	for (size_t t = 0; t < tl->count; t++) {
		assert_string_equal(tl->items[t].id, want->items[t].id);
		if (tl->items[t].count != want->items[t].count) {
			print_error("%s: %zu events %s, %zu from its own walk\n", tl->items[t].id,
			            tl->items[t].count, how, want->items[t].count);
			dump(&tl->items[t]);
			fail();
		}
		for (size_t i = 0; i < tl->items[t].count; i++)
			same_event(&tl->items[t].items[i], &want->items[t].items[i], i);
	}
}

#define KEPT ".git/diarist/history.cache"

/* Build b's timelines again from a walk of the rules with taps, and find
 * them equal, event for event, to those of dt_timelines_build (unless
 * the rules walked no history: a shallow clone). What earlier builds
 * kept (KEPT) is used. */
static void same_from_rules(const built *b, const char *only)
{
	dt_rules_input in;
	dt_findings f = DT_FINDINGS_INIT;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	dt_timelines tl;
	dt_odb *o;
	tapped x;

	memset(&in, 0, sizeof(in));
	memset(&x, 0, sizeof(x));
	pthread_mutex_init(&x.mu, NULL);
	assert_int_equal(dt_odb_open(&o), 0);
	assert_int_equal(dt_timelines_begin(&x.b, o, b->cfg, "ttmp", b->tip, &b->tk, only, 1, KEPT),
	                 0);
	in.cfg = b->cfg;
	in.odb = b->o;
	in.root = "ttmp";
	in.tip = b->tip;
	in.tip_name = "HEAD";
	in.all = 1;
	in.tickets = &b->tk;
	in.tap = on_judged;
	in.walk_tap = on_walk;
	in.tap_payload = &x;
	/* as the report does: the history read from before the rules run
	 * (not in a shallow clone, which the rules do not walk) */
	if (!dt_odb_shallow(b->o))
		assert_int_equal(dt_rules_stream_start(&in.stream, b->tip, on_walk, &x), 0);
	assert_int_equal(dt_rules_run(&f, &st, &in), 0);
	dt_rules_stream_free(in.stream);
	assert_int_equal(dt_timelines_end(x.b, &tl), 0);
	if (x.fed)
		same_timelines(&tl, &b->tl, "from the rules' walk");
	dt_timelines_dispose(&tl);
	dt_findings_dispose(&f);
	dt_rules_stats_dispose(&st);
	dt_odb_free(o);
	pthread_mutex_destroy(&x.mu);
}

/* The timelines of HEAD's history (`only`: one ticket), built both ways. */
/* As build, with the config `yaml` (NULL: the defaults). */
static void build_with(built *b, const char *only, const char *yaml)
{
	int rc;
	memset(b, 0, sizeof(*b));
	b->cfg = dt_config_new();
	if (yaml)
		assert_int_equal(dt_config_parse(b->cfg, yaml, strlen(yaml), DT_CONFIG_FILE), 0);
	assert_int_equal(dt_odb_open(&b->o), 0);
	assert_int_equal(dt_odb_resolve(b->tip, b->o, "HEAD"), 0);
	assert_int_equal(dt_odb_tickets(&b->tk, b->o, b->tip, "ttmp"), 0);
	rc = dt_timelines_build(&b->tl, b->o, b->cfg, "ttmp", b->tip, &b->tk, only, NULL);
	if (rc)
		print_error("dt_timelines_build: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	/* with what the history's objects said kept: the first build of this
	 * tip keeps what it reads, the next reads what was kept */
	for (int round = 0; round < 2; round++) {
		dt_timelines kept;
		assert_int_equal(
		    dt_timelines_build(&kept, b->o, b->cfg, "ttmp", b->tip, &b->tk, only, KEPT), 0);
		same_timelines(&kept, &b->tl, round ? "with what was kept" : "keeping them");
		dt_timelines_dispose(&kept);
		if (b->tl.count)
			assert_int_equal(access(KEPT, R_OK), 0);
	}
	same_from_rules(b, only);
}

static void build(built *b, const char *only)
{
	build_with(b, only, NULL);
}

static void unbuild(built *b)
{
	dt_timelines_dispose(&b->tl);
	dt_tickets_dispose(&b->tk);
	dt_config_free(b->cfg);
	dt_odb_free(b->o);
}

/* The timeline of ticket `id`. */
static const dt_timeline *timeline_of(const built *b, const char *id)
{
	for (size_t i = 0; i < b->tl.count; i++)
		if (!strcmp(b->tl.items[i].id, id))
			return &b->tl.items[i];
	print_error("no timeline for %s\n", id);
	fail();
	return NULL;
}

/* Event i of tl is of `kind` and in commit `hex`. */
static const dt_event *event(const dt_timeline *tl, size_t i, dt_event_kind kind, const char *hex)
{
	if (i >= tl->count || tl->items[i].kind != kind || strcmp(tl->items[i].commit, hex)) {
		print_error("event %zu: wanted %s in %.7s\n", i, dt_event_kind_name(kind), hex);
		dump(tl);
		fail();
	}
	return &tl->items[i];
}

static void is_commit(const dt_event *e, int names, long step, const char *subject)
{
	assert_int_equal(e->names, names);
	assert_int_equal(e->step, step);
	assert_string_equal(e->subject, subject);
	assert_string_equal(e->author, "A U Thor <author@example.com>");
}

static void is_task(const dt_event *e, size_t number, const char *id, const char *text)
{
	assert_int_equal(e->task, number);
	if (id)
		assert_string_equal(e->task_id, id);
	else
		assert_null(e->task_id);
	assert_string_equal(e->task_text, text);
}

static void is_status(const dt_event *e, const char *from, const char *to)
{
	if (from)
		assert_string_equal(e->status_from, from);
	else
		assert_null(e->status_from);
	if (to)
		assert_string_equal(e->status_to, to);
	else
		assert_null(e->status_to);
}

/* VM-001 (active, three open tasks, the second with a stable ID, a diary
 * with no steps) and VM-002 (draft), as the root commit. */
static char c_init[HEXBUF];
static char trunk[256]; /* the branch it is on */

static int repo_setup(void **state)
{
	*state = tu_repo_here();
	if (!*state)
		return -1;
	at("2026-02-14T09:00:00+01:00");
	put_index(INDEX1, "VM-001", "active");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [ ] write the parser\n"
	       "- [ ] write the loader <!-- t:load -->\n- [ ] document it\n");
	put_diary("");
	put_index(INDEX2, "VM-002", "draft");
	tu_git_commit_msg(c_init, HEXBUF, "VM-001: create the tickets\n\nRefs: VM-002\n");
	tu_git_out(trunk, sizeof(trunk), "symbolic-ref --short HEAD");
	return 0;
}

/* ---- the tests ---- */

/* Tasks checked over several commits, one unchecked again, one whose
 * text changes with its stable ID; a commit that names the ticket and is
 * recorded with evidence; one recorded but naming no ticket; a step
 * added; the status set, then changed. */
static void test_timeline_history(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], d1[HEXBUF], k1[HEXBUF], k2[HEXBUF], u1[HEXBUF], s1[HEXBUF];
	dt_buf d = DT_BUF_INIT;
	const dt_timeline *tl;
	const dt_event *e;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	tu_git_code(c1, HEXBUF, "VM-001: add the parser");
	at("2026-02-14T11:00:00+01:00");
	tu_git_code(c2, HEXBUF, "Tidy the helpers");
	at("2026-02-14T12:00:00+01:00");
	step_rec(&d, 1, "The parser (Task 1)", c1, 0);
	step_rec(&d, 2, "Helpers", c2, -1);
	put_diary(d.ptr);
	tu_git_commit_msg(d1, HEXBUF, "VM-001: diary, steps 1 and 2");
	at("2026-02-15T09:00:00+01:00");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [x] write the parser\n"
	       "- [ ] write the loader <!-- t:load -->\n- [ ] document it\n");
	tu_git_commit_msg(k1, HEXBUF, "VM-001: check task 1");
	at("2026-02-15T10:00:00+01:00");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [x] write the parser\n"
	       "- [X] write the config loader <!-- t:load -->\n- [x] document it\n");
	tu_git_commit_msg(k2, HEXBUF, "VM-001: check tasks 2 and 3");
	at("2026-02-15T11:00:00+01:00");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [ ] write the parser\n"
	       "- [X] write the config loader <!-- t:load -->\n- [x] document it\n");
	tu_git_commit_msg(u1, HEXBUF, "VM-001: task 1 is not done after all");
	at("2026-02-15T12:00:00-05:00");
	put_index(INDEX1, "VM-001", "complete");
	tu_git_commit_msg(s1, HEXBUF, "VM-001: close");

	build(&b, NULL);
	assert_int_equal(b.tl.count, 2);
	assert_string_equal(b.tl.items[0].id, "VM-001");
	assert_string_equal(b.tl.items[0].dir, "2026/02/14/VM-001--parser");
	assert_string_equal(b.tl.items[1].id, "VM-002");
	tl = timeline_of(&b, "VM-001");

	e = event(tl, 0, DT_EV_COMMIT, c_init);
	is_commit(e, 1, -1, "VM-001: create the tickets");
	assert_int_equal(e->exempt, DT_EXEMPT_BOOKKEEPING);
	assert_null(e->tests);
	e = event(tl, 1, DT_EV_STATUS, c_init);
	is_status(e, NULL, "active");
	assert_int_equal(e->time, 1771056000); /* 09:00 +01:00 */
	assert_int_equal(e->offset, 60);

	e = event(tl, 2, DT_EV_COMMIT, c1);
	is_commit(e, 1, 1, "VM-001: add the parser");
	assert_int_equal(e->exempt, DT_EXEMPT_NONE);
	assert_int_equal(e->tests_exit, 0);
	assert_non_null(e->tests);
	tu_assert_starts_with(e->tests, "`make test` " EM_DASH " exit 0; 42 passed, 0 failed;");
	{
		char ab[HEXBUF];
		tu_git_abbrev(ab, sizeof(ab), c1);
		assert_string_equal(e->abbrev, ab);
	}

	e = event(tl, 3, DT_EV_COMMIT, c2); /* recorded, names no ticket */
	is_commit(e, 0, 2, "Tidy the helpers");
	assert_null(e->tests);
	assert_int_equal(e->tests_exit, -1);

	e = event(tl, 4, DT_EV_COMMIT, d1);
	is_commit(e, 1, -1, "VM-001: diary, steps 1 and 2");
	assert_int_equal(e->exempt, DT_EXEMPT_BOOKKEEPING);
	e = event(tl, 5, DT_EV_STEP_ADDED, d1);
	assert_int_equal(e->step_number, 1);
	assert_string_equal(e->step_title, "The parser (Task 1)");
	e = event(tl, 6, DT_EV_STEP_ADDED, d1);
	assert_int_equal(e->step_number, 2);
	assert_string_equal(e->step_title, "Helpers");

	event(tl, 7, DT_EV_COMMIT, k1);
	is_task(event(tl, 8, DT_EV_TASK_CHECKED, k1), 1, NULL, "write the parser");

	event(tl, 9, DT_EV_COMMIT, k2);
	/* the stable ID keeps its identity through the new text */
	is_task(event(tl, 10, DT_EV_TASK_CHECKED, k2), 2, "load", "write the config loader");
	is_task(event(tl, 11, DT_EV_TASK_CHECKED, k2), 3, NULL, "document it");

	event(tl, 12, DT_EV_COMMIT, u1);
	is_task(event(tl, 13, DT_EV_TASK_UNCHECKED, u1), 1, NULL, "write the parser");

	event(tl, 14, DT_EV_COMMIT, s1);
	e = event(tl, 15, DT_EV_STATUS, s1);
	is_status(e, "active", "complete");
	assert_int_equal(e->offset, -300);
	assert_int_equal(tl->count, 16);

	/* VM-002: named by the root commit's trailer, its status first set */
	tl = timeline_of(&b, "VM-002");
	assert_int_equal(tl->count, 2);
	is_commit(event(tl, 0, DT_EV_COMMIT, c_init), 1, -1, "VM-001: create the tickets");
	is_status(event(tl, 1, DT_EV_STATUS, c_init), NULL, "draft");
	unbuild(&b);

	/* one ticket asked for: the same events */
	build(&b, "VM-001");
	assert_int_equal(b.tl.count, 1);
	assert_int_equal(b.tl.items[0].count, 16);
	is_status(event(&b.tl.items[0], 15, DT_EV_STATUS, s1), "active", "complete");
	unbuild(&b);
	dt_buf_dispose(&d);
}

/* Events sorted by commit date, not by the order of the history; equal
 * dates keep parents before children. */
static void test_timeline_order(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF], c4[HEXBUF];
	const dt_timeline *tl;
	built b;
	(void)state;

	at("2026-02-20T10:00:00+00:00");
	tu_git_code(c1, HEXBUF, "VM-001: first");
	at("2026-02-18T10:00:00+00:00"); /* a clock behind */
	tu_git_code(c2, HEXBUF, "VM-001: second");
	at("2026-02-21T10:00:00+00:00");
	tu_git_code(c3, HEXBUF, "VM-001: third");
	tu_git_code(c4, HEXBUF, "VM-001: fourth, same second");
	build(&b, "vm-001");
	tl = timeline_of(&b, "VM-001");
	assert_int_equal(tl->count, 6);
	event(tl, 0, DT_EV_COMMIT, c_init);
	event(tl, 1, DT_EV_STATUS, c_init);
	event(tl, 2, DT_EV_COMMIT, c2);
	event(tl, 3, DT_EV_COMMIT, c1);
	event(tl, 4, DT_EV_COMMIT, c3);
	event(tl, 5, DT_EV_COMMIT, c4);
	unbuild(&b);
}

/* After a rebase the timeline has the rewritten commits reachable from
 * the tip; the old ones are gone, even when a diary still names them. */
static void test_timeline_rebase(void **state)
{
	char x[HEXBUF], a[HEXBUF], bb[HEXBUF], a2[HEXBUF], b2[HEXBUF], d1[HEXBUF];
	dt_buf d = DT_BUF_INIT;
	const dt_timeline *tl;
	built b;
	(void)state;

	tu_git(NULL, "checkout -q -b topic");
	at("2026-02-14T10:00:00+01:00");
	tu_put(NULL, "src/a.c", "int a;\n");
	tu_git_commit_msg(a, HEXBUF, "VM-001: a");
	at("2026-02-14T10:05:00+01:00");
	tu_put(NULL, "src/b.c", "int b;\n");
	tu_git_commit_msg(bb, HEXBUF, "VM-001: b");
	tu_git(NULL, "checkout -q %s", trunk);
	at("2026-02-14T10:10:00+01:00");
	tu_git_code(x, HEXBUF, "VM-001: x on main");
	tu_git(NULL, "checkout -q topic");
	at("2026-02-14T11:00:00+01:00");
	tu_git(NULL, "rebase -q %s", trunk);
	tu_git_id(a2, HEXBUF, "HEAD~1");
	tu_git_id(b2, HEXBUF, "HEAD");
	assert_string_not_equal(a, a2);
	/* the diary records the old a and the new b */
	step_rec(&d, 1, "a", a, 0);
	step_rec(&d, 2, "b", b2, 0);
	put_diary(d.ptr);
	tu_git_commit_msg(d1, HEXBUF, "VM-001: diary");

	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	for (size_t i = 0; i < tl->count; i++) {
		assert_string_not_equal(tl->items[i].commit, a);
		assert_string_not_equal(tl->items[i].commit, bb);
	}
	event(tl, 0, DT_EV_COMMIT, c_init);
	event(tl, 1, DT_EV_STATUS, c_init);
	is_commit(event(tl, 2, DT_EV_COMMIT, x), 1, -1, "VM-001: x on main");
	assert_int_equal(tl->items[2].exempt, DT_EXEMPT_NONE);
	/* a rebase keeps the author date; the committer date is the rebase's */
	is_commit(event(tl, 3, DT_EV_COMMIT, a2), 1, -1, "VM-001: a");
	is_commit(event(tl, 4, DT_EV_COMMIT, b2), 1, 2, "VM-001: b");
	assert_int_equal(tl->items[4].tests_exit, 0);
	event(tl, 5, DT_EV_COMMIT, d1);
	event(tl, 6, DT_EV_STEP_ADDED, d1);
	event(tl, 7, DT_EV_STEP_ADDED, d1);
	assert_int_equal(tl->count, 8);
	unbuild(&b);
	dt_buf_dispose(&d);
}

/* A merge: what a merged branch did is its own commits' events, compared
 * with the first parent only they would come twice; what the merge
 * itself changes (a conflict resolved, an edit of its own) is the
 * merge's. */
static void test_timeline_merge(void **state)
{
	char s1[HEXBUF], m1[HEXBUF], mg[HEXBUF];
	const dt_timeline *tl;
	const dt_event *e;
	built b;
	(void)state;

	tu_git(NULL, "checkout -q -b side");
	at("2026-02-14T10:00:00+01:00");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [x] write the parser\n"
	       "- [ ] write the loader <!-- t:load -->\n- [ ] document it\n");
	tu_git_commit_msg(s1, HEXBUF, "VM-001: check task 1 on a branch");
	tu_git(NULL, "checkout -q %s", trunk);
	at("2026-02-14T11:00:00+01:00");
	tu_git_code(m1, HEXBUF, "VM-001: work on main");
	at("2026-02-14T12:00:00+01:00");
	tu_git(NULL, "merge -q --no-ff --no-commit side");
	/* and the merge checks task 3 itself */
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [x] write the parser\n"
	       "- [ ] write the loader <!-- t:load -->\n- [x] document it\n");
	tu_git_commit_msg(mg, HEXBUF, "VM-001: merge the branch");

	build(&b, NULL);
	tl = timeline_of(&b, "VM-001");
	event(tl, 0, DT_EV_COMMIT, c_init);
	event(tl, 1, DT_EV_STATUS, c_init);
	event(tl, 2, DT_EV_COMMIT, s1);
	is_task(event(tl, 3, DT_EV_TASK_CHECKED, s1), 1, NULL, "write the parser");
	event(tl, 4, DT_EV_COMMIT, m1);
	e = event(tl, 5, DT_EV_COMMIT, mg);
	is_commit(e, 1, -1, "VM-001: merge the branch");
	assert_int_equal(e->exempt, DT_EXEMPT_MERGE);
	is_task(event(tl, 6, DT_EV_TASK_CHECKED, mg), 3, NULL, "document it");
	assert_int_equal(tl->count, 7);
	unbuild(&b);
}

/* Steps: one added at a time; an edit that adds none makes no event; a
 * number written twice counts once; a heading in a code fence is none. */
static void test_timeline_steps(void **state)
{
	char d1[HEXBUF], d2[HEXBUF], d3[HEXBUF], d4[HEXBUF];
	const dt_timeline *tl;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	put_diary("## Step 1: Start\n\nText.\n\n");
	tu_git_commit_msg(d1, HEXBUF, "VM-001: step 1");
	put_diary("## Step 1: Start\n\nMore text.\n\n```\n## Step 9: not a step\n```\n\n"
	          "## Step 2-3: Middle (Task 2)\n\nText.\n\n");
	tu_git_commit_msg(d2, HEXBUF, "VM-001: step 2");
	put_diary("## Step 1: Start\n\nMore text.\n\n## Step 2-3: Middle (Task 2)\n\nEdited.\n\n");
	tu_git_commit_msg(d3, HEXBUF, "VM-001: an edit");
	put_diary("## Step 1: Start\n\nMore text.\n\n## Step 2-3: Middle (Task 2)\n\nEdited.\n\n"
	          "## Step 4: End\n\n## Step 4: End again\n\n");
	tu_git_commit_msg(d4, HEXBUF, "VM-001: step 4, twice");

	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	event(tl, 2, DT_EV_COMMIT, d1);
	assert_int_equal(event(tl, 3, DT_EV_STEP_ADDED, d1)->step_number, 1);
	assert_string_equal(tl->items[3].step_title, "Start");
	event(tl, 4, DT_EV_COMMIT, d2);
	assert_int_equal(event(tl, 5, DT_EV_STEP_ADDED, d2)->step_number, 2);
	assert_string_equal(tl->items[5].step_title, "Middle (Task 2)");
	event(tl, 6, DT_EV_COMMIT, d3);
	event(tl, 7, DT_EV_COMMIT, d4);
	assert_int_equal(event(tl, 8, DT_EV_STEP_ADDED, d4)->step_number, 4);
	assert_string_equal(tl->items[8].step_title, "End");
	assert_int_equal(tl->count, 9);
	unbuild(&b);
}

/* A hash on a line whose label names a repository of repos: is that
 * repository's: not a record of this history, even when a commit here
 * starts with it. */
static void test_timeline_other_repos(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], ab[HEXBUF], d1[HEXBUF];
	dt_buf d = DT_BUF_INIT;
	const dt_timeline *tl;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	tu_git_code(c1, HEXBUF, "VM-001: work");
	tu_git_code(c2, HEXBUF, "Tidy the helpers");
	step_rec(&d, 1, "Work", c1, -1);
	tu_git_abbrev(ab, sizeof(ab), c2);
	dt_buf_printf(&d,
	              "## Step 2: Elsewhere\n\n**Commit (code, webchat):** %s " EM_DASH
	              " \"webchat: tidy\"\n\n",
	              ab);
	put_diary(d.ptr);
	tu_git_commit_msg(d1, HEXBUF, "VM-001: diary");

	/* no repos: the label names no repository, the hash is a record */
	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	event(tl, 3, DT_EV_COMMIT, c2);
	unbuild(&b);

	build_with(&b, "VM-001", "repos:\n  webchat: ~\n");
	tl = timeline_of(&b, "VM-001");
	for (size_t i = 0; i < tl->count; i++)
		assert_string_not_equal(tl->items[i].commit, c2);
	event(tl, 2, DT_EV_COMMIT, c1);
	unbuild(&b);
	dt_buf_dispose(&d);
}

/* Commits that need no record say why; one no step records says none. */
static void test_timeline_exempt(void **state)
{
	char f1[HEXBUF], c1[HEXBUF], r1[HEXBUF];
	const dt_timeline *tl;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	tu_git_code(c1, HEXBUF, "VM-001: work");
	tu_git_code(f1, HEXBUF, "fixup! VM-001: work");
	tu_git_code(r1, HEXBUF, "Revert \"VM-001: work\"");
	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	assert_int_equal(event(tl, 2, DT_EV_COMMIT, c1)->exempt, DT_EXEMPT_NONE);
	assert_int_equal(event(tl, 3, DT_EV_COMMIT, f1)->exempt, DT_EXEMPT_FIXUP);
	assert_int_equal(event(tl, 4, DT_EV_COMMIT, r1)->exempt, DT_EXEMPT_NONE);
	assert_int_equal(tl->count, 5);
	unbuild(&b);
}

/* A version that cannot be read (broken frontmatter, NUL bytes) says
 * nothing, neither against the version before it nor after it. */
static void test_timeline_bad_files(void **state)
{
	char k1[HEXBUF], k2[HEXBUF], k3[HEXBUF];
	const dt_timeline *tl;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	tu_put(NULL, INDEX1, "---\nTitle: [unclosed\nStatus: complete\n---\n");
	tu_put(NULL, TASKS1, "- [x] write the parser\n");
	tu_git_commit_msg(k1, HEXBUF, "VM-001: broken index");
	put_index(INDEX1, "VM-001", "review");
	{
		FILE *f = fopen(TASKS1, "wb");
		assert_non_null(f);
		fwrite("- [ ] a\n\0- [x] b\n", 1, 17, f);
		fclose(f);
	}
	tu_git_commit_msg(k2, HEXBUF, "VM-001: tasks with a NUL");
	tu_put(NULL, TASKS1, "- [x] write the parser\n- [x] b\n");
	tu_git_commit_msg(k3, HEXBUF, "VM-001: tasks fixed");

	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	event(tl, 0, DT_EV_COMMIT, c_init);
	event(tl, 1, DT_EV_STATUS, c_init);
	event(tl, 2, DT_EV_COMMIT, k1);
	is_task(event(tl, 3, DT_EV_TASK_CHECKED, k1), 1, NULL, "write the parser");
	event(tl, 4, DT_EV_COMMIT, k2);
	event(tl, 5, DT_EV_COMMIT, k3);
	assert_int_equal(tl->count, 6);
	unbuild(&b);
}

/* Every entry kept overwritten with bytes that mean nothing, its length
 * and the file's form kept: the timelines are what the objects say, and
 * the entries are made good again. */
static void test_timeline_kept_damaged(void **state)
{
	char d1[HEXBUF], d2[HEXBUF];
	char *text;
	size_t entries = 0;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	put_diary("## Step 1: Start\n\nText.\n\n");
	tu_put(NULL, TASKS1, "- [x] write the parser\n- [ ] write the loader <!-- t:load -->\n");
	tu_git_commit_msg(d1, HEXBUF, "VM-001: step 1");
	put_diary("## Step 1: Start\n\n## Step 2: More\n\n");
	tu_put(NULL, TASKS1, "- [x] write the parser\n- [x] write the loader <!-- t:load -->\n");
	put_index(INDEX1, "VM-001", "complete");
	tu_git_commit_msg(d2, HEXBUF, "VM-001: step 2");
	build(&b, NULL); /* keeps them */
	unbuild(&b);

	text = tu_slurp(KEPT);
	{
		char *p = strchr(text, '\n') + 1;
		while (*p) {
			char *nl = strchr(p, '\n');
			size_t len = strtoul(strchr(p, ' ') + 1, NULL, 10);
			memset(nl + 1, 'x', len);
			p = nl + 1 + len + 1;
			entries++;
		}
	}
	assert_true(entries > 6); /* commits, tasks, diaries, index.md versions */
	tu_put(NULL, KEPT, text);
	free(text);

	build(&b, NULL); /* what was kept is of no use: read again */
	{
		const dt_timeline *tl = timeline_of(&b, "VM-001");
		assert_int_equal(event(tl, 3, DT_EV_STEP_ADDED, d1)->step_number, 1);
		is_task(event(tl, 4, DT_EV_TASK_CHECKED, d1), 1, NULL, "write the parser");
		assert_int_equal(event(tl, 6, DT_EV_STEP_ADDED, d2)->step_number, 2);
		is_task(event(tl, 7, DT_EV_TASK_CHECKED, d2), 2, "load", "write the loader");
		assert_string_equal(event(tl, 8, DT_EV_STATUS, d2)->status_to, "complete");
	}
	unbuild(&b);
	text = tu_slurp(KEPT);
	tu_assert_lacks(text, "xxxxxxxx");
	free(text);
}

/* A shallow clone: the history it has, and no error where it is cut. */
static void test_timeline_shallow(void **state)
{
	char *clone = tu_path_in(tu_repo_group_home(), "shallow");
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF];
	const dt_timeline *tl;
	built b;

	at("2026-02-14T10:00:00+01:00");
	tu_git_code(c1, HEXBUF, "VM-001: one");
	tu_git_code(c2, HEXBUF, "VM-001: two");
	tu_put(NULL, TASKS1,
	       "# Tasks\n\n## Build\n\n- [x] write the parser\n"
	       "- [ ] write the loader <!-- t:load -->\n- [ ] document it\n");
	tu_git_commit_msg(c3, HEXBUF, "VM-001: three");
	tu_git(NULL, "clone -q --depth 2 'file://%s' '%s'", (const char *)*state, clone);
	assert_int_equal(chdir(clone), 0);
	build(&b, "VM-001");
	tl = timeline_of(&b, "VM-001");
	event(tl, 0, DT_EV_COMMIT, c2); /* its parent is cut off: no file events */
	event(tl, 1, DT_EV_COMMIT, c3);
	is_task(event(tl, 2, DT_EV_TASK_CHECKED, c3), 1, NULL, "write the parser");
	assert_int_equal(tl->count, 3);
	unbuild(&b);
	assert_int_equal(chdir(*state), 0);
	tu_rm_rf(clone);
	free(clone);
	(void)c1;
}

/* No such ticket asked for: no timelines, no walk. */
static void test_timeline_none(void **state)
{
	built b;
	(void)state;
	build(&b, "VM-404");
	assert_int_equal(b.tl.count, 0);
	unbuild(&b);
}

/* The words of event e (caller frees). */
static char *what_of(const dt_event *e)
{
	dt_buf out = DT_BUF_INIT;
	dt_event_what(&out, e);
	return dt_buf_detach(&out);
}

static void is_step(const dt_event *e, long number, const char *diary, const char *words)
{
	char *what = what_of(e);
	assert_int_equal(e->step_number, number);
	assert_string_equal(e->diary, diary);
	assert_int_equal(e->ndiaries, 3);
	assert_string_equal(what, words);
	free(what);
}

/* A ticket with three diaries: the commits any of them records, with the
 * step and the diary recording each, and the steps of every one. */
static void test_timeline_many_diaries(void **state)
{
	char c1[HEXBUF], c2[HEXBUF], c3[HEXBUF], d1[HEXBUF], d2[HEXBUF];
	dt_buf d = DT_BUF_INIT;
	const dt_timeline *tl;
	const dt_event *e;
	char *text, *what;
	built b;
	(void)state;

	at("2026-02-14T10:00:00+01:00");
	tu_git_code(c1, HEXBUF, "VM-001: the parser");
	at("2026-02-14T11:00:00+01:00");
	tu_git_code(c2, HEXBUF, "VM-001: the loader");
	at("2026-02-14T12:00:00+01:00");
	step_rec(&d, 1, "The parser", c1, 0);
	put_diary(d.ptr);
	dt_buf_clear(&d);
	step_rec(&d, 1, "The loader", c2, -1);
	dt_buf_puts(&d, "## Step 2: Docs\n\n**Commit (code):** N/A\n\n");
	text = dt_xasprintf("---\nTitle: Rename diary\n---\n\n# Rename\n\n%s", d.ptr);
	tu_put(NULL, DIARY1B, text);
	free(text);
	tu_git_commit_msg(d1, HEXBUF, "VM-001: two diaries");
	at("2026-02-14T13:00:00+01:00");
	tu_git_code(c3, HEXBUF, "Tidy the helpers");
	at("2026-02-14T14:00:00+01:00");
	dt_buf_clear(&d);
	dt_buf_puts(&d, "## Step 1: Notes\n\n**Commit (code):** N/A\n\n");
	step_rec(&d, 2, "Helpers", c3, 0);
	tu_put(NULL, DIARY1C, d.ptr);
	tu_git_commit_msg(d2, HEXBUF, "VM-001: a third diary");

	build(&b, NULL);
	tl = timeline_of(&b, "VM-001");
	event(tl, 0, DT_EV_COMMIT, c_init);
	event(tl, 1, DT_EV_STATUS, c_init);
	e = event(tl, 2, DT_EV_COMMIT, c1);
	is_commit(e, 1, 1, "VM-001: the parser");
	assert_string_equal(e->diary, "reference/01-diary.md");
	assert_int_equal(e->ndiaries, 3);
	/* recorded only in the second diary */
	e = event(tl, 3, DT_EV_COMMIT, c2);
	is_commit(e, 1, 1, "VM-001: the loader");
	assert_int_equal(e->exempt, DT_EXEMPT_NONE);
	assert_string_equal(e->diary, "reference/09-rename-diary.md");
	what = what_of(e);
	assert_string_equal(
	    what, "VM-001: the loader  (step 1 of reference/09-rename-diary.md; no tests)");
	free(what);
	event(tl, 4, DT_EV_COMMIT, d1);
	/* the steps of both diaries, each in its own */
	is_step(event(tl, 5, DT_EV_STEP_ADDED, d1), 1, "reference/01-diary.md",
	        "step 1 added: \"The parser\" (reference/01-diary.md)");
	is_step(event(tl, 6, DT_EV_STEP_ADDED, d1), 1, "reference/09-rename-diary.md",
	        "step 1 added: \"The loader\" (reference/09-rename-diary.md)");
	is_step(event(tl, 7, DT_EV_STEP_ADDED, d1), 2, "reference/09-rename-diary.md",
	        "step 2 added: \"Docs\" (reference/09-rename-diary.md)");
	/* named by no message, recorded by the third */
	e = event(tl, 8, DT_EV_COMMIT, c3);
	is_commit(e, 0, 2, "Tidy the helpers");
	assert_string_equal(e->diary, "diary/01-diary.md");
	event(tl, 9, DT_EV_COMMIT, d2);
	is_step(event(tl, 10, DT_EV_STEP_ADDED, d2), 1, "diary/01-diary.md",
	        "step 1 added: \"Notes\" (diary/01-diary.md)");
	is_step(event(tl, 11, DT_EV_STEP_ADDED, d2), 2, "diary/01-diary.md",
	        "step 2 added: \"Helpers\" (diary/01-diary.md)");
	assert_int_equal(tl->count, 12);
	unbuild(&b);

	/* one ticket asked for: the same */
	build(&b, "VM-001");
	assert_int_equal(b.tl.count, 1);
	assert_int_equal(b.tl.items[0].count, 12);
	unbuild(&b);
	dt_buf_dispose(&d);
}

/* The words of `diarist log`. */
static void test_timeline_words(void **state)
{
	dt_event e;
	dt_buf out = DT_BUF_INIT;
	char when[64];
	(void)state;

	memset(&e, 0, sizeof(e));
	e.kind = DT_EV_COMMIT;
	e.time = 1771059600; /* 2026-02-14T09:00:00Z */
	e.offset = 60;
	e.subject = "VM-023: add x";
	e.step = 3;
	e.names = 1;
	e.tests = "`make test` " EM_DASH " exit 0; 42 passed, 0 failed; 3.1 s; commit a64aead, "
	          "tree 9c1e2f0";
	e.tests_exit = 0;
	dt_event_time(when, sizeof(when), &e, 0);
	assert_string_equal(when, "2026-02-14 10:00");
	dt_event_time(when, sizeof(when), &e, 1);
	assert_string_equal(when, "2026-02-14T10:00:00+01:00");
	e.offset = -330;
	dt_event_time(when, sizeof(when), &e, 1);
	assert_string_equal(when, "2026-02-14T03:30:00-05:30");
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (step 3; tests: exit 0, 42 passed, 0 failed)");
	dt_buf_clear(&out);
	e.tests = NULL;
	e.tests_exit = -1;
	e.names = 0;
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (step 3; no tests; not named in the message)");
	dt_buf_clear(&out);
	e.step = -1;
	e.names = 1;
	e.exempt = DT_EXEMPT_BOOKKEEPING;
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (bookkeeping)");
	dt_buf_clear(&out);
	e.exempt = DT_EXEMPT_NONE;
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (not recorded)");
	/* the diary is named when the ticket has several */
	e.step = 3;
	e.diary = "reference/01-diary.md";
	e.ndiaries = 1;
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (step 3; no tests)");
	e.ndiaries = 2;
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "VM-023: add x  (step 3 of reference/01-diary.md; no tests)");

	memset(&e, 0, sizeof(e));
	e.kind = DT_EV_TASK_CHECKED;
	e.task = 7;
	e.task_text = "write the guide";
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "task 7 checked: \"write the guide\"");
	e.kind = DT_EV_TASK_UNCHECKED;
	e.task_id = "ab12";
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "task 7 (t:ab12) unchecked: \"write the guide\"");

	memset(&e, 0, sizeof(e));
	e.kind = DT_EV_STEP_ADDED;
	e.step_number = 4;
	e.step_title = "Docs";
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "step 4 added: \"Docs\"");

	memset(&e, 0, sizeof(e));
	e.kind = DT_EV_STATUS;
	e.status_to = "active";
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "status: active");
	e.status_from = "active";
	e.status_to = "complete";
	dt_buf_clear(&out);
	dt_event_what(&out, &e);
	assert_string_equal(out.ptr, "status: active -> complete");
	assert_string_equal(dt_event_kind_name(DT_EV_TASK_UNCHECKED), "task-unchecked");
	dt_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_timeline_history, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_order, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_rebase, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_merge, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_steps, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_other_repos, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_exempt, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_bad_files, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_kept_damaged, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_shallow, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_none, repo_setup, tu_repo_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_many_diaries, repo_setup,
	                                    tu_repo_teardown),
	    cmocka_unit_test(test_timeline_words),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
