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

from ..events.article import apply_article_context, full_names, resolve_short
from ..events.coder import SentenceCoder
from ..events.coref import PeopleIndex
from ..events.lexicon import load_lexicon
from ..events.merge import merge
from ..events.parties import FieldView
from ..model import FIELDS, Actor, Document
from ..refdata.countries import load_countries
from ..registry import registry


def rule_candidates(doc: Document, lexicon: Any, countries: Any, published: str | None,
                    use_derived: bool = True) -> tuple[list, list[FieldView]]:
    """The rule coder's sentence reports of one parsed document, and the field views."""
    art = doc.article
    cands: list = []
    views: list[FieldView] = []
    if art is None:
        return cands, views
    pub = art.published or published
    people: list[Actor] = []
    index = PeopleIndex.build({f: art.text(f) or "" for f in FIELDS}, doc.entities, countries)
    for f in FIELDS:
        parsed = doc.parsed.get(f)
        if parsed is None:
            continue
        view = FieldView(f, art.text(f), parsed,
                         [e for e in doc.entities if e.field == f],
                         [p for p in doc.places if p.field == f],
                         [d for d in doc.dates if d.field == f], countries, list(people),
                         people_index=index)
        views.append(view)
        cands.extend(SentenceCoder(lexicon, view, pub, use_derived).code())
        people.extend(e.actor() for e in view.entities if e.label == "PERSON")
    return cands, views


def events_from_candidates(doc: Document, cands: list, published: str | None,
                           min_confidence: float = 0.0) -> list:
    """Merge sentence reports into the article's events and apply the article context."""
    art = doc.article
    if art is None:
        return []
    pub = art.published or published
    names = full_names(doc.entities)
    for c in cands:  # "Ruto" after "William Ruto": one person, one merge key
        c.actors = resolve_short(c.actors, names)
        c.recipients = [r for r in resolve_short(c.recipients, names)
                        if all((r.name or r.text) != (a.name or a.text) for a in c.actors)]
    return apply_article_context(doc, merge(cands, art.id, pub, min_confidence), pub)


def code_document(doc: Document, lexicon: Any, countries: Any, published: str | None,
                  min_confidence: float = 0.0, use_derived: bool = True) -> list:
    """All events of one parsed document (no side effects)."""
    cands, _ = rule_candidates(doc, lexicon, countries, published, use_derived)
    return events_from_candidates(doc, cands, published, min_confidence)


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
