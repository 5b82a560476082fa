/*
 * posthooks.h - post-commit and post-rewrite (SPEC §4), shared by the hook
 * programs and the tests. Both never fail the work: the commit has
 * happened. Output (one line per ticket) goes to `out`, warnings to `err`.
 */
#ifndef DT_POSTHOOKS_H
#define DT_POSTHOOKS_H

#include <stdio.h>

/* post-commit: record HEAD (or, after an amend, move the old record to the
 * new commit). While a rebase runs, or a cherry-pick or revert has more
 * commits to pick, the work tree is left alone: a commit the user made is
 * noted in the git dir and recorded when git is done. Always returns 0. */
int dt_post_commit(FILE *out, FILE *err);

/* post-rewrite: `kind` is "amend" or "rebase"; `input` holds git's
 * "old new [extra]" lines. An "amend" during a rebase (squash, fixup,
 * reword, an amend at a stop) changes nothing: the final "rebase" list
 * has every rewrite. Always returns 0. */
int dt_post_rewrite(const char *kind, const char *input, size_t len, FILE *out, FILE *err);

/* Work the hooks put off while git was busy (kept in <gitdir>/diarist/):
 * rewrites and records that post-rewrite held back while git had an
 * autostash to re-apply, and commits made during a cherry-pick or revert
 * of several commits (when no rebase runs). Done by the next post-commit,
 * post-rewrite or `diarist record`. */
#include "context.h"
#include "history.h"
void dt_post_apply_pending(dt_context *ctx, dt_repo *repo, FILE *out, FILE *err);

#endif
