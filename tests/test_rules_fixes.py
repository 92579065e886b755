"""Fixes that do what they say and make nothing worse: each fix that added a finding, at its cause."""

from __future__ import annotations

import pytest

from app.model import Item, Severity
from app.rules import check_item, make_context

CTX = make_context()
BODY = "Fans cheer at Qualcomm Stadium in San Diego, June 3, 2021."


def check(caption: str):
    return check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)


def one(rule: str, caption: str):
    (f,) = [f for f in check(caption) if f.rule == rule]
    return f


def worse(caption: str, fixed: str) -> set[str]:
    """The errors and warnings ``fixed`` has that ``caption`` had not."""
    def kept(text):
        return {f.rule for f in check(text) if f.severity in (Severity.ERROR, Severity.WARNING)}
    return kept(fixed) - kept(caption)


@pytest.mark.parametrize("credit, spaced", [
    ("Brad LoperSpecial to the Star-Telegram", "Brad Loper Special to the Star-Telegram"),  # dev g3-0291
    ("(JohnTlumacki/Globe Staff)", "(John Tlumacki/Globe Staff)"),  # dev g3-0229
])
def test_words_run_together_are_split_where_they_meet(credit, spaced):
    # the space went two letters early ("Brad Lop erSpecial"), and the credit was lost
    caption = f"{BODY} {credit}"
    f = one("malformed-credit", caption)
    assert f.fix.apply(caption) == f"{BODY} {spaced}"
    assert not worse(caption, f.fix.apply(caption))
