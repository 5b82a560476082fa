/*
 * cmd.h - diarist's subcommands. Each takes the arguments after its name
 * (argv[0] is the subcommand) and returns the exit status of SPEC §6.1.
 */
#ifndef DT_CMD_H
#define DT_CMD_H

#define DIARIST_VERSION "0.1.0"

int cmd_install(int argc, char **argv);
int cmd_which(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_hook(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* Print the usage of `name` (NULL: every command) to stdout or stderr. */
void usage_print(const char *name, int to_stderr);
/* Report a usage error and return 2. */
int usage_error(const char *name, const char *fmt, const char *arg);
/* The folder that holds diarist's hook programs. Caller frees. */
char *hook_program_dir(void);

#endif
