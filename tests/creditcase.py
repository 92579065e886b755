"""The one credit a text holds, for the parser's tests (each round's file asked the same)."""

from __future__ import annotations

from app.credits import parse_credits
from app.model import Credit


def one(text: str, field: str = "caption") -> Credit:
    credits = parse_credits(text, field)
    assert len(credits) == 1, credits
    return credits[0]
