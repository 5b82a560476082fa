#!/bin/sh
# Benchmark of the commit-msg hook (SPEC §10): time added to `git commit` in a
# repository with 1 000 tickets, against no hook and a no-op C hook.
# Usage: sh bench/commit-msg.sh [--strict] [--no-build]
#   --strict    exit 1 when diarist's added time is over budget
#   --no-build  do not run make; require $BUILD/diarist and $BUILD/hooks/commit-msg
# Environment: BUILD (default build), CC (default cc), BENCH_ROUNDS (40),
#   BENCH_PER_ROUND (1), BENCH_WARMUP (3), BENCH_KEEP=1 keeps the temp folder.
# Writes the "## commit-msg (SPEC §10)" section of bench/RESULTS.md.

# bash gives a fork-free microsecond clock ($EPOCHREALTIME); use it when present
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi

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
		echo "commit-msg.sh: unknown argument: $arg" >&2
		exit 2
		;;
	esac
done

die() {
	echo "commit-msg.sh: $*" >&2
	exit 2
}

ROOT=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the project root"
BUILD=${BUILD:-build}
case "$BUILD" in /*) BUILDDIR=$BUILD ;; *) BUILDDIR=$ROOT/$BUILD ;; esac
CC=${CC:-cc}
ROUNDS=${BENCH_ROUNDS:-40}
PER_ROUND=${BENCH_PER_ROUND:-1}
WARMUP=${BENCH_WARMUP:-3}
NTICKETS=1000
PER_DAY=3
BUDGET_MS=2
RESULTS=$ROOT/bench/RESULTS.md
SECTION='## commit-msg (SPEC §10)'

# ---------------------------------------------------------------- 1. build
if [ "$BUILD_IT" = 1 ]; then
	make -s -C "$ROOT" BUILD="$BUILD" all >&2 || die "make all failed"
fi
DIARIST=$BUILDDIR/diarist
HOOK=$BUILDDIR/hooks/commit-msg
[ -x "$DIARIST" ] || die "$DIARIST missing (run make all)"
[ -x "$HOOK" ] || die "$HOOK missing (run make all)"
command -v git >/dev/null 2>&1 || die "git not found"
command -v "$CC" >/dev/null 2>&1 || die "$CC not found"

# ------------------------------------------------------- throwaway repository
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

# 1 000 tickets, docmgr layout: ttmp/2026/MM/DD/<ID>--<slug>/{index,tasks}.md,
# 3 per day from 2026-01-01 (334 day folders); every 10th ticket is active.
awk -v n="$NTICKETS" -v per="$PER_DAY" -v dirs="$TMP/dirs" '
BEGIN {
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	nw = split("import frontend backend runtime plugin cache index diary " \
		"review permissions editor toolbar metrics registry schema export " \
		"parser layout sandbox session worker queue search report billing " \
		"audit login upload theme docs", w, " ")
	for (i = 1; i <= n; i++) {
		day = int((i - 1) / per); m = 1
		while (day >= ml[m]) { day -= ml[m]; m++ }
		d = day + 1
		a = w[(i * 7) % nw + 1]; b = w[(i * 13 + 5) % nw + 1]; c = w[(i * 3 + 11) % nw + 1]
		id = sprintf("PROJ-%04d-%s-%s", i, toupper(a), toupper(b))
		slug = a "-" b "-" c
		title = toupper(substr(a, 1, 1)) substr(a, 2) " " b " " c
		dir = sprintf("ttmp/2026/%02d/%02d/%s--%s", m, d, id, slug)
		print dir > dirs
		path[i] = dir; ids[i] = id; titles[i] = title
		stamp[i] = sprintf("2026-%02d-%02dT%02d:%02d:%02d.%09d-05:00", m, d,
			8 + i % 10, (i * 7) % 60, (i * 11) % 60, i * 7919 % 1000000000)
	}
	close(dirs)
	if (system("xargs mkdir -p < \"" dirs "\"") != 0) exit 1
	for (i = 1; i <= n; i++) {
		f = path[i] "/index.md"
		printf "---\nTitle: %s\nTicket: %s\nStatus: %s\nTopics:\n    - %s\n    - bench\n" \
			"DocType: index\nIntent: long-term\nOwners: []\nRelatedFiles: []\n" \
			"ExternalSources: []\nSummary: \"\"\nLastUpdated: %s\nWhatFor: \"\"\n" \
			"WhenToUse: \"\"\n---\n\n# %s\n\n## Overview\n\nBenchmark ticket %d.\n", \
			titles[i], ids[i], (i % 10 == 0 ? "active" : "complete"), \
			tolower(substr(ids[i], 11)), stamp[i], titles[i], i > f
		close(f)
		f = path[i] "/tasks.md"
		printf "# Tasks\n\n## TODO\n\n- [x] Create %s ticket workspace\n" \
			"- [x] Write the design doc\n- [%s] Implement the change\n" \
			"- [%s] Add tests\n- [ ] Update docs <!-- t:d%04d -->\n", \
			ids[i], (i % 10 == 0 ? " " : "x"), (i % 10 == 0 ? " " : "x"), i > f
		close(f)
	}
}' || die "workspace generation failed"
rm -f "$TMP/dirs"
git add -A && git commit -q -m "PROJ-0001: add 1000 tickets" || die "initial commit failed"
NDAYS=$(find ttmp -mindepth 3 -maxdepth 3 -type d | wc -l | tr -d ' ')
NFOUND=$(find ttmp -name index.md | wc -l | tr -d ' ')
[ "$NFOUND" -eq "$NTICKETS" ] || die "generated $NFOUND tickets, expected $NTICKETS"

# the hook caches the index only when no ticket folder changed in the last 2 s
if ! find ttmp -exec touch -h -d '2 days ago' {} + 2>/dev/null; then
	sleep 3
fi

# ----------------------------------------------------------- 2. no-op C hook
printf 'int main(void){return 0;}\n' >"$TMP/noop.c"
"$CC" -O2 -o "$TMP/noop-hook" "$TMP/noop.c" || die "cannot build the no-op hook"

# diarist's own install; keep the link it made so variants can be switched
( cd "$REPO" && "$DIARIST" install ) >"$TMP/install.log" 2>&1 ||
	{ cat "$TMP/install.log" >&2; die "diarist install failed"; }
[ -e "$GITDIR/hooks/commit-msg" ] || die "diarist install made no hooks/commit-msg"
mv "$GITDIR/hooks/commit-msg" "$TMP/diarist-hook" || die "mv failed"

set_hook() {
	rm -f "$GITDIR/hooks/commit-msg"
	case "$1" in
	none) ;;
	noop) ln -s "$TMP/noop-hook" "$GITDIR/hooks/commit-msg" ;;
	*) cp -P "$TMP/diarist-hook" "$GITDIR/hooks/commit-msg" ;;
	esac
}

# ------------------------------------------------------------------ 3. timing
if [ -n "${EPOCHREALTIME:-}" ]; then
	CLOCK='bash $EPOCHREALTIME (µs)'
	time_commit() { # $1 message; sets DT_US and DT_RC
		local t0 t1
		t0=$EPOCHREALTIME
		git commit -q --allow-empty -m "$1" >/dev/null 2>&1
		DT_RC=$?
		t1=$EPOCHREALTIME
		t0=${t0/[.,]/}
		t1=${t1/[.,]/}
		DT_US=$((10#$t1 - 10#$t0))
	}
else
	CLOCK='date +%s%N'
	time_commit() {
		t0=$(date +%s%N)
		git commit -q --allow-empty -m "$1" >/dev/null 2>&1
		DT_RC=$?
		t1=$(date +%s%N)
		DT_US=$(((t1 - t0) / 1000))
	}
fi

VARIANTS="none noop diarist cold refused"
SEQ=0
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	SEQ=$((SEQ + 1))
	case "$1" in
	refused) msg="bench commit $SEQ with no ticket" ;;
	*) msg="PROJ-0500: bench commit $SEQ" ;;
	esac
	[ "$1" = cold ] && rm -f "$CACHE"
	time_commit "$msg"
	if [ "$1" = refused ]; then
		[ "$DT_RC" -ne 0 ] || die "the refused variant's commit was accepted"
	elif [ "$DT_RC" -ne 0 ]; then
		git commit -q --allow-empty -m "$msg" >&2
		die "variant $1: git commit failed (exit $DT_RC)"
	fi
	echo "$DT_US" >>"$TMP/$1.us"
}

echo "commit-msg bench: $NFOUND tickets in $NDAYS day folders; $ROUNDS rounds x $PER_ROUND run(s) per variant" >&2

# warm-up (page cache, git's own files, the diarist cache); not recorded
for v in $VARIANTS; do
	set_hook "$v"
	i=0
	while [ "$i" -lt "$WARMUP" ]; do
		run_one "$v"
		i=$((i + 1))
	done
	rm -f "$TMP/$v.us"
done
set_hook diarist
run_one diarist
rm -f "$TMP/diarist.us"
if [ -f "$CACHE" ]; then
	CACHE_AFTER_WARMUP=yes
else
	CACHE_AFTER_WARMUP=no
fi
echo "tickets.cache present after warm-up: $CACHE_AFTER_WARMUP ($CACHE)" >&2
# a cached, accepted commit must read the cache and leave it as is (it is
# written atomically, so a rewrite would change its inode)
CACHE_REUSED=no
if [ -f "$CACHE" ]; then
	ino0=$(ls -i "$CACHE" | awk '{print $1}')
	run_one diarist
	rm -f "$TMP/diarist.us"
	ino1=$(ls -i "$CACHE" 2>/dev/null | awk '{print $1}')
	[ "$ino0" = "$ino1" ] && CACHE_REUSED=yes
fi
echo "tickets.cache reused unchanged by an accepted commit: $CACHE_REUSED" >&2

# measured rounds: in each round every variant runs PER_ROUND commits in turn,
# and the first variant rotates from round to round
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
for v in $VARIANTS; do
	eval "MED_$v=\$(stat_of $v median)"
	eval "P10_$v=\$(stat_of $v p10)"
	eval "P90_$v=\$(stat_of $v p90)"
done
NRUNS=$(stat_of none n)
added() { awk -v a="$1" -v b="$MED_none" 'BEGIN { printf "%+.2f", a - b }'; }
ADDED=$(awk -v a="$MED_diarist" -v b="$MED_none" 'BEGIN { printf "%.3f", a - b }')
if awk -v x="$ADDED" -v b="$BUDGET_MS" 'BEGIN { exit !(x <= b) }'; then
	VERDICT="within budget"
	OVER=0
else
	VERDICT="over budget"
	OVER=1
fi
ms() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }

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
LINK=$(ls -l "$TMP/diarist-hook" | sed 's/.* -> //')
LDD=$(ldd "$HOOK" 2>/dev/null | awk '$1 !~ /^(linux-vdso|\/)/ { printf "%s%s", s, $1; s = ", " }')

TABLE=$(cat <<EOF
| variant | median ms | added over no hook (ms) | budget | verdict |
|---|---:|---:|---|---|
| no hook | $(ms "$MED_none") | — | — | baseline |
| no-op C hook (\`cc -O2\`) | $(ms "$MED_noop") | $(added "$MED_noop") | — | reference |
| diarist commit-msg, cached index | $(ms "$MED_diarist") | $(added "$MED_diarist") | ≤ ${BUDGET_MS} ms added | $VERDICT |
| diarist commit-msg, cold (cache deleted before each commit) | $(ms "$MED_cold") | $(added "$MED_cold") | — | informative |
| diarist commit-msg, refused (message names no ticket) | $(ms "$MED_refused") | $(added "$MED_refused") | — | informative |
EOF
)

SECTION_FILE=$TMP/section.md
cat >"$SECTION_FILE" <<EOF
$SECTION

Measured by \`sh bench/commit-msg.sh\` on $DATE.
Wall time of \`git commit -q --allow-empty -m "PROJ-0500: bench commit N"\` in a throwaway
repository holding $NFOUND tickets in docmgr layout ($NDAYS day folders under
\`ttmp/2026/MM/DD/\`, ~10% active), median of $NRUNS runs per variant
($ROUNDS rounds of $PER_ROUND commit(s) per variant; the variants take turns and each round
starts with a different one; $WARMUP warm-up commits per variant first). Clock: $CLOCK.

$TABLE

Spread, p10 / p90 ms: no hook $(ms "$P10_none") / $(ms "$P90_none");
no-op $(ms "$P10_noop") / $(ms "$P90_noop");
diarist cached $(ms "$P10_diarist") / $(ms "$P90_diarist");
cold $(ms "$P10_cold") / $(ms "$P90_cold");
refused $(ms "$P10_refused") / $(ms "$P90_refused").

- Machine: nproc $NPROC; CPU $CPU; $KERNEL; git $GITV.
- diarist: $REV; hook installed by \`diarist install\` as a symlink to \`$LINK\`;
  dynamic libraries: ${LDD:-none}.
- \`<gitdir>/diarist/tickets.cache\` present after warm-up: $CACHE_AFTER_WARMUP; left
  unchanged by an accepted commit (the cache was used): $CACHE_REUSED.
- Budget (SPEC §10): the cached diarist row may add at most ${BUDGET_MS} ms over no hook.
  The cold and refused rows are informative. A refused commit stops before git writes
  the commit, and its message names no ticket, so the hook re-scans the workspace
  instead of trusting the cache; its "added" column compares unlike work.
EOF

if [ -f "$RESULTS" ]; then
	awk -v head="$SECTION" -v sec="$SECTION_FILE" '
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
		cat "$SECTION_FILE"
	} >"$RESULTS"
fi

echo
echo "$TABLE"
echo
echo "runs per variant: $NRUNS; diarist added: $ADDED ms (budget ${BUDGET_MS} ms): $VERDICT"
echo "written: $RESULTS"
if [ "$STRICT" = 1 ] && [ "$OVER" = 1 ]; then
	exit 1
fi
exit 0
