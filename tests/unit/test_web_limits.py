"""Request size and rate limits (dateline.web.limits), no model."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from dateline.store import open_store  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline.web.limits import Limits, RateLimit, TokenBuckets, install  # noqa: E402

TOKEN = "s3cret-token"


class FakePipeline:
    def __init__(self) -> None:
        self.seen: list = []

    def run(self, raws):
        self.seen.extend(raws)
        return iter(())


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "limits.duckdb"
    open_store(path).close()
    return path


def _echo_app(limits: Limits) -> FastAPI:
    """A bare app with the limits: POST /echo returns the body length it received."""
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return {"n": len(await request.body())}

    @app.get("/ping")
    def ping() -> dict:
        return {"ok": True}

    install(app, limits)
    return app


def _run(coro) -> None:
    """Run a coroutine to completion in a thread of its own: an earlier test (Playwright's sync
    API) may have left an event loop running in this one, where asyncio.run() refuses."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def _error(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    return resp.json()["error"]


# -- size -------------------------------------------------------------------------------------
def test_declared_length_over_limit_is_413_before_the_body_is_read(db):
    fake = FakePipeline()
    client = TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: fake,
                                   limits=Limits(max_body_bytes=1000)))
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    err = _error(client.post("/api/ingest", headers=auth,
                             content=b'{"articles": [{"text": "' + b"x" * 2000 + b'"}]}'), 413)
    assert err["code"] == "too-large" and "1000 bytes" in err["message"]
    assert fake.seen == []
    small = client.post("/api/ingest", headers=auth, content=b'{"articles": [{"text": "ok"}]}')
    assert small.status_code == 200, small.text  # under the limit: goes through


def test_streamed_body_without_length_is_cut_at_the_limit():
    app = _echo_app(Limits(max_body_bytes=1000, rate=0))
    client = TestClient(app)
    sent = []

    def chunks():
        for _ in range(50):  # 50 x 100 bytes, chunked: no Content-Length
            sent.append(100)
            yield b"y" * 100

    err = _error(client.post("/echo", content=chunks()), 413)
    assert err["code"] == "too-large"
    ok = client.post("/echo", content=iter([b"z" * 400, b"z" * 400]))
    assert ok.status_code == 200 and ok.json() == {"n": 800}


def test_bad_content_length_is_refused():
    client = TestClient(_echo_app(Limits(max_body_bytes=1000, rate=0)))
    assert _error(client.post("/echo", content=b"abc", headers={"Content-Length": "-3"}),
                  413)["code"] == "too-large"


def test_size_limit_off_with_zero():
    client = TestClient(_echo_app(Limits(max_body_bytes=0, rate=0)))
    assert client.post("/echo", content=b"q" * 5000).json() == {"n": 5000}


# -- rate -------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_token_bucket_refills_at_the_rate():
    clock = Clock()
    buckets = TokenBuckets(rate=2.0, burst=3, max_keys=10, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(0.5)  # empty: one token every 0.5 s
    assert buckets.take("b") == 0.0  # clients are independent
    clock.t += 0.5
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0
    clock.t += 100
    assert [buckets.take("a") for _ in range(4)][:3] == [0.0, 0.0, 0.0]  # capped at burst


def test_bucket_table_is_bounded():
    buckets = TokenBuckets(rate=1.0, burst=1, max_keys=100)
    for i in range(1000):
        buckets.take(f"10.0.{i // 256}.{i % 256}")
    assert len(buckets._buckets) == 100


def test_rate_limit_gives_429_with_retry_after(db):
    client = TestClient(create_app(db, limits=Limits(rate=1.0, burst=5, exempt_loopback=False)))
    codes = [client.get("/api/stats").status_code for _ in range(8)]
    assert codes[:5] == [200] * 5 and 429 in codes[5:]
    resp = client.get("/api/stats")
    err = _error(resp, 429)
    assert err["code"] == "rate-limited"
    assert int(resp.headers["retry-after"]) >= 1


def test_writes_have_a_stricter_bucket():
    client = TestClient(_echo_app(Limits(rate=100.0, burst=100, write_rate=0.5, write_burst=2,
                                         exempt_loopback=False)))
    assert [client.post("/echo", content=b"x").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/ping").status_code == 200  # reads still within their own bucket


def test_loopback_exempt_by_default_and_remote_limited():
    import asyncio

    limits = Limits(rate=1.0, burst=1)
    calls = []

    async def inner(scope, receive, send):
        calls.append(scope["client"][0])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    mw = RateLimit(inner, limits)
    statuses = []

    async def send(msg):
        if msg["type"] == "http.response.start":
            statuses.append(msg["status"])

    async def receive():
        return {"type": "http.request", "body": b""}

    async def run(host):
        scope = {"type": "http", "method": "GET", "path": "/", "client": (host, 5555),
                 "headers": []}
        await mw(scope, receive, send)

    for host in ["127.0.0.1", "127.0.0.1", "::1", "::1", "203.0.113.7", "203.0.113.7"]:
        _run(run(host))
    assert statuses == [200, 200, 200, 200, 200, 429]
    assert calls == ["127.0.0.1", "127.0.0.1", "::1", "::1", "203.0.113.7"]


def test_create_app_defaults():
    app = create_app("/nonexistent/x.duckdb")
    limits = app.state.limits
    from dateline.web.api import MAX_INGEST_BYTES

    assert limits.max_body_bytes == MAX_INGEST_BYTES
    assert limits.exempt_loopback and limits.rate > 0


def test_streamed_body_stops_being_read_past_the_limit():
    """At the ASGI level: 50 chunks of 100 bytes; the app reads no chunk past the limit."""
    import asyncio

    app = _echo_app(Limits(max_body_bytes=1000, rate=0))
    taken = []
    out = []

    async def receive():
        taken.append(1)
        return {"type": "http.request", "body": b"y" * 100, "more_body": len(taken) < 50}

    async def send(msg):
        out.append(msg)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/echo", "raw_path": b"/echo", "query_string": b"",
             "root_path": "", "headers": [(b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    _run(app(scope, receive, send))
    assert out[0]["type"] == "http.response.start" and out[0]["status"] == 413
    assert b"too-large" in out[1]["body"]
    assert len(taken) == 11  # 1,100 bytes read: the chunk that passed the limit, no more
