"""End-to-end tests of the web UI in Debian's chromium (Playwright, no model).

A database is built by hand in tmp_path (documents like tests/unit/test_store.py's), served by
uvicorn on loopback, and driven like an analyst would: filter by an actor, click an event on
the map, land on its sentence in the article reader; brush the timeline; open the network and
an actor page; and check that markup in untrusted article text never runs.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from dateline.model import Actor, Article, Document, EntityMention, Event, Evidence, Location

from tests.webserver import serve, serve_documents

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = "<img src=x onerror=window.__xss=2>"

KIM = Actor("Kim", "Kim Jong-un", "PRK", "GOV")
PUTIN = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
XI = Actor("Xi", "Xi Jinping", "CHN", "GOV")
PLACES = {
    "Moscow": Location("Moscow", "Moscow", 524901, 55.75, 37.62, "RUS", "city"),
    "Beijing": Location("Beijing", "Beijing", 1816670, 39.9, 116.4, "CHN", "city"),
    "Paris": Location("Paris", "Paris", 2988507, 48.85, 2.35, "FRA", "city"),
    "Kyiv": Location("Kyiv", "Kyiv", 703448, 50.45, 30.52, "UKR", "city"),
}
KIM_SENTENCE = "Kim Jong-un arrived in Moscow on Monday for talks with Vladimir Putin."


def make_doc(title: str, body: str, published: str, events: list[dict],
             entities: list[EntityMention] | None = None) -> Document:
    """A stored-ready document; each event dict names its sentence (text found in ``body``)."""
    art = Article(id=Article.make_id(body, title), origin=f"{title[:20]}.txt", body=body,
                  title=title, published=published, source="Test Wire")
    evs = []
    for spec in events:
        sent = spec.pop("sentence")
        start = body.index(sent)
        evs.append(Event(evidence=Evidence("body", sent, start, start + len(sent)),
                         confidence=0.7, **spec))
    return Document(article=art, entities=entities or [], events=evs)


def corpus() -> list[Document]:
    other = "Officials said more meetings would follow."
    return [
        make_doc("Kim in Moscow", f"{KIM_SENTENCE} {other}", "2025-09-02", [dict(
            event="CONSULT", mode="visit", actor=[KIM], recipient=[PUTIN], date="2025-09-01",
            location=PLACES["Moscow"], sentence=KIM_SENTENCE)],
            [EntityMention("Kim Jong-un", "PERSON", 0, 11, "Kim Jong-un", "PRK", "GOV")]),
        make_doc("Putin in Beijing", "Vladimir Putin visited Beijing to meet Xi Jinping. "
                 + other, "2025-09-06", [dict(
                     event="CONSULT", mode="visit", actor=[PUTIN], recipient=[XI],
                     date="2025-09-05", location=PLACES["Beijing"],
                     sentence="Vladimir Putin visited Beijing to meet Xi Jinping.")]),
        make_doc("China accuses Japan", "China accused Japan of provocation on Wednesday.",
                 "2025-09-11", [dict(
                     event="ACCUSE", actor=[Actor("China", "China", "CHN", "GOV")],
                     recipient=[Actor("Japan", "Japan", "JPN", "GOV")], date="2025-09-10",
                     location=PLACES["Beijing"],
                     sentence="China accused Japan of provocation on Wednesday.")]),
        make_doc("Strikes on Kyiv", "Russia struck Kyiv overnight, officials said.",
                 "2025-09-16", [dict(
                     event="ASSAULT", actor=[Actor("Russia", "Russia", "RUS", "MIL")],
                     recipient=[Actor("Ukraine", "Ukraine", "UKR", "GOV")], date="2025-09-15",
                     location=PLACES["Kyiv"],
                     sentence="Russia struck Kyiv overnight, officials said.")]),
        make_doc("Protest in Paris", "Thousands protested in Paris on Thursday.", "2025-09-19",
                 [dict(event="PROTEST", mode="demo", actor=[Actor("protesters", "protesters",
                                                                  "FRA", "CVL")],
                       date="2025-09-18", location=PLACES["Paris"],
                       sentence="Thousands protested in Paris on Thursday.")]),
    ]


def xss_doc() -> Document:
    payload = f"{XSS_SCRIPT} {XSS_IMG}"
    sentence = f"Activists {XSS_SCRIPT} rallied in Paris with {XSS_IMG} banners."
    body = f"{sentence} Nothing else happened."
    crowd = Actor(XSS_IMG, XSS_SCRIPT, "FRA", "CVL")
    start = body.index(XSS_SCRIPT)
    return make_doc(f"Title {payload}", body, "2025-09-13", [dict(
        event="PROTEST", mode="demo", actor=[crowd], recipient=[Actor(XSS_IMG, XSS_IMG)],
        date="2025-09-12", location=PLACES["Paris"], sentence=sentence)],
        [EntityMention(XSS_SCRIPT, "ORG", start, start + len(XSS_SCRIPT), XSS_IMG, "FRA")])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from dateline.store import open_store

    path = tmp_path_factory.mktemp("browser") / "ui.duckdb"
    store = open_store(path)
    for doc in corpus() + [xss_doc()]:
        assert store.add_document(doc)
    from dateline.merge.story_db import rebuild_stories

    rebuild_stories(store)  # `dateline stories --save`: the Stories view lists them
    store.close()
    base, server, thread = serve(path)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


def wait_view(page, name: str, extra: str = "true") -> None:
    """Wait until app.js has finished rendering view ``name`` (body[data-view])."""
    page.wait_for_function(f"() => document.body.dataset.view === {name!r} && ({extra})",
                           timeout=15_000)


def test_filter_actor_click_map_event_lands_on_sentence(page, site, artifacts):
    page.goto(site + "/")
    wait_view(page, "map", "document.querySelectorAll('g.cluster').length > 0")
    counts = page.locator("g.cluster").evaluate_all("gs => gs.map(g => g.dataset.count)")
    assert sorted(counts) == ["1", "1", "2", "2"]  # Moscow, Kyiv; Beijing and Paris hold two
    assert page.locator("g.cluster[data-count='2'] text").all_text_contents() == ["2", "2"]
    assert page.locator(".timeline g.bar").count() > 0  # the map view opens with its timeline
    page.screenshot(path=str(artifacts / "map-all.png"))

    page.fill("form.filters input[name=actor]", "Kim")
    page.click("form.filters button[type=submit]")
    wait_view(page, "map", "location.hash.includes('actor=Kim') && "
                           "document.querySelectorAll('g.cluster').length === 1")
    assert "1 of 1 events have a place" in page.inner_text("#view")
    page.click("g.cluster circle")
    link = page.locator(".popup a.sentence-link")
    link.wait_for(timeout=10_000)
    assert KIM_SENTENCE in page.inner_text(".popup")
    page.screenshot(path=str(artifacts / "map-popup.png"))
    link.click()
    wait_view(page, "article", "document.querySelector('span.ev.active') !== null")
    active = page.locator("span.ev.active")
    assert "".join(active.all_inner_texts()) == KIM_SENTENCE
    assert page.locator(".evlist li.active").count() == 1
    assert page.inner_text(".reader h1") == "Kim in Moscow"
    page.screenshot(path=str(artifacts / "reader-sentence.png"))
    assert page.page_errors == []


def test_timeline_renders_and_brush_filters_table(page, site, artifacts):
    page.goto(site + "/#/events")
    wait_view(page, "events", "document.querySelectorAll('.timeline g.bar').length > 0")
    bars = page.locator(".timeline g.bar")
    # day buckets from 2025-09-01 to 2025-09-18, empty days included, stacked by type
    assert bars.count() == 18
    assert page.locator(".timeline g.bar[data-period='2025-09-01'] rect").count() == 1
    assert page.locator("table.grid tbody tr").count() == 6
    first = page.locator(".timeline g.bar[data-period='2025-09-01']").bounding_box()
    tenth = page.locator(".timeline g.bar[data-period='2025-09-10']").bounding_box()
    svg = page.locator(".timeline svg").bounding_box()
    y = svg["y"] + svg["height"] / 2
    page.mouse.move(first["x"] + 1, y)
    page.mouse.down()
    page.mouse.move((first["x"] + tenth["x"]) / 2, y, steps=4)
    page.mouse.move(tenth["x"] + tenth["width"] / 2, y, steps=4)
    page.mouse.up()
    wait_view(page, "events", "location.hash.includes('since=2025-09-01') && "
                              "location.hash.includes('until=2025-09-10')")
    page.wait_for_function("() => document.querySelectorAll('table.grid tbody tr').length === 3"
                           " && document.querySelector('.timeline rect.brushsel') !== null")
    events = page.locator("table.grid tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(events) == ["ACCUSE", "CONSULT", "CONSULT"]
    assert page.locator(".timeline rect.brushsel").count() == 1
    page.screenshot(path=str(artifacts / "timeline-brushed.png"))
    page.click("text=clear dates")
    page.wait_for_function("() => !location.hash.includes('since=') && "
                           "document.querySelectorAll('table.grid tbody tr').length === 6")
    assert page.page_errors == []


def test_network_renders_and_node_opens_actor_page(page, site, artifacts):
    page.goto(site + "/#/network")
    wait_view(page, "network", "document.querySelectorAll('g.node').length > 0")
    names = set(page.locator("g.node").evaluate_all("ns => ns.map(n => n.dataset.name)"))
    assert {"Kim Jong-un", "Vladimir Putin", "Xi Jinping", "China", "Japan", "Russia",
            "Ukraine"} <= names
    edges = page.locator("line.edge")
    assert edges.count() == 4  # the payload-named (lower-case, generic) crowd is hidden
    assault = page.locator("line.edge[data-source='Russia']")
    assert assault.get_attribute("stroke") == "#d1242f"  # material conflict
    consult = page.locator("line.edge[data-source='Kim Jong-un']")
    assert consult.get_attribute("stroke") == "#4c8bf5"  # verbal cooperation
    # the layout spreads nodes out: no two node centres coincide
    centres = page.locator("g.node").evaluate_all(
        "ns => ns.map(n => n.getAttribute('transform'))")
    assert len(set(centres)) == len(centres)
    page.screenshot(path=str(artifacts / "network.png"))
    putin = page.locator("g.node[data-name='Vladimir Putin']").get_attribute("data-id")
    page.click("g.node[data-name='Vladimir Putin'] circle")
    wait_view(page, "actor", "document.querySelector('ol.visits') !== null")
    assert page.inner_text("#view h2") == "Vladimir Putin"
    # a node is a canonical actor: its page opens by actor id (docs/actors.md)
    assert page.url.endswith("#/actor/" + quote(putin, safe=""))
    assert f"id {putin}" in page.inner_text("#view")
    visits = page.locator("ol.visits li").all_inner_texts()
    assert len(visits) == 1 and visits[0].startswith("2025-09-05 Beijing (CHN)")
    assert page.locator(".timeline g.bar").count() > 0
    assert page.locator(".mapwrap circle.pt").count() == 2  # as actor in Beijing, host in Moscow
    page.screenshot(path=str(artifacts / "actor-page.png"))
    assert page.page_errors == []


def test_untrusted_markup_renders_as_text_and_never_runs(page, site, artifacts):

    aid = xss_doc().article.id
    views = [f"/#/article/{aid}", "/#/events", "/#/articles", "/#/actors", "/#/network",
             "/#/events?q=Activists"]
    for path in views:
        page.goto(site + path)
        page.wait_for_function("() => ['article', 'events', 'articles', 'actors', 'network']"
                               ".includes(document.body.dataset.view)", timeout=15_000)
        assert page.evaluate("() => typeof window.__xss") == "undefined", path
        assert page.locator("#view script, #view img").count() == 0, path
    page.goto(site + f"/#/article/{aid}")
    wait_view(page, "article")
    assert page.inner_text(".reader h1") == f"Title {XSS_SCRIPT} {XSS_IMG}"
    assert XSS_IMG in page.inner_text(".reader .body")
    assert XSS_SCRIPT in page.locator("mark.m").first.inner_text()
    page.screenshot(path=str(artifacts / "xss-article.png"))
    # the actor page of the payload-named actor and the map popup listing its event
    page.goto(site + "/#/actors")
    wait_view(page, "actors")
    # one row per canonical actor, with the sectors it held and their events
    assert "sectors (events)" in page.inner_text("table.grid thead")
    assert all(r.get_attribute("data-id") for r in page.locator("table.grid tbody tr").all())
    page.click(f"table.grid a:text-is('{XSS_SCRIPT}')")
    wait_view(page, "actor")
    assert page.inner_text("#view h2") == XSS_SCRIPT
    page.goto(site + "/#/map?q=Activists")
    wait_view(page, "map", "document.querySelectorAll('g.cluster').length === 1")
    page.click("g.cluster circle")
    page.locator(".popup a.sentence-link").wait_for(timeout=10_000)
    assert XSS_IMG in page.inner_text(".popup")
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert page.locator("img").count() == 0
    assert page.page_errors == []


def test_api_docs_render_offline(page, site, artifacts):
    """/docs draws Swagger UI from the app's own files: every request that leaves the server
    is aborted, and the operations still appear."""
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(site + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() > 10  # the API's operations
    assert "/api/events" in page.inner_text(".swagger-ui")
    page.screenshot(path=str(artifacts / "api-docs-offline.png"))
    assert outside == [] and page.page_errors == []


def test_network_shows_top_actors_and_hides_generic_names(page, site, artifacts):
    """By default the network keeps the 30 actors with the most events and hides pronouns and
    generic names; a control shows more actors, a checkbox the generic names."""
    page.goto(site + "/#/network")
    wait_view(page, "network", "document.querySelectorAll('g.node').length > 0")
    names = set(page.locator("g.node").evaluate_all("ns => ns.map(n => n.dataset.name)"))
    assert "protesters" not in names and XSS_SCRIPT not in names
    assert "pronouns and generic names hidden" in page.inner_text("#view")
    page.check(".netctl input[name=generic]")
    wait_view(page, "network", "location.hash.includes('generic=true') && "
                               "document.querySelectorAll('line.edge').length === 5")
    page.goto(site + "/#/network?actors=3")
    wait_view(page, "network", "document.querySelectorAll('g.node').length > 0")
    assert page.locator("g.node").count() <= 3
    page.click(".netctl button:text('show 30 more actors')")
    wait_view(page, "network", "location.hash.includes('actors=33') && "
                               "document.querySelectorAll('g.node').length > 3")
    assert page.page_errors == []


def test_a_refused_filter_shows_one_error_message(page, site):
    page.goto(site + "/#/events?type=BOMBING")
    wait_view(page, "events", "document.querySelector('#view .error') !== null")
    errors = page.locator("#view .error").all_inner_texts()
    assert len(errors) == 1 and "not a PLOVER event type" in errors[0]
    assert page.page_errors == []


@pytest.mark.parametrize("hash_,view", [("#/events", "events"), ("#/network", "network"),
                                        ("#/map", "map"), ("#/articles", "articles"),
                                        ("#/actors", "actors"), ("#/stats", "stats"),
                                        ("#/stories?min_size=1", "stories")])
def test_every_view_fits_a_390px_phone(browser, site, artifacts, hash_, view):
    """At 390 px nothing widens the page: wide tables scroll inside themselves."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(site + "/" + hash_)
        wait_view(page, view)
        page.wait_for_timeout(200)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (hash_, width)
        for table in page.locator("table.grid").all():
            box = table.bounding_box()
            assert box is None or box["x"] + box["width"] <= 390 + 1, hash_
        page.screenshot(path=str(artifacts / f"mobile-{view}.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


def test_stories_view_lists_stories_and_opens_their_articles(page, site, artifacts):
    page.goto(site + "/#/stories?min_size=1")
    wait_view(page, "stories", "document.querySelectorAll('table.stories tbody tr').length > 0")
    assert page.locator("table.stories tbody tr").count() >= 4
    assert "China accuses Japan" in page.inner_text("table.stories")
    page.goto(site + "/#/stories")  # the default: stories told by two articles or more
    wait_view(page, "stories", "document.querySelectorAll('table.stories tbody tr').length > 0")
    rows = page.locator("table.stories tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Putin in Beijing" in rows[0]  # the two Moscow/Beijing visits
    page.click("table.stories tbody a")
    wait_view(page, "story", "document.querySelector('#view table.grid') !== null")
    assert "2 articles from 1 outlets" in page.inner_text("#view")
    page.screenshot(path=str(artifacts / "story.png"))
    page.click("#view table.grid a:text('Kim in Moscow')")
    wait_view(page, "article")
    assert page.inner_text(".reader h1") == "Kim in Moscow"
    assert page.page_errors == []


# -- the Events view's "Reports | Merged events" toggle -----------------------------------
KIM_AGAIN = "North Korean leader Kim Jong-un met Vladimir Putin in Moscow on Monday."


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory):
    """The corpus plus a second outlet's telling of Kim's visit, merged as ingest merges: five
    merged events, the visit told by two reports from two sources (its own database, so the
    other tests' counts do not move)."""
    again = make_doc("Kim and Putin meet", KIM_AGAIN + " More talks are planned.",
                     "2025-09-02", [dict(event="CONSULT", mode="visit", actor=[KIM],
                                         recipient=[PUTIN], date="2025-09-01",
                                         location=PLACES["Moscow"], sentence=KIM_AGAIN)])
    again.article.source = "Other Wire"
    yield from serve_documents(tmp_path_factory.mktemp("merged") / "merged.duckdb",
                               corpus() + [again])


def merged_rows(page) -> list[str]:
    return page.locator("table.merged tbody tr").all_inner_texts()


def test_events_toggle_shows_merged_events_and_keeps_its_state_in_the_url(page, merged_site,
                                                                          artifacts):
    page.goto(merged_site + "/#/events?type=CONSULT&actor=Kim")
    wait_view(page, "events", "document.querySelectorAll('table.grid tbody tr').length > 0")
    assert page.locator("table.grid tbody tr").count() == 2  # two reports of Kim's visit
    page.click("button[data-rows=merged]")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    # type filters both; actor is no filter of merged events: kept in the URL, named, unused
    assert page.evaluate("location.hash") == "#/events?type=CONSULT&actor=Kim&rows=merged"
    assert "Not applied to merged events: actor=Kim" in page.inner_text(".note.ignored")
    rows = merged_rows(page)
    assert len(rows) == 2  # the visit to Moscow (two reports) and Putin's to Beijing
    kim = page.locator("table.merged tbody tr", has_text="Kim Jong-un")
    cells = kim.locator("td").all_inner_texts()
    assert cells[0] == "2025-09-01" and cells[6] == "Moscow (RUS)"
    assert cells[7:10] == ["2", "2", "2"]  # reports, articles, sources
    assert page.get_attribute("button[data-rows=merged]", "aria-pressed") == "true"
    # its reports: both articles, each opening its sentence
    kim.locator("td.reports button").click()
    page.wait_for_function("() => document.querySelectorAll('ul.reportlist a').length === 2")
    titles = sorted(page.locator("ul.reportlist a").all_inner_texts())
    assert titles == ["Kim and Putin meet", "Kim in Moscow"]
    page.screenshot(path=str(artifacts / "merged-events.png"))
    page.click("button[data-rows=reports]")  # back: the actor filter applies again
    wait_view(page, "events", "!location.hash.includes('rows=')")
    assert page.evaluate("location.hash") == "#/events?type=CONSULT&actor=Kim"
    assert page.locator("table.grid tbody tr").count() == 2
    page.click("button[data-rows=merged]")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    page.locator("table.merged tbody tr", has_text="Kim Jong-un").locator(
        "td.reports button").click()
    page.wait_for_function("() => document.querySelectorAll('ul.reportlist a').length === 2")
    page.click("ul.reportlist a:text('Kim and Putin meet')")
    wait_view(page, "article")
    assert page.inner_text(".reader h1") == "Kim and Putin meet"
    # the filters of merged events: party (either side) and mode
    page.goto(merged_site + "/#/events?rows=merged")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    assert len(merged_rows(page)) == 5 and page.locator(".note.ignored").count() == 0
    page.fill("form.filters input[name=party]", "Xi")
    page.click("form.filters button[type=submit]")
    wait_view(page, "events", "location.hash.includes('party=Xi')")
    page.wait_for_function("() => document.querySelectorAll('table.merged tbody tr').length === 1")
    assert "Xi Jinping" in merged_rows(page)[0]
    # a link with a filter merged events do not take says so, and does not apply it quietly
    page.goto(merged_site + "/#/events?rows=merged&since=2025-09-10")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    assert "Not applied to merged events: since=2025-09-10" in page.inner_text(".note.ignored")
    assert len(merged_rows(page)) == 5
    # a refused value: one error, no table
    page.goto(merged_site + "/#/events?rows=merged&type=BOMBING")
    wait_view(page, "events", "document.querySelector('#view .error') !== null")
    errors = page.locator("#view .error").all_inner_texts()
    assert len(errors) == 1 and "not a PLOVER event type" in errors[0]
    assert page.locator("table.merged").count() == 0
    # and back to reports
    page.goto(merged_site + "/#/events?rows=merged&type=ASSAULT&party=Russia")
    wait_view(page, "events", "document.querySelector('table.merged') !== null")
    page.click("button[data-rows=reports]")
    wait_view(page, "events", "!location.hash.includes('rows=')")
    assert page.evaluate("location.hash") == "#/events?type=ASSAULT"  # no mode/party left
    assert page.locator("table.merged").count() == 0
    assert page.locator("table.grid tbody tr").count() == 1
    assert page.page_errors == []


def test_merged_events_fit_a_390px_phone(browser, merged_site, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(merged_site + "/#/events?rows=merged")
        wait_view(page, "events", "document.querySelector('table.merged') !== null")
        page.wait_for_timeout(200)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        box = page.locator("table.merged").bounding_box()
        assert box["x"] + box["width"] <= 390 + 1
        page.screenshot(path=str(artifacts / "mobile-merged-events.png"), full_page=True)
        assert errors == []
    finally:
        context.close()
