"""Place names the NER did not tag, found in the gazetteer (part of the places stage).

spaCy's small model can leave place names untagged or tag them as something else: provinces
and districts ("Idlib", "Kherson Oblast"), small towns, and the region phrases news uses for
part of a country ("northern Syria", "eastern Ukraine", "south Texas").
:func:`spot` walks the tokens of a parsed field and proposes

- ``SPOT``: a run of capitalised words (lower-case joiners such as "of" inside) that the
  gazetteer knows as a country, a first- or second-level division or, for names of several
  words, any place; a single word only when it is a first-level division, a second-level
  division under its own name (not "Harris" for Harris County) or a city of at least
  :data:`SINGLE_POPULATION` people (:data:`LOCATIVE_POPULATION` right after a locative word:
  "in Sligo"), or a country; a town or city only right after a locative word ("in", "near",
  "outside": "in Grand Prairie", not "Notre Dame won");
- ``COMPASS``: a compass word ("northern", "south-east", "central") and a place name after it
  that is not itself one name ("North Korea", "West Virginia" are): the region of that place
  (the places stage resolves the place and keeps the whole span). A capitalised compass word
  takes only a country, named region or first-level division ("Northern Syria", not "West
  Wing").

The precision guards (so that ordinary words never become places): capitalised words only;
a single word never at the start of a sentence, never in a title or subtitle (headlines
capitalise every word), never next to another capitalised word that is not a function word
("Austin Rivers", "Reading Police", "President Jackson": part of a name the NER missed) nor
after a capitalised "The" inside a sentence ("volunteered at The Woodlands": a title), never
before a reporting verb ("Austin said"); no name followed by another capitalised word ("College
Station Road"; but a division of several words under its own name, "Kanawha County Family
Court") or by "of" and one ("Queens of the Stone Age"); nothing inside an entity of
another label (PERSON, ORG, NORP, DATE, ...: the caller's ``blocked`` spans), nor a word that
is part of one elsewhere ("the Flores family" after "Maria Flores"); and a stoplist of common
English words that are also places (``data/place_stopwords.json``: "Reading", "Mobile",
"Liberty", "Victoria", the months, ...). A town or city (not a division or country) only right
after a locative word ("in Grand Prairie", not "Notre Dame won"); GeoNames' alternate names
only for countries and first-level divisions. One cue lifts the position and size guards: a
word of a town's own body after the name ("Carthage Police Chief", "Woodstock Mayor") or,
inside a sentence, a lower-case resident word ("the Preble voters"): :func:`_town_cue`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any, Callable, Iterable

from ..refdata.gazetteer import Gazetteer, fold

#: Least population of a city or second-level division named by a single word.
SINGLE_POPULATION = 100_000
#: Least population of a town named by a single word right after a locative word ("in
#: Sligo", "from Laconia"); elsewhere a single word needs SINGLE_POPULATION.
LOCATIVE_POPULATION = 20_000
#: Least population of a city named by several words ("Port Harcourt"); divisions of any size.
MULTI_POPULATION = 1000
#: Longest name tried, in tokens.
MAX_TOKENS = 5
#: Lower-case words allowed inside a name ("Bay of Plenty", "Rio Grande do Sul").
JOINERS = frozenset("of and de del della di da do dos das du des la le el al upon on".split())
#: Words that join a name to what it is of: "Queens of the Stone Age" is not Queens.
OF_WORDS = frozenset("of de del della di da do dos das du des".split())
#: Tokens that end a sentence or open a quotation: a word after one is sentence-initial.
_OPENERS = frozenset('. ! ? : ; " \u201c \u2018 ( [ - \u2014 \u2013 \n'.split(" ")) | {"\n"}
_CAPITAL = re.compile(r"^[A-Z\u00c0-\u00de][\w'\u2019.\-]*$")


@dataclass(frozen=True)
class SpotWords:
    """The word lists of ``data/place_stopwords.json``."""

    stop: frozenset[str]  # folded names never taken
    compass: frozenset[str]  # lower-cased compass words
    verbs: frozenset[str]  # reporting verbs: a single word before one is a person
    facility: frozenset[str]  # head words of a longer name: "Goose Creek High School"
    locative: frozenset[str]  # one of them must precede a town's name: "in", "near", ...
    #: after a town's name inside an organisation's name: "the Charleston Police Department"
    body: frozenset[str] = frozenset()
    #: words of a road's name, inside which no place is read: "DeKalb Ave"
    road: frozenset[str] = frozenset()
    #: lower-case words after a town's name that make it the town: "a Gainesville man"
    resident: frozenset[str] = frozenset()
    #: party letters before a legislator's district or state: "D-Kanawha"
    party: frozenset[str] = frozenset()
    #: plural division word -> the division's word: "Jackson and Barrow counties"
    plural: tuple[tuple[str, str], ...] = ()
    #: words of a town's own bodies, after which a town of any size opening an organisation's
    #: name is its seat: "the Torrington Fire Department", "the Concord Police"
    town_body: frozenset[str] = frozenset()
    #: words before a town tagged as something else that make it a place: "in Boise"
    cue_locative: frozenset[str] = frozenset()
    #: words before "Court" that make it a court of law, not a road: "Superior Court"
    court: frozenset[str] = frozenset()
    #: words before a town of any size tagged as something else that make it a place when
    #: it lies near the article's other places: "a forum in Clarinda"
    near_locative: frozenset[str] = frozenset()
    #: titles of a state's or province's own head after which a first-level division opening
    #: a name is that division, a stoplisted name too: "Victoria Premier Daniel Andrews"
    division_title: frozenset[str] = frozenset()
    #: lower-case words of a site in a town after a town tagged as something else, which make
    #: it a place when it lies near the article's other places: "his Brentwood home"
    site: frozenset[str] = frozenset()
    #: words between the town and such a site word: "the Spring Hill assembly plant"
    site_modifier: frozenset[str] = frozenset()
    #: words of a state's or province's own body anywhere after a one-word first-level
    #: division opening an organisation's name: "the Georgia Bureau of Investigation"
    state_body: frozenset[str] = frozenset()


def load_spot_words(path: str | None = None) -> SpotWords:
    """Read ``data/place_stopwords.json`` (or ``path``)."""
    if path is None:
        text = (importlib_resources.files("dateline") / "data" / "place_stopwords.json"
                ).read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    data = json.loads(text)
    return SpotWords(frozenset(fold(w) for w in data["stop"]),
                     frozenset(w.lower() for w in data["compass"]),
                     frozenset(w.lower() for w in data["reporting_verbs"]),
                     frozenset(w.lower() for w in data["facility_words"]),
                     frozenset(w.lower() for w in data["locative_words"]),
                     frozenset(w.lower() for w in data.get("body_words", ())),
                     frozenset(w.lower() for w in data.get("road_words", ())),
                     frozenset(w.lower() for w in data.get("resident_words", ())),
                     frozenset(data.get("party_codes", ())),
                     tuple(sorted(data.get("plural_divisions", {}).items())),
                     frozenset(w.lower() for w in data.get("town_body_words", ())),
                     frozenset(w.lower() for w in data.get("cue_locatives", ())),
                     frozenset(w.lower() for w in data.get("court_words", ())),
                     frozenset(w.lower() for w in data.get("near_locatives", ())),
                     frozenset(w.lower() for w in data.get("division_titles", ())),
                     frozenset(w.lower() for w in data.get("site_words", ())),
                     frozenset(w.lower() for w in data.get("site_modifiers", ())),
                     frozenset(w.lower() for w in data.get("state_body_words", ())))


def _capital(tok: Any) -> bool:
    t = tok.text
    return bool(_CAPITAL.match(t)) and not (len(t) > 1 and t.isupper() and t.isalpha())


def _sentence_initial(doc: Any, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return prev.text in _OPENERS or "\n" in prev.text or "\n" in prev.whitespace_ \
        or prev.is_space


def _name_like(tok: Any) -> bool:
    """A capitalised word that is not a function word ("The", "In", "But")."""
    return _capital(tok) and not tok.is_stop


def _code(name: str) -> bool:
    """An abbreviation in capitals ("B.C", "NSW"): a code, not taken untagged."""
    letters = name.replace(".", "").replace(" ", "")
    return letters.isupper() and letters.isalpha()


def _qualifies(gaz: Gazetteer, name: str, words: int, town_ok: bool = True, single: int = 0
               ) -> bool:
    """Whether the gazetteer knows ``name`` well enough to take it untagged: by a country's
    or first-level division's name or alias, else by a place's own name (GeoNames' alternate
    names of towns hold ordinary words and other towns: "Soul" for Seoul, "Berea" for
    Aleppo). ``single``: with ``town_ok``, the least population of a one-word town when lower
    than SINGLE_POPULATION (the spotter's LOCATIVE_POPULATION after a locative word)."""
    if gaz.country_of(name) is not None:
        return True
    for place, exact in gaz.candidates(name):
        if place.admin_level == 1:
            return True
        if not exact:
            continue
        least = SINGLE_POPULATION if words == 1 else MULTI_POPULATION
        if town_ok and words == 1 and single:
            least = min(least, single)
        # a county's name without its affix ("Harris" for Harris County) is mostly a surname
        if place.admin_level == 2 and (words > 1 or (exact and place.population >= least)):
            return True
        if town_ok and place.resolution == "city" and place.population >= least:
            return True
    return False


def _whole_name(gaz: Gazetteer, name: str) -> bool:
    """A name in its own right ("North Korea", "West Bank", "South Carolina")."""
    return (gaz.country_of(name) is not None or gaz.region(name) is not None
            or bool(gaz.candidates(name)))


def free_of(blocked: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether the character range ``[s, e)`` overlaps none of ``blocked``: the same
    answer as ``not any(s < b1 and b0 < e for b0, b1 in blocked)``, by a binary search over
    the ranges sorted by start with the running maximum of their ends (a page has hundreds
    of entities and the spotter asks about every capitalised word)."""
    spans = sorted(blocked)
    starts = [b0 for b0, _ in spans]
    reach: list[int] = []  # reach[k]: the largest end among spans[:k + 1]
    for _, b1 in spans:
        reach.append(b1 if not reach or b1 > reach[-1] else reach[-1])

    def free(s: int, e: int) -> bool:
        k = bisect_left(starts, e)  # spans[:k] start before e
        return k == 0 or reach[k - 1] <= s

    return free


def spot(doc: Any, gaz: Gazetteer, words: SpotWords, blocked: Iterable[tuple[int, int]] = (),
         headline: bool = False, echo: frozenset[str] = frozenset(), text: str | None = None
         ) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the gazetteer names in a parsed field that no entity of another
    label covers (``blocked``); kind ``SPOT``, ``COMPASS`` or ``DATELINE`` (see the module
    docstring). ``headline``: a title or subtitle, where only names of several words are
    taken; ``echo``: names the article tags as places elsewhere, taken whatever their size
    (with the same guards); ``text``: ``doc.text`` when the caller has read it already
    (spaCy joins every token's text on each access)."""
    blocked = list(blocked)
    out: list[tuple[int, int, str]] = []
    text = doc.text if text is None else text
    # the other entities' texts and their capitalised words ("Flores" of "Maria Flores")
    named = {w for b0, b1 in blocked for w in text[b0:b1].split() if w[:1].isupper()}
    named |= {text[b0:b1] for b0, b1 in blocked}

    free = free_of(blocked)
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        low = tok.text.lower()
        if low in words.compass and i + 1 < n and _capital(doc[i + 1]):
            hit = _compass(doc, text, i, gaz, words, free)
            if hit is not None:
                out.append(hit[:3])
                i = hit[3]
                continue
        if not headline and _sentence_initial(doc, i):
            hit = _dateline(doc, text, i, gaz, words)
            if hit is not None:
                out.append(hit[:3])
                i = hit[3]
                continue
        if not _capital(tok):
            i += 1
            continue
        hit = _name_at(doc, text, i, gaz, words, free, headline, named, echo)
        if hit is not None:
            out.append(hit[:3])
            i = hit[3]
        else:
            i += 1
    return out


def _spans(doc: Any, i: int, most: int) -> Iterable[int]:
    """End token indexes (exclusive) of the names starting at token ``i``, longest first:
    capitalised words, joiners inside, never across a line break."""
    ends = []
    j = i
    while j < len(doc) and j - i < most:
        t = doc[j]
        if j > i and ("\n" in doc[j - 1].whitespace_ or t.is_space):
            break
        if _capital(t):
            ends.append(j + 1)
        elif not (j > i and t.text in JOINERS):
            break
        j += 1
    return reversed(ends)


def _name_at(doc: Any, text: str, i: int, gaz: Gazetteer, words: SpotWords, free: Any,
             headline: bool, named: set[str], echo: frozenset[str] = frozenset()
             ) -> tuple[int, int, str, int] | None:
    if doc[i].lower_ == "the":
        return None  # the name after it is tried on its own
    for end in _spans(doc, i, MAX_TOKENS):
        s, e = doc[i].idx, doc[end - 1].idx + len(doc[end - 1].text)
        name = text[s:e]
        count = end - i
        if fold(name) in words.stop or not free(s, e) or _code(name):
            continue
        if _town_cue(doc, i, end, words) and name not in named \
                and any(ex for _p, ex in gaz.candidates(name)):
            return s, e, "SPOT", end  # "Carthage Police Chief ...", "the Preble voters"
        if i > 0 and (_name_like(doc[i - 1]) or doc[i - 1].text == "The") \
                and not _sentence_initial(doc, i - 1):
            continue  # "Roaring Plains West Wilderness", "President Jackson", "at The Woodlands"
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and _name_like(nxt):
            if count > 1 and name not in named and _division_of_words(gaz, name):
                return s, e, "SPOT", end  # "Kanawha County Family Court", as INNER reads it
            continue  # "College Station Road", "St. James United Methodist Church"
        if nxt is not None and nxt.text in OF_WORDS and _capital_after_of(doc, end + 1):
            continue  # "Queens of the Stone Age"
        if name in named:
            continue  # part of a person's or organisation's name elsewhere: "the Flores family"
        if count == 1:
            if headline or _sentence_initial(doc, i):
                continue
            if (i > 0 and _name_like(doc[i - 1])) or (
                    nxt is not None and nxt.text.lower() in words.verbs):
                continue
        elif _sentence_initial(doc, i) and doc[i].is_stop:
            continue
        # a town's name only after a locative word ("in Grand Prairie", not "Notre Dame won");
        # of any size before its state or country ("Clarinda, Iowa")
        town_ok = i > 0 and doc[i - 1].lower_ in words.locative
        if name in echo or _qualifies(gaz, name, count, town_ok, LOCATIVE_POPULATION) \
                or in_named_area(doc, end, gaz, name):
            return s, e, "SPOT", end
    return None


def _division_of_words(gaz: Gazetteer, name: str) -> bool:
    """A division of several words under its own name ("Kanawha County", "West Virginia"):
    it opens a longer name as the division (:mod:`.place_inner` reads it so inside an
    entity)."""
    return any(ex and p.admin_level in (1, 2) for p, ex in gaz.candidates(name))


def _town_cue(doc: Any, i: int, end: int, words: SpotWords) -> bool:
    """Whether the name in tokens ``i``..``end`` is followed by a word of a town's own body
    (``town_body_words``, any case: "Woodstock Mayor Michael Harding", "Carthage Police
    Chief") or, not at a sentence start, by a lower-case resident word ("the Preble voters");
    then a town of any size under its own name is taken, wherever it stands. Not after
    another name word ("Roaring Plains West"), not a function word ("As residents", "Many
    residents")."""
    if end >= len(doc) or doc[i].is_stop:
        return False
    if i > 0 and _name_like(doc[i - 1]) and not _sentence_initial(doc, i - 1):
        return False
    nxt = doc[end]
    if nxt.lower_ in words.town_body:
        return True
    return not _sentence_initial(doc, i) and nxt.text.islower() and nxt.lower_ in words.resident


#: What follows a news dateline's place: "COLUMBUS, Ohio (AP) --", "BEIRUT (Reuters) -".
_DATELINE_AFTER = frozenset({",", "(", "-", "--", "\u2014", "\u2013"})


def _dateline(doc: Any, text: str, i: int, gaz: Gazetteer, words: SpotWords
              ) -> tuple[int, int, str, int] | None:
    """A news dateline at a sentence start: one to three words in capitals ("COLUMBUS",
    "SAN DIEGO", "ST. PAUL") followed by a comma, a bracket, a dash (or a colon: a city of
    SINGLE_POPULATION people, a state or a country, "NEW DELHI:"; the same at the start of
    the text or of a line before a capitalised word, "OKLAHOMA CITY The Latest"), that the gazetteer
    knows as a country or under a place's own name (a dateline names a place, so a town of
    any size), and not a stoplisted word. Taken even inside another entity: the NER often
    tags a dateline ORG ("RALEIGH, N.C. (AP)")."""
    j = i
    while j < len(doc) and j - i < 3 and doc[j].text.replace(".", "").replace("'", "").isalpha() \
            and doc[j].text.isupper() and len(doc[j].text) > 1:
        j += 1
    colon = j < len(doc) and doc[j].text == ":"
    # at the start of the text or of a line, a capitalised word may follow ("OKLAHOMA CITY
    # The Latest on ...": the dash lost with the page's markup): a big place only, as colon
    bare = j < len(doc) and (i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space) \
        and _capital(doc[j]) and not doc[j].text.isupper()
    colon = colon or bare
    if j == i or j >= len(doc) or (doc[j].text not in _DATELINE_AFTER and not colon):
        return None
    s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    name = text[s:e].title()
    if fold(name) in words.stop or _code(text[s:e].replace(" ", "")) and len(text[s:e]) <= 3:
        return None
    if gaz.country_of(name) is not None:
        return s, e, "DATELINE", j
    # before a colon, a speaker's name in a transcript is as likely ("JEWELL: ..."): a city
    # of SINGLE_POPULATION people or a first-level division only ("NEW DELHI: ...")
    if any(exact and (not colon or p.admin_level == 1 or p.population >= SINGLE_POPULATION)
           for p, exact in gaz.candidates(name)):
        return s, e, "DATELINE", j
    return None


def _capital_after_of(doc: Any, j: int) -> bool:
    """A capitalised word at token ``j``, or after a "the" there."""
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    return j < len(doc) and _capital(doc[j])


def _compass(doc: Any, text: str, i: int, gaz: Gazetteer, words: SpotWords, free: Any
             ) -> tuple[int, int, str, int] | None:
    for end in _spans(doc, i + 1, MAX_TOKENS - 1):
        s, e = doc[i].idx, doc[end - 1].idx + len(doc[end - 1].text)
        inner = text[doc[i + 1].idx:e]
        if _whole_name(gaz, text[s:e]) or fold(inner) in words.stop or not free(s, e) \
                or _code(inner):
            continue
        if i > 0 and _name_like(doc[i - 1]) and not _sentence_initial(doc, i - 1):
            return None  # "Roaring Plains West Wilderness"
        if end < len(doc) and _name_like(doc[end]):
            continue  # "northern Ohio University": an organisation's name
        if gaz.country_of(inner) is not None or gaz.region(inner) is not None:
            return s, e, "COMPASS", end
        if doc[i].text[:1].isupper():  # "West Wing": only a country's or a state's region
            if any(p.admin_level == 1 for p, _x in gaz.candidates(inner)):
                return s, e, "COMPASS", end
        elif _qualifies(gaz, inner, 2):
            return s, e, "COMPASS", end
    return None


def in_named_area(doc: Any, end: int, gaz: Gazetteer, name: str) -> bool:
    """Whether tokens from ``end`` are a comma and a country or first-level division that
    holds a place called ``name`` ("Boise, Idaho", "Raleigh, N.C.", "Nitra, Slovakia")."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    cands = [p for p, exact in gaz.candidates(name) if exact and p.country]
    if not cands:
        return False
    j = end + 1
    for k in range(j + 1, min(j + 4, len(doc) + 1)):
        tok = doc[k - 1]
        if not (_capital(tok) or (tok.text.isupper() and len(tok.text) <= 3)):
            break
        area = doc[j:k].text  # a span's own tokens: never the whole Doc.text
        iso3 = gaz.country_of(area)
        if iso3 is not None and any(p.country == iso3 for p in cands):
            return True
        states = {(p.country, p.admin1) for p, _x in gaz.candidates(area) if p.admin_level == 1}
        if any((p.country, p.admin1) in states for p in cands):
            return True
    return False
