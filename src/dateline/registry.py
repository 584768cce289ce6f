"""Swappable stage implementations, registered by kind and name (like spaCy's factories).

A stage module registers a factory::

    @registry.stage("dates", "rules", needs=("article", "parsed"), provides=("dates",))
    def make_rule_dates(config: dict, resources: Resources) -> Callable[[Document], Document]:
        ...

The pipeline looks factories up by ``(kind, name)``, calls them once with the stage's own
config dict and the shared :class:`Resources`, and checks that every stage's ``needs`` are
provided by an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .errors import ConfigError
from .model import Document

StageFn = Callable[[Document], Document]
Factory = Callable[[dict, "Any"], StageFn]


@dataclass(frozen=True)
class StageSpec:
    kind: str
    name: str
    factory: Factory
    needs: tuple[str, ...]
    provides: tuple[str, ...]
    doc: str = ""


class Registry:
    def __init__(self) -> None:
        self._specs: dict[tuple[str, str], StageSpec] = {}

    def stage(self, kind: str, name: str, *, needs: tuple[str, ...] = (),
              provides: tuple[str, ...] = ()) -> Callable[[Factory], Factory]:
        def deco(factory: Factory) -> Factory:
            self._specs[(kind, name)] = StageSpec(kind, name, factory, tuple(needs), tuple(provides),
                                                  (factory.__doc__ or "").strip())
            return factory
        return deco

    def get(self, kind: str, name: str) -> StageSpec:
        _load_builtin_stages()
        try:
            return self._specs[(kind, name)]
        except KeyError:
            known = ", ".join(sorted(n for k, n in self._specs if k == kind)) or "none"
            raise ConfigError(f"no {kind} stage named {name!r} (known: {known})") from None

    def names(self, kind: str) -> list[str]:
        _load_builtin_stages()
        return sorted(n for k, n in self._specs if k == kind)


registry = Registry()


def _load_builtin_stages() -> None:
    # Importing the stage modules runs their @registry.stage decorators.
    from .stages import clean, dates, entities, events, nlp, places  # noqa: F401
