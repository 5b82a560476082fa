/*
 * refs.h - ticket references in a commit message (SPEC §2).
 *
 * Refs are taken from a cleaned message (see message.h), in order: the
 * subject prefix, a conventional-commit scope, the Ticket:/Refs: trailers,
 * Jira-shaped words in the subject (kept only when they resolve), and the
 * configured extra patterns. fixup!/squash!/amend! subjects are read as
 * the subject they target; Revert "..." and Reapply "..." as the subject
 * they quote.
 */
#ifndef DT_REFS_H
#define DT_REFS_H

#include "config.h"
#include "tickets.h"

typedef enum {
	DT_REF_PREFIX,  /* "VM-023: ..." or "[VM-023] ..." */
	DT_REF_SCOPE,   /* "docs(vm-023): ..." */
	DT_REF_TRAILER, /* "Ticket: VM-023" */
	DT_REF_WORD,    /* a Jira-shaped word in the subject */
	DT_REF_PATTERN, /* ticket.patterns */
	DT_REF_BRANCH   /* the branch name (commit-msg's trailer) */
} dt_ref_source;

typedef struct {
	char *text;
	dt_ref_source source;
	size_t line;  /* line of the cleaned message */
	char *detail; /* trailer key or pattern, or NULL */
	dt_resolution res;
} dt_ref;

/* Distinct refs kept per message; a message naming more is not a commit
 * message a person wrote, and the rest are ignored. */
#define DT_REFS_MAX 256

typedef struct {
	dt_ref *items;
	size_t count, alloc;
} dt_refs;

#define DT_REFS_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Take the refs of a cleaned message. Returns 0, or DT_ERROR when a
 * configured pattern hit its match limit. cfg may be NULL (no patterns). */
int dt_refs_extract(dt_refs *out, const char *clean, const dt_config *cfg);

/* The one ticket a branch name names: each '/' component, and its leading
 * parts cut at '-', longest first ("task/vm-022-import-frontend-vm" ->
 * "vm-022-import-frontend-vm", "vm-022-import-frontend", ...). *out is the
 * ID (caller frees) when all components agree on exactly one ticket;
 * else NULL and DT_ENOTFOUND. */
int dt_branch_ticket(char **out, const char *branch, const dt_tickets *tk);

/* Resolve every ref against `tk` (fills each ref's `res`). */
void dt_refs_resolve(dt_refs *refs, const dt_tickets *tk);

/* The distinct ticket IDs the resolved refs name, in order of appearance.
 * Words that do not resolve are ignored, as SPEC §2 says. */
void dt_refs_named(dt_strvec *out, const dt_refs *refs);

/* Does this ref count (any source but an unresolved word)? */
int dt_ref_counts(const dt_ref *r);

const char *dt_ref_source_name(dt_ref_source s);
/* Does a token look like a ticket ID (starts alphanumeric, has a digit or
 * a hyphen)? */
int dt_ref_looks_like_id(const char *s, size_t len);
/* The subject with fixup!/squash!/amend! prefixes removed. */
const char *dt_subject_target(const char *subject);
void dt_refs_dispose(dt_refs *refs);

#endif
