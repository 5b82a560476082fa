/*
 * fileio.h - reading and writing files safely.
 */
#ifndef DT_FILEIO_H
#define DT_FILEIO_H

#include <stddef.h>
#include <sys/types.h>
#include "buf.h"

#define DT_FILE_MAX (16u * 1024u * 1024u) /* the largest file diarist reads */
/* the most a hook reads on its standard input (100 000 pre-push lines of
 * SHA-256 ids take 16 MiB) */
#define DT_INPUT_MAX (64u * 1024u * 1024u)

/* Read the whole file at `path` into `out` (replacing its contents).
 * Returns 0, DT_ENOTFOUND (no such file), DT_ETOOBIG (over `max` bytes) or
 * DT_EIO, with a message naming the file. */
int dt_file_read(dt_buf *out, const char *path, size_t max);
/* Read all of file descriptor fd (standard input: 0) into out, up to max
 * bytes: DT_ETOOBIG past it, DT_EIO when reading fails; `what` names it in
 * the message ("the message on standard input"). */
int dt_fd_read(dt_buf *out, int fd, size_t max, const char *what);

/* Write `len` bytes to `path` atomically: a temporary file in the same
 * folder, fsync, rename. The mode of an existing file is kept; a new file
 * gets `mode` (before umask). Returns 0 or DT_EIO. */
int dt_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* The same, written in pieces: open (a temporary file beside `path`),
 * write, then commit (fsync when `sync`, rename over path) or abort
 * (removed). After a failed write the others fail too, and commit only
 * removes the temporary file; commit and abort always free f. */
typedef struct {
	char *path, *tmp;
	int fd;
	mode_t mode;
	int error;
} dt_file_out;
int dt_file_out_open(dt_file_out *f, const char *path, mode_t mode);
int dt_file_out_write(dt_file_out *f, const void *data, size_t len);
int dt_file_out_commit(dt_file_out *f, int sync);
void dt_file_out_abort(dt_file_out *f);

/* The same without the fsync: for what can be made again (a report, a
 * cache), where a crash may lose the new file but never leaves half of
 * one, and where waiting for the disk would cost more than the work. */
int dt_file_replace(const char *path, const void *data, size_t len, mode_t mode);

/* The mode a file written at `path` should get: the existing file's, else
 * `dflt` less the umask. */
mode_t dt_file_mode_for(const char *path, mode_t dflt);

/* `a` + "/" + `b` into out (replacing); `b` absolute replaces `a`. */
void dt_path_join(dt_buf *out, const char *a, const char *b);
int dt_path_isdir(const char *path);
int dt_path_isfile(const char *path);
int dt_path_exists(const char *path); /* lstat succeeds */
/* Make every missing folder of `path` (mode 0777 before umask). */
int dt_mkdir_p(const char *path);

#endif
