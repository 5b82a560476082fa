#!/bin/bash
# Real diaries' record shapes through a rebase and an amend, end to end:
# nothing a person wrote is lost (issue: two records on one line lost the
# second; a hash recorded in two steps lost one record). Each scenario
# writes the diary by hand, rewrites history with real git, and compares the
# diary byte for byte with the text it must be.
. "$(dirname "$0")/lib.sh"

EM=$'\xe2\x80\x94'
tick=0
later() { tick=$((tick + 1)); GIT_COMMITTER_DATE="2026-02-15T10:00:$(printf '%02d' "$tick")Z" "$@"; }
diary_commit() { git add ttmp && nohooks commit -q -m "$1"; }

# the diary of the scenarios: A and B on one line in step 1, A again in
# step 2 (a commit that served two steps), B as a list item under a bare
# label in step 3, and a line diarist cannot read
write_diary() { # A B SUBJECT-A SUBJECT-B
	mkdir -p "$D023/reference"
	cat >"$DIARY23" <<EOF
---
Title: Diary
Ticket: VM-023-IMPROVE-DOCS
---

# Diary

## Step 1: Two commits at once

**Commit (code):** $1 $EM "$3"; $2 $EM "$4"

### What I did
Both halves.

## Step 2: The first one again

**Commit (code):** \`$1\` $EM "$3"

## Step 3: A list under a bare label

**Commits (code):**

- \`$2\` - \`$4\`

**Commit (code):** see the PR that follows $1
EOF
}

# set_up DIR HOOK...: a repository, two commits naming VM-023, their diary
set_up() {
	local dir=$1
	shift
	new_repo "$dir" "$@"
	cd "$dir" || exit 1
	change && nohooks commit -q -m "VM-023: first half"
	name_commit A
	change && nohooks commit -q -m "VM-023: second half"
	name_commit B
	write_diary "${NAMED[A]}" "${NAMED[B]}" "VM-023: first half" "VM-023: second half"
	[ -n "${KEEP_DIARY:-}" ] || diary_commit "VM-023: diary"
}

# expected FILE A B SUBJECT-A SUBJECT-B: the diary as it must be; the
# unreadable line keeps the old A
expected() {
	local old_a=${NAMED[A]}
	write_diary "$2" "$3" "$4" "$5"
	sed -i "s/follows $2\$/follows $old_a/" "$DIARY23"
	mv "$DIARY23" "$1"
}

# ---- (a) rebase with the hooks bypassed, then diarist fix ----
set_up "$TMP/a" commit-msg
cp "$DIARY23" "$TMP/a-before"
capture later nohooks rebase -q --force-rebase HEAD~3
exit_is "(a) rebase --force-rebase without hooks: exit 0" 0
a2=$(abbrev HEAD~2) b2=$(abbrev HEAD~1)
check "(a) the rebase gave new hashes" test "$a2" != "${NAMED[A]}" -a "$b2" != "${NAMED[B]}"
capture "$DIARIST" fix
exit_is "(a) fix: exit 0" 0
contains "(a) fix says how A was found" "${NAMED[A]} was rebased as $a2 (same patch-id)" "$OUT"
contains "(a) fix says how B was found" "${NAMED[B]} was rebased as $b2 (same patch-id)" "$OUT"
lacks "(a) fix adds no step" "recorded in step" "$OUT"
contains "(a) fix names the record line it cannot read, with file and line" \
	"$DIARY23:25: warning: a commit record diarist cannot read" "$OUT"
cp "$DIARY23" "$TMP/a-got"
cp "$TMP/a-before" "$DIARY23"
expected "$TMP/a-want" "$a2" "$b2" "VM-023: first half" "VM-023: second half"
cp "$TMP/a-got" "$DIARY23"
same_file "(a) fix: both records of the line, both steps of A and the list item rewritten, nothing else" \
	"$TMP/a-want" "$DIARY23"
capture "$DIARIST" fix --dry-run
contains "(a) fix again: nothing to fix" "nothing to fix" "$OUT"
diary_commit "VM-023: diary after fix"
capture "$DIARIST" check --all --format json
lacks "(a) check --all after fix: no commit-unreachable" "commit-unreachable" "$OUT"
lacks "(a) check --all after fix: no commit-unrecorded" "commit-unrecorded" "$OUT"

# ---- (b) the same rebase with post-rewrite installed ----
set_up "$TMP/b" commit-msg post-rewrite
capture later git rebase --force-rebase HEAD~3
exit_is "(b) rebase with post-rewrite: exit 0" 0
contains "(b) post-rewrite names the line it cannot read, which names a rewritten commit" \
	"$DIARY23:25: a record line names a rewritten commit, but diarist cannot read it" "$ERR"
a2=$(abbrev HEAD~2) b2=$(abbrev HEAD~1)
cp "$DIARY23" "$TMP/b-got"
expected "$TMP/b-want" "$a2" "$b2" "VM-023: first half" "VM-023: second half"
cp "$TMP/b-got" "$DIARY23"
same_file "(b) post-rewrite: every entry rewritten, nothing else" "$TMP/b-want" "$DIARY23"
check "(b) git status: only the diary changed" \
	test "$(git status --porcelain)" = " M $DIARY23"

# ---- (c) amend the second half: its entries move, the first half's stay ----
KEEP_DIARY=1 set_up "$TMP/c" commit-msg post-rewrite # the diary not committed: B is HEAD
capture later git commit --amend -m "VM-023: second half, amended"
exit_is "(c) amend: exit 0" 0
b2=$(abbrev HEAD)
cp "$DIARY23" "$TMP/c-got"
expected "$TMP/c-want" "${NAMED[A]}" "$b2" "VM-023: first half" "VM-023: second half, amended"
cp "$TMP/c-got" "$DIARY23"
same_file "(c) amend: B's two entries name the new commit and subject, A's are as they were" \
	"$TMP/c-want" "$DIARY23"

# ---- (d) squash A and B: one record stays, the others go, prose stays ----
set_up "$TMP/d" commit-msg post-rewrite
cp "$DIARY23" "$TMP/d-before"
capture later env GIT_SEQUENCE_EDITOR="sed -i '2s/^pick/squash/'" GIT_EDITOR=true \
	git rebase -q -i HEAD~3
exit_is "(d) rebase -i squash: exit 0" 0
check "(d) no rebase left" test ! -d "$(git rev-parse --git-path rebase-merge)"
ab=$(abbrev HEAD~1)
# step 1: A becomes AB and B on the same line goes (a squash leaves one
# record); step 2: A's record becomes AB's too (a hash recorded in two
# steps is rewritten in both); step 3: B's list item, the only one under
# its label, becomes AB's rather than leave the label empty; the
# unreadable line stays
{
	sed -n '1,/^## Step 1/p' "$TMP/d-before"
	printf '\n**Commit (code):** %s %s "%s"\n\n' "$ab" "$EM" "VM-023: first half"
	sed -n '/^### What I did/,/^## Step 2/p' "$TMP/d-before"
	printf '\n**Commit (code):** `%s` %s "%s"\n' "$ab" "$EM" "VM-023: first half"
	printf '\n## Step 3: A list under a bare label\n\n**Commits (code):**\n\n'
	printf -- '- `%s` - `%s`\n\n' "$ab" "VM-023: first half"
	printf '**Commit (code):** see the PR that follows %s\n' "${NAMED[A]}"
} >"$TMP/d-want"
same_file "(d) squash: B's entry on A's line goes, the rest is rewritten or as it was" \
	"$TMP/d-want" "$DIARY23"

# ---- (e) post-commit names a step as the diary writes it ----
new_repo "$TMP/e" commit-msg post-commit
cd "$TMP/e" || exit 1
mkdir -p "$D023/reference"
printf '# Diary\n\n## Step 5: Start\n\n**Commit (code):** N/A\n\n## Step 5b: Follow-up\n\nMore.\n' >"$DIARY23"
diary_commit "VM-023: diary"
change && capture git commit -q -m "VM-023: follow up"
contains "(e) a commit into step 5b is said to go to step 5b" "VM-023-IMPROVE-DOCS step 5b" "$OUT$ERR"
diary_commit "VM-023: diary"
printf '\n## Step: Notes\n\nNo number.\n' >>"$DIARY23"
diary_commit "VM-023: diary"
change && capture git commit -q -m "VM-023: noted"
contains "(e) a commit into an unnumbered step names its title" 'VM-023-IMPROVE-DOCS step "Notes"' "$OUT$ERR"

# ---- (f) a date that looks like a hash is one only when it names a commit;
# digits (1234567), letters (bedface) or a mix that name none are
# commit-unknown ----
new_repo "$TMP/f" commit-msg
cd "$TMP/f" || exit 1
mkdir -p "$D023/reference"
printf '# Diary\n\n## Step 1: Planning\n\n**Commits (code):**\n- 20260403 - planning notes of that day\n- `bedface` - `a word`\n- 1234567 - digits\n\n**Commit (code):** 1234abc %s "no such commit"\n' "$EM" >"$DIARY23"
diary_commit "VM-023: diary"
capture "$DIARIST" check --all --format json
lacks "(f) a date is no commit-unknown" 'commit 20260403 is no commit' "$OUT"
contains "(f) an all-letter hash that names no commit is commit-unknown" \
	'commit bedface is no commit in this repository' "$OUT"
contains "(f) an all-digit hash that names no commit is commit-unknown" \
	'commit 1234567 is no commit in this repository' "$OUT"
contains "(f) a mixed hash that names no commit is commit-unknown" \
	'commit 1234abc is no commit in this repository' "$OUT"

done_testing
