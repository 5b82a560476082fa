#!/bin/bash
# Tickets inside tickets (SPEC §1.2 "ticket folders sit at any depth"): a
# ticket's folder holding a date path with tickets of its own, at one and
# two levels. commit-msg accepts them, post-commit records into the named
# ticket's own diary, check --all and status --all see them in HEAD's tree,
# and a ticket made inside a ticket after commit-msg cached the workspace
# is accepted and recorded all the same.
. "$(dirname "$0")/lib.sh"

in_new_repo
old() { find "$@" -exec touch -d '2026-01-01 00:00:00' {} +; }
# nested DIR ID TITLE: a ticket folder with a docmgr index.md
nested() {
	mkdir -p "$1"
	printf -- '---\nTitle: %s\nTicket: %s\nStatus: active\nLastUpdated: 2026-02-14T10:00:00Z\n---\n\n# %s\n' \
		"$3" "$2" "$3" "$3" >"$1/index.md"
}
OUTER_D=ttmp/2026/02/14/NEST-100-OUTER--outer
MID=$OUTER_D/2026/02/15/NEST-101-INNER--inner
DEEP=$MID/NEST-102-DEEP--deep
nested "$OUTER_D" NEST-100-OUTER "Outer"
nested "$MID" NEST-101-INNER "Inner"
# no Ticket: field: the folder's name gives the ID
mkdir -p "$DEEP"
printf -- '---\nTitle: Deep\nStatus: active\n---\n\n# Deep\n' >"$DEEP/index.md"
mkdir -p "$OUTER_D/reference"
printf -- '---\nTitle: Diary\nTicket: NEST-100-OUTER\nDocType: reference\n---\n\n# Diary\n\n## Step 1: Plan the split\n\nThe inner tickets take the parts.\n' \
	>"$OUTER_D/reference/01-diary.md"
# not tickets, however deep
nested "$OUTER_D/_templates/NEST-900-TPL--template" NEST-900-TPL "Template"
nested "$MID/.meta/NEST-901-META--meta" NEST-901-META "Meta"
nohooks add -A && nohooks commit -q -m "NEST-100: the outer ticket and its parts"
cp "$OUTER_D/reference/01-diary.md" "$TMP/outer-diary"

# ---- commit-msg ----
capture "$DIARIST" which "NEST-101: x"
exit_is "which: the nested ticket resolves" 0
contains "which: names the nested ticket" "NEST-101-INNER" "$OUT$ERR"
capture "$DIARIST" which "NEST-102: x"
exit_is "which: the ticket two levels down resolves" 0
contains "which: its ID is its folder's" "NEST-102-DEEP" "$OUT$ERR"
capture "$DIARIST" which "NEST-900: x"
exit_is "which: a ticket under _templates inside a ticket is none" 1

commit "NEST-101: the inner part"
exit_is "commit-msg accepts a message naming the nested ticket" 0
lacks "naming the nested ticket: no unknown ticket" "ticket-unknown" "$ERR"
name_commit inner
commit "NEST-102: the deep part"
exit_is "commit-msg accepts a message naming the ticket two levels down" 0
name_commit deep
commit "NEST-100: the outer part"
exit_is "commit-msg accepts a message naming the outer ticket" 0
name_commit outer
commit "$(printf 'NEST-100: both parts\n\nTicket: NEST-101-INNER')"
exit_is "commit-msg accepts a message naming the outer and the nested ticket" 0
lacks "naming both: no unknown ticket" "ticket-unknown" "$ERR"
name_commit both
# the same, the nested ticket named first
commit "$(printf 'NEST-101: both parts again\n\nTicket: NEST-100-OUTER')"
exit_is "commit-msg accepts a message naming the nested ticket, then the outer one" 0
name_commit both2
commit "NEST-999: no such part"
exit_is "commit-msg still refuses an unknown ticket" 1
git reset -q

# ---- post-commit: each record in the named ticket's own diary ----
check "the nested ticket's diary was created in its own folder" test -f "$MID/reference/01-diary.md"
check "the deep ticket's diary was created in its own folder" test -f "$DEEP/reference/01-diary.md"
records "$MID/reference/01-diary.md" >"$TMP/recs" 2>/dev/null
rec_mid=$(cat "$TMP/recs")
contains "nested diary: records the inner commit" "${NAMED[inner]}" "$rec_mid"
contains "nested diary: records the commit naming both" "${NAMED[both]}" "$rec_mid"
contains "nested diary: records the commit naming both, nested first" "${NAMED[both2]}" "$rec_mid"
lacks "nested diary: not the deep ticket's commit" "${NAMED[deep]}" "$rec_mid"
lacks "nested diary: not the outer ticket's commit" "${NAMED[outer]}" "$rec_mid"
rec_deep=$(records "$DEEP/reference/01-diary.md" 2>/dev/null)
contains "deep diary: records the deep commit" "${NAMED[deep]}" "$rec_deep"
same "deep diary: one record" 1 "$(printf '%s\n' "$rec_deep" | grep -c .)"
rec_out=$(records "$OUTER_D/reference/01-diary.md" 2>/dev/null)
contains "outer diary: records the outer commit" "${NAMED[outer]}" "$rec_out"
# the nested diary is the nested ticket's alone: that the commit naming both
# is already in it does not make it recorded for the outer ticket
contains "outer diary: records the commit naming both" "${NAMED[both]}" "$rec_out"
contains "outer diary: records the commit naming both, nested first" "${NAMED[both2]}" "$rec_out"
lacks "outer diary: not the inner commit" "${NAMED[inner]}" "$rec_out"
lacks "outer diary: not the deep commit" "${NAMED[deep]}" "$rec_out"
cmp -s "$TMP/outer-diary" "$OUTER_D/reference/01-diary.md" &&
	not_ok "outer diary: changed by its own commits" || ok "outer diary: changed by its own commits"
bookkeep NEST-100

# ---- check --all and status --all read HEAD's tree ----
capture "$DIARIST" check --all
exit_is "check --all: no errors with every commit recorded where it belongs" 0
contains "check --all: counts the nested tickets" "6 tickets" "$ERR$OUT"
lacks "check --all: no errors" " error: " "$OUT$ERR"
capture "$DIARIST" check --all --ticket NEST-101-INNER
exit_is "check --all --ticket: the nested ticket is a ticket" 0
capture "$DIARIST" status --all
exit_is "status --all exits 0" 0
for id in NEST-100-OUTER NEST-101-INNER NEST-102-DEEP; do
	contains "status --all lists $id" "
$id " "
$OUT"
done
lacks "status --all: no ticket under _templates" "NEST-900" "$OUT"
lacks "status --all: no ticket under .meta" "NEST-901" "$OUT"
capture "$DIARIST" status --all --format json
exit_is "status --all --format json exits 0" 0
FACTS=$(python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["tickets"]:
    if t["id"].startswith("NEST-"):
        print(t["id"], t["folder"], t["diary"], t["steps"], t["commits"]["recorded"],
              t["commits"]["unrecorded"])
PY
)
same "status --all --format json: folders, diaries, steps and records of the nested tickets" \
	"NEST-100-OUTER ttmp/2026/02/14/NEST-100-OUTER--outer ttmp/2026/02/14/NEST-100-OUTER--outer/reference/01-diary.md 3 3 0
NEST-101-INNER $MID $MID/reference/01-diary.md 3 3 0
NEST-102-DEEP $DEEP $DEEP/reference/01-diary.md 1 1 0" "$FACTS"

# ---- a ticket made inside a ticket after commit-msg cached the workspace ----
CACHE=.git/diarist/tickets.cache
# recache DESC: old folder times and no cache, then a commit whose
# commit-msg scans and writes the cache
recache() {
	old ttmp
	rm -f "$CACHE"
	commit "VM-023: cache the workspace"
	[ -f "$CACHE" ] && ok "$1" || not_ok "$1" "no $CACHE"
}
recache "the cache is written"
# post-commit wrote VM-023's diary: the cache must still be trusted (it is
# written atomically, so a rescan would give it another inode)
ino0=$(stat -c %i "$CACHE")
commit "VM-023: more work"
exit_is "a cached commit: accepted" 0
same "a diary written by post-commit leaves the cache trusted" "$ino0" "$(stat -c %i "$CACHE")"

# beside the nested ticket: the outer ticket folder holds tickets, so the
# cache watches it
nested "$OUTER_D/2026/02/15/NEST-103-BESIDE--beside" NEST-103-BESIDE "Beside"
commit "NEST-103: made after the cache"
exit_is "a ticket added inside the outer ticket after the cache: accepted" 0
lacks "inside the outer ticket: not unknown" "ticket-unknown" "$ERR"
contains "inside the outer ticket: recorded into its own diary" "NEST-103-BESIDE step 1" "$ERR"

recache "the cache is written again"
# inside a ticket that held none: found by the rescan of a name the cache lacks
nested "$D024/2026/02/16/NEST-104-LATE--late" NEST-104-LATE "Late"
commit "NEST-104: made inside a ticket that held none"
exit_is "a ticket added inside a ticket without nested ones after the cache: accepted" 0
lacks "inside a leaf ticket: not unknown" "ticket-unknown" "$ERR"
contains "inside a leaf ticket: recorded into its own diary" "NEST-104-LATE step 1" "$ERR"

recache "the cache is written once more"
nested "$D023/NEST-105-WORD--word" NEST-105-WORD "Word"
commit "$(printf 'VM-023: with a part for NEST-105\n\nTicket: NEST-105-WORD')"
exit_is "a new nested ticket named by a trailer beside a cached one: accepted" 0
lacks "named by a trailer beside a cached one: not unknown" "ticket-unknown" "$ERR"
contains "named by a trailer beside a cached one: recorded for the new ticket" "NEST-105-WORD step 1" "$ERR"

recache "the cache is written a last time"
nested ttmp/2026/02/14/VM-001-OLD--old-work/2026/02/17/NEST-106-SUBJ--subject NEST-106-SUBJ "Subject word"
commit "VM-023: split NEST-106 off"
exit_is "a new nested ticket named by a subject word: accepted" 0
contains "named by a subject word: recorded for the new ticket too" "NEST-106-SUBJ step 1" "$ERR"

# ---- an outer ticket with no diary of its own ----
# Its diary globs (reference/*diary*.md, then **/*diary*.md) must not find
# the nested ticket's diary: that one is the nested ticket's alone, and the
# outer ticket's first commit creates reference/01-diary.md in its own folder.
# (Until the diary listings skip nested ticket folders, the outer ticket
# takes the nested diary for its own, and the four checks of where the
# outer ticket's commit went fail.)
SOLO=ttmp/2026/02/18/NEST-200-SOLO--solo
PART=$SOLO/NEST-201-PART--part
nested "$SOLO" NEST-200-SOLO "Solo"
nested "$PART" NEST-201-PART "Part"
nohooks add ttmp && nohooks commit -q -m "NEST-200: a ticket with a part"
commit "NEST-201: the part first"
exit_is "solo: the part's commit accepted" 0
name_commit part
bookkeep NEST-201
commit "NEST-200: then the whole"
exit_is "solo: the outer ticket's commit accepted" 0
name_commit solo
check "solo: the outer ticket's diary is created in its own folder" test -f "$SOLO/reference/01-diary.md"
contains "solo: its diary records its commit" "${NAMED[solo]}" "$(records "$SOLO/reference/01-diary.md" 2>/dev/null)"
rec_part=$(records "$PART/reference/01-diary.md" 2>/dev/null)
contains "solo: the part's diary records the part's commit" "${NAMED[part]}" "$rec_part"
lacks "solo: the part's diary does not record the outer ticket's commit" "${NAMED[solo]}" "$rec_part"
bookkeep NEST-200
capture "$DIARIST" check --all --ticket NEST-200-SOLO
exit_is "solo: check finds the outer ticket's commit recorded" 0
capture "$DIARIST" check --all --ticket NEST-201-PART
exit_is "solo: check finds nothing foreign in the part's diary" 0
capture "$DIARIST" status --all --format json
FACTS=$(python3 - "$TMP/out" <<'PY'
import json, sys
for t in json.load(open(sys.argv[1]))["tickets"]:
    if t["id"] in ("NEST-200-SOLO", "NEST-201-PART"):
        print(t["id"], t["diary"], t["commits"]["recorded"], t["commits"]["unrecorded"])
PY
)
same "solo: status gives each ticket its own diary" \
	"NEST-200-SOLO $SOLO/reference/01-diary.md 1 0
NEST-201-PART $PART/reference/01-diary.md 1 0" "$FACTS"

done_testing
