#include "fix.h"
#include "common.h"
#include "diaries.h"
#include "diary.h"
#include "diaryedit.h"
#include "edit.h"
#include "evidence.h"
#include "fileio.h"
#include "frontmatter.h"
#include "lockfile.h"
#include "message.h"
#include "proc.h"
#include "recorder.h"
#include "refs.h"
#include "workspace.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH "\xE2\x80\x94"

/* git patch-id writes a line per patch as it reads them: a batch must not
 * fill its output pipe before we have written all of its input */
#define PATCH_BATCH 300
/* the same for git cat-file --batch-check */
#define CHECK_BATCH 500

/* ---- commits ---- */

#define IN_RANGE 1u /* a commit of the range */
#define IN_HEAD 2u  /* reachable from HEAD (since: aside) */
#define IS_NEW 4u   /* reachable from HEAD and from no stale commit */
#define IS_STALE 8u /* recorded, not an ancestor of HEAD */

typedef struct {
	char hex[DT_HEX_MAX], abbrev[DT_HEX_MAX], tree[DT_HEX_MAX];
	char patch_id[DT_HEX_MAX]; /* "" when git gives none (no changes, a merge) */
	size_t nparents;
	char *author_date; /* "1771063200 +0100", as git writes it raw */
	int64_t commit_time;
	int commit_offset; /* minutes east of UTC */
	char *message, *subject;
	dt_strvec named; /* the tickets it names */
	dt_strvec paths; /* changed paths (commits of the range only) */
	long diary_step; /* its Diary-Step: trailer, or -1 */
	unsigned flags;
} fix_commit;

typedef struct {
	fix_commit *items;
	size_t count, alloc;
	size_t *sorted; /* indices by hex; valid for the first nsorted items */
	size_t nsorted;
} commit_table;

/* A hash as a diary writes it, and what git says it is. */
typedef enum { OBJ_COMMIT, OBJ_OTHER, OBJ_MISSING, OBJ_AMBIGUOUS } obj_kind;

typedef struct {
	char *written; /* lower case, as in the diary */
	char full[DT_HEX_MAX];
	obj_kind kind;
	int stale;
} recorded;

/* One ticket folder's diary, as it is and as fix leaves it. */
typedef struct {
	dt_ticket *t;
	char *path; /* absolute (where it will be created when it does not exist) */
	const char *rel;
	int exists;
	int bad; /* could not be read or parsed: left alone */
	dt_buf before, text;
	size_t changes;
	dt_strvec held; /* commits not to record here: candidates of a stale hash left as is */
} fix_diary;

typedef struct {
	dt_context *ctx;
	dt_repo *repo;
	dt_recorder rc; /* for dt_recorder_bookkeeping */
	const dt_fix_opts *opts;
	dt_fix_result *res;
	const char *workdir;
	fix_diary *diaries; /* every diary of every ticket */
	size_t ndiaries;
	size_t *tfirst, *tcount; /* per ticket: its diaries (the writer's first) */
	commit_table tab;
	size_t *range; /* indices of the range's commits, oldest first */
	size_t nrange;
	recorded *rec; /* sorted by `written` */
	size_t nrec;
	int head_loaded;
	int64_t since_time; /* since: a date, else -1 */
	char *since_neg;    /* since: a commit: "<hex>^@", else NULL */
	dt_buf evdir;
} fixer;

static void commit_dispose(fix_commit *c)
{
	free(c->author_date);
	free(c->message);
	free(c->subject);
	dt_strvec_dispose(&c->named);
	dt_strvec_dispose(&c->paths);
}

static const commit_table *sort_tab; /* qsort's context */

static int by_hex(const void *a, const void *b)
{
	return strcmp(sort_tab->items[*(const size_t *)a].hex,
	              sort_tab->items[*(const size_t *)b].hex);
}

static void tab_index(commit_table *tab)
{
	tab->sorted = dt_xrealloc(tab->sorted, (tab->count + 1) * sizeof(*tab->sorted));
	for (size_t i = 0; i < tab->count; i++)
		tab->sorted[i] = i;
	sort_tab = tab;
	qsort(tab->sorted, tab->count, sizeof(*tab->sorted), by_hex);
	tab->nsorted = tab->count;
}

/* The commit with this full hex, or NULL. */
static fix_commit *tab_find(const commit_table *tab, const char *hex)
{
	size_t lo = 0, hi = tab->nsorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		fix_commit *c = &tab->items[tab->sorted[mid]];
		int cmp = strcmp(hex, c->hex);
		if (!cmp)
			return c;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- running git ---- */

static void args_add(dt_strvec *v, ...) __attribute__((sentinel));
static void args_add(dt_strvec *v, ...)
{
	va_list ap;
	va_start(ap, v);
	for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
		dt_strvec_push(v, a);
	va_end(ap);
}

/* `git ARGS`, stdout into out, stdin from input. git's exit status, or DT_EIO. */
static int git_run(dt_buf *out, const dt_strvec *args, const char *input, size_t len)
{
	char **argv = dt_xcalloc(args->count + 2, sizeof(*argv));
	char *git = dt_proc_git_path();
	int rc;

	argv[0] = git;
	for (size_t i = 0; i < args->count; i++)
		argv[i + 1] = args->items[i];
	rc = dt_proc_run(out, argv, input, len);
	free(git);
	free(argv);
	return rc;
}

/* The positive revisions, then "--not" and the negative ones, then the
 * since: limit. */
static void revs_add(dt_strvec *args, const fixer *fx, const dt_strvec *pos, const dt_strvec *neg)
{
	int nots = 0;
	if (fx->since_time >= 0) {
		char *a = dt_xasprintf("--max-age=%lld", (long long)fx->since_time);
		dt_strvec_push_owned(args, a);
	}
	for (size_t i = 0; i < pos->count; i++)
		dt_strvec_push(args, pos->items[i]);
	for (size_t i = 0; neg && i < neg->count; i++) {
		if (!nots++)
			dt_strvec_push(args, "--not");
		dt_strvec_push(args, neg->items[i]);
	}
	if (fx->since_neg) {
		if (!nots++)
			dt_strvec_push(args, "--not");
		dt_strvec_push(args, fx->since_neg);
	}
	dt_strvec_push(args, "--");
}

/* ---- reading git log ---- */

#define LOG_FORMAT "--format=%x01%H%x00%h%x00%T%x00%P%x00%ad%x00%cd%x00%B%x00"
#define LOG_FIELDS 7

static const char *next_token(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nul;
	if (s >= end)
		return NULL;
	nul = memchr(s, '\0', (size_t)(end - s));
	*len = nul ? (size_t)(nul - s) : (size_t)(end - s);
	*p = nul ? nul + 1 : end;
	return s;
}

static int parse_tz(const char *raw)
{
	/* "1771063200 +0100" */
	const char *z = strchr(raw, ' ');
	int v;
	if (!z || (z[1] != '+' && z[1] != '-'))
		return 0;
	v = atoi(z + 2);
	return (z[1] == '-' ? -1 : 1) * ((v / 100) * 60 + v % 100);
}

static long diary_step_of(const char *clean)
{
	dt_trailers tr = DT_TRAILERS_INIT;
	const char *v;
	long n = -1;
	dt_message_trailers(&tr, clean);
	v = dt_trailers_get(&tr, "Diary-Step");
	if (v && dt_isdigit((unsigned char)*v))
		n = strtol(v, NULL, 10);
	dt_trailers_dispose(&tr);
	return n;
}

/* The tickets a message names, as post-commit reads them. */
static void name_tickets(fix_commit *c, dt_context *ctx)
{
	dt_buf clean = DT_BUF_INIT;
	dt_refs refs = DT_REFS_INIT;

	dt_message_clean(&clean, c->message, strlen(c->message), NULL);
	if (dt_refs_extract(&refs, clean.ptr, ctx->cfg) == 0) {
		dt_refs_resolve(&refs, &ctx->tk);
		dt_refs_named(&c->named, &refs);
	}
	dt_error_clear();
	c->diary_step = diary_step_of(clean.ptr);
	dt_refs_dispose(&refs);
	dt_buf_dispose(&clean);
}

/* Add (or merge into the one there) the commit of these fields; its index. */
static size_t add_commit(fixer *fx, const char **f, const size_t *fl, unsigned flags)
{
	commit_table *tab = &fx->tab;
	char hex[DT_HEX_MAX];
	fix_commit *c;

	snprintf(hex, sizeof(hex), "%.*s", (int)fl[0], f[0]);
	if ((c = tab_find(tab, hex)) != NULL) {
		c->flags |= flags;
		return (size_t)(c - tab->items);
	}
	DT_ARRAY_GROW(tab->items, tab->alloc, tab->count + 1);
	c = &tab->items[tab->count];
	memset(c, 0, sizeof(*c));
	memcpy(c->hex, hex, sizeof(hex));
	snprintf(c->abbrev, sizeof(c->abbrev), "%.*s", (int)fl[1], f[1]);
	if (strlen(c->abbrev) < 7)
		snprintf(c->abbrev, sizeof(c->abbrev), "%.7s", c->hex);
	snprintf(c->tree, sizeof(c->tree), "%.*s", (int)fl[2], f[2]);
	for (size_t i = 0; i < fl[3]; i++)
		c->nparents += i == 0 || f[3][i] == ' ';
	c->author_date = dt_xstrndup(f[4], fl[4]);
	c->commit_time = strtoll(f[5], NULL, 10);
	c->commit_offset = parse_tz(f[5]);
	c->message = dt_xstrndup(f[6], fl[6]);
	c->subject = dt_xstrndup(c->message, strcspn(c->message, "\n"));
	c->flags = flags;
	name_tickets(c, fx->ctx);
	return tab->count++;
}

/* Read `git log` output (LOG_FORMAT, -z, maybe --name-only) into the
 * table; with `order`, the indices in the order of the output. */
static int parse_log(fixer *fx, const dt_buf *text, unsigned flags, size_t **order, size_t *norder)
{
	const char *p = text->ptr, *end = text->ptr + text->size, *tok;
	size_t n, cur = (size_t)-1, before = fx->tab.count, alloc = 0;

	while ((tok = next_token(&p, end, &n)) != NULL) {
		while (n && *tok == '\n') {
			tok++;
			n--;
		}
		if (n && *tok == '\x01') {
			const char *f[LOG_FIELDS];
			size_t fl[LOG_FIELDS];
			f[0] = tok + 1;
			fl[0] = n - 1;
			for (int i = 1; i < LOG_FIELDS; i++)
				if (!(f[i] = next_token(&p, end, &fl[i])))
					return dt_error_set(DT_EIO,
					                    "unexpected output from git log");
			cur = add_commit(fx, f, fl, flags);
			if (order) {
				DT_ARRAY_GROW(*order, alloc, *norder + 1);
				(*order)[(*norder)++] = cur;
			}
		} else if (n && cur != (size_t)-1 && cur >= before) {
			dt_strvec_pushn(&fx->tab.items[cur].paths, tok, n);
		}
	}
	tab_index(&fx->tab);
	return 0;
}

/* git log of these revisions (already in args after the options) into the table. */
static int load_log(fixer *fx, const dt_strvec *revs, unsigned flags, int paths, int nowalk,
                    size_t **order, size_t *norder)
{
	dt_strvec args = DT_STRVEC_INIT;
	dt_buf text = DT_BUF_INIT;
	int rc;

	args_add(&args, "-c", "log.showSignature=false", "log", "--no-color", "-z", "--date=raw",
	         LOG_FORMAT, (char *)NULL);
	if (paths)
		args_add(&args, "--name-only", "--no-renames", "--reverse", "--no-merges",
		         (char *)NULL);
	else if (nowalk)
		args_add(&args, "--no-walk=unsorted", (char *)NULL);
	else
		args_add(&args, "--no-merges", (char *)NULL);
	for (size_t i = 0; i < revs->count; i++)
		dt_strvec_push(&args, revs->items[i]);
	rc = git_run(&text, &args, NULL, 0);
	if (rc > 0)
		rc = dt_error_set(DT_EIO, "git log failed (exit %d)", rc);
	else if (rc == 0)
		rc = parse_log(fx, &text, flags, order, norder);
	dt_strvec_dispose(&args);
	dt_buf_dispose(&text);
	return rc;
}

/* ---- the range and since: ---- */

static int git_line(dt_buf *out, const char *a, const char *b, const char *c, const char *d)
{
	return dt_proc_git(out, a, b, c, d, (char *)NULL);
}

static int load_since(fixer *fx)
{
	const char *since = fx->ctx->cfg->since;
	dt_buf out = DT_BUF_INIT;
	int64_t t;
	char *spec;
	int rc;

	fx->since_time = -1;
	if (!since)
		return 0;
	if (dt_parse_datetime(&t, since) == 0) {
		fx->since_time = t;
		return 0;
	}
	dt_error_clear();
	spec = dt_xasprintf("%s^{commit}", since);
	rc = git_line(&out, "rev-parse", "-q", "--verify", spec);
	free(spec);
	if (rc == 0)
		fx->since_neg = dt_xasprintf("%s^@", out.ptr);
	dt_buf_dispose(&out);
	if (rc < 0)
		return rc;
	return rc ? dt_error_set(DT_ECONFIG, "%s: since: '%s' is no commit in this repository",
	                         DT_CONFIG_FILE, since)
	          : 0;
}

/* The default range: HEAD ^upstream, else HEAD --not --remotes. */
static void default_range(dt_strvec *pos, dt_strvec *neg)
{
	dt_buf branch = DT_BUF_INIT, up = DT_BUF_INIT, hex = DT_BUF_INIT;

	dt_strvec_push(pos, "HEAD");
	if (git_line(&branch, "symbolic-ref", "-q", "HEAD", NULL) == 0 &&
	    dt_proc_git(&up, "for-each-ref", "--format=%(upstream)", branch.ptr, (char *)NULL) ==
	        0 &&
	    up.size && git_line(&hex, "rev-parse", "-q", "--verify", up.ptr) == 0)
		dt_strvec_push(neg, hex.ptr);
	else
		dt_strvec_push(neg, "--remotes");
	dt_error_clear();
	dt_buf_dispose(&branch);
	dt_buf_dispose(&up);
	dt_buf_dispose(&hex);
}

static int load_range(fixer *fx)
{
	dt_strvec pos = DT_STRVEC_INIT, neg = DT_STRVEC_INIT, revs = DT_STRVEC_INIT;
	const char *range = fx->opts->range;
	int rc;

	if (range && (!*range || range[0] == '-'))
		return dt_error_set(DT_EUSAGE, "'%s' is not a range", range);
	if (range)
		dt_strvec_push(&pos, range);
	else
		default_range(&pos, &neg);
	revs_add(&revs, fx, &pos, &neg);
	rc = load_log(fx, &revs, IN_RANGE, 1, 0, &fx->range, &fx->nrange);
	if (rc == DT_EIO && range)
		rc = dt_error_set(DT_EUSAGE, "'%s' is not a range git knows", range);
	dt_strvec_dispose(&pos);
	dt_strvec_dispose(&neg);
	dt_strvec_dispose(&revs);
	return rc;
}

/* Every commit of HEAD (since: aside), for the placeholders; once. */
static int load_head(fixer *fx)
{
	dt_strvec pos = DT_STRVEC_INIT, revs = DT_STRVEC_INIT;
	int rc;
	if (fx->head_loaded)
		return 0;
	fx->head_loaded = 1;
	dt_strvec_push(&pos, "HEAD");
	revs_add(&revs, fx, &pos, NULL);
	rc = load_log(fx, &revs, IN_HEAD, 0, 0, NULL, NULL);
	dt_strvec_dispose(&pos);
	dt_strvec_dispose(&revs);
	return rc;
}

/* ---- the diaries ---- */

static const char *rel_to(const char *path, const char *base)
{
	size_t n = strlen(base);
	if (!strncmp(path, base, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static void load_diary(fixer *fx, fix_diary *dy)
{
	dt_diary d;
	int rc;

	dy->rel = rel_to(dy->path, fx->workdir);
	if (dy->exists) {
		if ((rc = dt_file_read(&dy->before, dy->path, DT_FILE_MAX)) == 0 &&
		    (rc = dt_diary_parse(&d, dy->before.ptr, dy->before.size, dy->rel)) == 0)
			dt_diary_dispose(&d);
		if (rc < 0) {
			fprintf(fx->opts->err, "diarist: error: %s: left as is\n", dt_error_last());
			dy->bad = 1;
			fx->res->failed++;
		}
	}
	dt_buf_set(&dy->text, dy->before.ptr, dy->before.size);
}

static fix_diary *add_diary(fixer *fx, size_t *alloc, dt_ticket *t, char *path, int exists)
{
	fix_diary *dy;
	DT_ARRAY_GROW(fx->diaries, *alloc, fx->ndiaries + 1);
	dy = &fx->diaries[fx->ndiaries++];
	memset(dy, 0, sizeof(*dy));
	dy->t = t;
	dy->path = path;
	dy->exists = exists;
	dt_buf_init(&dy->before);
	dt_buf_init(&dy->text);
	return dy;
}

/* Every diary of every ticket (SPEC §1.5), the writer's first; a ticket
 * without one gets the diary post-commit would create. */
static void load_diaries(fixer *fx)
{
	dt_buf tdir = DT_BUF_INIT;
	dt_strvec paths = DT_STRVEC_INIT;
	size_t alloc = 0;

	fx->tfirst = dt_xcalloc(fx->ctx->tk.count + 1, sizeof(*fx->tfirst));
	fx->tcount = dt_xcalloc(fx->ctx->tk.count + 1, sizeof(*fx->tcount));
	for (size_t i = 0; i < fx->ctx->tk.count; i++) {
		dt_ticket *t = &fx->ctx->tk.items[i];
		dt_workspace_complete(t);
		dt_path_join(&tdir, fx->ctx->root.ptr, t->dir);
		dt_strvec_dispose(&paths);
		fx->tfirst[i] = fx->ndiaries;
		if (!dt_diaries_find(&paths, tdir.ptr, fx->ctx->cfg)) {
			char *path = dt_xasprintf("%s/reference/01-diary.md", tdir.ptr);
			add_diary(fx, &alloc, t, path, 0);
		}
		for (size_t k = 0; k < paths.count; k++)
			add_diary(fx, &alloc, t, dt_xstrdup(paths.items[k]), 1);
		fx->tcount[i] = fx->ndiaries - fx->tfirst[i];
	}
	for (size_t i = 0; i < fx->ndiaries; i++)
		load_diary(fx, &fx->diaries[i]);
	dt_strvec_dispose(&paths);
	dt_buf_dispose(&tdir);
}

static void diary_dispose(fix_diary *dy)
{
	free(dy->path);
	dt_buf_dispose(&dy->before);
	dt_buf_dispose(&dy->text);
	dt_strvec_dispose(&dy->held);
}

/* ---- showing a change ---- */

static void show_lines(fixer *fx, const char *rel, size_t line, char sign, const char *s,
                       size_t from, size_t to)
{
	while (from < to) {
		size_t e = dt_edit_line_end(s, to, from), n = e - from;
		while (n && (s[from + n - 1] == '\n' || s[from + n - 1] == '\r'))
			n--;
		fprintf(fx->opts->out, "%s:%zu: %c%s%.*s\n", rel, line++, sign, n ? " " : "",
		        (int)n, s + from);
		from = e;
	}
}

/* Replace the diary's text by `after`, showing what changed under the
 * line "rel:N: <what>" (N: the first line that changed). */
static void change(fixer *fx, fix_diary *dy, const dt_buf *after, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void change(fixer *fx, fix_diary *dy, const dt_buf *after, const char *fmt, ...)
{
	const char *a = dy->text.ptr, *b = after->ptr;
	size_t alen = dy->text.size, blen = after->size, pre = 0, line = 1, sa = alen, sb = blen;
	va_list ap;

	while (pre < alen && pre < blen) {
		size_t ea = dt_edit_line_end(a, alen, pre), eb = dt_edit_line_end(b, blen, pre);
		if (ea != eb || memcmp(a + pre, b + pre, ea - pre))
			break;
		pre = ea;
		line++;
	}
	while (sa > pre && sb > pre) {
		size_t la = dt_edit_line_start(a, sa), lb = dt_edit_line_start(b, sb);
		if (la < pre || lb < pre || sa - la != sb - lb || memcmp(a + la, b + lb, sa - la))
			break;
		sa = la;
		sb = lb;
	}
	fprintf(fx->opts->out, "%s:%zu: ", dy->rel, line);
	va_start(ap, fmt);
	vfprintf(fx->opts->out, fmt, ap);
	va_end(ap);
	fputc('\n', fx->opts->out);
	show_lines(fx, dy->rel, line, '-', a, pre, sa);
	show_lines(fx, dy->rel, line, '+', b, pre, sb);
	dt_buf_set(&dy->text, after->ptr, after->size);
	if (!dy->changes++)
		fx->res->diaries++;
	fx->res->changes++;
}

static void warn(fixer *fx, const fix_diary *dy, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(fixer *fx, const fix_diary *dy, size_t line, const char *fmt, ...)
{
	va_list ap;
	fprintf(fx->opts->out, "%s:%zu: warning: ", dy->rel, line);
	va_start(ap, fmt);
	vfprintf(fx->opts->out, fmt, ap);
	va_end(ap);
	fputs("; left as is\n", fx->opts->out);
	fx->res->left++;
}

/* "a, b" (at most three, then "...") */
static void list_abbrevs(dt_buf *out, fix_commit *const *c, size_t n)
{
	for (size_t i = 0; i < n && i < 3; i++)
		dt_buf_printf(out, "%s%s", i ? ", " : "", c[i]->abbrev);
	if (n > 3)
		dt_buf_puts(out, ", ...");
}

/* ---- the evidence of a commit ---- */

static void tests_line(dt_buf *out, fixer *fx, const fix_commit *c)
{
	dt_evidence ev;
	dt_buf_clear(out);
	if (dt_evidence_load(&ev, fx->evdir.ptr, c->tree) == 0)
		dt_evidence_line(out, &ev, c->abbrev);
	dt_error_clear();
	dt_evidence_dispose(&ev);
}

static int names(const fix_commit *c, const char *id)
{
	for (size_t i = 0; i < c->named.count; i++)
		if (!dt_ascii_casecmp(c->named.items[i], id))
			return 1;
	return 0;
}

/* ---- what the diaries record ---- */

static int by_written(const void *a, const void *b)
{
	return strcmp(((const recorded *)a)->written, ((const recorded *)b)->written);
}

static recorded *rec_find(const fixer *fx, const char *written)
{
	recorded key;
	memset(&key, 0, sizeof(key));
	key.written = (char *)written;
	return fx->nrec ? bsearch(&key, fx->rec, fx->nrec, sizeof(*fx->rec), by_written) : NULL;
}

/* Every hash of this repository the diaries record, once, sorted. */
static void collect_recorded(fixer *fx)
{
	size_t alloc = 0, n = 0;

	for (size_t i = 0; i < fx->ndiaries; i++) {
		const fix_diary *dy = &fx->diaries[i];
		dt_diary d;
		if (dy->bad || !dy->exists ||
		    dt_diary_parse(&d, dy->text.ptr, dy->text.size, dy->rel) < 0)
			continue;
		dt_diary_mark_repos(&d, dy->text.ptr, &fx->ctx->cfg->repo_names);
		for (size_t r = 0; r < d.nrecords; r++)
			for (size_t k = 0; k < d.records[r].nhashes; k++) {
				if (d.records[r].hashes[k].foreign)
					continue;
				DT_ARRAY_GROW(fx->rec, alloc, fx->nrec + 1);
				memset(&fx->rec[fx->nrec], 0, sizeof(*fx->rec));
				fx->rec[fx->nrec++].written =
				    dt_xstrdup(d.records[r].hashes[k].hex);
			}
		dt_diary_dispose(&d);
	}
	if (fx->nrec)
		qsort(fx->rec, fx->nrec, sizeof(*fx->rec), by_written);
	for (size_t i = 0; i < fx->nrec; i++) {
		if (n && !strcmp(fx->rec[n - 1].written, fx->rec[i].written)) {
			free(fx->rec[i].written);
			continue;
		}
		fx->rec[n++] = fx->rec[i];
	}
	fx->nrec = n;
}

/* What one line of `git cat-file --batch-check` says of r. */
static void object_kind(recorded *r, const char *line, size_t len)
{
	const char *sp = memchr(line, ' ', len);
	size_t wl = sp ? (size_t)(sp - line) : len;
	const char *type = sp ? sp + 1 : "";
	size_t tl = sp ? len - wl - 1 : 0;

	if (tl == 6 && !memcmp(type, "commit", 6) && wl < DT_HEX_MAX) {
		r->kind = OBJ_COMMIT;
		snprintf(r->full, sizeof(r->full), "%.*s", (int)wl, line);
	} else if (tl == 9 && !memcmp(type, "ambiguous", 9)) {
		r->kind = OBJ_AMBIGUOUS;
	} else if (tl == 7 && !memcmp(type, "missing", 7)) {
		r->kind = OBJ_MISSING;
	} else {
		r->kind = OBJ_OTHER;
	}
}

/* Ask git what each recorded hash is, CHECK_BATCH at a time. */
static int check_objects(fixer *fx)
{
	dt_strvec args = DT_STRVEC_INIT;
	dt_buf in = DT_BUF_INIT, out = DT_BUF_INIT;
	int rc = 0;

	args_add(&args, "cat-file", "--batch-check=%(objectname) %(objecttype)", (char *)NULL);
	for (size_t from = 0; from < fx->nrec && rc == 0; from += CHECK_BATCH) {
		size_t to = from + CHECK_BATCH < fx->nrec ? from + CHECK_BATCH : fx->nrec, i = from;
		const char *p, *end;
		dt_buf_clear(&in);
		for (size_t k = from; k < to; k++)
			dt_buf_printf(&in, "%s\n", fx->rec[k].written);
		if ((rc = git_run(&out, &args, in.ptr, in.size)) > 0)
			rc = dt_error_set(DT_EIO, "git cat-file failed (exit %d)", rc);
		for (p = out.ptr, end = out.ptr + out.size; rc == 0 && p < end && i < to; i++) {
			size_t e = dt_edit_line_end(out.ptr, out.size, (size_t)(p - out.ptr));
			size_t n = e - (size_t)(p - out.ptr);
			object_kind(&fx->rec[i], p, n && p[n - 1] == '\n' ? n - 1 : n);
			p = out.ptr + e;
		}
	}
	dt_strvec_dispose(&args);
	dt_buf_dispose(&in);
	dt_buf_dispose(&out);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Mark the recorded commits that are not ancestors of HEAD (one rev-list). */
static int find_stale(fixer *fx, size_t *nstale)
{
	dt_strvec args = DT_STRVEC_INIT, lines = DT_STRVEC_INIT;
	dt_buf out = DT_BUF_INIT;
	int rc, any = 0;

	*nstale = 0;
	dt_strvec_push(&args, "rev-list");
	for (size_t i = 0; i < fx->nrec; i++)
		if (fx->rec[i].kind == OBJ_COMMIT) {
			dt_strvec_push(&args, fx->rec[i].full);
			any = 1;
		}
	args_add(&args, "--not", "HEAD", "--", (char *)NULL);
	rc = any ? git_run(&out, &args, NULL, 0) : 0;
	if (rc > 0)
		rc = dt_error_set(DT_EIO, "git rev-list failed (exit %d)", rc);
	for (const char *p = out.ptr; rc == 0 && *p;) {
		size_t n = strcspn(p, "\n");
		if (n)
			dt_strvec_pushn(&lines, p, n);
		p += n + (p[n] == '\n');
	}
	if (lines.count)
		qsort(lines.items, lines.count, sizeof(*lines.items), cmp_str);
	for (size_t i = 0; rc == 0 && i < fx->nrec; i++) {
		const char *key = fx->rec[i].full;
		if (fx->rec[i].kind == OBJ_COMMIT && lines.count &&
		    bsearch(&key, lines.items, lines.count, sizeof(*lines.items), cmp_str)) {
			fx->rec[i].stale = 1;
			(*nstale)++;
		}
	}
	dt_strvec_dispose(&args);
	dt_strvec_dispose(&lines);
	dt_buf_dispose(&out);
	return rc;
}

/* ---- patch ids ---- */

static void read_patch_ids(fixer *fx, const dt_buf *out)
{
	for (const char *p = out->ptr; *p;) {
		size_t n = strcspn(p, "\n");
		const char *sp = memchr(p, ' ', n);
		if (sp && (size_t)(sp - p) < DT_HEX_MAX && n - (size_t)(sp - p) - 1 < DT_HEX_MAX) {
			char hex[DT_HEX_MAX];
			fix_commit *c;
			snprintf(hex, sizeof(hex), "%.*s", (int)(n - (size_t)(sp - p) - 1), sp + 1);
			if ((c = tab_find(&fx->tab, hex)) != NULL)
				snprintf(c->patch_id, sizeof(c->patch_id), "%.*s", (int)(sp - p),
				         p);
		}
		p += n + (p[n] == '\n');
	}
}

/* `git log -p` of these commits piped through `git patch-id --stable`. */
static int patch_id_batch(fixer *fx, const dt_strvec *hexes, size_t from, size_t to)
{
	dt_strvec args = DT_STRVEC_INIT, pid = DT_STRVEC_INIT;
	dt_buf patch = DT_BUF_INIT, out = DT_BUF_INIT;
	int rc;

	args_add(&args, "-c", "log.showSignature=false", "-c", "log.showRoot=true", "log", "-p",
	         "--no-walk=unsorted", "--no-color", "--no-ext-diff", "--no-textconv",
	         "--no-renames", "--format=commit %H", (char *)NULL);
	for (size_t i = from; i < to; i++)
		dt_strvec_push(&args, hexes->items[i]);
	dt_strvec_push(&args, "--");
	args_add(&pid, "patch-id", "--stable", (char *)NULL);
	rc = git_run(&patch, &args, NULL, 0);
	if (rc == 0)
		rc = git_run(&out, &pid, patch.size ? patch.ptr : "", patch.size);
	if (rc > 0)
		rc = dt_error_set(DT_EIO, "git log -p | git patch-id failed (exit %d)", rc);
	if (rc == 0)
		read_patch_ids(fx, &out);
	dt_strvec_dispose(&args);
	dt_strvec_dispose(&pid);
	dt_buf_dispose(&patch);
	dt_buf_dispose(&out);
	return rc;
}

/* The patch ids of the stale commits and of the new ones that may be
 * their rebased versions. */
static int load_patch_ids(fixer *fx)
{
	dt_strvec hexes = DT_STRVEC_INIT;
	int rc = 0;

	for (size_t i = 0; i < fx->tab.count; i++) {
		const fix_commit *c = &fx->tab.items[i];
		if ((c->flags & IS_STALE) ||
		    ((c->flags & IS_NEW) && (c->named.count || (c->flags & IN_RANGE))))
			dt_strvec_push(&hexes, c->hex);
	}
	for (size_t from = 0; from < hexes.count && rc == 0; from += PATCH_BATCH)
		rc = patch_id_batch(fx, &hexes, from,
		                    from + PATCH_BATCH < hexes.count ? from + PATCH_BATCH
		                                                     : hexes.count);
	dt_strvec_dispose(&hexes);
	return rc;
}

/* What the stale commits are, and the commits of HEAD none of them
 * reaches (where their rebased versions are), with patch ids. */
static int load_stale(fixer *fx)
{
	dt_strvec stale = DT_STRVEC_INIT, pos = DT_STRVEC_INIT, revs = DT_STRVEC_INIT;
	size_t nstale;
	int rc;

	collect_recorded(fx);
	if (!fx->nrec)
		return 0;
	if ((rc = check_objects(fx)) < 0 || (rc = find_stale(fx, &nstale)) < 0 || !nstale)
		return rc;
	for (size_t i = 0; i < fx->nrec; i++)
		if (fx->rec[i].stale) {
			dt_strvec_push(&stale, fx->rec[i].full);
			dt_strvec_push(&revs, fx->rec[i].full);
		}
	dt_strvec_push(&revs, "--");
	rc = load_log(fx, &revs, IS_STALE, 0, 1, NULL, NULL);
	for (size_t i = 0; rc == 0 && i < fx->nrec; i++) {
		const fix_commit *x = fx->rec[i].stale ? tab_find(&fx->tab, fx->rec[i].full) : NULL;
		/* older than since: not touched */
		if (!x || (fx->since_time >= 0 && x->commit_time < fx->since_time))
			fx->rec[i].stale = 0;
	}
	dt_strvec_dispose(&revs);
	dt_strvec_push(&pos, "HEAD");
	revs_add(&revs, fx, &pos, &stale);
	if (rc == 0)
		rc = load_log(fx, &revs, IS_NEW | IN_HEAD, 0, 0, NULL, NULL);
	if (rc == 0)
		rc = load_patch_ids(fx);
	dt_strvec_dispose(&stale);
	dt_strvec_dispose(&pos);
	dt_strvec_dispose(&revs);
	return rc;
}

/* ---- 1. stale hashes ---- */

/* The commits of HEAD that may be `x` rebased, for the diary of ticket
 * `id`: same patch id, else same author date and subject. Up to `max` of
 * them into cand; how many there are. */
static size_t rebased_candidates(fixer *fx, const fix_commit *x, const char *id, fix_commit **cand,
                                 size_t max, const char **how)
{
	for (int by_patch = 1; by_patch >= 0; by_patch--) {
		size_t n = 0;
		for (size_t i = 0; i < fx->tab.count; i++) {
			fix_commit *c = &fx->tab.items[i];
			int same;
			if (!(c->flags & IS_NEW) || (!names(c, id) && !(c->flags & IN_RANGE)))
				continue;
			same = by_patch ? *x->patch_id && !strcmp(c->patch_id, x->patch_id)
			                : !strcmp(c->author_date, x->author_date) &&
			                      !strcmp(c->subject, x->subject);
			if (same && n++ < max)
				cand[n - 1] = c;
		}
		if (n) {
			*how = by_patch ? "same patch-id" : "same author date and subject";
			return n;
		}
	}
	return 0;
}

/* Rewrite the records of stale `x` as y's, as post-rewrite does
 * (dt_diaryedit_rewrite: every entry of x, subject refreshed; when the
 * diary records y already, x's entries go). */
static void rewrite_record(fixer *fx, fix_diary *dy, const char *written, const fix_commit *x,
                           const fix_commit *y, const char *how)
{
	dt_buf out = DT_BUF_INIT, tests = DT_BUF_INIT;
	dt_diaryedit_move mv;
	dt_diaryedit_result res;
	tests_line(&tests, fx, y);
	mv.old_hex = x->hex;
	mv.new_hex = y->hex;
	mv.abbrev = y->abbrev;
	mv.subject = y->subject;
	mv.tests = tests.size ? tests.ptr : NULL;
	if (dt_diaryedit_rewrite(&out, dy->text.ptr, dy->text.size, dy->rel,
	                         &fx->ctx->cfg->repo_names, &mv, 1, NULL, &res) < 0) {
		dt_error_clear();
	} else if (res.rewritten) {
		change(fx, dy, &out, "%s was rebased as %s (%s)", written, y->abbrev, how);
	} else if (res.dropped) {
		change(fx, dy, &out,
		       "%s was rebased as %s (%s), which this diary records "
		       "already: its record goes",
		       written, y->abbrev, how);
	}
	dt_buf_dispose(&out);
	dt_buf_dispose(&tests);
}

/* A stale hash of a diary and the one commit that replaced it. */
typedef struct {
	char *written;
	const fix_commit *x, *y;
	const char *how;
} stale_move;

/* What to do about entry h: a move appended to *moves, or a warning. */
static void stale_hash(fixer *fx, fix_diary *dy, const dt_record *r, const dt_hashref *h,
                       stale_move **moves, size_t *nmoves)
{
	const recorded *o = h->foreign ? NULL : rec_find(fx, h->hex);
	fix_commit *cand[4];
	const fix_commit *x;
	const char *how = "";
	size_t n;

	if (!o)
		return;
	if (o->kind == OBJ_MISSING && dt_hex_date(h->hex))
		return; /* a date, not a hash (dt_hex_date) */
	if (o->kind != OBJ_COMMIT) {
		warn(fx, dy, r->line, "%s %s", h->hex,
		     o->kind == OBJ_AMBIGUOUS ? "is ambiguous: several objects' ids start with it"
		                              : "is no commit in this repository");
		return;
	}
	if (!o->stale || !(x = tab_find(&fx->tab, o->full)))
		return;
	for (size_t i = 0; i < *nmoves; i++)
		if ((*moves)[i].x == x)
			return; /* recorded twice: one move rewrites both */
	n = rebased_candidates(fx, x, dy->t->id, cand, DT_ARRAY_SIZE(cand), &how);
	if (n == 1) {
		*moves = dt_xrealloc(*moves, (*nmoves + 1) * sizeof(**moves));
		(*moves)[*nmoves].written = dt_xstrdup(h->hex);
		(*moves)[*nmoves].x = x;
		(*moves)[*nmoves].y = cand[0];
		(*moves)[(*nmoves)++].how = how;
	} else if (n == 0) {
		warn(fx, dy, r->line,
		     "%s is not an ancestor of HEAD, and no commit of HEAD is its rebased version",
		     h->hex);
	} else {
		dt_buf list = DT_BUF_INIT;
		list_abbrevs(&list, cand, n);
		warn(fx, dy, r->line, "cannot tell which commit replaced %s: %zu have the %s (%s)",
		     h->hex, n, how, list.ptr);
		for (size_t i = 0; i < n && i < DT_ARRAY_SIZE(cand); i++)
			dt_strvec_push(&dy->held, cand[i]->hex);
		dt_buf_dispose(&list);
	}
}

/* Every stale hash of the diary that has one rebased version is
 * rewritten, in each record that holds it, one commit at a time (the
 * summary shows each). */
static void fix_stale(fixer *fx, fix_diary *dy)
{
	stale_move *moves = NULL;
	size_t nmoves = 0;
	dt_diary d;

	if (dt_diary_parse(&d, dy->text.ptr, dy->text.size, dy->rel) < 0) {
		dt_error_clear();
		return;
	}
	dt_diary_mark_repos(&d, dy->text.ptr, &fx->ctx->cfg->repo_names);
	for (size_t i = 0; i < d.nrecords; i++) {
		if (d.records[i].kind == DT_REC_OTHER)
			warn(fx, dy, d.records[i].line,
			     "a commit record diarist cannot read (no hash, placeholder or N/A "
			     "after its label)");
		for (size_t k = 0; k < d.records[i].nhashes; k++)
			stale_hash(fx, dy, &d.records[i], &d.records[i].hashes[k], &moves, &nmoves);
	}
	dt_diary_dispose(&d);
	for (size_t i = 0; i < nmoves; i++) {
		rewrite_record(fx, dy, moves[i].written, moves[i].x, moves[i].y, moves[i].how);
		free(moves[i].written);
	}
	free(moves);
}

/* ---- 2. placeholders ---- */

/* The subject quoted on a placeholder line ("pending — "feat: x""), or NULL. */
static char *quoted_subject(const char *data, const dt_record *r)
{
	const char *p = data + r->value_off, *end = data + r->off + r->len;
	const char *open = memchr(p, '"', (size_t)(end - p)), *close;
	if (open) {
		for (close = end; close > open + 1 && close[-1] != '"'; close--)
			;
		if (close > open + 1)
			return dt_xstrndup(open + 1, (size_t)(close - 1 - (open + 1)));
	}
	open = memmem(p, (size_t)(end - p), "\xE2\x80\x9C", 3); /* “ … ” */
	close = open ? memmem(open + 3, (size_t)(end - open - 3), "\xE2\x80\x9D", 3) : NULL;
	return close ? dt_xstrndup(open + 3, (size_t)(close - open - 3)) : NULL;
}

/* The first waiting record of step s, or NULL. */
static const dt_record *first_waiting(const dt_diary *d, const dt_step *s)
{
	for (size_t i = 0; i < s->nrecords; i++)
		if (d->records[s->first_record + i].kind == DT_REC_WAITING)
			return &d->records[s->first_record + i];
	return NULL;
}

/* The commits of HEAD that name the ticket, are not recorded in the
 * diary, and belong to step s: by a Diary-Step trailer, or by the
 * subject quoted on the placeholder. */
static size_t placeholder_candidates(fixer *fx, const fix_diary *dy, const dt_diary *d,
                                     const dt_step *s, const char *quoted, fix_commit **cand,
                                     size_t max, int *by_step)
{
	size_t n = 0;
	for (size_t i = 0; i < fx->tab.count; i++) {
		fix_commit *c = &fx->tab.items[i];
		int step =
		    !s->unnumbered && c->diary_step >= s->number && c->diary_step <= s->number_to;
		if (!(c->flags & IN_HEAD) || !names(c, dy->t->id) ||
		    dt_subject_target(c->subject) != c->subject ||
		    (!step && !(quoted && !strcmp(quoted, c->subject))) ||
		    dt_diary_find_hash(d, c->hex, NULL))
			continue;
		if (n++ < max) {
			cand[n - 1] = c;
			*by_step = step;
		}
	}
	return n;
}

static void placement_for(dt_placement *pl, fixer *fx, const fix_commit *c, const char *tests,
                          long step)
{
	memset(pl, 0, sizeof(*pl));
	pl->abbrev = c->abbrev;
	pl->hex = c->hex;
	pl->subject = c->subject;
	pl->tests_line = tests && *tests ? tests : NULL;
	pl->diary_step = step;
	pl->new_commit = fx->ctx->cfg->new_commit;
}

static void fill_placeholder(fixer *fx, fix_diary *dy, const dt_diary *d, const dt_record *r)
{
	const dt_step *s = &d->steps[r->step];
	char *quoted = quoted_subject(dy->text.ptr, r);
	fix_commit *cand[4];
	dt_buf list = DT_BUF_INIT, tests = DT_BUF_INIT, out = DT_BUF_INIT;
	dt_placement pl;
	int by_step = 0;
	size_t n =
	    placeholder_candidates(fx, dy, d, s, quoted, cand, DT_ARRAY_SIZE(cand), &by_step);

	if (n > 1) {
		list_abbrevs(&list, cand, n);
		warn(fx, dy, r->line,
		     "cannot tell which commit fills the placeholder of step %ld: "
		     "%zu could (%s)",
		     s->number, n, list.ptr);
	} else if (n == 1 &&
	           (dt_diary_step_number(d, s->number) != s || first_waiting(d, s) != r)) {
		warn(fx, dy, r->line,
		     "%s belongs here, but only the first placeholder of the last "
		     "step numbered %ld can be filled",
		     cand[0]->abbrev, s->number);
	} else if (n == 1) {
		tests_line(&tests, fx, cand[0]);
		placement_for(&pl, fx, cand[0], tests.ptr, s->number);
		if (dt_diaryedit_place(&out, dy->text.ptr, dy->text.size, dy->rel, &pl) < 0) {
			fprintf(fx->opts->out, "%s: warning: %s\n", dy->rel, dt_error_last());
			fx->res->left++;
		} else if (pl.placed == DT_PLACED_NAMED_STEP) {
			change(fx, dy, &out, "%s fills the placeholder of step %ld (%s)",
			       cand[0]->abbrev, s->number,
			       by_step ? "its Diary-Step trailer" : "the subject quoted there");
		}
		dt_error_clear();
	}
	free(quoted);
	dt_buf_dispose(&list);
	dt_buf_dispose(&tests);
	dt_buf_dispose(&out);
}

static void fix_placeholders(fixer *fx, fix_diary *dy)
{
	/* a fill changes one line and may add a Tests line: the records
	 * keep their indices */
	for (size_t i = 0, n = 1; i < n; i++) {
		dt_diary d;
		if (dt_diary_parse(&d, dy->text.ptr, dy->text.size, dy->rel) < 0) {
			dt_error_clear();
			return;
		}
		while (i < d.nrecords &&
		       (d.records[i].kind != DT_REC_WAITING || d.records[i].step == DT_NO_STEP))
			i++;
		n = d.nrecords;
		if (i < n)
			fill_placeholder(fx, dy, &d, &d.records[i]);
		dt_diary_dispose(&d);
	}
}

static int has_placeholders(const fix_diary *dy)
{
	dt_diary d;
	int yes = 0;
	if (dy->bad || !dy->exists || dt_diary_parse(&d, dy->text.ptr, dy->text.size, dy->rel) < 0)
		return 0;
	for (size_t i = 0; i < d.nrecords && !yes; i++)
		yes = d.records[i].kind == DT_REC_WAITING && d.records[i].step != DT_NO_STEP;
	dt_diary_dispose(&d);
	return yes;
}

/* ---- 3. unrecorded commits ---- */

static void read_topics(dt_strvec *out, const fixer *fx, const fix_diary *dy)
{
	dt_buf dir = DT_BUF_INIT;
	dt_path_join(&dir, fx->ctx->root.ptr, dy->t->dir);
	dt_read_topics(out, dir.ptr);
	dt_buf_dispose(&dir);
}

static const char *placed_name(dt_placed placed)
{
	switch (placed) {
	case DT_PLACED_NAMED_STEP:
		return "the step its Diary-Step trailer names";
	case DT_PLACED_PLACEHOLDER:
		return "a placeholder filled";
	case DT_PLACED_LAST_STEP:
		return "the last step";
	case DT_PLACED_NEW_DIARY:
		return "a new diary";
	default:
		return "a new step";
	}
}

/* Record c in one diary as post-commit would. */
static void record_one(fixer *fx, fix_diary *dy, const fix_commit *c, const char *tests)
{
	dt_buf fresh = DT_BUF_INIT, out = DT_BUF_INIT;
	dt_placement pl;
	int create = !dy->exists && !dy->text.size;

	if (create) {
		dt_strvec topics = DT_STRVEC_INIT;
		read_topics(&topics, fx, dy);
		dt_diaryedit_new_diary(&fresh, dy->t->id, &topics, c->commit_time,
		                       c->commit_offset);
		dt_strvec_dispose(&topics);
	} else {
		dt_buf_set(&fresh, dy->text.ptr, dy->text.size);
	}
	placement_for(&pl, fx, c, tests, c->diary_step);
	if (dt_diaryedit_place(&out, fresh.ptr, fresh.size, dy->rel, &pl) < 0) {
		fprintf(fx->opts->out, "%s: warning: %s; %s not recorded\n", dy->rel,
		        dt_error_last(), c->abbrev);
		fx->res->left++;
	} else if (pl.placed != DT_PLACED_ALREADY && pl.placed != DT_PLACED_NONE) {
		change(fx, dy, &out, "%s recorded in step %s (%s)", c->abbrev, pl.step_name,
		       placed_name(create ? DT_PLACED_NEW_DIARY : pl.placed));
	}
	dt_error_clear();
	dt_buf_dispose(&fresh);
	dt_buf_dispose(&out);
}

/* What dt_recorder_commit leaves out: merges, fixup!/squash!/amend!,
 * commits naming no ticket, bookkeeping commits. */
static int recordable(fixer *fx, const fix_commit *c)
{
	dt_commit tmp;
	if (c->nparents > 1 || dt_subject_target(c->subject) != c->subject || !c->named.count)
		return 0;
	memset(&tmp, 0, sizeof(tmp));
	tmp.paths = c->paths; /* borrowed: not disposed */
	return !dt_recorder_bookkeeping(&fx->rc, &tmp);
}

/* Does a diary of ticket ti other than its writer's record hex? */
static int recorded_elsewhere(const fixer *fx, size_t ti, const char *hex)
{
	for (size_t k = 1; k < fx->tcount[ti]; k++) {
		const fix_diary *dy = &fx->diaries[fx->tfirst[ti] + k];
		if (!dy->bad && dt_diary_text_records(dy->text.ptr, dy->text.size, dy->rel, hex))
			return 1;
	}
	return 0;
}

/* Is hex a candidate of a stale hash left as is in a diary of ticket ti? */
static int held(const fixer *fx, size_t ti, const char *hex)
{
	for (size_t k = 0; k < fx->tcount[ti]; k++)
		if (dt_strvec_contains(&fx->diaries[fx->tfirst[ti] + k].held, hex))
			return 1;
	return 0;
}

static void record_range(fixer *fx)
{
	dt_buf tests = DT_BUF_INIT;

	for (size_t k = 0; k < fx->nrange; k++) {
		const fix_commit *c = &fx->tab.items[fx->range[k]];
		if (!recordable(fx, c))
			continue;
		tests_line(&tests, fx, c);
		for (size_t i = 0; i < c->named.count; i++) {
			dt_ticket_group g = dt_tickets_group(&fx->ctx->tk, c->named.items[i]);
			fix_diary *dy = g.count ? &fx->diaries[fx->tfirst[g.first]] : NULL;
			if (!dy || dy->bad || recorded_elsewhere(fx, g.first, c->hex))
				continue;
			if (held(fx, g.first, c->hex)) {
				fprintf(fx->opts->out,
				        "%s: warning: %s is not recorded: it may be the rebased "
				        "version of a hash left as is above\n",
				        dy->rel, c->abbrev);
				fx->res->left++;
				continue;
			}
			record_one(fx, dy, c, tests.ptr);
		}
	}
	dt_buf_dispose(&tests);
}

/* ---- writing ---- */

static int write_fn(dt_buf *out, const char *data, size_t len, void *payload)
{
	const fix_diary *dy = payload;
	if (len != dy->before.size || memcmp(data, dy->before.ptr, len))
		return dt_error_set(DT_EINVALID, "%s: changed while diarist fix ran; run it again",
		                    dy->rel);
	dt_buf_set(out, dy->text.ptr, dy->text.size);
	return 0;
}

static void write_diaries(fixer *fx)
{
	for (size_t i = 0; i < fx->ndiaries; i++) {
		fix_diary *dy = &fx->diaries[i];
		int changed = 0, rc = 0;
		if (!dy->changes || fx->opts->dry_run)
			continue;
		if (!dy->exists) {
			char *dir = dt_xstrdup(dy->path);
			*strrchr(dir, '/') = '\0';
			rc = dt_mkdir_p(dir);
			free(dir);
		}
		if (rc == 0)
			rc = dt_file_update(dy->path, fx->workdir, !dy->exists, write_fn, dy,
			                    &changed, fx->opts->err);
		if (rc < 0) {
			fprintf(fx->opts->err, "diarist: error: %s: not written: %s\n", dy->rel,
			        dt_error_last());
			fx->res->failed++;
		}
	}
}

/* ---- the whole ---- */

static void fixer_dispose(fixer *fx)
{
	for (size_t i = 0; i < fx->ndiaries; i++)
		diary_dispose(&fx->diaries[i]);
	free(fx->diaries);
	free(fx->tfirst);
	free(fx->tcount);
	for (size_t i = 0; i < fx->tab.count; i++)
		commit_dispose(&fx->tab.items[i]);
	free(fx->tab.items);
	free(fx->tab.sorted);
	free(fx->range);
	for (size_t i = 0; i < fx->nrec; i++)
		free(fx->rec[i].written);
	free(fx->rec);
	free(fx->since_neg);
	dt_buf_dispose(&fx->evdir);
}

int dt_fix_run(dt_fix_result *out, dt_context *ctx, dt_repo *repo, const dt_fix_opts *opts)
{
	fixer fx;
	int rc, waiting = 0;

	memset(out, 0, sizeof(*out));
	memset(&fx, 0, sizeof(fx));
	fx.ctx = ctx;
	fx.repo = repo;
	fx.opts = opts;
	fx.res = out;
	fx.workdir = dt_repo_workdir(repo);
	dt_recorder_init(&fx.rc, ctx, repo, opts->out, opts->err);
	dt_buf_init(&fx.evdir);
	dt_evidence_dir(&fx.evdir, dt_repo_commondir(repo));
	load_diaries(&fx);
	for (size_t i = 0; i < fx.ndiaries && !waiting; i++)
		waiting = has_placeholders(&fx.diaries[i]);
	if ((rc = load_since(&fx)) < 0 || (rc = load_range(&fx)) < 0 ||
	    (rc = load_stale(&fx)) < 0 || (waiting && (rc = load_head(&fx)) < 0))
		goto cleanup;
	for (size_t i = 0; i < fx.ndiaries; i++) {
		if (fx.diaries[i].bad)
			continue;
		fix_stale(&fx, &fx.diaries[i]);
		fix_placeholders(&fx, &fx.diaries[i]);
	}
	record_range(&fx);
	write_diaries(&fx);
cleanup:
	fixer_dispose(&fx);
	return rc;
}
