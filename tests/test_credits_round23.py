"""Round 23: statements round 22 left with evidence on two or more open-fold sites (REVIEW.md,
"Round 23, round 22's statements"): a stock library's address is an organisation, a Wikimedia
Commons attribution keeps its site, two lead-ins in a row are a malformed credit."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one


def rules_on(text: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": text}), make_context())}


@pytest.mark.parametrize("text, person, library", [
    # computerbild.de (g12-0046), handwerksblatt.de (g12-0052): the library's address first or last
    ("OpenOffice versus LibreOffice: Unterschiede © istock.com/aluxum", "aluxum", "iStock"),
    ("(Foto: © AaronAmat/iStock.com)", "AaronAmat", "iStock"),
    ("Ein Friseur bei der Arbeit. Foto: © jane_doe/Fotolia.com", "jane_doe", "Fotolia"),
    ("Ein Friseur bei der Arbeit. © Jane Doe/123RF.com", "Jane Doe", "123RF"),
])
def test_a_stock_librarys_address_is_its_organisation_and_the_user_name_its_photographer(text, person, library):
    c = one(text)
    assert (c.photographers, c.agencies) == ([person], [library])


def test_a_stock_contributors_user_name_written_together_is_no_run_in():
    assert "malformed-credit" not in rules_on("(Foto: © AaronAmat/iStock.com)")
    assert "malformed-credit" in rules_on("A crowd in Boston on May 2, 2024. (JohnTlumacki/Globe Staff)")


@pytest.mark.parametrize("text, doubled", [
    # vulture.com (g12-0013), laweekly.com (g12-0032): a template wrote its lead-in before the credit's own
    ("Photographs by Photo: Nathaniel Wood", "Photo: "),
    ("A still from the film. Photo by Courtesy of Universal Pictures", "Photo by "),
    ("A crowd in Boston on May 2, 2024. (Photo by Photo: Jane Doe/AP)", "Photo: "),
])
def test_two_lead_ins_in_a_row_are_a_malformed_credit_and_the_fix_removes_one(text, doubled):
    found = [f for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": text}), make_context())
             if f.rule == "malformed-credit"]
    assert len(found) == 1 and "two lead-ins in a row" in found[0].message
    fix = found[0].fix
    assert text[fix.start:fix.end] == doubled and fix.replacement == ""


@pytest.mark.parametrize("text", [
    "Foto: © Jane Doe",  # the sign after the lead-in, and before it: house forms
    "Noch ist das Coupé getarnt.\n© Foto: Max Muster",
    "Whooping cranes. Credit: Courtesy of Louisiana Department of Wildlife and Fisheries",  # a field's label
    "Police at the scene. Credit:Photo by Hollie Adams/Getty Images",
    "The launch. (Courtesy photo/United Launch Alliance)",
    "Ein Protest. Foto: picture alliance/dpa",  # a registered name that opens with a lead-in's word
])
def test_a_label_or_sign_before_the_credits_own_lead_in_is_no_doubling(text):
    assert "malformed-credit" not in rules_on(text)


@pytest.mark.parametrize("text, person, distributor", [
    # ritinardo.wordpress.com (g12-0038); nextkabinett.wordpress.com (g12-0036, 0037) writes "…], via Wikimedia Commons"
    ("Photographer: Armin Kübelbeck, CC-BY-SA, Wikimedia Commons", "Armin Kübelbeck", None),
    ("The old bridge. Photo: Jane Doe, CC BY-SA 3.0, via Wikimedia Commons", "Jane Doe", "Wikimedia Commons"),
    ("The old bridge. By Jane Doe, CC BY 2.0, via Wikimedia Commons", "Jane Doe", "Wikimedia Commons"),
])
def test_the_site_after_a_licence_stays_in_the_credit_as_its_organisation(text, person, distributor):
    c = one(text)
    assert (c.photographers, c.agencies, c.distributor) == ([person], ["Wikimedia Commons"], distributor)
    assert text.endswith(c.text)


def test_a_relay_after_the_captions_words_is_still_read_alone():
    c = one("Foto: Xi Jinping (Archiv), via dts Nachrichtenagentur")
    assert c.text == "via dts Nachrichtenagentur"
