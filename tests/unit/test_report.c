/* test_report.c - lib/report.h: the maintainers' HTML page (SPEC §6
 * report). Every string from the repository is escaped (checked field by
 * field, and by parsing the page with python3's html.parser: only the
 * writer's own tags and attributes, nothing that fetches anything); the
 * numbers of the summaries stand in the cells the browser test reads; who
 * checked each task comes from the timeline's last event for it; a ticket
 * without a timeline, an empty repository. */
#include "unit.h"

#include "buf.h"
#include "common.h"
#include "findings.h"
#include "report.h"

#include <string.h>
#include <sys/wait.h>

/* ---- helpers ---- */

/* A hostile value for the field NAME: markup, both quotes, an ampersand. */
#define HOSTILE(name) "<script>" name "</script>&\"'"
/* What HOSTILE(name) must become on the page. */
#define ESCAPED(name) "&lt;script&gt;" name "&lt;/script&gt;&amp;&quot;&apos;"

static char *page_of(const dt_report *r)
{
	dt_buf out = DT_BUF_INIT;
	dt_report_write(&out, r);
	return dt_buf_detach(&out);
}

static char *lower(const char *s)
{
	char *l = dt_xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)dt_tolower((unsigned char)*p);
	return l;
}

static void assert_no_script(const char *page)
{
	char *l = lower(page);
	tu_assert_lacks(l, "<script");
	tu_assert_lacks(l, "</script");
	free(l);
}

/* The page read by python3's html.parser: every tag one the writer uses
 * and balanced, every attribute one of its own, links only to fragments
 * of the page, style attributes only bar widths, nothing in the style
 * sheet that loads anything. Prints what is wrong. */
static const char checker[] =
    "import re, sys\n"
    "from html.parser import HTMLParser\n"
    "TAGS = set('html head meta title style body header h1 h2 h3 p code span main section "
    "table thead tbody tfoot tr th td a ul li div time'.split())\n"
    "VOID = {'meta'}\n"
    "ATTRS = set('lang charset name content class id href title style colspan "
    "datetime'.split())\n"
    "class P(HTMLParser):\n"
    "    def __init__(s):\n"
    "        super().__init__(convert_charrefs=True)\n"
    "        s.stack, s.bad, s.css, s.in_style, s.text = [], [], '', False, []\n"
    "    def handle_starttag(s, tag, attrs):\n"
    "        if tag not in TAGS: s.bad.append('tag ' + tag)\n"
    "        for k, v in attrs:\n"
    "            if k not in ATTRS and not k.startswith('data-'): s.bad.append('attr ' + k)\n"
    "            if k == 'href' and not (v or '').startswith('#'): s.bad.append('href ' + v)\n"
    "            if k == 'style' and not re.fullmatch(r'width:\\d{1,3}%', v or ''):\n"
    "                s.bad.append('style ' + v)\n"
    "        if tag == 'style': s.in_style = True\n"
    "        if tag not in VOID: s.stack.append(tag)\n"
    "    def handle_startendtag(s, tag, attrs):\n"
    "        s.bad.append('self-closing ' + tag)\n"
    "    def handle_endtag(s, tag):\n"
    "        if tag == 'style': s.in_style = False\n"
    "        if not s.stack or s.stack[-1] != tag:\n"
    "            s.bad.append('unbalanced </%s> in %s' % (tag, s.stack[-3:]))\n"
    "        else: s.stack.pop()\n"
    "    def handle_data(s, d):\n"
    "        if s.in_style: s.css += d\n"
    "        else: s.text.append(d)\n"
    "p = P()\n"
    "src = open(sys.argv[1], encoding='utf-8').read()\n"
    "assert src.startswith('<!DOCTYPE html>\\n'), src[:20]\n"
    "p.feed(src); p.close()\n"
    "if p.stack: p.bad.append('unclosed ' + ' '.join(p.stack))\n"
    "if re.search(r'url\\(|@import|https?:|//', p.css, re.I): p.bad.append('css fetches')\n"
    "if len(sys.argv) > 2:\n"
    "    text = ''.join(p.text)\n"
    "    for want in sys.argv[2:]:\n"
    "        if want not in text: p.bad.append('text lacks ' + want)\n"
    "for b in p.bad: print(b)\n"
    "sys.exit(1 if p.bad else 0)\n";

/* Check `page` with the checker; each of texts[] (NULL-terminated, may be
 * NULL) must stand in the page's text as a reader sees it. */
static void assert_page_sound(const char *dir, const char *page, const char *const *texts)
{
	char *file = tu_write(dir, "page.html", page, 0644);
	char *py = tu_write(dir, "check.py", checker, 0644);
	dt_buf cmd = DT_BUF_INIT;
	int st;

	dt_buf_printf(&cmd, "python3 '%s' '%s'", py, file);
	for (size_t i = 0; texts && texts[i]; i++) {
		/* the texts are the test's own: no single quotes in them */
		assert_null(strchr(texts[i], '\''));
		dt_buf_printf(&cmd, " '%s'", texts[i]);
	}
	st = system(cmd.ptr);
	dt_buf_dispose(&cmd);
	free(file);
	free(py);
	assert_true(st != -1 && WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static dt_ticket_summary summary(const char *id, const char *title, const char *status)
{
	dt_ticket_summary s;
	memset(&s, 0, sizeof(s));
	s.id = (char *)id;
	s.title = (char *)title;
	s.status = (char *)status;
	s.dir = (char *)"ttmp/2026/02/14/X--x";
	s.diary = (char *)"ttmp/2026/02/14/X--x/reference/01-diary.md";
	return s;
}

static dt_event event(dt_event_kind kind, int64_t time, const char *abbrev, const char *author,
                      const char *subject)
{
	dt_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.time = time;
	snprintf(ev.abbrev, sizeof(ev.abbrev), "%s", abbrev);
	snprintf(ev.commit, sizeof(ev.commit), "%s%s", abbrev, "0000000000000000000000000000000");
	ev.author = (char *)author;
	ev.subject = (char *)subject;
	ev.step = -1;
	ev.tests_exit = -1;
	return ev;
}

static dt_event task_event(dt_event_kind kind, int64_t time, const char *abbrev, const char *author,
                           size_t number, const char *id, const char *text)
{
	dt_event ev = event(kind, time, abbrev, author, "VM-1: work");
	ev.task = number;
	ev.task_id = (char *)id;
	ev.task_text = (char *)text;
	return ev;
}

static dt_task task(size_t number, int done, const char *text, const char *stable,
                    const char *section)
{
	dt_task t;
	memset(&t, 0, sizeof(t));
	t.number = number;
	t.line = number + 2;
	t.done = done;
	t.text = (char *)text;
	t.stable = (char *)stable;
	t.section = (char *)section;
	return t;
}

/* ---- escaping ---- */

static void test_html_escape(void **state)
{
	dt_buf b = DT_BUF_INIT;
	(void)state;

	dt_html_escape(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(b.ptr, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
	dt_buf_clear(&b);
	/* control characters would make the page invalid; bytes that are not
	 * UTF-8 become U+FFFD; UTF-8 text stays */
	dt_html_escape(&b, "a\001b\tc\xff d\xc3\xa9");
	assert_string_equal(b.ptr, "a?b\tc\xef\xbf\xbd d\xc3\xa9");
	dt_buf_clear(&b);
	dt_html_escape(&b, "");
	assert_string_equal(b.ptr, "");
	dt_buf_dispose(&b);
}

/* Every string field of every structure the page shows, hostile. */
static void test_every_field_escaped(void **state)
{
	dt_ticket_summary s = summary(HOSTILE("id"), HOSTILE("title"), HOSTILE("status"));
	dt_findings f = DT_FINDINGS_INIT;
	dt_event evs[6];
	dt_timeline tl = {.items = evs, .count = 6, .alloc = 6};
	dt_task tks[2];
	dt_tasks tasks = {.items = tks, .count = 2, .alloc = 2};
	dt_report_ticket rt = {&s, &tasks, &tl};
	dt_report r;
	char *page;
	const char *const fields[] = {
	    "id",        "title",   "status",     "dir",         "diary",     "file",
	    "message",   "hint",    "commit",     "author",      "subject",   "tests",
	    "task_text", "task_id", "step_title", "status_from", "status_to", "task",
	    "section",   "stable",  "repository", "tip",         "tip_name",  "generated",
	    "version",   "note",    "general",    NULL};

	s.dir = (char *)HOSTILE("dir");
	s.diary = (char *)HOSTILE("diary");
	dt_findings_add(&f, DT_RULE_COMMIT_UNRECORDED, DT_LEVEL_ERROR, s.id, NULL, HOSTILE("file"),
	                3, HOSTILE("hint"), "%s", HOSTILE("message"));
	dt_findings_add(&f, DT_RULE_COMMIT_UNKNOWN, DT_LEVEL_ERROR, s.id, HOSTILE("commit"), NULL,
	                0, NULL, "%s", "recorded commit is unknown");
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, NULL, NULL, 0, NULL, "%s",
	                HOSTILE("general"));
	evs[0] =
	    event(DT_EV_COMMIT, 1000, "abc1234", HOSTILE("author") " <a@b>", HOSTILE("subject"));
	evs[0].step = 2;
	evs[0].tests = (char *)HOSTILE("tests");
	evs[0].tests_exit = 0;
	evs[1] = task_event(DT_EV_TASK_CHECKED, 2000, "abc1235", "A <a@b>", 1, HOSTILE("task_id"),
	                    HOSTILE("task_text"));
	evs[2] = event(DT_EV_STEP_ADDED, 3000, "abc1236", "A <a@b>", "s");
	evs[2].step_number = 2;
	evs[2].step_title = (char *)HOSTILE("step_title");
	evs[3] = event(DT_EV_STATUS, 4000, "abc1237", "A <a@b>", "s");
	evs[3].status_from = (char *)HOSTILE("status_from");
	evs[3].status_to = (char *)HOSTILE("status_to");
	evs[4] = event(DT_EV_TASK_UNCHECKED, 5000, "abc1238", "A <a@b>", "s");
	evs[4].task_text = (char *)"plain";
	/* an author that is nothing but markup, no e-mail */
	evs[5] = event(DT_EV_COMMIT, 6000, "abc1239", "<b onmouseover=x>", "plain subject");
	tks[0] = task(1, 1, HOSTILE("task"), HOSTILE("stable"), HOSTILE("section"));
	tks[1] = task(2, 0, "plain task", NULL, HOSTILE("section"));

	memset(&r, 0, sizeof(r));
	r.repository = HOSTILE("repository");
	r.tip = HOSTILE("tip");
	r.tip_name = HOSTILE("tip_name");
	r.generated = HOSTILE("generated");
	r.version = HOSTILE("version");
	r.note = HOSTILE("note");
	r.tickets = &rt;
	r.ntickets = 1;
	r.findings = &f;
	r.general = 1;
	page = page_of(&r);

	for (size_t i = 0; fields[i]; i++) {
		char *want = dt_xasprintf("&lt;script&gt;%s&lt;/script&gt;", fields[i]);
		if (!strstr(page, want))
			print_error("field %s is not on the page escaped\n", fields[i]);
		tu_assert_contains(page, want);
		free(want);
	}
	tu_assert_contains(page, ESCAPED("title"));
	tu_assert_contains(page, ESCAPED("hint"));
	tu_assert_contains(page, "&lt;b onmouseover=x&gt;");
	assert_no_script(page);
	tu_assert_lacks(page, "<b ");
	{
		const char *texts[] = {"<script>title</script>&\"", "<script>hint</script>",
		                       "<script>author</script>", NULL};
		assert_page_sound((const char *)*state, page, texts);
	}
	free(page);
	dt_findings_dispose(&f);
}

/* No "<script" can come from data, whatever its case or shape. */
static void test_no_script_from_data(void **state)
{
	const char *const nasty[] = {"<SCRIPT>x</SCRIPT>",
	                             "<scr<script>ipt>",
	                             "<<script>>",
	                             "</title><script>x</script>",
	                             "\"><script>x</script>",
	                             "<svg onload=alert(1)>",
	                             "<!-- <script> -->",
	                             "<style>@import 'http://x';</style>",
	                             NULL};
	(void)state;
	for (size_t i = 0; nasty[i]; i++) {
		dt_ticket_summary s = summary(nasty[i], nasty[i], nasty[i]);
		dt_report_ticket rt = {&s, NULL, NULL};
		dt_report r;
		char *page;

		memset(&r, 0, sizeof(r));
		r.repository = nasty[i];
		r.tickets = &rt;
		r.ntickets = 1;
		page = page_of(&r);
		assert_no_script(page);
		tu_assert_lacks(page, "<svg");
		tu_assert_lacks(page, "<!-- <");
		tu_assert_lacks(page, "<style>@import");
		/* one <style> element: the writer's own */
		assert_int_equal(tu_count(page, "<style>"), 1);
		free(page);
	}
}

/* ---- what the page holds ---- */

static void test_no_external_reference(void **state)
{
	dt_ticket_summary s = summary("VM-1", "A ticket", "active");
	dt_findings f = DT_FINDINGS_INIT;
	dt_event ev = event(DT_EV_COMMIT, 1000, "abc1234", "A <a@b>", "VM-1: see http://x.org/");
	dt_timeline tl = {.items = &ev, .count = 1, .alloc = 1};
	dt_report_ticket rt = {&s, NULL, &tl};
	dt_report r;
	char *page, *l;

	dt_findings_add(&f, DT_RULE_TASK_UNTRACED, DT_LEVEL_ERROR, "VM-1", NULL, "ttmp/t.md", 4,
	                "claim it", "task 3 is checked and claimed by no step");
	memset(&r, 0, sizeof(r));
	r.tickets = &rt;
	r.ntickets = 1;
	r.findings = &f;
	page = page_of(&r);
	l = lower(page);
	/* a URL in a subject is text; nothing else on the page is one */
	assert_int_equal(tu_count(l, "http"), 1);
	tu_assert_contains(page, "VM-1: see http://x.org/");
	tu_assert_lacks(l, "src=");
	tu_assert_lacks(l, "url(");
	tu_assert_lacks(l, "@import");
	tu_assert_lacks(l, "<link");
	tu_assert_lacks(l, "<img");
	tu_assert_lacks(l, "@font-face");
	tu_assert_contains(l, "@media print");
	assert_page_sound((const char *)*state, page, NULL);
	free(l);
	free(page);
	dt_findings_dispose(&f);
}

static void test_numbers_in_table(void **state)
{
	dt_ticket_summary s[2] = {summary("VM-1", "One", "active"),
	                          summary("VM-2", "Two", "complete")};
	dt_report_ticket rt[2] = {{&s[0], NULL, NULL}, {&s[1], NULL, NULL}};
	dt_report r;
	char *page;
	(void)state;

	s[0].tasks_done = 3;
	s[0].tasks_total = 5;
	s[0].steps = 4;
	s[0].recorded = 6;
	s[0].unrecorded = 1;
	s[0].evidence_passed = 2;
	s[0].evidence_failed = 3;
	s[0].evidence_missing = 1;
	s[0].errors = 2;
	s[0].warnings = 7;
	s[1].closed = 1;
	s[1].tasks_done = 4;
	s[1].tasks_total = 4;
	memset(&r, 0, sizeof(r));
	r.tickets = rt;
	r.ntickets = 2;
	page = page_of(&r);
	tu_assert_contains(page, "<tr data-ticket=\"VM-1\" class=\"open has-errors\">");
	tu_assert_contains(page, "<tr data-ticket=\"VM-2\" class=\"closed\">");
	tu_assert_contains(page, "<span class=\"tasks-done\">3</span>/"
	                         "<span class=\"tasks-total\">5</span>");
	tu_assert_contains(page, "<span style=\"width:60%\">");
	tu_assert_contains(page, "<span style=\"width:100%\">");
	tu_assert_contains(page, "<td class=\"num steps\">4</td>");
	tu_assert_contains(page, "<td class=\"num recorded\">6</td>");
	tu_assert_contains(page, "<td class=\"num unrecorded\">1</td>");
	tu_assert_contains(page, "<td class=\"num evidence-passed\">2</td>");
	tu_assert_contains(page, "<td class=\"num evidence-failed\">3</td>");
	tu_assert_contains(page, "<td class=\"num evidence-missing\">1</td>");
	tu_assert_contains(page, "<td class=\"num errors\">2</td>");
	tu_assert_contains(page, "<td class=\"num warnings\">7</td>");
	tu_assert_contains(page, "<td class=\"num steps zero\">0</td>");
	/* the totals row: 7 of 9 tasks */
	tu_assert_contains(page, "<span class=\"tasks-done\">7</span>/"
	                         "<span class=\"tasks-total\">9</span>");
	tu_assert_contains(page, "<span style=\"width:78%\">");
	tu_assert_contains(page, "<span class=\"count-tickets\">2</span> tickets (1 open)");
	free(page);
}

static void test_progress_bar_bounds(void **state)
{
	/* done, total, width; the bar is full only when every task is done and
	 * empty only when none is */
	const size_t cases[][3] = {{0, 0, 0},    {0, 3, 0},   {1, 3, 33},
	                           {2, 3, 67},   {3, 3, 100}, {999, 1000, 99},
	                           {1, 1000, 1}, {5, 4, 100}, {SIZE_MAX, SIZE_MAX, 0}};
	(void)state;
	/* the last case is a sentinel */
	for (size_t i = 0; cases[i][0] != SIZE_MAX; i++) {
		dt_ticket_summary s = summary("VM-1", "t", "active");
		dt_report_ticket rt = {&s, NULL, NULL};
		dt_report r;
		char *page, *want;

		s.tasks_done = cases[i][0];
		s.tasks_total = cases[i][1];
		memset(&r, 0, sizeof(r));
		r.tickets = &rt;
		r.ntickets = 1;
		page = page_of(&r);
		want = dt_xasprintf("<span style=\"width:%zu%%\">", cases[i][2]);
		tu_assert_contains(page, want);
		free(want);
		free(page);
	}
}

static void test_ticket_without_timeline(void **state)
{
	dt_ticket_summary s[2] = {summary("VM-1", "No history", "active"),
	                          summary("VM-2", "Quiet", "draft")};
	dt_timeline empty = {.items = NULL, .count = 0, .alloc = 0};
	dt_task tks[] = {task(1, 1, "done without a known history", NULL, NULL)};
	dt_tasks tasks = {.items = tks, .count = 1, .alloc = 1};
	dt_report_ticket rt[2] = {{&s[0], &tasks, NULL}, {&s[1], NULL, &empty}};
	dt_report r;
	char *page;

	s[0].diary = NULL;
	memset(&r, 0, sizeof(r));
	r.tickets = rt;
	r.ntickets = 2;
	page = page_of(&r);
	tu_assert_contains(page,
	                   "<section class=\"ticket\" id=\"ticket-VM-1\" data-ticket=\"VM-1\">");
	tu_assert_contains(page, "The history was not read.");
	tu_assert_contains(page, "No commits, tasks or steps in the history.");
	tu_assert_contains(page, "No tasks.md.");
	tu_assert_contains(page, "no diary");
	/* no timeline: who checked a task is not known, which is not "not found" */
	tu_assert_contains(page, "done without a known history");
	tu_assert_lacks(page, "not found in the history");
	tu_assert_lacks(page, "<table class=\"timeline\">");
	assert_page_sound((const char *)*state, page, NULL);
	free(page);
}

static void test_empty_repository(void **state)
{
	dt_report r;
	char *page;
	const char *texts[] = {"No tickets.", "No commits yet", NULL};

	memset(&r, 0, sizeof(r));
	r.note = "No commits yet: nothing to report.";
	page = page_of(&r);
	tu_assert_starts_with(page, "<!DOCTYPE html>\n");
	tu_assert_contains(page, "<span class=\"count-tickets\">0</span> tickets");
	tu_assert_lacks(page, "<table");
	tu_assert_contains(page, "</html>\n");
	assert_page_sound((const char *)*state, page, texts);
	free(page);
}

/* Who checked each task: the last event that checked it (matched by stable
 * ID when both have one, else by text); an open task unchecked by someone
 * says so; a checked task with no event in the history says that. */
static void test_tasks_who_checked(void **state)
{
	dt_ticket_summary s = summary("VM-1", "t", "active");
	dt_event evs[] = {
	    task_event(DT_EV_TASK_CHECKED, 1000, "aaaaaa1", "Alice <a@x>", 1, NULL, "write it"),
	    task_event(DT_EV_TASK_UNCHECKED, 2000, "bbbbbb2", "Bob <b@x>", 1, NULL, "write it"),
	    task_event(DT_EV_TASK_CHECKED, 3000, "cccccc3", "Carol <c@x>", 1, NULL, "write it"),
	    task_event(DT_EV_TASK_CHECKED, 4000, "dddddd4", "Dan <d@x>", 2, "ab12", "old text"),
	    task_event(DT_EV_TASK_CHECKED, 5000, "eeeeee5", "Eve <e@x>", 3, NULL, "test it"),
	    task_event(DT_EV_TASK_UNCHECKED, 6000, "ffffff6", "Fay <f@x>", 3, NULL, "test it"),
	    /* same text, another stable ID: not task 2 */
	    task_event(DT_EV_TASK_CHECKED, 7000, "9999999", "Mallory <m@x>", 9, "zz99", "new text"),
	};
	dt_timeline tl = {.items = evs, .count = DT_ARRAY_SIZE(evs), .alloc = DT_ARRAY_SIZE(evs)};
	dt_task tks[] = {
	    task(1, 1, "write it", NULL, "Build"), task(2, 1, "new text", "ab12", "Build"),
	    task(3, 0, "test it", NULL, "Check"), task(4, 1, "ship it", NULL, "Check")};
	dt_tasks tasks = {.items = tks, .count = 4, .alloc = 4};
	dt_report_ticket rt = {&s, &tasks, &tl};
	dt_report r;
	char *page, *row;

	memset(&r, 0, sizeof(r));
	r.tickets = &rt;
	r.ntickets = 1;
	page = page_of(&r);
	row = strstr(page, "<tr class=\"task done\" data-task=\"1\"");
	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	tu_assert_contains(row, ">cccccc3</code>");
	tu_assert_contains(row, ">Carol</span>");
	tu_assert_contains(row, "title=\"Carol &lt;c@x&gt;\"");
	tu_assert_contains(row, "1970-01-01 00:50");
	row[strlen(row)] = '\n';

	row = strstr(page, "<tr class=\"task done\" data-task=\"2\"");
	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	tu_assert_contains(row, ">dddddd4</code>");
	tu_assert_lacks(row, "Mallory");
	tu_assert_contains(row, "<code class=\"stable\">t:ab12</code>");
	row[strlen(row)] = '\n';

	row = strstr(page, "<tr class=\"task\" data-task=\"3\"");
	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	tu_assert_contains(row, "unchecked in <code");
	tu_assert_contains(row, ">ffffff6</code>");
	tu_assert_contains(row, ">Fay</span>");
	row[strlen(row)] = '\n';

	row = strstr(page, "<tr class=\"task done\" data-task=\"4\"");
	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	tu_assert_contains(row, "not found in the history");
	row[strlen(row)] = '\n';

	/* a section heading once per run of tasks */
	assert_int_equal(tu_count(page, "<tr class=\"section\"><th colspan=\"6\">Build</th></tr>"),
	                 1);
	assert_int_equal(tu_count(page, "<tr class=\"section\"><th colspan=\"6\">Check</th></tr>"),
	                 1);
	assert_page_sound((const char *)*state, page, NULL);
	free(page);
}

static void test_timeline_events(void **state)
{
	dt_ticket_summary s = summary("VM-1", "t", "active");
	dt_event evs[7];
	dt_timeline tl = {.items = evs, .count = 7, .alloc = 7};
	dt_report_ticket rt = {&s, NULL, &tl};
	dt_report r;
	char *page;
	const char *texts[] = {"VM-1: passing work",
	                       "step 2",
	                       "Tests: `make test` — exit 0; 4 passed, 0 failed",
	                       "VM-1: failing work",
	                       "not recorded",
	                       "step 3 added: Plan",
	                       "set to",
	                       "draft",
	                       "active",
	                       NULL};

	evs[0] = event(DT_EV_STATUS, 100, "1111111", "A <a@x>", "VM-1: create");
	evs[0].status_to = (char *)"draft";
	evs[1] = event(DT_EV_COMMIT, 200, "2222222", "A <a@x>", "VM-1: passing work");
	evs[1].step = 2;
	evs[1].names = 1;
	evs[1].tests = (char *)"`make test` — exit 0; 4 passed, 0 failed";
	evs[1].tests_exit = 0;
	evs[2] = event(DT_EV_COMMIT, 300, "3333333", "A <a@x>", "VM-1: failing work");
	evs[2].step = 3;
	evs[2].tests = (char *)"`make test` — exit 2";
	evs[2].tests_exit = 2;
	evs[3] = event(DT_EV_COMMIT, 400, "4444444", "A <a@x>", "VM-1: stray");
	evs[4] = event(DT_EV_STEP_ADDED, 500, "5555555", "A <a@x>", "VM-1: diary");
	evs[4].step_number = 3;
	evs[4].step_title = (char *)"Plan";
	evs[5] = event(DT_EV_STATUS, 600, "6666666", "A <a@x>", "VM-1: go");
	evs[5].status_from = (char *)"draft";
	evs[5].status_to = (char *)"active";
	evs[5].offset = -150; /* -02:30 */
	/* a commit no step records and none needs to: it says why */
	evs[6] = event(DT_EV_COMMIT, 700, "7777777", "A <a@x>", "VM-1: diary");
	evs[6].exempt = DT_EXEMPT_BOOKKEEPING;
	memset(&r, 0, sizeof(r));
	r.tickets = &rt;
	r.ntickets = 1;
	page = page_of(&r);
	assert_int_equal(tu_count(page, "<tr class=\"event\" data-kind=\"commit\">"), 4);
	assert_int_equal(tu_count(page, ">not recorded</span>"), 1);
	tu_assert_contains(page, "<span class=\"badge exempt\">bookkeeping</span>");
	assert_int_equal(tu_count(page, "<tr class=\"event\" data-kind=\"status\">"), 2);
	assert_int_equal(tu_count(page, "<tr class=\"event\" data-kind=\"step-added\">"), 1);
	tu_assert_contains(page, "<div class=\"tests pass\">");
	tu_assert_contains(page, "<div class=\"tests fail\">");
	/* dates as diarist log writes them, in the commit's own zone */
	tu_assert_contains(page, "<time datetime=\"1969-12-31T21:40:00-02:30\" "
	                         "title=\"1969-12-31T21:40:00-02:30\">1969-12-31 21:40</time>");
	tu_assert_contains(page, "<span class=\"badge st-draft\">draft</span> &#8594; "
	                         "<span class=\"badge st-active\">active</span>");
	/* oldest first, as given */
	assert_true(strstr(page, "1111111") < strstr(page, "6666666"));
	assert_page_sound((const char *)*state, page, texts);
	free(page);
}

/* A ticket with several diaries: each is listed (the writer's first), and
 * the timeline says which diary holds each step; one with a single diary
 * reads as before. */
static void test_many_diaries(void **state)
{
	dt_ticket_summary s = summary("VM-1", "t", "active");
	dt_event evs[3];
	dt_timeline tl = {.items = evs, .count = 3, .alloc = 3};
	dt_report_ticket rt = {&s, NULL, &tl};
	dt_report r;
	char *page;
	const char *texts[] = {"3 diaries", "ttmp/2026/02/14/X--x/diary/01-diary.md",
	                       "in reference/09-rename-diary.md", NULL};

	dt_strvec_push(&s.diaries, "ttmp/2026/02/14/X--x/reference/01-diary.md");
	dt_strvec_push(&s.diaries, "ttmp/2026/02/14/X--x/reference/09-rename-diary.md");
	dt_strvec_push(&s.diaries, "ttmp/2026/02/14/X--x/diary/01-diary.md");
	evs[0] = event(DT_EV_COMMIT, 100, "1111111", "A <a@x>", "VM-1: work");
	evs[0].step = 1;
	evs[0].diary = (char *)"reference/09-rename-diary.md";
	evs[0].ndiaries = 3;
	evs[1] = event(DT_EV_STEP_ADDED, 200, "2222222", "A <a@x>", "VM-1: diary");
	evs[1].step_number = 1;
	evs[1].step_title = (char *)"Work";
	evs[1].diary = (char *)"reference/09-rename-diary.md";
	evs[1].ndiaries = 3;
	evs[2] = event(DT_EV_STEP_ADDED, 300, "3333333", "A <a@x>", "VM-1: notes");
	evs[2].step_number = 1;
	evs[2].step_title = (char *)"Notes";
	evs[2].diary = (char *)"diary/01-diary.md";
	evs[2].ndiaries = 3;
	memset(&r, 0, sizeof(r));
	r.tickets = &rt;
	r.ntickets = 1;
	page = page_of(&r);
	assert_int_equal(tu_count(page, "<code class=\"diary\">ttmp/2026/02/14/X--x/"), 3);
	assert_true(strstr(page, "X--x/reference/01-diary.md</code>, ") <
	            strstr(page, "X--x/diary/01-diary.md</code> &#183; "));
	assert_int_equal(tu_count(page, "<span class=\"in-diary\">"), 3);
	tu_assert_contains(page, "<span class=\"in-diary\">in <code class=\"diary\">"
	                         "diary/01-diary.md</code></span>");
	assert_page_sound((const char *)*state, page, texts);
	free(page);

	/* one diary: named once, no diary on the events */
	dt_strvec_dispose(&s.diaries);
	dt_strvec_push(&s.diaries, s.diary);
	for (size_t i = 0; i < 3; i++)
		evs[i].ndiaries = 1;
	page = page_of(&r);
	tu_assert_contains(page, " &#183; diary <code class=\"diary\">");
	tu_assert_lacks(page, "in-diary\">");
	free(page);
	dt_strvec_dispose(&s.diaries);
}

/* Each ticket lists its own findings (ID case ignored) with the hint; the
 * findings about no ticket have their section only when asked for; those
 * about a ticket not on the page are left out. */
static void test_findings_per_ticket(void **state)
{
	dt_ticket_summary s[2] = {summary("VM-1", "One", "active"),
	                          summary("VM-2", "Two", "active")};
	dt_report_ticket rt[2] = {{&s[0], NULL, NULL}, {&s[1], NULL, NULL}};
	dt_findings f = DT_FINDINGS_INIT;
	dt_report r;
	char *page, *one, *two;
	(void)state;

	dt_findings_add(&f, DT_RULE_TASK_UNTRACED, DT_LEVEL_ERROR, "vm-1", NULL, "a/tasks.md", 7,
	                "claim task 2 in a step", "task 2 is checked and claimed by no step");
	dt_findings_add(&f, DT_RULE_EVIDENCE_MISSING, DT_LEVEL_WARNING, "VM-2", "0123456789abcdef",
	                NULL, 0, NULL, "commit has no tests line");
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_ERROR, NULL, "fedcba9876543210", NULL,
	                0, "name a ticket", "commit names no ticket");
	dt_findings_add(&f, DT_RULE_TICKET_DUPLICATE, DT_LEVEL_ERROR, "VM-9", NULL, NULL, 0, NULL,
	                "not shown");
	/* a message that names its commit: the commit is not said twice */
	dt_findings_add(&f, DT_RULE_TICKET_MISSING, DT_LEVEL_WARNING, NULL, "7777777aaaa", NULL, 0,
	                NULL, "commit 7777777 \"tidy\" names no ticket");
	memset(&r, 0, sizeof(r));
	r.tickets = rt;
	r.ntickets = 2;
	r.findings = &f;
	r.general = 1;
	page = page_of(&r);
	one = strstr(page, "<section class=\"ticket\" id=\"ticket-VM-1\"");
	two = strstr(page, "<section class=\"ticket\" id=\"ticket-VM-2\"");
	assert_non_null(one);
	assert_non_null(two);
	assert_true(strstr(one, "task 2 is checked") < two);
	tu_assert_contains(one, "<li class=\"finding\" data-rule=\"task-untraced\" "
	                        "data-level=\"error\"><span class=\"level\">error</span>"
	                        "<code class=\"loc\">a/tasks.md:7</code>");
	tu_assert_contains(one, "<div class=\"hint\">hint: claim task 2 in a step</div>");
	tu_assert_contains(two, "data-rule=\"evidence-missing\" data-level=\"warning\"");
	tu_assert_contains(two, "commit <code class=\"commit\" title=\"0123456789abcdef\">0123456"
	                        "</code>");
	tu_assert_contains(page, "<section class=\"general\" id=\"general\">");
	tu_assert_contains(page, "commit names no ticket");
	tu_assert_lacks(page, "not shown");
	assert_int_equal(tu_count(page, "7777777"), 1);
	/* the header counts what the page shows */
	tu_assert_contains(page, "<span class=\"count-errors\">2</span> errors, "
	                         "<span class=\"count-warnings\">2</span> warnings");
	free(page);

	r.general = 0;
	page = page_of(&r);
	tu_assert_lacks(page, "id=\"general\"");
	tu_assert_lacks(page, "commit names no ticket");
	tu_assert_contains(page, "<span class=\"count-errors\">1</span> error, ");
	free(page);
	dt_findings_dispose(&f);
}

/* Two folders with one ID (ticket-duplicate) keep two rows and two
 * sections with distinct anchors; an ID of any bytes makes a safe one. */
static void test_anchors(void **state)
{
	dt_ticket_summary s[3] = {summary("VM-1", "a", "active"), summary("vm-1", "b", "active"),
	                          summary("X 1/\"é", "c", "active")};
	dt_report_ticket rt[3] = {{&s[0], NULL, NULL}, {&s[1], NULL, NULL}, {&s[2], NULL, NULL}};
	dt_report r;
	char *page;

	memset(&r, 0, sizeof(r));
	r.tickets = rt;
	r.ntickets = 3;
	page = page_of(&r);
	tu_assert_contains(page, "href=\"#ticket-VM-1\"");
	tu_assert_contains(page, "id=\"ticket-VM-1\"");
	tu_assert_contains(page, "href=\"#ticket-vm-1--2\"");
	tu_assert_contains(page, "id=\"ticket-vm-1--2\"");
	tu_assert_contains(page, "id=\"ticket-X_201_2F_22_C3_A9\"");
	tu_assert_contains(page, "data-ticket=\"X 1/&quot;\xc3\xa9\"");
	assert_page_sound((const char *)*state, page, NULL);
	free(page);
}

/* What dt_report_emit handed over, piece by piece. */
typedef struct {
	dt_buf all;
	size_t pieces;
	int fail_at; /* the piece whose sink fails (1-based), or 0 */
} sunk;

static int sink(const char *data, size_t len, void *payload)
{
	sunk *k = payload;
	k->pieces++;
	if ((int)k->pieces == k->fail_at)
		return DT_EIO;
	dt_buf_put(&k->all, data, len);
	return 0;
}

/* 101 tickets (the page is then written in two parts at once, the second
 * from ticket 40): every section once, in the table's order, a duplicated
 * ID numbered across the parts (tickets 39 and 40), and the page sound;
 * handed over in two pieces that make the same page, and a sink's error
 * stops the rest. */
static void test_many_tickets(void **state)
{
	enum { N = 101, SPLIT = N * 2 / 5 };
	dt_ticket_summary s[N];
	dt_report_ticket rt[N];
	char ids[N][16];
	dt_report r;
	char *page;
	const char *at;

	for (size_t i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "VM-%03zu", i < SPLIT ? i : i - 1);
		s[i] = summary(ids[i], "a title", "active");
		rt[i] = (dt_report_ticket){&s[i], NULL, NULL};
	}
	memset(&r, 0, sizeof(r));
	r.tickets = rt;
	r.ntickets = N;
	page = page_of(&r);
	at = page;
	for (size_t i = 0; i < N; i++) {
		char id[48];
		const char *next;
		snprintf(id, sizeof(id), "<section class=\"ticket\" id=\"ticket-%s%s\"", ids[i],
		         i == SPLIT ? "--2" : "");
		next = strstr(at, id);
		if (!next)
			print_error("section %zu (%s) missing or out of order\n", i, id);
		assert_non_null(next);
		assert_null(strstr(next + 1, id));
		at = next + 1;
	}
	assert_page_sound((const char *)*state, page, NULL);
	{
		sunk k = {DT_BUF_INIT, 0, 0};
		assert_int_equal(dt_report_emit(&r, sink, &k), 0);
		assert_int_equal(k.pieces, 2);
		assert_string_equal(k.all.ptr, page);
		dt_buf_dispose(&k.all);
		k = (sunk){DT_BUF_INIT, 0, 1};
		assert_int_equal(dt_report_emit(&r, sink, &k), DT_EIO);
		assert_int_equal(k.pieces, 1);
		dt_buf_dispose(&k.all);
	}
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_escape),
	    cmocka_unit_test_setup_teardown(test_every_field_escaped, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_no_script_from_data),
	    cmocka_unit_test_setup_teardown(test_no_external_reference, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test(test_numbers_in_table),
	    cmocka_unit_test(test_progress_bar_bounds),
	    cmocka_unit_test_setup_teardown(test_ticket_without_timeline, tu_tmp_setup,
	                                    tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_empty_repository, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_tasks_who_checked, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_timeline_events, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_many_diaries, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test(test_findings_per_ticket),
	    cmocka_unit_test_setup_teardown(test_anchors, tu_tmp_setup, tu_tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_many_tickets, tu_tmp_setup, tu_tmp_teardown),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
