#include "markdown.h"
#include "common.h"

int dt_md_fence(const char *line, size_t len, size_t *n)
{
	size_t i = 0, k;
	char c;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	if (i >= len || (line[i] != '`' && line[i] != '~'))
		return 0;
	c = line[i];
	for (k = 0; i + k < len && line[i + k] == c; k++)
		;
	if (k < 3)
		return 0;
	*n = k;
	return c;
}

int dt_md_fence_closes(const char *line, size_t len, int fence, size_t fence_n)
{
	size_t n, i = 0;
	if (dt_md_fence(line, len, &n) != fence || n < fence_n)
		return 0;
	while (i < len && line[i] == ' ')
		i++;
	for (i += n; i < len; i++) /* a closing fence has no info string */
		if (!dt_isspace((unsigned char)line[i]))
			return 0;
	return 1;
}

int dt_md_fenced(dt_md_fencer *f, const char *line, size_t len)
{
	size_t n;
	int c = dt_md_fence(line, len, &n);

	if (f->fence) {
		if (c && dt_md_fence_closes(line, len, f->fence, f->fence_n))
			f->fence = 0;
		return 1;
	}
	if (c) {
		f->fence = c;
		f->fence_n = n;
		return 1;
	}
	return 0;
}
