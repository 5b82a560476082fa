/* test_config.c - .diarist.yaml (SPEC §1.6) and the docs root (§1.1).
 *
 * Parser cases live in tests/data/config/ as NAME.yaml with NAME.expect
 * beside it: "ok", or the exact message dt_error_last() must give. */
#include "unit.h"

#include "common.h"
#include "config.h"
#include "fileio.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CASES TEST_DATA "/config"

/* ---- helpers ---- */

static void chomp(dt_buf *b)
{
	while (b->size && (b->ptr[b->size - 1] == '\n' || b->ptr[b->size - 1] == '\r'))
		dt_buf_truncate(b, b->size - 1);
}

static dt_config *parse_ok(const char *text)
{
	dt_config *cfg = dt_config_new();
	int rc = dt_config_parse(cfg, text, strlen(text), DT_CONFIG_FILE);
	if (rc)
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	return cfg;
}

/* ---- the data-file cases: one cmocka test per NAME.yaml ---- */

/* What one case holds; freed by the teardown, also when an assert fails. */
typedef struct {
	const char *name;
	dt_buf yaml, expect;
	dt_config *cfg;
} config_case;

static int case_setup(void **state)
{
	config_case *c = dt_xcalloc(1, sizeof(*c));
	dt_buf path = DT_BUF_INIT;
	int rc;

	c->name = *state;
	dt_buf_init(&c->yaml);
	dt_buf_init(&c->expect);
	c->cfg = dt_config_new();
	*state = c;
	dt_buf_printf(&path, "%s/%s.yaml", CASES, c->name);
	rc = dt_file_read(&c->yaml, path.ptr, DT_FILE_MAX);
	dt_buf_clear(&path);
	dt_buf_printf(&path, "%s/%s.expect", CASES, c->name);
	if (!rc)
		rc = dt_file_read(&c->expect, path.ptr, DT_FILE_MAX);
	dt_buf_dispose(&path);
	if (rc)
		print_error("%s\n", dt_error_last());
	chomp(&c->expect);
	return rc ? -1 : 0;
}

static int case_teardown(void **state)
{
	config_case *c = *state;
	dt_buf_dispose(&c->yaml);
	dt_buf_dispose(&c->expect);
	dt_config_free(c->cfg);
	free(c);
	return 0;
}

static void test_config_case(void **state)
{
	config_case *c = *state;
	int rc;

	/* a case whose name says ok and whose .expect says otherwise (or the
	 * other way round) is a mistake in the data */
	assert_int_equal(!strncmp(c->name, "ok-", 3), !strcmp(c->expect.ptr, "ok"));

	dt_error_clear();
	rc = dt_config_parse(c->cfg, c->yaml.ptr, c->yaml.size, DT_CONFIG_FILE);
	if (!strcmp(c->expect.ptr, "ok")) {
		if (rc)
			print_error("%s: unexpected error: %s\n", c->name, dt_error_last());
		assert_int_equal(rc, 0);
	} else {
		assert_int_equal(rc, DT_ECONFIG);
		assert_string_equal(dt_error_last(), c->expect.ptr);
	}
}

static void test_config_data_folder_has_cases(void **state)
{
	dt_strvec names = DT_STRVEC_INIT;
	size_t ok = 0;

	(void)state;
	tu_list_cases(&names, CASES, ".yaml");
	assert_true(names.count >= 20);
	for (size_t i = 0; i < names.count; i++)
		ok += !strncmp(names.items[i], "ok-", 3);
	/* both kinds are there */
	assert_true(ok >= 10);
	assert_true(names.count - ok >= 10);
	dt_strvec_dispose(&names);
}

/* Every .expect has its .yaml (a renamed case must not leave an orphan). */
static void test_config_every_expect_has_yaml(void **state)
{
	dt_strvec names = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT;

	(void)state;
	tu_list_cases(&names, CASES, ".expect");
	assert_true(names.count >= 20);
	for (size_t i = 0; i < names.count; i++) {
		dt_buf_clear(&path);
		dt_buf_printf(&path, "%s/%s.yaml", CASES, names.items[i]);
		if (!dt_path_isfile(path.ptr))
			print_error("orphan: %s.expect\n", names.items[i]);
		assert_true(dt_path_isfile(path.ptr));
	}
	dt_buf_dispose(&path);
	dt_strvec_dispose(&names);
}

/* ---- values ---- */

static void assert_strvec(const dt_strvec *v, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	assert_int_equal(v->count, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v->items[i], want[i]);
}

static void test_config_defaults_without_file(void **state)
{
	static const char *const exempt[] = {"^Merge ", "^Revert \"", "^Reapply \"",
	                                     "^(fixup|squash|amend)! ", NULL};
	static const char *const files[] = {"reference/*diary*.md", "**/*diary*.md", NULL};
	static const char *const branches[] = {"*", NULL};
	static const char *const none[] = {NULL};
	dt_config *cfg = dt_config_new();

	(void)state;
	assert_null(cfg->path);
	assert_null(cfg->root);
	assert_null(cfg->since);
	assert_int_equal(cfg->ticket_require, 1);
	assert_strvec(&cfg->patterns, none);
	assert_strvec(&cfg->exempt, exempt);
	assert_int_equal(cfg->from_branch, DT_FROM_BRANCH_TRAILER);
	assert_strvec(&cfg->diary_files, files);
	assert_int_equal(cfg->new_commit, DT_NEW_COMMIT_NEW_STEP);
	assert_strvec(&cfg->bookkeeping, none);
	assert_null(cfg->evidence_command);
	assert_strvec(&cfg->push_branches, branches);
	assert_int_equal(cfg->on_internal_error, DT_ON_ERROR_CLOSED);
	for (int r = 0; r < DT_RULE__COUNT; r++)
		assert_int_equal(cfg->levels[r], dt_rule_default_level((dt_rule)r));
	assert_int_equal(cfg->levels[DT_RULE_EVIDENCE_MISSING], DT_LEVEL_WARNING);
	assert_int_equal(cfg->levels[DT_RULE_TICKET_MISSING], DT_LEVEL_ERROR);
	dt_config_free(cfg);
}

static void test_config_full_file_values(void **state)
{
	static const char *const patterns[] = {"(?<ref>PROJ-\\d+)", "\\b(?<ref>[A-Z]+-\\d{3})\\b",
	                                       NULL};
	static const char *const exempt[] = {"^WIP ", "^Release v", NULL};
	static const char *const files[] = {"notes/*diary*.md", NULL};
	static const char *const bookkeeping[] = {"docs/**", "*.lock", NULL};
	static const char *const branches[] = {"main", "release/*", NULL};
	dt_buf text = DT_BUF_INIT;
	dt_config *cfg = dt_config_new();

	(void)state;
	assert_int_equal(dt_file_read(&text, CASES "/ok-full.yaml", DT_FILE_MAX), 0);
	assert_int_equal(dt_config_parse(cfg, text.ptr, text.size, DT_CONFIG_FILE), 0);

	assert_string_equal(cfg->root, "docs/tickets");
	assert_string_equal(cfg->since, "2026-02-01");
	assert_int_equal(cfg->ticket_require, 0);
	assert_strvec(&cfg->patterns, patterns);
	assert_non_null(cfg->pattern_re);
	assert_non_null(cfg->pattern_re[0]);
	assert_non_null(cfg->pattern_re[1]);
	assert_true(dt_regex_has_group(cfg->pattern_re[1], "ref"));
	assert_strvec(&cfg->exempt, exempt);
	assert_int_equal(cfg->from_branch, DT_FROM_BRANCH_OFF);
	assert_strvec(&cfg->diary_files, files);
	assert_int_equal(cfg->new_commit, DT_NEW_COMMIT_LAST_STEP);
	assert_strvec(&cfg->bookkeeping, bookkeeping);
	assert_string_equal(cfg->evidence_command, "make check");
	assert_strvec(&cfg->push_branches, branches);
	assert_int_equal(cfg->levels[DT_RULE_EVIDENCE_MISSING], DT_LEVEL_ERROR);
	assert_int_equal(cfg->levels[DT_RULE_STEP_NUMBERING], DT_LEVEL_OFF);
	assert_int_equal(cfg->levels[DT_RULE_TICKET_CLOSED], DT_LEVEL_WARNING);
	/* rules not named keep their default level */
	assert_int_equal(cfg->levels[DT_RULE_COMMIT_UNRECORDED], DT_LEVEL_ERROR);
	assert_int_equal(cfg->levels[DT_RULE_TASK_CLAIM_OPEN], DT_LEVEL_WARNING);
	assert_int_equal(cfg->on_internal_error, DT_ON_ERROR_OPEN);

	/* the configured exemptions replace the defaults */
	assert_int_equal(dt_config_exempt(cfg, "WIP try something"), 1);
	assert_int_equal(dt_config_exempt(cfg, "Release v1.2"), 1);
	assert_int_equal(dt_config_exempt(cfg, "Merge branch 'x'"), 0);

	dt_buf_dispose(&text);
	dt_config_free(cfg);
}

static void test_config_enum_values(void **state)
{
	static const struct {
		const char *text;
		int from_branch, new_commit, on_error;
	} cases[] = {
	    {"ticket: {from_branch: trailer}", DT_FROM_BRANCH_TRAILER, DT_NEW_COMMIT_NEW_STEP,
	     DT_ON_ERROR_CLOSED},
	    {"ticket: {from_branch: off}", DT_FROM_BRANCH_OFF, DT_NEW_COMMIT_NEW_STEP,
	     DT_ON_ERROR_CLOSED},
	    {"diary: {new_commit: last-step}", DT_FROM_BRANCH_TRAILER, DT_NEW_COMMIT_LAST_STEP,
	     DT_ON_ERROR_CLOSED},
	    {"diary: {new_commit: new-step}", DT_FROM_BRANCH_TRAILER, DT_NEW_COMMIT_NEW_STEP,
	     DT_ON_ERROR_CLOSED},
	    {"hooks: {on_internal_error: open}", DT_FROM_BRANCH_TRAILER, DT_NEW_COMMIT_NEW_STEP,
	     DT_ON_ERROR_OPEN},
	    {"hooks: {on_internal_error: closed}", DT_FROM_BRANCH_TRAILER, DT_NEW_COMMIT_NEW_STEP,
	     DT_ON_ERROR_CLOSED},
	    {NULL, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		dt_config *cfg = parse_ok(cases[i].text);
		assert_int_equal(cfg->from_branch, cases[i].from_branch);
		assert_int_equal(cfg->new_commit, cases[i].new_commit);
		assert_int_equal(cfg->on_internal_error, cases[i].on_error);
		dt_config_free(cfg);
	}
}

static void test_config_rule_levels(void **state)
{
	static const struct {
		const char *text;
		dt_rule rule;
		dt_level level;
	} cases[] = {
	    {"rules: {evidence-missing: error}", DT_RULE_EVIDENCE_MISSING, DT_LEVEL_ERROR},
	    {"rules: {evidence-missing: off}", DT_RULE_EVIDENCE_MISSING, DT_LEVEL_OFF},
	    {"rules: {ticket-missing: warning}", DT_RULE_TICKET_MISSING, DT_LEVEL_WARNING},
	    {"rules: {ticket-duplicate: off}", DT_RULE_TICKET_DUPLICATE, DT_LEVEL_OFF},
	    {"rules: {history-shallow: warning}", DT_RULE_HISTORY_SHALLOW, DT_LEVEL_WARNING},
	    {"rules: {commit-foreign: error}", DT_RULE_COMMIT_FOREIGN, DT_LEVEL_ERROR},
	    {NULL, 0, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		dt_config *cfg = parse_ok(cases[i].text);
		assert_int_equal(cfg->levels[cases[i].rule], cases[i].level);
		/* only the named rule moved */
		for (int r = 0; r < DT_RULE__COUNT; r++)
			if (r != (int)cases[i].rule)
				assert_int_equal(cfg->levels[r], dt_rule_default_level((dt_rule)r));
		dt_config_free(cfg);
	}
}

/* Every rule name of the catalogue is accepted under rules:. */
static void test_config_every_rule_name_accepted(void **state)
{
	(void)state;
	for (int r = 0; r < DT_RULE__COUNT; r++) {
		char *text = dt_xasprintf("rules:\n  %s: off\n", dt_rule_name((dt_rule)r));
		dt_config *cfg = parse_ok(text);
		assert_int_equal(cfg->levels[r], DT_LEVEL_OFF);
		dt_config_free(cfg);
		free(text);
	}
}

static void test_config_empty_section_keeps_defaults(void **state)
{
	dt_config *cfg = parse_ok("ticket:\ndiary:\n");

	(void)state;
	assert_int_equal(cfg->ticket_require, 1);
	assert_int_equal(cfg->exempt.count, 4);
	assert_int_equal(cfg->diary_files.count, 2);
	dt_config_free(cfg);
}

static void test_config_empty_lists_accepted(void **state)
{
	dt_config *cfg = parse_ok("ticket:\n  patterns: []\n  exempt: []\n"
	                          "diary:\n  bookkeeping: []\npush:\n  branches: []\n");

	(void)state;
	assert_int_equal(cfg->patterns.count, 0);
	assert_int_equal(cfg->exempt.count, 0);
	assert_int_equal(cfg->bookkeeping.count, 0);
	assert_int_equal(cfg->push_branches.count, 0);
	assert_int_equal(dt_config_exempt(cfg, "Merge branch 'x'"), 0);
	dt_config_free(cfg);
}

/* SPEC §1.6: on_internal_error is honoured even when a later (or earlier)
 * key of the same file is wrong. */
static void test_config_on_internal_error_read_despite_error(void **state)
{
	static const char *const texts[] = {
	    "roots: ttmp\nhooks:\n  on_internal_error: open\n",
	    "hooks:\n  on_internal_error: open\nticket: {require: maybe}\n",
	    NULL,
	};

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		dt_config *cfg = dt_config_new();
		assert_int_equal(dt_config_parse(cfg, texts[i], strlen(texts[i]), DT_CONFIG_FILE),
		                 DT_ECONFIG);
		assert_int_equal(cfg->on_internal_error, DT_ON_ERROR_OPEN);
		dt_config_free(cfg);
	}
}

/* ---- ticket.exempt ---- */

static const struct {
	const char *subject;
	int exempt;
} default_exempt_cases[] = {
    {"Merge branch 'task/vm-022' into main", 1},
    {"Merge pull request #12 from x/y", 1},
    {"Revert \"feat: add ui.column helper\"", 1},
    {"Reapply \"feat: add ui.column helper\"", 1},
    {"fixup! feat(vm-017): add registry", 1},
    {"squash! feat(vm-017): add registry", 1},
    {"amend! feat(vm-017): add registry", 1},
    {"feat(vm-017): add registry", 0},
    {"Merged the two helpers", 0}, /* "Merge " needs the space */
    {"merge branch 'x'", 0},       /* case matters */
    {"Revert the revert", 0},      /* git's revert quotes the subject */
    {"Reapply fix", 0},
    {"fixup!no space", 0},
    {"fixup feat: x", 0},
    {"docs: Merge notes", 0}, /* anchored at the start */
    {"", 0},
    {NULL, 0},
};

/* The number of subjects whose answer is wrong (each one printed). */
static size_t check_default_exempt(const dt_config *cfg)
{
	size_t wrong = 0;

	for (size_t i = 0; default_exempt_cases[i].subject; i++) {
		int rc = dt_config_exempt(cfg, default_exempt_cases[i].subject);
		if (rc != default_exempt_cases[i].exempt) {
			print_error("exempt(\"%s\") = %d, expected %d\n",
			            default_exempt_cases[i].subject, rc,
			            default_exempt_cases[i].exempt);
			wrong++;
		}
	}
	return wrong;
}

/* The path the hooks take: no .diarist.yaml in the work tree. */
static void test_config_exempt_defaults_when_loaded_without_file(void **state)
{
	const char *wt = *state;
	dt_config *cfg = NULL;
	size_t wrong;

	assert_int_equal(dt_config_load(&cfg, wt), 0);
	assert_non_null(cfg);
	assert_null(cfg->path);
	wrong = check_default_exempt(cfg);
	dt_config_free(cfg);
	assert_int_equal(wrong, 0);
}

static void test_config_exempt_defaults_after_parsing_empty_file(void **state)
{
	dt_config *cfg = parse_ok("");
	size_t wrong;

	(void)state;
	wrong = check_default_exempt(cfg);
	dt_config_free(cfg);
	assert_int_equal(wrong, 0);
}

/* config.h: dt_config_new() gives the defaults, and dt_config_exempt()
 * tests ticket.exempt, whose default holds "^Merge " etc. */
static void test_config_exempt_defaults_from_config_new(void **state)
{
	dt_config *cfg = dt_config_new();
	size_t wrong;

	(void)state;
	wrong = check_default_exempt(cfg);
	dt_config_free(cfg);
	assert_int_equal(wrong, 0);
}

/* ---- dt_config_load ---- */

static void test_config_load_reads_worktree_file(void **state)
{
	const char *wt = *state;
	dt_config *cfg = NULL;
	char *want;

	tu_put(wt, DT_CONFIG_FILE, "root: docs\nticket:\n  require: false\n");
	assert_int_equal(dt_config_load(&cfg, wt), 0);
	want = dt_xasprintf("%s/%s", wt, DT_CONFIG_FILE);
	assert_string_equal(cfg->path, want);
	assert_string_equal(cfg->root, "docs");
	assert_int_equal(cfg->ticket_require, 0);
	/* the default exemptions are compiled too */
	assert_int_equal(dt_config_exempt(cfg, "Merge branch 'x'"), 1);
	free(want);
	dt_config_free(cfg);
}

static void test_config_load_error_keeps_config_and_names_file(void **state)
{
	const char *wt = *state;
	dt_config *cfg = NULL;

	tu_put(wt, DT_CONFIG_FILE, "hooks:\n  on_internal_error: open\nrots: x\n");
	assert_int_equal(dt_config_load(&cfg, wt), DT_ECONFIG);
	assert_non_null(cfg);
	assert_int_equal(cfg->on_internal_error, DT_ON_ERROR_OPEN);
	assert_string_equal(dt_error_last(),
	                    ".diarist.yaml:3:1: unknown key 'rots' (expected one of: root, since, "
	                    "repos, ticket, diary, evidence, push, rules, hooks)");
	dt_config_free(cfg);
}

/* ---- repos: (SPEC §1.5, §1.6) ---- */

static void test_config_repos_values(void **state)
{
	dt_buf text = DT_BUF_INIT;
	dt_config *cfg = dt_config_new();
	static const char *const names[] = {"webchat", "infra",      "docs-site",
	                                    "api.v2",  "home-clone", NULL};

	(void)state;
	assert_int_equal(cfg->repo_count, 0); /* none by default */
	assert_int_equal(dt_file_read(&text, CASES "/ok-repos.yaml", DT_FILE_MAX), 0);
	assert_int_equal(dt_config_parse(cfg, text.ptr, text.size, DT_CONFIG_FILE), 0);
	assert_int_equal(cfg->repo_count, 5);
	assert_strvec(&cfg->repo_names, names);
	assert_string_equal(cfg->repos[0].name, "webchat");
	assert_string_equal(cfg->repos[0].path, "../webchat");
	assert_string_equal(cfg->repos[0].where, ".diarist.yaml:3:12");
	assert_null(cfg->repos[0].abs);  /* parsing alone does not look at paths */
	assert_null(cfg->repos[1].path); /* ~ */
	assert_string_equal(cfg->repos[1].where, ".diarist.yaml:4:3");
	assert_null(cfg->repos[2].path); /* null */
	assert_null(cfg->repos[3].path); /* nothing */
	assert_string_equal(cfg->repos[4].path, "~/src/clone");
	/* looked up ignoring case, as diaries write them */
	assert_ptr_equal(dt_config_repo_named(cfg, "WebChat"), &cfg->repos[0]);
	assert_ptr_equal(dt_config_repo_named(cfg, "API.V2"), &cfg->repos[3]);
	assert_null(dt_config_repo_named(cfg, "web"));
	assert_null(dt_config_repo_named(cfg, NULL));
	dt_config_free(cfg);
	dt_buf_dispose(&text);
}

/* A work tree at <tmp>/top with its siblings: a clone with .git, one whose
 * .git is a gitdir file (a linked worktree), a bare repository, a plain
 * folder and a file. */
static char *repos_layout(const char *tmp)
{
	tu_mkdirs(tmp, "top");
	tu_mkdirs(tmp, "webchat/.git");
	tu_put(tmp, "linked/.git", "gitdir: ../webchat/.git/worktrees/linked\n");
	tu_put(tmp, "bare.git/HEAD", "ref: refs/heads/main\n");
	tu_mkdirs(tmp, "bare.git/objects");
	tu_mkdirs(tmp, "bare.git/refs");
	tu_mkdirs(tmp, "plain/sub");
	tu_put(tmp, "afile", "x\n");
	return tu_path_in(tmp, "top");
}

static void test_config_repos_paths_checked_at_load(void **state)
{
	const char *tmp = *state;
	char *top = repos_layout(tmp), *want;
	dt_config *cfg = NULL;

	tu_put(top, DT_CONFIG_FILE,
	       "repos:\n  webchat: ../webchat\n  linked: ../linked\n  bare: ../bare.git\n"
	       "  none: ~\n");
	if (dt_config_load(&cfg, top))
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(cfg->repo_count, 4);
	want = dt_xasprintf("%s/../webchat", top);
	assert_string_equal(cfg->repos[0].abs, want);
	free(want);
	assert_non_null(cfg->repos[1].abs);
	assert_non_null(cfg->repos[2].abs);
	assert_null(cfg->repos[3].abs); /* ~: nothing to verify in */
	dt_config_free(cfg);

	/* an absolute path is taken as it is */
	want = dt_xasprintf("repos:\n  webchat: %s/webchat\n", tmp);
	tu_put(top, DT_CONFIG_FILE, want);
	free(want);
	assert_int_equal(dt_config_load(&cfg, top), 0);
	want = dt_xasprintf("%s/webchat", tmp);
	assert_string_equal(cfg->repos[0].abs, want);
	free(want);
	dt_config_free(cfg);
	free(top);
}

static void test_config_repos_home(void **state)
{
	const char *tmp = *state;
	char *top = repos_layout(tmp), *old = dt_xstrdup_null(getenv("HOME")), *want;
	dt_config *cfg = NULL;

	setenv("HOME", tmp, 1);
	tu_put(top, DT_CONFIG_FILE, "repos:\n  webchat: ~/webchat\n");
	assert_int_equal(dt_config_load(&cfg, top), 0);
	want = dt_xasprintf("%s/webchat", tmp);
	assert_string_equal(cfg->repos[0].abs, want);
	free(want);
	dt_config_free(cfg);

	unsetenv("HOME");
	assert_int_equal(dt_config_load(&cfg, top), DT_ECONFIG);
	assert_string_equal(dt_error_last(),
	                    ".diarist.yaml:2:12: 'repos.webchat': ~/webchat starts with ~ but HOME "
	                    "is not set");
	dt_config_free(cfg);
	if (old)
		setenv("HOME", old, 1);
	free(old);
	free(top);
}

/* A path that is not there, or is no git repository: a config error with
 * file, line and column, from every loader (hooks and commands alike). */
static void test_config_repos_bad_path_is_config_error(void **state)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
	    {"../nowhere", ".diarist.yaml:3:8: 'repos.api': ../nowhere does not exist (a path is "
	                   "relative to the top of the work tree)"},
	    {"../plain", ".diarist.yaml:3:8: 'repos.api': ../plain is not a git repository (a "
	                 "work tree or a bare repository)"},
	    {"../plain/sub", ".diarist.yaml:3:8: 'repos.api': ../plain/sub is not a git "
	                     "repository (a work tree or a bare repository)"},
	    {"../afile", ".diarist.yaml:3:8: 'repos.api': ../afile is not a git repository (a "
	                 "work tree or a bare repository)"},
	    {NULL, NULL},
	};
	const char *tmp = *state;
	char *top = repos_layout(tmp);

	for (size_t i = 0; cases[i].path; i++) {
		char *text =
		    dt_xasprintf("repos:\n  webchat: ../webchat\n  api: %s\n", cases[i].path);
		dt_config *cfg = NULL;
		tu_put(top, DT_CONFIG_FILE, text);
		dt_error_clear();
		assert_int_equal(dt_config_load(&cfg, top), DT_ECONFIG);
		assert_non_null(cfg);
		assert_string_equal(dt_error_last(), cases[i].want);
		dt_config_free(cfg);
		free(text);
	}
	free(top);
}

/* ---- dt_config_root ---- */

static void assert_root(const dt_config *cfg, const char *wt, const char *cwd, const char *want_rel,
                        int want_explicit)
{
	dt_buf out = DT_BUF_INIT;
	char *want = dt_xasprintf("%s/%s", wt, want_rel);
	char *real_got, *real_want;
	int explicit_root = -1;

	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, cwd), 0);
	assert_int_equal(explicit_root, want_explicit);
	assert_true(out.ptr[0] == '/');
	/* the root may be written with "..": compare the folders it names */
	real_got = realpath(out.ptr, NULL);
	real_want = realpath(want, NULL);
	if (!real_got || !real_want || strcmp(real_got, real_want))
		print_error("root: got %s, expected %s\n", out.ptr, want);
	assert_non_null(real_got);
	assert_non_null(real_want);
	assert_string_equal(real_got, real_want);
	free(real_got);
	free(real_want);
	free(want);
	dt_buf_dispose(&out);
}

static void test_config_root_default_is_worktree_ttmp(void **state)
{
	const char *wt = *state;
	dt_config *cfg = dt_config_new();
	dt_buf out = DT_BUF_INIT;
	char *want = dt_xasprintf("%s/ttmp", wt);
	int explicit_root = -1;

	/* the folder need not exist to be the default */
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, wt), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(explicit_root, 0);
	/* a cwd outside the work tree changes nothing */
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, "/"), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, NULL), 0);
	assert_string_equal(out.ptr, want);
	free(want);
	dt_buf_dispose(&out);
	dt_config_free(cfg);
}

static void test_config_root_from_config_relative_to_worktree(void **state)
{
	const char *wt = *state;
	dt_config *cfg = parse_ok("root: docs/tickets\n");
	dt_buf out = DT_BUF_INIT;
	char *want = dt_xasprintf("%s/docs/tickets", wt);
	int explicit_root = -1;

	tu_mkdirs(wt, "sub");
	/* the config wins over a .ttmp.yaml */
	tu_put(wt, ".ttmp.yaml", "root: other\n");
	tu_put(wt, "sub/.ttmp.yaml", "root: other\n");
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, wt), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(explicit_root, 1);
	dt_buf_clear(&out);
	free(want);
	want = dt_xasprintf("%s/sub", wt);
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, want), 0);
	free(want);
	want = dt_xasprintf("%s/docs/tickets", wt);
	assert_string_equal(out.ptr, want);
	free(want);
	dt_buf_dispose(&out);
	dt_config_free(cfg);
}

static void test_config_root_from_ttmp_yaml_at_worktree(void **state)
{
	const char *wt = *state;
	dt_config *cfg = dt_config_new();

	tu_mkdirs(wt, "docs/ttmp");
	tu_put(wt, ".ttmp.yaml", "root: docs/ttmp\n");
	assert_root(cfg, wt, wt, "docs/ttmp", 1);
	dt_config_free(cfg);
}

/* The nearest .ttmp.yaml between cwd and the work tree wins, and its root
 * is relative to the folder that holds it. */
static void test_config_root_from_nearest_ttmp_yaml(void **state)
{
	const char *wt = *state;
	dt_config *cfg = dt_config_new();
	char *cwd;

	tu_mkdirs(wt, "top-docs");
	tu_mkdirs(wt, "pkg/sub/deeper");
	tu_mkdirs(wt, "pkg/docs");
	tu_mkdirs(wt, "shared-docs");
	tu_put(wt, ".ttmp.yaml", "root: top-docs\n");
	tu_put(wt, "pkg/.ttmp.yaml", "root: docs\n");
	tu_put(wt, "pkg/sub/.ttmp.yaml", "root: ../../shared-docs\n");

	cwd = dt_xasprintf("%s/pkg/sub/deeper", wt);
	assert_root(cfg, wt, cwd, "shared-docs", 1);
	free(cwd);
	cwd = dt_xasprintf("%s/pkg/sub", wt);
	assert_root(cfg, wt, cwd, "shared-docs", 1);
	free(cwd);
	cwd = dt_xasprintf("%s/pkg", wt);
	assert_root(cfg, wt, cwd, "pkg/docs", 1);
	free(cwd);
	assert_root(cfg, wt, wt, "top-docs", 1);
	dt_config_free(cfg);
}

/* A .ttmp.yaml above the work tree belongs to another project. */
static void test_config_root_ignores_ttmp_yaml_above_worktree(void **state)
{
	const char *top = *state;
	dt_config *cfg = dt_config_new();
	dt_buf out = DT_BUF_INIT;
	char *wt = dt_xasprintf("%s/repo", top), *want = dt_xasprintf("%s/repo/ttmp", top);
	int explicit_root = -1;

	tu_mkdirs(top, "repo/src");
	tu_put(top, ".ttmp.yaml", "root: elsewhere\n");
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, wt), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(explicit_root, 0);
	/* a sibling folder whose name starts with the work tree's is outside */
	tu_mkdirs(top, "repo2");
	tu_put(top, "repo2/.ttmp.yaml", "root: elsewhere\n");
	free(want);
	want = dt_xasprintf("%s/repo2", top);
	assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, want), 0);
	free(want);
	want = dt_xasprintf("%s/repo/ttmp", top);
	assert_string_equal(out.ptr, want);
	assert_int_equal(explicit_root, 0);
	free(want);
	free(wt);
	dt_buf_dispose(&out);
	dt_config_free(cfg);
}

static void test_config_root_bad_ttmp_yaml_is_config_error(void **state)
{
	static const char *const bad[] = {
	    "root: [a, b]\n",   /* root is no string */
	    "title: no root\n", /* no root: at all */
	    "root: {a: 1\n",    /* invalid YAML */
	    NULL,
	};
	const char *wt = *state;
	dt_config *cfg = dt_config_new();

	for (size_t i = 0; bad[i]; i++) {
		dt_buf out = DT_BUF_INIT;
		int explicit_root = -1;
		tu_put(wt, ".ttmp.yaml", bad[i]);
		dt_error_clear();
		assert_int_equal(dt_config_root(&out, &explicit_root, cfg, wt, wt), DT_ECONFIG);
		assert_non_null(strstr(dt_error_last(), ".ttmp.yaml"));
		assert_int_equal(explicit_root, 0);
		dt_buf_dispose(&out);
	}
	dt_config_free(cfg);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_config_data_folder_has_cases),
	    cmocka_unit_test(test_config_every_expect_has_yaml),
	    cmocka_unit_test(test_config_defaults_without_file),
	    cmocka_unit_test(test_config_full_file_values),
	    cmocka_unit_test(test_config_enum_values),
	    cmocka_unit_test(test_config_rule_levels),
	    cmocka_unit_test(test_config_every_rule_name_accepted),
	    cmocka_unit_test(test_config_empty_section_keeps_defaults),
	    cmocka_unit_test(test_config_empty_lists_accepted),
	    cmocka_unit_test(test_config_on_internal_error_read_despite_error),
	    cmocka_unit_test_setup_teardown(test_config_exempt_defaults_when_loaded_without_file,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_config_exempt_defaults_after_parsing_empty_file),
	    cmocka_unit_test(test_config_exempt_defaults_from_config_new),
	    cmocka_unit_test_setup_teardown(test_config_load_reads_worktree_file, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_load_error_keeps_config_and_names_file,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_config_repos_values),
	    cmocka_unit_test_setup_teardown(test_config_repos_paths_checked_at_load, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_repos_home, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_repos_bad_path_is_config_error,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_default_is_worktree_ttmp, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_from_config_relative_to_worktree,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_from_ttmp_yaml_at_worktree,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_from_nearest_ttmp_yaml, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_ignores_ttmp_yaml_above_worktree,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_config_root_bad_ttmp_yaml_is_config_error,
	                                    tu_tmp_setup, tu_tmp_teardown),
	};
	const tu_case_group g = {
	    .group = "test_config",
	    .before = fixed,
	    .nbefore = DT_ARRAY_SIZE(fixed),
	    .dir = CASES,
	    .ext = ".yaml",
	    .title = "config case",
	    .test = test_config_case,
	    .setup = case_setup,
	    .teardown = case_teardown,
	};
	return tu_run_case_group(&g);
}
