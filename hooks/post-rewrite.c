/* post-rewrite: keep recorded hashes true across amend and rebase (SPEC §4.5). */
#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "hookmain.h"
#include "posthooks.h"

#include <stdio.h>
#include <unistd.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	dt_buf in = DT_BUF_INIT;
	int rc;

	/* git's "old new" lines; what could not be read is left (the commit
	 * happened, this hook never fails) */
	if (dt_fd_read(&in, 0, DT_INPUT_MAX, "post-rewrite's input") < 0)
		fprintf(stderr, "diarist: warning: %s\n", dt_error_last());
	dt_hook_run_chained(argv, in.ptr, in.size);
	rc = dt_post_rewrite(argc > 1 ? argv[1] : "", in.ptr, in.size, stdout, stderr);
	dt_buf_dispose(&in);
	return rc;
}
