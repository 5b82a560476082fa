#include "posthooks.h"
#include "common.h"
#include "context.h"
#include "fileio.h"
#include "history.h"
#include "recorder.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * While git rebases, or cherry-picks or reverts several commits, the work
 * tree is git's: the next pick may change a diary, and a diary the hooks
 * had edited would stop it ("your local changes would be overwritten").
 * So the hooks only take notes in the git dir then, and write when git is
 * done (SPEC §4.5):
 *   <gitdir>/diarist/new-commits      commits the user made meanwhile (an
 *                                     exec line, an edit stop, the picks of
 *                                     a cherry-pick): "hex stop from"
 *   <gitdir>/diarist/rewrite-pending  work put off while git had an
 *                                     autostash to re-apply: "old new" and
 *                                     "record hex" lines, done in order
 */
#define NEW_COMMITS "new-commits"
#define PENDING "rewrite-pending"

enum { IDLE, REBASING, PICKING };

/* 1 when sequencer/todo (a cherry-pick or revert of several commits) has
 * a command after the current one: until its commit is made, the commit
 * being picked is the file's first line. */
static int sequence_continues(dt_repo *repo)
{
	dt_buf path = DT_BUF_INIT, todo = DT_BUF_INIT;
	size_t commands = 0;

	dt_path_join(&path, dt_repo_gitdir(repo), "sequencer/todo");
	if (dt_file_read(&todo, path.ptr, DT_FILE_MAX) == 0) {
		const char *p = todo.ptr, *end = todo.ptr + todo.size;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p += strspn(p, " \t");
			if (p < end && *p != '\n' && *p != '#')
				commands++;
			p = nl ? nl + 1 : end;
		}
	}
	dt_error_clear();
	dt_buf_dispose(&path);
	dt_buf_dispose(&todo);
	return commands > 1;
}

static int git_state(dt_repo *repo)
{
	if (dt_repo_rebasing(repo))
		return REBASING;
	return sequence_continues(repo) ? PICKING : IDLE;
}

/* Open the repository; 1 when there is nothing to do. */
static int open_repo(dt_context *ctx, dt_repo **repo, FILE *err)
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
	return 0;
}

/* The tickets, for a hook that writes; 1 when they cannot be read. */
static int load_tickets(dt_context *ctx, FILE *err)
{
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

static void state_path(dt_buf *out, dt_repo *repo, const char *name)
{
	dt_buf rel = DT_BUF_INIT;
	dt_path_join(&rel, "diarist", name);
	dt_path_join(out, dt_repo_gitdir(repo), rel.ptr);
	dt_buf_dispose(&rel);
}

/* Add lines to one of the state files. Returns 0 or a negative code. */
static int state_append(dt_repo *repo, const char *name, const char *text, size_t len)
{
	dt_buf path = DT_BUF_INIT, data = DT_BUF_INIT;
	char *dir;
	int error;

	state_path(&path, repo, name);
	if (dt_file_read(&data, path.ptr, DT_FILE_MAX) < 0)
		dt_buf_clear(&data);
	dt_error_clear();
	dt_buf_put(&data, text, len);
	if (len && text[len - 1] != '\n')
		dt_buf_putc(&data, '\n');
	dir = dt_xstrdup(path.ptr);
	*strrchr(dir, '/') = '\0';
	error = dt_mkdir_p(dir);
	if (!error)
		error = dt_file_write_atomic(path.ptr, data.ptr, data.size, 0666);
	free(dir);
	dt_buf_dispose(&path);
	dt_buf_dispose(&data);
	return error;
}

/* Take a state file (it is removed): 1 when there was one. */
static int state_take(dt_buf *out, dt_repo *repo, const char *name)
{
	dt_buf path = DT_BUF_INIT;
	int found;

	dt_buf_clear(out);
	state_path(&path, repo, name);
	found = dt_file_read(out, path.ptr, DT_FILE_MAX) == 0;
	if (found)
		unlink(path.ptr);
	dt_error_clear();
	dt_buf_dispose(&path);
	return found;
}

static int is_full_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return (n == 40 || n == 64) && !s[n];
}

/* git's "old new [extra]" lines into pairs; other lines are reported
 * (when `err` is given). */
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
		if (sscanf(line, "%64s %64s", a, b) == 2 && is_full_hex(a) && is_full_hex(b)) {
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

/* A commit the user made while git was busy: its id; the commit an edit
 * stop stopped at (rebase-merge/amend) when it was made at one, else "";
 * the commit it copies (CHERRY_PICK_HEAD) when it is a cherry-pick, else
 * "". Written as "hex stop from", "-" for "". */
typedef struct {
	char hex[DT_HEX_MAX];
	char stop[DT_HEX_MAX];
	char from[DT_HEX_MAX];
} new_commit;

/* A full commit id kept in a file of the git dir (CHERRY_PICK_HEAD,
 * rebase-merge/amend): 1 when there is one. */
static int gitdir_hex(char out[DT_HEX_MAX], dt_repo *repo, const char *name)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int found = 0;

	out[0] = '\0';
	dt_path_join(&path, dt_repo_gitdir(repo), name);
	if (dt_file_read(&text, path.ptr, 256) == 0) {
		while (text.size &&
		       (text.ptr[text.size - 1] == '\n' || text.ptr[text.size - 1] == '\r'))
			dt_buf_truncate(&text, text.size - 1);
		if (is_full_hex(text.ptr)) {
			snprintf(out, DT_HEX_MAX, "%s", text.ptr);
			found = 1;
		}
	}
	dt_error_clear();
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return found;
}

static size_t parse_new_commits(new_commit **out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t n = 0, alloc = 0;

	*out = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = dt_xstrndup(p, nl ? (size_t)(nl - p) : (size_t)(end - p));
		char a[DT_HEX_MAX] = "", b[DT_HEX_MAX] = "", c[DT_HEX_MAX] = "";
		if (sscanf(line, "%64s %64s %64s", a, b, c) >= 1 && is_full_hex(a)) {
			DT_ARRAY_GROW(*out, alloc, n + 1);
			memcpy((*out)[n].hex, a, sizeof(a));
			snprintf((*out)[n].stop, DT_HEX_MAX, "%s", is_full_hex(b) ? b : "");
			snprintf((*out)[n].from, DT_HEX_MAX, "%s", is_full_hex(c) ? c : "");
			n++;
		}
		free(line);
		p = nl ? nl + 1 : end;
	}
	return n;
}

/* HEAD's commit id ("" when there is none). */
static void head_hex(char out[DT_HEX_MAX], dt_repo *repo)
{
	dt_commit head;
	out[0] = '\0';
	if (dt_repo_commit(&head, repo, "HEAD") == 0) {
		memcpy(out, head.hex, DT_HEX_MAX);
		dt_commit_dispose(&head);
	}
	dt_error_clear();
}

static void record_one(dt_recorder *rc, const char *hex)
{
	int recorded = 0;
	if (dt_recorder_commit(rc, hex, &recorded) < 0)
		fprintf(rc->err, "diarist: warning: %.7s: %s (not recorded)\n", hex,
		        dt_error_last());
	dt_error_clear();
}

/* A cherry-pick takes over the record of the commit it copies when that
 * one is not in HEAD's history: the picked diary commits brought the
 * record along, and it names a commit of another branch. 1 when there is
 * such a commit. */
static int picked_from_elsewhere(dt_repo *repo, const new_commit *c)
{
	return c->from[0] && strcmp(c->from, c->hex) && !dt_repo_is_ancestor(repo, c->from, c->hex);
}

/* Record commits the user made while git was busy, in their order (the
 * caller has kept only those in HEAD's history). */
static void record_commits(dt_recorder *rc, const new_commit *nc, size_t n)
{
	dt_rewrite *map = n ? dt_xcalloc(n, sizeof(*map)) : NULL;
	size_t k = 0;
	int changed = 0;

	for (size_t i = 0; i < n; i++)
		if (picked_from_elsewhere(rc->repo, &nc[i])) {
			memcpy(map[k].old_hex, nc[i].from, DT_HEX_MAX);
			memcpy(map[k].new_hex, nc[i].hex, DT_HEX_MAX);
			k++;
		}
	dt_error_clear();
	if (k)
		dt_recorder_rewrite(rc, map, k, &changed);
	for (size_t i = 0; i < n; i++)
		record_one(rc, nc[i].hex);
	free(map);
}

/* Work put off while git had an autostash to re-apply, in its order. */
static void apply_pending(dt_recorder *rc)
{
	dt_buf text = DT_BUF_INIT;
	dt_rewrite *map = NULL;
	size_t n = 0, alloc = 0;
	int changed = 0;

	if (state_take(&text, rc->repo, PENDING)) {
		const char *p = text.ptr, *end = text.ptr + text.size;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			char *line = dt_xstrndup(p, nl ? (size_t)(nl - p) : (size_t)(end - p));
			char a[DT_HEX_MAX] = "", b[DT_HEX_MAX] = "";
			if (sscanf(line, "record %64s", a) == 1 && is_full_hex(a)) {
				if (n)
					dt_recorder_rewrite(rc, map, n, &changed);
				n = 0;
				record_one(rc, a);
			} else if (sscanf(line, "%64s %64s", a, b) == 2 && is_full_hex(a) &&
			           is_full_hex(b)) {
				DT_ARRAY_GROW(map, alloc, n + 1);
				memcpy(map[n].old_hex, a, sizeof(a));
				memcpy(map[n].new_hex, b, sizeof(b));
				n++;
			}
			free(line);
			p = nl ? nl + 1 : end;
		}
		if (n)
			dt_recorder_rewrite(rc, map, n, &changed);
	}
	dt_error_clear();
	free(map);
	dt_buf_dispose(&text);
}

/* Commits made during a cherry-pick or revert of several commits (or
 * noted by a rebase that never finished): recorded once git is done; a
 * note of a commit that is no longer in HEAD's history is dropped. */
static void record_new_commits(dt_recorder *rc)
{
	dt_buf text = DT_BUF_INIT;
	new_commit *nc = NULL;
	char head[DT_HEX_MAX];
	size_t n = 0, k = 0;

	if (state_take(&text, rc->repo, NEW_COMMITS))
		n = parse_new_commits(&nc, text.ptr, text.size);
	if (n)
		head_hex(head, rc->repo);
	for (size_t i = 0; i < n; i++)
		if (dt_repo_is_ancestor(rc->repo, nc[i].hex, head))
			nc[k++] = nc[i];
	dt_error_clear();
	record_commits(rc, nc, k);
	free(nc);
	dt_buf_dispose(&text);
}

/* Did the rebase itself make HEAD? HEAD's reflog says what made it:
 * "rebase (pick): …", "pull --rebase (squash): …" for the rebase's own
 * commits; "commit: …", "commit (amend): …", "cherry-pick: …" for those
 * the user made meanwhile (an exec line, an edit or break stop). */
static int made_by_rebase(const char *msg)
{
	static const char *const steps[] = {"pick",  "reword",   "edit", "squash",
	                                    "fixup", "continue", "merge"};
	const char *colon = strstr(msg, ": ");
	size_t n = colon ? (size_t)(colon - msg) : strlen(msg);
	const char *open;

	if (!strncmp(msg, "commit", 6) || n < 3 || msg[n - 1] != ')')
		return 0;
	for (open = msg + n - 1; open > msg && *open != '('; open--)
		;
	if (*open != '(')
		return 0;
	for (size_t i = 0; i < DT_ARRAY_SIZE(steps); i++)
		if (strlen(steps[i]) == (size_t)(msg + n - 1 - open - 1) &&
		    !strncmp(open + 1, steps[i], strlen(steps[i])))
			return 1;
	return 0;
}

/* post-commit while git is busy: note HEAD when the user made it (a
 * rebase's own picks are in its final post-rewrite list). */
static void note_new_commit(dt_repo *repo, int state, FILE *err)
{
	dt_buf msg = DT_BUF_INIT, line = DT_BUF_INIT;
	char old[DT_HEX_MAX], stop[DT_HEX_MAX], from[DT_HEX_MAX];
	dt_commit head;

	if (state == REBASING &&
	    (dt_repo_head_reflog(&msg, old, repo) < 0 || made_by_rebase(msg.ptr)))
		goto cleanup;
	if (dt_repo_commit(&head, repo, "HEAD") < 0) {
		fprintf(err, "diarist: warning: %s (HEAD will not be recorded)\n", dt_error_last());
		goto cleanup;
	}
	if (state != REBASING || !gitdir_hex(stop, repo, "rebase-merge/amend"))
		snprintf(stop, sizeof(stop), "-");
	if (!gitdir_hex(from, repo, "CHERRY_PICK_HEAD"))
		snprintf(from, sizeof(from), "-");
	dt_buf_printf(&line, "%s %s %s\n", head.hex, stop, from);
	if (state_append(repo, NEW_COMMITS, line.ptr, line.size) < 0)
		fprintf(err, "diarist: warning: %s (%.7s will not be recorded)\n", dt_error_last(),
		        head.hex);
	dt_commit_dispose(&head);
cleanup:
	dt_error_clear();
	dt_buf_dispose(&msg);
	dt_buf_dispose(&line);
}

int dt_post_commit(FILE *out, FILE *err)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	dt_buf msg = DT_BUF_INIT;
	char old[DT_HEX_MAX];
	dt_commit head;
	int recorded = 0, state;

	if (open_repo(&ctx, &repo, err))
		goto done;
	/* during a rebase git runs post-commit for picks whose hashes the
	 * rebase rewrites again: post-rewrite records those, and the commits
	 * noted here */
	if ((state = git_state(repo)) != IDLE) {
		note_new_commit(repo, state, err);
		goto done;
	}
	dt_repo_prefetch(repo, "HEAD");
	if (load_tickets(&ctx, err))
		goto done;
	dt_recorder_init(&rc, &ctx, repo, out, err);
	apply_pending(&rc);
	record_new_commits(&rc);
	if (dt_repo_head_reflog(&msg, old, repo) == 0) {
		if (!strncmp(msg.ptr, "rebase", 6))
			goto done;
		if (!strncmp(msg.ptr, "commit (amend)", 14) && old[0]) {
			/* move the amended commit's record in place */
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
	{
		/* a cherry-pick: the record of the commit it copies, when the
		 * picked diary commits brought it here, becomes its record */
		new_commit self = {"", "", ""};
		if (gitdir_hex(self.from, repo, "CHERRY_PICK_HEAD") &&
		    dt_repo_commit(&head, repo, "HEAD") == 0) {
			memcpy(self.hex, head.hex, DT_HEX_MAX);
			dt_commit_dispose(&head);
			record_commits(&rc, &self, 1);
			goto done;
		}
		dt_error_clear();
	}
	if (dt_recorder_commit(&rc, "HEAD", &recorded) < 0)
		fprintf(err, "diarist: warning: %s (nothing recorded)\n", dt_error_last());
done:
	dt_buf_dispose(&msg);
	close_all(&ctx, repo);
	return 0;
}

static int new_side(const dt_rewrite *map, size_t n, const char *hex, size_t except)
{
	for (size_t m = 0; m < n; m++)
		if (m != except && !strcmp(map[m].new_hex, hex))
			return 1;
	return 0;
}

static const new_commit *find_new(const new_commit *nc, size_t n, const char *hex)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(nc[i].hex, hex))
			return &nc[i];
	return NULL;
}

/* At an edit stop git maps the commit it stopped at to whatever HEAD is
 * at `rebase --continue`. When the user committed on top of the stopped
 * commit, that commit is still old's rewrite and the user's commits are
 * new; when the user amended (or reset and committed again), the first
 * of them is old's rewrite and the rest are new. `nc` are the commits the
 * user made during the rebase. */
static void fix_stops(dt_rewrite *map, size_t n, dt_repo *repo, const new_commit *nc, size_t nn)
{
	for (size_t m = 0; m < n; m++) {
		const new_commit *at = find_new(nc, nn, map[m].new_hex);
		char first[DT_HEX_MAX], base[DT_HEX_MAX] = "";
		if (!at)
			continue;
		snprintf(first, sizeof(first), "%s", at->hex);
		for (size_t guard = 0; guard <= nn; guard++) {
			const new_commit *up;
			dt_commit c;
			if (dt_repo_commit(&c, repo, first) < 0) {
				dt_error_clear();
				base[0] = '\0';
				break;
			}
			snprintf(base, sizeof(base), "%s", c.parent);
			dt_commit_dispose(&c);
			up = find_new(nc, nn, base);
			if (!up || new_side(map, n, base, m))
				break;
			snprintf(first, sizeof(first), "%s", up->hex);
			at = up;
		}
		if (at->stop[0] && !strcmp(base, at->stop))
			snprintf(map[m].new_hex, sizeof(map[m].new_hex), "%s", base);
		else
			snprintf(map[m].new_hex, sizeof(map[m].new_hex), "%s", first);
	}
}

/* Keep, at the front of `nc`, the commits the user made during the
 * rebase that are in its result and are no rewrite of an older commit:
 * recorded like post-commit would. Returns how many. */
static size_t commits_to_record(new_commit *nc, size_t nn, const dt_rewrite *map, size_t n,
                                dt_repo *repo)
{
	char head[DT_HEX_MAX];
	size_t k = 0;

	if (nn)
		head_hex(head, repo);
	for (size_t i = 0; i < nn; i++) {
		int seen = 0;
		for (size_t j = 0; j < k; j++)
			seen |= !strcmp(nc[j].hex, nc[i].hex);
		if (seen || new_side(map, n, nc[i].hex, (size_t)-1) ||
		    !dt_repo_is_ancestor(repo, nc[i].hex, head))
			continue;
		nc[k++] = nc[i];
	}
	dt_error_clear();
	return k;
}

/* git re-applies an autostash after post-rewrite: the work tree's diary
 * is not yet the one to rewrite (its newest records may sit in the
 * stash), so keep the work for the next hook run. */
static int defer_if_autostash(dt_repo *repo, dt_context *ctx, const dt_rewrite *map, size_t n,
                              const new_commit *rec, size_t nrec, FILE *err)
{
	dt_buf text = DT_BUF_INIT;
	int deferred = 0;

	if (!dt_gitenv_has(&ctx->env, "rebase-merge/autostash") &&
	    !dt_gitenv_has(&ctx->env, "rebase-apply/autostash"))
		return 0;
	for (size_t m = 0; m < n; m++)
		dt_buf_printf(&text, "%s %s\n", map[m].old_hex, map[m].new_hex);
	for (size_t i = 0; i < nrec; i++) {
		if (picked_from_elsewhere(repo, &rec[i]))
			dt_buf_printf(&text, "%s %s\n", rec[i].from, rec[i].hex);
		dt_buf_printf(&text, "record %s\n", rec[i].hex);
	}
	if (state_append(repo, PENDING, text.ptr, text.size) == 0) {
		fprintf(err, "diarist: note: git re-applies an autostash after this rebase; "
		             "recorded hashes are rewritten at the next commit (or by "
		             "'diarist record')\n");
		deferred = 1;
	}
	dt_error_clear();
	dt_buf_dispose(&text);
	return deferred;
}

int dt_post_rewrite(const char *kind, const char *input, size_t len, FILE *out, FILE *err)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	dt_rewrite *map = NULL;
	new_commit *nc = NULL;
	dt_buf notes = DT_BUF_INIT;
	size_t n, nn = 0, nrec = 0;
	int changed = 0, state, final = !strcmp(kind, "rebase");

	n = parse_pairs(&map, input, len, err);
	if (!n || open_repo(&ctx, &repo, err))
		goto done;
	state = git_state(repo);
	/* git runs post-rewrite "amend" for every squash, fixup and reword of
	 * a rebase, and for an amend at one of its stops: the final "rebase"
	 * list has them all */
	if (!final && state == REBASING)
		goto done;
	if (!final && state == PICKING) {
		/* an amend in the middle of a cherry-pick: its last commit does it */
		dt_buf text = DT_BUF_INIT;
		for (size_t m = 0; m < n; m++)
			dt_buf_printf(&text, "%s %s\n", map[m].old_hex, map[m].new_hex);
		if (state_append(repo, PENDING, text.ptr, text.size) < 0)
			fprintf(err, "diarist: warning: %s (hashes not rewritten)\n",
			        dt_error_last());
		dt_buf_dispose(&text);
		goto done;
	}
	if (final) {
		if (state_take(&notes, repo, NEW_COMMITS))
			nn = parse_new_commits(&nc, notes.ptr, notes.size);
		fix_stops(map, n, repo, nc, nn);
		nrec = commits_to_record(nc, nn, map, n, repo);
	}
	if (defer_if_autostash(repo, &ctx, map, n, nc, nrec, err))
		goto done;
	if (load_tickets(&ctx, err))
		goto done;
	dt_recorder_init(&rc, &ctx, repo, out, err);
	apply_pending(&rc);
	if (!final)
		record_new_commits(&rc);
	dt_recorder_rewrite(&rc, map, n, &changed);
	record_commits(&rc, nc, nrec);
done:
	free(map);
	free(nc);
	dt_buf_dispose(&notes);
	if (n)
		close_all(&ctx, repo);
	return 0;
}

void dt_post_apply_pending(dt_context *ctx, dt_repo *repo, FILE *out, FILE *err)
{
	dt_recorder rc;
	dt_recorder_init(&rc, ctx, repo, out, err);
	apply_pending(&rc);
	if (git_state(repo) == IDLE)
		record_new_commits(&rc);
}
