/* diarist fix [--dry-run] [RANGE]: repair the diaries of the work tree. */
#include "cmd.h"
#include "common.h"
#include "context.h"
#include "fix.h"
#include "history.h"
#include "proc.h"

#include <stdio.h>
#include <string.h>

static int head_born(void)
{
	dt_buf out = DT_BUF_INIT;
	int rc = dt_proc_git(&out, "rev-parse", "-q", "--verify", "HEAD^{commit}", (char *)NULL);
	dt_buf_dispose(&out);
	return rc == 0;
}

/* "diarist fix: 3 changes in 1 diary; 1 left as is (dry run: nothing written)" */
static void summary(const dt_fix_result *res, int dry_run)
{
	if (!res->changes)
		printf("diarist fix: nothing to fix");
	else
		printf("diarist fix: %zu change%s in %zu diar%s", res->changes,
		       res->changes == 1 ? "" : "s", res->diaries, res->diaries == 1 ? "y" : "ies");
	if (res->left)
		printf("; %zu left as is (see above)", res->left);
	if (dry_run && res->changes)
		printf(" (dry run: nothing written)");
	putchar('\n');
}

static int fix_in_repo(const dt_fix_opts *opts)
{
	dt_context ctx;
	dt_repo *repo = NULL;
	dt_fix_result res;
	int error;

	if ((error = dt_context_open(&ctx)) < 0)
		goto fail;
	if (!ctx.env.worktree || !ctx.root_exists) {
		printf("diarist fix: no ticket workspace here (%s): nothing to fix\n",
		       ctx.root.size ? ctx.root.ptr : "bare repository");
		dt_context_dispose(&ctx);
		return 0;
	}
	if ((error = dt_repo_open(&repo)) < 0 || (error = dt_context_scan(&ctx)) < 0)
		goto fail;
	if (dt_repo_rebasing(repo)) {
		fprintf(stderr,
		        "diarist fix: a rebase is in progress; run it again when the rebase "
		        "is done\n");
		error = 2;
		goto done;
	}
	if (!head_born()) {
		printf("diarist fix: HEAD has no commit yet: nothing to fix\n");
		error = 0;
		goto done;
	}
	if ((error = dt_fix_run(&res, &ctx, repo, opts)) < 0)
		goto fail;
	summary(&res, opts->dry_run);
	error = res.failed ? 3 : 0;
	goto done;

fail:
	fprintf(stderr, "diarist fix: error: %s\n", dt_error_last());
	error = dt_exit_code(error);
done:
	dt_repo_free(repo);
	dt_context_dispose(&ctx);
	return error;
}

int cmd_fix(int argc, char **argv)
{
	dt_fix_opts opts;
	int i = 1;

	memset(&opts, 0, sizeof(opts));
	opts.out = stdout;
	opts.err = stderr;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "-n"))
			opts.dry_run = 1;
		else
			return usage_error("fix", "unknown option '%s'", argv[i]);
	}
	if (i < argc)
		opts.range = argv[i++];
	if (i < argc)
		return usage_error("fix", "one range at most, not also '%s'", argv[i]);
	return fix_in_repo(&opts);
}
