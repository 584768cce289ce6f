"""nlp stage helpers that need no model."""

from dateline.stages.nlp import english_share


def test_english_share_separates_languages():
    en = ("The foreign minister said on Monday that the talks with the delegation had been "
          "useful and that a further round would be held in the capital after the elections.")
    es = ("El ministro de Asuntos Exteriores dijo el lunes que las conversaciones con la "
          "delegación habían sido útiles y que habría otra ronda en la capital.")
    nl = "De minister zei maandag dat de gesprekken met de delegatie nuttig waren geweest."
    assert english_share(en) > 0.3
    assert english_share(es) < 0.05
    assert english_share(nl) < 0.12
    assert english_share("") == 0.0
