/*
 * context.h - the repository, its configuration and its docs root, found
 * once per process: what every hook and subcommand starts from.
 */
#ifndef DT_CONTEXT_H
#define DT_CONTEXT_H

#include "config.h"
#include "gitenv.h"
#include "refs.h"
#include "tickets.h"

typedef struct {
	dt_gitenv env;
	dt_config *cfg;  /* never NULL after dt_context_open, even on error */
	dt_buf root;     /* absolute docs root */
	int root_exists; /* the root folder exists */
	dt_tickets tk;
	int cached; /* tk came from the cache (see workspace.h) */
} dt_context;

/* Find the repository from the current folder, load .diarist.yaml and
 * resolve the docs root. Returns 0; DT_ENOTFOUND (no repository);
 * DT_ECONFIG (bad configuration, or .diarist.yaml names a root that does
 * not exist); a bare repository gives 0 with env.worktree NULL. */
int dt_context_open(dt_context *ctx);

/* Read every ticket under the root afresh (and save the cache in the git
 * dir for the next load). */
int dt_context_scan(dt_context *ctx);

/* Load the tickets through the cache in the git dir (see workspace.h);
 * sets ctx->cached. */
int dt_context_load(dt_context *ctx);

/* After resolving refs against a cached index: confirm the tickets they
 * name. When a named ticket changed on disk, or a ref (not a subject word)
 * resolved to nothing or several, or a subject word resolved to nothing
 * although its key ("NEST" of "NEST-104") begins some ticket's ID, the
 * index is read afresh and 1 is returned (resolve again); else 0. */
int dt_context_confirm(dt_context *ctx, const dt_refs *refs);

/* The exit status of SPEC §6.1 for an error code: 2 usage or
 * configuration, 3 a repository or file that could not be read. */
int dt_exit_code(int error);

void dt_context_dispose(dt_context *ctx);

#endif
