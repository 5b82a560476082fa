/* lib/markdown.h: code fences. */
#include "unit.h"

#include "markdown.h"

#include <string.h>

typedef struct {
	const char *line;
	int fence; /* expected character, 0 for none */
	size_t n;
} fence_case;

static const fence_case fence_cases[] = {
    {"```", '`', 3},     {"````text", '`', 4}, {"~~~", '~', 3},   {"   ```", '`', 3},
    {"    ```", 0, 0},   {"``", 0, 0},         {"~~", 0, 0},      {"text ```", 0, 0},
    {"```bash", '`', 3}, {"", 0, 0},           {"~~~~~", '~', 5}, {NULL, 0, 0},
};

static void test_markdown_fence_table(void **state)
{
	(void)state;
	for (const fence_case *c = fence_cases; c->line; c++) {
		size_t n = 0;
		int got = dt_md_fence(c->line, strlen(c->line), &n);
		if (got != c->fence)
			print_error("'%s': want %d, got %d\n", c->line, c->fence, got);
		assert_int_equal(got, c->fence);
		if (got)
			assert_int_equal(n, c->n);
	}
}

static void test_markdown_closing_fence_has_no_info_string(void **state)
{
	(void)state;
	assert_true(dt_md_fence_closes("```", 3, '`', 3));
	assert_true(dt_md_fence_closes("`````  ", 7, '`', 3));
	assert_false(dt_md_fence_closes("```bash", 7, '`', 3));
	assert_false(dt_md_fence_closes("``", 2, '`', 3));
	assert_false(dt_md_fence_closes("```", 3, '`', 4)); /* shorter than the opening */
	assert_false(dt_md_fence_closes("~~~", 3, '`', 3)); /* another character */
}

/* A whole document: which lines are content (0) and which are fenced (1). */
static void test_markdown_fencer_walks_a_document(void **state)
{
	static const struct {
		const char *line;
		int fenced;
	} doc[] = {
	    {"# Title", 0},      {"```text", 1}, {"**Commit:** x", 1}, {"```bash", 1},
	    {"still inside", 1}, {"```", 1},     {"after", 0},         {"~~~~", 1},
	    {"```", 1},          {"~~~~~", 1},   {"out again", 0},     {NULL, 0},
	};
	dt_md_fencer f = DT_MD_FENCER_INIT;

	(void)state;
	for (size_t i = 0; doc[i].line; i++) {
		int got = dt_md_fenced(&f, doc[i].line, strlen(doc[i].line));
		if (got != doc[i].fenced)
			print_error("line %zu '%s': want %d, got %d\n", i + 1, doc[i].line,
			            doc[i].fenced, got);
		assert_int_equal(got, doc[i].fenced);
	}
	assert_int_equal(f.fence, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_fence_table),
	    cmocka_unit_test(test_markdown_closing_fence_has_no_info_string),
	    cmocka_unit_test(test_markdown_fencer_walks_a_document),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
