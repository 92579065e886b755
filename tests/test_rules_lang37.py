"""Round 37, other languages' forms from u14-u16 (tests/data/realworld/REVIEW.md "Round 37, other languages'
forms from u14-u16"). Hungarian writes its dates with the month's name and a day number carrying a case
ending ("2025. március 24-én"), "in"/"on"/"from" as the end of a town's name ("Szombathelyen", "Debrecenben"),
and its squares and streets as a kind after the name in the sentence's case ("a Széna térről"). Examples
from the open folds of dev g61; data (resources/caption_words.toml, resources/credit_forms.toml) and the
five-letter stem of app/rules/presence.py's case endings that other languages' words end in too."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_when, says_where

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("text", [
    # 444.hu, dev g61-0001 (clean, given missing-date before)
    "A miniszterelnök az Országgyűlés plenáris ülésén 2025. március 24-én.",
    "Ünnepi beszéd 2024. március 15-én.",
    "A május 1-jei felvonulás résztvevői",
])
def test_a_hungarian_month_with_its_suffixed_day_says_when(text: str) -> None:
    assert says_when(text)


@pytest.mark.parametrize("text", [
    "Ünnepség márciusban",  # a month alone (its inessive) is no date
    "A május hónap legszebb napjai",  # a month's name with no day number
])
def test_a_hungarian_month_without_a_day_is_no_date(text: str) -> None:
    assert not says_when(text)


@pytest.mark.parametrize("text", [
    # vaol.hu g61-0026 (there run into its credit): a town with its case ending
    "Kigyulladt egy busz Szombathelyen",
    "A tüntetők a belvárosban, Debrecenben vonultak",
    "A koncert Prágában volt",  # the final "a" lengthened before the ending
    # origo.hu g61-0006, likebalaton.hu g61-0013: a square, a street, a promenade in its case
    "A Békemenet a Széna térről indult",
    "A menet vége az Alkotmány utcában rekedt",
    "A Panoráma sétányon álló szobor",
    # g61-0011 the lake; g61-0001 the parliament, as Korea's 국회
    "Hűvös, párás őszi reggeleken gyönyörű a Balaton",
    "A miniszterelnök válaszol az Országgyűlés plenáris ülésén",
])
def test_hungarian_places_in_their_cases_are_places(text: str) -> None:
    assert says_where(text)


@pytest.mark.parametrize("text", [
    "Sokáig vártak a mentők",  # "for long", no case of Sōka: no terminative "-ig"
    "Garden party after the Kongen final",  # other languages' words ending so: a stem of five letters or more
    "Orbán Viktor tér vissza a politikába",  # "tér" the verb (returns), not a square
    "Magyar Péter úton van a gyűlésre",  # "úton" (on the way), not a road
    "Törley Katalin a Kölcsey Ferenc Gimnázium egyik eltávolított tanára",  # g61-0004
])
def test_hungarian_words_that_look_like_places_are_none(text: str) -> None:
    assert not says_where(text)
    assert "missing-location" in _rules(text)


def test_a_hungarian_reader_reporter_credit_is_a_handout() -> None:
    # delmagyar.hu g61-0010: "olvasó-tudósító" (reader-reporter) before the name, as Malay "Ihsan pembaca"
    (c,) = parse_credits("A sok víztől a Zápor-tó is kilépett a medréből. Fotók: olvasó-tudósító/Oláh Tamás",
                         "caption")
    assert c.photographers == ["Oláh Tamás"] and c.agencies == [] and c.handout

