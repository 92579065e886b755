"""Typing and encoding slips in the caption: doubled words, HTML entities, mojibake, spaces."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from operator import ne

from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, field_label, finding, quote, rule, text_of
from app.rules.facts import facts_of, may_hold_mojibake

TEXT_FIELDS = ("caption", "headline", "title", "credit_line", "source", "city", "sublocation", "state",
               "country", "copyright", "instructions")

DOUBLED = re.compile(r"\b([^\W\d_]+)([ \t]+)\1\b(?![-'’])", re.IGNORECASE)
# Repeats that are English ("had had", "that that") or names ("Duran Duran", "Bora Bora").
LEGIT_REPEATS = frozenset("""had that is bye ha knock tut bora walla pago sing sirhan duran mahi chop dum
    boo yo no so tsk hush pooh cha tom baden""".split())


@rule("doubled-word", Severity.WARNING, "Doubled word",
      """A word typed twice in a row ("in in", "the the"). Repeats that are good English
      ("had had", "that that") or names ("Duran Duran") are not flagged. The fix drops
      the second copy.""",
      Example({"caption": "Firefighters battle a blaze at a warehouse near the the harbor in Lyon, "
                          "France, June 3, 2021. REUTERS/Ada Brin"}))
def doubled_word(item: Item, ctx: RuleContext) -> list[Finding]:
    # A list, not a generator (here and in stray-whitespace): it runs on every item and
    # nearly always finds nothing, and a generator frame costs more than an empty list.
    out: list[Finding] = []
    for key in ("caption", "headline"):
        text = text_of(item, key)
        words = text.lower().split()
        # operator.ne, not str.__eq__: a C function maps a third faster than a slot wrapper.
        if all(map(ne, words, words[1:])):
            continue  # no word follows itself: skip the slower pattern with its back-reference
        for m in DOUBLED.finditer(text):
            a = m.group(1)
            if a.lower() in LEGIT_REPEATS:
                continue
            out.append(finding("doubled-word", key, f"doubled word {quote(m.group(0))}", m.start(), m.end(),
                               Fix(f"Write {a!r} once", key, m.start(1), m.end(), a), item))
    return out


ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")


@rule("html-entity", Severity.WARNING, "HTML entity in text",
      """An HTML entity such as "&nbsp;" or "&amp;" left in a field by a web CMS; the
      fix writes the character it stands for.""",
      Example({"caption": "Fans cheer in Lyon,&nbsp;France, June 3, 2021. REUTERS/Ada Brin"}),
      gate=lambda f: "&" in f.all_text)
def html_entity(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    if "&" not in facts_of(item, ctx).all_text:
        return
    for key in TEXT_FIELDS:
        text = text_of(item, key)
        if "&" not in text:
            continue
        for m in ENTITY.finditer(text):
            ent = m.group(0)
            char = html.unescape(ent)
            if char == ent:
                continue  # not an entity HTML knows: "&co;" in a company name
            repl = " " if char == "\xa0" else char
            yield finding("html-entity", key, f"HTML entity {quote(ent)} in the {field_label(key)}", m.start(), m.end(),
                          Fix(f"Replace {ent} with {repl!r}", key, m.start(), m.end(), repl), item)


# UTF-8 read as Latin-1/cp1252 leaves "Ã" or "Â" before a continuation-range character,
# or "â€" before a punctuation byte; a failed decode leaves U+FFFD.
MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[\u0080-\u00bf™œ\x9d˜“”’‘¦¢¡]?|Å[\u0080-\u00bf¡¸¾ ]|\ufffd")
MOJIBAKE_WORD = re.compile(r"\S*(?:[ÃÂÅ]|â€|\ufffd)\S*")


def repair_mojibake(text: str) -> str | None:
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return None


@rule("mojibake", Severity.WARNING, "Garbled accented letters (mojibake)",
      """Text whose UTF-8 bytes were read as Latin-1 ("JosÃ© NÃºÃ±ez" for "José Núñez"),
      or that holds the replacement character "\ufffd" from a failed decode, as happens
      with IIM text written in Latin-1 without a character-set marker. When the bytes
      can be read back, the fix restores the letters.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/JosÃ© NÃºÃ±ez"}),
      gate=lambda f: may_hold_mojibake(f.all_text))
def mojibake(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    if not may_hold_mojibake(facts_of(item, ctx).all_text):
        return
    for key in (*TEXT_FIELDS, "creators"):
        text = text_of(item, key)
        if not may_hold_mojibake(text):
            continue
        m = MOJIBAKE.search(text)
        if not m:
            continue
        w = MOJIBAKE_WORD.search(text, max(0, m.start() - 40))
        while w and w.end() <= m.start():
            w = MOJIBAKE_WORD.search(text, w.end())
        s, e = (w.start(), w.end()) if w else m.span()
        word = text[s:e]
        fixed = repair_mojibake(word)
        fix = None
        if key != "creators":
            whole = repair_mojibake(text)  # all the garbled words at once when the field reads back whole
            if whole:
                fix = Fix("Repair the accented letters", key, 0, len(text), whole)
            elif fixed:
                fix = Fix(f"Write {fixed!r}", key, s, e, fixed)
        yield finding("mojibake", key, f"garbled text {quote(word)} in the {field_label(key)}"
                      + (f" (probably {quote(fixed)})" if fixed else ""), s, e, fix, item)


SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)|[ \t]+(?=[,;:!?](?:\s|$))|[ \t]+(?=\.(?:\s|$))|^[ \t\n]+|[ \t\n]+$|\xa0")


def tidy_spaces(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.start() == 0 or m.end() == len(text):
            return ""
        if m.group(0)[0] in " \t" and text[m.end():m.end() + 1] in ",;:!?.":
            return ""
        return " "

    return SPACES.sub(one, text)


@rule("stray-whitespace", Severity.INFO, "Stray whitespace",
      """Doubled spaces, a space before a comma or full stop, leading or trailing
      spaces, or a no-break space in the caption or headline. The fix tidies it.""",
      Example({"caption": "Fans cheer in Lyon , France, June 3, 2021.  REUTERS/Ada Brin"}))
def stray_whitespace(item: Item, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for key in ("caption", "headline"):
        text = text_of(item, key)
        stripped = text.strip()
        if not stripped:
            continue  # an empty caption is missing-caption's business
        # Same length stripped: no blank at either end (strip only ever shortens).
        if "  " not in text and " ," not in text and " ." not in text and "\xa0" not in text and \
                " ;" not in text and " :" not in text and len(stripped) == len(text):
            continue
        spans = list(SPACES.finditer(text))
        if not spans:
            continue
        fixed = tidy_spaces(text)
        first = spans[0]
        shown = quote(text[max(0, first.start() - 12): first.end() + 12])
        out.append(finding("stray-whitespace", key,
                           f"{len(spans)} stray space{'s' if len(spans) > 1 else ''} in the {field_label(key)}, first near {shown}",
                           first.start(), first.end(), Fix("Tidy spaces", key, 0, len(text), fixed), item))
    return out
