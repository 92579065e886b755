"""Rules never crash on odd input, and every span and fix stays inside its field."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import Item
from app.rules import check_gallery, check_item, make_context

CTX = make_context(publish_date=dt.date(2026, 11, 25))
PIECES = st.sampled_from([
    "Fans cheer in Lyon, France, ", "Monday, Nov. 18, 2014", "08 November 2017", "Feb. 30", "(AP Photo/Ines Varga",
    ")", "(", "REUTERS/", "Ada Brin", " ", "  ", "the the ", "&nbsp;", "JosÃ©", "\ufffd", "FILE - ", "TOPSHOT - ",
    "(Photo credit should read ", "AFP via Getty Images", "EMBARGOED UNTIL ", "NO ARCHIVES", "Tags:", "//", "|",
    "\n", "Sep. 8", "31", "2026", "©", "via AP", " - ", "Photo: ", "(credit:", "é", "ı", "\u200b",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=14).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caption=TEXT, credit=TEXT, instructions=TEXT, creators=st.lists(TEXT, max_size=3), date=TEXT)
def test_check_item_is_total_and_spans_are_in_range(caption, credit, instructions, creators, date):
    fields = {"caption": caption, "credit_line": credit, "instructions": instructions, "creators": creators,
              "date_created": date}
    item = Item(id=1, path=None, kind="caption", fields=fields,
                candidates={"caption": {"xmp": caption, "iim": caption[:20]}})
    for f in check_item(item, CTX):
        text = fields[f.field] if isinstance(fields.get(f.field), str) else "; ".join(fields.get(f.field) or [])
        if f.start is not None:
            assert 0 <= f.start <= f.end <= len(text), (f, text)
        if f.fix is not None:
            assert f.fix.field == f.field
            assert 0 <= f.fix.start <= f.fix.end <= len(text), (f, text)
            f.fix.apply(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_check_gallery_is_total(captions):
    items = [Item(id=i, path=None, kind="caption", fields={"caption": c}) for i, c in enumerate(captions, 1)]
    out = check_gallery(items, make_context())
    assert set(out) == {it.id for it in items}


def test_missing_and_odd_field_values():
    for fields in ({}, {"caption": None}, {"caption": ["a list", "of lines"]}, {"creators": "one string"},
                   {"caption": "x" * 5000}):
        check_item(Item(id=1, path=None, kind="caption", fields=fields), CTX)
