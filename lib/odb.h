/*
 * odb.h - reading pushed history through libgit2 (SPEC §5).
 *
 * pre-push and `diarist check` judge the files as they are in the pushed
 * tip's tree, not in the work tree, and walk only the pushed range; this
 * module gives them commits, ranges and tree contents. It pays for
 * libgit2's start-up (dt_odb_init, once per process), which the
 * commit-time hooks avoid (see history.h).
 */
#ifndef DT_ODB_H
#define DT_ODB_H

#include <stddef.h>
#include "buf.h"
#include "config.h"
#include "history.h"
#include "tickets.h"

typedef struct dt_odb dt_odb;

int dt_odb_init(void);
void dt_odb_shutdown(void);

/* Open the repository of the current folder (GIT_DIR as git sets it).
 * Returns 0, DT_ENOTFOUND, or DT_EIO. */
int dt_odb_open(dt_odb **out);
void dt_odb_free(dt_odb *o);

/* Open the repository at `path` (a work tree or a bare repository; no
 * search upwards, no GIT_DIR): another repository whose commits diaries
 * cite (repos: of the configuration). Returns 0, or DT_EIO. */
int dt_odb_open_at(dt_odb **out, const char *path);

/* 1 when the repository is shallow (some history is missing). */
int dt_odb_shallow(dt_odb *o);

/* Resolve a revision to a full hex commit id (tags are peeled).
 * DT_ENOTFOUND when there is no such commit. */
int dt_odb_resolve(char out[DT_HEX_MAX], dt_odb *o, const char *rev);

/* 1 when the object exists in the repository. */
int dt_odb_exists(dt_odb *o, const char *hex);

/* The commits reachable from `tip` and from none of `bases` (each a hex id,
 * or a ref glob ending with '*' such as refs/remotes/origin/ + '*'),
 * oldest first, as hex ids into `out`. Cost grows with the range. Unknown
 * base ids are an error (DT_ENOTFOUND) so that callers can fall back. */
int dt_odb_range(dt_strvec *out, dt_odb *o, const char *tip, const char *const *bases,
                 size_t nbases);

/* The text of `path` in commit `rev`'s tree. DT_ENOTFOUND when the path is
 * missing (or is a folder); DT_ETOOBIG over DT_FILE_MAX. */
int dt_odb_read(dt_buf *out, dt_odb *o, const char *rev, const char *path);

/* The entries of folder `path` ("" for the top) in commit `rev`'s tree:
 * their names appended to `names`, and for the i-th one appended 1 (folder)
 * or 0 (anything else) in (*is_dir)[i] (an array the caller frees).
 * DT_ENOTFOUND when the folder is missing. */
int dt_odb_list(dt_strvec *names, int **is_dir, dt_odb *o, const char *rev, const char *path);

/* The tickets as they are in commit `rev`'s tree under the docs root
 * `root` (relative to the top of the work tree, e.g. "ttmp"): the same
 * rules as dt_workspace_scan (index.md folders at any depth, inside other
 * ticket folders too, '_' and '.' folders skipped, the folder-name
 * fallback, broken frontmatter kept in fm_error with
 * "root/dir/index.md:line:col"). out->root is set to `root`.
 * DT_ENOTFOUND when the root is not in that tree. */
int dt_odb_tickets(dt_tickets *out, dt_odb *o, const char *rev, const char *root);

/* The commit `rev` (message, subject, author, tree, first parent, times;
 * not abbrev and paths). */
int dt_odb_commit(dt_commit *out, dt_odb *o, const char *rev);

/* git's abbreviation of an object id (core.abbrev, unique, >= 7). */
int dt_odb_abbrev(char out[DT_HEX_MAX], dt_odb *o, const char *hex);

/* The full id of the commit an abbreviated id names: DT_ENOTFOUND (no
 * object, or not a commit), DT_EAMBIGUOUS (several objects). */
int dt_odb_expand(char out[DT_HEX_MAX], dt_odb *o, const char *prefix);

/* The paths commit `rev` changes against its first parent (every file of
 * a root commit; nothing for a merge) under the folder `prefix` ("" for
 * all), relative to the top, appended to `out`. Folders whose tree ids
 * are equal are not entered, so the cost follows the change. */
int dt_odb_changed(dt_strvec *out, dt_odb *o, const char *rev, const char *prefix);

/* Call fn on every commit reachable from `tip` (each once, in no
 * particular order; a walk of the whole history that reads each commit
 * once). fn's non-zero return stops the walk and is returned. In a
 * shallow repository, the parents cut off are passed over. */
int dt_odb_walk(dt_odb *o, const char *tip, int (*fn)(const dt_commit *c, void *payload),
                void *payload);

/* The paths that differ under the folder `prefix` ("" for all) between
 * the trees of commits `from` (NULL: the empty tree) and `to`. */
int dt_odb_diff(dt_strvec *out, dt_odb *o, const char *from, const char *to, const char *prefix);

/* *yes = 1 when commit `rev` changes something and every path it changes
 * against its first parent is under the folder `prefix` (a merge: 0).
 * Reads only the trees along the prefix. */
int dt_odb_only_under(int *yes, dt_odb *o, const char *rev, const char *prefix);
/* The same for a commit's tree and its parent's (NULL: a root commit),
 * given by their ids: no commit is read. */
int dt_odb_only_under_trees(int *yes, dt_odb *o, const char *tree, const char *parent_tree,
                            const char *prefix);

/* For each full id in hexes[0..n): found[i] = 1 when that commit is an
 * ancestor of (or is) one of tips[0..ntips), else 0 (also for ids that
 * are no commit). One walk from the tips, newest first, that stops once
 * every commit asked for is found or the walk is a day older than the
 * oldest of them. */
int dt_odb_reachable(int *found, dt_odb *o, const char *const *tips, size_t ntips,
                     const char *const *hexes, size_t n);

/* The parents of a range's commits that are not in the range (where it
 * grew from), appended to `out` once each. */
int dt_odb_boundary(dt_strvec *out, dt_odb *o, const dt_strvec *range);

/* Trees and blobs by their full ids, with no commit read (the timelines,
 * timeline.h, compare the same folder across every commit of a history). */

/* The id of the entry at `path` ("" for the tree itself) of tree `tree`
 * into `out` ("" and DT_ENOTFOUND when there is none). */
int dt_odb_entry_id(char out[DT_HEX_MAX], dt_odb *o, const char *tree, const char *path);

/* A file that differs between two trees: its path and its blob ids on
 * both sides ("" where it is absent). */
typedef struct {
	char *path;
	char from[DT_HEX_MAX], to[DT_HEX_MAX];
} dt_odb_delta;

typedef struct {
	dt_odb_delta *items;
	size_t count, alloc;
} dt_odb_deltas;

/* The files that differ between trees `from` and `to` (NULL or "": the
 * empty tree), their paths prefixed with `dir` ("" for none), appended to
 * `out`. Folders whose ids are equal are not entered. */
int dt_odb_diff_trees(dt_odb_deltas *out, dt_odb *o, const char *from, const char *to,
                      const char *dir);
void dt_odb_deltas_dispose(dt_odb_deltas *d);

/* The content of blob `id`. DT_ETOOBIG over DT_FILE_MAX; DT_EIO when the
 * repository does not have it. */
int dt_odb_read_blob(dt_buf *out, dt_odb *o, const char *id);

/* Set the size of libgit2's cache of parsed objects (for the whole
 * process); returns the size it had. dt_odb_init makes it small, for the
 * resident size of a walk of all history; but once it is full, every
 * object read scans it to make room, which work that reads the same
 * objects again and again (the timelines) pays dearly for. */
size_t dt_odb_cache_limit(size_t bytes);

/* The diaries of the ticket folder `dir` (relative to the top) as they
 * are in commit `rev`'s tree, chosen as dt_diaries_find chooses them in
 * the work tree (the writer's first): their paths, relative to the top,
 * appended to `out`. Returns how many (0: none), or DT_EIO when the
 * repository is missing an object. */
int dt_odb_diaries(dt_strvec *out, dt_odb *o, const char *rev, const char *dir,
                   const dt_config *cfg);

#endif
