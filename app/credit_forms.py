"""The credit forms the parser reads (``resources/credit_forms.toml``), compiled once.

Lead-ins ("Photo by", "Foto:", "Fotoğraf:", "©", "Courtesy of"), role words (Handout, Pool,
File, STR), ranks and titles kept out of names, desk tags a credit stops at, and the words
that make an unknown segment an organisation are data; this module only turns them into
lookups and patterns. Organisations themselves live in the agency registry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from app.paths import resource

__all__ = ["Forms", "forms", "phrase_pattern"]


def phrase_pattern(phrase: str) -> str:
    """A phrase as a pattern: blanks match any run of blanks, a leading or trailing letter
    needs a word boundary ("Fot." must not match inside "Foto", "AP" inside "APPLE")."""
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words)
    if phrase[:1].isalnum():
        body = r"(?<![\w])" + body
    if phrase[-1:].isalnum():
        body += r"\b"
    return body


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


@dataclass(frozen=True)
class Forms:
    leadin_kind: dict[str, str]  # folded lead-in -> its kind ("photo-by", "cms", "courtesy" ...)
    leadin: re.Pattern[str]  # any lead-in at a position (match), case-insensitive
    leadin_tail: re.Pattern[str]  # a lead-in that ends where the search ends
    leadin_free: re.Pattern[str]  # a lead-in in free text (search), case-insensitive
    provided: re.Pattern[str]  # "in this photo provided by" and kin
    official_words: tuple[str, ...]
    official_prefixes: tuple[str, ...]
    roles: dict[str, str | None]  # folded role word -> flag (None: no flag)
    rank: re.Pattern[str]  # ranks and titles at the start of a name
    rank_inside: re.Pattern[str]  # where a rank starts inside a segment ("U.S. Army Staff Sgt. Name")
    stop: re.Pattern[str]  # desk tags and trailers a credit stops at
    byline_words: frozenset[str]
    org_words: frozenset[str]
    articles: frozenset[str]
    particles: frozenset[str]
    first_words: tuple[str, ...]  # lower-cased first letters of every lead-in: a cheap pre-test
    abbreviations: frozenset[str]  # words ending in "." that end no sentence ("Sgt.", "Chr.")
    leadin_sources: dict[str, str]  # folded lead-in -> the organisation it names ("#APPhoto" -> "AP")

    def leadin_kind_of(self, text: str) -> str:
        return self.leadin_kind.get(_fold(text), "photo-by")


def _alternation(phrases: list[str]) -> str:
    return "|".join(phrase_pattern(p) for p in sorted(set(phrases), key=len, reverse=True))


def _ranks(data: dict) -> str:
    ordinals = "|".join(re.escape(o) for o in data.get("ordinals", []))
    alts = []
    for p in [*data.get("military", []), *data.get("civil", [])]:
        pat = phrase_pattern(p.replace("{n}", "\x00"))
        pat = pat.replace(re.escape("\x00"), f"(?:{ordinals}|\\d)")
        pat = pat.replace("\x00", f"(?:{ordinals}|\\d)")
        alts.append((len(p), pat))
    alts.sort(key=lambda x: -x[0])
    # one or more titles in a row ("Staff Sgt." after "U.S. Air Force"), then the name
    return "|".join(a for _, a in alts)


@cache
def forms() -> Forms:
    with open(resource("credit_forms.toml"), "rb") as fh:
        data = tomllib.load(fh)
    leadins = data["leadins"]
    kind_of: dict[str, str] = {}
    main: list[str] = []
    for kind, phrases in leadins.items():
        if kind == "provided":
            continue
        for p in phrases:
            kind_of.setdefault(_fold(p), kind)
            main.append(p)
    for p in data.get("leadin_sources", {}):
        kind_of.setdefault(_fold(p), "photo-by")
        main.append(p)
    alt = _alternation(main)
    roles: dict[str, str | None] = {}
    for flag, words in data["roles"].items():
        for w in words:
            roles.setdefault(_fold(w), None if flag == "none" else flag)
    ranks = _ranks(data["ranks"])
    stops = data["stops"]["phrases"]
    stop = re.compile("|".join(
        (r"\b" if p[:1].isalnum() else "") + re.escape(p) + (r"\b" if p[-1:].isalnum() else "")
        for p in sorted(stops, key=len, reverse=True)))
    firsts = sorted({p.split()[0].casefold()[:4] for p in main})
    return Forms(
        leadin_kind=kind_of,
        leadin=re.compile(rf"(?:{alt})[ \t]*", re.IGNORECASE),
        leadin_tail=re.compile(rf"(?:{alt})[ \t]*:?[ \t]*$", re.IGNORECASE),
        leadin_free=re.compile(rf"(?:{alt})", re.IGNORECASE),
        provided=re.compile(_alternation(leadins.get("provided", [])), re.IGNORECASE),
        official_words=tuple(data["official"]["words"]),
        official_prefixes=tuple(data["official"]["prefixes"]),
        roles=roles,
        rank=re.compile(rf"^(?:(?:{ranks})\s+)+"),
        rank_inside=re.compile(rf"(?<=\s)(?=(?:{ranks})\s+[A-Z])"),
        stop=stop,
        byline_words=frozenset(data["stops"].get("byline", [])),
        org_words=frozenset(w.casefold() for w in data["organisations"]["words"]),
        articles=frozenset(data["organisations"]["articles"]),
        particles=frozenset(w.casefold() for w in data["names"]["particles"]),
        first_words=tuple(firsts),
        leadin_sources={_fold(k): v for k, v in data.get("leadin_sources", {}).items()},
        abbreviations=frozenset(
            w for p in [*data["ranks"]["military"], *data["ranks"]["civil"], *data["ranks"].get("abbreviations", [])]
            for w in p.split() if w.endswith(".")),
    )
