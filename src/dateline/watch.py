"""``dateline watch``: poll a list of feeds every N minutes and ingest what is new.

Each cycle re-reads the feeds file (so it can be edited while watching), fetches every feed,
and runs the entries through the same ingest as ``dateline ingest --feed``. Nothing is done
twice across cycles or restarts: linked pages come from the on-disk fetch cache (``--cache``,
by default a folder beside the database), and an article already stored is recognised by its
content hash right after cleaning and never parsed again. The database is opened for each
cycle and closed in between, so ``dateline serve`` can read it while the watcher sleeps.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 60.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """Seconds in "15m", "30s", "2h", "1d" (a bare number is minutes)."""
    m = _INTERVAL.match(text or "")
    if not m:
        raise ConfigError(f"interval {text!r}: use a number with s, m, h or d, e.g. 15m")
    seconds = float(m.group(1)) * _UNIT[m.group(2)]
    if seconds <= 0:
        raise ConfigError(f"interval {text!r} must be positive")
    return seconds


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs or files, one per line; blank lines and ``#`` comments skipped, order kept."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the feeds file ({exc})") from exc
    feeds: list[str] = []
    for line in lines:
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#") and line not in feeds:
            feeds.append(line)
    return feeds


@dataclass
class CycleReport:
    started: str
    feeds: int
    stats: Counter
    reasons: list[tuple[str, str]]

    def line(self) -> str:
        s = self.stats
        return (f"{self.started} feeds {self.feeds}: read {s['read']}, new {s['stored']}, "
                f"already stored {s['duplicate']}, skipped {s['skipped']}, events {s['events']}")


def run_cycle(feeds_file: str | Path, db: str | Path, pipe: Any, options: Any,
              batch_size: int = 32) -> CycleReport:
    """One poll of every feed in ``feeds_file`` into the database ``db``."""
    from .engine.local import ingest_local
    from .sources.network import ingest_sources
    from .store import open_store

    started = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    feeds = read_feed_list(feeds_file)
    store = open_store(db, wait=30.0, sessions=True)  # `dateline serve` reads between batches
    try:
        stats, reasons = ingest_local(pipe, ingest_sources(feeds, [], [], [], options), store,
                                      batch_size=batch_size)
    finally:
        store.close()
    return CycleReport(started, len(feeds), stats, reasons)


def watch(feeds_file: str | Path, db: str | Path, pipe: Any, options: Any, every: float,
          cycles: int | None = None, echo: Callable[[str], None] = print,
          sleep: Callable[[float], None] = time.sleep) -> list[CycleReport]:
    """Poll every ``every`` seconds, ``cycles`` times (forever when None)."""
    reports: list[CycleReport] = []
    n = 0
    while cycles is None or n < cycles:
        t0 = time.monotonic()
        report = run_cycle(feeds_file, db, pipe, options)
        reports.append(report)
        echo(report.line())
        for origin, reason in report.reasons:
            echo(f"  skipped {origin}: {reason}")
        n += 1
        if cycles is not None and n >= cycles:
            break
        sleep(max(0.0, every - (time.monotonic() - t0)))
    return reports
