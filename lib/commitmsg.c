#include "commitmsg.h"
#include "buf.h"
#include "common.h"
#include "config.h"
#include "context.h"
#include "fileio.h"
#include "gitconfig.h"
#include "gitenv.h"
#include "message.h"
#include "refs.h"
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

#define OPEN_TICKETS_SHOWN 5

typedef struct {
	FILE *err;
	dt_context ctx;
	dt_buf raw; /* the message file */
	dt_buf clean;
	dt_buf subject;
	char comment[8];
	unsigned clean_flags;
	dt_refs refs;
} gate;

/* What git's clean-up will do to the message (commit.cleanup; git tells a
 * hook that no editor runs, as with -m and -F, by GIT_EDITOR=":"):
 * "default" strips comments and cuts at the scissors only when the message
 * is edited; "strip" always; "scissors" cuts when edited; "whitespace" and
 * "verbatim" neither. (`git commit --cleanup=` is not visible to hooks.) */
static unsigned cleanup_flags(const dt_gitconfig *gcfg)
{
	const char *mode = dt_gitconfig_get(gcfg, "commit.cleanup");
	const char *editor = getenv("GIT_EDITOR");
	int editing = !(editor && !strcmp(editor, ":"));

	if (!mode || !strcmp(mode, "default"))
		return editing ? DT_CLEAN_COMMENTS | DT_CLEAN_SCISSORS : 0;
	if (!strcmp(mode, "strip"))
		return DT_CLEAN_COMMENTS | DT_CLEAN_SCISSORS;
	if (!strcmp(mode, "scissors"))
		return editing ? DT_CLEAN_SCISSORS : 0;
	return 0;
}

static int internal_error(gate *g, int code)
{
	fprintf(g->err, "diarist: error: %s\n", dt_error_last());
	if (g->ctx.cfg && g->ctx.cfg->on_internal_error == DT_ON_ERROR_OPEN) {
		fprintf(g->err, "diarist: warning: letting the commit through unchecked "
		                "(hooks.on_internal_error: open)\n");
		return 0;
	}
	fprintf(g->err, "hint: fix the problem above, or commit with --no-verify "
	                "(CI will still check this commit)\n");
	return code;
}

/* Is HEAD unborn (no commit yet)? Checked on the file system: the branch
 * HEAD names has neither a loose ref nor a packed one. */
static int head_unborn(const dt_gitenv *env)
{
	dt_buf b = DT_BUF_INIT, path = DT_BUF_INIT;
	char *ref = NULL;
	int unborn = 0;

	dt_path_join(&path, env->gitdir, "HEAD");
	if (dt_file_read(&b, path.ptr, 4096) < 0 || strncmp(b.ptr, "ref: ", 5))
		goto cleanup;
	ref = dt_xstrndup(b.ptr + 5, strcspn(b.ptr + 5, "\r\n"));
	dt_path_join(&path, env->commondir, ref);
	if (dt_path_isfile(path.ptr))
		goto cleanup;
	dt_path_join(&path, env->commondir, "packed-refs");
	if (dt_file_read(&b, path.ptr, DT_FILE_MAX) == 0) {
		for (char *p = b.ptr; (p = strstr(p, ref)) != NULL; p += strlen(ref)) {
			size_t n = strlen(ref);
			if (p > b.ptr && p[-1] == ' ' && (p[n] == '\n' || p[n] == '\r' || !p[n]))
				goto cleanup;
		}
	}
	unborn = 1;
cleanup:
	dt_error_clear();
	free(ref);
	dt_buf_dispose(&b);
	dt_buf_dispose(&path);
	return unborn;
}

static int cmp_updated(const void *a, const void *b)
{
	const dt_ticket *x = *(const dt_ticket *const *)a, *y = *(const dt_ticket *const *)b;
	if (x->updated != y->updated)
		return x->updated < y->updated ? 1 : -1;
	return strcmp(x->id, y->id);
}

/* The short form people type: "VM-023" of "VM-023-IMPROVE-DOCS" when it
 * resolves back to the same ticket, else the whole ID. */
static char *short_ref(const dt_tickets *tk, const char *id)
{
	const char *p = id;
	while (*p && *p != '-')
		p++;
	if (*p == '-') {
		const char *q = p + 1;
		while (dt_isdigit((unsigned char)*q) || dt_isupper((unsigned char)*q))
			q++;
		if (q > p + 1) {
			char *s = dt_xstrndup(id, (size_t)(q - id));
			dt_resolution r;
			dt_tickets_resolve(&r, tk, s, 0);
			int ok = r.status == DT_RESOLVE_OK && !strcmp(r.ids.items[0], id);
			dt_resolution_dispose(&r);
			if (ok)
				return s;
			free(s);
		}
	}
	return dt_xstrdup(id);
}

/* The subject as it should be: a bad ref in the prefix or scope replaced
 * by the best candidate, else `fallback` put in front. */
static char *suggest_subject(gate *g, const char *fallback_id)
{
	const char *subj = g->subject.ptr;
	for (size_t i = 0; i < g->refs.count; i++) {
		const dt_ref *r = &g->refs.items[i];
		const char *with;
		size_t n = strlen(r->text);
		if ((r->source != DT_REF_PREFIX && r->source != DT_REF_SCOPE) ||
		    r->res.status == DT_RESOLVE_OK)
			continue;
		with = r->res.ids.count ? r->res.ids.items[0] : fallback_id;
		if (!with)
			break;
		for (const char *p = subj; *p; p++)
			if (!dt_ascii_ncasecmp(p, r->text, n))
				return dt_xasprintf("%.*s%s%s", (int)(p - subj), subj, with, p + n);
	}
	if (fallback_id) {
		char *ex = short_ref(&g->ctx.tk, fallback_id);
		char *s = dt_xasprintf("%s: %s", ex, dt_subject_target(subj));
		free(ex);
		return s;
	}
	return dt_xasprintf("NEW-1: %s", subj);
}

static void print_refusal(gate *g)
{
	FILE *e = g->err;
	const dt_ticket **open = NULL;
	size_t nopen = 0;
	int any = 0;

	for (size_t i = 0; i < g->refs.count; i++) {
		const dt_ref *r = &g->refs.items[i];
		if (r->source == DT_REF_WORD && r->res.status != DT_RESOLVE_AMBIGUOUS)
			continue;
		if (r->res.status == DT_RESOLVE_AMBIGUOUS) {
			fprintf(e,
			        "diarist: commit refused: '%s' (%s) matches several tickets "
			        "[ticket-ambiguous]\n  candidates:",
			        r->text, dt_ref_source_name(r->source));
			for (size_t k = 0; k < r->res.ids.count; k++)
				fprintf(e, "%s %s", k ? "," : "", r->res.ids.items[k]);
			fprintf(e, "\n  use a longer ref that names one of them\n");
			any = 1;
		} else if (r->res.status == DT_RESOLVE_UNKNOWN) {
			fprintf(e,
			        "diarist: commit refused: '%s' (%s) names no ticket "
			        "[ticket-unknown]\n",
			        r->text, dt_ref_source_name(r->source));
			if (r->res.ids.count) {
				fprintf(e, "  did you mean:");
				for (size_t k = 0; k < r->res.ids.count; k++)
					fprintf(e, "%s %s", k ? "," : "", r->res.ids.items[k]);
				fprintf(e, "\n");
			}
			any = 1;
		}
	}
	if (!any)
		fprintf(e,
		        "diarist: commit refused: the message names no ticket [ticket-missing]\n");
	fprintf(e, "  subject: \"%s\"\n", g->subject.ptr);

	open = dt_xcalloc(g->ctx.tk.count + 1, sizeof(*open));
	for (size_t i = 0; i < g->ctx.tk.count; i++)
		if (!g->ctx.tk.items[i].closed &&
		    (i == 0 || strcmp(g->ctx.tk.items[i].id, g->ctx.tk.items[i - 1].id)))
			open[nopen++] = &g->ctx.tk.items[i];
	qsort(open, nopen, sizeof(*open), cmp_updated);
	if (nopen) {
		char *ex = suggest_subject(g, open[0]->id);
		fprintf(e, "  open tickets (most recently touched first):\n");
		for (size_t i = 0; i < nopen && i < OPEN_TICKETS_SHOWN; i++)
			fprintf(e, "    %-36s %s\n", open[i]->id,
			        open[i]->title ? open[i]->title : "");
		if (nopen > OPEN_TICKETS_SHOWN)
			fprintf(e, "    ... and %zu more\n", nopen - OPEN_TICKETS_SHOWN);
		fprintf(e,
		        "  fix: name the ticket in the subject, for example:\n"
		        "    %s\n"
		        "  or add a trailer line \"Ticket: %s\" at the end of the message\n",
		        ex, open[0]->id);
		free(ex);
	} else {
		char *ex = suggest_subject(g, NULL);
		fprintf(e,
		        "  there are no open tickets under %s: create one (a folder with an "
		        "index.md), then name it in the subject, for example:\n"
		        "    %s\n",
		        g->ctx.root.ptr, ex);
		free(ex);
	}
	fprintf(e, "  bypass: git commit --no-verify (CI will still check this commit)\n");
	free(open);
}

static void resolve(gate *g)
{
	dt_refs_resolve(&g->refs, &g->ctx.tk);
}

static int rescan(gate *g)
{
	int error = dt_context_scan(&g->ctx);
	if (!error)
		resolve(g);
	return error;
}

/* Counts of what the refs say. */
static void tally(const gate *g, size_t *counted, size_t *named, size_t *ambiguous)
{
	*counted = *named = *ambiguous = 0;
	for (size_t i = 0; i < g->refs.count; i++) {
		const dt_ref *r = &g->refs.items[i];
		if (r->source != DT_REF_WORD)
			(*counted)++;
		if (r->res.status == DT_RESOLVE_OK)
			(*named)++;
		else if (r->res.status == DT_RESOLVE_AMBIGUOUS && r->source != DT_REF_WORD)
			(*ambiguous)++;
	}
}

static int add_branch_trailer(gate *g, const char *msg_path, int *added)
{
	char *branch = NULL, *id = NULL;
	dt_buf out = DT_BUF_INIT;
	int error = 0;

	*added = 0;
	if (g->ctx.cfg->from_branch != DT_FROM_BRANCH_TRAILER)
		return 0;
	if ((error = dt_gitenv_branch(&branch, &g->ctx.env)) < 0 || !branch)
		goto cleanup;
	if (dt_branch_ticket(&id, branch, &g->ctx.tk) < 0) {
		dt_error_clear();
		goto cleanup;
	}
	if (g->ctx.cached) {
		const dt_ticket *t = dt_tickets_find(&g->ctx.tk, id);
		if (!t || !dt_workspace_verify(&g->ctx.tk, t)) {
			free(id);
			id = NULL;
			if ((error = rescan(g)) < 0 ||
			    dt_branch_ticket(&id, branch, &g->ctx.tk) < 0) {
				dt_error_clear();
				goto cleanup;
			}
		}
	}
	dt_message_add_trailer(&out, g->raw.ptr, g->raw.size,
	                       (g->clean_flags & DT_CLEAN_COMMENTS) ? g->comment : "", "Ticket",
	                       id);
	if ((error = dt_file_write_atomic(msg_path, out.ptr, out.size, 0666)) < 0)
		goto cleanup;
	fprintf(g->err, "diarist: added trailer \"Ticket: %s\" from branch '%s'\n", id, branch);
	*added = 1;

cleanup:
	free(branch);
	free(id);
	dt_buf_dispose(&out);
	return error;
}

#define BROKEN_SHOWN 3

/* One line per ticket whose index.md cannot be read; they fall back to
 * the folder name, so nothing stops, but the file needs mending. */
static void warn_broken(gate *g)
{
	size_t shown = 0, total = 0;
	for (size_t i = 0; i < g->ctx.tk.count; i++) {
		const dt_ticket *t = &g->ctx.tk.items[i];
		if (!t->fm_error)
			continue;
		if (shown++ < BROKEN_SHOWN)
			fprintf(g->err, "diarist: warning: %s [frontmatter-invalid]\n",
			        t->fm_error);
		total++;
	}
	if (total > BROKEN_SHOWN)
		fprintf(g->err, "diarist: warning: and %zu more tickets with broken frontmatter\n",
		        total - BROKEN_SHOWN);
}

static void warn_accepted(gate *g)
{
	dt_strvec named = DT_STRVEC_INIT;

	dt_refs_named(&named, &g->refs);
	for (size_t i = 0; i < named.count; i++) {
		const dt_ticket *t = dt_tickets_find(&g->ctx.tk, named.items[i]);
		dt_ticket_group dup = dt_tickets_group(&g->ctx.tk, named.items[i]);
		if (dup.count > 1) {
			fprintf(g->err, "diarist: warning: %s is the ID of %zu ticket folders:",
			        named.items[i], dup.count);
			for (size_t k = 0; k < dup.count; k++) {
				dt_ticket *d = &g->ctx.tk.items[dup.first + k];
				dt_workspace_complete(d);
				fprintf(g->err, "%s %s", k ? "," : "", d->dir ? d->dir : "?");
			}
			fprintf(g->err, " [ticket-duplicate]\n");
		}
		if (t && t->closed)
			fprintf(g->err, "diarist: warning: %s is %s [ticket-closed]\n", t->id,
			        t->status);
	}
	for (size_t i = 0; i < g->refs.count; i++) {
		const dt_ref *r = &g->refs.items[i];
		if (r->source != DT_REF_WORD && r->res.status == DT_RESOLVE_UNKNOWN)
			fprintf(g->err,
			        "diarist: warning: '%s' (%s) names no ticket "
			        "[ticket-unknown]; CI will report it\n",
			        r->text, dt_ref_source_name(r->source));
	}
	dt_strvec_dispose(&named);
}

int dt_commitmsg_run(const char *msg_path, FILE *err)
{
	gate g;
	dt_gitconfig *gcfg = NULL;
	int rc = 0, error;
	size_t counted, named, ambiguous;

	memset(&g, 0, sizeof(g));
	g.err = err;
	dt_buf_init(&g.raw);
	dt_buf_init(&g.clean);
	dt_buf_init(&g.subject);

	error = dt_context_open(&g.ctx);
	if (error < 0) {
		rc = internal_error(&g, dt_exit_code(error));
		goto done;
	}
	if (!g.ctx.env.worktree) {
		fprintf(err, "diarist: note: bare repository, nothing to check\n");
		goto done;
	}
	if (!g.ctx.root_exists) {
		fprintf(err,
		        "diarist: note: no ticket workspace (%s) here; "
		        "diarist is not in use in this repository\n",
		        g.ctx.root.ptr);
		goto done;
	}

	if ((error = dt_file_read(&g.raw, msg_path, DT_MESSAGE_MAX)) < 0) {
		rc = internal_error(&g, 3);
		goto done;
	}
	if ((error = dt_gitconfig_load(&gcfg, &g.ctx.env)) < 0) {
		rc = internal_error(&g, 2);
		goto done;
	}
	g.clean_flags = cleanup_flags(gcfg);
	dt_message_comment(g.comment, dt_gitconfig_get(gcfg, "core.commentchar"), g.raw.ptr,
	                   g.raw.size);
	dt_message_clean_flags(&g.clean, g.raw.ptr, g.raw.size, g.comment, g.clean_flags);
	if (!g.clean.size)
		goto done; /* git aborts an empty message itself */
	dt_message_subject(&g.subject, g.clean.ptr);

	if (dt_gitenv_has(&g.ctx.env, "MERGE_HEAD"))
		goto done;
	if ((error = dt_config_exempt(g.ctx.cfg, g.subject.ptr)) != 0) {
		if (error < 0)
			rc = internal_error(&g, 2);
		goto done;
	}
	if (head_unborn(&g.ctx.env))
		goto done; /* the root commit */

	if ((error = dt_refs_extract(&g.refs, g.clean.ptr, g.ctx.cfg)) < 0) {
		rc = internal_error(&g, 2);
		goto done;
	}
	if (!g.ctx.cfg->ticket_require && !g.refs.count)
		goto done;

	if ((error = dt_context_load(&g.ctx)) < 0) {
		rc = internal_error(&g, 3);
		goto done;
	}
	resolve(&g);
	/* A cached index may only say yes for tickets it can confirm on disk;
	 * before anything is refused, the workspace is read afresh. */
	for (;;) {
		tally(&g, &counted, &named, &ambiguous);
		if (named && !ambiguous) {
			if ((error = dt_context_confirm(&g.ctx, &g.refs)) < 0) {
				rc = internal_error(&g, 3);
				goto done;
			}
			if (error == 1) { /* read afresh: judge again */
				resolve(&g);
				continue;
			}
			warn_broken(&g);
			warn_accepted(&g);
			goto done;
		}
		if (!counted && !ambiguous) {
			int added;
			if ((error = add_branch_trailer(&g, msg_path, &added)) < 0) {
				rc = internal_error(&g, 3);
				goto done;
			}
			if (added) {
				warn_broken(&g);
				goto done;
			}
		}
		if (!g.ctx.cached)
			break;
		if ((error = rescan(&g)) < 0) {
			rc = internal_error(&g, 3);
			goto done;
		}
	}
	warn_broken(&g);
	if (!g.ctx.cfg->ticket_require) {
		warn_accepted(&g);
		goto done;
	}
	print_refusal(&g);
	rc = 1;

done:
	dt_gitconfig_free(gcfg);
	dt_refs_dispose(&g.refs);
	dt_context_dispose(&g.ctx);
	dt_buf_dispose(&g.raw);
	dt_buf_dispose(&g.clean);
	dt_buf_dispose(&g.subject);
	return rc;
}
