"""Round 31, second sites (REVIEW.md, "Round 31, second sites"): the Icelandic photo lead-ins "Mynd:"
(picture:) and "Ljósmynd:" (photograph:), as Finnish "Kuva:" and German "Foto:"/"Bild:". Open-fold dev
sites: heimildin.is (g20-0006, f0: "… Mynd: Name" closing a caption) and skagastrond.is (g31-0002,
0003, f4: "Ljósmynd: Name" as a picture's caption). Without them no credit was found, so missing-credit
(an error) fell on captions that have one."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _credits(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(c.text, c.photographers, c.agencies) for c in parse_credits(text, "caption")]


@pytest.mark.parametrize("text, credits", [
    # g20-0006's form: the lead-in closing the caption
    ("Ráðherra ræðir við blaðamenn eftir fundinn á föstudag. Mynd: Jón Jónsson",
     [("Mynd: Jón Jónsson", ["Jón Jónsson"], [])]),
    # g31-0002's form: the caption is the credit alone
    ("Ljósmynd: Guðrún Sigurðardóttir", [("Ljósmynd: Guðrún Sigurðardóttir", ["Guðrún Sigurðardóttir"], [])]),
    # an organisation after the lead-in stays one
    ("Þyrlan lenti við sjúkrahúsið. Mynd: Landhelgisgæslan", [("Mynd: Landhelgisgæslan", [],
                                                             ["Landhelgisgæslan"])]),
])
def test_an_icelandic_photo_leadin_opens_a_credit(text, credits):
    assert _credits(text) == credits


@pytest.mark.parametrize("text", [
    # guards, no credit before or after: the word inside prose, without the colon
    "Myndin var tekin á Skagaströnd sumarið 2004.",
    "Hér er mynd af bátunum í höfninni.",
])
def test_the_word_in_prose_is_no_credit(text):
    assert _credits(text) == []


def test_a_credit_caption_is_not_given_missing_credit():
    ctx = make_context()
    text = "Ljósmynd: Guðrún Sigurðardóttir"
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}
    assert "missing-credit" not in rules
