#!/bin/bash
# commit-msg in the kinds of repositories SPEC §7 lists: detached HEAD,
# GIT_DIR/GIT_WORK_TREE, subfolders, bare, shallow, SHA-256, packed refs,
# orphan branches.
. "$(dirname "$0")/lib.sh"

in_new_repo
try() { capture git commit -q --allow-empty -m "$1"; }

git checkout -q --detach
try "detached, no ref"
exit_is "detached HEAD: a ref-less commit is refused" 1
try "VM-023: detached"
exit_is "detached HEAD: a commit with a ref passes" 0
git checkout -q main

mkdir -p ttmp/sub
capture sh -c 'cd ttmp/sub && git commit -q --allow-empty -m "from a subfolder"'
exit_is "commit from a subfolder: refused without a ref" 1
capture sh -c 'cd ttmp/sub && git commit -q --allow-empty -m "VM-024: from a subfolder"'
exit_is "commit from a subfolder: a ref passes" 0

capture sh -c 'cd "$1" && git --git-dir="$2/.git" --work-tree="$2" commit -q --allow-empty -m "from outside"' _ "$TMP" "$R"
exit_is "--git-dir/--work-tree from outside: refused without a ref" 1
capture sh -c 'cd "$1" && git --git-dir="$2/.git" --work-tree="$2" commit -q --allow-empty -m "VM-023: from outside"' _ "$TMP" "$R"
exit_is "--git-dir/--work-tree from outside: a ref passes" 0
capture env GIT_DIR="$R/.git" GIT_WORK_TREE="$R" sh -c 'cd / && git commit -q --allow-empty -m "env vars, no ref"'
exit_is "GIT_DIR/GIT_WORK_TREE in the environment: refused without a ref" 1

# packed refs: HEAD's branch only in packed-refs is not an unborn branch
git branch main-old
git pack-refs --all
check "the branch is packed (no loose ref)" test ! -e .git/refs/heads/main
try "packed refs, no ref"
exit_is "packed refs: a ref-less commit is refused (not taken for a root commit)" 1
git pack-refs --all

# an orphan branch: its first commit is a root commit
git checkout -q --orphan fresh-start
try "orphan root without a ref"
exit_is "the first commit of an orphan branch (a root commit): exempt" 0
try "orphan second without a ref"
exit_is "the second commit of the orphan branch: refused" 1
git checkout -q -f main

# bare: the hook has nothing to check
git clone -q --bare "$R" "$TMP/bare.git"
printf 'no ref\n' >"$TMP/msg"
capture sh -c 'cd "$1" && "$2" "$3"' _ "$TMP/bare.git" "$BUILD_DIR/hooks/commit-msg" "$TMP/msg"
exit_is "bare repository: the hook passes" 0
same "bare repository: says so in one line" "diarist: note: bare repository, nothing to check" "$ERR"

# shallow clone
git clone -q --depth 1 "file://$R" "$TMP/shallow"
cd "$TMP/shallow" || exit 1
"$DIARIST" install >/dev/null
try "shallow, no ref"
exit_is "shallow clone: a ref-less commit is refused" 1
try "VM-023: shallow"
exit_is "shallow clone: a commit with a ref passes" 0

# SHA-256 repository
if git init -q --object-format=sha256 "$TMP/sha256" 2>/dev/null; then
	cd "$TMP/sha256" || exit 1
	make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null
	"$DIARIST" install >/dev/null
	git add -A
	capture git commit -q -m "root of a sha256 repository"
	exit_is "SHA-256: the root commit is exempt" 0
	try "sha256, no ref"
	exit_is "SHA-256: a ref-less commit is refused" 1
	try "VM-023: sha256"
	exit_is "SHA-256: a commit with a ref passes" 0
fi

done_testing
