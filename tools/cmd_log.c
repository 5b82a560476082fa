/* diarist log TICKET [--format text|json]: a ticket's history as one
 * timeline, oldest first (SPEC §6). */
#include "cmd.h"
#include "common.h"
#include "findings.h"
#include "gate.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const char *ticket;
	int json;
} options;

static int parse_args(options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val;
		if (!strncmp(a, "--format", 8) && (a[8] == '=' || !a[8])) {
			val = a[8] ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val)
				return usage_error("log", "--format needs a value%s", "");
			if (strcmp(val, "text") && strcmp(val, "json"))
				return usage_error("log", "unknown format '%s' (text, json)", val);
			o->json = !strcmp(val, "json");
		} else if (!strcmp(a, "--") && i + 1 < argc && !o->ticket) {
			o->ticket = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return usage_error("log", "unknown option '%s'", a);
		} else if (o->ticket) {
			return usage_error("log", "one ticket at a time ('%s' is one too many)", a);
		} else {
			o->ticket = a;
		}
	}
	if (!o->ticket)
		return usage_error("log",
		                   "which ticket? (an ID, or what a commit message would "
		                   "write: vm023, VM-023)%s",
		                   "");
	return 0;
}

/* The ID `ref` names, as a commit message's ref would (SPEC §2); else
 * the candidates or the closest IDs on stderr and exit 2. */
static int resolve(const char **id, const dt_tickets *tk, const char *ref, dt_resolution *res)
{
	dt_tickets_resolve(res, tk, ref, 5);
	if (res->status == DT_RESOLVE_OK) {
		*id = res->ids.items[0];
		return 0;
	}
	if (res->status == DT_RESOLVE_AMBIGUOUS) {
		fprintf(stderr, "diarist log: '%s' names several tickets:\n", ref);
		for (size_t i = 0; i < res->ids.count; i++)
			fprintf(stderr, "  %s\n", res->ids.items[i]);
		fprintf(stderr, "hint: write more of the ID\n");
		return 2;
	}
	fprintf(stderr, "diarist log: no ticket '%s'%s\n", ref,
	        tk->count ? "" : " (no tickets in HEAD's tree)");
	if (res->ids.count) {
		fprintf(stderr, "hint: the closest tickets:");
		for (size_t i = 0; i < res->ids.count; i++)
			fprintf(stderr, "%s %s", i ? "," : "", res->ids.items[i]);
		fprintf(stderr, "\n");
	}
	return 2;
}

/* "Name" of "Name <email>". */
static void author_name(dt_buf *out, const char *author)
{
	const char *lt = strstr(author, " <");
	dt_buf_put(out, author, lt ? (size_t)(lt - author) : strlen(author));
}

static void print_text(const dt_timeline *tl)
{
	dt_buf out = DT_BUF_INIT;
	int color = isatty(1) && !getenv("NO_COLOR");
	char when[64];

	for (size_t i = 0; i < tl->count; i++) {
		const dt_event *e = &tl->items[i];
		dt_event_time(when, sizeof(when), e, 0);
		dt_buf_printf(&out, "%s  %s%s%s  ", when, color ? "\033[33m" : "", e->abbrev,
		              color ? "\033[m" : "");
		if (e->kind == DT_EV_COMMIT) {
			author_name(&out, e->author);
			dt_buf_puts(&out, "  ");
		}
		dt_event_what(&out, e);
		dt_buf_putc(&out, '\n');
	}
	fwrite(out.ptr, 1, out.size, stdout);
	dt_buf_dispose(&out);
}

static void json_num(dt_buf *out, const char *key, long long value, int present)
{
	if (present)
		dt_buf_printf(out, ", \"%s\": %lld", key, value);
	else
		dt_buf_printf(out, ", \"%s\": null", key);
}

static void print_json(const dt_timeline *tl, const dt_ticket *t, const char *folder,
                       const char *tip)
{
	dt_buf out = DT_BUF_INIT, diary = DT_BUF_INIT;
	char when[64];

	dt_buf_puts(&out, "{\"schema\": \"diarist-log/1\"");
	dt_json_field(&out, "version", DIARIST_VERSION, 1);
	dt_json_field(&out, "commit", tip, 1);
	dt_json_field(&out, "ticket", tl->id, 1);
	dt_json_field(&out, "folder", folder, 1);
	dt_json_field(&out, "title", t->title, 1);
	dt_json_field(&out, "status", t->status, 1);
	dt_buf_puts(&out, ", \"events\": [");
	for (size_t i = 0; i < tl->count; i++) {
		const dt_event *e = &tl->items[i];
		int commit = e->kind == DT_EV_COMMIT;
		int task = e->kind == DT_EV_TASK_CHECKED || e->kind == DT_EV_TASK_UNCHECKED;
		dt_event_time(when, sizeof(when), e, 1);
		dt_buf_printf(&out, "%s\n  {\"kind\": \"%s\"", i ? "," : "",
		              dt_event_kind_name(e->kind));
		dt_json_field(&out, "time", when, 1);
		dt_json_field(&out, "commit", e->commit, 1);
		dt_json_field(&out, "abbrev", e->abbrev, 1);
		dt_json_field(&out, "author", e->author, 1);
		dt_json_field(&out, "subject", e->subject, 1);
		json_num(&out, "step", e->step, commit && e->step >= 0);
		if (commit)
			dt_buf_printf(&out, ", \"names\": %s", e->names ? "true" : "false");
		else
			dt_buf_puts(&out, ", \"names\": null");
		dt_json_field(&out, "exempt",
		              commit && e->step < 0 && e->exempt ? dt_exempt_name(e->exempt) : NULL,
		              1);
		dt_json_field(&out, "tests", commit ? e->tests : NULL, 1);
		json_num(&out, "tests_exit", e->tests_exit, commit && e->tests_exit >= 0);
		json_num(&out, "task", (long long)e->task, task);
		dt_json_field(&out, "task_id", task ? e->task_id : NULL, 1);
		dt_json_field(&out, "task_text", task ? e->task_text : NULL, 1);
		json_num(&out, "step_number", e->step_number, e->kind == DT_EV_STEP_ADDED);
		dt_json_field(&out, "step_title",
		              e->kind == DT_EV_STEP_ADDED ? e->step_title : NULL, 1);
		dt_json_field(&out, "status_from", e->kind == DT_EV_STATUS ? e->status_from : NULL,
		              1);
		dt_json_field(&out, "status_to", e->kind == DT_EV_STATUS ? e->status_to : NULL, 1);
		/* the step's diary, relative to the top as every path here */
		dt_buf_clear(&diary);
		if (e->diary && (e->kind == DT_EV_STEP_ADDED || (commit && e->step >= 0)))
			dt_buf_printf(&diary, "%s/%s", folder, e->diary);
		dt_json_field(&out, "diary", diary.size ? diary.ptr : NULL, 1);
		dt_buf_putc(&out, '}');
	}
	dt_buf_puts(&out, tl->count ? "\n]}\n" : "]}\n");
	fwrite(out.ptr, 1, out.size, stdout);
	dt_buf_dispose(&out);
	dt_buf_dispose(&diary);
}

int cmd_log(int argc, char **argv)
{
	options o;
	dt_gate g;
	dt_tickets tk = DT_TICKETS_INIT;
	dt_timelines tl = {NULL, 0};
	dt_resolution res = DT_RESOLUTION_INIT;
	char tip[DT_HEX_MAX];
	const char *id = NULL;
	char *folder = NULL;
	dt_buf kept = DT_BUF_INIT;
	int error, rc = 0;

	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc;
	if ((error = dt_gate_open(&g)) < 0)
		goto done;
	if (dt_odb_resolve(tip, g.odb, "HEAD") < 0) {
		dt_error_clear();
		fprintf(stderr, "diarist log: no ticket '%s' (no commits yet)\n", o.ticket);
		rc = 2;
		goto done;
	}
	if ((error = dt_odb_tickets(&tk, g.odb, tip, g.root)) == DT_ENOTFOUND) {
		dt_error_clear();
		error = 0;
	} else if (error < 0) {
		goto done;
	}
	if ((rc = resolve(&id, &tk, o.ticket, &res)) != 0)
		goto done;
	{
		dt_ticket_group dup = dt_tickets_group(&tk, id);
		if (dup.count > 1) {
			fprintf(stderr,
			        "diarist log: warning: %s is the ID of %zu ticket folders:", id,
			        dup.count);
			for (size_t k = 0; k < dup.count; k++)
				fprintf(stderr, "%s %s", k ? "," : "", tk.items[dup.first + k].dir);
			fprintf(stderr, "; showing the first [ticket-duplicate]\n");
		}
	}
	if (dt_odb_shallow(g.odb))
		fprintf(stderr, "diarist log: note: a shallow clone: history before its first "
		                "commits is missing (git fetch --unshallow)\n");
	dt_timelines_kept_path(&kept, g.ctx.env.commondir);
	if ((error = dt_timelines_build(&tl, g.odb, g.ctx.cfg, g.root, tip, &tk, id, kept.ptr)) < 0)
		goto done;
	if (!tl.count) {
		error = dt_error_set(DT_ERROR, "%s: no timeline", id);
		goto done;
	}
	folder =
	    *g.root ? dt_xasprintf("%s/%s", g.root, tl.items[0].dir) : dt_xstrdup(tl.items[0].dir);
	if (o.json)
		print_json(&tl.items[0], dt_tickets_find(&tk, id), folder, tip);
	else
		print_text(&tl.items[0]);
done:
	if (error < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = dt_exit_code(error);
	}
	free(folder);
	dt_buf_dispose(&kept);
	dt_timelines_dispose(&tl);
	dt_resolution_dispose(&res);
	dt_tickets_dispose(&tk);
	dt_gate_close(&g);
	return rc;
}
