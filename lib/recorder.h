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
#include "history.h"

typedef enum {
	DT_PLACED_NONE,        /* nothing changed */
	DT_PLACED_ALREADY,     /* rule 1: already recorded (maybe Tests added) */
	DT_PLACED_NAMED_STEP,  /* rule 2: Diary-Step trailer */
	DT_PLACED_PLACEHOLDER, /* rule 3: a waiting placeholder replaced */
	DT_PLACED_LAST_STEP,   /* rule 4 (or 5 last-step): added to the last step */
	DT_PLACED_NEW_STEP,    /* rule 5: a new step */
	DT_PLACED_NEW_DIARY    /* rule 6 (then 5) */
} dt_placed;

typedef struct {
	const char *abbrev; /* hash as it is written */
	const char *hex;    /* full hash */
	const char *subject;
	const char *tests_line; /* "**Tests:** ..." or NULL */
	long diary_step;        /* Diary-Step: N, or -1 */
	dt_new_commit new_commit;
	/* out */
	long step; /* the step number it went to */
	dt_placed placed;
} dt_placement;

/* Apply rules 1-5 to a diary's text. Returns 0 (out filled; equal to the
 * input when nothing changed) or DT_EINVALID (the diary cannot be parsed:
 * message with file:line). */
int dt_place_record(dt_buf *out, const char *data, size_t len, const char *path, dt_placement *pl);

/* The text of a new diary (rule 6): docmgr frontmatter with its 13 keys,
 * "# Diary" and "## Goal". `topics` may be NULL. */
void dt_new_diary_text(dt_buf *out, const char *id, const dt_strvec *topics, int64_t when,
                       int offset_minutes);

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
