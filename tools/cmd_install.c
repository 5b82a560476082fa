/* diarist install [--force] [--uninstall] */
#include "cmd.h"
#include "common.h"
#include "context.h"
#include "install.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the hooks built so far (SPEC §6 lists four; pre-push comes later) */
static const char *const built_hooks[] = {"commit-msg", "post-commit", "post-rewrite", "pre-push",
                                          NULL};

int cmd_install(int argc, char **argv)
{
	dt_install_opts opts = {0, 0, NULL, built_hooks};
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			opts.force = 1;
		else if (!strcmp(argv[i], "--uninstall"))
			opts.uninstall = 1;
		else
			return usage_error("install", "unknown option '%s'", argv[i]);
	}
	opts.hook_dir = hook_program_dir();
	rc = dt_install_run(&opts, stdout);
	if (rc < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = dt_exit_code(rc);
	}
	free((char *)opts.hook_dir);
	return rc;
}
