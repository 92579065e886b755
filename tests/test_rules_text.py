"""Doubled words, HTML entities, mojibake and stray spaces."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def found(rule: str, caption: str, **fields):
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption, **fields})
    return [f for f in check_item(item, CTX) if f.rule == rule]


@pytest.mark.parametrize("caption, pair", [
    ("Fans wave flags in in Lyon, France, June 3, 2021. REUTERS/Ada Brin", "in in"),
    ("The the crowd waits in Lyon, France, June 3, 2021. REUTERS/Ada Brin", "The the"),
    ("A man wades through a flooded flooded street in Lyon. REUTERS/Ada Brin", "flooded flooded"),
    ("Fans arrive in Chicago Chicago on Monday. (AP Photo/Ines Varga)", "Chicago Chicago"),
])
def test_doubled_word_is_found_and_fixed(caption, pair):
    (f,) = found("doubled-word", caption)
    assert caption[f.start:f.end] == pair and pair in f.message
    fixed = f.fix.apply(caption)
    assert pair not in fixed and pair.split()[0] in fixed
    assert not found("doubled-word", fixed)


@pytest.mark.parametrize("caption", [
    "She had had enough, the mayor said in Lyon. REUTERS/Ada Brin",
    "He said that that was the end of it. REUTERS/Ada Brin",
    "Duran Duran perform in London. REUTERS/Ada Brin",
    "Boutros Boutros-Ghali speaks in Cairo. REUTERS/Ada Brin",
    "Rescuers worked 24 24-hour shifts. REUTERS/Ada Brin",
])
def test_legitimate_repeats_are_quiet(caption):
    assert not found("doubled-word", caption)


def test_html_entities_are_replaced_by_their_character():
    caption = "Fans cheer in Lyon,&nbsp;France &amp; Belgium, June 3. REUTERS/Ada Brin"
    fs = found("html-entity", caption)
    assert [caption[f.start:f.end] for f in fs] == ["&nbsp;", "&amp;"]
    assert fs[0].fix.replacement == " " and fs[1].fix.replacement == "&"
    assert not found("html-entity", "Procter &co; and AT&T staff in Lyon. REUTERS/Ada Brin")
    assert found("html-entity", "x", headline="Storm &amp; floods")


def test_mojibake_is_found_and_repaired():
    caption = "Fans cheer in Lyon. REUTERS/JosÃ© NÃºÃ±ez"
    (f,) = found("mojibake", caption)
    assert "JosÃ©" in f.message and "José" in f.message
    assert f.fix.apply(caption) == "Fans cheer in Lyon. REUTERS/José Núñez"
    assert not found("mojibake", "Fans cheer in Malmö and Łódź. REUTERS/José Núñez")


def test_a_word_doubled_across_an_opening_quote():
    caption = "He said it conveyed the “the idea of a woman” in Paris, June 3. REUTERS/Ada Brin"
    (f,) = found("doubled-word", caption)
    assert f.fix.apply(caption) == "He said it conveyed “the idea of a woman” in Paris, June 3. REUTERS/Ada Brin"


@pytest.mark.parametrize("caption", [
    "Fans cheer in Jerusalem, March 12, 2017. \n\nCredit: REUTERS/Ammar Awad",  # a space at a line's end
    "トランプ大統領の就任翌日 、抗議運動が行われた。写真:ロイター",  # a space before "、"
])
def test_spaces_before_line_ends_and_other_scripts_punctuation(caption):
    (f,) = found("stray-whitespace", caption)
    assert " \n" not in f.fix.apply(caption) and " 、" not in f.fix.apply(caption)


def test_literal_html_tags_are_one_finding_and_the_fix_removes_them():
    caption = "Marchers fill Grosvenor Square in London, Jan. 21, 2017.<br />Police watch. <b>Follow us</b>"
    (f,) = found("html-entity", caption)
    assert caption[f.start:f.end] == "<br />" and "<b>" in f.message
    assert f.fix.apply(caption) == "Marchers fill Grosvenor Square in London, Jan. 21, 2017. Police watch. Follow us"
    assert found("html-entity", "<p>Divers train in Barcelona, July 27, 2013. REUTERS/Albert Gea</p>")
    # a comparison or a name in angle brackets is not a tag
    assert not found("html-entity", "Scores <3 and <Team> in Lyon, June 3. REUTERS/Ada Brin")


@pytest.mark.parametrize("caption, word", [
    ("Airmen check an aircraft?s flight plan in Louisiana. (U.S. Air Force photo/Ada Brin)", "aircraft?s"),
    ("Fans cheer in Ankara. Foto: Ada ErdoÄŸan", "ErdoÄŸan"),
    ("Fans cheer in Moscow. Фото: Ð˜Ð²Ð°Ð½", "Ð˜Ð²Ð°Ð½"),
])
def test_lost_and_garbled_characters_are_mojibake(caption, word):
    (f,) = found("mojibake", caption)
    assert caption[f.start:f.end] == word


@pytest.mark.parametrize("caption", [
    "Why? Fans ask in Lyon. See https://example.com/a?b=c. REUTERS/Ada Brin",
    "« Allez ! » crient les supporters à Lyon, « café» compris. Photo : Ada Brin",
    "SÃO PAULO — Fans cheer in São Paulo. REUTERS/Ada Brin",
    "Ñandú in Córdoba, Perú, Ñuñoa. REUTERS/Ada Brin",
])
def test_questions_urls_and_accented_letters_are_not_mojibake(caption):
    assert not found("mojibake", caption)


def test_replacement_character_from_a_latin1_iim_block_is_mojibake():
    (f,) = found("mojibake", "Fans cheer in Lyon. REUTERS/Ada Brin", creators=["Jos\ufffd N\ufffd\ufffdez"])
    assert f.field == "creators" and f.fix is None


def test_stray_whitespace_is_tidied():
    caption = " Fans cheer in Lyon , France,  June 3, 2021 . REUTERS/Ada Brin "
    (f,) = found("stray-whitespace", caption)
    assert f.severity.value == "info"
    assert f.fix.apply(caption) == "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin"
    assert not found("stray-whitespace", "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin")
