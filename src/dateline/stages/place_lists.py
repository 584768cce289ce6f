"""Places listed beside other places (part of the places stage).

A name coordinated with a place the stage already found is most often a place of the same
kind: "stops in Hilversum and Almelo", "its stores in Zilina, Nitra, Presov and Kosice",
"the nearby cities of Suwon and Incheon", "from Gloucester and Cheltenham". spaCy's small model
often tags such a name ORG or PERSON, or leaves it untagged, while it tags its neighbour GPE.
:func:`list_mates` proposes kind ``LIST``: a run of capitalised words joined to a found place by
a comma, "and", "or" or "&" (either side, chains followed: "A, B, C and D" from any one of
them) that the gazetteer holds as a country or under a place's own name (any size: the
neighbour vouches for it), and that is

- not a stoplisted word (``data/place_stopwords.json``) nor an abbreviation in capitals;
- not part of a longer name: the words around the run are not capitalised names and no
  entity of another label runs past it ("Ohio and Smith College" is not Smith);
- not a person's name given in full elsewhere in the field ("Gloucester" after "Robert
  Gloucester");
- not at the start of a sentence.

A list of people ("Austin, Jackson and Lincoln") seldom has a place in it, so the rule needs
the neighbour found first; a list of a place and a person ("Paris and Hilton") is the error it
leaves.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..refdata.gazetteer import Gazetteer, fold
from .place_spotter import SpotWords, _capital, _code, _name_like, _sentence_initial

#: Words that join the items of a list.
JOINS = frozenset({",", "and", "or", "&"})
#: Plural road words after a list: "at Hampden and Center streets" lists streets, not towns.
PLURAL_ROADS = frozenset("streets roads avenues lanes drives boulevards highways routes".split())
#: Longest list item tried, in tokens.
MAX_ITEM = 3


def list_mates(doc: Any, gaz: Gazetteer, words: SpotWords, found: Iterable[tuple[int, int]],
               others: Iterable[tuple[int, int]] = (), text: str | None = None
               ) -> list[tuple[int, int, str]]:
    """(start, end, "LIST") of the names listed beside the ``found`` place spans (character
    offsets) of a parsed field; ``others``: (start, end) of the entities of other labels
    (an item never cuts one); ``text``: ``doc.text`` when the caller has read it."""
    text = doc.text if text is None else text
    others = list(others)
    named = {w for s, e in others for w in text[s:e].split()[1:] if w[:1].isupper()}
    by_start = {t.idx: t.i for t in doc}
    by_end = {t.idx + len(t.text): t.i for t in doc}
    taken = sorted(set(found))
    queue = [(by_start.get(s), by_end.get(e)) for s, e in taken]
    out: list[tuple[int, int, str]] = []
    while queue:
        i, j = queue.pop()
        if i is None or j is None:
            continue
        for left, (a, b) in ((False, _after(doc, j + 1)), (True, _before(doc, i - 1))):
            if a is None:
                continue
            s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            if any(s < t1 and t0 < e for t0, t1 in taken):
                continue
            if not _item_ok(doc, a, b, s, e, gaz, words, others, named, text, left):
                continue
            tail = j + 1 if left else b
            if tail < len(doc) and doc[tail].lower_ in PLURAL_ROADS:
                continue  # 'Hampden and Center streets'
            taken.append((s, e))
            out.append((s, e, "LIST"))
            queue.append((a, b - 1))
    return sorted(out)


def _after(doc: Any, k: int) -> tuple[int | None, int]:
    """The item right after a join word at token ``k`` (", and" counts as one join)."""
    if k >= len(doc) or doc[k].lower_ not in JOINS:
        return None, 0
    if doc[k].text == "," and k + 1 < len(doc) and doc[k + 1].lower_ in ("and", "or"):
        k += 1
    a = k + 1
    b = a
    while b < len(doc) and b - a < MAX_ITEM and _capital(doc[b]):
        b += 1
    return (a, b) if b > a else (None, 0)


def _before(doc: Any, k: int) -> tuple[int | None, int]:
    """The item right before a join word at token ``k``."""
    if k < 1 or doc[k].lower_ not in JOINS:
        return None, 0
    if doc[k].lower_ in ("and", "or") and k >= 2 and doc[k - 1].text == ",":
        k -= 1
    b = k
    a = b
    while a > 0 and b - a < MAX_ITEM and _capital(doc[a - 1]):
        a -= 1
    return (a, b) if b > a else (None, 0)


def _item_ok(doc: Any, a: int, b: int, s: int, e: int, gaz: Gazetteer, words: SpotWords,
             others: list[tuple[int, int]], named: set[str], text: str, left: bool) -> bool:
    name = text[s:e]
    if fold(name) in words.stop or _code(name) or _sentence_initial(doc, a):
        return False
    if a > 0 and _name_like(doc[a - 1]):
        return False  # the end of a longer name
    if left and a > 0 and not (doc[a - 1].lower_ in words.locative or doc[a - 1].lower_
                               in JOINS or doc[a - 1].is_punct):
        return False  # "Side by Side, St. Petersburg's ...": a list opens after "in", "," ...
    if any(text[o0:o1] == name and (o0, o1) != (s, e) for o0, o1 in others):
        return False  # the article names it as a person or an organisation elsewhere
    if b < len(doc) and (_name_like(doc[b]) or doc[b].text in ("-", "'s", "\u2019s")):
        return False  # "Smith College", "Kent-based"
    if any(o0 < e and s < o1 and (o0 < s or o1 > e) for o0, o1 in others):
        return False  # cuts an entity of another label
    if name in named or any(w in named for w in name.split()):
        return False  # a surname or given name of a person named in full
    return gaz.country_of(name) is not None or any(ex for _p, ex in gaz.candidates(name))
