/* test_objcache.c - what was worked out from git objects, kept across runs
 * (lib/objcache.h): entries read back after a save, a file that cannot be
 * trusted never used, the size limit. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "objcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ID1 "0123456789abcdef0123456789abcdef01234567"
#define ID2 "0123456fffffffffffffffffffffffffffffffff" /* ID1's first 7 digits */
#define ID3 "89abcdef0123456789abcdef0123456789abcdef"
#define ID256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- helpers ---- */

static char *cache_path(void **state)
{
	return tu_path_in(*state, "git/diarist/test.cache");
}

/* The bytes kept for (kind, hex) are `want`. */
static void is(dt_objcache *c, char kind, const char *hex, const void *want, size_t wlen)
{
	const char *data;
	size_t len;
	assert_int_equal(dt_objcache_get(c, kind, hex, &data, &len), 1);
	assert_int_equal(len, wlen);
	assert_memory_equal(data, want, wlen);
}

static int has(dt_objcache *c, char kind, const char *hex)
{
	const char *data;
	size_t len;
	return dt_objcache_get(c, kind, hex, &data, &len);
}

static void write_file(const char *path, const char *text)
{
	assert_int_equal(dt_file_write_atomic(path, text, strlen(text), 0644), 0);
}

/* ---- the tests ---- */

/* What is put is got back, in this run and, once saved, in the next;
 * entries are told apart by kind and by the whole id, even when ids share
 * their first digits; bytes of any value survive. */
static void test_objcache_round_trip(void **state)
{
	char *path = cache_path(state);
	static const char binary[] = {'a', '\0', '\n', 'b', '\n', '\xff', '1', ' '};
	dt_objcache *c = dt_objcache_open(path, "test/1 ttmp");

	assert_int_equal(dt_objcache_count(c), 0);
	assert_false(has(c, 't', ID1));
	dt_objcache_put(c, 't', ID1, "tasks of one", 12);
	dt_objcache_put(c, 's', ID1, "steps of one", 12);
	dt_objcache_put(c, 't', ID2, binary, sizeof(binary));
	dt_objcache_put(c, 'c', ID3, "", 0);
	dt_objcache_put(c, 'x', ID256, "sha-256", 7);
	is(c, 't', ID1, "tasks of one", 12);
	is(c, 's', ID1, "steps of one", 12);
	is(c, 't', ID2, binary, sizeof(binary));
	is(c, 'c', ID3, "", 0);
	assert_false(has(c, 'i', ID1));
	assert_int_equal(dt_objcache_count(c), 5);
	assert_int_equal(dt_objcache_save(c), 1); /* the folder is made */
	assert_int_equal(dt_objcache_save(c), 0); /* nothing new */
	dt_objcache_free(c);

	c = dt_objcache_open(path, "test/1 ttmp");
	assert_int_equal(dt_objcache_count(c), 5);
	assert_int_equal(dt_objcache_used(c), 0);
	is(c, 't', ID1, "tasks of one", 12);
	is(c, 's', ID1, "steps of one", 12);
	is(c, 't', ID2, binary, sizeof(binary));
	is(c, 'c', ID3, "", 0);
	is(c, 'x', ID256, "sha-256", 7);
	assert_int_equal(dt_objcache_used(c), 5);
	/* not an id, not a kind: nothing kept */
	dt_objcache_put(c, 't', "0123456", "short", 5);
	dt_objcache_put(c, '1', ID1, "digit", 5);
	dt_objcache_put(c, 't', "0123456789ABCDEF0123456789ABCDEF01234567", "upper", 5);
	assert_int_equal(dt_objcache_count(c), 5);
	assert_int_equal(dt_objcache_save(c), 0);
	dt_objcache_free(c);
	free(path);
}

/* Yes and no, as "1" and "0"; anything else is none; no cache, none. */
static void test_objcache_flags(void **state)
{
	dt_objcache *c = dt_objcache_open(NULL, "test/1");
	(void)state;
	assert_int_equal(dt_objcache_flag(c, 'b', ID1), -1);
	dt_objcache_put_flag(c, 'b', ID1, 1);
	dt_objcache_put_flag(c, 'b', ID3, 0);
	dt_objcache_put(c, 'b', ID256, "yes", 3);
	assert_int_equal(dt_objcache_flag(c, 'b', ID1), 1);
	assert_int_equal(dt_objcache_flag(c, 'b', ID3), 0);
	assert_int_equal(dt_objcache_flag(c, 'b', ID256), -1);
	assert_int_equal(dt_objcache_flag(c, 'c', ID1), -1);
	dt_objcache_put_flag(c, 'b', ID1, 0); /* replaced */
	assert_int_equal(dt_objcache_flag(c, 'b', ID1), 0);
	dt_objcache_free(c);
	assert_int_equal(dt_objcache_flag(NULL, 'b', ID1), -1);
	dt_objcache_put_flag(NULL, 'b', ID1, 1);
}

/* A put replaces what an entry held (a caller that could not decode it
 * works it out again); the file then holds the new bytes only. */
static void test_objcache_replace(void **state)
{
	char *path = cache_path(state), *text;
	dt_objcache *c = dt_objcache_open(path, "test/1");

	dt_objcache_put(c, 't', ID1, "old", 3);
	dt_objcache_put(c, 't', ID3, "other", 5);
	assert_int_equal(dt_objcache_save(c), 1);
	dt_objcache_free(c);

	c = dt_objcache_open(path, "test/1");
	dt_objcache_put(c, 't', ID1, "old", 3); /* the same: nothing to write */
	assert_int_equal(dt_objcache_save(c), 0);
	dt_objcache_put(c, 't', ID1, "newer", 5);
	is(c, 't', ID1, "newer", 5);
	assert_int_equal(dt_objcache_count(c), 2);
	assert_int_equal(dt_objcache_save(c), 1);
	dt_objcache_free(c);

	text = tu_slurp(path);
	assert_int_equal(tu_count(text, ID1), 1);
	tu_assert_lacks(text, "old");
	free(text);
	c = dt_objcache_open(path, "test/1");
	is(c, 't', ID1, "newer", 5);
	is(c, 't', ID3, "other", 5);
	dt_objcache_free(c);
	free(path);
}

/* A file of another scope or format, or damaged anywhere, is not used at
 * all (an entry cut short could hold anything) and is replaced at the
 * next save. */
static void test_objcache_untrusted_files(void **state)
{
	char *path = cache_path(state);
	static const char *const bad[] = {
	    "",
	    "diarist-objcache 1 test/1",                                    /* no end of line */
	    "diarist-objcache 2 test/1\nt" ID1 " 3\nabc\n",                 /* another format */
	    "diarist-objcache 1 test/2\nt" ID1 " 3\nabc\n",                 /* another scope */
	    "diarist-objcache 1 test/1 more\nt" ID1 " 3\nabc\n",            /* a longer scope */
	    "diarist-objcache 1 test/1\nt" ID1 " 3\nabc\nt" ID3 " 9\nab\n", /* cut short */
	    "diarist-objcache 1 test/1\nt" ID1 " 3\nabcd\n",                /* longer than said */
	    "diarist-objcache 1 test/1\nt" ID1 " 3\nabc",                   /* no newline after */
	    "diarist-objcache 1 test/1\nt" ID1 "3\nabc\n",                  /* no space */
	    "diarist-objcache 1 test/1\nt" ID1 " \nabc\n",                  /* no length */
	    "diarist-objcache 1 test/1\nt0123 3\nabc\n",                    /* not a whole id */
	    "diarist-objcache 1 test/1\nt0123456789ABCDEF0123456789ABCDEF01234567 3\nabc\n",
	    "diarist-objcache 1 test/1\n9" ID1 " 3\nabc\n", /* not a kind */
	    "diarist-objcache 1 test/1\nt" ID1 " 99999999999999999999\nabc\n",
	};
	tu_mkdirs(*state, "git/diarist");
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		dt_objcache *c;
		char *text;
		write_file(path, bad[i]);
		c = dt_objcache_open(path, "test/1");
		if (dt_objcache_count(c) != 0 || has(c, 't', ID1)) {
			print_error("case %zu was used: %s\n", i, bad[i]);
			fail();
		}
		dt_objcache_put(c, 's', ID3, "fresh", 5);
		assert_int_equal(dt_objcache_save(c), 1);
		dt_objcache_free(c);
		text = tu_slurp(path);
		assert_string_equal(text, "diarist-objcache 1 test/1\ns" ID3 " 5\nfresh\n");
		free(text);
	}
	/* the well-formed one, for contrast */
	write_file(path, "diarist-objcache 1 test/1\nt" ID1 " 3\nabc\n");
	{
		dt_objcache *c = dt_objcache_open(path, "test/1");
		is(c, 't', ID1, "abc", 3);
		dt_objcache_free(c);
	}
	free(path);
}

/* No file (or no path) is an empty cache; one without a path, or whose
 * scope has several lines, is never written; a folder that cannot be made
 * is no error. */
static void test_objcache_nowhere(void **state)
{
	char *path = cache_path(state), *blocked = tu_path_in(*state, "file/diarist/x.cache");
	dt_objcache *c = dt_objcache_open(NULL, "test/1");
	struct stat st;

	dt_objcache_put(c, 't', ID1, "abc", 3);
	is(c, 't', ID1, "abc", 3);
	assert_int_equal(dt_objcache_save(c), 0);
	dt_objcache_free(c);

	c = dt_objcache_open(path, "test/1\nsecond line");
	dt_objcache_put(c, 't', ID1, "abc", 3);
	assert_int_equal(dt_objcache_save(c), 0);
	assert_int_not_equal(stat(path, &st), 0);
	dt_objcache_free(c);

	tu_put(*state, "file", "a file where the folder should be\n");
	c = dt_objcache_open(blocked, "test/1");
	dt_objcache_put(c, 't', ID1, "abc", 3);
	assert_int_equal(dt_objcache_save(c), 0);
	assert_string_equal(dt_error_last(), "");
	dt_objcache_free(c);
	free(blocked);
	free(path);
}

/* Past the size limit only what this run got or put is written; when even
 * that is too much, nothing is. */
static void test_objcache_limit(void **state)
{
	char *path = cache_path(state), *text;
	char hex[48];
	dt_objcache *c = dt_objcache_open(path, "test/1");

	for (unsigned i = 0; i < 100; i++) {
		snprintf(hex, sizeof(hex), "%040x", i);
		dt_objcache_put(c, 't', hex, "0123456789", 10);
	}
	assert_int_equal(dt_objcache_save(c), 1);
	dt_objcache_free(c);

	c = dt_objcache_open(path, "test/1");
	assert_int_equal(dt_objcache_count(c), 100);
	dt_objcache_limit(c, 1000); /* about 16 entries */
	snprintf(hex, sizeof(hex), "%040x", 7u);
	is(c, 't', hex, "0123456789", 10);
	dt_objcache_put(c, 't', ID1, "new", 3);
	assert_int_equal(dt_objcache_save(c), 1);
	dt_objcache_free(c);
	text = tu_slurp(path);
	assert_string_equal(text, "diarist-objcache 1 test/1\nt"
	                          "0000000000000000000000000000000000000007"
	                          " 10\n0123456789\nt" ID1 " 3\nnew\n");
	free(text);

	c = dt_objcache_open(path, "test/1");
	dt_objcache_limit(c, 60); /* not even one entry and the header */
	dt_objcache_put(c, 't', ID3, "0123456789", 10);
	assert_int_equal(dt_objcache_save(c), 0);
	dt_objcache_free(c);
	c = dt_objcache_open(path, "test/1");
	assert_int_equal(dt_objcache_count(c), 2); /* the file as it was */
	dt_objcache_free(c);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_objcache_round_trip, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_objcache_flags),
	    cmocka_unit_test_setup_teardown(test_objcache_replace, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_objcache_untrusted_files, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_objcache_nowhere, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_objcache_limit, tu_tmp_setup, tu_tmp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
