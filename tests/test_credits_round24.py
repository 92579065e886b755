"""Round 24: what the fresh batch dev/g13 taught the parser (REVIEW.md, "Round 24, saved news pages
again"): "Pic", "PIC" and "Pix by" (picture) open a credit as "Photo" and "Photo by" do, and a bare
lead-in word is a credit only before a name that opens with a capital."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person", [
    # newsday.co.zw (g13-0015 … 0018), thezimbabwedaily.com (g13-0019 … 0021): "Pic Name" after the caption
    ("A motorist drives through a battered bridge in Braeside, Harare. Pic Aaron Ufumeli",
     "Pic Aaron Ufumeli", "Aaron Ufumeli"),
    ("A young man sells hand-made robes in Mbare, Harare. PIC Shepherd Tozvireva",
     "PIC Shepherd Tozvireva", "Shepherd Tozvireva"),
    # dailymirror.lk (g13-0069, 0070): "Pix by Name"
    ("Vesak lanterns are seen being made in Kirulapone, Colombo. Pix by Nisal Baduge",
     "Pix by Nisal Baduge", "Nisal Baduge"),
    ("Fans at the stadium. Pic by Jane Roe/AFP", "Pic by Jane Roe/AFP", "Jane Roe"),
])
def test_pic_and_pix_open_a_credit_as_photo_does(text, credit, person):
    c = one(text)
    assert (c.text, c.photographers) == (credit, [person])


@pytest.mark.parametrize("text", [
    "Photo of the week: Mont Blanc seen from Chamonix on Monday.",
    "Pix of the week: the Pic Saint-Loup seen from Montpellier on Monday.",
    "The observatory on Monday. Pic du Midi",
])
def test_a_bare_lead_in_word_before_lower_case_words_is_prose(text):
    assert parse_credits(text) == []


def test_a_bare_lead_in_word_still_opens_a_credit_before_a_name_or_an_organisation():
    assert one("Protesters in Paris on Monday. Photo Leigh Vogel/UPI").photographers == ["Leigh Vogel"]
    assert one("By Dave Weatherwax/Herald").agencies == ["Herald"]
