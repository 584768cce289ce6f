"""The single-machine ingest loop: batched pipeline, one writer, resumable.

Resumability comes from three facts, each checked by ``tests/golden/test_resume.py``:

* each article is stored with its mentions and events, and merged, in one DuckDB transaction
  (a group of articles at a time: :func:`store_results`), so a process killed with ``kill -9``
  leaves either the whole group or nothing of it (DuckDB replays its WAL on the next open and
  drops an uncommitted transaction);
* the article id is a content hash, so rerunning with the same arguments finds the articles
  already stored (``skip=store.has_article``: not even parsed again) and stores the rest;
* a reject (an input that could not be ingested) already recorded for the same origin and
  reason is not recorded again (:func:`~dateline.engine.storing.record_reject`).
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import InputError
from ..model import RawInput
from ..pipeline import Pipeline, Result
from ..store import Store

from .storing import Echo, new_merge_state, store_results

if TYPE_CHECKING:
    from ..merge.service import MergeState

#: results stored together (one transaction, one INSERT per table) when they are ready at once
GROUP = 8


def ingest_local(pipe: Pipeline, inputs: Iterable[RawInput | InputError], store: Store,
                 batch_size: int = 32, echo_err: Echo | None = None,
                 progress: Callable[[], None] | None = None,
                 writer_thread: bool = True, on_result: Callable[[Result], None] | None = None,
                 processes: int | None = None, merge: "MergeState | None" = None
                 ) -> tuple[Counter, list[tuple[str, str]]]:
    """Run ``pipe`` over ``inputs`` in batches and store each result as it comes (in order).

    Articles already in ``store`` are recognised after cleaning and not parsed again. With
    ``writer_thread`` (and a DuckDB store) the database writes run in a second thread, in input
    order, while the next articles are parsed: DuckDB does its work without the GIL, so on a
    multi-core machine storing overlaps parsing instead of adding to it. The skip check then
    reads through its own cursor; an article repeated within the in-flight window is parsed
    twice but still stored once (``add_document`` checks inside the writer). ``on_result`` sees
    every result in the caller's thread (a benchmark counts words with it).

    ``processes`` > 1 (default: the nlp stage's ``n_process``) runs every stage in that many
    worker processes and only stores here (:mod:`dateline.engine.procs`).

    ``merge`` is what merging keeps in memory during the ingest; a new one when None (the
    caller passes its own when it loaded it already: ``open_store(warm=[merge.warm])``).
    """
    if merge is None:
        merge = new_merge_state()
    if processes is None and "nlp" in pipe.config.stages:
        processes = int(pipe.config.stage_options("nlp").get("n_process", 1) or 1)
    if processes is not None and processes > 1:
        from .procs import ingest_processes

        return ingest_processes(pipe, inputs, store, processes=processes, batch_size=batch_size,
                                echo_err=echo_err, progress=progress, on_result=on_result,
                                merge=merge)
    stats: Counter[str] = Counter()
    reasons: list[tuple[str, str]] = []
    # a store in session mode (store.py) opens the file per write session and knows its ids
    sessions = store.sessions
    if not writer_thread:
        group: list[Result] = []
        for res in pipe.run(inputs, batch_size=batch_size, skip=store.has_article):
            if on_result is not None:
                on_result(res)
            group.append(res)
            if len(group) >= GROUP:
                store_results(store, group, stats, reasons, echo_err, merge=merge)
                group = []
                if sessions:
                    store.yield_to_readers()
            if progress is not None:
                progress()
        store_results(store, group, stats, reasons, echo_err, merge=merge)
        if sessions:
            store.yield_to_readers()
        return stats, reasons

    todo: queue.Queue = queue.Queue(maxsize=max(8, 2 * batch_size))
    failure: list[BaseException] = []

    def write() -> None:
        while True:
            try:
                res = todo.get(timeout=store.linger if sessions else None)
            except queue.Empty:  # nothing to write for a while: end the session, readers go
                res = "idle"
            if failure:
                if res is None:
                    return
                continue  # drain after an error; the main thread reports it
            group, last = [], False
            # what is queued already goes in the same group (one transaction)
            while isinstance(res, Result):
                group.append(res)
                if len(group) >= GROUP:
                    break
                try:
                    res = todo.get_nowait()
                except queue.Empty:
                    break
            else:
                last = res is None
            try:
                if group:
                    store_results(store, group, stats, reasons, echo_err, merge=merge)
                    if sessions:
                        store.yield_to_readers(more_pending=True)  # ends one held too long
                elif res == "idle":
                    store.yield_to_readers()
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)
            if last:
                return

    writer = threading.Thread(target=write, name="dateline-writer", daemon=True)
    # the skip check reads apart from the writer thread (store.article_lookup)
    with store.article_lookup() as stored:
        writer.start()
        try:
            for res in pipe.run(inputs, batch_size=batch_size, skip=stored):
                if failure:
                    break
                if on_result is not None:
                    on_result(res)
                todo.put(res)
                if progress is not None:
                    progress()
        finally:
            todo.put(None)
            writer.join()
    if failure:
        raise failure[0]
    return stats, reasons
