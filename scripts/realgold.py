#!/usr/bin/env python3
"""Tooling for the real-news event gold set (tests/realgold): the split, the annotators'
workspace, and turning an annotator's file into a committed gold file.

    python scripts/realgold.py split                       # page counts per split
    python scripts/realgold.py workspace OUT_DIR [--split test,dev] [--names N1,N2]
    python scripts/realgold.py commit ANNOTATED.gold.json  # -> tests/realgold/<split>/NAME.gold.json
    python scripts/realgold.py check ANNOTATED.gold.json   # verbatim quotes + ../shared validator

The split is decided by a rule nobody chooses (issue 14): a page of
../shared/events-dev/pages.txt is *test* when the first hex digit of the sha1 of its line is
0-2, *dev* when 3-5, *train* otherwise. The workspace holds, per page, the HTML and the text the
pinned trafilatura extracts from it; it holds nothing of dateline's code or output.

Annotators quote the sentences that report each event; `commit` stores each as
{"first_words": its first eight words, "sha1": sha1 of the whitespace-normalised sentence}, so no
third-party sentence is committed whole.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
from dateline.learn.align import sentence_key  # noqa: E402 - the one definition of the stored form
SHARED = REPO.parent / "shared"
PAGES = SHARED / "events-dev" / "pages.txt"
GOLD = REPO / "tests" / "realgold"
PREFIX = {"article-extraction-benchmark": "aeb", "htmldate-eval": "hde", "trafilatura-eval": "tfe"}


def split_of(line: str) -> str:
    digit = hashlib.sha1(line.encode("utf-8")).hexdigest()[0]
    return "test" if digit in "012" else "dev" if digit in "345" else "train"


def name_of(line: str) -> str:
    parts = line.split("/")
    base = re.sub(r"\.html?(\.gz)?$", "", parts[-1])
    if parts[1] == "article-extraction-benchmark":
        base = base[:16]
    if parts[2] == "mediacloud_2020_html":
        base = "mc" + base
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base)[:48]
    return f"{PREFIX.get(parts[1], 'x')}_{base}"


def pages() -> list[dict]:
    rows = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append({"line": line, "name": name_of(line), "split": split_of(line)})
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "page names collide"
    return rows


def normalise(sentence: str) -> str:
    return " ".join(sentence.split())


def read_html(line: str) -> str:
    raw = (SHARED / line).read_bytes()
    if line.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def extract(html: str) -> str:
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    text = trafilatura.extract(html, include_comments=False, favor_precision=False) or ""
    head = []
    if meta is not None:
        for key in ("title", "date", "url", "sitename", "author", "description"):
            val = getattr(meta, key, None)
            if val:
                head.append(f"{key}: {val}")
    return "\n".join(head) + "\n---\n" + text + "\n"


def cmd_split(_args) -> int:
    rows = pages()
    for s in ("test", "dev", "train"):
        print(s, sum(r["split"] == s for r in rows))
    return 0


def cmd_workspace(args) -> int:
    out = Path(args.out)
    rows = pages()
    wanted = set(args.split.split(",")) if args.split else None
    names = set(args.names.split(",")) if args.names else None
    listing = []
    for r in rows:
        if wanted and r["split"] not in wanted:
            continue
        if names and r["name"] not in names:
            continue
        d = out / "pages" / r["name"]
        d.mkdir(parents=True, exist_ok=True)
        html = read_html(r["line"])
        (d / "page.html").write_text(html, encoding="utf-8")
        (d / "page.txt").write_text(extract(html), encoding="utf-8")
        (d / "input.txt").write_text("../shared/" + r["line"] + "\n", encoding="utf-8")
        listing.append(f"{r['name']}\t{r['split']}")
    (out / "pages.tsv").write_text("\n".join(listing) + "\n", encoding="utf-8")
    print(f"{len(listing)} pages written under {out}/pages")
    return 0


def _page_text(name: str, workspace: Path) -> str:
    return normalise((workspace / "pages" / name / "page.txt").read_text(encoding="utf-8")
                     + " " + _html_text(workspace / "pages" / name / "page.html"))


def _html_text(path: Path) -> str:
    import lxml.html

    try:
        return lxml.html.fromstring(path.read_text(encoding="utf-8")).text_content()
    except Exception:  # noqa: BLE001 - a quote check only; a broken page gives no extra text
        return ""


def hashed(gold: dict) -> dict:
    out = json.loads(json.dumps(gold))
    for ev in out.get("events", []):
        ev["sentences"] = [s if isinstance(s, dict) else sentence_key(s)
                           for s in ev.get("sentences") or []]
    return out


def cmd_check(args) -> int:
    path = Path(args.file)
    gold = json.loads(path.read_text(encoding="utf-8"))
    name = path.name[: -len(".gold.json")]
    workspace = Path(args.workspace) if args.workspace else path.parent.parent.parent
    problems = []
    if (workspace / "pages" / name).is_dir():
        text = _page_text(name, workspace).lower()
        for i, ev in enumerate(gold.get("events", [])):
            for s in ev.get("sentences") or []:
                if isinstance(s, str) and normalise(s).lower() not in text:
                    problems.append(f"event {i}: sentence not found verbatim in the page: {s[:70]!r}")
            if not ev.get("sentences"):
                problems.append(f"event {i}: no sentences quoted")
    for p in problems:
        print(f"{path}: ERROR {p}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_file = Path(tmp) / path.name
        tmp_file.write_text(json.dumps(hashed(gold)), encoding="utf-8")
        rc = subprocess.call([sys.executable, str(SHARED / "events-dev" / "validate_gold.py"), str(tmp_file)])
    return 1 if problems or rc else 0


def cmd_commit(args) -> int:
    rows = {r["name"]: r for r in pages()}
    done = 0
    for f in args.files:
        path = Path(f)
        name = path.name[: -len(".gold.json")]
        if name not in rows:
            print(f"{f}: not a page of pages.txt", file=sys.stderr)
            return 2
        r = rows[name]
        gold = hashed(json.loads(path.read_text(encoding="utf-8")))
        dest_dir = Path(args.dest) / r["split"] if args.dest else GOLD / r["split"]
        dest_dir.mkdir(parents=True, exist_ok=True)
        gold["input"] = os.path.relpath(SHARED / r["line"], dest_dir)
        ordered = {"input": gold.pop("input")}
        ordered.update(gold)
        (dest_dir / path.name).write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        done += 1
    print(f"{done} files written")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("split")
    w = sub.add_parser("workspace")
    w.add_argument("out")
    w.add_argument("--split")
    w.add_argument("--names")
    c = sub.add_parser("check")
    c.add_argument("file")
    c.add_argument("--workspace")
    m = sub.add_parser("commit")
    m.add_argument("files", nargs="+")
    m.add_argument("--dest")
    args = ap.parse_args(argv)
    return {"split": cmd_split, "workspace": cmd_workspace, "check": cmd_check,
            "commit": cmd_commit}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
