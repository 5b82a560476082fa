/* pre-push: refuse a push whose ticket bookkeeping has drifted (SPEC §5). */
#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "gate.h"
#include "hookmain.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	dt_buf in = DT_BUF_INIT;
	int rc;
	const char *remote_name = argc > 1 ? argv[1] : "origin";

	if (dt_fd_read(&in, 0, DT_INPUT_MAX, "pre-push's input") < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		dt_buf_dispose(&in);
		return 1;
	}
	if (!in.size && getenv("PRE_COMMIT_TO_REF") && getenv("PRE_COMMIT_FROM_REF")) {
		/* run by pre-commit, which keeps git's input and says in its
		 * environment what is pushed (one ref) */
		const char *local = getenv("PRE_COMMIT_LOCAL_BRANCH");
		const char *remote = getenv("PRE_COMMIT_REMOTE_BRANCH");
		dt_buf_printf(&in, "%s %s %s %s\n", local && *local ? local : "HEAD",
		              getenv("PRE_COMMIT_TO_REF"), remote && *remote ? remote : "HEAD",
		              getenv("PRE_COMMIT_FROM_REF"));
		if (argc < 2 && getenv("PRE_COMMIT_REMOTE_NAME"))
			remote_name = getenv("PRE_COMMIT_REMOTE_NAME");
	}
	rc = dt_hook_run_chained(argv, in.ptr, in.size);
	if (rc < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = 1;
	} else if (rc == 0) {
		rc = dt_prepush_run(remote_name, in.ptr ? in.ptr : "", in.size, stderr);
	}
	dt_buf_dispose(&in);
	return rc;
}
