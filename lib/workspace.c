#include "workspace.h"
#include "common.h"
#include "fileio.h"
#include "frontmatter.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

/* "any depth" (SPEC 1.2); links are not followed, so this bounds only
 * pathological trees (and the open folders, one per level) */
#define MAX_DEPTH 200
#define CACHE_MAGIC "diarist-tickets 1"
#define RACY_SECONDS 2

typedef struct {
	char *rel;
	int64_t sec, nsec;
} dirstamp;

typedef struct {
	dirstamp *items;
	size_t count, alloc;
	int64_t newest; /* newest mtime seen, to refuse caching racy scans */
} dirlist;

static void dirlist_add(dirlist *dl, const char *rel, const struct stat *st)
{
	DT_ARRAY_GROW(dl->items, dl->alloc, dl->count + 1);
	dl->items[dl->count].rel = dt_xstrdup(rel);
	dl->items[dl->count].sec = st->st_mtim.tv_sec;
	dl->items[dl->count].nsec = st->st_mtim.tv_nsec;
	dl->count++;
	if (st->st_mtim.tv_sec > dl->newest)
		dl->newest = st->st_mtim.tv_sec;
}

static void dirlist_dispose(dirlist *dl)
{
	for (size_t i = 0; i < dl->count; i++)
		free(dl->items[i].rel);
	free(dl->items);
	memset(dl, 0, sizeof(*dl));
}

static char *trimmed(const char *s)
{
	size_t n;
	while (dt_isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && dt_isspace((unsigned char)s[n - 1]))
		n--;
	return dt_xstrndup(s, n);
}

/* A usable ID: non-empty, printable, no white space or path separators. */
static int id_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '/' || *s == '\\' || *s == 0x7f)
			return 0;
	return 1;
}

void dt_ticket_from_index(dt_ticket *t, const char *text, size_t len, const char *path)
{
	dt_ynode *fm = NULL;
	const char *v;

	if (text && dt_frontmatter_parse(&fm, text, len, path) < 0) {
		free(t->fm_error);
		t->fm_error = dt_xstrdup(dt_error_last());
	} else if (text) {
		if ((v = dt_frontmatter_str(fm, "Ticket")) != NULL) {
			char *id = trimmed(v);
			if (id_ok(id))
				t->id = id;
			else
				free(id);
		}
		if ((v = dt_frontmatter_str(fm, "Status")) != NULL && *v)
			t->status = trimmed(v);
		if ((v = dt_frontmatter_str(fm, "Title")) != NULL && *v)
			t->title = trimmed(v);
		if ((v = dt_frontmatter_str(fm, "LastUpdated")) != NULL) {
			int64_t when;
			if (dt_parse_datetime(&when, v) == 0)
				t->updated = when;
		}
	}
	if (!t->id) {
		const char *slash = strrchr(t->dir, '/');
		t->id = dt_ticket_id_from_folder(slash ? slash + 1 : t->dir);
		t->id_from_folder = 1;
	}
	t->closed = dt_status_closed(t->status);
	dt_ynode_free(fm);
}

/* Read t's index.md, at `index` relative to folder `dirfd`. */
static void read_ticket(dt_ticket *t, int dirfd, const char *index, const char *root)
{
	dt_buf text = DT_BUF_INIT, path = DT_BUF_INIT;
	int fd;
	struct stat st;

	dt_path_join(&path, root, t->dir);
	dt_path_join(&path, path.ptr, "index.md");
	fd = openat(dirfd, index, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		t->fm_error = dt_xasprintf("%s: cannot read: %s", path.ptr, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fallback;
	}
	t->st_mtime_sec = st.st_mtim.tv_sec;
	t->st_mtime_nsec = st.st_mtim.tv_nsec;
	t->st_size = st.st_size;
	t->updated = st.st_mtim.tv_sec;
	if ((size_t)st.st_size > DT_FILE_MAX) {
		t->fm_error = dt_xasprintf("%s: file is %lld bytes, over the limit of %u", path.ptr,
		                           (long long)st.st_size, DT_FILE_MAX);
		close(fd);
		goto fallback;
	}
	dt_buf_grow(&text, (size_t)st.st_size);
	for (;;) {
		ssize_t n = read(fd, text.ptr + text.size, text.asize - text.size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		text.size += (size_t)n;
		if (text.size + 1 >= text.asize) {
			if (text.size > DT_FILE_MAX)
				break;
			dt_buf_grow(&text, 4096);
		}
	}
	text.ptr[text.size] = '\0';
	close(fd);
	dt_ticket_from_index(t, text.ptr, text.size, path.ptr);
	goto done;

fallback:
	dt_ticket_from_index(t, NULL, 0, path.ptr);
done:
	dt_buf_dispose(&text);
	dt_buf_dispose(&path);
}

/* Can a folder's link count tell that it has no subfolders (2: "." and
 * its entry in the parent)? On these file systems it can, as find(1)'s
 * leaf optimisation knows; elsewhere (network and FUSE file systems, an
 * overlay's merged folders) the count may say nothing, so every folder is
 * read. */
static int nlink_counts_subfolders(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) < 0)
		return 0;
	switch ((unsigned long)sf.f_type) {
	case 0xEF53UL:     /* ext2, ext3, ext4 */
	case 0x58465342UL: /* xfs */
	case 0x01021994UL: /* tmpfs */
	case 0xF2F52010UL: /* f2fs */
		return 1;
	default:
		return 0;
	}
}

/* Read folder `fd` (closed here) at `rel` and every folder below it.
 * `inside` says whether `rel` lies within a ticket folder; `leaf_ok`
 * whether a link count of 2 shows a folder without subfolders, which then
 * is not opened: a ticket's reference/ or scripts/ costs two stats, not a
 * listing. Returns the number of tickets found below `rel`.
 *
 * Every folder outside the ticket folders is stamped for the cache, as
 * before tickets could nest; inside a ticket folder only the folders that
 * hold a ticket (at any depth, the outer ticket folder included) are, so
 * that the thousands of reference/, design-doc/ and scripts/ folders of a
 * large workspace cost commit-msg no stat of their own (SPEC 10). A
 * ticket made inside a folder that held none is not seen by the cache:
 * callers confirm a name the cache lacks by a rescan. */
static size_t scan_dir(dt_tickets *out, dirlist *dl, int fd, const char *rel, const char *root,
                       int depth, int inside, int leaf_ok)
{
	DIR *d;
	struct dirent *e;
	struct stat st, self;
	dt_buf sub = DT_BUF_INIT, index = DT_BUF_INIT;
	size_t found = 0;

	/* stamped before the listing: a change during it shows as a newer mtime */
	if (fstat(fd, &self) < 0) {
		close(fd);
		return 0;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		goto stamp;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat cst;
		int cfd, ticket;
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)
			continue;
		/* links are not followed */
		if (fstatat(dirfd(d), e->d_name, &cst, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(cst.st_mode))
			continue;
		dt_buf_clear(&sub);
		if (*rel) {
			dt_buf_puts(&sub, rel);
			dt_buf_putc(&sub, '/');
		}
		dt_buf_puts(&sub, e->d_name);
		dt_buf_clear(&index);
		dt_buf_printf(&index, "%s/index.md", e->d_name);
		ticket = fstatat(dirfd(d), index.ptr, &st, 0) == 0 && S_ISREG(st.st_mode);
		if (ticket) {
			dt_ticket t;
			memset(&t, 0, sizeof(t));
			t.dir = dt_xstrdup(sub.ptr);
			read_ticket(&t, dirfd(d), index.ptr, root);
			dt_tickets_add(out, &t);
			found++;
		}
		if (leaf_ok && cst.st_nlink == 2) {
			/* nothing below it to find; stamped as scan_dir would */
			if (!inside && !ticket)
				dirlist_add(dl, sub.ptr, &cst);
			continue;
		}
		if (depth >= MAX_DEPTH)
			continue;
		cfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0)
			continue;
		/* tickets nest: a ticket folder is searched like any other */
		found +=
		    scan_dir(out, dl, cfd, sub.ptr, root, depth + 1, inside || ticket, leaf_ok);
	}
	closedir(d);
stamp:
	if (!inside || found)
		dirlist_add(dl, rel, &self);
	dt_buf_dispose(&sub);
	dt_buf_dispose(&index);
	return found;
}

void dt_workspace_cache_path(dt_buf *out, const char *gitdir)
{
	dt_path_join(out, gitdir, "diarist/tickets.cache");
}

/* Fields may not hold tabs or newlines; such a workspace is not cached. */
static int field_ok(const char *s)
{
	return !s || !strpbrk(s, "\t\n\r");
}

static void save_cache(const dt_tickets *tk, const dirlist *dl, const char *cache_path)
{
	dt_buf b = DT_BUF_INIT, dir = DT_BUF_INIT;
	int64_t newest = dl->newest;
	char *slash;

	for (size_t i = 0; i < tk->count; i++)
		if (tk->items[i].st_mtime_sec > newest)
			newest = tk->items[i].st_mtime_sec;
	/* a folder changed within the clock's resolution of now could change
	 * again with the same mtime: do not cache such a scan */
	if (newest >= (int64_t)time(NULL) - RACY_SECONDS)
		return;
	if (!field_ok(tk->root))
		return;
	dt_buf_printf(&b, "%s\t%s\n", CACHE_MAGIC, tk->root);
	for (size_t i = 0; i < dl->count; i++) {
		if (!field_ok(dl->items[i].rel))
			goto cleanup;
		dt_buf_printf(&b, "D\t%lld\t%lld\t%s\n", (long long)dl->items[i].sec,
		              (long long)dl->items[i].nsec, dl->items[i].rel);
	}
	for (size_t i = 0; i < tk->count; i++) {
		const dt_ticket *t = &tk->items[i];
		if (!field_ok(t->id) || !field_ok(t->dir) || !field_ok(t->status) ||
		    !field_ok(t->title) || !field_ok(t->fm_error))
			goto cleanup;
		/* what every load needs first; the rest is read on demand */
		dt_buf_printf(&b, "T\t%s\t%s\t%c\t%lld\t%lld\t%lld\t%lld\t%d\t%s\t%s\t%s\n", t->id,
		              t->status ? t->status : "", t->fm_error ? 'B' : '-',
		              (long long)t->st_mtime_sec, (long long)t->st_mtime_nsec,
		              (long long)t->st_size, (long long)t->updated, t->id_from_folder,
		              t->dir, t->title ? t->title : "", t->fm_error ? t->fm_error : "");
	}
	dt_buf_puts(&dir, cache_path);
	slash = strrchr(dir.ptr, '/');
	if (slash) {
		dt_buf_truncate(&dir, (size_t)(slash - dir.ptr));
		if (dt_mkdir_p(dir.ptr) < 0)
			goto cleanup;
	}
	if (dt_file_write_atomic(cache_path, b.ptr, b.size, 0666) < 0)
		dt_error_clear(); /* the cache is an optimisation only */

cleanup:
	dt_buf_dispose(&b);
	dt_buf_dispose(&dir);
}

int dt_workspace_scan(dt_tickets *out, const char *root, const char *cache_path)
{
	dirlist dl = {NULL, 0, 0, 0};
	int fd;

	memset(out, 0, sizeof(*out));
	out->root = dt_xstrdup(root);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return dt_error_set(DT_ENOTFOUND, "%s: no such folder", root);
		return dt_error_set(DT_EIO, "%s: cannot open: %s", root, strerror(errno));
	}
	scan_dir(out, &dl, fd, "", root, 0, 0, nlink_counts_subfolders(fd));
	dt_tickets_sort(out);
	if (cache_path)
		save_cache(out, &dl, cache_path);
	dirlist_dispose(&dl);
	return 0;
}

/* Split a line on tabs into at most n fields (in place). */
static size_t split_tabs(char *line, char **fields, size_t n)
{
	size_t k = 0;
	char *p = line;

	fields[k++] = p;
	while (k < n && (p = strchr(p, '\t')) != NULL) {
		*p++ = '\0';
		fields[k++] = p;
	}
	return k;
}

/* A decimal written by save_cache (so at most 19 digits after the sign). */
static int64_t parse_i64(const char *s)
{
	int64_t v = 0, sign = 1;
	if (*s == '-') {
		sign = -1;
		s++;
	}
	for (int i = 0; i < 19 && dt_isdigit((unsigned char)s[i]); i++)
		v = v * 10 + (s[i] - '0');
	return sign * v;
}

/* Load the cache: the file's text becomes the index's arena and every
 * string points into it, so that loading costs one read and no copies. */
static int load_cache(dt_tickets *out, const char *root, const char *cache_path)
{
	dt_buf text = DT_BUF_INIT;
	char *p, *line;
	int ok = 0, rootfd = -1;

	if (dt_file_read(&text, cache_path, DT_FILE_MAX) < 0) {
		dt_error_clear();
		goto cleanup;
	}
	out->arena = dt_buf_detach(&text);
	p = out->arena;
	line = strsep(&p, "\n");
	if (!line || strncmp(line, CACHE_MAGIC "\t", sizeof(CACHE_MAGIC)) ||
	    strcmp(line + sizeof(CACHE_MAGIC), root))
		goto cleanup;
	out->root = dt_xstrdup(root);
	while ((line = strsep(&p, "\n")) != NULL) {
		char *f[11];
		if (!*line)
			continue;
		if (line[0] == 'D' && split_tabs(line, f, 4) == 4) {
			struct stat st;
			/* relative to the root's descriptor: the kernel walks
			 * only the folders below it */
			if (rootfd < 0 &&
			    (rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
				goto cleanup;
			if (fstatat(rootfd, *f[3] ? f[3] : ".", &st, 0) < 0 ||
			    st.st_mtim.tv_sec != parse_i64(f[1]) ||
			    st.st_mtim.tv_nsec != parse_i64(f[2]))
				goto cleanup;
		} else if (line[0] == 'T' && split_tabs(line, f, 5) == 5) {
			dt_ticket t;
			memset(&t, 0, sizeof(t));
			t.id = f[1];
			t.status = *f[2] ? f[2] : NULL;
			t.closed = dt_status_closed(t.status);
			t.lazy = f[4];
			dt_tickets_add(out, &t);
			/* broken frontmatter is reported on every run: read it now */
			if (f[3][0] == 'B')
				dt_workspace_complete(&out->items[out->count - 1]);
		} else {
			goto cleanup;
		}
	}
	ok = 1;

cleanup:
	if (!ok)
		dt_tickets_dispose(out);
	if (rootfd >= 0)
		close(rootfd);
	dt_buf_dispose(&text);
	return ok;
}

void dt_workspace_complete(dt_ticket *t)
{
	char *f[8];

	if (!t->lazy)
		return;
	if (split_tabs(t->lazy, f, 8) == 8) {
		t->st_mtime_sec = parse_i64(f[0]);
		t->st_mtime_nsec = parse_i64(f[1]);
		t->st_size = parse_i64(f[2]);
		t->updated = parse_i64(f[3]);
		t->id_from_folder = f[4][0] == '1';
		t->dir = f[5];
		t->title = *f[6] ? f[6] : NULL;
		t->fm_error = *f[7] ? f[7] : NULL;
	}
	t->lazy = NULL;
}

int dt_workspace_load(dt_tickets *out, const char *root, const char *cache_path, int *cached)
{
	memset(out, 0, sizeof(*out));
	*cached = 0;
	if (cache_path && load_cache(out, root, cache_path)) {
		*cached = 1;
		return 0;
	}
	return dt_workspace_scan(out, root, cache_path);
}

int dt_workspace_verify(const dt_tickets *tk, const dt_ticket *t)
{
	dt_buf path = DT_BUF_INIT;
	struct stat st;
	int ok;

	/* a lazily loaded ticket lives in the index's arena, not in const
	 * storage: completing it in place is safe */
	dt_workspace_complete((dt_ticket *)t);
	if (!t->dir)
		return 0;

	dt_path_join(&path, tk->root, t->dir);
	dt_path_join(&path, path.ptr, "index.md");
	ok = stat(path.ptr, &st) == 0 && st.st_mtim.tv_sec == t->st_mtime_sec &&
	     st.st_mtim.tv_nsec == t->st_mtime_nsec && st.st_size == t->st_size;
	dt_buf_dispose(&path);
	return ok;
}
