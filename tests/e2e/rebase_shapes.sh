#!/bin/bash
# Every shape of history rewriting, with the hooks installed: the command
# completes (no rebase left stopped), the diary afterwards is, byte for
# byte, the one a careful user would expect, and only the diary is left
# modified (SPEC §4.1, §4.5: while git rebases or picks, the hooks leave
# the work tree alone; the final post-rewrite "rebase" makes the records
# true).
#
# Each shape starts from a copy of one base repository: a ticket whose
# diary plans four steps with waiting placeholders, four code commits that
# post-commit recorded into them, each followed by the bookkeeping commit
# of its diary, as real users do:
#   P  c1 d1  c2 d2  c3 d3  c4 d4      (rebase -i HEAD~8 lists c1 ... d4)
. "$(dirname "$0")/lib.sh"

# each rewrite gets its own committer date, so that a rewritten commit
# never comes out with the hash it had
tick=0
later() { tick=$((tick + 1)); GIT_COMMITTER_DATE="2026-02-15T10:00:$(printf '%02d' "$tick")Z" "$@"; }

S1="VM-023: parse the input"
S2="VM-023: check the input"
S3="VM-023: report errors"
S4="VM-023: write the output"

# rec REV: the value of REV's record ("abbrev — "subject"")
rec() { printf '%s — "%s"' "$(git rev-parse --short "$1")" "$(git log -1 --format=%s "$1")"; }
# of SUBJECT: the commit of HEAD's history with exactly this subject
of() { git log --format='%H %s' | awk -v s="$1" 'substr($0, 42) == s { print $1; exit }'; }

# record_line VALUE: a record paragraph ("-": none)
record_line() { [ "$1" = - ] || printf '**Commit (code):** %s\n\n' "$1"; }

# diary V1 V2 V3 V4: the diary, its four steps' records holding these values
diary() {
	printf -- '---\nTitle: Diary\nTicket: VM-023-IMPROVE-DOCS\nDocType: reference\n---\n\n'
	printf '# Diary\n\n## Goal\n\nBetter docs for the VM.\n\n'
	printf '## Step 1: Parse the input\n\nRead the input line by line; keep the line numbers.\n\n'
	record_line "$1"
	printf '### What I did\n\nWrote the reader.\n\n'
	printf '## Step 2: Check the input (Task 1)\n\n'
	record_line "$2"
	printf '### What I did\n\nRejected empty names.\n\n### Why\n\nThey crash the writer.\n\n'
	printf '## Step 3: Report errors\n\n'
	record_line "$3"
	printf '## Step 4: Write the output\n\nThe writer keeps the order of the input.\n\n'
	record_line "$4"
	printf '### What worked\n\nRound trips.\n'
}

# new_step N REV [TITLE]: what post-commit appends for a commit that finds
# no step, titled with its subject (TITLE: with another one, as a heading
# written for an older version of the commit stays)
new_step() {
	local s
	printf '\n## Step %s: %s\n\n' "$1" "${3:-$(git log -1 --format=%s "$2")}"
	record_line "$(rec "$2")"
	for s in "What I did" "Why" "What worked" "What didn't work" "What I learned" \
		"What was tricky to build" "What warrants a second pair of eyes" \
		"What should be done in the future"; do
		printf '### %s\n\n' "$s"
	done
	printf '### Code review instructions\n'
}

# base: the base repository, in $TMP/base
new_repo "$TMP/base"
cd "$TMP/base" || exit 1
mkdir -p "$D023/reference"
diary pending pending pending pending >"$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: plan steps 1-4"
for s in "$S1" "$S2" "$S3" "$S4"; do
	commit "$s"
	[ "$RC" = 0 ] && [ -z "$(git status --porcelain -- ':!ttmp')" ] && bookkeep || {
		echo "base: committing '$s' failed: $ERR" >&2
		exit 1
	}
done
diary "$(rec "$(of "$S1")")" "$(rec "$(of "$S2")")" "$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")" \
	>"$TMP/want"
same_file "base: post-commit filled the four placeholders" "$TMP/want" "$DIARY23"
same "base: the diary is committed" "" "$(git status --porcelain)"
OLD1=$(of "$S1") OLD2=$(of "$S2") OLD3=$(of "$S3") OLD4=$(of "$S4")
D1=$(git rev-parse HEAD~6)
cd "$TMP" || exit 1

# shape NAME: a fresh copy of the base, as the current folder
shape() {
	SHAPE=$1
	rm -rf "${TMP:?}/$SHAPE"
	cp -a "$TMP/base" "$TMP/$SHAPE"
	cd "$TMP/$SHAPE" || exit 1
}

# completed: the command captured last (see capture) exited 0, left no
# rebase or sequence behind, and neither git nor the hooks said anything
# went wrong
completed() {
	exit_is "$SHAPE: exit 0" 0
	check "$SHAPE: no rebase left in progress" test ! -e .git/rebase-merge -a ! -e .git/rebase-apply
	check "$SHAPE: no cherry-pick left in progress" test ! -e .git/sequencer -a ! -e .git/CHERRY_PICK_HEAD
	check "$SHAPE: no notes of new commits left behind" test ! -e .git/diarist/new-commits
	if printf '%s\n%s\n' "$OUT" "$ERR" | grep -qiE '(error|warning|fatal)[: ]|could not|conflict'; then
		not_ok "$SHAPE: no errors or warnings in the output" "$OUT" "$ERR"
	else
		ok "$SHAPE: no errors or warnings in the output"
	fi
}

# diary_is WANT-FILE: the diary is WANT-FILE byte for byte, and it is the
# only file left modified
diary_is() {
	same_file "$SHAPE: the diary is the expected one" "$1" "$DIARY23"
	same "$SHAPE: only the diary is modified" " M $DIARY23" "$(git status --porcelain)"
}

# expect_all: the diary, each step recording its commit as HEAD's history
# has it now
expect_all() {
	diary "$(rec "$(of "$S1")")" "$(rec "$(of "$S2")")" "$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")"
}

# ---- pick, forced: every commit is rewritten ----
shape pick
capture later env GIT_SEQUENCE_EDITOR=true git rebase -i -f HEAD~8
completed
expect_all >"$TMP/want"
diary_is "$TMP/want"
check "$SHAPE: the hashes did change" test "$(of "$S1")" != "$OLD1" -a "$(of "$S4")" != "$OLD4"
contains "$SHAPE: post-rewrite says what it did" \
	"diarist: VM-023-IMPROVE-DOCS: 4 recorded hashes rewritten (reference/01-diary.md)" "$OUT$ERR"
hashes_ok "$SHAPE: every recorded hash is an ancestor of HEAD" "$DIARY23"

# ---- reword: the subject is refreshed ----
shape reword
capture later env GIT_SEQUENCE_EDITOR="sed -i '3s/^pick/reword/'" GIT_EDITOR="$EDITOR_SH" \
	REPLACE="VM-023: check the input twice" git rebase -i HEAD~8
completed
diary "$(rec "$OLD1")" "$(rec "$(of "VM-023: check the input twice")")" \
	"$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")" >"$TMP/want"
diary_is "$TMP/want"

# ---- edit: stop, git commit --amend, rebase --continue ----
shape edit
capture later env GIT_SEQUENCE_EDITOR="sed -i '3s/^pick/edit/'" git rebase -i -f HEAD~8
check "$SHAPE: the rebase stops at the commit to edit" test -d .git/rebase-merge
change
capture later git commit -q --amend -m "VM-023: check the input and its size"
exit_is "$SHAPE: the amend at the stop: exit 0" 0
same "$SHAPE: at the stop, the hooks left the work tree alone" "" "$(git status --porcelain)"
same "$SHAPE: at the stop, the diary is the committed one" "$(git show HEAD:"$DIARY23")" "$(cat "$DIARY23")"
capture later git rebase --continue
completed
diary "$(rec "$(of "$S1")")" "$(rec "$(of "VM-023: check the input and its size")")" \
	"$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")" >"$TMP/want"
diary_is "$TMP/want"

# ---- edit: stop, commit something new on top, rebase --continue ----
# git maps the edited commit to whatever HEAD is at --continue: the new
# commit; the edited commit keeps its record, the new one gets a step.
# Forced, the edited commit is rewritten before the stop; not forced, it
# is the same commit.
for force in -f ""; do
	shape "edit-add${force:+-forced}"
	capture later env GIT_SEQUENCE_EDITOR="sed -i '3s/^pick/edit/'" git rebase -i $force HEAD~8
	change
	capture later git commit -q -m "VM-023: check the encoding"
	exit_is "$SHAPE: the commit at the stop: exit 0" 0
	same "$SHAPE: at the stop, the hooks left the work tree alone" "" "$(git status --porcelain)"
	capture later git rebase --continue
	completed
	{ expect_all && new_step 5 "$(of "VM-023: check the encoding")"; } >"$TMP/want"
	diary_is "$TMP/want"
done
if [ "$(of "$S2")" = "$OLD2" ]; then ok "edit-add: not forced, the edited commit kept its id"; else not_ok "edit-add: not forced, the edited commit kept its id"; fi

# ---- edit: stop, fold the commit's own diary commit in by hand ----
# the amend at the stop is of a commit whose record the work tree holds:
# post-commit's amend logic must leave it to the final post-rewrite, or
# the diary, modified, stops the next pick
shape edit-fold
capture later env GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/edit/'" git rebase -i --empty=drop HEAD~8
git checkout "$D1" -- ttmp
capture later git commit -q --amend --no-edit
exit_is "$SHAPE: the amend at the stop: exit 0" 0
same "$SHAPE: at the stop, the hooks left the work tree alone" "" "$(git status --porcelain)"
capture later git rebase --continue
completed
same "$SHAPE: the diary commit, now empty, is dropped" 7 "$(git rev-list --count HEAD~7..HEAD)"
expect_all >"$TMP/want"
diary_is "$TMP/want"

# ---- squash: c2 moved up and squashed into c1: one record for the two ----
shape squash
cat >"$TMP/squash-todo.sh" <<'EOF'
#!/bin/sh
# pick c1, squash c2, then the rest in their order
c2=$(sed -n '3s/^pick/squash/p' "$1")
sed -i -e '3d' -e "1a $c2" "$1"
EOF
chmod +x "$TMP/squash-todo.sh"
capture later env GIT_SEQUENCE_EDITOR="$TMP/squash-todo.sh" GIT_EDITOR=true git rebase -i HEAD~8
completed
same "$SHAPE: c2 went into c1" "$S2" "$(git log -1 --format=%b "$(of "$S1")" | grep -x "$S2")"
diary "$(rec "$(of "$S1")")" - "$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")" >"$TMP/want"
diary_is "$TMP/want"

# ---- fixup: d1 (c1's diary commit) folded into c1 ----
shape fixup
capture later env GIT_SEQUENCE_EDITOR="sed -i '2s/^pick/fixup/'" git rebase -i HEAD~8
completed
same "$SHAPE: seven commits left" 7 "$(git rev-list --count HEAD~7..HEAD)"
expect_all >"$TMP/want"
diary_is "$TMP/want"

# ---- drop: c3 dropped; its record stays as it was ----
shape drop
capture later env GIT_SEQUENCE_EDITOR="sed -i '5s/^pick/drop/'" git rebase -i HEAD~8
completed
same "$SHAPE: c3 is gone" "" "$(of "$S3")"
diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$(of "$S4")")" >"$TMP/want"
diary_is "$TMP/want"

# ---- exec: one that commits nothing, one that makes a commit ----
shape exec
capture later env GIT_SEQUENCE_EDITOR="sed -i -e '1a exec true' -e '4a exec echo more >more.c && git add more.c && git commit -q -m \"VM-023: check more\"'" \
	git rebase -i HEAD~8
completed
same "$SHAPE: the exec's commit is in the history" 1 "$(git log --format=%s | grep -cx "VM-023: check more")"
{ expect_all && new_step 5 "$(of "VM-023: check more")"; } >"$TMP/want"
diary_is "$TMP/want"

# ---- --autosquash with a fixup! commit ----
shape autosquash
echo fixed >>src2.c && git add src2.c
capture git commit -q --fixup="$OLD2"
exit_is "$SHAPE: the fixup! commit: exit 0" 0
same "$SHAPE: a fixup! commit is not recorded" "" "$(git status --porcelain)"
capture later env GIT_SEQUENCE_EDITOR=true git rebase -i --autosquash HEAD~9
completed
same "$SHAPE: the fixup! commit is gone" "" "$(git log --format=%s | grep '^fixup!')"
diary "$(rec "$OLD1")" "$(rec "$(of "$S2")")" "$(rec "$(of "$S3")")" "$(rec "$(of "$S4")")" >"$TMP/want"
diary_is "$TMP/want"
check "$SHAPE: c2 was rewritten" test "$(of "$S2")" != "$OLD2"

# ---- --rebase-merges: a topic branch merged in ----
shape rebase-merges
git checkout -q -b topic
commit "VM-023: document the output"
bookkeep
git checkout -q main
git merge -q --no-ff topic -m "Merge branch 'topic'"
capture later git rebase -f --rebase-merges HEAD~9
completed
same "$SHAPE: the merge is kept" 2 "$(git log -1 --format=%p HEAD | wc -w | tr -d ' ')"
{ expect_all && new_step 5 "$(of "VM-023: document the output")"; } >"$TMP/want"
diary_is "$TMP/want"
check "$SHAPE: the topic commit was rewritten" \
	test "$(of "VM-023: document the output")" != "$(git rev-parse topic~1)"

# ---- git commit --amend ----
shape amend
commit "VM-023: tidy the writer"
capture later git commit -q --amend -m "VM-023: tidy the writer's loop"
completed
{ diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$OLD4")" &&
	new_step 5 HEAD "VM-023: tidy the writer"; } >"$TMP/want"
diary_is "$TMP/want"
lacks "$SHAPE: the amended-away commit is not recorded" \
	"$(git rev-parse --short HEAD@{1})" "$(cat "$DIARY23")"

# ---- git cherry-pick of one commit from a topic branch ----
shape cherry-pick
git checkout -q -b topic
commit "VM-023: port the fix"
bookkeep
git checkout -q main
capture later git cherry-pick topic~1
completed
{ diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$OLD4")" &&
	new_step 5 HEAD; } >"$TMP/want"
diary_is "$TMP/want"

# ---- git cherry-pick of a topic's commits with their diary commit ----
# the picked diary commit brings the topic commit's record along: it moves
# to the copy, as a rebase would
shape cherry-pick-range
git checkout -q -b topic
commit "VM-023: port the fix"
bookkeep
commit "VM-023: port the test"
bookkeep
git checkout -q main
capture later git cherry-pick topic~3 topic~2 topic~1 topic
completed
{ diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$OLD4")" &&
	new_step 5 "$(of "VM-023: port the fix")" && new_step 6 "$(of "VM-023: port the test")"; } \
	>"$TMP/want"
diary_is "$TMP/want"
hashes_ok "$SHAPE: every recorded hash is an ancestor of HEAD" "$DIARY23"

# ---- git revert of a commit and of its diary commit, in that order ----
# the revert of d4 takes c4's record away, leaving the placeholder, which
# the revert of c4 fills (SPEC §4.2 rule 3)
shape revert-range
capture later git revert --no-edit HEAD~1 HEAD
completed
diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec HEAD~1)" >"$TMP/want"
diary_is "$TMP/want"

# ---- a rebase given up: what was noted during it is not recorded ----
shape abort
capture later env GIT_SEQUENCE_EDITOR="sed -i '3s/^pick/edit/'" git rebase -i -f HEAD~8
commit "VM-023: given up"
capture git rebase --abort
exit_is "$SHAPE: rebase --abort: exit 0" 0
commit "VM-023: after the abort"
completed
{ diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$OLD4")" &&
	new_step 5 HEAD; } >"$TMP/want"
diary_is "$TMP/want"

# ---- git pull --rebase against a remote, rebase.autoStash, a dirty diary ----
shape pull-rebase
git init -q --bare "$TMP/pull-remote.git"
git remote add origin "$TMP/pull-remote.git"
nohooks push -q origin main
git branch -q -u origin/main
git clone -q "$TMP/pull-remote.git" "$TMP/pull-other"
(cd "$TMP/pull-other" && echo up >upstream.txt && git add upstream.txt &&
	git commit -q -m "VM-024: upstream work" && git push -q origin main) || exit 1
git config rebase.autoStash true
commit "VM-023: local work"
name_commit L0
cp "$DIARY23" "$TMP/dirty"
capture later git pull --rebase
completed
same "$SHAPE: the upstream commit is under the local one" "VM-024: upstream work" \
	"$(git log -1 --format=%s HEAD~1)"
contains "$SHAPE: post-rewrite says the rewrite waits for the autostash" \
	"git re-applies an autostash after this rebase" "$ERR"
# git re-applies the autostash after post-rewrite, and runs no hook after
# that: the diary is the dirty one until the next commit or diarist record
diary_is "$TMP/dirty"
capture "$DIARIST" record
exit_is "$SHAPE: diarist record: exit 0" 0
{ diary "$(rec "$OLD1")" "$(rec "$OLD2")" "$(rec "$OLD3")" "$(rec "$OLD4")" &&
	new_step 5 HEAD; } >"$TMP/want"
SHAPE="pull-rebase, then diarist record"
diary_is "$TMP/want"
lacks "$SHAPE: the old hash is gone" "${NAMED[L0]}" "$(cat "$DIARY23")"

done_testing
