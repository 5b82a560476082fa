#include "rules.h"
#include "common.h"
#include "diary.h"
#include "fileio.h"
#include "frontmatter.h"
#include "message.h"
#include "recorder.h"
#include "refs.h"
#include "tasks.h"
#include "tickets.h"

#include <stdlib.h>
#include <string.h>

/* ---- a multimap from the first 7 hex digits of an id ---- */

typedef struct {
	uint32_t key;
	uint32_t a, b; /* what it points to: (ticket, record) or (range index, 0) */
	int32_t next;
} hentry;

typedef struct {
	int32_t *heads;
	size_t nheads;
	hentry *items;
	size_t count, alloc;
} hmap;

static uint32_t hex7(const char *hex)
{
	uint32_t k = 0;
	for (int i = 0; i < 7 && hex[i]; i++) {
		int c = (unsigned char)hex[i];
		k = (k << 4) | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return k;
}

static void hmap_rehash(hmap *m, size_t nheads)
{
	free(m->heads);
	m->nheads = nheads;
	m->heads = dt_xmalloc(nheads * sizeof(*m->heads));
	for (size_t i = 0; i < nheads; i++)
		m->heads[i] = -1;
	for (size_t i = 0; i < m->count; i++) {
		size_t h = (m->items[i].key * 2654435761u) & (nheads - 1);
		m->items[i].next = m->heads[h];
		m->heads[h] = (int32_t)i;
	}
}

static void hmap_add(hmap *m, const char *hex, uint32_t a, uint32_t b)
{
	size_t h;
	if (m->count + 1 > m->nheads)
		hmap_rehash(m, m->nheads ? m->nheads * 2 : 1024);
	DT_ARRAY_GROW(m->items, m->alloc, m->count + 1);
	m->items[m->count].key = hex7(hex);
	m->items[m->count].a = a;
	m->items[m->count].b = b;
	h = (m->items[m->count].key * 2654435761u) & (m->nheads - 1);
	m->items[m->count].next = m->heads[h];
	m->heads[h] = (int32_t)m->count++;
}

/* First entry under hex's key (then follow with hmap_next). */
static int32_t hmap_first(const hmap *m, const char *hex)
{
	uint32_t key = hex7(hex);
	int32_t i;
	if (!m->nheads)
		return -1;
	for (i = m->heads[(key * 2654435761u) & (m->nheads - 1)]; i >= 0; i = m->items[i].next)
		if (m->items[i].key == key)
			return i;
	return -1;
}

static int32_t hmap_next(const hmap *m, int32_t i)
{
	uint32_t key = m->items[i].key;
	for (i = m->items[i].next; i >= 0; i = m->items[i].next)
		if (m->items[i].key == key)
			return i;
	return -1;
}

static void hmap_dispose(hmap *m)
{
	free(m->heads);
	free(m->items);
	memset(m, 0, sizeof(*m));
}

/* Does a (possibly abbreviated) hash name the full id? */
static int hash_names(const char *abbrev, const char *full)
{
	size_t n = strlen(abbrev);
	return n >= 7 && !strncmp(abbrev, full, n);
}

/* ---- per-ticket state ---- */

typedef struct {
	int touched;
	int loaded;
	char *dir;         /* the ticket folder, relative to the top */
	char *diary_path;  /* relative to the top, or NULL */
	dt_buf diary_text; /* as in the tip */
	dt_diary diary;
	int diary_ok;      /* parsed */
	char *diary_error; /* could not be read or parsed */
	char *tasks_path;
	dt_tasks tasks;
	int has_tasks;
	dt_step *extra;    /* per step: claims of the commits it records */
	int *rec_claimed;  /* per record: its commit's claims added to extra */
	int commit_claims; /* every recorded commit's claims added */
} tstate;

typedef struct {
	char *ref;
	dt_resolution res;
} memo;

typedef struct {
	const dt_rules_input *in;
	dt_findings *out;
	dt_tickets tk;
	tstate *ts;
	hmap records;       /* recorded hashes of loaded diaries: (ticket, record) */
	hmap range;         /* the range's commits: (index, 0) */
	dt_strvec boundary; /* the commits the range grew from */
	int all_loaded;
	memo *memos;
	size_t nmemos, amemos;
	dt_level *levels;
} rstate;

static dt_level level(rstate *rs, dt_rule r)
{
	return rs->in->cfg->levels[r];
}

static void abbrev(char out[DT_HEX_MAX], rstate *rs, const char *hex)
{
	if (dt_odb_abbrev(out, rs->in->odb, hex) < 0) {
		dt_error_clear();
		snprintf(out, DT_HEX_MAX, "%.7s", hex);
	}
}

/* A commit being judged; its abbreviation is found only for a message. */
typedef struct {
	dt_commit c;
	char ab[DT_HEX_MAX];
	rstate *rs;
} jcommit;

static const char *ab_of(jcommit *j)
{
	if (!j->ab[0])
		abbrev(j->ab, j->rs, j->c.hex);
	return j->ab;
}

static void join3(dt_buf *out, const char *a, const char *b, const char *c)
{
	dt_buf_clear(out);
	if (a && *a)
		dt_buf_printf(out, "%s/", a);
	if (b && *b)
		dt_buf_printf(out, "%s/", b);
	if (c && *c)
		dt_buf_puts(out, c);
	else if (out->size)
		out->ptr[--out->size] = '\0';
}

/* ---- reading a ticket's files from the tip ---- */

static void list_md(dt_strvec *out, rstate *rs, const char *dir, const char *rel, int depth)
{
	dt_strvec names = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, sub = DT_BUF_INIT;
	int *is_dir = NULL;

	join3(&path, dir, rel, NULL);
	if (dt_odb_list(&names, &is_dir, rs->in->odb, rs->in->tip, path.ptr) < 0) {
		dt_error_clear();
		goto cleanup;
	}
	for (size_t i = 0; i < names.count; i++) {
		const char *n = names.items[i];
		size_t len = strlen(n);
		if (n[0] == '.')
			continue;
		join3(&sub, rel, n, NULL);
		if (is_dir[i] && depth < 8)
			list_md(out, rs, dir, sub.ptr, depth + 1);
		else if (!is_dir[i] && len > 3 && !strcmp(n + len - 3, ".md"))
			dt_strvec_push(out, sub.ptr);
	}
cleanup:
	dt_strvec_dispose(&names);
	free(is_dir);
	dt_buf_dispose(&path);
	dt_buf_dispose(&sub);
}

typedef struct {
	rstate *rs;
	const char *dir;
} titled_payload;

static int titled_in_tree(void *payload, const char *rel)
{
	titled_payload *tp = payload;
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int yes = 0;
	join3(&path, tp->dir, rel, NULL);
	if (dt_odb_read(&text, tp->rs->in->odb, tp->rs->in->tip, path.ptr) == 0)
		yes = dt_diary_titled(text.ptr, text.size, path.ptr);
	dt_error_clear();
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return yes;
}

static void index_records(rstate *rs, size_t ti)
{
	const dt_diary *d = &rs->ts[ti].diary;
	for (size_t r = 0; r < d->nrecords; r++)
		for (size_t h = 0; h < d->records[r].nhashes; h++)
			if (!d->records[r].hashes[h].foreign)
				hmap_add(&rs->records, d->records[r].hashes[h].hex, (uint32_t)ti,
				         (uint32_t)r);
}

/* Read a ticket's tasks.md and diary as they are in the tip (once). */
static void load(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	dt_strvec files = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	titled_payload tp;
	int i, rc;

	if (t->loaded)
		return;
	t->loaded = 1;

	join3(&path, t->dir, "tasks.md", NULL);
	t->tasks_path = dt_xstrdup(path.ptr);
	if (dt_odb_read(&text, rs->in->odb, rs->in->tip, path.ptr) == 0) {
		t->has_tasks = 1;
		if (dt_tasks_parse(&t->tasks, text.ptr, text.size, path.ptr) < 0)
			t->has_tasks = 0;
	}
	dt_error_clear();

	list_md(&files, rs, t->dir, "", 0);
	tp.rs = rs;
	tp.dir = t->dir;
	i = dt_pick_diary(&files, rs->in->cfg, titled_in_tree, &tp);
	if (i >= 0) {
		join3(&path, t->dir, files.items[i], NULL);
		t->diary_path = dt_xstrdup(path.ptr);
		rc = dt_odb_read(&t->diary_text, rs->in->odb, rs->in->tip, path.ptr);
		if (rc == 0)
			rc = dt_diary_parse(&t->diary, t->diary_text.ptr, t->diary_text.size,
			                    path.ptr);
		if (rc < 0)
			t->diary_error = dt_xstrdup(dt_error_last());
		else
			t->diary_ok = 1;
		dt_error_clear();
	}
	if (t->diary_ok) {
		t->extra = dt_xcalloc(t->diary.nsteps + 1, sizeof(*t->extra));
		t->rec_claimed = dt_xcalloc(t->diary.nrecords + 1, sizeof(*t->rec_claimed));
		index_records(rs, ti);
	}
	dt_strvec_dispose(&files);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

static void load_all(rstate *rs)
{
	if (rs->all_loaded)
		return;
	for (size_t i = 0; i < rs->tk.count; i++)
		load(rs, i);
	rs->all_loaded = 1;
}

/* The record of `hex` in ticket ti's diary, or -1. */
static long recorded_in(rstate *rs, size_t ti, const char *hex)
{
	for (int32_t i = hmap_first(&rs->records, hex); i >= 0; i = hmap_next(&rs->records, i)) {
		const hentry *e = &rs->records.items[i];
		const dt_record *r;
		if (e->a != ti)
			continue;
		r = &rs->ts[ti].diary.records[e->b];
		for (size_t h = 0; h < r->nhashes; h++)
			if (!r->hashes[h].foreign && hash_names(r->hashes[h].hex, hex))
				return (long)e->b;
	}
	return -1;
}

static int recorded_anywhere(rstate *rs, const char *hex)
{
	load_all(rs);
	for (int32_t i = hmap_first(&rs->records, hex); i >= 0; i = hmap_next(&rs->records, i))
		if (recorded_in(rs, rs->records.items[i].a, hex) >= 0)
			return 1;
	return 0;
}

static long ticket_index(rstate *rs, const char *id)
{
	const dt_ticket *t = dt_tickets_find(&rs->tk, id);
	return t ? (long)(t - rs->tk.items) : -1;
}

/* ---- refs, resolved once per distinct text ---- */

static const dt_resolution *resolve(rstate *rs, const char *ref)
{
	for (size_t i = 0; i < rs->nmemos; i++)
		if (!strcmp(rs->memos[i].ref, ref))
			return &rs->memos[i].res;
	DT_ARRAY_GROW(rs->memos, rs->amemos, rs->nmemos + 1);
	rs->memos[rs->nmemos].ref = dt_xstrdup(ref);
	dt_tickets_resolve(&rs->memos[rs->nmemos].res, &rs->tk, ref, 3);
	return &rs->memos[rs->nmemos++].res;
}

static void join_ids(dt_buf *out, const dt_strvec *ids)
{
	for (size_t i = 0; i < ids->count; i++)
		dt_buf_printf(out, "%s%s", i ? ", " : "", ids->items[i]);
}

/* ---- claims written in commit messages ---- */

static void message_claims(dt_step *s, const dt_commit *c)
{
	dt_trailers tr = {0};
	const char *subject = dt_subject_target(c->subject);
	dt_step_claims_in(s, subject, strlen(subject));
	dt_message_trailers(&tr, c->message);
	for (size_t i = 0; i < tr.count; i++)
		if (!dt_ascii_casecmp(tr.items[i].key, "Task") ||
		    !dt_ascii_casecmp(tr.items[i].key, "Tasks"))
			dt_step_claim_list(s, tr.items[i].value, strlen(tr.items[i].value));
	dt_trailers_dispose(&tr);
}

static void add_record_claims(rstate *rs, size_t ti, size_t r, const dt_commit *c)
{
	tstate *t = &rs->ts[ti];
	size_t step = t->diary.records[r].step;
	if (t->rec_claimed[r])
		return;
	t->rec_claimed[r] = 1;
	if (step != DT_NO_STEP)
		message_claims(&t->extra[step], c);
}

/* Every recorded commit's claims (for the task rules), read once. */
static void all_commit_claims(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	if (!t->diary_ok || t->commit_claims)
		return;
	t->commit_claims = 1;
	for (size_t r = 0; r < t->diary.nrecords; r++) {
		const dt_record *rec = &t->diary.records[r];
		for (size_t h = 0; h < rec->nhashes && !t->rec_claimed[r]; h++) {
			char full[DT_HEX_MAX];
			dt_commit c;
			if (rec->hashes[h].foreign ||
			    dt_odb_expand(full, rs->in->odb, rec->hashes[h].hex) < 0 ||
			    dt_odb_commit(&c, rs->in->odb, full) < 0)
				continue;
			add_record_claims(rs, ti, r, &c);
			dt_commit_dispose(&c);
		}
	}
	dt_error_clear();
}

static int step_claims(const dt_step *s, const dt_task *task)
{
	for (size_t i = 0; i < s->nclaims; i++)
		if (s->claims[i] == task->number)
			return 1;
	for (size_t i = 0; task->stable && i < s->nstable; i++)
		if (!strcmp(s->stable_claims[i], task->stable))
			return 1;
	return 0;
}

static int task_claimed(rstate *rs, size_t ti, const dt_task *task)
{
	tstate *t = &rs->ts[ti];
	if (!t->diary_ok)
		return 0;
	for (size_t s = 0; s < t->diary.nsteps; s++)
		if (step_claims(&t->diary.steps[s], task) || step_claims(&t->extra[s], task))
			return 1;
	return 0;
}

/* ---- the commits of the range ---- */

static int is_fixup(const char *subject)
{
	return dt_subject_target(subject) != subject;
}

static int bookkeeping(rstate *rs, const dt_commit *c)
{
	dt_strvec paths = DT_STRVEC_INIT;
	int yes = 0;
	if (dt_odb_changed(&paths, rs->in->odb, c->hex, "") == 0)
		yes = dt_bookkeeping_paths(&paths, rs->in->root, rs->in->cfg);
	dt_error_clear();
	dt_strvec_dispose(&paths);
	return yes;
}

/* Mark the tickets with a file that differs between the tip and where the
 * range grew from as touched: what the push changes, one tree comparison
 * per boundary commit, not one per commit. */
static int touch_changed(rstate *rs, const dt_strvec *boundary)
{
	dt_strvec paths = DT_STRVEC_INIT;
	int error = 0;

	for (size_t b = 0; b < boundary->count && !error; b++)
		error =
		    dt_odb_diff(&paths, rs->in->odb, boundary->items[b], rs->in->tip, rs->in->root);
	if (!boundary->count && rs->in->range->count && !error)
		error = dt_odb_diff(&paths, rs->in->odb, NULL, rs->in->tip, rs->in->root);
	for (size_t i = 0; i < paths.count; i++) {
		const char *p = paths.items[i];
		for (size_t ti = 0; ti < rs->tk.count; ti++) {
			size_t dl = strlen(rs->ts[ti].dir);
			if (!strncmp(p, rs->ts[ti].dir, dl) && p[dl] == '/')
				rs->ts[ti].touched = 1;
		}
	}
	dt_strvec_dispose(&paths);
	return error;
}

static void evidence(rstate *rs, size_t ti, long r, jcommit *j)
{
	const dt_commit *c = &j->c;
	tstate *t = &rs->ts[ti];
	const dt_record *rec = &t->diary.records[r];
	const char *id = rs->tk.items[ti].id;

	if (!rec->tests_line) {
		dt_findings_add(rs->out, DT_RULE_EVIDENCE_MISSING,
		                level(rs, DT_RULE_EVIDENCE_MISSING), id, c->hex, t->diary_path,
		                rec->line,
		                "run the tests with 'diarist run' before committing; the "
		                "evidence of a later run can be added by hand",
		                "commit %s has no test evidence (no **Tests:** line)", ab_of(j));
		return;
	}
	if (rec->tests_exit > 0)
		dt_findings_add(
		    rs->out, DT_RULE_EVIDENCE_FAILED, level(rs, DT_RULE_EVIDENCE_FAILED), id,
		    c->hex, t->diary_path, rec->tests_line,
		    "fix the tests and commit again, or record a passing run",
		    "the tests of commit %s failed (exit %d)", ab_of(j), rec->tests_exit);
	if (rec->tests_tree && !hash_names(rec->tests_tree, c->tree) &&
	    strncmp(rec->tests_tree, c->tree, strlen(rec->tests_tree)))
		dt_findings_add(rs->out, DT_RULE_EVIDENCE_MISMATCH,
		                level(rs, DT_RULE_EVIDENCE_MISMATCH), id, c->hex, t->diary_path,
		                rec->tests_line,
		                "run the tests on the commit's own tree ('diarist run') and record "
		                "that run",
		                "the evidence of commit %s names tree %s, but the commit's tree is "
		                "%.12s",
		                ab_of(j), rec->tests_tree, c->tree);
}

static void judge_refs(rstate *rs, jcommit *j, dt_strvec *named)
{
	const dt_commit *c = &j->c;
	dt_refs refs = DT_REFS_INIT;
	dt_buf hint = DT_BUF_INIT;

	if (dt_refs_extract(&refs, c->message, rs->in->cfg) < 0)
		dt_error_clear();
	for (size_t i = 0; i < refs.count; i++) {
		const dt_ref *ref = &refs.items[i];
		const dt_resolution *res = resolve(rs, ref->text);
		dt_buf_clear(&hint);
		if (res->status == DT_RESOLVE_OK) {
			if (!dt_strvec_contains(named, res->ids.items[0]))
				dt_strvec_push(named, res->ids.items[0]);
		} else if (ref->source == DT_REF_WORD) {
			continue; /* a subject word counts only when it resolves */
		} else if (res->status == DT_RESOLVE_AMBIGUOUS) {
			dt_buf_puts(&hint, "write the full ticket ID: ");
			join_ids(&hint, &res->ids);
			dt_findings_add(rs->out, DT_RULE_TICKET_AMBIGUOUS,
			                level(rs, DT_RULE_TICKET_AMBIGUOUS), NULL, c->hex, NULL, 0,
			                hint.ptr, "commit %s: '%s' names several tickets", ab_of(j),
			                ref->text);
		} else {
			if (res->ids.count) {
				dt_buf_puts(&hint, "the closest tickets: ");
				join_ids(&hint, &res->ids);
			} else {
				dt_buf_puts(&hint, "create the ticket, or name an existing one");
			}
			dt_findings_add(rs->out, DT_RULE_TICKET_UNKNOWN,
			                level(rs, DT_RULE_TICKET_UNKNOWN), NULL, c->hex, NULL, 0,
			                hint.ptr, "commit %s: '%s' names no ticket", ab_of(j),
			                ref->text);
		}
	}
	dt_refs_dispose(&refs);
	dt_buf_dispose(&hint);
}

static int judge_commit(rstate *rs, const char *hex)
{
	jcommit j;
	const dt_commit *c = &j.c;
	dt_strvec named = DT_STRVEC_INIT;
	int merge, exempt, error;

	memset(&j, 0, sizeof(j));
	j.rs = rs;
	if ((error = dt_odb_commit(&j.c, rs->in->odb, hex)) < 0)
		return error;
	merge = c->nparents > 1;
	exempt = merge || !c->nparents;
	if (!exempt) {
		int e = dt_config_exempt(rs->in->cfg, c->subject);
		if (e < 0)
			dt_error_clear();
		exempt = e > 0;
	}
	if (!merge)
		judge_refs(rs, &j, &named);

	if (!named.count && !exempt && !recorded_anywhere(rs, c->hex))
		dt_findings_add(rs->out, DT_RULE_TICKET_MISSING, level(rs, DT_RULE_TICKET_MISSING),
		                NULL, c->hex, NULL, 0,
		                "name a ticket in the message (\"TICKET-ID: subject\"), e.g. with "
		                "git rebase -i (reword)",
		                "commit %s \"%s\" names no ticket", ab_of(&j), c->subject);

	for (size_t i = 0; i < named.count; i++) {
		long ti = ticket_index(rs, named.items[i]), r;
		tstate *t;
		if (ti < 0)
			continue;
		t = &rs->ts[ti];
		t->touched = 1;
		load(rs, (size_t)ti);
		r = t->diary_ok ? recorded_in(rs, (size_t)ti, c->hex) : -1;
		if (r >= 0) {
			add_record_claims(rs, (size_t)ti, (size_t)r, c);
			evidence(rs, (size_t)ti, r, &j);
		} else if (!merge && !is_fixup(c->subject) && !bookkeeping(rs, c)) {
			dt_buf hint = DT_BUF_INIT;
			dt_buf_printf(&hint,
			              "record it with 'diarist record %s' (or 'diarist fix') and "
			              "commit the diary",
			              ab_of(&j));
			dt_findings_add(rs->out, DT_RULE_COMMIT_UNRECORDED,
			                level(rs, DT_RULE_COMMIT_UNRECORDED), named.items[i],
			                c->hex, t->diary_path ? t->diary_path : t->dir, 0, hint.ptr,
			                "commit %s \"%s\" names %s, but %s does not record it",
			                ab_of(&j), c->subject, named.items[i],
			                t->diary_path ? "its diary"
			                              : "the ticket has no diary that");
			dt_buf_dispose(&hint);
		}
	}
	dt_strvec_dispose(&named);
	dt_commit_dispose(&j.c);
	return 0;
}

/* ---- the rules on a touched ticket ---- */

/* "file:line:col: message" -> line and message */
static void split_error(const char *err, const char *file, size_t *line, const char **msg)
{
	size_t n = strlen(file);
	*line = 0;
	*msg = err;
	if (strncmp(err, file, n) || err[n] != ':')
		return;
	err += n + 1;
	if (dt_isdigit((unsigned char)*err)) {
		*line = strtoul(err, (char **)&err, 10);
		if (*err == ':' && dt_isdigit((unsigned char)err[1]))
			strtoul(err + 1, (char **)&err, 10);
	}
	if (*err == ':')
		err++;
	while (*err == ' ')
		err++;
	*msg = err;
}

static void broken_file(rstate *rs, const char *id, const char *file, const char *err)
{
	size_t line;
	const char *msg;
	split_error(err, file, &line, &msg);
	dt_findings_add(rs->out, DT_RULE_FRONTMATTER_INVALID,
	                level(rs, DT_RULE_FRONTMATTER_INVALID), id, NULL, file, line,
	                "fix the file so that diarist can read it", "%s cannot be read: %s", file,
	                msg);
}

static void judge_status(rstate *rs, size_t ti)
{
	const dt_ticket *tk = &rs->tk.items[ti];
	tstate *t = &rs->ts[ti];
	size_t done = t->has_tasks ? dt_tasks_done(&t->tasks) : 0;
	size_t total = t->has_tasks ? t->tasks.count : 0;
	dt_buf index = DT_BUF_INIT;

	join3(&index, t->dir, "index.md", NULL);
	if (tk->closed && done < total)
		dt_findings_add(rs->out, DT_RULE_STATUS_OPEN_TASKS,
		                level(rs, DT_RULE_STATUS_OPEN_TASKS), tk->id, NULL, index.ptr, 0,
		                "check the tasks that are done, or reopen the ticket",
		                "%s is %s but %zu of its %zu tasks are not checked", tk->id,
		                tk->status, total - done, total);
	if (tk->status && !dt_ascii_casecmp(tk->status, "active") && total && done == total)
		dt_findings_add(rs->out, DT_RULE_STATUS_ALL_DONE,
		                level(rs, DT_RULE_STATUS_ALL_DONE), tk->id, NULL, index.ptr, 0,
		                "set Status: complete in index.md if the ticket is finished",
		                "%s is active and all %zu of its tasks are checked", tk->id, total);
	dt_buf_dispose(&index);
}

typedef struct {
	size_t ti, r, h;
	char full[DT_HEX_MAX];
} pending_reach;

static void judge_records(rstate *rs, size_t ti, pending_reach **reach, size_t *nreach,
                          size_t *areach)
{
	tstate *t = &rs->ts[ti];
	const char *id = rs->tk.items[ti].id;
	const dt_diary *d = &t->diary;

	for (size_t r = 0; r < d->nrecords; r++) {
		const dt_record *rec = &d->records[r];
		if (rec->kind == DT_REC_WAITING &&
		    (rec->step == DT_NO_STEP || rec->step + 1 < d->nsteps))
			dt_findings_add(
			    rs->out, DT_RULE_COMMIT_PENDING, level(rs, DT_RULE_COMMIT_PENDING), id,
			    NULL, t->diary_path, rec->line,
			    "fill in the commit's hash ('diarist fix' does when the commit "
			    "is identifiable), or write N/A",
			    "a commit record of step %ld is still waiting for its hash",
			    rec->step == DT_NO_STEP ? 0L : d->steps[rec->step].number);
		for (size_t h = 0; h < rec->nhashes; h++) {
			const char *hx = rec->hashes[h].hex;
			char full[DT_HEX_MAX];
			int in_range = 0, e;
			if (rec->hashes[h].foreign)
				continue;
			for (int32_t i = hmap_first(&rs->range, hx); i >= 0 && !in_range;
			     i = hmap_next(&rs->range, i))
				in_range =
				    hash_names(hx, rs->in->range->items[rs->range.items[i].a]);
			if (in_range)
				continue; /* in the range: an ancestor of the tip */
			e = dt_odb_expand(full, rs->in->odb, hx);
			if (e < 0) {
				dt_findings_add(
				    rs->out, DT_RULE_COMMIT_UNKNOWN,
				    level(rs, DT_RULE_COMMIT_UNKNOWN), id, hx, t->diary_path,
				    rec->line,
				    "correct the hash; a commit of another repository is "
				    "written \"<hash> (<name> repo)\"",
				    e == DT_EAMBIGUOUS
				        ? "commit %s is ambiguous: several objects start with it"
				        : "commit %s is no commit in this repository",
				    hx);
				dt_error_clear();
				continue;
			}
			DT_ARRAY_GROW(*reach, *areach, *nreach + 1);
			(*reach)[*nreach].ti = ti;
			(*reach)[*nreach].r = r;
			(*reach)[*nreach].h = h;
			strcpy((*reach)[*nreach].full, full);
			(*nreach)++;
		}
	}
}

static void judge_numbering(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	const dt_diary *d = &t->diary;
	for (size_t s = 1; s < d->nsteps; s++) {
		const dt_step *prev = &d->steps[s - 1], *cur = &d->steps[s];
		if (cur->number == prev->number_to + 1)
			continue;
		dt_findings_add(rs->out, DT_RULE_STEP_NUMBERING, level(rs, DT_RULE_STEP_NUMBERING),
		                rs->tk.items[ti].id, NULL, t->diary_path, cur->line,
		                "number the steps 1, 2, 3... in order",
		                cur->number <= prev->number_to
		                    ? "step %ld comes after step %ld (repeated or out of order)"
		                    : "step %ld follows step %ld (numbers skipped)",
		                cur->number, prev->number_to);
	}
}

static void claim_unknown(rstate *rs, size_t ti, const dt_step *s, const dt_step *claims)
{
	tstate *t = &rs->ts[ti];
	size_t total = t->has_tasks ? t->tasks.count : 0;
	for (size_t i = 0; i < claims->nclaims; i++)
		if (claims->claims[i] < 1 || claims->claims[i] > total)
			dt_findings_add(
			    rs->out, DT_RULE_TASK_CLAIM_UNKNOWN,
			    level(rs, DT_RULE_TASK_CLAIM_UNKNOWN), rs->tk.items[ti].id, NULL,
			    t->diary_path, s->line,
			    "claim a task that exists in tasks.md (tasks are numbered 1, "
			    "2, 3... in file order)",
			    "step %ld claims task %zu, but %s has %zu tasks", s->number,
			    claims->claims[i], t->has_tasks ? "tasks.md" : "the ticket", total);
	for (size_t i = 0; i < claims->nstable; i++)
		if (!t->has_tasks || !dt_tasks_by_stable(&t->tasks, claims->stable_claims[i]))
			dt_findings_add(rs->out, DT_RULE_TASK_CLAIM_UNKNOWN,
			                level(rs, DT_RULE_TASK_CLAIM_UNKNOWN), rs->tk.items[ti].id,
			                NULL, t->diary_path, s->line,
			                "claim a stable ID written in tasks.md as <!-- t:ID -->",
			                "step %ld claims task t:%s, which tasks.md does not have",
			                s->number, claims->stable_claims[i]);
}

/* A base version of a ticket file, or nothing. */
static int read_base(dt_buf *out, rstate *rs, const char *path)
{
	if (!rs->in->base || !*rs->in->base || !path)
		return -1;
	if (dt_odb_read(out, rs->in->odb, rs->in->base, path) < 0) {
		dt_error_clear();
		return -1;
	}
	return 0;
}

/* Steps of the tip's diary that are new or changed since the base. */
static void changed_steps(rstate *rs, size_t ti, int *changed)
{
	tstate *t = &rs->ts[ti];
	dt_buf text = DT_BUF_INIT;
	dt_diary base;
	int have = 0;

	memset(&base, 0, sizeof(base));
	if (read_base(&text, rs, t->diary_path) == 0 &&
	    dt_diary_parse(&base, text.ptr, text.size, t->diary_path) == 0)
		have = 1;
	dt_error_clear();
	for (size_t s = 0; s < t->diary.nsteps; s++) {
		const dt_step *st = &t->diary.steps[s];
		const char *p = t->diary_text.ptr + st->off;
		size_t n = st->end - st->off;
		changed[s] = 1;
		for (size_t b = 0; have && b < base.nsteps && changed[s]; b++)
			if (base.steps[b].end - base.steps[b].off == n &&
			    !memcmp(text.ptr + base.steps[b].off, p, n))
				changed[s] = 0;
	}
	if (have)
		dt_diary_dispose(&base);
	dt_buf_dispose(&text);
}

static void claim_open(rstate *rs, size_t ti, const dt_step *s, const dt_step *claims)
{
	tstate *t = &rs->ts[ti];
	for (size_t i = 0; t->has_tasks && i < claims->nclaims + claims->nstable; i++) {
		const dt_task *task =
		    i < claims->nclaims
		        ? dt_tasks_by_number(&t->tasks, claims->claims[i])
		        : dt_tasks_by_stable(&t->tasks, claims->stable_claims[i - claims->nclaims]);
		if (task && !task->done)
			dt_findings_add(rs->out, DT_RULE_TASK_CLAIM_OPEN,
			                level(rs, DT_RULE_TASK_CLAIM_OPEN), rs->tk.items[ti].id,
			                NULL, t->diary_path, s->line,
			                "check the task in tasks.md when it is done",
			                "step %ld claims task %zu \"%s\", which is not checked",
			                s->number, task->number, task->text);
	}
}

static void judge_claims(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	int *changed;
	if (!t->diary_ok)
		return;
	all_commit_claims(rs, ti);
	changed = dt_xcalloc(t->diary.nsteps + 1, sizeof(*changed));
	changed_steps(rs, ti, changed);
	for (size_t s = 0; s < t->diary.nsteps; s++) {
		const dt_step *st = &t->diary.steps[s];
		claim_unknown(rs, ti, st, st);
		claim_unknown(rs, ti, st, &t->extra[s]);
		if (changed[s]) {
			claim_open(rs, ti, st, st);
			claim_open(rs, ti, st, &t->extra[s]);
		}
	}
	free(changed);
}

static const dt_task *base_task(const dt_tasks *base, const dt_task *task)
{
	if (task->stable)
		return dt_tasks_by_stable(base, task->stable);
	for (size_t i = 0; i < base->count; i++)
		if (!base->items[i].stable && !strcmp(base->items[i].text, task->text))
			return &base->items[i];
	return NULL;
}

static void judge_untraced(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	dt_buf text = DT_BUF_INIT;
	dt_tasks base = DT_TASKS_INIT;

	if (!t->has_tasks)
		return;
	if (read_base(&text, rs, t->tasks_path) == 0 &&
	    dt_tasks_parse(&base, text.ptr, text.size, t->tasks_path) < 0)
		dt_error_clear();
	for (size_t i = 0; i < t->tasks.count; i++) {
		const dt_task *task = &t->tasks.items[i], *was;
		if (!task->done)
			continue;
		was = base_task(&base, task);
		if (was && was->done)
			continue;
		all_commit_claims(rs, ti);
		if (task_claimed(rs, ti, task))
			continue;
		dt_findings_add(rs->out, DT_RULE_TASK_UNTRACED, level(rs, DT_RULE_TASK_UNTRACED),
		                rs->tk.items[ti].id, NULL, t->tasks_path, task->line,
		                "say which step did it: \"(Task N)\" in the step's heading or a "
		                "\"**Tasks:** N\" line in its body",
		                "task %zu \"%s\" was checked, but no diary step claims it",
		                task->number, task->text);
	}
	dt_tasks_dispose(&base);
	dt_buf_dispose(&text);
}

static void judge_duplicates(rstate *rs)
{
	dt_ticket_group *groups = NULL;
	size_t n = dt_tickets_duplicates(&groups, &rs->tk);
	dt_buf where = DT_BUF_INIT, index = DT_BUF_INIT;

	for (size_t g = 0; g < n; g++) {
		int touched = 0;
		for (size_t i = 0; i < groups[g].count; i++)
			touched |= rs->ts[groups[g].first + i].touched;
		if (!touched)
			continue;
		dt_buf_clear(&where);
		for (size_t i = 0; i < groups[g].count; i++)
			dt_buf_printf(&where, "%s%s", i ? ", " : "",
			              rs->ts[groups[g].first + i].dir);
		join3(&index, rs->ts[groups[g].first + 1].dir, "index.md", NULL);
		dt_findings_add(rs->out, DT_RULE_TICKET_DUPLICATE,
		                level(rs, DT_RULE_TICKET_DUPLICATE),
		                rs->tk.items[groups[g].first].id, NULL, index.ptr, 0,
		                "give each ticket folder its own Ticket: ID",
		                "%zu ticket folders share the ID %s: %s", groups[g].count,
		                rs->tk.items[groups[g].first].id, where.ptr);
	}
	free(groups);
	dt_buf_dispose(&where);
	dt_buf_dispose(&index);
}

static void judge_ticket(rstate *rs, size_t ti, pending_reach **reach, size_t *nreach,
                         size_t *areach)
{
	const dt_ticket *tk = &rs->tk.items[ti];
	tstate *t = &rs->ts[ti];

	load(rs, ti);
	if (tk->fm_error) {
		dt_buf index = DT_BUF_INIT;
		join3(&index, t->dir, "index.md", NULL);
		broken_file(rs, tk->id, index.ptr, tk->fm_error);
		dt_buf_dispose(&index);
	}
	if (t->diary_error)
		broken_file(rs, tk->id, t->diary_path, t->diary_error);
	else if (t->diary_ok && t->diary.fm_error)
		broken_file(rs, tk->id, t->diary_path, t->diary.fm_error);
	judge_status(rs, ti);
	if (t->diary_ok) {
		judge_records(rs, ti, reach, nreach, areach);
		judge_numbering(rs, ti);
		judge_claims(rs, ti);
	}
	judge_untraced(rs, ti);
}

static int judge_reachability(rstate *rs, pending_reach *reach, size_t n)
{
	const char **hexes;
	int *found, error = 0;
	char ab[DT_HEX_MAX];

	if (!n)
		return 0;
	hexes = dt_xcalloc(n, sizeof(*hexes));
	found = dt_xcalloc(n, sizeof(*found));
	for (size_t i = 0; i < n; i++)
		hexes[i] = reach[i].full;
	/* what is not in the range is an ancestor of the tip when it is one of
	 * the commits the range grew from: the walk starts there, not again
	 * through the range */
	if (rs->in->range->count)
		error =
		    dt_odb_reachable(found, rs->in->odb, (const char *const *)rs->boundary.items,
		                     rs->boundary.count, hexes, n);
	else
		error = dt_odb_reachable(found, rs->in->odb, &rs->in->tip, 1, hexes, n);
	for (size_t i = 0; !error && i < n; i++) {
		const tstate *t = &rs->ts[reach[i].ti];
		const dt_record *rec = &t->diary.records[reach[i].r];
		if (found[i])
			continue;
		abbrev(ab, rs, reach[i].full);
		dt_findings_add(rs->out, DT_RULE_COMMIT_UNREACHABLE,
		                level(rs, DT_RULE_COMMIT_UNREACHABLE), rs->tk.items[reach[i].ti].id,
		                rec->hashes[reach[i].h].hex, t->diary_path, rec->line,
		                "a rebase or amend left this hash behind: run 'diarist fix' to "
		                "rewrite it, then commit the diary",
		                "commit %s is not an ancestor of %s", rec->hashes[reach[i].h].hex,
		                rs->in->tip_name ? rs->in->tip_name : "the pushed commit");
	}
	free(hexes);
	free(found);
	return error;
}

/* ---- putting it together ---- */

static void drop_other_tickets(dt_findings *f, size_t from, const char *id)
{
	size_t k = from;
	for (size_t i = from; i < f->count; i++) {
		if (f->items[i].ticket && !dt_ascii_casecmp(f->items[i].ticket, id)) {
			f->items[k++] = f->items[i];
			continue;
		}
		free(f->items[i].ticket);
		free(f->items[i].commit);
		free(f->items[i].file);
		free(f->items[i].message);
		free(f->items[i].hint);
	}
	f->count = k;
}

static void rstate_dispose(rstate *rs)
{
	for (size_t i = 0; rs->ts && i < rs->tk.count; i++) {
		tstate *t = &rs->ts[i];
		if (t->diary_ok) {
			for (size_t s = 0; s < t->diary.nsteps; s++) {
				free(t->extra[s].claims);
				for (size_t k = 0; k < t->extra[s].nstable; k++)
					free(t->extra[s].stable_claims[k]);
				free(t->extra[s].stable_claims);
			}
			dt_diary_dispose(&t->diary);
		}
		free(t->extra);
		free(t->rec_claimed);
		free(t->dir);
		free(t->diary_path);
		free(t->diary_error);
		free(t->tasks_path);
		dt_buf_dispose(&t->diary_text);
		dt_tasks_dispose(&t->tasks);
	}
	free(rs->ts);
	for (size_t i = 0; i < rs->nmemos; i++) {
		free(rs->memos[i].ref);
		dt_resolution_dispose(&rs->memos[i].res);
	}
	free(rs->memos);
	hmap_dispose(&rs->records);
	hmap_dispose(&rs->range);
	dt_strvec_dispose(&rs->boundary);
	dt_tickets_dispose(&rs->tk);
}

int dt_rules_run(dt_findings *out, dt_rules_stats *stats, const dt_rules_input *in)
{
	rstate rs;
	pending_reach *reach = NULL;
	size_t nreach = 0, areach = 0, first = out->count;
	long only = -1;
	int error;

	memset(&rs, 0, sizeof(rs));
	rs.in = in;
	rs.out = out;
	if (dt_odb_shallow(in->odb)) {
		dt_findings_add(out, DT_RULE_HISTORY_SHALLOW,
		                in->cfg->levels[DT_RULE_HISTORY_SHALLOW], NULL, NULL, NULL, 0,
		                "fetch the full history (git fetch --unshallow; in CI, "
		                "fetch-depth: 0) and try again",
		                "the repository is shallow: the range cannot be judged");
		return 0;
	}
	error = dt_odb_tickets(&rs.tk, in->odb, in->tip, in->root);
	if (error == DT_ENOTFOUND && !in->root_required) {
		dt_error_clear();
		stats->root_missing = 1;
		dt_tickets_dispose(&rs.tk);
		return 0;
	}
	if (error < 0) {
		if (error == DT_ENOTFOUND)
			error = dt_error_set(DT_ECONFIG, "the docs root %s is not in %s", in->root,
			                     in->tip_name ? in->tip_name : in->tip);
		dt_tickets_dispose(&rs.tk);
		return error;
	}
	rs.ts = dt_xcalloc(rs.tk.count + 1, sizeof(*rs.ts));
	for (size_t i = 0; i < rs.tk.count; i++) {
		dt_buf dir = DT_BUF_INIT;
		join3(&dir, in->root, rs.tk.items[i].dir, NULL);
		rs.ts[i].dir = dt_buf_detach(&dir);
		rs.ts[i].touched = in->all;
		dt_buf_init(&rs.ts[i].diary_text);
	}
	if (in->ticket) {
		const dt_resolution *res = resolve(&rs, in->ticket);
		if (res->status != DT_RESOLVE_OK) {
			error = dt_error_set(DT_EUSAGE, "--ticket %s: %s", in->ticket,
			                     res->status == DT_RESOLVE_AMBIGUOUS
			                         ? "several tickets match"
			                         : "no such ticket");
			goto cleanup;
		}
		only = ticket_index(&rs, res->ids.items[0]);
		rs.ts[only].touched = 1;
	}
	for (size_t i = 0; i < in->range->count; i++)
		hmap_add(&rs.range, in->range->items[i], (uint32_t)i, 0);
	if ((error = dt_odb_boundary(&rs.boundary, in->odb, in->range)) < 0)
		goto cleanup;
	if (!in->all && (error = touch_changed(&rs, &rs.boundary)) < 0)
		goto cleanup;

	for (size_t i = 0; i < in->range->count; i++)
		if ((error = judge_commit(&rs, in->range->items[i])) < 0)
			goto cleanup;
	for (size_t ti = 0; ti < rs.tk.count; ti++)
		if (rs.ts[ti].touched)
			judge_ticket(&rs, ti, &reach, &nreach, &areach);
	judge_duplicates(&rs);
	if ((error = judge_reachability(&rs, reach, nreach)) < 0)
		goto cleanup;

	stats->commits += in->range->count;
	for (size_t ti = 0; ti < rs.tk.count; ti++)
		if (rs.ts[ti].touched && (only < 0 || (size_t)only == ti) &&
		    !dt_strvec_contains(&stats->tickets, rs.tk.items[ti].id))
			dt_strvec_push(&stats->tickets, rs.tk.items[ti].id);
	if (only >= 0)
		drop_other_tickets(out, first, rs.tk.items[only].id);
	dt_findings_sort(out);
cleanup:
	free(reach);
	rstate_dispose(&rs);
	return error;
}

void dt_rules_stats_dispose(dt_rules_stats *s)
{
	dt_strvec_dispose(&s->tickets);
	memset(s, 0, sizeof(*s));
}

/* ---- the range ---- */

int dt_rules_range(dt_strvec *out, char base[DT_HEX_MAX], dt_odb *o, const dt_config *cfg,
                   const char *tip, const char *const *bases, size_t nbases)
{
	const char **all = dt_xcalloc(nbases + 2, sizeof(*all));
	char since_hex[DT_HEX_MAX];
	int64_t since_time = INT64_MIN;
	dt_strvec range = DT_STRVEC_INIT;
	size_t n = nbases;
	int error;

	base[0] = '\0';
	memcpy(all, bases, nbases * sizeof(*all));
	if (cfg->since) {
		if (dt_parse_datetime(&since_time, cfg->since) == 0) {
			/* a date */
		} else if (dt_odb_resolve(since_hex, o, cfg->since) == 0) {
			all[n++] = since_hex;
		} else {
			error = dt_error_set(DT_ECONFIG,
			                     "%s: since: '%s' is neither a date (YYYY-MM-DD) nor a "
			                     "commit of this repository",
			                     cfg->path ? cfg->path : DT_CONFIG_FILE, cfg->since);
			goto cleanup;
		}
		dt_error_clear();
	}
	if ((error = dt_odb_range(&range, o, tip, all, n)) < 0)
		goto cleanup;
	for (size_t i = 0; i < range.count; i++) {
		dt_commit c;
		if (since_time != INT64_MIN) {
			if ((error = dt_odb_commit(&c, o, range.items[i])) < 0)
				goto cleanup;
			if (c.commit_time < since_time) {
				dt_commit_dispose(&c);
				continue;
			}
			dt_commit_dispose(&c);
		}
		dt_strvec_push(out, range.items[i]);
	}
	if (out->count) {
		dt_commit c;
		if ((error = dt_odb_commit(&c, o, out->items[0])) < 0)
			goto cleanup;
		if (c.nparents)
			memcpy(base, c.parent, DT_HEX_MAX);
		dt_commit_dispose(&c);
	}
cleanup:
	dt_strvec_dispose(&range);
	free(all);
	return error;
}
