/* test_lockfile.c - changing a file in place safely (lib/lockfile.h,
 * SPEC §4.3, §7): atomic writes that keep the mode, the lock file, stale
 * locks, symbolic links and a file changed underneath. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "lockfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

/* state: the temporary folder; its "wt" subfolder is the work tree */
static int setup_tmp(void **state)
{
	char *wt;
	int rc;

	if (tu_tmp_setup(state) < 0)
		return -1;
	wt = tu_path_in(*state, "wt");
	rc = mkdir(wt, 0755);
	free(wt);
	if (rc < 0)
		tu_tmp_teardown(state);
	return rc < 0 ? -1 : 0;
}

static void assert_file(const char *path, const char *want)
{
	char *got = tu_slurp(path);
	assert_string_equal(got, want);
	free(got);
}

/* The names in a folder other than the expected ones (leftover temporary
 * or lock files). `expected` ends with NULL. */
static void assert_only(const char *dir, const char *const *expected)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		int known = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
		for (size_t i = 0; !known && expected[i]; i++)
			known = !strcmp(e->d_name, expected[i]);
		if (!known)
			print_error("%s: unexpected file %s\n", dir, e->d_name);
		assert_true(known);
	}
	closedir(d);
}

/* Update functions and what they saw. */
typedef struct {
	int calls;
	const char *append;    /* appended to the text */
	int error;             /* returned instead, when set */
	const char *path;      /* edit_underneath: the file to change */
	int edits;             /* edit_underneath: how many calls change it */
	char seen[2][256];     /* the text given to the first two calls */
	const char *editor[8]; /* what the "editor" writes on call N */
} upd;

static int append_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	upd *u = payload;
	if (u->calls < 2)
		snprintf(u->seen[u->calls], sizeof(u->seen[0]), "%.*s", (int)len, data);
	u->calls++;
	if (u->error)
		return u->error;
	dt_buf_set(out, data, len);
	if (u->append)
		dt_buf_puts(out, u->append);
	return 0;
}

/* An editor saves the file while diarist computes its new text. */
static int edit_underneath_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	upd *u = payload;
	if (u->calls < u->edits) {
		FILE *f = fopen(u->path, "w"); /* in place, as many editors do */
		assert_non_null(f);
		fputs(u->editor[u->calls], f);
		fclose(f);
	}
	return append_fn(out, data, len, payload);
}

static void stat_ok(const char *path, struct stat *st)
{
	int rc = stat(path, st);
	if (rc)
		print_error("%s: %s\n", path, strerror(errno));
	assert_int_equal(rc, 0);
}

/* ---- writing ---- */

static void test_lockfile_writes_atomically_and_keeps_mode(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	static const char *const only[] = {"diary.md", NULL};
	struct stat before, after;
	upd u = {0};
	int changed = -1;

	tu_put(NULL, file, "# Diary\n");
	assert_int_equal(chmod(file, 0640), 0);
	stat_ok(file, &before);
	u.append = "\n## Step 1: x\n";
	assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(u.calls, 1);
	assert_string_equal(u.seen[0], "# Diary\n");
	assert_file(file, "# Diary\n\n## Step 1: x\n");
	stat_ok(file, &after);
	assert_int_equal(after.st_mode & 07777, 0640);
	/* a new file renamed over the old one, not a rewrite in place */
	assert_true(after.st_ino != before.st_ino);
	/* no lock and no temporary file left behind */
	assert_only(wt, only);
	free(wt);
	free(file);
}

/* Same text back: nothing is written (same inode, same mtime). */
static void test_lockfile_same_text_writes_nothing(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	static const char *const only[] = {"diary.md", NULL};
	struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
	struct stat before, after;
	upd u = {0};
	int changed = -1;

	tu_put(NULL, file, "# Diary\r\nno final newline");
	assert_int_equal(utimensat(AT_FDCWD, file, old, 0), 0);
	stat_ok(file, &before);
	assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(u.calls, 1);
	stat_ok(file, &after);
	assert_true(after.st_ino == before.st_ino);
	assert_int_equal(after.st_mtim.tv_sec, 1000000000);
	assert_file(file, "# Diary\r\nno final newline");
	assert_only(wt, only);
	free(wt);
	free(file);
}

static void test_lockfile_create_new_file(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *dir = tu_path_in(wt, "reference");
	char *file = tu_path_in(dir, "01-diary.md");
	static const char *const only[] = {"01-diary.md", NULL};
	upd u = {0};
	int changed = -1;

	assert_int_equal(mkdir(dir, 0755), 0);
	/* without create, a missing file is an error and stays missing */
	u.append = "---\nTitle: Diary\n---\n";
	assert_true(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL) < 0);
	assert_int_equal(changed, 0);
	assert_false(dt_path_exists(file));

	/* with create, it reads as empty */
	memset(&u, 0, sizeof(u));
	u.append = "---\nTitle: Diary\n---\n";
	assert_int_equal(dt_file_update(file, wt, 1, append_fn, &u, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(u.calls, 1);
	assert_string_equal(u.seen[0], "");
	assert_file(file, "---\nTitle: Diary\n---\n");
	assert_only(dir, only);

	/* create on an existing file reads what is there */
	memset(&u, 0, sizeof(u));
	u.append = "# Diary\n";
	assert_int_equal(dt_file_update(file, wt, 1, append_fn, &u, &changed, NULL), 0);
	assert_string_equal(u.seen[0], "---\nTitle: Diary\n---\n");
	assert_file(file, "---\nTitle: Diary\n---\n# Diary\n");
	free(wt);
	free(dir);
	free(file);
}

/* fn's error comes back and nothing is written. */
static void test_lockfile_fn_error_writes_nothing(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	char *fresh = tu_path_in(wt, "new.md");
	static const char *const only[] = {"diary.md", NULL};
	upd u = {0};
	int changed = -1;

	tu_put(NULL, file, "# Diary\n");
	u.append = "never\n";
	u.error = DT_ECONFIG;
	assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), DT_ECONFIG);
	assert_int_equal(changed, 0);
	assert_int_equal(u.calls, 1);
	assert_file(file, "# Diary\n");
	/* a file to create is not created either */
	memset(&u, 0, sizeof(u));
	u.error = DT_EINVALID;
	assert_int_equal(dt_file_update(fresh, wt, 1, append_fn, &u, &changed, NULL), DT_EINVALID);
	assert_false(dt_path_exists(fresh));
	assert_only(wt, only);
	free(wt);
	free(file);
	free(fresh);
}

/* ---- locks ---- */

/* The start time of a process (field 22 of /proc/PID/stat), or 0. */
static unsigned long long start_time(pid_t pid)
{
	char path[64], buf[1024];
	const char *p;
	FILE *f;
	size_t n;
	int field = 2;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	for (p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	return strtoull(p, NULL, 10);
}

/* A lock held by a live process (a child `sleep`): the update waits
 * DT_LOCK_WAIT_MS, then gives up with DT_ELOCKED; the lock and the file
 * are left as they were. */
static void test_lockfile_live_lock_waits_then_fails(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	char *lock = tu_path_in(wt, "diary.md.lock");
	char content[64];
	struct timespec t0, t1;
	double waited;
	upd u = {0};
	int changed = -1, rc, status;
	pid_t pid;

	tu_put(NULL, file, "# Diary\n");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("sleep", "sleep", "20", (char *)NULL);
		_exit(127);
	}
	snprintf(content, sizeof(content), "%ld %llu\n", (long)pid, start_time(pid));
	if (dt_file_write_atomic(lock, content, strlen(content), 0644) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fail_msg("%s", dt_error_last());
	}

	u.append = "never\n";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);

	waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(rc, DT_ELOCKED);
	assert_int_equal(changed, 0);
	assert_int_equal(u.calls, 0);
	assert_true(waited >= DT_LOCK_WAIT_MS / 1000.0 - 0.05);
	assert_true(waited < DT_LOCK_WAIT_MS / 1000.0 + 20.0);
	assert_non_null(strstr(dt_error_last(), "diary.md.lock"));
	assert_file(file, "# Diary\n");
	/* the lock is someone else's: it stays */
	assert_file(lock, content);
	free(wt);
	free(file);
	free(lock);
}

/* A lock left by a process that is gone is reported, removed, and the
 * update goes through. */
static void test_lockfile_stale_lock_removed(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	char *lock = tu_path_in(wt, "diary.md.lock");
	static const char *const only[] = {"diary.md", NULL};
	char *note = NULL;
	size_t note_len = 0;
	FILE *nf = open_memstream(&note, &note_len);
	upd u = {0};
	int changed = -1, rc;

	assert_non_null(nf);
	tu_put(NULL, file, "# Diary\n");
	tu_put(NULL, lock, "999999 1\n"); /* above pid_max: no such process */
	u.append = "more\n";
	rc = dt_file_update(file, wt, 0, append_fn, &u, &changed, nf);
	fclose(nf);
	if (rc)
		print_error("%s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(changed, 1);
	assert_file(file, "# Diary\nmore\n");
	assert_non_null(strstr(note, "stale lock"));
	assert_non_null(strstr(note, lock));
	assert_non_null(strstr(note, "999999"));
	/* one line */
	assert_int_equal(note[note_len - 1], '\n');
	assert_null(memchr(note, '\n', note_len - 1));
	assert_only(wt, only);

	/* a live pid with another start time: the pid was reused, stale */
	{
		char content[64];
		snprintf(content, sizeof(content), "%ld 1\n", (long)getpid());
		tu_put(NULL, lock, content);
		u.append = "reused\n";
		assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), 0);
		assert_int_equal(changed, 1);
		assert_file(file, "# Diary\nmore\nreused\n");
		assert_only(wt, only);
	}
	/* unreadable content, two minutes old: stale */
	{
		struct timespec old[2] = {{0, 0}, {0, 0}};
		old[0].tv_sec = old[1].tv_sec = time(NULL) - 120;
		tu_put(NULL, lock, "garbage\n");
		assert_int_equal(utimensat(AT_FDCWD, lock, old, 0), 0);
		u.append = "garbage-lock\n";
		assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), 0);
		assert_file(file, "# Diary\nmore\nreused\ngarbage-lock\n");
		assert_only(wt, only);
	}
	tu_put(NULL, file, "# Diary\nmore\n");

	/* a stale lock with a NULL note stream works too */
	tu_put(NULL, lock, "999999 1\n");
	u.append = "again\n";
	assert_int_equal(dt_file_update(file, wt, 0, append_fn, &u, &changed, NULL), 0);
	assert_file(file, "# Diary\nmore\nagain\n");
	assert_only(wt, only);
	free(note);
	free(wt);
	free(file);
	free(lock);
}

/* ---- symbolic links ---- */

static void test_lockfile_symlink_out_of_worktree_refused(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *outside = tu_path_in(tmp, "outside.md");
	char *link = tu_path_in(wt, "diary.md"), *outdir = tu_path_in(tmp, "outdir");
	char *dirlink = tu_path_in(wt, "reference"), *through = tu_path_in(dirlink, "01-diary.md");
	static const char *const only_tmp[] = {"wt", "outside.md", "outdir", NULL};
	static const char *const only_wt[] = {"diary.md", "reference", NULL};
	struct stat st;
	upd u = {0};
	int changed = -1;

	tu_put(NULL, outside, "private\n");
	assert_int_equal(symlink("../outside.md", link), 0);
	u.append = "diarist was here\n";
	assert_int_equal(dt_file_update(link, wt, 0, append_fn, &u, &changed, NULL), DT_EINVALID);
	assert_int_equal(changed, 0);
	assert_int_equal(u.calls, 0);
	assert_file(outside, "private\n");
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* a folder link out of the work tree: no new file is made there */
	assert_int_equal(mkdir(outdir, 0755), 0);
	assert_int_equal(symlink("../outdir", dirlink), 0);
	assert_int_equal(dt_file_update(through, wt, 1, append_fn, &u, &changed, NULL),
	                 DT_EINVALID);
	assert_int_equal(u.calls, 0);
	{
		static const char *const nothing[] = {NULL};
		assert_only(outdir, nothing);
	}
	assert_only(tmp, only_tmp);
	assert_only(wt, only_wt);
	free(wt);
	free(outside);
	free(link);
	free(outdir);
	free(dirlink);
	free(through);
}

/* A link inside the work tree is followed: the link stays a link and its
 * target changes. */
static void test_lockfile_symlink_inside_worktree_followed(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *real = tu_path_in(wt, "real.md");
	char *link = tu_path_in(wt, "link.md");
	static const char *const only[] = {"real.md", "link.md", NULL};
	char target[PATH_MAX];
	ssize_t n;
	struct stat st;
	upd u = {0};
	int changed = -1;

	tu_put(NULL, real, "# Diary\n");
	assert_int_equal(chmod(real, 0600), 0);
	assert_int_equal(symlink("real.md", link), 0);
	u.append = "step\n";
	assert_int_equal(dt_file_update(link, wt, 0, append_fn, &u, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_file(real, "# Diary\nstep\n");
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "real.md");
	stat_ok(real, &st);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_only(wt, only);
	free(wt);
	free(real);
	free(link);
}

/* ---- changed underneath ---- */

/* An editor saves the file between diarist's read and write: the result
 * is fn applied to the editor's text, never a mix of the two. */
static void test_lockfile_changed_underneath_retries(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	static const char *const only[] = {"diary.md", NULL};
	upd u = {0};
	int changed = -1, rc;

	tu_put(NULL, file, "# Diary\n\n## Step 1: old\n");
	u.path = file;
	u.edits = 1;
	u.editor[0] = "# Diary\n\n## Step 1: typed by a human\n";
	u.append = "**Commit (code):** a64aead\n";
	rc = dt_file_update(file, wt, 0, edit_underneath_fn, &u, &changed, NULL);
	if (rc)
		print_error("%s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(changed, 1);
	assert_int_equal(u.calls, 2);
	assert_string_equal(u.seen[0], "# Diary\n\n## Step 1: old\n");
	assert_string_equal(u.seen[1], "# Diary\n\n## Step 1: typed by a human\n");
	assert_file(file, "# Diary\n\n## Step 1: typed by a human\n**Commit (code):** a64aead\n");
	assert_only(wt, only);
	free(wt);
	free(file);
}

/* A file that keeps changing: diarist gives up and leaves the editor's
 * last version, not its own and not a mix. */
static void test_lockfile_keeps_changing_gives_up(void **state)
{
	const char *tmp = *state;
	char *wt = tu_path_in(tmp, "wt"), *file = tu_path_in(wt, "diary.md");
	static const char *const only[] = {"diary.md", NULL};
	upd u = {0};
	int changed = -1, rc;

	tu_put(NULL, file, "v0\n");
	u.path = file;
	u.edits = 8;
	u.editor[0] = "v1\n";
	u.editor[1] = "v2\n";
	u.editor[2] = "v3\n";
	u.editor[3] = "v4\n";
	u.editor[4] = "v5\n";
	u.editor[5] = "v6\n";
	u.editor[6] = "v7\n";
	u.editor[7] = "v8\n";
	u.append = "diarist\n";
	rc = dt_file_update(file, wt, 0, edit_underneath_fn, &u, &changed, NULL);
	assert_true(rc < 0);
	assert_int_equal(changed, 0);
	assert_true(u.calls >= 2 && u.calls <= 8);
	{
		char want[8];
		snprintf(want, sizeof(want), "v%d\n", u.calls);
		assert_file(file, want);
	}
	assert_only(wt, only);
	free(wt);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lockfile_writes_atomically_and_keeps_mode,
	                                    setup_tmp, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_same_text_writes_nothing, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_create_new_file, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_fn_error_writes_nothing, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_live_lock_waits_then_fails, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_stale_lock_removed, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_symlink_out_of_worktree_refused,
	                                    setup_tmp, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_symlink_inside_worktree_followed,
	                                    setup_tmp, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_changed_underneath_retries, setup_tmp,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_lockfile_keeps_changing_gives_up, setup_tmp,
	                                    tu_tmp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
