#include "lockfile.h"
#include "common.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_TRIES 5

/* The start time of a process (field 22 of /proc/PID/stat), or 0. */
static unsigned long long proc_start(long pid)
{
	char path[64], buf[1024];
	const char *p;
	FILE *f;
	size_t n;
	int field = 2;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces */
	if (!p)
		return 0;
	for (p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	return strtoull(p, NULL, 10);
}

/* Is the lock at `lock` (content "PID START") held by a live process? */
static int holder_alive(const char *lock, char *who, size_t whosz)
{
	dt_buf b = DT_BUF_INIT;
	long pid = 0;
	unsigned long long start = 0;
	int alive = 1;

	if (dt_file_read(&b, lock, 256) < 0) {
		dt_error_clear();
		dt_buf_dispose(&b);
		return errno == ENOENT ? 0 : 1;
	}
	if (sscanf(b.ptr, "%ld %llu", &pid, &start) < 1 || pid <= 0) {
		/* unreadable content: stale when older than a minute */
		struct stat st;
		alive = stat(lock, &st) == 0 && time(NULL) - st.st_mtime < 60;
	} else if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
		alive = 0;
	} else if (start && proc_start(pid) != start) {
		alive = 0; /* the pid was reused */
	}
	snprintf(who, whosz, "pid %ld", pid);
	dt_buf_dispose(&b);
	return alive;
}

static int take_lock(const char *lock, FILE *note)
{
	char content[64], who[64];
	int waited = 0;

	snprintf(content, sizeof(content), "%ld %llu\n", (long)getpid(), proc_start(getpid()));
	for (;;) {
		int fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			ssize_t w = write(fd, content, strlen(content));
			close(fd);
			if (w < 0) {
				unlink(lock);
				return dt_error_set(DT_EIO, "%s: cannot write the lock: %s", lock,
				                    strerror(errno));
			}
			return 0;
		}
		if (errno != EEXIST)
			return dt_error_set(DT_EIO, "%s: cannot create the lock: %s", lock,
			                    strerror(errno));
		if (!holder_alive(lock, who, sizeof(who))) {
			if (note)
				fprintf(note, "diarist: removed a stale lock %s (%s is gone)\n",
				        lock, who);
			unlink(lock);
			continue;
		}
		if (waited >= DT_LOCK_WAIT_MS)
			return dt_error_set(DT_ELOCKED, "%s: held by %s for over %d ms; try again",
			                    lock, who, DT_LOCK_WAIT_MS);
		{
			struct timespec ts = {0, 10 * 1000 * 1000};
			nanosleep(&ts, NULL);
			waited += 10;
		}
	}
}

static int inside(const char *real, const char *root)
{
	size_t n = strlen(root);
	return !strncmp(real, root, n) && (real[n] == '/' || real[n] == '\0');
}

/* The path to write: the real path of `path` (through links), which must
 * stay inside the work tree. */
static int target_path(char **out, const char *path, const char *worktree, int create)
{
	char *real = realpath(path, NULL), *root;
	int error = 0, real_errno = errno;

	root = realpath(worktree, NULL); /* (may change errno even when it works) */
	*out = NULL;
	if (!root) {
		error = dt_error_set(DT_EIO, "%s: cannot resolve the work tree", worktree);
		goto cleanup;
	}
	if (!real) {
		if (real_errno != ENOENT || !create) {
			error = dt_error_set(real_errno == ENOENT ? DT_ENOTFOUND : DT_EIO,
			                     "%s: cannot resolve: %s", path, strerror(real_errno));
			goto cleanup;
		}
		{
			/* a new file: its folder must be inside */
			char *dir = dt_xstrdup(path), *slash = strrchr(dir, '/'), *rdir;
			if (slash)
				*slash = '\0';
			rdir = realpath(slash ? dir : ".", NULL);
			if (!rdir || !inside(rdir, root))
				error = dt_error_set(DT_EINVALID,
				                     "%s: refusing to write outside the work tree",
				                     path);
			else
				real = dt_xasprintf("%s/%s", rdir, slash ? slash + 1 : path);
			free(rdir);
			free(dir);
			if (error)
				goto cleanup;
		}
	} else if (!inside(real, root)) {
		error = dt_error_set(DT_EINVALID,
		                     "%s: leads outside the work tree (%s); refusing to write it",
		                     path, real);
		goto cleanup;
	}
	*out = real;
	real = NULL;
cleanup:
	free(real);
	free(root);
	return error;
}

int dt_file_update(const char *path, const char *worktree, int create, dt_update_fn fn,
                   void *payload, int *changed, FILE *note)
{
	dt_buf cur = DT_BUF_INIT, again = DT_BUF_INIT, next = DT_BUF_INIT;
	char *real = NULL, *lock = NULL, *tmp = NULL;
	int error, locked = 0;

	*changed = 0;
	if ((error = target_path(&real, path, worktree, create)) < 0)
		return error;
	lock = dt_xasprintf("%s.lock", real);
	if ((error = take_lock(lock, note)) < 0)
		goto cleanup;
	locked = 1;
	for (int attempt = 0;; attempt++) {
		struct stat st, before, after;
		mode_t mode = 0666;
		int fd, had = stat(real, &before) == 0;

		error = dt_file_read(&cur, real, DT_FILE_MAX);
		if (error == DT_ENOTFOUND && create) {
			dt_buf_clear(&cur);
			error = 0;
		}
		if (error < 0)
			goto cleanup;
		if ((error = fn(&next, cur.ptr, cur.size, payload)) < 0)
			goto cleanup;
		if (next.size == cur.size && !memcmp(next.ptr, cur.ptr, cur.size))
			goto cleanup; /* nothing to change */
		if (stat(real, &st) == 0)
			mode = st.st_mode & 07777;
		else {
			mode_t mask = umask(0);
			umask(mask);
			mode &= ~mask;
		}
		free(tmp);
		tmp = dt_xasprintf("%s.diarist-XXXXXX", real);
		fd = mkstemp(tmp);
		if (fd < 0) {
			error = dt_error_set(DT_EIO, "%s: cannot create a temporary file: %s", real,
			                     strerror(errno));
			goto cleanup;
		}
		{
			const char *p = next.ptr;
			size_t left = next.size;
			int bad = 0;
			while (left && !bad) {
				ssize_t w = write(fd, p, left);
				if (w < 0 && errno == EINTR)
					continue;
				if (w < 0)
					bad = 1;
				else {
					p += w;
					left -= (size_t)w;
				}
			}
			if (bad || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
				error = dt_error_set(DT_EIO, "%s: cannot write: %s", real,
				                     strerror(errno));
				close(fd);
				unlink(tmp);
				goto cleanup;
			}
			close(fd);
		}
		/* changed underneath (not by diarist: we hold the lock)? The file's
		 * identity and times tell cheaply; when they moved, the bytes decide */
		error = 0;
		if (stat(real, &after) == 0 ? !had || after.st_ino != before.st_ino ||
		                                  after.st_size != before.st_size ||
		                                  after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
		                                  after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
		                                  after.st_ctim.tv_nsec != before.st_ctim.tv_nsec
		                            : had) {
			error = dt_file_read(&again, real, DT_FILE_MAX);
			if (error == DT_ENOTFOUND && create && !cur.size) {
				dt_buf_clear(&again);
				error = 0;
			}
			if (!error &&
			    (again.size != cur.size || memcmp(again.ptr, cur.ptr, cur.size)))
				error = DT_EIO;
		}
		if (error < 0) {
			unlink(tmp);
			dt_error_clear();
			if (attempt + 1 >= MAX_TRIES) {
				error = dt_error_set(DT_EIO,
				                     "%s: kept changing while diarist wrote it; "
				                     "left as it is",
				                     real);
				goto cleanup;
			}
			continue;
		}
		if (rename(tmp, real) < 0) {
			error =
			    dt_error_set(DT_EIO, "%s: cannot replace: %s", real, strerror(errno));
			unlink(tmp);
			goto cleanup;
		}
		{
			/* make the rename durable */
			char *dir = dt_xstrdup(real), *slash = strrchr(dir, '/');
			if (slash) {
				*slash = '\0';
				int dfd =
				    open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (dfd >= 0) {
					fsync(dfd);
					close(dfd);
				}
			}
			free(dir);
		}
		*changed = 1;
		break;
	}

cleanup:
	if (locked)
		unlink(lock);
	free(tmp);
	free(lock);
	free(real);
	dt_buf_dispose(&cur);
	dt_buf_dispose(&again);
	dt_buf_dispose(&next);
	return error;
}
