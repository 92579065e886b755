"""app.prefilter: RE2 over a look-around-free superset of a pattern never hides one of its matches."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from app import prefilter
from app.prefilter import Prefilter, Unsupported, superset
from app.rules import presence

re2 = pytest.importorskip("re2", reason="google-re2 (a dependency in pyproject.toml) is not installed")


def _matches_from_start(rx: re.Pattern[str], pf: Prefilter, text: str) -> list[tuple[int, int]]:
    at = pf.start(text)
    return [] if at is None else [m.span() for m in rx.finditer(text, at)]


def test_the_superset_drops_assertions_and_widens_classes() -> None:
    assert superset(r"(?<![\w.])\d{1,2}(?!\d)x\b$") == r"\p{Nd}{1,2}x"
    assert superset(r"[^\W\d_]++(?:['’][^\W\d_]++)*+") == r"[\p{L}\p{N}\p{M}_]+(?:['’][\p{L}\p{N}\p{M}_]+)*"
    assert superset(r"[\w'’.-]+\s+of") == r"[\p{L}\p{N}\p{M}_'’.-]+[\t\n\x{0b}\x{0c}\r \x{1c}-\x{1f}\x{85}\p{Z}]+of"
    assert superset(r"[\\w]") == r"[\\w]"  # a backslash and a "w", not a class
    assert superset(r"a}+b{1,4}+c{,2}d{}e{,}") == r"a}+b{1,4}c{0,2}d{}e{0,}"  # only a counted repeat is possessive
    for pattern in (r"(a)\1", r"(?i)abc", r"(?>ab)c", r"[\W]", r"\x41"):
        with pytest.raises(Unsupported):
            superset(pattern)
        assert Prefilter(re.compile(pattern)).start("anything") == 0  # scanned whole, as without RE2
    assert Prefilter(re.compile("abc", re.IGNORECASE)).start("ABC") == 0
    with pytest.raises(Unsupported):
        superset("x[[:alpha:]]")  # RE2 would read a POSIX class there (Python warns of a nested set)


def test_the_classes_cover_pythons_unicode_ones() -> None:
    # what superset() writes for \w, \s and \d holds every character Python's engine matches there
    for ch in map(chr, range(sys.maxunicode + 1)):
        cat = unicodedata.category(ch)
        if re.match(r"\w", ch):
            assert cat[0] in "LNM" or ch == "_", hex(ord(ch))
        if re.match(r"\s", ch):
            assert ch in "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85" or cat[0] == "Z", hex(ord(ch))
        if re.match(r"\d", ch):
            assert cat == "Nd", hex(ord(ch))


def test_random_patterns_keep_every_match() -> None:
    rng = random.Random(15)
    pieces = [r"(?<!\w)", r"(?<![\w.])", r"(?=\s)", r"(?!\d)", r"(?![^\W\d_A-Z])", r"\b", "^", "$", r"\w+", r"[^\W\d_]+",
              r"\d{1,2}", r"\s+", r"[\w'-]+", "a", "Ab", "(?:in|at)", r"[A-ZÀ-Þ]", "é", r"\.", "[ \t]*", "x++", r"[^\s=]", "x{1,2}+", "a{,2}", "}+"]
    alphabet = ["a", "A", "b", "in ", "at ", "1", "23", ".", "'", "-", "é", "É", "Ж", "日", "٣", "\u00a0", "\u3000",
                "\x1c", "\x85", "\n", "\t", " ", "x", "_", "="]
    for _ in range(400):
        pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        rx = re.compile(pattern)
        pf = Prefilter(rx)
        assert pf._re2 is not None, pattern
        for _ in range(40):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
            assert _matches_from_start(rx, pf, text) == [m.span() for m in rx.finditer(text)], (pattern, text)


def test_the_place_and_date_scans_find_what_they_found_without_re2(monkeypatch) -> None:
    when, where = presence._words()
    prefilters = (presence._when_prefilter(), Prefilter(where))
    assert all(p._re2 is not None for p in prefilters)  # the patterns are ones RE2 takes
    texts = ["Fans cheer in Lyon on Monday.", "A man walks his dog. (Photo by Jane Doe/AP)",
             "People gather at the Veterans Parade in Kent County, NY, on 12 March.",
             "Des manifestants rue Etienne Marcel hier.", "MARDI 1ER SEPTEMBRE", "the I-95 near Interstate 610",
             "im brandenburgischen Pösen", "KCNA via REUTERS", "日本の写真 2017年5月20日", "nothing here at all"]
    for text in texts:
        for rx, pf in zip((when, where), prefilters, strict=True):
            assert _matches_from_start(rx, pf, text) == [m.span() for m in rx.finditer(text)], text
    texts.append("Fans \udcff cheer in Lyon on Monday.")  # a lone surrogate: RE2 cannot read it, the scan runs whole
    assert prefilters[0].start(texts[-1]) == 0
    assert prefilters[0].start("Né à Zürich le 12 mars") == len("Né à Zürich le ")  # characters, not UTF-8 bytes
    with_re2 = [(presence.says_when(t), presence.says_where(t)) for t in texts]
    assert with_re2[-2] == (False, False) and with_re2[0] == with_re2[-1] == (True, True)
    monkeypatch.setattr(prefilter.Prefilter, "start", lambda self, text: 0)  # as without RE2
    assert [(presence.says_when(t), presence.says_where(t)) for t in texts] == with_re2


def test_the_place_scan_runs_without_re2(monkeypatch) -> None:
    # In a check RE2's automaton for the where pattern is cold at every caption and cost more than
    # Python's own scan (real captions: says_where 175-189 -> 131-141 us, docs/benchmarks.md,
    # speed34), so missing-location's scan never asks it; the date scan still does.
    def refuse(self, text):
        raise AssertionError("RE2 asked")
    monkeypatch.setattr(prefilter.Prefilter, "start", refuse)
    assert presence.says_where("Fans cheer in Lyon.") and not presence.says_where("A man walks his dog.")
    with pytest.raises(AssertionError):
        presence.says_when("Fans cheer on Monday.")


def _implies_the_where_gate(branch: list) -> bool:
    """Whether a branch of the where pattern can only start where presence._gated's test holds: after a
    non-word character ((?<!\\w), (?<![\\w-])) or on a capital of presence.WHERE_CAPITALS."""
    op, av = branch[0]
    if op is re._constants.ASSERT_NOT and av[0] == -1:
        (kind, items), = av[1]
        if kind is re._constants.IN and (re._constants.NEGATE, None) not in items \
                and (re._constants.CATEGORY, re._constants.CATEGORY_WORD) in items:
            return True
    rest = [(o, a) for o, a in branch if o not in (re._constants.ASSERT, re._constants.ASSERT_NOT)]
    op, av = rest[0]
    if op is re._constants.LITERAL:
        chars = [av]
    elif op is re._constants.IN and all(o in (re._constants.LITERAL, re._constants.RANGE) for o, _ in av):
        chars = [c for o, a in av for c in ([a] if o is re._constants.LITERAL else range(a[0], a[1] + 1))]
    else:
        return False
    capital = re.compile(f"[{presence.WHERE_CAPITALS}]")
    return all(capital.match(chr(c)) for c in chars)


def test_every_branch_of_the_where_pattern_starts_where_its_gate_says() -> None:
    # The gate before the where pattern's branches only skips positions where no branch can match:
    # each branch opens with (?<!\w) (or a wider look-behind) or on a capital of the gate's class.
    where = presence._words()[1]
    gate, (branch_op, (_, branches)) = re._parser.parse(where.pattern).data
    assert branch_op is re._constants.BRANCH and len(branches) > 8
    assert all(_implies_the_where_gate(b) for b in branches), [b[:2] for b in branches if not _implies_the_where_gate(b)]
    assert not _implies_the_where_gate(re._parser.parse(r"[a-z]+\s+County").data)  # a branch the gate would cut short
    assert not _implies_the_where_gate(re._parser.parse(r"(?<![^\W\d_])xx").data)  # "3xx": inside a word
    assert _implies_the_where_gate(re._parser.parse(r"(?<![^\W\d_])[A-Z]x").data)
    # and the spans, with the gate and without, over texts that start words every way
    ungated = re.compile(where.pattern[where.pattern.index(")(?:") + 4:-1])
    texts = ["Fans cheer in Lyon.", "McDonald County fair", "3Paris, TX, a town", "Interstate 610 and I-95", "rue Etienne Marcel",
             "the Kent County sheriff", "Perin galleriassa", "im brandenburgischen Pösen", "ΑΘΗΝΑ city", "xKent County"]
    for text in texts:
        assert [m.span() for m in where.finditer(text)] == [m.span() for m in ungated.finditer(text)], text
