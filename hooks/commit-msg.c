/* commit-msg: refuse a commit whose message names no real ticket (SPEC §3). */
#include "commitmsg.h"
#include "common.h"
#include "hookmain.h"

#include <stdio.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: commit-msg <message-file>\n");
		return 2;
	}
	rc = dt_hook_run_chained(argv, NULL, 0);
	if (rc < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		return 1;
	}
	if (rc != 0)
		return rc; /* the hook that was there first refused */
	return dt_commitmsg_run(argv[1], stderr);
}
