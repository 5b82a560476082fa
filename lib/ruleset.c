#include "ruleset.h"

#include <string.h>

static const struct {
	const char *name;
	dt_level level;
} rules[DT_RULE__COUNT] = {
    [DT_RULE_TICKET_MISSING] = {"ticket-missing", DT_LEVEL_ERROR},
    [DT_RULE_TICKET_UNKNOWN] = {"ticket-unknown", DT_LEVEL_ERROR},
    [DT_RULE_TICKET_AMBIGUOUS] = {"ticket-ambiguous", DT_LEVEL_ERROR},
    [DT_RULE_TICKET_CLOSED] = {"ticket-closed", DT_LEVEL_WARNING},
    [DT_RULE_COMMIT_UNRECORDED] = {"commit-unrecorded", DT_LEVEL_ERROR},
    [DT_RULE_COMMIT_PENDING] = {"commit-pending", DT_LEVEL_ERROR},
    [DT_RULE_COMMIT_UNKNOWN] = {"commit-unknown", DT_LEVEL_ERROR},
    [DT_RULE_COMMIT_FOREIGN] = {"commit-foreign", DT_LEVEL_WARNING},
    [DT_RULE_COMMIT_UNREACHABLE] = {"commit-unreachable", DT_LEVEL_ERROR},
    [DT_RULE_TASK_UNTRACED] = {"task-untraced", DT_LEVEL_ERROR},
    [DT_RULE_TASK_CLAIM_OPEN] = {"task-claim-open", DT_LEVEL_WARNING},
    [DT_RULE_TASK_CLAIM_UNKNOWN] = {"task-claim-unknown", DT_LEVEL_ERROR},
    [DT_RULE_STATUS_OPEN_TASKS] = {"status-open-tasks", DT_LEVEL_ERROR},
    [DT_RULE_STATUS_ALL_DONE] = {"status-all-done", DT_LEVEL_WARNING},
    [DT_RULE_EVIDENCE_MISSING] = {"evidence-missing", DT_LEVEL_WARNING},
    [DT_RULE_EVIDENCE_FAILED] = {"evidence-failed", DT_LEVEL_ERROR},
    [DT_RULE_EVIDENCE_MISMATCH] = {"evidence-mismatch", DT_LEVEL_ERROR},
    [DT_RULE_STEP_NUMBERING] = {"step-numbering", DT_LEVEL_WARNING},
    [DT_RULE_FRONTMATTER_INVALID] = {"frontmatter-invalid", DT_LEVEL_ERROR},
    [DT_RULE_TICKET_DUPLICATE] = {"ticket-duplicate", DT_LEVEL_ERROR},
    [DT_RULE_HISTORY_SHALLOW] = {"history-shallow", DT_LEVEL_ERROR},
};

const char *dt_rule_name(dt_rule r)
{
	return (unsigned)r < DT_RULE__COUNT ? rules[r].name : "?";
}

dt_level dt_rule_default_level(dt_rule r)
{
	return (unsigned)r < DT_RULE__COUNT ? rules[r].level : DT_LEVEL_ERROR;
}

int dt_rule_lookup(const char *name)
{
	for (int i = 0; i < DT_RULE__COUNT; i++)
		if (!strcmp(rules[i].name, name))
			return i;
	return -1;
}

int dt_level_parse(const char *s)
{
	if (!strcmp(s, "error"))
		return DT_LEVEL_ERROR;
	if (!strcmp(s, "warning"))
		return DT_LEVEL_WARNING;
	if (!strcmp(s, "off"))
		return DT_LEVEL_OFF;
	return -1;
}

const char *dt_level_name(dt_level l)
{
	return l == DT_LEVEL_ERROR ? "error" : l == DT_LEVEL_WARNING ? "warning" : "off";
}
