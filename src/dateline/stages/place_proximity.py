"""Proximity of an article's place names to each other (part of the places stage): a reading
near the readings of the article's other names scores more when a name is resolved
(:func:`~dateline.stages.places.resolve_mentions`)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

from ..refdata.gazetteer import Gazetteer, Near, Place, fold

#: Score bonus of a candidate near the article's other places, at full support (see
#: :class:`Proximity`).
NEAR_BONUS = 1.5
#: A name with n readings supports a nearby reading of another name with weight n ** -exponent.
NEAR_EXPONENT = 0.5
#: Cell size of the proximity grid, in degrees.
CELL_DEG = 0.5
#: A town and a county the article names, whose readings lie within PAIR_KM of each other,
#: are read together: PAIR_BONUS on each ("Alexandria" and "Douglas County", Minnesota).
PAIR_KM = 15.0
PAIR_BONUS = 1.5


class Proximity:
    """Which names of an article have a candidate near a given point: a town is more likely
    the one near the article's other places ("Kent", "Sharon", "Canaan" and "Cornwall" together
    are the Connecticut towns). Candidates are bucketed in cells of ``CELL_DEG`` degrees; a
    candidate's supporters are the other names with a candidate in its cell or the eight around
    it (about 50-100 km), each weighing 1 / (number of its candidates) ** ``NEAR_EXPONENT``
    (0.5), so that a name with one reading counts fully and "Washington" (hundreds of towns)
    hardly at all. On top, a town and a county of the article's names whose readings lie
    within ``PAIR_KM`` of each other give each other ``PAIR_BONUS`` (:meth:`paired`): a
    county and a town in it are seldom named together by chance."""

    def __init__(self, gaz: Gazetteer, names: Iterable[str]) -> None:
        self.cells: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
        self.counties: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
        self.towns: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
        for key in {fold(n) for n in names}:
            pts = self._points(gaz, key)
            if not pts:
                continue
            w = 1.0 / len(pts) ** NEAR_EXPONENT
            for lat, lon in pts:
                self.cells[_cell(lat, lon)][key] = w
            for p, _e in gaz.candidates(key):
                if p.lat is None or p.lon is None or p.admin_level == 1:
                    continue
                (self.counties if p.admin_level == 2 else self.towns)[_cell(p.lat, p.lon)].append(
                    (key, p.lat, p.lon))

    def paired(self, place: Place, own: str) -> bool:
        """Whether another name of the article has a reading within PAIR_KM of ``place`` and
        one of the two is a county: a town and the county it lies in ("Alexandria" and
        "Douglas County", Minnesota; "Huntsville" and "Walker County", Texas)."""
        if place.lat is None or place.lon is None or place.admin_level == 1:
            return False
        other = self.towns if place.admin_level == 2 else self.counties
        ci, cj = _cell(place.lat, place.lon)
        return any(k != own and _km(place.lat, place.lon, la, lo) <= PAIR_KM
                   for di in (-1, 0, 1) for dj in (-1, 0, 1)
                   for k, la, lo in other.get((ci + di, cj + dj), ()))

    @staticmethod
    def _points(gaz: Gazetteer, key: str) -> list[tuple[float, float]]:
        """Points of a name's readings: none for a country or a named region, else its towns
        and divisions below the first level (a state or country is too large to say "near")."""
        iso3 = gaz.country_of(key)
        if iso3 is not None:
            return []
        region = gaz.region(key)
        if region is not None:
            return []
        return [(p.lat, p.lon) for p, _e in gaz.candidates(key)
                if p.lat is not None and p.lon is not None and p.admin_level != 1]

    def support(self, place: Place, own: str) -> float:
        """Summed weight of the names other than ``own`` with a reading near ``place``."""
        if place.lat is None or place.lon is None or place.admin_level == 1:
            return 0.0
        ci, cj = _cell(place.lat, place.lon)
        names: dict[str, float] = {}
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for k, w in self.cells.get((ci + di, cj + dj), {}).items():
                    if k != own and w > names.get(k, 0.0):
                        names[k] = w
        return sum(names.values())

    def bonus(self, text: str) -> Near:
        """The ``near`` function for :meth:`Gazetteer.resolve` of one mention."""
        own = fold(text)
        return lambda place: NEAR_BONUS * min(1.0, self.support(place, own)) + (
            PAIR_BONUS if self.paired(place, own) else 0.0)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // CELL_DEG), int(lon // CELL_DEG)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))
