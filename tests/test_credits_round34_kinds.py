"""Round 34, two parse kinds blind batch u10 missed (REVIEW.md, "Round 34, what u10 missed").

u10's misses by kind (aggregates only) named courtesy lines that credit the artist and a gallery together, and
"picture alliance/dpa" read with no distributor. The open-fold dev forms: "Courtesy of the artist and <gallery>"
closing an art caption (artsy.net g45-0006 … 0008; contemporaryartissue.com g45-0009), read before as the
organisation "the" (credit_forms.toml [leadins] courtesy); dpa's brand and the wire written as two links of one
chain ("© picture alliance/dpa", ndr.de g11-0018, fr.de g11-0021; "Bildrechte: picture alliance/dpa | Name",
br.de g45-0001; "(Foto: picture alliance/Name/dpa)", correctiv.org g11-0002), read before as one organisation with
no distributor, where the label policy gives the last of two links."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context
from tests.creditcase import one

_BELANGER = "Genesis Belanger, Full Embrace, 2018. Photo by Pauline Shapiro. Courtesy of the artist and Perrotin."
_BENNANI = ("Installation view of Meriem Bennani, “Party on the CAPS,” at the Centre d’Art Contemporain, 2018. "
            "Courtesy of the artist and Clearing.")
_PATTERSON = ("Ebony G. Patterson, ...moments we cannot bury..., 2018. Courtesy of the artist and Monique Meloche "
              "Gallery, Chicago.")


def _rules(text: str) -> set[str]:
    ctx = make_context()
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}


@pytest.mark.parametrize(("text", "gallery"), [(_BENNANI, "Clearing"), (_PATTERSON, "Monique Meloche Gallery")])
def test_courtesy_of_the_artist_and_a_gallery_names_the_gallery(text, gallery):
    # g45-0007/0008: before, "Courtesy of the" with the organisation "the"
    c = one(text)
    assert (c.text.removeprefix("Courtesy of the artist and ").startswith(gallery), c.photographers, c.agencies) \
        == (True, [], [gallery])
    assert c.handout or c.courtesy


def test_photographer_and_courtesy_of_the_artist_and_gallery_are_two_credits():
    # g45-0006: the photographer's line, then the gallery's courtesy
    cs = parse_credits(_BELANGER, "caption")
    assert [(c.text, c.photographers, c.agencies) for c in cs] == [
        ("Photo by Pauline Shapiro", ["Pauline Shapiro"], []),
        ("Courtesy of the artist and Perrotin", [], ["Perrotin"])]


def test_courtesy_of_the_artist_and_gallery_raises_no_missing_photographer():
    # a courtesy is a handout: the gallery's credit asks no photographer
    assert "missing-photographer" not in _rules(_BENNANI)


def test_courtesy_of_the_artist_in_prose_is_no_credit():
    # guard: the words inside a sentence, no gallery's name after them
    assert parse_credits("The mural, painted courtesy of the artist and his friends, covers the wall.", "caption") == []


@pytest.mark.parametrize("text", [
    "Der Virologe Christian Drosten © picture alliance/dpa Foto: Christophe Gateau",
    "Coronavirus - USA\n©\u00a0picture alliance/dpa",
    "Die Evangelische Landeskirche in Bayern spricht über die Konsequenzen im Umgang mit sexualisierter Gewalt. "
    "\nBildrechte: picture alliance/dpa | Daniel Vogl",
    "Der Abgeordnete Keuter verschickte Hitler-Bilder – wie geht die Partei jetzt mit ihm um? "
    "(Foto: picture alliance/Fabian Sommer/dpa)",
])
def test_picture_alliance_and_dpa_are_two_links_the_last_distributes(text):
    # g11-0018, g11-0021, g45-0001, g11-0002: before, dpa with no distributor
    c = parse_credits(text, "caption")[0]
    assert "picture alliance" in c.text
    assert (c.agencies, c.distributor) == (["dpa"], "dpa")


def test_picture_alliance_alone_still_asks_for_a_photographer():
    # g11-0021 is labelled missing-photographer: a distributor does not name the person
    assert "missing-photographer" in _rules("Coronavirus - USA\n©\u00a0picture alliance/dpa")


@pytest.mark.parametrize("text", ["Ein Mann. (AFP PHOTO/AFP)", "Ein Mann. Foto: Max Muster/dpa", "Ein Mann. Foto: dpa",
                                  "Ein Mann. Foto: Sina Schuldt/dpa/picture alliance", "Ein Mann. Foto: PA Wire/PA Images"])
def test_one_organisation_under_one_name_or_its_own_mark_has_no_distributor(text):
    # guards: the agency's own mark beside its name, a staff credit, the agency alone; the brand last (the written
    # set's one organisation, tests/data/credits_labelled.jsonl)
    assert parse_credits(text, "caption")[0].distributor is None
