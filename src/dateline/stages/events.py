"""events stage: PLOVER event coding with a lexicon and dependency patterns.

Registered as ``events:rules``. For each field (title, subtitle, body) the
:class:`~dateline.events.coder.SentenceCoder` turns lexicon triggers in each sentence into
candidate reports (actors, recipients, mode, modality, date, place); :mod:`~dateline.events.merge`
merges reports of the same happening into one :class:`~dateline.model.Event` with every
sentence as a mention, and drops events under ``min_confidence``;
:mod:`~dateline.events.article` then gives current events without a place the article's place
and unnamed role actors the article's main country.

Options (``PipelineConfig.options["events"]``): ``min_confidence`` (float, default 0.0),
``use_derived`` (bool, default True: also code dyadic events from the PETRARCH-derived verb
table), ``published`` (fallback publication date).
"""

from __future__ import annotations

from typing import Any, Callable

from ..events.document import code_document
from ..events.lexicon import load_lexicon
from ..model import Document
from ..refdata.countries import load_countries
from ..registry import registry


@registry.stage("events", "rules", needs=("parsed", "entities", "dates", "places"),
                provides=("events",))
def make_rule_events(config: dict, resources: Any) -> Callable[[Document], Document]:
    """Code PLOVER events from lexicon triggers and dependency patterns, merged per article."""
    lexicon = resources.get("events:lexicon", load_lexicon)
    countries = resources.get("countries", load_countries)
    min_conf = float(config.get("min_confidence") or 0.0)
    use_derived = bool(config.get("use_derived", True))
    published = config.get("published")

    def run(doc: Document) -> Document:
        doc.events = code_document(doc, lexicon, countries, published, min_conf, use_derived)
        return doc

    return run


@registry.stage("events", "learned", needs=("parsed", "entities", "dates", "places"),
                provides=("events",))
def make_learned_events(config: dict, resources: Any) -> Callable[[Document], Document]:
    """Code PLOVER events with the models trained on real news (``make train``): a page
    model, per-type sentence models, actor and recipient models, modality and mode models.
    Option ``models``: a folder of model files (default: the ones shipped in the package)."""
    from ..learn.coder import LearnedCoder, Models

    models = resources.get(f"events:models:{config.get('models') or ''}",
                           lambda: Models.load(config.get("models")))
    coder = LearnedCoder(models, resources.get("events:lexicon", load_lexicon),
                         resources.get("countries", load_countries))
    published = config.get("published")
    min_conf = float(config.get("min_confidence") or 0.0)

    def run(doc: Document) -> Document:
        doc.events = [e for e in coder.code(doc, published) if e.confidence >= min_conf]
        return doc

    return run
