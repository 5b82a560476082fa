/* diarist hook NAME [ARG...]: run one of diarist's hook programs, for hook
 * managers that call a command on PATH (pre-commit, lefthook, husky). */
#include "cmd.h"
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const hooks[] = {"commit-msg", "post-commit", "post-rewrite", "pre-push", NULL};

int cmd_hook(int argc, char **argv)
{
	char *dir, *path;
	int known = 0;

	if (argc < 2)
		return usage_error("hook",
		                   "which hook? (commit-msg, post-commit, post-rewrite, "
		                   "pre-push)%s",
		                   "");
	for (const char *const *h = hooks; *h; h++)
		known |= !strcmp(*h, argv[1]);
	if (!known)
		return usage_error("hook", "unknown hook '%s'", argv[1]);
	dir = hook_program_dir();
	path = dt_xasprintf("%s/%s", dir, argv[1]);
	free(dir);
	/* the hook sees itself called as its own name, with git's arguments */
	argv[1] = path;
	execv(path, argv + 1);
	fprintf(stderr, "diarist: error: cannot run %s: %s\n", path, strerror(errno));
	free(path);
	return 3;
}
