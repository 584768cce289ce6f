"""The web API under concurrent clients while `dateline ingest` writes to the same database (a
benchmark on loopback, bounded in count and time; not a test).

Phases, each against its own copy of one seed database (``--seed`` real pages ingested first):

1. ``reads alone``: a ``dateline serve``-equivalent server (uvicorn in a child process, response
   cache off so that every request reads the database) and ``--clients`` client threads with
   keep-alive connections for ``--read-seconds`` (at most ``--max-requests`` requests), no
   ingest. The baseline for latency.
2. ``ingest alone``: ``dateline ingest`` of ``--pages`` real pages, no server (and the same
   in the old mode, see 4).
3. ``reads + ingest``: the same clients against the server while the same ingest runs in
   another process; the clients run until the ingest exits (bounded by ``--max-seconds`` and
   ``--max-requests``).
4. ``reads + ingest, old``: phase 3 with the ingest holding DuckDB's write lock for its whole
   run, as before write sessions (the same CLI with ``open_store`` patched to the old
   mode). The clients start once the ingest holds the file: had they kept the server's
   connection busy first, the old ingest would have been refused outright (it waits 5 s for
   the lock). With ``ingest alone, old`` (no server), the before/after comparison;
   ``--no-old`` skips both.

For each phase: requests served (2xx), errors (non-2xx responses and failed connections; the
target is 0), throughput, p50/p90/p99/max latency of the reads, and for ingest phases the
ingest's wall time and its rate: articles stored per second between the first and the last
article's ``ingested_at`` (model loading excluded, the same for every phase).

Request mix (fixed, cycled by each client from its own offset): event pages at varying offsets
and filters, /api/stats, /api/articles, /api/actors, /api/timeline.

Data: the English pages of ../shared/data/htmldate-eval (Apache-2.0, Adrien Barbaresi), sorted
by name; or ``--data DIR`` (any folder ``dateline ingest`` reads).

Usage: ``python bench/api_under_ingest.py [--pages 40] [--seed 20] [--clients 8]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "htmldate-eval" / "default_html_en"
TYPES = ["CONSULT", "ACCUSE", "AGREE", "ASSAULT", "SUPPORT", "COOPERATE"]

SERVER = """
import sys, uvicorn
from dateline.web import create_app
uvicorn.run(create_app(sys.argv[1], cache_responses=sys.argv[3] == "1"), host="127.0.0.1",
            port=int(sys.argv[2]), log_level="warning")
"""

#: The CLI as it was before write sessions: the ingest keeps the DuckDB file open and locked.
OLD_INGEST = """
import sys
import dateline.store as S
_open = S.open_store
S.open_store = lambda db, read_only=False, wait=5.0, sessions=False, **k: _open(db, read_only, wait)
from dateline.cli import app
sys.argv[0] = "dateline"
app()
"""


def query(i: int) -> str:
    """The i-th request of the mix."""
    kind = i % 8
    if kind in (0, 1):
        return f"/api/events?limit=50&offset={(i * 7) % 200}"
    if kind == 2:
        return f"/api/events?type={TYPES[i % len(TYPES)]}&limit=20"
    if kind == 3:
        return "/api/stats"
    if kind == 4:
        return f"/api/articles?limit=20&offset={(i * 3) % 30}"
    if kind == 5:
        return "/api/actors"
    if kind == 6:
        return "/api/timeline"
    return f"/api/events?since=2015-01-01&until=2026-12-31&limit=20&offset={i % 40}"


def pick_pages(data: Path, n: int, skip: int = 0) -> list[Path]:
    files = sorted(p for p in data.rglob("*") if p.is_file()
                   and p.name.endswith((".html", ".htm", ".html.gz", ".txt")))
    return files[skip:skip + n]


def stage(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def ingest_cmd(folder: Path, db: Path, old: bool, batch_size: int) -> list[str]:
    args = ["ingest", str(folder), "--db", str(db), "-q", "--batch-size", str(batch_size)]
    if old:
        return [sys.executable, "-c", OLD_INGEST] + args
    return [sys.executable, "-m", "dateline.cli"] + args


def ingest_rate(db: Path, since: float) -> tuple[int, float | None]:
    """Articles stored after ``since`` (epoch s) and their rate between first and last."""
    from dateline.store import open_store

    store = open_store(db, read_only=True, wait=10)
    try:
        rows = store.con.execute(
            "SELECT count(*), epoch(min(ingested_at)), epoch(max(ingested_at)) FROM articles "
            "WHERE epoch(ingested_at) >= ?", [since - 1]).fetchone()
    finally:
        store.close()
    n, first, last = rows
    if not n or n < 2 or last is None or last <= first:
        return int(n or 0), None
    return int(n), (n - 1) / (last - first)


class Server:
    """uvicorn serving ``db`` in a child process on a free loopback port."""

    def __init__(self, db: Path, cache: bool) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(self.port),
                                      "1" if cache else "0"], cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/stats")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Load:
    """``clients`` threads sending the request mix until stopped or ``max_requests`` sent."""

    def __init__(self, port: int, clients: int, max_requests: int) -> None:
        self.port = port
        self.max_requests = max_requests
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self._sent = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(k,), daemon=True)
                         for k in range(clients)]

    def _client(self, k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        i = k * 1009
        while not self._stop.is_set():
            with self._lock:
                if self._sent >= self.max_requests:
                    break
                self._sent += 1
            path = query(i)
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                status: object = resp.status
            except (OSError, http.client.HTTPException) as exc:
                status, body = "exception", repr(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            dt = time.perf_counter() - t0
            with self._lock:
                self.statuses[status] += 1
                if status == 200:
                    self.latencies.append(dt)
                elif len(self.errors) < 5:
                    self.errors.append(f"{path}: {status} {body[:160]!r}")
        conn.close()

    def start(self) -> None:
        self.t0 = time.perf_counter()
        for t in self._threads:
            t.start()

    def stop(self) -> float:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=120)
        return time.perf_counter() - self.t0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


def row(name: str, load: Load | None, seconds: float, ingest: dict | None) -> dict:
    out: dict = {"phase": name}
    if load is not None:
        served = load.statuses.get(200, 0)
        out.update(served=served, errors=sum(v for k, v in load.statuses.items() if k != 200),
                   rps=served / seconds if seconds else 0.0, p50=pct(load.latencies, 0.5),
                   p90=pct(load.latencies, 0.9), p99=pct(load.latencies, 0.99),
                   max=pct(load.latencies, 1.0), statuses=dict(load.statuses),
                   samples=load.errors)
    if ingest is not None:
        out.update(ingest)
    return out


def file_locked(db: Path) -> bool:
    """True when another process holds DuckDB's write lock on ``db``."""
    import duckdb

    try:
        duckdb.connect(str(db), read_only=True).close()
        return False
    except duckdb.Error:
        return True


def run_ingest(folder: Path, db: Path, old: bool, args: argparse.Namespace,
               load: Load | None, start_load_when_locked: bool = False) -> dict:
    since = time.time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(ingest_cmd(folder, db, old, args.batch_size), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if load is not None:
        if start_load_when_locked:
            deadline = time.monotonic() + args.max_seconds
            while proc.poll() is None and time.monotonic() < deadline and not file_locked(db):
                time.sleep(0.2)
        load.start()
    try:
        out, err = proc.communicate(timeout=args.max_seconds)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    wall = time.perf_counter() - t0
    if load is not None:
        load.stop()
    n, rate = ingest_rate(db, since)
    summary = (out.strip().splitlines() or [""])[-1]
    return {"ingest_rc": proc.returncode, "ingest_wall_s": wall, "stored": n,
            "ingest_art_s": rate, "ingest_summary": summary, "timed_out": timed_out,
            "ingest_stderr": err.strip().splitlines()[-3:] if proc.returncode else []}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pages", type=int, default=40, help="pages ingested during the load")
    ap.add_argument("--seed", type=int, default=20, help="pages in the database beforehand")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--read-seconds", type=float, default=15.0, help="phase 1 duration")
    ap.add_argument("--max-seconds", type=float, default=300.0, help="bound of each phase")
    ap.add_argument("--max-requests", type=int, default=20000, help="bound of each phase")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--cache", action="store_true", help="keep the response cache on")
    ap.add_argument("--no-old", action="store_true", help="skip the old-mode phases")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the ingest-alone pair (sessions, old) this many times")
    ap.add_argument("--ingest-only", action="store_true",
                    help="only the ingest-alone phases (write-session overhead)")
    args = ap.parse_args()

    if not args.data.exists():
        sys.exit(f"no data at {args.data}; pass --data DIR")
    tmp = Path(tempfile.mkdtemp(prefix="dateline-load-"))
    rows = []
    try:
        seed_files = pick_pages(args.data, args.seed)
        load_files = pick_pages(args.data, args.pages, skip=args.seed)
        seed_dir = stage(seed_files, tmp / "seed")
        pages = stage(load_files, tmp / "pages")
        seed_db = tmp / "seed.duckdb"
        subprocess.run(ingest_cmd(seed_dir, seed_db, False, args.batch_size), cwd=ROOT,
                       check=True, capture_output=True, timeout=args.max_seconds)
        print(f"seed: {len(seed_files)} pages; load: {len(load_files)} pages; "
              f"{args.clients} clients; cache {'on' if args.cache else 'off'}", flush=True)

        def copy(name: str) -> Path:
            db = tmp / f"{name}.duckdb"
            shutil.copyfile(seed_db, db)
            return db

        if not args.ingest_only:
            db = copy("reads")
            server = Server(db, args.cache)
            try:
                load = Load(server.port, args.clients, args.max_requests)
                load.start()
                time.sleep(args.read_seconds)
                rows.append(row("reads alone", load, load.stop(), None))
            finally:
                server.stop()
            print(fmt(rows[-1]), flush=True)

        rates: dict[str, list[float]] = {"ingest alone": [], "ingest alone, old": []}
        for k in range(args.repeat):  # alternating order: a drifting machine load cancels
            pair = [("ingest alone", False), ("ingest alone, old", True)]
            for name, old in (pair if k % 2 == 0 else pair[::-1]):
                if not (old and args.no_old):
                    db = copy(f"alone_old{k}" if old else f"alone{k}")
                    rows.append(row(name, None, 0, run_ingest(pages, db, old, args, None)))
                    rates[name].append(rows[-1].get("ingest_art_s") or 0.0)
                    print(fmt(rows[-1]), flush=True)
        if args.repeat > 1 and rates["ingest alone, old"]:
            new_med = statistics.median(rates["ingest alone"])
            old_med = statistics.median(rates["ingest alone, old"])
            print(f"ingest alone, median of {args.repeat}: sessions {new_med:.3f} art/s, "
                  f"old {old_med:.3f} art/s, ratio {new_med / old_med:.3f}", flush=True)
        if args.ingest_only:
            return

        for name, old in (("reads + ingest", False), ("reads + ingest, old", True)):
            if old and args.no_old:
                continue
            db = copy("old" if old else "live")
            server = Server(db, args.cache)
            try:
                load = Load(server.port, args.clients, args.max_requests)
                # old mode: the clients start once the ingest holds the file (had they kept
                # the server's connection busy first, the ingest would have been refused)
                ing = run_ingest(pages, db, old, args, load, start_load_when_locked=old)
                rows.append(row(name, load, time.perf_counter() - load.t0, ing))
            finally:
                server.stop()
            print(fmt(rows[-1]), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'phase':22} {'served':>7} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p90 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'ingest art/s':>12} {'stored':>6}")
    for r in rows:
        rate = f"{r['ingest_art_s']:.2f}" if r.get("ingest_art_s") else "-"
        if "served" in r:
            print(f"{r['phase']:22} {r['served']:7d} {r['errors']:6d} {r['rps']:6.1f} "
                  f"{r['p50']:7.1f} {r['p90']:7.1f} {r['p99']:7.1f} {r['max']:7.1f} "
                  f"{rate:>12} {r.get('stored', '-'):>6}")
        else:
            print(f"{r['phase']:22} {'-':>7} {'-':>6} {'-':>6} {'-':>7} {'-':>7} {'-':>7} "
                  f"{'-':>7} {rate:>12} {r.get('stored', '-'):>6}")
    live = next((r for r in rows if r["phase"] == "reads + ingest"), None)
    base = rows[0]
    alone = next((r for r in rows if r["phase"] == "ingest alone"), None)
    alone_old = next((r for r in rows if r["phase"] == "ingest alone, old"), None)
    if alone and alone_old and alone.get("ingest_art_s") and alone_old.get("ingest_art_s"):
        print(f"ingest_alone_art_s={alone['ingest_art_s']:.2f} "
              f"ingest_alone_old_art_s={alone_old['ingest_art_s']:.2f} "
              f"sessions_vs_old={alone['ingest_art_s'] / alone_old['ingest_art_s']:.3f}")
    if live is not None:
        alone_rates = [r["ingest_art_s"] for r in rows
                       if r["phase"] == "ingest alone" and r.get("ingest_art_s")]
        ratio = (live["ingest_art_s"] / statistics.median(alone_rates)
                 if alone_rates and live.get("ingest_art_s") else None)
        print(f"served={live['served']} errors={live['errors']} p50_ms={live['p50']:.1f} "
              f"p99_ms={live['p99']:.1f} baseline_p99_ms={base['p99']:.1f} "
              f"ingest_art_s={live.get('ingest_art_s') or 0:.2f} "
              f"ingest_ratio_vs_alone={ratio if ratio is None else round(ratio, 3)}")


def fmt(r: dict) -> str:
    parts = [r["phase"]]
    for k in ("served", "errors", "p50", "p99", "ingest_art_s", "stored", "ingest_wall_s",
              "ingest_summary", "statuses", "samples", "ingest_stderr"):
        if r.get(k) not in (None, [], ""):
            v = r[k]
            parts.append(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}")
    return "  " + "; ".join(parts)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
