#include "rules.h"
#include "common.h"
#include "diary.h"
#include "fileio.h"
#include "frontmatter.h"
#include "hexmap.h"
#include "message.h"
#include "objcache.h"
#include "recorder.h"
#include "refs.h"
#include "tasks.h"
#include "tickets.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A commit that names a ticket whose diary does not record it: a
 * finding unless it is a bookkeeping commit, which takes its parent's
 * tree to tell. */
struct unrec {
	char hex[DT_HEX_MAX], tree[DT_HEX_MAX], parent[DT_HEX_MAX];
	size_t ti;
	char *subject;
	int done;
};

/* A hash of a record (rstate.crecs) to look up in a repository of
 * repos: (its index), or, repo < 0, an unannotated hash that is no commit
 * here, to look for in all of them (found: the first that has it). */
struct fref {
	uint32_t rec, hex; /* rec: index in rstate.crecs; hex: offset in rstate.arena */
	int32_t repo, found;
};

/* ---- per-ticket state ---- */

/* Tasks claimed: by number, and by stable ID ("ab12" of t:ab12). */
typedef struct {
	size_t *claims;
	char **stable_claims;
	uint32_t nclaims, nstable;
} claimset;

/* What the rules need of a diary step. */
typedef struct {
	uint32_t line, off, end;
	int32_t number, number_to;
	char suffix, unnumbered;
	claimset own; /* claimed in its heading or a **Tasks:** line */
} cstep;

static void claimset_take(claimset *c, dt_step *s)
{
	c->claims = s->claims;
	c->nclaims = (uint32_t)s->nclaims;
	c->stable_claims = s->stable_claims;
	c->nstable = (uint32_t)s->nstable;
	s->claims = NULL;
	s->stable_claims = NULL;
	s->nclaims = s->nstable = 0;
}

/* Add s's claims to c (s is emptied). */
static void claimset_add(claimset *c, dt_step *s)
{
	if (!c->nclaims && !c->nstable) {
		free(c->claims);
		free(c->stable_claims);
		claimset_take(c, s);
		return;
	}
	c->claims = dt_xrealloc(c->claims, (c->nclaims + s->nclaims + 1) * sizeof(*c->claims));
	for (size_t i = 0; i < s->nclaims; i++)
		c->claims[c->nclaims++] = s->claims[i];
	c->stable_claims = dt_xrealloc(c->stable_claims,
	                               (c->nstable + s->nstable + 1) * sizeof(*c->stable_claims));
	for (size_t i = 0; i < s->nstable; i++)
		c->stable_claims[c->nstable++] = s->stable_claims[i];
	free(s->claims);
	free(s->stable_claims);
	s->claims = NULL;
	s->stable_claims = NULL;
	s->nclaims = s->nstable = 0;
}

static void claimset_dispose(claimset *c)
{
	free(c->claims);
	for (size_t i = 0; i < c->nstable; i++)
		free(c->stable_claims[i]);
	free(c->stable_claims);
	memset(c, 0, sizeof(*c));
}

/* One diary of a ticket (SPEC 1.5: every file matching diary.files is
 * one; all of them are read and judged). */
typedef struct {
	char *path;     /* relative to the top */
	dt_buf text;    /* as in the tip (range mode: for comparing steps) */
	int ok;         /* parsed */
	char *fm_error; /* its frontmatter cannot be read */
	char *error;    /* could not be read or parsed */
	cstep *steps;   /* its steps */
	size_t nsteps;
	size_t crec_first, ncrec; /* its records in rstate.crecs */
	claimset *extra;          /* per step: claims of the commits it records */
} tdiary;

typedef struct {
	int touched;
	int loaded;
	char *dir;       /* the ticket folder, relative to the top */
	tdiary *diaries; /* the writer's first */
	size_t ndiaries;
	char *tasks_path;
	char *tasks_error; /* tasks.md cannot be read */
	dt_tasks tasks;
	int has_tasks;
	size_t crec_first, ncrec; /* the records of all its diaries in rstate.crecs */
	int commit_claims;        /* every recorded commit's claims added */
} tstate;

/* What the commit loop needs of a record, kept while the diary itself is
 * let go (check --all reads every diary: 60 MB of text for 2 000
 * tickets, more than it may hold at once). */
typedef struct {
	uint32_t ticket;
	uint32_t step; /* index, or NO_STEP */
	uint32_t line, tests_line;
	uint32_t tests_tree; /* offset in rstate.arena, 0 for none */
	uint32_t hexes;      /* its hashes (not the foreign ones): offset of the first */
	int16_t tests_exit;
	uint8_t has_tests, claimed, waiting;
	uint16_t nhexes;
} crec;

#define NO_STEP UINT32_MAX

typedef struct {
	const dt_rules_input *in;
	dt_findings *out;
	const dt_tickets *tk; /* the tip's: in->tickets, or own_tk */
	dt_tickets own_tk;
	tstate *ts;
	dt_hexmap records; /* recorded hashes of loaded diaries: (crec, hash) */
	crec *crecs;
	size_t ncrecs, acrecs;
	uint32_t *tests_text; /* with a tap, per crec: its Tests line after the
	                         label (offset in arena), or 0 */
	size_t atests;
	dt_buf arena;    /* NUL-terminated strings of the crecs */
	dt_hexmap range; /* the range's commits (all walked): (index in walked, 0) */
	dt_buf walked;   /* the ids of the walked commits, each `stride` bytes */
	size_t nwalked, stride;
	size_t judged;
	struct unrec *unrec; /* commit-unrecorded unless bookkeeping: judged when
	                        the parent's tree is known */
	size_t nunrec, aunrec;
	dt_hexmap waiting; /* unrec by the parent they wait for: (index, 0) */
	char *fatal;       /* the repository could not be read: the first message */
	char last_hex[DT_HEX_MAX], last_tree[DT_HEX_MAX]; /* the commit judged last */
	dt_strvec boundary;                               /* the commits the range grew from */
	int all_loaded;
	dt_resolver resolver; /* refs resolved once per text */
	dt_level *levels;
	dt_objcache *kept; /* what earlier runs worked out, or NULL */
	/* the walk of all history: the caller's (in->stream), or own_stream
	 * when this run started one */
	dt_rules_stream *stream, *own_stream;
	/* hashes to look up in the repositories of repos: (judge_foreign) */
	struct fref *frefs;
	size_t nfrefs, afrefs;
} rstate;

/* After a failed read: an object the tree names is missing (DT_EIO) is not
 * a finding about the file but a repository that cannot be read (exit 3);
 * anything else is the file's own problem. Returns 1 for the former. */
static int broken_repo(rstate *rs, int code)
{
	if (code != DT_EIO)
		return 0;
	if (!rs->fatal)
		rs->fatal = dt_xstrdup(dt_error_last());
	dt_error_clear();
	return 1;
}

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
	const dt_commit *c;
	char ab[DT_HEX_MAX];
	rstate *rs;
} jcommit;

static const char *ab_of(jcommit *j)
{
	if (!j->ab[0])
		abbrev(j->ab, j->rs, j->c->hex);
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

static void add_fref(rstate *rs, uint32_t rec, uint32_t hex, int32_t repo)
{
	DT_ARRAY_GROW(rs->frefs, rs->afrefs, rs->nfrefs + 1);
	rs->frefs[rs->nfrefs].rec = rec;
	rs->frefs[rs->nfrefs].hex = hex;
	rs->frefs[rs->nfrefs].repo = repo;
	rs->frefs[rs->nfrefs].found = -1;
	rs->nfrefs++;
}

/* A hash of the record being indexed that is another repository's: kept to
 * be verified there when repos: gives that repository a path; never
 * looked up here. */
static void foreign_ref(rstate *rs, const char *repo, const char *hex)
{
	const dt_config *cfg = rs->in->cfg;
	const dt_config_repo *r = dt_config_repo_named(cfg, repo);
	if (!r || !r->path)
		return;
	add_fref(rs, (uint32_t)rs->ncrecs, (uint32_t)rs->arena.size, (int32_t)(r - cfg->repos));
	dt_buf_put(&rs->arena, hex, strlen(hex) + 1);
}

static void index_records(rstate *rs, size_t ti, tdiary *dy, const dt_diary *d, const char *text)
{
	dy->crec_first = rs->ncrecs;
	dy->ncrec = d->nrecords;
	DT_ARRAY_GROW(rs->crecs, rs->acrecs, rs->ncrecs + d->nrecords);
	if (rs->in->tap)
		DT_ARRAY_GROW(rs->tests_text, rs->atests, rs->ncrecs + d->nrecords);
	for (size_t r = 0; r < d->nrecords; r++) {
		const dt_record *rec = &d->records[r];
		crec *c = &rs->crecs[rs->ncrecs];
		memset(c, 0, sizeof(*c));
		c->ticket = (uint32_t)ti;
		c->step = rec->step == DT_NO_STEP ? NO_STEP : (uint32_t)rec->step;
		c->line = (uint32_t)rec->line;
		c->has_tests = rec->tests_line != 0;
		c->tests_line = (uint32_t)rec->tests_line;
		c->tests_exit = (int16_t)rec->tests_exit;
		c->waiting = rec->kind == DT_REC_WAITING;
		if (rec->tests_tree) {
			c->tests_tree = (uint32_t)rs->arena.size;
			dt_buf_put(&rs->arena, rec->tests_tree, strlen(rec->tests_tree) + 1);
		}
		if (rs->in->tap) {
			const char *tests;
			size_t len;
			rs->tests_text[rs->ncrecs] = 0;
			if (dt_record_tests_text(&tests, &len, text, rec)) {
				rs->tests_text[rs->ncrecs] = (uint32_t)rs->arena.size;
				dt_buf_put(&rs->arena, tests, len);
				dt_buf_putc(&rs->arena, '\0');
			}
		}
		c->hexes = (uint32_t)rs->arena.size;
		for (size_t h = 0; h < rec->nhashes && c->nhexes < UINT16_MAX; h++)
			if (!rec->hashes[h].foreign) {
				dt_hexmap_add(&rs->records, rec->hashes[h].hex,
				              (uint32_t)rs->ncrecs,
				              (uint32_t)(rs->arena.size - c->hexes));
				dt_buf_put(&rs->arena, rec->hashes[h].hex,
				           strlen(rec->hashes[h].hex) + 1);
				c->nhexes++;
			}
		/* after the record's own hashes, which are read one after another */
		for (size_t h = 0; h < rec->nhashes; h++)
			if (rec->hashes[h].foreign)
				foreign_ref(rs, rec->hashes[h].repo, rec->hashes[h].hex);
		rs->ncrecs++;
	}
}

/* Read one diary of ticket ti as it is in the tip into dy: what the rules
 * need of it is kept, not the diary (check --all reads 60 MB of them for
 * 2 000 tickets). */
static void load_diary(rstate *rs, size_t ti, tdiary *dy, const char *path)
{
	dt_diary d;
	int rc;

	memset(&d, 0, sizeof(d));
	dy->path = dt_xstrdup(path);
	dy->crec_first = rs->ncrecs;
	rc = dt_odb_read(&dy->text, rs->in->odb, rs->in->tip, path);
	if (rc == 0)
		rc = dt_diary_parse(&d, dy->text.ptr, dy->text.size, path);
	if (rc < 0) {
		if (!broken_repo(rs, rc))
			dy->error = dt_xstrdup(dt_error_last());
	} else {
		dy->ok = 1;
		dt_diary_mark_repos(&d, dy->text.ptr, &rs->in->cfg->repo_names);
		index_records(rs, ti, dy, &d, dy->text.ptr);
		dy->nsteps = d.nsteps;
		dy->steps = dt_xcalloc(d.nsteps + 1, sizeof(*dy->steps));
		for (size_t k = 0; k < d.nsteps; k++) {
			cstep *cs = &dy->steps[k];
			cs->line = (uint32_t)d.steps[k].line;
			cs->off = (uint32_t)d.steps[k].off;
			cs->end = (uint32_t)d.steps[k].end;
			cs->number = (int32_t)d.steps[k].number;
			cs->number_to = (int32_t)d.steps[k].number_to;
			cs->suffix = d.steps[k].suffix;
			cs->unnumbered = (char)d.steps[k].unnumbered;
			claimset_take(&cs->own, &d.steps[k]);
		}
		if (d.fm_error)
			dy->fm_error = dt_xstrdup(d.fm_error);
		dt_diary_dispose(&d);
	}
	dt_error_clear();
	if (rs->in->all || !rs->in->base || !*rs->in->base) {
		/* no base to compare the steps with */
		dt_buf_dispose(&dy->text);
		dt_buf_init(&dy->text);
	}
}

/* Read a ticket's tasks.md and diaries as they are in the tip (once). */
static void load(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	dt_strvec diaries = DT_STRVEC_INIT;
	int rc;

	if (t->loaded)
		return;
	t->loaded = 1;

	join3(&path, t->dir, "tasks.md", NULL);
	t->tasks_path = dt_xstrdup(path.ptr);
	rc = dt_odb_read(&text, rs->in->odb, rs->in->tip, path.ptr);
	if (rc == 0) {
		t->has_tasks = 1;
		if (dt_tasks_parse(&t->tasks, text.ptr, text.size, path.ptr) < 0) {
			t->has_tasks = 0;
			t->tasks_error = dt_xstrdup(dt_error_last());
		}
	} else {
		broken_repo(rs, rc);
	}
	dt_error_clear();

	/* every diary, the writer's first: its records come first too */
	rc = dt_odb_diaries(&diaries, rs->in->odb, rs->in->tip, t->dir, rs->in->cfg);
	if (rc < 0) {
		broken_repo(rs, rc);
		dt_error_clear();
	}
	t->crec_first = rs->ncrecs;
	t->diaries = dt_xcalloc(diaries.count + 1, sizeof(*t->diaries));
	for (size_t k = 0; k < diaries.count; k++) {
		dt_buf_init(&t->diaries[k].text);
		load_diary(rs, ti, &t->diaries[k], diaries.items[k]);
		t->ndiaries++;
	}
	t->ncrec = rs->ncrecs - t->crec_first;
	dt_strvec_dispose(&diaries);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
}

static void load_all(rstate *rs)
{
	if (rs->all_loaded)
		return;
	for (size_t i = 0; i < rs->tk->count; i++)
		load(rs, i);
	rs->all_loaded = 1;
}

/* The record (its index in rs->crecs) of `hex` in ticket ti's diaries, or
 * -1; ti < 0: in any diary. Of several records of one ticket (in one
 * diary or in several), the earliest with test evidence, else the
 * earliest: the one whose evidence is judged. */
static long recorded_in(rstate *rs, long ti, const char *hex)
{
	long best = -1;
	for (int32_t i = dt_hexmap_first(&rs->records, hex); i >= 0;
	     i = dt_hexmap_next(&rs->records, i)) {
		const dt_hexmap_entry *e = &rs->records.items[i];
		const crec *c = &rs->crecs[e->a];
		if ((ti >= 0 && c->ticket != (uint32_t)ti) ||
		    !dt_hash_names(rs->arena.ptr + c->hexes + e->b, hex))
			continue;
		if (ti < 0)
			return (long)e->a;
		if (best < 0 || c->has_tests > rs->crecs[best].has_tests ||
		    (c->has_tests == rs->crecs[best].has_tests && (long)e->a < best))
			best = (long)e->a;
	}
	return best;
}

/* The diary of ticket t holding record r (its index in rs->crecs): each
 * diary's records follow the one before's, so it is the last diary whose
 * first record is not after r. */
static tdiary *diary_of(const tstate *t, size_t r)
{
	size_t lo = 0, hi = t->ndiaries;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->diaries[mid].crec_first <= r)
			lo = mid;
		else
			hi = mid;
	}
	return &t->diaries[lo];
}

static int recorded_anywhere(rstate *rs, const char *hex)
{
	load_all(rs);
	return recorded_in(rs, -1, hex) >= 0;
}

/* The first folder with this ID, or -1. */
static long ticket_index(rstate *rs, const char *id)
{
	dt_ticket_group g = dt_tickets_group(rs->tk, id);
	return g.count ? (long)g.first : -1;
}

/* ---- refs, resolved once per distinct text ---- */

static const dt_resolution *resolve(rstate *rs, const char *ref)
{
	/* no suggestions: most unknown refs are subject words, which are
	 * dropped; a finding asks for them */
	return dt_resolver_get(&rs->resolver, ref);
}

static void join_ids(dt_buf *out, const dt_strvec *ids)
{
	for (size_t i = 0; i < ids->count; i++)
		dt_buf_printf(out, "%s%s", i ? ", " : "", ids->items[i]);
}

/* ---- claims written in commit messages ---- */

static const claimset no_claims;

/* The claims of step s's commits (none yet: no_claims). */
static const claimset *extra_of(const tdiary *dy, size_t s)
{
	return dy->extra ? &dy->extra[s] : &no_claims;
}

static void message_claims(tdiary *dy, size_t step, const dt_commit *c)
{
	dt_trailers tr = {0};
	const char *subject = dt_subject_target(c->subject);
	dt_step one, *s = &one;

	memset(&one, 0, sizeof(one));
	dt_step_claims_in(s, subject, strlen(subject));
	dt_message_trailers(&tr, c->message);
	for (size_t i = 0; i < tr.count; i++)
		if (!dt_ascii_casecmp(tr.items[i].key, "Task") ||
		    !dt_ascii_casecmp(tr.items[i].key, "Tasks"))
			dt_step_claim_list(s, tr.items[i].value, strlen(tr.items[i].value));
	dt_trailers_dispose(&tr);
	if (!one.nclaims && !one.nstable)
		return; /* most commits claim nothing */
	if (!dy->extra)
		dy->extra = dt_xcalloc(dy->nsteps + 1, sizeof(*dy->extra));
	claimset_add(&dy->extra[step], &one);
}

static void add_record_claims(rstate *rs, size_t r, const dt_commit *c)
{
	crec *rec = &rs->crecs[r];
	if (rec->claimed)
		return;
	rec->claimed = 1;
	if (rec->step != NO_STEP)
		message_claims(diary_of(&rs->ts[rec->ticket], r), rec->step, c);
}

/* Every recorded commit's claims (for the task rules), read once. */
static void all_commit_claims(rstate *rs, size_t ti)
{
	tstate *t = &rs->ts[ti];
	if (t->commit_claims)
		return;
	t->commit_claims = 1;
	for (size_t r = t->crec_first; r < t->crec_first + t->ncrec; r++) {
		const crec *rec = &rs->crecs[r];
		const char *hx = rs->arena.ptr + rec->hexes;
		for (size_t h = 0; h < rec->nhexes && !rec->claimed; h++, hx += strlen(hx) + 1) {
			char full[DT_HEX_MAX];
			dt_commit c;
			if (dt_odb_expand(full, rs->in->odb, hx) < 0 ||
			    dt_odb_commit(&c, rs->in->odb, full) < 0)
				continue;
			add_record_claims(rs, r, &c);
			dt_commit_dispose(&c);
		}
	}
	dt_error_clear();
}

static int step_claims(const claimset *s, const dt_task *task)
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
	for (size_t k = 0; k < t->ndiaries; k++) {
		const tdiary *dy = &t->diaries[k];
		for (size_t s = 0; s < dy->nsteps; s++)
			if (step_claims(&dy->steps[s].own, task) ||
			    step_claims(extra_of(dy, s), task))
				return 1;
	}
	return 0;
}

/* ---- the commits of the range ---- */

static int is_fixup(const char *subject)
{
	return dt_subject_target(subject) != subject;
}

/* parent_tree: the first parent's tree when known, "" for a root commit,
 * NULL when unknown (read from the commit). */
static int bookkeeping(rstate *rs, const char *hex, const char *tree, const char *parent_tree)
{
	dt_strvec paths = DT_STRVEC_INIT;
	int yes = 0, e;
	/* without diary.bookkeeping globs, only the trees along the root;
	 * the answer is kept by commit (earlier runs: 'b', "0" or "1") */
	if (!rs->in->cfg->bookkeeping.count) {
		int was = dt_objcache_flag(rs->kept, 'b', hex);
		if (was >= 0)
			return was;
		if (parent_tree)
			e = dt_odb_only_under_trees(&yes, rs->in->odb, tree,
			                            *parent_tree ? parent_tree : NULL,
			                            rs->in->root);
		else
			e = dt_odb_only_under(&yes, rs->in->odb, hex, rs->in->root);
		if (e < 0)
			dt_error_clear();
		else
			dt_objcache_put_flag(rs->kept, 'b', hex, yes);
		return yes;
	}
	if (dt_odb_changed(&paths, rs->in->odb, hex, "") == 0)
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
	if (!boundary->count && rs->judged && !error)
		error = dt_odb_diff(&paths, rs->in->odb, NULL, rs->in->tip, rs->in->root);
	for (size_t i = 0; i < paths.count; i++) {
		const char *p = paths.items[i];
		for (size_t ti = 0; ti < rs->tk->count; ti++) {
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
	const dt_commit *c = j->c;
	const crec *rec = &rs->crecs[r];
	const char *id = rs->tk->items[ti].id;
	const char *tree = rs->arena.ptr + rec->tests_tree;
	const char *file = diary_of(&rs->ts[ti], (size_t)r)->path;

	if (!rec->has_tests) {
		dt_findings_add(rs->out, DT_RULE_EVIDENCE_MISSING,
		                level(rs, DT_RULE_EVIDENCE_MISSING), id, c->hex, file, rec->line,
		                "run the tests with 'diarist run' before committing; the "
		                "evidence of a later run can be added by hand",
		                "commit %s has no test evidence (no **Tests:** line)", ab_of(j));
		return;
	}
	if (rec->tests_exit > 0)
		dt_findings_add(
		    rs->out, DT_RULE_EVIDENCE_FAILED, level(rs, DT_RULE_EVIDENCE_FAILED), id,
		    c->hex, file, rec->tests_line,
		    "fix the tests and commit again, or record a passing run",
		    "the tests of commit %s failed (exit %d)", ab_of(j), rec->tests_exit);
	if (rec->tests_tree && strncmp(tree, c->tree, strlen(tree)))
		dt_findings_add(rs->out, DT_RULE_EVIDENCE_MISMATCH,
		                level(rs, DT_RULE_EVIDENCE_MISMATCH), id, c->hex, file,
		                rec->tests_line,
		                "run the tests on the commit's own tree ('diarist run') and record "
		                "that run",
		                "the evidence of commit %s names tree %s, but the commit's tree is "
		                "%.12s",
		                ab_of(j), tree, c->tree);
}

/* The tickets the message names, into `named`; with `report`, a finding
 * for each ref that names no ticket or several. Returns how many did. */
static size_t judge_refs(rstate *rs, jcommit *j, dt_strvec *named, int report)
{
	size_t failed = 0;
	const dt_commit *c = j->c;
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
		} else if (!report || ref->source == DT_REF_WORD) {
			continue; /* a subject word counts only when it resolves */
		} else if (res->status == DT_RESOLVE_AMBIGUOUS) {
			failed++;
			dt_buf_puts(&hint, "write the full ticket ID: ");
			join_ids(&hint, &res->ids);
			dt_findings_add(rs->out, DT_RULE_TICKET_AMBIGUOUS,
			                level(rs, DT_RULE_TICKET_AMBIGUOUS), NULL, c->hex, NULL, 0,
			                hint.ptr, "commit %s: '%s' names several tickets", ab_of(j),
			                ref->text);
		} else {
			dt_resolution closest = DT_RESOLUTION_INIT;
			failed++;
			dt_tickets_resolve(&closest, rs->tk, ref->text, 3);
			if (closest.ids.count) {
				dt_buf_puts(&hint, "the closest tickets: ");
				join_ids(&hint, &closest.ids);
			} else {
				dt_buf_puts(&hint, "create the ticket, or name an existing one");
			}
			dt_findings_add(rs->out, DT_RULE_TICKET_UNKNOWN,
			                level(rs, DT_RULE_TICKET_UNKNOWN), NULL, c->hex, NULL, 0,
			                hint.ptr, "commit %s: '%s' names no ticket", ab_of(j),
			                ref->text);
			dt_resolution_dispose(&closest);
		}
	}
	dt_refs_dispose(&refs);
	dt_buf_dispose(&hint);
	return failed;
}

static void unrecorded(rstate *rs, struct unrec *u, const char *parent_tree)
{
	const tstate *t = &rs->ts[u->ti];
	const char *id = rs->tk->items[u->ti].id;
	char ab[DT_HEX_MAX];
	dt_buf hint = DT_BUF_INIT;

	u->done = 1;
	if (bookkeeping(rs, u->hex, u->tree, parent_tree))
		return;
	abbrev(ab, rs, u->hex);
	dt_buf_printf(&hint,
	              "record it with 'diarist record %s' (or 'diarist fix') and commit the diary",
	              ab);
	/* the file named is where 'diarist record' writes: the writer's diary */
	dt_findings_add(rs->out, DT_RULE_COMMIT_UNRECORDED, level(rs, DT_RULE_COMMIT_UNRECORDED),
	                id, u->hex, t->ndiaries ? t->diaries[0].path : t->dir, 0, hint.ptr,
	                t->ndiaries > 1 ? "commit %s \"%s\" names %s, but none of its diaries "
	                                  "records it"
	                : t->ndiaries
	                    ? "commit %s \"%s\" names %s, but its diary does not record it"
	                    : "commit %s \"%s\" names %s, which has no diary to record it",
	                ab, u->subject, id);
	dt_buf_dispose(&hint);
}

/* Judge commit c; `named` gets the tickets its message names (a merge's
 * message is not read: returns 0 then, else 1). */
static int judge_commit(rstate *rs, const dt_commit *c, dt_strvec *named)
{
	jcommit j;
	size_t failed = 0;
	int merge, exempt;

	memset(&j, 0, sizeof(j));
	j.rs = rs;
	j.c = c;
	merge = c->nparents > 1;
	exempt = merge || !c->nparents;
	if (!exempt) {
		int e = dt_config_exempt(rs->in->cfg, c->subject);
		if (e < 0)
			dt_error_clear();
		exempt = e > 0;
	}
	if (!merge)
		failed = judge_refs(rs, &j, named, 1);

	/* a ref that names nothing is its own finding, not also this one */
	if (!named->count && !exempt && !failed && !recorded_anywhere(rs, c->hex))
		dt_findings_add(rs->out, DT_RULE_TICKET_MISSING, level(rs, DT_RULE_TICKET_MISSING),
		                NULL, c->hex, NULL, 0,
		                "name a ticket in the message (\"TICKET-ID: subject\"), e.g. with "
		                "git rebase -i (reword)",
		                "commit %s \"%s\" names no ticket", ab_of(&j), c->subject);

	for (size_t i = 0; i < named->count; i++) {
		long ti = ticket_index(rs, named->items[i]), r;
		tstate *t;
		if (ti < 0)
			continue;
		t = &rs->ts[ti];
		t->touched = 1;
		load(rs, (size_t)ti);
		r = t->ncrec ? recorded_in(rs, ti, c->hex) : -1;
		if (r >= 0) {
			add_record_claims(rs, (size_t)r, c);
			evidence(rs, (size_t)ti, r, &j);
		} else if (!merge && !is_fixup(c->subject)) {
			struct unrec *u;
			DT_ARRAY_GROW(rs->unrec, rs->aunrec, rs->nunrec + 1);
			u = &rs->unrec[rs->nunrec++];
			memset(u, 0, sizeof(*u));
			memcpy(u->hex, c->hex, DT_HEX_MAX);
			memcpy(u->tree, c->tree, DT_HEX_MAX);
			memcpy(u->parent, c->parent, DT_HEX_MAX);
			u->ti = (size_t)ti;
			u->subject = dt_xstrdup(c->subject);
			if (!c->nparents)
				unrecorded(rs, u, "");
			else if (!strcmp(rs->last_hex, c->parent))
				unrecorded(rs, u, rs->last_tree);
			else
				dt_hexmap_add(&rs->waiting, c->parent, (uint32_t)(rs->nunrec - 1),
				              0);
		}
	}
	return !merge;
}

/* The commits waiting for their parent's tree: c is that parent. */
static void parent_seen(rstate *rs, const dt_commit *c)
{
	for (int32_t i = dt_hexmap_first(&rs->waiting, c->hex); i >= 0;
	     i = dt_hexmap_next(&rs->waiting, i)) {
		struct unrec *u = &rs->unrec[rs->waiting.items[i].a];
		if (!u->done && !strcmp(u->parent, c->hex))
			unrecorded(rs, u, c->tree);
	}
}

static void unrecorded_rest(rstate *rs)
{
	for (size_t i = 0; i < rs->nunrec; i++)
		if (!rs->unrec[i].done)
			unrecorded(rs, &rs->unrec[i], NULL);
}

/* A commit of the range, kept in one buffer (100 000 of them in check
 * --all: one allocation, not one per commit). */
static void remember(rstate *rs, const char *hex)
{
	size_t n = strlen(hex) + 1;
	if (!rs->stride)
		rs->stride = n; /* every id of a repository has one length */
	dt_hexmap_add(&rs->range, hex, (uint32_t)rs->nwalked++, 0);
	dt_buf_put(&rs->walked, hex, n < rs->stride ? n : rs->stride);
	for (; n < rs->stride; n++)
		dt_buf_putc(&rs->walked, '\0');
}

static const char *walked_id(const rstate *rs, size_t i)
{
	return rs->walked.ptr + i * rs->stride;
}

/* ---- the tap: each commit walked, and the tickets it is traced to ---- */

void dt_rules_traces_add(dt_rules_traces *t, size_t ti, int names, long rec, long step,
                         const char *diary, const char *tests, int tests_exit)
{
	size_t i = 0;
	while (i < t->count && t->items[i].ticket != ti)
		i++;
	if (i == t->count) {
		DT_ARRAY_GROW(t->items, t->alloc, t->count + 1);
		DT_ARRAY_GROW(t->rec, t->arec, t->count + 1);
		t->items[i] = (dt_rules_trace){ti, 0, -1, NULL, NULL, -1};
		t->rec[i] = -1;
		t->count++;
	}
	t->items[i].names |= names;
	/* the record whose evidence the rules judge (recorded_in) */
	if (rec >= 0 && (t->rec[i] < 0 || (tests && !t->items[i].tests) ||
	                 (!tests == !t->items[i].tests && rec < t->rec[i]))) {
		t->rec[i] = rec;
		t->items[i].step = step;
		t->items[i].diary = diary;
		t->items[i].tests = tests;
		t->items[i].tests_exit = tests_exit;
	}
}

void dt_rules_traces_dispose(dt_rules_traces *t)
{
	free(t->items);
	free(t->rec);
	memset(t, 0, sizeof(*t));
}

/* Ticket ti into t, recorded by record r (its index in rs->crecs). */
static void trace_record(rstate *rs, dt_rules_traces *t, size_t ti, long r)
{
	const crec *c = &rs->crecs[r];
	const tdiary *dy = diary_of(&rs->ts[ti], (size_t)r);
	dt_rules_traces_add(t, ti, 0, r, c->step == NO_STEP ? -1 : dy->steps[c->step].number,
	                    dy->path, rs->tests_text[r] ? rs->arena.ptr + rs->tests_text[r] : NULL,
	                    c->has_tests ? c->tests_exit : -1);
}

/* Hand commit c to the tap with its traces; `named`: the tickets its
 * message names, when judge_commit read them (`have`). */
static int tap_commit(rstate *rs, const dt_commit *c, dt_strvec *named, int have)
{
	dt_rules_traces t = DT_RULES_TRACES_INIT;
	int rc;

	if (!have) {
		jcommit j;
		memset(&j, 0, sizeof(j));
		j.rs = rs;
		j.c = c;
		judge_refs(rs, &j, named, 0);
	}
	for (size_t i = 0; i < named->count; i++) {
		dt_ticket_group g = dt_tickets_group(rs->tk, named->items[i]);
		for (size_t k = 0; k < g.count; k++)
			dt_rules_traces_add(&t, g.first + k, 1, -1, -1, NULL, NULL, -1);
	}
	for (int32_t i = dt_hexmap_first(&rs->records, c->hex); i >= 0;
	     i = dt_hexmap_next(&rs->records, i)) {
		const dt_hexmap_entry *e = &rs->records.items[i];
		const crec *r = &rs->crecs[e->a];
		if (dt_hash_names(rs->arena.ptr + r->hexes + e->b, c->hex))
			trace_record(rs, &t, r->ticket, (long)e->a);
	}
	rc = rs->in->tap(c, t.items, t.count, rs->in->tap_payload);
	dt_rules_traces_dispose(&t);
	return rc;
}

/* The walk of all history (check --all): every commit is an ancestor of
 * the tip; those older than since: are not judged. */
static int walked(const dt_commit *c, void *payload)
{
	rstate *rs = payload;
	dt_strvec named = DT_STRVEC_INIT;
	int have = 0, rc = 0;

	remember(rs, c->hex);
	/* children come before parents in this walk, and a first parent is
	 * mostly the next commit */
	parent_seen(rs, c);
	if (c->commit_time >= rs->in->since_time) {
		have = judge_commit(rs, c, &named);
		rs->judged++;
	}
	if (rs->in->tap)
		rc = tap_commit(rs, c, &named, have);
	dt_strvec_dispose(&named);
	return rc;
}

/* ---- all history in two threads ----
 *
 * Reading 100 000 commits (inflating them) costs about as much as judging
 * them: one thread reads, through its own repository handle, while this
 * one judges, the commits passing through a bounded queue. */

#define PIPE_SIZE 128
/* with a tap the reader runs ahead while the diaries are read: the queue
 * may hold that much history (pages are touched only as it fills) */
#define PIPE_SIZE_AHEAD 65536

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t can_take, can_put;
	dt_commit *ring;
	size_t size, head, count;
	int done, error, stop;
	char message[512];
	dt_odb *odb;
	char tip[DT_HEX_MAX];
	dt_rules_walk_tap walk_tap; /* gets each commit read */
	void *payload;
} cpipe;

struct dt_rules_stream {
	cpipe p;
	pthread_t thread;
	int joined;
};

/* In the reading thread: a commit into the queue (taking its strings). */
static int pipe_put(const dt_commit *c, void *payload)
{
	cpipe *p = payload;
	int stop;
	if (p->walk_tap) {
		int rc = p->walk_tap(c, p->payload);
		if (rc < 0)
			return rc;
	}
	pthread_mutex_lock(&p->mu);
	while (p->count == p->size && !p->stop)
		pthread_cond_wait(&p->can_put, &p->mu);
	stop = p->stop;
	if (!stop) {
		p->ring[(p->head + p->count) % p->size] = *c;
		memset((dt_commit *)c, 0, sizeof(*c)); /* the queue owns the strings now */
		p->count++;
		pthread_cond_signal(&p->can_take);
	}
	pthread_mutex_unlock(&p->mu);
	return stop ? 1 : 0;
}

static void *reader(void *arg)
{
	cpipe *p = arg;
	int error = dt_odb_walk(p->odb, p->tip, pipe_put, p);
	char message[512];
	if (error < 0)
		snprintf(message, sizeof(message), "%s", dt_error_last());
	/* its handle is not read again: libgit2's caches are freed here,
	 * while the commits are still being judged */
	dt_odb_free(p->odb);
	p->odb = NULL;
	pthread_mutex_lock(&p->mu);
	if (error < 0) {
		p->error = error;
		memcpy(p->message, message, sizeof(message));
	}
	p->done = 1;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* A stream whose queue holds `size` commits. */
static int stream_start(dt_rules_stream **out, const char *tip, dt_rules_walk_tap walk_tap,
                        void *payload, size_t size)
{
	dt_rules_stream *s = dt_xcalloc(1, sizeof(*s));
	cpipe *p = &s->p;
	int error;

	*out = NULL;
	if ((error = dt_odb_open(&p->odb)) < 0) {
		free(s);
		return error;
	}
	snprintf(p->tip, sizeof(p->tip), "%s", tip);
	p->walk_tap = walk_tap;
	p->payload = payload;
	p->size = size;
	p->ring = dt_xcalloc(p->size, sizeof(*p->ring));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_take, NULL);
	pthread_cond_init(&p->can_put, NULL);
	if (pthread_create(&s->thread, NULL, reader, p) != 0) {
		s->joined = 1; /* never started */
		dt_rules_stream_free(s);
		return dt_error_set(DT_ERROR, "cannot start a thread to read the history");
	}
	*out = s;
	return 0;
}

int dt_rules_stream_start(dt_rules_stream **out, const char *tip, dt_rules_walk_tap walk_tap,
                          void *payload)
{
	/* started early to read ahead: the queue may hold that much */
	return stream_start(out, tip, walk_tap, payload, PIPE_SIZE_AHEAD);
}

/* Wait for the reading to end (stopping it first with `stop`); its error
 * (message set), or 0. */
static int stream_join(dt_rules_stream *s, int stop)
{
	cpipe *p = &s->p;
	if (s->joined)
		return 0;
	if (stop) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_signal(&p->can_put);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_join(s->thread, NULL);
	s->joined = 1;
	return p->error && !stop ? dt_error_set(p->error, "%s", p->message) : 0;
}

void dt_rules_stream_free(dt_rules_stream *s)
{
	cpipe *p;
	if (!s)
		return;
	p = &s->p;
	stream_join(s, 1); /* what it met is nobody's concern now */
	for (size_t i = 0; i < p->count; i++)
		dt_commit_dispose(&p->ring[(p->head + i) % p->size]);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_take);
	pthread_mutex_destroy(&p->mu);
	dt_odb_free(p->odb);
	free(p->ring);
	free(s);
}

/* Judge every commit of the tip's history, read by a second thread (the
 * caller's stream, or one started here). Returns 1 when that thread could
 * not be started (walk here instead). */
static int walk_in_two(rstate *rs)
{
	dt_rules_stream *s = rs->stream;
	cpipe *p;
	int error = 0;

	if (!s) {
		if (stream_start(&s, rs->in->tip, rs->in->walk_tap, rs->in->tap_payload,
		                 rs->in->tap ? PIPE_SIZE_AHEAD : PIPE_SIZE) < 0) {
			dt_error_clear();
			return 1;
		}
		rs->stream = rs->own_stream = s;
	}
	p = &s->p;
	if (rs->in->tap)
		load_all(rs); /* every diary's records, for the traces */
	for (;;) {
		dt_commit c;
		pthread_mutex_lock(&p->mu);
		while (!p->count && !p->done)
			pthread_cond_wait(&p->can_take, &p->mu);
		if (!p->count) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		c = p->ring[p->head];
		p->head = (p->head + 1) % p->size;
		p->count--;
		pthread_cond_signal(&p->can_put);
		pthread_mutex_unlock(&p->mu);
		error = walked(&c, rs);
		dt_commit_dispose(&c);
		if (error) /* the tap stops the walk */
			break;
	}
	{
		int e = stream_join(s, error != 0);
		if (!error)
			error = e;
	}
	return error;
}

/* The walk in this thread (no second one): each commit to the walk tap,
 * then judged. */
static int read_here(const dt_commit *c, void *payload)
{
	rstate *rs = payload;
	if (rs->in->walk_tap) {
		int rc = rs->in->walk_tap(c, rs->in->tap_payload);
		if (rc < 0)
			return rc;
	}
	return walked(c, rs);
}

static int judge_range(rstate *rs)
{
	int error = 0;
	if (!rs->in->range) {
		error = walk_in_two(rs);
		if (error == 1) { /* no second thread: read them here */
			if (rs->in->tap)
				load_all(rs);
			error = dt_odb_walk(rs->in->odb, rs->in->tip, read_here, rs);
		}
		unrecorded_rest(rs);
		return error;
	}
	/* oldest first: a first parent is mostly the commit judged before */
	for (size_t i = 0; i < rs->in->range->count && !error; i++) {
		dt_commit c;
		if ((error = dt_odb_commit(&c, rs->in->odb, rs->in->range->items[i])) < 0)
			break;
		dt_strvec named = DT_STRVEC_INIT;
		remember(rs, c.hex);
		judge_commit(rs, &c, &named);
		dt_strvec_dispose(&named);
		memcpy(rs->last_hex, c.hex, DT_HEX_MAX);
		memcpy(rs->last_tree, c.tree, DT_HEX_MAX);
		rs->judged++;
		dt_commit_dispose(&c);
	}
	unrecorded_rest(rs);
	return error;
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
	const dt_ticket *tk = &rs->tk->items[ti];
	tstate *t = &rs->ts[ti];
	size_t done = t->has_tasks ? dt_tasks_done(&t->tasks) : 0;
	size_t total = t->has_tasks ? t->tasks.count : 0;
	dt_buf index = DT_BUF_INIT;

	join3(&index, t->dir, "index.md", NULL);
	if (tk->closed && done < total)
		dt_findings_add(rs->out, DT_RULE_STATUS_OPEN_TASKS,
		                level(rs, DT_RULE_STATUS_OPEN_TASKS), tk->id, NULL, index.ptr, 0,
		                "check the tasks that are done, or reopen the ticket",
		                "%s is %s but %zu of its %zu tasks %s not checked", tk->id,
		                tk->status, total - done, total, total - done == 1 ? "is" : "are");
	if (tk->status && !dt_ascii_casecmp(tk->status, "active") && total && done == total)
		dt_findings_add(rs->out, DT_RULE_STATUS_ALL_DONE,
		                level(rs, DT_RULE_STATUS_ALL_DONE), tk->id, NULL, index.ptr, 0,
		                "set Status: complete in index.md if the ticket is finished",
		                "%s is active and all %zu of its tasks are checked", tk->id, total);
	dt_buf_dispose(&index);
}

typedef struct {
	size_t ti, line;
	const char *file; /* the diary */
	char full[DT_HEX_MAX];
	char as_written[DT_HEX_MAX];
} pending_reach;

/* Does repos: give any repository a clone to look in? */
static int has_clones(const dt_config *cfg)
{
	for (size_t i = 0; i < cfg->repo_count; i++)
		if (cfg->repos[i].path)
			return 1;
	return 0;
}

static void unknown_here(rstate *rs, size_t ti, const char *file, size_t line, const char *hx,
                         int ambiguous)
{
	dt_findings_add(rs->out, DT_RULE_COMMIT_UNKNOWN, level(rs, DT_RULE_COMMIT_UNKNOWN),
	                rs->tk->items[ti].id, hx, file, line,
	                ambiguous ? "write more of the hash"
	                          : "correct the hash; a commit of another repository is written "
	                            "\"<hash> (<name> repo)\" or \"<name>@<hash>\", the "
	                            "repository declared in .diarist.yaml under repos: "
	                            "(<name>: the path of a clone to verify it in, or ~)",
	                ambiguous ? "commit %s is ambiguous: several objects start with it"
	                          : "commit %s is no commit in this repository",
	                hx);
}

/* The records of one diary of ticket ti. */
static void judge_records(rstate *rs, size_t ti, const tdiary *dy, pending_reach **reach,
                          size_t *nreach, size_t *areach)
{
	const char *id = rs->tk->items[ti].id;

	for (size_t r = dy->crec_first; r < dy->crec_first + dy->ncrec; r++) {
		const crec *rec = &rs->crecs[r];
		const char *hx = rs->arena.ptr + rec->hexes;
		if (rec->waiting && (rec->step == NO_STEP || rec->step + 1 < dy->nsteps))
			dt_findings_add(
			    rs->out, DT_RULE_COMMIT_PENDING, level(rs, DT_RULE_COMMIT_PENDING), id,
			    NULL, dy->path, rec->line,
			    "fill in the commit's hash ('diarist fix' does when the commit "
			    "is identifiable), or write N/A",
			    "a commit record of step %ld is still waiting for its hash",
			    rec->step == NO_STEP ? 0L : dy->steps[rec->step].number);
		for (size_t h = 0; h < rec->nhexes; h++, hx += strlen(hx) + 1) {
			char full[DT_HEX_MAX];
			int in_range = 0, e;
			for (int32_t i = dt_hexmap_first(&rs->range, hx); i >= 0 && !in_range;
			     i = dt_hexmap_next(&rs->range, i))
				in_range = dt_hash_names(hx, walked_id(rs, rs->range.items[i].a));
			if (in_range)
				continue; /* in the range: an ancestor of the tip */
			e = dt_odb_expand(full, rs->in->odb, hx);
			if (e == DT_ENOTFOUND && dt_hex_date(hx)) {
				/* a date, not a hash, unless it names a commit */
				dt_error_clear();
				continue;
			}
			if (e == DT_ENOTFOUND && has_clones(rs->in->cfg)) {
				/* another repository's, unannotated? judge_foreign */
				add_fref(rs, (uint32_t)r, (uint32_t)(hx - rs->arena.ptr), -1);
				dt_error_clear();
				continue;
			}
			if (e < 0) {
				unknown_here(rs, ti, dy->path, rec->line, hx, e == DT_EAMBIGUOUS);
				dt_error_clear();
				continue;
			}
			DT_ARRAY_GROW(*reach, *areach, *nreach + 1);
			(*reach)[*nreach].ti = ti;
			(*reach)[*nreach].line = rec->line;
			(*reach)[*nreach].file = dy->path;
			strcpy((*reach)[*nreach].full, full);
			snprintf((*reach)[*nreach].as_written, DT_HEX_MAX, "%s", hx);
			(*nreach)++;
		}
	}
}

/* The hashes of other repositories (struct fref), looked up in their
 * clones: each repository opened once, and only when a judged ticket
 * needs it. */
static void look_in(rstate *rs, size_t ri)
{
	const dt_config_repo *repo = &rs->in->cfg->repos[ri];
	dt_odb *o = NULL;
	char full[DT_HEX_MAX];

	for (size_t i = 0; i < rs->nfrefs; i++) {
		struct fref *f = &rs->frefs[i];
		const crec *c = &rs->crecs[f->rec];
		const char *hx = rs->arena.ptr + f->hex;
		int e;
		if (!rs->ts[c->ticket].touched || (f->repo >= 0 && f->repo != (int32_t)ri) ||
		    (f->repo < 0 && f->found >= 0))
			continue;
		if (!o && dt_odb_open_at(&o, repo->abs ? repo->abs : repo->path) < 0) {
			if (!rs->fatal)
				rs->fatal = dt_xasprintf("%s: repos.%s: %s", repo->where,
				                         repo->name, dt_error_last());
			dt_error_clear();
			return;
		}
		e = dt_odb_expand(full, o, hx);
		dt_error_clear();
		if (f->repo < 0) {
			if (e == 0)
				f->found = (int32_t)ri;
			continue;
		}
		if (e < 0)
			dt_findings_add(
			    rs->out, DT_RULE_COMMIT_UNKNOWN, level(rs, DT_RULE_COMMIT_UNKNOWN),
			    rs->tk->items[c->ticket].id, hx,
			    diary_of(&rs->ts[c->ticket], f->rec)->path, c->line,
			    e == DT_EAMBIGUOUS
			        ? "write more of the hash"
			        : "correct the hash, or the repository it is written "
			          "for; a commit newer than the clone needs a fetch there",
			    e == DT_EAMBIGUOUS
			        ? "commit %s is ambiguous in %s (%s): several objects start with it"
			        : "commit %s is no commit of %s (%s)",
			    hx, repo->name, repo->path);
	}
	dt_odb_free(o);
}

static void judge_foreign(rstate *rs)
{
	const dt_config *cfg = rs->in->cfg;

	for (size_t ri = 0; ri < cfg->repo_count; ri++)
		if (cfg->repos[ri].path)
			look_in(rs, ri);
	/* the unannotated: another repository's, or unknown everywhere */
	for (size_t i = 0; i < rs->nfrefs; i++) {
		const struct fref *f = &rs->frefs[i];
		const crec *c = &rs->crecs[f->rec];
		const char *hx = rs->arena.ptr + f->hex;
		const dt_config_repo *repo;
		char *hint;
		if (f->repo >= 0 || !rs->ts[c->ticket].touched)
			continue;
		if (f->found < 0) {
			unknown_here(rs, c->ticket, diary_of(&rs->ts[c->ticket], f->rec)->path,
			             c->line, hx, 0);
			continue;
		}
		repo = &cfg->repos[f->found];
		hint = dt_xasprintf("write it as \"%s (%s repo)\" or \"%s@%s\"", hx, repo->name,
		                    repo->name, hx);
		dt_findings_add(rs->out, DT_RULE_COMMIT_FOREIGN, level(rs, DT_RULE_COMMIT_FOREIGN),
		                rs->tk->items[c->ticket].id, hx,
		                diary_of(&rs->ts[c->ticket], f->rec)->path, c->line, hint,
		                "commit %s is no commit in this repository but one of %s (%s)", hx,
		                repo->name, repo->path);
		free(hint);
	}
}

/* Step numbers in order within each diary file (a second diary starts
 * again at 1). */
static void judge_numbering(rstate *rs, size_t ti, const tdiary *dy)
{
	const cstep *prev = NULL;
	for (size_t s = 0; s < dy->nsteps; s++) {
		const cstep *cur = &dy->steps[s];
		char a[2] = {cur->suffix, 0}, b[2] = {prev ? prev->suffix : 0, 0};
		/* "## Step: Title" is passed over: the next step follows the
		 * last numbered one; "Step 5b" after "Step 5" is in order */
		if (cur->unnumbered)
			dt_findings_add(
			    rs->out, DT_RULE_STEP_NUMBERING, level(rs, DT_RULE_STEP_NUMBERING),
			    rs->tk->items[ti].id, NULL, dy->path, cur->line,
			    "number the steps 1, 2, 3... in order", "a step without a number");
		if (cur->unnumbered || !prev || cur->number == prev->number_to + 1 ||
		    (cur->suffix && cur->number == prev->number_to && cur->suffix > prev->suffix)) {
			prev = cur->unnumbered ? prev : cur;
			continue;
		}
		dt_findings_add(rs->out, DT_RULE_STEP_NUMBERING, level(rs, DT_RULE_STEP_NUMBERING),
		                rs->tk->items[ti].id, NULL, dy->path, cur->line,
		                "number the steps 1, 2, 3... in order",
		                cur->number <= prev->number_to
		                    ? "step %ld%s comes after step %ld%s (repeated or out of order)"
		                    : "step %ld%s follows step %ld%s (numbers skipped)",
		                (long)cur->number, a, (long)prev->number_to, b);
		prev = cur;
	}
}

static void claim_unknown(rstate *rs, size_t ti, const tdiary *dy, const cstep *s,
                          const claimset *claims)
{
	tstate *t = &rs->ts[ti];
	size_t total = t->has_tasks ? t->tasks.count : 0;
	for (size_t i = 0; i < claims->nclaims; i++)
		if (claims->claims[i] < 1 || claims->claims[i] > total)
			dt_findings_add(
			    rs->out, DT_RULE_TASK_CLAIM_UNKNOWN,
			    level(rs, DT_RULE_TASK_CLAIM_UNKNOWN), rs->tk->items[ti].id, NULL,
			    dy->path, s->line,
			    "claim a task that exists in tasks.md (tasks are numbered 1, "
			    "2, 3... in file order)",
			    "step %ld claims task %zu, but %s has %zu tasks", (long)s->number,
			    claims->claims[i], t->has_tasks ? "tasks.md" : "the ticket", total);
	for (size_t i = 0; i < claims->nstable; i++)
		if (!t->has_tasks || !dt_tasks_by_stable(&t->tasks, claims->stable_claims[i]))
			dt_findings_add(rs->out, DT_RULE_TASK_CLAIM_UNKNOWN,
			                level(rs, DT_RULE_TASK_CLAIM_UNKNOWN), rs->tk->items[ti].id,
			                NULL, dy->path, s->line,
			                "claim a stable ID written in tasks.md as <!-- t:ID -->",
			                "step %ld claims task t:%s, which tasks.md does not have",
			                (long)s->number, claims->stable_claims[i]);
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

/* Steps of a diary in the tip that are new or changed since the base (a
 * diary the base does not have: all of them). */
static void changed_steps(rstate *rs, const tdiary *dy, int *changed)
{
	dt_buf text = DT_BUF_INIT;
	dt_diary base;
	int have = 0;

	memset(&base, 0, sizeof(base));
	if (dy->text.size && read_base(&text, rs, dy->path) == 0 &&
	    dt_diary_parse(&base, text.ptr, text.size, dy->path) == 0)
		have = 1;
	dt_error_clear();
	for (size_t s = 0; s < dy->nsteps; s++) {
		const cstep *st = &dy->steps[s];
		const char *p = dy->text.ptr + st->off;
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

static void claim_open(rstate *rs, size_t ti, const tdiary *dy, const cstep *s,
                       const claimset *claims)
{
	tstate *t = &rs->ts[ti];
	for (size_t i = 0; t->has_tasks && i < claims->nclaims + claims->nstable; i++) {
		const dt_task *task =
		    i < claims->nclaims
		        ? dt_tasks_by_number(&t->tasks, claims->claims[i])
		        : dt_tasks_by_stable(&t->tasks, claims->stable_claims[i - claims->nclaims]);
		if (task && !task->done)
			dt_findings_add(rs->out, DT_RULE_TASK_CLAIM_OPEN,
			                level(rs, DT_RULE_TASK_CLAIM_OPEN), rs->tk->items[ti].id,
			                NULL, dy->path, s->line,
			                "check the task in tasks.md when it is done",
			                "step %ld claims task %zu \"%s\", which is not checked",
			                (long)s->number, task->number, task->text);
	}
}

static void judge_claims(rstate *rs, size_t ti, const tdiary *dy)
{
	int *changed;
	all_commit_claims(rs, ti);
	changed = dt_xcalloc(dy->nsteps + 1, sizeof(*changed));
	changed_steps(rs, dy, changed);
	for (size_t s = 0; s < dy->nsteps; s++) {
		const cstep *st = &dy->steps[s];
		claim_unknown(rs, ti, dy, st, &st->own);
		claim_unknown(rs, ti, dy, st, extra_of(dy, s));
		if (changed[s]) {
			claim_open(rs, ti, dy, st, &st->own);
			claim_open(rs, ti, dy, st, extra_of(dy, s));
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
		                rs->tk->items[ti].id, NULL, t->tasks_path, task->line,
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
	size_t n = dt_tickets_duplicates(&groups, rs->tk);
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
		                rs->tk->items[groups[g].first].id, NULL, index.ptr, 0,
		                "give each ticket folder its own Ticket: ID",
		                "%zu ticket folders share the ID %s: %s", groups[g].count,
		                rs->tk->items[groups[g].first].id, where.ptr);
	}
	free(groups);
	dt_buf_dispose(&where);
	dt_buf_dispose(&index);
}

static void judge_ticket(rstate *rs, size_t ti, pending_reach **reach, size_t *nreach,
                         size_t *areach)
{
	const dt_ticket *tk = &rs->tk->items[ti];
	tstate *t = &rs->ts[ti];

	load(rs, ti);
	if (tk->fm_error) {
		dt_buf index = DT_BUF_INIT;
		join3(&index, t->dir, "index.md", NULL);
		broken_file(rs, tk->id, index.ptr, tk->fm_error);
		dt_buf_dispose(&index);
	}
	if (t->tasks_error)
		broken_file(rs, tk->id, t->tasks_path, t->tasks_error);
	for (size_t k = 0; k < t->ndiaries; k++) {
		const tdiary *dy = &t->diaries[k];
		if (dy->error)
			broken_file(rs, tk->id, dy->path, dy->error);
		else if (dy->fm_error)
			broken_file(rs, tk->id, dy->path, dy->fm_error);
	}
	judge_status(rs, ti);
	for (size_t k = 0; k < t->ndiaries; k++) {
		const tdiary *dy = &t->diaries[k];
		if (!dy->ok)
			continue;
		judge_records(rs, ti, dy, reach, nreach, areach);
		judge_numbering(rs, ti, dy);
		judge_claims(rs, ti, dy);
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
	if (!rs->in->range)
		; /* all history was walked: what it did not meet is unreachable */
	else if (rs->in->range->count)
		error =
		    dt_odb_reachable(found, rs->in->odb, (const char *const *)rs->boundary.items,
		                     rs->boundary.count, hexes, n);
	else
		error = dt_odb_reachable(found, rs->in->odb, &rs->in->tip, 1, hexes, n);
	for (size_t i = 0; !error && i < n; i++) {
		if (found[i])
			continue;
		abbrev(ab, rs, reach[i].full);
		dt_findings_add(rs->out, DT_RULE_COMMIT_UNREACHABLE,
		                level(rs, DT_RULE_COMMIT_UNREACHABLE),
		                rs->tk->items[reach[i].ti].id, reach[i].as_written, reach[i].file,
		                reach[i].line,
		                "a rebase or amend left this hash behind: run 'diarist fix' to "
		                "rewrite it, then commit the diary",
		                "commit %s is not an ancestor of %s", reach[i].as_written,
		                rs->in->tip_name ? rs->in->tip_name : "the pushed commit");
	}
	free(hexes);
	free(found);
	return error;
}

/* ---- per-ticket summaries (status, report) ---- */

static int in_folder(const char *file, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(file, dir, n) && (file[n] == '/' || !file[n]);
}

/* The findings a ticket's summary counts. */
typedef struct {
	size_t unrecorded, errors, warnings;
} fcount;

/* Per ticket of rs->tk, its findings from `first` on: each counts for the
 * ticket it names; two folders with one ID, for the folder its file is in
 * (one with no file, for the first). */
static fcount *count_findings(rstate *rs, const dt_findings *f, size_t first)
{
	fcount *n = dt_xcalloc(rs->tk->count + 1, sizeof(*n));
	for (size_t i = first; i < f->count; i++) {
		const dt_finding *x = &f->items[i];
		dt_ticket_group group;
		size_t ti;
		if (!x->ticket)
			continue;
		group = dt_tickets_group(rs->tk, x->ticket);
		if (!group.count)
			continue;
		ti = group.first;
		if (group.count > 1 && x->file) {
			for (ti = group.first; ti < group.first + group.count; ti++)
				if (in_folder(x->file, rs->ts[ti].dir))
					break;
			if (ti == group.first + group.count)
				continue; /* in none of them */
		}
		n[ti].unrecorded += x->rule == DT_RULE_COMMIT_UNRECORDED;
		if (x->level == DT_LEVEL_ERROR)
			n[ti].errors++;
		else
			n[ti].warnings++;
	}
	return n;
}

static void summarise(rstate *rs, dt_rules_stats *stats, size_t ti, const fcount *n)
{
	const dt_ticket *tk = &rs->tk->items[ti];
	const tstate *t = &rs->ts[ti];
	dt_ticket_summary *s;

	stats->summary =
	    dt_xrealloc(stats->summary, (stats->nsummary + 1) * sizeof(*stats->summary));
	s = &stats->summary[stats->nsummary++];
	memset(s, 0, sizeof(*s));
	s->id = dt_xstrdup(tk->id);
	s->title = dt_xstrdup_null(tk->title);
	s->status = dt_xstrdup_null(tk->status);
	s->closed = tk->closed;
	s->dir = dt_xstrdup(t->dir);
	s->diary = t->ndiaries ? dt_xstrdup(t->diaries[0].path) : NULL;
	for (size_t k = 0; k < t->ndiaries; k++) {
		dt_strvec_push(&s->diaries, t->diaries[k].path);
		s->steps += t->diaries[k].nsteps;
	}
	if (t->has_tasks) {
		s->tasks_total = t->tasks.count;
		s->tasks_done = dt_tasks_done(&t->tasks);
	}
	for (size_t r = t->crec_first; r < t->crec_first + t->ncrec; r++) {
		const crec *rec = &rs->crecs[r];
		if (!rec->nhexes)
			continue;
		s->recorded += rec->nhexes;
		if (!rec->has_tests)
			s->evidence_missing += rec->nhexes;
		else if (rec->tests_exit > 0)
			s->evidence_failed += rec->nhexes;
		else
			s->evidence_passed += rec->nhexes;
	}
	s->unrecorded = n[ti].unrecorded;
	s->errors = n[ti].errors;
	s->warnings = n[ti].warnings;
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
		dt_finding_dispose(&f->items[i]);
	}
	f->count = k;
}

static void tdiary_dispose(tdiary *dy)
{
	for (size_t k = 0; k < dy->nsteps; k++)
		claimset_dispose(&dy->steps[k].own);
	free(dy->steps);
	for (size_t k = 0; dy->extra && k < dy->nsteps; k++)
		claimset_dispose(&dy->extra[k]);
	free(dy->extra);
	free(dy->path);
	free(dy->fm_error);
	free(dy->error);
	dt_buf_dispose(&dy->text);
}

static void rstate_dispose(rstate *rs)
{
	for (size_t i = 0; rs->ts && i < rs->tk->count; i++) {
		tstate *t = &rs->ts[i];
		for (size_t d = 0; d < t->ndiaries; d++)
			tdiary_dispose(&t->diaries[d]);
		free(t->diaries);
		free(t->dir);
		free(t->tasks_path);
		free(t->tasks_error);
		dt_tasks_dispose(&t->tasks);
	}
	free(rs->ts);
	free(rs->crecs);
	free(rs->frefs);
	free(rs->tests_text);
	dt_buf_dispose(&rs->arena);
	dt_resolver_dispose(&rs->resolver);
	dt_hexmap_dispose(&rs->records);
	dt_hexmap_dispose(&rs->range);
	dt_buf_dispose(&rs->walked);
	for (size_t i = 0; i < rs->nunrec; i++)
		free(rs->unrec[i].subject);
	free(rs->unrec);
	free(rs->fatal);
	dt_hexmap_dispose(&rs->waiting);
	dt_strvec_dispose(&rs->boundary);
	dt_tickets_dispose(&rs->own_tk);
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
	rs.stream = in->stream;
	/* status: the history is read while the tickets are */
	if (!rs.stream && !in->range && !in->tickets && in->summaries) {
		if (stream_start(&rs.own_stream, in->tip, in->walk_tap, in->tap_payload,
		                 PIPE_SIZE_AHEAD) == 0)
			rs.stream = rs.own_stream;
		dt_error_clear();
	}
	if (in->tickets) {
		rs.tk = in->tickets;
	} else {
		rs.tk = &rs.own_tk;
		error = dt_odb_tickets(&rs.own_tk, in->odb, in->tip, in->root);
		if (error == DT_ENOTFOUND && !in->root_required) {
			dt_error_clear();
			stats->root_missing = 1;
			dt_tickets_dispose(&rs.own_tk);
			dt_rules_stream_free(rs.own_stream);
			return 0;
		}
		if (error < 0) {
			if (error == DT_ENOTFOUND)
				error =
				    dt_error_set(DT_ECONFIG, "the docs root %s is not in %s",
				                 in->root, in->tip_name ? in->tip_name : in->tip);
			dt_tickets_dispose(&rs.own_tk);
			dt_rules_stream_free(rs.own_stream);
			return error;
		}
	}
	dt_resolver_init(&rs.resolver, rs.tk);
	if (in->kept) {
		char *scope = dt_xasprintf("diarist-rules/1 %s", in->root);
		rs.kept = dt_objcache_open(in->kept, scope);
		free(scope);
	}
	rs.ts = dt_xcalloc(rs.tk->count + 1, sizeof(*rs.ts));
	dt_buf_init(&rs.arena);
	dt_buf_init(&rs.walked);
	dt_buf_putc(&rs.arena, '\0'); /* offset 0: no string */
	for (size_t i = 0; i < rs.tk->count; i++) {
		dt_buf dir = DT_BUF_INIT;
		join3(&dir, in->root, rs.tk->items[i].dir, NULL);
		rs.ts[i].dir = dt_buf_detach(&dir);
		rs.ts[i].touched = in->all;
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
	if ((error = judge_range(&rs)) < 0)
		goto cleanup;
	if (in->range && (error = dt_odb_boundary(&rs.boundary, in->odb, in->range)) < 0)
		goto cleanup;
	if (!in->all && (error = touch_changed(&rs, &rs.boundary)) < 0)
		goto cleanup;
	for (size_t ti = 0; ti < rs.tk->count; ti++)
		if (rs.ts[ti].touched)
			judge_ticket(&rs, ti, &reach, &nreach, &areach);
	judge_duplicates(&rs);
	judge_foreign(&rs);
	if ((error = judge_reachability(&rs, reach, nreach)) < 0)
		goto cleanup;
	if (rs.fatal) {
		error = dt_error_set(DT_EIO, "%s", rs.fatal);
		goto cleanup;
	}

	stats->commits += rs.judged;
	for (size_t ti = 0; ti < rs.tk->count; ti++)
		if (rs.ts[ti].touched && (only < 0 || (size_t)only == ti) &&
		    !dt_strvec_contains(&stats->tickets, rs.tk->items[ti].id))
			dt_strvec_push(&stats->tickets, rs.tk->items[ti].id);
	if (only >= 0)
		drop_other_tickets(out, first, rs.tk->items[only].id);
	dt_findings_sort(out);
	if (in->summaries) {
		fcount *n = count_findings(&rs, out, first);
		for (size_t ti = 0; ti < rs.tk->count; ti++)
			if (rs.ts[ti].touched && (only < 0 || (size_t)only == ti)) {
				load(&rs, ti);
				summarise(&rs, stats, ti, n);
			}
		free(n);
	}
cleanup:
	free(reach);
	dt_rules_stream_free(rs.own_stream);
	if (rs.kept && !error)
		dt_objcache_save(rs.kept);
	dt_objcache_free(rs.kept);
	rstate_dispose(&rs);
	return error;
}

void dt_rules_kept_path(dt_buf *out, const char *commondir)
{
	dt_path_join(out, commondir, "diarist/rules.cache");
}

void dt_rules_stats_dispose(dt_rules_stats *s)
{
	for (size_t i = 0; i < s->nsummary; i++) {
		free(s->summary[i].id);
		free(s->summary[i].title);
		free(s->summary[i].status);
		free(s->summary[i].dir);
		free(s->summary[i].diary);
		dt_strvec_dispose(&s->summary[i].diaries);
	}
	free(s->summary);
	dt_strvec_dispose(&s->tickets);
	memset(s, 0, sizeof(*s));
}

/* ---- the range ---- */

int dt_rules_since(int64_t *time, char hex[DT_HEX_MAX], dt_odb *o, const dt_config *cfg)
{
	*time = INT64_MIN;
	hex[0] = '\0';
	if (!cfg->since || dt_parse_datetime(time, cfg->since) == 0)
		return 0;
	*time = INT64_MIN;
	if (dt_odb_resolve(hex, o, cfg->since) == 0)
		return 0;
	hex[0] = '\0';
	return dt_error_set(DT_ECONFIG,
	                    "%s: since: '%s' is neither a date (YYYY-MM-DD) nor a commit of this "
	                    "repository",
	                    cfg->path ? cfg->path : DT_CONFIG_FILE, cfg->since);
}

int dt_rules_range(dt_strvec *out, char base[DT_HEX_MAX], dt_odb *o, const dt_config *cfg,
                   const char *tip, const char *const *bases, size_t nbases)
{
	const char **all = dt_xcalloc(nbases + 2, sizeof(*all));
	char since_hex[DT_HEX_MAX];
	int64_t since_time;
	dt_strvec range = DT_STRVEC_INIT;
	size_t n = nbases;
	int error = 0;

	base[0] = '\0';
	memcpy(all, bases, nbases * sizeof(*all));
	if (dt_odb_shallow(o) && cfg->levels[DT_RULE_HISTORY_SHALLOW] != DT_LEVEL_OFF)
		goto cleanup; /* no walk: dt_rules_run says history-shallow */
	if ((error = dt_rules_since(&since_time, since_hex, o, cfg)) < 0)
		goto cleanup;
	if (since_hex[0])
		all[n++] = since_hex;
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
