#!/bin/bash
# diarist fix (SPEC §6 "fix"): stale hashes left by a rebase done without
# post-rewrite, commits made with the hooks bypassed, placeholders whose
# commit is identifiable, --dry-run, an ambiguous rebase, a CRLF diary.
# Each scenario has a repository of its own.
. "$(dirname "$0")/lib.sh"

# each rewrite gets its own committer date, so that a rewritten commit never
# comes out with the hash it had
tick=0
later() { tick=$((tick + 1)); GIT_COMMITTER_DATE="2026-02-15T10:00:$(printf '%02d' "$tick")Z" "$@"; }
# diary_commit MSG: commit what changed under ttmp (no hooks: bookkeeping)
diary_commit() { git add ttmp && nohooks commit -q -m "$1"; }
# fix ARGS...: diarist fix, capture'd
fix() { capture "$DIARIST" fix "$@"; }
# same_output DESC EXPECTED-NAME: $OUT, normalized, equal to the expected file
same_output() {
	printf '%s\n' "$OUT" >"$TMP/out.txt"
	same_diary "$1" "$2" "$TMP/out.txt"
}
# check_built: diarist check exists in this build
check_built() { ! "$DIARIST" check --all 2>&1 | grep -q 'not built yet'; }

# ---- (a) a rebase done without post-rewrite: stale hashes ----
new_repo "$TMP/a" commit-msg post-commit
cd "$TMP/a" || exit 1
commit "VM-023: first" && name_commit A1
commit "VM-023: second" && name_commit A2
commit "VM-023: third" && name_commit A3
diary_commit "VM-023: diary: steps 1-3"
capture later git rebase -q -f HEAD~4
exit_is "rebase without post-rewrite: exit 0" 0
name_commit B1 HEAD~3 && name_commit B2 HEAD~2 && name_commit B3 HEAD~1
check "rebase: the three commits are new ones" test "${NAMED[A1]}" != "${NAMED[B1]}" -a \
	"${NAMED[A3]}" != "${NAMED[B3]}"
same "rebase without post-rewrite: the diary still records the old hashes" 3 \
	"$(records "$DIARY23" | grep -c -e "${NAMED[A1]}" -e "${NAMED[A2]}" -e "${NAMED[A3]}")"
if check_built; then
	capture "$DIARIST" check --all
	contains "check --all before fix: commit-unreachable" "[commit-unreachable]" "$OUT"
else
	echo "ok $((T_N + 1)) # SKIP diarist check is not built yet"
	T_N=$((T_N + 1))
fi

cp "$DIARY23" "$TMP/before"
fix --dry-run
exit_is "fix --dry-run: exit 0" 0
dry_out=$OUT
check "fix --dry-run: the diary is byte for byte as it was" cmp -s "$TMP/before" "$DIARY23"
same "fix --dry-run: says nothing was written" \
	"diarist fix: 3 changes in 1 diary (dry run: nothing written)" "$(printf '%s\n' "$OUT" | tail -n 1)"
same_output "fix --dry-run: shows the three rewrites as a diff" fix-rebase-dry.txt

fix
exit_is "fix: exit 0" 0
same_output "fix: shows the three rewrites as a diff" fix-rebase.txt
same "fix: prints what --dry-run printed" "$(printf '%s\n' "$dry_out" | sed '$d')" \
	"$(printf '%s\n' "$OUT" | sed '$d')"
same_diary "fix: the diary records the rebased commits, nothing else changed" fix-rebase.md "$DIARY23"
hashes_ok "fix: every recorded hash exists and is an ancestor of HEAD" "$DIARY23"
same "fix: only the hashes changed" \
	"$(sed -E 's/^(\*\*Commit \(code\):\*\* )[0-9a-f]+ /\1X /' "$TMP/before")" \
	"$(sed -E 's/^(\*\*Commit \(code\):\*\* )[0-9a-f]+ /\1X /' "$DIARY23")"
same "fix: leaves the diary for the user to commit" " M $DIARY23" "$(git status --porcelain)"
cp "$DIARY23" "$TMP/after"
fix
exit_is "fix again: exit 0" 0
same "fix again: nothing to fix" "diarist fix: nothing to fix" "$OUT"
check "fix again: the diary is unchanged" cmp -s "$TMP/after" "$DIARY23"
diary_commit "VM-023: diary: after the rebase"
if check_built; then
	capture "$DIARIST" check --all
	lacks "check --all after fix (diary committed): no commit-unreachable" \
		"[commit-unreachable]" "$OUT"
else
	echo "ok $((T_N + 1)) # SKIP diarist check is not built yet"
	T_N=$((T_N + 1))
fi

# ---- (b) commits made before the hooks were installed ----
git init -q "$TMP/b"
cd "$TMP/b" || exit 1
make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
make_ticket ttmp VM-024-PLUGIN-GRANTS active "Plugin grants" >/dev/null
git add -A && git commit -q -m "initial import"
commit "VM-024: before install" && name_commit P1
change && nohooks commit -q -m "VM-024: hooks bypassed" && name_commit P2
change && nohooks commit -q -m "VM-023: also bypassed" && name_commit P3
change && nohooks commit -q -m "no ticket at all"
change && nohooks commit -q -m "fixup! VM-024: hooks bypassed"
fix --dry-run
check "fix --dry-run (unrecorded): writes no diary, makes no folder" \
	test ! -e "$D024/reference" -a ! -e "$D023/reference"
dry_out=$OUT
fix
exit_is "fix (unrecorded): exit 0" 0
same "fix (unrecorded): the same summary as --dry-run" "$(printf '%s\n' "$dry_out" | sed '$d')" \
	"$(printf '%s\n' "$OUT" | sed '$d')"
same "fix (unrecorded): three records in two diaries" "diarist fix: 3 changes in 2 diaries" \
	"$(printf '%s\n' "$OUT" | tail -n 1)"
same_diary "fix (unrecorded): VM-024's new diary, oldest commit first" fix-new-024.md "$DIARY24"
same "fix (unrecorded): VM-023's commit recorded in a new diary" 1 \
	"$(count_of "^\*\*Commit (code):\*\* ${NAMED[P3]} — \"VM-023: also bypassed\"\$" "$DIARY23")"
contains "fix (unrecorded): says where" "${NAMED[P1]} recorded in step 1 (a new diary)" "$OUT"
lacks "fix (unrecorded): not the fixup! commit" "fixup!" "$(cat "$DIARY24")"
fix
same "fix (unrecorded) again: nothing to fix" "diarist fix: nothing to fix" "$OUT"
# with an upstream, only the commits of @{upstream}..HEAD are looked at
diary_commit "VM-023: diary"
git init -q --bare "$TMP/b.git" && git remote add origin "$TMP/b.git"
nohooks push -q -u origin main 2>/dev/null
change && nohooks commit -q -m "VM-024: after the push" && name_commit P4
fix
same "fix with an upstream: one record" "diarist fix: 1 change in 1 diary" \
	"$(printf '%s\n' "$OUT" | tail -n 1)"
contains "fix with an upstream: the commit after it" "${NAMED[P4]} recorded in step 3" "$OUT"
git checkout -q "$DIARY24"
fix HEAD~1..HEAD
same "fix A..B: the range given" "diarist fix: 1 change in 1 diary" \
	"$(printf '%s\n' "$OUT" | tail -n 1)"
git checkout -q "$DIARY24"
fix nosuchrev..HEAD
exit_is "fix with a range git does not know: exit 2" 2
fix --bogus
exit_is "fix --bogus: exit 2" 2
fix A..B C..D
exit_is "fix with two ranges: exit 2" 2
capture env GIT_SEQUENCE_EDITOR="sed -i '1i break'" git -c core.hooksPath=/dev/null rebase -q -i HEAD~2
fix
exit_is "fix while a rebase is in progress: exit 2" 2
contains "fix while a rebase is in progress: says so" "a rebase is in progress" "$ERR"
nohooks rebase --abort
capture "$DIARIST" help fix
contains "help fix: the usage" "usage: diarist fix [--dry-run] [RANGE]" "$OUT"

# ---- (c) placeholders whose commit is identifiable ----
new_repo "$TMP/c" commit-msg post-commit post-rewrite
cd "$TMP/c" || exit 1
commit "VM-023: first"
cat >>"$DIARY23" <<'EOF'

## Step 2: By trailer

Prose of step 2, waiting for its commit.

**Commit (code):** TBD

## Step 3: Quoted

**Commit (code):** pending — "VM-023: quoted subject"

Prose of step 3.

## Step 4: Still waiting

**Commit (code):** pending
EOF
diary_commit "VM-023: diary: plan steps 2-4"
change && nohooks commit -q -m "VM-023: quoted subject" && name_commit Q
change && nohooks commit -q -m "$(printf 'VM-023: by trailer\n\nDiary-Step: 2')" && name_commit T
cp "$DIARY23" "$TMP/before"
fix --dry-run
check "fix --dry-run (placeholders): the diary is byte for byte as it was" \
	cmp -s "$TMP/before" "$DIARY23"
fix
exit_is "fix (placeholders): exit 0" 0
same_output "fix (placeholders): the summary" fix-placeholders.txt
same_diary "fix (placeholders): both filled in place, the last one still waits" \
	fix-placeholders.md "$DIARY23"
fix
same "fix (placeholders) again: nothing to fix" "diarist fix: nothing to fix" "$OUT"

# ---- (e) an ambiguous rebase: two commits of HEAD have the patch ----
new_repo "$TMP/e" commit-msg post-commit
cd "$TMP/e" || exit 1
commit "VM-024: twice" && name_commit X
diary_commit "VM-024: diary"
capture later git rebase -q -f HEAD~2
name_commit X1 HEAD~1
later nohooks revert --no-edit HEAD~1 >/dev/null
later nohooks cherry-pick "${NAMED[X1]}" >/dev/null
name_commit X2
cp "$DIARY24" "$TMP/before"
fix
exit_is "fix (ambiguous): exit 0" 0
contains "fix (ambiguous): says it cannot tell" \
	"warning: cannot tell which commit replaced ${NAMED[X]}: 2 have the same patch-id" "$OUT"
same "fix (ambiguous): the stale record is left as is" 1 \
	"$(count_of "^\*\*Commit (code):\*\* ${NAMED[X]} — \"VM-024: twice\"\$" "$DIARY24")"
same "fix (ambiguous): neither candidate is recorded" "0 0" \
	"$(count_of "${NAMED[X1]}" "$DIARY24") $(count_of "${NAMED[X2]}" "$DIARY24")"
contains "fix (ambiguous): says why the candidates are not recorded" \
	"${NAMED[X2]} is not recorded: it may be the rebased version" "$OUT"
same "fix (ambiguous): the revert is recorded; three things left as is" \
	"diarist fix: 1 change in 1 diary; 3 left as is (see above)" "$(printf '%s\n' "$OUT" | tail -n 1)"

# ---- (f) a CRLF diary stays CRLF ----
new_repo "$TMP/f" commit-msg post-commit
cd "$TMP/f" || exit 1
mkdir -p "$D023/reference"
printf -- '---\r\nTitle: Diary\r\nTicket: VM-023-IMPROVE-DOCS\r\n---\r\n\r\n# Diary\r\n\r\n## Step 1: One\r\n\r\nProse.\r\n\r\n**Commit (code):** pending\r\n\r\n### What I did\r\n\r\nThings.\r\n' \
	>"$DIARY23"
diary_commit "VM-023: diary: step 1 planned"
commit "VM-023: one" && name_commit C1
diary_commit "VM-023: diary: step 1"
change && nohooks commit -q -m "VM-023: two" && name_commit C2
capture later git rebase -q -f HEAD~3
name_commit D1 HEAD~2 && name_commit D2
fix
exit_is "fix (CRLF): exit 0" 0
same "fix (CRLF): one rewrite, one record" "diarist fix: 2 changes in 1 diary" \
	"$(printf '%s\n' "$OUT" | tail -n 1)"
same "fix (CRLF): every line still ends with CR LF" 0 "$(grep -c $'[^\r]$' "$DIARY23")"
same_diary "fix (CRLF): the diary, byte for byte" fix-crlf.md "$DIARY23"

done_testing
