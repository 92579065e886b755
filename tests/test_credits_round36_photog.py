"""Issue 12, round 36: organisations credited alone where the parser found no credit or read a person."""

from __future__ import annotations

import datetime as dt

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _rules(caption: str) -> set[str]:
    ctx = make_context(publish_date=dt.date(2026, 1, 1))
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), ctx)}


def test_one_word_in_capitals_as_the_whole_caption_is_an_organisations_credit() -> None:
    # dev g51-0021, g51-0022 (cbssports.com): the figure caption holds the credit element alone
    for word in ("WWE", "USATSI"):
        got = parse_credits(word)
        assert [(c.text, c.photographers, c.agencies) for c in got] == [(word, [], [word])]
        assert "missing-photographer" in _rules(word) and "missing-credit" not in _rules(word)


def test_one_word_in_capitals_on_the_last_line_keeps_the_lead_in_above_it() -> None:
    # dev g12-0024 (mopo.de): "Foto:" on one line, the agency on the next
    text = "Marcell Jansen (l.) und Piotr Trochowski zusammen beim HSV.\nFoto:\nWITTERS"
    got = parse_credits(text)
    assert [(c.text, c.photographers, c.agencies) for c in got] == [("Foto:\nWITTERS", [], ["WITTERS"])]
    # dev g36-0018 (libero.pe): the outlet's name after a bar
    got = parse_credits("Alianza Lima ganó a Universitario en Matute | LÍBERO")
    assert [(c.photographers, c.agencies) for c in got] == [([], ["LÍBERO"])]


def test_capitals_that_say_something_else_stay_no_credit() -> None:
    # a place, a role word, a caption in capitals throughout, a word run on after the full stop on the same
    # line: none is an organisation's credit by this reading
    assert parse_credits("Soldiers patrol the old town.\nPARIS") == []
    assert [c.agencies for c in parse_credits("Soldiers patrol the old town.\nSTR")] in ([], [[]])
    assert parse_credits("SOLDIERS PATROL THE OLD TOWN.\nWITTERS") == []
    assert parse_credits("Soldiers patrol the old town. WITTERS") == []


def test_a_word_in_capitals_after_a_bar_is_no_missing_credit_but_missing_photographer() -> None:
    # dev g36-0018 (libero.pe): round 34 made it an unplaced credit (no certain error); it is the outlet's credit
    found = _rules("Brighton goleó al Manchester United por la Premier League | LÍBERO")
    assert "missing-credit" not in found and "unrecognised-credit" not in found
    assert "missing-photographer" in found


def test_a_screenshot_lead_in_names_sources_not_a_photographer() -> None:
    # dev g47-0001, g47-0004, g51-0033 (kotaku.com): the site's own screenshot of a maker's game; "Screenshot" is a
    # source role word of credit_forms.toml [roles], as a link ("Reprodução/Instagram") so as the lead-in
    for text, orgs in (("Screenshot: Kotaku / Capcom", ["Kotaku", "Capcom"]),
                       ("Screenshot: Kotaku / CD Projekt Red", ["Kotaku", "CD Projekt Red"])):
        got = parse_credits(text)
        assert [(c.photographers, c.agencies, c.distributor) for c in got] == [([], orgs, orgs[-1])]
    # dev g11-0099 (utopia.de): a user's handle in lower case is who posted what the screen shows, as labelled
    got = parse_credits("(Screenshots: Instagram/ kimkardashian)")
    assert [(c.photographers, c.agencies) for c in got] == [(["kimkardashian"], ["Instagram"])]


def test_companies_and_a_picture_library_credited_alone_are_registered() -> None:
    # dev g47-0009, g47-0010 (computerbild.de): "Foto:" before one word is a German paper's surname credit; a
    # registered company is none
    assert [(c.photographers, c.agencies) for c in parse_credits("Foto: Microsoft")] == [([], ["Microsoft"])]
    # dev g47-0008: a game publisher's name holds "games" ([organisations] words)
    got = parse_credits("Die Oberflächen spiegeln die Umgebung (Raytracing).\nFoto: 505 Games, Nvidia")
    assert [(c.photographers, c.agencies) for c in got] == [([], ["505 Games", "Nvidia"])]
    # dev g51-0005 (cleveland.com): the design site's picture library alone in brackets after the caption
    got = parse_credits("Gov. Phil Murphy started a direct text message service with taxpayers on Aug. 24. (Canva)")
    assert [(c.text, c.photographers, c.agencies) for c in got] == [("(Canva)", [], ["Canva"])]
    # dev g51-0029 (intouchweekly.com): a production company's still moved by the agency MEGA
    got = parse_credits("MOVI Inc. / MEGA")
    assert [(c.photographers, c.agencies, c.distributor) for c in got] == [([], ["MOVI Inc.", "MEGA"], "MEGA")]


def test_news_organisations_the_registry_now_knows() -> None:
    # dev g11-0059 (ostbelgiendirekt.be): the broadcaster, then the agency that moved its still; no one named
    got = parse_credits("Loriot mit Evelyn Hamann auf dem berühmten Sofa (1989). Foto: SWR/picture alliance/dpa")
    # ("picture alliance/dpa" is one dpa to the registry, as the scorer counts it)
    assert [(c.photographers, c.agencies) for c in got] == [([], ["SWR", "dpa"])]
    # dev g47-0013 (t-online.de): the portal's own name after "Quelle:"
    assert [(c.photographers, c.agencies) for c in parse_credits("Quelle: t-online")] == [([], ["t-online"])]
    # dev g19-0002 (9news.com.au): the auction house alone in brackets after the caption
    got = parse_credits("A painting of the island where Jeffrey Epstein abused young women and girls. (Christie's)")
    assert [(c.text, c.agencies) for c in got] == [("(Christie's)", ["Christie's"])]
    assert "missing-photographer" in _rules("A painting of the island. (Christie's)")


def test_a_research_institute_in_nasas_chain_is_not_offered_as_swr() -> None:
    # dev l13-0007: "SwRI" was "not in the registry; did you mean SWR?" once SWR was registered
    ctx = make_context(publish_date=dt.date(2026, 1, 1))
    item = Item(id=1, path=None, kind="caption", fields={"caption": "Jupiter's clouds. Image: NASA/JPL-Caltech/SwRI/MSSS"})
    assert not [f for f in check_item(item, ctx) if f.rule == "unknown-agency" and "SwRI" in f.message]


def test_german_bodies_named_by_a_compounds_last_word() -> None:
    # dev g48-0010 (waldwissen.net): a district office after "Foto:", read as a person's name before
    got = parse_credits("Forstarbeiter im Stadtwald. (Foto: Landratsamt Calw)")
    assert [(c.photographers, c.agencies) for c in got] == [([], ["Landratsamt Calw"])]
    # dev g11-0040 (caritas.de): an association
    got = parse_credits("Foto: Deutscher Caritasverband")
    assert [(c.photographers, c.agencies) for c in got] == [([], ["Deutscher Caritasverband"])]
    # guard: a surname that ends in the letters is no compound of nine letters
    assert [c.photographers for c in parse_credits("Foto: Hans Samt")] == [["Hans Samt"]]
