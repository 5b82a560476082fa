#!/bin/bash
# diarist run and the **Tests:** line post-commit writes under a record
# (SPEC §4.4, §4.5 "evidence records move with the tree").
. "$(dirname "$0")/lib.sh"

in_new_repo
tree() { git rev-parse --short=7 "${1:-HEAD}^{tree}"; }
# tests_of ABBREV: the line under ABBREV's record, duration as N.N
tests_of() {
	grep -a -A1 "^\*\*Commit (code):\*\* $1 " "$DIARY23" | sed -n 2p |
		sed -E 's/; [0-9]+\.[0-9] s; commit /; N.N s; commit /'
}
tidy() { git add ttmp && git commit -q -m "VM-023: diary: bookkeeping"; }

# ---- a passing run, then the commit ----
change
capture "$DIARIST" run -- sh -c 'echo "5 passed, 0 failed"'
exit_is "diarist run (passing): exit 0, the command's" 0
same "diarist run: the tests' output is shown" "5 passed, 0 failed" "$OUT"
same "diarist run: one line about the evidence" "diarist: evidence kept for tree $(git write-tree | cut -c1-7): exit 0" "$ERR"
capture git commit -q -m "VM-023: tested"
name_commit T1
NAMED[TREE1]=$(tree)
same "the Tests line under the record (exit 0, the counts)" \
	"**Tests:** \`sh -c 'echo \"5 passed, 0 failed\"'\` — exit 0; 5 passed, 0 failed; N.N s; commit ${NAMED[T1]}, tree $(tree)" \
	"$(tests_of "${NAMED[T1]}")"
same_diary "the diary with a Tests line" diary-tests.md "$DIARY23"
tidy

# ---- a failing run ----
change
capture "$DIARIST" run -- sh -c 'echo "4 passed, 1 failed"; exit 3'
exit_is "diarist run (failing): exits 3, the command's status" 3
contains "diarist run (failing): evidence kept" "exit 3" "$ERR"
git commit -q -m "VM-023: failing tests" 2>/dev/null
name_commit T2
same "a failing run is attached with its exit status" \
	"**Tests:** \`sh -c 'echo \"4 passed, 1 failed\"; exit 3'\` — exit 3; 4 passed, 1 failed; N.N s; commit ${NAMED[T2]}, tree $(tree)" \
	"$(tests_of "${NAMED[T2]}")"
tidy

# ---- exit statuses pass through ----
for st in 1 42 125; do
	capture "$DIARIST" run -- sh -c "exit $st"
	exit_is "diarist run -- sh -c 'exit $st': exit $st" "$st"
done
capture "$DIARIST" run -- sh -c 'kill -TERM $$'
exit_is "diarist run of a command killed by SIGTERM: exit 143 (as a shell says)" 143
capture "$DIARIST" run -- /nonexistent/tests
if [ "$RC" -ne 0 ]; then ok "diarist run of a missing program: fails"; else not_ok "diarist run of a missing program: fails"; fi
contains "diarist run of a missing program: names it" "/nonexistent/tests" "$ERR"
capture "$DIARIST" run
exit_is "diarist run with no command and no evidence.command: usage error, exit 2" 2
contains "diarist run with nothing to run: says why" "no command given" "$ERR"
# no shell: the arguments reach the program as they are
capture "$DIARIST" run -- printf '%s|' 'a b' '$HOME' '`x`' ';'
same "diarist run: no shell between it and the command" 'a b|$HOME|`x`|;|' "$OUT"

# ---- the last run for a tree wins ----
change
"$DIARIST" run -- sh -c 'echo "1 passed, 1 failed"; exit 1' >/dev/null 2>&1
"$DIARIST" run -- sh -c 'echo "2 passed, 0 failed"' >/dev/null 2>&1
git commit -q -m "VM-023: fixed, then tested again" 2>/dev/null
name_commit T3
same "two runs on one tree: the last one is attached" \
	"**Tests:** \`sh -c 'echo \"2 passed, 0 failed\"'\` — exit 0; 2 passed, 0 failed; N.N s; commit ${NAMED[T3]}, tree $(tree)" \
	"$(tests_of "${NAMED[T3]}")"
tidy

# ---- no run for the tree: no line ----
change
"$DIARIST" run -- sh -c 'echo "3 passed, 0 failed"' >/dev/null 2>&1
echo "after the run" >>src1.c && git add src1.c
git commit -q -m "VM-023: changed after the run" 2>/dev/null
name_commit T4
same "a run for another tree: no Tests line" "" "$(tests_of "${NAMED[T4]}")"
tidy

# ---- a dirty run: unstaged changes to a tracked file ----
change
echo "unstaged" >>src2.c
capture "$DIARIST" run -- sh -c 'echo "6 passed, 0 failed"'
exit_is "dirty run: exit 0" 0
contains "dirty run: says it is kept as dirty" "unstaged changes" "$ERR"
git commit -q -m "VM-023: committed after a dirty run" 2>/dev/null
name_commit T5
same "a dirty run is not attached" "" "$(tests_of "${NAMED[T5]}")"
git checkout -q -- src2.c
tidy
# an untracked file is not an unstaged change to a tracked file
change
echo scratch >untracked.tmp
"$DIARIST" run -- sh -c 'echo "7 passed, 0 failed"' >/dev/null 2>&1
git commit -q -m "VM-023: with an untracked file around" 2>/dev/null
name_commit T6
contains "an untracked file does not make a run dirty" "7 passed, 0 failed; N.N s; commit ${NAMED[T6]}" "$(tests_of "${NAMED[T6]}")"
rm -f untracked.tmp
tidy

# ---- evidence.command ----
printf 'evidence:\n  command: sh -c '"'"'echo "8 passed, 0 failed, 2 skipped"'"'"'\n' >.diarist.yaml
echo .diarist.yaml >>.git/info/exclude
change
capture "$DIARIST" run
exit_is "evidence.command: diarist run with no command runs it" 0
same "evidence.command: its output" "8 passed, 0 failed, 2 skipped" "$OUT"
git commit -q -m "VM-023: tested with evidence.command" 2>/dev/null
name_commit T7
same "evidence.command: the Tests line names it" \
	"**Tests:** \`sh -c 'echo \"8 passed, 0 failed, 2 skipped\"'\` — exit 0; 8 passed, 0 failed, 2 skipped; N.N s; commit ${NAMED[T7]}, tree $(tree)" \
	"$(tests_of "${NAMED[T7]}")"
capture "$DIARIST" run -- sh -c 'exit 4'
exit_is "a command given wins over evidence.command" 4
rm .diarist.yaml
tidy

# ---- counts it does not recognise ----
change
"$DIARIST" run -- sh -c 'echo all good' >/dev/null 2>&1
git commit -q -m "VM-023: no counts" 2>/dev/null
name_commit T8
same "no counts recognised: exit status and duration only" \
	"**Tests:** \`sh -c 'echo all good'\` — exit 0; N.N s; commit ${NAMED[T8]}, tree $(tree)" \
	"$(tests_of "${NAMED[T8]}")"
tidy

# ---- TAP and pytest summaries ----
change
"$DIARIST" run -- printf 'ok 1 - a\nnot ok 2 - b\nok 3 - c # SKIP no\n1..3\n' >/dev/null 2>&1
git commit -q -m "VM-023: tap" 2>/dev/null
contains "TAP output: counted" "exit 0; 1 passed, 1 failed, 1 skipped;" "$(tests_of "$(abbrev)")"
tidy
change
"$DIARIST" run -- sh -c 'echo "=========== 3 passed, 1 failed in 0.12s ==========="; exit 1' >/dev/null 2>&1
git commit -q -m "VM-023: pytest" 2>/dev/null
contains "pytest output: counted" "exit 1; 3 passed, 1 failed;" "$(tests_of "$(abbrev)")"
tidy

# ---- amend: the evidence moves with the tree ----
# (the diary's own changes stay unstaged, so an amend without new changes
# keeps the tree)
change
"$DIARIST" run -- sh -c 'echo "9 passed, 0 failed"' >/dev/null 2>&1
git commit -q -m "VM-023: to amend" 2>/dev/null
name_commit A0
capture env GIT_COMMITTER_DATE=2026-02-15T10:00:00Z git commit -q --amend -m "VM-023: amended, same tree"
name_commit A1
same "amend, same tree: the Tests line names the new commit" \
	"**Tests:** \`sh -c 'echo \"9 passed, 0 failed\"'\` — exit 0; 9 passed, 0 failed; N.N s; commit ${NAMED[A1]}, tree $(tree)" \
	"$(tests_of "${NAMED[A1]}")"
same "amend, same tree: one record and one Tests line in the step" "1 1" \
	"$(sed -n '/^## Step [0-9]*: VM-023: to amend$/,/^### /p' "$DIARY23" | grep -c '^\*\*Commit') $(sed -n '/^## Step [0-9]*: VM-023: to amend$/,/^### /p' "$DIARY23" | grep -c '^\*\*Tests:\*\*')"
same "amend, same tree: nothing names the old commit" 0 "$(count_of "${NAMED[A0]}" "$DIARY23")"
change
capture env GIT_COMMITTER_DATE=2026-02-15T10:00:01Z git commit -q --amend -m "VM-023: amended, new tree"
name_commit A2
same "amend, new tree: no evidence for it, so no Tests line" "" "$(tests_of "${NAMED[A2]}")"
same "amend, new tree: nothing names the old commit" 0 "$(count_of "${NAMED[A1]}" "$DIARY23")"
same "amend, new tree: the step's Tests line is gone" 0 \
	"$(sed -n '/^## Step [0-9]*: VM-023: to amend$/,/^### /p' "$DIARY23" | grep -c '^\*\*Tests:\*\*')"

done_testing
