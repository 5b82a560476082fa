#!/bin/sh
# Run every test: the cmocka unit tests (build/tests/test_*) and the
# end-to-end scripts (tests/e2e/*.sh). Both speak TAP ("ok N - ...",
# "not ok N - ..."); a program that exits non-zero without a failing line
# counts as one failure. The last line is "N passed, N failed".
#   BUILD=dir      where the programs are (default build)
#   VALGRIND=cmd   run the unit tests under this (make leakcheck)
#   ONLY=pattern   run only the tests whose file name contains pattern
BUILD=${BUILD:-build}
export BUILD
pass=0
fail=0
skipped=0
failed_names=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
	name=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	# a skipped test ("not ok N # SKIP", "ok N # SKIP") is neither
	sk=$(grep -c '^\(not \)\{0,1\}ok .*# SKIP' "$log")
	# a failure line may land mid-line after a message cut short: count
	# every "not ok N", wherever it stands
	f=$(grep -o 'not ok [0-9][0-9]*[^#]*\(# SKIP\)\{0,1\}' "$log" | grep -vc '# SKIP')
	p=$((p - $(grep -c '^ok .*# SKIP' "$log")))
	skipped=$((skipped + sk))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		echo "--- $name (exit $rc)"
		grep -v '^ok ' "$log" | tail -n 60
		failed_names="$failed_names $name"
	fi
	echo "$name: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.o|*.d) continue ;; esac
	[ -n "$ONLY" ] && case "$t" in *"$ONLY"*) ;; *) continue ;; esac
	CMOCKA_MESSAGE_OUTPUT=TAP run_one "$(basename "$t")" $VALGRIND "$t"
done
if [ -z "$VALGRIND" ]; then
	for e in tests/e2e/*.sh; do
		[ -f "$e" ] || continue
		[ "$(basename "$e")" = lib.sh ] && continue
		[ -n "$ONLY" ] && case "$e" in *"$ONLY"*) ;; *) continue ;; esac
		run_one "$(basename "$e")" bash "$e"
	done
fi
[ -n "$failed_names" ] && echo "failing:$failed_names"
if [ "$skipped" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skipped skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
