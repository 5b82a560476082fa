#!/usr/bin/env bash
# make install / uninstall with PREFIX and DESTDIR, and install.sh's options.
. "$(dirname "$0")/lib.sh"

B=${BUILD:-build}
mk() { make -s -C "$ROOT" BUILD="$B" "$@"; }

# ---- make install PREFIX=... ----
capture mk install PREFIX="$TMP/p"
exit_is "make install PREFIX: succeeds" 0
check "make install PREFIX: the tool" test -x "$TMP/p/bin/diarist"
for h in commit-msg post-commit post-rewrite pre-push; do
	check "make install PREFIX: hook program $h" test -x "$TMP/p/libexec/diarist/$h"
done
capture "$TMP/p/bin/diarist" version
same "installed diarist runs" "diarist 0.1.0" "$OUT"

# the installed tool links the installed hook programs
git init -q "$TMP/r"
(cd "$TMP/r" && "$TMP/p/bin/diarist" install >/dev/null)
same "installed diarist links its own hook programs" "$TMP/p/libexec/diarist/commit-msg" \
	"$(readlink "$TMP/r/.git/hooks/commit-msg")"

# ---- make uninstall ----
capture mk uninstall PREFIX="$TMP/p"
exit_is "make uninstall: succeeds" 0
same "make uninstall: nothing of diarist is left" "" \
	"$(find "$TMP/p" -type f 2>/dev/null | paste -sd ' ' -)"

# ---- DESTDIR ----
capture mk install PREFIX=/usr DESTDIR="$TMP/d"
exit_is "make install DESTDIR: succeeds" 0
same "make install DESTDIR: files go under DESTDIR/PREFIX" \
	"$TMP/d/usr/bin/diarist $TMP/d/usr/libexec/diarist/commit-msg $TMP/d/usr/libexec/diarist/post-commit $TMP/d/usr/libexec/diarist/post-rewrite $TMP/d/usr/libexec/diarist/pre-push" \
	"$(find "$TMP/d" -type f | sort | paste -sd ' ' -)"

# ---- install.sh ----
capture "$ROOT/install.sh" --deps-only
exit_is "install.sh --deps-only: succeeds" 0
contains "install.sh --deps-only: nothing to install here" "dependencies already installed" "$OUT"
check "install.sh --deps-only: installs nothing into the prefix" test ! -e "$TMP/q"

capture env BUILD="$B" "$ROOT/install.sh" --prefix "$TMP/q"
exit_is "install.sh --prefix: succeeds" 0
check "install.sh --prefix: the tool" test -x "$TMP/q/bin/diarist"
check "install.sh --prefix: the hooks" test -x "$TMP/q/libexec/diarist/commit-msg"

capture "$ROOT/install.sh" --bogus
exit_is "install.sh with an unknown option: exit 2" 2
contains "install.sh with an unknown option: says which" "unknown option '--bogus'" "$ERR"
capture "$ROOT/install.sh" --prefix
exit_is "install.sh --prefix without a folder: exit 2" 2

done_testing
