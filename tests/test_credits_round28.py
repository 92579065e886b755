"""Round 28: what dev/g17 and dev/g18 taught the parser (REVIEW.md, "Round 28, second sites"): the
Finnish lead-in "Kuva:" ("picture:") opens a credit after the caption, as "Foto:" does, on two
open-fold sites (sss.fi, kuntsari.fi): "… Kuva: Name, Paper." The word alone, in the caption's prose
("Kuva on otettu …", "the picture was taken …"), is no lead-in."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person, paper", [
    # the paper after a comma, the caption's own full stop left out (g17-0021, g18-0001)
    ("Lapset leikkivät puistossa. Kuva: Jane Roe, Harbor Sanomat.", "Kuva: Jane Roe, Harbor Sanomat",
     ["Jane Roe"], ["Harbor Sanomat"]),
    # the word "Kuva" earlier in the prose does not open a credit (g18-0001)
    ("Kuva on otettu ottelusta syyskuussa. Kuva: Jane Roe, Harbor Sanomat.", "Kuva: Jane Roe, Harbor Sanomat",
     ["Jane Roe"], ["Harbor Sanomat"]),
])
def test_kuva_opens_a_credit_after_the_caption(text, credit, person, paper):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, person, paper)


def test_kuva_before_a_person_alone():
    c = one("Lapset leikkivät puistossa. Kuva: Jane Roe")
    assert (c.text, c.photographers, c.agencies) == ("Kuva: Jane Roe", ["Jane Roe"], [])


def test_the_word_in_prose_is_no_credit():
    # a guard: passes before and after ("Kuva" with no colon is the caption's own word)
    assert parse_credits("Kuva on otettu Turussa lauantaina.", "caption") == []
