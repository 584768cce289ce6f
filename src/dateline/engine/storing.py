"""Storing pipeline results: each article once, each reject once, new articles merged.

Shared by every ingest engine (one process, worker processes, Dask) so that they all end with
the same database; it imports none of them.
"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from typing import Any, Callable

from ..pipeline import Result

Echo = Callable[[str], None]


def record_reject(store: Any, origin: str, reason: str, detail: str = "") -> bool:
    """Record a rejected input once per (origin, reason); False when it was already there."""
    has = getattr(store, "has_reject", None)
    if has is not None:
        seen = has(origin, reason)
    else:  # the DuckDB store: ask its rejects table directly
        seen = store.con.execute("SELECT 1 FROM rejects WHERE origin = ? AND reason = ? LIMIT 1",
                                 [origin, reason]).fetchone() is not None
    if seen:
        return False
    store.add_reject(origin, reason, detail)
    return True


def store_result(store: Any, res: Result, stats: Counter, reasons: list[tuple[str, str]],
                 echo_err: Echo | None = None) -> None:
    """Write one pipeline result: the article (once), or its reject (once); count it."""
    store_results(store, [res], stats, reasons, echo_err)


def store_results(store: Any, results: list[Result], stats: Counter,
                  reasons: list[tuple[str, str]], echo_err: Echo | None = None) -> None:
    """Write pipeline results in order, as :func:`store_result` one by one would, but each run
    of new articles with their merging in one transaction and one INSERT per table
    (``add_documents`` + ``merge_articles``): DuckDB's cost is per statement and per commit,
    not per row, so storing a group of 8 costs about what one article did."""
    group: list[Result] = []
    for res in results:
        stats["read"] += 1
        if res.ok and not res.skipped:
            group.append(res)
            continue
        _store_group(store, group, stats, echo_err)  # keep the order around a duplicate
        group = []
        if res.skipped:
            stats["duplicate"] += 1
            if res.document is not None and res.document.article is not None:
                _finish_merge(store, res.document.article.id)
                if echo_err is not None:
                    echo_err(f"duplicate {res.origin}: already stored as article "
                             f"{res.document.article.id}")
            continue
        stats["skipped"] += 1
        reasons.append((res.origin, res.reason))
        reason = getattr(res.error, "reason", "stage-error")
        record_reject(store, res.origin, reason, res.reason)
    _store_group(store, group, stats, echo_err)


def _store_group(store: Any, group: list[Result], stats: Counter,
                 echo_err: Echo | None) -> None:
    """Store finished documents and merge the new ones (one transaction when the store has
    them); a document whose article is already stored counts as a duplicate."""
    if not group:
        return
    docs = [res.document for res in group]
    many = getattr(store, "add_documents", None)
    if many is None:  # a store without the group form: one by one
        flags = []
        for doc in docs:
            flags.append(store.add_document(doc))
            if flags[-1]:
                _merge(store, [doc])
    else:
        transaction = getattr(store, "transaction", None)
        with transaction() if transaction is not None else nullcontext():
            flags = many(docs)
            _merge(store, [d for d, new in zip(docs, flags) if new])
    for res, new in zip(group, flags):
        art = res.document.article
        if new:
            stats["stored"] += 1
            stats["events"] += len(res.document.events)
            continue
        stats["duplicate"] += 1
        _finish_merge(store, art.id)
        if echo_err is not None:
            echo_err(f"duplicate {res.origin}: already stored as article {art.id}")


def _merge(store: Any, docs: list) -> None:
    """Near-duplicate check, and reports of one happening across articles -> one merged event
    (incremental: only the merged events these articles touch are rewritten)."""
    if not docs:
        return
    from ..merge.service import merge_articles

    merge_articles(store, [d.article.id for d in docs],
                   bodies={d.article.id: d.article.body for d in docs})


def _finish_merge(store: Any, article_id: str) -> None:
    """A duplicate may be an article a killed ingest stored but did not merge: merge it now
    (a rerun then ends with the database an uninterrupted run makes)."""
    if hasattr(store, "save_merged"):  # stores without merged events have nothing to finish
        from ..merge.service import finish_merge

        finish_merge(store, article_id)
