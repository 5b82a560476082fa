/* diarist status [--format text|json] [--all]: one line per ticket, the
 * state of its bookkeeping (SPEC §6), as `diarist check --all` sees it. */
#include "cmd.h"
#include "common.h"
#include "findings.h"
#include "gate.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	int all, json;
} options;

static int parse_args(options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val;
		if (!strcmp(a, "--all")) {
			o->all = 1;
		} else if (!strncmp(a, "--format", 8) && (a[8] == '=' || !a[8])) {
			val = a[8] ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val)
				return usage_error("status", "--format needs a value%s", "");
			if (!strcmp(val, "json"))
				o->json = 1;
			else if (!strcmp(val, "text"))
				o->json = 0;
			else
				return usage_error("status", "unknown format '%s' (text, json)",
				                   val);
		} else if (a[0] == '-') {
			return usage_error("status", "unknown option '%s'", a);
		} else {
			return usage_error("status", "unexpected argument '%s'", a);
		}
	}
	return 0;
}

/* Nothing to list: no commit yet, or no docs root in HEAD. Text says so;
 * JSON is still a document, with no tickets. */
static void print_empty(const options *o, const dt_gate *g, const char *commit, const char *why)
{
	if (o->json) {
		dt_buf out = DT_BUF_INIT;
		dt_status_list l = DT_STATUS_LIST_INIT;
		dt_status_opts opts = {0, 0, DIARIST_VERSION, commit, g->root, 0, 0};
		dt_status_write_json(&out, &l, &opts);
		fwrite(out.ptr, 1, out.size, stdout);
		dt_buf_dispose(&out);
		fprintf(stderr, "diarist status: %s\n", why);
	} else {
		printf("diarist status: %s\n", why);
	}
}

int cmd_status(int argc, char **argv)
{
	options o;
	dt_gate g;
	dt_findings f = DT_FINDINGS_INIT;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	dt_status_list l = DT_STATUS_LIST_INIT;
	dt_buf out = DT_BUF_INIT, why = DT_BUF_INIT;
	char head[DT_HEX_MAX];
	const char *none = NULL;
	int error = 0, rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc;
	if ((error = dt_gate_open(&g)) < 0)
		goto done;
	if (dt_odb_resolve(head, g.odb, "HEAD") < 0) {
		dt_error_clear();
		print_empty(&o, &g, NULL, "no commits yet, no tickets to show");
		goto done;
	}
	/* exactly what `diarist check --all` judges, with a summary per ticket */
	g.summaries = 1;
	if ((error = dt_gate_judge(&g, &f, &st, "HEAD", "HEAD", &none, 0, 1, NULL)) < 0)
		goto done;
	if (st.root_missing) {
		dt_buf_printf(&why,
		              "no ticket workspace (%s) in HEAD; diarist is not in use in this "
		              "repository",
		              g.root);
		print_empty(&o, &g, head, why.ptr);
		goto done;
	}
	for (size_t i = 0; i < f.count && !st.nsummary; i++)
		if (f.items[i].rule == DT_RULE_HISTORY_SHALLOW) {
			/* the rules judged nothing: no row would be true */
			dt_buf_printf(&why, "%s; fetch the full history (git fetch --unshallow)",
			              f.items[i].message);
			print_empty(&o, &g, head, why.ptr);
			goto done;
		}
	dt_findings_sort(&f);
	dt_findings_dedupe(&f);
	dt_status_select(&l, st.summary, st.nsummary, o.all);
	{
		dt_status_opts opts = {!o.json && isatty(1) && !getenv("NO_COLOR"),
		                       DT_STATUS_WIDTH,
		                       DIARIST_VERSION,
		                       head,
		                       g.root,
		                       0,
		                       0};
		for (size_t i = 0; i < f.count; i++) {
			if (f.items[i].ticket)
				continue;
			if (f.items[i].level == DT_LEVEL_ERROR)
				opts.unticketed_errors++;
			else
				opts.unticketed_warnings++;
		}
		if (o.json)
			dt_status_write_json(&out, &l, &opts);
		else
			dt_status_write_text(&out, &l, &opts);
	}
	fwrite(out.ptr, 1, out.size, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		error = dt_error_set(DT_EIO, "cannot write the output");
done:
	rc = 0; /* findings never change status's exit (SPEC §6.1 is check's) */
	if (error < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = error == DT_EUSAGE ? 2 : dt_exit_code(error);
	}
	dt_buf_dispose(&out);
	dt_buf_dispose(&why);
	dt_status_list_dispose(&l);
	dt_findings_dispose(&f);
	dt_rules_stats_dispose(&st);
	dt_gate_close(&g);
	return rc;
}
