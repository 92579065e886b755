"""The slow paths hostile38 left open (hostile38b): the work grows linearly with the input.

As in test_hostile_round38.py: bounded, not timed. Python-level calls counted at n and 2n stay under
2.5x, or a direct assertion on what made the work quadratic (a pattern's start positions).
"""

from __future__ import annotations

import sys

from app.credits import parse_credits


def _calls(fn, *args) -> int:
    n = 0

    def hook(_frame, event, _arg):
        nonlocal n
        if event in ("call", "c_call"):
            n += 1

    sys.setprofile(hook)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return n


def test_the_address_search_starts_only_where_a_run_starts():
    # "." x 16,000 then a name: the search for a reporter's address tried from each full stop and ran to the end
    # (0.3 s in check_item, x4 a doubling); it starts only where a run of an address's characters starts now
    from app.credits import _EMAIL, _EMAIL_IN_TEXT, unplaced_credit  # noqa: PLC0415

    assert _EMAIL_IN_TEXT.match("." * 50, 1) is None
    assert _EMAIL_IN_TEXT.match("ab.cd@x.org", 1) is None
    for text in ("Text. ab.cd@x.org", "a-b@c.de, x.y@z.com", "..a@b.c", "no address @ here.", "x@y"):
        found = _EMAIL.search(text)
        m = _EMAIL_IN_TEXT.search(text)
        assert (m and m.span()) == (found and found.span()), text
    assert unplaced_credit("Warga berjalan. budi.s@antaranews.com") == (16, 37)


def test_many_leadin_credits_read_linearly():
    # "Foto: Anna Berg." x n: each credit asked whether its span was free of every credit taken before it
    # (2.8 s in parse_credits, x3.7 a doubling); the taken spans are kept in order and asked by bisection now
    def text(n: int) -> str:
        return "Foto: Anna Berg. " * n

    parse_credits(text(5))
    small, large = _calls(parse_credits, text(300)), _calls(parse_credits, text(600))
    assert large < 2.5 * small, (small, large)
    assert [c.photographers for c in parse_credits(text(3))] == [["Anna Berg"]] * 3
