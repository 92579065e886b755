"""Desk instructions that leaked into the caption ("Photo credit should read", TOPSHOT, tags)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from app.credit_forms import alternation, phrase_pattern
from app.datacache import resource_toml
from app.model import Credit, Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, quote, rule
from app.rules.facts import facts_of, reads_as
from app.rules.phrases import directive_groups, directive_quick_words
from app.wordtrie import any_in


@cache
def _data() -> dict:
    """The [directives] table of resources/credit_forms.toml: desk tags, codes, "should read" phrases."""
    return resource_toml("credit_forms.toml").get("directives", {})


def _should_read_pattern() -> re.Pattern[str]:
    phrases = ["Photo credit should read", *_data().get("should_read", [])]
    alt = alternation(phrase_pattern(p) for p in sorted(set(phrases), key=len, reverse=True))
    # Each pattern swallows the punctuation and space that belong to it, so removing the
    # span leaves a clean caption.
    return re.compile(
        rf"[ \t]*(?P<open>\()?\s*(?:Mandatory\s+)?(?:{alt})\s*:?\s*"
        r"(?P<credit>[^()\n]*?(?:\([^()\n]*\)[^()\n]*?)?)\s*\.?\s*(?(open)(?:\)|$)|(?=\n|$))",
        re.IGNORECASE,
    )


def _tag_pattern() -> re.Pattern[str]:
    """Desk tags as written (capitals), with the dash or colon after them, and desk codes."""
    tags = alternation(phrase_pattern(t) for t in sorted(set(_data().get("tags", [])), key=len, reverse=True))
    codes = "|".join(_data().get("codes", []))
    return re.compile(rf"[ \t]*(?:(?:{tags})(?:[ \t]*[-–—:][ \t]*|\.(?=\s|$))?|{codes})")


SHOULD_READ = _should_read_pattern()
SHOULD_WORD = re.compile(r"should|must read|" + "|".join(
    re.escape(p.split()[0]) for p in _data().get("should_read", []) if not p.lower().startswith(("photo", "picture",
                                                                                                   "credit "))),
    re.IGNORECASE)
# Substrings without which neither a "should read" phrase nor a desk tag or code can be there:
# plain substring tests, far cheaper than the patterns on the nine captions in ten that have none.
_SHOULD_QUICK = tuple(sorted({w for p in _data().get("should_read", []) for w in (p.split()[0], p.split()[0].lower())
                              if w.lower() not in ("photo", "picture", "credit")}
                             | {"should", "Should", "SHOULD", "must read", "Must read", "MUST READ"}))
DESK_TAG = _tag_pattern()
# The first characters of every tag and code: captions without them skip DESK_TAG.
_CODE_QUICK = frozenset(_data().get("code_quick", []))
_TAG_QUICK = re.compile("|".join(sorted({re.escape(t[:4]) for t in _data().get("tags", [])}
                                        | {re.escape(q) for q in _CODE_QUICK} | {r"^[A-Z]{3}\d"})))
_TAG_PREFIXES = tuple(sorted({t[:4] for t in _data().get("tags", [])} | _CODE_QUICK))
_DESK_QUICK = _TAG_PREFIXES + _SHOULD_QUICK  # more_desk_words' substrings, one scan (wordtrie.any_in)
# Desk instructions by their structure (code), then the wire phrases of caption_words.toml
# [directives] by kind and case (data: app/rules/phrases.py), then the desk tags and codes.
DIRECTIVES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tags", re.compile(r"[ \t]*\((?:[A-Z][A-Z .'&/-]*\s+-\s+)?Tags:[^)]*\)\.?")),
    ("search", re.compile(r"[ \t]*\bSEARCH\s+[\"“”'A-Z0-9 ,&-]{1,80}?\s+FOR\s+(?:THIS\s+STORY|ALL\s+IMAGES)[^.\n]*\.?")),
    *((g.name, g.pattern) for g in directive_groups()),
    ("desk", DESK_TAG),
)
# The text each case-sensitive pattern above cannot match without: a substring test spares
# a scan of the caption (the patterns start with optional blanks, so the engine tries every
# position). The groups that ignore case are tested with their phrases alone, also ignoring case.
_NEEDS: dict[str, tuple[str, ...]] = {"tags": ("Tags:",), "search": ("SEARCH",),
                                      **{g.name: g.needs for g in directive_groups() if g.needs}}
_NEEDS_ANY_CASE = {g.name: g.needs_any_case for g in directive_groups() if g.needs_any_case is not None}


def _mostly_capitals(text: str) -> bool:
    """A caption written in capitals throughout, where desk words are ordinary words."""
    letters = [ch for ch in text[:400] if ch.isalpha()]
    return len(letters) > 20 and sum(ch.isupper() for ch in letters) > 0.7 * len(letters)


_LAST: list = [None, False]  # the caption asked about last, and the answer: the gate asks, then the rule


def more_desk_words(text: str) -> bool:
    """Whether ``text`` may hold a desk tag, code or "should read" phrase of the data that
    ``facts.has_directive_words`` does not test for."""
    if _LAST[0] is text:
        return _LAST[1]
    found = any_in(_DESK_QUICK, text) \
        or (text[:3].isupper() and text[3:4].isdigit())  # a desk's code opens it ("GRA022.")
    _LAST[0], _LAST[1] = text, found
    return found


def directive_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of every pattern in ``DIRECTIVES``, pattern by pattern, in their order."""
    for name, rx in DIRECTIVES:
        if name == "desk":
            if _TAG_QUICK.search(text) and not _mostly_capitals(text):
                yield from rx.finditer(text)
            continue
        need = _NEEDS.get(name)
        if need is not None and not any(n in text for n in need):
            continue
        words = _NEEDS_ANY_CASE.get(name)
        if words is not None and not words.search(text):
            continue
        yield from rx.finditer(text)  # a pattern in neither table always runs


# Plain substring tests, case-sensitive on purpose ("search" and "attention" are ordinary
# caption words): a caption with none of them skips every pattern above but the desk tags'.
# The structural patterns' words, then those the phrase data needs (phrases.directive_quick_words).
QUICK = ("redit should", "redit Should", "Tags:", "SEARCH", *directive_quick_words())


def _render(credit: Credit, ctx: RuleContext) -> str | None:
    try:
        from app.credits import render_credit  # noqa: PLC0415

        return render_credit(credit, ctx.house_style)
    except Exception:  # noqa: BLE001 - a fix we cannot render is simply not offered
        return None


def _credit_fix(text: str, s: int, e: int, credit: Credit, candidates: list[str | None]) -> Fix | None:
    """The first of ``candidates`` (renderings of ``credit``) that, written over ``text[s:e]``, the
    parser reads as ``credit``; None when none does."""
    for rendered in dict.fromkeys(c for c in candidates if c):
        replacement = " " + rendered if s > 0 and not text[s - 1].isspace() else rendered
        if reads_as(text[:s] + replacement + text[e:], credit):
            return Fix(f"Replace with the credit {rendered}", "caption", s, e, replacement)
    return None


def _own_caption_form(credit: Credit, ctx: RuleContext) -> bool:
    """Whether the agency that moves ``credit`` (its distributor, else its last agency) writes a
    caption form of its own (resources/agencies.toml ``caption_form``)."""
    wire = credit.distributor or (credit.agencies[-1] if credit.agencies else None)
    agency = ctx.registry.find(wire) if ctx.registry is not None and wire else None
    return bool(agency and agency.caption_form)


def _bracketed(text: str) -> bool:
    """Whether ``text`` is one bracketed credit: "(AP Photo/Name)", not "(left) Name/AP"."""
    return text[:1] in "([" and text[-1:] in ")]" and text.count(text[0]) == 1


def _names(credits: list[Credit]) -> set[str]:
    return {n.casefold() for c in credits for n in (*c.photographers, *c.agencies, c.distributor or "") if n}


def _instead_of_credit(text: str, m: re.Match[str], inner: str, others: list[Credit],
                       ctx: RuleContext) -> Fix | None:
    """When removing "Photo credit should read X" would lose a name X gives that the caption's
    own credit lacks ("/ AFP / JIM WATSON (Photo credit should read JIM WATSON/AFP/Getty Images)",
    dev g11-0073, lost Getty Images): the credit just before it and the instruction become X, in
    the house style, as the instruction asks. None when the removal loses nothing (it stands),
    and a fix that loses (no fix at all) when no credit stands just before it."""
    from app.credits import parse_credits  # noqa: PLC0415

    parsed = parse_credits(inner, "credit_line")
    if not parsed or _names(parsed) <= _names(others):
        return None
    before = [c for c in others if c.end <= m.start() and not text[c.end:m.start()].strip()]
    if not before:
        return _NO_FIX
    s = before[-1].start
    sep = _SEPARATOR_BEFORE.search(text, max(0, s - 8), s)
    if sep and text[:sep.start()].strip():
        s = sep.start()
    own = f"({inner})" if m.group("open") else inner
    return _credit_fix(text, s, m.end(), parsed[0],
                       [_render(replace(parsed[0], field="caption"), ctx), _render(parsed[0], ctx), own]) or _NO_FIX


# "No fix": a removal that would lose a name is not offered (finding stays without a fix).
_NO_FIX = Fix("", "caption", 0, 0, "")


def _file_mark_fix(text: str, removal: Fix, credits: list[Credit], ctx: RuleContext) -> Fix | None:
    """A "**FILE**" code that is the caption's only file-photo mark (dev g4-0265: the credit does
    not say File either) is not dropped but moved where the house style marks a file photo
    ("FILE - " before the caption); a style that leaves it to the credit gets no fix."""
    from app.credits import caption_says_file  # noqa: PLC0415

    rest = removal.apply(text)
    if caption_says_file(rest) is not None or any(c.file for c in credits):
        return removal  # marked otherwise: the code is only the desk's
    marker = ctx.style.file_marker
    if not marker:
        return None
    return Fix(f"Move the file mark to the front: {quote(marker.strip())}", "caption", 0, len(text),
               marker + rest.lstrip())


def _touches(text: str, s: int, e: int, c: Credit) -> bool:
    """Whether credit ``c`` overlaps ``text[s:e]`` or stands next to it, blanks or a colon between."""
    if c.start >= e:
        return not text[e:c.start].strip(" \t:")
    if c.end <= s:
        return not text[c.end:s].strip(" \t")
    return True


_SEPARATOR_BEFORE = re.compile(r"[ \t]*[/|][ \t]*$")


def _removal(text: str, s: int, e: int) -> Fix:
    """The fix that removes the instruction at ``text[s:e]`` and leaves the caption's punctuation
    right: a lead-in's colon goes with it ("… Wolves. Mandatory Credit: Name/Paper" kept "Wolves.:
    Name", dev g5-0051), so do the blanks it would leave at the caption's or a line's start
    ("GRA022. BARCELONA" left " BARCELONA", dev g2-0242) and the separator it would leave dangling
    at a line's end ("… / TT / kod 444" left "… / TT /", dev g3-0087)."""
    colon = re.match(r"[ \t]*:[ \t]*", text[e:])
    if colon:
        e += colon.end()
    if s == 0 or text[s - 1] == "\n":
        while e < len(text) and text[e] in " \t":
            e += 1
    if not text[e:].split("\n", 1)[0].strip():
        sep = _SEPARATOR_BEFORE.search(text, max(0, s - 8), s)
        if sep and sep.start() > 0 and text[sep.start() - 1] not in "\n" and text[:sep.start()].strip():
            s = sep.start()
    return Fix("Remove the desk instruction", "caption", s, e, _apart(text, s, e))


def _apart(text: str, s: int, e: int) -> str:
    """What removing ``text[s:e]`` leaves: a space where it stood between two words ("…Images)
    *** BESTPIX ***Credit:NAME"), else nothing (its own leading blanks go with it)."""
    if 0 < s and e < len(text) and not text[s - 1].isspace() and text[s - 1] not in "([{":
        nxt = text[e]
        if nxt.isalnum() or nxt in "([{“\"'«":
            return " "
    return ""


@rule("credit-directive", Severity.ERROR, "Desk instruction left in the caption",
      """Instructions meant for the desk, not the reader: "Photo credit should read …",
      "MANDATORY CREDIT", "EDITORIAL USE ONLY", "TOPSHOT -", Reuters tag trailers
      "(FRANCE - Tags: …)", "TPX IMAGES OF THE DAY", "SEARCH … FOR THIS STORY",
      "ATTENTION EDITORS …". The fix removes it, with a lead-in's colon after it and a separator
      it would leave dangling at a line's end ("… / TT / kod 444"); when "Photo credit should read" carried
      the caption's only credit, or the instruction opens a credit ("Mandatory Credit: Name-Agency"),
      the fix puts that credit back in the house style, in the agency's own caption form where the
      registry gives one ("(Photo by Name/AFP via Getty Images)"). A fix is offered only when the parser
      still reads the credit afterwards with its names.
      (In the instructions field such words are restrictions, not leaks.)""",
      Example({"caption": "TOPSHOT - Fans cheer in Lyon on June 3, 2021. "
                          "(Photo credit should read ADA BRIN/AFP via Getty Images)"}),
      gate=lambda f: f.directive_words or more_desk_words(f.caption))
def credit_directive(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    text = facts.caption
    if not text or not (facts.directive_words or more_desk_words(text)):
        return
    # SHOULD_READ starts with optional parts, so its scan tries every position; it needs "should".
    should = SHOULD_WORD.search(text) is not None
    for m in SHOULD_READ.finditer(text) if should else ():
        inner = (m.group("credit") or "").strip().rstrip(".")
        others = [c for c in facts.caption_credits if c.end <= m.start() or c.start >= m.end()]
        fix: Fix | None = Fix("Remove the desk instruction", "caption", m.start(), m.end(), "")
        if inner and others:
            fix = _instead_of_credit(text, m, inner, others, ctx) or fix
        if inner and not others:
            from app.credits import parse_credits  # noqa: PLC0415

            parsed = parse_credits(inner, "credit_line")
            own = f"({inner})" if m.group("open") else inner  # the agency's own words
            if parsed:
                # Offered only as a credit the parser reads back with its names: the credit line's
                # form ("Name – Anadolu Agency" bare, which a caption reads as the agency alone),
                # else the caption's form of the house style, else the agency's own words. An
                # agency whose own captions have a form of their own (registry caption_form: Getty's
                # "(Photo by Name/AFP via Getty Images)") gets that one first: the bare credit line
                # "Name/AFP via Getty Images" is no caption Getty writes (walk16).
                line, in_caption = _render(parsed[0], ctx), _render(replace(parsed[0], field="caption"), ctx)
                first = [in_caption, line] if _own_caption_form(parsed[0], ctx) else [line, in_caption]
                if _bracketed(inner) and in_caption and in_caption[:1] == inner[:1] and in_caption[-1:] == inner[-1:]:
                    # The directive gives the caption's credit in its brackets ("Photo credit should read: (AP
                    # Photo/Name)") and the house style writes it so: the fix keeps them (walk22)
                    first = [in_caption, line]
                fix = _credit_fix(text, m.start(), m.end(), parsed[0], [*first, own])
            else:  # nothing to render with: keep the agency's own words
                fix = Fix(f"Replace with the credit {own}", "caption", m.start(), m.end(),
                          " " + own if m.start() > 0 else own)
        yield finding("credit-directive", "caption", f"desk instruction {quote(m.group(0).strip())}",
                      m.start(), m.end(), None if fix is _NO_FIX else fix, item)
    should_read = None
    spans: list[list[int]] = []
    for start, end in facts.directive_spans:  # the matches of directive_matches, found once
        if should_read is None:
            should_read = [s.span() for s in SHOULD_READ.finditer(text)] if should else []
        if any(start >= s and end <= e for s, e in should_read):
            continue
        spans.append([start, end])
    # One finding per instruction: patterns that overlap ("ATTENTION EDITORS - THIS IMAGE HAS
    # BEEN SUPPLIED BY A THIRD PARTY." is both an attention and a third-party notice) are merged,
    # and so are their fixes, which would otherwise fight over the same characters.
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for s, e in merged:
        fix = _removal(text, s, e)
        # A credit the instruction opens or touches ("Mandatory Credit: Jake Roth-USA TODAY Sports")
        # must still be read after the removal; where it is not, the instruction and the credit
        # become the credit in the house style, and without a form the parser reads, no fix.
        for c in facts.caption_credits:
            if _touches(text, s, e, c) and not reads_as(fix.apply(text), c):
                opens = c.start >= s  # the instruction is the credit's lead-in
                fix = _credit_fix(text, s, max(e, c.end), c, [_render(c, ctx), text[e:c.end].lstrip(" \t:")]) \
                    if opens else None
                break
        if fix is not None and text[s:e].strip(" \t*").upper() == "FILE":
            fix = _file_mark_fix(text, fix, facts.caption_credits, ctx)
        yield finding("credit-directive", "caption", f"desk instruction {quote(text[s:e].strip())}",
                      s, e, fix, item)


PICTURE_NUMBER = re.compile("|".join(_data().get("picture_numbers", [])) or r"(?!)")


@rule("agency-picture-number", Severity.INFO, "Agency picture number at the start",
      """The agency's own picture number opening the caption as the wire delivers it ("epa10488624
      A man …"). It is the agency's format, not a mistake, but readers have no use for it: the
      fix removes it before publication.""",
      Example({"caption": "epa10488624 A man walks past a flooded street in Porto, Portugal, 10 March 2026. "
                          "EPA/ANA SILVA"}),
      gate=lambda f: f.caption[:3] in ("epa", "EPA") or f.caption[:1] in (" ", "\t"))
def agency_picture_number(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    text = facts_of(item, ctx).caption
    m = PICTURE_NUMBER.match(text) if text else None
    if m:
        yield finding("agency-picture-number", "caption", f"the agency's picture number {quote(m.group(0).strip())}",
                      m.start(), m.end(), Fix("Remove the picture number", "caption", m.start(), m.end(), ""), item)
