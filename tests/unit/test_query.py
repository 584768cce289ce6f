"""dateline.query on its own: parsing and validating filters, date intervals (the Python and
SQL forms agree), literal text matching, paging, and id lookups (hand-built data, no model)."""

from __future__ import annotations

import duckdb
import pytest

from dateline.errors import DatelineError, FilterError
from dateline.query import (EVENT_END_SQL, EVENT_START_SQL, AmbiguousId, EventFilter,
                            check_page, date_implausible, event_ids, events, interval_end,
                            interval_start, lookup, order_by)
from dateline.store import open_store

from . import querydb


def test_a_filter_normalises_what_it_is_given():
    flt = EventFilter(type=" fight ", mode="Firearms", modality="ASSERTED", country="isr",
                      actor_sector="mil", since="2019", until="2019-05", min_confidence="0.5",
                      bbox="1,2,3,4", actor="", q="  ")
    assert (flt.type, flt.mode, flt.modality, flt.country, flt.actor_sector) == \
        ("ASSAULT", "firearms", "asserted", "ISR", "MIL")
    assert flt.min_confidence == 0.5 and flt.bbox == (1.0, 2.0, 3.0, 4.0)
    assert flt.actor is None and flt.q == "  "  # an empty filter is none; spaces are text
    assert flt.notes == ("type FIGHT is PLOVER's old name for ASSAULT; showing ASSAULT "
                         "events",)
    assert (flt.date_from, flt.date_to) == ("2019-01-01", "2019-05-31")
    assert EventFilter().is_empty() and not flt.is_empty()
    assert EventFilter(type="ASSAULT").notes == ()


@pytest.mark.parametrize("old,new", [("FIGHT", "ASSAULT"), ("demand", "REQUEST"),
                                     ("Disapprove", "ACCUSE"), ("INVESTIGATE", "ACCUSE")])
def test_every_old_plover_name_is_an_alias(old, new):
    flt = EventFilter(type=old)
    assert flt.type == new and new in flt.notes[0]


@pytest.mark.parametrize("kwargs,param", [
    ({"type": "BOMBING"}, "type"), ({"mode": "walk"}, "mode"),
    ({"type": "AGREE", "mode": "visit"}, "mode"), ({"modality": "maybe"}, "modality"),
    ({"sector": "PTY"}, "sector"), ({"country": "ISRA"}, "country"),
    ({"recipient_country": "isreal"}, "recipient_country"), ({"since": "2023-13"}, "since"),
    ({"until": "2023-02-29"}, "until"), ({"since": "0000"}, "since"),
    ({"since": "2023-1-5"}, "since"), ({"since": "2024", "until": "2023-12-31"}, "since"),
    ({"min_confidence": float("nan")}, "min_confidence"), ({"min_confidence": "x"},
                                                           "min_confidence"),
    ({"bbox": "0,95,10,99"}, "bbox"), ({"bbox": "inf,0,1,1"}, "bbox"),
    ({"actor": "x" * 201}, "actor"), ({"q": "y" * 501}, "q"),
])
def test_refused_values_name_their_parameter(kwargs, param):
    with pytest.raises(FilterError) as err:
        EventFilter(**kwargs)
    assert err.value.param == param and isinstance(err.value, DatelineError)
    assert str(err.value).startswith(f"{param}: ") and "\n" not in str(err.value)


def test_a_leap_day_and_a_range_inside_one_period_are_fine():
    assert EventFilter(since="2024-02-29").since == "2024-02-29"
    assert EventFilter(since="2019-05", until="2019").until == "2019"  # they overlap


def test_refusals_list_the_allowed_values():
    with pytest.raises(FilterError) as err:
        EventFilter(modality="maybe")
    assert err.value.allowed == ("asserted", "historical", "future", "hypothetical", "negated")
    with pytest.raises(FilterError) as err:
        EventFilter(country="Israel")
    assert "ISR" in err.value.allowed and len(err.value.allowed) > 200
    assert "did you mean ISR?" in err.value.reason


@pytest.mark.parametrize("value", ["2019", "2019-02", "2019-12", "2019-05-03", "199", "20",
                                   "2019-05-03T10:00", "2019-W05", ""])
def test_interval_bounds_are_the_same_in_python_and_sql(value):
    con = duckdb.connect()
    con.execute("CREATE TABLE events (date VARCHAR, date_end VARCHAR)")
    con.execute("INSERT INTO events VALUES (?, NULL)", [value])
    got = con.execute(f"SELECT {EVENT_START_SQL}, {EVENT_END_SQL} FROM events").fetchone()
    assert got == (interval_start(value), interval_end(value))


def test_interval_bounds():
    assert (interval_start("2019"), interval_end("2019")) == ("2019-01-01", "2019-12-31")
    assert (interval_start("2019-02"), interval_end("2019-02")) == ("2019-02-01", "2019-02-31")
    assert (interval_start("199"), interval_end("199")) == ("1990-01-01", "1999-12-31")
    assert interval_start("2019-05-03") == interval_end("2019-05-03") == "2019-05-03"
    assert "2019-02-28" < interval_end("2019-02") < "2019-03-01"


def test_paging_is_checked():
    assert check_page(" -date ", 10, None) == ("-date", 10, 0)
    assert check_page("", None, 3) == (None, None, 3)
    for args, param in [((None, 0, 0), "limit"), ((None, -5, 0), "limit"),
                        ((None, 1001, 0, 1000), "limit"), ((None, 5, -1), "offset"),
                        (("evidence", None, 0), "sort")]:
        with pytest.raises(FilterError) as err:
            check_page(*args)
        assert err.value.param == param
    assert order_by("-confidence").startswith(" ORDER BY confidence DESC NULLS LAST")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "q.duckdb"
    labels, arts = querydb.build(path)
    store = open_store(path)
    yield store.con, labels, arts
    store.close()


def test_text_filters_are_literal(db):
    con, labels, _ = db
    assert events(con, EventFilter(q="100%"), limit=None)[1] == 1
    assert events(con, EventFilter(q="100_"), limit=None)[1] == 0  # "_" is no wildcard
    assert events(con, EventFilter(party="%"), limit=None)[1] == 0
    assert events(con, EventFilter(article="_"), limit=None)[1] == 0
    assert events(con, EventFilter(actor="' OR 1=1 --"), limit=None)[1] == 0


def test_offset_without_limit_and_the_total(db):
    con, labels, _ = db
    rows, total = events(con, EventFilter(type="ASSAULT"), sort="-confidence", limit=None,
                         offset=1)
    assert total == 3 and [r["id"] for r in rows] == [labels["e02"], labels["e03"]]


def test_lookup_finds_articles_and_events_by_id_or_prefix(db):
    con, labels, arts = db
    kind, art = lookup(con, arts["B"][:10])
    assert kind == "article" and art["article"]["id"] == arts["B"] and len(art["events"]) == 6
    kind, ev = lookup(con, labels["e13"])
    assert kind == "event" and ev["event"] == "ASSAULT" and ev["article"]["id"] == arts["B"]
    kind, ev = lookup(con, labels["e13"][:12])
    assert kind == "event" and ev["id"] == labels["e13"]
    assert lookup(con, "zzzz") is None
    assert event_ids(con, "") == []  # every event starts so: not one


def test_an_id_naming_an_article_and_an_event_is_ambiguous(db):
    con, labels, arts = db
    # an event whose id starts like an article's id
    con.execute("UPDATE events SET id = ? WHERE id = ?", [arts["C"][:6] + "ffff", labels["e05"]])
    with pytest.raises(AmbiguousId) as err:
        lookup(con, arts["C"][:6])
    assert "both article" in str(err.value)
    assert lookup(con, arts["C"])[0] == "article"  # the full id is unambiguous


# -- implausible dates ------------------------------------------------------------------------
@pytest.mark.parametrize("modality,date,published,expected", [
    ("asserted", "2100", "2023-11-08", True),
    ("historical", "2040-05", "2023-11-08", True),
    ("negated", "2023-11-10", "2023-11-08T22:00:00Z", True),  # two days after
    ("asserted", "2023-11-09", "2023-11-08", False),  # a day after: time zones
    ("asserted", "2023-11", "2023-11-08", False),  # the month began before
    ("asserted", "2023", "2023-11-08", False),
    ("future", "2030", "2023-11-08", False),  # a plan may be dated later
    ("hypothetical", "2030", "2023-11-08", False),
    ("asserted", None, "2023-11-08", False),
    ("asserted", "2100", None, False),  # no publication date: nothing to compare
    ("asserted", "2100", "soon", False),
])
def test_date_implausible_rule(modality, date, published, expected):
    assert date_implausible(modality, date, published) is expected


def test_implausible_events_are_flagged_and_never_sorted_first(tmp_path):
    """Every reader gets the flag from the query layer; newest first puts the impossible
    dates (2100, 2040) after the plausible ones, and oldest first does too."""
    from dateline.model import Actor, Article, Document, Event, Evidence

    body = "A. B. C. D. E."
    art = Article(id=Article.make_id(body, "t"), origin="x.txt", body=body, title="t",
                  published="2023-11-08")
    kim = Actor("Kim", "Kim Jong-un", "PRK", "GOV")
    specs = [("2100", "asserted"), ("2023-11-07", "asserted"), ("2040", "historical"),
             ("2035", "future"), (None, "asserted")]
    evs = []
    for i, (date, modality) in enumerate(specs):
        ev = Event("CONSULT", [kim], Evidence("body", body[3 * i:3 * i + 2], 3 * i, 3 * i + 2),
                   modality=modality, date=date)
        ev.assign_id(art.id)
        evs.append(ev)
    path = tmp_path / "i.duckdb"
    store = open_store(path)
    store.add_document(Document(article=art, events=evs))
    try:
        newest = [(r["date"], r["date_implausible"])
                  for r in events(store.con, EventFilter(), limit=None)[0]]
        assert newest == [("2035", False), ("2023-11-07", False), ("2100", True),
                          ("2040", True), (None, False)]
        oldest = [r["date"] for r in events(store.con, EventFilter(), sort="date", limit=None)[0]]
        assert oldest == ["2023-11-07", "2035", "2040", "2100", None]
        by_conf = events(store.con, EventFilter(), sort="-confidence", limit=None)[0]
        assert sum(r["date_implausible"] for r in by_conf) == 2
        found = lookup(store.con, evs[0].id)
        assert found is not None and found[1]["date_implausible"] is True
    finally:
        store.close()
    from typer.testing import CliRunner

    from dateline.cli import app

    shown = CliRunner().invoke(app, ["show", evs[0].id, "--db", str(path)])
    assert shown.exit_code == 0 and "date: 2100 [implausible:" in shown.output
    plain = CliRunner().invoke(app, ["show", evs[1].id, "--db", str(path)])
    assert plain.exit_code == 0 and "implausible" not in plain.output


def test_an_offset_beyond_a_64_bit_integer_is_refused():
    """schemathesis found `/api/actors?offset=9223372036854775808` answering 500 (DuckDB's
    OFFSET is a signed 64-bit integer): offsets are bounded everywhere."""
    from dateline.query import MAX_OFFSET

    assert check_page(None, 10, MAX_OFFSET)[2] == MAX_OFFSET
    with pytest.raises(FilterError) as err:
        check_page(None, 10, 2 ** 63)
    assert err.value.param == "offset"
