"""Round 36, a German desk's cases on second dev sites (REVIEW.md, "Round 36, German desk cases and second sites").

walk17 read "© IMAGO/Sportfoto Rudel" with the photographer "Sportfoto Rudel". Batch g54 found the kind behind it on
two dev sites: imago credits its partner agencies' pictures "IMAGO/<partner>/<photographer>" or "IMAGO/<partner>",
and the partner was read as a person (gmx.net g54-0002 "Jan Huebner", srf.ch g54-0028/0029 "foto2press",
"Contrast"). The registry marks IMAGO ``partners``; "Sportfoto Rudel" reads as a person's two words, so it is a
registry entry. walk17's false missing-location on "der Hauptstadt Kabul" is German's kind of place before the name
("Stadt", "Hauptstadt", "Dorf" in caption_words.toml [where] kinds_before)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one


def _rules(text: str) -> set[str]:
    item = Item(id=1, path=None, kind="caption", fields={"caption": text})
    return {f.rule for f in check_item(item, make_context())}


# dev records as published (the caption's first words left out where the credit does not need them)
_HUEBNER = "Nun muss der 50-Jährige aus seiner Truppe alles herausholen.\n© IMAGO/Jan Huebner/Florian Ulrich"  # g54-0002
_CONTRAST = ("Bild 2 von 12. Noch mehr Show, kein Prestigesieg. Ganz schön ins Zeug legt sich auch Leopold Querfeld von "
             "Union Berlin. Ein Treffer gegen Werder Bremen resultiert daraus nicht – und am Schluss heisst es 1:4 aus "
             "Sicht der Köpenicker. Bildquelle: Imago/Contrast.")  # g54-0029
_RUDEL = ("Frank Schmidt ist in Heidenheim eine lebende Legende. Wenn Heidenheim seine Heimstärke beibehält, ist der "
          "Klassenerhalt möglich.\n© IMAGO/Sportfoto Rudel")  # g54-0003
_KIEW = ("dpatopbilder - Ukrainische Soldaten sitzen sich in einem Panzer gegenüber. In der Hauptstadt Kiew probt die "
         "Nationalgarde für den Ernstfall an der Front. Bernat Armangue/AP/dpa")  # g54-0020
_AGARTALA = ("Freitag, 11. August: Trotz überfluteter Straßen geht es in der indischen Stadt Agartala per Rikscha von A "
             "nach B. © REUTERS | JAYANTA DEY")  # g54-0021


@pytest.mark.parametrize("text, credit, people, agencies", [
    # before: the photographers "Jan Huebner" and "Florian Ulrich", one agency
    (_HUEBNER, "© IMAGO/Jan Huebner/Florian Ulrich", ["Florian Ulrich"], ["IMAGO", "Jan Huebner"]),
    # before: the photographer "Contrast"; a one-word link after imago ends no chain as a person on dev
    (_CONTRAST, "Bildquelle: Imago/Contrast", [], ["IMAGO", "Contrast"]),
    ("Im Schuss. Bildquelle: Imago/foto2press.", "Bildquelle: Imago/foto2press", [], ["IMAGO", "foto2press"]),  # g54-0028
    # before: the photographer "Sportfoto Rudel" (walk17)
    (_RUDEL, "© IMAGO/Sportfoto Rudel", [], ["IMAGO", "Sportfoto Rudel"]),
])
def test_imagos_partner_agency_is_an_organisation(text, credit, people, agencies):
    c = one(text)
    assert (c.text, c.photographers, c.agencies, c.distributor) == (credit, people, agencies, agencies[-1])


@pytest.mark.parametrize("text, person, agencies", [
    # guards: a photographer after imago stays a person, alone (gmx.net g54-0005) or before imago's own name again
    # (t-online.de g47-0014); a partner of two words with no person after it is read by its words (srf.ch g54-0026)
    ("Labbadia muss erneut gehen.\n© imago/Philipp Szyza", ["Philipp Szyza"], ["IMAGO"]),
    ("Ein Lager in Gaza. (Quelle: IMAGO/Mahmoud Issa/imago-images-bilder)", ["Mahmoud Issa"], None),
    ("Bock auf Weihnachten? Bildquelle: Imago/DeFodi Images.", [], ["IMAGO", "DeFodi Images"]),
])
def test_a_photographer_after_imago_is_still_a_person(text, person, agencies):
    c = one(text)
    assert c.photographers == person
    if agencies is not None:
        assert c.agencies == agencies


def test_an_agency_not_crediting_partners_keeps_its_reading():
    # the partner slot is IMAGO's (registry "partners"), not any agency's: a stock library's user stays a person
    # (g34-0001, "Shutterstock / Ingehogenbijl")
    assert [c.photographers for c in parse_credits("Ein Hof im Winter. Foto: Shutterstock / Ingehogenbijl")] \
        == [["Ingehogenbijl"]]


def test_the_partner_credit_names_no_photographer():
    # before: no missing-photographer on g54-0003 (a person was read)
    assert "missing-photographer" in _rules(_RUDEL)


@pytest.mark.parametrize("text", [_KIEW, _AGARTALA])
def test_a_german_kind_of_place_before_the_name_says_where(text):
    # before: missing-location on both (labelled placed); walk17's "In der afghanischen Hauptstadt Kabul" is the kind
    assert "missing-location" not in _rules(text)


def test_a_caption_with_no_place_still_gets_missing_location():
    # guard: the kind needs a name after it ("in der Stadt" alone says nowhere); g54-0002 names clubs only
    assert "missing-location" in _rules("Fans feiern in der Stadt. Foto: Ada Brin/dpa")
    assert "missing-location" in _rules(_HUEBNER)
