/*
 * edit.h - byte-preserving edits of a text file.
 *
 * An edit replaces a byte range with new bytes (an insertion replaces an
 * empty range). Every byte outside the ranges stays as it was: line
 * endings, a missing final newline, a BOM and the frontmatter are only
 * touched when a range covers them. Callers build new lines with the
 * file's own line ending (dt_edit_eol).
 */
#ifndef DT_EDIT_H
#define DT_EDIT_H

#include <stddef.h>
#include "buf.h"

typedef struct {
	size_t off, del; /* replace data[off, off + del) ... */
	char *text;      /* ... with this (owned) */
	size_t seq;      /* insertion order, to keep inserts at one offset stable */
} dt_edit_op;

typedef struct {
	dt_edit_op *ops;
	size_t count, alloc;
} dt_edits;

#define DT_EDITS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void dt_edits_replace(dt_edits *e, size_t off, size_t del, const char *text);
void dt_edits_insert(dt_edits *e, size_t off, const char *text);
/* Apply to data[0..len) into out. Returns 0, or DT_EINVALID when two
 * ranges overlap or one runs past the end. */
int dt_edits_apply(dt_buf *out, const char *data, size_t len, const dt_edits *e);
void dt_edits_dispose(dt_edits *e);

/* Lines of a text (off: any byte of the line, or its start):
 * the offset after its line ending (or the end of the text); */
size_t dt_edit_line_end(const char *data, size_t len, size_t off);
/* the start of the line that ends at `end` (exclusive); */
size_t dt_edit_line_start(const char *data, size_t end);
/* whether the line starting at `off` is blank (spaces only, or none); */
int dt_edit_blank_at(const char *data, size_t len, size_t off);
/* whether the line that ends right before `pos` is blank, or there is none. */
int dt_edit_blank_before(const char *data, size_t pos);

/* "\r\n" when the text's first line ends with CR LF, else "\n". */
const char *dt_edit_eol(const char *data, size_t len);

#endif
