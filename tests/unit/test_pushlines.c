/* lib/pushlines.h: git's pre-push input. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "pushlines.h"

#include <string.h>

#define Z40 "0000000000000000000000000000000000000000"
#define Z64 Z40 "000000000000000000000000"
#define A40 "a64aead0a64aead0a64aead0a64aead0a64aead0"
#define B40 "b12c3d4b12c3d4b12c3d4b12c3d4b12c3d4b12c3"
#define A64 A40 "0123456789abcdef01234567"

static void test_pushlines_every_line_counts(void **state)
{
	static const char in[] = "refs/heads/main " A40 " refs/heads/main " B40 "\n"
	                         "refs/heads/topic " B40 " refs/heads/topic " Z40 "\n"
	                         "(delete) " Z40 " refs/heads/old " A40 "\n"
	                         "HEAD " A40 " refs/heads/main " B40 "\n"
	                         "refs/tags/v1 " A40 " refs/tags/v1 " Z40 "\n";
	dt_push_updates u;

	(void)state;
	assert_int_equal(dt_push_parse(&u, in, sizeof(in) - 1), 0);
	assert_int_equal(u.count, 5);
	assert_string_equal(u.items[0].local_ref, "refs/heads/main");
	assert_string_equal(u.items[0].local_oid, A40);
	assert_string_equal(u.items[0].remote_ref, "refs/heads/main");
	assert_string_equal(u.items[0].remote_oid, B40);
	assert_false(u.items[0].is_delete);
	assert_false(u.items[0].is_new);
	assert_true(u.items[1].is_new);
	assert_true(u.items[2].is_delete);
	assert_string_equal(u.items[3].local_ref, "HEAD");
	assert_string_equal(u.items[4].local_ref, "refs/tags/v1");
	for (size_t i = 0; i < u.count; i++)
		assert_int_equal(u.items[i].line, i + 1);
	dt_push_updates_dispose(&u);
}

static void test_pushlines_sha256_and_crlf_and_blank_lines(void **state)
{
	static const char in[] = "\nrefs/heads/main " A64 " refs/heads/main " Z64 "\r\n\n"
	                         "refs/heads/gone " Z64 " refs/heads/gone " A64;
	dt_push_updates u;

	(void)state;
	assert_int_equal(dt_push_parse(&u, in, sizeof(in) - 1), 0);
	assert_int_equal(u.count, 2);
	assert_string_equal(u.items[0].local_oid, A64);
	assert_true(u.items[0].is_new);
	assert_int_equal(u.items[0].line, 2);
	assert_true(u.items[1].is_delete);
	assert_int_equal(u.items[1].line, 4);
	dt_push_updates_dispose(&u);
}

static void test_pushlines_empty_input(void **state)
{
	dt_push_updates u;
	(void)state;
	assert_int_equal(dt_push_parse(&u, "", 0), 0);
	assert_int_equal(u.count, 0);
	dt_push_updates_dispose(&u);
}

/* Garbage and truncated lines: an error naming the line, never a guess. */
static void test_pushlines_bad_lines_refused(void **state)
{
	static const struct {
		const char *in;
		size_t line;
	} bad[] = {
	    {"garbage\n", 1},
	    {"refs/heads/main " A40 " refs/heads/main\n", 1},               /* truncated */
	    {"refs/heads/main " A40 " refs/heads/main " B40 " extra\n", 1}, /* five fields */
	    {"refs/heads/main a64aead refs/heads/main " B40 "\n", 1},       /* short oid */
	    {"refs/heads/main " A40 " refs/heads/main " B40 "\nxyz\n", 2},  /* second line */
	    {"refs/heads/main g64aead0a64aead0a64aead0a64aead0a64aead0 r " B40 "\n", 1},
	    {NULL, 0},
	};
	(void)state;
	for (size_t i = 0; bad[i].in; i++) {
		dt_push_updates u;
		char want[64];
		assert_int_equal(dt_push_parse(&u, bad[i].in, strlen(bad[i].in)), DT_EINVALID);
		assert_int_equal(u.count, 0);
		snprintf(want, sizeof(want), "pre-push input line %zu: expected", bad[i].line);
		if (strncmp(dt_error_last(), want, strlen(want)))
			print_error("case %zu: %s\n", i, dt_error_last());
		assert_true(!strncmp(dt_error_last(), want, strlen(want)));
	}
}

/* SPEC §7: 100 000 pre-push lines are handled. */
static void test_pushlines_hundred_thousand_lines(void **state)
{
	dt_buf in = DT_BUF_INIT;
	dt_push_updates u;

	(void)state;
	for (int i = 0; i < 100000; i++)
		dt_buf_printf(&in, "refs/heads/b%d " A40 " refs/heads/b%d " Z40 "\n", i, i);
	assert_int_equal(dt_push_parse(&u, in.ptr, in.size), 0);
	assert_int_equal(u.count, 100000);
	assert_string_equal(u.items[99999].remote_ref, "refs/heads/b99999");
	dt_push_updates_dispose(&u);
	dt_buf_dispose(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pushlines_every_line_counts),
	    cmocka_unit_test(test_pushlines_sha256_and_crlf_and_blank_lines),
	    cmocka_unit_test(test_pushlines_empty_input),
	    cmocka_unit_test(test_pushlines_bad_lines_refused),
	    cmocka_unit_test(test_pushlines_hundred_thousand_lines),
	};
	return cmocka_run_group_tests_name("pushlines", tests, NULL, NULL);
}
