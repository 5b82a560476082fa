/* unit.h - what every cmocka test file includes. */
#ifndef DT_UNIT_H
#define DT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "testutil.h"

/* Tests run from the repository root (make test). */
#define TEST_DATA "tests/data"

/* The shared corpus: $DIARIST_CORPUS, else ../shared/corpus. */
static inline const char *test_corpus(void)
{
	const char *c = getenv("DIARIST_CORPUS");
	return c && *c ? c : "../shared/corpus";
}

/* Is the shared corpus there? A user's clone has none beside it; CI does. */
static inline int test_corpus_present(void)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/vm-system/ttmp", test_corpus());
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* In a test that reads the shared corpus: skip it, saying why, when the
 * corpus is not there (tests/data holds the parser cases either way). */
#define SKIP_WITHOUT_CORPUS()                                                                     \
	do {                                                                                       \
		if (!test_corpus_present()) {                                                      \
			print_message("skipped: the shared corpus is not at %s "                   \
			              "(DIARIST_CORPUS names it)\n",                              \
			              test_corpus());                                              \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

#endif
