"""The typed document model every stage reads and writes.

A :class:`Document` starts as a :class:`RawInput` (bytes or text plus what the reader knew),
gains an :class:`Article` in the clean stage, parsed text in the nlp stage, and then lists of
entity, date and place mentions and finally events. ``Document.to_dict()`` gives the
``dateline extract`` object of SPEC section 3.

Offsets (``start``/``end``) index into the text named by ``field`` ("title", "subtitle" or
"body"); the SPEC's ``entities``/``places``/``dates`` lists hold body mentions only, so
``to_dict`` filters on ``field == "body"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

FIELDS = ("title", "subtitle", "body")


@dataclass
class RawInput:
    """What a reader got from a file, a JSONL line or a URL, before cleaning."""

    origin: str  # path or URL as given (plus "#L<n>" for a JSONL line)
    format: str  # "text" | "html" | "record" (a JSONL record already split into fields)
    data: str  # decoded text or HTML
    meta: dict[str, Any] = field(default_factory=dict)  # url, title, published, ... if known
    encoding: str | None = None


@dataclass
class Caption:
    text: str
    credit: str | None = None


@dataclass
class Link:
    title: str
    url: str | None = None


@dataclass
class Article:
    id: str
    origin: str
    body: str
    url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None  # ISO date or datetime
    section: str | None = None
    source: str | None = None
    language: str | None = "en"
    captions: list[Caption] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)

    def text(self, name: str) -> str:
        """The text of one field ("title", "subtitle", "body"), "" when absent."""
        return getattr(self, name) or ""

    @staticmethod
    def make_id(body: str, title: str | None = None) -> str:
        """Content hash: the same article text read twice gets the same id."""
        norm = " ".join(((title or "") + "\n" + body).split()).lower()
        return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Actor:
    """A resolved participant: a person, organisation or country with country and sector."""

    text: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # PLOVER/CAMEO sector code (GOV, MIL, MED, IGO, ...)
    wikidata: str | None = None


@dataclass
class EntityMention:
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, ...; GROUP: an unnamed body or group ("police")
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    field: str = "body"
    #: how ``country`` was inferred when neither the text nor the tables gave it: "place" (the
    #: place at the span), "actor" (another mention of the same actor), "article" (the
    #: article's country), "sentence" (the one country its sentence names), "site" (the news
    #: site's country-code domain), "party" (the article's country for a word of a party's
    #: members, "Democrats": the events stage reads it); None when stated.
    #: Never serialised.
    inferred: str | None = None

    def actor(self) -> Actor:
        return Actor(self.text, self.name or self.text, self.country, self.sector, self.wikidata)

    def stated_country(self) -> str | None:
        """``country`` when the text or the tables gave it (not inferred from the article)."""
        return None if self.inferred else self.country


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    resolution: str | None = None  # city | region | country | continent
    field: str = "body"


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str | None  # "2025-09-01" | "2025-09" | "2025"
    granularity: str | None  # day | week | month | quarter | half | season | year | decade
    field: str = "body"
    value_end: str | None = None  # for ranges ("last week", "between 2019 and 2021")


@dataclass
class Location:
    text: str | None = None
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    resolution: str | None = None


@dataclass
class Evidence:
    field: str
    sentence: str
    start: int  # offsets of the sentence in the field's text
    end: int


@dataclass
class Event:
    event: str  # one of the 16 PLOVER types
    actor: list[Actor]
    evidence: Evidence
    recipient: list[Actor] = field(default_factory=list)
    mode: str | None = None
    modality: str = "asserted"
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    date: str | None = None
    date_end: str | None = None
    date_text: str | None = None
    location: Location | None = None
    mentions: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    id: str = ""
    #: what decided the event: {"coder": "rules"|"learned", "rule"/"trigger", model scores}
    decided: dict[str, Any] | None = None

    def assign_id(self, article_id: str) -> str:
        key = "|".join(
            [article_id, self.event, self.mode or "", self.evidence.field, str(self.evidence.start),
             ",".join(sorted(a.name or a.text for a in self.actor)),
             ",".join(sorted(a.name or a.text for a in self.recipient))]
        )
        self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        return self.id


@dataclass
class Document:
    raw: RawInput | None = None
    article: Article | None = None
    entities: list[EntityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # field name -> spaCy Doc (or any parsed form); never serialised
    parsed: dict[str, Any] = field(default_factory=dict, repr=False)
    done: list[str] = field(default_factory=list)  # names of stages that ran

    @property
    def origin(self) -> str:
        if self.article is not None:
            return self.article.origin
        return self.raw.origin if self.raw is not None else "?"

    def to_dict(self) -> dict[str, Any]:
        """The SPEC section 3 object (body mentions only in entities/places/dates)."""
        art = asdict(self.article) if self.article is not None else None
        return {
            "article": art,
            "entities": [_drop(asdict(e), "field", "inferred") for e in self.entities
                         if e.field == "body"],
            "places": [_drop(asdict(p), "field") for p in self.places if p.field == "body"],
            "dates": [_drop(asdict(d), "field") for d in self.dates if d.field == "body"],
            "events": [asdict(e) for e in self.events],
            "warnings": list(self.warnings),
        }


def _drop(d: dict[str, Any], *keys: str) -> dict[str, Any]:
    for k in keys:
        d.pop(k, None)
    return d
