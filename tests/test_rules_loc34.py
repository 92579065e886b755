"""Round 34, places on clean captions: German and Icelandic write "of" as an "-s" on a country's or
region's name ("die Infrastruktur Madagaskars", "Simbabwes Ex-Präsident", "biskup Íslands"), a form on
five open-fold development sites (tests/data/realworld/REVIEW.md "Round 34, places on clean captions").
The captions here are written for the test, in the forms the development records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # a country's genitive after its noun, alone (dev g25-0032 infosperber.ch)
    "Die Infrastruktur Madagaskars ist seit Jahren marode, sagte sie am Montag. Foto: Ada Brin",
    # … before a capitalised noun, inside a run of capitals (dev g32-0049 zeit.de)
    "Ein Plakat von Simbabwes Ex-Präsident Robert Mugabe am Dienstag. Foto: Ada Brin/dpa",
    # … before an adjective (dev g19-0047 klassegegenklasse.org), a continent's (dev g34-0001 rifs-potsdam.de)
    "Rauch über Venezuelas größtem Militärstützpunkt am 3. Januar 2026. Foto: Ada Brin",
    "Solarstrom für die ländlichen Regionen Afrikas, am Mittwoch. Foto: Ada Brin",
    # Icelandic writes the same ending (dev g37-0004 timarit.is)
    "Biskup Íslands ræðir við prestinn 22. febrúar. Mynd: Ada Brin",
])
def test_a_regions_genitive_names_the_place(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a given name that is a country's name and an "s" (France + s)
    "Frances Roe waits for the results on Monday. Photo: Ada Brin",
    # a stem of four letters: "Hamas" is no genitive of Hama, "Sakis" none of Saki
    "Hamas fighters parade on Monday. Photo: Ada Brin",
    "Sakis Rouvas sings on Monday. Photo: Ada Brin",
    # a man's genitive: a given name before a country's name and an "s"
    "Michael Jordans Schuhe werden am Montag versteigert. Foto: Ada Brin",
])
def test_no_place_is_still_said(caption):
    assert "missing-location" in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a compass word between "in" and the place (dev g13-0087 greaterkashmir.com, l8-0006 smh.com.au;
    # g3-0214 au.news.yahoo.com, sealed, has the same form)
    "A father and son feed geese in north Kashmir’s Pattan on Friday. Photo: Ada Brin/ GK",
    "The lakes in far western NSW filled up on Monday for the first time in five years. Credit:Ada Brin",
    "Furniture damaged by the flood lies on a street in central Lismore on Tuesday. Photo: Ada Brin",
])
def test_a_compass_word_before_the_place(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a compass word before a lower-case word, or a side of the picture: no place
    "At far left, Jane Roe speaks to reporters on Monday. Photo: Ada Brin",
    "Players warm up in the north end zone on Sunday. Photo: Ada Brin",
    # a weekday after the compass words is no place, as after "in" alone
    "Snow fell in the far north Monday, forecasters said. Photo: Ada Brin",
])
def test_a_compass_word_alone_names_no_place(caption):
    assert "missing-location" in rules_of(caption)
