"""Where articles come from: files and folders (:mod:`.files`), HTTP pages (:mod:`.fetch`),
RSS/Atom feeds (:mod:`.feeds`) and WARC / CC-NEWS archives (:mod:`.warc`).

Like :func:`dateline.sources.files.read_paths`, every reader yields
:class:`~dateline.model.RawInput` items (ready for the pipeline) or an
:class:`~dateline.errors.InputError` for one input that cannot be read, and never raises for
one bad page, feed entry or archive record. :func:`.network.ingest_sources` is the entry
point the ``dateline ingest`` command uses.
"""

from __future__ import annotations

from .network import SourceOptions, ingest_sources, is_warc_path
from .fetch import FetchConfig, Fetcher, FetchResult

__all__ = ["FetchConfig", "Fetcher", "FetchResult", "SourceOptions", "ingest_sources",
           "is_warc_path"]
