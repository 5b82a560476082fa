#!/bin/bash
# Bad input reaching commit-msg: huge messages, NUL bytes, invalid UTF-8,
# catastrophic patterns (SPEC §7).
. "$(dirname "$0")/lib.sh"

in_new_repo
HOOK="$BUILD_DIR/hooks/commit-msg"

# timed DESC LIMIT_MS CMD...: capture CMD, check it took less than LIMIT_MS
timed() {
	local desc=$1 limit=$2 t0 t1
	shift 2
	t0=$(now_ms)
	capture "$@"
	t1=$(now_ms)
	if [ $((t1 - t0)) -lt "$(ms_limit "$limit")" ]; then ok "$desc"; else not_ok "$desc" "took $((t1 - t0)) ms"; fi
}

# ---- 10 MiB messages ----
{
	echo "VM-023: a huge message"
	echo
	head -c 10485760 /dev/zero | tr '\0' 'a' | fold -w 100
	echo
} >"$TMP/big-ok"
timed "10 MiB message with a ref: under 2 s" 2000 git commit -q --allow-empty -F "$TMP/big-ok"
exit_is "10 MiB message with a ref: accepted" 0
not_crashed "10 MiB message with a ref: no crash"
same "10 MiB message: stored whole" "$(wc -c <"$TMP/big-ok")" "$(git cat-file commit HEAD | sed '1,/^$/d' | wc -c)"
{
	echo "a huge message without a ref"
	echo
	head -c 10485760 /dev/zero | tr '\0' 'b'
	echo
} >"$TMP/big-no"
timed "10 MiB message (one 10 MiB line) without a ref: under 2 s" 2000 git commit -q --allow-empty -F "$TMP/big-no"
exit_is "10 MiB message without a ref: refused" 1
not_crashed "10 MiB message without a ref: no crash"
same "10 MiB message without a ref: a clear first line" \
	"diarist: commit refused: the message names no ticket [ticket-missing]" "$(sed -n 1p "$TMP/err")"
contains "10 MiB message without a ref: the subject" '  subject: "a huge message without a ref"' "$ERR"
check "10 MiB message without a ref: the output stays short" test "$(wc -c <"$TMP/err")" -lt 4096
# a subject of 3 MB made of Jira-shaped words that name nothing
{ for i in $(seq 1 200000); do printf 'AB-%d ' "$i"; done; echo; } >"$TMP/words"
timed "3 MB subject of 200 000 words: under 2 s" 2000 git commit -q --allow-empty -F "$TMP/words"
exit_is "3 MB subject of unresolved words: refused" 1
not_crashed "3 MB subject: no crash"
# 200 000 trailers naming unknown tickets
{ echo "tidy"; echo; for i in $(seq 1 200000); do printf 'Ticket: X-%d\n' "$i"; done; } >"$TMP/trailers"
timed "200 000 unknown trailers: under 2 s" 2000 git commit -q --allow-empty -F "$TMP/trailers"
exit_is "200 000 unknown trailers: refused" 1
not_crashed "200 000 unknown trailers: no crash"
# over the 16 MiB limit: an error, quickly
{
	echo "VM-023: too big"
	echo
	head -c 17825792 /dev/zero | tr '\0' 'c' | fold -w 100
} >"$TMP/too-big"
timed "17 MiB message: under 2 s" 2000 git commit -q --allow-empty -F "$TMP/too-big"
not_crashed "17 MiB message: no crash"
if [ "$RC" -eq 0 ]; then ok "17 MiB message: accepted"; else
	check "17 MiB message: refused with one clear error line" \
		grep -qE '^diarist: error: .*(over|limit|too (big|large))' "$TMP/err"
fi

# ---- NUL bytes ----
printf 'VM-023: a NUL \0 inside\n' >"$TMP/nul-ok"
capture "$HOOK" "$TMP/nul-ok"
not_crashed "NUL in a message with a ref: no crash"
exit_is "NUL in a message with a ref (hook alone): accepted" 0
printf 'no ref \0 VM-023: after the NUL\n' >"$TMP/nul-no"
capture "$HOOK" "$TMP/nul-no"
not_crashed "NUL in a ref-less message: no crash"
exit_is "NUL in a ref-less message (hook alone): refused" 1
printf '\0\0\0\n\0' >"$TMP/nul-only"
capture "$HOOK" "$TMP/nul-only"
not_crashed "a message of NUL bytes: no crash"
capture git commit -q --allow-empty -F "$TMP/nul-no"
not_crashed "NUL through git commit: no crash"
if [ "$RC" -ne 0 ]; then ok "NUL through git commit: not committed"; else not_ok "NUL through git commit: not committed"; fi

# ---- invalid UTF-8 ----
printf 'VM-024: bad \377\376 bytes\n' >"$TMP/utf-ok"
capture git commit -q --allow-empty -F "$TMP/utf-ok"
exit_is "invalid UTF-8 with a ref: accepted" 0
not_crashed "invalid UTF-8 with a ref: no crash"
printf 'bad \377\376 bytes, no ref\n\n\300\200 overlong\n' >"$TMP/utf-no"
capture git commit -q --allow-empty -F "$TMP/utf-no"
exit_is "invalid UTF-8 without a ref: refused" 1
not_crashed "invalid UTF-8 without a ref: no crash"
contains "invalid UTF-8 without a ref: the refusal" "[ticket-missing]" "$ERR"
printf 'VM-023\355\240\200: surrogate glued to the ref\n' >"$TMP/utf-glued"
capture "$HOOK" "$TMP/utf-glued"
not_crashed "a surrogate glued to a ref: no crash"
printf '\357\273\277VM-023: a BOM first\n' >"$TMP/bom"
capture "$HOOK" "$TMP/bom"
not_crashed "a BOM before the subject: no crash"

# ---- odd shapes ----
printf 'VM-023: CRLF message\r\n\r\nbody\r\n' >"$TMP/crlf"
capture "$HOOK" "$TMP/crlf"
exit_is "CRLF message with a ref: accepted" 0
printf 'tidy\r\n\r\nTicket: VM-024\r\n' >"$TMP/crlf-trailer"
capture "$HOOK" "$TMP/crlf-trailer"
exit_is "CRLF trailer: accepted" 0
printf 'VM-023: no final newline' >"$TMP/nonl"
capture "$HOOK" "$TMP/nonl"
exit_is "no final newline: accepted" 0
printf '\n\n   \n# only comments\n' >"$TMP/empty"
capture "$HOOK" "$TMP/empty"
exit_is "an empty message after cleaning: exit 0 (git aborts it)" 0
same "an empty message: silent" "" "$ERR"
capture "$HOOK" "$TMP/does-not-exist"
not_crashed "a missing message file: no crash"
if [ "$RC" -ne 0 ]; then ok "a missing message file: an error"; else not_ok "a missing message file: an error"; fi
capture "$HOOK"
exit_is "the hook without arguments: usage, exit 2" 2

# ---- catastrophic patterns: an error, not a hang ----
printf 'ticket:\n  patterns: ["(?<ref>(a+)+$)"]\n' >.diarist.yaml
{ printf 'VM-023: '; head -c 40 /dev/zero | tr '\0' 'a'; echo '!'; } >"$TMP/cat"
timed "catastrophic pattern: under 2 s" 2000 timeout 20 git commit -q --allow-empty -F "$TMP/cat"
not_crashed "catastrophic pattern: no crash"
if [ "$RC" -ne 124 ]; then ok "catastrophic pattern: no hang"; else not_ok "catastrophic pattern: no hang"; fi
contains "catastrophic pattern: an error naming the pattern" "(?<ref>(a+)+\$)" "$ERR"
rm -f .diarist.yaml

done_testing
