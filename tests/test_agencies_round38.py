"""Round 38, organisations of dev batch g67 and of g1-0322 the registry did not know (REVIEW.md, "Round 38, the
rules' recall"): a film still's "Photograph: Universal/Everett/Rex" (theguardian.com g67-0011), a news site credited
alone in the last bracket, "(AL.com)" (washingtonpost.com g67-0004), and "[eastday.com]" (global.chinadaily.com.cn
g1-0322). Each names organisations and no person (missing-photographer). "Everett" as a person's first or last name
stays the person's.
"""

from __future__ import annotations

from app.credits import parse_credits

CAPTION = "Fans cheer in Lyon, France, June 3, 2021. "


def _only(text: str):
    out = parse_credits(text, "caption")
    assert len(out) == 1, out
    return out[0]


def test_a_film_stills_chain_of_studio_archive_and_agency_names_no_person():
    c = _only(CAPTION + "Photograph: Universal/Everett/Rex")
    assert c.photographers == []
    assert c.agencies == ["Universal Pictures", "Everett Collection", "Rex Features"]
    assert c.distributor == "Rex Features"


def test_a_news_site_alone_in_the_last_bracket_is_its_credit():
    assert _only(CAPTION + "(AL.com)").agencies == ["AL.com"]
    c = _only(CAPTION + "[eastday.com]")
    assert c.agencies == ["eastday.com"] and c.photographers == []


def test_everett_in_a_persons_name_stays_the_persons():
    assert _only(CAPTION + "EPA/Everett Kennedy Brown").photographers == ["Everett Kennedy Brown"]
    assert _only(CAPTION + "(Photo by Rupert Everett/AP)").photographers == ["Rupert Everett"]
