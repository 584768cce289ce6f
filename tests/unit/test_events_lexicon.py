"""Unit tests for the events lexicon tables, modality rules and confidence/merging helpers."""

from __future__ import annotations

import pytest

from dateline.events import modality as mod
from dateline.events.lexicon import load_lexicon

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE",
                "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_cameo_table_maps_codes_to_current_plover(lexicon):
    assert lexicon.plover("042") == ("CONSULT", "visit", [])
    assert lexicon.plover("036")[0] == "AGREE"
    assert lexicon.plover("1121")[:2] == ("ACCUSE", "allege")
    assert lexicon.plover("106")[0] == "REQUEST"  # old DEMAND
    assert lexicon.plover("195")[:2] == ("ASSAULT", "aerial")
    assert lexicon.plover("0874") is not None  # 4-digit code
    assert lexicon.plover("010") is None and lexicon.plover("020") is None  # no PLOVER event


def test_every_curated_trigger_codes_a_plover_type(lexicon):
    covered = set()
    for spec in list(lexicon.verbs.values()) + list(lexicon.nouns.values()):
        pl = lexicon.plover(spec.cameo)
        assert pl is not None, spec
        event = spec.event or pl[0]
        assert event in PLOVER_TYPES
        covered.add(event)
    assert covered == PLOVER_TYPES  # all 16 types have at least one trigger


def test_modes_in_table_are_from_the_current_manual(lexicon):
    for code, row in lexicon.cameo.items():
        assert row["event"] in PLOVER_TYPES, code
        if row["mode"] == "ease":
            pytest.fail(f"{code}: 'ease' is no longer a mode")


def test_derived_verbs_skip_statements_and_appeals(lexicon):
    spec = lexicon.derived_verb("depart", ["for"], [])
    assert spec is not None and spec.cameo == "042" and spec.strength < 0.5
    for lemma, code in lexicon.derived.items():
        # codes with a PLOVER event, or statement/appeal blockers (CAMEO 01/02)
        assert code in lexicon.cameo or code[:2] in ("01", "02"), (lemma, code)
    assert all(lexicon.derived_verb(v, [], []) is None for v in ("say", "announce"))


@pytest.mark.parametrize("value,end,expected", [
    ("2019", None, "historical"),
    ("2025", None, None),
    ("2025-09-01", None, None),           # the story's own days
    ("2025-08-31", None, None),
    ("2025-06-01", None, "historical"),   # months before publication
    ("2025-09-03", None, "future"),
    ("2025-06", "2025-06", "historical"),
    (None, None, None),
])
def test_date_modality(value, end, expected):
    assert mod.date_modality(value, end, "2025-09-02") == expected


def test_parse_iso_forms():
    assert str(mod.parse_iso("2019")) == "2019-01-01"
    assert str(mod.parse_iso("2025-09")) == "2025-09-01"
    assert mod.parse_iso("garbage") is None


def _doc(spec):
    import spacy
    from spacy.tokens import Doc

    words, lemmas, deps, heads, pos = [], [], [], [], []
    for item in spec.split():
        w, lem, p, d, h = item.split("/")
        words.append(w), lemmas.append(lem), pos.append(p), deps.append(d), heads.append(int(h))
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos)


def test_cue_modality_future_hypothetical_negated():
    pytest.importorskip("spacy")
    will = _doc("Kim/Kim/PROPN/nsubj/2 will/will/AUX/aux/2 visit/visit/VERB/ROOT/2 Seoul/Seoul/PROPN/dobj/2")
    assert mod.decide(will[2], None, None, "2025-09-02") == "future"
    could = _doc("Kim/Kim/PROPN/nsubj/2 could/could/AUX/aux/2 visit/visit/VERB/ROOT/2 Seoul/Seoul/PROPN/dobj/2")
    assert mod.decide(could[2], None, None, "2025-09-02") == "hypothetical"
    neg = _doc("Kim/Kim/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 visit/visit/VERB/ROOT/3 Seoul/Seoul/PROPN/dobj/3")
    assert mod.decide(neg[3], None, None, "2025-09-02") == "negated"
    plan = _doc("Kim/Kim/PROPN/nsubj/1 plans/plan/VERB/ROOT/1 to/to/PART/aux/3 visit/visit/VERB/xcomp/1 Seoul/Seoul/PROPN/dobj/3")
    assert mod.decide(plan[3], None, None, "2025-09-02") == "future"
    past = _doc("Kim/Kim/PROPN/nsubj/1 visited/visit/VERB/ROOT/1 Seoul/Seoul/PROPN/dobj/1")
    assert mod.decide(past[1], "2025-09-01", None, "2025-09-02") == "asserted"
    assert mod.decide(past[1], "2018", None, "2025-09-02") == "historical"


def test_statement_patterns_block_the_verb_default(lexicon):
    """"issue a statement" (CAMEO 010) must not fall back to the verb's default code."""
    assert lexicon.derived.get("issue>statement", "")[:2] == "01"
    assert lexicon.derived_verb("issue", [], ["statement"]) is None


def test_phrases_code_by_object(lexicon):
    assert lexicon.phrase("lay", ["arm"], [], ["down"]).cameo == "0873"
    assert lexicon.plover(lexicon.phrase("open", ["fire"], ["on"], []).cameo)[0] == "ASSAULT"
    assert lexicon.plover(lexicon.phrase("send", ["troop"], ["to"], []).cameo)[0] == "MOBILIZE"
    assert lexicon.plover(lexicon.phrase("send", ["aid"], [], []).cameo)[0] == "AID"
    assert lexicon.phrase("send", ["letter"], [], []) is None
    assert lexicon.phrase("issue", ["statement"], [], []) is False
    imposed = lexicon.phrase("impose", ["sanction"], ["on"], [])
    assert lexicon.plover(imposed.cameo)[0] == "SANCTION"


def test_wider_table_covers_every_type(lexicon):
    by_type = {}
    for table in (lexicon.verbs, lexicon.nouns):
        for lemma, spec in table.items():
            pl = lexicon.plover(spec.cameo)
            assert pl is not None, lemma
            by_type.setdefault(spec.event or pl[0], set()).add(lemma)
    assert set(by_type) == set(PLOVER_TYPES)
    assert all(len(v) >= 3 for v in by_type.values()), {k: len(v) for k, v in by_type.items()}
    assert lexicon.verbs["sanction"].event == "SANCTION"
    assert lexicon.nouns["embargo"].event == "SANCTION"


def test_a_bad_lexicon_is_refused_at_load():
    from dateline.events.lexicon import Lexicon, TriggerSpec, validate

    good = load_lexicon()
    bad = Lexicon(good.cameo, {}, verbs={"zap": TriggerSpec("190", "teleport"),
                                         "hug": TriggerSpec("010"),
                                         "bomb": TriggerSpec("190", event="FIGHT"),
                                         "meet": TriggerSpec("040", mode="drone")},
                  phrases={"lay>arm": "999"}, phrase_events={"give": ("AID", "visit")})
    problems = " | ".join(validate(bad))
    for needle in ("unknown kind 'teleport'", "'010' has no PLOVER event", "'FIGHT' is not a",
                   "mode 'drone' is not a mode of CONSULT", "phrases['lay>arm']",
                   "phrase_events['give']"):
        assert needle in problems, needle
    assert validate(good) == []
