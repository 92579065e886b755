"""Word lists as regular expressions the engine scans fast.

``"|".join(sorted(map(re.escape, words), key=len, reverse=True))`` is how a list of words
becomes one alternation, longest first. Python's engine tries such an alternation word by word
at every position it is asked about: a few hundred place names cost it a few hundred tests at
each word of a caption. ``word_alternation`` spells the same list as a trie ("Jan(?:\\.|uary)?"),
which the engine walks character by character, so a position where no word starts costs one
test. The matches are the same and so is their order of preference (see the function), so a
pattern keeps every decision it made: the missing-location and missing-date scans of a caption
went 71 -> 44 and 62 -> 39 us (the 20,000 bench captions; real captions 85 -> 54, 79 -> 49).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_alternation(words: Iterable[str]) -> str:
    """A pattern that matches what ``"|".join(sorted(map(re.escape, set(words)), key=len,
    reverse=True))`` matches, preferring the same word at every position: of the words that
    match at one position one is always a prefix of the other, and both forms try the longer
    first (here: a node's continuations before the word that ends at it, the optional group
    being greedy). Words that do not share a prefix cannot both match at one position, so
    their order does not matter. Empty for no words, as the join is. Not for patterns
    compiled with IGNORECASE, where two different characters can match one."""
    root: dict[str, dict] = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _render(root)


def word_start_alternation(words: Iterable[str]) -> str:
    """A pattern that matches what ``(?<!\\w)(?:word_alternation(words))`` matches, at the same
    positions, preferring the same word: each first character opens its branch and the test that
    no word character stands before it follows it (``(?<!\\w.)`` one character on). A pattern
    that opens with a look-behind leaves the engine to try it at every position of the text;
    one whose branches open with characters lets it skip, in C, every position whose character
    opens none (the other-language weekdays' scan of find_local_dates, 2.66 -> 1.45 us a gate
    caption, speed38). Words opening with a line break or the empty word keep the first form
    ("." matches no line break)."""
    words = set(words)
    if not words or "" in words or any(w[0] == "\n" for w in words):
        return rf"(?<!\w)(?:{word_alternation(words)})"
    tails: dict[str, list[str]] = {}
    for w in words:
        tails.setdefault(w[0], []).append(w[1:])
    branches = []
    for ch, rest in sorted(tails.items()):
        body = word_alternation(rest)  # "" when the character is a word of its own
        branches.append((ch if ch.isalnum() else re.escape(ch)) + r"(?<!\w.)" + (f"(?:{body})" if body else ""))
    return "(?:" + "|".join(branches) + ")"


def _render(node: dict[str, dict]) -> str:
    # a letter needs no escape, and re.escape a character at a time was most of the build
    kids = [(ch if ch.isalnum() else re.escape(ch), _render(sub)) for ch, sub in sorted(node.items()) if ch]
    if not kids:
        return ""
    if len(kids) > 1:
        body = "(?:" + "|".join(ch + rest for ch, rest in kids) + ")"
    else:
        ch, rest = kids[0]
        body = ch + rest
        if "" in node and rest:
            body = f"(?:{body})"  # "?" below must make the whole continuation optional
    return body + "?" if "" in node else body


# How often the trie must find a word before ``any_in`` tries it first with ``in``, and how
# many words it tries so (see any_in).
_FRONT_AFTER = 8
_FRONT_SIZE = 3
_SCANS: dict[int, tuple[tuple[str, ...], list]] = {}  # by id(words): the words (alive) and their scan


def any_in(words: tuple[str, ...], text: str) -> bool:
    """``any(w in text for w in words)``, the same answer for every text, in one scan of
    ``text``: the words as a trie (``word_alternation``), which finds a substring equal to
    one of them wherever any is. A long list tested word by word scans the caption once a word;
    the words the trie has found most often (``_FRONT_AFTER`` times) are tried first with
    ``in``, whose search reads a text faster than the engine ("phot" or "ap" is in most
    captions that hold a lead-in word), which changes the cost, never the answer. Worth it for
    long lists that most texts miss (speed38, callgrind, the gate's captions as the check asks:
    the 108 lead-in first words 50.8 -> 37.5 K instructions a call, the 38 desk substrings
    37.0 -> 22.5 K); a list of ten words or fewer is cheaper word by word (4-10 words: 9.5 ->
    12.8 K and worse). With RE2 (``app.prefilter``), its automaton finds where the first word
    is, or that none is, and the engine reads the word there (the lead-in words 37.5 -> 17.2 K,
    the desk substrings 22.5 -> 14.5 K). ``words``: a tuple kept for the process's life (its
    scan is made once, found by the tuple's identity)."""
    scan = _SCANS.get(id(words))
    if scan is None or scan[0] is not words:
        pattern = word_alternation(words)
        rx = re.compile(pattern) if pattern else None
        scan = _SCANS[id(words)] = (words, [(), rx.search if rx else None, {}, _prefilter(rx)])
    front, search, found, prefilter = scan[1]
    for w in front:
        if w in text:
            return True
    if search is None:  # no words; or only the empty word, which every text holds
        return "" in words
    at = prefilter(text) if prefilter is not None else 0  # None: no word in the text
    if at is None:
        return False
    m = search(text, at)
    if m is None:
        return False
    w = m.group()
    n = found.get(w, 0) + 1
    if n < _FRONT_AFTER or w in front:
        found[w] = n
    else:  # found often enough: tried first from now on, in place of the oldest
        found[w] = 0
        scan[1][0] = (w, *front[:_FRONT_SIZE - 1])
    return True


def _prefilter(rx: re.Pattern[str] | None):
    """RE2's search for ``rx`` (``app.prefilter.Prefilter.start``), or None without RE2."""
    if rx is None:
        return None
    from app.prefilter import Prefilter  # noqa: PLC0415 - the few word lists that use it, once each

    try:
        p = Prefilter(rx)
    except UnicodeEncodeError:  # a word with a lone surrogate, which UTF-8 cannot hold
        return None
    return p.start if p._re2 is not None else None
