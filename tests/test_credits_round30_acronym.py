"""Round 30, recall by kind: an unknown organisation's initials opening the name where a person's would
stand (tests/data/realworld/REVIEW.md, "Round 30, recall by kind"). The test split's largest
missing-photographer kinds, counted as aggregates, are an organisation read as the photographer and a credit
not read at all. The initials form is on three open-fold development sites: three capitals or more, then
words in mixed case ("TNG Collaboration", dev g11-0106; "SDSU Athletics", g12-0007; the misspelt "AFP
Phoot", g1-0027). The captions here are written for the test, in those forms."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("text, orgs", [
    # after a lead-in (g11-0106), alone in brackets on the caption's last line (g12-0007)
    ("The simulated galaxies merge. (Image credit: EHT Collaboration)", ["EHT Collaboration"]),
    ("The new stadium in Mission Valley.\n(UCSD Athletics)", ["UCSD Athletics"]),
])
def test_unknown_initials_open_an_organisation_not_a_person(text, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == ([], orgs)


@pytest.mark.parametrize("caption", [
    "The simulated galaxies merge. (Image credit: EHT Collaboration)",
    "The new stadium in Mission Valley.\n(UCSD Athletics)",
])
def test_the_organisation_only_credit_raises_missing_photographer(caption):
    assert "missing-photographer" in rules_of(caption)


@pytest.mark.parametrize("text, person, orgs", [
    # a name's own capitals: a family name resources/names.txt knows, or capitals that do not open the name
    ("Rescuers search the rubble. Photo: LEE Jin-man/AFP", ["LEE Jin-man"], ["AFP"]),
    ("Le président arrive à l'Élysée. Photo : Jean DUPONT/AFP", ["Jean DUPONT"], ["AFP"]),
    # capitals before a full name: a rank (dev g3-0043)
    ("Soldiers train at the range. (U.S. Army photo by PFC Jane Roe)", ["Jane Roe"], ["U.S. Army"]),
    # an acronym alone may be a photographer's initials (STAR MAX's house form): left as read
    ("A woman walks her dog. (credit:JLN/STAR MAX/IPx)", ["JLN"], ["STAR MAX", "IPx"]),
])
def test_capitals_that_belong_to_a_person_stay_the_persons(text, person, orgs):
    # guards: pass before and after
    c = one(text)
    assert (c.photographers, c.agencies) == (person, orgs)


def test_capitals_before_a_full_name_raise_no_missing_photographer():
    # a guard (dev g13-0019, g20-0001: capitals before a full name lead in to the person)
    assert "missing-photographer" not in rules_of("Marchers cross the bridge. (Photo: XYZ Jane Roe)")
