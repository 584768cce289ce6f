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


# -- the table-driven attribute ruler (engine/attr_table.py), on hand-built docs -------------

def _ruled_blank():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"})
    ruler.add([[{"TAG": {"IN": ["VBD", "VBN"]}}]], {"POS": "VERB", "MORPH": "Tense=Past"})
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]],
              {"LEMMA": "be"})
    ruler.add([[{"LOWER": "ran", "TAG": {"NOT_IN": ["NN"]}}]], {"POS": "AUX"})  # overrides VERB
    ruler.add([[{"DEP": "nsubj", "IS_SPACE": False}]], {"MORPH": "Case=Nom"})
    ruler.add([[{"ORTH": "Ran"}]], {"LEMMA": "RUN"})
    return nlp, ruler


def _doc(vocab):
    from spacy.tokens import Doc

    words = ["They", "ai", "n't", "gon", "na", "stop", ":", "he", "ran", "Ran", "home", "\n"]
    tags = ["PRP", "VBP", "RB", "VBG", "TO", "VB", ":", "PRP", "VBD", "VBD", "NN", "_SP"]
    deps = ["nsubj", "ROOT", "neg", "xcomp", "aux", "xcomp", "punct", "nsubj", "parataxis",
            "conj", "dobj", "dep"]
    heads = [1, 1, 1, 1, 5, 3, 1, 8, 1, 8, 9, 10]
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)


def test_attribute_table_sets_what_the_attribute_ruler_sets():
    from dateline.engine.attr_table import AttributeTable

    nlp, ruler = _ruled_blank()
    table = AttributeTable(ruler)
    for _ in range(2):  # the second time from the table's cache
        a, b = ruler(_doc(nlp.vocab)), table(_doc(nlp.vocab))
        sig = [[(t.pos_, str(t.morph), t.lemma_) for t in d] for d in (a, b)]
        assert sig[1] == sig[0]
    assert [t.lemma_ for t in b][1:5] == ["be", "", "go", "to"]
    assert b[8].pos_ == "AUX" and b[9].lemma_ == "RUN" and str(b[7].morph) == "Case=Nom"
    assert b[10].pos_ == "NOUN" and str(b[10].morph) == "Number=Sing"


def test_speed_up_keeps_the_stock_ruler_when_a_rule_is_not_supported():
    from dateline.engine.attr_table import speed_up_attribute_ruler

    nlp, _ = _ruled_blank()
    assert speed_up_attribute_ruler(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeTable"
    nlp2, ruler2 = _ruled_blank()
    ruler2.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})  # an operator: unsupported
    assert not speed_up_attribute_ruler(nlp2)
    assert nlp2.get_pipe("attribute_ruler") is ruler2


def test_lemma_table_asks_the_lemmatizer_once_per_key_and_keeps_set_lemmas():
    import spacy
    from spacy.tokens import Doc

    from dateline.engine.lemma_table import LemmaTable

    class Fake:  # a rule lemmatizer that records what it is asked
        mode, overwrite = "rule", False

        def __init__(self):
            self.asked = []

        def lemmatize(self, token):
            self.asked.append((token.text, token.pos_))
            return [token.text.lower() + "-" + token.pos_]

    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["Talks", "talks", "Talks", "resumed", "talks"],
              pos=["NOUN", "NOUN", "NOUN", "VERB", "VERB"])
    doc[4].lemma_ = "preset"
    fake = Fake()
    table = LemmaTable(fake)
    table(doc)
    assert [t.lemma_ for t in doc] == ["talks-NOUN", "talks-NOUN", "talks-NOUN",
                                       "resumed-VERB", "preset"]
    assert fake.asked == [("Talks", "NOUN"), ("talks", "NOUN"), ("resumed", "VERB")]
    table(Doc(vocab, words=["Talks"], pos=["NOUN"]))  # a known key: not asked again
    assert len(fake.asked) == 3
