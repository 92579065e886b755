"""The eighteenth walk (a US sports desk on deadline): what the window did that surprised."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.imagefactory import make_photo  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _window(qtbot, cat, settings):
    w = MainWindow(cat, settings, import_jobs=1)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w._panels_built, timeout=10000)
    return w


def _import(qtbot, w, path):
    w.import_paths([str(path)])
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=20000)


def test_a_photo_relinked_by_an_import_shows_its_new_file_name_in_the_inspector(qtbot, catalog, settings, tmp_path):
    """The walk: a file renamed behind the app's back was imported from where it was now ("1
    relinked"), and the inspector, still on that photo, went on naming the old file until another
    photo was clicked and this one again."""
    old = make_photo(tmp_path / "06-bell-file.jpg", fields={"caption": "Bell warms up. (AP Photo/Nick Wass, File)"})
    w = _window(qtbot, catalog, settings)
    _import(qtbot, w, old)
    [item_id] = catalog.item_ids()
    w.select_ids([item_id])
    qtbot.waitUntil(lambda: "06-bell-file.jpg" in w.inspector.summary.text(), timeout=10000)

    new = old.rename(tmp_path / "06-bell-file-2025.jpg")
    _import(qtbot, w, new)

    assert w.last_import.relinked == 1 and catalog.item(item_id).path == str(new)
    qtbot.waitUntil(lambda: "06-bell-file-2025.jpg" in w.inspector.summary.text(), timeout=10000)
