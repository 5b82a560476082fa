#!/bin/bash
# diarist log (SPEC §6 log, §6.1): a ticket's timeline on a history built
# here with the hooks installed (post-commit writes the diary, the test
# commits it): tasks planned, checked across commits, one with a stable ID
# whose text changes, one unchecked again; a step added; the status set,
# then changed; a rebase that post-rewrite follows. The JSON read back
# field by field (python3), the text line by line; TICKET resolved as a
# commit message's ref (vm023), an ambiguous ref and an unknown one (exit 2,
# candidates and suggestions on stderr); usage and repository errors.
. "$(dirname "$0")/lib.sh"

# lg ARGS...: diarist log ARGS, capture'd
lg() { capture "$DIARIST" log "$@"; }

# at TIME: the author and committer date of the next commits
at() { export GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1"; }

# events: $TMP/out read as diarist-log/1 JSON (docs/json-schema.md): the
# keys, in order, and their types; prints the ticket line, then one line
# per event: "kind commit7 abbrev-is-a-prefix time | what" (FACTS). A
# failure is reported as DESC.
cat >"$TMP/events.py" <<'PY'
import json, re, sys
def nodup(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)
d = json.load(open(sys.argv[1]), object_pairs_hook=nodup)
assert list(d) == ["schema", "version", "commit", "ticket", "folder", "title", "status",
                   "events"], list(d)
assert d["schema"] == "diarist-log/1", d["schema"]
assert re.fullmatch(r"[0-9a-f]{40}", d["commit"]), d["commit"]
keys = ["kind", "time", "commit", "abbrev", "author", "subject", "step", "names", "exempt",
        "tests", "tests_exit", "task", "task_id", "task_text", "step_number", "step_title",
        "status_from", "status_to", "diary"]
kinds = {"commit", "task-checked", "task-unchecked", "step-added", "status"}
num = lambda x: isinstance(x, int) and not isinstance(x, bool)
opt = lambda x, t: x is None or isinstance(x, t)
print("ticket", d["ticket"], d["folder"], d["title"], d["status"])
for e in d["events"]:
    assert list(e) == keys, list(e)
    k = e["kind"]
    assert k in kinds, k
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", e["time"]), e["time"]
    assert re.fullmatch(r"[0-9a-f]{40}", e["commit"]) and e["commit"].startswith(e["abbrev"])
    assert len(e["abbrev"]) >= 7 and isinstance(e["author"], str) and isinstance(e["subject"], str)
    c = k == "commit"
    t = k.startswith("task-")
    assert (num(e["step"]) or e["step"] is None) if c else e["step"] is None, e
    assert isinstance(e["names"], bool) if c else e["names"] is None, e
    assert e["exempt"] in (None, "bookkeeping", "merge", "fixup") and (c or e["exempt"] is None), e
    assert opt(e["tests"], str) and (c or e["tests"] is None), e
    assert (num(e["tests_exit"]) or e["tests_exit"] is None) and (c or e["tests_exit"] is None), e
    assert num(e["task"]) if t else e["task"] is None, e
    assert opt(e["task_id"], str) and isinstance(e["task_text"], str) if t else \
        e["task_id"] is None and e["task_text"] is None, e
    assert (num(e["step_number"]) and isinstance(e["step_title"], str)) if k == "step-added" \
        else e["step_number"] is None and e["step_title"] is None, e
    stepped = k == "step-added" or (c and e["step"] is not None)
    assert e["diary"].startswith(d["folder"] + "/") if stepped else e["diary"] is None, e
    if k == "status":
        assert opt(e["status_from"], str) and opt(e["status_to"], str), e
    else:
        assert e["status_from"] is None and e["status_to"] is None, e
    if c:
        what = "%s step=%s names=%s exempt=%s tests_exit=%s tests=%s" % (
            e["subject"], e["step"], e["names"], e["exempt"], e["tests_exit"],
            (e["tests"] or "").split(";")[0])
    elif t:
        what = "%s %s %s" % (e["task"], e["task_id"], e["task_text"])
    elif k == "step-added":
        what = "%s %s" % (e["step_number"], e["step_title"])
    else:
        what = "%s -> %s" % (e["status_from"], e["status_to"])
    print(k, e["commit"][:7], e["time"], "|", what)
PY
events() {
	if FACTS=$(python3 "$TMP/events.py" "$TMP/out" 2>&1); then ok "$1"; else
		not_ok "$1" "$FACTS" "stdout: $OUT"; fi
}
# event_lines PATTERN: the lines of FACTS for events whose kind matches
event_lines() { printf '%s\n' "$FACTS" | awk -v k="$1" '$1 ~ k'; }
c7() { git rev-parse --short=7 "${1:-HEAD}"; }

# ---------------------------------------------------------------- the history
in_new_repo
init=$(c7)
at 2026-02-15T09:00:00+01:00
printf '# Tasks\n\n## Docs\n\n- [ ] write the guide\n- [ ] review the API <!-- t:api -->\n- [ ] publish\n' \
	>"$D023/tasks.md"
git add ttmp && git commit -q -m "VM-023: plan the tasks"
plan=$(c7)
at 2026-02-15T10:00:00+01:00
tested_commit "VM-023: write the guide"
exit_is "(set-up) the first commit is made" 0
guide=$(c7)
if grep -q "^\*\*Tests:\*\* .true. " "$DIARY23"; then ok "(set-up) post-commit recorded it with evidence"; else
	not_ok "(set-up) post-commit recorded it with evidence" "$(cat "$DIARY23" 2>&1)"; fi
at 2026-02-15T11:00:00+01:00
bookkeep VM-023
diary=$(c7)
at 2026-02-15T12:00:00+01:00
printf '# Tasks\n\n## Docs\n\n- [x] write the guide\n- [x] review the public API <!-- t:api -->\n- [ ] publish\n' \
	>"$D023/tasks.md"
git add ttmp && git commit -q -m "VM-023: tick tasks 1 and 2"
tick=$(c7)
at 2026-02-15T13:00:00-05:00
sed -i 's/^- \[x\] write the guide/- [ ] write the guide/' "$D023/tasks.md"
git add ttmp && git commit -q -m "VM-023: the guide is not done after all"
untick=$(c7)
at 2026-02-16T09:00:00+01:00
sed -i 's/^Status: active/Status: review/' "$D023/index.md"
git add ttmp && git commit -q -m "VM-023: ready for review"
review=$(c7)
if [ -z "$(git status --porcelain)" ]; then ok "(set-up) the work tree is clean"; else
	not_ok "(set-up) the work tree is clean" "$(git status --porcelain)"; fi

# ------------------------------------------------------------------- JSON
lg vm023 --format json
exit_is "log vm023 --format json exits 0" 0
events "log --format json is diarist-log/1, every field present and typed"
same "the ticket: its ID, folder, title and status in HEAD" \
	"ticket VM-023-IMPROVE-DOCS $D023 Improve docs review" "$(printf '%s\n' "$FACTS" | head -n 1)"
same "the document names the commit it read" "$(git rev-parse HEAD)" \
	"$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["commit"])' "$TMP/out")"
same "every event, oldest first" \
	"status $init 2026-02-14T10:00:00+00:00 | None -> active
commit $plan 2026-02-15T09:00:00+01:00 | VM-023: plan the tasks step=None names=True exempt=bookkeeping tests_exit=None tests=
commit $guide 2026-02-15T10:00:00+01:00 | VM-023: write the guide step=1 names=True exempt=None tests_exit=0 tests=\`true\` — exit 0
commit $diary 2026-02-15T11:00:00+01:00 | VM-023: diary step=None names=True exempt=bookkeeping tests_exit=None tests=
step-added $diary 2026-02-15T11:00:00+01:00 | 1 VM-023: write the guide
commit $tick 2026-02-15T12:00:00+01:00 | VM-023: tick tasks 1 and 2 step=None names=True exempt=bookkeeping tests_exit=None tests=
task-checked $tick 2026-02-15T12:00:00+01:00 | 1 None write the guide
task-checked $tick 2026-02-15T12:00:00+01:00 | 2 api review the public API
commit $untick 2026-02-15T13:00:00-05:00 | VM-023: the guide is not done after all step=None names=True exempt=bookkeeping tests_exit=None tests=
task-unchecked $untick 2026-02-15T13:00:00-05:00 | 1 None write the guide
commit $review 2026-02-16T09:00:00+01:00 | VM-023: ready for review step=None names=True exempt=bookkeeping tests_exit=None tests=
status $review 2026-02-16T09:00:00+01:00 | active -> review" \
	"$(printf '%s\n' "$FACTS" | tail -n +2)"
python3 - "$TMP/out" <<'PY' >"$TMP/fields" 2>&1
import json, sys
e = [x for x in json.load(open(sys.argv[1]))["events"] if x["step"] == 1][0]
assert e["author"] == "Test Author <author@example.com>", e["author"]
assert e["tests"].startswith("`true` \u2014 exit 0; ") and ", tree " in e["tests"], e["tests"]
assert e["tests_exit"] == 0 and e["names"] is True and e["exempt"] is None, e
PY
if [ $? -eq 0 ]; then ok "the recorded commit: author, its Tests line after the label, exit 0"; else
	not_ok "the recorded commit: author, its Tests line after the label, exit 0" "$(cat "$TMP/fields")"; fi

# ------------------------------------------------------------------- text
lg VM-023-IMPROVE-DOCS
exit_is "log VM-023-IMPROVE-DOCS exits 0" 0
same "one line per event, oldest first: date, hash, author and subject, or what happened" \
	"2026-02-14 10:00  $init  status: active
2026-02-15 09:00  $plan  Test Author  VM-023: plan the tasks  (bookkeeping)
2026-02-15 10:00  $guide  Test Author  VM-023: write the guide  (step 1; tests: exit 0)
2026-02-15 11:00  $diary  Test Author  VM-023: diary  (bookkeeping)
2026-02-15 11:00  $diary  step 1 added: \"VM-023: write the guide\"
2026-02-15 12:00  $tick  Test Author  VM-023: tick tasks 1 and 2  (bookkeeping)
2026-02-15 12:00  $tick  task 1 checked: \"write the guide\"
2026-02-15 12:00  $tick  task 2 (t:api) checked: \"review the public API\"
2026-02-15 13:00  $untick  Test Author  VM-023: the guide is not done after all  (bookkeeping)
2026-02-15 13:00  $untick  task 1 unchecked: \"write the guide\"
2026-02-16 09:00  $review  Test Author  VM-023: ready for review  (bookkeeping)
2026-02-16 09:00  $review  status: active -> review" "$OUT"
same "nothing on stderr" "" "$ERR"
text_vm023=$OUT
lg vm023
same "vm023 resolves to VM-023-IMPROVE-DOCS (the same timeline)" "$text_vm023" "$OUT"
lg -- VM-023
same "VM-023 after -- too" "$text_vm023" "$OUT"
lg vm023 --format=text
same "--format=text is the default" "$text_vm023" "$OUT"
lg VM-024
exit_is "a ticket with no commit of its own: exit 0" 0
same "VM-024: its status, set by the initial import" "2026-02-14 10:00  $init  status: active" "$OUT"

# ------------------------------------------------------------------- rebase
# VM-024 on a topic branch, recorded by post-commit; main moves on; the
# rebase rewrites the commit and post-rewrite the diary's record
git checkout -q -b topic
at 2026-02-17T09:00:00+01:00
tested_commit "VM-024: grants loader"
old=$(git rev-parse HEAD)
git checkout -q main
at 2026-02-17T10:00:00+01:00
commit "VM-023: more docs"
bookkeep VM-023
git checkout -q topic
at 2026-02-17T11:00:00+01:00
capture git rebase -q main
exit_is "(set-up) the topic branch rebases onto main" 0
new=$(git rev-parse HEAD)
bookkeep VM-024
lg vm024 --format json
exit_is "log after a rebase exits 0" 0
events "after a rebase: diarist-log/1"
# (its evidence was for the tree before the rebase: post-rewrite drops it)
same "the rebased commit, in the step post-rewrite moved its record to; the old one gone" \
	"commit ${new:0:7} 2026-02-17T11:00:00+01:00 | VM-024: grants loader step=1 names=True exempt=None tests_exit=None tests=" \
	"$(event_lines '^commit$' | grep -v bookkeeping)"
lacks "the commit before the rebase is not in the timeline" "${old:0:7}" "$FACTS"

# ------------------------------------------------------------ resolution
lg VM
exit_is "an ambiguous ref: exit 2" 2
same "nothing on stdout" "" "$OUT"
same "the candidates on stderr" "diarist log: 'VM' names several tickets:
  VM-001-OLD
  VM-023-IMPROVE-DOCS
  VM-024-PLUGIN-GRANTS
hint: write more of the ID" "$ERR"
lg VM-025
exit_is "an unknown ref: exit 2" 2
contains "it says there is no such ticket" "diarist log: no ticket 'VM-025'" "$ERR"
contains "and suggests the closest IDs" "hint: the closest tickets: VM-0" "$ERR"
lg vm02
exit_is "vm02 stops inside an ID's number: no ticket" 2

# ------------------------------------------------------------ usage, errors
lg
exit_is "no TICKET: usage error, exit 2" 2
contains "the usage is shown" "usage: diarist log TICKET [--format text|json]" "$ERR"
lg vm023 vm024
exit_is "two tickets: exit 2" 2
lg vm023 --format xml
exit_is "an unknown format: exit 2" 2
contains "it names the format" "unknown format 'xml'" "$ERR"
lg vm023 --since yesterday
exit_is "an unknown option: exit 2" 2
capture "$DIARIST" help log
exit_is "help log exits 0" 0
contains "help log shows the usage" "usage: diarist log TICKET [--format text|json]" "$OUT"
capture "$DIARIST" help
lacks "log is no longer 'not built yet'" "not built yet: log" "$OUT"
contains "help lists log" "diarist log TICKET" "$OUT"

mkdir -p "$TMP/empty" && git init -q "$TMP/empty"
(cd "$TMP/empty" && "$DIARIST" log vm023 >"$TMP/out" 2>"$TMP/err")
RC=$? OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
exit_is "a repository with no commits: exit 2" 2
contains "it says so" "no commits yet" "$ERR"
mkdir -p "$TMP/nogit"
(cd "$TMP/nogit" && GIT_CEILING_DIRECTORIES="$TMP" "$DIARIST" log vm023 >"$TMP/out" 2>"$TMP/err")
RC=$? OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
exit_is "no repository: exit 3" 3
contains "an error on stderr" "diarist: error: " "$ERR"
lg vm023
not_crashed "no crash anywhere"

done_testing
