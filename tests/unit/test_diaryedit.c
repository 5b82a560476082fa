/* test_diaryedit.c - lib/diaryedit.h: every change to a diary.
 *
 * Rewrites are data: each case in tests/data/rewrite/ is
 *   NAME.before.md   the diary before
 *   NAME.moves       one move a line: "<old hex> <new hex> <abbrev> <subject>"
 *                    (subject "-": none known), optionally followed by a
 *                    line "tests <the whole **Tests:** line>" for it
 *   NAME.after.md    the diary after, written by hand
 *   NAME.dropped     (optional) how many entries the rewrite drops
 *   NAME.repos       (optional) the names of repos:, one a line
 * dt_diaryedit_rewrite must turn .before into .after byte for byte, and
 * doing it again must change nothing.
 *
 * The invariant (tests/diaryedit_check.h) is then checked on every diary
 * text the tests have -- the record and rewrite cases, the placement
 * cases, and the shared corpus where it is present -- under rewrites of
 * every recorded hash, squashes of neighbours, a move onto a hash recorded
 * already, and placements. */
#include "unit.h"

#include "../diaryedit_check.h"
#include "buf.h"
#include "common.h"
#include "diary.h"
#include "diaryedit.h"
#include "fileio.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>

#define REWRITES TEST_DATA "/rewrite"

/* ---- the rewrite cases ---- */

typedef struct {
	dt_diaryedit_move *moves;
	char **strings; /* what the moves point into */
	size_t n, nstrings;
} move_list;

static char *keep(move_list *ml, const char *s, size_t len)
{
	ml->strings = dt_xrealloc(ml->strings, (ml->nstrings + 1) * sizeof(*ml->strings));
	return ml->strings[ml->nstrings++] = dt_xstrndup(s, len);
}

static void moves_dispose(move_list *ml)
{
	for (size_t i = 0; i < ml->nstrings; i++)
		free(ml->strings[i]);
	free(ml->strings);
	free(ml->moves);
	memset(ml, 0, sizeof(*ml));
}

static void read_moves(move_list *ml, const char *text)
{
	memset(ml, 0, sizeof(*ml));
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (n > 6 && !strncmp(p, "tests ", 6)) {
			assert_true(ml->n > 0);
			ml->moves[ml->n - 1].tests = keep(ml, p + 6, n - 6);
		} else if (n && *p != '#') {
			const char *f[3], *q = p;
			size_t fl[3];
			dt_diaryedit_move *m;
			for (int i = 0; i < 3; i++) {
				f[i] = q;
				fl[i] = strcspn(q, " \n");
				q += fl[i] + (q[fl[i]] == ' ');
			}
			ml->moves = dt_xrealloc(ml->moves, (ml->n + 1) * sizeof(*ml->moves));
			m = &ml->moves[ml->n++];
			memset(m, 0, sizeof(*m));
			m->old_hex = keep(ml, f[0], fl[0]);
			m->new_hex = keep(ml, f[1], fl[1]);
			m->abbrev = keep(ml, f[2], fl[2]);
			if ((size_t)(q - p) < n && strncmp(q, "-\n", 2) && strcmp(q, "-"))
				m->subject = keep(ml, q, n - (size_t)(q - p));
		}
		p += n + (p[n] == '\n');
	}
}

static char *case_file(const char *name, const char *ext)
{
	return dt_xasprintf("%s/%s%s", REWRITES, name, ext);
}

static void run_rewrite_case(const char *name)
{
	char *bp = case_file(name, ".before.md"), *ap = case_file(name, ".after.md");
	char *mp = case_file(name, ".moves"), *dp = case_file(name, ".dropped");
	char *rp = case_file(name, ".repos");
	dt_strvec repos = DT_STRVEC_INIT;
	char *before = tu_slurp(bp), *after = tu_slurp(ap), *mtext = tu_slurp(mp);
	dt_buf out = DT_BUF_INIT, again = DT_BUF_INIT;
	dt_diaryedit_result res;
	move_list ml;
	const char *why;

	print_message("rewrite case: %s\n", name);
	read_moves(&ml, mtext);
	if (dt_path_exists(rp)) {
		char *names = tu_slurp(rp);
		for (char *p = names; *p;) {
			size_t n = strcspn(p, "\n");
			if (n)
				dt_strvec_pushn(&repos, p, n);
			p += n + (p[n] == '\n');
		}
		free(names);
	}
	assert_int_equal(dt_diaryedit_rewrite(&out, before, strlen(before), bp, &repos, ml.moves,
	                                      ml.n, NULL, &res),
	                 0);
	if (out.size != strlen(after) || memcmp(out.ptr, after, out.size))
		fail_msg("%s: got\n%s\n--- expected\n%s", name, out.ptr, after);
	if (dt_path_exists(dp)) {
		char *d = tu_slurp(dp);
		assert_int_equal(res.dropped, strtoul(d, NULL, 10));
		free(d);
	}
	why = dc_check_rewrite(before, strlen(before), out.ptr, out.size, ml.moves, ml.n,
	                       res.dropped);
	if (why)
		fail_msg("%s: %s", name, why);
	/* the olds are gone: nothing more to do */
	assert_int_equal(
	    dt_diaryedit_rewrite(&again, out.ptr, out.size, ap, &repos, ml.moves, ml.n, NULL, &res),
	    0);
	assert_int_equal(again.size, out.size);
	assert_memory_equal(again.ptr, out.ptr, out.size);
	moves_dispose(&ml);
	dt_buf_dispose(&out);
	dt_buf_dispose(&again);
	free(before);
	free(after);
	free(mtext);
	free(bp);
	free(ap);
	free(mp);
	free(dp);
	free(rp);
	dt_strvec_dispose(&repos);
}

static void test_diaryedit_rewrite_cases(void **state)
{
	dt_strvec names = DT_STRVEC_INIT;
	(void)state;
	tu_list_cases(&names, REWRITES, ".before.md");
	assert_true(names.count >= 10);
	for (size_t i = 0; i < names.count; i++)
		run_rewrite_case(names.items[i]);
	dt_strvec_dispose(&names);
}

/* ---- the invariant over every text ---- */

static void check_text(const char *path, const char *text, size_t len)
{
	dt_buf out = DT_BUF_INIT;
	dt_diaryedit_result res;
	const char *why;

	for (int shape = 0; shape < 3; shape++) {
		dc_moves mv;
		if (dc_moves_for(&mv, text, len, shape) < 0)
			return;
		if (dt_diaryedit_rewrite(&out, text, len, path, NULL, mv.moves, mv.n, NULL, &res) <
		    0) {
			dt_error_clear();
		} else if ((why = dc_check_rewrite(text, len, out.ptr, out.size, mv.moves, mv.n,
		                                   res.dropped)) != NULL) {
			dc_moves_dispose(&mv);
			fail_msg("%s: rewrite shape %d: %s", path, shape, why);
		}
		dc_moves_dispose(&mv);
	}
	for (int mode = 0; mode < 2; mode++) {
		dt_placement pl;
		memset(&pl, 0, sizeof(pl));
		pl.abbrev = "e0e0e0e";
		pl.hex = "e0e0e0e000000000000000000000000000000000";
		pl.subject = "VM-1: placed";
		pl.tests_line = mode ? NULL : "**Tests:** `make` \xE2\x80\x94 exit 0";
		pl.diary_step = -1;
		pl.new_commit = mode ? DT_NEW_COMMIT_LAST_STEP : DT_NEW_COMMIT_NEW_STEP;
		if (dt_diaryedit_place(&out, text, len, path, &pl) < 0) {
			dt_error_clear();
			continue;
		}
		why = dc_check_place(text, len, out.ptr, out.size, pl.abbrev, pl.placed);
		if (why)
			fail_msg("%s: placement (mode %d): %s", path, mode, why);
	}
	dt_buf_dispose(&out);
}

static size_t nchecked;

static int check_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path);
	char *text;
	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md"))
		return 0;
	text = tu_slurp(path);
	check_text(path, text, strlen(text));
	free(text);
	nchecked++;
	return 0;
}

static void test_diaryedit_invariant_on_cases(void **state)
{
	(void)state;
	nchecked = 0;
	assert_int_equal(nftw(TEST_DATA "/records", check_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(REWRITES, check_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(TEST_DATA "/placement", check_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(TEST_DATA "/edit-regressions", check_file, 16, FTW_PHYS), 0);
	print_message("invariant held on %zu case files\n", nchecked);
	assert_true(nchecked > 60);
}

static void test_diaryedit_invariant_on_corpus(void **state)
{
	dt_buf dir = DT_BUF_INIT;
	(void)state;
	SKIP_WITHOUT_CORPUS();
	dt_buf_printf(&dir, "%s/vm-system/ttmp", test_corpus());
	nchecked = 0;
	assert_int_equal(nftw(dir.ptr, check_file, 16, FTW_PHYS), 0);
	dt_buf_clear(&dir);
	dt_buf_printf(&dir, "%s/../seeds", test_corpus());
	if (dt_path_exists(dir.ptr))
		assert_int_equal(nftw(dir.ptr, check_file, 16, FTW_PHYS), 0);
	print_message("invariant held on %zu corpus files\n", nchecked);
	assert_true(nchecked > 20);
	dt_buf_dispose(&dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diaryedit_rewrite_cases),
	    cmocka_unit_test(test_diaryedit_invariant_on_cases),
	    cmocka_unit_test(test_diaryedit_invariant_on_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
