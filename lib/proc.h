/*
 * proc.h - running other programs without a shell.
 */
#ifndef DT_PROC_H
#define DT_PROC_H

#include "buf.h"

/* Run argv[0] (searched in PATH) with argv, stdout captured into `out`
 * (may be NULL: inherited), stderr inherited, stdin fed from `input`
 * (NULL: inherited). Returns the exit status (0-255), 128+signal when
 * killed, or DT_EIO when it could not be started (message kept aside). */
int dt_proc_run(dt_buf *out, char *const argv[], const char *input, size_t input_len);

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
