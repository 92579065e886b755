"""Round 35, organisations by their shape (REVIEW.md, "Round 35, organisations by their shape").

An organisation the registry does not know was pushed into the photographer's slot, so missing-photographer stayed
silent. Three kinds of evidence that generalise, each on two open-fold dev sites or more:

- a name made only of ordinary English words (lower-case words of the shipped en_US dictionary) whose first word
  is no given name of resources/names.txt: "Just Stop Oil" (inews.co.uk g19-0034, f3), "Best Buy"
  (tomshardware.com g48-0001, f0), "Our Own Brand" (marketerhire.com g48-0002, f4). A person's name opens with a
  given name ("Nick Oxford", "Mark Black", "Harry How") or holds a word no dictionary has;
- an acronym of four to six capitals alone before a registered agency: the source whose picture the agency
  moved ("© BMEL / Photothek" bmel.de g11-0044 f0, "(Picture: EOSDIS/Nasa/SWNS)" metro.co.uk g48-0006 f4); two or
  three capitals there are as often a photographer's initials ("NDZ/STAR MAX/IPx");
- a body's word in Polish and Portuguese, as data in credit_forms.toml [organisations] ("Fot. Serwis Wideo PAP"
  niepodlegla.pap.pl g13-0011 f0; "Urząd Miasta" radiokielce.pl f1, "Agencja Gazeta" trojmiasto.wyborcza.pl f3;
  "Agência O Globo", "Presidência da República", "PALÁCIO PIRATINI", "Projeto Andrade & Mello" on four sites)."""

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


_STOP_OIL = ("One of the protesters said she wanted to see a global treaty to stop fossil fuel burning "
             "(Photo: Just Stop Oil/PA Wire)")


@pytest.mark.parametrize("text, org", [
    ("(Image credit: Best Buy)", "Best Buy"),                  # g48-0001
    ("Source: Our Own Brand", "Our Own Brand"),                # g48-0002
])
def test_a_name_of_ordinary_words_is_an_organisation(text, org):
    # before: read as the photographer
    assert _read(text) == [([], [org])]
    assert "missing-photographer" in _rules(text)


def test_an_organisation_of_ordinary_words_before_a_wire():
    # before: "Just Stop Oil" the photographer of a PA picture
    [(photographers, agencies)] = _read(_STOP_OIL)
    assert photographers == [] and agencies[0] == "Just Stop Oil"
    assert "missing-photographer" in _rules(_STOP_OIL)


@pytest.mark.parametrize("text, name", [
    ("Nick Oxford / Reuters", "Nick Oxford"),                  # wypr.org g3-0131: the first word a given name
    ("(Mark Black)", "Mark Black"),
    ("(Photo by Harry How/Getty Images)", "Harry How"),
    ("(Tom Fox/The Dallas Morning News)", "Tom Fox"),
    ("PHOTOGRAPHER : AP PHOTO/SANG TAN", "SANG TAN"),          # all capitals: a person in AFP's and AP's style
    ("Foto: Martin Fill", "Martin Fill"),
    ("Photo: Ludovic Marin/AFP", "Ludovic Marin"),             # words no dictionary has
    ("(Xinhua/Peng Yuan)", "Peng Yuan"),                       # every word a family name: pinyin English also spells
])
def test_people_keep_their_names(text, name):
    # guards: pass before and after
    assert [c.photographers for c in parse_credits(text)] == [[name]]


@pytest.mark.parametrize("text, first", [
    ("Bundesminister Cem Özdemir eröffnet das 15. Zukunftsforum Ländliche Entwicklung. © BMEL / Photothek", "BMEL"),
    ("Storm Ciarán is blasting the UK with strong winds (Picture: EOSDIS/Nasa/SWNS)", "EOSDIS"),
])
def test_an_acronym_before_a_registered_agency_is_its_source(text, first):
    # before: the acronym read as the photographer
    [(photographers, agencies)] = _read(text)
    assert photographers == [] and agencies[0] == first
    assert "missing-photographer" in _rules(text)


@pytest.mark.parametrize("text, name", [
    ("Foto: © chika_milan/stock.adobe.com", "chika_milan"),    # dhz-online.de g12-0049: a stock contributor
    ("Bild: S-F / Shutterstock.com", "S-F"),                   # exporo.de g35-0003
    ("A woman walks her dog in Central Park. (credit:NDZ/STAR MAX/IPx)", "NDZ"),  # initials: the labelled set
])
def test_a_contributor_before_a_stock_agency_stays_a_person(text, name):
    # guards: pass before and after
    assert [c.photographers for c in parse_credits(text)] == [[name]]


def test_a_polish_video_service_is_an_organisation():
    # niepodlegla.pap.pl g13-0011; before: the photographer "Serwis Wideo PAP"
    text = "Anna Kuligowska-Korzeniewska. Fot. Serwis Wideo PAP"
    assert _read(text) == [([], ["Serwis Wideo PAP"])]
    assert "missing-photographer" in _rules(text)


@pytest.mark.parametrize("text, org", [
    ("Fot. Urząd Gminy Kobylnica", "Urząd Gminy Kobylnica"),    # a municipality's office
    ("Foto: Palácio Piratini", "Palácio Piratini"),              # a governor's seat
    ("Foto: Projeto Andrade", "Projeto Andrade"),
])
def test_a_body_word_in_polish_or_portuguese_names_an_organisation(text, org):
    # before: read as a photographer's name
    assert _read(text) == [([], [org])]


def test_a_title_and_its_holder_are_no_credit():
    # guard, irishtimes.com g5-0275 (f4): "Miss World" opens with a courtesy title; the caption keeps no credit
    assert parse_credits("Miss World, Ms Rosanna Davison |") == []


def test_a_glued_polish_credit_naming_an_office_is_read():
    # radiokielce.pl g11-0101's form (f1); before: no credit read, only unrecognised-credit (tests/test_rules_round24.py)
    text = "Wąwóz w Lyonie, 3 czerwca 2021 / Fot.Urząd Miasta w Lyonie"
    [(photographers, agencies)] = _read(text)
    assert photographers == [] and agencies[0].startswith("Urząd Miasta")
    found = _rules(text)
    assert "missing-credit" not in found and "missing-photographer" in found
