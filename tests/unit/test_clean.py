"""Unit tests of the clean stage: text-scrape chrome rules, records, HTML, the stage itself.

The text scrapes under tests/fixtures/scrapes/ were written for these tests in the styles of
several sites; each NAME.expected.json holds SPEC section 4 article checks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dateline.config import PipelineConfig
from dateline.errors import InputError
from dateline.model import Document, RawInput
from dateline.registry import registry
from dateline.stages.clean import clean_record, clean_text, normalise_published
from dateline.stages.clean_text import (date_line, is_chrome, list_label, parse_caption,
                                        parse_date, parse_text_scrape, related_inline,
                                        section_name)

SCRAPES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapes"


def _n(s: str | None) -> str:
    """SPEC 4 comparison form: case, whitespace, quotes and trailing punctuation ignored."""
    t = (s or "").translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"',
                                           "\u201d": '"'}))
    return re.sub(r"[\s.,;:!?\u2026]+$", "", " ".join(t.split()).lower())


def article_failures(art: dict, gold: dict) -> list[str]:
    """Every SPEC 4 article check of ``gold`` that ``art`` fails (empty when all pass)."""
    bad = []
    for k in ("title", "subtitle", "section"):
        if k in gold and _n(art.get(k)) != _n(gold[k]):
            bad.append(f"{k}: {art.get(k)!r} != {gold[k]!r}")
    if "published" in gold and (art.get("published") or "")[:10] != (gold["published"] or "")[:10]:
        bad.append(f"published: {art.get('published')!r} != {gold['published']!r}")
    if gold.get("source"):
        s, g = _n(art.get("source")), _n(gold["source"])
        if not s or (s not in g and g not in s):
            bad.append(f"source: {art.get('source')!r} vs {gold['source']!r}")
    elif "source" in gold and art.get("source"):
        bad.append(f"source: {art.get('source')!r} != None")
    body = art.get("body") or ""
    nb = " ".join(body.lower().translate(str.maketrans({"\u2019": "'", "\u201c": '"',
                                                        "\u201d": '"', "\u2018": "'"})).split())
    if "body_first" in gold and not nb.startswith(_n(gold["body_first"])):
        bad.append(f"body_first: {body[:80]!r}")
    if "body_last" in gold and not _n(nb).endswith(_n(gold["body_last"])):
        bad.append(f"body_last: {body[-80:]!r}")
    if "body_paragraphs" in gold:
        n = sum(1 for ln in body.split("\n") if ln.strip())
        if n != gold["body_paragraphs"]:
            bad.append(f"body_paragraphs: {n} != {gold['body_paragraphs']}")
    for s in gold.get("body_must_not_contain", []):
        if _n(s) in nb:
            bad.append(f"body contains {s!r}")
    titles = [_n(r["title"]) for r in art.get("related", [])]
    for s in gold.get("related_must_contain", []):
        if not any(_n(s) in t for t in titles):
            bad.append(f"related lacks {s!r}")
    for cap in gold.get("captions", []):
        got = [c for c in art.get("captions", []) if _n(c["text"]) == _n(cap["text"])]
        if not got:
            bad.append(f"caption missing: {cap['text'][:50]!r}")
        elif _n(got[0].get("credit")) != _n(cap.get("credit")):
            bad.append(f"caption credit {got[0].get('credit')!r} != {cap.get('credit')!r}")
    return bad


def _stage(name: str = "auto", **opts):
    cfg = PipelineConfig(options={"clean": opts})
    return registry.get("clean", name).factory(cfg.stage_options("clean"), None)


def _as_dict(doc: Document) -> dict:
    return doc.to_dict()["article"]


def relayout(text: str, layout: str) -> str:
    """The same scrape with another line layout: as is, no blank lines, or blank after each."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return {"orig": text, "noblank": "\n".join(lines), "allblank": "\n\n".join(lines),
            "crlf": text.replace("\n", "\r\n")}[layout]


@pytest.mark.parametrize("layout", ["orig", "noblank", "allblank", "crlf"])
@pytest.mark.parametrize("name", sorted(p.stem for p in SCRAPES.glob("*.txt")))
def test_scrape_fixtures(name: str, layout: str) -> None:
    gold = json.loads((SCRAPES / f"{name}.expected.json").read_text())
    text = relayout((SCRAPES / f"{name}.txt").read_text(), layout)
    doc = _stage(published=gold.get("config_published"))(Document(raw=RawInput(name, "text", text)))
    assert article_failures(_as_dict(doc), gold) == []
    try:
        from dateline.evaluate.gold import check_article
    except ImportError:  # the scorer module is optional here
        return
    assert [c.name for c in check_article(_as_dict(doc), gold) if not c.ok] == []


def test_examples_clean() -> None:
    """Every bundled demo article is read and cleaned into a dated, titled article."""
    from dateline.stages.ingest import read_paths

    examples = Path(__file__).resolve().parents[2] / "examples"
    raws = list(read_paths([str(examples)]))
    assert len(raws) >= 4 and all(isinstance(r, RawInput) for r in raws)
    assert {r.format for r in raws} == {"text", "html", "record"}
    stage = _stage()
    for r in raws:
        a = stage(Document(raw=r)).article
        assert a.title and a.published and a.body.count("\n") >= 1, r.origin


def test_at_least_three_fixtures() -> None:
    assert len(list(SCRAPES.glob("*.expected.json"))) >= 3


def test_checker_detects_failures() -> None:
    art = {"title": "A", "body": "one\ntwo", "related": [], "captions": []}
    bad = article_failures(art, {"title": "B", "body_paragraphs": 3,
                                 "body_must_not_contain": ["two"], "related_must_contain": ["x"]})
    assert len(bad) == 4


def test_dates() -> None:
    assert parse_date("September 2, 2025") == "2025-09-02"
    assert parse_date("Published On 6 Sep 2025") == "2025-09-06"
    assert parse_date("Sept. 4, 2025") == "2025-09-04"
    assert parse_date("2025-02-30") is None
    assert date_line("date 2025-09-02 WORLD") == ("2025-09-02", "WORLD", False)
    assert date_line("Updated 3:15 PM EDT, September 4, 2025")[0::2] == ("2025-09-04", True)
    assert date_line("Kim met Xi on September 2, 2025 in Beijing for talks on trade") is None


def test_chrome_and_labels() -> None:
    for line in ("2 min read", "3 minute read", "Share", "Advertisement", "Contact us",
                 "Sneak a peek at TRT Global. Share your feedback!", "Published 3 hours ago",
                 "Sign up for our daily newsletter", "list of 3 items"):
        assert is_chrome(line), line
    assert not is_chrome("The minister said the talks would resume on Monday in Geneva.")
    assert list_label("Recommended") == "soft"
    assert list_label("Explore") == "tail"
    assert list_label("More from Europe") == "tail"
    assert list_label("Kremlin officials said") is None


def test_related_inline_strips_site_prefix() -> None:
    assert related_inline("RelatedTRT World - SCO Summit 2025: All eyes on Tianjin") == \
        "SCO Summit 2025: All eyes on Tianjin"
    assert related_inline("Read more: Talks collapse in Doha as mediators leave") == \
        "Talks collapse in Doha as mediators leave"
    assert related_inline("Relatedly, the talks went on for hours.") is None


def test_captions() -> None:
    c = parse_caption("Kim joins Putin and Xi in Beijing / AP")
    assert (c.text, c.credit) == ("Kim joins Putin and Xi in Beijing", "AP")
    c = parse_caption("Protesters march in Nairobi on Tuesday (Photo: John Doe)")
    assert c.credit == "John Doe"
    c = parse_caption("The minister speaks in Manila, September 3, 2025. REUTERS/Eloisa Lopez")
    assert c.credit == "REUTERS/Eloisa Lopez"
    assert parse_caption("He said the ratio was 3 / 4 of the vote.") is None
    assert parse_caption("The president met the prime minister in the capital.") is None


def test_section_name() -> None:
    assert section_name("WORLD") == "World"
    assert section_name("MIDDLE EAST") == "Middle East"
    assert section_name("US POLITICS") == "US Politics"


def test_recommended_box_mid_body_is_cut_and_body_resumes() -> None:
    text = ("Leaders meet in Geneva for ceasefire talks\n\n"
            "Diplomats from both sides arrived in Geneva on Monday for a new round of talks.\n\n"
            "Recommended\nRelatedSite News - Earlier talks ended without a deal\n\n"
            "The talks are expected to last three days, officials said.\n")
    p = parse_text_scrape(text)
    assert p.title == "Leaders meet in Geneva for ceasefire talks"
    assert p.paragraphs == [
        "Diplomats from both sides arrived in Geneva on Monday for a new round of talks.",
        "The talks are expected to last three days, officials said."]
    assert [r.title for r in p.related] == ["Earlier talks ended without a deal"]


def test_published_fallback_and_no_text() -> None:
    stage = _stage(published="2025-01-15")
    doc = stage(Document(raw=RawInput("x.txt", "text", "A headline only here\n\nOne short line.")))
    assert doc.article.published == "2025-01-15"
    with pytest.raises(InputError) as exc:
        stage(Document(raw=RawInput("y.txt", "text", "Share\nAdvertisement\n2 min read\n")))
    assert exc.value.reason == "no-text"


def test_record_cleaning() -> None:
    raw = RawInput("a.jsonl#L1", "record", "First  para\nline two.\n\nSecond para.",
                   meta={"title": "T", "url": "http://x/1", "published": "Sep 3, 2025",
                         "source": "Wire", "warnings": ["w"]})
    doc = _stage()(Document(raw=raw))
    a = doc.article
    assert a.body == "First para line two.\nSecond para."
    assert (a.title, a.url, a.published, a.source) == ("T", "http://x/1", "2025-09-03", "Wire")
    assert doc.warnings == ["w"]
    assert a.id == a.make_id(a.body, "T")
    assert clean_record(RawInput("b", "record", "one\ntwo"), {}).body == "one\ntwo"


def test_normalise_published() -> None:
    assert normalise_published("2025-09-02T10:00:00Z") == "2025-09-02T10:00:00Z"
    assert normalise_published("2025-09-02") == "2025-09-02"
    assert normalise_published("Tuesday, 2 September 2025") == "2025-09-02"
    assert normalise_published("soon") is None


HTML = (SCRAPES / "page_grain_corridor.html").read_text(encoding="utf-8")


def test_html_clean() -> None:
    raw = RawInput("page.html", "html", HTML, meta={"url": "https://example.org/a"})
    doc = _stage()(Document(raw=raw))
    a = doc.article
    assert a.title == "Ministers agree on grain corridor"
    assert a.published == "2025-09-03"
    assert a.body.startswith("Foreign ministers from Turkey and Ukraine agreed")
    assert "\n\n" not in a.body and a.body.count("\n") >= 2
    assert any(c.credit == "Jane Roe/Example" and c.text.startswith("The ministers")
               for c in a.captions)
    assert any(c.credit == "John Doe/Demo Agency" and c.text == "A cargo ship waits near Istanbul."
               for c in a.captions)
    assert any(r.title == "Black Sea shipping rates fall after deal"
               and r.url == "https://example.org/b" for r in a.related)


def test_clean_text_forced_on_plain() -> None:
    art = clean_text(RawInput("z", "text", "Title of the story here\n\nBody text of it.\n"), {})
    assert art.title == "Title of the story here" and art.body == "Body text of it."


def test_main_text_drops_menus_keeps_subheads() -> None:
    from dateline.stages.clean_text import main_text

    story = ["The foreign ministers of both countries met in Geneva on Monday for talks.",
             "What comes next?",
             "Officials said a second round of talks would be held in Vienna next month."]
    menu = ["World", "Business", "Sport", "Culture", "Travel"]
    assert main_text(menu + story + menu) == story
    assert main_text(story) == story


def test_agency_byline_does_not_end_story() -> None:
    text = ("Talks resume in Vienna over nuclear deal\nThe Associated Press\n\n"
            "Diplomats from Iran and the European Union met in Vienna on Monday to resume talks.\n"
            "Both sides said the first day of meetings had been constructive and useful.\n"
            "A further meeting is planned for Thursday in the Austrian capital, officials said.\n")
    p = parse_text_scrape(text)
    assert p.source == "The Associated Press"
    assert len(p.paragraphs) == 3


def test_forced_stage_names() -> None:
    raw = RawInput("page.html", "html", HTML)
    assert _stage("html")(Document(raw=raw)).article.title == "Ministers agree on grain corridor"
    assert _stage("text")(Document(raw=raw)).article.title == "Ministers agree on grain corridor"
    txt = RawInput("a.txt", "text", "A title for the story\n\nThe body of the story goes here.")
    assert _stage("text")(Document(raw=txt)).article.body == "The body of the story goes here."
    assert set(registry.names("clean")) >= {"auto", "text", "html"}
