"""Round 32, second sites: forms that waited on one open-fold development site and reached a second
(tests/data/realworld/REVIEW.md "Round 32, second sites and a new source"). The captions here are
written for the test, in the forms the development records show."""

from __future__ import annotations

import tomllib

import pytest

from app.model import Item
from app.paths import resource
from app.rules import check_item, make_context
from app.rules.presence import says_where

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


# Turkish writes a case on a place's name after an apostrophe: dev g2-0346/0347 (ahaber.com.tr, f4),
# g37-0005 (trhaberler.com, f4)
@pytest.mark.parametrize("caption", [
    "Konya'da yeni açılan hastanede sağlık çalışanları nöbet tutuyor. Foto: Ada Brin",
    "Konya’da yeni açılan hastanede sağlık çalışanları nöbet tutuyor. Foto: Ada Brin",  # curly apostrophe
    "Yağış nedeniyle Üsküdar'da otobüslerde yoğunluk oluştu. Foto: Ada Brin",
    "Antalya'dan gelen turistler sahilde yürüyüş yaptı. Foto: Ada Brin",  # ablative
    "Kocaeli'nin sahil yolunda trafik durdu. Foto: Ada Brin",  # genitive
])
def test_a_turkish_case_on_a_place_names_it(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    "Ayşe'nin annesi evde bekledi. Foto: Ada Brin",  # a person's name with the same ending
    "Madonna'ya hayran kalan hayranlar bekledi. Foto: Ada Brin",
    "Fans gather for the Rock'n'roll night. (Photo by Ada Brin/AP)",
])
def test_an_apostrophe_ending_on_another_word_names_no_place(caption):
    assert "missing-location" in rules_of(caption)


def test_the_turkish_endings_are_data():
    with open(resource("caption_words.toml"), "rb") as fh:
        endings = tomllib.load(fh)["where"]["case_endings"]
    assert {"'da", "’da", "'nin", "'dan"} <= set(endings)
    assert says_where("Üsküdar'da yoğunluk oluştu.")
    assert not says_where("Ayşe'nin annesi evde bekledi.")


# Czech "of the town" before the town's name in the genitive: dev g23-0017 (olomoucky.denik.cz, f0),
# g37-0002 (kladensky.denik.cz, f3)
@pytest.mark.parametrize("caption", [
    "Dny města Kladna v roce 2018. | Foto: Deník/Ada Brin",
    "Svátky města Olomouce, 2. června 2023. | Foto: Ada Brin/Deník",
    "Oslavy výročí založení města Hodonína přilákaly davy. | Foto: Ada Brin",
])
def test_a_czech_town_after_mesta_names_a_place(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    "Lidé se sešli ve středu města. | Foto: Ada Brin",  # in the town centre
    "Zastupitelé města schválili rozpočet. | Foto: Ada Brin",
])
def test_mesta_without_a_name_names_no_place(caption):
    assert "missing-location" in rules_of(caption)


def test_mesta_is_data():
    with open(resource("caption_words.toml"), "rb") as fh:
        assert "města" in tomllib.load(fh)["where"]["kinds_before"]
