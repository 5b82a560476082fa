/* test_ruleset.c - lib/ruleset.h: the catalogue of rules (SPEC §5) with
 * their default levels, rule lookup, and level names. */
#include "unit.h"

#include "common.h"
#include "ruleset.h"

#include <string.h>

typedef struct {
	const char *name;
	dt_level level;
} rule_row;

/* The table of SPEC §5, row by row ("ticket-unknown / ticket-ambiguous"
 * is one row naming two rules), then ticket-closed from SPEC §3 ("a
 * warning if a named ticket is closed"). */
static const rule_row spec_rules[] = {
    {"ticket-missing", DT_LEVEL_ERROR},
    {"ticket-unknown", DT_LEVEL_ERROR},
    {"ticket-ambiguous", DT_LEVEL_ERROR},
    {"commit-unrecorded", DT_LEVEL_ERROR},
    {"commit-pending", DT_LEVEL_ERROR},
    {"commit-unknown", DT_LEVEL_ERROR},
    /* SPEC §1.5: "a warning suggesting the annotation" */
    {"commit-foreign", DT_LEVEL_WARNING},
    {"commit-unreachable", DT_LEVEL_ERROR},
    {"task-untraced", DT_LEVEL_ERROR},
    {"task-claim-open", DT_LEVEL_WARNING},
    {"task-claim-unknown", DT_LEVEL_ERROR},
    {"status-open-tasks", DT_LEVEL_ERROR},
    {"status-all-done", DT_LEVEL_WARNING},
    {"evidence-missing", DT_LEVEL_WARNING},
    {"evidence-failed", DT_LEVEL_ERROR},
    {"evidence-mismatch", DT_LEVEL_ERROR},
    {"step-numbering", DT_LEVEL_WARNING},
    {"frontmatter-invalid", DT_LEVEL_ERROR},
    {"ticket-duplicate", DT_LEVEL_ERROR},
    {"history-shallow", DT_LEVEL_ERROR},
    /* SPEC §3 */
    {"ticket-closed", DT_LEVEL_WARNING},
    {NULL, DT_LEVEL_OFF},
};

static size_t spec_rule_count(void)
{
	size_t n = 0;
	while (spec_rules[n].name)
		n++;
	return n;
}

static void test_every_spec_rule_present_with_default_level(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const rule_row *r = spec_rules; r->name; r++) {
		int id = dt_rule_lookup(r->name);
		if (id < 0) {
			print_error("rule '%s' is missing\n", r->name);
			failures++;
			continue;
		}
		if (strcmp(dt_rule_name((dt_rule)id), r->name)) {
			print_error("rule '%s' is named '%s'\n", r->name,
			            dt_rule_name((dt_rule)id));
			failures++;
		}
		if (dt_rule_default_level((dt_rule)id) != r->level) {
			print_error("rule '%s': default %s, SPEC says %s\n", r->name,
			            dt_level_name(dt_rule_default_level((dt_rule)id)),
			            dt_level_name(r->level));
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Nothing in the catalogue that the SPEC does not name. */
static void test_catalogue_has_only_spec_rules(void **state)
{
	(void)state;
	assert_int_equal(DT_RULE__COUNT, spec_rule_count());
	for (int i = 0; i < DT_RULE__COUNT; i++) {
		const char *name = dt_rule_name((dt_rule)i);
		int found = 0;
		assert_non_null(name);
		for (const rule_row *r = spec_rules; r->name && !found; r++)
			found = !strcmp(r->name, name);
		if (!found)
			print_error("rule %d '%s' is not in SPEC §5\n", i, name);
		assert_true(found);
		assert_int_equal(dt_rule_lookup(name), i);
	}
}

static void test_rule_names_are_distinct(void **state)
{
	(void)state;
	for (int i = 0; i < DT_RULE__COUNT; i++)
		for (int j = i + 1; j < DT_RULE__COUNT; j++)
			assert_string_not_equal(dt_rule_name((dt_rule)i), dt_rule_name((dt_rule)j));
}

static void test_enum_values_match_names(void **state)
{
	static const struct {
		dt_rule rule;
		const char *name;
	} cases[] = {
	    {DT_RULE_TICKET_MISSING, "ticket-missing"},
	    {DT_RULE_TICKET_UNKNOWN, "ticket-unknown"},
	    {DT_RULE_TICKET_AMBIGUOUS, "ticket-ambiguous"},
	    {DT_RULE_TICKET_CLOSED, "ticket-closed"},
	    {DT_RULE_COMMIT_UNRECORDED, "commit-unrecorded"},
	    {DT_RULE_COMMIT_PENDING, "commit-pending"},
	    {DT_RULE_COMMIT_UNKNOWN, "commit-unknown"},
	    {DT_RULE_COMMIT_FOREIGN, "commit-foreign"},
	    {DT_RULE_COMMIT_UNREACHABLE, "commit-unreachable"},
	    {DT_RULE_TASK_UNTRACED, "task-untraced"},
	    {DT_RULE_TASK_CLAIM_OPEN, "task-claim-open"},
	    {DT_RULE_TASK_CLAIM_UNKNOWN, "task-claim-unknown"},
	    {DT_RULE_STATUS_OPEN_TASKS, "status-open-tasks"},
	    {DT_RULE_STATUS_ALL_DONE, "status-all-done"},
	    {DT_RULE_EVIDENCE_MISSING, "evidence-missing"},
	    {DT_RULE_EVIDENCE_FAILED, "evidence-failed"},
	    {DT_RULE_EVIDENCE_MISMATCH, "evidence-mismatch"},
	    {DT_RULE_STEP_NUMBERING, "step-numbering"},
	    {DT_RULE_FRONTMATTER_INVALID, "frontmatter-invalid"},
	    {DT_RULE_TICKET_DUPLICATE, "ticket-duplicate"},
	    {DT_RULE_HISTORY_SHALLOW, "history-shallow"},
	    {DT_RULE__COUNT, NULL},
	};
	(void)state;
	for (size_t i = 0; cases[i].name; i++) {
		assert_string_equal(dt_rule_name(cases[i].rule), cases[i].name);
		assert_int_equal(dt_rule_lookup(cases[i].name), (int)cases[i].rule);
	}
}

static void test_lookup_unknown_name_gives_minus_one(void **state)
{
	static const char *const unknown[] = {
	    "",
	    "ticket",
	    "ticket-missin",
	    "ticket-missing-",
	    "ticket-missing ",
	    " ticket-missing",
	    "ticket_missing",
	    "TICKET-MISSING",
	    "evidence",
	    "ticket-unknown/ticket-ambiguous",
	    "no-such-rule",
	    NULL,
	};
	(void)state;
	for (size_t i = 0; unknown[i]; i++) {
		if (dt_rule_lookup(unknown[i]) != -1)
			print_error("'%s' was found\n", unknown[i]);
		assert_int_equal(dt_rule_lookup(unknown[i]), -1);
	}
}

static void test_level_parse_table(void **state)
{
	static const struct {
		const char *text;
		int level;
	} cases[] = {
	    {"error", DT_LEVEL_ERROR},
	    {"warning", DT_LEVEL_WARNING},
	    {"off", DT_LEVEL_OFF},
	    {"", -1},
	    {"err", -1},
	    {"warn", -1},
	    {"errors", -1},
	    {"on", -1},
	    {"none", -1},
	    {"ERROR", -1},
	    {" error", -1},
	    {"0", -1},
	    {NULL, 0},
	};
	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		if (dt_level_parse(cases[i].text) != cases[i].level)
			print_error("'%s': want %d, got %d\n", cases[i].text, cases[i].level,
			            dt_level_parse(cases[i].text));
		assert_int_equal(dt_level_parse(cases[i].text), cases[i].level);
	}
}

static void test_level_name_round_trips(void **state)
{
	static const int levels[] = {DT_LEVEL_OFF, DT_LEVEL_WARNING, DT_LEVEL_ERROR, -1};
	(void)state;
	assert_string_equal(dt_level_name(DT_LEVEL_ERROR), "error");
	assert_string_equal(dt_level_name(DT_LEVEL_WARNING), "warning");
	assert_string_equal(dt_level_name(DT_LEVEL_OFF), "off");
	for (size_t i = 0; levels[i] >= 0; i++)
		assert_int_equal(dt_level_parse(dt_level_name((dt_level)levels[i])), levels[i]);
}

/* Callers compare levels ("at least a warning"): off < warning < error. */
static void test_levels_are_ordered(void **state)
{
	(void)state;
	assert_true(DT_LEVEL_OFF < DT_LEVEL_WARNING);
	assert_true(DT_LEVEL_WARNING < DT_LEVEL_ERROR);
	assert_int_equal(DT_LEVEL_OFF, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_spec_rule_present_with_default_level),
	    cmocka_unit_test(test_catalogue_has_only_spec_rules),
	    cmocka_unit_test(test_rule_names_are_distinct),
	    cmocka_unit_test(test_enum_values_match_names),
	    cmocka_unit_test(test_lookup_unknown_name_gives_minus_one),
	    cmocka_unit_test(test_level_parse_table),
	    cmocka_unit_test(test_level_name_round_trips),
	    cmocka_unit_test(test_levels_are_ordered),
	};
	return cmocka_run_group_tests_name("ruleset", tests, NULL, NULL);
}
