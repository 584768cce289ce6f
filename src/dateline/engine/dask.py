"""The Dask engine: ``dateline ingest --engine dask [--scheduler ADDRESS]``.

Needs the optional extra ``pip install dateline[dask]`` (``dask[distributed]``).

How the work is split:

* the client reads the inputs (files, folders, WARC, feeds: the same readers as the local
  engine) as a stream and cuts it into partitions of ``partition_size`` raw inputs; the
  partitions carry the content, not paths, so workers need no shared file system;
* each worker process builds one :class:`~dateline.pipeline.Pipeline` (one spaCy model load)
  the first time it runs a partition and keeps it on the Dask ``Worker`` object for the rest
  of its life; a partition runs through ``Pipeline.run`` with batching, exactly as locally;
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
from typing import Any, Callable, Iterable, Iterator

from ..config import PipelineConfig
from ..errors import DatelineError, InputError
from ..model import RawInput
from ..pipeline import Pipeline, Result
from .storing import Echo, store_result, store_results
from .procs import RemoteError, from_portable, to_portable  # noqa: F401 (RemoteError: re-export)


def worker_config(cfg: PipelineConfig) -> PipelineConfig:
    """``cfg`` for a Dask worker: spaCy parses in the worker itself (n_process 1), since a
    worker process may not fork parsing processes of its own and Dask already parallelises."""
    options = {k: dict(v) for k, v in cfg.options.items()}
    options.setdefault("nlp", {})["n_process"] = 1
    return dataclasses.replace(cfg, options=options)


def _worker_pipeline(cfg: PipelineConfig) -> Pipeline:
    """The Pipeline of this worker for ``cfg``: built once, kept on the Worker object."""
    from distributed import get_worker

    worker = get_worker()
    cache = getattr(worker, "_dateline_pipelines", None)
    if cache is None:
        cache = {}
        worker._dateline_pipelines = cache
    key = repr(cfg)
    if key not in cache:
        cache[key] = Pipeline(cfg)
    return cache[key]


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


def ingest_dask(inputs: Iterable[RawInput | InputError], cfg: PipelineConfig, store: Any,
                scheduler: str | None = None, workers: int = 2, processes: bool = True,
                partition_size: int = 16, batch_size: int = 32, echo_err: Echo | None = None,
                progress: Callable[[], None] | None = None) -> tuple[Counter, list[tuple[str, str]]]:
    """Ingest ``inputs`` into ``store`` on a Dask cluster (a LocalCluster of ``workers``
    single-threaded workers when ``scheduler`` is None)."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise DatelineError("the dask engine needs the optional extra: "
                            "pip install 'dateline[dask]'") from exc
    stats: Counter[str] = Counter()
    reasons: list[tuple[str, str]] = []
    wcfg = worker_config(cfg)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        known = {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
        known_f = client.scatter([known], broadcast=True)[0]  # a list: one object, not its items

        def handle(items: list[tuple]) -> None:
            store_results(store, [from_portable(item) for item in items], stats, reasons,
                          echo_err)
            if progress is not None:
                for _ in items:
                    progress()

        window = as_completed()
        for part, errors in _partitions(inputs, partition_size):
            for err in errors:  # reader errors need no worker
                store_result(store, Result(err.origin, error=err), stats, reasons, echo_err)
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
