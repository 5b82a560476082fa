/*
 * ydoc.h - a small YAML tree over libyaml's event parser.
 *
 * Only what diarist's files need: scalars, sequences and mappings with the
 * line and column of every node. Aliases are refused (no billion laughs)
 * and so is nesting deeper than DT_YDOC_MAX_DEPTH. Errors name the file,
 * line and column: "path:LINE:COL: what was wrong".
 */
#ifndef DT_YDOC_H
#define DT_YDOC_H

#include <stddef.h>

#define DT_YDOC_MAX_DEPTH 32

typedef enum { DT_YNODE_SCALAR, DT_YNODE_SEQ, DT_YNODE_MAP } dt_ynode_t;

typedef struct dt_ynode dt_ynode;
struct dt_ynode {
	dt_ynode_t type;
	char *value; /* scalars: NUL-terminated text */
	size_t len;
	int plain;        /* scalar written without quotes */
	size_t line, col; /* 1-based, in the file */
	dt_ynode **items; /* seq: the items; map: key, value, key, value ... */
	size_t count;     /* number of entries in items */
	size_t alloc;
};

/* Parse `len` bytes of one YAML document. `path` names the file in errors;
 * `first_line` is the file line where `data` starts (1 for a whole file).
 * An empty document gives *out = NULL and 0. Returns 0 or DT_EINVALID. */
int dt_ydoc_parse(dt_ynode **out, const char *data, size_t len, const char *path,
                  size_t first_line);

/* When data[0..len) holds a NUL byte: DT_EINVALID with
 * "path:LINE:COL: <what> contains a NUL byte" (what may be ""); else 0. */
int dt_ydoc_nul_error(const char *data, size_t len, const char *path, size_t first_line,
                      const char *what);

/* The value of `key` in a mapping, or NULL (also when `map` is no mapping). */
const dt_ynode *dt_ynode_get(const dt_ynode *map, const char *key);
size_t dt_ynode_map_size(const dt_ynode *map);
const char *dt_ynode_type_name(dt_ynode_t t);
void dt_ynode_free(dt_ynode *n);

#endif
