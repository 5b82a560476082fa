/*
 * findings.h - what the rules find (SPEC §5, §6.1), and the ways to print
 * it: compiler-like text, JSON (docs/json-schema.md), SARIF 2.1.0, JUnit
 * XML (one testcase per ticket) and GitHub workflow annotations.
 */
#ifndef DT_FINDINGS_H
#define DT_FINDINGS_H

#include <stddef.h>
#include "buf.h"
#include "ruleset.h"

#define DT_JSON_SCHEMA "diarist-check/1"

typedef struct {
	dt_rule rule;
	dt_level level;
	char *ticket;  /* ticket ID, or NULL */
	char *commit;  /* commit id, or NULL */
	char *file;    /* path relative to the work tree, or NULL */
	size_t line;   /* 1-based, 0 when none */
	char *message; /* lower case, names the thing */
	char *hint;    /* what to do, or NULL */
} dt_finding;

typedef struct {
	dt_finding *items;
	size_t count, alloc;
} dt_findings;

#define DT_FINDINGS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Add a finding at `level` (DT_LEVEL_OFF: not added). Strings are copied;
 * any may be NULL but the message. */
void dt_findings_add(dt_findings *f, dt_rule rule, dt_level level, const char *ticket,
                     const char *commit, const char *file, size_t line, const char *hint,
                     const char *fmt, ...) __attribute__((format(printf, 9, 10)));
size_t dt_findings_count(const dt_findings *f, dt_level level);
/* Order: file, line, rule, message (findings without a file last). */
void dt_findings_sort(dt_findings *f);
void dt_findings_dispose(dt_findings *f);
/* The strings of one finding (when a list drops it). */
void dt_finding_dispose(dt_finding *x);

typedef enum {
	DT_FORMAT_TEXT,
	DT_FORMAT_JSON,
	DT_FORMAT_SARIF,
	DT_FORMAT_JUNIT,
	DT_FORMAT_GITHUB
} dt_format;

/* "text", "json", "sarif", "junit", "github" -> format, or -1. */
int dt_format_parse(const char *name);

typedef struct {
	int color;                  /* text: ANSI colours */
	const char *version;        /* the tool's version */
	const char *const *tickets; /* junit: every ticket judged (NULL-terminated; may be NULL) */
	const char *default_file;   /* sarif: the location of findings with no file */
} dt_format_opts;

/* Write the findings in `fmt` to `out` (appended). */
void dt_findings_write(dt_buf *out, const dt_findings *f, dt_format fmt,
                       const dt_format_opts *opts);

/* A summary for a long list (SPEC §9): findings per rule, and the `top`
 * tickets with the most errors (then warnings). */
void dt_findings_write_summary(dt_buf *out, const dt_findings *f, size_t top);

/* JSON string escaping (with the quotes), for other writers. */
void dt_json_string(dt_buf *out, const char *s);
/* `"key": "value"` (null for NULL), after ", " when comma is set. */
void dt_json_field(dt_buf *out, const char *key, const char *value, int comma);
/* XML text/attribute escaping. */
void dt_xml_escape(dt_buf *out, const char *s);

#endif
