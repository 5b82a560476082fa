#!/usr/bin/env python3
"""check.py - what tests/browser/run.sh asks of a report rendered by chromium.

  check.py expected STATUS.json                 the tickets of `diarist status
                                                --all --format json`, normalised
  check.py expected-files CHECK.json ROOT       the same numbers from `diarist
                                                check --all --format json` and the
                                                tickets' files (when status is not
                                                there to ask)
  check.py dom DOM.html EXPECTED.json           the rendered DOM against them
  check.py netlog NET.json URL                  exit 1 when the page requested any
                                                URL but URL (chromium's own service
                                                requests are listed, not counted)
  check.py page-urls NET.json                   the URLs the page requested
  check.py facts DOM.html                       each ticket's tasks and timeline
                                                events, one a line
  check.py png FILE.png W H                     a PNG of W x H that is not blank

Each prints what is wrong and exits 1, or exits 0. Only the standard library.
"""
import json
import os
import re
import struct
import sys
import zlib
from html.parser import HTMLParser

# the numbers of a ticket, in the names the report's cells carry
FIELDS = ["tasks-done", "tasks-total", "steps", "recorded", "unrecorded",
          "evidence-passed", "evidence-failed", "evidence-missing", "errors", "warnings"]


def die(problems):
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


# ---- the numbers to expect ----

def pick(d, *paths):
    """The first of the dotted paths that d has (status JSON may nest)."""
    for path in paths:
        cur = d
        for k in path.split("."):
            if not isinstance(cur, dict) or k not in cur:
                break
            cur = cur[k]
        else:
            return cur
    raise KeyError("none of %s in %s" % (paths, sorted(d)))


def expected_from_status(path):
    d = json.load(open(path))
    assert str(d.get("schema", "")).startswith("diarist-status/"), d.get("schema")
    out = []
    for t in d["tickets"]:
        out.append({
            "id": t["id"],
            "title": pick(t, "title"),
            "status": pick(t, "status"),
            "tasks-done": pick(t, "tasks.done", "tasks_done"),
            "tasks-total": pick(t, "tasks.total", "tasks_total"),
            "steps": pick(t, "steps"),
            "recorded": pick(t, "commits.recorded", "recorded", "commits_recorded"),
            "unrecorded": pick(t, "commits.unrecorded", "unrecorded", "commits_unrecorded"),
            "evidence-passed": pick(t, "evidence.passed", "evidence_passed"),
            "evidence-failed": pick(t, "evidence.failed", "evidence_failed"),
            "evidence-missing": pick(t, "evidence.missing", "evidence_missing"),
            "errors": pick(t, "findings.errors", "errors"),
            "warnings": pick(t, "findings.warnings", "warnings"),
        })
    return out


FRONTMATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
TASK = re.compile(r"^\s{0,3}[-*]\s+\[([ xX])\]\s+(.+?)\s*$")
STEP = re.compile(r"^## Step \d+(?:-\d+)?:")
RECORD = re.compile(r"^\s*(?:[-*]\s+)?\*\*Commit[^*]*\*\*:?\s*(.*)$")
HEX = re.compile(r"`?\b([0-9a-f]{7,64})\b`?")
TESTS = re.compile(r"^\s*(?:[-*]\s+)?\*\*Tests:\*\*.*?exit (\d+)")


def fields_of(text):
    """The frontmatter's simple `Key: value` lines; None when it is broken
    (the test's own broken ticket has an unclosed flow sequence)."""
    m = FRONTMATTER.match(text)
    if not m:
        return {}
    out = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if not sep:
            continue
        v = v.strip()
        if v.startswith("[") and not v.endswith("]"):
            return None
        out[k.strip()] = v
    return out


def lines_outside_fences(text):
    fence = None
    for line in text.splitlines():
        s = line.lstrip()
        if fence:
            if s.startswith(fence):
                fence = None
            continue
        if s.startswith("```") or s.startswith("~~~"):
            fence = s[:3]
            continue
        yield line


def expected_from_files(check_json, root):
    """The numbers from the files as SPEC §1 reads them, and the findings of
    `check --all`: a second reading, independent of lib/."""
    findings = json.load(open(check_json))["findings"]
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith(("_", ".")))
        if "index.md" not in files:
            continue
        fm = fields_of(open(os.path.join(folder, "index.md"), encoding="utf-8").read())
        name = os.path.basename(folder)
        tid = (fm or {}).get("Ticket") or (name.split("--")[0] if "--" in name else name)
        t = {"id": tid, "title": (fm or {}).get("Title"), "status": (fm or {}).get("Status")}
        done = total = 0
        tasks = os.path.join(folder, "tasks.md")
        if os.path.exists(tasks):
            for line in lines_outside_fences(open(tasks, encoding="utf-8").read()):
                m = TASK.match(line)
                if m:
                    total += 1
                    done += m.group(1) in "xX"
        steps = recorded = passed = failed = missing = 0
        diary = os.path.join(folder, "reference", "01-diary.md")
        if os.path.exists(diary):
            pending = 0  # hashes of the last record still waiting for a Tests line

            def close():
                nonlocal missing
                missing += pending

            for line in lines_outside_fences(open(diary, encoding="utf-8").read()):
                if STEP.match(line) or line.startswith("## "):
                    steps += bool(STEP.match(line))
                    close()
                    pending = 0
                    continue
                m = RECORD.match(line)
                if m:
                    close()
                    value = re.split(r" (?:—|-|â€”) \"", m.group(1))[0]
                    n = 0 if re.match(r"\s*(N/A|pending|Pending|TBD|TODO|$)", value) \
                        else len(HEX.findall(value))
                    recorded += n
                    pending = n
                    continue
                m = TESTS.match(line)
                if m and pending:
                    if int(m.group(1)):
                        failed += pending
                    else:
                        passed += pending
                    pending = 0
            close()
        mine = [f for f in findings if (f["ticket"] or "").lower() == tid.lower()]
        t.update({
            "tasks-done": done, "tasks-total": total, "steps": steps, "recorded": recorded,
            "unrecorded": sum(f["rule"] == "commit-unrecorded" for f in mine),
            "evidence-passed": passed, "evidence-failed": failed, "evidence-missing": missing,
            "errors": sum(f["level"] == "error" for f in mine),
            "warnings": sum(f["level"] == "warning" for f in mine),
        })
        out.append(t)
    return out


# ---- the DOM ----

class Dom(HTMLParser):
    """What the test reads of the rendered page: the rows of table#tickets
    (cell classes -> text), every tag and attribute, the style sheets'
    text, and the sections' data-ticket."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs dict)
        self.rows = []          # (data-ticket, {class: text})
        self.sections = []
        self.css = ""
        self.stack = []         # open elements of interest
        self.row = None
        self.cell = None        # [classes, text]
        self.in_tickets = False
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "table" and a.get("id") == "tickets":
            self.in_tickets = True
        if tag == "style":
            self.in_style = True
        if tag == "section" and "ticket" in classes:
            self.sections.append(a.get("data-ticket"))
        if self.in_tickets and tag == "tr" and "data-ticket" in a:
            self.row = (a["data-ticket"], {})
            self.rows.append(self.row)
        if self.row is not None and tag in ("td", "span"):
            for c in classes:
                if c in FIELDS or c in ("title", "status", "id"):
                    self.cell = [c, ""]

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_tickets = False
        if tag == "style":
            self.in_style = False
        if tag == "tr":
            self.row = None
        if tag in ("td", "span") and self.cell and self.row is not None:
            self.row[1][self.cell[0]] = self.cell[1].strip()
            self.cell = None

    def handle_data(self, data):
        if self.in_style:
            self.css += data
        if self.cell is not None:
            self.cell[1] += data


EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background",
             "cite", "longdesc", "manifest", "ping", "xlink:href", "imagesrcset"}
FETCHING_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio",
                 "video", "source", "track", "image", "use", "picture", "base", "portal"}


def check_dom(dom_path, expected_path):
    src = open(dom_path, encoding="utf-8").read()
    expected = json.load(open(expected_path))
    dom = Dom()
    dom.feed(src)
    dom.close()
    problems = []

    # nothing external
    for tag, a in dom.tags:
        if tag in FETCHING_TAGS:
            problems.append("a <%s> element: %s" % (tag, a))
        for k, v in a.items():
            if k in URL_ATTRS and v is not None and (EXTERNAL.match(v) or not v.startswith("#")):
                problems.append("<%s %s=%r>: not a link inside the page" % (tag, k, v))
            if k.startswith("on"):
                problems.append("<%s %s>: an event handler" % (tag, k))
            if k == "style" and re.search(r"url\(|@import|expression\(", v or "", re.I):
                problems.append("<%s style=%r> loads something" % (tag, v))
    if re.search(r"url\(|@import|@font-face|https?:|//", re.sub(r"/\*.*?\*/", "", dom.css, flags=re.S), re.I):
        problems.append("the style sheet loads something")
    if "<script" in src.lower():
        problems.append("'<script' in the DOM")

    # every ticket, each number as expected
    rows = {}
    for tid, cells in dom.rows:
        if tid in rows:
            problems.append("ticket %s has two rows" % tid)
        rows[tid] = cells
    want_ids = [t["id"] for t in expected]
    if sorted(rows) != sorted(want_ids):
        problems.append("rows %s, expected %s" % (sorted(rows), sorted(want_ids)))
    if sorted(s for s in dom.sections if s) != sorted(want_ids):
        problems.append("sections %s, expected %s" % (sorted(dom.sections), sorted(want_ids)))
    compared = 0
    for t in expected:
        cells = rows.get(t["id"])
        if cells is None:
            continue
        for f in FIELDS:
            got = cells.get(f)
            if got is None or not got.isdigit() or int(got) != t[f]:
                problems.append("%s %s: page %r, expected %r" % (t["id"], f, got, t[f]))
            compared += 1
        if (t.get("title") or "") != cells.get("title", ""):
            problems.append("%s title: page %r, expected %r" % (t["id"], cells.get("title"), t.get("title")))
        if t.get("status") and t["status"] != cells.get("status", ""):
            problems.append("%s status: page %r, expected %r" % (t["id"], cells.get("status"), t["status"]))
    print("compared %d numbers of %d tickets" % (compared, len(expected)))
    return problems


class Facts(HTMLParser):
    """Each ticket section's tasks and timeline events as lines of text:
    "task ID N done|open COMMIT AUTHOR" and "event ID KIND COMMIT AUTHOR
    WHAT" (the cells' text, spaces collapsed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ticket = None
        self.row = None     # [kind, attrs, cells]
        self.cell = None
        self.lines = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and "ticket" in classes:
            self.ticket = a.get("data-ticket")
        if self.ticket and tag == "tr" and ("task" in classes or "event" in classes):
            self.row = ["task" if "task" in classes else "event", a, []]
        if self.row is not None and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row[2].append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        if tag == "tr" and self.row is not None:
            kind, a, cells = self.row
            if kind == "task":
                # number, check, text, checked in, by, when
                done = "done" if a.get("data-done") == "1" else "open"
                rest = cells[3:5] if len(cells) >= 5 else [c for c in cells[3:] if c]
                self.lines.append(" ".join(["task", self.ticket, a.get("data-task", "?"), done] + rest))
            else:
                # date, commit, author, what
                self.lines.append(" ".join(["event", self.ticket, a.get("data-kind", "?")] + cells[1:]))
            self.row = None
        if tag == "section":
            self.ticket = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


# ---- the network log ----

def load_netlog(path):
    """A chromium --log-net-log file (a browser killed early leaves it
    without its closing brackets)."""
    text = open(path, encoding="utf-8", errors="replace").read()
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(text.rstrip().rstrip(",") + "]}")


def netlog_urls(path):
    """(page, browser, other): the URLs the page asked for (a request with
    an initiator: a page's requests have its origin, "null" for file://),
    those chromium asked for itself (its update, sign-in and time services:
    initiator "not an origin", no file:// isolation key), and any URL the
    log names that is neither."""
    log = load_netlog(path)
    page, browser, seen = set(), set(), set()
    for ev in log.get("events", []):
        p = ev.get("params") or {}
        url = p.get("url")
        if not isinstance(url, str):
            continue
        seen.add(url)
        if "initiator" in p or "file://" in str(p.get("network_isolation_key", "")):
            if p.get("initiator") == "not an origin" and \
                    "file://" not in str(p.get("network_isolation_key", "")):
                browser.add(url)
            else:
                page.add(url)
    return sorted(page), sorted(browser), sorted(seen - page - browser)


def check_netlog(path, allowed):
    page, browser, other = netlog_urls(path)
    for u in browser:
        print("chromium's own request (not the page's): " + u[:100])
    return ["the page requested: " + u for u in page if u.split("#")[0] != allowed] + \
        ["requested, by whom unknown: " + u for u in other if u.split("#")[0] != allowed]


# ---- the screenshot ----

def check_png(path, width, height):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return ["%s is not a PNG" % path]
    w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
    problems = []
    if (w, h) != (width, height):
        problems.append("%dx%d, expected %dx%d" % (w, h, width, height))
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    if len(set(raw[i] for i in range(0, len(raw), 7))) < 16:
        problems.append("the screenshot looks blank")
    return problems


def main(argv):
    cmd = argv[1]
    if cmd == "expected":
        json.dump(expected_from_status(argv[2]), sys.stdout, indent=1)
    elif cmd == "expected-files":
        json.dump(expected_from_files(argv[2], argv[3]), sys.stdout, indent=1)
    elif cmd == "dom":
        die(check_dom(argv[2], argv[3]))
    elif cmd == "netlog":
        die(check_netlog(argv[2], argv[3]))
    elif cmd == "facts":
        f = Facts()
        f.feed(open(argv[2], encoding="utf-8").read())
        f.close()
        for line in f.lines:
            print(line)
    elif cmd == "page-urls":
        for u in netlog_urls(argv[2])[0]:
            print(u)
    elif cmd == "png":
        die(check_png(argv[2], int(argv[3]), int(argv[4])))
    else:
        die(["unknown command " + cmd])


if __name__ == "__main__":
    main(sys.argv)
