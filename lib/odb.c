#include "odb.h"
#include "common.h"
#include "fileio.h"
#include "gitenv.h"

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
