/*
 * config.h - .diarist.yaml (SPEC §1.6) and the docs root (§1.1).
 *
 * The file is optional; every key has a default. Unknown keys and values
 * of the wrong type are errors naming file, line and column, so that a
 * typo never silently disables a rule. Patterns are compiled at load.
 */
#ifndef DT_CONFIG_H
#define DT_CONFIG_H

#include "buf.h"
#include "regex.h"
#include "ruleset.h"

#define DT_CONFIG_FILE ".diarist.yaml"

typedef enum { DT_FROM_BRANCH_TRAILER, DT_FROM_BRANCH_OFF } dt_from_branch;
typedef enum { DT_NEW_COMMIT_NEW_STEP, DT_NEW_COMMIT_LAST_STEP } dt_new_commit;
typedef enum { DT_ON_ERROR_CLOSED, DT_ON_ERROR_OPEN } dt_on_error;

/* A repository of `repos:`, whose commits diaries cite (SPEC §1.5). */
typedef struct {
	char *name;  /* as written */
	char *path;  /* as written, or NULL for ~ (nothing to verify in) */
	char *abs;   /* path made absolute by dt_config_check_repos, else NULL */
	char *where; /* "file:LINE:COL" of the path (of the name for ~) */
} dt_config_repo;

typedef struct {
	char *path;                 /* the file read, or NULL when there is none */
	char *root;                 /* `root:` as written, or NULL */
	size_t root_line, root_col; /* where root: was written */
	char *since;                /* `since:` as written, or NULL */
	dt_config_repo *repos;      /* `repos:`, in the order written */
	size_t repo_count;
	dt_strvec repo_names; /* their names, same order (dt_diary_mark_repos) */
	int ticket_require;
	dt_strvec patterns;    /* ticket.patterns, as written */
	dt_regex **pattern_re; /* compiled, same order */
	size_t pattern_count;  /* entries in pattern_re */
	dt_strvec exempt;
	dt_regex **exempt_re;
	size_t exempt_count;
	dt_strvec patterns_where, exempt_where; /* "file:line:col: key[i]" per item */
	dt_from_branch from_branch;
	dt_strvec diary_files;
	dt_new_commit new_commit;
	dt_strvec bookkeeping;
	char *evidence_command;
	dt_strvec push_branches;
	dt_level levels[DT_RULE__COUNT];
	dt_on_error on_internal_error;
} dt_config;

/* Defaults only (no file). */
dt_config *dt_config_new(void);

/* Load `<worktree>/.diarist.yaml` when it exists, else defaults, and
 * check its repos: (dt_config_check_repos).
 * Returns 0, or DT_ECONFIG with "file:line:col: ..." kept aside; then *out
 * still holds the defaults with hooks.on_internal_error read when it could
 * be, so that the caller can honour it. */
int dt_config_load(dt_config **out, const char *worktree);

/* Parse a config text (tests). The paths of repos: are not looked at. */
int dt_config_parse(dt_config *cfg, const char *text, size_t len, const char *path);

/* Resolve the paths of repos: into their `abs`: relative to the top of the
 * work tree `worktree`, a leading "~/" standing for $HOME, absolute ones
 * as they are. Each must be a git repository, a work tree (holding .git)
 * or a bare one. Returns 0, or DT_ECONFIG with "file:line:col: ..." of
 * the first that is not. */
int dt_config_check_repos(dt_config *cfg, const char *worktree);

/* The repos: entry called `name` (ignoring case), or NULL. */
const dt_config_repo *dt_config_repo_named(const dt_config *cfg, const char *name);

/* The docs root, absolute, into `out`: root: of the config (relative to the
 * work tree), else root: of the nearest .ttmp.yaml between `cwd` and the
 * work tree (relative to that file's folder), else <worktree>/ttmp.
 * Returns 0, or DT_ECONFIG for an unreadable .ttmp.yaml. Sets *explicit to
 * 1 when the root came from a file. */
int dt_config_root(dt_buf *out, int *explicit_root, const dt_config *cfg, const char *worktree,
                   const char *cwd);

/* Does `subject` match one of ticket.exempt? 1, 0, or DT_ERROR (a pattern
 * hit its match limit). */
int dt_config_exempt(const dt_config *cfg, const char *subject);

void dt_config_free(dt_config *cfg);

#endif
