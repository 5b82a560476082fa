/* test_regex.c - pcre2 behind diarist's conventions (lib/regex.h): named
 * groups, offsets, and match limits that turn a catastrophic pattern into
 * an error instead of a hang (SPEC §7). */
#include "unit.h"

#include "common.h"
#include "regex.h"

#include <string.h>
#include <time.h>

static dt_regex *compile_ok(const char *pattern, unsigned flags)
{
	dt_regex *re = NULL;
	int rc = dt_regex_compile(&re, pattern, flags, "test");
	if (rc)
		print_error("%s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_non_null(re);
	return re;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_regex_compile_keeps_pattern(void **state)
{
	dt_regex *re = compile_ok("(?<ref>VM-\\d+)", 0);

	(void)state;
	assert_string_equal(dt_regex_pattern(re), "(?<ref>VM-\\d+)");
	assert_int_equal(dt_regex_has_group(re, "ref"), 1);
	assert_int_equal(dt_regex_has_group(re, "other"), 0);
	assert_int_equal(dt_regex_has_group(re, "REF"), 0);
	dt_regex_free(re);
	dt_regex_free(NULL);
}

static void test_regex_compile_errors_name_origin(void **state)
{
	static const struct {
		const char *pattern, *msg;
	} cases[] = {
	    {"x(", ".diarist.yaml:3:7: invalid pattern 'x(' at offset 2: missing closing "
	           "parenthesis"},
	    {"[a-", ".diarist.yaml:3:7: invalid pattern '[a-' at offset 3: missing terminating ] "
	            "for character class"},
	    {"(?<ref>a)(?<ref>b)", ".diarist.yaml:3:7: invalid pattern '(?<ref>a)(?<ref>b)' at "
	                           "offset 16: two named subpatterns have the same name "
	                           "(PCRE2_DUPNAMES not set)"},
	    {"a{2,1}", ".diarist.yaml:3:7: invalid pattern 'a{2,1}' at offset 5: numbers out of "
	               "order in {} quantifier"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].pattern; i++) {
		dt_regex *re = (dt_regex *)1;
		assert_int_equal(dt_regex_compile(&re, cases[i].pattern, 0, ".diarist.yaml:3:7"),
		                 DT_ECONFIG);
		assert_null(re);
		assert_string_equal(dt_error_last(), cases[i].msg);
	}
}

static void test_regex_match_whole_and_named_group(void **state)
{
	static const struct {
		const char *pattern, *subject, *group;
		int rc;
		size_t start, len;
	} cases[] = {
	    {"VM-\\d+", "feat(VM-017): x", NULL, 1, 5, 6},
	    {"VM-\\d+", "feat(vm-017): x", NULL, 0, 0, 0},
	    {"\\((?<ref>[A-Za-z]+-\\d+)\\)", "feat(vm-017): x", "ref", 1, 5, 6},
	    {"\\((?<ref>[A-Za-z]+-\\d+)\\)", "feat(vm-017): x", NULL, 1, 4, 8},
	    /* a group name the pattern lacks: the whole match */
	    {"\\((?<ref>[A-Za-z]+-\\d+)\\)", "feat(vm-017): x", "nope", 1, 4, 8},
	    /* the named group took no part: no ref */
	    {"(?<ref>X-\\d+)|none", "none here", "ref", 0, 0, 0},
	    {"(?<ref>X-\\d+)|none", "see X-12", "ref", 1, 4, 4},
	    {"^$", "", NULL, 1, 0, 0},
	    {"caf\xc3\xa9", "un caf\xc3\xa9", NULL, 1, 3, 5},
	    {NULL, NULL, NULL, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].pattern; i++) {
		dt_regex *re = compile_ok(cases[i].pattern, 0);
		size_t start = 999, len = 999;
		int rc = dt_regex_match(re, cases[i].subject, strlen(cases[i].subject), 0,
		                        cases[i].group, &start, &len);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 1) {
			assert_int_equal(start, cases[i].start);
			assert_int_equal(len, cases[i].len);
		}
		dt_regex_free(re);
	}
}

static void test_regex_match_null_outputs_allowed(void **state)
{
	dt_regex *re = compile_ok("b", 0);

	(void)state;
	assert_int_equal(dt_regex_match(re, "abc", 3, 0, NULL, NULL, NULL), 1);
	assert_int_equal(dt_regex_match(re, "abc", 3, 0, "x", NULL, NULL), 1);
	dt_regex_free(re);
}

static void test_regex_match_offset_and_length(void **state)
{
	dt_regex *re = compile_ok("T-\\d", 0), *anch = compile_ok("^a", 0);
	static const char subject[] = "T-1 T-2 T-3";
	size_t start = 0, len = 0;

	(void)state;
	assert_int_equal(dt_regex_match(re, subject, 11, 1, NULL, &start, &len), 1);
	assert_int_equal(start, 4);
	assert_int_equal(len, 3);
	assert_int_equal(dt_regex_last_end(re), 7);
	assert_int_equal(dt_regex_match(re, subject, 11, 8, NULL, &start, &len), 1);
	assert_int_equal(start, 8);
	/* only `len` bytes are subject: "T-3" lies beyond */
	assert_int_equal(dt_regex_match(re, subject, 9, 5, NULL, &start, &len), 0);
	assert_int_equal(dt_regex_match(re, subject, 11, 11, NULL, &start, &len), 0);
	/* ^ is the start of the subject, not of the offset */
	assert_int_equal(dt_regex_match(anch, "ba", 2, 1, NULL, NULL, NULL), 0);
	assert_int_equal(dt_regex_match(anch, "ab", 2, 0, NULL, NULL, NULL), 1);
	dt_regex_free(re);
	dt_regex_free(anch);
}

static void test_regex_caseless_flag(void **state)
{
	dt_regex *cs = compile_ok("^merge ", 0), *ci = compile_ok("^merge ", DT_REGEX_CASELESS);

	(void)state;
	assert_int_equal(dt_regex_match(cs, "Merge x", 7, 0, NULL, NULL, NULL), 0);
	assert_int_equal(dt_regex_match(ci, "Merge x", 7, 0, NULL, NULL, NULL), 1);
	assert_int_equal(dt_regex_match(ci, "MERGE x", 7, 0, NULL, NULL, NULL), 1);
	dt_regex_free(cs);
	dt_regex_free(ci);
}

/* Messages may hold any bytes: invalid UTF-8 is matched around, not fatal. */
static void test_regex_invalid_utf8_subject(void **state)
{
	dt_regex *re = compile_ok("(?<ref>VM-\\d+)", 0);
	static const char subject[] = "\xff\xfe VM-7 \xc3\x28";
	size_t start = 0, len = 0;

	(void)state;
	assert_int_equal(dt_regex_match(re, subject, sizeof(subject) - 1, 0, "ref", &start, &len),
	                 1);
	assert_int_equal(start, 3);
	assert_int_equal(len, 4);
	assert_int_equal(dt_regex_match(re, "\xff\xff\xff", 3, 0, "ref", &start, &len), 0);
	dt_regex_free(re);
}

/* Embedded NULs are bytes like any other. */
static void test_regex_subject_with_nul(void **state)
{
	dt_regex *re = compile_ok("X-\\d", 0);
	static const char subject[] = "a\0b X-1";
	size_t start = 0;

	(void)state;
	assert_int_equal(dt_regex_match(re, subject, sizeof(subject) - 1, 0, NULL, &start, NULL),
	                 1);
	assert_int_equal(start, 4);
	dt_regex_free(re);
}

static void test_regex_catastrophic_pattern_is_error_not_hang(void **state)
{
	static const struct {
		const char *pattern, *subject;
	} cases[] = {
	    {"(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"},
	    {"(a|aa)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"},
	    {"^(\\w+\\s?)*$", "an example sentence that goes on and on for a while to blow up!"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].pattern; i++) {
		dt_regex *re = compile_ok(cases[i].pattern, 0);
		struct timespec t0;
		char *want = dt_xasprintf("pattern '%s' failed: ", cases[i].pattern);
		int rc;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = dt_regex_match(re, cases[i].subject, strlen(cases[i].subject), 0, NULL, NULL,
		                    NULL);
		assert_true(seconds_since(&t0) < 2.0);
		assert_int_equal(rc, DT_ERROR);
		assert_true(!strncmp(dt_error_last(), want, strlen(want)));
		/* the compiled pattern stays usable */
		assert_int_equal(dt_regex_match(re, "aaa", 3, 0, NULL, NULL, NULL), 1);
		free(want);
		dt_regex_free(re);
	}
}

/* The limits do not stop honest work on large input. */
static void test_regex_large_subject_matches(void **state)
{
	dt_regex *re = compile_ok("(?<ref>\\bVM-\\d{3}\\b)", 0);
	size_t n = 4u * 1024 * 1024;
	char *subject = dt_xmalloc(n);
	size_t start = 0, len = 0;

	(void)state;
	memset(subject, 'x', n);
	memcpy(subject + n - 10, " VM-123 ", 8);
	assert_int_equal(dt_regex_match(re, subject, n, 0, "ref", &start, &len), 1);
	assert_int_equal(start, n - 9);
	assert_int_equal(len, 6);
	free(subject);
	dt_regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regex_compile_keeps_pattern),
	    cmocka_unit_test(test_regex_compile_errors_name_origin),
	    cmocka_unit_test(test_regex_match_whole_and_named_group),
	    cmocka_unit_test(test_regex_match_null_outputs_allowed),
	    cmocka_unit_test(test_regex_match_offset_and_length),
	    cmocka_unit_test(test_regex_caseless_flag),
	    cmocka_unit_test(test_regex_invalid_utf8_subject),
	    cmocka_unit_test(test_regex_subject_with_nul),
	    cmocka_unit_test(test_regex_catastrophic_pattern_is_error_not_hang),
	    cmocka_unit_test(test_regex_large_subject_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
