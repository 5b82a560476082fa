/*
 * lockfile.h - changing a file in place safely (SPEC §4.3, §7).
 *
 * dt_file_update() takes "<file>.lock" (created exclusively, like git's
 * index.lock, and held with flock while it lives), reads the file, asks
 * the caller for the new text, writes it into the lock file, fsyncs, and
 * renames the lock over the file: a writer killed at any point leaves the
 * file as it was or as intended, plus at most a stale lock. When the file changed between the read
 * and the write (an editor, say), it starts again; it never writes a merge of two versions. A lock
 * left by a process that is gone is reported and removed. A file whose
 * real path leaves the work tree (a symbolic link out of it) is refused.
 */
#ifndef DT_LOCKFILE_H
#define DT_LOCKFILE_H

#include <stdio.h>
#include "buf.h"

/* Compute the new text of a file from its current text. Return 0 with
 * `out` filled (equal text means "no change"), or a negative code. */
typedef int (*dt_update_fn)(dt_buf *out, const char *data, size_t len, void *payload);

/* Update `path` (which must exist unless `create` is set; then an absent
 * file reads as empty). `worktree` bounds where the real path may lead.
 * Notes (a stale lock removed) go to `note` (may be NULL). *changed tells
 * whether the file was written. Returns 0, DT_ELOCKED (another process
 * held the lock for too long), DT_EINVALID (refused: outside the work
 * tree, or fn's error), DT_ETOOBIG, DT_EIO. */
int dt_file_update(const char *path, const char *worktree, int create, dt_update_fn fn,
                   void *payload, int *changed, FILE *note);

/* The longest dt_file_update waits for a live lock holder, in ms. */
#define DT_LOCK_WAIT_MS 3000

#endif
