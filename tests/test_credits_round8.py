"""Issue 12, round 8 (Latin scripts): desk codes and wire trailers are no credit; the
credit-directive rule finds dpa's '+++(c) dpa - Bildfunk+++' trailer (dev l8-0002)."""

from __future__ import annotations

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def _caption(text: str) -> Item:
    return Item(id=1, path=None, kind="caption", fields={"caption": text})


def test_dpa_trailer_is_no_credit() -> None:
    text = "Am Freitag in Hamburg. Foto: Maurizio Gambarini/dpa +++(c) dpa - Bildfunk+++"
    got = parse_credits(text)
    assert [(c.text, c.photographers, c.agencies) for c in got] == [
        ("Foto: Maurizio Gambarini/dpa", ["Maurizio Gambarini"], ["dpa"])]


def test_dpa_trailer_is_a_credit_directive() -> None:
    text = "Am Freitag in Hamburg. Foto: Maurizio Gambarini/dpa +++(c) dpa - Bildfunk+++"
    found = [f for f in check_item(_caption(text), CTX) if f.rule == "credit-directive"]
    assert found and "Bildfunk" in text[found[0].start:found[0].end]


def test_desk_tag_between_two_credits_does_not_hide_the_second() -> None:
    # "*** BESTPIX ***" run into the site's own credit element (g1-0482's form)
    text = "Golfers on March 23, 2023 in Punta Cana. (Photo by Jane Roe/Getty Images) *** BESTPIX ***Credit:JANE ROE"
    got = parse_credits(text)
    assert [c.photographers for c in got] == [["Jane Roe"], ["JANE ROE"]]


def test_relay_after_the_captions_words_is_the_credit() -> None:
    # dts's image line: "Foto:" names the subject, the agency after "via" is the credit (g2-0044, l8-0001)
    got = parse_credits("Foto: Stephan Weil (Archiv), via dts Nachrichtenagentur")
    assert [(c.text, c.photographers, c.agencies, c.distributor, c.file) for c in got] == [
        ("via dts Nachrichtenagentur", [], ["dts Nachrichtenagentur"], "dts Nachrichtenagentur", True)]
    assert [c.distributor for c in parse_credits("Merkel in Berlin, via Reuters")] == ["Reuters"]


def test_via_a_place_in_prose_is_no_credit() -> None:
    assert parse_credits("He flew to Kyiv, via Poland.") == []
    assert parse_credits("The train runs to Lyon, via the Rhone Valley") == []


def test_agency_acronym_then_its_photographer_without_separator() -> None:
    # "© ANP Lex van Lieshout" (l8-0003): the agency's slot is the chain's first, the person follows
    got = parse_credits("© ANP Lex van Lieshout")
    assert [(c.photographers, c.agencies) for c in got] == [(["Lex van Lieshout"], ["ANP"])]
    # a role word after the acronym stays a role, not a person ("AP Photo")
    assert [(c.photographers, c.agencies) for c in parse_credits("Photo: AP Photo")] == [([], ["Associated Press"])]


def test_abbreviation_after_a_separator_does_not_end_the_credit() -> None:
    # g3-0055: "U.S." after "/" opens the organisation's name, it ends no sentence
    got = parse_credits("Anderson sings in 1943. Photo by Roger Smith/U.S. Office of War Information")
    assert [(c.photographers, c.agencies) for c in got] == [(["Roger Smith"], ["U.S. Office of War Information"])]
