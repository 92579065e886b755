"""A German or Spanish desk's captions are spell-checked in its language (the catalog's desk
language), with the system's Hunspell dictionary of it; without one, in English only, and
every place that says what was checked says so and names the package to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import spelling, validation
from app.cli import main
from app.export.labels import SETTING_LANGUAGE
from app.validation import refresh_findings

GERMAN = ("Ein Feuerwehrmann watet am Dienstag durch die \u00fcberflutete Altstadt von K\u00f6ln. "
          "Der Rhein erreichte einen Pegel von acht Metern. Foto: Oliver Berg/dpa")
SPANISH = ("Miles de personas se manifiestan en la Puerta del Sol de Madrid, el martes 9 de diciembre de 2026, "
           "contra la subida de los alquileres. (Foto: EFE/Mariscal)")
FRENCH = ("Le ministre de l\u2019\u00c9conomie s\u2019exprime au S\u00e9nat, \u00e0 Paris, le lundi 7 d\u00e9cembre 2026\u00a0: "
          "\u00ab\u00a0Nous tiendrons le cap\u00a0\u00bb, a-t-il d\u00e9clar\u00e9 devant les manifestants. Photo\u00a0: AFP")


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Dictionaries found and loaded anew for each test (each test says where they are)."""
    monkeypatch.setattr(spelling, "_DESK", {})
    spelling._CHECKERS.clear()
    yield
    spelling._CHECKERS.clear()


def _no_system_dictionaries(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DICPATH", str(tmp_path / "none"))
    monkeypatch.setattr(spelling, "SYSTEM_DICTIONARY_DIRS", ())


def _small_german(monkeypatch, tmp_path: Path) -> None:
    """A German dictionary of the caption's words, less one ("\u00fcberflutete"), on $DICPATH."""
    _no_system_dictionaries(monkeypatch, tmp_path)
    folder = tmp_path / "dic"
    folder.mkdir()
    words = ["Feuerwehrmann", "watet", "am", "Dienstag", "durch", "die", "Altstadt", "von", "der", "Rhein",
             "erreichte", "ein", "einen", "K\u00f6ln", "Pegel", "acht", "Metern", "Foto", "Hochwasser"]
    (folder / "de_DE.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (folder / "de_DE.dic").write_text(f"{len(words)}\n" + "\n".join(words) + "\n", encoding="utf-8")
    monkeypatch.setenv("DICPATH", str(folder))


def _spelling(found) -> list[str]:
    return [f.message for f in found if f.rule == "spelling"]


def test_a_german_desk_checks_its_captions_in_german(catalog, monkeypatch, tmp_path) -> None:
    _small_german(monkeypatch, tmp_path)
    item = catalog.add_caption_item({"headline": "Hochwasser am Rhein", "caption": GERMAN})
    english_desk = _spelling(refresh_findings(catalog, [item])[item])
    assert len(english_desk) == 1 and "in no English dictionary (in another language?)" in english_desk[0]
    assert validation.change_setting(catalog, SETTING_LANGUAGE, "de")
    assert catalog.stale_item_ids() == [item]  # the findings made for an English desk go stale
    assert _spelling(refresh_findings(catalog, [item])[item]) == ["\u201c\u00fcberflutete\u201d is not in the dictionary"]
    checker = spelling.checker_for(catalog)
    assert checker.checks_in() == "German" and not checker.misspelt("Hochwasser am Rhein")
    assert checker.misspelt("Hochwaser am Rhein") == [(0, 9, "Hochwaser")]
    assert spelling.desk_note("de").startswith("German captions are spell-checked in German and English")


def test_without_the_dictionary_a_german_desk_is_told_it_is_checked_in_english_only(
        catalog, catalog_path, monkeypatch, tmp_path, capsys) -> None:
    _no_system_dictionaries(monkeypatch, tmp_path)
    catalog.set_setting(SETTING_LANGUAGE, "de")
    item = catalog.add_caption_item({"caption": GERMAN})
    [note] = _spelling(refresh_findings(catalog, [item])[item])
    assert note.endswith("in no English dictionary (in another language?); no German dictionary is installed"
                         " (hunspell-de-de)")
    assert spelling.desk_note("de") == ("no German dictionary is installed: German captions are spell-checked in"
                                        " English only (Debian/Ubuntu: apt install hunspell-de-de)")
    assert main(["--catalog", str(catalog_path), "spelling", "dictionaries"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "en_US: shipped", "en_GB: shipped",
        "de_DE (the desk language): no German dictionary is installed: German captions are spell-checked in"
        " English only (Debian/Ubuntu: apt install hunspell-de-de)"]
    assert main(["--catalog", str(catalog_path), "spelling", "check", "Hochwasser am Rhein"]) == 1
    assert "note: no German dictionary is installed" in capsys.readouterr().err


def test_an_english_desk_is_as_before(catalog, catalog_path, monkeypatch, tmp_path, capsys) -> None:
    _small_german(monkeypatch, tmp_path)  # installed, but not this desk's language
    checker = spelling.checker_for(catalog)
    assert checker.language == "en" and checker.checks_in() is None
    assert checker.misspelt("Hochwasser") == [(0, 10, "Hochwasser")]
    assert spelling.desk_note("en") is None
    assert main(["--catalog", str(catalog_path), "spelling", "dictionaries"]) == 0
    assert capsys.readouterr().out.splitlines() == ["en_US: shipped", "en_GB: shipped"]


def _system(language: str) -> Path | None:
    """The system's own dictionary of ``language`` (Debian: hunspell-de-de, hunspell-es)."""
    code = spelling.DESK_DICTIONARIES[language][0]
    for folder in spelling.SYSTEM_DICTIONARY_DIRS:
        if (Path(folder) / f"{code}.dic").is_file() and (Path(folder) / f"{code}.aff").is_file():
            return Path(folder) / f"{code}.dic"
    return None


@pytest.mark.parametrize(("language", "caption", "typo", "word"), [
    ("de", GERMAN, "Feuerwehrman", "Feuerwehrmann"),
    ("es", SPANISH, "manifiestn", "manifiestan"),
    ("fr", FRENCH, "manifestans", "manifestants"),
])
def test_a_real_caption_on_its_desk_with_the_system_s_dictionary(catalog, monkeypatch, language, caption, typo,
                                                                 word) -> None:
    if _system(language) is None:
        pytest.skip(f"no {spelling.DESK_DICTIONARIES[language][1]} Hunspell dictionary on this system "
                    f"(Debian/Ubuntu: apt install {spelling.DESK_DICTIONARIES[language][2]})")
    monkeypatch.delenv("DICPATH", raising=False)
    catalog.set_setting(SETTING_LANGUAGE, language)
    item = catalog.add_caption_item({"caption": caption})
    wrong = catalog.add_caption_item({"caption": caption.replace(word, typo)})
    found = refresh_findings(catalog, [item, wrong])
    assert _spelling(found[item]) == []  # every word known: no note "in another language"
    assert _spelling(found[wrong]) == [f"\u201c{typo}\u201d is not in the dictionary"]
    suggester = spelling.Suggester(language=language)
    try:
        assert word in suggester.suggestions_now(typo, 30)
    finally:
        suggester.close(wait=True)


def test_the_settings_dialog_says_what_a_desk_language_s_captions_are_checked_in(qtbot, monkeypatch, tmp_path) -> None:
    pytest.importorskip("PySide6")
    from tests.uisession import open_session  # noqa: PLC0415
    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    _no_system_dictionaries(monkeypatch, tmp_path)
    session = open_session(tmp_path)
    try:
        item = session.catalog.add_caption_item({"caption": GERMAN})
        refresh_findings(session.catalog, [item])
        dlg = SettingsDialog(session)
        qtbot.addWidget(dlg)
        # An English desk: which dictionaries (race38: both, unsaid; en-GB was taken for en)
        assert dlg.desk_spelling.text() == ("English captions are spell-checked with the US and UK dictionaries:"
                                            " both spellings are accepted.")
        dlg.desk_language.setCurrentIndex(dlg.desk_language.findData("de"))
        assert dlg.desk_spelling.text() == ("No German dictionary is installed: German captions are spell-checked in"
                                            " English only (Debian/Ubuntu: apt install hunspell-de-de).")
        _small_german(monkeypatch, tmp_path)
        dlg.desk_language.setCurrentIndex(dlg.desk_language.findData("es"))
        dlg.desk_language.setCurrentIndex(dlg.desk_language.findData("de"))
        assert dlg.desk_spelling.text().startswith("German captions are spell-checked in German and English (de_DE: ")
        dlg.accept()
        assert session.catalog.get_setting(SETTING_LANGUAGE) == "de"
        session.tasks.wait(20000)
        assert item in session.catalog.stale_item_ids()  # checked for an English desk: checked again
        found = refresh_findings(session.catalog, [item])
        assert _spelling(found[item]) == ["\u201c\u00fcberflutete\u201d is not in the dictionary"]
    finally:
        session.tasks.wait(20000)


def test_the_live_spell_check_follows_the_desk_language(qtbot, monkeypatch, tmp_path) -> None:
    """What is underlined as it is typed is what the rule finds: a German desk's headline in
    German is not underlined word by word once the desk language is German."""
    pytest.importorskip("PySide6")
    from tests.uisession import open_session  # noqa: PLC0415
    from ui.text_tools import spell_service  # noqa: PLC0415

    _small_german(monkeypatch, tmp_path)
    session = open_session(tmp_path)
    try:
        service = spell_service(session)
        service.load()
        qtbot.waitUntil(lambda: service.ready, timeout=20000)
        assert [w for _s, _e, w in service.misspelt("Hochwasser am Rhein heute")] == ["Hochwasser", "Rhein", "heute"]
        validation.change_setting(session.catalog, SETTING_LANGUAGE, "de")
        session.settings.changed.emit(SETTING_LANGUAGE)  # what the Settings dialog says
        qtbot.waitUntil(lambda: service.ready, timeout=20000)
        assert [w for _s, _e, w in service.misspelt("Hochwasser am Rhein heute")] == ["heute"]
    finally:
        session.tasks.wait(20000)


def test_a_uk_desk_flags_us_spelling_and_a_us_desk_uk_spelling(catalog, catalog_path, capsys) -> None:
    """race38: `spelling language en-GB` was "en": both dictionaries, "harbor" and "harbour"
    alike. en-GB and en-US are choices now (both shipped): English in that spelling only; "en"
    accepts both again. The findings go stale on a change; a catalog that chose none keeps its
    fingerprint (its findings stay current)."""
    item = catalog.add_caption_item({"caption": "Boats in the harbor at dawn, under a grey sky."})
    fingerprint = validation.check_fingerprint(catalog)
    assert _spelling(refresh_findings(catalog, [item])[item]) == []  # both spellings: nothing flagged
    assert main(["--catalog", str(catalog_path), "spelling", "language", "en-GB"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "desk language: en-GB (English, UK spelling): set",
        "English captions are spell-checked in English (UK) only (en_GB): harbor, color are flagged"]
    assert catalog.get_setting(spelling.SETTING_VARIANT) == "en_GB" and catalog.get_setting(SETTING_LANGUAGE) == "en"
    assert validation.SETTING_SPELLING_VARIANT == spelling.SETTING_VARIANT  # one setting, two names
    assert catalog.stale_item_ids() == [item]
    assert _spelling(refresh_findings(catalog, [item])[item]) == ["\u201charbor\u201d is not in the dictionary"]
    checker = spelling.checker_for(catalog)
    assert checker.variant == "en_GB" and checker.misspelt("harbor colour") == [(0, 6, "harbor")]
    assert main(["--catalog", str(catalog_path), "spelling", "dictionaries"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "en_US: shipped (not used: the desk checks English in en_GB only)", "en_GB: shipped"]
    assert main(["--catalog", str(catalog_path), "spelling", "language", "en_US.UTF-8"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "desk language: en-US (English, US spelling): set"
    assert spelling.checker_for(catalog).misspelt("harbor colour") == [(7, 13, "colour")]
    assert main(["--catalog", str(catalog_path), "spelling", "language", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "desk language: en (English): set",
        "English captions are spell-checked with the US and UK dictionaries: both spellings are accepted"]
    assert catalog.get_setting(spelling.SETTING_VARIANT) is None
    assert spelling.checker_for(catalog).misspelt("harbor colour") == []
    assert validation.check_fingerprint(catalog) == fingerprint


def test_the_settings_dialog_offers_english_uk_and_us(qtbot, tmp_path) -> None:
    pytest.importorskip("PySide6")
    from tests.uisession import open_session  # noqa: PLC0415
    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    session = open_session(tmp_path)
    try:
        item = session.catalog.add_caption_item({"caption": "Boats in the harbor at dawn."})
        refresh_findings(session.catalog, [item])
        dlg = SettingsDialog(session)
        qtbot.addWidget(dlg)
        names = [dlg.desk_language.itemText(i) for i in range(dlg.desk_language.count())]
        assert names[:3] == ["English, US and UK spellings (en)", "English (UK) (en-GB)", "English (US) (en-US)"]
        dlg.desk_language.setCurrentIndex(dlg.desk_language.findData("en-GB"))
        assert dlg.desk_spelling.text() == ("English captions are spell-checked in English (UK) only (en_GB):"
                                            " harbor, color are flagged.")
        dlg.accept()
        assert session.catalog.get_setting(spelling.SETTING_VARIANT) == "en_GB"
        session.tasks.wait(20000)
        assert item in session.catalog.stale_item_ids()
        again = SettingsDialog(session)
        qtbot.addWidget(again)
        assert again.desk_language.currentData() == "en-GB"  # the choice is shown as made
    finally:
        session.tasks.wait(20000)
