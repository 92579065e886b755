"""The credit parser's stop search (where a free-standing credit ends before a desk's trailer):
exact against the plain regex search, and read in one pass, not once per credit, so a long
caption's many credits cost the text's length, not its square (docs/reliability.md #10)."""

from __future__ import annotations

import dataclasses
import random

import app.credits as credits
from app.credits import parse_credits
from app.rules.base import MAX_CHECKED_CHARS

_WORDS = ("Fans cheer in Lyon, France, Monday, June 3, 2021. REUTERS/Ada Brin (AP Photo/Jo Bo) "
          "Ã© &amp; file photo Sep. the the EMBARGOED").split()


def _plain(text: str, lo: int, hi: int) -> int | None:
    m = credits._FORMS.stop.search(text, lo, hi)
    return None if m is None else m.start()


def test_the_stop_search_is_the_regex_search_exactly():
    rnd = random.Random(7)
    # stops overlapping ("HANDOUT EDITORIAL USE ONLY" holds "EDITORIAL USE ONLY"), ones a cut makes
    # ("WARNINGS" read to "WARNING"), ones without a word boundary of their own ("Tags:", "kod ")
    pieces = _WORDS + ["HANDOUT EDITORIAL USE ONLY", "WARNINGS", "WARNING", "Tags:", "kod x", "TPX", "TPXS",
                       "MANDATORY CREDIT", "Read more", "END", "ENDS"]
    for _ in range(6):
        text = " ".join(rnd.choice(pieces if rnd.random() < 0.02 else _WORDS) for _ in range(4000))
        credits._stop_starts.cache_clear()
        for _ in range(400):
            lo = rnd.randrange(len(text))
            hi = rnd.choice([len(text), rnd.randrange(lo, len(text) + 1)])
            assert credits._stop_start(text, lo, hi) == _plain(text, lo, hi), (lo, hi)
        # every cut at the end of a stop phrase and just inside one, from far before it
        for m in credits._FORMS.stop.finditer(text):
            for hi in (m.start() + 1, m.end() - 1, m.end(), m.end() + 1):
                for lo in (0, max(0, m.start() - 5000), m.start()):
                    assert credits._stop_start(text, lo, hi) == _plain(text, lo, hi), (lo, hi)


class _Reads:
    """A compiled pattern that adds up how many characters its searches are given to read."""

    def __init__(self, pattern, tally: list[int]) -> None:
        self._pattern = pattern
        self._tally = tally

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        self._tally[0] += max(0, min(len(text), len(text) if endpos is None else endpos) - pos)
        return self._pattern.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        self._tally[0] += len(text) - pos if endpos is None else endpos - pos
        return self._pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    def __getattr__(self, name: str):
        return getattr(self._pattern, name)


def test_a_long_caption_of_credits_reads_its_text_for_stops_a_bounded_number_of_times(monkeypatch):
    rnd = random.Random(3)
    text = " ".join(rnd.choice(_WORDS) for _ in range(20_000))[:MAX_CHECKED_CHARS]
    tally = [0]
    forms = credits._FORMS
    changes = {"stop": _Reads(forms.stop, tally)}
    if hasattr(forms, "stop_at"):
        changes["stop_at"] = _Reads(forms.stop_at, tally)
    monkeypatch.setattr(credits, "_FORMS", dataclasses.replace(forms, **changes))
    credits._stop_starts.cache_clear() if hasattr(credits, "_stop_starts") else None
    found = parse_credits(text, "caption")
    assert len(found) > 500  # many credits, each of which looks for its stop
    # a stop-free text: each credit's search ran to the end of the text, hundreds of times its length
    assert tally[0] <= 4 * len(text), tally[0] / len(text)
