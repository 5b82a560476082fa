#!/bin/bash
# diarist install [--force] [--uninstall] (SPEC §6 install): all three
# hooks (commit-msg, post-commit, post-rewrite, pre-push), each chained and restored.
. "$(dirname "$0")/lib.sh"

fresh() { # fresh DIR: a repository with one ticket and one commit, no hooks
	git init -q "$1"
	(cd "$1" && make_ticket ttmp VM-023-IMPROVE-DOCS active "Improve docs" >/dev/null &&
		git add -A && git commit -q -m "initial import")
}
listing() { ls -l --time-style=full-iso "$1"; }
# per_hook TEMPLATE: one line per installed hook, @H@ replaced by its name
per_hook() {
	local h out=""
	for h in $ALL_HOOKS; do
		out="$out${out:+$'\n'}${1//@H@/$h}"
	done
	printf '%s' "$out"
}
# links_to DESC DIR: every hook in DIR is a link to diarist's hook program
links_to() {
	local h got=""
	for h in $ALL_HOOKS; do got="$got$h=$(readlink "$2/$h");"; done
	same "$1" "$(for h in $ALL_HOOKS; do printf '%s' "$h=$HOOK_DIR/$h;"; done)" "$got"
}
diary_of() { echo ttmp/2026/02/14/VM-023-IMPROVE-DOCS--improve-docs/reference/01-diary.md; }

# ---- a plain install, twice, then --uninstall ----
A="$TMP/a"
fresh "$A"
cd "$A" || exit 1
listing .git/hooks >"$TMP/ls-before"
capture "$DIARIST" install
exit_is "install: exit 0" 0
same "install: one line per hook" \
	"$(per_hook "diarist: @H@: installed ($(pwd -P)/.git/hooks/@H@ -> $HOOK_DIR/@H@)")" "$OUT"
links_to "install: each hook is a link to its hook program" .git/hooks
echo x >x && git add x
capture git commit -q -m "no ref"
exit_is "install: commit-msg now refuses a ref-less commit" 1
capture git commit -q -m "VM-023: installed"
exit_is "install: a commit naming a ticket passes" 0
check "install: post-commit now writes the diary" grep -q '"VM-023: installed"' "$(diary_of)"
git reset -q --hard HEAD~1
git clean -qfd ttmp
echo x >x
listing .git/hooks >"$TMP/ls1"
# (full-iso times have nanoseconds: a rewritten link would show)
capture "$DIARIST" install
exit_is "install again: exit 0" 0
same "install again: says so for each hook" "$(per_hook "diarist: @H@: already installed")" "$OUT"
listing .git/hooks >"$TMP/ls2"
same_file "install twice changes nothing (ls -l of the hooks folder)" "$TMP/ls1" "$TMP/ls2"
capture "$DIARIST" install --uninstall
exit_is "uninstall: exit 0" 0
same "uninstall: says so for each hook" "$(per_hook "diarist: @H@: removed")" "$OUT"
listing .git/hooks >"$TMP/ls-after"
same_file "uninstall: the hooks folder is as before" "$TMP/ls-before" "$TMP/ls-after"
git add x
capture git commit -q -m "no ref"
exit_is "uninstall: commits are no longer checked" 0
capture git commit -q --allow-empty -m "VM-023: after uninstall"
check "uninstall: diaries are no longer written" test ! -e "$(diary_of)"
capture "$DIARIST" install --uninstall
exit_is "uninstall with nothing installed: exit 0" 0

# ---- pre-existing hooks (all four) that log and pass ----
B="$TMP/b"
fresh "$B"
cd "$B" || exit 1
cat >.git/hooks/commit-msg <<EOF
#!/bin/sh
# the team's own hook
echo "theirs ran on \$1" >>"$TMP/b.log"
exit 0
EOF
cat >.git/hooks/post-commit <<EOF
#!/bin/sh
echo "theirs post-commit ran" >>"$TMP/b-pc.log"
exit 0
EOF
cat >.git/hooks/post-rewrite <<EOF
#!/bin/sh
echo "theirs post-rewrite \$1:" >>"$TMP/b-pr.log"
cat >>"$TMP/b-pr.log"
exit 0
EOF
cat >.git/hooks/pre-push <<EOF
#!/bin/sh
echo "theirs pre-push \$1" >>"$TMP/b-pp.log"
exit 0
EOF
chmod 750 .git/hooks/commit-msg
chmod 755 .git/hooks/post-commit
chmod 700 .git/hooks/post-rewrite
chmod 711 .git/hooks/pre-push
for h in $ALL_HOOKS; do cp -p ".git/hooks/$h" "$TMP/b.orig.$h"; done
modes() { for h in $ALL_HOOKS; do printf '%s=%s ' "$h" "$(stat -c %a "$1/$h${2:-}")"; done; }
capture "$DIARIST" install
exit_is "install over existing hooks: exit 0" 0
same "install over existing hooks: output" \
	"$(per_hook "diarist: @H@: kept the existing hook as @H@.diarist-chained; it runs first"$'\n'"diarist: @H@: installed ($(pwd -P)/.git/hooks/@H@ -> $HOOK_DIR/@H@)")" "$OUT"
for h in $ALL_HOOKS; do
	check "the existing $h is kept as $h.diarist-chained" cmp -s "$TMP/b.orig.$h" ".git/hooks/$h.diarist-chained"
done
same "the kept hooks have their modes" "commit-msg=750 post-commit=755 post-rewrite=700 pre-push=711 " \
	"$(modes .git/hooks .diarist-chained)"
links_to "install over existing hooks: ours are linked" .git/hooks
listing .git/hooks >"$TMP/ls1"
capture "$DIARIST" install
listing .git/hooks >"$TMP/ls2"
same_file "install twice with kept hooks changes nothing" "$TMP/ls1" "$TMP/ls2"
echo x >x && git add x
capture git commit -q -m "VM-023: with both hooks"
exit_is "both hooks: a good commit passes" 0
same "both hooks: theirs ran once, on the message file" "theirs ran on .git/COMMIT_EDITMSG" "$(cat "$TMP/b.log")"
same "both post-commits: theirs ran once" "theirs post-commit ran" "$(cat "$TMP/b-pc.log" 2>&1)"
first=$(git rev-parse --short HEAD)
check "both post-commits: ours recorded the commit" grep -q "^\*\*Commit (code):\*\* $first " "$(diary_of)"
old=$(head_id)
capture env GIT_COMMITTER_DATE="2026-02-14T11:00:00Z" git commit -q --amend --no-edit
new=$(head_id)
same "both post-rewrites: theirs got 'amend' and git's old new line on its input" \
	"$(printf 'theirs post-rewrite amend:\n%s %s' "$old" "$new")" "$(cat "$TMP/b-pr.log" 2>&1)"
check "both post-rewrites: ours moved the record to the amended commit" \
	grep -q "^\*\*Commit (code):\*\* $(git rev-parse --short HEAD) " "$(diary_of)"
lacks "both post-rewrites: the old hash is gone from the diary" "$first" "$(cat "$(diary_of)")"
echo y >y && git add y
capture git commit -q -m "no ref"
exit_is "both hooks: ours still refuses" 1
same "both hooks: theirs ran (commit, amend) and ran before ours refused" "3" "$(wc -l <"$TMP/b.log" | tr -d ' ')"
git reset -q
capture "$DIARIST" install --uninstall
exit_is "uninstall with kept hooks: exit 0" 0
same "uninstall with kept hooks: output" \
	"$(per_hook "diarist: @H@: removed"$'\n'"diarist: @H@: restored the hook that was there before")" "$OUT"
for h in $ALL_HOOKS; do
	check "uninstall: the original $h is back byte for byte" cmp -s "$TMP/b.orig.$h" ".git/hooks/$h"
	check "uninstall: $h is a regular file again" test -f ".git/hooks/$h" -a ! -L ".git/hooks/$h"
	check "uninstall: no chained copy of $h left" test ! -e ".git/hooks/$h.diarist-chained"
done
same "uninstall: same modes" "commit-msg=750 post-commit=755 post-rewrite=700 pre-push=711 " "$(modes .git/hooks)"
git add y
capture git commit -q -m "no ref"
exit_is "after uninstall only theirs runs: the commit passes" 0
same "after uninstall: their post-commit ran (commit, amend, this one)" "3" "$(wc -l <"$TMP/b-pc.log" | tr -d ' ')"

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
links_to "core.hooksPath: installed there" hooks-here
check "core.hooksPath: nothing put in .git/hooks" \
	test ! -e .git/hooks/commit-msg -a ! -e .git/hooks/post-commit -a ! -e .git/hooks/post-rewrite
echo x >x && git add x
capture git commit -q -m "no ref"
exit_is "core.hooksPath: the hook runs from there" 1
git reset -q
mkdir -p sub/deeper
capture sh -c 'cd sub/deeper && "$0" install' "$DIARIST"
same "core.hooksPath, run from a subfolder: already installed" "$(per_hook "diarist: @H@: already installed")" "$OUT"
check "core.hooksPath, from a subfolder: no stray hooks folder" test ! -e sub/deeper/hooks-here
git config core.hooksPath "$TMP/new hooks"
capture "$DIARIST" install
exit_is "core.hooksPath to a missing folder: exit 0" 0
links_to "core.hooksPath missing folder: created and installed" "$TMP/new hooks"
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
check "husky: nothing written into .husky/_" \
	test ! -e .husky/_/commit-msg -a ! -e .husky/_/post-commit -a ! -e .husky/_/post-rewrite
capture "$DIARIST" install --force
exit_is "husky --force: exit 0" 0
links_to "husky --force: installed into .husky/_" .husky/_

# ---- lefthook ----
cd "$TMP" && fresh "$TMP/l" && cd "$TMP/l" || exit 1
mkdir lh
printf '#!/bin/sh\n# generated by lefthook\nexec lefthook run pre-commit "$@"\n' >lh/pre-commit
git config core.hooksPath lh
capture "$DIARIST" install
exit_is "lefthook hooksPath: refused (exit 1)" 1
contains "lefthook: names lefthook" "core.hooksPath belongs to lefthook" "$OUT"
contains "lefthook: prints the commit-msg run line" "run: $HOOK_DIR/commit-msg {1}" "$OUT"
contains "lefthook: prints the post-commit run line" "run: $HOOK_DIR/post-commit" "$OUT"
contains "lefthook: prints the post-rewrite run line" "run: $HOOK_DIR/post-rewrite" "$OUT"
check "lefthook: nothing written" test ! -e lh/commit-msg -a ! -e lh/post-commit -a ! -e lh/post-rewrite

# ---- a linked worktree: the hooks are the main repository's ----
cd "$A" || exit 1
git worktree add -q "$TMP/a-wt" -b wt-branch
cd "$TMP/a-wt" || exit 1
capture "$DIARIST" install
exit_is "install from a linked worktree: exit 0" 0
links_to "install from a linked worktree: into the common hooks folder" "$A/.git/hooks"
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
