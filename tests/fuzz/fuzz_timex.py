"""Fuzz target: the date normaliser (``dates.timex.find_dates``).

Contract checked: for any text and any anchor date (or none), ``find_dates`` returns mentions
with ``text[start:end] == mention.text``, in order and not overlapping, whose values are
``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (a real calendar date) or ``YYY`` (a decade); it never
raises. ``parse_anchor`` never raises either.

Input layout: bytes 0-1 give the anchor's year (0 = no anchor, else 1..9999), byte 2 its day
of the year; the rest is the text (UTF-8, bad bytes replaced).

Run: ``python tests/fuzz/fuzz_timex.py [libFuzzer flags] [NEW_CORPUS_DIR] tests/fuzz/corpus/timex``
"""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.dates.timex import find_dates, parse_anchor

VALUE = re.compile(r"^\d{3,4}(?:-\d{2}(?:-\d{2})?)?$")


def anchor_of(data: bytes) -> date | None:
    """The anchor an input's first three bytes encode."""
    if len(data) < 3:
        return None
    year = int.from_bytes(data[:2], "big") % 10000
    if year == 0:
        return None
    first = date(year, 1, 1)
    try:
        return first + timedelta(days=data[2] * 366 // 256)
    except OverflowError:  # past 9999-12-31
        return date.max


def check_value(value: str | None) -> None:
    if value is None:
        return
    assert VALUE.match(value), value
    if len(value) == 10:
        date.fromisoformat(value)  # a real calendar date (ValueError otherwise: a bug)
    elif len(value) == 7:
        assert 1 <= int(value[5:7]) <= 12, value


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    anchor = anchor_of(data)
    text = data[3:].decode("utf-8", errors="replace")
    parse_anchor(text[:40])
    mentions = find_dates(text, anchor)
    last_end = 0
    for m in mentions:
        assert text[m.start:m.end] == m.text, (m.start, m.end, m.text)
        assert m.start >= last_end and m.end > m.start, (last_end, m.start, m.end)
        last_end = m.end
        check_value(m.value)
        check_value(m.value_end)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
