"""Settings > Codes and Spelling: import a code file, see the list, set the delimiter, edit the
house dictionary; OK writes to the catalog, Cancel writes nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app import codes, spelling  # noqa: E402
from ui.settings_dialog import SettingsDialog  # noqa: E402


def test_import_codes_and_house_words_then_ok(session, qtbot, tmp_path) -> None:
    file = tmp_path / "desk.txt"
    file.write_text("// desk\nvg\tVadim Ghirda\tAP Photo/Vadim Ghirda\tAP\tSTAFF\nbuc\tBucharest, Romania\n")
    heard: list[str] = []
    session.settings.changed.connect(heard.append)
    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    page = dlg.typing
    assert page.import_file(file)
    view = page.codes_view
    assert view.rowCount() == 2
    assert [view.item(1, c).text() for c in range(4)] == ["vg", "Vadim Ghirda", "AP Photo/Vadim Ghirda", "AP  |  STAFF"]
    assert "2 codes" in page.code_source.text() and "desk.txt" in page.code_source.text()
    bad = tmp_path / "bad.txt"
    bad.write_text("vg Vadim\n")
    assert not page.import_file(bad)  # the list stays, the error is one line
    assert page.code_error.text().startswith("bad.txt, line 1:") and view.rowCount() == 2
    page.delimiter.setText("\\")
    qtbot.keyClicks(page.new_word, "Zorblat")
    qtbot.keyClick(page.new_word, pytest.importorskip("PySide6.QtCore").Qt.Key.Key_Return)
    assert page.word_list() == ["Zorblat"]
    assert codes.load(session.catalog).codes == {}  # nothing written before OK
    dlg.accept()
    table = codes.load(session.catalog)
    assert table.delimiter == "\\" and table.expand("\\buc\\") == "Bucharest, Romania"
    assert spelling.house_words(session.catalog) == ["Zorblat"]
    assert codes.SETTING in heard and spelling.SETTING_WORDS in heard


def test_cancel_writes_nothing(session, qtbot, tmp_path) -> None:
    spelling.add_house_word(session.catalog, "Keep")
    file = tmp_path / "c.txt"
    file.write_text("x\ty\n")
    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    dlg.typing.import_file(file)
    dlg.typing.words.setCurrentRow(0)
    dlg.typing.remove_selected()
    dlg.reject()
    assert codes.load(session.catalog).codes == {}
    assert spelling.house_words(session.catalog) == ["Keep"]


def test_enter_in_the_new_word_box_adds_it_and_keeps_the_settings_open(session, qtbot) -> None:
    # The twelfth walk typed a word in Settings > Codes and Spelling and pressed Enter: the word
    # was added and the whole dialog closed too (Enter also reached its OK button), so adding
    # three words meant opening Settings three times.
    from PySide6.QtCore import Qt  # noqa: PLC0415

    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.typing)
    for word in ("Tornquist", "Kastelberg"):
        qtbot.keyClicks(dlg.typing.new_word, word)
        qtbot.keyClick(dlg.typing.new_word, Qt.Key.Key_Return)
        assert dlg.isVisible() and dlg.result() == 0
    assert dlg.typing.word_list() == ["Kastelberg", "Tornquist"]
    qtbot.keyClick(dlg.typing.new_word, Qt.Key.Key_Return)  # empty: Enter is OK, as anywhere else
    assert not dlg.isVisible()
