"""`import-text` of a big page (issue 15: 100,000 captions in <= 10 s): the items table's indexes
are built once after the rows are in, not kept row by row (SQLite spent ~5 us an index a row on
14 indexes), when the page is big beside the catalog; whatever the path, the catalog ends the
same: the same rows, the same indexes, sound."""

from __future__ import annotations

import sqlite3

import pytest

from app import catalog as catalog_module
from app.catalog import Catalog

INDEX_SQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' ORDER BY name"


def captions(n: int, start: int = 0) -> list[dict[str, str]]:
    return [{"caption": f"Fans cheer in Lyon, France, June {1 + i % 28}, 2026, number {start + i}. REUTERS/Ada Brin",
             "city": "Lyon" if i % 3 else ""} for i in range(n)]


def traced(cat: Catalog) -> list[str]:
    seen: list[str] = []
    cat.db.conn.set_trace_callback(seen.append)
    return seen


def test_a_big_page_builds_the_items_indexes_once_and_ends_with_the_same_ones(catalog_path):
    """Fails before speed31: the rows went in with every index kept row by row."""
    with Catalog.open(catalog_path) as cat:
        before = cat.db.conn.execute(INDEX_SQL).fetchall()
        assert len(before) >= 10
        g = cat.create_gallery("G")
        seen = traced(cat)
        rows = captions(catalog_module.REBUILD_MIN)
        ids = cat.add_caption_items(rows, g.id)
        dropped = {s.split('"')[1] for s in seen if s.startswith("DROP INDEX")}
        assert dropped == {name for name, _ in before}
        assert cat.db.conn.execute(INDEX_SQL).fetchall() == before
        assert cat.db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert cat.gallery_item_ids(g.id) == ids
        # The sort the caption index serves, and the search index beside it, see every row.
        by_caption = sorted((r["caption"].lower(), i) for r, i in zip(rows, ids, strict=True))
        assert cat.item_ids(sort="caption") == [i for _, i in by_caption]
        assert len(cat.item_ids(search="Lyon")) == len(ids)


def test_a_page_small_beside_the_catalog_keeps_the_indexes(catalog_path, monkeypatch):
    monkeypatch.setattr(catalog_module, "REBUILD_MIN", 10)
    with Catalog.open(catalog_path) as cat:
        seen = traced(cat)
        cat.add_caption_items(captions(100))
        assert any(s.startswith("DROP INDEX") for s in seen)
        seen.clear()
        cat.add_caption_items(captions(20, 100))  # 20 rows beside 100: a quarter is 25
        assert not any(s.startswith(("DROP INDEX", "CREATE INDEX", "CREATE UNIQUE INDEX")) for s in seen)
        seen.clear()
        cat.add_caption_items(captions(5, 120))  # under REBUILD_MIN
        assert not any(s.startswith("DROP INDEX") for s in seen)
        assert cat.db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert len(cat.item_ids()) == 125


def test_a_page_that_fails_half_way_leaves_the_indexes_and_no_rows(catalog_path):
    with Catalog.open(catalog_path) as cat:
        before = cat.db.conn.execute(INDEX_SQL).fetchall()
        bad = [*captions(catalog_module.REBUILD_MIN), {"caption": "x", "no such field": "y"}]
        with pytest.raises(KeyError):
            cat.add_caption_items(bad)
        assert cat.db.conn.execute(INDEX_SQL).fetchall() == before
        assert cat.item_ids() == []
    with sqlite3.connect(catalog_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
