"""Round 30, what u7 missed: a photographer credited by surname alone after a German photo lead-in
(REVIEW.md, "Round 30, what u7 missed"). German local papers write "Foto: Schwark", "Fotos: Borho",
"(Bildquelle: Neumann)": open-fold dev sites schwarzwaelder-bote.de (g27-0001 … 0007) and topagrar.com
(g11-0049). One capitalised word alone after those lead-ins (credit_forms.toml [names] surname_leadins) is
the photographer unless something says organisation: the registry ("Bild: dpa", "Foto: Volkswagen"), an
organisation word ("Foto: Polizei", "Bild: Hersteller", "Foto: Verein"), a role word ("Foto: Privat"), a
place, an acronym, the caption's own words naming it, an abbreviation the credit goes on after."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person", [
    # g27-0001's form: the paper's credit, the surname alone
    ("Bei der Hauptversammlung des Vereins (von links): Jane Roe und John Doe. Foto: Schwark",
     "Foto: Schwark", ["Schwark"]),
    # the plural lead-in (g27-0005)
    ("Die Geehrten mit den Vorsitzenden (von links). Fotos: Borho", "Fotos: Borho", ["Borho"]),
    # bracketed, a rights note's lead-in (g11-0049)
    ("Der untere Bereich der Module wird vom Schnee belastet. (Bildquelle: Neumann)", "(Bildquelle: Neumann)",
     ["Neumann"]),
    # an umlaut in the name (g27-0003)
    ("Der Vorsitzende ehrt die Mitglieder. Foto: Bösinger", "Foto: Bösinger", ["Bösinger"]),
])
def test_a_surname_alone_after_a_german_photo_leadin_is_the_photographer(text, credit, person):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, person, [])


def test_the_surname_then_the_papers_own_credit_field():
    # g27-0002: two statements, the photographer's and the paper's (an organisation with a hyphen, one token;
    # registered in round 31, so the registry's name)
    out = parse_credits("Die Vereinsjubilare (von links). Foto: Helbig Foto: Schwarzwälder-Bote", "caption")
    assert [(c.text, c.photographers, c.agencies) for c in out] == [
        ("Foto: Helbig", ["Helbig"], []), ("Foto: Schwarzwälder-Bote", [], ["Schwarzwälder Bote"])]


@pytest.mark.parametrize("text, orgs", [
    # guards: an organisation stays one (pass before and after, but for Volkswagen: a new registry entry
    # keeps the reading the organisation-word rule gave it before)
    ("Das Rathaus am Abend. Foto: Polizei", ["Polizei"]),
    ("Das Rathaus am Abend. Bild: dpa", ["dpa"]),
    ("1Password scannt auch QR-Codes.\n(Bild: Hersteller)", ["Hersteller"]),
    ("Die Gruppe auf dem Gipfel. Foto: Verein", ["Verein"]),
    ("VW-Chef Herbert Diess in Wolfsburg. (Foto: Volkswagen)", ["Volkswagen"]),
    ("Das Rathaus am Abend. Foto: SR", ["SR"]),
    # the caption's subject names it: its own picture (g2-0188)
    ("Der Schirmherr der Paneuropa-Tage wurde in Trier ausgezeichnet. Bild: Paneuropa", ["Paneuropa"]),
    # an English lead-in is not among the German ones: "Photo: Star" (The Daily Star, g13-0005)
    ("A part of the road collapsed after the rainfall. Photo: Star", ["Star"]),
])
def test_an_organisation_alone_after_the_leadin_stays_an_organisation(text, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == ([], orgs)


@pytest.mark.parametrize("text", [
    "Das Rathaus am Abend. Foto: Berlin",  # a place is no surname
    # an abbreviation the credit goes on after (g17-0024's "Dok.", documentation)
    "Wali Kota Malang dan Wakil Wali Kota. Foto: Dok. Bagian Prokompim Kota Malang",
])
def test_a_place_or_an_abbreviation_is_no_surname(text):
    assert all(not c.photographers for c in parse_credits(text, "caption"))


def test_a_private_picture_names_no_one():
    c = one("Die Familie im Garten. Foto: Privat")
    assert (c.photographers, c.agencies) == ([], [])
