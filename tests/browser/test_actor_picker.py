"""The filter forms' actor picker (static/actorpick.js) in Debian's chromium: suggestions from
/api/actors with name, country and actor id; choosing one filters the events, and the merged
events, by the canonical id, which holds every name of the actor ("Haley", "Nikki Haley")."""

from __future__ import annotations

import pytest

from dateline.model import Actor, EntityMention

from tests.browser.test_ui import make_doc, wait_view
from tests.webserver import serve_documents

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PLAN = Actor("the plan", "the plan")


def haley_docs():
    """Two reports of one accusation naming Nikki Haley two ways, and another "Hal" actor."""
    def person(text: str, body: str) -> list[EntityMention]:
        return [EntityMention(text, "PERSON", body.index(text), body.index(text) + len(text),
                              text)]

    full = "Nikki Haley attacked the spending plan on Wednesday."
    short = "Haley attacked the spending plan again, aides said."
    council = "The Halifax Regional Council accused the province of delay."
    return [
        make_doc("Haley on spending", full, "2023-08-24", [dict(
            event="ACCUSE", actor=[Actor("Nikki Haley", "Nikki Haley", "USA", "OPP")],
            recipient=[], date="2023-08-23", sentence=full)], person("Nikki Haley", full)),
        make_doc("Haley again", short, "2023-08-24", [dict(
            event="ACCUSE", actor=[Actor("Haley", "Haley")], recipient=[],
            date="2023-08-23", sentence=short)], person("Haley", short)),
        make_doc("Halifax council", council, "2023-08-25", [dict(
            event="ACCUSE", actor=[Actor("Halifax Regional Council", "Halifax Regional Council",
                                         "CAN", "GOV")], recipient=[], date="2023-08-25",
            sentence=council)]),
    ]


@pytest.fixture(scope="module")
def haley_site(tmp_path_factory):
    yield from serve_documents(tmp_path_factory.mktemp("picker") / "ui.duckdb", haley_docs())


def options(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll("
                           "'ul.suggest:not([hidden]) li[role=option]').length > 0")
    return page.locator("ul.suggest li[role=option]").all_inner_texts()


def test_picking_an_actor_filters_events_by_its_id(page, haley_site, artifacts):
    page.goto(haley_site + "/#/events")
    wait_view(page, "events", "document.querySelectorAll('table.grid tbody tr').length === 3")
    box = page.locator("form.filters input[name=actor]")
    assert box.get_attribute("role") == "combobox"
    box.fill("hal")
    got = options(page)
    # one row per canonical actor, most events first: name, country, id, events
    assert got == ["Nikki Haley USA · nikki-haley@USA · 2 events",
                   "Halifax Regional Council CAN · halifax-regional-council@CAN · 1 event"]
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts / "actor-picker.png"))
    box.press("ArrowDown")
    assert page.get_attribute("ul.suggest li[role=option] >> nth=0", "aria-selected") == "true"
    box.press("Enter")  # chooses the highlighted actor, does not submit yet
    assert box.input_value() == "nikki-haley@USA"
    assert page.inner_text("label.picker .picked") == "= Nikki Haley (USA)"
    assert page.locator("ul.suggest").is_hidden()
    page.click("form.filters button[type=submit]")
    wait_view(page, "events", "location.hash.includes('actor=nikki-haley%40USA')")
    page.wait_for_function("() => document.querySelectorAll('table.grid tbody tr').length === 2")
    rows = page.locator("table.grid tbody tr").all_inner_texts()
    # both names of the actor: its full name and its surname alone
    assert sorted("aides said" in r for r in rows) == [False, True]
    assert not any("Halifax" in r for r in rows)
    # the id in the URL is named beside the field when the view opens again
    page.reload()
    wait_view(page, "events")
    page.wait_for_function("() => (document.querySelector('label.picker .picked') || {})"
                           ".textContent === '= Nikki Haley (USA)'")
    # free text still filters by "name contains": "Nikki" finds one of the two reports
    page.goto(haley_site + "/#/events?actor=Nikki")
    wait_view(page, "events")
    page.wait_for_function("() => document.querySelectorAll('table.grid tbody tr').length === 1")
    assert page.inner_text("label.picker .picked") == ""
    assert page.page_errors == []


def test_picking_a_party_of_merged_events_by_click(page, haley_site, artifacts):
    page.goto(haley_site + "/#/events?rows=merged")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    # the two reports of Haley's accusation are one merged event: merged by the actor id
    assert page.locator("table.merged tbody tr").count() == 2
    haley = page.locator("table.merged tbody tr", has_text="Haley").locator("td").all_inner_texts()
    assert haley[7] == "2"  # reports
    box = page.locator("form.filters input[name=party]")
    box.fill("Haley")
    assert options(page)[0].startswith("Nikki Haley USA · nikki-haley@USA")
    page.click("ul.suggest li[data-id='nikki-haley@USA']")
    assert box.input_value() == "nikki-haley@USA"
    page.click("form.filters button[type=submit]")
    wait_view(page, "events", "location.hash.includes('party=nikki-haley%40USA')")
    page.wait_for_function("() => document.querySelectorAll('table.merged tbody tr').length === 1")
    assert "Nikki Haley" in page.locator("table.merged tbody tr").inner_text()
    page.screenshot(path=str(artifacts / "actor-picker-merged.png"))
    assert page.page_errors == []


def test_the_picker_fits_a_390px_phone(browser, haley_site, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(haley_site + "/#/events")
        wait_view(page, "events")
        page.locator("form.filters input[name=actor]").fill("hal")
        options(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        box = page.locator("ul.suggest").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
        page.screenshot(path=str(artifacts / "mobile-actor-picker.png"), full_page=True)
    finally:
        context.close()
