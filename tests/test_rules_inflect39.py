"""Round 39, inflected places and days (tests/data/realworld/REVIEW.md "Round 39, inflected places and days").
Hungarian captions of dev g78 (open folds only): a town in the accusative ("Kecskemétet") and a town's adjective
in lower case ("a debreceni temető", "a szegedieket": the city's adjective names the city, label policy round 35)
name a place; the adjective is read only in a caption that writes "ő" or "ű", never capitalised (a family name or
an organisation's). Data in resources/caption_words.toml [where] (case_endings_long_stem,
town_adjective_i_endings, town_adjective_i_letters); the reading in app/rules/presence.py
(_names_a_town_by_its_i_adjective)."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_where

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # dev g78-0007 baon.hu (labelled placed, given missing-location before)
    "Kecskemétet sokan bírálják, de számomra a város élhető, barátságos\n\nFotó: Bús Csaba",
    # dev g78-0001 haon.hu, the credit on a line of its own here
    "Így festett a debreceni temető november 1-jén\n\nFotók: Batta Gergő",
    # dev g78-0008 delmagyar.hu: the adjective as the noun for the town's people, accusative plural
    "Az ideiglenes fahíd 1944 novemberétől 1947 elejéig szolgálta a szegedieket. Fotó: Móra Ferenc Múzeum",
    "A szombathelyi püspök a székesegyház előtt.",  # a town whose name ends in a vowel ("Szombathely-")
])
def test_a_hungarian_town_in_the_accusative_or_as_its_adjective_is_a_place(caption: str) -> None:
    assert says_where(caption)
    assert "missing-location" not in _rules(caption)


@pytest.mark.parametrize("caption", [
    # dev g78-0003, g78-0006: words that end as an inessive does, no place (labelled missing-location)
    "A régi fotó sokakban ébreszt nosztalgiát, boldogságot\n\nFotó: Olvasói fotó",
    "Irma néni szakács készíti a lakodalomban az érteleket\n\nFotó: Olvasói fotó",
    # capitalised, the adjective is an organisation's or a family name
    "A Szegedi Tudományegyetem hallgatói előtt.",
    "Szegedi Péter és Debreceni Anna előadása.",
    # English words that are a town and "-i" (Bikin, Martin): no Hungarian letter, not read
    "She wore a bikini and drank a martini by the pool.",
])
def test_no_place_is_read_from_look_alikes(caption: str) -> None:
    assert not says_where(caption)
    assert "missing-location" in _rules(caption)


def test_the_adjective_needs_a_hungarian_letter() -> None:
    # the same adjective in a caption that writes no "ő"/"ű" is not read: the gate is the caption's language
    assert not says_where("Ma a debreceni piacon.")
    assert says_where("Ma a debreceni piacon, a templom előtt.")
