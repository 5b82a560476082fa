#include "gate.h"
#include "common.h"
#include "gitconfig.h"
#include "pushlines.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dt_gate_open(dt_gate *g)
{
	int error;
	const char *wt;
	size_t n;

	memset(g, 0, sizeof(*g));
	if ((error = dt_context_open(&g->ctx)) < 0)
		return error;
	wt = g->ctx.env.worktree;
	if (wt && g->ctx.root.size) {
		n = strlen(wt);
		if (!strncmp(g->ctx.root.ptr, wt, n) && g->ctx.root.ptr[n] == '/')
			g->root = dt_xstrdup(g->ctx.root.ptr + n + 1);
		else if (!strcmp(g->ctx.root.ptr, wt))
			g->root = dt_xstrdup("");
		else
			return dt_error_set(DT_ECONFIG,
			                    "the docs root %s is outside the work tree %s",
			                    g->ctx.root.ptr, wt);
	} else {
		g->root = dt_xstrdup(g->ctx.cfg->root ? g->ctx.cfg->root : "ttmp");
	}
	if ((error = dt_odb_init()) < 0)
		return error;
	g->odb_init = 1;
	return dt_odb_open(&g->odb);
}

void dt_gate_close(dt_gate *g)
{
	dt_odb_free(g->odb);
	if (g->odb_init)
		dt_odb_shutdown();
	free(g->root);
	dt_context_dispose(&g->ctx);
	memset(g, 0, sizeof(*g));
}

/* A shallow clone is judged as such (history-shallow), not walked. */
static int shallow_judged(dt_gate *g)
{
	return dt_odb_shallow(g->odb) &&
	       g->ctx.cfg->levels[DT_RULE_HISTORY_SHALLOW] != DT_LEVEL_OFF;
}

int dt_gate_walks_all(dt_gate *g)
{
	char since_hex[DT_HEX_MAX];
	int64_t since_time;
	int error;
	if (shallow_judged(g))
		return 0;
	if ((error = dt_rules_since(&since_time, since_hex, g->odb, g->ctx.cfg)) < 0)
		return error;
	return !since_hex[0];
}

int dt_gate_judge(dt_gate *g, dt_findings *out, dt_rules_stats *stats, const char *tip,
                  const char *tip_name, const char *const *bases, size_t nbases, int all,
                  const char *ticket)
{
	dt_strvec range = DT_STRVEC_INIT;
	dt_buf kept = DT_BUF_INIT;
	char base[DT_HEX_MAX] = "", tiphex[DT_HEX_MAX], since_hex[DT_HEX_MAX];
	int64_t since_time;
	dt_rules_input in;
	int error;

	if ((error = dt_odb_resolve(tiphex, g->odb, tip)) < 0)
		return error;
	memset(&in, 0, sizeof(in));
	if (shallow_judged(g)) {
		/* the range cannot be walked: the rules say only that */
		in.range = &range;
		all = 0;
		ticket = NULL;
	} else if ((error = dt_rules_since(&since_time, since_hex, g->odb, g->ctx.cfg)) < 0) {
		return error;
	} else if (all && !nbases && !since_hex[0]) {
		/* all history: one walk that reads each commit once */
		in.since_time = since_time;
		in.stream = g->stream;
	} else {
		if ((error = dt_rules_range(&range, base, g->odb, g->ctx.cfg, tiphex, bases,
		                            nbases)) < 0)
			goto cleanup;
		if (!range.count && !all && !ticket)
			goto cleanup; /* already pushed: nothing to judge */
		in.range = &range;
	}
	in.cfg = g->ctx.cfg;
	in.odb = g->odb;
	in.root = g->root;
	in.root_required = g->ctx.cfg->path != NULL;
	in.tip = tiphex;
	in.tip_name = tip_name;
	in.base = all || !in.range ? NULL : base;
	in.all = all;
	in.ticket = ticket;
	in.summaries = g->summaries;
	in.tickets = g->tickets;
	in.tap = g->tap;
	in.walk_tap = g->walk_tap;
	in.tap_payload = g->tap_payload;
	if (g->ctx.env.commondir) {
		dt_rules_kept_path(&kept, g->ctx.env.commondir);
		in.kept = kept.ptr;
	}
	error = dt_rules_run(out, stats, &in);
cleanup:
	dt_buf_dispose(&kept);
	dt_strvec_dispose(&range);
	return error;
}

int dt_gate_upstream(char out[DT_HEX_MAX], dt_gate *g)
{
	dt_gitconfig *cfg = NULL;
	dt_buf key = DT_BUF_INIT, ref = DT_BUF_INIT;
	char *branch = NULL;
	const char *remote, *merge;
	int error;

	/* branch.<name>.remote and .merge, as git reads them (asking libgit2
	 * for @{upstream} leaks memory in its remote lookup) */
	if ((error = dt_gitenv_branch(&branch, &g->ctx.env)) < 0)
		return error;
	if (!branch) {
		error = dt_error_set(DT_ENOTFOUND, "HEAD is detached: no upstream");
		goto cleanup;
	}
	if ((error = dt_gitconfig_load(&cfg, &g->ctx.env)) < 0)
		goto cleanup;
	dt_buf_printf(&key, "branch.%s.remote", branch);
	remote = dt_gitconfig_get(cfg, key.ptr);
	dt_buf_clear(&key);
	dt_buf_printf(&key, "branch.%s.merge", branch);
	merge = dt_gitconfig_get(cfg, key.ptr);
	if (!remote || !merge) {
		error = dt_error_set(DT_ENOTFOUND, "branch %s has no upstream", branch);
		goto cleanup;
	}
	if (!strcmp(remote, "."))
		dt_buf_puts(&ref, merge);
	else
		dt_buf_printf(&ref, "refs/remotes/%s/%s", remote,
		              !strncmp(merge, "refs/heads/", 11) ? merge + 11 : merge);
	error = dt_odb_resolve(out, g->odb, ref.ptr);
cleanup:
	free(branch);
	dt_gitconfig_free(cfg);
	dt_buf_dispose(&key);
	dt_buf_dispose(&ref);
	return error;
}

void dt_findings_dedupe(dt_findings *f)
{
	size_t k = 0;
	for (size_t i = 0; i < f->count; i++) {
		dt_finding *x = &f->items[i], *prev = k ? &f->items[k - 1] : NULL;
		if (prev && prev->rule == x->rule && prev->line == x->line &&
		    !strcmp(prev->message, x->message) &&
		    ((!prev->file && !x->file) ||
		     (prev->file && x->file && !strcmp(prev->file, x->file)))) {
			dt_finding_dispose(x);
			continue;
		}
		f->items[k++] = *x;
	}
	f->count = k;
}

/* ---- pre-push ---- */

static int internal_error(const dt_config *cfg, FILE *err)
{
	fprintf(err, "diarist: error: %s\n", dt_error_last());
	if (cfg && cfg->on_internal_error == DT_ON_ERROR_OPEN) {
		fprintf(err, "diarist: warning: letting the push through unchecked "
		             "(hooks.on_internal_error: open)\n");
		return 0;
	}
	fprintf(err, "hint: fix the problem above, or push with --no-verify "
	             "(CI will still check the pushed commits)\n");
	return 1;
}

/* Is the remote ref one that push.branches enforces? */
static int enforced(const dt_config *cfg, const char *remote_ref)
{
	const char *name = remote_ref;
	if (!strncmp(name, "refs/heads/", 11))
		name += 11;
	else if (!strncmp(name, "refs/tags/", 10))
		name += 10;
	for (size_t i = 0; i < cfg->push_branches.count; i++)
		if (fnmatch(cfg->push_branches.items[i], name, 0) == 0)
			return 1;
	return 0;
}

static int same_finding(const dt_finding *x, const dt_finding *y)
{
	return x->rule == y->rule && x->line == y->line && !strcmp(x->message, y->message) &&
	       ((!x->file && !y->file) || (x->file && y->file && !strcmp(x->file, y->file)));
}

/* Move the findings of f not already in all into fresh (and all). */
static void take_new(dt_findings *all, dt_findings *fresh, const dt_findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		int dup = 0;
		for (size_t k = 0; k < all->count && !dup; k++)
			dup = same_finding(x, &all->items[k]);
		if (dup)
			continue;
		dt_findings_add(fresh, x->rule, x->level, x->ticket, x->commit, x->file, x->line,
		                x->hint, "%s", x->message);
		dt_findings_add(all, x->rule, x->level, x->ticket, x->commit, x->file, x->line,
		                x->hint, "%s", x->message);
	}
}

/* Does this update push a commit to be judged? */
static int to_judge(const dt_config *cfg, const dt_push_update *u)
{
	return !u->is_delete && strcmp(u->local_oid, u->remote_oid) &&
	       (!cfg || enforced(cfg, u->remote_ref));
}

static int judge_update(dt_gate *g, const dt_push_update *u, const char *remote, dt_findings *all,
                        int *noted, int color, FILE *err)
{
	dt_findings f = DT_FINDINGS_INIT, fresh = DT_FINDINGS_INIT;
	dt_rules_stats st = DT_RULES_STATS_INIT;
	dt_buf glob = DT_BUF_INIT, text = DT_BUF_INIT;
	dt_format_opts opts = {color, NULL, NULL, NULL};
	char remote_hex[DT_HEX_MAX], local_hex[DT_HEX_MAX];
	const char *base;
	int error;

	if (dt_odb_resolve(local_hex, g->odb, u->local_oid) < 0) {
		if (!dt_odb_exists(g->odb, u->local_oid))
			return dt_error_set(DT_EIO, "%s: object %s is not in this repository",
			                    u->local_ref, u->local_oid);
		dt_error_clear();
		return 0; /* a tag of a tree or a blob: no commit to judge */
	}
	/* a remote commit we do not have (a force push over unfetched work)
	 * or a new ref: what no remote-tracking ref of this remote has */
	if (u->is_new || dt_odb_resolve(remote_hex, g->odb, u->remote_oid) < 0) {
		dt_error_clear();
		dt_buf_printf(&glob, "refs/remotes/%s/*", remote);
		base = glob.ptr;
	} else {
		base = remote_hex;
	}
	error = dt_gate_judge(g, &f, &st, local_hex, u->local_ref, &base, 1, 0, NULL);
	if (error < 0) {
		dt_buf msg = DT_BUF_INIT;
		dt_buf_printf(&msg, "%s: %s", u->local_ref, dt_error_last());
		dt_error_set(error, "%s", msg.ptr);
		dt_buf_dispose(&msg);
	} else if (st.root_missing && !*noted) {
		fprintf(err,
		        "diarist: note: no ticket workspace (%s) in %s; diarist is not in use in "
		        "this repository\n",
		        g->root, u->local_ref);
		*noted = 1;
	}
	take_new(all, &fresh, &f);
	if (fresh.count) {
		fprintf(err, "diarist: %s -> %s (%zu commit%s):\n", u->local_ref, u->remote_ref,
		        st.commits, st.commits == 1 ? "" : "s");
		dt_findings_write(&text, &fresh, DT_FORMAT_TEXT, &opts);
		fputs(text.ptr, err);
	}
	dt_findings_dispose(&f);
	dt_findings_dispose(&fresh);
	dt_rules_stats_dispose(&st);
	dt_buf_dispose(&glob);
	dt_buf_dispose(&text);
	return error;
}

int dt_prepush_run(const char *remote, const char *input, size_t len, FILE *err)
{
	dt_push_updates ups = DT_PUSH_UPDATES_INIT;
	dt_findings all = DT_FINDINGS_INIT;
	dt_gate g;
	int error, rc = 0, color = isatty(fileno(err)) && !getenv("NO_COLOR"), noted = 0, any = 0;
	size_t errors, warnings;

	memset(&g, 0, sizeof(g));
	error = dt_push_parse(&ups, input, len);
	for (size_t i = 0; !error && i < ups.count; i++)
		any |= to_judge(NULL, &ups.items[i]);
	if (!error && !any)
		goto done; /* deletes, or nothing new: no repository to open */
	if (error < 0) {
		dt_buf msg = DT_BUF_INIT;
		dt_buf_puts(&msg, dt_error_last()); /* "pre-push input line N: ..." */
		dt_gate_open(&g);                   /* for hooks.on_internal_error */
		dt_error_set(error, "%s", msg.ptr);
		dt_buf_dispose(&msg);
		rc = internal_error(g.ctx.cfg, err);
		goto done;
	}
	if ((error = dt_gate_open(&g)) < 0) {
		rc = internal_error(g.ctx.cfg, err);
		goto done;
	}
	for (size_t i = 0; i < ups.count && !rc; i++) {
		if (!to_judge(g.ctx.cfg, &ups.items[i]))
			continue;
		if (judge_update(&g, &ups.items[i], remote, &all, &noted, color, err) < 0)
			rc = internal_error(g.ctx.cfg, err);
	}
	if (rc)
		goto done;
	errors = dt_findings_count(&all, DT_LEVEL_ERROR);
	warnings = dt_findings_count(&all, DT_LEVEL_WARNING);
	if (errors) {
		fprintf(err,
		        "diarist: push refused: %zu error%s, %zu warning%s; fix them (see the "
		        "hints), or push with --no-verify (CI will still check)\n",
		        errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
		rc = 1;
	} else if (warnings) {
		fprintf(err, "diarist: %zu warning%s; the push goes on\n", warnings,
		        warnings == 1 ? "" : "s");
	}
done:
	dt_findings_dispose(&all);
	dt_push_updates_dispose(&ups);
	dt_gate_close(&g);
	return rc;
}
