#!/bin/bash
# commit-msg through real git: refs accepted and refused, the refusal
# text, exemptions, amend, merge, rebase -i, commit -v and comment chars
# (SPEC §2, §3). Only commit-msg is installed: post-commit (post_commit.sh)
# would write diaries into the work tree and report on stderr.
. "$(dirname "$0")/lib.sh"

in_new_repo commit-msg
CHANGE_FILE=file%d.txt

# commit_ok DESC MSG: a commit with its own change, expected to pass
commit_ok() {
	commit "$2"
	exit_is "$1" 0
}
commit_refused() {
	commit "$2"
	if [ "$RC" -ne 0 ]; then ok "$1"; else not_ok "$1" "the commit went through" "$ERR"; fi
	git reset -q
}

# ---- accepted refs ----
commit_ok "subject prefix VM-023: accepted" "VM-023: improve the intro"
same "a good ref prints nothing" "" "$ERR"
commit_ok "full ID prefix accepted" "VM-024-PLUGIN-GRANTS: grant table"
commit_ok "short ref vm023: accepted" "vm023: fix typo"
commit_ok "bracket prefix [VM-024] accepted" "[VM-024] wire the grants"
commit_ok "conventional scope docs(vm-023): accepted" "docs(vm-023): explain install"
commit_ok "two scopes feat(vm-023,vm-024)!: accepted" "feat(vm-023,vm-024)!: shared parser"
commit_ok "Ticket: trailer accepted" "$(printf 'rework the loader\n\nTicket: VM-024')"
commit_ok "Refs: trailer accepted" "$(printf 'rework the loader\n\nSome prose.\n\nRefs: VM-023-IMPROVE-DOCS')"
commit_ok "Jira word in the subject accepted when it resolves" "move VM-023 notes to docs"
same "the last message is stored as typed" "move VM-023 notes to docs" "$(git log -1 --format=%s)"

# ---- refused: no ref ----
before=$(head_id)
change
capture git commit -q -m "add a"
exit_is "no ref: refused (exit 1)" 1
same "no ref: HEAD did not move" "$before" "$(head_id)"
printf '%s\n' "$ERR" >"$TMP/refusal"
same_file "no ref: refusal text" "$EXPECTED/refusal-missing.txt" "$TMP/refusal"
git reset -q

# a ref that only looks like a trailer in the middle of the body does not count
commit_refused "Ticket: line outside the last paragraph: refused" \
	"$(printf 'tidy\n\nTicket: VM-023\n\nmore prose after it')"
commit_refused "UI: prefix is not a ref: refused" "UI: align buttons"
commit_refused "CVE-2024-1234 alone: refused" "fix CVE-2024-1234 in parser"
contains "CVE: refused as missing" "[ticket-missing]" "$ERR"
contains "CVE: the subject is shown" '  subject: "fix CVE-2024-1234 in parser"' "$ERR"
lacks "CVE: not reported as unknown" "ticket-unknown" "$ERR"
commit_ok "CVE word next to a real ref: accepted" "VM-023: fix CVE-2024-1234 in parser"

# ---- unknown ----
commit_refused "unknown ref: refused" "VM-203: add c"
same "unknown ref: first line" \
	"diarist: commit refused: 'VM-203' (subject prefix) names no ticket [ticket-unknown]" \
	"$(printf '%s\n' "$ERR" | sed -n 1p)"
contains "unknown ref: suggestions" "  did you mean:" "$ERR"
contains "unknown ref: suggests VM-023-IMPROVE-DOCS" "VM-023-IMPROVE-DOCS" \
	"$(printf '%s\n' "$ERR" | grep 'did you mean')"
contains "unknown ref: subject shown" '  subject: "VM-203: add c"' "$ERR"
contains "unknown ref: bypass shown" "  bypass: git commit --no-verify" "$ERR"
commit_refused "vm00 (no boundary) does not resolve" "vm00: partial"
contains "vm00: reported unknown" "'vm00' (subject prefix) names no ticket [ticket-unknown]" "$ERR"
commit_refused "unknown trailer value: refused" "$(printf 'tidy\n\nTicket: NOPE-1')"
contains "unknown trailer: named" "'NOPE-1' (trailer) names no ticket [ticket-unknown]" "$ERR"

# ---- ambiguous ----
make_ticket ttmp VM-030-ALPHA active "Alpha" >/dev/null
make_ticket ttmp VM-030-BETA active "Beta" >/dev/null
git add ttmp && git commit -q -m "VM-023: two more tickets"
commit_refused "ambiguous ref: refused" "VM-030: add a"
same "ambiguous ref: first two lines" \
	"$(printf "%s\n%s" "diarist: commit refused: 'VM-030' (subject prefix) matches several tickets [ticket-ambiguous]" \
		"  candidates: VM-030-ALPHA, VM-030-BETA")" \
	"$(printf '%s\n' "$ERR" | sed -n 1,2p)"
contains "ambiguous ref: subject shown" '  subject: "VM-030: add a"' "$ERR"
commit_refused "ambiguous ref next to a good one: refused" "feat(vm-023,vm-030): both"
contains "ambiguous next to good: says ambiguous" "[ticket-ambiguous]" "$ERR"
commit_ok "longer ref picks one: accepted" "VM-030-BETA: add b"

# ---- closed ticket ----
commit_ok "closed ticket named: accepted" "VM-001: follow-up"
same "closed ticket: one warning line" "diarist: warning: VM-001-OLD is complete [ticket-closed]" "$ERR"
commit_ok "closed ticket as subject word: accepted" "follow up on VM-001"
contains "closed word: warned" "[ticket-closed]" "$ERR"

# ---- exempt subjects ----
change
git commit -q --no-verify -m "no ref change"
# (git revert alone does not run commit-msg; revert --no-commit + commit does)
git revert --no-commit HEAD
capture git commit -q --no-edit
exit_is "revert of a ref-less commit, committed with git commit: exempt" 0
same "revert subject" 'Revert "no ref change"' "$(git log -1 --format=%s)"
change
capture git commit -q --fixup=HEAD
exit_is "git commit --fixup: exempt" 0
same "fixup subject" 'fixup! Revert "no ref change"' "$(git log -1 --format=%s)"
commit_ok "squash! subject: exempt" "squash! no ref change"
commit_ok "Reapply subject: exempt" 'Reapply "no ref change"'
commit_refused "revert without the quote is not exempt" "Revert no ref change"
commit_refused "fixup without the space is not exempt" "fixup!no ref change"

# ---- the open-ticket list: open only, newest LastUpdated first, 5 at most ----
L="$TMP/list"
git init -q "$L"
(
	cd "$L" || exit 1
	i=0
	for when in 2026-01-01T00:00:00Z 2026-02-10 2025-12-31T23:59:59.123456+02:00 \
		2026-02-14T09:00:00Z 2026-03-01T00:00:00-05:00 2026-01-15T00:00:00Z \
		2026-02-01T00:00:00Z; do
		i=$((i + 1))
		set_updated "$(make_ticket ttmp "TK-00$i" active "Task $i")" "$when"
	done
	set_updated "$(make_ticket ttmp TK-100 complete "Closed newest")" 2027-01-01
	set_updated "$(make_ticket ttmp TK-101 archived "Archived newest")" 2027-01-02T00:00:00Z
	set_updated "$(make_ticket ttmp TK-102 review "In review")" 2025-01-01
	install_hooks commit-msg
	echo x >x
	git add -A
	# the root commit is exempt: the hooks are installed already
	git commit -q -m "root commit without a ref" 2>"$TMP/root-err"
	echo "root rc=$?" >"$TMP/root-rc"
)
same "root commit of a new repository: exempt" "root rc=0" "$(cat "$TMP/root-rc")"
same "root commit: nothing printed" "" "$(cat "$TMP/root-err")"
cd "$L" || exit 1
echo y >y && git add y
capture git commit -q -m "no ref"
exit_is "second commit without a ref: refused" 1
printf '%s\n' "$ERR" >"$TMP/refusal"
same_file "open tickets: 5 newest open, closed ones left out" "$EXPECTED/refusal-order.txt" "$TMP/refusal"
capture git commit -q -m "TK-100: closed one"
exit_is "TK-100 (complete) named: accepted" 0
same "TK-100: warning" "diarist: warning: TK-100 is complete [ticket-closed]" "$ERR"
cd "$R" || exit 1

# ---- ticket.require: false; ticket.patterns ----
printf 'ticket:\n  require: false\n' >.diarist.yaml
commit_ok "ticket.require false: a ref-less commit passes" "just a chore"
commit_ok "ticket.require false: a good ref still passes" "VM-023: chore"
printf 'ticket:\n  patterns: ["#(?<ref>VM[0-9]+)"]\n' >.diarist.yaml
commit_ok "ticket.patterns finds #VM023" "tidy the docs for #VM023"
commit_ok "ticket.patterns: #VM024 at the start of a -m subject" "#VM024 wire grants"
commit_refused "ticket.patterns: #VM999 names no ticket" "tidy for #VM999"
contains "pattern ref unknown: reported" "'VM999' (pattern) names no ticket [ticket-unknown]" "$ERR"
commit_refused "ticket.patterns: no match, refused" "tidy for VM023"
# the pattern searches the whole message: not what is below the scissors
echo "see #VM023 here" >pattern.txt && git add pattern.txt
capture env APPEND="$(printf '\nsee #VM024 too')" GIT_EDITOR="$EDITOR_SH" \
	PREPEND="tidy pattern notes" git commit -q -v
exit_is "ticket.patterns: #VM02x only below the scissors does not count" 1
git reset -q
rm -f .diarist.yaml pattern.txt
printf "ticket:\n  exempt: ['^chore\\\\(deps\\\\): ']\n" >.diarist.yaml
commit_ok "ticket.exempt: a custom exempt subject passes" "chore(deps): bump libyaml"
commit_refused "ticket.exempt: other ref-less subjects are still refused" "chore: tidy"
rm -f .diarist.yaml
git config --global core.commentChar ';'
capture env PREPEND="$(printf '; VM-023: a comment line\ntidy semicolons')" GIT_EDITOR="$EDITOR_SH" \
	git commit -q --allow-empty
exit_is "core.commentChar ';' in ~/.gitconfig: a ref in a comment does not count" 1
git config --global --unset core.commentChar

# ---- commit --amend ----
commit_ok "a commit to amend" "VM-023: to be amended"
before=$(head_id)
capture git commit -q --amend -m "amended without a ref"
exit_is "amend without a ref: refused" 1
contains "amend without a ref: subject shown" '  subject: "amended without a ref"' "$ERR"
same "amend refused: HEAD unchanged" "$before" "$(head_id)"
capture git commit -q --amend -m "VM-024: amended with a ref"
exit_is "amend with a ref: accepted" 0
same "amend with a ref: subject" "VM-024: amended with a ref" "$(git log -1 --format=%s)"
capture env REPLACE="amended in the editor" GIT_EDITOR="$EDITOR_SH" git commit -q --amend
exit_is "amend in an editor without a ref: refused" 1

# ---- merges ----
git checkout -q -b side
commit_ok "side branch commit" "VM-023: side work"
git checkout -q main
commit_ok "main branch commit" "VM-024: main work"
capture git merge --no-ff --no-edit side
exit_is "merge --no-ff with the default message: passes" 0
same "merge: two parents" "2" "$(git log -1 --format=%P | wc -w | tr -d ' ')"
git checkout -q -b side2
commit_ok "side2 commit" "VM-023: more side work"
git checkout -q main
capture git merge --no-ff -m "integrate side2" side2
exit_is "merge with a ref-less custom message: exempt" 0
same "merge with custom message: subject" "integrate side2" "$(git log -1 --format=%s)"
git checkout -q -b conflict-a
echo a >conflict.txt && git add conflict.txt && git commit -q -m "VM-023: a"
git checkout -q main
echo b >conflict.txt && git add conflict.txt && git commit -q -m "VM-023: b"
capture git merge conflict-a
exit_is "conflicting merge stops" 1
echo resolved >conflict.txt && git add conflict.txt
capture git commit -q -m "resolve the conflict"
exit_is "conflict resolved, git commit with MERGE_HEAD: exempt" 0
same "resolved merge: two parents" "2" "$(git log -1 --format=%P | wc -w | tr -d ' ')"
commit_refused "after the merge, a ref-less commit is refused again" "plain again"

# ---- rebase -i reword ----
commit_ok "rebase: first" "VM-023: r1"
commit_ok "rebase: second" "VM-023: r2"
tip=$(head_id)
capture env REPLACE="reworded without a ref" GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/reword/'" \
	GIT_EDITOR="$EDITOR_SH" git rebase -i HEAD~2
if [ "$RC" -ne 0 ]; then ok "rebase -i reword without a ref: the rebase stops"; else
	not_ok "rebase -i reword without a ref: the rebase stops" "$OUT" "$ERR"; fi
contains "rebase reword: refusal shown" '  subject: "reworded without a ref"' "$ERR$OUT"
check "rebase reword: a rebase is in progress" test -d .git/rebase-merge
git rebase --abort
same "rebase aborted: tip unchanged" "$tip" "$(head_id)"
capture env REPLACE="VM-024: reworded with a ref" GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/reword/'" \
	GIT_EDITOR="$EDITOR_SH" git rebase -i HEAD~2
exit_is "rebase -i reword with a ref: succeeds" 0
same "rebase reword: the new subjects" "$(printf 'VM-023: r2\nVM-024: reworded with a ref')" \
	"$(git log -2 --format=%s)"
check "rebase reword: no rebase left in progress" test ! -e .git/rebase-merge

# ---- git commit -v: the diff below the scissors does not count ----
printf 'Ticket: VM-023\nVM-023: x\n' >notes.txt
git add notes.txt
capture env PREPEND="tidy notes" APPEND="$(printf '\nTicket: VM-023')" EDITOR_SAVE="$TMP/saved" \
	GIT_EDITOR="$EDITOR_SH" git commit -q -v
exit_is "commit -v: refs only in the diff and below the scissors: refused" 1
check "commit -v: the message file had the scissors line" \
	grep -qx '# ------------------------ >8 ------------------------' "$TMP/saved"
check "commit -v: the diff held +Ticket: VM-023" grep -qx '+Ticket: VM-023' "$TMP/saved"
contains "commit -v: subject shown" '  subject: "tidy notes"' "$ERR"
capture env PREPEND="VM-024: tidy notes" APPEND="$(printf '\nTicket: VM-023')" \
	GIT_EDITOR="$EDITOR_SH" git commit -q -v
exit_is "commit -v: a ref above the scissors: accepted" 0
same "commit -v: stored message" "VM-024: tidy notes" "$(git log -1 --format=%B)"
capture env PREPEND="$(printf '# VM-023: in a comment\ntidy more')" GIT_EDITOR="$EDITOR_SH" \
	git commit -q --allow-empty
exit_is "a ref only in a # comment line: refused" 1

# ---- -F and commit.cleanup: comments count as git treats them ----
printf '# VM-023: a hash subject git keeps\n' >"$TMP/msg-hash"
capture git commit -q --allow-empty -F "$TMP/msg-hash"
exit_is "commit -F (no cleanup of comments): a '#' subject with a ref is kept and accepted" 0
same "commit -F: git stored the '#' line" "# VM-023: a hash subject git keeps" "$(git log -1 --format=%s)"
printf '# VM-023: a comment git strips\nno ref subject\n' >"$TMP/msg-strip"
git config commit.cleanup strip
before=$(head_id)
capture git commit -q --allow-empty -F "$TMP/msg-strip"
exit_is "commit.cleanup=strip, commit -F: a ref only in a comment does not count" 1
same "commit.cleanup=strip: nothing committed" "$before" "$(head_id)"
git config --unset commit.cleanup
git reset -q --soft "$before"
capture git -c commit.cleanup=strip commit -q --allow-empty -F "$TMP/msg-strip"
exit_is "git -c commit.cleanup=strip commit -F: a ref only in a comment does not count" 1
git reset -q --soft "$before"

# ---- core.commentChar ----
echo semi >semi.txt && git add semi.txt
capture env PREPEND="$(printf '; VM-023: a comment line\ntidy semicolons')" EDITOR_SAVE="$TMP/saved" \
	GIT_EDITOR="$EDITOR_SH" git -c core.commentChar=';' commit -q
exit_is "commentChar ';': a ref in a ';' comment does not count" 1
check "commentChar ';': git wrote ';' comments" grep -q '^; Please enter the commit message' "$TMP/saved"
contains "commentChar ';': the subject is the first non-comment line" '  subject: "tidy semicolons"' "$ERR"
capture env PREPEND="#VM-023 hash is text here" GIT_EDITOR="$EDITOR_SH" \
	git -c core.commentChar=';' commit -q
exit_is "commentChar ';': a '#' line is text, its ref counts" 0
same "commentChar ';': stored subject" "#VM-023 hash is text here" "$(git log -1 --format=%s)"
git config core.commentChar ';'
echo semi2 >semi.txt && git add semi.txt
capture env PREPEND="$(printf '; VM-023: a comment line\ntidy semicolons')" \
	GIT_EDITOR="$EDITOR_SH" git commit -q
exit_is "commentChar ';' in .git/config: a ref in a comment does not count" 1
git config --unset core.commentChar
git reset -q
# auto: git picks ';' because the message has a line starting with '#'
printf '#42 tidy hashtags\n' >"$TMP/hashmsg"
echo auto >auto.txt && git add auto.txt
capture env PREPEND="; VM-023: a comment line" EDITOR_SAVE="$TMP/saved" GIT_EDITOR="$EDITOR_SH" \
	git -c core.commentChar=auto commit -q -e -F "$TMP/hashmsg"
exit_is "commentChar auto (';'): a ref in a comment does not count" 1
check "commentChar auto: git chose ';'" grep -q '^; Please enter the commit message' "$TMP/saved"
contains "commentChar auto: subject is the '#' line" '  subject: "#42 tidy hashtags"' "$ERR"
capture env APPEND="$(printf '\nTicket: VM-023')" EDITOR_SAVE="$TMP/saved" GIT_EDITOR="$EDITOR_SH" \
	git -c core.commentChar=auto commit -q -v -e -F "$TMP/hashmsg"
exit_is "commentChar auto with -v: a trailer below the ';' scissors does not count" 1
check "commentChar auto -v: git wrote a ';' scissors line" \
	grep -qx '; ------------------------ >8 ------------------------' "$TMP/saved"
printf '#42 tidy hashtags\n\nTicket: VM-024\n' >"$TMP/hashmsg"
capture env PREPEND="; a comment" GIT_EDITOR="$EDITOR_SH" \
	git -c core.commentChar=auto commit -q -e -F "$TMP/hashmsg"
exit_is "commentChar auto: a trailer above the comments: accepted" 0
same "commentChar auto: stored message" "$(printf '#42 tidy hashtags\n\nTicket: VM-024')" \
	"$(git log -1 --format=%B)"

done_testing
