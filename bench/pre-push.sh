#!/bin/sh
# Benchmark of the pre-push hook (SPEC §10): 1 000 new commits across 100
# tickets, the hook run as git runs it, against a no-op C hook.
# Usage: sh bench/pre-push.sh [--strict] [--no-build]
#   --strict    exit 1 when the hook's median is over budget
#   --no-build  do not run make; require $BUILD/diarist and $BUILD/hooks/pre-push
# Environment: BUILD (default build), CC, BENCH_ROUNDS (30), BENCH_WARMUP (3),
#   BENCH_KEEP=1 keeps the temp folder, BENCH_REV names the build's revision,
#   BENCH_ALLOW_FAIL=1 goes on when the hook refuses the clean history (a bug).
# Writes the "## pre-push (SPEC §10)" section of bench/RESULTS.md.

# bash gives a fork-free microsecond clock ($EPOCHREALTIME); use it when present
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi

. "$(dirname "$0")/lib.sh" || exit 2
BENCH_ROUNDS=${BENCH_ROUNDS:-30}
bench_init pre-push "$@"
NTICKETS=100
NCOMMITS=1000
BUDGET_MS=100
SECTION='## pre-push (SPEC §10)'
command -v python3 >/dev/null 2>&1 || die "python3 not found (bench/gen_history.py needs it)"

# ------------------------------------------------------- throwaway repository
bench_repo

# The history (bench/gen_history.py prepush): a root commit, one commit per
# ticket creating it, 2 code commits per ticket and one bookkeeping commit
# per ticket recording them: tag bench-base, what the remote has. Then the
# pushed range: 1 000 code commits over the 100 tickets in random order and
# one bookkeeping commit per ticket writing their diary steps (with
# evidence) and checking the tasks the steps claim: main.
GEN_T0=$(date +%s%N)
python3 "$ROOT/bench/gen_history.py" prepush "$REPO" --tickets "$NTICKETS" --commits "$NCOMMITS" ||
	die "history generation failed"
GEN_MS=$((($(date +%s%N) - GEN_T0) / 1000000))
BASE=$(git rev-parse bench-base) || die "no bench-base"
TIP=$(git rev-parse main) || die "no main"
NRANGE=$(git rev-list --count "$BASE..$TIP")
NALL=$(git rev-list --count "$TIP")
NFOUND=$(find ttmp -name index.md | wc -l | tr -d ' ')
NDIARY_MAX=$(find ttmp -name 01-diary.md -exec wc -c {} + | awk '$2 != "total" && $1 > m { m = $1 } END { print m + 0 }')
NSTEPS=$(cat ttmp/*/*/*/*/reference/01-diary.md | grep -c '^## Step ')
[ "$NFOUND" -eq "$NTICKETS" ] || die "generated $NFOUND tickets, expected $NTICKETS"
# the range names every ticket and holds no unrecorded code commit (checked
# here, independently of diarist: every code commit's short id is in its
# ticket's diary at the tip)
cat ttmp/*/*/*/*/reference/01-diary.md |
	sed -n 's/^\*\*Commit (code):\*\* `\{0,1\}\([0-9a-f]\{7,\}\).*/\1/p' >"$TMP/recorded"
MISSING=$(git log --format='%H' --no-merges "$BASE..$TIP" -- src |
	awk 'NR == FNR { r[$1] = 1; next } { for (n = 7; n <= 12; n++) if (substr($1, 1, n) in r) next; print }' \
		"$TMP/recorded" - | wc -l | tr -d ' ')
[ "$MISSING" -eq 0 ] || die "$MISSING code commits of the range are missing from the diaries (generator bug)"

# the remote: a bare repository holding bench-base as main; no hook yet
URL=$TMP/remote.git
git init -q --bare "$URL" || die "git init --bare failed"
git remote add origin "$URL" || die "git remote add failed"
git push -q origin "$BASE:refs/heads/main" || die "initial push failed"
git fetch -q origin || die "git fetch failed"
[ "$(git rev-parse refs/remotes/origin/main)" = "$BASE" ] || die "origin/main is not bench-base"
git branch -q -u origin/main main 2>/dev/null || true
bench_age_ttmp

# ----------------------------------------------- 2. no-op C hook, diarist's
bench_hooks
[ -e "$GITDIR/hooks/pre-push" ] || die "diarist install made no hooks/pre-push"
mv "$GITDIR/hooks/pre-push" "$TMP/diarist-pre-push" || die "mv failed"
LINK=$(ls -l "$TMP/diarist-pre-push" | sed 's/.* -> //')

set_hook() { # only the push variants go through git; the others run a program directly
	rm -f "$GITDIR/hooks/pre-push"
	case "$1" in
	push_hook) cp -P "$TMP/diarist-pre-push" "$GITDIR/hooks/pre-push" ;;
	esac
}

# what git writes on the hook's standard input (SPEC §5)
Z40=0000000000000000000000000000000000000000
printf 'refs/heads/main %s refs/heads/main %s\n' "$TIP" "$BASE" >"$TMP/in.range"
printf 'refs/heads/main %s refs/heads/topic %s\n' "$TIP" "$Z40" >"$TMP/in.newbranch"
printf 'refs/heads/main %s refs/heads/main %s\n' "$BASE" "$BASE" >"$TMP/in.uptodate"

# ------------------------------------------------ the hook's verdicts, untimed
OUT=$TMP/hook.out
BENCH_OUT=$OUT
ALLOW_FAIL=${BENCH_ALLOW_FAIL:-}
verdict() { # $1 name, $2 input file -> sets RC_<name>; prints output when it fails
	"$HOOK" origin "$URL" <"$2" >"$OUT" 2>&1
	rc=$?
	eval "RC_$1=$rc"
	cp "$OUT" "$TMP/verdict.$1"
	if [ "$rc" -ne 0 ]; then
		echo "$BENCH_NAME: the pre-push hook exited $rc on the clean history ($1):" >&2
		echo "  cd $REPO && $HOOK origin $URL < $2" >&2
		sed 's/^/  | /' "$OUT" | head -n 40 >&2
		[ -n "$ALLOW_FAIL" ] || { trap 'echo "kept $TMP" >&2' EXIT; die "stopped (BENCH_ALLOW_FAIL=1 goes on)"; }
	fi
}
verdict range "$TMP/in.range"
verdict newbranch "$TMP/in.newbranch"
verdict uptodate "$TMP/in.uptodate"
HOOK_SAYS=$(head -c 600 "$TMP/verdict.range")

# negative control: one more code commit that no diary records must be refused
F=$(git ls-tree -r --name-only "$TIP" -- src | head -n 1)
BLOB=$(printf '/* changed by the bench */\n' | git hash-object -w --stdin)
TREE=$(GIT_INDEX_FILE=$TMP/index.ctl sh -c 'git read-tree "$1" && git update-index --cacheinfo "100644,$2,$3" && git write-tree' _ "$TIP" "$BLOB" "$F") ||
	die "cannot build the control commit"
CTL=$(git commit-tree -p "$TIP" -m "PROJ-0042: a change nobody recorded" "$TREE") || die "commit-tree failed"
printf 'refs/heads/main %s refs/heads/main %s\n' "$CTL" "$BASE" >"$TMP/in.control"
"$HOOK" origin "$URL" <"$TMP/in.control" >"$TMP/verdict.control" 2>&1
RC_control=$?
if [ "$RC_control" -eq 1 ] && grep -q 'commit-unrecorded' "$TMP/verdict.control"; then
	CONTROL="refused (exit 1, \`commit-unrecorded\` reported)"
else
	CONTROL="NOT refused as expected (exit $RC_control)"
	echo "$BENCH_NAME: control: the hook did not refuse an unrecorded commit (exit $RC_control):" >&2
	sed 's/^/  | /' "$TMP/verdict.control" | head -n 20 >&2
fi

# ------------------------------------------------------------------ 3. timing
VARIANTS="noop range newbranch uptodate push_none push_hook"
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	case "$1" in
	noop) bench_time "$TMP/noop-hook" origin "$URL" <"$TMP/in.range" ;;
	range | newbranch | uptodate) bench_time "$HOOK" origin "$URL" <"$TMP/in.$1" ;;
	push_none | push_hook) bench_time git push --dry-run -q origin main ;;
	esac
	if [ "$DT_RC" -ne 0 ] && [ -z "$ALLOW_FAIL" ]; then
		cat "$OUT" >&2
		die "variant $1 failed (exit $DT_RC)"
	fi
	echo "$DT_US" >>"$TMP/$1.us"
}

echo "pre-push bench: $NFOUND tickets, $NRANGE commits to push over $NALL; $ROUNDS rounds per variant" >&2
PER_ROUND=1
bench_warmup
bench_rounds

# ----------------------------------------------------------------- 5. report
for v in $VARIANTS; do
	eval "MED_$v=\$(stat_of $v median)"
	eval "P10_$v=\$(stat_of $v p10)"
	eval "P90_$v=\$(stat_of $v p90)"
done
NRUNS=$(stat_of range n)
if awk -v x="$MED_range" -v b="$BUDGET_MS" 'BEGIN { exit !(x <= b) }'; then
	VERDICT="within budget"
	OVER=0
else
	VERDICT="over budget"
	OVER=1
fi
[ "$RC_range" -eq 0 ] || { VERDICT="hook refused the clean history (exit $RC_range)"; OVER=1; }
bench_facts
REV=${BENCH_REV:-$REV} # a build made elsewhere (e.g. from a clean export) says which
PUSH_ADDED=$(awk -v a="$MED_push_hook" -v b="$MED_push_none" 'BEGIN { printf "%+.2f", a - b }')
OVER_NOOP=$(awk -v a="$MED_range" -v b="$MED_noop" 'BEGIN { printf "%+.2f", a - b }')
rcword() { if [ "$1" -eq 0 ]; then echo "exit 0"; else echo "**exit $1**"; fi; }

TABLE=$(cat <<EOF
| variant | median ms | budget | verdict |
|---|---:|---|---|
| no-op C hook (\`cc -O2\`), same input | $(ms "$MED_noop") | — | reference |
| diarist pre-push, $NRANGE new commits, 100 tickets | $(ms "$MED_range") | ≤ ${BUDGET_MS} ms | $VERDICT ($(rcword "$RC_range")) |
| diarist pre-push, new remote branch (base: \`refs/remotes/origin/*\`) | $(ms "$MED_newbranch") | — | informative ($(rcword "$RC_newbranch")) |
| diarist pre-push, nothing new (local oid = remote oid) | $(ms "$MED_uptodate") | — | informative ($(rcword "$RC_uptodate")) |
| \`git push --dry-run origin main\`, no hook | $(ms "$MED_push_none") | — | context |
| \`git push --dry-run origin main\`, diarist's pre-push installed | $(ms "$MED_push_hook") | — | context ($PUSH_ADDED ms) |
EOF
)

SECTION_FILE=$TMP/section.md
cat >"$SECTION_FILE" <<EOF
$SECTION

Measured by \`sh bench/pre-push.sh\` on $DATE.
The hook run as git runs it: in the repository's work tree,
\`build/hooks/pre-push origin <url> < stdin\` with the line
\`refs/heads/main <tip> refs/heads/main <remote tip>\` on its standard input, wall time
of the whole process. The repository, made by \`bench/gen_history.py prepush\` with
\`git fast-import\` (generated in ${GEN_MS} ms), holds $NFOUND tickets in docmgr layout
(\`ttmp/YYYY/MM/DD/PROJ-NNNN-WORD-WORD--slug/\` with index.md, tasks.md, changelog.md,
reference/01-diary.md) and $NALL commits. The remote (a local bare repository) has
\`bench-base\`: a root commit, one commit creating each ticket, 2 code commits per ticket
and one bookkeeping commit per ticket recording them. The pushed range is **$NRANGE
commits**: $NCOMMITS code commits spread over the $NTICKETS tickets in random order
(each changes \`src/\` and names its ticket as \`PROJ-0042: …\`, \`feat(proj-0042): …\`
or a \`Ticket:\` trailer; the IDs are \`PROJ-0042-WORD-WORD\`, so refs resolve by prefix),
then one bookkeeping commit per ticket that appends one diary step per commit
(\`**Commit (code):** <abbrev> — "<subject>"\` and a \`**Tests:**\` line naming the
commit's tree) and checks the tasks those steps claim. At the tip the diaries hold
$NSTEPS steps, the largest $NDIARY_MAX bytes. Before timing, the script checked that
every code commit of the range is in a diary (without diarist). Median of $NRUNS runs per
variant ($ROUNDS rounds; the variants take turns, each round starting with a different
one; $WARMUP warm-up runs each first). Clock: $CLOCK.

$TABLE

diarist pre-push over the no-op hook: $OVER_NOOP ms.
Spread, p10 / p90 ms: no-op $(ms "$P10_noop") / $(ms "$P90_noop");
pre-push $(ms "$P10_range") / $(ms "$P90_range");
new branch $(ms "$P10_newbranch") / $(ms "$P90_newbranch");
nothing new $(ms "$P10_uptodate") / $(ms "$P90_uptodate");
push --dry-run without hook $(ms "$P10_push_none") / $(ms "$P90_push_none"), with $(ms "$P10_push_hook") / $(ms "$P90_push_hook").

- Verdicts (untimed first runs): the $NRANGE-commit range $(rcword "$RC_range"), new branch
  $(rcword "$RC_newbranch"), nothing new $(rcword "$RC_uptodate"). Negative control: one more code
  commit on top that no diary records: $CONTROL.
- Machine: nproc $NPROC; CPU $CPU; $KERNEL; git $GITV.
- diarist: $REV (binaries in \`$BUILDDIR\`); pre-push installed by \`diarist install\` as a symlink to \`$LINK\`;
  dynamic libraries: ${LDD:-none}.
- Budget (SPEC §10): pre-push with 1 000 new commits across 100 tickets ≤ ${BUDGET_MS} ms
  (median). The \`git push --dry-run\` rows include git's own work (connecting to the
  local remote with \`receive-pack\`) and are context only.
EOF

bench_write_section "$SECTION_FILE"

echo
echo "$TABLE"
echo
echo "hook says (range): $HOOK_SAYS"
echo "runs per variant: $NRUNS; pre-push median: $(ms "$MED_range") ms (budget ${BUDGET_MS} ms): $VERDICT"
echo "control (unrecorded commit): $CONTROL"
echo "written: $RESULTS"
bench_exit
