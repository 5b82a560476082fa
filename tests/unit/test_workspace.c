/* test_workspace.c - finding the tickets under the docs root (SPEC §1.1,
 * §1.2): the real corpus, synthetic workspaces, and the scan cache. */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "tickets.h"
#include "workspace.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

static char *index_md(const char *ticket, const char *status)
{
	return dt_xasprintf("---\nTitle: Ticket %s\nTicket: %s\nStatus: %s\n---\n\n# %s\n", ticket,
	                    ticket, status, ticket);
}

static void put_ticket(const char *root, const char *dir, const char *ticket, const char *status)
{
	char *rel = dt_xasprintf("%s/index.md", dir);
	char *text = index_md(ticket, status);
	tu_put(root, rel, text);
	free(text);
	free(rel);
}

static const dt_ticket *find_dir(const dt_tickets *tk, const char *dir)
{
	for (size_t i = 0; i < tk->count; i++)
		if (tk->items[i].dir && !strcmp(tk->items[i].dir, dir))
			return &tk->items[i];
	return NULL;
}

static size_t count_id(const dt_tickets *tk, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < tk->count; i++)
		n += !strcmp(tk->items[i].id, id);
	return n;
}

static void scan_ok(dt_tickets *tk, const char *root)
{
	int rc = dt_workspace_scan(tk, root, NULL);
	if (rc)
		print_error("scan: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
}

/* ---- the corpus ---- */

static char *corpus_root(void)
{
	SKIP_WITHOUT_CORPUS();
	char *rel = dt_xasprintf("%s/vm-system/ttmp", test_corpus());
	char *real = realpath(rel, NULL);
	if (!real)
		print_error("no corpus at %s\n", rel);
	assert_non_null(real);
	free(rel);
	return real;
}

static void test_workspace_corpus_has_27_tickets(void **state)
{
	char *root = corpus_root();
	dt_tickets tk = DT_TICKETS_INIT;

	(void)state;
	scan_ok(&tk, root);
	assert_int_equal(tk.count, 27);
	assert_string_equal(tk.root, root);
	for (size_t i = 0; i < tk.count; i++) {
		const dt_ticket *t = &tk.items[i];
		/* _templates and _guidelines hold index.md too, and are skipped */
		assert_null(strstr(t->dir, "_templates"));
		assert_null(strstr(t->dir, "_guidelines"));
		assert_true(!strncmp(t->dir, "2026/02/", 8));
		if (t->fm_error)
			print_error("%s: %s\n", t->dir, t->fm_error);
		assert_null(t->fm_error);
		assert_int_equal(t->id_from_folder, 0);
		assert_non_null(t->title);
		assert_non_null(t->status);
		/* the ID is the part of the folder name before "--" */
		assert_true(!strncmp(strrchr(t->dir, '/') + 1, t->id, strlen(t->id)));
		/* sorted by ID, then folder */
		if (i)
			assert_true(dt_ascii_casecmp(tk.items[i - 1].id, t->id) < 0 ||
			            (!dt_ascii_casecmp(tk.items[i - 1].id, t->id) &&
			             strcmp(tk.items[i - 1].dir, t->dir) < 0));
	}
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_corpus_duplicate_id_in_two_folders(void **state)
{
	char *root = corpus_root();
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *first;
	dt_resolution r = DT_RESOLUTION_INIT;

	(void)state;
	scan_ok(&tk, root);
	assert_int_equal(count_id(&tk, "VM-016-DOC-DRIFT-HYGIENE"), 2);
	first = dt_tickets_find(&tk, "VM-016-DOC-DRIFT-HYGIENE");
	assert_non_null(first);
	assert_string_equal(first->dir, "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--p2-5-resolve-"
	                                "documentation-drift-and-template-link-hygiene");
	assert_string_equal(first[1].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_string_equal(first[1].dir,
	                    "2026/02/09/VM-016-DOC-DRIFT-HYGIENE--create-comprehensive-glazed-"
	                    "format-developer-documentation-for-vm-system");
	/* resolution works on distinct IDs: the duplicate is one ID */
	dt_tickets_resolve(&r, &tk, "vm-016-doc-drift-hygiene", 3);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_int_equal(r.ids.count, 1);
	assert_string_equal(r.ids.items[0], "VM-016-DOC-DRIFT-HYGIENE");
	dt_resolution_dispose(&r);
	/* no other ID is shared */
	for (size_t i = 0; i < tk.count; i++)
		if (strcmp(tk.items[i].id, "VM-016-DOC-DRIFT-HYGIENE"))
			assert_int_equal(count_id(&tk, tk.items[i].id), 1);
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_corpus_vm011_is_ambiguous(void **state)
{
	char *root = corpus_root();
	dt_tickets tk = DT_TICKETS_INIT;
	dt_resolution r = DT_RESOLUTION_INIT;

	(void)state;
	scan_ok(&tk, root);
	dt_tickets_resolve(&r, &tk, "VM-011", 3);
	assert_int_equal(r.status, DT_RESOLVE_AMBIGUOUS);
	assert_int_equal(r.ids.count, 2);
	assert_string_equal(r.ids.items[0], "VM-011-PORT-VM-CLI-TO-GLAZED");
	assert_string_equal(r.ids.items[1], "VM-011-RTK-QUERY-STATE-MIGRATION");
	dt_resolution_dispose(&r);

	/* VM-013 and VM-013A are different tickets */
	dt_tickets_resolve(&r, &tk, "VM-013", 3);
	assert_int_equal(r.status, DT_RESOLVE_OK);
	assert_int_equal(r.ids.count, 1);
	assert_string_equal(r.ids.items[0], "VM-013-TEST-STRATEGY-MATRIX");
	dt_resolution_dispose(&r);
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_corpus_statuses(void **state)
{
	char *root = corpus_root();
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *t;

	(void)state;
	scan_ok(&tk, root);
	for (size_t i = 0; i < tk.count; i++) {
		t = &tk.items[i];
		if (!strcmp(t->id, "WEBVM-001-SCOPE-PLUGIN-ACTIONS") ||
		    !strcmp(t->id, "VM-024-CUSTOM-PLUGIN-PERMISSIONS")) {
			assert_string_equal(t->status, "active");
			assert_int_equal(t->closed, 0);
		} else {
			if (!t->closed)
				print_error("%s is %s\n", t->id, t->status);
			assert_string_equal(t->status, "complete");
			assert_int_equal(t->closed, 1);
		}
	}
	t = dt_tickets_find(&tk, "VM-024-CUSTOM-PLUGIN-PERMISSIONS");
	assert_non_null(t);
	assert_string_equal(t->title, "Add configurable capability grants for non-preset plugins");
	/* LastUpdated: 2026-02-14T18:49:19.293993793-05:00 */
	assert_int_equal(t->updated, 1771112959);
	{
		/* the stat kept for the cache is index.md's */
		char *path = dt_xasprintf("%s/%s/index.md", root, t->dir);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(t->st_size, st.st_size);
		assert_int_equal(t->st_mtime_sec, st.st_mtim.tv_sec);
		assert_int_equal(t->st_mtime_nsec, st.st_mtim.tv_nsec);
		free(path);
	}
	dt_tickets_dispose(&tk);
	free(root);
}

/* ---- synthetic workspaces ---- */

static void test_workspace_flat_and_deep_folders(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *t;

	put_ticket(root, "FLAT-1--flat-ticket", "FLAT-1", "active");
	put_ticket(root, "2026/02/14/DATED-2--dated", "DATED-2", "draft");
	put_ticket(root, "a/b/c/d/e/f/g/h/DEEP-3--deep", "DEEP-3", "review");
	/* a ticket folder is searched for further tickets (see the nested tests) */
	put_ticket(root, "FLAT-1--flat-ticket/sub/INNER-4--inner", "INNER-4", "active");
	/* the root's own index.md makes no ticket */
	tu_put(root, "index.md", "---\nTicket: ROOT-0\n---\n");
	/* a folder called index.md is no ticket file */
	tu_mkdirs(root, "odd/index.md");
	/* other files are not tickets */
	tu_put(root, "2026/README.md", "---\nTicket: README-5\n---\n");

	scan_ok(&tk, root);
	assert_int_equal(tk.count, 4);
	t = find_dir(&tk, "FLAT-1--flat-ticket");
	assert_non_null(t);
	assert_string_equal(t->id, "FLAT-1");
	assert_string_equal(t->title, "Ticket FLAT-1");
	t = find_dir(&tk, "2026/02/14/DATED-2--dated");
	assert_non_null(t);
	assert_string_equal(t->id, "DATED-2");
	assert_string_equal(t->status, "draft");
	t = find_dir(&tk, "a/b/c/d/e/f/g/h/DEEP-3--deep");
	assert_non_null(t);
	assert_string_equal(t->id, "DEEP-3");
	assert_string_equal(t->status, "review");
	assert_int_equal(t->closed, 0);
	t = find_dir(&tk, "FLAT-1--flat-ticket/sub/INNER-4--inner");
	assert_non_null(t);
	assert_string_equal(t->id, "INNER-4");
	assert_null(dt_tickets_find(&tk, "ROOT-0"));
	/* sorted by ID */
	assert_string_equal(tk.items[0].id, "DATED-2");
	assert_string_equal(tk.items[1].id, "DEEP-3");
	assert_string_equal(tk.items[2].id, "FLAT-1");
	assert_string_equal(tk.items[3].id, "INNER-4");
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_skips_underscore_and_dot_folders(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;

	put_ticket(root, "_templates", "TEMPLATE", "draft");
	put_ticket(root, "_guidelines", "GUIDE", "draft");
	put_ticket(root, ".meta", "META", "draft");
	put_ticket(root, "_archive/OLD-1--old", "OLD-1", "archived");
	put_ticket(root, ".hidden/2026/HID-1--hid", "HID-1", "active");
	put_ticket(root, "2026/_drafts/DRAFT-1--d", "DRAFT-1", "draft");
	put_ticket(root, "2026/_X-9--underscore-ticket", "X-9", "draft");
	put_ticket(root, "2026/02/REAL-1--real", "REAL-1", "active");

	scan_ok(&tk, root);
	assert_int_equal(tk.count, 1);
	assert_string_equal(tk.items[0].id, "REAL-1");
	assert_string_equal(tk.items[0].dir, "2026/02/REAL-1--real");
	dt_tickets_dispose(&tk);
	free(root);
}

/* Tickets inside tickets, as docmgr makes them when a ticket's folder is
 * used as a docs root: a date path or a flat ticket folder right inside
 * another ticket, at one and two levels, and a date folder that has an
 * index.md of its own with ticket folders under it. The same rules hold
 * at every level: '_' and '.' folders skipped, the ID from Ticket:, else
 * from the folder name. */
#define OUTER "2026/03/01/OUT-1--outer"
#define MIDDLE OUTER "/2026/03/02/MID-2--middle"
#define INNER MIDDLE "/IN-3--inner"

static void nested_workspace(const char *root)
{
	put_ticket(root, OUTER, "OUT-1", "active");
	tu_put(root, OUTER "/reference/01-diary.md", "---\nTitle: Diary\n---\n\n# Diary\n");
	/* one level: a date path inside the outer ticket */
	put_ticket(root, MIDDLE, "MID-2", "review");
	tu_put(root, MIDDLE "/reference/01-diary.md", "# Diary\n");
	/* two levels, flat, and no Ticket: field (the folder name's ID) */
	tu_put(root, INNER "/index.md", "---\nTitle: Inner\nStatus: complete\n---\n");
	/* not tickets, at any level */
	put_ticket(root, OUTER "/_templates/TPL-9--template", "TPL-9", "draft");
	put_ticket(root, MIDDLE "/.meta/META-9--meta", "META-9", "draft");
	put_ticket(root, INNER "/_archive/ARCH-9--old", "ARCH-9", "draft");
	/* a date folder with its own index.md, and a ticket under it */
	put_ticket(root, "2026/04/05", "DAY-5", "active");
	put_ticket(root, "2026/04/05/UNDER-6--under-the-day", "UNDER-6", "active");
}

static void test_workspace_nested_tickets_one_and_two_levels(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *t;

	nested_workspace(root);
	scan_ok(&tk, root);
	assert_int_equal(tk.count, 5);
	t = find_dir(&tk, OUTER);
	assert_non_null(t);
	assert_string_equal(t->id, "OUT-1");
	t = find_dir(&tk, MIDDLE);
	assert_non_null(t);
	assert_string_equal(t->id, "MID-2");
	assert_string_equal(t->status, "review");
	assert_int_equal(t->id_from_folder, 0);
	t = find_dir(&tk, INNER);
	assert_non_null(t);
	assert_string_equal(t->id, "IN-3");
	assert_int_equal(t->id_from_folder, 1);
	assert_string_equal(t->title, "Inner");
	assert_int_equal(t->closed, 1);
	t = find_dir(&tk, "2026/04/05");
	assert_non_null(t);
	assert_string_equal(t->id, "DAY-5");
	t = find_dir(&tk, "2026/04/05/UNDER-6--under-the-day");
	assert_non_null(t);
	assert_string_equal(t->id, "UNDER-6");
	assert_null(dt_tickets_find(&tk, "TPL-9"));
	assert_null(dt_tickets_find(&tk, "META-9"));
	assert_null(dt_tickets_find(&tk, "ARCH-9"));
	/* one sorted index, whatever the depth */
	assert_string_equal(tk.items[0].id, "DAY-5");
	assert_string_equal(tk.items[1].id, "IN-3");
	assert_string_equal(tk.items[2].id, "MID-2");
	assert_string_equal(tk.items[3].id, "OUT-1");
	assert_string_equal(tk.items[4].id, "UNDER-6");
	dt_tickets_dispose(&tk);
	free(root);
}

/* A nested ticket whose ID is its outer ticket's is the ticket-duplicate
 * finding, not a folder that hides the other. */
static void test_workspace_nested_ticket_with_the_outer_id_is_a_duplicate(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket_group *g = NULL;

	put_ticket(root, "DUP-1--outer", "DUP-1", "active");
	put_ticket(root, "DUP-1--outer/DUP-1--copy", "DUP-1", "active");
	scan_ok(&tk, root);
	assert_int_equal(tk.count, 2);
	assert_int_equal(dt_tickets_duplicates(&g, &tk), 1);
	assert_int_equal(g[0].count, 2);
	assert_string_equal(tk.items[g[0].first].dir, "DUP-1--outer");
	assert_string_equal(tk.items[g[0].first + 1].dir, "DUP-1--outer/DUP-1--copy");
	free(g);
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_id_from_folder_when_no_ticket_field(void **state)
{
	static const struct {
		const char *dir, *index, *id;
		int from_folder;
	} cases[] = {
	    {"ABC-7--some-slug", "---\nTitle: No ticket field\n---\n", "ABC-7", 1},
	    {"NOFM-1--plain", "# No frontmatter at all\n", "NOFM-1", 1},
	    /* old folders use a single '-': the whole name is the ID */
	    {"VM-003-make-web-ui-real", "---\nStatus: complete\n---\n", "VM-003-make-web-ui-real",
	     1},
	    {"EMPTY-2--x", "---\nTicket: \"\"\n---\n", "EMPTY-2", 1},
	    {"SPACE-3--x", "---\nTicket: has space\n---\n", "SPACE-3", 1},
	    {"LIST-4--x", "---\nTicket: [a, b]\n---\n", "LIST-4", 1},
	    {"SLASH-5--x", "---\nTicket: a/b\n---\n", "SLASH-5", 1},
	    {"EMPTYFILE-6--x", "", "EMPTYFILE-6", 1},
	    {"--leading-dashes", "---\nTitle: t\n---\n", "--leading-dashes", 1},
	    {"TRIM-7--x", "---\nTicket: '  TRIM-7  '\n---\n", "TRIM-7", 0},
	    {"folder-name--x", "---\nTicket: FIELD-8\n---\n", "FIELD-8", 0},
	    {NULL, NULL, NULL, 0},
	};
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;
	size_t n = 0;

	for (size_t i = 0; cases[i].dir; i++, n++) {
		char *rel = dt_xasprintf("2026/%s/index.md", cases[i].dir);
		tu_put(root, rel, cases[i].index);
		free(rel);
	}
	scan_ok(&tk, root);
	assert_int_equal(tk.count, n);
	for (size_t i = 0; cases[i].dir; i++) {
		char *dir = dt_xasprintf("2026/%s", cases[i].dir);
		const dt_ticket *t = find_dir(&tk, dir);
		assert_non_null(t);
		if (strcmp(t->id, cases[i].id))
			print_error("%s: id '%s', expected '%s'\n", dir, t->id, cases[i].id);
		assert_string_equal(t->id, cases[i].id);
		assert_int_equal(t->id_from_folder, cases[i].from_folder);
		assert_null(t->fm_error);
		free(dir);
	}
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_broken_frontmatter_kept_as_fm_error(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *t;
	char *want;

	tu_put(root, "BAD-1--invalid-yaml/index.md",
	       "---\nTitle: Bad\nTicket: GOOD-ID-IGNORED\nStatus: [active\n---\n# Bad\n");
	tu_put(root, "BAD-2--unterminated/index.md",
	       "---\nTicket: BAD-2\nStatus: active\n\n# Body\n");
	tu_put(root, "BAD-3--alias/index.md", "---\nTicket: &t BAD-3\nTitle: *t\n---\n");
	put_ticket(root, "OK-1--fine", "OK-1", "active");

	scan_ok(&tk, root);
	assert_int_equal(tk.count, 4);

	t = find_dir(&tk, "BAD-1--invalid-yaml");
	assert_non_null(t);
	assert_string_equal(t->id, "BAD-1");
	assert_int_equal(t->id_from_folder, 1);
	assert_null(t->status);
	want = dt_xasprintf("%s/BAD-1--invalid-yaml/index.md:5:1: invalid YAML: did not find "
	                    "expected ',' or ']' while parsing a flow sequence",
	                    root);
	assert_non_null(t->fm_error);
	assert_string_equal(t->fm_error, want);
	free(want);

	t = find_dir(&tk, "BAD-2--unterminated");
	assert_non_null(t);
	assert_string_equal(t->id, "BAD-2");
	want = dt_xasprintf(
	    "%s/BAD-2--unterminated/index.md:1: frontmatter opened with '---' is never closed",
	    root);
	assert_string_equal(t->fm_error, want);
	free(want);

	t = find_dir(&tk, "BAD-3--alias");
	assert_non_null(t);
	assert_string_equal(t->id, "BAD-3");
	want = dt_xasprintf("%s/BAD-3--alias/index.md:3:8: YAML aliases are not allowed", root);
	assert_string_equal(t->fm_error, want);
	free(want);

	t = find_dir(&tk, "OK-1--fine");
	assert_non_null(t);
	assert_null(t->fm_error);
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_symlinked_folders_not_followed(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	char *link1 = tu_path_in(root, "linked-tree");
	char *link2 = tu_path_in(root, "LINK-2--linked-ticket");
	char *loop = tu_path_in(root, "2026/loop");
	dt_tickets tk = DT_TICKETS_INIT;

	put_ticket(tmp, "outside/OUT-1--out", "OUT-1", "active");
	put_ticket(tmp, "elsewhere/LINK-2--x", "LINK-2", "active");
	put_ticket(root, "2026/IN-1--in", "IN-1", "active");
	assert_int_equal(symlink("../outside", link1), 0);
	assert_int_equal(symlink("../elsewhere/LINK-2--x", link2), 0);
	assert_int_equal(symlink("..", loop), 0);

	scan_ok(&tk, root);
	assert_int_equal(tk.count, 1);
	assert_string_equal(tk.items[0].id, "IN-1");
	dt_tickets_dispose(&tk);
	free(root);
	free(link1);
	free(link2);
	free(loop);
}

static void test_workspace_status_and_closed(void **state)
{
	static const struct {
		const char *status;
		int closed;
	} cases[] = {
	    {"draft", 0},    {"active", 0},     {"review", 0},   {"complete", 1},
	    {"archived", 1}, {"Complete", 1},   {"ARCHIVED", 1}, {"completed", 0},
	    {"on-hold", 0},  {" complete ", 1}, {NULL, 0},
	};
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;

	for (size_t i = 0; cases[i].status; i++) {
		char *dir = dt_xasprintf("S-%zu--s", i), *id = dt_xasprintf("S-%zu", i);
		char *rel = dt_xasprintf("%s/index.md", dir);
		char *text =
		    dt_xasprintf("---\nTicket: %s\nStatus: '%s'\n---\n", id, cases[i].status);
		tu_put(root, rel, text);
		free(dir);
		free(id);
		free(rel);
		free(text);
	}
	tu_put(root, "NOSTATUS-1--n/index.md", "---\nTicket: NOSTATUS-1\n---\n");
	scan_ok(&tk, root);
	for (size_t i = 0; cases[i].status; i++) {
		char *id = dt_xasprintf("S-%zu", i);
		const dt_ticket *t = dt_tickets_find(&tk, id);
		assert_non_null(t);
		if (t->closed != cases[i].closed)
			print_error("status '%s': closed %d\n", cases[i].status, t->closed);
		assert_int_equal(t->closed, cases[i].closed);
		free(id);
	}
	assert_null(dt_tickets_find(&tk, "NOSTATUS-1")->status);
	assert_int_equal(dt_tickets_find(&tk, "NOSTATUS-1")->closed, 0);
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_updated_from_last_updated_else_mtime(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	char *path = tu_path_in(root, "NODATE-2--n/index.md");
	struct timespec ts[2] = {{1700000000, 0}, {1700000000, 0}};
	dt_tickets tk = DT_TICKETS_INIT;

	tu_put(root, "DATE-1--d/index.md", "---\nTicket: DATE-1\nLastUpdated: 2026-02-14\n---\n");
	tu_put(root, "NODATE-2--n/index.md", "---\nTicket: NODATE-2\n---\n");
	tu_put(root, "BADDATE-3--b/index.md", "---\nTicket: BADDATE-3\nLastUpdated: soon\n---\n");
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(path);
	path = tu_path_in(root, "BADDATE-3--b/index.md");
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	scan_ok(&tk, root);
	assert_int_equal(dt_tickets_find(&tk, "DATE-1")->updated, 1771027200);
	assert_int_equal(dt_tickets_find(&tk, "NODATE-2")->updated, 1700000000);
	assert_int_equal(dt_tickets_find(&tk, "BADDATE-3")->updated, 1700000000);
	assert_int_equal(dt_tickets_find(&tk, "NODATE-2")->st_mtime_sec, 1700000000);
	dt_tickets_dispose(&tk);
	free(path);
	free(root);
}

static void test_workspace_duplicate_ids_kept_sorted_by_folder(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp");
	dt_tickets tk = DT_TICKETS_INIT;

	put_ticket(root, "2026/02/09/DUP-1--second", "DUP-1", "active");
	put_ticket(root, "2026/02/08/DUP-1--first", "DUP-1", "complete");
	put_ticket(root, "2026/02/08/dup-1--lower", "dup-1", "active");
	scan_ok(&tk, root);
	assert_int_equal(tk.count, 3);
	assert_string_equal(tk.items[0].dir, "2026/02/08/DUP-1--first");
	assert_string_equal(tk.items[1].dir, "2026/02/09/DUP-1--second");
	assert_string_equal(tk.items[2].dir, "2026/02/08/dup-1--lower");
	dt_tickets_dispose(&tk);
	free(root);
}

static void test_workspace_missing_root(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "no-such-folder");
	char *file = tu_path_in(tmp, "a-file");
	dt_tickets tk = DT_TICKETS_INIT;

	assert_int_equal(dt_workspace_scan(&tk, root, NULL), DT_ENOTFOUND);
	dt_tickets_dispose(&tk);
	tu_put(tmp, "a-file", "not a folder\n");
	assert_int_equal(dt_workspace_scan(&tk, file, NULL), DT_ENOTFOUND);
	dt_tickets_dispose(&tk);
	free(root);
	free(file);
}

static void test_workspace_empty_root(void **state)
{
	const char *tmp = *state;
	dt_tickets tk = DT_TICKETS_INIT;

	scan_ok(&tk, tmp);
	assert_int_equal(tk.count, 0);
	assert_string_equal(tk.root, tmp);
	dt_tickets_dispose(&tk);
}

/* ---- the cache ---- */

/* `b` may come from the cache: what dt_workspace_load() fills at once is
 * compared first, then the rest after dt_workspace_complete(). */
static void assert_same_tickets(const dt_tickets *a, dt_tickets *b)
{
	assert_int_equal(a->count, b->count);
	assert_string_equal(a->root, b->root);
	for (size_t i = 0; i < a->count; i++) {
		const dt_ticket *x = &a->items[i];
		assert_string_equal(x->id, b->items[i].id);
		assert_int_equal(!x->status, !b->items[i].status);
		if (x->status)
			assert_string_equal(x->status, b->items[i].status);
		assert_int_equal(x->closed, b->items[i].closed);
		assert_int_equal(!x->fm_error, !b->items[i].fm_error);
	}
	for (size_t i = 0; i < a->count; i++) {
		const dt_ticket *x = &a->items[i], *y = &b->items[i];
		dt_workspace_complete(&b->items[i]);
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->dir, y->dir);
		assert_int_equal(!x->title, !y->title);
		if (x->title)
			assert_string_equal(x->title, y->title);
		assert_int_equal(!x->status, !y->status);
		if (x->status)
			assert_string_equal(x->status, y->status);
		assert_int_equal(!x->fm_error, !y->fm_error);
		if (x->fm_error)
			assert_string_equal(x->fm_error, y->fm_error);
		assert_int_equal(x->closed, y->closed);
		assert_int_equal(x->id_from_folder, y->id_from_folder);
		assert_int_equal(x->updated, y->updated);
		assert_int_equal(x->st_mtime_sec, y->st_mtime_sec);
		assert_int_equal(x->st_mtime_nsec, y->st_mtime_nsec);
		assert_int_equal(x->st_size, y->st_size);
	}
}

/* A workspace whose every mtime is a minute old, and its cache path. */
static void cache_fixture(const char *tmp, char **root, char **cache)
{
	dt_buf c = DT_BUF_INIT;
	char *gitdir = tu_path_in(tmp, "repo.git");

	*root = tu_path_in(tmp, "ttmp");
	put_ticket(*root, "2026/02/14/C-1--one", "C-1", "active");
	put_ticket(*root, "2026/02/14/C-2--two", "C-2", "complete");
	tu_put(*root, "2026/02/15/C-3--broken/index.md", "---\nTicket: [\n---\n");
	tu_put(*root, "C-4--flat/index.md", "no frontmatter\n");
	tu_mkdirs(gitdir, ".");
	tu_age_tree(*root, 60);
	dt_workspace_cache_path(&c, gitdir);
	*cache = dt_buf_detach(&c);
	free(gitdir);
}

static void test_workspace_cache_path_in_gitdir(void **state)
{
	dt_buf c = DT_BUF_INIT;

	(void)state;
	dt_workspace_cache_path(&c, "/repo/.git");
	assert_string_equal(c.ptr, "/repo/.git/diarist/tickets.cache");
	dt_buf_dispose(&c);
}

static void test_workspace_cache_second_load_is_cached(void **state)
{
	const char *tmp = *state;
	char *root, *cache;
	dt_tickets first = DT_TICKETS_INIT, second = DT_TICKETS_INIT;
	int cached = -1;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&first, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(first.count, 4);
	assert_true(dt_path_isfile(cache));

	assert_int_equal(dt_workspace_load(&second, root, cache, &cached), 0);
	assert_int_equal(cached, 1);
	assert_same_tickets(&first, &second);
	/* broken frontmatter survives the cache */
	assert_non_null(find_dir(&second, "2026/02/15/C-3--broken")->fm_error);
	assert_int_equal(find_dir(&second, "2026/02/15/C-3--broken")->id_from_folder, 1);
	for (size_t i = 0; i < second.count; i++)
		assert_int_equal(dt_workspace_verify(&second, &second.items[i]), 1);
	dt_tickets_dispose(&first);
	dt_tickets_dispose(&second);
	free(root);
	free(cache);
}

/* A scan that saw something change within the last 2 seconds is not saved:
 * the folder could change again within the same mtime. */
static void test_workspace_cache_not_written_for_fresh_changes(void **state)
{
	const char *tmp = *state;
	char *root = tu_path_in(tmp, "ttmp"), *gitdir = tu_path_in(tmp, "repo.git");
	dt_buf cache = DT_BUF_INIT;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	put_ticket(root, "2026/F-1--fresh", "F-1", "active");
	dt_workspace_cache_path(&cache, gitdir);
	assert_int_equal(dt_workspace_load(&tk, root, cache.ptr, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 1);
	assert_false(dt_path_exists(cache.ptr));
	dt_tickets_dispose(&tk);
	/* a fresh index.md alone (old folders) is enough to refuse */
	tu_age_tree(root, 60);
	put_ticket(root, "2026/F-1--fresh", "F-1", "review");
	{
		char *dir = tu_path_in(root, "2026/F-1--fresh");
		char *parent = tu_path_in(root, "2026");
		struct timespec ts[2] = {{time(NULL) - 60, 0}, {time(NULL) - 60, 0}};
		assert_int_equal(utimensat(AT_FDCWD, dir, ts, 0), 0);
		assert_int_equal(utimensat(AT_FDCWD, parent, ts, 0), 0);
		assert_int_equal(utimensat(AT_FDCWD, root, ts, 0), 0);
		free(dir);
		free(parent);
	}
	assert_int_equal(dt_workspace_load(&tk, root, cache.ptr, &cached), 0);
	assert_int_equal(cached, 0);
	assert_false(dt_path_exists(cache.ptr));
	dt_tickets_dispose(&tk);
	dt_buf_dispose(&cache);
	free(root);
	free(gitdir);
}

static void check_invalidated(const char *tmp, const char *add_dir, const char *add_id)
{
	char *root, *cache;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	dt_tickets_dispose(&tk);
	assert_true(dt_path_isfile(cache));

	put_ticket(root, add_dir, add_id, "active");
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 5);
	assert_non_null(dt_tickets_find(&tk, add_id));
	dt_tickets_dispose(&tk);
	free(root);
	free(cache);
}

static void test_workspace_cache_invalidated_by_new_ticket_at_root(void **state)
{
	check_invalidated(*state, "NEW-1--new", "NEW-1");
}

static void test_workspace_cache_invalidated_by_new_ticket_in_date_folder(void **state)
{
	check_invalidated(*state, "2026/02/14/NEW-2--new", "NEW-2");
}

static void test_workspace_cache_invalidated_by_new_date_folder(void **state)
{
	check_invalidated(*state, "2026/03/01/NEW-3--new", "NEW-3");
}

static void test_workspace_cache_invalidated_by_removed_ticket(void **state)
{
	const char *tmp = *state;
	char *root, *cache, *gone;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	dt_tickets_dispose(&tk);
	gone = tu_path_in(root, "2026/02/14/C-2--two");
	tu_rm_rf(gone);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 3);
	assert_null(dt_tickets_find(&tk, "C-2"));
	dt_tickets_dispose(&tk);
	free(gone);
	free(root);
	free(cache);
}

/* A nested workspace whose every mtime is a minute old, loaded once so
 * that its cache is written. */
static void nested_cache_fixture(const char *tmp, char **root, char **cache)
{
	dt_buf c = DT_BUF_INIT;
	char *gitdir = tu_path_in(tmp, "repo.git");
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	*root = tu_path_in(tmp, "ttmp");
	nested_workspace(*root);
	put_ticket(*root, "2026/03/03/LEAF-7--no-nested", "LEAF-7", "active");
	tu_put(*root, "2026/03/03/LEAF-7--no-nested/reference/01-diary.md", "# Diary\n");
	tu_mkdirs(gitdir, ".");
	tu_age_tree(*root, 60);
	dt_workspace_cache_path(&c, gitdir);
	*cache = dt_buf_detach(&c);
	assert_int_equal(dt_workspace_load(&tk, *root, *cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 6);
	assert_true(dt_path_isfile(*cache));
	dt_tickets_dispose(&tk);
	free(gitdir);
}

static void test_workspace_cache_keeps_nested_tickets(void **state)
{
	char *root, *cache;
	dt_tickets scan = DT_TICKETS_INIT, tk = DT_TICKETS_INIT;
	int cached = -1;

	nested_cache_fixture(*state, &root, &cache);
	scan_ok(&scan, root);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 1);
	assert_same_tickets(&scan, &tk);
	for (size_t i = 0; i < tk.count; i++)
		assert_int_equal(dt_workspace_verify(&tk, &tk.items[i]), 1);
	dt_tickets_dispose(&scan);
	dt_tickets_dispose(&tk);
	free(root);
	free(cache);
}

/* Add a ticket at `dir` to the nested fixture: the next load must not
 * trust the cache, and finds it. */
static void check_nested_invalidated(const char *tmp, const char *dir, const char *id)
{
	char *root, *cache;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	nested_cache_fixture(tmp, &root, &cache);
	put_ticket(root, dir, id, "active");
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 7);
	assert_non_null(dt_tickets_find(&tk, id));
	dt_tickets_dispose(&tk);
	free(root);
	free(cache);
}

/* the outer ticket folder holds tickets: it is watched */
static void test_workspace_cache_invalidated_by_new_ticket_in_outer_ticket(void **state)
{
	check_nested_invalidated(*state, OUTER "/NEW-8--beside", "NEW-8");
}

/* and so is every folder on the way to a nested ticket */
static void test_workspace_cache_invalidated_by_new_ticket_in_nested_date_folder(void **state)
{
	check_nested_invalidated(*state, OUTER "/2026/03/02/NEW-8--same-day", "NEW-8");
}

/* a nested ticket that holds one itself */
static void test_workspace_cache_invalidated_by_new_ticket_in_nested_ticket(void **state)
{
	check_nested_invalidated(*state, MIDDLE "/NEW-8--beside-inner", "NEW-8");
}

static void test_workspace_cache_invalidated_by_removed_nested_ticket(void **state)
{
	char *root, *cache, *gone;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	nested_cache_fixture(*state, &root, &cache);
	gone = tu_path_in(root, INNER);
	tu_rm_rf(gone);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 5);
	assert_null(dt_tickets_find(&tk, "IN-3"));
	dt_tickets_dispose(&tk);
	free(gone);
	free(root);
	free(cache);
}

/* Folders within a ticket that hold no ticket are not watched: a diary
 * written (the hooks do so after every commit) or a file added there keeps
 * the cache, and so, by the same token, does a ticket made inside a ticket
 * that held none. That one is found by a scan, which is what a caller does
 * for a name the cache lacks (commit-msg: dt_context_confirm). */
static void test_workspace_cache_kept_by_changes_in_folders_without_tickets(void **state)
{
	char *root, *cache;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	nested_cache_fixture(*state, &root, &cache);
	tu_put(root, OUTER "/reference/02-notes.md", "notes\n");
	tu_put(root, MIDDLE "/reference/01-diary.md", "# Diary\n\n## Step 1: x\n");
	tu_put(root, "2026/03/03/LEAF-7--no-nested/scripts/run.sh", "true\n");
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 1);
	assert_int_equal(tk.count, 6);
	dt_tickets_dispose(&tk);

	put_ticket(root, "2026/03/03/LEAF-7--no-nested/2026/03/04/LATE-9--late", "LATE-9",
	           "active");
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 1);
	assert_null(dt_tickets_find(&tk, "LATE-9"));
	dt_tickets_dispose(&tk);
	scan_ok(&tk, root);
	assert_int_equal(tk.count, 7);
	assert_string_equal(
	    find_dir(&tk, "2026/03/03/LEAF-7--no-nested/2026/03/04/LATE-9--late")->id, "LATE-9");
	dt_tickets_dispose(&tk);
	free(root);
	free(cache);
}

/* Editing an index.md in place changes no folder: the cache still loads,
 * and dt_workspace_verify() tells the caller the ticket changed. */
static void test_workspace_verify_detects_edited_index(void **state)
{
	const char *tmp = *state;
	char *root, *cache, *path;
	dt_tickets tk = DT_TICKETS_INIT;
	const dt_ticket *t;
	int cached = -1, fd;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	dt_tickets_dispose(&tk);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	assert_int_equal(cached, 1);
	t = dt_tickets_find(&tk, "C-1");
	assert_non_null(t);
	assert_int_equal(dt_workspace_verify(&tk, t), 1);

	/* rewrite in place (same inode, so the folder's mtime stays) */
	path = tu_path_in(root, "2026/02/14/C-1--one/index.md");
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "more\n", 5), 5);
	close(fd);
	assert_int_equal(dt_workspace_verify(&tk, t), 0);
	/* the other tickets still verify */
	assert_int_equal(dt_workspace_verify(&tk, dt_tickets_find(&tk, "C-4")), 1);
	dt_tickets_dispose(&tk);

	/* same size, other mtime: changed too */
	assert_int_equal(dt_workspace_scan(&tk, root, NULL), 0);
	t = dt_tickets_find(&tk, "C-1");
	{
		struct timespec ts[2] = {{1600000000, 5}, {1600000000, 5}};
		assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	}
	assert_int_equal(dt_workspace_verify(&tk, t), 0);
	/* and a removed index.md does not verify */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(dt_workspace_verify(&tk, t), 0);
	dt_tickets_dispose(&tk);
	free(path);
	free(root);
	free(cache);
}

static void test_workspace_cache_for_another_root_not_used(void **state)
{
	const char *tmp = *state;
	char *root, *cache, *other = tu_path_in(tmp, "other-root");
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	dt_tickets_dispose(&tk);
	put_ticket(other, "O-1--o", "O-1", "active");
	tu_age_tree(other, 60);
	assert_int_equal(dt_workspace_load(&tk, other, cache, &cached), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(tk.count, 1);
	assert_string_equal(tk.items[0].id, "O-1");
	dt_tickets_dispose(&tk);
	free(other);
	free(root);
	free(cache);
}

static void test_workspace_corrupt_cache_falls_back_to_scan(void **state)
{
	static const char *const junk[] = {
	    "",
	    "not a cache\n",
	    "diarist-tickets 1\t/elsewhere\n",
	    "diarist-tickets 1\t%s\nX\tgarbage\n",
	    "diarist-tickets 1\t%s\nT\t1\t2\n",
	    "diarist-tickets 1\t%s\nD\tnot-a-number\t0\t\n",
	    NULL,
	};
	const char *tmp = *state;
	char *root, *cache;
	dt_tickets tk = DT_TICKETS_INIT;
	int cached = -1;

	cache_fixture(tmp, &root, &cache);
	assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
	dt_tickets_dispose(&tk);
	for (size_t i = 0; junk[i]; i++) {
		char *text =
		    strstr(junk[i], "%s") ? dt_xasprintf(junk[i], root) : dt_xstrdup(junk[i]);
		assert_int_equal(dt_file_write_atomic(cache, text, strlen(text), 0644), 0);
		assert_int_equal(dt_workspace_load(&tk, root, cache, &cached), 0);
		assert_int_equal(cached, 0);
		assert_int_equal(tk.count, 4);
		dt_tickets_dispose(&tk);
		free(text);
	}
	free(root);
	free(cache);
}

/* ---- duplicate IDs on the corpus (the ticket-duplicate finding) ---- */

static void test_workspace_corpus_duplicates_exactly_one_group(void **state)
{
	char *root = corpus_root();
	dt_tickets tk = DT_TICKETS_INIT;
	dt_ticket_group *groups = NULL;
	dt_ticket_group g;

	(void)state;
	scan_ok(&tk, root);
	assert_int_equal(dt_tickets_duplicates(&groups, &tk), 1);
	assert_non_null(groups);
	assert_int_equal(groups[0].count, 2);
	assert_string_equal(tk.items[groups[0].first].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_string_equal(tk.items[groups[0].first].dir,
	                    "2026/02/08/VM-016-DOC-DRIFT-HYGIENE--p2-5-resolve-"
	                    "documentation-drift-and-template-link-hygiene");
	assert_string_equal(tk.items[groups[0].first + 1].id, "VM-016-DOC-DRIFT-HYGIENE");
	assert_string_equal(tk.items[groups[0].first + 1].dir,
	                    "2026/02/09/VM-016-DOC-DRIFT-HYGIENE--create-comprehensive-glazed-"
	                    "format-developer-documentation-for-vm-system");
	/* dt_tickets_group names the same folders */
	g = dt_tickets_group(&tk, "vm-016-doc-drift-hygiene");
	assert_int_equal(g.first, groups[0].first);
	assert_int_equal(g.count, 2);
	free(groups);
	dt_tickets_dispose(&tk);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_workspace_corpus_has_27_tickets),
	    cmocka_unit_test(test_workspace_corpus_duplicate_id_in_two_folders),
	    cmocka_unit_test(test_workspace_corpus_vm011_is_ambiguous),
	    cmocka_unit_test(test_workspace_corpus_statuses),
	    cmocka_unit_test_setup_teardown(test_workspace_flat_and_deep_folders, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_skips_underscore_and_dot_folders,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_nested_tickets_one_and_two_levels,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_nested_ticket_with_the_outer_id_is_a_duplicate, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_id_from_folder_when_no_ticket_field,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_broken_frontmatter_kept_as_fm_error,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_symlinked_folders_not_followed,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_status_and_closed, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_updated_from_last_updated_else_mtime,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_duplicate_ids_kept_sorted_by_folder,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_missing_root, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_empty_root, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_workspace_cache_path_in_gitdir),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_second_load_is_cached,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_not_written_for_fresh_changes,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_invalidated_by_new_ticket_at_root,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_invalidated_by_new_ticket_in_date_folder, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_invalidated_by_new_date_folder,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_invalidated_by_removed_ticket,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_keeps_nested_tickets, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_invalidated_by_new_ticket_in_outer_ticket, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_invalidated_by_new_ticket_in_nested_date_folder, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_invalidated_by_new_ticket_in_nested_ticket, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_invalidated_by_removed_nested_ticket, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_workspace_cache_kept_by_changes_in_folders_without_tickets, tu_tmp_setup,
	        tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_verify_detects_edited_index,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_cache_for_another_root_not_used,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_workspace_corrupt_cache_falls_back_to_scan,
	                                    tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_workspace_corpus_duplicates_exactly_one_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
