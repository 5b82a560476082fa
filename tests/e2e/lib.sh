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
