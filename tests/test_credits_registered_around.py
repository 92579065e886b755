"""credits._registered_around (speed37): the registered-name test of _trim_left, remembered by
the words it reads. It must answer what the loop over the whole word list answered, at every
position, and follow a change of the registry."""

from __future__ import annotations

import re

from app import credits


def _reference(words: list[str], i: int) -> bool:
    """The test as it read before speed37: every name of two or three words around ``words[i]``,
    over the whole list."""
    reg = credits._registry()
    for a in range(max(0, i - 2), i + 1):
        for b in range(i, min(len(words), a + 3)):
            if b > a and reg.canonical(" ".join(re.sub(r"[/|].*$", "", words[k]) if k == b else words[k]
                                                 for k in range(a, b + 1))) is not None:
                return True
    return False


def _window(words: list[str], i: int) -> bool:
    a0 = max(0, i - 2)
    return credits._registered_around(tuple(words[a0:i + 3]), i - a0, credits.GENERATION)


TEXTS = [
    "© picture alliance/SZ Photo",
    "Fans in Lyon on Monday. SWR/picture alliance/dpa",
    "the crowd on 3 June 2021. picture alliance / dpa | Jane Roe",
    "Officials said. Getty Images North America/AFP",
    "2018. REUTERS",
    "a",
    "Xinhua News Agency/Li Ming in Beijing",
    "on the way to the U.S. Air Force base",
]


def test_the_window_answers_as_the_whole_list_did() -> None:
    credits.parse_credits("warm-up (AP Photo/Jane Roe)")
    asked = found = 0
    for text in TEXTS:
        words = text.split()
        for i in range(len(words)):
            assert _window(words, i) is _reference(words, i), (text, i)
            asked += 1
            found += _reference(words, i)
    assert found >= 4 and asked > found  # both answers occur: "picture alliance", "Xinhua News Agency" ...


def test_a_registry_change_is_seen() -> None:
    words = ["Fans", "Harbor", "Gazette/Jane"]
    before = credits._registry()
    try:
        credits.use_registry(before.with_house((("Harbor Gazette", ()),)))
        assert _window(words, 1) is True
        credits.use_registry(before)
        assert _window(words, 1) is False
    finally:
        credits.use_registry(before)
