#include "objcache.h"
#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "hexmap.h"

#include <stdlib.h>
#include <string.h>

/*
 * The file:
 *
 *   diarist-objcache 1 <scope>\n
 *   then per entry: <kind><hex> <length>\n<length bytes>\n
 *
 * Read whole into `text`; entries put later are appended to it in the same
 * form, so saving writes `text` as it is (or, past the size limit, the
 * entries used only).
 */

#define MAGIC "diarist-objcache 1 "

typedef struct {
	size_t at;   /* of the entry's first byte (its kind) in text */
	size_t data; /* of its bytes */
	size_t len;
	int used;
	int dead; /* replaced by a later entry */
} entry;

struct dt_objcache {
	char *path;
	dt_buf text;
	size_t header; /* the header line's length */
	entry *items;
	size_t count, alloc;
	dt_hexmap map; /* (entry, 0) by id */
	size_t used, dead;
	size_t limit; /* of the file's size */
	int dirty;
};

static int is_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

static int is_kind(char k)
{
	return (k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z');
}

/* The entry for (kind, hex), or NULL. */
static entry *find(dt_objcache *c, char kind, const char *hex, size_t hlen)
{
	for (int32_t i = dt_hexmap_first(&c->map, hex); i >= 0; i = dt_hexmap_next(&c->map, i)) {
		entry *e = &c->items[c->map.items[i].a];
		const char *k = c->text.ptr + e->at;
		if (!e->dead && k[0] == kind && k[1 + hlen] == ' ' && !memcmp(k + 1, hex, hlen))
			return e;
	}
	return NULL;
}

static void add_entry(dt_objcache *c, size_t at, size_t data, size_t len, const char *hex)
{
	DT_ARRAY_GROW(c->items, c->alloc, c->count + 1);
	c->items[c->count].at = at;
	c->items[c->count].data = data;
	c->items[c->count].len = len;
	c->items[c->count].used = 0;
	c->items[c->count].dead = 0;
	dt_hexmap_add(&c->map, hex, (uint32_t)c->count, 0);
	c->count++;
}

static void reset(dt_objcache *c, const char *scope)
{
	dt_buf_clear(&c->text);
	dt_buf_puts(&c->text, MAGIC);
	dt_buf_puts(&c->text, scope);
	dt_buf_putc(&c->text, '\n');
	c->header = c->text.size;
	c->count = 0;
	dt_hexmap_dispose(&c->map);
}

/* Index the entries of c->text after its header: 0, or -1 when the text is
 * not all well-formed entries (then nothing of it is used). */
static int index_text(dt_objcache *c)
{
	const char *t = c->text.ptr;
	size_t n = c->text.size, p = c->header;

	while (p < n) {
		size_t start = p, hlen, len = 0, digits = 0;
		const char *sp, *hex;
		if (!is_kind(t[p]))
			return -1;
		hex = t + p + 1;
		sp = memchr(hex, ' ', n - p - 1);
		if (!sp)
			return -1;
		hlen = (size_t)(sp - hex);
		if ((hlen != 40 && hlen != 64) || !is_hex(hex, hlen))
			return -1;
		p = (size_t)(sp - t) + 1;
		for (; p < n && t[p] >= '0' && t[p] <= '9' && digits < 10; p++, digits++)
			len = len * 10 + (size_t)(t[p] - '0');
		if (!digits || p >= n || t[p] != '\n')
			return -1;
		p++;
		if (len > n - p || n - p - len < 1 || t[p + len] != '\n')
			return -1;
		if (!find(c, t[start], hex, hlen))
			add_entry(c, start, p, len, hex);
		p += len + 1;
	}
	return 0;
}

dt_objcache *dt_objcache_open(const char *path, const char *scope)
{
	dt_objcache *c = dt_xcalloc(1, sizeof(*c));
	size_t hl = strlen(MAGIC) + strlen(scope) + 1;

	dt_buf_init(&c->text);
	c->limit = DT_OBJCACHE_MAX;
	if (strchr(scope, '\n'))
		path = NULL; /* no header can hold it: nothing is kept */
	c->path = path ? dt_xstrdup(path) : NULL;
	if (path && dt_file_read(&c->text, path, DT_OBJCACHE_MAX) == 0 && c->text.size >= hl &&
	    !memcmp(c->text.ptr, MAGIC, strlen(MAGIC)) &&
	    !memcmp(c->text.ptr + strlen(MAGIC), scope, hl - 1 - strlen(MAGIC)) &&
	    c->text.ptr[hl - 1] == '\n') {
		c->header = hl;
		if (index_text(c) == 0)
			return c;
	}
	dt_error_clear();
	reset(c, scope);
	return c;
}

int dt_objcache_get(dt_objcache *c, char kind, const char *hex, const char **data, size_t *len)
{
	size_t hlen = strlen(hex);
	entry *e;
	if ((hlen != 40 && hlen != 64) || !(e = find(c, kind, hex, hlen)))
		return 0;
	if (!e->used) {
		e->used = 1;
		c->used++;
	}
	*data = c->text.ptr + e->data;
	*len = e->len;
	return 1;
}

void dt_objcache_put(dt_objcache *c, char kind, const char *hex, const void *data, size_t len)
{
	size_t hlen = strlen(hex), at;
	entry *old;
	if (!is_kind(kind) || (hlen != 40 && hlen != 64) || !is_hex(hex, hlen))
		return;
	if ((old = find(c, kind, hex, hlen)) != NULL) {
		if (old->len == len && !memcmp(c->text.ptr + old->data, data, len)) {
			c->used += !old->used;
			old->used = 1;
			return;
		}
		/* what the caller could not use: replaced */
		c->used -= old->used;
		old->dead = 1;
		c->dead++;
	}
	at = c->text.size;
	dt_buf_printf(&c->text, "%c%s %zu\n", kind, hex, len);
	add_entry(c, at, c->text.size, len, hex);
	dt_buf_put(&c->text, data, len);
	dt_buf_putc(&c->text, '\n');
	c->items[c->count - 1].used = 1;
	c->used++;
	c->dirty = 1;
}

int dt_objcache_flag(dt_objcache *c, char kind, const char *hex)
{
	const char *data;
	size_t len;
	if (!c || !dt_objcache_get(c, kind, hex, &data, &len) || len != 1 ||
	    (*data != '0' && *data != '1'))
		return -1;
	return *data == '1';
}

void dt_objcache_put_flag(dt_objcache *c, char kind, const char *hex, int yes)
{
	if (c)
		dt_objcache_put(c, kind, hex, yes ? "1" : "0", 1);
}

/* The entries not replaced (`used_only`: and used since opened). */
static void live_entries(dt_objcache *c, dt_buf *out, int used_only)
{
	dt_buf_put(out, c->text.ptr, c->header);
	for (size_t i = 0; i < c->count; i++) {
		const entry *e = &c->items[i];
		if (!e->dead && (e->used || !used_only))
			dt_buf_put(out, c->text.ptr + e->at, e->data + e->len + 1 - e->at);
	}
}

int dt_objcache_save(dt_objcache *c)
{
	dt_buf kept = DT_BUF_INIT, dir = DT_BUF_INIT;
	const dt_buf *what = &c->text;
	char *slash;
	int written = 0;

	if (!c->path || !c->dirty)
		return 0;
	if (c->dead || c->text.size > c->limit) {
		live_entries(c, &kept, 0);
		if (kept.size > c->limit) {
			dt_buf_clear(&kept);
			live_entries(c, &kept, 1);
		}
		what = &kept;
	}
	if (what->size > c->limit)
		goto cleanup; /* one run's worth is too much to keep */
	dt_buf_puts(&dir, c->path);
	slash = strrchr(dir.ptr, '/');
	if (slash && slash != dir.ptr) {
		dt_buf_truncate(&dir, (size_t)(slash - dir.ptr));
		if (dt_mkdir_p(dir.ptr) < 0)
			goto cleanup;
	}
	if (dt_file_replace(c->path, what->ptr, what->size, 0666) == 0) {
		written = 1;
		c->dirty = 0;
	}
cleanup:
	dt_error_clear();
	dt_buf_dispose(&kept);
	dt_buf_dispose(&dir);
	return written;
}

size_t dt_objcache_count(const dt_objcache *c)
{
	return c->count - c->dead;
}

void dt_objcache_limit(dt_objcache *c, size_t bytes)
{
	c->limit = bytes;
}

size_t dt_objcache_used(const dt_objcache *c)
{
	return c->used;
}

void dt_objcache_free(dt_objcache *c)
{
	if (!c)
		return;
	free(c->path);
	dt_buf_dispose(&c->text);
	free(c->items);
	dt_hexmap_dispose(&c->map);
	free(c);
}
