"""The Dask engine: ``dateline ingest --engine dask [--scheduler ADDRESS]``.

Needs the optional extra ``pip install dateline[dask]`` (``dask[distributed]``).

How the work is split:

* the client reads the inputs (files, folders, WARC, feeds: the same readers as the local
  engine) as a stream and cuts it into partitions of ``partition_size`` raw inputs; the
  partitions carry the content, not paths, so workers need no shared file system;
* each worker process builds one :class:`~dateline.pipeline.Pipeline` (one spaCy model load)
  the first time it runs a partition and keeps it for the rest of its life (a Dask
  ``WorkerPlugin``, :class:`PipelinePlugin`, registered by the client); a partition runs
  through ``Pipeline.run`` with batching, exactly as locally;
* at most ``2 x workers`` partitions are in flight, so the client never holds the whole
  corpus (streaming, flat memory);
* results are merged into DuckDB **by the client**, as they complete, through the same
  :func:`~dateline.engine.storing.store_results` as a local ingest. DuckDB allows one writer, and
  the per-article transaction plus content-hash ids keep the run resumable and duplicate-free
  whatever order partitions finish in. (The alternative, workers writing Parquet partitioned by
  date and a bulk load afterwards, scales the write side further but loses per-article
  atomicity on a kill; at dateline's rates the write is a few ms per article against ~100 ms of
  parsing, so the single writer is not the bottleneck. Parquet exports of the result come from
  the store: ``dateline serve``'s export endpoints or DuckDB's ``COPY ... TO``.)

Articles already stored are skipped without parsing: the client sends the set of stored ids
once to every worker (``scatter(broadcast=True)``), and workers apply it after cleaning.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..config import PipelineConfig
from ..errors import DatelineError, InputError
from ..model import RawInput
from ..pipeline import Pipeline, Result
from ..store import Store
from .storing import Echo, new_merge_state, store_result, store_results
from .procs import RemoteError, from_portable, to_portable  # noqa: F401 (RemoteError: re-export)

if TYPE_CHECKING:
    from ..merge.service import MergeState

try:  # the optional extra (pip install 'dateline[dask]')
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - depends on the installed extras
    _WorkerPlugin = object


def worker_config(cfg: PipelineConfig) -> PipelineConfig:
    """``cfg`` for a Dask worker: spaCy parses in the worker itself (n_process 1), since a
    worker process may not fork parsing processes of its own and Dask already parallelises."""
    options = {k: dict(v) for k, v in cfg.options.items()}
    options.setdefault("nlp", {})["n_process"] = 1
    return dataclasses.replace(cfg, options=options)


class PipelinePlugin(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """The Pipelines of one Dask worker, one per config: each built the first time a partition
    needs it (one spaCy model load) and kept for the worker's life. A Dask ``WorkerPlugin``
    that :func:`ingest_dask` registers on the cluster, so the cache is the worker's own state,
    not attributes set on the ``Worker`` object."""

    name = "dateline-pipelines"
    idempotent = True  # a cluster reused by a later ingest keeps its loaded pipelines

    def __init__(self) -> None:
        self.pipelines: dict[str, Pipeline] = {}

    def setup(self, worker: Any) -> None:
        self.pipelines = {}

    def pipeline(self, cfg: PipelineConfig) -> Pipeline:
        key = repr(cfg)
        if key not in self.pipelines:
            self.pipelines[key] = Pipeline(cfg)
        return self.pipelines[key]


def _worker_pipeline(cfg: PipelineConfig) -> Pipeline:
    """The Pipeline of this worker for ``cfg`` (see :class:`PipelinePlugin`)."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PipelinePlugin.name)
    if plugin is None:
        raise DatelineError("the dateline worker plugin is not registered on this Dask "
                            "cluster (ingest_dask registers it)")
    return plugin.pipeline(cfg)


def run_partition(cfg: PipelineConfig, raws: list[Any], known: Any,
                  batch_size: int = 32) -> list[tuple]:
    """Run one partition on a worker; returns picklable tuples, one per input, in order.

    ``("ok", document)``, ``("skipped", origin, article_id)`` or
    ``("error", origin, reason_tag, reason_text)``.
    """
    pipe = _worker_pipeline(cfg)
    known_ids = known if known is not None else set()
    return [to_portable(res)  # the input's text travels back as the cleaned article only
            for res in pipe.run(raws, batch_size=batch_size, skip=known_ids.__contains__)]


def _partitions(inputs: Iterable[RawInput | InputError], size: int
                ) -> Iterator[tuple[list[RawInput], list[InputError]]]:
    part: list[RawInput] = []
    errors: list[InputError] = []
    for raw in inputs:
        if isinstance(raw, InputError):
            errors.append(raw)
        else:
            part.append(raw)
        if len(part) >= size:
            yield part, errors
            part, errors = [], []
    if part or errors:
        yield part, errors


def ingest_dask(inputs: Iterable[RawInput | InputError], cfg: PipelineConfig, store: Store,
                scheduler: str | None = None, workers: int = 2, processes: bool = True,
                partition_size: int = 16, batch_size: int = 32, echo_err: Echo | None = None,
                progress: Callable[[], None] | None = None, merge: "MergeState | None" = None
                ) -> tuple[Counter, list[tuple[str, str]]]:
    """Ingest ``inputs`` into ``store`` on a Dask cluster (a LocalCluster of ``workers``
    single-threaded workers when ``scheduler`` is None). ``merge``: the ingest's merge state
    (a new one when None)."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise DatelineError("the dask engine needs the optional extra: "
                            "pip install 'dateline[dask]'") from exc
    stats: Counter[str] = Counter()
    reasons: list[tuple[str, str]] = []
    if merge is None:
        merge = new_merge_state()  # what merging keeps in memory during this ingest
    wcfg = worker_config(cfg)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        known = set(store.article_ids())
        known_f = client.scatter([known], broadcast=True)[0]  # a list: one object, not its items

        def handle(items: list[tuple]) -> None:
            store_results(store, [from_portable(item) for item in items], stats, reasons,
                          echo_err, merge=merge)
            if progress is not None:
                for _ in items:
                    progress()

        window = as_completed()
        for part, errors in _partitions(inputs, partition_size):
            for err in errors:  # reader errors need no worker
                store_result(store, Result(err.origin, error=err), stats, reasons, echo_err,
                             merge=merge)
            if not part:
                continue
            while window.count() >= 2 * n_workers:
                handle(next(window).result())
            window.add(client.submit(run_partition, wcfg, part, known_f, batch_size, pure=False))
        for fut in window:
            handle(fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return stats, reasons
