"""dates stage: find and normalise every date expression in title, subtitle and body.

The grammar and the normaliser live in :mod:`dateline.dates.timex` (pure, model-free); this
stage picks the anchor (``article.published``, else the configured ``published`` fallback),
runs :func:`~dateline.dates.timex.find_dates` on each field and, when the nlp stage left a
spaCy parse in ``doc.parsed``, uses it to tell the tense of the clause that governs a weekday
or a bare month ("arrived on Sunday" -> past, "to attend Wednesday's parade" -> future).
Without a parse the surface cues of the sentence decide.

Options (``PipelineConfig.options["dates"]``): ``use_parse`` (default True).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from ..model import FIELDS, DateMention, Document
from ..registry import registry
from ..dates.timex import TenseFn, find_dates, parse_anchor

#: Heads of an infinitive that mark a planned action ("is scheduled to attend").
_PLAN_LEMMAS = frozenset("schedule expect plan set due intend prepare aim go hope vow pledge promise "
                         "want seek agree decide".split())
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll", "would"})


def spacy_tense(parsed: Any) -> TenseFn:
    """A tense callback over a spaCy Doc: the tense of the verb that governs a char span.

    Walks from the span's root up to the first verb and reads its auxiliaries and tag:
    will/shall -> "future"; an infinitive ("to attend") -> "future"; VBD or a perfect/passive
    with a past auxiliary -> "past"; anything else -> None (the surface heuristic decides).
    """

    def tense(start: int, end: int) -> Optional[str]:
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") and tok.i not in range(span.start, span.end):
                break
            if tok.head.i == tok.i:  # the root: no verb above the span
                return None
            tok = tok.head
        else:
            return None
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & _FUTURE_AUX:
            return "future"
        if tok.tag_ == "VB" and any(a.lower_ == "to" for a in auxes) and (
                tok.dep_ == "advcl" or tok.head.lemma_ in _PLAN_LEMMAS):
            head = tok.head
            if tok.dep_ != "advcl" and head.tag_ == "VBD" and not any(
                    c.dep_ in ("aux", "auxpass") for c in head.children):
                return "past"  # "the government planned to pay on Friday": a past plan
            return "future"  # "is scheduled to attend", "crossed ... to attend" (purpose)
        if tok.tag_ == "VBD":
            return "past"
        if any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if tok.tag_ == "VBN" and lowers & {"has", "have", "had"}:
            return "past"
        return None

    return tense


def dates_for(doc: Document, fallback_anchor: Optional[str], use_parse: bool = True) -> list[DateMention]:
    """All date mentions of the document's fields, in field order (title, subtitle, body)."""
    art = doc.article
    if art is None:
        return []
    anchor = parse_anchor(art.published) or parse_anchor(fallback_anchor)
    out: list[DateMention] = []
    for f in FIELDS:
        text = art.text(f)
        if not text:
            continue
        parsed = doc.parsed.get(f) if use_parse else None
        tense: Optional[TenseFn] = None
        if parsed is not None and hasattr(parsed, "char_span"):
            tense = spacy_tense(parsed)
        out.extend(find_dates(text, anchor, f, tense))
    return out


@registry.stage("dates", "rules", needs=("article",), provides=("dates",))
def make_rule_dates(config: dict, resources: Any) -> Callable[[Document], Document]:
    """Regex grammar + anchor arithmetic for news date expressions (see dateline.dates.timex)."""
    fallback = config.get("published")
    use_parse = bool(config.get("use_parse", True))

    def run(doc: Document) -> Document:
        doc.dates = dates_for(doc, fallback, use_parse)
        return doc

    return run
