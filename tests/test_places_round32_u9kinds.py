"""Round 32, what blind batch u9 missed: a place read where none is named (tests/data/realworld/REVIEW.md
"Round 32, what u9 missed"). German writes every noun with a capital, so a noun after "im", "bei" or "aus"
that says when or how ("im Sommer", "im Gespräch", "im Viertelfinale") was read as a place and
missing-location was not raised. The captions are the development records' (dev g11, g19, g27, g40)."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_where

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    "Alexander Zverev steht im Viertelfinale des ATP-Turniers",  # tennismagazin.de g40-0001
    "Fertiges Minions Bild aus Schablonen angefertigt.",  # papaganda.org g40-0003
    "Komplementärmediziner Leo Auerbach im Gespräch mit dem Onkologen Ansgar Weltermann",  # nachrichten.at g11-0014
    "Nach dem verheerenden Sturmtief „Bernd“ im Sommer 2021 engagierten sich zahlreiche Helferinnen im Einsatz.",
    "Der prorussische Rechtsradikale Calin Georgescu setzt im Wahlkampf auf Tiktok.",  # 20min.ch g19-0029
    "Die FDP von Parteichef Christian Lindner ist derzeit im Netz in aller Munde.",  # freiepresse.de g19-0048
    "Die deutsche Dressur-Olympiasiegerin sitzt im Sattel, als wäre sie festgesaugt.",  # pferderevue.at g11-0047
])
def test_a_german_noun_that_says_when_or_how_names_no_place(caption: str) -> None:
    assert not says_where(caption)
    assert "missing-location" in _rules(caption)


@pytest.mark.parametrize("caption", [
    # a place named elsewhere in the caption still counts
    "Alexander Zverev steht im Viertelfinale von Montpellier.",
    "Helferinnen im Einsatz in Berlin im Sommer 2021.",
    # the prepositions still read a place: a kind of place, a region, a town
    "Schweres Gerät rollt im Landkreis Göppingen durch den Ort.",
    "Eine der Windkraftanlagen im Steinheimer Becken",
    "Marcus Bensmann auf Spurensuche im Ruhrgebiet.",
    "Rund 100 Ärzte trafen sich bei Sachseln.",
    # English "in" before a month is unchanged, before a name still a place
    "Fans cheer in Lyon in June.",
])
def test_a_place_after_those_prepositions_still_counts(caption: str) -> None:
    assert says_where(caption)
    assert "missing-location" not in _rules(caption)
