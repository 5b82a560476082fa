/* diarist: the command-line tool. Dispatches to one file per subcommand. */
#include "cmd.h"
#include "common.h"
#include "fileio.h"

#include "history.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *usage;
	const char *about;
} commands[] = {
    {"install", cmd_install, "diarist install [--force] [--uninstall]",
     "Put diarist's hooks into this repository's hooks folder (git rev-parse\n"
     "--git-path hooks: core.hooksPath and linked worktrees are followed).\n"
     "A hook that is already there is kept and runs first. --uninstall puts\n"
     "back exactly what was there. A core.hooksPath owned by husky, lefthook\n"
     "or pre-commit is left alone (the lines to add to its configuration are\n"
     "printed) unless --force is given."},
    {"which", cmd_which, "diarist which [MESSAGE | -]",
     "Show how a commit message resolves to tickets: each ref, where it was\n"
     "found, and the ticket it names or why it names none. With no MESSAGE\n"
     "or '-', the message is read from standard input. Exit 0 when the\n"
     "message names a ticket (or needs none), 1 when commit-msg would refuse it."},
    {"check", cmd_check,
     "diarist check [RANGE... | --all] [--format text|json|sarif|junit|github] [--ticket ID]",
     "Judge commits and their ticket bookkeeping with the pre-push hook's rules\n"
     "(the CI verifier). RANGE is A..B (default @{upstream}..HEAD; without an\n"
     "upstream, HEAD's commits that no remote-tracking branch has). --all judges\n"
     "all history since `since:` and every ticket, and ends with a summary\n"
     "(--list prints every finding). --ticket ID reports one ticket. Files are\n"
     "read as they are in the range's last commit. Exit 0 clean or warnings\n"
     "only, 1 errors, 2 usage or configuration, 3 unreadable repository."},
    {"hook", cmd_hook, "diarist hook NAME [ARG...]",
     "Run diarist's hook NAME (commit-msg, post-commit, post-rewrite, pre-push)\n"
     "with git's arguments and standard input: for hook managers that call a\n"
     "command (pre-commit's .pre-commit-hooks.yaml, lefthook, husky)."},
    {"status", cmd_status, "diarist status [--format text|json] [--all]",
     "One line per open ticket (--all: closed ones too), the state of its\n"
     "bookkeeping as 'diarist check --all' sees it in HEAD: ID, status, tasks\n"
     "done/total, steps and commits recorded (REC) in all its diaries, commits\n"
     "that name the ticket but are not recorded (UNREC), evidence of the recorded\n"
     "commits passed/failed/missing, and findings (ERR, WARN). Tickets with\n"
     "errors come first. --format json: schema diarist-status/1\n"
     "(docs/json-schema.md). Exit 0 whatever the findings, 2 usage or\n"
     "configuration, 3 unreadable repository."},
    {"log", cmd_log, "diarist log TICKET [--format text|json]",
     "Show a ticket's history as one timeline, oldest first: the commits that\n"
     "name it or that one of its diaries records (date, hash, author, subject,\n"
     "the step recording it and its test evidence), the commit in which each\n"
     "task was checked or unchecked (from the history of tasks.md), when each\n"
     "step first appeared in each diary, and the changes of Status: in\n"
     "index.md. Read from HEAD's history. TICKET is resolved as a commit\n"
     "message's ref is (vm023 finds VM-023-...). --format json: schema\n"
     "diarist-log/1 (docs/json-schema.md). Exit 0, 2 when TICKET names no\n"
     "ticket or several (they are listed), 3 unreadable repository."},
    {"run", cmd_run, "diarist run [--] CMD [ARG...]",
     "Run the tests (CMD, or evidence.command of .diarist.yaml) without a shell,\n"
     "showing their output, and keep the evidence in the git dir for the tree\n"
     "of the index: command, exit status, duration and the pass/fail counts\n"
     "read from the output. post-commit writes it under the commit's record.\n"
     "A run with unstaged changes is kept as dirty and never attached. Exits\n"
     "with the tests' status."},
    {"record", cmd_record, "diarist record [--step N] [COMMIT...]",
     "Record commits (default HEAD) in their tickets' diaries, as post-commit\n"
     "does: for commits made with the hooks bypassed or before they were\n"
     "installed. --step N puts them into step N."},
    {"fix", cmd_fix, "diarist fix [--dry-run] [RANGE]",
     "Repair the diaries of the work tree where it can be done mechanically:\n"
     "rewrite recorded hashes whose commit was rebased (same patch-id, else same\n"
     "author date and subject, among HEAD's commits), fill waiting placeholders\n"
     "whose commit is identifiable (a Diary-Step: N trailer, or the subject quoted\n"
     "on the placeholder), and record the commits of RANGE (default\n"
     "@{upstream}..HEAD; without an upstream, HEAD's commits that no\n"
     "remote-tracking branch has) as post-commit would. Prints each change as\n"
     "a diff and what it left as is; prose is never touched. --dry-run (-n)\n"
     "prints the same and writes nothing. The changes are left for you to commit."},
    {"report", cmd_report, "diarist report [-o FILE.html] [--ticket ID...]",
     "Write one self-contained HTML page for maintainers (default\n"
     "diarist-report.html; -o - writes to standard output): a table of the\n"
     "tickets with their progress, steps, commits, test evidence and findings,\n"
     "then for each ticket its findings with hints, its tasks with the commit\n"
     "that checked each, and its timeline as 'diarist log' shows it. Files are\n"
     "read as they are in HEAD. --ticket ID (repeatable; resolved like a ref\n"
     "in a commit message) keeps only those tickets. The page fetches nothing\n"
     "and prints well."},
    {"version", cmd_version, "diarist version", "Print diarist's version."},
    {"help", cmd_help, "diarist help [COMMAND]", "Show the usage of diarist or of COMMAND."},
    {NULL, NULL, NULL, NULL}};

/* Not built yet (SPEC §6): named so that help is honest about them. */
static const char *planned[] = {NULL};

void usage_print(const char *name, int to_stderr)
{
	FILE *out = to_stderr ? stderr : stdout;
	if (name) {
		for (const struct command *c = commands; c->name; c++)
			if (!strcmp(c->name, name)) {
				fprintf(out, "usage: %s\n\n%s\n", c->usage, c->about);
				return;
			}
	}
	fprintf(out, "usage: diarist <command> [<args>]\n\n"
	             "diarist keeps a repository's commits and its ticket workspaces in step.\n\n"
	             "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %s\n", c->usage);
	if (planned[0]) {
		fprintf(out, "\nnot built yet:");
		for (const char **p = planned; *p; p++)
			fprintf(out, " %s", *p);
		fprintf(out, "\n");
	}
	fprintf(out, "\nRun 'diarist help <command>' for the details of one command.\n");
}

int usage_error(const char *name, const char *fmt, const char *arg)
{
	fprintf(stderr, "diarist %s: ", name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	usage_print(name, 1);
	return 2;
}

char *hook_program_dir(void)
{
	const char *env = getenv("DIARIST_HOOK_DIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash, *dir;

	if (env && *env)
		return dt_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return dt_xstrdup(".");
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	/* the build tree: build/diarist and build/hooks/ */
	dir = dt_xasprintf("%s/hooks", exe);
	{
		char *probe = dt_xasprintf("%s/commit-msg", dir);
		int ok = dt_path_isfile(probe);
		free(probe);
		if (ok)
			return dir;
	}
	free(dir);
	/* installed: PREFIX/bin/diarist and PREFIX/libexec/diarist/ */
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	return dt_xasprintf("%s/libexec/diarist", exe);
}

int cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("version", "unexpected argument '%s'", argv[1]);
	printf("diarist %s\n", DIARIST_VERSION);
	return 0;
}

int cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return usage_error("help", "unexpected argument '%s'", argv[2]);
	if (argc == 2) {
		for (const struct command *c = commands; c->name; c++)
			if (!strcmp(c->name, argv[1])) {
				usage_print(argv[1], 0);
				return 0;
			}
		for (const char **p = planned; *p; p++)
			if (!strcmp(*p, argv[1])) {
				fprintf(stderr, "diarist: '%s' is not built yet\n", argv[1]);
				return 2;
			}
		fprintf(stderr, "diarist: no such command '%s'\n", argv[1]);
		return 2;
	}
	usage_print(NULL, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_print(NULL, 1);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-v"))
		return cmd_version(1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv + 1);
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->fn(argc - 1, argv + 1);
	for (const char **p = planned; *p; p++)
		if (!strcmp(*p, argv[1])) {
			fprintf(stderr, "diarist: '%s' is not built yet (see README.md)\n",
			        argv[1]);
			return 2;
		}
	fprintf(stderr, "diarist: no such command '%s'\n", argv[1]);
	usage_print(NULL, 1);
	return 2;
}
