#include "odb.h"
#include "common.h"
#include "fileio.h"
#include "gitconfig.h"
#include "gitenv.h"
#include "diaries.h"
#include "workspace.h"

#include <dirent.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct dt_odb {
	git_repository *repo;
	git_odb *db;
	/* the tree of the commit last asked for by its full id: the rules read
	 * many files of one tree */
	char tree_rev[DT_HEX_MAX];
	git_tree *tree;
	int abbrev; /* core.abbrev, once read (0: not yet) */
	/* for abbreviations: the packs alone (see abbrev_db), or NULL */
	git_odb *packs;
	int packs_tried;
};

static int fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	if (code == GIT_ENOTFOUND)
		return dt_error_set(DT_ENOTFOUND, "%s: not found", what);
	return dt_error_set(DT_EIO, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* An object a tree names cannot be read: DT_EIO (never "not found", which
 * callers take for a file that is not there). */
static int missing(int code, const char *path, const git_oid *id)
{
	char hex[DT_HEX_MAX];
	const git_error *e = git_error_last();
	git_oid_tostr(hex, sizeof(hex), id);
	if (code == GIT_ENOTFOUND)
		return dt_error_set(DT_EIO, "%s: object %s is missing from the repository", path,
		                    hex);
	return dt_error_set(DT_EIO, "%s: object %s cannot be read: %s", path, hex,
	                    e && e->message ? e->message : "git error");
}

int dt_odb_init(void)
{
	if (git_libgit2_init() < 0)
		return fail(-1, "libgit2");
	/* libgit2 re-hashes every object it reads; git does not (fsck does),
	 * and it was a fifth of pre-push's time */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* parsed objects kept for reuse: 256 MiB by default, more than the
	 * whole of `check --all` may use (SPEC §10) */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(1 * 1024 * 1024));
	/* and pack files are mapped in windows of up to 1 GiB, 8 GiB in all:
	 * their pages count in the resident size; smaller windows, of which
	 * the least recently used are unmapped, keep a walk of all history
	 * under the budget */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(2 * 1024 * 1024));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(8 * 1024 * 1024));
	return 0;
}

void dt_odb_shutdown(void)
{
	git_libgit2_shutdown();
}

/* libgit2 1.5 cannot read SHA-256 repositories (and leaks when it tries):
 * asked of the repository's config first. */
static int refuse_sha256(const dt_gitenv *env)
{
	dt_gitconfig *cfg = NULL;
	const char *format;
	int error = 0, major = 0, minor = 0, rev = 0;

	if (dt_gitconfig_load(&cfg, env) < 0) {
		dt_error_clear(); /* libgit2 will say what is wrong with it */
		return 0;
	}
	format = dt_gitconfig_get(cfg, "extensions.objectformat");
	if (format && dt_ascii_casecmp(format, "sha1")) {
		git_libgit2_version(&major, &minor, &rev);
		error = dt_error_set(DT_EIO,
		                     "cannot open the repository: it uses the %s object format, "
		                     "which libgit2 %d.%d.%d (the library diarist is built on) "
		                     "cannot read",
		                     format, major, minor, rev);
	}
	dt_gitconfig_free(cfg);
	return error;
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
	if ((error = refuse_sha256(&env)) < 0) {
		dt_gitenv_dispose(&env);
		return error;
	}
	o = dt_xcalloc(1, sizeof(*o));
	rc = git_repository_open_ext(&o->repo, env.gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	dt_gitenv_dispose(&env);
	if (rc < 0) {
		const git_error *e = git_error_last();
		free(o);
		if (e && e->message && strstr(e->message, "objectformat")) {
			int major = 0, minor = 0, rev = 0;
			git_libgit2_version(&major, &minor, &rev);
			return dt_error_set(
			    DT_EIO,
			    "cannot open the repository: it uses the SHA-256 object "
			    "format, which libgit2 %d.%d.%d (the library diarist is "
			    "built on) cannot read (%s)",
			    major, minor, rev, e->message);
		}
		return fail(rc, "cannot open the repository");
	}
	if ((rc = git_repository_odb(&o->db, o->repo)) < 0) {
		git_repository_free(o->repo);
		free(o);
		return fail(rc, "cannot open the object database");
	}
	*out = o;
	return 0;
}

int dt_odb_open_at(dt_odb **out, const char *path)
{
	dt_odb *o = dt_xcalloc(1, sizeof(*o));
	int rc;

	*out = NULL;
	rc = git_repository_open_ext(&o->repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == 0 && (rc = git_repository_odb(&o->db, o->repo)) < 0)
		git_repository_free(o->repo);
	if (rc < 0) {
		const git_error *e = git_error_last();
		dt_error_set(DT_EIO, "cannot open the repository %s: %s", path,
		             e && e->message ? e->message : "git error");
		git_error_clear();
		free(o);
		return DT_EIO;
	}
	*out = o;
	return 0;
}

void dt_odb_free(dt_odb *o)
{
	if (!o)
		return;
	git_tree_free(o->tree);
	git_odb_free(o->packs);
	git_odb_free(o->db);
	git_repository_free(o->repo);
	free(o);
}

int dt_odb_shallow(dt_odb *o)
{
	return git_repository_is_shallow(o->repo) == 1;
}

static int full_hex(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!dt_isxdigit((unsigned char)s[n]))
			return 0;
	return n == 40 || n == 64;
}

static int commit_of(git_commit **out, dt_odb *o, const char *rev)
{
	git_object *obj = NULL;
	git_oid oid;
	int rc;

	/* a full id needs no ref lookups (revparse tries refs/<rev>... first) */
	if (full_hex(rev) && git_oid_fromstr(&oid, rev) == 0 &&
	    git_commit_lookup(out, o->repo, &oid) == 0)
		return 0;
	rc = git_revparse_single(&obj, o->repo, rev);
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
	if (git_oid_fromstrp(&oid, hex) < 0)
		return 0;
	return git_odb_exists(o->db, &oid);
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
	if (o->tree && !strcmp(o->tree_rev, rev)) {
		if ((rc = git_tree_dup(root, o->tree)) < 0)
			return fail(rc, rev);
	} else {
		if ((error = commit_of(&c, o, rev)) < 0)
			return error;
		rc = git_commit_tree(root, c);
		git_commit_free(c);
		if (rc < 0)
			return fail(rc, rev);
		if (full_hex(rev) && strlen(rev) < sizeof(o->tree_rev)) {
			git_tree_free(o->tree);
			o->tree = NULL;
			if (git_tree_dup(&o->tree, *root) == 0)
				strcpy(o->tree_rev, rev);
		}
	}
	if (!*path)
		return 0;
	rc = git_tree_entry_bypath(entry, *root, path);
	if (rc < 0)
		return rc == GIT_ENOTFOUND
		           ? dt_error_set(DT_ENOTFOUND, "%s: not in %.12s", path, rev)
		           : fail(rc, path);
	return 0;
}

/* The content of the file of tree entry e (NULL: none), at `path` of
 * `rev` (for the messages). */
static int entry_blob(dt_buf *out, dt_odb *o, const git_tree_entry *e, const char *rev,
                      const char *path)
{
	git_blob *blob = NULL;
	int error = 0, rc;

	dt_buf_clear(out);
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return dt_error_set(DT_ENOTFOUND, "%s: not a file in %.12s", path, rev);
	if ((rc = git_blob_lookup(&blob, o->repo, git_tree_entry_id(e))) < 0)
		/* listed in the tree but not there: the repository is broken */
		return missing(rc, path, git_tree_entry_id(e));
	if (git_blob_rawsize(blob) > DT_FILE_MAX)
		error = dt_error_set(DT_ETOOBIG, "%s: %lld bytes in %.12s, over the limit of %u",
		                     path, (long long)git_blob_rawsize(blob), rev, DT_FILE_MAX);
	else
		dt_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return error;
}

int dt_odb_read(dt_buf *out, dt_odb *o, const char *rev, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *root = NULL;
	int error;

	dt_buf_clear(out);
	if ((error = tree_entry(&e, &root, o, rev, path)) == 0)
		error = entry_blob(out, o, e, rev, path);
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
			error = missing(rc, path, git_tree_entry_id(e));
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

/* The tickets under folder `rel` (of the root) whose tree is `tree`: a
 * folder holding an index.md is a ticket, and every folder is looked into,
 * ticket folders too (tickets nest, as in dt_workspace_scan). Trees are
 * read by id, not found again by path from the top. */
static int scan_tree(dt_tickets *out, dt_odb *o, const char *rev, git_tree *tree, const char *root,
                     const char *rel, int depth)
{
	dt_buf sub = DT_BUF_INIT, path = DT_BUF_INIT, text = DT_BUF_INIT;
	size_t n = git_tree_entrycount(tree);
	int error = 0;

	for (size_t i = 0; i < n && !error; i++) {
		const git_tree_entry *x = git_tree_entry_byindex(tree, i), *index;
		const char *name = git_tree_entry_name(x);
		git_tree *inner = NULL;
		int rc;
		if (git_tree_entry_type(x) != GIT_OBJECT_TREE || name[0] == '_' || name[0] == '.')
			continue;
		dt_buf_clear(&sub);
		if (*rel)
			dt_buf_printf(&sub, "%s/", rel);
		dt_buf_puts(&sub, name);
		dt_path_join(&path, root, sub.ptr);
		if ((rc = git_tree_lookup(&inner, o->repo, git_tree_entry_id(x))) < 0) {
			error = missing(rc, path.ptr, git_tree_entry_id(x));
			break;
		}
		index = git_tree_entry_byname(inner, "index.md");
		if (index && git_tree_entry_type(index) != GIT_OBJECT_TREE) {
			dt_ticket t;
			memset(&t, 0, sizeof(t));
			t.dir = dt_xstrdup(sub.ptr);
			dt_path_join(&path, path.ptr, "index.md");
			rc = entry_blob(&text, o, index, rev, path.ptr);
			if (rc == DT_EIO) { /* an object missing: the repository is broken */
				free(t.dir);
				error = rc;
			} else {
				if (rc < 0)
					t.fm_error = dt_xstrdup(dt_error_last());
				dt_ticket_from_index(&t, rc < 0 ? NULL : text.ptr, text.size,
				                     path.ptr);
				dt_tickets_add(out, &t);
			}
		}
		if (!error && depth < MAX_TREE_DEPTH)
			error = scan_tree(out, o, rev, inner, root, sub.ptr, depth + 1);
		git_tree_free(inner);
	}
	if (!error)
		dt_error_clear(); /* messages of unreadable index.md files live in fm_error */
	dt_buf_dispose(&sub);
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return error;
}

int dt_odb_tickets(dt_tickets *out, dt_odb *o, const char *rev, const char *root)
{
	git_tree_entry *e = NULL;
	git_tree *top = NULL, *tree = NULL;
	int error, rc;

	memset(out, 0, sizeof(*out));
	out->root = dt_xstrdup(root);
	/* the root itself must be a folder of that tree */
	if ((error = tree_entry(&e, &top, o, rev, root)) == 0 && e &&
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		error = DT_ENOTFOUND;
	if (error == 0 && e && (rc = git_tree_lookup(&tree, o->repo, git_tree_entry_id(e))) < 0)
		error = missing(rc, root, git_tree_entry_id(e));
	if (error == DT_EIO)
		goto cleanup;
	if (error < 0) {
		error = dt_error_set(DT_ENOTFOUND, "%s: no such folder in %.12s", root, rev);
		goto cleanup;
	}
	error = scan_tree(out, o, rev, tree ? tree : top, root, "", 0);
	if (!error)
		dt_tickets_sort(out);
cleanup:
	git_tree_free(tree);
	git_tree_entry_free(e);
	git_tree_free(top);
	return error;
}

/* ---- commits, for the rules ---- */

static void fill_commit(dt_commit *out, git_commit *c);

int dt_odb_commit(dt_commit *out, dt_odb *o, const char *rev)
{
	git_commit *c = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = commit_of(&c, o, rev)) < 0)
		return error;
	fill_commit(out, c);
	git_commit_free(c);
	return 0;
}

/* core.abbrev as libgit2 reads it (a number; false: whole ids; else 7),
 * at least 7. */
static int abbrev_length(dt_odb *o)
{
	git_config *cfg = NULL;
	int32_t n = 7, v = 0;
	int yes = 1;

	if (o->abbrev)
		return o->abbrev;
	if (git_repository_config_snapshot(&cfg, o->repo) == 0) {
		if (git_config_get_int32(&v, cfg, "core.abbrev") == 0)
			n = v;
		else if (git_config_get_bool(&yes, cfg, "core.abbrev") == 0 && !yes)
			n = GIT_OID_HEXSZ;
	}
	git_error_clear();
	git_config_free(cfg);
	o->abbrev = n < 7 ? 7 : n > GIT_OID_HEXSZ ? GIT_OID_HEXSZ : n;
	return o->abbrev;
}

/* Does folder `objects` hold a loose object (a file in a folder of two
 * hex digits)? */
static int has_loose(const char *objects)
{
	DIR *d = opendir(objects);
	struct dirent *e;
	int found = 0;
	if (!d)
		return 1; /* cannot tell */
	while (!found && (e = readdir(d)) != NULL) {
		dt_buf sub = DT_BUF_INIT;
		DIR *f;
		struct dirent *x;
		if (strlen(e->d_name) != 2 || !strchr("0123456789abcdef", e->d_name[0]) ||
		    !strchr("0123456789abcdef", e->d_name[1]))
			continue;
		dt_path_join(&sub, objects, e->d_name);
		if ((f = opendir(sub.ptr)) != NULL) {
			while (!found && (x = readdir(f)) != NULL)
				found = strcmp(x->d_name, ".") && strcmp(x->d_name, "..");
			closedir(f);
		}
		dt_buf_dispose(&sub);
	}
	closedir(d);
	return found;
}

/* The database abbreviations are looked up in: the packs alone when the
 * repository keeps no loose object and borrows none (a packed clone, as in
 * CI), for libgit2 otherwise looks for a loose object's folder at every
 * prefix asked (20 000 of them in a report); else the whole one. */
static git_odb *abbrev_db(dt_odb *o)
{
	dt_buf objects = DT_BUF_INIT, alternates = DT_BUF_INIT;
	git_odb_backend *packs = NULL;
	struct stat st;

	if (o->packs_tried)
		return o->packs ? o->packs : o->db;
	o->packs_tried = 1;
	dt_path_join(&objects, git_repository_commondir(o->repo), "objects");
	dt_path_join(&alternates, objects.ptr, "info/alternates");
	if (!getenv("GIT_OBJECT_DIRECTORY") && !getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES") &&
	    stat(alternates.ptr, &st) < 0 && !has_loose(objects.ptr) &&
	    git_odb_new(&o->packs) == 0) {
		if (git_odb_backend_pack(&packs, objects.ptr) < 0 ||
		    git_odb_add_backend(o->packs, packs, 1) < 0) {
			if (packs)
				packs->free(packs);
			git_odb_free(o->packs);
			o->packs = NULL;
		}
	}
	git_error_clear();
	dt_buf_dispose(&objects);
	dt_buf_dispose(&alternates);
	return o->packs ? o->packs : o->db;
}

int dt_odb_abbrev(char out[DT_HEX_MAX], dt_odb *o, const char *hex)
{
	git_oid oid, prefix, found;
	int len, rc;

	/* git_object_short_id's answer without reading the object: the
	 * shortest prefix from core.abbrev up that no other object has */
	if (git_oid_fromstrp(&oid, hex) < 0 || strlen(hex) != GIT_OID_HEXSZ)
		return dt_error_set(DT_EINVALID, "%s: not an object id", hex);
	for (len = abbrev_length(o); len < GIT_OID_HEXSZ; len++) {
		memset(&prefix, 0, sizeof(prefix));
		memset(&found, 0, sizeof(found));
		git_oid_fromstrn(&prefix, hex, (size_t)len);
		rc = git_odb_exists_prefix(&found, abbrev_db(o), &prefix, (size_t)len);
		if (rc == 0)
			break;
		if (rc != GIT_EAMBIGUOUS)
			return fail(rc, hex);
		git_error_clear();
	}
	snprintf(out, DT_HEX_MAX, "%.*s", len, hex);
	return 0;
}

int dt_odb_expand(char out[DT_HEX_MAX], dt_odb *o, const char *prefix)
{
	git_oid short_id, full;
	size_t len = strlen(prefix), size;
	git_object_t type;
	int rc;

	if (len < 4 || len > GIT_OID_HEXSZ || git_oid_fromstrn(&short_id, prefix, len) < 0)
		return dt_error_set(DT_ENOTFOUND, "%s: not an object id", prefix);
	rc = git_odb_exists_prefix(&full, o->db, &short_id, len);
	if (rc == GIT_EAMBIGUOUS)
		return dt_error_set(DT_EAMBIGUOUS, "%s: several objects start with it", prefix);
	if (rc < 0) {
		git_error_clear();
		return dt_error_set(DT_ENOTFOUND, "%s: no such object", prefix);
	}
	if ((rc = git_odb_read_header(&size, &type, o->db, &full)) < 0)
		return fail(rc, prefix);
	if (type != GIT_OBJECT_COMMIT)
		return dt_error_set(DT_ENOTFOUND, "%s: not a commit", prefix);
	git_oid_tostr(out, DT_HEX_MAX, &full);
	return 0;
}

/* ---- changed paths ---- */

static int delta_trees(dt_odb_deltas *out, dt_odb *o, git_tree *a, git_tree *b, const char *dir,
                       int depth);

/* The subtree at `prefix` ("" for the whole tree) of a commit's tree, or
 * NULL when the commit has no such folder. */
static int subtree(git_tree **out, dt_odb *o, git_commit *c, const char *prefix)
{
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	int rc;

	*out = NULL;
	if ((rc = git_commit_tree(&root, c)) < 0)
		return fail(rc, "reading a tree");
	if (!*prefix) {
		*out = root;
		return 0;
	}
	rc = git_tree_entry_bypath(&e, root, prefix);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(out, o->repo, git_tree_entry_id(e));
	else if (rc == GIT_ENOTFOUND || rc == 0)
		rc = 0;
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(root);
	return rc < 0 ? fail(rc, prefix) : 0;
}

int dt_odb_diff(dt_strvec *out, dt_odb *o, const char *from, const char *to, const char *prefix)
{
	git_commit *c = NULL, *p = NULL;
	git_tree *tc = NULL, *tp = NULL;
	int error;

	if ((error = commit_of(&c, o, to)) < 0 || (from && (error = commit_of(&p, o, from)) < 0))
		goto cleanup;
	if ((error = subtree(&tc, o, c, prefix)) < 0 ||
	    (p && (error = subtree(&tp, o, p, prefix)) < 0))
		goto cleanup;
	if (tc && tp && !git_oid_cmp(git_tree_id(tc), git_tree_id(tp)))
		goto cleanup; /* nothing changed there */
	{
		/* the same walk as the timelines' (dt_odb_diff_trees), paths only */
		dt_odb_deltas d = {NULL, 0, 0};
		error = delta_trees(&d, o, tp, tc, prefix, 0);
		for (size_t i = 0; !error && i < d.count; i++)
			dt_strvec_push(out, d.items[i].path);
		dt_odb_deltas_dispose(&d);
	}
cleanup:
	git_tree_free(tc);
	git_tree_free(tp);
	git_commit_free(p);
	git_commit_free(c);
	return error;
}

int dt_odb_changed(dt_strvec *out, dt_odb *o, const char *rev, const char *prefix)
{
	git_commit *c = NULL;
	char parent[DT_HEX_MAX];
	unsigned n;
	int error;

	if ((error = commit_of(&c, o, rev)) < 0)
		return error;
	n = git_commit_parentcount(c);
	if (n == 1)
		git_oid_tostr(parent, sizeof(parent), git_commit_parent_id(c, 0));
	git_commit_free(c);
	if (n > 1)
		return 0; /* a merge: nothing of its own */
	return dt_odb_diff(out, o, n ? parent : NULL, rev, prefix);
}

/* Are the entries of trees a and b (either may be NULL: empty) equal
 * except the one called `except` (NULL: none)? */
static int same_except(git_tree *a, git_tree *b, const char *except, size_t elen)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	for (size_t i = 0; i < nb; i++) {
		const git_tree_entry *y = git_tree_entry_byindex(b, i), *x;
		const char *name = git_tree_entry_name(y);
		if (except && strlen(name) == elen && !strncmp(name, except, elen))
			continue;
		x = a ? git_tree_entry_byname(a, name) : NULL;
		if (!x || git_oid_cmp(git_tree_entry_id(x), git_tree_entry_id(y)) ||
		    git_tree_entry_filemode(x) != git_tree_entry_filemode(y))
			return 0;
	}
	for (size_t i = 0; i < na; i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(a, i));
		if (except && strlen(name) == elen && !strncmp(name, except, elen))
			continue;
		if (!b || !git_tree_entry_byname(b, name))
			return 0;
	}
	return 1;
}

static int subtree_of(git_tree **out, dt_odb *o, git_tree *t, const char *name, size_t len)
{
	char buf[512];
	const git_tree_entry *e;
	*out = NULL;
	if (!t || len >= sizeof(buf))
		return 0;
	memcpy(buf, name, len);
	buf[len] = '\0';
	e = git_tree_entry_byname(t, buf);
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	return git_tree_lookup(out, o->repo, git_tree_entry_id(e)) < 0 ? fail(-1, buf) : 0;
}

/* Is every difference between trees a (NULL: empty) and b under prefix?
 * Takes the trees. */
static int trees_only_under(int *yes, dt_odb *o, git_tree *a, git_tree *b, const char *prefix)
{
	int error = 0;

	*yes = 0;
	if (a && !git_oid_cmp(git_tree_id(a), git_tree_id(b)))
		goto cleanup; /* changes nothing */
	for (const char *comp = prefix; *comp;) {
		size_t len = strcspn(comp, "/");
		git_tree *na = NULL, *nb = NULL;
		if (!same_except(a, b, comp, len))
			goto cleanup;
		if (!comp[len])
			break; /* what differs is under the last folder: not read */
		if ((error = subtree_of(&na, o, a, comp, len)) < 0 ||
		    (error = subtree_of(&nb, o, b, comp, len)) < 0) {
			git_tree_free(na);
			git_tree_free(nb);
			goto cleanup;
		}
		git_tree_free(a);
		git_tree_free(b);
		a = na;
		b = nb;
		comp += len;
		comp += *comp == '/';
	}
	*yes = 1;
cleanup:
	git_tree_free(a);
	git_tree_free(b);
	return error;
}

int dt_odb_only_under_trees(int *yes, dt_odb *o, const char *tree, const char *parent_tree,
                            const char *prefix)
{
	git_tree *a = NULL, *b = NULL;
	git_oid id;
	int rc;

	*yes = 0;
	if ((rc = git_oid_fromstr(&id, tree)) < 0 || (rc = git_tree_lookup(&b, o->repo, &id)) < 0)
		return fail(rc, tree);
	if (parent_tree && ((rc = git_oid_fromstr(&id, parent_tree)) < 0 ||
	                    (rc = git_tree_lookup(&a, o->repo, &id)) < 0)) {
		git_tree_free(b);
		return fail(rc, parent_tree);
	}
	return trees_only_under(yes, o, a, b, prefix);
}

int dt_odb_only_under(int *yes, dt_odb *o, const char *rev, const char *prefix)
{
	git_commit *c = NULL, *p = NULL;
	git_tree *a = NULL, *b = NULL;
	int rc, error;

	*yes = 0;
	if ((error = commit_of(&c, o, rev)) < 0)
		return error;
	if (git_commit_parentcount(c) <= 1 &&
	    ((rc = git_commit_tree(&b, c)) < 0 ||
	     (git_commit_parentcount(c) == 1 &&
	      ((rc = git_commit_parent(&p, c, 0)) < 0 || (rc = git_commit_tree(&a, p)) < 0)))) {
		git_tree_free(b);
		error = fail(rc, rev);
	} else if (b) {
		error = trees_only_under(yes, o, a, b, prefix);
	}
	git_commit_free(p);
	git_commit_free(c);
	return error;
}

/* ---- reachability ---- */

/* A day: commit dates are not ordered by ancestry (clocks are skewed), so
 * the walk goes this far past the oldest commit it looks for. */
#define CLOCK_SLACK 86400

typedef struct {
	git_oid oid;
	size_t index;
} wanted;

static int cmp_wanted(const void *a, const void *b)
{
	return git_oid_cmp(&((const wanted *)a)->oid, &((const wanted *)b)->oid);
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

int dt_odb_boundary(dt_strvec *out, dt_odb *o, const dt_strvec *range)
{
	git_oid *in = dt_xcalloc(range->count + 1, sizeof(*in));
	int error = 0;

	for (size_t i = 0; i < range->count; i++)
		if (git_oid_fromstr(&in[i], range->items[i]) < 0) {
			free(in);
			return dt_error_set(DT_EINVALID, "%s: not an object id", range->items[i]);
		}
	qsort(in, range->count, sizeof(*in), cmp_oid);
	for (size_t i = 0; i < range->count && !error; i++) {
		git_commit *c = NULL;
		if ((error = commit_of(&c, o, range->items[i])) < 0)
			break;
		for (unsigned p = 0; p < git_commit_parentcount(c); p++) {
			const git_oid *id = git_commit_parent_id(c, p);
			char hex[DT_HEX_MAX];
			if (bsearch(id, in, range->count, sizeof(*in), cmp_oid))
				continue;
			git_oid_tostr(hex, sizeof(hex), id);
			if (!dt_strvec_contains(out, hex))
				dt_strvec_push(out, hex);
		}
		git_commit_free(c);
	}
	free(in);
	return error;
}

/* ---- every commit of a history ---- */

typedef struct {
	git_oid *slots;
	unsigned char *used;
	size_t n, count;
} oidset;

static size_t oid_slot(const oidset *s, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	return h & (s->n - 1);
}

/* Add id; 0 when it was there already. */
static int oidset_add(oidset *s, const git_oid *id)
{
	size_t i;
	if (2 * (s->count + 1) > s->n) {
		oidset bigger = {NULL, NULL, s->n ? s->n * 2 : 4096, 0};
		bigger.slots = dt_xmalloc(bigger.n * sizeof(*bigger.slots));
		bigger.used = dt_xcalloc(bigger.n, 1);
		for (size_t k = 0; k < s->n; k++)
			if (s->used[k])
				oidset_add(&bigger, &s->slots[k]);
		free(s->slots);
		free(s->used);
		*s = bigger;
	}
	for (i = oid_slot(s, id); s->used[i]; i = (i + 1) & (s->n - 1))
		if (!git_oid_cmp(&s->slots[i], id))
			return 0;
	s->used[i] = 1;
	git_oid_cpy(&s->slots[i], id);
	s->count++;
	return 1;
}

static void fill_commit(dt_commit *out, git_commit *c)
{
	const git_signature *a;
	const char *msg;

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->hex, sizeof(out->hex), git_commit_id(c));
	git_oid_tostr(out->tree, sizeof(out->tree), git_commit_tree_id(c));
	out->nparents = git_commit_parentcount(c);
	if (out->nparents)
		git_oid_tostr(out->parent, sizeof(out->parent), git_commit_parent_id(c, 0));
	msg = git_commit_message_raw(c);
	out->message = dt_xstrdup(msg ? msg : "");
	out->subject = dt_xstrndup(out->message, strcspn(out->message, "\n"));
	a = git_commit_author(c);
	if (a) {
		dt_buf who = DT_BUF_INIT;
		/* "name <email>", not formatted: 100 000 commits in check --all */
		dt_buf_puts(&who, a->name ? a->name : "");
		dt_buf_puts(&who, " <");
		dt_buf_puts(&who, a->email ? a->email : "");
		dt_buf_putc(&who, '>');
		out->author = dt_buf_detach(&who);
		out->author_time = (int64_t)a->when.time;
		out->author_offset = a->when.offset;
	}
	out->commit_time = (int64_t)git_commit_time(c);
	out->commit_offset = git_commit_time_offset(c);
}

int dt_odb_walk(dt_odb *o, const char *tip, int (*fn)(const dt_commit *c, void *payload),
                void *payload)
{
	oidset seen = {NULL, NULL, 0, 0};
	git_oid *stack = NULL;
	size_t nstack = 0, astack = 0;
	git_commit *c = NULL;
	int error, shallow;

	if ((error = commit_of(&c, o, tip)) < 0)
		return error;
	shallow = dt_odb_shallow(o);
	DT_ARRAY_GROW(stack, astack, 1);
	git_oid_cpy(&stack[nstack++], git_commit_id(c));
	oidset_add(&seen, git_commit_id(c));
	git_commit_free(c);
	while (nstack && !error) {
		git_oid id = stack[--nstack];
		dt_commit dc;
		int rc = git_commit_lookup(&c, o->repo, &id);
		if (rc == GIT_ENOTFOUND && shallow) {
			git_error_clear(); /* cut off by the shallow clone (libgit2 1.5
			                      does not read .git/shallow) */
			continue;
		}
		if (rc < 0) {
			char hex[DT_HEX_MAX];
			git_oid_tostr(hex, sizeof(hex), &id);
			error = fail(rc, hex);
			break;
		}
		for (unsigned p = git_commit_parentcount(c); p-- > 0;)
			if (oidset_add(&seen, git_commit_parent_id(c, p))) {
				DT_ARRAY_GROW(stack, astack, nstack + 1);
				git_oid_cpy(&stack[nstack++], git_commit_parent_id(c, p));
			}
		fill_commit(&dc, c);
		git_commit_free(c);
		error = fn(&dc, payload);
		dt_commit_dispose(&dc);
	}
	free(stack);
	free(seen.slots);
	free(seen.used);
	return error;
}

/* ---- reachability: a walk newest first that can stop early ---- */

typedef struct {
	int64_t time;
	git_oid id;
} queued;

/* A max-heap on commit time. */
typedef struct {
	queued *items;
	size_t count, alloc;
} cqueue;

static void cq_push(cqueue *q, int64_t time, const git_oid *id)
{
	size_t i;
	DT_ARRAY_GROW(q->items, q->alloc, q->count + 1);
	i = q->count++;
	while (i && q->items[(i - 1) / 2].time < time) {
		q->items[i] = q->items[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	q->items[i].time = time;
	git_oid_cpy(&q->items[i].id, id);
}

static queued cq_pop(cqueue *q)
{
	queued top = q->items[0], last = q->items[--q->count];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= q->count)
			break;
		if (c + 1 < q->count && q->items[c + 1].time > q->items[c].time)
			c++;
		if (q->items[c].time <= last.time)
			break;
		q->items[i] = q->items[c];
		i = c;
	}
	if (q->count)
		q->items[i] = last;
	return top;
}

static int queue_commit(cqueue *q, oidset *seen, dt_odb *o, const git_oid *id)
{
	git_commit *c = NULL;
	if (!oidset_add(seen, id))
		return 0;
	if (git_commit_lookup(&c, o->repo, id) < 0) {
		git_error_clear();
		return 0; /* missing (a shallow boundary): nothing beyond */
	}
	cq_push(q, (int64_t)git_commit_time(c), id);
	git_commit_free(c);
	return 0;
}

int dt_odb_reachable(int *found, dt_odb *o, const char *const *tips, size_t ntips,
                     const char *const *hexes, size_t n)
{
	cqueue q = {NULL, 0, 0};
	oidset seen = {NULL, NULL, 0, 0};
	wanted *want = NULL, key;
	size_t nwant = 0, left;
	int64_t oldest = INT64_MAX;
	int error = 0;
	char tiphex[DT_HEX_MAX];

	for (size_t i = 0; i < n; i++)
		found[i] = 0;
	if (!n || !ntips)
		return 0;
	want = dt_xcalloc(n, sizeof(*want));
	for (size_t i = 0; i < n; i++) {
		git_commit *c = NULL;
		if (git_oid_fromstr(&want[nwant].oid, hexes[i]) < 0 ||
		    git_commit_lookup(&c, o->repo, &want[nwant].oid) < 0)
			continue; /* no such commit: never reachable */
		if (git_commit_time(c) < oldest)
			oldest = git_commit_time(c);
		git_commit_free(c);
		want[nwant++].index = i;
	}
	git_error_clear();
	if (!(left = nwant))
		goto cleanup;
	qsort(want, nwant, sizeof(*want), cmp_wanted);
	for (size_t i = 0; i < ntips; i++) {
		git_oid id;
		if ((error = dt_odb_resolve(tiphex, o, tips[i])) < 0)
			goto cleanup;
		git_oid_fromstr(&id, tiphex);
		queue_commit(&q, &seen, o, &id);
	}
	/* newest first: once the walk is a day older than the oldest commit
	 * asked for, the rest cannot lead to it (but for skewed clocks) */
	while (left && q.count) {
		queued top = cq_pop(&q);
		git_commit *c = NULL;
		wanted *w;
		if (top.time < oldest - CLOCK_SLACK)
			break;
		key.oid = top.id;
		w = bsearch(&key, want, nwant, sizeof(*want), cmp_wanted);
		/* the same commit may be asked for twice: mark the whole run */
		while (w && w > want && !git_oid_cmp(&w[-1].oid, &top.id))
			w--;
		for (; w && w < want + nwant && !git_oid_cmp(&w->oid, &top.id); w++)
			if (!found[w->index]) {
				found[w->index] = 1;
				left--;
			}
		if (git_commit_lookup(&c, o->repo, &top.id) < 0) {
			git_error_clear();
			continue;
		}
		for (unsigned p = 0; p < git_commit_parentcount(c); p++)
			queue_commit(&q, &seen, o, git_commit_parent_id(c, p));
		git_commit_free(c);
	}
cleanup:
	free(q.items);
	free(seen.slots);
	free(seen.used);
	free(want);
	return error;
}

/* ---- trees and blobs by id (the timelines of timeline.h) ---- */

static int tree_by_id(git_tree **out, dt_odb *o, const char *hex)
{
	git_oid id;
	int rc;
	*out = NULL;
	if (!hex || !*hex)
		return 0;
	if (git_oid_fromstr(&id, hex) < 0)
		return dt_error_set(DT_EINVALID, "%s: not an object id", hex);
	/* an id taken from a tree or commit: not there, the repository is broken */
	if ((rc = git_tree_lookup(out, o->repo, &id)) < 0)
		return missing(rc, "a folder", &id);
	return 0;
}

int dt_odb_entry_id(char out[DT_HEX_MAX], dt_odb *o, const char *tree, const char *path)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int rc, error;

	out[0] = '\0';
	if ((error = tree_by_id(&t, o, tree)) < 0)
		return error;
	if (!*path) {
		git_oid_tostr(out, DT_HEX_MAX, git_tree_id(t));
		git_tree_free(t);
		return 0;
	}
	rc = git_tree_entry_bypath(&e, t, path);
	git_tree_free(t);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dt_error_set(DT_ENOTFOUND, "%s: not in tree %.12s", path, tree);
	}
	if (rc < 0)
		return fail(rc, path);
	git_oid_tostr(out, DT_HEX_MAX, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 0;
}

static void push_delta(dt_odb_deltas *out, const char *dir, const git_tree_entry *x,
                       const git_tree_entry *y)
{
	dt_odb_delta *d;
	DT_ARRAY_GROW(out->items, out->alloc, out->count + 1);
	d = &out->items[out->count++];
	memset(d, 0, sizeof(*d));
	d->path = *dir ? dt_xasprintf("%s/%s", dir, git_tree_entry_name(x ? x : y))
	               : dt_xstrdup(git_tree_entry_name(x ? x : y));
	if (x)
		git_oid_tostr(d->from, sizeof(d->from), git_tree_entry_id(x));
	if (y)
		git_oid_tostr(d->to, sizeof(d->to), git_tree_entry_id(y));
}

static int delta_trees(dt_odb_deltas *out, dt_odb *o, git_tree *a, git_tree *b, const char *dir,
                       int depth);

/* Entry x of a (NULL: none) against entry y of b (NULL: none), at least
 * one of them there and the two not equal. */
static int delta_entry(dt_odb_deltas *out, dt_odb *o, const git_tree_entry *x,
                       const git_tree_entry *y, const char *dir, int depth)
{
	int xt = x && git_tree_entry_type(x) == GIT_OBJECT_TREE;
	int yt = y && git_tree_entry_type(y) == GIT_OBJECT_TREE;
	git_tree *ta = NULL, *tb = NULL;
	char *sub;
	int rc = 0;

	if (!xt && !yt) {
		push_delta(out, dir, x, y);
		return 0;
	}
	/* a file replaced by a folder or the other way: the file is a change
	 * of its own, and every file of the folder */
	if (x && !xt)
		push_delta(out, dir, x, NULL);
	if (y && !yt)
		push_delta(out, dir, NULL, y);
	sub = *dir ? dt_xasprintf("%s/%s", dir, git_tree_entry_name(x ? x : y))
	           : dt_xstrdup(git_tree_entry_name(x ? x : y));
	if (xt && (rc = git_tree_lookup(&ta, o->repo, git_tree_entry_id(x))) < 0)
		rc = missing(rc, sub, git_tree_entry_id(x));
	else if (yt && (rc = git_tree_lookup(&tb, o->repo, git_tree_entry_id(y))) < 0)
		rc = missing(rc, sub, git_tree_entry_id(y));
	else
		rc = delta_trees(out, o, ta, tb, sub, depth + 1);
	git_tree_free(ta);
	git_tree_free(tb);
	free(sub);
	return rc;
}

static int delta_trees(dt_odb_deltas *out, dt_odb *o, git_tree *a, git_tree *b, const char *dir,
                       int depth)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	int error = 0;

	if (depth > MAX_TREE_DEPTH)
		return dt_error_set(DT_EINVALID, "%s: folders nested too deep", dir);
	for (size_t i = 0; i < nb && !error; i++) {
		const git_tree_entry *y = git_tree_entry_byindex(b, i);
		const git_tree_entry *x =
		    a ? git_tree_entry_byname(a, git_tree_entry_name(y)) : NULL;
		if (x && !git_oid_cmp(git_tree_entry_id(x), git_tree_entry_id(y)) &&
		    git_tree_entry_filemode(x) == git_tree_entry_filemode(y))
			continue;
		error = delta_entry(out, o, x, y, dir, depth);
	}
	for (size_t i = 0; i < na && !error; i++) {
		const git_tree_entry *x = git_tree_entry_byindex(a, i);
		if (!b || !git_tree_entry_byname(b, git_tree_entry_name(x)))
			error = delta_entry(out, o, x, NULL, dir, depth);
	}
	return error;
}

int dt_odb_diff_trees(dt_odb_deltas *out, dt_odb *o, const char *from, const char *to,
                      const char *dir)
{
	git_tree *a = NULL, *b = NULL;
	int error;

	if ((error = tree_by_id(&a, o, from)) < 0 || (error = tree_by_id(&b, o, to)) < 0)
		goto cleanup;
	if (!a || !b || git_oid_cmp(git_tree_id(a), git_tree_id(b)))
		error = delta_trees(out, o, a, b, dir, 0);
cleanup:
	git_tree_free(a);
	git_tree_free(b);
	return error;
}

void dt_odb_deltas_dispose(dt_odb_deltas *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->items[i].path);
	free(d->items);
	memset(d, 0, sizeof(*d));
}

int dt_odb_read_blob(dt_buf *out, dt_odb *o, const char *id)
{
	git_blob *blob = NULL;
	git_oid oid;
	int rc;

	dt_buf_clear(out);
	if (git_oid_fromstr(&oid, id) < 0)
		return dt_error_set(DT_EINVALID, "%s: not an object id", id);
	if ((rc = git_blob_lookup(&blob, o->repo, &oid)) < 0)
		return missing(rc, "a file", &oid);
	if (git_blob_rawsize(blob) > DT_FILE_MAX) {
		rc = dt_error_set(DT_ETOOBIG, "blob %.12s: %lld bytes, over the limit of %u", id,
		                  (long long)git_blob_rawsize(blob), DT_FILE_MAX);
		git_blob_free(blob);
		return rc;
	}
	dt_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

size_t dt_odb_cache_limit(size_t bytes)
{
	ssize_t used = 0, allowed = 0;
	git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &used, &allowed);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
	return allowed > 0 ? (size_t)allowed : 0;
}

/* ---- a ticket's diary in a commit's tree ---- */

/* The .md files under folder dir/rel of rev's tree (paths relative to
 * dir), as dt_diaries_find lists them in the work tree: a subfolder
 * that holds an index.md is a ticket of its own and is left out. */
static int list_md(dt_strvec *out, dt_odb *o, const char *rev, const char *dir, const char *rel,
                   int depth)
{
	dt_strvec names = DT_STRVEC_INIT;
	dt_buf path = DT_BUF_INIT, sub = DT_BUF_INIT;
	int *is_dir = NULL, rc;

	if (*rel)
		dt_path_join(&path, dir, rel);
	else
		dt_buf_puts(&path, dir);
	if ((rc = dt_odb_list(&names, &is_dir, o, rev, path.ptr)) == DT_ENOTFOUND) {
		dt_error_clear();
		rc = 0;
		goto cleanup;
	}
	if (rc == 0 && depth > 0)
		for (size_t i = 0; i < names.count; i++)
			if (!is_dir[i] && !strcmp(names.items[i], "index.md"))
				goto cleanup; /* a nested ticket */
	for (size_t i = 0; i < names.count && rc == 0; i++) {
		const char *n = names.items[i];
		size_t len = strlen(n);
		if (n[0] == '.')
			continue;
		dt_buf_clear(&sub);
		if (*rel)
			dt_buf_printf(&sub, "%s/", rel);
		dt_buf_puts(&sub, n);
		if (is_dir[i] && depth < DT_DIARIES_MAX_DEPTH) {
			if ((rc = list_md(out, o, rev, dir, sub.ptr, depth + 1)) < 0)
				break;
		} else if (!is_dir[i] && len > 3 && !strcmp(n + len - 3, ".md")) {
			dt_strvec_push(out, sub.ptr);
		}
	}
cleanup:
	dt_strvec_dispose(&names);
	free(is_dir);
	dt_buf_dispose(&path);
	dt_buf_dispose(&sub);
	return rc;
}

typedef struct {
	dt_odb *o;
	const char *rev, *dir;
} titled_payload;

static int titled_in_tree(void *payload, const char *rel)
{
	titled_payload *tp = payload;
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int yes = 0;
	dt_path_join(&path, tp->dir, rel);
	if (dt_odb_read(&text, tp->o, tp->rev, path.ptr) == 0)
		yes = dt_diaries_titled(text.ptr, text.size, path.ptr);
	dt_error_clear();
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return yes;
}

int dt_odb_diaries(dt_strvec *out, dt_odb *o, const char *rev, const char *dir,
                   const dt_config *cfg)
{
	dt_strvec files = DT_STRVEC_INIT, rel = DT_STRVEC_INIT;
	dt_buf p = DT_BUF_INIT;
	titled_payload tp = {o, rev, dir};
	int error;

	if ((error = list_md(&files, o, rev, dir, "", 0)) < 0)
		goto cleanup;
	dt_diaries_select(&rel, &files, cfg, titled_in_tree, &tp);
	for (size_t i = 0; i < rel.count; i++) {
		dt_path_join(&p, dir, rel.items[i]);
		dt_strvec_push(out, p.ptr);
	}
	error = (int)rel.count;
cleanup:
	dt_strvec_dispose(&files);
	dt_strvec_dispose(&rel);
	dt_buf_dispose(&p);
	return error;
}
