"""The pipeline: stages looked up by name, run in order over documents.

One bad document never stops a batch: a stage that raises turns into a
:class:`~dateline.errors.StageError` recorded on the :class:`Result`, and the batch goes on.

Two paths run the same stages and give the same documents:

* ``Pipeline(raw)`` runs every stage on one input;
* ``Pipeline.run(raws, batch_size=..., skip=...)`` streams many inputs. Each document is cleaned
  (every stage before the first *batchable* stage runs per document), then the batchable stage
  (the spaCy parse) runs over a stream of documents, so spaCy sees many texts in one
  ``nlp.pipe`` call (with ``n_process`` worker processes when the nlp options ask for more than
  one), then the remaining stages run per document. Results come out in input order.

A stage is batchable when the function its factory returns has a ``pipe`` attribute::

    def pipe(docs: Iterable[Document], batch_size: int) -> Iterator[tuple[Document, Exception | None]]

yielding every input document once, in input order, with the exception that stopped it (or
None). The built-in spaCy nlp stage gets one from :mod:`dateline.nlp.spacy_batch` when it
does not carry its own.

``skip`` is a predicate on the article id (a content hash, known once the clean stage has run):
an input whose id it accepts is not parsed at all and comes back as a ``skipped`` Result. The
ingest command passes ``store.has_article`` so a resumed or repeated ingest does no NLP for
articles already stored.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .config import STAGE_ORDER, PipelineConfig
from .errors import ConfigError, DatelineError, InputError, StageError
from .model import Document, RawInput
from .registry import StageSpec, registry

StageFn = Callable[[Document], Document]
SkipFn = Callable[[str], bool]


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
    """What happened to one input: a finished document, or the reason it was rejected.

    ``skipped`` is True when the ``skip`` predicate of :meth:`Pipeline.run` accepted the
    article id: the document then holds the cleaned article only (no mentions, no events).
    """

    origin: str
    document: Document | None = None
    error: DatelineError | None = None
    skipped: bool = False

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
class _Item:
    """One input in flight through the batched path."""

    origin: str
    doc: Document | None = None
    result: Result | None = None  # set once the input is finished early (error or skipped)


@dataclass
class Pipeline:
    config: PipelineConfig = field(default_factory=PipelineConfig)
    resources: Resources | None = None
    #: keep each finished document's spaCy parses (training reads them; storing never does)
    keep_parsed: bool = False

    def __post_init__(self) -> None:
        if self.resources is None:
            self.resources = Resources(self.config)
        self.specs: list[StageSpec] = []
        self._fns: list[StageFn] = []
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
        self._batch_at, self._batch_pipe = self._find_batch_stage()

    def _find_batch_stage(self) -> tuple[int | None, Any]:
        """The first stage with a ``pipe`` method (or the built-in spaCy one), and that method."""
        for i, (spec, fn) in enumerate(zip(self.specs, self._fns)):
            pipe = getattr(fn, "pipe", None)
            if pipe is None and (spec.kind, spec.name) == ("nlp", "spacy"):
                from .nlp.spacy_batch import make_spacy_pipe

                pipe = make_spacy_pipe(self.config.stage_options("nlp"), self.resources)
            if pipe is not None:
                return i, pipe
        return None, None

    @property
    def stage_names(self) -> list[str]:
        return [f"{s.kind}:{s.name}" for s in self.specs]

    # -- one document ---------------------------------------------------------------------
    def _apply(self, i: int, doc: Document) -> Document:
        spec, fn = self.specs[i], self._fns[i]
        try:
            doc = fn(doc)
        except DatelineError:
            raise
        except Exception as exc:  # a bug or a library failure on this one document
            raise StageError(f"{spec.kind}:{spec.name}", doc.raw.origin,
                             f"{type(exc).__name__}: {exc}") from exc
        doc.done.append(spec.kind)
        return doc

    def _stages(self, doc: Document, start: int, stop: int) -> Document:
        for i in range(start, stop):
            doc = self._apply(i, doc)
        return doc

    def __call__(self, raw: RawInput) -> Document:
        """Run every stage on one input; raises InputError or StageError."""
        doc = self._stages(Document(raw=raw), 0, len(self.specs))
        if not self.keep_parsed:
            doc.parsed.clear()  # parsed forms are large and never stored
        return doc

    def _one(self, raw: RawInput, skip: SkipFn | None) -> Result:
        """The per-document path with the skip check after the stages that give the id."""
        cut = self._batch_at if self._batch_at is not None else len(self.specs)
        try:
            doc = self._stages(Document(raw=raw), 0, cut)
            if skip is not None and doc.article is not None and skip(doc.article.id):
                return Result(raw.origin, document=doc, skipped=True)
        except DatelineError as exc:
            return Result(raw.origin, error=exc)
        return self._finish(doc, raw.origin, cut)

    # -- many documents -------------------------------------------------------------------
    def run(self, raws: Iterable[RawInput | InputError], batch_size: int = 1,
            skip: SkipFn | None = None) -> Iterator[Result]:
        """Run over many inputs, streaming; reader and stage errors become failed Results.

        ``batch_size`` > 1 batches the batchable stage (the spaCy parse) over that many texts;
        1 runs every input through every stage on its own. Either way results come in input
        order and only about ``batch_size`` documents are in memory at once.
        """
        it = iter(raws)
        if batch_size <= 1 or self._batch_at is None:
            for raw in it:
                if isinstance(raw, InputError):
                    yield Result(raw.origin, error=raw)
                else:
                    yield self._one(raw, skip)
            return
        while True:
            done = yield from self._batched(it, batch_size, skip)
            if done:
                return

    def _pre(self, raw: RawInput | InputError, skip: SkipFn | None) -> _Item:
        """Clean (the stages before the batch stage) and apply ``skip``."""
        if isinstance(raw, InputError):
            return _Item(raw.origin, result=Result(raw.origin, error=raw))
        try:
            doc = self._stages(Document(raw=raw), 0, self._batch_at or 0)
        except DatelineError as exc:
            return _Item(raw.origin, result=Result(raw.origin, error=exc))
        if skip is not None and doc.article is not None and skip(doc.article.id):
            return _Item(raw.origin, result=Result(raw.origin, document=doc, skipped=True))
        return _Item(raw.origin, doc=doc)

    def _finish(self, doc: Document, origin: str, start: int) -> Result:
        """Run the stages from ``start`` to the end; the Result of this document."""
        try:
            doc = self._stages(doc, start, len(self.specs))
        except DatelineError as exc:
            doc.parsed.clear()
            return Result(origin, error=exc)
        if not self.keep_parsed:
            doc.parsed.clear()  # parsed forms are large and never stored
        return Result(origin, document=doc)

    def _post(self, item: _Item, error: Exception | None) -> Result:
        """Finish one document after the batch stage (or turn its batch error into a Result)."""
        assert self._batch_at is not None and item.doc is not None
        spec = self.specs[self._batch_at]
        if error is not None:
            item.doc.parsed.clear()
            if isinstance(error, DatelineError):
                return Result(item.origin, error=error)
            return Result(item.origin, error=StageError(
                f"{spec.kind}:{spec.name}", item.origin, f"{type(error).__name__}: {error}"))
        item.doc.done.append(spec.kind)
        return self._finish(item.doc, item.origin, self._batch_at + 1)

    def _batched(self, it: Iterator[RawInput | InputError], batch_size: int,
                 skip: SkipFn | None) -> Iterator[Result]:
        """One streaming pass of the batch stage over ``it``; returns True when ``it`` is done.

        If the batch stage itself breaks down (raises instead of reporting per document), the
        documents in flight are finished one by one and a new pass starts on the rest.
        """
        pending: deque[_Item] = deque()

        def feed() -> Iterator[Document]:
            for raw in it:
                item = self._pre(raw, skip)
                pending.append(item)
                if item.result is None:
                    assert item.doc is not None
                    yield item.doc

        out = self._batch_pipe(feed(), batch_size)
        while True:
            try:
                doc, error = next(out)
            except StopIteration:
                break
            except Exception:  # the whole batch failed: redo what is in flight per document
                if not pending:
                    raise  # it fails before taking any input: retrying would loop forever
                while pending:
                    item = pending.popleft()
                    if item.result is not None:
                        yield item.result
                    else:
                        assert item.doc is not None and self._batch_at is not None
                        yield self._finish(item.doc, item.origin, self._batch_at)
                return False
            while pending and pending[0].result is not None:
                yield pending.popleft().result
            item = pending.popleft()
            if item.doc is not doc:
                raise RuntimeError("batch stage returned documents out of order")
            yield self._post(item, error)
        while pending:
            item = pending.popleft()
            assert item.result is not None
            yield item.result
        return True
