"""Locating gold sentences stored as first words + sha1 (dateline.learn.align)."""

from __future__ import annotations

from dateline.learn.align import locate, sentence_key

BODY = ("Police arrested 23 protesters on Monday in   the capital.\nThe government said the "
        "protests would not change its plans. Talks resume on Friday.")


def test_exact_location_by_sha1_with_whitespace_runs():
    key = sentence_key("Police arrested 23 protesters on Monday in the capital.")
    span = locate(key, {"title": "", "body": BODY})
    assert span is not None and span.exact and span.field == "body"
    assert BODY[span.start:span.end] == "Police arrested 23 protesters on Monday in   the capital."


def test_sentence_in_the_title_and_a_later_sentence():
    key = sentence_key("Talks resume on Friday.")
    span = locate(key, {"title": "Talks resume on Friday.", "body": BODY})
    assert span.field == "title" and span.exact
    key = sentence_key("The government said the protests would not change its plans.")
    span = locate(key, {"body": BODY})
    assert span.exact and BODY[span.start:span.end].endswith("its plans.")


def test_first_words_only_when_the_text_differs():
    key = sentence_key("The government said the protests would not change its plans at all.")
    span = locate(key, {"body": BODY}, {"body": [BODY.index("plans.") + 6, len(BODY)]})
    assert span is not None and not span.exact
    assert BODY[span.start:span.end] == "The government said the protests would not change its plans."
    # case and punctuation differences in the first words
    key = {"first_words": "the GOVERNMENT said, the protests would not change", "sha1": "0" * 40}
    assert locate(key, {"body": BODY}).start == BODY.index("The government")


def test_absent_sentence():
    assert locate(sentence_key("Nothing like this is in the page."), {"body": BODY}) is None
    assert locate({"first_words": "", "sha1": None}, {"body": BODY}) is None
