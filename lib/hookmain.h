/*
 * hookmain.h - what every hook program does before its own work.
 */
#ifndef DT_HOOKMAIN_H
#define DT_HOOKMAIN_H

#include "install.h"

/* Every hook program carries this marker, so that `diarist install` can
 * tell its own hooks (links or copies) from anybody else's. */
#define DT_HOOK_DEFINE_MARKER                                                                      \
	__attribute__((used)) static const char dt_hook_marker[] = DT_HOOK_MARKER

/* Run the hook that was installed before diarist's ("<argv[0]>.diarist-
 * chained") with the same arguments and `input` on its stdin. Returns its
 * exit status (0 when there is none). */
int dt_hook_run_chained(char **argv, const char *input, size_t input_len);

#endif
