"""Execution engines: how a pipeline's work is spread over processes and machines.

* :mod:`.local` -- the single-machine ingest loop (batched, resumable, one writer), and
  :mod:`.procs` -- the same loop over worker processes;
* :mod:`.storing` -- storing results, shared by every engine;
* :mod:`.dask` -- the same work on a Dask distributed cluster (optional extra ``dateline[dask]``).
"""
