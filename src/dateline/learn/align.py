"""Locating gold sentences in an article's fields.

Real-news gold files store each sentence that reports an event as ``{"first_words": its first
eight words, "sha1": sha1 of the whitespace-normalised sentence}`` (no third-party sentence is
committed whole). This module finds such a sentence in a field's text: the places where the
first words occur, then the end at which the normalised words hash to ``sha1``. When the
cleaner's text differs slightly from the annotator's (another extractor, quotes), the first
words alone locate it and the sentence runs to the end of the parser's sentence there.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable

_WORD = re.compile(r"\S+")
MAX_WORDS = 250


@dataclass(frozen=True)
class Span:
    field: str
    start: int
    end: int
    exact: bool  # True when the sha1 matched


def sentence_key(sentence: str) -> dict:
    """The stored form of a quoted sentence."""
    norm = " ".join(sentence.split())
    return {"first_words": " ".join(norm.split(" ")[:8]),
            "sha1": hashlib.sha1(norm.encode("utf-8")).hexdigest()}


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def locate(key: dict, fields: dict[str, str],
           sentence_ends: dict[str, Iterable[int]] | None = None) -> Span | None:
    """The span of a gold sentence in one of ``fields`` ({name: text}), or None.

    ``sentence_ends`` (field -> character offsets where the parser's sentences end) bounds a
    sentence found by its first words only.
    """
    first = str(key.get("first_words") or "").split()
    digest = key.get("sha1")
    if not first:
        return None
    fallback: Span | None = None
    for name, text in fields.items():
        if not text:
            continue
        words = _words(text)
        tokens = [w for w, _, _ in words]
        n = len(first)
        for i in range(len(tokens) - n + 1):
            if tokens[i:i + n] != first:
                continue
            if digest:
                for j in range(i + n - 1, min(len(tokens), i + MAX_WORDS)):
                    joined = " ".join(tokens[i:j + 1])
                    if hashlib.sha1(joined.encode("utf-8")).hexdigest() == digest:
                        return Span(name, words[i][1], words[j][2], True)
            if fallback is None:
                start = words[i][1]
                ends = sorted(e for e in (sentence_ends or {}).get(name, ()) if e > start)
                end = ends[0] if ends else words[min(len(words) - 1, i + 40)][2]
                fallback = Span(name, start, end, False)
    if fallback is None:  # case or punctuation differences: compare folded first words
        folded = [_fold(w) for w in first]
        for name, text in fields.items():
            words = _words(text or "")
            toks = [_fold(w) for w, _, _ in words]
            for i in range(len(toks) - len(folded) + 1):
                if toks[i:i + len(folded)] == folded:
                    start = words[i][1]
                    ends = sorted(e for e in (sentence_ends or {}).get(name, ()) if e > start)
                    end = ends[0] if ends else words[min(len(words) - 1, i + 40)][2]
                    return Span(name, start, end, False)
    return fallback


def _fold(word: str) -> str:
    return re.sub(r"\W+", "", word.casefold())
