"""The catalog's side of the desk workflow (issue 13): file names, pending edits, the change counter."""

from __future__ import annotations

import os

from app.catalog import Catalog
from app.model import EmbeddedField, FileFacts, ReadResult


def _photo(cat: Catalog, path: str, **values) -> int:
    facts = FileFacts(path=path, size=10, mtime_ns=1, content_hash=path, format="JPEG")
    fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
    return cat.apply_read(ReadResult(facts=facts, fields=fields), None).item_id


def test_search_matches_file_names_and_folder_names(catalog):
    a = _photo(catalog, "/wire/porto-storm/IMG_0042.jpg", caption="Flooded street in Porto.")
    b = _photo(catalog, "/wire/porto-storm/AFP_9XK2LM.jpg", caption="Boats in Aveiro.")
    c = _photo(catalog, r"C:\Wire\REU_20260311_0007.JPG", caption="A tree in Braga.")
    assert catalog.item_ids(search="IMG_0042") == [a]
    assert catalog.item_ids(search="0042") == [a]
    assert catalog.item_ids(search="9xk2") == [b]  # any part of the name, any case
    assert catalog.item_ids(search="reu_2026") == [c]  # a Windows path's name
    assert catalog.item_ids(search="porto 0042") == [a]  # a caption word and a file name together
    assert catalog.item_ids(search="storm") == [a, b]  # the folder they came in (the walks asked for it)
    assert catalog.item_ids(search="wire") == [a, b, c]  # a Windows folder too, any case
    assert catalog.item_ids(search="aveiro") == [b]
    catalog.set_fields(a, {"caption": "A street."})
    assert catalog.item_ids(search="0042") == [a]
    assert catalog.item_ids(sort="file_name") == [b, a, c]


def test_a_batch_of_new_files_is_found_by_name_like_one_file_after_another(tmp_path):
    paths = ["/wire/porto-storm/IMG_0042.jpg", r"C:\Wire\REU_20260311_0007.JPG", "bare-name.jpg",
             "/wire/odd/na\u00efve caf\u00e9.jpg", os.fsdecode(b"/wire/latin1/caf\xe9.jpg")]
    readings = [ReadResult(facts=FileFacts(path=p, size=10, mtime_ns=1, content_hash=str(i), format="JPEG"),
                           fields={}) for i, p in enumerate(paths)]
    cats = [Catalog.open(tmp_path / f"{name}.sqlite") for name in ("one", "batch")]
    one, batch = cats
    with one.batch():
        for r in readings:
            one.apply_read(r, None)
    with batch.batch():
        batch.apply_reads([(r, None) for r in readings])
    for cat in cats:
        names = cat.db.conn.execute("SELECT file_name FROM items ORDER BY id").fetchall()
        assert [n for (n,) in names] == ["IMG_0042.jpg", "REU_20260311_0007.JPG", "bare-name.jpg",
                                         "na\u00efve caf\u00e9.jpg", None]
        assert cat.item_ids(search="0042") == [1]
        assert cat.item_ids(search="reu_2026") == [2]
        assert cat.item_ids(search="bare") == [3]
        assert cat.item_ids(search="porto") == [1]  # by its folder (its file_name, above, is the name only)
        cat.db.conn.execute("INSERT INTO names_fts(names_fts) VALUES ('integrity-check')")  # the index itself
        cat.close()


def test_pending_edits_are_counted_however_the_sources_change(catalog):
    a = _photo(catalog, "/wire/a.jpg", caption="Flooded street.", city="Porto")
    b = _photo(catalog, "/wire/b.jpg", caption="Boats.")
    cap = catalog.add_caption_item({"caption": "Published text."})
    assert catalog.pending_counts([a, b, cap]) == {}
    catalog.set_fields(a, {"caption": "Flooded street in Porto.", "city": "Porto, Portugal"})
    catalog.set_fields(cap, {"caption": "Edited published text."})  # no file: nothing to write
    assert catalog.pending_counts([a, b, cap]) == {a: 2}
    assert catalog.pending_ids() == [a] and catalog.pending_ids(item_ids=[b, cap]) == []
    assert catalog.pending_counts() == {a: 2}  # the whole catalog
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


def test_marks_are_fields_with_one_shape_and_filters(catalog):
    from app.fields import BY_KEY, normalize_value  # noqa: PLC0415

    assert [k for k in ("color_label", "tagged", "rating") if BY_KEY[k].is_mark] == ["color_label", "tagged", "rating"]
    assert BY_KEY["color_label"].xmp == "Xmp.xmp.Label" and BY_KEY["rating"].xmp == "Xmp.xmp.Rating"
    assert BY_KEY["tagged"].xmp == "Xmp.photomechanic.Tagged" and not BY_KEY["tagged"].iim
    # One value per meaning, whatever the file wrote.
    assert [normalize_value("tagged", v) for v in ("True", "true", "1", "False", "0", "")] == [
        "True", "True", "True", "", "", ""]
    assert [normalize_value("rating", v) for v in ("3", "3.0", "0", "-1", "7", "")] == ["3", "3", "", "-1", "5", ""]
    a = _photo(catalog, "/wire/a.jpg", caption="A.", color_label="Winner", tagged="True", rating="4")
    b = _photo(catalog, "/wire/b.jpg", caption="B.", color_label="Select")  # Bridge's red
    c = _photo(catalog, "/wire/c.jpg", caption="C.", tagged="False", rating="2")
    assert catalog.item(c).fields["tagged"] == ""
    assert catalog.item_ids(label="winner") == [a]  # without regard to case
    assert catalog.item_ids(label="") == [c]  # no label
    assert catalog.item_ids(tagged=True) == [a] and catalog.item_ids(tagged=False) == [b, c]
    assert catalog.item_ids(min_rating=3) == [a] and catalog.item_ids(min_rating=1) == [a, c]
    assert catalog.item_ids(label="Winner", tagged=True, search="a.jpg") == [a]
    assert catalog.distinct_values("color_label") == ["Select", "Winner"]


def test_label_colours_follow_photo_mechanic_and_other_programs():
    from app.marks import COLOR_CLASSES, UNKNOWN_LABEL_COLOR, label_color, label_for_key  # noqa: PLC0415

    assert [c.name for c in COLOR_CLASSES] == ["Winner", "Winner alt", "Superior", "Superior alt", "Typical",
                                               "Typical alt", "Extras", "Trash"]
    assert label_for_key(1) == "Winner" and label_for_key(0) == ""
    assert label_color("winner") == label_color("Red") == label_color("Select") == COLOR_CLASSES[0].color
    assert label_color("") is None and label_color("Needs a crop") == UNKNOWN_LABEL_COLOR


def test_pending_count_of_a_gallery_or_the_catalog_is_the_pending_ids_count(catalog):
    """What the gate and the sheet print ("2 photos have edits not yet written"), counted from
    the partial index: the same number as the ids, a photo in two galleries counted in each."""
    a = _photo(catalog, "/wire/a.jpg", caption="Flooded street.")
    b = _photo(catalog, "/wire/b.jpg", caption="Boats.")
    c = _photo(catalog, "/wire/c.jpg", caption="Waves.")
    cap = catalog.add_caption_item({"caption": "Published text."})
    night_a, night_b = catalog.create_gallery("Night A"), catalog.create_gallery("Night B")
    catalog.add_to_gallery(night_a.id, [a, b, c, cap])
    catalog.add_to_gallery(night_b.id, [a])
    assert catalog.pending_count() == catalog.pending_count(night_a.id) == 0
    catalog.set_fields(a, {"caption": "Flooded street in Porto."})
    catalog.set_fields(c, {"headline": "Waves"})
    catalog.set_fields(cap, {"caption": "Edited published text."})  # no file: never pending
    for gallery in (night_a, night_b):
        assert catalog.pending_count(gallery.id) == len(catalog.pending_ids(gallery=gallery.id))
    assert (catalog.pending_count(night_a.id), catalog.pending_count(night_b.id), catalog.pending_count()) == (2, 1, 2)
    empty = catalog.create_gallery("Empty")
    assert catalog.pending_count(empty.id) == 0
