/* test_fileio.c - reading with limits, atomic writes, paths (lib/fileio.h). */
#include "unit.h"

#include "common.h"
#include "fileio.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

static void write_raw(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A file of `size` bytes (sparse: cheap even for 16 MiB). */
static void write_sized(const char *path, off_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* ---- dt_file_read ---- */

static void test_fileio_read_whole_file_replacing_buffer(void **state)
{
	char *path = tu_path_in(*state, "f.txt");
	dt_buf b = DT_BUF_INIT;

	write_raw(path, "line 1\nline\0 2\n", 15);
	dt_buf_puts(&b, "old contents that must go");
	assert_int_equal(dt_file_read(&b, path, DT_FILE_MAX), 0);
	assert_int_equal(b.size, 15);
	assert_memory_equal(b.ptr, "line 1\nline\0 2\n", 16); /* NUL-terminated too */
	free(path);
	dt_buf_dispose(&b);
}

static void test_fileio_read_empty_file(void **state)
{
	char *path = tu_path_in(*state, "empty");
	dt_buf b = DT_BUF_INIT;

	write_raw(path, "", 0);
	dt_buf_puts(&b, "x");
	assert_int_equal(dt_file_read(&b, path, 10), 0);
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(dt_file_read(&b, "/dev/null", 10), 0);
	assert_int_equal(b.size, 0);
	free(path);
	dt_buf_dispose(&b);
}

static void test_fileio_read_limit(void **state)
{
	char *path = tu_path_in(*state, "ten");
	dt_buf b = DT_BUF_INIT;
	char *want;

	write_raw(path, "0123456789", 10);
	assert_int_equal(dt_file_read(&b, path, 10), 0); /* exactly the limit */
	assert_int_equal(b.size, 10);
	assert_int_equal(dt_file_read(&b, path, 9), DT_ETOOBIG);
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	want = dt_xasprintf("%s: file is 10 bytes, over the limit of 9", path);
	assert_string_equal(dt_error_last(), want);
	free(want);
	free(path);
	dt_buf_dispose(&b);
}

/* SPEC §7: files over 16 MiB are refused, not read. */
static void test_fileio_read_over_16_mib(void **state)
{
	char *path = tu_path_in(*state, "big");
	dt_buf b = DT_BUF_INIT;

	assert_int_equal(DT_FILE_MAX, 16u * 1024 * 1024);
	write_sized(path, (off_t)DT_FILE_MAX + 1);
	assert_int_equal(dt_file_read(&b, path, DT_FILE_MAX), DT_ETOOBIG);
	assert_int_equal(b.size, 0);
	write_sized(path, (off_t)DT_FILE_MAX);
	assert_int_equal(dt_file_read(&b, path, DT_FILE_MAX), 0);
	assert_int_equal(b.size, DT_FILE_MAX);
	free(path);
	dt_buf_dispose(&b);
}

/* A file whose size stat() cannot tell (procfs says 0) is still capped. */
static void test_fileio_read_limit_without_size(void **state)
{
	dt_buf b = DT_BUF_INIT;
	struct stat st;

	(void)state;
	/* (cmocka's skip() reads as a failure to tests/run.sh: return) */
	if (stat("/proc/self/status", &st) != 0 || st.st_size != 0)
		return;
	assert_int_equal(dt_file_read(&b, "/proc/self/status", 16), DT_ETOOBIG);
	assert_int_equal(b.size, 0);
	assert_int_equal(dt_file_read(&b, "/proc/self/status", 1u << 20), 0);
	assert_true(b.size > 16);
	assert_non_null(strstr(b.ptr, "Name:"));
	dt_buf_dispose(&b);
}

static void test_fileio_read_missing_and_folder(void **state)
{
	const char *tmp = *state;
	char *missing = tu_path_in(tmp, "no-such-file");
	char *file = tu_path_in(tmp, "plain");
	char *through_file = tu_path_in(tmp, "plain/child");
	dt_buf b = DT_BUF_INIT;
	char *want;

	assert_int_equal(dt_file_read(&b, missing, 100), DT_ENOTFOUND);
	want = dt_xasprintf("%s: no such file", missing);
	assert_string_equal(dt_error_last(), want);
	free(want);
	write_raw(file, "x", 1);
	assert_int_equal(dt_file_read(&b, through_file, 100), DT_ENOTFOUND);
	assert_int_equal(dt_file_read(&b, tmp, 100), DT_EIO);
	want = dt_xasprintf("%s: is a folder, expected a file", tmp);
	assert_string_equal(dt_error_last(), want);
	free(want);
	free(missing);
	free(file);
	free(through_file);
	dt_buf_dispose(&b);
}

static void test_fileio_read_unreadable_is_eio(void **state)
{
	char *path = tu_path_in(*state, "secret");
	dt_buf b = DT_BUF_INIT;

	if (geteuid() == 0) {
		free(path);
		return; /* root reads anything */
	}
	write_raw(path, "x", 1);
	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(dt_file_read(&b, path, 100), DT_EIO);
	free(path);
	dt_buf_dispose(&b);
}

/* ---- dt_file_write_atomic ---- */

static void test_fileio_write_new_file_mode_and_content(void **state)
{
	char *path = tu_path_in(*state, "new.txt");
	dt_buf b = DT_BUF_INIT;
	struct stat st;
	mode_t old = umask(022);

	assert_int_equal(dt_file_write_atomic(path, "abc\n", 4, 0666), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(dt_file_read(&b, path, 100), 0);
	assert_string_equal(b.ptr, "abc\n");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(dt_file_write_atomic(path, "", 0, 0640), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 0);
	umask(old);
	free(path);
	dt_buf_dispose(&b);
}

/* dt_file_write_atomic and dt_file_replace (the same without the fsync)
 * alike. */
static void test_fileio_write_keeps_existing_mode(void **state)
{
	static const mode_t modes[] = {0600, 0755, 0640, 0444, 0};
	const char *tmp = *state;
	char *path = tu_path_in(tmp, "diary.md");
	dt_buf b = DT_BUF_INIT;

	for (size_t k = 0; k < 2 * 4; k++) {
		size_t i = k % 4;
		struct stat before, after;
		write_raw(path, "old\n", 4);
		assert_int_equal(chmod(path, modes[i]), 0);
		assert_int_equal(stat(path, &before), 0);
		assert_int_equal(k < 4 ? dt_file_write_atomic(path, "new text\n", 9, 0666)
		                       : dt_file_replace(path, "new text\n", 9, 0666),
		                 0);
		assert_int_equal(stat(path, &after), 0);
		assert_int_equal(after.st_mode & 07777, modes[i]);
		/* replaced by rename: a new inode, never a half-written old one */
		assert_true(after.st_ino != before.st_ino);
		assert_int_equal(dt_file_read(&b, path, 100), 0);
		assert_string_equal(b.ptr, "new text\n");
		/* no temporary file is left beside it */
		assert_int_equal(count_entries(tmp), 1);
		assert_int_equal(chmod(path, 0644), 0);
	}
	free(path);
	dt_buf_dispose(&b);
}

/* dt_file_out: written in pieces, in place only at commit; an abort, or a
 * commit after a failed write, leaves the old file and no temporary one. */
static void test_fileio_out_pieces(void **state)
{
	const char *tmp = *state;
	char *path = tu_path_in(tmp, "page.html"), *bad = tu_path_in(tmp, "no/such/x.html");
	dt_buf b = DT_BUF_INIT;
	dt_file_out f;

	write_raw(path, "old\n", 4);
	assert_int_equal(dt_file_out_open(&f, path, 0666), 0);
	assert_int_equal(dt_file_out_write(&f, "<p>", 3), 0);
	assert_int_equal(dt_file_out_write(&f, "", 0), 0);
	assert_int_equal(count_entries(tmp), 2); /* the temporary file beside it */
	assert_int_equal(dt_file_read(&b, path, 100), 0);
	assert_string_equal(b.ptr, "old\n"); /* not yet */
	assert_int_equal(dt_file_out_write(&f, "new</p>\n", 8), 0);
	assert_int_equal(dt_file_out_commit(&f, 0), 0);
	assert_int_equal(dt_file_read(&b, path, 100), 0);
	assert_string_equal(b.ptr, "<p>new</p>\n");
	assert_int_equal(count_entries(tmp), 1);

	assert_int_equal(dt_file_out_open(&f, path, 0666), 0);
	assert_int_equal(dt_file_out_write(&f, "half", 4), 0);
	dt_file_out_abort(&f);
	assert_int_equal(dt_file_read(&b, path, 100), 0);
	assert_string_equal(b.ptr, "<p>new</p>\n");
	assert_int_equal(count_entries(tmp), 1);

	/* a failed write: the rest fail with it, commit only cleans up */
	assert_int_equal(dt_file_out_open(&f, path, 0666), 0);
	close(f.fd);
	f.fd = open("/dev/null", O_RDONLY);
	assert_int_equal(dt_file_out_write(&f, "x", 1), DT_EIO);
	tu_assert_contains(dt_error_last(), path);
	assert_int_equal(dt_file_out_write(&f, "y", 1), DT_EIO);
	assert_int_equal(dt_file_out_commit(&f, 0), DT_EIO);
	assert_int_equal(dt_file_read(&b, path, 100), 0);
	assert_string_equal(b.ptr, "<p>new</p>\n");
	assert_int_equal(count_entries(tmp), 1);

	/* nowhere to put it: the error names it, nothing is made */
	assert_int_equal(dt_file_out_open(&f, bad, 0666), DT_EIO);
	tu_assert_contains(dt_error_last(), bad);
	assert_int_equal(count_entries(tmp), 1);
	dt_buf_dispose(&b);
	free(path);
	free(bad);
}

static void test_fileio_write_large_and_binary(void **state)
{
	char *path = tu_path_in(*state, "blob");
	size_t n = 3u * 1024 * 1024 + 17;
	char *data = dt_xmalloc(n);
	dt_buf b = DT_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7 % 256);
	assert_int_equal(dt_file_write_atomic(path, data, n, 0644), 0);
	assert_int_equal(dt_file_read(&b, path, DT_FILE_MAX), 0);
	assert_int_equal(b.size, n);
	assert_memory_equal(b.ptr, data, n);
	free(data);
	free(path);
	dt_buf_dispose(&b);
}

static void test_fileio_write_into_missing_folder_fails(void **state)
{
	const char *tmp = *state;
	char *path = tu_path_in(tmp, "no/such/folder/file");

	assert_int_equal(dt_file_write_atomic(path, "x", 1, 0644), DT_EIO);
	assert_false(dt_path_exists(path));
	assert_int_equal(count_entries(tmp), 0);
	free(path);
}

/* ---- paths ---- */

static void test_fileio_path_join(void **state)
{
	static const struct {
		const char *a, *b, *want;
	} cases[] = {
	    {"a", "b", "a/b"}, {"a/", "b", "a/b"},    {"/x/y", "z/w", "/x/y/z/w"},
	    {"", "b", "b"},    {"a", "/abs", "/abs"}, {"/", "x", "/x"},
	    {"a", "", "a/"},   {"a//", "b", "a//b"},  {NULL, NULL, NULL},
	};
	dt_buf out = DT_BUF_INIT;

	(void)state;
	for (size_t i = 0; cases[i].a; i++) {
		dt_path_join(&out, cases[i].a, cases[i].b);
		assert_string_equal(out.ptr, cases[i].want);
		assert_int_equal(out.size, strlen(cases[i].want));
	}
	/* the output may be one of the inputs */
	dt_buf_set(&out, "root", 4);
	dt_path_join(&out, out.ptr, "index.md");
	assert_string_equal(out.ptr, "root/index.md");
	dt_path_join(&out, "/base", out.ptr);
	assert_string_equal(out.ptr, "/base/root/index.md");
	dt_buf_dispose(&out);
}

static void test_fileio_path_predicates(void **state)
{
	const char *tmp = *state;
	char *file = tu_path_in(tmp, "file"), *dir = tu_path_in(tmp, "dir");
	char *dangling = tu_path_in(tmp, "dangling"), *to_dir = tu_path_in(tmp, "to-dir");
	char *missing = tu_path_in(tmp, "missing");

	write_raw(file, "x", 1);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(symlink("nowhere", dangling), 0);
	assert_int_equal(symlink("dir", to_dir), 0);

	assert_true(dt_path_isfile(file));
	assert_false(dt_path_isdir(file));
	assert_true(dt_path_exists(file));
	assert_true(dt_path_isdir(dir));
	assert_false(dt_path_isfile(dir));
	assert_false(dt_path_isfile(missing));
	assert_false(dt_path_isdir(missing));
	assert_false(dt_path_exists(missing));
	/* exists does not follow links; isdir and isfile do */
	assert_true(dt_path_exists(dangling));
	assert_false(dt_path_isfile(dangling));
	assert_true(dt_path_isdir(to_dir));
	free(file);
	free(dir);
	free(dangling);
	free(to_dir);
	free(missing);
}

static void test_fileio_mkdir_p_nested_and_existing(void **state)
{
	const char *tmp = *state;
	char *deep = tu_path_in(tmp, "a/b/c/d"), *slash = tu_path_in(tmp, "x/y/");

	assert_int_equal(dt_mkdir_p(deep), 0);
	assert_true(dt_path_isdir(deep));
	assert_int_equal(dt_mkdir_p(deep), 0); /* again: nothing to do */
	assert_int_equal(dt_mkdir_p(tmp), 0);
	assert_int_equal(dt_mkdir_p(slash), 0);
	assert_true(dt_path_isdir(slash));
	assert_int_equal(dt_mkdir_p("/"), 0);
	free(deep);
	free(slash);
}

static void test_fileio_mkdir_p_file_in_the_way(void **state)
{
	const char *tmp = *state;
	char *file = tu_path_in(tmp, "file"), *below = tu_path_in(tmp, "file/sub/dir");

	write_raw(file, "x", 1);
	assert_int_equal(dt_mkdir_p(below), DT_EIO);
	assert_true(dt_path_isfile(file));
	free(file);
	free(below);
}

/* fileio.h: dt_mkdir_p makes the folder `path`; when `path` is a file it
 * cannot, and must say so (as `mkdir -p` does). */
static void test_fileio_mkdir_p_on_existing_file_fails(void **state)
{
	char *file = tu_path_in(*state, "file");
	int rc;

	write_raw(file, "x", 1);
	rc = dt_mkdir_p(file);
	free(file);
	assert_int_equal(rc, DT_EIO);
}

/* An empty path names no folder: an error, read within bounds. */
static void test_fileio_mkdir_p_empty_path_fails(void **state)
{
	(void)state;
	assert_true(dt_mkdir_p("") < 0);
}

/* A pipe holding `text`, its writing end closed: reads give text, then EOF. */
static int pipe_with(const char *text, size_t len)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], text, len), (ssize_t)len);
	close(fd[1]);
	return fd[0];
}

static void test_fileio_fd_read(void **state)
{
	dt_buf b = DT_BUF_INIT;
	int fd;
	(void)state;

	fd = pipe_with("one\0two\n", 8);
	assert_int_equal(dt_fd_read(&b, fd, 100, "the input"), 0);
	assert_int_equal(b.size, 8);
	assert_memory_equal(b.ptr, "one\0two\n", 8);
	close(fd);

	dt_buf_clear(&b);
	fd = pipe_with("", 0);
	assert_int_equal(dt_fd_read(&b, fd, 100, "the input"), 0);
	assert_int_equal(b.size, 0);
	close(fd);

	dt_buf_clear(&b);
	fd = pipe_with("0123456789", 10);
	assert_int_equal(dt_fd_read(&b, fd, 9, "the input"), DT_ETOOBIG);
	tu_assert_contains(dt_error_last(), "the input: over 9 bytes");
	close(fd);

	dt_buf_clear(&b);
	assert_int_equal(dt_fd_read(&b, -1, 9, "nothing"), DT_EIO);
	tu_assert_contains(dt_error_last(), "cannot read nothing");
	dt_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fileio_read_whole_file_replacing_buffer,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_read_empty_file, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_read_limit, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_read_over_16_mib, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_fileio_read_limit_without_size),
	    cmocka_unit_test_setup_teardown(test_fileio_read_missing_and_folder, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_read_unreadable_is_eio, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_write_new_file_mode_and_content,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_write_keeps_existing_mode, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_out_pieces, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_write_large_and_binary, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_write_into_missing_folder_fails,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_fileio_path_join),
	    cmocka_unit_test_setup_teardown(test_fileio_path_predicates, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_mkdir_p_nested_and_existing, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_mkdir_p_file_in_the_way, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_fileio_mkdir_p_on_existing_file_fails,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    /* last: before the fix it reads past its copy of the path */
	    cmocka_unit_test(test_fileio_mkdir_p_empty_path_fails),
	    cmocka_unit_test(test_fileio_fd_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
