/*
 * commitmsg.h - the commit-msg gate (SPEC §3).
 *
 * Shared by hooks/commit-msg and the tests: reads the message file git
 * hands the hook, decides, may add a "Ticket:" trailer from the branch,
 * and prints what it decided. Needs no git objects and no libgit2.
 */
#ifndef DT_COMMITMSG_H
#define DT_COMMITMSG_H

#include <stdio.h>

/* Run the gate on `msg_path` from the current folder. Messages go to
 * `err`. Returns the hook's exit status: 0 accept, 1 refuse, 2 a
 * configuration error, 3 the repository or a file could not be read
 * (2 and 3 become 0 with a warning under hooks.on_internal_error: open). */
int dt_commitmsg_run(const char *msg_path, FILE *err);

#endif
