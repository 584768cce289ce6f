"""Unit tests for the second article-precision round (issue 3): repeats without an
identifiable doer, vows of force, and reporters' requests for comment.

Parses and events are built by hand (no model loads).
"""

from __future__ import annotations

import pytest

from dateline.events.article import fold_partyless
from dateline.events.lexicon import load_lexicon
from dateline.model import Actor, Event, Evidence
from dateline.events.document import code_document

from .helpers import document, ent, parse

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _code(text_spec: str, lexicon, countries, ents=()):
    d = parse(text_spec)
    doc = document({"body": d})
    doc.entities = [ent(d, *e) for e in ents]
    return code_document(doc, lexicon, countries, "2025-09-02")


def _event(kind, actors, recipients=(), start=0):
    s = "A sentence ."
    return Event(event=kind, actor=list(actors), recipient=list(recipients),
                 evidence=Evidence("body", s, start, start + len(s)))


# --- events without an identifiable doer ----------------------------------------------------


def test_doerless_repeat_folds_into_the_named_report():
    # "Drones launched by the RSF struck ... Port Sudan" ... "The attacks on Port Sudan ..."
    rsf = _event("ASSAULT", [Actor("RSF", "Rapid Support Forces", "SDN", "REB")],
                 [Actor("Port Sudan", "Port Sudan")])
    again = _event("ASSAULT", [], [Actor("Port Sudan", "Port Sudan")], start=40)
    out = fold_partyless([rsf, again])
    assert out == [rsf]
    assert [m.start for m in rsf.mentions] == [40]


def test_pronoun_doer_folds_into_the_earlier_report_of_its_type():
    # "Medvedev threatened strikes ... 'They want to keep killing,' he said."
    med = _event("THREATEN", [Actor("Medvedev", "Dmitry Medvedev", "RUS", "GOV")])
    they = _event("THREATEN", [Actor("They", "they")], start=50)
    assert fold_partyless([med, they]) == [med]


def test_doerless_report_stays_alone_or_with_its_own_party():
    # a passive on its own ("Ingabire was arrested") keeps its target
    alone = _event("COERCE", [], [Actor("Ingabire", "Victoire Ingabire", "RWA")])
    assert fold_partyless([alone]) == [alone]
    # another type, or a recipient the named report does not share: maybe another happening
    police = _event("COERCE", [Actor("police", "police", "SRB", "COP")],
                    [Actor("students", "students", "SRB")])
    other = _event("COERCE", [], [Actor("journalists", "journalists")], start=30)
    accuse = _event("ACCUSE", [], [Actor("students", "students", "SRB")], start=60)
    assert fold_partyless([police, other, accuse]) == [police, other, accuse]


def test_pronoun_recipients_are_removed():
    ev = _event("COERCE", [Actor("police", "police", "SRB", "COP")], [Actor("them", "them")])
    [out] = fold_partyless([ev])
    assert out.recipient == []


# --- vows of force ---------------------------------------------------------------------------


def test_vow_to_crush_is_a_threat(lexicon, countries):
    # "Burhan vowed to crush the militia ."
    evs = _code("Burhan/Burhan/PROPN/nsubj/1 vowed/vow/VERB/ROOT/1 to/to/PART/aux/3 "
                "crush/crush/VERB/xcomp/1 the/the/DET/det/5 militia/militia/NOUN/dobj/3 "
                "././PUNCT/punct/1",
                lexicon, countries, [(0, 1, "PERSON", "Abdel Fattah al-Burhan", "SDN", "MIL")])
    types = [e.event for e in evs]
    assert "THREATEN" in types and "AGREE" not in types and "ASSAULT" not in types


def test_vow_of_countermeasures_is_a_threat(lexicon, countries):
    # "Beijing vows countermeasures"
    evs = _code("Beijing/Beijing/PROPN/nsubj/1 vows/vow/VERB/ROOT/1 "
                "countermeasures/countermeasure/NOUN/dobj/1",
                lexicon, countries, [(0, 1, "GPE", "Beijing", "CHN")])
    assert [e.event for e in evs] == ["THREATEN"]


def test_vow_of_cooperation_stays_an_agreement(lexicon, countries):
    # "Kenya pledged to expand trade ." -> not a threat
    evs = _code("Kenya/Kenya/PROPN/nsubj/1 pledged/pledge/VERB/ROOT/1 to/to/PART/aux/3 "
                "expand/expand/VERB/xcomp/1 trade/trade/NOUN/dobj/3 ././PUNCT/punct/1",
                lexicon, countries, [(0, 1, "GPE", "Kenya", "KEN")])
    assert "THREATEN" not in [e.event for e in evs]
    assert "AGREE" in [e.event for e in evs]


# --- reporters' requests for comment ---------------------------------------------------------


def test_request_for_comment_is_no_event(lexicon, countries):
    # "The RSF did not respond to a request for comment ."
    spec = ("The/the/DET/det/1 RSF/RSF/PROPN/nsubj/4 did/do/AUX/aux/4 not/not/PART/neg/4 "
            "respond/respond/VERB/ROOT/4 to/to/ADP/prep/4 a/a/DET/det/7 "
            "request/request/NOUN/pobj/5 for/for/ADP/prep/7 comment/comment/NOUN/pobj/8 "
            "././PUNCT/punct/4")
    ents = [(1, 2, "ORG", "Rapid Support Forces", "SDN", "REB")]
    assert [e.event for e in _code(spec, lexicon, countries, ents)] == []
    # a request for something else is still coded
    spec2 = spec.replace("comment/comment", "aid/aid")
    assert "REQUEST" in [e.event for e in _code(spec2, lexicon, countries, ents)]
