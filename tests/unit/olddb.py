"""A database as an older dateline left it, for the schema-upgrade tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dateline.store import MIGRATIONS


def database_at_version(path: Path, version: int) -> Any:
    """Create ``path`` with migrations 1..``version`` only and that schema version recorded;
    returns the open DuckDB connection (insert the old data, then close it)."""
    con = duckdb.connect(str(path))
    for v in range(1, version + 1):
        for sql in MIGRATIONS[v]:
            con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
    return con
