/* testutil.h - what several unit tests share (tests/unit/testutil.c):
 * temporary folders and files, git in throwaway repositories, output
 * caught in memory, checks on text, and groups of data-file cases.
 * Included by unit.h, after cmocka.h. Helpers whose name says "assert"
 * or that return a needed value fail the test (cmocka) when they cannot
 * do their work. */
#ifndef DT_TESTUTIL_H
#define DT_TESTUTIL_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"

/* ---- folders and files ---- */

/* A fresh folder $TMPDIR/dt-WHAT-XXXXXX (/tmp without TMPDIR), its path
 * resolved (no symbolic links); NULL when it cannot be made. */
char *tu_tmpdir(const char *what);

/* Remove `path` and everything below it, links not followed. */
void tu_rm_rf(const char *path);

/* A cmocka setup: *state is a fresh folder named after the program;
 * tu_tmp_teardown removes it. */
int tu_tmp_setup(void **state);
int tu_tmp_teardown(void **state);

/* *tmp: a fresh folder (tu_tmpdir(what)); *here: the current folder.
 * 0, or -1 with nothing left behind. */
int tu_tmp_open(char **tmp, char **here, const char *what);

/* Back to `here` (a failed assertion may have left us elsewhere), then
 * remove `tmp` and free both; what chdir returned. */
int tu_tmp_close(char *tmp, char *here);

/* dir/rel (caller frees). */
char *tu_path_in(const char *dir, const char *rel);

/* Make dir/rel and the folders on the way. */
void tu_mkdirs(const char *dir, const char *rel);

/* Write `text` to dir/rel (rel alone when dir is NULL), making the folders
 * on the way, with exactly `mode` (umask aside); returns the path (caller
 * frees). */
char *tu_write(const char *dir, const char *rel, const char *text, mode_t mode);

/* tu_write with mode 0644, the path not kept. */
void tu_put(const char *dir, const char *rel, const char *text);

/* The whole file, NUL-terminated (caller frees). */
char *tu_slurp(const char *path);

/* Set the times of everything under `path` to `seconds_ago`, so that the
 * ticket cache's "nothing changed within 2 seconds" rule does not depend
 * on how fast the test runs. */
void tu_age_tree(const char *path, time_t seconds_ago);

/* The NAME of every NAME<ext> in `dir` (not dot files), sorted; nothing
 * when there is no such folder. */
void tu_list_cases(dt_strvec *out, const char *dir, const char *ext);

/* The data folder `dir` holds at least `min` cases, each an input NAME<in>
 * with its NAME<out> (and no output without its input). */
void tu_assert_case_pairs(const char *dir, const char *in, const char *out, size_t min);

/* A data case: dir/NAME.md into doc (its path into path) and
 * dir/NAME.expect into expect. 0, or -1 with the error printed. */
int tu_read_case(dt_buf *doc, dt_buf *expect, dt_buf *path, const char *dir, const char *name);

/* ---- text ---- */

/* How many times `needle` stands in `hay`, not overlapping. */
size_t tu_count(const char *hay, const char *needle);

void tu_assert_contains(const char *haystack, const char *needle);
void tu_assert_lacks(const char *haystack, const char *needle);
void tu_assert_starts_with(const char *s, const char *prefix);

/* `out` holds the report line "diarist: ID step N ← abbrev (rel)" (SPEC
 * §4.3), at the start of a line, ending there or followed by a note in
 * parentheses. */
void tu_assert_report(const char *out, const char *id, long step, const char *abbrev,
                      const char *rel);

/* ---- output caught in memory ---- */

typedef struct {
	FILE *f;
	char *text;
	size_t len;
} tu_stream;

/* Open `s` (open_memstream); returns s->f. */
FILE *tu_stream_open(tu_stream *s);

/* Close `s`; returns what was written (caller frees), s->len its length. */
char *tu_stream_close(tu_stream *s);

/* ---- git ---- */

/* An environment in which git reads no configuration of the machine's and
 * is pointed nowhere else: the GIT_* variables that name a repository, a
 * configuration or an editor are unset, HOME is `home` (with `gitconfig`
 * as its .gitconfig unless NULL) and GIT_CONFIG_NOSYSTEM is set. */
void tu_git_env(const char *home, const char *gitconfig);

/* Unset those variables again (HOME stays). */
void tu_git_env_clear(void);

/* No global configuration at all, and a fixed author, committer and date
 * for every commit. */
void tu_git_identity(void);

/* Run `git ARGS` (ARGS formatted) in `dir` (the current folder when NULL),
 * hooks disabled, output discarded. tu_git must succeed; tu_git_may_fail
 * returns the exit status. */
void tu_git(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tu_git_may_fail(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* git add . and git commit -q -m MESSAGE in the current folder: 0, or -1. */
int tu_git_commit_all(const char *message);

/* The first line of a git command's output (run in the current folder),
 * without its newline, in out[size]; the command must succeed. */
void tu_git_out(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The full id `rev` names (git rev-parse --verify), in out[size]: 40
 * digits, asserted. */
void tu_git_id(char *out, size_t size, const char *rev);

/* git add -A, then a commit (allowed to be empty) with message `msg`, its
 * '#' lines stripped; the new commit's full id in out[size]. */
void tu_git_commit_msg(char *out, size_t size, const char *msg);

/* A change to src/app.c (another line each time) committed as
 * tu_git_commit_msg does. */
void tu_git_code(char *out, size_t size, const char *msg);

/* The abbreviated hash of `rev` (7 digits or more). */
void tu_git_abbrev(char *out, size_t size, const char *rev);

/* ---- a group of tests, each in a repository of its own ---- */

/* A cmocka group setup: remembers the current folder, makes a HOME of the
 * group's own and the environment of tu_git_env and tu_git_identity,
 * XDG_CONFIG_HOME too. tu_repo_group_teardown removes that HOME. */
int tu_repo_group_setup(void **state);
int tu_repo_group_teardown(void **state);

/* The same, and libgit2 started (dt_history_init) for the group. */
int tu_history_group_setup(void **state);
int tu_history_group_teardown(void **state);

/* The group's HOME. */
const char *tu_repo_group_home(void);

/* A new repository (git init, branch main) in a fresh folder, made the
 * current folder; its path (caller frees), or NULL. */
char *tu_repo_here(void);

/* A cmocka setup: *state = tu_repo_here(). tu_repo_teardown (also for
 * setups of one's own that call tu_repo_here) goes back to where the
 * group started and removes the repository. */
int tu_repo_setup(void **state);
int tu_repo_teardown(void **state);

/* ---- the shared ticket corpus ---- */

/* The ticket IDs of ../shared/corpus/vm-system/ttmp (VM-016 is there
 * twice), plus the DOCMGR example of SPEC §2; NULL-terminated. */
extern const char *const tu_corpus_ids[];

/* ---- data-file cases ---- */

/* A cmocka group: the tests `before`, one test per NAME<ext> in `dir`
 * (named "TITLE NAME", NAME as its initial state, with `setup` and
 * `teardown`), then the tests `after`. */
typedef struct {
	const char *group;
	const struct CMUnitTest *before;
	size_t nbefore;
	const char *dir, *ext, *title;
	CMUnitTestFunction test;
	CMFixtureFunction setup, teardown;
	const struct CMUnitTest *after;
	size_t nafter;
} tu_case_group;

/* Run the group; what cmocka returns. */
int tu_run_case_group(const tu_case_group *g);

#endif
