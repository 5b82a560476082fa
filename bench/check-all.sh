#!/bin/sh
# Benchmark of `diarist check --all` (SPEC §10): 100 000 commits and 2 000
# tickets, against `git log --format='%H %P%n%B'` on the same repository.
# Usage: sh bench/check-all.sh [--strict] [--no-build]
#   --strict    exit 1 when a budget is missed (time, ratio to git log, peak RSS)
#   --no-build  do not run make; require $BUILD/diarist
# Environment: BUILD (default build), BENCH_ROUNDS (5), BENCH_WARMUP (1),
#   BENCH_KEEP=1, BENCH_REV (the build's revision), BENCH_CACHE (where the
#   generated repository is kept; "off": a fresh one in the temp folder).
# Writes the "## check --all (SPEC §10)" section of bench/RESULTS.md.

# bash gives a fork-free microsecond clock ($EPOCHREALTIME); use it when present
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi

. "$(dirname "$0")/lib.sh" || exit 2
BENCH_ROUNDS=${BENCH_ROUNDS:-5}
BENCH_WARMUP=${BENCH_WARMUP:-1}
# no hook is measured: $HOOK is diarist itself (bench_facts lists its libraries)
bench_init ../diarist "$@"
NCOMMITS=100000
NTICKETS=2000
BUDGET_S=3
BUDGET_RATIO=3
BUDGET_RSS_KB=102400 # 100 MiB, as /usr/bin/time -f %M counts (KiB)
SECTION='## check --all (SPEC §10)'
command -v python3 >/dev/null 2>&1 || die "python3 not found (bench/gen_history.py needs it)"

bench_history_key check-all
bench_repo

# ------------------------------------------- the generated repository (cached)
bench_history "about a minute"
mf() { python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"m": m}))' "$MANIFEST" "$1"; }

# ------------------------------------------------------- the verdict, untimed
OUT=$TMP/check.json
"$DIARIST" check --all --format json >"$OUT" 2>"$TMP/check.err"
RC_CHECK=$?
if [ "$RC_CHECK" -gt 1 ] || grep -q 'not built yet' "$TMP/check.err"; then
	cat "$TMP/check.err" >&2
	die "diarist check --all exited $RC_CHECK (0 or 1 expected)"
fi
# findings per rule against what the generator put in
python3 - "$OUT" "$MANIFEST" >"$TMP/findings.md" 2>"$TMP/findings.err" <<'EOF' || { cat "$TMP/findings.err" >&2; die "check's JSON could not be read"; }
import json, sys
out = json.load(open(sys.argv[1]))
exp = json.load(open(sys.argv[2]))["expected_findings"]
found = {}
for f in out["findings"]:
    found[f["rule"]] = found.get(f["rule"], 0) + 1
# a repeated step number makes a repeat and then a gap (a commit naming an
# unknown ticket is ticket-unknown only, not also ticket-missing)
exp = dict(exp)
if "step-numbering" in exp:
    exp["step-numbering"] *= 2
print("| rule | findings | put in by the generator |")
print("|---|---:|---:|")
for rule in sorted(set(found) | set(exp)):
    e = exp.get(rule, 0)
    note = "" if found.get(rule, 0) == e else " (differs)"
    print("| `%s` | %d | %d%s |" % (rule, found.get(rule, 0), e, note))
s = out.get("summary", {})
print()
print("Summary: %s errors, %s warnings; %d findings; JSON %d bytes." % (
    s.get("errors", "?"), s.get("warnings", "?"), len(out["findings"]),
    len(open(sys.argv[1], "rb").read())))
EOF
WROTE=no
[ -d "$GITDIR/diarist" ] && WROTE="yes: $(cd "$GITDIR/diarist" && find . -type f | sed 's|^\./||' | tr '\n' ' ')"

# ------------------------------------------------------------------ 3. timing
set_hook() { :; }
VARIANTS="gitlog check"
BENCH_OUT=/dev/null
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	case "$1" in
	gitlog) bench_time git log --format='%H %P%n%B' ;;
	check) bench_time "$DIARIST" check --all --format json ;;
	esac
	case "$1:$DT_RC" in
	gitlog:0 | check:0 | check:1) ;;
	*) die "variant $1 failed (exit $DT_RC)" ;;
	esac
	echo "$DT_US" >>"$TMP/$1.us"
}
echo "check --all bench: $NALL commits, $NFOUND tickets; $ROUNDS rounds per variant" >&2
PER_ROUND=1
bench_warmup
bench_rounds

# ------------------------------------------------------------- 4. peak memory
# GNU time's %M (KiB), else python3's getrusage of the child
if /usr/bin/time -f %M true >/dev/null 2>"$TMP/time.probe" && grep -qx '[0-9][0-9]*' "$TMP/time.probe"; then
	RSS_TOOL='`/usr/bin/time -f %M`'
	peak_kb() {
		/usr/bin/time -o "$TMP/rss" -f %M "$@" >/dev/null 2>&1
		tail -n 1 "$TMP/rss"
	}
else
	RSS_TOOL="python3 \`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss\`"
	peak_kb() {
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	}
fi
RSS_CHECK=$(peak_kb "$DIARIST" check --all --format json)
RSS_LOG=$(peak_kb git log --format='%H %P%n%B')

# ----------------------------------------------------------------- 5. report
for v in $VARIANTS; do
	eval "MED_$v=\$(stat_of $v median)"
	eval "P10_$v=\$(stat_of $v p10)"
	eval "P90_$v=\$(stat_of $v p90)"
done
NRUNS=$(stat_of check n)
sec() { awk -v x="$1" 'BEGIN { printf "%.2f", x / 1000 }'; }
mib() { awk -v x="$1" 'BEGIN { printf "%.1f", x / 1024 }'; }
RATIO=$(awk -v a="$MED_check" -v b="$MED_gitlog" 'BEGIN { printf "%.2f", a / b }')
OVER=0
verdict() { # $1 value, $2 budget -> within/over; sets OVER
	if awk -v x="$1" -v b="$2" 'BEGIN { exit !(x <= b) }'; then
		echo "within budget"
	else
		echo "over budget"
	fi
}
V_TIME=$(verdict "$(sec "$MED_check")" "$BUDGET_S")
V_RATIO=$(verdict "$RATIO" "$BUDGET_RATIO")
V_RSS=$(verdict "$RSS_CHECK" "$BUDGET_RSS_KB")
case "$V_TIME$V_RATIO$V_RSS" in *over*) OVER=1 ;; esac
bench_facts
REV=${BENCH_REV:-$REV} # a build made elsewhere (e.g. from a clean export) says which
HLINE=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
c = m["counts"]
print("%d code commits, %d bookkeeping commits, %d ticket creations, %d others (root, stray); "
      "%d diary steps; %d of %d tickets closed; largest diary %d bytes; %d more commits on "
      "abandoned branches" % (c["code"], c["bookkeeping"], c["creation"], c["other"] - m["commits_abandoned"],
      m["steps"], m["tickets_closed"], m["tickets"], m["diary_bytes_max"], m["commits_abandoned"]))' "$MANIFEST")

TABLE=$(cat <<EOF
| measure | median | budget | verdict |
|---|---:|---|---|
| \`git log --format='%H %P%n%B' >/dev/null\` | $(sec "$MED_gitlog") s | — | baseline |
| \`diarist check --all --format json >/dev/null\` | $(sec "$MED_check") s | ≤ ${BUDGET_S} s | $V_TIME |
| check / git log | ${RATIO}× | ≤ ${BUDGET_RATIO}× | $V_RATIO |
| peak RSS of check | $(mib "$RSS_CHECK") MiB | ≤ 100 MiB | $V_RSS |
EOF
)

SECTION_FILE=$TMP/section.md
cat >"$SECTION_FILE" <<EOF
$SECTION

Measured by \`sh bench/check-all.sh\` on $DATE.
Wall time of \`diarist check --all --format json\` and of \`git log --format='%H %P%n%B'\`
(output to /dev/null) in the same repository, run in its work tree. The repository,
made by \`bench/gen_history.py history\` with \`git fast-import\`, then \`git gc\`
(pack and commit-graph, ${PACK_MB} MB), has **$NALL commits** on main and **$NFOUND
tickets** in docmgr layout (\`ttmp/YYYY/MM/DD/PROJ-NNNN-WORD-WORD--slug/\` with index.md,
tasks.md, changelog.md, reference/01-diary.md), created as the history goes: $HLINE.
Work happens in sessions: 1-4 tickets get 3-15 code commits each, interleaved, each
naming its ticket (\`PROJ-0042: …\`, \`feat(proj-0042): …\` or a \`Ticket:\` trailer); then
each ticket gets one bookkeeping commit (only \`ttmp/\`) appending a \`## Step N\` per
commit with its \`**Commit (code):**\` record and, mostly, a \`**Tests:**\` line, and checking
the tasks the steps claim; finished tickets are closed. A little drift is put in on
purpose, as in a real history adopting diarist (table below). Generated this run:
$([ -n "$GEN_S" ] && echo "yes, in $GEN_S s" || echo "no, taken from the cache"). Median of
$NRUNS runs each ($ROUNDS rounds; the two take turns, each round starting with the other;
$WARMUP warm-up run(s) each first). Clock: $CLOCK. Peak RSS: $RSS_TOOL, one run.

$TABLE

Spread, p10 / p90 s: git log $(sec "$P10_gitlog") / $(sec "$P90_gitlog");
check $(sec "$P10_check") / $(sec "$P90_check"). Peak RSS of the git log: $(mib "$RSS_LOG") MiB.

Findings of \`check --all\` (exit $RC_CHECK) against the drift the generator put in (a
repeated step number is a repeat followed by a gap, 2 findings):

$(cat "$TMP/findings.md")

- Machine: nproc $NPROC; CPU $CPU; $KERNEL; git $GITV.
- diarist: $REV (binaries in \`$BUILDDIR\`); dynamic libraries of \`diarist\`: ${LDD:-none}.
- Files diarist left in \`<gitdir>/diarist/\`: $WROTE.
- Budget (SPEC §10): check --all, 100 000 commits, 2 000 tickets: ≤ ${BUDGET_S} s and ≤ ${BUDGET_RATIO} ×
  the git log on the same repository, peak RSS ≤ 100 MB (taken as 100 MiB).
EOF

bench_write_section "$SECTION_FILE"

echo
echo "$TABLE"
echo
cat "$TMP/findings.md"
echo
echo "runs: $NRUNS; check exit $RC_CHECK; peak RSS check $(mib "$RSS_CHECK") MiB, git log $(mib "$RSS_LOG") MiB"
echo "cached repository: $CACHED${GEN_S:+; generated in $GEN_S s}"
echo "written: $RESULTS"
bench_exit
