/* post-rewrite: keep recorded hashes true across amend and rebase (SPEC §4.5). */
#include "buf.h"
#include "hookmain.h"
#include "posthooks.h"

#include <stdio.h>
#include <unistd.h>

DT_HOOK_DEFINE_MARKER;

int main(int argc, char **argv)
{
	dt_buf in = DT_BUF_INIT;
	char tmp[8192];
	ssize_t n;
	int rc;

	while ((n = read(0, tmp, sizeof(tmp))) > 0)
		dt_buf_put(&in, tmp, (size_t)n);
	dt_hook_run_chained(argv, in.ptr, in.size);
	rc = dt_post_rewrite(argc > 1 ? argv[1] : "", in.ptr, in.size, stdout, stderr);
	dt_buf_dispose(&in);
	return rc;
}
