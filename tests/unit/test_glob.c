/* test_glob.c - lib/glob.h: the globs of diary.files and diary.bookkeeping
 * (SPEC §1.5, §1.6). */
#include "unit.h"

#include "glob.h"

#include <string.h>

typedef struct {
	const char *pattern, *path;
	int match;
} glob_case;

/* the first default of diary.files */
static const glob_case reference_cases[] = {
    {"reference/*diary*.md", "reference/01-diary.md", 1},
    {"reference/*diary*.md", "reference/01-implementation-diary.md", 1},
    {"reference/*diary*.md", "reference/diary.md", 1},
    {"reference/*diary*.md", "reference/diary-notes.md", 1},
    {"reference/*diary*.md", "01-diary.md", 0},
    {"reference/*diary*.md", "design/01-diary.md", 0},
    {"reference/*diary*.md", "reference/old/01-diary.md", 0},
    {"reference/*diary*.md", "x/reference/01-diary.md", 0},
    {"reference/*diary*.md", "reference/01-diary.md.bak", 0},
    {"reference/*diary*.md", "reference/01-journal.md", 0},
    {"reference/*diary*.md", "reference/", 0},
    {"reference/*diary*.md", "reference", 0},
    {NULL, NULL, 0},
};

/* the second: "**" matches zero or more whole segments */
static const glob_case doublestar_cases[] = {
    {"**/*diary*.md", "01-diary.md", 1},
    {"**/*diary*.md", "reference/01-diary.md", 1},
    {"**/*diary*.md", "a/b/c/01-diary.md", 1},
    {"**/*diary*.md", "a/b/c/notes.md", 0},
    {"**/*diary*.md", "a/diary/notes.md", 0},
    {"**/*diary*.md", "a/b/c/01-diary.txt", 0},
    {"a/**/b.md", "a/b.md", 1},
    {"a/**/b.md", "a/x/b.md", 1},
    {"a/**/b.md", "a/x/y/z/b.md", 1},
    {"a/**/b.md", "ab.md", 0},
    {"a/**/b.md", "x/a/b.md", 0},
    {"a/**/b.md", "a/x/b.mdx", 0},
    {"ttmp/**", "ttmp/2026/02/14/X--y/reference/01-diary.md", 1},
    {"ttmp/**", "ttmp/index.md", 1},
    {"ttmp/**", "ttmpx/index.md", 0},
    {"ttmp/**", "src/ttmp/index.md", 0},
    {"**", "a/b/c", 1},
    {"**", "a", 1},
    {NULL, NULL, 0},
};

/* "*", "?" and "[...]" stay within one segment */
static const glob_case segment_cases[] = {
    {"*", "a", 1},
    {"*", "a/b", 0},
    {"*.md", "a.md", 1},
    {"*.md", "a/b.md", 0},
    {"*/*.md", "a/b.md", 1},
    {"*/*.md", "a/b/c.md", 0},
    {"a*b", "a/b", 0},
    {"a?b", "a/b", 0},
    {"a?b", "axb", 1},
    {"reference/0?-diary.md", "reference/01-diary.md", 1},
    {"reference/0?-diary.md", "reference/001-diary.md", 0},
    {"reference/[0-9][0-9]-diary.md", "reference/07-diary.md", 1},
    {"reference/[0-9][0-9]-diary.md", "reference/ab-diary.md", 0},
    {"docs/*.md", "docs/README.md", 1},
    {"reference/01-diary.md", "reference/01-diary.md", 1},
    {"reference/01-diary.md", "reference/02-diary.md", 0},
    {"Reference/01-diary.md", "reference/01-diary.md", 0},
    {NULL, NULL, 0},
};

/* a leading "./" on either side changes nothing */
static const glob_case dot_slash_cases[] = {
    {"./reference/*diary*.md", "reference/01-diary.md", 1},
    {"reference/*diary*.md", "./reference/01-diary.md", 1},
    {"./reference/*diary*.md", "./reference/01-diary.md", 1},
    {"./**/*diary*.md", "01-diary.md", 1},
    {"./**/*diary*.md", "./a/b/c/01-diary.md", 1},
    {"./reference/*diary*.md", "design/01-diary.md", 0},
    {NULL, NULL, 0},
};

static void run_table(const glob_case *cases)
{
	int failed = 0;
	for (const glob_case *c = cases; c->pattern; c++) {
		int got = dt_glob_match(c->pattern, c->path);
		if (got != c->match) {
			print_error("dt_glob_match(\"%s\", \"%s\") = %d, want %d\n", c->pattern,
			            c->path, got, c->match);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

static void test_glob_reference_default(void **state)
{
	(void)state;
	run_table(reference_cases);
}

static void test_glob_doublestar_depths(void **state)
{
	(void)state;
	run_table(doublestar_cases);
}

static void test_glob_star_within_segment(void **state)
{
	(void)state;
	run_table(segment_cases);
}

static void test_glob_leading_dot_slash(void **state)
{
	(void)state;
	run_table(dot_slash_cases);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_glob_reference_default),
	    cmocka_unit_test(test_glob_doublestar_depths),
	    cmocka_unit_test(test_glob_star_within_segment),
	    cmocka_unit_test(test_glob_leading_dot_slash),
	};
	return cmocka_run_group_tests_name("test_glob", tests, NULL, NULL);
}
