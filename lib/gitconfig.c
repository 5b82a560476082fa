#include "gitconfig.h"
#include "buf.h"
#include "common.h"
#include "fileio.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INCLUDE_DEPTH 10

typedef struct {
	char *key;
	char *value;
} entry;

struct dt_gitconfig {
	entry *items;
	size_t count, alloc;
	const dt_gitenv *env;
	char *branch;
	int branch_read;
};

dt_gitconfig *dt_gitconfig_new(void)
{
	return dt_xcalloc(1, sizeof(dt_gitconfig));
}

static void add(dt_gitconfig *cfg, const char *key, const char *value)
{
	DT_ARRAY_GROW(cfg->items, cfg->alloc, cfg->count + 1);
	cfg->items[cfg->count].key = dt_xstrdup(key);
	cfg->items[cfg->count].value = dt_xstrdup(value);
	cfg->count++;
}

/* "section.Sub.name": lower-case the section and the name, keep the
 * subsection as written. */
static void normalise_key(char *key)
{
	char *first = strchr(key, '.'), *last = strrchr(key, '.');
	for (char *p = key; *p; p++)
		if (!first || p < first || p > last)
			*p = (char)dt_tolower((unsigned char)*p);
}

const char *dt_gitconfig_get(const dt_gitconfig *cfg, const char *key)
{
	char *k = dt_xstrdup(key);
	const char *found = NULL;

	normalise_key(k);
	for (size_t i = cfg->count; i-- > 0;)
		if (!strcmp(cfg->items[i].key, k)) {
			found = cfg->items[i].value;
			break;
		}
	free(k);
	return found;
}

int dt_gitconfig_bool(const dt_gitconfig *cfg, const char *key, int dflt)
{
	const char *v = dt_gitconfig_get(cfg, key);
	if (!v)
		return dflt;
	if (!dt_ascii_casecmp(v, "true") || !dt_ascii_casecmp(v, "yes") ||
	    !dt_ascii_casecmp(v, "on") || !strcmp(v, "1"))
		return 1;
	if (!*v || !dt_ascii_casecmp(v, "false") || !dt_ascii_casecmp(v, "no") ||
	    !dt_ascii_casecmp(v, "off") || !strcmp(v, "0"))
		return 0;
	return dflt;
}

void dt_gitconfig_free(dt_gitconfig *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->count; i++) {
		free(cfg->items[i].key);
		free(cfg->items[i].value);
	}
	free(cfg->items);
	free(cfg->branch);
	free(cfg);
}

static char *expand_home(const char *path, const char *basedir)
{
	dt_buf b = DT_BUF_INIT;
	if (path[0] == '~' && path[1] == '/') {
		const char *home = getenv("HOME");
		dt_buf_puts(&b, home ? home : "");
		dt_buf_puts(&b, path + 1);
		return dt_buf_detach(&b);
	}
	if (basedir && path[0] != '/') {
		dt_path_join(&b, basedir, path);
		return dt_buf_detach(&b);
	}
	return dt_xstrdup(path);
}

static int load_file(dt_gitconfig *cfg, const char *path, int depth)
{
	dt_buf text = DT_BUF_INIT;
	int error = dt_file_read(&text, path, DT_FILE_MAX);

	if (error == 0)
		error = dt_gitconfig_parse(cfg, text.ptr, path, depth);
	else if (error == DT_ENOTFOUND || error == DT_EIO)
		error = 0; /* git skips files it cannot open */
	dt_buf_dispose(&text);
	return error;
}

static int include_matches(dt_gitconfig *cfg, const char *cond, const char *basedir)
{
	int icase = 0;
	const char *pat = NULL;

	if (!strncmp(cond, "gitdir:", 7))
		pat = cond + 7;
	else if (!strncmp(cond, "gitdir/i:", 9)) {
		pat = cond + 9;
		icase = 1;
	} else if (!strncmp(cond, "onbranch:", 9)) {
		dt_buf p = DT_BUF_INIT;
		int ok;
		if (!cfg->env)
			return 0;
		if (!cfg->branch_read) {
			dt_gitenv_branch(&cfg->branch, cfg->env);
			cfg->branch_read = 1;
		}
		if (!cfg->branch)
			return 0;
		dt_buf_puts(&p, cond + 9);
		if (p.size && p.ptr[p.size - 1] == '/')
			dt_buf_puts(&p, "**");
		ok = fnmatch(p.ptr, cfg->branch, 0) == 0;
		dt_buf_dispose(&p);
		return ok;
	}
	if (!pat || !cfg->env || !cfg->env->gitdir)
		return 0;
	{
		dt_buf p = DT_BUF_INIT;
		char *exp;
		int ok;
		if (!strncmp(pat, "./", 2)) {
			exp = expand_home(pat + 2, basedir);
		} else {
			exp = expand_home(pat, NULL);
		}
		if (exp[0] != '/' && exp[0] != '*')
			dt_buf_puts(&p, "**/");
		dt_buf_puts(&p, exp);
		if (p.ptr[p.size - 1] == '/')
			dt_buf_puts(&p, "**");
		free(exp);
		/* git matches against the git dir of the repository */
		ok = fnmatch(p.ptr, cfg->env->gitdir, icase ? FNM_CASEFOLD : 0) == 0;
		if (!ok) {
			dt_buf g = DT_BUF_INIT;
			dt_buf_puts(&g, cfg->env->gitdir);
			dt_buf_putc(&g, '/');
			ok = fnmatch(p.ptr, g.ptr, icase ? FNM_CASEFOLD : 0) == 0;
			dt_buf_dispose(&g);
		}
		dt_buf_dispose(&p);
		return ok;
	}
}

static int parse_error(const char *path, size_t line, const char *what)
{
	return dt_error_set(DT_EINVALID, "%s:%zu: bad git config line: %s", path, line, what);
}

int dt_gitconfig_parse(dt_gitconfig *cfg, const char *text, const char *path, int depth)
{
	dt_buf section = DT_BUF_INIT, key = DT_BUF_INIT, val = DT_BUF_INIT;
	const char *p = text;
	char *basedir = dt_xstrdup(path);
	char *slash = strrchr(basedir, '/');
	size_t line = 1;
	int error = 0;

	if (slash)
		*slash = '\0';
	else
		strcpy(basedir, ".");
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\n') {
			p++;
			line++;
			continue;
		}
		if (*p == '#' || *p == ';') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == '[') {
			dt_buf_clear(&section);
			p++;
			while (*p && *p != ']' && *p != ' ' && *p != '\t' && *p != '\n')
				dt_buf_putc(&section, (char)dt_tolower((unsigned char)*p++));
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '"') {
				dt_buf_putc(&section, '.');
				p++;
				while (*p && *p != '"' && *p != '\n') {
					if (*p == '\\' && p[1] && p[1] != '\n')
						p++;
					dt_buf_putc(&section, *p++);
				}
				if (*p != '"') {
					error = parse_error(path, line, "unterminated subsection");
					goto cleanup;
				}
				p++;
			}
			if (*p != ']') {
				error = parse_error(path, line, "expected ']'");
				goto cleanup;
			}
			p++;
			continue;
		}
		if (!dt_isalpha((unsigned char)*p)) {
			error = parse_error(path, line, "expected a variable name");
			goto cleanup;
		}
		if (!section.size) {
			error = parse_error(path, line, "variable outside any section");
			goto cleanup;
		}
		dt_buf_set(&key, section.ptr, section.size);
		dt_buf_putc(&key, '.');
		while (dt_isalnum((unsigned char)*p) || *p == '-')
			dt_buf_putc(&key, (char)dt_tolower((unsigned char)*p++));
		while (*p == ' ' || *p == '\t')
			p++;
		dt_buf_clear(&val);
		if (*p != '=') {
			if (*p && *p != '\n' && *p != '\r' && *p != '#' && *p != ';') {
				error = parse_error(path, line, "expected '=' after the name");
				goto cleanup;
			}
			dt_buf_puts(&val, "true");
		} else {
			int quoted = 0;
			size_t keep = 0; /* length up to the last non-space or quoted byte */
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			for (;;) {
				char c = *p;
				if (!c || (c == '\n' && !quoted))
					break;
				if (c == '\n' && quoted) {
					error = parse_error(path, line, "unterminated quote");
					goto cleanup;
				}
				p++;
				if (!quoted && (c == '#' || c == ';')) {
					while (*p && *p != '\n')
						p++;
					break;
				}
				if (c == '"') {
					quoted = !quoted;
					keep = val.size;
					continue;
				}
				if (c == '\\') {
					char e = *p++;
					switch (e) {
					case '\n':
						line++;
						continue;
					case '\r':
						if (*p == '\n') {
							p++;
							line++;
							continue;
						}
						c = '\r';
						break;
					case 'n':
						c = '\n';
						break;
					case 't':
						c = '\t';
						break;
					case 'b':
						c = '\b';
						break;
					case '"':
						c = '"';
						break;
					case '\\':
						c = '\\';
						break;
					default:
						error = parse_error(path, line, "bad escape");
						goto cleanup;
					}
					dt_buf_putc(&val, c);
					keep = val.size;
					continue;
				}
				if (c == '\r' && (*p == '\n' || !*p))
					continue;
				if (!quoted && c == '\t')
					c = ' '; /* git turns unquoted white space into spaces */
				dt_buf_putc(&val, c);
				if (quoted || c != ' ')
					keep = val.size;
			}
			dt_buf_truncate(&val, keep);
		}
		add(cfg, key.ptr, val.ptr);

		if (!strcmp(key.ptr, "include.path") ||
		    (!strncmp(key.ptr, "includeif.", 10) && key.size > 15 &&
		     !strcmp(key.ptr + key.size - 5, ".path"))) {
			int follow = 1;
			if (key.ptr[7] == 'i') {
				char *cond = dt_xstrndup(key.ptr + 10, key.size - 15);
				follow = include_matches(cfg, cond, basedir);
				free(cond);
			}
			if (follow && depth < MAX_INCLUDE_DEPTH) {
				char *inc = expand_home(val.ptr, basedir);
				error = load_file(cfg, inc, depth + 1);
				free(inc);
				if (error)
					goto cleanup;
			}
		}
	}

cleanup:
	free(basedir);
	dt_buf_dispose(&section);
	dt_buf_dispose(&key);
	dt_buf_dispose(&val);
	return error;
}

/* One shell-quoted word of GIT_CONFIG_PARAMETERS: 'abc'\''def'. */
static const char *sq_word(dt_buf *out, const char *p)
{
	dt_buf_clear(out);
	while (*p == ' ')
		p++;
	if (*p != '\'')
		return NULL;
	for (;;) {
		if (*p != '\'')
			break;
		p++;
		while (*p && *p != '\'')
			dt_buf_putc(out, *p++);
		if (*p != '\'')
			return NULL;
		p++;
		if (*p == '\\' && p[1] == '\'') {
			dt_buf_putc(out, '\'');
			p += 2;
			continue;
		}
		break;
	}
	return p;
}

/* `git -c` and GIT_CONFIG_COUNT/KEY_n/VALUE_n; git applies the numbered
 * ones first, so the parameters win. */
static void load_parameters(dt_gitconfig *cfg)
{
	const char *p = getenv("GIT_CONFIG_PARAMETERS");
	const char *cnt = getenv("GIT_CONFIG_COUNT");
	dt_buf w = DT_BUF_INIT, v = DT_BUF_INIT;

	if (cnt) {
		long n = strtol(cnt, NULL, 10);
		for (long i = 0; i < n && i < 10000; i++) {
			char kname[40], vname[40];
			const char *k, *val;
			snprintf(kname, sizeof(kname), "GIT_CONFIG_KEY_%ld", i);
			snprintf(vname, sizeof(vname), "GIT_CONFIG_VALUE_%ld", i);
			k = getenv(kname);
			val = getenv(vname);
			if (!k || !val)
				break;
			dt_buf_set(&w, k, strlen(k));
			normalise_key(w.ptr);
			add(cfg, w.ptr, val);
		}
	}
	while (p && *p) {
		p = sq_word(&w, p);
		if (!p)
			break;
		if (*p == '=') {
			p = sq_word(&v, p + 1);
			if (!p)
				break;
			normalise_key(w.ptr);
			add(cfg, w.ptr, v.ptr);
		} else {
			char *eq = strchr(w.ptr, '=');
			if (eq)
				*eq = '\0';
			normalise_key(w.ptr);
			add(cfg, w.ptr, eq ? eq + 1 : "true");
		}
	}
	dt_buf_dispose(&w);
	dt_buf_dispose(&v);
}

/* git_env_bool(): true, yes, on or a non-zero number */
static int env_bool(const char *v)
{
	if (!dt_ascii_casecmp(v, "true") || !dt_ascii_casecmp(v, "yes") ||
	    !dt_ascii_casecmp(v, "on"))
		return 1;
	return strtol(v, NULL, 10) != 0;
}

int dt_gitconfig_load(dt_gitconfig **out, const dt_gitenv *env)
{
	dt_gitconfig *cfg = dt_gitconfig_new();
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *sys = getenv("GIT_CONFIG_SYSTEM"), *glob = getenv("GIT_CONFIG_GLOBAL");
	const char *nosys = getenv("GIT_CONFIG_NOSYSTEM");
	dt_buf path = DT_BUF_INIT;
	int error = 0;

	*out = NULL;
	cfg->env = env;
	if (!(nosys && env_bool(nosys))) {
		if ((error = load_file(cfg, sys ? sys : "/etc/gitconfig", 0)))
			goto cleanup;
	}
	if (glob) {
		if ((error = load_file(cfg, glob, 0)))
			goto cleanup;
	} else {
		if (xdg && *xdg)
			dt_path_join(&path, xdg, "git/config");
		else if (home)
			dt_path_join(&path, home, ".config/git/config");
		if (path.size && (error = load_file(cfg, path.ptr, 0)))
			goto cleanup;
		if (home) {
			dt_path_join(&path, home, ".gitconfig");
			if ((error = load_file(cfg, path.ptr, 0)))
				goto cleanup;
		}
	}
	if (env && env->commondir) {
		dt_path_join(&path, env->commondir, "config");
		if ((error = load_file(cfg, path.ptr, 0)))
			goto cleanup;
		if (dt_gitconfig_bool(cfg, "extensions.worktreeconfig", 0)) {
			dt_path_join(&path, env->gitdir, "config.worktree");
			if ((error = load_file(cfg, path.ptr, 0)))
				goto cleanup;
		}
	}
	load_parameters(cfg);
	*out = cfg;
	cfg = NULL;

cleanup:
	dt_buf_dispose(&path);
	dt_gitconfig_free(cfg);
	return error;
}
