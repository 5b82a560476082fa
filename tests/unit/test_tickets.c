/* test_tickets.c - lib/tickets.h: the ticket index and ref resolution (SPEC §1.2, §2). */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "tickets.h"

static void add_ticket(dt_tickets *tk, const char *id, const char *dir, const char *status)
{
	dt_ticket t;
	memset(&t, 0, sizeof(t));
	t.id = dt_xstrdup(id);
	t.dir = dt_xstrdup(dir);
	t.status = status ? dt_xstrdup(status) : NULL;
	t.closed = dt_status_closed(status);
	dt_tickets_add(tk, &t);
}

/* Build an index from a NULL-terminated list, skipping `skip` (or NULL). */
static void build_index(dt_tickets *tk, const char *const *ids, const char *skip)
{
	memset(tk, 0, sizeof(*tk));
	for (size_t i = 0; ids[i]; i++) {
		char dir[128];
		if (skip && !strcmp(ids[i], skip))
			continue;
		snprintf(dir, sizeof(dir), "2026/02/%02zu/%s--slug", i + 1, ids[i]);
		add_ticket(tk, ids[i], dir, "active");
	}
	dt_tickets_sort(tk);
}

static int corpus_setup(void **state)
{
	dt_tickets *tk = dt_xmalloc(sizeof(*tk));
	build_index(tk, tu_corpus_ids, NULL);
	*state = tk;
	return 0;
}

static int index_teardown(void **state)
{
	dt_tickets *tk = *state;
	dt_tickets_dispose(tk);
	free(tk);
	return 0;
}

static const char *status_name(dt_resolve_status s)
{
	switch (s) {
	case DT_RESOLVE_OK:
		return "ok";
	case DT_RESOLVE_AMBIGUOUS:
		return "ambiguous";
	case DT_RESOLVE_UNKNOWN:
		return "unknown";
	}
	return "?";
}

/* ------------------------------------------------------------------ */
/* resolution against the corpus IDs                                   */

#define MAX_IDS 4

typedef struct {
	const char *ref;
	dt_resolve_status status;
	dt_resolve_stage stage;
	const char *ids[MAX_IDS + 1]; /* expected, in index order; NULL-terminated */
} resolve_case;

static const resolve_case resolve_cases[] = {
    /* stage 1: exact, ignoring case */
    {"VM-023-IMPROVE-FRONTEND-DOCS",
     DT_RESOLVE_OK,
     DT_STAGE_EXACT,
     {"VM-023-IMPROVE-FRONTEND-DOCS"}},
    {"vm-023-improve-frontend-docs",
     DT_RESOLVE_OK,
     DT_STAGE_EXACT,
     {"VM-023-IMPROVE-FRONTEND-DOCS"}},
    {"Docmgr-201-FIX-PR43-Review-Blockers",
     DT_RESOLVE_OK,
     DT_STAGE_EXACT,
     {"DOCMGR-201-fix-pr43-review-blockers"}},
    /* a duplicated ID is one ID for resolution */
    {"VM-016-DOC-DRIFT-HYGIENE", DT_RESOLVE_OK, DT_STAGE_EXACT, {"VM-016-DOC-DRIFT-HYGIENE"}},
    /* stage 2: the unique ID starting with "ref-" */
    {"DOCMGR-201", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"DOCMGR-201-fix-pr43-review-blockers"}},
    {"docmgr-201", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"DOCMGR-201-fix-pr43-review-blockers"}},
    {"VM-023", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-023-IMPROVE-FRONTEND-DOCS"}},
    {"vm-022", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-022-IMPORT-FRONTEND-VM"}},
    {"VM-007-REFACTOR", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-007-REFACTOR-EXECUTOR-PIPELINE"}},
    {"VM-011-PORT", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-011-PORT-VM-CLI-TO-GLAZED"}},
    {"WEBVM-001", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"WEBVM-001-SCOPE-PLUGIN-ACTIONS"}},
    {"VM-016", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-016-DOC-DRIFT-HYGIENE"}},
    /* VM-013 is its own ticket, not VM-013A or VM-013B */
    {"VM-013", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-013-TEST-STRATEGY-MATRIX"}},
    {"VM-013A", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-013A-BACKEND-RUNTIME-SESSION-STORE"}},
    {"vm-013b", DT_RESOLVE_OK, DT_STAGE_PREFIX, {"VM-013B-BACKEND-CLIENT-LOADER-DAEMON"}},
    /* stage 3: normalised prefix at a '-' boundary */
    {"vm007", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-007-REFACTOR-EXECUTOR-PIPELINE"}},
    {"VM007", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-007-REFACTOR-EXECUTOR-PIPELINE"}},
    {"vm_023", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-023-IMPROVE-FRONTEND-DOCS"}},
    {"vm007refactor", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-007-REFACTOR-EXECUTOR-PIPELINE"}},
    {"VM023-IMPROVE", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-023-IMPROVE-FRONTEND-DOCS"}},
    {"vm013", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-013-TEST-STRATEGY-MATRIX"}},
    {"vm013a", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"VM-013A-BACKEND-RUNTIME-SESSION-STORE"}},
    {"docmgr201", DT_RESOLVE_OK, DT_STAGE_NORMALISED, {"DOCMGR-201-fix-pr43-review-blockers"}},
    /* several candidates at one stage: ambiguous, all listed */
    {"VM-011",
     DT_RESOLVE_AMBIGUOUS,
     DT_STAGE_PREFIX,
     {"VM-011-PORT-VM-CLI-TO-GLAZED", "VM-011-RTK-QUERY-STATE-MIGRATION"}},
    {"vm-011",
     DT_RESOLVE_AMBIGUOUS,
     DT_STAGE_PREFIX,
     {"VM-011-PORT-VM-CLI-TO-GLAZED", "VM-011-RTK-QUERY-STATE-MIGRATION"}},
    {"vm011",
     DT_RESOLVE_AMBIGUOUS,
     DT_STAGE_NORMALISED,
     {"VM-011-PORT-VM-CLI-TO-GLAZED", "VM-011-RTK-QUERY-STATE-MIGRATION"}},
    {"VM-017",
     DT_RESOLVE_AMBIGUOUS,
     DT_STAGE_PREFIX,
     {"VM-017-MERGE-UI-VM", "VM-017-NATIVE-MODULE-REGISTRY"}},
    /* nothing at any stage */
    {"vm00", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"VM-00", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"vm007ref", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"VM-099", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"VM-23", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"VM-023-IMPROVE-FRONTEND-DOC", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {"CVE-2024-1234", DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
    {NULL, DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, {NULL}},
};

static void test_resolve_corpus_table(void **state)
{
	const dt_tickets *tk = *state;
	size_t failures = 0, n = 0;

	for (const resolve_case *c = resolve_cases; c->ref; c++, n++) {
		dt_resolution r = DT_RESOLUTION_INIT;
		size_t want = 0;
		int ok;

		while (want < MAX_IDS && c->ids[want])
			want++;
		/* suggestions are checked elsewhere: ask for none here */
		dt_tickets_resolve(&r, tk, c->ref, 0);
		ok = r.status == c->status && r.stage == c->stage && r.ids.count == want;
		for (size_t i = 0; ok && i < want; i++)
			ok = !strcmp(r.ids.items[i], c->ids[i]);
		if (!ok) {
			print_error(
			    "resolve '%s': want %s/%s (%zu ids%s%s), got %s/%s (%zu ids%s%s)\n",
			    c->ref, status_name(c->status), dt_resolve_stage_name(c->stage), want,
			    want ? ", first " : "", want ? c->ids[0] : "", status_name(r.status),
			    dt_resolve_stage_name(r.stage), r.ids.count,
			    r.ids.count ? ", first " : "", r.ids.count ? r.ids.items[0] : "");
			failures++;
		}
		dt_resolution_dispose(&r);
	}
	assert_true(n >= 30);
	assert_int_equal(failures, 0);
}

static void test_resolve_empty_ref_is_unknown(void **state)
{
	dt_resolution r = DT_RESOLUTION_INIT;
	dt_tickets_resolve(&r, *state, "", 3);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_int_equal(r.ids.count, 0);
	dt_resolution_dispose(&r);
}

static void test_resolve_against_empty_index_is_unknown(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	dt_tickets_resolve(&r, &tk, "VM-023", 3);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_int_equal(r.stage, DT_STAGE_NONE);
	assert_int_equal(r.ids.count, 0);
	dt_resolution_dispose(&r);
}

/* SPEC §2: "`VM-013` does not find `VM-013A-BACKEND`" - without the
 * VM-013-TEST-STRATEGY-MATRIX ticket the ref names nothing. */
static void test_resolve_vm013_does_not_find_vm013a(void **state)
{
	dt_tickets tk;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	build_index(&tk, tu_corpus_ids, "VM-013-TEST-STRATEGY-MATRIX");
	dt_tickets_resolve(&r, &tk, "VM-013", 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	dt_resolution_dispose(&r);
	dt_tickets_resolve(&r, &tk, "vm013", 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	dt_resolution_dispose(&r);
	/* and the longer refs still find them */
	dt_tickets_resolve(&r, &tk, "VM-013A", 0);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_string_equal(r.ids.items[0], "VM-013A-BACKEND-RUNTIME-SESSION-STORE");
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
}

/* The closest IDs to an unknown VM-013 are the two that start with it. */
static void test_resolve_unknown_vm013_suggests_vm013a_and_vm013b(void **state)
{
	dt_tickets tk;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	build_index(&tk, tu_corpus_ids, "VM-013-TEST-STRATEGY-MATRIX");
	int suggests_both;
	dt_tickets_resolve(&r, &tk, "VM-013", 3);
	suggests_both = r.status == DT_RESOLVE_UNKNOWN && r.ids.count <= 3 &&
	                dt_strvec_contains(&r.ids, "VM-013A-BACKEND-RUNTIME-SESSION-STORE") &&
	                dt_strvec_contains(&r.ids, "VM-013B-BACKEND-CLIENT-LOADER-DAEMON");
	if (!suggests_both) {
		print_error("'VM-013' (%s): want VM-013A and VM-013B among the suggestions\n",
		            status_name(r.status));
		for (size_t i = 0; i < r.ids.count; i++)
			print_error("  suggested: %s\n", r.ids.items[i]);
	}
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
	assert_true(suggests_both);
}

typedef struct {
	const char *ref;
	const char *first; /* expected first (closest) suggestion */
} suggest_case;

static const suggest_case suggest_cases[] = {
    {"VM-023-IMPROVE-FRONTEND-DOC", "VM-023-IMPROVE-FRONTEND-DOCS"},
    {"WEBVM-01", "WEBVM-001-SCOPE-PLUGIN-ACTIONS"},
    {"DOCMGR-210", "DOCMGR-201-fix-pr43-review-blockers"},
    {"VM-13", "VM-013-TEST-STRATEGY-MATRIX"},
    {"vm-07-refactor", "VM-007-REFACTOR-EXECUTOR-PIPELINE"},
    {NULL, NULL},
};

static void test_resolve_unknown_suggests_closest_first(void **state)
{
	size_t failures = 0;
	for (const suggest_case *c = suggest_cases; c->ref; c++) {
		dt_resolution r = DT_RESOLUTION_INIT;
		dt_tickets_resolve(&r, *state, c->ref, 3);
		if (r.status != DT_RESOLVE_UNKNOWN || !r.ids.count || r.ids.count > 3 ||
		    strcmp(r.ids.items[0], c->first)) {
			print_error(
			    "suggest '%s': want unknown, first %s; got %s, %zu ids, first %s\n",
			    c->ref, c->first, status_name(r.status), r.ids.count,
			    r.ids.count ? r.ids.items[0] : "(none)");
			failures++;
		}
		dt_resolution_dispose(&r);
	}
	assert_int_equal(failures, 0);
}

static void test_resolve_suggestions_respect_max_and_are_distinct(void **state)
{
	dt_resolution r = DT_RESOLUTION_INIT;
	/* many IDs are one edit away from vm025 */
	dt_tickets_resolve(&r, *state, "VM-025", 3);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_int_equal(r.ids.count, 3);
	for (size_t i = 0; i < r.ids.count; i++)
		for (size_t j = i + 1; j < r.ids.count; j++)
			assert_string_not_equal(r.ids.items[i], r.ids.items[j]);
	dt_resolution_dispose(&r);

	dt_tickets_resolve(&r, *state, "VM-025", 1);
	assert_int_equal(r.ids.count, 1);
	dt_resolution_dispose(&r);

	dt_tickets_resolve(&r, *state, "VM-025", 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_int_equal(r.ids.count, 0);
	dt_resolution_dispose(&r);
}

/* Suggestions for the duplicated VM-016 list the ID once. */
static void test_resolve_suggestions_list_a_duplicate_id_once(void **state)
{
	dt_resolution r = DT_RESOLUTION_INIT;
	dt_tickets_resolve(&r, *state, "VM-016-DOC-DRIFT-HYGENE", 5);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_true(r.ids.count >= 1);
	assert_string_equal(r.ids.items[0], "VM-016-DOC-DRIFT-HYGIENE");
	for (size_t i = 1; i < r.ids.count; i++)
		assert_string_not_equal(r.ids.items[i], "VM-016-DOC-DRIFT-HYGIENE");
	dt_resolution_dispose(&r);
}

/* ------------------------------------------------------------------ */
/* stage order on small hand-made indexes                              */

static void test_resolve_exact_wins_over_longer_ids(void **state)
{
	static const char *const ids[] = {"VM-030", "VM-030-EXTRA", "VM-030-MORE", NULL};
	dt_tickets tk;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	build_index(&tk, ids, NULL);
	dt_tickets_resolve(&r, &tk, "vm-030", 3);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_int_equal(r.stage, DT_STAGE_EXACT);
	assert_int_equal(r.ids.count, 1);
	assert_string_equal(r.ids.items[0], "VM-030");
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
}

/* "AB-1" starts only AB-1-X with "AB-1-"; normalised it would also match
 * AB1-Y: the earlier stage, with exactly one, wins. */
static void test_resolve_prefix_stage_wins_over_normalised(void **state)
{
	static const char *const ids[] = {"AB-1-X", "AB1-Y", NULL};
	dt_tickets tk;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	build_index(&tk, ids, NULL);
	dt_tickets_resolve(&r, &tk, "AB-1", 3);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_int_equal(r.stage, DT_STAGE_PREFIX);
	assert_string_equal(r.ids.items[0], "AB-1-X");
	dt_resolution_dispose(&r);
	/* "ab_1" starts no ID: normalised ("ab1"), both candidates */
	dt_tickets_resolve(&r, &tk, "ab_1", 3);
	assert_int_equal(r.status, DT_RESOLVE_AMBIGUOUS);
	assert_int_equal(r.stage, DT_STAGE_NORMALISED);
	assert_int_equal(r.ids.count, 2);
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
}

/* The boundary is a '-' of the original ID, not any position. */
static void test_resolve_normalised_needs_a_hyphen_boundary(void **state)
{
	static const char *const ids[] = {"PROJ-12-ALPHA", "PROJ-123-BETA", NULL};
	dt_tickets tk;
	dt_resolution r = DT_RESOLUTION_INIT;
	(void)state;
	build_index(&tk, ids, NULL);
	dt_tickets_resolve(&r, &tk, "proj12", 0);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_string_equal(r.ids.items[0], "PROJ-12-ALPHA");
	dt_resolution_dispose(&r);
	dt_tickets_resolve(&r, &tk, "proj123", 0);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_string_equal(r.ids.items[0], "PROJ-123-BETA");
	dt_resolution_dispose(&r);
	dt_tickets_resolve(&r, &tk, "proj1", 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	dt_resolution_dispose(&r);
	dt_tickets_resolve(&r, &tk, "proj12al", 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
}

/* Two folders whose IDs differ only in case hold one ticket ID (the
 * ticket-duplicate finding): a ref to it is not ambiguous, since no longer
 * ref could tell the two apart. */
static void test_resolve_ids_differing_in_case_are_one_id(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_resolution r = DT_RESOLUTION_INIT;
	int one_id;
	(void)state;
	add_ticket(&tk, "VM-016-DOC-DRIFT-HYGIENE", "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--a", NULL);
	add_ticket(&tk, "vm-016-doc-drift-hygiene", "2026/02/09/vm-016-doc-drift-hygiene--b", NULL);
	add_ticket(&tk, "VM-017-MERGE-UI-VM", "2026/02/14/VM-017-MERGE-UI-VM--c", NULL);
	dt_tickets_sort(&tk);
	dt_tickets_resolve(&r, &tk, "VM-016", 3);
	one_id = r.status == DT_RESOLVE_OK && r.ids.count == 1 &&
	         !dt_ascii_casecmp(r.ids.items[0], "VM-016-DOC-DRIFT-HYGIENE");
	if (!one_id)
		for (size_t i = 0; i < r.ids.count; i++)
			print_error("'VM-016': candidate %s\n", r.ids.items[i]);
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
	assert_true(one_id);
}

/* ------------------------------------------------------------------ */
/* the index                                                           */

static void test_sort_puts_duplicates_adjacent(void **state)
{
	const dt_tickets *tk = *state;
	size_t first = tk->count;
	for (size_t i = 0; i < tk->count; i++)
		if (!strcmp(tk->items[i].id, "VM-016-DOC-DRIFT-HYGIENE")) {
			first = i;
			break;
		}
	assert_true(first + 1 < tk->count);
	assert_string_equal(tk->items[first + 1].id, "VM-016-DOC-DRIFT-HYGIENE");
	/* and the folder breaks the tie */
	assert_true(strcmp(tk->items[first].dir, tk->items[first + 1].dir) < 0);
}

static void test_sort_orders_ids_ignoring_case(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	(void)state;
	add_ticket(&tk, "b-2", "z", NULL);
	add_ticket(&tk, "A-1", "y", NULL);
	add_ticket(&tk, "C-3", "x", NULL);
	add_ticket(&tk, "a-1", "w", NULL);
	add_ticket(&tk, "B-2", "v", NULL);
	dt_tickets_sort(&tk);
	assert_int_equal(tk.count, 5);
	for (size_t i = 1; i < tk.count; i++)
		assert_true(dt_ascii_casecmp(tk.items[i - 1].id, tk.items[i].id) <= 0);
	assert_true(!dt_ascii_casecmp(tk.items[0].id, "a-1"));
	assert_true(!dt_ascii_casecmp(tk.items[1].id, "a-1"));
	assert_string_equal(tk.items[4].id, "C-3");
	dt_tickets_dispose(&tk);
}

static void test_sort_is_by_id_then_folder(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	(void)state;
	add_ticket(&tk, "VM-016-DOC-DRIFT-HYGIENE", "2026/02/09/VM-016-DOC-DRIFT-HYGIENE--b", NULL);
	add_ticket(&tk, "VM-017-MERGE-UI-VM", "2026/02/01/VM-017-MERGE-UI-VM--a", NULL);
	add_ticket(&tk, "VM-016-DOC-DRIFT-HYGIENE", "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--a", NULL);
	dt_tickets_sort(&tk);
	assert_string_equal(tk.items[0].dir, "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--a");
	assert_string_equal(tk.items[1].dir, "2026/02/09/VM-016-DOC-DRIFT-HYGIENE--b");
	assert_string_equal(tk.items[2].id, "VM-017-MERGE-UI-VM");
	dt_tickets_dispose(&tk);
}

static void test_add_takes_ownership(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket t;
	(void)state;
	memset(&t, 0, sizeof(t));
	t.id = dt_xstrdup("VM-001-ANALYZE-VM");
	t.dir = dt_xstrdup("VM-001-ANALYZE-VM--x");
	t.title = dt_xstrdup("Analyze");
	dt_tickets_add(&tk, &t);
	assert_null(t.id);
	assert_null(t.dir);
	assert_null(t.title);
	assert_int_equal(tk.count, 1);
	assert_string_equal(tk.items[0].title, "Analyze");
	dt_tickets_dispose(&tk);
	assert_int_equal(tk.count, 0);
	assert_null(tk.items);
}

static void test_find_ignores_case_and_returns_first_folder(void **state)
{
	const dt_tickets *tk = *state;
	const dt_ticket *t = dt_tickets_find(tk, "vm-016-doc-drift-hygiene");
	assert_non_null(t);
	assert_string_equal(t->id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_ptr_equal(t, dt_tickets_find(tk, "VM-016-DOC-DRIFT-HYGIENE"));
	for (size_t i = 0; i < tk->count; i++)
		if (!strcmp(tk->items[i].id, t->id)) {
			assert_ptr_equal(&tk->items[i], t);
			break;
		}
	/* find is exact: a short ref is not an ID */
	assert_null(dt_tickets_find(tk, "VM-016"));
	assert_null(dt_tickets_find(tk, "VM-099-NOTHING"));
}

/* ------------------------------------------------------------------ */
/* folder names and status                                             */

typedef struct {
	const char *folder;
	const char *id;
} folder_case;

static const folder_case folder_cases[] = {
    {"VM-023-IMPROVE-FRONTEND-DOCS--improve-frontend-plugin-system-documentation-and-clarity",
     "VM-023-IMPROVE-FRONTEND-DOCS"},
    {"X--y", "X"},
    {"DOCMGR-201-fix-pr43-review-blockers--fix-pr-43", "DOCMGR-201-fix-pr43-review-blockers"},
    /* older folders use a single '-': the whole name is the ID */
    {"VM-001-analyze-vm", "VM-001-analyze-vm"},
    {"VM-001", "VM-001"},
    /* the first "--" splits */
    {"VM-5--a--b", "VM-5"},
    {"VM-6--", "VM-6"},
    {NULL, NULL},
};

static void test_id_from_folder(void **state)
{
	(void)state;
	for (const folder_case *c = folder_cases; c->folder; c++) {
		char *id = dt_ticket_id_from_folder(c->folder);
		assert_non_null(id);
		if (strcmp(id, c->id))
			print_error("folder '%s': want '%s', got '%s'\n", c->folder, c->id, id);
		assert_string_equal(id, c->id);
		free(id);
	}
}

typedef struct {
	const char *status;
	int closed;
} status_case;

static const status_case status_cases[] = {
    {"complete", 1}, {"Complete", 1},    {"COMPLETE", 1}, {"archived", 1},  {"Archived", 1},
    {"draft", 0},    {"active", 0},      {"review", 0},   {"completed", 0}, {"archive", 0},
    {"", 0},         {"in-progress", 0}, {NULL, 0},
};

static void test_status_closed(void **state)
{
	(void)state;
	for (const status_case *c = status_cases; c->status; c++) {
		if (dt_status_closed(c->status) != c->closed)
			print_error("status '%s': want closed=%d\n", c->status, c->closed);
		assert_int_equal(!!dt_status_closed(c->status), c->closed);
	}
	assert_int_equal(dt_status_closed(NULL), 0);
}

static void test_stage_names(void **state)
{
	(void)state;
	assert_string_equal(dt_resolve_stage_name(DT_STAGE_EXACT), "exact");
	assert_string_equal(dt_resolve_stage_name(DT_STAGE_NONE), "none");
	assert_string_not_equal(dt_resolve_stage_name(DT_STAGE_PREFIX),
	                        dt_resolve_stage_name(DT_STAGE_NORMALISED));
}

static void test_resolution_dispose_resets(void **state)
{
	dt_resolution r = DT_RESOLUTION_INIT;
	dt_tickets_resolve(&r, *state, "VM-011", 3);
	assert_int_equal(r.status, DT_RESOLVE_AMBIGUOUS);
	dt_resolution_dispose(&r);
	assert_int_equal(r.ids.count, 0);
	assert_int_equal(r.status, DT_RESOLVE_UNKNOWN);
	assert_int_equal(r.stage, DT_STAGE_NONE);
	dt_resolution_dispose(&r); /* twice is fine */
}

/* ------------------------------------------------------------------ */
/* duplicate IDs: dt_tickets_duplicates, dt_tickets_group              */

static void test_duplicates_none(void **state)
{
	static const char *const ids[] = {"A-1", "B-2", "C-3", "A-10", NULL};
	dt_tickets tk, empty = DT_TICKETS_INIT;
	dt_ticket_group *groups = (dt_ticket_group *)&groups;
	(void)state;
	build_index(&tk, ids, NULL);
	assert_int_equal(dt_tickets_duplicates(&groups, &tk), 0);
	assert_null(groups);
	groups = (dt_ticket_group *)&groups;
	assert_int_equal(dt_tickets_duplicates(&groups, &empty), 0);
	assert_null(groups);
	dt_tickets_dispose(&tk);
}

/* The corpus IDs: VM-016-DOC-DRIFT-HYGIENE is held by two folders. */
static void test_duplicates_one_group(void **state)
{
	const dt_tickets *tk = *state;
	dt_ticket_group *groups = NULL;
	assert_int_equal(dt_tickets_duplicates(&groups, tk), 1);
	assert_non_null(groups);
	assert_int_equal(groups[0].count, 2);
	assert_true(groups[0].first > 0);
	assert_true(groups[0].first + 2 < tk->count);
	assert_string_equal(tk->items[groups[0].first].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_string_equal(tk->items[groups[0].first + 1].id, "VM-016-DOC-DRIFT-HYGIENE");
	/* the folders before and after hold other IDs */
	assert_string_not_equal(tk->items[groups[0].first - 1].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_string_not_equal(tk->items[groups[0].first + 2].id, "VM-016-DOC-DRIFT-HYGIENE");
	free(groups);
}

static void test_duplicates_ids_differing_in_case_are_one_group(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket_group *groups = NULL;
	(void)state;
	add_ticket(&tk, "VM-016-DOC-DRIFT-HYGIENE", "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--a", NULL);
	add_ticket(&tk, "VM-017-MERGE-UI-VM", "2026/02/14/VM-017-MERGE-UI-VM--c", NULL);
	add_ticket(&tk, "vm-016-doc-drift-hygiene", "2026/02/09/vm-016-doc-drift-hygiene--b", NULL);
	add_ticket(&tk, "Vm-016-Doc-Drift-Hygiene", "2026/02/10/Vm-016--c", NULL);
	dt_tickets_sort(&tk);
	assert_int_equal(dt_tickets_duplicates(&groups, &tk), 1);
	assert_int_equal(groups[0].first, 0);
	assert_int_equal(groups[0].count, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(dt_ascii_casecmp(tk.items[i].id, "VM-016-DOC-DRIFT-HYGIENE"), 0);
	free(groups);
	dt_tickets_dispose(&tk);
}

static void test_duplicates_several_groups_in_id_order(void **state)
{
	static const struct {
		const char *id, *dir;
	} added[] = {
	    {"D-4", "d1"}, {"B-2", "b1"}, {"A-1", "a1"}, {"b-2", "b2"}, {"C-3", "c1"},
	    {"a-1", "a2"}, {"E-5", "e1"}, {"d-4", "d2"}, {"B-2", "b3"}, {NULL, NULL},
	};
	static const struct {
		const char *id;
		size_t count;
	} want[] = {{"A-1", 2}, {"B-2", 3}, {"D-4", 2}, {NULL, 0}};
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket_group *groups = NULL;
	size_t n;
	(void)state;
	for (size_t i = 0; added[i].id; i++)
		add_ticket(&tk, added[i].id, added[i].dir, NULL);
	dt_tickets_sort(&tk);
	n = dt_tickets_duplicates(&groups, &tk);
	assert_int_equal(n, 3);
	for (size_t i = 0; want[i].id; i++) {
		const dt_ticket_group *g = &groups[i];
		assert_int_equal(g->count, want[i].count);
		for (size_t k = 0; k < g->count; k++)
			assert_int_equal(dt_ascii_casecmp(tk.items[g->first + k].id, want[i].id),
			                 0);
		/* in ID order, and never overlapping */
		if (i)
			assert_true(groups[i - 1].first + groups[i - 1].count <= g->first);
	}
	free(groups);
	dt_tickets_dispose(&tk);
}

static void test_group_of_an_id(void **state)
{
	const dt_tickets *tk = *state;
	dt_ticket_group g;

	g = dt_tickets_group(tk, "VM-016-DOC-DRIFT-HYGIENE");
	assert_int_equal(g.count, 2);
	assert_string_equal(tk->items[g.first].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_ptr_equal(&tk->items[g.first], dt_tickets_find(tk, "VM-016-DOC-DRIFT-HYGIENE"));
	/* ignoring case */
	g = dt_tickets_group(tk, "vm-016-doc-drift-hygiene");
	assert_int_equal(g.count, 2);
	/* a single folder */
	g = dt_tickets_group(tk, "VM-023-IMPROVE-FRONTEND-DOCS");
	assert_int_equal(g.count, 1);
	assert_string_equal(tk->items[g.first].id, "VM-023-IMPROVE-FRONTEND-DOCS");
	/* the first and the last ticket of the index */
	g = dt_tickets_group(tk, tk->items[0].id);
	assert_int_equal(g.first, 0);
	assert_int_equal(g.count, 1);
	g = dt_tickets_group(tk, tk->items[tk->count - 1].id);
	assert_int_equal(g.first, tk->count - 1);
	assert_int_equal(g.count, 1);
	/* an exact ID only: a short ref or an unknown ID is no group */
	g = dt_tickets_group(tk, "VM-016");
	assert_int_equal(g.count, 0);
	g = dt_tickets_group(tk, "NOPE-1");
	assert_int_equal(g.count, 0);
	g = dt_tickets_group(tk, "");
	assert_int_equal(g.count, 0);
}

static void test_group_in_empty_index(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket_group g = dt_tickets_group(&tk, "A-1");
	(void)state;
	assert_int_equal(g.count, 0);
}

/* Remembered resolutions are those dt_tickets_resolve gives, each text
 * resolved once, through growth and rehashing. */
static void test_resolver_remembers(void **state)
{
	dt_tickets tk = DT_TICKETS_INIT;
	dt_resolver r;
	char ref[32];
	(void)state;

	add_ticket(&tk, "VM-007-REFACTOR", "a--x", "active");
	add_ticket(&tk, "VM-013A-BACKEND", "b--x", "active");
	add_ticket(&tk, "VM-013B-CLIENT", "c--x", "active");
	add_ticket(&tk, "DOCMGR-201-FIX", "d--x", "active");
	dt_tickets_sort(&tk);
	dt_resolver_init(&r, &tk);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 400; i++) {
			const char *fixed[] = {"vm007", "VM-013", "docmgr-201", "VM-007-REFACTOR"};
			const dt_resolution *got;
			dt_resolution want = DT_RESOLUTION_INIT;
			if (i < 4)
				snprintf(ref, sizeof(ref), "%s", fixed[i]);
			else
				snprintf(ref, sizeof(ref), "X-%d", i);
			got = dt_resolver_get(&r, ref);
			dt_tickets_resolve(&want, &tk, ref, 0);
			assert_int_equal(got->status, want.status);
			assert_int_equal(got->stage, want.stage);
			assert_int_equal(got->ids.count, want.ids.count);
			for (size_t k = 0; k < want.ids.count; k++)
				assert_string_equal(got->ids.items[k], want.ids.items[k]);
			dt_resolution_dispose(&want);
		}
	assert_int_equal(r.count, 400); /* the second round resolved nothing again */
	assert_int_equal(dt_resolver_get(&r, "vm007")->status, DT_RESOLVE_OK);
	/* SPEC §2: VM-013 does not find VM-013A-BACKEND */
	assert_int_equal(dt_resolver_get(&r, "VM-013")->status, DT_RESOLVE_UNKNOWN);
	dt_resolver_dispose(&r);
	dt_tickets_dispose(&tk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolve_corpus_table),
	    cmocka_unit_test(test_resolve_empty_ref_is_unknown),
	    cmocka_unit_test(test_resolve_against_empty_index_is_unknown),
	    cmocka_unit_test(test_resolve_vm013_does_not_find_vm013a),
	    cmocka_unit_test(test_resolve_unknown_vm013_suggests_vm013a_and_vm013b),
	    cmocka_unit_test(test_resolve_unknown_suggests_closest_first),
	    cmocka_unit_test(test_resolve_suggestions_respect_max_and_are_distinct),
	    cmocka_unit_test(test_resolve_suggestions_list_a_duplicate_id_once),
	    cmocka_unit_test(test_resolve_exact_wins_over_longer_ids),
	    cmocka_unit_test(test_resolve_prefix_stage_wins_over_normalised),
	    cmocka_unit_test(test_resolve_normalised_needs_a_hyphen_boundary),
	    cmocka_unit_test(test_resolve_ids_differing_in_case_are_one_id),
	    cmocka_unit_test(test_sort_puts_duplicates_adjacent),
	    cmocka_unit_test(test_sort_orders_ids_ignoring_case),
	    cmocka_unit_test(test_sort_is_by_id_then_folder),
	    cmocka_unit_test(test_add_takes_ownership),
	    cmocka_unit_test(test_find_ignores_case_and_returns_first_folder),
	    cmocka_unit_test(test_id_from_folder),
	    cmocka_unit_test(test_status_closed),
	    cmocka_unit_test(test_stage_names),
	    cmocka_unit_test(test_resolution_dispose_resets),
	    cmocka_unit_test(test_duplicates_none),
	    cmocka_unit_test(test_duplicates_one_group),
	    cmocka_unit_test(test_duplicates_ids_differing_in_case_are_one_group),
	    cmocka_unit_test(test_duplicates_several_groups_in_id_order),
	    cmocka_unit_test(test_group_of_an_id),
	    cmocka_unit_test(test_group_in_empty_index),
	    cmocka_unit_test(test_resolver_remembers),
	};
	return cmocka_run_group_tests_name("tickets", tests, corpus_setup, index_teardown);
}
