"""The catalog: schema and migrations, galleries, edits, search, filters, findings, concurrency."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

import pytest

from app.catalog import SCHEMA_VERSION, SORT_INDEX_KEYS, Catalog, CatalogError, fts_query, migrate
from app.fields import FIELD_KEYS
from app.model import EmbeddedField, FileFacts, Finding, Fix, GalleryStatus, ReadResult, Severity


def reading(path, fields: dict, *, source: str = "xmp", content_hash: str | None = None, size: int = 100,
            mtime_ns: int = 1) -> ReadResult:
    """A ReadResult as the metadata reader would return it (all values from one block)."""
    emb = {k: EmbeddedField(k, v, source, {source: v}) for k, v in fields.items()}
    facts = FileFacts(path=str(path), size=size, mtime_ns=mtime_ns,
                      content_hash=content_hash or f"hash-{path}-{size}-{mtime_ns}", format="JPEG",
                      width=320, height=200, orientation=1)
    return ReadResult(facts=facts, fields=emb)


@pytest.fixture
def cat(catalog_path):
    c = Catalog.open(catalog_path)
    yield c
    c.close()


def add(cat, path, **fields) -> int:
    return cat.apply_read(reading(path, fields)).item_id


# -- schema and migrations --------------------------------------------------------------

def test_new_catalog_has_current_schema_wal_and_a_column_per_field(cat, catalog_path):
    conn = sqlite3.connect(catalog_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cols = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    assert set(FIELD_KEYS) <= cols
    assert cat.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert cat.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert not list(catalog_path.parent.glob("*.bak-v*"))  # nothing to back up for a new file


def test_migration_from_v1_backs_up_first_and_keeps_data(catalog_path):
    migrate(catalog_path, target=1)
    conn = sqlite3.connect(catalog_path)
    conn.execute("INSERT INTO items (kind, path, added_at, caption, creators, sources, embedded, candidates)"
                 " VALUES ('photo', '/p/a.jpg', 'then', 'Vadim at the border', '[\"Vadim Ghirda\"]', '{}', '{}', '{}')")
    conn.execute("INSERT INTO galleries (name, title, status, created, modified)"
                 " VALUES ('g', 'G', 'draft', 'then', 'then')")
    conn.execute("INSERT INTO gallery_items (gallery_id, item_id, position) VALUES (1, 1, 1)")
    conn.commit()
    conn.close()

    cat = Catalog.open(catalog_path)
    backup = catalog_path.with_name(catalog_path.name + ".bak-v1")
    assert backup.exists()
    b = sqlite3.connect(backup)
    assert b.execute("PRAGMA user_version").fetchone()[0] == 1
    assert b.execute("SELECT caption FROM items").fetchone()[0] == "Vadim at the border"
    b.close()
    assert cat.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert cat.item(1).fields["creators"] == ["Vadim Ghirda"]
    assert cat.gallery_item_ids(cat.gallery("g").id) == [1]
    assert cat.item_ids(search="vad") == [1]  # FTS built over rows that existed before it
    assert cat.item_ids(sort="caption", descending=True) == [1]  # sort indexes built over it too
    cat.delete_items([1])  # cascades added by the migration
    assert cat.gallery_item_ids(cat.gallery("g").id) == []
    cat.close()


def test_two_processes_creating_the_same_catalog_at_once(catalog_path):
    import subprocess
    import sys

    code = "import sys; from app.catalog import Catalog; Catalog.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(catalog_path)], stderr=subprocess.PIPE)
             for _ in range(3)]
    for p in procs:
        assert p.wait(60) == 0, p.stderr.read().decode()
    cat = Catalog.open(catalog_path)
    assert cat.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    cat.close()


def test_catalog_newer_than_the_app_is_refused(catalog_path):
    Catalog.open(catalog_path).close()
    conn = sqlite3.connect(catalog_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CatalogError, match="newer"):
        Catalog.open(catalog_path)


def test_a_file_that_is_not_a_catalog_is_refused(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("just some text, not SQLite\n" * 100)
    with pytest.raises(CatalogError):
        Catalog.open(bad)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(CatalogError, match="not a Creditline catalog"):
        Catalog.open(other)


# -- items ------------------------------------------------------------------------------

def test_apply_read_stores_working_embedded_sources_and_candidates(cat):
    r = reading("/p/a.jpg", {"caption": "A caption", "creators": ["Ann Lee", "Bo Chu"]})
    r.fields["headline"] = EmbeddedField("headline", "Head", "iim", {"iim": "Head", "xmp": "Other head"})
    out = cat.apply_read(r, thumb_key="abc")
    assert out.status == "added"
    item = cat.item(out.item_id)
    assert item.fields["caption"] == "A caption" and item.embedded["caption"] == "A caption"
    assert item.fields["creators"] == ["Ann Lee", "Bo Chu"]
    assert item.sources["headline"] == "iim" and item.sources["title"] is None
    assert item.candidates["headline"] == {"iim": "Head", "xmp": "Other head"}
    assert item.facts.width == 320 and item.thumb_key == "abc" and item.kind == "photo"
    assert cat.file_record("/p/a.jpg").content_hash == r.facts.content_hash
    assert cat.ids_by_hash(r.facts.content_hash) == [out.item_id]
    assert cat.file_record("/p/none.jpg") is None


def test_reapply_unchanged_updated_and_conflict(cat):
    first = reading("/p/a.jpg", {"caption": "one", "city": "Paris", "headline": "H"})
    item_id = cat.apply_read(first).item_id
    assert cat.apply_read(first).status == "unchanged"
    cat.set_fields(item_id, {"caption": "edited here", "headline": "H2"})

    # The file changed: city follows the file; the edited caption stays and conflicts;
    # the edited headline the file did not change stays, no conflict.
    second = reading("/p/a.jpg", {"caption": "changed in file", "city": "Lyon", "headline": "H"}, mtime_ns=2)
    out = cat.apply_read(second)
    assert out.status == "updated" and out.conflicts == ["caption"]
    item = cat.item(item_id)
    assert item.fields["caption"] == "edited here" and item.embedded["caption"] == "changed in file"
    assert item.sources["caption"] == "edited"
    assert item.fields["city"] == "Lyon" and item.sources["city"] == "xmp"
    assert item.fields["headline"] == "H2" and item.sources["headline"] == "edited"

    # The file now holds the edit: no longer edited.
    third = reading("/p/a.jpg", {"caption": "edited here", "city": "Lyon", "headline": "H2"}, mtime_ns=3)
    out = cat.apply_read(third)
    assert out.conflicts == []
    assert cat.item(item_id).changed_fields() == []


def test_moved_file_is_relinked_but_a_copy_is_a_new_item(cat, tmp_path):
    old = tmp_path / "old.jpg"
    old.write_bytes(b"x")
    item_id = cat.apply_read(reading(old, {"caption": "c"}, content_hash="H")).item_id
    copy = tmp_path / "copy.jpg"
    out = cat.apply_read(reading(copy, {"caption": "c"}, content_hash="H"))
    assert out.status == "added" and out.item_id != item_id  # old path still exists: a copy
    old.unlink()
    moved = tmp_path / "moved.jpg"
    out = cat.apply_read(reading(moved, {"caption": "c"}, content_hash="H"))
    assert out.status == "relinked" and out.item_id == item_id
    assert cat.item(item_id).path == str(moved)
    assert cat.count_items() == 2


def test_caption_item_and_items_keep_requested_order(cat):
    a = add(cat, "/p/a.jpg", caption="a")
    c = cat.add_caption_item({"caption": "From the web page", "creators": "X; Y"})
    item = cat.item(c)
    assert item.kind == "caption" and item.path is None and item.fields["creators"] == ["X", "Y"]
    assert [i.id for i in cat.items([c, a, 999])] == [c, a]
    with pytest.raises(KeyError):
        cat.item(999)
    with pytest.raises(KeyError, match="known fields"):
        cat.add_caption_item({"captoin": "typo"})


def test_light_read_gives_the_working_values_of_the_full_read(cat):
    a = cat.apply_read(reading("/p/a.jpg", {"caption": "Cap", "creators": ["Ann Lee", "Bo Chu"],
                                            "keywords": ["flood"], "city": "Oslo"}), thumb_key="ta").item_id
    b = add(cat, "/p/b.jpg", caption="Other", creators=["Ann Lee", "Bo Chu"])  # same by-line text as a
    c = cat.add_caption_item({"caption": "Caption only"})
    cat.set_fields(b, {"headline": "Edited head", "keywords": ["x", "y"]})
    cat.store_findings({a: [Finding("r", Severity.WARNING, "caption", "m")]})
    # A list column holding something that is not a JSON list (an old or hand-edited file).
    cat.db.conn.execute("UPDATE items SET keywords = 'not json' WHERE id = ?", (c,))
    g = cat.create_gallery("g").id
    cat.add_to_gallery(g, [c, a])
    order = [c, 999, b, a]
    for gallery in (None, g):
        full = cat.items(order, gallery=gallery)
        light = cat.items(order, gallery=gallery, details=False)
        assert [i.id for i in light] == [c, b, a]
        for f, lt in zip(full, light, strict=True):
            assert (lt.fields, lt.path, lt.kind, lt.status, lt.thumb_key, lt.position, lt.added_at) == \
                   (f.fields, f.path, f.kind, f.status, f.thumb_key, f.position, f.added_at)
            assert lt.embedded == {} and lt.candidates == {} and lt.facts is None
    light = {i.id: i for i in cat.items([a, b, c], gallery=g, details=False)}
    assert light[a].fields["creators"] == ["Ann Lee", "Bo Chu"] and light[a].status == "warning"
    assert light[a].position == 2 and light[b].position is None and light[c].fields["keywords"] == ["not json"]
    assert light[b].fields["headline"] == "Edited head" and light[c].fields["city"] == ""
    light[a].fields["creators"].append("Changed")  # equal lists are not shared between items
    assert light[b].fields["creators"] == ["Ann Lee", "Bo Chu"]
    # Streamed in chunks smaller than the request: same items, same order.
    assert [i.id for i in cat.iter_items([a, c, b, a], chunk=2)] == [a, c, b, a]


def test_narrow_read_gives_the_working_values_of_the_light_read_and_fresh_caption_credits(cat):
    a = cat.apply_read(reading("/p/a.jpg", {"caption": "Cap", "creators": ["Ann Lee", "Bo Chu"],
                                            "keywords": ["flood"], "city": "Oslo"})).item_id
    b = add(cat, "/p/b.jpg", caption="Other", creators=["Ann Lee", "Bo Chu"])
    c = cat.add_caption_item({"caption": "Caption only"})
    cat.db.conn.execute("UPDATE items SET keywords = 'not json' WHERE id = ?", (c,))
    cat.store_findings({a: [], b: [], c: []}, {a: '["c","(AP)",[],[],null]', c: ""})
    cat.set_fields(b, {"headline": "Edited head"})
    keys = ("headline", "caption", "creators", "keywords", "city")
    order = [c, 999, b, a, c]
    rows = list(cat.iter_values(order, keys, chunk=2))
    light = cat.items(order, details=False)
    assert [r[0] for r in rows] == [c, b, a, c]
    for r, item in zip(rows, light, strict=True):
        assert r[1] == item.path and list(r[3:]) == [item.fields[k] for k in keys]
    # Stored caption credits only while the findings are fresh; b's were never stored.
    assert [r[2] for r in rows] == ["", None, '["c","(AP)",[],[],null]', ""]
    assert cat.stored_caption_credits(order) == {a: '["c","(AP)",[],[],null]', c: ""}
    cat.set_fields(a, {"caption": "Cap, edited"})
    assert [r[2] for r in cat.iter_values([a], keys)] == [None] and cat.stored_caption_credits([a]) == {}


# -- editing ----------------------------------------------------------------------------

def test_set_fields_records_history_and_marks_edited(cat):
    item_id = add(cat, "/p/a.jpg", caption="orig", keywords=["a"])
    edits = cat.set_fields(item_id, {"caption": "new", "keywords": "x; y", "city": ""})
    assert [(e.field, e.old, e.new) for e in edits] == [("caption", "orig", "new"), ("keywords", ["a"], ["x", "y"])]
    item = cat.item(item_id)
    assert item.sources["caption"] == "edited" and item.embedded["caption"] == "orig"
    assert sorted(item.changed_fields()) == ["caption", "keywords"]
    cat.set_fields(item_id, {"caption": "orig"})  # back to what the file says
    assert cat.item(item_id).sources["caption"] == "xmp"
    assert [(e.field, e.new) for e in cat.history(item_id)] == [("caption", "new"), ("keywords", ["x", "y"]),
                                                                ("caption", "orig")]
    with pytest.raises(KeyError, match="known fields"):
        cat.set_fields(item_id, {"nope": "x"})


def test_a_value_put_back_shows_the_block_it_was_read_from(cat):
    """A caption in XMP, IIM and EXIF alike is read from EXIF (MWG); edited and put back (an
    undo), its badge says EXIF again, not XMP. A headline (no EXIF twin) stays XMP."""
    same = {"xmp": "Cap", "iim": "Cap", "exif": "Cap"}
    fields = {"caption": EmbeddedField("caption", "Cap", "exif", same),
              "headline": EmbeddedField("headline", "H", "xmp", {"xmp": "H", "iim": "H"})}
    facts = FileFacts(path="/p/mwg.jpg", size=1, mtime_ns=1, content_hash="h-mwg", format="JPEG",
                      width=1, height=1, orientation=1)
    item_id = cat.apply_read(ReadResult(facts=facts, fields=fields)).item_id
    assert cat.item(item_id).sources["caption"] == "exif"
    cat.set_fields(item_id, {"caption": "Cap, edited", "headline": "H2"})
    cat.set_fields(item_id, {"caption": "Cap", "headline": "H"})
    item = cat.item(item_id)
    assert item.sources["caption"] == "exif" and item.sources["headline"] == "xmp"


def test_set_fields_many_is_all_or_nothing(cat):
    a = add(cat, "/p/a.jpg", caption="a")
    with pytest.raises(KeyError):
        cat.set_fields_many({a: {"caption": "changed"}, 12345: {"caption": "x"}})
    assert cat.item(a).fields["caption"] == "a" and cat.history(a) == []


def test_mark_written_clears_edited_and_updates_facts(cat):
    item_id = add(cat, "/p/a.jpg", caption="orig")
    cat.set_fields(item_id, {"caption": "fixed"})
    facts = cat.item(item_id).facts
    facts.size, facts.mtime_ns, facts.content_hash = 222, 99, "newhash"
    cat.mark_written(item_id, {"caption": "fixed"}, facts)
    item = cat.item(item_id)
    assert item.changed_fields() == [] and item.embedded["caption"] == "fixed"
    assert cat.file_record("/p/a.jpg").content_hash == "newhash"


# -- galleries --------------------------------------------------------------------------

def test_gallery_crud(cat):
    g = cat.create_gallery("Border", title="At the border")
    assert (g.name, g.title, g.status) == ("Border", "At the border", GalleryStatus.DRAFT)
    with pytest.raises(ValueError, match="already exists"):
        cat.create_gallery("Border")
    cat.rename_gallery(g.id, "Border crossing")
    assert cat.gallery("Border crossing").id == g.id
    with pytest.raises(KeyError):
        cat.gallery("Border")
    cat.set_gallery_status(g.id, "ready")
    assert cat.gallery(g.id).status is GalleryStatus.READY
    with pytest.raises(ValueError):
        cat.set_gallery_status(g.id, "lost")
    ids = [add(cat, f"/p/{n}.jpg", caption=n) for n in "abc"]
    cat.add_to_gallery(g.id, ids)
    dup = cat.duplicate_gallery(g.id, "Copy")
    assert cat.gallery_item_ids(dup.id) == ids and dup.item_count == 3
    cat.delete_gallery(g.id)
    assert [x.name for x in cat.galleries()] == ["Copy"]
    assert cat.count_items() == 3  # items outlive their galleries


def positions(cat, gid):
    return [r[0] for r in cat.db.conn.execute(
        "SELECT position FROM gallery_items WHERE gallery_id = ? ORDER BY position", (gid,))]


def test_gallery_order_add_remove_move(cat):
    g = cat.create_gallery("g").id
    a, b, c, d, e = (add(cat, f"/p/{n}.jpg", caption=n) for n in "abcde")
    cat.add_to_gallery(g, [a, b, c])
    cat.add_to_gallery(g, [d, a], at=1)  # a is already in: only d is added
    assert cat.gallery_item_ids(g) == [a, d, b, c]
    cat.add_to_gallery(g, [e], at=0)
    assert cat.gallery_item_ids(g) == [e, a, d, b, c]
    cat.remove_from_gallery(g, [a, b])
    assert cat.gallery_item_ids(g) == [e, d, c] and positions(cat, g) == [1, 2, 3]
    cat.move_items(g, [c], 0)
    assert cat.gallery_item_ids(g) == [c, e, d]
    cat.move_items(g, [c, e], 3)  # to the end, in the order given
    assert cat.gallery_item_ids(g) == [d, c, e]
    cat.move_items(g, [e, d], 1)  # drop before c
    assert cat.gallery_item_ids(g) == [e, d, c] and positions(cat, g) == [1, 2, 3]
    other = cat.create_gallery("other").id
    cat.add_to_gallery(other, [c])  # one item in two galleries
    assert cat.gallery_item_ids(other) == [c] and c in cat.gallery_item_ids(g)
    items = cat.items(cat.gallery_item_ids(g), gallery=g)
    assert [i.position for i in items] == [1, 2, 3]
    assert cat.item_ids(gallery="g") == [e, d, c]
    cat.delete_items([d])
    assert cat.gallery_item_ids(g) == [e, c] and positions(cat, g) == [1, 2]


# -- search and filters -----------------------------------------------------------------

def test_fts_prefix_search_and_sync(cat):
    a = add(cat, "/p/a.jpg", caption="Refugees cross the border", creators=["Vadim Ghirda"], city="Siret")
    b = add(cat, "/p/b.jpg", caption="A café in Zürich", keywords=["politics"])
    assert cat.item_ids(search="vad") == [a]
    assert cat.item_ids(search="refugee bord") == [a]
    assert cat.item_ids(search="zurich") == [b]  # diacritics folded
    assert cat.item_ids(search="polit") == [b]
    assert cat.item_ids(search="siret vadim") == [a]
    assert cat.item_ids(search="siret zurich") == []
    cat.set_fields(a, {"caption": "Nothing here"})
    assert cat.item_ids(search="refugees") == []
    assert cat.item_ids(search="nothing") == [a]
    cat.delete_items([b])
    assert cat.item_ids(search="zurich") == []
    assert cat.item_ids(search="   ") == [a]  # nothing to search for: everything


@pytest.mark.parametrize("text", ['"', "AND", "OR NOT", "foo*", "(", "a:b", "-x", "NEAR(a b)", "'", "^", "*", "...",
                                  "\U0001f642", "caption:x", "{a b}", "\\"])
def test_search_never_fails_on_fts_syntax(cat, text):
    add(cat, "/p/a.jpg", caption="a:b (x) AND -x")
    assert isinstance(cat.item_ids(search=text), list)


def test_fts_query_quotes_words():
    assert fts_query('vad "gh') == '"vad"* "gh"*'
    assert fts_query("  ") is None


def test_filters_and_sorting(cat):
    a = add(cat, "/p/a.jpg", caption="b", source="Reuters", creators=["Ann Lee"], city="Oslo")
    b = add(cat, "/p/b.jpg", caption="a", credit_line="AP Photo/Bo Chu", creators=["Bo Chu"], city="")
    c = add(cat, "/p/c.jpg", caption="c", source="AFP", city="Bergen")
    assert cat.item_ids(agency="reuters") == [a]
    assert cat.item_ids(agency="AP") == [b]
    assert cat.item_ids(agency="100%") == []  # LIKE wildcards in user text are literal
    assert cat.item_ids(photographer="bo ch") == [b]
    assert cat.item_ids(sort="caption") == [b, a, c]
    assert cat.item_ids(sort="caption", descending=True) == [c, a, b]
    assert cat.item_ids(sort="city") == [c, a, b]  # blanks last
    assert cat.item_ids(sort="added", descending=True) == [c, b, a]
    with pytest.raises(ValueError):
        cat.item_ids(sort="x; DROP TABLE items")
    cat.start_import_run()
    d = add(cat, "/p/d.jpg", caption="d")
    assert cat.item_ids(recent=True) == [d]
    g = cat.create_gallery("g").id
    cat.add_to_gallery(g, [c, a, b])
    assert cat.item_ids(gallery=g, agency="a") == [c, b]  # AFP and AP, in gallery order
    assert cat.distinct_values("creators") == ["Ann Lee", "Bo Chu"]
    assert cat.distinct_values("source") == ["AFP", "Reuters"]


def test_field_sort_walks_its_index_and_descending_reverses_ties_with_blanks_last(cat):
    a = add(cat, "/p/a.jpg", caption="beta")
    b = add(cat, "/p/b.jpg", caption="")
    c = add(cat, "/p/c.jpg", caption="Alpha")
    d = add(cat, "/p/d.jpg", caption="BETA")  # equal to a without regard to case
    e = add(cat, "/p/e.jpg", caption="")
    assert cat.item_ids(sort="caption") == [c, a, d, b, e]
    assert cat.item_ids(sort="caption", descending=True) == [d, a, c, b, e]
    assert cat.item_ids(sort="caption", descending=True, search="beta") == [d, a]
    conn = cat.db.conn
    for key in SORT_INDEX_KEYS:
        for descending in (False, True):
            statements: list[str] = []
            conn.set_trace_callback(statements.append)  # the SQL item_ids really runs
            try:
                cat.item_ids(sort=key, descending=descending)
            finally:
                conn.set_trace_callback(None)
            query = next(q for q in statements if q.startswith("SELECT items.id"))
            plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + query))
            assert f"idx_items_sort_{key}" in plan and "TEMP B-TREE" not in plan, plan


# -- findings ---------------------------------------------------------------------------

def test_findings_storage_status_and_staleness(cat):
    a = add(cat, "/p/a.jpg", caption="x")
    b = add(cat, "/p/b.jpg", caption="y")
    assert cat.stale_item_ids() == [a, b]
    fix = Fix("Remove it", "caption", 0, 1, "")
    cat.store_findings({a: [Finding("desk-note", Severity.WARNING, "caption", "“x”", 0, 1, fix),
                            Finding("no-credit", Severity.ERROR, "credit_line", "missing")],
                        b: []})
    assert cat.stale_item_ids() == []
    assert cat.item(a).status == "error" and cat.item(b).status is None
    assert cat.item_ids(status="error") == [a] and cat.item_ids(status="clean") == [b]
    got = cat.findings([a, b])
    assert [f.rule for f in got[a]] == ["desk-note", "no-credit"] and got[b] == []
    assert got[a][0].fix == fix and got[a][0].severity is Severity.WARNING and got[a][0].item_id == a
    cat.set_fields(b, {"caption": "z"})
    assert cat.stale_item_ids() == [b]
    cat.store_findings({a: [Finding("desk-note", Severity.WARNING, "caption", "m")]})
    assert cat.item_ids(status="warning") == [a] and len(cat.findings([a])[a]) == 1
    assert cat.stale_item_ids(limit=1) == [b]
    cat.delete_items([b])
    cat.store_findings({b: [Finding("late", Severity.ERROR, "caption", "m")]})  # deleted meanwhile: ignored
    assert cat.findings([b]) == {b: []}


# -- settings and templates -------------------------------------------------------------

def test_settings_and_templates(cat):
    assert cat.get_setting("house_style", "ap") == "ap"
    cat.set_setting("house_style", {"name": "reuters", "strict": True})
    assert cat.get_setting("house_style") == {"name": "reuters", "strict": True}
    from app.templates import Template

    cat.save_template(Template("Reuters take", {"credit_line": "REUTERS/{photographer}"}, ["credit_line"]))
    cat.save_template(Template("Reuters take", {"credit_line": "REUTERS"}, ["credit_line"]))
    [t] = cat.templates()
    assert (t.name, t.values, t.enabled) == ("Reuters take", {"credit_line": "REUTERS"}, ["credit_line"])
    cat.delete_template("Reuters take")
    assert cat.templates() == []


def test_import_errors_are_one_line(cat):
    cat.record_import_error("/p/bad.jpg", "truncated\nfile  here")
    [e] = cat.import_errors()
    assert (e.path, e.reason) == ("/p/bad.jpg", "truncated file here")


# -- concurrency ------------------------------------------------------------------------

def test_reader_thread_and_writer_thread_share_a_catalog_without_locking(cat):
    """The UI reads in its thread while an import worker writes batches in another."""
    errors: list[BaseException] = []
    stop = threading.Event()
    reads = [0]

    def writer():
        try:
            for n in range(30):
                with cat.batch():
                    for k in range(20):
                        cat.apply_read(reading(f"/p/{n}-{k}.jpg", {"caption": f"caption {n} {k}"}))
                time.sleep(0.001)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            stop.set()

    def reader():
        try:
            while not stop.is_set():
                ids = cat.item_ids(search="caption")
                cat.items(ids[:50])
                cat.count_items()
                reads[0] += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert cat.count_items() == 600 and reads[0] > 0
    ids = cat.item_ids(sort="caption", descending=True)
    assert [i.id for i in cat.items(ids)] == ids  # more ids than one SQL statement takes


def test_two_writers_queue_instead_of_failing(catalog_path):
    """Two catalog objects (like the app and a CLI run) writing at the same time."""
    Catalog.open(catalog_path).close()
    errors: list[BaseException] = []

    def work(tag: str):
        c = Catalog.open(catalog_path)
        try:
            for n in range(40):
                with c.batch():
                    item_id = c.apply_read(reading(f"/{tag}/{n}.jpg", {"caption": tag})).item_id
                    c.set_fields(item_id, {"city": tag})
        except BaseException as exc:
            errors.append(exc)
        finally:
            c.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    c = Catalog.open(catalog_path)
    assert c.count_items() == 80
    assert json.loads(c.db.conn.execute("SELECT json_array(COUNT(*)) FROM edits").fetchone()[0]) == [80]
    c.close()


def test_caption_credit_summaries_from_before_the_chain_rule_are_forgotten(catalog_path):
    """v7: summaries stored under the old parser rule are dropped on upgrade; the export parses again."""
    cat = Catalog.open(catalog_path)
    item = cat.add_caption_item({"caption": "A man. (Photo by Jane Roe/Getty Images)"})
    cat.store_findings({item: []}, caption_credits={item: '["c","old","",[],null]'})
    assert cat.stored_caption_credits([item]) == {item: '["c","old","",[],null]'}
    cat.close()
    conn = sqlite3.connect(catalog_path)
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    cat = Catalog.open(catalog_path)
    assert catalog_path.with_name(catalog_path.name + ".bak-v6").exists()
    assert cat.stored_caption_credits([item]) == {}
    assert cat.item(item).fields["caption"].startswith("A man.")
    cat.close()


def test_findings_of_an_item_edited_while_its_rules_ran_are_not_stored(catalog_path):
    """A check reads revisions, then items; an edit in between keeps the item stale."""
    from app.model import Finding, Severity

    cat = Catalog.open(catalog_path)
    item = cat.add_caption_item({"caption": "Fans cheer in in Lisbon. (AP Photo/Ana Costa)"})
    revisions = cat.revisions([item])
    old = [Finding("doubled-word", Severity.WARNING, "caption", "doubled word “in in”", 12, 17)]
    cat.set_fields(item, {"caption": "Fans cheer in Lisbon. (AP Photo/Ana Costa)"})  # the editor fixes it
    cat.store_findings({item: old}, revisions=revisions)  # the check that read the old text ends now
    assert cat.findings([item])[item] == []
    assert cat.stale_item_ids() == [item]  # will be checked again
    cat.store_findings({item: []}, revisions=cat.revisions([item]))
    assert cat.stale_item_ids() == []
    cat.close()


def test_writing_back_makes_findings_stale(catalog_path, tmp_path):
    from app.metadata.read import read_file
    from tests.imagefactory import make_photo

    cat = Catalog.open(catalog_path)
    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "A boat. (AP Photo/Ana Costa)", "credit_line": "AP"})
    result = read_file(photo)
    item = cat.apply_read(result).item_id
    cat.store_findings({item: []}, revisions=cat.revisions([item]))
    assert cat.stale_item_ids() == []
    cat.mark_written(item, {"caption": "A boat. (AP Photo/Ana Costa)", "credit_line": "REUTERS"}, result.facts)
    assert cat.stale_item_ids() == [item]  # the file now says REUTERS: compare caption and file again
    cat.close()


def test_closing_the_catalog_never_pulls_a_connection_from_under_another_thread(tmp_path):
    # A write task still storing when the window (or a test) closed the catalog: closing its
    # connection under a running statement failed that task, or crashed the interpreter.
    cat = Catalog.open(tmp_path / "catalog.sqlite")
    ids = cat.add_caption_items([{"caption": f"Fans cheer in Lyon, June {i % 28 + 1}, 2026."} for i in range(300)])
    started, errors, reads = threading.Event(), [], []

    def task():
        try:
            for n in range(40):
                reads.append(len(cat.items(ids)))
                if n == 0:
                    started.set()
        except Exception as exc:  # noqa: BLE001 - what the test reports
            errors.append(repr(exc))
        finally:
            started.set()

    worker = threading.Thread(target=task)
    worker.start()
    started.wait(10)
    cat.close()
    worker.join(60)
    assert errors == [] and reads == [300] * 40
    cat.close()  # the task's connection, now that it has ended
    again = Catalog.open(tmp_path / "catalog.sqlite")
    assert len(again.item_ids()) == 300
    again.close()
