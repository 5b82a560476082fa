/*
 * report.h - the maintainers' HTML report (SPEC §6 report, issue 5).
 *
 * One self-contained page: inline CSS (with a print style), no scripts,
 * nothing fetched from anywhere. A summary table of the tickets (progress
 * bar, steps, commits, evidence, findings), then per ticket its findings
 * with their hints, its tasks with the commit that last checked each, and
 * its timeline as `diarist log` shows it. Every string that comes from the
 * repository (titles, subjects, authors, paths, diary text, messages) is
 * HTML-escaped.
 *
 * The elements a test reads carry stable names: the summary table is
 * table#tickets; each of its rows is tr[data-ticket="ID"] with the cells
 * td.tasks-done, .tasks-total, .steps, .recorded, .unrecorded,
 * .evidence-passed, .evidence-failed, .evidence-missing, .errors,
 * .warnings (numbers as text), .status and .title; each ticket's part is
 * section.ticket[data-ticket="ID"] holding p.where (the folder and each
 * diary, code.diary, the writer's first), ul.findings (li.finding
 * [data-rule][data-level]), table.tasks (tr.task[data-task="N"]) and
 * table.timeline (tr.event[data-kind]; for a ticket with several
 * diaries, span.in-diary names the diary of an event's step).
 */
#ifndef DT_REPORT_H
#define DT_REPORT_H

#include <stddef.h>
#include "buf.h"
#include "findings.h"
#include "rules.h"
#include "tasks.h"
#include "timeline.h"

/* One ticket of the report. Nothing is owned. */
typedef struct {
	const dt_ticket_summary *summary; /* its numbers (never NULL) */
	const dt_tasks *tasks;            /* its tasks.md as in the tip, or NULL */
	const dt_timeline *timeline;      /* its history, or NULL when not known */
} dt_report_ticket;

typedef struct {
	const char *repository; /* what the report is about (the work tree's name) */
	const char *tip;        /* the commit the files were read in (abbreviated), or NULL */
	const char *tip_name;   /* how it is called ("HEAD"), or NULL */
	const char *generated;  /* when the report was made, as text, or NULL */
	const char *version;    /* diarist's version, or NULL */
	const char *note;       /* a line shown above the table ("no ticket workspace"), or NULL */
	const dt_report_ticket *tickets;
	size_t ntickets;
	const dt_findings *findings; /* the findings (NULL: none); those about a
	                                ticket not in `tickets` are not shown */
	int general;                 /* also list the findings about no ticket */
} dt_report;

/* Append the page to `out`. Cannot fail (out of memory aborts). */
void dt_report_write(dt_buf *out, const dt_report *r);

/* The page in pieces, in order, to `sink` (returns 0 or a negative code
 * that stops the rest): the first one is handed over while a second
 * thread still writes the later tickets. Returns 0 or the sink's code. */
typedef int (*dt_report_sink)(const char *data, size_t len, void *payload);
int dt_report_emit(const dt_report *r, dt_report_sink sink, void *payload);

/* HTML text and attribute escaping (& < > " '; control characters and
 * bytes that are not UTF-8 replaced), appended to `out`. */
void dt_html_escape(dt_buf *out, const char *s);

#endif
