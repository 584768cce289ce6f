"""Benchmark: story clusters by TF-IDF and by embeddings, batch and incremental, in one run.

1. tests/merge_corpus (34 articles, 8 gold events): B-cubed of the batch stories of each
   method against the gold, and of the stories kept incrementally by ``merge_article``.
2. ../shared/data/htmldate-eval (news pages; text and title by trafilatura, date from the
   benchmark's gold): number of stories of 2+ articles and the time of each method; the
   stories themselves with ``-v``.
3. Incremental cost: the same pages stored in a fresh DuckDB, each followed by
   ``merge_article`` (as ``dateline ingest`` does); the time per article of the story update
   (``update_stories``) against the rest of ``merge_article`` (merge + MinHash), and again with
   every page dated in one week (every stored article in every window: the worst case).

    python bench/stories_bench.py [--data ../shared/data/htmldate-eval] [--no-embeddings] [-v]

The embeddings method needs ``pip install 'dateline[embeddings]'`` (skipped without it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from dateline.evaluate.bcubed import bcubed
from dateline.evaluate.merge_corpus import load_articles, load_gold
from dateline.merge.stories import METHOD_THRESHOLDS, StoryIndex

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "merge_corpus"


def corpus_articles() -> tuple[list[dict[str, Any]], dict[str, str]]:
    arts = [dict(r, id=r["url"], body=r["text"]) for r in load_articles(CORPUS / "articles.jsonl")]
    gold = {u: evs[0]["event"] for u, evs in load_gold(CORPUS / "gold.json").items()}
    return arts, gold


def page_articles(data: Path) -> list[dict[str, Any]]:
    """htmldate-eval pages as articles: trafilatura's title and text, the gold date."""
    import trafilatura

    out = []
    for meta_file, folder in (("eval_default_en.json", "default_html_en"),
                              ("eval_mediacloud_2020.json", "mediacloud_2020_html")):
        meta = json.loads((data / meta_file).read_text(encoding="utf-8"))
        for url, m in meta.items():
            path = data / folder / m["file"]
            if not path.exists():
                path = data / folder / (m["file"] + ".gz")
            if not path.exists():
                continue
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            doc = trafilatura.bare_extraction(raw.decode("utf-8", "replace"), url=url,
                                              with_metadata=True)
            if doc is None:
                continue
            d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            if not (d.get("text") or "").strip():
                continue
            out.append({"id": url, "url": url, "title": d.get("title") or "",
                        "body": d.get("text") or "", "published": m.get("date"),
                        "source": None})
    return out


def clusters(arts: list[dict[str, Any]], method: str, embedder: Any) -> tuple[list[Any], float]:
    t = time.perf_counter()
    index = StoryIndex(arts, embed=embedder if method == "embeddings" else None)
    found = index.clusters(METHOD_THRESHOLDS[method])
    return found, time.perf_counter() - t


def incremental(arts: list[dict[str, Any]], one_week: bool = False
                ) -> tuple[list[float], list[float], dict[str, str]]:
    """Store each article and run merge_article; per-article ms of the story update and of
    the rest, and the stored story of each article id (input id -> story id)."""
    from dateline.merge.service import merge_article
    from dateline.merge.story_db import update_stories
    from dateline.model import Article, Document
    from dateline.store import open_store

    story_ms, merge_ms, key = [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "b.duckdb")
        for i, a in enumerate(arts):
            published = f"2023-11-0{1 + i % 7}" if one_week else a.get("published")
            art = Article(id=Article.make_id(a["body"], a["title"]), origin=a["id"],
                          body=a["body"], title=a["title"], published=published,
                          source=a.get("source"), url=a.get("url"))
            if not store.add_document(Document(article=art)):
                continue
            key[art.id] = a["id"]
            t = time.perf_counter()
            merge_article(store, art.id, stories=False)
            t2 = time.perf_counter()
            update_stories(store, art.id)
            t3 = time.perf_counter()
            merge_ms.append((t2 - t) * 1000)
            story_ms.append((t3 - t2) * 1000)
        rows = store.con.execute("SELECT article_id, story_id FROM story_articles").fetchall()
        store.close()
    return story_ms, merge_ms, {key[a]: s for a, s in rows if a in key}


def ms(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (f"mean {statistics.mean(values):.1f} ms, median {statistics.median(values):.1f} ms, "
            f"max {max(values):.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "htmldate-eval"))
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    embedder = None
    methods = ["tfidf"]
    if not args.no_embeddings:
        from dateline.merge.embeddings import Embedder, available

        if available():
            t = time.perf_counter()
            embedder = Embedder()
            print(f"embeddings model loaded in {time.perf_counter() - t:.1f} s")
            methods.append("embeddings")
        else:
            print("embeddings extra not installed: tfidf only")

    arts, gold = corpus_articles()
    for method in methods:
        found, secs = clusters(arts, method, embedder)
        sc = bcubed({a: s.id for s in found for a in s.article_ids}, gold)
        print(f"merge_corpus {method} (threshold {METHOD_THRESHOLDS[method]}): {len(found)} "
              f"stories, B-cubed P {sc['precision']:.3f} R {sc['recall']:.3f} "
              f"F1 {sc['f1']:.3f}, {secs:.2f} s")
    story_ms, merge_ms, lab = incremental(arts)
    sc = bcubed(lab, gold)
    print(f"merge_corpus incremental tfidf: B-cubed P {sc['precision']:.3f} R {sc['recall']:.3f} "
          f"F1 {sc['f1']:.3f}; story update {ms(story_ms)}; merge+minhash {ms(merge_ms)}")

    data = Path(args.data)
    if not data.exists():
        print(f"{data}: not found; pages skipped")
        return
    t = time.perf_counter()
    pages = page_articles(data)
    print(f"htmldate-eval: {len(pages)} pages with text ({time.perf_counter() - t:.1f} s "
          "to extract)")
    for method in methods:
        found, secs = clusters(pages, method, embedder)
        multi = [s for s in found if s.size >= 2]
        print(f"htmldate-eval {method}: {len(multi)} stories of 2+ articles "
              f"({sum(s.size for s in multi)} articles), {secs:.2f} s")
        if args.verbose:
            for s in multi:
                print(f"    {s.size} {s.first_published}..{s.last_published} {s.headline}")
                for a in s.article_ids:
                    print(f"        {a}")
    story_ms, merge_ms, lab = incremental(pages)
    groups: dict[str, list[str]] = {}
    for a, s in lab.items():
        groups.setdefault(s, []).append(a)
    multi = [g for g in groups.values() if len(g) >= 2]
    batch, _ = clusters(pages, "tfidf", None)
    agree = bcubed(lab, {a: s.id for s in batch for a in s.article_ids})
    print(f"htmldate-eval incremental tfidf: {len(multi)} stories of 2+ articles "
          f"({sum(len(g) for g in multi)} articles), B-cubed F1 {agree['f1']:.3f} against the "
          f"batch tfidf stories; story update {ms(story_ms)}; merge+minhash {ms(merge_ms)}")
    if args.verbose:
        for g in multi:
            print(f"    {len(g)}: {' '.join(sorted(g))}")
    story_ms, merge_ms, _ = incremental(pages, one_week=True)
    print(f"htmldate-eval incremental, all {len(pages)} pages in one week: story update "
          f"{ms(story_ms)}; merge+minhash {ms(merge_ms)}")


if __name__ == "__main__":
    main()
