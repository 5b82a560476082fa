/*
 * hexmap.h - a multimap from the first 7 hex digits of an object id.
 *
 * Entries are two numbers (what the caller points to: a record, a commit
 * of a list); an id's entries are found by its first 7 digits, so an
 * abbreviated hash and a full id meet, and the caller compares the rest.
 * Entries are never removed; 100 000 of them cost 1.6 MB.
 */
#ifndef DT_HEXMAP_H
#define DT_HEXMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t key;
	uint32_t a, b;
	int32_t next;
} dt_hexmap_entry;

typedef struct {
	int32_t *heads;
	size_t nheads;
	dt_hexmap_entry *items;
	size_t count, alloc;
} dt_hexmap;

#define DT_HEXMAP_INIT                                                                             \
	{                                                                                          \
		NULL, 0, NULL, 0, 0                                                                \
	}

/* Add (a, b) under hex (at least 7 hex digits; case is ignored). */
void dt_hexmap_add(dt_hexmap *m, const char *hex, uint32_t a, uint32_t b);

/* The index in m->items of the first entry under hex's 7 digits, or -1;
 * dt_hexmap_next gives the next one under the same digits. */
int32_t dt_hexmap_first(const dt_hexmap *m, const char *hex);
int32_t dt_hexmap_next(const dt_hexmap *m, int32_t i);

void dt_hexmap_dispose(dt_hexmap *m);

#endif
