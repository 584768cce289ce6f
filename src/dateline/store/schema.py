"""The database schema: numbered migrations (opening an older database applies the missing
ones in order) and the column lists the writers and readers share."""

from __future__ import annotations

SCHEMA_VERSION = 6

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS articles (
            id VARCHAR PRIMARY KEY, origin VARCHAR, url VARCHAR, title VARCHAR, subtitle VARCHAR,
            published VARCHAR, section VARCHAR, source VARCHAR, language VARCHAR, body VARCHAR,
            captions JSON, related JSON, warnings JSON, ingested_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS mentions (
            article_id VARCHAR, kind VARCHAR, field VARCHAR, text VARCHAR, "start" INTEGER,
            "end" INTEGER, label VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
            wikidata VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, resolution VARCHAR,
            value VARCHAR, value_end VARCHAR, granularity VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS events (
            id VARCHAR PRIMARY KEY, article_id VARCHAR, event VARCHAR, mode VARCHAR,
            modality VARCHAR, context JSON, cameo VARCHAR, actor JSON, recipient JSON,
            date VARCHAR, date_end VARCHAR, date_text VARCHAR, location JSON, place VARCHAR,
            lat DOUBLE, lon DOUBLE, place_country VARCHAR, evidence_field VARCHAR,
            evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER, mentions JSON,
            confidence DOUBLE)""",
        """CREATE TABLE IF NOT EXISTS event_actors (
            event_id VARCHAR, role VARCHAR, text VARCHAR, name VARCHAR, country VARCHAR,
            sector VARCHAR, wikidata VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS rejects (
            origin VARCHAR, reason VARCHAR, detail VARCHAR, "at" TIMESTAMP)""",
    ],
    # 2: cross-article merging (dateline.merge): near-duplicate flag and MinHash signatures,
    # merged events (one per real-world event) and the links from each stored event to one.
    2: [
        """ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR""",
        """CREATE TABLE IF NOT EXISTS article_minhash (
            article_id VARCHAR PRIMARY KEY, signature BLOB, similarity DOUBLE)""",
        """CREATE TABLE IF NOT EXISTS merged_events (
            id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, modality VARCHAR, actors JSON,
            recipients JSON, date VARCHAR, date_end VARCHAR, place VARCHAR, lat DOUBLE,
            lon DOUBLE, country VARCHAR, num_mentions INTEGER, num_sources INTEGER,
            num_articles INTEGER, first_seen VARCHAR, confidence DOUBLE, disagreements JSON)""",
        """CREATE TABLE IF NOT EXISTS event_links (
            merged_event_id VARCHAR, event_id VARCHAR PRIMARY KEY, score DOUBLE)""",
    ],
    # 3: stored story clusters (dateline.merge.story_db): one row per story, and each article's
    # story with its best similarity to another member (NULL for a story's only article).
    3: [
        """CREATE TABLE IF NOT EXISTS stories (
            id VARCHAR PRIMARY KEY, headline VARCHAR, headline_article VARCHAR,
            first_seen VARCHAR, last_seen VARCHAR, num_articles INTEGER, num_outlets INTEGER,
            outlets JSON, method VARCHAR, updated_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS story_articles (
            story_id VARCHAR, article_id VARCHAR PRIMARY KEY, similarity DOUBLE)""",
    ],
    # 4: what decided each event (the coder, its rule or trigger, its models' scores)
    4: [
        """ALTER TABLE events ADD COLUMN IF NOT EXISTS decided JSON""",
    ],
    # 5: actor merges a user made (`dateline actors merge A B`; store.actor_merges): the merged
    # name (lower case) -> the canonical actor, and each changed actor row's values before
    5: [
        """CREATE TABLE IF NOT EXISTS actor_merges (
            alias VARCHAR PRIMARY KEY, shown VARCHAR, name VARCHAR, country VARCHAR,
            sector VARCHAR, wikidata VARCHAR, created_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS actor_merge_undo (
            alias VARCHAR, event_id VARCHAR, role VARCHAR, text VARCHAR, name VARCHAR,
            country VARCHAR, sector VARCHAR, wikidata VARCHAR)""",
    ],
    # 6: one canonical actor per real party (store.actor_resolve): each party row's entity
    # label, normalised name and own id (as its article coded it) and the actor it belongs
    # to; a merge acts on actor ids. ``PY_MIGRATIONS[6]`` fills them for the stored rows.
    6: [
        """ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS label VARCHAR""",
        """ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS name_key VARCHAR""",
        """ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS own_id VARCHAR""",
        """ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS actor_id VARCHAR""",
        """ALTER TABLE actor_merges ADD COLUMN IF NOT EXISTS alias_id VARCHAR""",
        """ALTER TABLE actor_merges ADD COLUMN IF NOT EXISTS target_id VARCHAR""",
    ],
}

#: version -> the store method that migrates the stored data after that version's SQL (in
#: the same transaction)
PY_MIGRATIONS: dict[int, str] = {6: "fill_actor_ids"}

ARTICLE_COLUMNS = ["id", "origin", "url", "title", "subtitle", "published", "section", "source",
                   "language", "body", "captions", "related", "warnings", "ingested_at"]
MERGED_COLUMNS = ["id", "type", "mode", "modality", "actors", "recipients", "date", "date_end",
                  "place", "lat", "lon", "country", "num_mentions", "num_sources",
                  "num_articles", "first_seen", "confidence", "disagreements"]
MERGED_JSON = ("actors", "recipients", "disagreements")

MENTION_COLUMNS = ["article_id", "kind", "field", "text", "start", "end", "label", "name", "country",
                   "sector", "wikidata", "geonameid", "lat", "lon", "resolution", "value",
                   "value_end", "granularity"]
ACTOR_COLUMNS = ["event_id", "role", "text", "name", "country", "sector", "wikidata", "label",
                 "name_key", "own_id", "actor_id"]
#: the columns of ``actor_merge_undo`` after its ``alias``: a row's values before a merge
ACTOR_UNDO_COLUMNS = ACTOR_COLUMNS[:7]
EVENT_COLUMNS = ["id", "article_id", "event", "mode", "modality", "cameo", "date", "date_end",
                 "date_text", "place", "place_country", "lat", "lon", "confidence", "actor",
                 "recipient", "evidence", "evidence_field", "evidence_start", "evidence_end",
                 "context", "location", "mentions", "decided"]
#: the events table's columns in the order of its rows as written by ``_document_rows``
EVENT_ROW_COLUMNS = ["id", "article_id", "event", "mode", "modality", "context", "cameo", "actor",
                     "recipient", "date", "date_end", "date_text", "location", "place", "lat",
                     "lon", "place_country", "evidence_field", "evidence", "evidence_start",
                     "evidence_end", "mentions", "confidence", "decided"]
