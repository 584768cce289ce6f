"""Title and publication-date quality on HTML pages (``dateline evaluate metadata DIR``).

Two dataset layouts are read (the folder's JSON files tell which):

* trafilatura's evaluation set (``evaldata_en.json`` or ``evaldata.json``: ``{url: {"file",
  "title", "date", "author", ...}}``, pages under ``html_en/`` or ``html/``, gzipped or not);
* htmldate's evaluation set (``eval_default_en.json`` / ``eval_default.json`` and
  ``eval_mediacloud_2020.json``: ``{url: {"file", "date"}}``, pages under ``default_html_en/``,
  ``default_html/`` and ``mediacloud_2020_html/``). Items whose page is absent are skipped and
  counted.

Scores: ``title`` = exact match after the SPEC's text normalisation
(:func:`dateline.evaluate.gold.textnorm`) over items with a gold title; ``date`` = accuracy of
the first 10 characters over items with a gold date (no prediction counts as wrong). Systems run
side by side on the same decoded HTML: ``dateline`` (the clean stage alone), ``trafilatura``
(``extract_metadata``), and ``htmldate`` with ``extensive_search`` False and True
(``original_date=True``; dates only).

Halves: every scored item gets ``half`` "even" or "odd" by its position among the scored items
of its subset (index file order), and each score is also given per half (``title_even``,
``title_odd``, ``date_even``, ``date_odd``). Rules are developed on the even half and the odd
half tells whether they generalise (a rule that helps only the even half is not kept).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .gold import textnorm

Meta = dict[str, Optional[str]]
"""What a system found on a page: ``{"title": ..., "date": ...}`` (either may be None)."""
System = Callable[[str, str], Meta]
"""(html, url) -> Meta."""

NO_TEXT_WORDS = 8  # the clean stage's default html_min_words

_TRAF_INDEXES = ("evaldata_en.json", "evaldata.json")
_HTMLDATE_INDEXES = {"eval_default_en.json": ("default_html_en", "default_html"),
                     "eval_mediacloud_2020.json": ("mediacloud_2020_html",)}


@dataclass
class Item:
    """One gold page: where its HTML is and its gold fields."""

    subset: str
    url: str
    path: Path
    title: Optional[str] = None
    date: Optional[str] = None


# ----------------------------------------------------------------------------- datasets


def _find(folder: Path, subdirs: tuple[str, ...], name: str) -> Optional[Path]:
    for sub in subdirs:
        for cand in (folder / sub / name, folder / sub / f"{name}.gz"):
            if cand.exists():
                return cand
    return None


def load_items(folder: str | Path) -> tuple[list[Item], int]:
    """The gold items of a dataset folder and the number skipped for a missing page."""
    folder = Path(folder)
    items: list[Item] = []
    missing = 0
    traf = next((folder / n for n in _TRAF_INDEXES if (folder / n).exists()), None)
    if traf is not None:
        for url, g in json.loads(traf.read_text(encoding="utf-8")).items():
            path = _find(folder, ("html_en", "html", "eval", "cache"), g["file"])
            if path is None:
                missing += 1
                continue
            items.append(Item("trafilatura-eval", url, path, _str(g.get("title")),
                              _str(g.get("date"))))
        return items, missing
    for index, subdirs in _HTMLDATE_INDEXES.items():
        p = folder / index
        if not p.exists() and index == "eval_default_en.json":
            p = folder / "eval_default.json"
        if not p.exists():
            continue
        subset = "htmldate-" + ("mediacloud" if "mediacloud" in index else "default")
        for url, g in json.loads(p.read_text(encoding="utf-8")).items():
            path = _find(folder, subdirs, g["file"])
            if path is None:
                missing += 1
                continue
            items.append(Item(subset, url, path, None, _str(g.get("date"))))
    return items, missing


def _str(v: object) -> Optional[str]:
    return v.strip() if isinstance(v, str) and v.strip() else None


def read_page(path: Path) -> str:
    """Decode a (gzipped) page the way dateline's ingest does ("" when it cannot)."""
    from ..sources.files import read_paths

    for raw in read_paths([str(path)]):
        data = getattr(raw, "data", None)
        return data if isinstance(data, str) else ""
    return ""


# ----------------------------------------------------------------------------- systems


def dateline_system(config: object | None = None) -> System:
    """dateline's HTML metadata extraction (:func:`dateline.stages.clean_html.parse_html`, what
    the clean stage stores as ``Article.title`` / ``Article.published``).

    The parser is called directly so that a page the clean stage rejects for having too little
    article text ("no-text") still has its title and date scored; :func:`rejected_pages`
    counts those pages separately.
    """
    from ..stages.clean_html import parse_html

    favor = bool(getattr(config, "options", {}).get("clean", {}).get("html_favor_precision",
                                                                      False))

    def run(html: str, url: str) -> Meta:
        p = parse_html(html, url=url, favor_precision=favor)
        return {"title": p.title, "date": p.published,
                "words": str(sum(len(x.split()) for x in p.paragraphs))}
    return run


def trafilatura_system() -> System:
    """``trafilatura.extract_metadata`` (its defaults)."""
    from trafilatura import extract_metadata

    def run(html: str, url: str) -> Meta:
        try:
            m = extract_metadata(html, default_url=url)
        except Exception:  # trafilatura raises assorted errors on broken markup
            m = None
        if m is None:
            return {"title": None, "date": None}
        return {"title": getattr(m, "title", None), "date": getattr(m, "date", None)}
    return run


def htmldate_system(extensive: bool) -> System:
    """``htmldate.find_date(html, url=..., extensive_search=..., original_date=True)``."""
    from htmldate import find_date

    def run(html: str, url: str) -> Meta:
        try:
            d = find_date(html, url=url, extensive_search=extensive, original_date=True)
        except Exception:  # htmldate raises on some broken markup
            d = None
        return {"title": None, "date": d}
    return run


def default_systems() -> dict[str, System]:
    """The compared systems, in report order."""
    return {"dateline": dateline_system(), "trafilatura": trafilatura_system(),
            "htmldate_fast": htmldate_system(False), "htmldate_extensive": htmldate_system(True)}


# ----------------------------------------------------------------------------- scoring


def title_match(pred: Optional[str], gold: Optional[str]) -> bool:
    """Exact title match after SPEC text normalisation."""
    return bool(gold) and textnorm(pred) == textnorm(gold)


def date_match(pred: Optional[str], gold: Optional[str]) -> bool:
    """Same day: the first 10 characters (YYYY-MM-DD) agree."""
    return bool(gold) and bool(pred) and str(pred)[:10] == str(gold)[:10]


@dataclass
class MetadataReport:
    """Accuracies per subset and system, plus per-item predictions."""

    scores: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    missing: int = 0

    def summary_line(self) -> str:
        parts = []
        for subset, systems in self.scores.items():
            key = subset.replace("-", "_")
            for name, s in systems.items():
                for metric in ("title", "date", "date_wrong"):
                    if metric in s and isinstance(s[metric], float):
                        parts.append(f"{key}_{name}_{metric}={s[metric]:.3f}")
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {"scores": self.scores, "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
                "missing_pages": self.missing, "items": self.items}


def score_items(rows: list[dict], systems: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Accuracy per subset and system from per-item rows (see :func:`evaluate_metadata`)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for subset in dict.fromkeys(r["subset"] for r in rows):
        sub = [r for r in rows if r["subset"] == subset]
        with_title = [r for r in sub if r["gold_title"]]
        with_date = [r for r in sub if r["gold_date"]]
        out[subset] = {}
        for name in systems:
            s: dict[str, float] = {}
            if with_title and any(r[name]["title"] is not None for r in sub):
                s["title"] = sum(r[name]["title_ok"] for r in with_title) / len(with_title)
                s["n_title"] = len(with_title)
                s.update(_by_half(with_title, name, "title"))
            if with_date:
                s["date"] = sum(r[name]["date_ok"] for r in with_date) / len(with_date)
                s.update(_by_half(with_date, name, "date"))
                # a wrong date is worse than none: it anchors every relative date of the article
                s["date_wrong"] = sum(bool(r[name]["date"]) and not r[name]["date_ok"]
                                      for r in with_date) / len(with_date)
                s["n_date"] = len(with_date)
            words = [r[name]["words"] for r in sub if "words" in r[name]]
            if words:  # pages the clean stage would reject as "no-text" (< 8 words)
                s["no_text_pages"] = sum(1 for w in words if w < NO_TEXT_WORDS)
            out[subset][name] = s
    return out


def _by_half(rows: list[dict], name: str, metric: str) -> dict[str, float]:
    """``{metric}_even`` / ``{metric}_odd``: the accuracy on each half of the rows that have a
    ``half`` (development and held-back pages)."""
    out: dict[str, float] = {}
    for half in ("even", "odd"):
        part = [r for r in rows if r.get("half") == half]
        if part:
            out[f"{metric}_{half}"] = sum(r[name][f"{metric}_ok"] for r in part) / len(part)
    return out


def evaluate_metadata(folders: list[str | Path], systems: dict[str, System] | None = None, *,
                      limit: int | None = None, subsets: Optional[set[str]] = None,
                      verbose: bool = False,
                      echo: Callable[[str], None] = print) -> MetadataReport:
    """Run every system on every gold page of the folders and score title and date.

    ``limit`` takes the first N items with a gold title or date of each folder (in the index
    file's order); ``subsets`` keeps only those subsets ("trafilatura-eval",
    "htmldate-default", "htmldate-mediacloud").
    """
    systems = default_systems() if systems is None else systems
    report = MetadataReport(seconds={n: 0.0 for n in systems})
    rows: list[dict] = []
    for folder in folders:
        items, missing = load_items(folder)
        report.missing += missing
        items = [i for i in items if (i.title or i.date)  # nothing to score otherwise
                 and (subsets is None or i.subset in subsets)]
        position: dict[str, int] = {}
        for item in items[:limit] if limit else items:
            html = read_page(item.path)
            k = position[item.subset] = position.get(item.subset, -1) + 1
            row: dict = {"subset": item.subset, "url": item.url, "file": item.path.name,
                         "half": "odd" if k % 2 else "even",
                         "gold_title": item.title, "gold_date": item.date}
            for name, system in systems.items():
                t0 = time.perf_counter()
                m = system(html, item.url) if html else {"title": None, "date": None}
                report.seconds[name] += time.perf_counter() - t0
                row[name] = {"title": m.get("title"), "date": m.get("date"),
                             "title_ok": title_match(m.get("title"), item.title),
                             "date_ok": date_match(m.get("date"), item.date)}
                if m.get("words") is not None:
                    row[name]["words"] = int(m["words"])
            rows.append(row)
            if verbose:
                echo(_item_line(row, list(systems)))
    report.items = rows
    report.scores = score_items(rows, list(systems))
    if verbose:
        for subset, s in report.scores.items():
            for name, v in s.items():
                echo(f"{subset} {name}: " + " ".join(
                    f"{k}={x:.3f}" if isinstance(x, float) else f"{k}={x}" for k, x in v.items()))
    echo(report.summary_line())
    return report


def _item_line(row: dict, names: list[str]) -> str:
    cells = []
    for n in names:
        r = row[n]
        if row["gold_date"]:
            cells.append(f"{n}:date={'ok' if r['date_ok'] else r['date']}")
        if row["gold_title"] and (r["title"] is not None or n == "dateline"):
            cells.append(f"{n}:title={'ok' if r['title_ok'] else repr(r['title'])}")
    gold = f"gold date={row['gold_date']}" + (f" title={row['gold_title']!r}"
                                              if row["gold_title"] else "")
    half = f" ({row['half']})" if row.get("half") else ""
    return f"{row['subset']} {row['file']}{half}: {gold} | " + " ".join(cells)
