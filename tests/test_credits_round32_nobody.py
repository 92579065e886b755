"""Round 32, credits naming no one and stock contributors (REVIEW.md, "Round 32, credits naming no one").

Blind batch u8 missed credits that name no one and a stock library's contributor credits (aggregates only). The
open-fold dev forms: a role word alone closing the caption that names no one — French "droits réservés" after a
bar ("… | DR", ouest-france.fr g25-0019) and the Swiss desks' lower-case "supplied" after "©" ("… © zvg",
infosperber.ch g25-0032; credit_forms.toml [roles])."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one

_DR = ("Dans leur maison de Jabalia, au nord de la bande de Gaza, Zakaria Shehab avec ses cinq enfants. | DR")
_ZVG = ("Es gibt keine intakten Strassen und in den Städten weder eine sichere Strom- noch eine Wasserversorgung. "
        "© zvg")


def _rules(text: str) -> set[str]:
    ctx = make_context()
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}


def test_rights_reserved_after_a_bar_is_a_credit_naming_no_one():
    # g25-0019's form: the bar and "DR" are the credit; no person, no organisation, no flag
    c = one(_DR)
    assert (c.text, c.photographers, c.agencies, c.handout) == ("| DR", [], [], False)


def test_rights_reserved_is_no_missing_credit_nor_missing_photographer():
    # it was an error (missing-credit) on a captioned credit; a credit naming no organisation asks no photographer
    assert not {"missing-credit", "missing-photographer"} & _rules(_DR)


def test_supplied_in_swiss_lower_case_is_a_handout_naming_no_one():
    # g25-0032's form: "zvg" (zur Verfügung gestellt) is a handout word, read in lower case as the desks write it
    c = one(_ZVG)
    assert (c.text, c.photographers, c.agencies, c.handout) == ("© zvg", [], [], True)


@pytest.mark.parametrize("text", ["Der Vorstand des Vereins. Foto: zVg", "Der Vorstand des Vereins. Bild: zVg"])
def test_zvg_after_a_lead_in_is_no_organisation(text):
    # before: "zVg" read as an unknown agency, so missing-photographer and unknown-agency
    c = one(text)
    assert (c.agencies, c.handout) == ([], True)
    assert not {"missing-photographer", "unknown-agency"} & _rules(text)


def test_a_lone_role_word_inside_the_caption_is_no_credit():
    # guard: "DR" is a credit only alone after the separator that closes the caption
    assert parse_credits("Le service DR | la rédaction a reçu la photo de la famille Dupont à Rennes lundi.") == []
