#!/bin/sh
# install.sh - install diarist's build dependencies (only those missing),
# build, and install.
#   ./install.sh                 dependencies, build, install into /usr/local
#   ./install.sh --prefix DIR    install into DIR instead
#   ./install.sh --deps-only     dependencies only
set -eu

PREFIX=/usr/local
DEPS_ONLY=0
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
		PREFIX=$2; shift 2 ;;
	--prefix=*) PREFIX=${1#--prefix=}; shift ;;
	--deps-only) DEPS_ONLY=1; shift ;;
	-h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "install.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
done

# build and test dependencies (Debian package names); test tools too:
# git for the end-to-end tests, libxml2-utils for xmllint, valgrind for
# make leakcheck, strace to show commit-msg opens no git objects
PACKAGES="build-essential pkg-config libgit2-dev libpcre2-dev libyaml-dev libcmocka-dev git libxml2-utils valgrind strace"
missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "install.sh: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
else
	echo "install.sh: dependencies already installed"
fi
for m in libgit2 libpcre2-8 yaml-0.1 cmocka; do
	pkg-config --exists "$m" || { echo "install.sh: pkg-config cannot find $m" >&2; exit 1; }
done
[ "$DEPS_ONLY" -eq 1 ] && exit 0

cd "$(dirname "$0")"
make -j2
if [ -w "$PREFIX" ] || { [ ! -e "$PREFIX" ] && mkdir -p "$PREFIX" 2>/dev/null; }; then
	make install PREFIX="$PREFIX"
else
	sudo make install PREFIX="$PREFIX"
fi
echo "install.sh: installed diarist into $PREFIX (run 'diarist install' in a repository)"
