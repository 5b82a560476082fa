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

. "$(dirname "$0")/lib.sh" || exit 2
bench_init commit-msg "$@"
NTICKETS=1000
PER_DAY=3
BUDGET_MS=2
SECTION='## commit-msg (SPEC §10)'

# ------------------------------------------------------- throwaway repository
bench_repo

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

bench_age_ttmp

# ----------------------------------------------- 2. no-op C hook, diarist's
# keep the link diarist install made so variants can be switched
bench_hooks
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
VARIANTS="none noop diarist cold refused"
SEQ=0
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	SEQ=$((SEQ + 1))
	case "$1" in
	refused) msg="bench commit $SEQ with no ticket" ;;
	*) msg="PROJ-0500: bench commit $SEQ" ;;
	esac
	[ "$1" = cold ] && rm -f "$CACHE"
	bench_time git commit -q --allow-empty -m "$msg"
	if [ "$1" = refused ]; then
		[ "$DT_RC" -ne 0 ] || die "the refused variant's commit was accepted"
	elif [ "$DT_RC" -ne 0 ]; then
		git commit -q --allow-empty -m "$msg" >&2
		die "variant $1: git commit failed (exit $DT_RC)"
	fi
	echo "$DT_US" >>"$TMP/$1.us"
}

echo "commit-msg bench: $NFOUND tickets in $NDAYS day folders; $ROUNDS rounds x $PER_ROUND run(s) per variant" >&2

bench_warmup
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

bench_rounds

# ----------------------------------------------------------------- 5. report
bench_stats
bench_facts
LINK=$(ls -l "$TMP/diarist-hook" | sed 's/.* -> //')

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

bench_write_section "$SECTION_FILE"

echo
echo "$TABLE"
echo
echo "runs per variant: $NRUNS; diarist added: $ADDED ms (budget ${BUDGET_MS} ms): $VERDICT"
echo "written: $RESULTS"
bench_exit
