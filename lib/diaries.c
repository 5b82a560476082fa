#include "diaries.h"
#include "common.h"
#include "fileio.h"
#include "frontmatter.h"
#include "glob.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int dt_diaries_titled(const char *text, size_t len, const char *path)
{
	dt_ynode *fm = NULL;
	int yes = 0;
	if (dt_frontmatter_parse(&fm, text, len, path) == 0) {
		const char *t = dt_frontmatter_str(fm, "Title");
		yes = t && !strcmp(t, "Diary");
	}
	dt_error_clear();
	dt_ynode_free(fm);
	return yes;
}

static long numeric_prefix(const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	return dt_isdigit((unsigned char)*base) ? strtol(base, NULL, 10) : 1000000000L;
}

/* The writer's pick among the matches of one glob: titled first, then the
 * lowest numeric prefix, then byte order. */
static int better(const char *f, int f_titled, const char *best, int best_titled)
{
	if (f_titled != best_titled)
		return f_titled;
	if (numeric_prefix(f) != numeric_prefix(best))
		return numeric_prefix(f) < numeric_prefix(best);
	return strcmp(f, best) < 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t dt_diaries_select(dt_strvec *out, const dt_strvec *files, const dt_config *cfg,
                         int (*titled)(void *payload, const char *rel), void *payload)
{
	size_t before = out->count;
	char *taken = dt_xcalloc(files->count + 1, 1);
	const char **sorted = dt_xcalloc(files->count + 1, sizeof(*sorted));

	for (size_t i = 0; i < files->count; i++)
		sorted[i] = files->items[i];
	qsort(sorted, files->count, sizeof(*sorted), by_str);
	for (size_t g = 0; g < cfg->diary_files.count; g++) {
		const char *glob = cfg->diary_files.items[g];
		size_t matches = 0;
		for (size_t i = 0; i < files->count; i++)
			matches += !taken[i] && dt_glob_match(glob, sorted[i]);
		if (!matches)
			continue;
		if (out->count == before) {
			/* the writer's: a single match needs no reading (diaries
			 * can be large) */
			size_t best = files->count;
			int best_titled = 0;
			for (size_t i = 0; i < files->count; i++) {
				int t;
				if (!dt_glob_match(glob, sorted[i]))
					continue;
				t = matches > 1 && titled(payload, sorted[i]);
				if (best == files->count ||
				    better(sorted[i], t, sorted[best], best_titled)) {
					best = i;
					best_titled = t;
				}
			}
			dt_strvec_push(out, sorted[best]);
			taken[best] = 1;
		}
		for (size_t i = 0; i < files->count; i++)
			if (!taken[i] && dt_glob_match(glob, sorted[i])) {
				dt_strvec_push(out, sorted[i]);
				taken[i] = 1;
			}
	}
	free(taken);
	free(sorted);
	return out->count - before;
}

/* Does the work-tree folder `dir` hold an index.md (a ticket of its own)? */
static int holds_index(const char *dir)
{
	dt_buf p = DT_BUF_INIT;
	struct stat st;
	int yes;
	dt_path_join(&p, dir, "index.md");
	yes = lstat(p.ptr, &st) == 0 && !S_ISDIR(st.st_mode);
	dt_buf_dispose(&p);
	return yes;
}

static void collect_md(dt_strvec *out, const char *root, const char *rel, int depth)
{
	dt_buf p = DT_BUF_INIT, r = DT_BUF_INIT;
	DIR *d;
	struct dirent *e;

	if (*rel)
		dt_path_join(&p, root, rel);
	else
		dt_buf_puts(&p, root);
	d = opendir(p.ptr);
	if (!d) {
		dt_buf_dispose(&p);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		dt_buf_clear(&r);
		if (*rel)
			dt_buf_printf(&r, "%s/", rel);
		dt_buf_puts(&r, e->d_name);
		dt_path_join(&p, root, r.ptr);
		if (lstat(p.ptr, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < DT_DIARIES_MAX_DEPTH && !holds_index(p.ptr))
				collect_md(out, root, r.ptr, depth + 1);
		} else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && r.size > 3 &&
		           !strcmp(r.ptr + r.size - 3, ".md")) {
			dt_strvec_push(out, r.ptr);
		}
	}
	closedir(d);
	dt_buf_dispose(&p);
	dt_buf_dispose(&r);
}

static int titled_file(void *payload, const char *rel)
{
	dt_buf p = DT_BUF_INIT, text = DT_BUF_INIT;
	int yes = 0;
	dt_path_join(&p, payload, rel);
	if (dt_file_read(&text, p.ptr, DT_FILE_MAX) == 0)
		yes = dt_diaries_titled(text.ptr, text.size, p.ptr);
	dt_error_clear();
	dt_buf_dispose(&p);
	dt_buf_dispose(&text);
	return yes;
}

size_t dt_diaries_find(dt_strvec *out, const char *ticket_dir, const dt_config *cfg)
{
	dt_strvec files = DT_STRVEC_INIT, rel = DT_STRVEC_INIT;
	dt_buf p = DT_BUF_INIT;
	size_t n;

	collect_md(&files, ticket_dir, "", 0);
	n = dt_diaries_select(&rel, &files, cfg, titled_file, (void *)ticket_dir);
	for (size_t i = 0; i < rel.count; i++) {
		dt_path_join(&p, ticket_dir, rel.items[i]);
		dt_strvec_push(out, p.ptr);
	}
	dt_strvec_dispose(&files);
	dt_strvec_dispose(&rel);
	dt_buf_dispose(&p);
	return n;
}
