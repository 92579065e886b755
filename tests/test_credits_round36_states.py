"""Issue 12, round 36: a US state's AP abbreviation right before an unbracketed credit ends the caption's sentence."""

from __future__ import annotations

from app.credit_forms import forms
from app.credits import parse_credits


def _parsed(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(c.text, c.photographers, c.agencies) for c in parse_credits(text)]


def test_the_abbreviations_are_data() -> None:
    states = forms().state_abbreviations
    assert {"Md.", "Pa.", "Va.", "Ga.", "Mo.", "Wis.", "Ky.", "N.J.", "D.C.", "Ind."} <= states
    assert len(states) == 43  # the AP stylebook's list: 42 states abbreviated after a city, and D.C.


def test_a_state_after_its_city_is_not_the_start_of_the_photographers_name() -> None:
    # dev g55-0001 (heritage.org), g55-0003 (theroot.com), g12-0001 (no-break space): "D.C." read as the
    # first word of the photographer's name
    assert _parsed("U.S. President Joe Biden talks to reporters during a meeting with Ukrainian President Volodymyr "
                   "Zelensky on December 12, 2023 in Washington, D.C. Chip Somodevilla / Getty Images") \
        == [("Chip Somodevilla / Getty Images", ["Chip Somodevilla"], ["Getty Images"])]
    # dev g55-0007 (npr.org)
    assert _parsed("Water samples are taken from the Potomac River in Maryland in January. A massive pipe that "
                   "moves millions of gallons of sewage ruptured and sent wastewater flowing into the Potomac "
                   "River northwest of Washington, D.C. Nathan Ellgren/AP") \
        == [("Nathan Ellgren/AP", ["Nathan Ellgren"], ["Associated Press"])]


def test_every_short_state_reads_the_same() -> None:
    # walk18's captions: the abbreviations of three letters or fewer and with inner stops, which the parser took
    # for a name's initial or an abbreviation inside a name ("Calif.", "Mass.", "Tenn." already ended sentences)
    for state in ("Md.", "Pa.", "Va.", "Ga.", "Mo.", "Wis.", "Ky.", "N.J.", "D.C.", "Ind."):
        assert _parsed(f"Fans cheer on Oct. 10, 2026 in Harbor City, {state} Rob Carr/Getty Images") \
            == [("Rob Carr/Getty Images", ["Rob Carr"], ["Getty Images"])], state


def test_a_wire_credit_line_joined_to_the_caption_after_a_state() -> None:
    # walk18: "Md. AP Photo/Julio Cortez" gave photographer "Md. AP" and agency "Julio Cortez"
    got = parse_credits("Fans cheer on Oct. 10, 2026 in Harbor City, Md. AP Photo/Julio Cortez")
    assert [(c.text, c.photographers) for c in got] == [("AP Photo/Julio Cortez", ["Julio Cortez"])]


def test_md_as_part_of_a_name_stays_in_the_name() -> None:
    # "Md." is also the common abbreviation of Muhammad in South Asian names: without a place and its comma
    # before it, it opens the photographer's name (no labelled dev caption has one: this is the brief's form)
    for text in ("Protesters gather in Dhaka, Bangladesh on Monday. Md. Manik/ZUMA Press Wire",
                 "Protesters gather in Dhaka on Monday. Photo: Md. Manik/ZUMA Press Wire",
                 "Protesters gather in Dhaka on Monday. (Md. Manik/ZUMA Press)"):
        assert [c.photographers for c in parse_credits(text)] == [["Md. Manik"]], text


def test_a_state_ending_a_sentence_inside_the_caption_changes_nothing_before_a_bracketed_credit() -> None:
    # dev g55-0019 (highergroundtimes.com): "Md." then the next sentence, the credit in brackets at the end
    got = parse_credits("This Oct. 21, 2018 photo shows a general view of FedEx Field in Landover, Md. To encourage "
                        "the Washington Commanders to stay in Maryland, the Maryland House approved a measure on "
                        "Wednesday, April 5, 2022, to spend $400 million to develop the area around FedEx Field in "
                        "the suburbs of the nation's capital, but it does not include money for a new stadium for "
                        "the NFL team.  (AP Photo/Mark Tenally, file) **FILE**")
    assert [(c.text, c.photographers, c.file) for c in got] == [("(AP Photo/Mark Tenally, file)", ["Mark Tenally"], True)]
