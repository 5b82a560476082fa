/*
 * workspace.h - finding the tickets under the docs root (SPEC §1.1-1.2).
 *
 * A ticket is a folder holding index.md, at any depth; folders whose name
 * starts with '_' or '.' are skipped. Tickets nest: a ticket folder is
 * searched for further tickets like any other folder (a ticket's own
 * YYYY/MM/DD/<ID>--<slug>/ folders, or <ID>--<slug>/ right inside it).
 * Symbolic links are not followed.
 *
 * Reading every index.md costs milliseconds on a large workspace, more
 * than commit-msg may spend (SPEC §10), so a scan can be saved to a cache
 * file in the git dir. The cache is trusted while no folder that holds
 * tickets has changed (folder mtimes): every folder outside the ticket
 * folders, and within a ticket folder those that hold a ticket at some
 * depth (the ticket folder itself included). The other folders within
 * tickets (reference/, scripts/ and the like) are not watched, which
 * would cost a stat each on every commit; so a ticket made inside a
 * ticket that held none leaves the cache trusted. Hence a caller that
 * acts on a cached ticket confirms it with dt_workspace_verify(), a
 * caller that finds no ticket for a ref it must resolve rescans
 * (dt_workspace_scan()) before it believes that, and so does a caller
 * about to refuse something.
 */
#ifndef DT_WORKSPACE_H
#define DT_WORKSPACE_H

#include "tickets.h"

/* Fill a ticket (whose `dir` is set) from the text of its index.md
 * (text NULL: unreadable; fm_error should then be set): ID, status, title,
 * LastUpdated, the folder-name fallback, closed. `path` names the file in
 * messages. */
void dt_ticket_from_index(dt_ticket *t, const char *text, size_t len, const char *path);

/* Scan `root` (absolute) and read every index.md. Broken frontmatter is
 * kept in the ticket's fm_error, not returned. `cache_path` may be NULL;
 * otherwise the result is saved there (best effort). Returns 0,
 * DT_ENOTFOUND when root is no folder, or DT_EIO. */
int dt_workspace_scan(dt_tickets *out, const char *root, const char *cache_path);

/* Load from the cache when it is still valid for `root`, else scan (and
 * save). *cached tells which happened. */
int dt_workspace_load(dt_tickets *out, const char *root, const char *cache_path, int *cached);

/* Fill in every field of a ticket loaded lazily from the cache (no-op for
 * others). dt_workspace_load() fills only id, status and closed, since
 * commit-msg needs the rest for the tickets a message names alone. */
void dt_workspace_complete(dt_ticket *t);

/* 1 when t's index.md is unchanged since it was read (same mtime and size),
 * 0 otherwise. */
int dt_workspace_verify(const dt_tickets *tk, const dt_ticket *t);

/* The cache file for a git dir, into out: <gitdir>/diarist/tickets.cache. */
void dt_workspace_cache_path(dt_buf *out, const char *gitdir);

#endif
