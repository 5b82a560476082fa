/* test_install.c - lib/install.h: telling hook managers and diarist's own
 * hooks apart, and `diarist install [--force] [--uninstall]` (SPEC §6
 * install) in throwaway repositories made by the real git. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "install.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

/* The hooks diarist may build (SPEC §6 install); the tests use those that
 * are in the build folder. */
static const char *const all_hooks[] = {"commit-msg", "post-commit", "post-rewrite", "pre-push",
                                        NULL};

typedef struct {
	char *tmp;      /* the temporary folder, absolute and real */
	char *here;     /* where the test started (the repository root) */
	char *hook_dir; /* $BUILD/hooks, absolute and real */
	const char *hooks[5];
	size_t nhooks;
} fixture;

static int setup(void **state)
{
	const char *build = getenv("BUILD");
	fixture *f = dt_xcalloc(1, sizeof(*f));
	char *rel, *home;
	static const char cfg[] = "[user]\n\tname = T\n\temail = t@example.com\n"
	                          "[init]\n\tdefaultBranch = main\n";

	if (tu_tmp_open(&f->tmp, &f->here, "install") < 0) {
		free(f);
		return -1;
	}
	{
		/* $BUILD may be relative (to the repository root) or absolute */
		dt_buf b = DT_BUF_INIT;
		dt_path_join(&b, f->here, build && *build ? build : "build");
		dt_path_join(&b, b.ptr, "hooks");
		rel = dt_buf_detach(&b);
	}
	f->hook_dir = realpath(rel, NULL);
	free(rel);
	if (!f->hook_dir) {
		print_error("no hook programs in $BUILD/hooks: run make first\n");
		return -1;
	}
	for (size_t i = 0; all_hooks[i]; i++) {
		char *p = dt_xasprintf("%s/%s", f->hook_dir, all_hooks[i]);
		if (dt_path_isfile(p))
			f->hooks[f->nhooks++] = all_hooks[i];
		free(p);
	}
	f->hooks[f->nhooks] = NULL;

	home = tu_path_in(f->tmp, "home");
	tu_git_env(home, cfg);
	setenv("GIT_CEILING_DIRECTORIES", f->tmp, 1);
	free(home);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc = tu_tmp_close(f->tmp, f->here);
	unsetenv("GIT_CEILING_DIRECTORIES");
	free(f->hook_dir);
	free(f);
	return rc;
}

/* A new repository tmp/<name> (git init); returns its path. */
static char *new_repo(const fixture *f, const char *name)
{
	char *repo = tu_path_in(f->tmp, name);
	assert_int_equal(dt_mkdir_p(repo), 0);
	tu_git(repo, "init -q");
	return repo;
}

/* Install (or uninstall) from `repo` with `hooks`; the report is returned
 * in *out (caller frees). The current folder is restored before any
 * assertion. */
static int run_install(const fixture *f, const char *repo, const char *const *hooks, int force,
                       int uninstall, char **out)
{
	dt_install_opts opts = {force, uninstall, f->hook_dir, hooks};
	tu_stream s;
	int rc, back;

	tu_stream_open(&s);
	assert_int_equal(chdir(repo), 0);
	dt_error_clear();
	rc = dt_install_run(&opts, s.f);
	back = chdir(f->here);
	*out = tu_stream_close(&s);
	assert_int_equal(back, 0);
	return rc;
}

/* What a folder holds, entry by entry: name, type and mode, inode, size,
 * mtime to the nanosecond, and a link's target. A rewritten file or
 * link shows. */
static char *snapshot(const char *dir)
{
	struct dirent **names = NULL;
	dt_buf b = DT_BUF_INIT, p = DT_BUF_INIT;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0)
		return dt_xstrdup("(no folder)\n");
	for (int i = 0; i < n; i++) {
		struct stat st;
		char link[PATH_MAX];
		ssize_t k = -1;
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			dt_path_join(&p, dir, names[i]->d_name);
			if (lstat(p.ptr, &st) == 0) {
				if (S_ISLNK(st.st_mode))
					k = readlink(p.ptr, link, sizeof(link) - 1);
				link[k > 0 ? k : 0] = '\0';
				dt_buf_printf(&b, "%s %o %llu %lld %lld.%09ld -> %s\n",
				              names[i]->d_name, (unsigned)st.st_mode,
				              (unsigned long long)st.st_ino, (long long)st.st_size,
				              (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
				              link);
			}
		}
		free(names[i]);
	}
	free(names);
	dt_buf_dispose(&p);
	return dt_buf_detach(&b);
}

/* Print the lines of two snapshots that differ, one per line. */
static void print_changes(const char *before, const char *after)
{
	const char *sides[2][2] = {{before, after}, {after, before}};
	for (size_t k = 0; k < 2; k++) {
		const char *p = sides[k][0];
		while (*p) {
			size_t n = strcspn(p, "\n");
			char *line = dt_xstrndup(p, n);
			if (!strstr(sides[k][1], line))
				print_error("%s %.120s\n", k ? "added:" : "removed:", line);
			free(line);
			p += n + (p[n] == '\n');
		}
	}
}

static char *link_target(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return dt_xstrdup(buf);
}

static void assert_links_to_ours(const fixture *f, const char *hooks_dir, const char *name)
{
	char *hook = tu_path_in(hooks_dir, name);
	char *want = tu_path_in(f->hook_dir, name);
	char *got = link_target(hook);
	if (!got)
		print_error("%s is no symbolic link\n", hook);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(dt_install_is_ours(hook));
	free(hook);
	free(want);
	free(got);
}

/* ---- dt_install_detect_manager ---- */

typedef struct {
	const char *name, *text;
} file_spec;

typedef struct {
	const char *dir;    /* under tmp */
	file_spec files[3]; /* put in dir; NULL-terminated */
	const char *want;   /* manager, or NULL */
} manager_case;

static const manager_case manager_cases[] = {
    /* husky: the path, husky.sh, or _/husky.sh */
    {"proj/.husky/_", {{"commit-msg", "#!/bin/sh\n. \"$(dirname \"$0\")/h\"\n"}}, "husky"},
    {"proj2/.husky", {{NULL, NULL}}, "husky"},
    {"h-old", {{"husky.sh", "#!/bin/sh\n# husky\n"}}, "husky"},
    {"h-v8", {{"_/husky.sh", "#!/usr/bin/env sh\n"}, {"pre-commit", "npm test\n"}}, "husky"},
    /* lefthook: a hook file that mentions it */
    {"lh",
     {{"pre-commit", "#!/bin/sh\n# generated by lefthook\nexec lefthook run pre-commit \"$@\"\n"}},
     "lefthook"},
    {"lh-env",
     {{"pre-push", "#!/bin/sh\nif [ \"$LEFTHOOK\" = \"0\" ]; then exit 0; fi\n"}},
     "lefthook"},
    /* pre-commit's generated hook */
    {"pc",
     {{"pre-commit", "#!/usr/bin/env bash\n# File generated by pre-commit: "
                     "https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\n"}},
     "pre-commit"},
    /* nobody's */
    {"plain",
     {{"commit-msg", "#!/bin/sh\nexit 0\n"}, {"pre-push", "#!/bin/sh\nmake lint\n"}},
     NULL},
    {"empty", {{NULL, NULL}}, NULL},
    {"husky-word-in-name-only/hooks", {{"readme.txt", "hooks for the husky team\n"}}, NULL},
    {NULL, {{NULL, NULL}}, NULL},
};

static void test_detect_manager_table(void **state)
{
	fixture *f = *state;
	size_t failures = 0;

	for (const manager_case *c = manager_cases; c->dir; c++) {
		char *dir = tu_path_in(f->tmp, c->dir);
		const char *got;
		assert_int_equal(dt_mkdir_p(dir), 0);
		for (size_t i = 0; c->files[i].name; i++)
			free(tu_write(dir, c->files[i].name, c->files[i].text, 0755));
		got = dt_install_detect_manager(dir, NULL);
		if (!got != !c->want || (got && strcmp(got, c->want))) {
			print_error("%s: want %s, got %s\n", c->dir, c->want ? c->want : "none",
			            got ? got : "none");
			failures++;
		}
		/* the work tree does not change the answer */
		got = dt_install_detect_manager(dir, f->tmp);
		if (!got != !c->want || (got && strcmp(got, c->want))) {
			print_error("%s (with a work tree): want %s, got %s\n", c->dir,
			            c->want ? c->want : "none", got ? got : "none");
			failures++;
		}
		free(dir);
	}
	assert_int_equal(failures, 0);
}

static void test_detect_manager_missing_folder_is_none(void **state)
{
	fixture *f = *state;
	char *dir = tu_path_in(f->tmp, "no/such/folder");
	assert_null(dt_install_detect_manager(dir, NULL));
	free(dir);
}

/* ---- dt_install_is_ours ---- */

static void test_is_ours_file_with_marker(void **state)
{
	fixture *f = *state;
	char *path = tu_path_in(f->tmp, "copy");
	/* the marker somewhere inside binary-looking bytes */
	static const char head[] = "\x7f"
	                           "ELF\x02\x01 junk junk ";
	char *text = dt_xasprintf("%s%s more junk\n", head, DT_HOOK_MARKER);

	free(tu_write(f->tmp, "copy", text, 0755));
	assert_int_equal(dt_install_is_ours(path), 1);
	free(text);
	free(path);
}

static void test_is_ours_real_hook_program_and_a_link_to_it(void **state)
{
	fixture *f = *state;
	char *prog = tu_path_in(f->hook_dir, "commit-msg");
	char *link = tu_path_in(f->tmp, "commit-msg");
	char *copy = tu_path_in(f->tmp, "marked");
	char *link2 = tu_path_in(f->tmp, "link-to-marked");

	assert_int_equal(dt_install_is_ours(prog), 1);
	assert_int_equal(symlink(prog, link), 0);
	assert_int_equal(dt_install_is_ours(link), 1);
	free(tu_write(f->tmp, "marked", "#!/bin/sh\n# " DT_HOOK_MARKER "\n", 0755));
	assert_int_equal(symlink("marked", link2), 0);
	assert_int_equal(dt_install_is_ours(link2), 1);
	free(prog);
	free(link);
	free(copy);
	free(link2);
}

static void test_is_ours_anything_else(void **state)
{
	static const struct {
		const char *name, *text;
	} files[] = {
	    {"theirs", "#!/bin/sh\n# the team's own hook\nexit 0\n"},
	    {"empty", ""},
	    {"almost", "#!/bin/sh\n# @(#)diarist hook\n"},
	    {"other-case", "#!/bin/sh\n# @(#)DIARIST HOOK PROGRAM\n"},
	    {"mentions", "#!/bin/sh\nexec diarist check\n"},
	    {NULL, NULL},
	};
	fixture *f = *state;
	char *dir = tu_path_in(f->tmp, "a-folder");
	char *missing = tu_path_in(f->tmp, "missing");
	char *dangling = tu_path_in(f->tmp, "dangling");
	char *to_theirs = tu_path_in(f->tmp, "link-to-theirs");
	char *to_dir = tu_path_in(f->tmp, "link-to-folder");

	for (size_t i = 0; files[i].name; i++) {
		char *p = tu_path_in(f->tmp, files[i].name);
		free(tu_write(f->tmp, files[i].name, files[i].text, 0755));
		if (dt_install_is_ours(p))
			print_error("%s is taken for ours\n", files[i].name);
		assert_int_equal(dt_install_is_ours(p), 0);
		free(p);
	}
	assert_int_equal(dt_mkdir_p(dir), 0);
	assert_int_equal(dt_install_is_ours(dir), 0);
	assert_int_equal(dt_install_is_ours(missing), 0);
	assert_int_equal(symlink("no-such-target", dangling), 0);
	assert_int_equal(dt_install_is_ours(dangling), 0);
	assert_int_equal(symlink("theirs", to_theirs), 0);
	assert_int_equal(dt_install_is_ours(to_theirs), 0);
	assert_int_equal(symlink("a-folder", to_dir), 0);
	assert_int_equal(dt_install_is_ours(to_dir), 0);
	free(dir);
	free(missing);
	free(dangling);
	free(to_theirs);
	free(to_dir);
}

/* ---- dt_install_run ---- */

static void test_install_links_each_hook(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL;
	dt_buf want = DT_BUF_INIT;

	assert_true(f->nhooks >= 1);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	for (size_t i = 0; i < f->nhooks; i++) {
		assert_links_to_ours(f, hooks, f->hooks[i]);
		dt_buf_printf(&want, "diarist: %s: installed (%s/%s -> %s/%s)\n", f->hooks[i],
		              hooks, f->hooks[i], f->hook_dir, f->hooks[i]);
	}
	assert_string_equal(out, want.ptr);
	/* nothing else was put there */
	{
		char *marker = tu_path_in(hooks, ".diarist-created");
		char *chained = tu_path_in(hooks, "commit-msg" DT_CHAIN_SUFFIX);
		assert_false(dt_path_exists(marker));
		assert_false(dt_path_exists(chained));
		free(marker);
		free(chained);
	}
	dt_buf_dispose(&want);
	free(out);
	free(hooks);
	free(repo);
}

/* From a subfolder of the work tree, the hooks still go to .git/hooks. */
static void test_install_from_a_subfolder(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *sub = tu_path_in(repo, "src/deep");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *stray = tu_path_in(sub, ".git");
	char *out = NULL;

	assert_int_equal(dt_mkdir_p(sub), 0);
	assert_int_equal(run_install(f, sub, f->hooks, 0, 0, &out), 0);
	assert_links_to_ours(f, hooks, "commit-msg");
	assert_false(dt_path_exists(stray));
	free(out);
	free(stray);
	free(hooks);
	free(sub);
	free(repo);
}

static void test_install_keeps_existing_hook_as_chained(void **state)
{
	static const char theirs[] = "#!/bin/sh\n# the team's own hook\necho \"theirs $1\"\n";
	static const char *const one[] = {"commit-msg", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *chained = tu_path_in(hooks, "commit-msg" DT_CHAIN_SUFFIX);
	char *out = NULL, *kept, *want;
	struct stat st;

	free(tu_write(hooks, "commit-msg", theirs, 0750));
	assert_int_equal(run_install(f, repo, one, 0, 0, &out), 0);
	want = dt_xasprintf("diarist: commit-msg: kept the existing hook as "
	                    "commit-msg.diarist-chained; it runs first\n"
	                    "diarist: commit-msg: installed (%s/commit-msg -> %s/commit-msg)\n",
	                    hooks, f->hook_dir);
	assert_string_equal(out, want);
	assert_links_to_ours(f, hooks, "commit-msg");
	kept = tu_slurp(chained);
	assert_string_equal(kept, theirs);
	assert_int_equal(lstat(chained, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0750);
	free(kept);
	free(want);
	free(out);
	free(chained);
	free(hooks);
	free(repo);
}

static void test_install_twice_changes_nothing(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;
	dt_buf want = DT_BUF_INIT;

	free(tu_write(hooks, "commit-msg", "#!/bin/sh\nexit 0\n", 0755));
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	free(out);
	before = snapshot(hooks);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	after = snapshot(hooks);
	assert_string_equal(after, before);
	for (size_t i = 0; i < f->nhooks; i++)
		dt_buf_printf(&want, "diarist: %s: already installed\n", f->hooks[i]);
	assert_string_equal(out, want.ptr);
	dt_buf_dispose(&want);
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
}

static void test_uninstall_restores_original_byte_for_byte(void **state)
{
	/* bytes a text-mode copy would mangle: CRLF, no final newline, NUL */
	static const char theirs[] = "#!/bin/sh\r\n# theirs\r\nexit 0\r\n\0tail";
	static const char *const one[] = {"commit-msg", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *hook = tu_path_in(hooks, "commit-msg");
	char *chained = tu_path_in(hooks, "commit-msg" DT_CHAIN_SUFFIX);
	char *out = NULL, *before, *after;
	dt_buf got = DT_BUF_INIT;
	struct stat st;

	assert_int_equal(dt_file_write_atomic(hook, theirs, sizeof(theirs) - 1, 0700), 0);
	assert_int_equal(chmod(hook, 0710), 0);
	before = snapshot(hooks);
	assert_int_equal(run_install(f, repo, one, 0, 0, &out), 0);
	free(out);
	assert_int_equal(run_install(f, repo, one, 0, 1, &out), 0);
	assert_string_equal(out, "diarist: commit-msg: removed\n"
	                         "diarist: commit-msg: restored the hook that was there before\n");
	assert_int_equal(dt_file_read(&got, hook, DT_FILE_MAX), 0);
	assert_int_equal(got.size, sizeof(theirs) - 1);
	assert_memory_equal(got.ptr, theirs, sizeof(theirs) - 1);
	assert_int_equal(lstat(hook, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0710);
	assert_false(dt_path_exists(chained));
	/* the very same file is back: same inode, size and mtime */
	after = snapshot(hooks);
	assert_string_equal(after, before);
	dt_buf_dispose(&got);
	free(before);
	free(after);
	free(out);
	free(chained);
	free(hook);
	free(hooks);
	free(repo);
}

static void test_uninstall_without_a_kept_hook_leaves_nothing(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;
	dt_buf want = DT_BUF_INIT;

	before = snapshot(hooks);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	free(out);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	for (size_t i = 0; i < f->nhooks; i++)
		dt_buf_printf(&want, "diarist: %s: removed\n", f->hooks[i]);
	assert_string_equal(out, want.ptr);
	after = snapshot(hooks);
	assert_string_equal(after, before);
	free(out);
	/* and again, with nothing installed: nothing to say, nothing changed */
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	assert_string_equal(out, "");
	free(after);
	after = snapshot(hooks);
	assert_string_equal(after, before);
	dt_buf_dispose(&want);
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
}

static void test_uninstall_leaves_a_foreign_hook_alone(void **state)
{
	static const char *const one[] = {"commit-msg", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;

	free(tu_write(hooks, "commit-msg", "#!/bin/sh\nexit 0\n", 0755));
	before = snapshot(hooks);
	assert_int_equal(run_install(f, repo, one, 0, 1, &out), 0);
	assert_string_equal(out, "diarist: commit-msg: not diarist's hook, left alone\n");
	after = snapshot(hooks);
	assert_string_equal(after, before);
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
}

/* A copy of an older diarist hook (ours, not a link) is replaced, not
 * chained: chaining it would run diarist twice. */
static void test_install_replaces_an_older_diarist_copy(void **state)
{
	static const char *const one[] = {"commit-msg", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *chained = tu_path_in(hooks, "commit-msg" DT_CHAIN_SUFFIX);
	char *out = NULL;

	free(tu_write(hooks, "commit-msg", "#!/bin/sh\n# " DT_HOOK_MARKER " 0.1\n", 0755));
	assert_int_equal(run_install(f, repo, one, 0, 0, &out), 0);
	assert_links_to_ours(f, hooks, "commit-msg");
	assert_false(dt_path_exists(chained));
	assert_null(strstr(out, "kept the existing hook"));
	free(out);
	free(chained);
	free(hooks);
	free(repo);
}

/* A hook and a chained one both there: refuse rather than lose either. */
static void test_install_refuses_when_chained_exists_too(void **state)
{
	static const char *const one[] = {"commit-msg", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;
	int rc;

	free(tu_write(hooks, "commit-msg", "#!/bin/sh\necho new\n", 0755));
	free(tu_write(hooks, "commit-msg" DT_CHAIN_SUFFIX, "#!/bin/sh\necho old\n", 0755));
	before = snapshot(hooks);
	rc = run_install(f, repo, one, 0, 0, &out);
	assert_true(rc < 0);
	assert_non_null(strstr(dt_error_last(), "commit-msg" DT_CHAIN_SUFFIX));
	after = snapshot(hooks);
	assert_string_equal(after, before);
	dt_error_clear();
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
}

static void test_install_missing_hook_program_is_an_error(void **state)
{
	static const char *const bogus[] = {"no-such-hook", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;
	int rc;

	before = snapshot(hooks);
	rc = run_install(f, repo, bogus, 0, 0, &out);
	assert_true(rc < 0);
	tu_assert_contains(dt_error_last(), "no-such-hook");
	tu_assert_contains(dt_error_last(), "diarist's hook program is missing");
	after = snapshot(hooks);
	assert_string_equal(after, before);
	dt_error_clear();
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
}

/* A hook program missing from the installation is found before anything
 * is written: no half-installed set of hooks (SPEC §7: never a partial
 * write). */
static void test_install_missing_program_writes_nothing_at_all(void **state)
{
	static const char *const some[] = {"commit-msg", "no-such-hook", NULL};
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL, *before, *after;
	int rc, same;

	before = snapshot(hooks);
	rc = run_install(f, repo, some, 0, 0, &out);
	after = snapshot(hooks);
	same = !strcmp(after, before);
	if (!same)
		print_changes(before, after);
	dt_error_clear();
	free(before);
	free(after);
	free(out);
	free(hooks);
	free(repo);
	assert_true(rc < 0);
	assert_true(same);
}

static void test_install_outside_a_repository_is_an_error(void **state)
{
	fixture *f = *state;
	char *dir = tu_path_in(f->tmp, "plain");
	char *out = NULL;
	int rc;

	assert_int_equal(dt_mkdir_p(dir), 0);
	rc = run_install(f, dir, f->hooks, 0, 0, &out);
	assert_true(rc < 0);
	tu_assert_contains(dt_error_last(), "not a git repository");
	assert_string_equal(out, "");
	dt_error_clear();
	free(out);
	free(dir);
}

static void test_install_core_hooks_path_existing_folder(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *custom = tu_path_in(repo, "hooks-here");
	char *dotgit_hook = tu_path_in(repo, ".git/hooks/commit-msg");
	char *out = NULL, *want;

	assert_int_equal(dt_mkdir_p(custom), 0);
	tu_git(repo, "config core.hooksPath hooks-here");
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	assert_links_to_ours(f, custom, "commit-msg");
	assert_false(dt_path_exists(dotgit_hook));
	want = dt_xasprintf("diarist: commit-msg: installed (%s/commit-msg -> %s/commit-msg)\n",
	                    custom, f->hook_dir);
	tu_assert_contains(out, want);
	free(want);
	free(out);
	/* uninstall keeps a folder it did not create */
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	assert_true(dt_path_isdir(custom));
	assert_null(strstr(out, "removed the folder install had created"));
	free(out);
	free(dotgit_hook);
	free(custom);
	free(repo);
}

static void test_install_core_hooks_path_missing_folder_created_and_removed(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *custom = tu_path_in(f->tmp, "new hooks");
	char *out = NULL;

	tu_git(repo, "config core.hooksPath '%s'", custom);
	assert_false(dt_path_exists(custom));
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	assert_true(dt_path_isdir(custom));
	for (size_t i = 0; i < f->nhooks; i++)
		assert_links_to_ours(f, custom, f->hooks[i]);
	free(out);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	assert_false(dt_path_exists(custom));
	tu_assert_contains(out, "diarist: removed the folder install had created");
	free(out);
	free(custom);
	free(repo);
}

/* Install made every missing folder on the way; uninstall "restores
 * exactly what was there" (SPEC §6 install), so all of them go. */
static void test_uninstall_removes_every_folder_install_created(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *top = tu_path_in(f->tmp, "shared");
	char *custom = tu_path_in(f->tmp, "shared/hooks/diarist");
	char *out = NULL;
	int left;

	tu_git(repo, "config core.hooksPath '%s'", custom);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	assert_true(dt_path_isdir(custom));
	free(out);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	assert_false(dt_path_exists(custom));
	left = dt_path_exists(top);
	if (left)
		print_error("left behind: %s\n", top);
	free(out);
	free(custom);
	free(top);
	free(repo);
	assert_false(left);
}

/* A folder the user made after install (files of their own in it) is not
 * removed by uninstall. */
static void test_uninstall_keeps_created_folder_holding_other_files(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *custom = tu_path_in(f->tmp, "made-by-install");
	char *mine = tu_path_in(custom, "pre-commit");
	char *link = tu_path_in(custom, "commit-msg");
	char *out = NULL, *text;

	tu_git(repo, "config core.hooksPath '%s'", custom);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	free(out);
	free(tu_write(custom, "pre-commit", "#!/bin/sh\nmake lint\n", 0755));
	assert_int_equal(run_install(f, repo, f->hooks, 0, 1, &out), 0);
	assert_true(dt_path_isfile(mine));
	text = tu_slurp(mine);
	assert_string_equal(text, "#!/bin/sh\nmake lint\n");
	assert_false(dt_path_exists(link));
	free(text);
	free(link);
	free(out);
	free(mine);
	free(custom);
	free(repo);
}

static void test_install_husky_hooks_path_refused_unless_forced(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *husky = tu_path_in(repo, ".husky/_");
	char *out = NULL, *before, *after, *want;

	free(tu_write(husky, "h", "#!/usr/bin/env sh\n", 0755));
	free(tu_write(husky, "pre-commit", "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n", 0755));
	tu_git(repo, "config core.hooksPath .husky/_");
	before = snapshot(husky);
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 1);
	after = snapshot(husky);
	assert_string_equal(after, before);
	tu_assert_starts_with(out, "diarist: core.hooksPath belongs to husky; not writing into it "
	                           "(use --force to do so anyway)\n");
	tu_assert_contains(out, "add diarist to husky's configuration instead:\n");
	want = dt_xasprintf("  # .husky/commit-msg\n  %s/commit-msg \"$@\"\n", f->hook_dir);
	tu_assert_contains(out, want);
	free(want);
	free(out);
	free(after);

	/* uninstall touches nothing there either */
	assert_true(run_install(f, repo, f->hooks, 0, 1, &out) >= 0);
	after = snapshot(husky);
	assert_string_equal(after, before);
	free(out);
	free(after);

	/* --force writes there */
	assert_int_equal(run_install(f, repo, f->hooks, 1, 0, &out), 0);
	assert_links_to_ours(f, husky, "commit-msg");
	free(out);
	free(before);
	free(husky);
	free(repo);
}

static void test_install_lefthook_and_pre_commit_hooks_path_refused(void **state)
{
	static const struct {
		const char *dir, *file, *text, *who, *line;
	} cases[] = {
	    {"lh", "pre-commit", "#!/bin/sh\n# generated by lefthook\nlefthook run pre-commit\n",
	     "lefthook", "  # lefthook.yml\n"},
	    {"pc", "pre-commit",
	     "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n",
	     "pre-commit", "  # .pre-commit-config.yaml\n"},
	    {NULL, NULL, NULL, NULL, NULL},
	};
	fixture *f = *state;

	for (size_t i = 0; cases[i].dir; i++) {
		char *name = dt_xasprintf("repo-%s", cases[i].dir);
		char *repo = new_repo(f, name);
		char *dir = tu_path_in(repo, cases[i].dir);
		char *out = NULL, *before, *after, *first, *run;

		free(tu_write(dir, cases[i].file, cases[i].text, 0755));
		tu_git(repo, "config core.hooksPath %s", cases[i].dir);
		before = snapshot(dir);
		assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 1);
		after = snapshot(dir);
		assert_string_equal(after, before);
		first = dt_xasprintf("diarist: core.hooksPath belongs to %s; not writing into it",
		                     cases[i].who);
		tu_assert_contains(out, first);
		tu_assert_contains(out, cases[i].line);
		run = dt_xasprintf("%s/commit-msg", f->hook_dir);
		tu_assert_contains(out, run);
		free(run);
		free(first);
		free(before);
		free(after);
		free(out);
		free(dir);
		free(repo);
		free(name);
	}
}

/* Without core.hooksPath, .git/hooks is diarist's to write even if a
 * manager's files sit there (nobody else owns it). */
static void test_install_default_hooks_folder_is_never_refused(void **state)
{
	fixture *f = *state;
	char *repo = new_repo(f, "repo");
	char *hooks = tu_path_in(repo, ".git/hooks");
	char *out = NULL;

	free(tu_write(hooks, "pre-commit", "#!/bin/sh\n# generated by lefthook\n", 0755));
	assert_int_equal(run_install(f, repo, f->hooks, 0, 0, &out), 0);
	assert_links_to_ours(f, hooks, "commit-msg");
	free(out);
	free(hooks);
	free(repo);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_detect_manager_table),
	    T(test_detect_manager_missing_folder_is_none),
	    T(test_is_ours_file_with_marker),
	    T(test_is_ours_real_hook_program_and_a_link_to_it),
	    T(test_is_ours_anything_else),
	    T(test_install_links_each_hook),
	    T(test_install_from_a_subfolder),
	    T(test_install_keeps_existing_hook_as_chained),
	    T(test_install_twice_changes_nothing),
	    T(test_uninstall_restores_original_byte_for_byte),
	    T(test_uninstall_without_a_kept_hook_leaves_nothing),
	    T(test_uninstall_leaves_a_foreign_hook_alone),
	    T(test_install_replaces_an_older_diarist_copy),
	    T(test_install_refuses_when_chained_exists_too),
	    T(test_install_missing_hook_program_is_an_error),
	    T(test_install_missing_program_writes_nothing_at_all),
	    T(test_install_outside_a_repository_is_an_error),
	    T(test_install_core_hooks_path_existing_folder),
	    T(test_install_core_hooks_path_missing_folder_created_and_removed),
	    T(test_uninstall_removes_every_folder_install_created),
	    T(test_uninstall_keeps_created_folder_holding_other_files),
	    T(test_install_husky_hooks_path_refused_unless_forced),
	    T(test_install_lefthook_and_pre_commit_hooks_path_refused),
	    T(test_install_default_hooks_folder_is_never_refused),
	};
#undef T
	return cmocka_run_group_tests_name("install", tests, NULL, NULL);
}
