"""Round 19, rules: kinds read from the development records (tests/data/realworld/REVIEW.md
"Round 19, rules"). The captions here are written for the test, in the forms the records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def fired(caption: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX):
        out.setdefault(f.rule, []).append(f)
    return out


@pytest.mark.parametrize("caption", [
    "A close view of Pluto and its moon Charon, July 11, 2015. (Photo: NASA/Ada Brin)",
    "The telescope shows the Crab Nebula on June 3, 2021. (Photo: NASA/Ada Brin)",
    "An observation of galaxy cluster Abell 3827 on June 3, 2021. Credit: ESA/Ada Brin",
])
def test_a_body_of_the_solar_system_or_a_nebula_is_a_place(caption):
    assert "missing-location" not in fired(caption)


@pytest.mark.parametrize("caption", [
    "Actors arrive at the 72nd Cannes Film Festival on June 3, 2021. REUTERS/Ada Brin",
    "Leaders pose on June 3, 2021 at the recent Riyadh Summit (SPA)",
    "Quincy Veterans Parade on June 3, 2021 (Photo: Ada Brin)",
])
def test_an_event_named_after_its_town_names_the_place(caption):
    assert "missing-location" not in fired(caption)


@pytest.mark.parametrize("caption", [
    "Fans cheer after the final whistle, June 3, 2021. REUTERS/Ada Brin",
    "Veterans march in the Independence Day Parade on June 3, 2021. REUTERS/Ada Brin",
    "Fans of the Boston Celtics cheer on June 3, 2021. REUTERS/Ada Brin",
    "Fans of the LA Galaxy cheer on June 3, 2021. REUTERS/Ada Brin",
])
def test_no_place_still_warns(caption):
    assert "missing-location" in fired(caption)


@pytest.mark.parametrize("caption, span", [
    ("Fans cheer in Lyon, France, on June 3, 2021. (Credits: NASA/Ada Brin) ((NASA/Ada Brin))", "((NASA/Ada Brin)"),
    ("(Image credit: (Ada Brin via REUTERS))", "(Image credit: (Ada Brin via REUTERS)"),
])
def test_a_credit_in_doubled_brackets_is_malformed(caption, span):
    fs = fired(caption).get("malformed-credit", [])
    assert any(caption[f.start:f.end] == span for f in fs), fs


@pytest.mark.parametrize("caption", [
    "Fans cheer in Lyon, France, on June 3, 2021. (AP Photo/Ada Brin)",
    "Fans cheer (left: the coach) in Lyon on June 3, 2021. (Photo: Ada Brin/AFP)",
])
def test_a_single_bracket_is_not_doubled(caption):
    assert "malformed-credit" not in fired(caption)


@pytest.mark.parametrize("caption", [
    "Anna bor i landsbyen Vester Skerninge, 3. juni 2021. Foto: Ada Brin",
    "Folk samlas utanför varuhuset Nordiska den 3 juni 2021. Foto: Ada Brin",
])
def test_a_scandinavian_kind_with_its_article_before_a_name_is_a_place(caption):
    assert "missing-location" not in fired(caption)
