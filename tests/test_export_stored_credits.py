"""The caption credits stored with the findings: the CSV export reads them instead of parsing
each caption again, and must write exactly what parsing gives; the stored values go stale
exactly when the findings do."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.credits import parse_credits
from app.export import export_gallery
from app.export.csv import write_csv
from app.export.sheet import (
    build_rows,
    build_sheet,
    decode_caption_credits,
    encode_caption_credits,
    load_style,
)
from app.fields import FIELD_KEYS, empty_value
from app.model import Finding, Item, Severity
from app.validation import check_gallery, refresh_findings

GENERATOR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "make_corpus.py"

# Every way the sheet takes a credit from a caption, and captions the rules parse differently
# from the sheet (a desk instruction, mojibake): the stored value must be the sheet's parse.
CAPTIONS: list[dict] = [
    {"caption": "Protesters march. (AP Photo/Jane Roe)", "credit_line": "Reuters"},
    {"caption": "Protesters march.", "credit_line": "AFP", "source": "Reuters", "creators": ["Ann Lee"]},
    {"caption": "(AP Photo/Jane Roe) Protesters march in the rain."},
    {"caption": "(AP Photo/Jane Roe) Protesters march in the rain.", "source": "Reuters"},
    {"caption": "Smoke rises. REUTERS/François Ñúñez/File Photo", "creators": ["François Ñúñez"]},
    {"caption": "A flag. Photo by Ann Lee/Getty Images", "creators": ["Ann Lee"]},
    {"caption": "Fans cheer. (Photo by Scott Taetsch/Getty Images for Harbor City Herons)"},  # walk18: client
    {"caption": "A flag in Bonn. Photo: Jörg Müller / dpa via Getty Images", "source": "dpa"},
    {"caption": "MANDATORY CREDIT Fans cheer. (AP Photo/Jane Roe)"},
    {"caption": "Fans cheer. Photo credit should read JANE ROE/AFP via Getty Images"},
    {"caption": "Fans cheer in ZÃ¼rich. Â© Jane Roe/Reuters"},
    {"caption": "Fans cheer. (Jane Roe/AFP) and later (AP Photo/Bo Chu) at night.", "credit_line": ""},
    {"caption": "Fans cheer.", "creators": ["Ann Lee", "  ", "Bo Chu"]},
    {"caption": ""},
    {"caption": "   ", "credit_line": "Jane Roe/AFP"},
]


def _item(item_id: int, fields: dict) -> Item:
    values = {k: empty_value(k) for k in FIELD_KEYS}
    values.update(fields)
    return Item(id=item_id, path=f"/wire/{item_id}.jpg", kind="photo", fields=values)


def _summary(fields: dict) -> str:
    caption = fields.get("caption", "")
    return encode_caption_credits(caption, parse_credits(caption, field="caption") if caption.strip() else [])


def _shown(rows) -> list[tuple]:
    return [(r.credit, r.caption_has_credit, r.photographers, r.agencies, r.client, r.published_text) for r in rows]


@pytest.mark.parametrize("style_name", [None, "publisher"])
def test_rows_from_stored_summaries_equal_rows_from_parsing(style_name):
    style = load_style(None, style_name)[0] if style_name else None
    items = [_item(i, f) for i, f in enumerate(CAPTIONS, 1)]
    positions = list(range(1, len(items) + 1))
    parsed = build_rows(items, positions, {}, style)
    stored = {i: _summary(f) for i, f in enumerate(CAPTIONS, 1)}
    from_store = build_rows(items, positions, {}, style, stored=stored)
    assert _shown(from_store) == _shown(parsed)
    # Not vacuous: the cases cover a closing credit, a last one that does not close, and none.
    kinds = {s[:5] for s in stored.values()}
    assert {"", '["e",', '["l",'} <= kinds


def test_a_summary_decodes_to_the_credit_the_sheet_takes():
    caption = "Fans cheer. (Jane Roe/AFP) and later (AP Photo/Bo Chu) at night."
    credits = parse_credits(caption, field="caption")
    credit, closes = decode_caption_credits(encode_caption_credits(caption, credits))
    assert not closes and credit == credits[-1]
    caption = "Protesters march. (AP Photo/Jane Roe)"
    credit, closes = decode_caption_credits(encode_caption_credits(caption, parse_credits(caption, "caption")))
    assert closes and (credit.text, credit.photographers) == ("(AP Photo/Jane Roe)", ["Jane Roe"])
    assert decode_caption_credits("") == (None, False)


@pytest.fixture
def checked(tmp_path) -> Catalog:
    """Caption items for every case in CAPTIONS in gallery "g", checked by the validation service."""
    cat = Catalog.open(tmp_path / "catalog.sqlite")
    ids = [cat.add_caption_item(f) for f in CAPTIONS]
    g = cat.create_gallery("g")
    cat.add_to_gallery(g.id, ids)
    cat.set_setting("house_style", "publisher")
    check_gallery(cat, "g")
    yield cat
    cat.close()


def _csv_by_parsing(cat: Catalog, gallery: str) -> str:
    out = io.StringIO(newline="")
    write_csv(build_sheet(cat, gallery), out)  # the whole sheet: parses every caption
    return out.getvalue()


def test_check_stores_the_sheets_parse_and_the_csv_is_unchanged(checked, tmp_path):
    ids = checked.gallery_item_ids(checked.gallery("g").id)
    stored = checked.stored_caption_credits(ids)
    assert stored == {i: _summary(f) for i, f in zip(ids, CAPTIONS, strict=True)}
    out = tmp_path / "g.csv"
    export_gallery(checked, "g", fmt="csv", output=out, force=True)
    assert out.read_bytes().decode("utf-8") == _csv_by_parsing(checked, "g")


def test_an_edit_makes_the_summary_stale_and_the_export_uses_the_new_caption(checked, tmp_path):
    ids = checked.gallery_item_ids(checked.gallery("g").id)
    first = ids[0]
    checked.set_fields(first, {"caption": "Protesters march. (Jane Roe/AFP)"})
    assert first not in checked.stored_caption_credits(ids)  # stale: not given, though still stored
    assert len(checked.stored_caption_credits(ids)) == len(ids) - 1
    out = tmp_path / "g.csv"
    export_gallery(checked, "g", fmt="csv", output=out, force=True)  # re-checks the stale item first
    assert checked.stored_caption_credits([first]) == {first: _summary({"caption": "Protesters march. "
                                                                                   "(Jane Roe/AFP)"})}
    text = out.read_bytes().decode("utf-8")
    assert "(Jane Roe/AFP)" in text and "(AP Photo/Jane Roe)\",Reuters" not in text
    assert text == _csv_by_parsing(checked, "g")


def test_findings_stored_without_summaries_drop_the_old_ones(checked):
    ids = checked.gallery_item_ids(checked.gallery("g").id)
    checked.set_fields(ids[0], {"caption": "Protesters march."})
    checked.store_findings({ids[0]: [Finding("r", Severity.INFO, "caption", "i")]})  # fresh, no summary
    assert ids[0] not in checked.stored_caption_credits(ids)
    assert "(AP Photo/Jane Roe)" not in _csv_by_parsing(checked, "g").splitlines()[1]


def test_refresh_findings_stores_summaries_too(checked):
    ids = checked.gallery_item_ids(checked.gallery("g").id)
    checked.set_fields_many({i: {"caption": "Rain. (AP Photo/Bo Chu)"} for i in ids[:3]})
    refresh_findings(checked)
    assert checked.stored_caption_credits(ids[:3]) == {i: _summary({"caption": "Rain. (AP Photo/Bo Chu)"})
                                                      for i in ids[:3]}


def test_a_catalog_checked_before_the_summaries_exports_by_parsing(checked, tmp_path):
    """After the schema upgrade the column is NULL until the next check: the export parses."""
    ids = checked.gallery_item_ids(checked.gallery("g").id)
    with checked.batch():
        checked.db.conn.execute("UPDATE items SET caption_credits = NULL")
    assert checked.stored_caption_credits(ids) == {} and not checked.stale_item_ids()
    out = tmp_path / "g.csv"
    export_gallery(checked, "g", fmt="csv", output=out, force=True)
    assert out.read_bytes().decode("utf-8") == _csv_by_parsing(checked, "g")


def test_generated_wire_captions_export_the_same_from_the_store(tmp_path):
    """Realistic captions from the shared corpus generator (every credit style it writes, and
    its injected defects): the stored path writes the CSV that parsing writes."""
    if not GENERATOR.is_file():
        pytest.skip(f"the corpus generator is missing ({GENERATOR})")
    spec = importlib.util.spec_from_file_location("make_corpus", GENERATOR)
    mc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mc)  # type: ignore[union-attr]
    cat = Catalog.open(tmp_path / "catalog.sqlite")
    try:
        ids = []
        with cat.batch():
            for i in range(1, 241):
                xmp = mc.plan(2024, i)["xmp"]
                creators = xmp.get("dc:creator") or []
                ids.append(cat.add_caption_item({
                    "caption": str(xmp.get("dc:description") or ""),
                    "credit_line": str(xmp.get("photoshop:Credit") or ""),
                    "source": str(xmp.get("photoshop:Source") or ""),
                    "creators": [creators] if isinstance(creators, str) else list(creators)}))
        g = cat.create_gallery("wire")
        cat.add_to_gallery(g.id, ids)
        check_gallery(cat, "wire")
        assert len(cat.stored_caption_credits(ids)) == len(ids)
        out = tmp_path / "wire.csv"
        export_gallery(cat, "wire", fmt="csv", output=out, force=True)
        assert out.read_bytes().decode("utf-8") == _csv_by_parsing(cat, "wire")
    finally:
        cat.close()


def test_csv_written_from_the_columns_equals_the_csv_of_the_sheet(tmp_path):
    """The CSV export reads only its columns and writes its lines itself: the cells that need
    quoting or neutralising, blank and list values, photos and caption items, several findings."""
    cat = Catalog.open(tmp_path / "catalog.sqlite")
    try:
        ids = [
            cat.add_caption_item({"caption": "=HYPERLINK(\"x\") march, \"quoted\"\nnext line (AP Photo/Jane Roe)",
                                  "headline": "-5 degrees in Oslo", "city": " Oslo ", "country": "Norway",
                                  "creators": ["Jane Roe", "Bo Chu"], "copyright": "@AP, 2024"}),
            cat.add_caption_item({"caption": "Rain.", "credit_line": "+AFP", "source": "AFP", "state": "Bern",
                                  "usage_terms": "\tEditorial use only", "date_created": "2024-04-13"}),
            cat.add_caption_item({"caption": "Rain in Zürich.", "creators": ["Zoë Ångström"]}),
            cat.add_caption_item({}),
        ]
        with cat.batch():  # a photo's file name comes from its path
            cat.db.conn.execute("UPDATE items SET path = '/wire/day 1/march,01.jpg' WHERE id = ?", (ids[2],))
        g = cat.create_gallery("g")
        cat.add_to_gallery(g.id, ids)
        check_gallery(cat, "g")
        cat.store_findings({ids[0]: [Finding("a", Severity.INFO, "caption", "note, \"one\""),
                                     Finding("b", Severity.ERROR, "caption", "bad"),
                                     Finding("c", Severity.WARNING, "city", "odd")]},
                           {ids[0]: _summary({"caption": cat.item(ids[0]).fields["caption"]})})
        out = tmp_path / "g.csv"
        export_gallery(cat, "g", fmt="csv", output=out, force=True, bom=True)
        expected = io.StringIO(newline="")
        write_csv(build_sheet(cat, "g"), expected, bom=True)
        text = out.read_bytes().decode("utf-8")
        assert text == expected.getvalue()
        assert "'=HYPERLINK" in text and "march,01.jpg" in text and "ERROR" in text
    finally:
        cat.close()


@pytest.mark.parametrize("style_name", [None, "publisher"])
def test_summaries_of_the_old_form_are_parsed_again(style_name):
    # Stored before the closing credit was rendered: text and names only, no span or form.
    style = load_style(None, style_name)[0] if style_name else None
    items = [_item(1, {"caption": "Protesters march. (AP Photo/Jane Roe)"})]
    old = {1: '["c","(AP Photo/Jane Roe)",["Jane Roe"],["Associated Press"],null]'}
    assert _shown(build_rows(items, [1], {}, style, stored=old)) == _shown(build_rows(items, [1], {}, style))
    published = build_rows(items, [1], {}, style, stored=old)[0].published_text
    assert published == ("Protesters march. Jane Roe/AP" if style_name else "Protesters march. (AP Photo/Jane Roe)")


def test_the_getty_client_is_its_own_csv_column_from_the_store_and_from_parsing(checked, tmp_path):
    # walk18: the credit sheet showed only "Getty Images" for "… /Getty Images for Harbor City Herons"
    import csv as csv_module  # noqa: PLC0415

    out = tmp_path / "g.csv"
    export_gallery(checked, "g", fmt="csv", output=out, force=True)  # the streaming path, from the store
    text = out.read_bytes().decode("utf-8")
    rows = list(csv_module.DictReader(io.StringIO(text, newline="")))
    assert [r["Client"] for r in rows if r["Client"]] == ["Harbor City Herons"]
    (row,) = [r for r in rows if r["Client"]]
    assert row["Agencies"] == "Getty Images"
    assert _csv_by_parsing(checked, "g") == text


def test_a_summary_stored_before_the_client_field_is_parsed_again():
    caption = "Fans cheer. (Photo by Scott Taetsch/Getty Images for Harbor City Herons)"
    items = [_item(1, {"caption": caption})]
    summary = _summary({"caption": caption})
    old = summary.replace(',"client":"Harbor City Herons"', "")
    assert old != summary
    (row,) = build_rows(items, [1], {}, None, stored={1: old})
    assert row.client == "Harbor City Herons"
