/*
 * regex.h - pcre2 (8-bit) behind diarist's conventions.
 *
 * Patterns are compiled once (at config load) and matched with match and
 * depth limits, so that a catastrophic user pattern is an error, not a hang.
 */
#ifndef DT_REGEX_H
#define DT_REGEX_H

#include <stddef.h>

typedef struct dt_regex dt_regex;

#define DT_REGEX_CASELESS 1u

/* Compile `pattern`. `where` names its origin in errors (".diarist.yaml:7:5").
 * Returns 0 or DT_ECONFIG. */
int dt_regex_compile(dt_regex **out, const char *pattern, unsigned flags, const char *where);

/* Match against subject[0..len). Returns 1 (match), 0 (no match) or
 * DT_ERROR (match or depth limit hit; message names the pattern). On a
 * match, the whole match or the named group (when `group` is non-NULL and
 * took part) is reported through start/mlen. */
int dt_regex_match(const dt_regex *re, const char *subject, size_t len, size_t offset,
                   const char *group, size_t *start, size_t *mlen);

/* The end offset of the whole last successful match of `re`. */
size_t dt_regex_last_end(const dt_regex *re);

/* 1 when the pattern has a group named `name`. */
int dt_regex_has_group(const dt_regex *re, const char *name);
const char *dt_regex_pattern(const dt_regex *re);
void dt_regex_free(dt_regex *re);

#endif
