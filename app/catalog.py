"""The catalog: one SQLite file holding items, galleries, findings, history and settings.

This module is the only place that speaks SQL. Rules it keeps:

- **One connection per thread.** A ``Catalog`` object may be shared between the GUI thread
  and a worker thread; each thread transparently gets its own ``sqlite3`` connection
  (``threading.local``). With WAL, readers never wait for the writer, and writers open
  their transactions with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout
  instead of failing with "database is locked" on a read-to-write upgrade.
- **Short transactions.** Every public method is its own transaction; ``batch()`` groups
  many calls (an import batch). Nothing here reads image files.
- **Parameters always.** User text only ever reaches SQL as a bound parameter. Identifiers
  (column names) come from ``app.fields.FIELDS`` or fixed tables in this module, never
  from the caller unchecked.
- **Schema version** lives in ``PRAGMA user_version``; ``MIGRATIONS`` is applied in order,
  and an existing file is copied with SQLite's backup API before it is migrated.

Schema sketch: ``items`` has one column per editorial field (the working value; lists as
JSON arrays) so the table view reads visible rows with one indexed query, plus JSON columns
for what the file says (``embedded``), where each value came from (``sources``) and every
block's reading (``candidates``). ``items_fts`` is an external-content FTS5 index kept in
sync by triggers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import paths
from app.fields import BY_KEY, FIELD_KEYS, Reconcile, empty_value, normalize_value
from app.model import (
    Edit,
    FileFacts,
    Finding,
    Fix,
    Gallery,
    GalleryStatus,
    ImportFailure,
    Item,
    Provenance,
    ReadResult,
    Severity,
    Value,
    WriteFailure,
    worst_status,
)

BUSY_TIMEOUT_S = 10.0

# File facts stored as plain columns, in FileFacts order (path is stored separately).
FACT_COLUMNS: dict[str, type] = {
    "size": int, "mtime_ns": int, "content_hash": str, "format": str, "width": int, "height": int,
    "orientation": int, "capture_time": str, "capture_offset": str, "gps_lat": float, "gps_lon": float,
    "camera_make": str, "camera_model": str, "sidecar": str,
}

# Which editorial fields the search box looks into: captions, credits and places, not
# instructions or job ids (they would make every search match desk notes).
SEARCH_KEYS: tuple[str, ...] = tuple(
    k for k in ("caption", "headline", "title", "creators", "credit_line", "source", "sublocation", "city",
                "state", "country", "country_code", "keywords") if k in BY_KEY)

# Sort keys besides the field keys.
EXTRA_SORTS: dict[str, str] = {
    "added": "id", "id": "id", "path": "path", "capture_time": "capture_time", "status": "status",
    "format": "format", "file_name": "file_name", "pending": "pending",
}

_RESERVED = {"id", "kind", "path", "thumb_key", "added_at", "modified_at", "import_run", "read_at_ns", "embedded",
             "sources", "candidates", "status", "findings_stale", "caption_credits", "iptc_digest_stored",
             "iptc_digest_current", "read_warnings", "revision", "pending", "file_name", "c2pa_state",
             "c2pa_source_type", *FACT_COLUMNS}
_clash = _RESERVED.intersection(FIELD_KEYS)
if _clash:  # a new field named like a file-fact column would silently corrupt rows
    raise RuntimeError(f"field keys clash with catalog columns: {sorted(_clash)}")

_SEVERITY_RANK = {s.value: s.rank for s in Severity}


def _read_at(result: ReadResult) -> int:
    """The reading's time to record: when it began (``ReadResult.read_at_ns``), else now."""
    return result.read_at_ns if result.read_at_ns is not None else time.time_ns()


class CatalogError(Exception):
    """A catalog that cannot be used (newer schema, not a catalog file)."""


class CatalogDamaged(CatalogError):
    """The file is not a sound SQLite database (``PRAGMA quick_check`` failed, or SQLite
    found it corrupt); the message names the newest backup and the command to restore it."""


class CatalogReadOnly(CatalogError):
    """A write was asked of a catalog opened read-only (its file or folder is not writable)."""


@dataclass
class FileRecord:
    id: int
    path: str
    size: int | None
    mtime_ns: int | None
    content_hash: str | None
    read_at_ns: int | None = None  # wall clock (time.time_ns) of the last reading
    sidecar: str | None = None  # the XMP sidecar that reading used (RAW files)


@dataclass
class CheckRecord:
    """What a gallery check keeps beside an item's findings (``store_findings(checks=...)``)."""

    fingerprint: str  # the rules' settings and code the findings were made under
    scope: int | None  # the gallery whose gallery rules the findings include (0: the whole catalog)
    # The item's credits and findings as the check report shows them: compact JSON text (no
    # spaces after "," and ":"), which check_report_lines puts into the line as it is.
    credits_json: str
    findings_json: str  # the same as the findings rows


@dataclass
class CheckState:
    """An item's revision and stale flag, and the check record stored with its findings."""

    revision: int
    stale: bool
    fingerprint: str | None  # None: no record (never checked, or last stored by a one-item refresh)
    checked_revision: int | None
    scope: int | None

    def fresh(self, fingerprint: str) -> bool:
        """The stored findings and record were made from this revision under ``fingerprint``."""
        return not self.stale and self.fingerprint == fingerprint and self.checked_revision == self.revision


@dataclass
class ApplyOutcome:
    item_id: int
    status: str  # "added" | "updated" | "unchanged" | "relinked"
    conflicts: list[str] = field(default_factory=list)  # field keys edited here and changed in the file


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# Built once: json.dumps with these options builds an encoder each call (a fifth of the cost).
_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dump_map(values: Mapping[str, Any]) -> str:
    """A per-field JSON map without its blank entries (most fields are blank in most photos;
    readers fill the gaps), which keeps item_details small at 100,000 items."""
    return _dump({k: v for k, v in values.items() if v not in (None, "", [], {})})


# (key, whether it is a list field) in FIELD_KEYS order, and an empty list field's column.
_LIST_SHAPE = tuple((key, BY_KEY[key].is_list) for key in FIELD_KEYS)
_EMPTY_LIST_COL = _dump([])


def _col_value(key: str, value: Value) -> str:
    """Working values as stored in their column: text, or a JSON array for list fields."""
    v = normalize_value(key, value)
    return _dump(v) if BY_KEY[key].is_list else v  # type: ignore[return-value]


def _from_col(key: str, raw: Any) -> Value:
    if BY_KEY[key].is_list:
        if not raw or raw == "[]":  # most photos' keywords and every caption-only item's
            return []
        try:
            loaded = json.loads(raw)
        except ValueError:
            return [str(raw)]
        return [str(x) for x in loaded] if isinstance(loaded, list) else [str(loaded)]
    return "" if raw is None else str(raw)


def _q(name: str) -> str:
    """Quote an identifier that came from our own tables (never from user text)."""
    return '"' + name.replace('"', '""') + '"'


def search_words(text: str) -> list[str]:
    """The words of a search box's text (quotes are not part of any word)."""
    return [w for w in text.replace('"', " ").split() if w.strip()]


def spellings(word: str) -> list[str]:
    """A search word and its other German spelling, "ss" for "ß" and back: the index folds case
    and accents ("gorlitz" finds "Görlitz") but not this, and Swiss German writes no "ß" at all
    (the seventeenth walk: "Weiss" did not find the staff photographer Jörg Weiß)."""
    if "ß" in word:
        return [word, word.replace("ß", "ss")]
    if "ss" in word.casefold():
        return [word, re.sub("ss", "ß", word, flags=re.IGNORECASE)]
    return [word]


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query: every word must match, each as a prefix ("vad" finds
    "Vadim"), in either German spelling (``spellings``). Each word is a quoted string, so FTS5
    syntax characters in the text are literal. None when there is nothing to search for."""
    words = search_words(text)
    if not words:
        return None
    return " ".join(_either(['"' + s + '"*' for s in spellings(w)]) for w in words)


def name_query(word: str) -> str:
    """A search word as a query of the file names' trigram index, in either German spelling."""
    return _either(['"' + s + '"' for s in spellings(word)])


def _either(terms: list[str]) -> str:
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _db_path(path: str | os.PathLike[str] | None) -> str | bytes | None:
    """A file path as the catalog stores it: text, or - for a name that is not UTF-8 (Python
    holds its bytes as surrogate escapes, which SQLite text cannot) - the OS's bytes as a BLOB,
    so the path comes back exactly and the file can be opened again."""
    if path is None:
        return None
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def _py_path(value: Any) -> Any:
    """``_db_path`` undone: a BLOB path becomes the str Python's os functions take."""
    return os.fsdecode(value) if value.__class__ is bytes else value


# add_caption_items: from this many rows, and a quarter of the table or more, the items table's
# indexes are built once after the rows are in rather than kept row by row. Measured on the
# 100,000 gallery page (40,000 rows into an empty catalog): SQLite kept the 14 indexes at ~5 us
# an index a row (3.2 s of the 3.4 s the rows took); built at the end, a sort of every row of
# the table, 0.36 s for all 14.
REBUILD_MIN = 2000
_INDEX_SQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"


def _drop_indexes(conn: sqlite3.Connection, table: str) -> list[str]:
    """Drop the indexes of ``table`` made by CREATE INDEX (inside the caller's transaction: a
    rollback brings them back) and return the statements that make them again, as the schema
    holds them."""
    found = conn.execute(_INDEX_SQL, (table,)).fetchall()
    for name, _ in found:
        conn.execute(f"DROP INDEX {_q(name)}")
    return [sql for _, sql in found]


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ---------------------------------------------------------------------------------------
# Schema and migrations. Each migration takes the raw connection inside a transaction.


def _m1_initial(db: Db) -> None:
    cols: dict[str, Any] = {"id": int, "kind": str, "path": str}
    cols.update(FACT_COLUMNS)
    cols.update({"thumb_key": str, "added_at": str, "modified_at": str, "import_run": int})
    cols.update({k: str for k in FIELD_KEYS})
    cols.update({"embedded": str, "sources": str, "candidates": str, "status": str, "findings_stale": int,
                 "iptc_digest_stored": str, "iptc_digest_current": str, "read_warnings": str})
    db["items"].create(cols, pk="id", not_null={"kind", "added_at"},
                       defaults={"findings_stale": 1, "embedded": "{}", "sources": "{}", "candidates": "{}"})
    db["items"].create_index(["path"], unique=True)
    db["items"].create_index(["content_hash"])
    db["items"].create_index(["import_run"])
    db["items"].create_index(["status"])
    db.execute("CREATE INDEX idx_items_stale ON items(id) WHERE findings_stale = 1")

    db["galleries"].create({"id": int, "name": str, "title": str, "status": str, "created": str,
                            "modified": str}, pk="id", not_null={"name", "status"})
    db["galleries"].create_index(["name"], unique=True)
    db["gallery_items"].create({"gallery_id": int, "item_id": int, "position": int},
                               pk=("gallery_id", "item_id"),
                               foreign_keys=[("gallery_id", "galleries", "id"), ("item_id", "items", "id")])
    db["gallery_items"].create_index(["gallery_id", "position"])
    db["gallery_items"].create_index(["item_id"])

    db["import_errors"].create({"id": int, "path": str, "reason": str, "at": str}, pk="id")
    db["import_runs"].create({"id": int, "started": str}, pk="id")
    db["edits"].create({"id": int, "item_id": int, "field": str, "old": str, "new": str, "at": str},
                       pk="id", foreign_keys=[("item_id", "items", "id")])
    db["edits"].create_index(["item_id"])
    db["findings"].create({"id": int, "item_id": int, "rule": str, "severity": str, "field": str,
                           "message": str, "start": int, "end": int, "fix": str}, pk="id",
                          foreign_keys=[("item_id", "items", "id")])
    db["findings"].create_index(["item_id"])
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["templates"].create({"name": str, "value_json": str, "enabled_json": str}, pk="name")


def _m2_cascades_and_fts(db: Db) -> None:
    """Deleting an item or gallery takes its rows with it; full-text search over SEARCH_KEYS."""
    # sqlite-utils' transform() rebuilds a table with new constraints; ON DELETE CASCADE is
    # not expressible there, so the child tables are rebuilt by hand from fixed DDL.
    for table, ddl, cols in (
        ("gallery_items",
         "CREATE TABLE gallery_items (gallery_id INTEGER NOT NULL REFERENCES galleries(id) ON DELETE CASCADE,"
         " item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE, position INTEGER NOT NULL,"
         " PRIMARY KEY (gallery_id, item_id))", "gallery_id, item_id, position"),
        ("edits",
         "CREATE TABLE edits (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id)"
         " ON DELETE CASCADE, field TEXT, old TEXT, new TEXT, at TEXT)", "id, item_id, field, old, new, at"),
        ("findings",
         "CREATE TABLE findings (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id)"
         " ON DELETE CASCADE, rule TEXT, severity TEXT, field TEXT, message TEXT, start INTEGER,"
         " \"end\" INTEGER, fix TEXT)", 'id, item_id, rule, severity, field, message, start, "end", fix'),
    ):
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_old")
        db.execute(ddl)
        db.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {table}_old")
        db.execute(f"DROP TABLE {table}_old")
    db.execute("CREATE INDEX IF NOT EXISTS idx_gallery_items_pos ON gallery_items(gallery_id, position)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_gallery_items_item ON gallery_items(item_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_edits_item ON edits(item_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_findings_item ON findings(item_id)")
    _create_fts(db)


def _create_fts(db: Db) -> None:
    cols = ", ".join(_q(k) for k in SEARCH_KEYS)
    new = ", ".join("new." + _q(k) for k in SEARCH_KEYS)
    old = ", ".join("old." + _q(k) for k in SEARCH_KEYS)
    db.execute(f"CREATE VIRTUAL TABLE items_fts USING fts5({cols}, content='items', content_rowid='id',"
               " tokenize='unicode61 remove_diacritics 2')")
    db.execute(f"CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN "
               f"INSERT INTO items_fts(rowid, {cols}) VALUES (new.id, {new}); END")
    db.execute(f"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN "
               f"INSERT INTO items_fts(items_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
    watched = ", ".join(_q(k) for k in SEARCH_KEYS)
    db.execute(f"CREATE TRIGGER items_fts_au AFTER UPDATE OF {watched} ON items BEGIN "
               f"INSERT INTO items_fts(items_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO items_fts(rowid, {cols}) VALUES (new.id, {new}); END")
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")


DETAIL_COLUMNS: tuple[str, ...] = ("embedded", "sources", "candidates", "iptc_digest_stored",
                                   "iptc_digest_current", "read_warnings")


def _m3_split_details(db: Db) -> None:
    """Move the per-field JSON out of ``items``: with it a row outgrew half a page, so every
    row took a whole page and listing 100,000 ids read the whole file. The table view reads
    ``items``; the inspector joins ``item_details``."""
    db.execute("CREATE TABLE item_details (item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,"
               " embedded TEXT NOT NULL DEFAULT '{}', sources TEXT NOT NULL DEFAULT '{}',"
               " candidates TEXT NOT NULL DEFAULT '{}', iptc_digest_stored TEXT, iptc_digest_current TEXT,"
               " read_warnings TEXT)")
    cols = ", ".join(DETAIL_COLUMNS)
    db.execute(f"INSERT INTO item_details (item_id, {cols}) SELECT id, {cols} FROM items")
    for col in DETAIL_COLUMNS:
        db.execute(f"ALTER TABLE items DROP COLUMN {col}")


def _m4_read_time(db: Db) -> None:
    """When the file was last read, so a RAW whose XMP sidecar changed since is read again."""
    db["items"].add_column("read_at_ns", int)


# Field sorts the table view offers (its column headers): each gets an index in the order
# item_ids(sort=...) asks for, so sorting 100,000 items walks an index instead of sorting.
SORT_INDEX_KEYS: tuple[str, ...] = tuple(
    k for k in ("headline", "caption", "date_created", "city", "creators", "credit_line", "source") if k in BY_KEY)


def _blank_expr(col: str) -> str:
    """True for a blank working value (text or JSON list). item_ids' ORDER BY and the sort
    indexes must spell it the same way, or SQLite will not use the index."""
    return f"{col} = '' OR {col} = '[]' OR {col} IS NULL"


def _m5_sort_indexes(db: Db) -> None:
    """Indexes for item_ids(sort=<field>): blanks last, then the value without regard to case."""
    for key in SORT_INDEX_KEYS:
        col = _q(key)
        db.execute(f"CREATE INDEX IF NOT EXISTS {_q('idx_items_sort_' + key)}"
                   f" ON items(({_blank_expr(col)}), {col} COLLATE NOCASE)")


def _m6_caption_credits(db: Db) -> None:
    """What the credit sheet takes from the caption's credits, stored when the item is checked
    (``store_findings``), so a big export does not parse every caption a second time."""
    db["items"].add_column("caption_credits", str)


def _m7_forget_caption_credits(db: Db) -> None:
    """The parser's chain rule changed (the distributor is now the last of ``agencies``): summaries
    stored under the old rule would export the wrong chain, so they are dropped and the next check
    stores them again (until then the export parses, as for any unchecked item)."""
    db.execute("UPDATE items SET caption_credits = NULL")


def _m8_revision(db: Db) -> None:
    """A counter bumped each time an item is marked stale, so findings computed from an older
    reading are not stored over an edit made while the rules ran (``store_findings``)."""
    if "revision" not in db["items"].columns_dict:  # idempotent: a re-run after a crash is harmless
        db["items"].add_column("revision", int, not_null_default=0)
    db.execute("CREATE TRIGGER IF NOT EXISTS items_revision AFTER UPDATE OF findings_stale ON items"
               " WHEN NEW.findings_stale = 1"
               " BEGIN UPDATE items SET revision = OLD.revision + 1 WHERE id = NEW.id; END")


def _m9_write_intents(db: Db) -> None:
    """A write-back records the new file's hash before it replaces the file, so a crash
    between the replace and the catalog update is recognised as our own write next time
    instead of "changed on disk" (``record_write_intent``)."""
    db.execute("CREATE TABLE IF NOT EXISTS write_intents (item_id INTEGER PRIMARY KEY"
               " REFERENCES items(id) ON DELETE CASCADE, path TEXT NOT NULL, content_hash TEXT NOT NULL,"
               " size INTEGER NOT NULL, keys TEXT NOT NULL, started TEXT NOT NULL)")


def _m10_provenance(db: Db) -> None:
    """Content Credentials (C2PA) read at import (``app.provenance``): the state and declared
    digital source type on ``items`` (the tiles' badge and the rules read them with the row),
    the details in ``provenance``; and two gallery flags: ``news`` (an undisclosed AI-generated
    picture stops publication) and ``web`` (every photo needs alt text)."""
    have = db["items"].columns_dict  # idempotent: a re-run after a crash is harmless
    if "c2pa_state" not in have:
        db["items"].add_column("c2pa_state", str)
    if "c2pa_source_type" not in have:
        db["items"].add_column("c2pa_source_type", str)
    db.execute("CREATE TABLE IF NOT EXISTS provenance (item_id INTEGER PRIMARY KEY REFERENCES items(id)"
               " ON DELETE CASCADE, state TEXT NOT NULL, codes TEXT NOT NULL DEFAULT '[]', signer TEXT,"
               " claim_generator TEXT, source_type TEXT, details TEXT NOT NULL DEFAULT '{}', read_at TEXT)")
    galleries = db["galleries"].columns_dict
    if "news" not in galleries:
        db["galleries"].add_column("news", int, not_null_default=1)
    if "web" not in galleries:
        db["galleries"].add_column("web", int, not_null_default=0)


def _basename_sql(col: str) -> str:
    """The last component of a path column, in SQL (either separator): what is left after
    trimming from the right every character but the separators. NULL for a path kept as bytes
    (not UTF-8): its name would not decode as text, and such a name is not searched."""
    p = f"replace({col}, '\\', '/')"
    return f"CASE WHEN typeof({col}) = 'text' THEN substr({p}, length(rtrim({p}, replace({p}, '/', ''))) + 1) END"


def _pending_sql(sources: str) -> str:
    """How many fields a sources map says were edited in the catalog (not yet in the file)."""
    return f"(SELECT count(*) FROM json_each({sources}) WHERE value = 'edited')"


def _m11_desk(db: Db) -> None:
    """The desk workflow: each photo's count of edits not yet written to its file (``pending``,
    kept by triggers on ``item_details.sources``, however the sources change: an edit, a write,
    a re-import), and its file name (``file_name``, kept by triggers on ``path``) that search and
    the table's sort read."""
    cols = db["items"].columns_dict
    if "pending" not in cols:  # idempotent, like _m8
        db["items"].add_column("pending", int, not_null_default=0)
    if "file_name" not in cols:
        db["items"].add_column("file_name", str)
    count = _pending_sql("NEW.sources")
    db.execute("CREATE TRIGGER IF NOT EXISTS item_details_pending_ai AFTER INSERT ON item_details BEGIN"
               f" UPDATE items SET pending = CASE WHEN kind = 'photo' THEN {count} ELSE 0 END"
               " WHERE id = NEW.item_id; END")
    db.execute("CREATE TRIGGER IF NOT EXISTS item_details_pending_au AFTER UPDATE OF sources ON item_details BEGIN"
               f" UPDATE items SET pending = CASE WHEN kind = 'photo' THEN {count} ELSE 0 END"
               " WHERE id = NEW.item_id; END")
    name = _basename_sql("NEW.path")
    db.execute("CREATE TRIGGER IF NOT EXISTS items_file_name_ai AFTER INSERT ON items BEGIN"
               f" UPDATE items SET file_name = {name} WHERE id = NEW.id; END")
    db.execute("CREATE TRIGGER IF NOT EXISTS items_file_name_au AFTER UPDATE OF path ON items BEGIN"
               f" UPDATE items SET file_name = {name} WHERE id = NEW.id; END")
    db.execute(f"UPDATE items SET file_name = {_basename_sql('path')}")
    # The file names, searched for any part of them ("0042" in IMG_0042.jpg): FTS5's trigram
    # index answers from an index where LIKE '%0042%' read every row (40 ms on 100,000). A row is
    # in it exactly when its file name is not NULL (the name is set by items_file_name_ai's UPDATE
    # after an insert), and one trigger per change, so nothing depends on the order triggers fire in.
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(file_name, content='items',"
               " content_rowid='id', tokenize='trigram')")
    db.execute("CREATE TRIGGER IF NOT EXISTS names_fts_ad AFTER DELETE ON items WHEN old.file_name IS NOT NULL"
               " BEGIN INSERT INTO names_fts(names_fts, rowid, file_name) VALUES ('delete', old.id, old.file_name);"
               " END")
    db.execute("CREATE TRIGGER IF NOT EXISTS names_fts_au AFTER UPDATE OF file_name ON items BEGIN"
               " INSERT INTO names_fts(names_fts, rowid, file_name) SELECT 'delete', old.id, old.file_name"
               " WHERE old.file_name IS NOT NULL;"
               " INSERT INTO names_fts(rowid, file_name) SELECT new.id, new.file_name WHERE new.file_name IS NOT NULL;"
               " END")
    db.execute("INSERT INTO names_fts(rowid, file_name) SELECT id, file_name FROM items WHERE file_name IS NOT NULL")
    db.execute("UPDATE items SET pending = (SELECT count(*) FROM item_details d, json_each(d.sources) j"
               " WHERE d.item_id = items.id AND j.value = 'edited') WHERE kind = 'photo'")
    db.execute("CREATE INDEX IF NOT EXISTS idx_items_pending ON items(id) WHERE pending > 0")


def _m12_bulk_search_and_check_cache(db: Db) -> None:
    """What a big gallery needs to be fast.

    The search index is filled by the catalog's insert paths instead of a trigger: FTS5 pays
    ~30-60 us of set-up per statement that writes it, and a trigger is one statement per row:
    20,000 caption items spent 1.3 s in the trigger and 0.06 s in one INSERT ... SELECT.
    (Updates and deletes keep their triggers: they come one item at a time.)

    ``item_checks`` keeps what a check computed beyond the findings, with the fingerprint of
    the settings and code it ran under, so ``check`` of an unchanged gallery reuses it
    instead of parsing every caption again."""
    db.execute("DROP TRIGGER IF EXISTS items_fts_ai")
    # The same for _m11's insert triggers when they have nothing to do: a caption-only item has
    # no file name (and the UPDATE would set NULL to NULL, firing names_fts_au, an FTS5
    # statement, per row), and a new item's sources name no edit (its pending stays 0).
    name = _basename_sql("NEW.path")
    db.execute("DROP TRIGGER IF EXISTS items_file_name_ai")
    db.execute("CREATE TRIGGER items_file_name_ai AFTER INSERT ON items WHEN NEW.path IS NOT NULL BEGIN"
               f" UPDATE items SET file_name = {name} WHERE id = NEW.id; END")
    count = _pending_sql("NEW.sources")
    db.execute("DROP TRIGGER IF EXISTS item_details_pending_ai")
    db.execute("CREATE TRIGGER item_details_pending_ai AFTER INSERT ON item_details"
               " WHEN instr(NEW.sources, '\"edited\"') > 0 BEGIN"
               f" UPDATE items SET pending = CASE WHEN kind = 'photo' THEN {count} ELSE 0 END"
               " WHERE id = NEW.item_id; END")
    db.execute("CREATE TABLE IF NOT EXISTS item_checks (item_id INTEGER PRIMARY KEY REFERENCES items(id)"
               " ON DELETE CASCADE, fingerprint TEXT NOT NULL, revision INTEGER NOT NULL, scope INTEGER,"
               " credits_json TEXT NOT NULL, findings_json TEXT NOT NULL)")


def _m13_bulk_file_names(db: Db) -> None:
    """A batch of new files gets its file names and their search entries from the insert path
    (``Catalog._insert_items``: the name in the row, one INSERT ... SELECT into names_fts), as
    _m12 did for the caption index: the insert trigger's UPDATE fired names_fts_au, an FTS5
    statement per row, ~0.2 ms a file of an import. The trigger stays for the inserts that
    leave the name to it (one item at a time)."""
    name = _basename_sql("NEW.path")
    db.execute("DROP TRIGGER IF EXISTS items_file_name_ai")
    db.execute("CREATE TRIGGER items_file_name_ai AFTER INSERT ON items"
               " WHEN NEW.path IS NOT NULL AND NEW.file_name IS NULL BEGIN"
               f" UPDATE items SET file_name = {name} WHERE id = NEW.id; END")


def _m14_write_count(db: Db) -> None:
    """One row counting the catalog's write transactions: every ``Catalog`` bumps it as it commits
    and counts its own, so the window tells another process's commit (the CLI on the same
    catalog) from its own background work's (``Catalog.watch_changes``). ``PRAGMA data_version``
    only says that some other connection committed, and this process's worker threads are
    other connections too."""
    db.execute("CREATE TABLE IF NOT EXISTS write_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    db.execute("INSERT OR IGNORE INTO write_count (id, n) VALUES (1, 0)")


def _folder_sql(col: str) -> str:
    """The folders of a path column as the search box matches them: the path with either
    separator as '/', up to its last '/' ('' without one; what is left after trimming from the
    right every character but '/'). A search word found in this part of the path after its first
    '/' names a folder the file is in, as ``item_ids`` asks of the path itself. The folder index
    and ``item_ids`` must spell it the same way, or SQLite will not use the index."""
    p = f"replace({col}, '\\', '/')"
    return f"rtrim({p}, replace({p}, '/', ''))"


def _m15_folder_index(db: Db) -> None:
    """An index of each file's folders (``_folder_sql``), so a search learns whether a word names
    a folder of the catalog from one index seek per distinct folder (``_ANY_FOLDER_LIKE``) instead
    of reading the path of every row."""
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_items_folder ON items(({_folder_sql('path')}))")


def _m16_finding_spans(db: Db) -> None:
    """Every place a finding points at when it is more than one (``Finding.spans``): the same
    unknown word twice is one finding with both places."""
    if "spans" not in {r[1] for r in db.execute("PRAGMA table_info(findings)")}:
        db.execute("ALTER TABLE findings ADD COLUMN spans TEXT")


def _m17_write_failures(db: Db) -> None:
    """Why the last write-back of a photo did not write it (a read-only file, a file gone, a
    full disk; skipped as changed on disk), kept until a write of it succeeds: the reason was
    said in the write dialog only, and after a restart the photo showed just "not written"."""
    db.execute("CREATE TABLE IF NOT EXISTS write_failures (item_id INTEGER PRIMARY KEY REFERENCES items(id)"
               " ON DELETE CASCADE, status TEXT NOT NULL, reason TEXT NOT NULL, path TEXT, at TEXT NOT NULL)")


MIGRATIONS: tuple = (_m1_initial, _m2_cascades_and_fts, _m3_split_details, _m4_read_time, _m5_sort_indexes,
                     _m6_caption_credits, _m7_forget_caption_credits, _m8_revision, _m9_write_intents,
                     _m10_provenance, _m11_desk, _m12_bulk_search_and_check_cache, _m13_bulk_file_names,
                     _m14_write_count, _m15_folder_index, _m16_finding_spans, _m17_write_failures)
_FTS_COLUMNS = ", ".join(_q(k) for k in SEARCH_KEYS)
# What every insert into ``items`` must run after it (see _m12): the new rows' search entries.
_FTS_INSERT_RANGE = (f"INSERT INTO items_fts(rowid, {_FTS_COLUMNS}) SELECT id, {_FTS_COLUMNS} FROM items"
                     " WHERE id BETWEEN ? AND ?")
_NAMES_INSERT_RANGE = ("INSERT INTO names_fts(rowid, file_name) SELECT id, file_name FROM items"
                       " WHERE id BETWEEN ? AND ? AND file_name IS NOT NULL")
# Whether any folder of the catalog matches a LIKE pattern: the distinct folders walked on the
# folder index, one seek each (a loose index scan: SELECT DISTINCT would read every entry).
_FOLDER = _folder_sql("path")
_ANY_FOLDER_LIKE = (f"WITH RECURSIVE folders(folder) AS (SELECT MIN({_FOLDER}) FROM items"
                    f" UNION ALL SELECT (SELECT MIN({_FOLDER}) FROM items WHERE {_FOLDER} > folders.folder)"
                    " FROM folders WHERE folders.folder IS NOT NULL)"
                    " SELECT EXISTS (SELECT 1 FROM folders WHERE folder LIKE ? ESCAPE '\\')")


def file_name_of(path: Any) -> str | None:
    """What ``_basename_sql`` computes, in Python: the last component of a text path (either
    separator); None for a path kept as bytes."""
    if not isinstance(path, str):
        return None
    return path.replace("\\", "/").rsplit("/", 1)[-1]


SCHEMA_VERSION = len(MIGRATIONS)
_DETAIL_SELECT = ", ".join(f"d.{c}" for c in DETAIL_COLUMNS)

# The light read (Catalog.iter_items): fixed columns, then one per field in FIELD_KEYS order.
# Text fields come out of SQL as "" rather than NULL so Python has nothing to fix per cell.
_LIST_KEYS: tuple[str, ...] = tuple(k for k in FIELD_KEYS if BY_KEY[k].is_list)
_LIST_KEY_SET = frozenset(_LIST_KEYS)
_LIGHT_FIXED = 10


def _json_map(raw: str | None) -> dict[str, Any]:
    # "{}" is what a caption-only item stores: no parse for it.
    return json.loads(raw) if raw and raw != "{}" else {}


_BLANK_TEXTS: dict[str, Value] = dict.fromkeys(FIELD_KEYS, "")  # copied, then each list key given its own []


def _blank_values() -> dict[str, Value]:
    out = _BLANK_TEXTS.copy()
    for k in _LIST_KEYS:
        out[k] = []
    return out
_LIGHT_FIELDS = ", ".join(f"items.{_q(k)}" if BY_KEY[k].is_list else f"COALESCE(items.{_q(k)}, '')"
                          for k in FIELD_KEYS)
_LIGHT_SQL = (f"SELECT items.id, items.kind, items.path, items.thumb_key, items.added_at, items.status, NULL,"
              f" items.c2pa_state, COALESCE(items.c2pa_source_type, ''), items.pending,"
              f" {_LIGHT_FIELDS} FROM items WHERE items.id IN (SELECT value FROM json_each(?))")
_LIGHT_GALLERY_SQL = (
    f"SELECT items.id, items.kind, items.path, items.thumb_key, items.added_at, items.status, gi.position,"
    f" items.c2pa_state, COALESCE(items.c2pa_source_type, ''), items.pending,"
    f" {_LIGHT_FIELDS} FROM items LEFT JOIN gallery_items gi ON gi.item_id = items.id AND gi.gallery_id = ?"
    f" WHERE items.id IN (SELECT value FROM json_each(?))")
LIGHT_CHUNK = 5000
# The rules' read (Catalog.items_to_check): the light read's fixed columns, the candidates, the
# sources of an item with edits not yet written (a field edited is not judged by its file's
# copies: the write replaces them all), the file facts, then the fields.
_CHECK_FIXED = 12 + len(FACT_COLUMNS)
_CHECK_SQL = (f"SELECT items.id, items.kind, items.path, items.thumb_key, items.added_at, items.status, NULL,"
              f" items.c2pa_state, COALESCE(items.c2pa_source_type, ''), items.pending, d.candidates,"
              f" CASE WHEN items.pending > 0 THEN d.sources END,"
              f" {', '.join(f'items.{_q(c)}' for c in FACT_COLUMNS)}, {_LIGHT_FIELDS}"
              f" FROM items JOIN item_details d ON d.item_id = items.id"
              f" WHERE items.id IN (SELECT value FROM json_each(?))")
# Columns iter_values gives besides the fields: the Content Credentials state (the CSV's provenance).
VALUE_EXTRAS: frozenset[str] = frozenset({"c2pa_state"})


class Db:
    """A thread's connection as the catalog uses it: ``conn``, ``execute`` and ``close``, and
    sqlite-utils' table helpers (``db["items"].insert(...)``, the migrations' ``create`` and
    ``add_column``) through a ``sqlite_utils.Database`` made on first use. Importing sqlite-utils
    (with click, dateutil and pluggy) took ~0.1 s of CPU at every start of the command line, a
    fifth of `check` of an unchanged gallery of 20,000, and commands that only read never use it."""

    __slots__ = ("conn", "_utils")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: Any = None
        conn.execute("PRAGMA recursive_triggers = on")  # what sqlite_utils.Database set on every connection

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        # sqlite_utils.Database.execute's own work (committing a transaction a statement opened
        # implicitly) never applies: the connection is in autocommit mode (isolation_level=None).
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, table: str) -> Any:
        if self._utils is None:
            import sqlite_utils  # noqa: PLC0415 - see the class docstring

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils[table]


def _connect(path: Path, read_only: bool = False) -> Db:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (and sqlite-utils nests savepoints).
    conn = _connect_raw(path, read_only)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # In WAL mode NORMAL only risks the last commits on power loss, never corruption,
    # and a killed process loses nothing that was committed.
    conn.execute("PRAGMA synchronous = NORMAL")
    return Db(conn)


def _connect_raw(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection; ``read_only`` opens the file read-only (a file or folder without write
    permission), and - when SQLite cannot even make the WAL's shared-memory file beside it -
    as immutable: nothing else writes to a catalog nobody may write."""
    if not read_only:
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    uri = Path(os.path.abspath(path)).as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
    return conn


# SQLite's byte range for SHARED locks (PENDING_BYTE + 2, 510 bytes): a process that wants to
# delete the WAL (its last connection closing) must lock it for writing first.
_SHARED_FIRST, _SHARED_SIZE = 0x40000000 + 2, 510
try:
    import fcntl as _fcntl
except ImportError:  # Windows: its file locks are not dropped by another handle's close
    _fcntl = None  # type: ignore[assignment]
_CAN_GUARD_WAL = hasattr(_fcntl, "F_OFD_SETLK")  # Linux; macOS has no open-file-description locks


def _guard_wal(path: Path) -> int | None:
    """An open file description holding a read lock on the catalog's SHARED range, for as long
    as this process uses the catalog: another process's last connection cannot then take the
    EXCLUSIVE lock that lets it checkpoint and delete the WAL and shared-memory files. SQLite's
    own locks are POSIX locks, which the OS drops the moment this process closes any descriptor
    of the file: a file dialog sniffing the catalog's type (the ninth walk: File > Import
    Folder beside the catalog), then an import worker's reader closing, deleted the WAL under
    the app, whose later commits went to the deleted file: 'Imported 557 new', 501 in the
    catalog, 'disk I/O error' on every read. An open-file-description lock (Linux) is not
    dropped by another descriptor's close. The file descriptor, or None where there are no
    such locks."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    if not _lock_shared_range(fd, _fcntl.F_RDLCK):  # another process holds the catalog exclusively
        os.close(fd)  # (a journal-mode switch)
        return None
    return fd


def _lock_shared_range(fd: int, kind: int) -> bool:
    """An open-file-description lock of ``kind`` (F_RDLCK, F_WRLCK) on SQLite's SHARED range of
    the file ``fd`` is open on; False when another lock refuses it."""
    import struct  # noqa: PLC0415

    try:
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for an OFD lock)
        _fcntl.fcntl(fd, _fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", kind, os.SEEK_SET, _SHARED_FIRST, _SHARED_SIZE, 0))
    except OSError:
        return False
    return True


def _journal_is_wal(conn: sqlite3.Connection) -> bool:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _in_wal_mode(db: Db) -> bool:
    """The guard is for a WAL catalog only: in rollback-journal mode (one another process kept
    from switching, see migrate) it would block this process's own writer."""
    try:
        return _journal_is_wal(db.conn)
    except sqlite3.Error:
        return True  # the guard as before; the error shows on the statement that needs the file


def _open_elsewhere(path: Path) -> bool:
    """Whether another Catalog (this process's or another's: the window, a command still running)
    has the file open: each holds a read lock on SQLite's SHARED range (``_guard_wal``) and SQLite
    its own, so a write lock on it is refused. False where it cannot be told (no such locks, the
    file cannot be opened for writing)."""
    if not _CAN_GUARD_WAL:
        return False
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        return not _lock_shared_range(fd, _fcntl.F_WRLCK)
    finally:
        os.close(fd)  # an OFD lock ends with its description


def _wal_identity(path: Path) -> tuple[int, int] | None:
    """The catalog's WAL file as (device, inode), None when there is none."""
    try:
        st = os.stat(f"{path}-wal")
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _enable_wal(conn: sqlite3.Connection) -> str:
    """Switch to WAL. The switch needs the file to itself, and SQLite does not always wait on
    the busy timeout for it when several processes open a new catalog at once, so retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError:
            mode = "busy"
        if mode == "wal" or time.monotonic() > deadline:
            return mode
        time.sleep(0.05)


def migrate(path: Path, target: int = SCHEMA_VERSION) -> int:
    """Bring the file at ``path`` to schema ``target``; returns the version it had.

    An existing catalog (version > 0) is first copied next to itself as
    ``<name>.bak-v<old>`` with the SQLite backup API, so a failed migration loses nothing."""
    db = _connect(path)
    try:
        conn = db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CatalogError(f"{path}: catalog schema v{version} is newer than this Creditline "
                               f"(knows v{SCHEMA_VERSION}); update the app")
        if version == 0:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if names:
                raise CatalogError(f"{path}: not a Creditline catalog (has tables, no schema version)")
        if version >= target:
            # A backup is a self-contained file in rollback-journal mode, and so is a catalog
            # restored from it or copied back by hand (or switched by another tool). Left so, its
            # writer needs SQLite's SHARED range to itself, which this process's own WAL guard
            # holds (_guard_wal): every edit failed as "busy" after the restore (walk 13).
            if not _journal_is_wal(conn):
                _enable_wal(conn)
            return version
        mode = _enable_wal(conn)
        if mode != "wal":
            raise CatalogError(f"{path}: cannot switch the catalog to WAL mode (got {mode})")
        if version > 0:
            backup_path = path.with_name(f"{path.name}.bak-v{version}")
            dest = sqlite3.connect(str(backup_path))
            try:
                conn.backup(dest)
            finally:
                dest.close()
        # Foreign keys must be off while tables are rebuilt (SQLite's documented ALTER procedure).
        conn.execute("PRAGMA foreign_keys = OFF")
        for number in range(version + 1, target + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process (the app and a CLI run started together) may have got here first.
                if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                    conn.execute("COMMIT")
                    continue
                MIGRATIONS[number - 1](db)
                problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise CatalogError(f"{path}: migration to v{number} broke {len(problems)} references")
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        conn.execute("PRAGMA foreign_keys = ON")
        return version
    finally:
        db.close()


def _sync_field_columns(db: Db) -> None:
    """A field added to app.fields after the catalog was made gets its column (blank)."""
    have = {c.name for c in db["items"].columns}
    for key in FIELD_KEYS:
        if key not in have:
            db["items"].add_column(key, str)


# ---------------------------------------------------------------------------------------


def _with_lists(values: dict[str, Any], lists: dict[str, list[str]]) -> dict[str, Any]:
    """``values`` (a row's columns by field) with each list field's JSON decoded, through
    ``lists`` (JSON text -> list) shared across a read: by-lines repeat across a gallery."""
    for key in _LIST_KEYS:
        raw = values[key]
        if not raw:
            values[key] = []
            continue
        cached = lists.get(raw)
        if cached is None:
            cached = lists[raw] = _from_col(key, raw)  # type: ignore[assignment]
        values[key] = cached.copy()  # each item owns its list: callers may edit it
    return values


class ChangeWatch:
    """``Catalog.watch_changes()``: has anyone else committed since the last ``poll()``?

    ``PRAGMA data_version`` (one statement) moves when any other connection commits: another
    process, or a worker thread of this one. Only then is ``write_count`` read: it grew by more
    than this catalog object's own commits when someone else wrote too. A commit by a writer
    that does not count (an older Creditline, the sqlite3 shell) is seen whenever no own
    commit landed in the same interval.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._version, self._count, self._own = self._read() or (catalog.data_version(), None, 0)

    def _read(self, wait: bool = True) -> tuple[int, int | None, int] | None:
        """data_version, the catalog's count and this object's, read with no commit of ours
        between them; None (``wait=False``) while a commit of ours is under way (an import
        batch's, a checkpoint: the UI thread does not wait for it, the next poll looks again)."""
        cat = self.catalog
        if not cat._writes_lock.acquire(blocking=wait):
            return None
        try:
            return cat.data_version(), cat._write_count(), cat._own_writes
        finally:
            cat._writes_lock.release()

    def poll(self) -> bool:
        if self.catalog.data_version() == self._version:
            return False  # the usual answer: one statement
        now = self._read(wait=False)
        if now is None:
            return False
        (version, count, own), (count0, own0) = now, (self._count, self._own)
        self._version, self._count, self._own = version, count, own
        if own == own0:
            return True  # only other connections moved data_version, and none of them is ours
        return count is not None and count0 is not None and count - count0 > own - own0


class Catalog:
    """See the module docstring and docs/architecture.md for the contract."""

    def __init__(self, path: Path, read_only: str | None = None) -> None:
        self.path = Path(path)
        # Why the catalog is read-only ("no write permission"), or None when it can be written.
        self.read_only = read_only
        self.thumbnails_dir = paths.thumbnails_dir(self.path)
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, Db]] = []  # each thread's connection
        self._all_lock = threading.Lock()
        self._run_id: int | None = None
        # Write transactions this object committed (any thread), and the lock that makes a commit
        # and its count one step for ChangeWatch.poll.
        self._own_writes = 0
        self._writes_lock = threading.Lock()
        self._wal_guard: weakref.finalize | None = None  # see _guard_wal
        # Without a guard (no open-file-description locks: macOS, BSD; or a file system that
        # refuses them): the WAL this object's connections use, (device, inode), so that a write
        # never goes to one another process deleted under them (see _check_wal).
        self._wal_id: tuple[int, int] | None = None

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, check: bool = True) -> Catalog:
        """Open (or create) the catalog. A file that exists is first checked with ``PRAGMA
        quick_check`` (``check=False`` skips it: the app checks in the background, see
        ``quick_check``); a damaged one raises ``CatalogDamaged`` naming the way out. A file
        or folder without write permission is opened read-only (``read_only`` says why)."""
        p = paths.resolve_catalog_path(path)
        try:
            from app.files import not_regular  # noqa: PLC0415

            what = not_regular(p.stat().st_mode)
        except OSError:
            what = None  # not there yet (it is created), or unreachable (SQLite says why)
        if what is not None:  # SQLite would say "disk I/O error" for a FIFO, odder for /dev/null
            raise CatalogError(f"{p}: not a catalog file ({what})")
        read_only = _why_read_only(p)
        try:
            try:
                _prepare(p, read_only, check)
            except sqlite3.DatabaseError as exc:
                # A disk so full that SQLite cannot even make the WAL's files: the catalog can
                # still be listed, shown and checked (a pipeline's gate), as a read-only one.
                if read_only is not None or _is_damage(exc) or not _is_full(exc, p.parent) \
                        or not p.is_file() or p.stat().st_size == 0:
                    raise
                read_only = f"the disk is full, {_free_text(p.parent)} free"
                _prepare(p, read_only, check)
        except CatalogError:
            raise
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):  # found without the check (check=False): the same message
                raise CatalogDamaged(damaged_message(p, str(exc))) from None
            raise CatalogError(f"{p}: cannot open the catalog: {describe_error(exc, p)}") from None
        cat = cls(p, read_only)
        have = {r[1] for r in cat.db.conn.execute("PRAGMA table_info(items)")}
        if not set(FIELD_KEYS) <= have and read_only is None:
            with cat._write() as db:
                _sync_field_columns(db)
        return cat

    def close(self) -> None:
        """Close this thread's connection and those of threads that have ended (call when the
        app or command ends). A connection another thread may be using at this moment is left
        to close itself when that thread lets go of it: closing it under a running statement
        crashed the interpreter (a write task still storing a re-read when a test's catalog was
        closed)."""
        me = threading.current_thread()
        with self._all_lock:
            if self._wal_guard is not None and all(o is me or not o.is_alive() for o, _ in self._all):
                # First: its close drops this process's locks on the file (see _guard_wal), so
                # not while a connection of a running thread is left; then the last connection
                # to close may tidy the WAL away as usual.
                self._wal_guard()
                self._wal_guard = None
            for owner, db in self._all:
                if owner is me or not owner.is_alive():
                    with contextlib.suppress(sqlite3.Error):
                        db.close()
            self._all.clear()
            self._wal_id = None  # the next connection may find a new WAL, rightly
        self._local = threading.local()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> Db:
        """This thread's connection (opened on first use)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = _connect(self.path, self.read_only is not None)
            self._local.db = db
            with self._all_lock:
                self._all.append((threading.current_thread(), db))
                if self._wal_guard is None and self.read_only is None and _CAN_GUARD_WAL and _in_wal_mode(db):
                    fd = _guard_wal(self.path)
                    if fd is not None:
                        self._wal_guard = weakref.finalize(self, os.close, fd)
                if self._wal_guard is None and self.read_only is None and self._wal_id is None:
                    self._wal_id = _wal_identity(self.path)
        return db

    def _check_wal(self) -> None:
        """Refuse a write when the WAL this object's connections use was deleted under them.
        Without the guard (``_guard_wal``: Linux only), SQLite's POSIX locks are all this process
        holds, and any close of another descriptor of the file drops them (a file dialog sniffing
        the catalog); another process's last connection then deletes the WAL, and the commits
        made after it went to a deleted file that other processes never saw (simulated with the
        guard off: the other process read the value from before the commit). Nothing is written
        then, and the error says how to go on."""
        if self._wal_guard is not None or self.read_only is not None:
            return
        now = _wal_identity(self.path)
        if self._wal_id is None:
            self._wal_id = now
        elif now != self._wal_id:
            raise CatalogError(f"{self.path}: another program removed the catalog's write-ahead log "
                               f"({self.path.name}-wal) while this one had it open (this system cannot lock it "
                               "against that); nothing was written: close the catalog and open it again")

    @contextlib.contextmanager
    def _write(self) -> Iterator[Db]:
        if self.read_only is not None:
            raise CatalogReadOnly(f"{self.path} is read-only ({self.read_only}): it can be listed, shown and "
                                  "checked, not changed")
        db = self.db
        conn = db.conn
        if conn.in_transaction:
            # Nested inside batch(): a savepoint, so a call that fails leaves nothing half
            # done while the batch goes on (an import stores the next file).
            conn.execute("SAVEPOINT catalog_call")
            try:
                yield db
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO catalog_call")
                    conn.execute("RELEASE catalog_call")
                raise
            else:
                conn.execute("RELEASE catalog_call")
            return
        self._check_wal()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            with contextlib.suppress(sqlite3.OperationalError):  # a catalog not migrated (v13 and older)
                conn.execute("UPDATE write_count SET n = n + 1 WHERE id = 1")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            with self._writes_lock:
                conn.execute("COMMIT")
                self._own_writes += 1

    @contextlib.contextmanager
    def batch(self) -> Iterator[Catalog]:
        """One transaction around many calls: all of them land, or none."""
        with self._write():
            yield self

    @contextlib.contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[Catalog]:
        """Calls inside wait at most ``seconds`` (not ``BUSY_TIMEOUT_S``) for another writer,
        then fail as busy (``is_busy``): the UI thread must not freeze while another program
        holds the catalog."""
        conn = self.db.conn
        conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
        try:
            yield self
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        conn = self.db.conn
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.db.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- import side -----------------------------------------------------------------
    def start_import_run(self) -> int:
        """Begin an import run; items added or updated from now on are "recent"."""
        with self._write() as db:
            self._run_id = db["import_runs"].insert({"started": _now()}).last_pk
        return self._run_id  # type: ignore[return-value]

    def mark_seen_in_run(self, item_ids: Sequence[int]) -> None:
        """Count items an import run found already in the catalog, unchanged, as part of that
        run: "Recently imported" is the folder just imported, all of it. An import cancelled and
        run again listed only the files the second run added (the tenth walk)."""
        run = self._run_id
        if run is None or not item_ids:
            return
        with self._write() as db:
            for start in range(0, len(item_ids), LIGHT_CHUNK):
                db.execute("UPDATE items SET import_run = ? WHERE id IN (SELECT value FROM json_each(?))"
                           " AND import_run IS NOT ?", (run, _dump(list(item_ids[start:start + LIGHT_CHUNK])), run))

    def file_record(self, path: str | os.PathLike[str]) -> FileRecord | None:
        row = self.db.conn.execute(
            "SELECT id, path, size, mtime_ns, content_hash, read_at_ns, sidecar FROM items WHERE path = ?",
            (_db_path(path),)).fetchone()
        if not row:
            return None
        rec = FileRecord(*row)
        rec.path, rec.sidecar = _py_path(rec.path), _py_path(rec.sidecar)
        return rec

    def file_records(self, item_ids: Sequence[int]) -> list[FileRecord]:
        """``file_record`` of each of ``item_ids`` that is a photo (caption-only items have no
        file), in id order: what the window compares with the files on disk."""
        out: list[FileRecord] = []
        ids = list(item_ids)
        for start in range(0, len(ids), LIGHT_CHUNK):
            for row in self.db.conn.execute(
                    "SELECT id, path, size, mtime_ns, content_hash, read_at_ns, sidecar FROM items"
                    " WHERE id IN (SELECT value FROM json_each(?)) AND path IS NOT NULL ORDER BY id",
                    (_dump(ids[start:start + LIGHT_CHUNK]),)):
                rec = FileRecord(*row)
                rec.path, rec.sidecar = _py_path(rec.path), _py_path(rec.sidecar)
                out.append(rec)
        return out

    def ids_by_hash(self, content_hash: str) -> list[int]:
        return [r[0] for r in self.db.conn.execute(
            "SELECT id FROM items WHERE content_hash = ? ORDER BY id", (content_hash,))]

    def apply_read(self, result: ReadResult, thumb_key: str | None = None, *,
                   keep_run: bool = False) -> ApplyOutcome:
        """Store one file's reading: add, update (keeping catalog edits), or relink a moved file.
        ``keep_run``: a known file read again because it changed on disk (the window follows
        files another program changes), not imported: its item stays in the import run it was
        in, so "Recently imported" keeps listing the desk's last import."""
        facts = result.facts
        with self._write() as db:
            if self._run_id is None and not keep_run:
                self._run_id = db["import_runs"].insert({"started": _now()}).last_pk
            existing = self._full_row("items.path = ?", (_db_path(facts.path),))
            if keep_run and existing is None:
                raise KeyError(f"no item at {facts.path}")  # moved or removed meanwhile: not added
            if existing is None:
                moved = self._moved_from(facts)
                if moved is not None:
                    row = self._merge_read(moved, result)
                    conflicts = row.pop("_conflicts")
                    row.update(self._facts_row(facts), path=_db_path(facts.path),
                               thumb_key=thumb_key or moved["thumb_key"],
                               import_run=self._run_id, modified_at=_now(), read_at_ns=_read_at(result))
                    self._update_item(moved["id"], row)
                    if result.provenance is not None or moved.get("c2pa_state") is not None:
                        self._store_provenance(moved["id"], result.provenance)
                    return ApplyOutcome(moved["id"], "relinked", conflicts)
                item_id = self._insert_item(self._added_row(result, thumb_key))
                self._after_added(item_id, result)
                return ApplyOutcome(item_id, "added")
            row = self._merge_read(existing, result)
            same_file = (existing["size"] == facts.size and existing["mtime_ns"] == facts.mtime_ns
                         and existing["content_hash"] == facts.content_hash
                         and existing["sidecar"] == facts.sidecar
                         and json.loads(existing["embedded"] or "{}") == json.loads(row["embedded"]))
            if same_file:  # a sidecar may change without the RAW file; here nothing did
                db.execute("UPDATE items SET read_at_ns = ? WHERE id = ?", (_read_at(result), existing["id"]))
                return ApplyOutcome(existing["id"], "unchanged")
            conflicts = row.pop("_conflicts")
            row.update(self._facts_row(facts), thumb_key=thumb_key or existing["thumb_key"],
                       import_run=existing["import_run"] if keep_run else self._run_id, modified_at=_now(),
                       read_at_ns=_read_at(result))
            self._update_item(existing["id"], row)
            if result.provenance is not None or existing.get("c2pa_state") is not None:
                self._store_provenance(existing["id"], result.provenance)
            return ApplyOutcome(existing["id"], "updated", conflicts)

    def apply_reads(self, reads: Sequence[tuple[ReadResult, str | None]]) -> list[ApplyOutcome | Exception]:
        """``apply_read`` for a batch of readings (with their thumbnail keys), in one
        transaction: files new to the catalog (no item at their path, none with their content)
        are inserted with a few statements for them all, which costs a third of ``apply_read``
        each; the others (changed, moved, copies) go through ``apply_read``. Returns each
        reading's outcome, or the exception that kept it out (bad text: ValueError, TypeError,
        sqlite3.Error), in order. Anything ``apply_read`` does for an added item, ``_added_row``,
        ``_insert_items`` and ``_after_added`` do here."""
        out: list[ApplyOutcome | Exception | None] = [None] * len(reads)
        with self._write() as db:
            conn = db.conn
            if self._run_id is None:
                self._run_id = db["import_runs"].insert({"started": _now()}).last_pk
            # A name that is not UTF-8 is stored as bytes (_db_path): such a file goes alone.
            paths = [p for r, _ in reads if isinstance(_db_path(p := r.facts.path), str)]
            hashes = [r.facts.content_hash for r, _ in reads if r.facts.content_hash]
            known_paths = {p for (p,) in conn.execute(
                "SELECT path FROM items WHERE path IN (SELECT value FROM json_each(?))", (_dump(paths),))}
            known_hashes = {h for (h,) in conn.execute(
                "SELECT content_hash FROM items WHERE content_hash IN (SELECT value FROM json_each(?))",
                (_dump(hashes),))}
            new: list[tuple[int, dict[str, Any]]] = []
            seen: set[str] = set()
            for n, (result, key) in enumerate(reads):
                f = result.facts
                if f.path in known_paths or f.path in seen or not f.content_hash or f.content_hash in known_hashes \
                        or not isinstance(_db_path(f.path), str):
                    continue
                try:
                    new.append((n, self._added_row(result, key)))
                    seen.add(f.path)
                except (ValueError, TypeError) as exc:
                    out[n] = exc
            if new:
                conn.execute("SAVEPOINT apply_reads")
                try:
                    ids = self._insert_items([row for _, row in new])
                except (sqlite3.Error, ValueError):  # e.g. a lone surrogate in a value (UnicodeEncodeError)
                    conn.execute("ROLLBACK TO apply_reads")
                    new = []  # one of them cannot be stored: each goes alone below, and only it fails
                else:
                    for (n, _), item_id in zip(new, ids, strict=True):
                        out[n] = ApplyOutcome(item_id, "added")
                        self._after_added(item_id, reads[n][0])
                conn.execute("RELEASE apply_reads")
            for n, (result, key) in enumerate(reads):
                if out[n] is None:
                    try:
                        out[n] = self.apply_read(result, key)
                    except (ValueError, TypeError, sqlite3.Error) as exc:
                        out[n] = exc
        return out  # type: ignore[return-value]

    @classmethod
    def item_from_read(cls, result: ReadResult) -> Item:
        """The item ``apply_read`` would store for a file new to the catalog, as ``item()``
        would give it back (id 0, no position, status or time), made without the catalog:
        an import's workers run the rules on it while this process stores the readings."""
        # Built straight from the reading, not through the JSON the row stores (~0.1 ms a file);
        # tests/test_import_batches.py keeps the two equal.
        facts = result.facts
        fields: dict[str, Value] = {}
        embedded: dict[str, Value] = {}
        sources: dict[str, str | None] = {}
        candidates: dict[str, dict[str, Any]] = {}
        for key in FIELD_KEYS:
            ef = result.fields.get(key)
            value = normalize_value(key, ef.value) if ef else empty_value(key)
            embedded[key] = value
            fields[key] = list(value) if isinstance(value, list) else value
            sources[key] = ef.source if ef and ef.source else None
            candidates[key] = dict(ef.candidates) if ef else {}
        p = result.provenance
        return Item(id=0, path=facts.path, kind="photo", fields=fields, embedded=embedded, sources=sources,
                    candidates=candidates, facts=FileFacts(path=facts.path, **{k: getattr(facts, k) for k in FACT_COLUMNS}),
                    thumb_key=None, added_at="", position=None, status=None, warnings=list(result.warnings),
                    c2pa_state=p.state if p else None, c2pa_source_type=(p.source_type if p else None) or "",
                    pending=0)

    def _added_row(self, result: ReadResult, thumb_key: str | None) -> dict[str, Any]:
        """The row of a file new to the catalog (items and item_details columns together)."""
        row = self._new_row(result)
        row.update(kind="photo", path=_db_path(result.facts.path), thumb_key=thumb_key, added_at=_now(),
                   import_run=self._run_id, findings_stale=1, read_at_ns=_read_at(result))
        return row

    def _after_added(self, item_id: int, result: ReadResult) -> None:
        """What an added file stores besides its row (both apply_read and apply_reads call it)."""
        if result.provenance is not None:  # a new item has no row to replace
            self._store_provenance(item_id, result.provenance)

    def _insert_items(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert rows made by ``_added_row`` (all with the same columns), with their details
        and search entries: one statement per table for them all. Inside a write transaction."""
        conn = self.db.conn
        main_cols = [k for k in rows[0] if k not in DETAIL_COLUMNS and k != "file_name"]
        detail_cols = [k for k in rows[0] if k in DETAIL_COLUMNS]
        first = int(self._scalar("SELECT COALESCE(MAX(id), 0) FROM items")) + 1  # no other writer now
        ids = list(range(first, first + len(rows)))
        # The file name goes in with the row (see _m13), its search entries after, in one statement.
        conn.executemany(f"INSERT INTO items (id, file_name, {', '.join(_q(c) for c in main_cols)})"
                         f" VALUES (?, ?{', ?' * len(main_cols)})",
                         [(i, file_name_of(r.get("path")), *(r[c] for c in main_cols))
                          for i, r in zip(ids, rows, strict=True)])
        conn.executemany(f"INSERT INTO item_details (item_id, {', '.join(detail_cols)})"
                         f" VALUES (?{', ?' * len(detail_cols)})",
                         [(i, *(r[c] for c in detail_cols)) for i, r in zip(ids, rows, strict=True)])
        conn.execute(_FTS_INSERT_RANGE, (first, ids[-1]))
        conn.execute(_NAMES_INSERT_RANGE, (first, ids[-1]))
        return ids

    def _moved_from(self, facts: FileFacts) -> dict[str, Any] | None:
        if not facts.content_hash:
            return None
        for item_id in self.ids_by_hash(facts.content_hash):
            row = self._full_row("items.id = ?", (item_id,))
            if row and row["path"] and row["path"] != facts.path and not os.path.exists(row["path"]):
                return row
        return None

    def _full_row(self, where: str, params: Sequence[Any]) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT items.*, {_DETAIL_SELECT} FROM items JOIN item_details d"
                          f" ON d.item_id = items.id WHERE {where}", params)
        if not rows:
            return None
        row = rows[0]
        row["path"], row["sidecar"] = _py_path(row["path"]), _py_path(row["sidecar"])
        return row

    def _insert_item(self, row: dict[str, Any]) -> int:
        db = self.db
        main = {k: v for k, v in row.items() if k not in DETAIL_COLUMNS}
        item_id = int(db["items"].insert(main).last_pk)  # type: ignore[arg-type]
        db.conn.execute(_FTS_INSERT_RANGE, (item_id, item_id))
        details = {k: v for k, v in row.items() if k in DETAIL_COLUMNS}
        db["item_details"].insert({"item_id": item_id, **details})
        return item_id

    def _update_item(self, item_id: int, row: dict[str, Any]) -> None:
        db = self.db
        main = {k: v for k, v in row.items() if k not in DETAIL_COLUMNS}
        details = {k: v for k, v in row.items() if k in DETAIL_COLUMNS}
        if main:
            db["items"].update(item_id, main)
        if details:
            db["item_details"].update(item_id, details)

    @staticmethod
    def _facts_row(facts: FileFacts) -> dict[str, Any]:
        row = {k: getattr(facts, k) for k in FACT_COLUMNS}
        row["sidecar"] = _db_path(row["sidecar"])
        return row

    def _new_row(self, result: ReadResult) -> dict[str, Any]:
        row = self._facts_row(result.facts)
        # The three maps are built without their blank entries, as _dump_map would leave them, and
        # the candidates are dumped without a copy: 0.063 -> 0.041 ms a bench photo (the
        # importing process stores 1,000 of them while its workers read).
        embedded, sources, candidates = {}, {}, {}
        fields = result.fields
        for key, is_list in _LIST_SHAPE:
            ef = fields.get(key)
            if ef is None:
                row[key] = _EMPTY_LIST_COL if is_list else ""
                continue
            value = normalize_value(key, ef.value)
            if value:
                embedded[key] = value
            if ef.source:
                sources[key] = ef.source
            if ef.candidates:
                candidates[key] = ef.candidates
            row[key] = _dump(value) if is_list else value  # _col_value's, normalized once
        p = result.provenance
        row.update(embedded=_dump(embedded), sources=_dump(sources), candidates=_dump(candidates),
                   c2pa_state=p.state if p else None, c2pa_source_type=p.source_type if p else None,
                   iptc_digest_stored=result.iptc_digest_stored,
                   iptc_digest_current=result.iptc_digest_current, read_warnings=_dump(result.warnings))
        return row

    def _merge_read(self, existing: dict[str, Any], result: ReadResult) -> dict[str, Any]:
        """A fresh reading of a known file. Working values follow the file, except a value
        edited in the catalog (source "edited"), which is kept; if the file now says
        something else than both the old file value and the edit, that is a conflict."""
        row = self._new_row(result)
        old_sources = json.loads(existing["sources"] or "{}")
        old_embedded = json.loads(existing["embedded"] or "{}")
        new_sources = json.loads(row["sources"])
        new_embedded = {k: normalize_value(k, v) for k, v in json.loads(row["embedded"]).items()}
        conflicts: list[str] = []
        for key in FIELD_KEYS:
            working = _from_col(key, existing.get(key))
            if old_sources.get(key) == "edited":
                file_value = new_embedded.get(key, empty_value(key))
                if file_value == working:
                    pass  # the file caught up with the edit (written elsewhere)
                else:
                    if file_value != normalize_value(key, old_embedded.get(key)):
                        conflicts.append(key)
                    row[key] = _col_value(key, working)
                    new_sources[key] = "edited"
        row["sources"] = _dump_map(new_sources)
        row["findings_stale"] = 1  # rules look at file facts too (capture date, size), not only fields
        row["_conflicts"] = conflicts
        return row

    def add_read_warnings(self, warnings: Mapping[int, str]) -> None:
        """Add a line to items' read warnings (a thumbnail that could not be made after the
        items were stored), once."""
        with self._write() as db:
            conn = db.conn
            for item_id, text in warnings.items():
                row = conn.execute("SELECT read_warnings FROM item_details WHERE item_id = ?", (item_id,)).fetchone()
                if row is None:
                    continue
                current = list(json.loads(row[0] or "[]"))
                if text not in current:
                    conn.execute("UPDATE item_details SET read_warnings = ? WHERE item_id = ?",
                                 (_dump([*current, text]), item_id))

    def set_thumb_keys(self, keys: Mapping[int, str]) -> None:
        """Thumbnails made after their items were stored (``{item id: key}``), in one
        transaction; rows that have the key already are not written again."""
        with self._write() as db:
            db.conn.executemany("UPDATE items SET thumb_key = ? WHERE id = ? AND thumb_key IS NOT ?",
                                [(key, item_id, key) for item_id, key in keys.items()])

    def record_import_error(self, path: str | os.PathLike[str], reason: str) -> None:
        reason = " ".join(str(reason).split())  # one line, whatever the exception said
        with self._write() as db:  # the latest reason per file, not one row per attempt
            db.execute("DELETE FROM import_errors WHERE path = ?", (_db_path(path),))
            db["import_errors"].insert({"path": _db_path(path), "reason": reason, "at": _now()})

    def import_errors(self) -> list[ImportFailure]:
        return [ImportFailure(_py_path(r["path"]), r["reason"], r["at"])
                for r in self._rows("SELECT path, reason, at FROM import_errors ORDER BY id")]

    def clear_import_errors(self, paths: Iterable[str] | None = None) -> None:
        """Forget all import errors, or those of ``paths`` (files that now import fine)."""
        with self._write() as db:
            if paths is None:
                db.execute("DELETE FROM import_errors")
            else:
                db.conn.executemany("DELETE FROM import_errors WHERE path = ?", [(_db_path(p),) for p in paths])

    def add_caption_item(self, fields: Mapping[str, Value]) -> int:
        """A caption-only item (no file), e.g. from the plain text of a published gallery."""
        row: dict[str, Any] = {}
        values = {k: normalize_value(k, fields.get(k)) for k in FIELD_KEYS}
        unknown = set(fields) - set(FIELD_KEYS)
        if unknown:
            raise KeyError(f"unknown field(s) {sorted(unknown)}; known fields: {', '.join(FIELD_KEYS)}")
        for k, v in values.items():
            row[k] = _col_value(k, v)
        row.update(kind="caption", path=None, added_at=_now(), findings_stale=1,
                   embedded=_dump_map({k: empty_value(k) for k in FIELD_KEYS}),
                   sources=_dump_map(dict.fromkeys(FIELD_KEYS)),
                   candidates=_dump_map({k: {} for k in FIELD_KEYS}))
        with self._write():
            return self._insert_item(row)

    def add_caption_items(self, entries: Iterable[Mapping[str, Value]], gallery_id: int | None = None,
                          chunk: int = 5000) -> list[int]:
        """Many caption-only items in one transaction (all or none), appended to ``gallery_id``
        when given: ``add_caption_item`` per item costs sqlite-utils' per-call table
        introspection, ~0.3 ms an item, where this costs a row insert."""
        entries = list(entries)
        keys = list(FIELD_KEYS)
        cols = ", ".join(["id", "kind", "added_at", "findings_stale", *(_q(k) for k in keys)])
        marks = ", ".join("?" * (4 + len(keys)))
        blank = {k: _col_value(k, empty_value(k)) for k in keys}
        when = _now()
        ids: list[int] = []
        with self._write() as db:
            conn = db.conn
            if gallery_id is not None:
                self.gallery(gallery_id)
                position = int(self._scalar("SELECT COALESCE(MAX(position), 0) FROM gallery_items"
                                            " WHERE gallery_id = ?", (gallery_id,)))
            # Ids are given, not left to SQLite, so the gallery rows can be written with them;
            # inside this write transaction no other writer can take them.
            next_id = int(self._scalar("SELECT COALESCE(MAX(id), 0) FROM items")) + 1
            # Many rows into a table of fewer (MAX(id): at least as many as it holds): its indexes
            # are dropped and each built once at the end, a sort, instead of kept row by row.
            rebuilt = _drop_indexes(conn, "items") if len(entries) >= REBUILD_MIN and \
                len(entries) * 4 >= next_id - 1 else []
            batch: list[tuple[Any, ...]] = []

            def flush() -> None:
                conn.executemany(f"INSERT INTO items ({cols}) VALUES ({marks})", batch)
                first = batch[0][0]
                conn.execute(_FTS_INSERT_RANGE, (first, first + len(batch) - 1))
                conn.executemany("INSERT INTO item_details (item_id) VALUES (?)",
                                 [(i,) for i in range(first, first + len(batch))])
                batch.clear()

            for fields in entries:
                unknown = set(fields) - set(keys)
                if unknown:
                    raise KeyError(f"unknown field(s) {sorted(unknown)}; known fields: {', '.join(keys)}")
                row = [next_id, "caption", when, 1]
                row += [_col_value(k, fields[k]) if k in fields else blank[k] for k in keys]
                batch.append(tuple(row))
                ids.append(next_id)
                next_id += 1
                if len(batch) >= chunk:
                    flush()
            if batch:
                flush()
            for sql in rebuilt:
                conn.execute(sql)
            if gallery_id is not None and ids:
                conn.executemany("INSERT INTO gallery_items (gallery_id, item_id, position) VALUES (?, ?, ?)",
                                 [(gallery_id, item_id, position + n) for n, item_id in enumerate(ids, start=1)])
                conn.execute("UPDATE galleries SET modified = ? WHERE id = ?", (when, gallery_id))
        return ids

    def delete_items(self, item_ids: Iterable[int]) -> None:
        ids = list(item_ids)
        with self._write() as db:
            touched: set[int] = set()
            for i in ids:
                touched.update(r[0] for r in db.conn.execute(
                    "SELECT gallery_id FROM gallery_items WHERE item_id = ?", (i,)))
            db.conn.executemany("DELETE FROM items WHERE id = ?", [(i,) for i in ids])
            for gid in sorted(touched):  # close the gaps the deleted items left
                self._set_order(gid, self.gallery_item_ids(gid))

    # -- reading ---------------------------------------------------------------------
    def _to_item(self, row: dict[str, Any]) -> Item:
        sources = _json_map(row["sources"])
        embedded_raw = _json_map(row["embedded"])
        cands = _json_map(row["candidates"])
        facts = None
        path = _py_path(row["path"])
        if row["kind"] == "photo":
            facts = FileFacts(path=path, **{k: row[k] for k in FACT_COLUMNS})
            facts.sidecar = _py_path(facts.sidecar)
        # Blank entries are not stored (_dump_map): start from blanks, normalise what is there.
        embedded = _blank_values()
        for k, v in embedded_raw.items():
            if k in embedded:
                embedded[k] = normalize_value(k, v)
        # Each map is made whole and then filled, not tested key by key: a check reads every
        # item this way, and this form takes _to_item from 18 to 11 us a caption-only item.
        fields = {k: row[k] or "" for k in FIELD_KEYS}
        for k in _LIST_KEYS:
            fields[k] = _from_col(k, row[k])
        by_source = dict.fromkeys(FIELD_KEYS)
        for k, v in sources.items():
            if k in by_source:
                by_source[k] = v
        candidates: dict[str, dict[str, Value]] = {k: {} for k in FIELD_KEYS}
        for k, v in cands.items():
            if v and k in candidates:
                candidates[k] = v
        warnings = row.get("read_warnings")
        return Item(
            id=row["id"], path=path, kind=row["kind"], fields=fields, embedded=embedded, sources=by_source,
            candidates=candidates, facts=facts, thumb_key=row["thumb_key"], added_at=row["added_at"],
            position=row.get("position"), status=row["status"],
            warnings=list(json.loads(warnings)) if warnings else [], c2pa_state=row.get("c2pa_state"),
            c2pa_source_type=row.get("c2pa_source_type") or "", pending=row.get("pending") or 0)

    def item(self, item_id: int) -> Item:
        row = self._full_row("items.id = ?", (item_id,))
        if row is None:
            raise KeyError(f"no item {item_id}")
        item = self._to_item(row)
        item.write_failure = self.write_failures([item_id]).get(item_id)
        return item

    def items(self, ids: Sequence[int], gallery: int | None = None, *, details: bool = True) -> list[Item]:
        """Items in the order of ``ids`` (missing ids are left out); with ``gallery`` their
        ``position`` in it is filled in.

        ``details=False`` is the light read for bulk consumers (export, the table view):
        working values, path, kind, status, thumb key, added_at and position only;
        ``embedded``, ``sources`` and ``candidates`` stay empty and ``facts`` is None, so
        ``changed_fields()`` on such an item says nothing. It skips the per-field JSON of
        ``item_details``, which is most of the cost of a full read."""
        if not details:
            return list(self.iter_items(ids, gallery))
        ids = list(ids)
        by_id: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            select = f"SELECT items.*, {_DETAIL_SELECT}"
            joins = "JOIN item_details d ON d.item_id = items.id"
            if gallery is None:
                rows = self._rows(f"{select} FROM items {joins} WHERE items.id IN ({marks})", chunk)
            else:
                rows = self._rows(f"{select}, gi.position AS position FROM items {joins} LEFT JOIN gallery_items gi"
                                  f" ON gi.item_id = items.id AND gi.gallery_id = ? WHERE items.id IN ({marks})",
                                  [gallery, *chunk])
            by_id.update((r["id"], r) for r in rows)
        failures = self.write_failures(ids)
        out = [self._to_item(by_id[i]) for i in ids if i in by_id]
        for item in out:
            item.write_failure = failures.get(item.id)
        return out

    def iter_items(self, ids: Sequence[int], gallery: int | None = None,
                   chunk: int = LIGHT_CHUNK) -> Iterator[Item]:
        """The light read (see ``items(details=False)``) as a stream, fetched ``chunk`` ids per
        query, so an export of 100,000 items never holds every row at once."""
        ids = list(ids)
        conn = self.db.conn
        sql = _LIGHT_SQL if gallery is None else _LIGHT_GALLERY_SQL
        lists: dict[str, list[str]] = {}  # list-field JSON by text: by-lines repeat across a gallery
        for start in range(0, len(ids), chunk):
            part = ids[start:start + chunk]
            # One bound parameter per chunk (a JSON array) instead of one per id: no
            # SQLite variable limit, and one statement however large the chunk.
            params = (_dump(part),) if gallery is None else (gallery, _dump(part))
            by_id = {r[0]: r for r in conn.execute(sql, params)}
            for i in part:
                r = by_id.get(i)
                if r is None:
                    continue
                values = _with_lists(dict(zip(FIELD_KEYS, r[_LIGHT_FIXED:], strict=True)), lists)
                # Positional, in Item's field order (id, path, kind, fields, embedded, sources,
                # candidates, facts, thumb_key, added_at, position, status, warnings, c2pa_state,
                # c2pa_source_type, pending): a third cheaper.
                path = r[2] if r[2].__class__ is not bytes else os.fsdecode(r[2])
                yield Item(r[0], path, r[1], values, {}, {}, {}, None, r[3], r[4], r[6], r[5], [], r[7], r[8], r[9])

    def items_to_check(self, ids: Sequence[int]) -> list[Item]:
        """Items in the order of ``ids`` (missing ids left out) with what the rules read: the
        light read's values, the candidates of each field and the file facts. ``embedded`` and
        ``warnings``, which no rule reads, stay empty, ``sources`` too unless the item has edits
        not yet written (which fields are edited is what a rule reads there), and a caption-only item's
        empty candidates are not decoded: a check reads every item, and this read takes 8 us an
        item where ``items()`` takes 24 (20,000 captions, time.process_time)."""
        conn = self.db.conn
        lists: dict[str, list[str]] = {}  # list-field JSON by text: by-lines repeat across a gallery
        by_id = {}
        for start in range(0, len(ids), LIGHT_CHUNK):
            by_id.update((r[0], r) for r in conn.execute(_CHECK_SQL, (_dump(list(ids[start:start + LIGHT_CHUNK])),)))
        out = []
        for i in ids:
            r = by_id.get(i)
            if r is None:
                continue
            values = _with_lists(dict(zip(FIELD_KEYS, r[_CHECK_FIXED:], strict=True)), lists)
            path = _py_path(r[2])
            candidates: dict[str, dict[str, Value]] = {}
            cands = _json_map(r[10])
            if cands:  # as _to_item has them: every field, in the table's order
                candidates = {k: {} for k in FIELD_KEYS}
                for k, v in cands.items():
                    if v and k in candidates:
                        candidates[k] = v
            facts = None
            if r[1] == "photo":
                facts = FileFacts(path, **dict(zip(FACT_COLUMNS, r[12:_CHECK_FIXED], strict=True)))
                facts.sidecar = _py_path(facts.sidecar)
            sources = _json_map(r[11]) if r[11] else {}
            # Positional, in Item's field order (see iter_items).
            out.append(Item(r[0], path, r[1], values, {}, sources, candidates, facts, r[3], r[4], r[6], r[5], [],
                            r[7], r[8], r[9]))
        return out

    def iter_values(self, ids: Sequence[int], keys: Sequence[str], chunk: int = LIGHT_CHUNK) -> Iterator[tuple]:
        """The narrowest bulk read, for a writer that needs a few fields of many items (the CSV
        export): one tuple per item, in the order of ``ids`` (missing ids are left out),
        ``(id, path, caption credits, *working values of keys)``. The caption credits are the
        summary ``stored_caption_credits`` gives, None when it would give none. ``keys`` may
        name ``VALUE_EXTRAS`` too (the Content Credentials state, '' when none). Text values
        are str ('' when blank); list values are lists shared by every row with the same
        value, so read them, do not edit them."""
        cols = ", ".join(f"COALESCE(items.{_q(k)}, '')" if k in VALUE_EXTRAS else
                         f"items.{_q(k)}" if BY_KEY[k].is_list else f"COALESCE(items.{_q(k)}, '')" for k in keys)
        sql = ("SELECT items.id, items.path, CASE WHEN items.findings_stale = 0 THEN items.caption_credits END,"
               f" {cols} FROM json_each(?) AS j JOIN items ON items.id = j.value ORDER BY j.key")
        lists = [(3 + n, k) for n, k in enumerate(keys) if k not in VALUE_EXTRAS and BY_KEY[k].is_list]
        decoded: dict[Any, list[str]] = {None: [], "": []}  # list JSON by text: by-lines repeat across a gallery
        conn = self.db.conn
        for start in range(0, len(ids), chunk):
            rows = conn.execute(sql, (_dump(list(ids[start:start + chunk])),))
            if not lists:
                for r in rows:
                    yield r if r[1].__class__ is not bytes else (r[0], os.fsdecode(r[1]), *r[2:])
                continue
            for r in rows:
                r = list(r)
                if r[1].__class__ is bytes:
                    r[1] = os.fsdecode(r[1])
                for pos, key in lists:
                    raw = r[pos]
                    value = decoded.get(raw)
                    if value is None:
                        value = decoded[raw] = _from_col(key, raw)  # type: ignore[assignment]
                    r[pos] = value
                yield tuple(r)

    def item_ids(self, gallery: int | str | None = None, search: str | None = None, status: str | None = None,
                 agency: str | None = None, photographer: str | None = None, sort: str | None = None,
                 descending: bool = False, recent: bool = False, label: str | None = None,
                 tagged: bool | None = None, min_rating: int | None = None) -> list[int]:
        """Ids of matching items. ``gallery`` orders by position unless ``sort`` is given;
        ``status`` is "error", "warning" or "clean" (no error or warning); ``recent`` means
        added, updated or relinked by the latest import run that did any of those.
        The marks (``app.marks``): ``label`` a colour label without regard to case ("" for
        none), ``tagged`` True or False, ``min_rating`` at least that many stars.
        ``sort`` by a field puts blanks last (in id order); ``descending`` reverses the order
        of the rest exactly (equal values too)."""
        joins: list[str] = []
        where: list[str] = []
        params: list[Any] = []
        order = "items.id"
        if gallery is not None:
            gid = self.gallery(gallery).id
            joins.append("JOIN gallery_items gi ON gi.item_id = items.id AND gi.gallery_id = ?")
            params.append(gid)
            order = "gi.position"
        if search is not None:
            # Every word must match, each as a prefix of a word of the captions, credits and
            # places (FTS5) or, from three characters, anywhere in the file name ("0042" finds
            # IMG_0042.jpg: a trigram index; shorter parts of names match too much to help) or
            # in the name of a folder the file is in ("wire" finds /photos/wire/IMG_1.jpg: the
            # desk knows a batch by its folder). The folders are read row by row (LIKE) only
            # when the folder index says some folder of the catalog matches the word; a word
            # that names no folder (most: names, places, words of captions) is answered by the
            # two full-text indexes alone: "Porto" on 100,000 items 55 -> 17 ms of CPU, where
            # reading every row's path was most of the query.
            for word in search_words(search):
                if len(word) >= 3:
                    terms = ["items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)",
                             "items.id IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?)"]
                    params += [fts_query(word), name_query(word)]
                    folder = "%/" + _like_pattern(word) + "/%"
                    if self._scalar(_ANY_FOLDER_LIKE, (folder,)):
                        terms.append("replace(items.path, '\\', '/') LIKE ? ESCAPE '\\'")
                        params.append(folder)
                    where.append("(" + " OR ".join(terms) + ")")
                else:
                    where.append("items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
                    params.append(fts_query(word))
        if status is not None:
            if status == "clean":
                where.append("(items.status IS NULL OR items.status = 'info')")
            elif status in ("error", "warning", "info"):
                where.append("items.status = ?")
                params.append(status)
            else:
                raise ValueError(f"unknown status {status!r}; use error, warning or clean")
        if agency:
            pat = _like_pattern(agency)
            where.append("(items.source LIKE ? ESCAPE '\\' OR items.credit_line LIKE ? ESCAPE '\\')")
            params += [pat, pat]
        if photographer:
            where.append("items.creators LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(photographer))
        if label is not None:
            if label.strip():
                where.append("items.color_label = ? COLLATE NOCASE")
                params.append(label.strip())
            else:
                where.append("(items.color_label IS NULL OR items.color_label = '')")
        if tagged is not None:
            where.append("items.tagged = 'True'" if tagged else "(items.tagged IS NULL OR items.tagged <> 'True')")
        if min_rating is not None:
            where.append("CAST(items.rating AS INTEGER) >= ?")
            params.append(int(min_rating))
        if recent:
            # The latest run: what it added or changed and what it found there unchanged
            # (mark_seen_in_run), so a re-import that found nothing new does not empty the
            # view, and a cancelled import run again lists its whole folder.
            where.append("items.import_run = (SELECT MAX(import_run) FROM items)")
        select = "SELECT items.id"
        field_sort = False
        if sort is not None:
            if sort in BY_KEY:
                col = "items." + _q(sort)
                # Always ascending, which is the order of the sort index (no sorting at
                # all); a descending sort reverses the non-blank part below.
                blank = _blank_expr(col)
                order = f"{blank}, {col} COLLATE NOCASE, items.id"
                field_sort = True
                if descending:
                    select += f", ({blank})"
            elif sort in EXTRA_SORTS:
                order = "items." + _q(EXTRA_SORTS[sort]) + (" DESC" if descending else "") + ", items.id"
            else:
                raise ValueError(f"cannot sort by {sort!r}; use a field key or one of {', '.join(EXTRA_SORTS)}")
        elif descending:
            order += " DESC"
        sql = f"{select} FROM items {' '.join(joins)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}"
        rows = self.db.conn.execute(sql, params)
        if field_sort and descending:
            # The exact reverse of the ascending order for the values; blanks stay last, by id.
            filled, blanks = [], []
            for item_id, is_blank in rows:
                (blanks if is_blank else filled).append(item_id)
            filled.reverse()
            return filled + blanks
        return [r[0] for r in rows]

    def count_items(self, *, caption_only: bool = False) -> int:
        """How many items the catalog holds (``caption_only``: only those with no photo file, the
        captions `import-text` brought in to audit)."""
        if caption_only:
            return int(self._scalar("SELECT COUNT(*) FROM items WHERE kind = 'caption'"))
        return int(self._scalar("SELECT COUNT(*) FROM items"))

    def distinct_values(self, key: str) -> list[str]:
        """Every distinct working value of a field (list fields: every element), for completions."""
        col = _q(BY_KEY[key].key) if key in BY_KEY else None
        if col is None:
            raise KeyError(f"unknown field {key!r}; known fields: {', '.join(FIELD_KEYS)}")
        if BY_KEY[key].is_list:
            sql = (f"SELECT DISTINCT j.value FROM items, json_each(CASE WHEN json_valid(items.{col})"
                   f" THEN items.{col} ELSE '[]' END) j WHERE j.value <> '' ORDER BY j.value COLLATE NOCASE")
        else:
            sql = f"SELECT DISTINCT {col} FROM items WHERE {col} <> '' ORDER BY {col} COLLATE NOCASE"
        return [str(r[0]) for r in self.db.conn.execute(sql)]

    def known_names(self, keys: Sequence[str]) -> list[str]:
        """Every distinct working value of these fields (list fields: every element), in one
        query: the names and places spell checking never flags (``app.spelling``)."""
        parts = []
        for key in keys:
            if key not in BY_KEY:
                raise KeyError(f"unknown field {key!r}; known fields: {', '.join(FIELD_KEYS)}")
            col = _q(key)
            if BY_KEY[key].is_list:
                parts.append(f"SELECT j.value FROM items, json_each(CASE WHEN json_valid(items.{col})"
                             f" THEN items.{col} ELSE '[]' END) j WHERE j.value <> ''")
            else:
                parts.append(f"SELECT {col} FROM items WHERE {col} <> ''")
        if not parts:
            return []
        return [str(r[0]) for r in self.db.conn.execute(" UNION ".join(parts))]

    # -- editing ---------------------------------------------------------------------
    def set_fields(self, item_id: int, values: Mapping[str, Value]) -> list[Edit]:
        return self.set_fields_many({item_id: values})

    def set_fields_many(self, changes: Mapping[int, Mapping[str, Value]]) -> list[Edit]:
        """Edit working values (one transaction). Each real change is recorded in the
        history and its source becomes "edited" — unless the new value is exactly what the
        file holds, which makes it the file's value again."""
        for values in changes.values():
            for key in values:
                if key not in BY_KEY:
                    raise KeyError(f"unknown field {key!r}; known fields: {', '.join(FIELD_KEYS)}")
        edits: list[Edit] = []
        when = _now()
        with self._write() as db:
            for item_id, values in changes.items():
                row = self._full_row("items.id = ?", (item_id,))
                if row is None:
                    raise KeyError(f"no item {item_id}")
                sources = json.loads(row["sources"] or "{}")
                embedded = json.loads(row["embedded"] or "{}")
                cands = json.loads(row["candidates"] or "{}")
                update: dict[str, Any] = {}
                for key, raw in values.items():
                    new = normalize_value(key, raw)
                    old = _from_col(key, row.get(key))
                    if new == old:
                        continue
                    update[key] = _col_value(key, new)
                    if row["kind"] == "photo" and new == normalize_value(key, embedded.get(key)):
                        sources[key] = _embedded_source(key, cands.get(key) or {}, new)
                    else:
                        sources[key] = "edited"
                    edits.append(Edit(item_id, key, old, new, when))
                if update:
                    update.update(sources=_dump_map(sources), findings_stale=1, modified_at=when)
                    self._update_item(item_id, update)
            if edits:
                db["edits"].insert_all([{"item_id": e.item_id, "field": e.field, "old": _dump(e.old),
                                         "new": _dump(e.new), "at": e.when} for e in edits])
        return edits

    def history(self, item_id: int) -> list[Edit]:
        return [Edit(r["item_id"], r["field"], json.loads(r["old"]), json.loads(r["new"]), r["at"])
                for r in self._rows("SELECT * FROM edits WHERE item_id = ? ORDER BY id", (item_id,))]

    def record_write_intent(self, item_id: int, path: str, content_hash: str, size: int,
                            keys: Sequence[str]) -> None:
        """A write-back is about to replace ``path`` by bytes hashing to ``content_hash``."""
        with self._write() as db:
            db["write_intents"].upsert({"item_id": item_id, "path": _db_path(path), "content_hash": content_hash,
                                        "size": size, "keys": _dump(list(keys)), "started": _now()},
                                       pk="item_id")

    def write_intent(self, item_id: int) -> dict[str, Any] | None:
        """The write-back of ``item_id`` that was under way and never recorded as done, if any:
        {path, content_hash, size, keys, started}."""
        rows = self._rows("SELECT * FROM write_intents WHERE item_id = ?", (item_id,))
        if not rows:
            return None
        row = rows[0]
        row["keys"] = json.loads(row["keys"])
        row["path"] = _py_path(row["path"])  # bytes for a name that is not UTF-8 (see _db_path)
        return row

    def clear_write_intent(self, item_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM write_intents WHERE item_id = ?", (item_id,))

    def record_write_failure(self, item_id: int, path: str | None, status: str, reason: str) -> None:
        """The write-back of ``item_id`` did not write it (``status`` "failed" or "skipped"):
        kept, with ``reason``, until a later write of it succeeds (``clear_write_failure``,
        ``mark_written``). Nothing is kept for an item no longer in the catalog."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO write_failures (item_id, status, reason, path, at)"
                       " SELECT id, ?, ?, ?, ? FROM items WHERE id = ?",
                       (status, reason, _db_path(path), _now(), item_id))

    def clear_write_failure(self, item_id: int) -> None:
        """A write of ``item_id`` found nothing left to write: no failure is said of it now."""
        with self._write() as db:
            db.execute("DELETE FROM write_failures WHERE item_id = ?", (item_id,))

    def write_failures(self, item_ids: Sequence[int] | None = None) -> dict[int, WriteFailure]:
        """Why the last write of each of ``item_ids`` (default: every item) did not write it,
        for those whose last write did not; the others are not in the map."""
        sql = "SELECT item_id, status, reason, path, at FROM write_failures"
        conn = self.db.conn
        if item_ids is None:
            rows = list(conn.execute(sql))
        else:
            ids = list(item_ids)
            rows = []
            for start in range(0, len(ids), LIGHT_CHUNK):
                rows += conn.execute(f"{sql} WHERE item_id IN (SELECT value FROM json_each(?))",
                                     (_dump(ids[start:start + LIGHT_CHUNK]),)).fetchall()
        return {r[0]: WriteFailure(r[1], r[2], _py_path(r[3]), r[4]) for r in rows}

    def mark_written(self, item_id: int, embedded: Mapping[str, Value], facts: FileFacts,
                     sources: Mapping[str, str | None] | None = None,
                     candidates: Mapping[str, Mapping[str, Value]] | None = None,
                     warnings: Sequence[str] | None = None) -> None:
        """After a write-back: the file now holds ``embedded`` (for the keys given) and has
        ``facts`` (so a re-import sees it unchanged). Those keys stop being "edited"; their
        source is ``sources[key]`` if given, else XMP when the field has an XMP property;
        ``candidates``: every block's value as read back. The write's intent is cleared, and
        any earlier failure to write it forgotten."""
        with self._write() as db:
            db.execute("DELETE FROM write_intents WHERE item_id = ?", (item_id,))
            db.execute("DELETE FROM write_failures WHERE item_id = ?", (item_id,))
            row = self._full_row("items.id = ?", (item_id,))
            if row is None:
                raise KeyError(f"no item {item_id}")
            emb = json.loads(row["embedded"] or "{}")
            src = json.loads(row["sources"] or "{}")
            cands = json.loads(row["candidates"] or "{}")
            update: dict[str, Any] = {}
            for key, value in embedded.items():
                f = BY_KEY[key]
                v = normalize_value(key, value)
                emb[key] = v
                chosen = (sources or {}).get(key) or ("xmp" if f.xmp else "iim" if f.iim else "exif")
                if v == _from_col(key, row.get(key)):
                    src[key] = chosen if v else None
                if candidates is not None and key in candidates:
                    cands[key] = {s: normalize_value(key, c) for s, c in candidates[key].items()}
                else:
                    cands[key] = {s: v for s in ("xmp", "iim") if (f.xmp if s == "xmp" else f.iim)} if v else {}
            # The file now says something else: rules comparing caption and file must run again.
            # read_at_ns: the file (and its sidecar) as written is what the catalog holds now, so
            # a sidecar this write made is not taken for another program's change.
            update.update(self._facts_row(facts), embedded=_dump_map(emb), sources=_dump_map(src),
                          candidates=_dump_map(cands), modified_at=_now(), findings_stale=1,
                          read_at_ns=time.time_ns())
            if warnings is not None:
                update["read_warnings"] = _dump(list(warnings))
            if facts.path and facts.path != row["path"]:
                update["path"] = _db_path(facts.path)
            self._update_item(item_id, update)

    # -- galleries -------------------------------------------------------------------
    def _gallery_from(self, row: dict[str, Any]) -> Gallery:
        return Gallery(id=row["id"], name=row["name"], title=row["title"] or "",
                       status=GalleryStatus(row["status"]), created=row["created"], modified=row["modified"],
                       item_count=row.get("item_count") or 0, news=bool(row.get("news", 1)),
                       web=bool(row.get("web", 0)))

    _GALLERY_SQL = ("SELECT g.*, (SELECT COUNT(*) FROM gallery_items gi WHERE gi.gallery_id = g.id) AS item_count"
                    " FROM galleries g")

    def galleries(self) -> list[Gallery]:
        return [self._gallery_from(r) for r in self._rows(self._GALLERY_SQL + " ORDER BY g.name COLLATE NOCASE")]

    def gallery(self, name_or_id: int | str) -> Gallery:
        if isinstance(name_or_id, int):
            rows = self._rows(self._GALLERY_SQL + " WHERE g.id = ?", (name_or_id,))
        else:
            rows = self._rows(self._GALLERY_SQL + " WHERE g.name = ?", (name_or_id,))
        if not rows:
            raise KeyError(f"no gallery {name_or_id!r}")
        return self._gallery_from(rows[0])

    def create_gallery(self, name: str, title: str | None = None) -> Gallery:
        name = name.strip()
        if not name:
            raise ValueError("a gallery needs a name")
        when = _now()
        with self._write() as db:
            if self._scalar("SELECT 1 FROM galleries WHERE name = ?", (name,)):
                raise ValueError(f"a gallery named {name!r} already exists")
            gid = db["galleries"].insert({"name": name, "title": title if title is not None else name,
                                          "status": GalleryStatus.DRAFT.value, "created": when,
                                          "modified": when}).last_pk
        return self.gallery(int(gid))  # type: ignore[arg-type]

    def rename_gallery(self, gallery_id: int, name: str, title: str | None = None) -> Gallery:
        name = name.strip()
        if not name:
            raise ValueError("a gallery needs a name")
        with self._write() as db:
            clash = self._scalar("SELECT id FROM galleries WHERE name = ? AND id <> ?", (name, gallery_id))
            if clash:
                raise ValueError(f"a gallery named {name!r} already exists")
            old = self.gallery(gallery_id)
            update = {"name": name, "modified": _now()}
            if title is not None:
                update["title"] = title.strip() or name
            elif not old.title or old.title == old.name:
                # A title never set apart from the name is the name: the sheet follows the rename.
                update["title"] = name
            db["galleries"].update(gallery_id, update)
        return self.gallery(gallery_id)

    def duplicate_gallery(self, gallery_id: int, new_name: str) -> Gallery:
        src = self.gallery(gallery_id)
        with self._write() as db:
            new = self.create_gallery(new_name, title=src.title)
            db["galleries"].update(new.id, {"news": int(src.news), "web": int(src.web)})
            db.execute("INSERT INTO gallery_items (gallery_id, item_id, position) SELECT ?, item_id, position"
                       " FROM gallery_items WHERE gallery_id = ?", (new.id, gallery_id))
        return self.gallery(new.id)

    def delete_gallery(self, gallery_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM galleries WHERE id = ?", (gallery_id,))

    def set_gallery_status(self, gallery_id: int, status: GalleryStatus | str) -> None:
        st = GalleryStatus(status)
        with self._write() as db:
            self.gallery(gallery_id)
            db["galleries"].update(gallery_id, {"status": st.value, "modified": _now()})

    def set_gallery_flags(self, gallery_id: int, *, news: bool | None = None, web: bool | None = None) -> Gallery:
        """Mark a gallery as news (or not) and for the web (or not). The rules judge its items
        by these flags, so a change makes their findings stale."""
        update: dict[str, Any] = {}
        if news is not None:
            update["news"] = int(bool(news))
        if web is not None:
            update["web"] = int(bool(web))
        with self._write() as db:
            g = self.gallery(gallery_id)
            if update and any(getattr(g, k) != bool(v) for k, v in update.items()):
                db["galleries"].update(gallery_id, {**update, "modified": _now()})
                db.execute("UPDATE items SET findings_stale = 1 WHERE id IN"
                           " (SELECT item_id FROM gallery_items WHERE gallery_id = ?)", (gallery_id,))
        return self.gallery(gallery_id)

    def gallery_item_ids(self, gallery_id: int) -> list[int]:
        return [r[0] for r in self.db.conn.execute(
            "SELECT item_id FROM gallery_items WHERE gallery_id = ? ORDER BY position", (gallery_id,))]

    def item_galleries(self, item_id: int) -> list[tuple[str, int]]:
        """The galleries an item is in, as (gallery name, 1-based position), by name."""
        return [(r[0], r[1]) for r in self.db.conn.execute(
            "SELECT g.name, gi.position FROM gallery_items gi JOIN galleries g ON g.id = gi.gallery_id"
            " WHERE gi.item_id = ? ORDER BY g.name COLLATE NOCASE", (item_id,))]

    def _set_order(self, gallery_id: int, order: list[int]) -> None:
        conn = self.db.conn
        conn.execute("DELETE FROM gallery_items WHERE gallery_id = ?", (gallery_id,))
        conn.executemany("INSERT INTO gallery_items (gallery_id, item_id, position) VALUES (?, ?, ?)",
                         [(gallery_id, item_id, pos) for pos, item_id in enumerate(order, start=1)])
        conn.execute("UPDATE galleries SET modified = ? WHERE id = ?", (_now(), gallery_id))

    def add_to_gallery(self, gallery_id: int, item_ids: Iterable[int], at: int | None = None) -> int:
        """Insert items (those not already in it) before 0-based index ``at`` (None: at the end);
        how many went in."""
        with self._write():
            self.gallery(gallery_id)
            order = self.gallery_item_ids(gallery_id)
            present = set(order)
            new = []
            for i in item_ids:
                if i not in present:
                    new.append(i)
                    present.add(i)
            if not new:
                return 0
            idx = len(order) if at is None else max(0, min(at, len(order)))
            if idx == len(order):  # appending: no need to renumber the rest
                base = len(order)
                self.db.conn.executemany(
                    "INSERT INTO gallery_items (gallery_id, item_id, position) VALUES (?, ?, ?)",
                    [(gallery_id, item_id, base + n) for n, item_id in enumerate(new, start=1)])
                self.db.conn.execute("UPDATE galleries SET modified = ? WHERE id = ?", (_now(), gallery_id))
            else:
                self._set_order(gallery_id, order[:idx] + new + order[idx:])
        return len(new)

    def remove_from_gallery(self, gallery_id: int, item_ids: Iterable[int]) -> None:
        drop = set(item_ids)
        with self._write():
            order = self.gallery_item_ids(gallery_id)
            self._set_order(gallery_id, [i for i in order if i not in drop])

    def move_items(self, gallery_id: int, item_ids: Sequence[int], to_index: int) -> None:
        """Move items (in the given order) so they land before the item now at 0-based
        ``to_index`` (the drop row of a list view); ``to_index`` == length moves to the end."""
        with self._write():
            order = self.gallery_item_ids(gallery_id)
            moving = [i for i in dict.fromkeys(item_ids) if i in set(order)]
            moving_set = set(moving)
            anchor = next((i for i in order[max(0, to_index):] if i not in moving_set), None)
            rest = [i for i in order if i not in moving_set]
            idx = rest.index(anchor) if anchor is not None else len(rest)
            self._set_order(gallery_id, rest[:idx] + moving + rest[idx:])

    # -- findings --------------------------------------------------------------------
    def revisions(self, item_ids: Sequence[int]) -> dict[int, int]:
        """Each item's revision, to be read before the items a check runs on and given back
        to ``store_findings``."""
        out: dict[int, int] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = list(item_ids[start:start + LIGHT_CHUNK])
            out.update(conn.execute("SELECT id, revision FROM items WHERE id IN (SELECT value FROM json_each(?))",
                                    (_dump(chunk),)))
        return out

    def store_findings(self, findings: Mapping[int, Sequence[Finding]],
                       caption_credits: Mapping[int, str] | None = None,
                       revisions: Mapping[int, int] | None = None,
                       checks: Mapping[int, CheckRecord] | None = None) -> set[int]:
        """Replace the findings of the given items, set their status (worst severity) and
        clear their stale flag. ``caption_credits``: the sheet's summary of each item's caption
        credits (``app.export.sheet.encode_caption_credits``) from the same check; an item
        without one gets none, so a summary never outlives the findings it was checked with.
        ``revisions`` (from ``revisions()`` before the items were read): an item changed since
        is left alone, still stale, so an edit made while the rules ran is never marked checked.
        ``checks``: what a gallery check keeps to answer the next one without running the rules
        (``check_records``); an item stored without one loses its record, so a record always
        describes the findings stored beside it.

        Written in one transaction with a few statements per thousand items, not a few per
        item. Returns the ids whose findings were stored."""
        credits = caption_credits or {}
        records = checks or {}
        ids = list(findings)
        with self._write() as db:
            conn = db.conn
            current: dict[int, int] = {}
            for start in range(0, len(ids), LIGHT_CHUNK):
                current.update(conn.execute(
                    "SELECT id, revision FROM items WHERE id IN (SELECT value FROM json_each(?))",
                    (_dump(ids[start:start + LIGHT_CHUNK]),)))
            # Deleted while the rules ran, or edited or re-read since they read it: its findings
            # are of old text, and the item stays stale for the next check.
            keep = [i for i in ids if i in current
                    and (revisions is None or i not in revisions or current[i] == revisions[i])]
            for start in range(0, len(keep), LIGHT_CHUNK):
                chunk = _dump(keep[start:start + LIGHT_CHUNK])
                conn.execute("DELETE FROM findings WHERE item_id IN (SELECT value FROM json_each(?))", (chunk,))
                conn.execute("DELETE FROM item_checks WHERE item_id IN (SELECT value FROM json_each(?))", (chunk,))
            rows = []
            status = []
            for item_id in keep:
                found = findings[item_id]
                rows.extend((item_id, f.rule, Severity(f.severity).value, f.field, f.message, f.start, f.end,
                             _dump(f.fix.__dict__) if f.fix else None, _dump(f.spans) if f.spans else None)
                            for f in found)
                status.append((worst_status(found), credits.get(item_id), item_id))
            conn.executemany('INSERT INTO findings (item_id, rule, severity, field, message, start, "end", fix,'
                             " spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            # One UPDATE a chunk, its values a JSON array, not an UPDATE an item: the
            # items_revision trigger cost each of those ~4 us, one statement ~1 us a row
            # (10,000 items: 10.4-11.7 -> 6.7-6.9 us; without the trigger 6.5-6.9 -> 5.8-6.4).
            for start in range(0, len(status), LIGHT_CHUNK):
                conn.execute("UPDATE items SET status = v.value ->> 0, findings_stale = 0,"
                             " caption_credits = v.value ->> 1 FROM json_each(?) AS v WHERE items.id = v.value ->> 2",
                             (_dump(status[start:start + LIGHT_CHUNK]),))
            if records:
                conn.executemany(
                    "INSERT INTO item_checks (item_id, fingerprint, revision, scope, credits_json, findings_json)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(i, r.fingerprint, current[i], r.scope, r.credits_json, r.findings_json) for i in keep
                     if (r := records.get(i)) is not None])
        return set(keep)

    def check_records(self, item_ids: Sequence[int]) -> dict[int, CheckState]:
        """Each item's revision, stale flag and the record its last gallery check kept
        (``store_findings(checks=...)``), for ``check`` to tell which stored findings it may
        reuse: missing ids are left out."""
        out: dict[int, CheckState] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = _dump(list(item_ids[start:start + LIGHT_CHUNK]))
            for item_id, revision, stale, fp, checked_rev, scope in conn.execute(
                    "SELECT items.id, items.revision, items.findings_stale, c.fingerprint, c.revision, c.scope"
                    " FROM items LEFT JOIN item_checks c ON c.item_id = items.id"
                    " WHERE items.id IN (SELECT value FROM json_each(?))", (chunk,)):
                out[item_id] = CheckState(revision, bool(stale), fp, checked_rev, scope)
        return out

    def checks_current(self, item_ids: Sequence[int], fingerprint: str, scope: int) -> bool:
        """Whether every item of ``item_ids`` (distinct ids) exists and is current as a check of
        ``scope`` under ``fingerprint`` left it: not stale, its record of ``scope`` made from its
        revision under ``fingerprint`` (``CheckState.fresh``, in one count instead of a state
        per item: an unchanged gallery's check asks this first)."""
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = item_ids[start:start + LIGHT_CHUNK]
            (n,) = conn.execute(
                "SELECT count(*) FROM json_each(?) AS j JOIN items ON items.id = j.value"
                " JOIN item_checks c ON c.item_id = items.id"
                " WHERE items.findings_stale = 0 AND c.fingerprint = ? AND c.revision = items.revision"
                " AND c.scope = ?", (_dump(list(chunk)), fingerprint, scope)).fetchone()
            if n != len(chunk):
                return False
        return True

    def ids_to_check(self, item_ids: Sequence[int], fingerprint: str) -> list[int]:
        """Those of ``item_ids`` whose stored findings are not current under ``fingerprint``:
        stale, without a record, or recorded under another fingerprint or from an older
        revision (``CheckState.fresh``, in one query that returns only those: a view of an
        unchanged gallery of 20,000 asks this each time it is shown); in id order."""
        conn = self.db.conn
        out: list[int] = []
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            out.extend(r[0] for r in conn.execute(
                "SELECT items.id FROM json_each(?) AS j JOIN items ON items.id = j.value"
                " LEFT JOIN item_checks c ON c.item_id = items.id"
                " WHERE items.findings_stale = 1 OR c.fingerprint IS NOT ? OR c.revision IS NOT items.revision",
                (_dump(list(item_ids[start:start + LIGHT_CHUNK])), fingerprint)))
        return sorted(out)

    def ids_with_findings_not_under(self, item_ids: Sequence[int], rules: Sequence[str],
                                    fingerprint: str) -> list[int]:
        """Those of ``item_ids`` holding a stored finding of one of ``rules`` whose check record
        is not of ``fingerprint`` (or missing); in id order. A library view asks it for the rules
        a gallery's purpose makes stricter (``validation.PURPOSE_RULES``)."""
        conn = self.db.conn
        out: set[int] = set()
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            out.update(r[0] for r in conn.execute(
                "SELECT DISTINCT f.item_id FROM json_each(?) AS j JOIN findings f ON f.item_id = j.value"
                " LEFT JOIN item_checks c ON c.item_id = f.item_id"
                " WHERE f.rule IN (SELECT value FROM json_each(?)) AND c.fingerprint IS NOT ?",
                (_dump(list(item_ids[start:start + LIGHT_CHUNK])), _dump(list(rules)), fingerprint)))
        return sorted(out)

    def check_report_lines(self, item_ids: Sequence[int], gallery: int | None, fingerprint: str,
                           scope: int) -> Iterator[list[tuple[Any, ...]]]:
        """The JSON report's line of each item, made by SQLite from the item and its check
        record: lists of ``(id, line)`` rows (a few thousand at a time, a list and not a row at a
        time: ~0.5 us less an item), in the order of ``item_ids``. ``line`` is the UTF-8 bytes
        of the line; for an item whose record is not current (made under another fingerprint or
        scope, or from an older revision), which the caller writes itself, the row is ``(id,
        None, path, position, caption)``."""
        # A path kept as bytes (not UTF-8: _db_path) cannot go into SQLite's JSON: the caller
        # writes that line. The line is what json_object() would make of the item and the
        # record's JSON, joined as text: the record holds compact JSON, which json() would only
        # parse and write again as it was (0.8 -> 0.45 s of CPU for 100,000 lines). It comes
        # back as the database's own UTF-8 bytes (CAST AS BLOB), which the report writes as
        # they are: decoding 12 MB into str, joining the str (wider than the bytes) and
        # encoding it again took ~30 of ~140 ms at 20,000. The path, position and caption are
        # read again only for the rare line SQLite did not make (~8 ms less at 20,000).
        current = ("c.fingerprint = ? AND c.scope = ? AND c.revision = items.revision"
                   " AND items.findings_stale = 0 AND typeof(items.path) <> 'blob'")
        line = (f"CASE WHEN {current} THEN CAST("
                "'{\"id\":' || items.id || ',\"position\":' || COALESCE(gi.position, 'null')"
                " || ',\"path\":' || json_quote(items.path) || ',\"caption\":' || json_quote(COALESCE(items.caption, ''))"
                " || ',\"credits\":' || c.credits_json || ',\"findings\":' || c.findings_json || '}' AS BLOB) END")
        tables = (" FROM json_each(?) AS j JOIN items ON items.id = j.value"
                  " LEFT JOIN item_checks c ON c.item_id = items.id"
                  " LEFT JOIN gallery_items gi ON gi.item_id = items.id AND gi.gallery_id = ?")
        sql = f"SELECT items.id, {line}{tables}"
        own = f"SELECT items.id, NULL, items.path, gi.position, COALESCE(items.caption, ''){tables}"
        conn = self.db.conn
        # A gallery's report is its items in its order, the usual case: read along the gallery's
        # position index, which SQLite walks faster than it looks up the ids of a JSON array
        # (231 against 284 ms of CPU at 100,000). Each chunk is checked against the ids; from
        # the first that differs (the gallery changed since its ids were read) the ids are read.
        cursor = None
        if gallery is not None:
            cursor = conn.execute(
                f"SELECT items.id, {line} FROM gallery_items gi JOIN items ON items.id = gi.item_id"
                " LEFT JOIN item_checks c ON c.item_id = items.id WHERE gi.gallery_id = ? ORDER BY gi.position",
                (fingerprint, scope, gallery))
        try:
            for start in range(0, len(item_ids), LIGHT_CHUNK):
                chunk = list(item_ids[start:start + LIGHT_CHUNK])
                rows = None
                if cursor is not None:
                    rows = cursor.fetchmany(len(chunk))
                    if [r[0] for r in rows] != chunk:
                        cursor.close()
                        cursor = rows = None
                if rows is None:
                    rows = conn.execute(sql, (fingerprint, scope, _dump(chunk), gallery)).fetchall()
                    # SQLite gives the rows in json_each's order (its plan scans the array first),
                    # but no SQL promises it: checked, and put in order here when not ("ORDER BY
                    # j.key" sorted the finished ~600-byte lines in a temporary b-tree that
                    # spilled to a file).
                    if [r[0] for r in rows] != chunk:
                        by_id = dict(rows)
                        rows = [(i, by_id[i]) for i in chunk if i in by_id]  # not in items: deleted meanwhile
                mine = [i for i, line in rows if line is None]
                if mine:
                    others = {r[0]: (r[0], None, _py_path(r[2]), r[3], r[4])
                              for r in conn.execute(own, (_dump(mine), gallery))}
                    rows = [r if r[1] is not None else others[r[0]] for r in rows
                            if r[1] is not None or r[0] in others]
                yield rows
        finally:
            if cursor is not None:
                cursor.close()

    def finding_counts(self, item_ids: Sequence[int]) -> dict[str, int]:
        """How many stored findings of each severity the items have."""
        out: dict[str, int] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            for severity, n in conn.execute(
                    "SELECT severity, count(*) FROM findings WHERE item_id IN (SELECT value FROM json_each(?))"
                    " GROUP BY severity", (_dump(list(item_ids[start:start + LIGHT_CHUNK])),)):
                out[severity] = out.get(severity, 0) + n
        return out

    def stored_credits_json(self, item_ids: Sequence[int]) -> dict[int, str]:
        """The credits JSON of each item's check record (see ``check_records``)."""
        out: dict[int, str] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            out.update(conn.execute("SELECT item_id, credits_json FROM item_checks"
                                    " WHERE item_id IN (SELECT value FROM json_each(?))",
                                    (_dump(list(item_ids[start:start + LIGHT_CHUNK])),)))
        return out

    def findings(self, item_ids: Iterable[int]) -> dict[int, list[Finding]]:
        ids = list(item_ids)
        out: dict[int, list[Finding]] = {i: [] for i in ids}
        conn = self.db.conn
        severity = {s.value: s for s in Severity}  # a dict lookup, not an enum call per finding
        for start in range(0, len(ids), LIGHT_CHUNK):
            chunk = ids[start:start + LIGHT_CHUNK]
            for item_id, rule, sev, key, message, begin, end, fix, spans in conn.execute(
                    'SELECT item_id, rule, severity, field, message, start, "end", fix, spans FROM findings'
                    " WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, id", (_dump(chunk),)):
                out[item_id].append(Finding(rule, severity[sev], key, message, begin, end,
                                            Fix(**json.loads(fix)) if fix else None, item_id,
                                            tuple(tuple(x) for x in json.loads(spans)) if spans else ()))
        return out

    def status_counts(self, item_ids: Sequence[int]) -> dict[str, int]:
        """How many of ``item_ids`` are in error, in warning, with info only, or clean (by the
        stored findings), and how many of them are caption-only items (``caption_only``, no photo
        file): what the status bar shows for the current view."""
        out = {"error": 0, "warning": 0, "info": 0, "clean": 0, "caption_only": 0}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = list(item_ids[start:start + LIGHT_CHUNK])
            for status, caption, n in conn.execute(
                    "SELECT status, kind = 'caption', count(*) FROM items"
                    " WHERE id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2", (_dump(chunk),)):
                out[status if status in out and status != "caption_only" else "clean"] += n
                if caption:
                    out["caption_only"] += n
        return out

    def stored_caption_credits(self, item_ids: Sequence[int]) -> dict[int, str]:
        """The caption-credit summaries stored with the findings, for items whose findings are
        fresh (an edit since the check makes the item stale, and its summary is not given)."""
        out: dict[int, str] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = item_ids[start:start + LIGHT_CHUNK]
            out.update(conn.execute(
                "SELECT id, caption_credits FROM items WHERE id IN (SELECT value FROM json_each(?))"
                " AND findings_stale = 0 AND caption_credits IS NOT NULL", (_dump(list(chunk)),)))
        return out

    # -- pending edits (fields edited here, not yet written to the file) -------------
    def pending_counts(self, item_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Edited fields not yet in the file, per item of ``item_ids`` (None: of the whole
        catalog, from a partial index) that has any."""
        conn = self.db.conn
        if item_ids is None:
            return dict(conn.execute("SELECT id, pending FROM items WHERE pending > 0"))
        out: dict[int, int] = {}
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = list(item_ids[start:start + LIGHT_CHUNK])
            out.update(conn.execute("SELECT id, pending FROM items WHERE id IN (SELECT value FROM json_each(?))"
                                    " AND pending > 0", (_dump(chunk),)))
        return out

    def pending_count(self, gallery_id: int | None = None) -> int:
        """How many photos of a gallery (None: of the catalog) have edits not yet in their files.
        From the partial index of pending items, each looked up in the gallery: a gate and a sheet
        ask it on every run, and a gallery of 20,000 costs microseconds (pending_counts over its
        ids took 30-40 ms)."""
        if gallery_id is None:
            return int(self._scalar("SELECT count(*) FROM items WHERE pending > 0"))
        return int(self.db.conn.execute(
            "SELECT count(*) FROM items WHERE pending > 0 AND EXISTS (SELECT 1 FROM gallery_items gi"
            " WHERE gi.gallery_id = ? AND gi.item_id = items.id)", (gallery_id,)).fetchone()[0])

    def pending_ids(self, gallery: int | str | None = None, item_ids: Sequence[int] | None = None) -> list[int]:
        """Photos with edits not yet written to their files: of a gallery (in its order), of
        ``item_ids`` (in that order), or of the whole catalog (by id)."""
        if item_ids is not None:
            pending = self.pending_counts(item_ids)
            return [i for i in item_ids if i in pending]
        if gallery is not None:
            gid = self.gallery(gallery).id
            return [r[0] for r in self.db.conn.execute(
                "SELECT gi.item_id FROM gallery_items gi JOIN items ON items.id = gi.item_id"
                " WHERE gi.gallery_id = ? AND items.pending > 0 ORDER BY gi.position", (gid,))]
        return [r[0] for r in self.db.conn.execute("SELECT id FROM items WHERE pending > 0 ORDER BY id")]

    def pending_files(self) -> list[tuple[int, str | None, str | None, str | None]]:
        """Photos with edits not yet written, by id: (id, path, format, modified_at). Quitting
        tells the files that can be written from those that cannot, and a file's refusal once
        told from an edit made since (``modified_at`` moves with every edit)."""
        return [(i, _py_path(p), f, m) for i, p, f, m in self.db.conn.execute(
            "SELECT id, path, format, modified_at FROM items WHERE pending > 0 ORDER BY id")]

    def data_version(self) -> int:
        """A number that changes when another connection (another process, or another thread
        of this one) commits to the catalog: the window's cheap test for "changed elsewhere"."""
        return int(self._scalar("PRAGMA data_version"))

    def watch_changes(self) -> ChangeWatch:
        """A watch whose ``poll()`` says whether another process committed to the catalog since
        the last poll (this object's own commits, from any thread, do not count). Poll it from
        one thread: ``data_version`` is that thread's connection's."""
        return ChangeWatch(self)

    def _write_count(self) -> int | None:
        """The catalog's count of write transactions (None: a catalog of an older schema, read-only)."""
        try:
            return self._scalar("SELECT n FROM write_count WHERE id = 1")
        except sqlite3.OperationalError:
            return None

    def mark_findings_stale(self) -> int:
        """Every item's findings become stale (the rules' settings changed); the count."""
        with self._write() as db:
            return db.execute("UPDATE items SET findings_stale = 1 WHERE findings_stale = 0").rowcount

    def stale_item_ids(self, limit: int | None = None) -> list[int]:
        sql = "SELECT id FROM items WHERE findings_stale = 1 ORDER BY id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [r[0] for r in self.db.conn.execute(sql, params)]

    # -- Content Credentials (C2PA) --------------------------------------------------
    def _store_provenance(self, item_id: int, p: Provenance | None) -> None:
        db = self.db
        db.execute("DELETE FROM provenance WHERE item_id = ?", (item_id,))
        if p is not None:
            db.execute("INSERT INTO provenance (item_id, state, codes, signer, claim_generator, source_type,"
                       " details, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (item_id, p.state, _dump(p.codes), p.signer, p.claim_generator, p.source_type,
                        _dump(p.to_json()), _now()))

    def set_provenance(self, item_id: int, p: Provenance | None) -> None:
        """The file's manifest store as read now (after a write-back, a re-check with another
        trust list); None: it has none. The rules look at it, so the findings become stale."""
        with self._write() as db:
            if not db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone():
                raise KeyError(f"no item {item_id}")
            db.execute("UPDATE items SET c2pa_state = ?, c2pa_source_type = ?, findings_stale = 1 WHERE id = ?",
                       (p.state if p else None, p.source_type if p else None, item_id))
            self._store_provenance(item_id, p)

    def provenance(self, item_id: int) -> Provenance | None:
        """What the file's Content Credentials said when last read; None when it has none."""
        raw = self._scalar("SELECT details FROM provenance WHERE item_id = ?", (item_id,))
        return Provenance.from_json(json.loads(raw)) if raw else None

    def provenance_many(self, item_ids: Sequence[int]) -> dict[int, Provenance]:
        out: dict[int, Provenance] = {}
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = list(item_ids[start:start + LIGHT_CHUNK])
            for item_id, raw in conn.execute("SELECT item_id, details FROM provenance WHERE item_id IN"
                                             " (SELECT value FROM json_each(?))", (_dump(chunk),)):
                out[item_id] = Provenance.from_json(json.loads(raw))
        return out

    def intact_signed_ids(self, item_ids: Sequence[int]) -> list[int]:
        """Those of ``item_ids`` whose file's Content Credentials were intact (valid, or intact
        with an untrusted signer) when last read: a metadata write would break them."""
        out: list[int] = []
        conn = self.db.conn
        for start in range(0, len(item_ids), LIGHT_CHUNK):
            chunk = list(item_ids[start:start + LIGHT_CHUNK])
            out += [r[0] for r in conn.execute(
                "SELECT id FROM items WHERE id IN (SELECT value FROM json_each(?))"
                " AND c2pa_state IN ('valid', 'untrusted') ORDER BY id", (_dump(chunk),))]
        return out

    def signed_item_ids(self) -> list[int]:
        """Items whose file had Content Credentials when last read."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT id FROM items WHERE c2pa_state IS NOT NULL ORDER BY id")]

    # -- settings and templates ------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        raw = self._scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        # One statement, not sqlite-utils' upsert: a check sets its gallery's members last, and
        # importing sqlite-utils (click, dateutil, pluggy) for that one row cost ~35 ms of CPU, alone
        # on one core after the workers ended (the gate's check of 100,000, speed39).
        with self._write() as db:
            db.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, _dump(value)))

    def templates(self) -> list[Any]:
        from app.templates import Template  # noqa: PLC0415 - keeps catalog importable on its own

        return [Template.from_json({"name": r["name"], "values": json.loads(r["value_json"]),
                                    "enabled": json.loads(r["enabled_json"])})
                for r in self._rows("SELECT * FROM templates ORDER BY name COLLATE NOCASE")]

    def save_template(self, template: Any) -> None:
        with self._write() as db:
            db["templates"].upsert({"name": template.name, "value_json": _dump(dict(template.values)),
                                    "enabled_json": _dump(list(template.enabled))}, pk="name")

    def delete_template(self, name: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM templates WHERE name = ?", (name,))

    # -- integrity and backups -------------------------------------------------------
    def quick_check(self) -> str | None:
        """``PRAGMA quick_check``'s first problem, or None when the file is sound (what ``open``
        runs; the app runs it off the UI thread)."""
        return _quick_check(self.path, self.read_only is not None)

    def integrity_check(self) -> str | None:
        """The full ``PRAGMA integrity_check`` (indexes against tables too): first problems or None."""
        try:
            rows = self.db.conn.execute("PRAGMA integrity_check(5)").fetchall()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return "; ".join(str(r[0]) for r in rows if r[0] != "ok") or None

    def backups(self) -> list[Path]:
        """This catalog's backups, newest first."""
        return backups_of(self.path)

    def backup(self, keep: int | None = None) -> Path:
        """A backup now (see ``_catalog_backup``); its path."""
        return _catalog_backup(self, keep)

    def backup_if_due(self, now: float | None = None) -> Path | None:
        """A backup when the newest is a day old or there is none, the catalog holds items and
        can be written; None otherwise. Called when a command or the app opens the catalog, so
        a backup holds the catalog as it was before the day's work."""
        if self.read_only is not None:
            return None
        now = time.time() if now is None else now
        newest = next(iter(self.backups()), None)
        if newest is not None:
            with contextlib.suppress(OSError):
                if now - newest.stat().st_mtime < BACKUP_EVERY_S:
                    return None
        if not self._scalar("SELECT 1 FROM items LIMIT 1"):
            return None
        return _catalog_backup(self, now=now)


# -- integrity, read-only files and backups (issue 11 #11, #12) ----------------------------

BACKUP_KEEP = 7  # backups kept beside a catalog (the catalog setting "backup_keep" overrides it)
BACKUP_EVERY_S = 24 * 3600  # at most one automatic backup a day
SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_BUSY = 13, 10, 8, 11, 26, 5


def _prepare(p: Path, read_only: str | None, check: bool) -> None:
    """Before a catalog is opened: its quick check (``check``), then its upgrade (or, read-only,
    the check that it needs none)."""
    if check and p.is_file() and p.stat().st_size > 0:
        problem = _quick_check(p, read_only is not None)
        if problem:
            raise CatalogDamaged(damaged_message(p, problem))
    if read_only is None:
        p.parent.mkdir(parents=True, exist_ok=True)
        migrate(p)
    else:
        _check_version_read_only(p)


def _is_full(exc: BaseException, folder: Path) -> bool:
    """Whether SQLite failed for want of disk space (what describe_error calls a full disk)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    return primary == SQLITE_FULL or (primary == SQLITE_IOERR and _disk_nearly_full(folder))


def _why_read_only(path: Path) -> str | None:
    """Why ``path`` can only be read: no write permission on the file or on its folder (SQLite
    writes its journal beside the file); None when it can be written or does not exist yet."""
    if not path.is_file():
        return None
    # The mode bits count even for root, whom the OS lets write anything: an editor who locked
    # the catalog (chmod a-w) means it, as for a photo (app.metadata.write). The walk, as root:
    # a locked catalog of an older version was upgraded in place and written.
    if _on_read_only_disk(path):  # os.access says no for it too: "no write permission" misled (walk 7)
        return "the disk it is on is mounted read-only"
    if not os.access(path, os.W_OK) or not _has_write_bit(path):
        return "no write permission on the file"
    if not os.access(path.parent, os.W_OK | os.X_OK) or not _has_write_bit(path.parent):
        return "no write permission on its folder"
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        # SQLite's files beside it, left by another user's program (killed, or still open): a
        # write said "no write permission on it or its folder", both of which it had
        # os.access only: their mode bits are the catalog's as it was when SQLite made them (a
        # catalog unlocked again keeps a 0444 -shm for a moment), not an editor's lock
        try:
            if side.exists() and not os.access(side, os.W_OK):
                return (f"no write permission on {side.name} beside it, left by a program that had the catalog "
                        f"open (another user's?); its owner opening the catalog once clears it")
        except OSError:
            continue
    return None


def _on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 0))
    except (OSError, AttributeError):  # no statvfs (Windows): the permission checks say it
        return False


def _has_write_bit(path: Path) -> bool:
    import stat  # noqa: PLC0415

    return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _is_damage(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)


def _quick_check(path: Path, read_only: bool = False) -> str | None:
    """The first problem ``PRAGMA quick_check`` reports (or why the file is not a database at
    all), or None when it is sound. Errors that say nothing of the file's state (a full disk,
    no permission, a lock) are raised, not called damage."""
    conn = None
    try:
        conn = _connect_raw(path, read_only)
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            return str(exc)
        raise
    finally:
        if conn is not None:
            conn.close()
    problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
    return "; ".join(problems) or None


def _check_version_read_only(path: Path) -> None:
    conn = _connect_raw(path, read_only=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version != SCHEMA_VERSION:
        need = "a newer Creditline" if version > SCHEMA_VERSION else "an upgrade"
        raise CatalogError(f"{path}: the catalog (schema v{version}) needs {need}, and it is read-only")


def _is_catalog_file(path: Path) -> bool:
    """A sound SQLite file that is a Creditline catalog (of this schema or an older one)."""
    conn = _connect_raw(path, read_only=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    return version >= 1 and "items" in tables


def backups_of(path: Path) -> list[Path]:
    """Backups of the catalog at ``path``, newest first."""
    folder = paths.backups_dir(path)
    try:
        found = [p for p in folder.iterdir() if p.name.startswith(path.stem + "-") and p.suffix == ".sqlite"]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)  # the name holds the UTC time


def damaged_message(path: Path, problem: str) -> str:
    """One line: what is wrong, and the way out (the newest backup and the command)."""
    if _is_text_file(path):
        # A wrong path, not a damaged catalog (the seventh walk gave a text file as --catalog
        # and was told to restore a backup).
        return (f"{path} is not a catalog but a text file; give the path of a catalog, or a new file "
                "name to start one")
    problem = " ".join(problem.split())[:160]
    newest = next(iter(backups_of(path)), None)
    if newest is None:
        # The way out said here, not in a document the installed app does not ship.
        return (f"{path}: the catalog is damaged ({problem}) and has no backup in {paths.backups_dir(path)}; "
                "keep the file, start a new catalog and import the photos again (edits written to the files "
                "come back with them)")
    return (f"{path}: the catalog is damaged ({problem}); restore the newest backup ({newest.name}) with: "
            f"creditline --catalog {_shell_quote(str(path))} catalog restore")


def _is_text_file(path: Path) -> bool:
    """No SQLite header, and its first bytes are text: not a catalog, damaged or not."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if not head or head.startswith(b"SQLite format 3\x00") or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not a character cut by the 4,096-byte read
            return False
        text = head[:exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _shell_quote(text: str) -> str:
    import shlex  # noqa: PLC0415

    return shlex.quote(text)


def is_busy(exc: BaseException) -> bool:
    """Another connection held the catalog locked for longer than the wait allowed."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_BUSY


def describe_error(exc: BaseException, path: Path | None = None) -> str:
    """One line for an SQLite error a person can act on: the disk is full, the file is
    read-only or damaged (with the way out), another program holds it."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = " ".join(str(exc).split())
    folder = (path.parent if path is not None else Path("."))
    if _is_full(exc, folder):
        return f"the disk is full ({folder}: {_free_text(folder)} free); nothing was changed by the step that failed"
    if primary == SQLITE_READONLY:
        return "the catalog is read-only (no write permission on it or its folder)"
    if primary == SQLITE_IOERR and (limit := _file_size_limit(path)) is not None:
        return (f"the catalog has reached this session's file-size limit of {_size_text(limit)} (ulimit -f); "
                f"nothing was changed by the step that failed")
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged_message(path, text) if path is not None else f"the catalog is damaged ({text})"
    if primary == SQLITE_BUSY:
        return "the catalog is busy: another program kept it locked for 10 s; try again"
    return text


def _file_size_limit(path: Path | None) -> int | None:
    """The process's file-size limit (RLIMIT_FSIZE: `ulimit -f`, a batch job's limits) when the
    catalog or its WAL has reached it, else None. SQLite says only "disk I/O error" (EFBIG)."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return None
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY or limit < 0 or path is None:
        return None
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        try:
            if p.stat().st_size + (1 << 16) >= limit:
                return limit
        except OSError:
            continue
    return None


def _size_text(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 1 << 20 else f"{n // 1024} KB"


def _disk_nearly_full(folder: Path) -> bool:
    import shutil  # noqa: PLC0415

    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _free_text(folder: Path) -> str:
    import shutil  # noqa: PLC0415

    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return "unknown"
    return f"{free / 2**20:.1f} MB" if free >= 1 << 20 else f"{free // 1024} KB"


def _backup_stamp(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S")


def _catalog_backup(cat: Catalog, keep: int | None = None, now: float | None = None) -> Path:
    """Copy the catalog with SQLite's backup API (a consistent copy while others write) into
    ``<stem>-backups/<stem>-<UTC time>.sqlite`` beside it, through a temporary name, then
    keep the newest ``keep`` backups (``backup_keep`` setting, else BACKUP_KEEP)."""
    now = time.time() if now is None else now
    folder = paths.backups_dir(cat.path)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{cat.path.stem}-{_backup_stamp(now)}.sqlite"
    tmp = folder / f".{final.name}.{os.getpid()}.part"
    for stale in folder.glob(f".{cat.path.stem}-*.part"):  # left by a process killed mid-backup
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        cat.db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    except BaseException:
        dest.close()
        tmp.unlink(missing_ok=True)
        raise
    dest.close()
    os.replace(tmp, final)
    if keep is None:
        try:
            keep = int(cat.get_setting("backup_keep", BACKUP_KEEP))
        except (TypeError, ValueError):
            keep = BACKUP_KEEP
    for old in backups_of(cat.path)[max(1, keep):]:
        with contextlib.suppress(OSError):
            old.unlink()
    return final


def restore_backup(path: Path, backup: Path | None = None) -> tuple[Path, Path | None]:
    """Put ``backup`` (default: the newest) in place of the catalog at ``path``; the file it
    replaces (damaged or not) is kept beside it as ``<name>.replaced-<time>`` with its WAL.
    Returns (the backup used, where the old file went). The backup is checked first."""
    named = backup is not None
    if backup is None:
        backup = next(iter(backups_of(path)), None)
        if backup is None:
            raise CatalogError(f"{path}: no backup in {paths.backups_dir(path)}")
    listed = "`creditline catalog backups` lists the backups"
    if named and not backup.is_file():
        raise CatalogError(f"cannot restore {backup}: no such file; {listed}")
    problem = _quick_check(backup, read_only=not os.access(backup, os.W_OK))
    if problem and named:
        raise CatalogError(f"cannot restore {backup}: not a Creditline catalog backup ({problem}); {listed}")
    if problem:
        raise CatalogError(f"{backup}: this backup is damaged too ({problem}); name an older one")
    # A 0-byte file is a sound, empty SQLite database: restoring it (or any other database)
    # would leave the editor a catalog with nothing in it.
    if not _is_catalog_file(backup):
        raise CatalogError(f"cannot restore {backup}: not a Creditline catalog backup; {listed}")
    if path.exists() and _open_elsewhere(path):
        # Put in place under an open window, the backup was never seen by it: the window went on
        # with the old file, renamed, and what the editor typed next was lost to the catalog.
        raise CatalogError(f"{path} is open in another program (the Creditline window, or a command still "
                           "running): quit it, then restore; nothing was changed")
    stamp = _backup_stamp(time.time())
    tmp = path.with_name(f".{path.name}.restore-{os.getpid()}")
    src = _connect_raw(backup, read_only=True)
    dest = sqlite3.connect(str(tmp))
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
    moved = None
    if path.exists():
        moved = path.with_name(f"{path.name}.replaced-{stamp}")
        os.replace(path, moved)
        for ext in ("-wal", "-shm"):
            side = path.with_name(path.name + ext)
            if side.exists():
                os.replace(side, moved.with_name(moved.name + ext))
    os.replace(tmp, path)
    return backup, moved


def _embedded_source(key: str, candidates: Mapping[str, Any], value: Value) -> str | None:
    """Which block holds ``value``: in the order the reader prefers them (a caption, creator or
    copyright notice: EXIF first, as MWG says; else XMP, IIM, EXIF), so a value put back by an
    undo shows the badge it had when read (an undone caption showed XMP where it had shown EXIF)."""
    f = BY_KEY.get(key)
    order = ("exif", "xmp", "iim") if f is not None and f.reconcile is Reconcile.MWG_EXIF else ("xmp", "iim", "exif")
    for src in order:
        if src in candidates and normalize_value(key, candidates[src]) == value:
            return src
    return None if not value else next(iter(candidates), None)


__all__ = ["ApplyOutcome", "Catalog", "CatalogDamaged", "CatalogError", "CatalogReadOnly", "CheckRecord", "CheckState",
           "FileRecord", "SCHEMA_VERSION", "backups_of", "describe_error", "fts_query", "migrate", "name_query",
           "restore_backup", "spellings"]
