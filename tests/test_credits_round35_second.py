"""Round 35, second open-fold dev sites (REVIEW.md, "Round 35, second sites").

A publication's own credit in capitals after the lead-in: "Foto: LA NACION" (lanacion.com.ar g32-0047, fold 0) was
the form's one site, read right since round 33 because its upper-case article marks an organisation. computerbild.de
(fold 0, g47-0007) writes the magazine's own credit the same way with no article, "Foto: COMPUTER BILD", and the
parser read the person "COMPUTER". An all-capitals name with no article is as often a photographer (AFP's "ABIR
SULTAN"), so the registry says it: `agencies.toml` "Computer Bild" (a publication)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one

# dev g47-0007, as published
_COMPUTER_BILD = ("Im Labor prüften die Tester die Latenzzeit der einzelnen Cloud-Gaming-Dienste mithilfe einer "
                  "Superzeitlupenkamera.\nFoto: COMPUTER BILD")


def _rules(text: str) -> set[str]:
    item = Item(id=1, path=None, kind="caption", fields={"caption": text})
    return {f.rule for f in check_item(item, make_context())}


def test_the_magazines_own_credit_in_capitals_is_an_organisation():
    # before: the photographer "COMPUTER"
    c = one(_COMPUTER_BILD)
    assert (c.text, c.photographers, c.agencies) == ("Foto: COMPUTER BILD", [], ["Computer Bild"])


def test_the_magazines_own_credit_names_no_photographer():
    # before: no missing-photographer (a person was read)
    assert "missing-photographer" in _rules(_COMPUTER_BILD)


@pytest.mark.parametrize("text, person", [
    # guards: a photographer's name in capitals stays a person; LA NACION stays an organisation
    ("Demonstranten in Jerusalem. Foto: ABIR SULTAN", "ABIR SULTAN"),
    ("Internatskolan Lundsberg.\n \nFoto: LISA MATTISSON", "LISA MATTISSON"),  # expressen.se, fold 3
])
def test_a_name_in_capitals_is_still_a_person(text, person):
    assert [c.photographers for c in parse_credits(text)] == [[person]]


def test_la_nacion_is_still_read_as_the_paper():
    c = one("Un acto en Plaza de Mayo. Foto: LA NACION")
    assert (c.photographers, [a.upper() for a in c.agencies]) == ([], ["LA NACION"])
