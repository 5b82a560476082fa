/* test_placement.c - where a commit record goes (SPEC §4.2) and how the
 * diary is changed (§4.3), as data.
 *
 * Each case in tests/data/placement/ is three files:
 *   NAME.before.md   the diary before the commit
 *   NAME.after.md    the diary after it, written by hand from the SPEC
 *   NAME.args        one "key value" a line:
 *     hex <40 hex>           the commit
 *     abbrev <7+ hex>        the hash as written
 *     subject <text>         its subject
 *     tests <line>           the whole "**Tests:** ..." line to attach
 *     step <N>               a "Diary-Step: N" trailer
 *     mode last-step         diary.new_commit: last-step (else new-step)
 *     placed <what>          expected dt_placement.placed: already,
 *                            named-step, placeholder, last-step, new-step
 *     at-step <N>            expected dt_placement.step
 *     new-diary <ID>         rule 6: no NAME.before.md; the diary is
 *                            dt_diaryedit_new_diary(ID, topics, when, offset)
 *     topic <word>           (new-diary) one per line, in order
 *     when <epoch seconds>   (new-diary) the commit time
 *     offset <minutes>       (new-diary) its UTC offset
 * dt_place_record must turn .before into .after byte for byte, and running
 * it again on .after with the same commit must change nothing (rule 1). */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "fileio.h"
#include "frontmatter.h"
#include "recorder.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define CASES TEST_DATA "/placement"
#define NO_STEP LONG_MIN /* at-step not given */

/* The words of "placed", and what dt_place_record says for each: a new
 * diary (rule 6) gets its first step by rule 5. */
static const struct {
	const char *name;
	dt_placed placed;
} placed_names[] = {
    {"none", DT_PLACED_NONE},
    {"already", DT_PLACED_ALREADY},
    {"named-step", DT_PLACED_NAMED_STEP},
    {"placeholder", DT_PLACED_PLACEHOLDER},
    {"last-step", DT_PLACED_LAST_STEP},
    {"new-step", DT_PLACED_NEW_STEP},
    {"new-diary", DT_PLACED_NEW_STEP},
    {NULL, DT_PLACED_NONE},
};

/* Index in placed_names, or -1. */
static int placed_from_name(const char *s)
{
	for (int i = 0; placed_names[i].name; i++)
		if (!strcmp(placed_names[i].name, s))
			return i;
	return -1;
}

/* ---- one case ---- */

typedef struct {
	const char *name;
	dt_buf before, after, out, out2, fresh;
	dt_strvec topics;
	char *hex, *abbrev, *subject, *tests, *new_diary;
	long step, at_step, offset;
	long long when;
	int last_step, placed, has_offset, has_when;
} placement_case;

static int case_teardown(void **state)
{
	placement_case *c = *state;
	if (!c)
		return 0;
	dt_buf_dispose(&c->before);
	dt_buf_dispose(&c->after);
	dt_buf_dispose(&c->out);
	dt_buf_dispose(&c->out2);
	dt_buf_dispose(&c->fresh);
	dt_strvec_dispose(&c->topics);
	free(c->hex);
	free(c->abbrev);
	free(c->subject);
	free(c->tests);
	free(c->new_diary);
	free(c);
	return 0;
}

static int read_case_file(dt_buf *out, const char *name, const char *ext)
{
	dt_buf path = DT_BUF_INIT;
	int rc;
	dt_buf_printf(&path, "%s/%s%s", CASES, name, ext);
	rc = dt_file_read(out, path.ptr, DT_FILE_MAX);
	if (rc)
		print_error("%s\n", dt_error_last());
	dt_buf_dispose(&path);
	return rc;
}

/* Parse NAME.args; returns 0, or -1 with a message. */
static int parse_args(placement_case *c, const char *text)
{
	const char *p = text;
	size_t lineno = 0;

	while (*p) {
		const char *nl = strchr(p, '\n'), *sp;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *key, *val;
		int bad = 0;

		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (!n) {
			p = nl ? nl + 1 : p + strlen(p);
			continue;
		}
		sp = memchr(p, ' ', n);
		if (!sp) {
			print_error("%s.args:%zu: no value\n", c->name, lineno);
			return -1;
		}
		key = dt_xstrndup(p, (size_t)(sp - p));
		val = dt_xstrndup(sp + 1, n - (size_t)(sp - p) - 1);
		if (!strcmp(key, "hex")) {
			free(c->hex);
			c->hex = val;
			val = NULL;
		} else if (!strcmp(key, "abbrev")) {
			free(c->abbrev);
			c->abbrev = val;
			val = NULL;
		} else if (!strcmp(key, "subject")) {
			free(c->subject);
			c->subject = val;
			val = NULL;
		} else if (!strcmp(key, "tests")) {
			free(c->tests);
			c->tests = val;
			val = NULL;
		} else if (!strcmp(key, "new-diary")) {
			free(c->new_diary);
			c->new_diary = val;
			val = NULL;
		} else if (!strcmp(key, "topic")) {
			dt_strvec_push(&c->topics, val);
		} else if (!strcmp(key, "step")) {
			c->step = strtol(val, NULL, 10);
		} else if (!strcmp(key, "at-step")) {
			c->at_step = strtol(val, NULL, 10);
		} else if (!strcmp(key, "offset")) {
			c->offset = strtol(val, NULL, 10);
			c->has_offset = 1;
		} else if (!strcmp(key, "when")) {
			c->when = strtoll(val, NULL, 10);
			c->has_when = 1;
		} else if (!strcmp(key, "mode")) {
			if (!strcmp(val, "last-step"))
				c->last_step = 1;
			else if (strcmp(val, "new-step"))
				bad = 1;
		} else if (!strcmp(key, "placed")) {
			c->placed = placed_from_name(val);
			bad = c->placed < 0;
		} else {
			bad = 1;
		}
		if (bad)
			print_error("%s.args:%zu: bad line \"%.*s\"\n", c->name, lineno, (int)n, p);
		free(key);
		free(val);
		if (bad)
			return -1;
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (!c->hex || !c->abbrev || !c->subject) {
		print_error("%s.args: hex, abbrev and subject are required\n", c->name);
		return -1;
	}
	if (c->new_diary && (!c->has_when || !c->has_offset)) {
		print_error("%s.args: new-diary needs when and offset\n", c->name);
		return -1;
	}
	return 0;
}

static int case_setup(void **state)
{
	placement_case *c = dt_xcalloc(1, sizeof(*c));
	dt_buf args = DT_BUF_INIT;
	int rc;

	c->name = *state;
	dt_buf_init(&c->before);
	dt_buf_init(&c->after);
	dt_buf_init(&c->out);
	dt_buf_init(&c->out2);
	dt_buf_init(&c->fresh);
	c->step = -1;
	c->at_step = NO_STEP;
	c->placed = -1;
	*state = c;
	rc = read_case_file(&args, c->name, ".args");
	if (!rc)
		rc = parse_args(c, args.ptr);
	dt_buf_dispose(&args);
	if (!rc && !c->new_diary)
		rc = read_case_file(&c->before, c->name, ".before.md");
	if (!rc)
		rc = read_case_file(&c->after, c->name, ".after.md");
	return rc ? -1 : 0;
}

/* Say where two texts part, and show what came out. */
static void report_difference(const char *name, const dt_buf *want, const dt_buf *got)
{
	size_t i = 0, line = 1;
	while (i < want->size && i < got->size && want->ptr[i] == got->ptr[i]) {
		if (want->ptr[i] == '\n')
			line++;
		i++;
	}
	print_error("%s: output differs from %s.after.md at byte %zu (line %zu); "
	            "%zu bytes expected, %zu produced. Output:\n%s\n--- end of output\n",
	            name, name, i, line, want->size, got->size, got->ptr);
}

static void placement_init(dt_placement *pl, const placement_case *c)
{
	memset(pl, 0, sizeof(*pl));
	pl->hex = c->hex;
	pl->abbrev = c->abbrev;
	pl->subject = c->subject;
	pl->tests_line = c->tests;
	pl->diary_step = c->step;
	pl->new_commit = c->last_step ? DT_NEW_COMMIT_LAST_STEP : DT_NEW_COMMIT_NEW_STEP;
}

static void test_placement_case(void **state)
{
	placement_case *c = *state;
	const dt_buf *in = &c->before;
	dt_buf path = DT_BUF_INIT;
	dt_placement pl;
	int rc;

	dt_buf_printf(&path, "%s.before.md", c->name);
	if (c->new_diary) {
		dt_diaryedit_new_diary(&c->fresh, c->new_diary, c->topics.count ? &c->topics : NULL,
		                       (int64_t)c->when, (int)c->offset);
		in = &c->fresh;
	}
	placement_init(&pl, c);
	rc = dt_diaryedit_place(&c->out, in->ptr, in->size, path.ptr, &pl);
	dt_buf_dispose(&path);
	if (rc)
		print_error("%s: %s\n", c->name, dt_error_last());
	assert_int_equal(rc, 0);
	if (c->out.size != c->after.size || memcmp(c->out.ptr, c->after.ptr, c->out.size))
		report_difference(c->name, &c->after, &c->out);
	assert_int_equal(c->out.size, c->after.size);
	assert_memory_equal(c->out.ptr, c->after.ptr, c->after.size);
	if (c->placed >= 0)
		assert_int_equal(pl.placed, placed_names[c->placed].placed);
	if (c->at_step != NO_STEP)
		assert_int_equal(pl.step, c->at_step);

	/* again, on the result, with the same commit: rule 1, nothing to do */
	placement_init(&pl, c);
	rc = dt_diaryedit_place(&c->out2, c->after.ptr, c->after.size, "after.md", &pl);
	assert_int_equal(rc, 0);
	assert_int_equal(pl.placed, DT_PLACED_ALREADY);
	if (c->out2.size != c->after.size || memcmp(c->out2.ptr, c->after.ptr, c->out2.size))
		report_difference(c->name, &c->after, &c->out2);
	assert_int_equal(c->out2.size, c->after.size);
	assert_memory_equal(c->out2.ptr, c->after.ptr, c->after.size);
}

/* ---- the folder as a whole ---- */

static void test_placement_data_folder_has_cases(void **state)
{
	dt_strvec names = DT_STRVEC_INIT;
	(void)state;
	tu_list_cases(&names, CASES, ".args");
	print_message("%zu placement cases\n", names.count);
	assert_true(names.count >= 40);
	dt_strvec_dispose(&names);
}

/* Every file belongs to a case: no .before or .after without .args, and
 * every .args has its .after (and its .before, unless new-diary). */
static void test_placement_files_pair_up(void **state)
{
	dt_strvec args = DT_STRVEC_INIT, before = DT_STRVEC_INIT, after = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	(void)state;

	tu_list_cases(&args, CASES, ".args");
	tu_list_cases(&before, CASES, ".before.md");
	tu_list_cases(&after, CASES, ".after.md");
	for (size_t i = 0; i < before.count; i++) {
		if (!dt_strvec_contains(&args, before.items[i]))
			print_error("%s.before.md has no .args\n", before.items[i]);
		assert_true(dt_strvec_contains(&args, before.items[i]));
	}
	for (size_t i = 0; i < after.count; i++) {
		if (!dt_strvec_contains(&args, after.items[i]))
			print_error("%s.after.md has no .args\n", after.items[i]);
		assert_true(dt_strvec_contains(&args, after.items[i]));
	}
	for (size_t i = 0; i < args.count; i++) {
		int fresh;
		dt_buf_clear(&path);
		dt_buf_printf(&path, "%s/%s.args", CASES, args.items[i]);
		assert_int_equal(dt_file_read(&text, path.ptr, DT_FILE_MAX), 0);
		fresh = strstr(text.ptr, "new-diary ") != NULL;
		if (!dt_strvec_contains(&after, args.items[i]) ||
		    fresh == dt_strvec_contains(&before, args.items[i]))
			print_error("%s: files missing or extra\n", args.items[i]);
		assert_true(dt_strvec_contains(&after, args.items[i]));
		assert_int_equal(fresh, !dt_strvec_contains(&before, args.items[i]));
	}
	dt_strvec_dispose(&args);
	dt_strvec_dispose(&before);
	dt_strvec_dispose(&after);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

/* Each rule of §4.2 (1-6) has at least one case, by its "placed" line. */
static void test_placement_every_rule_has_a_case(void **state)
{
	dt_strvec names = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int seen[7] = {0};
	int last_step_mode = 0, with_tests = 0, named = 0;
	(void)state;

	tu_list_cases(&names, CASES, ".args");
	for (size_t i = 0; i < names.count; i++) {
		const char *p;
		dt_buf_clear(&path);
		dt_buf_printf(&path, "%s/%s.args", CASES, names.items[i]);
		assert_int_equal(dt_file_read(&text, path.ptr, DT_FILE_MAX), 0);
		if ((p = strstr(text.ptr, "placed ")) != NULL && (p == text.ptr || p[-1] == '\n')) {
			char word[32];
			if (sscanf(p + 7, "%31s", word) == 1 && placed_from_name(word) >= 0)
				seen[placed_from_name(word)]++;
		}
		last_step_mode += strstr(text.ptr, "mode last-step") != NULL;
		with_tests += strstr(text.ptr, "\ntests ") != NULL;
		named += strstr(text.ptr, "\nstep ") != NULL;
	}
	for (int k = 1; k < 7; k++) {
		print_message("%-12s %d cases\n", placed_names[k].name, seen[k]);
		assert_true(seen[k] > 0);
	}
	assert_true(last_step_mode > 0);
	assert_true(with_tests > 0);
	assert_true(named > 0);
	dt_strvec_dispose(&names);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

/* Rule 6's frontmatter: all 13 docmgr keys, in docmgr's order, 4-space
 * list indent, DocType reference, Title Diary, Ticket the ID. */
static void test_placement_new_diary_frontmatter(void **state)
{
	static const char *const keys[] = {
	    "Title",           "Ticket",  "Status",      "Topics",
	    "DocType",         "Intent",  "Owners",      "RelatedFiles",
	    "ExternalSources", "Summary", "LastUpdated", "WhatFor",
	    "WhenToUse",       NULL};
	dt_buf text = DT_BUF_INIT;
	dt_strvec topics = DT_STRVEC_INIT;
	dt_ynode *fm = NULL;
	const char *p;
	size_t k = 0;
	int64_t when = 0;
	(void)state;

	dt_strvec_push(&topics, "backend");
	dt_strvec_push(&topics, "tooling");
	dt_diaryedit_new_diary(&text, "VM-030-RECORDER", &topics, 1771082430, 330);
	assert_true(!strncmp(text.ptr, "---\n", 4));
	/* the top-level keys, in order */
	for (p = text.ptr + 4; strncmp(p, "---\n", 4); p = strchr(p, '\n') + 1) {
		assert_non_null(strchr(p, '\n'));
		if (*p == ' ') {
			assert_true(!strncmp(p, "    - ", 6));
			continue;
		}
		assert_non_null(keys[k]);
		assert_true(!strncmp(p, keys[k], strlen(keys[k])));
		assert_int_equal(p[strlen(keys[k])], ':');
		k++;
	}
	assert_int_equal(k, 13);
	assert_int_equal(dt_frontmatter_parse(&fm, text.ptr, text.size, "new.md"), 0);
	assert_string_equal(dt_frontmatter_str(fm, "Title"), "Diary");
	assert_string_equal(dt_frontmatter_str(fm, "Ticket"), "VM-030-RECORDER");
	assert_string_equal(dt_frontmatter_str(fm, "DocType"), "reference");
	assert_string_equal(dt_frontmatter_str(fm, "LastUpdated"), "2026-02-14T20:50:30+05:30");
	assert_int_equal(dt_parse_datetime(&when, dt_frontmatter_str(fm, "LastUpdated")), 0);
	assert_int_equal(when, 1771082430);
	assert_non_null(strstr(text.ptr, "\n---\n\n# Diary\n\n## Goal\n"));
	dt_ynode_free(fm);
	fm = NULL;

	/* no topics: an empty list, still 13 keys */
	dt_diaryedit_new_diary(&text, "X-1", NULL, 0, 0);
	assert_non_null(strstr(text.ptr, "\nTopics: []\n"));
	assert_non_null(strstr(text.ptr, "\nLastUpdated: 1970-01-01T00:00:00+00:00\n"));
	assert_int_equal(dt_frontmatter_parse(&fm, text.ptr, text.size, "new.md"), 0);
	assert_string_equal(dt_frontmatter_str(fm, "Ticket"), "X-1");
	dt_ynode_free(fm);
	dt_strvec_dispose(&topics);
	dt_buf_dispose(&text);
}

/* A diary the parser will not touch is not written (SPEC §7). */
static void test_placement_bad_diary_refused(void **state)
{
	static const char nul[] = "## Step 1: A\n\n**Commit (code):** pen\0ding\n";
	dt_buf out = DT_BUF_INIT;
	dt_placement pl;
	(void)state;

	memset(&pl, 0, sizeof(pl));
	pl.hex = "c0ffee1234567890abcdef1234567890abcdef12";
	pl.abbrev = "c0ffee1";
	pl.subject = "s";
	pl.diary_step = -1;
	dt_error_clear();
	assert_int_equal(dt_diaryedit_place(&out, nul, sizeof(nul) - 1, "r/01-diary.md", &pl),
	                 DT_EINVALID);
	print_message("%s\n", dt_error_last());
	assert_int_equal(strncmp(dt_error_last(), "r/01-diary.md:3:", 16), 0);
	assert_int_equal(pl.placed, DT_PLACED_NONE);
	dt_buf_dispose(&out);
}

/* Found by fuzzing: a code fence that never closes swallows the rest of
 * the diary, so a step appended at the end was code, and placing the same
 * commit again did not find it. Such a diary is refused with the fence's
 * line, and left as it is. */
static void test_placement_unclosed_fence_refused(void **state)
{
	static const char text[] = "# Diary\n\n## Step 1: One\n\n"
	                           "**Commit (code):** pending\n\n```\nnot closed\n\n"
	                           "## Step 2: Two\n\n**Commit (code):** pending\n";
	dt_buf out = DT_BUF_INIT;
	dt_placement pl;

	(void)state;
	memset(&pl, 0, sizeof(pl));
	pl.abbrev = "a64aead";
	pl.hex = "a64aead00000000000000000000000000000000";
	pl.subject = "VM-1: x";
	pl.diary_step = -1;
	assert_int_equal(dt_diaryedit_place(&out, text, sizeof(text) - 1, "d.md", &pl),
	                 DT_EINVALID);
	assert_non_null(
	    strstr(dt_error_last(), "d.md:7: a code fence opened here is never closed"));
	assert_int_equal(out.size, 0);
	assert_int_equal(pl.placed, DT_PLACED_NONE);
	dt_buf_dispose(&out);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_placement_data_folder_has_cases),
	    cmocka_unit_test(test_placement_files_pair_up),
	    cmocka_unit_test(test_placement_every_rule_has_a_case),
	    cmocka_unit_test(test_placement_new_diary_frontmatter),
	    cmocka_unit_test(test_placement_bad_diary_refused),
	    cmocka_unit_test(test_placement_unclosed_fence_refused),
	};
	const tu_case_group g = {
	    .group = "test_placement",
	    .before = fixed,
	    .nbefore = DT_ARRAY_SIZE(fixed),
	    .dir = CASES,
	    .ext = ".args",
	    .title = "placement case",
	    .test = test_placement_case,
	    .setup = case_setup,
	    .teardown = case_teardown,
	};
	return tu_run_case_group(&g);
}
