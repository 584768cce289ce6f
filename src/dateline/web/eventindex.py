"""An in-memory read index of the ``events`` table for ``GET /api/events``.

Why: answering one page of events through DuckDB costs 10-90 ms of CPU (an exact ``count(*)``,
a sort of every matching row for ``ORDER BY ... LIMIT/OFFSET``, materialising all 23 columns,
then decoding the JSON columns in Python and encoding them again). On a 2-core machine with 50
concurrent clients that is 25-80 requests/s and seconds of queueing. The events table only
changes when articles are ingested, so the server keeps a read-optimised copy instead:

* every event's JSON item, rendered once by DuckDB (``to_json``), in one bytes buffer;
* the filter columns as numpy arrays (type, mode, modality, the first and last day of each
  event's date interval, article id, place country, coordinates, confidence as codes or
  floats), the actor and recipient names, countries and sectors as maps (per side) from value
  to event positions, and the evidence sentences split at spaces: each word's events
  (a text without spaces lies inside one word) and each sentence as a sequence of word
  numbers (a text with spaces is found by position, without scanning the sentences);
* per sort key, DuckDB's own ranks of the values (``dense_rank``), so that an ordering is a
  stable ``numpy.lexsort`` computed on first use and kept.

A query is then a few vectorised comparisons, one gather and a slice, and the page is the
items' bytes joined: well under a millisecond for most filters. The semantics are those of
:class:`dateline.query.EventFilter` (whose SQL, :func:`dateline.query.events`, answers while the
index is being built and for databases above the size limit); the unit tests compare both on
every filter, and the CLI with them.

An index belongs to one database *stamp* (:meth:`Database.stamp`); :class:`EventIndexHolder`
rebuilds it in a background thread when the stamp changes and answers ``None`` meanwhile, so
requests fall back to SQL instead of waiting. Memory: about 1.3 KB per event, most of it the
items' JSON (the 100,000 synthetic events of bench/api_latency.py: 126 MB of index, 75 MB of it
JSON); building it takes ~2-5 s per 100,000 events in a background thread.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ..query import (EVENT_END_SQL, EVENT_SORTS, EVENT_START_SQL, IMPLAUSIBLE_SQL, TIE_BREAK,
                     EventFilter)
from ..store import EVENT_COLUMNS

log = logging.getLogger("dateline.web")

#: The index stores events in the tie-break order of every ordering (TIE_BREAK, see
#: :func:`dateline.query.order_by`), so a stable sort on the key alone reproduces it.

#: Default largest events table the server indexes in memory (above it: SQL every time);
#: at ~1.3 KB per event that bounds the index near 330 MB.
DEFAULT_MAX_EVENTS = 250_000

#: After a build that took t seconds, the next one starts no sooner than BUILD_BACKOFF * t
#: seconds later: during a long ingest (a new database state every few seconds) the server
#: spends at most about a fifth of its time building indexes, and answers by SQL meanwhile.
BUILD_BACKOFF = 4.0

#: Filter results kept per index (a paging client asks the same filter with other offsets).
RESULT_CACHE_SIZE = 32


def _rank(col: str) -> str:
    """SQL: DuckDB's dense rank of ``col`` (1 = smallest), 0 for NULL."""
    return (f'coalesce(CASE WHEN "{col}" IS NULL THEN NULL ELSE dense_rank() OVER '
            f'(ORDER BY "{col}") END, 0)')


def _dbl(expr: str) -> str:
    return f"coalesce(CAST({expr} AS DOUBLE), 'NaN'::DOUBLE)"


@dataclass
class _Coded:
    """A string column as DuckDB ranks: ``ranks[i]`` is 0 (NULL) or 1 + the position of the
    row's value in ``values`` (distinct values, in DuckDB's order)."""

    ranks: np.ndarray
    values: list[str]

    @classmethod
    def from_ranks(cls, ranks: np.ndarray, raw: np.ndarray) -> "_Coded":
        uniq, first = np.unique(ranks, return_index=True)
        values = [str(raw[i]) for r, i in zip(uniq, first) if r > 0]
        return cls(ranks.astype(np.int32), values)

    def equals(self, value: str) -> np.ndarray:
        i = bisect.bisect_left(self.values, value)
        if i < len(self.values) and self.values[i] == value:
            return self.ranks == i + 1
        return np.zeros(len(self.ranks), dtype=bool)


def _nullable(values: np.ndarray) -> list[Any]:
    """A fetched string column as a list with None for NULL (fetchnumpy masks NULLs)."""
    if isinstance(values, np.ma.MaskedArray):
        return [None if m else v for v, m in zip(values.data.tolist(),
                                                 np.ma.getmaskarray(values).tolist())]
    return values.tolist()


class EventIndex:
    """The events of one database state, ready to filter, sort and page (see module doc)."""

    def __init__(self, stamp: tuple[Any, ...], cols: dict[str, np.ndarray],
                 groups: dict[str, list[tuple[str, str, list[int]]]]) -> None:
        self.stamp = stamp
        items = cols["item"]
        self.n = len(items)
        self._offsets = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(cols["item_bytes"], out=self._offsets[1:])
        self._buffer = "".join(items.tolist()).encode("utf-8")
        if len(self._buffer) != self._offsets[-1]:
            raise ValueError("event items: byte lengths disagree")
        self._sort_ranks = {key: cols[f"r_{key}"].astype(np.int32) for key in EVENT_SORTS}
        self._implausible = np.asarray(cols["implausible"], dtype=bool)
        self._type = _Coded.from_ranks(cols["r_event"], cols["event"])
        self._mode = _Coded.from_ranks(cols["r_mode"], cols["mode"])
        self._modality = _Coded.from_ranks(cols["r_modality"], cols["modality"])
        self._start = _Coded.from_ranks(cols["r_start"], cols["ev_start"])
        self._end = _Coded.from_ranks(cols["r_end"], cols["ev_end"])
        self._article = _Coded.from_ranks(cols["r_article"], cols["article_id"])
        self._place_country = _Coded.from_ranks(cols["r_country"], cols["place_country"])
        self._lat = cols["lat"].astype(np.float64)
        self._lon = cols["lon"].astype(np.float64)
        self._confidence = cols["confidence"].astype(np.float64)
        self._evidence: list[str | None] = _nullable(cols["evidence_lower"])
        # the evidence split at spaces: word -> events containing it (postings in one array)
        self._words: list[str] = [str(w) for w in cols["word_tok"]]
        self._word_pos = cols["word_pos"].astype(np.int32)
        self._word_off = np.zeros(len(self._words) + 1, dtype=np.int64)
        np.cumsum(cols["word_n"], out=self._word_off[1:])
        # all sentences' word numbers in one array, each sentence followed by a separator
        # (number V, no word): sentence i's words start at _seq_off[i]; _occ lists the
        # places of each word (word w: _occ[_occ_off[w]:_occ_off[w + 1]])
        n_words = len(self._words)
        self._seq_off = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(cols["seq_len"].astype(np.int64) + 1, out=self._seq_off[1:])
        self._seq = np.full(int(self._seq_off[-1]) + 1, n_words, dtype=np.int32)
        self._seq[self._seq_off[cols["seq_pos"].astype(np.int64)]
                  + cols["seq_j"].astype(np.int64)] = cols["seq_w"]
        by_word = np.argsort(self._seq, kind="stable")
        counts = np.bincount(self._seq, minlength=n_words + 1)[:n_words]
        self._occ = by_word[:int(counts.sum())].astype(np.int64)
        self._occ_off = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(counts, out=self._occ_off[1:])
        # per side (actor, recipient): names and texts (lower-cased by DuckDB, as the SQL
        # filter does), countries, sectors and canonical actor ids -> positions of their events
        self._names, self._countries, self._sectors, self._ids = (
            _by_role(groups.get(g, [])) for g in ("names", "countries", "sectors", "ids"))
        self._orders: dict[tuple[str, bool], np.ndarray] = {}
        self._results: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- building ---------------------------------------------------------------------------
    @staticmethod
    def fetch(cur: Any
              ) -> tuple[dict[str, np.ndarray], dict[str, list[tuple[str, str, list[int]]]]]:
        """Everything an index needs, read through ``cur`` (a few narrow queries, no Python
        loops, so that the shared connection is held as briefly as possible)."""
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        ranks = ", ".join(f"{_rank(col)} AS r_{key}" for key, col in EVENT_SORTS.items())
        # three narrow queries: one with everything costs 4x (the window sorts then carry
        # every column)
        events = cur.execute(
            f"WITH x AS (SELECT *, {IMPLAUSIBLE_SQL} AS date_implausible FROM events), "
            f"j AS (SELECT *, CAST(to_json(struct_pack({cols}, date_implausible)) AS VARCHAR) "
            "AS item FROM x) SELECT item, strlen(item) AS item_bytes, event, mode, modality, "
            "date_implausible AS implausible, "
            f"{EVENT_START_SQL} AS ev_start, {EVENT_END_SQL} AS ev_end, article_id, "
            f"place_country, {_dbl('lat')} AS lat, {_dbl('lon')} AS lon, "
            f"{_dbl('confidence')} AS confidence, lower(evidence) AS evidence_lower "
            f"FROM j ORDER BY {TIE_BREAK}").fetchnumpy()
        sort_cols = ", ".join(f'"{c}"' for c in sorted(set(EVENT_SORTS.values())
                                                        | {"evidence_field", "evidence_start"}))
        events.update(cur.execute(
            f"WITH e AS (SELECT {sort_cols}, {EVENT_START_SQL} AS ev_start, {EVENT_END_SQL} "
            f"AS ev_end FROM events) SELECT {ranks}, {_rank('ev_start')} AS r_start, "
            f"{_rank('ev_end')} AS r_end FROM e ORDER BY {TIE_BREAK}").fetchnumpy())
        pos = (f"WITH p AS (SELECT id, row_number() OVER (ORDER BY {TIE_BREAK}) - 1 AS pos "
               "FROM events), a AS (SELECT p.pos, a.role, lower(a.name) AS name, "
               "lower(a.text) AS text, a.country, a.sector, a.actor_id FROM event_actors a "
               "JOIN p ON p.id = a.event_id) ")
        # positions are numbered over all events (a WHERE beside the window would renumber)
        words = (f"WITH p AS (SELECT row_number() OVER (ORDER BY {TIE_BREAK}) - 1 AS pos, "
                 "lower(evidence) AS ev FROM events), "
                 "t AS (SELECT DISTINCT pos, unnest(string_split(ev, ' ')) AS tok FROM p "
                 "WHERE ev IS NOT NULL) ")
        events["word_pos"] = cur.execute(
            f"{words}SELECT pos FROM t WHERE tok <> '' ORDER BY tok, pos").fetchnumpy()["pos"]
        vocab = cur.execute(f"{words}SELECT tok, count(*) AS n FROM t WHERE tok <> '' "
                            "GROUP BY tok ORDER BY tok").fetchnumpy()
        events["word_tok"], events["word_n"] = vocab["tok"], vocab["n"]
        # every sentence as a sequence of word numbers (for phrases); "" words are left out
        seq = (f"WITH p AS (SELECT row_number() OVER (ORDER BY {TIE_BREAK}) - 1 AS pos, "
               "string_split(lower(evidence), ' ') AS toks FROM events) ")
        events["seq_len"] = cur.execute(
            f"{seq}SELECT coalesce(len(toks), 0) AS n FROM p ORDER BY pos").fetchnumpy()["n"]
        found = cur.execute(
            f"{seq}, t AS (SELECT pos, unnest(toks) AS tok, unnest(range(len(toks))) AS j "
            "FROM p WHERE toks IS NOT NULL) SELECT pos, j, dense_rank() OVER (ORDER BY tok) - 1 "
            "AS w FROM t WHERE tok <> ''").fetchnumpy()
        events["seq_pos"], events["seq_j"], events["seq_w"] = found["pos"], found["j"], found["w"]
        groups = {
            "names": cur.execute(
                f"{pos}SELECT role, k, list(DISTINCT pos ORDER BY pos) FROM (SELECT role, "
                "name AS k, pos FROM a UNION ALL SELECT role, text, pos FROM a) "
                "WHERE k IS NOT NULL GROUP BY role, k").fetchall(),
            **{g: cur.execute(
                f"{pos}SELECT role, {col}, list(DISTINCT pos ORDER BY pos) FROM a "
                f"WHERE {col} IS NOT NULL GROUP BY role, {col}").fetchall()
               for g, col in (("countries", "country"), ("sectors", "sector"),
                              ("ids", "actor_id"))}}
        return events, groups

    @classmethod
    def build(cls, cur: Any, stamp: tuple[Any, ...]) -> "EventIndex":
        """Read the events table through ``cur`` (one consistent read) into a new index."""
        return cls.from_fetched(stamp, *cls.fetch(cur))

    @classmethod
    def from_fetched(cls, stamp: tuple[Any, ...], events: dict[str, np.ndarray],
                     groups: dict[str, list[tuple[str, str, list[int]]]]) -> "EventIndex":
        """The index of what :meth:`fetch` read."""
        index = cls(stamp, events, groups)
        for key in EVENT_SORTS:  # every ordering now, not in the first request that asks
            index.order(key)
            index.order("-" + key)
        return index

    # -- querying ---------------------------------------------------------------------------
    def _mask(self, flt: EventFilter) -> np.ndarray | None:
        """Which events match ``flt`` (None: all of them)."""
        mask: np.ndarray | None = None

        def both(m: np.ndarray) -> None:
            nonlocal mask
            mask = m if mask is None else (mask & m)

        for name, roles in (("actor", ("actor",)), ("recipient", ("recipient",)),
                            ("party", ("actor", "recipient"))):
            value = getattr(flt, name)
            if value:
                needle = value.lower()
                both(self._isin([p for r in roles for k, p in self._names[r].items()
                                 if needle in k] + [self._ids[r][value] for r in roles
                                                    if value in self._ids[r]]))
        if flt.country:
            m = self._place_country.equals(flt.country)
            for r in ("actor", "recipient"):
                hit = self._countries[r].get(flt.country)
                if hit is not None:
                    m[hit] = True
            both(m)
        for name, table, roles in (
                ("actor_country", self._countries, ("actor",)),
                ("recipient_country", self._countries, ("recipient",)),
                ("sector", self._sectors, ("actor", "recipient")),
                ("actor_sector", self._sectors, ("actor",)),
                ("recipient_sector", self._sectors, ("recipient",))):
            value = getattr(flt, name)
            if value:
                both(self._isin([table[r][value] for r in roles if value in table[r]]))
        for value, coded in ((flt.type, self._type), (flt.mode, self._mode),
                             (flt.modality, self._modality)):
            if value:
                both(coded.equals(value))
        if flt.since:  # the event's interval ends on or after the first day of `since`
            k = bisect.bisect_left(self._end.values, flt.date_from)
            both(self._end.ranks > k)
        if flt.until:  # ... and starts on or before the last day of `until`
            k = bisect.bisect_right(self._start.values, flt.date_to)
            both((self._start.ranks >= 1) & (self._start.ranks <= k))
        if flt.article:
            values = self._article.values
            lo = hi = bisect.bisect_left(values, flt.article)
            while hi < len(values) and values[hi].startswith(flt.article):
                hi += 1
            both((self._article.ranks > lo) & (self._article.ranks <= hi))
        if flt.min_confidence is not None:
            both(self._confidence >= flt.min_confidence)
        if flt.bbox is not None:
            minlon, minlat, maxlon, maxlat = flt.bbox
            m = (self._lat >= minlat) & (self._lat <= maxlat)
            if minlon <= maxlon:
                m &= (self._lon >= minlon) & (self._lon <= maxlon)
            else:  # across the antimeridian
                m &= (self._lon >= minlon) | (self._lon <= maxlon)
            both(m)
        if flt.q:
            both(self._text(flt.q.lower(), mask))
        return mask

    def _containing(self, piece: str, where: str = "in") -> np.ndarray:
        """Events whose evidence has a space-separated word that contains ``piece`` (``where``
        "in"), ends with it ("end"), starts with it ("start") or is it ("word")."""
        off, pos, words = self._word_off, self._word_pos, self._words
        if where == "word":
            i = bisect.bisect_left(words, piece)
            hit = [i] if i < len(words) and words[i] == piece else []
        elif where == "start":
            lo = hi = bisect.bisect_left(words, piece)
            while hi < len(words) and words[hi].startswith(piece):
                hi += 1
            hit = list(range(lo, hi))
        elif where == "end":
            hit = [i for i, w in enumerate(words) if w.endswith(piece)]
        else:
            hit = [i for i, w in enumerate(words) if piece in w]
        return self._isin([pos[off[i]:off[i + 1]] for i in hit])

    def _word_numbers(self, piece: str, where: str) -> list[int]:
        """Numbers of the words that end with / start with / are ``piece``."""
        words = self._words
        if where == "end":
            return [i for i, w in enumerate(words) if w.endswith(piece)]
        lo = hi = bisect.bisect_left(words, piece)
        if where == "word":
            return [lo] if lo < len(words) and words[lo] == piece else []
        while hi < len(words) and words[hi].startswith(piece):
            hi += 1
        return list(range(lo, hi))

    def _phrase(self, parts: list[str]) -> np.ndarray:
        """Events whose evidence contains the words ``parts`` joined by single spaces (each
        non-empty, at least two): at some place, a word ending with the first, words equal
        to the middle ones, a word starting with the last. Exact, with no sentence scan: the
        rarest part's occurrences are the anchors, the others are checked by position."""
        last = len(parts) - 1
        tables, numbers = [], []
        for i, piece in enumerate(parts):
            hit = self._word_numbers(piece, "end" if i == 0 else "start" if i == last
                                     else "word")
            if not hit:
                return np.zeros(self.n, dtype=bool)
            ok = np.zeros(len(self._words) + 1, dtype=bool)  # the separator is never ok
            ok[hit] = True
            tables.append(ok)
            numbers.append(np.asarray(hit, dtype=np.int64))
        sizes = [int((self._occ_off[h + 1] - self._occ_off[h]).sum()) for h in numbers]
        a = int(np.argmin(sizes))
        occ = np.concatenate([self._occ[self._occ_off[w]:self._occ_off[w + 1]]
                              for w in numbers[a].tolist()])
        start = occ - a
        start = start[start >= 0]
        end = len(self._seq) - 1  # the final separator
        for i, ok in enumerate(tables):
            if i != a:
                start = start[ok[self._seq[np.minimum(start + i, end)]]]
        m = np.zeros(self.n, dtype=bool)
        m[np.searchsorted(self._seq_off, start, side="right") - 1] = True
        return m

    def _text(self, needle: str, mask: np.ndarray | None) -> np.ndarray:
        """Events whose lower-cased evidence contains ``needle``. A needle without a space
        lies inside one word, so the matching words answer exactly; words separated by single
        spaces are matched by position (:meth:`_phrase`); otherwise (runs of spaces, a space
        at either end) the events having every piece are candidates, checked against the
        sentence."""
        if " " not in needle:
            return self._containing(needle)
        if "" not in needle.split(" "):
            return self._phrase(needle.split(" "))
        # "a b c": a ends a word, b is a word, c starts a word (each is next to a space)
        parts = needle.split(" ")
        found = np.ones(self.n, dtype=bool)
        for i, piece in enumerate(parts):
            if piece:
                found &= self._containing(
                    piece, "end" if i == 0 else "start" if i == len(parts) - 1 else "word")
        if mask is not None:
            found &= mask
        evidence = self._evidence
        hits = [i for i in np.flatnonzero(found).tolist()
                if evidence[i] is not None and needle in evidence[i]]  # type: ignore[operator]
        m = np.zeros(self.n, dtype=bool)
        m[hits] = True
        return m

    def _isin(self, groups: list[np.ndarray]) -> np.ndarray:
        m = np.zeros(self.n, dtype=bool)
        if groups:
            m[np.concatenate(groups)] = True
        return m

    def order(self, sort: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Event positions in the order of the (whitelisted) sort key, and each position's
        place in that order (its inverse); computed once per key."""
        key = (sort or "-date").strip()
        desc = key.startswith("-")
        key = key.lstrip("-+")
        if key not in EVENT_SORTS:
            raise ValueError(f"unknown sort key {key!r}")
        with self._lock:
            found = self._orders.get((key, desc))
        if found is not None:
            return found
        ranks = self._sort_ranks[key]
        # NULLS LAST, then the value (negated for DESC); lexsort is stable, and positions are
        # already in the tie-break order
        # (by date: implausible dates after the plausible ones, as query.order_by sorts)
        keys = (-ranks if desc else ranks,) + ((self._implausible,) if key == "date" else ())
        order = np.lexsort(keys + (ranks == 0,)).astype(np.int32)
        place = np.empty_like(order)
        place[order] = np.arange(self.n, dtype=np.int32)
        with self._lock:
            self._orders[(key, desc)] = (order, place)
        return order, place

    def matches(self, flt: EventFilter, sort: str | None) -> np.ndarray:
        """Positions of the events matching ``flt``, in ``sort`` order."""
        key = flt.key() + (sort,)
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
                return hit
        order, place = self.order(sort)
        mask = self._mask(flt)
        if mask is None:
            found = order
        else:
            hits = np.flatnonzero(mask)
            if len(hits) * 8 < self.n:  # few: sort them by their places
                found = order[np.sort(place[hits])]
            else:  # many: walk the whole order once
                found = order[mask[order]]
        with self._lock:
            self._results[key] = found
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return found

    def items(self, positions: np.ndarray) -> list[bytes]:
        """The JSON items of the events at ``positions``."""
        buf = self._buffer
        starts = self._offsets[positions].tolist()
        ends = self._offsets[positions + 1].tolist()
        return [buf[a:b] for a, b in zip(starts, ends)]

    def page_json(self, flt: EventFilter, sort: str | None, limit: int, offset: int) -> bytes:
        """The whole ``/api/events`` answer: ``{"total","limit","offset","items"}`` as JSON."""
        found = self.matches(flt, sort)
        page = self.items(found[offset:offset + limit])
        head = b'{"total":%d,"limit":%d,"offset":%d,"items":[' % (len(found), limit, offset)
        return head + b",".join(page) + b"]}"


def _by_role(found: list[tuple[str, str, list[int]]]) -> dict[str, dict[str, np.ndarray]]:
    """(role, value, positions) rows -> {role: {value: positions}} (both roles present)."""
    out: dict[str, dict[str, np.ndarray]] = {"actor": {}, "recipient": {}}
    for role, value, positions in found:
        out.setdefault(role, {})[value] = np.asarray(positions, dtype=np.int32)
    return out


class EventIndexHolder:
    """The current :class:`EventIndex` of a database, rebuilt in a background thread when the
    database's stamp changes. ``get`` never blocks on a build: it answers ``None`` while no
    index matches the current stamp, and callers then query DuckDB.

    The first state seen is indexed at once; after a change the holder waits until the stamp
    has stayed the same for ``settle`` seconds, so that a running ingest (a new stamp every
    second or so) is not followed by a rebuild per write, and builds are spaced out (see
    ``BUILD_BACKOFF``). A build reads with one query at a time and keeps its result only if
    the stamp did not change meanwhile. ``max_events`` bounds memory: a larger events table
    is never indexed."""

    def __init__(self, stamp: Callable[[], tuple[Any, ...]], reader: Callable[[], Any],
                 max_events: int = DEFAULT_MAX_EVENTS, settle: float = 1.0) -> None:
        self._stamp = stamp
        self._reader = reader
        self.max_events = max_events
        self.settle = settle
        self._index: EventIndex | None = None
        self._building = False
        self._skip: tuple[Any, ...] | None = None  # a stamp found too big or unreadable
        self._seen: tuple[tuple[Any, ...], float] | None = None  # first sight of a stamp
        self._next_build = 0.0  # no build before (monotonic clock): see BUILD_BACKOFF
        self._lock = threading.Lock()

    def get(self) -> EventIndex | None:
        """The index for the database as it is now, or None (a build may start)."""
        stamp = self._stamp()
        index = self._index
        if index is not None and index.stamp == stamp:
            return index
        now = time.monotonic()
        with self._lock:
            if self._building or self._skip == stamp or now < self._next_build:
                return None
            if self._seen is None or self._seen[0] != stamp:
                first = self._seen is None
                self._seen = (stamp, now)
                if not first:
                    return None
            elif now - self._seen[1] < self.settle:
                return None
            self._building = True
        threading.Thread(target=self._build, args=(stamp,), name="dateline-event-index",
                         daemon=True).start()
        return None

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until no build is running (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._building:
                    return True
            time.sleep(0.01)
        return False

    def build_now(self) -> EventIndex | None:
        """Build (or reuse) the index in this thread; None when it cannot be built."""
        stamp = self._stamp()
        index = self._index
        if index is not None and index.stamp == stamp:
            return index
        with self._lock:
            self._building = True
        self._build(stamp)
        index = self._index
        return index if index is not None and index.stamp == self._stamp() else None

    def _build(self, stamp: tuple[Any, ...]) -> None:
        started = time.monotonic()
        try:
            cur = _ReaderPerQuery(self._reader)
            n = cur.execute("SELECT count(*) FROM events").fetchone()[0]
            if n > self.max_events:
                self._skip, self._index = stamp, None
                return
            fetched = EventIndex.fetch(cur)  # type: ignore[arg-type]
            if self._stamp() != stamp:  # changed between the queries: not one state
                raise RuntimeError("the database changed while the index was read")
            index = EventIndex.from_fetched(stamp, *fetched)
            if self._stamp() == stamp:
                self._index = index
        except Exception:  # a busy or missing database: the SQL path reports it
            log.debug("event index not built", exc_info=True)
            with self._lock:
                self._seen = (stamp, time.monotonic())  # try again after `settle` s
        finally:
            with self._lock:
                self._building = False
                self._next_build = time.monotonic() + BUILD_BACKOFF * (
                    time.monotonic() - started)


class _ReaderPerQuery:
    """A cursor stand-in that takes the shared reader for each query only, so that a writer
    announcing itself (``dateline ingest``) waits for one query, not for a whole build."""

    def __init__(self, reader: Callable[[], Any]) -> None:
        self._reader = reader

    def execute(self, sql: str, params: Any = None) -> "_Deferred":
        return _Deferred(self._reader, sql, params)


class _Deferred:
    def __init__(self, reader: Callable[[], Any], sql: str, params: Any) -> None:
        self._reader, self._sql, self._params = reader, sql, params

    def _run(self, fetch: str) -> Any:
        with self._reader() as cur:
            result = cur.execute(self._sql, self._params) if self._params is not None \
                else cur.execute(self._sql)
            return getattr(result, fetch)()

    def fetchnumpy(self) -> Any:
        return self._run("fetchnumpy")

    def fetchall(self) -> Any:
        return self._run("fetchall")

    def fetchone(self) -> Any:
        return self._run("fetchone")
