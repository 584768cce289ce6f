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


# -- the table-driven attribute ruler (nlp/attr_table.py), on hand-built docs -------------

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
    from dateline.nlp.attr_table import AttributeTable

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
    from dateline.nlp.attr_table import speed_up_attribute_ruler

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

    from dateline.nlp.lemma_table import LemmaTable

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


# -- matrix products through numpy's BLAS (nlp/blas.py), on an untrained pipeline --------

def _tiny_tagger():
    import spacy

    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("tagger")
    for label in ("NN", "VB", "DT"):
        tagger.add_label(label)
    nlp.initialize()  # random weights: nothing is downloaded or loaded
    return nlp


def test_use_numpy_blas_switches_every_blis_layer_and_keeps_the_scores():
    import numpy
    from threadpoolctl import threadpool_info
    from thinc.api import NumpyOps

    from dateline.nlp.blas import use_numpy_blas

    nlp = _tiny_tagger()
    docs = [nlp.make_doc("The minister met the envoy in the capital on Monday .")] * 3
    model = nlp.get_pipe("tagger").model
    tok2vec = model.layers[0]  # the untrained output layer scores 0: compare the vectors
    assert all(n.ops.use_blis for n in model.walk())  # thinc's default: BLIS
    before = tok2vec.predict(docs)
    switched = use_numpy_blas(nlp)
    assert switched == len(list(model.walk()))
    assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())
    after = tok2vec.predict(docs)
    assert all(float(abs(a).max()) > 0 for a in after)
    for a, b in zip(before, after):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)
    assert use_numpy_blas(nlp) == 0  # already switched: nothing left to do


def test_use_numpy_blas_leaves_other_backends_alone():
    from thinc.api import Ops

    from dateline.nlp.blas import use_numpy_blas

    nlp = _tiny_tagger()
    other = Ops()  # a backend that is not thinc's NumpyOps (as a GPU's CupyOps is not)
    for node in nlp.get_pipe("tagger").model.walk():
        node.ops = other
    assert use_numpy_blas(nlp) == 0
    assert all(n.ops is other for n in nlp.get_pipe("tagger").model.walk())
