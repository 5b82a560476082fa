#!/bin/bash
# The report in a real browser (issue 5; `make test-browser`, also run by
# .ci/run). Builds a throwaway repository whose history the script makes
# (tasks checked, unchecked and checked again across commits by several
# authors, status changes, tested and untested commits, findings of
# several rules, a ticket with broken frontmatter, one whose Title is
# <script>alert(1)</script>, a subject with markup characters), writes
# `diarist report`, and renders it with Debian's chromium, headless:
#   - to a PNG (--screenshot, 1280x2000): kept as $BUILD/report.png (the
#     page as $BUILD/report.html); UPDATE_SCREENSHOT=1 also copies it to
#     docs/report.png (through pngquant when there is one);
#   - to its DOM (--dump-dom), read with python3's html.parser: every
#     ticket of `diarist status --all --format json` has its row and
#     section, the numbers of the table are status's field by field, and
#     also those that check.py reads from the files and from `check --all
#     --format json` on its own (an independent second reading); nothing
#     on the page can fetch anything, the hostile title is text and no
#     <script> element exists; who checked each task (the last check, after
#     an uncheck) and the timeline's events are the history's;
#   - with --log-net-log: no URL but the report's own file:// URL was
#     requested (a control page with an external image proves the log
#     would show one).
# chromium is installed when missing (apt-get, as root). TAP output, then
# "N passed, N failed".
. "$(dirname "$0")/../e2e/lib.sh"
HERE="$ROOT/tests/browser"
CHECK="python3 $HERE/check.py"
SHOT_W=1280 SHOT_H=2000
summary() {
	echo "1..$T_N"
	echo "$((T_N - T_FAILED)) passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}

# ---- chromium ----
if ! command -v chromium >/dev/null 2>&1; then
	echo "# chromium is missing: installing Debian's package"
	if [ "$(id -u)" = 0 ]; then
		(export DEBIAN_FRONTEND=noninteractive
			apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null) 2>&1 |
			sed 's/^/# /'
	else
		sudo -n sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
			apt-get install -y -q chromium >/dev/null' 2>&1 | sed 's/^/# /'
	fi
fi
if ! command -v chromium >/dev/null 2>&1; then
	not_ok "chromium is installed" "apt-get install chromium failed (root or sudo needed)"
	summary
	exit 1
fi
ok "chromium is installed ($(chromium --version 2>/dev/null | head -1))"

# chrome ARGS...: chromium headless with a profile of its own and as few of
# its background services as flags allow; no host name resolves, so what
# it still asks for itself (update, sign-in, time) never leaves the machine
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$TMP/profile" --no-first-run --no-default-browser-check \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --disable-breakpad \
		--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication \
		--metrics-recording-only --mute-audio --force-device-scale-factor=1 \
		--host-resolver-rules="MAP * ~NOTFOUND" \
		"$@" 2>>"$TMP/chromium.log"
}

# ---- the repository ----
# tick [NAME]: the next commit is 90 minutes after the last one, by NAME
T0=$(date -u -d 2026-02-02T09:00:00Z +%s)
TICKS=0
tick() {
	TICKS=$((TICKS + 1))
	local t=$((T0 + TICKS * 5400))
	export GIT_AUTHOR_DATE="$t +0100" GIT_COMMITTER_DATE="$t +0100"
	export GIT_AUTHOR_NAME="${1:-Ada Lovelace}"
	export GIT_AUTHOR_EMAIL="$(echo "${1:-Ada Lovelace}" | tr 'A-Z ' 'a-z.')@example.com"
}
# set_status DIR STATUS; check_task DIR N / uncheck_task DIR N (the N-th task)
set_status() { sed -i "s/^Status: .*/Status: $2/" "$1/index.md"; }
check_task() { awk -v n="$2" '/^- \[[ x]\] /{i++; if (i == n) sub(/^- \[ \]/, "- [x]")} {print}' "$1/tasks.md" >"$1/tasks.tmp" && mv "$1/tasks.tmp" "$1/tasks.md"; }
uncheck_task() { awk -v n="$2" '/^- \[[ x]\] /{i++; if (i == n) sub(/^- \[x\]/, "- [ ]")} {print}' "$1/tasks.md" >"$1/tasks.tmp" && mv "$1/tasks.tmp" "$1/tasks.md"; }
# work MSG [run ARGS]: a change, the tests run (diarist run ARGS, default
# true: the evidence post-commit writes), the commit through the hooks
work() {
	local msg=$1
	shift
	change
	if [ $# -gt 0 ]; then "$DIARIST" run -- "$@" >/dev/null 2>&1; fi
	git commit -q -m "$msg" || { echo "# commit refused: $msg" >&2; exit 1; }
}
# keep TICKET MSG: commit the ticket files as they are (bookkeeping)
keep() { git add ttmp && git commit -q --no-verify -m "$1: $2"; }

# the hooks' notes while the history is made go to a log, not to TAP
exec 3>&2 2>"$TMP/build.log"
R="$TMP/shop"
git init -q "$R"
cd "$R" || exit 1
tick "Ada Lovelace"
P=$(make_ticket ttmp VM-101-PARSER draft "Markdown parser")
L=$(make_ticket ttmp VM-102-LOADER active "Plugin loader")
X=$(make_ticket ttmp VM-103-XSS draft "x")
sed -i 's|^Title: .*|Title: <script>alert(1)</script>|' "$X/index.md"
S=$(make_ticket ttmp VM-104-SHIP active "Release 1.0")
B=$(make_ticket ttmp VM-105-BROKEN active "Broken index")
printf -- '---\nTitle: [unclosed\nTicket: VM-105-BROKEN\nStatus: active\n---\n\n# Broken\n' >"$B/index.md"
printf '# Tasks\n\n## Parse\n\n- [ ] tokenizer\n- [ ] block parser <!-- t:blk -->\n- [ ] inline parser\n\n## Ship\n\n- [ ] benchmarks\n' >"$P/tasks.md"
printf '# Tasks\n\n- [ ] loader skeleton\n- [ ] cache\n- [ ] <b>sandbox</b> & limits\n' >"$L/tasks.md"
printf '# Tasks\n\n- [ ] changelog\n- [ ] tag the release\n' >"$S/tasks.md"
echo "shop" >README.md
git add -A && git commit -q -m "initial import"
"$DIARIST" install >/dev/null || exit 1

tick "Ada Lovelace"; set_status "$P" active; keep VM-101 "start the parser"
tick "Ada Lovelace"; work "VM-101: tokenizer (task 1)" true
tick "Ada Lovelace"; check_task "$P" 1; keep VM-101 "diary, task 1 done"
tick "Grace Hopper"; work "VM-101: block parser (task 2)" true
tick "Grace Hopper"; check_task "$P" 2; keep VM-101 "diary, task 2 done"
tick "Linus Torvalds"; work "VM-102: loader skeleton (task 1)" true
tick "Linus Torvalds"; check_task "$L" 1; keep VM-102 "diary, task 1 done"
tick "Linus Torvalds"; work "VM-102: cache <with> \"quotes\" & ampersands (task 2)" false
tick "Linus Torvalds"; check_task "$L" 2; keep VM-102 "diary"
tick "Margaret Hamilton"; change; nohooks commit -q -m "VM-102: hotfix made without the hooks"
tick "Margaret Hamilton"; change; nohooks commit -q -m "tidy whitespace"
tick "Grace Hopper"; work "VM-103: spike" true
printf '\n## Step 2: Later work\n\n**Commit (code):** pending\n\n## Step 3: Notes\n\n<img src="http://example.com/x.png"> is text here.\n' >>"$X/reference/01-diary.md"
tick "Grace Hopper"; keep VM-103 "plan"
tick "Ada Lovelace"; uncheck_task "$P" 2; check_task "$P" 3; keep VM-101 "block parser needs rework"
tick "Ada Lovelace"; printf '\n## Step 1: Again\n\nA repeated number.\n\n**Tasks:** 9\n' >>"$P/reference/01-diary.md"; keep VM-101 "notes"
tick "Katherine Johnson"; work "VM-104: changelog (task 1)" true
tick "Katherine Johnson"; work "VM-104: tag (task 2)"
tick "Katherine Johnson"; check_task "$S" 1; check_task "$S" 2; set_status "$S" complete; keep VM-104 "released"
tick "Grace Hopper"; check_task "$P" 2; set_status "$P" review; keep VM-101 "block parser reworked, review please"
exec 2>&3 3>&-
if [ "$(git rev-list --count HEAD)" = 20 ] && [ -z "$(git status --porcelain)" ]; then
	ok "the history is made (20 commits, nothing left uncommitted)"
else
	not_ok "the history is made" "$(git rev-list --count HEAD) commits" "$(git status --short)" "$(tail -20 "$TMP/build.log")"
fi

# ---- the report ----
export SOURCE_DATE_EPOCH=$((T0 + 40 * 5400))
REPORT="$TMP/report.html"
"$DIARIST" report -o "$REPORT" >/dev/null 2>"$TMP/report.err"
check "diarist report writes the page" test -s "$REPORT"
URL="file://$REPORT"

"$DIARIST" check --all --format json >"$TMP/check.json" 2>/dev/null
RULES=$(python3 -c 'import json,sys; print(" ".join(sorted({f["rule"] for f in json.load(open(sys.argv[1]))["findings"]})))' "$TMP/check.json")
echo "# rules found: $RULES"
if [ "$(echo "$RULES" | wc -w)" -ge 5 ]; then ok "the repository has findings of several rules"; else
	not_ok "the repository has findings of several rules" "$RULES"; fi

# what the table must say: status's JSON; and, read a second way by
# check.py, check --all's findings and the tickets' files
if $CHECK expected-files "$TMP/check.json" "$R/ttmp" >"$TMP/files.json" 2>"$TMP/files.err"; then
	ok "check --all --format json and the files read (the numbers to expect)"
else
	not_ok "check --all and the files read" "$(cat "$TMP/files.err")"
fi
EXPECTED="$TMP/files.json" FROM="check --all and the files"
if "$DIARIST" status --all --format json >"$TMP/status.json" 2>"$TMP/status.err"; then
	if $CHECK expected "$TMP/status.json" >"$TMP/expected.json" 2>"$TMP/expected.err"; then
		ok "status --all --format json read (the numbers to expect)"
		EXPECTED="$TMP/expected.json" FROM="status --all"
	else
		not_ok "status --all --format json read" "$(cat "$TMP/expected.err")"
	fi
else
	echo "# diarist status: $(head -1 "$TMP/status.err"); comparing with check --all and the files only"
fi

# ---- rendered ----
rm -f "$TMP/report.png"
chrome --window-size=$SHOT_W,$SHOT_H --screenshot="$TMP/report.png" "$URL" >/dev/null
if OUTP=$($CHECK png "$TMP/report.png" $SHOT_W $SHOT_H 2>&1); then
	ok "screenshot: a ${SHOT_W}x${SHOT_H} PNG that is not blank"
else
	not_ok "screenshot: a ${SHOT_W}x${SHOT_H} PNG that is not blank" "$OUTP" "$(tail -5 "$TMP/chromium.log")"
fi
cp -f "$TMP/report.png" "$BUILD_DIR/report.png" 2>/dev/null
cp -f "$REPORT" "$BUILD_DIR/report.html"
if [ -n "${UPDATE_SCREENSHOT:-}" ] && [ -s "$TMP/report.png" ]; then
	# a palette of 256 colours keeps the text sharp at a third of the size
	if command -v pngquant >/dev/null 2>&1; then
		pngquant --quality=70-95 --speed 1 --strip --force --output "$ROOT/docs/report.png" "$TMP/report.png"
	else
		cp "$TMP/report.png" "$ROOT/docs/report.png"
	fi && echo "# docs/report.png updated ($(wc -c <"$ROOT/docs/report.png") bytes)"
fi

chrome --log-net-log="$TMP/net.json" --net-log-capture-mode=Everything --dump-dom "$URL" >"$TMP/dom.html"
check "the DOM was dumped" grep -q 'id="tickets"' "$TMP/dom.html"
if OUTP=$($CHECK dom "$TMP/dom.html" "$EXPECTED" 2>&1); then
	ok "DOM: every ticket of $FROM, its numbers field by field, nothing external (${OUTP##*$'\n'})"
else
	not_ok "DOM: every ticket of $FROM, its numbers field by field, nothing external" "$OUTP"
fi
if [ "$EXPECTED" != "$TMP/files.json" ]; then
	if OUTP=$($CHECK dom "$TMP/dom.html" "$TMP/files.json" 2>&1); then
		ok "DOM: the numbers are also those of the files read a second way"
	else
		not_ok "DOM: the numbers are also those of the files read a second way" "$OUTP"
	fi
fi
TITLE=$(python3 - "$TMP/dom.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.row = s.cell = None; s.title = None; s.scripts = 0
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "script": s.scripts += 1
        if tag == "tr" and a.get("data-ticket") == "VM-103-XSS": s.row = True
        if s.row and tag == "td" and a.get("class") == "title": s.cell = ""
    def handle_endtag(s, tag):
        if tag == "td" and s.cell is not None: s.title, s.cell, s.row = s.cell, None, None
    def handle_data(s, d):
        if s.cell is not None: s.cell += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("%s|%d" % (p.title, p.scripts))
PY
)
same "DOM: the title <script>alert(1)</script> is text in its row" "<script>alert(1)</script>" "${TITLE%|*}"
same "DOM: no <script> element" 0 "${TITLE##*|}"
# who checked each task, and the timeline, as the history the script made
FACTS=$($CHECK facts "$TMP/dom.html" 2>&1)
h() { git log -1 --format=%h --fixed-strings --grep="$1"; }
HEAD7=$(git rev-parse --short HEAD)
contains "tasks: VM-101 task 1 checked by Ada Lovelace, in the commit that checked it" \
	"task VM-101-PARSER 1 done $(h 'VM-101: diary, task 1 done') Ada Lovelace" "$FACTS"
contains "tasks: VM-101 task 2 checked, unchecked, checked again: the last check" \
	"task VM-101-PARSER 2 done $HEAD7 Grace Hopper" "$FACTS"
contains "tasks: an open task has no checker" "task VM-101-PARSER 4 open"$'\n' "$FACTS"$'\n'
contains "timeline: VM-101 task 2 unchecked by Ada Lovelace" \
	"event VM-101-PARSER task-unchecked $(h 'VM-101: block parser needs rework') Ada Lovelace unchecked task 2: block parser t:blk" "$FACTS"
contains "timeline: VM-101 status draft -> active" \
	"event VM-101-PARSER status $(h 'VM-101: start the parser') Ada Lovelace status draft → active" "$FACTS"
contains "timeline: VM-101 status active -> review" \
	"event VM-101-PARSER status $HEAD7 Grace Hopper status active → review" "$FACTS"
contains "timeline: a recorded commit with its step and failing tests, its subject as text" \
	"event VM-102-LOADER commit $(h 'VM-102: cache') Linus Torvalds commit VM-102: cache <with> \"quotes\" & ampersands (task 2) step 2 Tests: \`false\` — exit 1" "$FACTS"
contains "timeline: the commit made without the hooks is not recorded" \
	"event VM-102-LOADER commit $(h 'VM-102: hotfix') Margaret Hamilton commit VM-102: hotfix made without the hooks not recorded" "$FACTS"
contains "timeline: steps as they appeared" \
	"event VM-103-XSS step-added $(h 'VM-103: plan') Grace Hopper step step 2 added: Later work" "$FACTS"
if [ "$(printf '%s\n' "$FACTS" | grep -c '^event VM-101-PARSER ')" -ge 15 ]; then
	ok "timeline: VM-101's events, oldest first"
else
	not_ok "timeline: VM-101's events" "$FACTS"
fi
same "timeline: oldest first (VM-101 starts with its first status)" \
	"event VM-101-PARSER status" "$(printf '%s\n' "$FACTS" | grep '^event VM-101-PARSER ' | head -1 | cut -d' ' -f1-3)"

if OUTP=$($CHECK netlog "$TMP/net.json" "$URL" 2>&1); then
	[ -z "$OUTP" ] || printf '%s\n' "$OUTP" | sed 's/^/# /'
	ok "network: the page requested nothing but itself"
else
	not_ok "network: nothing requested but the report itself" "$OUTP"
fi

# the control: a page that does fetch something shows in the log
printf '<!DOCTYPE html><title>control</title><img src="http://127.0.0.1:9/control.png"><p>x</p>\n' >"$TMP/control.html"
chrome --log-net-log="$TMP/control.json" --net-log-capture-mode=Everything --dump-dom "file://$TMP/control.html" >/dev/null
if $CHECK page-urls "$TMP/control.json" 2>/dev/null | grep -q '^http://127.0.0.1:9/control.png$'; then
	ok "network: the log shows an external request when a page makes one (control)"
else
	not_ok "network: the log shows an external request (control)" "$($CHECK page-urls "$TMP/control.json" 2>&1 | head)"
fi

summary
