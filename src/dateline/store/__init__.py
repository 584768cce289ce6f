"""Storage behind one interface; the default is an embedded DuckDB file.

Tables: ``articles``, ``mentions`` (entity/place/date mentions with offsets), ``events``,
``event_actors`` (one row per actor/recipient, for filtering), ``rejects`` (inputs that could
not be ingested, with the reason: nothing a user gave is silently lost), ``meta``
(``schema_version``); since schema 2 ``merged_events`` (one row per real-world event),
``event_links`` (stored event -> merged event), ``article_minhash`` and
``articles.duplicate_of`` (near-duplicate wire copies), written by :mod:`dateline.merge`.
Each article is written in one transaction with its mentions and events.
Migrations are numbered; opening an older database applies the missing ones in order.

Modules: :mod:`~dateline.store.schema` (migrations, column lists),
:mod:`~dateline.store.database` (the DuckDB store), :mod:`~dateline.store.merge_tables` (the
merge tables), :mod:`~dateline.store.rows` (rows and bulk inserts),
:mod:`~dateline.store.story_tables` (the story tables and the article reads of story
clustering), :mod:`~dateline.store.locks` (the writer and write-intent locks),
:mod:`~dateline.store.protocol` (:class:`Store`, the type of every ``store`` parameter: the
engines and merging call its methods and write no SQL). Reads of events and articles go
through :mod:`dateline.query`.
"""

from .database import DuckDBStore, open_store, upgrade
from .protocol import Store
from .rows import _insert_many, column_types
from .schema import (ACTOR_COLUMNS, ACTOR_UNDO_COLUMNS, ARTICLE_COLUMNS, EVENT_COLUMNS,
                     EVENT_ROW_COLUMNS, MENTION_COLUMNS, MERGED_COLUMNS, MERGED_JSON, MIGRATIONS,
                     SCHEMA_VERSION)

__all__ = ["ACTOR_COLUMNS", "ACTOR_UNDO_COLUMNS", "ARTICLE_COLUMNS", "DuckDBStore", "EVENT_COLUMNS",
           "EVENT_ROW_COLUMNS", "MENTION_COLUMNS", "MERGED_COLUMNS", "MERGED_JSON", "MIGRATIONS",
           "SCHEMA_VERSION", "Store", "_insert_many", "column_types", "open_store", "upgrade"]
