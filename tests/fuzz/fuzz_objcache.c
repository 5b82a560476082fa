/* libFuzzer target: loading a kept file (objcache.h) of any content. The
 * input is the file after its header line; the ids it names are looked
 * up, and an entry is put over one of them. */
#include "objcache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEADER "diarist-objcache 1 fuzz/1\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	const char *got;
	size_t len;
	dt_objcache *c;
	FILE *f;

	if (!path[0]) {
		int fd;
		snprintf(path, sizeof(path), "/tmp/fuzz-objcache-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
	}
	if (!(f = fopen(path, "wb")))
		abort();
	fputs(HEADER, f);
	fwrite(data, 1, size, f);
	fclose(f);
	c = dt_objcache_open(path, "fuzz/1");
	/* every id the input names (after a letter, 40 digits and a space) */
	for (size_t i = 0; i + 42 <= size; i++) {
		char hex[41];
		if (data[i + 41] != ' ')
			continue;
		memcpy(hex, data + i + 1, 40);
		hex[40] = '\0';
		dt_objcache_get(c, (char)data[i], hex, &got, &len);
		dt_objcache_put(c, (char)data[i], hex, "new", 3);
		if (dt_objcache_get(c, (char)data[i], hex, &got, &len) &&
		    (len != 3 || memcmp(got, "new", 3)))
			abort();
	}
	dt_objcache_free(c);
	return 0;
}
