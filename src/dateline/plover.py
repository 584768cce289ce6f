"""The PLOVER ontology as SPEC section 2 states it: the 16 event types, their quad classes and
modes, the old names that map to them, the modalities, and SPEC section 5's actor sectors. The
one place these are written down; the coders, the evaluations, the query layer and the exports
read them from here."""

from __future__ import annotations

#: The 16 event types, in SPEC section 2's order.
TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)
#: Type -> quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
#: 4 material conflict (GDELT's QuadClass numbering).
QUAD: dict[str, int] = {
    **{t: 1 for t in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")},
    **{t: 2 for t in ("COOPERATE", "AID", "RETREAT")},
    **{t: 3 for t in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION")},
    **{t: 4 for t in ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT")},
}
QUAD_NAMES: dict[int, str] = {1: "verbal cooperation", 2: "material cooperation",
                              3: "verbal conflict", 4: "material conflict"}
#: Type -> its modes (empty: the type has none).
MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (), "CONSULT": ("visit", "third-party", "multilateral", "phone"), "SUPPORT": (),
    "CONCEDE": (), "COOPERATE": (), "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"),
}
#: Types that are said rather than done: where they were said is seldom where the text's
#: places are (SPEC section 5: "a statement with no place -> null, not the speaker's capital").
#: Every other type is an act that happened somewhere (a meeting, a sentence, a concession).
STATEMENTS: frozenset[str] = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"})
#: Acts with no recipient: every party is an actor (SPEC section 5).
RECIPROCAL: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Old PLOVER names (data/plover) -> current type.
OLD_NAMES: dict[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}
MODALITIES: tuple[str, ...] = ("asserted", "historical", "future", "hypothetical", "negated")
#: Actor sectors (SPEC section 5): one per actor, the role held on the event's date.
SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "IGO", "NGO", "MED", "CVL", "REF", "LAB",
    "BUS", "AGR", "HLH", "EDU", "SPY", "SET", "CRM", "REL",
)


def canonical_type(name: str | None) -> str | None:
    """A current type for a current or old name ("fight" -> "ASSAULT"); None if neither."""
    if not name:
        return None
    up = str(name).strip().upper()
    up = OLD_NAMES.get(up, up)
    return up if up in QUAD else None
