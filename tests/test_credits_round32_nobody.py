"""Round 32, credits naming no one and stock contributors (REVIEW.md, "Round 32, credits naming no one").

Blind batch u8 missed credits that name no one and a stock library's contributor credits (aggregates only). The
open-fold dev forms: a role word alone closing the caption that names no one — French "droits réservés" after a
bar ("… | DR", ouest-france.fr g25-0019) and the Swiss desks' lower-case "supplied" after "©" ("… © zvg",
infosperber.ch g25-0032; credit_forms.toml [roles]); a stock library's own credit line joining the contributor
with a word ("Titelbild: Name on Unsplash", spontis.de g35-0001; "Photo Source: Name from Pexels.", diem25.org
g35-0002; [separators] stock) and the free library Pexels (agencies.toml; also medicaldaily.com g12-0015)."""

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


@pytest.mark.parametrize("text, name, lib", [
    ("Titelbild: Fachy Marín on Unsplash", "Fachy Marín", "Unsplash"),  # g35-0001
    ("Photo Source: Markus Spiske from Pexels.", "Markus Spiske", "Pexels"),  # g35-0002
    ("Ein Hund im Schnee. (Foto: Jane Roe on Unsplash)", "Jane Roe", "Unsplash"),
])
def test_a_stock_librarys_joining_word_links_the_contributor(text, name, lib):
    c = one(text)
    assert (c.photographers, c.agencies) == ([name], [lib])
    assert c.text == text[c.start:c.end]


def test_pexels_courtesy_credit_keeps_its_reading():
    # guard (g12-0015): the courtesy credit naming Pexels reads as before, now by the registry's name
    c = one("© Photo courtesy of Pexels, Public Domain")
    assert (c.agencies, c.handout or c.courtesy) == (["Pexels"], True)


@pytest.mark.parametrize("text", [
    # guards: "on"/"from" before a word that is no stock library, or not ending the line, stays prose
    "Leaders meet in Paris on Monday. Photo: Jane Doe on Twitter",
    "Photos of the protest went up on Unsplash and on Pixabay. Jane Roe/AP",
])
def test_on_and_from_elsewhere_join_nothing(text):
    assert all("Unsplash" not in c.agencies and "Twitter" not in c.agencies for c in parse_credits(text))


@pytest.mark.parametrize("text, user, orgs", [
    # after the library and a bar, ending the line (morgenpost.de g19-0015)
    ("Sinken die Bauzinsen wieder? (Symbolfoto)\n© Getty Images/iStockphoto | filmfoto", "filmfoto",
     ["Getty Images", "iStock"]),
    # before the library (demokratiewebstatt.at g11-0102; Clipdealer registered)
    ("Stau © aremac / Clipdealer", "aremac", ["Clipdealer"]),
    ("Ein Hund im Schnee. Foto: user123 / Pixabay", "user123", ["Pixabay"]),
    ("Ein Hund im Schnee. Foto: Pixabay / user123", "user123", ["Pixabay"]),
])
def test_a_stock_librarys_user_name_is_the_photographer(text, user, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == ([user], orgs)


def test_a_user_name_drops_the_false_missing_photographer():
    assert "missing-photographer" not in _rules(
        "Sinken die Bauzinsen wieder? (Symbolfoto)\n© Getty Images/iStockphoto | filmfoto")


@pytest.mark.parametrize("text, names", [
    # guards: a person's name beside a library reads as before; a lower-case word before an agency that is no
    # stock library stays prose
    ("Ein Hund im Schnee. Foto: Jane Roe / Pixabay", ["Jane Roe"]),
    ("Crowds gather in the square in Kiel on Monday. protesters / AFP", []),
])
def test_user_names_only_beside_a_stock_library(text, names):
    assert [p for c in parse_credits(text) for p in c.photographers] == names
