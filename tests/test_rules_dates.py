"""Dates in captions: weekdays, impossible dates, distance from the capture, month style."""

from __future__ import annotations

import datetime as dt

import pytest

from app.model import FileFacts, Item
from app.rules import check_item, make_context
from app.rules.datefind import find_dates


def found(caption: str, rule: str, house_style: str | None = None, facts: FileFacts | None = None, **fields):
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption, **fields}, facts=facts)
    return [f for f in check_item(item, make_context(house_style=house_style)) if f.rule == rule]


@pytest.mark.parametrize("caption, wrong, right", [
    ("Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)", "Monday", "Tuesday"),  # AP
    ("Cricket fans in London. Picture date: Wednesday June 24, 2014. Photo credit: Ann Lee/PA Wire.",
     "Wednesday", "Tuesday"),  # PA: no comma after the weekday
    ("Protesters in Athens, Greece, on Friday, 08 November 2017. EPA-EFE/ADA BRIN", "Friday", "Wednesday"),  # EPA
    ("Traders work in New York on Sunday, April 7, 2015. REUTERS/Ada Brin", "Sunday", "Tuesday"),  # Reuters
])
def test_wrong_weekday_in_each_wire_form_is_fixed(caption, wrong, right):
    (f,) = found(caption, "weekday-mismatch")
    assert f.severity.value == "error"
    assert caption[f.start:f.end] == wrong
    assert wrong in f.message and right in f.message
    fixed = f.fix.apply(caption)
    assert right in fixed and not found(fixed, "weekday-mismatch")


@pytest.mark.parametrize("caption", [
    "Fans cheer in Chicago, Tuesday, Nov. 18, 2014. (AP Photo/Ines Varga)",
    "Cricket fans in London. Picture date: Tuesday June 24, 2014.",
    "Protesters in Athens, Greece, 08 November 2017. EPA-EFE/ADA BRIN",
    "Traders work in New York, April 7, 2015. REUTERS/Ada Brin",
    "A rally on Monday, the day after the vote on Nov. 18, 2014.",  # weekday not attached to the date
    "Vote counting in Paris may 5, 2014 be delayed.",  # "may" is a verb here
])
def test_right_or_no_weekday_is_quiet(caption):
    assert not found(caption, "weekday-mismatch")


def test_impossible_date_is_an_error():
    (f,) = found("Snow falls in Kyiv, Ukraine, Feb. 30, 2021. REUTERS/Ada Brin", "weekday-mismatch")
    assert "Feb. 30, 2021" in f.message and "impossible" in f.message
    assert not found("Snow falls in Kyiv, Ukraine, Feb. 29, 2024. REUTERS/Ada Brin", "weekday-mismatch")


def test_weekday_without_year_uses_the_year_of_date_created():
    caption = "Fans cheer in Chicago, Monday, Nov. 18. (AP Photo/Ines Varga)"
    assert found(caption, "weekday-mismatch", date_created="2014-11-18")
    assert not found(caption, "weekday-mismatch", date_created="2013-11-18")  # a Monday in 2013
    assert not found(caption, "weekday-mismatch")  # no year known: cannot judge


def test_date_far_from_capture_unless_file_photo():
    caption = "Crowds gather in Lyon, France, June 3, 2021. REUTERS/Ada Brin"
    (f,) = found(caption, "date-mismatch", date_created="2021-06-19")
    assert "June 3, 2021" in f.message and "16 days" in f.message
    assert not found(caption, "date-mismatch", date_created="2021-06-04")  # a day apart: time zones
    assert not found("FILE - " + caption, "date-mismatch", date_created="2021-06-19")
    assert not found(caption, "date-mismatch", date_created="2021-06-19", instructions="FILE PHOTO")


def test_date_mismatch_uses_capture_time_when_no_date_created():
    facts = FileFacts(path="x.jpg", size=1, mtime_ns=0, content_hash="0", format="JPEG",
                      capture_time="2021-07-01T10:00:00")
    assert found("Crowds gather in Lyon, France, June 3, 2021. REUTERS/Ada Brin", "date-mismatch", facts=facts)


def test_month_style_follows_the_agency_by_default():
    (f,) = found("Voters queue in Des Moines, Iowa, Tuesday, Sep. 8, 2020. (AP Photo/Ines Varga)", "month-style")
    assert f.fix.replacement == "Sept."
    (f,) = found("Voters queue in Des Moines, Iowa, Nov. 3, 2020. REUTERS/Ada Brin", "month-style")
    assert f.fix.replacement == "November"  # Reuters spells months out
    assert not found("Voters queue in Des Moines, Iowa, Tuesday, Nov. 3, 2020. (AP Photo/Ines Varga)", "month-style")
    assert not found("Voters queue in Des Moines, Iowa, Tuesday, March 3, 2020. (AP Photo/Ines Varga)",
                     "month-style")
    (f,) = found("Voters queue in Des Moines, Iowa, Tuesday, Mar. 3, 2020. (AP Photo/Ines Varga)", "month-style")
    assert f.fix.replacement == "March"


def test_month_style_with_a_fixed_house_style_and_without_an_agency():
    caption = "Voters queue in Des Moines, Iowa, November 3, 2020. REUTERS/Ada Brin"
    (f,) = found(caption, "month-style", house_style="publisher")  # an AP-style publisher
    assert f.fix.replacement == "Nov."
    assert not found("Voters queue in Des Moines, November 3, 2020.", "month-style")  # no agency, no style
    assert found("Voters queue in Des Moines, Sep. 3, 2020.", "month-style")  # never "Sep."
    assert not found("LONDON, ENGLAND - AUGUST 20: Fans cheer. (Photo by Ada Brin/Getty Images)", "month-style")


def test_month_style_accepts_imagns_own_month_on_its_credits():
    # Imagn's dateline writes the month's first three letters, no point (dev g56-0001..0003: "Oct 5, 2025;",
    # "Oct 31, 2024;", "Jul 15, 2025;"): agency-native accepts it on an Imagn credit (walk18: "Oct should be Oct.")
    imagn = ("Oct 10, 2026; Harbor City, USA; Herons forward Dana Ortiz (9) shoots at Harbor Arena. "
             "Mandatory Credit: Jake Roth-Imagn Images")
    assert not found(imagn, "month-style")
    assert not found(imagn.replace("Oct 10", "Jul 10"), "month-style")
    # without Imagn's credit, the missing point is still the outright error it was
    (f,) = found(imagn.replace("Jake Roth-Imagn Images", "Jake Roth"), "month-style")
    assert f.fix.replacement == "Oct."
    # a fixed house style still writes its own months over Imagn's
    (f,) = found(imagn, "month-style", house_style="publisher")
    assert f.fix.replacement == "Oct."


def test_find_dates_reads_every_form():
    text = "Tuesday, Jan. 29, 2008; April 7, 2015; 08 November 2017; Tuesday June 24, 2014"
    got = [(d.year, d.month, d.day, d.weekday) for d in find_dates(text)]
    assert got == [(2008, 1, 29, "Tuesday"), (2015, 4, 7, None), (2017, 11, 8, None), (2014, 6, 24, "Tuesday")]
    assert find_dates("no digits here") == []
    assert find_dates("Jan. 29, 2008")[0].date() == dt.date(2008, 1, 29)
