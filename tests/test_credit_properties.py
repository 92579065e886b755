"""Properties of the credit parser: it never raises, its spans are exact, and whatever a house
style renders parses back to the same credit."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.credits import credit_defects, parse_credits, render_credit
from app.house_style import HouseStyle, available_styles
from app.model import Credit

FIELDS = ("caption", "credit_line", "source", "creators")
SETTINGS = settings(max_examples=int(os.environ.get("CREDIT_PROPERTY_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real credits, so random text often looks like a credit and reaches the deep paths.
TOKENS = ["(", ")", "[", "]", "}", "/", "//", " / ", " via ", " VIA ", "/via ", " – ", " - ", "|", ", ", ". ", " ",
          "\n", "©", "©", "AP Photo", "ap photo", "AP", "REUTERS", "REUETRS", "AFP PHOTO", "AFP", "Getty Images",
          "EPA-EFE", "epa", "Xinhua", "Anadolu Agency", "PA Wire", "ZUMA Wire", "KCNA", "Photo by ", "credit:",
          "Credit Image: ", "Photo credit should read: ", "Courtesy ", "Official White House Photo by ", "File",
          "File Photo", "FILE - ", "Pool", "Pool Photo", "Handout", "STR", "Stringer", "Jane Roe", "JOHN DOE",
          "Renée", "de la", "O'Brien", "Jr.", "for", "MTV", "2025", "Tuesday, Jan. 5", "In this file photo, ",
          "TPX IMAGES OF THE DAY", "x", "é", "\u200b", "\t"]
credit_like_text = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)


def check_spans(text: str, field: str) -> None:
    for c in parse_credits(text, field):
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start:c.end] == c.text
        assert c.field == field
        assert all(isinstance(p, str) and p for p in c.photographers)
        assert all(isinstance(a, str) and a for a in c.agencies)
        # one rule everywhere: the distributor is the last link of the chain, never outside it
        assert c.distributor is None or c.agencies[-1:] == [c.distributor], c
        assert len(set(c.agencies)) == len(c.agencies), c
        for d in credit_defects(c, text):
            assert 0 <= d.start <= d.end <= len(text)


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(FIELDS))
@example("(AP Photo/", "caption")
@example("( – )", "caption")
@example("via", "credit_line")
@example("(credit:)", "caption")
@example(" –  –  - AP Photo", "credit_line")  # found by the property: a run of dashes glued to a wire
def test_never_raises_and_spans_are_exact_on_any_text(text, field):
    check_spans(text, field)


@SETTINGS
@given(credit_like_text, st.sampled_from(FIELDS))
def test_never_raises_and_spans_are_exact_on_credit_like_text(text, field):
    check_spans(text, field)


# ---------------------------------------------------------------------------
# render -> parse round trip

FIRST = ["Jane", "John", "Renée", "Ahmed", "Mei", "Olusegun", "José Luis", "Ana María", "Björn", "Siobhán",
         "Kwame", "Yuki", "Zoë", "Jae C.", "Marie-Claire", "Ngozi"]
LAST = ["Roe", "Doe", "Beaulieu", "Al-Sayed", "Zhang", "Okafor", "Magaña", "de la Vega", "Øvergaard",
        "O'Connell", "Mensah", "Tanaka", "van der Berg", "Kowalczyk", "Nguyen", "Smith-Jones"]


@st.composite
def names(draw) -> str:
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    style = draw(st.sampled_from(["plain", "upper", "afp"]))
    if style == "upper":
        return f"{first} {last}".upper()
    if style == "afp":
        return f"{first} {last.upper()}"
    return f"{first} {last}"


WIRES = ["Associated Press", "Reuters", "AFP", "EPA", "Anadolu Agency", "Xinhua", "PA Media", "Shutterstock", "Sipa",
         "ZUMA Press", "Alamy", "NurPhoto", "SOPA Images", "Bloomberg", "dpa", "Kyodo", "Yonhap", "AAP", "UPI",
         "Korean Central News Agency", "WireImage", "Hulton Archive"]
OUTLETS = ["The Boston Globe", "Omaha World-Herald", "Agencia Brasil", "The Denver Post", "Hurriyet"]


@st.composite
def credits(draw) -> Credit:
    field = draw(st.sampled_from(["caption", "credit_line"]))
    photographer = draw(st.one_of(st.none(), names()))
    wire = draw(st.sampled_from(WIRES))
    via_getty = draw(st.booleans())
    agencies: list[str] = []
    if photographer and not via_getty and draw(st.integers(0, 3)) == 0:
        agencies.append(draw(st.sampled_from(OUTLETS)))  # a partner's picture moved by the wire
    agencies.append(wire)
    if via_getty:
        agencies.append("Getty Images")
    pool, handout = draw(st.booleans()), draw(st.booleans())
    # the chain's last agency moved someone else's picture; one agency alone is its staff's credit,
    # unless a pool or handout picture says it came "via" the wire
    moved = len(agencies) > 1 or ((pool or handout) and draw(st.booleans()))
    return Credit(
        text="", start=0, end=0, field=field, photographers=[photographer] if photographer else [],
        agencies=agencies, distributor=agencies[-1] if moved else None,
        file=draw(st.booleans()), pool=pool, handout=handout,
        courtesy=draw(st.integers(0, 5)) == 0, stringer=photographer is None and draw(st.booleans()),
    )


@st.composite
def getty_staff(draw) -> Credit:
    return Credit(text="", start=0, end=0, field=draw(st.sampled_from(["caption", "credit_line"])),
                  photographers=[draw(names())], agencies=["Getty Images"], distributor=None,
                  file=draw(st.booleans()), pool=draw(st.booleans()))


SAME = ("photographers", "agencies", "distributor", "file", "pool", "handout", "courtesy", "stringer")


def assert_round_trip(credit: Credit, style: str) -> None:
    rendered = render_credit(credit, HouseStyle.load(style))
    caption = f"Fans cheer in Lyon, France, on June 3, 2025. {rendered}" if credit.field == "caption" else rendered
    back = parse_credits(caption, credit.field)
    assert len(back) == 1, (rendered, back)
    got = back[0]
    assert got.text == rendered
    for key in SAME:
        assert getattr(got, key) == getattr(credit, key), (style, rendered, key, getattr(got, key))


@SETTINGS
@given(credits(), st.sampled_from(available_styles()))
@example(Credit("", 0, 0, "caption", ["Jane Roe"], ["Associated Press"]), "agency-native")
@example(Credit("", 0, 0, "caption", [], ["Reuters"], stringer=True), "agency-native")
@example(Credit("", 0, 0, "credit_line", ["JOHN DOE"], ["AFP", "Getty Images"], "Getty Images"), "agency-native")
@example(Credit("", 0, 0, "caption", ["Jane Roe"], ["The Boston Globe", "Associated Press"], "Associated Press"),
         "agency-native")
@example(Credit("", 0, 0, "caption", [], ["Korean Central News Agency", "Reuters"], "Reuters"), "agency-native")
@example(Credit("", 0, 0, "caption", ["Jane Roe"], ["Associated Press"], "Associated Press", pool=True),
         "agency-native")
# a fresh clone's CI (round 37): "Courtesy Jane Roe/The Boston Globe via dpa/Archivbild" was read to "via"
@example(Credit("", 0, 0, "caption", ["Jane Roe"], ["The Boston Globe", "dpa"], "dpa", file=True, courtesy=True),
         "german-press")
def test_render_then_parse_gives_the_same_credit(credit, style):
    assert_round_trip(credit, style)


@SETTINGS
@given(getty_staff(), st.sampled_from(available_styles()))
def test_getty_staff_round_trip(credit, style):
    assert_round_trip(credit, style)
