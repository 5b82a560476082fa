/*
 * gate.h - what the pre-push hook and `diarist check` share around the
 * rules (rules.h): opening the repository and its configuration, judging
 * a tip against its bases, and how the pre-push hook reads git's input.
 */
#ifndef DT_GATE_H
#define DT_GATE_H

#include <stdio.h>
#include "context.h"
#include "findings.h"
#include "odb.h"
#include "rules.h"

typedef struct {
	dt_context ctx;
	dt_odb *odb;
	char *root; /* the docs root relative to the top of the work tree */
	int odb_init;
	int summaries; /* dt_gate_judge fills stats->summary (status, report) */
	/* passed on to the rules (dt_rules_input): the tip's tickets when
	 * already read, and a tap on the walk of all history (report) */
	const dt_tickets *tickets;
	dt_rules_tap tap;
	dt_rules_walk_tap walk_tap;
	void *tap_payload;
	/* the walk of all history, started early (its walk tap is walk_tap):
	 * given to the rules when they walk all history, which
	 * dt_gate_walks_all tells beforehand */
	dt_rules_stream *stream;
} dt_gate;

/* Find the repository, its configuration and docs root; open the object
 * database. Returns 0 or a negative code (message set; ctx.cfg is always
 * there, for hooks.on_internal_error). */
int dt_gate_open(dt_gate *g);
void dt_gate_close(dt_gate *g);

/* Judge the commits reachable from `tip` and from none of `bases` (see
 * dt_rules_range); `all` judges every ticket. Findings appended to `out`. */
int dt_gate_judge(dt_gate *g, dt_findings *out, dt_rules_stats *stats, const char *tip,
                  const char *tip_name, const char *const *bases, size_t nbases, int all,
                  const char *ticket);

/* Would dt_gate_judge(g, ..., nbases = 0, all = 1, ...) walk all of tip's
 * history (1), or judge a range (0: a shallow clone, since: naming a
 * commit)? Negative when the configuration cannot be read. */
int dt_gate_walks_all(dt_gate *g);

/* The commit HEAD's branch has as upstream (branch.<name>.remote and
 * .merge). DT_ENOTFOUND when there is none. */
int dt_gate_upstream(char out[DT_HEX_MAX], dt_gate *g);

/* Drop findings equal (rule, file, line, message) to an earlier one; the
 * list must be sorted. */
void dt_findings_dedupe(dt_findings *f);

/* The pre-push hook (SPEC §5): `remote` is git's first argument, `input`
 * its standard input. Prints to `err`; returns the exit status. */
int dt_prepush_run(const char *remote, const char *input, size_t len, FILE *err);

#endif
