/*
 * diaries.h - which files of a ticket folder are its diaries (SPEC §1.5).
 *
 * Every file of the folder that a diary.files glob matches is a diary: all
 * of them count for "is this commit recorded" and are checked by the
 * rules. The writer writes into one of them, the first in the order below.
 *
 * The choice is pure: a listing goes in, the diaries come out. The two
 * ways of listing a folder stay apart so that the per-commit hooks never
 * pull in libgit2: the work tree is listed here (dt_diaries_find), a
 * commit's tree in odb.c (dt_odb_diaries). Both leave out folders that
 * are tickets of their own (a folder holding index.md inside a ticket
 * folder): their files are that ticket's.
 */
#ifndef DT_DIARIES_H
#define DT_DIARIES_H

#include "buf.h"
#include "config.h"

/* Folders deeper than this below a ticket folder are not listed. */
#define DT_DIARIES_MAX_DEPTH 8

/* Is `text` the frontmatter of a file titled "Diary"? */
int dt_diaries_titled(const char *text, size_t len, const char *path);

/* The diaries among `files` (paths relative to the ticket folder), as
 * copies appended to `out`: first the writer's (the first glob of
 * diary.files with a match; among several matches of it the one titled
 * "Diary", asked of `titled`, else the lowest numeric prefix, else the
 * first path in byte order), then the other matches of the globs, each
 * once, in the order of the globs and then of their paths. `titled` is
 * only asked when a glob has several matches. Returns how many. */
size_t dt_diaries_select(dt_strvec *out, const dt_strvec *files, const dt_config *cfg,
                         int (*titled)(void *payload, const char *rel), void *payload);

/* The diaries of the work-tree ticket folder `ticket_dir` (absolute): its
 * .md files and its subfolders' (names starting with '.' and nested
 * ticket folders left out) that the globs choose, as absolute paths
 * appended to `out`, the writer's first. Returns how many (0 when the
 * folder has none). */
size_t dt_diaries_find(dt_strvec *out, const char *ticket_dir, const dt_config *cfg);

#endif
