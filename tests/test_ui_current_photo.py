"""The photo the view moves to is the photo the inspector edits (left35): every way the current
row moves (keys with and without Ctrl, a sort, a removal) leaves the inspector on it.

Driven as an editor drives it (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.main_window import GRID, TABLE  # noqa: E402
from ui.sidebar import Source  # noqa: E402

CTRL, SHIFT, NONE = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier


def _idle(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=timeout)


def _current_row(w) -> int:
    return w.view.currentIndex().row()


def _inspected_rows(w) -> list[int]:
    return sorted(w.model.row_of(i) for i in w.inspector.item_ids())


@pytest.mark.parametrize("mode", [TABLE, GRID])
def test_a_key_that_moves_to_a_photo_moves_the_inspector_to_it(qtbot, catalog, settings, mode):
    """Ctrl+End showed the last photo with the inspector still on the one selected before (off
    screen): an editor jumping to the last photo edited the wrong one. Ctrl+Home and Ctrl+Page
    Up/Down moved the focus alone the same way. (Ctrl+arrows move the focus alone, one photo
    at a time, to build a selection with Ctrl+Space: the next test.)"""
    for i in range(60):
        catalog.add_caption_item({"headline": f"Flood {i}", "caption": f"Water rises, day {i}."})
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(mode)
    _idle(qtbot, w)
    w.view.setFocus()
    last = w.model.rowCount() - 1
    for key, mods, lands in ((Qt.Key.Key_End, CTRL, last), (Qt.Key.Key_Home, CTRL, 0),
                             (Qt.Key.Key_End, NONE, last), (Qt.Key.Key_Home, NONE, 0),
                             (Qt.Key.Key_PageDown, CTRL, None), (Qt.Key.Key_PageUp, CTRL, None),
                             (Qt.Key.Key_PageDown, NONE, None)):
        w.select_ids([w.model.id_at(30)])
        QTest.keyClick(w.view, key, mods)
        row = _current_row(w)
        assert row != 30, (key, mods)
        if lands is not None:
            assert row == lands, (key, mods)
        assert _inspected_rows(w) == [row], (key, mods)
        assert w.session.current_ids() == [w.model.id_at(row)]
    # With Shift as well, Ctrl+End extends the selection to the last photo.
    w.select_ids([w.model.id_at(50)])
    QTest.keyClick(w.view, Qt.Key.Key_End, CTRL | SHIFT)
    assert _current_row(w) == last
    assert _inspected_rows(w) == list(range(50, last + 1))
    # Ctrl+click still adds a photo to the selection.
    w.select_ids([w.model.id_at(0)])
    w.view.scrollToTop()
    rect = w.view.visualRect(w.model.index(1, 2 if mode == TABLE else 0))
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, CTRL, rect.center())
    assert _inspected_rows(w) == [0, 1]


@pytest.mark.parametrize("mode", [GRID, TABLE])
def test_ctrl_arrows_and_ctrl_space_build_a_selection_from_the_keyboard(qtbot, catalog, settings, mode):
    """Ctrl+Space did not build a selection: Ctrl+arrows selected where they landed, so the
    photo Ctrl+Space toggled was the only one selected. As in a file manager, Ctrl+arrows move
    the keyboard's place alone (the inspector stays on the selection) and Ctrl+Space adds the
    photo there to the selection, or takes it out."""
    for i in range(12):
        catalog.add_caption_item({"headline": f"Flood {i}", "caption": f"Water rises, day {i}."})
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(mode)
    _idle(qtbot, w)
    w.view.setFocus()
    step = Qt.Key.Key_Down if mode == TABLE else Qt.Key.Key_Right
    w.select_ids([w.model.id_at(2)])
    for _ in range(2):
        QTest.keyClick(w.view, step, CTRL)
    assert _current_row(w) == 4
    assert _inspected_rows(w) == [2]  # moved, nothing selected on the way
    QTest.keyClick(w.view, Qt.Key.Key_Space, CTRL)
    assert _inspected_rows(w) == [2, 4]
    QTest.keyClick(w.view, step, CTRL)
    QTest.keyClick(w.view, Qt.Key.Key_Space, CTRL)
    assert _inspected_rows(w) == [2, 4, 5]
    QTest.keyClick(w.view, Qt.Key.Key_Space, CTRL)  # again: out
    assert _inspected_rows(w) == [2, 4]
    assert getattr(w, "open_loupe_window", None) is None  # Ctrl+Space is not the loupe's Space
    # A plain arrow selects where it lands, as before.
    QTest.keyClick(w.view, step, NONE)
    assert _inspected_rows(w) == [6] and _current_row(w) == 6


def test_removing_the_last_photos_of_a_gallery_goes_to_the_new_last_one(qtbot, catalog, settings):
    """Removing the last two photos of a gallery went back to its first photo (the reload left
    no current row and the step was taken from none): the photo next to those removed is shown."""
    ids = [catalog.add_caption_item({"headline": f"Flood {i}"}) for i in range(12)]
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids(ids[-2:])
    w.act_remove.trigger()
    _idle(qtbot, w)
    assert w.selected_ids() == w.inspector.item_ids() == [ids[-3]]
    assert w.model.id_at(_current_row(w)) == ids[-3]
    w.select_ids([ids[4]])  # from the middle: the photo that took its place
    w.act_remove.trigger()
    _idle(qtbot, w)
    assert w.selected_ids() == w.inspector.item_ids() == [ids[5]]


def test_a_sort_keeps_the_inspector_on_the_current_photo(qtbot, catalog, settings):
    ids = [catalog.add_caption_item({"headline": f"Flood {i:02d}", "caption": f"{chr(90 - i)} rises."})
           for i in range(20)]
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(TABLE)
    _idle(qtbot, w)
    w.select_ids([ids[3]])
    from ui.views import COLUMN_INDEX  # noqa: PLC0415
    for col in ("caption", "headline"):
        w.table.horizontalHeader().setSortIndicator(COLUMN_INDEX[col], Qt.SortOrder.DescendingOrder)
        _idle(qtbot, w)
        assert w.model.id_at(_current_row(w)) == ids[3]
        assert w.selected_ids() == w.inspector.item_ids() == [ids[3]]


def test_a_filter_and_an_undo_keep_the_inspector_on_the_current_photo(qtbot, catalog, settings):
    """A filter that keeps the photo shown stays on it; one that hides it goes to the first
    result; undoing a removal leaves current, selection and inspector on one photo."""
    ids = [catalog.add_caption_item({"headline": f"{'Flood' if i % 2 else 'Gale'} {i}"}) for i in range(10)]
    gal = catalog.create_gallery("Storm")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(TABLE)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)

    def agree() -> int:
        current = w.model.id_at(_current_row(w))
        assert w.selected_ids() == w.inspector.item_ids() == w.session.current_ids() == [current]
        return current

    w.select_ids([ids[3]])  # a Flood
    w.filter_bar.search.setText("Flood")
    qtbot.waitUntil(lambda: w.model.rowCount() == 5, timeout=10000)
    _idle(qtbot, w)
    assert agree() == ids[3]
    w.filter_bar.search.setText("Gale")
    qtbot.waitUntil(lambda: w.model.rowCount() == 5 and w.model.id_at(0) == ids[0], timeout=10000)
    _idle(qtbot, w)
    assert agree() == ids[0]
    w.filter_bar.search.setText("")
    qtbot.waitUntil(lambda: w.model.rowCount() == 10, timeout=10000)
    _idle(qtbot, w)
    w.select_ids([ids[9]])
    w.act_remove.trigger()
    _idle(qtbot, w)
    assert agree() == ids[8]
    w.act_undo.trigger()
    _idle(qtbot, w)
    assert w.model.rowCount() == 10 and agree() == ids[8]
