/*
 * gitenv.h - where the repository is, found without libgit2.
 *
 * Hooks that need no objects (commit-msg) must not pay for libgit2's
 * initialisation, so this module follows git's own discovery rules on
 * the file system: GIT_DIR / GIT_WORK_TREE / GIT_COMMON_DIR from the
 * environment (git sets them for hooks in linked worktrees), else a walk
 * up from the current folder to a ".git" folder or "gitdir:" file.
 */
#ifndef DT_GITENV_H
#define DT_GITENV_H

typedef struct {
	char *gitdir;    /* absolute; the per-worktree git dir */
	char *commondir; /* absolute; shared objects, refs, config */
	char *worktree;  /* absolute; NULL for a bare repository */
} dt_gitenv;

#define DT_GITENV_INIT                                                                             \
	{                                                                                          \
		NULL, NULL, NULL                                                                   \
	}

/* Discover from `cwd` (NULL: the current folder). Returns 0 or
 * DT_ENOTFOUND ("not a git repository"). */
int dt_gitenv_discover(dt_gitenv *out, const char *cwd);

/* The branch HEAD names ("task/vm-022-x", without refs/heads/), or the
 * branch being rebased while a rebase is in progress. *out is NULL when
 * HEAD is detached. Returns 0 or DT_EIO. */
int dt_gitenv_branch(char **out, const dt_gitenv *env);

/* 1 when `name` (e.g. "MERGE_HEAD", "rebase-merge") exists in the git dir. */
int dt_gitenv_has(const dt_gitenv *env, const char *name);

void dt_gitenv_dispose(dt_gitenv *env);

#endif
