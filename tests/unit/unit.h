/* unit.h - what every cmocka test file includes. */
#ifndef DT_UNIT_H
#define DT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "testutil.h"

/* Tests run from the repository root (make test). */
#define TEST_DATA "tests/data"

/* The shared corpus: $DIARIST_CORPUS, else ../shared/corpus. */
static inline const char *test_corpus(void)
{
	const char *c = getenv("DIARIST_CORPUS");
	return c && *c ? c : "../shared/corpus";
}

#endif
