#include "lockfile.h"
#include "common.h"
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* Is the lock file open as `fd` held by a live writer? A writer holds an
 * flock on it from the moment it creates it until it renames it over the
 * file, so a lock nobody holds belongs to a writer that is gone. The short
 * window between creating and locking is covered by the file's age; a lock
 * written by another tool as "PID START" is judged by that process. */
static int holder_alive(int fd, char *who, size_t whosz)
{
	char head[64];
	ssize_t n;
	long pid = 0;
	unsigned long long start = 0;
	struct stat st;
	struct timespec now;

	snprintf(who, whosz, "its writer");
	if (flock(fd, LOCK_SH | LOCK_NB) < 0)
		return errno == EWOULDBLOCK || errno == EINTR;
	flock(fd, LOCK_UN);
	n = pread(fd, head, sizeof(head) - 1, 0);
	if (n > 0) {
		head[n] = '\0';
		if (sscanf(head, "%ld %llu", &pid, &start) >= 1 && pid > 0) {
			snprintf(who, whosz, "pid %ld", pid);
			if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
				return 0;
			return !start || proc_start(pid) == start;
		}
	}
	clock_gettime(CLOCK_REALTIME, &now);
	return fstat(fd, &st) == 0 && (now.tv_sec - st.st_mtim.tv_sec) * 1000 +
	                                      (now.tv_nsec - st.st_mtim.tv_nsec) / 1000000 <
	                                  1000;
}

/* Create `lock` exclusively and hold an flock on it; *out is its fd, open
 * for writing the new text into it. */
static int take_lock(int *out, const char *lock, FILE *note)
{
	char who[64];
	int waited = 0;

	*out = -1;
	for (;;) {
		int fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600), ofd;
		if (fd >= 0) {
			while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
				;
			*out = fd;
			return 0;
		}
		if (errno != EEXIST)
			return dt_error_set(DT_EIO, "%s: cannot create the lock: %s", lock,
			                    strerror(errno));
		ofd = open(lock, O_RDONLY | O_CLOEXEC);
		if (ofd < 0)
			continue; /* gone meanwhile: try again */
		if (!holder_alive(ofd, who, sizeof(who))) {
			struct stat a, b;
			/* remove it only if it is still the same file */
			if (fstat(ofd, &a) == 0 && stat(lock, &b) == 0 && a.st_ino == b.st_ino &&
			    a.st_dev == b.st_dev && unlink(lock) == 0 && note)
				fprintf(note, "diarist: removed a stale lock %s (%s is gone)\n",
				        lock, who);
			close(ofd);
			continue;
		}
		close(ofd);
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

/* Temporary files "<file>.diarist-XXXXXX" of a writer killed between
 * writing and renaming. Only a lock holder writes them, and we hold the
 * lock: any that exist are leftovers. */
static void remove_leftovers(const char *real, FILE *note)
{
	char *dir = dt_xstrdup(real), *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : real;
	size_t bl = strlen(base);
	DIR *d;
	struct dirent *e;

	if (slash)
		*slash = '\0';
	d = opendir(slash ? (*dir ? dir : "/") : ".");
	while (d && (e = readdir(d)) != NULL) {
		if (strlen(e->d_name) == bl + 15 && !strncmp(e->d_name, base, bl) &&
		    !strncmp(e->d_name + bl, ".diarist-", 9)) {
			char *p = dt_xasprintf("%s/%s", slash ? dir : ".", e->d_name);
			if (unlink(p) == 0 && note)
				fprintf(note,
				        "diarist: removed %s, left by a writer that was stopped\n",
				        p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

static int write_at0(int fd, const char *p, size_t len)
{
	off_t off = 0;
	while (len) {
		ssize_t w = pwrite(fd, p, len, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
		off += w;
	}
	return 0;
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
	char *real = NULL, *lock = NULL;
	int error, locked = 0, lockfd = -1;

	*changed = 0;
	if ((error = target_path(&real, path, worktree, create)) < 0)
		return error;
	lock = dt_xasprintf("%s.lock", real);
	if ((error = take_lock(&lockfd, lock, note)) < 0)
		goto cleanup;
	locked = 1;
	remove_leftovers(real, note);
	/* The new text is written into the lock file itself and renamed over
	 * the file (as git does with index.lock): a writer killed at any
	 * point leaves the file as it was plus at most a stale lock. */
	for (int attempt = 0;; attempt++) {
		struct stat before, after;
		mode_t mode;
		int had = stat(real, &before) == 0;

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
		mode = dt_file_mode_for(real, 0666);
		if (ftruncate(lockfd, 0) < 0 || write_at0(lockfd, next.ptr, next.size) < 0 ||
		    fchmod(lockfd, mode) < 0 || fsync(lockfd) < 0) {
			error = dt_error_set(DT_EIO, "%s: cannot write: %s", lock, strerror(errno));
			goto cleanup;
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
		if (rename(lock, real) < 0) {
			error =
			    dt_error_set(DT_EIO, "%s: cannot replace: %s", real, strerror(errno));
			goto cleanup;
		}
		locked = 0; /* the lock became the file */
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
	if (lockfd >= 0)
		close(lockfd);
	free(lock);
	free(real);
	dt_buf_dispose(&cur);
	dt_buf_dispose(&again);
	dt_buf_dispose(&next);
	return error;
}
