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
