"""Round 36, a separator at a credit's edge spaced on one side only (REVIEW.md, "Round 36, malformed,
directive and duplicate credits").

Inside a credit, a slash spaced on one side ("Name/ EPA") is malformed-credit already (credit_defects). The
same fault standing just outside the credit the parser reads went unseen: "… on Friday/ Photo by David
Silpa/UPI" (upi.com, dev g5-0262, fold 0), "Photo by - /AFP via Getty Images" (nationalpost.com, dev
g19-0008, fold 3; the parser reads "AFP via Getty Images" and leaves the dash), "시사1 곽상락 기자 |울산 …"
(sisaone.kr, dev g4-0316, fold 3). Two forms stay clean: a wire's slug in capitals before its credit
(Reuters' "To match feature AFGHANISTAN-BOXING/ REUTERS/Name", dev g6-0210) and Korean papers' "/Name 기자"
opening the credit after the sentence (dev g4-0026 hankookilbo.com, g7-0085 osen.co.kr, clean). The
separators are data (credit_forms.toml [separators] edge)."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

_UPI = ('Virginie Efira (L), Justine Triet (C) and Adele Exarchopoulos arrive on the red carpet before the screening '
        'of the film "Sybil" on Friday/ Photo by David Silpa/UPI')
_NATPOST = ("India’s Foreign Secretary Vikram Misri speaks during a press briefing in New Delhi on May 7, 2025. "
            "Photo by - /AFP via Getty Images")
_SISA = "시사1 곽상락 기자 |울산 12경중의 하나인 울산 동구에 위치한 대왕암 공원은 해가 가장 먼저 뜨는 곳이다."
_REUTERS = ("An Afghan woman lifts weights during a practice session inside a boxing club in Kabul December 28, 2011. "
            "To match feature AFGHANISTAN-BOXING/ REUTERS/Ahmad Masood")
_HANKOOK = "한나라당의원들이 본회의장에서 본회의시작을 기다리다 지쳐 잠을 자고있다 /최종욱 juchoi@hk.co.kr"
_OSEN = "장항준 감독의 작품에 출연한 서유정 강경준 이정헌 김진수 문원주가 포토타임을 갖고 있다. /민경훈 기자 rumi@osen.co.kr"


def _edge(text: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f for f in found if f.rule == "malformed-credit" and "space on one side" in f.message]


@pytest.mark.parametrize(("text", "sep"), [(_UPI, "/"), (_NATPOST, "/"), (_SISA, "|")])
def test_a_separator_at_the_credits_edge_spaced_on_one_side_is_malformed(text, sep):
    (f,) = _edge(text)
    assert f.severity.value == "error"
    assert sep in text[f.start:f.end]
    assert f.fix is None  # which side is wrong, only the page knows


@pytest.mark.parametrize("text", [
    _REUTERS, _HANKOOK, _OSEN,
    # spaced alike on both sides, or on neither: a house form
    "Residents wade through a flooded street in Porto on March 10, 2025. / AFP",
    "Residents wade through a flooded street in Porto on March 10, 2025 | Photo by Jane Roe/AFP",
    "시민들이 손을 흔들고 있다./연합",
    # a separator at the start of the credit's own line
    "Residents wade through a flooded street in Porto on March 10, 2025.\n/ Jane Roe",
])
def test_the_wire_slug_the_korean_form_and_even_spacing_stay_clean(text):
    assert not _edge(text)
