"""The PLOVER table of SPEC section 2, written once (dateline.plover) and read everywhere."""

from __future__ import annotations

from dateline import plover
from dateline.evaluate import sentences
from dateline.web import queries


def test_sixteen_types_four_quads_and_modes():
    assert len(plover.TYPES) == 16 == len(plover.QUAD) == len(plover.MODES)
    assert set(plover.QUAD.values()) == {1, 2, 3, 4}
    assert plover.QUAD["CONCEDE"] == 1 and plover.QUAD["RETREAT"] == 2  # SPEC section 2
    assert "visit" in plover.MODES["CONSULT"] and plover.MODES["AGREE"] == ()


def test_every_reader_uses_the_one_table():
    assert queries.QUAD_CLASS is plover.QUAD
    assert sentences.PENTA is plover.QUAD
    assert sentences.PLOVER_TYPES == plover.TYPES


def test_old_names_are_aliases():
    assert plover.canonical_type("fight") == "ASSAULT"
    assert plover.canonical_type("DEMAND") == "REQUEST"
    assert plover.canonical_type("Assault") == "ASSAULT"
    assert plover.canonical_type("BOMBING") is None and plover.canonical_type("") is None
