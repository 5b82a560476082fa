/*
 * proc.h - running other programs without a shell.
 */
#ifndef DT_PROC_H
#define DT_PROC_H

#include "buf.h"

#include <sys/types.h>

/* Run argv[0] (searched in PATH) with argv, stdout captured into `out`
 * (may be NULL: inherited), stderr inherited, stdin fed from `input`
 * (NULL: inherited). Returns the exit status (0-255), 128+signal when
 * killed, or DT_EIO when it could not be started (message kept aside). */
int dt_proc_run(dt_buf *out, char *const argv[], const char *input, size_t input_len);

/* A program started by dt_proc_start and not yet waited for. */
typedef struct {
	pid_t pid;
	int out_fd; /* its stdout when captured, else -1 */
	char name[256];
} dt_proc;

/* dt_proc_run in two halves, so that the caller can work while the
 * program runs: start it (stdout captured when `capture`; `input`, when
 * given, is written before returning), then read all its output into
 * `out` (may be NULL: read and dropped) and wait for it. start returns 0
 * or DT_EIO; finish returns what dt_proc_run returns. A started program
 * must be finished. */
int dt_proc_start(dt_proc *p, char *const argv[], int capture, const char *input, size_t input_len);
int dt_proc_finish(dt_proc *p, dt_buf *out);

/* The git program to run: $GIT_EXEC_PATH/git when git set it (hooks),
 * else "git" from PATH. Caller frees. */
char *dt_proc_git_path(void);

/* Run `git ARGS...` and capture its stdout with the trailing newline
 * removed. Returns git's exit status or DT_EIO. */
int dt_proc_git(dt_buf *out, const char *arg, ...) __attribute__((sentinel));

/* Run the hook `path` with argv (argv[0] is replaced by path) when it
 * exists and is executable; its stdin is `input` when given. Returns its
 * exit status, or 0 when there is no such hook. Used to chain a hook that
 * was installed before diarist's. */
int dt_proc_chain(const char *path, char *const argv[], const char *input, size_t input_len);

#endif
