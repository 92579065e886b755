"""Spell checking (app/spelling.py), the spelling rule, `creditline spelling`, codes in `set`."""

from __future__ import annotations

import pytest

from app import codes, spelling
from app.cli import main
from app.rules import check_item
from app.validation import context_for, refresh_findings

pytestmark = pytest.mark.skipif(spelling.available() is not None, reason="chunspell is not installed")


def test_tokens_skip_digits_addresses_and_keep_parts() -> None:
    text = "Ocasio-Cortez's 5th visit to reuters.com and @AP, A320 jets; 'quoted' words"
    assert [w for _s, _e, w in spelling.tokens(text)] == [
        "Ocasio", "Cortez's", "visit", "to", "and", "jets", "quoted", "words"]
    for start, end, word in spelling.tokens(text):
        assert text[start:end] == word


def test_checker_flags_unknown_words_but_not_names_it_knows() -> None:
    checker = spelling.SpellChecker(known=["Vadim Ghirda", "Cluj-Napoca"], house=["liveblog"])
    text = ("Firefigters battle a blaze in the harbour of Cluj-Napoca on Tuesday, Sept. 9; "
            "photo by Vadim Ghirda\u2019s team for the liveblog. ATTENTION EDITORS: NATO, AFP, doesn\u2019t.")
    assert [w for _s, _e, w in checker.misspelt(text)] == ["Firefigters"]
    assert checker.misspelt("Zorblat and Ghirda") == [(0, 7, "Zorblat")]
    # Wire slugs and names in capitals, HTML entities, the newsroom list (Kyiv, Türkiye).
    assert checker.misspelt("TOPSHOT - Residents of Kyiv&nbsp;and T\u00fcrkiye, AFP PHOTO / JOHN ZORBLAT") == []
    assert checker.misspelt("Zorblat", extra=frozenset({"zorblat"})) == []  # the item's own names


def test_the_second_syllable_of_a_hyphenated_given_name_is_not_a_misspelling() -> None:
    """The eighth walk: "Kim Jong-il" had "il" flagged; a lower-case piece after a hyphen stays
    a word of its own after a lower-case word ("well-knwon")."""
    checker = spelling.SpellChecker(known=["Kim Jong"])
    assert checker.misspelt("North Korean leader Kim Jong-il waves in Pyongyang.") == []
    assert checker.misspelt("Kim Jong\u2011un waves.") == []  # a non-breaking hyphen
    assert [w for _s, _e, w in checker.misspelt("a well-knwon harbour")] == ["knwon"]
    assert [w for _s, _e, w in checker.misspelt("Kim Jong -il waves")] == ["il"]  # not joined


def test_a_text_seen_again_gives_the_same_words_and_sees_words_learnt_since() -> None:
    """misspelt remembers what each blank-free piece of a text holds (a gallery repeats its
    credits and places): a second caption made of the same pieces, in another order and with
    other blanks, gets the words at its own offsets, and a name or house word added after the
    pieces were read is no longer flagged."""
    checker = spelling.SpellChecker()
    first = "Fans cheer in Zorblat, Qwyxland. (AP Photo/Ines Vargaz)"
    assert [w for _s, _e, w in checker.misspelt(first)] == ["Zorblat", "Qwyxland", "Vargaz"]
    again = "(AP Photo/Ines Vargaz)\n\tFans  cheer in Qwyxland. Fans cheer in Zorblat,"
    assert checker.misspelt(again) == [(again.index(w), again.index(w) + len(w), w)
                                       for w in ("Vargaz", "Qwyxland", "Zorblat")]
    for _ in range(2):  # the same text read twice: once scanned, once from its pieces
        assert checker.misspelt("Kim Jong-il in Zorblat") == [(15, 22, "Zorblat")]
    assert checker.misspelt(first, extra=frozenset({"vargaz"})) == [(14, 21, "Zorblat"), (23, 31, "Qwyxland")]
    checker.add_known(["Ines Vargaz"])
    assert [w for _s, _e, w in checker.misspelt(first)] == ["Zorblat", "Qwyxland"]
    checker.set_house_words(["qwyxland"])
    assert [w for _s, _e, w in checker.misspelt(again)] == ["Zorblat"]
    checker.set_known([])
    assert [w for _s, _e, w in checker.misspelt(first)] == ["Zorblat", "Vargaz"]


def test_words_of_another_script_are_not_judged_by_english_dictionaries() -> None:
    """The sixth walk: every Arabic, Hebrew and Korean word was "not in the dictionary"."""
    checker = spelling.SpellChecker()
    text = "متظاهرون في القاهرة; מפגינים בתל אביב; 농민들이 모내기를; Протест в Киеве; Firefigters in Paris"
    assert [w for _s, _e, w in checker.misspelt(text)] == ["Firefigters"]
    assert spelling.latin("Zürich") and spelling.latin("Nẵng") and not spelling.latin("Киеве")


def test_a_caption_in_another_language_gets_one_note_not_one_a_word(catalog) -> None:
    french = catalog.add_caption_item({"caption": "Des manifestants défilent dans les rues de Paris, samedi 13 avril "
                                                  "2024, contre la réforme des retraites. (AP Photo/Jean Dupont)"})
    english = catalog.add_caption_item({"caption": "Protesters march through the streets of Paris on Saturday, "
                                                   "April 13, 2024, against the pension reform. Thre firemen watch. "
                                                   "(AP Photo/Jean Dupont)"})
    found = refresh_findings(catalog, [french, english])
    [note] = [f for f in found[french] if f.rule == "spelling"]
    assert note.message.startswith("spelling not checked: ") and "in another language" in note.message
    assert note.severity.value == "info" and note.start is None
    assert [f.message for f in found[english] if f.rule == "spelling"] == ["\u201cThre\u201d is not in the dictionary"]


def test_the_headline_of_a_caption_in_another_language_is_in_that_language_too(catalog) -> None:
    """The fifteenth walk, a German desk: the caption was one note ("spelling not checked"), but
    its headline, too short to be judged alone, was a note a word ("Hochwasser", "Rhein";
    "Debatte", "im"). A title or headline that reads as foreign as the caption goes with it;
    an English headline over an English caption is still checked word by word."""
    german = catalog.add_caption_item({
        "headline": "Hochwasser am Rhein", "title": "Debatte im Bundestag",
        "caption": "Ein Feuerwehrmann watet am Dienstag durch die \u00fcberflutete Altstadt von K\u00f6ln. "
                   "Der Rhein erreichte einen Pegel von 8,90 Metern. Foto: Oliver Berg/dpa"})
    english = catalog.add_caption_item({
        "headline": "Floods hit Colgone",
        "caption": "A firefighter wades through the flooded old town of Cologne, Germany, on Tuesday. "
                   "The Rhine rose to 8.90 metres. (AP Photo/Martin Meissner)"})
    found = refresh_findings(catalog, [german, english])
    notes = [(f.field, f.message) for f in found[german] if f.rule == "spelling"]
    assert len(notes) == 1 and notes[0][0] == "caption" and "in another language" in notes[0][1]
    assert [(f.field, f.message) for f in found[english] if f.rule == "spelling"] == [
        ("headline", "\u201cColgone\u201d is not in the dictionary")]


def test_a_spanish_caption_of_everyday_words_is_taken_to_be_in_another_language(catalog) -> None:
    """The fifteenth walk's Spanish desk: "de", "la", "el", "los", "en", "del", "contra" are
    words of the English dictionaries too, so a Spanish caption of 24 words had 7 unknown ones
    (under 30 %) and got a note a word. Lower-case function words of one other language (data:
    caption_words.toml [languages]) count with the unknown words; an English caption naming
    "Rio de Janeiro" and "Plaza de Mayo" is still checked word by word."""
    spanish = catalog.add_caption_item({"caption": (
        "Miles de personas se manifiestan en la Puerta del Sol de Madrid, el martes 9 de diciembre de 2026, "
        "contra la subida de los alquileres. (Foto: EFE/Mariscal)")})
    english = catalog.add_caption_item({"caption": (
        "Fans of Flamengo celebrate in Rio de Janeiro and at the Plaza de Mayo in Buenos Aires after the "
        "final, Sunday, Nov. 23, 2025. The playres danced. (AP Photo/Bruna Prado)")})
    found = refresh_findings(catalog, [spanish, english])
    [note] = [f for f in found[spanish] if f.rule == "spelling"]
    assert "in another language" in note.message
    notes = [f.message for f in found[english] if f.rule == "spelling"]
    assert "\u201cplayres\u201d is not in the dictionary" in notes
    assert not any("another language" in m for m in notes)


def test_catalog_checker_uses_names_house_words_and_refreshes(catalog) -> None:
    catalog.add_caption_item({"creators": ["Vadim Ghirda"], "city": "Floreasca"})
    checker = spelling.checker_for(catalog, max_age=0)
    assert checker.misspelt("Ghirda in Floreasca, Zorblat") == [(21, 28, "Zorblat")]
    assert spelling.add_house_word(catalog, "Zorblat")
    assert not spelling.add_house_word(catalog, "zorblat")  # already there, any case
    assert spelling.checker_for(catalog, max_age=0).misspelt("Zorblat") == []
    assert spelling.remove_house_word(catalog, "ZORBLAT")
    assert spelling.checker_for(catalog, max_age=0).misspelt("Zorblat") == [(0, 7, "Zorblat")]
    with pytest.raises(ValueError, match="one word"):
        spelling.add_house_word(catalog, "two words")


def test_spelling_rule_is_info_and_house_words_make_findings_stale(catalog) -> None:
    item_id = catalog.add_caption_item({"caption": "Fans wave flags in Bucharest. Thre firemen. AP Photo/Ion Qwyx",
                                        "headline": "Storm in Zorblat"})
    found = [f for f in refresh_findings(catalog, [item_id])[item_id] if f.rule == "spelling"]
    # "Qwyx" is the photographer the caption credits: a name, not a typo.
    assert [(f.field, f.message, f.severity.value) for f in found] == [
        ("caption", "\u201cThre\u201d is not in the dictionary", "info"),
        ("headline", "\u201cZorblat\u201d is not in the dictionary", "info"),
    ]
    assert spelling.add_house_word(catalog, "Zorblat")
    assert item_id in catalog.stale_item_ids()
    ctx = context_for(catalog)
    found = [f for f in check_item(catalog.item(item_id), ctx) if f.rule == "spelling"]
    assert [f.message for f in found] == ["\u201cThre\u201d is not in the dictionary"]


def test_suggestions_come_from_a_worker_process() -> None:
    ready: list[str] = []
    suggester = spelling.Suggester(on_ready=ready.append)
    try:
        assert suggester.suggestions_now("Firefigters", 60)[0] == "Firefighters"
        assert ready == ["Firefigters"]
        assert suggester.ask("Firefigters")[0] == "Firefighters"  # remembered
    finally:
        suggester.close()


def test_suggestions_follow_the_case_of_the_word_as_written() -> None:
    """The spelling menu's suggestions ignored the word's case (the left30 brief): for
    "FIREFIGTERS" Hunspell's second dictionary offered "firefighters" after "FIREFIGHTERS", for
    "LISBONN" "Lisbon", and for "Teh", a sentence's first word, no "The" (its capitalised lookup
    misses the dictionary's lower-case words). A capitalised or upper-case word's suggestions
    are in its case, its lower-case form's suggestions among them."""
    suggester = spelling.Suggester()
    try:
        shouted = suggester.suggestions_now("FIREFIGTERS", 60)
        assert shouted[0] == "FIREFIGHTERS" and all(s.isupper() for s in shouted), shouted
        assert len(shouted) == len(set(shouted))  # one of each: "firefighters" is not offered twice
        assert suggester.suggestions_now("LISBONN", 60)[0] == "LISBON"
        first_word = suggester.suggestions_now("Teh", 60)
        assert "The" in first_word[:3] and all(s[:1].isupper() for s in first_word), first_word
        assert suggester.suggestions_now("Firefigters", 60)[0] == "Firefighters"
    finally:
        suggester.close()
    # Replace All from a word in capitals: each other place in its own case, not in capitals.
    assert [spelling.in_case_of(w, "FIREFIGHTERS") for w in ("firefigters", "Firefigters", "FIREFIGTERS")] == [
        "firefighters", "Firefighters", "FIREFIGHTERS"]
    assert spelling.in_case_of("mcdonalds", "McDonald's") == "McDonald's"  # a name keeps its capitals


def test_cli_spelling_and_codes_in_set(tmp_path, capsys, catalog_path) -> None:
    base = ["--catalog", str(catalog_path)]
    assert main(["spelling", "add", "Zorblat", *base]) == 0
    assert main(["spelling", *base]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Zorblat"
    assert main(["spelling", "check", "Zorblat met Firefigters", *base]) == 1
    assert capsys.readouterr().out.strip() == "12: Firefigters"
    assert main(["spelling", "check", "All good here", *base]) == 0

    file = tmp_path / "codes.txt"
    file.write_text("vg\tVadim Ghirda\tAP Photo/Vadim Ghirda\n")
    assert main(["codes", "import", str(file), *base]) == 0
    assert "imported 1 code" in capsys.readouterr().out
    from app.catalog import Catalog  # noqa: PLC0415

    with Catalog.open(catalog_path) as cat:
        item_id = cat.add_caption_item({"caption": ""})
        assert len(codes.load(cat)) == 1
    assert main(["set", str(item_id), "caption=Photo by =vg= (=vg#2=) =nope=", "creators==vg=", *base]) == 0
    with Catalog.open(catalog_path) as cat:
        it = cat.item(item_id)
        assert it.fields["caption"] == "Photo by Vadim Ghirda (AP Photo/Vadim Ghirda) =nope="
        assert it.fields["creators"] == ["Vadim Ghirda"]
    file.write_text("vg Vadim Ghirda\n")
    assert main(["codes", "import", str(file), *base]) == 2
    assert "line 1: expected a code, a tab" in capsys.readouterr().err


TWICE = ("Firefighters battle a blaze in Lyon, France, June 3, 2021. The fire destroyed three housess; "
         "Housess nearby were saved. REUTERS/Ada Brin")


def test_the_same_unknown_word_twice_is_one_finding_with_both_places(catalog, catalog_path, capsys) -> None:
    """The eleventh walk: one word misspelt twice gave two findings. An editor corrects the word:
    one finding, every place it occurs (any case), the first as start and end; stored and read
    back with its places; the CLI's text says it once and its JSON lists the places."""
    item_id = catalog.add_caption_item({"caption": TWICE})
    first, second = TWICE.index("housess"), TWICE.index("Housess")
    [f] = [f for f in refresh_findings(catalog, [item_id])[item_id] if f.rule == "spelling"]
    assert f.message == "\u201chousess\u201d is not in the dictionary (2 places)"
    assert (f.start, f.end) == (first, first + 7) and f.spans == ((first, first + 7), (second, second + 7))
    [stored] = [f for f in catalog.findings([item_id])[item_id] if f.rule == "spelling"]
    assert stored == f
    catalog.close()
    assert main(["--catalog", str(catalog_path), "check"]) == 0
    out = capsys.readouterr().out
    assert out.count("is not in the dictionary") == 1 and "housess" in out
    for _ in range(2):  # checked, then read back from what the first check kept
        assert main(["--catalog", str(catalog_path), "check", "--format", "json"]) == 0
        import json  # noqa: PLC0415

        report = json.loads(capsys.readouterr().out)
        [found] = [x for x in report["items"][0]["findings"] if x["rule"] == "spelling"]
        assert found["spans"] == [[first, first + 7], [second, second + 7]] and found["start"] == first
