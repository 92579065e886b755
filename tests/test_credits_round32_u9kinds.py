"""Round 32, what blind batch u9 missed: a portrait caption with no credit read as a credit
(tests/data/realworld/REVIEW.md "Round 32, what u9 missed"). "<who the subject is>, <the subject's name>"
ending a caption was read as "Name, Outlet", the subject's name taken for an organisation, so
missing-credit was not raised. The captions are the development records' (dev g40, g5, g25)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    "Owner of Johnny’s Young Coconuts, Aaron Johnny Nerahoo",  # guardian.co.tt g40-0008
    "Miss World, Ms Rosanna Davison |",  # irishtimes.com g5-0275
    "Paris Haute Couture SS14, Serkan Cura",  # modabot.de g25-0039
])
def test_a_persons_name_after_a_comma_is_the_subject_not_an_outlet(caption: str) -> None:
    assert parse_credits(caption, "caption") == []
    assert "missing-credit" in _rules(caption)


@pytest.mark.parametrize(("caption", "photographer", "outlet"), [
    # an outlet after the comma or the slash stays one
    ("Fans cheer in Lyon. Scott Halasz, Greene County News", "Scott Halasz", "Greene County News"),
    ("Fans cheer in Lyon. Jane Roe, The Tribune", "Jane Roe", "The Tribune"),
    # an outlet whose first word is also a given name, after a slash (dev g13-0048 floridatoday.com)
    ("The rocket landed more than once. MALCOLM DENEMARK/FLORIDA TODAY", "MALCOLM DENEMARK", "FLORIDA TODAY"),
])
def test_a_credits_outlet_after_a_comma_or_slash_stays(caption: str, photographer: str, outlet: str) -> None:
    (c,) = parse_credits(caption, "caption")
    assert c.photographers == [photographer]
    assert c.agencies == [outlet]
