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

# new_repo DIR: a repository with one root commit and two tickets,
# diarist's hooks installed
new_repo() {
	local dir=$1
	git init -q "$dir"
	(
		cd "$dir" || exit 1
		make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
		make_ticket ttmp VM-024-PLUGIN-GRANTS active "Plugin grants" >/dev/null
		make_ticket ttmp VM-001-OLD complete "Old work" >/dev/null
		git add -A && git commit -q -m "initial import"
		"$DIARIST" install >/dev/null
	)
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
