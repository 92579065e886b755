"""Desk instructions and usage restrictions as data: the phrases of resources/caption_words.toml
[directives] and [restrictions], each with its language and kind, made into the patterns the
credit-directive and restriction rules (and the parser's view of a caption) use.

A new wire phrase is a line of data with a labelled development example, not a new pattern;
what a kind means (how far the instruction reaches past its phrase) is decided here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.datacache import resource_toml

# How far each kind of directive reaches past its phrase. The leading blanks belong to the
# instruction, so removing its span leaves a clean caption.
_DIRECTIVE_SHAPES = {
    "notice": r"[ \t]*{p}\.?",
    "heading": r"[ \t]*{p}[^a-z\n]*?(?:\.(?=\s|$)|$)",
    "opening": r"^\s*{p}\s*(?:[-–—:]\s*|$)",
    "label": r"[ \t]*{p}[ \t]*:[ \t]*",
}
# What a restriction holds after its phrase.
_RESTRICTION_TAILS = {"phrase": "", "clause": r"[^.;\n]*", "named": r" [A-Z][^.;)\n]*"}


@dataclass(frozen=True)
class Phrase:
    phrase: str
    lang: str
    kind: str
    any_case: bool  # matched in any case (else only as written)
    dev: str  # the development record that shows it, if any


@cache
def _data() -> dict:
    return resource_toml("caption_words.toml")


def _phrases(section: str, kinds: dict[str, str]) -> tuple[Phrase, ...]:
    out = []
    for entry in _data().get(section, {}).get("phrases", []):
        kind = entry.get("kind", "")
        if kind not in kinds:
            raise ValueError(f"caption_words.toml [{section}]: {entry.get('phrase')!r} has an unknown kind {kind!r}")
        out.append(Phrase(entry["phrase"], entry.get("lang", ""), kind, entry.get("case") == "any",
                          entry.get("dev", "")))
    return tuple(out)


def directive_phrases() -> tuple[Phrase, ...]:
    return _phrases("directives", _DIRECTIVE_SHAPES)


def restriction_phrases() -> tuple[Phrase, ...]:
    return _phrases("restrictions", _RESTRICTION_TAILS)


def _literal(phrase: str) -> str:
    """A phrase as it must be written: its characters, "{n}" any number; a word boundary
    where it starts or ends with a letter or digit ("NO SALE" not in "NO SALES", "NOT")."""
    body = r"\d+".join(re.escape(part) for part in phrase.split("{n}"))
    if phrase[:1].isalnum():
        body = r"\b" + body
    if phrase[-1:].isalnum():
        body += r"\b"
    return body


def _alternation(phrases: list[str]) -> str:
    # Longest first: at one position the longer phrase wins ("NO SALES" over "NO SALE").
    return "(?:" + "|".join(_literal(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class DirectiveGroup:
    """The phrases of one kind and case, as one pattern, with the text it cannot match without."""

    name: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...]  # as written: one of them must be in the caption
    needs_any_case: re.Pattern[str] | None  # for a group that ignores case


@cache
def directive_groups() -> tuple[DirectiveGroup, ...]:
    groups: dict[tuple[str, bool], list[str]] = {}
    for p in directive_phrases():
        groups.setdefault((p.kind, p.any_case), []).append(p.phrase)
    out = []
    for (kind, any_case), phrases in groups.items():
        flags = re.IGNORECASE if any_case else 0
        # "opening" is anchored at the caption's start ("^", no MULTILINE): a later line is no opening
        pattern = re.compile(_DIRECTIVE_SHAPES[kind].format(p=_alternation(phrases)), flags)
        literal = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        out.append(DirectiveGroup(f"{kind}{'-any-case' if any_case else ''}", pattern,
                                  () if any_case else tuple(sorted(set(phrases), key=len)),
                                  re.compile(literal, re.IGNORECASE) if any_case else None))
    return tuple(out)


def directive_quick_words() -> tuple[str, ...]:
    """Substrings a caption must hold for a directive phrase of the data to be there: the
    longest word of a phrase as written; for a phrase in any case its first word in capitals
    and its first two words without their first letter, in lower case and capitalised
    ("MANDATORY", "andatory credit", "andatory Credit"). A cheap test every caption takes."""
    keys: set[str] = set()
    for p in directive_phrases():
        words = p.phrase.split()
        if p.any_case:
            two = " ".join(words[:2])
            keys |= {words[0].upper(), two[1:].lower(), " ".join(w.capitalize() for w in words[:2])[1:]}
        else:
            keys.add(max(words, key=len))
    return _minimal(keys)


def _minimal(keys: set[str]) -> tuple[str, ...]:
    """Keys without those that hold another key (a caption holding "NOT" holds "NO")."""
    return tuple(sorted(k for k in keys if not any(o != k and o in k for o in keys)))


@cache
def restriction_pattern(any_case: bool) -> re.Pattern[str]:
    """Every restriction phrase with its tail; ``any_case`` for the instructions and usage
    terms, else as written (a caption: only capitals are an instruction)."""
    alts = []
    for p in sorted(restriction_phrases(), key=lambda p: len(p.phrase), reverse=True):
        alt = _literal(p.phrase) + _RESTRICTION_TAILS[p.kind]
        if alt not in alts:
            alts.append(alt)
    return re.compile("|".join(alts), re.IGNORECASE if any_case else 0)


def restriction_quick_words() -> tuple[str, ...]:
    """The first word of every restriction phrase as written (a caption without any of them
    holds none), and "EMBARGO", which the rule reads too."""
    return _minimal({p.phrase.split()[0] for p in restriction_phrases()} | {"EMBARGO"})
