"""The spaCy nlp stage over a stream of documents: one ``nlp.pipe`` for all their fields.

``Pipeline.run`` uses this as the ``pipe`` method of the built-in ``nlp:spacy`` stage. It does
exactly what the per-document stage (:func:`dateline.stages.nlp.make_spacy_nlp`) does -- skip
the parse of a body that is not English, with the same warning; parse title, subtitle and body
-- but feeds every field of every document into a single ``nlp.pipe`` call, so spaCy batches
texts across documents and, with ``n_process`` > 1, parses in worker processes. Options (the
nlp stage's options dict): ``n_process`` (default 1), ``min_english_share`` (0.12).

All six components of the default model (tok2vec, tagger, parser, attribute_ruler, lemmatizer,
ner) are read by later stages (tags, dependencies, lemmas, entities), so none is disabled.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterable, Iterator

from ..model import Document
from ..stages.nlp import fields_to_parse, spacy_model

DocPipe = Callable[[Iterable[Document], int], Iterator[tuple[Document, Exception | None]]]


def make_spacy_pipe(config: dict, resources: Any) -> DocPipe:
    """A streaming batch version of the spaCy nlp stage (see the module docstring)."""
    nlp = spacy_model(resources, config["spacy_model"])
    min_share = float(config.get("min_english_share", 0.12))
    n_process = max(1, int(config.get("n_process", 1) or 1))

    def pipe(docs: Iterable[Document], batch_size: int) -> Iterator[tuple[Document, Exception | None]]:
        # Each pending entry: [document, fields still waiting for their parse].
        pending: deque[list[Any]] = deque()

        def texts() -> Iterator[str]:
            for doc in docs:
                fields = fields_to_parse(doc, min_share)
                pending.append([doc, list(fields)])
                for f in fields:
                    yield doc.article.text(f)

        for parsed in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
            while pending and not pending[0][1]:
                yield pending.popleft()[0], None
            doc, todo = pending[0]
            doc.parsed[todo.pop(0)] = parsed
            if not todo:
                pending.popleft()
                yield doc, None
        while pending:  # documents with nothing to parse at the end of the stream
            doc, todo = pending.popleft()
            assert not todo
            yield doc, None

    return pipe
