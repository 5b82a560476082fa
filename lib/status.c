/* status.c - choosing, ordering and writing the rows of `diarist status`
 * (see status.h). */
#include "status.h"
#include "common.h"
#include "findings.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- order and choice ---- */

int dt_status_cmp(const dt_ticket_summary *a, const dt_ticket_summary *b)
{
	int c;
	if (a->errors != b->errors)
		return a->errors > b->errors ? -1 : 1;
	if (a->warnings != b->warnings)
		return a->warnings > b->warnings ? -1 : 1;
	if ((c = dt_ascii_casecmp(a->id, b->id)) != 0)
		return c;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return strcmp(a->dir ? a->dir : "", b->dir ? b->dir : "");
}

static int cmp_rows(const void *x, const void *y)
{
	return dt_status_cmp(*(const dt_ticket_summary *const *)x,
	                     *(const dt_ticket_summary *const *)y);
}

void dt_status_select(dt_status_list *out, const dt_ticket_summary *s, size_t n, int all)
{
	dt_status_list_dispose(out);
	if (n)
		out->rows = dt_xcalloc(n, sizeof(*out->rows));
	for (size_t i = 0; i < n; i++) {
		if (s[i].closed && !all) {
			out->hidden++;
			continue;
		}
		if (s[i].closed)
			out->closed++;
		else
			out->open++;
		out->rows[out->count++] = &s[i];
	}
	/* qsort with no elements may be handed a NULL base (UBSan) */
	if (out->count > 1)
		qsort(out->rows, out->count, sizeof(*out->rows), cmp_rows);
}

void dt_status_list_dispose(dt_status_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof(*l));
}

/* ---- characters on a terminal ---- */

typedef struct {
	uint32_t lo, hi;
} urange;

/* Combining marks and zero-width characters of the common blocks. */
static const urange zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200D},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* Characters a terminal shows two columns wide: East Asian wide and
 * full-width forms, and emoji. */
static const urange wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
    {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_table(uint32_t c, const urange *t, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < t[mid].lo)
			hi = mid;
		else if (c > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Characters never written to a terminal as they are: C0 and C1 controls
 * (an escape sequence in a ticket ID must not reach the terminal) and the
 * bidirectional overrides, which would reorder the line on screen. */
static int unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* One character of `s`: its length in bytes (0 at the end), its width in
 * columns, and whether it is shown as '?' instead. */
typedef struct {
	size_t len, width;
	int replaced;
} uchar;

static uchar next_char(const unsigned char *s)
{
	uchar u = {1, 1, 1};
	uint32_t c, min;
	size_t need;

	if (!*s) {
		u.len = 0;
		u.width = 0;
		return u;
	}
	c = *s;
	if (c < 0x80) {
		u.replaced = unsafe(c);
		return u;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, c &= 0x07, min = 0x10000;
	} else {
		return u; /* a stray continuation byte, or no UTF-8 lead byte */
	}
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return u; /* cut short: the lead byte alone is replaced */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return u;
	u.len = need + 1;
	if (unsafe(c))
		return u;
	u.replaced = 0;
	if (in_table(c, zero_width, DT_ARRAY_SIZE(zero_width)))
		u.width = 0;
	else if (in_table(c, wide, DT_ARRAY_SIZE(wide)))
		u.width = 2;
	return u;
}

size_t dt_status_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t w = 0;
	for (uchar u; (u = next_char(p)).len; p += u.len)
		w += u.width;
	return w;
}

static void put_char(dt_buf *out, const unsigned char *p, uchar u)
{
	if (u.replaced)
		dt_buf_putc(out, '?');
	else
		dt_buf_put(out, p, u.len);
}

static void pad(dt_buf *out, size_t n)
{
	while (n--)
		dt_buf_putc(out, ' ');
}

void dt_status_fit(dt_buf *out, const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t w = dt_status_width(s), used = 0;
	uchar u;

	if (w <= width) {
		for (; (u = next_char(p)).len; p += u.len)
			put_char(out, p, u);
		pad(out, width - w);
		return;
	}
	if (!width)
		return;
	/* the widest prefix that leaves a column for the ellipsis; marks of
	 * zero width stay with the character they follow */
	for (; (u = next_char(p)).len && used + u.width <= width - 1; p += u.len) {
		put_char(out, p, u);
		used += u.width;
	}
	dt_buf_puts(out, "\xe2\x80\xa6"); /* … */
	pad(out, width - 1 - used);
}

/* ---- the text table ---- */

void dt_status_bar(dt_buf *out, size_t done, size_t total, size_t cells)
{
	size_t full = 0;
	if (!cells)
		cells = DT_STATUS_BAR;
	if (total && done >= total) {
		full = cells;
	} else if (total) {
		/* rounded down, so only a finished ticket shows a full bar; but
		 * any progress shows */
		full = (size_t)((double)done * (double)cells / (double)total);
		if (done && !full)
			full = 1;
		if (full >= cells)
			full = cells - 1;
	}
	dt_buf_putc(out, '[');
	for (size_t i = 0; i < cells; i++)
		dt_buf_putc(out, i < full ? '#' : '-');
	dt_buf_putc(out, ']');
}

enum { C_STATUS, C_TASKS, C_STEPS, C_REC, C_UNREC, C_EVIDENCE, C_ERR, C_WARN, NCOLS };

static const char *const heads[NCOLS] = {"STATUS", "TASKS",    "STEPS", "REC",
                                         "UNREC",  "EVIDENCE", "ERR",   "WARN"};

/* A status longer than this is cut (statuses are free words). */
#define STATUS_MAX 10
/* The ID column never gets narrower than this (rather the table wider). */
#define ID_MIN 8

static const char *status_of(const dt_ticket_summary *s)
{
	return s->status && *s->status ? s->status : "-";
}

/* The number cells of a row, as text (tasks: "done/total" without the bar). */
static void cells_of(char cell[NCOLS][64], const dt_ticket_summary *s)
{
	cell[C_STATUS][0] = '\0';
	snprintf(cell[C_TASKS], 64, "%zu/%zu", s->tasks_done, s->tasks_total);
	snprintf(cell[C_STEPS], 64, "%zu", s->steps);
	snprintf(cell[C_REC], 64, "%zu", s->recorded);
	snprintf(cell[C_UNREC], 64, "%zu", s->unrecorded);
	snprintf(cell[C_EVIDENCE], 64, "%zu/%zu/%zu", s->evidence_passed, s->evidence_failed,
	         s->evidence_missing);
	snprintf(cell[C_ERR], 64, "%zu", s->errors);
	snprintf(cell[C_WARN], 64, "%zu", s->warnings);
}

static void right(dt_buf *out, const char *s, size_t width)
{
	size_t n = strlen(s);
	pad(out, width > n ? width - n : 0);
	dt_buf_puts(out, s);
}

/* Sum of a column over the listed rows. */
typedef struct {
	size_t done, total, steps, rec, unrec, passed, failed, missing, errors, warnings;
} totals;

static totals sum_rows(const dt_status_list *l)
{
	totals t;
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < l->count; i++) {
		const dt_ticket_summary *s = l->rows[i];
		t.done += s->tasks_done;
		t.total += s->tasks_total;
		t.steps += s->steps;
		t.rec += s->recorded;
		t.unrec += s->unrecorded;
		t.passed += s->evidence_passed;
		t.failed += s->evidence_failed;
		t.missing += s->evidence_missing;
		t.errors += s->errors;
		t.warnings += s->warnings;
	}
	return t;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void dt_status_write_text(dt_buf *out, const dt_status_list *l, const dt_status_opts *o)
{
	size_t width = o && o->width ? o->width : DT_STATUS_WIDTH;
	int color = o && o->color;
	const char *bold = color ? "\033[1m" : "", *red = color ? "\033[1;31m" : "";
	const char *yellow = color ? "\033[33m" : "", *green = color ? "\033[32m" : "";
	const char *reset = color ? "\033[0m" : "";
	size_t w[NCOLS], idw = 2, rest = 0, num_w = 0;
	char cell[NCOLS][64];
	totals t = sum_rows(l);

	if (!l->count) {
		if (l->hidden)
			dt_buf_printf(out,
			              "diarist status: no open tickets (%zu closed: diarist status "
			              "--all)\n",
			              l->hidden);
		else
			dt_buf_puts(out, "diarist status: no tickets\n");
		goto unticketed;
	}

	/* every column as wide as its widest cell or heading; the ID gets
	 * what is left of the line */
	for (size_t c = 0; c < NCOLS; c++)
		w[c] = strlen(heads[c]);
	for (size_t i = 0; i < l->count; i++) {
		size_t sw = dt_status_width(status_of(l->rows[i]));
		cells_of(cell, l->rows[i]);
		if (sw > w[C_STATUS])
			w[C_STATUS] = sw > STATUS_MAX ? STATUS_MAX : sw;
		for (size_t c = C_STEPS; c < NCOLS; c++)
			if (strlen(cell[c]) > w[c])
				w[c] = strlen(cell[c]);
		if (dt_status_width(l->rows[i]->id) > idw)
			idw = dt_status_width(l->rows[i]->id);
		if (strlen(cell[C_TASKS]) > num_w)
			num_w = strlen(cell[C_TASKS]);
	}
	/* TASKS is "[bar] done/total" */
	if (DT_STATUS_BAR + 3 + num_w > w[C_TASKS])
		w[C_TASKS] = DT_STATUS_BAR + 3 + num_w;
	for (size_t c = 0; c < NCOLS; c++)
		rest += 1 + w[c];
	if (idw + rest > width)
		idw = width > rest + ID_MIN ? width - rest : ID_MIN;

	dt_buf_puts(out, bold);
	dt_status_fit(out, "ID", idw);
	for (size_t c = 0; c < NCOLS; c++) {
		dt_buf_putc(out, ' ');
		if (c == C_STATUS || c == C_TASKS)
			dt_status_fit(out, heads[c], w[c]);
		else
			right(out, heads[c], w[c]);
	}
	dt_buf_printf(out, "%s\n", reset);

	for (size_t i = 0; i < l->count; i++) {
		const dt_ticket_summary *s = l->rows[i];
		dt_buf bar = DT_BUF_INIT;
		size_t fill;

		cells_of(cell, s);
		dt_status_fit(out, s->id, idw);
		dt_buf_putc(out, ' ');
		dt_status_fit(out, status_of(s), w[C_STATUS]);
		dt_buf_putc(out, ' ');
		dt_status_bar(&bar, s->tasks_done, s->tasks_total, DT_STATUS_BAR);
		fill = strspn(bar.ptr + 1, "#");
		dt_buf_printf(out, "[%s%.*s%s%s ", green, (int)fill, bar.ptr + 1, reset,
		              bar.ptr + 1 + fill);
		dt_buf_dispose(&bar);
		right(out, cell[C_TASKS], w[C_TASKS] - DT_STATUS_BAR - 3);
		for (size_t c = C_STEPS; c < NCOLS; c++) {
			const char *on = "";
			if (c == C_ERR && s->errors)
				on = red;
			else if (c == C_WARN && s->warnings)
				on = yellow;
			else if (c == C_UNREC && s->unrecorded)
				on = yellow;
			dt_buf_printf(out, " %s", on);
			right(out, cell[c], w[c]);
			if (*on)
				dt_buf_puts(out, reset);
		}
		dt_buf_putc(out, '\n');
	}
	if (l->hidden)
		dt_buf_printf(out, "diarist status: %zu open ticket%s (%zu closed: --all); ",
		              l->count, plural(l->count), l->hidden);
	else
		dt_buf_printf(out, "diarist status: %zu ticket%s (%zu open, %zu closed); ",
		              l->count, plural(l->count), l->open, l->closed);
	dt_buf_printf(out, "%s%zu error%s%s, %s%zu warning%s%s\n", t.errors ? red : "", t.errors,
	              plural(t.errors), t.errors ? reset : "", t.warnings ? yellow : "", t.warnings,
	              plural(t.warnings), t.warnings ? reset : "");
unticketed:
	if (o && (o->unticketed_errors || o->unticketed_warnings))
		dt_buf_printf(out,
		              "diarist status: and %zu error%s, %zu warning%s about commits "
		              "of no ticket\n",
		              o->unticketed_errors, plural(o->unticketed_errors),
		              o->unticketed_warnings, plural(o->unticketed_warnings));
}

/* ---- JSON ---- */

static void json_numbers(dt_buf *out, size_t done, size_t total, size_t steps, size_t rec,
                         size_t unrec, size_t passed, size_t failed, size_t missing, size_t errors,
                         size_t warnings)
{
	dt_buf_printf(out,
	              "\"tasks\": {\"done\": %zu, \"total\": %zu}, \"steps\": %zu, "
	              "\"commits\": {\"recorded\": %zu, \"unrecorded\": %zu}, "
	              "\"evidence\": {\"passed\": %zu, \"failed\": %zu, \"missing\": %zu}, "
	              "\"findings\": {\"errors\": %zu, \"warnings\": %zu}",
	              done, total, steps, rec, unrec, passed, failed, missing, errors, warnings);
}

/* Every diary of the ticket, the writer's first (a summary made by hand
 * may give only the writer's). */
static void json_diaries(dt_buf *out, const dt_ticket_summary *s)
{
	if (!s->diaries.count && s->diary)
		dt_json_string(out, s->diary);
	for (size_t i = 0; i < s->diaries.count; i++) {
		if (i)
			dt_buf_puts(out, ", ");
		dt_json_string(out, s->diaries.items[i]);
	}
}

void dt_status_write_json(dt_buf *out, const dt_status_list *l, const dt_status_opts *o)
{
	totals t = sum_rows(l);

	dt_buf_printf(out, "{\"schema\": \"%s\", ", DT_STATUS_SCHEMA);
	dt_json_field(out, "version", o ? o->version : NULL, 0);
	dt_buf_puts(out, ", ");
	dt_json_field(out, "commit", o ? o->commit : NULL, 0);
	dt_buf_puts(out, ", ");
	dt_json_field(out, "root", o ? o->root : NULL, 0);
	dt_buf_puts(out, ", \"tickets\": [");
	for (size_t i = 0; i < l->count; i++) {
		const dt_ticket_summary *s = l->rows[i];
		dt_buf_puts(out, i ? ",\n  {" : "\n  {");
		dt_json_field(out, "id", s->id, 0);
		dt_buf_puts(out, ", ");
		dt_json_field(out, "title", s->title, 0);
		dt_buf_puts(out, ", ");
		dt_json_field(out, "status", s->status, 0);
		dt_buf_printf(out, ", \"closed\": %s, ", s->closed ? "true" : "false");
		dt_json_field(out, "folder", s->dir, 0);
		dt_buf_puts(out, ", ");
		dt_json_field(out, "diary", s->diary, 0);
		dt_buf_puts(out, ", \"diaries\": [");
		json_diaries(out, s);
		dt_buf_puts(out, "], ");
		json_numbers(out, s->tasks_done, s->tasks_total, s->steps, s->recorded,
		             s->unrecorded, s->evidence_passed, s->evidence_failed,
		             s->evidence_missing, s->errors, s->warnings);
		dt_buf_putc(out, '}');
	}
	dt_buf_puts(out, l->count ? "\n],\n" : "],\n");
	dt_buf_printf(out,
	              "\"summary\": {\"tickets\": %zu, \"open\": %zu, \"closed\": %zu, "
	              "\"hidden\": %zu, ",
	              l->count, l->open, l->closed, l->hidden);
	json_numbers(out, t.done, t.total, t.steps, t.rec, t.unrec, t.passed, t.failed, t.missing,
	             t.errors, t.warnings);
	dt_buf_printf(out, ", \"unticketed\": {\"errors\": %zu, \"warnings\": %zu}}}\n",
	              o ? o->unticketed_errors : 0, o ? o->unticketed_warnings : 0);
}
