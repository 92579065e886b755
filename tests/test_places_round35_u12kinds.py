"""Round 35, what u12 missed: a place read inside a caption's credit, where the caption names none
(tests/data/realworld/REVIEW.md "Round 35, what u12 missed")."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # dev g12-0039 (dbjr.de): the photographer's "von Lingen" is a name, not the town of Lingen
    "Foto: Michael von Lingen (Copyright)",
    # dev g16-0003 (iflscience.com): the lab's "Univ. of Arizona" says who made the picture, not where
    "The Slope lineae forming. NASA/JPL-Caltech/Univ. of Arizona",
])
def test_a_name_inside_the_credit_places_nothing(caption: str) -> None:
    assert "missing-location" in _rules(caption)


@pytest.mark.parametrize("caption", [
    # a place the credit sets off by a comma or a dash still says where (dev g25-0038 hss.de, r9-0001 lavoixdunord.fr)
    "Protesters in the street.\nAhmed Zarrouki, Avenue Hbib Bourguiba, Tunis.",
    "Bees on a glass.\nPHOTO BAZIZ CHIBANE – LILLE – LUNDI – 15 h 50",
    # a place after "of" outside any credit is a place as before
    "Fans gather in the streets of Arizona. Photo: Jane Roe",
])
def test_a_place_the_credit_sets_off_still_counts(caption: str) -> None:
    assert "missing-location" not in _rules(caption)
