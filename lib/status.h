/*
 * status.h - `diarist status` (SPEC §6): the per-ticket summaries the
 * rules make (rules.h, dt_ticket_summary) chosen, ordered, and written as
 * a table for an 80-column terminal or as JSON (docs/json-schema.md,
 * schema diarist-status/1).
 *
 * Nothing here reads a repository: the caller judges it (gate.h, with
 * summaries on) and hands over what came back.
 */
#ifndef DT_STATUS_H
#define DT_STATUS_H

#include <stddef.h>
#include "buf.h"
#include "rules.h"

#define DT_STATUS_SCHEMA "diarist-status/1"

/* Columns of the text table when none are given. */
#define DT_STATUS_WIDTH 80

/* The cells of the tasks bar, between its brackets. */
#define DT_STATUS_BAR 6

/* What is listed, in the order it is listed. `rows` point into the
 * summaries given to dt_status_select, which must outlive the list. */
typedef struct {
	const dt_ticket_summary **rows;
	size_t count;
	size_t open;   /* listed tickets that are open */
	size_t closed; /* listed tickets that are closed */
	size_t hidden; /* closed tickets left out (no `all`) */
} dt_status_list;

#define DT_STATUS_LIST_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0, 0, 0                                                                   \
	}

typedef struct {
	int color;                /* text: ANSI colours */
	size_t width;             /* text: columns to fit in; 0 is DT_STATUS_WIDTH */
	const char *version;      /* json: the tool's version, or NULL */
	const char *commit;       /* json: the commit the files were read from, or NULL */
	const char *root;         /* json: the docs root, relative to the top, or NULL */
	size_t unticketed_errors; /* findings about no ticket (a commit naming none) */
	size_t unticketed_warnings;
} dt_status_opts;

/* Order of the listing: most error findings first, then most warnings,
 * then ID (ASCII case ignored, then as written), then folder. */
int dt_status_cmp(const dt_ticket_summary *a, const dt_ticket_summary *b);

/* Fill `out` (reset first) with the open tickets of `s[0..n)`, and the
 * closed ones too when `all`, in dt_status_cmp order. */
void dt_status_select(dt_status_list *out, const dt_ticket_summary *s, size_t n, int all);
void dt_status_list_dispose(dt_status_list *l);

/* The table (a header line, one line per ticket, a closing summary line),
 * appended to `out` (`opts` may be NULL). Every line fits in opts->width
 * display columns: the number columns are as wide as their numbers, the
 * ID column gets the rest (at least 8), and an ID or status too long for
 * its column ends in "…". Control characters and invalid UTF-8 in IDs and
 * statuses are shown as '?'. */
void dt_status_write_text(dt_buf *out, const dt_status_list *l, const dt_status_opts *opts);

/* The JSON document of docs/json-schema.md, appended to `out`. */
void dt_status_write_json(dt_buf *out, const dt_status_list *l, const dt_status_opts *opts);

/* The tasks bar: "[###---]" with `cells` cells (0 is DT_STATUS_BAR),
 * '#' for the share of done tasks (rounded down, a cell only when every
 * task is done shows full), appended to `out`. */
void dt_status_bar(dt_buf *out, size_t done, size_t total, size_t cells);

/* Display columns of the UTF-8 string `s` on a terminal: wide (East Asian,
 * emoji) characters count 2, combining marks 0, anything else 1 (an
 * invalid byte too). */
size_t dt_status_width(const char *s);

/* `s` made safe for a terminal (control characters and invalid UTF-8 as
 * '?') and fitted to exactly `width` display columns: padded with spaces
 * on the right, or cut at a character boundary and ended with "…" when
 * wider. Appended to `out`. */
void dt_status_fit(dt_buf *out, const char *s, size_t width);

#endif
