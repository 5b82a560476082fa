/* testutil.c - see testutil.h. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARROW "\xE2\x86\x90"

/* ---- folders and files ---- */

char *tu_tmpdir(const char *what)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = dt_xasprintf("%s/dt-%s-XXXXXX", t && *t ? t : "/tmp", what);
	char *real = NULL;

	if (mkdtemp(tmpl))
		real = realpath(tmpl, NULL);
	free(tmpl);
	return real;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_tmp_setup(void **state)
{
	*state = tu_tmpdir(program_invocation_short_name);
	return *state ? 0 : -1;
}

int tu_tmp_teardown(void **state)
{
	tu_rm_rf(*state);
	free(*state);
	return 0;
}

int tu_tmp_open(char **tmp, char **here, const char *what)
{
	char cwd[PATH_MAX];

	*tmp = *here = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	*tmp = tu_tmpdir(what);
	if (!*tmp)
		return -1;
	*here = dt_xstrdup(cwd);
	return 0;
}

int tu_tmp_close(char *tmp, char *here)
{
	int rc = here ? chdir(here) : 0;
	if (tmp)
		tu_rm_rf(tmp);
	free(tmp);
	free(here);
	return rc;
}

char *tu_path_in(const char *dir, const char *rel)
{
	dt_buf b = DT_BUF_INIT;
	dt_path_join(&b, dir, rel);
	return dt_buf_detach(&b);
}

void tu_mkdirs(const char *dir, const char *rel)
{
	char *path = tu_path_in(dir, rel);
	assert_int_equal(dt_mkdir_p(path), 0);
	free(path);
}

char *tu_write(const char *dir, const char *rel, const char *text, mode_t mode)
{
	char *path = dir ? tu_path_in(dir, rel) : dt_xstrdup(rel);
	char *slash = strrchr(path, '/');

	if (slash && slash != path) {
		*slash = '\0';
		assert_int_equal(dt_mkdir_p(path), 0);
		*slash = '/';
	}
	assert_int_equal(dt_file_write_atomic(path, text, strlen(text), mode), 0);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

void tu_put(const char *dir, const char *rel, const char *text)
{
	free(tu_write(dir, rel, text, 0644));
}

char *tu_slurp(const char *path)
{
	dt_buf b = DT_BUF_INIT;
	int rc = dt_file_read(&b, path, DT_FILE_MAX);
	if (rc)
		print_error("%s: %s\n", path, dt_error_last());
	assert_int_equal(rc, 0);
	return dt_buf_detach(&b);
}

static time_t stamp_when;

static int stamp_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct timespec ts[2] = {{stamp_when, 0}, {stamp_when, 0}};
	(void)st;
	(void)flag;
	(void)ftw;
	return utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

void tu_age_tree(const char *path, time_t seconds_ago)
{
	stamp_when = time(NULL) - seconds_ago;
	assert_int_equal(nftw(path, stamp_one, 16, FTW_PHYS), 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tu_list_cases(dt_strvec *out, const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t elen = strlen(ext);

	if (!d)
		return; /* each test's "data folder has cases" says so */
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > elen && e->d_name[0] != '.' && !strcmp(e->d_name + n - elen, ext))
			dt_strvec_pushn(out, e->d_name, n - elen);
	}
	closedir(d);
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), cmp_names);
}

void tu_assert_case_pairs(const char *dir, const char *in, const char *out, size_t min)
{
	dt_strvec a = DT_STRVEC_INIT, b = DT_STRVEC_INIT;

	tu_list_cases(&a, dir, in);
	tu_list_cases(&b, dir, out);
	if (a.count < min)
		print_error("%s: %zu cases, at least %zu expected\n", dir, a.count, min);
	assert_true(a.count >= min);
	/* the two lists name the same cases */
	assert_int_equal(a.count, b.count);
	for (size_t i = 0; i < a.count; i++)
		assert_string_equal(a.items[i], b.items[i]);
	dt_strvec_dispose(&a);
	dt_strvec_dispose(&b);
}

int tu_read_case(dt_buf *doc, dt_buf *expect, dt_buf *path, const char *dir, const char *name)
{
	dt_buf ep = DT_BUF_INIT;
	int rc;

	dt_buf_clear(path);
	dt_buf_printf(path, "%s/%s.md", dir, name);
	dt_buf_printf(&ep, "%s/%s.expect", dir, name);
	rc = dt_file_read(doc, path->ptr, DT_FILE_MAX);
	if (!rc)
		rc = dt_file_read(expect, ep.ptr, DT_FILE_MAX);
	dt_buf_dispose(&ep);
	if (rc) {
		print_error("%s\n", dt_error_last());
		return -1;
	}
	return 0;
}

/* ---- text ---- */

size_t tu_count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

void tu_assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		print_error("expected to find:\n%s\nin:\n%s\n", needle, haystack);
	assert_non_null(strstr(haystack, needle));
}

void tu_assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		print_error("expected not to find:\n%s\nin:\n%s\n", needle, haystack);
	assert_null(strstr(haystack, needle));
}

void tu_assert_starts_with(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)))
		print_error("expected to start with:\n%s\ngot:\n%s\n", prefix, s);
	assert_int_equal(strncmp(s, prefix, strlen(prefix)), 0);
}

void tu_assert_report(const char *out, const char *id, long step, const char *abbrev,
                      const char *rel)
{
	char *want = dt_xasprintf("diarist: %s step %ld " ARROW " %s (%s)", id, step, abbrev, rel);
	const char *p = strstr(out, want);
	if (!p)
		print_error("no line \"%s\" in:\n%s\n", want, out);
	assert_non_null(p);
	assert_true(p == out || p[-1] == '\n');
	p += strlen(want);
	assert_true(*p == '\n' || (p[0] == ' ' && p[1] == '(' && strchr(p, '\n')));
	free(want);
}

/* ---- output caught in memory ---- */

FILE *tu_stream_open(tu_stream *s)
{
	s->text = NULL;
	s->len = 0;
	s->f = open_memstream(&s->text, &s->len);
	assert_non_null(s->f);
	return s->f;
}

char *tu_stream_close(tu_stream *s)
{
	char *text;
	fclose(s->f);
	s->f = NULL;
	text = s->text;
	s->text = NULL;
	return text;
}

/* ---- git ---- */

static const char *const git_unset[] = {
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CEILING_DIRECTORIES",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_REFLOG_ACTION",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "XDG_CONFIG_HOME",
    NULL,
};

void tu_git_env_clear(void)
{
	for (size_t i = 0; git_unset[i]; i++)
		unsetenv(git_unset[i]);
}

void tu_git_env(const char *home, const char *gitconfig)
{
	tu_git_env_clear();
	if (gitconfig)
		tu_put(home, ".gitconfig", gitconfig);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
}

static const char *const git_identity[][2] = {
    {"GIT_CONFIG_GLOBAL", "/dev/null"},
    {"GIT_AUTHOR_NAME", "A U Thor"},
    {"GIT_AUTHOR_EMAIL", "author@example.com"},
    {"GIT_AUTHOR_DATE", "2026-02-14T10:00:00+01:00"},
    {"GIT_COMMITTER_NAME", "C O Mitter"},
    {"GIT_COMMITTER_EMAIL", "committer@example.com"},
    {"GIT_COMMITTER_DATE", "2026-02-14T10:00:00+01:00"},
    {NULL, NULL},
};

void tu_git_identity(void)
{
	for (size_t i = 0; git_identity[i][0]; i++)
		setenv(git_identity[i][0], git_identity[i][1], 1);
}

/* "git -c ... [-C 'dir'] ARGS" with the hooks disabled. */
static void git_command(dt_buf *cmd, const char *dir, const char *fmt, va_list ap)
{
	dt_buf_puts(cmd, "git -c init.defaultBranch=main -c core.hooksPath=/dev/null ");
	if (dir)
		dt_buf_printf(cmd, "-C '%s' ", dir);
	dt_buf_vprintf(cmd, fmt, ap);
}

static int git_run(int may_fail, const char *dir, const char *fmt, va_list ap)
{
	dt_buf cmd = DT_BUF_INIT;
	int rc;

	git_command(&cmd, dir, fmt, ap);
	dt_buf_puts(&cmd, " >/dev/null 2>&1");
	rc = system(cmd.ptr);
	if (rc != 0 && !may_fail)
		print_error("failed (%d): %s\n", rc, cmd.ptr);
	dt_buf_dispose(&cmd);
	return rc;
}

void tu_git(const char *dir, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = git_run(0, dir, fmt, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
}

int tu_git_may_fail(const char *dir, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = git_run(1, dir, fmt, ap);
	va_end(ap);
	return rc;
}

int tu_git_commit_all(const char *message)
{
	if (tu_git_may_fail(NULL, "add .") != 0)
		return -1;
	return tu_git_may_fail(NULL, "commit -q -m '%s'", message) != 0 ? -1 : 0;
}

void tu_git_out(char *out, size_t size, const char *fmt, ...)
{
	dt_buf cmd = DT_BUF_INIT;
	va_list ap;
	FILE *p;
	int rc;

	va_start(ap, fmt);
	git_command(&cmd, NULL, fmt, ap);
	va_end(ap);
	dt_buf_puts(&cmd, " 2>/dev/null");
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	if (!fgets(out, (int)size, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	rc = pclose(p);
	if (rc != 0)
		print_error("failed (%d): %s\n", rc, cmd.ptr);
	assert_int_equal(rc, 0);
	dt_buf_dispose(&cmd);
}

void tu_git_id(char *out, size_t size, const char *rev)
{
	tu_git_out(out, size, "rev-parse --verify -q '%s'", rev);
	assert_int_equal(strlen(out), 40);
}

void tu_git_commit_msg(char *out, size_t size, const char *msg)
{
	tu_git(NULL, "add -A");
	tu_put(NULL, ".git/dt-msg", msg);
	tu_git(NULL, "commit -q --allow-empty --cleanup=strip -F .git/dt-msg");
	tu_git_id(out, size, "HEAD");
}

void tu_git_code(char *out, size_t size, const char *msg)
{
	static int serial;
	char text[64];
	snprintf(text, sizeof(text), "int app = %d;\n", ++serial);
	tu_put(NULL, "src/app.c", text);
	tu_git_commit_msg(out, size, msg);
}

void tu_git_abbrev(char *out, size_t size, const char *rev)
{
	tu_git_out(out, size, "rev-parse --short %s", rev);
	assert_true(strlen(out) >= 7);
}

/* ---- a group of tests, each in a repository of its own ---- */

static char group_start[PATH_MAX];
static char *group_home;

int tu_repo_group_setup(void **state)
{
	char *what = dt_xasprintf("%s-home", program_invocation_short_name);

	(void)state;
	group_home = getcwd(group_start, sizeof(group_start)) ? tu_tmpdir(what) : NULL;
	free(what);
	if (!group_home)
		return -1;
	tu_git_env(group_home, NULL);
	tu_git_identity();
	setenv("XDG_CONFIG_HOME", group_home, 1);
	return 0;
}

int tu_repo_group_teardown(void **state)
{
	(void)state;
	tu_rm_rf(group_home);
	free(group_home);
	group_home = NULL;
	return 0;
}

int tu_history_group_setup(void **state)
{
	if (tu_repo_group_setup(state) < 0)
		return -1;
	return dt_history_init() < 0 ? -1 : 0;
}

int tu_history_group_teardown(void **state)
{
	dt_history_shutdown();
	return tu_repo_group_teardown(state);
}

const char *tu_repo_group_home(void)
{
	return group_home;
}

char *tu_repo_here(void)
{
	char *dir = tu_tmpdir(program_invocation_short_name);
	if (!dir || chdir(dir) < 0 || tu_git_may_fail(NULL, "init -q .") != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

int tu_repo_setup(void **state)
{
	*state = tu_repo_here();
	return *state ? 0 : -1;
}

int tu_repo_teardown(void **state)
{
	int rc = chdir(group_start);
	tu_rm_rf(*state);
	free(*state);
	return rc;
}

/* ---- the shared ticket corpus ---- */

const char *const tu_corpus_ids[] = {
    "VM-001-ANALYZE-VM",
    "VM-002-ANALYZE-VM-SYSTEM-UI",
    "VM-003-MAKE-WEB-UI-REAL",
    "VM-004-EXPAND-E2E-COVERAGE",
    "VM-005-DEVELOPER-GETTING-STARTED",
    "VM-006-REVIEW-VM-SYSTEM",
    "VM-007-REFACTOR-EXECUTOR-PIPELINE",
    "VM-008-UNIFY-TEMPLATE-LANGUAGE",
    "VM-009-EXPAND-HTTP-CLI-VERBS",
    "VM-010-REDESIGN-VM-SYSTEM-UI",
    "VM-011-PORT-VM-CLI-TO-GLAZED",
    "VM-011-RTK-QUERY-STATE-MIGRATION",
    "VM-012-CLEANUP-MESS",
    "VM-013-TEST-STRATEGY-MATRIX",
    "VM-013A-BACKEND-RUNTIME-SESSION-STORE",
    "VM-013B-BACKEND-CLIENT-LOADER-DAEMON",
    "VM-014-DECOMPOSE-MONOLITHS",
    "VM-015-PANIC-LOGGING-ALIGNMENT",
    "VM-016-DOC-DRIFT-HYGIENE",
    "VM-016-DOC-DRIFT-HYGIENE",
    "VM-017-MERGE-UI-VM",
    "VM-017-NATIVE-MODULE-REGISTRY",
    "VM-018-TEST-INFRA-REORG",
    "VM-022-IMPORT-FRONTEND-VM",
    "VM-023-IMPROVE-FRONTEND-DOCS",
    "VM-024-CUSTOM-PLUGIN-PERMISSIONS",
    "WEBVM-001-SCOPE-PLUGIN-ACTIONS",
    "DOCMGR-201-fix-pr43-review-blockers",
    NULL,
};

/* ---- data-file cases ---- */

int tu_run_case_group(const tu_case_group *g)
{
	dt_strvec names = DT_STRVEC_INIT, titles = DT_STRVEC_INIT;
	struct CMUnitTest *tests;
	size_t n = g->nbefore, total;
	int rc;

	tu_list_cases(&names, g->dir, g->ext);
	total = n + names.count + g->nafter;
	tests = dt_xcalloc(total ? total : 1, sizeof(*tests));
	if (n)
		memcpy(tests, g->before, n * sizeof(*tests));
	for (size_t i = 0; i < names.count; i++) {
		dt_strvec_push_owned(&titles, dt_xasprintf("%s %s", g->title, names.items[i]));
		tests[n + i].name = titles.items[i];
		tests[n + i].test_func = g->test;
		tests[n + i].setup_func = g->setup;
		tests[n + i].teardown_func = g->teardown;
		tests[n + i].initial_state = names.items[i];
	}
	if (g->nafter)
		memcpy(tests + n + names.count, g->after, g->nafter * sizeof(*tests));
	rc = _cmocka_run_group_tests(g->group, tests, total, NULL, NULL);
	free(tests);
	dt_strvec_dispose(&titles);
	dt_strvec_dispose(&names);
	return rc;
}
