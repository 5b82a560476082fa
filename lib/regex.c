#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"
#include "common.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 2000

struct dt_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char *pattern;
	unsigned long matches; /* calls so far: a pattern used often is JIT-compiled */
};

/* JIT-compiling costs tens of microseconds, more than a hook matching a
 * message a few times can spend; a pattern matched this often (check --all
 * matches every commit's subject) pays it back. */
#define JIT_AFTER 64

int dt_regex_compile(dt_regex **out, const char *pattern, unsigned flags, const char *where)
{
	int errcode;
	PCRE2_SIZE erroff;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	dt_regex *re;

	*out = NULL;
	if (flags & DT_REGEX_CASELESS)
		opts |= PCRE2_CASELESS;
	re = dt_xcalloc(1, sizeof(*re));
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &errcode,
	                         &erroff, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		free(re);
		return dt_error_set(DT_ECONFIG, "%s: invalid pattern '%s' at offset %zu: %s", where,
		                    pattern, (size_t)erroff, (char *)msg);
	}
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx) {
		dt_regex_free(re);
		return dt_error_set(DT_ERROR, "out of memory compiling '%s'", pattern);
	}
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, 20000); /* KiB */
	re->pattern = dt_xstrdup(pattern);
	*out = re;
	return 0;
}

int dt_regex_match(const dt_regex *re, const char *subject, size_t len, size_t offset,
                   const char *group, size_t *start, size_t *mlen)
{
	int rc;
	/* the count is a cache, not the pattern's meaning: the const stays */
	if (((dt_regex *)re)->matches++ == JIT_AFTER)
		pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* else: interpreted */
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, re->md, re->mctx);
	PCRE2_SIZE *ov;
	int idx = 0;

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		return dt_error_set(DT_ERROR, "pattern '%s' failed: %s", re->pattern, (char *)msg);
	}
	ov = pcre2_get_ovector_pointer(re->md);
	if (group) {
		idx = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)group);
		if (idx < 0)
			idx = 0;
		else if (ov[2 * idx] == PCRE2_UNSET)
			return 0;
	}
	if (start)
		*start = ov[2 * idx];
	if (mlen)
		*mlen = ov[2 * idx + 1] - ov[2 * idx];
	return 1;
}

size_t dt_regex_last_end(const dt_regex *re)
{
	return pcre2_get_ovector_pointer(re->md)[1];
}

int dt_regex_has_group(const dt_regex *re, const char *name)
{
	return pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name) >= 0;
}

const char *dt_regex_pattern(const dt_regex *re)
{
	return re->pattern;
}

void dt_regex_free(dt_regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}
