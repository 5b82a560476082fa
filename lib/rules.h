/*
 * rules.h - the drift gate (SPEC §5): every rule of the table, judged on
 * a range of commits and on the files as they are in the range's tip.
 *
 * One code path for the pre-push hook and `diarist check`. The files are
 * read from the tip's tree through libgit2 (odb.h), never from the work
 * tree; the work is proportional to the range and to the tickets it
 * touches, not to the history.
 */
#ifndef DT_RULES_H
#define DT_RULES_H

#include <stdint.h>
#include "buf.h"
#include "config.h"
#include "findings.h"
#include "odb.h"
#include "tickets.h"

/* A ticket a commit of the history is traced to, as the rules see it:
 * its message names the ticket, or one of the ticket's diaries (in the
 * tip) records it, or both. */
typedef struct {
	size_t ticket;     /* index in the tip's tickets */
	int names;         /* the message names it */
	long step;         /* number of the step recording it, or -1 (not recorded) */
	const char *diary; /* the diary of that step (relative to the top), or NULL */
	const char *tests; /* that record's Tests line after its label, or NULL */
	int tests_exit;    /* the exit status the line states, -1 when none */
} dt_rules_trace;

/* The traces of one commit, being gathered: one per ticket. */
typedef struct {
	dt_rules_trace *items;
	long *rec; /* per trace: the order of the record it took, or -1 */
	size_t count, alloc, arec;
} dt_rules_traces;

#define DT_RULES_TRACES_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, 0, 0, 0                                                                \
	}

/* Ticket ti into t: named by the message (`names`), and/or recorded by the
 * record of order `rec` (>= 0, lower: earlier in the diaries, the
 * writer's first; -1: none) with its step number, diary, Tests line and
 * exit status; of several records of one ticket, the earliest with a
 * Tests line counts, else the earliest (the one whose evidence the rules
 * judge). `diary` and `tests` are not copied. */
void dt_rules_traces_add(dt_rules_traces *t, size_t ti, int names, long rec, long step,
                         const char *diary, const char *tests, int tests_exit);
void dt_rules_traces_dispose(dt_rules_traces *t);

/* Gets each commit of the history walk with its traces (one per ticket);
 * returns 0, or a negative code (message set) that stops the walk and is
 * what dt_rules_run returns. Called in the thread that called
 * dt_rules_run. */
typedef int (*dt_rules_tap)(const dt_commit *c, const dt_rules_trace *t, size_t n, void *payload);

/* Gets each commit of the history walk as it is read, before it is
 * judged (then passed to dt_rules_tap, in the same order); returns 0 or a
 * negative code (message set) that stops the walk. Called in the thread
 * that reads the history, which may be a second one. */
typedef int (*dt_rules_walk_tap)(const dt_commit *c, void *payload);

/* The history of a tip read in a second thread (its own repository
 * handle), ahead of the judging: started by a caller that has work of its
 * own before the rules run (reading the tickets), given to them in
 * dt_rules_input.stream, freed by the caller afterwards. walk_tap (or
 * NULL) gets each commit as it is read, as dt_rules_input.walk_tap. */
typedef struct dt_rules_stream dt_rules_stream;
int dt_rules_stream_start(dt_rules_stream **out, const char *tip, dt_rules_walk_tap walk_tap,
                          void *payload);
/* Stops the reading (when still on) and frees it; NULL is nothing. */
void dt_rules_stream_free(dt_rules_stream *s);

typedef struct {
	const dt_config *cfg;
	dt_odb *odb;
	const char *root;       /* docs root relative to the top of the work tree ("ttmp") */
	int root_required;      /* .diarist.yaml exists: a tip without the root is an error */
	const char *tip;        /* full id: the files are judged as in this commit */
	const char *tip_name;   /* how the tip is called in messages ("HEAD", "refs/heads/x") */
	const char *base;       /* full id the tasks and diaries are compared with, or NULL */
	const dt_strvec *range; /* the commits judged, oldest first (full ids); NULL:
	                           every commit of the tip's history (--all) */
	int64_t since_time;     /* range NULL: commits dated before are not judged */
	int all;                /* every ticket is judged (check --all) */
	const char *ticket;     /* judge this ticket too, and report only its findings */
	int summaries;          /* fill dt_rules_stats.summary */
	/* the tip's tickets under root, already read (dt_odb_tickets), or NULL:
	 * read them (then a tip without the root is no error unless required) */
	const dt_tickets *tickets;
	/* range NULL: every commit walked goes to the taps, newest first (to
	 * the walk tap as it is read, to the tap once judged; those before
	 * since: too); the diaries of all tickets are read before the first
	 * commit is judged */
	dt_rules_tap tap;
	dt_rules_walk_tap walk_tap; /* with tap only */
	void *tap_payload;          /* for both */
	/* where what was worked out from commits is kept for the next run
	 * (objcache.h; dt_rules_kept_path), or NULL */
	const char *kept;
	/* range NULL: the walk of the tip's history, started by the caller
	 * (with walk_tap as its walk tap), or NULL */
	dt_rules_stream *stream;
} dt_rules_input;

/* The state of one ticket's bookkeeping, as the rules saw it (status,
 * report). */
typedef struct {
	char *id;
	char *title;  /* Title: of index.md, or NULL */
	char *status; /* Status: as written, or NULL */
	int closed;
	char *dir;         /* the ticket folder, relative to the top of the work tree */
	char *diary;       /* the writer's diary, relative to the top, or NULL */
	dt_strvec diaries; /* every diary (SPEC 1.5), relative to the top, the writer's first */
	size_t tasks_done, tasks_total;
	size_t steps;      /* of all its diaries */
	size_t recorded;   /* commits recorded in its diaries (each hash of a record) */
	size_t unrecorded; /* commits that name it and are not recorded */
	size_t evidence_passed, evidence_failed, evidence_missing; /* of the recorded */
	size_t errors, warnings;                                   /* findings about it */
} dt_ticket_summary;

typedef struct {
	size_t commits;    /* commits judged */
	int root_missing;  /* the tip has no docs root: nothing was judged */
	dt_strvec tickets; /* IDs of the tickets judged, in ID order */
	/* with dt_rules_input.summaries: one per ticket judged, in ID order */
	dt_ticket_summary *summary;
	size_t nsummary;
} dt_rules_stats;

#define DT_RULES_STATS_INIT                                                                        \
	{                                                                                          \
		0, 0, DT_STRVEC_INIT, NULL, 0                                                      \
	}

/* Judge the range. Findings are appended to `out` (sorted). Returns 0, or
 * a negative code when the repository could not be read (message set):
 * a finding is never lost to an error, and an error never passes
 * silently. */
int dt_rules_run(dt_findings *out, dt_rules_stats *stats, const dt_rules_input *in);

/* Where a repository keeps it: <commondir>/diarist/rules.cache. */
void dt_rules_kept_path(dt_buf *out, const char *commondir);
void dt_rules_stats_dispose(dt_rules_stats *s);

/* `since:` of the configuration: *time (INT64_MIN when none) for a date,
 * hex for a commit (else ""). DT_ECONFIG when it is neither. */
int dt_rules_since(int64_t *time, char hex[DT_HEX_MAX], dt_odb *o, const dt_config *cfg);

/* The commits of a range: reachable from `tip`, from none of `bases` (full
 * ids, or ref globs ending in '*'), and not older than the config's
 * `since:` (a date: commits dated before it; a commit: it and its
 * ancestors). Oldest first. *base gets the commit the range grew from
 * (the first parent of its oldest commit), "" when none. DT_ECONFIG when
 * `since:` is neither a date nor a commit here. */
int dt_rules_range(dt_strvec *out, char base[DT_HEX_MAX], dt_odb *o, const dt_config *cfg,
                   const char *tip, const char *const *bases, size_t nbases);

#endif
