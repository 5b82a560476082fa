#include "glob.h"
#include "common.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static int match_at(const char *pat, const char *path)
{
	const char *pslash, *seg_end;
	char *pseg, *tseg;
	int ok;

	if (!strncmp(pat, "**", 2) && (pat[2] == '/' || pat[2] == '\0')) {
		const char *rest = pat[2] ? pat + 3 : pat + 2;
		if (!*rest)
			return 1;
		/* zero segments, then one more each time */
		for (const char *p = path;;) {
			if (match_at(rest, p))
				return 1;
			p = strchr(p, '/');
			if (!p)
				return 0;
			p++;
		}
	}
	pslash = strchr(pat, '/');
	seg_end = strchr(path, '/');
	if (!pslash != !seg_end)
		return 0;
	pseg = pslash ? dt_xstrndup(pat, (size_t)(pslash - pat)) : dt_xstrdup(pat);
	tseg = seg_end ? dt_xstrndup(path, (size_t)(seg_end - path)) : dt_xstrdup(path);
	ok = fnmatch(pseg, tseg, FNM_PERIOD) == 0;
	free(pseg);
	free(tseg);
	if (!ok)
		return 0;
	return pslash ? match_at(pslash + 1, seg_end + 1) : 1;
}

int dt_glob_match(const char *pattern, const char *path)
{
	while (!strncmp(pattern, "./", 2))
		pattern += 2;
	while (!strncmp(path, "./", 2))
		path += 2;
	return match_at(pattern, path);
}
