"""Round 38, inflected languages (tests/data/realworld/REVIEW.md "Round 38, inflected languages"). Polish,
Czech and Slovak captions of dev g64 (open folds only): a month alone in the caption's last bracket ("(Lipiec)",
July) is a loose date and no credit, so a caption with no credit gets missing-credit; Czech "dneska" (today) is
a relative day; Polish "Rynek" (a market square) capitalised before its name is a kind of place. Data in
resources/caption_words.toml; the month test in app/credits.py (_credit_like, _lone_word)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits, unplaced_credit
from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_when, says_where

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # kgnat.pl, dev g64-0013 and g64-0017 (labelled missing-credit, given none before)
    "Jeden z widzów podnosi córkę ponad tłum podczas koncertu na Kazimierzu. (Lipiec)",
    "Obraz autorstwa Gustawa Gwozdeckiego w Muzeum Narodowym. (Listopad)",
    "Kładka Bernatka w mroźny zimowy poranek. (Luty)",
])
def test_a_bracketed_month_alone_is_no_credit(caption: str) -> None:
    assert parse_credits(caption) == []
    assert unplaced_credit(caption) is None
    assert "missing-credit" in _rules(caption)


@pytest.mark.parametrize("caption", [
    "Kładka Bernatka w mroźny zimowy poranek. (Anna Nowak)",  # a name in the last bracket: not sure there is none
    "Kładka Bernatka w mroźny zimowy poranek. (Maj Nowak)",  # a month's word that opens a name stays a name
])
def test_a_bracketed_name_still_stands_in_for_a_credit(caption: str) -> None:
    assert unplaced_credit(caption) is not None
    assert "missing-credit" not in _rules(caption)


def test_a_month_alone_is_still_no_date() -> None:
    assert not says_when("Jesienne Planty. (Listopad)")


def test_czech_dneska_is_a_relative_day() -> None:
    # zpravy.aktualne.cz, dev g64-0005 (labelled with a day, given missing-date before)
    assert says_when('"A my bychom si dneska možná více než kdy jindy měli uvědomovat," uvedl Rakušan.')


@pytest.mark.parametrize("text", [
    "Turystka przygląda się występom podczas Festiwalu Teatrów Ulicznych na Rynku Głównym.",  # g64-0014
    "Rynek Główny. Linia A-B, czyli pierzeja północna.",
])
def test_polish_rynek_before_its_name_is_a_place(text: str) -> None:
    assert says_where(text)


def test_the_market_of_economics_is_no_place() -> None:
    assert not says_where("Sytuacja na rynku pracy jest trudna, mówi ekonomista.")
