"""The one credit a text holds, for the parser's tests (each round's file asked the same)."""

from __future__ import annotations

from app.credits import parse_credits
from app.model import Credit, Item
from app.rules import check_item, make_context


def one(text: str, field: str = "caption") -> Credit:
    credits = parse_credits(text, field)
    assert len(credits) == 1, credits
    return credits[0]


def rules_of(text: str) -> set[str]:
    """The rules a caption of ``text`` alone raises, on the default settings."""
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}),
                                       make_context())}


def read(text: str) -> list[tuple[list[str], list[str]]]:
    """Each credit of ``text`` as (photographers, organisations)."""
    return [(c.photographers, c.agencies) for c in parse_credits(text)]
