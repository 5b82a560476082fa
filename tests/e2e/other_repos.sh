#!/bin/bash
# Commits of other repositories (SPEC §1.5 last paragraphs, §1.6 repos:,
# §5 commit-unknown): a diary that cites commits of a sibling clone
# "webchat" in every shape, judged by `diarist check --all` with and
# without repos: naming it; a wrong webchat hash, an unannotated one, and
# a repos: path that is not there.
. "$(dirname "$0")/lib.sh"

# the sibling: $TMP/webchat, three commits
WC="$TMP/webchat"
git init -q "$WC"
for s in first second third; do git -C "$WC" commit -q --allow-empty -m "webchat: $s"; done
W1=$(git -C "$WC" rev-parse --short=8 HEAD~2)
W2=$(git -C "$WC" rev-parse --short=8 HEAD~1)
W3=$(git -C "$WC" rev-parse --short=8 HEAD)

in_new_repo # $TMP/repo: ../webchat is the sibling
change
nohooks commit -q -m "VM-023: the local half of the work"
LOCAL=$(abbrev)
HEAD_STEPS=$(
	cat <<EOF
## Step 1: Local work

**Commit (code):** $LOCAL — "VM-023: the local half of the work"

## Step 2: Annotated

**Commit (code):** $W1 (webchat repo) — "webchat: first"

## Step 3: Labelled

**Commit (code, webchat):** \`$W2\` — "webchat: second"

## Step 4: Both on one line

**Commit (code):** \`$LOCAL\`, \`$W3\` (webchat repo) — "both"
EOF
)
# named shapes, which the record parser reads (until it does, they are
# no record at all, and pass for that reason)
NAMED_STEPS=$(
	cat <<EOF
## Step 5: At

**Commit (code):** webchat@$W3 — "webchat: third"

## Step 6: Commit of

**Commit (code):** webchat commit $W2 — "webchat: second"
EOF
)

# diary_is TEXT...: VM-023's diary is the frontmatter, then the TEXTs as
# steps; committed (a bookkeeping commit)
diary_is() {
	mkdir -p "$(dirname "$DIARY23")"
	{
		printf -- '---\nTitle: Diary\nTicket: VM-023-IMPROVE-DOCS\nDocType: reference\n---\n\n# Diary\n\n'
		for s in "$@"; do printf '%s\n\n' "$s"; done
	} >"$DIARY23"
	git add ttmp && nohooks commit -q -m "VM-023: diary"
}
chk() { capture "$DIARIST" check --all; }
line_of() { grep -n -- "$1" "$DIARY23" | head -1 | cut -d: -f1; }

config_commit 'repos:\n  webchat: ../webchat\n  infra: ~'

# ---- every shape, verified in the clone ----
diary_is "$HEAD_STEPS" "$NAMED_STEPS" "## Step 7: No clone

**Commit (code):** feedfacecafe (infra repo) — \"infra: not looked up\""
chk
exit_is "every shape of a webchat commit: check --all passes" 0
lacks "no commit-unknown" "[commit-unknown]" "$OUT"
lacks "no commit-foreign" "[commit-foreign]" "$OUT"

# ---- a wrong webchat hash: commit-unknown naming webchat ----
diary_is "$HEAD_STEPS" "## Step 5: Wrong, annotated

**Commit (code):** deadbee1 (webchat repo) — \"no such\"

## Step 6: Wrong, labelled

**Commit (webchat):** c0ffee12 — \"no such\""
chk
exit_is "a wrong webchat hash: check --all fails" 1
has_finding "annotated: commit-unknown at its line" error commit-unknown "$DIARY23:$(line_of deadbee1): " "$OUT"
contains "annotated: the message names webchat and its clone" \
	"commit deadbee1 is no commit of webchat (../webchat) [commit-unknown]" "$OUT"
has_finding "labelled: commit-unknown at its line" error commit-unknown "$DIARY23:$(line_of c0ffee12): " "$OUT"
contains "labelled: the message names webchat" "commit c0ffee12 is no commit of webchat (../webchat)" "$OUT"
same "only those two findings are errors" 2 "$(printf '%s\n' "$OUT" | grep -c ': error: ')"

diary_is "$HEAD_STEPS" "## Step 5: Wrong, at

**Commit (code):** webchat@deadbee1 — \"no such\""
chk
exit_is "webchat@wrong: check --all fails" 1
contains "webchat@wrong: commit-unknown naming webchat" \
	"commit deadbee1 is no commit of webchat (../webchat) [commit-unknown]" "$OUT"
contains "webchat@wrong: at its line" "$DIARY23:$(line_of deadbee1):" "$OUT"

# ---- an unannotated webchat hash: the commit-foreign warning ----
diary_is "$HEAD_STEPS" "## Step 5: Unannotated

**Commit (code):** $W1 — \"webchat: first\""
chk
exit_is "an unannotated webchat hash: check --all passes (a warning)" 0
has_finding "unannotated: commit-foreign warning at its line" warning commit-foreign \
	"$DIARY23:$(line_of "$W1 —"): " "$OUT"
contains "unannotated: the message names webchat" \
	"commit $W1 is no commit in this repository but one of webchat (../webchat) [commit-foreign]" "$OUT"
contains "unannotated: the hint shows the annotation" \
	"hint: write it as \"$W1 (webchat repo)\" or \"webchat@$W1\"" "$OUT"
lacks "unannotated: not commit-unknown" "[commit-unknown]" "$OUT"

# ---- without repos: the unannotated one is commit-unknown ----
config_commit ''
chk
exit_is "no repos: configured: the unannotated webchat hash fails check --all" 1
has_finding "no repos: commit-unknown at its line" error commit-unknown "$DIARY23:$(line_of "$W1 —"): " "$OUT"
contains "no repos: the hint says how to declare another repository" "under repos:" \
	"$(printf '%s\n' "$OUT" | grep -A1 "^$DIARY23:$(line_of "$W1 —"):" | grep 'hint:')"
lacks "no repos: \"(webchat repo)\" is still never looked up" "$DIARY23:$(line_of "$W1 (webchat repo)"):" "$OUT"

# ---- a repos: path that is not there: a configuration error ----
printf 'repos:\n  webchat: ../webchat\n  api: ../api\n' >.diarist.yaml
chk
exit_is "a repos: path that does not exist: exit 2" 2
contains "names .diarist.yaml:LINE:COL and the path" \
	".diarist.yaml:3:8: 'repos.api': ../api does not exist" "$OUT$ERR"
mkdir -p "$TMP/notgit"
printf 'repos:\n  webchat: ../notgit\n' >.diarist.yaml
chk
exit_is "a repos: path that is no git repository: exit 2" 2
contains "says it is not a git repository" \
	".diarist.yaml:2:12: 'repos.webchat': ../notgit is not a git repository" "$OUT$ERR"
# a bare clone will do
git clone -q --bare "$WC" "$TMP/webchat.git"
# (the config commits stay bookkeeping commits)
printf 'diary:\n  bookkeeping: [".diarist.yaml"]\nrepos:\n  webchat: ../webchat.git\n' >.diarist.yaml
chk
exit_is "a bare clone: the unannotated hash is found there (a warning)" 0
contains "a bare clone: commit-foreign names it" "but one of webchat (../webchat.git) [commit-foreign]" "$OUT"

done_testing
