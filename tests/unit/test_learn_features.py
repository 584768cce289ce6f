"""Pieces of the learned coder that need no parse: who counts as a party, the article's
country, the recipient model's extra features, and the merge tests of reports and events."""

from __future__ import annotations

from dateline.learn.coder import Thresholds, _overlap, _same_event
from dateline.learn.features import article_country, identified, recipient_features
from dateline.model import Actor, Document, EntityMention, Event, Evidence, PlaceMention


def test_pronouns_and_bare_nouns_are_never_parties():
    assert not identified(Actor("they", "they"))
    assert not identified(Actor("We", "we", "USA", "GOV"))  # a pronoun even with a country
    assert not identified(Actor("officials", "officials"))
    assert identified(Actor("officials", "officials", "CHN", "GOV"))  # "Chinese officials"
    assert identified(Actor("teachers", "teachers", None, "EDU"))  # a group with a sector
    assert identified(Actor("Hezbollah", "Hezbollah"))  # a proper name
    assert not identified(Actor("the crowd", "the crowd"))  # no name, country or sector


def _ent(text, country, field="body"):
    return EntityMention(text, "GPE", 0, 1, country=country, field=field)


def test_article_country():
    doc = Document(entities=[_ent("Kenya", "KEN"), _ent("Kenya", "KEN"), _ent("Uganda", "UGA")],
                   places=[PlaceMention("Nairobi", 0, 1, country="KEN")])
    assert article_country(doc, None) == "KEN"
    assert article_country(doc, "ETH") == "ETH"  # the main place's country decides
    tie = Document(entities=[_ent("Kenya", "KEN"), _ent("Uganda", "UGA")])
    assert article_country(tie, None) is None
    assert article_country(Document(), None) is None


def test_recipient_features_add_the_actor_score():
    f = recipient_features({"dep=dobj": 1.0}, 0.93, "ACCUSE")
    assert f == {"dep=dobj": 1.0, "pa=4": 1.0, "ACCUSE|pa=4": 1.0}
    assert "pa=0" in recipient_features({}, 0.05, "AID")


def _event(etype, actor, start=0, date=None):
    return Event(etype, [Actor(actor, actor)], Evidence("body", "s", start, start + 1),
                 mentions=[Evidence("body", "s", start, start + 1)], date=date)


def test_a_learned_report_repeating_a_rule_event_is_dropped():
    kept = _event("ACCUSE", "Ruto", 0)
    assert _same_event(_event("ACCUSE", "Odinga", 0), kept)  # same sentence, same type
    assert _same_event(_event("ACCUSE", "Ruto", 50), kept)  # same actor elsewhere
    assert not _same_event(_event("ACCUSE", "Odinga", 50), kept)
    assert not _same_event(_event("REQUEST", "Ruto", 0), kept)


def test_an_actor_in_common_is_not_the_same_event_at_another_date():
    """Kim's 2019 summit with Trump is not this week's meeting with Putin."""
    kept = _event("CONSULT", "Kim", 0, date="2025-09-01")
    assert not _same_event(_event("CONSULT", "Kim", 50, date="2019-02-27"), kept)
    assert _same_event(_event("CONSULT", "Kim", 50, date="2025-09"), kept)  # the month holds it
    assert _same_event(_event("CONSULT", "Kim", 50), kept)  # undated: may be the same


def test_dates_of_any_precision_overlap_as_intervals():
    assert _overlap("2025-09", None, "2025-09-03", None)
    assert _overlap("2025-08-30", "2025-09-02", "2025-09-01", None)
    assert not _overlap("2019", None, "2025-09-01", None)
    assert not _overlap("2025-09-03", None, "2025-09-01", "2025-09-02")


def test_thresholds_from_dict_ignore_unknown_keys():
    t = Thresholds.from_dict({"type": "0.7", "event": 0.4, "bogus": 1})
    assert (t.type, t.event, t.page) == (0.7, 0.4, 0.5)


def _accused_and_denied():
    """Two sentences with two parties each: "Kenya accused Uganda. Uganda denied Kenya."."""
    from .helpers import document, ent, parse

    body = parse("Kenya/Kenya/PROPN/nsubj/1 accused/accuse/VERB/ROOT/1 "
                 "Uganda/Uganda/PROPN/dobj/1 ././PUNCT/punct/1 "
                 "Uganda/Uganda/PROPN/nsubj/5 denied/deny/VERB/ROOT/5 "
                 "Kenya/Kenya/PROPN/dobj/5 ././PUNCT/punct/5")
    doc = document({"body": body})
    doc.entities = [ent(body, 0, 1, "GPE", country="KEN"), ent(body, 2, 3, "GPE", country="UGA"),
                    ent(body, 4, 5, "GPE", country="UGA"), ent(body, 6, 7, "GPE", country="KEN")]
    return doc


def test_parties_past_the_page_models_sentences_are_found_on_demand(countries):
    """``parties_upto``: the sentences after it get their parties only from find_parties (the
    learned coder calls it on a page the page model keeps); then they are the eager view's."""
    import pytest

    pytest.importorskip("spacy")
    from dateline.events.lexicon import load_lexicon
    from dateline.learn.features import ArticleView

    doc = _accused_and_denied()
    lex = load_lexicon()

    def names(view):
        return [[p.actor.name for p in s.parties] for s in view.sentences]

    eager = ArticleView(doc, lex, countries)
    assert len(eager.sentences) == 2 and all(names(eager))
    lazy = ArticleView(doc, lex, countries, parties_upto=1)
    assert names(lazy) == [names(eager)[0], []]
    lazy.find_parties()
    assert names(lazy) == names(eager)
    lazy.find_parties()  # once found, nothing more to do
    assert names(lazy) == names(eager)


def test_rule_reports_are_found_on_demand_as_the_eager_view_finds_them(countries):
    """``rules=False``: no rule coder's report until find_rules; then the same reports, in
    the same order and sentences, as the eager view's (and find_rules once is enough)."""
    import pytest

    pytest.importorskip("spacy")
    from dateline.events.lexicon import load_lexicon
    from dateline.learn.features import ArticleView, page_features

    doc = _accused_and_denied()
    lex = load_lexicon()

    def rules(view):
        return [[(c.event, c.evidence.start) for c in s.rules] for s in view.sentences]

    eager = ArticleView(doc, lex, countries)
    assert not eager.rules_pending and rules(eager) == [[("ACCUSE", 0)], []]
    lazy = ArticleView(doc, lex, countries, rules=False)
    assert lazy.rules_pending and lazy.rule_cands == [] and rules(lazy) == [[], []]
    assert page_features(lazy)["n_rules"] == 0.0
    lazy.find_rules()
    assert not lazy.rules_pending and rules(lazy) == rules(eager)
    assert [c.event for c in lazy.rule_cands] == [c.event for c in eager.rule_cands]
    assert page_features(lazy) == page_features(eager)
    lazy.find_rules()  # once found, nothing more to do
    assert rules(lazy) == rules(eager) and len(lazy.rule_cands) == len(eager.rule_cands)


def test_the_page_bound_is_the_most_any_rule_count_gives():
    """page_bound: over every value n_rules takes (0 to 1 by twentieths), the page model's
    probability never exceeds it, and it is reached (a positive and a negative weight)."""
    from dateline.learn.coder import page_bound
    from dateline.learn.linear import LinearModel

    for w in (0.0914, -0.37, 0.0):
        model = LinearModel({"kind": "binary", "bias": [0.0485],
                             "weights": {"w=vote": [0.31], "bias": [-0.6], "n_rules": [w]}})
        for base in ({"bias": 1.0}, {"bias": 1.0, "w=vote": 1.0}, {"bias": 1.0, "w=x": 1.0}):
            ps = [model.p({**base, "n_rules": k / 20}) for k in range(21)]
            most = page_bound(model, {**base, "n_rules": 0.35})
            assert max(ps) <= most and most in (ps[0], ps[-1])


def test_context_features_average_the_parse_tensor_over_the_span():
    """A sentence's context features are the mean of its tokens' rows of ``Doc.tensor``,
    one feature per column; a parse without a tensor gives none."""
    import pytest

    pytest.importorskip("spacy")
    import numpy as np

    from dateline.learn.features import context_features

    from .helpers import parse

    doc = parse("Kenya/Kenya/PROPN/nsubj/1 accused/accuse/VERB/ROOT/1 "
                "Uganda/Uganda/PROPN/dobj/1 ././PUNCT/punct/1")
    assert context_features(doc[0:3]) == {}  # no tensor: nothing
    doc.tensor = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 4.0], [9.0, 9.0]], dtype="float32")
    assert context_features(doc[0:3]) == {"vec0": 3.0, "vec1": 2.0}
    assert context_features(doc[1:2], prefix="x") == {"x0": 3.0, "x1": 2.0}
    assert context_features(doc[2:2]) == {}


def test_party_features_add_the_head_words_context_vector(countries):
    """A party named by a word carries that word's row of ``Doc.tensor`` as ``hvec`` features
    (outside the type conjunctions); without a tensor it carries none."""
    import pytest

    pytest.importorskip("spacy")
    import numpy as np

    from dateline.events.lexicon import load_lexicon
    from dateline.learn.features import ArticleView, party_features

    doc = _accused_and_denied()
    view = ArticleView(doc, load_lexicon(), countries)
    s = view.sentences[0]
    kenya = next(p for p in s.parties if p.actor.name == "Kenya" and p.head is not None)
    assert not any(k.startswith("hvec") for k in party_features(s, kenya, "ACCUSE", view))
    body = doc.parsed["body"]
    body.tensor = np.arange(len(body) * 2, dtype="float32").reshape(len(body), 2)
    f = party_features(s, kenya, "ACCUSE", view)
    assert f["hvec0"] == float(2 * kenya.head.i) and f["hvec1"] == float(2 * kenya.head.i + 1)
    assert not any(k.startswith("ACCUSE|hvec") for k in f)


def test_sentence_features_list_party_sectors_in_a_fixed_order():
    """The sectors of a sentence's parties come in sorted order, whatever the order of the
    parties: the linear models add their weights in feature order, and an order that followed
    a set's (and so Python's hash seed) made two `make train` runs differ in the last bits."""
    import pytest

    pytest.importorskip("spacy")
    from dateline.learn.features import Party, Sentence, sentence_features

    from .helpers import parse

    doc = parse("Troops/troop/NOUN/nsubj/1 met/meet/VERB/ROOT/1 officials/official/NOUN/dobj/1")
    parties = [Party(Actor(text=t, name=t, sector=sec), None)
               for t, sec in (("troops", "MIL"), ("officials", "GOV"), ("rebels", "REB"))]

    def sectors(ps):
        s = Sentence("body", 0, doc[0:3], 0, len(doc.text), doc.text, parties=ps)
        return [k for k in sentence_features(s) if k.startswith("psec=")]

    assert sectors(parties) == ["psec=GOV", "psec=MIL", "psec=REB"]
    assert sectors(parties[::-1]) == ["psec=GOV", "psec=MIL", "psec=REB"]
