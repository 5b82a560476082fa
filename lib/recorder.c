#include "recorder.h"
#include "common.h"
#include "diaries.h"
#include "diary.h"
#include "edit.h"
#include "evidence.h"
#include "fileio.h"
#include "frontmatter.h"
#include "glob.h"
#include "lockfile.h"
#include "message.h"
#include "refs.h"
#include "workspace.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const sections[] = {"What I did",
                                       "Why",
                                       "What worked",
                                       "What didn't work",
                                       "What I learned",
                                       "What was tricky to build",
                                       "What warrants a second pair of eyes",
                                       "What should be done in the future",
                                       "Code review instructions",
                                       NULL};

/* ---- text helpers ---- */

static size_t line_end(const char *data, size_t len, size_t off)
{
	const char *nl = memchr(data + off, '\n', len - off);
	return nl ? (size_t)(nl - data) + 1 : len;
}

static int blank_at(const char *data, size_t len, size_t off)
{
	for (size_t i = off; i < len && data[i] != '\n'; i++)
		if (!dt_isspace((unsigned char)data[i]))
			return 0;
	return 1;
}

/* Is the line that ends right before `pos` blank (or is there none)? */
static int blank_before(const char *data, size_t pos)
{
	size_t s;
	if (pos == 0)
		return 1;
	s = pos - 1; /* the '\n' ending that line */
	while (s > 0 && data[s - 1] != '\n')
		s--;
	return blank_at(data, pos, s);
}

/* Insert `block` (lines joined by eol, no final eol) as a paragraph of its
 * own at `pos` (the start of a line, or the end of the text): a blank line
 * before it unless there is one, one after it unless there is one. A
 * missing final newline stays missing. */
static void insert_block(dt_edits *e, const char *data, size_t len, size_t pos, const char *eol,
                         const char *block)
{
	dt_buf t = DT_BUF_INIT;

	if (pos == len && len && data[len - 1] != '\n') {
		size_t last = len;
		while (last > 0 && data[last - 1] != '\n')
			last--;
		dt_buf_puts(&t, eol); /* end the last line, */
		if (!blank_at(data, len, last))
			dt_buf_puts(&t, eol); /* leave a blank one, */
		dt_buf_puts(&t, block);       /* and no newline at the end, as before */
	} else {
		if (!blank_before(data, pos))
			dt_buf_puts(&t, eol);
		dt_buf_puts(&t, block);
		dt_buf_puts(&t, eol);
		if (pos < len && !blank_at(data, len, pos))
			dt_buf_puts(&t, eol);
	}
	dt_edits_insert(e, pos, t.ptr);
	dt_buf_dispose(&t);
}

/* Insert one line right under the line starting at `line_off`. */
static void insert_under(dt_edits *e, const char *data, size_t len, size_t line_off,
                         const char *eol, const char *line)
{
	size_t pos = line_end(data, len, line_off);
	dt_buf t = DT_BUF_INIT;
	if (pos == len && len && data[len - 1] != '\n') {
		dt_buf_puts(&t, eol);
		dt_buf_puts(&t, line);
	} else {
		dt_buf_puts(&t, line);
		dt_buf_puts(&t, eol);
	}
	dt_edits_insert(e, pos, t.ptr);
	dt_buf_dispose(&t);
}

static void record_text(dt_buf *out, const dt_placement *pl)
{
	dt_buf_printf(out, "**Commit (code):** %s \xE2\x80\x94 \"%s\"", pl->abbrev, pl->subject);
}

static void record_block(dt_buf *out, const dt_placement *pl, const char *eol)
{
	record_text(out, pl);
	if (pl->tests_line) {
		dt_buf_puts(out, eol);
		dt_buf_puts(out, pl->tests_line);
	}
}

/* Where a record goes in an existing step: after its last prose line
 * before the first ### heading. */
static size_t step_insert_pos(const char *data, size_t len, const dt_step *s)
{
	size_t pos = line_end(data, len, s->off), p = pos;
	while (p < s->h3_off && p < len) {
		size_t next = line_end(data, len, p);
		if (!blank_at(data, len, p))
			pos = next;
		p = next;
	}
	return pos;
}

static void new_step_block(dt_buf *out, long number, const dt_placement *pl, const char *eol)
{
	dt_buf_printf(out, "## Step %ld: %s%s%s", number, pl->subject, eol, eol);
	record_block(out, pl, eol);
	for (const char *const *s = sections; *s; s++)
		dt_buf_printf(out, "%s%s### %s", eol, eol, *s);
}

/* What a record line has before "**Commit": indent and list marker, which
 * a Tests line under it repeats ("  - **Tests:** ..."). */
static size_t record_prefix(const char *data, const dt_record *r)
{
	size_t k = 0;
	while (k < r->len && (data[r->off + k] == ' ' || data[r->off + k] == '\t'))
		k++;
	if (k + 1 < r->len && (data[r->off + k] == '-' || data[r->off + k] == '*') &&
	    data[r->off + k + 1] == ' ' && data[r->off + k] != data[r->off + k + 1]) {
		k += 2;
		while (k < r->len && data[r->off + k] == ' ')
			k++;
	}
	return k;
}

static void tests_update(dt_edits *e, const char *data, size_t len, const dt_record *r,
                         const char *eol, const char *tests_line)
{
	dt_buf line = DT_BUF_INIT;
	if (!tests_line)
		return;
	dt_buf_printf(&line, "%.*s%s", (int)record_prefix(data, r), data + r->off, tests_line);
	if (!r->tests_line) {
		insert_under(e, data, len, r->off, eol, line.ptr);
	} else if (r->tests_len != line.size || memcmp(data + r->tests_off, line.ptr, line.size)) {
		dt_edits_replace(e, r->tests_off, r->tests_len, line.ptr);
	}
	dt_buf_dispose(&line);
}

/* Replace a waiting placeholder's value by the record, keeping what is
 * before the value ("  - **Commit (code):** ") as it is. */
static void fill_placeholder(dt_edits *e, const char *data, size_t len, const dt_record *r,
                             const dt_placement *pl, const char *eol)
{
	dt_buf t = DT_BUF_INIT;
	int need_space = r->value_off == r->off + r->len && data[r->value_off - 1] != ' ';
	dt_buf_printf(&t, "%.*s%s%s \xE2\x80\x94 \"%s\"", (int)(r->value_off - r->off),
	              data + r->off, need_space ? " " : "", pl->abbrev, pl->subject);
	dt_edits_replace(e, r->off, r->len, t.ptr);
	tests_update(e, data, len, r, eol, pl->tests_line);
	dt_buf_dispose(&t);
}

int dt_place_record(dt_buf *out, const char *data, size_t len, const char *path, dt_placement *pl)
{
	dt_diary d;
	dt_edits e = DT_EDITS_INIT;
	dt_buf t = DT_BUF_INIT;
	const char *eol = dt_edit_eol(data, len);
	const dt_record *found;
	const dt_step *target = NULL;
	int error;

	pl->placed = DT_PLACED_NONE;
	pl->step = -1;
	if ((error = dt_diary_parse(&d, data, len, path)) < 0)
		return error;
	if (d.open_fence_line) {
		/* everything after it is code: a record added there would be too */
		error = dt_error_set(DT_EINVALID,
		                     "%s:%zu: a code fence opened here is never closed; close it "
		                     "so that diarist can add the record",
		                     path, d.open_fence_line);
		dt_diary_dispose(&d);
		return error;
	}

	/* 1. already recorded */
	if ((found = dt_diary_find_hash(&d, pl->hex, NULL)) != NULL) {
		pl->placed = DT_PLACED_ALREADY;
		pl->step = found->step == DT_NO_STEP ? -1 : d.steps[found->step].number;
		tests_update(&e, data, len, found, eol, pl->tests_line);
		goto apply;
	}
	/* 2. the step a Diary-Step trailer names */
	if (pl->diary_step >= 0)
		target = dt_diary_step_number(&d, pl->diary_step);
	if (target) {
		const dt_record *wait = NULL;
		for (size_t i = 0; i < target->nrecords; i++)
			if (d.records[target->first_record + i].kind == DT_REC_WAITING) {
				wait = &d.records[target->first_record + i];
				break;
			}
		pl->placed = DT_PLACED_NAMED_STEP;
		pl->step = target->number;
		if (wait) {
			fill_placeholder(&e, data, len, wait, pl, eol);
		} else {
			record_block(&t, pl, eol);
			insert_block(&e, data, len, step_insert_pos(data, len, target), eol, t.ptr);
		}
		goto apply;
	}
	/* 3. the first waiting placeholder in a step */
	for (size_t i = 0; i < d.nrecords; i++) {
		const dt_record *r = &d.records[i];
		if (r->kind != DT_REC_WAITING || r->step == DT_NO_STEP)
			continue;
		pl->placed = DT_PLACED_PLACEHOLDER;
		pl->step = d.steps[r->step].number;
		fill_placeholder(&e, data, len, r, pl, eol);
		goto apply;
	}
	/* 4. the last step, when it records nothing yet */
	if (d.nsteps && d.steps[d.nsteps - 1].nrecords == 0) {
		const dt_step *s = &d.steps[d.nsteps - 1];
		pl->placed = DT_PLACED_LAST_STEP;
		pl->step = s->number;
		record_block(&t, pl, eol);
		insert_block(&e, data, len, step_insert_pos(data, len, s), eol, t.ptr);
		goto apply;
	}
	/* 5. last-step: a second record line in the last step, under its
	 * records when they stand before the first ### (else as rule 4) */
	if (d.nsteps && pl->new_commit == DT_NEW_COMMIT_LAST_STEP) {
		const dt_step *s = &d.steps[d.nsteps - 1];
		const dt_record *r = &d.records[s->first_record + s->nrecords - 1];
		size_t under = r->tests_line ? r->tests_off : r->off;
		pl->placed = DT_PLACED_LAST_STEP;
		pl->step = s->number;
		record_block(&t, pl, eol);
		if (r->off < s->h3_off)
			insert_under(&e, data, len, under, eol, t.ptr);
		else
			insert_block(&e, data, len, step_insert_pos(data, len, s), eol, t.ptr);
		goto apply;
	}
	/* 5. new-step: after the last step */
	{
		long n = 0;
		size_t pos = len;
		for (size_t i = 0; i < d.nsteps; i++)
			if (d.steps[i].number_to > n)
				n = d.steps[i].number_to;
		if (d.nsteps)
			pos = d.steps[d.nsteps - 1].end;
		pl->placed = DT_PLACED_NEW_STEP;
		pl->step = n + 1;
		new_step_block(&t, n + 1, pl, eol);
		insert_block(&e, data, len, pos, eol, t.ptr);
	}

apply:
	error = dt_edits_apply(out, data, len, &e);
	dt_edits_dispose(&e);
	dt_buf_dispose(&t);
	dt_diary_dispose(&d);
	return error;
}

void dt_new_diary_text(dt_buf *out, const char *id, const dt_strvec *topics, int64_t when,
                       int offset_minutes)
{
	time_t t = (time_t)(when + offset_minutes * 60);
	struct tm tm;
	char stamp[64];
	int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	dt_buf_clear(out);
	dt_buf_printf(out, "---\nTitle: Diary\nTicket: %s\nStatus: active\n", id);
	if (topics && topics->count) {
		dt_buf_puts(out, "Topics:\n");
		for (size_t i = 0; i < topics->count; i++)
			dt_buf_printf(out, "    - %s\n", topics->items[i]);
	} else {
		dt_buf_puts(out, "Topics: []\n");
	}
	dt_buf_printf(
	    out,
	    "DocType: reference\nIntent: long-term\nOwners: []\nRelatedFiles: []\n"
	    "ExternalSources: []\n"
	    "Summary: Implementation diary for %s, one step per commit.\n"
	    "LastUpdated: %s%c%02d:%02d\n"
	    "WhatFor: Record what was done for %s, why, and with which commits and tests.\n"
	    "WhenToUse: Read when reviewing or continuing the work on %s.\n"
	    "---\n\n# Diary\n\n## Goal\n\nRecord the implementation of %s step by step: "
	    "what was done, why, the commits and the tests.\n",
	    id, stamp, offset_minutes < 0 ? '-' : '+', off / 60, off % 60, id, id, id);
}

/* ---- recording a commit ---- */

static const char *rel_to(const char *path, const char *base)
{
	size_t n = strlen(base);
	if (!strncmp(path, base, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

int dt_bookkeeping_paths(const dt_strvec *paths, const char *root, const dt_config *cfg)
{
	size_t rl = strlen(root);
	if (!paths->count)
		return 0;
	for (size_t i = 0; i < paths->count; i++) {
		const char *p = paths->items[i];
		int under = !rl || (!strncmp(p, root, rl) && p[rl] == '/');
		for (size_t g = 0; !under && g < cfg->bookkeeping.count; g++)
			under = dt_glob_match(cfg->bookkeeping.items[g], p);
		if (!under)
			return 0;
	}
	return 1;
}

int dt_recorder_bookkeeping(dt_recorder *rc, const dt_commit *c)
{
	dt_strvec paths = DT_STRVEC_INIT;
	const char *root = rel_to(rc->ctx->root.ptr, dt_repo_workdir(rc->repo));
	int all = 0;

	if (dt_repo_changed_paths(&paths, rc->repo, c) < 0)
		dt_error_clear();
	else
		all = dt_bookkeeping_paths(&paths, root, rc->ctx->cfg);
	dt_strvec_dispose(&paths);
	return all;
}

typedef struct {
	dt_placement *pl;
	const char *path;
} place_payload;

static int place_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	place_payload *pp = payload;
	return dt_place_record(out, data, len, pp->path, pp->pl);
}

typedef struct {
	dt_placement *pl;
	const char *path;
	const char *id;
	const dt_commit *c;
	const dt_strvec *topics;
} create_payload;

static int create_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	create_payload *cp = payload;
	dt_buf fresh = DT_BUF_INIT;
	int error;
	if (len) /* created meanwhile: place into what is there */
		return dt_place_record(out, data, len, cp->path, cp->pl);
	dt_new_diary_text(&fresh, cp->id, cp->topics, cp->c->commit_time, cp->c->commit_offset);
	error = dt_place_record(out, fresh.ptr, fresh.size, cp->path, cp->pl);
	if (!error)
		cp->pl->placed = DT_PLACED_NEW_DIARY;
	dt_buf_dispose(&fresh);
	return error;
}

void dt_read_topics(dt_strvec *out, const char *ticket_dir)
{
	dt_buf p = DT_BUF_INIT, text = DT_BUF_INIT;
	dt_ynode *fm = NULL;
	dt_path_join(&p, ticket_dir, "index.md");
	if (dt_file_read(&text, p.ptr, DT_FILE_MAX) == 0 &&
	    dt_frontmatter_parse(&fm, text.ptr, text.size, p.ptr) == 0) {
		const dt_ynode *t = dt_ynode_get(fm, "Topics");
		for (size_t i = 0; t && t->type == DT_YNODE_SEQ && i < t->count; i++)
			if (t->items[i]->type == DT_YNODE_SCALAR &&
			    !strpbrk(t->items[i]->value, "\n:#"))
				dt_strvec_push(out, t->items[i]->value);
	}
	dt_error_clear();
	dt_ynode_free(fm);
	dt_buf_dispose(&p);
	dt_buf_dispose(&text);
}

static void evidence_for(dt_buf *line, dt_recorder *rc, const dt_commit *c, const char *abbrev)
{
	dt_buf dir = DT_BUF_INIT;
	dt_evidence ev;
	dt_buf_clear(line);
	dt_evidence_dir(&dir, dt_repo_commondir(rc->repo));
	if (dt_evidence_load(&ev, dir.ptr, c->tree) == 0)
		dt_evidence_line(line, &ev, abbrev);
	dt_error_clear();
	dt_evidence_dispose(&ev);
	dt_buf_dispose(&dir);
}

static int record_in_ticket(dt_recorder *rc, const dt_ticket *t, const dt_commit *c,
                            const char *abbrev, const char *tests, long step)
{
	dt_buf tdir = DT_BUF_INIT, diary = DT_BUF_INIT;
	dt_placement pl;
	int error, changed = 0, create = 0;

	memset(&pl, 0, sizeof(pl));
	pl.abbrev = abbrev;
	pl.hex = c->hex;
	pl.subject = c->subject;
	pl.tests_line = tests && *tests ? tests : NULL;
	pl.diary_step = step;
	pl.new_commit = rc->ctx->cfg->new_commit;
	dt_path_join(&tdir, rc->ctx->root.ptr, t->dir);
	if (dt_diaries_writer(&diary, tdir.ptr, rc->ctx->cfg) < 0) {
		dt_path_join(&diary, tdir.ptr, "reference");
		if ((error = dt_mkdir_p(diary.ptr)) < 0)
			goto cleanup;
		dt_path_join(&diary, diary.ptr, "01-diary.md");
		create = 1;
	}
	if (create) {
		dt_strvec topics = DT_STRVEC_INIT;
		create_payload cp = {&pl, diary.ptr, t->id, c, &topics};
		dt_read_topics(&topics, tdir.ptr);
		error = dt_file_update(diary.ptr, dt_repo_workdir(rc->repo), 1, create_fn, &cp,
		                       &changed, rc->err);
		dt_strvec_dispose(&topics);
	} else {
		place_payload pp = {&pl, diary.ptr};
		error = dt_file_update(diary.ptr, dt_repo_workdir(rc->repo), 0, place_fn, &pp,
		                       &changed, rc->err);
	}
	if (error < 0)
		goto cleanup;
	if (pl.placed == DT_PLACED_ALREADY) {
		if (rc->verbose)
			fprintf(rc->out, "diarist: %s step %ld already records %s (%s)\n", t->id,
			        pl.step, abbrev, rel_to(diary.ptr, tdir.ptr));
	} else {
		fprintf(rc->out, "diarist: %s step %ld \xE2\x86\x90 %s (%s)\n", t->id, pl.step,
		        abbrev, rel_to(diary.ptr, tdir.ptr));
	}
	error = changed;
cleanup:
	if (error < 0)
		fprintf(rc->err, "diarist: warning: %s: not recorded: %s\n", t->id,
		        dt_error_last());
	dt_buf_dispose(&tdir);
	dt_buf_dispose(&diary);
	return error;
}

static long diary_step_trailer(const char *message)
{
	dt_buf clean = DT_BUF_INIT;
	dt_trailers tr = DT_TRAILERS_INIT;
	const char *v;
	long n = -1;
	dt_message_clean(&clean, message, strlen(message), NULL);
	dt_message_trailers(&tr, clean.ptr);
	v = dt_trailers_get(&tr, "Diary-Step");
	if (v && dt_isdigit((unsigned char)*v))
		n = strtol(v, NULL, 10);
	dt_trailers_dispose(&tr);
	dt_buf_dispose(&clean);
	return n;
}

void dt_recorder_init(dt_recorder *rc, dt_context *ctx, dt_repo *repo, FILE *out, FILE *err)
{
	memset(rc, 0, sizeof(*rc));
	rc->ctx = ctx;
	rc->repo = repo;
	rc->out = out;
	rc->err = err;
	rc->force_step = -1;
}

int dt_recorder_commit(dt_recorder *rc, const char *rev, int *recorded)
{
	dt_commit c;
	dt_buf clean = DT_BUF_INIT, tests = DT_BUF_INIT;
	dt_refs refs = DT_REFS_INIT;
	dt_strvec named = DT_STRVEC_INIT;
	char abbrev[DT_HEX_MAX];
	int error;
	const char *target;

	*recorded = 0;
	if ((error = dt_repo_commit(&c, rc->repo, rev)) < 0)
		return error;
	target = dt_subject_target(c.subject);
	if (c.nparents > 1) {
		if (rc->verbose)
			fprintf(rc->out, "diarist: %.7s is a merge: not recorded\n", c.hex);
		goto cleanup;
	}
	if (target != c.subject) {
		if (rc->verbose)
			fprintf(rc->out, "diarist: %.7s is a fixup!/squash!/amend!: not recorded\n",
			        c.hex);
		goto cleanup;
	}
	dt_message_clean(&clean, c.message, strlen(c.message), NULL);
	if ((error = dt_refs_extract(&refs, clean.ptr, rc->ctx->cfg)) < 0)
		goto cleanup;
	dt_refs_resolve(&refs, &rc->ctx->tk);
	if ((error = dt_context_confirm(rc->ctx, &refs)) < 0)
		goto cleanup;
	if (error == 1)
		dt_refs_resolve(&refs, &rc->ctx->tk);
	dt_refs_named(&named, &refs);
	if (!named.count) {
		if (rc->verbose)
			fprintf(rc->out, "diarist: %.7s names no ticket: not recorded\n", c.hex);
		goto cleanup;
	}
	if (dt_recorder_bookkeeping(rc, &c)) {
		if (rc->verbose)
			fprintf(rc->out,
			        "diarist: %.7s only changes ticket files (bookkeeping): "
			        "not recorded\n",
			        c.hex);
		goto cleanup;
	}
	if ((error = dt_repo_abbrev(abbrev, rc->repo, c.hex)) < 0)
		goto cleanup;
	evidence_for(&tests, rc, &c, abbrev);
	{
		long step = rc->force_step >= 0 ? rc->force_step : diary_step_trailer(c.message);
		for (size_t i = 0; i < named.count; i++) {
			dt_ticket_group g = dt_tickets_group(&rc->ctx->tk, named.items[i]);
			dt_ticket *t;
			if (!g.count)
				continue;
			t = &rc->ctx->tk.items[g.first];
			dt_workspace_complete(t);
			if (g.count > 1)
				fprintf(rc->err,
				        "diarist: warning: %s is the ID of %zu ticket folders; "
				        "recording in %s [ticket-duplicate]\n",
				        t->id, g.count, t->dir);
			if (record_in_ticket(rc, t, &c, abbrev, tests.ptr, step) > 0)
				(*recorded)++;
		}
	}
	error = 0;

cleanup:
	dt_commit_dispose(&c);
	dt_refs_dispose(&refs);
	dt_strvec_dispose(&named);
	dt_buf_dispose(&clean);
	dt_buf_dispose(&tests);
	return error;
}

/* ---- rewriting hashes ---- */

typedef struct {
	dt_recorder *rc;
	const dt_rewrite *map;
	size_t n;
	const char *path;
	int changes;
} rewrite_payload;

static int matches(const char *recorded, const char *full)
{
	size_t n = strlen(recorded);
	return n >= 7 && !strncmp(recorded, full, n);
}

/* Replace a record's Tests line by `line`, keeping what stood before its
 * "**Tests:**" (a list marker, an indent). */
static void replace_tests(dt_edits *e, dt_buf *scratch, const char *data, const dt_record *r,
                          const char *line)
{
	const char *at = memmem(data + r->tests_off, r->tests_len, "**Tests:**", 10);
	size_t keep = at ? (size_t)(at - (data + r->tests_off)) : 0;
	dt_buf_clear(scratch);
	dt_buf_put(scratch, data + r->tests_off, keep);
	dt_buf_puts(scratch, line);
	dt_edits_replace(e, r->tests_off, r->tests_len, scratch->ptr);
}

static int rewrite_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	rewrite_payload *rp = payload;
	dt_diary d;
	dt_edits e = DT_EDITS_INIT;
	dt_buf t = DT_BUF_INIT, tests = DT_BUF_INIT;
	const char *eol = dt_edit_eol(data, len);
	int error;
	char *done_new = dt_xcalloc(rp->n + 1, 1);

	if ((error = dt_diary_parse(&d, data, len, rp->path)) < 0) {
		free(done_new);
		return error;
	}
	/* news already recorded before this rewrite (an amend seen by
	 * post-commit, or a new that another old already maps to) */
	for (size_t m = 0; m < rp->n; m++)
		for (size_t i = 0; i < d.nrecords; i++)
			for (size_t k = 0; k < d.records[i].nhashes; k++)
				if (matches(d.records[i].hashes[k].hex, rp->map[m].new_hex))
					done_new[m] = 1;

	for (size_t i = 0; i < d.nrecords; i++) {
		const dt_record *r = &d.records[i];
		for (size_t k = 0; k < r->nhashes; k++) {
			const dt_hashref *h = &r->hashes[k];
			size_t m;
			if (h->foreign)
				continue;
			for (m = 0; m < rp->n; m++)
				if (matches(h->hex, rp->map[m].old_hex))
					break;
			if (m == rp->n || !strcmp(rp->map[m].old_hex, rp->map[m].new_hex))
				continue;
			rp->changes++;
			/* the new one is recorded already: this record goes */
			{
				int again = 0;
				for (size_t q = 0; q < rp->n; q++)
					if (done_new[q] &&
					    !strcmp(rp->map[q].new_hex, rp->map[m].new_hex))
						again = 1;
				if (again && r->nhashes == 1) {
					size_t end = line_end(
					    data, len, r->tests_line ? r->tests_off : r->off);
					/* a record that stood as a paragraph of its own
					 * takes one of its blank lines along */
					if (blank_before(data, r->off) && end < len &&
					    blank_at(data, len, end))
						end = line_end(data, len, end);
					dt_edits_replace(&e, r->off, end - r->off, "");
					break;
				}
			}
			{
				char abbrev[DT_HEX_MAX];
				dt_commit c;
				if (dt_repo_abbrev(abbrev, rp->rc->repo, rp->map[m].new_hex) < 0 ||
				    dt_repo_commit(&c, rp->rc->repo, rp->map[m].new_hex) < 0) {
					dt_error_clear();
					snprintf(abbrev, sizeof(abbrev), "%.7s",
					         rp->map[m].new_hex);
					dt_edits_replace(&e, h->off, h->len, abbrev);
					continue;
				}
				if (r->nhashes == 1 && r->subject) {
					/* the hash and the subject after it, refreshed */
					dt_buf_clear(&t);
					dt_buf_printf(&t, "%.*s%s \xE2\x80\x94 \"%s\"",
					              (int)(h->off - r->off), data + r->off, abbrev,
					              c.subject);
					/* keep a closing backtick that belonged to the hash */
					if (h->off > r->off && data[h->off - 1] == '`') {
						dt_buf_clear(&t);
						dt_buf_printf(&t, "%.*s%s` \xE2\x80\x94 \"%s\"",
						              (int)(h->off - r->off), data + r->off,
						              abbrev, c.subject);
					}
					dt_edits_replace(&e, r->off, r->len, t.ptr);
				} else {
					dt_edits_replace(&e, h->off, h->len, abbrev);
				}
				if (r->tests_line && r->nhashes == 1) {
					evidence_for(&tests, rp->rc, &c, abbrev);
					if (tests.size)
						replace_tests(&e, &t, data, r, tests.ptr);
					else
						dt_edits_replace(&e, r->tests_off,
						                 line_end(data, len, r->tests_off) -
						                     r->tests_off,
						                 "");
				}
				for (size_t q = 0; q < rp->n; q++)
					if (!strcmp(rp->map[q].new_hex, rp->map[m].new_hex))
						done_new[q] = 1;
				dt_commit_dispose(&c);
			}
		}
	}
	(void)eol;
	error = dt_edits_apply(out, data, len, &e);
	dt_edits_dispose(&e);
	dt_buf_dispose(&t);
	dt_buf_dispose(&tests);
	dt_diary_dispose(&d);
	free(done_new);
	return error;
}

int dt_recorder_rewrite(dt_recorder *rc, const dt_rewrite *map, size_t n, int *changed)
{
	dt_buf tdir = DT_BUF_INIT, diary = DT_BUF_INIT;

	*changed = 0;
	for (size_t i = 0; i < rc->ctx->tk.count; i++) {
		dt_ticket *t = &rc->ctx->tk.items[i];
		rewrite_payload rp = {rc, map, n, NULL, 0};
		int did = 0, error;
		dt_workspace_complete(t);
		dt_path_join(&tdir, rc->ctx->root.ptr, t->dir);
		if (dt_diaries_writer(&diary, tdir.ptr, rc->ctx->cfg) < 0)
			continue;
		rp.path = diary.ptr;
		error = dt_file_update(diary.ptr, dt_repo_workdir(rc->repo), 0, rewrite_fn, &rp,
		                       &did, rc->err);
		if (error < 0) {
			fprintf(rc->err, "diarist: warning: %s: hashes not rewritten: %s\n", t->id,
			        dt_error_last());
			continue;
		}
		if (did) {
			(*changed)++;
			fprintf(rc->out, "diarist: %s: %d recorded hash%s rewritten (%s)\n", t->id,
			        rp.changes, rp.changes == 1 ? "" : "es",
			        rel_to(diary.ptr, tdir.ptr));
		}
	}
	dt_buf_dispose(&tdir);
	dt_buf_dispose(&diary);
	return 0;
}
