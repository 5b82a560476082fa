#include "proc.h"
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void write_input(int fd, const char *p, size_t len)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	signal(SIGPIPE, old);
}

int dt_proc_start(dt_proc *p, char *const argv[], int capture, const char *input, size_t input_len)
{
	posix_spawn_file_actions_t fa;
	int outp[2] = {-1, -1}, inp[2] = {-1, -1};
	int rc;

	p->pid = -1;
	p->out_fd = -1;
	posix_spawn_file_actions_init(&fa);
	if (capture) {
		if (pipe2(outp, O_CLOEXEC) < 0)
			goto fail;
		posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	}
	if (input) {
		if (pipe2(inp, O_CLOEXEC) < 0)
			goto fail;
		posix_spawn_file_actions_adddup2(&fa, inp[0], 0);
	}
	rc = posix_spawnp(&p->pid, argv[0], &fa, NULL, argv, environ);
	if (rc == ENOEXEC && strchr(argv[0], '/')) {
		/* a script without "#!": run it with the shell, as git does */
		size_t n = 0;
		char **sh;
		while (argv[n])
			n++;
		sh = dt_xcalloc(n + 2, sizeof(*sh));
		sh[0] = (char *)"/bin/sh";
		for (size_t i = 0; i < n; i++)
			sh[i + 1] = argv[i];
		rc = posix_spawn(&p->pid, "/bin/sh", &fa, NULL, sh, environ);
		free(sh);
	}
	posix_spawn_file_actions_destroy(&fa);
	if (inp[0] >= 0)
		close(inp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (rc != 0) {
		if (inp[1] >= 0)
			close(inp[1]);
		if (outp[0] >= 0)
			close(outp[0]);
		p->pid = -1;
		return dt_error_set(DT_EIO, "cannot run '%s': %s", argv[0], strerror(rc));
	}
	snprintf(p->name, sizeof(p->name), "%s", argv[0]);
	if (input) {
		/* inputs here are small (hook stdin); a large one would need
		 * to be interleaved with reading the output */
		write_input(inp[1], input, input_len);
		close(inp[1]);
	}
	p->out_fd = outp[0];
	return 0;

fail:
	rc = errno;
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (inp[i] >= 0)
			close(inp[i]);
	}
	return dt_error_set(DT_EIO, "cannot run '%s': %s", argv[0], strerror(rc));
}

int dt_proc_finish(dt_proc *p, dt_buf *out)
{
	int status;

	if (p->pid < 0)
		return dt_error_set(DT_EIO, "no program was started");
	if (out)
		dt_buf_clear(out);
	if (p->out_fd >= 0) {
		char tmp[8192];
		ssize_t n;
		while ((n = read(p->out_fd, tmp, sizeof(tmp))) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (out)
				dt_buf_put(out, tmp, (size_t)n);
		}
		close(p->out_fd);
		p->out_fd = -1;
	}
	while (waitpid(p->pid, &status, 0) < 0)
		if (errno != EINTR) {
			p->pid = -1;
			return dt_error_set(DT_EIO, "cannot wait for '%s'", p->name);
		}
	p->pid = -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int dt_proc_run(dt_buf *out, char *const argv[], const char *input, size_t input_len)
{
	dt_proc p;
	int rc = dt_proc_start(&p, argv, out != NULL, input, input_len);
	return rc < 0 ? rc : dt_proc_finish(&p, out);
}

char *dt_proc_git_path(void)
{
	/* git sets GIT_EXEC_PATH for hooks: no PATH search needed */
	const char *exec = getenv("GIT_EXEC_PATH");
	if (exec && *exec) {
		char *p = dt_xasprintf("%s/git", exec);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return dt_xstrdup("git");
}

int dt_proc_git(dt_buf *out, const char *arg, ...)
{
	const char *argv[32];
	size_t n = 0;
	va_list ap;
	int rc;
	char *path = dt_proc_git_path();

	argv[n++] = path;
	va_start(ap, arg);
	for (const char *a = arg; a && n < DT_ARRAY_SIZE(argv) - 1; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	rc = dt_proc_run(out, (char *const *)argv, NULL, 0);
	free(path);
	if (rc >= 0 && out)
		while (out->size &&
		       (out->ptr[out->size - 1] == '\n' || out->ptr[out->size - 1] == '\r'))
			dt_buf_truncate(out, out->size - 1);
	return rc;
}

int dt_proc_chain(const char *path, char *const argv[], const char *input, size_t input_len)
{
	char **av;
	size_t n = 0;
	int rc;

	if (access(path, X_OK) != 0)
		return 0;
	while (argv[n])
		n++;
	av = dt_xcalloc(n + 1, sizeof(*av));
	av[0] = (char *)path;
	for (size_t i = 1; i < n; i++)
		av[i] = argv[i];
	rc = dt_proc_run(NULL, av, input, input_len);
	free(av);
	return rc;
}
