/* libFuzzer target: the edit round trip (lib/diaryedit.h). Any text, any
 * edit: every recorded hash is moved (to a made-up commit, squashed with
 * its neighbour, or onto the next recorded hash, chosen by the input's
 * first byte; one move a hash, none onto another's old hash), and a
 * commit is placed; the invariant of
 * tests/diaryedit_check.h must hold, or the target aborts. */
#include "../diaryedit_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Leave out the recorded hashes that are a prefix of another: in a real
 * repository such an abbreviation is ambiguous and git writes a longer one,
 * and a move of one would move the other too. */
static void drop_ambiguous(dt_strvec *hexes)
{
	dt_strvec keep = DT_STRVEC_INIT;
	for (size_t i = 0; i < hexes->count; i++) {
		int ambiguous = 0;
		for (size_t k = 0; k < hexes->count && !ambiguous; k++) {
			size_t a = strlen(hexes->items[i]), b = strlen(hexes->items[k]);
			ambiguous = k != i && !strncmp(hexes->items[i], hexes->items[k], a < b ? a : b);
		}
		if (!ambiguous)
			dt_strvec_push(&keep, hexes->items[i]);
	}
	dt_strvec_dispose(hexes);
	*hexes = keep;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int shape = size ? data[0] % 3 : 0;
	dt_diary d;
	dt_strvec hexes = DT_STRVEC_INIT;
	char(*olds)[DT_HEX_MAX], (*news)[DT_HEX_MAX];
	dt_diaryedit_move *moves;
	dt_diaryedit_result res;
	dt_buf out = DT_BUF_INIT;
	dt_placement pl;
	size_t n, nm;

	if (dt_diary_parse(&d, text, size, "fuzz.md") < 0) {
		dt_error_clear();
		return 0;
	}
	for (size_t i = 0; i < d.nrecords; i++)
		for (size_t k = 0; k < d.records[i].nhashes; k++)
			if (!d.records[i].hashes[k].foreign &&
			    !dt_strvec_contains(&hexes, d.records[i].hashes[k].hex))
				dt_strvec_push(&hexes, d.records[i].hashes[k].hex);
	dt_diary_dispose(&d);
	drop_ambiguous(&hexes);
	n = hexes.count;
	olds = calloc(n + 1, sizeof(*olds));
	news = calloc(n + 1, sizeof(*news));
	moves = calloc(n + 1, sizeof(*moves));
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(hexes.items[i]);
		snprintf(olds[i], DT_HEX_MAX, "%s%0*d", hexes.items[i], l < 40 ? (int)(40 - l) : 0, 0);
	}
	/* no move's new hash is another's old one (see test_diaryedit.c) */
	nm = 0;
	for (size_t i = 0; i < n; i++) {
		if (shape == 2 && (i % 2 || i + 1 >= n))
			continue;
		if (shape == 2)
			snprintf(news[nm], DT_HEX_MAX, "%s", hexes.items[i + 1]);
		else
			snprintf(news[nm], DT_HEX_MAX, "%c%06zx", shape ? 'c' : 'd', shape ? i / 2 : i);
		moves[nm].old_hex = olds[i];
		moves[nm].new_hex = shape == 2 ? olds[i + 1] : news[nm];
		moves[nm].abbrev = news[nm];
		moves[nm].subject = i % 2 ? "new \"subject\"" : NULL;
		moves[nm].tests = i % 3 ? NULL : "**Tests:** `make` \xE2\x80\x94 exit 0";
		nm++;
	}
	if (dt_diaryedit_rewrite(&out, text, size, "fuzz.md", NULL, moves, nm, &res) == 0) {
		const char *why = dc_check_rewrite(text, size, out.ptr, out.size, moves, nm, res.dropped);
		if (why) {
			fprintf(stderr, "diaryedit invariant broken: %s\n", why);
			abort();
		}
	}
	dt_error_clear();
	memset(&pl, 0, sizeof(pl));
	pl.abbrev = "e0e0e0e";
	pl.hex = "e0e0e0e000000000000000000000000000000000";
	pl.subject = "VM-1: fuzz";
	pl.diary_step = size % 5 ? -1 : 1;
	pl.new_commit = size % 2 ? DT_NEW_COMMIT_NEW_STEP : DT_NEW_COMMIT_LAST_STEP;
	if (dt_diaryedit_place(&out, text, size, "fuzz.md", &pl) == 0) {
		const char *why = dc_check_place(text, size, out.ptr, out.size, pl.abbrev, pl.placed);
		if (why) {
			fprintf(stderr, "diaryedit invariant broken (placement): %s\n", why);
			abort();
		}
	}
	dt_error_clear();
	dt_buf_dispose(&out);
	dt_strvec_dispose(&hexes);
	free(olds);
	free(news);
	free(moves);
	return 0;
}
