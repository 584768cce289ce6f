"""Article-level context for coded events: the story's place and main country.

A news story happens somewhere: the dateline ("PORT SUDAN, May 8 (Reuters) -"), the headline's
city ("... march in Belgrade") or the lead paragraph's city. Sentences that report the story's
own happenings often name no place ("Police detained 23 people"), and role nouns often name no
country ("police", "the government", "farmers"). This module fills those gaps after merging:

* :func:`article_place` picks the story's place: a city/region-level place mention at the very
  start of the body (a dateline), else the first one in the title, else the first one in the
  first body paragraph.
* :func:`country_city` is the city an article without such a place names most often in the
  country it is about (the learned coder's place for acts no sentence places).
* :func:`main_country` is the article place's country when it is also the country the body
  names most often (so the choice is unambiguous), else None.
* :func:`fold_same_sentence` makes the events of one type in one sentence one event.
* :func:`fold_headlines` folds a headline event into the body event that reports it again.
* :func:`reaction_recipients` gives a reaction to an earlier event ("Iran condemned the
  sanctions") that event's doers as recipients.
* :func:`current_act_date` dates a current act its sentence does not date: the story's day
  (the first day the article names in the week before publication), else the window from the
  day before publication to the publication day (SPEC section 5); :func:`date_current_acts`
  applies it last, after merging and folding.
* :func:`date_background_acts` dates a historical act its sentence does not date by the
  nearest date before it in its paragraph or the few before (the learned coder, last).
* :func:`localise` gives an event without a place (or with only a country-level place in the
  same country) the article place, when the event is current (asserted, dated within a few
  days of publication or undated) and none of its parties belongs to another country; and
  gives unnamed role-noun actors without a country (sector set, not IGO) the main country.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from typing import Any, Iterable

from ..model import Actor, Document, EntityMention, Event, Location, PlaceMention

#: A dateline sits in the first characters of the body ("PORT SUDAN, May 8 (Reuters) -").
DATELINE_CHARS = 40
#: An event this many days from publication or nearer is part of the story's present.
CURRENT_DAYS = 3
#: The story's day is a day the article names at most this many days before publication.
STORY_DAY_DAYS = 7
#: A background act's date is looked for in its paragraph and this many paragraphs before it.
BACKGROUND_PARAGRAPHS = 3
#: Sectors of international actors: no national country is implied for them.
_NO_NATIONAL = frozenset({"IGO", "NGO", "MNC"})


def _local(p: PlaceMention) -> bool:
    return (p.resolution or "") not in ("country", "continent", "") and p.country is not None


def is_dateline(p: PlaceMention) -> bool:
    """Whether a place mention is the body's dateline ("MIAMI --", "PORT SUDAN, May 8 ...")."""
    return p.field == "body" and p.start < DATELINE_CHARS and _local(p)


def article_place(places: Iterable[PlaceMention], body: str) -> PlaceMention | None:
    """The story's place: dateline, else title city, else the lead paragraph's first city."""
    places = list(places)
    body_places = sorted((p for p in places if p.field == "body" and _local(p)), key=lambda p: p.start)
    if body_places and is_dateline(body_places[0]):
        return body_places[0]
    title = sorted((p for p in places if p.field == "title" and _local(p)), key=lambda p: p.start)
    if title:
        return title[0]
    first_par_end = body.find("\n")
    first_par_end = len(body) if first_par_end < 0 else first_par_end
    lead = [p for p in body_places if p.start < first_par_end]
    return lead[0] if lead else None


def country_city(places: Iterable[PlaceMention], country: str | None) -> PlaceMention | None:
    """The city an article with no dateline, title or lead place (:func:`article_place`) names
    most often in the country it is about (the first named on a tie), else None. SPEC section
    5 places an act in "the city or town when the text names it, else the region or country":
    a story whose lead names no place is still most often about the city it keeps naming
    ("Columbus police", "the Eugene man", "Santa Ana court")."""
    if not country:
        return None
    order = {"title": 0, "subtitle": 1, "body": 2}
    cities = sorted((p for p in places if p.resolution == "city" and p.country == country),
                    key=lambda p: (order.get(p.field, 3), p.start))
    counts = Counter((p.name or p.text).lower() for p in cities)
    if not counts:
        return None
    top = max(counts.values())
    return next(p for p in cities if counts[(p.name or p.text).lower()] == top)


def main_country(place: PlaceMention | None, places: Iterable[PlaceMention]) -> str | None:
    """The article place's country when the body names that country's places most often."""
    if place is None or place.country is None:
        return None
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    top = counts.most_common()
    if top[0][0] != place.country or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return place.country


def current_act_date(dates: Iterable[Any], published: str | None
                     ) -> tuple[str | None, str | None]:
    """``(date, date_end)`` of a current (asserted) act whose own sentence gives no date.

    SPEC section 5 dates such an act by "the nearest date the article gives for it", and a
    statement with no stated day by the window in which it must have been made. A news story
    is mostly about one day, named early ("at a debate here Wednesday night"): the first
    day-precise date of the title, subtitle or body that falls in the week before publication
    is that day. With none, the window from the day before publication to the publication day
    (an act reported without a day happened on it or, most often, the day before).
    """
    if not published:
        return None, None
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return published[:10], None
    order = {"title": 0, "subtitle": 1, "body": 2}
    for d in sorted(dates, key=lambda d: (order.get(d.field, 3), d.start)):
        if d.granularity != "day" or not d.value or len(d.value) != 10 or d.value_end:
            continue
        try:
            day = dt.date.fromisoformat(d.value)
        except ValueError:
            continue
        if 0 <= (pub - day).days <= STORY_DAY_DAYS:
            return d.value, None
    return (pub - dt.timedelta(days=1)).isoformat(), pub.isoformat()


def date_current_acts(events: list[Event], dates: Iterable[Any], published: str | None
                      ) -> list[Event]:
    """Events whose date was inferred as the publication day (a current act no sentence
    dates: ``date_text`` None) dated by :func:`current_act_date` instead. Run last, after
    merging and folding, which compare dates with the publication day standing in."""
    if not published:
        return events
    date, date_end = current_act_date(dates, published)
    if date is None:
        return events
    return [replace(e, date=date, date_end=date_end)
            if e.modality == "asserted" and e.date_text is None and e.date == published[:10]
            and e.date_end is None else e for e in events]


def date_background_acts(events: list[Event], dates: Iterable[Any], published: str | None,
                         texts: dict[str, str]) -> list[Event]:
    """Historical (background) events no sentence dates, dated by the nearest date the
    article gives before their evidence sentence: in the same field, in its paragraph or the
    :data:`BACKGROUND_PARAGRAPHS` before it, and not after publication (SPEC section 5: "the
    nearest date the article gives for it"; a story tells its background in order: "arrested
    on Friday 14th June 2019 ... / Officers located the drug ..."). ``texts`` are the
    fields' texts (paragraphs are their lines). ``date_text`` stays None: the date is
    inferred."""
    pub = (published or "")[:10]
    # "2028" is after "2025-06-12"; "2025" (a prefix of it) is not
    dated = [d for d in dates if d.value and (not pub or d.value[:len(pub)] <= pub)]
    out = []
    for e in events:
        if e.modality != "historical" or e.date is not None or e.evidence is None:
            out.append(e)
            continue
        f, at = e.evidence.field, e.evidence.start
        text = texts.get(f) or ""
        before = [d for d in dated if d.field == f and d.end <= at
                  and text.count("\n", d.end, at) <= BACKGROUND_PARAGRAPHS]
        if not before:
            out.append(e)
            continue
        d = max(before, key=lambda d: d.start)
        out.append(replace(e, date=d.value, date_end=d.value_end))
    return out


def _days_from(date: str | None, published: str | None) -> int | None:
    if not date or not published:
        return None
    try:
        d = dt.date.fromisoformat(date[:10]) if len(date) >= 10 else None
        p = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    if d is None:
        return 10 ** 6  # a month or a year: not a day of the story
    return abs((d - p).days)


def _location(p: PlaceMention) -> Location:
    return Location(p.text, p.name or p.text, p.geonameid, p.lat, p.lon, p.country, p.resolution)


def _role_actor(a: Actor, iso3: str) -> Actor:
    if a.country is None and a.sector and a.sector not in _NO_NATIONAL and not a.wikidata:
        return replace(a, country=iso3)
    return a


#: Words before a place name that put something there ("in X", "outside X", "the city of X").
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "to", "into", "of", "around"})


def word_before(text: str, start: int) -> str:
    """The word before offset ``start`` of ``text``, lower-cased ("" at the start)."""
    before = text[:max(0, start)].rsplit(None, 1)
    return before[-1].lower() if before else ""


def _locative(e: Any, start: int) -> bool:
    """Whether the word before offset ``start`` of the evidence sentence is locative."""
    return word_before(e.sentence, start - e.start) in _LOCATIVE


def _names_other_place(ev: Event, place: PlaceMention, places: list[PlaceMention],
                       entities: list[EntityMention]) -> bool:
    """Whether the event's sentence names a sub-national place other than the article's
    ("In North Darfur, RSF artillery shelled ...", "sent reinforcements to El Obeid"): the
    event then happened there, even when that place could not be resolved."""
    e = ev.evidence
    own = (place.name or place.text or "").lower()
    for p in places:
        if p.field == e.field and e.start <= p.start < e.end and _local(p) and \
                (p.name or p.text or "").lower() != own and _locative(e, p.start):
            return True
    for m in entities:
        if m.field == e.field and e.start <= m.start < e.end and m.label in ("GPE", "LOC", "FAC") \
                and _locative(e, m.start) \
                and m.text.lower() != place.text.lower() and (m.name or "").lower() != own \
                and not any(p.field == m.field and p.start == m.start and not _local(p) for p in places):
            return True
    return False


def localise(events: list[Event], place: PlaceMention | None, country: str | None,
             published: str | None, places: list[PlaceMention] | None = None,
             entities: list[EntityMention] | None = None) -> list[Event]:
    """Fill places of current events and countries of unnamed role actors (in place)."""
    places = places or []
    entities = entities or []
    for ev in events:
        if country is not None:
            ev.actor = [_role_actor(a, country) for a in ev.actor]
            ev.recipient = [_role_actor(a, country) for a in ev.recipient]
        if place is None or ev.modality != "asserted":
            continue
        days = _days_from(ev.date, published)
        if days is not None and days > CURRENT_DAYS:
            continue
        others = {a.country for a in ev.actor + ev.recipient if a.country} - {place.country}
        if others:
            continue
        if _names_other_place(ev, place, places, entities):
            continue
        loc = ev.location
        if loc is None or (loc.resolution == "country" and loc.country == place.country):
            ev.location = _location(place)
    return events


#: Reaction verbs and the earlier event their definite object refers to ("Iran condemned the
#: new sanctions" -> the SANCTION event; "X rejected the call" -> the REQUEST event).
_REACTION = re.compile(
    r"\b(?:condemn|denounc|criticis|criticiz|oppos|welcom|reject|dismiss|defend|slamm?|decr|"
    r"deplor|hail|prais)\w*\s+(?:the|this|that|these|those)\s+(?:\w+\s+)?"
    r"(calls?|demands?|requests?|appeals?|sanctions?|measures|expulsions?|sentences?|verdicts?|"
    r"rulings?|convictions?|attacks?|strikes?|shelling|arrests?|detentions?|decisions?)\b",
    re.IGNORECASE)
_REFERRED_TYPE = {"call": "REQUEST", "demand": "REQUEST", "request": "REQUEST",
                  "appeal": "REQUEST", "sanction": "SANCTION", "measure": "SANCTION",
                  "expulsion": "SANCTION", "sentence": "SANCTION", "verdict": "SANCTION",
                  "ruling": "SANCTION", "conviction": "SANCTION", "attack": "ASSAULT",
                  "strike": "ASSAULT", "shelling": "ASSAULT", "arrest": "COERCE",
                  "detention": "COERCE", "decision": None}
#: Event types that react to an earlier event and take its doer as their recipient.
_REACTIONS = frozenset({"ACCUSE", "REJECT", "SUPPORT"})
_FIELD_ORDER = {"title": 0, "subtitle": 1, "body": 2}


def _position(ev: Event) -> tuple[int, int]:
    return (_FIELD_ORDER.get(ev.evidence.field, 3), ev.evidence.start)


#: Sectors of a state's own organs: reacting to their act is reacting to that state.
STATE_SECTORS = frozenset({"GOV", "JUD", "MIL", "COP", "LEG"})


def reaction_recipients(events: list[Event],
                        country_names: dict[str, str] | None = None) -> list[Event]:
    """A reaction without a recipient whose object is a definite reference to an earlier
    event ("condemned the new sanctions", "rejected the call", "defended the decision")
    takes that event's actors as recipients: the latest earlier event of the referred type
    (any type for "decision") whose actors are not the reactor's own (in place). When such
    an actor is a state organ (court, ministry, army, police, parliament) of a country the
    article names (``country_names``: ISO3 -> name), the country joins the recipients:
    "Kallas condemned the sentence" of a Tbilisi court is a reaction to Georgia."""
    ordered = sorted(events, key=_position)
    for i, ev in enumerate(ordered):
        if ev.event not in _REACTIONS or ev.recipient or not ev.actor:
            continue
        m = _REACTION.search(ev.evidence.sentence)
        if m is None:
            continue
        noun = m.group(1).lower()
        noun = noun[:-1] if noun.endswith("s") and noun not in ("sanctions", "measures") \
            else noun
        wanted = _REFERRED_TYPE.get(noun.rstrip("s"), _REFERRED_TYPE.get(noun))
        own = {(a.name or a.text or "").lower() for a in ev.actor}
        for prev in reversed(ordered[:i]):
            if wanted is not None and prev.event != wanted:
                continue
            if not prev.actor or own & {(a.name or a.text or "").lower() for a in prev.actor}:
                continue
            ev.recipient = list(prev.actor)
            for a in prev.actor:
                name = (country_names or {}).get(a.country or "")
                if name and a.sector in STATE_SECTORS and \
                        name.lower() not in _names(ev.recipient) | own:
                    ev.recipient.append(Actor(text=name, name=name, country=a.country,
                                              sector="GOV"))
            break
    return events


def full_names(entities: Iterable[EntityMention]) -> dict[str, Actor]:
    """Short name -> the one full-named person it can stand for ("Ruto" -> William Ruto,
    "Abiy" -> Abiy Ahmed): the first and the last word of every person named with two or more
    words; a word shared by two different people is left out (ambiguous)."""
    seen: dict[str, Actor] = {}
    ambiguous: set[str] = set()
    for e in entities:
        if e.label != "PERSON":
            continue
        a = e.actor()
        words = (a.name or a.text or "").split()
        if len(words) < 2:
            continue
        for w in {words[0].lower(), words[-1].lower()}:
            if w in seen and (seen[w].name or "").lower() != (a.name or "").lower():
                ambiguous.add(w)
            else:
                seen.setdefault(w, a)
    return {w: a for w, a in seen.items() if w not in ambiguous}


def resolve_short(actors: list[Actor], names: dict[str, Actor]) -> list[Actor]:
    """Replace one-word person names by the full-named person they stand for (a later "Ruto"
    is the "William Ruto" named before), keeping order and dropping duplicates."""
    out: list[Actor] = []
    for a in actors:
        words = (a.name or a.text or "").split()
        full = names.get(words[0].lower()) if len(words) == 1 else None
        if full is not None and (a.country in (None, full.country)) and a.sector in (None, full.sector, "GOV"):
            a = full
        if all((b.name or b.text) != (a.name or a.text) for b in out):
            out.append(a)
    return out


def _countries(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def _names(actors: list[Actor]) -> set[str]:
    return {(a.name or a.text or "").lower() for a in actors}


def fold_headlines(events: list[Event]) -> list[Event]:
    """One happening, one event: a title or subtitle event that the body reports again (same
    type, neither historical, actors sharing a name or a country: "Kenya's Ruto and Ethiopia's
    Abiy sign pact" / "The two leaders signed a framework agreement") becomes a mention of the
    body event, whose own parties, date and place are the more precise ones."""
    body = [e for e in events if e.evidence.field == "body"]
    out = []
    for ev in events:
        target = None
        if ev.evidence.field in ("title", "subtitle") and ev.modality != "historical":
            for b in body:
                if b.event != ev.event or b.modality == "historical":
                    continue
                if (_names(b.actor) & _names(ev.actor)) or \
                        (_countries(b.actor) & _countries(ev.actor)):
                    target = b
                    break
        if target is None:
            out.append(ev)
            continue
        target.mentions = [*ev.mentions, *target.mentions] if ev.mentions else \
            [ev.evidence, *target.mentions]
        if not target.recipient and ev.recipient:
            target.recipient = [r for r in ev.recipient if (r.name or r.text or "").lower()
                                not in _names(target.actor)]
    return out


def fold_same_sentence(events: list[Event]) -> list[Event]:
    """One sentence, one event per type: "Medvedev warned that Moscow could strike ..."
    coded from "warned" (Medvedev) and from "strike" (Moscow) is one threat, when the parties
    share a name or a country (or one event has no actor). The first event
    (the main clause's) is kept; the others' actors and recipients join it as parties, and
    their mentions, date and place fill its gaps."""
    out: list[Event] = []
    host: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.event, ev.evidence.field, ev.evidence.start)
        h = host.get(key)
        if h is not None and h.actor and ev.actor and not (_names(h.actor) & _names(ev.actor)) \
                and not (_countries(h.actor) & _countries(ev.actor + ev.recipient)):
            h = None  # "Russia shelled X and Ukraine struck Y": two sides, two happenings
            key = key + (len(out),)
        if h is None:
            host[key] = ev
            out.append(ev)
            continue
        names = _names(h.actor)
        h.actor = h.actor + [a for a in ev.actor if (a.name or a.text or "").lower() not in names]
        names = _names(h.actor) | _names(h.recipient)
        h.recipient = h.recipient + [r for r in ev.recipient
                                     if (r.name or r.text or "").lower() not in names]
        h.recipient = [r for r in h.recipient if (r.name or r.text or "").lower()
                       not in _names(h.actor)]
        if h.location is None:
            h.location = ev.location
        if h.date is None and ev.date is not None:
            h.date, h.date_end, h.date_text = ev.date, ev.date_end, ev.date_text
        seen = {(m.field, m.start) for m in h.mentions}
        h.mentions = h.mentions + [m for m in ev.mentions if (m.field, m.start) not in seen]
    return out


def apply_article_context(doc: Document, events: list[Event], published: str | None) -> list[Event]:
    """The article-level pass: places and role-actor countries (:func:`localise`), then
    headline folding, reaction recipients and folding doer-less repeats
    (:func:`fold_partyless`)."""
    art = doc.article
    if art is None:
        return events
    place = article_place(doc.places, art.text("body") or "")
    localise(events, place, main_country(place, doc.places), published,
             list(doc.places), list(doc.entities))
    events = fold_headlines(fold_same_sentence(events))
    names = {e.country: e.name for e in doc.entities
             if e.label == "GPE" and e.country and e.sector == "GOV" and e.name
             and not e.inferred}  # a region placed in its country is no name of the state
    return fold_partyless(reaction_recipients(events, names))


#: Pronouns left unresolved by the coder: they name no one a reader (or scorer) can identify.
PRONOUNS = frozenset({"it", "its", "they", "them", "their", "we", "us", "our", "he", "him",
                      "his", "she", "her", "i", "me", "you", "this", "that", "these", "those",
                      "who", "which"})


#: Pronouns never name a party; bare nouns name one only with a country ("Chinese officials").
PARTY_PRONOUNS = PRONOUNS | {"one", "someone", "anyone", "everyone"}
BARE_NOUNS = frozenset({"people", "officials", "official", "authorities", "some", "others",
                         "many", "both", "all", "group", "groups", "sources", "critics"})


def identified(a: Actor) -> bool:
    """SPEC section 5: a party carries a name, a country or a sector; a pronoun never does,
    and a bare noun ("officials", "people") only with a country."""
    name = (a.name or a.text or "").strip().lower()
    if not name or name in PARTY_PRONOUNS:
        return False
    if name in BARE_NOUNS or name.split()[-1] in BARE_NOUNS and len(name.split()) == 1:
        return bool(a.country)
    return bool(a.country or a.sector or (a.name and a.name[:1].isupper()))


def _identified(a: Actor) -> bool:
    return (a.name or a.text or "").strip().lower() not in PRONOUNS


def _keys(actors: list[Actor]) -> set[str]:
    return {x.lower() for a in actors for x in (a.name, a.text, a.country) if x}


def fold_partyless(events: list[Event]) -> list[Event]:
    """Fold an event whose doer is unknown into a report of the same type that names one.

    An event with no actor, or only unresolved pronouns ("it", "they", "we") as actors,
    that repeats the type of an event with a named doer in the same article is most likely a
    further report of it ("Drones launched by the RSF struck ... The attacks on Port Sudan
    ..."; "Medvedev threatened ... 'They want to keep killing,' he said"): it becomes a
    mention of that event (the one sharing a recipient name or country, else the nearest
    earlier one, else the first). Pronoun recipients are removed from every event. An event
    with no doer and no such partner stays: a passive report on its own ("Ingabire was
    arrested") still says what happened to whom."""
    for ev in events:
        ev.recipient = [r for r in ev.recipient if _identified(r)]
    known = [ev for ev in events if any(_identified(a) for a in ev.actor)]
    known_ids = {id(ev) for ev in known}
    out: list[Event] = []
    for ev in events:
        if id(ev) in known_ids:
            out.append(ev)
            continue
        same = [h for h in known if h.event == ev.event]
        if not same:
            out.append(ev)
            continue
        rk = _keys(ev.recipient)
        shared = [h for h in same if rk & (_keys(h.recipient) | _keys(h.actor))]
        earlier = [h for h in same if _position(h) <= _position(ev)]
        if rk and not shared:  # a party of its own: maybe another happening
            out.append(ev)
            continue
        host = (shared or earlier[-1:] or same)[0]
        seen = {(m.field, m.start) for m in host.mentions}
        host.mentions = host.mentions + [m for m in [ev.evidence, *ev.mentions]
                                         if (m.field, m.start) not in seen]
    return out
