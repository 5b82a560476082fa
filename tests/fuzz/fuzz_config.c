/* libFuzzer target: .diarist.yaml and frontmatter parsing. */
#include "config.h"
#include "frontmatter.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dt_config *cfg = dt_config_new();
	dt_ynode *fm = NULL;

	dt_config_parse(cfg, (const char *)data, size, ".diarist.yaml");
	dt_config_free(cfg);
	if (dt_frontmatter_parse(&fm, (const char *)data, size, "index.md") == 0)
		dt_frontmatter_str(fm, "Ticket");
	dt_ynode_free(fm);
	return 0;
}
