/* test_diaries.c - which files of a ticket folder are its diaries */
#include "unit.h"

#include "common.h"
#include "config.h"
#include "diaries.h"
#include "fileio.h"

#include <stdio.h>
#include <string.h>

/* ---- the writer's diary ---- */

static void find_in(const char *dir, const dt_config *cfg, const char *want)
{
	dt_strvec out = DT_STRVEC_INIT;
	size_t n = dt_diaries_find(&out, dir, cfg);
	if (!want) {
		assert_int_equal(n, 0);
	} else {
		char *full = dt_xasprintf("%s/%s", dir, want);
		if (!n)
			print_error("no diary found in %s\n", dir);
		assert_true(n > 0);
		assert_string_equal(out.items[0], full); /* the writer's */
		free(full);
	}
	dt_strvec_dispose(&out);
}

static void test_diaries_writer(void **state)
{
	const char *tmp = *state;
	dt_config *cfg = dt_config_new();
	char *a = dt_xasprintf("%s/a", tmp), *b = dt_xasprintf("%s/b", tmp);
	char *c = dt_xasprintf("%s/c", tmp), *d = dt_xasprintf("%s/d", tmp);
	char *e = dt_xasprintf("%s/e", tmp);
	dt_buf p = DT_BUF_INIT;

#define PUT(dir, rel, text)                                                                        \
	do {                                                                                       \
		dt_path_join(&p, dir, rel);                                                        \
		tu_put(NULL, p.ptr, text);                                                         \
	} while (0)

	/* none */
	PUT(a, "index.md", "---\nTicket: A-1\n---\n");
	PUT(a, "reference/diary.txt", "not markdown\n");
	find_in(a, cfg, NULL);

	/* the first glob wins over the second, whatever the names */
	PUT(b, "notes/00-diary.md", "# Diary\n");
	PUT(b, "reference/05-diary.md", "# Diary\n");
	find_in(b, cfg, "reference/05-diary.md");
	/* only the second glob matches: any depth, zero folders included */
	PUT(e, "log/deep/work-diary.md", "# Diary\n");
	find_in(e, cfg, "log/deep/work-diary.md");
	PUT(e, "diary.md", "# Diary\n");
	find_in(e, cfg, "diary.md");

	/* Title: Diary wins */
	PUT(c, "reference/01-diary.md", "---\nTitle: Old diary\n---\n");
	PUT(c, "reference/02-diary.md", "---\nTitle: Diary\n---\n");
	PUT(c, "reference/03-diary.md", "no frontmatter\n");
	find_in(c, cfg, "reference/02-diary.md");

	/* else the lowest numeric prefix (as a number, not as text) */
	PUT(d, "reference/10-diary.md", "# Diary\n");
	PUT(d, "reference/2-diary.md", "# Diary\n");
	PUT(d, "reference/diary.md", "# Diary\n");
	find_in(d, cfg, "reference/2-diary.md");
#undef PUT

	dt_buf_dispose(&p);
	dt_config_free(cfg);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
}

/* ---- every diary, the writer's first ---- */

static void all_in(const char *dir, const dt_config *cfg, const char *const *want)
{
	dt_strvec out = DT_STRVEC_INIT;
	size_t n = dt_diaries_find(&out, dir, cfg), k = 0;
	for (; want[k]; k++) {
		char *full = dt_xasprintf("%s/%s", dir, want[k]);
		if (k >= out.count)
			fail_msg("diary %zu missing: %s", k, want[k]);
		assert_string_equal(out.items[k], full);
		free(full);
	}
	assert_int_equal(n, k);
	assert_int_equal(out.count, k);
	dt_strvec_dispose(&out);
}

static void test_diaries_every_one(void **state)
{
	const char *tmp = *state;
	dt_config *cfg = dt_config_new();
	dt_buf p = DT_BUF_INIT;
	static const char *const three[] = {"reference/02-diary.md", "reference/01-diary.md",
	                                    "reference/09-rename-diary.md", "diary/01-diary.md",
	                                    NULL};
	static const char *const outer[] = {"reference/01-diary.md", NULL};
	static const char *const inner[] = {"reference/01-diary.md", NULL};
	char *a = dt_xasprintf("%s/a", tmp), *b = dt_xasprintf("%s/b", tmp);
	char *nested = dt_xasprintf("%s/b/sub--nested", tmp);

#define PUT(dir, rel, text)                                                                        \
	do {                                                                                       \
		dt_path_join(&p, dir, rel);                                                        \
		tu_put(NULL, p.ptr, text);                                                         \
	} while (0)

	/* the writer's (titled) first, then the rest of its glob, then the
	 * second glob's, each once */
	PUT(a, "index.md", "---\nTicket: A-1\n---\n");
	PUT(a, "reference/01-diary.md", "# Diary\n");
	PUT(a, "reference/02-diary.md", "---\nTitle: Diary\n---\n");
	PUT(a, "reference/09-rename-diary.md", "# Diary\n");
	PUT(a, "diary/01-diary.md", "# Diary\n");
	PUT(a, "reference/notes.md", "# Notes\n");
	all_in(a, cfg, three);

	/* a ticket folder inside this one keeps its diaries to itself */
	PUT(b, "index.md", "---\nTicket: B-1\n---\n");
	PUT(b, "reference/01-diary.md", "# Diary\n");
	PUT(b, "sub--nested/index.md", "---\nTicket: B-2\n---\n");
	PUT(b, "sub--nested/reference/01-diary.md", "# Diary\n");
	all_in(b, cfg, outer);
	all_in(nested, cfg, inner);
#undef PUT

	dt_buf_dispose(&p);
	dt_config_free(cfg);
	free(a);
	free(b);
	free(nested);
}

/* ---- the pure choice, as the tree listing feeds it ---- */

static int never_titled(void *payload, const char *rel)
{
	(void)payload;
	(void)rel;
	return 0;
}

static void test_diaries_select(void **state)
{
	dt_config *cfg = dt_config_new();
	dt_strvec files = DT_STRVEC_INIT, out = DT_STRVEC_INIT;
	(void)state;

	assert_int_equal(dt_diaries_select(&out, &files, cfg, never_titled, NULL), 0);
	dt_strvec_push(&files, "notes/x-diary.md");
	dt_strvec_push(&files, "reference/10-diary.md");
	dt_strvec_push(&files, "index.md");
	dt_strvec_push(&files, "reference/2-diary.md");
	assert_int_equal(dt_diaries_select(&out, &files, cfg, never_titled, NULL), 3);
	assert_string_equal(out.items[0], "reference/2-diary.md");
	assert_string_equal(out.items[1], "reference/10-diary.md");
	assert_string_equal(out.items[2], "notes/x-diary.md");
	dt_strvec_dispose(&files);
	dt_strvec_dispose(&out);
	dt_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_diaries_writer, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_diaries_every_one, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_diaries_select),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
