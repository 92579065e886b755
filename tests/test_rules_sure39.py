"""Round 39 (sure39): errors only when sure (issue 12, section 3). Each case is a dev caption's form, or the guard
that keeps the error where no credit is."""

from app.credits import credit_defects, parse_credits
from app.model import Item, Severity
from app.rules import check_item, make_context

CTX = make_context()


def _found(caption: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX):
        out.setdefault(f.rule, []).append(f)
    return out


def test_icelandic_photographer_leadin_is_read():
    # skagastrond.is g31-0004: "Ljósmyndari:" (photographer), beside "Ljósmynd:" (photograph)
    (c,) = parse_credits("Ljósmyndari: Árni Geir Ingvarsson")
    assert c.photographers == ["Árni Geir Ingvarsson"]
    assert "missing-credit" not in _found("Ljósmyndari: Árni Geir Ingvarsson")


def test_tvn24_as_the_channel_writes_itself_is_no_case_defect():
    # tvn24.pl g61-0022: "Źródło: tvn24", the channel's own lower-case logo
    text = "Straż Marszałkowska wyprasza dziennikarzy z Sejmu\nŹródło: tvn24"
    (c,) = parse_credits(text)
    assert c.agencies == ["TVN24"]
    assert credit_defects(c, text) == []
    assert "malformed-credit" not in _found(text)
    # a registered name lower-cased is still a case defect
    text = "Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/afp)"
    assert any("AFP" in f.message for f in _found(text).get("malformed-credit", []))


def test_screenshot_opening_the_last_line_is_an_unplaced_credit_not_a_missing_one():
    # correctiv.org g46-0002: the picture's source on its own line after "Screenshot"
    text = ("Die Stadt Speyer soll neue Waschmaschinen für Asylbewerber beschafft haben, beschwert sich Benjamin Haupt.\n"
            "Screenshot aus dem Nationalen Archiv nava.hu")
    found = _found(text)
    assert "missing-credit" not in found
    assert found["unrecognised-credit"][0].severity is Severity.INFO
    # the word in a sentence of prose says no credit: the error stays
    text = "A screenshot of the video shows the two men arguing outside the store in Lyon on June 3, 2021."
    assert "missing-credit" in _found(text)


def test_two_statements_of_one_caption_that_disagree_are_information():
    # bostonherald.com g3-0001: two pictures, two staff credits
    text = ("FILE - (left) Kenneth Brissette leaves the Moakley Federal Courthouse. Thursday, April 13, 2017. Staff "
            "photo by John Wilcox. (right) Tim Sullivan leaves Federal Court in Boston on Tuesday, June 29, 2016. "
            "Staff photo by Christopher Evans.")
    (f,) = _found(text)["conflicting-credits"]
    assert f.severity is Severity.INFO
    # against the credit line a conflict is still a warning
    item = Item(id=1, path=None, kind="caption", fields={
        "caption": "Fans cheer in Lyon, France, on June 3, 2021. (Photo by ADA BRIN/AFP/Getty Images)",
        "credit_line": "Ada Brin via Getty Images"})
    (f,) = [f for f in check_item(item, CTX) if f.rule == "conflicting-credits"]
    assert f.severity is Severity.WARNING


def test_two_wires_each_claiming_the_picture_in_one_caption_stay_a_warning():
    # the old labelled set's c058 (the lead, round 39): which agency's picture it is decides who is paid
    text = ("Runners pass the harbour in Lyon, France, June 3, 2021. (AP Photo/Ines Varga) "
            "REUTERS/Ada Brin")
    (f,) = _found(text)["conflicting-credits"]
    assert f.severity is Severity.WARNING
    # one agency twice (a composite's two photographers) is not two claims
    text = "Two views of the harbour in Lyon, France, June 3, 2021. (AP Photo/Ines Varga, AP Photo/Ada Brin)"
    assert all(f.severity is Severity.INFO for f in _found(text).get("conflicting-credits", []))
