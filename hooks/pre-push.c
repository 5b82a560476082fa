/* pre-push: refuse a push whose ticket bookkeeping has drifted (SPEC §5). */
#include "buf.h"
#include "common.h"
#include "gate.h"
#include "hookmain.h"

#include <stdio.h>
#include <unistd.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	dt_buf in = DT_BUF_INIT;
	char tmp[65536];
	ssize_t n;
	int rc;

	while ((n = read(0, tmp, sizeof(tmp))) > 0)
		dt_buf_put(&in, tmp, (size_t)n);
	rc = dt_hook_run_chained(argv, in.ptr, in.size);
	if (rc < 0) {
		fprintf(stderr, "diarist: error: %s\n", dt_error_last());
		rc = 1;
	} else if (rc == 0) {
		rc = dt_prepush_run(argc > 1 ? argv[1] : "origin", in.ptr ? in.ptr : "", in.size,
		                    stderr);
	}
	dt_buf_dispose(&in);
	return rc;
}
