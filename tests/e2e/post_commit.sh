#!/bin/bash
# post-commit through real git: the diary written in the work tree (new
# diary, new steps, a waiting placeholder, the last step, Diary-Step),
# bookkeeping commits, two tickets, cherry-pick and revert, commits that
# are not recorded, diarist record, and a post-commit that never fails
# the commit (SPEC §4.1-4.3, §6 record).
. "$(dirname "$0")/lib.sh"

in_new_repo

# ---- the first commit naming a ticket creates its diary ----
commit "VM-023: add the parser"
exit_is "first commit: exit 0" 0
name_commit C1
report_is "first commit: one report line" \
	"diarist: VM-023-IMPROVE-DOCS step 1 ← ${NAMED[C1]} (reference/01-diary.md)"
check "first commit: the diary is created" test -f "$DIARY23"
same_diary "first commit: a new diary, docmgr frontmatter, step 1" diary-new.md "$DIARY23"
same "the abbreviation is git's (core.abbrev)" "${NAMED[C1]}" \
	"$(records "$DIARY23" | sed -E 's/^\*\*Commit \(code\):\*\* ([0-9a-f]+) .*/\1/')"
check "the diary is left in the work tree, not committed" \
	test -z "$(git ls-tree -r --name-only HEAD -- "$D023/reference")"
same "the hook made no commit (two commits: the root and this one)" 2 "$(git rev-list --count HEAD)"
same "git status: the new diary is untracked" "?? $D023/reference/" "$(git status --porcelain)"
check "no lock or temporary file is left" test "$(ls -A "$D023/reference")" = 01-diary.md

commit "VM-023: wire the parser into the CLI"
name_commit C2
report_is "second commit: step 2" \
	"diarist: VM-023-IMPROVE-DOCS step 2 ← ${NAMED[C2]} (reference/01-diary.md)"
same "second commit: two records" 2 "$(records "$DIARY23" | wc -l | tr -d ' ')"
same "second commit: step 2 has the subject as its title" 1 \
	"$(count_of '^## Step 2: VM-023: wire the parser into the CLI$' "$DIARY23")"

# ---- committing the diary is bookkeeping: not recorded ----
cp "$DIARY23" "$TMP/before"
git add ttmp
capture git commit -q -m "VM-023: diary: record steps 1-2"
exit_is "bookkeeping commit: exit 0" 0
same "bookkeeping commit: nothing reported" "" "$ERR"
check "bookkeeping commit: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
same "bookkeeping commit: its hash is not in the diary" 0 "$(count_of "$(abbrev)" "$DIARY23")"
same "bookkeeping commit: the work tree is clean" "" "$(git status --porcelain)"
# a commit of ticket files only (not the diary) is bookkeeping too
echo "- [ ] write docs" >"$D023/tasks.md"
git add ttmp
capture git commit -q -m "VM-023: add a task"
same "tasks.md only: bookkeeping, nothing reported" "" "$ERR"
check "tasks.md only: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
# diary.bookkeeping globs add more such paths
printf 'diary:\n  bookkeeping: ["docs/**", "*.txt"]\n' >.diarist.yaml
mkdir -p docs && echo notes >docs/notes.md && echo t >top.txt && git add docs top.txt
capture git commit -q -m "VM-023: notes only"
same "diary.bookkeeping globs: a commit only under them is not recorded" "" "$ERR"
echo more >>docs/notes.md && git add docs && change
capture git commit -q -m "VM-023: notes and code"
name_commit C3
report_is "diary.bookkeeping globs: a commit with a path outside them is recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 3 ← ${NAMED[C3]} (reference/01-diary.md)"
rm .diarist.yaml

# ---- a waiting placeholder is filled, in place; N/A stays ----
cat >>"$DIARY23" <<'EOF'

## Step 4: Research

Nothing to commit in this step.

**Commit (code):** N/A

## Step 5: Plan the grants table

Planned by hand before the commit existed.

  - **Commit (code):** pending

### What I did

- sketched the table

## Step 6: Later work

**Commit (code):**

## Step 7: Even later

**Commit (code):** TBD
EOF
git add ttmp && git commit -q -m "VM-023: diary: plan steps 4-7"
commit "VM-023: grants table"
name_commit C4
report_is "placeholder: the first waiting one is filled (step 5, not N/A in step 4)" \
	"diarist: VM-023-IMPROVE-DOCS step 5 ← ${NAMED[C4]} (reference/01-diary.md)"
same "placeholder: 'pending' is gone, the empty one and 'TBD' still wait, N/A stays" "0 1 1 1" \
	"$(count_of ':\*\* pending$' "$DIARY23") $(count_of ':\*\*$' "$DIARY23") $(count_of ':\*\* TBD$' "$DIARY23") $(count_of ':\*\* N/A$' "$DIARY23")"
commit "VM-023: later work"
name_commit C5
report_is "placeholder: then the empty one (step 6)" \
	"diarist: VM-023-IMPROVE-DOCS step 6 ← ${NAMED[C5]} (reference/01-diary.md)"
commit "VM-023: even later work"
name_commit C5B
report_is "placeholder: then TBD (step 7)" \
	"diarist: VM-023-IMPROVE-DOCS step 7 ← ${NAMED[C5B]} (reference/01-diary.md)"

# ---- the last step, when it records nothing yet, gets the record ----
cat >>"$DIARY23" <<'EOF'

## Step 8: Document the parser

Wrote the reference page.
It covers the grammar.

### What I did

- a page
EOF
git add ttmp && git commit -q -m "VM-023: diary: step 8 prose"
commit "VM-023: parser docs"
name_commit C6
report_is "last step without a record: step 8" \
	"diarist: VM-023-IMPROVE-DOCS step 8 ← ${NAMED[C6]} (reference/01-diary.md)"

# ---- a Diary-Step trailer names the step ----
commit "$(printf 'VM-023: parser follow-up\n\nDiary-Step: 2')"
name_commit C7
report_is "Diary-Step: 2: recorded in step 2" \
	"diarist: VM-023-IMPROVE-DOCS step 2 ← ${NAMED[C7]} (reference/01-diary.md)"

# ---- already recorded: nothing to do ----
cp "$DIARY23" "$TMP/before"
capture "$BUILD_DIR/hooks/post-commit"
exit_is "post-commit run again on the same HEAD: exit 0" 0
same "post-commit run again: silent" "" "$OUT$ERR"
check "post-commit run again: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"

commit "VM-023: one more"
name_commit C8
report_is "a new commit after all that: step 9" \
	"diarist: VM-023-IMPROVE-DOCS step 9 ← ${NAMED[C8]} (reference/01-diary.md)"
same_diary "the diary after placeholders, last step, Diary-Step and new steps" diary-steps.md "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: up to step 9"

# ---- two tickets in one message: both diaries ----
# (VM-024's index.md has Topics: the new diary copies them, 4-space indent)
sed -i 's/^Status: active/Status: active\nTopics:\n  - grants\n  - plugins/' "$D024/index.md"
git add ttmp && git commit -q -m "VM-024: topics"
commit "feat(vm-023,vm-024): shared parser"
name_commit C9
report_is "two tickets: one line per ticket" \
	"$(printf '%s\n%s' "diarist: VM-023-IMPROVE-DOCS step 10 ← ${NAMED[C9]} (reference/01-diary.md)" \
		"diarist: VM-024-PLUGIN-GRANTS step 1 ← ${NAMED[C9]} (reference/01-diary.md)")"
same "two tickets: recorded in VM-023's diary" 1 "$(count_of "${NAMED[C9]}" "$DIARY23")"
same_diary "two tickets: VM-024's new diary" diary-new-024.md "$DIARY24"
git add ttmp && git commit -q -m "VM-023: diary: step 10"

# ---- a ticket taken from the branch (commit-msg's trailer) is recorded ----
git checkout -q -b task/vm-024-plugin-grants
commit "tidy the grants"
name_commit C10
report_is "branch trailer: the commit is recorded for the branch's ticket" \
	"$(printf '%s\n%s' "diarist: added trailer \"Ticket: VM-024-PLUGIN-GRANTS\" from branch 'task/vm-024-plugin-grants'" \
		"diarist: VM-024-PLUGIN-GRANTS step 2 ← ${NAMED[C10]} (reference/01-diary.md)")"
git add ttmp && git commit -q -m "VM-024: diary: step 2"
git checkout -q main

# ---- commits that are not recorded ----
cp "$DIARY23" "$TMP/before23"
cp "$DIARY24" "$TMP/before24" 2>/dev/null || : >"$TMP/before24"
unchanged() {
	check "$1: VM-023's diary unchanged" cmp -s "$TMP/before23" "$DIARY23"
	check "$1: VM-024's diary unchanged" cmp -s "$TMP/before24" "$DIARY24"
}
change
capture git commit -q --fixup=HEAD~1
same "fixup! commit: nothing reported" "" "$ERR"
unchanged "fixup! commit"
commit "squash! VM-023: add the parser"
same "squash! commit: nothing reported" "" "$ERR"
commit "amend! VM-023: add the parser"
same "amend! commit: nothing reported" "" "$ERR"
unchanged "squash!/amend! commits"
change
capture git commit -q --no-verify -m "no ticket at all"
same "a commit naming no ticket (--no-verify): nothing reported" "" "$ERR"
unchanged "a commit naming no ticket"
git revert --no-edit HEAD >/dev/null 2>&1
same "a revert of a commit naming no ticket: not recorded" 'Revert "no ticket at all"' "$(git log -1 --format=%s)"
unchanged "a revert of a commit naming no ticket"
# a merge commit (here: a conflict resolved with git commit, which runs
# post-commit; git merge itself does not) is not recorded, even when its
# message names a ticket
git checkout -q -b side
echo side >conflict.txt && git add conflict.txt && nohooks commit -q -m "VM-023: side"
git checkout -q main
echo main >conflict.txt && git add conflict.txt && nohooks commit -q -m "VM-023: main"
git merge -q side >/dev/null 2>&1
echo both >conflict.txt && git add conflict.txt
capture git commit -q -m "VM-023: merge side"
exit_is "merge commit naming VM-023: exit 0" 0
same "merge commit: two parents" 2 "$(git log -1 --format=%P | wc -w | tr -d ' ')"
same "merge commit: nothing reported" "" "$ERR"
unchanged "a merge commit"

# ---- cherry-pick and revert: new commits, recorded like any other ----
git checkout -q -b other
commit "VM-024: fix on another branch"
name_commit PICKED
git checkout -q -- ttmp
git clean -qfd ttmp
git checkout -q main
nohooks commit -q --allow-empty -m "VM-024: main moves on"
capture env GIT_COMMITTER_DATE=2026-02-14T12:00:00Z git cherry-pick other
exit_is "cherry-pick: exit 0" 0
name_commit PICK
report_is "cherry-pick: recorded with its own hash" \
	"diarist: VM-024-PLUGIN-GRANTS step 2 ← ${NAMED[PICK]} (reference/01-diary.md)"
same "cherry-pick: the record's subject" 1 \
	"$(count_of "^\*\*Commit (code):\*\* ${NAMED[PICK]} — \"VM-024: fix on another branch\"$" "$DIARY24")"
same "cherry-pick: the picked commit's own hash is not recorded here" 0 "$(count_of "${NAMED[PICKED]}" "$DIARY24")"
git add ttmp && git commit -q -m "VM-024: diary: cherry-pick"
capture git revert --no-edit "${NAMED[C4]}"
exit_is "revert of a commit naming VM-023: exit 0" 0
name_commit REVERT
report_is "revert: recorded (it names VM-023 in its subject)" \
	"diarist: VM-023-IMPROVE-DOCS step 11 ← ${NAMED[REVERT]} (reference/01-diary.md)"
same "revert: the record" 1 \
	"$(count_of "^\*\*Commit (code):\*\* ${NAMED[REVERT]} — \"Revert \"VM-023: grants table\"\"$" "$DIARY23")"
git add ttmp && git commit -q -m "VM-023: diary: revert"

# ---- hooks bypassed: not recorded; diarist record records it ----
change
nohooks commit -q -m "VM-023: made without hooks"
name_commit B1
same "hooks bypassed: not recorded" 0 "$(count_of "${NAMED[B1]}" "$DIARY23")"
capture "$DIARIST" record
exit_is "diarist record: exit 0" 0
report_is "diarist record: the report line" \
	"diarist: VM-023-IMPROVE-DOCS step 12 ← ${NAMED[B1]} (reference/01-diary.md)" "$OUT"
same "diarist record: recorded once" 1 "$(count_of "${NAMED[B1]}" "$DIARY23")"
cp "$DIARY23" "$TMP/before"
capture "$DIARIST" record
exit_is "diarist record again: exit 0" 0
contains "diarist record again: says it is recorded already" "already records ${NAMED[B1]}" "$OUT"
check "diarist record again: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: step 12"
change && nohooks commit -q -m "VM-023: second without hooks"
name_commit B2
change && nohooks commit -q -m "VM-023: third without hooks"
name_commit B3
change && nohooks commit -q -m "VM-024: fourth without hooks"
name_commit B4
capture "$DIARIST" record "${NAMED[B2]}" "$(git rev-parse HEAD)"
exit_is "diarist record A B: exit 0" 0
same "diarist record A B: nothing on stderr" "" "$ERR"
report_is "diarist record A B: the report lines" \
	"$(printf '%s\n%s' "diarist: VM-023-IMPROVE-DOCS step 13 ← ${NAMED[B2]} (reference/01-diary.md)" \
		"diarist: VM-024-PLUGIN-GRANTS step 3 ← ${NAMED[B4]} (reference/01-diary.md)")" "$OUT"
capture "$DIARIST" record --step 3 "${NAMED[B3]}"
exit_is "diarist record --step 3: exit 0" 0
report_is "diarist record --step 3: the report line" \
	"diarist: VM-023-IMPROVE-DOCS step 3 ← ${NAMED[B3]} (reference/01-diary.md)" "$OUT"
same "diarist record --step 3: the record is in step 3" "3" \
	"$(awk -v h="${NAMED[B3]}" '/^## Step /{s=$3} index($0,h){sub(":","",s); print s}' "$DIARY23")"
same "diarist record --step 3: no new step" 13 "$(grep -c '^## Step ' "$DIARY23")"
cp "$DIARY23" "$TMP/before"
capture "$DIARIST" record no-such-commit
if [ "$RC" -ne 0 ]; then ok "diarist record of an unknown commit: fails"; else not_ok "diarist record of an unknown commit: fails" "$OUT"; fi
contains "diarist record of an unknown commit: names it" "no-such-commit" "$ERR"
check "diarist record of an unknown commit: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
capture "$DIARIST" record --step x HEAD
exit_is "diarist record --step x: usage error, exit 2" 2
capture "$DIARIST" record "${NAMED[C1]}~1"
exit_is "diarist record of the root commit (names no ticket): exit 0" 0
contains "diarist record of a commit naming no ticket: says so" "names no ticket: not recorded" "$OUT"
check "diarist record of a commit naming no ticket: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: steps 11, 3"

# ---- last-step: a second record line in the last step ----
printf 'diary:\n  new_commit: last-step\n' >.diarist.yaml
commit "VM-023: small fix"
name_commit L1
report_is "new_commit: last-step: recorded in the last step (13)" \
	"diarist: VM-023-IMPROVE-DOCS step 13 ← ${NAMED[L1]} (reference/01-diary.md)"
same "new_commit: last-step: no new step" 13 "$(grep -c '^## Step ' "$DIARY23")"
same "new_commit: last-step: the record is right under the step's last record" \
	"$(printf '%s\n%s' "**Commit (code):** ${NAMED[B2]} — \"VM-023: second without hooks\"" \
		"**Commit (code):** ${NAMED[L1]} — \"VM-023: small fix\"")" \
	"$(sed -n '/^## Step 13:/,$p' "$DIARY23" | grep '^\*\*Commit')"
rm .diarist.yaml
git add ttmp && git commit -q -m "VM-023: diary: last-step"

# ---- post-commit never fails: a broken .diarist.yaml ----
printf 'ticket:\n  requre: true\n' >.diarist.yaml
cp "$DIARY23" "$TMP/before"
commit_args() { change; capture git commit -q "$@"; }
commit_args --no-verify -m "VM-023: with a broken config"
exit_is "broken .diarist.yaml: the commit (--no-verify) succeeds" 0
contains "broken .diarist.yaml: post-commit warns, naming the file" ".diarist.yaml:2:3: unknown key 'requre'" "$ERR"
check "broken .diarist.yaml: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
capture "$BUILD_DIR/hooks/post-commit"
exit_is "broken .diarist.yaml: the post-commit program exits 0" 0
printf 'old new\n' >"$TMP/rw"
capture sh -c '"$1" amend <"$2"' _ "$BUILD_DIR/hooks/post-rewrite" "$TMP/rw"
exit_is "post-rewrite with a line that is no hashes: exits 0" 0
printf '%s %s\n' "$(git rev-parse HEAD~1)" "$(git rev-parse HEAD)" >"$TMP/rw"
capture sh -c '"$1" amend <"$2"' _ "$BUILD_DIR/hooks/post-rewrite" "$TMP/rw"
exit_is "broken .diarist.yaml: the post-rewrite program exits 0" 0
contains "broken .diarist.yaml: post-rewrite warns" ".diarist.yaml" "$ERR"
printf 'root: [unclosed\n' >.diarist.yaml
capture "$BUILD_DIR/hooks/post-commit"
exit_is "invalid YAML: the post-commit program exits 0" 0
contains "invalid YAML: it warns, naming the file" ".diarist.yaml:" "$ERR"
rm .diarist.yaml
printf 'root: nowhere\n' >.diarist.yaml
capture "$BUILD_DIR/hooks/post-commit"
exit_is "a missing root: the post-commit program exits 0" 0
rm .diarist.yaml
capture sh -c 'cd "$1" && "$2"' _ "$TMP" "$BUILD_DIR/hooks/post-commit"
exit_is "outside any repository: the post-commit program exits 0" 0
git clone -q --bare "$R" "$TMP/bare.git"
capture sh -c 'cd "$1" && "$2"' _ "$TMP/bare.git" "$BUILD_DIR/hooks/post-commit"
exit_is "a bare repository: the post-commit program exits 0" 0
check "the diary is still as it was" cmp -s "$TMP/before" "$DIARY23"

# ---- where the commit is made: subfolder, outside, worktree, detached ----
W="$TMP/where"
new_repo "$W"
cd "$W" || exit 1
git commit -q --allow-empty -m "VM-023: start" 2>/dev/null
git add ttmp && git commit -q -m "VM-023: diary: start"
mkdir -p sub/deeper
capture sh -c 'cd sub/deeper && echo s >s && git add s && git commit -q -m "VM-023: from a subfolder"'
report_is "commit from a subfolder: recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 2 ← $(abbrev) (reference/01-diary.md)"
check "commit from a subfolder: no diary under the subfolder" test -z "$(find sub -name '*.md')"
git add ttmp sub && git commit -q -m "VM-023: diary: subfolder"
echo o >o
capture sh -c 'cd "$1" && git --git-dir=where/.git --work-tree=where add o &&
	git --git-dir=where/.git --work-tree=where commit -q -m "VM-023: from outside"' _ "$TMP"
report_is "git --git-dir --work-tree from outside: recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 3 ← $(abbrev) (reference/01-diary.md)"
check "from outside: no diary written where git ran" test ! -e "$TMP/ttmp"
git add ttmp && git commit -q -m "VM-023: diary: outside"
echo e >e
capture env GIT_DIR="$W/.git" GIT_WORK_TREE="$W" sh -c 'cd / && git add e && git commit -q -m "VM-023: GIT_DIR and GIT_WORK_TREE"'
report_is "GIT_DIR/GIT_WORK_TREE from /: recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 4 ← $(abbrev) (reference/01-diary.md)"
git add ttmp && git commit -q -m "VM-023: diary: env"
git checkout -q --detach
git commit -q --allow-empty -m "VM-023: detached" 2>/dev/null
same "detached HEAD: recorded" 1 "$(count_of "^\*\*Commit (code):\*\* $(abbrev) " "$DIARY23")"
git add ttmp && git commit -q -m "VM-023: diary: detached"
git checkout -q -B main
git worktree add -q "$TMP/where-wt" -b wt
cp "$DIARY23" "$TMP/main-diary"
capture sh -c 'cd "$1" && echo w >w && git add w && git commit -q -m "VM-023: in a linked worktree"' _ "$TMP/where-wt"
wt_commit=$(git rev-parse --short wt)
report_is "linked worktree: recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 6 ← $wt_commit (reference/01-diary.md)"
same "linked worktree: in that worktree's diary" 1 "$(count_of "$wt_commit" "$TMP/where-wt/$DIARY23")"
check "linked worktree: the main work tree's diary is untouched" cmp -s "$TMP/main-diary" "$DIARY23"
# what the diary says already, in any shape, is not recorded twice
nohooks commit -q --allow-empty -m "VM-023: full hash by hand"
printf '\n## Step 9: by hand\n\n- **Commit**: `%s`\n' "$(git rev-parse HEAD)" >>"$DIARY23"
cp "$DIARY23" "$TMP/before"
capture "$DIARIST" record
contains "a full hash in backticks counts as recorded" "already records $(abbrev)" "$OUT"
check "a full hash in backticks: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"
nohooks commit -q --allow-empty -m "VM-023: fenced"
printf '\n```\n**Commit (code):** %s — "VM-023: fenced"\n```\n' "$(abbrev)" >>"$DIARY23"
capture "$DIARIST" record
same "a record inside a code fence does not count: recorded" 2 "$(count_of "$(abbrev)" "$DIARY23")"
git add ttmp && git commit -q -m "VM-023: diary: by hand"
commit 'VM-023: say "hi" `now` — ok'
same "a subject with quotes, backticks and a dash: kept as it is" 1 \
	"$(count_of "^\*\*Commit (code):\*\* $(abbrev) — \"VM-023: say \"hi\" \`now\` — ok\"\$" "$DIARY23")"
git worktree remove --force "$TMP/where-wt"

# a root commit naming a ticket is recorded (only commit-msg exempts it)
git init -q "$TMP/rooted"
cd "$TMP/rooted" || exit 1
make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
install_hooks
echo a >a && git add -A
capture git commit -q -m "VM-023: the root commit"
report_is "a root commit naming a ticket: recorded" \
	"diarist: VM-023-IMPROVE-DOCS step 1 ← $(abbrev) (reference/01-diary.md)"

# SHA-256
if git init -q --object-format=sha256 "$TMP/sha256" 2>/dev/null; then
	cd "$TMP/sha256" || exit 1
	make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
	git add -A && git commit -q -m "initial import"
	install_hooks
	commit "VM-023: sha256 one"
	report_is "SHA-256: recorded" "diarist: VM-023-IMPROVE-DOCS step 1 ← $(abbrev) (reference/01-diary.md)"
	git add ttmp && git commit -q -m "VM-023: diary"
	commit "VM-023: sha256 two"
	git add ttmp && git commit -q -m "VM-023: diary 2"
	capture env GIT_COMMITTER_DATE=2026-02-16T00:00:00Z git rebase -q -f HEAD~4
	exit_is "SHA-256: rebase -f: exit 0" 0
	hashes_ok "SHA-256: after the rebase every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
fi

# ---- no workspace: one note, the commit goes through ----
P="$TMP/plain"
git init -q "$P"
cd "$P" || exit 1
install_hooks
echo a >a && git add a && git commit -q -m "root" 2>/dev/null
echo b >b && git add b
capture git commit -q -m "VM-023: no workspace here"
exit_is "no workspace: the commit goes through" 0
same "no workspace: each hook says so once, in one line" \
	"$(printf '%s\n%s' "diarist: note: no ticket workspace ($(pwd -P)/ttmp) here; diarist is not in use in this repository" \
		"diarist: note: no ticket workspace ($(pwd -P)/ttmp) here; diarist is not in use in this repository")" "$ERR"
check "no workspace: nothing written" test ! -e ttmp

done_testing
