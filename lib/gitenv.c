#include "gitenv.h"
#include "buf.h"
#include "common.h"
#include "fileio.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *absolute(const char *path, const char *base)
{
	char *real;
	dt_buf b = DT_BUF_INIT;

	dt_path_join(&b, base, path);
	real = realpath(b.ptr, NULL);
	if (real) {
		dt_buf_dispose(&b);
		return real;
	}
	return dt_buf_detach(&b);
}

static void strip_eol(dt_buf *b)
{
	while (b->size && (b->ptr[b->size - 1] == '\n' || b->ptr[b->size - 1] == '\r' ||
	                   b->ptr[b->size - 1] == ' '))
		dt_buf_truncate(b, b->size - 1);
}

/* Read a "gitdir: X" file; X relative to the file's folder. */
static char *read_gitfile(const char *path, const char *dir)
{
	dt_buf b = DT_BUF_INIT;
	char *out = NULL;

	if (dt_file_read(&b, path, 4096) == 0) {
		strip_eol(&b);
		if (!strncmp(b.ptr, "gitdir: ", 8))
			out = absolute(b.ptr + 8, dir);
	}
	dt_buf_dispose(&b);
	return out;
}

static int looks_like_gitdir(const char *dir)
{
	dt_buf b = DT_BUF_INIT;
	int ok;

	dt_path_join(&b, dir, "HEAD");
	ok = dt_path_isfile(b.ptr);
	if (ok) {
		dt_path_join(&b, dir, "objects");
		ok = dt_path_isdir(b.ptr);
		if (!ok) {
			dt_path_join(&b, dir, "commondir");
			ok = dt_path_isfile(b.ptr);
		}
	}
	dt_buf_dispose(&b);
	return ok;
}

static char *find_commondir(const char *gitdir)
{
	const char *env = getenv("GIT_COMMON_DIR");
	dt_buf path = DT_BUF_INIT, b = DT_BUF_INIT;
	char *out;

	if (env && *env)
		return absolute(env, ".");
	dt_path_join(&path, gitdir, "commondir");
	if (dt_file_read(&b, path.ptr, 4096) == 0) {
		strip_eol(&b);
		out = absolute(b.ptr, gitdir);
	} else {
		dt_error_clear();
		out = dt_xstrdup(gitdir);
	}
	dt_buf_dispose(&path);
	dt_buf_dispose(&b);
	return out;
}

int dt_gitenv_discover(dt_gitenv *out, const char *cwd)
{
	char here[PATH_MAX];
	const char *env_dir = getenv("GIT_DIR");
	const char *env_wt = getenv("GIT_WORK_TREE");
	dt_buf b = DT_BUF_INIT;
	char *dir;

	memset(out, 0, sizeof(*out));
	if (!cwd) {
		if (!getcwd(here, sizeof(here)))
			return dt_error_set(DT_EIO, "cannot read the current folder");
		cwd = here;
	}
	if (env_dir && *env_dir) {
		out->gitdir = absolute(env_dir, cwd);
		out->commondir = find_commondir(out->gitdir);
		if (env_wt && *env_wt)
			out->worktree = absolute(env_wt, cwd);
		else if (!looks_like_gitdir(cwd))
			out->worktree = absolute(".", cwd);
		return 0;
	}

	dir = realpath(cwd, NULL);
	if (!dir)
		dir = dt_xstrdup(cwd);
	for (;;) {
		struct stat st;
		dt_path_join(&b, dir, ".git");
		if (stat(b.ptr, &st) == 0) {
			if (S_ISDIR(st.st_mode) && looks_like_gitdir(b.ptr)) {
				out->gitdir = dt_xstrdup(b.ptr);
				break;
			}
			if (S_ISREG(st.st_mode)) {
				out->gitdir = read_gitfile(b.ptr, dir);
				if (out->gitdir)
					break;
			}
		}
		if (looks_like_gitdir(dir)) {
			/* inside a bare repository (or a git dir itself) */
			out->gitdir = dt_xstrdup(dir);
			out->commondir = find_commondir(dir);
			free(dir);
			dt_buf_dispose(&b);
			return 0;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			dt_buf_dispose(&b);
			return dt_error_set(DT_ENOTFOUND,
			                    "not a git repository (or any parent up to /)");
		}
		*slash = '\0';
	}
	out->worktree = (env_wt && *env_wt) ? absolute(env_wt, cwd) : dir;
	if (out->worktree != dir)
		free(dir);
	out->commondir = find_commondir(out->gitdir);
	dt_buf_dispose(&b);
	return 0;
}

static int read_ref_file(dt_buf *out, const dt_gitenv *env, const char *name)
{
	dt_buf path = DT_BUF_INIT;
	int error;

	dt_path_join(&path, env->gitdir, name);
	error = dt_file_read(out, path.ptr, 65536);
	dt_buf_dispose(&path);
	if (!error)
		strip_eol(out);
	return error;
}

int dt_gitenv_branch(char **out, const dt_gitenv *env)
{
	static const char *rebase_heads[] = {"rebase-merge/head-name", "rebase-apply/head-name"};
	dt_buf b = DT_BUF_INIT;
	const char *name = NULL;
	int error;

	*out = NULL;
	error = read_ref_file(&b, env, "HEAD");
	if (error) {
		dt_buf_dispose(&b);
		return error == DT_ENOTFOUND ? dt_error_set(DT_EIO, "%s/HEAD: missing", env->gitdir)
		                             : error;
	}
	if (!strncmp(b.ptr, "ref: ", 5))
		name = b.ptr + 5;
	else {
		for (size_t i = 0; i < DT_ARRAY_SIZE(rebase_heads) && !name; i++)
			if (read_ref_file(&b, env, rebase_heads[i]) == 0)
				name = b.ptr;
	}
	if (name && !strncmp(name, "refs/heads/", 11))
		*out = dt_xstrdup(name + 11);
	dt_buf_dispose(&b);
	return 0;
}

int dt_gitenv_has(const dt_gitenv *env, const char *name)
{
	dt_buf b = DT_BUF_INIT;
	int ok;

	dt_path_join(&b, env->gitdir, name);
	ok = dt_path_exists(b.ptr);
	dt_buf_dispose(&b);
	return ok;
}

void dt_gitenv_dispose(dt_gitenv *env)
{
	free(env->gitdir);
	free(env->commondir);
	free(env->worktree);
	memset(env, 0, sizeof(*env));
}
