/* libFuzzer target: the edit round trip (lib/diaryedit.h). Any text, any
 * edit: every recorded hash is moved (the shapes of dc_moves_for, chosen
 * by the input's first byte) and a commit is placed; the invariant of
 * tests/diaryedit_check.h must hold, or the target aborts. */
#include "../diaryedit_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	dt_diaryedit_result res;
	dt_buf out = DT_BUF_INIT;
	dt_placement pl;
	dc_moves mv;

	if (dc_moves_for(&mv, text, size, size ? data[0] % 3 : 0) < 0)
		return 0;
	if (dt_diaryedit_rewrite(&out, text, size, "fuzz.md", NULL, mv.moves, mv.n, NULL, &res) == 0) {
		const char *why =
		    dc_check_rewrite(text, size, out.ptr, out.size, mv.moves, mv.n, res.dropped);
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
		const char *why =
		    dc_check_place(text, size, out.ptr, out.size, pl.abbrev, pl.placed);
		if (why) {
			fprintf(stderr, "diaryedit invariant broken (placement): %s\n", why);
			abort();
		}
	}
	dt_error_clear();
	dt_buf_dispose(&out);
	dc_moves_dispose(&mv);
	return 0;
}
