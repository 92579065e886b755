"""Gallery > New Gallery with photos selected: the dialog offers to put them in it (ticked),
as a photo editor expects after picking the photos first; the sixth walk got an empty gallery."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.sidebar import NewGalleryDialog  # noqa: E402


def _seed(catalog, n=5):
    return [catalog.add_caption_item({"caption": f"Water rises in Lisbon, day {i}. REUTERS/Ana Costa"})
            for i in range(1, n + 1)]


def _answer(w, qtbot, name: str, untick: bool = False) -> dict:
    """Type ``name`` into the dialog once it is up (as the editor would) and press Enter."""
    seen = {}

    def fill() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, NewGalleryDialog):
            QTimer.singleShot(50, fill)
            return
        seen["label"], seen["ticked"] = dlg.add_selected.text(), dlg.add_selected.isChecked()
        seen["shown"] = dlg.add_selected.isVisibleTo(dlg)
        if untick:
            QTest.mouseClick(dlg.add_selected, Qt.MouseButton.LeftButton)
        QTest.keyClicks(dlg.name, name)
        QTest.keyClick(dlg.name, Qt.Key.Key_Return)

    QTimer.singleShot(50, fill)
    return seen


def test_a_new_gallery_takes_the_photos_selected(qtbot, catalog, settings):
    ids = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids(ids[1:4])
    seen = _answer(w, qtbot, "Floods")
    w.act_new_gallery.trigger()
    assert seen == {"label": "Add the 3 selected photos", "ticked": True, "shown": True}
    [g] = catalog.galleries()
    assert g.name == "Floods" and catalog.gallery_item_ids(g.id) == ids[1:4]


def test_unticked_or_with_nothing_selected_the_gallery_starts_empty(qtbot, catalog, settings):
    ids = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids(ids[:2])
    _answer(w, qtbot, "Fires", untick=True)
    w.act_new_gallery.trigger()
    w.select_ids([])
    seen = _answer(w, qtbot, "Storms")
    w.act_new_gallery.trigger()
    assert seen["shown"] is False and seen["ticked"] is False
    assert {g.name: catalog.gallery_item_ids(g.id) for g in catalog.galleries()} == {"Fires": [], "Storms": []}
