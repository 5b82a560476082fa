#!/bin/bash
# diarist install [--force] [--uninstall] (SPEC §6 install).
. "$(dirname "$0")/lib.sh"

fresh() { # fresh DIR: a repository with one ticket and one commit, no hooks
	git init -q "$1"
	(cd "$1" && make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null &&
		git add -A && git commit -q -m "initial import")
}
listing() { ls -l --time-style=full-iso "$1"; }

# ---- a plain install, twice, then --uninstall ----
A="$TMP/a"
fresh "$A"
cd "$A" || exit 1
listing .git/hooks >"$TMP/ls-before"
capture "$DIARIST" install
exit_is "install: exit 0" 0
same "install: one line" \
	"diarist: commit-msg: installed ($(pwd -P)/.git/hooks/commit-msg -> $HOOK_DIR/commit-msg)" "$OUT"
same "install: the hook is a link to the hook program" "$HOOK_DIR/commit-msg" "$(readlink .git/hooks/commit-msg)"
echo x >x && git add x
capture git commit -q -m "no ref"
exit_is "install: the hook now refuses a ref-less commit" 1
git reset -q
listing .git/hooks >"$TMP/ls1"
# (full-iso times have nanoseconds: a rewritten link would show)
capture "$DIARIST" install
exit_is "install again: exit 0" 0
same "install again: says so" "diarist: commit-msg: already installed" "$OUT"
listing .git/hooks >"$TMP/ls2"
same_file "install twice changes nothing (ls -l of the hooks folder)" "$TMP/ls1" "$TMP/ls2"
capture "$DIARIST" install --uninstall
exit_is "uninstall: exit 0" 0
same "uninstall: says so" "diarist: commit-msg: removed" "$OUT"
listing .git/hooks >"$TMP/ls-after"
same_file "uninstall: the hooks folder is as before" "$TMP/ls-before" "$TMP/ls-after"
git add x
capture git commit -q -m "no ref"
exit_is "uninstall: commits are no longer checked" 0
capture "$DIARIST" install --uninstall
exit_is "uninstall with nothing installed: exit 0" 0

# ---- a pre-existing hook that logs and passes ----
B="$TMP/b"
fresh "$B"
cd "$B" || exit 1
cat >.git/hooks/commit-msg <<EOF
#!/bin/sh
# the team's own hook
echo "theirs ran on \$1" >>"$TMP/b.log"
exit 0
EOF
chmod 750 .git/hooks/commit-msg
cp -p .git/hooks/commit-msg "$TMP/b.orig"
capture "$DIARIST" install
exit_is "install over an existing hook: exit 0" 0
same "install over an existing hook: output" \
	"$(printf '%s\n%s' "diarist: commit-msg: kept the existing hook as commit-msg.diarist-chained; it runs first" \
		"diarist: commit-msg: installed ($(pwd -P)/.git/hooks/commit-msg -> $HOOK_DIR/commit-msg)")" "$OUT"
check "the existing hook is kept as commit-msg.diarist-chained" cmp -s "$TMP/b.orig" .git/hooks/commit-msg.diarist-chained
same "the kept hook has its mode" "750" "$(stat -c %a .git/hooks/commit-msg.diarist-chained)"
listing .git/hooks >"$TMP/ls1"
capture "$DIARIST" install
listing .git/hooks >"$TMP/ls2"
same_file "install twice with a kept hook changes nothing" "$TMP/ls1" "$TMP/ls2"
echo x >x && git add x
capture git commit -q -m "VM-023: with both hooks"
exit_is "both hooks: a good commit passes" 0
same "both hooks: theirs ran once, on the message file" "theirs ran on .git/COMMIT_EDITMSG" "$(cat "$TMP/b.log")"
echo y >y && git add y
capture git commit -q -m "no ref"
exit_is "both hooks: ours still refuses" 1
same "both hooks: theirs ran before ours refused" "2" "$(wc -l <"$TMP/b.log" | tr -d ' ')"
git reset -q
capture "$DIARIST" install --uninstall
exit_is "uninstall with a kept hook: exit 0" 0
same "uninstall with a kept hook: output" \
	"$(printf '%s\n%s' "diarist: commit-msg: removed" "diarist: commit-msg: restored the hook that was there before")" "$OUT"
check "uninstall: the original hook is back byte for byte" cmp -s "$TMP/b.orig" .git/hooks/commit-msg
check "uninstall: it is a regular file again" test -f .git/hooks/commit-msg -a ! -L .git/hooks/commit-msg
same "uninstall: same mode" "750" "$(stat -c %a .git/hooks/commit-msg)"
check "uninstall: no chained copy left" test ! -e .git/hooks/commit-msg.diarist-chained
git add y
capture git commit -q -m "no ref"
exit_is "after uninstall only theirs runs: the commit passes" 0

# ---- a pre-existing hook that refuses ----
C="$TMP/c"
fresh "$C"
cd "$C" || exit 1
printf '#!/bin/sh\necho "theirs: no" >&2\nexit 1\n' >.git/hooks/commit-msg
chmod 755 .git/hooks/commit-msg
"$DIARIST" install >/dev/null
echo x >x && git add x
before=$(head_id)
capture git commit -q -m "VM-023: a fine message"
exit_is "their hook exits 1: the commit is refused" 1
contains "their hook exits 1: its message is shown" "theirs: no" "$ERR"
same "their hook exits 1: HEAD did not move" "$before" "$(head_id)"

# ---- a hook without a #! line (git runs such hooks with /bin/sh) ----
S="$TMP/s"
fresh "$S"
cd "$S" || exit 1
printf 'echo "no shebang ran" >>"%s/s.log"\nexit 0\n' "$TMP" >.git/hooks/commit-msg
chmod 755 .git/hooks/commit-msg
capture git commit -q --allow-empty -m "VM-023: before install"
same "a hook without #!: git runs it" "no shebang ran" "$(cat "$TMP/s.log" 2>/dev/null)"
"$DIARIST" install >/dev/null
capture git commit -q --allow-empty -m "VM-023: after install"
exit_is "a kept hook without #!: the commit still passes" 0
same "a kept hook without #!: it still runs" "2" "$(wc -l <"$TMP/s.log" | tr -d ' ')"

# ---- theirs runs first: a hook that adds the ref makes ours accept ----
D="$TMP/d"
fresh "$D"
cd "$D" || exit 1
printf '#!/bin/sh\nprintf "\\nRefs: VM-023\\n" >>"$1"\n' >.git/hooks/commit-msg
chmod 755 .git/hooks/commit-msg
"$DIARIST" install >/dev/null
echo x >x && git add x
capture git commit -q -m "message without a ref"
exit_is "theirs runs before ours (it adds a ref ours then sees)" 0
same "the stored message has their trailer" "$(printf 'message without a ref\n\nRefs: VM-023')" \
	"$(git log -1 --format=%B)"

# ---- core.hooksPath ----
E="$TMP/e"
fresh "$E"
cd "$E" || exit 1
mkdir hooks-here
git config core.hooksPath hooks-here
capture "$DIARIST" install
exit_is "core.hooksPath: exit 0" 0
same "core.hooksPath: installed there" "$HOOK_DIR/commit-msg" "$(readlink hooks-here/commit-msg)"
check "core.hooksPath: nothing put in .git/hooks" test ! -e .git/hooks/commit-msg
echo x >x && git add x
capture git commit -q -m "no ref"
exit_is "core.hooksPath: the hook runs from there" 1
git reset -q
mkdir -p sub/deeper
capture sh -c 'cd sub/deeper && "$0" install' "$DIARIST"
same "core.hooksPath, run from a subfolder: already installed" "diarist: commit-msg: already installed" "$OUT"
check "core.hooksPath, from a subfolder: no stray hooks folder" test ! -e sub/deeper/hooks-here
git config core.hooksPath "$TMP/new hooks"
capture "$DIARIST" install
exit_is "core.hooksPath to a missing folder: exit 0" 0
same "core.hooksPath missing folder: created and installed" "$HOOK_DIR/commit-msg" "$(readlink "$TMP/new hooks/commit-msg")"
capture "$DIARIST" install --uninstall
exit_is "uninstall: exit 0" 0
check "uninstall: the folder it created is gone" test ! -e "$TMP/new hooks"

# ---- core.hooksPath owned by husky ----
H="$TMP/h"
fresh "$H"
cd "$H" || exit 1
mkdir -p .husky/_
printf '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n' >.husky/_/commit-msg.sample-h
git config core.hooksPath .husky/_
capture "$DIARIST" install
exit_is "husky: refused (exit 1)" 1
printf '%s\n' "$OUT" | sed "s#$HOOK_DIR#@HOOKS@#g" >"$TMP/husky"
same_file "husky: the lines for husky's config are printed" "$EXPECTED/install-husky.txt" "$TMP/husky"
check "husky: nothing written into .husky/_" test ! -e .husky/_/commit-msg
capture "$DIARIST" install --force
exit_is "husky --force: exit 0" 0
same "husky --force: installed into .husky/_" "$HOOK_DIR/commit-msg" "$(readlink .husky/_/commit-msg)"

# ---- lefthook ----
cd "$TMP" && fresh "$TMP/l" && cd "$TMP/l" || exit 1
mkdir lh
printf '#!/bin/sh\n# generated by lefthook\nexec lefthook run pre-commit "$@"\n' >lh/pre-commit
git config core.hooksPath lh
capture "$DIARIST" install
exit_is "lefthook hooksPath: refused (exit 1)" 1
contains "lefthook: names lefthook" "core.hooksPath belongs to lefthook" "$OUT"
contains "lefthook: prints the run line" "run: $HOOK_DIR/commit-msg {1}" "$OUT"
check "lefthook: nothing written" test ! -e lh/commit-msg

# ---- a linked worktree: the hooks are the main repository's ----
cd "$A" || exit 1
git worktree add -q "$TMP/a-wt" -b wt-branch
cd "$TMP/a-wt" || exit 1
capture "$DIARIST" install
exit_is "install from a linked worktree: exit 0" 0
same "install from a linked worktree: into the common hooks folder" "$HOOK_DIR/commit-msg" \
	"$(readlink "$A/.git/hooks/commit-msg")"
check "install from a linked worktree: no per-worktree hooks folder" test ! -e "$A/.git/worktrees/a-wt/hooks"

# ---- usage errors ----
capture "$DIARIST" install --bogus
exit_is "install --bogus: exit 2" 2
contains "install --bogus: names the option" "unknown option '--bogus'" "$ERR"
cd "$TMP" || exit 1
mkdir -p norepo && cd norepo || exit 1
capture env GIT_CEILING_DIRECTORIES="$TMP" "$DIARIST" install
if [ "$RC" -ne 0 ]; then ok "install outside a repository: fails"; else not_ok "install outside a repository: fails" "$OUT"; fi
contains "install outside a repository: says why" "not a git repository" "$ERR"

done_testing
