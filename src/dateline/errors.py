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
    """The database cannot be opened, is locked, or has an unknown schema version."""


class DataError(DatelineError):
    """A bundled data table (under ``dateline/data``) is missing or malformed."""
