#include "odb.h"
#include "common.h"
#include "fileio.h"
#include "gitenv.h"
#include "workspace.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dt_odb {
	git_repository *repo;
};

static int fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	if (code == GIT_ENOTFOUND)
		return dt_error_set(DT_ENOTFOUND, "%s: not found", what);
	return dt_error_set(DT_EIO, "%s: %s", what, e && e->message ? e->message : "git error");
}

int dt_odb_init(void)
{
	return git_libgit2_init() < 0 ? fail(-1, "libgit2") : 0;
}

void dt_odb_shutdown(void)
{
	git_libgit2_shutdown();
}

int dt_odb_open(dt_odb **out)
{
	dt_gitenv env = DT_GITENV_INIT;
	dt_odb *o;
	int rc, error;

	*out = NULL;
	/* git's own discovery rules (GIT_DIR, GIT_WORK_TREE, gitdir files),
	 * which libgit2 1.5 only partly follows; only the git dir is needed */
	if ((error = dt_gitenv_discover(&env, NULL)) < 0)
		return error;
	o = dt_xcalloc(1, sizeof(*o));
	rc = git_repository_open_ext(&o->repo, env.gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	dt_gitenv_dispose(&env);
	if (rc < 0) {
		free(o);
		return fail(rc, "cannot open the repository");
	}
	*out = o;
	return 0;
}

void dt_odb_free(dt_odb *o)
{
	if (!o)
		return;
	git_repository_free(o->repo);
	free(o);
}

int dt_odb_shallow(dt_odb *o)
{
	return git_repository_is_shallow(o->repo) == 1;
}

static int commit_of(git_commit **out, dt_odb *o, const char *rev)
{
	git_object *obj = NULL;
	int rc = git_revparse_single(&obj, o->repo, rev);
	if (rc < 0)
		return dt_error_set(DT_ENOTFOUND, "%s: no such commit", rev);
	rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	return rc < 0 ? dt_error_set(DT_ENOTFOUND, "%s: not a commit", rev) : 0;
}

int dt_odb_resolve(char out[DT_HEX_MAX], dt_odb *o, const char *rev)
{
	git_commit *c = NULL;
	int error = commit_of(&c, o, rev);
	if (error < 0)
		return error;
	git_oid_tostr(out, DT_HEX_MAX, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int dt_odb_exists(dt_odb *o, const char *hex)
{
	git_oid oid;
	git_odb *db = NULL;
	int yes;
	if (git_oid_fromstrp(&oid, hex) < 0 || git_repository_odb(&db, o->repo) < 0)
		return 0;
	yes = git_odb_exists(db, &oid);
	git_odb_free(db);
	return yes;
}

/* Hide every ref matching `glob` that leads to a commit; a broken ref
 * (its object missing) is passed over, as git does for remote refs. */
static int hide_glob(git_revwalk *walk, dt_odb *o, const char *glob)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int rc;

	if ((rc = git_reference_iterator_glob_new(&it, o->repo, glob)) < 0)
		return fail(rc, glob);
	while ((rc = git_reference_next(&ref, it)) == 0) {
		git_object *obj = NULL;
		if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			git_revwalk_hide(walk, git_object_id(obj));
			git_object_free(obj);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return rc == GIT_ITEROVER ? 0 : fail(rc, glob);
}

int dt_odb_range(dt_strvec *out, dt_odb *o, const char *tip, const char *const *bases,
                 size_t nbases)
{
	git_revwalk *walk = NULL;
	git_commit *c = NULL;
	git_oid oid;
	int rc, error = 0;

	if ((error = commit_of(&c, o, tip)) < 0)
		return error;
	if ((rc = git_revwalk_new(&walk, o->repo)) < 0) {
		git_commit_free(c);
		return fail(rc, "revwalk");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	rc = git_revwalk_push(walk, git_commit_id(c));
	git_commit_free(c);
	if (rc < 0) {
		error = fail(rc, tip);
		goto cleanup;
	}
	for (size_t i = 0; i < nbases; i++) {
		const char *b = bases[i];
		size_t n = strlen(b);
		if (n && b[n - 1] == '*') {
			if ((error = hide_glob(walk, o, b)) < 0)
				goto cleanup;
			continue;
		}
		if (git_oid_fromstrp(&oid, b) < 0 || !dt_odb_exists(o, b)) {
			error = dt_error_set(DT_ENOTFOUND, "%s: no such commit here", b);
			goto cleanup;
		}
		if ((rc = git_revwalk_hide(walk, &oid)) < 0) {
			error = fail(rc, b);
			goto cleanup;
		}
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		char hex[DT_HEX_MAX];
		git_oid_tostr(hex, sizeof(hex), &oid);
		dt_strvec_push(out, hex);
	}
	if (rc != GIT_ITEROVER)
		error = fail(rc, "walking the history");

cleanup:
	git_revwalk_free(walk);
	return error;
}

static int tree_entry(git_tree_entry **entry, git_tree **root, dt_odb *o, const char *rev,
                      const char *path)
{
	git_commit *c = NULL;
	int rc, error;

	*entry = NULL;
	*root = NULL;
	if ((error = commit_of(&c, o, rev)) < 0)
		return error;
	rc = git_commit_tree(root, c);
	git_commit_free(c);
	if (rc < 0)
		return fail(rc, rev);
	if (!*path)
		return 0;
	rc = git_tree_entry_bypath(entry, *root, path);
	if (rc < 0)
		return rc == GIT_ENOTFOUND
		           ? dt_error_set(DT_ENOTFOUND, "%s: not in %.12s", path, rev)
		           : fail(rc, path);
	return 0;
}

int dt_odb_read(dt_buf *out, dt_odb *o, const char *rev, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *root = NULL;
	git_blob *blob = NULL;
	int error, rc;

	dt_buf_clear(out);
	if ((error = tree_entry(&e, &root, o, rev, path)) < 0)
		goto cleanup;
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		error = dt_error_set(DT_ENOTFOUND, "%s: not a file in %.12s", path, rev);
		goto cleanup;
	}
	if ((rc = git_blob_lookup(&blob, o->repo, git_tree_entry_id(e))) < 0) {
		error = fail(rc, path);
		goto cleanup;
	}
	if (git_blob_rawsize(blob) > DT_FILE_MAX) {
		error = dt_error_set(DT_ETOOBIG, "%s: %lld bytes in %.12s, over the limit of %u",
		                     path, (long long)git_blob_rawsize(blob), rev, DT_FILE_MAX);
		goto cleanup;
	}
	dt_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(root);
	return error;
}

int dt_odb_list(dt_strvec *names, int **is_dir, dt_odb *o, const char *rev, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *root = NULL, *dir = NULL;
	int error, rc;
	size_t n;

	*is_dir = NULL;
	if ((error = tree_entry(&e, &root, o, rev, path)) < 0)
		goto cleanup;
	if (e) {
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			error = dt_error_set(DT_ENOTFOUND, "%s: not a folder in %.12s", path, rev);
			goto cleanup;
		}
		if ((rc = git_tree_lookup(&dir, o->repo, git_tree_entry_id(e))) < 0) {
			error = fail(rc, path);
			goto cleanup;
		}
	}
	n = git_tree_entrycount(dir ? dir : root);
	*is_dir = dt_xcalloc(n + 1, sizeof(**is_dir));
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *x = git_tree_entry_byindex(dir ? dir : root, i);
		dt_strvec_push(names, git_tree_entry_name(x));
		(*is_dir)[i] = git_tree_entry_type(x) == GIT_OBJECT_TREE;
	}
cleanup:
	git_tree_free(dir);
	git_tree_entry_free(e);
	git_tree_free(root);
	return error;
}

#define MAX_TREE_DEPTH 200

static int scan_tree(dt_tickets *out, dt_odb *o, const char *rev, const char *root, const char *rel,
                     int depth)
{
	dt_strvec names = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, sub = DT_BUF_INIT, text = DT_BUF_INIT;
	int *is_dir = NULL, error;

	dt_path_join(&path, root, rel);
	if ((error = dt_odb_list(&names, &is_dir, o, rev, path.ptr)) < 0)
		goto cleanup;
	for (size_t i = 0; i < names.count; i++) {
		dt_strvec inner = DT_STRVEC_INIT;
		int *inner_dir = NULL, ticket = 0;
		const char *name = names.items[i];
		if (!is_dir[i] || name[0] == '_' || name[0] == '.')
			continue;
		dt_buf_clear(&sub);
		if (*rel)
			dt_buf_printf(&sub, "%s/", rel);
		dt_buf_puts(&sub, name);
		dt_path_join(&path, root, sub.ptr);
		if (dt_odb_list(&inner, &inner_dir, o, rev, path.ptr) == 0)
			for (size_t k = 0; k < inner.count; k++)
				if (!inner_dir[k] && !strcmp(inner.items[k], "index.md"))
					ticket = 1;
		dt_strvec_dispose(&inner);
		free(inner_dir);
		if (ticket) {
			dt_ticket t;
			int rc;
			memset(&t, 0, sizeof(t));
			t.dir = dt_xstrdup(sub.ptr);
			dt_path_join(&path, path.ptr, "index.md");
			rc = dt_odb_read(&text, o, rev, path.ptr);
			if (rc < 0)
				t.fm_error = dt_xstrdup(dt_error_last());
			dt_ticket_from_index(&t, rc < 0 ? NULL : text.ptr, text.size, path.ptr);
			dt_tickets_add(out, &t);
		} else if (depth < MAX_TREE_DEPTH) {
			if ((error = scan_tree(out, o, rev, root, sub.ptr, depth + 1)) < 0)
				goto cleanup;
		}
	}
	error = 0;
	dt_error_clear(); /* messages of unreadable index.md files live in fm_error */
cleanup:
	dt_strvec_dispose(&names);
	free(is_dir);
	dt_buf_dispose(&path);
	dt_buf_dispose(&sub);
	dt_buf_dispose(&text);
	return error;
}

int dt_odb_tickets(dt_tickets *out, dt_odb *o, const char *rev, const char *root)
{
	dt_strvec names = DT_STRVEC_INIT;
	int *is_dir = NULL, error;

	memset(out, 0, sizeof(*out));
	out->root = dt_xstrdup(root);
	/* the root itself must be a folder of that tree */
	error = dt_odb_list(&names, &is_dir, o, rev, root);
	dt_strvec_dispose(&names);
	free(is_dir);
	if (error < 0)
		return dt_error_set(DT_ENOTFOUND, "%s: no such folder in %.12s", root, rev);
	error = scan_tree(out, o, rev, root, "", 0);
	if (!error)
		dt_tickets_sort(out);
	return error;
}
