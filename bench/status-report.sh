#!/bin/sh
# Benchmark of `diarist status --all` and `diarist report` (SPEC §10): a
# generated repository of 2 000 tickets and 20 000 commits, budget 1 s each.
# Usage: sh bench/status-report.sh [--strict] [--no-build]
#   --strict    exit 1 when a command measured is over budget
#   --no-build  do not run make; require $BUILD/diarist
# Environment: BUILD (default build), BENCH_ROUNDS (7), BENCH_WARMUP (1),
#   BENCH_KEEP=1, BENCH_REV (the build's revision), BENCH_CACHE (where the
#   generated repository is kept; "off": a fresh one in the temp folder).
# Writes the "## status and report (SPEC §10)" section of bench/RESULTS.md.

# bash gives a fork-free microsecond clock ($EPOCHREALTIME); use it when present
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi

. "$(dirname "$0")/lib.sh" || exit 2
BENCH_ROUNDS=${BENCH_ROUNDS:-7}
BENCH_WARMUP=${BENCH_WARMUP:-1}
# no hook is measured: $HOOK is diarist itself (bench_facts lists its libraries)
bench_init ../diarist "$@"
NCOMMITS=20000
NTICKETS=2000
BUDGET_S=1
SECTION='## status and report (SPEC §10)'
command -v python3 >/dev/null 2>&1 || die "python3 not found (bench/gen_history.py needs it)"

bench_history_key status-report
bench_repo

# ------------------------------------------- the generated repository (cached)
bench_history "about 15 s"

# ------------------------------------------------------- the verdicts, untimed
# status: exit 0, a row for every ticket in JSON, a header, 2 000 rows and
# a summary within 80 columns in text
"$DIARIST" status --all --format json >"$TMP/status.json" 2>"$TMP/status.err"
RC_STATUS=$?
[ "$RC_STATUS" -eq 0 ] || { cat "$TMP/status.err" >&2; die "diarist status --all --format json exited $RC_STATUS"; }
STATUS_FACTS=$(python3 - "$TMP/status.json" "$NTICKETS" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "diarist-status/1", d.get("schema")
n = int(sys.argv[2])
assert len(d["tickets"]) == n, "%d rows, %d tickets" % (len(d["tickets"]), n)
assert len({t["folder"] for t in d["tickets"]}) == n, "a folder is missing"
s = d["summary"]
print("%d rows (%d open, %d closed); tasks %d/%d; %d steps; commits %d recorded, %d unrecorded; "
      "evidence %d passed, %d failed, %d missing; %d errors, %d warnings on tickets, "
      "%d errors on commits of no ticket; JSON %d bytes" % (
      s["tickets"], s["open"], s["closed"], s["tasks"]["done"], s["tasks"]["total"],
      s["steps"], s["commits"]["recorded"], s["commits"]["unrecorded"],
      s["evidence"]["passed"], s["evidence"]["failed"], s["evidence"]["missing"],
      s["findings"]["errors"], s["findings"]["warnings"], s["unticketed"]["errors"],
      len(open(sys.argv[1], "rb").read())))
EOF
) || die "status's JSON is not what was expected"
"$DIARIST" status --all >"$TMP/status.txt" 2>"$TMP/status.err" || die "diarist status --all failed"
TEXT_LINES=$(wc -l <"$TMP/status.txt" | tr -d ' ')
TEXT_WIDEST=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/status.txt")
[ "$TEXT_LINES" -ge $((NTICKETS + 2)) ] || die "status --all printed $TEXT_LINES lines"
[ "$TEXT_WIDEST" -le 80 ] || die "status --all printed a line of $TEXT_WIDEST columns"

# report: measured once it is built; until then, said so
REPORT_HTML=$TMP/report.html
"$DIARIST" report -o "$REPORT_HTML" >"$TMP/report.out" 2>&1
RC_REPORT=$?
if grep -q 'not built yet\|no such command' "$TMP/report.out"; then
	REPORT=skipped
	REPORT_NOTE="\`diarist report\` is not built yet in this build (\`$(head -n 1 "$TMP/report.out")\`): not measured."
elif [ "$RC_REPORT" -ne 0 ] || [ ! -s "$REPORT_HTML" ]; then
	cat "$TMP/report.out" >&2
	die "diarist report -o $REPORT_HTML exited $RC_REPORT"
else
	REPORT=measured
	REPORT_KB=$(($(wc -c <"$REPORT_HTML") / 1024))
	REPORT_NOTE="\`diarist report -o FILE\` wrote ${REPORT_KB} KiB of HTML."
fi

# ------------------------------------------------------------------ timing
set_hook() { :; }
# what the commands keep in the git dir for the next run (objcache.h): the
# budget is for a warm cache; the *cold variants run without it (moved
# aside, then put back: the other variants stay warm)
KEPT_DIR=$(git rev-parse --git-common-dir)/diarist
mkdir -p "$TMP/aside"
forget() {
	for f in history.cache rules.cache; do
		[ ! -e "$KEPT_DIR/$f" ] || mv "$KEPT_DIR/$f" "$TMP/aside/$f"
	done
}
restore() {
	for f in history.cache rules.cache; do
		[ ! -e "$TMP/aside/$f" ] || mv "$TMP/aside/$f" "$KEPT_DIR/$f"
	done
}
VARIANTS="check status statuscold"
[ "$REPORT" = measured ] && VARIANTS="$VARIANTS report reportcold"
BENCH_OUT=/dev/null
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	case "$1" in
	check) bench_time "$DIARIST" check --all --format json ;;
	status) bench_time "$DIARIST" status --all ;;
	statuscold) forget && bench_time "$DIARIST" status --all && restore ;;
	report) bench_time "$DIARIST" report -o "$REPORT_HTML" ;;
	reportcold) forget && bench_time "$DIARIST" report -o "$REPORT_HTML" && restore ;;
	esac
	case "$1:$DT_RC" in
	check:0 | check:1 | status*:0 | report*:0) ;;
	*) die "variant $1 failed (exit $DT_RC)" ;;
	esac
	echo "$DT_US" >>"$TMP/$1.us"
}
echo "status/report bench: $NALL commits, $NFOUND tickets; $ROUNDS rounds of: $VARIANTS" >&2
PER_ROUND=1
bench_warmup
bench_rounds

# ---------------------------------------------- peak memory and CPU time
# one run each, read from getrusage of the child: peak RSS (KiB), CPU time
# (user + system, s) and wall time (s)
RSS_TOOL="python3 \`resource.getrusage(RUSAGE_CHILDREN)\` (ru_maxrss)"
usage_of() {
	python3 -c 'import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%d %.2f %.2f" % (r.ru_maxrss, r.ru_utime + r.ru_stime, t))' "$@"
}
"$DIARIST" report -o "$REPORT_HTML" >/dev/null 2>&1 # whatever ran last, all is kept now
KEPT_KB=$((($(wc -c <"$KEPT_DIR/history.cache" 2>/dev/null || echo 0) + \
	$(wc -c <"$KEPT_DIR/rules.cache" 2>/dev/null || echo 0)) / 1024))
set -- $(usage_of "$DIARIST" status --all)
RSS_status=$1 CPU_status=$2 WALL_status=$3
set -- $(usage_of "$DIARIST" check --all --format json)
RSS_check=$1
if [ "$REPORT" = measured ]; then
	set -- $(usage_of "$DIARIST" report -o "$REPORT_HTML")
	RSS_report=$1 CPU_report=$2 WALL_report=$3
fi

# ----------------------------------------------------------------- report
for v in $VARIANTS; do
	eval "MED_$v=\$(stat_of $v median)"
	eval "P10_$v=\$(stat_of $v p10)"
	eval "P90_$v=\$(stat_of $v p90)"
done
NRUNS=$(stat_of status n)
sec() { awk -v x="$1" 'BEGIN { printf "%.2f", x / 1000 }'; }
mib() { awk -v x="$1" 'BEGIN { printf "%.1f", x / 1024 }'; }
OVER=0
verdict() { # $1 seconds -> within/over budget
	if awk -v x="$1" -v b="$BUDGET_S" 'BEGIN { exit !(x <= b) }'; then
		echo "within budget"
	else
		echo "over budget"
	fi
}
V_STATUS=$(verdict "$(sec "$MED_status")")
ROW_REPORT="| \`diarist report -o FILE\` | — | — | ≤ ${BUDGET_S} s | not measured: report is not built yet |"
if [ "$REPORT" = measured ]; then
	V_REPORT=$(verdict "$(sec "$MED_report")")
	ROW_REPORT="| \`diarist report -o FILE\` | $(sec "$MED_report") s | $(mib "$RSS_report") MiB | ≤ ${BUDGET_S} s | $V_REPORT |"
	ROW_REPORT_COLD="| \`diarist report -o FILE\`, nothing kept from earlier runs (cold) | $(sec "$MED_reportcold") s | — | — | for reference |"
fi
case "$V_STATUS ${V_REPORT:-}" in *over*) OVER=1 ;; esac
bench_facts
REV=${BENCH_REV:-$REV}

TABLE=$(cat <<EOF
| command (output to /dev/null) | median | peak RSS | budget | verdict |
|---|---:|---:|---|---|
| \`diarist check --all --format json\` (the same judging, for reference) | $(sec "$MED_check") s | $(mib "$RSS_check") MiB | — | reference |
| \`diarist status --all\` | $(sec "$MED_status") s | $(mib "$RSS_status") MiB | ≤ ${BUDGET_S} s | $V_STATUS |
$ROW_REPORT
| \`diarist status --all\`, nothing kept from earlier runs (cold) | $(sec "$MED_statuscold") s | — | — | for reference |
$ROW_REPORT_COLD
EOF
)

SPREAD="status $(sec "$P10_status") / $(sec "$P90_status"); check $(sec "$P10_check") / $(sec "$P90_check")"
[ "$REPORT" = measured ] && SPREAD="$SPREAD; report $(sec "$P10_report") / $(sec "$P90_report"); report cold $(sec "$P10_reportcold") / $(sec "$P90_reportcold")"

CPU_NOTE="CPU time (user + system) of the run that measured memory: status ${CPU_status} s in ${WALL_status} s"
[ "$REPORT" = measured ] && CPU_NOTE="$CPU_NOTE, report ${CPU_report} s in ${WALL_report} s"
CPU_NOTE="$CPU_NOTE; with $(nproc 2>/dev/null || echo '?') cores a run takes at least its CPU time divided by their number."

SECTION_FILE=$TMP/section.md
cat >"$SECTION_FILE" <<EOF
$SECTION

Measured by \`sh bench/status-report.sh\` on $DATE.
Wall time of \`diarist status --all\` (text, every ticket) and of \`diarist report -o FILE\`,
run in the work tree of a repository made by \`bench/gen_history.py history\` (then
\`git gc\`, ${PACK_MB} MB of objects): **$NALL commits** on main and **$NFOUND tickets** in
docmgr layout, with the generator's drift (unrecorded commits, placeholders, failed and
missing evidence, tasks checked with no claim). status judges what \`check --all\` judges
(every commit since \`since:\`, every ticket) and adds a row per ticket, so check's time is
shown next to it. Generated this run: $([ -n "$GEN_S" ] && echo "yes, in $GEN_S s" || echo "no, taken from the cache").
Median of $NRUNS runs each ($ROUNDS rounds, the commands taking turns, each round starting
with another; $WARMUP warm-up run(s) each first). Clock: $CLOCK. Peak RSS: $RSS_TOOL, one run.
Warm cache (SPEC §10): what earlier runs worked out from the history's objects is kept in the
git dir (\`diarist/history.cache\` and \`diarist/rules.cache\`, ${KEPT_KB} KiB here) and
read back by object id; the cold rows remove both before each run, as in a fresh clone.

$TABLE

Spread, p10 / p90 s: $SPREAD.
$REPORT_NOTE
$CPU_NOTE

What status listed (untimed, \`--format json\`): $STATUS_FACTS. The text table:
$TEXT_LINES lines, the widest $TEXT_WIDEST columns.

- Machine: nproc $NPROC; CPU $CPU; $KERNEL; git $GITV.
- diarist: $REV (binaries in \`$BUILDDIR\`); dynamic libraries of \`diarist\`: ${LDD:-none}.
- Budget (SPEC §10): status / report, 2 000 tickets: ≤ ${BUDGET_S} s each.
EOF

bench_write_section "$SECTION_FILE"

echo
echo "$TABLE"
echo
echo "$REPORT_NOTE"
echo "$CPU_NOTE"
echo "status: $STATUS_FACTS"
echo "runs: $NRUNS; cached repository: $CACHED${GEN_S:+; generated in $GEN_S s}"
echo "written: $RESULTS"
bench_exit
