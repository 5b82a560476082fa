/* diarist report [-o FILE.html] [--ticket ID...]: the maintainers' page
 * (SPEC §6 report): the numbers of `diarist check --all`'s summaries, the
 * findings with their hints, each ticket's tasks and timeline, as one
 * self-contained HTML file written atomically. */
#include "cmd.h"
#include "common.h"
#include "fileio.h"
#include "gate.h"
#include "report.h"
#include "tasks.h"
#include "tickets.h"
#include "timeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_OUTPUT "diarist-report.html"

typedef struct {
	const char *output;
	dt_strvec tickets; /* as given */
} options;

static int parse_args(options *o, int argc, char **argv)
{
	o->output = DEFAULT_OUTPUT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 >= argc)
				return usage_error("report", "%s needs a file name", a);
			o->output = argv[++i];
		} else if (!strncmp(a, "--output=", 9)) {
			o->output = a + 9;
		} else if (!strncmp(a, "-o", 2)) {
			o->output = a + 2;
		} else if (!strcmp(a, "--ticket")) {
			if (i + 1 >= argc)
				return usage_error("report", "--ticket needs a ticket ID%s", "");
			dt_strvec_push(&o->tickets, argv[++i]);
		} else if (!strncmp(a, "--ticket=", 9)) {
			dt_strvec_push(&o->tickets, a + 9);
		} else {
			return usage_error("report", "unexpected argument '%s'", a);
		}
	}
	if (!*o->output)
		return usage_error("report", "-o needs a file name%s", "");
	return 0;
}

/* Each --ticket resolved like a commit-message ref against the tickets of
 * the tip (SPEC §2) into `ids` (each once). An unknown or ambiguous one is
 * a usage error that names the closest IDs or the candidates. */
static int resolve_tickets(dt_strvec *ids, const dt_tickets *tk, const dt_strvec *refs)
{
	for (size_t i = 0; i < refs->count; i++) {
		dt_resolution res = DT_RESOLUTION_INIT;
		dt_buf list = DT_BUF_INIT;
		int error = 0;

		dt_tickets_resolve(&res, tk, refs->items[i], 5);
		for (size_t k = 0; k < res.ids.count; k++)
			dt_buf_printf(&list, "%s%s", k ? ", " : "", res.ids.items[k]);
		if (res.status == DT_RESOLVE_OK) {
			if (!dt_strvec_contains(ids, res.ids.items[0]))
				dt_strvec_push(ids, res.ids.items[0]);
		} else if (res.status == DT_RESOLVE_AMBIGUOUS) {
			error = dt_error_set(DT_EUSAGE, "--ticket %s: several tickets match: %s",
			                     refs->items[i], list.ptr);
		} else if (res.ids.count) {
			error = dt_error_set(DT_EUSAGE, "--ticket %s: no such ticket (closest: %s)",
			                     refs->items[i], list.ptr);
		} else {
			error =
			    dt_error_set(DT_EUSAGE, "--ticket %s: no such ticket", refs->items[i]);
		}
		dt_buf_dispose(&list);
		dt_resolution_dispose(&res);
		if (error)
			return error;
	}
	return 0;
}

static int wanted(const dt_strvec *ids, const char *id)
{
	if (!ids->count)
		return 1;
	for (size_t i = 0; i < ids->count; i++)
		if (!dt_ascii_casecmp(ids->items[i], id))
			return 1;
	return 0;
}

/* Keep the findings of the chosen tickets only. */
static void keep_findings(dt_findings *f, const dt_strvec *ids)
{
	size_t k = 0;
	for (size_t i = 0; i < f->count; i++) {
		dt_finding *x = &f->items[i];
		if (x->ticket && wanted(ids, x->ticket)) {
			f->items[k++] = *x;
			continue;
		}
		free(x->ticket);
		free(x->commit);
		free(x->file);
		free(x->message);
		free(x->hint);
	}
	f->count = k;
}

/* Is the timeline's folder (relative to the docs root) the summary's
 * (relative to the top)? Two folders may share an ID. */
static int same_folder(const dt_timeline *t, const char *root, const char *dir)
{
	size_t n = strlen(root);
	if (!t->dir)
		return 1;
	if (n && (strncmp(dir, root, n) || dir[n] != '/'))
		return 0;
	return !strcmp(dir + (n ? n + 1 : 0), t->dir);
}

/* The timeline of the ticket in folder `dir`. Both lists are in ID order,
 * so the search starts where the last one ended (*at) and the whole costs
 * one pass. */
static const dt_timeline *find_timeline(const dt_timelines *tl, const char *root,
                                        const dt_ticket_summary *s, size_t *at)
{
	for (size_t k = 0; k < tl->count; k++) {
		size_t i = (*at + k) % tl->count;
		if (!dt_ascii_casecmp(tl->items[i].id, s->id) &&
		    same_folder(&tl->items[i], root, s->dir)) {
			*at = i;
			return &tl->items[i];
		}
	}
	return NULL;
}

/* "2026-02-14 10:00 UTC": now, or SOURCE_DATE_EPOCH for reproducible
 * pages. */
static void when(char *out, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, size, "?");
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash && slash[1] ? slash + 1 : path;
}

/* ---- the timelines, built in a second thread from the rules' walk ----
 *
 * The rules walk all history once: each commit, as it is read
 * (dt_rules_walk_tap), passes to a second thread that builds the
 * timelines from it (the changes of the tickets' files, commit by commit)
 * while the rules read the diaries and judge; once judged, the tickets it
 * is traced to follow it (dt_rules_tap). When the rules did not walk all
 * history (since: names a commit, a shallow clone), the second thread
 * walks it itself. It has its own repository handle and configuration
 * (patterns are not shared between threads). */

typedef struct titem {
	int has_commit; /* a commit read, or the traces of the next one judged */
	dt_commit c;    /* without its message */
	dt_rules_trace *t;
	size_t n;
	struct titem *next;
} titem;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t ready;
	titem *head, **tail; /* handed over, not taken yet */
	int closed;          /* the walk is over */
	int built;           /* the timelines are there (the thread then frees its handle) */
	size_t fed;          /* commits handed over */
	dt_timelines *out;
	const char *worktree, *root, *tip, *only;
	const char *kept; /* dt_timelines_kept_path */
	const dt_tickets *tk;
	int error;
	char message[512];
} tl_job;

static void titem_free(titem *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free((char *)q->t[i].tests);
		free((char *)q->t[i].diary);
	}
	free(q->t);
	dt_commit_dispose(&q->c);
	free(q);
}

static void hand_over(tl_job *j, titem *q)
{
	int wake;
	pthread_mutex_lock(&j->mu);
	wake = j->head == NULL;
	*j->tail = q;
	j->tail = &q->next;
	j->fed += q->has_commit;
	if (wake)
		pthread_cond_signal(&j->ready);
	pthread_mutex_unlock(&j->mu);
}

/* In the reading thread: a copy of the commit. */
static int walk_tap(const dt_commit *c, void *payload)
{
	titem *q = dt_xcalloc(1, sizeof(*q));
	q->has_commit = 1;
	memcpy(q->c.hex, c->hex, DT_HEX_MAX);
	memcpy(q->c.tree, c->tree, DT_HEX_MAX);
	memcpy(q->c.parent, c->parent, DT_HEX_MAX);
	q->c.nparents = c->nparents;
	q->c.subject = dt_xstrdup_null(c->subject);
	q->c.author = dt_xstrdup_null(c->author);
	q->c.author_time = c->author_time;
	q->c.author_offset = c->author_offset;
	q->c.commit_time = c->commit_time;
	q->c.commit_offset = c->commit_offset;
	hand_over(payload, q);
	return 0;
}

/* In the judging thread: a copy of the traces of the commit judged. */
static int tap(const dt_commit *c, const dt_rules_trace *t, size_t n, void *payload)
{
	titem *q = dt_xcalloc(1, sizeof(*q));
	(void)c;
	q->t = dt_xcalloc(n + 1, sizeof(*q->t));
	q->n = n;
	for (size_t i = 0; i < n; i++) {
		q->t[i] = t[i];
		q->t[i].tests = dt_xstrdup_null(t[i].tests);
		q->t[i].diary = dt_xstrdup_null(t[i].diary);
	}
	hand_over(payload, q);
	return 0;
}

/* The walk is over: no more commits; wait for the timelines. */
static void tap_close(tl_job *j)
{
	pthread_mutex_lock(&j->mu);
	j->closed = 1;
	pthread_cond_signal(&j->ready);
	while (!j->built)
		pthread_cond_wait(&j->ready, &j->mu);
	pthread_mutex_unlock(&j->mu);
}

static void *build_timelines(void *arg)
{
	tl_job *j = arg;
	dt_odb *o = NULL;
	dt_config *cfg = NULL;
	dt_timeline_builder *b = NULL;
	int walked = 0;

	if ((j->error = dt_odb_open(&o)) == 0 &&
	    (j->error = dt_config_load(&cfg, j->worktree)) == 0)
		j->error =
		    dt_timelines_begin(&b, o, cfg, j->root, j->tip, j->tk, j->only, 1, j->kept);
	for (;;) {
		titem *list, *next;
		int closed;
		pthread_mutex_lock(&j->mu);
		while (!j->head && !j->closed)
			pthread_cond_wait(&j->ready, &j->mu);
		list = j->head; /* all of them at once: one lock per batch */
		j->head = NULL;
		j->tail = &j->head;
		closed = j->closed;
		walked = j->fed > 0;
		pthread_mutex_unlock(&j->mu);
		for (; list; list = next) {
			next = list->next;
			if (j->error)
				;
			else if (list->has_commit)
				j->error = dt_timelines_add(b, &list->c);
			else
				dt_timelines_trace(b, list->t, list->n);
			titem_free(list);
		}
		if (closed)
			break;
	}
	if (!j->error && walked) {
		j->error = dt_timelines_end(b, j->out);
	} else {
		dt_timelines_end(b, NULL);
		/* the rules walked no history for us */
		if (!j->error)
			j->error = dt_timelines_build(j->out, o, cfg, j->root, j->tip, j->tk,
			                              j->only, j->kept);
	}
	if (j->error < 0)
		snprintf(j->message, sizeof(j->message), "%s", dt_error_last());
	/* freeing libgit2's full cache takes a while: the page is written
	 * meanwhile */
	pthread_mutex_lock(&j->mu);
	j->built = 1;
	pthread_cond_signal(&j->ready);
	pthread_mutex_unlock(&j->mu);
	dt_config_free(cfg);
	dt_odb_free(o);
	return NULL;
}

/* The tickets the page shows (all, or those of --ticket), in the order
 * of the summaries, each with its tasks as in the tip. */
static void pick_tickets(dt_report *r, dt_report_ticket *rt, dt_tasks *tasks,
                         const dt_rules_stats *st, const dt_strvec *ids, dt_odb *odb,
                         const char *tip)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;

	for (size_t i = 0; i < st->nsummary; i++) {
		const dt_ticket_summary *s = &st->summary[i];
		dt_report_ticket *t;
		if (!wanted(ids, s->id))
			continue;
		t = &rt[r->ntickets++];
		t->summary = s;
		dt_buf_clear(&path);
		dt_buf_printf(&path, "%s/tasks.md", s->dir);
		/* a tasks.md that cannot be read has its finding already */
		if (dt_odb_read(&text, odb, tip, path.ptr) == 0 &&
		    dt_tasks_parse(&tasks[i], text.ptr, text.size, path.ptr) == 0)
			t->tasks = &tasks[i];
		dt_error_clear();
	}
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

/* The commits handed over that no thread took (none other runs now). */
static void drop_queue(tl_job *j)
{
	while (j->head) {
		titem *q = j->head;
		j->head = q->next;
		titem_free(q);
	}
	j->tail = &j->head;
}

static int to_stdout(const char *data, size_t len, void *payload)
{
	(void)payload;
	return fwrite(data, 1, len, stdout) == len ? 0 : DT_EIO;
}

static int to_file(const char *data, size_t len, void *payload)
{
	return dt_file_out_write(payload, data, len);
}

static void *free_odb(void *o)
{
	dt_odb_free(o);
	return NULL;
}

int cmd_report(int argc, char **argv)
{
	options o;
	dt_gate g;
	dt_findings f = DT_FINDINGS_INIT;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	dt_tickets tk = DT_TICKETS_INIT;
	dt_timelines tl = {NULL, 0};
	dt_strvec ids = DT_STRVEC_INIT;
	dt_report_ticket *rt = NULL;
	dt_tasks *tasks = NULL;
	dt_report r;
	dt_buf kept = DT_BUF_INIT;
	char tip[DT_HEX_MAX] = "", abbrev[DT_HEX_MAX] = "", made[64];
	char *note = NULL;
	int error = 0, rc = 0, have_tl = 0, threaded = 0, have_root = 0;
	size_t at = 0;
	tl_job job;
	pthread_t thread, reaper;
	int reaping = 0;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	memset(&job, 0, sizeof(job));
	memset(&g, 0, sizeof(g));
	if ((rc = parse_args(&o, argc, argv)) != 0) {
		dt_strvec_dispose(&o.tickets);
		return rc;
	}
	if ((error = dt_gate_open(&g)) < 0)
		goto done;
	g.summaries = 1;
	if (dt_odb_resolve(tip, g.odb, "HEAD") < 0) {
		dt_error_clear();
		tip[0] = '\0';
		if (o.tickets.count) {
			error =
			    dt_error_set(DT_EUSAGE, "--ticket %s: no commits yet, so no tickets",
			                 o.tickets.items[0]);
			goto done;
		}
		note = dt_xstrdup("No commits yet: nothing to report.");
	} else {
		if ((error = dt_odb_abbrev(abbrev, g.odb, tip)) < 0)
			goto done;
		/* when the rules will walk all history, it is read (and handed to
		 * the timelines) from now on, while the tickets are read */
		job.tail = &job.head;
		pthread_mutex_init(&job.mu, NULL);
		pthread_cond_init(&job.ready, NULL);
		if (g.ctx.env.worktree && dt_gate_walks_all(&g) == 1 &&
		    dt_rules_stream_start(&g.stream, tip, walk_tap, &job) < 0)
			g.stream = NULL;
		dt_error_clear();
		error = dt_odb_tickets(&tk, g.odb, tip, g.root);
		have_root = error == 0;
		if (error == DT_ENOTFOUND) {
			dt_error_clear();
			error = 0;
			if (o.tickets.count) {
				error = dt_error_set(
				    DT_EUSAGE, "--ticket %s: no ticket workspace (%s) in HEAD",
				    o.tickets.items[0], g.root);
				goto done;
			}
		} else if (error < 0) {
			goto done;
		}
		if ((error = resolve_tickets(&ids, &tk, &o.tickets)) < 0)
			goto done;
		/* the rules judge the tickets read here, not a second reading */
		g.tickets = have_root ? &tk : NULL;
		dt_timelines_kept_path(&kept, g.ctx.env.commondir);
		if (tk.count) {
			job.out = &tl;
			job.kept = kept.ptr;
			job.worktree = g.ctx.env.worktree;
			job.root = g.root;
			job.tip = tip;
			job.tk = &tk;
			job.only = ids.count == 1 ? ids.items[0] : NULL;
			threaded = g.ctx.env.worktree &&
			           pthread_create(&thread, NULL, build_timelines, &job) == 0;
			if (threaded) {
				g.tap = tap;
				g.walk_tap = walk_tap;
				g.tap_payload = &job;
			}
		}
		if (!threaded) { /* no timelines to hand the history to */
			dt_rules_stream_free(g.stream);
			g.stream = NULL;
			drop_queue(&job);
		}
		/* every ticket is judged, so the numbers are those of
		 * `check --all` and `status`, whichever tickets are shown */
		{
			const char *none = NULL;
			error = dt_gate_judge(&g, &f, &st, tip, "HEAD", &none, 0, 1, NULL);
		}
		/* while the timelines are finished: the findings in order and the
		 * tasks of the tickets shown */
		if (!error) {
			dt_findings_sort(&f);
			dt_findings_dedupe(&f);
			if (ids.count)
				keep_findings(&f, &ids);
			rt = dt_xcalloc(st.nsummary + 1, sizeof(*rt));
			tasks = dt_xcalloc(st.nsummary + 1, sizeof(*tasks));
			pick_tickets(&r, rt, tasks, &st, &ids, g.odb, tip);
		}
		/* with the timelines in a thread, the repository is not read
		 * again: its handle (libgit2's caches take a while to free) goes
		 * while they are finished and the page is written */
		if (threaded && pthread_create(&reaper, NULL, free_odb, g.odb) == 0) {
			g.odb = NULL;
			reaping = 1;
		}
		if (threaded) {
			tap_close(&job);
			if (!error && job.error < 0)
				error = dt_error_set(job.error, "%s", job.message);
			have_tl = error == 0;
		}
		if (error < 0)
			goto done;
		if (st.root_missing)
			note = dt_xasprintf("No ticket workspace (%s) in HEAD: diarist is not in "
			                    "use in this repository.",
			                    g.root);
		if (tk.count && !have_tl) { /* no second thread */
			if ((error = dt_timelines_build(&tl, g.odb, g.ctx.cfg, g.root, tip, &tk,
			                                ids.count == 1 ? ids.items[0] : NULL,
			                                kept.ptr)) < 0)
				goto done;
			have_tl = 1;
		}
		for (size_t i = 0; have_tl && i < r.ntickets; i++)
			rt[i].timeline = find_timeline(&tl, g.root, rt[i].summary, &at);
	}
	if (!rt) /* no commits yet: no tickets */
		rt = dt_xcalloc(1, sizeof(*rt));

	when(made, sizeof(made));
	r.repository = base_name(g.ctx.env.worktree ? g.ctx.env.worktree : g.ctx.env.gitdir);
	r.tip = tip[0] ? abbrev : NULL;
	r.tip_name = "HEAD";
	r.generated = made;
	r.version = DIARIST_VERSION;
	r.note = note;
	r.tickets = rt;
	r.findings = &f;
	r.general = ids.count == 0;

	/* the page goes out in pieces as they are made (dt_report_emit) */
	if (!strcmp(o.output, "-")) {
		if ((error = dt_report_emit(&r, to_stdout, NULL)) < 0 || fflush(stdout)) {
			error = dt_error_set(DT_EIO, "cannot write to standard output");
			goto done;
		}
	} else {
		/* atomically, not durably: a report can be made again */
		dt_file_out out;
		if ((error = dt_file_out_open(&out, o.output, 0666)) < 0)
			goto done;
		if ((error = dt_report_emit(&r, to_file, &out)) < 0) {
			dt_file_out_abort(&out);
			goto done;
		}
		if ((error = dt_file_out_commit(&out, 0)) < 0)
			goto done;
		printf("diarist report: wrote %s (%zu ticket%s, %zu error%s, %zu warning%s)\n",
		       o.output, r.ntickets, r.ntickets == 1 ? "" : "s",
		       dt_findings_count(&f, DT_LEVEL_ERROR),
		       dt_findings_count(&f, DT_LEVEL_ERROR) == 1 ? "" : "s",
		       dt_findings_count(&f, DT_LEVEL_WARNING),
		       dt_findings_count(&f, DT_LEVEL_WARNING) == 1 ? "" : "s");
	}
done:
	dt_rules_stream_free(g.stream);
	if (threaded)
		pthread_join(thread, NULL);
	if (job.tail)
		drop_queue(&job);
	if (reaping)
		pthread_join(reaper, NULL);
	if (job.tail) {
		pthread_cond_destroy(&job.ready);
		pthread_mutex_destroy(&job.mu);
	}
	if (error < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = dt_exit_code(error);
	}
	for (size_t i = 0; tasks && i < st.nsummary; i++)
		dt_tasks_dispose(&tasks[i]);
	free(tasks);
	free(rt);
	free(note);
	dt_buf_dispose(&kept);
	if (have_tl)
		dt_timelines_dispose(&tl);
	dt_strvec_dispose(&ids);
	dt_tickets_dispose(&tk);
	dt_findings_dispose(&f);
	dt_rules_stats_dispose(&st);
	dt_strvec_dispose(&o.tickets);
	dt_gate_close(&g);
	return rc;
}
