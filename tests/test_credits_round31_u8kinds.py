"""Round 31, what u8 missed (REVIEW.md, "Round 31, what u8 missed"): organisation-only credits read as a person,
fixed as data. Blind batch u8's largest kind was an organisation named alone after a lead-in and read as the
photographer, which also hides missing-photographer. The open-fold dev forms: a two-word body whose second word
is an organisation's ("Foto: Estudios Revolución", cubadebate.cu g34-0007/0008; "(SDSU Athletics)",
sandiegouniontribune.com g12-0007; "(Image credit: TNG Collaboration)", livescience.com g11-0106:
credit_forms.toml [organisations] words), and the free stock library Unsplash, credited before its contributor's
user name ("Foto: Unsplash/boxedwater", business-punk.com g34-0004) or alone ("(Unsplash)",
mexiconewsdaily.com g19-0036: agencies.toml)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one


@pytest.mark.parametrize("text, credit, orgs", [
    # the Cuban presidency's photo service after "Foto:" (g34-0007, 0008)
    ("Sesiona IV Pleno del Comité Central del Partido. Foto: Estudios Revolución", "Foto: Estudios Revolución",
     ["Estudios Revolución"]),
    # a university's athletics department in brackets (g12-0007)
    ("The Aztecs warm up before the game. (SDSU Athletics)", "(SDSU Athletics)", ["SDSU Athletics"]),
    # a simulation's research collaboration (g11-0106)
    ("Galaxies merge while supernovae expel gas. (Image credit: TNG Collaboration)",
     "(Image credit: TNG Collaboration)", ["TNG Collaboration"]),
    # Unsplash alone in brackets (g19-0036)
    ("Travellers at the airport in Mexico City. (Unsplash)", "(Unsplash)", ["Unsplash"]),
])
def test_an_organisation_alone_is_not_read_as_the_photographer(text, credit, orgs):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, [], orgs)


def test_unsplash_before_its_contributors_user_name():
    # g34-0004: the library first, then the user name, who is the photographer
    c = one("Foto: Unsplash/boxedwater")
    assert (c.photographers, c.agencies) == (["boxedwater"], ["Unsplash"])


def test_an_organisation_only_credit_gets_missing_photographer():
    ctx = make_context()
    text = "IV Pleno del Comité Central del Partido en La Habana, 26 de abril de 2022. Foto: Estudios Revolución."
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}
    assert "missing-photographer" in found


@pytest.mark.parametrize("text, person", [
    # guards (pass before and after): a person's two-word name after the same lead-ins stays a person
    ("The team warms up. (Photo: Jane Roe)", ["Jane Roe"]),
    ("Der Vorsitzende ehrt die Mitglieder. Foto: Anna Schmidt", ["Anna Schmidt"]),
    ("Un avión en el aeropuerto. Foto: Pedro Estudillo", ["Pedro Estudillo"]),
])
def test_a_persons_name_stays_a_person(text, person):
    out = parse_credits(text, "caption")
    assert [c.photographers for c in out] == [person]
