/*
 * frontmatter.h - the YAML block at the top of a markdown document.
 *
 * A document may start (after an optional UTF-8 BOM) with a "---" line,
 * YAML, and a closing "---" line. Only that slice goes to libyaml.
 */
#ifndef DT_FRONTMATTER_H
#define DT_FRONTMATTER_H

#include <stddef.h>
#include <stdint.h>
#include "ydoc.h"

typedef struct {
	size_t yaml_off, yaml_len; /* the YAML between the fences */
	size_t yaml_line;          /* file line of the first YAML line (1-based) */
	size_t body_off;           /* first byte after the closing fence line */
	size_t body_line;          /* file line of body_off */
} dt_frontmatter_span;

/* Find the frontmatter. Returns 1 when present (span filled), 0 when the
 * document has none, DT_EINVALID when the opening fence has no closing one
 * (message names `path`). */
int dt_frontmatter_find(dt_frontmatter_span *span, const char *data, size_t len, const char *path);

/* Find and parse. *out is the top-level node (NULL when there is no
 * frontmatter or it is empty). Returns 0 or DT_EINVALID ("path:line:col:"). */
int dt_frontmatter_parse(dt_ynode **out, const char *data, size_t len, const char *path);

/* A top-level scalar field's text, or NULL when absent or not a scalar. */
const char *dt_frontmatter_str(const dt_ynode *fm, const char *key);

/* RFC 3339 ("2026-02-14T18:56:33.938044217-05:00", any fraction length,
 * "Z" or an offset; also a space for "T") or a bare date "2026-02-14".
 * Seconds since the epoch, UTC. Returns 0 or DT_EINVALID. */
int dt_parse_datetime(int64_t *out, const char *s);

#endif
