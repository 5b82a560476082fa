/* test_ydoc.c - the YAML tree (lib/ydoc.h): node types, positions, and
 * what it refuses (aliases, nesting deeper than 32, several documents,
 * invalid UTF-8). */
#include "unit.h"

#include "common.h"
#include "buf.h"
#include "ydoc.h"

#include <string.h>

static dt_ynode *parse_ok(const char *text, size_t first_line)
{
	dt_ynode *n = (dt_ynode *)1;
	int rc = dt_ydoc_parse(&n, text, strlen(text), "doc.yaml", first_line);
	if (rc)
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	return n;
}

/* Parse must fail with DT_EINVALID, leave *out NULL and give `msg`. */
static void assert_parse_error(const char *text, size_t len, const char *msg)
{
	dt_ynode *n = (dt_ynode *)1;
	dt_error_clear();
	assert_int_equal(dt_ydoc_parse(&n, text, len, "doc.yaml", 1), DT_EINVALID);
	assert_null(n);
	if (msg)
		assert_string_equal(dt_error_last(), msg);
}

static void assert_scalar(const dt_ynode *n, const char *value, size_t line, size_t col)
{
	assert_non_null(n);
	assert_int_equal(n->type, DT_YNODE_SCALAR);
	assert_string_equal(n->value, value);
	assert_int_equal(n->len, strlen(value));
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
}

static void test_ydoc_plain_scalar_document(void **state)
{
	dt_ynode *n = parse_ok("hello world\n", 1);

	(void)state;
	assert_scalar(n, "hello world", 1, 1);
	assert_true(n->plain);
	assert_int_equal(n->count, 0);
	dt_ynode_free(n);
}

static void test_ydoc_quoted_scalars_are_not_plain(void **state)
{
	static const struct {
		const char *text, *value;
		int plain;
	} cases[] = {
	    {"'single'", "single", 0},
	    {"\"double\"", "double", 0},
	    {"\"tab\\there\"", "tab\there", 0},
	    {"'it''s'", "it's", 0},
	    {"true", "true", 1},
	    {"\"true\"", "true", 0},
	    {"|\n  block\n  text\n", "block\ntext\n", 0},
	    {">\n  folded\n  text\n", "folded text\n", 0},
	    {"caf\xc3\xa9", "caf\xc3\xa9", 1},
	    {NULL, NULL, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		dt_ynode *n = parse_ok(cases[i].text, 1);
		assert_non_null(n);
		assert_int_equal(n->type, DT_YNODE_SCALAR);
		assert_string_equal(n->value, cases[i].value);
		assert_int_equal(n->plain, cases[i].plain);
		dt_ynode_free(n);
	}
}

/* A "\0" escape gives a NUL inside the value; len counts it. */
static void test_ydoc_scalar_length_counts_escaped_nul(void **state)
{
	dt_ynode *n = parse_ok("\"x\\0y\"", 1);

	(void)state;
	assert_int_equal(n->type, DT_YNODE_SCALAR);
	assert_int_equal(n->len, 3);
	assert_memory_equal(n->value, "x\0y", 4);
	dt_ynode_free(n);
}

static void test_ydoc_block_and_flow_lists(void **state)
{
	static const char *const texts[] = {"- a\n- b\n- c\n", "[a, b, c]\n", NULL};

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		dt_ynode *n = parse_ok(texts[i], 1);
		assert_int_equal(n->type, DT_YNODE_SEQ);
		assert_int_equal(n->count, 3);
		assert_string_equal(n->items[0]->value, "a");
		assert_string_equal(n->items[1]->value, "b");
		assert_string_equal(n->items[2]->value, "c");
		/* a list is no mapping */
		assert_null(dt_ynode_get(n, "a"));
		assert_int_equal(dt_ynode_map_size(n), 0);
		dt_ynode_free(n);
	}
}

static void test_ydoc_empty_list_and_map(void **state)
{
	dt_ynode *n = parse_ok("a: []\nb: {}\n", 1);

	(void)state;
	assert_int_equal(dt_ynode_get(n, "a")->type, DT_YNODE_SEQ);
	assert_int_equal(dt_ynode_get(n, "a")->count, 0);
	assert_int_equal(dt_ynode_get(n, "b")->type, DT_YNODE_MAP);
	assert_int_equal(dt_ynode_map_size(dt_ynode_get(n, "b")), 0);
	dt_ynode_free(n);
}

/* Every node carries the 1-based line and column where it starts. */
static void test_ydoc_mapping_positions(void **state)
{
	static const char text[] = "Title: Diary\n"       /* 1 */
	                           "Topics:\n"            /* 2 */
	                           "    - frontend\n"     /* 3 */
	                           "    - security\n"     /* 4 */
	                           "Owners: [ann, bob]\n" /* 5 */
	                           "Nested:\n"            /* 6 */
	                           "  inner: {k: v}\n";   /* 7 */
	dt_ynode *n = parse_ok(text, 1);
	const dt_ynode *v;

	(void)state;
	assert_int_equal(n->type, DT_YNODE_MAP);
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 1);
	assert_int_equal(dt_ynode_map_size(n), 4);
	assert_int_equal(n->count, 8); /* key, value, key, value ... */
	assert_scalar(n->items[0], "Title", 1, 1);
	assert_scalar(n->items[1], "Diary", 1, 8);
	assert_scalar(n->items[2], "Topics", 2, 1);

	v = dt_ynode_get(n, "Topics");
	assert_int_equal(v->type, DT_YNODE_SEQ);
	assert_int_equal(v->line, 3);
	assert_int_equal(v->col, 5);
	assert_scalar(v->items[0], "frontend", 3, 7);
	assert_scalar(v->items[1], "security", 4, 7);

	v = dt_ynode_get(n, "Owners");
	assert_int_equal(v->type, DT_YNODE_SEQ);
	assert_int_equal(v->line, 5);
	assert_int_equal(v->col, 9);
	assert_scalar(v->items[1], "bob", 5, 15);

	v = dt_ynode_get(dt_ynode_get(n, "Nested"), "inner");
	assert_non_null(v);
	assert_int_equal(v->type, DT_YNODE_MAP);
	assert_int_equal(v->line, 7);
	assert_int_equal(v->col, 10);
	assert_scalar(dt_ynode_get(v, "k"), "v", 7, 14);
	dt_ynode_free(n);
}

static void test_ydoc_crlf_lines_count_once(void **state)
{
	dt_ynode *n = parse_ok("a: 1\r\nb: 2\r\n\r\nc: 3\r\n", 1);

	(void)state;
	assert_scalar(dt_ynode_get(n, "b"), "2", 2, 4);
	assert_scalar(dt_ynode_get(n, "c"), "3", 4, 4);
	dt_ynode_free(n);
}

/* first_line says where the text sits in its file (frontmatter). */
static void test_ydoc_first_line_offsets_positions(void **state)
{
	dt_ynode *n = parse_ok("a: 1\nb: x\n", 10);

	(void)state;
	assert_int_equal(n->line, 10);
	assert_scalar(dt_ynode_get(n, "b"), "x", 11, 4);
	dt_ynode_free(n);
	assert_parse_error("a: 1\nb: [x\n", 11, NULL);
	assert_int_equal(dt_ydoc_parse(&n, "a: 1\nb: c: d\n", 13, "fm.md", 2), DT_EINVALID);
	assert_string_equal(
	    dt_error_last(),
	    "fm.md:3:5: invalid YAML: mapping values are not allowed in this context");
}

static void test_ydoc_empty_input_gives_null(void **state)
{
	static const char *const texts[] = {
	    "", "\n\n", "   \n", "# only a comment\n", "# one\n# two\n", NULL};

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		dt_ynode *n = (dt_ynode *)1;
		assert_int_equal(dt_ydoc_parse(&n, texts[i], strlen(texts[i]), "doc.yaml", 1), 0);
		assert_null(n);
	}
}

/* ydoc.h: "An empty document gives *out = NULL". A document opened with
 * "---" and holding nothing (or only comments) is empty too. */
static void test_ydoc_explicit_empty_document_gives_null(void **state)
{
	static const char *const texts[] = {"---\n", "---\n# nothing yet\n", "--- \n...\n", NULL};
	size_t wrong = 0;

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		dt_ynode *n = (dt_ynode *)1;
		assert_int_equal(dt_ydoc_parse(&n, texts[i], strlen(texts[i]), "doc.yaml", 1), 0);
		if (n) {
			print_error("\"%s\" gave %s '%s'\n", texts[i], dt_ynode_type_name(n->type),
			            n->value ? n->value : "");
			wrong++;
		}
		dt_ynode_free(n);
	}
	assert_int_equal(wrong, 0);
}

static void test_ydoc_one_document_with_markers_accepted(void **state)
{
	static const char *const texts[] = {"---\na: 1\n", "a: 1\n...\n", "---\na: 1\n...\n",
	                                    "%YAML 1.1\n---\na: 1\n", NULL};

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		dt_ynode *n = parse_ok(texts[i], 1);
		assert_non_null(n);
		assert_string_equal(dt_ynode_get(n, "a")->value, "1");
		dt_ynode_free(n);
	}
}

static void test_ydoc_multiple_documents_refused(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"a: 1\n---\nb: 2\n", "doc.yaml:2:1: expected one YAML document, found another"},
	    {"---\na: 1\n---\na: 2\n", "doc.yaml:3:1: expected one YAML document, found another"},
	    {"a: 1\n...\n---\nb: 2\n", "doc.yaml:3:1: expected one YAML document, found another"},
	    {"x\n--- y\n", "doc.yaml:2:1: expected one YAML document, found another"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++)
		assert_parse_error(cases[i].text, strlen(cases[i].text), cases[i].msg);
}

static void test_ydoc_aliases_refused(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"a: &x 1\nb: *x\n", "doc.yaml:2:4: YAML aliases are not allowed"},
	    {"a: &x [1, 2]\nb: [*x, *x]\n", "doc.yaml:2:5: YAML aliases are not allowed"},
	    {"base: &b {k: v}\nother:\n  <<: *b\n", "doc.yaml:3:7: YAML aliases are not allowed"},
	    {"a: *undefined\n", "doc.yaml:1:4: YAML aliases are not allowed"},
	    /* the billion laughs, first line */
	    {"a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n",
	     "doc.yaml:2:8: YAML aliases are not allowed"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++)
		assert_parse_error(cases[i].text, strlen(cases[i].text), cases[i].msg);
}

/* An anchor that nothing refers to is harmless. */
static void test_ydoc_anchor_without_alias_accepted(void **state)
{
	dt_ynode *n = parse_ok("a: &x 1\n", 1);

	(void)state;
	assert_string_equal(dt_ynode_get(n, "a")->value, "1");
	dt_ynode_free(n);
}

/* `depth` collections, flow style: [[[...]]] */
static void flow_nest(dt_buf *b, size_t depth)
{
	dt_buf_clear(b);
	for (size_t i = 0; i < depth; i++)
		dt_buf_putc(b, '[');
	dt_buf_puts(b, "x");
	for (size_t i = 0; i < depth; i++)
		dt_buf_putc(b, ']');
	dt_buf_putc(b, '\n');
}

/* `depth` mappings, block style: k0:\n  k1:\n    k2: ... */
static void block_nest(dt_buf *b, size_t depth)
{
	dt_buf_clear(b);
	for (size_t i = 0; i < depth; i++) {
		for (size_t j = 0; j < i; j++)
			dt_buf_puts(b, "  ");
		dt_buf_printf(b, "k%zu:%s", i, i + 1 == depth ? " leaf\n" : "\n");
	}
}

static size_t depth_of(const dt_ynode *n)
{
	size_t d = 0;
	while (n && n->type != DT_YNODE_SCALAR) {
		d++;
		n = n->type == DT_YNODE_SEQ ? n->items[0] : n->items[1];
	}
	return d;
}

static void test_ydoc_depth_32_accepted(void **state)
{
	dt_buf b = DT_BUF_INIT;
	dt_ynode *n;

	(void)state;
	flow_nest(&b, DT_YDOC_MAX_DEPTH);
	n = parse_ok(b.ptr, 1);
	assert_int_equal(depth_of(n), 32);
	dt_ynode_free(n);
	block_nest(&b, DT_YDOC_MAX_DEPTH);
	n = parse_ok(b.ptr, 1);
	assert_int_equal(depth_of(n), 32);
	dt_ynode_free(n);
	dt_buf_dispose(&b);
}

static void test_ydoc_depth_33_refused(void **state)
{
	dt_buf b = DT_BUF_INIT;

	(void)state;
	flow_nest(&b, DT_YDOC_MAX_DEPTH + 1);
	assert_parse_error(b.ptr, b.size, "doc.yaml:1:33: YAML nested deeper than 32 levels");
	block_nest(&b, DT_YDOC_MAX_DEPTH + 1);
	assert_parse_error(b.ptr, b.size, "doc.yaml:33:65: YAML nested deeper than 32 levels");
	/* far deeper: refused the same way, no stack trouble */
	flow_nest(&b, 100000);
	assert_parse_error(b.ptr, b.size, "doc.yaml:1:33: YAML nested deeper than 32 levels");
	dt_buf_dispose(&b);
}

static void test_ydoc_invalid_utf8_is_error(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
	    {"a: \xff\n", 6},
	    {"a: \xc3\x28\n", 7},             /* bad continuation byte */
	    {"a: \xe2\x82\n", 7},             /* truncated sequence at the end */
	    {"a: \xc0\xaf\n", 7},             /* overlong "/" */
	    {"a: \xed\xa0\x80\n", 8},         /* UTF-16 surrogate */
	    {"a: \xf8\x88\x80\x80\x80\n", 9}, /* 5-byte form */
	    {"a: '\x80'\n", 7},
	    {NULL, 0},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		assert_parse_error(cases[i].text, cases[i].len, NULL);
		assert_true(!strncmp(dt_error_last(), "doc.yaml:", 9));
	}
}

/* SPEC §7: malformed YAML is an error with file and line; the line is the
 * one that holds the bad byte. */
static void test_ydoc_invalid_utf8_error_names_its_line(void **state)
{
	static const char text[] = "a: 1\nb: 2\nc: \xff\n";

	(void)state;
	assert_parse_error(text, sizeof(text) - 1,
	                   "doc.yaml:3:4: invalid YAML: invalid leading UTF-8 octet");
}

static void test_ydoc_syntax_errors_name_position(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"a: b: c\n", "doc.yaml:1:5: invalid YAML: mapping values are not allowed in this "
	                  "context"},
	    {"a: 1\n b: 2\n", "doc.yaml:2:3: invalid YAML: mapping values are not allowed in "
	                      "this context"},
	    {"a: [1, 2\n", "doc.yaml:2:1: invalid YAML: did not find expected ',' or ']' while "
	                   "parsing a flow sequence"},
	    {"- a\nb: 1\n", "doc.yaml:2:1: invalid YAML: did not find expected '-' indicator "
	                    "while parsing a block collection"},
	    {"a: 'open", "doc.yaml:1:9: invalid YAML: found unexpected end of stream while "
	                 "scanning a quoted scalar"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++)
		assert_parse_error(cases[i].text, strlen(cases[i].text), cases[i].msg);
}

/* Only `len` bytes are read: the text need not be NUL-terminated there. */
static void test_ydoc_reads_only_len_bytes(void **state)
{
	static const char text[] = "a: 1\nb: [oops";
	dt_ynode *n = NULL;

	(void)state;
	assert_int_equal(dt_ydoc_parse(&n, text, 5, "doc.yaml", 1), 0);
	assert_int_equal(dt_ynode_map_size(n), 1);
	assert_null(dt_ynode_get(n, "b"));
	dt_ynode_free(n);
}

/* Duplicate keys are kept (the config layer reports them). */
static void test_ydoc_duplicate_keys_kept_first_wins_in_get(void **state)
{
	dt_ynode *n = parse_ok("a: 1\na: 2\n", 1);

	(void)state;
	assert_int_equal(dt_ynode_map_size(n), 2);
	assert_string_equal(dt_ynode_get(n, "a")->value, "1");
	dt_ynode_free(n);
}

static void test_ydoc_get_on_non_maps_and_missing_keys(void **state)
{
	dt_ynode *n = parse_ok("a: 1\n? [k]\n: complex\n", 1);
	dt_ynode *s = parse_ok("scalar\n", 1);

	(void)state;
	assert_null(dt_ynode_get(NULL, "a"));
	assert_null(dt_ynode_get(s, "a"));
	assert_null(dt_ynode_get(n, "b"));
	assert_null(dt_ynode_get(n, "A")); /* keys are case-sensitive */
	assert_null(dt_ynode_get(n, "k")); /* a list key is no string key */
	assert_string_equal(dt_ynode_get(n, "a")->value, "1");
	assert_int_equal(dt_ynode_map_size(NULL), 0);
	assert_int_equal(dt_ynode_map_size(s), 0);
	assert_int_equal(dt_ynode_map_size(n), 2);
	dt_ynode_free(n);
	dt_ynode_free(s);
	dt_ynode_free(NULL);
}

static void test_ydoc_type_names(void **state)
{
	(void)state;
	assert_string_equal(dt_ynode_type_name(DT_YNODE_SCALAR), "a scalar");
	assert_string_equal(dt_ynode_type_name(DT_YNODE_SEQ), "a list");
	assert_string_equal(dt_ynode_type_name(DT_YNODE_MAP), "a mapping");
}

static void test_ydoc_long_list(void **state)
{
	dt_buf b = DT_BUF_INIT;
	dt_ynode *n;

	(void)state;
	for (int i = 0; i < 20000; i++)
		dt_buf_printf(&b, "- item%d\n", i);
	n = parse_ok(b.ptr, 1);
	assert_int_equal(n->count, 20000);
	assert_scalar(n->items[19999], "item19999", 20000, 3);
	dt_ynode_free(n);
	dt_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ydoc_plain_scalar_document),
	    cmocka_unit_test(test_ydoc_quoted_scalars_are_not_plain),
	    cmocka_unit_test(test_ydoc_scalar_length_counts_escaped_nul),
	    cmocka_unit_test(test_ydoc_block_and_flow_lists),
	    cmocka_unit_test(test_ydoc_empty_list_and_map),
	    cmocka_unit_test(test_ydoc_mapping_positions),
	    cmocka_unit_test(test_ydoc_crlf_lines_count_once),
	    cmocka_unit_test(test_ydoc_first_line_offsets_positions),
	    cmocka_unit_test(test_ydoc_empty_input_gives_null),
	    cmocka_unit_test(test_ydoc_explicit_empty_document_gives_null),
	    cmocka_unit_test(test_ydoc_one_document_with_markers_accepted),
	    cmocka_unit_test(test_ydoc_multiple_documents_refused),
	    cmocka_unit_test(test_ydoc_aliases_refused),
	    cmocka_unit_test(test_ydoc_anchor_without_alias_accepted),
	    cmocka_unit_test(test_ydoc_depth_32_accepted),
	    cmocka_unit_test(test_ydoc_depth_33_refused),
	    cmocka_unit_test(test_ydoc_invalid_utf8_is_error),
	    cmocka_unit_test(test_ydoc_invalid_utf8_error_names_its_line),
	    cmocka_unit_test(test_ydoc_syntax_errors_name_position),
	    cmocka_unit_test(test_ydoc_reads_only_len_bytes),
	    cmocka_unit_test(test_ydoc_duplicate_keys_kept_first_wins_in_get),
	    cmocka_unit_test(test_ydoc_get_on_non_maps_and_missing_keys),
	    cmocka_unit_test(test_ydoc_type_names),
	    cmocka_unit_test(test_ydoc_long_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
