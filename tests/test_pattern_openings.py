"""speed38b's rewrites for speed (docs/benchmarks.md) give what the forms they replace gave: the stock-join
and agency-codes patterns opened with a character, misspelt's offsets from one split, words_of from findall."""

from __future__ import annotations

import random
import re

import pytest

from app import credits, spelling


def _texts(pieces: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_the_stock_join_pattern_matches_where_its_look_behind_form_did() -> None:
    new = credits._FORMS.stock_joins
    assert new.pattern.startswith(r"[ \t](?<=\S[ \t])[ \t]*(?:")
    old = re.compile(new.pattern.replace(r"[ \t](?<=\S[ \t])[ \t]*(?:", r"(?<=\S)[ \t]+(?:", 1))
    texts = _texts(["x", " ", "\t", " on ", "from", "\n", "Getty", "Unsplash", ".", ")", "/", "  ", "on",
                    " from  ", "Name"], 20000, 3)
    texts += ["Jane Doe on Unsplash", "Photo by Jane Doe  \t on\tUnsplash.", " on Pexels", "x\ton  Pexels)"]

    def found(p: re.Pattern[str]) -> list[list[tuple[tuple[int, int], str]]]:
        return [[(m.span(), m["lib"]) for m in p.finditer(t)] for t in texts]

    assert found(old) == found(new)
    assert sum(map(bool, found(new))) > 100  # the texts hold matches, not only misses


def test_the_agency_codes_pattern_matches_where_its_look_behind_form_did() -> None:
    new = credits._agency_codes_pattern(credits.GENERATION)
    assert new is not None
    heads = sorted({n for a in credits._registry().agencies if "desk-codes" in a.forms for n in (a.name, *a.aliases)},
                   key=len, reverse=True)
    old = re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(h) for h in heads)})" + new.pattern[new.pattern.index("[ \\t]*/"):])
    rng = random.Random(7)

    def credit() -> str:
        return (rng.choice(["", "x", "xANTARA", "(", " ", "é", "_", "Kata ", "1"])
                + rng.choice(["ANTARA", "ANTARA FOTO", "Antara", "Antara Foto", "antara", "Antara Fot"])
                + rng.choice(["", " ", "\t"])
                + "".join("/" + rng.choice(["Name", "Ab Cd", "", "Ade Putra"]) for _ in range(rng.randint(0, 5)))
                + "".join(rng.choice(["/", " / "]) + rng.choice(["foc", "hp", "Abc", "AB", "18", "abcde"])
                          for _ in range(rng.randint(0, 3)))
                + rng.choice(["", ".", ". Berita", ")", "\n", " x", '"']))

    texts = [credit() + rng.choice(["", " " + credit()]) for _ in range(20000)]

    def found(p: re.Pattern[str]) -> list[list[tuple[tuple[int, int], tuple[int, int]]]]:
        return [[(m.span(), m.span("codes")) for m in p.finditer(t)] for t in texts]

    assert found(old) == found(new)
    assert sum(map(bool, found(new))) > 100


def test_words_of_is_the_folded_words_of_each_match() -> None:
    for text in _texts(["x", " ", "Jong-il", "ß", "İ", "ﬁ", "'", "\u2019s", "ΣΑΣ", "a1", "_", "ЖЖ", "AFP"], 20000, 5):
        assert spelling.words_of(text) == {m.group(0).casefold() for m in spelling._PART.finditer(text)}


@pytest.mark.skipif(spelling.available() is not None, reason="chunspell is not installed")
def test_misspelt_gives_each_word_where_the_word_pattern_finds_it() -> None:
    checker = spelling.SpellChecker(known=["Ada Brin"])
    pieces = ["x", " ", "Jong-il", "-", "il", "teh", "the", "é", "'", "\u2019s", "@", "/", ".", "a1", "Zxq",
              "ЖЖ", "  ", "\n", "AFP", "Brinn", "harbour"]
    for text in _texts(pieces, 5000, 3):
        for extra in (frozenset(), frozenset({"zxq"})):
            expected = [(m.start(), m.end(), m.group()) for m in spelling._WORD.finditer(text)
                        if not checker.knows(m.group()) and len(m.group()) > 1
                        and not (extra and (spelling.base_word(m.group()).casefold() in extra
                                            or m.group().casefold() in extra))
                        and not spelling._tail_of_a_name(text, m.start(), m.group())]
            assert checker.misspelt(text, extra) == expected
