#include "history.h"
#include "common.h"
#include "fileio.h"
#include "gitenv.h"
#include "proc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct dt_repo {
	dt_gitenv env;
	dt_commit *cache; /* commits looked at, by full hex */
	size_t ncache, acache;
	dt_proc ahead;   /* `git log` started by dt_repo_prefetch */
	char *ahead_rev; /* its revision; NULL when none runs */
};

int dt_history_init(void)
{
	return 0;
}

void dt_history_shutdown(void)
{
}

int dt_repo_open(dt_repo **out)
{
	dt_repo *r = dt_xcalloc(1, sizeof(*r));
	int error = dt_gitenv_discover(&r->env, NULL);

	*out = NULL;
	if (error < 0) {
		free(r);
		return error;
	}
	*out = r;
	return 0;
}

void dt_repo_free(dt_repo *r)
{
	if (!r)
		return;
	if (r->ahead_rev) {
		dt_proc_finish(&r->ahead, NULL);
		dt_error_clear();
		free(r->ahead_rev);
	}
	for (size_t i = 0; i < r->ncache; i++)
		dt_commit_dispose(&r->cache[i]);
	free(r->cache);
	dt_gitenv_dispose(&r->env);
	free(r);
}

const char *dt_repo_workdir(const dt_repo *r)
{
	return r->env.worktree;
}
const char *dt_repo_gitdir(const dt_repo *r)
{
	return r->env.gitdir;
}
const char *dt_repo_commondir(const dt_repo *r)
{
	return r->env.commondir;
}

static int is_hex(const char *s, size_t min)
{
	size_t n = strlen(s);
	if (n < min || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!dt_isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void copy_commit(dt_commit *dst, const dt_commit *src)
{
	*dst = *src;
	dst->message = dt_xstrdup(src->message);
	dst->subject = dt_xstrdup(src->subject);
	dst->author = dt_xstrdup(src->author);
	memset(&dst->paths, 0, sizeof(dst->paths));
	for (size_t i = 0; i < src->paths.count; i++)
		dt_strvec_push(&dst->paths, src->paths.items[i]);
}

/* "%H %h %T %P author at ct ci %B" NUL-separated, then the changed paths */
#define LOG_FORMAT "--format=%H%x00%h%x00%T%x00%P%x00%an <%ae>%x00%at%x00%ct%x00%ci%x00%B%x00"
#define LOG_FIELDS 9

static int parse_offset(const char *ci)
{
	/* "2026-02-14 10:00:00 +0100" */
	const char *z = strrchr(ci, ' ');
	int sign, v;
	if (!z || (z[1] != '+' && z[1] != '-') || strlen(z + 2) != 4)
		return 0;
	sign = z[1] == '-' ? -1 : 1;
	v = atoi(z + 2);
	return sign * ((v / 100) * 60 + v % 100);
}

/* Start the `git log` that describes one commit. */
static int start_log(dt_proc *proc, const char *rev)
{
	const char *argv[] = {"git",
	                      "-c",
	                      "log.showRoot=true",
	                      "-c",
	                      "log.showSignature=false",
	                      "log",
	                      "-1",
	                      "--no-walk",
	                      "--no-color",
	                      "--no-renames",
	                      "--no-ext-diff",
	                      "--no-abbrev-commit",
	                      LOG_FORMAT,
	                      "--name-only",
	                      "-z",
	                      rev,
	                      "--",
	                      NULL};
	char *git = dt_proc_git_path();
	int rc;
	argv[0] = git;
	rc = dt_proc_start(proc, (char *const *)argv, 1, NULL, 0);
	free(git);
	return rc;
}

int dt_repo_prefetch(dt_repo *r, const char *rev)
{
	if (r->ahead_rev || !*rev || rev[0] == '-')
		return 0;
	if (start_log(&r->ahead, rev) < 0) {
		dt_error_clear(); /* dt_repo_commit will say so */
		return 0;
	}
	r->ahead_rev = dt_xstrdup(rev);
	return 0;
}

int dt_repo_commit(dt_commit *out, dt_repo *r, const char *rev)
{
	dt_buf text = DT_BUF_INIT;
	const char *f[LOG_FIELDS], *p, *end;
	dt_proc proc;
	int rc;

	memset(out, 0, sizeof(*out));
	if (is_hex(rev, 7)) {
		size_t n = strlen(rev);
		for (size_t i = 0; i < r->ncache; i++)
			if (!dt_ascii_ncasecmp(r->cache[i].hex, rev, n)) {
				copy_commit(out, &r->cache[i]);
				return 0;
			}
	}
	if (!*rev || rev[0] == '-')
		return dt_error_set(DT_ENOTFOUND, "%s: no such commit", rev);
	if (r->ahead_rev && !strcmp(r->ahead_rev, rev)) {
		proc = r->ahead;
		free(r->ahead_rev);
		r->ahead_rev = NULL;
		rc = 0;
	} else {
		rc = start_log(&proc, rev);
	}
	if (rc == 0)
		rc = dt_proc_finish(&proc, &text);
	if (rc < 0)
		goto fail;
	if (rc != 0 || !text.size) {
		rc = dt_error_set(DT_ENOTFOUND, "%s: no such commit", rev);
		goto fail;
	}
	p = text.ptr;
	end = text.ptr + text.size;
	for (int i = 0; i < LOG_FIELDS; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul) {
			rc = dt_error_set(DT_EIO, "%s: unexpected output from git log", rev);
			goto fail;
		}
		f[i] = p;
		p = nul + 1;
	}
	snprintf(out->hex, sizeof(out->hex), "%s", f[0]);
	snprintf(out->abbrev, sizeof(out->abbrev), "%s", f[1]);
	if (strlen(out->abbrev) < 7)
		snprintf(out->abbrev, sizeof(out->abbrev), "%.7s", out->hex);
	snprintf(out->tree, sizeof(out->tree), "%s", f[2]);
	if (*f[3]) {
		const char *sp = strchr(f[3], ' ');
		out->nparents = 1;
		for (const char *q = f[3]; (q = strchr(q, ' ')) != NULL; q++)
			out->nparents++;
		snprintf(out->parent, sizeof(out->parent), "%.*s",
		         (int)(sp ? (size_t)(sp - f[3]) : strlen(f[3])), f[3]);
	}
	out->author = dt_xstrdup(f[4]);
	out->author_time = strtoll(f[5], NULL, 10);
	out->commit_time = strtoll(f[6], NULL, 10);
	out->commit_offset = parse_offset(f[7]);
	out->message = dt_xstrdup(f[8]);
	out->subject = dt_xstrndup(out->message, strcspn(out->message, "\n"));
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		while (n && (*p == '\n' || *p == '\0')) {
			p++;
			n--;
		}
		if (n)
			dt_strvec_pushn(&out->paths, p, n);
		p += n + 1;
	}
	DT_ARRAY_GROW(r->cache, r->acache, r->ncache + 1);
	copy_commit(&r->cache[r->ncache++], out);
	rc = 0;
fail:
	dt_buf_dispose(&text);
	if (rc)
		dt_commit_dispose(out);
	return rc;
}

void dt_commit_dispose(dt_commit *c)
{
	free(c->message);
	free(c->subject);
	free(c->author);
	dt_strvec_dispose(&c->paths);
	memset(c, 0, sizeof(*c));
}

int dt_repo_abbrev(char out[DT_HEX_MAX], dt_repo *r, const char *hex)
{
	dt_commit c;
	int error = dt_repo_commit(&c, r, hex);
	if (error < 0)
		return error;
	snprintf(out, DT_HEX_MAX, "%s", c.abbrev);
	dt_commit_dispose(&c);
	return 0;
}

int dt_repo_changed_paths(dt_strvec *out, dt_repo *r, const dt_commit *c)
{
	(void)r;
	for (size_t i = 0; i < c->paths.count; i++)
		dt_strvec_push(out, c->paths.items[i]);
	return 0;
}

/* The last line of logs/HEAD: "<old> <new> <who> <when> <tz>\t<message>".
 * Only the tail of the file is read: reflogs grow without end. */
int dt_repo_head_reflog(dt_buf *msg, char old_hex[DT_HEX_MAX], dt_repo *r)
{
	dt_buf path = DT_BUF_INIT;
	char tail[65536];
	struct stat st;
	ssize_t n;
	int fd, error = DT_ENOTFOUND;

	dt_buf_clear(msg);
	old_hex[0] = '\0';
	dt_path_join(&path, r->env.gitdir, "logs/HEAD");
	fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
	dt_buf_dispose(&path);
	if (fd < 0)
		return dt_error_set(DT_ENOTFOUND, "HEAD has no reflog");
	if (fstat(fd, &st) == 0) {
		off_t from =
		    st.st_size > (off_t)sizeof(tail) - 1 ? st.st_size - (off_t)sizeof(tail) + 1 : 0;
		n = pread(fd, tail, sizeof(tail) - 1, from);
		if (n > 0) {
			char *line, *tab, *sp;
			tail[n] = '\0';
			while (n > 0 && tail[n - 1] == '\n')
				tail[--n] = '\0';
			line = strrchr(tail, '\n');
			line = line ? line + 1 : tail;
			sp = strchr(line, ' ');
			if (sp && (size_t)(sp - line) < DT_HEX_MAX) {
				snprintf(old_hex, DT_HEX_MAX, "%.*s", (int)(sp - line), line);
				if (strspn(old_hex, "0") == strlen(old_hex))
					old_hex[0] = '\0';
			}
			tab = strchr(line, '\t');
			dt_buf_puts(msg, tab ? tab + 1 : "");
			error = 0;
		}
	}
	close(fd);
	return error == 0 ? 0 : dt_error_set(DT_ENOTFOUND, "HEAD's reflog is empty");
}

int dt_repo_rebasing(dt_repo *r)
{
	return dt_gitenv_has(&r->env, "rebase-merge") || dt_gitenv_has(&r->env, "rebase-apply");
}

int dt_repo_index_tree(char out[DT_HEX_MAX], dt_repo *r)
{
	dt_buf text = DT_BUF_INIT;
	int rc = dt_proc_git(&text, "write-tree", (char *)NULL);
	(void)r;
	if (rc < 0) {
		dt_buf_dispose(&text);
		return rc;
	}
	if (rc != 0 || !is_hex(text.ptr, 40)) {
		dt_buf_dispose(&text);
		return dt_error_set(DT_EINVALID, "cannot take the tree of the index (unresolved "
		                                 "conflicts?)");
	}
	snprintf(out, DT_HEX_MAX, "%s", text.ptr);
	dt_buf_dispose(&text);
	return 0;
}

int dt_repo_unstaged(int *dirty, dt_repo *r, const char *except)
{
	char *ex = except && *except ? dt_xasprintf(":(exclude,top)%s", except) : NULL;
	int rc = dt_proc_git(NULL, "diff", "--quiet", "--no-ext-diff", "--ignore-submodules", "--",
	                     ":(top)", ex, (char *)NULL);
	free(ex);
	(void)r;
	*dirty = 0;
	if (rc < 0)
		return rc;
	if (rc > 1)
		return dt_error_set(DT_EIO, "git diff failed (exit %d)", rc);
	*dirty = rc == 1;
	return 0;
}

int dt_repo_is_ancestor(dt_repo *r, const char *ancestor, const char *of)
{
	(void)r;
	if (!is_hex(ancestor, 4) || !is_hex(of, 4))
		return 0;
	return dt_proc_git(NULL, "merge-base", "--is-ancestor", ancestor, of, (char *)NULL) == 0;
}
