"""Round 37, one credit statement that gives its photographer twice (REVIEW.md, "Round 37, the smaller
rules' recall").

USA TODAY's gallery credit is "photographer, source"; where both fields hold the photographer the CMS prints
the credit twice in one statement: "Robert Viglasky/Netflix, Robert Viglasky/Netflix", "Justin Lubin, Justin
Lubin/NBC", "Christos Kalohoridis, Christos Kalohoridis/USA Network" (usatoday.com, dev g59-0023, g59-0026,
g59-0016, fold 3). The parser reads one credit and names the photographer once, so the pairwise test of
duplicate-credit saw nothing. Each copy must be a whole link of the chain: a photographer's own studio
("Jane Roe/Jane Roe Photography") and an organisation given twice ("Name / NTB / NTB", dev g13-0012) are not
a credit given twice."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

_LEAD = "The British period drama stars Cillian Murphy, and the third season drops on Netflix on May 31.\u00a0 "


def _dups(text: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f for f in found if f.rule == "duplicate-credit"]


@pytest.mark.parametrize(("credit", "name"), [
    ("Robert Viglasky/Netflix, Robert Viglasky/Netflix", "Robert Viglasky"),
    ("Justin Lubin, Justin Lubin/NBC", "Justin Lubin"),
    ("Christos Kalohoridis, Christos Kalohoridis/USA Network", "Christos Kalohoridis"),
    ("REUTERS/Jane Roe Jane Roe/Reuters", "Jane Roe"),  # two copies run together, read as one name
])
def test_a_photographer_given_twice_in_one_credit_is_a_duplicate(credit, name):
    text = _LEAD + credit
    (f,) = _dups(text)
    assert f.severity.name == "INFO"
    assert f"“{name}” twice" in f.message
    assert text[f.start:f.end] == credit


def test_two_equal_halves_are_fixed_by_removing_the_second():
    text = _LEAD + "Robert Viglasky/Netflix, Robert Viglasky/Netflix"
    (f,) = _dups(text)
    assert f.fix is not None
    fixed = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    assert fixed == _LEAD + "Robert Viglasky/Netflix"
    assert not _dups(fixed)


def test_unequal_copies_get_no_fix():
    # which copy to keep ("Justin Lubin/NBC" or the house form "Justin Lubin, NBC") is the desk's choice
    (f,) = _dups(_LEAD + "Justin Lubin, Justin Lubin/NBC")
    assert f.fix is None


@pytest.mark.parametrize("credit", [
    "Photo: Jane Roe/Jane Roe Photography",  # the photographer's own studio
    "Jane Roe / NTB / NTB",  # an organisation twice: not a duplicate (g13-0012)
    "NBC, Ron Batzdorff, NBC",  # the network on both sides of the name (dev g59-0003)
    "Robert Viglasky, Netflix",
    "Photo by Li Li/AFP",  # a name of two equal one-word halves
    "(Photo by Jane Roe/Getty Images for Jane Roe Studio)",
])
def test_one_copy_and_look_alikes_are_no_duplicate(credit):
    assert not _dups(_LEAD + credit)
