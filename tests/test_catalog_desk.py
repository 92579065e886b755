"""The catalog's side of the desk workflow (issue 13): file names, pending edits, the change counter."""

from __future__ import annotations

from app.catalog import Catalog
from app.model import EmbeddedField, FileFacts, ReadResult


def _photo(cat: Catalog, path: str, **values) -> int:
    facts = FileFacts(path=path, size=10, mtime_ns=1, content_hash=path, format="JPEG")
    fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
    return cat.apply_read(ReadResult(facts=facts, fields=fields), None).item_id


def test_search_matches_file_names_not_folder_names(catalog):
    a = _photo(catalog, "/wire/porto-storm/IMG_0042.jpg", caption="Flooded street in Porto.")
    b = _photo(catalog, "/wire/porto-storm/AFP_9XK2LM.jpg", caption="Boats in Aveiro.")
    c = _photo(catalog, r"C:\Wire\REU_20260311_0007.JPG", caption="A tree in Braga.")
    assert catalog.item_ids(search="IMG_0042") == [a]
    assert catalog.item_ids(search="0042") == [a]
    assert catalog.item_ids(search="9xk2") == [b]  # any part of the name, any case
    assert catalog.item_ids(search="reu_2026") == [c]  # a Windows path's name
    assert catalog.item_ids(search="porto 0042") == [a]  # a caption word and a file name together
    assert catalog.item_ids(search="storm") == []  # the folder is not the photo's name
    assert catalog.item_ids(search="aveiro") == [b]
    catalog.set_fields(a, {"caption": "A street."})
    assert catalog.item_ids(search="0042") == [a]
    assert catalog.item_ids(sort="file_name") == [b, a, c]


def test_pending_edits_are_counted_however_the_sources_change(catalog):
    a = _photo(catalog, "/wire/a.jpg", caption="Flooded street.", city="Porto")
    b = _photo(catalog, "/wire/b.jpg", caption="Boats.")
    cap = catalog.add_caption_item({"caption": "Published text."})
    assert catalog.pending_counts([a, b, cap]) == {}
    catalog.set_fields(a, {"caption": "Flooded street in Porto.", "city": "Porto, Portugal"})
    catalog.set_fields(cap, {"caption": "Edited published text."})  # no file: nothing to write
    assert catalog.pending_counts([a, b, cap]) == {a: 2}
    assert catalog.pending_ids() == [a] and catalog.pending_ids(item_ids=[b, cap]) == []
    catalog.set_fields(a, {"city": "Porto"})  # back to the file's value: not an edit any more
    assert catalog.pending_counts([a]) == {a: 1}
    item = catalog.item(a)
    assert item.pending == 1 and next(iter(catalog.items([a], details=False))).pending == 1
    # A write-back records the file's new values: nothing pending.
    catalog.mark_written(a, {"caption": "Flooded street in Porto."}, item.facts)
    assert catalog.pending_counts([a]) == {}
    g = catalog.create_gallery("G")
    catalog.add_to_gallery(g.id, [a, b])
    catalog.set_fields(b, {"headline": "Boats"})
    assert catalog.pending_ids(gallery=g.id) == [b]


def test_migration_fills_file_names_and_pending_counts_of_an_older_catalog(tmp_path):
    from app.catalog import SCHEMA_VERSION, migrate  # noqa: PLC0415

    path = tmp_path / "old.sqlite"
    migrate(path, target=SCHEMA_VERSION - 1)
    old = Catalog(path)  # the previous schema, written by this code's methods
    try:
        a = _photo(old, "/wire/2026/IMG_7.jpg", caption="Boats.")
        old.set_fields(a, {"caption": "Boats in Aveiro."})
    finally:
        old.close()
    with Catalog.open(path) as cat:
        assert cat.item_ids(search="img_7") == [a]
        assert cat.pending_counts([a]) == {a: 1}
