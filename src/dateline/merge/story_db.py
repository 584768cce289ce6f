"""Stored stories (schema 3): save a clustering, keep it current as articles arrive, read it.

Tables (migration 3 in :mod:`dateline.store`): ``stories (id, headline, headline_article,
first_seen, last_seen, num_articles, num_outlets, outlets, method, updated_at)`` and
``story_articles (story_id, article_id, similarity)``: every stored article belongs to at most
one story (singletons included, so that a later article can join them); ``similarity`` is the
article's best cosine to another member (NULL for a story's only article).

- :func:`rebuild_stories` (``dateline stories --save``) clusters every article
  (:mod:`dateline.merge.stories`, TF-IDF or embeddings) and replaces the tables.
- :func:`update_stories` (called by :func:`dateline.merge.service.merge_article` after each
  stored article) places one new article without recomputing the corpus: it compares the
  article with the articles published within the window of its date only (TF-IDF with the idf
  of that window, from token counts cached per process), joins the story of the most similar
  one at or above the threshold (a wire copy joins its original's story), or starts a story
  (with that article, when it had none yet). Only the touched story is rewritten.
- :func:`list_stories`, :func:`get_story`, :func:`related_articles` read them (CLI and API).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, OrderedDict
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..store import Store
from ..store.story_tables import (ARTICLE_FIELDS, SORTS, STORY_COLUMNS,  # noqa: F401 (re-exported)
                                  get_story, has_stories, list_stories, outlet_of,
                                  resolve_article, schema_version, story_of)
from .stories import (DEFAULT_PARAGRAPHS, DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS,
                      METHOD_THRESHOLDS, Embed, Story, StoryIndex, _day, doc_freq, sparse_dot,
                      story_text, tfidf_rows, tokens)

if TYPE_CHECKING:
    from .service import MergeState


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def story_id(article_ids: Iterable[str]) -> str:
    """``s_`` + 12 hex digits of SHA-1 over the sorted member ids (as in ``stories.py``)."""
    return "s_" + hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:12]


def _in_window(published: Any, day: Any, window_days: int) -> bool:
    """True when ``published`` is within ``window_days`` of ``day`` (or either is undated)."""
    other = _day(published)
    return day is None or other is None or abs((other - day).days) <= window_days


# -- writing ------------------------------------------------------------------------------
def _story_row(members: list[dict[str, Any]], sid: str, headline_id: str, method: str
               ) -> list[Any]:
    """The ``stories`` row of a story with the given member article rows."""
    days = sorted(str(d) for d in (_day(m.get("published")) for m in members) if d)
    outlets = sorted({m["source"] for m in members if m.get("source")}, key=str.lower)
    distinct = {o.lower() for o in outlets}
    head = next((m for m in members if m["id"] == headline_id), members[0])
    return [sid, head.get("title") or head["id"], head["id"], days[0] if days else None,
            days[-1] if days else None, len(members), len(distinct),
            json.dumps(outlets, ensure_ascii=False), method, _now()]


def save_stories(store: Store, stories: list[Story], index: StoryIndex, method: str,
                 window_days: int = DEFAULT_WINDOW_DAYS) -> None:
    """Replace the stored stories with ``stories`` (built from ``index``), in one transaction."""
    by_id = {a["id"]: dict(a, source=outlet_of(a.get("source"), a.get("url")))
             for a in index.articles}
    story_rows, member_rows = [], []
    for s in stories:
        members = [by_id[a] for a in s.article_ids]
        story_rows.append(_story_row(members, s.id, s.headline_id or s.article_ids[0], method))
        for aid, sim in index.links(s, window_days).items():
            member_rows.append([s.id, aid, sim])
    store.replace_stories(story_rows, member_rows)


def rebuild_stories(store: Store, method: str = "tfidf", threshold: float | None = None,
                    window_days: int = DEFAULT_WINDOW_DAYS, embed: Embed | None = None,
                    state: "MergeState | None" = None) -> dict[str, Any]:
    """Cluster every stored article and store the stories (``dateline stories --save``);
    the story updater of ``state``, if given, is dropped (its cached state is stale now)."""
    from .stories import store_articles

    if threshold is None:
        threshold = METHOD_THRESHOLDS[method]
    index = StoryIndex(store_articles(store), embed=embed)
    found = index.clusters(threshold, window_days)
    save_stories(store, found, index, method, window_days)
    if state is not None:
        state.stories = None
    return {"articles": len(index.ids), "stories": len(found),
            "multi": sum(1 for s in found if s.size >= 2),
            "in_multi": sum(s.size for s in found if s.size >= 2)}


class StoryUpdater:
    """Places newly stored articles into the stored stories (see the module docstring).

    Token counts of the articles it has read are kept (least recently used first out, up to
    ``cache_size``), so the window's articles are tokenised once per process, not per call.

    The idf is taken over a background set, not the window alone: the ``idf_sample`` most
    recently stored articles (read once, on the first call), every window article met since
    and every new article. A window of a handful of articles gives a nearly flat idf, in which
    an article's own rare words outweigh the story's shared ones (measured on
    tests/merge_corpus: window-only idf split 3 of 8 stories, B-cubed F1 0.93; see docs)."""

    def __init__(self, store: Store, threshold: float = DEFAULT_THRESHOLD,
                 window_days: int = DEFAULT_WINDOW_DAYS, paragraphs: int = DEFAULT_PARAGRAPHS,
                 cache_size: int = 50_000, idf_sample: int = 1000) -> None:
        self.store = store
        self.threshold = threshold
        self.window_days = window_days
        self.paragraphs = paragraphs
        self.cache_size = cache_size
        self.idf_sample = idf_sample
        self._tokens: OrderedDict[str, Counter[str]] = OrderedDict()
        self._df: Counter[str] = Counter()
        self._df_ids: set[str] | None = None  # None: background not read yet
        # stored articles not to be seen yet: those after the current one in a group stored
        # at once (placed one by one, each as if the later ones had not arrived)
        self._later: list[str] = []

    def _idf_background(self, rows: list[dict[str, Any]], docs: list[Counter[str]]) -> None:
        """Add ``rows`` (with their token counts) to the idf background, once each; the
        first call reads the ``idf_sample`` most recently stored articles first."""
        if self._df_ids is None:
            self._df_ids = set()
            sample = self.store.recent_article_texts(self.idf_sample, self._later)
            self._idf_background(sample, self._counts(sample))
        for r, d in zip(rows, docs):
            if r["id"] not in self._df_ids:
                self._df_ids.add(r["id"])
                self._df.update(d.keys())

    def _counts(self, rows: list[dict[str, Any]]) -> list[Counter[str]]:
        """Token counts of article rows (cached by id; rows need ``body`` only when uncached)."""
        out = []
        for r in rows:
            c = self._tokens.get(r["id"])
            if c is None:
                c = Counter(tokens(story_text(r, self.paragraphs)))
                self._tokens[r["id"]] = c
            else:
                self._tokens.move_to_end(r["id"])
            out.append(c)
        # evicted only after the loop, so that no row of this call loses its counts mid-way
        while len(self._tokens) > max(self.cache_size, len(rows)):
            self._tokens.popitem(last=False)
        return out

    def _window(self, art: dict[str, Any]) -> list[dict[str, Any]]:
        """The other articles published within the window of ``art`` (all if it is undated;
        undated ones always), with bodies read only for articles not yet tokenised."""
        day = _day(art.get("published"))
        between = None
        if day is not None:
            between = ((day - timedelta(days=self.window_days)).isoformat(),
                       (day + timedelta(days=self.window_days)).isoformat())
        heads = self.store.articles_near(art["id"], between, self._later, "id, published")
        heads = [h for h in heads if _in_window(h["published"], day, self.window_days)]
        missing = [h["id"] for h in heads if h["id"] not in self._tokens]
        bodies: dict[str, dict[str, Any]] = {}
        if missing:
            for r in self.store.article_texts(missing):
                bodies[r["id"]] = r
        return [dict(h, **bodies.get(h["id"], {})) for h in heads]

    def add_article(self, article_id: str) -> str | None:
        """Put one stored article into a story; returns the story id (None if not stored)."""
        placed = self.store.placed_story(article_id)
        if placed:
            return placed
        rows = self.store.story_articles_by_id([article_id])
        if not rows:
            return None
        art = rows[0]
        window = self._window(art)
        docs = self._counts(window + [art])
        self._idf_background(window + [art], docs)
        links: dict[str, float] = {}
        if window:
            vecs = tfidf_rows(docs, self._df, len(self._df_ids or ()))
            for r, v in zip(window, vecs[:-1]):
                sim = sparse_dot(vecs[-1], v)
                if sim >= self.threshold:
                    links[r["id"]] = round(sim, 4)
        dup = art.get("duplicate_of")
        if dup and self.store.has_article(dup):
            sim = self.store.minhash_similarity(article_id)
            links[dup] = max(links.get(dup, 0.0), sim if sim is not None else 1.0)
        return self._place(art, sorted(links.items(), key=lambda x: (-x[1], x[0])))

    def _place(self, art: dict[str, Any], links: list[tuple[str, float]]) -> str:
        """Write the article into the story of its best link, or a new story.

        Single link, as in a rebuild: every linked article that had no story joins too, and
        other stories the article links to are merged into that one (it bridges them)."""
        found = self.store.story_memberships([a for a, _ in links])
        owner = {a: sid for a, sid, _ in found}
        methods = {sid: m for _, sid, m in found}
        target = next((owner[a] for a, _ in links if a in owner), None)
        loose = [(a, s) for a, s in links if a not in owner]
        merged = sorted({s for s in owner.values() if s != target})
        if target is None:
            target, method = story_id([art["id"]] + [a for a, _ in loose]), "tfidf"
        else:
            method = methods.get(target) or "tfidf"
        best = links[0][1] if links else None
        rows = [[target, art["id"], best]] + [[target, a, s] for a, s in loose]
        with self.store.transaction():
            # a member's best link may be this new one
            self.store.join_story(target, merged, [(a, s) for a, s in links if a in owner], rows)
            members = self.store.story_articles_by_id(self.store.story_members(target),
                                                      by_date=True)
            self.store.put_story(_story_row(members, target, self._headline(members), method))
        return target

    def _headline(self, members: list[dict[str, Any]]) -> str:
        """Id of the member closest to the members' TF-IDF centroid (idf over the members
        only: a story has few members, so this stays cheap; ties go to the earliest)."""
        if len(members) == 1:
            return members[0]["id"]
        docs = self._counts(members)
        vecs = tfidf_rows(docs, doc_freq(docs), len(docs))
        centroid: Counter[str] = Counter()
        for v in vecs:
            centroid.update(v)
        scores = [sparse_dot(v, centroid) for v in vecs]
        return members[max(range(len(members)), key=lambda i: (scores[i], -i))]["id"]


def update_stories(store: Store, article_id: str, later: Sequence[str] = (),
                   state: "MergeState | None" = None) -> str | None:
    """Place one just-stored article into the stored stories (incremental; schema 3 only).

    ``later``: articles stored with it but to be placed after it (not seen by this one, so a
    group stored at once ends as if stored one by one). ``state`` keeps the updater (token
    counts, idf background) from one call to the next; a fresh one when None."""
    if getattr(store, "version", 0) < 3:
        return None
    if state is None:
        updater = StoryUpdater(store)
    else:
        updater = state.stories_for(store)
    updater._later = list(later)
    try:
        return updater.add_article(article_id)
    finally:
        updater._later = []


# -- reading (list_stories, get_story, story_of: dateline.store.story_tables) ------------
def related_articles(store: Store, article_id: str, k: int = 5,
                     window_days: int = DEFAULT_WINDOW_DAYS, min_similarity: float = 0.1,
                     embed: Embed | None = None) -> dict[str, Any] | None:
    """The ``k`` articles most similar to one article among those published within
    ``window_days`` of it (undated ones included; all articles when it is undated), with their
    cosines (TF-IDF with the idf of that set, or ``embed``), at least ``min_similarity``, and
    whether each shares its stored story. None when the article is not stored."""
    aid = store.resolve_article(article_id)
    if aid is None:
        return None
    me = store.story_articles_by_id([aid])[0]
    day = _day(me.get("published"))
    between = None
    if day is not None:
        between = ((day - timedelta(days=window_days)).isoformat(),
                   (day + timedelta(days=window_days)).isoformat())
    others = [a for a in store.articles_near(aid, between)
              if _in_window(a.get("published"), day, window_days)]
    sid = store.story_of(aid)
    mates = set(store.story_members(sid)) if sid is not None else set()
    items = []
    if others:
        index = StoryIndex([me] + others, embed=embed)
        for oid, sim in index.related(aid, k=len(others)):
            if sim < min_similarity or len(items) >= k:
                break
            a = others[index.pos[oid] - 1]
            items.append({"id": oid, "title": a.get("title"), "published": a.get("published"),
                          "source": a.get("source"), "url": a.get("url"), "similarity": sim,
                          "same_story": oid in mates})
    return {"article_id": aid, "title": me.get("title"), "published": me.get("published"),
            "story_id": sid, "method": "tfidf" if embed is None else "embeddings",
            "window_days": window_days, "items": items}
