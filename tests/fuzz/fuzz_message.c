/* libFuzzer target: message cleaning, trailers, refs and the trailer edit. */
#include "buf.h"
#include "message.h"
#include "refs.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *comments[] = {NULL, "#", ";", "auto"};
	dt_buf clean = DT_BUF_INIT, out = DT_BUF_INIT;
	dt_refs refs = DT_REFS_INIT;
	dt_trailers tr = DT_TRAILERS_INIT;
	char comment[8];

	for (size_t i = 0; i < sizeof(comments) / sizeof(*comments); i++) {
		dt_message_comment(comment, comments[i], (const char *)data, size);
		dt_message_clean(&clean, (const char *)data, size, comment);
		dt_message_trailers(&tr, clean.ptr);
		dt_trailers_dispose(&tr);
		dt_refs_extract(&refs, clean.ptr, NULL);
		dt_refs_dispose(&refs);
		dt_message_add_trailer(&out, (const char *)data, size, comment, "Ticket", "X-1");
	}
	dt_buf_dispose(&clean);
	dt_buf_dispose(&out);
	return 0;
}
