"""Round 30: the misses of batch g25 whose form is on two open-fold dev sites (REVIEW.md, "Round 30,
a new source"): an English "file photo" anywhere in the caption flags its credit file, as the
file-photo-unmarked rule already reads it; Pixabay, a free stock library, is an organisation, and
Shutterstock is known by its address as the other stock libraries are."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from tests.creditcase import one


@pytest.mark.parametrize("text", [
    # sandiegouniontribune.com (g12-0006): the date's points keep "In this … file photo" from matching
    "This Oct. 21, 2011, file photo shows workmen at an apartment building under construction in Williston, N.D. "
    "(AP Photo/James MacPherson)",
    # wivb.com (g25-0022): the caption is only the mark
    "File photo. (Credit: Getty Images)",
    "A 2019 archive picture of the harbour. (Photo by Jane Roe/AFP)",
])
def test_an_english_file_photo_anywhere_in_the_caption_flags_its_credit(text):
    assert one(text).file


@pytest.mark.parametrize("text", [
    "Her profile photo shows a cat in Lyon on June 3, 2021. (AP Photo/Jane Roe)",  # no word "file" of its own
    "Lawyers file photos of the damage in court in Lyon on June 3, 2021. (AP Photo/Jane Roe)",
    "Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga)",
])
def test_file_as_part_of_another_word_or_a_verb_flags_nothing(text):
    assert not one(text).file


@pytest.mark.parametrize("text, people, orgs", [
    # tierwelt.ch (g25-0040): the library alone on the credits line, after the caption's no-break space
    ("Rotfüchse werden in der Schweiz gejagt, um die Populationen stabil zu halten. Ihre Felle fallen somit quasi "
     "automatisch an, werden aber in den meisten Fällen entsorgt.\xa0\nPixabay", [], ["Pixabay"]),
    # basicthinking.de (g11-0094): by its address before the contributor's user name
    ("Was zeichnet erfolgreiche Tweets aus? (Foto: Pixabay.com / irfanahmad)", ["irfanahmad"], ["Pixabay"]),
    # channelpartner.de (g25-0015): Shutterstock by its address after the contributor
    ("Die Digitalisierung verändert unsere Arbeitswelt.\nFoto: SFIO CRACHO - shutterstock.com",
     ["SFIO CRACHO"], ["Shutterstock"]),
])
def test_stock_libraries_by_name_and_by_address(text, people, orgs):
    c = one(text)
    assert (c.photographers, c.agencies) == (people, orgs)
    assert text[c.start:c.end] == c.text


def test_an_unknown_word_alone_under_the_caption_is_still_no_credit():
    # what made Pixabay a credit is the registry, not its place on the last line
    assert parse_credits("Rotfüchse werden in der Schweiz gejagt.\xa0\nFuchsbau", "caption") == []


@pytest.mark.parametrize("text", [
    # aargauerzeitung.ch (g25-0025): a lone word after "Bild:" may be a surname (u7kinds30's rule); this one is
    # the picture agency
    "David Ben-Gurion ruft am 14. Mai 1948 in Tel Aviv den Staat Israel aus.\nBild: Imago",
    # mdr.de (g6-0065)
    "Enercon Niederlassung in Magdeburg\nBildrechte: IMAGO",
])
def test_imago_after_a_lead_in_is_the_agency_not_a_surname(text):
    c = one(text)
    assert (c.photographers, c.agencies) == ([], ["IMAGO"])
