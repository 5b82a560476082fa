/*
 * history.h - what the hooks need of the repository's history.
 *
 * libgit2's initialisation costs several milliseconds on Debian's build
 * (it loads the system's CA bundle for HTTPS at every start), more than
 * post-commit may spend (SPEC §10), so this module asks `git` itself (one
 * process per commit looked at, cached) and reads the reflog and the git
 * dir directly. Hex strings at the interface. dt_history_init() is kept
 * for symmetry and costs nothing.
 */
#ifndef DT_HISTORY_H
#define DT_HISTORY_H

#include <stdint.h>
#include "buf.h"

#define DT_HEX_MAX 65 /* SHA-256 hex + NUL */

typedef struct dt_repo dt_repo;

typedef struct {
	char hex[DT_HEX_MAX];
	char tree[DT_HEX_MAX];
	char parent[DT_HEX_MAX]; /* first parent, "" for a root commit */
	size_t nparents;
	char *message;           /* raw message */
	char *subject;           /* first line */
	char *author;            /* "Name <email>" */
	char abbrev[DT_HEX_MAX]; /* git\'s abbreviation (core.abbrev, unique, >= 7) */
	dt_strvec paths;         /* changed against the first parent (none for merges) */
	int64_t author_time;
	int author_offset; /* minutes east of UTC */
	int64_t commit_time;
	int commit_offset; /* minutes east of UTC */
} dt_commit;

int dt_history_init(void);
void dt_history_shutdown(void);

/* Open the repository of the current folder (following GIT_DIR as git set
 * it for hooks). Returns 0, DT_ENOTFOUND or DT_EIO. */
int dt_repo_open(dt_repo **out);
void dt_repo_free(dt_repo *r);
const char *dt_repo_workdir(const dt_repo *r); /* with no trailing '/', NULL when bare */
const char *dt_repo_gitdir(const dt_repo *r);
const char *dt_repo_commondir(const dt_repo *r);

/* Resolve a revision ("HEAD", a hex prefix, "main~2") to a commit.
 * Returns 0, DT_ENOTFOUND. */
int dt_repo_commit(dt_commit *out, dt_repo *r, const char *rev);
void dt_commit_dispose(dt_commit *c);

/* Start looking up `rev` now, so that the `git` it takes runs while the
 * caller works; the next dt_repo_commit of the same `rev` takes its
 * answer. The revision must mean the same commit until then (post-commit:
 * "HEAD"). Returns 0 (a failure to start is reported by dt_repo_commit). */
int dt_repo_prefetch(dt_repo *r, const char *rev);

/* The shortest unique abbreviation of a commit, honouring core.abbrev
 * (at least 7). */
int dt_repo_abbrev(char out[DT_HEX_MAX], dt_repo *r, const char *hex);

/* The paths a commit changes against its first parent (or the empty tree). */
int dt_repo_changed_paths(dt_strvec *out, dt_repo *r, const dt_commit *c);

/* The newest entry of HEAD's reflog: its message and the old value. */
int dt_repo_head_reflog(dt_buf *msg, char old_hex[DT_HEX_MAX], dt_repo *r);

/* 1 when a rebase is in progress (rebase-merge/ or rebase-apply/). */
int dt_repo_rebasing(dt_repo *r);

/* The tree id of the index (written like `git write-tree`). */
int dt_repo_index_tree(char out[DT_HEX_MAX], dt_repo *r);

/* 1 when a tracked file has changes not in the index, leaving out the
 * folder `except` (relative to the work tree; may be NULL): the docs root,
 * whose diaries post-commit itself leaves unstaged after every commit. */
int dt_repo_unstaged(int *dirty, dt_repo *r, const char *except);

/* 1 when `ancestor` is an ancestor of (or equal to) `of`. */
int dt_repo_is_ancestor(dt_repo *r, const char *ancestor, const char *of);

#endif
