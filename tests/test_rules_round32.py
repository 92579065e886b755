"""Round 32, clean captions: a date written as a day number, a month word and a year names the day whatever
language the month is in ("23 octombrie 1989", "1 Maret 2024", "ב-13 במאי 2004"), a form on three open-fold
development sites (zoom.mediafax.ro, konteks.co.id, makorrishon.co.il; tests/data/realworld/REVIEW.md
"Round 32, clean captions"). The captions here are written for the test, in the forms the development
records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # Romanian (dev g33-0012 zoom.mediafax.ro)
    "Protestatari în Piața Universității din București, 23 octombrie 1989. ( Foto: Ada Brin / MEDIAFAX )",
    # Indonesian, the weekday mistyped so only the date names the day (dev g39-0001 konteks.co.id)
    "Massa aksi di depan Gedung DPR, Jakarta, pada Jumar, 1 Maret 2024. (Foto: Konteks/Ada Brin)",
    # Hebrew, the day number after the prefix "ב-" (on) (dev g2-0372 makorrishon.co.il)
    "מפגינים בירושלים. התמונה צולמה ב-13 במאי 2004 (צילום: Ada Brin)",
    # a month abbreviated with its stop
    "Manifestants à Marseille, le 5 févr. 2024. Photo Ada Brin / AFP",
])
def test_the_day_is_seen(caption):
    assert "missing-date" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a month and a year, no day (label policy)
    "Manifestants à Marseille en février 2024. Photo Ada Brin / AFP",
    # a year alone, and a number with two words before a year
    "Der Baum wurde 1991 gepflanzt, in Kassel. Foto: Ada Brin",
    "Drivers line up in Monaco before the Formula 1 Grand Prix 2024. Photo: Ada Brin",
    # a time, then a word and a year; a number out of a month's days
    "Fans wait in Lyon at 12:30 hours 2024. Photo: Ada Brin",
    "Fans sing 99 songs 2020 in Lyon. Photo: Ada Brin",
    # an ISO year-month before a word and a year is no day
    "Archiv 2010-08 Bestand 2011 in Kassel. Foto: Ada Brin",
])
def test_no_day_is_still_said(caption):
    assert "missing-date" in rules_of(caption)
