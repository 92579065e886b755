"""Usage restrictions and embargoes."""

from __future__ import annotations

import datetime as dt

from app.model import Item
from app.rules import check_item, make_context
from app.rules.restrictions import find_embargoes

CAPTION = "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin"


def found(publish: str | None = None, **fields):
    item = Item(id=1, path=None, kind="caption", fields={"caption": CAPTION, **fields})
    ctx = make_context(publish_date=dt.date.fromisoformat(publish) if publish else None)
    return [f for f in check_item(item, ctx) if f.rule == "restriction"]


def test_embargo_still_running_on_the_publication_date_is_an_error():
    instr = "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026. NO ARCHIVES"
    fs = found("2026-11-25", instructions=instr)
    embargo = [f for f in fs if "embargo" in f.message]
    assert embargo[0].severity.value == "error" and "2026-11-27 00:01" in embargo[0].message
    assert any("NO ARCHIVES" in f.message and f.severity.value == "warning" for f in fs)
    # the embargo ends at 00:01 on the 27th: publishing on the 27th is still early, on the 28th it is over
    assert [f.severity.value for f in found("2026-11-27", instructions=instr) if "embargo" in f.message] == ["error"]
    assert [f.severity.value for f in found("2026-11-28", instructions=instr) if "embargo" in f.message] == ["warning"]


def test_embargo_forms():
    got = [(e.until, e.text) for t in ("EMBARGOED UNTIL 0001 GMT NOV. 27, 2026.", "Embargoed: 27 November 2026 00:01",
                                       "EMBARGO 2026-11-27 0900 GMT; NO SALES") for e in find_embargoes(t)]
    assert got == [(dt.datetime(2026, 11, 27, 0, 1), "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026"),
                   (dt.datetime(2026, 11, 27, 0, 1), "Embargoed: 27 November 2026 00:01"),
                   (dt.datetime(2026, 11, 27, 9, 0), "EMBARGO 2026-11-27 0900 GMT")]
    (e,) = find_embargoes("EMBARGOED until further notice.")
    assert e.until is None
    (f,) = found("2026-01-01", instructions="EMBARGOED until further notice.")
    assert "could not be read" in f.message


def test_restrictions_in_instructions_and_usage_terms():
    (f,) = found(instructions="EDITORIAL USE ONLY. NO SALES.")
    assert f.severity.value == "warning" and f.field == "instructions"
    assert "EDITORIAL USE ONLY" in f.message and "NO SALES" in f.message
    (f,) = found(usage_terms="One time use only; Netherlands OUT")
    assert "One time use only" in f.message and "Netherlands OUT" in f.message


def test_ordinary_words_are_not_restrictions():
    assert not found(instructions="Photo shot on assignment")
    item = Item(id=1, path=None, kind="caption",
                fields={"caption": "Fans queue for a SOLD OUT show; no sale was made, said the oil embargo "
                                   "critic in Lyon, June 3, 2021. REUTERS/Ada Brin"})
    assert not [f for f in check_item(item, make_context()) if f.rule == "restriction"]
