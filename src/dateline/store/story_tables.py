"""The story tables (schema 3: ``stories``, ``story_articles``) and the article reads that
story clustering needs: a part of :class:`~dateline.store.DuckDBStore`, so that
:mod:`dateline.merge.story_db` computes stories without writing SQL.

The reads of stored stories that the CLI and the web API make (:func:`list_stories`,
:func:`get_story`, :func:`story_of`, :func:`resolve_article`) take a connection or cursor, as
:mod:`dateline.query` does, so that each web request reads on a cursor of its own.
"""

from __future__ import annotations

import json
import re
from typing import Any, Sequence

from .rows import _insert_many

STORY_COLUMNS = ["id", "headline", "headline_article", "first_seen", "last_seen",
                 "num_articles", "num_outlets", "outlets", "method", "updated_at"]
MEMBER_COLUMNS = ["story_id", "article_id", "similarity"]
ARTICLE_FIELDS = "id, title, body, published, source, url, duplicate_of"
SORTS = {"last_seen": "last_seen", "first_seen": "first_seen", "num_articles": "num_articles",
         "num_outlets": "num_outlets", "headline": "headline"}
_WINDOW = " AND (published IS NULL OR substr(published, 1, 10) BETWEEN ? AND ?)"


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet of an article: its source, else its URL's host without ``www.``."""
    if source and str(source).strip():
        return str(source).strip()
    if url:
        m = re.match(r"[a-z]+://(?:www\.)?([^/:]+)", str(url))
        return m.group(1) if m else None
    return None


def _rows(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _articles(con: Any, where: str = "", params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Article rows (``ARTICLE_FIELDS``) with ``source`` falling back to the URL's host."""
    rows = _rows(con.execute(f"SELECT {ARTICLE_FIELDS} FROM articles {where}", list(params)))
    for r in rows:
        r["source"] = outlet_of(r.get("source"), r.get("url"))
    return rows


def _window_where(exclude: str, later: Sequence[str], between: tuple[str, str] | None
                  ) -> tuple[str, list[Any]]:
    where, params = "WHERE id <> ?", [exclude]
    if later:
        where += " AND NOT list_contains(?, id)"
        params.append(list(later))
    if between is not None:
        where += _WINDOW
        params += list(between)
    return where, params


# -- reads over a connection or cursor (CLI and web API) --------------------------------
def schema_version(con: Any) -> int:
    """The database's schema version (0 when it has no ``meta`` table)."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except Exception:
        return 0
    return int(row[0]) if row else 0


def has_stories(con: Any) -> bool:
    """True when the database has the story tables (schema 3 or later)."""
    return schema_version(con) >= 3


def _story_dict(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    if isinstance(out.get("outlets"), str):
        out["outlets"] = json.loads(out["outlets"])
    if out.get("updated_at") is not None:
        out["updated_at"] = str(out["updated_at"])
    return out


def list_stories(con: Any, since: str | None = None, until: str | None = None,
                 min_size: int = 2, q: str | None = None, sort: str = "-last_seen",
                 limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Stored stories overlapping [since, until] (by first/last publication day) with at least
    ``min_size`` articles, sorted (``-last_seen`` newest first), and the total matching."""
    if not has_stories(con):
        return [], 0
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)} (prefix - for descending)")
    where, params = ["num_articles >= ?"], [int(min_size)]
    if since:
        where.append("COALESCE(last_seen, first_seen) >= ?")
        params.append(since)
    if until:
        where.append("first_seen <= ?")
        params.append(until + "\uffff" if len(until) < 10 else until)
    if q:
        where.append("strpos(lower(headline), ?) > 0")
        params.append(q.lower())
    cond = " WHERE " + " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM stories{cond}", params).fetchone()[0]
    order = f"{SORTS[key]} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, id"
    rows = _rows(con.execute(f"SELECT {', '.join(STORY_COLUMNS)} FROM stories{cond} "
                             f"ORDER BY {order} LIMIT ? OFFSET ?",
                             params + [int(limit), int(offset)]))
    return [_story_dict(r) for r in rows], int(total)


def get_story(con: Any, sid: str) -> dict[str, Any] | None:
    """One stored story with its articles (id, title, published, outlet, url, similarity,
    duplicate_of), earliest first; None when there is no such story."""
    if not has_stories(con):
        return None
    rows = _rows(con.execute(f"SELECT {', '.join(STORY_COLUMNS)} FROM stories WHERE id = ?",
                             [sid]))
    if not rows:
        return None
    out = _story_dict(rows[0])
    arts = _rows(con.execute(
        "SELECT a.id, a.title, a.published, a.source, a.url, a.duplicate_of, s.similarity "
        "FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ? "
        "ORDER BY a.published NULLS LAST, a.id", [sid]))
    for a in arts:
        a["source"] = outlet_of(a.get("source"), a.get("url"))
    out["articles"] = arts
    return out


def resolve_article(con: Any, article_id: str) -> str | None:
    """The id of the one article whose id is ``article_id`` or starts with it, else None."""
    rows = con.execute("SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 2",
                       [article_id]).fetchall()
    exact = [r[0] for r in rows if r[0] == article_id]
    if exact:
        return exact[0]
    return rows[0][0] if len(rows) == 1 else None


def story_of(con: Any, article_id: str) -> str | None:
    """The stored story id of an article (None without one or without story tables)."""
    if not has_stories(con):
        return None
    row = con.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                      [article_id]).fetchone()
    return row[0] if row else None


class StoryTables:
    """Methods of the DuckDB store over articles and the story tables (``self.con``)."""

    con: Any
    _coltypes: dict[str, dict[str, str]]
    version: int

    # -- article reads ------------------------------------------------------------------
    def all_articles(self) -> list[dict[str, Any]]:
        """Every stored article (id, title, body, published, source, url, duplicate_of),
        by publication date then id; ``source`` as stored."""
        dup = "duplicate_of" if getattr(self, "version", 2) >= 2 else "NULL AS duplicate_of"
        return _rows(self.con.execute(f"SELECT id, title, body, published, source, url, {dup} "
                                      "FROM articles ORDER BY published NULLS LAST, id"))

    def story_articles_by_id(self, ids: Sequence[str], by_date: bool = False
                             ) -> list[dict[str, Any]]:
        """Article rows (``ARTICLE_FIELDS``, source falling back to the URL's host) of
        ``ids``; ``by_date`` orders them by publication date then id."""
        order = " ORDER BY published NULLS LAST, id" if by_date else ""
        if len(ids) == 1:  # one row, in any order: by the key (list_contains reads them all)
            return _articles(self.con, "WHERE id = ?", [ids[0]])
        return _articles(self.con, f"WHERE list_contains(?, id){order}", [list(ids)])

    def articles_near(self, article_id: str, between: tuple[str, str] | None,
                      later: Sequence[str] = (), fields: str = ARTICLE_FIELDS
                      ) -> list[dict[str, Any]]:
        """The other articles (``fields``) published between the two days of ``between`` or
        undated (all of them when it is None), leaving out ``later``. Rows with ``source``
        get it falling back to the URL's host."""
        where, params = _window_where(article_id, later, between)
        if fields == ARTICLE_FIELDS:
            return _articles(self.con, where, params)
        return _rows(self.con.execute(f"SELECT {fields} FROM articles {where}", params))

    def recent_article_texts(self, limit: int, exclude: Sequence[str] = ()
                             ) -> list[dict[str, Any]]:
        """(id, title, body) of the ``limit`` most recently stored articles not in
        ``exclude``."""
        return _rows(self.con.execute(
            "SELECT id, title, body FROM articles WHERE NOT list_contains(?, id) "
            "ORDER BY ingested_at DESC NULLS LAST, id LIMIT ?", [list(exclude), limit]))

    def article_texts(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """(id, title, body) of the articles ``ids``."""
        return _rows(self.con.execute("SELECT id, title, body FROM articles WHERE "
                                      "list_contains(?, id)", [list(ids)]))

    def minhash_similarity(self, article_id: str) -> float | None:
        """The similarity of a near-duplicate article to its original (None if unknown)."""
        row = self.con.execute("SELECT similarity FROM article_minhash WHERE article_id = ?",
                               [article_id]).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    # -- stories ------------------------------------------------------------------------
    def story_of(self, article_id: str) -> str | None:
        """The stored story id of an article (None without one or without story tables)."""
        return story_of(self.con, article_id)

    def resolve_article(self, article_id: str) -> str | None:
        """The id of the one article whose id is ``article_id`` or starts with it."""
        return resolve_article(self.con, article_id)

    def placed_story(self, article_id: str) -> str | None:
        """The story the article belongs to (schema 3 assumed), else None."""
        row = self.con.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                               [article_id]).fetchone()
        return row[0] if row else None

    def story_memberships(self, article_ids: Sequence[str]) -> list[tuple[str, str, str | None]]:
        """(article id, story id, story method) of those of ``article_ids`` in a story."""
        if not article_ids:
            return []
        return self.con.execute(
            "SELECT a.article_id, a.story_id, s.method FROM story_articles a "
            "LEFT JOIN stories s ON s.id = a.story_id WHERE list_contains(?, a.article_id)",
            [list(article_ids)]).fetchall()

    def story_members(self, story_id: str) -> list[str]:
        """The article ids of a stored story."""
        return [r[0] for r in self.con.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?", [story_id]).fetchall()]

    def join_story(self, target: str, merged: Sequence[str],
                   better: Sequence[tuple[str, float]], rows: Sequence[list[Any]]) -> None:
        """Inside a transaction: move the members of the ``merged`` stories into ``target``
        (dropping those stories), raise members' similarity to ``better`` links, add
        ``rows`` (story id, article id, similarity)."""
        con = self.con
        if merged:
            con.execute("UPDATE story_articles SET story_id = ? WHERE "
                        "list_contains(?, story_id)", [target, list(merged)])
            con.execute("DELETE FROM stories WHERE list_contains(?, id)", [list(merged)])
        for a, s in better:
            con.execute("UPDATE story_articles SET similarity = ? WHERE article_id = ? "
                        "AND (similarity IS NULL OR similarity < ?)", [s, a, s])
        _insert_many(con, "story_articles", MEMBER_COLUMNS, [list(r) for r in rows])

    def put_story(self, row: list[Any]) -> None:
        """Write (or rewrite) one ``stories`` row (``STORY_COLUMNS`` order)."""
        self.con.execute("DELETE FROM stories WHERE id = ?", [row[0]])
        _insert_many(self.con, "stories", STORY_COLUMNS, [row])

    def replace_stories(self, story_rows: list[list[Any]], member_rows: list[list[Any]]
                        ) -> None:
        """Replace every stored story and membership, in one transaction."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM stories")
            con.execute("DELETE FROM story_articles")
            _insert_many(con, "stories", STORY_COLUMNS, story_rows)
            _insert_many(con, "story_articles", MEMBER_COLUMNS, member_rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
