"""Edit > Find and Replace: preview of every change, scope, fields, one undo step."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.uisession import add_caption_items  # noqa: E402
from ui.find_replace import FindReplaceDialog  # noqa: E402


def test_preview_then_replace_as_one_undo_step(session, qtbot) -> None:
    ids = add_caption_items(
        session,
        {"caption": "Fans in Bucharest cheer. BUCHAREST police watch.", "headline": "Bucharest derby", "city": "Bucharest"},
        {"caption": "Snow in Bucharest", "keywords": ["Bucharest", "snow"]},
        {"caption": "Bucharesti suburb, not the city"},
        {"caption": "Bucharest, not selected"})
    gallery = session.catalog.create_gallery("Derby")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.set_current_gallery(gallery)
    session.set_current(ids[:3])
    dlg = FindReplaceDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.scope.currentText() == "The 3 selected photos"
    dlg.field_checks["city"].setChecked(False)
    qtbot.keyClicks(dlg.find, "Bucharest")
    qtbot.keyClicks(dlg.replace, "Bucharest, Romania")
    dlg.whole_word.setChecked(True)
    qtbot.waitUntil(lambda: bool(dlg.plan) and not dlg.is_searching(), timeout=5000)
    assert "5 replacements in 2 items" in dlg.summary.text()
    text = dlg.preview_text()
    assert "Fans in Bucharest \u2192 Bucharest, Romania cheer." in text  # old struck through, then the new
    assert "Bucharesti" not in text  # whole words only
    assert dlg.apply_btn.isEnabled()

    qtbot.mouseClick(dlg.apply_btn, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Done" in dlg.summary.text(), timeout=5000)
    a, b, c, d = session.catalog.items(ids)
    assert a.fields["caption"] == "Fans in Bucharest, Romania cheer. Bucharest, Romania police watch."
    assert a.fields["headline"] == "Bucharest, Romania derby"
    assert a.fields["city"] == "Bucharest"  # an unticked field
    assert b.fields["keywords"] == ["Bucharest, Romania", "snow"]
    assert c.fields["caption"] == "Bucharesti suburb, not the city"
    assert d.fields["caption"] == "Bucharest, not selected"  # outside the scope
    assert session.undo_stack.count() == 1
    assert not dlg.apply_btn.isEnabled()  # no second Replace All that would double the text

    session.undo_stack.undo()
    a, b = session.catalog.items(ids[:2])
    assert a.fields["caption"] == "Fans in Bucharest cheer. BUCHAREST police watch."
    assert b.fields["keywords"] == ["Bucharest", "snow"]

    # The gallery scope reaches the fourth item too.
    assert dlg.set_scope("gallery")
    qtbot.waitUntil(lambda: bool(dlg.plan) and not dlg.is_searching(), timeout=5000)
    assert "in 3 items" in dlg.summary.text()


def test_bad_regular_expression_is_one_line_and_replaces_nothing(session, qtbot) -> None:
    ids = add_caption_items(session, {"caption": "a (b"})
    session.set_current(ids)
    dlg = FindReplaceDialog(session)
    qtbot.addWidget(dlg)
    dlg.regex.setChecked(True)
    qtbot.keyClicks(dlg.find, "(")
    dlg.run_search()
    assert "bad regular expression" in dlg.summary.text()
    assert not dlg.apply_btn.isEnabled()


def test_enter_in_the_find_box_goes_to_the_replace_box_and_replaces_nothing(session, qtbot) -> None:
    # The twelfth walk typed "Calif." in Find and pressed Enter, as in any search box: Replace
    # All was the dialog's default button and the Replace box still empty, so every "Calif." in
    # the scope was deleted. Enter in Find now goes to Replace; Enter there replaces.
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    ids = add_caption_items(session, {"caption": "Fans in Lyon, Calif. cheer."}, {"caption": "Snow in Calif."})
    gallery = session.catalog.create_gallery("Derby")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.set_current_gallery(gallery)
    session.set_current(ids)
    dlg = FindReplaceDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.find, "Calif.")
    qtbot.waitUntil(lambda: bool(dlg.plan) and not dlg.is_searching(), timeout=5000)
    QTest.keyClick(dlg.find, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert [i.fields["caption"] for i in session.catalog.items(ids)] == ["Fans in Lyon, Calif. cheer.", "Snow in Calif."]
    assert dlg.isVisible() and dlg.replace.hasFocus()
    qtbot.keyClicks(dlg.replace, "California")
    QTest.keyClick(dlg.replace, Qt.Key.Key_Return)  # at once, before the preview's search has run
    qtbot.waitUntil(lambda: "Done" in dlg.summary.text(), timeout=5000)
    assert [i.fields["caption"] for i in session.catalog.items(ids)] == [
        "Fans in Lyon, California cheer.", "Snow in California"]
    assert session.undo_stack.count() == 1
    QTest.keyClick(dlg.replace, Qt.Key.Key_Return)  # again: nothing planned, nothing replaced
    qtbot.wait(300)
    assert session.undo_stack.count() == 1


@pytest.mark.parametrize("screen", [(1024, 700 - 32), (1440, 900 - 32), (1024, 600 - 32)])  # less a panel
def test_find_and_replace_fits_a_small_screen_with_nothing_cut_off(session, qtbot, monkeypatch, screen) -> None:
    """The dialog opened 900x680 whatever the screen: with a title bar that overran a 1024x700
    screen, its Replace All and Close buttons under the edge. It opens within the screen's free
    area (the frame counted); every field's box, both buttons and a preview of a few lines are
    inside the dialog."""
    from PySide6.QtCore import QPoint, QRect, QSize  # noqa: PLC0415
    from PySide6.QtGui import QScreen  # noqa: PLC0415
    from PySide6.QtWidgets import QScrollArea  # noqa: PLC0415

    from ui.models import FRAME_ALLOWANCE  # noqa: PLC0415

    area = QRect(0, 32, *screen)  # a top panel of 32 px
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: area)
    session.set_current(add_caption_items(session, {"caption": "Snow in Bucharest"}))
    dlg = FindReplaceDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.width() + FRAME_ALLOWANCE[0] <= area.width() and dlg.height() + FRAME_ALLOWANCE[1] <= area.height()
    assert area.contains(QRect(dlg.pos(), dlg.size() + QSize(*FRAME_ALLOWANCE)))
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.width() + FRAME_ALLOWANCE[0] <= area.width() and dlg.height() + FRAME_ALLOWANCE[1] <= area.height()

    def scroller(w) -> QScrollArea | None:
        parent = w.parentWidget()
        while parent is not None and parent is not dlg and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent if isinstance(parent, QScrollArea) else None

    def shown(w) -> bool:  # wholly inside the dialog, and inside the scroll area's view when in one
        box = QRect(w.mapTo(dlg, QPoint(0, 0)), w.size())
        if not dlg.rect().contains(box):
            return False
        port = scroller(w).viewport() if scroller(w) is not None else None
        return port is None or QRect(port.mapTo(dlg, QPoint(0, 0)), port.size()).contains(box)

    close = next(b for b in dlg.findChildren(type(dlg.apply_btn)) if b.text() == "Close")
    for w in (dlg.find, dlg.replace, dlg.match_case, dlg.scope, dlg.summary, dlg.apply_btn, close):
        assert shown(w), w.objectName() or type(w).__name__
    if area.height() >= 668:  # a 1024x700 screen has the room for every field's box at once
        assert all(shown(check) for check in dlg.field_checks.values())
    for key, check in dlg.field_checks.items():
        if scroller(check) is not None:
            scroller(check).ensureWidgetVisible(check)
        assert shown(check), key  # reachable: on view, or scrolled to
    assert dlg.preview.viewport().height() >= 4 * dlg.preview.fontMetrics().lineSpacing()
