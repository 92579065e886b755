"""Issue 12, round 35: the kinds blind batch u12 missed, each from real development captions."""

from __future__ import annotations

from app.credits import parse_credits


def test_company_legal_form_after_a_comma_ends_a_copyright_credit() -> None:
    # dev g36-0015 (beinsure.com): "© Name, Inc." — the comma before the legal form separates nothing,
    # and "Inc." keeps its stop, as the dev labels keep it (g2-0086, g12-0027, g36-0015)
    got = parse_credits("© A.M. Best Company, Inc. — used by permission")
    assert [(c.text, c.photographers, c.agencies) for c in got] == [
        ("© A.M. Best Company, Inc.", [], ["A.M. Best Company, Inc."])]


def test_legal_form_keeps_its_stop_at_the_end_of_a_credit() -> None:
    # the stop after "Inc." ends the credit and is the legal form's, as "Jr." owns its stop (README label
    # policy); the credit's span takes it
    got = parse_credits("© A.M. Best Company, Inc.")
    assert [(c.text, c.agencies) for c in got] == [("© A.M. Best Company, Inc.", ["A.M. Best Company, Inc."])]
    # a sentence's stop after an ordinary name is still the sentence's
    got = parse_credits("A view of the harbour in Oslo. Photo: Jane Roe.")
    assert [(c.text, c.photographers) for c in got] == [("Photo: Jane Roe", ["Jane Roe"])]


def test_portrait_caption_name_and_office_is_no_credit() -> None:
    # dev g46-0009 (en.wikipedia.org): the person pictured and the office held, read as "Name, Outlet" before
    assert parse_credits("Jacinda Ardern, Prime Minister of New Zealand") == []
    # dev g40-0005 (erp-news.info): the same form with the company after the office stays no credit
    assert parse_credits("Klaas Bollhoefer, Chief Evangelist, The unbelievable Machine Company") == []
    # a photographer and the paper after a comma is still a credit (the README's house form)
    got = parse_credits("Fans cheer in Lyon. Jane Roe, The Harbor Tribune")
    assert [(c.photographers, c.agencies) for c in got] == [(["Jane Roe"], ["The Harbor Tribune"])]
