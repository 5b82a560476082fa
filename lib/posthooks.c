#include "posthooks.h"
#include "common.h"
#include "context.h"
#include "fileio.h"
#include "history.h"
#include "recorder.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open everything a post hook needs; 1 when there is nothing to do.
 * `rebasing` (post-commit; NULL for post-rewrite): set to whether a rebase
 * is in progress, and when none is, HEAD's lookup is started (git runs
 * while the tickets load). */
static int open_all(dt_context *ctx, dt_repo **repo, int *rebasing, FILE *err)
{
	int error = dt_context_open(ctx);
	*repo = NULL;
	if (error < 0) {
		fprintf(err, "diarist: warning: %s (nothing recorded)\n", dt_error_last());
		return 1;
	}
	if (!ctx->env.worktree)
		return 1;
	if (!ctx->root_exists) {
		fprintf(err,
		        "diarist: note: no ticket workspace (%s) here; "
		        "diarist is not in use in this repository\n",
		        ctx->root.ptr);
		return 1;
	}
	if (dt_history_init() < 0 || dt_repo_open(repo) < 0 || !dt_repo_workdir(*repo)) {
		fprintf(err, "diarist: warning: %s (nothing recorded)\n", dt_error_last());
		return 1;
	}
	if (rebasing && !(*rebasing = dt_repo_rebasing(*repo)))
		dt_repo_prefetch(*repo, "HEAD");
	if (dt_context_load(ctx) < 0) {
		fprintf(err, "diarist: warning: %s (nothing recorded)\n", dt_error_last());
		return 1;
	}
	return 0;
}

static void close_all(dt_context *ctx, dt_repo *repo)
{
	dt_repo_free(repo);
	dt_context_dispose(ctx);
	dt_history_shutdown();
}

static void apply_pending(dt_recorder *rc);

int dt_post_commit(FILE *out, FILE *err)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	dt_buf msg = DT_BUF_INIT;
	char old[DT_HEX_MAX];
	int recorded = 0, rebasing = 0;

	if (open_all(&ctx, &repo, &rebasing, err))
		goto done;
	/* during a rebase git runs post-commit for picks whose hashes the
	 * rebase rewrites again: post-rewrite records those */
	if (rebasing)
		goto done;
	dt_recorder_init(&rc, &ctx, repo, out, err);
	apply_pending(&rc);
	if (dt_repo_head_reflog(&msg, old, repo) == 0) {
		if (!strncmp(msg.ptr, "rebase", 6))
			goto done;
		if (!strncmp(msg.ptr, "commit (amend)", 14) && old[0]) {
			/* move the amended commit's record in place */
			dt_commit head;
			if (dt_repo_commit(&head, repo, "HEAD") == 0) {
				dt_rewrite map;
				int changed = 0;
				snprintf(map.old_hex, sizeof(map.old_hex), "%s", old);
				snprintf(map.new_hex, sizeof(map.new_hex), "%s", head.hex);
				dt_recorder_rewrite(&rc, &map, 1, &changed);
				dt_commit_dispose(&head);
			}
		}
	}
	dt_error_clear();
	if (dt_recorder_commit(&rc, "HEAD", &recorded) < 0)
		fprintf(err, "diarist: warning: %s (nothing recorded)\n", dt_error_last());
done:
	dt_buf_dispose(&msg);
	close_all(&ctx, repo);
	return 0;
}

/* git's "old new [extra]" lines into pairs; other lines are reported. */
static size_t parse_pairs(dt_rewrite **out, const char *input, size_t len, FILE *err)
{
	const char *p = input, *end = input + len;
	size_t n = 0, alloc = 0;

	*out = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char a[DT_HEX_MAX] = "", b[DT_HEX_MAX] = "";
		char *line = dt_xstrndup(p, l);
		if (sscanf(line, "%64s %64s", a, b) == 2 && strlen(a) >= 40 && strlen(b) >= 40) {
			DT_ARRAY_GROW(*out, alloc, n + 1);
			memcpy((*out)[n].old_hex, a, sizeof(a));
			memcpy((*out)[n].new_hex, b, sizeof(b));
			n++;
		} else if (l && err) {
			fprintf(err,
			        "diarist: warning: post-rewrite: ignored a line that is not "
			        "\"old new\": %.80s\n",
			        line);
		}
		free(line);
		p = nl ? nl + 1 : end;
	}
	return n;
}

static void pending_path(dt_buf *out, dt_repo *repo)
{
	dt_path_join(out, dt_repo_gitdir(repo), "diarist/rewrite-pending");
}

/* Rewrites put off while git had an autostash to re-apply: do them now. */
static void apply_pending(dt_recorder *rc)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	dt_rewrite *map = NULL;
	int changed = 0;

	pending_path(&path, rc->repo);
	if (dt_file_read(&text, path.ptr, DT_FILE_MAX) == 0) {
		size_t n = parse_pairs(&map, text.ptr, text.size, NULL);
		if (n)
			dt_recorder_rewrite(rc, map, n, &changed);
		unlink(path.ptr);
	}
	dt_error_clear();
	free(map);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

/* git re-applies an autostash after post-rewrite: the work tree's diary
 * is not yet the one to rewrite (its newest records may sit in the
 * stash), so keep the pairs for the next hook run. */
static int defer_if_autostash(dt_repo *repo, dt_context *ctx, const char *input, size_t len,
                              FILE *err)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int deferred = 0;

	if (!dt_gitenv_has(&ctx->env, "rebase-merge/autostash") &&
	    !dt_gitenv_has(&ctx->env, "rebase-apply/autostash"))
		return 0;
	pending_path(&path, repo);
	if (dt_file_read(&text, path.ptr, DT_FILE_MAX) < 0)
		dt_buf_clear(&text);
	dt_error_clear();
	dt_buf_put(&text, input, len);
	if (len && input[len - 1] != '\n')
		dt_buf_putc(&text, '\n');
	{
		char *dir = dt_xstrdup(path.ptr);
		*strrchr(dir, '/') = '\0';
		if (dt_mkdir_p(dir) == 0 &&
		    dt_file_write_atomic(path.ptr, text.ptr, text.size, 0666) == 0) {
			fprintf(err,
			        "diarist: note: git re-applies an autostash after this rebase; "
			        "recorded hashes are rewritten at the next commit (or by "
			        "'diarist record')\n");
			deferred = 1;
		}
		free(dir);
	}
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return deferred;
}

int dt_post_rewrite(const char *kind, const char *input, size_t len, FILE *out, FILE *err)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	dt_rewrite *map = NULL;
	size_t n;
	int changed = 0;

	(void)kind;
	n = parse_pairs(&map, input, len, err);
	if (!n || open_all(&ctx, &repo, NULL, err))
		goto done;
	if (defer_if_autostash(repo, &ctx, input, len, err))
		goto done;
	dt_recorder_init(&rc, &ctx, repo, out, err);
	apply_pending(&rc);
	dt_recorder_rewrite(&rc, map, n, &changed);
done:
	free(map);
	if (n)
		close_all(&ctx, repo);
	return 0;
}

void dt_post_apply_pending(dt_context *ctx, dt_repo *repo, FILE *out, FILE *err)
{
	dt_recorder rc;
	dt_recorder_init(&rc, ctx, repo, out, err);
	apply_pending(&rc);
}
