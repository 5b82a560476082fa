/* test_commitmsg.c - lib/commitmsg.h: the commit-msg gate (SPEC §2, §3)
 * driven directly, in throwaway repositories made by the real git. Git
 * tells a hook that no editor runs (-m, -F) with GIT_EDITOR=":"; these
 * tests set it so by default and unset it where the message was edited. */
#include "unit.h"

#include "buf.h"
#include "commitmsg.h"
#include "common.h"
#include "fileio.h"
#include "proc.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MSG ".git/COMMIT_EDITMSG"
#define BYPASS "  bypass: git commit --no-verify (CI will still check this commit)\n"

/* ---- helpers ---- */

typedef struct {
	char *tmp;  /* absolute and real */
	char *here; /* where the test started */
	char *repo; /* tmp/repo: three tickets and one commit */
	char *root; /* repo/ttmp */
} fixture;

/* A ticket folder root/<dir> with index.md. */
static void put_ticket(const char *root, const char *dir, const char *id, const char *status,
                       const char *title, const char *updated)
{
	char *rel = dt_xasprintf("%s/index.md", dir);
	char *text = dt_xasprintf("---\nTitle: %s\nTicket: %s\nStatus: %s\nLastUpdated: %s\n---\n"
	                          "\n# %s\n",
	                          title, id, status, updated, title);
	tu_put(root, rel, text);
	free(text);
	free(rel);
}

static void standard_tickets(const char *root)
{
	put_ticket(root, "2026/02/14/VM-023-IMPROVE-DOCS--improve-docs", "VM-023-IMPROVE-DOCS",
	           "active", "Improve docs", "2026-02-14T10:00:00Z");
	put_ticket(root, "2026/02/13/VM-024-PLUGIN-GRANTS--plugin-grants", "VM-024-PLUGIN-GRANTS",
	           "active", "Plugin grants", "2026-02-13");
	put_ticket(root, "2026/01/02/VM-001-OLD--old-work", "VM-001-OLD", "complete", "Old work",
	           "2026-01-02");
}

static int setup(void **state)
{
	static const char cfg[] = "[user]\n\tname = T\n\temail = t@example.com\n"
	                          "[init]\n\tdefaultBranch = main\n"
	                          "[advice]\n\tdetachedHead = false\n";
	fixture *f = dt_xcalloc(1, sizeof(*f));
	char *home;

	if (tu_tmp_open(&f->tmp, &f->here, "commitmsg") < 0) {
		free(f);
		return -1;
	}
	*state = f;

	home = tu_path_in(f->tmp, "home");
	tu_git_env(home, cfg);
	setenv("GIT_CEILING_DIRECTORIES", f->tmp, 1);
	setenv("GIT_EDITOR", ":", 1);
	free(home);

	f->repo = tu_path_in(f->tmp, "repo");
	f->root = tu_path_in(f->repo, "ttmp");
	assert_int_equal(dt_mkdir_p(f->repo), 0);
	tu_git(f->repo, "init -q");
	standard_tickets(f->root);
	tu_git(f->repo, "add -A");
	tu_git(f->repo, "commit -q -m 'initial import'");
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc = tu_tmp_close(f->tmp, f->here);
	free(f->repo);
	free(f->root);
	free(f);
	unsetenv("GIT_CEILING_DIRECTORIES");
	return rc;
}

/* Run the gate from `dir` on the message file `msg_path` as it is; what
 * it printed is returned in *err (caller frees). */
static int gate_file(const fixture *f, const char *dir, const char *msg_path, char **err)
{
	tu_stream s;
	int rc, back;

	tu_stream_open(&s);
	assert_int_equal(chdir(dir), 0);
	rc = dt_commitmsg_run(msg_path, s.f);
	back = chdir(f->here);
	*err = tu_stream_close(&s);
	assert_int_equal(back, 0);
	return rc;
}

/* Write `msg` to .git/COMMIT_EDITMSG of `dir` and run the gate there. */
static int gate_in(const fixture *f, const char *dir, const char *msg, char **err)
{
	char *path = tu_path_in(dir, MSG);
	int rc;
	assert_int_equal(dt_file_write_atomic(path, msg, strlen(msg), 0644), 0);
	rc = gate_file(f, dir, MSG, err);
	free(path);
	return rc;
}

static int gate(const fixture *f, const char *msg, char **err)
{
	return gate_in(f, f->repo, msg, err);
}

static char *message_file(const fixture *f)
{
	char *path = tu_path_in(f->repo, MSG);
	char *text = tu_slurp(path);
	free(path);
	return text;
}

/* ---- accepted ---- */

static void test_accepts_messages_naming_a_ticket(void **state)
{
	static const char *const messages[] = {
	    "VM-023: improve the intro\n",
	    "VM-024-PLUGIN-GRANTS: grant table\n",
	    "vm023: fix typo\n",
	    "[VM-024] wire the grants\n",
	    "docs(vm-023): explain install\n",
	    "feat(vm-023,vm-024)!: shared parser\n",
	    "rework the loader\n\nTicket: VM-024\n",
	    "rework the loader\n\nSome prose.\n\nRefs: VM-023-IMPROVE-DOCS\n",
	    "move VM-023 notes to docs\n",
	    "VM-023: no final newline",
	    "\n\nVM-023: after blank lines\n",
	    "VM-023: CRLF line ends\r\n\r\nbody\r\n",
	    NULL,
	};
	fixture *f = *state;
	size_t failures = 0;

	for (size_t i = 0; messages[i]; i++) {
		char *err = NULL, *after;
		int rc = gate(f, messages[i], &err);
		if (rc != 0 || *err) {
			print_error("'%s': exit %d, said:\n%s\n", messages[i], rc, err);
			failures++;
		}
		/* an accepted message is left as it was */
		after = message_file(f);
		if (strcmp(after, messages[i])) {
			print_error("'%s' was rewritten to '%s'\n", messages[i], after);
			failures++;
		}
		free(after);
		free(err);
	}
	assert_int_equal(failures, 0);
}

/* ---- refused ---- */

static void test_refuses_message_naming_no_ticket(void **state)
{
	fixture *f = *state;
	char *err = NULL, *after;

	assert_int_equal(gate(f, "add a thing\n", &err), 1);
	assert_string_equal(
	    err, "diarist: commit refused: the message names no ticket [ticket-missing]\n"
	         "  subject: \"add a thing\"\n"
	         "  open tickets (most recently touched first):\n"
	         "    VM-023-IMPROVE-DOCS                  Improve docs\n"
	         "    VM-024-PLUGIN-GRANTS                 Plugin grants\n"
	         "  fix: name the ticket in the subject, for example:\n"
	         "    VM-023: add a thing\n"
	         "  or add a trailer line \"Ticket: VM-023-IMPROVE-DOCS\" at the end of the "
	         "message\n" BYPASS);
	after = message_file(f);
	assert_string_equal(after, "add a thing\n");
	free(after);
	free(err);
}

static void test_refuses_refs_that_do_not_count(void **state)
{
	static const char *const messages[] = {
	    "UI: align buttons\n",
	    "Diary: record step 4\n",
	    "fix CVE-2024-1234 in parser\n",
	    "tidy\n\nTicket: VM-023\n\nmore prose after it\n",
	    "tidy\n\nsee VM-023 in the body\n",
	    NULL,
	};
	fixture *f = *state;

	for (size_t i = 0; messages[i]; i++) {
		char *err = NULL;
		int rc = gate(f, messages[i], &err);
		if (rc != 1)
			print_error("'%s': exit %d\n%s\n", messages[i], rc, err);
		assert_int_equal(rc, 1);
		tu_assert_starts_with(err, "diarist: commit refused: the message names no ticket "
		                           "[ticket-missing]\n");
		tu_assert_contains(err, BYPASS);
		tu_assert_lacks(err, "[ticket-unknown]");
		free(err);
	}
}

static void test_refuses_ambiguous_ref_listing_candidates(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	put_ticket(f->root, "2026/02/15/VM-030-ALPHA--alpha", "VM-030-ALPHA", "active", "Alpha",
	           "2026-02-15");
	put_ticket(f->root, "2026/02/15/VM-030-BETA--beta", "VM-030-BETA", "active", "Beta",
	           "2026-02-15");
	assert_int_equal(gate(f, "VM-030: add a\n", &err), 1);
	tu_assert_starts_with(err, "diarist: commit refused: 'VM-030' (subject prefix) matches "
	                           "several tickets [ticket-ambiguous]\n"
	                           "  candidates: VM-030-ALPHA, VM-030-BETA\n");
	tu_assert_contains(err, "  subject: \"VM-030: add a\"\n");
	tu_assert_contains(err, BYPASS);
	free(err);

	/* next to a good ref it still refuses */
	assert_int_equal(gate(f, "feat(vm-023,vm-030): both\n", &err), 1);
	tu_assert_contains(err, "[ticket-ambiguous]");
	free(err);

	/* a longer ref picks one */
	assert_int_equal(gate(f, "VM-030-BETA: add b\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
}

static void test_refuses_unknown_ref_with_suggestions(void **state)
{
	fixture *f = *state;
	char *err = NULL;
	const char *line2;

	assert_int_equal(gate(f, "VM-203: add c\n", &err), 1);
	tu_assert_starts_with(err, "diarist: commit refused: 'VM-203' (subject prefix) names no "
	                           "ticket [ticket-unknown]\n  did you mean:");
	line2 = strchr(err, '\n') + 1;
	assert_true(strchr(line2, '\n') != NULL);
	{
		char *suggest = dt_xstrndup(line2, (size_t)(strchr(line2, '\n') - line2));
		tu_assert_contains(suggest, "VM-023-IMPROVE-DOCS");
		free(suggest);
	}
	tu_assert_contains(err, "  subject: \"VM-203: add c\"\n");
	/* the fix puts the closest ID in place of the bad ref */
	tu_assert_contains(err, "  fix: name the ticket in the subject, for example:\n");
	tu_assert_contains(err, BYPASS);
	free(err);

	assert_int_equal(gate(f, "tidy\n\nTicket: NOPE-1\n", &err), 1);
	tu_assert_starts_with(err, "diarist: commit refused: 'NOPE-1' (trailer) names no ticket "
	                           "[ticket-unknown]\n");
	free(err);
}

/* ---- warnings on accepted messages ---- */

static void test_closed_ticket_accepted_with_warning(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	assert_int_equal(gate(f, "VM-001: follow-up\n", &err), 0);
	assert_string_equal(err, "diarist: warning: VM-001-OLD is complete [ticket-closed]\n");
	free(err);
	assert_int_equal(gate(f, "follow up on VM-001\n", &err), 0);
	assert_string_equal(err, "diarist: warning: VM-001-OLD is complete [ticket-closed]\n");
	free(err);
}

static void test_duplicate_id_accepted_with_warning(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	put_ticket(f->root, "2026/02/15/VM-023-IMPROVE-DOCS--second-folder", "VM-023-IMPROVE-DOCS",
	           "active", "Improve docs again", "2026-02-15");
	assert_int_equal(gate(f, "VM-023: which folder?\n", &err), 0);
	assert_string_equal(err, "diarist: warning: VM-023-IMPROVE-DOCS is the ID of 2 ticket "
	                         "folders: 2026/02/14/VM-023-IMPROVE-DOCS--improve-docs, "
	                         "2026/02/15/VM-023-IMPROVE-DOCS--second-folder "
	                         "[ticket-duplicate]\n");
	free(err);
	/* a ticket that is not duplicated says nothing */
	assert_int_equal(gate(f, "VM-024: grants\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
}

/* ---- the branch trailer ---- */

static void test_branch_trailer_added_once(void **state)
{
	fixture *f = *state;
	char *err = NULL, *after;
	static const char want[] = "tidy the loader\n\nTicket: VM-024-PLUGIN-GRANTS\n";

	tu_git(f->repo, "checkout -q -b task/vm-024-grants");
	assert_int_equal(gate(f, "tidy the loader\n", &err), 0);
	assert_string_equal(err, "diarist: added trailer \"Ticket: VM-024-PLUGIN-GRANTS\" from "
	                         "branch 'task/vm-024-grants'\n");
	after = message_file(f);
	assert_string_equal(after, want);
	free(after);
	free(err);

	/* again on the same file (amend --no-edit): nothing added, nothing said */
	assert_int_equal(gate_file(f, f->repo, MSG, &err), 0);
	assert_string_equal(err, "");
	after = message_file(f);
	assert_string_equal(after, want);
	free(after);
	free(err);

	/* a message with a ref of its own gets no trailer */
	assert_int_equal(gate(f, "VM-023: names another ticket\n", &err), 0);
	assert_string_equal(err, "");
	after = message_file(f);
	assert_string_equal(after, "VM-023: names another ticket\n");
	free(after);
	free(err);

	/* an unknown ref is a ref: refused, no trailer (SPEC §3: never when any
	 * ref is already present) */
	assert_int_equal(gate(f, "VM-999: a typo in the ref\n", &err), 1);
	tu_assert_contains(err, "[ticket-unknown]");
	tu_assert_lacks(err, "added trailer");
	after = message_file(f);
	assert_string_equal(after, "VM-999: a typo in the ref\n");
	free(after);
	free(err);

	/* a subject word that resolves to nothing is no ref: trailer added */
	assert_int_equal(gate(f, "fix CVE-2024-1234 in the parser\n", &err), 0);
	after = message_file(f);
	assert_string_equal(after, "fix CVE-2024-1234 in the parser\n\n"
	                           "Ticket: VM-024-PLUGIN-GRANTS\n");
	free(after);
	free(err);

	/* an existing trailer block: the trailer joins it */
	assert_int_equal(gate(f, "tidy\n\nSigned-off-by: A U Thor <a@example.com>\n", &err), 0);
	after = message_file(f);
	assert_string_equal(after, "tidy\n\nSigned-off-by: A U Thor <a@example.com>\n"
	                           "Ticket: VM-024-PLUGIN-GRANTS\n");
	free(after);
	free(err);
}

/* An edited message: the trailer goes above the comments and the
 * scissors section, which stay byte for byte. */
static void test_branch_trailer_above_comments_and_scissors(void **state)
{
	static const char tail[] =
	    "\n"
	    "# Please enter the commit message for your changes. Lines starting\n"
	    "# with '#' will be ignored, and an empty message aborts the commit.\n"
	    "#\n"
	    "# On branch task/vm-024-grants\n"
	    "# ------------------------ >8 ------------------------\n"
	    "# Do not modify or remove the line above.\n"
	    "# Everything below it will be ignored.\n"
	    "diff --git a/f b/f\n"
	    "+Ticket: VM-023\n";
	fixture *f = *state;
	char *msg = dt_xasprintf("tidy via editor\n%s", tail);
	char *want = dt_xasprintf("tidy via editor\n\nTicket: VM-024-PLUGIN-GRANTS\n%s", tail);
	char *err = NULL, *after;

	tu_git(f->repo, "checkout -q -b task/vm-024-grants");
	unsetenv("GIT_EDITOR");
	assert_int_equal(gate(f, msg, &err), 0);
	tu_assert_contains(err, "diarist: added trailer \"Ticket: VM-024-PLUGIN-GRANTS\"");
	after = message_file(f);
	assert_string_equal(after, want);
	free(after);
	free(err);
	free(msg);
	free(want);
}

static void test_branch_trailer_not_added_when_off_or_no_ticket_branch(void **state)
{
	fixture *f = *state;
	char *err = NULL, *after;

	/* a branch that names no ticket */
	tu_git(f->repo, "checkout -q -b cleanup/misc");
	assert_int_equal(gate(f, "tidy\n", &err), 1);
	tu_assert_contains(err, "[ticket-missing]");
	tu_assert_lacks(err, "added trailer");
	after = message_file(f);
	assert_string_equal(after, "tidy\n");
	free(after);
	free(err);

	/* detached HEAD: no branch */
	tu_git(f->repo, "checkout -q --detach");
	assert_int_equal(gate(f, "tidy\n", &err), 1);
	free(err);

	/* from_branch: off */
	tu_git(f->repo, "checkout -q -b task/vm-024-grants");
	tu_put(f->repo, ".diarist.yaml", "ticket:\n  from_branch: off\n");
	assert_int_equal(gate(f, "tidy\n", &err), 1);
	tu_assert_contains(err, "[ticket-missing]");
	after = message_file(f);
	assert_string_equal(after, "tidy\n");
	free(after);
	free(err);
}

/* ---- exempt ---- */

static void test_exempt_subjects(void **state)
{
	static const struct {
		const char *msg;
		int rc;
	} cases[] = {
	    {"Merge branch 'side'\n", 0},
	    {"Merge pull request #12 from x/y\n", 0},
	    {"Revert \"no ref change\"\n\nThis reverts commit 0123456.\n", 0},
	    {"Reapply \"no ref change\"\n", 0},
	    {"fixup! no ref change\n", 0},
	    {"squash! no ref change\n", 0},
	    {"amend! no ref change\n\nnew text\n", 0},
	    {"Revert no ref change\n", 1},
	    {"fixup!no ref change\n", 1},
	    {"merge branch 'side'\n", 1},
	    {NULL, 0},
	};
	fixture *f = *state;
	size_t failures = 0;

	for (size_t i = 0; cases[i].msg; i++) {
		char *err = NULL;
		int rc = gate(f, cases[i].msg, &err);
		if (rc != cases[i].rc || (rc == 0 && *err)) {
			print_error("'%s': exit %d, expected %d; said:\n%s\n", cases[i].msg, rc,
			            cases[i].rc, err);
			failures++;
		}
		free(err);
	}
	assert_int_equal(failures, 0);
}

static void test_exempt_subjects_from_config(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	tu_put(f->repo, ".diarist.yaml", "ticket:\n  exempt: ['^chore\\(deps\\): ']\n");
	assert_int_equal(gate(f, "chore(deps): bump libyaml\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(gate(f, "chore: tidy\n", &err), 1);
	free(err);
}

static void test_merge_head_present_is_exempt(void **state)
{
	fixture *f = *state;
	char *err = NULL;
	char *merge_head = tu_path_in(f->repo, ".git/MERGE_HEAD");

	/* the control: without MERGE_HEAD the message is refused */
	assert_int_equal(gate(f, "integrate side\n", &err), 1);
	free(err);
	{
		dt_buf head = DT_BUF_INIT;
		assert_int_equal(
		    dt_proc_git(&head, "-C", f->repo, "rev-parse", "HEAD", (char *)NULL), 0);
		dt_buf_putc(&head, '\n');
		assert_int_equal(dt_file_write_atomic(merge_head, head.ptr, head.size, 0644), 0);
		dt_buf_dispose(&head);
	}
	assert_int_equal(gate(f, "integrate side\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	free(merge_head);
}

static void test_root_commit_is_exempt(void **state)
{
	fixture *f = *state;
	char *fresh = tu_path_in(f->tmp, "fresh");
	char *root = tu_path_in(fresh, "ttmp");
	char *err = NULL;

	assert_int_equal(dt_mkdir_p(fresh), 0);
	tu_git(fresh, "init -q");
	standard_tickets(root);
	assert_int_equal(gate_in(f, fresh, "root commit without a ref\n", &err), 0);
	assert_string_equal(err, "");
	free(err);

	/* once there is a commit, the same message is refused */
	tu_git(fresh, "add -A");
	tu_git(fresh, "commit -q -m 'first'");
	assert_int_equal(gate_in(f, fresh, "second commit without a ref\n", &err), 1);
	free(err);

	/* also when the branch lives in packed-refs only */
	tu_git(fresh, "pack-refs --all --prune");
	{
		char *loose = tu_path_in(fresh, ".git/refs/heads/main");
		assert_false(dt_path_exists(loose));
		free(loose);
	}
	assert_int_equal(gate_in(f, fresh, "third commit without a ref\n", &err), 1);
	free(err);
	free(root);
	free(fresh);
}

/* ---- not in use, empty messages, comments ---- */

static void test_no_ticket_workspace_is_a_note_and_passes(void **state)
{
	fixture *f = *state;
	char *plain = tu_path_in(f->tmp, "plain");
	char *err = NULL, *want;

	assert_int_equal(dt_mkdir_p(plain), 0);
	tu_git(plain, "init -q");
	tu_git(plain, "commit -q --allow-empty -m first");
	assert_int_equal(gate_in(f, plain, "anything at all\n", &err), 0);
	want = dt_xasprintf("diarist: note: no ticket workspace (%s/ttmp) here; diarist is not in "
	                    "use in this repository\n",
	                    plain);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(plain);
}

static void test_empty_message_passes_silently(void **state)
{
	static const char *const messages[] = {
	    "",
	    "\n\n\n",
	    "# Please enter the commit message for your changes.\n#\n",
	    "\n# ------------------------ >8 ------------------------\nVM-999: below\n",
	    NULL,
	};
	fixture *f = *state;

	unsetenv("GIT_EDITOR"); /* edited: comments and the scissors go */
	for (size_t i = 0; messages[i]; i++) {
		char *err = NULL;
		assert_int_equal(gate(f, messages[i], &err), 0);
		assert_string_equal(err, "");
		free(err);
	}
}

/* A comment line is stripped only when git strips it: when the message
 * was edited, not with -m (GIT_EDITOR=":"). */
static void test_comment_lines_count_only_when_git_keeps_them(void **state)
{
	static const char msg[] = "# VM-023: note\nplain subject\n";
	fixture *f = *state;
	char *err = NULL;

	setenv("GIT_EDITOR", ":", 1);
	assert_int_equal(gate(f, msg, &err), 0);
	free(err);
	unsetenv("GIT_EDITOR");
	assert_int_equal(gate(f, msg, &err), 1);
	tu_assert_contains(err, "  subject: \"plain subject\"\n");
	free(err);
	setenv("GIT_EDITOR", "vi", 1);
	assert_int_equal(gate(f, msg, &err), 1);
	free(err);
}

/* core.commentChar comes from the repository's config. */
static void test_comment_char_from_repository_config(void **state)
{
	static const char msg[] = "; VM-023: in a comment\nplain subject\n";
	fixture *f = *state;
	char *err = NULL;

	unsetenv("GIT_EDITOR");
	/* with '#', the ';' line is the subject and names VM-023 */
	assert_int_equal(gate(f, msg, &err), 0);
	free(err);
	tu_git(f->repo, "config core.commentChar ';'");
	assert_int_equal(gate(f, msg, &err), 1);
	tu_assert_contains(err, "  subject: \"plain subject\"\n");
	free(err);
}

static void test_ticket_require_false_lets_ref_less_messages_through(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	tu_put(f->repo, ".diarist.yaml", "ticket:\n  require: false\n");
	assert_int_equal(gate(f, "just a chore\n", &err), 0);
	tu_assert_lacks(err, "refused");
	free(err);
	assert_int_equal(gate(f, "VM-023: still fine\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	/* an unknown ref passes, with a warning that CI will report it */
	assert_int_equal(gate(f, "VM-999: typo\n", &err), 0);
	assert_string_equal(err, "diarist: warning: 'VM-999' (subject prefix) names no ticket "
	                         "[ticket-unknown]; CI will report it\n");
	free(err);
}

/* What git's clean-up does to the message decides what the gate reads:
 * commit.cleanup and whether an editor ran (GIT_EDITOR=":" means none). */
static void test_commit_cleanup_modes(void **state)
{
	static const char msg[] = "# VM-023: note\nplain subject\n";
	static const struct {
		const char *cleanup; /* NULL: unset */
		const char *editor;  /* NULL: unset */
		int rc;              /* 0: the comment line counted; 1: stripped */
	} cases[] = {
	    {NULL, ":", 0},          {NULL, NULL, 1},
	    {"default", ":", 0},     {"default", "vi", 1},
	    {"strip", ":", 1},       {"strip", NULL, 1},
	    {"whitespace", NULL, 0}, {"verbatim", NULL, 0},
	    {"scissors", NULL, 0},   {"", "", -1},
	};
	fixture *f = *state;
	size_t failures = 0;

	for (size_t i = 0; cases[i].rc >= 0; i++) {
		char *err = NULL;
		int rc;
		if (cases[i].cleanup)
			tu_git(f->repo, "config commit.cleanup %s", cases[i].cleanup);
		else
			tu_git(f->repo, "config --unset-all commit.cleanup || true");
		if (cases[i].editor)
			setenv("GIT_EDITOR", cases[i].editor, 1);
		else
			unsetenv("GIT_EDITOR");
		rc = gate(f, msg, &err);
		if (rc != cases[i].rc) {
			print_error("commit.cleanup=%s GIT_EDITOR=%s: exit %d, expected %d\n",
			            cases[i].cleanup ? cases[i].cleanup : "(unset)",
			            cases[i].editor ? cases[i].editor : "(unset)", rc, cases[i].rc);
			failures++;
		}
		free(err);
	}
	assert_int_equal(failures, 0);
}

/* core.commentChar=auto: the character that starts the scissors line. */
static void test_comment_char_auto(void **state)
{
	static const char msg[] = "; VM-023: a comment\nplain subject\n"
	                          "; ------------------------ >8 ------------------------\n"
	                          "; Do not modify or remove the line above.\n";
	fixture *f = *state;
	char *err = NULL;

	unsetenv("GIT_EDITOR");
	tu_git(f->repo, "config core.commentChar auto");
	assert_int_equal(gate(f, msg, &err), 1);
	tu_assert_contains(err, "  subject: \"plain subject\"\n");
	free(err);
}

/* SPEC §3: up to 5 open tickets, most recently touched first (LastUpdated
 * in any of its forms), closed ones left out. */
static void test_refusal_lists_five_newest_open_tickets(void **state)
{
	static const struct {
		const char *id, *status, *updated;
	} tickets[] = {
	    {"TK-001", "active", "2026-01-01T00:00:00Z"},
	    {"TK-002", "active", "2026-02-10"},
	    {"TK-003", "active", "2025-12-31T23:59:59.123456+02:00"},
	    {"TK-004", "active", "2026-02-14T09:00:00Z"},
	    {"TK-005", "draft", "2026-03-01T00:00:00-05:00"},
	    {"TK-006", "review", "2026-01-15T00:00:00Z"},
	    {"TK-007", "active", "2026-02-01T00:00:00Z"},
	    {"TK-100", "complete", "2027-01-01"},
	    {"TK-101", "archived", "2027-01-02T00:00:00Z"},
	    {NULL, NULL, NULL},
	};
	fixture *f = *state;
	char *list = tu_path_in(f->tmp, "list");
	char *root = tu_path_in(list, "ttmp");
	char *err = NULL;

	assert_int_equal(dt_mkdir_p(list), 0);
	tu_git(list, "init -q");
	tu_git(list, "commit -q --allow-empty -m first");
	for (size_t i = 0; tickets[i].id; i++) {
		char *dir = dt_xasprintf("%s--t", tickets[i].id);
		char *title = dt_xasprintf("Task %zu", i + 1);
		put_ticket(root, dir, tickets[i].id, tickets[i].status, title, tickets[i].updated);
		free(dir);
		free(title);
	}
	assert_int_equal(gate_in(f, list, "no ref\n", &err), 1);
	assert_string_equal(
	    err, "diarist: commit refused: the message names no ticket [ticket-missing]\n"
	         "  subject: \"no ref\"\n"
	         "  open tickets (most recently touched first):\n"
	         "    TK-005                               Task 5\n"
	         "    TK-004                               Task 4\n"
	         "    TK-002                               Task 2\n"
	         "    TK-007                               Task 7\n"
	         "    TK-006                               Task 6\n"
	         "    ... and 2 more\n"
	         "  fix: name the ticket in the subject, for example:\n"
	         "    TK-005: no ref\n"
	         "  or add a trailer line \"Ticket: TK-005\" at the end of the message\n" BYPASS);
	free(err);
	free(root);
	free(list);
}

/* SPEC §7: 10 MiB commit messages are handled (an error or a correct
 * answer, never a crash). */
static void test_ten_mib_message(void **state)
{
	fixture *f = *state;
	size_t n = 10u * 1024u * 1024u;
	dt_buf msg = DT_BUF_INIT;
	char *path = tu_path_in(f->repo, MSG);
	char *err = NULL;
	int rc;

	dt_buf_puts(&msg, "VM-023: a very long body\n\n");
	while (msg.size < n)
		dt_buf_puts(&msg, "a line of the body that goes on and on and on\n");
	assert_int_equal(dt_file_write_atomic(path, msg.ptr, msg.size, 0644), 0);
	rc = gate_file(f, f->repo, MSG, &err);
	if (rc != 0)
		print_error("exit %d: %s\n", rc, err);
	assert_int_equal(rc, 0);
	free(err);
	dt_buf_dispose(&msg);
	free(path);
}

/* ---- faults ---- */

static void test_bad_config_exits_2(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	tu_put(f->repo, ".diarist.yaml", "rots: ttmp\n");
	assert_int_equal(gate(f, "VM-023: fine message\n", &err), 2);
	tu_assert_starts_with(err, "diarist: error: .diarist.yaml:1:1: unknown key 'rots'");
	tu_assert_contains(err, "hint: fix the problem above, or commit with --no-verify "
	                        "(CI will still check this commit)\n");
	free(err);

	/* .diarist.yaml naming a root that is not there */
	tu_put(f->repo, ".diarist.yaml", "root: docs\n");
	assert_int_equal(gate(f, "VM-023: fine message\n", &err), 2);
	tu_assert_starts_with(err, "diarist: error: .diarist.yaml:1:");
	tu_assert_contains(err, "does not exist");
	free(err);
}

static void test_bad_config_with_on_internal_error_open_passes_with_warning(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	tu_put(f->repo, ".diarist.yaml", "hooks:\n  on_internal_error: open\nrots: ttmp\n");
	assert_int_equal(gate(f, "no ref at all\n", &err), 0);
	tu_assert_starts_with(err, "diarist: error: .diarist.yaml:3:1: unknown key 'rots'");
	tu_assert_contains(err, "diarist: warning: letting the commit through unchecked "
	                        "(hooks.on_internal_error: open)\n");
	tu_assert_lacks(err, "hint:");
	free(err);
}

static void test_unreadable_message_file_exits_3(void **state)
{
	fixture *f = *state;
	char *err = NULL;

	assert_int_equal(gate_file(f, f->repo, ".git/NO-SUCH-MESSAGE", &err), 3);
	tu_assert_starts_with(err, "diarist: error: ");
	tu_assert_contains(err, "NO-SUCH-MESSAGE");
	free(err);
}

static void test_outside_a_repository_exits_3(void **state)
{
	fixture *f = *state;
	char *dir = tu_path_in(f->tmp, "nowhere");
	char *err = NULL;

	tu_put(dir, "msg", "VM-023: x\n");
	assert_int_equal(gate_file(f, dir, "msg", &err), 3);
	tu_assert_contains(err, "not a git repository");
	free(err);
	free(dir);
}

static void test_bare_repository_is_a_note_and_passes(void **state)
{
	fixture *f = *state;
	char *bare = tu_path_in(f->tmp, "bare.git");
	char *msg = tu_path_in(f->tmp, "msg");
	char *err = NULL;

	assert_int_equal(dt_mkdir_p(bare), 0);
	tu_git(bare, "init -q --bare");
	tu_put(f->tmp, "msg", "no ref\n");
	assert_int_equal(gate_file(f, bare, msg, &err), 0);
	tu_assert_contains(err, "bare repository");
	free(err);
	free(msg);
	free(bare);
}

/* A broken index.md is reported with file and line; the other tickets
 * still resolve, and the broken one falls back to its folder's ID. */
static void test_broken_index_reported_and_others_resolve(void **state)
{
	fixture *f = *state;
	char *err = NULL, *prefix;
	const char *rest;

	tu_put(f->root, "2026/02/16/BAD-1--broken/index.md",
	       "---\nTitle: Broken\nTicket: BAD-1\nStatus: [active\n---\n# Broken\n");
	prefix = dt_xasprintf("diarist: warning: %s/2026/02/16/BAD-1--broken/index.md:", f->root);

	assert_int_equal(gate(f, "VM-023: fine\n", &err), 0);
	tu_assert_starts_with(err, prefix);
	rest = err + strlen(prefix);
	assert_true(dt_isdigit((unsigned char)*rest)); /* the line */
	assert_non_null(strstr(rest, " [frontmatter-invalid]\n"));
	/* one line */
	assert_string_equal(strchr(err, '\n'), "\n");
	free(err);

	/* the folder name gives its ID */
	assert_int_equal(gate(f, "BAD-1: mend the frontmatter\n", &err), 0);
	tu_assert_contains(err, "[frontmatter-invalid]");
	free(err);

	/* a refusal reports it too, and still lists the good tickets */
	assert_int_equal(gate(f, "no ref\n", &err), 1);
	tu_assert_starts_with(err, prefix);
	tu_assert_contains(err, "[ticket-missing]");
	tu_assert_contains(err, "    VM-023-IMPROVE-DOCS                  Improve docs\n");
	free(err);
	free(prefix);
}

/* ---- other kinds of repositories (SPEC §7) ---- */

static void test_sha256_repository(void **state)
{
	fixture *f = *state;
	char *repo = tu_path_in(f->tmp, "sha256");
	char *root = tu_path_in(repo, "ttmp");
	char *err = NULL;

	assert_int_equal(dt_mkdir_p(repo), 0);
	tu_git(repo, "init -q --object-format=sha256");
	standard_tickets(root);
	tu_git(repo, "add -A");
	tu_git(repo, "commit -q -m 'initial import'");
	assert_int_equal(gate_in(f, repo, "VM-023: in a sha256 repository\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(gate_in(f, repo, "no ref\n", &err), 1);
	tu_assert_contains(err, "[ticket-missing]");
	free(err);
	free(root);
	free(repo);
}

/* A linked worktree: its own HEAD and branch, the common refs; git sets
 * GIT_DIR for hooks there, and the gate works with or without it. */
static void test_linked_worktree(void **state)
{
	fixture *f = *state;
	char *wt = tu_path_in(f->tmp, "wt");
	char *wt_gitdir = tu_path_in(f->repo, ".git/worktrees/wt");
	char *msg = tu_path_in(wt_gitdir, "COMMIT_EDITMSG");
	char *err = NULL, *after;

	tu_git(f->repo, "worktree add -q -b task/vm-024-grants '%s'", wt);
	tu_put(wt_gitdir, "COMMIT_EDITMSG", "VM-023: from the worktree\n");
	assert_int_equal(gate_file(f, wt, msg, &err), 0);
	assert_string_equal(err, "");
	free(err);

	/* not a root commit: the branch has history */
	tu_put(wt_gitdir, "COMMIT_EDITMSG", "no ref\n");
	assert_int_equal(gate_file(f, wt, msg, &err), 0);
	/* the worktree's branch names a ticket: the trailer is added */
	assert_string_equal(err, "diarist: added trailer \"Ticket: VM-024-PLUGIN-GRANTS\" from "
	                         "branch 'task/vm-024-grants'\n");
	after = tu_slurp(msg);
	assert_string_equal(after, "no ref\n\nTicket: VM-024-PLUGIN-GRANTS\n");
	free(after);
	free(err);

	/* as git runs hooks there: GIT_DIR set, the worktree as current folder */
	setenv("GIT_DIR", wt_gitdir, 1);
	tu_put(wt_gitdir, "COMMIT_EDITMSG", "VM-999: typo\n");
	assert_int_equal(gate_file(f, wt, msg, &err), 1);
	unsetenv("GIT_DIR");
	tu_assert_contains(err, "[ticket-unknown]");
	free(err);
	free(msg);
	free(wt_gitdir);
	free(wt);
}

/* ---- the ticket cache ---- */

static void test_cache_written_and_second_run_gives_same_answer(void **state)
{
	static const char *const messages[] = {
	    "VM-023: cached\n",    "no ref\n", "VM-001: closed one\n", "VM-203: unknown\n",
	    "BAD-1: broken one\n", NULL,
	};
	fixture *f = *state;
	char *cache = tu_path_in(f->repo, ".git/diarist/tickets.cache");

	tu_put(f->root, "2026/02/16/BAD-1--broken/index.md", "---\nTicket: [\n---\n");
	tu_age_tree(f->root, 3600);
	for (size_t i = 0; messages[i]; i++) {
		char *first = NULL, *second = NULL;
		int rc1 = gate(f, messages[i], &first);
		int rc2;
		assert_true(dt_path_isfile(cache));
		rc2 = gate(f, messages[i], &second);
		if (rc1 != rc2 || strcmp(first, second))
			print_error("'%s': first exit %d:\n%s\nsecond exit %d:\n%s\n", messages[i],
			            rc1, first, rc2, second);
		assert_int_equal(rc1, rc2);
		assert_string_equal(first, second);
		free(first);
		free(second);
	}
	free(cache);
}

/* After the cache was written: a new ticket is found, and a ticket closed
 * in place is seen as closed. */
static void test_cache_sees_new_and_changed_tickets(void **state)
{
	fixture *f = *state;
	char *cache = tu_path_in(f->repo, ".git/diarist/tickets.cache");
	char *index =
	    tu_path_in(f->root, "2026/02/13/VM-024-PLUGIN-GRANTS--plugin-grants/index.md");
	char *err = NULL;
	int fd;
	static const char closed[] = "---\nTitle: Plugin grants\nTicket: VM-024-PLUGIN-GRANTS\n"
	                             "Status: complete\nLastUpdated: 2026-02-13\n---\n";

	tu_age_tree(f->root, 3600);
	assert_int_equal(gate(f, "VM-024: grants\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_true(dt_path_isfile(cache));

	put_ticket(f->root, "2026/02/17/VM-031-NEW--new", "VM-031-NEW", "active", "New",
	           "2026-02-17");
	assert_int_equal(gate(f, "VM-031: brand new\n", &err), 0);
	assert_string_equal(err, "");
	free(err);

	/* a cache of the new state (every folder an hour old again) */
	tu_age_tree(f->root, 3600);
	assert_int_equal(gate(f, "VM-031: cached now\n", &err), 0);
	free(err);
	assert_int_equal(gate(f, "VM-024: from the cache\n", &err), 0);
	assert_string_equal(err, "");
	free(err);

	/* rewritten in place: same inode, so no folder changes and the cache
	 * stays valid; the ticket's own index.md tells it changed */
	fd = open(index, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, closed, sizeof(closed) - 1), (ssize_t)(sizeof(closed) - 1));
	close(fd);
	assert_int_equal(gate(f, "VM-024: grants\n", &err), 0);
	assert_string_equal(err,
	                    "diarist: warning: VM-024-PLUGIN-GRANTS is complete [ticket-closed]\n");
	free(err);
	free(index);
	free(cache);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_accepts_messages_naming_a_ticket),
	    T(test_refuses_message_naming_no_ticket),
	    T(test_refuses_refs_that_do_not_count),
	    T(test_refuses_ambiguous_ref_listing_candidates),
	    T(test_refuses_unknown_ref_with_suggestions),
	    T(test_closed_ticket_accepted_with_warning),
	    T(test_duplicate_id_accepted_with_warning),
	    T(test_branch_trailer_added_once),
	    T(test_branch_trailer_above_comments_and_scissors),
	    T(test_branch_trailer_not_added_when_off_or_no_ticket_branch),
	    T(test_exempt_subjects),
	    T(test_exempt_subjects_from_config),
	    T(test_merge_head_present_is_exempt),
	    T(test_root_commit_is_exempt),
	    T(test_no_ticket_workspace_is_a_note_and_passes),
	    T(test_empty_message_passes_silently),
	    T(test_comment_lines_count_only_when_git_keeps_them),
	    T(test_comment_char_from_repository_config),
	    T(test_ticket_require_false_lets_ref_less_messages_through),
	    T(test_commit_cleanup_modes),
	    T(test_comment_char_auto),
	    T(test_refusal_lists_five_newest_open_tickets),
	    T(test_ten_mib_message),
	    T(test_bad_config_exits_2),
	    T(test_bad_config_with_on_internal_error_open_passes_with_warning),
	    T(test_unreadable_message_file_exits_3),
	    T(test_outside_a_repository_exits_3),
	    T(test_bare_repository_is_a_note_and_passes),
	    T(test_broken_index_reported_and_others_resolve),
	    T(test_sha256_repository),
	    T(test_linked_worktree),
	    T(test_cache_written_and_second_run_gives_same_answer),
	    T(test_cache_sees_new_and_changed_tickets),
	};
#undef T
	return cmocka_run_group_tests_name("commitmsg", tests, NULL, NULL);
}
