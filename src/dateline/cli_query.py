"""``dateline events``, ``dateline stats`` and ``dateline show``: the command line's readers of
the database, all through the query layer (:mod:`dateline.query`), so that they answer what
the HTTP API answers.

A refused parameter (an unknown type, an impossible date, a negative limit, ...) prints one
line, ``error: --since: '2023-13-45' is not a date on the calendar``, on stderr and exits with
status 2; notes on how a filter was read (an old PLOVER type name) go to stderr as
``note: ...``.
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import json
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from . import export as X
from .cli_options import db_option, ExitCode
from .errors import FilterError, StoreError
from .query import FILTER_HELP, SORT_HELP, AmbiguousId, EventFilter

DB_OPT = db_option()


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class EventsFormat(str, Enum):
    """``dateline events --format``: json is the API's event items; csv, jsonl and parquet
    are the flat, typed export rows of :mod:`dateline.export`."""

    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


class ShowFormat(str, Enum):
    """What ``dateline show`` prints: text or one JSON object."""

    table = "table"
    json = "json"


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _flag(param: str) -> str:
    return "--" + param.replace("_", "-")


def refuse(exc: FilterError) -> None:
    """Print a refused parameter's reason as one line and exit with status 2."""
    name = _flag(exc.param) if exc.param not in ("id",) else "ID"
    _err(f"error: {name}: {exc.reason}")
    raise typer.Exit(ExitCode.USAGE)


def with_filters(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command every event filter option (``--actor`` ... ``--q``, help texts from
    the query layer); the command receives them as one checked ``flt: EventFilter``. A
    refused filter exits with status 2; notes go to stderr."""
    own = [p for p in inspect.signature(fn, eval_str=True).parameters.values()
           if p.name != "flt"]
    added = [inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY,
        default=typer.Option(None, _flag(name), help=text),
        annotation=Optional[float] if name == "min_confidence" else Optional[str])
        for name, text in FILTER_HELP.items()]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        raw = {name: kwargs.pop(name) for name in FILTER_HELP}
        try:
            flt = EventFilter(**raw)
        except FilterError as exc:
            refuse(exc)
        for note in flt.notes:
            _err(f"note: {note}")
        return fn(flt=flt, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + added)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in own + added}
    return wrapper


def open_read_only(db: str) -> Any:
    """The database opened for reading; an older schema is upgraded first (the queries read
    the columns of this version: the actor ids of schema 6)."""
    from .store import open_store, upgrade

    try:
        upgrade(db)
        return open_store(db, read_only=True)
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE)


def _actors(items: list[dict], ids: bool = False) -> str:
    """The parties' names, ``; ``-separated; with ``ids``, each followed by its canonical
    actor id in brackets (when it has one)."""
    return "; ".join((a.get("name") or a.get("text") or "?")
                     + (f" [{a['id']}]" if ids and a.get("id") else "") for a in items or [])


def _ids(items: list[dict]) -> str:
    """The parties' canonical actor ids, ``; ``-separated in the order of :func:`_actors`
    (empty for a party without one)."""
    return "; ".join(a.get("id") or "" for a in items or [])


def _print_table(title: str, columns: list[str], rows: list[list[str]],
                 short: tuple[str, ...] = (), caption: str | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, caption=caption)
    for col in columns:
        table.add_column(col, overflow="fold", no_wrap=col in short)
    for r in rows:  # cells are text, not rich markup ("[nikki-haley@USA]" is shown)
        table.add_row(*(escape(c) if isinstance(c, str) else c for c in r))
    Console(width=max(140, Console().width)).print(table)


def _echo_json(rows: list[dict], format: "OutFormat") -> bool:
    """Print ``rows`` as JSON (indented) or JSON lines when that is the format; False else."""
    if format == OutFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif format == OutFormat.jsonl:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
    else:
        return False
    return True


#: the filters ``events --merged`` answers (merged events keep type, mode and both sides)
MERGED_FILTERS = ("type", "mode", "party")


def _merged_events(db: str, flt: EventFilter, sort: Any, limit: int | None, offset: int,
                   format: "OutFormat") -> None:
    """``dateline events --merged``: one row per merged event, oldest first."""
    for name in FILTER_HELP:
        if name not in MERGED_FILTERS and getattr(flt, name) is not None:
            refuse(FilterError(name, "not available with --merged (it takes --type, --mode "
                                     "and --party)"))
    if sort is not None or offset:
        refuse(FilterError("sort" if sort is not None else "offset",
                           "not available with --merged (merged events come oldest first)"))
    store = open_read_only(db)
    try:
        rows = store.merged_events(type=flt.type, mode=flt.mode, actor=flt.party, limit=limit)
    finally:
        store.close()
    if _echo_json(rows, format):
        return
    flat = [{"id": r["id"], "date": r["date"] or "", "date_end": r["date_end"] or "",
             "event": r["type"], "mode": r["mode"] or "", "modality": r["modality"] or "",
             "actor": _actors(r["actors"]), "recipient": _actors(r["recipients"]),
             "actor_id": _ids(r["actors"]), "recipient_id": _ids(r["recipients"]),
             "place": r["place"] or "", "country": r["country"] or "",
             "mentions": str(r["num_mentions"]), "articles": str(r["num_articles"]),
             "sources": str(r["num_sources"]),
             "conf": f"{r['confidence']:.2f}" if r["confidence"] is not None else ""}
            for r in rows]
    if format == OutFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(flat[0]) if flat else ["id"])
        w.writeheader()
        w.writerows(flat)
        typer.echo(buf.getvalue(), nl=False)
        return
    cols = ["date", "event", "actor", "recipient", "place", "mentions", "articles", "sources",
            "conf"]
    for r, row in zip(flat, rows):  # the table shows each party's actor id after its name
        r["actor"] = _actors(row["actors"], ids=True)
        r["recipient"] = _actors(row["recipients"], ids=True)
    _print_table(f"{len(flat)} merged events", cols, [[r[c] for c in cols] for r in flat],
                 short=("date", "event", "mentions", "articles", "sources", "conf"))


def register(app: typer.Typer) -> None:
    """Add ``events``, ``stats`` and ``show`` to the ``dateline`` Typer app."""

    @app.command()
    @with_filters
    def events(
        flt: EventFilter,
        db: str = DB_OPT,
        sort: Optional[str] = typer.Option(None, "--sort", help=SORT_HELP),
        limit: Optional[int] = typer.Option(None, "--limit", help="At most this many events "
                                            "(default: all)."),
        offset: int = typer.Option(0, "--offset", help="Skip this many events first."),
        format: EventsFormat = typer.Option(
            EventsFormat.table, "--format", "-f",
            help="table; json (the API's event items); csv, jsonl or parquet: flat export "
                 "rows with typed dates (docs/api.md lists the columns)."),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", help="Write csv, jsonl or parquet to this file (parquet "
                                         "needs it)."),
        merged: bool = typer.Option(False, "--merged", help="List merged events instead: one "
                                    "per real-world happening, with how many reports, articles "
                                    "and sources tell it, each party with its actor id "
                                    "(filters: --type, --mode, --party)."),
    ) -> None:
        """List stored events with filters, as a table, CSV or JSON.

        --actor matches the side that acts, --recipient the side acted upon, --party
        either. Dates of any precision are periods: --until 2019 includes all of 2019,
        --since 2023-11 includes events dated 2023-11 and 2023-11-05; undated events are
        left out when a date is given."""
        from .query import check_page, events as select

        try:
            sort, limit, offset = check_page(sort, limit, offset)
        except FilterError as exc:
            refuse(exc)
        if format == EventsFormat.parquet and output is None:
            refuse(FilterError("output", "parquet is binary: give --output FILE"))
        if output is not None and format not in (EventsFormat.csv, EventsFormat.jsonl,
                                                 EventsFormat.parquet):
            refuse(FilterError("output", "writes csv, jsonl or parquet (--format)"))
        if merged:
            if format == EventsFormat.parquet or output is not None:
                refuse(FilterError("format", "--merged prints table, csv, json or jsonl"))
            _merged_events(db, flt, sort, limit, offset, format)
            return
        store = open_read_only(db)
        try:
            rows, total = select(store.con, flt, sort=sort, limit=limit, offset=offset)
            flat = (X.flat_rows(store.con, rows) if format in (
                EventsFormat.csv, EventsFormat.jsonl, EventsFormat.parquet) else None)
        finally:
            store.close()
        if flat is not None:
            body = (X.to_csv(flat) if format == EventsFormat.csv else
                    X.to_jsonl(flat) if format == EventsFormat.jsonl else X.to_parquet(flat))
            if output is None:
                typer.echo(body, nl=False)
            else:
                (output.write_bytes if isinstance(body, bytes) else output.write_text)(body)
                _err(f"{len(flat)} events -> {output}")
            return
        if _echo_json(rows, format):
            return
        flat = [{"id": r["id"], "date": r["date"] or "",
                 "event": r["event"], "mode": r["mode"] or "", "modality": r["modality"],
                 "actor": _actors(r["actor"]), "recipient": _actors(r["recipient"]),
                 "place": r["place"] or "", "country": r["place_country"] or "",
                 "conf": f"{r['confidence']:.2f}" if r["confidence"] is not None else "",
                 "cameo": r["cameo"] or "", "article": r["article_id"],
                 "evidence": r["evidence"]} for r in rows]
        title = f"{total} events" if len(flat) == total else f"{len(flat)} of {total} events"
        cols = ["date", "event", "mode", "modality", "actor", "recipient", "place", "conf",
                "article"]
        _print_table(title, cols, [[r[c] if c != "article" else r[c][:8] for c in cols]
                                   for r in flat],
                     short=("date", "event", "mode", "modality", "conf", "article"))

    @app.command()
    @with_filters
    def stats(
        flt: EventFilter,
        by: str = typer.Option("type", "--by", help="Count by these dimensions, comma-"
                               "separated: type, quad, mode, modality, country, place_country, "
                               "actor, recipient, actor_country, recipient_country, "
                               "actor_sector, recipient_sector, year, month."),
        db: str = DB_OPT,
        limit: Optional[int] = typer.Option(None, "--limit", help="At most this many rows."),
        format: OutFormat = typer.Option(OutFormat.table, "--format", "-f",
                                         help="table, csv, json or jsonl."),
    ) -> None:
        """Count the events matching the filters by any dimensions (--by country,type).

        Dimensions: type, quad class, mode, modality, country, actor, recipient, their
        countries and sectors, year, month; --by country,type counts each combination.

        An event counts once in each of its values (an event with two actors counts for
        both). Months and years are calendar buckets in date order; an event dated only to
        a year counts in "unknown month", one without a date in "undated"."""
        from .query import check_page
        from .stats import count_by, parse_by, to_csv

        try:
            dims = parse_by(by)
            check_page(None, limit, 0)
        except FilterError as exc:
            refuse(exc)
        store = open_read_only(db)
        try:
            data = count_by(store.con, flt, dims, limit)
        finally:
            store.close()
        if format == OutFormat.json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        elif format == OutFormat.jsonl:
            for r in data["rows"]:
                typer.echo(json.dumps(r, ensure_ascii=False))
        elif format == OutFormat.csv:
            typer.echo(to_csv(data), nl=False)
        else:
            shown = len(data["rows"])
            _print_table(f"{data['total']} events by {', '.join(dims)}", [*dims, "events"],
                         [["(none)" if r[d] is None else str(r[d]) for d in dims]
                          + [str(r["count"])] for r in data["rows"]],
                         short=("events",),
                         caption=(f"the first {shown} of {data['groups']} rows"
                                  if shown < data["groups"] else None))

    @app.command()
    def show(
        ident: str = typer.Argument(..., metavar="ID",
                                    help="Article id or event id (or a unique prefix)."),
        db: str = DB_OPT,
        format: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f",
                                          help="table (text) or json."),
    ) -> None:
        """Print a stored article (entities, dates, places, events) or one event, with sentences.

        ID is an article id or an event id, or a unique prefix of one; an ID that names both
        an article and an event is refused as ambiguous."""
        from .query import lookup

        store = open_read_only(db)
        try:
            found = lookup(store.con, ident)
        except AmbiguousId as exc:
            refuse(exc)
        finally:
            store.close()
        if found is None:
            _err(f"error: no article or event with id {ident!r} (or several start so)")
            raise typer.Exit(ExitCode.NOTHING)
        kind, data = found
        if format == ShowFormat.json:
            typer.echo(json.dumps({"kind": kind, kind: data} if kind == "event" else data,
                                  ensure_ascii=False, indent=2, default=str))
            return
        typer.echo(_render_article(data) if kind == "article" else _render_event(data))


def _render_event(e: dict[str, Any]) -> str:
    def parties(items: list[dict]) -> str:
        return "; ".join(f"{a.get('name') or a.get('text') or '?'}"
                         + (f" ({' '.join(x for x in (a.get('country'), a.get('sector')) if x)})"
                            if a.get("country") or a.get("sector") else "")
                         for a in items or []) or "-"

    art = e.get("article") or {}
    date = e["date"] or "?"
    if e.get("date_end"):
        date += f" to {e['date_end']}"
    if e.get("date_text"):
        date += f" ({e['date_text']!r})"
    if e.get("date_implausible"):
        date += " [implausible: more than a day after the article's publication]"
    place = e["place"] or "?"
    if e.get("place_country"):
        place += f" ({e['place_country']})"
    if e.get("lat") is not None and e.get("lon") is not None:
        place += f" {e['lat']:.4f},{e['lon']:.4f}"
    conf = f"{e['confidence']:.2f}" if e.get("confidence") is not None else "?"
    out = [f"# event {e['id']}: {e['event']}{'/' + e['mode'] if e['mode'] else ''} "
           f"[{e['modality']}]",
           f"actor: {parties(e['actor'])}",
           f"recipient: {parties(e['recipient'])}",
           f"date: {date}",
           f"place: {place}",
           f"confidence {conf} | cameo {e['cameo'] or '?'}",
           f"article {e['article_id']}: {art.get('title') or '(no title)'} | published "
           f"{art.get('published') or '?'}" + (f" | {art['url']}" if art.get("url") else ""),
           "",
           f"\u00ab{e['evidence']}\u00bb ({e['evidence_field']} {e['evidence_start']}:"
           f"{e['evidence_end']})"]
    for m in e.get("mentions") or []:
        out.append(f"also \u00ab{m.get('sentence')}\u00bb ({m.get('field')} {m.get('start')}:"
                   f"{m.get('end')})")
    if e.get("decided"):
        out.append(f"decided by: {_decided(e['decided'])}")
    ents = e.get("entity_mentions") or []
    if ents:
        out.append("In these sentences: " + "; ".join(
            f"{m['text']!r} ({m['kind']} -> {m.get('name') or m.get('value') or '?'})"
            for m in ents))
    return "\n".join(out)


def _sentence_at(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
             text.rfind("\n", 0, start) + 1)
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return text[lo:hi].strip()


def _decided(d: dict[str, Any]) -> str:
    """"learned (p_type 0.81, p_actor 0.77, rule dyadic)" / "rules (trigger 'accuse', dyadic)"."""
    if d.get("coder") == "learned":
        parts = [f"{k} {d[k]:.2f}" for k in ("p_type", "p_actor", "p_recipient")
                 if isinstance(d.get(k), (int, float))]
        if d.get("rule"):
            parts.append(f"rule candidate {d['rule']}")
        return "learned model (" + ", ".join(parts) + ")"
    parts = [f"trigger {d['trigger']!r}"] if d.get("trigger") else []
    if d.get("rule"):
        parts.append(f"rule {d['rule']}")
    return f"{d.get('coder', '?')} (" + ", ".join(parts) + ")"


def _render_article(data: dict[str, Any]) -> str:
    art = data["article"]
    out = [f"# {art['title'] or '(no title)'}"]
    if art.get("subtitle"):
        out.append(f"## {art['subtitle']}")
    meta = [f"id {art['id']}", f"published {art['published'] or '?'}"]
    for k in ("section", "source", "url", "origin"):
        if art.get(k):
            meta.append(f"{k} {art[k]}")
    out.append(" | ".join(meta))
    for c in art.get("captions") or []:
        out.append(f"[caption] {c['text']}" + (f" / {c['credit']}" if c.get("credit") else ""))
    out += ["", art["body"] or "", ""]
    texts = {"body": art["body"] or "", "title": art["title"] or "", "subtitle": art["subtitle"] or ""}
    for kind, label in (("entity", "Entities"), ("date", "Dates"), ("place", "Places")):
        ms = [m for m in data["mentions"] if m["kind"] == kind]
        out.append(f"{label} ({len(ms)}):")
        for m in ms:
            if kind == "entity":
                info = f"{m['label']} -> {m['name'] or '?'} {m['country'] or ''} {m['sector'] or ''}"
            elif kind == "date":
                info = f"-> {m['value']} ({m['granularity']})"
            else:
                info = f"-> {m['name'] or '?'} {m['country'] or ''} {m['resolution'] or ''}"
            sent = _sentence_at(texts.get(m["field"], ""), m["start"], m["end"])
            out.append(f"  {m['text']!r} [{m['field']} {m['start']}:{m['end']}] {info}")
            out.append(f"      \u00ab{sent}\u00bb")
    out.append(f"Events ({len(data['events'])}):")
    for e in data["events"]:
        rec = f" -> {_actors(e['recipient'])}" if e["recipient"] else ""
        out.append(f"  {e['event']}{'/' + e['mode'] if e['mode'] else ''} [{e['modality']}] "
                   f"{_actors(e['actor'])}{rec} date={e['date'] or '?'} place={e['place'] or '?'} "
                   f"conf={e['confidence']:.2f} cameo={e['cameo'] or '?'}")
        out.append(f"      \u00ab{e['evidence']}\u00bb ({e['evidence_field']} "
                   f"{e['evidence_start']}:{e['evidence_end']})")
        if e.get("decided"):
            out.append(f"      decided by: {_decided(e['decided'])}")
    if art.get("related"):
        out.append("Related:")
        out += [f"  - {r['title']}" for r in art["related"]]
    return "\n".join(out)
