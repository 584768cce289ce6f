"""Merging against the database: incremental after each stored article, or a full rebuild.

``merge_article(store, article_id)`` is what the ingest command calls after ``add_document``:
it signs the article (MinHash), flags it as a near-duplicate of an earlier article when LSH
finds one, then places its events into the existing merged events (or opens new ones) and
writes only the merged events it touched. The first call with a :class:`MergeState` loads the
existing merged events and signatures once (:class:`Merger`, kept in that state, which the
ingest engine creates and passes in); nothing is re-merged. ``rebuild(store)`` re-merges everything from the stored events (``dateline merge``).
After merging, the article also joins a stored story or starts one (:mod:`.story_db`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ..store import Store

from .dedup import DuplicateIndex, from_bytes, signature
from .engine import THRESHOLD, MentionRec, MergeIndex

if TYPE_CHECKING:
    from .story_db import StoryUpdater


def outlet(source: str | None, url: str | None) -> str | None:
    """The outlet of an article: its source name, else its URL's host without ``www.``."""
    if source and source.strip():
        return source.strip().lower()
    if url:
        host = urlparse(url).hostname or ""
        return host[4:] if host.startswith("www.") else host or None
    return None


def mention_from_row(r: dict[str, Any]) -> MentionRec:
    """A :class:`MentionRec` from a ``store.merge_inputs()`` row."""
    return MentionRec(
        event_id=r["id"], article_id=r["article_id"], type=r["event"], actors=r["actor"],
        recipients=r["recipient"], mode=r["mode"], modality=r["modality"] or "asserted",
        date=r["date"], date_end=r["date_end"], date_text=r["date_text"], place=r["place"],
        lat=r["lat"], lon=r["lon"], country=r["country"], resolution=r["resolution"],
        confidence=r["confidence"] if r["confidence"] is not None else 0.5,
        source=outlet(r["source"], r["url"]), published=r["published"],
        duplicate=r["duplicate_of"] is not None, evidence=r["evidence"])


class Merger:
    """The in-memory state of merging for one database (index of merged events + LSH)."""

    def __init__(self, store: Store, threshold: float = THRESHOLD, dedup: bool = True) -> None:
        self.store = store
        self.index = MergeIndex(threshold)
        self.dups: DuplicateIndex | None = None
        if dedup:
            try:
                self.dups = DuplicateIndex()
            except ImportError:  # datasketch missing: merge without near-duplicate flags
                self.dups = None
        self._load()

    def _load(self) -> None:
        """Existing merged events and signatures, as stored (no re-merging)."""
        for r in self.store.merge_inputs(linked_only=True):
            self.index.attach(mention_from_row(r), r["merged_event_id"], r["score"] or 0.0)
        if self.dups is not None:
            for aid, sig, dup in self.store.minhash_signatures():
                self.dups.add(aid, from_bytes(sig), dup)

    def dedup(self, article_id: str, write: bool = True, body: str | None = None
              ) -> tuple[str, bytes, str | None, float | None] | None:
        """Sign an article and flag it when it copies an earlier one.

        Returns the (id, signature, duplicate_of, similarity) row, written to the store unless
        ``write`` is False (a rebuild writes them all at once)."""
        if self.dups is None or article_id in self.dups.sigs:
            return None
        if body is None:
            body = self.store.article_body(article_id)
        if body is None:
            return None
        sig = signature(body)
        dup, sim = self.dups.check(sig)
        self.dups.add(article_id, sig, dup)
        row = (article_id, sig.tobytes(), dup, sim if dup else None)
        if write:
            self.store.set_minhash([row])
        return row

    def merge_article(self, article_id: str) -> list[str]:
        """Dedup one stored article and merge its events; returns the merged event ids touched."""
        return self.merge_articles([article_id])

    def merge_articles(self, article_ids: list[str],
                       bodies: dict[str, str] | None = None) -> list[str]:
        """:meth:`merge_article` for several stored articles, in their order, with one read
        and one write per table for them all (the result is the same as one by one: an
        article's near-duplicate flag is written before its events are read, and a merged
        event is written as it stands after the last of them). ``bodies`` saves reading
        them back. Returns the merged event ids touched."""
        bodies = bodies or {}
        signed = [self.dedup(aid, write=False, body=bodies.get(aid)) for aid in article_ids]
        self.store.set_minhash([r for r in signed if r is not None])
        by_article: dict[str, list[dict[str, Any]]] = {}
        for r in self.store.merge_inputs(list(article_ids)):
            if r["merged_event_id"] is None:
                by_article.setdefault(r["article_id"], []).append(r)
        touched = self._refresh(by_article)
        event_ids: list[str] = []
        for aid in dict.fromkeys(article_ids):
            for r in by_article.get(aid, []):
                touched.add(self.index.add(mention_from_row(r)))
                event_ids.append(r["id"])
        self._save(touched, event_ids)
        return sorted(touched)

    def _refresh(self, by_article: dict[str, list[dict[str, Any]]]) -> set[str]:
        """Bring the placed reports with a party joined to an actor id of these new ones up
        to their stored parties (storing the new articles may have re-pointed earlier parties
        to that id: a surname joined to its full name; so may a user's merge since the merger
        was loaded), so that the new reports find their merged events; returns the merged
        events changed (written again, with the new ids). Parties re-pointed back to their own
        id, and the grouping of reports already placed, wait for ``dateline merge``."""
        ids = {a["id"] for rows in by_article.values() for r in rows
               for a in r["actor"] + r["recipient"] if a.get("id")}
        if not ids or not self.index.clusters:
            return set()
        changed = (self.index.refresh(mention_from_row(r))
                   for r in self.store.merge_inputs(linked_only=True, joined_to=sorted(ids)))
        return {cid for cid in changed if cid}

    def _save(self, touched: set[str], event_ids: list[str], replace_all: bool = False) -> None:
        merged = [self.index.clusters[c].resolve() for c in sorted(touched)]
        links = [(self.index.of_event[e], e, self.index.scores[e]) for e in event_ids]
        self.store.save_merged(merged, links, replace_all=replace_all)


class MergeState:
    """The in-memory state of merging into one database: the index of merged events and the
    near-duplicate LSH (:class:`Merger`) and the story updater
    (:class:`~dateline.merge.story_db.StoryUpdater`).

    The ingest engine creates one, passes it to every call that merges and drops it at the
    end; nothing is kept on the store. Each part is built from the database on first use (or
    the merger by :meth:`warm`), and both are forgotten when a transaction they described is
    rolled back. A state serves one database."""

    def __init__(self) -> None:
        self.merger: Merger | None = None
        self.stories: StoryUpdater | None = None

    def merger_for(self, store: Store) -> Merger:
        """The merger, loaded from ``store`` on first use."""
        if self.merger is None:
            self.merger = Merger(store)
        return self.merger

    def stories_for(self, store: Store) -> "StoryUpdater":
        """The story updater, made on first use."""
        if self.stories is None:
            from .story_db import StoryUpdater

            self.stories = StoryUpdater(store)
        return self.stories

    def warm(self, store: Store) -> None:
        """Load the merger now (``open_store(warm=[state.warm])``: on a read-only snapshot,
        before the first write session, so that it holds no reader up)."""
        self.merger = Merger(store)

    def forget(self) -> None:
        """Drop what is loaded (rebuilt from the database on next use)."""
        self.merger = None
        self.stories = None


def merge_article(store: Store, article_id: str, stories: bool = True,
                  state: MergeState | None = None) -> list[str]:
    """Merge one just-stored article into the database's merged events (incremental) and,
    with ``stories`` (schema 3), place it into the stored stories
    (:func:`dateline.merge.story_db.update_stories`: the articles of its date window only).
    ``state`` carries what is loaded from one call to the next (a fresh one when None)."""
    return merge_articles(store, [article_id], stories=stories, state=state)


def merge_articles(store: Store, article_ids: list[str], stories: bool = True,
                   bodies: dict[str, str] | None = None,
                   state: MergeState | None = None) -> list[str]:
    """:func:`merge_article` for several just-stored articles, in order: the same result,
    with fewer statements (:meth:`Merger.merge_articles`), in one transaction (the ingest
    stores a group of articles and merges them at once)."""
    if state is None:
        state = MergeState()
    merger = state.merger_for(store)
    with store.transaction():
        store.on_rollback(state.forget)  # the in-memory indexes would describe lost writes
        touched = merger.merge_articles(article_ids, bodies)
        if stories:
            from .story_db import update_stories

            for k, aid in enumerate(article_ids):
                update_stories(store, aid, later=article_ids[k + 1:], state=state)
    return touched


def finish_merge(store: Store, article_id: str, state: MergeState | None = None) -> bool:
    """Merge an already stored article if a killed ingest stored it but did not merge it.

    ``add_document`` and the merging of the article are separate transactions, so a
    ``kill -9`` between them leaves the article stored with its events unlinked (or unsigned, or
    without its story); a rerun meets it as a duplicate and calls this, in input order, so the
    database ends as an uninterrupted run's. One query when there is nothing to do. True when
    something was merged."""
    if state is None:
        state = MergeState()
    unlinked, signed, has_story = store.merge_status(article_id)
    if not signed:  # unsigned is normal only when near-duplicate detection is unavailable
        signed = state.merger_for(store).dups is None
    if signed and has_story and not unlinked:
        return False
    merge_article(store, article_id, state=state)
    return True


def rebuild(store: Store, threshold: float = THRESHOLD, dedup: bool = True,
            state: MergeState | None = None) -> dict[str, int]:
    """Re-merge every stored event from scratch (near-duplicate flags recomputed too); the
    new merger goes into ``state`` when one is given."""
    store.save_merged([], [], replace_all=True)
    if dedup:
        store.clear_minhash()
    merger = Merger(store, threshold=threshold, dedup=dedup)
    if dedup:
        signed = [merger.dedup(aid, write=False, body=body or "")
                  for aid, body in store.article_bodies()]
        store.set_minhash([r for r in signed if r is not None])
    rows = store.merge_inputs()
    touched = {merger.index.add(mention_from_row(r)) for r in rows}
    merger._save(touched, [r["id"] for r in rows], replace_all=True)
    if state is not None:
        state.merger = merger
    return {"mentions": len(rows), "merged_events": len(merger.index.clusters),
            "duplicates": sum(1 for a, r in (merger.dups.roots.items() if merger.dups else [])
                              if a != r)}
