"""Places named inside other entities, and names the article already gives as places (part
of the places stage).

spaCy's small model often tags a place as part of an organisation's name, or as an
organisation or a person outright: "the Texas Department of Criminal Justice", "the
University of Cincinnati", "the Kabul police", or "Gainesville" tagged PERSON in a story that
also tags it GPE. :func:`inner_places` proposes

- ``INNER``: a place named inside the name of an organisation (or an event, a law, a work,
  a product), where it is where the body sits or acts (GeoWebNews' type Embedded_Literal).
  It opens the name ("the Texas Department of ...", "U.S. Army") or follows a locative
  word ("University of Cincinnati", "Homestead in Lombard"). A country, or a division of
  several words ("West Virginia", "Anderson County"), is taken where it opens the name; a
  one-word state, a town or a name the article tags as a place elsewhere, opening the name,
  only before a word of a public body (``body_words`` of ``data/place_stopwords.json``:
  "Charleston Police", "Kansas Highway Patrol"; not "Nadia Moayyad", "Titan Operating",
  "Washington Latin School"; a one-word state also with a word of a state's own body
  anywhere after it, ``state_body_words``: "the Texas Alcoholic Beverage Commission"); a
  town of any size under its own name before a word of a town's own body
  (``town_body_words``: "the Torrington Fire Department", "the Concord Police"); after a
  locative word, any name the spotter would take after one
  (:func:`~dateline.stages.place_spotter._qualifies`) or that the article tags.
  In a person's name (the NER often runs a county into the name after it: "Anderson County
  Sheriff John Skipper"), only a country or a division of several words opening it, or a town
  before a word of a town's own body ("Avondale Mayor Ed Rieker", "Cookville Fire Chief").
- ``CUE``: a PERSON entity that is a country or a division of several words ("Sri Lanka",
  "Tamil Nadu": no one's name); an entity of one of those labels, a person or a nationality,
  that is a place under its own name and is followed by a resident or public-body word ("a
  Gainesville man") or by a comma and a country or state holding a place of that name
  ("Boise, Idaho"), or that follows "in", "near", "outside" or "from" (``cue_locatives``)
  and is a town of :data:`CUE_POPULATION` people or more ("in Boise", Boise tagged ORG);
  and, tagged or not, a legislator's district after the party letter (", D-Kanawha,") and
  the place before "-based" ("Northbrook-based"). ``DIV:County`` (and the like): the names
  listed before "counties" ("Jackson and Barrow counties").
- ``NEAR``: an ORG or PERSON entity that is a town of any size under its own name after a
  word of ``near_locatives`` ("a forum in Clarinda") or before a lower-case word of a site
  (``site_words``: "his Brentwood home", "GM's Spring Hill assembly plant"); the places stage
  keeps it only within 100 km of the article's other places. ``LONE``: the same for a
  one-word PERSON after a list's join or a locative word that no fuller name in the article
  holds ("the Gainesville and Lindsay communities"; :func:`_lone`).
- ``ECHO``: an entity of one of those labels, a person or a nationality, whose whole text
  (after "the" and a possessive) is a name the article tags as a place at least as often
  as it tags it as anything else (one sense per article: "Gainesville" tagged PERSON once
  and GPE three times).

An address the NER ran into one entity gives its town: a road word, a comma and a place under
its own name ending the entity ("St Mildred's Road, Margate": kind ``INNER``).

Guards: capitalised words only; never the whole of an organisation's name by INNER ("Cyprus"
the government is left to the NER); nothing inside a road's name ("DeKalb Ave":
``road_words``); a name never taken from the stoplist (but before a word of a town's own body:
"the Henderson Police Department", or a first-level division before its own head's title,
``division_titles``: "Victoria Premier Daniel Andrews"); an abbreviation only when it names a
country ("U.S. Army", not "NSW"). "Manchester United" or "Future Farmers of America" read
the same way (a non-literal use the stage cannot tell apart).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from ..model import Document
from ..refdata.gazetteer import Gazetteer, fold
from .place_spotter import (MAX_TOKENS, SpotWords, _capital, _code, _qualifies, _spans,
                            in_named_area)

_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_POSS = re.compile(r"(?:['\u2019]s?|\s+['\u2019]s?)$")
#: Entity labels a place may be named inside.
INNER_LABELS = frozenset({"ORG", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})
#: Entity labels whose whole text may repeat a name the article tags as a place.
ECHO_LABELS = INNER_LABELS | {"PERSON", "NORP"}
#: Least population of a town tagged as something else that a locative word before it makes a
#: place ("in Boise", Boise tagged ORG).
CUE_POPULATION = 20_000


def trim(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading article, a possessive 's and trailing punctuation, moving the offsets."""
    m = _LEAD.match(text)
    if m:
        text, start = text[m.end():], start + m.end()
    m = _POSS.search(text)
    if m:
        end -= len(text) - m.start()
        text = text[:m.start()]
    stripped = text.rstrip(" .,;:")
    end -= len(text) - len(stripped)
    return stripped, start, end


def echo_names(doc: Document, labels: Iterable[str] = ("GPE", "LOC"),
               texts: dict[str, str] | None = None) -> frozenset[str]:
    """The names the document tags as places (spaCy's ``labels`` but FAC, less the spans the
    entities stage relabelled, plus the entities stage's own places), trimmed, in every
    field -- those the document tags as places at least as often as it tags them as
    something else (a person, an organisation): one wrong GPE "Kristina" among nine PERSON
    and ORG "Kristina" is not echoed. ``texts``: each parse's ``Doc.text`` by field, when the
    caller has read them already (spaCy joins every token on each access)."""
    labels = set(labels) - {"FAC"}
    place: Counter = Counter()
    other: Counter = Counter()
    for field, parsed in doc.parsed.items():
        if parsed is None or not hasattr(parsed, "ents"):
            continue
        relabelled = {(m.start, m.end): m.label for m in doc.entities if m.field == field}
        spans = {(ent.start_char, ent.end_char): ent.label_ for ent in parsed.ents}
        spans.update(relabelled)  # the entities stage's label, and its own entities
        text = texts[field] if texts and field in texts else parsed.text  # read once
        for (s, e), label in spans.items():
            name = trim(text[s:e], 0, e - s)[0]
            (place if label in labels else other)[name] += 1
    place.pop("", None)
    return frozenset(n for n, k in place.items() if k >= other[n])


def inner_places(doc: Any, gaz: Gazetteer, words: SpotWords,
                 others: Iterable[tuple[int, int, str]], echo: frozenset[str],
                 text: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the places inside or equal to the entities ``others`` ((start,
    end, label) of the non-place entities of a parsed field, trimmed of a leading "the" and
    a possessive as the places stage trims its candidates); ``echo``: the names the article
    tags as places (:func:`echo_names`); ``text``: ``doc.text`` when the caller has read it.
    Kinds ``INNER`` and ``ECHO``."""
    text = doc.text if text is None else text
    out: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    others = list(others)
    named = _name_words(others, text)
    for s, e, label in others:
        if (s, e) in seen or label not in ECHO_LABELS or s >= e:
            continue
        seen.add((s, e))
        if text[s:e] in echo:
            out.append((s, e, "ECHO"))
            continue
        if label == "PERSON" and _strong(gaz, text[s:e], len(text[s:e].split())):
            out.append((s, e, "CUE"))  # "Sri Lanka", "Tamil Nadu" tagged PERSON: no one's name
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and _own_name(gaz, text[s:e], words) and (
                _cued(doc, span.start, span.end, words)
                or in_named_area(doc, span.end, gaz, text[s:e])
                or _after_locative(doc, span.start, span.end, gaz, text[s:e], words)):
            out.append((s, e, "CUE"))
            continue
        if span is not None and label in ("ORG", "PERSON") and _own_name(gaz, text[s:e], words) \
                and (_after_locative(doc, span.start, span.end, gaz, text[s:e], words, 0)
                     or _before_site(doc, span.end, words)):
            out.append((s, e, "NEAR"))  # kept only near the article's other places
            continue
        if span is not None and label in LONE_LABELS and _lone(doc, span, text[s:e], named,
                                                              gaz, words):
            out.append((s, e, "LONE"))  # "in Gainesville" tagged PERSON, no one named so
            continue
        if span is not None and _road(span, words):
            out += _address_town(doc, span, gaz, words)  # "St Mildred's Road, Margate"
            continue  # "DeKalb Ave", "809 Queens Ave.": a road is not in the place it names
        if span is None:
            continue
        if label in INNER_LABELS:
            out += _inside(doc, span.start, span.end, gaz, words, echo, text)
        elif label == "PERSON":
            out += [h for h in _inside(doc, span.start, span.end, gaz, words, frozenset(), text)
                    if h[0] == s and (_strong(gaz, text[h[0]:h[1]], len(text[h[0]:h[1]].split()))
                                      or _before_body(doc, h[1], words))]
    return out


#: Labels of a lone name (:func:`_lone`) that may be a town the NER took for something else.
LONE_LABELS = frozenset({"PERSON"})
_JOINS = frozenset({"and", "or", "&", ","})
#: Least population of a lone name's town.
LONE_POPULATION = 0


def _name_words(others: list[tuple[int, int, str]], text: str) -> frozenset[str]:
    """The words of the article's person names of several words ("Kayla Swain")."""
    return frozenset(w for s, e, lab in others if lab == "PERSON"
                     for w in text[s:e].split() if " " in text[s:e].strip())


def _lone(doc: Any, span: Any, name: str, named: frozenset[str], gaz: Gazetteer,
          words: SpotWords) -> bool:
    """Whether a one-word entity is a town the NER took for a person: a place under its own
    name, not a word of a person's fuller name in the article ("Swain" after "Kayla Swain"),
    not before a reporting verb, after a locative word or a list's join ("in Newberry",
    "Decatur and Avondale"). Kind ``LONE``: kept, like NEAR, only near the article's other
    places, and giving way to a list's item (:mod:`.place_lists`)."""
    if len(span) != 1 or name in named or not _own_name(gaz, name, words):
        return False
    if span.end < len(doc) and doc[span.end].lower_ in words.verbs:
        return False
    if span.start == 0 or doc[span.start - 1].lower_ not in words.locative | _JOINS:
        return False
    return any(ex and p.population >= LONE_POPULATION and p.resolution == "city"
               for p, ex in gaz.candidates(name))


def _inside(doc: Any, start: int, end: int, gaz: Gazetteer, words: SpotWords,
            echo: frozenset[str], text: str | None = None) -> list[tuple[int, int, str]]:
    """The places named inside tokens ``start``..``end`` of an entity, longest first, none
    overlapping; never the entity's whole text. A place opens the name ("the Texas
    Department of ...") or follows a locative word ("University of Cincinnati", "Homestead
    in Lombard"); a town or a one-word county opening the name must be followed by a word of
    a public body ("Charleston Police", not "Nadia Moayyad" or "Titan Operating"). ``text``:
    ``doc.text``, read once by the caller."""
    text = doc.text if text is None else text
    out: list[tuple[int, int, str]] = []
    i = start
    while i < end:
        opens = i == start
        if not _capital(doc[i]) or not (opens or doc[i - 1].lower_ in words.locative):
            i += 1
            continue
        nxt = i + 1
        for stop in _spans(doc, i, min(MAX_TOKENS, end - i)):
            if opens and stop == end:
                continue  # the whole name: an organisation named after a place
            s, e = doc[i].idx, doc[stop - 1].idx + len(doc[stop - 1].text)
            name = text[s:e]
            # a town of any size before a town's own body: "the Torrington Fire Department"; a
            # stoplisted name too ("the Henderson Police Department", "Lancaster City Council")
            # a state or province before its own head's title: "Victoria Premier Daniel Andrews"
            title = opens and stop < end and doc[stop].lower_ in words.division_title \
                and _division(gaz, name)
            seat = title or (opens and stop < end and doc[stop].lower_ in words.town_body)
            state = opens and stop < end and _state_body(doc, stop, end, gaz, name, words)
            if fold(name) in words.stop and not (seat or state):
                continue
            strong = _strong(gaz, name, stop - i)
            if not strong and name not in echo and not _qualifies(gaz, name, stop - i, True) \
                    and not (seat and _own_name(gaz, name, words)):
                continue
            if strong or title or state or not opens or (
                    stop < end and doc[stop].lower_ in words.body):
                out.append((s, e, "INNER"))
                nxt = stop
                break
        i = nxt
    return out


def _state_body(doc: Any, stop: int, end: int, gaz: Gazetteer, name: str,
                words: SpotWords) -> bool:
    """Whether a name opening an organisation's name (ending at token ``stop`` of an entity
    ending at ``end``) is a first-level division under its own name whose body the name is:
    a word of ``state_body_words`` follows it in the name ("the Georgia Bureau of
    Investigation", "the Texas Forest Service")."""
    return _division(gaz, name) and any(doc[k].lower_ in words.state_body
                                        for k in range(stop, end))


def _division(gaz: Gazetteer, name: str) -> bool:
    """A first-level division under its own name ("Victoria", "Ohio")."""
    return any(ex and p.admin_level == 1 for p, ex in gaz.candidates(name))


def _strong(gaz: Gazetteer, name: str, count: int) -> bool:
    """A country (an abbreviation too: "U.S."), or a division of several words
    ("West Virginia", "Anderson County"). (A one-word state, "Van" or "Mon" as much as
    "Texas", needs a body word after it.)"""
    if gaz.country_of(name) is not None:
        return True
    if _code(name) or count < 2:
        return False
    return any(p.admin_level == 1 or (p.admin_level == 2 and exact)
               for p, exact in gaz.candidates(name))


def _cued(doc: Any, start: int, end: int, words: SpotWords) -> bool:
    """Whether the word after tokens ``start``..``end`` makes a name a place: a lower-case
    resident or public-body word ("a Gainesville man", "Torrington firefighters"; not "the
    Jones family"). (Tried and dropped: a residence after a person's name and age, ", of
    Archer", LGL precision below 0.95; "in" before the name, "a forum in Clarinda", below the
    floor of the 25-article LGL check, see docs/quality.md.)"""
    return end < len(doc) and doc[end].text.islower() and doc[end].lower_ in words.resident


def _before_site(doc: Any, end: int, words: SpotWords) -> bool:
    """Whether the word after token ``end`` is a lower-case word of a site in a town
    (``site_words``: "his Brentwood home", "GM's Spring Hill assembly plant")."""
    k = end
    if k < len(doc) and doc[k].text.islower() and doc[k].lower_ in words.site_modifier:
        k += 1
    return k < len(doc) and doc[k].text.islower() and doc[k].lower_ in words.site


def _after_locative(doc: Any, start: int, end: int, gaz: Gazetteer, name: str,
                    words: SpotWords, least: int = -1) -> bool:
    """Whether tokens ``start``..``end`` follow a word that places them ("in", "near",
    "outside", "from": ``cue_locatives``) and name, under their own name, a town of
    :data:`CUE_POPULATION` people or more, with no capitalised word after them ("in Boise"
    is taken, "in Boise State" is not). (Tried: any size, LGL precision under 0.95; "to"
    too, LGL second half 0.946.) With ``least`` (>= 0), a town of that size after a word of
    ``near_locatives`` ("in", ..., "to", "of"): kind NEAR, which the places stage keeps only
    when the town lies near the article's other places (``places._near_others``: "a forum
    in Clarinda" in a story about Iowa)."""
    cues = words.cue_locative if least < 0 else words.near_locative
    if start == 0 or doc[start - 1].lower_ not in cues:
        return False
    if end < len(doc) and _capital(doc[end]) and not doc[end].is_stop:
        return False
    least = CUE_POPULATION if least < 0 else least
    return any(ex and p.population >= least for p, ex in gaz.candidates(name))


#: Words of a town's own body that also end place names ("Grants Town", "Charles City"): in a
#: person's name they count only before another body word ("Charles City Sheriff").
_NAME_ENDINGS = frozenset({"town", "city", "village", "borough", "township"})


def _before_body(doc: Any, end_char: int, words: SpotWords) -> bool:
    """Whether the token right after character ``end_char`` is a word of a town's own body
    ("Avondale Mayor Ed Rieker", "Cookville Fire Chief ...")."""
    k = next((t.i for t in doc if t.idx >= end_char and not t.is_space), None)
    if k is None or doc[k].lower_ not in words.town_body:
        return False
    if doc[k].lower_ in _NAME_ENDINGS:
        return k + 1 < len(doc) and doc[k + 1].lower_ in words.body
    return True


def _road(span: Any, words: SpotWords) -> bool:
    """Whether an entity is a road's name ("DeKalb Ave", "809 Queens Ave."): a road word
    (``road_words``) that ends the name or precedes a lower-case word or a number -- not one
    inside a longer name ("the Kansas Highway Patrol") nor a court of law ("Clarke County
    Superior Court": "court" after a word of ``court_words``)."""
    toks = list(span)
    for k, t in enumerate(toks):
        if t.lower_.rstrip(".") not in words.road:
            continue
        if k + 1 < len(toks) and _capital(toks[k + 1]):
            continue
        if t.lower_ == "court" and k > 0 and toks[k - 1].lower_ in words.court:
            continue
        return True
    return False


def _address_town(doc: Any, span: Any, gaz: Gazetteer, words: SpotWords
                  ) -> list[tuple[int, int, str]]:
    """The town that ends an address the NER ran into one entity: a road word, a comma and
    the rest of the entity, a place under its own name ("St Mildred's Road, Margate",
    "12 High Street, Ramsgate"). Kind ``INNER``."""
    toks = list(span)
    for k in range(len(toks) - 2):
        if toks[k].lower_.rstrip(".") not in words.road or toks[k + 1].text != ",":
            continue
        rest = doc[toks[k + 2].i:span.end]
        if all(_capital(t) for t in rest) and len(rest) <= 3 and _own_name(gaz, rest.text, words):
            return [(rest.start_char, rest.end_char, "INNER")]
    return []


def _own_name(gaz: Gazetteer, name: str, words: SpotWords) -> bool:
    """A country, or a place under its own name (any size), not a stoplisted word."""
    if fold(name) in words.stop or _code(name):
        return False
    return gaz.country_of(name) is not None or any(ex for _p, ex in gaz.candidates(name))


def cue_places(doc: Any, gaz: Gazetteer, words: SpotWords) -> list[tuple[int, int, str]]:
    """Places the words around them name, tagged or not: the place before "-based"
    ("Northbrook-based Crate & Barrel": kind ``CUE``); a legislator's district or state
    after the party letter (", D-Kanawha,", "(R-Pa.)", "D-McDowell.", "D-Story City and":
    one to three capitalised words, then no capitalised word; kind ``CUE``) and the names of a list
    before a plural division word ("Jackson and Barrow counties": kind ``DIV:County``, to be
    resolved as "Barrow County")."""
    out: list[tuple[int, int, str]] = []
    n = len(doc)
    plural = dict(words.plural)
    for k in range(n):
        tok = doc[k]
        if tok.text == "-" and 2 <= k < n - 1 and doc[k - 1].text in words.party \
                and doc[k - 2].text in (",", "("):
            j = k + 1
            while j < n and j - k <= 3 and _capital(doc[j]):
                j += 1
            if j > k + 1 and (j == n or not _capital(doc[j])):
                s, e = doc[k + 1].idx, doc[j - 1].idx + len(doc[j - 1].text)
                if gaz.country_of(text := doc[k + 1:j].text) is not None or gaz.candidates(text):
                    out.append((s, e, "CUE"))
        elif tok.lower_ in plural and tok.text.islower():
            out += _listed(doc, k, gaz, plural[tok.lower_])
        elif tok.lower_ == "based" and k >= 2 and doc[k - 1].text in _DASHES:
            out += _based(doc, k - 1, gaz, words)
    return out


_DASHES = frozenset({"-", "\u2013"})


def _based(doc: Any, k: int, gaz: Gazetteer, words: SpotWords) -> list[tuple[int, int, str]]:
    """The place before "-based" (dash at token ``k``): one to three capitalised words right
    before it, a place under its own name ("the Columbia-based design firm", "Rock Hill-based
    Carolinas Cab"). Kind ``CUE``."""
    if doc[k].whitespace_ or doc[k - 1].whitespace_:
        return []
    i = k
    while i > 0 and k - i < 3 and _capital(doc[i - 1]):
        i -= 1
    for a in range(i, k):  # the longest run that is a place
        name = doc[a:k].text
        if _own_name(gaz, name, words):
            return [(doc[a].idx, doc[k - 1].idx + len(doc[k - 1].text), "CUE")]
    return []


def _listed(doc: Any, k: int, gaz: Gazetteer, word: str) -> list[tuple[int, int, str]]:
    """The names listed right before token ``k`` ("Clarke, Madison, Oconee and Oglethorpe"),
    each known to the gazetteer as "<name> <word>"."""
    out: list[tuple[int, int, str]] = []
    j = k  # exclusive end of the next name, walking back
    while True:
        i = j
        while i > 0 and j - i < 3 and _capital(doc[i - 1]):
            i -= 1
        if i == j:
            break
        s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        name = doc[i:j].text
        if not any(ex and p.admin_level == 2 for p, ex in gaz.candidates(f"{name} {word}")):
            break
        out.append((s, e, f"DIV:{word}"))
        if i == 0 or doc[i - 1].text not in (",", "and", "or", "&"):
            break
        j = i - 1
        if j > 0 and doc[j - 1].text == "," and doc[j].text in ("and", "or"):
            j -= 1  # "Clarke, Madison, and Oconee"
    return out

