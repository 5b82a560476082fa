#include "hexmap.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hex7(const char *hex)
{
	uint32_t k = 0;
	for (int i = 0; i < 7 && hex[i]; i++) {
		int c = (unsigned char)hex[i];
		k = (k << 4) | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return k;
}

static void rehash(dt_hexmap *m, size_t nheads)
{
	free(m->heads);
	m->nheads = nheads;
	m->heads = dt_xmalloc(nheads * sizeof(*m->heads));
	for (size_t i = 0; i < nheads; i++)
		m->heads[i] = -1;
	for (size_t i = 0; i < m->count; i++) {
		size_t h = (m->items[i].key * 2654435761u) & (nheads - 1);
		m->items[i].next = m->heads[h];
		m->heads[h] = (int32_t)i;
	}
}

void dt_hexmap_add(dt_hexmap *m, const char *hex, uint32_t a, uint32_t b)
{
	size_t h;
	if (m->count + 1 > m->nheads)
		rehash(m, m->nheads ? m->nheads * 2 : 1024);
	DT_ARRAY_GROW(m->items, m->alloc, m->count + 1);
	m->items[m->count].key = hex7(hex);
	m->items[m->count].a = a;
	m->items[m->count].b = b;
	h = (m->items[m->count].key * 2654435761u) & (m->nheads - 1);
	m->items[m->count].next = m->heads[h];
	m->heads[h] = (int32_t)m->count++;
}

int32_t dt_hexmap_first(const dt_hexmap *m, const char *hex)
{
	uint32_t key = hex7(hex);
	int32_t i;
	if (!m->nheads)
		return -1;
	for (i = m->heads[(key * 2654435761u) & (m->nheads - 1)]; i >= 0; i = m->items[i].next)
		if (m->items[i].key == key)
			return i;
	return -1;
}

int32_t dt_hexmap_next(const dt_hexmap *m, int32_t i)
{
	uint32_t key = m->items[i].key;
	for (i = m->items[i].next; i >= 0; i = m->items[i].next)
		if (m->items[i].key == key)
			return i;
	return -1;
}

void dt_hexmap_dispose(dt_hexmap *m)
{
	free(m->heads);
	free(m->items);
	memset(m, 0, sizeof(*m));
}
