#include "diaryedit.h"
#include "common.h"
#include "diary.h"
#include "edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const sections[] = {"What I did",
                                       "Why",
                                       "What worked",
                                       "What didn't work",
                                       "What I learned",
                                       "What was tricky to build",
                                       "What warrants a second pair of eyes",
                                       "What should be done in the future",
                                       "Code review instructions",
                                       NULL};

/* ---- placing a record (SPEC §4.2) ---- */

/* The line ending that ends a text's last line, which has none: eol, or
 * the LF that completes a CR standing there. */
static const char *end_last_line(const char *data, size_t len, const char *eol)
{
	return data[len - 1] == '\r' ? "\n" : eol;
}

/* Insert `block` (lines joined by eol, no final eol) as a paragraph of its
 * own at `pos` (the start of a line, or the end of the text): a blank line
 * before it unless there is one, one after it unless there is one. A
 * missing final newline stays missing. */
static void insert_block(dt_edits *e, const char *data, size_t len, size_t pos, const char *eol,
                         const char *block)
{
	dt_buf t = DT_BUF_INIT;

	if (pos == len && len && data[len - 1] != '\n') {
		size_t last = len;
		while (last > 0 && data[last - 1] != '\n')
			last--;
		dt_buf_puts(&t, end_last_line(data, len, eol)); /* end the last line, */
		if (!dt_edit_blank_at(data, len, last))
			dt_buf_puts(&t, eol); /* leave a blank one, */
		dt_buf_puts(&t, block);       /* and no newline at the end, as before */
	} else {
		if (!dt_edit_blank_before(data, pos))
			dt_buf_puts(&t, eol);
		dt_buf_puts(&t, block);
		dt_buf_puts(&t, eol);
		if (pos < len && !dt_edit_blank_at(data, len, pos))
			dt_buf_puts(&t, eol);
	}
	dt_edits_insert(e, pos, t.ptr);
	dt_buf_dispose(&t);
}

/* Insert one line right under the line starting at `line_off`. */
static void insert_under(dt_edits *e, const char *data, size_t len, size_t line_off,
                         const char *eol, const char *line)
{
	size_t pos = dt_edit_line_end(data, len, line_off);
	dt_buf t = DT_BUF_INIT;
	if (pos == len && len && data[len - 1] != '\n') {
		dt_buf_puts(&t, end_last_line(data, len, eol));
		dt_buf_puts(&t, line);
	} else {
		dt_buf_puts(&t, line);
		dt_buf_puts(&t, eol);
	}
	dt_edits_insert(e, pos, t.ptr);
	dt_buf_dispose(&t);
}

static void record_text(dt_buf *out, const dt_placement *pl)
{
	dt_buf_printf(out, "**Commit (code):** %s \xE2\x80\x94 \"%s\"", pl->abbrev, pl->subject);
}

static void record_block(dt_buf *out, const dt_placement *pl, const char *eol)
{
	record_text(out, pl);
	if (pl->tests_line) {
		dt_buf_puts(out, eol);
		dt_buf_puts(out, pl->tests_line);
	}
}

/* The last of the "**Tests:**" lines that follow the line at `off` (or
 * `off`): a record put right above a stray Tests line would take it for
 * its own evidence. */
static size_t past_tests_lines(const char *data, size_t len, size_t off)
{
	for (;;) {
		size_t next = dt_edit_line_end(data, len, off), n;
		if (next >= len)
			return off;
		n = dt_edit_line_end(data, len, next) - next;
		while (n && (data[next + n - 1] == '\n' || data[next + n - 1] == '\r'))
			n--;
		if (!dt_diary_is_tests_line(data + next, n))
			return off;
		off = next;
	}
}

/* Where a record goes in an existing step: after its last prose line
 * before the first ### heading. */
static size_t step_insert_pos(const char *data, size_t len, const dt_step *s)
{
	size_t pos = dt_edit_line_end(data, len, s->off), p = pos;
	while (p < s->h3_off && p < len) {
		size_t next = dt_edit_line_end(data, len, p);
		if (!dt_edit_blank_at(data, len, p))
			pos = next;
		p = next;
	}
	return pos;
}

static void new_step_block(dt_buf *out, long number, const dt_placement *pl, const char *eol)
{
	dt_buf_printf(out, "## Step %ld: %s%s%s", number, pl->subject, eol, eol);
	record_block(out, pl, eol);
	for (const char *const *s = sections; *s; s++)
		dt_buf_printf(out, "%s%s### %s", eol, eol, *s);
}

/* What a record line has before "**Commit": indent and list marker, which
 * a Tests line under it repeats ("  - **Tests:** ..."). */
static size_t record_prefix(const char *data, const dt_record *r)
{
	size_t k = 0;
	while (k < r->len && (data[r->off + k] == ' ' || data[r->off + k] == '\t'))
		k++;
	if (k + 1 < r->len && (data[r->off + k] == '-' || data[r->off + k] == '*') &&
	    data[r->off + k + 1] == ' ' && data[r->off + k] != data[r->off + k + 1]) {
		k += 2;
		while (k < r->len && data[r->off + k] == ' ')
			k++;
	}
	return k;
}

static void tests_update(dt_edits *e, const char *data, size_t len, const dt_record *r,
                         const char *eol, const char *tests_line)
{
	dt_buf line = DT_BUF_INIT;
	if (!tests_line)
		return;
	dt_buf_printf(&line, "%.*s%s", (int)record_prefix(data, r), data + r->off, tests_line);
	if (!r->tests_line) {
		insert_under(e, data, len, r->off, eol, line.ptr);
	} else if (r->tests_len != line.size || memcmp(data + r->tests_off, line.ptr, line.size)) {
		dt_edits_replace(e, r->tests_off, r->tests_len, line.ptr);
	}
	dt_buf_dispose(&line);
}

/* Replace a waiting placeholder's value by the record, keeping what is
 * before the value ("  - **Commit (code):** ") as it is. */
static void fill_placeholder(dt_edits *e, const char *data, size_t len, const dt_record *r,
                             const dt_placement *pl, const char *eol)
{
	dt_buf t = DT_BUF_INIT;
	int need_space = r->value_off == r->off + r->len && data[r->value_off - 1] != ' ';
	dt_buf_printf(&t, "%.*s%s%s \xE2\x80\x94 \"%s\"", (int)(r->value_off - r->off),
	              data + r->off, need_space ? " " : "", pl->abbrev, pl->subject);
	dt_edits_replace(e, r->off, r->len, t.ptr);
	tests_update(e, data, len, r, eol, pl->tests_line);
	dt_buf_dispose(&t);
}

static void set_step(dt_placement *pl, const dt_step *s)
{
	pl->step = s->number;
	if (!s->unnumbered && s->label[0])
		snprintf(pl->step_name, sizeof(pl->step_name), "%s", s->label);
	else if (!s->unnumbered)
		snprintf(pl->step_name, sizeof(pl->step_name), "%ld", s->number);
	else
		snprintf(pl->step_name, sizeof(pl->step_name), "\"%.28s\"",
		         s->title ? s->title : "");
}

int dt_diaryedit_place(dt_buf *out, const char *data, size_t len, const char *path,
                       dt_placement *pl)
{
	dt_diary d;
	dt_edits e = DT_EDITS_INIT;
	dt_buf t = DT_BUF_INIT;
	const char *eol = dt_edit_eol(data, len);
	const dt_record *found;
	const dt_step *target = NULL;
	int error;

	pl->placed = DT_PLACED_NONE;
	pl->step = -1;
	snprintf(pl->step_name, sizeof(pl->step_name), "(none)");
	if ((error = dt_diary_parse(&d, data, len, path)) < 0)
		return error;
	if (d.open_fence_line) {
		/* everything after it is code: a record added there would be too */
		error = dt_error_set(DT_EINVALID,
		                     "%s:%zu: a code fence opened here is never closed; close it "
		                     "so that diarist can add the record",
		                     path, d.open_fence_line);
		dt_diary_dispose(&d);
		return error;
	}

	/* 1. already recorded */
	if ((found = dt_diary_find_hash(&d, pl->hex, NULL)) != NULL) {
		pl->placed = DT_PLACED_ALREADY;
		if (found->step != DT_NO_STEP)
			set_step(pl, &d.steps[found->step]);
		tests_update(&e, data, len, found, eol, pl->tests_line);
		goto apply;
	}
	/* 2. the step a Diary-Step trailer names */
	if (pl->diary_step >= 0)
		target = dt_diary_step_number(&d, pl->diary_step);
	if (target) {
		const dt_record *wait = NULL;
		for (size_t i = 0; i < target->nrecords; i++)
			if (d.records[target->first_record + i].kind == DT_REC_WAITING) {
				wait = &d.records[target->first_record + i];
				break;
			}
		pl->placed = DT_PLACED_NAMED_STEP;
		set_step(pl, target);
		if (wait) {
			fill_placeholder(&e, data, len, wait, pl, eol);
		} else {
			record_block(&t, pl, eol);
			insert_block(&e, data, len, step_insert_pos(data, len, target), eol, t.ptr);
		}
		goto apply;
	}
	/* 3. the first waiting placeholder in a step */
	for (size_t i = 0; i < d.nrecords; i++) {
		const dt_record *r = &d.records[i];
		if (r->kind != DT_REC_WAITING || r->step == DT_NO_STEP)
			continue;
		pl->placed = DT_PLACED_PLACEHOLDER;
		set_step(pl, &d.steps[r->step]);
		fill_placeholder(&e, data, len, r, pl, eol);
		goto apply;
	}
	/* 4. the last step, when it records nothing yet */
	if (d.nsteps && d.steps[d.nsteps - 1].nrecords == 0) {
		const dt_step *s = &d.steps[d.nsteps - 1];
		pl->placed = DT_PLACED_LAST_STEP;
		set_step(pl, s);
		record_block(&t, pl, eol);
		insert_block(&e, data, len, step_insert_pos(data, len, s), eol, t.ptr);
		goto apply;
	}
	/* 5. last-step: a second record line in the last step, under its
	 * records when they stand before the first ### (else as rule 4) */
	if (d.nsteps && pl->new_commit == DT_NEW_COMMIT_LAST_STEP) {
		const dt_step *s = &d.steps[d.nsteps - 1];
		const dt_record *r = &d.records[s->first_record + s->nrecords - 1];
		size_t under = past_tests_lines(data, len, r->tests_line ? r->tests_off : r->off);
		pl->placed = DT_PLACED_LAST_STEP;
		set_step(pl, s);
		record_block(&t, pl, eol);
		if (r->off < s->h3_off)
			insert_under(&e, data, len, under, eol, t.ptr);
		else
			insert_block(&e, data, len, step_insert_pos(data, len, s), eol, t.ptr);
		goto apply;
	}
	/* 5. new-step: after the last step */
	{
		long n = 0;
		size_t pos = len;
		for (size_t i = 0; i < d.nsteps; i++)
			if (d.steps[i].number_to > n)
				n = d.steps[i].number_to;
		if (d.nsteps)
			pos = d.steps[d.nsteps - 1].end;
		pl->placed = DT_PLACED_NEW_STEP;
		pl->step = n + 1;
		snprintf(pl->step_name, sizeof(pl->step_name), "%ld", n + 1);
		new_step_block(&t, n + 1, pl, eol);
		insert_block(&e, data, len, pos, eol, t.ptr);
	}

apply:
	error = dt_edits_apply(out, data, len, &e);
	dt_edits_dispose(&e);
	dt_buf_dispose(&t);
	dt_diary_dispose(&d);
	return error;
}

void dt_diaryedit_new_diary(dt_buf *out, const char *id, const dt_strvec *topics, int64_t when,
                            int offset_minutes)
{
	time_t t = (time_t)(when + offset_minutes * 60);
	struct tm tm;
	char stamp[64];
	int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	dt_buf_clear(out);
	dt_buf_printf(out, "---\nTitle: Diary\nTicket: %s\nStatus: active\n", id);
	if (topics && topics->count) {
		dt_buf_puts(out, "Topics:\n");
		for (size_t i = 0; i < topics->count; i++)
			dt_buf_printf(out, "    - %s\n", topics->items[i]);
	} else {
		dt_buf_puts(out, "Topics: []\n");
	}
	dt_buf_printf(
	    out,
	    "DocType: reference\nIntent: long-term\nOwners: []\nRelatedFiles: []\n"
	    "ExternalSources: []\n"
	    "Summary: Implementation diary for %s, one step per commit.\n"
	    "LastUpdated: %s%c%02d:%02d\n"
	    "WhatFor: Record what was done for %s, why, and with which commits and tests.\n"
	    "WhenToUse: Read when reviewing or continuing the work on %s.\n"
	    "---\n\n# Diary\n\n## Goal\n\nRecord the implementation of %s step by step: "
	    "what was done, why, the commits and the tests.\n",
	    id, stamp, offset_minutes < 0 ? '-' : '+', off / 60, off % 60, id, id, id);
}

/* ---- rewriting and dropping records (SPEC §4.5) ---- */

/* Does the move change anything (amend with the same id does not)? */
static int moves_something(const dt_diaryedit_move *mv)
{
	return strcmp(mv->old_hex, mv->new_hex) != 0;
}

/* The move of an entry's hash (old != new), or -1. */
static long move_of(const dt_hashref *h, const dt_diaryedit_move *moves, size_t n)
{
	if (h->foreign)
		return -1;
	for (size_t m = 0; m < n; m++)
		if (moves_something(&moves[m]) && dt_hash_names(h->hex, moves[m].old_hex))
			return (long)m;
	return -1;
}

/* Is there a Tests line below record r's own lines (a person's, that the
 * record above would take for its evidence if r went)? */
static int tests_below(const char *data, size_t len, const dt_record *r)
{
	size_t last = r->tests_line ? r->tests_off : r->off;
	return past_tests_lines(data, len, last) != last;
}

/* What the Tests line of a record becomes: the new commit's evidence in its
 * place (what stood before "**Tests:**" kept), else nothing. */
static void rewrite_tests(dt_edits *e, const char *data, size_t len, const dt_record *r,
                          const char *tests)
{
	const char *mark = memmem(data + r->tests_off, r->tests_len, "**Tests:**", 10);
	dt_buf line = DT_BUF_INIT;
	if (tests) {
		dt_buf_put(&line, data + r->tests_off,
		           mark ? (size_t)(mark - (data + r->tests_off)) : 0);
		dt_buf_puts(&line, tests);
		if (line.size != r->tests_len || memcmp(line.ptr, data + r->tests_off, line.size))
			dt_edits_replace(e, r->tests_off, r->tests_len, line.ptr);
	} else if (!tests_below(data, len, r)) {
		/* (a Tests line under it would take its place: then it stays) */
		dt_edits_replace(e, r->tests_off,
		                 dt_edit_line_end(data, len, r->tests_off) - r->tests_off, "");
	}
	dt_buf_dispose(&line);
}

/* Remove a record line and its Tests line; one that stood between blank
 * lines (a paragraph of its own, or a list item) takes one of them along:
 * two blank lines in a row would also cut a bare label's list in two. */
static void remove_record(dt_edits *e, const char *data, size_t len, const dt_record *r)
{
	size_t end = dt_edit_line_end(data, len, r->tests_line ? r->tests_off : r->off);
	if (dt_edit_blank_before(data, r->off) && end < len && dt_edit_blank_at(data, len, end))
		end = dt_edit_line_end(data, len, end);
	dt_edits_replace(e, r->off, end - r->off, "");
}

/* The entry's hash (and, with `subjects`, its subject) rewritten, as edits
 * relative to the line starting at `base`. */
static void rewrite_entry(dt_edits *e, const char *data, size_t base, const dt_hashref *h,
                          const dt_diaryedit_move *mv, int subjects)
{
	if (h->len != strlen(mv->abbrev) || memcmp(data + h->off, mv->abbrev, h->len))
		dt_edits_replace(e, h->off - base, h->len, mv->abbrev);
	if (subjects && mv->subject && h->subj_len && !h->subj_kept &&
	    (h->subj_len != strlen(mv->subject) ||
	     memcmp(data + h->subj_off, mv->subject, h->subj_len)))
		dt_edits_replace(e, h->subj_off - base, h->subj_len, mv->subject);
}

/* Rewrite record line r: its kept entries moved (act), its dropped ones
 * (drop) taken out with what separates them. The new line must read back
 * as exactly the entries intended (a new subject with quotes in it could
 * make the parser see other ones): then it replaces the old one in `e`
 * and 1 comes back; else 0 and nothing is added. */
static int edit_line(dt_edits *e, const char *data, const dt_record *r, const long *act,
                     const char *drop, size_t last_kept, const dt_diaryedit_move *moves,
                     int subjects)
{
	dt_edits le = DT_EDITS_INIT;
	dt_buf line = DT_BUF_INIT;
	dt_record back;
	const char *text = data + r->off;
	size_t base = r->off, k, j = 0;
	int ok = 0, parsed;

	for (k = 0; k < r->nhashes; k++) {
		const dt_hashref *h = &r->hashes[k];
		if (!drop[k]) {
			if (act[k] >= 0)
				rewrite_entry(&le, data, base, h, &moves[act[k]], subjects);
		} else if (k < last_kept) {
			/* the entry and what separates it from the next */
			dt_edits_replace(&le, h->entry_off - base,
			                 r->hashes[k + 1].entry_off - h->entry_off, "");
		}
	}
	if (last_kept + 1 < r->nhashes) {
		/* entries dropped after the last kept one, with what separates them */
		size_t from = r->hashes[last_kept].entry_end;
		dt_edits_replace(&le, from - base, r->hashes[r->nhashes - 1].entry_end - from, "");
	}
	if (dt_edits_apply(&line, text, r->len, &le) < 0) {
		dt_error_clear();
		goto cleanup;
	}
	parsed = r->in_list ? dt_diary_parse_item(&back, line.ptr, line.size)
	                    : dt_diary_parse_record(&back, line.ptr, line.size);
	if (!parsed)
		goto cleanup;
	ok = back.kind == DT_REC_HASHES;
	for (k = 0; ok && k < r->nhashes; k++) {
		const char *want;
		if (drop[k])
			continue;
		want = act[k] >= 0 ? moves[act[k]].abbrev : r->hashes[k].hex;
		ok = j < back.nhashes && !dt_ascii_casecmp(back.hashes[j].hex, want);
		j++;
	}
	ok = ok && j == back.nhashes;
	dt_record_dispose(&back);
	if (ok && (line.size != r->len || memcmp(line.ptr, text, r->len)))
		dt_edits_replace(e, r->off, r->len, line.ptr);
cleanup:
	dt_edits_dispose(&le);
	dt_buf_dispose(&line);
	return ok;
}

/* Is record i the only list item under its bare label? Removing it would
 * leave the label empty: a waiting placeholder where there was none. */
static int sole_item(const dt_diary *d, size_t i)
{
	if (!d->records[i].in_list || !i || d->records[i - 1].kind != DT_REC_LABEL)
		return 0;
	return i + 1 >= d->nrecords || !d->records[i + 1].in_list ||
	       d->records[i + 1].line > d->records[i].line + 2 + !!d->records[i].tests_line;
}

/* A record line diarist cannot read that names a moved commit (its first
 * seven digits): counted, so that the caller can say it was left alone. */
static void names_moved(dt_diaryedit_result *res, const char *data, const dt_record *r,
                        const dt_diaryedit_move *moves, size_t n)
{
	for (size_t m = 0; m < n; m++)
		if (moves_something(&moves[m]) && strlen(moves[m].old_hex) >= 7 &&
		    memmem(data + r->off, r->len, moves[m].old_hex, 7)) {
			if (!res->unread++)
				res->unread_line = r->line;
			return;
		}
}

/* One pass of dt_diaryedit_rewrite; with `drops` 0, no entry is dropped
 * (each is rewritten instead). */
static int rewrite_pass(dt_buf *out, const char *data, size_t len, const char *path,
                        const dt_strvec *repos, const dt_diaryedit_move *moves, size_t n,
                        const dt_diaryedit_lookup *lookup, dt_diaryedit_result *res, int drops)
{
	dt_diary d;
	dt_edits e = DT_EDITS_INIT;
	size_t *group = NULL; /* per move: the first move with the same new_hex */
	char *pre = NULL;     /* per group: the diary records new_hex already */
	long *kept = NULL;    /* per group: the move whose old entries stay, or -1 */
	long *act = NULL;     /* per entry of a record: its move, or -1 */
	char *drop = NULL;    /* per entry: dropped */
	long *set = NULL;     /* per entry: the group whose kept it set, or -1 */
	int error;

	memset(res, 0, sizeof(*res));
	if ((error = dt_diary_parse(&d, data, len, path)) < 0)
		return error;
	if (repos && repos->count)
		dt_diary_mark_repos(&d, data, repos);
	group = dt_xcalloc(n + 1, sizeof(*group));
	pre = dt_xcalloc(n + 1, 1);
	kept = dt_xcalloc(n + 1, sizeof(*kept));
	for (size_t m = 0; m < n; m++) {
		group[m] = m;
		kept[m] = -1;
		for (size_t q = 0; q < m; q++)
			if (!strcmp(moves[q].new_hex, moves[m].new_hex)) {
				group[m] = group[q];
				break;
			}
	}
	/* a new hash recorded as itself (not as the old hash of a move) */
	for (size_t i = 0; i < d.nrecords; i++)
		for (size_t k = 0; k < d.records[i].nhashes; k++) {
			const dt_hashref *h = &d.records[i].hashes[k];
			long mv = move_of(h, moves, n);
			if (mv >= 0 && lookup)
				lookup->fn(lookup->payload, (size_t)mv);
			if (h->foreign || mv >= 0)
				continue;
			for (size_t m = 0; m < n; m++)
				if (moves_something(&moves[m]) &&
				    dt_hash_names(h->hex, moves[m].new_hex))
					pre[group[m]] = 1;
		}

	for (size_t i = 0; i < d.nrecords; i++) {
		const dt_record *r = &d.records[i];
		size_t ndrop = 0, nact = 0, last_kept = (size_t)-1;
		if (r->kind == DT_REC_OTHER) {
			names_moved(res, data, r, moves, n);
			continue;
		}
		if (r->kind != DT_REC_HASHES || !r->nhashes)
			continue;
		act = dt_xrealloc(act, r->nhashes * sizeof(*act));
		drop = dt_xrealloc(drop, r->nhashes);
		set = dt_xrealloc(set, r->nhashes * sizeof(*set));
		for (size_t k = 0; k < r->nhashes; k++) {
			long m = move_of(&r->hashes[k], moves, n);
			size_t g;
			act[k] = m;
			drop[k] = 0;
			set[k] = -1;
			if (m < 0)
				continue;
			nact++;
			g = group[m];
			/* a squash leaves one record of the squashed commits, the
			 * first in the text */
			if (drops && (pre[g] || (kept[g] >= 0 &&
			                         strcmp(moves[kept[g]].old_hex, moves[m].old_hex))))
				drop[k] = 1;
			else if (kept[g] < 0) {
				kept[g] = m;
				set[k] = (long)g;
			}
			ndrop += drop[k];
		}
		if (!nact)
			continue;
		if (ndrop == r->nhashes &&
		    (!r->whole || sole_item(&d, i) || tests_below(data, len, r))) {
			/* the line holds prose too, or it is all its label lists, or
			 * a stray Tests line is below it: it stays, with the first
			 * entry */
			drop[0] = 0;
			ndrop--;
		}
		if (!res->first_line)
			res->first_line = r->line;
		res->dropped += ndrop;
		res->rewritten += nact - ndrop;
		if (ndrop == r->nhashes) {
			remove_record(&e, data, len, r);
			continue;
		}
		for (size_t k = 0; k < r->nhashes; k++)
			if (!drop[k])
				last_kept = k;
		if (!edit_line(&e, data, r, act, drop, last_kept, moves, 1) &&
		    !edit_line(&e, data, r, act, drop, last_kept, moves, 0)) {
			/* no edit of the line reads back as intended: left as it is,
			 * and the squash keeps the next record it meets instead */
			for (size_t k = 0; k < r->nhashes; k++)
				if (set[k] >= 0)
					kept[set[k]] = -1;
			res->rewritten -= nact - ndrop;
			res->dropped -= ndrop;
			if (!res->unread++)
				res->unread_line = r->line;
			continue;
		}
		if (r->tests_line && r->nhashes == 1 && act[0] >= 0)
			rewrite_tests(&e, data, len, r, moves[act[0]].tests);
	}
	error = dt_edits_apply(out, data, len, &e);
	dt_edits_dispose(&e);
	dt_diary_dispose(&d);
	free(group);
	free(pre);
	free(kept);
	free(act);
	free(drop);
	free(set);
	return error;
}

/* How many hash entries a text's records hold, or -1 when it does not parse. */
static long entries_in(const char *data, size_t len, const char *path)
{
	dt_diary d;
	long n = 0;
	if (dt_diary_parse(&d, data, len, path) < 0) {
		dt_error_clear();
		return -1;
	}
	for (size_t i = 0; i < d.nrecords; i++)
		n += (long)d.records[i].nhashes;
	dt_diary_dispose(&d);
	return n;
}

int dt_diaryedit_rewrite(dt_buf *out, const char *data, size_t len, const char *path,
                         const dt_strvec *repos, const dt_diaryedit_move *moves, size_t n,
                         const dt_diaryedit_lookup *lookup, dt_diaryedit_result *res)
{
	long before = entries_in(data, len, path);
	int error;

	/* Removing a line can join what it stood between (a bare label and
	 * list items below it, which would then read as records), so the text
	 * must read back with exactly the dropped entries gone; else nothing
	 * is dropped, and if even that does not read back, nothing changes. */
	for (int drops = 1; drops >= 0; drops--) {
		if ((error = rewrite_pass(out, data, len, path, repos, moves, n, lookup, res,
		                          drops)) < 0)
			return error;
		if (before < 0 ||
		    entries_in(out->ptr, out->size, path) == before - (long)res->dropped)
			return 0;
	}
	memset(res, 0, sizeof(*res));
	res->unread = 1;
	dt_buf_set(out, data, len);
	return 0;
}
