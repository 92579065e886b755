"""``Catalog.apply_reads`` stores a batch of readings exactly as ``apply_read`` one by one would."""

from __future__ import annotations

import shutil
import sqlite3

from app.catalog import Catalog
from app.metadata.read import read_file
from tests.imagefactory import make_photo

VOLATILE = {"added_at", "modified_at", "read_at_ns"}  # times of the call


def rows(cat: Catalog) -> list[dict]:
    conn = cat.db.conn
    conn.row_factory = sqlite3.Row
    try:
        out = [{k: r[k] for k in r.keys() if k not in VOLATILE} for r in conn.execute(
            "SELECT * FROM items JOIN item_details d ON d.item_id = items.id ORDER BY items.id")]
    finally:
        conn.row_factory = None
    conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    return out


def test_a_batch_is_stored_like_one_reading_after_another(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    make_photo(photos / "a.jpg", fields={"caption": "Zürich café. REUTERS/Ada Brin", "creators": ["Ada Brin"]})
    make_photo(photos / "b.jpg", fields={"caption": "From XMP", "keywords": ["x", "y"]}, iim=False)
    make_photo(photos / "c.jpg", fields={"caption": "From EXIF"}, iim=False, xmp=False, exif=True)
    shutil.copy(photos / "a.jpg", photos / "a-copy.jpg")  # the same picture twice in one batch
    make_photo(photos / "moved-from.jpg", fields={"caption": "Will move"})
    make_photo(photos / "edited.jpg", fields={"caption": "Old caption"})
    cats = [Catalog.open(tmp_path / f"{name}.sqlite") for name in ("one", "batch")]
    for cat in cats:  # the same history: two files known, one of them edited in the catalog
        first = [cat.apply_read(read_file(photos / n)).item_id for n in ("moved-from.jpg", "edited.jpg")]
        cat.set_fields(first[1], {"caption": "Edited here"})
    (photos / "moved-from.jpg").rename(photos / "moved-to.jpg")
    make_photo(photos / "edited.jpg", fields={"caption": "New caption in the file"})
    names = ["a.jpg", "a-copy.jpg", "b.jpg", "c.jpg", "moved-to.jpg", "edited.jpg"]
    readings = [read_file(photos / n) for n in names]

    one, batch = cats
    with one.batch():
        singles = [one.apply_read(r, r.facts.content_hash if n != "b.jpg" else None)
                   for n, r in zip(names, readings, strict=True)]
    with batch.batch():
        batched = batch.apply_reads([(r, r.facts.content_hash if n != "b.jpg" else None)
                                     for n, r in zip(names, readings, strict=True)])
    assert [(o.status, o.conflicts) for o in batched] == [(o.status, o.conflicts) for o in singles]
    assert [o.status for o in batched] == ["added", "added", "added", "added", "relinked", "updated"]
    assert rows(batch) == rows(one)
    assert batch.item_ids(search="zurich") == one.item_ids(search="zurich") == [3, 4]
    for cat in cats:
        cat.close()


def test_a_reading_that_cannot_be_stored_fails_alone(catalog, tmp_path):
    for n in "abc":
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": n})
    readings = [read_file(tmp_path / f"{n}.jpg") for n in "abc"]
    readings[1].fields["caption"].value = "bad \udcff"  # a lone surrogate cannot be stored
    out = catalog.apply_reads([(r, None) for r in readings])
    assert [o.status for o in (out[0], out[2])] == ["added", "added"]
    assert isinstance(out[1], ValueError)
    assert catalog.count_items() == 2 and len(rows(catalog)) == 2


def test_the_item_a_worker_checks_is_the_item_the_catalog_stores(catalog, tmp_path):
    """``Catalog.item_from_read`` (what an import's workers run the rules on) equals what
    ``apply_read`` stores for a new file and ``item()`` reads back."""
    import dataclasses

    make_photo(tmp_path / "a.jpg", fields={"caption": "Zürich café.\r\nREUTERS/Ada Brin ", "creators": ["Ada Brin"],
                                          "keywords": ["flood", " storm", "flood"], "city": "Zürich"})
    make_photo(tmp_path / "b.jpg", fields={"caption": "From XMP", "headline": "H"}, iim=False)
    make_photo(tmp_path / "c.jpg", fields={"caption": "From EXIF", "creators": ["Ann Lee"]}, iim=False, xmp=False,
               exif=True)
    make_photo(tmp_path / "d.jpg", fields={"caption": "IIM says this"}, iim={"caption": "IIM says that"})
    for name in "abcd":
        reading = read_file(tmp_path / f"{name}.jpg")
        stored = catalog.item(catalog.apply_read(reading).item_id)
        made = Catalog.item_from_read(reading)
        for item in (stored, made):
            item.id, item.added_at, item.status = 0, "", None
        assert dataclasses.asdict(made) == dataclasses.asdict(stored), name
