"""Countries the sentence states beside a name (stages/entity_apposition.py), on hand-built
spaCy Docs (spacy.blank + ents; no model is loaded)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from dateline.model import Article, Document  # noqa: E402
from dateline.stages.entities import build_matchers, resolve_document  # noqa: E402
from dateline.stages.entity_apposition import party_state  # noqa: E402

from .helpers import blank_doc  # noqa: E402

_POS = {"the": "DET", "a": "DET", "an": "DET", "said": "VERB", "says": "VERB", "sent": "VERB",
        "declared": "VERB", "developing": "VERB", "that": "PRON", "has": "AUX", "of": "ADP",
        "for": "ADP", "in": "ADP", "on": "ADP", "with": "ADP", "enormously": "ADV",
        "popular": "ADJ", "and": "CCONJ", ",": "PUNCT", ".": "PUNCT",
        "(": "PUNCT", ")": "PUNCT", "-": "PUNCT", "'s": "PART", "owned": "VERB"}


@pytest.fixture(scope="module")
def matchers(nlp, table):
    return build_matchers(nlp, table)


def mentions(nlp, table, matchers, body, ents, published="2023-11-08"):
    doc = blank_doc(nlp, body, ents, _POS)
    art = Article(id="t", origin="t", body=body, published=published)
    d = Document(article=art)
    d.parsed["body"] = doc
    return {m.text: m for m in resolve_document(d, table, matchers, published)}


def test_description_after_an_organisation_names_its_country(nlp, table, matchers):
    ms = mentions(nlp, table, matchers,
                  "Firms may sell to Huawei , the embattled Chinese tech company that has grown .",
                  [("Huawei", "ORG")])
    assert ms["Huawei"].country == "CHN"
    ms = mentions(nlp, table, matchers,
                  "Spahn visited IDT Biologika , a German company developing a vaccine .",
                  [("IDT Biologika", "ORG")])
    assert ms["IDT Biologika"].country == "DEU"
    ms = mentions(nlp, table, matchers,
                  "On TikTok , the Chinese - owned social media app , Haley said more .",
                  [("TikTok", "ORG")])
    assert ms["TikTok"].country == "CHN"
    # the description ends at its last noun ("... app enormously popular with voters")
    ms = mentions(nlp, table, matchers,
                  "On TikTok , the Chinese - owned media app enormously popular with voters , "
                  "Haley said more .", [("TikTok", "ORG")])
    assert ms["TikTok"].country == "CHN"


def test_possessive_description_before_a_name(nlp, table, matchers):
    ms = mentions(nlp, table, matchers,
                  "says Tobias Judin , spokesperson for Norway 's privacy watchdog , Datatilsynet .",
                  [("Datatilsynet", "ORG")])
    assert ms["Datatilsynet"].country == "NOR"


def test_lists_topics_and_introductions_are_no_descriptions(nlp, table, matchers):
    # a list of names: "Jordan" is a first name, not Jordan
    ms = mentions(nlp, table, matchers,
                  "Songwriters : Shay Mooney , Jordan Reynolds and others .",
                  [("Shay Mooney", "PERSON"), ("Jordan Reynolds", "PERSON")])
    assert ms["Shay Mooney"].country is None
    # the country after "of" is a topic, not the person's
    ms = mentions(nlp, table, matchers,
                  "And Zed Quorum , a major skeptic of Ukraine aid , said so .",
                  [("Zed Quorum", "PERSON")])
    assert ms["Zed Quorum"].country is None
    # an introductory phrase before the subject is no apposition (only a possessive is)
    ms = mentions(nlp, table, matchers,
                  "In the British medical journal last month , Zed Yamey declared it .",
                  [("Zed Yamey", "PERSON")])
    assert ms["Zed Yamey"].country is None


def test_us_party_and_state_tag(nlp, table, matchers):
    ms = mentions(nlp, table, matchers,
                  "Sen. Zed Hawlix ( R-Mo. ) sent a brief and Zed Lipinx ( Ill. ) said no .",
                  [("Zed Hawlix", "PERSON"), ("Zed Lipinx", "PERSON")])
    assert (ms["Zed Hawlix"].country, ms["Zed Hawlix"].sector) == ("USA", "LEG")
    assert ms["Zed Lipinx"].country == "USA"


def test_party_state_needs_the_convention(table):
    assert party_state(" (D-N.Y.) said", table) == ("USA", "LEG")
    assert party_state(", D-California, said", table) == ("USA", "LEG")
    assert party_state(" (Minn.) and", table) == ("USA", None)
    assert party_state(" (Reuters) -", table) == (None, None)
    assert party_state(" (OK) said", table) == (None, None)  # undotted: not a state
    assert party_state(" (X-Files) said", table) == (None, None)  # no party letter


def test_a_demonym_in_a_facility_name_is_no_owner(nlp, table, matchers):
    ms = mentions(nlp, table, matchers,
                  "The Indonesian Hospital was hit and the Turkish Embassy said so .",
                  [("Indonesian Hospital", "ORG"), ("Turkish Embassy", "ORG")])
    assert ms["Indonesian Hospital"].country is None  # the article's country fills it later
    assert ms["Indonesian Hospital"].sector == "HLH"
