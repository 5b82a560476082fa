#!/bin/bash
# A ticket with three diaries (SPEC §1.5): reference/01-diary.md (the
# writer's: titled "Diary"), reference/09-rename-diary.md and
# diary/01-diary.md. All of them count for "is this commit recorded" and
# are checked by the rules (check --all and a range, text and JSON: each
# finding names its own file and line); status counts over all of them and
# lists them; log shows the steps and records of every one, naming the
# diary; report lists each diary; post-commit still writes into the
# writer's diary only.
. "$(dirname "$0")/lib.sh"

in_new_repo
BASE=$(head_id)
W1=$D023/reference/01-diary.md
W2=$D023/reference/09-rename-diary.md
W3=$D023/diary/01-diary.md

# diary FILE TITLE BODY: a diary of VM-023 with this title, then BODY (%b)
diary() {
	mkdir -p "$(dirname "$1")"
	printf -- '---\nTitle: %s\nTicket: VM-023-IMPROVE-DOCS\nDocType: reference\n---\n\n# %s\n\n%b' \
		"$2" "$2" "$3" >"$1"
}
# rec N TITLE REV: a step recording REV (no Tests line)
rec() {
	printf '## Step %s: %s\n\n**Commit (code):** %s — "%s"\n\n' "$1" "$2" "$(abbrev "$3")" \
		"$(git log -1 --format=%s "$3")"
}
# line_in FILE TEXT: the line number of TEXT's first occurrence in FILE
line_in() { grep -anF -- "$2" "$1" | head -1 | cut -d: -f1; }

# commits made without the hooks; one on a branch that goes away (a stale
# hash left in a diary)
change && nohooks commit -q -m "VM-023: first work"
A=$(head_id)
change && nohooks commit -q -m "VM-023: second work"
B=$(head_id)
git checkout -q -b side
change && nohooks commit -q -m "VM-023: side work"
S=$(head_id)
git checkout -q main
git branch -q -D side

diary "$W1" Diary "$(rec 1 "First" "$A")"
diary "$W2" "Rename diary" \
	"$(rec 1 "Second" "$B")\n\n## Step 2: Planned\n\n**Commit (code):** pending\n\n## Step 3: Docs\n\n**Commit (code):** N/A\n"
diary "$W3" "Notes" "$(rec 1 "Side" "$S")\n\n## Step 2: Docs\n\n**Commit (code):** N/A\n"
bookkeep VM-023
SUM1=$(md5sum "$W2" "$W3")

# findings FILE: "rule file line commit7" of every finding, sorted
findings() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted(d["findings"], key=lambda f: (f["rule"], f["file"] or "", f["line"] or 0)):
    print(f["rule"], f["file"], f["line"], (f["commit"] or "-")[:7])
PY
}

# ---- check: every diary judged ----
capture "$DIARIST" check --all --format json
exit_is "check --all: errors (a placeholder, a stale hash)" 1
cp "$TMP/out" "$TMP/all.json"
F=$(findings "$TMP/all.json")
lacks "check --all: a commit recorded in the second diary only is recorded" \
	"commit-unrecorded" "$F"
contains "check --all: the placeholder, in the second diary, at its line" \
	"commit-pending $W2 $(line_in "$W2" "pending") -" "$F"
contains "check --all: the stale hash, in the third diary, at its line" \
	"commit-unreachable $W3 $(line_in "$W3" "$(abbrev "$S")") $(abbrev "$S" | cut -c1-7)" "$F"
contains "check --all: the first commit's evidence, in the writer's diary" \
	"evidence-missing $W1 $(line_in "$W1" "$(abbrev "$A")") ${A:0:7}" "$F"
contains "check --all: the second commit's evidence, in the second diary" \
	"evidence-missing $W2 $(line_in "$W2" "$(abbrev "$B")") ${B:0:7}" "$F"
lacks "check --all: each diary numbers its own steps" "step-numbering" "$F"
same "check --all: those findings and no others" 4 "$(printf '%s\n' "$F" | grep -c .)"

capture "$DIARIST" check "$BASE..HEAD" --format json
exit_is "check RANGE: errors too" 1
cp "$TMP/out" "$TMP/range.json"
R=$(findings "$TMP/range.json")
lacks "check RANGE: no commit-unrecorded" "commit-unrecorded" "$R"
contains "check RANGE: the placeholder in the second diary" "commit-pending $W2 " "$R"
contains "check RANGE: the stale hash in the third diary" "commit-unreachable $W3 " "$R"

capture "$DIARIST" check "$BASE..HEAD"
contains "check, text: file and line of the second diary" \
	"$W2:$(line_in "$W2" "pending"): error: a commit record of step 2 is still waiting" "$OUT"
contains "check, text: file and line of the third diary" \
	"$W3:$(line_in "$W3" "$(abbrev "$S")"): error: commit $(abbrev "$S") is not an ancestor" "$OUT"

# ---- status: counts over every diary, each listed ----
capture "$DIARIST" status --format json
exit_is "status --format json: exit 0" 0
ROW=$(python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = [t for t in d["tickets"] if t["id"] == "VM-023-IMPROVE-DOCS"][0]
print(t["diary"])
print(" ".join(t["diaries"]))
print(t["steps"], t["commits"]["recorded"], t["commits"]["unrecorded"],
      t["evidence"]["missing"], t["findings"]["errors"], t["findings"]["warnings"])
PY
)
same "status: diary is the writer's" "$W1" "$(sed -n 1p <<<"$ROW")"
same "status: diaries lists all three, the writer's first" "$W1 $W2 $W3" "$(sed -n 2p <<<"$ROW")"
same "status: steps, recorded, unrecorded, missing evidence, errors, warnings" \
	"6 3 0 3 2 2" "$(sed -n 3p <<<"$ROW")"
capture "$DIARIST" status
same "status, text: six steps, three recorded, none unrecorded" "VM-023-IMPROVE-DOCS 6 3 0" \
	"$(printf '%s\n' "$OUT" | grep '^VM-023' | awk '{print $1, $5, $6, $7}')"

# ---- log: the steps and records of every diary ----
capture "$DIARIST" log VM-023
exit_is "log: exit 0" 0
contains "log: the first commit, in the writer's diary" \
	"VM-023: first work  (step 1 of reference/01-diary.md; no tests)" "$OUT"
contains "log: the second commit, in the second diary" \
	"VM-023: second work  (step 1 of reference/09-rename-diary.md; no tests)" "$OUT"
contains "log: a step of the writer's diary" 'step 1 added: "First" (reference/01-diary.md)' "$OUT"
contains "log: a step of the second diary" 'step 3 added: "Docs" (reference/09-rename-diary.md)' "$OUT"
contains "log: a step of the third diary" 'step 2 added: "Docs" (diary/01-diary.md)' "$OUT"
same "log: six steps added" 6 "$(grep -c ' added: ' "$TMP/out")"
capture "$DIARIST" log VM-023 --format json
EV=$(python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["events"]:
    if e["kind"] == "commit" and e["step"] is not None:
        print("commit", e["subject"], e["step"], e["diary"])
    elif e["kind"] == "step-added":
        print("step", e["step_number"], e["diary"])
PY
)
contains "log --format json: the commit's diary, from the top" \
	"commit VM-023: second work 1 $W2" "$EV"
contains "log --format json: a step's diary, from the top" "step 2 $W3" "$EV"

# ---- report: each diary listed ----
capture "$DIARIST" report -o "$TMP/r.html"
exit_is "report: exit 0" 0
P=$(cat "$TMP/r.html")
contains "report: three diaries" "3 diaries <code class=\"diary\">$W1</code>, <code class=\"diary\">$W2</code>, <code class=\"diary\">$W3</code>" "$P"
contains "report: the diary of a step" \
	'<span class="in-diary">in <code class="diary">reference/09-rename-diary.md</code></span>' "$P"

# ---- the writer writes into its one diary ----
commit "VM-023: third work"
exit_is "post-commit: the commit went in" 0
C=$(head_id)
same "post-commit: recorded in the writer's diary" 1 "$(count_of "$(abbrev "$C")" "$W1")"
same "post-commit: the other diaries untouched" "$SUM1" "$(md5sum "$W2" "$W3")"
bookkeep VM-023
capture "$DIARIST" check --all --format json
lacks "check --all: the new commit is recorded" "commit-unrecorded" "$(findings "$TMP/out")"

done_testing
