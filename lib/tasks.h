/*
 * tasks.h - a ticket's tasks.md (SPEC §1.4).
 *
 * A task is a line "- [ ] text" / "* [x] text" outside fenced code blocks,
 * indented up to three characters, or deeper inside a list (a sub-task
 * under another item, "    - [x] sub"; an indented line outside a list is
 * code). Tasks are numbered 1, 2, 3... over the whole file, nested ones
 * too; a trailing "<!-- t:ab12 -->" is the task's stable ID.
 * H2-H6 headings open sections; H1 is the title.
 */
#ifndef DT_TASKS_H
#define DT_TASKS_H

#include <stddef.h>

typedef struct {
	size_t number; /* 1-based position in the file */
	size_t line;   /* 1-based file line */
	int done;      /* [x] or [X] */
	char *text;    /* without the marker and the stable-ID comment */
	char *stable;  /* "ab12" of <!-- t:ab12 -->, or NULL */
	char *section; /* the heading above it (H2-H6), or NULL */
} dt_task;

typedef struct {
	dt_task *items;
	size_t count, alloc;
	char *title; /* the H1, or NULL */
} dt_tasks;

#define DT_TASKS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, NULL                                                                   \
	}

/* Parse `len` bytes. Never fails on content (any text has zero or more
 * tasks); returns 0, or DT_EINVALID for NUL bytes ("path:line:col: ..."). */
int dt_tasks_parse(dt_tasks *out, const char *data, size_t len, const char *path);

/* The task with this number (1-based) or stable ID, or NULL. */
const dt_task *dt_tasks_by_number(const dt_tasks *t, size_t number);
const dt_task *dt_tasks_by_stable(const dt_tasks *t, const char *stable);
size_t dt_tasks_done(const dt_tasks *t);
void dt_tasks_dispose(dt_tasks *t);

#endif
