/*
 * markdown.h - the bits of markdown structure the parsers share.
 */
#ifndef DT_MARKDOWN_H
#define DT_MARKDOWN_H

#include <stddef.h>

/* Is line[0..len) an opening or closing code fence (``` or ~~~, up to three
 * spaces of indent)? Returns the fence character and sets *n to its run
 * length, or 0. */
int dt_md_fence(const char *line, size_t len, size_t *n);

/* Does this line close a block opened with `fence` x fence_n? (the same
 * character, at least as many, and no info string after them) */
int dt_md_fence_closes(const char *line, size_t len, int fence, size_t fence_n);

/* Tracks fenced code blocks line by line. */
typedef struct {
	int fence;      /* the open block's character, or 0 */
	size_t fence_n; /* its run length */
} dt_md_fencer;

#define DT_MD_FENCER_INIT                                                                          \
	{                                                                                          \
		0, 0                                                                               \
	}

/* Feed the next line (without its line ending): 1 when it is a fence line
 * or inside a fenced block (not content to parse), else 0. */
int dt_md_fenced(dt_md_fencer *f, const char *line, size_t len);

#endif
