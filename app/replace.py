"""Find and replace across many items, in chosen fields.

``plan_replace`` says what would change (every change, for a preview) without writing;
the caller writes the plan as one edit: the desktop app as one undo step
(``Session.edit_fields``), ``creditline replace`` as one transaction
(``Catalog.set_fields_many``). A list field (photographers, keywords) is searched
value by value, so a replacement never merges two names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.fields import BY_KEY, FIELDS, Kind, normalize_value
from app.model import Item, Value

# What find and replace searches unless told otherwise: every field but the date, whose
# value is a machine date a text replacement would only break.
DEFAULT_FIELDS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.kind is not Kind.DATE)
CONTEXT = 30  # characters of context either side of a change in a preview


class ReplaceError(ValueError):
    """A search that cannot run (empty, or a bad regular expression); one line for the user."""


@dataclass(frozen=True)
class Search:
    """What to find and what to put instead."""

    find: str
    replace: str
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.find:
            raise ReplaceError("nothing to find: the search text is empty")
        body = self.find if self.regex else re.escape(self.find)
        if self.whole_word:
            # Word edges that also hold beside punctuation ("U.S." as a whole word).
            body = rf"(?<!\w)(?:{body})(?!\w)"
        try:
            pattern = re.compile(body, 0 if self.match_case else re.IGNORECASE)
        except re.error as exc:
            raise ReplaceError(f"bad regular expression {self.find!r}: {exc}") from None
        object.__setattr__(self, "pattern", pattern)

    def apply(self, text: str) -> tuple[str, int]:
        """``text`` with every match replaced, and how many there were. A bad group reference
        in a regular expression's replacement fails here, while planning: before any write."""
        if self.regex:
            try:
                return self.pattern.subn(self.replace, text)
            except (re.error, IndexError) as exc:
                raise ReplaceError(f"bad replacement {self.replace!r}: {exc}") from None
        return self.pattern.subn(lambda m: self.replacement(m.group(0)), text)

    def replacement(self, found: str) -> str:
        """What replaces ``found``. Without Match case, a replacement typed all in lower case
        takes the case of the text it replaces, as a word processor does: "calif." -> "california"
        makes "Calif." "California" and "CALIF." "CALIFORNIA". A replacement with a capital in
        it, Match case, or a regular expression is put in as typed."""
        new = self.replace
        if self.match_case or self.regex or new != new.lower() or new == new.upper():
            return new  # as typed: it has a capital, or no letter at all
        letters = [c for c in found if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return new.upper()
        if letters and letters[0].isupper():
            i = next(i for i, c in enumerate(new) if c.isalpha())
            return new[:i] + new[i].upper() + new[i + 1:]
        return new


@dataclass(frozen=True)
class Change:
    """One field of one item that the search changes."""

    item_id: int
    key: str
    before: Value
    after: Value
    count: int  # matches replaced in this field

    def excerpts(self, search: Search, context: int = CONTEXT) -> list[tuple[str, str, str, str]]:
        """Each match as ``(left, old, new, right)``: a few words either side, for a preview."""
        text = _text(self.before)
        out = []
        for m in search.pattern.finditer(text):
            new = m.expand(search.replace) if search.regex else search.replacement(m.group(0))
            left = text[max(0, m.start() - context):m.start()]
            right = text[m.end():m.end() + context]
            if m.start() > context:
                left = "\u2026" + left.lstrip()
            if m.end() + context < len(text):
                right = right.rstrip() + "\u2026"
            out.append((left, m.group(0), new, right))
        return out


def _text(value: Value) -> str:
    return "; ".join(value) if isinstance(value, list) else value or ""


def plan_replace(items: Iterable[Item], search: Search, fields: Sequence[str] = DEFAULT_FIELDS) -> list[Change]:
    """Every change ``search`` makes in ``fields`` of ``items`` (nothing is written)."""
    unknown = [k for k in fields if k not in BY_KEY]
    if unknown:
        raise ReplaceError(f"unknown field {unknown[0]!r}; fields: {', '.join(BY_KEY)}")
    out: list[Change] = []
    for item in items:
        for key in fields:
            before = normalize_value(key, item.fields.get(key))
            if isinstance(before, list):
                count = 0
                parts = []
                for value in before:
                    new, n = search.apply(value)
                    parts.append(new)
                    count += n
                after: Value = normalize_value(key, parts)
            else:
                new, count = search.apply(before)
                after = normalize_value(key, new)
            if count and after != before:
                out.append(Change(item.id, key, before, after, count))
    return out


def as_changes(plan: Iterable[Change]) -> dict[int, dict[str, Value]]:
    """A plan as ``{item_id: {key: new value}}``, what ``set_fields_many`` and
    ``Session.edit_fields`` take."""
    out: dict[int, dict[str, Value]] = {}
    for c in plan:
        out.setdefault(c.item_id, {})[c.key] = c.after
    return out
