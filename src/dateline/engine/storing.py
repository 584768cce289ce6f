"""Storing pipeline results: each article once, each reject once, new articles merged.

Shared by every ingest engine (one process, worker processes, Dask) so that they all end with
the same database; it imports none of them. Each engine creates one
:class:`~dateline.merge.service.MergeState` per ingest (what merging keeps in memory between
groups) and passes it to every call here.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable

from ..pipeline import Result
from ..store import Store

if TYPE_CHECKING:
    from ..merge.service import MergeState

Echo = Callable[[str], None]


def record_reject(store: Store, origin: str, reason: str, detail: str = "") -> bool:
    """Record a rejected input once per (origin, reason); False when it was already there."""
    if store.has_reject(origin, reason):
        return False
    store.add_reject(origin, reason, detail)
    return True


def new_merge_state() -> "MergeState":
    """A fresh merge state for one ingest (see :class:`~dateline.merge.service.MergeState`)."""
    from ..merge.service import MergeState

    return MergeState()


def store_result(store: Store, res: Result, stats: Counter, reasons: list[tuple[str, str]],
                 echo_err: Echo | None = None, *, merge: "MergeState") -> None:
    """Write one pipeline result: the article (once), or its reject (once); count it."""
    store_results(store, [res], stats, reasons, echo_err, merge=merge)


def store_results(store: Store, results: list[Result], stats: Counter,
                  reasons: list[tuple[str, str]], echo_err: Echo | None = None, *,
                  merge: "MergeState") -> None:
    """Write pipeline results in order, as :func:`store_result` one by one would, but each run
    of new articles with their merging in one transaction and one INSERT per table
    (``add_documents`` + ``merge_articles``): DuckDB's cost is per statement and per commit,
    not per row, so storing a group of 8 costs about what one article did. ``merge`` is the
    ingest's merge state (the same object for every call of one ingest)."""
    group: list[Result] = []
    for res in results:
        stats["read"] += 1
        if res.ok and not res.skipped:
            group.append(res)
            continue
        _store_group(store, group, stats, echo_err, merge)  # keep the order around a duplicate
        group = []
        if res.skipped:
            stats["duplicate"] += 1
            if res.document is not None and res.document.article is not None:
                _finish_merge(store, res.document.article.id, merge)
                if echo_err is not None:
                    echo_err(f"duplicate {res.origin}: already stored as article "
                             f"{res.document.article.id}")
            continue
        stats["skipped"] += 1
        reasons.append((res.origin, res.reason))
        reason = getattr(res.error, "reason", "stage-error")
        record_reject(store, res.origin, reason, res.reason)
    _store_group(store, group, stats, echo_err, merge)


def _store_group(store: Store, group: list[Result], stats: Counter,
                 echo_err: Echo | None, merge: "MergeState") -> None:
    """Store finished documents and merge the new ones in one transaction; a document whose
    article is already stored counts as a duplicate."""
    if not group:
        return
    docs = [res.document for res in group]
    with store.transaction():
        flags = store.add_documents(docs)
        _merge(store, [d for d, new in zip(docs, flags) if new], merge)
    for res, new in zip(group, flags):
        art = res.document.article
        if new:
            stats["stored"] += 1
            stats["events"] += len(res.document.events)
            continue
        stats["duplicate"] += 1
        _finish_merge(store, art.id, merge)
        if echo_err is not None:
            echo_err(f"duplicate {res.origin}: already stored as article {art.id}")


def _merge(store: Store, docs: list, merge: "MergeState") -> None:
    """Near-duplicate check, and reports of one happening across articles -> one merged event
    (incremental: only the merged events these articles touch are rewritten)."""
    if not docs:
        return
    from ..merge.service import merge_articles

    merge_articles(store, [d.article.id for d in docs],
                   bodies={d.article.id: d.article.body for d in docs}, state=merge)


def _finish_merge(store: Store, article_id: str, merge: "MergeState") -> None:
    """A duplicate may be an article a killed ingest stored but did not merge: merge it now
    (a rerun then ends with the database an uninterrupted run makes)."""
    from ..merge.service import finish_merge

    finish_merge(store, article_id, state=merge)
