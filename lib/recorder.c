#include "recorder.h"
#include "common.h"
#include "diaries.h"
#include "diary.h"
#include "diaryedit.h"
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
	return dt_diaryedit_place(out, data, len, pp->path, pp->pl);
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
		return dt_diaryedit_place(out, data, len, cp->path, cp->pl);
	dt_diaryedit_new_diary(&fresh, cp->id, cp->topics, cp->c->commit_time,
	                       cp->c->commit_offset);
	error = dt_diaryedit_place(out, fresh.ptr, fresh.size, cp->path, cp->pl);
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

/* Does a diary of the ticket folder other than the writer's record hex
 * (rule 1 counts every diary)? 1 with its path in `which`, else 0. */
static int recorded_in_other(const dt_strvec *all, const char *hex, dt_buf *which)
{
	dt_buf text = DT_BUF_INIT;
	int yes = 0;

	for (size_t k = 1; k < all->count && !yes; k++) {
		const char *path = all->items[k];
		if (dt_file_read(&text, path, DT_FILE_MAX) < 0) {
			dt_error_clear();
			continue;
		}
		if ((yes = dt_diary_text_records(text.ptr, text.size, path, hex)))
			dt_buf_set(which, path, strlen(path));
	}
	dt_buf_dispose(&text);
	return yes;
}

static int record_in_ticket(dt_recorder *rc, const dt_ticket *t, const dt_commit *c,
                            const char *abbrev, const char *tests, long step)
{
	dt_buf tdir = DT_BUF_INIT, diary = DT_BUF_INIT;
	dt_strvec all = DT_STRVEC_INIT;
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
	dt_diaries_find(&all, tdir.ptr, rc->ctx->cfg);
	if (recorded_in_other(&all, c->hex, &diary)) {
		if (rc->verbose)
			fprintf(rc->out, "diarist: %s already records %s (%s)\n", t->id, abbrev,
			        rel_to(diary.ptr, tdir.ptr));
		error = 0;
		goto cleanup;
	}
	if (all.count) {
		dt_buf_set(&diary, all.items[0], strlen(all.items[0]));
	} else {
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
			fprintf(rc->out, "diarist: %s step %s already records %s (%s)\n", t->id,
			        pl.step_name, abbrev, rel_to(diary.ptr, tdir.ptr));
	} else {
		fprintf(rc->out, "diarist: %s step %s \xE2\x86\x90 %s (%s)\n", t->id, pl.step_name,
		        abbrev, rel_to(diary.ptr, tdir.ptr));
	}
	error = changed;
cleanup:
	if (error < 0)
		fprintf(rc->err, "diarist: warning: %s: not recorded: %s\n", t->id,
		        dt_error_last());
	dt_strvec_dispose(&all);
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

/* What a rewrite needs of each new commit, looked up once, and only for
 * the moves that some diary records. */
typedef struct {
	dt_diaryedit_move *moves;
	char (*abbrevs)[DT_HEX_MAX];
	char **subjects, **tests;
	char *looked; /* per move: looked up */
	size_t n;
} move_table;

static void moves_init(move_table *mt, const dt_rewrite *map, size_t n)
{
	memset(mt, 0, sizeof(*mt));
	mt->n = n;
	mt->moves = dt_xcalloc(n + 1, sizeof(*mt->moves));
	mt->abbrevs = dt_xcalloc(n + 1, sizeof(*mt->abbrevs));
	mt->subjects = dt_xcalloc(n + 1, sizeof(*mt->subjects));
	mt->tests = dt_xcalloc(n + 1, sizeof(*mt->tests));
	mt->looked = dt_xcalloc(n + 1, 1);
	for (size_t m = 0; m < n; m++) {
		mt->moves[m].old_hex = map[m].old_hex;
		mt->moves[m].new_hex = map[m].new_hex;
		snprintf(mt->abbrevs[m], DT_HEX_MAX, "%.7s", map[m].new_hex);
		mt->moves[m].abbrev = mt->abbrevs[m];
	}
}

static void moves_dispose(move_table *mt)
{
	for (size_t m = 0; m < mt->n; m++) {
		free(mt->subjects[m]);
		free(mt->tests[m]);
	}
	free(mt->moves);
	free(mt->abbrevs);
	free(mt->subjects);
	free(mt->tests);
	free(mt->looked);
}

/* The new commit of move m: its abbreviation, subject and evidence (a
 * commit git cannot show keeps the old subject, under its 7-digit
 * prefix). */
static void move_look_up(move_table *mt, dt_recorder *rc, size_t m)
{
	dt_commit c;
	dt_buf tests = DT_BUF_INIT;
	if (mt->looked[m])
		return;
	mt->looked[m] = 1;
	if (dt_repo_abbrev(mt->abbrevs[m], rc->repo, mt->moves[m].new_hex) < 0 ||
	    dt_repo_commit(&c, rc->repo, mt->moves[m].new_hex) < 0) {
		dt_error_clear();
		snprintf(mt->abbrevs[m], DT_HEX_MAX, "%.7s", mt->moves[m].new_hex);
		return;
	}
	mt->subjects[m] = dt_xstrdup(c.subject);
	mt->moves[m].subject = mt->subjects[m];
	evidence_for(&tests, rc, &c, mt->abbrevs[m]);
	if (tests.size) {
		mt->tests[m] = dt_buf_detach(&tests);
		mt->moves[m].tests = mt->tests[m];
	}
	dt_buf_dispose(&tests);
	dt_commit_dispose(&c);
}

typedef struct {
	dt_recorder *rc;
	move_table *mt;
	const char *path;
	dt_diaryedit_result res;
} rewrite_payload;

static void look_up_fn(void *payload, size_t m)
{
	rewrite_payload *rp = payload;
	move_look_up(rp->mt, rp->rc, m);
}

static int rewrite_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	rewrite_payload *rp = payload;
	/* git is asked only about the new commits of hashes this diary records */
	dt_diaryedit_lookup lookup = {look_up_fn, rp};
	return dt_diaryedit_rewrite(out, data, len, rp->path, &rp->rc->ctx->cfg->repo_names,
	                            rp->mt->moves, rp->mt->n, &lookup, &rp->res);
}

int dt_recorder_rewrite(dt_recorder *rc, const dt_rewrite *map, size_t n, int *changed)
{
	dt_buf tdir = DT_BUF_INIT;
	dt_strvec diaries = DT_STRVEC_INIT;
	move_table mt;

	*changed = 0;
	moves_init(&mt, map, n);
	for (size_t i = 0; i < rc->ctx->tk.count; i++) {
		dt_ticket *t = &rc->ctx->tk.items[i];
		dt_workspace_complete(t);
		dt_path_join(&tdir, rc->ctx->root.ptr, t->dir);
		dt_strvec_dispose(&diaries);
		dt_diaries_find(&diaries, tdir.ptr, rc->ctx->cfg);
		for (size_t k = 0; k < diaries.count; k++) {
			rewrite_payload rp;
			int did = 0, error;
			memset(&rp, 0, sizeof(rp));
			rp.rc = rc;
			rp.mt = &mt;
			rp.path = diaries.items[k];
			error = dt_file_update(diaries.items[k], dt_repo_workdir(rc->repo), 0,
			                       rewrite_fn, &rp, &did, rc->err);
			if (error < 0) {
				fprintf(rc->err, "diarist: warning: %s: hashes not rewritten: %s\n",
				        t->id, dt_error_last());
				continue;
			}
			if (rp.res.unread && rp.res.unread_line)
				fprintf(
				    rc->err,
				    "diarist: warning: %s:%zu: a record line names a rewritten "
				    "commit, but diarist cannot read it: left as it is (%zu such "
				    "line%s)\n",
				    diaries.items[k], rp.res.unread_line, rp.res.unread,
				    rp.res.unread == 1 ? "" : "s");
			else if (rp.res.unread)
				fprintf(rc->err,
				        "diarist: warning: %s: its records would not read back as "
				        "intended after the rewrite: left as it is\n",
				        diaries.items[k]);
			if (did) {
				size_t all = rp.res.rewritten + rp.res.dropped;
				(*changed)++;
				fprintf(rc->out, "diarist: %s: %zu recorded hash%s rewritten",
				        t->id, all, all == 1 ? "" : "es");
				if (rp.res.dropped)
					fprintf(rc->out, ", %zu squashed into one", rp.res.dropped);
				fprintf(rc->out, " (%s)\n", rel_to(diaries.items[k], tdir.ptr));
			}
		}
	}
	moves_dispose(&mt);
	dt_strvec_dispose(&diaries);
	dt_buf_dispose(&tdir);
	return 0;
}
