# bench/lib.sh - what the benchmarks in bench/ share: arguments, the build,
# a throwaway repository, the clock, the rounds, the statistics, the machine
# facts and the section of bench/RESULTS.md. Sourced (not run) by
# bench/commit-msg.sh and bench/post-commit.sh, which define set_hook and
# run_one, VARIANTS, SECTION and BUDGET_MS.

BENCH_NAME=$(basename "$0")

die() {
	echo "$BENCH_NAME: $*" >&2
	exit 2
}

# $1: the hook measured (its program in $BUILD/hooks); then the script's
# arguments. Sets STRICT, ROOT, BUILD, BUILDDIR, CC, ROUNDS, PER_ROUND,
# WARMUP, RESULTS, DIARIST and HOOK; builds unless --no-build.
bench_init() {
	_hook=$1
	shift
	set -u
	LC_ALL=C
	export LC_ALL

	STRICT=0
	BUILD_IT=1
	for arg in "$@"; do
		case "$arg" in
		--strict) STRICT=1 ;;
		--no-build) BUILD_IT=0 ;;
		-h | --help)
			sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "$BENCH_NAME: unknown argument: $arg" >&2
			exit 2
			;;
		esac
	done

	ROOT=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the project root"
	BUILD=${BUILD:-build}
	case "$BUILD" in /*) BUILDDIR=$BUILD ;; *) BUILDDIR=$ROOT/$BUILD ;; esac
	CC=${CC:-cc}
	ROUNDS=${BENCH_ROUNDS:-40}
	PER_ROUND=${BENCH_PER_ROUND:-1}
	WARMUP=${BENCH_WARMUP:-3}
	RESULTS=$ROOT/bench/RESULTS.md

	# ------------------------------------------------------------ 1. build
	if [ "$BUILD_IT" = 1 ]; then
		make -s -C "$ROOT" BUILD="$BUILD" all >&2 || die "make all failed"
	fi
	DIARIST=$BUILDDIR/diarist
	HOOK=$BUILDDIR/hooks/$_hook
	[ -x "$DIARIST" ] || die "$DIARIST missing (run make all)"
	[ -x "$HOOK" ] || die "$HOOK missing (run make all)"
	command -v git >/dev/null 2>&1 || die "git not found"
	command -v "$CC" >/dev/null 2>&1 || die "$CC not found"
}

# A throwaway repository $REPO (the current folder from now on) in $TMP,
# removed at exit unless BENCH_KEEP is set, with HOME in $TMP. Sets TMP,
# REPO, GITDIR and CACHE.
bench_repo() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/diarist-bench.XXXXXX") || die "mktemp failed"
	if [ -n "${BENCH_KEEP:-}" ]; then
		trap 'echo "kept $TMP" >&2' EXIT
	else
		trap 'rm -rf "$TMP"' EXIT
	fi
	trap 'exit 130' INT TERM

	# keep the user's git configuration (hooksPath, signing, templates) out of it
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CEILING_DIRECTORIES \
		GIT_CONFIG GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_EDITOR GIT_TEMPLATE_DIR
	mkdir -p "$TMP/home" "$TMP/repo" || die "mkdir failed"
	HOME=$TMP/home
	XDG_CONFIG_HOME=$TMP/home/.config
	GIT_CONFIG_NOSYSTEM=1
	export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM
	REPO=$TMP/repo
	cd "$REPO" || die "cd $REPO"
	git init -q --template= . || die "git init failed"
	git config user.name "Bench"
	git config user.email "bench@example.invalid"
	git config commit.gpgsign false
	git config gc.auto 0
	git config maintenance.auto false
	GITDIR=$(cd "$(git rev-parse --git-dir)" && pwd)
	mkdir -p "$GITDIR/hooks"
	CACHE=$GITDIR/diarist/tickets.cache
}

# The ticket index is cached only when no ticket folder changed in the last
# 2 s: date ttmp/ back (or wait).
bench_age_ttmp() {
	if ! find ttmp -exec touch -h -d '2 days ago' {} + 2>/dev/null; then
		sleep 3
	fi
}

# ------------------------------------------------------- 2. the other hooks
# $TMP/noop-hook, a no-op C hook; then diarist's own install in $REPO.
bench_hooks() {
	printf 'int main(void){return 0;}\n' >"$TMP/noop.c"
	"$CC" -O2 -o "$TMP/noop-hook" "$TMP/noop.c" || die "cannot build the no-op hook"

	( cd "$REPO" && "$DIARIST" install ) >"$TMP/install.log" 2>&1 ||
		{ cat "$TMP/install.log" >&2; die "diarist install failed"; }
}

# ------------------------------------------------------------------ 3. timing
# bench_time CMD...: runs CMD with its output to $BENCH_OUT (default
# /dev/null); sets DT_US (wall time in µs) and DT_RC.
BENCH_OUT=/dev/null
if [ -n "${EPOCHREALTIME:-}" ]; then
	CLOCK='bash $EPOCHREALTIME (µs)'
	bench_time() {
		local t0 t1
		t0=$EPOCHREALTIME
		"$@" >"$BENCH_OUT" 2>&1
		DT_RC=$?
		t1=$EPOCHREALTIME
		t0=${t0/[.,]/}
		t1=${t1/[.,]/}
		DT_US=$((10#$t1 - 10#$t0))
	}
else
	CLOCK='date +%s%N'
	bench_time() {
		t0=$(date +%s%N)
		"$@" >"$BENCH_OUT" 2>&1
		DT_RC=$?
		t1=$(date +%s%N)
		DT_US=$(((t1 - t0) / 1000))
	}
fi

# Warm-up (page cache, git's own files, the diarist cache): WARMUP runs of
# every variant, not recorded.
bench_warmup() {
	for v in $VARIANTS; do
		set_hook "$v"
		i=0
		while [ "$i" -lt "$WARMUP" ]; do
			run_one "$v"
			i=$((i + 1))
		done
		rm -f "$TMP/$v.us"
	done
}

# Measured rounds: in each round every variant runs PER_ROUND commits in
# turn, and the first variant rotates from round to round.
bench_rounds() {
	set -- $VARIANTS
	NV=$#
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		k=0
		while [ "$k" -lt "$NV" ]; do
			idx=$(((r + k) % NV + 1))
			eval "v=\${$idx}"
			set_hook "$v"
			i=0
			while [ "$i" -lt "$PER_ROUND" ]; do
				run_one "$v"
				i=$((i + 1))
			done
			k=$((k + 1))
		done
		r=$((r + 1))
	done
	set_hook none
}

# ----------------------------------------------------------------- 5. report
stat_of() { # $1 variant, $2 median|p10|p90|n -> value in ms (3 decimals) or count
	sort -n "$TMP/$1.us" | awk -v what="$2" '
		{ x[NR] = $1 }
		END {
			if (what == "n") { print NR; exit }
			if (what == "median")
				v = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
			else {
				p = (what == "p10") ? 0.1 : 0.9
				k = int(p * (NR - 1) + 0.5) + 1
				v = x[k]
			}
			printf "%.3f\n", v / 1000
		}'
}
added() { awk -v a="$1" -v b="$MED_none" 'BEGIN { printf "%+.2f", a - b }'; }
ms() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }

# MED_<variant>, P10_<variant>, P90_<variant>, NRUNS; ADDED (the diarist
# variant over none), VERDICT and OVER against BUDGET_MS.
bench_stats() {
	for v in $VARIANTS; do
		eval "MED_$v=\$(stat_of $v median)"
		eval "P10_$v=\$(stat_of $v p10)"
		eval "P90_$v=\$(stat_of $v p90)"
	done
	NRUNS=$(stat_of none n)
	ADDED=$(awk -v a="$MED_diarist" -v b="$MED_none" 'BEGIN { printf "%.3f", a - b }')
	if awk -v x="$ADDED" -v b="$BUDGET_MS" 'BEGIN { exit !(x <= b) }'; then
		VERDICT="within budget"
		OVER=0
	else
		VERDICT="over budget"
		OVER=1
	fi
}

# The machine and the build: CPU, NPROC, GITV, KERNEL, REV, DATE, LDD (the
# hook's dynamic libraries).
bench_facts() {
	CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	[ -n "$CPU" ] || CPU=$(uname -m)
	NPROC=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
	GITV=$(git --version | sed 's/^git version //')
	KERNEL=$(uname -sr)
	REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$ROOT" status --porcelain -- lib hooks tools Makefile 2>/dev/null)" ]; then
		REV="$REV + uncommitted changes"
	fi
	DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	LDD=$(ldd "$HOOK" 2>/dev/null | awk '$1 !~ /^(linux-vdso|\/)/ { printf "%s%s", s, $1; s = ", " }')
}

# Replace the $SECTION section of $RESULTS with the file $1 (added at the
# end when missing; the file is made when there is none).
bench_write_section() {
	if [ -f "$RESULTS" ]; then
		awk -v head="$SECTION" -v sec="$1" '
			function emit() { while ((getline l < sec) > 0) print l; close(sec); done = 1 }
			$0 == head { emit(); skip = 1; next }
			skip && /^## / { skip = 0; print ""; }
			skip { next }
			{ print }
			END { if (!done) { print ""; emit() } }
		' "$RESULTS" >"$TMP/results.new" && cat "$TMP/results.new" >"$RESULTS"
	else
		{
			printf '# Benchmark results\n\n'
			printf 'Written by the scripts in `bench/` (see bench/README.md); each benchmark\n'
			printf 'replaces only its own section.\n\n'
			cat "$1"
		} >"$RESULTS"
	fi
}

# Exit: 1 with --strict when over budget, else 0.
bench_exit() {
	if [ "$STRICT" = 1 ] && [ "$OVER" = 1 ]; then
		exit 1
	fi
	exit 0
}

# ---- a generated history, cached between runs (check-all.sh, status-report.sh)

# bench_history_key PREFIX: where the history of NCOMMITS and NTICKETS made
# by bench/gen_history.py is cached (HREPO comes later: found with the
# user's HOME, so call this before bench_repo replaces it). Sets GEN, KEY,
# CACHE_ROOT; BENCH_CACHE=off keeps no cache.
bench_history_key() {
	GEN=$ROOT/bench/gen_history.py
	GENSUM=$(cksum <"$GEN" | awk '{ print $1 }')
	KEY=$1-c$NCOMMITS-t$NTICKETS-g$GENSUM
	CACHE_PREFIX=$1
	CACHE_ROOT=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/diarist-bench}
}

# bench_history HOW-LONG: the history (`gen_history.py history`, then `git
# gc` as a real repository would have had), kept under $CACHE_ROOT/$KEY; the
# key changes with the generator's text, and older keys of this benchmark
# are removed. Sets HREPO, CACHED, GEN_S (seconds spent generating, empty
# when cached), TIP, GITDIR, MANIFEST, PACK_MB, and goes there, at TIP.
bench_history() {
	GEN_S=
	if [ "$CACHE_ROOT" = off ]; then
		HREPO=$TMP/history
		CACHED="no (BENCH_CACHE=off)"
	else
		HREPO=$CACHE_ROOT/$KEY
		if [ -f "$HREPO/.git/bench-manifest.json" ]; then
			CACHED="yes (\`$HREPO\`)"
		else
			mkdir -p "$CACHE_ROOT" || die "cannot make $CACHE_ROOT"
			for old in "$CACHE_ROOT"/"$CACHE_PREFIX"-*; do
				[ -e "$old" ] && [ "$old" != "$HREPO" ] && rm -rf "$old"
			done
			CACHED="no: generated into \`$HREPO\`"
		fi
	fi
	if [ ! -f "$HREPO/.git/bench-manifest.json" ]; then
		echo "generating $NCOMMITS commits, $NTICKETS tickets into $HREPO ($1)" >&2
		t0=$(date +%s%N)
		rm -rf "$HREPO.tmp"
		mkdir -p "$HREPO.tmp" || die "mkdir $HREPO.tmp failed"
		python3 "$GEN" history "$HREPO.tmp" --tickets "$NTICKETS" --commits "$NCOMMITS" ||
			die "history generation failed"
		git -C "$HREPO.tmp" config gc.auto 0
		git -C "$HREPO.tmp" config maintenance.auto false
		git -C "$HREPO.tmp" gc --quiet || die "git gc failed"
		mv "$HREPO.tmp" "$HREPO" || die "mv failed"
		GEN_S=$(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }')
	fi
	cd "$HREPO" || die "cd $HREPO"
	# at the manifest's tip, clean, with the commits and tickets asked for
	GITDIR=$HREPO/.git
	MANIFEST=$GITDIR/bench-manifest.json
	TIP=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["tip"])' "$MANIFEST")
	git reset -q --hard "$TIP" || die "git reset failed"
	git clean -q -fdx -e .git || die "git clean failed"
	[ "$(git rev-parse HEAD)" = "$TIP" ] || die "the cached repository is not at its manifest's tip"
	NALL=$(git rev-list --count HEAD)
	NFOUND=$(find ttmp -name index.md | wc -l | tr -d ' ')
	[ "$NALL" -eq "$NCOMMITS" ] || die "HEAD has $NALL commits, expected $NCOMMITS"
	[ "$NFOUND" -eq "$NTICKETS" ] || die "found $NFOUND tickets, expected $NTICKETS"
	PACK_MB=$(du -sm "$GITDIR/objects" | awk '{ print $1 }')
	rm -rf "$GITDIR/diarist"
}
