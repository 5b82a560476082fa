/* test_refs.c - lib/refs.h: ticket references in commit messages (SPEC §2).
 *
 * tests/data/subjects.tsv holds realistic messages, one a line:
 * message<TAB>named ticket IDs (space separated, - for none)<TAB>outcome,
 * with \n, \r and \t escapes in the message. Each row runs as its own test
 * against an index of the corpus ticket IDs. The outcome is what the
 * commit-msg hook decides (SPEC §3):
 *   ambiguous  a ref other than a subject word matches several tickets;
 *   named      else, at least one ticket is named;
 *   unknown    else, some ref other than an unresolved word is present;
 *   missing    no ref counts at all.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "config.h"
#include "message.h"
#include "refs.h"
#include "tickets.h"

#define SUBJECTS_TSV TEST_DATA "/subjects.tsv"

static dt_tickets corpus = DT_TICKETS_INIT;

static void build_corpus(void)
{
	for (size_t i = 0; tu_corpus_ids[i]; i++) {
		dt_ticket t;
		memset(&t, 0, sizeof(t));
		t.id = dt_xstrdup(tu_corpus_ids[i]);
		t.dir = dt_xasprintf("2026/02/%02zu/%s--slug", i + 1, tu_corpus_ids[i]);
		t.status = dt_xstrdup("active");
		dt_tickets_add(&corpus, &t);
	}
	dt_tickets_sort(&corpus);
}

/* Clean as git would (comment char '#'), extract and resolve. */
static void refs_of(dt_refs *refs, const char *msg)
{
	dt_buf clean = DT_BUF_INIT;
	dt_message_clean(&clean, msg, strlen(msg), "#");
	assert_int_equal(dt_refs_extract(refs, clean.ptr, NULL), 0);
	dt_refs_resolve(refs, &corpus);
	dt_buf_dispose(&clean);
}

static const char *outcome_of(const dt_refs *refs, const dt_strvec *named)
{
	int ambiguous = 0, counted = 0;
	for (size_t i = 0; i < refs->count; i++) {
		const dt_ref *r = &refs->items[i];
		if (r->source != DT_REF_WORD && r->res.status == DT_RESOLVE_AMBIGUOUS)
			ambiguous = 1;
		if (dt_ref_counts(r))
			counted = 1;
	}
	if (ambiguous)
		return "ambiguous";
	if (named->count)
		return "named";
	return counted ? "unknown" : "missing";
}

static const dt_ref *find_ref(const dt_refs *refs, const char *text)
{
	for (size_t i = 0; i < refs->count; i++)
		if (!strcmp(refs->items[i].text, text))
			return &refs->items[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* subjects.tsv                                                        */

typedef struct {
	size_t line;
	char *message;
	char *named;
	char *outcome;
	char *label;
} subject_row;

typedef struct {
	subject_row *items;
	size_t count, alloc;
} subject_rows;

static char *unescape(const char *s, size_t len)
{
	dt_buf b = DT_BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'n') {
			dt_buf_putc(&b, '\n');
			i++;
		} else if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'r') {
			dt_buf_putc(&b, '\r');
			i++;
		} else if (s[i] == '\\' && i + 1 < len && s[i + 1] == 't') {
			dt_buf_putc(&b, '\t');
			i++;
		} else {
			dt_buf_putc(&b, s[i]);
		}
	}
	return dt_buf_detach(&b);
}

/* Returns 0, or -1 with a message on stderr for a malformed file. */
static int load_subjects(subject_rows *rows, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int error = 0;

	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		char *t1, *t2;
		subject_row *r;
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		t1 = strchr(line, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2 || strchr(t2 + 1, '\t') || t1 == line) {
			fprintf(stderr, "%s:%zu: want message<TAB>named<TAB>outcome\n", path,
			        lineno);
			error = -1;
			break;
		}
		DT_ARRAY_GROW(rows->items, rows->alloc, rows->count + 1);
		r = &rows->items[rows->count++];
		r->line = lineno;
		r->message = unescape(line, (size_t)(t1 - line));
		r->named = dt_xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
		r->outcome = dt_xstrdup(t2 + 1);
		{
			/* the label is the first line; '#' would read as a TAP directive */
			size_t k = strcspn(r->message, "\n");
			char *first = dt_xstrndup(r->message, k > 60 ? 60 : k);
			for (char *p = first; *p; p++)
				if (*p == '#')
					*p = '_';
			r->label = dt_xasprintf("subjects.tsv:%zu %s%s", lineno, first,
			                        k < strlen(r->message) ? " (+body)" : "");
			free(first);
		}
	}
	free(line);
	fclose(f);
	return error;
}

static void free_subjects(subject_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		free(rows->items[i].message);
		free(rows->items[i].named);
		free(rows->items[i].outcome);
		free(rows->items[i].label);
	}
	free(rows->items);
	memset(rows, 0, sizeof(*rows));
}

static void describe_refs(const dt_refs *refs)
{
	for (size_t i = 0; i < refs->count; i++) {
		const dt_ref *r = &refs->items[i];
		print_error("  ref '%s' (%s, line %zu): %s%s%s\n", r->text,
		            dt_ref_source_name(r->source), r->line,
		            r->res.status == DT_RESOLVE_OK          ? "ok "
		            : r->res.status == DT_RESOLVE_AMBIGUOUS ? "ambiguous "
		                                                    : "unknown",
		            r->res.status != DT_RESOLVE_UNKNOWN ? r->res.ids.items[0] : "",
		            r->res.status == DT_RESOLVE_AMBIGUOUS ? ", ..." : "");
	}
}

static void test_subject_row(void **state)
{
	const subject_row *row = *state;
	dt_refs refs = DT_REFS_INIT;
	dt_strvec named = DT_STRVEC_INIT, want = DT_STRVEC_INIT;
	const char *outcome;
	int row_matches;

	if (strcmp(row->named, "-")) {
		const char *p = row->named;
		while (*p) {
			size_t k = strcspn(p, " ");
			if (k)
				dt_strvec_pushn(&want, p, k);
			p += k;
			while (*p == ' ')
				p++;
		}
	}
	refs_of(&refs, row->message);
	dt_refs_named(&named, &refs);
	outcome = outcome_of(&refs, &named);

	row_matches = !strcmp(outcome, row->outcome) && named.count == want.count;
	for (size_t i = 0; row_matches && i < want.count; i++)
		row_matches = dt_strvec_contains(&named, want.items[i]);
	if (!row_matches) {
		print_error("%s:%zu: want %s [%s], got %s [", SUBJECTS_TSV, row->line, row->outcome,
		            row->named, outcome);
		for (size_t i = 0; i < named.count; i++)
			print_error("%s%s", i ? " " : "", named.items[i]);
		print_error("]\n");
		describe_refs(&refs);
	}
	dt_refs_dispose(&refs);
	dt_strvec_dispose(&named);
	dt_strvec_dispose(&want);
	assert_true(row_matches);
}

/* ------------------------------------------------------------------ */
/* the pieces                                                          */

typedef struct {
	const char *s;
	int want;
} id_case;

static const id_case id_cases[] = {
    {"VM-023", 1}, {"vm007", 1},   {"DOCMGR-201-fix-pr43-review-blockers", 1},
    {"x-y", 1},    {"v1.2.3", 1},  {"VM_023", 1},
    {"UI", 0},     {"Diary", 0},   {"runtime", 0},
    {"WIP", 0},    {"#123", 0},    {"-VM-1", 0},
    {"VM 023", 0}, {"VM-023!", 0}, {"(VM-023)", 0},
    {NULL, 0},
};

static void test_looks_like_id(void **state)
{
	(void)state;
	for (const id_case *c = id_cases; c->s; c++) {
		if (!!dt_ref_looks_like_id(c->s, strlen(c->s)) != c->want)
			print_error("looks like an ID: '%s' want %d\n", c->s, c->want);
		assert_int_equal(!!dt_ref_looks_like_id(c->s, strlen(c->s)), c->want);
	}
	assert_false(dt_ref_looks_like_id("", 0));
	/* only len bytes are read */
	assert_true(dt_ref_looks_like_id("VM-023: subject", 6));
	assert_false(dt_ref_looks_like_id("Diary: VM-1", 5));
}

typedef struct {
	const char *subject;
	const char *want;
} target_case;

static const target_case target_cases[] = {
    {"fixup! VM-023: explain", "VM-023: explain"},
    {"squash! docs(vm-023): x", "docs(vm-023): x"},
    {"amend! [VM-022] import", "[VM-022] import"},
    {"fixup! fixup! vm007: x", "vm007: x"},
    {"squash! fixup! amend! x", "x"},
    {"fixup!x", "fixup!x"},
    {"Fixup! x", "Fixup! x"},
    {"x fixup! y", "x fixup! y"},
    {"VM-023: explain", "VM-023: explain"},
    {"", ""},
    {NULL, NULL},
};

static void test_subject_target(void **state)
{
	(void)state;
	for (const target_case *c = target_cases; c->subject; c++) {
		const char *got = dt_subject_target(c->subject);
		assert_string_equal(got, c->want);
		/* a suffix of the subject, not a copy */
		assert_ptr_equal(got, c->subject + strlen(c->subject) - strlen(c->want));
	}
}

typedef struct {
	const char *branch;
	const char *want; /* NULL: no single ticket */
} branch_case;

static const branch_case branch_cases[] = {
    {"task/vm-022-import-frontend-vm", "VM-022-IMPORT-FRONTEND-VM"},
    {"vm-023", "VM-023-IMPROVE-FRONTEND-DOCS"},
    {"VM-023-IMPROVE-FRONTEND-DOCS", "VM-023-IMPROVE-FRONTEND-DOCS"},
    {"feature/VM-013-test-strategy", "VM-013-TEST-STRATEGY-MATRIX"},
    {"task/vm-013-matrix", "VM-013-TEST-STRATEGY-MATRIX"},
    {"task/vm-013a-session-store", "VM-013A-BACKEND-RUNTIME-SESSION-STORE"},
    {"task/vm-011-port-cli", "VM-011-PORT-VM-CLI-TO-GLAZED"},
    {"user/ada/vm007-cleanup", "VM-007-REFACTOR-EXECUTOR-PIPELINE"},
    {"docmgr-201-review", "DOCMGR-201-fix-pr43-review-blockers"},
    {"vm-022/vm-022-import", "VM-022-IMPORT-FRONTEND-VM"},
    {"task/vm-011", NULL},
    {"task/vm-017-ui", NULL},
    {"task/vm-022/vm-023", NULL},
    {"task/vm-099-new-thing", NULL},
    {"fix/vm00-typo", NULL},
    {"main", NULL},
    {"release/1.2", NULL},
    {"", NULL},
    {NULL, NULL},
};

static void test_branch_ticket(void **state)
{
	static char unset[] = "unset";
	size_t failures = 0;
	(void)state;
	for (const branch_case *c = branch_cases; c->branch; c++) {
		char *id = unset; /* must be overwritten */
		int rc = dt_branch_ticket(&id, c->branch, &corpus);
		int ok = c->want ? rc == 0 && id && !strcmp(id, c->want)
		                 : rc == DT_ENOTFOUND && id == NULL;
		if (!ok) {
			print_error("branch '%s': want %s, got rc %d, %s\n", c->branch,
			            c->want ? c->want : "none", rc, id ? id : "NULL");
			failures++;
		}
		if (rc == 0)
			free(id);
	}
	dt_error_clear();
	assert_int_equal(failures, 0);
}

static void test_extract_sources_lines_and_details(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	const dt_ref *r;
	(void)state;
	refs_of(&refs, "[VM-022] import the frontend VM\n\nThe body mentions VM-023.\n\n"
	               "Refs: VM-007, #12\nTicket: vm-024\n");
	assert_int_equal(refs.count, 3);

	r = find_ref(&refs, "VM-022");
	assert_non_null(r);
	assert_int_equal(r->source, DT_REF_PREFIX);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->res.status, DT_RESOLVE_OK);
	assert_string_equal(r->res.ids.items[0], "VM-022-IMPORT-FRONTEND-VM");

	r = find_ref(&refs, "VM-007");
	assert_non_null(r);
	assert_int_equal(r->source, DT_REF_TRAILER);
	assert_int_equal(r->line, 5);
	assert_non_null(r->detail);
	assert_string_equal(r->detail, "Refs");

	r = find_ref(&refs, "vm-024");
	assert_non_null(r);
	assert_int_equal(r->source, DT_REF_TRAILER);
	assert_int_equal(r->line, 6);
	assert_string_equal(r->detail, "Ticket");
	assert_string_equal(r->res.ids.items[0], "VM-024-CUSTOM-PLUGIN-PERMISSIONS");

	/* words of the body are not refs; "#12" is not an ID */
	assert_null(find_ref(&refs, "VM-023"));
	assert_null(find_ref(&refs, "#12"));
	dt_refs_dispose(&refs);
	assert_int_equal(refs.count, 0);
	assert_null(refs.items);
}

static void test_extract_scope_list(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	(void)state;
	refs_of(&refs, "feat(vm-022,vm-023)!: import the frontend VM");
	assert_int_equal(refs.count, 2);
	assert_string_equal(refs.items[0].text, "vm-022");
	assert_string_equal(refs.items[1].text, "vm-023");
	assert_int_equal(refs.items[0].source, DT_REF_SCOPE);
	assert_int_equal(refs.items[1].source, DT_REF_SCOPE);
	dt_refs_dispose(&refs);

	/* a scope that is not an ID gives no ref */
	refs_of(&refs, "feat(runtime): add a session store");
	assert_int_equal(refs.count, 0);
	dt_refs_dispose(&refs);
}

/* UI: and Diary: are not refs, in the subject or as a scope. */
static void test_extract_words_without_digit_or_hyphen_are_not_refs(void **state)
{
	static const char *const msgs[] = {
	    "UI: align the header",   "Diary: record step 14", "docs(diary): step 14",
	    "[WIP] work in progress", "fix(ui): align",        NULL,
	};
	(void)state;
	for (size_t i = 0; msgs[i]; i++) {
		dt_refs refs = DT_REFS_INIT;
		refs_of(&refs, msgs[i]);
		if (refs.count)
			print_error("'%s' gave ref '%s'\n", msgs[i], refs.items[0].text);
		assert_int_equal(refs.count, 0);
		dt_refs_dispose(&refs);
	}
}

/* A Jira-shaped word counts only when it resolves. */
static void test_words_count_only_when_they_resolve(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	size_t words = 0;
	(void)state;
	refs_of(&refs, "Port the CLI as planned in VM-009, see CVE-2024-1234");
	for (size_t i = 0; i < refs.count; i++) {
		const dt_ref *r = &refs.items[i];
		assert_int_equal(r->source, DT_REF_WORD);
		words++;
		if (r->res.status == DT_RESOLVE_OK) {
			assert_string_equal(r->res.ids.items[0], "VM-009-EXPAND-HTTP-CLI-VERBS");
			assert_true(dt_ref_counts(r));
		} else {
			assert_false(dt_ref_counts(r));
		}
	}
	assert_int_equal(words, 2);
	dt_refs_dispose(&refs);

	/* an unknown prefix counts (it is an error to report) */
	refs_of(&refs, "VM-099: something new");
	assert_int_equal(refs.count, 1);
	assert_int_equal(refs.items[0].source, DT_REF_PREFIX);
	assert_int_equal(refs.items[0].res.status, DT_RESOLVE_UNKNOWN);
	assert_true(dt_ref_counts(&refs.items[0]));
	dt_refs_dispose(&refs);
}

static void test_named_is_distinct_in_order_of_appearance(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	dt_strvec named = DT_STRVEC_INIT;
	(void)state;
	refs_of(&refs, "VM-022: import\n\nTicket: VM-023\nRefs: vm022, VM-022-IMPORT-FRONTEND-VM");
	dt_refs_named(&named, &refs);
	assert_int_equal(named.count, 2);
	assert_string_equal(named.items[0], "VM-022-IMPORT-FRONTEND-VM");
	assert_string_equal(named.items[1], "VM-023-IMPROVE-FRONTEND-DOCS");
	dt_strvec_dispose(&named);
	dt_refs_dispose(&refs);
}

static void test_ambiguous_ref_lists_candidates(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	dt_strvec named = DT_STRVEC_INIT;
	(void)state;
	refs_of(&refs, "VM-011: port the CLI to glazed");
	assert_int_equal(refs.count, 1);
	assert_int_equal(refs.items[0].res.status, DT_RESOLVE_AMBIGUOUS);
	assert_int_equal(refs.items[0].res.ids.count, 2);
	assert_true(dt_strvec_contains(&refs.items[0].res.ids, "VM-011-PORT-VM-CLI-TO-GLAZED"));
	assert_true(dt_strvec_contains(&refs.items[0].res.ids, "VM-011-RTK-QUERY-STATE-MIGRATION"));
	dt_refs_named(&named, &refs);
	assert_int_equal(named.count, 0);
	dt_strvec_dispose(&named);
	dt_refs_dispose(&refs);
}

/* Resolving again replaces the earlier answers (and leaks nothing). */
static void test_resolve_twice(void **state)
{
	dt_refs refs = DT_REFS_INIT;
	dt_tickets empty = DT_TICKETS_INIT;
	(void)state;
	refs_of(&refs, "VM-023: explain");
	assert_int_equal(refs.items[0].res.status, DT_RESOLVE_OK);
	dt_refs_resolve(&refs, &empty);
	assert_int_equal(refs.items[0].res.status, DT_RESOLVE_UNKNOWN);
	dt_refs_resolve(&refs, &corpus);
	assert_int_equal(refs.items[0].res.status, DT_RESOLVE_OK);
	dt_refs_dispose(&refs);
}

static void test_configured_patterns(void **state)
{
	static const char yaml[] = "ticket:\n  patterns: ['issue (?<ref>vm-[0-9]+)']\n";
	static const char msg[] = "Fix the parser\n\nSee issue vm-023 and issue vm-022.\n";
	dt_config *cfg = dt_config_new();
	dt_refs refs = DT_REFS_INIT;
	const dt_ref *r;
	(void)state;

	assert_int_equal(dt_config_parse(cfg, yaml, sizeof(yaml) - 1, ".diarist.yaml"), 0);
	assert_int_equal(dt_refs_extract(&refs, msg, cfg), 0);
	dt_refs_resolve(&refs, &corpus);
	assert_int_equal(refs.count, 2);
	r = find_ref(&refs, "vm-023");
	assert_non_null(r);
	assert_int_equal(r->source, DT_REF_PATTERN);
	assert_int_equal(r->line, 3);
	assert_string_equal(r->detail, "issue (?<ref>vm-[0-9]+)");
	assert_string_equal(r->res.ids.items[0], "VM-023-IMPROVE-FRONTEND-DOCS");
	r = find_ref(&refs, "vm-022");
	assert_non_null(r);
	assert_string_equal(r->res.ids.items[0], "VM-022-IMPORT-FRONTEND-VM");
	dt_refs_dispose(&refs);

	/* no config, no pattern refs */
	assert_int_equal(dt_refs_extract(&refs, msg, NULL), 0);
	assert_int_equal(refs.count, 0);
	dt_refs_dispose(&refs);
	dt_config_free(cfg);
}

static void test_source_names_are_distinct(void **state)
{
	static const dt_ref_source all[] = {DT_REF_PREFIX, DT_REF_SCOPE,   DT_REF_TRAILER,
	                                    DT_REF_WORD,   DT_REF_PATTERN, DT_REF_BRANCH};
	(void)state;
	for (size_t i = 0; i < DT_ARRAY_SIZE(all); i++)
		for (size_t j = i + 1; j < DT_ARRAY_SIZE(all); j++)
			assert_string_not_equal(dt_ref_source_name(all[i]),
			                        dt_ref_source_name(all[j]));
}

static void test_subjects_table_is_large_enough(void **state)
{
	const subject_rows *rows = *state;
	assert_true(rows->count >= 40);
}

int main(void)
{
	subject_rows rows = {NULL, 0, 0};
	struct CMUnitTest *row_tests;
	int rc;

	build_corpus();
	if (load_subjects(&rows, SUBJECTS_TSV) < 0) {
		free_subjects(&rows);
		dt_tickets_dispose(&corpus);
		printf("not ok 1 - load %s\n", SUBJECTS_TSV);
		return 1;
	}
	{
		const struct CMUnitTest tests[] = {
		    cmocka_unit_test_prestate(test_subjects_table_is_large_enough, &rows),
		    cmocka_unit_test(test_looks_like_id),
		    cmocka_unit_test(test_subject_target),
		    cmocka_unit_test(test_branch_ticket),
		    cmocka_unit_test(test_extract_sources_lines_and_details),
		    cmocka_unit_test(test_extract_scope_list),
		    cmocka_unit_test(test_extract_words_without_digit_or_hyphen_are_not_refs),
		    cmocka_unit_test(test_words_count_only_when_they_resolve),
		    cmocka_unit_test(test_named_is_distinct_in_order_of_appearance),
		    cmocka_unit_test(test_ambiguous_ref_lists_candidates),
		    cmocka_unit_test(test_resolve_twice),
		    cmocka_unit_test(test_configured_patterns),
		    cmocka_unit_test(test_source_names_are_distinct),
		};
		rc = cmocka_run_group_tests_name("refs", tests, NULL, NULL);
	}

	row_tests = dt_xcalloc(rows.count ? rows.count : 1, sizeof(*row_tests));
	for (size_t i = 0; i < rows.count; i++) {
		row_tests[i].name = rows.items[i].label;
		row_tests[i].test_func = test_subject_row;
		row_tests[i].initial_state = &rows.items[i];
	}
	rc += _cmocka_run_group_tests("subjects.tsv", row_tests, rows.count, NULL, NULL);

	free(row_tests);
	free_subjects(&rows);
	dt_tickets_dispose(&corpus);
	return rc ? 1 : 0;
}
