"""spaCy's rule lemmatizer, called once per distinct (word, POS, morphology) instead of per token.

``en_core_web_sm``'s ``lemmatizer`` walks every token as a Python ``Token`` object and asks
:meth:`Lemmatizer.lemmatize` for it; its own cache skips the rules but not that walk, and the
early answers (spaces, base forms) are never cached. That walk cost about 6% of an ingest's CPU
on the benchmark pages (``bench/throughput.py``: 0.97 s of 15.8 s on 80 pages). A rule lemma
is a function of the token's ``ORTH``, ``POS`` and ``MORPH`` alone (spaCy's cache is keyed on
exactly these), so this component reads those columns with ``Doc.to_array``, asks the stock
lemmatizer only for a key it has not seen (with that token, so spaCy's own code decides), and
writes the lemmas back with ``Doc.from_array``. Tokens that already carry a lemma (set by the
attribute ruler) keep it unless the lemmatizer overwrites, as spaCy does.

:func:`speed_up_lemmatizer` swaps it in only for a rule-mode lemmatizer;
``tests/golden/test_nlp_speed.py`` checks on real pages that every lemma is the stock one.
"""

from __future__ import annotations

from typing import Any


class LemmaTable:
    """A pipeline component equal in output to the rule-mode ``lemmatizer`` it wraps."""

    def __init__(self, lemmatizer: Any, max_cache: int = 500_000) -> None:
        self.lemmatizer = lemmatizer
        self.overwrite = bool(getattr(lemmatizer, "overwrite", False))
        self.max_cache = max_cache
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        lem = self.lemmatizer
        if not getattr(lem, "_validated", True):
            from spacy.errors import Errors

            lem._validate_tables(Errors.E1004)
        cols = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = cols[:, 3].copy()
        todo = range(len(doc)) if self.overwrite else numpy.flatnonzero(lemmas == 0).tolist()
        keys = cols[:, :3].tolist()
        strings = doc.vocab.strings
        cache = self._cache
        for i in todo:
            key = tuple(keys[i])
            value = cache.get(key)
            if value is None:
                value = strings.add(lem.lemmatize(doc[i])[0])
                if len(cache) < self.max_cache:
                    cache[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def index_as_sets(lemmatizer: Any) -> None:
    """Make the rule lemmatizer's word lists (``lemma_index``, per part of speech) sets.

    spaCy's ``rule_lemmatize`` asks ``form in index`` for each candidate form, and the
    English model ships each index as a list (up to 57,528 words): a linear scan per
    candidate, about 80 us per new (word, POS, morphology). It only tests membership, so a
    set gives the same lemmas (the first sight of a word, before the table above remembers
    it, becomes ~50x cheaper)."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


def speed_up_lemmatizer(nlp: Any, name: str = "lemmatizer") -> bool:
    """Replace a rule-mode lemmatizer by a :class:`LemmaTable` over it; True when replaced.
    The model object is changed in place; any other mode (lookup, a trained lemmatizer) stays."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if getattr(stock, "mode", None) != "rule" or not hasattr(stock, "lemmatize"):
        return False
    index_as_sets(stock)
    idx = nlp.component_names.index(name)
    nlp._components[idx] = (name, LemmaTable(stock))  # spaCy keeps (name, component) pairs
    nlp._link_components()
    return True
