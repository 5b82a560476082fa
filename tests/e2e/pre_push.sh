#!/bin/bash
# pre-push through real git and a real bare remote (SPEC §5, §6.1): every
# rule of the table refuses a push (or, at warning level, lets it through
# and shows the warning), and the fix lets the next push through; rule
# levels from .diarist.yaml; the files judged as they are in the pushed
# tree, not the work tree; several refs at once, deletes, tags, HEAD:main,
# a force push over work not fetched, new branches, --dry-run, an empty
# range, push.branches, shallow and SHA-256 repositories, garbage on the
# hook's standard input.
. "$(dirname "$0")/lib.sh"

W="$TMP/work"
repo_with_remote "$W"

# ---- helpers ----
# push [ARGS...]: git push ARGS (default: origin HEAD), capture'd
push() {
	if [ $# -eq 0 ]; then set -- origin HEAD; fi
	capture git push "$@"
}

# refused DESC RULE [PREFIX]: the last push failed, with an error finding
# of RULE (see has_finding) and diarist's closing line
refused() {
	if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then ok "$1: refused"; else
		not_ok "$1: refused" "exit $RC" "stderr: $ERR"; fi
	has_finding "$1: [$2] error with a hint" error "$2" "${3:-}"
	contains "$1: diarist says the push is refused" "diarist: push refused: " "$ERR"
}

# passed DESC [REMOTE-REF]: the last push succeeded with no error finding;
# with REMOTE-REF, origin's REMOTE-REF is now HEAD
passed() {
	exit_is "$1: passes" 0
	lacks "$1: no error finding" ": error: " "$ERR"
	if [ -n "${2:-}" ]; then same "$1: origin's $2 is HEAD" "$(head_id)" "$(remote_head "$2")"; fi
}

# scenario NAME: a fresh branch s/NAME at origin/main, a clean work tree
scenario() {
	git reset -q --hard
	git clean -qfdx
	git checkout -q -B "s/$1" origin/main
	BR="refs/heads/s/$1"
}

# line_of PATTERN FILE: the number of the first line matching PATTERN
line_of() { grep -n -- "$1" "$2" | head -1 | cut -d: -f1; }

# next_step FILE: the number a new step appended to the diary gets
next_step() { echo $(($(grep -c '^## Step ' "$1") + 1)); }

# ---- the hook is installed; the first push ----
check "diarist install puts pre-push in place" test -x .git/hooks/pre-push
push -u origin main
passed "first push of a clean history (a new branch, no remote-tracking ref yet)" refs/heads/main
lacks "first push of a clean history: no warning either" "warning:" "$ERR"
if [ "$RC" -ne 0 ]; then git push -q --no-verify -u origin main; fi
push
passed "an empty range (main pushed already): passes"

# ---- ticket-missing ----
scenario ticket-missing
change && nohooks commit -q -m "tidy the build"
name_commit BAD
push
refused "a commit naming no ticket" ticket-missing "commit ${NAMED[BAD]}"
same "ticket-missing: nothing reached origin" "" "$(remote_head "$BR")"
capture git commit -q --amend -m "VM-023: tidy the build"
exit_is "ticket-missing fix: the commit reworded to name VM-023 (hooks on)" 0
bookkeep
push
passed "ticket-missing fixed: the next push" "$BR"

# a commit that names no ticket is traced all the same when a diary records it
scenario ticket-traced
change && nohooks commit -q -m "tidy the build again"
name_commit T
push
refused "another commit naming no ticket" ticket-missing "commit ${NAMED[T]}"
printf '\n## Step %s: Tidy\n\n**Commit (code):** %s — "tidy the build again"\n' \
	"$(next_step "$DIARY23")" "${NAMED[T]}" >>"$DIARY23"
bookkeep
push
passed "ticket-missing fixed by recording the commit in VM-023's diary (traced)" "$BR"

# ---- ticket-unknown ----
scenario ticket-unknown
change && nohooks commit -q -m "VM-999: bogus ref"
name_commit BAD
push
refused "a ref that resolves to no ticket" ticket-unknown "commit ${NAMED[BAD]}"
contains "ticket-unknown: the ref is named" "VM-999" "$ERR"
git commit -q --amend -m "VM-023: a real ref" 2>/dev/null
bookkeep
push
passed "ticket-unknown fixed: reworded to VM-023, recorded" "$BR"

# ---- ticket-ambiguous ----
scenario ticket-ambiguous
make_ticket ttmp VM-030-ALPHA active Alpha >/dev/null
make_ticket ttmp VM-030-BETA active Beta >/dev/null
bookkeep
change && nohooks commit -q -m "VM-030: which one"
name_commit BAD
push
refused "a ref that resolves to two tickets" ticket-ambiguous "commit ${NAMED[BAD]}"
contains "ticket-ambiguous: names VM-030-ALPHA" "VM-030-ALPHA" "$ERR"
contains "ticket-ambiguous: names VM-030-BETA" "VM-030-BETA" "$ERR"
git commit -q --amend -m "VM-030-BETA: this one" 2>/dev/null
bookkeep VM-030-BETA
push
passed "ticket-ambiguous fixed: the full ID, recorded" "$BR"

# ---- commit-unrecorded: the record only in the work tree ----
scenario commit-unrecorded
commit "VM-023: recorded in the work tree only"
name_commit C
same "post-commit wrote the record into the work tree's diary" 1 "$(count_of "${NAMED[C]}" "$DIARY23")"
push
refused "the diary with the record is not committed (the tree is judged, not the work tree)" commit-unrecorded
contains "commit-unrecorded: names the commit" "${NAMED[C]}" "$ERR"
same "commit-unrecorded: the work tree is left alone" " M $DIARY23" "$(git status --porcelain)"
bookkeep
push
passed "commit-unrecorded fixed: the diary committed" "$BR"

# made with the hooks off; diarist record does post-commit's work
scenario commit-unrecorded-nohooks
change && nohooks commit -q -m "VM-024: made without hooks"
name_commit C
push
refused "a commit made with the hooks off" commit-unrecorded
contains "commit-unrecorded (hooks off): names VM-024" "VM-024" "$ERR"
"$DIARIST" record >/dev/null
bookkeep VM-024
push
passed "commit-unrecorded fixed: diarist record, diary committed" "$BR"

# ---- commit-pending ----
scenario commit-pending
cat >>"$DIARY23" <<EOF

## Step $(next_step "$DIARY23"): Plan the parser

Planned before the commit existed.

**Commit (code):** pending

## Step $(($(next_step "$DIARY23") + 1)): Notes

Nothing committed yet.
EOF
bookkeep
L=$(line_of ':\*\* pending$' "$DIARY23")
push
refused "a pending placeholder in a step that is not the last" commit-pending "$DIARY23:$L:"
commit "VM-023: the planned parser"
same "commit-pending fix: post-commit filled the placeholder" 0 "$(count_of ':\*\* pending$' "$DIARY23")"
bookkeep
push
passed "commit-pending fixed: the placeholder filled by the commit" "$BR"

scenario commit-pending-last
printf '\n## Step %s: Next\n\nTo do.\n\n**Commit (code):** TBD\n' "$(next_step "$DIARY23")" >>"$DIARY23"
bookkeep
push
passed "a TBD placeholder in the last step: waiting is allowed" "$BR"
lacks "a TBD placeholder in the last step: no commit-pending" "[commit-pending]" "$ERR"

# ---- commit-unknown ----
scenario commit-unknown
printf '\n## Step %s: Ghost\n\n**Commit (code):** deadbee1234 — "ghost work"\n' \
	"$(next_step "$DIARY23")" >>"$DIARY23"
bookkeep
L=$(line_of deadbee1234 "$DIARY23")
push
refused "a recorded hash that is no commit here" commit-unknown "$DIARY23:$L:"
contains "commit-unknown: names the hash" "deadbee1234" "$ERR"
sed -i 's/deadbee1234 — /deadbee1234 (vm-system-ui repo) — /' "$DIARY23"
bookkeep
push
passed "commit-unknown fixed: the hash marked as another repository's (never checked)" "$BR"

# ---- commit-unreachable: amended with the hooks off ----
scenario commit-unreachable
commit "VM-023: to be amended"
name_commit OLD
change && nohooks commit -q --amend --no-edit
name_commit NEW
bookkeep
L=$(line_of "${NAMED[OLD]}" "$DIARY23")
push
refused "a recorded commit that is not an ancestor of the tip (stale after an amend)" commit-unreachable "$DIARY23:$L:"
contains "commit-unreachable: the hint names diarist fix" "diarist fix" "$(printf '%s\n' "$ERR" | grep -A1 'commit-unreachable\]$')"
has_finding "commit-unreachable: and the amended commit is unrecorded" error commit-unrecorded
sed -i "s/${NAMED[OLD]}/${NAMED[NEW]}/" "$DIARY23"
bookkeep
push
passed "commit-unreachable fixed: the record names the amended commit" "$BR"

# ---- task-untraced ----
scenario task-untraced
sed -i 's/^- \[ \] design the grants table$/- [x] design the grants table/' "$D024/tasks.md"
bookkeep VM-024
L=$(line_of 'design the grants table' "$D024/tasks.md")
push
refused "a task checked with no step claiming it" task-untraced "$D024/tasks.md:$L:"
printf '\n## Step %s: Design the grants table (Task 1)\n\nDrew the table.\n' "$(next_step "$DIARY24")" >>"$DIARY24"
bookkeep VM-024
push
passed "task-untraced fixed: a step claims task 1" "$BR"

# ---- task-claim-open (warning) ----
scenario task-claim-open
printf '\n## Step %s: Start the loader (task t:load)\n\nBegun, not finished.\n' "$(next_step "$DIARY24")" >>"$DIARY24"
bookkeep VM-024
push
passed "a step claiming an open task: not blocked" "$BR"
has_finding "task-claim-open: the warning is shown" warning task-claim-open "$DIARY24:"

scenario task-claim-open-error
config_commit 'rules:\n  task-claim-open: error'
printf '\n## Step %s: Start the loader (task t:load)\n\nBegun, not finished.\n' "$(next_step "$DIARY24")" >>"$DIARY24"
bookkeep VM-024
push
refused "rules: {task-claim-open: error}: the warning blocks" task-claim-open "$DIARY24:"
sed -i 's/^- \[ \] write the loader/- [x] write the loader/' "$D024/tasks.md"
bookkeep VM-024
push
passed "task-claim-open fixed: the task checked" "$BR"

# ---- task-claim-unknown ----
scenario task-claim-unknown
printf '\n## Step %s: Something else (Task 9)\n\nNo such task.\n\n**Tasks:** t:nope\n' "$(next_step "$DIARY24")" >>"$DIARY24"
bookkeep VM-024
push
refused "a step claiming task 9 (there are 3)" task-claim-unknown "$DIARY24:"
contains "task-claim-unknown: names task 9" "9" "$(printf '%s\n' "$ERR" | grep 'task-claim-unknown\]$')"
contains "task-claim-unknown: names t:nope too" "nope" "$(printf '%s\n' "$ERR" | grep 'task-claim-unknown\]$')"
sed -i -e 's/ (Task 9)$/ (Task 3)/' -e 's/^\*\*Tasks:\*\* t:nope$/**Tasks:** t:load/' "$DIARY24"
sed -i 's/^- \[ \] write the loader/- [x] write the loader/' "$D024/tasks.md"
bookkeep VM-024
push
passed "task-claim-unknown fixed: the step claims tasks that exist" "$BR"

# ---- status-open-tasks ----
D001=ttmp/2026/02/14/VM-001-OLD--old-work
scenario status-open-tasks
printf -- '- [ ] a leftover\n' >"$D001/tasks.md"
bookkeep VM-001
push
refused "a complete ticket with an unchecked task" status-open-tasks "$D001/"
sed -i 's/^Status: complete$/Status: active/' "$D001/index.md"
bookkeep VM-001
push
passed "status-open-tasks fixed: the ticket reopened" "$BR"

# ---- status-all-done (warning) ----
all_done() {
	sed -i -e 's/^- \[ \] design the grants table$/- [x] design the grants table/' \
		-e 's/^- \[ \] write the loader/- [x] write the loader/' "$D024/tasks.md"
	printf '\n## Step %s: Finish the grants (Tasks 1-2)\n\nDone.\n' "$(next_step "$DIARY24")" >>"$DIARY24"
	bookkeep VM-024
}
scenario status-all-done
all_done
push
passed "an active ticket with every task checked: not blocked" "$BR"
has_finding "status-all-done: the warning is shown" warning status-all-done

scenario status-all-done-error
config_commit 'rules:\n  status-all-done: error'
all_done
push
refused "rules: {status-all-done: error}: the warning blocks" status-all-done
sed -i 's/^Status: active$/Status: complete/' "$D024/index.md"
bookkeep VM-024
push
passed "status-all-done fixed: the ticket marked complete" "$BR"

# ---- evidence-missing (warning) ----
scenario evidence-missing
commit "VM-023: untested"
name_commit U
bookkeep
push
passed "a recorded commit without a Tests line: not blocked" "$BR"
has_finding "evidence-missing: the warning is shown" warning evidence-missing
contains "evidence-missing: names the commit" "${NAMED[U]}" "$(printf '%s\n' "$ERR" | grep 'evidence-missing\]$')"

# redo_tested MSG: drop the last two commits (a commit and its diary),
# run the tests, commit again as MSG and commit the diary
redo_tested() {
	git reset -q --hard HEAD~1
	git reset -q --soft HEAD~1
	"$DIARIST" run -- true >/dev/null 2>&1
	git commit -q -m "$1" 2>/dev/null
	bookkeep
}
scenario evidence-missing-error
config_commit 'rules:\n  evidence-missing: error'
commit "VM-023: untested"
bookkeep
push
refused "rules: {evidence-missing: error}: the warning blocks" evidence-missing "$DIARY23:"
redo_tested "VM-023: tested"
same "evidence-missing fix: the Tests line is there" 1 "$(count_of "^\*\*Tests:\*\* .*commit $(abbrev HEAD~1)" "$DIARY23")"
push
passed "evidence-missing fixed: the tests run before the commit" "$BR"

# ---- evidence-failed ----
scenario evidence-failed
change
"$DIARIST" run -- sh -c 'echo "0 passed, 1 failed"; exit 1' >/dev/null 2>&1
git commit -q -m "VM-023: tests fail" 2>/dev/null
bookkeep
push
refused "evidence with a non-zero exit" evidence-failed "$DIARY23:"
redo_tested "VM-023: tests pass"
push
passed "evidence-failed fixed: the tests run again and pass" "$BR"

# ---- evidence-mismatch ----
scenario evidence-mismatch
tested_commit "VM-023: tested once"
name_commit E
bookkeep
good_tree=$(git rev-parse --short=7 "${NAMED[E]}^{tree}")
other_tree=$(git rev-parse --short=7 "origin/main^{tree}")
sed -i "s/commit ${NAMED[E]}, tree $good_tree/commit ${NAMED[E]}, tree $other_tree/" "$DIARY23"
same "evidence-mismatch: the Tests line now names another tree" 1 "$(count_of "commit ${NAMED[E]}, tree $other_tree" "$DIARY23")"
bookkeep
push
refused "evidence naming a tree other than the commit's" evidence-mismatch "$DIARY23:"
sed -i "s/commit ${NAMED[E]}, tree $other_tree/commit ${NAMED[E]}, tree $good_tree/" "$DIARY23"
bookkeep
push
passed "evidence-mismatch fixed: the right tree" "$BR"

# ---- step-numbering (warning) ----
scenario step-numbering
printf '\n## Step 1: Again\n\nA repeated number.\n' >>"$DIARY23"
bookkeep
push
passed "a repeated step number: not blocked" "$BR"
has_finding "step-numbering: the warning is shown" warning step-numbering "$DIARY23:"

scenario step-numbering-error
config_commit 'rules:\n  step-numbering: error'
printf '\n## Step 1: Again\n\nA repeated number.\n' >>"$DIARY23"
bookkeep
push
refused "rules: {step-numbering: error}: the warning blocks" step-numbering "$DIARY23:"
sed -i "s/^## Step 1: Again\$/## Step $(($(next_step "$DIARY23") - 1)): Again/" "$DIARY23"
bookkeep
push
passed "step-numbering fixed: the step renumbered" "$BR"

# ---- frontmatter-invalid ----
scenario frontmatter-invalid
sed -i 's/^Title: Improve docs$/Title: [unclosed/' "$D023/index.md"
bookkeep
push
refused "an index.md whose frontmatter is not YAML" frontmatter-invalid "$D023/index.md:"
sed -i 's/^Title: \[unclosed$/Title: Improve docs/' "$D023/index.md"
bookkeep
push
passed "frontmatter-invalid fixed" "$BR"

# ---- ticket-duplicate ----
scenario ticket-duplicate
mkdir -p ttmp/2026/02/15/VM-024-PLUGIN-GRANTS--copy
cp "$D024/index.md" ttmp/2026/02/15/VM-024-PLUGIN-GRANTS--copy/
bookkeep
push
refused "two ticket folders with one ID" ticket-duplicate
contains "ticket-duplicate: names the ID" "VM-024-PLUGIN-GRANTS" "$(printf '%s\n' "$ERR" | grep 'ticket-duplicate\]$')"
git rm -rq ttmp/2026/02/15
bookkeep
push
passed "ticket-duplicate fixed: the copy removed" "$BR"

# ---- rules: off silences an error rule; warning demotes one ----
scenario rules-off
config_commit 'rules:\n  ticket-missing: off\n  commit-unknown: off\n  commit-pending: warning'
change && nohooks commit -q -m "tidy without a ticket"
printf '\n## Step %s: Ghost\n\n**Commit (code):** deadbee1234 — "ghost"\n\n**Commit (code):** pending\n\n## Step %s: Last\n\nProse.\n' \
	"$(next_step "$DIARY23")" "$(($(next_step "$DIARY23") + 1))" >>"$DIARY23"
bookkeep
push
passed "rules: ticket-missing and commit-unknown off, commit-pending warning" "$BR"
lacks "rules off: no ticket-missing" "[ticket-missing]" "$ERR"
lacks "rules off: no commit-unknown" "[commit-unknown]" "$ERR"
has_finding "rules: commit-pending at warning level is shown as a warning" warning commit-pending "$DIARY23:"

# ---- a broken .diarist.yaml in the pushed tree ----
scenario bad-config
printf 'rulez:\n  ticket-missing: off\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: a typo in the config"
push
if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then ok "a broken .diarist.yaml: refused (on_internal_error: closed)"; else
	not_ok "a broken .diarist.yaml: refused (on_internal_error: closed)" "exit $RC" "$ERR"; fi
contains "a broken .diarist.yaml: names the file, line and key" ".diarist.yaml:1:1" "$ERR"
contains "a broken .diarist.yaml: names the key" "rulez" "$ERR"
printf 'hooks:\n  on_internal_error: open\nrulez:\n  ticket-missing: off\n' >.diarist.yaml
git add .diarist.yaml && nohooks commit -q -m "VM-023: a typo, but fail open"
push
exit_is "a broken .diarist.yaml with hooks.on_internal_error: open: the push goes through" 0
contains "on_internal_error: open: the error is still shown" "rulez" "$ERR"
same "on_internal_error: open: origin has the push" "$(head_id)" "$(remote_head "$BR")"

# ---- several refs in one push: only the second is bad ----
scenario multi
commit "VM-023: good work"
bookkeep
git branch -f good
git checkout -q -b bad
change && nohooks commit -q -m "bad work without a ticket"
name_commit BAD
git checkout -q good
push origin good:refs/heads/a bad:refs/heads/b
refused "good:a bad:b, only b bad" ticket-missing "commit ${NAMED[BAD]}"
if printf '%s\n' "$ERR" | grep -qE 'refs/heads/b([^a-z/]|$)'; then ok "good:a bad:b: the output names refs/heads/b"; else
	not_ok "good:a bad:b: the output names refs/heads/b" "$ERR"; fi
same "good:a bad:b: nothing pushed, not even a" "" "$(remote_head refs/heads/a)$(remote_head refs/heads/b)"
push origin bad:refs/heads/b good:refs/heads/a
refused "bad:b good:a (the bad one first)" ticket-missing "commit ${NAMED[BAD]}"
push origin good:refs/heads/a
passed "good:a alone" refs/heads/a

# ---- a delete is skipped, even of a branch with bad history ----
git push -q --no-verify origin bad:refs/heads/b
same "(set-up) b pushed with --no-verify" "$(git rev-parse bad)" "$(remote_head refs/heads/b)"
push origin :refs/heads/b
passed "git push origin :b (a delete)"
same "the delete happened" "" "$(remote_head refs/heads/b)"
git push -q --no-verify origin bad:refs/heads/b2
push origin --delete b2
passed "git push origin --delete b2"

# ---- tags: lightweight and annotated, peeled ----
scenario tags
commit "VM-023: tagged work"
bookkeep
git tag light
git tag -a -m "release 1" v1
push origin light
passed "a lightweight tag of good history"
same "the lightweight tag reached origin" "$(git rev-parse light)" "$(remote_head refs/tags/light)"
push origin v1
passed "an annotated tag of good history (the tag object peeled to its commit)"
same "the annotated tag reached origin" "$(git rev-parse v1)" "$(remote_head refs/tags/v1)"
change && nohooks commit -q -m "tagged work without a ticket"
name_commit BAD
git tag bad-light
git tag -a -m "bad release" v2
push origin v2:refs/heads/from-tag
refused "an annotated tag of bad history pushed to a branch (peeled)" ticket-missing "commit ${NAMED[BAD]}"
push origin v2
refused "an annotated tag of bad history" ticket-missing "commit ${NAMED[BAD]}"
push origin bad-light
refused "a lightweight tag of bad history" ticket-missing "commit ${NAMED[BAD]}"
same "no bad tag reached origin" "" "$(remote_head refs/tags/v2)$(remote_head refs/tags/bad-light)$(remote_head refs/heads/from-tag)"
# a tag of a tree (git's own history has some) peels to no commit: there
# is no history to judge
git tag tree-tag "origin/main^{tree}"
push origin tree-tag
passed "a tag of a tree: no commit to judge"
same "the tree tag reached origin" "$(git rev-parse tree-tag)" "$(remote_head refs/tags/tree-tag)"

# ---- git push origin HEAD:main ----
scenario head-main
commit "VM-023: straight to main"
bookkeep
push origin HEAD:main
passed "git push origin HEAD:main" refs/heads/main
change && nohooks commit -q -m "no ticket on main"
name_commit BAD
push origin HEAD:main
refused "git push origin HEAD:main, bad" ticket-missing "commit ${NAMED[BAD]}"
same "HEAD:main refused: origin's main did not move" "$(git rev-parse HEAD~1)" "$(remote_head refs/heads/main)"

# ---- a force push over a remote commit not present locally ----
scenario force
commit "VM-023: shared start"
bookkeep
push origin HEAD:refs/heads/shared
passed "(set-up) shared pushed" refs/heads/shared
git clone -q "$REMOTE" "$TMP/second"
(
	cd "$TMP/second" || exit 1
	"$DIARIST" install >/dev/null
	git checkout -q shared
	commit "VM-024: from the second clone"
	bookkeep VM-024
	git push -q origin shared 2>/dev/null
) && ok "(set-up) a second clone pushed to shared" || not_ok "(set-up) a second clone pushed to shared"
theirs=$(remote_head refs/heads/shared)
if git cat-file -e "$theirs" 2>/dev/null; then not_ok "(set-up) origin's shared is not in this repository"; else
	ok "(set-up) origin's shared is not in this repository"; fi
change && nohooks commit -q -m "forced without a ticket"
name_commit BAD
push -f origin HEAD:refs/heads/shared
refused "git push -f over unfetched work: judged against refs/remotes/origin/*" ticket-missing "commit ${NAMED[BAD]}"
same "git push -f refused: origin's shared did not move" "$theirs" "$(remote_head refs/heads/shared)"
git reset -q --hard HEAD~1
commit "VM-023: forced with a ticket"
bookkeep
push -f origin HEAD:refs/heads/shared
passed "git push -f over unfetched work, good history" refs/heads/shared

# ---- new branches; --dry-run ----
scenario new-branch
change && nohooks commit -q -m "old work without a ticket"
name_commit OLDBAD
git push -q --no-verify origin HEAD:refs/heads/legacy
commit "VM-023: new work on top"
bookkeep
push origin HEAD:refs/heads/feature-x
passed "a new branch: only the commits on no refs/remotes/origin/* are judged" refs/heads/feature-x
lacks "a new branch: the old bad commit (on origin/legacy) is not judged" "${NAMED[OLDBAD]}" "$ERR"
push origin HEAD:refs/heads/feature-x
passed "pushing feature-x again: an empty range"
git branch -q --no-track -f legacy-local origin/legacy
push origin legacy-local:refs/heads/legacy-copy
passed "a new branch whose commits are all on origin already: an empty range"
same "legacy-copy reached origin" "$(git rev-parse legacy-local)" "$(remote_head refs/heads/legacy-copy)"
change && nohooks commit -q -m "newer work without a ticket"
name_commit BAD
push origin HEAD:refs/heads/feature-y
refused "a new branch with a bad commit" ticket-missing "commit ${NAMED[BAD]}"
push --dry-run origin HEAD:refs/heads/feature-y
refused "git push --dry-run: the same checks" ticket-missing "commit ${NAMED[BAD]}"
same "git push --dry-run refused: nothing pushed" "" "$(remote_head refs/heads/feature-y)"
git reset -q --hard HEAD~1
commit "VM-023: more new work"
bookkeep
push --dry-run origin HEAD:refs/heads/feature-y
passed "git push --dry-run, good history"
same "git push --dry-run: nothing pushed" "" "$(remote_head refs/heads/feature-y)"

# ---- push.branches ----
scenario push-branches
config_commit "push:\n  branches: ['release/*']"
change && nohooks commit -q -m "feature work without a ticket"
name_commit BAD
push origin HEAD:refs/heads/release/1
refused "push.branches ['release/*']: a bad push to release/1" ticket-missing "commit ${NAMED[BAD]}"
push origin HEAD:refs/heads/feature/free
passed "push.branches ['release/*']: a bad push to feature/free is not enforced" refs/heads/feature/free
lacks "push.branches: nothing said about feature/free" "[ticket-missing]" "$ERR"

# ---- garbage on the hook's standard input ----
capture sh -c 'printf "garbage\n" | .git/hooks/pre-push origin "$1"' _ "$REMOTE"
if [ "$RC" -ne 0 ]; then ok "garbage on stdin: non-zero exit"; else not_ok "garbage on stdin: non-zero exit" "$OUT" "$ERR"; fi
not_crashed "garbage on stdin: no crash"
contains "garbage on stdin: names line 1" "line 1" "$ERR"
capture sh -c 'printf "%s\n%s\n" "refs/heads/x $(git rev-parse HEAD) refs/heads/x $(git rev-parse HEAD)" "refs/heads/y zzz refs/heads/y 000" |
	.git/hooks/pre-push origin "$1"' _ "$REMOTE"
if [ "$RC" -ne 0 ]; then ok "a bad second line: non-zero exit"; else not_ok "a bad second line: non-zero exit" "$OUT" "$ERR"; fi
contains "a bad second line: names line 2" "line 2" "$ERR"
capture sh -c '.git/hooks/pre-push origin "$1" </dev/null' _ "$REMOTE"
exit_is "no input at all (nothing to push): exit 0" 0

# ---- a shallow clone ----
git clone -q --depth 1 "file://$REMOTE" "$TMP/shallow"
cd "$TMP/shallow" || exit 1
"$DIARIST" install >/dev/null
commit "VM-023: from a shallow clone"
bookkeep
push origin HEAD:refs/heads/s/shallow
refused "a push from a shallow clone" history-shallow
contains "history-shallow: the hint says to fetch the history" "fetch" "$(printf '%s\n' "$ERR" | grep -A1 'history-shallow\]$')"
git fetch -q --unshallow
push origin HEAD:refs/heads/s/shallow
passed "history-shallow fixed: git fetch --unshallow" refs/heads/s/shallow

# ---- a SHA-256 repository ----
S="$TMP/sha256"
if git init -q --object-format=sha256 "$S" 2>/dev/null; then
	cd "$S" || exit 1
	make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
	git add -A && git commit -q -m "initial import"
	"$DIARIST" install >/dev/null
	git init -q --bare --object-format=sha256 "$S.git"
	git remote add origin "$S.git"
	change && nohooks commit -q -m "sha256 work without a ticket"
	push origin HEAD:refs/heads/main
	if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then ok "SHA-256: a bad push does not pass"; else
		not_ok "SHA-256: a bad push does not pass" "exit $RC" "$ERR"; fi
	not_crashed "SHA-256: a bad push, no crash"
	git reset -q --hard HEAD~1
	commit "VM-023: sha256 work"
	bookkeep
	push origin HEAD:refs/heads/main
	not_crashed "SHA-256: a good push, no crash"
	if [ "$RC" -eq 0 ]; then
		same "SHA-256: handled, the good push reached origin" "$(head_id)" "$(remote_head refs/heads/main)"
	else
		# refused: then the message must say why, naming the object format
		if printf '%s\n' "$ERR" | sed "s|$S[^ ]*||g" | grep -qiE 'sha-?256|object ?format'; then
			ok "SHA-256: refused with a message naming the object format"
		else
			not_ok "SHA-256: refused with a message naming the object format" "$ERR"
		fi
	fi
	cd "$W" || exit 1
else
	ok "SHA-256: git cannot make such a repository here # SKIP"
fi

done_testing
