"""Round 31, second sites (b) (REVIEW.md): the words-run-together check leaves a link the parser
reads as the organisation alone. "MuriaNewsCom" before a photographer (arsip.murianews.com, dev
g23-0005/0006) is the outlet's name written as one word, as "WireImage", "LightRocket", "BauerGriffin"
and "HackerRank" are on other open-fold sites; a clean caption got an error for it."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def run_together(text: str) -> list[str]:
    found = check_item(Item(id=0, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f.severity.value for f in found if f.rule == "malformed-credit" and "run together" in f.message]


@pytest.mark.parametrize("text, brand", [
    ("Sejumlah warga di Jepara mengikuti lomba, Minggu (MuriaNewsCom/Padhang Pranoto)", "MuriaNewsCom"),
    ("Sejumlah nelayan mengikuti acara di Rembang. (MuriaNewsCom/Edy Sutriyono)", "MuriaNewsCom"),
    ("A crowd outside the court in London on May 2, 2024. (BauerGriffin/Jane Doe)", "BauerGriffin"),
])
def test_a_brand_written_as_one_word_before_a_photographer_is_no_run_in(text, brand):
    (c,) = parse_credits(text, "caption")
    assert c.agencies == [brand] and c.photographers  # the parser's reading the rule now follows
    assert run_together(text) == []


@pytest.mark.parametrize("text", [
    "A crowd in Boston on May 2, 2024. (JohnTlumacki/Globe Staff)",  # dev g3-0229: a name before a known outlet
    "Fans at the stadium in Arlington on May 2, 2024. Brad LoperSpecial to the Star-Telegram",  # dev g3-0291
])
def test_a_photographers_name_run_together_stays_an_error(text):
    assert run_together(text) == ["error"]
