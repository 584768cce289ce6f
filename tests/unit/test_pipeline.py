"""Pipeline.run: the batched path gives the same results as one document at a time, in order,
with errors per document, skips, a broken batch stage, streaming; and the ingest loop stores
each article once and each reject once. Stages here are small fakes (no spaCy model)."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

import pytest

from dateline.config import PipelineConfig
from dateline.engine.local import ingest_local
from dateline.engine.storing import record_reject
from dateline.nlp.spacy_batch import make_spacy_pipe
from dateline.errors import InputError
from dateline.model import Article, Document, EntityMention, RawInput
from dateline.pipeline import Pipeline, Resources
from dateline.registry import registry

CALLS: Counter = Counter()


@registry.stage("clean", "test_clean", provides=("article",))
def _make_clean(config, resources):
    def run(doc: Document) -> Document:
        assert doc.raw is not None
        if "BADCLEAN" in doc.raw.data:
            raise ValueError("cannot clean")
        title, _, body = doc.raw.data.partition("|")
        doc.article = Article(id=Article.make_id(body, title), origin=doc.raw.origin, body=body,
                              title=title or None)
        return doc
    return run


def _parse(text: str) -> list[str]:
    if "BADPARSE" in text:
        raise RuntimeError("parser exploded")
    return text.split()


@registry.stage("nlp", "test_plain", needs=("article",), provides=("parsed",))
def _make_plain_nlp(config, resources):
    def run(doc: Document) -> Document:
        CALLS["one"] += 1
        for f in ("title", "body"):
            if doc.article.text(f):
                doc.parsed[f] = _parse(doc.article.text(f))
        return doc
    return run


@registry.stage("nlp", "test_batch", needs=("article",), provides=("parsed",))
def _make_batch_nlp(config, resources):
    one = _make_plain_nlp(config, resources)

    def pipe(docs, batch_size) -> Iterator:
        for doc in docs:
            CALLS["piped"] += 1
            if "EXPLODE" in doc.article.body:
                raise RuntimeError("the whole batch broke")
            try:
                yield one(doc), None
            except Exception as exc:
                yield doc, exc

    one.pipe = pipe
    return one


@registry.stage("entities", "test_words", needs=("parsed",), provides=("entities",))
def _make_words(config, resources):
    def run(doc: Document) -> Document:
        for f, words in doc.parsed.items():
            doc.entities += [EntityMention(w, "X", 0, len(w), field=f) for w in words if w.istitle()]
        return doc
    return run


def _pipe(nlp: str = "test_batch") -> Pipeline:
    return Pipeline(PipelineConfig(stages={"clean": "test_clean", "nlp": nlp,
                                           "entities": "test_words"}))


def _raws() -> list:
    return [RawInput("a", "text", "Alpha|One Two three"),
            InputError("b", "empty"),
            RawInput("c", "text", "BADCLEAN"),
            RawInput("d", "text", "Delta|four BADPARSE"),
            RawInput("e", "text", "|Echo Five"),
            RawInput("f", "text", "Foxtrot|Six seven Eight")]


def _summary(results) -> list[tuple]:
    out = []
    for r in results:
        ents = [e.text for e in r.document.entities] if r.ok else None
        out.append((r.origin, r.ok, r.skipped, ents, type(r.error).__name__ if r.error else None))
    return out


def test_batched_equals_one_at_a_time_in_order():
    pipe = _pipe()
    single = _summary(pipe.run(_raws(), batch_size=1))
    batched = _summary(pipe.run(_raws(), batch_size=3))
    assert batched == single
    assert [s[0] for s in batched] == ["a", "b", "c", "d", "e", "f"]
    assert [s[1] for s in batched] == [True, False, False, False, True, True]
    assert batched[0][3] == ["Alpha", "One", "Two"]
    assert batched[3][4] == "StageError"  # the parse error stays with its document
    assert batched[1][4] == "InputError"


def test_batched_docs_have_stage_names_and_no_parse_left():
    res = list(_pipe().run(_raws(), batch_size=4))
    doc = res[0].document
    assert doc.done == ["clean", "nlp", "entities"]
    assert doc.parsed == {}


def test_skip_returns_cleaned_article_without_parsing():
    pipe = _pipe()
    skip_id = Article.make_id("One Two three", "Alpha")
    CALLS.clear()
    res = list(pipe.run(_raws(), batch_size=8, skip=lambda aid: aid == skip_id))
    assert res[0].skipped and res[0].ok and res[0].document.article.id == skip_id
    assert res[0].document.entities == []
    assert CALLS["piped"] == 3  # d, e, f: not a (skipped), b, c (errors)
    CALLS.clear()
    res1 = list(pipe.run(_raws(), batch_size=1, skip=lambda aid: aid == skip_id))
    assert _summary(res1) == _summary(res)
    assert CALLS["one"] == 3


def test_broken_batch_stage_falls_back_per_document():
    raws = _raws() + [RawInput("g", "text", "Golf|EXPLODE Now"), RawInput("h", "text", "Hotel|Nine")]
    res = _summary(_pipe().run(raws, batch_size=2))
    assert [r[0] for r in res] == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert res[6][1] and res[6][3] == ["Golf", "Now"]  # redone one at a time: fine alone
    assert res[7][3] == ["Hotel", "Nine"]


def test_stage_without_pipe_runs_per_document_even_batched():
    CALLS.clear()
    res = _summary(_pipe("test_plain").run(_raws(), batch_size=8))
    assert CALLS["one"] == 4 and CALLS["piped"] == 0  # a, d, e, f; one at a time
    assert res == _summary(_pipe().run(_raws(), batch_size=1))


def test_streaming_does_not_read_ahead_without_bound():
    pulled = []

    def gen():
        for i in range(10_000):
            pulled.append(i)
            yield RawInput(str(i), "text", f"T{i}|Word{i} x")

    it = _pipe().run(gen(), batch_size=16)
    first = next(it)
    assert first.origin == "0"
    assert len(pulled) <= 64


class _FakeSpacy:
    """Stands in for a spaCy Language: pipe() parses texts into word lists, in order."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def pipe(self, texts, batch_size=1000, n_process=1):
        for t in texts:
            self.seen.append(t)
            yield t.split()


def test_spacy_batch_pipe_maps_fields_back_in_order_and_skips_foreign_text():
    res = Resources(PipelineConfig())
    fake = res.get("spacy:fake", _FakeSpacy)
    pipe = make_spacy_pipe({"spacy_model": "fake"}, res)
    german = " ".join(["Die Regierung hat am Montag eine neue Regel erlassen und"] * 4)
    docs = [Document(article=Article("1", "o1", "the body of one", title="Title one")),
            Document(article=Article("2", "o2", german, title="Deutsch")),
            Document(article=Article("3", "o3", "", title="only a title")),
            Document(article=Article("4", "o4", german))]
    out = list(pipe(iter(docs), 2))
    assert [d.article.id for d, err in out] == ["1", "2", "3", "4"]
    assert all(err is None for _, err in out)
    assert out[0][0].parsed == {"title": ["Title", "one"], "body": ["the", "body", "of", "one"]}
    assert out[1][0].parsed == {} and out[1][0].warnings[0].startswith("not English")
    assert out[2][0].parsed == {"title": ["only", "a", "title"]}
    assert fake.seen == ["Title one", "the body of one", "only a title"]


@pytest.mark.parametrize("writer_thread", [True, False])
def test_ingest_twice_stores_once_and_skips_nlp(tmp_path, writer_thread):
    from dateline.store import open_store

    store = open_store(tmp_path / "t.duckdb")
    try:
        pipe = _pipe()
        seen = []
        stats, reasons = ingest_local(pipe, _raws(), store, batch_size=4,
                                      writer_thread=writer_thread, on_result=seen.append)
        assert [r.origin for r in seen] == ["a", "b", "c", "d", "e", "f"]
        assert (stats["stored"], stats["skipped"], stats["duplicate"]) == (3, 3, 0)
        CALLS.clear()
        stats2, _ = ingest_local(pipe, _raws(), store, batch_size=4, writer_thread=writer_thread)
        assert (stats2["stored"], stats2["duplicate"], stats2["skipped"]) == (0, 3, 3)
        assert CALLS["piped"] == 1  # only d (rejected last time) is tried again
        counts = store.counts()
        assert counts["articles"] == 3
        assert counts["rejects"] == 3  # b, c, d recorded once each, not twice
    finally:
        store.close()


def test_record_reject_once_per_origin_and_reason(tmp_path):
    from dateline.store import open_store

    store = open_store(tmp_path / "r.duckdb")
    try:
        assert record_reject(store, "x.txt", "empty")
        assert not record_reject(store, "x.txt", "empty", "again")
        assert record_reject(store, "x.txt", "binary")
        assert len(store.rejects()) == 2
    finally:
        store.close()


@pytest.mark.parametrize("batch_size", [1, 2, 7])
def test_results_one_per_input(batch_size):
    raws = [RawInput(str(i), "text", f"T{i}|w{i}") for i in range(20)]
    assert [r.origin for r in _pipe().run(raws, batch_size=batch_size)] == [str(i) for i in range(20)]


def test_writer_thread_error_reaches_the_caller(tmp_path):
    from dateline.store import open_store

    store = open_store(tmp_path / "e.duckdb")

    def broken(docs):
        raise OSError("disk full")

    store.add_documents = broken  # the writer stores a group of articles at a time
    try:
        with pytest.raises(OSError, match="disk full"):
            ingest_local(_pipe(), _raws(), store, batch_size=2, writer_thread=True)
    finally:
        store.close()


@registry.stage("nlp", "test_dead", needs=("article",), provides=("parsed",))
def _make_dead_nlp(config, resources):
    def run(doc: Document) -> Document:
        return doc

    def pipe(docs, batch_size):
        raise RuntimeError("cannot start")
        yield  # pragma: no cover

    run.pipe = pipe
    return run


def test_batch_stage_that_cannot_start_raises_instead_of_looping():
    with pytest.raises(RuntimeError, match="cannot start"):
        list(_pipe("test_dead").run(_raws(), batch_size=4))


# -- worker processes (engine/procs.py): the whole pipeline in workers, writes here ----------

def _many_raws() -> list:
    extra = [RawInput(f"x{i}", "text", f"Title{i}|Word{i} and More{i}") for i in range(17)]
    errors = [InputError(f"err{i}", "empty") for i in range(4)]  # a chunk of reader errors only
    return _raws() + extra[:9] + errors + extra[9:] + [_raws()[0]]  # and a repeat of "a"


def _tables(store) -> dict:
    q = store.con.execute
    return {"articles": q("SELECT id, origin, title, body FROM articles ORDER BY id").fetchall(),
            "mentions": q("SELECT * EXCLUDE (id) FROM mentions ORDER BY ALL").fetchall()
            if "id" in [c[0] for c in q("DESCRIBE mentions").fetchall()]
            else q("SELECT * FROM mentions ORDER BY ALL").fetchall(),
            "rejects": q("SELECT origin, reason, detail FROM rejects ORDER BY ALL").fetchall()}


def test_worker_processes_store_what_one_process_stores(tmp_path):
    from dateline.engine.procs import ingest_processes
    from dateline.store import open_store

    one, many = open_store(tmp_path / "one.duckdb"), open_store(tmp_path / "many.duckdb")
    try:
        stats1, reasons1 = ingest_local(_pipe(), _many_raws(), one, batch_size=4, processes=1)
        seen = []
        stats2, reasons2 = ingest_processes(_pipe(), _many_raws(), many, processes=2,
                                            batch_size=4, chunk_size=3, on_result=seen.append)
        assert [r.origin for r in seen] == [r.origin for r in _many_raws()]  # input order
        assert stats2 == stats1 and reasons2 == reasons1
        assert (stats2["stored"], stats2["duplicate"], stats2["skipped"]) == (20, 1, 7)
        assert _tables(many) == _tables(one)
        assert seen[0].document.entities and seen[0].document.parsed == {}
        # a rerun parses nothing already stored: everything stored comes back as skipped
        seen.clear()
        stats3, _ = ingest_processes(_pipe(), _many_raws(), many, processes=2, batch_size=4,
                                     chunk_size=5, on_result=seen.append)
        assert (stats3["stored"], stats3["duplicate"]) == (0, 21)
        assert sum(r.skipped for r in seen) == 21
        assert many.counts()["rejects"] == one.counts()["rejects"] == 7
    finally:
        one.close()
        many.close()


def test_known_ids_are_exact():
    from dateline.engine.procs import KnownIds

    ids = [Article.make_id(f"body {i}") for i in range(1000)]
    known = KnownIds(ids[:500] + ["not-a-hex-id"])
    assert len(known) == 501
    assert all(i in known for i in ids[:500])
    assert not any(i in known for i in ids[500:])
    assert "not-a-hex-id" in known and "zzzzzzzzzzzzzzzz" not in known and 7 not in known


@registry.stage("entities", "test_die", needs=("parsed",), provides=("entities",))
def _make_die(config, resources):
    def run(doc: Document) -> Document:
        if "DIE" in doc.article.body:
            import os

            os._exit(3)  # a worker killed mid-article (out of memory, kill -9)
        return doc
    return run


def test_a_dead_worker_stops_the_ingest_with_a_stage_error(tmp_path):
    from dateline.engine.procs import ingest_processes
    from dateline.errors import StageError
    from dateline.store import open_store

    pipe = Pipeline(PipelineConfig(stages={"clean": "test_clean", "nlp": "test_batch",
                                           "entities": "test_die"}))
    raws = [RawInput(str(i), "text", f"T{i}|w{i}") for i in range(6)]
    raws.append(RawInput("x", "text", "T|DIE now"))
    store = open_store(tmp_path / "d.duckdb")
    try:
        with pytest.raises(StageError, match="exited with code 3"):
            ingest_processes(pipe, raws, store, processes=2, batch_size=2, chunk_size=2)
        # what the dead worker had finished may be lost with it; a rerun stores the rest
        assert store.counts()["articles"] <= 6
        stats, _ = ingest_processes(pipe, raws[:6], store, processes=2, batch_size=2,
                                    chunk_size=2)
        assert stats["stored"] + stats["duplicate"] == 6 and store.counts()["articles"] == 6
    finally:
        store.close()
