"""Execution engines: how a pipeline's work is spread over processes and machines.

* :mod:`.spacy_batch` -- the streaming, batched spaCy parse used by ``Pipeline.run``;
* :mod:`.local` -- the single-machine ingest loop (batched, resumable, one writer);
* :mod:`.dask` -- the same work on a Dask distributed cluster (optional extra ``dateline[dask]``).
"""
