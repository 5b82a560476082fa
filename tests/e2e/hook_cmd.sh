#!/bin/bash
# `diarist hook NAME`: diarist's hooks run through a hook manager that calls
# a command (pre-commit's .pre-commit-hooks.yaml), with git's arguments, or,
# for pre-push under pre-commit, with the push described in PRE_COMMIT_*
# variables instead of standard input.
. "$(dirname "$0")/lib.sh"

repo_with_remote "$TMP/r"
git push -q -u origin main 2>/dev/null || { nohooks push -q -u origin main; }

# ---- commit-msg ----
printf 'no ticket here\n' >"$TMP/msg"
capture "$DIARIST" hook commit-msg "$TMP/msg"
exit_is "hook commit-msg: a message naming no ticket is refused" 1
contains "hook commit-msg: says why" "names no ticket" "$ERR"
printf 'VM-023: fine\n' >"$TMP/msg"
capture "$DIARIST" hook commit-msg "$TMP/msg"
exit_is "hook commit-msg: a good message passes" 0

# ---- pre-push as pre-commit runs it ----
base=$(git rev-parse HEAD)
change
nohooks commit -q -m "no ticket either"
bad=$(git rev-parse HEAD)
capture env PRE_COMMIT_FROM_REF="$base" PRE_COMMIT_TO_REF="$bad" \
	PRE_COMMIT_LOCAL_BRANCH=refs/heads/main PRE_COMMIT_REMOTE_BRANCH=refs/heads/main \
	PRE_COMMIT_REMOTE_NAME=origin "$DIARIST" hook pre-push </dev/null
exit_is "hook pre-push (pre-commit's variables): a bad push is refused" 1
has_finding "hook pre-push (pre-commit's variables): ticket-missing with a hint" error ticket-missing
contains "hook pre-push (pre-commit's variables): names the ref" "refs/heads/main -> refs/heads/main" "$ERR"
capture env PRE_COMMIT_FROM_REF="$base" PRE_COMMIT_TO_REF="$base" \
	PRE_COMMIT_LOCAL_BRANCH=refs/heads/main PRE_COMMIT_REMOTE_BRANCH=refs/heads/main \
	PRE_COMMIT_REMOTE_NAME=origin "$DIARIST" hook pre-push </dev/null
exit_is "hook pre-push (pre-commit's variables): nothing new passes" 0

# ---- pre-push as git runs it (standard input wins over the variables) ----
capture sh -c "printf 'refs/heads/main %s refs/heads/main %s\n' '$bad' '$base' | '$DIARIST' hook pre-push origin '$REMOTE'"
exit_is "hook pre-push (git's input): a bad push is refused" 1
capture sh -c "printf 'refs/heads/main %s refs/heads/main %s\n' '$base' '$base' | PRE_COMMIT_TO_REF='$bad' PRE_COMMIT_FROM_REF='$base' '$DIARIST' hook pre-push origin '$REMOTE'"
exit_is "hook pre-push: git's input is used when there is some" 0

# ---- usage ----
capture "$DIARIST" hook
exit_is "hook without a name: exit 2" 2
capture "$DIARIST" hook pre-commit
exit_is "hook with an unknown name: exit 2" 2
contains "hook with an unknown name: says which" "unknown hook 'pre-commit'" "$ERR"

# ---- the pre-commit manifest names existing ids and stages ----
check "the .pre-commit-hooks.yaml manifest parses and has both hooks" python3 -c "
import sys
text = open('$ROOT/.pre-commit-hooks.yaml').read()
for want in ('id: diarist-commit-msg', 'entry: diarist hook commit-msg', 'stages: [commit-msg]',
             'id: diarist-pre-push', 'entry: diarist hook pre-push', 'stages: [pre-push]'):
    assert want in text, want
"

done_testing
