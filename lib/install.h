/*
 * install.h - putting diarist's hooks into a repository (SPEC §6 install).
 *
 * The hooks folder is git's own answer to `git rev-parse --git-path hooks`
 * (core.hooksPath and linked worktrees included). Each hook is a symbolic
 * link to diarist's hook program. A hook that was there before and is not
 * diarist's is kept as "<name>.diarist-chained" and run first by ours;
 * uninstalling puts it back. A core.hooksPath owned by husky, lefthook or
 * pre-commit is left alone unless forced.
 */
#ifndef DT_INSTALL_H
#define DT_INSTALL_H

#include <stdio.h>

#define DT_CHAIN_SUFFIX ".diarist-chained"
#define DT_HOOK_MARKER "@(#)diarist hook program"

typedef struct {
	int force;
	int uninstall;
	const char *hook_dir;     /* where diarist's hook programs are */
	const char *const *hooks; /* names to install, NULL-terminated */
} dt_install_opts;

/* Install or uninstall in the repository of the current folder, reporting
 * to `out`. Returns 0, 1 (refused: another manager owns the hooks),
 * or a negative code with a message. */
int dt_install_run(const dt_install_opts *opts, FILE *out);

/* Which manager owns `hooks_path` ("husky", "lefthook", "pre-commit"),
 * or NULL. `worktree` may be NULL. */
const char *dt_install_detect_manager(const char *hooks_path, const char *worktree);

/* Is the file at `path` (a link or a copy) one of diarist's hooks? */
int dt_install_is_ours(const char *path);

#endif
