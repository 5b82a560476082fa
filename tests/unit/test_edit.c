/* test_edit.c - lib/edit.h: byte-preserving edits (SPEC §4.3). */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "edit.h"

#include <stdio.h>
#include <string.h>

/* Apply `e` to `in` and compare with `want`, byte for byte. */
static void assert_applies(const char *in, size_t len, const dt_edits *e, const char *want,
                           size_t want_len)
{
	dt_buf out = DT_BUF_INIT;
	int rc = dt_edits_apply(&out, in, len, e);
	if (rc)
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(out.size, want_len);
	assert_memory_equal(out.ptr, want, want_len);
	assert_int_equal(out.ptr[out.size], '\0');
	dt_buf_dispose(&out);
}

#define APPLIES(in, e, want) assert_applies(in, strlen(in), e, want, strlen(want))

static void test_edit_no_edits_is_a_copy(void **state)
{
	static const char in[] = "a\r\nb\0c\nno final newline";
	dt_edits e = DT_EDITS_INIT;
	(void)state;
	assert_applies(in, sizeof(in) - 1, &e, in, sizeof(in) - 1);
	assert_applies("", 0, &e, "", 0);
	dt_edits_dispose(&e);
}

static void test_edit_replace(void **state)
{
	static const char in[] = "line one\nline two\nline three\n";
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	dt_edits_replace(&e, 9, 8, "LINE 2, longer");
	APPLIES(in, &e, "line one\nLINE 2, longer\nline three\n");
	dt_edits_dispose(&e);

	/* shorter, and the whole text */
	dt_edits_replace(&e, 0, 8, "1");
	APPLIES(in, &e, "1\nline two\nline three\n");
	dt_edits_dispose(&e);
	dt_edits_replace(&e, 0, strlen(in), "all");
	APPLIES(in, &e, "all");
	dt_edits_dispose(&e);

	/* a deletion is a replacement with nothing */
	dt_edits_replace(&e, 8, 9, "");
	APPLIES(in, &e, "line one\nline three\n");
	dt_edits_dispose(&e);
}

static void test_edit_insert(void **state)
{
	static const char in[] = "a\nc\n";
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	dt_edits_insert(&e, 2, "b\n");
	APPLIES(in, &e, "a\nb\nc\n");
	dt_edits_dispose(&e);

	dt_edits_insert(&e, 0, "start\n");
	APPLIES(in, &e, "start\na\nc\n");
	dt_edits_dispose(&e);

	dt_edits_insert(&e, strlen(in), "end\n");
	APPLIES(in, &e, "a\nc\nend\n");
	dt_edits_dispose(&e);

	dt_edits_insert(&e, 0, "into nothing");
	APPLIES("", &e, "into nothing");
	dt_edits_dispose(&e);
}

/* Edits are given in any order; the result is as if applied left to
 * right on the original offsets. */
static void test_edit_several_in_any_order(void **state)
{
	static const char in[] = "0123456789";
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	dt_edits_replace(&e, 8, 2, "[89]");
	dt_edits_insert(&e, 0, "<");
	dt_edits_replace(&e, 3, 1, "three");
	dt_edits_insert(&e, 10, ">");
	dt_edits_insert(&e, 5, "|");
	APPLIES(in, &e, "<012three4|567[89]>");
	assert_int_equal(e.count, 5);
	dt_edits_dispose(&e);
}

/* Inserts at one offset keep the order they were made in. */
static void test_edit_inserts_at_one_offset_keep_order(void **state)
{
	static const char in[] = "head\ntail\n";
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	dt_edits_insert(&e, 5, "first\n");
	dt_edits_insert(&e, 0, "top\n");
	dt_edits_insert(&e, 5, "second\n");
	dt_edits_insert(&e, 5, "third\n");
	APPLIES(in, &e, "top\nhead\nfirst\nsecond\nthird\ntail\n");
	/* applying twice gives the same (the list is not reordered) */
	APPLIES(in, &e, "top\nhead\nfirst\nsecond\nthird\ntail\n");
	dt_edits_dispose(&e);

	/* many, to catch an unstable sort */
	{
		dt_buf want = DT_BUF_INIT;
		dt_buf_puts(&want, "head");
		for (int i = 0; i < 50; i++) {
			char s[16];
			snprintf(s, sizeof(s), "%d,", i);
			dt_edits_insert(&e, 4, s);
			dt_buf_puts(&want, s);
		}
		dt_buf_puts(&want, "\ntail\n");
		APPLIES(in, &e, want.ptr);
		dt_buf_dispose(&want);
		dt_edits_dispose(&e);
	}
}

/* An insert at the end of a replaced range goes after the new text. */
static void test_edit_insert_at_end_of_replacement(void **state)
{
	static const char in[] = "**Commit (code):** pending\nrest\n";
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	dt_edits_insert(&e, 27, "**Tests:** ok\n");
	dt_edits_replace(&e, 19, 7, "a64aead");
	APPLIES(in, &e, "**Commit (code):** a64aead\n**Tests:** ok\nrest\n");
	dt_edits_dispose(&e);

	dt_edits_replace(&e, 19, 7, "a64aead");
	dt_edits_insert(&e, 26, " - \"subject\"");
	APPLIES(in, &e, "**Commit (code):** a64aead - \"subject\"\nrest\n");
	dt_edits_dispose(&e);
}

static void test_edit_overlap_refused(void **state)
{
	static const char in[] = "0123456789";
	dt_edits e = DT_EDITS_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;

	dt_buf_puts(&out, "old content");
	dt_edits_replace(&e, 2, 4, "x");
	dt_edits_replace(&e, 5, 2, "y");
	dt_error_clear();
	assert_int_equal(dt_edits_apply(&out, in, strlen(in), &e), DT_EINVALID);
	assert_true(strlen(dt_error_last()) > 0);
	print_message("%s\n", dt_error_last());
	assert_int_equal(out.size, 0); /* no half-applied text */
	dt_edits_dispose(&e);

	/* two replacements of one range */
	dt_edits_replace(&e, 2, 2, "x");
	dt_edits_replace(&e, 2, 2, "y");
	assert_int_equal(dt_edits_apply(&out, in, strlen(in), &e), DT_EINVALID);
	dt_edits_dispose(&e);

	/* an insert inside a replaced range */
	dt_edits_replace(&e, 2, 4, "x");
	dt_edits_insert(&e, 3, "y");
	assert_int_equal(dt_edits_apply(&out, in, strlen(in), &e), DT_EINVALID);
	dt_edits_dispose(&e);

	/* touching ranges are fine */
	dt_edits_replace(&e, 2, 3, "x");
	dt_edits_replace(&e, 5, 2, "y");
	APPLIES(in, &e, "01xy789");
	dt_edits_dispose(&e);
	dt_buf_dispose(&out);
}

static void test_edit_past_the_end_refused(void **state)
{
	static const char in[] = "abc";
	dt_edits e = DT_EDITS_INIT;
	dt_buf out = DT_BUF_INIT;
	(void)state;

	dt_edits_replace(&e, 2, 2, "x");
	assert_int_equal(dt_edits_apply(&out, in, 3, &e), DT_EINVALID);
	dt_edits_dispose(&e);
	dt_edits_insert(&e, 4, "x");
	assert_int_equal(dt_edits_apply(&out, in, 3, &e), DT_EINVALID);
	dt_edits_dispose(&e);
	dt_edits_replace(&e, 0, 3, "whole");
	APPLIES(in, &e, "whole");
	dt_edits_dispose(&e);
	dt_buf_dispose(&out);
}

/* CRLF, a BOM and a missing final newline are bytes like any other. */
static void test_edit_untouched_bytes(void **state)
{
	static const char in[] = "\xEF\xBB\xBF---\r\nTitle: Diary\r\n---\r\n\r\n## Step 1: A\r\n"
	                         "**Commit (code):** pending\r\nlast line";
	static const char want[] = "\xEF\xBB\xBF---\r\nTitle: Diary\r\n---\r\n\r\n## Step 1: A\r\n"
	                           "**Commit (code):** a64aead\r\n**Tests:** x\r\nlast line";
	const char *val = strstr(in, "pending");
	const char *after = strstr(in, "last line");
	dt_edits e = DT_EDITS_INIT;
	(void)state;

	assert_non_null(val);
	assert_non_null(after);
	dt_edits_replace(&e, (size_t)(val - in), 7, "a64aead");
	dt_edits_insert(&e, (size_t)(after - in), "**Tests:** x\r\n");
	APPLIES(in, &e, want);
	dt_edits_dispose(&e);
}

static void test_edit_eol(void **state)
{
	(void)state;
	assert_string_equal(dt_edit_eol("a\r\nb\r\n", 6), "\r\n");
	assert_string_equal(dt_edit_eol("a\nb\r\n", 5), "\n");
	assert_string_equal(dt_edit_eol("a\r\nb\n", 5), "\r\n");
	assert_string_equal(dt_edit_eol("\r\n", 2), "\r\n");
	assert_string_equal(dt_edit_eol("\n", 1), "\n");
	assert_string_equal(dt_edit_eol("no newline", 10), "\n");
	assert_string_equal(dt_edit_eol("cr only\r", 8), "\n");
	assert_string_equal(dt_edit_eol("", 0), "\n");
	/* only `len` bytes count */
	assert_string_equal(dt_edit_eol("ab\r\n", 2), "\n");
}

static void test_edit_dispose_twice(void **state)
{
	dt_edits e = DT_EDITS_INIT;
	(void)state;
	dt_edits_insert(&e, 0, "x");
	dt_edits_dispose(&e);
	assert_null(e.ops);
	assert_int_equal(e.count, 0);
	dt_edits_dispose(&e);
	/* reusable after dispose */
	dt_edits_insert(&e, 1, "y");
	APPLIES("a", &e, "ay");
	dt_edits_dispose(&e);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_edit_no_edits_is_a_copy),
	    cmocka_unit_test(test_edit_replace),
	    cmocka_unit_test(test_edit_insert),
	    cmocka_unit_test(test_edit_several_in_any_order),
	    cmocka_unit_test(test_edit_inserts_at_one_offset_keep_order),
	    cmocka_unit_test(test_edit_insert_at_end_of_replacement),
	    cmocka_unit_test(test_edit_overlap_refused),
	    cmocka_unit_test(test_edit_past_the_end_refused),
	    cmocka_unit_test(test_edit_untouched_bytes),
	    cmocka_unit_test(test_edit_eol),
	    cmocka_unit_test(test_edit_dispose_twice),
	};
	return cmocka_run_group_tests_name("test_edit", tests, NULL, NULL);
}
