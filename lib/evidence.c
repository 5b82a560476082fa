#include "evidence.h"
#include "common.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define TAIL_MAX (256u * 1024u) /* output kept for the counts */

void dt_evidence_dispose(dt_evidence *ev)
{
	free(ev->command);
	free(ev->format);
	memset(ev, 0, sizeof(*ev));
}

typedef struct {
	const char *p;
	size_t len;
} span;

static int starts(span l, const char *s)
{
	size_t n = strlen(s);
	return l.len >= n && !memcmp(l.p, s, n);
}

static const char *find(span l, const char *s)
{
	return memmem(l.p, l.len, s, strlen(s));
}

/* The number just before `word` ("42 passed") in l, or -1. */
static long number_before(span l, const char *word)
{
	const char *w = l.p, *end = l.p + l.len;
	size_t wl = strlen(word);
	while ((w = memmem(w, (size_t)(end - w), word, wl)) != NULL) {
		const char *q = w;
		if (q > l.p && q[-1] == ' ') {
			q--;
			const char *d = q;
			while (d > l.p && dt_isdigit((unsigned char)d[-1]))
				d--;
			if (d < q && (d == l.p || !dt_isalnum((unsigned char)d[-1])))
				return strtol(d, NULL, 10);
		}
		w += wl;
	}
	return -1;
}

static void set(dt_evidence *ev, const char *fmt, long p, long f, long s)
{
	ev->counted = 1;
	ev->passed = p < 0 ? 0 : p;
	ev->failed = f < 0 ? 0 : f;
	ev->skipped = s < 0 ? 0 : s;
	free(ev->format);
	ev->format = dt_xstrdup(fmt);
}

/* "N passed, N failed[, N skipped]" alone on a line, maybe after "word:" */
static int plain_line(span l, long *p, long *f, long *s)
{
	const char *q = l.p, *end = l.p + l.len;
	char *e;
	while (end > q && dt_isspace((unsigned char)end[-1]))
		end--;
	if (q < end && dt_isalpha((unsigned char)*q)) {
		const char *c = q;
		while (c < end && (dt_isalnum((unsigned char)*c) || *c == '-' || *c == '_'))
			c++;
		if (c < end && *c == ':') {
			q = c + 1;
			while (q < end && *q == ' ')
				q++;
		}
	}
	if (q >= end || !dt_isdigit((unsigned char)*q))
		return 0;
	*p = strtol(q, &e, 10);
	if (strncmp(e, " passed, ", 9))
		return 0;
	q = e + 9;
	if (q >= end || !dt_isdigit((unsigned char)*q))
		return 0;
	*f = strtol(q, &e, 10);
	if (strncmp(e, " failed", 7))
		return 0;
	q = e + 7;
	*s = 0;
	if (q < end && !strncmp(q, ", ", 2) && dt_isdigit((unsigned char)q[2])) {
		*s = strtol(q + 2, &e, 10);
		if (strncmp(e, " skipped", 8))
			return 0;
		q = e + 8;
	}
	return q == end;
}

void dt_evidence_counts(dt_evidence *ev, const char *output_, size_t len)
{
	/* a terminated copy: strtol and the look-aheads below stay inside it */
	char *output = dt_xstrndup(output_, len);
	const char *pos = output, *end = output + len;
	long plain[3] = {-1, -1, -1}, pytest[3] = {-1, -1, -1}, ctest[2] = {-1, -1};
	long cargo[3] = {0, 0, 0}, cm[3] = {0, 0, 0}, gt[3] = {0, 0, 0}, gp[2] = {0, 0};
	long tap[3] = {0, 0, 0};
	int have_cargo = 0, have_cm = 0, have_gt = 0, have_gp = 0, have_tap = 0, go_pass = 0;

	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		span l = {pos, nl ? (size_t)(nl - pos) : (size_t)(end - pos)};
		long a, b, c;
		pos = nl ? nl + 1 : end;
		if (l.len && l.p[l.len - 1] == '\r')
			l.len--;
		if (plain_line(l, &a, &b, &c)) {
			plain[0] = a, plain[1] = b, plain[2] = c;
		} else if (starts(l, "test result: ")) {
			have_cargo = 1;
			cargo[0] +=
			    number_before(l, "passed;") > 0 ? number_before(l, "passed;") : 0;
			cargo[1] +=
			    number_before(l, "failed;") > 0 ? number_before(l, "failed;") : 0;
			cargo[2] +=
			    number_before(l, "ignored;") > 0 ? number_before(l, "ignored;") : 0;
		} else if (find(l, "tests passed, ") && find(l, " tests failed out of ")) {
			long failed = number_before(l, "tests failed out of");
			const char *o = find(l, "out of ");
			long total = o ? strtol(o + 7, NULL, 10) : -1;
			if (failed >= 0 && total >= 0)
				ctest[0] = total - failed, ctest[1] = failed;
		} else if (starts(l, "[  PASSED  ] ")) {
			have_cm = 1;
			cm[0] += strtol(l.p + 13, NULL, 10);
		} else if (starts(l, "[  FAILED  ] ") && find(l, "test(s), listed below")) {
			have_cm = 1;
			cm[1] += strtol(l.p + 13, NULL, 10);
		} else if (starts(l, "[  SKIPPED ] ") && find(l, "test(s), listed below")) {
			have_cm = 1;
			cm[2] += strtol(l.p + 13, NULL, 10);
		} else if (starts(l, "--- PASS: ") || starts(l, "--- FAIL: ") ||
		           starts(l, "--- SKIP: ")) {
			have_gt = 1;
			go_pass |= l.p[4] == 'P';
			gt[l.p[4] == 'P' ? 0 : l.p[4] == 'F' ? 1 : 2]++;
		} else if (starts(l, "ok  \t") || starts(l, "ok  ") || starts(l, "FAIL\t")) {
			have_gp = 1;
			gp[l.p[0] == 'o' ? 0 : 1]++;
		} else if ((starts(l, "ok ") || starts(l, "not ok ")) &&
		           dt_isdigit((unsigned char)l.p[l.p[0] == 'o' ? 3 : 7])) {
			have_tap = 1;
			if (find(l, "# SKIP") || find(l, "# skip"))
				tap[2]++;
			else
				tap[l.p[0] == 'o' ? 0 : 1]++;
		} else if ((find(l, " passed") || find(l, " failed") || find(l, " error")) &&
		           find(l, " in ") &&
		           (l.p[l.len - 1] == '=' || l.p[l.len - 1] == 's' ||
		            l.p[l.len - 1] == ')')) {
			/* pytest: "==== 2 failed, 40 passed, 1 skipped in 3.12s ====" */
			long p = number_before(l, "passed"), f = number_before(l, "failed");
			long s = number_before(l, "skipped"), e = number_before(l, "error");
			if (p >= 0 || f >= 0 || e >= 0) {
				pytest[0] = p < 0 ? 0 : p;
				pytest[1] = (f < 0 ? 0 : f) + (e < 0 ? 0 : e);
				pytest[2] = s < 0 ? 0 : s;
			}
		}
	}
	if (plain[0] >= 0)
		set(ev, "plain", plain[0], plain[1], plain[2]);
	else if (have_cargo)
		set(ev, "cargo", cargo[0], cargo[1], cargo[2]);
	else if (pytest[0] >= 0)
		set(ev, "pytest", pytest[0], pytest[1], pytest[2]);
	else if (ctest[0] >= 0)
		set(ev, "ctest", ctest[0], ctest[1], 0);
	else if (have_cm)
		set(ev, "cmocka", cm[0], cm[1], cm[2]);
	/* go test -v names every test; without -v only failing tests are named,
	 * so the package lines ("ok", "FAIL") count instead */
	else if (have_gt && (go_pass || !have_gp))
		set(ev, "go", gt[0], gt[1], gt[2]);
	else if (have_gp)
		set(ev, "go", gp[0], gp[1], 0);
	else if (have_tap)
		set(ev, "tap", tap[0], tap[1], tap[2]);
	free(output);
}

void dt_evidence_dir(dt_buf *out, const char *commondir)
{
	dt_path_join(out, commondir, "diarist/evidence");
}

static int tree_ok(const char *t)
{
	size_t n = strlen(t);
	if (n < 4 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!dt_isxdigit((unsigned char)t[i]))
			return 0;
	return 1;
}

int dt_evidence_save(const char *dir, const dt_evidence *ev)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int error;

	if (!tree_ok(ev->tree))
		return dt_error_set(DT_EINVALID, "evidence without a tree id");
	if ((error = dt_mkdir_p(dir)) < 0)
		return error;
	dt_buf_printf(&path, "%s/%s%s", dir, ev->tree, ev->dirty ? ".dirty" : "");
	dt_buf_printf(&text,
	              "diarist-evidence 1\ncommand\t%s\nexit\t%d\nseconds\t%.3f\ncounted\t%d\n"
	              "passed\t%ld\nfailed\t%ld\nskipped\t%ld\nformat\t%s\ntree\t%s\ndirty\t%d\n"
	              "time\t%lld\n",
	              ev->command ? ev->command : "", ev->exit_code, ev->seconds, ev->counted,
	              ev->passed, ev->failed, ev->skipped, ev->format ? ev->format : "", ev->tree,
	              ev->dirty, (long long)ev->when);
	for (size_t i = 0; i < text.size; i++)
		if (text.ptr[i] == '\r')
			text.ptr[i] = ' ';
	error = dt_file_write_atomic(path.ptr, text.ptr, text.size, 0666);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return error;
}

int dt_evidence_load(dt_evidence *out, const char *dir, const char *tree)
{
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	char *p, *line;
	int error;

	memset(out, 0, sizeof(*out));
	if (!tree_ok(tree))
		return dt_error_set(DT_ENOTFOUND, "no evidence for '%s'", tree);
	dt_buf_printf(&path, "%s/%s", dir, tree);
	error = dt_file_read(&text, path.ptr, 1024 * 1024);
	dt_buf_dispose(&path);
	if (error < 0) {
		dt_buf_dispose(&text);
		return error;
	}
	p = text.ptr;
	line = strsep(&p, "\n");
	if (!line || strcmp(line, "diarist-evidence 1")) {
		dt_buf_dispose(&text);
		return dt_error_set(DT_EINVALID, "%s/%s: not an evidence record", dir, tree);
	}
	while ((line = strsep(&p, "\n")) != NULL) {
		char *v = strchr(line, '\t');
		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "command"))
			out->command = dt_xstrdup(v);
		else if (!strcmp(line, "exit"))
			out->exit_code = atoi(v);
		else if (!strcmp(line, "seconds"))
			out->seconds = strtod(v, NULL);
		else if (!strcmp(line, "counted"))
			out->counted = atoi(v);
		else if (!strcmp(line, "passed"))
			out->passed = strtol(v, NULL, 10);
		else if (!strcmp(line, "failed"))
			out->failed = strtol(v, NULL, 10);
		else if (!strcmp(line, "skipped"))
			out->skipped = strtol(v, NULL, 10);
		else if (!strcmp(line, "format") && *v)
			out->format = dt_xstrdup(v);
		else if (!strcmp(line, "tree"))
			snprintf(out->tree, sizeof(out->tree), "%s", v);
		else if (!strcmp(line, "dirty"))
			out->dirty = atoi(v);
		else if (!strcmp(line, "time"))
			out->when = strtoll(v, NULL, 10);
	}
	dt_buf_dispose(&text);
	return 0;
}

void dt_evidence_line(dt_buf *out, const dt_evidence *ev, const char *commit_abbrev)
{
	dt_buf_clear(out);
	dt_buf_puts(out, "**Tests:** `");
	for (const char *c = ev->command ? ev->command : ""; *c; c++)
		dt_buf_putc(out, *c == '`' ? '\'' : *c);
	dt_buf_printf(out, "` \xE2\x80\x94 exit %d;", ev->exit_code);
	if (ev->counted) {
		dt_buf_printf(out, " %ld passed, %ld failed", ev->passed, ev->failed);
		if (ev->skipped)
			dt_buf_printf(out, ", %ld skipped", ev->skipped);
		dt_buf_putc(out, ';');
	}
	dt_buf_printf(out, " %.1f s; commit %s, tree %.7s", ev->seconds, commit_abbrev, ev->tree);
}

static void join_command(dt_buf *out, char *const argv[])
{
	for (size_t i = 0; argv[i]; i++) {
		const char *a = argv[i];
		if (i)
			dt_buf_putc(out, ' ');
		if (!*a || strpbrk(a, " \t\n\r'\"\\$")) {
			/* one line whatever the argument holds: it is shown in a
			 * Tests line and kept in a line-based record */
			dt_buf_putc(out, '\'');
			for (; *a; a++) {
				if (*a == '\'')
					dt_buf_puts(out, "'\\''");
				else if (*a == '\n')
					dt_buf_puts(out, "\\n");
				else if ((unsigned char)*a < 0x20)
					dt_buf_putc(out, ' ');
				else
					dt_buf_putc(out, *a);
			}
			dt_buf_putc(out, '\'');
		} else {
			dt_buf_puts(out, a);
		}
	}
}

static void keep_tail(dt_buf *tail, const char *p, size_t n)
{
	dt_buf_put(tail, p, n);
	if (tail->size > 2 * TAIL_MAX) {
		memmove(tail->ptr, tail->ptr + tail->size - TAIL_MAX, TAIL_MAX);
		dt_buf_truncate(tail, TAIL_MAX);
	}
}

int dt_evidence_run(dt_evidence *ev, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int outp[2], errp[2], status, rc;
	struct timespec t0, t1;
	dt_buf cmd = DT_BUF_INIT, tail = DT_BUF_INIT;
	pid_t pid;
	struct pollfd fds[2];
	int open_fds = 2;

	join_command(&cmd, argv);
	free(ev->command);
	ev->command = dt_buf_detach(&cmd);
	if (pipe2(outp, O_CLOEXEC) < 0)
		return dt_error_set(DT_EIO, "cannot make a pipe: %s", strerror(errno));
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(outp[0]);
		close(outp[1]);
		return dt_error_set(DT_EIO, "cannot make a pipe: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(outp[1]);
	close(errp[1]);
	if (rc != 0) {
		close(outp[0]);
		close(errp[0]);
		return dt_error_set(DT_EIO, "cannot run '%s': %s", argv[0], strerror(rc));
	}
	fds[0].fd = outp[0];
	fds[1].fd = errp[0];
	fds[0].events = fds[1].events = POLLIN;
	while (open_fds) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			char buf[8192];
			ssize_t n;
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (write(i ? 2 : 1, buf, (size_t)n) < 0) {
				/* our own output closed: keep reading so the tests run on */
			}
			keep_tail(&tail, buf, (size_t)n);
		}
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ev->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ev->exit_code = WIFEXITED(status) ? WEXITSTATUS(status)
	                                  : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ev->when = time(NULL);
	dt_evidence_counts(ev, tail.ptr, tail.size);
	dt_buf_dispose(&tail);
	return 0;
}
