/*
 * pushlines.h - what git tells pre-push on its standard input (SPEC §5):
 * one "<local ref> <local oid> <remote ref> <remote oid>" line per ref
 * pushed. Every line counts (not just the first); a delete has an all-zero
 * local oid (40 zeros, or 64 in a SHA-256 repository).
 */
#ifndef DT_PUSHLINES_H
#define DT_PUSHLINES_H

#include <stddef.h>

typedef struct {
	char *local_ref; /* "refs/heads/main", "HEAD", "refs/tags/v1" */
	char *local_oid;
	char *remote_ref;
	char *remote_oid; /* all zeros for a new remote ref */
	int is_delete;    /* local oid all zeros */
	int is_new;       /* remote oid all zeros */
	size_t line;      /* 1-based line of the input */
} dt_push_update;

typedef struct {
	dt_push_update *items;
	size_t count, alloc;
} dt_push_updates;

#define DT_PUSH_UPDATES_INIT                                                                       \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Parse git's pre-push input. A line that is not four fields with hex
 * object ids of 40 or 64 digits is an error naming its line (DT_EINVALID);
 * nothing is guessed. Empty input is no update. */
int dt_push_parse(dt_push_updates *out, const char *input, size_t len);
void dt_push_updates_dispose(dt_push_updates *u);

#endif
