#!/bin/bash
# The diary write under stress and on bad input: two writers racing, a
# writer killed with SIGKILL, stale and live locks, diaries with NUL bytes,
# over 16 MiB or with a 1 MiB line, a diary that is a symlink, CRLF and a
# missing final newline (SPEC §4.3, §7).
. "$(dirname "$0")/lib.sh"

in_new_repo
# others DIR: the files in DIR other than the diary itself
others() { ls -A "$1" | grep -vx '01-diary.md' | paste -sd ' ' -; }
REF=$D023/reference

# ---- two writers at once, ten times: both records land every time ----
# (the first round also races on creating the diary)
for i in $(seq 1 20); do change && nohooks commit -q -m "VM-023: race $i"; done
lost=""
for i in $(seq 1 10); do
	a=$(git rev-parse --short "HEAD~$((20 - 2 * i + 1))")
	b=$(git rev-parse --short "HEAD~$((20 - 2 * i))")
	"$DIARIST" record "$a" >"$TMP/ra" 2>&1 &
	pa=$!
	"$DIARIST" record "$b" >"$TMP/rb" 2>&1 &
	pb=$!
	wait "$pa"; sa=$?
	wait "$pb"; sb=$?
	[ "$sa" = 0 ] && [ "$sb" = 0 ] || lost="$lost round $i: exit $sa/$sb ($(cat "$TMP/ra" "$TMP/rb"));"
	[ "$(count_of "^\*\*Commit (code):\*\* $a " "$DIARY23")" = 1 ] || lost="$lost round $i: $a missing;"
	[ "$(count_of "^\*\*Commit (code):\*\* $b " "$DIARY23")" = 1 ] || lost="$lost round $i: $b missing;"
done
same "two diarist record at once, 10 rounds: both records land every time" "" "$lost"
same "racing writers: 20 records, 20 steps" "20 20" \
	"$(records "$DIARY23" | wc -l | tr -d ' ') $(grep -c '^## Step ' "$DIARY23")"
same "racing writers: steps numbered 1..20 once each" "$(seq 1 20 | paste -sd ' ' -)" \
	"$(sed -n 's/^## Step \([0-9]*\):.*/\1/p' "$DIARY23" | paste -sd ' ' -)"
same "racing writers: no lock or temporary file left" "" "$(others "$REF")"
hashes_ok "racing writers: every record is a commit of this branch" "$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: races"

# the same through the hook program: two worktrees of one repository, each
# with its own HEAD, both hooks pointed (GIT_DIR, GIT_WORK_TREE) at the
# main work tree's diary
git worktree add -q "$TMP/wt2" -b race2
WT2_GIT=$(cd "$TMP/wt2" && git rev-parse --absolute-git-dir)
for i in $(seq 1 5); do
	change && nohooks commit -q -m "VM-023: main side $i"
	(cd "$TMP/wt2" && echo "$i" >"w$i" && git add "w$i" && nohooks commit -q -m "VM-023: worktree side $i")
	"$BUILD_DIR/hooks/post-commit" >/dev/null 2>&1 &
	pa=$!
	GIT_DIR="$WT2_GIT" GIT_WORK_TREE="$R" "$BUILD_DIR/hooks/post-commit" >/dev/null 2>&1 &
	pb=$!
	wait "$pa" "$pb"
done
same "post-commit for two worktrees' HEADs at once, one diary: every commit recorded" "5 5" \
	"$(count_of '"VM-023: main side' "$DIARY23") $(count_of '"VM-023: worktree side' "$DIARY23")"
hashes_ok "(worktree races: the main side is an ancestor of main)" <(records "$DIARY23" | grep -v 'worktree side')
git worktree remove --force "$TMP/wt2"
git add ttmp && git commit -q -m "VM-023: diary: worktree races"

# ---- SIGKILL at any moment: the old file or the new one, never a mix ----
{
	printf -- '---\nTitle: Diary\nTicket: VM-023-IMPROVE-DOCS\nStatus: active\n---\n\n# Diary\n\n## Goal\n\nA big one.\n'
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
		printf "\n## Step %d: old work %d\n\n**Commit (code):** N/A\n\nProse for step %d, long enough to make the whole diary a few MiB in size.\n\n### What I did\n\n- things\n", i, i, i }'
} >"$DIARY23"
git add ttmp && git commit -q -m "VM-023: diary: a big one"
change && nohooks commit -q -m "VM-023: recorded while being killed"
cp "$DIARY23" "$TMP/before"
"$DIARIST" record >/dev/null 2>&1
cp "$DIARY23" "$TMP/after"
check "the big diary is a few MiB" test "$(wc -c <"$TMP/before")" -gt 3000000
check "recording into it changes it" test "$(cmp -s "$TMP/before" "$TMP/after"; echo $?)" = 1
cp "$TMP/before" "$DIARY23"
mixed="" left="" unclean="" locks=0 befores=0 afters=0 cleaned=0
for d in $(seq 0 50); do
	"$DIARIST" record >/dev/null 2>&1 &
	p=$!
	sleep "$(printf '0.%03d' "$d")"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	if cmp -s "$TMP/before" "$DIARY23"; then befores=$((befores + 1))
	elif cmp -s "$TMP/after" "$DIARY23"; then afters=$((afters + 1))
	else mixed="$mixed ${d}ms($(wc -c <"$DIARY23") bytes)"; cp "$TMP/before" "$DIARY23"; fi
	extra=$(ls -A "$REF" | grep -vx -e '01-diary.md' -e '01-diary.md.lock' | paste -sd ' ' -)
	[ -z "$extra" ] || left="$left ${d}ms:$extra"
	if [ -e "$DIARY23.lock" ]; then
		locks=$((locks + 1))
		od -c "$DIARY23.lock" | head -2 | tr '\n' ' ' >"$TMP/lock-seen"
		capture "$DIARIST" record
		if [ "$RC" = 0 ] && [ ! -e "$DIARY23.lock" ] && cmp -s "$TMP/after" "$DIARY23" &&
			printf '%s\n' "$OUT$ERR" | grep -q 'stale lock'; then
			cleaned=$((cleaned + 1))
		else
			unclean="$unclean ${d}ms: lock held [$(cat "$TMP/lock-seen")], next run exit $RC, said: $(printf '%s' "$OUT$ERR" | head -c 300);"
		fi
	fi
	(cd "$REF" && rm -f 01-diary.md.diarist-* 01-diary.md.lock)
	cp "$TMP/before" "$DIARY23"
done
echo "# kill -9 outcomes: before=$befores after=$afters stale-locks=$locks (cleaned with a note: $cleaned)"
same "kill -9 while recording (51 delays, 0-50 ms): the diary is always the old or the new file" "" "$mixed"
if [ "$locks" = "$cleaned" ]; then ok "kill -9: the next run removes a stale lock, says so, and records"
else not_ok "kill -9: the next run removes a stale lock, says so, and records" "$cleaned of $locks" "$unclean"; fi
same "kill -9: nothing but at most a stale lock is left beside the diary" "" "$left"

# a stale lock whose holder is gone (deterministic)
sh -c 'echo $$ >"$1"' _ "$TMP/deadpid"
printf '%s 1\n' "$(cat "$TMP/deadpid")" >"$DIARY23.lock"
capture "$DIARIST" record
exit_is "a stale lock (its pid is gone): diarist record succeeds" 0
contains "a stale lock: the note names it" "removed a stale lock $(pwd -P)/$DIARY23.lock" "$OUT$ERR"
check "a stale lock: removed" test ! -e "$DIARY23.lock"
check "a stale lock: the record is written" cmp -s "$TMP/after" "$DIARY23"
cp "$TMP/before" "$DIARY23"

# an empty lock: its writer was killed between creating it and writing its
# pid into it (seen with the kill -9 loop above); a live writer fills it at
# once, so one that stayed empty for seconds has no holder left
: >"$DIARY23.lock"
touch -d '5 seconds ago' "$DIARY23.lock"
capture "$DIARIST" record
exit_is "an empty lock, 5 s old: diarist record exits 0" 0
contains "an empty lock, 5 s old: removed as stale, with a note" "removed a stale lock" "$OUT$ERR"
check "an empty lock, 5 s old: the record is written" cmp -s "$TMP/after" "$DIARY23"
rm -f "$DIARY23.lock"
cp "$TMP/before" "$DIARY23"

# a lock held by a live process: post-commit waits, then gives up, and the
# commit still succeeds
sleep 30 &
holder=$!
printf '%s %s\n' "$holder" "$(awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[20] }' "/proc/$holder/stat")" >"$DIARY23.lock"
cp "$DIARY23.lock" "$TMP/lock"
change
t0=$(now_ms)
capture git commit -q -m "VM-023: while another process holds the lock"
t1=$(now_ms)
exit_is "a live lock: the commit succeeds" 0
contains "a live lock: post-commit says it could not write" "01-diary.md.lock" "$ERR"
check "a live lock: the diary is untouched" cmp -s "$TMP/before" "$DIARY23"
check "a live lock: the lock is left to its holder" cmp -s "$TMP/lock" "$DIARY23.lock"
check "a live lock: post-commit gave up within 10 s" test $((t1 - t0)) -lt 10000
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
rm -f "$DIARY23.lock"
git checkout -q -- ttmp
git reset -q --hard HEAD~1

# ---- bad diaries: a message naming the file, the diary untouched, exit 0 ----
# bad_diary DESC: commit with the diary as it is now; checks the outcome
bad_diary() {
	cp "$DIARY23" "$TMP/bad-before"
	change
	capture git commit -q -m "VM-023: $1"
	exit_is "$1: the commit succeeds" 0
	not_crashed "$1: no crash"
	contains "$1: the message names the diary" "01-diary.md" "$ERR"
	check "$1: the diary is untouched" cmp -s "$TMP/bad-before" "$DIARY23"
	capture "$BUILD_DIR/hooks/post-commit"
	exit_is "$1: the post-commit program exits 0" 0
}
printf -- '---\nTitle: Diary\n---\n\n# Diary\n\n## Step 1: x\n\nbinary \0 inside\n' >"$DIARY23"
bad_diary "a diary with a NUL byte"
{
	printf -- '---\nTitle: Diary\n---\n\n# Diary\n\n## Step 1: x\n\n'
	head -c 17000000 /dev/zero | tr '\0' 'x' | fold -w 200
	echo
} >"$DIARY23"
t0=$(now_ms)
bad_diary "a diary over 16 MiB"
check "a diary over 16 MiB: handled within 2 s" test $(($(now_ms) - t0)) -lt "$(ms_limit 2000)"
check "a diary over 16 MiB: the message says why (a limit, too big)" grep -qiE 'limit|too (big|large)' "$TMP/err"

# a 1 MiB line: an error as above, or a correct record around it
{
	printf -- '---\nTitle: Diary\n---\n\n# Diary\n\n## Step 1: x\n\n**Commit (code):** N/A\n\n'
	head -c 1048576 /dev/zero | tr '\0' 'y'
	printf '\n\n### What I did\n'
} >"$DIARY23"
cp "$DIARY23" "$TMP/line-before"
change
capture git commit -q -m "VM-023: a diary with a 1 MiB line"
exit_is "a diary with a 1 MiB line: the commit succeeds" 0
not_crashed "a diary with a 1 MiB line: no crash"
if cmp -s "$TMP/line-before" "$DIARY23"; then
	contains "a diary with a 1 MiB line: untouched, with a message naming it" "01-diary.md" "$ERR"
else
	same "a diary with a 1 MiB line: recorded, every old byte kept in place" \
		"$(wc -c <"$TMP/line-before")" "$(cmp -n "$(wc -c <"$TMP/line-before")" "$TMP/line-before" "$DIARY23" && wc -c <"$TMP/line-before")"
	same "a diary with a 1 MiB line: one record added" 1 "$(count_of "^\*\*Commit (code):\*\* $(abbrev) " "$DIARY23")"
fi
git checkout -q -- ttmp

# a 100 000-line diary: recorded, quickly
awk 'BEGIN { print "---\nTitle: Diary\n---\n\n# Diary\n"; for (i = 1; i <= 25000; i++) printf "## Step %d: s\n\n**Commit (code):** N/A\n\n", i }' >"$DIARY23"
change
t0=$(now_ms)
capture git commit -q -m "VM-023: a 100 000-line diary"
t1=$(now_ms)
exit_is "a 100 000-line diary: the commit succeeds" 0
same "a 100 000-line diary: recorded as step 25001" 1 "$(count_of '^## Step 25001: VM-023: a 100 000-line diary$' "$DIARY23")"
check "a 100 000-line diary: under 2 s" test $((t1 - t0)) -lt "$(ms_limit 2000)"
git checkout -q -- ttmp

# ---- a diary that is a symlink ----
printf -- '---\nTitle: Diary\n---\n\n# Diary\n' >"$TMP/outside.md"
cp "$TMP/outside.md" "$TMP/outside-before"
rm "$DIARY23"
ln -s "$TMP/outside.md" "$DIARY23"
change
capture git commit -q -m "VM-023: diary links outside"
exit_is "a diary linking outside the work tree: the commit succeeds" 0
check "a diary linking outside the work tree: the outside file is not written" \
	cmp -s "$TMP/outside-before" "$TMP/outside.md"
check "a diary linking outside the work tree: still the same link" \
	test "$(readlink "$DIARY23")" = "$TMP/outside.md"
contains "a diary linking outside the work tree: says so, naming the diary" "01-diary.md" "$ERR"
check "a diary linking outside the work tree: nothing written next to the outside file" \
	test "$(ls -A "$TMP" | grep -c '^outside')" = 2
# a link that stays inside the work tree is followed
mkdir -p notes
printf -- '---\nTitle: Diary\n---\n\n# Diary\n' >notes/diary-target.md
rm "$DIARY23"
ln -s ../../../../../../notes/diary-target.md "$DIARY23"
check "(the inside link resolves)" test -f "$DIARY23"
change
capture git commit -q -m "VM-023: diary links inside"
exit_is "a diary linking inside the work tree: the commit succeeds" 0
same "a diary linking inside the work tree: the target gets the record" 1 \
	"$(count_of "^\*\*Commit (code):\*\* $(abbrev) " notes/diary-target.md)"
check "a diary linking inside the work tree: the link stays a link" test -L "$DIARY23"
rm -rf notes
git checkout -q -- ttmp

# ---- CRLF and a missing final newline stay as they were ----
printf -- '---\r\nTitle: Diary\r\nTicket: VM-023-IMPROVE-DOCS\r\n---\r\n\r\n# Diary\r\n\r\n## Step 1: Windows\r\n\r\n**Commit (code):** pending\r\n\r\n### What I did\r\n\r\n- typed on Windows' >"$DIARY23"
change
git commit -q -m "VM-023: crlf one" 2>/dev/null
c1=$(abbrev)
change
git commit -q -m "VM-023: crlf two" 2>/dev/null
c2=$(abbrev)
{
	printf -- '---\r\nTitle: Diary\r\nTicket: VM-023-IMPROVE-DOCS\r\n---\r\n\r\n# Diary\r\n\r\n## Step 1: Windows\r\n\r\n'
	printf '**Commit (code):** %s \342\200\224 "VM-023: crlf one"\r\n\r\n### What I did\r\n\r\n- typed on Windows\r\n\r\n' "$c1"
	printf '## Step 2: VM-023: crlf two\r\n\r\n**Commit (code):** %s \342\200\224 "VM-023: crlf two"' "$c2"
	for s in "What I did" "Why" "What worked" "What didn't work" "What I learned" "What was tricky to build" \
		"What warrants a second pair of eyes" "What should be done in the future" "Code review instructions"; do
		printf '\r\n\r\n### %s' "$s"
	done
} >"$TMP/want-crlf"
same_file "CRLF diary without a final newline: CRLF kept, no final newline added, frontmatter untouched" \
	"$TMP/want-crlf" "$DIARY23"

done_testing
