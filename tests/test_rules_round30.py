"""Round 30, places in more languages: a day and a place as Indonesian, Malay and Polish captions
write them, each form on two or more open-fold development sites (tests/data/realworld/REVIEW.md
"Round 30, places in more languages"). The captions here are written for the test, in the forms
the development records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # an Indonesian or Malay weekday (dev g23-0004 merahputih.com, g23-0005 arsip.murianews.com,
    # g20-0004 sinarharian.com.my)
    "Sejumlah seniman menari di depan monumen, Denpasar, Sabtu (10/6). (ANTARA FOTO/Ada Brin)",
    "Sejumlah warga di Jepara mengikuti lomba di laut, Minggu (MuriaNewsCom/Ada Brin)",
    "Tetamu hadir di Istana Negara pada Khamis. Foto Bernama",
    "Warga berkumpul di Bandung, Jumat (3/5). ANTARA FOTO/Ada Brin/abc.",
])
def test_the_day_is_seen(caption):
    assert "missing-date" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # "minggu" in lower case is "week", no day
    "Warga berkumpul di Bandung minggu lalu. ANTARA FOTO/Ada Brin",
    # a Malay word that only looks like a day's name
    "Penari Rabuan tampil di Denpasar. Foto: Ada Brin",
])
def test_no_day_is_still_said(caption):
    assert "missing-date" in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # Indonesian and Malay "di" (in, at) before a place the gazetteer lacks (dev g20-0003
    # api.hmetro.com.my, g20-0004 sinarharian.com.my)
    "Pemandangan menarik di Saloma Link, Sabtu. FOTO Ada Brin",
    "Tetamu hadir di Istana Negara pada Sabtu. Foto Bernama",
    # a Polish kind of place in the case the sentence gives it, before the name (dev g23-0010 tvn24.pl,
    # g23-0008 pomorska.pl)
    "Kościół mieścił się na ulicy Legnickiej 2c, 3 maja 1945. Fot. Ada Brin",
    "Na placu Trzech Krzyży trwa msza, 3 maja 2020. fot. Ada Brin",
    # a city's dateline before a date written in figures (dev g2-0106 rmf24.pl, g23-0007 dsh.waw.pl)
    "Warszawa, 03.08.2010. Straż miejska powstrzymuje tłum. Fot. PAP/Ada Brin",
    "Warszawa, 1946-07-01. Dwaj chłopcy pozują do zdjęcia.\nPAP/Ada Brin",
])
def test_the_place_is_seen(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # a person's name and age open a caption: the figures after the comma are no date, so no dateline
    "Jackson, 34, poses for a portrait on May 4, 2020. Photo: Ada Brin",
    # "di" before a lower-case word, and Italian "Di" as part of a surname, are no place
    "Sejumlah warga di depan rumah, Sabtu (10/6). ANTARA FOTO/Ada Brin",
    "Leonardo Di Caprio smiles on May 4, 2020. Photo: Ada Brin",
    # a Polish "plac" (a site) before a lower-case word
    "Robotnicy na placu budowy, 3 maja 2020. fot. Ada Brin",
])
def test_no_place_is_still_said(caption):
    assert "missing-location" in rules_of(caption)
