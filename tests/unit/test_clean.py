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
    from dateline.sources.files import read_paths

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


# --- issue 2: the header, dates, trailers and captions of other sites' scrapes -------------

def test_find_title_skips_taglines_and_menus() -> None:
    from dateline.stages.clean_rules import find_title

    lines = ["Site Name - Back to home", "World", "Leaders agree on a new border crossing deal",
             "By Jane Doe", "3 March 2025", "",
             "The leaders of the two countries agreed on Monday to open a new border crossing "
             "for trade and travel, officials said."]
    assert find_title(lines) == 2
    # a tagline is longer than a label but is followed by no byline/date; the title is
    lines = ["Independent news and analysis for professionals", "Search", "Politics",
             "Court jails opposition leader for eight months", "12.06.2025 | 18:40", "",
             "A court on Thursday sentenced an opposition leader to eight months in prison for "
             "refusing to appear before a parliamentary commission."]
    assert find_title(lines) == 3
    # the standfirst under a headline is not the title, though it is longer
    lines = ["NATION", "Coast guard blocks resupply boats near shoal",
             "Manila lodges a diplomatic protest as Beijing demands removal of the grounded ship",
             "Published 9:45 AM, April 09, 2025", "",
             "Chinese coast guard vessels blocked two boats carrying supplies to troops at the "
             "shoal on Tuesday, the coast guard said in a statement."]
    assert find_title(lines) == 1
    assert find_title(["The whole text is one long paragraph that reads like a sentence from "
                       "start to end, with no title above it at all."]) is None


def test_labels_and_breadcrumbs() -> None:
    from dateline.stages.clean_rules import breadcrumb_parts, is_label, is_nav

    assert breadcrumb_parts("Home \u00bb Politics \u00bb") == ["Home", "Politics"]
    assert breadcrumb_parts("News / Asia") == ["News", "Asia"]
    assert breadcrumb_parts("NEWS | ANALYSIS | INTERVIEWS | EN") == ["NEWS", "ANALYSIS",
                                                                     "INTERVIEWS", "EN"]
    assert breadcrumb_parts("Court jails leader | a verdict that shocked the nation") is None
    assert breadcrumb_parts("Leaders meet in Geneva") is None
    assert is_label("Peace and Security") and is_label("WORLD NEWS") and is_label("Latin America")
    assert not is_label("Leaders meet in Geneva") and not is_label("Full article")
    assert is_nav("The Daily Planet - Back to home") and is_nav("Home \u00bb World")
    assert not is_nav("Floods force thousands from their homes in Kenya")


@pytest.mark.parametrize("head,section", [
    ("Home\nNews\nSport\nWeather\nEurope\n", "Europe"),        # menu ending at the title
    ("World\nEurope\nUS\nAmericas\nAsia\nAdvertisement\n", None),  # a menu, not adjacent
    ("Club Site\nHome \u00bb Politics \u00bb\n", "Politics"),   # breadcrumb
    ("Our Site\nNEWS | ANALYSIS | OPINION | EN\nDiplomacy\n", "Diplomacy"),
    ("Latin America\nTuesday, June 17th 2025 - 09:12 UTC\nFull article\n", "Latin America"),
])
def test_section_from_labels_above_title(head: str, section: str | None) -> None:
    text = (head + "Ministers agree to reopen the border crossing after talks\nBy Jane Doe\n\n"
            "Ministers from both countries agreed on Monday to reopen the border crossing that "
            "has been closed for two years, officials said.\n")
    p = parse_text_scrape(text)
    assert p.title == "Ministers agree to reopen the border crossing after talks"
    assert p.section == section
    assert p.paragraphs[0].startswith("Ministers from both countries")


def test_more_date_formats() -> None:
    assert parse_date("12.06.2025 | 18:40") == "2025-06-12"
    assert parse_date("Issued on: 21/06/2025 - 14:32") == "2025-06-21"
    assert parse_date("Tuesday, June 17th 2025 - 09:12 UTC") == "2025-06-17"
    assert parse_date("Sat 14 Jun 2025 14.20 BST") == "2025-06-14"
    assert date_line("12.06.2025 | 18:40")[:2] == ("2025-06-12", "")
    assert date_line("Issued on: 21/06/2025 - 14:32 Modified: 21/06/2025 - 16:05")[:2] == \
        ("2025-06-21", "")


def test_trailers_end_the_story() -> None:
    body = ("Talks resume in Vienna over nuclear deal\n\n"
            "Diplomats from Iran and the European Union met in Vienna on Monday to resume "
            "talks.\n\nBoth sides said the first day of meetings had been constructive and "
            "useful.\n\n")
    for trailer in ("Tags: Iran, Vienna, Nuclear deal.", "Tags / Keywords:\nIran , Vienna",
                    "Found a mistake in this article?\nReport it to us.",
                    "Download the Example News app for your iOS or Android devices.",
                    "Jane Doe covers diplomacy for the Courier. Reach her at 555-0100.",
                    "\u00a9 2025 AFP\nMost read\nAnother story about the talks in Vienna"):
        p = parse_text_scrape(body + trailer + "\n")
        assert len(p.paragraphs) == 2, trailer
        assert p.paragraphs[-1].endswith("constructive and useful."), trailer
    p = parse_text_scrape(body + "READ: Why the nuclear talks matter to the region\n"
                          "Share on: Facebook Twitter WhatsApp\n"
                          "A further meeting is planned for Thursday in the Austrian capital.\n")
    assert len(p.paragraphs) == 3
    assert [r.title for r in p.related] == ["Why the nuclear talks matter to the region"]


def test_related_question_headline_is_not_body() -> None:
    text = ("Tens of thousands march in the capital\n\n"
            "Tens of thousands of people marched through the capital on Saturday in one of the "
            "largest protests in years, organisers said.\n\nRelated\n\n"
            "Who are the students shaking the government?\n\n"
            "Police said they had detained 23 people after scuffles broke out late on Saturday.\n")
    p = parse_text_scrape(text)
    assert [r.title for r in p.related] == ["Who are the students shaking the government?"]
    assert len(p.paragraphs) == 2


def test_more_captions_and_sources() -> None:
    c = parse_caption("A street in central Niamey, the capital, on June 20, 2025. "
                      "\u00a9 Jo Doe, AFP")
    assert (c.text, c.credit) == ("A street in central Niamey, the capital, on June 20, 2025.",
                                  "Jo Doe, AFP")
    c = parse_caption("The two leaders shake hands before their talks in Tokyo on Monday. "
                      "| POOL / KYODO")
    assert c.credit == "POOL / KYODO"
    assert parse_caption("He said it was a good day. | and then he left the room") is None
    p = parse_text_scrape("Example Press, West African News Agency\nPolitics\n"
                          "Ministers agree to reopen the border crossing after talks\n"
                          "Ministers pose for a photo at the border post on Monday. - Reuters\n\n"
                          "Ministers from both countries agreed on Monday to reopen the border "
                          "crossing that has been closed for two years, officials said.\n")
    assert p.source == "Example Press"
    assert p.captions[0].credit == "Reuters"
    p = parse_text_scrape("Ministers agree to reopen the border crossing after talks\n\n"
                          "Niamey (AFP) \u2013 Ministers from both countries agreed on Monday to "
                          "reopen the border crossing, officials said.\n")
    assert p.source == "AFP"


def test_new_chrome_rules_spare_story_sentences() -> None:
    """The trailer/chrome rules added for other sites do not eat ordinary story sentences."""
    from dateline.stages.clean_rules import _BIO_RE, _TRAILER_RE

    for line in ("Auditors found a mistake in the accounts of the ministry last year.",
                 "Users were urged to download the government's tracing app.",
                 "Officials said they tried to reach him at home on Sunday.",
                 "Copyright claims against the broadcaster were dismissed by the court."):
        assert not is_chrome(line), line
        assert not _TRAILER_RE.search(line), line
    assert not _BIO_RE.match("The insurance covers damage for the Farmers union.")
    assert list_label("Keywords: Iran, Vienna") == "tail"
    assert list_label("Topical issues in the region") is None
    text = ("Talks resume in Vienna\n\nDiplomats from Iran and the European Union met in Vienna "
            "on Monday to resume talks.\n\nCopyright claims against the broadcaster were "
            "dismissed by the court on Friday, its lawyers said.\n\nBoth sides said the first day "
            "of meetings had been constructive and useful.\n")
    assert len(parse_text_scrape(text).paragraphs) == 3


def test_title_case_headline_with_in_is_a_title() -> None:
    text = ("World\nRussian Troops Advance In Eastern Donetsk Region\nBy Jane Doe\n"
            "Jane Doe in Kyiv\n\nRussian troops advanced near two villages in the eastern "
            "Donetsk region on Sunday, Ukraine's general staff said in its morning report.\n")
    p = parse_text_scrape(text)
    assert p.title == "Russian Troops Advance In Eastern Donetsk Region"
    assert p.section == "World"
    assert p.paragraphs[0].startswith("Russian troops advanced") and len(p.paragraphs) == 1


def test_role_lines_and_page_chrome_of_full_page_dumps() -> None:
    from dateline.stages.clean_rules import find_title, is_furniture

    for line in ("Staff writer", "Eastern Europe correspondent", "Jane Doe - Science Contributor"):
        assert is_furniture(line), line
    assert not is_furniture("Trump fires FBI director, names new editor")
    for line in ("Continue reading the main story", "Jump directly to the content",
                 "Click to share on Reddit (Opens in new window)"):
        assert is_chrome(line), line
    # a whole-page dump: cookie banner and menus above the headline
    lines = ["We use cookies and other tracking technologies to improve your browsing experience "
             "on our site and to show personalized content.", "Menu", "Sections",
             "Continue reading the main story", "Ministers agree to reopen the border crossing",
             "Jane Doe - Politics Reporter", "",
             "Ministers from both countries agreed on Monday to reopen the border crossing that "
             "has been closed for two years, officials said."]
    assert find_title(lines) == 4


def test_tag_lists_are_not_related_headlines() -> None:
    text = ("Talks resume in Vienna over nuclear deal\n\n"
            "Diplomats from Iran and the European Union met in Vienna on Monday to resume "
            "talks.\n\nBoth sides said the first day of meetings had been constructive and "
            "useful.\n\nKeywords\nIran, Vienna, European Union, Nuclear deal\n"
            "#Iran #nuclear talks\n"
            "Most read\nFloods kill dozens in eastern Congo as rains continue\n")
    p = parse_text_scrape(text)
    assert [r.title for r in p.related] == ["Floods kill dozens in eastern Congo as rains continue"]
