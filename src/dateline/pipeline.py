"""The pipeline: stages looked up by name, run in order over documents.

One bad document never stops a batch: a stage that raises turns into a
:class:`~dateline.errors.StageError` recorded on the :class:`Result`, and the batch goes on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .config import STAGE_ORDER, PipelineConfig
from .errors import ConfigError, DatelineError, InputError, StageError
from .model import Document, RawInput
from .registry import StageSpec, registry


class Resources:
    """Heavy shared objects (spaCy model, gazetteer, actor table), built once on first use.

    Stages ask for a resource by key with a builder; the same key returns the same object,
    so the nlp and entities stages share one spaCy model.
    """

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()  # builders may ask for other resources

    def get(self, key: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]


@dataclass
class Result:
    """What happened to one input: a finished document, or the reason it was rejected."""

    origin: str
    document: Document | None = None
    error: DatelineError | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None and self.error is None

    @property
    def reason(self) -> str:
        if self.error is None:
            return ""
        if isinstance(self.error, InputError):
            return self.error.reason + (f": {self.error.detail}" if self.error.detail else "")
        return str(self.error)


@dataclass
class Pipeline:
    config: PipelineConfig = field(default_factory=PipelineConfig)
    resources: Resources | None = None

    def __post_init__(self) -> None:
        if self.resources is None:
            self.resources = Resources(self.config)
        self.specs: list[StageSpec] = []
        self._fns: list[Callable[[Document], Document]] = []
        provided = {"raw"}
        for kind in STAGE_ORDER:
            name = self.config.stages.get(kind)
            if not name:
                continue
            spec = registry.get(kind, name)
            missing = [n for n in spec.needs if n not in provided]
            if missing:
                raise ConfigError(f"stage {kind}:{name} needs {', '.join(missing)}, "
                                  "which no earlier stage provides")
            provided.update(spec.provides)
            self.specs.append(spec)
            self._fns.append(spec.factory(self.config.stage_options(kind), self.resources))

    @property
    def stage_names(self) -> list[str]:
        return [f"{s.kind}:{s.name}" for s in self.specs]

    def __call__(self, raw: RawInput) -> Document:
        """Run every stage on one input; raises InputError or StageError."""
        doc = Document(raw=raw)
        for spec, fn in zip(self.specs, self._fns):
            try:
                doc = fn(doc)
            except DatelineError:
                raise
            except Exception as exc:  # a bug or a library failure on this one document
                raise StageError(f"{spec.kind}:{spec.name}", raw.origin,
                                 f"{type(exc).__name__}: {exc}") from exc
            doc.done.append(spec.kind)
        doc.parsed.clear()  # parsed forms are large and never stored
        return doc

    def run(self, raws: Iterable[RawInput | InputError]) -> Iterator[Result]:
        """Run over many inputs; reader errors and stage errors become failed Results."""
        for raw in raws:
            if isinstance(raw, InputError):
                yield Result(raw.origin, error=raw)
                continue
            try:
                yield Result(raw.origin, document=self(raw))
            except DatelineError as exc:
                yield Result(raw.origin, error=exc)
