"""The actor word table (data/actor_words.json) and the role table (data/roles.json)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dateline.errors import DataError
from dateline.refdata.actor_words import load_actor_words, parse_actor_words
from dateline.refdata.roles import NOUN_SECTORS, PROXY_ROLES, ROLE_SECTORS, ROLE_TABLE


def _raw() -> dict:
    path = resources.files("dateline") / "data" / "actor_words.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_bundled_table_loads_with_spec_sectors():
    w = load_actor_words()
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "CVL"} <= w.sectors
    assert "PTY" not in w.sectors  # SPEC section 5: a party is GOV or OPP
    assert w.former_sectors["GOV"] == "OPP" and "MIL" not in w.former_sectors
    assert {"police", "court", "parliament", "ministry"} <= w.bodies
    assert w.regional_demonyms["scottish"] == "GBR"
    assert w.named_bodies["senate"] == "LEG"


def test_every_body_and_group_word_has_a_sector_in_the_role_table():
    w = load_actor_words()
    missing = [x for x in w.bodies | w.groups
               if not (NOUN_SECTORS.get(x) or ROLE_SECTORS.get(x) or ROLE_SECTORS.get(x + "s"))]
    assert not missing, missing


def test_unknown_sector_codes_and_missing_keys_are_data_errors():
    raw = _raw()
    raw["named_bodies"] = {"senate": "PTY"}
    with pytest.raises(DataError, match="PTY"):
        parse_actor_words(raw)
    raw = _raw()
    del raw["bodies"]
    with pytest.raises(DataError, match="bodies"):
        parse_actor_words(raw)


def test_role_table_is_read_from_data():
    assert ROLE_TABLE["foreign minister"] == ("GOV", "title")
    assert ROLE_TABLE["group"] == (None, "noun")
    assert ROLE_SECTORS["gov."] == "GOV" and ROLE_SECTORS["sen."] == "LEG"
    assert "man" not in ROLE_SECTORS and NOUN_SECTORS["man"] == "CVL"  # noun use only
    assert {"spokesman", "officials"} <= PROXY_ROLES
