# lib.sh - shared by the end-to-end tests: throwaway repositories with
# diarist's hooks installed, and TAP output ("ok N - ...").
# Source it from a test script; it sets -u and cleans up on exit.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=$(cd "$ROOT/${BUILD:-build}" && pwd)
DIARIST="$BUILD_DIR/diarist"
CORPUS=${DIARIST_CORPUS:-$ROOT/../shared/corpus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/diarist-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
T_N=0
T_FAILED=0

# a clean git environment: no user config, fixed identity and dates
export HOME="$TMP/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_AUTHOR_DATE="2026-02-14T10:00:00Z" GIT_COMMITTER_DATE="2026-02-14T10:00:00Z"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_EDITOR GIT_CONFIG_PARAMETERS
git config --global init.defaultBranch main
git config --global advice.detachedHead false

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}

# check DESC CMD...: passes when CMD exits 0
check() {
	local desc=$1
	shift
	local out
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "command: $*" "$out"; fi
}

# same_file DESC EXPECTED ACTUAL: byte-for-byte comparison
same_file() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff -u "$2" "$3" | head -40)"; fi
}

# contains DESC NEEDLE HAYSTACK
contains() {
	case "$3" in *"$2"*) ok "$1" ;; *) not_ok "$1" "expected to find: $2" "in: $3" ;; esac
}
lacks() {
	case "$3" in *"$2"*) not_ok "$1" "expected not to find: $2" "in: $3" ;; *) ok "$1" ;; esac
}

# make_ticket ROOT ID STATUS [TITLE]: a ticket folder with index.md
make_ticket() {
	local root=$1 id=$2 status=$3 title=${4:-"Ticket $2"}
	local dir="$root/2026/02/14/$id--$(echo "$title" | tr 'A-Z ' 'a-z-')"
	mkdir -p "$dir"
	printf -- '---\nTitle: %s\nTicket: %s\nStatus: %s\nLastUpdated: 2026-02-14T10:00:00Z\n---\n\n# %s\n' \
		"$title" "$id" "$status" "$title" >"$dir/index.md"
	echo "$dir"
}

# the hooks diarist install puts in place
ALL_HOOKS="commit-msg post-commit post-rewrite pre-push"

# only_hooks DIR HOOK...: of the hooks diarist installed in DIR's hooks
# folder, keep only the ones named (the others are removed). A test about
# commit-msg alone uses this so that post-commit does not write diaries
# into the work tree (its output, its untracked files) behind its back.
# Fails loudly when a named hook is not installed or a removal did not
# happen, so that a test never silently runs with other hooks than it says.
only_hooks() {
	local dir=$1 hooks h k keep
	shift
	hooks=$(cd "$dir" && git rev-parse --git-path hooks) || return 1
	case "$hooks" in /*) ;; *) hooks="$dir/$hooks" ;; esac
	for h in $ALL_HOOKS; do
		keep=0
		for k in "$@"; do [ "$k" = "$h" ] && keep=1; done
		if [ "$keep" = 1 ]; then
			[ -x "$hooks/$h" ] || { echo "only_hooks: $h is not installed in $hooks" >&2; return 1; }
		else
			rm -f "$hooks/$h"
			[ ! -e "$hooks/$h" ] || { echo "only_hooks: cannot remove $hooks/$h" >&2; return 1; }
		fi
	done
}

# install_hooks [HOOK...]: diarist install in the current repository; with
# HOOK names, keep only those (see only_hooks)
install_hooks() {
	"$DIARIST" install >/dev/null || return 1
	[ $# -eq 0 ] || only_hooks . "$@"
}

# new_repo DIR [HOOK...]: a repository with one root commit and two tickets
# (and a closed one), diarist's hooks installed; with HOOK names, only those
new_repo() {
	local dir=$1
	shift
	git init -q "$dir"
	(
		cd "$dir" || exit 1
		make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
		make_ticket ttmp VM-024-PLUGIN-GRANTS active "Plugin grants" >/dev/null
		make_ticket ttmp VM-001-OLD complete "Old work" >/dev/null
		git add -A && git commit -q -m "initial import"
		install_hooks "$@"
	) || { echo "new_repo $dir failed" >&2; exit 1; }
}

# in_new_repo [HOOK...]: new_repo "$TMP/repo" (kept in R), as the current
# folder
in_new_repo() {
	R="$TMP/repo"
	new_repo "$R" "$@"
	cd "$R" || exit 1
}

# change: stage a new file, src1.c, src2.c, ... (CHANGE_FILE: another printf
# pattern for the names, e.g. file%d.txt)
n=0
change() {
	local f
	n=$((n + 1))
	printf -v f "${CHANGE_FILE:-src%d.c}" "$n"
	echo "$n" >"$f"
	git add "$f"
}

# commit MSG: change, then git commit -q -m MSG (capture'd)
commit() {
	change
	capture git commit -q -m "$1"
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}

# ---- helpers added for the e2e suites ----
EXPECTED="$ROOT/tests/e2e/expected"
# the folder diarist install links to (as the program computes it)
HOOK_DIR=$(cd "$BUILD_DIR/hooks" && pwd -P)

# same DESC EXPECTED ACTUAL: string equality
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}

# capture CMD...: run CMD; stdout to $TMP/out, stderr to $TMP/err, both
# also in OUT / ERR (trailing newlines stripped), exit status in RC
capture() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# exit_is DESC WANT: compares $RC (from capture) with WANT
exit_is() {
	if [ "$RC" -eq "$2" ]; then ok "$1"; else not_ok "$1" "exit $RC, wanted $2" "stdout: $OUT" "stderr: $ERR"; fi
}

# crashed: true when $RC says the process died of a signal (or sanitizer)
not_crashed() {
	if [ "$RC" -lt 128 ] && ! grep -qE 'Sanitizer|runtime error|Segmentation|core dumped' "$TMP/err"; then
		ok "$1"
	else
		not_ok "$1" "exit $RC" "$ERR"
	fi
}

# now_ms: a monotonic-enough clock in milliseconds
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# ms_limit N: a time limit of N ms, times DT_TIME_SCALE (make check-threads
# runs the programs under ThreadSanitizer, several times slower)
ms_limit() { echo $(($1 * ${DT_TIME_SCALE:-1})); }

# editor_script: an editor for GIT_EDITOR, written once per test file.
# It acts on the file git hands it, in this order:
#   REPLACE  the whole message becomes this text (plus a newline)
#   PREPEND  lines put before what git wrote
#   APPEND   lines put after what git wrote (so below a scissors line)
# and, when EDITOR_SAVE is set, keeps a copy of the result there.
EDITOR_SH="$TMP/editor.sh"
cat >"$EDITOR_SH" <<'EDITOR'
#!/bin/sh
f=$1
case "$f" in *git-rebase-todo) exit 0 ;; esac
{
	if [ -n "${REPLACE:-}" ]; then
		printf '%s\n' "$REPLACE"
	else
		if [ -n "${PREPEND:-}" ]; then printf '%s\n' "$PREPEND"; fi
		cat "$f"
		if [ -n "${APPEND:-}" ]; then printf '%s\n' "$APPEND"; fi
	fi
} >"$f.edit" || exit 1
mv "$f.edit" "$f" || exit 1
if [ -n "${EDITOR_SAVE:-}" ]; then cp "$f" "$EDITOR_SAVE"; fi
exit 0
EDITOR
chmod +x "$EDITOR_SH"

# set_updated INDEX_DIR WHEN: change a ticket's LastUpdated
set_updated() {
	sed -i "s/^LastUpdated: .*/LastUpdated: $2/" "$1/index.md"
}

# head_id [DIR]: the commit id of HEAD
head_id() { git -C "${1:-.}" rev-parse HEAD; }

# ---- diaries (post-commit, post-rewrite, record, run) ----
D023=ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs
D024=ttmp/2026/02/14/VM-024-PLUGIN-GRANTS--plugin-grants
DIARY23=$D023/reference/01-diary.md
DIARY24=$D024/reference/01-diary.md

# name_commit NAME [REV]: remember REV's (HEAD's) abbreviated id, shown as
# @NAME@ by normalized
declare -A NAMED=()
name_commit() { NAMED[$1]=$(git rev-parse --short "${2:-HEAD}"); }
abbrev() { git rev-parse --short "${1:-HEAD}"; }

# normalized FILE: FILE with every remembered id replaced by @NAME@ and a
# test run's duration by N.N
normalized() {
	local args=() k
	for k in "${!NAMED[@]}"; do args+=(-e "s/${NAMED[$k]}/@$k@/g"); done
	sed "${args[@]}" -e 's/; [0-9][0-9]*\.[0-9] s; commit /; N.N s; commit /' "$1"
}

# same_diary DESC EXPECTED-NAME FILE: FILE, normalized, byte for byte equal
# to tests/e2e/expected/EXPECTED-NAME (UPDATE_EXPECTED=1 rewrites the
# expected file instead: review the diff before keeping it)
same_diary() {
	normalized "$3" >"$TMP/normalized"
	if [ -n "${UPDATE_EXPECTED:-}" ]; then cp "$TMP/normalized" "$EXPECTED/$2"; fi
	same_file "$1" "$EXPECTED/$2" "$TMP/normalized"
}

# records FILE: the commit record lines of a diary
records() { grep -a '^\*\*Commit (code):\*\*' "$1"; }
# count_of PATTERN FILE: how many lines match (0 when none, or no file)
count_of() { grep -ac -- "$1" "$2" 2>/dev/null || true; }

# report_is DESC WANT [TEXT]: TEXT (default $ERR: post-commit's report, as
# git shows hook output on stderr) is these lines (SPEC §4.3 "diarist: ID
# step N ← abbrev (file)"); a short note in parentheses after a line, e.g.
# " (new step)", is allowed
report_is() {
	local got
	got=$(printf '%s\n' "${3-$ERR}" | sed -E 's/ \((new step|new diary|placeholder filled)\)$//')
	same "$1" "$2" "$got"
}

# hashes_ok DESC FILE: every hash recorded in FILE exists and is an
# ancestor of HEAD
hashes_ok() {
	local h bad=""
	for h in $(records "$2" | sed -E 's/^\*\*Commit \(code\):\*\* `?([0-9a-f]+).*/\1/'); do
		if ! git cat-file -e "$h^{commit}" 2>/dev/null; then bad="$bad $h(missing)"
		elif ! git merge-base --is-ancestor "$h" HEAD; then bad="$bad $h(not-an-ancestor)"; fi
	done
	if [ -z "$bad" ]; then ok "$1"; else not_ok "$1" "bad:$bad" "$(records "$2")"; fi
}

# bypass git ARGS...: run git with no hooks at all
nohooks() { git -c core.hooksPath=/dev/null "$@"; }

# ---- a remote to push to (pre-push, check) ----
# tested_commit MSG: change, run the tests (diarist run -- true) so that
# post-commit writes a **Tests:** line, then commit (capture'd)
tested_commit() {
	change
	"$DIARIST" run -- true >/dev/null 2>&1
	capture git commit -q -m "$1"
}

# bookkeep [TICKET]: commit what changed under ttmp (the diaries post-commit
# wrote, hand edits) as a bookkeeping commit naming TICKET (default VM-023)
bookkeep() { git add ttmp && git commit -q --no-verify -m "${1:-VM-023}: diary"; }

# config_commit TEXT: .diarist.yaml becomes TEXT (printf %b) plus a
# diary.bookkeeping glob for itself, committed (a bookkeeping commit, so
# nothing to record); a diary post-commit wrote all the same is committed too
config_commit() {
	printf 'diary:\n  bookkeeping: [".diarist.yaml"]\n%b\n' "$1" >.diarist.yaml
	git add .diarist.yaml && git commit -q --no-verify -m "VM-023: configure diarist"
	if [ -n "$(git status --porcelain -- ttmp)" ]; then bookkeep; fi
}

# remote_head REF: the id REF has in origin ("" when it has none)
remote_head() { git ls-remote origin "$1" | cut -f1; }

# repo_with_remote DIR: new_repo DIR (every hook installed), then, in DIR
# (the current folder afterwards), VM-024's tasks.md (1 "design the grants
# table", 2 "write the loader" t:load, 3 "plan the work", checked), one
# tested and recorded commit for VM-023 and one for VM-024 (which claims
# task 3), their diaries committed; a bare repository DIR.git is origin
# (REMOTE), nothing pushed
repo_with_remote() {
	new_repo "$1"
	cd "$1" || exit 1
	printf '# Tasks\n\n## Build\n\n- [ ] design the grants table\n- [ ] write the loader <!-- t:load -->\n\n## Done\n\n- [x] plan the work\n' \
		>"$D024/tasks.md"
	{ git add ttmp && git commit -q -m "VM-024: tasks" &&
		tested_commit "VM-023: baseline work" && [ "$RC" = 0 ] && bookkeep VM-023 &&
		tested_commit "VM-024: baseline work (task 3)" && [ "$RC" = 0 ] && bookkeep VM-024 &&
		git init -q --bare "$1.git" && git remote add origin "$1.git"; } ||
		{ echo "repo_with_remote $1 failed" >&2; exit 1; }
	REMOTE="$1.git"
}

# has_finding DESC LEVEL RULE [PREFIX] [TEXT]: TEXT (default $ERR) has a finding
# line "... LEVEL: ... [RULE]" that starts with PREFIX (a "file:", a
# "file:line:" or "commit abbrev"; any when empty); an error has a
# "  hint: ..." line right under it (SPEC §6.1: hook output on stderr,
# check output on stdout)
has_finding() {
	local desc=$1 level=$2 rule=$3 prefix=${4:-} text=${5-$ERR} hint=0
	[ "$level" = error ] && hint=1
	if printf '%s\n' "$text" | awk -v lvl="$level" -v rule="[$rule]" -v pre="$prefix" -v needhint="$hint" '
		want && /^  hint: [^ ]/ { found = 1 }
		{ want = 0 }
		index($0, ": " lvl ": ") && substr($0, length($0) - length(rule) + 1) == rule &&
		    (pre == "" || index($0, pre) == 1) {
			if (!needhint) found = 1
			want = 1
		}
		END { exit !found }'; then
		ok "$desc"
	else
		not_ok "$desc" "wanted a line: ${prefix:+$prefix...}: $level: ... [$rule]$([ $hint = 1 ] && echo ', then   hint: ...')" "in: $text"
	fi
}
