/*
 * diary.h - a ticket's implementation diary (SPEC §1.5).
 *
 * The parser keeps byte offsets into the text it was given (it copies only
 * small strings), so that the editor can change single lines and leave
 * every other byte alone. Code fences are skipped.
 */
#ifndef DT_DIARY_H
#define DT_DIARY_H

#include <stddef.h>
#include "buf.h"

#define DT_DIARY_MAX_LINE (1024u * 1024u) /* a longer line is refused */

typedef enum {
	DT_REC_HASHES,  /* one or more hashes */
	DT_REC_NA,      /* "N/A...": nothing to record, stays as is */
	DT_REC_WAITING, /* "pending", "TBD", "TODO" or empty: waiting for a hash */
	DT_REC_OTHER,   /* a value that is none of these: never edited */
	DT_REC_LABEL    /* a bare label ("**Commits (code):**") whose records are
	                   the list items right below it: no placeholder */
} dt_record_kind;

/* One commit a record line cites. A line may cite several
 * ("a1b2c3d — "s1"; e4f5a6b — "s2"", "a64aead, b12c3d4"): each is an
 * entry of its own, with its own span and subject, so that an edit can
 * change or drop one and leave the others as they are. */
typedef struct {
	size_t off, len;             /* the hex digits in the file */
	char *hex;                   /* lower-case copy */
	int foreign;                 /* another repository's (see repo) */
	char *repo;                  /* that repository's name when the diary says it ("(webchat
	                                repo)", "webchat@", "webchat commit ", "in `webchat`", a
	                                label naming a repos: entry), else NULL */
	char *hint;                  /* a name in parentheses right after the hash ("(`go-go-os`)"):
	                                a repository's name when repos: has it, else NULL */
	size_t entry_off, entry_end; /* the entry in the file: from its first byte
	                                ("webchat@", a backtick, the hash) to the
	                                end of its subject (or of the hash) */
	size_t subj_off, subj_len;   /* the subject's text (inside its quotes), or 0, 0 */
	char *subject;               /* a copy of it, or NULL */
	int subj_kept;               /* the subject is a title written by a person (the hash in
	                                the label) or its end is unclear: an edit changes the
	                                hash only */
} dt_hashref;

typedef struct {
	size_t line;      /* 1-based */
	size_t off, len;  /* the line, without its line ending */
	size_t value_off; /* where the value starts */
	char *label;      /* "code" of "(code)", or NULL */
	dt_record_kind kind;
	dt_hashref *hashes;
	size_t nhashes;
	char *subject; /* the first entry's quoted subject that there is, or NULL */
	size_t step;   /* index of its step, or DT_NO_STEP */
	int whole;     /* the line holds the record and nothing else: an edit may
	                  remove it when its last entry goes */
	int in_list;   /* a list item under a bare label (DT_REC_LABEL) */
	/* the "**Tests:**" line right under it, if any */
	size_t tests_line, tests_off, tests_len;
	int tests_exit; /* -1 when not stated */
	char *tests_commit, *tests_tree;
} dt_record;

#define DT_NO_STEP ((size_t)-1)

typedef struct {
	size_t line, off;       /* the "## Step" heading */
	size_t end, end_line;   /* first byte (and line) after the step */
	size_t h3_off, h3_line; /* its first "###" heading, or end/end_line */
	long number, number_to; /* N and M of "Step N-M" (M == N otherwise) */
	char *title;
	size_t *claims; /* task numbers claimed (heading, **Tasks:**) */
	size_t nclaims;
	char **stable_claims; /* "t:ab12" claims, without "t:" */
	size_t nstable;
	size_t first_record, nrecords;
	/* the number as written after "Step ": "5", "2-3", "5b"; "" when
	 * there is none */
	char label[24];
	char suffix;    /* the letter of "Step 5b" ('b'; number is 5), else 0 */
	int unnumbered; /* "## Step: Title": number and number_to are 0 */
} dt_step;

typedef struct {
	dt_step *steps;
	size_t nsteps;
	dt_record *records;
	size_t nrecords;
	int crlf;                   /* the first line ends with CR LF */
	int final_newline;          /* the text ends with a line ending */
	size_t body_off, body_line; /* first byte (and line) after the frontmatter */
	size_t nlines;
	size_t open_fence_line; /* a code fence opened here never closes, or 0 */
	char *title;            /* frontmatter Title:, or NULL */
	char *fm_error;         /* frontmatter that cannot be read, or NULL */
} dt_diary;

/* Parse a diary. Returns 0, or DT_EINVALID for input it will not touch (NUL
 * bytes, a line over DT_DIARY_MAX_LINE), with "path:line: ..." kept aside. */
int dt_diary_parse(dt_diary *out, const char *data, size_t len, const char *path);
void dt_diary_dispose(dt_diary *d);

/* The text of record r's Tests line after its "**Tests:**" label, blanks
 * skipped, in `data` (the text r was parsed from): *len bytes at *out.
 * Returns 0 when r has no Tests line or the line has no label. */
int dt_record_tests_text(const char **out, size_t *len, const char *data, const dt_record *r);

/* The record holding a hash that `hex` (full or abbreviated) starts with,
 * or that starts with `hex`: any >= 7-character prefix matches. NULL when
 * none. *which gets the hash's index in the record. */
const dt_record *dt_diary_find_hash(const dt_diary *d, const char *hex, size_t *which);

/* Does the diary text record `hex` (dt_diary_find_hash)? 0 also for a
 * text that cannot be parsed (the error is cleared). */
int dt_diary_text_records(const char *data, size_t len, const char *path, const char *hex);

/* Does a hash as a diary writes it (>= 7 digits, lower case) name the
 * full id `full`? */
int dt_hash_names(const char *written, const char *full);

/* Is the line (no line ending) a "**Tests:**" line, maybe indented or a
 * list item? */
int dt_diary_is_tests_line(const char *line, size_t len);

/* Is this hex text a date, YYYYMMDD? Such a "hash" is
 * one only when it names a commit; any other, all digits (7697125) or all
 * letters (bfacede) included, is taken for a hash. */
int dt_hex_date(const char *hex);

/* The step numbered `n` (the last such), or NULL: an unnumbered step never
 * is, and "Step 5b" is step 5 only when no plain "Step 5" is. */
const dt_step *dt_diary_step_number(const dt_diary *d, long n);

/* A step heading (a line without its line ending): 1 for "## Step N: Title",
 * "## Step N-M: Title" or "## Step Nb: Title" (one letter after N; number N),
 * with N, M (N when there is none) and the title's span in the line; 2 for
 * "## Step: Title", a step without a number (N = M = 0); else 0 ("## Steps",
 * "## Step-by-Step Log", "### Step 3: ..."). */
int dt_diary_step_heading(const char *line, size_t len, long *number, long *number_to,
                          const char **title, size_t *title_len);

/* Parse a commit-record line (tests). Returns 1 and fills *rec (offsets
 * relative to `line`) when line[0..len) is one, else 0. */
int dt_diary_parse_record(dt_record *rec, const char *line, size_t len);
/* Parse a list item that cites commits ("- `3c9e1f2` — "…"", "- 3c9e1f2 - …"),
 * as found under a bare label. Returns 1 and fills *rec (kind
 * DT_REC_HASHES, in_list set) when it is one, else 0. */
int dt_diary_parse_item(dt_record *rec, const char *line, size_t len);
void dt_record_dispose(dt_record *r);

/* Add to s's claims those written in `text` as in a heading ("(Task 7)",
 * "(tasks 6-8)", "(task t:ab12)"): a commit subject's suffix. */
void dt_step_claims_in(dt_step *s, const char *text, size_t len);
/* Add a claim list ("7, 8-10, t:ab12"): a "Task:" trailer's value. */
void dt_step_claim_list(dt_step *s, const char *list, size_t len);

/* Mark the hashes of d (parsed from `data`) that are another repository's
 * as `names` (repos: of the configuration) tell: a hash whose "(... repo)"
 * names one of them gets that name in repo; every hash not yet foreign
 * of a record whose label names one ("code, webchat": words separated by
 * blanks, ',', '+', '/', '&' or ';', ignoring case) becomes foreign with
 * that name, or with none when the label names several (then it is not
 * looked up anywhere); a repo the parser gave that names one in another
 * case is spelt as in `names`. `data` may be NULL: then the "(... repo)"
 * text is not read. */
void dt_diary_mark_repos(dt_diary *d, const char *data, const dt_strvec *names);

#endif
