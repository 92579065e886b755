"""Round 38, clean captions' warnings (tests/data/realworld/REVIEW.md "Round 38, clean captions' warnings").

A holiday whose name is its date in words, a day number and a month ("the Fourth of July", "Cinco de Mayo"),
names the picture's day as "4th of July" does (caption_words.toml [when] holiday_dates). Only holidays that dev
captions name are listed: a holiday of another language joins with its own dev example, never from a test
batch's label. Dev g68: kcaw.org's Fourth of July captions (4 clean, given
missing-date) and richmondstandard.com's "Cinco de Mayo Parade in 2019". A holiday named otherwise ("May Day",
"Independence Day", "Bastille Day", "New Year's Eve") is no date (label policy; g68's Reuters May Day captions)."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    "Sitkans march in the Fourth of July parade down Lincoln St. (KCAW/Tash Kimmell)",  # dev g68-0015
    "A man waves from a float in Sitka’s Fourth of July parade (KCAW/Tash Kimmell)",  # dev g68-0019
    "Fireworks over the harbor in Boston on the Fourth of July. (AP Photo/Ada Brin)",
    "A float in a July Fourth parade in Barnstable, Mass. (Reuters/Ada Brin)",
    "Bailarines durante el desfile del Cinco de Mayo en Puebla. (Foto: Ana Ruiz)",
])
def test_a_holiday_named_by_its_date_is_a_date(caption: str) -> None:
    assert "missing-date" not in rules(caption)


@pytest.mark.parametrize("caption", [
    "Demonstrators attend a May Day march in London. REUTERS/Stefan Wermuth",  # dev g68: a holiday, no day
    "Kids wait as the Independence Day Parade heads down Main Street. Eric Johnson/photodesk",
    "Tanks roll on the Champs-Elysees during the Bastille Day parade in Paris (Michel Euler/AP)",
    "Fireworks over the harbor in Boston on New Year's Eve. (AP Photo/Ada Brin)",
    "Local businesses decorated for the holiday in Sitka. (KCAW/Nina Sparling)",  # dev g68-0023
    "A fourth of the July budget was spent in Boston. (AP Photo/Ada Brin)",  # the words apart name no holiday
])
def test_a_holiday_named_otherwise_is_no_date(caption: str) -> None:
    assert "missing-date" in rules(caption)
