"""Credit forms of the real published captions (tests/data/realworld/dev), one case per form
issue 12 lists, each from the development record named beside it (the caption's tail as
published). The forms are data (resources/credit_forms.toml, resources/agencies.toml); these
cases say the parser reads them."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

AP, GETTY = "Associated Press", "Getty Images"


@pytest.mark.parametrize(("caption", "photographers", "agencies", "distributor", "flags"), [
    # credit on its own line, a lead-in in German (g2-0009) and in Polish (g2-0113)
    ("Bald zu begutachten: Dachdeckerin verarbeitet Reet am Bodensee.\nFoto: Felix Kästle/dpa",
     ["Felix Kästle"], ["dpa"], None, set()),
    ("Kobieta z plemienia Aymara w Boliwii  Fot. Juan Karita / AP Photo", ["Juan Karita"], [AP], None, set()),
    # "Photo by" with ranks kept out of the name (g1-0013, g1-0112)
    ("(U.S. Navy photo by Mass Communication Specialist 2nd Class Ryan M. Breeden/Released)",
     ["Ryan M. Breeden"], ["U.S. Navy"], None, set()),
    ("Year in the year. Army photo by Sgt. David Turner", ["David Turner"], ["Army"], None, set()),
    ("Photo by U.S. Army Staff Sgt. Sharon Matthias", ["Sharon Matthias"], ["U.S. Army"], None, set()),
    # "Name | Agency" (g3-0106), "Name, Publication" (g3-0130 restyle "Name, AFP / Getty Images")
    ("Floodwaters rise Tuesday, Aug. 29, 2017, in Houston.\nDavid J. Phillip | AP", ["David J. Phillip"], [AP],
     None, set()),
    ("Comic Con, New York.\nTimothy A. Clary, AFP / Getty Images", ["Timothy A. Clary"], ["AFP", GETTY], GETTY,
     set()),
    # "Name for Publication": the publication is the organisation (g3-0284)
    ("Minneapolis, MN — Victor J. Blue for The New York Times", ["Victor J. Blue"], ["The New York Times"], None,
     set()),
    # "© Name / Agency" on its own line (g1-0060), agency first (g2-0040, g3-0024)
    ("Travel chaos in the U.S.\n© Geoff ROBIN / AFP", ["Geoff ROBIN"], ["AFP"], None, set()),
    ("Un malade d'Ebola, le 15 novembre 2014 (AFP / Francisco Leong)", ["Francisco Leong"], ["AFP"], None, set()),
    ("Cape Canaveral, Fla. Photo Credit: (NASA/Bill Ingalls)", ["Bill Ingalls"], ["NASA"], None, set()),
    ("Menschen halten Plakate. Bildrechte: MDR/Alba-Marie Schmidt", ["Alba-Marie Schmidt"], ["MDR"], None, set()),
    # organisation tails and chains in written order (g1-0020, g1-0070)
    ("(Photo by Yousef Masoud/SOPA Images/Rex Features/Shutterstock)", ["Yousef Masoud"],
     ["SOPA Images", "Rex Features", "Shutterstock"], "Shutterstock", set()),
    ("(Photo by Owen Humphreys/AP Photo/PA Wire)", ["Owen Humphreys"], [AP, "PA Media"], "PA Media", set()),
    # an unknown organisation recognised by its slot (g3-0016)
    ("It's fun to have a dad who can coach and yell.\" Yehyun Kim/Missourian", ["Yehyun Kim"], ["Columbia Missourian"],
     None, set()),
    # a bare agency after the caption (g2-0039, g2-0105, g2-0243)
    ("El Ayuntamiento de Madrid prohíbe dar de comer a las palomas. EFE", [], ["EFE"], None, set()),
    ("Przyjechał do Ośrodka w Przemyślu. / PAP", [], ["PAP"], None, set()),
    ("Imagn glues the agency. Mandatory Credit: Jake Roth-USA TODAY Sports", ["Jake Roth"], ["Imagn Images"], None,
     set()),
    # a Getty client's acronym before the distributor; pools and handouts
    ("Foto: Frank Augstein/AP Pool/AP/dpa", ["Frank Augstein"], [AP, "dpa"], "dpa", {"pool"}),
    ("Seoul on April 21, 2025. (Pool photo) (Yonhap)", [], ["Yonhap"], None, {"pool"}),
    ("Minister at the ministry, in this photo provided by the ministry. (PHOTO NOT FOR SALE) (Yonhap)", [],
     ["Yonhap"], None, {"handout"}),
    ("(Photo by Cristian Mallocci/Handout via Reuters)", ["Cristian Mallocci"], ["Reuters"], "Reuters", {"handout"}),
    ("(AFP PHOTO / COURTESY OF JULIE BERDEAUX)", ["JULIE BERDEAUX"], ["AFP"], None, {"courtesy"}),
    # national distributors after a wire's prefix (g2-0123)
    ("Begravningsceremoni i Dublin. REUTERS / TT", [], ["Reuters", "TT News Agency"], "TT News Agency", set()),
])
def test_real_forms(caption, photographers, agencies, distributor, flags):
    (c,) = parse_credits(caption)
    assert (c.photographers, c.agencies, c.distributor) == (photographers, agencies, distributor)
    assert {f for f in ("file", "pool", "handout", "courtesy") if getattr(c, f)} == flags


@pytest.mark.parametrize(("caption", "credit"), [
    ("Rally in central London, Britain July 1, 2017REUTERS/Peter Nicholls", "REUTERS/Peter Nicholls"),  # g3-0217
    ("A sign in front of City Hall during a rally there Saturday.Erin Clark/Globe Staff", "Erin Clark/Globe Staff"),
    ("The young rapper confirmed his death on MondayCredit: Spotify", "Credit: Spotify"),  # g3-0097
])
def test_a_credit_run_into_the_text_is_malformed_not_missing(caption, credit):
    (c,) = parse_credits(caption)
    assert c.text == credit
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "malformed-credit" in found and "missing-credit" not in found


def test_wire_tags_and_image_numbers_never_in_a_name():
    (c,) = parse_credits("Project Morpheus. Photo credit: NASA/ Charisse Nahser KSC-2012-4029")  # g3-0039
    assert c.photographers == ["Charisse Nahser"]
    (c,) = parse_credits("Brexit. AFP PHOTO / Daniel LEAL-OLIVAS / TT / kod 444")  # g2-0121 and kin
    assert c.photographers == ["Daniel LEAL-OLIVAS"] and c.agencies == ["AFP", "TT News Agency"]


def test_a_restriction_in_brackets_is_never_a_credit():
    assert [c.text for c in parse_credits("Seoul. (PHOTO NOT FOR SALE) (Yonhap)")] == ["(Yonhap)"]


@pytest.mark.parametrize(("caption", "rule"), [
    ("El Ayuntamiento de Madrid prohíbe dar de comer a las palomas. EFE", "missing-photographer"),  # g2-0039
    ("Leeds in northern England on May 17, 2021. (Photo by London News Pictures)", "missing-photographer"),
    ("Rain in Zurich, Monday, Sept. 23, 2024. (AP Photo/Peter Dejong)ASSOCIATED PRESS", "duplicate-credit"),
    ("Frisco on Saturday, Dec. 7, 2019. (Stewart F. House/Special Contributor)(Stewart F. House / Special "
     "Contributor)", "duplicate-credit"),  # g3-0298
])
def test_rules_on_real_forms(caption, rule):
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), make_context())
    assert rule in {f.rule for f in found}
    assert "conflicting-credits" not in {f.rule for f in found}


def test_an_unplaceable_credit_is_information_not_missing_credit():
    caption = "A girl plays chess in Lagos, Nigeria, on Wednesday.\nKevin Mazur"
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), make_context())
    rules = {f.rule: f for f in found}
    assert "missing-credit" not in rules
    f = rules["unrecognised-credit"]
    assert f.severity.value == "info" and caption[f.start:f.end] == "Kevin Mazur"


def test_places_and_dates_in_other_languages():
    caption = "Warszawa, 03.08.2010. Kobieta trzyma się szarfy w Warszawie. / PAP"  # g2-0105
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert not rules & {"missing-date", "missing-location"}
    caption = "Die Sonne scheint. Fahrzeuge stehen zwischen Bäumen.\nFoto: Andreas Richter"
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert {"missing-date", "missing-location"} <= rules


def test_a_restriction_in_the_usage_terms_is_information_named_by_its_label():
    item = Item(id=1, path=None, kind="caption", fields={
        "caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", "usage_terms": "EDITORIAL USE ONLY"})
    (f,) = [f for f in check_item(item, make_context()) if f.rule == "restriction"]
    assert f.severity.value == "info" and "usage terms" in f.message and "usage_terms" not in f.message
