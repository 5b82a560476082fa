/* test_context.c - lib/context.h: the repository, its configuration and
 * its docs root, found once per process (SPEC §1.1, §1.6, §6.1), in
 * throwaway repositories made by the real git. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "context.h"
#include "fileio.h"
#include "refs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ---- */

typedef struct {
	char *tmp;  /* absolute and real */
	char *here; /* where the test started */
	char *repo; /* tmp/repo, made by git init */
} fixture;

static int setup(void **state)
{
	fixture *f = dt_xcalloc(1, sizeof(*f));

	if (tu_tmp_open(&f->tmp, &f->here, "context") < 0) {
		free(f);
		return -1;
	}
	tu_git_env(f->tmp, NULL);
	f->repo = dt_xasprintf("%s/repo", f->tmp);
	if (tu_git_may_fail(NULL, "init -q '%s'", f->repo) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc = tu_tmp_close(f->tmp, f->here);
	free(f->repo);
	free(f);
	return rc;
}

static void put_ticket(const char *root, const char *dir, const char *id)
{
	char *rel = dt_xasprintf("%s/index.md", dir);
	char *text = dt_xasprintf("---\nTitle: %s\nTicket: %s\nStatus: active\n---\n", id, id);
	tu_put(root, rel, text);
	free(text);
	free(rel);
}

/* dt_context_open from `dir`, back to where we were before returning. */
static int open_in(const fixture *f, const char *dir, dt_context *ctx)
{
	int rc, back;
	assert_int_equal(chdir(dir), 0);
	dt_error_clear();
	rc = dt_context_open(ctx);
	back = chdir(f->here);
	assert_int_equal(back, 0);
	return rc;
}

static void assert_root(const dt_context *ctx, const char *want)
{
	if (strcmp(ctx->root.ptr, want))
		print_error("root: got %s, expected %s\n", ctx->root.ptr, want);
	assert_string_equal(ctx->root.ptr, want);
}

/* ---- dt_context_open ---- */

static void test_open_repo_without_ttmp_has_no_root_and_no_error(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *want = tu_path_in(f->repo, "ttmp");

	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 0);
	assert_root(&ctx, want);
	assert_non_null(ctx.cfg);
	assert_null(ctx.cfg->path);
	assert_non_null(ctx.env.worktree);
	assert_string_equal(ctx.env.worktree, f->repo);
	dt_context_dispose(&ctx);
	free(want);
}

static void test_open_repo_with_ttmp(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *want = tu_path_in(f->repo, "ttmp");
	char *gitdir = tu_path_in(f->repo, ".git");

	tu_mkdirs(f->repo, "ttmp");
	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 1);
	assert_root(&ctx, want);
	assert_string_equal(ctx.env.gitdir, gitdir);
	/* nothing is scanned until asked */
	assert_int_equal(ctx.tk.count, 0);
	dt_context_dispose(&ctx);
	free(want);
	free(gitdir);
}

static void test_open_from_a_subfolder_finds_the_same_root(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *want = tu_path_in(f->repo, "ttmp");
	char *sub = tu_path_in(f->repo, "src/deep");

	tu_mkdirs(f->repo, "ttmp");
	tu_mkdirs(f->repo, "src/deep");
	assert_int_equal(open_in(f, sub, &ctx), 0);
	assert_int_equal(ctx.root_exists, 1);
	assert_root(&ctx, want);
	assert_string_equal(ctx.env.worktree, f->repo);
	dt_context_dispose(&ctx);
	free(want);
	free(sub);
}

static void test_open_root_from_diarist_yaml(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *want = tu_path_in(f->repo, "docs/tickets");

	tu_put(f->repo, DT_CONFIG_FILE, "root: docs/tickets\n");
	tu_mkdirs(f->repo, "docs/tickets");
	tu_mkdirs(f->repo, "ttmp"); /* the config wins */
	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 1);
	assert_root(&ctx, want);
	assert_non_null(ctx.cfg->path);
	dt_context_dispose(&ctx);
	free(want);
}

static void test_open_root_from_ttmp_yaml(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *want = tu_path_in(f->repo, "docs/ttmp");

	tu_put(f->repo, ".ttmp.yaml", "root: docs/ttmp\n");
	tu_mkdirs(f->repo, "docs/ttmp");
	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 1);
	assert_root(&ctx, want);
	dt_context_dispose(&ctx);
	free(want);
}

/* Without .diarist.yaml, a root that is not there means "not in use". */
static void test_open_ttmp_yaml_naming_missing_root_is_no_error(void **state)
{
	fixture *f = *state;
	dt_context ctx;

	tu_put(f->repo, ".ttmp.yaml", "root: nowhere\n");
	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 0);
	dt_context_dispose(&ctx);
}

/* SPEC §1.1: .diarist.yaml means the team opted in and the root must
 * exist; §1.6: a config error names the file, line and column. */
static void test_open_diarist_yaml_naming_missing_root_is_config_error(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	const char *msg;
	char *want;

	tu_put(f->repo, DT_CONFIG_FILE, "# the docs\nroot: docs/missing\n");
	assert_int_equal(open_in(f, f->repo, &ctx), DT_ECONFIG);
	assert_non_null(ctx.cfg);
	msg = dt_error_last();
	want = dt_xasprintf(".diarist.yaml:2:7: the docs root '%s/docs/missing' does not exist",
	                    f->repo);
	if (strncmp(msg, ".diarist.yaml:2:", 16))
		print_error("no file:line:col in: %s\n", msg);
	assert_string_equal(msg, want);
	dt_context_dispose(&ctx);
	free(want);
}

static void test_open_diarist_yaml_without_root_and_no_ttmp_is_config_error(void **state)
{
	fixture *f = *state;
	dt_context ctx;

	tu_put(f->repo, DT_CONFIG_FILE, "ticket:\n  require: true\n");
	assert_int_equal(open_in(f, f->repo, &ctx), DT_ECONFIG);
	assert_non_null(ctx.cfg);
	assert_non_null(strstr(dt_error_last(), DT_CONFIG_FILE));
	assert_non_null(strstr(dt_error_last(), "does not exist"));
	dt_context_dispose(&ctx);
}

static void test_open_bad_config_is_config_error_with_cfg(void **state)
{
	static const struct {
		const char *text, *where;
		dt_on_error on_error;
	} cases[] = {
	    {"rots: ttmp\n", ".diarist.yaml:1:1: ", DT_ON_ERROR_CLOSED},
	    {"hooks:\n  on_internal_error: open\nticket: {require: maybe}\n",
	     ".diarist.yaml:3:", DT_ON_ERROR_OPEN},
	    {"root: [unclosed\n", ".diarist.yaml:", DT_ON_ERROR_CLOSED},
	    {NULL, NULL, DT_ON_ERROR_CLOSED},
	};
	fixture *f = *state;

	tu_mkdirs(f->repo, "ttmp");
	for (size_t i = 0; cases[i].text; i++) {
		dt_context ctx;
		tu_put(f->repo, DT_CONFIG_FILE, cases[i].text);
		assert_int_equal(open_in(f, f->repo, &ctx), DT_ECONFIG);
		assert_non_null(ctx.cfg);
		assert_int_equal(ctx.cfg->on_internal_error, cases[i].on_error);
		if (strncmp(dt_error_last(), cases[i].where, strlen(cases[i].where)))
			print_error("case %zu: '%s' does not start with '%s'\n", i, dt_error_last(),
			            cases[i].where);
		assert_int_equal(strncmp(dt_error_last(), cases[i].where, strlen(cases[i].where)),
		                 0);
		assert_int_equal(dt_exit_code(DT_ECONFIG), 2);
		dt_context_dispose(&ctx);
		assert_null(ctx.cfg);
	}
}

static void test_open_outside_any_repository_is_notfound(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *dir = tu_path_in(f->tmp, "plain/folder");

	tu_mkdirs(f->tmp, "plain/folder/ttmp");
	assert_int_equal(open_in(f, dir, &ctx), DT_ENOTFOUND);
	assert_non_null(ctx.cfg);
	assert_non_null(strstr(dt_error_last(), "not a git repository"));
	assert_int_equal(ctx.root_exists, 0);
	assert_int_equal(dt_exit_code(DT_ENOTFOUND), 3);
	dt_context_dispose(&ctx);
	free(dir);
}

static void test_open_bare_repository_has_no_worktree(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *bare = tu_path_in(f->tmp, "bare.git");
	char *cmd = dt_xasprintf("git init -q --bare '%s' >/dev/null 2>&1", bare);

	assert_int_equal(system(cmd), 0);
	assert_int_equal(open_in(f, bare, &ctx), 0);
	assert_null(ctx.env.worktree);
	assert_non_null(ctx.env.gitdir);
	assert_string_equal(ctx.env.gitdir, bare);
	assert_non_null(ctx.cfg);
	assert_int_equal(ctx.root_exists, 0);
	dt_context_dispose(&ctx);
	free(cmd);
	free(bare);
}

/* ---- dt_context_scan ---- */

static void test_scan_finds_tickets(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *root = tu_path_in(f->repo, "ttmp");

	put_ticket(root, "2026/02/14/VM-023-IMPROVE-DOCS--improve-docs", "VM-023-IMPROVE-DOCS");
	put_ticket(root, "VM-001-OLD--old", "VM-001-OLD");
	put_ticket(root, "_templates", "TEMPLATE");
	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(dt_context_scan(&ctx), 0);
	assert_int_equal(ctx.tk.count, 2);
	assert_string_equal(ctx.tk.items[0].id, "VM-001-OLD");
	assert_string_equal(ctx.tk.items[1].id, "VM-023-IMPROVE-DOCS");
	assert_string_equal(ctx.tk.root, root);
	/* a second scan replaces the first (no doubling, no leak) */
	put_ticket(root, "VM-024-NEW--new", "VM-024-NEW");
	assert_int_equal(dt_context_scan(&ctx), 0);
	assert_int_equal(ctx.tk.count, 3);
	assert_non_null(dt_tickets_find(&ctx.tk, "VM-024-NEW"));
	dt_context_dispose(&ctx);
	free(root);
}

static void test_scan_without_root_is_notfound(void **state)
{
	fixture *f = *state;
	dt_context ctx;

	assert_int_equal(open_in(f, f->repo, &ctx), 0);
	assert_int_equal(ctx.root_exists, 0);
	assert_int_equal(dt_context_scan(&ctx), DT_ENOTFOUND);
	assert_int_equal(ctx.tk.count, 0);
	dt_context_dispose(&ctx);
}

/* ---- dt_context_confirm ---- */

/* dt_context_load in the repository; want_cached: whether it must come
 * from the cache. */
static void load_in(const fixture *f, dt_context *ctx, int want_cached)
{
	assert_int_equal(open_in(f, f->repo, ctx), 0);
	assert_int_equal(dt_context_load(ctx), 0);
	assert_int_equal(ctx->cached, want_cached);
}

/* confirm after resolving `msg`'s refs; returns dt_context_confirm's answer
 * and whether `id` is named afterwards */
static int confirm_msg(dt_context *ctx, const char *msg, const char *id, int *named)
{
	dt_refs refs = DT_REFS_INIT;
	dt_strvec ids = DT_STRVEC_INIT;
	int rc;

	assert_int_equal(dt_refs_extract(&refs, msg, ctx->cfg), 0);
	dt_refs_resolve(&refs, &ctx->tk);
	rc = dt_context_confirm(ctx, &refs);
	if (rc == 1)
		dt_refs_resolve(&refs, &ctx->tk);
	dt_refs_named(&ids, &refs);
	*named = 0;
	for (size_t i = 0; i < ids.count; i++)
		*named |= !strcmp(ids.items[i], id);
	dt_strvec_dispose(&ids);
	dt_refs_dispose(&refs);
	return rc;
}

/* A ticket made inside a ticket that held none is not seen by the cache
 * (workspace.h). A subject word that names it counts only when it
 * resolves, so it must not be dropped for want of a rescan: an unknown
 * word of a key some ticket has ("OUT" of "OUT-2") reads afresh; one of
 * no known key (UTF-8) does not. */
static void test_confirm_rescans_for_an_unknown_word_of_a_known_key(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *root = tu_path_in(f->repo, "ttmp");
	int named = -1;

	put_ticket(root, "2026/02/14/OUT-1-OUTER--outer", "OUT-1-OUTER");
	put_ticket(root, "2026/02/14/VM-023-IMPROVE-DOCS--improve-docs", "VM-023-IMPROVE-DOCS");
	tu_age_tree(root, 60);
	load_in(f, &ctx, 0);
	dt_context_dispose(&ctx);
	load_in(f, &ctx, 1);
	assert_int_equal(confirm_msg(&ctx, "VM-023: nothing new", "VM-023-IMPROVE-DOCS", &named),
	                 0);
	assert_int_equal(named, 1);
	dt_context_dispose(&ctx);

	put_ticket(root, "2026/02/14/OUT-1-OUTER--outer/2026/02/15/OUT-2-INNER--inner",
	           "OUT-2-INNER");
	load_in(f, &ctx, 1);
	assert_null(dt_tickets_find(&ctx.tk, "OUT-2-INNER"));
	assert_int_equal(
	    confirm_msg(&ctx, "VM-023: fix UTF-8 names", "VM-023-IMPROVE-DOCS", &named), 0);
	assert_int_equal(ctx.cached, 1);
	assert_int_equal(confirm_msg(&ctx, "VM-023: split OUT-2 off", "OUT-2-INNER", &named), 1);
	assert_int_equal(named, 1);
	assert_int_equal(ctx.cached, 0);
	dt_context_dispose(&ctx);
	free(root);
}

/* ---- dt_exit_code (SPEC §6.1) ---- */

static void test_exit_code_mapping(void **state)
{
	static const struct {
		int error, status;
	} cases[] = {
	    {0, 0},
	    /* 2: usage or configuration error */
	    {DT_ECONFIG, 2},
	    {DT_EUSAGE, 2},
	    /* 3: the repository or a file could not be read */
	    {DT_EIO, 3},
	    {DT_ENOTFOUND, 3},
	    {1, -1},
	};
	(void)state;
	for (size_t i = 0; cases[i].status >= 0; i++) {
		if (dt_exit_code(cases[i].error) != cases[i].status)
			print_error("dt_exit_code(%d) = %d, expected %d\n", cases[i].error,
			            dt_exit_code(cases[i].error), cases[i].status);
		assert_int_equal(dt_exit_code(cases[i].error), cases[i].status);
	}
}

/* Every error code becomes 2 or 3: never 0 (success) or 1 (findings). */
static void test_exit_code_of_every_error_is_2_or_3(void **state)
{
	static const int codes[] = {DT_ERROR,      DT_ENOTFOUND, DT_EINVALID, DT_EIO,    DT_ECONFIG,
	                            DT_EAMBIGUOUS, DT_ETOOBIG,   DT_ELOCKED,  DT_EUSAGE, 0};
	(void)state;
	for (size_t i = 0; codes[i]; i++) {
		int s = dt_exit_code(codes[i]);
		if (s != 2 && s != 3)
			print_error("dt_exit_code(%d) = %d\n", codes[i], s);
		assert_true(s == 2 || s == 3);
	}
}

/* ---- dt_context_dispose ---- */

static void test_dispose_after_failed_open_and_twice(void **state)
{
	fixture *f = *state;
	dt_context ctx;
	char *dir = tu_path_in(f->tmp, "plain");

	tu_mkdirs(f->tmp, "plain");
	assert_int_equal(open_in(f, dir, &ctx), DT_ENOTFOUND);
	dt_context_dispose(&ctx);
	assert_null(ctx.cfg);
	dt_context_dispose(&ctx);
	assert_null(ctx.cfg);
	free(dir);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_open_repo_without_ttmp_has_no_root_and_no_error),
	    T(test_open_repo_with_ttmp),
	    T(test_open_from_a_subfolder_finds_the_same_root),
	    T(test_open_root_from_diarist_yaml),
	    T(test_open_root_from_ttmp_yaml),
	    T(test_open_ttmp_yaml_naming_missing_root_is_no_error),
	    T(test_open_diarist_yaml_naming_missing_root_is_config_error),
	    T(test_open_diarist_yaml_without_root_and_no_ttmp_is_config_error),
	    T(test_open_bad_config_is_config_error_with_cfg),
	    T(test_open_outside_any_repository_is_notfound),
	    T(test_open_bare_repository_has_no_worktree),
	    T(test_scan_finds_tickets),
	    T(test_scan_without_root_is_notfound),
	    T(test_confirm_rescans_for_an_unknown_word_of_a_known_key),
	    cmocka_unit_test(test_exit_code_mapping),
	    cmocka_unit_test(test_exit_code_of_every_error_is_2_or_3),
	    T(test_dispose_after_failed_open_and_twice),
	};
#undef T
	return cmocka_run_group_tests_name("context", tests, NULL, NULL);
}
