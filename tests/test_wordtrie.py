"""app.wordtrie: a word list as a trie-shaped pattern matches what the longest-first join does."""

from __future__ import annotations

import random
import re
import tomllib

import pytest

from app.paths import resource
from app.wordtrie import word_alternation


def _joined(words: set[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def test_a_trie_prefers_the_longer_word_as_the_join_does() -> None:
    pattern = word_alternation(["Jan", "Jan.", "January", "June"])
    assert pattern == r"J(?:an(?:\.|uary)?|une)"
    assert re.match(pattern, "January 3").group(0) == "January"
    assert re.match(pattern, "Jan. 3").group(0) == "Jan."
    # what follows the word decides as it did: the longer word first, then the shorter one
    assert re.match(f"(?:{pattern})(?=\\.)", "Jan.").group(0) == "Jan"
    assert word_alternation([]) == "" == _joined(set())


def test_random_word_lists_match_as_their_longest_first_join() -> None:
    rng = random.Random(15)
    letters = "ab.c"
    for _ in range(2000):
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))}
        for tail in ("", "(?!b)", "c", r"\.?b$", "(?=a)"):
            old, new = re.compile(f"(?:{_joined(words)}){tail}"), re.compile(f"(?:{word_alternation(words)}){tail}")
            for _ in range(5):
                text = "".join(rng.choice(letters + " ") for _ in range(rng.randint(0, 12)))
                assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], \
                    (words, tail, text)


def test_the_place_names_match_as_they_did() -> None:
    with open(resource("caption_words.toml"), "rb") as fh:
        names = set(tomllib.load(fh)["where"]["names"])
    old = re.compile(rf"(?<!\w)(?:{_joined(names)})(?!\w)")
    new = re.compile(rf"(?<!\w)(?:{word_alternation(names)})(?!\w)")
    text = " ".join(sorted(names)) + " South Sudanese Guinea-Bissau New Yorkers Congo, Niger Nigeria"
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    assert len(list(new.finditer(text))) > len(names) // 2


@pytest.mark.parametrize("re2", [True, False])
def test_any_in_answers_as_any_word_in_the_text(re2: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import wordtrie  # noqa: PLC0415
    from app.wordtrie import _FRONT_AFTER, any_in  # noqa: PLC0415

    if not re2:  # as without google-re2: the engine's trie alone
        monkeypatch.setattr(wordtrie, "_prefilter", lambda rx: None)
    rng = random.Random(38)
    letters = "ab.cé\ud800"  # a lone surrogate: RE2 reads UTF-8, the engine decides
    for _ in range(300):
        # a tuple of its own each round, as a caller's list is: its scan is made once and kept
        words = tuple({"".join(rng.choice(letters) for _ in range(rng.randint(0 if rng.random() < 0.05 else 1, 3)))
                       for _ in range(rng.randint(0, 6))})
        # many texts a tuple, so the words the trie finds most are tried first for the later ones
        for _ in range(4 * _FRONT_AFTER):
            text = "".join(rng.choice(letters + " ") for _ in range(rng.randint(0, 10)))
            assert any_in(words, text) is any(w in text for w in words), (words, text)


def test_any_in_after_the_front_words_still_finds_the_others() -> None:
    from app.wordtrie import _FRONT_AFTER, _FRONT_SIZE, _SCANS, any_in  # noqa: PLC0415

    words = ("phot", "ap", "by", "©", "写真:", "file")
    for _ in range(_FRONT_AFTER):
        assert any_in(words, "AP Photo/Jane Doe".lower())  # "ap" at 0: the trie finds it first
        assert any_in(words, "Photo: Jane Doe".lower())
    front = _SCANS[id(words)][1][0]
    assert set(front) == {"ap", "phot"} and len(front) <= _FRONT_SIZE
    assert any_in(words, "© Jane Doe") and any_in(words, "写真: 共同") and any_in(words, "a file picture")
    assert not any_in(words, "Fans cheer in Lyon.") and not any_in(words, "") and not any_in(words, "AP")
    assert not any_in((), "anything") and any_in(("",), "") and any_in(("", "x"), "y")


def test_word_start_alternation_matches_as_the_look_behind_before_the_trie() -> None:
    from app.wordtrie import word_start_alternation  # noqa: PLC0415

    rng = random.Random(381)
    letters = "ab.é_\n"
    for _ in range(1500):
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(0 if rng.random() < 0.03 else 1, 4)))
                 for _ in range(rng.randint(0, 7))}
        for tail in ("", "(?!b)", r"(?!\w)", "a", r"\.?b$"):
            old = re.compile(rf"(?<!\w)(?:{word_alternation(words)}){tail}")
            new = re.compile(f"(?:{word_start_alternation(words)}){tail}")
            for _ in range(5):
                text = "".join(rng.choice(letters + " 1") for _ in range(rng.randint(0, 12)))
                assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], \
                    (words, tail, text)
    # its branches open with characters, so the engine skips positions by them
    assert word_start_alternation(["Montag", "Monday", "lunes"]) == r"(?:M(?<!\w.)(?:on(?:day|tag))|l(?<!\w.)(?:unes))"


def test_the_other_languages_dates_are_found_as_they_were() -> None:
    from app.rules.datefind import _calendars, find_local_dates  # noqa: PLC0415

    pattern = _calendars().pattern.pattern
    assert not pattern.startswith(r"(?<!\w)")
    texts = ["Dienstag, 9. Dezember 2026", "am Dienstag, 9. Dezember", "xDienstag, 9. Dezember 2026",
             "DIENSTAG 9. DEZEMBER", "el lunes 3 de marzo de 2025 en Madrid", "3lunes 3 de marzo", "_lunes 3 de marzo",
             "mardi 4 mars 2025, à Paris", "Fans, Mittwoch (10. Juni) in Berlin", "ÉLunes 3 de marzo"]
    found = [[(d.start, d.end, d.weekday, d.day, d.month, d.year, d.language) for d in find_local_dates(t)] for t in texts]
    # as the start of round 38 found them (the weekday after a word character is none), and French, whose
    # calendar walk21 added in the same round ("mardi 4 mars 2025")
    assert found == [[(0, 26, 1, 9, 12, 2026, "de")], [(3, 24, 1, 9, 12, None, "de")], [], [(0, 20, 1, 9, 12, None, "de")],
                     [(3, 27, 0, 3, 3, 2025, "es")], [], [], [(0, 17, 1, 4, 3, 2025, "fr")], [(6, 24, 2, 10, 6, None, "de")],
                     []]
