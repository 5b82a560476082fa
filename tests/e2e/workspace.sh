#!/bin/bash
# The ticket workspace as commit-msg reads it: folder layouts, broken
# frontmatter, and changes between two commits (SPEC §1.1-1.3, §7).
# Only commit-msg is installed.
. "$(dirname "$0")/lib.sh"

in_new_repo commit-msg
old() { find "$@" -exec touch -d '2026-01-01 00:00:00' {} +; }
try() { capture git commit -q --allow-empty -m "$1"; }

# ---- the workspace changes between commits (the hook may keep an index
# of it; whatever it keeps must never give a stale answer) ----
old ttmp
try "VM-023: first look"
exit_is "first commit: accepted" 0
try "VM-023: second look"
exit_is "second commit, nothing changed: accepted" 0
same "second commit: silent" "" "$ERR"
d023=$(dirname "$(grep -l '^Ticket: VM-023-IMPROVE-DOCS' ttmp/*/*/*/*/index.md)")
d024=$(dirname "$(grep -l '^Ticket: VM-024-PLUGIN-GRANTS' ttmp/*/*/*/*/index.md)")
sed -i 's/^Status: active/Status: complete/' "$d023/index.md"
try "VM-023: after it was closed"
exit_is "ticket closed since the last commit: accepted" 0
same "ticket closed since the last commit: warned" "diarist: warning: VM-023-IMPROVE-DOCS is complete [ticket-closed]" "$ERR"
sed -i 's/^Status: complete/Status: active/' "$d023/index.md"
old ttmp
try "VM-024: cache it again"
rm -rf "$d024"
try "VM-024: after its folder was removed"
exit_is "ticket folder removed since the last commit: refused" 1
contains "ticket folder removed: unknown" "'VM-024' (subject prefix) names no ticket [ticket-unknown]" "$ERR"
old ttmp
try "VM-023: cache it again"
sed -i 's/^Ticket: VM-023-IMPROVE-DOCS/Ticket: VM-023-BETTER-DOCS/' "$d023/index.md"
try "$(printf 'by its old ID\n\nTicket: VM-023-IMPROVE-DOCS')"
exit_is "ticket renamed since the last commit: the old ID is refused" 1
try "$(printf 'by its new ID\n\nTicket: VM-023-BETTER-DOCS')"
exit_is "ticket renamed since the last commit: the new ID is accepted" 0
old ttmp
try "VM-023: cache it again"
make_ticket ttmp VM-025-NEW active "New one" >/dev/null
try "VM-025: a ticket created since the last commit"
exit_is "ticket created since the last commit: accepted" 0
old ttmp
try "VM-023: cache it again"
mv ttmp/2026/02/14/VM-025-NEW--new-one ttmp/VM-025-NEW--moved
try "VM-025: after a move"
exit_is "ticket folder moved: still accepted" 0
rm -rf ttmp/VM-025-NEW--moved
try "VM-025: after a delete"
exit_is "ticket folder deleted right after a move: refused" 1
old ttmp
try "VM-023: cache it again"
rm -rf ttmp/2026
mkdir -p ttmp/X
try "VM-023: everything gone"
exit_is "all tickets removed: refused" 1
contains "all tickets removed: says there are no open tickets" "there are no open tickets" "$ERR"
git checkout -q -- ttmp
git clean -qfd ttmp

# edits written in place (same file, the folder's time unchanged), as
# many editors save
inplace() { # inplace FILE SED-EXPR
	sed "$2" "$1" >"$TMP/inplace" && cat "$TMP/inplace" >"$1"
}
make_ticket ttmp VM-030-ALPHA active "Alpha" >/dev/null
dbeta=$(make_ticket ttmp VM-031-BETA active "Beta")
old ttmp
try "VM-030: cache it"
exit_is "VM-030 names VM-030-ALPHA" 0
inplace "$d023/index.md" 's/^Status: active/Status: archived/'
try "VM-023: closed in place"
exit_is "ticket closed in place: accepted" 0
same "ticket closed in place: warned" "diarist: warning: VM-023-IMPROVE-DOCS is archived [ticket-closed]" "$ERR"
# The edit of a ticket the message does not name is not seen by commit-msg's
# cache (it trusts folder times and re-reads only the tickets it accepts;
# see README "commit-msg"); every answer other than yes reads the workspace
# afresh, and so does every full read: diarist which, and CI.
old ttmp
try "VM-030: cache it again"
sed -i 's/^Ticket: VM-031-BETA/Ticket: VM-030-BETA/' "$dbeta/index.md"
try "VM-030-BETA: the new ID, unknown to the cache"
exit_is "ID changed since the cache was written: the new ID is found by a fresh read" 0
try "VM-031-BETA: the old ID, still in the cache"
exit_is "ID changed since the cache was written: the old ID is refused" 1
contains "the old ID: refused as unknown" "[ticket-unknown]" "$ERR"
git checkout -q -- ttmp
old ttmp
try "VM-030: cache it again"
inplace "$dbeta/index.md" 's/^Ticket: VM-031-BETA/Ticket: VM-030-BETA/'
capture "$DIARIST" which "VM-030: another ticket now shares the prefix"
exit_is "in-place edit: diarist which reads every index.md: ambiguous, exit 1" 1
contains "in-place edit: diarist which lists both" "VM-030-ALPHA, VM-030-BETA" "$OUT"
git checkout -q -- ttmp
git clean -qfd ttmp

# ---- layouts ----
mkdir -p ttmp/_templates/TPL-1--template ttmp/.meta/HID-1--hidden ttmp/FLAT-9--flat \
	ttmp/2025/OLD-5-single-dash ttmp/a/b/c/d/e/f/DEEP-3--deep
printf -- '---\nTicket: TPL-1\nStatus: active\n---\n' >ttmp/_templates/TPL-1--template/index.md
printf -- '---\nTicket: HID-1\nStatus: active\n---\n' >ttmp/.meta/HID-1--hidden/index.md
printf -- '---\nTitle: Flat\nStatus: active\n---\n' >ttmp/FLAT-9--flat/index.md
printf 'no frontmatter at all\n' >ttmp/2025/OLD-5-single-dash/index.md
printf -- '---\nTicket: DEEP-3\n---\n\n\n\n# Deep\n' >ttmp/a/b/c/d/e/f/DEEP-3--deep/index.md
try "TPL-1: from _templates"
exit_is "a folder under _templates is not a ticket" 1
try "HID-1: from .meta"
exit_is "a folder under .meta is not a ticket" 1
try "FLAT-9: flat folder, ID from the folder name"
exit_is "flat folder without Ticket: its folder name before -- is the ID" 0
try "OLD-5-single-dash: old folder"
exit_is "old single-dash folder: the whole name is the ID" 0
try "DEEP-3: seven levels down"
exit_is "a ticket seven folders deep" 0
ln -s .. ttmp/a/loop
ln -s /nonexistent ttmp/a/dangling
timed_t0=$(now_ms)
try "DEEP-3: with a symlink loop in the tree"
exit_is "a symlink loop in the workspace: no hang, accepted" 0
check "a symlink loop: under 2 s" test $(($(now_ms) - timed_t0)) -lt 2000

# ---- broken frontmatter does not stop other tickets ----
mkdir -p ttmp/BRK-1--broken ttmp/BRK-2--no-close ttmp/BRK-3--alias ttmp/BRK-4--deep ttmp/BRK-5--binary
printf -- '---\nTitle: [unclosed\nTicket: BRK-1\n---\n' >ttmp/BRK-1--broken/index.md
printf -- '---\nTicket: BRK-2\nStatus: active\n' >ttmp/BRK-2--no-close/index.md
printf -- '---\nA: &x [1]\nB: *x\nTicket: BRK-3\n---\n' >ttmp/BRK-3--alias/index.md
{
	echo '---'
	printf 'Ticket: BRK-4\nX: '
	for i in $(seq 1 40); do printf '['; done
	for i in $(seq 1 40); do printf ']'; done
	echo
	echo '---'
} >ttmp/BRK-4--deep/index.md
printf -- '---\nTicket: BRK-5\0\377\nStatus: \377\376\n---\n' >ttmp/BRK-5--binary/index.md
head -c 17000000 /dev/zero | tr '\0' 'z' >ttmp/FLAT-9--flat/notes.md
mkdir -p ttmp/BIG-1--big
{ printf -- '---\nTicket: BIG-1\n---\n'; head -c 17000000 /dev/zero | tr '\0' 'z'; } >ttmp/BIG-1--big/index.md
for ref in VM-023 VM-024 FLAT-9 DEEP-3; do
	try "$ref: next to broken frontmatter"
	exit_is "broken frontmatter elsewhere: $ref still resolves" 0
	not_crashed "broken frontmatter elsewhere: $ref, no crash"
done
try "BRK-1: named although its frontmatter is broken"
exit_is "broken frontmatter: the folder name gives the ID" 0
try "BIG-1: a 17 MB index.md"
not_crashed "a 17 MB index.md: no crash"
try "no ref next to broken tickets"
exit_is "broken frontmatter elsewhere: a ref-less commit is still refused" 1
not_crashed "broken frontmatter elsewhere: the refusal does not crash"
contains "broken frontmatter elsewhere: the open-ticket list is shown" "open tickets (most recently touched first):" "$ERR"
capture "$DIARIST" which "VM-024: which with broken tickets"
exit_is "which with broken tickets around: resolves" 0
contains "which with broken tickets around: the ticket" "names: VM-024-PLUGIN-GRANTS" "$OUT"

# ---- two folders with one ID ----
new_repo "$TMP/dup" commit-msg
cd "$TMP/dup" || exit 1
mkdir -p ttmp/dup/VM-024--again
printf -- '---\nTicket: VM-024-PLUGIN-GRANTS\nStatus: active\n---\n' >ttmp/dup/VM-024--again/index.md
try "VM-024: with a duplicate ID"
not_crashed "a duplicate ticket ID: no crash"
try "no ref with a duplicate"
exit_is "a duplicate ticket ID: a ref-less commit is refused" 1
same "a duplicate ticket ID: listed once" "1" "$(printf '%s\n' "$ERR" | grep -c '^    VM-024-PLUGIN-GRANTS ')"

done_testing
