"""Article-body extraction quality (``dateline evaluate extraction DIR``).

Reproduces the metric of scrapinghub/article-extraction-benchmark (its ``evaluate.py``) so that
dateline's HTML cleaning can be compared with the numbers that benchmark publishes:

* tokens are the matches of ``\\w+`` (Unicode, case kept);
* a text becomes the multiset of its 4-token shingles; a text of fewer than 4 tokens is one
  shingle of all its tokens (and an empty text has none);
* per page, TP = sum of min(gold, predicted) counts, FP = predicted counts above gold, FN = gold
  counts above predicted; the three are divided by their sum so that every page weighs the same;
* page precision = TP/(TP+FP) (1 when FP = FN = 0, 0 when TP = FP = 0), page recall likewise
  with FN; precision is the mean over pages with TP+FP > 0, recall the mean over pages with
  TP+FN > 0, and F1 = 2PR/(P+R).

The dataset folder holds ``ground-truth.json`` (``{id: {"articleBody": ...}}``),
``html/<id>.html.gz`` and optionally ``output/<tool>.json`` (other tools' stored predictions, flat or under
``"output"``), which are scored as ``stored:<tool>`` rows for reference.

Extractors run live on the same decoded HTML: ``dateline`` (the clean stage alone),
``trafilatura`` (plain ``trafilatura.extract`` defaults) and ``readability`` (readability-lxml,
skipped when not installed).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_N = 4

Extractor = Callable[[str, str], str]
"""(html, origin) -> extracted article text ("" when nothing was extracted)."""


# ----------------------------------------------------------------------------- the metric


def tokens(text: Optional[str]) -> list[str]:
    """The benchmark's tokens: every ``\\w+`` match, case kept."""
    return _TOKEN.findall(text or "")


def shingles(text: Optional[str], n: int = SHINGLE_N) -> Counter:
    """Multiset of ``n``-token shingles; fewer than ``n`` tokens -> one shingle of them all."""
    toks = tokens(text)
    out: Counter = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        sh = " ".join(toks[i:i + n])
        if sh:
            out[sh] += 1
    return out


def page_counts(gold: Optional[str], pred: Optional[str]) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page, divided by their sum (all zero when both texts are empty)."""
    g, p = shingles(gold), shingles(pred)
    tp = fp = fn = 0
    for key in set(g) | set(p):
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _ratio(tp: float, err: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and err == 0:
        return 0.0
    return tp / (tp + err)


def page_precision(tp: float, fp: float, fn: float) -> float:
    """TP/(TP+FP); 1 when the page is perfect, 0 when nothing was predicted."""
    return _ratio(tp, fp, fp, fn)


def page_recall(tp: float, fp: float, fn: float) -> float:
    """TP/(TP+FN); 1 when the page is perfect, 0 when the gold text is empty."""
    return _ratio(tp, fn, fp, fn)


@dataclass
class Score:
    """Aggregate over pages: mean page precision / recall and their F1."""

    precision: float
    recall: float
    f1: float
    pages: int

    def to_dict(self) -> dict:
        return {"f1": round(self.f1, 4), "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "pages": self.pages}


def aggregate(counts: Iterable[tuple[float, float, float]]) -> Score:
    """The benchmark's summary of per-page (TP, FP, FN) triples."""
    counts = list(counts)
    ps = [page_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [page_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return Score(p, r, f1, len(counts))


def score_texts(gold: dict[str, str], pred: dict[str, str]) -> tuple[Score, dict[str, tuple]]:
    """Score predictions against gold over every gold page (a missing prediction is empty)."""
    per = {k: page_counts(g, pred.get(k)) for k, g in gold.items()}
    return aggregate(per.values()), per


# ----------------------------------------------------------------------------- the dataset


def load_ground_truth(folder: str | Path) -> dict[str, str]:
    """``{page id: gold article body}`` from ``ground-truth.json``."""
    data = json.loads((Path(folder) / "ground-truth.json").read_text(encoding="utf-8"))
    return {k: (v.get("articleBody") or "") if isinstance(v, dict) else str(v or "")
            for k, v in data.items()}


def load_predictions(path: str | Path) -> dict[str, str]:
    """A stored prediction file (``{id: {"articleBody"}}``, optionally under ``"output"``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    return {k: (v.get("articleBody") or "") if isinstance(v, dict) else str(v or "")
            for k, v in data.items()}


def html_path(folder: str | Path, page_id: str) -> Path:
    """The page's HTML file (``html/<id>.html.gz`` or ``html/<id>.html``)."""
    base = Path(folder) / "html"
    gz = base / f"{page_id}.html.gz"
    return gz if gz.exists() else base / f"{page_id}.html"


def read_html(path: Path) -> str:
    """Decode a (gzipped) HTML file the way dateline's ingest does."""
    from ..sources.files import read_paths

    for raw in read_paths([str(path)]):
        data = getattr(raw, "data", None)
        if isinstance(data, str):
            return data
        break
    return ""


# ----------------------------------------------------------------------------- extractors


def dateline_extractor(config: object | None = None, include_subtitle: bool = False) -> Extractor:
    """dateline's clean stage alone (no NLP): the Article body, as the lead would store it."""
    from ..config import PipelineConfig
    from ..errors import DatelineError
    from ..sources.files import read_bytes

    from ..pipeline import Pipeline

    cfg = config if isinstance(config, PipelineConfig) else PipelineConfig()
    pipe = Pipeline(cfg.without("nlp", "entities", "dates", "places", "events"))

    def run(html: str, origin: str) -> str:
        for raw in read_bytes(origin, html.encode("utf-8")):
            if not hasattr(raw, "data"):
                return ""
            try:
                art = pipe(raw).article
            except DatelineError:
                return ""
            if art is None:
                return ""
            parts = ([art.subtitle] if include_subtitle and art.subtitle else []) + [art.body]
            return "\n".join(parts)
        return ""
    return run


def trafilatura_extractor() -> Extractor:
    """Plain ``trafilatura.extract`` with its defaults."""
    import trafilatura

    def run(html: str, origin: str) -> str:
        return trafilatura.extract(html) or ""
    return run


def readability_extractor() -> Optional[Extractor]:
    """readability-lxml's ``Document.summary()`` as text; None when it is not installed."""
    try:
        from readability import Document as RDoc
    except ImportError:
        return None
    import lxml.html

    def run(html: str, origin: str) -> str:
        try:
            summary = RDoc(html).summary(html_partial=True)
            tree = lxml.html.fromstring(summary)
        except Exception:  # readability raises on empty/odd markup
            return ""
        for el in tree.iter():  # keep block boundaries as word boundaries
            if isinstance(el.tag, str) and el.tag in _BLOCKS:
                el.tail = "\n" + (el.tail or "")
        return tree.text_content()
    return run


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
           "blockquote", "pre", "section", "article", "figcaption", "dd", "dt"}


def tool_versions() -> dict[str, str]:
    """Installed versions of the compared packages (for the report)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("trafilatura", "readability-lxml", "htmldate"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


def default_extractors(names: Iterable[str] = ("dateline", "trafilatura", "readability")
                       ) -> dict[str, Extractor]:
    """The live extractors by name, in order; unavailable ones are left out."""
    makers: dict[str, Callable[[], Optional[Extractor]]] = {
        "dateline": dateline_extractor, "trafilatura": trafilatura_extractor,
        "readability": readability_extractor}
    out = {}
    for name in names:
        ex = makers[name]()
        if ex is not None:
            out[name] = ex
    return out


# ----------------------------------------------------------------------------- the run


@dataclass
class ExtractionReport:
    """Scores of every system on one run, plus per-page detail."""

    scores: dict[str, Score] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pages: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    def summary_line(self) -> str:
        parts = [f"pages={next(iter(self.scores.values())).pages if self.scores else 0}"]
        for name, s in self.scores.items():
            key = name.replace(":", "_")
            parts += [f"{key}_f1={s.f1:.3f}", f"{key}_p={s.precision:.3f}",
                      f"{key}_r={s.recall:.3f}"]
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {"scores": {k: v.to_dict() for k, v in self.scores.items()},
                "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
                "versions": self.versions, "pages": self.pages}


def evaluate_extraction(folder: str | Path, extractors: dict[str, Extractor] | None = None, *,
                        limit: int | None = None, stored: bool = True, verbose: bool = False,
                        echo: Callable[[str], None] = print) -> ExtractionReport:
    """Run every extractor on the benchmark's pages and score them side by side.

    ``limit`` takes the first N page ids in sorted order (a fixed subset); ``stored`` adds the
    predictions under ``output/`` as ``stored:<tool>`` rows.
    """
    folder = Path(folder)
    gold = load_ground_truth(folder)
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    gold = {k: gold[k] for k in ids}
    extractors = default_extractors() if extractors is None else extractors
    preds: dict[str, dict[str, str]] = {name: {} for name in extractors}
    report = ExtractionReport(versions=tool_versions())
    seconds = {name: 0.0 for name in extractors}
    for pid in ids:
        html = read_html(html_path(folder, pid))
        for name, ex in extractors.items():
            t0 = time.perf_counter()
            preds[name][pid] = ex(html, pid) if html else ""
            seconds[name] += time.perf_counter() - t0
    report.seconds = seconds
    if stored and (folder / "output").is_dir():
        for path in sorted((folder / "output").glob("*.json")):
            preds[f"stored:{path.stem}"] = load_predictions(path)
    for name, pred in preds.items():
        score, per = score_texts(gold, pred)
        report.scores[name] = score
        for pid, c in per.items():
            report.pages.setdefault(pid, {})[name] = [round(x, 4) for x in c]
    if verbose:
        names = list(extractors)
        for pid in ids:
            cells = []
            for name in names:
                c = report.pages[pid][name]
                cells.append(f"{name} p={page_precision(*c):.2f} r={page_recall(*c):.2f}")
            echo(f"{pid[:16]} " + "  ".join(cells))
        for name, s in report.scores.items():
            echo(f"{name}: f1={s.f1:.3f} p={s.precision:.3f} r={s.recall:.3f}"
                 + (f" ({seconds[name]:.1f}s)" if name in seconds else ""))
    echo(report.summary_line())
    return report
