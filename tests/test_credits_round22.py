"""Round 22: statements round 21 left with evidence on two or more open-fold sites (REVIEW.md,
"Round 22"): a no-break space is a blank, a Creative Commons licence is no name, a stock library's
address is an organisation, "(c)" before the caption's last credit is a copyright sign."""

from __future__ import annotations

import pytest

from app.credit_forms import forms
from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text, people, orgs", [
    # zeit.de (g11-0017), autohaus.de (g11-0037): the pages typeset the sign's blank as U+00A0
    ("Eine Fracking-Anlage im US-Bundesstaat Pennsylvania ©\xa0Noah Addis", ["Noah Addis"], []),
    ("Noch ist das Coupé getarnt.\n©\xa0Foto:\xa0Skoda", [], ["Skoda"]),
])
def test_a_no_break_space_after_the_lead_in_is_a_blank(text, people, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == (people, orgs)
    assert text[c.start:c.end] == c.text and "\xa0" in c.text  # the credit as written, its offsets the caption's


def test_a_copyright_sign_before_a_lead_in_with_its_colon_is_read_with_it():
    c = one("Noch ist das Coupé getarnt.\n© Foto: Max Muster")
    assert c.text == "© Foto: Max Muster" and c.photographers == ["Max Muster"]


@pytest.mark.parametrize("licence", ["CC BY 2.0", "cc by sa 2.0", "CC BY-SA 3.0", "CC BY-NC-ND 4.0", "CC0",
                                     "CC BY-SA 3.0, https://commons.wikimedia.org/w/index.php?curid=17679861",
                                     "Creative Commons BY-SA 2.0 de"])
def test_a_creative_commons_licence_is_one_whole(licence):
    assert forms().licence.fullmatch(licence)


@pytest.mark.parametrize("word", ["CCTV", "Cc Bynum", "CC", "CC BY me"])
def test_what_is_no_licence(word):
    assert not forms().licence.fullmatch(word)


def test_a_licence_after_the_photographer_is_no_name_and_no_organisation():
    # de.globalvoices.org (g11-0092), evang.at (g11-0098)
    c = one("Eine Demonstration in Managua im August 2018. Foto: Jorge Mejía Peralta (CC BY 2.0)")
    assert (c.photographers, c.agencies) == (["Jorge Mejía Peralta"], [])
    c = one("In Gottesdiensten gilt Maskenpflicht. Foto: Marco Verch/cc by sa 2.0")
    assert (c.photographers, c.agencies) == (["Marco Verch"], [])
    # a bracket that does not end the line is left as it was read before ("(Archiv), via dts …", dev g2-0044)
    assert [c.agencies for c in parse_credits("Foto: Stephan Weil (Archiv), via dts Nachrichtenagentur")] \
        == [["dts Nachrichtenagentur"]]


@pytest.mark.parametrize("text, person", [
    # deutsche-handwerks-zeitung.de (g11-0034), handwerk-magazin.de (g11-0035): Adobe's stock library by its address
    ("Stapel mit Mauerziegeln. - © jollier_ - stock.adobe.com", "jollier_"),
    ("Cyber-Attacken nehmen weiter zu. – © Sergey Nivens – stock.adobe.com", "Sergey Nivens"),
])
def test_a_stock_credit_after_dashes_is_found(text, person):
    c = one(text)
    assert (c.photographers, c.agencies) == ([person], ["Adobe Stock"])


def test_c_in_brackets_before_the_last_credit_is_a_copyright_sign():
    # netzfueralle.blog.rosalux.de (g11-0093); 1000things.at writes it too (g11-0061)
    c = one("Papier-Graffito. Hochfeld, Mai 2017 (c) Max Muster")
    assert c.text == "(c) Max Muster" and c.photographers == ["Max Muster"]
    # a position in a row of people is no sign: "(L), (C) and …" (dev g5-0262)
    text = "Virginie Efira (L), Justine Triet (C) and Adele Exarchopoulos arrive on Friday/ Photo by David Silpa/UPI"
    assert [c.text for c in parse_credits(text)] == ["Photo by David Silpa/UPI"]


@pytest.mark.parametrize("text, orgs", [
    # a company's legal form names an organisation, never a person (handwerksblatt.de g12-0051, livescience.com g11-0086)
    ("(Foto: © satware AG/Fotolia.com)", ["satware AG", "Fotolia"]),
    ("Want more science? (Image credit: Future plc)", ["Future plc"]),
])
def test_a_company_legal_form_makes_an_organisation(text, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == ([], orgs)
