"""Headline and publication-date rules of the HTML clean stage, on hand-made pages.

No spaCy model is loaded; the pages are a few lines of markup written for each rule (no page of
an evaluation set). ``best_title`` and ``shown_date`` are the rules measured by ``dateline
evaluate metadata`` (docs/quality.md).
"""

from __future__ import annotations

import lxml.html
import pytest

from dateline.stages.clean_html import (_segment_at, _tree, best_title, parse_html, shown_date,
                                        visible_text)

URL = "https://blog.example.org/2021/05/04/a-post/"


def _bt(body: str, title: str | None, head: str = "", url: str | None = URL) -> str | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return best_title(lxml.html.fromstring(html), title, None, url)


# ----------------------------------------------------------------------------- headlines


def test_blog_name_h1_linking_home_is_not_the_headline() -> None:
    body = ("<div id='header'><h1><a href='https://blog.example.org/'>Quiet Notes</a></h1></div>"
            "<div class='post'><h2>Why the river moved</h2><p>text</p></div>")
    assert _bt(body, "Quiet Notes \u00bb Blog Archive \u00bb Why the river moved") == (
        "Why the river moved")
    # the same page with the <h1> as plain text: it is in the <title>, so it still wins
    plain = body.replace("<a href='https://blog.example.org/'>Quiet Notes</a>", "Quiet Notes")
    assert _bt(plain, "Quiet Notes \u00bb Blog Archive \u00bb Why the river moved") == (
        "Quiet Notes")


def test_relative_home_link_and_permalink_headline() -> None:
    # a relative link home ("/") is another page
    body = "<h1><a href='/'>Quiet Notes</a></h1><h3>Why the river moved</h3>"
    assert _bt(body, "Quiet Notes: Why the river moved") == "Why the river moved"
    # a headline linking to its own page (a permalink) stays a headline
    own = "<h1><a href='/2021/05/04/a-post/'>Why the river moved</a></h1>"
    assert _bt(own, "Why the river moved | Quiet Notes") == "Why the river moved"
    # ... also when the page says where it lives only through <link rel=canonical>
    canon = "<link rel='canonical' href='https://blog.example.org/2021/05/04/a-post/'>"
    assert _bt(own, "Why the river moved | Quiet Notes", head=canon, url=None) == (
        "Why the river moved")


def test_teaser_h1s_linking_to_other_articles_are_skipped() -> None:
    body = ("<h1><a href='https://news.example.org/other-story'>Another story entirely</a></h1>"
            "<h2>Flood warnings lifted across the valley</h2>")
    assert _bt(body, "Flood warnings lifted across the valley - News") == (
        "Flood warnings lifted across the valley")


def test_subheading_equal_to_og_title_beats_title_segments() -> None:
    head = "<meta property='og:title' content='Harbour reopens after the storm | Guide'>"
    body = "<h2>Harbour reopens after the storm | Guide</h2><h2>Recent posts</h2>"
    # without the rule the <title> would be cut at " | " and lose "Guide"
    assert _bt(body, "Harbour reopens after the storm | Guide", head=head) == (
        "Harbour reopens after the storm | Guide")


def test_subheading_that_is_a_whole_title_segment() -> None:
    body = ("<table><tr><td><h2><a href='/awad/'>Word Daily</a></h2></td></tr></table>"
            "<h3>maudlin</h3>")
    assert _bt(body, "Word Daily --maudlin") == "maudlin"
    # a sub-heading that is only a piece of a word in the <title> is not a segment
    assert _bt("<h3>maud</h3>", "Word Daily --maudlin") == "Word Daily --maudlin"


def test_segment_at() -> None:
    assert _segment_at("site \u00bb archive \u00bb the post", "the post") == 17
    assert _segment_at("a.word.a.day --maudlin", "maudlin") == 15
    assert _segment_at("the post - site", "the post") == 0
    assert _segment_at("the postman - site", "the post") == -1
    assert _segment_at("site", "the post") == -1


def test_existing_rules_still_hold() -> None:
    assert _bt("<div><h1>Site</h1><h1>Big news today</h1></div>",
               "Big news today | Site") == "Big news today"
    assert _bt("<p>x</p>", "Floods close roads - The Daily Site") == "Floods close roads"
    assert _bt("<article><h1>Floods close roads in the north</h1></article>",
               "Northern floods | Site") == "Floods close roads in the north"
    assert _bt("<p>x</p>", None) is None


def test_xhtml_with_xml_declaration_is_parsed() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html><head><title>Talks resume - Site'
            '</title></head><body><h1>Talks resume</h1></body></html>')
    tree = _tree(html)
    assert tree is not None and tree.find(".//h1").text == "Talks resume"


# ----------------------------------------------------------------------------- dates


def test_visible_text_skips_head_scripts_and_styles() -> None:
    tree = lxml.html.fromstring(
        "<html><head><title>T</title><meta name='date' content='2004-01-01'></head><body>"
        "<p>Updated <b>June 13, 2019</b></p><script>var d='2004-01-01';</script>"
        "<style>p{}</style><p>tail</p></body></html>")
    text = visible_text(tree)
    assert "June 13, 2019" in text and "2004" not in text and "tail" in text
    assert visible_text(None) == ""


@pytest.mark.parametrize("text,original,updated,expected", [
    # only the update is printed: the page's date is the update
    ("By the Kitchen team Updated June 13, 2019", "2004-01-01", "2019-06-13", "2019-06-13"),
    ("Latest revision as of 05:33, 7 April 2020", "2005-07-26", "2020-04-07", "2020-04-07"),
    # both printed: the original publication stays
    ("Published: 22:00 GMT, 26 September 2020 | Updated: 08:39 GMT, 28 September 2020",
     "2020-09-26", "2020-09-28", "2020-09-26"),
    # neither printed: the original stays
    ("no dates here", "2020-09-26", "2020-09-28", "2020-09-26"),
])
def test_shown_date(text: str, original: str, updated: str, expected: str) -> None:
    assert shown_date(text, original, updated) == expected


def test_shown_date_needs_whole_numbers() -> None:
    # "12/04/2020" inside a longer number is not the day printed
    assert shown_date("ref 112/04/20201", "2019-01-05", "2020-04-12") == "2019-01-05"
    assert shown_date("on 12/04/2020", "2019-01-05", "2020-04-12") == "2020-04-12"


def _page(meta: str, body: str) -> str:
    return (f"<html><head><title>Lemon cake</title>{meta}</head><body><article>"
            f"<h1>Lemon cake</h1><p>{body}</p><p>Mix the flour, the sugar and the eggs, then "
            f"bake the cake for forty minutes in a hot oven until it is golden.</p>"
            f"</article></body></html>")


def test_parse_html_takes_the_printed_update_over_a_hidden_creation_date() -> None:
    meta = ('<meta itemprop="datePublished" content="2004-01-01">'
            '<meta itemprop="dateModified" content="2019-06-13">')
    assert parse_html(_page(meta, "Updated June 13, 2019")).published == "2019-06-13"
    # the creation date printed as well: the original publication date stays
    both = parse_html(_page(meta, "First published January 1, 2004. Updated June 13, 2019"))
    assert both.published == "2004-01-01"


# ----------------------------------------------------------------------------- halves


def test_scores_per_half() -> None:
    from dateline.evaluate.metadata import score_items

    def row(half: str, title_ok: bool, date_ok: bool) -> dict:
        return {"subset": "s", "half": half, "gold_title": "T", "gold_date": "2020-01-01",
                "sys": {"title": "x", "date": "2020-01-01" if date_ok else None,
                        "title_ok": title_ok, "date_ok": date_ok}}

    rows = [row("even", True, True), row("odd", False, True), row("even", True, False),
            row("odd", True, True)]
    s = score_items(rows, ["sys"])["s"]["sys"]
    assert s["title"] == 0.75 and s["title_even"] == 1.0 and s["title_odd"] == 0.5
    assert s["date"] == 0.75 and s["date_even"] == 0.5 and s["date_odd"] == 1.0


def test_labelled_finds_a_day_printed_after_a_publication_label() -> None:
    from dateline.stages.clean_html import _labelled

    text = ("this march 28, 2017, file photo shows the jail. "
            "published 7:07 pm est nov 19, 2019 two officers were charged")
    assert _labelled(text, "2019-11-19")
    assert not _labelled(text, "2017-03-28")  # printed, but in a caption
    assert not _labelled("updated nov 19, 2019", "2019-11-19")
    assert not _labelled(text, "not-a-date")


def test_find_date_takes_the_labelled_date_when_htmldate_and_trafilatura_disagree(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate

    from dateline.stages.clean_html import _find_date

    html = ("<html><body><div class='caption'>This March 28, 2017, file photo</div>"
            "<div class='publish-date'>Published 7:07 PM EST Nov 19, 2019</div>"
            "<p>Two federal prison officers were charged on Tuesday.</p></body></html>")
    # htmldate's markup search read the caption; trafilatura's metadata the label
    monkeypatch.setattr(htmldate, "find_date", lambda *a, **k: "2017-03-28")
    tree = _tree(html)
    assert _find_date(html, None, "2019-11-19", tree) == "2019-11-19"
    # they agree, or the page labels neither: htmldate's date stays
    assert _find_date(html, None, "2017-03-28", tree) == "2017-03-28"
    plain = html.replace("Published ", "")
    assert _find_date(plain, None, "2019-11-19", _tree(plain)) == "2017-03-28"
