/*
 * gitconfig.h - git's configuration, read without libgit2.
 *
 * commit-msg needs core.commentChar and nothing else from the repository,
 * so it reads git's config files itself, in git's order: system, global
 * (XDG, then ~/.gitconfig), the repository's, the worktree's (with
 * extensions.worktreeConfig), then GIT_CONFIG_PARAMETERS and
 * GIT_CONFIG_COUNT from the environment (`git -c`). include.path and
 * includeIf "gitdir:", "gitdir/i:" and "onbranch:" are followed.
 */
#ifndef DT_GITCONFIG_H
#define DT_GITCONFIG_H

#include "gitenv.h"

typedef struct dt_gitconfig dt_gitconfig;

/* Load every file that applies to `env` (env may be NULL: no repository
 * files). Unreadable files are skipped as git does; a file that cannot be
 * parsed is an error naming its file and line (DT_EINVALID). */
int dt_gitconfig_load(dt_gitconfig **out, const dt_gitenv *env);

/* Parse one file's text into `cfg` (used by load and by tests). */
int dt_gitconfig_parse(dt_gitconfig *cfg, const char *text, const char *path, int depth);
dt_gitconfig *dt_gitconfig_new(void);

/* The last value of `key` ("core.commentchar"; section and name are
 * case-insensitive), or NULL. A key written without "= value" reads "true". */
const char *dt_gitconfig_get(const dt_gitconfig *cfg, const char *key);
/* git's boolean: 1, 0, or `dflt` when unset or not a boolean. */
int dt_gitconfig_bool(const dt_gitconfig *cfg, const char *key, int dflt);
void dt_gitconfig_free(dt_gitconfig *cfg);

#endif
