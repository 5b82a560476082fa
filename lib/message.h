/*
 * message.h - commit messages as git cleans them (SPEC §2).
 *
 * git hands commit-msg the message before its own clean-up: comment lines
 * and, with `commit -v`, a diff below the scissors line are still there.
 * These functions reproduce git's clean-up, read trailers with git's
 * rules, and add a trailer where `git interpret-trailers` would.
 */
#ifndef DT_MESSAGE_H
#define DT_MESSAGE_H

#include <stddef.h>
#include "buf.h"

#define DT_MESSAGE_MAX (16u * 1024u * 1024u)

/* The comment prefix to use, into out (at most 7 bytes + NUL): the value of
 * core.commentChar (NULL: "#"); "auto" means whichever character starts the
 * scissors line or the trailing comment lines of `msg`; out is "" when
 * "auto" finds none. */
void dt_message_comment(char out[8], const char *config_value, const char *msg, size_t len);

/* Clean as git's "strip" mode: cut at the scissors line, drop lines that
 * start with `comment` (unless comment is NULL or ""), strip trailing
 * white space, collapse runs of blank lines, drop leading and trailing
 * blank lines. The result ends with '\n' unless empty. */
void dt_message_clean(dt_buf *out, const char *msg, size_t len, const char *comment);

#define DT_CLEAN_COMMENTS 1u /* drop lines that start with the comment prefix */
#define DT_CLEAN_SCISSORS 2u /* cut at the scissors line */

/* The same with the two parts chosen apart, as git's commit.cleanup modes
 * do: "strip" both, "scissors" (when editing) only the cut, "whitespace"
 * and "verbatim" neither. White space is always tidied. */
void dt_message_clean_flags(dt_buf *out, const char *msg, size_t len, const char *comment,
                            unsigned flags);

/* The subject (first line) of a cleaned message, without the newline. */
void dt_message_subject(dt_buf *out, const char *clean);

typedef struct {
	char *key;   /* as written */
	char *value; /* continuation lines joined with a space */
	size_t line; /* 1-based line in the cleaned message */
} dt_trailer;

typedef struct {
	dt_trailer *items;
	size_t count, alloc;
} dt_trailers;

#define DT_TRAILERS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* The trailers of a cleaned message: its last paragraph, when that is not
 * the first one and is made only of trailers (or at least a quarter of
 * trailers with one that git itself writes, such as Signed-off-by). */
void dt_message_trailers(dt_trailers *out, const char *clean);
/* The last value of `key` (case-insensitive), or NULL. */
const char *dt_trailers_get(const dt_trailers *t, const char *key);
void dt_trailers_dispose(dt_trailers *t);

/* Append "key: value" to the raw message `msg` as a trailer: joined to an
 * existing trailer block, else after a blank line; comment lines and the
 * scissors section stay below it, byte for byte. */
void dt_message_add_trailer(dt_buf *out, const char *msg, size_t len, const char *comment,
                            const char *key, const char *value);

#endif
