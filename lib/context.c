#include "context.h"
#include "common.h"
#include "fileio.h"
#include "refs.h"
#include "workspace.h"

#include <string.h>

int dt_context_open(dt_context *ctx)
{
	int error, explicit_root;

	memset(ctx, 0, sizeof(*ctx));
	dt_buf_init(&ctx->root);
	if ((error = dt_gitenv_discover(&ctx->env, NULL)) < 0) {
		ctx->cfg = dt_config_new();
		return error;
	}
	if (!ctx->env.worktree) {
		ctx->cfg = dt_config_new();
		return 0;
	}
	if ((error = dt_config_load(&ctx->cfg, ctx->env.worktree)) < 0)
		return error;
	if ((error =
	         dt_config_root(&ctx->root, &explicit_root, ctx->cfg, ctx->env.worktree, NULL)) < 0)
		return error;
	ctx->root_exists = dt_path_isdir(ctx->root.ptr);
	if (!ctx->root_exists && ctx->cfg->path) {
		if (ctx->cfg->root)
			return dt_error_set(
			    DT_ECONFIG, "%s:%zu:%zu: the docs root '%s' does not exist",
			    DT_CONFIG_FILE, ctx->cfg->root_line, ctx->cfg->root_col, ctx->root.ptr);
		return dt_error_set(DT_ECONFIG,
		                    "%s: the docs root '%s' does not exist (%s opts in to diarist; "
		                    "set root: or create the folder)",
		                    DT_CONFIG_FILE, ctx->root.ptr, DT_CONFIG_FILE);
	}
	return 0;
}

int dt_context_scan(dt_context *ctx)
{
	dt_buf cache = DT_BUF_INIT;
	int error;

	dt_tickets_dispose(&ctx->tk);
	ctx->cached = 0;
	/* a full read refreshes the cache for the next commit-msg */
	if (ctx->env.gitdir)
		dt_workspace_cache_path(&cache, ctx->env.gitdir);
	error = dt_workspace_scan(&ctx->tk, ctx->root.ptr, cache.size ? cache.ptr : NULL);
	dt_buf_dispose(&cache);
	return error;
}

int dt_context_load(dt_context *ctx)
{
	dt_buf cache = DT_BUF_INIT;
	int error;
	dt_tickets_dispose(&ctx->tk);
	dt_workspace_cache_path(&cache, ctx->env.gitdir);
	error = dt_workspace_load(&ctx->tk, ctx->root.ptr, cache.ptr, &ctx->cached);
	dt_buf_dispose(&cache);
	return error;
}

/* Does some ticket's ID start with the word's key (the letters before its
 * first '-', "NEST" of "NEST-104") and a '-'? */
static int key_known(const dt_tickets *tk, const char *word)
{
	size_t n = strcspn(word, "-");

	if (!word[n])
		return 0;
	for (size_t i = 0; i < tk->count; i++) {
		const char *id = tk->items[i].id;
		if (id && !dt_ascii_ncasecmp(id, word, n) && id[n] == '-')
			return 1;
	}
	return 0;
}

int dt_context_confirm(dt_context *ctx, const dt_refs *refs)
{
	int fresh = 0;

	if (!ctx->cached)
		return 0;
	for (size_t i = 0; i < refs->count && !fresh; i++) {
		const dt_ref *r = &refs->items[i];
		if (r->res.status == DT_RESOLVE_OK) {
			dt_ticket_group g = dt_tickets_group(&ctx->tk, r->res.ids.items[0]);
			for (size_t k = 0; k < g.count; k++)
				if (!dt_workspace_verify(&ctx->tk, &ctx->tk.items[g.first + k]))
					fresh = 1;
		} else if (r->source != DT_REF_WORD) {
			fresh = 1;
		} else if (r->res.status == DT_RESOLVE_UNKNOWN && key_known(&ctx->tk, r->text)) {
			/* a subject word counts only when it resolves, so an unknown
			 * one is no error; but the cache does not see a ticket made
			 * inside a ticket that held none (workspace.h), and a word
			 * of a project's own key may name just that one */
			fresh = 1;
		}
	}
	if (!fresh)
		return 0;
	return dt_context_scan(ctx) < 0 ? DT_EIO : 1;
}

int dt_exit_code(int error)
{
	switch (error) {
	case 0:
		return 0;
	case DT_ECONFIG:
	case DT_EUSAGE:
	case DT_EINVALID:
		return 2;
	default:
		return 3;
	}
}

void dt_context_dispose(dt_context *ctx)
{
	dt_gitenv_dispose(&ctx->env);
	dt_config_free(ctx->cfg);
	dt_buf_dispose(&ctx->root);
	dt_tickets_dispose(&ctx->tk);
	ctx->cfg = NULL;
}
