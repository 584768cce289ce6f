"""Compare two dateline databases table by table, row by row (a check for refactors: the same
pages ingested before and after a change that should not alter output give the same rows).

Usage: ``python scripts/compare_db.py A.duckdb B.duckdb``. Each table both databases hold is
read with the columns both have, timestamp columns (``*_at``, ``at``) left out, ordered by
every column; the script prints one line per table and exits 1 when any table differs.
"""

from __future__ import annotations

import sys

import duckdb


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [table]).fetchall()]


def _rows(con: duckdb.DuckDBPyConnection, table: str, cols: list[str]) -> list[tuple]:
    quoted = ", ".join(f'"{c}"' for c in cols)
    order = ", ".join(str(i + 1) for i in range(len(cols)))
    return con.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}').fetchall()


def compare(a: str, b: str) -> bool:
    ca, cb = duckdb.connect(a, read_only=True), duckdb.connect(b, read_only=True)
    tables = [{r[0] for r in c.execute("SELECT table_name FROM information_schema.tables")
               .fetchall()} for c in (ca, cb)]
    same = tables[0] == tables[1]
    if not same:
        print(f"tables only in A: {sorted(tables[0] - tables[1])}; "
              f"only in B: {sorted(tables[1] - tables[0])}")
    for t in sorted(tables[0] & tables[1]):
        cols_a, cols_b = _columns(ca, t), _columns(cb, t)
        cols = [c for c in cols_a if c in cols_b and c != "at" and not c.endswith("_at")]
        ra, rb = _rows(ca, t, cols), _rows(cb, t, cols)
        ok = ra == rb and cols_a == cols_b
        same &= ok
        print(f"{t}: {len(ra)} vs {len(rb)} rows, {len(cols)} columns compared: "
              f"{'same' if ok else 'DIFFERENT'}")
    return same


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(0 if compare(sys.argv[1], sys.argv[2]) else 1)
