"""Round 29, lead-ins: what dev/g20 taught the parser (REVIEW.md, "Round 29, lead-ins"). "Foto", the
lead-in that is data with a colon ("Foto:"), also opens a credit without one where the shape leaves no
doubt: the bare word, then a person's name or a known organisation closing the caption, as "Photo"
already does ([leadins] byline). Seen without a colon on open-fold dev sites: "FOTO Name" on Harian
Metro's (g20-0001) and on Hoy's (g11-0053), "Foto Bernama" on Sinar Harian's (g20-0004, 0005). The word
in the caption's own prose, or before lower-case words, is no lead-in."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person, orgs", [
    # the upper-case lead-in before a person closing the caption (g20-0001)
    ("Bangunan di Kuala Lumpur dilimpahi lampu biru. FOTO Jane Roe Binti Ali", "FOTO Jane Roe Binti Ali",
     ["Jane Roe Binti Ali"], []),
    # the same word before "Name / Agency" (the Dutch house form of the blind batches' kind)
    ("Een man loopt over het Binnenhof. Foto Jane Roe / ANP", "Foto Jane Roe / ANP", ["Jane Roe"], ["ANP"]),
])
def test_foto_without_a_colon_opens_a_credit(text, credit, person, orgs):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, person, orgs)


def test_foto_before_a_known_agency():
    # a guard: passes before and after (g20-0004: the agency alone was read already)
    c = one("Tetamu beramah mesra di Istana Negara pada Sabtu. Foto Bernama")
    assert (c.text, c.photographers, c.agencies) == ("Foto Bernama", [], ["Bernama"])


@pytest.mark.parametrize("text", [
    "Una foto de la playa en verano.",
    "Hij bekijkt de foto die zijn vader maakte.",
    "Foto di gruppo per la squadra.",
])
def test_the_word_in_prose_is_no_credit(text):
    # guards: pass before and after (the word before lower-case words opens nothing)
    assert parse_credits(text, "caption") == []
