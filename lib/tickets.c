#include "tickets.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

void dt_tickets_add(dt_tickets *tk, dt_ticket *t)
{
	DT_ARRAY_GROW(tk->items, tk->alloc, tk->count + 1);
	tk->items[tk->count++] = *t;
	tk->sorted = 0;
	memset(t, 0, sizeof(*t));
}

static int cmp_ticket(const void *a, const void *b)
{
	const dt_ticket *x = a, *y = b;
	int c = dt_ascii_casecmp(x->id, y->id);
	if (!c)
		c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->dir, y->dir);
}

void dt_tickets_sort(dt_tickets *tk)
{
	if (tk->count > 1)
		qsort(tk->items, tk->count, sizeof(*tk->items), cmp_ticket);
	tk->sorted = 1;
}

/* The first ticket whose ID is not below `key` (ignoring case) in a
 * sorted index. */
static int cmp_key_id(const void *key, const void *ticket)
{
	return dt_ascii_casecmp(key, ((const dt_ticket *)ticket)->id);
}

static size_t lower_bound(const dt_tickets *tk, const char *key)
{
	return dt_lower_bound(key, tk->items, tk->count, sizeof(*tk->items), cmp_key_id);
}

const dt_ticket *dt_tickets_find(const dt_tickets *tk, const char *id)
{
	dt_ticket_group g = dt_tickets_group(tk, id);
	return g.count ? &tk->items[g.first] : NULL;
}

size_t dt_tickets_duplicates(dt_ticket_group **out, const dt_tickets *tk)
{
	size_t n = 0, alloc = 0;

	*out = NULL;
	for (size_t i = 0; i < tk->count;) {
		size_t j = i + 1;
		while (j < tk->count && !dt_ascii_casecmp(tk->items[j].id, tk->items[i].id))
			j++;
		if (j - i > 1) {
			DT_ARRAY_GROW(*out, alloc, n + 1);
			(*out)[n].first = i;
			(*out)[n].count = j - i;
			n++;
		}
		i = j;
	}
	return n;
}

dt_ticket_group dt_tickets_group(const dt_tickets *tk, const char *id)
{
	dt_ticket_group g = {0, 0};
	if (tk->sorted) { /* by halves: check --all asks for 2 000 tickets */
		for (g.first = lower_bound(tk, id);
		     g.first + g.count < tk->count &&
		     !dt_ascii_casecmp(tk->items[g.first + g.count].id, id);)
			g.count++;
		return g;
	}
	for (size_t i = 0; i < tk->count; i++)
		if (!dt_ascii_casecmp(tk->items[i].id, id)) {
			if (!g.count)
				g.first = i;
			g.count++;
		} else if (g.count) {
			break;
		}
	return g;
}

void dt_tickets_dispose(dt_tickets *tk)
{
	for (size_t i = 0; i < tk->count && !tk->arena; i++) {
		dt_ticket *t = &tk->items[i];
		free(t->id);
		free(t->dir);
		free(t->title);
		free(t->status);
		free(t->fm_error);
	}
	free(tk->items);
	free(tk->root);
	free(tk->arena);
	memset(tk, 0, sizeof(*tk));
}

int dt_status_closed(const char *status)
{
	return status &&
	       (!dt_ascii_casecmp(status, "complete") || !dt_ascii_casecmp(status, "archived"));
}

char *dt_ticket_id_from_folder(const char *name)
{
	const char *dd = strstr(name, "--");
	return dd && dd > name ? dt_xstrndup(name, (size_t)(dd - name)) : dt_xstrdup(name);
}

const char *dt_resolve_stage_name(dt_resolve_stage s)
{
	switch (s) {
	case DT_STAGE_EXACT:
		return "exact";
	case DT_STAGE_PREFIX:
		return "prefix";
	case DT_STAGE_NORMALISED:
		return "normalised prefix";
	default:
		return "none";
	}
}

/* Lower-case with '-' and '_' removed. */
static void normalise(dt_buf *out, const char *s)
{
	dt_buf_clear(out);
	for (; *s; s++)
		if (*s != '-' && *s != '_')
			dt_buf_putc(out, (char)dt_tolower((unsigned char)*s));
}

/* Does the normalised `nref` equal the normalised form of `id` cut at one
 * of its '-' boundaries (or its end)? */
static int normalised_match(const char *id, const char *nref, size_t nlen)
{
	size_t k = 0;
	for (const char *p = id;; p++) {
		if (*p == '-' || *p == '\0') {
			if (k == nlen)
				return 1;
			if (k > nlen || !*p)
				return 0;
			continue;
		}
		if (*p == '_')
			continue;
		if (k >= nlen || dt_tolower((unsigned char)*p) != nref[k])
			return 0;
		k++;
	}
}

/* How far the normalised ref is from an ID, doubled so that a half step
 * exists: 1 when the normalised ID simply starts with it ("vm013" and
 * "VM-013A-BACKEND"), else twice the edit distance to the closest
 * '-'-boundary prefix of the normalised ID ("vm025" and "VM-023-LONG"). */
static size_t closeness(const char *id, const char *nref, size_t nlen)
{
	/* one edit-distance table, the normalised ID against the ref, grown a
	 * character at a time: row[i] is the distance from the ID's prefix so
	 * far to nref[0..i), so every '-'-boundary prefix is read off row[nlen]
	 * as it is reached (check --all suggests for every unknown ref) */
	size_t *row = dt_xmalloc((nlen + 1) * sizeof(*row));
	size_t best = (size_t)-1, k = 0, starts = 1;

	for (size_t i = 0; i <= nlen; i++)
		row[i] = i;
	for (const char *p = id;; p++) {
		if (*p == '-' || *p == '\0') {
			if (2 * row[nlen] < best)
				best = 2 * row[nlen];
			if (!*p)
				break;
			continue;
		}
		if (*p == '_')
			continue;
		{
			int c = dt_tolower((unsigned char)*p);
			size_t diag = row[0];
			starts = starts && (k >= nlen || nref[k] == c);
			k++;
			row[0] = k;
			for (size_t i = 1; i <= nlen; i++) {
				size_t up = row[i];
				size_t sub = diag + (nref[i - 1] != c), del = up + 1,
				       ins = row[i - 1] + 1;
				row[i] =
				    sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
				diag = up;
			}
		}
	}
	/* the normalised ID starts with the ref */
	if (best > 1 && starts && k >= nlen)
		best = 1;
	free(row);
	return best;
}

/* IDs that differ only in case are one ID (two folders: ticket-duplicate);
 * sorting puts them next to each other. */
static void push_unique(dt_strvec *v, const char *id)
{
	if (!v->count || dt_ascii_casecmp(v->items[v->count - 1], id))
		dt_strvec_push(v, id);
}

void dt_tickets_resolve(dt_resolution *out, const dt_tickets *tk, const char *ref,
                        size_t max_suggest)
{
	size_t rlen = strlen(ref);
	dt_buf nref = DT_BUF_INIT;

	memset(out, 0, sizeof(*out));
	out->status = DT_RESOLVE_UNKNOWN;
	if (!rlen)
		return;

	/* 1. exact, ignoring case (tickets are sorted, duplicates adjacent);
	 * in a sorted index, the IDs equal to ref and those starting with
	 * "ref-" each form one run, found by halves (check --all resolves
	 * thousands of refs against thousands of tickets) */
	if (tk->sorted) {
		dt_buf pre = DT_BUF_INIT;
		for (size_t i = lower_bound(tk, ref);
		     i < tk->count && !dt_ascii_casecmp(tk->items[i].id, ref); i++)
			push_unique(&out->ids, tk->items[i].id);
		if (out->ids.count) {
			out->stage = DT_STAGE_EXACT;
			dt_buf_dispose(&pre);
			goto decide;
		}
		dt_buf_printf(&pre, "%s-", ref);
		for (size_t i = lower_bound(tk, pre.ptr);
		     i < tk->count && !dt_ascii_ncasecmp(tk->items[i].id, pre.ptr, pre.size); i++)
			push_unique(&out->ids, tk->items[i].id);
		dt_buf_dispose(&pre);
		if (out->ids.count) {
			out->stage = DT_STAGE_PREFIX;
			goto decide;
		}
		goto normalised;
	}
	for (size_t i = 0; i < tk->count; i++)
		if (!dt_ascii_casecmp(tk->items[i].id, ref))
			push_unique(&out->ids, tk->items[i].id);
	if (out->ids.count) {
		out->stage = DT_STAGE_EXACT;
		goto decide;
	}
	/* 2. the IDs that start with "ref-" */
	for (size_t i = 0; i < tk->count; i++) {
		const char *id = tk->items[i].id;
		if (!dt_ascii_ncasecmp(id, ref, rlen) && id[rlen] == '-')
			push_unique(&out->ids, id);
	}
	if (out->ids.count) {
		out->stage = DT_STAGE_PREFIX;
		goto decide;
	}
normalised:
	/* 3. normalised prefix at a '-' boundary */
	normalise(&nref, ref);
	if (nref.size)
		for (size_t i = 0; i < tk->count; i++)
			if (normalised_match(tk->items[i].id, nref.ptr, nref.size))
				push_unique(&out->ids, tk->items[i].id);
	if (out->ids.count) {
		out->stage = DT_STAGE_NORMALISED;
		goto decide;
	}

	/* unknown: suggest the closest IDs */
	if (max_suggest && tk->count && nref.size) {
		size_t *dist = dt_xmalloc(tk->count * sizeof(*dist));
		size_t limit = 2 * (nref.size / 2 + 2);
		for (size_t i = 0; i < tk->count; i++)
			dist[i] = closeness(tk->items[i].id, nref.ptr, nref.size);
		for (size_t d = 0; d <= limit && out->ids.count < max_suggest; d++)
			for (size_t i = 0; i < tk->count && out->ids.count < max_suggest; i++)
				if (dist[i] == d && !dt_strvec_contains(&out->ids, tk->items[i].id))
					dt_strvec_push(&out->ids, tk->items[i].id);
		free(dist);
	}
	dt_buf_dispose(&nref);
	return;

decide:
	out->status = out->ids.count == 1 ? DT_RESOLVE_OK : DT_RESOLVE_AMBIGUOUS;
	dt_buf_dispose(&nref);
}

void dt_resolution_dispose(dt_resolution *r)
{
	dt_strvec_dispose(&r->ids);
	r->status = DT_RESOLVE_UNKNOWN;
	r->stage = DT_STAGE_NONE;
}

/* ---- resolutions remembered ---- */

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void dt_resolver_init(dt_resolver *r, const dt_tickets *tk)
{
	memset(r, 0, sizeof(*r));
	r->tk = tk;
}

static void resolver_rehash(dt_resolver *r)
{
	size_t n = r->nslots ? r->nslots * 2 : 256;
	free(r->slots);
	r->slots = dt_xmalloc(n * sizeof(*r->slots));
	r->nslots = n;
	for (size_t i = 0; i < n; i++)
		r->slots[i] = (size_t)-1;
	for (size_t i = 0; i < r->count; i++) {
		size_t h = str_hash(r->refs[i]) & (n - 1);
		while (r->slots[h] != (size_t)-1)
			h = (h + 1) & (n - 1);
		r->slots[h] = i;
	}
}

const dt_resolution *dt_resolver_get(dt_resolver *r, const char *ref)
{
	size_t h, alloc = r->alloc;
	if (2 * (r->count + 1) > r->nslots)
		resolver_rehash(r);
	for (h = str_hash(ref) & (r->nslots - 1); r->slots[h] != (size_t)-1;
	     h = (h + 1) & (r->nslots - 1))
		if (!strcmp(r->refs[r->slots[h]], ref))
			return &r->res[r->slots[h]];
	DT_ARRAY_GROW(r->refs, r->alloc, r->count + 1);
	if (r->alloc != alloc)
		r->res = dt_xrealloc(r->res, r->alloc * sizeof(*r->res));
	r->refs[r->count] = dt_xstrdup(ref);
	dt_tickets_resolve(&r->res[r->count], r->tk, ref, 0);
	r->slots[h] = r->count;
	return &r->res[r->count++];
}

void dt_resolver_dispose(dt_resolver *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->refs[i]);
		dt_resolution_dispose(&r->res[i]);
	}
	free(r->refs);
	free(r->res);
	free(r->slots);
	memset(r, 0, sizeof(*r));
}
