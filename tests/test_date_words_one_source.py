"""Month and weekday names live in one place, resources/date_words.toml (review37): the rules'
English names (app.rules.datefind), the house style's month keys and the templates' dates are
the same table, so a correction there reaches them all and they cannot drift apart."""

from __future__ import annotations

from app import house_style, templates
from app.date_words import date_words
from app.rules import datefind


def test_the_rules_english_names_are_the_tables() -> None:
    en = date_words("en")
    assert datefind.WEEKDAYS is en.weekdays
    assert datefind.MONTHS is en.months
    assert house_style.MONTHS is en.months
    assert templates.date_words is date_words


def test_ap_abbreviations_are_the_short_months_not_spelled_out() -> None:
    # AP: Jan. Feb. Aug. Sept. Oct. Nov. Dec.; March to July in full (never "Sep.")
    assert datefind.AP_ABBREV == {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
    assert datefind.WEEKDAYS[0] == "Monday" and datefind.MONTHS[8] == "September"
