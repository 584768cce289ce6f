"""Typed exceptions. Each carries a one-line, user-facing reason."""

from __future__ import annotations


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""


class InputError(DatelineError):
    """One input (file, JSONL line, page) cannot be read or holds no article.

    ``reason`` is a short machine-friendly tag (``empty``, ``binary``, ``too-large``,
    ``bad-json``, ``no-text``, ``encoding``, ``unsupported``, ``unreadable``).
    """

    def __init__(self, origin: str, reason: str, detail: str = "") -> None:
        self.origin = origin
        self.reason = reason
        self.detail = detail
        msg = f"{origin}: {reason}" + (f" ({detail})" if detail else "")
        super().__init__(msg)


class StageError(DatelineError):
    """A pipeline stage failed on one document."""

    def __init__(self, stage: str, origin: str, detail: str) -> None:
        self.stage = stage
        self.origin = origin
        self.detail = detail
        super().__init__(f"{origin}: stage {stage} failed ({detail})")


class ConfigError(DatelineError):
    """The pipeline configuration is invalid (unknown stage name, missing requirement)."""


class ModelNotFound(ConfigError):
    """A spaCy model named in the configuration is not installed."""


class StoreError(DatelineError):
    """The database cannot be opened, is locked, or has an unknown schema version.

    ``reason`` says which, as a short code a program can test: ``missing`` (no such
    database), ``locked`` (another process writes to it or holds the write intent),
    ``schema`` (a schema version this dateline does not know), ``closed``, ``io`` (a lock
    file cannot be made) or ``invalid`` (a write this store refuses); ``holder`` names the
    process holding the lock when it is known ("pid 123, dateline ingest, since ...")."""

    def __init__(self, message: str, reason: str = "invalid", holder: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.holder = holder


class FilterError(DatelineError):
    """A query parameter (an event filter, a sort key, a page size, a stats dimension) that
    cannot be answered: an unknown value, an impossible date, a reversed range, a negative
    limit, an unknown parameter. ``param`` names the parameter as the API spells it
    (``min_confidence``; the CLI shows ``--min-confidence``), ``reason`` says what is wrong in
    one line, and ``allowed`` lists the accepted values where they can be listed."""

    def __init__(self, param: str, reason: str, allowed: tuple[str, ...] = ()) -> None:
        self.param = param
        self.reason = reason
        self.allowed = tuple(allowed)
        super().__init__(f"{param}: {reason}")


class DataError(DatelineError):
    """A bundled data table (under ``dateline/data``) is missing or malformed."""
