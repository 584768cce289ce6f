"""The learned event coder (``events:learned``).

For each article: a page model decides whether the page reports events at all (recipes,
software and sport pages yield none); for each sentence a per-type model decides which event
types it reports; for each reported type, party models choose the actor(s) and the recipient
among the parties the sentence names (plus the article's country as an implied party); a
modality model and a mode model fill those. Dates and places come from the sentence's own
mentions; a current act with no date gets the story's day or the window before publication
(:func:`..events.article.current_act_date`), a background act with no date the nearest date
before it (:func:`..events.article.date_background_acts`), an act with no place the article's
place, else the city it names most often in its country, else that country (an act placed only
in the story place's country gets the story place); a statement only a place its sentence puts
it in ("said in Kyiv"), else the dateline's. Reports of one happening (same type, agreeing
parties, no conflicting dates) are merged into one event with every sentence as a mention.

Every decision is a model's; each event records what decided it in ``decided``
(``{"coder": "learned", "p_type", "p_actor", "p_recipient", "rule"}``).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..events.article import (country_city, date_background_acts, date_current_acts,
                              is_dateline, word_before)
from ..events.document import events_from_candidates
from ..events.parties import actor_key
from ..events.scope import paragraph_span
from ..plover import MODES as PLOVER_MODES
from ..plover import STATEMENTS
from ..model import Actor, Document, Event, Evidence, Location, PlaceMention
from ..query import interval_end, interval_start
from .features import (PAGE_SENTENCES, ArticleView, Sentence, candidate_parties,
                       event_features, identified, mode_features, modality_features,
                       page_features, party_features, recipient_features, sentence_date,
                       sentence_features, sentence_of)
from .linear import LinearModel
from .trees import TreeModel


def page_bound(model: LinearModel, feats: dict[str, float]) -> float:
    """The most the page model's probability can be for ``feats`` whatever the value of
    ``n_rules`` (the rule coder's report count, from 0 to 1: :func:`page_features`).

    Exact as a bound: the linear model adds ``n_rules`` last (its features in their order),
    and rounding is monotone, so the score with any value in [0, 1] lies between the
    scores with 0 and with 1 and the probability between theirs."""
    lo, hi = dict(feats), dict(feats)
    lo["n_rules"], hi["n_rules"] = 0.0, 1.0
    return max(model.p(lo), model.p(hi))


def load_model(path: Path) -> LinearModel | TreeModel:
    """A model file: gradient-boosted trees or a linear model, by its ``kind``."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    return TreeModel(spec) if spec.get("kind") == "trees" else LinearModel(spec)

MODEL_FILES = ("page", "types", "actor", "recipient", "modality", "mode", "event")
MODES = {t: set(m) for t, m in PLOVER_MODES.items() if m}


@dataclass
class Thresholds:
    """``page``: below it a page yields nothing; ``type``/``actor``/``recipient``: what the
    sentence models' probabilities must reach; ``event``: what the event model's probability
    of a rule coder's event must reach. All chosen by ``make train`` (cross-validation)."""

    page: float = 0.5
    type: float = 0.5
    actor: float = 0.3
    recipient: float = 0.5
    event: float = 0.5
    #: a second recipient: another party whose mean recipient probability reaches it (and
    #: exceeds its actor probability); above 1 (the default), never
    recipient2: float = 1.01

    @classmethod
    def from_dict(cls, d: dict | None) -> "Thresholds":
        return cls(**{k: float(v) for k, v in (d or {}).items() if k in cls.__dataclass_fields__})


@dataclass
class Models:
    """The trained models and the thresholds chosen on the dev split."""

    page: LinearModel
    types: LinearModel
    actor: LinearModel | TreeModel
    recipient: LinearModel
    modality: LinearModel
    mode: LinearModel
    event: LinearModel
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, folder: str | Path | None = None) -> "Models":
        """Load from ``folder`` (default: the models shipped in the package)."""
        base = Path(folder) if folder else Path(str(resources.files("dateline") / "models" / "coder"))
        missing = [n for n in MODEL_FILES if not (base / f"{n}.json").is_file()]
        if missing:
            from ..errors import ConfigError

            raise ConfigError(f"learned coder models missing in {base}: {', '.join(missing)} "
                              "(run `make train`)")
        models = {n: load_model(base / f"{n}.json") for n in MODEL_FILES}
        meta = {}
        if (base / "meta.json").is_file():
            meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))
        return cls(**models, thresholds=Thresholds.from_dict(meta.get("thresholds")), meta=meta)

    def save(self, folder: str | Path) -> None:
        base = Path(folder)
        base.mkdir(parents=True, exist_ok=True)
        for n in MODEL_FILES:
            getattr(self, n).save(base / f"{n}.json")
        meta = dict(self.meta)
        meta["thresholds"] = self.thresholds.__dict__
        (base / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")


@dataclass
class Report:
    """One sentence's report of one event, before merging."""

    event: str
    sentence: Sentence
    actors: list[Actor]
    recipients: list[Actor]
    modality: str
    mode: str | None
    p_type: float
    p_actor: float
    p_recipient: float | None
    date: Any = None
    location: Location | None = None
    actor_context: str = "named"
    #: every candidate party with its actor and recipient probabilities
    scores: list[tuple[Actor, float, float]] = field(default_factory=list)


#: Words before a place that put a statement there ("said in Kyiv", "told reporters at ..."),
#: and that put an act there before the other places of its sentence ("a meeting in Hanoi").
_STATEMENT_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "from", "around"})


def _location(p: PlaceMention) -> Location:
    return Location(text=p.text, name=p.name, geonameid=p.geonameid, lat=p.lat, lon=p.lon,
                    country=p.country, resolution=p.resolution)


class LearnedCoder:
    """Codes one parsed document with :class:`Models`."""

    def __init__(self, models: Models, lexicon: Any, countries: Any,
                 thresholds: Thresholds | None = None) -> None:
        self.m = models
        self.lex = lexicon
        self.countries = countries
        self.t = thresholds or models.thresholds

    def view(self, doc: Document, published: str | None = None) -> ArticleView:
        """The article's view, with the parties of the sentences the page model reads and
        without the rule coder's reports; :meth:`code_view` finds the others' parties and
        the reports on a page it keeps (:meth:`page_p` finds the reports where the page
        model needs their number to decide)."""
        return ArticleView(doc, self.lex, self.countries, published, parties_upto=PAGE_SENTENCES,
                           rules=False)

    def code(self, doc: Document, published: str | None = None) -> list[Event]:
        if doc.article is None:
            return []
        return self.code_view(self.view(doc, published))

    def page_p(self, view: ArticleView) -> float:
        """The page model's probability that the page reports events. On a view whose rule
        coder's reports are still to find (``view.rules_pending``), the most it can be
        whatever their number (:func:`page_bound`) when that is under the page threshold;
        else the reports are found and the probability is exact."""
        feats = page_features(view)
        if view.rules_pending:
            most = page_bound(self.m.page, feats)
            if most < self.t.page:
                return most
            view.find_rules()
            feats = page_features(view)
        return self.m.page.p(feats)

    def code_view(self, view: ArticleView) -> list[Event]:
        """The events of a parsed article: the rule coder's events the event model keeps,
        then the sentence models' reports that repeat none of them. The page and type models
        run once per page and per sentence."""
        if not view.sentences:
            return []
        p_page = self.page_p(view)
        if p_page < self.t.page:
            return []
        view.find_parties()  # a page the models read on: every sentence's parties
        view.find_rules()  # (found already by page_p)
        probs = self.type_probs(view)
        # the rule coder has merged its own reports of one happening already: its events
        # are kept as they are; the models' events only where they repeat none of them
        kept = [ev for ev, p in self.scored_rule_events(view, p_page, probs) if p >= self.t.event]
        rules = list(kept)
        for ev in self.model_events(view, probs):
            if not any(_same_event(ev, k) for k in rules):
                kept.append(ev)
        # merged and deduplicated with the publication day standing for "undated": now the
        # story's day (or the window before publication) for those current acts
        # and a background act its sentence does not date: the nearest date before it
        art = view.doc.article
        texts = {f: (art.text(f) or "") if art else "" for f in view.views}
        kept = date_background_acts(kept, view.doc.dates, view.published, texts)
        return date_current_acts(kept, view.doc.dates, view.published)

    def type_probs(self, view: ArticleView) -> list[dict[str, float]]:
        """Each sentence's type probabilities, in sentence order."""
        return [self.m.types.proba(sentence_features(s)) for s in view.sentences]

    def scored_rule_events(self, view: ArticleView, p_page: float,
                           probs: list[dict[str, float]]) -> list[tuple[Event, float]]:
        out = []
        for ev, feats in self.rule_proposals(view, p_page, probs):
            p = self.m.event.p(feats)
            ev.decided = {**(ev.decided or {}), "p_event": round(p, 3)}
            ev.confidence = round(p, 3)
            out.append((ev, p))
        return out

    def rule_proposals(self, view: ArticleView, p_page: float,
                       probs: list[dict[str, float]]) -> list[tuple[Event, dict[str, float]]]:
        """The rule coder's events (hand rules propose) with the event model's features."""
        out = []
        for ev in self.rule_events(view):
            s = sentence_of(view, ev.evidence.field, ev.evidence.start)
            p_type = probs[s.index].get(ev.event, 0.0) if s else 0.0
            ev.decided = {**(ev.decided or {}), "coder": "learned", "proposed_by": "rules",
                          "p_type": round(p_type, 3)}
            out.append((ev, event_features(ev, "rules", p_type, p_page)))
        return out

    def model_events(self, view: ArticleView, probs: list[dict[str, float]]) -> list[Event]:
        """The sentence models' events: types, parties, modality and mode over thresholds."""
        reports = [r for s in view.sentences
                   for r in self.sentence_reports(s, probs[s.index], view)]
        return self.merge(reports, view)

    def rule_events(self, view: ArticleView) -> list[Event]:
        """The rule coder's events of the article whose parties are identified (a pronoun or
        bare noun is never stored as a party)."""
        events = events_from_candidates(view.doc, copy.deepcopy(view.rule_cands), view.published)
        out = []
        for ev in events:
            if not ev.actor or not all(identified(a) for a in ev.actor):
                continue
            ev.recipient = [a for a in ev.recipient if identified(a)]
            out.append(ev)
        return out

    def sentence_reports(self, s: Sentence, probs: dict[str, float],
                         view: ArticleView) -> list[Report]:
        out = []
        for etype, p in sorted(probs.items(), key=lambda kv: -kv[1]):
            if p < self.t.type:
                continue
            r = self.report(s, etype, p, view)
            if r is not None:
                out.append(r)
        return out

    def report(self, s: Sentence, etype: str, p_type: float, view: ArticleView) -> Report | None:
        parties = candidate_parties(s, view)
        feats = [party_features(s, party, etype, view) for party in parties]
        scored = [(party, pa, self.m.recipient.p(recipient_features(f, pa, etype)))
                  for party, f, pa in zip(parties, feats, self.m.actor.p_many(feats))]
        if not scored:
            return None
        scored.sort(key=lambda x: -x[1])
        if scored[0][1] < self.t.actor:
            return None
        actors = [scored[0][:2]] + [(pt, pa) for pt, pa, _ in scored[1:] if pa >= max(self.t.actor, 0.5)]
        keys = {actor_key(pt.actor) for pt, _ in actors}
        rec = [(pt, pr) for pt, _, pr in scored
               if pr >= self.t.recipient and actor_key(pt.actor) not in keys]
        rec.sort(key=lambda x: -x[1])
        recipients = [rec[0][0].actor] if rec else []
        mf = modality_features(s, etype, view)
        modality, _ = self.m.modality.best(mf)
        mode = None
        if etype in MODES:
            mode_c, _ = self.m.mode.best(mode_features(s, etype))
            mode = mode_c if mode_c in MODES[etype] else None
        date = sentence_date(s, view)
        location = self._place(s, etype, modality, view)
        return Report(etype, s, [pt.actor for pt, _ in actors], recipients, modality, mode,
                      p_type, actors[0][1], rec[0][1] if rec else None, date, location,
                      actors[0][0].context or ("implied" if actors[0][0].implied else "named"),
                      [(pt.actor, pa, pr) for pt, pa, pr in scored])

    def _place(self, s: Sentence, etype: str, modality: str, view: ArticleView) -> Location | None:
        """Where the act took place (SPEC section 5). An act (every type but the statements
        of :data:`..plover.STATEMENTS`): its sentence's place (a city or region before a
        country, a place after a locative word first among them; a country that is the story
        place's own country gives the story place, the finer one), else the story's place
        (:meth:`_story_place`), else the country the article is about. A
        statement: a place its sentence puts it in ("said in Kyiv"; a place it is only about,
        "said China ...", is not where it was said), else, for a current statement, the
        dateline's place (the reporter heard it there: "MIAMI -- Haley said ..."), else none:
        not the speaker's capital. Nothing placed happened when the act is negated."""
        v = view.views.get(s.field)
        statement = etype in STATEMENTS
        if v is not None:
            # a city or region before a country; among those, one the sentence puts the act
            # in ("a meeting last February in Hanoi") before one it only names ("Beijing is
            # concerned ...")
            places = sorted(v.places_in(s.start, s.end), key=lambda p: (
                p.resolution not in ("city", "region"),
                word_before(v.text, p.start) not in _STATEMENT_LOCATIVE, p.start))
            if statement:
                places = [p for p in places
                          if word_before(v.text, p.start) in _STATEMENT_LOCATIVE]
            if places and places[0].country:
                if places[0].resolution == "country" and not statement:
                    story = self._story_place(view)
                    if story is not None and story.country == places[0].country:
                        return _location(story)  # "protests in Georgia" in a Tbilisi story
                return _location(places[0])
        if modality == "negated":
            return None
        if statement:
            if modality == "asserted" and view.place is not None and is_dateline(view.place):
                return _location(view.place)
            return None
        story = self._story_place(view)
        if story is not None:
            return _location(story)
        # else the region or country: the country the article is about
        c = self.countries.get(view.main_country) if view.main_country else None
        if c is None:
            return None
        return Location(text=None, name=c.name, geonameid=c.geonameid, lat=c.lat, lon=c.lon,
                        country=c.iso3, resolution="country")

    @staticmethod
    def _story_place(view: ArticleView) -> PlaceMention | None:
        """The article's place, else the city it names most often in its country."""
        if view.place is not None:
            return view.place
        return country_city(view.doc.places, view.main_country)

    # --- merging --------------------------------------------------------------------
    def merge(self, reports: list[Report], view: ArticleView) -> list[Event]:
        """Reports of one happening become one event: same type, an actor in common, no
        conflicting recipient or date, no background/current split."""
        groups: list[list[Report]] = []
        for r in reports:
            for g in groups:
                if any(_same_happening(x, r) for x in g):
                    g.append(r)
                    break
            else:
                groups.append([r])
        art = view.doc.article
        events = [self._event(g, view) for g in groups]
        for ev in events:
            ev.assign_id(art.id if art else "")
        return events

    def _parties(self, g: list[Report]) -> tuple[list[Actor], list[Actor], float, float | None]:
        """The event's parties from all its reports: each party's probabilities summed over
        the reports that could name it; the best actor; the best other party as recipient when
        its mean probability is high enough (a second one above ``recipient2``); co-actors as
        likely as the threshold asks among the rest."""
        pa: dict[str, float] = {}
        pr: dict[str, float] = {}
        who: dict[str, Actor] = {}
        for r in g:
            for a, p_a, p_r in r.scores:
                k = actor_key(a)
                who.setdefault(k, a)
                pa[k] = pa.get(k, 0.0) + p_a
                pr[k] = pr.get(k, 0.0) + p_r
        n = len(g)
        ranked = sorted(pa, key=lambda k: -pa[k])
        best = ranked[0]
        # the recipient is chosen before the co-actors: a party the models see as the one
        # acted upon is not also listed as acting ("X met Y": Y is no co-actor)
        rest = [k for k in sorted(pr, key=lambda k: -pr[k]) if k != best]
        recipient = [rest[0]] if rest and pr[rest[0]] / n >= self.t.recipient else []
        if recipient:
            recipient += [k for k in rest[1:]
                          if pr[k] / n >= self.t.recipient2 and pr[k] > pa[k]][:1]
        actors = [best] + [k for k in ranked[1:]
                           if pa[k] / n >= max(self.t.actor, 0.5) and k not in recipient]
        return ([who[k] for k in actors], [who[k] for k in recipient], pa[best] / n,
                pr[recipient[0]] / n if recipient else None)

    def _event(self, g: list[Report], view: ArticleView) -> Event:
        best = max(g, key=lambda r: (r.sentence.field == "body", r.p_type * r.p_actor))
        actors, recipients, p_actor, p_recipient = self._parties(g)
        location = best.location or next((r.location for r in g if r.location), None)
        dm = best.date or next((r.date for r in g if r.date), None)
        if dm is not None:
            date, date_end, date_text = dm.value, dm.value_end, dm.text
        elif best.modality == "asserted" and view.published:
            date, date_end, date_text = view.published[:10], None, None
        else:
            date = date_end = date_text = None
        mentions = []
        seen = set()
        order = {"title": 0, "subtitle": 1, "body": 2}
        for r in sorted(g, key=lambda r: (order.get(r.sentence.field, 3), r.sentence.start)):
            k = (r.sentence.field, r.sentence.start)
            if k not in seen:
                seen.add(k)
                mentions.append(_evidence(r.sentence))
        conf = round(min(1.0, best.p_type * p_actor + 0.05 * (len(mentions) - 1)), 3)
        rule = next((c.kind for c in best.sentence.rules if c.event == best.event), None)
        # the CAMEO code of a rule candidate of the same type in the event's sentences, else
        # the type's (and mode's) most general code
        cameo = next((c.cameo for r in g for c in r.sentence.rules
                      if c.event == best.event and c.cameo), None) \
            or self.lex.cameo_for(best.event, best.mode)
        decided = {"coder": "learned", "proposed_by": "models", "p_type": round(best.p_type, 3),
                   "p_actor": round(p_actor, 3),
                   "p_recipient": None if p_recipient is None else round(p_recipient, 3),
                   "rule": rule, "actor_context": best.actor_context}
        return Event(event=best.event, actor=actors, evidence=_evidence(best.sentence),
                     recipient=list(recipients), mode=best.mode, modality=best.modality,
                     date=date, date_end=date_end, date_text=date_text, location=location,
                     mentions=mentions, confidence=conf, decided=decided, cameo=cameo)


def _same_event(a: Event, b: Event) -> bool:
    """A learned report that repeats a kept rule event: same type, and the same sentence or an
    actor in common with no conflicting date (a 2019 summit is not this week's meeting)."""
    if a.event != b.event:
        return False
    same_sentence = any((m.field, m.start) == (b.evidence.field, b.evidence.start)
                        for m in a.mentions)
    if same_sentence:
        return True
    if a.date and b.date and not _overlap(a.date, a.date_end, b.date, b.date_end):
        return False
    return bool(_keys(a.actor) & _keys(b.actor))


def _overlap(a: str, a_end: str | None, b: str, b_end: str | None) -> bool:
    """Two dates of any precision (YYYY, YYYY-MM, YYYY-MM-DD, with optional ends) overlap, as
    periods (the query layer's reading: "2019" runs from 2019-01-01 to 2019-12-31)."""
    return (interval_start(a) <= interval_end(b_end or b)
            and interval_start(b) <= interval_end(a_end or a))


def _evidence(s: Sentence) -> Evidence:
    """The sentence as evidence, within one paragraph (its longest line, when the parser ran it
    over a line break), trimmed as the rule coder trims its evidence."""
    text, at, longest, off = s.text, 0, -1, 0
    for line in text.split("\n"):
        if len(line.strip()) > longest:
            longest, at = len(line.strip()), off + len(line) - len(line.lstrip())
        off += len(line) + 1
    a, b = paragraph_span(text, 0, len(text), at)
    return Evidence(field=s.field, sentence=text[a:b], start=s.start + a, end=s.start + b)


def _keys(actors: list[Actor]) -> set[str]:
    return {actor_key(a) for a in actors}


def _same_happening(a: Report, b: Report) -> bool:
    if a.event != b.event:
        return False
    if a.date is not None and b.date is not None and a.date.value != b.date.value:
        return False
    if (a.modality == "historical") != (b.modality == "historical"):
        return False
    if not _keys(a.actors) & _keys(b.actors):
        return False
    return not (a.recipients and b.recipients and not _keys(a.recipients) & _keys(b.recipients))


def with_decided(ev: Event, **info: Any) -> Event:
    return replace(ev, decided={**(ev.decided or {}), **info})
