"""Round 38 (issue 12, u18's kinds on dev): the word for picture without a colon after a spaced dash.

A page that sets its credit apart from the caption with a spaced en or em dash writes the lead-in without its
colon ("Carbonia, 1950 – Foto Federico Patellani."; dev g71 lafotografiacomeattopolitico.it, five captions;
the blind batch u18's 'Foto Name' kind). The dash is a boundary before a lead-in as a bar is; a bare lead-in
word is still a credit only before a person's or a known name, so prose after a dash stays prose.
"""

from __future__ import annotations

import pytest

from app.credits import parse_credits


def people(caption: str) -> list[tuple[str, list[str], list[str]]]:
    return [(c.text, c.photographers, c.agencies) for c in parse_credits(caption, "caption")]


@pytest.mark.parametrize("caption, credit, name", [
    ("Carbonia, 1950 – Foto Federico Patellani.", "Foto Federico Patellani", "Federico Patellani"),
    ("Enrico Berlinguer e Roberto Benigni, Roma 17 giugno 1983 – Foto Rodrigo Pais.", "Foto Rodrigo Pais",
     "Rodrigo Pais"),
    ("Ufficiale veterano pluridecorato, 1900 — Foto Mario Nunes Vais.", "Foto Mario Nunes Vais", "Mario Nunes Vais"),
    ("The harbour at dawn – Photo Jane Roe", "Photo Jane Roe", "Jane Roe"),
])
def test_bare_leadin_after_a_spaced_dash(caption: str, credit: str, name: str) -> None:
    assert people(caption) == [(credit, [name], [])]


@pytest.mark.parametrize("caption", [
    "The team – Photo Gallery of the week",
    "Berlin – By Tuesday, the talks had ended",
    "Talks in Berlin – Pic du Midi in the background",
])
def test_prose_after_a_dash_is_no_credit(caption: str) -> None:
    assert people(caption) == []


def test_the_colon_form_after_a_dash_is_unchanged() -> None:
    assert people("Carbonia, 1950 – Foto: Federico Patellani.") == [
        ("Foto: Federico Patellani", ["Federico Patellani"], [])]
