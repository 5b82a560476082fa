#include "timeline.h"
#include "common.h"
#include "diary.h"
#include "fileio.h"
#include "frontmatter.h"
#include "hexmap.h"
#include "markdown.h"
#include "objcache.h"
#include "recorder.h"
#include "refs.h"
#include "tasks.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NONE ((size_t)-1)

/* The three files of a ticket whose history makes events. */
enum { F_INDEX, F_TASKS, F_DIARY };

/* A step heading of one version of a diary. */
typedef struct {
	long number;
	char *title;
} sstep;

/* One version of a ticket's file, read as its kind needs. */
typedef struct {
	char blob[DT_HEX_MAX]; /* its id; "" when absent */
	int state;             /* 0 absent, 1 read, 2 unreadable (too big, broken) */
	dt_tasks tasks;
	sstep *steps;
	size_t nsteps;
	char *status;
} version;

/* A ticket's file, by its path relative to the top. */
typedef struct {
	char *path;
	size_t ticket;
	int kind;
	/* the version read last: a history walked from the tip reads each
	 * version as the "before" of one commit, then as the "after" of the
	 * commit before it */
	version cache;
} tfile;

/* What the timelines keep of a record of a tip's diary. */
typedef struct {
	char *hex; /* one of its hashes (lower case, >= 7 digits) */
	size_t ticket;
	long step;         /* the number of its step, or -1 */
	const char *diary; /* its diary, relative to the top (a tfile's path) */
	char *tests;       /* after "**Tests:**", or NULL */
	int tests_exit;
	size_t order; /* of the records of all diaries, tickets in ID order */
} trec;

/* A commit of the history. */
typedef struct {
	char hex[DT_HEX_MAX];
	char tree[DT_HEX_MAX];
	char sub[DT_HEX_MAX]; /* the id of the compared folder in its tree, "" none */
	char abbrev[DT_HEX_MAX];
	char parent_hex[DT_HEX_MAX];
	size_t parent, nparents; /* the first parent's index (NONE: not walked) */
	char **more_hex;         /* the other parents of a merge */
	size_t *more, nmore;
	int64_t time;
	int offset, has_sub;
	int exempt; /* dt_exempt + 1 once known */
	char *author, *subject;
	uint64_t gen;   /* 1 + the largest generation of its parents */
	size_t missing; /* parents not walked yet: its file events wait for them */
	int done;       /* its file events are taken */
} tnode;

/* How an event is sorted after its commit's date and place in history. */
typedef struct {
	size_t node;
	uint32_t rank; /* by kind */
	uint64_t seq;  /* order of creation */
} tkey;

typedef struct {
	dt_odb *o;
	const dt_config *cfg;
	const dt_tickets *tk;
	dt_timelines *out;
	long *slot;    /* per ticket of tk: its timeline, or -1 */
	tkey **keys;   /* per timeline, alongside its events */
	size_t *akeys; /* allocated keys per timeline */
	trec *recs;    /* sorted by hex */
	size_t nrecs;
	tfile *files; /* sorted by path */
	size_t nfiles;
	size_t *ndiaries; /* per ticket of tk: how many diaries it has in the tip */
	char tip_tree[DT_HEX_MAX];
	const char *root;   /* the docs root */
	const char *prefix; /* the folder compared across commits */
	/* the id of the prefix's first folder met last, and the prefix's */
	char last_top[DT_HEX_MAX], last_sub[DT_HEX_MAX];
	tnode *nodes;
	size_t nnodes, anodes;
	dt_resolver resolver; /* refs resolved once per text */
	uint64_t seq;
	int traced;        /* the commits' traces come apart (dt_timelines_trace) */
	size_t ntraced;    /* nodes whose traces came */
	dt_hexmap seen;    /* the nodes by id: (node, 0) */
	dt_hexmap waiting; /* by the id of a parent not walked yet: (child, slot) */
	size_t asked;      /* timelines asked for */
	size_t cache;      /* libgit2's object cache limit to restore, or NONE */
	char *only_prefix; /* one ticket asked for: its folder */
	dt_objcache *kept; /* what earlier runs worked out, or NULL */
	int error;         /* the first error: the rest is not built */
} tstate;

struct dt_timeline_builder {
	tstate st;
	dt_timelines tl; /* what is built */
};

static char *join(const char *a, const char *b)
{
	if (!a || !*a)
		return dt_xstrdup(b);
	if (!b || !*b)
		return dt_xstrdup(a);
	return dt_xasprintf("%s/%s", a, b);
}

static int nullable_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void event_dispose(dt_event *e)
{
	free(e->author);
	free(e->subject);
	free(e->tests);
	free(e->task_id);
	free(e->task_text);
	free(e->step_title);
	free(e->diary);
	free(e->status_from);
	free(e->status_to);
}

/* ---- versions of a file ---- */

static void version_dispose(version *v)
{
	dt_tasks_dispose(&v->tasks);
	for (size_t i = 0; i < v->nsteps; i++)
		free(v->steps[i].title);
	free(v->steps);
	free(v->status);
	memset(v, 0, sizeof(*v));
}

/* The step headings of a diary (outside code fences, after the
 * frontmatter): only they are compared across versions, by number, so a
 * step without one ("## Step: Title") is left out. */
static void scan_steps(version *v, const dt_buf *text, const char *path)
{
	const char *p = text->ptr, *end = text->ptr + text->size;
	dt_md_fencer fences = DT_MD_FENCER_INIT;
	dt_frontmatter_span span;
	size_t alloc = 0;

	if (dt_frontmatter_find(&span, text->ptr, text->size, path) == 1)
		p += span.body_off;
	dt_error_clear();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		long number, to;
		const char *title;
		size_t tlen;
		if (len && p[len - 1] == '\r')
			len--;
		if (!dt_md_fenced(&fences, p, len) && len > 8 && p[0] == '#' &&
		    dt_diary_step_heading(p, len, &number, &to, &title, &tlen) == 1) {
			DT_ARRAY_GROW(v->steps, alloc, v->nsteps + 1);
			v->steps[v->nsteps].number = number;
			v->steps[v->nsteps++].title = dt_xstrndup(title, tlen);
		}
		p = nl ? nl + 1 : end;
	}
}

/* Status: of an index.md (NULL when not set); 2 when its frontmatter
 * cannot be read. */
static int read_status(version *v, const dt_buf *text, const char *path)
{
	dt_ynode *fm = NULL;
	const char *s;
	if (dt_frontmatter_parse(&fm, text->ptr, text->size, path) < 0) {
		dt_error_clear();
		return 2;
	}
	s = fm ? dt_frontmatter_str(fm, "Status") : NULL;
	v->status = s && *s ? dt_xstrdup(s) : NULL;
	dt_ynode_free(fm);
	return 1;
}

/* ---- what earlier runs read out of the same objects (objcache.h) ----
 *
 * Entries, by object id: 'c' a commit's deltas from its first parent
 * under the docs root; 'b' whether it changes nothing outside the root
 * (a bookkeeping commit, as rules.c keeps it too); 't', 's', 'i' what a
 * version of a tasks.md, a diary, an index.md says. Strings are "<length>:<bytes>", or "-" for
 * none; numbers decimal; items end with a newline. Bump KEPT_FORMAT when
 * what is read out of a file changes. */

#define KEPT_FORMAT "1"

static const char kept_kind[] = {'i', 't', 's'}; /* by F_INDEX, F_TASKS, F_DIARY */

static void put_str(dt_buf *b, const char *s)
{
	if (!s)
		dt_buf_putc(b, '-');
	else
		dt_buf_printf(b, "%zu:%s", strlen(s), s);
}

typedef struct {
	const char *p, *end;
	int bad;
} reader;

static long get_num(reader *r)
{
	long n = 0;
	int digits = 0, neg = r->p < r->end && *r->p == '-';
	r->p += neg;
	for (; r->p < r->end && *r->p >= '0' && *r->p <= '9' && digits < 18; r->p++, digits++)
		n = n * 10 + (*r->p - '0');
	if (!digits || r->p >= r->end || *r->p != ' ')
		r->bad = 1;
	else
		r->p++;
	return neg ? -n : n;
}

/* A string (NUL-terminated, allocated) or NULL for "-". */
static char *get_str(reader *r)
{
	size_t len = 0;
	int digits = 0;
	char *s;
	if (r->bad || r->p >= r->end)
		return r->bad = 1, NULL;
	if (*r->p == '-')
		return r->p++, NULL;
	for (; r->p < r->end && *r->p >= '0' && *r->p <= '9' && digits < 10; r->p++, digits++)
		len = len * 10 + (size_t)(*r->p - '0');
	if (!digits || r->p >= r->end || *r->p != ':' || len > (size_t)(r->end - r->p - 1) ||
	    memchr(r->p + 1, '\0', len))
		return r->bad = 1, NULL;
	s = dt_xstrndup(r->p + 1, len);
	r->p += 1 + len;
	return s;
}

static void get_eol(reader *r)
{
	if (r->bad || r->p >= r->end || *r->p != '\n')
		r->bad = 1;
	else
		r->p++;
}

/* Keep what version v (read from its blob) says. */
static void keep_facts(tstate *st, int kind, const version *v)
{
	dt_buf b = DT_BUF_INIT;
	if (!st->kept)
		return;
	dt_buf_printf(&b, "%d ", v->state);
	if (v->state == 1 && kind == F_TASKS) {
		for (size_t i = 0; i < v->tasks.count; i++) {
			const dt_task *t = &v->tasks.items[i];
			dt_buf_printf(&b, "%zu %d ", t->number, t->done ? 1 : 0);
			put_str(&b, t->stable);
			put_str(&b, t->text);
			dt_buf_putc(&b, '\n');
		}
	} else if (v->state == 1 && kind == F_DIARY) {
		for (size_t i = 0; i < v->nsteps; i++) {
			dt_buf_printf(&b, "%ld ", v->steps[i].number);
			put_str(&b, v->steps[i].title);
			dt_buf_putc(&b, '\n');
		}
	} else if (v->state == 1) {
		put_str(&b, v->status);
		dt_buf_putc(&b, '\n');
	}
	dt_objcache_put(st->kept, kept_kind[kind], v->blob, b.ptr, b.size);
	dt_buf_dispose(&b);
}

/* Version v->blob of a file of this kind as an earlier run read it: 1, or
 * 0 (not kept, or not decoded: read it). */
static int version_kept(version *v, tstate *st, int kind)
{
	reader r;
	size_t len, alloc = 0;
	long state;
	if (!st->kept || !dt_objcache_get(st->kept, kept_kind[kind], v->blob, &r.p, &len))
		return 0;
	r.end = r.p + len;
	r.bad = 0;
	state = get_num(&r);
	if (r.bad || (state != 1 && state != 2))
		return 0;
	v->state = (int)state;
	if (state == 1 && kind == F_INDEX) {
		v->status = get_str(&r);
		get_eol(&r);
	}
	while (state == 1 && kind != F_INDEX && !r.bad && r.p < r.end) {
		if (kind == F_TASKS) {
			dt_task t;
			memset(&t, 0, sizeof(t));
			t.number = (size_t)get_num(&r);
			t.done = get_num(&r) == 1;
			t.stable = get_str(&r);
			t.text = get_str(&r);
			get_eol(&r);
			DT_ARRAY_GROW(v->tasks.items, v->tasks.alloc, v->tasks.count + 1);
			v->tasks.items[v->tasks.count++] = t;
			r.bad |= !t.text;
		} else {
			sstep s;
			s.number = get_num(&r);
			s.title = get_str(&r);
			get_eol(&r);
			DT_ARRAY_GROW(v->steps, alloc, v->nsteps + 1);
			v->steps[v->nsteps++] = s;
			r.bad |= !s.title;
		}
	}
	if (r.bad || r.p != r.end) {
		char blob[DT_HEX_MAX];
		memcpy(blob, v->blob, DT_HEX_MAX);
		version_dispose(v);
		memcpy(v->blob, blob, DT_HEX_MAX);
		return 0;
	}
	return 1;
}

/* Commit `hex`'s deltas under the docs root, as an earlier run found
 * them: 1 (those under the compared folder into *out), or 0. */
static int deltas_kept(dt_odb_deltas *out, tstate *st, const char *hex)
{
	reader r;
	size_t len, plen = strlen(st->prefix);
	if (!st->kept || !dt_objcache_get(st->kept, 'c', hex, &r.p, &len))
		return 0;
	r.end = r.p + len;
	r.bad = 0;
	while (!r.bad && r.p < r.end) {
		char *from = get_str(&r), *to = get_str(&r), *path = get_str(&r);
		get_eol(&r);
		if (!path || (from && strlen(from) >= DT_HEX_MAX) ||
		    (to && strlen(to) >= DT_HEX_MAX))
			r.bad = 1;
		if (!r.bad &&
		    (!st->only_prefix || (!strncmp(path, st->prefix, plen) && path[plen] == '/'))) {
			dt_odb_delta *d;
			DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
			d = &out->items[out->count++];
			snprintf(d->from, sizeof(d->from), "%s", from ? from : "");
			snprintf(d->to, sizeof(d->to), "%s", to ? to : "");
			d->path = path;
			path = NULL;
		}
		free(from);
		free(to);
		free(path);
	}
	if (r.bad) {
		dt_odb_deltas_dispose(out);
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return 1;
}

static void keep_deltas(tstate *st, const char *hex, const dt_odb_deltas *d)
{
	dt_buf b = DT_BUF_INIT;
	/* with one ticket's folder compared, the deltas are not all of them */
	if (!st->kept || st->only_prefix)
		return;
	for (size_t i = 0; i < d->count; i++) {
		put_str(&b, *d->items[i].from ? d->items[i].from : NULL);
		put_str(&b, *d->items[i].to ? d->items[i].to : NULL);
		put_str(&b, d->items[i].path);
		dt_buf_putc(&b, '\n');
	}
	dt_objcache_put(st->kept, 'c', hex, b.ptr, b.size);
	dt_buf_dispose(&b);
}

/* Version `blob` ("": absent) of file f into *v: taken from f's cache
 * when it is the one read last. Negative when the repository is broken. */
static int get_version(version *v, tstate *st, tfile *f, const char *blob)
{
	dt_buf text = DT_BUF_INIT;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!*blob)
		return 0;
	if (f->cache.state && !strcmp(f->cache.blob, blob)) {
		*v = f->cache;
		memset(&f->cache, 0, sizeof(f->cache));
		return 0;
	}
	snprintf(v->blob, sizeof(v->blob), "%s", blob);
	if (version_kept(v, st, f->kind))
		return 0;
	rc = dt_odb_read_blob(&text, st->o, blob);
	if (rc == DT_ETOOBIG) {
		dt_error_clear();
		v->state = 2;
	} else if (rc < 0) {
		return rc;
	} else {
		v->state = 1;
		if (f->kind == F_TASKS &&
		    dt_tasks_parse(&v->tasks, text.ptr, text.size, f->path) < 0) {
			dt_error_clear(); /* NUL bytes */
			v->state = 2;
		} else if (f->kind == F_DIARY) {
			scan_steps(v, &text, f->path);
		} else if (f->kind == F_INDEX) {
			v->state = read_status(v, &text, f->path);
		}
	}
	keep_facts(st, f->kind, v);
	dt_buf_dispose(&text);
	return 0;
}

/* Keep v as the version read last of f. */
static void keep_version(tfile *f, version *v)
{
	version_dispose(&f->cache);
	if (v->state)
		f->cache = *v;
	else
		version_dispose(v);
	memset(v, 0, sizeof(*v));
}

/* ---- what changed between two versions ---- */

/* Changes found in one file (events without their commit). */
typedef struct {
	dt_event *items;
	size_t count, alloc;
} changes;

static dt_event *change_add(changes *c, dt_event_kind kind)
{
	dt_event *e;
	DT_ARRAY_GROW(c->items, c->alloc, c->count + 1);
	e = &c->items[c->count++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->step = -1;
	e->tests_exit = -1;
	return e;
}

static void changes_dispose(changes *c)
{
	for (size_t i = 0; i < c->count; i++)
		event_dispose(&c->items[i]);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

/* A task of the earlier version, by its identity (SPEC §1.4): its stable
 * ID, else its text. */
typedef struct {
	const dt_task *t;
	size_t index;
	int used;
} tref;

static const char *identity(const dt_task *t)
{
	return t->stable ? t->stable : t->text;
}

static int cmp_tref(const void *a, const void *b)
{
	const tref *x = a, *y = b;
	int c = (x->t->stable != NULL) - (y->t->stable != NULL);
	if (!c)
		c = strcmp(identity(x->t), identity(y->t));
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The first unused task of `old` (sorted by cmp_tref) with t's identity;
 * failing that, for a task with a stable ID, one of the same text with
 * none (the marker was added). */
static tref *match_task(tref *old, size_t n, const dt_task *t)
{
	dt_task key = *t;
	for (int pass = 0; pass < 2; pass++) {
		tref probe = {&key, 0, 0};
		size_t lo;
		if (pass == 1) {
			if (!t->stable)
				break;
			key.stable = NULL;
		}
		lo = dt_lower_bound(&probe, old, n, sizeof(*old), cmp_tref);
		for (; lo < n && (old[lo].t->stable != NULL) == (key.stable != NULL) &&
		       !strcmp(identity(old[lo].t), identity(&key));
		     lo++)
			if (!old[lo].used)
				return &old[lo];
	}
	return NULL;
}

static void task_changes(changes *out, const version *a, const version *b)
{
	size_t n = a->tasks.count;
	tref *old = dt_xcalloc(n + 1, sizeof(*old));

	for (size_t i = 0; i < n; i++) {
		old[i].t = &a->tasks.items[i];
		old[i].index = i;
	}
	qsort(old, n, sizeof(*old), cmp_tref);
	for (size_t i = 0; i < b->tasks.count; i++) {
		const dt_task *t = &b->tasks.items[i];
		tref *m = match_task(old, n, t);
		dt_event *e;
		if (m)
			m->used = 1;
		if (t->done == (m && m->t->done))
			continue;
		e = change_add(out, t->done ? DT_EV_TASK_CHECKED : DT_EV_TASK_UNCHECKED);
		e->task = t->number;
		e->task_id = dt_xstrdup_null(t->stable);
		e->task_text = dt_xstrdup(t->text);
	}
	free(old);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Steps whose number the earlier version does not have (a number written
 * twice counts at its first heading). */
static void step_changes(changes *out, const version *a, const version *b)
{
	long *old = dt_xmalloc((a->nsteps + 1) * sizeof(*old));
	long *now = dt_xmalloc((b->nsteps + 1) * sizeof(*now));
	size_t nnow = 0;

	for (size_t i = 0; i < a->nsteps; i++)
		old[i] = a->steps[i].number;
	qsort(old, a->nsteps, sizeof(*old), cmp_long);
	for (size_t i = 0; i < b->nsteps; i++) {
		const sstep *s = &b->steps[i];
		dt_event *e;
		if ((a->nsteps && bsearch(&s->number, old, a->nsteps, sizeof(*old), cmp_long)) ||
		    (nnow && bsearch(&s->number, now, nnow, sizeof(*now), cmp_long)))
			continue;
		/* kept sorted: steps are mostly added at the end, in order */
		{
			size_t k = nnow++;
			for (; k && now[k - 1] > s->number; k--)
				now[k] = now[k - 1];
			now[k] = s->number;
		}
		e = change_add(out, DT_EV_STEP_ADDED);
		e->step_number = s->number;
		e->step_title = dt_xstrdup(s->title);
	}
	free(old);
	free(now);
}

/* What changed from a (absent: state 0) to b. A version that cannot be
 * read says nothing. */
static void compare(changes *out, int kind, const version *a, const version *b)
{
	if (b->state != 1 || a->state == 2)
		return;
	if (kind == F_TASKS) {
		task_changes(out, a, b);
	} else if (kind == F_DIARY) {
		step_changes(out, a, b);
	} else if (!nullable_eq(a->status, b->status)) {
		dt_event *e = change_add(out, DT_EV_STATUS);
		e->status_from = dt_xstrdup_null(a->status);
		e->status_to = dt_xstrdup_null(b->status);
	}
}

/* Does `c` hold a change of the same thing to the same state as e? */
static int holds(const changes *c, const dt_event *e)
{
	for (size_t i = 0; i < c->count; i++) {
		const dt_event *x = &c->items[i];
		if (x->kind != e->kind)
			continue;
		if (e->kind == DT_EV_STEP_ADDED && x->step_number == e->step_number)
			return 1;
		if (e->kind == DT_EV_STATUS && nullable_eq(x->status_to, e->status_to))
			return 1;
		if ((e->kind == DT_EV_TASK_CHECKED || e->kind == DT_EV_TASK_UNCHECKED) &&
		    nullable_eq(x->task_id, e->task_id) &&
		    (e->task_id || !strcmp(x->task_text, e->task_text)))
			return 1;
	}
	return 0;
}

/* ---- the tickets as they are in the tip ---- */

static int cmp_trec(const void *a, const void *b)
{
	const trec *x = a, *y = b;
	int c = strcmp(x->hex, y->hex);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int cmp_tfile(const void *a, const void *b)
{
	return strcmp(((const tfile *)a)->path, ((const tfile *)b)->path);
}

/* A full id against a record's hash, by their first seven digits. */
static int cmp_key_trec7(const void *hex, const void *rec)
{
	return strncmp(hex, ((const trec *)rec)->hex, 7);
}

static tfile *file_of(const tstate *st, const char *path)
{
	tfile key;
	memset(&key, 0, sizeof(key));
	key.path = (char *)path;
	return st->nfiles ? bsearch(&key, st->files, st->nfiles, sizeof(*st->files), cmp_tfile)
	                  : NULL;
}

/* The .md files of a ticket folder in the tip, relative to it. */
static tfile *add_file(tstate *st, size_t *alloc, char *path, size_t ticket, int kind)
{
	tfile *f;
	DT_ARRAY_GROW(st->files, *alloc, st->nfiles + 1);
	f = &st->files[st->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->ticket = ticket;
	f->kind = kind;
	return f;
}

/* The text of a Tests line after its label, or NULL. */
static char *tests_text(const char *data, const dt_record *r)
{
	const char *at;
	size_t len;
	return dt_record_tests_text(&at, &len, data, r) ? dt_xstrndup(at, len) : NULL;
}

static void index_records(tstate *st, size_t *alloc, size_t ti, const char *path, const dt_diary *d,
                          const char *text)
{
	for (size_t r = 0; r < d->nrecords; r++) {
		const dt_record *rec = &d->records[r];
		for (size_t h = 0; h < rec->nhashes; h++) {
			trec *x;
			if (rec->hashes[h].foreign || strlen(rec->hashes[h].hex) < 7)
				continue;
			DT_ARRAY_GROW(st->recs, *alloc, st->nrecs + 1);
			x = &st->recs[st->nrecs++];
			x->hex = dt_xstrdup(rec->hashes[h].hex);
			x->order = st->nrecs - 1;
			x->ticket = ti;
			x->step = rec->step == DT_NO_STEP ? -1 : d->steps[rec->step].number;
			x->diary = path;
			x->tests = tests_text(text, rec);
			x->tests_exit = rec->tests_line ? rec->tests_exit : -1;
		}
	}
}

/* Parse a tip's diary for its records: its frontmatter (libyaml, the
 * costly part) is not needed, so the body alone is parsed when it cannot
 * be mistaken for a document with frontmatter. */
static int parse_records(dt_diary *d, const dt_buf *text, const char *path, size_t *skip)
{
	dt_frontmatter_span span;
	*skip = 0;
	if (dt_frontmatter_find(&span, text->ptr, text->size, path) == 1 &&
	    strncmp(text->ptr + span.body_off, "---", 3))
		*skip = span.body_off;
	dt_error_clear();
	return dt_diary_parse(d, text->ptr + *skip, text->size - *skip, path);
}

/* One diary of ticket ti (`path` relative to the top, owned by its
 * tfile now) and, without traces, its records as they are in the tip. */
static int load_diary(tstate *st, size_t ti, char *path, size_t *falloc, size_t *ralloc)
{
	dt_buf text = DT_BUF_INIT;
	dt_diary d;
	char blob[DT_HEX_MAX];
	size_t skip;
	tfile *f;
	int rc;

	memset(&d, 0, sizeof(d));
	/* its history is followed at the path it has in the tip; with
	 * traces, the rules have read its records */
	f = add_file(st, falloc, path, ti, F_DIARY);
	if (st->traced)
		return 0;
	if ((rc = dt_odb_entry_id(blob, st->o, st->tip_tree, f->path)) == 0 &&
	    (rc = dt_odb_read_blob(&text, st->o, blob)) == 0) {
		if (parse_records(&d, &text, f->path, &skip) == 0) {
			/* other repositories' commits are not this history's */
			dt_diary_mark_repos(&d, text.ptr + skip, &st->cfg->repo_names);
			index_records(st, ralloc, ti, f->path, &d, text.ptr + skip);
		}
		/* the version the history of the diary starts from */
		snprintf(f->cache.blob, sizeof(f->cache.blob), "%s", blob);
		f->cache.state = 1;
		scan_steps(&f->cache, &text, f->path);
	}
	if (rc != DT_EIO)
		rc = 0;
	dt_error_clear();
	dt_diary_dispose(&d);
	dt_buf_dispose(&text);
	return rc;
}

/* A ticket's files, and its diaries' records as they are in the tip
 * (SPEC 1.5: every diary, the writer's first). */
static int load_ticket(tstate *st, size_t ti, const char *root, const char *tip, size_t *falloc,
                       size_t *ralloc)
{
	const dt_ticket *t = &st->tk->items[ti];
	dt_strvec paths = DT_STRVEC_INIT;
	char *dir = join(root, t->dir);
	int rc;

	add_file(st, falloc, join(dir, "index.md"), ti, F_INDEX);
	add_file(st, falloc, join(dir, "tasks.md"), ti, F_TASKS);
	rc = dt_odb_diaries(&paths, st->o, tip, dir, st->cfg);
	for (size_t i = 0; rc >= 0 && i < paths.count; i++) {
		const char *rel = paths.items[i] + (*dir ? strlen(dir) + 1 : 0);
		if (!strcmp(rel, "index.md") || !strcmp(rel, "tasks.md"))
			continue;
		st->ndiaries[ti]++;
		rc = load_diary(st, ti, dt_xstrdup(paths.items[i]), falloc, ralloc);
	}
	if (rc > 0)
		rc = 0;
	dt_strvec_dispose(&paths);
	free(dir);
	return rc;
}

/* ---- the commits that name a ticket or that a diary records ---- */

/* A new event of commit `node` in ticket ti's timeline. */
static dt_event *add_event(tstate *st, size_t ti, size_t node, dt_event_kind kind)
{
	size_t tl_i = (size_t)st->slot[ti];
	dt_timeline *tl = &st->out->items[tl_i];
	tnode *n = &st->nodes[node];
	tkey *k;
	dt_event *e;

	if (!n->abbrev[0] && dt_odb_abbrev(n->abbrev, st->o, n->hex) < 0) {
		dt_error_clear();
		snprintf(n->abbrev, sizeof(n->abbrev), "%.7s", n->hex);
	}
	DT_ARRAY_GROW(tl->items, tl->alloc, tl->count + 1);
	DT_ARRAY_GROW(st->keys[tl_i], st->akeys[tl_i], tl->count + 1);
	k = &st->keys[tl_i][tl->count];
	e = &tl->items[tl->count++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->time = n->time;
	e->offset = n->offset;
	memcpy(e->commit, n->hex, DT_HEX_MAX);
	memcpy(e->abbrev, n->abbrev, DT_HEX_MAX);
	e->author = dt_xstrdup(n->author);
	e->subject = dt_xstrdup(n->subject);
	e->step = -1;
	e->tests_exit = -1;
	k->node = node;
	k->rank = kind == DT_EV_COMMIT       ? 0
	          : kind == DT_EV_STEP_ADDED ? 1
	          : kind == DT_EV_STATUS     ? 3
	                                     : 2;
	k->seq = st->seq++;
	return e;
}

/* `path` (relative to the top) relative to ticket ti's folder. */
static const char *in_ticket(const tstate *st, size_t ti, const char *path)
{
	const char *dir = st->tk->items[ti].dir, *p = path;
	size_t rl = strlen(st->root), dl = strlen(dir);
	if (rl && !strncmp(p, st->root, rl) && p[rl] == '/')
		p += rl + 1;
	else if (rl)
		return path;
	if (dl && !strncmp(p, dir, dl) && p[dl] == '/')
		p += dl + 1;
	else if (dl)
		return path;
	return p;
}

/* A step's diary (relative to the top) on event e of ticket ti. */
static void set_diary(tstate *st, size_t ti, dt_event *e, const char *diary)
{
	if (!diary)
		return;
	e->diary = dt_xstrdup(in_ticket(st, ti, diary));
	e->ndiaries = st->ndiaries[ti];
}

/* The events of commit `node` for the tickets it is traced to. */
static void traced_events(tstate *st, const dt_rules_trace *t, size_t n, size_t node)
{
	for (size_t i = 0; i < n; i++) {
		dt_event *e;
		if (t[i].ticket >= st->tk->count || st->slot[t[i].ticket] < 0)
			continue;
		e = add_event(st, t[i].ticket, node, DT_EV_COMMIT);
		e->names = t[i].names;
		e->step = t[i].step;
		if (t[i].step >= 0)
			set_diary(st, t[i].ticket, e, t[i].diary);
		e->tests = dt_xstrdup_null(t[i].tests);
		e->tests_exit = t[i].tests_exit;
	}
}

/* The tickets commit c is traced to, found as the rules find them (its
 * message, as rules.c reads it, and the diaries' records), and their
 * events. */
static void commit_events(tstate *st, const dt_commit *c, size_t node)
{
	dt_refs refs = DT_REFS_INIT;
	dt_rules_traces t = DT_RULES_TRACES_INIT;
	size_t lo;

	if (dt_refs_extract(&refs, c->message, st->cfg) < 0)
		dt_error_clear();
	for (size_t i = 0; i < refs.count; i++) {
		/* each distinct ref is resolved once: messages repeat a few IDs */
		const dt_resolution *res = dt_resolver_get(&st->resolver, refs.items[i].text);
		dt_ticket_group g = {0, 0};
		if (res->status == DT_RESOLVE_OK)
			g = dt_tickets_group(st->tk, res->ids.items[0]);
		for (size_t k = 0; k < g.count; k++)
			if (st->slot[g.first + k] >= 0)
				dt_rules_traces_add(&t, g.first + k, 1, -1, -1, NULL, NULL, -1);
	}
	dt_refs_dispose(&refs);
	/* the records naming it all start with its first seven digits */
	lo = dt_lower_bound(c->hex, st->recs, st->nrecs, sizeof(*st->recs), cmp_key_trec7);
	for (; lo < st->nrecs && !strncmp(st->recs[lo].hex, c->hex, 7); lo++) {
		const trec *r = &st->recs[lo];
		if (!strncmp(r->hex, c->hex, strlen(r->hex)))
			dt_rules_traces_add(&t, r->ticket, 0, (long)r->order, r->step, r->diary,
			                    r->tests, r->tests_exit);
	}
	traced_events(st, t.items, t.count, node);
	dt_rules_traces_dispose(&t);
}

/* A commit of the history as a new node; without traces, its events
 * from its message and the records of the diaries (with, they come
 * later: dt_timelines_trace). */
static int add_node(tstate *st, const dt_commit *c)
{
	size_t node = st->nnodes;
	tnode *n;

	DT_ARRAY_GROW(st->nodes, st->anodes, st->nnodes + 1);
	n = &st->nodes[st->nnodes++];
	memset(n, 0, sizeof(*n));
	memcpy(n->hex, c->hex, DT_HEX_MAX);
	memcpy(n->tree, c->tree, DT_HEX_MAX);
	memcpy(n->parent_hex, c->parent, DT_HEX_MAX);
	n->parent = NONE;
	n->nparents = c->nparents;
	n->time = c->commit_time;
	n->offset = c->commit_offset;
	n->author = dt_xstrdup(c->author ? c->author : "");
	n->subject = dt_xstrdup(c->subject ? c->subject : "");
	if (c->nparents > 1) {
		/* a merge's other parents ("hex^2", ...) */
		n->more_hex = dt_xcalloc(c->nparents, sizeof(*n->more_hex));
		n->more = dt_xcalloc(c->nparents, sizeof(*n->more));
		for (size_t p = 2; p <= c->nparents; p++) {
			char rev[DT_HEX_MAX + 24], hex[DT_HEX_MAX];
			int error;
			snprintf(rev, sizeof(rev), "%s^%zu", c->hex, p);
			if ((error = dt_odb_resolve(hex, st->o, rev)) < 0)
				return error;
			n->more[n->nmore] = NONE;
			n->more_hex[n->nmore++] = dt_xstrdup(hex);
		}
	}
	if (!st->traced)
		commit_events(st, c, node);
	return 0;
}

/* ---- the changes of the tickets' files, commit by commit ---- */

/* The id of the compared folder in node i's tree ("" when it has none).
 * Most commits change nothing under the prefix's first folder, whose id
 * is then the one seen last: the rest of the way is not walked again. */
static int sub_of(const char **out, tstate *st, size_t i)
{
	tnode *n = &st->nodes[i];
	char top[DT_HEX_MAX];
	size_t len = strcspn(st->prefix, "/");
	int rc;

	*out = n->sub;
	if (n->has_sub)
		return 0;
	n->has_sub = 1;
	n->sub[0] = '\0';
	if (!st->prefix[len]) {
		rc = dt_odb_entry_id(n->sub, st->o, n->tree, st->prefix);
	} else {
		char *first = dt_xstrndup(st->prefix, len);
		rc = dt_odb_entry_id(top, st->o, n->tree, first);
		free(first);
		if (rc == 0 && !strcmp(top, st->last_top)) {
			memcpy(n->sub, st->last_sub, DT_HEX_MAX);
			return 0;
		}
		if (rc == 0) {
			rc = dt_odb_entry_id(n->sub, st->o, top, st->prefix + len + 1);
			if (rc == 0 || rc == DT_ENOTFOUND) {
				memcpy(st->last_top, top, DT_HEX_MAX);
				memcpy(st->last_sub, n->sub, DT_HEX_MAX);
			}
		}
	}
	if (rc == DT_ENOTFOUND) {
		dt_error_clear();
		n->sub[0] = '\0';
		rc = 0;
	}
	return rc;
}

/* The blob id of file f in the compared folder `sub` ("" when absent). */
static int blob_in(char out[DT_HEX_MAX], tstate *st, const char *sub, const tfile *f)
{
	size_t pl = strlen(st->prefix);
	int rc;
	out[0] = '\0';
	if (!*sub)
		return 0;
	rc = dt_odb_entry_id(out, st->o, sub, f->path + pl + (pl ? 1 : 0));
	if (rc == DT_ENOTFOUND) {
		dt_error_clear();
		out[0] = '\0';
		return 0;
	}
	return rc;
}

/* The changes of f from blob `ida` to blob `idb` ("": absent); `keep`:
 * keep the version of ida for the next commit down. */
static int file_changes(changes *out, tstate *st, tfile *f, const char *ida, const char *idb,
                        int keep)
{
	version a, b;
	int error;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (!strcmp(ida, idb))
		return 0;
	if ((error = get_version(&b, st, f, idb)) == 0 &&
	    (error = get_version(&a, st, f, ida)) == 0)
		compare(out, f->kind, &a, &b);
	version_dispose(&b);
	if (keep && !error)
		keep_version(f, &a);
	version_dispose(&a);
	return error;
}

static void take_changes(tstate *st, const tfile *f, size_t node, changes *ch)
{
	for (size_t j = 0; j < ch->count; j++) {
		dt_event *x = &ch->items[j];
		dt_event *e = add_event(st, f->ticket, node, x->kind);
		if (x->kind == DT_EV_STEP_ADDED)
			set_diary(st, f->ticket, e, f->path);
		e->task = x->task;
		e->task_id = x->task_id;
		e->task_text = x->task_text;
		e->step_number = x->step_number;
		e->step_title = x->step_title;
		e->status_from = x->status_from;
		e->status_to = x->status_to;
		memset(x, 0, sizeof(*x));
	}
}

/* The events of commit i's changes to the tickets' files: against its
 * first parent; for a merge, only what differs from every parent (what
 * a merged branch did is its own commits' events). */
static int file_events(tstate *st, size_t i)
{
	tnode *n = &st->nodes[i];
	dt_odb_deltas deltas = {0};
	const char *after, *before = "";
	int error = 0;

	if (n->nparents && n->parent == NONE)
		return 0; /* its parent was not walked (a shallow clone) */
	if (!deltas_kept(&deltas, st, n->hex)) {
		if ((error = sub_of(&after, st, i)) < 0 ||
		    (n->nparents && (error = sub_of(&before, st, n->parent)) < 0))
			return error;
		if (strcmp(before, after))
			error = dt_odb_diff_trees(&deltas, st->o, before, after, st->prefix);
		if (!error)
			keep_deltas(st, n->hex, &deltas);
	}
	for (size_t d = 0; d < deltas.count && !error; d++) {
		const dt_odb_delta *x = &deltas.items[d];
		tfile *f = file_of(st, x->path);
		changes ch = {0};
		if (!f || st->slot[f->ticket] < 0)
			continue;
		error = file_changes(&ch, st, f, x->from, x->to, 1);
		for (size_t k = 0; k < n->nmore && ch.count && !error; k++) {
			changes alt = {0};
			char other[DT_HEX_MAX] = "";
			const char *osub = "";
			size_t kept = 0;
			if ((n->more[k] != NONE && (error = sub_of(&osub, st, n->more[k])) < 0) ||
			    (error = blob_in(other, st, osub, f)) < 0 ||
			    (error = file_changes(&alt, st, f, other, x->to, 0)) < 0)
				break;
			for (size_t j = 0; j < ch.count; j++) {
				if (holds(&alt, &ch.items[j]))
					ch.items[kept++] = ch.items[j];
				else
					event_dispose(&ch.items[j]);
			}
			ch.count = kept;
			changes_dispose(&alt);
		}
		if (!error)
			take_changes(st, f, i, &ch);
		changes_dispose(&ch);
	}
	dt_odb_deltas_dispose(&deltas);
	return error;
}

/* ---- the history's shape, as it streams in ---- */

static const char *parent_id(const tnode *n, size_t slot)
{
	return slot ? n->more_hex[slot - 1] : n->parent_hex;
}

static size_t *parent_slot(tnode *n, size_t slot)
{
	return slot ? &n->more[slot - 1] : &n->parent;
}

static size_t node_of(const tstate *st, const char *hex)
{
	for (int32_t i = dt_hexmap_first(&st->seen, hex); i >= 0; i = dt_hexmap_next(&st->seen, i))
		if (!strcmp(st->nodes[st->seen.items[i].a].hex, hex))
			return st->seen.items[i].a;
	return NONE;
}

/* Node i's file events, once (its parents linked, or never walked). */
static int take_file_events(tstate *st, size_t i)
{
	if (st->nodes[i].done)
		return 0;
	st->nodes[i].done = 1;
	return file_events(st, i);
}

/* The node added last: linked to its parents walked already, the others
 * waited for; the nodes waiting for it linked; the file events of every
 * node whose parents are all there taken, children before parents (the
 * walk's order, in which a file's version read as one commit's "before"
 * is the next one's "after"). */
static int link_node(tstate *st)
{
	size_t i = st->nnodes - 1, nslots;
	tnode *n = &st->nodes[i];
	int error = 0;

	nslots = n->nparents ? 1 + n->nmore : 0;
	n->missing = nslots;
	for (size_t slot = 0; slot < nslots; slot++) {
		size_t p = node_of(st, parent_id(n, slot));
		if (p != NONE) {
			*parent_slot(n, slot) = p;
			n->missing--;
		} else {
			dt_hexmap_add(&st->waiting, parent_id(n, slot), (uint32_t)i,
			              (uint32_t)slot);
		}
	}
	dt_hexmap_add(&st->seen, n->hex, (uint32_t)i, 0);
	for (int32_t w = dt_hexmap_first(&st->waiting, n->hex); w >= 0 && !error;
	     w = dt_hexmap_next(&st->waiting, w)) {
		size_t child = st->waiting.items[w].a, slot = st->waiting.items[w].b;
		tnode *cn = &st->nodes[child];
		if (*parent_slot(cn, slot) != NONE || strcmp(parent_id(cn, slot), n->hex))
			continue;
		*parent_slot(cn, slot) = i;
		if (--cn->missing == 0)
			error = take_file_events(st, child);
	}
	if (!error && !st->nodes[i].missing)
		error = take_file_events(st, i);
	return error;
}

/* Why no step needs to record commit i (SPEC §4.1), as the rules judge
 * it (rules.c). */
static dt_exempt exempt_of(tstate *st, size_t i)
{
	tnode *n = &st->nodes[i];
	dt_strvec paths = DT_STRVEC_INIT;
	int yes = 0, rc;

	if (n->exempt)
		return (dt_exempt)(n->exempt - 1);
	if (n->nparents > 1)
		n->exempt = 1 + DT_EXEMPT_MERGE;
	else if (dt_subject_target(n->subject) != n->subject)
		n->exempt = 1 + DT_EXEMPT_FIXUP;
	if (n->exempt)
		return (dt_exempt)(n->exempt - 1);
	if (st->cfg->bookkeeping.count) {
		if ((rc = dt_odb_changed(&paths, st->o, n->hex, "")) == 0)
			yes = dt_bookkeeping_paths(&paths, st->root, st->cfg);
	} else if (!n->nparents || n->parent != NONE) {
		/* kept by commit, as the rules keep it ('b') */
		if ((yes = dt_objcache_flag(st->kept, 'b', n->hex)) < 0) {
			yes = 0;
			rc = dt_odb_only_under_trees(&yes, st->o, n->tree,
			                             n->nparents ? st->nodes[n->parent].tree : NULL,
			                             st->root);
			if (rc == 0)
				dt_objcache_put_flag(st->kept, 'b', n->hex, yes);
		}
	}
	dt_error_clear();
	dt_strvec_dispose(&paths);
	n->exempt = 1 + (yes ? DT_EXEMPT_BOOKKEEPING : DT_EXEMPT_NONE);
	return (dt_exempt)(n->exempt - 1);
}

static void exemptions(tstate *st)
{
	for (size_t t = 0; t < st->out->count; t++) {
		dt_timeline *tl = &st->out->items[t];
		for (size_t k = 0; k < tl->count; k++)
			if (tl->items[k].kind == DT_EV_COMMIT && tl->items[k].step < 0)
				tl->items[k].exempt = exempt_of(st, st->keys[t][k].node);
	}
}

/* ---- the order of the history ---- */

/* Generation numbers: a commit's is above its ancestors'. */
static void generations(tstate *st)
{
	size_t *stack = dt_xmalloc((st->nnodes + 1) * sizeof(*stack));
	unsigned char *state = dt_xcalloc(st->nnodes + 1, 1);

	for (size_t i = 0; i < st->nnodes; i++) {
		size_t top = 0;
		if (state[i])
			continue;
		stack[top++] = i;
		state[i] = 1;
		while (top) {
			tnode *n = &st->nodes[stack[top - 1]];
			size_t next = NONE;
			uint64_t gen = 0;
			for (size_t k = 0; k <= n->nmore && next == NONE; k++) {
				size_t p = k ? n->more[k - 1] : n->parent;
				if (p == NONE)
					continue;
				if (state[p] == 0)
					next = p;
				else if (st->nodes[p].gen > gen)
					gen = st->nodes[p].gen;
			}
			if (next != NONE) {
				state[next] = 1;
				stack[top++] = next;
				continue;
			}
			n->gen = gen + 1;
			state[stack[--top]] = 2;
		}
	}
	free(stack);
	free(state);
}

typedef struct {
	dt_event e;
	tkey k;
} sortable;

static int cmp_sortable(const void *a, const void *b, void *payload)
{
	const sortable *x = a, *y = b;
	const tnode *nodes = payload, *nx = &nodes[x->k.node], *ny = &nodes[y->k.node];
	int c;
	if (x->e.time != y->e.time)
		return x->e.time < y->e.time ? -1 : 1;
	if (nx->gen != ny->gen)
		return nx->gen < ny->gen ? -1 : 1;
	if ((c = strcmp(nx->hex, ny->hex)))
		return c;
	if (x->k.rank != y->k.rank)
		return x->k.rank < y->k.rank ? -1 : 1;
	return (x->k.seq > y->k.seq) - (x->k.seq < y->k.seq);
}

/* Oldest first: commit date, then parents before children, then within
 * a commit: the commit, steps, tasks, status. */
static void sort_timeline(dt_timeline *tl, const tkey *keys, const tnode *nodes)
{
	sortable *s;
	if (tl->count < 2)
		return;
	s = dt_xmalloc(tl->count * sizeof(*s));
	for (size_t i = 0; i < tl->count; i++) {
		s[i].e = tl->items[i];
		s[i].k = keys[i];
	}
	qsort_r(s, tl->count, sizeof(*s), cmp_sortable, (void *)nodes);
	for (size_t i = 0; i < tl->count; i++)
		tl->items[i] = s[i].e;
	free(s);
}

/* ---- entry points ---- */

static void state_dispose(tstate *st)
{
	for (size_t i = 0; i < st->nrecs; i++) {
		free(st->recs[i].hex);
		free(st->recs[i].tests);
	}
	free(st->recs);
	for (size_t i = 0; i < st->nfiles; i++) {
		free(st->files[i].path);
		version_dispose(&st->files[i].cache);
	}
	free(st->files);
	for (size_t i = 0; i < st->nnodes; i++) {
		tnode *n = &st->nodes[i];
		for (size_t k = 0; k < n->nmore; k++)
			free(n->more_hex[k]);
		free(n->more_hex);
		free(n->more);
		free(n->author);
		free(n->subject);
	}
	free(st->nodes);
	dt_resolver_dispose(&st->resolver);
	for (size_t i = 0; i < st->asked; i++)
		free(st->keys[i]);
	free(st->keys);
	free(st->akeys);
	free(st->slot);
	free(st->ndiaries);
	dt_hexmap_dispose(&st->seen);
	dt_hexmap_dispose(&st->waiting);
	free(st->only_prefix);
}

int dt_timelines_begin(dt_timeline_builder **out, dt_odb *o, const dt_config *cfg, const char *root,
                       const char *tip, const dt_tickets *tk, const char *only, int with_traces,
                       const char *kept)
{
	dt_timeline_builder *b = dt_xcalloc(1, sizeof(*b));
	tstate *st = &b->st;
	size_t falloc = 0, ralloc = 0;
	int error = 0;

	*out = NULL;
	st->o = o;
	st->cfg = cfg;
	st->tk = tk;
	st->traced = with_traces;
	st->root = root;
	st->cache = NONE;
	dt_resolver_init(&st->resolver, tk);
	st->out = &b->tl;
	st->slot = dt_xmalloc((tk->count + 1) * sizeof(*st->slot));
	st->ndiaries = dt_xcalloc(tk->count + 1, sizeof(*st->ndiaries));
	for (size_t i = 0; i < tk->count; i++)
		st->slot[i] =
		    !only || !dt_ascii_casecmp(tk->items[i].id, only) ? (long)st->asked++ : -1;
	b->tl.items = dt_xcalloc(st->asked + 1, sizeof(*b->tl.items));
	b->tl.count = st->asked;
	st->keys = dt_xcalloc(st->asked + 1, sizeof(*st->keys));
	st->akeys = dt_xcalloc(st->asked + 1, sizeof(*st->akeys));
	st->prefix = root;
	if (!st->asked)
		goto done;
	/* trees are read again and again (the tip's for every ticket, those of
	 * a diff by the next diff down), commits again for their abbreviation:
	 * a cache that does not fill up */
	st->cache = dt_odb_cache_limit(32u << 20);
	{
		dt_commit c;
		if ((error = dt_odb_commit(&c, o, tip)) < 0)
			goto done;
		memcpy(st->tip_tree, c.tree, DT_HEX_MAX);
		dt_commit_dispose(&c);
	}
	for (size_t i = 0; i < tk->count && !error; i++) {
		if (st->slot[i] < 0)
			continue;
		b->tl.items[st->slot[i]].id = dt_xstrdup(tk->items[i].id);
		b->tl.items[st->slot[i]].dir = dt_xstrdup(tk->items[i].dir);
		error = load_ticket(st, i, root, tip, &falloc, &ralloc);
		/* one ticket asked for: only its folder is compared */
		if (only && st->asked == 1)
			st->only_prefix = join(root, tk->items[i].dir);
	}
	if (error < 0)
		goto done;
	if (st->only_prefix)
		st->prefix = st->only_prefix;
	if (kept) {
		char *scope = dt_xasprintf("diarist-timelines/" KEPT_FORMAT " %s", root);
		st->kept = dt_objcache_open(kept, scope);
		free(scope);
	}
	if (st->nrecs) /* no qsort of NULL (UBSan) */
		qsort(st->recs, st->nrecs, sizeof(*st->recs), cmp_trec);
	if (st->nfiles)
		qsort(st->files, st->nfiles, sizeof(*st->files), cmp_tfile);
done:
	if (error < 0) {
		dt_timelines_end(b, NULL);
		return error;
	}
	*out = b;
	return 0;
}

int dt_timelines_add(dt_timeline_builder *b, const dt_commit *c)
{
	tstate *st = &b->st;
	if (st->error || !st->asked)
		return st->error;
	if ((st->error = add_node(st, c)) == 0)
		st->error = link_node(st);
	return st->error;
}

void dt_timelines_trace(dt_timeline_builder *b, const dt_rules_trace *t, size_t n)
{
	tstate *st = &b->st;
	size_t node = st->ntraced++;
	if (!st->error && st->asked && node < st->nnodes)
		traced_events(st, t, n, node);
}

int dt_timelines_end(dt_timeline_builder *b, dt_timelines *out)
{
	tstate *st;
	int error;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!b)
		return 0;
	st = &b->st;
	error = st->error;
	/* the nodes whose parents were never walked (a shallow clone) */
	for (size_t i = 0; i < st->nnodes && out && !error; i++)
		error = take_file_events(st, i);
	if (out && !error) {
		exemptions(st);
		generations(st);
		for (size_t i = 0; i < b->tl.count; i++)
			sort_timeline(&b->tl.items[i], st->keys[i], st->nodes);
		*out = b->tl;
		memset(&b->tl, 0, sizeof(b->tl));
	}
	if (st->cache != NONE)
		dt_odb_cache_limit(st->cache);
	if (st->kept && !error)
		dt_objcache_save(st->kept);
	dt_objcache_free(st->kept);
	dt_timelines_dispose(&b->tl);
	state_dispose(st);
	free(b);
	return error;
}

static int walk_add(const dt_commit *c, void *payload)
{
	return dt_timelines_add(payload, c);
}

int dt_timelines_build(dt_timelines *out, dt_odb *o, const dt_config *cfg, const char *root,
                       const char *tip, const dt_tickets *tk, const char *only, const char *kept)
{
	dt_timeline_builder *b;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = dt_timelines_begin(&b, o, cfg, root, tip, tk, only, 0, kept)) < 0)
		return error;
	error = b->st.asked ? dt_odb_walk(o, tip, walk_add, b) : 0;
	if (error == DT_ENOTFOUND && dt_odb_shallow(o)) {
		/* libgit2 1.5 does not read .git/shallow: the walk stops at the
		 * first commit cut off, and what it had walked is all there is
		 * (a commit whose parent was not walked has no file events) */
		dt_error_clear();
		error = b->st.error = 0;
	}
	if (error < 0) {
		dt_timelines_end(b, NULL);
		return error;
	}
	return dt_timelines_end(b, out);
}

void dt_timelines_kept_path(dt_buf *out, const char *commondir)
{
	dt_path_join(out, commondir, "diarist/history.cache");
}

void dt_timelines_dispose(dt_timelines *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++) {
		dt_timeline *tl = &t->items[i];
		for (size_t k = 0; k < tl->count; k++)
			event_dispose(&tl->items[k]);
		free(tl->items);
		free(tl->id);
		free(tl->dir);
	}
	free(t->items);
	memset(t, 0, sizeof(*t));
}

/* ---- words for an event ---- */

/* n as `width` digits at p (zeros in front); returns the end. */
static char *digits(char *p, long n, int width)
{
	for (int i = width - 1; i >= 0; i--, n /= 10)
		p[i] = (char)('0' + n % 10);
	return p + width;
}

void dt_event_time(char *out, size_t size, const dt_event *e, int iso)
{
	time_t t = (time_t)(e->time + (int64_t)e->offset * 60);
	int off = e->offset < 0 ? -e->offset : e->offset;
	struct tm tm;
	char text[32], *p = text;

	/* written by hand: a report formats tens of thousands of them */
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		snprintf(out, size, "%lld", (long long)e->time);
		return;
	}
	p = digits(p, tm.tm_year + 1900, 4);
	*p++ = '-';
	p = digits(p, tm.tm_mon + 1, 2);
	*p++ = '-';
	p = digits(p, tm.tm_mday, 2);
	*p++ = iso ? 'T' : ' ';
	p = digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = digits(p, tm.tm_min, 2);
	if (iso) {
		*p++ = ':';
		p = digits(p, tm.tm_sec, 2);
		*p++ = e->offset < 0 ? '-' : '+';
		p = digits(p, off / 60 % 100, 2);
		*p++ = ':';
		p = digits(p, off % 60, 2);
	}
	*p = '\0';
	snprintf(out, size, "%s", text);
}

const char *dt_exempt_name(dt_exempt x)
{
	switch (x) {
	case DT_EXEMPT_BOOKKEEPING:
		return "bookkeeping";
	case DT_EXEMPT_MERGE:
		return "merge";
	case DT_EXEMPT_FIXUP:
		return "fixup";
	default:
		return "not recorded";
	}
}

const char *dt_event_kind_name(dt_event_kind k)
{
	switch (k) {
	case DT_EV_COMMIT:
		return "commit";
	case DT_EV_TASK_CHECKED:
		return "task-checked";
	case DT_EV_TASK_UNCHECKED:
		return "task-unchecked";
	case DT_EV_STEP_ADDED:
		return "step-added";
	default:
		return "status";
	}
}

/* "exit 0, 42 passed, 0 failed" of a Tests line "`cmd` — exit 0; 42
 * passed, 0 failed; 3.1 s; commit ..., tree ..."; else the line itself. */
static void tests_summary(dt_buf *out, const dt_event *e)
{
	const char *t = e->tests, *counts = t ? strstr(t, " passed") : NULL;
	if (e->tests_exit < 0 && t) {
		dt_buf_puts(out, t);
		return;
	}
	dt_buf_printf(out, "exit %d", e->tests_exit);
	if (counts) {
		const char *start = counts, *end = counts + strcspn(counts, ";");
		while (start > t && start[-1] != ';')
			start--;
		while (start < end && *start == ' ')
			start++;
		dt_buf_printf(out, ", %.*s", (int)(end - start), start);
	}
}

void dt_event_what(dt_buf *out, const dt_event *e)
{
	switch (e->kind) {
	case DT_EV_COMMIT:
		dt_buf_puts(out, e->subject);
		if (e->step >= 0)
			dt_buf_printf(out, "  (step %ld", e->step);
		if (e->step >= 0 && e->diary && e->ndiaries > 1)
			dt_buf_printf(out, " of %s", e->diary);
		else if (e->step < 0)
			dt_buf_printf(out, "  (%s", dt_exempt_name(e->exempt));
		if (e->tests) {
			dt_buf_puts(out, "; tests: ");
			tests_summary(out, e);
		} else if (e->step >= 0) {
			dt_buf_puts(out, "; no tests");
		}
		if (!e->names)
			dt_buf_puts(out, "; not named in the message");
		dt_buf_putc(out, ')');
		break;
	case DT_EV_TASK_CHECKED:
	case DT_EV_TASK_UNCHECKED:
		dt_buf_printf(out, "task %zu", e->task);
		if (e->task_id)
			dt_buf_printf(out, " (t:%s)", e->task_id);
		dt_buf_printf(out, " %s: \"%s\"",
		              e->kind == DT_EV_TASK_CHECKED ? "checked" : "unchecked",
		              e->task_text);
		break;
	case DT_EV_STEP_ADDED:
		dt_buf_printf(out, "step %ld added: \"%s\"", e->step_number, e->step_title);
		if (e->diary && e->ndiaries > 1)
			dt_buf_printf(out, " (%s)", e->diary);
		break;
	case DT_EV_STATUS:
		if (!e->status_from)
			dt_buf_printf(out, "status: %s", e->status_to ? e->status_to : "(none)");
		else
			dt_buf_printf(out, "status: %s -> %s", e->status_from,
			              e->status_to ? e->status_to : "(none)");
		break;
	}
}
