"""Desk instructions that leaked into the caption ("Photo credit should read", TOPSHOT, tags)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.model import Credit, Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, quote, rule
from app.rules.facts import facts_of

# Each pattern swallows the punctuation and space that belong to it, so removing the
# span leaves a clean caption.
SHOULD_READ = re.compile(
    r"[ \t]*(?P<open>\()?\s*(?:Mandatory\s+)?Photo\s+credit\s+should\s+read\s*:?\s*"
    r"(?P<credit>[^()\n]*?(?:\([^()\n]*\)[^()\n]*?)?)\s*\.?\s*(?(open)(?:\)|$)|(?=\n|$))",
    re.IGNORECASE,
)
SHOULD_WORD = re.compile(r"should", re.IGNORECASE)
DIRECTIVES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("topshot", re.compile(r"^\s*TOPSHOT\s*(?:[-–—:]\s*|$)")),
    ("tags", re.compile(r"[ \t]*\((?:[A-Z][A-Z .'&/-]*\s+-\s+)?Tags:[^)]*\)\.?")),
    ("tpx", re.compile(r"[ \t]*\bTPX IMAGES OF THE DAY\b\.?")),
    ("search", re.compile(r"[ \t]*\bSEARCH\s+[\"“”'A-Z0-9 ,&-]{1,80}?\s+FOR\s+(?:THIS\s+STORY|ALL\s+IMAGES)[^.\n]*\.?")),
    ("attention", re.compile(r"[ \t]*\bATTENTION EDITORS?\b[^a-z\n]*?(?:\.(?=\s|$)|$)")),
    ("third-party", re.compile(r"[ \t]*\bTHIS (?:IMAGE|PICTURE) HAS BEEN SUPPLIED BY A THIRD PARTY\b\.?")),
    ("mandatory", re.compile(r"[ \t]*\bMANDATORY CREDIT\b\.?", re.IGNORECASE)),
    ("editorial", re.compile(r"[ \t]*\bEDITORIAL USE ONLY\b\.?", re.IGNORECASE)),
)
# The text each case-sensitive pattern above cannot match without: a substring test spares
# a scan of the caption (the patterns start with optional blanks, so the engine tries every
# position). The two that ignore case are tested with their words alone, also ignoring case.
_NEEDS = {"topshot": "TOPSHOT", "tags": "Tags:", "tpx": "TPX IMAGES OF THE DAY", "search": "SEARCH",
          "attention": "ATTENTION EDITOR", "third-party": "HAS BEEN SUPPLIED BY A THIRD PARTY"}
_NEEDS_ANY_CASE = {"mandatory": re.compile("MANDATORY CREDIT", re.IGNORECASE),
                   "editorial": re.compile("EDITORIAL USE ONLY", re.IGNORECASE)}


def directive_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of every pattern in ``DIRECTIVES``, pattern by pattern, in their order."""
    for name, rx in DIRECTIVES:
        need = _NEEDS.get(name)
        if need is not None and need not in text:
            continue
        words = _NEEDS_ANY_CASE.get(name)
        if words is not None and not words.search(text):
            continue
        yield from rx.finditer(text)  # a pattern in neither table always runs


# Plain substring tests, case-sensitive on purpose ("search" and "attention" are ordinary
# caption words): a caption with none of them skips every pattern below.
QUICK = ("redit should", "redit Should", "TOPSHOT", "Tags:", "TPX", "SEARCH", "ATTENTION", "THIRD PARTY",
         "MANDATORY", "andatory credit", "andatory Credit", "EDITORIAL", "ditorial use", "ditorial Use")


def _render(credit: Credit, ctx: RuleContext) -> str | None:
    try:
        from app.credits import render_credit  # noqa: PLC0415

        return render_credit(credit, ctx.house_style)
    except Exception:  # noqa: BLE001 - a fix we cannot render is simply not offered
        return None


@rule("credit-directive", Severity.ERROR, "Desk instruction left in the caption",
      """Instructions meant for the desk, not the reader: "Photo credit should read …",
      "MANDATORY CREDIT", "EDITORIAL USE ONLY", "TOPSHOT -", Reuters tag trailers
      "(FRANCE - Tags: …)", "TPX IMAGES OF THE DAY", "SEARCH … FOR THIS STORY",
      "ATTENTION EDITORS …". The fix removes it; when "Photo credit should read" carried
      the caption's only credit, the fix puts that credit back in the house style.
      (In the instructions field such words are restrictions, not leaks.)""",
      Example({"caption": "TOPSHOT - Fans cheer in Lyon on June 3, 2021. "
                          "(Photo credit should read ADA BRIN/AFP via Getty Images)"}),
      gate=lambda f: f.directive_words)
def credit_directive(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    text = facts.caption
    if not text or not facts.directive_words:
        return
    # SHOULD_READ starts with optional parts, so its scan tries every position; it needs "should".
    should = SHOULD_WORD.search(text) is not None
    for m in SHOULD_READ.finditer(text) if should else ():
        inner = (m.group("credit") or "").strip().rstrip(".")
        others = [c for c in facts.caption_credits if c.end <= m.start() or c.start >= m.end()]
        replacement = ""
        label = "Remove the desk instruction"
        if inner and not others:
            from app.credits import parse_credits  # noqa: PLC0415

            parsed = parse_credits(inner, "credit_line")
            rendered = _render(parsed[0], ctx) if parsed else None
            if not rendered:  # no house style to render with: keep the agency's own words
                rendered = f"({inner})" if m.group("open") else inner
            replacement = " " + rendered if m.start() > 0 else rendered
            label = f"Replace with the credit {rendered}"
        yield finding("credit-directive", "caption", f"desk instruction {quote(m.group(0).strip())}",
                      m.start(), m.end(), Fix(label, "caption", m.start(), m.end(), replacement), item)
    should_read = None
    spans: list[list[int]] = []
    for m in directive_matches(text):
        if should_read is None:
            should_read = [s.span() for s in SHOULD_READ.finditer(text)] if should else []
        if any(m.start() >= s and m.end() <= e for s, e in should_read):
            continue
        spans.append([m.start(), m.end()])
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
        yield finding("credit-directive", "caption", f"desk instruction {quote(text[s:e].strip())}",
                      s, e, Fix("Remove the desk instruction", "caption", s, e, ""), item)
