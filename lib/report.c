#include "report.h"
#include "common.h"
#include "ruleset.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole style sheet: system fonts only (nothing to fetch), a progress
 * bar made of two boxes, and a print style that keeps the bars' colours
 * and starts no ticket in the middle of a table row. */
static const char style[] =
    ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg2:#f6f8fa;--ok:#1a7f37;"
    "--bad:#cf222e;--warn:#9a6700;--accent:#0969da}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:80rem;padding:1.5rem;color:var(--fg);background:#fff;"
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif}\n"
    "h1{font-size:1.6rem;margin:0 0 .25rem}\n"
    "h2{font-size:1.25rem;margin:0 0 .25rem;overflow-wrap:anywhere}\n"
    "h3{font-size:1rem;margin:1rem 0 .4rem}\n"
    "a{color:var(--accent);text-decoration:none}\n"
    "a:hover{text-decoration:underline}\n"
    "code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',"
    "monospace;font-size:.92em}\n"
    ".meta,.where,.none,.subject,.exempt,.in-diary{color:var(--muted)}\n"
    ".meta{margin:0 0 1rem}\n"
    ".note{padding:.5rem .75rem;border-left:4px solid var(--warn);background:#fff8c5}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--bg2);font-weight:600;white-space:nowrap}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "#tickets td.id{white-space:nowrap}\n"
    "#tickets td.title{overflow-wrap:anywhere}\n"
    "#tickets tr.has-errors td.id{box-shadow:inset 4px 0 var(--bad)}\n"
    "#tickets tr.has-warnings td.id{box-shadow:inset 4px 0 var(--warn)}\n"
    "#tickets tfoot td{font-weight:600;border-top:2px solid var(--line)}\n"
    "td.tasks{white-space:nowrap}\n"
    ".bar{display:inline-block;width:6rem;height:.65rem;margin-right:.4rem;"
    "vertical-align:middle;background:#e6e9ed;border-radius:3px;overflow:hidden}\n"
    ".bar>span{display:block;height:100%;background:var(--ok)}\n"
    ".bar,.bar>span,.badge,#tickets tr td.id{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}\n"
    ".badge{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.85em;"
    "border:1px solid var(--line);background:var(--bg2);white-space:nowrap}\n"
    ".st-active{background:#ddf4ff;border-color:#54aeff}\n"
    ".st-review{background:#fbefff;border-color:#c297ff}\n"
    ".st-draft{background:#fff8c5;border-color:#d4a72c}\n"
    ".st-complete,.st-archived{background:#dafbe1;border-color:#4ac26b}\n"
    ".zero{color:var(--muted)}\n"
    "td.errors:not(.zero),td.evidence-failed:not(.zero),td.unrecorded:not(.zero)"
    "{color:var(--bad);font-weight:600}\n"
    "td.warnings:not(.zero),td.evidence-missing:not(.zero){color:var(--warn)}\n"
    "section.ticket,section.general{margin:2rem 0 0;padding-top:1rem;"
    "border-top:2px solid var(--line)}\n"
    ".back{float:right;font-size:.85rem}\n"
    "ul.findings{list-style:none;margin:0;padding:0}\n"
    "li.finding{margin:0 0 .4rem;padding:.3rem .6rem;border-left:4px solid var(--warn);"
    "background:var(--bg2)}\n"
    "li.finding[data-level=error]{border-left-color:var(--bad)}\n"
    ".level{font-weight:600;text-transform:uppercase;font-size:.8em;margin-right:.3rem}\n"
    "li.finding[data-level=error] .level{color:var(--bad)}\n"
    "li.finding[data-level=warning] .level{color:var(--warn)}\n"
    ".rule{color:var(--muted);font-size:.85em}\n"
    ".hint{margin-top:.15rem;color:var(--muted)}\n"
    ".loc,.message,.text,.what{overflow-wrap:anywhere}\n"
    "tr.section th{background:none;color:var(--muted);font-weight:600;padding-top:.6rem}\n"
    "td.check{width:1.5rem;text-align:center}\n"
    "tr.task.done td.check{color:var(--ok)}\n"
    "td.date{white-space:nowrap}\n"
    ".kind{display:inline-block;min-width:5.5rem;font-size:.8em;color:var(--muted);"
    "text-transform:uppercase}\n"
    "tr.event[data-kind=task-checked] .kind{color:var(--ok)}\n"
    "tr.event[data-kind=task-unchecked] .kind,.tests.fail{color:var(--bad)}\n"
    ".tests{margin-top:.1rem}\n"
    ".tests.pass{color:var(--ok)}\n"
    ".unrecorded-mark{color:var(--bad)}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "a{color:inherit}.back{display:none}"
    "section.ticket{break-before:auto;border-top:1px solid #999}"
    "tr,li.finding{break-inside:avoid}thead{display:table-header-group}"
    "h2,h3{break-after:avoid}}\n";

void dt_html_escape(dt_buf *out, const char *s)
{
	/* XML's escaping is HTML's: &apos; is an HTML5 entity too */
	dt_xml_escape(out, s);
}

static void esc(dt_buf *out, const char *s)
{
	if (s)
		dt_html_escape(out, s);
}

/* The fragment name of a ticket's section: "ticket-" and the ID with each
 * byte outside [A-Za-z0-9._-] written as _XX (an ID is any text), "--N"
 * for the N-th folder of a duplicated ID. */
static void anchor(dt_buf *out, const char *id, size_t nth)
{
	dt_buf_puts(out, "ticket-");
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (dt_isalnum(*p) || *p == '-' || *p == '.')
			dt_buf_putc(out, (char)*p);
		else
			dt_buf_printf(out, "_%02X", *p);
	}
	if (nth > 1)
		dt_buf_printf(out, "--%zu", nth);
}

/* The commit date as `diarist log` shows it (the commit's own zone), the
 * full date with its offset in the datetime attribute and the tooltip. */
static void put_time(dt_buf *out, const dt_event *ev)
{
	/* a commit's events come together: the markup of the time met last
	 * (per thread: two write the page) is kept */
	static _Thread_local struct {
		int64_t time;
		int offset, len;
		char markup[192];
	} last = {0, 0, 0, ""};
	if (!last.len || last.time != ev->time || last.offset != ev->offset) {
		char shown[64], iso[64];
		dt_event_time(shown, sizeof(shown), ev, 0);
		dt_event_time(iso, sizeof(iso), ev, 1);
		/* both are digits and punctuation made here: nothing to escape */
		last.len =
		    snprintf(last.markup, sizeof(last.markup),
		             "<time datetime=\"%s\" title=\"%s\">%s</time>", iso, iso, shown);
		last.time = ev->time;
		last.offset = ev->offset;
	}
	dt_buf_put(out, last.markup, (size_t)last.len);
}

/* "Name <email>": the name shown, the whole in a tooltip. */
static void put_author(dt_buf *out, const char *author)
{
	const char *lt = author ? strstr(author, " <") : NULL;
	if (!author || !*author) {
		dt_buf_puts(out, "<span class=\"none\">unknown</span>");
		return;
	}
	dt_buf_puts(out, "<span class=\"author\" title=\"");
	esc(out, author);
	dt_buf_puts(out, "\">");
	if (lt && lt != author) {
		char *name = dt_xstrndup(author, (size_t)(lt - author));
		esc(out, name);
		free(name);
	} else {
		esc(out, author);
	}
	dt_buf_puts(out, "</span>");
}

static void put_commit(dt_buf *out, const char *full, const char *abbrev)
{
	if (!full || !*full) {
		dt_buf_puts(out, "<span class=\"none\">&#8212;</span>");
		return;
	}
	dt_buf_puts(out, "<code class=\"commit\" title=\"");
	esc(out, full);
	dt_buf_puts(out, "\">");
	if (abbrev && *abbrev) {
		esc(out, abbrev);
	} else {
		/* a finding's id is a hex id, but the page trusts nothing */
		char *shortened = dt_xstrndup(full, 7);
		esc(out, shortened);
		free(shortened);
	}
	dt_buf_puts(out, "</code>");
}

/* The class of a Status: badge; only the statuses SPEC §1.2 names get one
 * of their own (the text is untrusted and never becomes a class). */
static const char *status_class(const char *status)
{
	static const char *const known[] = {"draft",    "active",   "review",
	                                    "complete", "archived", NULL};
	for (size_t i = 0; status && known[i]; i++)
		if (!dt_ascii_casecmp(status, known[i]))
			return known[i];
	return "other";
}

static void put_status(dt_buf *out, const char *status)
{
	if (!status) {
		dt_buf_puts(out, "<span class=\"none\">none</span>");
		return;
	}
	dt_buf_printf(out, "<span class=\"badge st-%s\">", status_class(status));
	esc(out, status);
	dt_buf_puts(out, "</span>");
}

static void num_cell(dt_buf *out, const char *cls, size_t n)
{
	dt_buf_printf(out, "<td class=\"num %s%s\">%zu</td>", cls, n ? "" : " zero", n);
}

/* The bar and "done/total" as text (a reader without CSS, and the tests,
 * read the numbers). */
static void tasks_cell(dt_buf *out, size_t done, size_t total)
{
	unsigned pct = total ? (unsigned)((done * 100 + total / 2) / total) : 0;
	/* never full before every task is done, never empty once one is */
	if (done < total && pct == 100)
		pct = 99;
	if (done && pct == 0)
		pct = 1;
	if (done >= total && total)
		pct = 100;
	dt_buf_printf(out,
	              "<td class=\"tasks\"><span class=\"bar\" title=\"%u%%\">"
	              "<span style=\"width:%u%%\"></span></span>"
	              "<span class=\"tasks-done\">%zu</span>/<span class=\"tasks-total\">%zu</span>"
	              "</td>",
	              pct, pct, done, total);
}

/* ---- the findings of each ticket ---- */

typedef struct {
	const char *ticket;
	size_t index;
} fref;

static int cmp_fref(const void *pa, const void *pb)
{
	const fref *a = pa, *b = pb;
	int c = dt_ascii_casecmp(a->ticket, b->ticket);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The findings about a ticket, sorted by ticket (case ignored) and then in
 * their own order: each ticket finds its run by halves. */
typedef struct {
	fref *items;
	size_t count;
} findex;

static void findex_build(findex *x, const dt_findings *f)
{
	x->items = NULL;
	x->count = 0;
	if (!f || !f->count)
		return;
	x->items = dt_xcalloc(f->count, sizeof(*x->items));
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].ticket)
			x->items[x->count++] = (fref){f->items[i].ticket, i};
	if (x->count)
		qsort(x->items, x->count, sizeof(*x->items), cmp_fref);
}

/* The first entry about `id`; *n gets how many there are. */
static int cmp_key_fref(const void *key, const void *f)
{
	return dt_ascii_casecmp(key, ((const fref *)f)->ticket);
}

static const fref *findex_find(const findex *x, const char *id, size_t *n)
{
	size_t lo = dt_lower_bound(id, x->items, x->count, sizeof(*x->items), cmp_key_fref);
	*n = 0;
	while (lo + *n < x->count && !dt_ascii_casecmp(x->items[lo + *n].ticket, id))
		(*n)++;
	return x->items + lo;
}

/* Does the message already name the commit (its first 7 digits)? Then
 * the page does not say it twice. */
static int names_commit(const char *message, const char *commit)
{
	size_t n = strnlen(commit, 7);
	return n && memmem(message, strlen(message), commit, n) != NULL;
}

static void put_finding(dt_buf *out, const dt_finding *x)
{
	const char *level = dt_level_name(x->level);
	const char *rule = dt_rule_name(x->rule);

	dt_buf_printf(out,
	              "<li class=\"finding\" data-rule=\"%s\" data-level=\"%s\">"
	              "<span class=\"level\">%s</span>",
	              rule, level, level);
	if (x->file) {
		dt_buf_puts(out, "<code class=\"loc\">");
		esc(out, x->file);
		if (x->line)
			dt_buf_printf(out, ":%zu", x->line);
		dt_buf_puts(out, "</code> ");
	} else if (x->commit && !names_commit(x->message, x->commit)) {
		dt_buf_puts(out, "commit ");
		put_commit(out, x->commit, NULL);
		dt_buf_puts(out, " ");
	}
	dt_buf_puts(out, "<span class=\"message\">");
	esc(out, x->message);
	dt_buf_printf(out, "</span> <span class=\"rule\">[%s]</span>", rule);
	if (x->hint) {
		dt_buf_puts(out, "<div class=\"hint\">hint: ");
		esc(out, x->hint);
		dt_buf_puts(out, "</div>");
	}
	dt_buf_puts(out, "</li>\n");
}

/* ---- tasks ---- */

static int same_task(const dt_task *t, const dt_event *ev)
{
	if (t->stable && ev->task_id)
		return !strcmp(t->stable, ev->task_id);
	return ev->task_text && t->text && !strcmp(t->text, ev->task_text);
}

/* The last event that checked or unchecked `t`, or NULL. */
static const dt_event *last_task_event(const dt_timeline *tl, const dt_task *t)
{
	for (size_t i = tl ? tl->count : 0; i > 0; i--) {
		const dt_event *ev = &tl->items[i - 1];
		if ((ev->kind == DT_EV_TASK_CHECKED || ev->kind == DT_EV_TASK_UNCHECKED) &&
		    same_task(t, ev))
			return ev;
	}
	return NULL;
}

static void write_tasks(dt_buf *out, const dt_report_ticket *rt)
{
	const dt_tasks *tasks = rt->tasks;
	const char *section = NULL;

	dt_buf_puts(out, "<h3>Tasks</h3>\n");
	if (!tasks || !tasks->count) {
		dt_buf_printf(out, "<p class=\"none\">%s</p>\n",
		              tasks ? "tasks.md has no tasks." : "No tasks.md.");
		return;
	}
	dt_buf_puts(out, "<table class=\"tasks\">\n<thead><tr><th class=\"num\">#</th>"
	                 "<th></th><th>Task</th><th>Checked in</th><th>By</th><th>When</th>"
	                 "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < tasks->count; i++) {
		const dt_task *t = &tasks->items[i];
		const dt_event *ev = last_task_event(rt->timeline, t);

		if (t->section && (!section || strcmp(section, t->section))) {
			dt_buf_puts(out, "<tr class=\"section\"><th colspan=\"6\">");
			esc(out, t->section);
			dt_buf_puts(out, "</th></tr>\n");
		}
		section = t->section;
		dt_buf_printf(out,
		              "<tr class=\"task%s\" data-task=\"%zu\" data-done=\"%d\">"
		              "<td class=\"num\">%zu</td><td class=\"check\">%s</td>"
		              "<td class=\"text\">",
		              t->done ? " done" : "", t->number, t->done ? 1 : 0, t->number,
		              t->done ? "&#9745;" : "&#9744;");
		esc(out, t->text);
		if (t->stable) {
			dt_buf_puts(out, " <code class=\"stable\">t:");
			esc(out, t->stable);
			dt_buf_puts(out, "</code>");
		}
		dt_buf_puts(out, "</td>");
		/* a checked task: the commit that last checked it; an open one:
		 * the commit that unchecked it, if any */
		if (ev &&
		    (t->done ? ev->kind == DT_EV_TASK_CHECKED : ev->kind == DT_EV_TASK_UNCHECKED)) {
			dt_buf_printf(out, "<td class=\"checked-in\">%s",
			              t->done ? "" : "unchecked in ");
			put_commit(out, ev->commit, ev->abbrev);
			dt_buf_puts(out, "</td><td class=\"checked-by\">");
			put_author(out, ev->author);
			dt_buf_puts(out, "</td><td class=\"checked-at date\">");
			put_time(out, ev);
			dt_buf_puts(out, "</td>");
		} else if (t->done && rt->timeline) {
			dt_buf_puts(out, "<td class=\"checked-in none\" colspan=\"3\">"
			                 "not found in the history</td>");
		} else {
			dt_buf_puts(out, "<td colspan=\"3\"></td>");
		}
		dt_buf_puts(out, "</tr>\n");
	}
	dt_buf_puts(out, "</tbody>\n</table>\n");
}

/* ---- the timeline ---- */

/* The diary of an event's step, when its ticket has several. */
static void in_diary(dt_buf *out, const dt_event *ev)
{
	if (!ev->diary || ev->ndiaries < 2)
		return;
	dt_buf_puts(out, " <span class=\"in-diary\">in <code class=\"diary\">");
	esc(out, ev->diary);
	dt_buf_puts(out, "</code></span>");
}

static void put_event(dt_buf *out, const dt_event *ev)
{
	dt_buf_puts(out, "<tr class=\"event\" data-kind=\"");
	dt_buf_puts(out, dt_event_kind_name(ev->kind));
	dt_buf_puts(out, "\"><td class=\"date\">");
	put_time(out, ev);
	dt_buf_puts(out, "</td><td>");
	put_commit(out, ev->commit, ev->abbrev);
	dt_buf_puts(out, "</td><td>");
	put_author(out, ev->author);
	dt_buf_puts(out, "</td><td class=\"what\">");
	switch (ev->kind) {
	case DT_EV_COMMIT:
		dt_buf_puts(out,
		            "<span class=\"kind\">commit</span> <span class=\"subject-main\">");
		esc(out, ev->subject);
		dt_buf_puts(out, "</span>");
		if (ev->step >= 0)
			dt_buf_printf(out, " <span class=\"badge step\">step %ld</span>", ev->step);
		if (ev->step >= 0)
			in_diary(out, ev);
		else if (ev->exempt != DT_EXEMPT_NONE)
			dt_buf_printf(out, " <span class=\"badge exempt\">%s</span>",
			              dt_exempt_name(ev->exempt));
		else
			dt_buf_puts(out,
			            " <span class=\"badge unrecorded-mark\">not recorded</span>");
		if (ev->tests) {
			dt_buf_printf(out, "<div class=\"tests %s\">Tests: ",
			              ev->tests_exit > 0 ? "fail" : "pass");
			esc(out, ev->tests);
			dt_buf_puts(out, "</div>");
		} else if (ev->step >= 0) {
			dt_buf_puts(out, "<div class=\"tests none\">no test evidence</div>");
		}
		break;
	case DT_EV_TASK_CHECKED:
	case DT_EV_TASK_UNCHECKED:
		dt_buf_printf(out, "<span class=\"kind\">%s</span> task %zu: ",
		              ev->kind == DT_EV_TASK_CHECKED ? "checked" : "unchecked", ev->task);
		esc(out, ev->task_text);
		if (ev->task_id) {
			dt_buf_puts(out, " <code class=\"stable\">t:");
			esc(out, ev->task_id);
			dt_buf_puts(out, "</code>");
		}
		break;
	case DT_EV_STEP_ADDED:
		dt_buf_printf(out, "<span class=\"kind\">step</span> step %ld added",
		              ev->step_number);
		if (ev->step_title) {
			dt_buf_puts(out, ": ");
			esc(out, ev->step_title);
		}
		in_diary(out, ev);
		break;
	case DT_EV_STATUS:
		dt_buf_puts(out, "<span class=\"kind\">status</span> ");
		if (ev->status_from) {
			put_status(out, ev->status_from);
			dt_buf_puts(out, " &#8594; ");
		} else {
			dt_buf_puts(out, "set to ");
		}
		put_status(out, ev->status_to);
		break;
	}
	if (ev->kind != DT_EV_COMMIT && ev->subject) {
		dt_buf_puts(out, "<div class=\"subject\">");
		esc(out, ev->subject);
		dt_buf_puts(out, "</div>");
	}
	dt_buf_puts(out, "</td></tr>\n");
}

static void write_timeline(dt_buf *out, const dt_timeline *tl)
{
	dt_buf_puts(out, "<h3>Timeline</h3>\n");
	if (!tl) {
		dt_buf_puts(out, "<p class=\"none\">The history was not read.</p>\n");
		return;
	}
	if (!tl->count) {
		dt_buf_puts(out,
		            "<p class=\"none\">No commits, tasks or steps in the history.</p>\n");
		return;
	}
	dt_buf_puts(out, "<table class=\"timeline\">\n<thead><tr><th>Date</th><th>Commit</th>"
	                 "<th>Author</th><th>What</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < tl->count; i++)
		put_event(out, &tl->items[i]);
	dt_buf_puts(out, "</tbody>\n</table>\n");
}

/* ---- the page ---- */

static void write_head(dt_buf *out, const dt_report *r)
{
	dt_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, "
	                 "initial-scale=1\">\n");
	if (r->version) {
		dt_buf_puts(out, "<meta name=\"generator\" content=\"diarist ");
		esc(out, r->version);
		dt_buf_puts(out, "\">\n");
	}
	dt_buf_puts(out, "<title>Tickets");
	if (r->repository) {
		dt_buf_puts(out, " of ");
		esc(out, r->repository);
	}
	dt_buf_puts(out, " &#8212; diarist report</title>\n<style>\n");
	dt_buf_puts(out, style);
	dt_buf_puts(out, "</style>\n</head>\n<body>\n");
}

static void write_intro(dt_buf *out, const dt_report *r, size_t errors, size_t warnings)
{
	size_t open = 0;
	for (size_t i = 0; i < r->ntickets; i++)
		open += !r->tickets[i].summary->closed;
	dt_buf_puts(out, "<header>\n<h1>Tickets");
	if (r->repository) {
		dt_buf_puts(out, " of <span class=\"repository\">");
		esc(out, r->repository);
		dt_buf_puts(out, "</span>");
	}
	dt_buf_puts(out, "</h1>\n<p class=\"meta\">");
	if (r->tip) {
		dt_buf_puts(out, "Files as in ");
		if (r->tip_name) {
			esc(out, r->tip_name);
			dt_buf_puts(out, " ");
		}
		dt_buf_puts(out, "<code class=\"tip\">");
		esc(out, r->tip);
		dt_buf_puts(out, "</code> &#183; ");
	}
	dt_buf_printf(out,
	              "<span class=\"count-tickets\">%zu</span> ticket%s (%zu open) &#183; "
	              "<span class=\"count-errors\">%zu</span> error%s, "
	              "<span class=\"count-warnings\">%zu</span> warning%s",
	              r->ntickets, r->ntickets == 1 ? "" : "s", open, errors,
	              errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	if (r->generated) {
		dt_buf_puts(out, " &#183; made ");
		esc(out, r->generated);
	}
	if (r->version) {
		dt_buf_puts(out, " by diarist ");
		esc(out, r->version);
	}
	dt_buf_puts(out, "</p>\n");
	if (r->note) {
		dt_buf_puts(out, "<p class=\"note\">");
		esc(out, r->note);
		dt_buf_puts(out, "</p>\n");
	}
	dt_buf_puts(out, "</header>\n");
}

/* How many earlier tickets of the (sorted) list share this one's ID, plus
 * one: duplicated IDs (ticket-duplicate) get distinct anchors. */
static size_t nth_of(const dt_report *r, size_t i)
{
	size_t n = 1;
	while (i >= n &&
	       !dt_ascii_casecmp(r->tickets[i - n].summary->id, r->tickets[i].summary->id))
		n++;
	return n;
}

static void write_table(dt_buf *out, const dt_report *r)
{
	dt_ticket_summary sum;

	memset(&sum, 0, sizeof(sum));
	dt_buf_puts(out, "<main>\n<section id=\"summary\">\n");
	if (!r->ntickets) {
		dt_buf_puts(out, "<p class=\"none empty\">No tickets.</p>\n</section>\n");
		return;
	}
	dt_buf_puts(out,
	            "<table id=\"tickets\">\n<thead><tr><th>Ticket</th><th>Title</th>"
	            "<th>Status</th><th>Tasks</th><th class=\"num\">Steps</th>"
	            "<th class=\"num\" title=\"commits recorded in the diaries\">Recorded</th>"
	            "<th class=\"num\" title=\"commits that name the ticket and are not "
	            "recorded\">Unrecorded</th>"
	            "<th class=\"num\" title=\"recorded commits whose tests passed\">Tests "
	            "passed</th>"
	            "<th class=\"num\" title=\"recorded commits whose tests failed\">Failed</th>"
	            "<th class=\"num\" title=\"recorded commits with no test evidence\">No "
	            "evidence</th>"
	            "<th class=\"num\">Errors</th><th class=\"num\">Warnings</th></tr></thead>\n"
	            "<tbody>\n");
	for (size_t i = 0; i < r->ntickets; i++) {
		const dt_ticket_summary *s = r->tickets[i].summary;
		dt_buf_puts(out, "<tr data-ticket=\"");
		esc(out, s->id);
		dt_buf_printf(out, "\" class=\"%s%s\"><td class=\"id\"><a href=\"#",
		              s->closed ? "closed" : "open",
		              s->errors     ? " has-errors"
		              : s->warnings ? " has-warnings"
		                            : "");
		anchor(out, s->id, nth_of(r, i));
		dt_buf_puts(out, "\">");
		esc(out, s->id);
		dt_buf_puts(out, "</a></td><td class=\"title\">");
		esc(out, s->title);
		dt_buf_puts(out, "</td><td class=\"status\">");
		put_status(out, s->status);
		dt_buf_puts(out, "</td>");
		tasks_cell(out, s->tasks_done, s->tasks_total);
		num_cell(out, "steps", s->steps);
		num_cell(out, "recorded", s->recorded);
		num_cell(out, "unrecorded", s->unrecorded);
		num_cell(out, "evidence-passed", s->evidence_passed);
		num_cell(out, "evidence-failed", s->evidence_failed);
		num_cell(out, "evidence-missing", s->evidence_missing);
		num_cell(out, "errors", s->errors);
		num_cell(out, "warnings", s->warnings);
		dt_buf_puts(out, "</tr>\n");
		sum.tasks_done += s->tasks_done;
		sum.tasks_total += s->tasks_total;
		sum.steps += s->steps;
		sum.recorded += s->recorded;
		sum.unrecorded += s->unrecorded;
		sum.evidence_passed += s->evidence_passed;
		sum.evidence_failed += s->evidence_failed;
		sum.evidence_missing += s->evidence_missing;
		sum.errors += s->errors;
		sum.warnings += s->warnings;
	}
	dt_buf_puts(out,
	            "</tbody>\n<tfoot><tr class=\"totals\"><td colspan=\"3\">All tickets</td>");
	tasks_cell(out, sum.tasks_done, sum.tasks_total);
	num_cell(out, "steps", sum.steps);
	num_cell(out, "recorded", sum.recorded);
	num_cell(out, "unrecorded", sum.unrecorded);
	num_cell(out, "evidence-passed", sum.evidence_passed);
	num_cell(out, "evidence-failed", sum.evidence_failed);
	num_cell(out, "evidence-missing", sum.evidence_missing);
	num_cell(out, "errors", sum.errors);
	num_cell(out, "warnings", sum.warnings);
	dt_buf_puts(out, "</tr></tfoot>\n</table>\n</section>\n");
}

static void write_ticket(dt_buf *out, const dt_report *r, size_t i, const findex *fx)
{
	const dt_report_ticket *rt = &r->tickets[i];
	const dt_ticket_summary *s = rt->summary;
	const fref *refs;
	size_t n;

	dt_buf_puts(out, "<section class=\"ticket\" id=\"");
	anchor(out, s->id, nth_of(r, i));
	dt_buf_puts(out, "\" data-ticket=\"");
	esc(out, s->id);
	dt_buf_puts(out, "\">\n<a class=\"back\" href=\"#summary\">&#8593; all tickets</a>\n"
	                 "<h2><span class=\"id\">");
	esc(out, s->id);
	dt_buf_puts(out, "</span>");
	if (s->title) {
		dt_buf_puts(out, " &#8212; <span class=\"title\">");
		esc(out, s->title);
		dt_buf_puts(out, "</span>");
	}
	dt_buf_puts(out, " ");
	put_status(out, s->status);
	dt_buf_puts(out, "</h2>\n<p class=\"where\">Folder <code class=\"dir\">");
	esc(out, s->dir);
	dt_buf_puts(out, "</code>");
	if (s->diaries.count > 1) {
		/* every one is read and judged; the writer's comes first */
		dt_buf_printf(out, " &#183; %zu diaries ", s->diaries.count);
		for (size_t k = 0; k < s->diaries.count; k++) {
			dt_buf_puts(out, k ? ", <code class=\"diary\">" : "<code class=\"diary\">");
			esc(out, s->diaries.items[k]);
			dt_buf_puts(out, "</code>");
		}
	} else if (s->diary) {
		dt_buf_puts(out, " &#183; diary <code class=\"diary\">");
		esc(out, s->diary);
		dt_buf_puts(out, "</code>");
	} else {
		dt_buf_puts(out, " &#183; no diary");
	}
	dt_buf_printf(out,
	              " &#183; %zu of %zu task%s done, %zu step%s, %zu commit%s recorded</p>\n",
	              s->tasks_done, s->tasks_total, s->tasks_total == 1 ? "" : "s", s->steps,
	              s->steps == 1 ? "" : "s", s->recorded, s->recorded == 1 ? "" : "s");

	refs = findex_find(fx, s->id, &n);
	dt_buf_puts(out, "<h3>Findings</h3>\n");
	if (!n) {
		dt_buf_puts(out, "<p class=\"none\">None.</p>\n");
	} else {
		dt_buf_puts(out, "<ul class=\"findings\">\n");
		for (size_t k = 0; k < n; k++)
			put_finding(out, &r->findings->items[refs[k].index]);
		dt_buf_puts(out, "</ul>\n");
	}
	write_tasks(out, rt);
	write_timeline(out, rt->timeline);
	dt_buf_puts(out, "</section>\n");
}

static void write_general(dt_buf *out, const dt_findings *f)
{
	size_t n = 0;
	for (size_t i = 0; f && i < f->count; i++)
		n += !f->items[i].ticket;
	if (!n)
		return;
	dt_buf_puts(out, "<section class=\"general\" id=\"general\">\n"
	                 "<a class=\"back\" href=\"#summary\">&#8593; all tickets</a>\n"
	                 "<h2>Findings about no single ticket</h2>\n<ul class=\"findings\">\n");
	for (size_t i = 0; i < f->count; i++)
		if (!f->items[i].ticket)
			put_finding(out, &f->items[i]);
	dt_buf_puts(out, "</ul>\n</section>\n");
}

/* Tickets [from, to) into their own buffer, in a second thread. */
typedef struct {
	dt_buf buf;
	const dt_report *r;
	const findex *fx;
	size_t from, to;
} part;

/* About the size of tickets [from, to)'s sections, from what they hold
 * (a 2 000-ticket page is 44 MB: grown by halves, it was copied twice). */
static size_t sections_size(const dt_report *r, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++) {
		const dt_report_ticket *t = &r->tickets[i];
		n += 2048;
		if (t->timeline)
			n += 640 * t->timeline->count;
		if (t->tasks)
			n += 256 * t->tasks->count;
	}
	return n;
}

static void *write_part(void *arg)
{
	part *p = arg;
	dt_buf_grow(&p->buf, sections_size(p->r, p->from, p->to));
	for (size_t i = p->from; i < p->to; i++)
		write_ticket(&p->buf, p->r, i, p->fx);
	return NULL;
}

int dt_report_emit(const dt_report *r, dt_report_sink sink, void *payload)
{
	findex fx;
	dt_buf out = DT_BUF_INIT;
	size_t errors = 0, warnings = 0;
	int rc;

	findex_build(&fx, r->findings);
	/* the counts of what the page shows: its tickets' findings, and the
	 * others when they are listed */
	for (size_t i = 0; i < r->ntickets; i++) {
		size_t n;
		const fref *refs;
		if (nth_of(r, i) > 1)
			continue;
		refs = findex_find(&fx, r->tickets[i].summary->id, &n);
		for (size_t k = 0; k < n; k++) {
			dt_level l = r->findings->items[refs[k].index].level;
			errors += l == DT_LEVEL_ERROR;
			warnings += l == DT_LEVEL_WARNING;
		}
	}
	for (size_t i = 0; r->general && r->findings && i < r->findings->count; i++)
		if (!r->findings->items[i].ticket) {
			errors += r->findings->items[i].level == DT_LEVEL_ERROR;
			warnings += r->findings->items[i].level == DT_LEVEL_WARNING;
		}

	write_head(&out, r);
	write_intro(&out, r, errors, warnings);
	write_table(&out, r);
	if (r->general)
		write_general(&out, r->findings);
	/* the tickets' sections are most of the page (40 MB for 2 000
	 * tickets): the later three fifths are written by a second thread
	 * while this one writes the first ones and hands them over */
	{
		part second = {DT_BUF_INIT, r, &fx, r->ntickets * 2 / 5, r->ntickets};
		pthread_t thread;
		int two =
		    r->ntickets >= 64 && pthread_create(&thread, NULL, write_part, &second) == 0;
		size_t mine = two ? second.from : r->ntickets;
		dt_buf_grow(&out, sections_size(r, 0, mine) + 64);
		for (size_t i = 0; i < mine; i++)
			write_ticket(&out, r, i, &fx);
		if (!two)
			dt_buf_puts(&out, "</main>\n</body>\n</html>\n");
		rc = sink(out.ptr, out.size, payload);
		if (two) {
			pthread_join(thread, NULL);
			dt_buf_puts(&second.buf, "</main>\n</body>\n</html>\n");
			if (!rc)
				rc = sink(second.buf.ptr, second.buf.size, payload);
			dt_buf_dispose(&second.buf);
		}
	}
	dt_buf_dispose(&out);
	free(fx.items);
	return rc;
}

static int append(const char *data, size_t len, void *payload)
{
	dt_buf_put(payload, data, len);
	return 0;
}

void dt_report_write(dt_buf *out, const dt_report *r)
{
	dt_report_emit(r, append, out);
}
