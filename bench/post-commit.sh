#!/bin/sh
# Benchmark of the post-commit hook (SPEC §10): time added to `git commit` when
# diarist records the commit in a 1 MiB diary, against no hook and a no-op C hook.
# Usage: sh bench/post-commit.sh [--strict] [--no-build]
#   --strict    exit 1 when diarist's added time is over budget
#   --no-build  do not run make; require $BUILD/diarist and $BUILD/hooks/post-commit
# Environment: BUILD (default build), CC (default cc), BENCH_ROUNDS (40),
#   BENCH_PER_ROUND (1), BENCH_WARMUP (3), BENCH_KEEP=1 keeps the temp folder.
# Writes the "## post-commit (SPEC §10)" section of bench/RESULTS.md.

# bash gives a fork-free microsecond clock ($EPOCHREALTIME); use it when present
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi

. "$(dirname "$0")/lib.sh" || exit 2
bench_init post-commit "$@"
NOTHER=50                  # tickets besides the one with the big diary
DIARY_TARGET=1048576       # bytes: steps are added until the diary reaches 1 MiB
BIG_NUM=26                 # PROJ-0026 is the ticket with the big diary
BUDGET_MS=10
SECTION='## post-commit (SPEC §10)'

# ------------------------------------------------------- throwaway repository
bench_repo

# 51 tickets in docmgr layout: ttmp/2026/02/DD/PROJ-00NN-WORD-WORD--slug/ with
# index.md, tasks.md, changelog.md and reference/01-diary.md. PROJ-0026's diary
# gets steps until it holds DIARY_TARGET bytes; the others get 2 to 5 steps.
# Steps follow the shape of the diaries in shared/corpus (prose, Prompt Context,
# a **Commit (code):** record with a 7-hex hash, the standard ### sections, a
# code fence); the record shapes vary as in SPEC §1.5. The last step of every
# diary has a commit record, so a new commit becomes a new step (SPEC §4.2, 5).
awk -v n="$((NOTHER + 1))" -v big="$BIG_NUM" -v target="$DIARY_TARGET" \
	-v dirs="$TMP/dirs" -v bigfile="$TMP/big" '
function pick(arr, cnt) { return arr[int(rand() * cnt) + 1] }
function hex7() { return sprintf("%07x", int(rand() * 268435456)) }
function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }
function sentence() {
	return cap(pick(verb, nv)) " the " pick(noun, nn) " in `" pick(path, np) "` so that " \
		"the " pick(noun, nn) " " pick(outcome, no) "."
}
function para(k,   s, j) {
	s = sentence()
	for (j = 1; j < k; j++) s = s " " sentence()
	return s "\n"
}
function bullets(k,   s, j) {
	s = ""
	for (j = 1; j <= k; j++) s = s "- " sentence() "\n"
	return s
}
# one diary step, as text
function step(num, scope,   s, subj, h, kind, t) {
	subj = pick(ctype, nc) "(" scope "): " pick(verb, nv) " " pick(noun, nn) " " pick(qual, nq)
	t = (num % 7 == 3) ? sprintf(" (Task %d)", num % 12 + 1) : ""
	s = sprintf("## Step %d: %s %s %s%s\n\n", num, cap(pick(verb, nv)), pick(noun, nn), pick(qual, nq), t)
	s = s para(3) "\n" para(2) "\n"
	s = s "### Prompt Context\n\n**User prompt (verbatim):** (see Step 1)\n\n"
	s = s "**Assistant interpretation:** " sentence() "\n\n"
	s = s "**Inferred user intent:** " sentence() "\n\n"
	h = hex7(); kind = num % 5
	if (kind == 0)      s = s sprintf("**Commit (code):** `%s` — \"%s\"\n", h, subj)
	else if (kind == 1) s = s sprintf("**Commit (code):** %s - \"%s\"\n", h, subj)
	else                s = s sprintf("**Commit (code):** %s — \"%s\"\n", h, subj)
	if (num % 4 == 0)
		s = s sprintf("**Tests:** `make test` — exit 0; %d passed, 0 failed; %d.%d s; commit %s, tree %s\n", \
			40 + num % 60, 1 + num % 9, num % 10, h, hex7())
	if (num % 6 == 0)
		s = s sprintf("  - **Commit (docs):** `%s` — \"docs(%s): record step %d\"\n", hex7(), scope, num)
	s = s "\n### What I did\n" bullets(4)
	s = s "- Ran `go test ./pkg/" pick(noun, nn) "/... -count=1`.\n"
	s = s "\n### Why\n" bullets(2)
	s = s "\n### What worked\n" bullets(2)
	s = s "\n### What didn" q "t work\n"
	if (num % 3 == 0)
		s = s "- `go test ./pkg/vmexec/...` failed first with `" pick(path, np) ": undefined: " \
			cap(pick(noun, nn)) "`; fixed by renaming the " pick(noun, nn) ".\n"
	else
		s = s "- N/A.\n"
	s = s "\n### What I learned\n" bullets(1)
	s = s "\n### What was tricky to build\n" para(2)
	s = s "\n### What warrants a second pair of eyes\n" bullets(2)
	s = s "\n### What should be done in the future\n" bullets(1)
	s = s "\n### Code review instructions\n- Start in `" pick(path, np) "`.\n- Validate with:\n  - `make test`\n"
	s = s "\n### Technical details\n\n```bash\ngit log --oneline -3\ngo test ./pkg/" pick(noun, nn) \
		"/... -run Test" cap(pick(noun, nn)) " -count=1\n```\n\n"
	return s
}
function frontmatter(title, id, status, doctype, topic, stamp) {
	return sprintf("---\nTitle: %s\nTicket: %s\nStatus: %s\nTopics:\n    - %s\n    - bench\n" \
		"DocType: %s\nIntent: long-term\nOwners: []\nRelatedFiles: []\n" \
		"ExternalSources: []\nSummary: \"\"\nLastUpdated: %s\nWhatFor: \"\"\n" \
		"WhenToUse: \"\"\n---\n\n", title, id, status, topic, doctype, stamp)
}
BEGIN {
	q = sprintf("%c", 39)
	srand(20260214)
	nv = split("add remove rename split extract wire validate document cache refactor " \
		"harden migrate inline normalise trace", verb, " ")
	nn = split("executor session pipeline template registry schema handler router " \
		"recorder bootstrap loader daemon endpoint fixture parser queue", noun, " ")
	nq = split("helper contract baseline fallback path tests wiring errors checkpoint " \
		"layer", qual, " ")
	no = split("stays deterministic|keeps one code path|reports write errors|" \
		"matches the API contract|survives a restart|no longer leaks goroutines|" \
		"is covered by the regression suite|returns the documented status", outcome, "|")
	np = split("pkg/vmexec/executor.go pkg/vmsession/session.go pkg/vmtransport/http/server.go " \
		"pkg/vmdaemon/app.go cmd/vm-system/main.go ui/src/lib/vm/endpoints/executions.ts " \
		"pkg/vmstore/store.go pkg/vmcontrol/template.go", path, " ")
	nc = split("feat fix refactor test docs chore", ctype, " ")
	nw = split("runtime frontend backend executor session template daemon store " \
		"transport import", w, " ")
	for (i = 1; i <= n; i++) {
		a = w[(i * 7) % nw + 1]; b = w[(i * 3 + 5) % nw + 1]
		if (i == big)
			id = sprintf("PROJ-%04d-BIG-DIARY", i)
		else
			id = sprintf("PROJ-%04d-%s-%s", i, toupper(a), toupper(b))
		dir = sprintf("ttmp/2026/02/%02d/%s--%s-%s-work", 1 + int((i - 1) / 2), id, a, b)
		print dir "/reference" > dirs
		tdir[i] = dir; ids[i] = id; topic[i] = a
	}
	close(dirs)
	if (system("xargs mkdir -p < \"" dirs "\"") != 0) exit 1
	for (i = 1; i <= n; i++) {
		id = ids[i]; dir = tdir[i]
		stamp = sprintf("2026-02-%02dT%02d:%02d:00-05:00", 1 + int((i - 1) / 2), 9 + i % 9, i % 60)
		status = (i == big || i % 10 == 0) ? "active" : "complete"
		f = dir "/index.md"
		printf "%s# %s work %d\n\n## Overview\n\nBenchmark ticket %d.\n", \
			frontmatter(cap(topic[i]) " work " i, id, status, "index", topic[i], stamp), \
			cap(topic[i]), i, i > f
		close(f)
		f = dir "/tasks.md"
		printf "# Tasks\n\n## TODO\n\n" > f
		for (k = 1; k <= 12; k++)
			printf "- [%s] %s %s %s\n", (k < 10 ? "x" : " "), cap(pick(verb, nv)), \
				pick(noun, nn), pick(qual, nq) > f
		close(f)
		f = dir "/changelog.md"
		printf "# Changelog\n\n## 2026-02-%02d\n\n- Initial workspace created\n", \
			1 + int((i - 1) / 2) > f
		close(f)
		f = dir "/reference/01-diary.md"
		text = frontmatter("Diary", id, status, "reference", topic[i], stamp) "# Diary\n\n" \
			"## Goal\n\nCapture a step-by-step implementation log for " id ": what changed, " \
			"why, what failed, and how to review it.\n\n"
		printf "%s", text > f
		bytes = length(text)
		# the big diary: steps until the next one would pass target bytes
		for (num = 1; (i == big) ? 1 : num <= 2 + i % 4; num++) {
			s = step(num, sprintf("proj-%d", i))
			if (i == big && bytes + length(s) > target)
				break
			printf "%s", s > f
			bytes += length(s)
		}
		close(f)
		if (i == big) {
			print f > bigfile
			close(bigfile)
		}
	}
}' || die "workspace generation failed"
rm -f "$TMP/dirs"
DIARY=$(cat "$TMP/big") || die "no big diary"
mkdir -p src/engine
printf '/* bench */\nint bench_counter = 0;\n' >src/engine/counter.c
printf '# bench repository for diarist post-commit\n' >README.md
git add -A && git commit -q -m "PROJ-0001: add tickets and sources" || die "initial commit failed"
NTICKETS=$(find ttmp -name index.md | wc -l | tr -d ' ')
DIARY_BYTES=$(wc -c <"$DIARY" | tr -d ' ')
count_steps() { grep -c '^## Step ' "$1"; }
BASE_STEPS=$(count_steps "$DIARY")
NRECORDS=$(grep -c '\*\*Commit (' "$DIARY")
BIG_ID=$(sed -n 's/^Ticket: //p' "$DIARY" | head -n 1)
REF=PROJ-$(printf '%04d' "$BIG_NUM")
[ "$NTICKETS" -eq $((NOTHER + 1)) ] || die "generated $NTICKETS tickets, expected $((NOTHER + 1))"
[ "$DIARY_BYTES" -ge $((DIARY_TARGET * 9 / 10)) ] && [ "$DIARY_BYTES" -le $((DIARY_TARGET * 11 / 10)) ] ||
	die "the big diary has $DIARY_BYTES bytes, expected about $DIARY_TARGET"

bench_age_ttmp
OLD_STAMP=$(date -d '2 days ago' +%s 2>/dev/null || echo 1700000000)

# ----------------------------------------------- 2. no-op C hook, diarist's
# keep the links diarist install made so variants can be switched
bench_hooks
for h in commit-msg post-commit post-rewrite; do
	[ -e "$GITDIR/hooks/$h" ] || die "diarist install made no hooks/$h"
	mv "$GITDIR/hooks/$h" "$TMP/diarist-$h" || die "mv failed"
done

set_hook() {
	rm -f "$GITDIR/hooks/commit-msg" "$GITDIR/hooks/post-commit" "$GITDIR/hooks/post-rewrite"
	case "$1" in
	none) ;;
	noop) ln -s "$TMP/noop-hook" "$GITDIR/hooks/post-commit" ;;
	diarist) cp -P "$TMP/diarist-post-commit" "$GITDIR/hooks/post-commit" ;;
	all)
		for h in commit-msg post-commit post-rewrite; do
			cp -P "$TMP/diarist-$h" "$GITDIR/hooks/$h"
		done
		;;
	esac
}

# ------------------------------------------------------------------ 3. timing
OUT=$TMP/commit.out
BENCH_OUT=$OUT

# Untimed, before every commit of every variant: put the diary back to its
# committed 1 MiB text (undoing the previous record), give it an old mtime and
# refresh the index, so that no variant pays for git re-hashing a "racily
# clean" 1 MiB file; then change and stage the code file.
prepare() { # $1 sequence number
	git checkout -q -- "$DIARY" || die "cannot restore $DIARY"
	touch -d "@$OLD_STAMP" "$DIARY"
	git update-index -q --refresh >/dev/null
	printf '/* bench */\nint bench_counter = %d;\n' "$1" >src/engine/counter.c
	git add src/engine/counter.c || die "git add failed"
}

VARIANTS="none noop diarist all"
SEQ=0
RECORDED=0
run_one() { # $1 variant; appends one sample to $TMP/<variant>.us
	local short steps
	SEQ=$((SEQ + 1))
	prepare "$SEQ"
	bench_time git commit -q -m "$REF: change $SEQ"
	if [ "$DT_RC" -ne 0 ]; then
		cat "$OUT" >&2
		die "variant $1: git commit failed (exit $DT_RC)"
	fi
	# check (untimed) that diarist recorded the commit as one new step, and
	# that the other variants left the diary alone
	case "$1" in
	diarist | all)
		short=$(git rev-parse --short HEAD)
		steps=$(count_steps "$DIARY")
		if [ "$steps" -ne $((BASE_STEPS + 1)) ] ||
			! grep -q "^\*\*Commit (code):\*\* $short — \"$REF: change $SEQ\"" "$DIARY" ||
			! grep -q "^diarist: $BIG_ID step $((BASE_STEPS + 1)) .* $short (reference/01-diary.md)" "$OUT"; then
			cat "$OUT" >&2
			die "variant $1: commit $short was not recorded as step $((BASE_STEPS + 1)) ($steps steps)"
		fi
		RECORDED=$((RECORDED + 1))
		;;
	*)
		git diff --quiet -- "$DIARY" || die "variant $1 changed the diary"
		;;
	esac
	echo "$DT_US" >>"$TMP/$1.us"
}

echo "post-commit bench: $NTICKETS tickets; $BIG_ID diary $DIARY_BYTES bytes, $BASE_STEPS steps;" \
	"$ROUNDS rounds x $PER_ROUND run(s) per variant" >&2

bench_warmup
RECORDED=0
if [ -f "$CACHE" ]; then
	CACHE_AFTER_WARMUP=yes
else
	CACHE_AFTER_WARMUP=no
fi
echo "tickets.cache present after warm-up: $CACHE_AFTER_WARMUP ($CACHE)" >&2

bench_rounds
git checkout -q -- "$DIARY"
NCOMMITS=$(git rev-list --count HEAD)

# ----------------------------------------------------------------- 5. report
bench_stats
bench_facts
OVER_NOOP=$(awk -v a="$MED_diarist" -v b="$MED_noop" 'BEGIN { printf "%+.2f", a - b }')
FSTYPE=$(findmnt -n -o FSTYPE -T "$TMP" 2>/dev/null || stat -f -c %T "$TMP" 2>/dev/null)
[ -n "$FSTYPE" ] || FSTYPE=unknown
LINK=$(ls -l "$TMP/diarist-post-commit" | sed 's/.* -> //')
EXPECT_RECORDED=$((2 * ROUNDS * PER_ROUND))

TABLE=$(cat <<EOF
| variant | median ms | added over no hook (ms) | budget | verdict |
|---|---:|---:|---|---|
| no hook | $(ms "$MED_none") | — | — | baseline |
| no-op C post-commit hook (\`cc -O2\`) | $(ms "$MED_noop") | $(added "$MED_noop") | — | reference |
| diarist post-commit only, 1 MiB diary | $(ms "$MED_diarist") | $(added "$MED_diarist") | ≤ ${BUDGET_MS} ms added | $VERDICT |
| diarist install (commit-msg + post-commit + post-rewrite), 1 MiB diary | $(ms "$MED_all") | $(added "$MED_all") | — | informative |
EOF
)

SECTION_FILE=$TMP/section.md
cat >"$SECTION_FILE" <<EOF
$SECTION

Measured by \`sh bench/post-commit.sh\` on $DATE.
Wall time of \`git commit -q -m "$REF: change N"\` (each commit changes and stages
\`src/engine/counter.c\`, so diarist records it as a new step) in a throwaway repository
holding $NTICKETS tickets in docmgr layout. The named ticket \`$BIG_ID\` has a diary
(\`reference/01-diary.md\`) of **$DIARY_BYTES bytes**: $BASE_STEPS steps shaped like the
corpus diaries, $NRECORDS commit records with 7-hex hashes. Before every commit (untimed)
the diary is restored to that committed text and the index refreshed, so every run
records into the same 1 MiB file. Median of **$NRUNS runs per variant** ($ROUNDS rounds of
$PER_ROUND commit(s) per variant; the variants take turns and each round starts with a
different one; $WARMUP warm-up commits per variant first). Clock: $CLOCK.

$TABLE

diarist post-commit over the no-op hook: $OVER_NOOP ms (the hook's own work).
Spread, p10 / p90 ms: no hook $(ms "$P10_none") / $(ms "$P90_none");
no-op $(ms "$P10_noop") / $(ms "$P90_noop");
diarist post-commit $(ms "$P10_diarist") / $(ms "$P90_diarist");
all three hooks $(ms "$P10_all") / $(ms "$P90_all").

- Machine: nproc $NPROC; CPU $CPU; $KERNEL; git $GITV; the repository is on $FSTYPE
  (the diary write is fsynced, so the file system matters).
- diarist: $REV; post-commit installed by \`diarist install\` as a symlink to \`$LINK\`;
  dynamic libraries: ${LDD:-none}.
- Checked: all $RECORDED measured diarist commits (of $EXPECT_RECORDED, both diarist rows) added
  exactly one step (step $((BASE_STEPS + 1))) with its \`**Commit (code):** <hash> — "<subject>"\` record,
  and the hook printed its \`diarist: $BIG_ID step $((BASE_STEPS + 1)) ← <hash>\` line; the
  other variants left the diary unchanged. \`tickets.cache\` present after warm-up:
  $CACHE_AFTER_WARMUP. The repository had $NCOMMITS commits at the end.
- Budget (SPEC §10): diarist's post-commit may add at most ${BUDGET_MS} ms over no hook
  with a 1 MiB diary. The all-hooks row also pays for commit-msg and is informative.
EOF

bench_write_section "$SECTION_FILE"

echo
echo "$TABLE"
echo
echo "diary: $DIARY_BYTES bytes, $BASE_STEPS steps; runs per variant: $NRUNS; recorded $RECORDED/$EXPECT_RECORDED"
echo "diarist post-commit added: $ADDED ms (budget ${BUDGET_MS} ms): $VERDICT"
echo "written: $RESULTS"
bench_exit
