"""Span repair for the entities stage (:mod:`.entities`): NER spans cut to the name they hold.

- :func:`trim_span`: a leading article, honorific, title or demonym and a trailing possessive,
  number or punctuation off any span; off a PERSON span, the lower-case words it ran over
  after the name ("Kate made Meghan cry": "Meghan");
- :func:`title_name_run`: a title's country and the name NER tagged as one ORG ("former
  special envoy to Ukraine Kurt Volker": "Ukraine Kurt Volker") give the PERSON span of the
  name.

Measured on the 195 non-test pages of ``../shared/events-dev/pages.txt`` and the gold sets in
docs/actors.md (session 13).
"""

from __future__ import annotations

from typing import Any

from ..refdata.actors import ROLE_SECTORS, ActorTable

_ARTICLES = {"the", "a", "an"}


def trim_span(span: Any, table: ActorTable) -> Any:
    """Drop a leading article/title/demonym and trailing possessive, numbers and punctuation."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end - 1:
        t = doc[start]
        low = t.lower_
        two = (low + " " + doc[start + 1].lower_) if start + 1 < end else ""
        if low in _ARTICLES or low in table.words.honorifics:
            start += 1
        elif span.label_ == "PERSON" and two in ROLE_SECTORS and start + 2 < end:
            start += 2
        elif span.label_ == "PERSON" and (low in ROLE_SECTORS or table.countries.lookup(t.text)):
            start += 1
        else:
            break
    while end > start + 1:
        t = doc[end - 1]
        if t.lower_ in ("'s", "\u2019s", "'", "\u2019") or t.like_num or t.is_punct:
            end -= 1
        elif span.label_ == "PERSON" and t.is_alpha and t.text.islower():
            end -= 1  # "Kate made Meghan cry": a name ends at its last capitalised word
        else:
            break
    from spacy.tokens import Span

    return Span(doc, start, end, label=span.label)


#: Prepositions that join a title to the country it serves in before a name ("special envoy
#: to Ukraine Kurt Volker", "ambassador to China X").
_TITLE_PREPS = frozenset({"to", "for"})


def title_name_run(span: Any, table: ActorTable) -> Any:
    """The person's name at the end of an ORG span NER ran over from a title ("former special
    envoy to Ukraine Kurt Volker" tagged ORG "Ukraine Kurt Volker"): a country's name, then
    two or three capitalised words that are no organisation and hold no role, organisation
    or body word, right after a title's preposition ("to", "for") that follows a role word.
    Returns the PERSON span of the name, or None."""
    from spacy.tokens import Span

    doc = span.doc
    if span.label_ != "ORG" or span.start < 2 or doc[span.start - 1].lower_ not in _TITLE_PREPS:
        return None
    if not any(t.lower_ in ROLE_SECTORS for t in doc[max(0, span.start - 5):span.start - 1]):
        return None
    words = table.words
    for k in (1, 2, 3):
        if span.start + k >= span.end:
            return None
        if table.countries.lookup(doc[span.start:span.start + k].text) is None:
            continue
        rest = doc[span.start + k:span.end]
        if not 2 <= len(rest) <= 3 or not all(t.is_alpha and t.text[:1].isupper() for t in rest):
            return None
        if any(t.lower_ in ROLE_SECTORS or t.lower_ in words.org_heads or t.lower_ in words.bodies
               or t.lower_ in words.named_bodies for t in rest) or table.find_org(rest.text):
            return None
        return Span(doc, rest.start, rest.end, label="PERSON")
    return None
