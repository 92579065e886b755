"""A weekday that does not fit its date, in a German or Spanish caption (the fifteenth walk).

A German desk's "Dienstag, 9. Dezember 2026" (a Wednesday) and a Spanish one's "el martes 9 de
diciembre de 2026" went through `creditline check` without a word, where the same slip in an
English caption is an error with a fix. The weekdays and months of each language are data
(resources/caption_words.toml [when.calendars]); the fix writes the right day in the caption's
language, in the case the wrong one was written in.
"""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context


def found(caption: str, **fields):
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption, **fields})
    return [f for f in check_item(item, make_context()) if f.rule == "weekday-mismatch"]


@pytest.mark.parametrize("caption, wrong, right", [
    ("Ein Feuerwehrmann watet am Dienstag, 9. Dezember 2026, durch die Altstadt von Köln. Foto: Oliver Berg/dpa",
     "Dienstag", "Mittwoch"),
    ("Abgeordnete im Bundestag in Berlin am Mittwoch, den 10. Dezember 2026. Foto: Kay Nietfeld/dpa",
     "Mittwoch", "Donnerstag"),
    ("Der Fischmarkt in Hamburg steht am Sonnabend (9. Dezember 2026) unter Wasser. Foto: Marcus Brandt/dpa",
     "Sonnabend", "Mittwoch"),
    ("Miles de personas se manifiestan en Madrid, el martes 9 de diciembre de 2026. (Foto: EFE/Mariscal)",
     "martes", "miércoles"),
    ("Lunes, 9 de diciembre de 2026: voluntarios retiran el barro en Paiporta (Valencia). EFE/Biel Aliño",
     "Lunes", "Miércoles"),
    ("Un crucero atraca en el puerto de Barcelona el sabado 7 de diciembre del 2026. EFE/Alejandro García",
     "sabado", "lunes"),
])
def test_a_wrong_weekday_in_german_or_spanish_is_an_error_with_its_fix(caption, wrong, right):
    (f,) = found(caption)
    assert f.severity.value == "error"
    assert caption[f.start:f.end] == wrong
    assert wrong in f.message and right in f.message
    fixed = f.fix.apply(caption)
    assert right in fixed and not found(fixed)


@pytest.mark.parametrize("caption", [
    "Der Fischmarkt in Hamburg steht am Donnerstag, 10. Dezember 2026, unter Wasser. Foto: Marcus Brandt/dpa",
    "Der Fischmarkt in Hamburg steht am Samstag, 12. Dezember 2026, unter Wasser. Foto: Marcus Brandt/dpa",
    "Un crucero atraca en el puerto de Barcelona, el lunes 7 de diciembre de 2026. EFE/Alejandro García",
    "Voluntarios en Paiporta el miércoles; el 7 de diciembre de 2026 llegó la dana. EFE/Biel Aliño",
    "Plácido Domingo 9 de diciembre",  # no year, none known: cannot judge
])
def test_a_right_or_unattached_weekday_is_quiet(caption):
    assert not found(caption)


def test_without_a_year_the_date_created_gives_it():
    caption = "Besucher auf dem Weihnachtsmarkt in Nürnberg am Montag, 9. Dezember. Foto: Daniel Karmann/dpa"
    assert found(caption, date_created="2026-12-09")  # a Wednesday in 2026
    assert not found(caption, date_created="2024-12-09")  # a Monday in 2024


def test_an_impossible_date_is_an_error():
    (f,) = found("Schnee in Kiew am Dienstag, 30. Februar 2021. Foto: Efrem Lukatsky/AP/dpa")
    assert "impossible" in f.message and "30. Februar 2021" in f.message
