"""How each language writes dates: ``resources/date_words.toml``, one table per language.

The one place month and weekday names live: templates write dates with them
(``app.templates.format_date``), the rules read English dates with the ``en`` table's names
(``app.rules.datefind``: WEEKDAYS, MONTHS, AP_ABBREV) and other languages' with the
calendars of ``caption_words.toml``, whose weekdays and months are these tables' unless a
calendar lists its own. No Qt, no catalog: rules, house styles and templates all import it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from app.datacache import resource_toml

__all__ = ["DEFAULT_LANGUAGE", "DateWords", "date_languages", "date_tables", "date_words"]

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class DateWords:
    """How one language writes dates (a table of ``resources/date_words.toml``)."""

    language: str
    months: tuple[str, ...]
    months_short: tuple[str, ...]
    weekdays: tuple[str, ...]
    weekdays_short: tuple[str, ...]
    formats: dict[str, str] = field(default_factory=dict)  # named formats: "long", "short", "weekday"
    first_day: str = "1"  # the 1st before a month's name: "1er" in French


def date_tables() -> dict[str, Any]:
    """The parsed file, language code -> table (shared: read it, never change it)."""
    return resource_toml("date_words.toml")


def date_languages() -> dict[str, str]:
    """Language code -> its name in that language ("de": "Deutsch"), in the table's order."""
    return {code: table["name"] for code, table in date_tables().items()}


@functools.cache
def date_words(language: str | None = None) -> DateWords:
    """The date words of ``language`` (a code of the table), English for None or an unknown one."""
    tables = date_tables()
    code = language if language in tables else DEFAULT_LANGUAGE
    t = tables[code]
    return DateWords(code, tuple(t["months"]), tuple(t["months_short"]), tuple(t["weekdays"]),
                     tuple(t["weekdays_short"]), dict(t.get("formats", {})), t.get("first_day", "1"))
