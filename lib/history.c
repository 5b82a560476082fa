#include "history.h"
#include "common.h"
#include "fileio.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dt_repo {
	git_repository *repo;
	char *workdir;
	char *gitdir;
	char *commondir;
};

static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	if (code == GIT_ENOTFOUND)
		return dt_error_set(DT_ENOTFOUND, "%s: not found", what);
	return dt_error_set(DT_EIO, "%s: %s", what, e && e->message ? e->message : "git error");
}

int dt_history_init(void)
{
	return git_libgit2_init() < 0 ? git_fail(-1, "libgit2") : 0;
}

void dt_history_shutdown(void)
{
	git_libgit2_shutdown();
}

static char *strip_slash(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return dt_xstrndup(p, n);
}

int dt_repo_open(dt_repo **out)
{
	dt_repo *r = dt_xcalloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	rc = git_repository_open_ext(&r->repo, ".", GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (rc < 0) {
		free(r);
		return rc == GIT_ENOTFOUND ? dt_error_set(DT_ENOTFOUND, "not a git repository")
		                           : git_fail(rc, "cannot open the repository");
	}
	if (git_repository_workdir(r->repo))
		r->workdir = strip_slash(git_repository_workdir(r->repo));
	r->gitdir = strip_slash(git_repository_path(r->repo));
	r->commondir = strip_slash(git_repository_commondir(r->repo));
	*out = r;
	return 0;
}

void dt_repo_free(dt_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->repo);
	free(r->workdir);
	free(r->gitdir);
	free(r->commondir);
	free(r);
}

const char *dt_repo_workdir(const dt_repo *r)
{
	return r->workdir;
}
const char *dt_repo_gitdir(const dt_repo *r)
{
	return r->gitdir;
}
const char *dt_repo_commondir(const dt_repo *r)
{
	return r->commondir;
}

static void oid_hex(char out[DT_HEX_MAX], const git_oid *oid)
{
	git_oid_tostr(out, DT_HEX_MAX, oid);
}

int dt_repo_commit(dt_commit *out, dt_repo *r, const char *rev)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	const git_signature *a;
	const char *msg;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = git_revparse_single(&obj, r->repo, rev)) < 0)
		return rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC
		           ? dt_error_set(DT_ENOTFOUND, "%s: no such commit", rev)
		           : git_fail(rc, rev);
	rc = git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0)
		return dt_error_set(DT_ENOTFOUND, "%s: not a commit", rev);
	oid_hex(out->hex, git_commit_id(c));
	oid_hex(out->tree, git_commit_tree_id(c));
	out->nparents = git_commit_parentcount(c);
	if (out->nparents)
		oid_hex(out->parent, git_commit_parent_id(c, 0));
	msg = git_commit_message_raw(c);
	out->message = dt_xstrdup(msg ? msg : "");
	out->subject = dt_xstrndup(out->message, strcspn(out->message, "\n"));
	a = git_commit_author(c);
	out->author = dt_xasprintf("%s <%s>", a->name, a->email);
	out->author_time = a->when.time;
	out->commit_time = git_commit_time(c);
	out->commit_offset = git_commit_time_offset(c);
	git_commit_free(c);
	return 0;
}

void dt_commit_dispose(dt_commit *c)
{
	free(c->message);
	free(c->subject);
	free(c->author);
	memset(c, 0, sizeof(*c));
}

int dt_repo_abbrev(char out[DT_HEX_MAX], dt_repo *r, const char *hex)
{
	git_oid oid;
	git_object *obj = NULL;
	git_buf buf = {0};
	int rc;

	if ((rc = git_oid_fromstrp(&oid, hex)) < 0 ||
	    (rc = git_object_lookup(&obj, r->repo, &oid, GIT_OBJECT_ANY)) < 0)
		return git_fail(rc, hex);
	rc = git_object_short_id(&buf, obj);
	git_object_free(obj);
	if (rc < 0)
		return git_fail(rc, hex);
	snprintf(out, DT_HEX_MAX, "%s", buf.ptr);
	git_buf_dispose(&buf);
	/* libgit2 honours core.abbrev; SPEC 4.2 asks for at least 7 */
	if (strlen(out) < 7)
		snprintf(out, DT_HEX_MAX, "%.7s", hex);
	return 0;
}

static int tree_of(git_tree **out, git_repository *repo, const char *hex)
{
	git_oid oid;
	if (!hex || !*hex) {
		*out = NULL;
		return 0;
	}
	if (git_oid_fromstr(&oid, hex) < 0)
		return -1;
	return git_tree_lookup(out, repo, &oid);
}

int dt_repo_changed_paths(dt_strvec *out, dt_repo *r, const dt_commit *c)
{
	git_tree *old = NULL, *new = NULL;
	git_diff *diff = NULL;
	int rc = 0;

	if (c->nparents) {
		dt_commit p;
		if ((rc = dt_repo_commit(&p, r, c->parent)) < 0)
			return rc;
		rc = tree_of(&old, r->repo, p.tree);
		dt_commit_dispose(&p);
		if (rc < 0)
			return git_fail(rc, "parent tree");
	}
	if ((rc = tree_of(&new, r->repo, c->tree)) < 0) {
		git_tree_free(old);
		return git_fail(rc, "commit tree");
	}
	rc = git_diff_tree_to_tree(&diff, r->repo, old, new, NULL);
	if (rc == 0) {
		size_t n = git_diff_num_deltas(diff);
		for (size_t i = 0; i < n; i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			if (d->new_file.path)
				dt_strvec_push(out, d->new_file.path);
			if (d->old_file.path &&
			    (!d->new_file.path || strcmp(d->old_file.path, d->new_file.path)))
				dt_strvec_push(out, d->old_file.path);
		}
	}
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(new);
	return rc < 0 ? git_fail(rc, "diff") : 0;
}

int dt_repo_head_reflog(dt_buf *msg, char old_hex[DT_HEX_MAX], dt_repo *r)
{
	git_reflog *log = NULL;
	const git_reflog_entry *e;
	int rc;

	dt_buf_clear(msg);
	old_hex[0] = '\0';
	if ((rc = git_reflog_read(&log, r->repo, "HEAD")) < 0)
		return git_fail(rc, "HEAD reflog");
	e = git_reflog_entry_byindex(log, 0);
	if (e) {
		const char *m = git_reflog_entry_message(e);
		dt_buf_puts(msg, m ? m : "");
		oid_hex(old_hex, git_reflog_entry_id_old(e));
	}
	git_reflog_free(log);
	return e ? 0 : DT_ENOTFOUND;
}

int dt_repo_rebasing(dt_repo *r)
{
	dt_buf p = DT_BUF_INIT;
	int yes;
	dt_path_join(&p, r->gitdir, "rebase-merge");
	yes = dt_path_isdir(p.ptr);
	if (!yes) {
		dt_path_join(&p, r->gitdir, "rebase-apply");
		yes = dt_path_isdir(p.ptr);
	}
	dt_buf_dispose(&p);
	return yes;
}

int dt_repo_index_tree(char out[DT_HEX_MAX], dt_repo *r)
{
	git_index *idx = NULL;
	git_oid oid;
	int rc;

	if ((rc = git_repository_index(&idx, r->repo)) < 0)
		return git_fail(rc, "index");
	if (git_index_has_conflicts(idx)) {
		git_index_free(idx);
		return dt_error_set(DT_EINVALID, "the index has unresolved conflicts");
	}
	rc = git_index_write_tree(&oid, idx);
	git_index_free(idx);
	if (rc < 0)
		return git_fail(rc, "write-tree");
	oid_hex(out, &oid);
	return 0;
}

int dt_repo_unstaged(int *dirty, dt_repo *r)
{
	git_status_options opts;
	git_status_list *list = NULL;
	int rc;

	*dirty = 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((rc = git_status_list_new(&list, r->repo, &opts)) < 0)
		return git_fail(rc, "status");
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		if (e->status & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_DELETED |
		                 GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_WT_RENAMED)) {
			*dirty = 1;
			break;
		}
	}
	git_status_list_free(list);
	return 0;
}

int dt_repo_is_ancestor(dt_repo *r, const char *ancestor, const char *of)
{
	git_oid a, b;
	if (git_oid_fromstr(&a, ancestor) < 0 || git_oid_fromstr(&b, of) < 0)
		return 0;
	if (git_oid_equal(&a, &b))
		return 1;
	return git_graph_descendant_of(r->repo, &b, &a) == 1;
}
