"""Round 38, French credit forms (REVIEW.md, "Round 38, French credit forms").

Forms a French-language desk meets, each read wrongly before, from g69 (dev), all data:

- "PHOTO NAME, ARCHIVES LA PRESSE": the Montréal daily La Presse in the registry, so "ARCHIVES" before it is the
  file word written with the organisation (as "AP Pool" writes the pool word), lapresse.ca f2;
- "PHOTO NAME, COLLABORATION SPÉCIALE": Québec's special contributor, a role word with no organisation;
- "(Copyright photo d’archives : Belga)": a file lead-in, noblesseetroyautes.com f0;
- "Rota pool": a royal visit's press rota, a pool role word, never a person, pointdevue.fr f3;
- "PhotoNews", "RTBF": registered (Belgium's picture agency, the public broadcaster), soirmag.lesoir.be f2, rtbf.be f1.

The guards: a person's credit after "PHOTO" with no ARCHIVES keeps no file flag, the Italian agency "LaPresse" stays
itself, and a caption saying "remis" (handed over) in its words is no handout."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _rules(text: str) -> set[str]:
    ctx = make_context()
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}


def _one(text: str):
    got = parse_credits(text)
    assert len(got) == 1, [c.text for c in got]
    return got[0]


def test_archives_la_presse_is_a_file_picture_of_la_presse():
    c = _one("PHOTO DOMINICK GRAVEL, ARCHIVES LA PRESSE\n\nLe 5 mars, des opposants ont formé une chaîne, "
             "au bord de l’autoroute 20, à Beloeil.")  # g69-0012
    assert (c.photographers, c.agencies, c.file) == (["DOMINICK GRAVEL"], ["La Presse"], True)


def test_collaboration_speciale_is_a_role_not_an_organisation():
    c = _one("PHOTO DENIS GERMAIN, COLLABORATION SPÉCIALE\n\nLe 22 octobre, des milliers de gens ont manifesté "
             "leur soutien au peuple iranien, à Montréal.")  # g69-0013
    assert (c.photographers, c.agencies, c.file) == (["DENIS GERMAIN"], [], False)


def test_copyright_photo_d_archives_is_a_file_leadin():
    text = ("Au château de Laeken, le roi et la reine des Belges ont reçu une délégation qui leur a remis les insignes "
            "de Bailli Grand-Croix. (Copyright photo d’archives : Belga)")  # g69-0002
    c = _one(text)
    assert (c.photographers, c.agencies, c.file, c.handout) == ([], ["Belga"], True, False)
    assert "unrecognised-credit" not in _rules(text)


def test_rota_pool_is_a_pool_word_not_a_person():
    c = _one("Le roi a visité le centre De Rijn à Amsterdam.\n\nCrédit photo : © @Koninklijkhuis/Rota pool")  # g69-0015
    assert (c.photographers, c.agencies, c.pool) == ([], ["@Koninklijkhuis"], True)


@pytest.mark.parametrize("text, agency", [
    ("En tribune, le roi Albert et la reine Paola. - PhotoNews", "Photo News"),  # g69-0008
    ("Lors de la cérémonie au Palais Royal. - © RTBF", "RTBF"),  # g69-0007
])
def test_belgian_organisations_are_registered(text, agency):
    assert _one(text).agencies == [agency]
    assert "unknown-agency" not in _rules(text)


def test_guards():
    c = _one("PHOTO PATRICK SANFAÇON, LA PRESSE\n\nManifestation à Montréal, le 23 février 2012.")
    assert (c.agencies, c.file) == (["La Presse"], False)  # no ARCHIVES, no file flag
    assert _one("Roma, 3 marzo 2024. (Foto: Mario Rossi/LaPresse)").agencies == ["LaPresse"]
