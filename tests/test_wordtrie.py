"""app.wordtrie: a word list as a trie-shaped pattern matches what the longest-first join does."""

from __future__ import annotations

import random
import re
import tomllib

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
