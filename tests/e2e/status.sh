#!/bin/bash
# diarist status (SPEC §6 status, §6.1): one line per ticket on a history
# built here with the hooks installed (tasks checked across several
# commits, tests that pass and fail, a commit made without the hooks, a
# rebase, a ticket closed, a ticket whose index.md is broken), checked
# field by field in JSON (python3) and line by line in text; colour on a
# terminal only and never with NO_COLOR; the exit codes; and every ticket
# of the shared corpus listed, the expected list read from its index.md
# files by a python script of its own.
. "$(dirname "$0")/lib.sh"

# st ARGS...: diarist status ARGS, capture'd
st() { capture "$DIARIST" status "$@"; }

# set_tasks FILE DONE...: FILE's tasks (one per "- [ ]" line) with the
# numbered ones checked
set_tasks() {
	local f=$1 k
	shift
	sed -i 's/^- \[x\]/- [ ]/' "$f"
	for k in "$@"; do sed -i "$((k + 4))s/^- \[ \]/- [x]/" "$f"; done
}

# json_rows: $TMP/out read as diarist-status/1 JSON (docs/json-schema.md):
# the keys and their types, the summary agreeing with the rows; prints one
# line per ticket, "id status closed folder diary done/total steps rec
# unrec passed/failed/missing errors/warnings", and "summary ..." last.
# FACTS gets the output; a failure is reported as DESC.
cat >"$TMP/json_rows.py" <<'PY'
import json, sys
def nodup(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)
d = json.load(open(sys.argv[1]), object_pairs_hook=nodup)
assert list(d) == ["schema", "version", "commit", "root", "tickets", "summary"], list(d)
assert d["schema"] == "diarist-status/1", d["schema"]
keys = ["id", "title", "status", "closed", "folder", "diary", "diaries", "tasks", "steps",
        "commits", "evidence", "findings"]
parts = {"tasks": ["done", "total"], "commits": ["recorded", "unrecorded"],
         "evidence": ["passed", "failed", "missing"], "findings": ["errors", "warnings"]}
num = lambda x: isinstance(x, int) and not isinstance(x, bool) and x >= 0
for t in d["tickets"]:
    assert list(t) == keys, list(t)
    assert isinstance(t["id"], str) and t["id"]
    assert isinstance(t["closed"], bool)
    assert isinstance(t["folder"], str) and t["folder"].startswith(d["root"] + "/"), t
    for k in ("title", "status", "diary"):
        assert t[k] is None or isinstance(t[k], str), (k, t)
    assert isinstance(t["diaries"], list) and all(isinstance(x, str) for x in t["diaries"]), t
    assert t["diaries"][:1] == ([t["diary"]] if t["diary"] else []), t
    assert num(t["steps"])
    for p, fields in parts.items():
        assert list(t[p]) == fields, (p, t[p])
        assert all(num(t[p][f]) for f in fields), t[p]
    e = t["evidence"]
    assert e["passed"] + e["failed"] + e["missing"] == t["commits"]["recorded"], t
s = d["summary"]
assert s["tickets"] == len(d["tickets"]) == s["open"] + s["closed"], s
assert s["open"] == sum(not t["closed"] for t in d["tickets"]), s
for p, fields in parts.items():
    for f in fields:
        assert s[p][f] == sum(t[p][f] for t in d["tickets"]), (p, f, s)
assert s["steps"] == sum(t["steps"] for t in d["tickets"]), s
for t in d["tickets"]:
    print(t["id"], t["status"], str(t["closed"]).lower(), t["folder"], t["diary"],
          "%d/%d" % (t["tasks"]["done"], t["tasks"]["total"]), t["steps"],
          t["commits"]["recorded"], t["commits"]["unrecorded"],
          "%(passed)d/%(failed)d/%(missing)d" % t["evidence"],
          "%(errors)d/%(warnings)d" % t["findings"])
print("summary", s["tickets"], s["open"], s["closed"], s["hidden"],
      "%(errors)d/%(warnings)d" % s["findings"],
      "%(errors)d/%(warnings)d" % s["unticketed"])
PY
json_rows() {
	if FACTS=$(python3 "$TMP/json_rows.py" "$TMP/out" 2>&1); then ok "$1"; else
		FACTS=""
		not_ok "$1" "$(python3 "$TMP/json_rows.py" "$TMP/out" 2>&1 | tail -3)" "stdout: $OUT"
	fi
}

# row_of ID: the line of FACTS for ticket ID
row_of() { printf '%s\n' "$FACTS" | awk -v id="$1" '$1 == id'; }

# on_tty CMD...: CMD's output as it writes it on a terminal (a pty)
on_tty() {
	python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))' "$@"
}

# ---------------------------------------------------------------- the history
in_new_repo
D25=ttmp/2026/02/14/VM-025-BROKEN--broken-ticket
printf '# Tasks\n\n## Work\n\n- [ ] write the outline\n- [ ] write the guide\n- [ ] review the guide\n- [ ] publish the guide\n' \
	>"$D023/tasks.md"
git add ttmp && git commit -q -m "VM-023: plan the work"

# task 1 then task 2, each its own commit with passing tests, checked in the
# bookkeeping commit that follows it
tested_commit "VM-023: write the outline (task 1)"
set_tasks "$D023/tasks.md" 1
bookkeep VM-023
tested_commit "VM-023: write the guide (task 2)"
set_tasks "$D023/tasks.md" 1 2
bookkeep VM-023
at_task2=$(git rev-parse HEAD)
# task 3 with tests that fail
change
"$DIARIST" run -- false >/dev/null 2>&1
capture git commit -q -m "VM-023: review the guide (task 3)"
set_tasks "$D023/tasks.md" 1 2 3
bookkeep VM-023

# VM-024: one recorded commit with no evidence, one made with the hooks
# bypassed (unrecorded)
commit "VM-024: grants loader"
bookkeep VM-024
change
nohooks commit -q -m "VM-024: grants cache"

# a rebase: task 4 on a topic branch, main moves on, the topic is rebased
# (post-rewrite rewrites the recorded hash) and main takes it
git checkout -q -b topic
commit "VM-023: publish the guide (task 4)"
set_tasks "$D023/tasks.md" 1 2 3 4
bookkeep VM-023
name_commit before_rebase
git checkout -q main
commit "VM-024: grants table"
bookkeep VM-024
git checkout -q topic
capture git rebase -q main
exit_is "(set-up) the topic branch rebases onto main" 0
rebased=$(git log --format=%h --grep='publish the guide' -1)
if [ "$rebased" != "${NAMED[before_rebase]}" ] && grep -q "$rebased" "$DIARY23"; then
	ok "(set-up) post-rewrite recorded the rebased commit"
else
	not_ok "(set-up) post-rewrite recorded the rebased commit" "$(records "$DIARY23")"
fi
bookkeep VM-023
git checkout -q main && git merge -q --ff-only topic
before_close=$(git rev-parse HEAD)

# VM-023 is done: closed
sed -i 's/^Status: active/Status: complete/' "$D023/index.md"
bookkeep VM-023

# a ticket whose index.md has broken YAML: its ID is its folder name
mkdir -p "$D25"
printf -- '---\nTitle: [unclosed\nTicket: VM-025-BROKEN\nStatus: active\n---\n\n# Broken\n' >"$D25/index.md"
git add ttmp && git commit -q --no-verify -m "VM-025: add the ticket"
if [ -z "$(git status --porcelain)" ]; then ok "(set-up) the work tree is clean"; else
	not_ok "(set-up) the work tree is clean" "$(git status --porcelain)"; fi

# ------------------------------------------------------------------- JSON
st --format json
exit_is "status --format json exits 0 although there are errors" 0
json_rows "status --format json is diarist-status/1, its summary the sum of its rows"
same "open tickets only, those with errors first (then more warnings)" \
	"VM-024-PLUGIN-GRANTS VM-025-BROKEN" "$(printf '%s\n' "$FACTS" | awk '$1 != "summary" { print $1 }' | xargs)"
same "VM-024: 2 steps, 2 recorded, 1 unrecorded, no evidence; 1 error, 2 warnings" \
	"VM-024-PLUGIN-GRANTS active false $D024 $DIARY24 0/0 2 2 1 0/0/2 1/2" "$(row_of VM-024-PLUGIN-GRANTS)"
same "VM-025 with broken frontmatter still has its row, with its finding" \
	"VM-025-BROKEN None false $D25 None 0/0 0 0 0 0/0/0 1/0" "$(row_of VM-025-BROKEN)"
same "summary: 2 listed, 2 open, 0 closed, 2 hidden" \
	"summary 2 2 0 2 2/2 0/0" "$(printf '%s\n' "$FACTS" | tail -n 1)"
head=$(git rev-parse HEAD)
same "the document names the commit it read and the docs root" "$head ttmp" \
	"$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["commit"], d["root"])' "$TMP/out")"

st --format=json --all
exit_is "status --all --format=json exits 0" 0
json_rows "status --all: diarist-status/1"
same "--all: closed tickets too, ordered by errors, warnings, ID" \
	"VM-024-PLUGIN-GRANTS VM-023-IMPROVE-DOCS VM-025-BROKEN VM-001-OLD" \
	"$(printf '%s\n' "$FACTS" | awk '$1 != "summary" { print $1 }' | xargs)"
same "VM-023 closed: 4/4 tasks checked over 4 commits, 4 steps, evidence 2 passed 1 failed 1 missing" \
	"VM-023-IMPROVE-DOCS complete true $D023 $DIARY23 4/4 4 4 0 2/1/1 1/1" "$(row_of VM-023-IMPROVE-DOCS)"
same "VM-001 closed, nothing in it" \
	"VM-001-OLD complete true ttmp/2026/02/14/VM-001-OLD--old-work None 0/0 0 0 0 0/0/0 0/0" \
	"$(row_of VM-001-OLD)"
same "summary with --all: 4 listed, 2 open, 2 closed, none hidden" \
	"summary 4 2 2 0 3/3 0/0" "$(printf '%s\n' "$FACTS" | tail -n 1)"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = {x["id"]: x for x in d["tickets"]}
assert t["VM-023-IMPROVE-DOCS"]["title"] == "Improve docs", t
assert t["VM-025-BROKEN"]["title"] is None and t["VM-025-BROKEN"]["status"] is None, t
' "$TMP/out" && ok "titles as written; none for the broken index.md" || not_ok "titles as written; none for the broken index.md" "$OUT"

# the findings counted per ticket are check --all's, ticket by ticket
capture "$DIARIST" check --all --format json
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))
want = {}
for f in c["findings"]:
    if f["ticket"]:
        e = want.setdefault(f["ticket"], [0, 0])
        e[0 if f["level"] == "error" else 1] += 1
for line in open(sys.argv[2]):
    w = line.split()
    if w[0] == "summary":
        continue
    got = [int(x) for x in w[-1].split("/")]
    assert got == want.get(w[0], [0, 0]), (w[0], got, want.get(w[0]))
    if w[0] == "VM-024-PLUGIN-GRANTS":
        assert sum(f["rule"] == "commit-unrecorded" for f in c["findings"]) == int(w[-3])
' "$TMP/out" <(printf '%s\n' "$FACTS") && ok "findings per ticket agree with check --all --format json" ||
	not_ok "findings per ticket agree with check --all --format json" "$FACTS" "$OUT"
rules=$(python3 -c 'import json, sys
print(" ".join(sorted("%s:%s" % (f["rule"], f["ticket"]) for f in json.load(open(sys.argv[1]))["findings"])))' "$TMP/out")
same "the findings are the ones the history put in" \
	"commit-unrecorded:VM-024-PLUGIN-GRANTS evidence-failed:VM-023-IMPROVE-DOCS evidence-missing:VM-023-IMPROVE-DOCS evidence-missing:VM-024-PLUGIN-GRANTS evidence-missing:VM-024-PLUGIN-GRANTS frontmatter-invalid:VM-025-BROKEN" \
	"$rules"

# ------------------------------------------------------------------- text
st
exit_is "status exits 0" 0
same "text: a header, one line per open ticket, the summary" \
	"ID                   STATUS TASKS        STEPS REC UNREC EVIDENCE ERR WARN
VM-024-PLUGIN-GRANTS active [------] 0/0     2   2     1    0/0/2   1    2
VM-025-BROKEN        -      [------] 0/0     0   0     0    0/0/0   1    0
diarist status: 2 open tickets (2 closed: --all); 2 errors, 2 warnings" "$OUT"
same "nothing on stderr" "" "$ERR"
st --all
same "text --all" \
	"ID                   STATUS   TASKS        STEPS REC UNREC EVIDENCE ERR WARN
VM-024-PLUGIN-GRANTS active   [------] 0/0     2   2     1    0/0/2   1    2
VM-023-IMPROVE-DOCS  complete [######] 4/4     4   4     0    2/1/1   1    1
VM-025-BROKEN        -        [------] 0/0     0   0     0    0/0/0   1    0
VM-001-OLD           complete [------] 0/0     0   0     0    0/0/0   0    0
diarist status: 4 tickets (2 open, 2 closed); 3 errors, 3 warnings" "$OUT"
lacks "no colour when stdout is not a terminal" $'\033' "$OUT"

# the state of HEAD, wherever it is: before VM-023 was closed, and when
# two of its four tasks were checked
git checkout -q "$before_close"
st
contains "4 of 4 tasks, not closed yet: listed as active, a full bar" \
	"VM-023-IMPROVE-DOCS  active [######] 4/4" "$OUT"
git checkout -q "$at_task2"
st
contains "2 of 4 tasks: half a bar" "VM-023-IMPROVE-DOCS  active [###---] 2/4" "$OUT"
git checkout -q main

# colour on a terminal, never with NO_COLOR
tty_out=$(on_tty "$DIARIST" status)
contains "on a terminal: colour" $'\033[1;31m' "$tty_out"
tty_out=$(NO_COLOR=1 on_tty "$DIARIST" status)
lacks "on a terminal with NO_COLOR: no colour" $'\033' "$tty_out"
contains "on a terminal with NO_COLOR: the same table" "VM-024-PLUGIN-GRANTS active [------] 0/0" "$tty_out"
tty_out=$(on_tty "$DIARIST" status --format json)
lacks "JSON on a terminal: no colour" $'\033' "$tty_out"

# from a subfolder of the work tree, the same
(cd "$D024" && "$DIARIST" status --format json) >"$TMP/sub.json" 2>/dev/null
cp "$TMP/sub.json" "$TMP/out"
json_rows "from a subfolder: the same JSON"
same "from a subfolder: the same rows" "VM-024-PLUGIN-GRANTS VM-025-BROKEN" \
	"$(printf '%s\n' "$FACTS" | awk '$1 != "summary" { print $1 }' | xargs)"

# long IDs are cut to fit 80 columns
D26=ttmp/2026/02/15/VM-026-A-TICKET-WITH-A-VERY-LONG-IDENTIFIER-INDEED--x
make_ticket ttmp VM-026-A-TICKET-WITH-A-VERY-LONG-IDENTIFIER-INDEED active >/dev/null
git add ttmp && git commit -q --no-verify -m "VM-026: add the ticket"
st
widest=$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
if [ "$widest" -le 80 ]; then ok "every line fits in 80 columns ($widest)"; else
	not_ok "every line fits in 80 columns" "$OUT"; fi
contains "a long ID is cut to its column, ending in an ellipsis" \
	"VM-026-A-TICKET-WITH-A-VE… active [------] 0/0" "$OUT"

# ------------------------------------------------------------ exit codes
st --format xml
exit_is "an unknown format: exit 2" 2
contains "it names the format" "unknown format 'xml'" "$ERR"
st --bogus
exit_is "an unknown option: exit 2" 2
st VM-023
exit_is "an argument: exit 2" 2
st --format
exit_is "--format with no value: exit 2" 2

printf 'rules:\n  no-such-rule: error\n' >.diarist.yaml
st
exit_is "a bad .diarist.yaml: exit 2" 2
contains "it names the file" ".diarist.yaml" "$ERR"
rm .diarist.yaml

mkdir "$TMP/nogit"
(cd "$TMP/nogit" && capture "$DIARIST" status && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc") ERR=$(cat "$TMP/err")
exit_is "not a repository: exit 3" 3
contains "it says so" "not a git repository" "$ERR"

git init -q "$TMP/empty"
(cd "$TMP/empty" && capture "$DIARIST" status && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc") OUT=$(cat "$TMP/out")
exit_is "no commit yet: exit 0" 0
contains "no commit yet: it says so" "no commits yet" "$OUT"

git init -q "$TMP/plain"
(cd "$TMP/plain" && echo x >f && git add f && git commit -q -m init && capture "$DIARIST" status &&
	echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc") OUT=$(cat "$TMP/out")
exit_is "no docs root: exit 0" 0
contains "no docs root: it says so" "no ticket workspace (ttmp)" "$OUT"
(cd "$TMP/plain" && capture "$DIARIST" status --format json && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc")
exit_is "no docs root, JSON: exit 0" 0
json_rows "no docs root, JSON: a document with no tickets"
same "no docs root, JSON: empty" "summary 0 0 0 0 0/0 0/0" "$FACTS"

# a bare clone: the same rows, read from the objects; a shallow clone: the
# history cannot be judged, and status says so rather than list nothing
st --all --format json
json_rows "(set-up) the rows of the work repository"
rows_here=$FACTS
git clone -q --bare "$R" "$TMP/bare.git"
(cd "$TMP/bare.git" && capture "$DIARIST" status --all --format json && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc")
exit_is "a bare repository: exit 0" 0
json_rows "a bare repository: diarist-status/1"
same "a bare repository: the same rows as its origin" "$rows_here" "$FACTS"
git clone -q --depth 1 "file://$R" "$TMP/shallow" 2>/dev/null
(cd "$TMP/shallow" && capture "$DIARIST" status && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc") OUT=$(cat "$TMP/out")
exit_is "a shallow clone: exit 0" 0
contains "a shallow clone: it says the history cannot be judged" \
	"diarist status: the repository is shallow" "$OUT"
contains "a shallow clone: and how to fix it" "git fetch --unshallow" "$OUT"

# ------------------------------------------------------------- the corpus
# every ticket folder of the corpus, committed as it is, is a row of
# status --all; the expected IDs come from the index.md files themselves
if [ ! -d "$CORPUS/vm-system/ttmp" ]; then
	# a user's clone has no shared corpus beside it (CI does)
	T_N=$((T_N + 1))
	echo "ok $T_N - the corpus's rows # SKIP the shared corpus is not at $CORPUS (DIARIST_CORPUS names it)"
else
C="$TMP/corpus"
git init -q "$C"
if cp -R "$CORPUS/vm-system/ttmp" "$C/ttmp" && (cd "$C" && git add -A && git commit -q -m "import the corpus")
then ok "(set-up) a repository of the corpus ($CORPUS)"
else not_ok "(set-up) a repository of the corpus ($CORPUS)" "set DIARIST_CORPUS to the shared corpus"
fi
python3 - "$C" >"$TMP/corpus.want" <<'PY'
import os, re, sys
top = sys.argv[1]
rows = []
for d, subdirs, files in os.walk(os.path.join(top, "ttmp")):
    subdirs[:] = [s for s in subdirs if not s.startswith(("_", "."))]
    if "index.md" not in files or d == os.path.join(top, "ttmp"):
        continue
    name = os.path.basename(d)
    tid = name.split("--")[0]
    text = open(os.path.join(d, "index.md"), encoding="utf-8").read()
    if text.startswith("---\n"):
        m = re.search(r"^Ticket:\s*(\S+)\s*$", text.split("\n---", 1)[0], re.M)
        if m:
            tid = m.group(1)
    rows.append((tid, os.path.relpath(d, top)))
for tid, folder in sorted(rows):
    print(tid, folder)
PY
same "(set-up) the corpus has 27 ticket folders" 27 "$(wc -l <"$TMP/corpus.want" | tr -d ' ')"
(cd "$C" && capture "$DIARIST" status --all --format json && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc")
exit_is "corpus: status --all exits 0" 0
json_rows "corpus: status --all is diarist-status/1"
printf '%s\n' "$FACTS" | awk '$1 != "summary" { print $1, $4 }' | sort >"$TMP/corpus.got"
same_file "corpus: every ticket folder is a row, with its ID" "$TMP/corpus.want" "$TMP/corpus.got"
(cd "$C" && capture "$DIARIST" status --all && echo "$RC" >"$TMP/rc")
RC=$(cat "$TMP/rc") OUT=$(cat "$TMP/out")
same "corpus text: a header, 27 rows, a summary" 29 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
widest=$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
if [ "$widest" -le 80 ]; then ok "corpus text fits in 80 columns ($widest)"; else
	not_ok "corpus text fits in 80 columns" "$OUT"; fi
missing=""
for id in $(cut -d' ' -f1 "$TMP/corpus.want" | sort -u); do
	printf '%s\n' "$OUT" | grep -q "^${id:0:18}" || missing="$missing $id"
done
same "corpus text: every ID starts a line (cut to its column)" "" "$missing"
# the two VM-016 folders share an ID: each counts the findings in its
# own folder, so the totals are check's, not more
sum_status=$(cd "$C" && "$DIARIST" status --all --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["findings"]["errors"], sum(t["findings"]["errors"] for t in d["tickets"]))')
sum_check=$(cd "$C" && "$DIARIST" check --all --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d["summary"]["errors"]; print(e, e - sum(1 for f in d["findings"] if f["ticket"] is None and f["level"] == "error"))')
same "corpus: a duplicated ID does not count its findings twice (status totals = check's)" \
	"$(echo "$sum_check" | cut -d' ' -f2) $(echo "$sum_check" | cut -d' ' -f2)" "$sum_status"
# and each folder counts those in its own files (13 and 1 in the corpus)
(cd "$C" && "$DIARIST" status --all --format json >"$TMP/dup.status" &&
	"$DIARIST" check --all --format json >"$TMP/dup.check")
per_folder=$(python3 - "$TMP/dup.status" "$TMP/dup.check" <<'PY'
import json, sys
st, ck = (json.load(open(p)) for p in sys.argv[1:3])
ids = {}
for t in st["tickets"]:
    ids.setdefault(t["id"].lower(), []).append(t)
for tid, rows in sorted(ids.items()):
    if len(rows) < 2:
        continue
    for t in sorted(rows, key=lambda r: r["folder"]):
        mine = [f for f in ck["findings"] if (f["ticket"] or "").lower() == tid and
                (f.get("file") or "").startswith(t["folder"] + "/")]
        print(t["folder"], sum(f["level"] == "error" for f in mine), t["findings"]["errors"])
PY
)
same "corpus: two folders of one ID: each counts the findings of its own files" \
	"$(printf '%s\n' "$per_folder" | awk '{ print $1, $2, $2 }')" "$per_folder"
check "corpus: two folders of one ID: there are some" test "$(printf '%s\n' "$per_folder" | wc -l)" -ge 2
fi

done_testing
