"""Month and weekday names live in one place, resources/date_words.toml (review37): the rules'
English names (app.rules.datefind), the house style's month keys and the templates' dates are
the same table, so a correction there reaches them all and they cannot drift apart."""

from __future__ import annotations

from app import house_style, templates
from app.date_words import date_words
from app.rules import datefind


def test_the_rules_english_names_are_the_tables() -> None:
    # equal, not the same object: another test may clear date_words' cache (the whole suite's order
    # made "is" fail in a fresh clone's CI while the file alone passed)
    en = date_words("en")
    assert datefind.WEEKDAYS == en.weekdays
    assert datefind.MONTHS == en.months
    assert house_style.MONTHS == en.months
    assert templates.date_words is date_words


def test_ap_abbreviations_are_the_short_months_not_spelled_out() -> None:
    # AP: Jan. Feb. Aug. Sept. Oct. Nov. Dec.; March to July in full (never "Sep.")
    assert datefind.AP_ABBREV == {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
    assert datefind.WEEKDAYS[0] == "Monday" and datefind.MONTHS[8] == "September"


def test_the_calendars_names_are_the_date_tables() -> None:
    """caption_words.toml [when.calendars.de/es] held the German and Spanish weekdays and months a
    second time: they are date_words.toml's, the calendar keeps only what reading needs (aliases,
    the words between day, month and year)."""
    from app.datacache import resource_toml

    calendars = resource_toml("caption_words.toml")["when"]["calendars"]
    for lang in ("de", "es", "fr"):
        assert "weekdays" not in calendars[lang] and "months" not in calendars[lang], lang
        assert datefind._calendars().days[lang] == list(date_words(lang).weekdays), lang
    assert datefind._calendars().month_of["dezember"] == {"de": 12}
    assert datefind._calendars().month_of["setiembre"] == {"es": 9}  # an alias still reaches its month
    assert datefind._calendars().month_of["mai"] == {"de": 5, "fr": 5}  # one name, two languages


def test_a_calendar_without_names_or_table_is_refused() -> None:
    import pytest

    with pytest.raises(KeyError, match="no weekdays and months"):
        datefind._names_of("xx", {"aliases": {}})
    assert datefind._names_of("xx", {"weekdays": ["a"] * 7, "months": ["b"] * 12}) == (["a"] * 7, ["b"] * 12)
