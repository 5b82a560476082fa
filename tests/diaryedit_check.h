/*
 * diaryedit_check.h - the invariant of lib/diaryedit.h, checked on any text
 * (tests/unit/test_diaryedit.c over every parser case and the corpus,
 * tests/fuzz/fuzz_diaryedit.c over any input).
 *
 * After an edit:
 *  - every hash entry that was in the text is still there, in the same
 *    step, as it was or rewritten to a move's new hash, except as many as
 *    the edit says it dropped, and only entries of moved hashes are gone;
 *  - the lines that are no record (nor a record's Tests line) are the same
 *    lines in the same order, but for the blank lines that a removed record
 *    takes along (at most one per dropped entry); a placement may add the
 *    lines of a new step between them, never change one.
 * dc_check_* return NULL when it holds, else a static message saying what
 * broke.
 */
#ifndef DT_DIARYEDIT_CHECK_H
#define DT_DIARYEDIT_CHECK_H

#include "common.h"
#include "diary.h"
#include "diaryedit.h"
#include "edit.h"
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t step; /* index, or DT_NO_STEP */
	char *hex;
	int foreign, used, done;
} dc_entry;

typedef struct {
	dc_entry *items;
	size_t count;
	/* the lines that are no record nor Tests line: offsets and lengths */
	size_t *off, *len;
	size_t nlines, blanks;
} dc_view;

static void dc_view_dispose(dc_view *v)
{
	for (size_t i = 0; i < v->count; i++)
		free(v->items[i].hex);
	free(v->items);
	free(v->off);
	free(v->len);
	memset(v, 0, sizeof(*v));
}

/* 0, or -1 when the text does not parse (then nothing is checked). */
static int dc_view_of(dc_view *v, const char *data, size_t len)
{
	dt_diary d;
	size_t alloc = 0, lalloc = 0, pos = 0;

	memset(v, 0, sizeof(*v));
	if (dt_diary_parse(&d, data, len, "check.md") < 0) {
		dt_error_clear();
		return -1;
	}
	for (size_t i = 0; i < d.nrecords; i++)
		for (size_t k = 0; k < d.records[i].nhashes; k++) {
			DT_ARRAY_GROW(v->items, alloc, v->count + 1);
			v->items[v->count].step = d.records[i].step;
			v->items[v->count].hex = dt_xstrdup(d.records[i].hashes[k].hex);
			v->items[v->count].foreign = d.records[i].hashes[k].foreign;
			v->items[v->count].done = 0;
			v->items[v->count++].used = 0;
		}
	{
		/* the record and Tests lines' starts, in order */
		size_t *skip = dt_xcalloc(2 * d.nrecords + 1, sizeof(*skip)), ns = 0, s = 0;
		for (size_t i = 0; i < d.nrecords; i++) {
			skip[ns++] = d.records[i].off;
			if (d.records[i].tests_line)
				skip[ns++] = d.records[i].tests_off;
		}
		while (pos < len) {
			size_t end = dt_edit_line_end(data, len, pos);
			while (s < ns && skip[s] < pos)
				s++;
			/* (a record on the first line starts after a BOM) */
			size_t at =
			    pos == 0 && len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : pos;
			if (s < ns && (skip[s] == pos || skip[s] == at)) {
				/* a record's line */
			} else if (dt_edit_blank_at(data, len, pos)) {
				v->blanks++;
			} else {
				size_t n = end - pos; /* compared without its line ending */
				while (n &&
				       (data[pos + n - 1] == '\n' || data[pos + n - 1] == '\r'))
					n--;
				DT_ARRAY_GROW(v->off, lalloc, v->nlines + 1);
				v->len = dt_xrealloc(v->len, lalloc * sizeof(*v->len));
				v->off[v->nlines] = pos;
				v->len[v->nlines++] = n;
			}
			pos = end;
		}
		free(skip);
	}
	dt_diary_dispose(&d);
	return 0;
}

/* An entry of `after` at step s that is `hex` as it was (as_was), or
 * else one that a move of it made; marks it used. */
static int dc_take(dc_view *after, size_t step, const char *hex, const dt_diaryedit_move *moves,
                   size_t n, int as_was)
{
	const char *want = hex;
	if (!as_was)
		for (size_t m = 0; m < n; m++)
			if (strcmp(moves[m].old_hex, moves[m].new_hex) &&
			    dt_hash_names(hex, moves[m].old_hex)) {
				want = moves[m].abbrev;
				break;
			}
	for (size_t i = 0; i < after->count; i++)
		if (!after->items[i].used && after->items[i].step == step &&
		    !dt_ascii_casecmp(after->items[i].hex, want)) {
			after->items[i].used = 1;
			return 1;
		}
	return 0;
}

static int dc_moved(const char *hex, const dt_diaryedit_move *moves, size_t n)
{
	for (size_t m = 0; m < n; m++)
		if (strcmp(moves[m].old_hex, moves[m].new_hex) && dt_hash_names(hex, moves[m].old_hex))
			return 1;
	return 0;
}

/* The lines that are no record of `b` hold those of `a` in order; `extra`
 * lines may stand between them (a new step), `blanks` fewer blank lines. */
static const char *dc_prose_kept(const dc_view *a, const char *da, const dc_view *b, const char *db,
                                 int extra_ok)
{
	size_t j = 0;
	for (size_t i = 0; i < a->nlines; i++) {
		while (j < b->nlines && (b->len[j] != a->len[i] ||
		                         memcmp(db + b->off[j], da + a->off[i], a->len[i]))) {
			if (!extra_ok)
				return "a line that is no record changed";
			j++;
		}
		if (j >= b->nlines)
			return "a line that is no record went missing";
		j++;
	}
	if (j != b->nlines && !extra_ok)
		return "a line that is no record was added";
	return NULL;
}

/* A rewrite turned `before` into `after`, saying it dropped `dropped`. */
static const char *dc_check_rewrite(const char *before, size_t blen, const char *after, size_t alen,
                                    const dt_diaryedit_move *moves, size_t n, size_t dropped)
{
	static char msg[160];
	dc_view a, b;
	const char *why = NULL;
	size_t missing = 0;

	if (dc_view_of(&a, before, blen) < 0)
		return NULL;
	if (dc_view_of(&b, after, alen) < 0) {
		dc_view_dispose(&a);
		return "the rewritten text does not parse";
	}
	/* the entries that were not moved first (a moved one may become the
	 * same hash), then the moved ones left as they were (a line whose edit
	 * would not read back), then the moved ones rewritten: those of one
	 * new hash in one step are alike, so the matching can be greedy */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < a.count && !why; i++) {
			int moved = !a.items[i].foreign && dc_moved(a.items[i].hex, moves, n);
			if (a.items[i].done || moved != (pass > 0))
				continue;
			if (dc_take(&b, a.items[i].step, a.items[i].hex, moves, n, pass < 2)) {
				a.items[i].done = 1;
			} else if (pass == 0) {
				snprintf(msg, sizeof(msg),
				         "the record of %s (not moved) went missing",
				         a.items[i].hex);
				why = msg;
			} else if (pass == 2) {
				missing++;
			}
		}
	if (!why && missing != dropped) {
		snprintf(msg, sizeof(msg),
		         "%zu moved records went missing, the edit says %zu dropped", missing,
		         dropped);
		why = msg;
	}
	if (!why && b.count + dropped != a.count)
		why = "records were added by a rewrite";
	if (!why)
		why = dc_prose_kept(&a, before, &b, after, 0);
	if (!why && (b.blanks > a.blanks || a.blanks - b.blanks > dropped))
		why = "blank lines changed more than the dropped records explain";
	dc_view_dispose(&a);
	dc_view_dispose(&b);
	return why;
}

/* A placement of `hex` turned `before` into `after`. */
static const char *dc_check_place(const char *before, size_t blen, const char *after, size_t alen,
                                  const char *abbrev, dt_placed placed)
{
	dc_view a, b;
	const char *why = NULL;
	size_t added = 0;

	if (dc_view_of(&a, before, blen) < 0)
		return NULL;
	if (dc_view_of(&b, after, alen) < 0) {
		dc_view_dispose(&a);
		return "the text after placing does not parse";
	}
	for (size_t i = 0; i < a.count && !why; i++) {
		if (!dc_take(&b, a.items[i].step, a.items[i].hex, NULL, 0, 1))
			why = "a record went missing when another was placed";
	}
	for (size_t i = 0; i < b.count; i++)
		if (!b.items[i].used) {
			added++;
			if (strcmp(b.items[i].hex, abbrev))
				why = "a record other than the placed one appeared";
		}
	if (!why && added != (placed == DT_PLACED_ALREADY || placed == DT_PLACED_NONE ? 0u : 1u))
		why = "not exactly one record was placed";
	if (!why)
		why = dc_prose_kept(&a, before, &b, after, placed == DT_PLACED_NEW_STEP);
	dc_view_dispose(&a);
	dc_view_dispose(&b);
	return why;
}

/* ---- moves to check an edit with ---- */

/* Moves of the hashes a diary text records, of one of three shapes:
 * 0 every hash rewritten to a made-up commit; 1 neighbours squashed into
 * one; 2 every other hash moved onto the next one, which is recorded and
 * stays (an amend seen by post-commit). No move's new hash is another's
 * old one (then "left as it was" and "rewritten" could not be told
 * apart), and hashes that are a prefix of another are left out: in a
 * real repository git writes a longer abbreviation. */
typedef struct {
	dt_diaryedit_move *moves;
	size_t n;
	char (*olds)[DT_HEX_MAX], (*news)[DT_HEX_MAX], (*abbrevs)[DT_HEX_MAX];
} dc_moves;

static void dc_moves_dispose(dc_moves *mv)
{
	free(mv->moves);
	free(mv->olds);
	free(mv->news);
	free(mv->abbrevs);
	memset(mv, 0, sizeof(*mv));
}

/* 0, or -1 when the text does not parse. */
static int dc_moves_for(dc_moves *mv, const char *text, size_t len, int shape)
{
	dt_diary d;
	dt_strvec hexes = DT_STRVEC_INIT, keep = DT_STRVEC_INIT;
	size_t n;

	memset(mv, 0, sizeof(*mv));
	if (dt_diary_parse(&d, text, len, "check.md") < 0) {
		dt_error_clear();
		return -1;
	}
	for (size_t i = 0; i < d.nrecords; i++)
		for (size_t k = 0; k < d.records[i].nhashes; k++)
			if (!d.records[i].hashes[k].foreign &&
			    !dt_strvec_contains(&hexes, d.records[i].hashes[k].hex))
				dt_strvec_push(&hexes, d.records[i].hashes[k].hex);
	dt_diary_dispose(&d);
	for (size_t i = 0; i < hexes.count; i++) {
		int ambiguous = 0;
		for (size_t k = 0; k < hexes.count && !ambiguous; k++) {
			size_t a = strlen(hexes.items[i]), b = strlen(hexes.items[k]);
			ambiguous =
			    k != i && !strncmp(hexes.items[i], hexes.items[k], a < b ? a : b);
		}
		if (!ambiguous)
			dt_strvec_push(&keep, hexes.items[i]);
	}
	n = keep.count;
	mv->moves = dt_xcalloc(n + 1, sizeof(*mv->moves));
	mv->olds = dt_xcalloc(n + 1, sizeof(*mv->olds));
	mv->news = dt_xcalloc(n + 1, sizeof(*mv->news));
	mv->abbrevs = dt_xcalloc(n + 1, sizeof(*mv->abbrevs));
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(keep.items[i]);
		snprintf(mv->olds[i], DT_HEX_MAX, "%s%0*d", keep.items[i],
		         l < 40 ? (int)(40 - l) : 0, 0);
	}
	for (size_t i = 0; i < n; i++) {
		dt_diaryedit_move *m = &mv->moves[mv->n];
		if (shape == 2 && (i % 2 || i + 1 >= n))
			continue;
		if (shape == 2) {
			snprintf(mv->news[mv->n], DT_HEX_MAX, "%s", mv->olds[i + 1]);
			snprintf(mv->abbrevs[mv->n], DT_HEX_MAX, "%s", keep.items[i + 1]);
		} else {
			/* made up, distinct for each target, and no prefix of a
			 * recorded hash nor one of them a prefix of it */
			for (unsigned salt = 0;; salt++) {
				int clash = 0;
				snprintf(mv->news[mv->n], DT_HEX_MAX, "%c%06zx%02x%031d",
				         shape ? 'c' : 'd', shape == 1 ? i / 2 : i, salt & 0xff, 0);
				snprintf(mv->abbrevs[mv->n], DT_HEX_MAX, "%.9s", mv->news[mv->n]);
				for (size_t k = 0; k < n && !clash; k++) {
					size_t a = strlen(keep.items[k]);
					clash = !strncmp(keep.items[k], mv->abbrevs[mv->n],
					                 a < 9 ? a : 9);
				}
				if (!clash || salt > 255)
					break;
			}
		}
		m->old_hex = mv->olds[i];
		m->new_hex = mv->news[mv->n];
		m->abbrev = mv->abbrevs[mv->n];
		m->subject = i % 2 ? "a new \"subject\"" : NULL;
		m->tests = i % 3 ? NULL : "**Tests:** `make` \xE2\x80\x94 exit 0";
		mv->n++;
	}
	dt_strvec_dispose(&hexes);
	dt_strvec_dispose(&keep);
	return 0;
}

#endif
