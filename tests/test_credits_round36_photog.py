"""Issue 12, round 36: organisations credited alone where the parser found no credit or read a person."""

from __future__ import annotations

import datetime as dt

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _rules(caption: str) -> set[str]:
    ctx = make_context(publish_date=dt.date(2026, 1, 1))
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), ctx)}


def test_one_word_in_capitals_as_the_whole_caption_is_an_organisations_credit() -> None:
    # dev g51-0021, g51-0022 (cbssports.com): the figure caption holds the credit element alone
    for word in ("WWE", "USATSI"):
        got = parse_credits(word)
        assert [(c.text, c.photographers, c.agencies) for c in got] == [(word, [], [word])]
        assert "missing-photographer" in _rules(word) and "missing-credit" not in _rules(word)


def test_one_word_in_capitals_on_the_last_line_keeps_the_lead_in_above_it() -> None:
    # dev g12-0024 (mopo.de): "Foto:" on one line, the agency on the next
    text = "Marcell Jansen (l.) und Piotr Trochowski zusammen beim HSV.\nFoto:\nWITTERS"
    got = parse_credits(text)
    assert [(c.text, c.photographers, c.agencies) for c in got] == [("Foto:\nWITTERS", [], ["WITTERS"])]
    # dev g36-0018 (libero.pe): the outlet's name after a bar
    got = parse_credits("Alianza Lima ganó a Universitario en Matute | LÍBERO")
    assert [(c.photographers, c.agencies) for c in got] == [([], ["LÍBERO"])]


def test_capitals_that_say_something_else_stay_no_credit() -> None:
    # a place, a role word, a caption in capitals throughout, a word run on after the full stop on the same
    # line: none is an organisation's credit by this reading
    assert parse_credits("Soldiers patrol the old town.\nPARIS") == []
    assert [c.agencies for c in parse_credits("Soldiers patrol the old town.\nSTR")] in ([], [[]])
    assert parse_credits("SOLDIERS PATROL THE OLD TOWN.\nWITTERS") == []
    assert parse_credits("Soldiers patrol the old town. WITTERS") == []


def test_a_word_in_capitals_after_a_bar_is_no_missing_credit_but_missing_photographer() -> None:
    # dev g36-0018 (libero.pe): round 34 made it an unplaced credit (no certain error); it is the outlet's credit
    found = _rules("Brighton goleó al Manchester United por la Premier League | LÍBERO")
    assert "missing-credit" not in found and "unrecognised-credit" not in found
    assert "missing-photographer" in found
