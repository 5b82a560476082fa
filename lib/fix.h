/*
 * fix.h - repairing what can be repaired mechanically in the diaries of
 * the work tree (`diarist fix`, SPEC §6 "fix").
 *
 * Three repairs, in this order (each sees what the one before did):
 *  1. stale hashes: a recorded commit that is not an ancestor of HEAD and
 *     whose rebased version is found among HEAD's commits (same
 *     `git patch-id --stable`, else same author date and subject; searched
 *     among the commits that name the diary's ticket, and those of the
 *     range) is rewritten as post-rewrite would have done;
 *  2. waiting placeholders whose commit is identifiable (a commit of HEAD
 *     naming the ticket, not recorded there, with a `Diary-Step: N`
 *     trailer for that step or the subject quoted on the placeholder
 *     line) are filled;
 *  3. the commits of the range that name a ticket and are not recorded
 *     are recorded as post-commit would (oldest first).
 * Only record lines (and their Tests lines) change, or new steps are
 * added; prose is never touched. Every diary is computed in memory first:
 * the summary is the same with and without dry_run, and a dry run writes
 * nothing. Diaries are written through dt_file_update (locked, atomic);
 * one that changed while fix ran is left alone.
 *
 * git is asked through a handful of processes (git log over the range and
 * over HEAD, cat-file, rev-list, patch-id), never one per record.
 */
#ifndef DT_FIX_H
#define DT_FIX_H

#include <stddef.h>
#include <stdio.h>
#include "context.h"
#include "history.h"

typedef struct {
	int dry_run;       /* compute and show, write nothing */
	const char *range; /* "A..B" (any rev-list range), or NULL: @{upstream}..HEAD,
	                      else the commits of HEAD on no remote-tracking ref */
	FILE *out;         /* the diff-like summary and what was left as is */
	FILE *err;         /* notes of the lock files (a stale lock removed) */
} dt_fix_opts;

typedef struct {
	size_t changes; /* records rewritten, filled or added */
	size_t diaries; /* diaries changed (or that would be, in a dry run) */
	size_t left;    /* things reported and left as they were */
	size_t failed;  /* diaries that could not be read, parsed or written */
} dt_fix_result;

/* Run the three repairs over every diary of ctx's tickets (ctx open and
 * its tickets scanned; repo open on the same repository). The summary
 * goes to opts->out as it is computed, per diary:
 *   path:12: 1111111 was rebased as 2222222 (same patch-id)
 *   path:12: - **Commit (code):** 1111111 — "x"
 *   path:12: + **Commit (code):** 2222222 — "x"
 * and what is left as is as "path:line: warning: ...". Returns 0 (see
 * *out; failed > 0 means some diary was not written), DT_EUSAGE (the
 * range is not one git knows), DT_ECONFIG (since: names no commit) or
 * DT_EIO (git could not be run or failed). */
int dt_fix_run(dt_fix_result *out, dt_context *ctx, dt_repo *repo, const dt_fix_opts *opts);

#endif
