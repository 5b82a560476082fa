#!/bin/bash
# Recorded hashes across history rewrites: git commit --amend (post-commit
# moves the record in place, post-rewrite agrees), git rebase (post-commit
# leaves the picks alone, post-rewrite rewrites every record), rebase -i
# with squash, fixup and reword (SPEC §4.1, §4.5).
. "$(dirname "$0")/lib.sh"

in_new_repo
# each rewrite gets its own committer date, so that a rewritten commit never
# comes out with the hash it had
tick=0
later() { tick=$((tick + 1)); GIT_COMMITTER_DATE="2026-02-15T10:00:$(printf '%02d' "$tick")Z" "$@"; }
nrecords() { records "$DIARY23" | wc -l | tr -d ' '; }
# with_new FILE OLD NEW [OLD-SUBJECT NEW-SUBJECT]: FILE with OLD's record
# line turned into NEW's, the rest as it was
with_new() {
	if [ $# -gt 3 ]; then
		sed "s/^\*\*Commit (code):\*\* $2 — \"$4\"\$/**Commit (code):** $3 — \"$5\"/" "$1"
	else
		sed "s/^\(\*\*Commit (code):\*\* \)$2 /\1$3 /" "$1"
	fi
}

commit "VM-023: first"
commit "VM-023: second"
name_commit S2
git add ttmp && git commit -q -m "VM-023: diary: steps 1-2"

# ---- amend without changes ----
commit "VM-023: to amend"
name_commit A0
cp "$DIARY23" "$TMP/before"
capture later git commit -q --amend --no-edit
exit_is "amend --no-edit: exit 0" 0
name_commit A1
check "amend --no-edit: a new commit" test "${NAMED[A0]}" != "${NAMED[A1]}"
with_new "$TMP/before" "${NAMED[A0]}" "${NAMED[A1]}" >"$TMP/want"
same_file "amend --no-edit: the same step now records the new hash, nothing else changed" \
	"$TMP/want" "$DIARY23"
same "amend --no-edit: the old hash is gone" 0 "$(count_of "${NAMED[A0]}" "$DIARY23")"
same "amend --no-edit: one record of the new one" 1 "$(count_of "${NAMED[A1]}" "$DIARY23")"
same "amend --no-edit: no step added" 3 "$(grep -c '^## Step ' "$DIARY23")"

# ---- amend with changes and a new message ----
cp "$DIARY23" "$TMP/before"
change
capture later git commit -q --amend -m "VM-023: amended, with more"
exit_is "amend with changes: exit 0" 0
name_commit A2
with_new "$TMP/before" "${NAMED[A1]}" "${NAMED[A2]}" "VM-023: to amend" "VM-023: amended, with more" >"$TMP/want"
same_file "amend with changes: the same step records the new hash and subject, nothing else changed" \
	"$TMP/want" "$DIARY23"
same "amend with changes: still three records" 3 "$(nrecords)"
hashes_ok "amend: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"

# ---- amend of a commit whose record is already committed ----
git add ttmp && git commit -q -m "VM-023: diary: step 3"
commit "VM-023: recorded, committed, then amended"
git add ttmp && git commit -q -m "VM-023: diary: step 4"
cp "$DIARY23" "$TMP/before"
name_commit K0
capture later git commit -q --amend -m "VM-023: diary: step 4, amended"
same "amending a bookkeeping commit: nothing reported" "" "$ERR"
check "amending a bookkeeping commit: the diary is unchanged" cmp -s "$TMP/before" "$DIARY23"

# ---- amend that drops the ticket: the record is rewritten, not added ----
commit "VM-023: will lose its ticket"
name_commit T0
capture later git commit -q --amend --no-verify -m "no ticket any more"
name_commit T1
same "amend to a message naming no ticket: one record, of the new hash" "0 1" \
	"$(count_of "${NAMED[T0]}" "$DIARY23") $(count_of "${NAMED[T1]}" "$DIARY23")"
git add ttmp && git commit -q -m "VM-023: diary: step 5"

# ---- rebase -f of five commits: post-rewrite rewrites every record ----
for i in 1 2 3 4 5; do commit "VM-023: rebased $i"; done
git add ttmp && git commit -q -m "VM-023: diary: steps 6-10"
cp "$DIARY23" "$TMP/before"
before_records=$(nrecords)
capture later git rebase -q -f HEAD~6
exit_is "rebase -f HEAD~6 (five recorded commits and the diary commit): exit 0" 0
contains "rebase: post-rewrite says what it did" \
	"diarist: VM-023-IMPROVE-DOCS: 5 recorded hashes rewritten (reference/01-diary.md)" "$OUT$ERR"
lacks "rebase: post-commit recorded none of the picks" "step" "$(printf '%s\n' "$OUT$ERR" | grep -v 'rewritten')"
same "rebase: as many records as before" "$before_records" "$(nrecords)"
same "rebase: as many steps as before" "$(grep -c '^## Step ' "$TMP/before")" "$(grep -c '^## Step ' "$DIARY23")"
hashes_ok "rebase: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
for i in 1 2 3 4 5; do
	same "rebase: 'rebased $i' is recorded with its new hash" 1 \
		"$(count_of "^\*\*Commit (code):\*\* $(git log -1 --format=%h --grep="^VM-023: rebased $i\$") — \"VM-023: rebased $i\"\$" "$DIARY23")"
done
same "rebase: only the recorded hashes changed" \
	"$(sed -E 's/^(\*\*Commit \(code\):\*\* )[0-9a-f]+ /\1X /' "$TMP/before")" \
	"$(sed -E 's/^(\*\*Commit \(code\):\*\* )[0-9a-f]+ /\1X /' "$DIARY23")"
check "rebase: no rebase left in progress" test ! -e .git/rebase-merge
git add ttmp && git commit -q -m "VM-023: diary: after the rebase"

# ---- rebase onto a moved base ----
git checkout -q -b topic
for i in 1 2 3 4 5; do commit "VM-023: topic $i"; done
git add ttmp && git commit -q -m "VM-023: diary: topic"
git checkout -q main
echo upstream >upstream.txt && git add upstream.txt && nohooks commit -q -m "VM-024: upstream work"
git checkout -q topic
capture later git rebase -q main
exit_is "rebase onto a moved base: exit 0" 0
contains "rebase onto a moved base: 5 hashes rewritten" "5 recorded hashes rewritten" "$OUT$ERR"
hashes_ok "rebase onto a moved base: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
same "rebase onto a moved base: the upstream commit is an ancestor" 0 \
	"$(git merge-base --is-ancestor main HEAD; echo $?)"
git add ttmp && git commit -q -m "VM-023: diary: after the second rebase"
git checkout -q main && git merge -q --ff-only topic

# ---- the apply backend (rebase-apply/, git am) ----
for i in 1 2; do commit "VM-023: applied $i"; done
git add ttmp && git commit -q -m "VM-023: diary: applied"
capture later git rebase -q --apply -f HEAD~3
exit_is "rebase --apply -f HEAD~3: exit 0" 0
contains "rebase --apply: 2 hashes rewritten" "2 recorded hashes rewritten" "$OUT$ERR"
hashes_ok "rebase --apply: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: after rebase --apply"

# ---- rebase -i: squash two recorded commits into one ----
commit "VM-023: squash me A"
name_commit QA
commit "VM-023: squash me B"
name_commit QB
commit "VM-023: stays"
git add ttmp && git commit -q -m "VM-023: diary: squash candidates"
before_records=$(nrecords)
capture later env GIT_SEQUENCE_EDITOR="sed -i '2s/^pick/squash/'" GIT_EDITOR=true git rebase -q -i HEAD~4
exit_is "rebase -i with a squash: exit 0" 0
same "squash: the rebase left three commits" "VM-023: diary: squash candidates|VM-023: stays|VM-023: squash me A" \
	"$(git log -3 --format=%s | paste -sd '|')"
sq=$(git log -1 --format=%h --grep='^VM-023: squash me A$')
same "squash: one record left for the two (one fewer in all)" "$((before_records - 1))" "$(nrecords)"
same "squash: the squashed commit is recorded once" 1 "$(count_of "$sq" "$DIARY23")"
same "squash: neither old hash is left" "0 0" "$(count_of "${NAMED[QA]}" "$DIARY23") $(count_of "${NAMED[QB]}" "$DIARY23")"
hashes_ok "squash: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: after the squash"

# ---- a fixup! commit is not recorded; rebase --autosquash folds it in ----
commit "VM-023: to be fixed up"
name_commit F0
git add ttmp && git commit -q -m "VM-023: diary: fixup target"
change
capture git commit -q --fixup="${NAMED[F0]}"
same "fixup! commit: nothing reported" "" "$ERR"
cp "$DIARY23" "$TMP/before"
capture later env GIT_SEQUENCE_EDITOR=true git rebase -q -i --autosquash HEAD~3
exit_is "rebase -i --autosquash: exit 0" 0
name_commit F1 "HEAD~1"
same "autosquash: the fixed-up commit" "VM-023: to be fixed up" "$(git log -1 --format=%s HEAD~1)"
with_new "$TMP/before" "${NAMED[F0]}" "${NAMED[F1]}" >"$TMP/want"
same_file "autosquash: its record now names the new hash, nothing else changed" "$TMP/want" "$DIARY23"
hashes_ok "autosquash: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: after autosquash"

# ---- rebase -i reword: the subject is refreshed ----
commit "VM-023: old words"
name_commit W0
git add ttmp && git commit -q -m "VM-023: diary: reword target"
cp "$DIARY23" "$TMP/before"
capture later env GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/reword/'" GIT_EDITOR="$EDITOR_SH" \
	REPLACE="VM-023: new words" git rebase -q -i HEAD~2
exit_is "rebase -i reword: exit 0" 0
name_commit W1 "HEAD~1"
with_new "$TMP/before" "${NAMED[W0]}" "${NAMED[W1]}" "VM-023: old words" "VM-023: new words" >"$TMP/want"
same_file "reword: the record names the new hash and the new subject, nothing else changed" \
	"$TMP/want" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: after reword"

# ---- a rebase with a conflict, continued by hand ----
commit "VM-023: conflict base"
git add ttmp && git commit -q -m "VM-023: diary: conflict base"
git checkout -q -b conflicting HEAD~2
echo theirs >conflict.txt && git add conflict.txt && nohooks commit -q -m "VM-024: theirs"
git checkout -q main
echo ours >conflict.txt && git add conflict.txt
commit "VM-023: ours conflicts"
name_commit X0
git add ttmp && git commit -q -m "VM-023: diary: conflicting"
capture later git rebase -q conflicting
if [ "$RC" -ne 0 ]; then ok "rebase with a conflict: stops"; else not_ok "rebase with a conflict: stops" "$OUT" "$ERR"; fi
echo merged >conflict.txt && git add conflict.txt
capture later env GIT_EDITOR=true git rebase --continue
exit_is "rebase --continue: exit 0" 0
check "rebase --continue: done" test ! -e .git/rebase-merge
hashes_ok "rebase with a conflict: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
same "rebase with a conflict: the resolved commit is recorded once" 1 \
	"$(count_of "$(git log -1 --format=%h --grep='^VM-023: ours conflicts$')" "$DIARY23")"

# ---- a record written as a list item keeps its markers across a rebase ----
git add -A && git commit -q --no-verify -m "VM-023: settle" >/dev/null 2>&1 || true
printf '\n## Step 90: listed\n\n- **Commit (code):** pending\n' >>"$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: a listed placeholder"
change
"$DIARIST" run -- true >/dev/null 2>&1
capture later git commit -q -m "VM-023: fills the listed one"
name_commit L0
check "listed: the placeholder is filled, its Tests line is a list item too" \
	grep -q "^- \*\*Tests:\*\* " "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: listed"
capture later git rebase -q -f HEAD~2
exit_is "listed: rebase -f: exit 0" 0
name_commit L1 "HEAD~1"
check "listed: the record names the rebased commit" grep -q "^- \*\*Commit (code):\*\* ${NAMED[L1]} " "$DIARY23"
check "listed: the Tests line keeps its list marker" grep -q "^- \*\*Tests:\*\* .*commit ${NAMED[L1]}" "$DIARY23"
lacks "listed: no Tests line lost its marker" "$(printf '\n**Tests:** `true`')" "$(cat "$DIARY23")"

done_testing
