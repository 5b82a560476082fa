/*
 * glob.h - path globs with "**" (diary.files, diary.bookkeeping).
 *
 * "*" and "?" and "[...]" match within one path segment (fnmatch with
 * FNM_PATHNAME); a whole "**" segment matches any number of segments,
 * zero included: "**" + "/" + "*diary*.md" matches "01-diary.md" and
 * "reference/01-diary.md".
 */
#ifndef DT_GLOB_H
#define DT_GLOB_H

/* 1 when `path` (relative, '/'-separated) matches `pattern`, else 0. */
int dt_glob_match(const char *pattern, const char *path);

#endif
