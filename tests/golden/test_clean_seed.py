"""Golden test: the seed scrape read by read_paths and cleaned by the clean stage passes every
article check of its gold file (SPEC section 4, scored by dateline.evaluate.gold.check_article),
plus the gold captions with their credits. Loads no spaCy model; skips without ../shared."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from dateline.config import PipelineConfig
from dateline.evaluate.gold import check_article, textnorm
from dateline.model import Document, RawInput
from dateline.registry import registry
from dateline.sources.files import read_paths

SEED = "000_b5755a8c383d1ad7"


def _clean():
    cfg = PipelineConfig()
    return registry.get("clean", "auto").factory(cfg.stage_options("clean"), None)


def test_seed_article_checks(shared_dir: Path) -> None:
    gold = json.loads((shared_dir / "gold" / f"{SEED}.gold.json").read_text())
    path = (shared_dir / "gold" / gold["input"]).resolve()
    raws = list(read_paths([str(path)]))
    assert len(raws) == 1 and isinstance(raws[0], RawInput) and raws[0].format == "text"
    doc = _clean()(Document(raw=raws[0]))
    art = doc.to_dict()["article"]
    failed = [c for c in check_article(art, gold["article"]) if not c.ok]
    assert failed == []
    assert art["origin"] == str(path)
    assert art["language"] == gold["article"]["language"]
    for cap in gold["article"]["captions"]:
        got = [c for c in art["captions"] if textnorm(c["text"]) == textnorm(cap["text"])]
        assert got and textnorm(got[0]["credit"]) == textnorm(cap["credit"])


@pytest.mark.parametrize("layout", ["noblank", "allblank"])
def test_seed_other_layouts(shared_dir: Path, layout: str) -> None:
    """The rules do not lean on the seed's blank lines: all checks pass without them or with
    a blank line after every line."""
    gold = json.loads((shared_dir / "gold" / f"{SEED}.gold.json").read_text())
    text = (shared_dir / "gold" / gold["input"]).read_text(encoding="utf-8")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    text = "\n".join(lines) if layout == "noblank" else "\n\n".join(lines)
    doc = _clean()(Document(raw=RawInput("seed", "text", text)))
    assert [c.name for c in check_article(doc.to_dict()["article"], gold["article"])
            if not c.ok] == []


def _benchmark_pages(shared_dir: Path, n: int) -> list[tuple[Path, dict]]:
    base = shared_dir / "data" / "article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text())
    pages = sorted((base / "html").glob("*.html.gz"))[:n]
    return [(p, truth[p.name.split(".")[0]]) for p in pages if p.name.split(".")[0] in truth]


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def test_html_benchmark_pages(shared_dir: Path) -> None:
    """On a few benchmark pages the body is mostly the true article body (token recall and
    precision against the ground truth, bag of words)."""
    pages = _benchmark_pages(shared_dir, 12)
    if not pages:
        pytest.skip("benchmark pages absent")
    stage = _clean()
    recalls, precisions = [], []
    for p, truth in pages:
        raw = next(iter(read_paths([str(p)])))
        assert isinstance(raw, RawInput) and raw.format == "html"
        art = stage(Document(raw=raw)).article
        assert art.title and "\n\n" not in art.body
        gold_w, got_w = _words(truth["articleBody"]), _words(art.body)
        common = sum(min(gold_w.count(w), got_w.count(w)) for w in set(gold_w))
        recalls.append(common / max(1, len(gold_w)))
        precisions.append(common / max(1, len(got_w)))
    assert sum(recalls) / len(recalls) > 0.8
    assert sum(precisions) / len(precisions) > 0.8


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "li", "ul", "ol", "figcaption", "figure",
           "section", "article", "header", "footer", "nav", "aside", "tr", "br", "time", "main"}


def _inner_text(html: str) -> str:
    """A browser-like text scrape of a page: block elements on their own lines."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg|//iframe|//head"):
        bad.drop_tree()
    out: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str):
            block = el.tag in _BLOCKS
            out.append("\n" if block else "")
            out.append(el.text or "")
            for child in el:
                walk(child)
            out.append("\n" if block else "")
        out.append(el.tail or "")

    walk(tree)
    lines = [" ".join(ln.split()) for ln in "".join(out).split("\n")]
    return "\n\n".join(ln for ln in lines if ln)


def test_text_scrapes_of_benchmark_pages(shared_dir: Path) -> None:
    """Whole-page text scrapes (menus, footers and all) of benchmark pages: the text rules
    keep most of the true body and cut most of the chrome (bag-of-words recall/precision;
    the page text itself has precision ~0.5; measured on these 60 pages: recall 0.91,
    precision 0.89)."""
    pages = _benchmark_pages(shared_dir, 60)
    if not pages:
        pytest.skip("benchmark pages absent")
    from dateline.stages.clean_text import parse_text_scrape

    recalls, precisions = [], []
    for p, truth in pages:
        text = _inner_text(gzip.decompress(p.read_bytes()).decode("utf-8", "replace"))
        parts = parse_text_scrape(text)
        gold_w, got_w = _words(truth["articleBody"]), _words(" ".join(parts.paragraphs))
        common = sum(min(gold_w.count(w), got_w.count(w)) for w in set(gold_w))
        recalls.append(common / max(1, len(gold_w)))
        precisions.append(common / max(1, len(got_w)))
    assert sum(recalls) / len(recalls) > 0.88
    assert sum(precisions) / len(precisions) > 0.85


def test_html_published_dates(shared_dir: Path) -> None:
    """Publication dates of HTML pages (htmldate evaluation set, English): mostly right.
    Measured on all 196 pages: 178 right, 7 missing, 11 wrong."""
    from dateline.stages.clean_html import parse_html

    base = shared_dir / "data" / "htmldate-eval"
    if not (base / "eval_default_en.json").exists():
        pytest.skip("htmldate-eval absent")
    items = list(json.loads((base / "eval_default_en.json").read_text()).items())[:60]
    right = total = 0
    for url, item in items:
        f = base / "default_html_en" / item["file"]
        f = f if f.exists() else Path(str(f) + ".gz")
        if not f.exists():
            continue
        data = f.read_bytes()
        html = (gzip.decompress(data) if f.suffix == ".gz" else data).decode("utf-8", "replace")
        total += 1
        right += parse_html(html, url=url).published == item["date"]
    assert total >= 30 and right / total > 0.8


def test_text_scrape_titles_of_benchmark_pages(shared_dir: Path) -> None:
    """Whole-page text scrapes of all benchmark pages: the title found among the menus,
    taglines and cookie banners above the story is the page's <h1> on most pages. Measured:
    111 of 173 pages with an <h1> of 3+ words (the cleaner before issue 2: 24); most misses
    are pages whose story starts hundreds of lines down or whose <h1> is the site's name."""
    import lxml.html

    from dateline.evaluate.gold import textnorm
    from dateline.stages.clean_text import parse_text_scrape

    pages = _benchmark_pages(shared_dir, 1000)
    if not pages:
        pytest.skip("benchmark pages absent")
    right = total = 0
    for p, _truth in pages:
        html = gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        h1 = {textnorm(" ".join(h.text_content().split()))
              for h in lxml.html.fromstring(html).xpath("//h1")}
        h1 = {h for h in h1 if len(h.split()) >= 3}
        if not h1:
            continue
        total += 1
        right += textnorm(parse_text_scrape(_inner_text(html)).title) in h1
    assert total >= 150 and right / total > 0.55, (right, total)
