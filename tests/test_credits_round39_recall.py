"""Round 39, the rules' recall (REVIEW.md, "Round 39, the rules' recall past 90"): two kinds of organisation-only
credit the parser missed or read as a person on open-fold dev pages.

- Film studios and TV networks credited alone for their stills (registry entries, data): "… What a world. HBO"
  (nj.com g57-0006), "…  Paramount Pictures" (usatoday.com g63-0006), "  Legendary Pictures" (theithacan.org
  g63-0012). The credit names an organisation and no person (missing-photographer).
- A name of two words or more after a lead-in that says where the picture comes from ([names] source_leadins:
  "Source:", "Forrás:") with no given name in it is an organisation ("Source: Casamigos Tequila", cnbc.com
  g63-0026). A person's name there keeps its given name.
"""

from __future__ import annotations

from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one, rules_of

CAPTION = "Fans cheer in Lyon, France, June 3, 2021. "


def test_a_studio_or_network_alone_after_the_last_sentence_is_the_credit():
    c = one(CAPTION + "HBO")
    assert c.agencies == ["HBO"] and c.photographers == []
    c = one(CAPTION + " Paramount Pictures")
    assert c.agencies == ["Paramount Pictures"] and c.photographers == []
    assert "missing-photographer" in rules_of(CAPTION + "HBO")
    assert "missing-credit" not in rules_of(CAPTION + "HBO")


def test_a_studio_after_the_photographer_is_the_outlet():
    c = one(CAPTION + "Macall B. Polay/HBO")
    assert c.photographers == ["Macall B. Polay"] and c.agencies == ["HBO"]


def test_a_studios_name_in_the_captions_words_is_no_credit():
    c = one("HBO's new comedy opens in Los Angeles, June 3, 2021. Photo: Jane Roe")
    assert c.photographers == ["Jane Roe"] and c.agencies == []


def test_a_name_without_a_given_name_after_a_source_leadin_is_an_organisation():
    c = one(CAPTION + "| Source: Casamigos Tequila")
    assert c.photographers == [] and c.agencies == ["Casamigos Tequila"]
    assert "missing-photographer" in rules_of(CAPTION + "| Source: Casamigos Tequila")
    c = one(CAPTION + "Source: DARPA Cyber Grand Challenge")
    assert c.photographers == [] and c.agencies == ["DARPA Cyber Grand Challenge"]


def test_a_persons_name_after_a_source_leadin_stays_a_person():
    assert one(CAPTION + "Source: Jane Roe").photographers == ["Jane Roe"]
    assert one(CAPTION + "Forrás: Vida Márton Péter").photographers == ["Vida Márton Péter"]
    c = one(CAPTION + "Źródło: Paweł Dąbrowski/Super Express")
    assert c.photographers == ["Paweł Dąbrowski"]


def test_a_name_without_a_given_name_after_a_photo_leadin_is_not_read_by_the_source_rule():
    # "Photo:" says who took it: the source statement does not apply (the slot rules decide as before)
    assert one(CAPTION + "Photo: Casamigos Tequila").photographers == ["Casamigos Tequila"]


def _malformed(text: str) -> list[str]:
    item = Item(id=1, path=None, kind="caption", fields={"caption": text})
    return [f.message for f in check_item(item, make_context()) if f.rule == "malformed-credit"]


def test_a_credits_dash_glued_to_the_last_full_stop_is_run_into_the_text():
    # "… Yassin.- Foto Bernama" (sinarharian.com.my g65-0018), "… seconds.— KT photo by Shihab" (g13-0056)
    assert _malformed(CAPTION[:-2] + ".- Foto Bernama") == ["credit “- Foto Bernama” run into the text before it"]
    assert _malformed(CAPTION[:-2] + ".— Photo by Jane Roe") == ["credit “— Photo by Jane Roe” run into the text before it"]


def test_a_spaced_dash_or_an_abbreviations_stop_is_no_run_in():
    assert _malformed(CAPTION + "- Foto Bernama") == []
    assert _malformed("U.S.-led forces patrol in Kabul, June 3, 2021. (AP Photo/Jane Roe)") == []


def test_a_dash_wrapped_house_credit_glued_to_the_stop_is_no_run_in():
    # "… penonton.-Indra-" (sumeks.disway.id g65-0027, labelled clean): a dash on both sides, no blank
    assert _malformed(CAPTION[:-2] + ".-Indra-") == []
