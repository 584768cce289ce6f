"""Word tables for actor resolution: sector codes, "former" words, domestic bodies, groups.

Read from ``data/actor_words.json`` (written for this project, CC0; see ``data/SOURCES.md``)
with :func:`load_actor_words`; the :class:`~dateline.refdata.actors.ActorTable` holds one.

- ``sectors``: the PLOVER/CAMEO sector codes of SPEC section 5 (a bulk-dictionary role with
  any other code, e.g. a territory code, is a role of unknown sector);
- ``state_sectors``: sectors of a state's own bodies (a body of one of these sectors named by
  its country is the country: "Ethiopian troops" -> Ethiopia, MIL);
- ``former``: words that, before a title, say the office was held before ("former President
  X" is not GOV now);
- ``former_sectors``: the sector of a person who held an office of that sector before: a
  former president or legislator is a politician out of office (OPP, SPEC section 5); any
  other former office (a former general, judge or chief executive) gives no sector;
- ``bodies``: head-noun lemmas of domestic bodies ("police", "the ministry", "the court",
  "parliament"): a mention of their own, with the article's country when the text names none;
- ``groups``: head-noun lemmas of groups named with or without their country ("Kenyan
  farmers", "protesters"; plural only);
- ``quantifiers``: words that count a group rather than name it ("several", "many"): a group's
  mention starts after them;
- ``regional_demonyms``: demonyms of regions that the country table lacks, with the region's
  country ("Scottish Parliament", "Bavarian government", "Welsh ministers"); ambiguous ones
  ("Punjabi", "Kurdish", "Victorian") are left out;
- ``org_heads``: the head word of an organisation's name and the sector it says ("Sierra
  Nevada Corporation" BUS, "Bureau of Prisons" GOV, "Justice Department" GOV, "Writers
  Guild" LAB): the head is the last word before "of", else the last word;
- ``honorifics``: words before a name that are no part of it and no title ("Mr", "Datuk
  Seri", "Sheikh");
- ``name_suffixes``: words after a surname that are part of the name but not the surname
  ("Donald Trump Jr.": surname "trump"; store.actor_ids);
- ``title_modifiers``: words a title may hold between a place and a name ("South Dakota
  State Attorney General X", "Kharkiv regional governor X"): the place's country is the
  person's;
- ``owner_suffixes``: suffixes of a demonym that say where an organisation is from
  ("Chinese-owned", "U.S.-based"): the demonym's country is the organisation's;
- ``facility_heads``: head words of facilities ("hospital", "school", "museum"): a demonym
  in such a name is a name ("Indonesian Hospital" in Gaza), not the owner's country;
- ``place_prepositions``: words right before a capital or a region that make it the place
  where something happens ("in Beijing"), not the state or regional government acting
  ("Beijing said", "Wisconsin sued": GOV, SPEC section 5);
- ``state_prepositions``: prepositions whose object, a capital or a region, is the state or
  regional government acting ("ties with Beijing", "pressure on Tehran", "against
  Washington"); with a dependency parse, a capital or region is its government only as a
  subject, a possessor or the object of one of these (:mod:`dateline.stages.metonymy`);
- ``party_members``: words for a political party's members ("Democrats", "Tories"): a NORP
  mention of one that takes the article's country is marked so (``inferred`` "party") and the
  events stage reads it as a party of that country, not as the state
  (:mod:`dateline.stages.actor_context`);
- ``party_letters``: the party letters of the US "(D-N.Y.)" convention; the state
  abbreviations (``us_state_abbrevs``) come from ``data/regions_us_abbrev.json``;
- ``site_tlds``: country-code web domains that name no country (".io", ".tv", ".co": used as
  generic ones; null) or another code than the ISO one (".uk": GBR); a news site's domain
  gives the country of its domestic bodies when the article's country is undecided;
- ``named_bodies``: capitalised names of domestic bodies NER tags as organisations ("the
  Senate", "Parliament", "the House") with their sector; their country is the article's.

The sectors of ``bodies`` and ``groups`` come from the package's one role table
(:data:`~dateline.refdata.roles.ROLE_TABLE`), not from this file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources as ilr

from ..errors import DataError


@dataclass(frozen=True)
class ActorWords:
    sectors: frozenset[str]
    state_sectors: frozenset[str]
    former: frozenset[str]
    former_sectors: dict[str, str]
    bodies: frozenset[str]
    groups: frozenset[str]
    quantifiers: frozenset[str]
    regional_demonyms: dict[str, str]
    org_heads: dict[str, str]
    honorifics: frozenset[str]
    title_modifiers: frozenset[str]
    named_bodies: dict[str, str]
    name_suffixes: frozenset[str] = frozenset()
    owner_suffixes: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()
    party_letters: frozenset[str] = frozenset()
    us_state_abbrevs: frozenset[str] = frozenset()
    site_tlds: dict[str, str | None] = field(default_factory=dict)
    place_prepositions: frozenset[str] = frozenset()
    state_prepositions: frozenset[str] = frozenset()
    party_members: frozenset[str] = frozenset()


def load_actor_words() -> ActorWords:
    """Read ``data/actor_words.json`` (raises :class:`~dateline.errors.DataError` when it is
    malformed)."""
    path = ilr.files("dateline") / "data" / "actor_words.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataError(f"malformed actor word table {path}: {exc}") from exc
    states = ilr.files("dateline") / "data" / "regions_us_abbrev.json"
    try:
        abbrev = json.loads(states.read_text(encoding="utf-8"))["abbrev"]
    except (ValueError, KeyError) as exc:
        raise DataError(f"malformed US state abbreviations {states}: {exc}") from exc
    raw = dict(raw, us_state_abbrevs=sorted(
        {a.replace(" ", "") for code, forms in abbrev.items() for a in (code, *forms)}))
    return parse_actor_words(raw, str(path))


def parse_actor_words(raw: dict, origin: str = "actor words") -> ActorWords:
    """An :class:`ActorWords` from the JSON object of ``data/actor_words.json``; raises
    :class:`~dateline.errors.DataError` on a missing key or a sector code SPEC does not
    list."""
    try:
        words = ActorWords(frozenset(raw["sectors"]), frozenset(raw["state_sectors"]),
                           frozenset(w.lower() for w in raw["former"]),
                           dict(raw["former_sectors"]),
                           frozenset(w.lower() for w in raw["bodies"]),
                           frozenset(w.lower() for w in raw["groups"]),
                           frozenset(w.lower() for w in raw["quantifiers"]),
                           {k.lower(): v for k, v in raw["regional_demonyms"].items()},
                           {k.lower(): v for k, v in raw["org_heads"].items()},
                           frozenset(w.lower() for w in raw["honorifics"]),
                           frozenset(w.lower() for w in raw["title_modifiers"]),
                           {k.lower(): v for k, v in raw["named_bodies"].items()},
                           frozenset(w.lower() for w in raw.get("name_suffixes", ())),
                           frozenset(w.lower() for w in raw.get("owner_suffixes", ())),
                           frozenset(w.lower() for w in raw.get("facility_heads", ())),
                           frozenset(raw.get("party_letters", ())),
                           frozenset(raw.get("us_state_abbrevs", ())),
                           {k.lower(): v for k, v in raw.get("site_tlds", {}).items()
                            if not k.startswith("_")},
                           frozenset(w.lower() for w in raw.get("place_prepositions", ())),
                           frozenset(w.lower() for w in raw.get("state_prepositions", ())),
                           frozenset(w.lower() for w in raw.get("party_members", ())))
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"malformed actor word table {origin}: missing or bad {exc}") from exc
    unknown = (words.state_sectors | set(words.named_bodies.values()) |
               set(words.org_heads.values()) |
               set(words.former_sectors) | set(words.former_sectors.values())) - words.sectors
    if unknown:
        raise DataError(f"actor word table {origin}: unknown sector codes {sorted(unknown)}")
    return words
