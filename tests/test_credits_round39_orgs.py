"""Round 39, organisations read as people (REVIEW.md, "Round 39, organisations read as people"): open-fold dev
credits whose organisation the parser read as the photographer, and a handout said only in the caption's words.

- Registry entries (data) for companies and a body that credit their own pictures: "Image: Bandai Namco",
  "Image: MINTROCKET" (kotaku.com g51-0035, g47-0003), "(Brand USA)" (independent.co.uk g51-0003), the Swiss
  portal "Bild: Watson" (aargauerzeitung.ch g25-0023); a person named Watson keeps a given name.
- [organisations] words "spca", "rspca": "Scottish SPCA/PA" (independent.co.uk g53-0012).
- One word in capitals after a source lead-in ([names] source_leadins) is an organisation: "SOURCE: FACTSET,
  DATATREK RESEARCH" (marketwatch.com g51-0010).
- "in this photo issued by" beside "released by" in [leadins] provided: "In this photo issued by ITV, … (ITV via
  AP)" (hosted.ap.org g11-0079) is a handout.
"""

from __future__ import annotations

from tests.creditcase import one, rules_of

CAPTION = "Fans cheer in Lyon, France, June 3, 2021. "


def test_a_registered_company_after_a_lead_in_is_no_photographer():
    for text, org in (("(Image: Bandai Namco)", "Bandai Namco"), ("(Image: MINTROCKET)", "MINTROCKET"),
                      ("(Brand USA)", "Brand USA"), ("(Bild: Watson)", "watson")):
        c = one(CAPTION + text)
        assert c.photographers == [] and c.agencies == [org], (text, c)
        assert "missing-photographer" in rules_of(CAPTION + text)


def test_an_animal_charity_before_its_agency_is_the_source_not_a_person():
    c = one(CAPTION + "(Scottish SPCA/PA)")
    assert c.photographers == [] and c.agencies[0] == "Scottish SPCA"
    c = one(CAPTION + "(RSPCA/PA)")
    assert c.photographers == [] and c.agencies[0] == "RSPCA"
    # a person before the agency keeps the photographer's slot
    c = one(CAPTION + "(Jane Roe/PA)")
    assert c.photographers == ["Jane Roe"]


def test_in_this_photo_issued_by_says_handout_as_released_by_does():
    body = ("In this photo issued by ITV, two leaders debate live on TV in Salford, England, Tuesday, Nov. 19, "
            "2019. (ITV via AP)")
    assert one(body).handout is True
    # the caption without the words says no handout
    assert one(body.replace("In this photo issued by ITV, two", "Two")).handout is False


def test_one_word_in_capitals_after_a_source_lead_in_is_an_organisation():
    # "SOURCE: FACTSET, DATATREK RESEARCH" (marketwatch.com g51-0010): a brand's or an acronym's shape
    c = one(CAPTION + "SOURCE: FACTSET, DATATREK RESEARCH")
    assert c.photographers == [] and c.agencies[0] == "FACTSET"
    # a person's full name there stays a person's
    assert one(CAPTION + "Source: Jane Roe").photographers == ["Jane Roe"]


def test_a_person_named_watson_keeps_the_photographer_slot():
    c = one(CAPTION + "(Photo: Emma Watson/Getty Images)")
    assert c.photographers == ["Emma Watson"]
