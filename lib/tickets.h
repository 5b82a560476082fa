/*
 * tickets.h - the ticket index and the resolution of refs (SPEC §1.2, §2).
 *
 * A dt_tickets is the list of ticket folders found under the docs root,
 * sorted by ID (case-insensitive) then folder. Two folders may share an
 * ID (the ticket-duplicate finding); resolution works on distinct IDs.
 */
#ifndef DT_TICKETS_H
#define DT_TICKETS_H

#include <stdint.h>
#include <stddef.h>
#include "buf.h"

typedef struct {
	char *id;     /* Ticket: from index.md, else from the folder name */
	char *dir;    /* folder, relative to the docs root ("2026/02/14/X--y") */
	char *title;  /* Title:, or NULL */
	char *status; /* Status: as written, or NULL */
	int closed;   /* status complete or archived */
	int id_from_folder;
	int64_t updated; /* LastUpdated (epoch seconds), else index.md's mtime */
	char *fm_error;  /* frontmatter-invalid: "file:line:col: ...", or NULL */
	/* index.md's stat, for the cache */
	int64_t st_mtime_sec, st_mtime_nsec, st_size;
	/* loaded from the cache and not yet read in full: only id, status,
	 * closed and whether fm_error is set are filled; see
	 * dt_workspace_complete() */
	char *lazy;
} dt_ticket;

typedef struct {
	dt_ticket *items;
	size_t count, alloc;
	char *root;  /* the docs root, absolute */
	char *arena; /* when set, every ticket's strings point into it
	                (an index loaded from the cache) */
	int sorted;  /* dt_tickets_sort ran and nothing was added since:
	                lookups may search by halves */
} dt_tickets;

#define DT_TICKETS_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, NULL, NULL, 0                                                          \
	}

/* Append a ticket (takes ownership of the strings in *t). */
void dt_tickets_add(dt_tickets *tk, dt_ticket *t);
/* Sort by ID (ASCII case-insensitive), then by folder. */
void dt_tickets_sort(dt_tickets *tk);
/* The first ticket with this exact ID (case-insensitive), or NULL. */
const dt_ticket *dt_tickets_find(const dt_tickets *tk, const char *id);
void dt_tickets_dispose(dt_tickets *tk);

/* A run of tickets sharing one ID (ignoring case): items[first] to
 * items[first + count - 1] of a sorted index. */
typedef struct {
	size_t first, count;
} dt_ticket_group;

/* The IDs held by more than one folder (the ticket-duplicate finding), in
 * ID order. *out is a new array the caller frees (NULL when none); returns
 * the number of groups. The index must be sorted (dt_tickets_sort; every
 * loaded index is). */
size_t dt_tickets_duplicates(dt_ticket_group **out, const dt_tickets *tk);

/* The group of folders holding `id` (count 0 when none). */
dt_ticket_group dt_tickets_group(const dt_tickets *tk, const char *id);

/* Is this Status: closed? ("complete", "archived", any case) */
int dt_status_closed(const char *status);

/* The ID a folder name gives: the part before "--", else the whole name. */
char *dt_ticket_id_from_folder(const char *name);

typedef enum { DT_RESOLVE_OK, DT_RESOLVE_AMBIGUOUS, DT_RESOLVE_UNKNOWN } dt_resolve_status;

typedef enum {
	DT_STAGE_NONE,
	DT_STAGE_EXACT,     /* same ID ignoring case */
	DT_STAGE_PREFIX,    /* unique ID starting with "ref-" */
	DT_STAGE_NORMALISED /* normalised prefix at a '-' boundary */
} dt_resolve_stage;

typedef struct {
	dt_resolve_status status;
	dt_resolve_stage stage;
	dt_strvec ids; /* OK: the one ID; AMBIGUOUS: the candidates; UNKNOWN: closest IDs */
} dt_resolution;

#define DT_RESOLUTION_INIT                                                                         \
	{                                                                                          \
		DT_RESOLVE_UNKNOWN, DT_STAGE_NONE, DT_STRVEC_INIT                                  \
	}

/* Resolve `ref` against the distinct IDs of `tk` (SPEC §2): the first stage
 * giving exactly one ID wins; several at a stage is ambiguous; none at all
 * is unknown, with up to `max_suggest` closest IDs. */
void dt_tickets_resolve(dt_resolution *out, const dt_tickets *tk, const char *ref,
                        size_t max_suggest);
void dt_resolution_dispose(dt_resolution *r);

/* Resolutions remembered by the text of the ref: a history names the same
 * few refs again and again (check --all, the timelines). */
typedef struct {
	const dt_tickets *tk;
	char **refs;
	dt_resolution *res;
	size_t count, alloc;
	size_t *slots; /* open addressing over refs; (size_t)-1: empty */
	size_t nslots;
} dt_resolver;

void dt_resolver_init(dt_resolver *r, const dt_tickets *tk);
/* dt_tickets_resolve(ref) without suggestions, computed once per text. */
const dt_resolution *dt_resolver_get(dt_resolver *r, const char *ref);
void dt_resolver_dispose(dt_resolver *r);
const char *dt_resolve_stage_name(dt_resolve_stage s);

#endif
