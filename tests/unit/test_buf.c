/* test_buf.c - the growable buffer and the string list (lib/buf.h). */
#include "unit.h"

#include "buf.h"
#include "common.h"

#include <string.h>

static void test_buf_init_is_empty_string(void **state)
{
	dt_buf a = DT_BUF_INIT, b;

	(void)state;
	assert_non_null(a.ptr);
	assert_string_equal(a.ptr, "");
	assert_int_equal(a.size, 0);
	assert_int_equal(a.asize, 0);
	dt_buf_init(&b);
	assert_ptr_equal(b.ptr, dt_buf__empty);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	/* clearing and truncating an empty buffer writes nothing */
	dt_buf_clear(&a);
	dt_buf_truncate(&a, 0);
	dt_buf_truncate(&a, 10);
	assert_int_equal(a.asize, 0);
	assert_int_equal(dt_buf__empty[0], '\0');
	dt_buf_dispose(&a);
	dt_buf_dispose(&b);
}

static void test_buf_put_puts_putc(void **state)
{
	dt_buf b = DT_BUF_INIT;

	(void)state;
	dt_buf_puts(&b, "hello");
	dt_buf_putc(&b, ' ');
	dt_buf_put(&b, "world!!!", 5);
	dt_buf_put(&b, "ignored", 0);
	dt_buf_puts(&b, "");
	assert_string_equal(b.ptr, "hello world");
	assert_int_equal(b.size, 11);
	assert_true(b.asize > b.size);
	dt_buf_dispose(&b);
	assert_ptr_equal(b.ptr, dt_buf__empty);
	assert_int_equal(b.size, 0);
	/* dispose twice is harmless */
	dt_buf_dispose(&b);
}

static void test_buf_holds_nul_bytes(void **state)
{
	dt_buf b = DT_BUF_INIT;

	(void)state;
	dt_buf_put(&b, "a\0b", 3);
	dt_buf_putc(&b, '\0');
	assert_int_equal(b.size, 4);
	assert_memory_equal(b.ptr, "a\0b\0", 5); /* and the terminator */
	dt_buf_dispose(&b);
}

static void test_buf_grows_and_stays_terminated(void **state)
{
	dt_buf b = DT_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < 1000000; i++) {
		dt_buf_putc(&b, (char)('a' + i % 26));
		if (i % 99991 == 0)
			assert_int_equal(b.ptr[b.size], '\0');
	}
	assert_int_equal(b.size, 1000000);
	assert_int_equal(strlen(b.ptr), 1000000);
	assert_int_equal(b.ptr[999999], 'a' + 999999 % 26);
	dt_buf_dispose(&b);
}

static void test_buf_grow_reserves(void **state)
{
	dt_buf b = DT_BUF_INIT;
	char *p;

	(void)state;
	dt_buf_puts(&b, "abc");
	dt_buf_grow(&b, 1000);
	assert_true(b.asize >= 3 + 1000 + 1);
	assert_string_equal(b.ptr, "abc");
	p = b.ptr;
	for (int i = 0; i < 1000; i++)
		dt_buf_putc(&b, 'x');
	assert_ptr_equal(b.ptr, p); /* no move within the reserve */
	assert_int_equal(b.size, 1003);
	dt_buf_dispose(&b);
}

static void test_buf_printf_short_and_long(void **state)
{
	dt_buf b = DT_BUF_INIT;
	char *big = dt_xmalloc(5001);

	(void)state;
	dt_buf_printf(&b, "%s-%d-%zu", "x", 42, (size_t)7);
	assert_string_equal(b.ptr, "x-42-7");
	dt_buf_printf(&b, "%s", "");
	assert_string_equal(b.ptr, "x-42-7");
	/* longer than any small internal buffer, appended */
	memset(big, 'y', 5000);
	big[5000] = '\0';
	dt_buf_printf(&b, "[%s]", big);
	assert_int_equal(b.size, 6 + 5002);
	assert_int_equal(strlen(b.ptr), b.size);
	assert_int_equal(b.ptr[6], '[');
	assert_int_equal(b.ptr[b.size - 1], ']');
	/* exactly at the edges of 255/256 characters */
	for (size_t n = 250; n < 262; n++) {
		dt_buf_clear(&b);
		dt_buf_printf(&b, "%.*s", (int)n, big);
		assert_int_equal(b.size, n);
		assert_int_equal(strlen(b.ptr), n);
	}
	free(big);
	dt_buf_dispose(&b);
}

static void test_buf_set_truncate_clear(void **state)
{
	dt_buf b = DT_BUF_INIT;
	char *p;
	size_t asize;

	(void)state;
	dt_buf_puts(&b, "something long enough");
	dt_buf_set(&b, "new", 3);
	assert_string_equal(b.ptr, "new");
	assert_int_equal(b.size, 3);
	dt_buf_truncate(&b, 10); /* longer: no change */
	assert_string_equal(b.ptr, "new");
	dt_buf_truncate(&b, 2);
	assert_string_equal(b.ptr, "ne");
	assert_int_equal(b.size, 2);
	p = b.ptr;
	asize = b.asize;
	dt_buf_clear(&b);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.size, 0);
	assert_ptr_equal(b.ptr, p); /* memory kept */
	assert_int_equal(b.asize, asize);
	dt_buf_set(&b, "", 0);
	assert_string_equal(b.ptr, "");
	dt_buf_dispose(&b);
}

static void test_buf_detach(void **state)
{
	dt_buf b = DT_BUF_INIT;
	char *s;

	(void)state;
	dt_buf_puts(&b, "owned");
	s = dt_buf_detach(&b);
	assert_string_equal(s, "owned");
	assert_ptr_equal(b.ptr, dt_buf__empty);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	free(s);
	/* an empty buffer still hands out a string the caller can free */
	s = dt_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_ptr_not_equal(s, dt_buf__empty);
	free(s);
	dt_buf_dispose(&b);
}

static void test_strvec_push_variants(void **state)
{
	dt_strvec v = DT_STRVEC_INIT;
	char src[] = "copied";

	(void)state;
	dt_strvec_push(&v, src);
	src[0] = 'X'; /* push copies */
	dt_strvec_pushn(&v, "prefix-and-more", 6);
	dt_strvec_push_owned(&v, dt_xstrdup("owned"));
	dt_strvec_push(&v, "");
	assert_int_equal(v.count, 4);
	assert_string_equal(v.items[0], "copied");
	assert_string_equal(v.items[1], "prefix");
	assert_string_equal(v.items[2], "owned");
	assert_string_equal(v.items[3], "");
	assert_null(v.items[4]); /* NULL-terminated */
	assert_true(dt_strvec_contains(&v, "owned"));
	assert_true(dt_strvec_contains(&v, ""));
	assert_false(dt_strvec_contains(&v, "Owned"));
	assert_false(dt_strvec_contains(&v, "prefix-and-more"));
	dt_strvec_dispose(&v);
	assert_null(v.items);
	assert_int_equal(v.count, 0);
	dt_strvec_dispose(&v);
}

static void test_strvec_many_items(void **state)
{
	dt_strvec v = DT_STRVEC_INIT;

	(void)state;
	assert_false(dt_strvec_contains(&v, "x"));
	for (int i = 0; i < 10000; i++) {
		char *s = dt_xasprintf("item-%d", i);
		dt_strvec_push_owned(&v, s);
	}
	assert_int_equal(v.count, 10000);
	assert_true(v.alloc > v.count);
	assert_string_equal(v.items[9999], "item-9999");
	assert_null(v.items[10000]);
	assert_true(dt_strvec_contains(&v, "item-5000"));
	dt_strvec_dispose(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_init_is_empty_string),
	    cmocka_unit_test(test_buf_put_puts_putc),
	    cmocka_unit_test(test_buf_holds_nul_bytes),
	    cmocka_unit_test(test_buf_grows_and_stays_terminated),
	    cmocka_unit_test(test_buf_grow_reserves),
	    cmocka_unit_test(test_buf_printf_short_and_long),
	    cmocka_unit_test(test_buf_set_truncate_clear),
	    cmocka_unit_test(test_buf_detach),
	    cmocka_unit_test(test_strvec_push_variants),
	    cmocka_unit_test(test_strvec_many_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
