#include "hookmain.h"
#include "common.h"
#include "proc.h"

#include <stdlib.h>

int dt_hook_run_chained(char **argv, const char *input, size_t input_len)
{
	char *path = dt_xasprintf("%s%s", argv[0], DT_CHAIN_SUFFIX);
	int rc = dt_proc_chain(path, argv, input, input_len);
	free(path);
	return rc;
}
