#include "fileio.h"
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dt_file_read(dt_buf *out, const char *path, size_t max)
{
	struct stat st;
	int fd, error = 0;

	dt_buf_clear(out);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return dt_error_set(DT_ENOTFOUND, "%s: no such file", path);
		return dt_error_set(DT_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		error = dt_error_set(DT_EIO, "%s: cannot stat: %s", path, strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		error = dt_error_set(DT_EIO, "%s: is a folder, expected a file", path);
		goto cleanup;
	}
	if ((size_t)st.st_size > max) {
		error = dt_error_set(DT_ETOOBIG, "%s: file is %lld bytes, over the limit of %zu",
		                     path, (long long)st.st_size, max);
		goto cleanup;
	}
	dt_buf_grow(out, (size_t)st.st_size);
	for (;;) {
		ssize_t n;
		if (out->size > max) {
			error = dt_error_set(DT_ETOOBIG, "%s: file is over the limit of %zu bytes",
			                     path, max);
			goto cleanup;
		}
		dt_buf_grow(out, 4096);
		n = read(fd, out->ptr + out->size, out->asize - out->size - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = dt_error_set(DT_EIO, "%s: cannot read: %s", path, strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		out->size += (size_t)n;
	}
	out->ptr[out->size] = '\0';

cleanup:
	close(fd);
	if (error)
		dt_buf_clear(out);
	return error;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

mode_t dt_file_mode_for(const char *path, mode_t dflt)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return dflt & ~mask;
}

int dt_file_out_open(dt_file_out *f, const char *path, mode_t mode)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->path = dt_xstrdup(path);
	f->tmp = dt_xasprintf("%s.diarist-tmp-XXXXXX", path);
	f->mode = dt_file_mode_for(path, mode);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		int error = dt_error_set(DT_EIO, "%s: cannot create a temporary file: %s", path,
		                         strerror(errno));
		free(f->tmp);
		f->tmp = NULL; /* nothing to remove */
		dt_file_out_abort(f);
		return error;
	}
	return 0;
}

int dt_file_out_write(dt_file_out *f, const void *data, size_t len)
{
	if (f->error)
		return f->error;
	if (write_all(f->fd, data, len) < 0)
		f->error = dt_error_set(DT_EIO, "%s: cannot write: %s", f->path, strerror(errno));
	return f->error;
}

int dt_file_out_commit(dt_file_out *f, int sync)
{
	int error = f->error;
	if (!error && (fchmod(f->fd, f->mode) < 0 || (sync && fsync(f->fd) < 0)))
		error = dt_error_set(DT_EIO, "%s: cannot write: %s", f->path, strerror(errno));
	if (!error) {
		int rc = close(f->fd);
		f->fd = -1;
		if (rc < 0)
			error =
			    dt_error_set(DT_EIO, "%s: cannot write: %s", f->path, strerror(errno));
	}
	if (!error && rename(f->tmp, f->path) < 0)
		error = dt_error_set(DT_EIO, "%s: cannot replace: %s", f->path, strerror(errno));
	if (!error) {
		free(f->tmp);
		f->tmp = NULL; /* in place: nothing to remove */
	}
	dt_file_out_abort(f);
	return error;
}

void dt_file_out_abort(dt_file_out *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

static int write_replacing(const char *path, const void *data, size_t len, mode_t mode, int sync)
{
	dt_file_out f;
	int error;
	if ((error = dt_file_out_open(&f, path, mode)) < 0)
		return error;
	if ((error = dt_file_out_write(&f, data, len)) < 0) {
		dt_file_out_abort(&f);
		return error;
	}
	return dt_file_out_commit(&f, sync);
}

int dt_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	return write_replacing(path, data, len, mode, 1);
}

int dt_file_replace(const char *path, const void *data, size_t len, mode_t mode)
{
	return write_replacing(path, data, len, mode, 0);
}

void dt_path_join(dt_buf *out, const char *a, const char *b)
{
	dt_buf tmp = DT_BUF_INIT;

	if (b[0] == '/' || !a[0]) {
		dt_buf_puts(&tmp, b);
	} else {
		size_t al = strlen(a);
		dt_buf_put(&tmp, a, al);
		if (al && a[al - 1] != '/')
			dt_buf_putc(&tmp, '/');
		dt_buf_puts(&tmp, b);
	}
	dt_buf_dispose(out);
	*out = tmp;
}

int dt_path_isdir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int dt_path_isfile(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int dt_path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int dt_mkdir_p(const char *path)
{
	char *p;
	int error = 0;

	if (!*path)
		return dt_error_set(DT_EIO, "cannot create a folder with an empty name");
	p = dt_xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				error = dt_error_set(DT_EIO, "%s: cannot create folder: %s", p,
				                     strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (!error && !dt_path_isdir(path))
		error =
		    dt_error_set(DT_EIO, "%s: cannot create folder: a file is in the way", path);
	free(p);
	return error;
}

int dt_fd_read(dt_buf *out, int fd, size_t max, const char *what)
{
	char tmp[65536];
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return dt_error_set(DT_EIO, "cannot read %s: %s", what, strerror(errno));
		}
		dt_buf_put(out, tmp, (size_t)n);
		if (out->size > max)
			return dt_error_set(DT_ETOOBIG, "%s: over %zu bytes", what, max);
	}
}
