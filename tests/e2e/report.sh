#!/bin/bash
# diarist report (SPEC §6 report, issue 5): the HTML page on a real
# repository: the default file name, -o FILE and -o -, written atomically
# (a reader of the old file keeps it whole, no temporary file left, the
# mode of an existing file kept), --ticket (repeatable, resolved like a
# ref: unknown and ambiguous are exit 2 with the IDs), the numbers and
# findings of `check --all`, a hostile title escaped, and the edge cases
# (no commits, no ticket workspace, not a repository, bad arguments).
# The page in a real browser: tests/browser/run.sh (make test-browser).
. "$(dirname "$0")/lib.sh"

umask 022
W="$TMP/work"
repo_with_remote "$W"
# a finding or two: an unrecorded commit for VM-024, a step number twice
change && nohooks commit -q -m "VM-024: unrecorded work"
printf '\n## Step 1: Again\n\nA repeated number.\n' >>"$DIARY24"
bookkeep VM-024
# a ticket whose title is markup
HOSTILE_DIR=$(make_ticket ttmp VM-030-XSS draft "x")
sed -i 's|^Title: .*|Title: <script>alert(1)</script>|' "$HOSTILE_DIR/index.md"
git add ttmp && git commit -q --no-verify -m "VM-030: a ticket with a hostile title"

# rows FILE: the data-ticket of every row of the summary table, one a line
rows() { grep -o '<tr data-ticket="[^"]*"' "$1" | sed 's/.*="//; s/"$//'; }
# cell FILE ID CLASS: the number in ID's row cell CLASS
cell() {
	python3 - "$@" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
row = re.search(r'<tr data-ticket="%s"[^>]*>(.*?)</tr>' % re.escape(sys.argv[2]), src).group(1)
print(re.search(r'class="(?:num )?%s(?: zero)?">(\d+)<' % re.escape(sys.argv[3]), row).group(1))
PY
}

# ---- the default file ----
capture "$DIARIST" report
exit_is "default: exit 0" 0
check "default: diarist-report.html written" test -s diarist-report.html
contains "default: says where it wrote" "wrote diarist-report.html (4 tickets" "$OUT"
same "default: nothing on stderr" "" "$ERR"
P=diarist-report.html
contains "page: a whole HTML document" "<!DOCTYPE html>" "$(head -1 "$P")"
same "page: ends with </html>" "</html>" "$(tail -1 "$P")"
same "page: one row per ticket, in ID order" \
	"VM-001-OLD VM-023-IMPROVE-DOCS VM-024-PLUGIN-GRANTS VM-030-XSS" "$(rows "$P" | tr '\n' ' ' | sed 's/ $//')"
same "page: one section per ticket" 4 "$(grep -c '<section class="ticket"' "$P")"
lacks "page: the hostile title is not markup" "<script>alert(1)</script>" "$(cat "$P")"
contains "page: the hostile title as text" "&lt;script&gt;alert(1)&lt;/script&gt;" "$(cat "$P")"
lacks "page: no script element" "<script" "$(tr 'A-Z' 'a-z' <"$P")"
lacks "page: nothing fetched (http)" "http" "$(tr 'A-Z' 'a-z' <"$P")"
lacks "page: nothing fetched (src=)" "src=" "$(cat "$P")"

# the numbers are check --all's
capture "$DIARIST" check --all --format json
JSON="$TMP/check.json"
cp "$TMP/out" "$JSON"
by_ticket() {
	python3 - "$JSON" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for f in d["findings"] if f["ticket"] == sys.argv[2] and f["level"] == sys.argv[3]))
PY
}
for t in VM-023-IMPROVE-DOCS VM-024-PLUGIN-GRANTS VM-030-XSS; do
	same "numbers: $t errors as check --all" "$(by_ticket $t error)" "$(cell "$P" $t errors)"
	same "numbers: $t warnings as check --all" "$(by_ticket $t warning)" "$(cell "$P" $t warnings)"
done
same "numbers: VM-024 has its unrecorded commit" 1 "$(cell "$P" VM-024-PLUGIN-GRANTS unrecorded)"
same "numbers: VM-024 tasks done (plan the work)" 1 "$(cell "$P" VM-024-PLUGIN-GRANTS tasks-done)"
same "numbers: VM-024 tasks in all" 3 "$(cell "$P" VM-024-PLUGIN-GRANTS tasks-total)"
same "numbers: VM-023 has one recorded commit" 1 "$(cell "$P" VM-023-IMPROVE-DOCS recorded)"
same "numbers: VM-023's commit has passing evidence" 1 "$(cell "$P" VM-023-IMPROVE-DOCS evidence-passed)"
contains "findings: commit-unrecorded listed with its hint" 'data-rule="commit-unrecorded"' "$(cat "$P")"
contains "findings: step-numbering listed" 'data-rule="step-numbering" data-level="warning"' "$(cat "$P")"
contains "tasks: VM-024's tasks listed" 'write the loader <code class="stable">t:load</code>' "$(cat "$P")"

# the history: who checked each task, the timeline of each ticket
T24=$(git log -1 --format=%H --fixed-strings --grep="VM-024: tasks")
B23=$(git log -1 --format=%H --fixed-strings --grep="VM-023: baseline work")
task3=$(grep '<tr class="task done" data-task="3"' "$P")
contains "tasks: VM-024's task 3 checked in the commit that wrote it checked" "title=\"$T24\"" "$task3"
contains "tasks: ... by its author" ">Test Author</span>" "$task3"
section23=$(sed -n '/<section class="ticket" id="ticket-VM-023-IMPROVE-DOCS"/,/<\/section>/p' "$P")
contains "timeline: VM-023's recorded commit, its step" \
	"<code class=\"commit\" title=\"$B23\">" "$section23"
contains "timeline: ... its subject and step" \
	'VM-023: baseline work</span> <span class="badge step">step 1</span>' "$section23"
contains "timeline: ... its test evidence" '<div class="tests pass">Tests: `true`' "$section23"
lacks "timeline: known for every ticket" "The history was not read." "$(cat "$P")"

# the timelines are the same whether the rules' walk of all history feeds
# them or, when since: names a commit (the rules judge a range), they walk
# the history themselves
check "since: <commit>: no configuration before" test ! -e .diarist.yaml
printf 'since: %s\n' "$(git rev-parse HEAD~2)" >.diarist.yaml
capture "$DIARIST" report -o "$TMP/since.html"
rm -f .diarist.yaml
exit_is "since: <commit>: exit 0" 0
events() { grep -o '<tr class="event".*</tr>' "$1"; }
check "since: <commit>: the same events (there are some)" test "$(events "$P" | wc -l)" -gt 10
same "since: <commit>: the same timelines" "$(events "$P")" "$(events "$TMP/since.html")"

# ---- what the history's objects said, kept for the next report ----
rm -f .diarist.yaml
KEPT=.git/diarist/history.cache
rm -f "$KEPT"
SOURCE_DATE_EPOCH=1700000000 capture "$DIARIST" report -o "$TMP/cold.html"
exit_is "kept: first report: exit 0" 0
check "kept: the first report keeps them in the git dir" test -s "$KEPT"
contains "kept: a file of diarist's" "diarist-objcache 1 diarist-timelines/" "$(head -1 "$KEPT")"
cp "$KEPT" "$TMP/kept.before"
SOURCE_DATE_EPOCH=1700000000 capture "$DIARIST" report -o "$TMP/warm.html"
exit_is "kept: second report: exit 0" 0
check "kept: the same page from what was kept" cmp -s "$TMP/cold.html" "$TMP/warm.html"
check "kept: nothing new to keep, the file left alone" cmp -s "$KEPT" "$TMP/kept.before"
printf 'garbage\n' >"$KEPT"
SOURCE_DATE_EPOCH=1700000000 capture "$DIARIST" report -o "$TMP/damaged.html"
exit_is "kept: a damaged file: exit 0" 0
same "kept: a damaged file: nothing said of it" "" "$ERR"
check "kept: a damaged file: the same page" cmp -s "$TMP/cold.html" "$TMP/damaged.html"
check "kept: a damaged file is replaced" cmp -s "$KEPT" "$TMP/kept.before"
# a new commit: its changes are added, the page is what a cold run makes
printf -- '- [x] one more task\n' >>"$(dirname "$DIARY24")/../tasks.md"
git add ttmp && git commit -q --no-verify -m "VM-024: one more task"
SOURCE_DATE_EPOCH=1700000000 capture "$DIARIST" report -o "$TMP/warm2.html"
rm -f "$KEPT"
SOURCE_DATE_EPOCH=1700000000 capture "$DIARIST" report -o "$TMP/cold2.html"
check "kept: after a new commit, the page of a run that kept nothing" \
	cmp -s "$TMP/cold2.html" "$TMP/warm2.html"
contains "kept: after a new commit, its task is on the page" "one more task" "$(cat "$TMP/warm2.html")"
# a linked worktree keeps them with the repository's common git dir
git worktree add -q "$TMP/linked" HEAD 2>/dev/null
(cd "$TMP/linked" && "$DIARIST" report -o "$TMP/linked.html" >/dev/null 2>&1)
check "kept: a linked worktree: in the common git dir" test -s "$KEPT"
same "kept: a linked worktree: not in its own git dir" "" \
	"$(ls "$(git rev-parse --git-common-dir)/worktrees/linked/diarist" 2>/dev/null || true)"
git worktree remove --force "$TMP/linked"
# a git dir that cannot be written: the report all the same
chmod a-w .git/diarist
rm -f "$TMP/ro.html"
if [ "$(id -u)" != 0 ]; then
	capture "$DIARIST" report -o "$TMP/ro.html"
	exit_is "kept: an unwritable folder: exit 0" 0
	check "kept: an unwritable folder: the page" test -s "$TMP/ro.html"
fi
chmod u+w .git/diarist

# ---- written atomically ----
printf 'old report\n' >diarist-report.html
chmod 600 diarist-report.html
exec 3<diarist-report.html
capture "$DIARIST" report
exit_is "rewrite: exit 0" 0
same "rewrite: a reader of the old file still reads it whole" "old report" "$(cat <&3)"
exec 3<&-
contains "rewrite: the new page in place" "<!DOCTYPE html>" "$(head -1 diarist-report.html)"
same "rewrite: the mode of the file kept" 600 "$(stat -c %a diarist-report.html)"
same "rewrite: no temporary file left" "" "$(ls -a | grep diarist-tmp || true)"
rm -f diarist-report.html
capture "$DIARIST" report -o "$TMP/new.html"
same "new file: mode 644 under umask 022" 644 "$(umask 022 && stat -c %a "$TMP/new.html")"
capture "$DIARIST" report -o "$TMP/no/such/folder/r.html"
exit_is "unwritable: exit 3" 3
contains "unwritable: names the file" "$TMP/no/such/folder/r.html" "$ERR"
check "unwritable: nothing created" test ! -e "$TMP/no"

# ---- -o ----
capture "$DIARIST" report -o -
exit_is "-o -: exit 0" 0
contains "-o -: the page on stdout" "<!DOCTYPE html>" "$(head -1 "$TMP/out")"
same "-o -: stdout is the page alone" "</html>" "$(tail -1 "$TMP/out")"
check "-o -: no file written" test ! -e diarist-report.html
mkdir -p sub/dir
(cd sub/dir && "$DIARIST" report -o r.html >/dev/null)
check "-o: relative to the current folder" test -s sub/dir/r.html
(cd sub && "$DIARIST" report >/dev/null)
check "default: in the current folder" test -s sub/diarist-report.html
rm -rf sub
capture "$DIARIST" report --output="$TMP/eq.html"
check "--output=FILE" test -s "$TMP/eq.html"

# ---- --ticket ----
capture "$DIARIST" report --ticket vm023 -o -
exit_is "--ticket vm023: exit 0" 0
rows "$TMP/out" >"$TMP/rows"
same "--ticket vm023: resolved like a ref, one row" VM-023-IMPROVE-DOCS "$(cat "$TMP/rows")"
same "--ticket vm023: one section" 1 "$(grep -c '<section class="ticket"' "$TMP/out")"
contains "--ticket vm023: its timeline (one ticket's history read)" \
	'VM-023: baseline work</span> <span class="badge step">step 1</span>' "$OUT"
lacks "--ticket: no other ticket's findings" "commit-unrecorded" "$OUT"
lacks "--ticket: no section of findings about no ticket" 'id="general"' "$OUT"
capture "$DIARIST" report --ticket VM-024 --ticket=vm023 --ticket VM-024-PLUGIN-GRANTS -o -
rows "$TMP/out" >"$TMP/rows"
same "--ticket repeated: each ticket once, in ID order" \
	"VM-023-IMPROVE-DOCS VM-024-PLUGIN-GRANTS" "$(tr '\n' ' ' <"$TMP/rows" | sed 's/ $//')"
same "--ticket: numbers as in the whole report" 1 "$(cell "$TMP/out" VM-024-PLUGIN-GRANTS unrecorded)"
capture "$DIARIST" report --ticket VM-02 -o "$TMP/x.html"
exit_is "--ticket unknown: exit 2" 2
contains "--ticket unknown: says so" "--ticket VM-02: no such ticket" "$ERR"
contains "--ticket unknown: suggests the closest IDs" "VM-023-IMPROVE-DOCS" "$ERR"
check "--ticket unknown: nothing written" test ! -e "$TMP/x.html"
capture "$DIARIST" report --ticket vm -o "$TMP/x.html"
exit_is "--ticket ambiguous: exit 2" 2
contains "--ticket ambiguous: lists the candidates" "VM-024-PLUGIN-GRANTS" "$ERR"
check "--ticket ambiguous: nothing written" test ! -e "$TMP/x.html"

# ---- arguments ----
capture "$DIARIST" report --bogus
exit_is "unknown option: exit 2" 2
contains "unknown option: usage" "usage: diarist report" "$ERR"
capture "$DIARIST" report -o
exit_is "-o without a file: exit 2" 2
capture "$DIARIST" report --ticket
exit_is "--ticket without an ID: exit 2" 2
capture "$DIARIST" help report
exit_is "help report: exit 0" 0
contains "help report: the usage" "diarist report [-o FILE.html] [--ticket ID...]" "$OUT"
capture "$DIARIST" help
lacks "help: report is no longer 'not built yet'" "report" "$(printf '%s\n' "$OUT" | grep 'not built yet' || true)"

# ---- edge cases ----
git init -q "$TMP/empty"
(cd "$TMP/empty" && capture "$DIARIST" report -o - && [ "$RC" = 0 ] &&
	grep -q 'No commits yet' "$TMP/out" && grep -q 'No tickets.' "$TMP/out")
check "no commits yet: a page that says so" test $? = 0

git init -q "$TMP/plain"
(cd "$TMP/plain" && echo x >f && git add f && git commit -q -m init &&
	capture "$DIARIST" report -o - && [ "$RC" = 0 ] && grep -q 'No ticket workspace (ttmp)' "$TMP/out")
check "no ticket workspace: a page that says so" test $? = 0
(cd "$TMP/plain" && capture "$DIARIST" report --ticket VM-1 -o - && [ "$RC" = 2 ])
check "no ticket workspace, --ticket: exit 2" test $? = 0

mkdir -p "$TMP/nowhere"
(cd "$TMP/nowhere" && capture env GIT_CEILING_DIRECTORIES="$TMP" "$DIARIST" report -o - &&
	[ "$RC" = 3 ] && [ ! -s "$TMP/out" ])
check "not a repository: exit 3, nothing on stdout" test $? = 0

done_testing
