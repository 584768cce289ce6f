"""Fixtures of the end-to-end browser tests: Debian's chromium driven by Playwright.

Every test here is marked ``browser`` and skips cleanly when Playwright (the Python package) or
the chromium binary is missing, or when chromium cannot start. Playwright never downloads a
browser here: it drives the system's ``/usr/bin/chromium`` (``.ci/run`` installs it with apt).
Screenshots go to ``tmp/artifacts/browser/`` in the repository (or ``$DATELINE_ARTIFACTS``);
they are test artifacts, never committed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in a real browser (chromium)")


def chromium_path() -> str | None:
    """The system chromium: $DATELINE_CHROMIUM, /usr/bin/chromium or chromium on PATH."""
    for cand in (os.environ.get("DATELINE_CHROMIUM"), "/usr/bin/chromium",
                 shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


@pytest.fixture(scope="session")
def artifacts() -> Path:
    out = Path(os.environ.get("DATELINE_ARTIFACTS") or ROOT / "tmp" / "artifacts" / "browser")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pw = sync_api.sync_playwright().start()
    try:
        try:
            b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True,
                                   timeout=60_000)
        except Exception as exc:  # missing libraries, no /dev/shm, ...
            pytest.skip(f"chromium does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()
    finally:
        pw.stop()


@pytest.fixture()
def page(browser, request, artifacts):
    """A fresh page (1200x800) that fails the test on any uncaught page error; a screenshot
    of the final state is saved as ``<test name>-final.png``."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    try:
        pg.screenshot(path=str(artifacts / f"{request.node.name}-final.png"))
    finally:
        context.close()
