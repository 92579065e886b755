"""Regular expressions compiled the first time they are used.

Python's compiler fills a 64K-entry table code point by code point for every character class
over a CJK or Hangul range, so the Korean, Chinese and Japanese credit grammars cost ~30 ms to
compile. Every process that checks pays that at start (each import and check worker, the CLI,
the app), while most galleries hold no caption in those scripts: their patterns are compiled
on the first caption that needs them instead.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern  # readable without compiling, as re.Pattern's
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Only for what the slots do not hold: search, finditer, fullmatch ...
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern[:40]!r}...)"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on the first search, match or other use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
