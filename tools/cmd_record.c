/* diarist record [--step N] [COMMIT...]: record commits by hand. */
#include "cmd.h"
#include "common.h"
#include "context.h"
#include "history.h"
#include "posthooks.h"
#include "recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_record(int argc, char **argv)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_recorder rc;
	long step = -1;
	int error, first = 1, status = 0;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "--")) {
			first++;
			break;
		}
		if (!strcmp(argv[first], "--step") && first + 1 < argc) {
			char *end;
			step = strtol(argv[++first], &end, 10);
			if (*end || step < 0)
				return usage_error("record", "--step takes a step number, not '%s'",
				                   argv[first]);
		} else if (!strncmp(argv[first], "--step=", 7)) {
			char *end;
			step = strtol(argv[first] + 7, &end, 10);
			if (*end || step < 0)
				return usage_error("record", "--step takes a step number, not '%s'",
				                   argv[first] + 7);
		} else {
			return usage_error("record", "unknown option '%s'", argv[first]);
		}
	}
	if ((error = dt_context_open(&ctx)) < 0)
		goto fail;
	if (!ctx.env.worktree || !ctx.root_exists) {
		fprintf(stderr, "diarist: no ticket workspace here (%s): nothing to record\n",
		        ctx.root.size ? ctx.root.ptr : "bare repository");
		dt_context_dispose(&ctx);
		return 0;
	}
	if ((error = dt_history_init()) < 0 || (error = dt_repo_open(&repo)) < 0 ||
	    (error = dt_context_scan(&ctx)) < 0)
		goto fail;
	dt_post_apply_pending(&ctx, repo, stdout, stderr);
	dt_recorder_init(&rc, &ctx, repo, stdout, stderr);
	rc.force_step = step;
	rc.verbose = 1;
	if (first >= argc) {
		int n;
		if ((error = dt_recorder_commit(&rc, "HEAD", &n)) < 0)
			goto fail;
	}
	for (int i = first; i < argc; i++) {
		int n;
		if ((error = dt_recorder_commit(&rc, argv[i], &n)) < 0) {
			fprintf(stderr, "diarist: error: %s\n", dt_error_last());
			status = dt_exit_code(error) == 2 ? 2 : 3;
			if (error == DT_ENOTFOUND)
				status = 2;
		}
	}
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	dt_history_shutdown();
	return status;

fail:
	fprintf(stderr, "diarist: error: %s\n", dt_error_last());
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	return dt_exit_code(error);
}
