"""Where a large Python pattern can first match, found by RE2 in one linear pass.

Python's engine tries a pattern at every position of a text it is asked to search; a scan
that finds nothing pays that at every character. missing-date's ``when`` pattern (a few
hundred dates, weekdays and relative words in many languages) and missing-location's
``where`` pattern (places, prepositions, kinds of place) scan whole captions that way, and
their look-arounds keep them out of RE2, whose automaton reads a text once.

A :class:`Prefilter` holds the pattern with every look-around and anchor removed and each
class widened to cover Python's Unicode one (``superset``): a *superset* of it. Every match of
the pattern at a position is a match of the superset there, so where RE2 finds no superset
match the pattern matches nowhere, and where it does the pattern's first match starts at or
after the superset's first (RE2 finds the leftmost). The caller runs Python's pattern from
there: the same matches, the same decisions, and most of the scan skipped.

Whether it pays is measured per pattern in a check, not in a loop of searches: between two
captions the other rules push RE2's automaton out of the CPU's caches, and a cold search of a
real caption costs ~60-100 us (speed34, docs/benchmarks.md). missing-date's ``when`` pattern
keeps it (its says_when 93-94 -> 83-87 us a real caption); missing-location's ``where`` pattern
does not use it (Python's own scan is cheaper there).

Without RE2 (``google-re2`` not installed) or for a pattern it cannot take, ``start`` says 0:
the scan runs whole, as before.
"""

from __future__ import annotations

import re

# Python's \w, \s and \d on str patterns, as RE2 classes (RE2's own are ASCII). Checked over
# every code point of Python's Unicode database (tests/test_prefilter.py): \w is isalnum() or
# "_", all in L, N, M; \s is the ASCII blanks, \x1c-\x1f, \x85 and Z; \d is Nd.
_WORD = r"\p{L}\p{N}\p{M}_"
_SPACE = r"\t\n\x{0b}\x{0c}\r \x{1c}-\x{1f}\x{85}\p{Z}"
_DIGIT = r"\p{Nd}"
_POSITIVE = {"w": f"[{_WORD}]", "s": f"[{_SPACE}]", "d": _DIGIT}
_IN_CLASS = {"w": _WORD, "s": _SPACE, "d": _DIGIT}
_ZERO_WIDTH = ("(?<!", "(?<=", "(?=", "(?!")
_COUNT = re.compile(r"\{(\d*)(,\d*)?\}\+?")  # a counted repeat, possessive or not
_PLAIN_ESCAPES = set("tnrfv\\.^$*+?()[]{}|-'/&#@:,\"=")


class Unsupported(ValueError):
    """The pattern holds a construct ``superset`` does not widen safely."""


def superset(pattern: str) -> str:
    """``pattern`` (Python syntax, no flags but the default UNICODE) without its look-arounds,
    anchors and word boundaries, its classes widened to Python's Unicode meaning, its
    possessive quantifiers greedy: every match of ``pattern`` is a match of the result, in RE2
    syntax. Raises :class:`Unsupported` for what it cannot widen (back-references, atomic
    groups, inline flags, negated classes of classes such as ``\\W``)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1:i + 2]
            i += 2
            if e in ("b", "B", "A", "Z"):
                continue  # zero-width: dropping one only widens
            if e in _POSITIVE:
                out.append(_POSITIVE[e])
            elif e == " ":
                out.append(" ")
            elif e in _PLAIN_ESCAPES:
                out.append("\\" + e)
            else:
                raise Unsupported(f"\\{e}")
            continue
        if c == "[":
            j = _class_end(pattern, i)
            if "[:" in pattern[i + 1:j - 1]:
                raise Unsupported(pattern[i:j])  # RE2 would read "[:alpha:]" inside as a POSIX class
            out.append(_widen_class(pattern[i:j]))
            i = j
            continue
        if c == "(" and pattern.startswith(_ZERO_WIDTH, i):
            i = _group_end(pattern, i)
            continue
        if c == "(" and pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?P<"), i):
            raise Unsupported(pattern[i:i + 4])
        if c in "^$":
            i += 1  # anchors are zero-width too
            continue
        if c == "{" and (q := _COUNT.match(pattern, i)) and (q.group(1) or q.group(2)):
            out.append(f"{{{q.group(1) or 0}{q.group(2) or ''}}}")  # RE2 reads "{,4}" as text: "{0,4}"
            i = q.end()  # "{1,4}+", possessive: greedy matches at least what it does
            continue
        if c in "+*?" and pattern[i + 1:i + 2] == "+":
            out.append(c)  # possessive, as above
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _class_end(p: str, i: int) -> int:
    """The index after the class that opens at ``p[i]``."""
    j = i + 1
    if p[j:j + 1] == "^":
        j += 1
    if p[j:j + 1] == "]":
        j += 1
    while p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    return j + 1


def _group_end(p: str, i: int) -> int:
    """The index after the group that opens at ``p[i]``."""
    depth, j = 0, i
    while True:
        ch = p[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(p, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1


def _widen_class(body: str) -> str:
    negated = body.startswith("[^")
    parts: list[str] = []
    j = 2 if negated else 1
    while j < len(body) - 1:
        if body[j] != "\\":
            parts.append(body[j])
            j += 1
            continue
        e = body[j + 1]
        j += 2
        if e in "WSD":
            if negated:
                # "[^\W\d_]" (a letter) and the like: any word character is a superset
                return f"[{_WORD}]"
            raise Unsupported(body)
        if e in _IN_CLASS:
            # negated: RE2's ASCII classes leave out fewer characters, so the class only widens
            parts.append("\\" + e if negated else _IN_CLASS[e])
        elif e == " ":
            parts.append(" ")
        elif e in _PLAIN_ESCAPES:
            parts.append("\\" + e)
        else:
            raise Unsupported(body)
    return ("[^" if negated else "[") + "".join(parts) + "]"


class Prefilter:
    """RE2 over ``superset(rx.pattern)``: ``start(text)`` is None where ``rx`` matches nowhere
    in ``text``, else a position at or before its first match (0 without RE2)."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self._re2 = None
        if rx.flags & ~re.UNICODE:
            return  # IGNORECASE, MULTILINE …: not widened here
        try:
            import re2  # noqa: PLC0415 - optional at run time: without it the scan runs whole
        except ImportError:
            return
        options = re2.Options()
        options.max_mem = 64 << 20  # a big alternation's automaton outgrows RE2's 8 MB default
        options.log_errors = False  # a pattern RE2 refuses is no error here: the scan runs whole
        try:
            # a bytes pattern searched in UTF-8 bytes: the wrapper's own str path (encode, then map
            # every byte offset back through a dict) cost ~10 us of a ~60-90 us first-sight search
            # of a real caption (speed34, docs/benchmarks.md)
            self._re2 = re2.compile(superset(rx.pattern).encode(), options)
        except (Unsupported, re2.error):
            self._re2 = None

    def start(self, text: str) -> int | None:
        if self._re2 is None:
            return 0
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate (bytes decoded with surrogateescape): RE2 reads UTF-8
            return 0
        m = self._re2.search(data)
        if m is None:
            return None
        at = m.start()
        # RE2 matches whole UTF-8 characters, so the bytes before a match decode
        return at if len(data) == len(text) else len(data[:at].decode())
