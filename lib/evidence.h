/*
 * evidence.h - test evidence (SPEC §4.4).
 *
 * `diarist run` runs the tests and keeps, per tree id of the index, what
 * ran, how it ended and the pass/fail counts read from the output's
 * closing lines. post-commit attaches the record whose tree equals the new
 * commit's tree as a "**Tests:**" line. A run made with unstaged changes
 * to tracked files is kept apart ("dirty") and never attached.
 */
#ifndef DT_EVIDENCE_H
#define DT_EVIDENCE_H

#include <stdint.h>
#include <stdio.h>
#include "buf.h"

typedef struct {
	char *command; /* argv joined, as shown in the diary */
	int exit_code; /* 0-255; 128+N when killed by signal N */
	double seconds;
	int counted; /* the counts below were read from the output */
	long passed, failed, skipped;
	char *format; /* which closing line gave them ("plain", "pytest"...) */
	char tree[65];
	int dirty;
	int64_t when;
} dt_evidence;

void dt_evidence_dispose(dt_evidence *ev);

/* Read the pass/fail counts from test output (its closing lines): the
 * plain "N passed, N failed", cargo test, pytest, ctest, cmocka, go test,
 * TAP, in that order of precedence. Sets counted, passed, failed, skipped
 * and format; leaves them unset when nothing is recognised. */
void dt_evidence_counts(dt_evidence *ev, const char *output, size_t len);

/* The evidence folder of a repository: <commondir>/diarist/evidence. */
void dt_evidence_dir(dt_buf *out, const char *commondir);
int dt_evidence_save(const char *dir, const dt_evidence *ev);
/* The clean record for `tree` (never a dirty one). DT_ENOTFOUND when none. */
int dt_evidence_load(dt_evidence *out, const char *dir, const char *tree);

/* The diary line: "**Tests:** `make test` — exit 0; 42 passed, 0 failed;
 * 3.1 s; commit a64aead, tree 9c1e2f0" (without a line ending). */
void dt_evidence_line(dt_buf *out, const dt_evidence *ev, const char *commit_abbrev);

/* Run argv (no shell) with its output shown live on our stdout/stderr and
 * kept for dt_evidence_counts. Fills command, exit_code, seconds and the
 * counts. Returns 0, or DT_EIO when it could not be started. */
int dt_evidence_run(dt_evidence *ev, char *const argv[]);

#endif
