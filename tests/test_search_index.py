"""The search index is written by the catalog's insert paths (no insert trigger, see _m9):
every way an item comes in must leave it searchable, and the index whole."""

from __future__ import annotations

from app.catalog import Catalog
from app.importer import import_paths
from tests.imagefactory import make_photo
from tests.oldcatalog import catalog_at_version


def _index_whole(cat: Catalog) -> None:
    # FTS5's own check: the index holds exactly the content table's rows and words.
    cat.db.conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


def test_every_insert_path_leaves_items_searchable(catalog, tmp_path):
    (tmp_path / "photos").mkdir()
    make_photo(tmp_path / "photos" / "a.jpg", fields={"caption": "Firefighters in Lyon. REUTERS/Ada Brin"})
    make_photo(tmp_path / "photos" / "b.jpg", fields={"caption": "A crowd in Kraków. (AP Photo/Ines Varga)"})
    summary = import_paths(catalog, [tmp_path / "photos"], jobs=1, thumbnails=False)
    one = catalog.add_caption_item({"caption": "Snowplows clear a highway in Des Moines"})
    many = catalog.add_caption_items([{"caption": "Skiers ride a chairlift in Zermatt"},
                                      {"caption": "Fishermen haul nets in Nazaré"}])
    _index_whole(catalog)
    assert catalog.item_ids(search="lyon") == [summary.item_ids[0]]
    assert catalog.item_ids(search="krakow") == [summary.item_ids[1]]  # diacritics folded
    assert catalog.item_ids(search="snowplow") == [one]
    assert catalog.item_ids(search="nazare") == [many[1]]
    catalog.set_fields(many[0], {"caption": "Skiers wait in Verbier"})  # the update trigger still runs
    assert catalog.item_ids(search="zermatt") == []
    assert catalog.item_ids(search="verbier") == [many[0]]
    catalog.delete_items([one])
    _index_whole(catalog)


def test_a_catalog_from_before_v9_keeps_its_search_and_loses_the_insert_trigger(catalog_path):
    catalog_at_version(catalog_path, 8, id=1, kind="caption", added_at="now", caption="Old gallery in Lyon")
    with Catalog.open(catalog_path) as cat:
        triggers = {r[0] for r in cat.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "items_fts_ai" not in triggers and {"items_fts_au", "items_fts_ad"} <= triggers
        assert cat.item_ids(search="lyon") == [1]
        new = cat.add_caption_item({"caption": "New gallery in Lyon"})
        assert cat.item_ids(search="lyon") == [1, new]
        _index_whole(cat)
