"""Round 35, warnings on clean captions: a city's adjective names the city wherever it stands ("w łódzkim
getcie", the Łódź ghetto; "w warszawskim ogrodzie zoologicznym", the Warsaw zoo), before a lower-case noun or
after it, as "the Sierra Leonean capital" does in English (label policy). A region's adjective still needs a
capitalised name after it ("im brandenburgischen Pösen"), as before. Evidence: batch g49 (baedekerlodz.blogspot.com, wiadomosci.onet.pl) and g38-0013
(ceskobudejovicky.denik.cz); tests/data/realworld/REVIEW.md "Round 35, warnings on clean captions"."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_where

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # dev g49-0002 (baedekerlodz.blogspot.com): the adjective after its noun, nothing else places it
    "Niemiecka policja przeszukuje żydowski dom w getcie łódzkim. Rok 1942.\n(Foto z: Bayerische Staatsbibliothek)",
    # dev g49-0003 (wiadomosci.onet.pl), its second sentence: the adjective before a lower-case noun
    "W warszawskim ogrodzie zoologicznym można było stanąć oko w oko i nakarmić nosorożca jawajskiego.",
    # the same city in the genitive and the instrumental an adjective takes ("of the Kraków market")
    "Kramy krakowskiego rynku przed świętami. Fot. Ada Brin",
])
def test_a_citys_adjective_names_the_place(caption: str) -> None:
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # dev g49-0001 and g49-0003 as published, and g38-0013 (a Czech town's adjective): placed before and after
    "Robotnicy w fabryce w łódzkim getcie.\n(źródło: https://www.yadvashem.org/)",
    "1 października odbyło się spotkanie dla mediów w warszawskim ZOO zorganizowanego przez WWF z okazji "
    "Światowego Dnia Zwierząt.\n\nfot. PAP/Leszek Szymański (Onet.pl/ms)",
    "Stromy na českobudějovickém náměstí | Foto: Deník/ Jaroslav Sýbek",
    # a region's adjective before a capitalised name, as before
    "Ein Storch im brandenburgischen Pösen. Foto: Ada Brin",
])
def test_captions_placed_before_stay_placed(caption: str) -> None:
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a city's adjective written with a capital is a name's part (the university), as before
    "Studenci Uniwersytetu Warszawskiego protestują 3 marca 2024. Fot. Ada Brin",
    # a nationality's adjective alone (label policy: "French troops")
    "Polscy żołnierze na ćwiczeniach 3 marca 2024. Fot. Ada Brin",
    # a word that only begins like a city's adjective ("gdańsk" + a noun's ending is no adjective of it)
    "Warszawiacy i turyści 3 marca 2024. Fot. Ada Brin",
])
def test_what_is_no_citys_adjective_places_nothing(caption: str) -> None:
    assert not says_where(caption)
