#!/usr/bin/env python3
"""Generate a git history with docmgr tickets for diarist's benchmarks.

Used by bench/pre-push.sh and bench/check-all.sh (see bench/README.md).

    python3 bench/gen_history.py prepush REPO [--tickets 100] [--commits 1000]
    python3 bench/gen_history.py history REPO [--tickets 2000] [--commits 100000]

REPO must be an empty folder or a fresh `git init`. The history is written
with one `git fast-import` (asked for commit and tree ids on the way with
get-mark / ls), on refs/heads/main, and checked out. The text is
pseudo-random with a fixed seed (--seed), so the same arguments give the
same history (the same commit ids).

Tickets use the docmgr layout, ttmp/YYYY/MM/DD/PROJ-NNNN-WORD-WORD--slug/
with index.md, tasks.md, changelog.md and reference/01-diary.md. Work
happens in "sessions": a few tickets get code commits (interleaved, each
changing src/ and naming its ticket in the subject prefix, a conventional
commit scope or a Ticket: trailer), then each of those tickets gets one
bookkeeping commit (only ttmp/ changes) that appends a diary step per code
commit: `## Step N: ...`, `**Commit (code):** <abbrev> — "<subject>"`, a
`**Tests:**` line naming the commit and its tree, and checks the tasks the
steps claim ("(Task 3)", "**Tasks:** 3", "(task t:ab12)"). A ticket whose
planned work is done is closed (Status: complete, all tasks checked).

prepush: root commit, one commit per ticket creating it, a first session
over all tickets (2 commits each), tagged bench-base (what the remote
has); then one session of --commits code commits spread over all tickets
in random order and one bookkeeping commit per ticket: main. Clean: every
commit is traced and recorded, with evidence.

history: --commits commits in all (exactly), --tickets tickets created as
the history goes, sessions of 1-4 tickets. Some drift is put in on purpose
("mostly" clean, as a real repository adopting diarist): unrecorded
commits, commits that name no ticket or an unknown one, `pending`
placeholders, stale and unknown hashes, steps without evidence or with
failed or mismatched evidence, tasks checked with no claim, repeated step
numbers. What was put in is counted in REPO/.git/bench-manifest.json
(tip, counts, expected findings per rule).
"""

import argparse
import json
import os
import random
import subprocess
import sys

GENERATOR_VERSION = 1

VERBS = ("add remove rename split extract wire validate document cache refactor "
         "harden migrate inline normalise trace").split()
NOUNS = ("executor session pipeline template registry schema handler router "
         "recorder bootstrap loader daemon endpoint fixture parser queue").split()
QUALS = "helper contract baseline fallback path tests wiring errors checkpoint layer".split()
OUTCOMES = ["stays deterministic", "keeps one code path", "reports write errors",
            "matches the API contract", "survives a restart", "no longer leaks handles",
            "is covered by the regression suite", "returns the documented status"]
WORDS = ("import frontend backend runtime plugin cache index diary review permissions "
         "editor toolbar metrics registry schema export parser layout sandbox session "
         "worker queue search report billing audit login upload theme docs").split()
AREAS = "engine store transport daemon ui cli vmexec session control api".split()
CTYPES = "feat fix refactor test docs chore perf".split()
TASK_TEXT = ["Write the design doc", "Implement the {n} {q}", "Add tests for the {n}",
             "Wire the {n} into the daemon", "Document the {n} {q}", "Review the {n} errors",
             "Benchmark the {n}", "Remove the old {n} {q}", "Update the CLI help",
             "Migrate the {n} schema"]
DAY = 86400


def cap(s):
    return s[:1].upper() + s[1:]


class Tee:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def write(self, x):
        self.a.write(x)
        self.b.write(x)

    def flush(self):
        self.a.flush()

    def close(self):
        self.a.close()
        self.b.close()


class Gen:
    def __init__(self, repo, seed, manifest):
        self.rnd = random.Random(seed)
        self.repo = repo
        self.manifest = manifest
        self.mark = 0
        self.ncommits = 0
        self.time = 1735722000  # 2025-01-01T09:00:00Z
        self.prefixes = {}  # 7-hex prefix -> full ids of commits (abbreviation)
        self.files = {}  # src path -> list of lines
        self.known = {}  # mark -> (commit id, tree id)
        self.asked = []  # lists of marks asked for, oldest first
        self.proc = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done", "--force"], cwd=repo,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)
        self.out = self.proc.stdin
        if os.environ.get("GEN_TEE"):
            self.out = Tee(self.out, open(os.environ["GEN_TEE"], "wb"))

    # ------------------------------------------------------------ text
    def pick(self, seq):
        return seq[self.rnd.randrange(len(seq))]

    def sentence(self):
        r = self.rnd
        return "%s the %s in `src/%s/%s.c` so that the %s %s." % (
            cap(self.pick(VERBS)), self.pick(NOUNS), self.pick(AREAS), self.pick(NOUNS),
            self.pick(NOUNS), OUTCOMES[r.randrange(len(OUTCOMES))])

    # ------------------------------------------------------- fast-import
    def w(self, s):
        self.out.write(s.encode())

    def data(self, b):
        if isinstance(b, str):
            b = b.encode()
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def commit(self, msg, files, ref="refs/heads/main", parent=None, author=None):
        """Write a commit changing `files` (path -> text); returns its mark."""
        self.time += self.rnd.randrange(120, 1500)
        self.mark += 1
        if ref == "refs/heads/main":
            self.ncommits += 1
        who = author or self.pick(["Ada Lovelace <ada@example.invalid>",
                                   "Grace Hopper <grace@example.invalid>",
                                   "Alan Turing <alan@example.invalid>",
                                   "Edsger Dijkstra <edsger@example.invalid>"])
        self.w("commit %s\nmark :%d\nauthor %s %d +0100\ncommitter %s %d +0100\n" %
               (ref, self.mark, who, self.time, who, self.time))
        self.data(msg)
        if parent is not None:
            self.w("from :%d\n" % parent)
        for path, text in files.items():
            self.w("M 100644 inline %s\n" % path)
            self.data(text)
        self.w("\n")
        return self.mark

    def ask(self, marks):
        """Ask fast-import for the commit and tree ids of `marks`; the
        answers are read later by known(), so that this script and
        fast-import work at the same time."""
        marks = [m for m in marks if m not in self.known]
        for m in marks:
            self.w("get-mark :%d\nls :%d \"\"\n" % (m, m))
        self.out.flush()
        self.asked.append(marks)

    def answers(self):
        """Read the answers to the oldest ask() into self.known."""
        for m in self.asked.pop(0):
            cid = self.proc.stdout.readline().decode().strip()
            ls = self.proc.stdout.readline().decode().split()
            self.known[m] = (cid, ls[2])

    def abbrev(self, cid):
        """The commit's id cut to 7 hex digits, longer when another commit
        generated so far shares that prefix (as git's core.abbrev would)."""
        k = cid[:7]
        others = self.prefixes.setdefault(k, [])
        if cid not in others:
            others.append(cid)
        n = 7
        while any(o != cid and o[:n] == cid[:n] for o in others):
            n += 1
        return cid[:n]

    def finish(self, tags):
        for name, mark in tags.items():
            self.w("reset %s\nfrom :%d\n\n" % (name, mark))
        self.w("done\n")
        self.out.close()
        if self.proc.wait() != 0:
            sys.exit("gen_history: git fast-import failed")

    # ----------------------------------------------------------- source
    def code_change(self, areas):
        """Change one or two source files; returns {path: text}."""
        out = {}
        for _ in range(1 if self.rnd.random() < 0.85 else 2):
            area = self.pick(areas)
            path = "src/%s/%s.c" % (area, self.pick(NOUNS))
            lines = self.files.get(path)
            if lines is None:
                lines = ["/* %s */" % path] + [
                    "int %s_%s_%d = 0;" % (area, self.pick(NOUNS), i) for i in range(1, 40)]
                self.files[path] = lines
            i = self.rnd.randrange(1, len(lines))
            lines[i] = "int %s_%s_%d = %d;" % (area, self.pick(NOUNS), i,
                                               self.rnd.randrange(1 << 30))
            out[path] = "\n".join(lines) + "\n"
        return out


class Ticket:
    def __init__(self, g, num, when):
        r = g.rnd
        self.g = g
        self.num = num
        a, b, c = g.pick(WORDS), g.pick(WORDS), g.pick(WORDS)
        self.ref = "PROJ-%04d" % num
        self.id = "%s-%s-%s" % (self.ref, a.upper(), b.upper())
        y, mo, d = civil(when)
        self.dir = "ttmp/%04d/%02d/%02d/%s--%s-%s-%s" % (y, mo, d, self.id, a, b, c)
        self.title = "%s %s %s" % (cap(a), b, c)
        self.topic = a
        self.areas = [AREAS[(num * 3) % len(AREAS)], AREAS[(num * 7 + 1) % len(AREAS)]]
        self.status = "active"
        self.stamp = iso(when)
        ntasks = r.randrange(6, 13)
        self.tasks = []  # [text, checked, stable id or None]
        for k in range(ntasks):
            text = TASK_TEXT[k % len(TASK_TEXT)].format(n=g.pick(NOUNS), q=g.pick(QUALS))
            if k >= len(TASK_TEXT):
                text += " (part %d)" % (k // len(TASK_TEXT) + 1)
            sid = "%s%02d" % (self.ref[5:].lower().replace("-", ""), k) if r.random() < 0.3 else None
            sid = ("b" + sid) if sid else None
            self.tasks.append([text, False, sid])
        self.steps = []  # text of each step
        self.nstep = 0
        self.changelog = ["- Initial workspace created"]
        self.pending = []  # code commits to record: (mark, subject, task claims)
        self.done = 0
        self.budget = 0

    # ------------------------------------------------------------ files
    def frontmatter(self, title, doctype):
        return ("---\nTitle: %s\nTicket: %s\nStatus: %s\nTopics:\n    - %s\n    - bench\n"
                "DocType: %s\nIntent: long-term\nOwners:\n    - ada\nRelatedFiles: []\n"
                "ExternalSources: []\nSummary: \"\"\nLastUpdated: %s\nWhatFor: \"\"\n"
                "WhenToUse: \"\"\n---\n\n") % (title, self.id, self.status, self.topic,
                                               doctype, self.stamp)

    def index_md(self):
        return self.frontmatter(self.title, "index") + (
            "# %s\n\n## Overview\n\n%s %s\n\n## Key links\n\n- [Tasks](./tasks.md)\n"
            "- [Diary](./reference/01-diary.md)\n" % (self.title, self.g.sentence(),
                                                       self.g.sentence()))

    def tasks_md(self):
        out = ["# Tasks\n\n## TODO\n\n"]
        for text, checked, sid in self.tasks:
            out.append("- [%s] %s%s\n" % ("x" if checked else " ", text,
                                          " <!-- t:%s -->" % sid if sid else ""))
        return "".join(out)

    def diary_md(self):
        return (self.frontmatter("Diary", "reference") + "# Diary\n\n## Goal\n\n"
                "Capture a step-by-step implementation log for %s: what changed, why, "
                "what failed, and how to review it.\n\n" % self.id) + "".join(self.steps)

    def changelog_md(self):
        return "# Changelog\n\n" + "".join(e + "\n" for e in self.changelog)

    def all_files(self):
        return {self.dir + "/index.md": self.index_md(),
                self.dir + "/tasks.md": self.tasks_md(),
                self.dir + "/changelog.md": self.changelog_md(),
                self.dir + "/reference/01-diary.md": self.diary_md()}

    # ---------------------------------------------------------- commits
    def message(self, subject, ctype=None):
        """A message naming this ticket, in one of the shapes of SPEC §2."""
        r = self.g.rnd.random()
        if r < 0.7:
            msg = "%s: %s" % (self.ref, subject)
        elif r < 0.9:
            msg = "%s(%s): %s" % (ctype or self.g.pick(CTYPES), self.ref.lower(), subject)
        else:
            msg = cap(subject) + "\n\n" + self.g.sentence() + "\n\nTicket: " + self.ref
            return msg.split("\n", 1)[0], msg + "\n"
        if self.g.rnd.random() < 0.4:
            return msg, msg + "\n\n" + self.g.sentence() + "\n" + self.g.sentence() + "\n"
        return msg, msg + "\n"


def civil(t):
    import time as _t
    tm = _t.gmtime(t)
    return tm.tm_year, tm.tm_mon, tm.tm_mday


def iso(t):
    import time as _t
    return _t.strftime("%Y-%m-%dT%H:%M:%S+01:00", _t.gmtime(t + 3600))


class World:
    """Tickets, sessions and drift on top of a Gen."""

    def __init__(self, g, drift):
        self.g = g
        self.drift = drift
        self.tickets = []
        self.expect = {}  # rule -> expected number of findings
        self.counts = {"code": 0, "bookkeeping": 0, "creation": 0, "other": 0}
        self.stray = []  # marks of commits on abandoned branches

    def bump(self, rule, n=1):
        self.expect[rule] = self.expect.get(rule, 0) + n

    def chance(self, key):
        return self.drift and self.g.rnd.random() < self.drift.get(key, 0)

    def root(self):
        files = {"README.md": "# bench\n\nA repository generated for diarist's benchmarks.\n",
                 ".gitignore": "build/\n"}
        for a in AREAS:
            self.g.files["src/%s/main.c" % a] = ["/* src/%s/main.c */" % a, "int main(void);"]
            files["src/%s/main.c" % a] = "/* src/%s/main.c */\nint main(void);\n" % a
        self.g.commit("Initial import\n", files)
        self.counts["other"] += 1

    def create(self):
        t = Ticket(self.g, len(self.tickets) + 1, self.g.time + 60)
        self.tickets.append(t)
        subj, msg = t.message("create ticket workspace", "docs")
        self.g.commit(msg, t.all_files())
        self.counts["creation"] += 1
        return t

    def code_commit(self, t):
        g = self.g
        t.done += 1
        subject = "%s the %s %s (change %d)" % (g.pick(VERBS), g.pick(NOUNS), g.pick(QUALS),
                                                t.done)
        subj, msg = t.message(subject)
        files = g.code_change(t.areas)
        if g.rnd.random() < 0.03:
            # code and docs in one commit: not bookkeeping, still recorded
            t.changelog.append("- %s" % subject)
            files[t.dir + "/changelog.md"] = t.changelog_md()
        mark = g.commit(msg, files)
        self.counts["code"] += 1
        t.pending.append((mark, subj))
        if self.drift:
            if self.chance("stray"):
                # an earlier attempt left on an abandoned branch, recorded by
                # mistake in place of the real commit (a stale hash)
                sm = g.commit(msg, g.code_change(t.areas),
                              ref="refs/heads/attempt-%d" % mark, parent=mark - 1)
                self.counts["other"] += 1
                self.stray.append(sm)
                t.pending[-1] = (mark, subj, "stray", sm)

    def stray_commit(self):
        """A commit naming no ticket, or naming one that does not exist."""
        g = self.g
        if g.rnd.random() < 0.7:
            msg = "%s typo in the README\n" % g.pick(["Fix", "fix", "Tidy"])
            self.bump("ticket-missing")
        else:
            msg = "PROJ-9%03d: %s the %s\n" % (g.rnd.randrange(1000), g.pick(VERBS), g.pick(NOUNS))
            self.bump("ticket-unknown")
        g.commit(msg, {"README.md": "# bench\n\n%s\n" % g.sentence()})
        self.counts["other"] += 1

    def bookkeeping(self, t, items, close=False):
        """Record the code commits `items` (of t.pending) as diary steps;
        check tasks; close the ticket when `close`."""
        g = self.g
        r = g.rnd
        ids = g.known
        # tasks to check now: in proportion to the work done; all when closing
        unchecked = [i for i, tk in enumerate(t.tasks) if not tk[1]]
        if close:
            target = len(t.tasks)
        else:
            target = min(len(t.tasks) - 1, int(len(t.tasks) * t.done / max(t.budget, 1)))
        ndone = len(t.tasks) - len(unchecked)
        to_check = unchecked[:max(0, target - ndone)]
        # claims: the newly checked tasks spread over the new steps
        claims = {}
        for k, ti in enumerate(to_check):
            if self.chance("untraced"):
                self.bump("task-untraced")
                continue
            claims.setdefault(k % max(len(items), 1), []).append(ti)
        first = t.nstep + 1
        for k, p in enumerate(items):
            mark, subj = p[0], p[1]
            cid, tree = ids[mark]
            t.nstep += 1
            num = t.nstep
            if self.chance("renumber") and num > 2:
                num -= 1  # a step number written twice
                self.bump("step-numbering")
            claim_head, claim_body = "", ""
            for ti in claims.get(k, []):
                sid = t.tasks[ti][2]
                if sid and r.random() < 0.5:
                    claim_head += " (task t:%s)" % sid
                elif r.random() < 0.5:
                    claim_head += " (Task %d)" % (ti + 1)
                else:
                    claim_body += "**Tasks:** %d\n\n" % (ti + 1)
            title = subj.split(": ", 1)[-1]
            s = ["## Step %d: %s%s\n\n%s %s\n\n%s" % (num, cap(title), claim_head, g.sentence(),
                                                     g.sentence(), claim_body)]
            rec = g.abbrev(cid)
            state = "ok"
            if len(p) > 3:
                rec = g.abbrev(ids[p[3]][0])  # the abandoned attempt's hash
                state = "stray"
                self.bump("commit-unreachable")
                self.bump("commit-unrecorded")
            elif k < len(items) - 1 and self.chance("pending"):
                state = "pending"
                self.bump("commit-pending")
                self.bump("commit-unrecorded")
            elif self.chance("unknown"):
                rec = "%07x" % r.randrange(1 << 28)
                while rec in g.prefixes:
                    rec = "%07x" % r.randrange(1 << 28)
                state = "unknown"
                self.bump("commit-unknown")
                self.bump("commit-unrecorded")
            shape = r.randrange(10)
            if state == "pending":
                s.append("**Commit (code):** pending\n")
            elif shape == 0:
                s.append("**Commit (code):** `%s` — \"%s\"\n" % (rec, subj))
            elif shape == 1:
                s.append("**Commit (code):** %s - \"%s\"\n" % (rec, subj))
            else:
                s.append("**Commit (code):** %s — \"%s\"\n" % (rec, subj))
            if state == "ok":
                if self.chance("no_tests"):
                    self.bump("evidence-missing")
                else:
                    ex, tr = 0, tree[:7]
                    if self.chance("tests_failed"):
                        ex = 1
                        self.bump("evidence-failed")
                    elif self.chance("tests_mismatch"):
                        tr = "%07x" % r.randrange(1 << 28)
                        self.bump("evidence-mismatch")
                    s.append("**Tests:** `make test` — exit %d; %d passed, %d failed; %d.%d s; "
                             "commit %s, tree %s\n" % (ex, 40 + num % 60, ex, 1 + num % 9,
                                                       num % 10, rec, tr))
            s.append("\n### What I did\n- %s\n- %s\n\n### What worked\n- %s\n\n" % (
                g.sentence(), g.sentence(), g.sentence()))
            t.steps.append("".join(s))
        for ti in to_check:
            t.tasks[ti][1] = True
        files = {t.dir + "/reference/01-diary.md": t.diary_md()}
        if to_check:
            files[t.dir + "/tasks.md"] = t.tasks_md()
        t.changelog.append("- Steps %d-%d recorded" % (first, t.nstep))
        files[t.dir + "/changelog.md"] = t.changelog_md()
        if close:
            t.status = "complete"
            t.stamp = iso(g.time)
            files[t.dir + "/index.md"] = t.index_md()
        subject = r.choice(["diary: record steps %d-%d", "record steps %d-%d in the diary",
                            "update the diary (steps %d-%d)"]) % (first, t.nstep)
        subj, msg = t.message(subject, "docs")
        g.commit(msg, files)
        self.counts["bookkeeping"] += 1

    def session(self, tickets, per_ticket):
        """Code commits for `tickets` (per_ticket[i] each) in random order;
        returns the session for books()."""
        g = self.g
        order = [t for t, n in zip(tickets, per_ticket) for _ in range(n)]
        g.rnd.shuffle(order)
        for t in order:
            if self.drift and self.chance("stray_commit"):
                self.stray_commit()
            self.code_commit(t)
        marks = [p[0] for t in tickets for p in t.pending] + \
            [p[3] for t in tickets for p in t.pending if len(p) > 3]
        g.ask(marks)
        return tickets

    def books(self, tickets):
        """One bookkeeping commit per ticket of a session, recording its
        commits whose ids are known (a later session's are left pending)."""
        g = self.g
        g.answers()
        for t in tickets:
            items = [p for p in t.pending if p[0] in g.known]
            if not items:
                continue
            t.pending = [p for p in t.pending if p[0] not in g.known]
            if self.drift and self.chance("unrecorded") and len(items) > 1:
                # the last commit of the session was never recorded
                items.pop()
                self.bump("commit-unrecorded")
            self.bookkeeping(t, items, close=t.done >= t.budget and not t.pending)


def gen_prepush(args, g):
    w = World(g, None)
    w.root()
    for _ in range(args.tickets):
        t = w.create()
        t.budget = 2 + args.commits // args.tickets + 4
    w.books(w.session(w.tickets, [2] * len(w.tickets)))
    base = g.mark
    per = [args.commits // args.tickets] * args.tickets
    for i in range(args.commits - sum(per)):
        per[i] += 1
    w.books(w.session(w.tickets, per))
    g.finish({"refs/tags/bench-base": base})
    return w, {"base_mark": base}


def gen_history(args, g):
    drift = {"stray": 0.0005, "stray_commit": 0.002, "pending": 0.001, "unknown": 0.0005,
             "unrecorded": 0.01, "no_tests": 0.05, "tests_failed": 0.001,
             "tests_mismatch": 0.001, "untraced": 0.01, "renumber": 0.0005}
    w = World(g, drift)
    r = g.rnd
    w.root()
    total = args.commits
    mean = max(3, int(total * 0.88 / args.tickets))
    pool = []
    prev = []  # the previous session's tickets, whose bookkeeping is due
    while True:
        left = total - g.ncommits - len(prev)
        # tickets are created as the history goes, so that all of them are
        # there before the end
        want = min(args.tickets, int(args.tickets * (g.ncommits / total) * 1.05) + 8)
        while len(w.tickets) < want and left > 40:
            t = w.create()
            t.budget = r.randrange(max(2, mean // 4), mean * 7 // 4 + 1)
            pool.append(t)
            left -= 1
        if not pool:
            if len(w.tickets) >= args.tickets or left < 40:
                break
            t = w.create()
            t.budget = mean
            pool.append(t)
            continue
        k = min(len(pool), r.randrange(1, 5))
        chosen = r.sample(pool, k)
        per = [max(1, min(r.randrange(3, 16), t.budget - t.done)) for t in chosen]
        # the end: exactly `total` commits (drift may add a few: keep room)
        room = left - len(chosen) - 4
        if room < sum(per):
            if room < len(chosen):
                break
            per = [max(1, room // len(chosen))] * len(chosen)
        # this session's code commits, then the previous session's books
        # (fast-import has their ids ready by then)
        w.session(chosen, per)
        if prev:
            w.books(prev)
        prev = chosen
        for t in chosen:
            if t.done >= t.budget:
                pool.remove(t)
    if prev:
        w.books(prev)
    # fill up to `total` with small sessions on the last open tickets
    open_t = [t for t in w.tickets if t.status != "complete"] or w.tickets
    while g.ncommits < total:
        if total - g.ncommits >= 2:
            t = open_t[g.ncommits % len(open_t)]
            w.books(w.session([t], [1]))
        else:
            w.stray_commit()
    g.finish({})
    return w, {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["prepush", "history"])
    ap.add_argument("repo")
    ap.add_argument("--tickets", type=int)
    ap.add_argument("--commits", type=int)
    ap.add_argument("--seed", type=int, default=20260214)
    args = ap.parse_args()
    if args.mode == "prepush":
        args.tickets = args.tickets or 100
        args.commits = args.commits or 1000
    else:
        args.tickets = args.tickets or 2000
        args.commits = args.commits or 100000
    repo = args.repo
    os.makedirs(repo, exist_ok=True)
    if not os.path.isdir(os.path.join(repo, ".git")):
        subprocess.check_call(["git", "init", "-q", "--template=", repo])
    manifest = {"generator": "bench/gen_history.py", "version": GENERATOR_VERSION,
                "mode": args.mode, "seed": args.seed}
    g = Gen(repo, args.seed, manifest)
    if args.mode == "prepush":
        w, extra = gen_prepush(args, g)
    else:
        w, extra = gen_history(args, g)
    subprocess.check_call(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=repo)
    subprocess.check_call(["git", "reset", "-q", "--hard", "main"], cwd=repo)
    manifest.update(extra)
    manifest.update({
        "commits_on_main": g.ncommits,
        "commits_abandoned": len(w.stray),
        "tickets": len(w.tickets),
        "tickets_closed": sum(1 for t in w.tickets if t.status == "complete"),
        "steps": sum(t.nstep for t in w.tickets),
        "counts": w.counts,
        "expected_findings": w.expect,
        "diary_bytes_max": max(len(t.diary_md()) for t in w.tickets),
        "tip": subprocess.check_output(["git", "rev-parse", "main"], cwd=repo).decode().strip(),
    })
    gitdir = subprocess.check_output(["git", "rev-parse", "--git-dir"], cwd=repo).decode().strip()
    if not os.path.isabs(gitdir):
        gitdir = os.path.join(repo, gitdir)
    with open(os.path.join(gitdir, "bench-manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
