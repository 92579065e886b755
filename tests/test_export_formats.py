"""CSV, HTML, JSON and text renderers, on sheets built by hand (no catalog needed).

Each format is read back with a real parser (csv, html.parser, json), never by
comparing against a stored copy.
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.export.csv import HEADERS, csv_line, neutralise, row_cells, write_csv
from app.export.html import write_html
from app.export.json import sheet_json
from app.export.sheet import Sheet, SheetRow, build_rows
from app.export.text import numbering, render_text
from app.fields import BY_KEY, FIELD_KEYS, empty_value
from app.model import Finding, Item, Severity
from tests.imagefactory import jpeg_bytes

THUMB = jpeg_bytes(64, 48)
SCRIPT_CAPTION = 'Fans cheer. <script>alert("x")</script> & more'


def make_row(position: int, caption: str, credit: str = "", *, creators=(), agencies=(), findings=(),
             kind: str = "photo", thumb: str | None = "thumb", has_credit: bool = False, **fields) -> SheetRow:
    values = {k: empty_value(k) for k in FIELD_KEYS}
    values.update(caption=caption, creators=list(creators), **fields)
    return SheetRow(item_id=100 + position, position=position,
                    path=f"/wire/img_{position:03d}.jpg" if kind == "photo" else None, kind=kind,
                    fields=values, findings=list(findings), credit=credit, caption_has_credit=has_credit,
                    photographers=list(creators), agencies=list(agencies), thumb_key=thumb)


def sample_sheet(**kw) -> Sheet:
    err = Finding("caption-date-missing", Severity.ERROR, "caption", "The caption gives no date")
    warn = Finding("weekday-mismatch", Severity.WARNING, "caption", "“Saturday” is not April 14, 2024")
    rows = [
        make_row(1, "Protesters march in Zürich, Switzerland, Saturday, April 13, 2024.", "(AP Photo/Jörg Müller)",
                 creators=["Jörg Müller"], agencies=["Associated Press"], headline="Climate march",
                 date_created="2024-04-13", city="Zürich", country="Switzerland", source="AP"),
        make_row(2, "A woman waves a flag. REUTERS/Zoë Ångström", "REUTERS/Zoë Ångström", has_credit=True,
                 creators=["Zoë Ångström"], agencies=["Reuters"], findings=[err, warn], thumb="missing"),
        make_row(3, SCRIPT_CAPTION, "Photo by François Ñúñez/AFP", creators=["François Ñúñez"], agencies=["AFP"],
                 headline="=1+2", usage_terms="-5 degrees is not a formula", source="@AFP"),
    ]
    thumbs = {"thumb": THUMB}
    return Sheet(gallery="climate", title="Climate march, Zürich", rows=rows, house_style="ap",
                 thumbnail=thumbs.get, **kw)


# --- CSV -------------------------------------------------------------------------------------------

def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trips_every_item_in_order_with_field_labels():
    buf = io.StringIO(newline="")
    assert write_csv(sample_sheet(), buf)
    rows = read_csv(buf.getvalue())
    assert [r["Position"] for r in rows] == ["1", "2", "3"]
    assert rows[0][BY_KEY["caption"].label] == "Protesters march in Zürich, Switzerland, Saturday, April 13, 2024."
    assert rows[0]["File name"] == "img_001.jpg"
    assert rows[0][BY_KEY["creators"].label] == "Jörg Müller"
    assert rows[0]["Credit as published"] == "(AP Photo/Jörg Müller)"
    assert rows[0]["Location"] == "Zürich, Switzerland"
    assert rows[0][BY_KEY["date_created"].label] == "2024-04-13"
    assert rows[1]["Status"] == "ERROR" and rows[0]["Status"] == "ok"
    assert "error: The caption gives no date" in rows[1]["Findings"]
    assert rows[1]["Findings"].index("error:") < rows[1]["Findings"].index("warning:")
    assert list(rows[0].keys()) == list(HEADERS)


def test_csv_neutralises_formula_cells_including_leading_minus():
    buf = io.StringIO(newline="")
    write_csv(sample_sheet(), buf)
    row = read_csv(buf.getvalue())[2]
    assert row[BY_KEY["headline"].label] == "'=1+2"
    assert row[BY_KEY["source"].label] == "'@AFP"
    # Documented in app/export/csv.py: ordinary text starting with "-" is prefixed too.
    assert row[BY_KEY["usage_terms"].label] == "'-5 degrees is not a formula"
    assert row[BY_KEY["caption"].label] == SCRIPT_CAPTION  # nothing to neutralise: unchanged


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise_each_lead(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("a" + cell) == "a" + cell


def test_csv_bom_only_when_asked():
    with_bom, without = io.StringIO(newline=""), io.StringIO(newline="")
    write_csv(sample_sheet(), with_bom, bom=True)
    write_csv(sample_sheet(), without)
    assert with_bom.getvalue().encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert not without.getvalue().startswith("\ufeff")
    assert with_bom.getvalue()[1:] == without.getvalue()


def _cells(alphabet: str):
    return st.lists(st.text(alphabet=st.sampled_from(list(alphabet)), max_size=12), min_size=2, max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_cells('ab ,"\'\r\n\t;=-\x00é\u2028'),  # quotes and line breaks: the careful path
                 _cells("ab ,;é-"),  # commas only: the quick paths
                 _cells("ab é")))
def test_csv_line_is_what_the_csv_module_writes(cells):
    ref = io.StringIO(newline="")
    csv.writer(ref, lineterminator="\r\n").writerow(cells)
    assert csv_line(cells) == ref.getvalue()


def test_csv_file_is_what_the_csv_module_writes_for_the_same_cells():
    sheet = sample_sheet()
    sheet.rows[0].fields["caption"] = 'Say "cheese",\r\nnew line'
    ours = io.StringIO(newline="")
    write_csv(sheet, ours)
    ref = io.StringIO(newline="")
    writer = csv.writer(ref, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(row_cells(r) for r in sheet.rows)
    assert ours.getvalue() == ref.getvalue()
    assert read_csv(ours.getvalue())[0][BY_KEY["caption"].label] == 'Say "cheese",\r\nnew line'


def test_csv_cancel_stops_early():
    sheet = sample_sheet()
    sheet.rows = sheet.rows * 700  # more than one progress step
    buf = io.StringIO(newline="")
    assert write_csv(sheet, buf, cancel=lambda: True) is False
    assert len(read_csv(buf.getvalue())) < len(sheet.rows)


# --- HTML ------------------------------------------------------------------------------------------

class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def parse_html(sheet: Sheet, **kw) -> tuple[str, Collect]:
    buf = io.StringIO()
    assert write_html(sheet, buf, **kw)
    doc = Collect()
    doc.feed(buf.getvalue())
    return buf.getvalue(), doc


def test_html_shows_captions_and_credits_as_text_and_script_is_not_an_element():
    markup, doc = parse_html(sample_sheet())
    text = doc.all_text
    for row in sample_sheet().rows:
        assert row.caption in text
        assert row.credit in text
    assert "Jörg Müller" in text and "François Ñúñez" in text
    assert [t for t, _ in doc.tags if t == "script"] == []
    assert "<script>alert" not in markup


def test_html_is_self_contained_and_missing_thumbnail_is_a_grey_box():
    markup, doc = parse_html(sample_sheet())
    imgs = [a for t, a in doc.tags if t == "img"]
    assert len(imgs) == 2  # row 2's thumbnail is missing
    assert all(a["src"].startswith("data:image/jpeg;base64,") for a in imgs)
    assert len([a for t, a in doc.tags if a.get("class") == "nothumb"]) == 1
    assert not [a for t, a in doc.tags if t in ("link", "script")]
    assert "http://" not in markup and "https://" not in markup


def test_html_marks_items_in_error_and_forced_export():
    _, doc = parse_html(sample_sheet(forced=True))
    rows = {a["id"]: a.get("class") for t, a in doc.tags if t == "tr" and "id" in a}
    assert rows == {"item-101": "clean", "item-102": "error", "item-103": "clean"}
    assert "IN ERROR" in doc.all_text
    assert "Exported despite errors" in doc.all_text


def test_html_print_stylesheet_follows_paper():
    a4, _ = parse_html(sample_sheet())
    letter, _ = parse_html(sample_sheet(), paper="letter")
    assert "@media print" in a4 and "size: A4" in a4
    assert "size: letter" in letter


def test_html_caption_only_gallery_has_no_image_column():
    sheet = sample_sheet()
    sheet.rows = [make_row(1, "Text only caption.", kind="caption", thumb=None)]
    _, doc = parse_html(sheet)
    assert not [a for t, a in doc.tags if t == "img" or a.get("class") == "nothumb"]
    assert "Text only caption." in doc.all_text


# --- JSON ------------------------------------------------------------------------------------------

def test_json_has_check_shape_and_every_field():
    doc = json.loads(json.dumps(sheet_json(sample_sheet()), ensure_ascii=False))
    assert doc["gallery"] == "climate"
    assert doc["summary"] == {"items": 3, "items_with_errors": 1, "errors": 1, "warnings": 1, "infos": 0}
    item = doc["items"][1]
    for key in ("id", "position", "path", "caption", "credits", "findings", "fields"):
        assert key in item
    assert set(item["fields"]) == set(FIELD_KEYS)
    assert item["fields"]["creators"] == ["Zoë Ångström"]
    assert item["findings"][0]["severity"] == "error"
    assert item["findings"][0]["rule"] == "caption-date-missing"


# --- text ------------------------------------------------------------------------------------------

def test_numbering_width():
    assert numbering(1, 12) == "(01 of 12)"
    assert numbering(7, 5) == "(07 of 5)"
    assert numbering(3, 120) == "(003 of 120)"


def test_text_appends_credit_once():
    text = render_text(sample_sheet())
    paras = text.strip().split("\n\n")
    assert paras[0] == ("(01 of 3) Protesters march in Zürich, Switzerland, Saturday, April 13, 2024. "
                        "(AP Photo/Jörg Müller)")
    # Row 2's caption already ends with its credit: not credited twice.
    assert paras[1] == "(02 of 3) A woman waves a flag. REUTERS/Zoë Ångström"
    assert text.count("REUTERS/Zoë Ångström") == 1


def test_text_selection_keeps_gallery_numbers():
    sheet = sample_sheet(total=12)
    sheet.rows = sheet.rows[1:2]
    assert render_text(sheet).startswith("(02 of 12) ")


def test_unreadable_thumbnails_become_grey_boxes():
    sheet = sample_sheet()
    sheet.thumbnail = lambda key: b"<html>not an image</html>" if key == "thumb" else None
    _, doc = parse_html(sheet)
    assert not [a for t, a in doc.tags if t == "img"]
    assert len([a for t, a in doc.tags if a.get("class") == "nothumb"]) == 3

    def broken(key):
        raise OSError("disk went away")

    sheet.thumbnail = broken
    assert sheet.thumbnail_bytes(sheet.rows[0]) is None


# --- rows: which credit an item is published with ----------------------------------------------------

def _item(item_id: int, **fields) -> Item:
    values = {k: empty_value(k) for k in FIELD_KEYS}
    values.update(fields)
    return Item(id=item_id, path=f"/wire/{item_id}.jpg", kind="photo", fields=values)


def test_rows_credit_precedence_closing_caption_then_credit_line_source_last_caption_byline():
    items = [
        # 1: a credit closing the caption wins over the credit line, and is not credited twice
        _item(1, caption="Protesters march. (AP Photo/Jane Roe)", credit_line="Reuters"),
        # 2: the credit line, taking the by-line's photographers when it names none
        _item(2, caption="Protesters march.", credit_line="AFP", source="Reuters", creators=["Ann Lee"]),
        # 3: the source when there is no credit line
        _item(3, caption="Protesters march.", source="Reuters", creators=["Ann Lee"]),
        # 4: the caption's last credit when it does not close the caption and no field credits
        _item(4, caption="(AP Photo/Jane Roe) Protesters march in the rain."),
        # 5: one built from the by-line (blank names left out)
        _item(5, caption="Protesters march.", creators=["Ann Lee", "  ", "Bo Chu"]),
        # 6: nothing to credit
        _item(6, caption="Protesters march."),
    ]
    findings = {1: [Finding("r", Severity.WARNING, "caption", "w")]}
    rows = build_rows(items, [1, 2, 3, 4, 5, 6], findings)
    got = [(r.credit, r.caption_has_credit, r.photographers, r.agencies) for r in rows]
    assert got == [
        ("(AP Photo/Jane Roe)", True, ["Jane Roe"], ["Associated Press"]),
        ("AFP", False, ["Ann Lee"], ["AFP"]),
        ("Reuters", False, ["Ann Lee"], ["Reuters"]),
        ("(AP Photo/Jane Roe)", False, ["Jane Roe"], ["Associated Press"]),
        ("Ann Lee; Bo Chu", False, ["Ann Lee", "Bo Chu"], []),
        ("", False, [], []),
    ]
    assert rows[0].published_text == "Protesters march. (AP Photo/Jane Roe)"
    assert rows[1].published_text == "Protesters march. AFP"
    assert [c.text for c in rows[0].credits] == ["(AP Photo/Jane Roe)", "Reuters"]  # caption's, then the line's
    assert rows[0].status == "warning" and rows[1].findings == [] and rows[0].findings is not findings[1]


# --- when the sheet was made (the fourteenth walk) ----------------------------------------------

def test_the_sheet_says_when_it_was_made_to_the_second_and_in_which_zone():
    """A sheet exported again a few seconds after a caption changed said the same minute as the
    one it replaced, with no zone: nothing told the rights desk which was newer."""
    import datetime as dt  # noqa: PLC0415
    import re  # noqa: PLC0415

    when = dt.datetime(2026, 12, 7, 7, 59, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    sheet = sample_sheet(exported_at=when)
    assert sheet.generated == "2026-12-07 07:59:12 UTC+01:00"
    out = io.StringIO()
    write_html(sheet, out)
    assert "Exported 2026-12-07 07:59:12 UTC+01:00" in out.getvalue()
    doc = sheet_json(sheet)
    assert dt.datetime.fromisoformat(doc["generated"]) == when  # ISO 8601, offset kept, for scripts
    west = sample_sheet(exported_at=when.astimezone(dt.timezone(dt.timedelta(hours=-3, minutes=-30))))
    assert west.generated == "2026-12-07 03:29:12 UTC-03:30"
    utc = sample_sheet(exported_at=when.astimezone(dt.UTC))
    assert utc.generated == "2026-12-07 06:59:12 UTC"
    now = sample_sheet()  # the default is now, local, with its zone
    assert now.exported_at.tzinfo is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC([+-]\d\d:\d\d)?", now.generated)


def test_the_sheet_says_when_photos_have_edits_not_yet_in_their_files():
    import html  # noqa: PLC0415
    sheet = sample_sheet(unwritten=2)
    out = io.StringIO()
    write_html(sheet, out)
    assert ("2 photos have edits not yet written to their files: this sheet shows the catalog's text, "
            "which those files do not hold yet.") in html.unescape(out.getvalue())
    assert sheet_json(sheet)["unwritten"] == 2
    clean = io.StringIO()
    write_html(sample_sheet(), clean)
    assert "not yet written" not in clean.getvalue()
    assert sheet_json(sample_sheet())["unwritten"] == 0
