/* test_gitconfig.c - git's configuration read without libgit2
 * (lib/gitconfig.h). Expected values are what git 2.39 gives for the same
 * text (`git config -f FILE --get KEY`). */
#include "unit.h"

#include "common.h"
#include "fileio.h"
#include "gitconfig.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ---- */

static const char *const env_vars[] = {
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_KEY_0",
    "GIT_CONFIG_VALUE_0",
    "GIT_CONFIG_KEY_1",
    "GIT_CONFIG_VALUE_1",
    "GIT_CONFIG_NOSYSTEM",
    "GIT_CONFIG_SYSTEM",
    "GIT_CONFIG_GLOBAL",
    "XDG_CONFIG_HOME",
    "HOME",
    NULL,
};

/* A temporary folder, and an environment that reads no file of the
 * machine's: HOME is the folder, system and global files are unset. */
static int setup_tmp(void **state)
{
	char *real = tu_tmpdir("gitconfig");

	if (!real)
		return -1;
	for (size_t i = 0; env_vars[i]; i++)
		unsetenv(env_vars[i]);
	setenv("HOME", real, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	*state = real;
	return 0;
}

static int teardown_tmp(void **state)
{
	for (size_t i = 0; env_vars[i]; i++)
		unsetenv(env_vars[i]);
	tu_rm_rf(*state);
	free(*state);
	return 0;
}

static char *put(const char *dir, const char *rel, const char *text)
{
	return tu_write(dir, rel, text, 0644);
}

static dt_gitconfig *parse_ok(const char *text)
{
	dt_gitconfig *cfg = dt_gitconfig_new();
	int rc = dt_gitconfig_parse(cfg, text, "test.cfg", 0);
	if (rc)
		print_error("unexpected error: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	return cfg;
}

/* 1 when `key` reads `want` (NULL: unset); a mismatch is printed. */
static int get_is(const dt_gitconfig *cfg, const char *key, const char *want)
{
	const char *got = dt_gitconfig_get(cfg, key);
	if (want ? got && !strcmp(got, want) : !got)
		return 1;
	print_error("%s: got [%s], expected [%s]\n", key, got ? got : "(unset)",
	            want ? want : "(unset)");
	return 0;
}

static void assert_get(const dt_gitconfig *cfg, const char *key, const char *want)
{
	assert_true(get_is(cfg, key, want));
}

/* ---- dt_gitconfig_parse ---- */

static void test_gitconfig_parse_values_like_git(void **state)
{
	static const char text[] = "# comment\n"
	                           "; another comment\n"
	                           "[core]\n"
	                           "\tcommentChar = %\n"
	                           "\tbare\n"
	                           "\teditor = vim # trailing comment\n"
	                           "\tpager = \"less -R ; x\" ; comment\n"
	                           "\tspaced =   a  b   \n"
	                           "\tquoted = \"  padded  \"\n"
	                           "\tesc = \"tab\\there\\\\back\\\"quote\\\"\" \n"
	                           "\tnl = a\\nb\n"
	                           "\tcont = one \\\n"
	                           "two\n"
	                           "\tempty =\n"
	                           "\temptyq = \"\"\n"
	                           "\tsemicolon = ;\n"
	                           "[Section \"Sub.Name\"]\n"
	                           "\tKey = v1\n"
	                           "[section \"sub\"]\n"
	                           "\tkey = lower\n"
	                           "[Section.Old]\n"
	                           "\tKey = old\n"
	                           "[remote \"origin\"] url = inline\n"
	                           "[x]key=nospace\n"
	                           "[y]\n"
	                           "\tmixed = \"a\"b\"c\"\n"
	                           "\thash = a#b\n"
	                           "\tdash-name = d\n"
	                           "[esc \"a\\\"b\\\\c\"]\n"
	                           "\tk = sub-escapes\n";
	static const struct {
		const char *key, *value;
	} cases[] = {
	    {"core.commentchar", "%"},
	    {"core.commentChar", "%"}, /* names ignore case */
	    {"CORE.COMMENTCHAR", "%"}, /* sections too */
	    {"core.bare", "true"},     /* a name alone is true */
	    {"core.editor", "vim"},
	    {"core.pager", "less -R ; x"},
	    {"core.spaced", "a  b"},
	    {"core.quoted", "  padded  "},
	    {"core.esc", "tab\there\\back\"quote\""},
	    {"core.nl", "a\nb"},
	    {"core.cont", "one two"},
	    {"core.empty", ""},
	    {"core.emptyq", ""},
	    {"core.semicolon", ""},
	    {"section.Sub.Name.key", "v1"}, /* subsections keep their case */
	    {"SECTION.Sub.Name.KEY", "v1"},
	    {"section.sub.name.key", NULL},
	    {"section.sub.key", "lower"},
	    {"section.Sub.key", NULL},
	    {"section.old.key", "old"}, /* [Section.Old]: old syntax, lower case */
	    {"remote.origin.url", "inline"},
	    {"x.key", "nospace"},
	    {"y.mixed", "abc"},
	    {"y.hash", "a"},
	    {"y.dash-name", "d"},
	    {"esc.a\"b\\c.k", "sub-escapes"},
	    {"core.missing", NULL},
	    {"missing.key", NULL},
	    {NULL, NULL},
	};
	dt_gitconfig *cfg = parse_ok(text);

	(void)state;
	for (size_t i = 0; cases[i].key; i++)
		assert_get(cfg, cases[i].key, cases[i].value);
	dt_gitconfig_free(cfg);
}

/* git turns each blank outside quotes into a space: "a<TAB>b" reads "a b". */
static void test_gitconfig_parse_unquoted_tab_reads_as_space(void **state)
{
	dt_gitconfig *cfg = parse_ok("[y]\n\ttab = a\tb\n\tquoted = \"a\tb\"\n");

	int ok;

	(void)state;
	ok = get_is(cfg, "y.quoted", "a\tb");
	ok &= get_is(cfg, "y.tab", "a b");
	dt_gitconfig_free(cfg);
	assert_true(ok);
}

static void test_gitconfig_parse_last_value_wins(void **state)
{
	dt_gitconfig *cfg = parse_ok("[core]\n\tcommentChar = #\n[CORE]\n\tCOMMENTCHAR = ;x\n"
	                             "[core]\n\tcommentchar = \"@\"\n");

	(void)state;
	assert_get(cfg, "core.commentchar", "@");
	/* a second parse into the same config adds later values */
	assert_int_equal(dt_gitconfig_parse(cfg, "[core]\ncommentchar = !\n", "more.cfg", 0), 0);
	assert_get(cfg, "core.commentchar", "!");
	dt_gitconfig_free(cfg);
}

static void test_gitconfig_parse_crlf_and_bom(void **state)
{
	dt_gitconfig *cfg =
	    parse_ok("\xef\xbb\xbf[core]\r\n\tcommentChar = ;\r\n\ta = x\r\n\tb = \"q\"\r\n");

	(void)state;
	assert_get(cfg, "core.commentchar", "");
	assert_get(cfg, "core.a", "x");
	assert_get(cfg, "core.b", "q");
	dt_gitconfig_free(cfg);
}

static void test_gitconfig_parse_errors_name_file_and_line(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"[core\n\tx = 1\n", "test.cfg:1: bad git config line: expected ']'"},
	    {"# c\n\nkey = x\n", "test.cfg:3: bad git config line: variable outside any section"},
	    {"[core]\n\ta = \"open\n\tb = 2\n",
	     "test.cfg:2: bad git config line: unterminated quote"},
	    {"[core]\n\ta = x\\q\n", "test.cfg:2: bad git config line: bad escape"},
	    {"[core]\n\n\n\ta = 1\n\t1b = 2\n",
	     "test.cfg:5: bad git config line: expected a variable name"},
	    {"[sec \"sub]\n", "test.cfg:1: bad git config line: unterminated subsection"},
	    {"[core]\n\tna_me = x\n",
	     "test.cfg:2: bad git config line: expected '=' after the name"},
	    /* a continued line counts */
	    {"[core]\n\ta = 1 \\\n continued\n\tb = \"x\n",
	     "test.cfg:4: bad git config line: unterminated quote"},
	    {"[core]\r\n\ta = 1\r\n\tb c = 2\r\n",
	     "test.cfg:3: bad git config line: expected '=' after the name"},
	    {"[core]\n\ta = x\\", "test.cfg:2: bad git config line: bad escape"},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].text; i++) {
		dt_gitconfig *cfg = dt_gitconfig_new();
		dt_error_clear();
		assert_int_equal(dt_gitconfig_parse(cfg, cases[i].text, "test.cfg", 0),
		                 DT_EINVALID);
		assert_string_equal(dt_error_last(), cases[i].msg);
		dt_gitconfig_free(cfg);
	}
}

static void test_gitconfig_bool_values(void **state)
{
	static const struct {
		const char *key;
		int want;
	} cases[] = {
	    {"b.t1", 1},  {"b.t2", 1},  {"b.t3", 1},    {"b.t4", 1}, {"b.t5", 1},
	    {"b.f1", 0},  {"b.f2", 0},  {"b.f3", 0},    {"b.f4", 0}, {"b.f5", 0},
	    {"b.odd", 7}, {"b.num", 7}, {"b.unset", 7}, {NULL, 0},
	};
	dt_gitconfig *cfg = parse_ok("[b]\n\tt1 = true\n\tt2 = YES\n\tt3 = On\n\tt4 = 1\n\tt5\n"
	                             "\tf1 = false\n\tf2 = no\n\tf3 = OFF\n\tf4 = 0\n\tf5 =\n"
	                             "\todd = maybe\n\tnum = 2x\n");

	(void)state;
	for (size_t i = 0; cases[i].key; i++)
		assert_int_equal(dt_gitconfig_bool(cfg, cases[i].key, 7), cases[i].want);
	dt_gitconfig_free(cfg);
}

/* ---- include.path ---- */

static void test_gitconfig_include_path_relative_to_file(void **state)
{
	const char *tmp = *state;
	char *main_cfg, *inc;
	dt_gitconfig *cfg = dt_gitconfig_new();
	dt_buf text = DT_BUF_INIT;

	main_cfg = put(tmp, "cfg/main.cfg",
	               "[core]\n\tcommentChar = #\n\tbefore = main\n\tafter = main\n"
	               "[include]\n\tpath = sub/inc.cfg\n"
	               "[core]\n\tafter = main-again\n"
	               "[include]\n\tpath = missing.cfg\n");
	inc = put(tmp, "cfg/sub/inc.cfg",
	          "[core]\n\tcommentChar = !\n\tbefore = inc\n\tafter = inc\n\tonly = inc\n"
	          "[include]\n\tpath = ~/home.cfg\n");
	free(put(tmp, "home.cfg", "[home]\n\tread = yes\n"));
	assert_int_equal(dt_file_read(&text, main_cfg, DT_FILE_MAX), 0);
	assert_int_equal(dt_gitconfig_parse(cfg, text.ptr, main_cfg, 0), 0);
	/* included values sit where the include is */
	assert_get(cfg, "core.before", "inc");
	assert_get(cfg, "core.after", "main-again");
	assert_get(cfg, "core.only", "inc");
	assert_get(cfg, "core.commentchar", "!");
	/* "~/" is $HOME, and a missing file is skipped */
	assert_get(cfg, "home.read", "yes");
	dt_gitconfig_free(cfg);
	dt_buf_dispose(&text);
	free(main_cfg);
	free(inc);
}

static void test_gitconfig_include_error_names_included_file(void **state)
{
	const char *tmp = *state;
	char *inc = put(tmp, "bad.cfg", "[ok]\n\ta = 1\n[broken\n");
	char *want = dt_xasprintf("%s:3: bad git config line: expected ']'", inc);
	char *main_text = dt_xasprintf("[include]\n\tpath = %s\n", inc);
	dt_gitconfig *cfg = dt_gitconfig_new();

	assert_int_equal(dt_gitconfig_parse(cfg, main_text, "main.cfg", 0), DT_EINVALID);
	assert_string_equal(dt_error_last(), want);
	dt_gitconfig_free(cfg);
	free(main_text);
	free(want);
	free(inc);
}

/* A file that includes itself stops (git's limit is 10 levels). */
static void test_gitconfig_include_cycle_terminates(void **state)
{
	const char *tmp = *state;
	char *self =
	    put(tmp, "self.cfg", "[core]\n\tcommentChar = ;\n[include]\n\tpath = self.cfg\n");
	dt_buf text = DT_BUF_INIT;
	dt_gitconfig *cfg = dt_gitconfig_new();

	assert_int_equal(dt_file_read(&text, self, DT_FILE_MAX), 0);
	(void)dt_gitconfig_parse(cfg, text.ptr, self, 0);
	assert_get(cfg, "core.commentchar", "");
	dt_gitconfig_free(cfg);
	dt_buf_dispose(&text);
	free(self);
}

/* ---- dt_gitconfig_load ---- */

/* A fake repository: only the files gitconfig reads. */
static void fake_repo(const char *tmp, dt_gitenv *env, const char *config)
{
	env->worktree = dt_xasprintf("%s/repo", tmp);
	env->gitdir = dt_xasprintf("%s/repo/.git", tmp);
	env->commondir = dt_xstrdup(env->gitdir);
	free(put(tmp, "repo/.git/HEAD", "ref: refs/heads/task/vm-022\n"));
	free(put(tmp, "repo/.git/config", config));
}

static void load_ok(dt_gitconfig **cfg, const dt_gitenv *env)
{
	int rc = dt_gitconfig_load(cfg, env);
	if (rc)
		print_error("load: %s\n", dt_error_last());
	assert_int_equal(rc, 0);
	assert_non_null(*cfg);
}

static void test_gitconfig_load_order_system_global_repo_env(void **state)
{
	const char *tmp = *state;
	char *sys = put(tmp, "etc/gitconfig", "[core]\n\tcommentChar = 1\n\tfromsys = s\n");
	char *glob = put(tmp, "global.cfg", "[core]\n\tcommentChar = 2\n\tfromglobal = g\n");
	dt_gitenv env = DT_GITENV_INIT;
	dt_gitconfig *cfg;

	unsetenv("GIT_CONFIG_NOSYSTEM");
	setenv("GIT_CONFIG_SYSTEM", sys, 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", "1");
	dt_gitconfig_free(cfg);

	setenv("GIT_CONFIG_GLOBAL", glob, 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", "2");
	assert_get(cfg, "core.fromsys", "s");
	dt_gitconfig_free(cfg);

	fake_repo(tmp, &env, "[core]\n\tcommentChar = 3\n");
	load_ok(&cfg, &env);
	assert_get(cfg, "core.commentchar", "3");
	assert_get(cfg, "core.fromglobal", "g");
	dt_gitconfig_free(cfg);

	setenv("GIT_CONFIG_PARAMETERS", "'core.commentchar'='4'", 1);
	load_ok(&cfg, &env);
	assert_get(cfg, "core.commentchar", "4");
	dt_gitconfig_free(cfg);

	dt_gitenv_dispose(&env);
	free(sys);
	free(glob);
}

static void test_gitconfig_load_nosystem(void **state)
{
	static const struct {
		const char *value;
		int skip;
	} cases[] = {
	    {"1", 1}, {"true", 1},  {"yes", 1}, {"on", 1},
	    {"0", 0}, {"false", 0}, {"no", 0},  {NULL, 0},
	};
	const char *tmp = *state;
	char *sys = put(tmp, "etc/gitconfig", "[core]\n\tcommentChar = %\n");
	size_t wrong = 0;

	setenv("GIT_CONFIG_SYSTEM", sys, 1);
	free(sys);
	for (size_t i = 0; cases[i].value; i++) {
		dt_gitconfig *cfg;
		setenv("GIT_CONFIG_NOSYSTEM", cases[i].value, 1);
		load_ok(&cfg, NULL);
		if (!get_is(cfg, "core.commentchar", cases[i].skip ? NULL : "%")) {
			print_error("  with GIT_CONFIG_NOSYSTEM=%s\n", cases[i].value);
			wrong++;
		}
		dt_gitconfig_free(cfg);
	}
	assert_int_equal(wrong, 0);
}

static void test_gitconfig_load_global_replaces_home_files(void **state)
{
	const char *tmp = *state;
	char *home = put(tmp, ".gitconfig", "[core]\n\tcommentChar = h\n\thome = yes\n");
	char *xdg = put(tmp, "xdg/git/config", "[core]\n\tcommentChar = x\n\txdg = yes\n");
	char *glob = put(tmp, "global.cfg", "[core]\n\tglobal = yes\n");
	char *xdg_home = dt_xasprintf("%s/xdg", tmp);
	dt_gitconfig *cfg;

	/* $HOME/.gitconfig comes after $XDG_CONFIG_HOME/git/config */
	setenv("XDG_CONFIG_HOME", xdg_home, 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", "h");
	assert_get(cfg, "core.xdg", "yes");
	assert_get(cfg, "core.home", "yes");
	dt_gitconfig_free(cfg);

	/* GIT_CONFIG_GLOBAL replaces both */
	setenv("GIT_CONFIG_GLOBAL", glob, 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.global", "yes");
	assert_get(cfg, "core.home", NULL);
	assert_get(cfg, "core.xdg", NULL);
	dt_gitconfig_free(cfg);

	/* GIT_CONFIG_GLOBAL=/dev/null: no global file at all */
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", NULL);
	dt_gitconfig_free(cfg);
	free(home);
	free(xdg);
	free(glob);
	free(xdg_home);
}

static void test_gitconfig_load_parameters_forms(void **state)
{
	static const struct {
		const char *params, *key, *value;
	} cases[] = {
	    /* git >= 2.31: 'key'='value' */
	    {"'core.commentchar'=';'", "core.commentchar", ";"},
	    /* older git: 'key=value' */
	    {"'core.commentchar=;'", "core.commentchar", ";"},
	    {"'core.commentChar'='#'", "core.commentchar", "#"},
	    {"'Core.CommentChar'='!'", "core.commentchar", "!"},
	    {"'a.b'='1' 'core.commentchar'='%'", "core.commentchar", "%"},
	    {"'a.b=1' 'core.commentchar'='%'", "core.commentchar", "%"},
	    {"'core.commentchar'='x' 'core.commentchar'='y'", "core.commentchar", "y"},
	    {"'user.name'='O'\\''Brien'", "user.name", "O'Brien"},
	    {"'core.bare'", "core.bare", "true"},
	    {"'core.commentchar'=''", "core.commentchar", ""},
	    {"'remote.Origin.url'='u'", "remote.Origin.url", "u"},
	    {"'remote.Origin.url'='u'", "remote.origin.url", NULL},
	    {"'core.pager'='less -R = x'", "core.pager", "less -R = x"},
	    {"", "core.commentchar", NULL},
	    {"garbage", "core.commentchar", NULL},
	    {"'unterminated", "core.commentchar", NULL},
	    {NULL, NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; cases[i].params; i++) {
		dt_gitconfig *cfg;
		setenv("GIT_CONFIG_PARAMETERS", cases[i].params, 1);
		load_ok(&cfg, NULL);
		if (cases[i].value && !dt_gitconfig_get(cfg, cases[i].key))
			print_error("GIT_CONFIG_PARAMETERS=%s\n", cases[i].params);
		assert_get(cfg, cases[i].key, cases[i].value);
		dt_gitconfig_free(cfg);
	}
}

static void test_gitconfig_load_config_count(void **state)
{
	dt_gitconfig *cfg;

	(void)state;
	setenv("GIT_CONFIG_COUNT", "2", 1);
	setenv("GIT_CONFIG_KEY_0", "core.commentChar", 1);
	setenv("GIT_CONFIG_VALUE_0", ";", 1);
	setenv("GIT_CONFIG_KEY_1", "User.Name", 1);
	setenv("GIT_CONFIG_VALUE_1", "A B", 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", ";");
	assert_get(cfg, "user.name", "A B");
	dt_gitconfig_free(cfg);

	/* only COUNT entries are read */
	setenv("GIT_CONFIG_COUNT", "1", 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", ";");
	assert_get(cfg, "user.name", NULL);
	dt_gitconfig_free(cfg);

	setenv("GIT_CONFIG_COUNT", "0", 1);
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", NULL);
	dt_gitconfig_free(cfg);
}

/* git reads GIT_CONFIG_COUNT first and GIT_CONFIG_PARAMETERS (git -c)
 * last, so `git -c` wins. */
static void test_gitconfig_load_parameters_win_over_count(void **state)
{
	dt_gitconfig *cfg;
	int ok;

	(void)state;
	setenv("GIT_CONFIG_COUNT", "1", 1);
	setenv("GIT_CONFIG_KEY_0", "core.commentChar", 1);
	setenv("GIT_CONFIG_VALUE_0", "c", 1);
	setenv("GIT_CONFIG_PARAMETERS", "'core.commentchar'='p'", 1);
	load_ok(&cfg, NULL);
	ok = get_is(cfg, "core.commentchar", "p");
	dt_gitconfig_free(cfg);
	assert_true(ok);
}

static void test_gitconfig_load_env_wins_over_repo(void **state)
{
	const char *tmp = *state;
	dt_gitenv env = DT_GITENV_INIT;
	dt_gitconfig *cfg;

	fake_repo(tmp, &env, "[core]\n\tcommentChar = r\n\trepo = yes\n");
	setenv("GIT_CONFIG_COUNT", "1", 1);
	setenv("GIT_CONFIG_KEY_0", "core.commentChar", 1);
	setenv("GIT_CONFIG_VALUE_0", "e", 1);
	load_ok(&cfg, &env);
	assert_get(cfg, "core.commentchar", "e");
	assert_get(cfg, "core.repo", "yes");
	dt_gitconfig_free(cfg);
	dt_gitenv_dispose(&env);
}

static void test_gitconfig_load_worktree_config(void **state)
{
	const char *tmp = *state;
	dt_gitenv env = DT_GITENV_INIT;
	dt_gitconfig *cfg;

	fake_repo(tmp, &env, "[core]\n\tcommentChar = r\n");
	free(put(tmp, "repo/.git/config.worktree", "[core]\n\tcommentChar = w\n"));
	/* without extensions.worktreeConfig the file is not read */
	load_ok(&cfg, &env);
	assert_get(cfg, "core.commentchar", "r");
	dt_gitconfig_free(cfg);
	free(put(tmp, "repo/.git/config",
	         "[core]\n\tcommentChar = r\n[extensions]\n\tworktreeConfig = true\n"));
	load_ok(&cfg, &env);
	assert_get(cfg, "core.commentchar", "w");
	dt_gitconfig_free(cfg);
	dt_gitenv_dispose(&env);
}

static void test_gitconfig_load_include_if(void **state)
{
	const char *tmp = *state;
	dt_gitenv env = DT_GITENV_INIT;
	dt_gitconfig *cfg;
	char *text;

	free(put(tmp, "yes.cfg", "[hit]\n\tgitdir = yes\n"));
	free(put(tmp, "yes-i.cfg", "[hit]\n\tgitdiri = yes\n"));
	free(put(tmp, "branch.cfg", "[hit]\n\tbranch = yes\n"));
	free(put(tmp, "branch-glob.cfg", "[hit]\n\tbranchglob = yes\n"));
	free(put(tmp, "no.cfg", "[hit]\n\tnever = yes\n"));
	text = dt_xasprintf("[includeIf \"gitdir:%s/repo/\"]\n\tpath = %s/yes.cfg\n"
	                    "[includeIf \"gitdir/i:%s/REPO/.GIT\"]\n\tpath = %s/yes-i.cfg\n"
	                    "[includeIf \"gitdir:%s/REPO/.GIT\"]\n\tpath = %s/no.cfg\n"
	                    "[includeIf \"gitdir:%s/other/\"]\n\tpath = %s/no.cfg\n"
	                    "[includeIf \"onbranch:task/vm-022\"]\n\tpath = %s/branch.cfg\n"
	                    "[includeIf \"onbranch:task/\"]\n\tpath = %s/branch-glob.cfg\n"
	                    "[includeIf \"onbranch:main\"]\n\tpath = %s/no.cfg\n"
	                    "[includeIf \"hasconfig:remote.*.url:x\"]\n\tpath = %s/no.cfg\n",
	                    tmp, tmp, tmp, tmp, tmp, tmp, tmp, tmp, tmp, tmp, tmp, tmp);
	fake_repo(tmp, &env, text);
	load_ok(&cfg, &env);
	assert_get(cfg, "hit.gitdir", "yes");
	assert_get(cfg, "hit.gitdiri", "yes");
	assert_get(cfg, "hit.branch", "yes");
	assert_get(cfg, "hit.branchglob", "yes");
	assert_get(cfg, "hit.never", NULL);
	dt_gitconfig_free(cfg);
	dt_gitenv_dispose(&env);
	free(text);
}

static void test_gitconfig_load_bad_file_is_error(void **state)
{
	const char *tmp = *state;
	char *glob = put(tmp, "global.cfg", "[core]\n\tok = 1\n\tbad name = 2\n");
	char *want = dt_xasprintf("%s:3: bad git config line: expected '=' after the name", glob);
	dt_gitconfig *cfg = (dt_gitconfig *)1;

	setenv("GIT_CONFIG_GLOBAL", glob, 1);
	assert_int_equal(dt_gitconfig_load(&cfg, NULL), DT_EINVALID);
	assert_null(cfg);
	assert_string_equal(dt_error_last(), want);
	free(want);
	free(glob);
}

static void test_gitconfig_load_unreadable_files_skipped(void **state)
{
	const char *tmp = *state;
	dt_gitconfig *cfg;
	char *dir = dt_xasprintf("%s/a-folder", tmp);

	assert_int_equal(dt_mkdir_p(dir), 0);
	unsetenv("GIT_CONFIG_NOSYSTEM");
	setenv("GIT_CONFIG_SYSTEM", "/nonexistent/gitconfig", 1);
	setenv("GIT_CONFIG_GLOBAL", dir, 1); /* a folder, not a file */
	load_ok(&cfg, NULL);
	assert_get(cfg, "core.commentchar", NULL);
	dt_gitconfig_free(cfg);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gitconfig_parse_values_like_git),
	    cmocka_unit_test(test_gitconfig_parse_unquoted_tab_reads_as_space),
	    cmocka_unit_test(test_gitconfig_parse_last_value_wins),
	    cmocka_unit_test(test_gitconfig_parse_crlf_and_bom),
	    cmocka_unit_test(test_gitconfig_parse_errors_name_file_and_line),
	    cmocka_unit_test(test_gitconfig_bool_values),
	    cmocka_unit_test_setup_teardown(test_gitconfig_include_path_relative_to_file, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_include_error_names_included_file,
	                                    setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_include_cycle_terminates, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_order_system_global_repo_env,
	                                    setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_nosystem, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_global_replaces_home_files,
	                                    setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_parameters_forms, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_config_count, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_parameters_win_over_count,
	                                    setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_env_wins_over_repo, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_worktree_config, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_include_if, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_bad_file_is_error, setup_tmp,
	                                    teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_gitconfig_load_unreadable_files_skipped, setup_tmp,
	                                    teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
