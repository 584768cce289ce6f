"""The extraction benchmark's shingle metric and the metadata scorer, on hand-worked cases.

No spaCy model is loaded. The CLI tests run trafilatura/htmldate on tiny hand-made pages.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dateline.evaluate.extraction import (aggregate, evaluate_extraction, load_predictions,
                                          page_counts, page_precision, page_recall, shingles,
                                          tokens)
from dateline.evaluate.metadata import date_match, evaluate_metadata, title_match


def _approx(t: tuple, expected: tuple) -> bool:
    return all(abs(a - b) < 1e-9 for a, b in zip(t, expected))


def test_tokens_are_word_runs_case_kept() -> None:
    assert tokens("Hello, world! It's 2020.") == ["Hello", "world", "It", "s", "2020"]
    assert tokens("Zürich—São Paulo") == ["Zürich", "São", "Paulo"]
    assert tokens(None) == []


def test_shingles_of_four_and_the_short_text_rule() -> None:
    assert shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}
    assert shingles("a b") == {"a b": 1}  # fewer than 4 tokens: one shingle of them all
    assert shingles("a b c d") == {"a b c d": 1}
    assert shingles("") == {}
    # a multiset: "a b c d" occurs twice in "a b c d a b c d"
    assert shingles("a b c d a b c d")["a b c d"] == 2


def test_page_counts_are_normalised_by_their_sum() -> None:
    # gold {abcd, bcde}, pred {abcd}: TP 1, FP 0, FN 1 -> /2
    c = page_counts("a b c d e", "a b c d")
    assert _approx(c, (0.5, 0.0, 0.5))
    assert page_precision(*c) == 1.0 and page_recall(*c) == 0.5
    # counts matter: gold has abcd twice + 3 others (5), pred abcd once -> TP 1, FN 4
    assert _approx(page_counts("a b c d a b c d", "a b c d"), (0.2, 0.0, 0.8))
    # extra predicted text: gold {abcd}, pred {abcd, bcde, cdef} -> TP 1, FP 2
    c = page_counts("a b c d", "a b c d e f")
    assert _approx(c, (1 / 3, 2 / 3, 0.0))
    assert abs(page_precision(*c) - 1 / 3) < 1e-9 and page_recall(*c) == 1.0


def test_short_texts_and_case() -> None:
    assert _approx(page_counts("x y", "x y"), (1.0, 0.0, 0.0))
    # "x y" vs "x y z": different single shingles -> nothing in common
    c = page_counts("x y", "x y z")
    assert _approx(c, (0.0, 0.5, 0.5))
    assert page_precision(*c) == 0.0 and page_recall(*c) == 0.0
    assert page_counts("Hello World foo bar", "hello world foo bar")[0] == 0.0  # case kept
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_precision_recall_edge_rules() -> None:
    assert page_precision(0.0, 0.0, 1.0) == 0.0  # nothing predicted
    assert page_recall(0.0, 1.0, 0.0) == 0.0  # nothing in gold
    assert page_precision(1.0, 0.0, 0.0) == 1.0 == page_recall(1.0, 0.0, 0.0)


def test_every_page_weighs_the_same() -> None:
    # Page A: 8 gold tokens (5 shingles), predicted perfectly -> (1, 0, 0).
    # Page B: 1 gold shingle, nothing predicted -> (0, 0, 1): no precision (TP+FP = 0),
    # recall 0. P = mean([1]) = 1, R = mean([1, 0]) = 0.5 (micro recall would be 5/6),
    # F1 = 2 * 1 * 0.5 / 1.5 = 2/3.
    a = page_counts("a b c d e f g h", "a b c d e f g h")
    b = page_counts("p q r s", "")
    s = aggregate([a, b])
    assert s.precision == 1.0 and s.recall == 0.5 and abs(s.f1 - 2 / 3) < 1e-9
    assert s.pages == 2
    # Page C: gold 5 shingles, pred its first 2 -> (0.4, 0, 0.6): P 1, R 0.4.
    c = page_counts("a b c d e f g h", "a b c d e")
    s = aggregate([a, c])
    assert s.precision == 1.0 and abs(s.recall - 0.7) < 1e-9
    assert aggregate([(0.0, 0.0, 0.0)]).f1 == 0.0  # no scorable page


def test_load_predictions_flat_or_wrapped(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"output": {"p1": {"articleBody": "x"}},
                                                 "version": "1"}))
    (tmp_path / "b.json").write_text(json.dumps({"p1": {"articleBody": "y"}, "p2": {}}))
    assert load_predictions(tmp_path / "a.json") == {"p1": "x"}
    assert load_predictions(tmp_path / "b.json") == {"p1": "y", "p2": ""}


def _bench(tmp_path: Path) -> Path:
    root = tmp_path / "bench"
    (root / "html").mkdir(parents=True)
    (root / "output").mkdir()
    gold = {"p1": {"articleBody": "one two three four five"},
            "p2": {"articleBody": "alpha beta gamma delta"}}
    (root / "ground-truth.json").write_text(json.dumps(gold))
    for pid, body in (("p1", "one two three four five"), ("p2", "alpha beta gamma delta")):
        html = (f"<html><head><title>T {pid}</title></head><body><article><h1>Headline {pid}"
                f"</h1><p>{body}.</p></article></body></html>")
        (root / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(html.encode()))
    (root / "output" / "tool.json").write_text(json.dumps(
        {"output": {"p1": {"articleBody": "one two three four five"}}}))
    return root


def test_evaluate_extraction_side_by_side(tmp_path: Path) -> None:
    root = _bench(tmp_path)
    seen: list[str] = []
    lines: list[str] = []

    def fake(html: str, origin: str) -> str:
        seen.append(origin)
        return "one two three four five" if origin == "p1" else ""

    rep = evaluate_extraction(root, {"fake": fake}, echo=lines.append)
    assert sorted(seen) == ["p1", "p2"]
    # both systems: p1 perfect, p2 empty -> P 1 (p1 only), R 0.5
    for name in ("fake", "stored:tool"):
        s = rep.scores[name]
        assert (s.precision, s.recall, s.pages) == (1.0, 0.5, 2)
    assert lines[-1].startswith("pages=2 fake_f1=0.667 fake_p=1.000 fake_r=0.500")
    assert "stored_tool_f1=0.667" in lines[-1]
    assert rep.to_dict()["pages"]["p2"]["fake"] == [0.0, 0.0, 1.0]


def _app() -> typer.Typer:
    from dateline.evaluate.cli_evaluate import evaluate_app

    return evaluate_app


def test_cli_extraction_command(tmp_path: Path) -> None:
    root = _bench(tmp_path)
    out = tmp_path / "rep.json"
    res = CliRunner().invoke(_app(), ["extraction", str(root), "--systems", "trafilatura",
                                      "--no-stored", "--out", str(out), "-v"])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert last.startswith("pages=2 trafilatura_f1=")
    assert all("=" in kv for kv in last.split())
    rep = json.loads(out.read_text())
    assert set(rep["scores"]) == {"trafilatura"} and rep["scores"]["trafilatura"]["pages"] == 2
    bad = CliRunner().invoke(_app(), ["extraction", str(tmp_path / "nope")])
    assert bad.exit_code == 2


def test_title_and_date_matching() -> None:
    assert title_match("Kim  meets ‘Putin’.", "kim meets 'putin'")
    assert not title_match("Kim meets Putin - Site", "Kim meets Putin")
    assert not title_match("anything", None)
    assert date_match("2020-05-04T10:00:00+02:00", "2020-05-04")
    assert not date_match(None, "2020-05-04") and not date_match("2020-05-05", "2020-05-04")


_PAGE = ("<html><head><title>Rains flood the valley - The Daily Site</title>"
         '<meta property="article:published_time" content="2020-05-04T08:00:00Z">'
         "</head><body><header><h1><a href='/'>The Daily Site</a></h1></header>"
         "<article><h1>Rains flood the valley</h1>"
         "<p>Heavy rains flooded the valley on Monday, officials said, and roads were closed "
         "across the region while crews worked through the night.</p>"
         "<p>More rain is expected later in the week, the weather service said.</p>"
         "</article><footer><h1>Subscribe to our daily newsletter today</h1></footer>"
         "</body></html>")


def test_cli_metadata_command_on_a_htmldate_style_folder(tmp_path: Path) -> None:
    root = tmp_path / "hd"
    (root / "default_html_en").mkdir(parents=True)
    (root / "default_html_en" / "a.html.gz").write_bytes(gzip.compress(_PAGE.encode()))
    (root / "eval_default_en.json").write_text(json.dumps({
        "https://example.org/news/rains": {"file": "a.html", "date": "2020-05-04"},
        "https://example.org/news/missing": {"file": "absent.html", "date": "2020-01-01"}}))
    out = tmp_path / "meta.json"
    res = CliRunner().invoke(_app(), ["metadata", str(root), "--out", str(out), "-v"])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert "htmldate_default_dateline_date=1.000" in last
    assert "htmldate_default_htmldate_fast_date=1.000" in last
    rep = json.loads(out.read_text())
    assert rep["missing_pages"] == 1 and len(rep["items"]) == 1


def test_metadata_title_on_a_trafilatura_style_folder(tmp_path: Path) -> None:
    root = tmp_path / "te"
    (root / "html_en").mkdir(parents=True)
    (root / "html_en" / "a.html.gz").write_bytes(gzip.compress(_PAGE.encode()))
    (root / "evaldata_en.json").write_text(json.dumps({
        "https://example.org/a": {"file": "a.html", "title": "Rains flood the valley",
                                  "date": "2020-05-04", "with": [], "without": []}}))
    lines: list[str] = []
    rep = evaluate_metadata([root], echo=lines.append)
    s = rep.scores["trafilatura-eval"]["dateline"]
    # the headline <h1> beats the logo <h1>, the footer <h1> and the "- Site" <title>
    assert s["title"] == 1.0 and s["date"] == 1.0 and s["n_title"] == 1
    assert "trafilatura_eval_dateline_title=1.000" in lines[-1]


def test_best_title_rules() -> None:
    import lxml.html

    from dateline.stages.clean_html import best_title

    def bt(html: str, title: str | None) -> str | None:
        return best_title(lxml.html.fromstring(html), title)

    # an <h1> inside the <title>: the earliest one in it (not the site-name <h1>)
    assert bt("<div><h1>Site</h1><h1>Big news today</h1></div>",
              "Big news today | Site") == "Big news today"
    # a kicker inside the <h1>: its part that the <title> holds
    assert bt("<h1><span>Politics |</span> <span>Vote count begins in the north</span></h1>",
              "Vote count begins in the north") == "Vote count begins in the north"
    # no <h1>: the <title> without its site segment
    assert bt("<div><p>x</p></div>", "Floods close roads - The Daily Site") == "Floods close roads"
    # a display headline worded differently from the SEO <title>
    assert bt("<article><h1>Floods close roads in the north</h1></article>",
              "Northern floods | Site") == "Floods close roads in the north"
    assert bt("<p>x</p>", None) is None


@pytest.mark.parametrize("body", ["<p>Copyright 2015 The Site. All rights reserved.</p>"])
def test_no_bare_year_as_publication_date(body: str) -> None:
    from dateline.stages.clean_html import parse_html

    html = (f"<html><head><title>A page</title></head><body><article><p>Some article text "
            f"that says nothing about when it was written, at some length.</p></article>"
            f"<footer>{body}</footer></body></html>")
    assert parse_html(html).published is None
