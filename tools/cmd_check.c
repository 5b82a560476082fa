/* diarist check [RANGE... | --all] [--format F] [--ticket ID]: the CI
 * verifier, the pre-push rules over any range (SPEC §6, §6.1, §9). */
#include "cmd.h"
#include "common.h"
#include "findings.h"
#include "gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* With --all, a text listing longer than this gives way to the summary. */
#define LIST_MAX 50

typedef struct {
	int all, format, list;
	const char *ticket;
	dt_strvec ranges;
} options;

static int parse_args(options *o, int argc, char **argv)
{
	o->format = DT_FORMAT_TEXT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		if (!strcmp(a, "--all")) {
			o->all = 1;
		} else if (!strcmp(a, "--list")) {
			o->list = 1;
		} else if (!strncmp(a, "--format", 8) && (a[8] == '=' || !a[8])) {
			val = a[8] ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val)
				return usage_error("check", "--format needs a value%s", "");
			if ((o->format = dt_format_parse(val)) < 0)
				return usage_error(
				    "check",
				    "unknown format '%s' (text, json, sarif, junit, github)", val);
		} else if (!strncmp(a, "--ticket", 8) && (a[8] == '=' || !a[8])) {
			val = a[8] ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val)
				return usage_error("check", "--ticket needs a ticket ID%s", "");
			o->ticket = val;
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				dt_strvec_push(&o->ranges, argv[i]);
		} else if (a[0] == '-' && a[1]) {
			return usage_error("check", "unknown option '%s'", a);
		} else {
			dt_strvec_push(&o->ranges, a);
		}
	}
	if (o->all && o->ranges.count)
		return usage_error("check", "give RANGE or --all, not both%s", "");
	return 0;
}

/* Judge one "A..B" (or "B": what no remote-tracking ref has). */
static int judge_range(dt_gate *g, dt_findings *f, dt_rules_stats *st, const char *range,
                       const char *ticket)
{
	const char *dots = strstr(range, "..");
	char *from = NULL, *to;
	const char *base;
	int error;

	if (dots && dots[2] == '.')
		return dt_error_set(DT_EUSAGE,
		                    "%s: use A..B (A...B is not a range of commits here)", range);
	if (dots) {
		from = dt_xstrndup(range, (size_t)(dots - range));
		to = dt_xstrdup(*(dots + 2) ? dots + 2 : "HEAD");
	} else {
		to = dt_xstrdup(range);
	}
	if (from && !*from) {
		free(from);
		from = dt_xstrdup("HEAD");
	}
	if (from) {
		char hex[DT_HEX_MAX];
		if ((error = dt_odb_resolve(hex, g->odb, from)) < 0) {
			error = dt_error_set(DT_EUSAGE, "%s: no such commit '%s'", range, from);
			goto cleanup;
		}
		base = hex;
		error = dt_gate_judge(g, f, st, to, to, &base, 1, 0, ticket);
	} else {
		base = "refs/remotes/*";
		error = dt_gate_judge(g, f, st, to, to, &base, 1, 0, ticket);
	}
	if (error == DT_ENOTFOUND)
		error = dt_error_set(DT_EUSAGE, "%s: %s", range, dt_error_last());
cleanup:
	free(from);
	free(to);
	return error;
}

/* The default: @{upstream}..HEAD, or HEAD's commits on no remote-tracking
 * ref when the branch has no upstream. */
static int judge_default(dt_gate *g, dt_findings *f, dt_rules_stats *st, const char *ticket)
{
	char up[DT_HEX_MAX];
	const char *base = up;
	if (dt_gate_upstream(up, g) < 0) {
		dt_error_clear();
		fprintf(stderr, "diarist: note: no upstream branch; checking HEAD's commits that "
		                "no remote-tracking branch has\n");
		base = "refs/remotes/*";
	}
	return dt_gate_judge(g, f, st, "HEAD", "HEAD", &base, 1, 0, ticket);
}

static void print_text(const dt_findings *f, const dt_rules_stats *st, const options *o)
{
	dt_format_opts opts = {isatty(1) && !getenv("NO_COLOR"), DIARIST_VERSION, NULL, NULL};
	dt_buf out = DT_BUF_INIT;
	size_t errors = dt_findings_count(f, DT_LEVEL_ERROR);
	size_t warnings = dt_findings_count(f, DT_LEVEL_WARNING);

	if (o->all && f->count > LIST_MAX && !o->list) {
		dt_findings_write_summary(&out, f, 10);
		dt_buf_printf(&out,
		              "(%zu findings: 'diarist check --all --list' lists them all, "
		              "--ticket ID those of one ticket, --format json for tools)\n",
		              f->count);
	} else {
		dt_findings_write(&out, f, DT_FORMAT_TEXT, &opts);
		if (o->all && f->count > 1)
			dt_findings_write_summary(&out, f, 10);
	}
	dt_buf_printf(
	    &out, "diarist check: %zu error%s, %zu warning%s (%zu commit%s, %zu ticket%s)\n",
	    errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", st->commits,
	    st->commits == 1 ? "" : "s", st->tickets.count, st->tickets.count == 1 ? "" : "s");
	fwrite(out.ptr, 1, out.size, stdout);
	dt_buf_dispose(&out);
}

int cmd_check(int argc, char **argv)
{
	options o;
	dt_gate g;
	dt_findings f = DT_FINDINGS_INIT;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	int error = 0, rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(&o, argc, argv)) != 0) {
		dt_strvec_dispose(&o.ranges);
		return rc;
	}
	if ((error = dt_gate_open(&g)) < 0)
		goto done;
	if (!g.ctx.env.worktree && !o.ranges.count && !o.all) {
		error = dt_error_set(DT_EUSAGE, "a bare repository: give a RANGE or --all");
		goto done;
	}
	if (dt_odb_resolve((char[DT_HEX_MAX]){0}, g.odb, "HEAD") < 0 && !o.ranges.count) {
		dt_error_clear();
		printf("diarist check: no commits yet, nothing to check\n");
		goto done;
	}
	if (o.all) {
		const char *none = NULL;
		error = dt_gate_judge(&g, &f, &st, "HEAD", "HEAD", &none, 0, 1, o.ticket);
	} else if (o.ranges.count) {
		for (size_t i = 0; i < o.ranges.count && !error; i++)
			error = judge_range(&g, &f, &st, o.ranges.items[i], o.ticket);
	} else {
		error = judge_default(&g, &f, &st, o.ticket);
	}
	if (error < 0)
		goto done;
	if (st.root_missing && !f.count)
		fprintf(stderr,
		        "diarist: note: no ticket workspace (%s) in the checked commits; "
		        "diarist is not in use in this repository\n",
		        g.root);
	dt_findings_sort(&f);
	dt_findings_dedupe(&f);
	if (o.format == DT_FORMAT_TEXT) {
		print_text(&f, &st, &o);
	} else {
		dt_buf out = DT_BUF_INIT;
		/* a strvec is NULL-terminated: the JUnit writer's list */
		dt_format_opts opts = {0, DIARIST_VERSION, (const char *const *)st.tickets.items,
		                       g.ctx.cfg->path ? DT_CONFIG_FILE : g.root};
		dt_findings_write(&out, &f, (dt_format)o.format, &opts);
		fwrite(out.ptr, 1, out.size, stdout);
		dt_buf_dispose(&out);
	}
	rc = dt_findings_count(&f, DT_LEVEL_ERROR) ? 1 : 0;
done:
	if (error < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = error == DT_EUSAGE ? 2 : dt_exit_code(error);
	}
	dt_findings_dispose(&f);
	dt_rules_stats_dispose(&st);
	dt_strvec_dispose(&o.ranges);
	dt_gate_close(&g);
	return rc;
}
