"""Round 34, cities that are also words (tests/data/realworld/REVIEW.md "Round 34, cities that are also
words"). bench/make_places.py dropped every one-word name that is a lower-case word of en_US.dic, so
Shanghai, Hamburg, Genoa, Cork, Split, Limerick were no place of the gazetteer: "of Shanghai", "from
Genoa", a "Shanghai:" dateline named none. The big ones (100,000 people or more, less the given and family
names of resources/names.txt) are back as weak names: read where a place stands, never as a bare word."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import _gazetteer, says_where

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # breakingnews.ie, dev g25-0034 (labelled: no missing-location): "of" before the town
    "Tom and Molly Martens (pictured) were sentenced over the manslaughter of Limerick man Jason Corbett.",
    "Containers are stacked at the port of Shanghai on Monday.",
    "Shanghai: traders on the floor of the exchange on Monday.",
    "Fans arrive from Genoa for the final on Sunday.",
    "The ferry to Split leaves the harbour on Friday.",
    "A ship leaves Hamburg, bound for Muscat on Friday.",
])
def test_a_big_city_that_is_also_a_word_is_a_place_where_a_place_stands(caption: str) -> None:
    assert says_where(caption)  # failed before: the name was not in resources/places.txt
    assert "missing-location" not in _rules(caption)


def test_in_shanghai_is_a_place() -> None:
    # read by the "in <Capital>" pattern before and after; kept as the desk's case
    assert says_where("Traders work in Shanghai on Monday.")


@pytest.mark.parametrize("caption", [
    "A shanghai'd sailor sings on deck on Monday.",  # the word, not the town
    "Phoenix Suns forward Kevin Durant dunks on Monday.",  # a team's name; Phoenix is a given name too
    "Split, the band's guitarist, plays on Monday.",  # opens the caption but no dateline follows
    "Mobile phones light up the stadium on Monday.",
    "Nice weather draws crowds on Monday.",
    "Batman fans queue for the premiere on Monday.",
    # tribuneindia.com, dev g10-0012 (labelled missing-location): an event's name holds no town
    "Cyclists participate in the Commonwealth Games cycling test event. Tribune photo: Manas Ranjan Bhui",
])
def test_the_word_where_no_place_stands_names_none(caption: str) -> None:
    assert not says_where(caption)
    assert "missing-location" in _rules(caption)


def test_the_new_names_are_weak_and_no_person_name_is_added() -> None:
    names, strong = _gazetteer()
    for city in ("Shanghai", "Hamburg", "Genoa", "Cork", "Split", "Limerick", "Oxford", "Tripoli", "Muscat"):
        assert city in names and city not in strong
    # given or family names of resources/names.txt, and a body's name: left out
    for word in ("Phoenix", "Manila", "Geneva", "York", "Victoria", "Commonwealth"):
        assert word not in names
