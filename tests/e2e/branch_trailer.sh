#!/bin/bash
# The branch-inferred trailer (SPEC §3) and linked worktrees (SPEC §7).
# Only commit-msg is installed (post_commit.sh checks that a commit whose
# ticket came from the branch is recorded).
. "$(dirname "$0")/lib.sh"

in_new_repo commit-msg
CHANGE_FILE=file%d.txt
body() { git log -1 --format=%B >"$TMP/body"; }
trailer_count() { git log -1 --format=%B | grep -c '^Ticket: '; }

git checkout -q -b task/vm-023-improve-docs

# ---- a ref-less commit on a ticket branch gets one trailer ----
change
capture git commit -q -m "tidy up"
exit_is "branch task/vm-023-improve-docs: ref-less commit accepted" 0
same "branch trailer: one note line" \
	"diarist: added trailer \"Ticket: VM-023-IMPROVE-DOCS\" from branch 'task/vm-023-improve-docs'" "$ERR"
body
same_file "branch trailer: the stored message" "$EXPECTED/trailer-tidy-up.txt" "$TMP/body"

capture git commit -q --amend --no-edit
exit_is "amend --no-edit: accepted" 0
body
same_file "amend --no-edit: still exactly one trailer" "$EXPECTED/trailer-tidy-up.txt" "$TMP/body"
same "amend --no-edit: no note (a ref is present)" "" "$ERR"

capture git commit -q --amend -m "$(printf 'tidy up\n\nTicket: VM-023-IMPROVE-DOCS')"
exit_is "amend -m with the trailer present: accepted" 0
body
same_file "amend -m with the trailer: exactly one trailer" "$EXPECTED/trailer-tidy-up.txt" "$TMP/body"

capture git commit -q --amend -m "tidy up again"
exit_is "amend -m without a ref: trailer added" 0
same "amend -m without a ref: one trailer" "1" "$(trailer_count)"
same "amend -m without a ref: message" "$(printf 'tidy up again\n\nTicket: VM-023-IMPROVE-DOCS')" \
	"$(git log -1 --format=%B)"

change
capture git commit -q -m "$(printf 'tidy with a body\n\nSigned-off-by: A U Thor <a@example.com>')"
exit_is "existing trailer block: accepted" 0
same "existing trailer block: trailer joins it" \
	"$(printf 'tidy with a body\n\nSigned-off-by: A U Thor <a@example.com>\nTicket: VM-023-IMPROVE-DOCS')" \
	"$(git log -1 --format=%B)"
check "git sees the Ticket trailer" sh -c \
	'test "$(git log -1 --format="%(trailers:key=Ticket,valueonly)")" = "VM-023-IMPROVE-DOCS"'

change
capture git commit -q -m "VM-024: names another ticket"
exit_is "a ref present on the branch: accepted" 0
same "a ref present: no trailer added" "VM-024: names another ticket" "$(git log -1 --format=%B)"

change
capture git commit -q -m "VM-999: a typo in the ref"
exit_is "an unknown ref on a ticket branch: refused, no trailer" 1
contains "an unknown ref on a ticket branch: ticket-unknown" "[ticket-unknown]" "$ERR"
lacks "an unknown ref on a ticket branch: no trailer note" "added trailer" "$ERR"
capture git commit -q -m "fix CVE-2024-1234 in the parser"
exit_is "only an unresolved subject word on a ticket branch: trailer added" 0
same "CVE word on a ticket branch: message" \
	"$(printf 'fix CVE-2024-1234 in the parser\n\nTicket: VM-023-IMPROVE-DOCS')" "$(git log -1 --format=%B)"

# ---- an editor with comments and the scissors: the trailer goes above ----
change
capture env PREPEND="tidy via editor" EDITOR_SAVE="$TMP/saved" GIT_EDITOR="$EDITOR_SH" git commit -q -v
exit_is "commit -v via editor: accepted with a trailer" 0
same "commit -v via editor: stored message" "$(printf 'tidy via editor\n\nTicket: VM-023-IMPROVE-DOCS')" \
	"$(git log -1 --format=%B)"
{
	printf 'tidy via editor\n\nTicket: VM-023-IMPROVE-DOCS\n'
	tail -n +2 "$TMP/saved"
} >"$TMP/want-editmsg"
same_file "commit -v: the trailer was put above the comments, the rest kept byte for byte" \
	"$TMP/want-editmsg" .git/COMMIT_EDITMSG

# the hook alone, on a message file with ';' comments and a scissors section
printf 'tidy by hand\n\n; a comment\n; ------------------------ >8 ------------------------\n+diff\n' >"$TMP/msg"
capture env GIT_CONFIG_PARAMETERS="'core.commentchar'=';'" GIT_EDITOR=vi "$BUILD_DIR/hooks/commit-msg" "$TMP/msg"
exit_is "hook on a file with ';' comments: accepted" 0
printf 'tidy by hand\n\nTicket: VM-023-IMPROVE-DOCS\n\n; a comment\n; ------------------------ >8 ------------------------\n+diff\n' \
	>"$TMP/want"
same_file "hook with ';' comments: trailer above them" "$TMP/want" "$TMP/msg"
capture env GIT_CONFIG_PARAMETERS="'core.commentchar'=';'" GIT_EDITOR=vi "$BUILD_DIR/hooks/commit-msg" "$TMP/msg"
same_file "hook run twice: never a second trailer" "$TMP/want" "$TMP/msg"

# ---- a branch naming no ticket, or several ----
git checkout -q -b feature/nothing
change
capture git commit -q -m "no ticket in branch"
exit_is "branch feature/nothing: refused" 1
git reset -q
git checkout -q -b vm-023-and/vm-024-both
change
capture git commit -q -m "two tickets in branch"
exit_is "branch naming two tickets: refused" 1
git reset -q
git checkout -q -b vm024
change
capture git commit -q -m "short branch name"
exit_is "branch vm024: trailer added" 0
same "branch vm024: trailer" "$(printf 'short branch name\n\nTicket: VM-024-PLUGIN-GRANTS')" \
	"$(git log -1 --format=%B)"

# ---- a reword in rebase -i on a ticket branch: the branch is still known ----
git checkout -q task/vm-023-improve-docs
change
git commit -q -m "VM-023: to reword"
capture env REPLACE="reworded without a ref" GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/reword/'" \
	GIT_EDITOR="$EDITOR_SH" git rebase -i HEAD~1
exit_is "rebase reword on a ticket branch: trailer added, rebase done" 0
same "rebase reword: message" "$(printf 'reworded without a ref\n\nTicket: VM-023-IMPROVE-DOCS')" \
	"$(git log -1 --format=%B)"
same "rebase reword: back on the branch" "task/vm-023-improve-docs" "$(git symbolic-ref --short HEAD)"

# ---- ticket.from_branch: off ----
printf 'ticket:\n  from_branch: off\n' >.diarist.yaml
change
capture git commit -q -m "tidy up"
exit_is "from_branch: off: refused" 1
contains "from_branch: off: ticket-missing" "[ticket-missing]" "$ERR"
lacks "from_branch: off: no trailer note" "added trailer" "$ERR"
git reset -q
printf 'ticket:\n  from_branch: trailer\n' >.diarist.yaml
change
capture git commit -q -m "tidy up"
exit_is "from_branch: trailer written out: trailer added" 0
rm .diarist.yaml

# ---- linked worktree ----
git checkout -q main
W="$TMP/wt"
git worktree add -q -b task/vm-024-plugin-grants "$W"
cd "$W" || exit 1
echo w >w.txt && git add w.txt
capture git commit -q -m "VM-023: work in the worktree"
exit_is "worktree: a commit with a ref passes" 0
echo w2 >w.txt && git add w.txt
capture git commit -q -m "work in the worktree"
exit_is "worktree: a ref-less commit on a ticket branch passes" 0
same "worktree: the trailer names the worktree's branch ticket (VM-024)" \
	"$(printf 'work in the worktree\n\nTicket: VM-024-PLUGIN-GRANTS')" "$(git log -1 --format=%B)"
contains "worktree: the note names the worktree's branch" "from branch 'task/vm-024-plugin-grants'" "$ERR"
git checkout -q -b plain-in-wt
echo w3 >w.txt && git add w.txt
before=$(head_id)
capture git commit -q -m "no ref in the worktree"
exit_is "worktree: the main repository's hook refuses a ref-less commit" 1
contains "worktree: refusal text" '  subject: "no ref in the worktree"' "$ERR"
same "worktree: HEAD did not move" "$before" "$(head_id)"
git reset -q
cd "$R" || exit 1
check "main work tree stays on main" test "$(git symbolic-ref --short HEAD)" = main

done_testing
