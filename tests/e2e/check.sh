#!/bin/bash
# diarist check, the CI verifier (SPEC §5, §6 check, §6.1, §9): the
# pre-push rules over @{upstream}..HEAD (or HEAD's commits on no
# remote-tracking ref), explicit A..B ranges, --all with the whole-state
# rules and since:, --ticket; every output format read back by a parser
# (json and sarif with python3, junit with xmllint, github annotations);
# the same findings as the pre-push hook; exit codes 0, 1, 2 and 3.
. "$(dirname "$0")/lib.sh"

W="$TMP/work"
repo_with_remote "$W"
git push -q --no-verify -u origin main

# chk ARGS...: diarist check ARGS, capture'd
chk() { capture "$DIARIST" check "$@"; }

# json_facts: $TMP/out read as diarist-check/1 JSON (docs/json-schema.md):
# every field of every finding present and typed, the summary agreeing
# with the findings; prints "rule level ticket file line commit7" per
# finding and "summary errors warnings" last. FACTS gets the output, and
# a failure is reported as DESC.
cat >"$TMP/json_facts.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "diarist-check/1", d.get("schema")
assert d["version"] is None or isinstance(d["version"], str)
assert isinstance(d["findings"], list)
keys = {"rule", "level", "ticket", "commit", "file", "line", "message", "hint"}
for f in d["findings"]:
    assert keys <= set(f), ("missing", keys - set(f), f)
    assert f["level"] in ("error", "warning"), f
    assert isinstance(f["rule"], str) and isinstance(f["message"], str) and f["message"], f
    for k in ("ticket", "commit", "file", "hint"):
        assert f[k] is None or isinstance(f[k], str), (k, f)
    assert f["line"] is None or (isinstance(f["line"], int) and f["line"] >= 1), f
s = d["summary"]
fs = d["findings"]
assert s["errors"] == sum(f["level"] == "error" for f in fs), s
assert s["warnings"] == sum(f["level"] == "warning" for f in fs), s
by = {}
for f in fs:
    by[f["rule"]] = by.get(f["rule"], 0) + 1
assert s["by_rule"] == by, (s["by_rule"], by)
for f in fs:
    print(f["rule"], f["level"], f["ticket"], f["file"], f["line"], (f["commit"] or "None")[:7])
print("summary", s["errors"], s["warnings"])
PY
json_facts() {
	if FACTS=$(python3 "$TMP/json_facts.py" "$TMP/out" 2>&1); then ok "$1"; else
		not_ok "$1" "$FACTS" "stdout: $OUT"; fi
}

# sarif_facts DESC: $TMP/out read as SARIF 2.1.0; prints "ruleId level uri
# startLine" per result (FACTS)
cat >"$TMP/sarif_facts.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d.get("version")
runs = d["runs"]
assert isinstance(runs, list) and len(runs) == 1, runs
run = runs[0]
driver = run["tool"]["driver"]
assert driver["name"] == "diarist", driver
ids = [r["id"] for r in driver.get("rules", [])]
assert isinstance(run["results"], list)
for r in run["results"]:
    assert isinstance(r["ruleId"], str) and r["ruleId"], r
    assert r["level"] in ("error", "warning", "note", "none"), r
    assert isinstance(r["message"]["text"], str) and r["message"]["text"], r
    assert isinstance(r["locations"], list), r
    if "ruleIndex" in r:
        assert ids[r["ruleIndex"]] == r["ruleId"], (r["ruleIndex"], r["ruleId"])
    uri, line = None, None
    for loc in r["locations"]:
        pl = loc["physicalLocation"]
        uri = pl["artifactLocation"]["uri"]
        line = pl.get("region", {}).get("startLine")
    print(r["ruleId"], r["level"], uri, line)
PY
sarif_facts() {
	if FACTS=$(python3 "$TMP/sarif_facts.py" "$TMP/out" 2>&1); then ok "$1"; else
		not_ok "$1" "$FACTS" "stdout: $OUT"; fi
}

# junit_facts DESC: $TMP/out well-formed XML (xmllint --noout), JUnit
# shaped; prints "testcase NAME failure|pass" per testcase (FACTS)
cat >"$TMP/junit_facts.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag in ("testsuites", "testsuite"), root.tag
cases = root.iter("testcase")
names = []
for c in cases:
    names.append(c.get("name"))
    print("testcase", c.get("name"), "failure" if c.find("failure") is not None else "pass")
assert len(names) == len(set(names)), ("a ticket twice", names)
PY
junit_facts() {
	if xmllint --noout "$TMP/out" 2>"$TMP/xmllint" && FACTS=$(python3 "$TMP/junit_facts.py" "$TMP/out" 2>&1); then
		ok "$1"
	else
		not_ok "$1" "$(cat "$TMP/xmllint")" "${FACTS:-}" "stdout: $OUT"
	fi
}

# ---- a clean range ----
chk
exit_is "clean: exit 0" 0
lacks "clean: no finding" ": error: " "$OUT"
chk --format json
exit_is "clean, json: exit 0" 0
json_facts "clean, json: valid diarist-check/1"
same "clean, json: no finding" "summary 0 0" "$FACTS"

# ---- a range with problems (on main, not pushed) ----
tested_commit "VM-023: good work"
bookkeep
G=$(head_id)
change && nohooks commit -q -m "tidy without a ticket"
name_commit BAD1
cat >>"$DIARY23" <<EOF

## Step $(($(grep -c '^## Step ' "$DIARY23") + 1)): Plan the parser

**Commit (code):** pending

## Step $(($(grep -c '^## Step ' "$DIARY23") + 2)): Notes

Nothing yet.
EOF
bookkeep
LP=$(grep -n ':\*\* pending$' "$DIARY23" | cut -d: -f1)
change && nohooks commit -q -m "VM-024: unrecorded work"
name_commit BAD2
printf '\n## Step 1: Again\n\nA repeated number.\n' >>"$DIARY24"
bookkeep VM-024

chk
exit_is "errors: exit 1" 1
has_finding "text: ticket-missing about the commit, with a hint" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
has_finding "text: commit-pending at its file and line" error commit-pending "$DIARY23:$LP:" "$OUT"
has_finding "text: commit-unrecorded" error commit-unrecorded "" "$OUT"
contains "text: commit-unrecorded names the commit" "${NAMED[BAD2]}" "$(printf '%s\n' "$OUT" | grep 'commit-unrecorded\]$')"
has_finding "text: step-numbering warning in VM-024's diary" warning step-numbering "$DIARY24:" "$OUT"
lacks "text: the findings are on stdout, not stderr" "[ticket-missing]" "$ERR"
lacks "text: no colour when not on a terminal" $'\033[' "$OUT"
lacks "text: the good commit is not reported" "$(abbrev "$G~1")" "$OUT"
capture env NO_COLOR=1 "$DIARIST" check
lacks "NO_COLOR: no colour" $'\033[' "$OUT"

chk --format json
exit_is "json: exit 1" 1
json_facts "json: valid diarist-check/1 (fields typed, summary agrees)"
contains "json: ticket-missing, no ticket, the commit" "ticket-missing error None None None ${NAMED[BAD1]}" "$FACTS"
contains "json: commit-pending, VM-023, file and line" "commit-pending error VM-023-IMPROVE-DOCS $DIARY23 $LP " "$FACTS"
contains "json: commit-unrecorded for VM-024" "commit-unrecorded error VM-024-PLUGIN-GRANTS " "$FACTS"
contains "json: step-numbering warning for VM-024 in its diary" "step-numbering warning VM-024-PLUGIN-GRANTS $DIARY24 " "$FACTS"
same "json: summary: 3 errors, 1 warning" "summary 3 1" "$(printf '%s\n' "$FACTS" | tail -1)"
same "json: nothing on stderr" "" "$ERR"

chk --format sarif
exit_is "sarif: exit 1" 1
sarif_facts "sarif: SARIF 2.1.0 (version, runs[0].tool.driver.name, results with ruleId, level, message.text, locations)"
contains "sarif: commit-pending at its file and line" "commit-pending error $DIARY23 $LP" "$FACTS"
contains "sarif: step-numbering is a warning" "step-numbering warning $DIARY24 " "$FACTS"
same "sarif: four results" 4 "$(printf '%s\n' "$FACTS" | grep -c .)"
# GitHub code scanning ingests a result only with a location that names a
# file (its rule GH1001, "locationFromSarifResult: expected at least one
# location"): a finding about a commit must still point somewhere
same "sarif: every result has a location with a file uri (GitHub ingestion)" "" \
	"$(printf '%s\n' "$FACTS" | awk '$3 == "None" || $3 == ""')"

chk --format junit
exit_is "junit: exit 1" 1
junit_facts "junit: well-formed (xmllint --noout), testcases unique"
contains "junit: a failing testcase for VM-023" "testcase VM-023-IMPROVE-DOCS failure" "$FACTS"
contains "junit: a failing testcase for VM-024" "testcase VM-024-PLUGIN-GRANTS failure" "$FACTS"

chk --format github
exit_is "github: exit 1" 1
same "github: every line is an ::error or ::warning command" "" \
	"$(printf '%s\n' "$OUT" | grep -vE '^::(error|warning) [^:]*title=[a-z-]+::.')"
contains "github: commit-pending with file, line and title" \
	"::error file=$DIARY23,line=$LP,title=commit-pending::" "$OUT"
contains "github: step-numbering as a warning with its file" "::warning file=$DIARY24," "$OUT"
contains "github: ticket-missing titled" "title=ticket-missing::" "$OUT"

# ---- the same findings as the pre-push hook ----
findings_of() { printf '%s\n' "$1" | grep -E '\[[a-z-]+\]$|^  hint: ' | sort; }
capture sh -c 'printf "refs/heads/main %s refs/heads/main %s\n" "$(git rev-parse HEAD)" "$(git rev-parse origin/main)" |
	.git/hooks/pre-push origin "$1"' _ "$REMOTE"
HOOK_ERR=$ERR
exit_is "pre-push on the same range: exit 1" 1
chk
same "check and pre-push: the same findings, word for word" "$(findings_of "$HOOK_ERR")" "$(findings_of "$OUT")"

# ---- explicit ranges ----
chk "origin/main..$G"
exit_is "A..B over good commits: exit 0" 0
chk "$G..HEAD"
exit_is "A..B over the bad commits: exit 1" 1
has_finding "A..B: ticket-missing" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
chk "$G..$G~0"
exit_is "an empty range: exit 0" 0
chk "origin/main..$G" "$G..HEAD"
exit_is "two ranges, the second bad: exit 1" 1
has_finding "two ranges: ticket-missing" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
chk "origin/main..$(git rev-parse HEAD~1)"
has_finding "A..B: the range's tip is judged, not the work tree" error commit-unrecorded "" "$OUT"
lacks "A..B ending before the repeated step: no step-numbering" "[step-numbering]" "$OUT"

# ---- --ticket ----
chk --ticket VM-024-PLUGIN-GRANTS --format json
exit_is "--ticket VM-024: exit 1 (its commit-unrecorded)" 1
json_facts "--ticket VM-024, json: valid"
same "--ticket VM-024: only VM-024's findings" "" \
	"$(printf '%s\n' "$FACTS" | grep -v '^summary' | awk '$3 != "VM-024-PLUGIN-GRANTS"')"
contains "--ticket VM-024: its commit-unrecorded" "commit-unrecorded error VM-024-PLUGIN-GRANTS" "$FACTS"
contains "--ticket VM-024: its step-numbering" "step-numbering warning VM-024-PLUGIN-GRANTS" "$FACTS"
chk --ticket VM-023-IMPROVE-DOCS
exit_is "--ticket VM-023: exit 1 (its commit-pending)" 1
has_finding "--ticket VM-023: commit-pending" error commit-pending "$DIARY23:$LP:" "$OUT"
lacks "--ticket VM-023: not VM-024's" "[commit-unrecorded]" "$OUT"
chk --ticket NOPE-1
exit_is "--ticket naming no ticket: usage error, exit 2" 2
contains "--ticket naming no ticket: says which" "NOPE-1" "$ERR"

# ---- default range without an upstream ----
git checkout -q -b local-only
same "(set-up) local-only has no upstream" "" "$(git rev-parse --abbrev-ref '@{upstream}' 2>/dev/null)"
chk
exit_is "no upstream: HEAD's commits on no remote-tracking ref: exit 1" 1
has_finding "no upstream: ticket-missing" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
lacks "no upstream: commits already on origin are not judged (baseline)" "baseline work" "$OUT"
git checkout -q main

# ---- warnings only: exit 0 ----
git checkout -q -b warn-only origin/main
printf '\n## Step 1: Again\n\nA repeated number.\n' >>"$DIARY23"
bookkeep
chk
exit_is "warnings only: exit 0" 0
has_finding "warnings only: the warning is shown" warning step-numbering "$DIARY23:" "$OUT"
chk --format json
json_facts "warnings only, json: valid"
same "warnings only, json: 0 errors, 1 warning" "summary 0 1" "$(printf '%s\n' "$FACTS" | tail -1)"
git checkout -q main

# ---- --all: old problems, whole-state rules, since ----
printf -- '- [ ] a leftover\n' >ttmp/2026/02/14/VM-001-OLD--old-work/tasks.md
bookkeep VM-001
git push -q --no-verify origin main
chk
exit_is "everything pushed: the default range is empty, exit 0" 0
chk --all
exit_is "--all over old problems: exit 1" 1
has_finding "--all: old ticket-missing" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
has_finding "--all: the whole-state rule status-open-tasks (VM-001-OLD)" error status-open-tasks "" "$OUT"
summary=$(printf '%s\n' "$OUT" | grep -vE '\]$|^  hint: ')
contains "--all, text: a summary counting ticket-missing" "ticket-missing" "$summary"
contains "--all, text: a summary counting status-open-tasks" "status-open-tasks" "$summary"
chk --all --format json
json_facts "--all, json: valid"
for rule in ticket-missing commit-pending commit-unrecorded step-numbering status-open-tasks; do
	contains "--all, json: $rule" "$rule " "$FACTS"
done
chk --all --format junit
junit_facts "--all, junit: well-formed"
for t in VM-001-OLD VM-023-IMPROVE-DOCS VM-024-PLUGIN-GRANTS; do
	contains "--all, junit: a testcase for $t" "testcase $t " "$FACTS"
done
chk --all --format sarif
sarif_facts "--all, sarif: valid"
chk --all --format github
same "--all, github: every line an annotation" "" "$(printf '%s\n' "$OUT" | grep -vE '^::(error|warning) ')"
chk --all --ticket VM-001-OLD
exit_is "--all --ticket VM-001-OLD: exit 1" 1
has_finding "--all --ticket VM-001-OLD: status-open-tasks" error status-open-tasks "" "$OUT"
lacks "--all --ticket VM-001-OLD: no other ticket's findings" "[commit-pending]" "$OUT"

config_commit "since: $(git rev-parse HEAD)"
chk --all
lacks "since: <commit>: commits up to it are not enforced (no ticket-missing)" "[ticket-missing]" "$OUT"
lacks "since: <commit>: nor commit-unrecorded" "[commit-unrecorded]" "$OUT"
has_finding "since: <commit>: the whole-state rules still hold" error status-open-tasks "" "$OUT"
config_commit "since: 2026-03-01"
chk --all
lacks "since: a date after every commit: no ticket-missing" "[ticket-missing]" "$OUT"
config_commit "since: 2026-02-01"
chk --all
has_finding "since: a date before the commits: ticket-missing again" error ticket-missing "commit ${NAMED[BAD1]}" "$OUT"
git rm -q .diarist.yaml && nohooks commit -q -m "VM-023: no config"

# ---- exit 2: usage and configuration errors ----
chk --frobnicate
exit_is "an unknown option: exit 2" 2
contains "an unknown option: named" "--frobnicate" "$ERR"
chk --format xml
exit_is "--format xml: exit 2" 2
contains "--format xml: named" "xml" "$ERR"
chk --all HEAD~1..HEAD
exit_is "--all with a range: exit 2" 2
chk nosuch..HEAD
exit_is "a range naming no commit: exit 2" 2
contains "a range naming no commit: says which" "nosuch" "$ERR"
printf 'rulez:\n  ticket-missing: off\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: a typo in the config"
chk
exit_is "an unknown key in .diarist.yaml: exit 2" 2
contains "an unknown key: file, line and column" ".diarist.yaml:1:1" "$ERR"
contains "an unknown key: the key" "rulez" "$ERR"
printf 'rules:\n  ticket-missing: sometimes\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: a bad level"
chk
exit_is "a bad rule level: exit 2" 2
contains "a bad rule level: file, line and column" ".diarist.yaml:2:" "$ERR"
contains "a bad rule level: what was expected" "error, warning or off" "$ERR"
printf 'rules:\n  ticket-mising: off\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: a misspelt rule"
chk
exit_is "a misspelt rule name: exit 2" 2
contains "a misspelt rule name: named" "ticket-mising" "$ERR"
printf 'root: [unclosed\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: invalid yaml"
chk
exit_is "invalid YAML in .diarist.yaml: exit 2" 2
contains "invalid YAML: names the file" ".diarist.yaml:" "$ERR"
git rm -q .diarist.yaml && nohooks commit -q -m "VM-023: no config"

# ---- a shallow clone: the range cannot be judged ----
git clone -q --depth 1 "file://$REMOTE" "$TMP/shallow"
cd "$TMP/shallow" || exit 1
"$DIARIST" install >/dev/null
commit "VM-023: from a shallow clone"
bookkeep
chk
exit_is "a shallow clone: exit 1 (a finding, not an unreadable repository)" 1
has_finding "a shallow clone: history-shallow, with a hint" error history-shallow "" "$OUT"
chk --format json
json_facts "a shallow clone, json: valid"
contains "a shallow clone, json: history-shallow" "history-shallow error " "$FACTS"
git fetch -q --unshallow
chk
exit_is "after git fetch --unshallow: exit 0" 0
cd "$W" || exit 1

# ---- exit 3: no repository; an object that cannot be read ----
mkdir -p "$TMP/nogit"
capture sh -c 'cd "$1" && GIT_CEILING_DIRECTORIES="$2" "$3" check' _ "$TMP/nogit" "$TMP" "$DIARIST"
exit_is "outside any repository: exit 3" 3
not_crashed "outside any repository: no crash"
contains "outside any repository: says so" "repository" "$ERR"

new_repo "$TMP/broken"
cd "$TMP/broken" || exit 1
commit "VM-023: work"
bookkeep
blob=$(git rev-parse "HEAD:$DIARY23")
rm -f ".git/objects/${blob:0:2}/${blob:2}"
capture "$DIARIST" check HEAD~2..HEAD
exit_is "a diary blob missing from the object store: exit 3" 3
not_crashed "a diary blob missing: no crash"
cd "$W" || exit 1

done_testing
