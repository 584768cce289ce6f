"""One sentence's report of one event, as the rule coder (``events/coder.py``) proposes it and
its rules (``events/rules.py``) rewrite it, before reports are merged into events."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Actor, DateMention, Evidence, Location


@dataclass
class Candidate:
    """One sentence's report of one event, before merging."""

    event: str
    mode: str | None
    cameo: str
    context: list[str]
    actors: list[Actor]
    recipients: list[Actor]
    evidence: Evidence
    trigger_i: int
    kind: str
    strength: float
    modality: str = "asserted"
    location: Location | None = None
    date: DateMention | None = None
    reference: bool = False  # refers back to an event reported elsewhere
    dest_country: str | None = None
    coref: bool = False  # an actor came from a pronoun/definite description
    sentence_actor_keys: set[str] = field(default_factory=set)  # actors named in the sentence
    rank: int = 0  # clause depth: main-clause events (0) come before embedded ones
    trigger: str = ""  # the trigger's lemma (recorded in the event's ``decided``)

    @property
    def filled(self) -> int:
        """How informative this report is (used to pick the evidence sentence)."""
        return (bool(self.actors) + bool(self.recipients) + bool(self.location)
                + bool(self.date) + (self.evidence.field == "body"))
