"""Round 31, a new source: a weekday word that is also a name ("Domingo Guerra", the programme
"Domingo Legal") is no day, on two open-fold development sites (tests/data/realworld/REVIEW.md
"Round 31, a new source": dev g32-0034 latimes.com, g7-0122 entretenimento.r7.com). The captions
here are written for the test, in the forms the development records show."""

from __future__ import annotations

import tomllib

import pytest

from app.model import Item
from app.paths import resource
from app.rules import check_item, make_context
from app.rules.presence import says_when

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # a person's given name before the surname (dev g32-0034)
    "Chief Executive Domingo Guerra, left, confers with his team in San Francisco. (Ada Brin / For The Times)",
    # a programme's name (dev g7-0122)
    "Elenco do \"Domingo Legal\" no estúdio em São Paulo (Foto: Ada Brin/SBT)",
    # a surname after the given name
    "The tenor Plácido Domingo sings in Vienna. (Photo by Ada Brin/AP)",
])
def test_a_weekday_that_is_a_name_says_no_day(caption):
    assert "missing-date" in rules_of(caption)


@pytest.mark.parametrize("caption", [
    "Domingo, 5 de mayo, en Madrid. Foto: Ada Brin",  # opening the caption before a comma
    "Aficionados en Madrid el domingo. Foto: Ada Brin",  # lower case, as Spanish writes the day
    "Fans in Madrid on Sunday. (Photo by Ada Brin/AP)",
    "Domingo 5 de mayo en Madrid. Foto: Ada Brin",  # capitalised before the day number
])
def test_the_day_is_still_seen(caption):
    assert "missing-date" not in rules_of(caption)


def test_the_name_days_are_data():
    with open(resource("caption_words.toml"), "rb") as fh:
        assert "domingo" in tomllib.load(fh)["when"]["name_weekdays"]
    assert not says_when("Domingo Guerra confers with his team.")
    assert says_when("Domingo por la tarde en Madrid.")
