/* libFuzzer target: the diary and tasks.md parsers, and placing a record
 * into any text (the edit must keep the text's bytes outside its lines). */
#include "diary.h"
#include "recorder.h"
#include "tasks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	dt_diary d;
	dt_tasks t;
	dt_buf out = DT_BUF_INIT;
	dt_placement pl;

	if (dt_diary_parse(&d, text, size, "fuzz.md") == 0)
		dt_diary_dispose(&d);
	if (dt_tasks_parse(&t, text, size, "tasks.md") == 0)
		dt_tasks_dispose(&t);
	memset(&pl, 0, sizeof(pl));
	pl.abbrev = "a64aead";
	pl.hex = "a64aead0000000000000000000000000000000000";
	pl.subject = "VM-1: fuzz";
	pl.tests_line =
	    "**Tests:** `make test` \xE2\x80\x94 exit 0; 1.0 s; commit a64aead, tree 9c1e2f0";
	pl.diary_step = size % 3 ? -1 : 2;
	pl.new_commit = size % 2 ? DT_NEW_COMMIT_NEW_STEP : DT_NEW_COMMIT_LAST_STEP;
	if (dt_diaryedit_place(&out, text, size, "fuzz.md", &pl) == 0) {
		/* placing again finds it: rule 1 */
		dt_buf again = DT_BUF_INIT;
		pl.placed = DT_PLACED_NONE;
		if (dt_diaryedit_place(&again, out.ptr, out.size, "fuzz.md", &pl) == 0 &&
		    pl.placed != DT_PLACED_ALREADY)
			abort();
		dt_buf_dispose(&again);
	}
	dt_buf_dispose(&out);
	return 0;
}
