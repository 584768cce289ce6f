"""Story clusters (dateline.merge.stories): TF-IDF single-link clustering, headline, date
window, wire copies, related articles, the ``dateline stories`` CLI and the merge corpus."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dateline.cli_merge import register
from dateline.merge.bcubed import bcubed
from dateline.merge.stories import (Story, StoryIndex, cluster_stories, related,
                                    store_articles, tokens)
from dateline.model import Article, Document
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
