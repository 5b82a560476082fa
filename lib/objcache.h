/*
 * objcache.h - what was worked out from git objects, kept across runs.
 *
 * What diarist reads out of a blob (a tasks.md's tasks, a diary's step
 * headings) or works out from a commit (the files it changed) is the same
 * every time for the same object id: a file in the git dir keeps it, as
 * (kind, object id) -> bytes the caller encodes, so the next run reads it
 * instead of inflating and diffing the objects again.
 *
 * The file is read whole when opened and written whole, atomically, when
 * something was added. A file that is damaged, of another format or of
 * another scope (what the caller's facts depend on, such as the docs
 * root) is not used, and is replaced at the next save. The cache is an
 * optimisation only: none of its errors reaches the caller, and a caller
 * that cannot decode what it gets works the thing out afresh.
 */
#ifndef DT_OBJCACHE_H
#define DT_OBJCACHE_H

#include <stddef.h>

typedef struct dt_objcache dt_objcache;

/* The cache kept in file `path` for `scope` (one line of text; a version
 * of what the caller encodes belongs in it). Never NULL: a file that does
 * not exist or cannot be used gives an empty cache; a NULL path (or a
 * scope of several lines) one that is never saved. */
dt_objcache *dt_objcache_open(const char *path, const char *scope);

/* The bytes kept for (kind, hex): 1 and *data, *len (valid until the
 * next put or the free; not NUL-terminated), or 0. kind is a letter; hex a full
 * object id in lower case. */
int dt_objcache_get(dt_objcache *c, char kind, const char *hex, const char **data, size_t *len);

/* Keep `len` bytes for (kind, hex), replacing what it had. */
void dt_objcache_put(dt_objcache *c, char kind, const char *hex, const void *data, size_t len);

/* A yes or no kept for (kind, hex) as "1" or "0": 1 or 0; -1 when none
 * is kept (or anything else, or c is NULL). put_flag keeps one (nothing
 * when c is NULL). */
int dt_objcache_flag(dt_objcache *c, char kind, const char *hex);
void dt_objcache_put_flag(dt_objcache *c, char kind, const char *hex, int yes);

/* Write the file when something was put since it was read; past the size
 * limit only what was got or put since it was opened is written (and
 * nothing when that is still too much). Returns
 * 1 when written, 0 when there was nothing to write or it could not be
 * written. */
int dt_objcache_save(dt_objcache *c);

/* Entries held; entries got or put since opened (for tests). */
size_t dt_objcache_count(const dt_objcache *c);
size_t dt_objcache_used(const dt_objcache *c);

/* Another size limit than DT_OBJCACHE_MAX (for tests). */
void dt_objcache_limit(dt_objcache *c, size_t bytes);

void dt_objcache_free(dt_objcache *c);

/* The file's size limit (bytes): past it, save keeps only what was used. */
#define DT_OBJCACHE_MAX (64u * 1024u * 1024u)

#endif
