"""Screenshots of each UI view for the docs (docs/ui-*.png), taken in Debian's chromium.

Not a test: ``python -m tests.browser.screenshots --db dateline.duckdb --out docs`` serves the
database (build it with ``make run``, from examples/) on a free loopback port and saves one
1200x800 PNG per view: map, events with the timeline, merged events, network, article reader (an event's
sentence selected), actor page (the actor with the most visits), stories; and the events table and
the network on a 390x844 phone screen. ``--only ui-network.png ...`` retakes some of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import quote

from tests.webserver import serve

from .conftest import CHROMIUM_ARGS, chromium_path


def pick(db: Path) -> tuple[str, str, str]:
    """(article id, event id, actor name) worth showing: the article with the most events and
    the actor with the most visits (else the most events)."""
    from dateline.store import open_store

    store = open_store(db, read_only=True)
    try:
        con = store.con
        aid, eid = con.execute(
            "SELECT article_id, min(id) FILTER (WHERE place IS NOT NULL) FROM events "
            "GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1").fetchone()
        if eid is None:
            eid = con.execute("SELECT min(id) FROM events WHERE article_id = ?",
                              [aid]).fetchone()[0]
        actor = con.execute(
            "SELECT coalesce(a.name, a.text) AS n FROM event_actors a JOIN events e "
            "ON e.id = a.event_id WHERE a.role = 'actor' GROUP BY n ORDER BY "
            "count(*) FILTER (WHERE e.event = 'CONSULT' AND e.mode = 'visit') DESC, "
            "count(*) DESC, n LIMIT 1").fetchone()[0]
    finally:
        store.close()
    return aid, eid, actor


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="dateline.duckdb")
    ap.add_argument("--out", default="docs")
    ap.add_argument("--only", nargs="*", help="Take only these files (e.g. ui-network.png).")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    aid, eid, actor = pick(Path(args.db))
    views = {
        "ui-map.png": ("#/map", "map"),
        "ui-events.png": ("#/events", "events"),
        "ui-merged-events.png": ("#/events?rows=merged", "events"),
        "ui-network.png": ("#/network", "network"),
        "ui-reader.png": (f"#/article/{aid}?event={eid}", "article"),
        "ui-actor.png": (f"#/actor/{quote(actor)}", "actor"),
        "ui-stories.png": ("#/stories", "stories"),
        # a phone (390 px wide): the events table scrolls inside itself
        "ui-mobile-events.png": ("#/events", "events"),
        "ui-mobile-network.png": ("#/network", "network"),
    }
    if args.only:
        views = {k: v for k, v in views.items() if k in args.only}
    base, server, thread = serve(Path(args.db))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            desktop = browser.new_page(viewport={"width": 1200, "height": 800})
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            for name, (hash_, view) in views.items():
                page = phone if "mobile" in name else desktop
                page.goto(f"{base}/{hash_}")
                page.wait_for_function(f"() => document.body.dataset.view === {view!r}",
                                       timeout=20_000)
                page.wait_for_timeout(600)  # smooth scrolling to the selected sentence
                page.screenshot(path=str(out / name))
                print(out / name)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
