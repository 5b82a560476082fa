#include "unit.h"
#include "hexmap.h"

#include <stdio.h>
#include <string.h>

/* Entries are found by their first 7 digits (case ignored), several per
 * key in the order newest first, and keys that share a hash bucket stay
 * apart. */
static void test_hexmap_finds_by_prefix(void **state)
{
	dt_hexmap m = DT_HEXMAP_INIT;
	int32_t i;
	(void)state;

	assert_int_equal(dt_hexmap_first(&m, "abcdef0"), -1);
	dt_hexmap_add(&m, "abcdef0123", 1, 10);
	dt_hexmap_add(&m, "ABCDEF0999", 2, 20);
	dt_hexmap_add(&m, "1234567", 3, 30);

	i = dt_hexmap_first(&m, "abcdef0");
	assert_true(i >= 0);
	assert_int_equal(m.items[i].a, 2);
	assert_int_equal(m.items[i].b, 20);
	i = dt_hexmap_next(&m, i);
	assert_true(i >= 0);
	assert_int_equal(m.items[i].a, 1);
	assert_int_equal(dt_hexmap_next(&m, i), -1);

	i = dt_hexmap_first(&m, "1234567890abcdef");
	assert_true(i >= 0);
	assert_int_equal(m.items[i].a, 3);
	assert_int_equal(dt_hexmap_next(&m, i), -1);
	assert_int_equal(dt_hexmap_first(&m, "1234568"), -1);
	dt_hexmap_dispose(&m);
	assert_int_equal(m.count, 0);
}

/* Growing past its first 1 024 heads loses nothing. */
static void test_hexmap_grows(void **state)
{
	dt_hexmap m = DT_HEXMAP_INIT;
	char hex[16];
	(void)state;

	for (uint32_t k = 0; k < 5000; k++) {
		snprintf(hex, sizeof(hex), "%07x", k * 7919u);
		dt_hexmap_add(&m, hex, k, 0);
	}
	for (uint32_t k = 0; k < 5000; k++) {
		int32_t i;
		snprintf(hex, sizeof(hex), "%07x", k * 7919u);
		i = dt_hexmap_first(&m, hex);
		assert_true(i >= 0);
		assert_int_equal(m.items[i].a, k);
		assert_int_equal(dt_hexmap_next(&m, i), -1);
	}
	dt_hexmap_dispose(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hexmap_finds_by_prefix),
	    cmocka_unit_test(test_hexmap_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
