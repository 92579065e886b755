"""Round 31, places: a Finnish caption names its place as a genitive and a kind of place in the case the
sentence puts it in ("Perin galleriassa", in the Peri gallery), a form on two open-fold development
sites (sss.fi, iltalehti.fi; tests/data/realworld/REVIEW.md "Round 31, places"). The captions here are
written for the test, in the forms the development records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # a genitive, then the kind in a local case (dev g33-0003, g17-0022 sss.fi)
    "NÄYTTELY AUKEAA. Taiteilijan teokset ovat esillä perjantaina Perin galleriassa. Kuva: Ada Brin, Turun Sanomat.",
    "Lapset leikkivät lauantaina Hovirinnan rannassa. Kuva: Ada Brin, Kaarina-Lehti.",
    # the kind in the illative, and a compound ending in it before a postposition (dev g23-0013,
    # g21-0007 iltalehti.fi)
    "Perhe tuli sunnuntaina Pyynikin rantaan uimaan. ADA BRIN",
    "Poliisi tutki maanantaina paikkaa Tesoman uimarannan lähellä. Ada Brin",
    # a town the gazetteer knows whose genitive the case rule leaves alone (Salo + n), before its square
    "Iltatori alkoi torstaina Salon torilla. Kuva: Ada Brin, Salon Seudun Sanomat.",
])
def test_the_place_is_seen(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # English "-an" adjectives before a word that only ends like a kind: no Finnish kind
    "Guatemalan migrants wait at the border on Monday. Photo: Ada Brin",
    # a school's choir and a university are bodies, not kinds this list holds
    "Kirkonmäen koulun kuoro lauloi perjantaina. Kuva: Ada Brin, Somero-lehti.",
    "Turun yliopiston tutkijat esittelivät tuloksia tiistaina. Kuva: Ada Brin",
    # a person's genitive before a word that is no kind
    "Julius Töyrylän ensimmäinen näyttely avautuu perjantaina. Kuva: Ada Brin, Turun Sanomat.",
    # the kind without a genitive before it names nothing
    "Lapset leikkivät rannassa lauantaina. Kuva: Ada Brin",
])
def test_no_place_is_still_said(caption):
    assert "missing-location" in rules_of(caption)
