"""Canonical actor ids (issue 15): one id per real party across the database.

An actor's id is its Wikidata id when known (``Q22686``), else a key made of its normalised
full name and its country: ``nikki-haley@USA``, ``police@KEN``, ``officials`` (no country).
The normalised name (:meth:`NameRules.key`) ignores diacritics, case and punctuation, a
possessive, the leading "the", honorifics ("Mr", "Dr", "Sheikh"), and for a person also
leading titles ("President", "Sen.", "former") and middle initials ("Donald J. Trump" ->
"donald trump"); dotted initials are one word ("U.S." -> "us"). The sector is never part of
an id: it is the role held on each event's date (SPEC section 5) and stays per event.

The words come from the package's tables (``data/actor_words.json``: honorifics, "former"
words, name suffixes; ``data/roles.json``: title words), passed in as a :class:`NameRules`.
Which stored ids are one actor (a surname joined to the full name) is decided by the store
(:mod:`dateline.store.actor_resolve`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: a Wikidata item id
_QID = re.compile(r"^Q[1-9][0-9]*$")
#: dotted initials written as one word: "U.S.", "H.W."
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class NameRules:
    """The words a name key drops: ``honorifics`` and ``leading`` articles for every actor,
    ``titles`` (role words and "former" words) before a person's name; ``suffixes`` are kept
    in the key but are not a surname ("Jr")."""

    honorifics: frozenset[str]
    titles: frozenset[str]
    suffixes: frozenset[str]
    leading: frozenset[str] = frozenset({"the"})

    def words(self, name: str, person: bool = True) -> list[str]:
        """The name's words as its key keeps them (see the module docstring). ``person``:
        True for a PERSON or an actor of unknown kind (a middle initial and a leading title
        are dropped), False for an organisation or a place ("General Motors" keeps
        "general")."""
        text = unicodedata.normalize("NFKD", name or "")
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
        text = text.replace("\u2019", "'")
        text = re.sub(r"'s\b", "", text)
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
        words = _WORD.findall(text)
        drop = self.honorifics | self.leading | (self.titles if person else frozenset())
        while len(words) > 1 and words[0] in drop:
            words = words[1:]
        if person and len(words) > 2:  # middle initials: "donald j trump", "george h w bush"
            words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
        return words

    def key(self, name: str, person: bool = True) -> str:
        """The normalised name: its words joined by one space ("" for no words)."""
        return " ".join(self.words(name, person))

    def surname(self, key: str) -> str | None:
        """The surname of a full name's key (the last word before a suffix such as "jr"), or
        None for a one-word key."""
        words = key.split()
        while len(words) > 2 and words[-1] in self.suffixes:
            words = words[:-1]
        return words[-1] if len(words) > 1 else None


def is_person(label: str | None) -> bool:
    """Is an actor of this entity label read as a person's name (PERSON, or unknown)?"""
    return label is None or label == "PERSON"


def actor_id(key: str, country: str | None, wikidata: str | None) -> str:
    """The canonical id of one stored party: the Wikidata id, else ``slug@COUNTRY`` (the key
    with hyphens between its words), else the slug alone; "" when the name has no word."""
    if wikidata and _QID.match(wikidata):
        return wikidata
    slug = key.replace(" ", "-")
    if not slug:
        return ""
    return f"{slug}@{country.upper()}" if country else slug


def id_country(ident: str) -> str | None:
    """The country an id holds (``nikki-haley@USA`` -> USA); None for a Wikidata id or an id
    without one."""
    return ident.rsplit("@", 1)[1] if "@" in ident else None


def is_wikidata(ident: str) -> bool:
    return bool(_QID.match(ident or ""))


def _clean(word: str) -> str:
    return "".join(_WORD.findall(word.lower()))


@lru_cache(maxsize=1)
def load_name_rules() -> NameRules:
    """The package's :class:`NameRules` (from ``data/actor_words.json`` and
    ``data/roles.json``; read once)."""
    from .actor_words import load_actor_words
    from .roles import ROLE_SECTORS

    words = load_actor_words()
    titles = {_clean(w) for w in ROLE_SECTORS if " " not in w} | {
        _clean(w) for w in words.former}
    return NameRules(frozenset(_clean(w) for w in words.honorifics),
                     frozenset(t for t in titles if t), frozenset(words.name_suffixes))
