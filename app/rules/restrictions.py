"""Usage restrictions and embargoes, wherever they are written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from app.model import Finding, Item, Severity
from app.rules.base import Example, RuleContext, field_label, quote, rule, text_of
from app.rules.base import finding as make_finding
from app.rules.datefind import ISO_DATE, find_dates

FIELDS = ("instructions", "usage_terms", "caption")

_RESTRICTION = (
    r"\bEDITORIAL USE ONLY\b|\bNO (?:RE)?SALES?\b|\bNO ARCHIV(?:ES?|ING)\b|\bNO LICENS(?:ING|ES?)\b"
    r"|\bNO COMMERCIAL USE\b|\bNOT FOR (?:RE)?SALE\b|\bONE[- ]TIME USE(?: ONLY)?\b|\bNO TRADES?\b"
    r"|\bMUST LICENSE\b|\bNO NEWS SERVICE\b|\bNO THIRD[- ]PARTY (?:SALES|USE)\b|\bNO MERCHANDISING\b"
    r"|\bFOR USE (?:ONLY )?WITHIN \d+ DAYS\b|\bNO (?:USE|PUBLICATION) (?:AFTER|BEFORE)\b[^.;\n]*"
    # Reuters' "TEMPLATE OUT" trailer, Yonhap's "(For Use Only in the Republic of Korea. No
    # Redistribution)" (written so, not in capitals): usage terms the wire put in the caption
    r"|\bTEMPLATE OUT\b|\b(?:For Use Only in|FOR USE ONLY IN) the [A-Z][^.;)\n]*"
)
RESTRICTION = re.compile(_RESTRICTION, re.IGNORECASE)
# In a caption, restriction words are only instructions when written in capitals ("No sale").
RESTRICTION_CAPS = re.compile(_RESTRICTION)
# "Netherlands OUT", "NO UK" territory bans are written in capitals by the wires.
TERRITORY = re.compile(r"\b(?:[A-Z][A-Za-z]+ )?[A-Z][A-Za-z]+ OUT\b|\bNO (?:UK|USA|US|FRANCE|GERMANY|CHINA)\b")
EMBARGO = re.compile(r"\bEMBARGO(?:ED)?\b\s*(?:UNTIL|TILL|TO|UNTILL|:)?\s*(?P<when>[^;\n]{0,60})", re.IGNORECASE)
# Where the embargo's own words stop: the end of its date, and of a time after that date.
TIME_AFTER = re.compile(r"^,?\s*(?:at\s+)?(?:[01]\d|2[0-3]):?[0-5]\d(?:\s*(?:hrs|GMT|UTC|Z)\b)*", re.IGNORECASE)
HHMM = re.compile(r"\b(?P<h>[01]\d|2[0-3]):?(?P<m>[0-5]\d)\s*(?:hrs\s*)?(?P<tz>GMT|UTC|Z)?\b", re.IGNORECASE)
QUICK = re.compile(r"\bNO\b|ONLY|EMBARGO|OUT\b|LICENS|SALE|ONE[- ]TIME|DAYS", re.IGNORECASE)
# In a caption only capitals count, so plain substring tests skip ordinary prose ("no", "only").
QUICK_CAPS = ("NO", "ONLY", "EMBARGO", "LICENS", "SALE", "ONE", "MUST", "DAYS", "TEMPLATE OUT", "For Use Only")


def _may_restrict(caption: str) -> bool:
    """Whether the caption holds any of ``QUICK_CAPS``, spelled out: this runs on every
    caption, and eight substring tests cost a third of a generator over the tuple."""
    return ("NO" in caption or "ONLY" in caption or "EMBARGO" in caption or "LICENS" in caption
            or "SALE" in caption or "ONE" in caption or "MUST" in caption or "DAYS" in caption
            or "TEMPLATE OUT" in caption or "For Use Only" in caption)


@dataclass
class Embargo:
    text: str
    start: int
    end: int
    until: dt.datetime | None  # None when the end could not be read


def parse_embargo_end(text: str) -> dt.datetime | None:
    """The end of an embargo from "0001 GMT NOV. 27, 2026", "27 November 2026 00:01", "2026-11-27"."""
    day: dt.date | None = None
    dates = find_dates(text)
    if dates:
        day = dates[0].date()
    else:
        m = ISO_DATE.search(text)
        if m:
            try:
                day = dt.date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
            except ValueError:
                day = None
    if day is None:
        return None
    stripped = ISO_DATE.sub(" ", text)
    for d in dates:
        stripped = stripped.replace(text[d.start:d.end], " ")
    t = HHMM.search(stripped)
    hour, minute = (int(t.group("h")), int(t.group("m"))) if t else (0, 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def find_embargoes(text: str) -> list[Embargo]:
    out = []
    for m in EMBARGO.finditer(text):
        when = m.group("when")
        end = m.end()
        dates = find_dates(when)
        iso = ISO_DATE.search(when)
        if dates or iso:
            stop = dates[0].end if dates else iso.end()  # type: ignore[union-attr]
            t = TIME_AFTER.match(when[stop:])
            end = m.start("when") + stop + (t.end() if t else 0)
        else:
            cut = re.search(r"\.(?:\s|$)", when)
            if cut:
                end = m.start("when") + cut.start()
        out.append(Embargo(text[m.start():end].strip(), m.start(), end, parse_embargo_end(when)))
    return out


@rule("restriction", Severity.WARNING, "Usage restriction or embargo",
      """A usage restriction in the instructions, usage terms or caption ("EDITORIAL USE
      ONLY", "NO ARCHIVES", "NO SALES", "ONE TIME USE", "Netherlands OUT") or an embargo
      ("EMBARGOED UNTIL 0001 GMT NOV. 27, 2026"). An embargo that has not ended by the
      publication date (the catalog's default, --publish-date, or today) is an error; a
      restriction in the usage-terms field, where it belongs, is only information.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
               "instructions": "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026. NO ARCHIVES"},
              publish_date="2026-11-25"))
def restriction(item: Item, ctx: RuleContext) -> list[Finding]:
    # A list, not a generator: it runs on every item and nearly always finds nothing.
    out: list[Finding] = []
    publish = None
    for key in FIELDS:
        text = text_of(item, key)
        if not text:
            continue
        if key == "caption":
            if not _may_restrict(text):
                continue
        if publish is None:
            publish = ctx.effective_publish_date
        # Instructions and usage terms repeat from item to item ("NO ARCHIVES. NO SALES."):
        # their verdicts are remembered. Captions are nearly all different.
        found = _restrictions(key, text, publish) if key == "caption" else _restrictions_cached(key, text, publish)
        for message, start, end, error in found:
            f = make_finding("restriction", key, message, start, end, item=item)
            if error:
                f.severity = Severity.ERROR
            elif key == "usage_terms":
                f.severity = Severity.INFO  # the usage-terms field is where a restriction belongs
            out.append(f)
    return out


@lru_cache(maxsize=4096)
def _restrictions_cached(key: str, text: str, publish: dt.date) -> tuple[tuple[str, int, int, bool], ...]:
    return _restrictions(key, text, publish)


def _restrictions(key: str, text: str, publish: dt.date) -> tuple[tuple[str, int, int, bool], ...]:
    """(message, start, end, is an error) of each restriction finding in field ``key``."""
    if key != "caption" and not QUICK.search(text):
        return ()
    out = []
    for e in find_embargoes(text):
        if key == "caption" and not e.text.startswith("EMBARGO"):
            continue  # "the oil embargo" is news, not an instruction
        if e.until is None:
            out.append((f"embargo {quote(e.text)}: its end could not be read", e.start, e.end, False))
        elif publish < e.until.date() or (publish == e.until.date() and e.until.time() > dt.time(0, 0)):
            out.append((f"embargo {quote(e.text)} ends {e.until:%Y-%m-%d %H:%M}, after the publication "
                        f"date {publish.isoformat()}", e.start, e.end, True))
        else:
            out.append((f"embargo {quote(e.text)} (ended {e.until:%Y-%m-%d})", e.start, e.end, False))
    if key == "caption":
        found = list(RESTRICTION_CAPS.finditer(text))
    else:  # "SOLD OUT" in a caption is not a territory ban
        found = list(RESTRICTION.finditer(text)) + list(TERRITORY.finditer(text))
    if found:
        found.sort(key=lambda m: m.start())
        phrases = ", ".join(dict.fromkeys(quote(m.group(0)) for m in found))
        out.append((f"usage restriction in the {field_label(key)}: {phrases}", found[0].start(), found[0].end(),
                    False))
    return tuple(out)
