"""Finding dates in caption text, in the forms the wires use.

AP ``Tuesday, Jan. 29, 2008``, Reuters ``April 7, 2015``, EPA ``08 November 2017``,
PA ``Tuesday June 24, 2014``, and the same with the weekday after ``on``. Shared by
the date rules and the embargo parser; no rule logic here. ``find_local_dates`` reads a
weekday with its date in the other languages of resources/caption_words.toml
[when.calendars] ("Dienstag, 9. Dezember 2026", "martes 9 de diciembre de 2026").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.datacache import resource_toml
from app.date_words import date_languages, date_words
from app.wordtrie import word_alternation, word_start_alternation

# English's names, from resources/date_words.toml [en] (what templates write dates with too):
# AP's abbreviations are the months its months_short writes otherwise than in full.
_EN = date_words("en")
WEEKDAYS = _EN.weekdays
MONTHS = _EN.months
AP_ABBREV = {i: short for i, (full, short) in enumerate(zip(MONTHS, _EN.months_short, strict=True), 1)
             if short != full}

_MONTH_ALT = (r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?"
              r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?")
_WD_ALT = "|".join(WEEKDAYS)

# Day numbers are the anchor: captions hold few one- or two-digit numbers, and a pattern
# that starts with a digit class is scanned far faster than one starting with month
# names. The month is then read just before the number (Nov. 18) or just after it
# (08 November 2017), and the weekday just before the date.
_UPPER_ALT = (r"JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?"
              r"|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?")
_MONTH = rf"(?:{_MONTH_ALT}|(?:{_UPPER_ALT})\.?)(?![A-Za-z])"
# Spelled for the engine's speed, same matches as r"\d{1,2}(?:st|nd|rd|th)?\b(?!:\d|/|-\d|\.\d)":
# giving back a digit or the suffix can never end the number at a word boundary, so the
# possessive quantifiers only spare the retries, and \d\d? is scanned faster than \d{1,2}.
DAY_NUM = re.compile(r"\d\d?+(?:st|nd|rd|th)?+\b(?![:.-]\d|/)")
NOT_BEFORE_DAY = frozenset("0123456789.,:/-")  # "20,000", "3.5", "12:30" are not days
MONTH_BEFORE = re.compile(rf"\b(?P<mon>{_MONTH}) ?$")
US_YEAR = re.compile(r",?\s+(?P<year>(?:1[89]|20)\d\d)\b")
EU_AFTER = re.compile(rf"\s+(?P<mon>{_MONTH})\s+(?P<year>(?:1[89]|20)\d\d)\b")
WD_BEFORE = re.compile(rf"\b(?P<wd>{_WD_ALT}|{_WD_ALT.upper()})(?P<sep>,?\s+)$")
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")
WEEKDAY_WORD = re.compile(rf"\b(?:{_WD_ALT})\b")
ANY_DIGIT = re.compile(r"\d")


_MONTH_BY_PREFIX = {name[:3].lower(): i for i, name in enumerate(MONTHS, 1)}


def month_number(token: str) -> int | None:
    t = token.rstrip(".").lower()[:3]
    hit = _MONTH_BY_PREFIX.get(t)
    if hit is not None:
        return hit
    for i, name in enumerate(MONTHS, 1):  # fewer than three letters
        if name.lower().startswith(t):
            return i
    return None


class _DayOfMonth:
    """What a mention with a day, a month and maybe a year says: the date, and whether it can be."""

    __slots__ = ()
    year: int | None
    month: int
    day: int

    def date(self, default_year: int | None = None) -> dt.date | None:
        """The date, or None when impossible (Feb. 30) or the year is unknown."""
        year = self.year or default_year
        if not year:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None

    @property
    def possible(self) -> bool:
        # A leap year allows Feb. 29, so an unknown year is judged against one.
        try:
            dt.date(self.year or 2024, self.month, self.day)
            return True
        except ValueError:
            return False


@dataclass(slots=True)  # built for nearly every caption
class DateMention(_DayOfMonth):
    start: int  # span of the whole mention, weekday included
    end: int
    month_start: int
    month_end: int
    month_token: str
    month: int
    day: int
    year: int | None
    weekday: str | None
    wd_start: int | None
    wd_end: int | None
    form: str  # "us" | "eu"


def find_dates(text: str) -> list[DateMention]:
    """Date mentions in order of appearance."""
    out: list[DateMention] = []
    for m in DAY_NUM.finditer(text):
        ds, de = m.span()
        if ds and text[ds - 1] in NOT_BEFORE_DAY:
            continue
        day = int(text[ds:de].rstrip("stndrh"))
        if day == 0 or day > 31:
            continue
        # Each pattern below needs a blank (or a comma) at a known place: testing that
        # character first spares most calls ("June 13, 2018" never tries the EU form).
        # Groups by number, not name: a date costs a dozen of these lookups.
        after = text[de:de + 1]
        eu = EU_AFTER.match(text, de) if after.isspace() else None
        if eu:  # 08 November 2017
            ms, me = eu.span(1)
            form, start, end, year = "eu", ds, eu.end(), eu.group(2)
        else:
            mon = MONTH_BEFORE.search(text, max(0, ds - 11), ds)
            if not mon:
                continue
            ms, me = mon.span(1)
            y = US_YEAR.match(text, de) if after == "," or after.isspace() else None
            form, start = "us", ms
            end, year = (y.end(), y.group(1)) if y else (de, None)
        token = text[ms:me]
        month = _MONTH_OF.get(token)
        if month is None:
            month = month_number(token)
            if month is None:
                continue
            _MONTH_OF[token] = month
        wd = WD_BEFORE.search(text, max(0, start - 12), start) if text[start - 1:start].isspace() else None
        if wd:
            ws, we = wd.span(1)
            out.append(DateMention(ws, end, ms, me, token, month, day, int(year) if year else None,
                                   text[ws:we], ws, we, form))
        else:
            out.append(DateMention(start, end, ms, me, token, month, day, int(year) if year else None,
                                   None, None, None, form))
    return out


# Month tokens as the patterns match them ("Nov.", "NOVEMBER"): a few dozen spellings at most.
_MONTH_OF: dict[str, int] = {}


def parse_iso_date(value: str | None) -> dt.date | None:
    """The date part of an ISO 8601 value ("2024-04-13", "2024-04-13T14:05:09+02:00")."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class LocalDate(_DayOfMonth):
    """A weekday with its date in another language than English: "Dienstag, 9. Dezember 2026"."""
    start: int  # the whole mention, weekday included
    end: int
    wd_start: int
    wd_end: int
    weekday: int  # 0 is Monday, as dt.date.weekday()
    day: int
    month: int
    year: int | None
    language: str


def _cased(words: list[str]) -> list[str]:
    """Each word as written, in lower case, capitalised and in capitals: a sentence opens with
    "Lunes", a slide heading writes "MARTES" (the trie cannot be compiled to ignore case)."""
    return [v for w in words for v in {w, w.lower(), w[:1].upper() + w[1:], w.upper()}]


@dataclass(frozen=True, slots=True)
class _Calendars:
    pattern: re.Pattern[str]  # every language's weekday, day, month and year in one scan
    day_of: dict[str, tuple[str, int]]  # folded weekday name -> (language, 0 for Monday)
    month_of: dict[str, dict[str, int]]  # folded month name -> {language: 1 for January} ("mai": fr and de)
    days: dict[str, list[str]]  # language -> its weekdays as the fix writes them


@cache
def _calendars() -> _Calendars:
    calendars = resource_toml("caption_words.toml")["when"].get("calendars", {})
    day_of: dict[str, tuple[str, int]] = {}
    month_of: dict[str, dict[str, int]] = {}
    before: set[str] = set()
    joiners: set[str] = set()
    days: dict[str, list[str]] = {}
    for lang, cal in calendars.items():
        weekdays, months = _names_of(lang, cal)
        days[lang] = weekdays
        day_of.update({w.casefold(): (lang, i) for i, w in enumerate(weekdays)})
        for i, w in enumerate(months, 1):
            month_of.setdefault(w.casefold(), {})[lang] = i
        for alias, canonical in cal.get("aliases", {}).items():
            if canonical.casefold() in day_of:
                day_of[alias.casefold()] = day_of[canonical.casefold()]
            else:
                month_of.setdefault(alias.casefold(), {})[lang] = month_of[canonical.casefold()][lang]
        before.update(cal.get("before_day", []))
        joiners.update(cal.get("joiners", []))
    wd, mon = word_start_alternation(_cased(list(day_of))), word_alternation(_cased(list(month_of)))
    before_day = rf"(?:(?:{word_alternation(_cased(list(before)))})[ \t]+)?" if before else ""
    joiner = rf"(?:(?:{word_alternation(_cased(list(joiners)))})[ \t]+)?" if joiners else ""
    # One scan for every language (two cost twice as much: ~11 us a real caption): the
    # weekday, a comma or an opening bracket, the day (with its point in German), the month,
    # and the year if one follows. Nothing else may stand between them, and the weekday and
    # the month must be of one language. French writes the first "1er" ("lundi 1er décembre").
    pattern = re.compile(
        rf"(?P<wd>{wd})(?!\w)[ \t]*[,(]?[ \t]*{before_day}(?P<day>\d\d?)(?!\d)(?:\.|er)?[ \t]*{joiner}"
        rf"(?P<mon>{mon})(?!\w)(?:[ \t]*,?[ \t]*{joiner}(?P<year>(?:1[89]|20)\d\d)(?!\d))?")
    return _Calendars(pattern, day_of, month_of, days)


def _names_of(lang: str, cal: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A calendar's weekdays (Monday first) and months (January first): its own lists, else the
    language's table of resources/date_words.toml, the words templates write dates with (one
    place for a language's names; a calendar of a language without a table lists its own)."""
    if "weekdays" in cal and "months" in cal:
        return list(cal["weekdays"]), list(cal["months"])
    if lang not in date_languages():
        raise KeyError(f"caption_words.toml [when.calendars.{lang}]: no weekdays and months, and "
                       f"date_words.toml has no [{lang}] table to take them from")
    words = date_words(lang)
    return list(cal.get("weekdays", words.weekdays)), list(cal.get("months", words.months))


def find_local_dates(text: str) -> list[LocalDate]:
    """A weekday with its date in the languages of caption_words.toml [when.calendars], in order."""
    cals = _calendars()
    out: list[LocalDate] = []
    for m in cals.pattern.finditer(text):
        lang, weekday = cals.day_of[m.group("wd").casefold()]
        month = cals.month_of[m.group("mon").casefold()].get(lang)  # the weekday's language's month
        day = int(m.group("day"))
        if month is None or not 1 <= day <= 31:
            continue
        year = m.group("year")
        out.append(LocalDate(m.start(), m.end(), m.start("wd"), m.end("wd"), weekday, day, month,
                             int(year) if year else None, lang))
    return out


def weekday_name(language: str, weekday: int, like: str) -> str:
    """Day ``weekday`` (0 is Monday) in ``language``, in the case ``like`` is written in."""
    name = _calendars().days[language][weekday]
    if like.isupper() and len(like) > 1:
        return name.upper()
    if like[:1].isupper():
        return name[:1].upper() + name[1:]
    return name  # as the language writes it: "miércoles", "Mittwoch"
