"""Scoring of the multi-coder CAMEO-root sentence set (no model, no shared data)."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.evaluate import sentences as S


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    p = tmp_path / "cameo_conflibert_annotations.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return p


ROWS = [
    {"id": "a", "text": "Rebels attacked the town.", "cameo": "18",
     "rater_codes": {"r1": ["4-18 Assualt"], "r2": ["4-18 Assualt", "0-1 Make Public Statement"],
                     "r3": ["4-19 Fight"], "r4": ["4-17 Coerce"]}},
    {"id": "b", "text": "The minister said the talks went well.", "cameo": "01",
     "rater_codes": {"r1": ["0-1 Make Public Statement"], "r2": ["0-2 Appeal"]}},
    {"id": "c", "text": "The army released two prisoners.", "cameo": "08",
     "rater_codes": {"r1": ["2-8 Yield"], "r2": ["2-8 Yield"], "r3": ["3-11 Disapprove"]}},
    {"id": "d", "text": "Nothing happened here.", "cameo": None, "rater_codes": {}},
]


def test_root_keys_follow_cameo2plover():
    assert S.root_key("01") == S.root_key("02") == S.NONE
    assert S.root_key("09") == S.root_key("11") == "ACCUSE"
    assert S.root_key("19") == "ASSAULT"
    assert S.root_key("08") == "CONCEDE/RETREAT"
    assert S.key_matches("CONCEDE/RETREAT", "RETREAT")
    assert not S.key_matches("ACCUSE", "REJECT")
    assert S.root_key("21") is None


def test_reader_keeps_first_action_of_each_coder(tmp_path):
    items, skipped = S.read_multicoder(_write(tmp_path, ROWS))
    assert not skipped and len(items) == 4
    by_id = {i.id: i for i in items}
    assert by_id["a"].gold == "ASSAULT"
    assert by_id["a"].raters == {"r1": "ASSAULT", "r2": "ASSAULT", "r3": "ASSAULT", "r4": "COERCE"}
    assert by_id["d"].gold is None
    assert S.is_multicoder_file(_write(tmp_path, ROWS))


def test_scores_dateline_beside_coder_agreement(tmp_path):
    items, _ = S.read_multicoder(_write(tmp_path, ROWS))
    answers = {"Rebels attacked the town.": [{"event": "ASSAULT"}],
               "The minister said the talks went well.": [{"event": "CONSULT"}],
               "The army released two prisoners.": [{"event": "ACCUSE"}, {"event": "RETREAT"}]}
    score = S.score_multicoder(items, lambda t: answers[t])
    m = score.metrics()
    assert m["n"] == 3 and m["n_event"] == 2 and score.uncoded == 1
    assert m["type_acc"] == 1 / 3
    assert m["any_type_acc"] == 2 / 3  # the second event of "c" is right
    assert m["event_type_acc"] == 1 / 2
    # coders: a = 3 of 6 pairs agree, b = 1 of 1, c = 1 of 3
    assert abs(m["coder_pairwise"] - (0.5 + 1.0 + 1 / 3) / 3) < 1e-9
    # dateline as one more coder: a 3/4, b 0/2, c 1/3 (ACCUSE agrees with r3)
    assert abs(m["dateline_pairwise"] - (0.75 + 0.0 + 1 / 3) / 3) < 1e-9
    # leave one out: a: r1,r2,r3 vs plurality ASSAULT (agree), r4 vs ASSAULT (no);
    # b: others are single coders (r2 vs NONE, r1 vs NONE; both agree);
    # c: r1 vs tie (skipped), r2 vs tie (skipped), r3 vs CONCEDE/RETREAT (no)
    assert m["loo"] == 7
    assert score.loo_coder == 5
    assert score.loo_dateline == 4  # ASSAULT x4 on a; CONSULT none on b; ACCUSE vs C/R no
    assert score.mistakes[0]["id"] == "b"


def test_broken_coder_counts_errors(tmp_path):
    items, _ = S.read_multicoder(_write(tmp_path, ROWS))

    def boom(text: str) -> list[dict]:
        raise RuntimeError(text)

    score = S.score_multicoder(items, boom)
    assert score.errors == 3
    assert score.metrics()["type_acc"] == 1 / 3  # only "b" (no event) is right
