"""Finding dates in caption text, in the forms the wires use.

AP ``Tuesday, Jan. 29, 2008``, Reuters ``April 7, 2015``, EPA ``08 November 2017``,
PA ``Tuesday June 24, 2014``, and the same with the weekday after ``on``. Shared by
the date rules and the embargo parser; no rule logic here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
AP_ABBREV = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}

_MONTH_ALT = (r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?"
              r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?")
_WD_ALT = "|".join(WEEKDAYS)

# The weekday may sit right before the date ("Tuesday, Jan. 29", "Tuesday June 24")
# or be missing; the year may be missing (AP within the year).
US_DATE = re.compile(
    rf"(?:(?P<wd>\b(?:{_WD_ALT})\b)(?P<wdsep>,?\s+))?"
    rf"(?P<mon>\b(?:{_MONTH_ALT}))(?![a-z])\s?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?",
    re.IGNORECASE,
)
EU_DATE = re.compile(
    rf"(?:(?P<wd>\b(?:{_WD_ALT})\b)(?P<wdsep>,?\s+))?"
    rf"\b(?P<day>\d{{1,2}})\s+(?P<mon>(?:{_MONTH_ALT}))(?![a-z])\s+(?P<year>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")
WEEKDAY_WORD = re.compile(rf"\b(?:{_WD_ALT})\b")
ANY_DIGIT = re.compile(r"\d")


def month_number(token: str) -> int | None:
    t = token.rstrip(".").lower()[:3]
    for i, name in enumerate(MONTHS, 1):
        if name.lower().startswith(t):
            return i
    return None


@dataclass
class DateMention:
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


def find_dates(text: str) -> list[DateMention]:
    """Date mentions in order of appearance; overlapping forms resolved by first start."""
    if not ANY_DIGIT.search(text):
        return []
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for form, rx in (("eu", EU_DATE), ("us", US_DATE)):
        for m in rx.finditer(text):
            mon_token = m.group("mon")
            # "may 5" is a verb more often than a month; month names are capitalised.
            if not mon_token[0].isupper():
                continue
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            day = int(m.group("day"))
            if day == 0 or day > 31:
                continue
            month = month_number(mon_token)
            if month is None:
                continue
            wd = m.group("wd")
            if wd and not wd[0].isupper():
                wd = None
            year = m.group("year")
            out.append(DateMention(
                start=s if wd else m.start("mon") if form == "us" else m.start("day"), end=e,
                month_start=m.start("mon"), month_end=m.end("mon"), month_token=mon_token,
                month=month, day=day, year=int(year) if year else None,
                weekday=wd, wd_start=m.start("wd") if wd else None, wd_end=m.end("wd") if wd else None,
                form=form))
            taken.append((s, e))
    out.sort(key=lambda d: d.start)
    return out


def parse_iso_date(value: str | None) -> dt.date | None:
    """The date part of an ISO 8601 value ("2024-04-13", "2024-04-13T14:05:09+02:00")."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
