/*
 * ruleset.h - the catalogue of diarist's rules (SPEC §5): names, default
 * levels, and the per-repository levels set under `rules:`.
 */
#ifndef DT_RULESET_H
#define DT_RULESET_H

typedef enum { DT_LEVEL_OFF = 0, DT_LEVEL_WARNING = 1, DT_LEVEL_ERROR = 2 } dt_level;

typedef enum {
	DT_RULE_TICKET_MISSING,
	DT_RULE_TICKET_UNKNOWN,
	DT_RULE_TICKET_AMBIGUOUS,
	DT_RULE_TICKET_CLOSED,
	DT_RULE_COMMIT_UNRECORDED,
	DT_RULE_COMMIT_PENDING,
	DT_RULE_COMMIT_UNKNOWN,
	DT_RULE_COMMIT_FOREIGN,
	DT_RULE_COMMIT_UNREACHABLE,
	DT_RULE_TASK_UNTRACED,
	DT_RULE_TASK_CLAIM_OPEN,
	DT_RULE_TASK_CLAIM_UNKNOWN,
	DT_RULE_STATUS_OPEN_TASKS,
	DT_RULE_STATUS_ALL_DONE,
	DT_RULE_EVIDENCE_MISSING,
	DT_RULE_EVIDENCE_FAILED,
	DT_RULE_EVIDENCE_MISMATCH,
	DT_RULE_STEP_NUMBERING,
	DT_RULE_FRONTMATTER_INVALID,
	DT_RULE_TICKET_DUPLICATE,
	DT_RULE_HISTORY_SHALLOW,
	DT_RULE__COUNT
} dt_rule;

const char *dt_rule_name(dt_rule r);
dt_level dt_rule_default_level(dt_rule r);
/* The rule called `name`, or -1. */
int dt_rule_lookup(const char *name);
/* "error", "warning", "off" -> level, or -1. */
int dt_level_parse(const char *s);
const char *dt_level_name(dt_level l);

#endif
