"""Every endpoint of the HTTP API driven with parameters generated from its OpenAPI schema
(schemathesis over hypothesis, in process through ASGI, no model): no answer is a server
error (500), and every answer matches the schema: its status code is documented, its content
type too, and its body validates against the documented response model (the error shape for
400, 404, 422 and the others). The database is the query tests' hand-built one
(tests/unit/querydb.py), merged, so that ids and names found by the generator exist.

Short: ``MAX_EXAMPLES`` valid and as many invalid cases per operation, well under a minute
in all; the README records the figures of a run (``pytest -s`` prints them)."""

from __future__ import annotations

import itertools
import warnings

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance,  # noqa: E402
                                               response_schema_conformance,
                                               status_code_conformance)

from tests.unit import querydb  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MAX_EXAMPLES = 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from dateline.merge import rebuild
    from dateline.store import open_store
    from dateline.web import create_app

    path = tmp_path_factory.mktemp("schema") / "api.duckdb"
    querydb.build(path)
    store = open_store(path)
    rebuild(store)
    store.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return create_app(path, cache_responses=False)


def operations(app) -> list:
    return [r.ok() for r in schemathesis.openapi.from_asgi("/openapi.json", app)
            .get_all_operations()]


def test_every_endpoint_answers_within_its_schema(app):
    """Hypothesis runs each operation's generated cases (schemathesis' strategies; its
    pytest plugin does not run under pytest 9) and every check on every answer."""
    from hypothesis import given

    ops = operations(app)
    assert len(ops) >= 18  # every endpoint, the ingest included
    statuses: dict[int, int] = {}
    for op, mode in itertools.product(ops, GenerationMode):  # valid data, then invalid
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call_and_validate(checks=CHECKS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        try:
            run()
        except Unsatisfiable:  # nothing invalid to send (one free-text path parameter)
            assert mode == GenerationMode.NEGATIVE, (op.path, mode)
        except Exception as exc:
            raise AssertionError(f"{op.method.upper()} {op.path} ({mode}): {exc}") from exc
    print(f"\nschemathesis: {len(ops)} operations, {sum(statuses.values())} requests, "
          f"status codes {dict(sorted(statuses.items()))}")
    assert statuses.get(500, 0) == 0 and sum(statuses.values()) >= len(ops) * 20
    assert {200, 400, 404, 422} <= set(statuses)  # the generator reaches answers and errors
