"""spaCy's matrix products through numpy's BLAS, one BLAS thread per process.

thinc's ``NumpyOps`` multiplies matrices with the BLIS library of the ``blis`` package. On this
project's 2-core machine (AMD EPYC with AVX-512) BLIS is about three times slower than the
OpenBLAS that numpy's wheel ships: the tok2vec's product of 1000x96 by 96x288 takes 1.7 ms of
CPU with BLIS and 0.56 ms with ``numpy.dot``. thinc has a switch for exactly this,
``NumpyOps(use_blis=False)``, whose ``gemm`` is ``numpy.dot``; :func:`use_numpy_blas` gives it
to every layer of a loaded pipeline. The same weights multiply the same inputs, so only the
float rounding of the sums may differ; ``tests/golden/test_nlp_speed.py`` checks on real pages
that every tag, lemma, dependency and entity stays the stock pipeline's.

OpenBLAS starts one thread per core and its idle threads spin: with its default two threads
here the tok2vec took 1.70 s of CPU on 60 pages instead of 1.03 s with one (BLIS: 2.20 s), and
the threads compete with dateline's own worker processes (``--n-process``). Parallelism is
dateline's job (worker processes, Dask workers), so the process's BLAS is limited to one thread
(``threadpoolctl``); forked workers inherit the limit, spawned ones load the model and set it.

The transition-based parser and NER still score their states with thinc's C loop over BLIS
(``Parser.greedy_parse``); only the products made from Python (tok2vec, the parser's and NER's
precomputed features, the taggers) move. Measured on 60 benchmark pages, one process: tok2vec
2.20 -> 1.03 s, NER 3.99 -> 2.98 s, the whole pipeline 7.74 -> 5.58 s.
"""

from __future__ import annotations

from typing import Any


def use_numpy_blas(nlp: Any, threads: int = 1) -> int:
    """Switch the thinc layers of ``nlp`` (disabled components included) that multiply with
    BLIS to ``NumpyOps(use_blis=False)`` and limit this process's BLAS to ``threads`` threads.
    Returns the number of layers switched (0 leaves the process's BLAS alone); layers on
    another backend (a GPU) are left as they are."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps) and getattr(node.ops, "use_blis", False):
                node.ops = ops
                switched += 1
    if switched:
        limit_blas_threads(threads)
    return switched


def limit_blas_threads(threads: int) -> None:
    """At most ``threads`` threads for the BLAS libraries loaded in this process."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=max(1, int(threads)), user_api="blas")
