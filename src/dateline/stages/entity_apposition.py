"""Countries the sentence states around a name the tables do not place.

Read by the entities stage (:mod:`.entities`) for a person or organisation that has no country
after the tables and the title before the name:

- :func:`apposition_country`: a description set off by a comma next to the name that names a
  country ("Huawei, the embattled Chinese tech company"; "IDT Biologika, a German company";
  "TikTok, the Chinese-owned social media app"; "Norway's privacy watchdog, Datatilsynet";
  "Sweden's deputy director of public prosecutions, Eva-Marie Persson"). The description is
  noun phrase that ends with a common noun and opens with an article, a demonym or a
  country's possessive (before the name: only a possessive), with the country word before
  any "of"; it stops at a verb, a clause word ("that", "which"), a conjunction or a
  preposition other than "of". Lists of names ("Shay Mooney, Jordan Reynolds") and
  introductory phrases ("In the British Medical Journal last month, Yamey") are no
  descriptions;
- :func:`party_state`: the US congressional convention of a party letter and a state after a
  name ("Sen. Josh Hawley (R-Mo.)", "Chuck Schumer (D-N.Y.)", "Kamala Harris, D-California",
  "Reps. Dan Lipinski (Ill.)"): the United States, and sector LEG when a party letter is
  there (the convention names members of Congress) and no title gave one.

The words these rules read (``owner_suffixes``: "-owned", "-based"; ``party_letters``; the AP
state abbreviations) are data (:class:`~dateline.refdata.actor_words.ActorWords`).
"""

from __future__ import annotations

import re
from typing import Any

from ..refdata.roles import analyse_phrase

#: Words that end a description read beside a name.
_STOP_WORDS = frozenset({"that", "which", "who", "whose", "where", "and", "or", "but", "said",
                         "says", "told"})
#: Parts of speech that end a description ("of" is kept: "director of public prosecutions").
_STOP_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON", "PUNCT"})
#: Most tokens a description may have.
_WINDOW = 10
_OPENERS = frozenset({"the", "a", "an"})

_PARTY = re.compile(r"^\s*[(,]\s*([A-Z])\s*[-\u2013]\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s*[),]")
_STATE_ONLY = re.compile(r"^\s*\(\s*([A-Z][\w.]*(?:\s*[A-Z][\w.]*)?)\s*\)")


def _strip_owner(text: str, suffixes: frozenset[str]) -> str:
    """'Chinese-owned' -> 'Chinese' (``suffixes``: "owned", "based", ...)."""
    for s in suffixes:
        text = re.sub(rf"-{re.escape(s)}\b", "", text, flags=re.IGNORECASE)
    return text


def _description(toks: list[Any], table: Any, possessive_only: bool = False) -> str | None:
    """The country a description names: a noun phrase that ends with a common noun and opens
    with an article, a demonym or a country's possessive ("Norway's"; with
    ``possessive_only``, only that), with the country word before any "of" ("a skeptic of
    Ukraine aid" names no country of its own)."""
    if "of" in [t.lower_ for t in toks]:
        toks = toks[:[t.lower_ for t in toks].index("of")]
    while toks and toks[-1].pos_ != "NOUN":  # "the ... app enormously popular": up to "app"
        toks = toks[:-1]
    if len(toks) < 2:
        return None
    countries, suffixes = table.countries, table.words.owner_suffixes
    first, second = toks[0], toks[1]
    if possessive_only:
        opens = second.lower_ in ("'s", "\u2019s") and countries.lookup(first.text) is not None
    else:
        opens = first.lower_ in _OPENERS or first.lower_ in table.words.regional_demonyms \
            or countries.lookup_demonym(_strip_owner(first.text, suffixes)) is not None \
            or (second.lower_ in ("'s", "\u2019s") and countries.lookup(first.text) is not None)
    if not opens:
        return None
    text = _strip_owner(" ".join(t.text for t in toks), suffixes).replace(" - ", " ")
    country, _, _ = analyse_phrase(text, countries, table.words.regional_demonyms)
    return country


def _right(span: Any, suffixes: frozenset[str]) -> list[Any]:
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != ",":
        return []
    out: list[Any] = []
    for i in range(span.end + 1, min(len(doc), span.end + 1 + _WINDOW)):
        t = doc[i]
        joined = t.text == "-" or (out and out[-1].text == "-" and t.lower_ in suffixes)
        if not joined and t.dep_ != "amod" and (
                t.lower_ in _STOP_WORDS or (t.pos_ in _STOP_POS and t.lower_ != "of")):
            break
        out.append(t)
    return out


def _left(span: Any) -> list[Any]:
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != ",":
        return []
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX")):
        return []  # "China's state media, John Smith and ..." is no apposition
    out: list[Any] = []
    for i in range(span.start - 2, max(-1, span.start - 2 - _WINDOW), -1):
        t = doc[i]
        if t.is_sent_start and i > 0:
            out.insert(0, t)
            break
        if t.lower_ in _STOP_WORDS or (t.pos_ in _STOP_POS and t.lower_ not in ("of", "'s", "\u2019s")):
            break
        out.insert(0, t)
    return out


def apposition_country(span: Any, table: Any) -> str | None:
    """The country a description set off by a comma right after or right before ``span``
    names (see the module docstring), or None."""
    return _description(_right(span, table.words.owner_suffixes), table) or \
        _description(_left(span), table, possessive_only=True)


def party_state(text_after: str, table: Any) -> tuple[str | None, str | None]:
    """(country, sector) of a US party-and-state tag at the start of ``text_after`` (the text
    right after a person's name): "(R-Mo.)", ", D-California," -> ("USA", "LEG"); "(Ill.)"
    -> ("USA", None); else (None, None). A state without a party letter must be a dotted AP
    abbreviation, so that "(Reuters)", "(France)" or "(OK)" is not read as one."""
    words = table.words
    m = _PARTY.match(text_after)
    if m and m.group(1) in words.party_letters:
        return "USA", "LEG"
    m = _STATE_ONLY.match(text_after)
    if m and "." in m.group(1) and m.group(1).replace(" ", "") in words.us_state_abbrevs:
        return "USA", None
    return None, None
