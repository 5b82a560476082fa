#include "config.h"
#include "common.h"
#include "fileio.h"
#include "frontmatter.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *default_exempt[] = {"^Merge ", "^Revert \"", "^Reapply \"",
                                       "^(fixup|squash|amend)! ", NULL};
static const char *default_diary[] = {"reference/*diary*.md", "**/*diary*.md", NULL};

static void push_all(dt_strvec *v, const char **items)
{
	for (; *items; items++)
		dt_strvec_push(v, *items);
}

static int compile_all(dt_regex ***out, const dt_strvec *pats, const dt_strvec *wheres,
                       const char *key, int need_ref);

dt_config *dt_config_new(void)
{
	dt_config *cfg = dt_xcalloc(1, sizeof(*cfg));

	cfg->ticket_require = 1;
	cfg->from_branch = DT_FROM_BRANCH_TRAILER;
	cfg->new_commit = DT_NEW_COMMIT_NEW_STEP;
	cfg->on_internal_error = DT_ON_ERROR_CLOSED;
	push_all(&cfg->exempt, default_exempt);
	cfg->exempt_count = cfg->exempt.count;
	if (compile_all(&cfg->exempt_re, &cfg->exempt, &cfg->exempt_where, "ticket.exempt", 0))
		abort(); /* the built-in patterns always compile */
	push_all(&cfg->diary_files, default_diary);
	dt_strvec_push(&cfg->push_branches, "*");
	for (int i = 0; i < DT_RULE__COUNT; i++)
		cfg->levels[i] = dt_rule_default_level((dt_rule)i);
	return cfg;
}

static void free_regexes(dt_regex **re, size_t n)
{
	if (!re)
		return;
	for (size_t i = 0; i < n; i++)
		dt_regex_free(re[i]);
	free(re);
}

static void free_repos(dt_config *cfg)
{
	for (size_t i = 0; i < cfg->repo_count; i++) {
		free(cfg->repos[i].name);
		free(cfg->repos[i].path);
		free(cfg->repos[i].abs);
		free(cfg->repos[i].where);
	}
	free(cfg->repos);
	cfg->repos = NULL;
	cfg->repo_count = 0;
	dt_strvec_dispose(&cfg->repo_names);
}

void dt_config_free(dt_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->root);
	free(cfg->since);
	free_regexes(cfg->pattern_re, cfg->pattern_count);
	free_regexes(cfg->exempt_re, cfg->exempt_count);
	dt_strvec_dispose(&cfg->patterns);
	dt_strvec_dispose(&cfg->exempt);
	dt_strvec_dispose(&cfg->patterns_where);
	dt_strvec_dispose(&cfg->exempt_where);
	dt_strvec_dispose(&cfg->diary_files);
	dt_strvec_dispose(&cfg->bookkeeping);
	dt_strvec_dispose(&cfg->push_branches);
	free(cfg->evidence_command);
	free_repos(cfg);
	free(cfg);
}

/* ---- strict schema helpers ---- */

typedef struct {
	const char *path;
} ctx;

static int fail(const ctx *c, const dt_ynode *n, const char *fmt, const char *a, const char *b)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, a, b);
	return dt_error_set(DT_ECONFIG, "%s:%zu:%zu: %s", c->path, n->line, n->col, msg);
}

static int expect_map(const ctx *c, const dt_ynode *n, const char *key)
{
	if (n->type != DT_YNODE_MAP)
		return fail(c, n, "'%s' must be a mapping, found %s", key,
		            dt_ynode_type_name(n->type));
	return 0;
}

static int get_str(const ctx *c, const dt_ynode *n, const char *key, char **out)
{
	if (n->type != DT_YNODE_SCALAR)
		return fail(c, n, "'%s' must be a string, found %s", key,
		            dt_ynode_type_name(n->type));
	free(*out);
	*out = dt_xstrdup(n->value);
	return 0;
}

static int get_bool(const ctx *c, const dt_ynode *n, const char *key, int *out)
{
	if (n->type == DT_YNODE_SCALAR && n->plain) {
		if (!strcmp(n->value, "true")) {
			*out = 1;
			return 0;
		}
		if (!strcmp(n->value, "false")) {
			*out = 0;
			return 0;
		}
	}
	return fail(c, n, "'%s' must be true or false, found '%s'", key,
	            n->type == DT_YNODE_SCALAR ? n->value : dt_ynode_type_name(n->type));
}

static int get_list(const ctx *c, const dt_ynode *n, const char *key, dt_strvec *out)
{
	if (n->type != DT_YNODE_SEQ)
		return fail(c, n, "'%s' must be a list of strings, found %s", key,
		            dt_ynode_type_name(n->type));
	dt_strvec_dispose(out);
	for (size_t i = 0; i < n->count; i++) {
		const dt_ynode *it = n->items[i];
		if (it->type != DT_YNODE_SCALAR)
			return fail(c, it, "items of '%s' must be strings, found %s", key,
			            dt_ynode_type_name(it->type));
		if (!it->len)
			return fail(c, it, "items of '%s' must not be empty%s", key, "");
		dt_strvec_push(out, it->value);
	}
	return 0;
}

/* A list of strings; `where` (may be NULL) gets "path:LINE:COL: key[i]"
 * for each item, for messages about the item later. */
static int get_list_at(const ctx *c, const dt_ynode *n, const char *key, dt_strvec *out,
                       dt_strvec *where)
{
	int e = get_list(c, n, key, out);
	if (e || !where)
		return e;
	dt_strvec_dispose(where);
	for (size_t i = 0; i < n->count; i++)
		dt_strvec_push_owned(where,
		                     dt_xasprintf("%s:%zu:%zu: %s[%zu]", c->path, n->items[i]->line,
		                                  n->items[i]->col, key, i));
	return 0;
}

static int get_enum(const ctx *c, const dt_ynode *n, const char *key, const char *a, const char *b,
                    int *out)
{
	if (n->type == DT_YNODE_SCALAR) {
		if (!strcmp(n->value, a)) {
			*out = 0;
			return 0;
		}
		if (!strcmp(n->value, b)) {
			*out = 1;
			return 0;
		}
	}
	{
		char expected[128];
		snprintf(expected, sizeof(expected), "%s or %s", a, b);
		return fail(c, n, "'%s' must be %s", key, expected);
	}
}

static int unknown_key(const ctx *c, const dt_ynode *k, const char *within, const char *allowed)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "unknown key '%s'%s%s (expected one of: %s)", k->value,
	         within ? " in " : "", within ? within : "", allowed);
	return dt_error_set(DT_ECONFIG, "%s:%zu:%zu: %s", c->path, k->line, k->col, msg);
}

/* Walk a mapping; `fn` handles each known key and returns 1 for unknown. */
typedef int (*key_fn)(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v);

static int walk_map(dt_config *cfg, const ctx *c, const dt_ynode *map, const char *within,
                    const char *allowed, key_fn fn)
{
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const dt_ynode *k = map->items[i], *v = map->items[i + 1];
		int rc;
		if (k->type != DT_YNODE_SCALAR)
			return fail(c, k, "keys must be strings%s%s", "", "");
		for (size_t j = 0; j < i; j += 2)
			if (!strcmp(map->items[j]->value, k->value))
				return fail(c, k, "key '%s' appears twice%s", k->value, "");
		rc = fn(cfg, c, k->value, v);
		if (rc == 1)
			return unknown_key(c, k, within, allowed);
		if (rc)
			return rc;
	}
	return 0;
}

static int ticket_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	int e;
	if (!strcmp(key, "require"))
		return get_bool(c, v, "ticket.require", &cfg->ticket_require);
	if (!strcmp(key, "patterns"))
		return get_list_at(c, v, "ticket.patterns", &cfg->patterns, &cfg->patterns_where);
	if (!strcmp(key, "exempt"))
		return get_list_at(c, v, "ticket.exempt", &cfg->exempt, &cfg->exempt_where);
	if (!strcmp(key, "from_branch")) {
		int idx;
		if ((e = get_enum(c, v, "ticket.from_branch", "trailer", "off", &idx)) < 0)
			return e;
		cfg->from_branch = idx ? DT_FROM_BRANCH_OFF : DT_FROM_BRANCH_TRAILER;
		return 0;
	}
	return 1;
}

static int diary_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	int idx, e;
	if (!strcmp(key, "files")) {
		if ((e = get_list(c, v, "diary.files", &cfg->diary_files)) < 0)
			return e;
		if (!cfg->diary_files.count)
			return fail(c, v, "'%s' must name at least one glob%s", "diary.files", "");
		return 0;
	}
	if (!strcmp(key, "new_commit")) {
		if ((e = get_enum(c, v, "diary.new_commit", "new-step", "last-step", &idx)) < 0)
			return e;
		cfg->new_commit = idx ? DT_NEW_COMMIT_LAST_STEP : DT_NEW_COMMIT_NEW_STEP;
		return 0;
	}
	if (!strcmp(key, "bookkeeping"))
		return get_list(c, v, "diary.bookkeeping", &cfg->bookkeeping);
	return 1;
}

static int evidence_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	if (!strcmp(key, "command")) {
		int e = get_str(c, v, "evidence.command", &cfg->evidence_command);
		if (!e && !cfg->evidence_command[0])
			return fail(c, v, "'%s' must not be empty%s", "evidence.command", "");
		return e;
	}
	return 1;
}

static int push_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	if (!strcmp(key, "branches"))
		return get_list(c, v, "push.branches", &cfg->push_branches);
	return 1;
}

static int hooks_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	if (!strcmp(key, "on_internal_error")) {
		int idx, e;
		if ((e = get_enum(c, v, "hooks.on_internal_error", "closed", "open", &idx)) < 0)
			return e;
		cfg->on_internal_error = idx ? DT_ON_ERROR_OPEN : DT_ON_ERROR_CLOSED;
		return 0;
	}
	return 1;
}

static int rules_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	int rule = dt_rule_lookup(key), level;
	if (rule < 0)
		return 1;
	if (v->type != DT_YNODE_SCALAR || (level = dt_level_parse(v->value)) < 0)
		return fail(c, v, "rule '%s' must be error, warning or off%s", key, "");
	cfg->levels[rule] = (dt_level)level;
	return 0;
}

static int is_date_or_commit(const char *s)
{
	int64_t t;
	size_t n = strlen(s);
	if (dt_parse_datetime(&t, s) == 0)
		return 1;
	if (n < 4 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!dt_isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int section(dt_config *cfg, const ctx *c, const dt_ynode *v, const char *name,
                   const char *allowed, key_fn fn)
{
	int e;
	if (v->type == DT_YNODE_SCALAR && !v->len && v->plain)
		return 0; /* "ticket:" with nothing under it */
	if ((e = expect_map(c, v, name)) < 0)
		return e;
	return walk_map(cfg, c, v, name, allowed, fn);
}

/* A name diaries can write in "(name repo)", "name@hash" and labels: one
 * word. */
static int is_repo_name(const char *s)
{
	if (!dt_isalnum((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!dt_isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
			return 0;
	return 1;
}

static int is_null(const dt_ynode *v)
{
	return v->type == DT_YNODE_SCALAR && v->plain &&
	       (!v->len || !strcmp(v->value, "~") || !strcmp(v->value, "null") ||
	        !strcmp(v->value, "Null") || !strcmp(v->value, "NULL"));
}

/* repos: a mapping of name -> path or ~. The paths are checked by
 * dt_config_check_repos, which knows the work tree. */
static int repos_section(dt_config *cfg, const ctx *c, const dt_ynode *v)
{
	if (is_null(v))
		return 0; /* "repos:" with nothing under it */
	if (v->type != DT_YNODE_MAP)
		return fail(c, v, "'%s' must be a mapping of names to paths, found %s", "repos",
		            dt_ynode_type_name(v->type));
	free_repos(cfg);
	cfg->repos = dt_xcalloc(v->count / 2 + 1, sizeof(*cfg->repos));
	for (size_t i = 0; i + 1 < v->count; i += 2) {
		const dt_ynode *k = v->items[i], *val = v->items[i + 1];
		dt_config_repo *r;
		if (k->type != DT_YNODE_SCALAR)
			return fail(c, k, "keys must be strings%s%s", "", "");
		if (!is_repo_name(k->value))
			return fail(c, k,
			            "repository name '%s' must be one word (letters, digits, "
			            "'.', '_', '-')%s",
			            k->value, "");
		/* diaries name them in any case: two that differ only in case
		 * could not be told apart */
		for (size_t j = 0; j < cfg->repo_count; j++)
			if (!dt_ascii_casecmp(cfg->repos[j].name, k->value))
				return fail(c, k, "repository '%s' appears twice%s", k->value,
				            strcmp(cfg->repos[j].name, k->value)
				                ? " (names are compared ignoring case)"
				                : "");
		if (!is_null(val) && (val->type != DT_YNODE_SCALAR || !val->len))
			return fail(c, val,
			            "'repos.%s' must be the path of a clone, or ~, found %s",
			            k->value,
			            val->type == DT_YNODE_SCALAR ? "an empty string"
			                                         : dt_ynode_type_name(val->type));
		r = &cfg->repos[cfg->repo_count++];
		r->name = dt_xstrdup(k->value);
		r->path = is_null(val) ? NULL : dt_xstrdup(val->value);
		r->where = is_null(val) ? dt_xasprintf("%s:%zu:%zu", c->path, k->line, k->col)
		                        : dt_xasprintf("%s:%zu:%zu", c->path, val->line, val->col);
		dt_strvec_push(&cfg->repo_names, k->value);
	}
	return 0;
}

#define RULE_NAMES_HINT "a rule name such as evidence-missing"

static int top_key(dt_config *cfg, const ctx *c, const char *key, const dt_ynode *v)
{
	int e;
	if (!strcmp(key, "root")) {
		if ((e = get_str(c, v, "root", &cfg->root)) < 0)
			return e;
		if (!cfg->root[0])
			return fail(c, v, "'%s' must not be empty%s", "root", "");
		cfg->root_line = v->line;
		cfg->root_col = v->col;
		return 0;
	}
	if (!strcmp(key, "since")) {
		if ((e = get_str(c, v, "since", &cfg->since)) < 0)
			return e;
		if (!is_date_or_commit(cfg->since))
			return fail(
			    c, v,
			    "'since' must be a date (YYYY-MM-DD) or a commit id, found '%s'%s",
			    cfg->since, "");
		return 0;
	}
	if (!strcmp(key, "repos"))
		return repos_section(cfg, c, v);
	if (!strcmp(key, "ticket"))
		return section(cfg, c, v, "ticket", "require, patterns, exempt, from_branch",
		               ticket_key);
	if (!strcmp(key, "diary"))
		return section(cfg, c, v, "diary", "files, new_commit, bookkeeping", diary_key);
	if (!strcmp(key, "evidence"))
		return section(cfg, c, v, "evidence", "command", evidence_key);
	if (!strcmp(key, "push"))
		return section(cfg, c, v, "push", "branches", push_key);
	if (!strcmp(key, "rules"))
		return section(cfg, c, v, "rules", RULE_NAMES_HINT, rules_key);
	if (!strcmp(key, "hooks"))
		return section(cfg, c, v, "hooks", "on_internal_error", hooks_key);
	return 1;
}

static int compile_all(dt_regex ***out, const dt_strvec *pats, const dt_strvec *wheres,
                       const char *key, int need_ref)
{
	dt_regex **re = dt_xcalloc(pats->count + 1, sizeof(*re));
	int error = 0;

	for (size_t i = 0; i < pats->count; i++) {
		char *where = i < wheres->count ? dt_xstrdup(wheres->items[i])
		                                : dt_xasprintf("defaults: %s[%zu]", key, i);
		error = dt_regex_compile(&re[i], pats->items[i], 0, where);
		if (!error && need_ref && !dt_regex_has_group(re[i], "ref"))
			error = dt_error_set(DT_ECONFIG,
			                     "%s: pattern '%s' has no named group (?<ref>...)",
			                     where, pats->items[i]);
		free(where);
		if (error)
			break;
	}
	*out = re;
	return error;
}

int dt_config_parse(dt_config *cfg, const char *text, size_t len, const char *path)
{
	dt_ynode *doc = NULL;
	ctx c = {path};
	int error;

	if (dt_ydoc_nul_error(text, len, path, 1, "") < 0)
		return DT_ECONFIG;
	if ((error = dt_ydoc_parse(&doc, text, len, path, 1)) < 0) {
		error = DT_ECONFIG;
		goto cleanup;
	}
	if (doc && doc->type != DT_YNODE_MAP) {
		error = fail(&c, doc, "the file must be a mapping of keys, found %s%s",
		             dt_ynode_type_name(doc->type), "");
		goto cleanup;
	}
	if (doc) {
		/* read hooks.on_internal_error first, so that it is honoured even
		 * when a later key is wrong */
		const dt_ynode *hooks = dt_ynode_get(doc, "hooks");
		const dt_ynode *oie = dt_ynode_get(hooks, "on_internal_error");
		if (oie && oie->type == DT_YNODE_SCALAR && !strcmp(oie->value, "open"))
			cfg->on_internal_error = DT_ON_ERROR_OPEN;
		error = walk_map(cfg, &c, doc, NULL,
		                 "root, since, repos, ticket, diary, evidence, push, rules, hooks",
		                 top_key);
		if (error)
			goto cleanup;
	}
	free_regexes(cfg->pattern_re, cfg->pattern_count);
	free_regexes(cfg->exempt_re, cfg->exempt_count);
	cfg->pattern_re = cfg->exempt_re = NULL;
	cfg->pattern_count = cfg->patterns.count;
	cfg->exempt_count = cfg->exempt.count;
	if ((error = compile_all(&cfg->pattern_re, &cfg->patterns, &cfg->patterns_where,
	                         "ticket.patterns", 1)))
		goto cleanup;
	error = compile_all(&cfg->exempt_re, &cfg->exempt, &cfg->exempt_where, "ticket.exempt", 0);

cleanup:
	dt_ynode_free(doc);
	return error;
}

int dt_config_load(dt_config **out, const char *worktree)
{
	dt_config *cfg = dt_config_new();
	dt_buf path = DT_BUF_INIT, text = DT_BUF_INIT;
	int error;

	*out = cfg;
	dt_path_join(&path, worktree, DT_CONFIG_FILE);
	error = dt_file_read(&text, path.ptr, 1024 * 1024);
	if (error == DT_ENOTFOUND) {
		error = 0; /* no file: the defaults, compiled by dt_config_new */
		dt_error_clear();
		goto cleanup;
	}
	if (error) {
		error = DT_ECONFIG;
		goto cleanup;
	}
	cfg->path = dt_xstrdup(path.ptr);
	error = dt_config_parse(cfg, text.ptr, text.size, DT_CONFIG_FILE);
	if (!error)
		error = dt_config_check_repos(cfg, worktree);

cleanup:
	dt_buf_dispose(&path);
	dt_buf_dispose(&text);
	return error;
}

/* A work tree (.git, a folder or a gitdir file) or a bare repository
 * (HEAD, objects/, refs/: what git itself looks for). No libgit2 here:
 * commit-msg loads the config and must not pay for it (SPEC §10). */
static int is_git_repository(const char *dir)
{
	dt_buf p = DT_BUF_INIT;
	int yes;

	dt_path_join(&p, dir, ".git");
	yes = dt_path_exists(p.ptr);
	if (!yes) {
		dt_path_join(&p, dir, "HEAD");
		yes = dt_path_isfile(p.ptr);
		dt_path_join(&p, dir, "objects");
		yes = yes && dt_path_isdir(p.ptr);
		dt_path_join(&p, dir, "refs");
		yes = yes && dt_path_isdir(p.ptr);
	}
	dt_buf_dispose(&p);
	return yes;
}

int dt_config_check_repos(dt_config *cfg, const char *worktree)
{
	dt_buf abs = DT_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < cfg->repo_count && !error; i++) {
		dt_config_repo *r = &cfg->repos[i];
		const char *home = getenv("HOME");
		if (!r->path)
			continue;
		if (r->path[0] == '~' && (r->path[1] == '/' || !r->path[1])) {
			if (!home || !*home) {
				error = dt_error_set(DT_ECONFIG,
				                     "%s: 'repos.%s': %s starts with ~ but HOME is "
				                     "not set",
				                     r->where, r->name, r->path);
				break;
			}
			dt_path_join(&abs, home, r->path[1] ? r->path + 2 : "");
		} else {
			dt_path_join(&abs, worktree, r->path);
		}
		if (!dt_path_exists(abs.ptr))
			error =
			    dt_error_set(DT_ECONFIG,
			                 "%s: 'repos.%s': %s does not exist (a path is relative "
			                 "to the top of the work tree)",
			                 r->where, r->name, r->path);
		else if (!is_git_repository(abs.ptr))
			error = dt_error_set(DT_ECONFIG,
			                     "%s: 'repos.%s': %s is not a git repository (a work "
			                     "tree or a bare repository)",
			                     r->where, r->name, r->path);
		else {
			free(r->abs);
			r->abs = dt_buf_detach(&abs);
		}
	}
	dt_buf_dispose(&abs);
	return error;
}

const dt_config_repo *dt_config_repo_named(const dt_config *cfg, const char *name)
{
	for (size_t i = 0; name && i < cfg->repo_count; i++)
		if (!dt_ascii_casecmp(cfg->repos[i].name, name))
			return &cfg->repos[i];
	return NULL;
}

int dt_config_exempt(const dt_config *cfg, const char *subject)
{
	for (size_t i = 0; i < cfg->exempt_count; i++) {
		int rc;
		if (!cfg->exempt_re || !cfg->exempt_re[i])
			continue;
		rc = dt_regex_match(cfg->exempt_re[i], subject, strlen(subject), 0, NULL, NULL,
		                    NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static int ttmp_root(dt_buf *out, const char *file, const char *dir)
{
	dt_buf text = DT_BUF_INIT;
	dt_ynode *doc = NULL;
	const char *root = NULL;
	int error;

	if ((error = dt_file_read(&text, file, 1024 * 1024)) < 0)
		goto cleanup;
	if ((error = dt_ydoc_parse(&doc, text.ptr, text.size, file, 1)) < 0)
		goto cleanup;
	root = dt_frontmatter_str(doc, "root");
	if (!root) {
		error = dt_error_set(DT_ECONFIG, "%s: has no 'root:' string", file);
		goto cleanup;
	}
	dt_path_join(out, dir, root);

cleanup:
	if (error)
		error = DT_ECONFIG;
	dt_ynode_free(doc);
	dt_buf_dispose(&text);
	return error;
}

int dt_config_root(dt_buf *out, int *explicit_root, const dt_config *cfg, const char *worktree,
                   const char *cwd)
{
	dt_buf dir = DT_BUF_INIT, file = DT_BUF_INIT;
	size_t wlen = strlen(worktree);
	int error = 0;

	*explicit_root = 0;
	if (cfg->root) {
		dt_path_join(out, worktree, cfg->root);
		*explicit_root = 1;
		return 0;
	}
	/* nearest .ttmp.yaml from cwd up to the work tree */
	dt_buf_puts(&dir,
	            cwd && !strncmp(cwd, worktree, wlen) && (cwd[wlen] == '/' || cwd[wlen] == '\0')
	                ? cwd
	                : worktree);
	for (;;) {
		dt_path_join(&file, dir.ptr, ".ttmp.yaml");
		if (dt_path_isfile(file.ptr)) {
			error = ttmp_root(out, file.ptr, dir.ptr);
			*explicit_root = !error;
			goto cleanup;
		}
		if (dir.size <= wlen)
			break;
		char *slash = strrchr(dir.ptr, '/');
		if (!slash)
			break;
		dt_buf_truncate(&dir, (size_t)(slash - dir.ptr));
	}
	dt_path_join(out, worktree, "ttmp");

cleanup:
	dt_buf_dispose(&dir);
	dt_buf_dispose(&file);
	return error;
}
