"""Round 32, organisations read as people (REVIEW.md, "Round 32, organisations read as people"): the person-or-
organisation decision of an unknown name in the photographer's slot. Blind batch u8's largest kind was an
organisation read as a person. What now says organisation where nothing says person (app/credits.py
``_org_evidence``, ``_surname_link``; credit_forms.toml [organisations] words), each form on two open-fold dev
sites or more:

- an acronym opening capitalised words none of which is a given or family name: "(Foto: FKP Scorpio)"
  kulturnews.de g36-0011, "Source: LYFE Marketing" marketerhire.com g36-0008;
- an upper-case article opening an upper-case name: "Foto: LA NACION" lanacion.com.ar g32-0047 (and "DER
  SPIEGEL", registered, g2-0045);
- an ordinal first or a possessive: "(Photo: 20th Century Fox)" yahoo.com g13-0034, "(Image credit: Tom's
  Hardware)" tomshardware.com g12-0054;
- an acronym before one capitalised word that ends the chain is the outlet, then its photographer's surname:
  "© NEWS5/Fricke" tag24.de g10-0018, "Bildquelle: DTB/Rösler" dtb.de g11-0046;
- a gallery: "(Courtesy of Craig Krull Gallery)" laweekly.com g12-0031, "Courtesy Sean Kelly Gallery."
  contemporaryartissue.com g36-0001.
"""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _only(text: str):
    out = parse_credits(text, "caption")
    assert len(out) == 1, out
    return out[0]


@pytest.mark.parametrize("text, orgs", [
    ("Peter Cat Recording Co. auf Tour. (Foto: FKP Scorpio)", ["FKP Scorpio"]),
    ("The agency's logo. Source: LYFE Marketing", ["LYFE Marketing"]),
    ("Un mapuche en Neuquén. Foto: LA NACION", ["LA NACION"]),
    ("Hugh Jackman in ‘Logan’ (Photo: 20th Century Fox)", ["20th Century Fox"]),
    ("A graphics card on a desk. (Image credit: Tom's Hardware)", ["Tom's Hardware"]),
    ("Phranc (Courtesy of Craig Krull Gallery)", ["Craig Krull Gallery"]),
    ("Dawoud Bey, A Couple in Prospect Park, 1990. Courtesy Sean Kelly Gallery.", ["Sean Kelly Gallery"]),
])
def test_an_organisation_alone_is_not_the_photographer(text, orgs):
    c = _only(text)
    assert (c.photographers, c.agencies) == ([], orgs)


@pytest.mark.parametrize("text, person, orgs", [
    ("Der Mercedes wurde nach der Bergung sichergestellt. © NEWS5/Fricke", ["Fricke"], ["NEWS5"]),
    ("Cheftrainerin Katarina Prokesova | Bildquelle: DTB/Rösler", ["Rösler"], ["DTB"]),
])
def test_an_acronym_before_a_surname_is_the_outlet(text, person, orgs):
    c = _only(text)
    assert (c.photographers, c.agencies) == (person, orgs)


def test_the_organisation_now_gets_missing_photographer():
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={
        "caption": "Die Band in Berlin am 1. November 2023. (Foto: FKP Scorpio)"}), make_context())}
    assert "missing-photographer" in found


@pytest.mark.parametrize("text, person", [
    # guards (pass before and after): what reads as a person stays a person
    ("Smoke over Gaza on March 3, 2024. (Photo: Jalaa MAREY/AFP)", ["Jalaa MAREY"]),  # AFP's capital surname last
    ("Fans in Madrid. Photo: ZIPI ARAGON", ["ZIPI ARAGON"]),  # capitals, no article, no acronym among words
    ("Sailors on deck. (U.S. Navy photo by Mass Communication Specialist 2nd Class Ryan M. Breeden)",
     ["Ryan M. Breeden"]),  # a rank's ordinal is no organisation's
    ("A ship at sea. (U.S. Navy photo by Photographer's Mate Airman Mark J. Rebilas)",
     ["Mark J. Rebilas"]),  # nor a rank's possessive
    ("Die Brücke. Foto: Marek Fricke", ["Marek Fricke"]),
])
def test_a_person_stays_a_person(text, person):
    assert _only(text).photographers == person


def test_a_hull_number_in_brackets_is_no_credit():
    # guard: "(DDG 119)" names a ship; a number is no evidence of an organisation's credit
    out = parse_credits("The destroyer USS Delbert D. Black (DDG 119) arrives in port.", "caption")
    assert out == []


# An unknown organisation alone after the caption, set off by a separator or a line of its own, is a credit when
# its words say organisation (app/credits.py _tail_credit): "… du journal. - Le Soir" plus.lesoir.be g10-0031,
# "Symbolbild / Salzgitter Flachstahl AG" cleanthinking.de g12-0030.
@pytest.mark.parametrize("text, orgs", [
    ("Les participants défilent sur la digue accompagnés des officiels du journal. - Le Soir", ["Le Soir"]),
    ("Symbolbild / Salzgitter Flachstahl AG", ["Salzgitter Flachstahl AG"]),
    ("Die Band auf der Bühne in Hamburg.\nFKP Scorpio", ["FKP Scorpio"]),
])
def test_an_organisation_alone_after_the_caption_is_a_credit(text, orgs):
    c = _only(text)
    assert (c.photographers, c.agencies) == ([], orgs)


@pytest.mark.parametrize("text, person, orgs", [
    # guards (pass before and after): a longer credit that ends with the organisation keeps its person
    ("Fans leave the stadium on Sunday. OCTAVIO JONES | Times", ["OCTAVIO JONES"], ["Times"]),
    ("Na zdjęciu: posiedzenie Sejmu. Szymon Aksienionek/REPORTER / East News", ["Szymon Aksienionek"],
     ["REPORTER", "East News"]),
])
def test_a_longer_credit_wins_over_its_last_organisation(text, person, orgs):
    c = _only(text)
    assert (c.photographers, c.agencies) == (person, orgs)


def test_a_copyright_mark_before_the_separator_keeps_the_organisation_out():
    # guard: "© Name – Dreamstime.com" is one credit the parser does not read; its tail alone is not taken
    out = parse_credits("A beach in Thailand. © Sidelnikov – Dreamstime.com", "caption")
    assert all(c.agencies != ["Dreamstime.com"] or c.photographers for c in out)


def test_two_capitals_before_a_name_are_initials():
    # guard (tests/data/credits_labelled.jsonl's Getty form): "JP Yim" is a person, two capitals are initials
    c = _only("Models walk the runway in New York City. (Photo by JP Yim/Getty Images for NYFW: The Shows)")
    assert (c.photographers, c.agencies) == (["JP Yim"], ["Getty Images"])
