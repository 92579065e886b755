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
    dlg.show_page(dlg.typing)
    for word in ("Tornquist", "Kastelberg"):
        qtbot.keyClicks(dlg.typing.new_word, word)
        qtbot.keyClick(dlg.typing.new_word, Qt.Key.Key_Return)
        assert dlg.isVisible() and dlg.result() == 0
    assert dlg.typing.word_list() == ["Kastelberg", "Tornquist"]
    qtbot.keyClick(dlg.typing.new_word, Qt.Key.Key_Return)  # empty: Enter is OK, as anywhere else
    assert not dlg.isVisible()


@pytest.mark.parametrize("screen", [(1366, 768 - 32), (1024, 700 - 32)])  # a laptop, a small desk screen; less a panel
def test_settings_fit_a_small_screen_with_nothing_cut_off(session, qtbot, monkeypatch, screen) -> None:
    """Settings opened 760x720: with a title bar and a panel that overran a 1366x768 laptop, and
    its OK button sat below the screen's edge. It opens within the screen's free area (the frame
    counted) and its pages scroll inside their tabs when that is short."""
    from PySide6.QtCore import QRect, QSize  # noqa: PLC0415
    from PySide6.QtGui import QScreen  # noqa: PLC0415
    from PySide6.QtWidgets import QDialogButtonBox, QScrollArea  # noqa: PLC0415

    from ui.models import FRAME_ALLOWANCE  # noqa: PLC0415

    area = QRect(0, 32, *screen)  # a top panel of 32 px
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: area)
    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.width() + FRAME_ALLOWANCE[0] <= area.width() and dlg.height() + FRAME_ALLOWANCE[1] <= area.height()
    assert area.contains(QRect(dlg.pos(), dlg.size() + QSize(*FRAME_ALLOWANCE)))
    dlg.show()
    qtbot.waitExposed(dlg)
    buttons = dlg.findChild(QDialogButtonBox)
    ok = QRect(buttons.mapTo(dlg, buttons.rect().topLeft()), buttons.size())
    assert dlg.rect().contains(ok)  # OK and Cancel inside the dialog, not under the screen's edge
    for i in range(dlg.tabs.count()):
        dlg.tabs.setCurrentIndex(i)
        scroller = dlg.tabs.widget(i)
        assert isinstance(scroller, QScrollArea)
        page = scroller.widget()
        # The whole page is reachable: what the viewport does not show, the scroll bar does.
        assert page.height() >= page.minimumSizeHint().height()
        assert scroller.viewport().height() + scroller.verticalScrollBar().maximum() >= page.height()
    dlg.resize(dlg.width(), 420)  # shorter than the first page needs: it scrolls instead
    dlg.tabs.setCurrentIndex(0)
    qtbot.wait(10)
    assert dlg.tabs.widget(0).verticalScrollBar().maximum() > 0
