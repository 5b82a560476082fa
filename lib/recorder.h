/*
 * recorder.h - writing commits into diaries (SPEC §4.1-4.3, §4.5).
 *
 * One code path for post-commit, post-rewrite and `diarist record`.
 */
#ifndef DT_RECORDER_H
#define DT_RECORDER_H

#include <stdint.h>
#include <stdio.h>
#include "buf.h"
#include "config.h"
#include "context.h"
#include "diaryedit.h"
#include "history.h"

/* Is a commit changing these paths bookkeeping only (every path under the
 * docs root `root`, relative to the work tree, or the diary.bookkeeping
 * globs)? 0 for no paths. */
int dt_bookkeeping_paths(const dt_strvec *paths, const char *root, const dt_config *cfg);
/* The Topics: of a ticket folder's index.md (absolute folder), for a new
 * diary's frontmatter; values that would need quoting are left out. */
void dt_read_topics(dt_strvec *out, const char *ticket_dir);

typedef struct {
	dt_context *ctx; /* open; its tickets loaded */
	dt_repo *repo;
	FILE *out;       /* "diarist: VM-023 step 8 ← a64aead (reference/01-diary.md)" */
	FILE *err;       /* warnings, notes */
	long force_step; /* diarist record --step N, else -1 */
	int verbose;     /* say why a commit is not recorded (diarist record) */
} dt_recorder;

void dt_recorder_init(dt_recorder *rc, dt_context *ctx, dt_repo *repo, FILE *out, FILE *err);

/* Record one commit (post-commit's and `diarist record`'s work). Problems
 * with one diary are reported and do not stop the others. Returns 0, or a
 * negative code for what stopped everything. *recorded counts the diaries
 * changed. */
int dt_recorder_commit(dt_recorder *rc, const char *rev, int *recorded);

typedef struct {
	char old_hex[DT_HEX_MAX];
	char new_hex[DT_HEX_MAX];
} dt_rewrite;

/* Rewrite recorded hashes (post-rewrite; amend seen by post-commit):
 * every record of an old hash becomes the new one (abbreviated, subject
 * refreshed); when the new one is already recorded, the old record goes. */
int dt_recorder_rewrite(dt_recorder *rc, const dt_rewrite *map, size_t n, int *changed);

/* Is this commit bookkeeping only (every path under the docs root or the
 * diary.bookkeeping globs)? */
int dt_recorder_bookkeeping(dt_recorder *rc, const dt_commit *c);

#endif
