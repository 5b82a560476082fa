/* diarist run [--] CMD [ARG...]: run the tests and keep the evidence. */
#include "cmd.h"
#include "common.h"
#include "context.h"
#include "evidence.h"
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split evidence.command into words: white space separates, '…' and "…"
 * quote; no other shell syntax (it never reaches a shell). */
static char **split_words(const char *s)
{
	dt_strvec v = DT_STRVEC_INIT;
	dt_buf w = DT_BUF_INIT;
	int in = 0;
	char q = 0;

	for (;; s++) {
		if (!*s || (!q && dt_isspace((unsigned char)*s))) {
			if (in)
				dt_strvec_pushn(&v, w.ptr, w.size);
			dt_buf_clear(&w);
			in = 0;
			if (!*s)
				break;
			continue;
		}
		in = 1;
		if (q) {
			if (*s == q)
				q = 0;
			else
				dt_buf_putc(&w, *s);
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else {
			dt_buf_putc(&w, *s);
		}
	}
	dt_buf_dispose(&w);
	if (!v.count) {
		dt_strvec_dispose(&v);
		return NULL;
	}
	return v.items;
}

/* The docs root relative to the work tree, or NULL when it is elsewhere. */
static const char *docs_root_rel(const dt_context *ctx, dt_repo *repo)
{
	const char *wt = dt_repo_workdir(repo);
	size_t n = wt ? strlen(wt) : 0;
	if (ctx->root_exists && n && !strncmp(ctx->root.ptr, wt, n) && ctx->root.ptr[n] == '/')
		return ctx->root.ptr + n + 1;
	return NULL;
}

int cmd_run(int argc, char **argv)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_evidence ev;
	dt_buf dir = DT_BUF_INIT;
	char **words = NULL, **cmd;
	int error, first = 1;

	memset(&ev, 0, sizeof(ev));
	if (first < argc && !strcmp(argv[first], "--"))
		first++;
	else if (first < argc && argv[first][0] == '-' && argv[first][1])
		return usage_error("run",
		                   "unknown option '%s' (use -- before a command that "
		                   "starts with '-')",
		                   argv[first]);
	if ((error = dt_context_open(&ctx)) < 0)
		goto fail;
	if ((error = dt_history_init()) < 0 || (error = dt_repo_open(&repo)) < 0)
		goto fail;
	if (!dt_repo_workdir(repo)) {
		error = dt_error_set(DT_EUSAGE, "diarist run needs a work tree");
		goto fail;
	}
	if (first < argc) {
		cmd = argv + first;
	} else if (ctx.cfg->evidence_command && (words = split_words(ctx.cfg->evidence_command))) {
		cmd = words;
	} else {
		dt_context_dispose(&ctx);
		dt_repo_free(repo);
		return usage_error("run", "%s",
		                   "no command given and no evidence.command in "
		                   ".diarist.yaml");
	}
	/* the tree and the state of the work tree as the tests start */
	if ((error = dt_repo_index_tree(ev.tree, repo)) < 0 ||
	    (error = dt_repo_unstaged(&ev.dirty, repo, docs_root_rel(&ctx, repo))) < 0)
		goto fail;
	if ((error = dt_evidence_run(&ev, cmd)) < 0)
		goto fail;
	dt_evidence_dir(&dir, dt_repo_commondir(repo));
	if (dt_evidence_save(dir.ptr, &ev) < 0)
		fprintf(stderr, "diarist: warning: evidence not saved: %s\n", dt_error_last());
	else if (ev.dirty)
		fprintf(stderr, "diarist: the work tree has unstaged changes: this run is kept as "
		                "dirty and will not be attached to a commit\n");
	else
		fprintf(stderr, "diarist: evidence kept for tree %.7s: exit %d%s\n", ev.tree,
		        ev.exit_code, ev.counted ? "" : " (no test counts recognised)");
	error = ev.exit_code;
	goto done;

fail:
	fprintf(stderr, "diarist: error: %s\n", dt_error_last());
	error = dt_exit_code(error);
done:
	if (words) {
		for (char **w = words; *w; w++)
			free(*w);
		free(words);
	}
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	return error;
}
