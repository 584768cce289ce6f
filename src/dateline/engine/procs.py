"""Ingest with the whole per-document pipeline in worker processes; the main process only writes.

``dateline ingest --n-process N`` (N > 1) runs here. Before this engine, ``--n-process`` gave
spaCy's ``nlp.pipe`` N parsing processes while the main process cleaned every page, ran the
entity, date, place and event stages, unpickled every parsed ``Doc`` and wrote the database:
on two cores that main process was the bottleneck (spaCy alone 11 art/s, dateline 4 art/s).
Here each worker process runs every stage (clean, parse, entities, dates, places, events) on
chunks of raw inputs and sends back the finished documents without their parse (small); the
main process reads the inputs, hands out chunks and stores the results, in input order, through
the same :func:`~dateline.engine.storing.store_results` as the one-process path, so the output is
the same; each chunk's new articles are stored and merged in one transaction (all or none:
resumable, see ``engine/local.py``).

* **Workers** are forked (where the platform can) after the model is loaded, so they share its
  memory pages and start at once; elsewhere (``spawn``) each builds its own ``Pipeline`` from
  the config. Inside a worker spaCy parses in-process (``n_process`` 1).
* **Skip before parsing.** The ids stored before the run travel to the workers once, as a sorted
  array of 64-bit integers (an article id is 16 hex digits: 8 bytes per stored article, exact),
  so a rerun parses nothing already stored. An article repeated inside the run is parsed twice
  and stored once (``add_document`` checks again), as with the writer thread.
* **Bounded memory.** At most ``2 x processes`` chunks are in flight; the input is a stream.
* **Failure.** A stage error stays with its article (a recorded reject, as locally). A worker
  that dies (killed, out of memory) stops the ingest with a :class:`~dateline.errors.StageError`;
  rerunning continues where it stopped. Workers die with the main process (``kill -9`` of the
  ingest leaves no orphan holding the database's writer lock; Linux ``PR_SET_PDEATHSIG``, and a
  parent check between chunks elsewhere).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue
from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..config import PipelineConfig
from ..errors import DatelineError, InputError, StageError
from ..model import Article, Document, RawInput
from ..pipeline import Pipeline, Result
from ..store import Store

if TYPE_CHECKING:
    from ..merge.service import MergeState

Echo = Callable[[str], None]
Portable = tuple  # ("ok", Document) | ("skipped", origin, id) | ("error", origin, tag, text)


class RemoteError(DatelineError):
    """An error raised in a worker process, brought back as text with its reason tag
    (dateline's typed errors carry constructor arguments that do not pickle)."""

    def __init__(self, text: str, reason: str = "stage-error") -> None:
        super().__init__(text)
        self.reason = reason


def to_portable(res: Result) -> Portable:
    """A picklable form of one Result (the raw input is dropped: the article has the text)."""
    if res.skipped and res.document is not None and res.document.article is not None:
        return ("skipped", res.origin, res.document.article.id)
    if res.ok and res.document is not None:
        res.document.raw = None
        res.document.parsed.clear()
        return ("ok", res.document)
    return ("error", res.origin, getattr(res.error, "reason", "stage-error"), res.reason)


def from_portable(item: Portable) -> Result:
    """The Result that :func:`to_portable` gave ``item`` for."""
    if item[0] == "ok":
        return Result(item[1].origin, document=item[1])
    if item[0] == "skipped":
        art = Article(id=item[2], origin=item[1], body="")
        return Result(item[1], document=Document(article=art), skipped=True)
    return Result(item[1], error=RemoteError(item[3], item[2]))


class KnownIds:
    """Exact membership of article ids (16 hex digits) in 8 bytes each: a sorted uint64 array."""

    def __init__(self, ids: Iterable[str]) -> None:
        import numpy as np

        vals: list[int] = []
        self._other: frozenset[str] = frozenset()
        other: list[str] = []
        for i in ids:
            try:
                vals.append(int(i, 16)) if len(i) == 16 else other.append(i)
            except ValueError:
                other.append(i)
        self._arr = np.unique(np.array(vals, dtype=np.uint64))
        self._other = frozenset(other)  # ids of another shape (never made by dateline itself)

    def __len__(self) -> int:
        return int(self._arr.size) + len(self._other)

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        if len(article_id) != 16:
            return article_id in self._other
        try:
            v = int(article_id, 16)
        except ValueError:
            return article_id in self._other
        import numpy as np

        k = int(np.searchsorted(self._arr, np.uint64(v)))
        return k < self._arr.size and int(self._arr[k]) == v


def stored_ids(store: Store) -> KnownIds:
    """The ids of the articles ``store`` holds now."""
    return KnownIds(store.article_ids())


def worker_config(cfg: PipelineConfig) -> PipelineConfig:
    """``cfg`` for a worker process: spaCy parses in the worker itself (``n_process`` 1)."""
    options = {k: dict(v) for k, v in cfg.options.items()}
    options.setdefault("nlp", {})["n_process"] = 1
    return dataclasses.replace(cfg, options=options)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the main process dies (Linux ``prctl``).

    A forked worker shares the main process's open files, among them the writer lock of the
    database: a worker that outlived a ``kill -9`` of the ingest would keep the lock, and the
    rerun would be refused until it finished its chunk. Elsewhere the worker notices the
    missing parent between chunks (``_serve``)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _serve(pipe: Pipeline | None, cfg: PipelineConfig, known: KnownIds, batch_size: int,
           tasks: Any, results: Any, parent: int) -> None:
    """A worker's loop: take ``(seq, raws)`` chunks, send back ``(seq, portable results)``.

    Ends on ``None`` or when the main process is gone (its pid is no longer our parent)."""
    _die_with_parent(parent)
    if pipe is None:  # spawn: build our own (one model load per worker)
        pipe = Pipeline(cfg)
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if task is None or os.getppid() != parent:
            return
        seq, raws = task
        try:
            out = [to_portable(r) for r in pipe.run(raws, batch_size=batch_size,
                                                    skip=known.__contains__)]
        except BaseException as exc:  # a bug outside any stage: the main process reports it
            out = [("error", getattr(r, "origin", "?"), "stage-error",
                    f"worker: {type(exc).__name__}: {exc}") for r in raws]
        results.put((seq, out))


def _chunks(inputs: Iterable[RawInput | InputError], size: int
            ) -> Iterator[list[RawInput | InputError]]:
    chunk: list[RawInput | InputError] = []
    for raw in inputs:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_processes(pipe: Pipeline, inputs: Iterable[RawInput | InputError], store: Store,
                     processes: int = 2, batch_size: int = 32, chunk_size: int = 16,
                     echo_err: Echo | None = None, progress: Callable[[], None] | None = None,
                     on_result: Callable[[Result], None] | None = None,
                     start_method: str | None = None, merge: "MergeState | None" = None
                     ) -> tuple[Counter, list[tuple[str, str]]]:
    """Run ``pipe``'s stages over ``inputs`` in ``processes`` worker processes and store each
    result in input order from this process (see the module docstring).

    ``chunk_size`` raw inputs go to a worker at a time (they are parsed as one spaCy batch of at
    most ``batch_size`` texts). ``start_method`` is a multiprocessing start method; by default
    ``fork`` where available (workers share the loaded model), else ``spawn``. ``merge``: the
    ingest's merge state (a new one when None).
    """
    from .storing import new_merge_state, store_results

    if merge is None:
        merge = new_merge_state()
    stats: Counter[str] = Counter()
    reasons: list[tuple[str, str]] = []
    known = stored_ids(store)
    sessions = store.sessions
    if sessions:
        store.end_session()  # listing the ids opened a session: no file held by workers

    def consume(group: list[Result]) -> None:
        """Store one chunk's results, in order, as one group (see ``store_results``)."""
        if on_result is not None:
            for res in group:
                on_result(res)
        store_results(store, group, stats, reasons, echo_err, merge=merge)
        if sessions:
            store.yield_to_readers(more_pending=True)
        if progress is not None:
            for _ in group:
                progress()

    try:
        run_processes(pipe, inputs, consume, processes=processes, batch_size=batch_size,
                      chunk_size=chunk_size, start_method=start_method, known=known,
                      idle=store.yield_to_readers if sessions else None)
    finally:
        if sessions:
            store.yield_to_readers()
    return stats, reasons


def run_processes(pipe: Pipeline, inputs: Iterable[RawInput | InputError],
                  consume: Callable[[list[Result]], None], processes: int = 2,
                  batch_size: int = 32, chunk_size: int = 16, start_method: str | None = None,
                  known: KnownIds | None = None, idle: Callable[[], None] | None = None
                  ) -> None:
    """Run ``pipe``'s stages over ``inputs`` in ``processes`` worker processes and hand the
    results to ``consume``, a chunk at a time, in input order (``dateline ingest`` stores
    them, ``dateline extract`` prints them). Articles in ``known`` are skipped after cleaning;
    ``idle`` is called while waiting for the workers."""
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                              else "spawn")
    ctx = multiprocessing.get_context(method)
    wcfg = worker_config(pipe.config)
    # forked workers inherit a Pipeline sharing this one's Resources (the loaded model)
    wpipe = Pipeline(wcfg, pipe.resources) if method == "fork" else None
    if known is None:
        known = KnownIds([])
    tasks = ctx.Queue(maxsize=2 * processes)
    results = ctx.Queue()
    workers = [ctx.Process(target=_serve, name=f"dateline-worker-{k}", daemon=True,
                           args=(wpipe, wcfg, known, batch_size, tasks, results, os.getpid()))
               for k in range(processes)]
    for w in workers:
        w.start()
    done: dict[int, list[Portable]] = {}
    # per chunk in flight, its inputs in order: a reader's InputError (handed on from here;
    # typed errors do not pickle) or None for the next result the worker sends back
    layout: dict[int, list[InputError | None]] = {}
    sent = stored_upto = 0

    def handle(seq: int) -> None:
        """Hand one chunk's results, in order, to ``consume``."""
        out = iter(done.pop(seq, []))
        consume([Result(slot.origin, error=slot) if slot is not None
                 else from_portable(next(out)) for slot in layout.pop(seq)])

    def collect(timeout: float | None) -> None:
        """Take finished chunks off the result queue (waiting up to ``timeout`` for one)."""
        while True:
            try:
                seq, out = (results.get(timeout=timeout) if timeout is not None
                            else results.get_nowait())
            except queue.Empty:
                if timeout is not None:
                    if idle is not None:
                        idle()  # waiting: let readers in
                    dead = [w for w in workers if not w.is_alive()]
                    if dead:
                        raise StageError("engine:processes", dead[0].name,
                                         f"worker process exited with code {dead[0].exitcode}")
                return
            done[seq] = out
            timeout = None

    def drain(until: int) -> None:
        """Store finished chunks in input order, waiting for them while fewer than ``until``
        chunks are stored."""
        nonlocal stored_upto
        while stored_upto < sent:
            if stored_upto in done or all(s is not None for s in layout[stored_upto]):
                handle(stored_upto)
                stored_upto += 1
            elif stored_upto < until:
                collect(1.0)
            else:
                return

    try:
        for chunk in _chunks(inputs, chunk_size):
            layout[sent] = [r if isinstance(r, InputError) else None for r in chunk]
            raws = [r for r in chunk if isinstance(r, RawInput)]
            if raws:
                drain(sent - 2 * processes + 1)  # at most 2 x processes chunks in flight
                tasks.put((sent, raws))
            sent += 1
            collect(None)
            drain(0)
        drain(sent)
    finally:
        for _ in workers:
            try:
                tasks.put(None, timeout=1.0)
            except queue.Full:
                break
        for w in workers:
            w.join(timeout=5.0)
            if w.is_alive():
                w.terminate()
                w.join()
