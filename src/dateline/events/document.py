"""One parsed document coded by the rule coder: sentence reports per field, merged into the
article's events with its context (used by the ``events:rules`` stage and, as proposals and
features, by the learned coder)."""

from __future__ import annotations

from typing import Any

from ..model import FIELDS, Actor, Document
from .article import apply_article_context, date_current_acts, full_names, resolve_short
from .coder import SentenceCoder
from .coref import PeopleIndex
from .merge import merge
from .parties import FieldView


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
    events = events_from_candidates(doc, cands, published, min_confidence)
    art = doc.article
    return date_current_acts(events, doc.dates, (art.published if art else None) or published)
