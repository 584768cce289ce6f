"""Cross-article event merging, in memory: reports (mentions) in, merged events out.

Each stored event row (one article's report of one event, already merged within the article)
is a :class:`MentionRec`. :class:`MergeIndex` assigns every mention, in arrival order, to the
best-scoring existing :class:`Cluster` (a merged event) or opens a new one. Candidates come from
an inverted index keyed by ``(type, month, party key)`` so a mention is compared with the few
clusters of the same type that share an actor and a month, never with the whole corpus: the
same code serves the incremental path (one article after another) and a full rebuild.

The score (0..1) weighs parties (0.5), date (0.25), place (0.15) and modality (0.1); a date
window that does not overlap (beyond one day of tolerance for day dates, three for visits), a
role swap or another named perpetrator in a directed event, a hypothetical/negated report
against an asserted one, or a report naming nobody identifiable without the same place and day
rule a pair out (docs/merge.md has the full rules and the numbers).
Conflicting attributes are resolved by the most specific, then most reported value, and the
disagreement is kept (:meth:`Cluster.resolve`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from ..events.article import identified
from ..model import Actor
from ..refdata.actor_ids import is_wikidata

THRESHOLD = 0.6
WEIGHTS = {"party": 0.5, "date": 0.25, "place": 0.15, "modality": 0.1}
NEAR_KM = 50.0
# Reports of an event with no date text carry the publication date: the event may be a few
# days older than the article.
INFERRED_DAYS = 3
# A visit lasts days: its reports may date arrival, talks or departure.
VISIT_TOLERANCE = 3
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
UNREAL = {"hypothetical", "negated"}
RESOLUTION_RANK = {"city": 3, "region": 2, "country": 1, "continent": 0}


# -- dates ----------------------------------------------------------------------------------
def _interval(value: str | None) -> tuple[int, int] | None:
    """Day ordinals spanned by an ISO value.

    Handles "2025-09-01", "2025-09", "2025", "2025-W36" and "2010s"; None otherwise."""
    if not value:
        return None
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v[:10]) and len(v) >= 10:
            d = date.fromisoformat(v[:10]).toordinal()
            return d, d
        m = re.fullmatch(r"(\d{4})-W(\d{2})", v)
        if m:
            d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1).toordinal()
            return d, d + 6
        m = re.fullmatch(r"(\d{4})-(\d{2})", v)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            start = date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return start.toordinal(), nxt.toordinal() - 1
        m = re.fullmatch(r"(\d{3})0s", v)
        if m:
            y = int(m.group(1)) * 10
            return date(y, 1, 1).toordinal(), date(y + 9, 12, 31).toordinal()
        m = re.fullmatch(r"\d{4}", v)
        if m:
            y = int(v)
            return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def event_interval(value: str | None, value_end: str | None = None,
                   inferred: bool = False) -> tuple[int, int] | None:
    """The window (day ordinals) of an event's ``date``..``date_end``; widened when inferred."""
    iv = _interval(value)
    if iv is None:
        return None
    end = _interval(value_end)
    s, e = iv[0], max(iv[1], end[1]) if end else iv[1]
    if inferred:
        s -= INFERRED_DAYS
    return s, e


def _specificity(iv: tuple[int, int]) -> float:
    width = iv[1] - iv[0] + 1
    return 1.0 if width <= 1 else 0.8 if width <= 4 else 0.5 if width <= 31 else 0.2


def _months(iv: tuple[int, int]) -> list[str]:
    """Month keys ("2025-09") touched by a window, padded by the largest day tolerance."""
    a, b = date.fromordinal(iv[0] - VISIT_TOLERANCE), date.fromordinal(iv[1] + VISIT_TOLERANCE)
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def date_score(a: tuple[int, int] | None, b: tuple[int, int] | None,
               tolerance: int = 1) -> float | None:
    """Agreement of two windows: None rules the pair out, else 0..1 (specific overlap = 1).

    Day-level windows may be ``tolerance`` days apart (reports a day off, trips over days)."""
    if a is None or b is None:
        return 0.4
    tol = tolerance if (a[1] - a[0] <= 3 and b[1] - b[0] <= 3) else 0
    gap = max(a[0], b[0]) - min(a[1], b[1])
    if gap > tol:
        return None
    return min(_specificity(a), _specificity(b))


# -- actors ---------------------------------------------------------------------------------
def norm_name(text: str | None) -> str:
    """Spelling-tolerant key: case, hyphens, spaces and dots ignored.

    "Kim Jong Un" and "Kim Jong-un" give the same key."""
    return re.sub(r"[^0-9a-z]+", "", (text or "").lower())


def actor_keys(a: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """(strong keys, weak keys) of an actor. Strong: its canonical actor id (``"id"``, stored
    with every party since schema 6: docs/actors.md) and its Wikidata id; a party without an
    id (an in-memory report, a row the store gave none) falls back on its Wikidata id and
    normalised names. Weak: country + sector. An unresolved party (a pronoun, a bare noun
    without a country) has none: reports are never merged through "he" or "they".

    With an id the names are not keys: "Haley" and "Nikki Haley" of one id are one party, and
    two parties of one name the store keeps apart (another country, a user's unmerge) are
    two."""
    if not identified(Actor(a.get("text") or "", a.get("name"), a.get("country"),
                            a.get("sector"))):
        return frozenset(), frozenset()
    strong = set()
    ident = a.get("id")
    if a.get("wikidata"):
        strong.add("wd:" + a["wikidata"])
    if ident:
        strong.add("id:" + ident)
        if is_wikidata(ident):
            strong.add("wd:" + ident)
    else:
        for k in ("name", "text"):
            n = norm_name(a.get(k))
            if n:
                strong.add("n:" + n)
    weak = set()
    if a.get("country"):
        sector = a.get("sector") or "GOV"
        weak.add(f"c:{a['country']}:{sector}")
    return frozenset(strong), frozenset(weak)


@dataclass
class MentionRec:
    """One article's report of one event (a row of ``events``) with what merging needs."""

    event_id: str
    article_id: str
    type: str
    actors: list[dict[str, Any]]
    recipients: list[dict[str, Any]] = field(default_factory=list)
    mode: str | None = None
    modality: str = "asserted"
    date: str | None = None
    date_end: str | None = None
    date_text: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    resolution: str | None = None
    confidence: float = 0.5
    source: str | None = None  # outlet: article.source or URL host
    published: str | None = None
    duplicate: bool = False  # the article is a near-duplicate of an earlier one
    evidence: str | None = None

    def interval(self) -> tuple[int, int] | None:
        # no date text: inferred from the publication day (the story's day, or the window
        # before publication: events.article.current_act_date)
        inferred = self.date_text is None and bool(self.published)
        return event_interval(self.date, self.date_end, inferred)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# -- clusters -------------------------------------------------------------------------------
@dataclass
class Cluster:
    """A merged event: its member mentions and the aggregates scoring compares against."""

    id: str
    type: str
    members: list[MentionRec] = field(default_factory=list)
    actor_strong: Counter = field(default_factory=Counter)
    actor_weak: Counter = field(default_factory=Counter)
    recip_strong: Counter = field(default_factory=Counter)
    recip_weak: Counter = field(default_factory=Counter)
    intervals: Counter = field(default_factory=Counter)
    places: list[tuple[str | None, float | None, float | None]] = field(default_factory=list)
    modalities: Counter = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    actor_countries: Counter = field(default_factory=Counter)  # of named (non-generic) actors

    def add(self, m: MentionRec) -> None:
        self.members.append(m)
        self.articles.add(m.article_id)
        for a in m.actors:
            if not is_generic(a):
                self.actor_countries[a.get("country") or "?"] += 1
        for a in m.actors:
            s, w = actor_keys(a)
            self.actor_strong.update(s)
            self.actor_weak.update(w)
        for a in m.recipients:
            s, w = actor_keys(a)
            self.recip_strong.update(s)
            self.recip_weak.update(w)
        iv = m.interval()
        if iv:
            self.intervals[iv] += 1
        if m.country or m.lat is not None:
            key = (m.country, m.lat, m.lon)
            if key not in self.places and len(self.places) < 16:
                self.places.append(key)
        self.modalities[m.modality] += 1

    def replace(self, m: MentionRec) -> None:
        """Put ``m`` in place of the member with its event id (its parties as stored now:
        an actor id re-pointed since it joined) and recount the aggregates."""
        members = [m if x.event_id == m.event_id else x for x in self.members]
        fresh = Cluster(self.id, self.type)
        for x in members:
            fresh.add(x)
        self.__dict__.update(fresh.__dict__)

    # -- resolution ---------------------------------------------------------------------
    def resolve(self) -> dict[str, Any]:
        """The merged record: most specific, most reported values; disagreements kept."""
        voters = [m for m in self.members if not m.duplicate] or self.members
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        out["mode"], d_mode = _vote([m.mode for m in voters if m.mode])
        out["modality"], d_modality = _vote([m.modality for m in voters])
        out["actors"] = _merge_actors([a for m in voters for a in m.actors])
        out["recipients"] = _merge_actors([a for m in voters for a in m.recipients])
        out["date"], out["date_end"], d_date = _resolve_dates(voters, out["mode"] == "visit")
        place, d_place = _resolve_place(voters)
        out.update(place)
        arts = {m.article_id for m in voters}
        out["num_mentions"] = len(voters)
        out["num_articles"] = len(arts)
        out["num_sources"] = len({m.source or m.article_id for m in self.members})
        pubs = [m.published for m in self.members if m.published]
        out["first_seen"] = min(pubs) if pubs else None
        miss = 1.0
        for m in voters:
            miss *= 1.0 - max(0.0, min(0.99, m.confidence))
        out["confidence"] = round(1.0 - miss, 4)
        dis = {k: v for k, v in (("date", d_date), ("place", d_place), ("mode", d_mode),
                                 ("modality", d_modality)) if v}
        out["disagreements"] = dis
        return out


def _vote(values: list[str]) -> tuple[str | None, dict[str, int] | None]:
    if not values:
        return None, None
    c = Counter(values)
    best = sorted(c.items(), key=lambda kv: (-kv[1], values.index(kv[0])))[0][0]
    return best, (dict(c) if len(c) > 1 else None)


def _merge_actors(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per identity (shared strong key: the canonical actor id, else a Wikidata id
    or a name), shown with its most reported name; ``id`` is the most reported actor id of
    the entry's reports (None when none has one)."""
    groups: list[tuple[set[str], list[dict[str, Any]]]] = []
    for a in actors:
        s, _ = actor_keys(a)
        for keys, items in groups:
            if keys & s:
                keys |= s
                items.append(a)
                break
        else:
            groups.append((set(s), [a]))
    out = []
    for _, items in groups:
        name, _ = _vote([a.get("name") or a.get("text") for a in items])
        best = next(a for a in items if (a.get("name") or a.get("text")) == name)
        rec = dict(best)
        for k in ("country", "sector", "wikidata"):
            if not rec.get(k):
                rec[k] = next((a[k] for a in items if a.get(k)), None)
        rec["id"], _ = _vote([a["id"] for a in items if a.get("id")])
        rec["reports"] = len(items)
        out.append(rec)
    out.sort(key=lambda r: -r["reports"])
    return out


def _resolve_dates(ms: list[MentionRec], span: bool = False
                   ) -> tuple[str | None, str | None, dict[str, int] | None]:
    """Narrowest stated window wins, most reported among equals; incompatible values kept.

    With ``span`` (a visit: arrival, talks and departure are reported on different days) the
    stated days within a week become one window ``date``..``date_end``."""
    stated = [m for m in ms if m.date and m.date_text is not None] or [m for m in ms if m.date]
    if not stated:
        return None, None, None
    days = sorted({m.date[:10] for m in stated if len(m.date) == 10 and not m.date_end})
    if span and len(days) > 1:
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        if (last - first).days <= 7:
            return days[0], days[-1], None
    vals = Counter((m.date, m.date_end) for m in stated)
    ivs = {v: event_interval(*v) for v in vals}

    def width(v: tuple[str, str | None]) -> int:
        iv = ivs[v]
        return iv[1] - iv[0] if iv else 10**6

    best = sorted(vals, key=lambda v: (width(v), -vals[v], v))[0]
    biv = ivs[best]
    conflict = False
    for v in vals:
        iv = ivs[v]
        if v != best and iv and biv and not (iv[0] <= biv[0] and biv[1] <= iv[1]):
            conflict = True
    dis = {(d + (".." + e if e else "")): n for (d, e), n in vals.items()} if conflict else None
    return best[0], best[1], dis


def _resolve_place(ms: list[MentionRec]) -> tuple[dict[str, Any], dict[str, int] | None]:
    placed = [m for m in ms if m.place or m.country]
    if not placed:
        return {"place": None, "lat": None, "lon": None, "country": None}, None
    names = Counter(m.place or m.country for m in placed)
    by_name = {}
    for m in placed:
        by_name.setdefault(m.place or m.country, m)

    def rank(n: str) -> tuple[int, int]:
        return (-RESOLUTION_RANK.get(by_name[n].resolution or "", 2 if by_name[n].lat else 0),
                -names[n])

    best = by_name[sorted(names, key=lambda n: (rank(n), n))[0]]
    conflict = False
    for n, m in by_name.items():
        if m is best:
            continue
        if m.country and best.country and m.country != best.country:
            conflict = True
        elif (m.lat is not None and best.lat is not None and m.lon is not None
              and best.lon is not None and _km(m.lat, m.lon, best.lat, best.lon) > NEAR_KM
              and RESOLUTION_RANK.get(m.resolution or "", 3) >= 3):
            conflict = True
    return ({"place": best.place, "lat": best.lat, "lon": best.lon, "country": best.country},
            dict(names) if conflict else None)


# -- scoring --------------------------------------------------------------------------------
def is_generic(a: dict[str, Any]) -> bool:
    """A common-noun party ("protesters", "police") with no country: identity unknown."""
    text = (a.get("name") or a.get("text") or "").strip()
    return not a.get("country") and not a.get("wikidata") and (not text or text[0].islower())


def _party_match(actors: list[dict[str, Any]], strong: Counter, weak: Counter
                 ) -> tuple[float, int]:
    """(share of ``actors`` found among a cluster's keys, how many were identified).

    A name or wikidata match counts 1, a country + sector match 0.7, a generic party 0.5
    (whoever it is, even under the same word), a named party the cluster lacks 0."""
    if not actors:
        return 0.0, 0
    total, found = 0.0, 0
    for a in actors:
        s, w = actor_keys(a)
        if is_generic(a):
            total += 0.5  # "protesters" here and "protesters" there need not be the same
        elif any(k in strong for k in s):
            total, found = total + 1.0, found + 1
        elif any(k in weak for k in w):
            total, found = total + 0.7, found + 1
    return total / len(actors), found


def score(m: MentionRec, c: Cluster) -> float | None:
    """How well a mention fits a cluster (0..1), or None when it cannot be the same event."""
    if m.type != c.type:
        return None
    real_m = m.modality not in UNREAL
    if real_m != any(k not in UNREAL for k in c.modalities):
        return None
    # parties: pooled for reciprocal types, role-aware for directed ones
    pooled_s = c.actor_strong + c.recip_strong
    pooled_w = c.actor_weak + c.recip_weak
    parties = m.actors + m.recipients
    if not parties:
        party, found = 0.5, 0
    else:
        if m.type not in SYMMETRIC:
            a_same = _party_match(m.actors, c.actor_strong, c.actor_weak)[1]
            a_swap = _party_match(m.actors, c.recip_strong, c.recip_weak)[1]
            known = bool(c.actor_weak) or any(k.startswith("wd:") for k in c.actor_strong)
            if m.actors and a_same == 0 and a_swap > 0 and known:
                return None  # "A accuses B" is not "B accuses A"
            named = [a for a in m.actors if not is_generic(a)]
            if named and a_same == 0 and c.actor_countries and not any(
                    a.get("country") and a["country"] in c.actor_countries for a in named):
                return None  # another named perpetrator, from another country
        party, found = _party_match(parties, pooled_s, pooled_w)
    if party == 0:
        return None
    # dates: best agreement with any reported window
    iv = m.interval()
    if c.intervals:
        tol = VISIT_TOLERANCE if m.mode == "visit" else 1
        ds = [date_score(iv, civ, tol) for civ in c.intervals]
        ok = [d for d in ds if d is not None]
        if not ok:
            return None
        dscore = max(ok)
    else:
        dscore = date_score(iv, None)
    # place: within 50 km 1, same country 0.8, unknown 0.5, elsewhere 0
    if not (m.country or m.lat is not None) or not c.places:
        pscore = 0.5
    else:
        pscore = 0.0
        for country, lat, lon in c.places:
            if (m.lat is not None and lat is not None and lon is not None and m.lon is not None
                    and _km(m.lat, m.lon, lat, lon) <= NEAR_KM):
                pscore = 1.0
                break
            if m.country and country == m.country:
                pscore = 0.8
    if pscore == 0.0 and party < 0.7:
        return None  # weakly identified parties somewhere else: another event
    if not found and m.article_id not in c.articles and (pscore < 0.8 or dscore < 0.8):
        # nobody identified: only the same place and days, or the same article, can tell
        return None
    mscore = c.modalities[m.modality] / max(1, sum(c.modalities.values()))
    total = (WEIGHTS["party"] * party + WEIGHTS["date"] * dscore + WEIGHTS["place"] * pscore
             + WEIGHTS["modality"] * mscore)
    if m.mode and c.members[0].mode and m.mode != c.members[0].mode:
        total -= 0.1
    return total


def _party_ids(m: MentionRec) -> list[list[Any]]:
    """What of a mention's parties a re-pointed actor id changes."""
    return [[(a.get("id"), a.get("name"), a.get("country"), a.get("wikidata")) for a in side]
            for side in (m.actors, m.recipients)]


def cluster_id(first_event_id: str) -> str:
    """Stable merged-event id: derived from the first report that opened the cluster."""
    return "m" + hashlib.sha1(first_event_id.encode("utf-8")).hexdigest()[:15]


class MergeIndex:
    """Clusters plus the inverted index that finds candidates for a mention in sub-linear time."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.clusters: dict[str, Cluster] = {}
        self.index: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.of_event: dict[str, str] = {}  # event id -> cluster id
        self.scores: dict[str, float] = {}  # event id -> score when it joined (1.0 = opened)

    @staticmethod
    def _keys(m: MentionRec) -> list[tuple[str, str, str]]:
        iv = m.interval()
        months = _months(iv) if iv else ["?"]
        if len(months) > 14:  # a decade: index by year-level bucket only
            months = ["?"]
        pk = {"*"}  # every cluster is also listed per (type, month), for generic-party mentions
        for a in m.actors + m.recipients:
            s, w = actor_keys(a)
            pk |= s | w
        return [(m.type, mo, k) for mo in months for k in pk]

    def candidates(self, m: MentionRec) -> set[str]:
        """Clusters sharing type, a month and a party key; generic parties widen to the month."""
        parties = m.actors + m.recipients
        wide = not parties or any(is_generic(a) for a in parties)
        out: set[str] = set()
        for key in self._keys(m):
            if key[2] == "*" and not wide:
                continue
            out |= self.index.get(key, set())
            out |= self.index.get((key[0], "?", key[2]), set())
        return out

    def add(self, m: MentionRec) -> str:
        """Place one mention; returns the id of the cluster it joined or opened."""
        if m.event_id in self.of_event:
            return self.of_event[m.event_id]
        best, best_score = None, self.threshold
        for cid in sorted(self.candidates(m)):
            s = score(m, self.clusters[cid])
            if s is not None and s >= best_score and (best is None or s > best_score):
                best, best_score = cid, s
        if best is None:
            best = cluster_id(m.event_id)
            self.clusters[best] = Cluster(best, m.type)
            best_score = 1.0
        c = self.clusters[best]
        c.add(m)
        for key in self._keys(m):
            self.index[key].add(best)
        self.of_event[m.event_id] = best
        self.scores[m.event_id] = round(best_score, 4)
        return best

    def attach(self, m: MentionRec, cid: str, s: float = 1.0) -> None:
        """Put a mention into a known cluster without scoring (reloading a stored merge)."""
        c = self.clusters.get(cid)
        if c is None:
            c = self.clusters[cid] = Cluster(cid, m.type)
        c.add(m)
        for key in self._keys(m):
            self.index[key].add(cid)
        self.of_event[m.event_id] = cid
        self.scores[m.event_id] = s

    def refresh(self, m: MentionRec) -> str | None:
        """Update a placed mention to its parties as stored now (the store re-pointed an
        actor id since it was placed: a surname joined, a user's merge), so that new reports
        find its merged event by the new id. Returns the merged event's id when something
        changed, else None; the grouping itself is not redone (``dateline merge`` does)."""
        cid = self.of_event.get(m.event_id)
        if cid is None:
            return None
        c = self.clusters[cid]
        old = next(x for x in c.members if x.event_id == m.event_id)
        if _party_ids(old) == _party_ids(m):
            return None
        c.replace(m)
        for key in self._keys(m):
            self.index[key].add(cid)
        return cid

    def add_all(self, mentions: Iterable[MentionRec]) -> set[str]:
        """Place many mentions; returns the ids of the clusters touched."""
        return {self.add(m) for m in mentions}
