"""Storage behind one interface: the Store protocol is what engine/ and merge/ may call, the
DuckDB store implements all of it, and neither package writes SQL or hangs state on objects
it does not own (issue 17)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from dateline.store import DuckDBStore, Store

SRC = Path(__file__).resolve().parents[2] / "src" / "dateline"


def _methods(cls) -> dict[str, inspect.Signature]:
    return {n: inspect.signature(f) for n, f in vars(cls).items()
            if callable(f) and not n.startswith("_")}


def test_the_duckdb_store_implements_the_protocol():
    for name, sig in _methods(Store).items():
        impl = getattr(DuckDBStore, name, None)
        assert impl is not None, name
        want = [p for p in sig.parameters if p != "self"]
        have = list(inspect.signature(impl).parameters)[1:]
        assert have[:len(want)] == want, (name, have, want)


def test_every_store_parameter_is_typed_by_the_protocol():
    for pkg in ("engine", "merge"):
        for path in (SRC / pkg).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\bstore: Any\b", text), path.name


def test_engine_and_merge_write_no_sql():
    sql = re.compile(r"\.con\b|\.execute\(|\bSELECT\b[^\n]*\bFROM\b|\bINSERT INTO\b|\bDELETE FROM\b|"
                     r"\bUPDATE \w+ SET\b")
    for pkg in ("engine", "merge"):
        for path in (SRC / pkg).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not sql.findall(text), (path.name, sql.findall(text))


def test_no_state_is_hung_on_other_objects():
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\._dateline_\w+\s*=|setattr\(\w+, \"_dateline_", text), path
