"""Round 37, two organisations and no person (REVIEW.md, "Round 37, two organisations and no person").

A credit that names organisations only was read with one of them in the photographer's slot, so
missing-photographer stayed silent. What the data already knows, each statement about a kind of name:

- a company's or a command's trade word closes its name, never a person's ("©Volkswagen AG / Porsche Holding"
  auto.oe24.at g12-0043 f3, "Source: Firebelly Marketing" marketerhire.com g48-0004 f4, "DATATREK RESEARCH"
  marketwatch.com g51-0010 f0, "U.S. European Command" t-online.de g47-0011 f4), and "fonds" is "fund" in German,
  Dutch and French ("(courtesy: Anne Frank Fonds)" timesofisrael.com g11-0008 f3): data in credit_forms.toml;
- ordinary English words are the dictionary's entries, their plurals **and their past participles** (the en_US
  affix flag D): "(Image credit: Hooded Horse)" (pcgamer.com g51-0020, f1) names a game publisher;
- AP's "Uncredited" says the maker is unnamed, it is no one's name ("Uncredited/AP/dpa", mz.de g19-0017 f3);
- "Illustration:" is a lead-in as "Illustration by" and Spanish "Ilustración:" are ("Illustration: The Verge",
  theverge.com g57-0021 f3).

The guards are g57's look-alikes, credits naming a person beside an organisation in the same shapes."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _rules(text: str) -> set[str]:
    ctx = make_context()
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}


def _read(text: str) -> list[tuple[list[str], list[str]]]:
    return [(c.photographers, c.agencies) for c in parse_credits(text)]


@pytest.mark.parametrize("text, orgs", [
    ("©Volkswagen AG / Porsche Holding", ["Volkswagen", "Porsche Holding"]),     # g12-0043
    ("Source: Firebelly Marketing", ["Firebelly Marketing"]),                    # g48-0004
    ("(Image credit: Hooded Horse)", ["Hooded Horse"]),                          # g51-0020
    ("Demonstration im September 2022 nach dem Tod der 22-jährigen Mahsa Amini. Uncredited/AP/dpa",
     ["Associated Press", "dpa"]),                                                # g19-0017
    ("Illustration: The Verge", ["The Verge"]),                                  # g57-0021
])
def test_organisations_only_are_read_without_a_person(text: str, orgs: list[str]) -> None:
    assert _read(text) == [([], orgs)]
    assert "missing-photographer" in _rules(text)


def test_a_fund_in_its_own_language_is_an_organisation() -> None:
    text = ("A page in 'Anne Frank's Diary: The Graphic Adaptation,' published in English in 2018 "
            "(courtesy: Anne Frank Fonds)")  # g11-0008: a handout, so no missing-photographer
    assert _read(text) == [([], ["Anne Frank Fonds"])]
    assert "missing-photographer" not in _rules(text)


@pytest.mark.parametrize("text, person, orgs", [
    ("Getty Images | Maria Symchych-Navrotska", "Maria Symchych-Navrotska", ["Getty Images"]),  # g57-0001
    ("Disney/John Fleenor", "John Fleenor", ["Disney"]),                                        # g57-0017
    ("Shutterstock / Spectral-Design", "Spectral-Design", ["Shutterstock"]),                    # g57-0004
    ("Rowan Jordan / Getty Images", "Rowan Jordan", ["Getty Images"]),                          # g57-0005
    ("Image Credits: Bryce Durbin / TechCrunch", "Bryce Durbin", ["TechCrunch"]),               # g57-0024
    ("Image: Vjeran Pavic / The Verge", "Vjeran Pavic", ["The Verge"]),                         # g11-0077
    ("Illustration: Jane Roe/The Verge", "Jane Roe", ["The Verge"]),
])
def test_a_person_beside_an_organisation_stays_a_person(text: str, person: str, orgs: list[str]) -> None:
    assert _read(text) == [([person], orgs)]
    assert "missing-photographer" not in _rules(text)
