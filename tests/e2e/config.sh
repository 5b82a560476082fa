#!/bin/bash
# .diarist.yaml and the workspace root as commit-msg sees them
# (SPEC §1.1, §1.6, §6.1 exit codes). Only commit-msg is installed; what
# post-commit does with a broken config is in post_commit.sh.
. "$(dirname "$0")/lib.sh"

in_new_repo commit-msg
echo x >x && git add x

# try DESC CONFIG MESSAGE: write .diarist.yaml, commit (allow-empty), capture
try() {
	printf '%b' "$2" >.diarist.yaml
	capture git commit -q --allow-empty -m "$3"
}
# one_error DESC EXPECTED-LINE: the refusal is that error line plus the hint
one_error() {
	exit_is "$1: refused" 1
	same "$1: the error line" "$2" "$(printf '%s\n' "$ERR" | sed -n 1p)"
	same "$1: one error line (at most a hint line after it)" "1 ok" \
		"$(printf '%s\n' "$ERR" | grep -c '^diarist: error: ') $(printf '%s\n' "$ERR" | sed -n '2,$p' | grep -qv '^hint: ' && echo extra || echo ok)"
}

try "syntax" 'ticket:\n  require: true: false\n' "VM-023: x"
one_error "YAML syntax error" \
	"diarist: error: .diarist.yaml:2:16: invalid YAML: mapping values are not allowed in this context"
try "syntax" 'ticket:\n  require: [true\n' "VM-023: x"
exit_is "unclosed flow sequence: refused" 1
check "unclosed flow sequence: names .diarist.yaml:LINE:COL" \
	grep -qE '^diarist: error: \.diarist\.yaml:[0-9]+:[0-9]+: invalid YAML' "$TMP/err"
try "tab" 'ticket:\n\trequire: true\n' "VM-023: x"
one_error "a tab for indentation" \
	"diarist: error: .diarist.yaml:2:1: invalid YAML: found character that cannot start any token while scanning for the next token"
try "unknown key" 'ticket:\n  requre: true\n' "VM-023: x"
one_error "unknown key in ticket" \
	"diarist: error: .diarist.yaml:2:3: unknown key 'requre' in ticket (expected one of: require, patterns, exempt, from_branch)"
try "unknown top key" 'root: ttmp\ntiket:\n  require: true\n' "VM-023: x"
one_error "unknown top-level key" \
	"diarist: error: .diarist.yaml:2:1: unknown key 'tiket' (expected one of: root, since, repos, ticket, diary, evidence, push, rules, hooks)"
try "bad bool" 'ticket:\n  require: maybe\n' "VM-023: x"
one_error "a bad boolean" "diarist: error: .diarist.yaml:2:12: 'ticket.require' must be true or false, found 'maybe'"
try "bad rule" 'rules:\n  evidence-mising: warning\n' "VM-023: x"
exit_is "a misspelt rule name: refused" 1
contains "a misspelt rule name: line and column" ".diarist.yaml:2:3: unknown key 'evidence-mising'" "$ERR"
try "alias" 'ticket: &a\n  require: true\nhooks: *a\n' "VM-023: x"
exit_is "YAML aliases: refused" 1
contains "YAML aliases: named with line and column" ".diarist.yaml:3:8:" "$ERR"
try "pattern" 'ticket:\n  patterns: ["#(VM[0-9]+)"]\n' "VM-023: x"
exit_is "a pattern without (?<ref>...): refused" 1
contains "a pattern without (?<ref>...): said" "has no named group (?<ref>...)" "$ERR"
try "pattern" 'ticket:\n  patterns: ["(?<ref>(a+)"]\n' "VM-023: x"
exit_is "a pattern that does not compile: refused" 1
contains "a pattern that does not compile: said" "invalid pattern" "$ERR"
try "NUL" 'ticket:\n  require: true\n\0\n' "VM-023: x"
exit_is "a NUL byte in .diarist.yaml: refused" 1
contains "a NUL byte in .diarist.yaml: named" ".diarist.yaml" "$ERR"
head_before=$(head_id)
try "bad" 'ticket:\n  requre: true\n' "VM-023: x"
same "bad config: HEAD did not move" "$head_before" "$(head_id)"

# ---- hooks.on_internal_error: open ----
try "open" 'hooks: {on_internal_error: open}\nticket:\n  requre: true\n' "no ref at all"
exit_is "on_internal_error open + a bad key: the commit goes through" 0
same "on_internal_error open: the error and a warning" \
	"$(printf '%s\n%s' "diarist: error: .diarist.yaml:3:3: unknown key 'requre' in ticket (expected one of: require, patterns, exempt, from_branch)" \
		"diarist: warning: letting the commit through unchecked (hooks.on_internal_error: open)")" "$ERR"
try "open after" 'ticket:\n  requre: true\nhooks:\n  on_internal_error: open\n' "no ref at all"
exit_is "on_internal_error open after the bad key: goes through" 0
contains "on_internal_error open after the bad key: warns" "letting the commit through unchecked" "$ERR"
try "closed" 'hooks: {on_internal_error: closed}\nticket:\n  requre: true\n' "VM-023: x"
exit_is "on_internal_error closed + a bad key: refused" 1
try "open good" 'hooks: {on_internal_error: open}\n' "no ref at all"
exit_is "on_internal_error open with a good config still refuses a ref-less commit" 1
contains "on_internal_error open, good config: normal refusal" "[ticket-missing]" "$ERR"

# ---- the root ----
try "missing root" 'root: docs/tickets\n' "VM-023: x"
exit_is ".diarist.yaml naming a missing root: refused" 1
contains "missing root: names .diarist.yaml" ".diarist.yaml" "$ERR"
contains "missing root: names the folder" "docs/tickets" "$ERR"
mkdir -p docs/tickets
make_ticket docs/tickets DOC-7-NEW-ROOT active "New root" >/dev/null
try "moved root" 'root: docs/tickets\n' "DOC-7: in the new root"
exit_is "root: docs/tickets: its tickets resolve" 0
try "moved root" 'root: docs/tickets\n' "VM-023: old root"
exit_is "root: docs/tickets: tickets of ttmp/ are not seen" 1
rm -f .diarist.yaml
printf 'root: docs/tickets\n' >.ttmp.yaml
capture git commit -q --allow-empty -m "DOC-7: via .ttmp.yaml"
exit_is ".ttmp.yaml root: used when there is no .diarist.yaml" 0
printf 'root: ttmp\n' >.diarist.yaml
capture git commit -q --allow-empty -m "VM-023: .diarist.yaml wins"
exit_is ".diarist.yaml root wins over .ttmp.yaml" 0
rm -f .diarist.yaml .ttmp.yaml

# ---- no ttmp/ and no .diarist.yaml: not in use ----
P="$TMP/plain"
git init -q "$P"
cd "$P" || exit 1
install_hooks commit-msg
echo a >a && git add a
capture git commit -q -m "root commit"
exit_is "no workspace: the root commit passes" 0
echo b >b && git add b
capture git commit -q -m "no ref, no workspace"
exit_is "no workspace: a ref-less commit passes" 0
same "no workspace: one note line" \
	"diarist: note: no ticket workspace ($(pwd -P)/ttmp) here; diarist is not in use in this repository" "$ERR"
printf 'ticket:\n  require: true\n' >.diarist.yaml
capture git commit -q --allow-empty -m "opted in, no root"
exit_is "no ttmp/ but a .diarist.yaml: refused (opted in)" 1
contains "opted in, no root: says the root is missing" "does not exist" "$ERR"
printf 'ticket:\n  require: true\n' >.diarist.yaml
printf '' >.diarist.yaml
capture git commit -q --allow-empty -m "an empty .diarist.yaml"
exit_is "an empty .diarist.yaml also opts in: refused without a root" 1

done_testing
