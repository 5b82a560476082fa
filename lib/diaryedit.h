/*
 * diaryedit.h - every change diarist makes to a diary, in one place
 * (SPEC §4.2, §4.3, §4.5, §6 fix).
 *
 * post-commit, post-rewrite, `diarist record` and `diarist fix` change a
 * diary only through these calls. Each takes a diary's text and gives the
 * new text; the caller writes it (dt_file_update: locked, atomic). The
 * invariant, tested over every parser case and the real corpus
 * (tests/unit/test_diaryedit.c, tests/fuzz/fuzz_diaryedit.c): after any
 * edit every record (every hash entry of every record line) that was in
 * the text is still there, in the same step, rewritten or not, except the
 * entries the edit was asked to drop; every other byte is unchanged. A
 * record line that was not fully understood is never rewritten, and one
 * that holds anything besides its records is never removed.
 */
#ifndef DT_DIARYEDIT_H
#define DT_DIARYEDIT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "config.h"

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
	long step;          /* the step number it went to */
	char step_name[32]; /* that step as people write it: "8", "5b", "2-3", or
	                       "\"<its title>\"" (cut short) when it has no number */
	dt_placed placed;
} dt_placement;

/* Apply rules 1-5 to a diary's text. Returns 0 (out filled; equal to the
 * input when nothing changed) or DT_EINVALID (the diary cannot be parsed:
 * message with file:line). */
int dt_diaryedit_place(dt_buf *out, const char *data, size_t len, const char *path,
                       dt_placement *pl);

/* The text of a new diary (rule 6): docmgr frontmatter with its 13 keys,
 * "# Diary" and "## Goal". `topics` may be NULL. */
void dt_diaryedit_new_diary(dt_buf *out, const char *id, const dt_strvec *topics, int64_t when,
                            int offset_minutes);

/* A recorded commit that was rewritten (amend, rebase, or found by fix). */
typedef struct {
	const char *old_hex; /* full id of the rewritten commit */
	const char *new_hex; /* full id of what replaced it */
	const char *abbrev;  /* new_hex as diaries write it */
	const char *subject; /* the new commit's subject, or NULL: keep the old */
	const char *tests;   /* "**Tests:** ..." of the new commit, or NULL: none */
} dt_diaryedit_move;

/* For moves not complete yet: fn(payload, m) is called, before moves[m]
 * is used, for each move whose old commit the diary records, so that the
 * caller asks git only about those; it fills in moves[m]'s abbrev,
 * subject and tests (moves[m] is the caller's to change). */
typedef struct {
	void (*fn)(void *payload, size_t m);
	void *payload;
} dt_diaryedit_lookup;

typedef struct {
	size_t rewritten;   /* entries rewritten */
	size_t dropped;     /* entries dropped */
	size_t first_line;  /* the first line changed, or 0 */
	size_t unread;      /* record lines that name a moved commit but that
	                       diarist cannot read: left as they are */
	size_t unread_line; /* the first of them, or 0 (with unread set: the whole
	                       text would not read back as intended and was
	                       left as it was) */
} dt_diaryedit_result;

/* Rewrite every entry of a moved commit (any >= 7-digit prefix of
 * old_hex; other repositories' hashes are never touched) to its new hash,
 * (`repos`: the names of repos:, whose commits a record's label may
 * claim; NULL for none; `lookup`: see above, or NULL when the moves are
 * complete), the subject refreshed where the entry has one of its own (not a title
 * written in the label), and the Tests line of a single-entry record
 * replaced by the new commit's (or removed: it names another tree). An
 * entry is dropped instead, SPEC §4.5, when the diary records new_hex
 * already (an amend seen by post-commit) or when another old commit moved
 * to the same new one has its entries kept (a squash: the first in the
 * text stays) -- unless dropping it would take prose along, or leave a
 * bare label with no list item, when it is rewritten. The same old hash recorded in several steps
 * is rewritten in each. Returns 0 (out filled, equal to the input when nothing changed; *res
 * filled) or DT_EINVALID (the diary cannot be parsed: message with file:line). */
int dt_diaryedit_rewrite(dt_buf *out, const char *data, size_t len, const char *path,
                         const dt_strvec *repos, const dt_diaryedit_move *moves, size_t n,
                         const dt_diaryedit_lookup *lookup, dt_diaryedit_result *res);

#endif
