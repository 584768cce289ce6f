"""The learned coder's choice of an event's parties from the summed scores of its reports
(no model is loaded: the reports carry the party models' probabilities)."""

from types import SimpleNamespace

from dateline.learn.coder import LearnedCoder, Report, Thresholds
from dateline.model import Actor

KIM, TRUMP, MOON, UN = (Actor(text=n, name=n) for n in ("Kim Jong Un", "Donald Trump",
                                                           "Moon Jae-in", "United Nations"))


def _coder(**t: float) -> LearnedCoder:
    th = Thresholds(**{"actor": 0.3, "recipient": 0.4, **t})
    return LearnedCoder(SimpleNamespace(thresholds=th), lexicon=None, countries=None)


def _report(*scores: tuple[Actor, float, float]) -> Report:
    return Report(event="CONSULT", sentence=None, actors=[], recipients=[], modality="asserted",
                  mode=None, p_type=0.9, p_actor=0.0, p_recipient=None, scores=list(scores))


def _names(parties):
    actors, recipients, _, _ = parties
    return [a.name for a in actors], [a.name for a in recipients]


def test_the_recipient_is_chosen_before_the_co_actors():
    # Trump is likely enough as an actor to be a co-actor, but likelier as the one met
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.6, 0.8), (MOON, 0.55, 0.2))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "Moon Jae-in"], ["Donald Trump"])


def test_no_recipient_below_the_threshold_and_a_likely_actor_stays_co_actor():
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.6, 0.3))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "Donald Trump"], [])


def test_a_second_recipient_only_above_recipient2_and_likelier_acted_upon_than_acting():
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.2, 0.8), (MOON, 0.2, 0.5), (UN, 0.6, 0.55))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "United Nations"], ["Donald Trump"])
    # the UN is more likely the recipient than Moon is, but likelier still an actor: skipped
    assert _names(_coder(recipient2=0.45)._parties([r])) == (
        ["Kim Jong Un", "United Nations"], ["Donald Trump", "Moon Jae-in"])
    assert _names(_coder(recipient2=0.6)._parties([r]))[1] == ["Donald Trump"]


def test_scores_are_summed_over_the_reports_of_one_event():
    a = _report((KIM, 0.9, 0.1), (TRUMP, 0.2, 0.3))
    b = _report((KIM, 0.8, 0.1), (TRUMP, 0.1, 0.9))  # mean recipient probability 0.6
    actors, recipients, p_actor, p_recipient = _coder()._parties([a, b])
    assert [x.name for x in recipients] == ["Donald Trump"]
    assert round(p_actor, 3) == 0.85 and round(p_recipient, 3) == 0.6


def test_thresholds_from_old_model_files_never_add_a_second_recipient():
    assert Thresholds.from_dict({"recipient": 0.4}).recipient2 > 1.0
