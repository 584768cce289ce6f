"""dateline: news in, a trustworthy database of political events out.

Public API::

    import dateline
    for result in dateline.extract(["article.html"]):
        print(result.document.to_dict()["events"])
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .config import PipelineConfig
from .errors import ConfigError, DatelineError, InputError, StageError, StoreError
from .model import Document
from .pipeline import Pipeline, Result

__version__ = "0.1.0"
__all__ = ["PipelineConfig", "Pipeline", "Result", "Document", "extract", "DatelineError",
           "InputError", "StageError", "ConfigError", "StoreError", "__version__"]


def extract(paths: Iterable[str], config: PipelineConfig | None = None) -> Iterator[Result]:
    """Read files/folders and run the full pipeline on each article found."""
    from .sources.files import read_paths

    cfg = config or PipelineConfig()
    pipe = Pipeline(cfg)
    yield from pipe.run(read_paths(list(paths), max_bytes=cfg.max_bytes))
