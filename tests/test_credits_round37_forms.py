"""Round 37, single forms the blind batches u12/u13 showed (REVIEW.md, "Round 37, single forms from the blind
batches"), each fixed only where dev pages hold it (tests/data/realworld/dev/g58.jsonl).

- A Getty client that itself holds a slash: "(Photo by Dimitrios Kambouris/Getty Images for The Met Museum/Vogue)"
  sun-sentinel.com g58-0002/0003/0005, "Cindy Ord/MG22/Getty Images for The Met Museum/Vogue" eonline.com
  g58-0001. Everything after "for" is the client (tests/data/README.md), not a link of the chain; a registered
  organisation after the client still is ("… for Mercedes-Benz Fashion Week/AFP", dev g1).
"""

from __future__ import annotations

from app.credits import parse_credits


def _only(text: str):
    out = parse_credits(text, "caption")
    assert len(out) == 1, out
    return out[0]


def test_a_getty_client_holding_a_slash_is_the_client_whole():
    c = _only("Rihanna (Photo by Dimitrios Kambouris/Getty Images for The Met Museum/Vogue)")
    assert c.photographers == ["Dimitrios Kambouris"]
    assert c.agencies == ["Getty Images"] and c.distributor is None
    assert c.client == "The Met Museum/Vogue"


def test_a_getty_event_code_stays_in_the_chain_before_a_client_with_a_slash():
    c = _only("Cindy Ord/MG22/Getty Images for The Met Museum/Vogue")
    assert c.photographers == ["Cindy Ord"]
    assert c.agencies == ["MG22", "Getty Images"] and c.distributor == "Getty Images"
    assert c.client == "The Met Museum/Vogue"


def test_a_registered_agency_after_the_client_still_ends_the_chain():
    c = _only("Larry Busacca/Getty Images for Mercedes-Benz Fashion Week/AFP")
    assert c.agencies == ["Getty Images", "AFP"] and c.distributor == "AFP"
    assert c.client == "Mercedes-Benz Fashion Week"


def test_a_client_without_a_slash_is_unchanged():
    c = _only("(L-R) A$AP Rocky and Rihanna (Photo by Theo Wargo/Getty Images for Karl Lagerfeld)")
    assert c.photographers == ["Theo Wargo"] and c.agencies == ["Getty Images"] and c.client == "Karl Lagerfeld"
