/* test_common.c - lib/common.h: the kept-aside error message, the x*
 * allocation helpers, DT_ARRAY_GROW and the locale-free ASCII helpers. */
#include "unit.h"

#include "common.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- the kept-aside error message ---- */

static void test_error_set_returns_its_code(void **state)
{
	/* no code is positive: 1 ends the table */
	static const int codes[] = {
	    DT_ERROR,   DT_ENOTFOUND, DT_EINVALID, DT_EIO, DT_ECONFIG, DT_EAMBIGUOUS,
	    DT_ETOOBIG, DT_ELOCKED,   DT_EUSAGE,   DT_OK,  1};
	(void)state;
	for (size_t i = 0; codes[i] != 1; i++)
		assert_int_equal(dt_error_set(codes[i], "code %d", codes[i]), codes[i]);
	dt_error_clear();
}

static void test_error_codes_are_distinct_and_negative(void **state)
{
	static const int codes[] = {DT_ERROR,      DT_ENOTFOUND, DT_EINVALID, DT_EIO,    DT_ECONFIG,
	                            DT_EAMBIGUOUS, DT_ETOOBIG,   DT_ELOCKED,  DT_EUSAGE, 0};
	size_t n = 0;
	(void)state;
	assert_int_equal(DT_OK, 0);
	for (size_t i = 0; codes[i]; i++, n++) {
		assert_true(codes[i] < 0);
		for (size_t j = i + 1; codes[j]; j++)
			assert_int_not_equal(codes[i], codes[j]);
	}
	assert_int_equal(n, 9);
}

static void test_error_last_is_formatted_message(void **state)
{
	(void)state;
	dt_error_set(DT_EIO, "%s: cannot read: %s (%d)", "ttmp/x/index.md", "denied", 13);
	assert_string_equal(dt_error_last(), "ttmp/x/index.md: cannot read: denied (13)");
	dt_error_clear();
}

static void test_error_set_replaces_earlier_message(void **state)
{
	(void)state;
	dt_error_set(DT_EIO, "a rather long first message that must disappear entirely");
	dt_error_set(DT_ECONFIG, "short");
	assert_string_equal(dt_error_last(), "short");
	dt_error_clear();
}

static void test_error_clear_leaves_empty_string(void **state)
{
	(void)state;
	dt_error_set(DT_EIO, "something");
	dt_error_clear();
	assert_non_null(dt_error_last());
	assert_string_equal(dt_error_last(), "");
	/* clearing twice is harmless */
	dt_error_clear();
	assert_string_equal(dt_error_last(), "");
}

static int vset_wrapper(int code, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = dt_error_vset(code, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_error_vset_formats_and_returns_code(void **state)
{
	(void)state;
	assert_int_equal(vset_wrapper(DT_EINVALID, "line %zu: %s", (size_t)42, "bad"), DT_EINVALID);
	assert_string_equal(dt_error_last(), "line 42: bad");
	dt_error_clear();
}

/* A message longer than the library keeps is cut, never overflowed. */
static void test_error_very_long_message_is_cut_safely(void **state)
{
	char *big = dt_xmalloc(5001);
	(void)state;
	memset(big, 'e', 5000);
	big[5000] = '\0';
	big[0] = 'S';
	assert_int_equal(dt_error_set(DT_ETOOBIG, "%s", big), DT_ETOOBIG);
	assert_true(strlen(dt_error_last()) > 0);
	assert_true(strlen(dt_error_last()) <= 5000);
	assert_int_equal(dt_error_last()[0], 'S');
	assert_int_equal(strncmp(dt_error_last(), big, strlen(dt_error_last())), 0);
	free(big);
	dt_error_clear();
}

/* ---- allocation helpers ---- */

static void test_xasprintf_short(void **state)
{
	char *s;
	(void)state;
	s = dt_xasprintf("%s-%03d", "VM", 7);
	assert_string_equal(s, "VM-007");
	free(s);
	s = dt_xasprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

/* Lengths around the 256-byte fast path and far beyond it. */
static void test_xasprintf_long_strings(void **state)
{
	static const size_t lengths[] = {254, 255, 256, 257, 1000, 70000, 0};
	(void)state;
	for (size_t i = 0; lengths[i]; i++) {
		size_t n = lengths[i];
		char *part = dt_xmalloc(n + 1), *s;
		for (size_t k = 0; k < n; k++)
			part[k] = (char)('a' + k % 26);
		part[n] = '\0';
		s = dt_xasprintf("<%s>%zu", part, n);
		{
			char *want = dt_xmalloc(n + 32);
			snprintf(want, n + 32, "<%s>%zu", part, n);
			if (strcmp(s, want))
				print_error("length %zu: got %zu bytes\n", n, strlen(s));
			assert_int_equal(strlen(s), strlen(want));
			assert_string_equal(s, want);
			free(want);
		}
		free(part);
		free(s);
	}
}

static void test_xstrndup_copies_n_bytes(void **state)
{
	static const struct {
		const char *src;
		size_t n;
		const char *want;
	} cases[] = {
	    {"hello world", 5, "hello"},          {"hello", 5, "hello"}, {"hello", 0, ""},
	    {"VM-023-IMPROVE-DOCS", 6, "VM-023"}, {NULL, 0, NULL},
	};
	(void)state;
	for (size_t i = 0; cases[i].src; i++) {
		char *s = dt_xstrndup(cases[i].src, cases[i].n);
		assert_non_null(s);
		assert_string_equal(s, cases[i].want);
		/* a copy, not the source */
		assert_ptr_not_equal(s, cases[i].src);
		free(s);
	}
}

static void test_xstrdup_copies(void **state)
{
	const char *src = "a copy";
	char *s = dt_xstrdup(src);
	(void)state;
	assert_ptr_not_equal(s, src);
	assert_string_equal(s, src);
	free(s);
}

static void test_xmalloc_zero_is_freeable(void **state)
{
	void *p = dt_xmalloc(0), *q = dt_xcalloc(0, 0);
	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	free(p);
	free(q);
}

static void test_xcalloc_zeroes(void **state)
{
	int *p = dt_xcalloc(100, sizeof(int));
	(void)state;
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	free(p);
}

static void test_xrealloc_keeps_contents(void **state)
{
	char *p = dt_xmalloc(4);
	(void)state;
	memcpy(p, "abc", 4);
	p = dt_xrealloc(p, 100000);
	assert_string_equal(p, "abc");
	free(p);
}

/* ---- DT_ARRAY_GROW ---- */

static void test_array_grow_from_empty(void **state)
{
	int *items = NULL;
	size_t alloc = 0;
	(void)state;
	DT_ARRAY_GROW(items, alloc, 1);
	assert_non_null(items);
	assert_true(alloc >= 1);
	assert_int_equal(alloc, 8);
	free(items);
}

static void test_array_grow_keeps_contents_and_doubles(void **state)
{
	int *items = NULL;
	size_t alloc = 0, count = 0;
	(void)state;
	for (int i = 0; i < 1000; i++) {
		DT_ARRAY_GROW(items, alloc, count + 1);
		assert_true(alloc >= count + 1);
		items[count++] = i * 3;
	}
	assert_int_equal(alloc, 1024);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(items[i], (int)i * 3);
	free(items);
}

static void test_array_grow_to_a_far_need_at_once(void **state)
{
	long *items = NULL;
	size_t alloc = 0;
	(void)state;
	DT_ARRAY_GROW(items, alloc, 100);
	assert_true(alloc >= 100);
	assert_int_equal(alloc, 128);
	items[99] = 7; /* writable up to need */
	DT_ARRAY_GROW(items, alloc, 129);
	assert_int_equal(alloc, 256);
	assert_int_equal(items[99], 7);
	free(items);
}

static void test_array_grow_no_op_when_big_enough(void **state)
{
	int *items = NULL, *before;
	size_t alloc = 0, none = 0;
	(void)state;
	DT_ARRAY_GROW(items, alloc, 5);
	before = items;
	DT_ARRAY_GROW(items, alloc, 8);
	assert_ptr_equal(items, before);
	assert_int_equal(alloc, 8);
	DT_ARRAY_GROW(items, alloc, none);
	assert_ptr_equal(items, before);
	assert_int_equal(alloc, 8);
	free(items);
}

static void test_array_size(void **state)
{
	static const char *const names[] = {"a", "b", "c"};
	int numbers[17];
	(void)state;
	(void)numbers;
	assert_int_equal(DT_ARRAY_SIZE(names), 3);
	assert_int_equal(DT_ARRAY_SIZE(numbers), 17);
}

/* ---- ASCII comparison ---- */

typedef struct {
	const char *a, *b;
	int sign; /* -1, 0, 1 */
} cmp_case;

static int sign_of(int v)
{
	return (v > 0) - (v < 0);
}

static const cmp_case casecmp_cases[] = {
    {"", "", 0},
    {"abc", "abc", 0},
    {"ABC", "abc", 0},
    {"Vm-023-Improve", "VM-023-IMPROVE", 0},
    {"a", "B", -1},
    {"B", "a", 1},
    {"abc", "abd", -1},
    {"ab", "abc", -1},
    {"abc", "ab", 1},
    {"", "a", -1},
    /* '_' (0x5F) sits between 'Z' and 'a': folding to lower case decides */
    {"_", "A", -1},
    {"[", "a", -1},
    /* non-ASCII bytes are not folded, and compare as unsigned */
    {"\xc3\x89", "\xc3\xa9", -1},
    {"\xff", "a", 1},
    {"\xc9", "\xe9", -1},
    {NULL, NULL, 0},
};

static void test_ascii_casecmp_table(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const cmp_case *c = casecmp_cases; c->a; c++) {
		int got = sign_of(dt_ascii_casecmp(c->a, c->b));
		int rev = sign_of(dt_ascii_casecmp(c->b, c->a));
		if (got != c->sign || rev != -c->sign) {
			print_error("casecmp('%s', '%s'): want %d, got %d (reversed %d)\n", c->a,
			            c->b, c->sign, got, rev);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

typedef struct {
	const char *a, *b;
	size_t n;
	int sign;
} ncmp_case;

static const ncmp_case ncasecmp_cases[] = {
    {"VM-023-IMPROVE", "vm-023", 6, 0},
    {"VM-023-IMPROVE", "vm-023", 7, 1},
    {"abc", "abd", 2, 0},
    {"abc", "abd", 3, -1},
    {"abc", "ABC", 100, 0},
    {"ab", "abc", 3, -1},
    {"anything", "else", 0, 0},
    {"", "", 5, 0},
    {NULL, NULL, 0, 0},
};

static void test_ascii_ncasecmp_table(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const ncmp_case *c = ncasecmp_cases; c->a; c++) {
		int got = sign_of(dt_ascii_ncasecmp(c->a, c->b, c->n));
		if (got != c->sign) {
			print_error("ncasecmp('%s', '%s', %zu): want %d, got %d\n", c->a, c->b,
			            c->n, c->sign, got);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Stops at the first NUL even when n is larger than both strings. */
static void test_ascii_ncasecmp_stops_at_nul(void **state)
{
	char a[8] = {'a', 'b', '\0', 'X', 'X', 'X', 'X', '\0'};
	char b[8] = {'A', 'B', '\0', 'Y', 'Y', 'Y', 'Y', '\0'};
	(void)state;
	assert_int_equal(dt_ascii_ncasecmp(a, b, 8), 0);
	assert_int_equal(dt_ascii_casecmp(a, b), 0);
}

/* ---- character helpers ---- */

typedef struct {
	int c;
	int digit, upper, lower, alpha, alnum, space, xdigit;
	int lowered;
} char_case;

static const char_case char_cases[] = {
    {'0', 1, 0, 0, 0, 1, 0, 1, '0'},
    {'9', 1, 0, 0, 0, 1, 0, 1, '9'},
    {'a', 0, 0, 1, 1, 1, 0, 1, 'a'},
    {'f', 0, 0, 1, 1, 1, 0, 1, 'f'},
    {'g', 0, 0, 1, 1, 1, 0, 0, 'g'},
    {'z', 0, 0, 1, 1, 1, 0, 0, 'z'},
    {'A', 0, 1, 0, 1, 1, 0, 1, 'a'},
    {'F', 0, 1, 0, 1, 1, 0, 1, 'f'},
    {'G', 0, 1, 0, 1, 1, 0, 0, 'g'},
    {'Z', 0, 1, 0, 1, 1, 0, 0, 'z'},
    {'@', 0, 0, 0, 0, 0, 0, 0, '@'},
    {'[', 0, 0, 0, 0, 0, 0, 0, '['},
    {'`', 0, 0, 0, 0, 0, 0, 0, '`'},
    {'{', 0, 0, 0, 0, 0, 0, 0, '{'},
    {'/', 0, 0, 0, 0, 0, 0, 0, '/'},
    {':', 0, 0, 0, 0, 0, 0, 0, ':'},
    {'-', 0, 0, 0, 0, 0, 0, 0, '-'},
    {'_', 0, 0, 0, 0, 0, 0, 0, '_'},
    {' ', 0, 0, 0, 0, 0, 1, 0, ' '},
    {'\t', 0, 0, 0, 0, 0, 1, 0, '\t'},
    {'\n', 0, 0, 0, 0, 0, 1, 0, '\n'},
    {'\r', 0, 0, 0, 0, 0, 1, 0, '\r'},
    {'\f', 0, 0, 0, 0, 0, 1, 0, '\f'},
    {'\v', 0, 0, 0, 0, 0, 1, 0, '\v'},
    {0x7f, 0, 0, 0, 0, 0, 0, 0, 0x7f},
    /* Latin-1 / UTF-8 lead bytes are never letters, whatever the locale */
    {0xc0, 0, 0, 0, 0, 0, 0, 0, 0xc0},
    {0xc9, 0, 0, 0, 0, 0, 0, 0, 0xc9},
    {0xe9, 0, 0, 0, 0, 0, 0, 0, 0xe9},
    {0xa0, 0, 0, 0, 0, 0, 0, 0, 0xa0},
    {0x85, 0, 0, 0, 0, 0, 0, 0, 0x85},
    {0xff, 0, 0, 0, 0, 0, 0, 0, 0xff},
    {-1, 0, 0, 0, 0, 0, 0, 0, 0},
};

static void test_char_helpers_table(void **state)
{
	size_t failures = 0;
	(void)state;
	for (const char_case *k = char_cases; k->c >= 0; k++) {
		int c = k->c;
		int got[8] = {!!dt_isdigit(c), !!dt_isupper(c), !!dt_islower(c),  !!dt_isalpha(c),
		              !!dt_isalnum(c), !!dt_isspace(c), !!dt_isxdigit(c), dt_tolower(c)};
		int want[8] = {k->digit, k->upper, k->lower,  k->alpha,
		               k->alnum, k->space, k->xdigit, k->lowered};
		if (memcmp(got, want, sizeof(got))) {
			print_error(
			    "char 0x%02x: digit upper lower alpha alnum space xdigit tolower\n"
			    "  want %d %d %d %d %d %d %d 0x%02x\n"
			    "  got  %d %d %d %d %d %d %d 0x%02x\n",
			    c, want[0], want[1], want[2], want[3], want[4], want[5], want[6],
			    want[7], got[0], got[1], got[2], got[3], got[4], got[5], got[6],
			    got[7]);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Every byte agrees with <ctype.h> in the "C" locale (the tests never call
 * setlocale, so that is the one in force). */
static void test_char_helpers_match_c_locale_for_every_byte(void **state)
{
	size_t failures = 0;
	(void)state;
	for (int c = 0; c < 256; c++) {
		int ok = !!dt_isdigit(c) == !!isdigit(c) && !!dt_isupper(c) == !!isupper(c) &&
		         !!dt_islower(c) == !!islower(c) && !!dt_isalpha(c) == !!isalpha(c) &&
		         !!dt_isalnum(c) == !!isalnum(c) && !!dt_isspace(c) == !!isspace(c) &&
		         !!dt_isxdigit(c) == !!isxdigit(c) && dt_tolower(c) == tolower(c);
		if (!ok) {
			print_error("byte 0x%02x differs from the C locale\n", c);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static int cmp_key_int(const void *key, const void *element)
{
	int a = *(const int *)key, b = *(const int *)element;
	return (a > b) - (a < b);
}

/* The first element not below the key: before a run of equal ones, after
 * the smaller ones, n past the end, 0 for an empty array. */
static void test_lower_bound(void **state)
{
	static const int v[] = {1, 3, 3, 3, 7, 9};
	const size_t n = sizeof(v) / sizeof(v[0]);
	static const struct {
		int key;
		size_t at;
	} cases[] = {{0, 0}, {1, 0}, {2, 1}, {3, 1}, {4, 4}, {7, 4}, {8, 5}, {9, 5}, {10, 6}};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(dt_lower_bound(&cases[i].key, v, n, sizeof(v[0]), cmp_key_int),
		                 cases[i].at);
	assert_int_equal(dt_lower_bound(&cases[0].key, v, 0, sizeof(v[0]), cmp_key_int), 0);
	assert_int_equal(dt_lower_bound(&cases[3].key, v + 1, 1, sizeof(v[0]), cmp_key_int), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error_set_returns_its_code),
	    cmocka_unit_test(test_error_codes_are_distinct_and_negative),
	    cmocka_unit_test(test_error_last_is_formatted_message),
	    cmocka_unit_test(test_error_set_replaces_earlier_message),
	    cmocka_unit_test(test_error_clear_leaves_empty_string),
	    cmocka_unit_test(test_error_vset_formats_and_returns_code),
	    cmocka_unit_test(test_error_very_long_message_is_cut_safely),
	    cmocka_unit_test(test_xasprintf_short),
	    cmocka_unit_test(test_xasprintf_long_strings),
	    cmocka_unit_test(test_xstrndup_copies_n_bytes),
	    cmocka_unit_test(test_xstrdup_copies),
	    cmocka_unit_test(test_xmalloc_zero_is_freeable),
	    cmocka_unit_test(test_xcalloc_zeroes),
	    cmocka_unit_test(test_xrealloc_keeps_contents),
	    cmocka_unit_test(test_array_grow_from_empty),
	    cmocka_unit_test(test_array_grow_keeps_contents_and_doubles),
	    cmocka_unit_test(test_array_grow_to_a_far_need_at_once),
	    cmocka_unit_test(test_array_grow_no_op_when_big_enough),
	    cmocka_unit_test(test_array_size),
	    cmocka_unit_test(test_ascii_casecmp_table),
	    cmocka_unit_test(test_ascii_ncasecmp_table),
	    cmocka_unit_test(test_ascii_ncasecmp_stops_at_nul),
	    cmocka_unit_test(test_char_helpers_table),
	    cmocka_unit_test(test_char_helpers_match_c_locale_for_every_byte),
	    cmocka_unit_test(test_lower_bound),
	};
	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
