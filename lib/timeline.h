/*
 * timeline.h - a ticket's history as one timeline (SPEC §6 log, report).
 *
 * Built in one walk of the history of a tip (through libgit2, odb.h),
 * for one ticket or for all of them at once (the report), oldest first:
 * the commits that name the ticket or that one of its diaries records, the
 * commit in which each task was checked or unchecked (from the history of
 * tasks.md, not guessed), when each step first appeared in each of its
 * diaries (SPEC 1.5: every file matching diary.files), and the changes of
 * Status: in index.md.
 */
#ifndef DT_TIMELINE_H
#define DT_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "odb.h"
#include "rules.h"
#include "tickets.h"

typedef enum {
	DT_EV_COMMIT,         /* a commit that names the ticket or that a diary of it records */
	DT_EV_TASK_CHECKED,   /* a task went from unchecked (or absent) to checked */
	DT_EV_TASK_UNCHECKED, /* a task went from checked to unchecked */
	DT_EV_STEP_ADDED,     /* a step first appeared in one of the diaries */
	DT_EV_STATUS          /* Status: of index.md changed (or was first set) */
} dt_event_kind;

/* Why a commit that no step records needs no record (SPEC §4.1). */
typedef enum {
	DT_EXEMPT_NONE,        /* it should be recorded */
	DT_EXEMPT_BOOKKEEPING, /* it changes only the docs root (or diary.bookkeeping) */
	DT_EXEMPT_MERGE,
	DT_EXEMPT_FIXUP /* fixup!, squash!, amend! */
} dt_exempt;

typedef struct {
	dt_event_kind kind;
	int64_t time; /* the commit's committer date, seconds since the epoch */
	int offset;   /* its time zone, minutes east of UTC */
	char commit[DT_HEX_MAX];
	char abbrev[DT_HEX_MAX];
	char *author;  /* "Name <email>" of the commit */
	char *subject; /* of the commit */
	/* DT_EV_COMMIT */
	int names;        /* the message names the ticket */
	long step;        /* number of the step of a diary (at the tip) recording it, or -1 */
	char *tests;      /* the text of its **Tests:** line after the label, or NULL */
	int tests_exit;   /* the exit status that line states, -1 when none */
	dt_exempt exempt; /* when no step records it */
	/* DT_EV_TASK_*: the task as it is in that commit */
	size_t task;   /* its number */
	char *task_id; /* its stable ID ("ab12"), or NULL */
	char *task_text;
	/* DT_EV_STEP_ADDED */
	long step_number;
	char *step_title;
	/* DT_EV_COMMIT with a step, DT_EV_STEP_ADDED: the diary of the step,
	 * relative to the ticket folder ("reference/01-diary.md"), and how many
	 * diaries the ticket has in the tip (the words name the diary when it
	 * has several) */
	char *diary;
	size_t ndiaries;
	/* DT_EV_STATUS */
	char *status_from; /* NULL when it was not set (or the ticket is new) */
	char *status_to;
} dt_event;

typedef struct {
	char *id;  /* the ticket */
	char *dir; /* its folder, relative to the docs root (dt_ticket.dir) */
	dt_event *items;
	size_t count, alloc;
} dt_timeline;

typedef struct {
	dt_timeline *items; /* one per ticket asked for, in the order of `tk` */
	size_t count;
} dt_timelines;

/* The timelines of every ticket of `tk` (the tickets as they are in the
 * tip; `root` is the docs root relative to the top of the work tree), or
 * of the ticket `only` (an ID of tk; NULL: all), in one walk of the
 * history of `tip` (a full commit id). Events are sorted oldest first
 * (commit date, then the order of the history). Returns 0 or a negative
 * code (the repository could not be read; message set).
 *
 * `kept`: the file where what was read out of the history's objects (the
 * files each commit changed, what each version of a ticket's file says)
 * is kept for the next run (objcache.h; dt_timelines_kept_path), or NULL
 * to read everything from the objects and keep nothing. */
int dt_timelines_build(dt_timelines *out, dt_odb *o, const dt_config *cfg, const char *root,
                       const char *tip, const dt_tickets *tk, const char *only, const char *kept);
void dt_timelines_dispose(dt_timelines *t);

/* Where a repository keeps it: <commondir>/diarist/history.cache. */
void dt_timelines_kept_path(dt_buf *out, const char *commondir);

/* The same, built as the history streams in (the report takes the rules'
 * walk, dt_rules_walk_tap and dt_rules_tap): begin, then every commit of
 * the tip's history in the order of dt_odb_walk, then end. With
 * `with_traces`, the tickets each commit is traced to come apart, in the
 * same order, each after its commit (its events are theirs: the diaries'
 * records are not read again); without, its message and the diaries'
 * records tell. Negative codes: message set; after a failed add, end
 * returns that code. end(b, NULL) drops what was built; end always frees
 * b. */
typedef struct dt_timeline_builder dt_timeline_builder;
int dt_timelines_begin(dt_timeline_builder **b, dt_odb *o, const dt_config *cfg, const char *root,
                       const char *tip, const dt_tickets *tk, const char *only, int with_traces,
                       const char *kept);
int dt_timelines_add(dt_timeline_builder *b, const dt_commit *c);
void dt_timelines_trace(dt_timeline_builder *b, const dt_rules_trace *t, size_t n);
int dt_timelines_end(dt_timeline_builder *b, dt_timelines *out);

/* The commit date of an event in its own time zone: "2026-02-14 10:00",
 * or with `iso` "2026-02-14T10:00:00+01:00". */
void dt_event_time(char *out, size_t size, const dt_event *e, int iso);

/* What happened, in words (appended to `out`): the subject and where the
 * commit is recorded ("VM-023: add x  (step 3; tests: exit 0, 42 passed,
 * 0 failed)"), 'task 7 checked: "write the guide"', 'step 4 added:
 * "..."', "status: active -> complete". For a ticket with several
 * diaries, the step's diary is named ("step 3 of diary/01-diary.md",
 * 'step 4 added: "..." (diary/01-diary.md)'). */
void dt_event_what(dt_buf *out, const dt_event *e);

/* "bookkeeping", "merge", "fixup"; "not recorded" for DT_EXEMPT_NONE. */
const char *dt_exempt_name(dt_exempt x);

/* "commit", "task-checked", "task-unchecked", "step-added", "status". */
const char *dt_event_kind_name(dt_event_kind k);

#endif
