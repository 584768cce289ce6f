"""Metrics of ``dateline evaluate timex | geo | ner`` on tiny hand-made cases (no model).

Every expected number below was worked out by hand; the derivation is in the comments.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

from dateline.evaluate import geo_eval as G
from dateline.evaluate import ner_eval as N
from dateline.evaluate import timex_eval as T
from dateline.refdata.gazetteer import Gazetteer, Place

# -- timex ------------------------------------------------------------------------------------


def _doc() -> T.TimeMLDoc:
    gold = [
        T.Timex(10, 16, "Monday", "DATE", "2020-06-01"),
        T.Timex(30, 38, "May 2020", "DATE", "2020-05"),
        T.Timex(39, 48, "last week", "DATE", "2020-W22"),
        T.Timex(60, 70, "two months", "DURATION", "P2M"),
    ]
    return T.TimeMLDoc("d", "x" * 80, date(2020, 6, 3), gold)


def _pred() -> list[T.Timex]:
    return [
        T.Timex(10, 16, "Monday", "DATE", "2020-06-01"),  # strict, value right
        T.Timex(27, 38, "in May 2020", "DATE", "2020-05"),  # relaxed only, value right
        T.Timex(39, 48, "last week", "DATE", "2020-W21"),  # strict, value wrong
        T.Timex(0, 2, "He", "DATE", "2020"),  # false alarm
        T.Timex(64, 70, "months", "DATE", "2020-04"),  # overlaps only the DURATION: out of scope
    ]


def test_timex_strict_relaxed_value_by_hand():
    sc = T.TimexScore()
    sc.add(_doc(), _pred(), keep_errors=True)
    d = sc.to_dict()
    # DATE scope: 3 gold, 4 system (the 5th only overlaps a DURATION), strict 2, relaxed 3
    assert (d["gold"], d["pred"]) == (3, 4)
    assert d["strict_p"] == 0.5 and d["strict_r"] == round(2 / 3, 4)
    assert d["strict_f1"] == round(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), 4)  # 0.5714
    assert d["relaxed_p"] == 0.75 and d["relaxed_r"] == 1.0
    assert d["relaxed_f1"] == round(2 * 0.75 / 1.75, 4)  # 0.8571
    assert d["value_acc"] == round(2 / 3, 4)
    assert d["value_f1"] == round(2 * 0.75 / 1.75 * 2 / 3, 4)  # 0.5714
    # all types: 4 gold, 5 system; strict 2; relaxed 4 (the DURATION overlap counts)
    assert (d["all_gold"], d["all_pred"]) == (4, 5)
    assert d["all_strict_f1"] == round(2 * 0.4 * 0.5 / 0.9, 4)
    assert d["all_relaxed_f1"] == round(2 * 0.8 * 1.0 / 1.8, 4)
    kinds = sorted(e["kind"] for e in sc.errors)
    assert kinds == ["spurious", "value"]


def test_relaxed_match_is_one_to_one():
    gold = [T.Timex(0, 10, "a"), T.Timex(12, 20, "b")]
    pred = [T.Timex(5, 15, "c")]  # overlaps both, may match only one
    assert len(T.match(gold, pred, strict=False)) == 1
    assert T.match(gold, pred, strict=True) == []


def test_normalise_value_and_weeks():
    assert T.normalise_value("1968-XX") == "1968"
    assert T.normalise_value("1998-12-XX") == "1998-12"
    assert T.normalise_value("2000-W7") == "2000-W07"
    assert T.normalise_value("2000-01-05TEV") == "2000-01-05"
    assert T.normalise_value("present_ref") == "PRESENT_REF"
    # dateline's week value is its Monday; 2020-05-25 is in ISO week 22
    assert T.timeml_value("2020-05-25", "week") == "2020-W22"
    assert T.timeml_value("2020-05", "month") == "2020-05"


def test_text_period():
    assert T.text_period("on Friday") == "day"
    assert T.text_period("Aug. 7") == "day"
    assert T.text_period("in 1995") == "year"
    assert T.text_period("last October") == "month"
    assert T.text_period("last week") == "week"
    assert T.dateparser_value(__import__("datetime").datetime(1995, 9, 30), "year") == "1995"


TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>
Bombs <EVENT eid="e1">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; on
<TIMEX3 tid="t2" type="DATE" value="1998-08-03">Aug. 3</TIMEX3>, for <TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml_offsets(tmp_path):
    p = tmp_path / "a.tml"
    p.write_text(TML, encoding="utf-8")
    doc = T.read_tml(p)
    assert doc.dct == date(1998, 8, 7)
    assert [t.text for t in doc.timexes] == ["Friday", "Aug. 3", "two days"]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert "&" in doc.text and "<" not in doc.text
    rep = T.evaluate_timex(tmp_path, baseline=False)
    # the rule finder gets both dates right; "two days" is a DURATION, out of scope
    assert rep["docs"] == 1 and rep["dateline"]["gold"] == 2
    assert rep["dateline"]["value_f1"] == 1.0


def test_cli_registers_commands(tmp_path):
    from dateline.evaluate.cli_evaluate import evaluate_app

    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    app = typer.Typer()
    app.add_typer(evaluate_app, name="evaluate")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["evaluate", "timex", str(tmp_path), "--no-baseline",
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    pairs = dict(kv.split("=") for kv in last.split())
    assert pairs["docs"] == "1" and float(pairs["value_f1"]) == 1.0
    assert json.loads(out.read_text())["dateline"]["gold"] == 2
    res = CliRunner().invoke(app, ["evaluate", "timex", str(tmp_path / "none")])
    assert res.exit_code == 1


# -- geo --------------------------------------------------------------------------------------


def test_haversine_by_hand():
    # one degree of longitude on the equator = 2 pi R / 360
    assert G.haversine_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * G.EARTH_RADIUS_KM / 360)
    assert G.haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * G.EARTH_RADIUS_KM)
    assert G.haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert G.haversine_km(10, 20, 10, 20) == 0


def test_auc_by_hand():
    # scaled errors are log(1+e)/log(20039): 0 km -> 0, 20039 km -> log(20040)/log(20039)
    top = math.log(20040) / math.log(20039)
    assert G.auc_of_errors([]) == 0.0
    assert G.auc_of_errors([0.0]) == 0.0
    assert G.auc_of_errors([20039.0, 0.0]) == pytest.approx(top / 2)  # one trapezoid
    # sorted [0, 0, max]: trapezoids 0 and top/2 over 2 steps -> top/4
    assert G.auc_of_errors([0.0, 20039.0, 0.0]) == pytest.approx(top / 4)
    # e = 19 km: log(20)/log(20039); two equal points -> the same value
    assert G.auc_of_errors([19.0, 19.0]) == pytest.approx(math.log(20) / math.log(20039))


def _gaz(countries) -> Gazetteer:
    places = [
        (Place("Springfield", 39.80, -89.64, "USA", "city", 1, 116000, "IL"), []),
        (Place("Springfield", 37.21, -93.29, "USA", "city", 2, 169000, "MO"), []),
        (Place("Peoria", 40.69, -89.59, "USA", "city", 3, 113000, "IL"), []),
        (Place("Illinois", 40.0, -89.0, "USA", "region", 4, 12000000, "IL"), ["Ill."]),
    ]
    return Gazetteer(countries, places)


def test_most_populous_and_context(countries):
    gaz = _gaz(countries)
    assert G.most_populous(gaz, "Springfield").admin1 == "MO"  # 169k > 116k
    assert G.most_populous(gaz, "Nowhere") is None
    assert G.most_populous(gaz, "France").resolution == "country"
    art = G.GeoArticle("a", "Springfield, near Peoria in Illinois.", [
        G.Toponym(0, 11, "Springfield", 39.80, -89.64),
        G.Toponym(18, 24, "Peoria", 40.69, -89.59),
        G.Toponym(28, 36, "Illinois", 40.0, -89.0),
    ])
    # dateline's ranking uses the state the article names: Springfield, IL
    assert G.dateline_resolver(gaz)(art)[0].admin1 == "IL"
    sc, classes = G.score_resolution([art], G.dateline_resolver(gaz), gaz)
    assert sc.to_dict()["acc161"] == 1.0 and not classes
    base, classes = G.score_resolution([art], G.population_resolver(gaz), gaz)
    # baseline: Springfield MO is ~370 km from Springfield IL -> 2 of 3 within 161 km
    assert base.to_dict()["acc161"] == round(2 / 3, 4)
    assert sum(classes.values()) == 1


def test_unresolved_counts_as_max_error(countries):
    gaz = _gaz(countries)
    # a name no gazetteer holds ("Atlantis" is a Florida town in GeoNames cities1000)
    # (two articles: within one, the evaluation places an unknown name at its nearest
    # named neighbour)
    unknown = G.GeoArticle("a", "Qxzvbrook.", [G.Toponym(0, 9, "Qxzvbrook", 0, 0)])
    known = G.GeoArticle("b", "Peoria.", [G.Toponym(0, 6, "Peoria", 40.69, -89.59)])
    sc, classes = G.score_resolution([unknown, known], G.dateline_resolver(gaz), gaz)
    d = sc.to_dict()
    assert d["coverage"] == 0.5 and d["acc161"] == 0.5 and d["acc161_resolved"] == 1.0
    assert d["mean_km"] == pytest.approx(G.MAX_ERROR_KM / 2, abs=0.01)
    assert classes == {"unresolved name (missing from gazetteer)": 1}


def test_demonym_resolver(countries):
    gaz = _gaz(countries)
    fr = countries.get("FRA")
    art = G.GeoArticle("a", "French troops", [G.Toponym(0, 6, "French", fr.lat, fr.lon)])
    # the gazetteer itself reads a nationality word no place is named as its country
    assert G.dateline_resolver(gaz)(art)[0].country == "FRA"
    assert G.demonym_resolver(gaz)(art)[0].country == "FRA"


LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="7"><text>Peoria police said. Springfield too.</text>
<toponyms><toponym><start>0</start><end>6</end><phrase>Peoria</phrase>
<gaztag geonameid="3"><lat>40.69</lat><lon>-89.59</lon></gaztag></toponym>
<toponym><start>20</start><end>31</end><phrase>Springfield</phrase></toponym>
</toponyms></article></articles>"""

GEOVIRUS = """<articles><article><source>u</source><text>A farm in Pandi, Bulacan.</text>
<locations><location><name>Pandi</name><start>11</start><end>16</end><lat>14.87</lat>
<lon>120.95</lon></location></locations></article></articles>"""


def test_read_corpus_formats(tmp_path):
    p = tmp_path / "lgl.xml"
    p.write_text(LGL, encoding="utf-8")
    arts = G.read_corpus(p)
    # the toponym without a gaztag has no gold coordinates and is left out
    assert len(arts) == 1 and [t.text for t in arts[0].toponyms] == ["Peoria"]
    q = tmp_path / "gv.xml"
    q.write_text(GEOVIRUS, encoding="utf-8")
    t = G.read_corpus(q)[0].toponyms[0]
    # GeoVirus-style offsets one character off are re-aligned on the gold name
    assert (t.start, t.end, t.text) == (10, 15, "Pandi")


GWN = """<articles><article file="0"><text>Peoria said Springfield and Illinois grew. French.</text>
<toponyms>
<toponym><extractedName>Peoria</extractedName><type>Metonymic</type><start>0</start><end>6</end>
<latitude>40.69</latitude><longitude>-89.59</longitude></toponym>
<toponym><extractedName>Springfield</extractedName><type>Literal</type><start>12</start>
<end>23</end><latitude>39.80</latitude><longitude>-89.64</longitude></toponym>
<toponym><extractedName>Illinois</extractedName><type>Literal_Modifier</type><start>28</start>
<end>36</end><latitude/><longitude/></toponym>
<toponym><extractedName>French</extractedName><type>Demonym</type><start>43</start><end>49</end>
<latitude>46.0</latitude><longitude>2.0</longitude></toponym>
</toponyms></article></articles>"""


def test_literal_only_end_to_end(tmp_path, countries):
    from dateline.model import PlaceMention

    gaz = _gaz(countries)
    p = tmp_path / "GWN.xml"
    p.write_text(GWN, encoding="utf-8")
    arts = G.read_corpus(p)
    assert [t.kind for t in arts[0].toponyms] == ["Metonymic", "Literal", "Demonym"]
    lit = G.literal_only(arts, gaz)
    assert [t.text for t in lit[0].toponyms] == ["Springfield"]
    assert lit[0].neutral == [(0, 6), (43, 49)]
    # LGL-style (no type): a nationality word is not literal, a place name is
    assert not G.is_literal(gaz, "Russians", "") and G.is_literal(gaz, "Peoria", "")

    def process(doc):  # found: Peoria (metonymic), Springfield (MO), Illinois (no coords)
        doc.places = [PlaceMention(text=t, start=s, end=e, lat=la, lon=lo)
                      for t, s, e, la, lo in [("Peoria", 0, 6, 40.69, -89.59),
                                              ("Springfield", 12, 23, 39.80, -89.64),
                                              ("Illinois", 28, 36, 40.0, -89.0)]]
        return doc

    allr = G.score_end_to_end(arts, process, gaz)
    # every typed toponym with coordinates: 3 gold, 3 found; Illinois has no coordinates,
    # so it counts as a wrong prediction
    assert allr["gold"] == 3 and allr["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert allr["precision"] == pytest.approx(2 / 3, abs=1e-4)
    litr = G.score_end_to_end(lit, process, gaz, literal=True)
    # literal only: Springfield the one gold toponym; Peoria neutral; Illinois a literal span
    assert litr["gold"] == 1 and litr["pred"] == 2 and litr["precision"] == 1.0
    assert litr["acc161_of_gold"] == 1.0
    # the baseline places the same found "Springfield" at the bigger one, in Missouri
    assert litr["baseline_acc161_of_gold"] == 0.0


def test_end_to_end_by_halves_runs_each_article_once(tmp_path, countries):
    from dateline.model import PlaceMention

    gaz = _gaz(countries)
    p = tmp_path / "GWN.xml"
    p.write_text(GWN, encoding="utf-8")
    calls = []

    def process(doc):
        calls.append(doc.article.id)
        doc.places = [PlaceMention(text="Springfield", start=12, end=23, lat=39.8, lon=-89.64)]
        return doc

    report = G.evaluate_geo(p, gaz, process=process, literal=True)
    first, second = report["end_to_end_halves"]
    # one article: the first half is empty, the second is the whole corpus
    assert first["gold"] == 0 and second == {k: v for k, v in report["end_to_end"].items()
                                             if k != "seconds"}
    assert second["acc161_of_gold"] == 1.0
    assert len(calls) == 1
    assert "e2e_found_within161_second_half=1.0" in G.summary_line(report)


# -- ner --------------------------------------------------------------------------------------


def test_ner_scores_by_hand():
    text = "John Smith met the Army in Syria. We agreed."
    doc = N.NerDoc("d", "s", text, [(0, 10, "Person"), (15, 23, "Organisation"),
                                    (27, 32, "Location"), (27, 32, "Organisation"),
                                    (34, 36, "Organisation")])
    sc = N.NerScore()
    # exact Person; "Army" overlaps "the Army"; Syria exact Location; a spurious Person
    sc.add(doc, [(0, 10, "Person"), (19, 23, "Organisation"), (27, 32, "Location"),
                 (37, 43, "Person")], keep_errors=True)
    d = sc.to_dict()
    assert d["Person"]["p"] == 0.5 and d["Person"]["r"] == 1.0
    assert d["Organisation"]["f1"] == 0.0
    # overlap: 1 of 1 predicted, 1 of 3 gold -> F1 = 2*1*(1/3)/(4/3) = 0.5
    assert d["Organisation"]["overlap_p"] == 1.0 and d["Organisation"]["overlap_f1"] == 0.5
    assert d["Location"]["f1"] == 1.0
    # micro over Person/Org/Location: gold 5, pred 4, exact 2 -> p .5 r .4 f1 .4444
    assert d["micro"]["p"] == 0.5 and d["micro"]["r"] == 0.4 and d["micro"]["f1"] == 0.4444
    assert N.is_named("the Army") and N.is_named("The UK")
    assert not N.is_named("We") and not N.is_named("the city")


def test_read_re3d(tmp_path):
    src = tmp_path / "Src"
    src.mkdir()
    (src / "documents.json").write_text(
        '\ufeff{"_id": "D1", "text": "Syria and Iraq"}\n', encoding="utf-8")
    ents = [{"documentId": "D1", "begin": 0, "end": 5, "type": "Location", "value": "Syria"},
            {"documentId": "D1", "begin": 0, "end": 5, "type": "Location", "value": "Syria"},
            {"documentId": "D1", "begin": 10, "end": 14, "type": "Organisation", "value": "Iraq"}]
    (src / "entities.json").write_text("\n".join(json.dumps(e) for e in ents), encoding="utf-8")
    docs = N.read_re3d(tmp_path)
    assert len(docs) == 1 and docs[0].gold == [(0, 5, "Location"), (10, 14, "Organisation")]
    assert N.read_re3d(src)[0].id == "D1"
    assert N.mapped("GPE") == "Location" and N.mapped("DATE") is None
