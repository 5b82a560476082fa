/* post-commit: record HEAD in its tickets' diaries (SPEC §4.1-4.4). */
#include "hookmain.h"
#include "posthooks.h"

#include <stdio.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	(void)argc;
	dt_hook_run_chained(argv, NULL, 0); /* its status cannot undo the commit */
	return dt_post_commit(stdout, stderr);
}
