"""The search box's folder match asks the folder index first (issue 15: the filter read every row's
path for it): the same ids as reading every path, for every kind of search."""

from __future__ import annotations

import os

import pytest

from app.catalog import _ANY_FOLDER_LIKE, Catalog, _like_pattern, fts_query, search_words
from app.model import EmbeddedField, FileFacts, Finding, ReadResult, Severity
from tests.oldcatalog import catalog_at_version

PATHS = [
    "/wire/porto-storm/IMG_0042.jpg", "/wire/porto-storm/AFP_9XK2LM.jpg", r"C:\Wire\Porto\REU_0007.JPG",
    "/photos/été/Plage.jpg", "/photos/ÉTÉ/plage2.jpg", "/desk/50% off/a_b.jpg", "/desk/a_b/c.jpg",
    "/desk/axb/d.jpg", "relative/inner/e.jpg", "bare-name.jpg", "/Photos 2026/Porto harbour/IMG_7.jpg",
    os.fsdecode(b"/wire/caf\xe9-porto/f.jpg"),  # a name that is not UTF-8: stored as bytes
]
CAPTIONS = ["Flooded street in Porto.", "Boats in Aveiro.", "A tree in Braga.", "Beach in summer.",
            "Beach again.", "A sale.", "Desk photo.", "Another desk photo.", "Relative.", "Bare.",
            "Harbour in Porto at dawn.", "Coffee."]
SEARCHES = ["Porto", "porto", "storm", "wire", "WIRE", "IMG_0042", "0042", "porto 0042", "Photo", "photos",
            "été", "ÉTÉ", "ete", "50%", "a_b", "axb", "desk", "photos/été", "ire/po", "jpg", "inner", "relative",
            "bare", "harbour", "Porto harbour", "2026", "caf", "in", "Beach summer", "sale", "zzz"]


def _old_item_ids(cat: Catalog, search: str, gallery: int | None = None, status: str | None = None) -> list[int]:
    """What item_ids answered before the folder index: the folder LIKE on every row's path."""
    joins, where, params = "", [], []
    if gallery is not None:
        joins = "JOIN gallery_items gi ON gi.item_id = items.id AND gi.gallery_id = ?"
        params.append(gallery)
    for word in search_words(search):
        if len(word) >= 3:
            where.append("(items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
                         " OR items.id IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?)"
                         " OR replace(items.path, '\\', '/') LIKE ? ESCAPE '\\')")
            params += [fts_query(word), '"' + word + '"', "%/" + _like_pattern(word) + "/%"]
        else:
            where.append("items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(fts_query(word))
    if status is not None:
        where.append("items.status = ?")
        params.append(status)
    sql = f"SELECT items.id FROM items {joins} WHERE {' AND '.join(where) or '1'}"
    sql += " ORDER BY gi.position" if gallery is not None else " ORDER BY items.id"
    return [r[0] for r in cat.db.conn.execute(sql, params)]


def _photo(cat: Catalog, path: str, caption: str) -> int:
    facts = FileFacts(path=path, size=10, mtime_ns=1, content_hash=f"{PATHS.index(path):064x}", format="JPEG")
    return cat.apply_read(ReadResult(facts=facts, fields={"caption": EmbeddedField("caption", caption, "xmp",
                                                                                 {"xmp": caption})}), None).item_id


@pytest.fixture
def filled(catalog):
    ids = [_photo(catalog, p, c) for p, c in zip(PATHS, CAPTIONS, strict=True)]
    ids += catalog.add_caption_items([{"caption": "Photo 3 of the storm in Porto."}, {"caption": "Wire text."}])
    catalog.store_findings({i: [Finding("missing-credit", Severity.ERROR, "caption", "x")] if n % 3 == 0 else []
                            for n, i in enumerate(ids)})
    gallery = catalog.create_gallery("G")
    catalog.add_to_gallery(gallery.id, ids[::-2])  # every other item, in reverse order
    return catalog, ids, gallery.id


def test_every_search_finds_what_reading_every_path_found(filled):
    cat, ids, gallery = filled
    for search in SEARCHES:
        expected = _old_item_ids(cat, search)
        assert cat.item_ids(search=search) == expected, search
        assert cat.item_ids(search=search, gallery=gallery) == _old_item_ids(cat, search, gallery=gallery), search
        assert cat.item_ids(search=search, status="error") == _old_item_ids(cat, search, status="error"), search
    # The searches above do reach files by their folders alone, not only by captions and names.
    assert cat.item_ids(search="storm") == ids[:2] + [ids[12]]
    assert cat.item_ids(search="wire") == [*ids[:3], ids[11], ids[13]]
    assert cat.item_ids(search="ire/po") == ids[:3]  # across a folder's '/', as LIKE did
    assert cat.item_ids(search="été") == [ids[3]] and cat.item_ids(search="ete") == []  # LIKE: ASCII case only
    assert cat.item_ids(search="inner") == [ids[8]] and cat.item_ids(search="relative") == [ids[8]]
    assert cat.item_ids(search="caf") == [ids[11]]  # a folder whose name is not UTF-8


def test_the_folder_match_follows_moves_and_deletes(filled):
    cat, ids, _ = filled
    # The same content at a new path, the old one gone: a move (the item keeps its id).
    moved = FileFacts(path="/archive/lisbon/IMG_0042.jpg", size=10, mtime_ns=1, content_hash=f"{0:064x}", format="JPEG")
    outcome = cat.apply_read(ReadResult(facts=moved, fields={}), None)
    assert outcome.item_id == ids[0]
    for search in ("storm", "lisbon", "archive", "0042"):
        assert cat.item_ids(search=search) == _old_item_ids(cat, search), search
    assert cat.item_ids(search="lisbon") == [ids[0]]
    cat.delete_items([ids[1]])
    assert cat.item_ids(search="storm") == _old_item_ids(cat, "storm") == [ids[12]]  # the caption item's "storm"


def test_whether_a_word_names_a_folder_is_asked_of_the_folder_index(filled):
    cat, _, _ = filled
    plan = " ".join(r[-1] for r in cat.db.conn.execute("EXPLAIN QUERY PLAN " + _ANY_FOLDER_LIKE, ("%/%x%/%",)))
    assert "idx_items_folder" in plan and "SCAN items" not in plan, plan
    assert cat.db.conn.execute(_ANY_FOLDER_LIKE, ("%/%storm%/%",)).fetchone()[0] == 1
    assert cat.db.conn.execute(_ANY_FOLDER_LIKE, ("%/%aveiro%/%",)).fetchone()[0] == 0


def test_a_catalog_from_before_v15_gets_the_folder_index(catalog_path):
    catalog_at_version(catalog_path, 14, id=1, kind="photo", added_at="now", path="/wire/porto/a.jpg")
    with Catalog.open(catalog_path) as cat:
        names = {r[0] for r in cat.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "idx_items_folder" in names
        assert cat.item_ids(search="porto") == [1]
