"""walk22, a US sports desk with a pipeline: what the photo editor tripped on in the app."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.main_window import GRID, TABLE  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _gallery(cat, n=5):
    ids = [cat.add_caption_item({"headline": f"Play {i}", "caption": f"A play, Saturday, Dec. 5, 2026. (AP Photo/Nick Wass {i})"})
           for i in range(1, n + 1)]
    gal = cat.create_gallery("Mariners vs Monarchs")
    cat.add_to_gallery(gal.id, ids)
    return ids, gal


@pytest.mark.parametrize("mode", [GRID, TABLE])
@pytest.mark.parametrize("key, via_window", [(Qt.Key.Key_J, False), (Qt.Key.Key_J, True),
                                             (Qt.Key.Key_K, False), (Qt.Key.Key_K, True)])
def test_j_on_a_gallery_with_nothing_selected_shows_its_first_photo(qtbot, catalog, settings, mode, key,
                                                                   via_window):
    """walk22: a fresh import, the photos focused, nothing selected: J went to photo 2. Qt makes the
    first row current (not selected) when a view takes the focus, and J stepped on from it, so the
    first photo of the gallery was skipped. With nothing selected, J or K now selects the current
    photo, the first."""
    ids, gal = _gallery(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.set_view_mode(mode)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: not w.runner.active() and w.model.rowCount() == len(ids), timeout=20000)
    view = w.view
    view.clearSelection()
    # What QAbstractItemView.focusInEvent does: the first row current, nothing selected.
    view.selectionModel().setCurrentIndex(w.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert w.selected_ids() == [] and view.currentIndex().row() == 0
    if via_window:
        w.move_current(1 if key == Qt.Key.Key_J else -1)  # the menu's Next / Previous Photo
    else:
        view.setFocus()
        QTest.keyClick(view, key)
    assert w.selected_ids() == [ids[0]]
    QTest.keyClick(view, Qt.Key.Key_J)
    assert w.selected_ids() == [ids[1]]  # and from there, one photo a key


def test_sidebar_lists_and_counts_a_new_gallery_once_its_photos_are_in(qtbot, catalog, settings, tmp_path,
                                                                      monkeypatch):
    """walk22: 150 photos of 6000 x 4000 into a new gallery: the catalog held them all in ~4 s, the
    grid showed them, but the sidebar left the new gallery out (and, on 40 photos, said "All
    photos 1" beside a grid of 40) until the last thumbnail, ~20 s on; the window then jumped to
    a gallery the editor could not open meanwhile. Once the catalog is complete (the importer's
    ``checked``), the sidebar lists the gallery and counts the photos."""
    import threading

    import app.importer as importer
    from tests.imagefactory import make_photo

    folder = tmp_path / "game night"
    folder.mkdir()
    for i in range(6):
        make_photo(folder / f"play{i}.jpg", fields={"caption": f"Play {i}, Saturday, Dec. 5, 2026. (AP Photo/Nick Wass)"})
    gate = threading.Event()
    real_thumbnail = importer.thumbnail_one

    def gated(task, thumbs_dir):  # the thumbnails held back: the catalog phase is over, the import is not
        gate.wait(30)
        return real_thumbnail(task, thumbs_dir)

    monkeypatch.setattr(importer, "thumbnail_one", gated)
    w = open_window(qtbot, catalog, settings)
    checked: list[bool] = []
    w.importer.checked.connect(lambda: checked.append(True))
    try:
        w.import_paths([str(folder)], into="Mariners vs Monarchs")
        qtbot.waitUntil(lambda: bool(checked), timeout=60000)
        assert w.importer.running

        def listed() -> dict[str, str]:
            root = w.sidebar._gallery_root
            return {root.child(n).text(0): root.child(n).text(1) for n in range(root.childCount())}

        qtbot.waitUntil(lambda: "Mariners vs Monarchs" in listed(), timeout=10000)
        qtbot.waitUntil(lambda: listed()["Mariners vs Monarchs"].startswith("6 "), timeout=10000)
        qtbot.waitUntil(lambda: w.sidebar.counts().get("all") == 6, timeout=10000)
        assert w.importer.running  # all this before the thumbnails
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)


def test_status_bar_keeps_a_jobs_count_while_other_work_comes_and_goes(qtbot, catalog, settings):
    """walk22: importing 150 photos of 6000 x 4000, the status bar said "Import…" beside a bar at
    66 %: every recount the landing batches started (hidden "Counting" tasks) set the label back
    to the job's bare name until its next report. The count it last reported stays."""
    import threading

    w = open_window(qtbot, catalog, settings)
    release = threading.Event()

    def slow(ctx):
        ctx.progress(3, 10)
        release.wait(30)

    try:
        w.runner.submit(slow, name="Import", show_progress=True)
        qtbot.waitUntil(lambda: w.job_label.text() == "Import: 3 of 10", timeout=10000)
        done = threading.Event()
        w.runner.submit(lambda ctx: None, name="Counting", cancellable=False, on_done=done.set)
        qtbot.waitUntil(done.is_set, timeout=10000)
        assert w.job_label.text() == "Import: 3 of 10"
        assert w.job_bar.value() == 3 and w.job_bar.maximum() == 10
    finally:
        release.set()
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=10000)


def test_f_on_the_photos_applies_the_fix_the_findings_panel_shows(qtbot, catalog, settings):
    """walk22, keyboard only: J picks a photo and its first finding ("Fix: Change to Saturday" under
    the findings), but applying it took the mouse or 27 Tabs through the inspector. F on the
    photos applies it (one undo step); typed in a field it is text."""
    ids = [catalog.add_caption_item({"caption": "Okafor scores, Friday, Dec. 5, 2026, in Harbor City, Md. "
                                                "(AP Photo/Nick Wass)", "credit_line": "AP"}),
           catalog.add_caption_item({"caption": "Fans cheer, Saturday, Dec. 5, 2026, in Harbor City, Md. "
                                                "(AP Photo/Nick Wass)", "credit_line": "AP"})]
    gal = catalog.create_gallery("Mariners vs Monarchs")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: not w.runner.active() and w.model.rowCount() == 2, timeout=20000)
    assert w.act_apply_fix.shortcut().toString() == "F"
    assert w.act_apply_fix in w.menuBar().actions()[1].menu().actions()  # Edit, and so F1's list

    w.filter_bar.search.setFocus()
    QTest.keyClicks(w.filter_bar.search, "f")
    assert w.filter_bar.search.text() == "f" and "Friday" in catalog.item(ids[0]).fields["caption"]
    w.filter_bar.search.clear()
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=10000)

    w.view.setFocus()
    w.move_current(0)
    panel = w.findings_panel
    qtbot.waitUntil(lambda: panel.fix_button.isEnabled(), timeout=10000)
    assert panel.status.text() == "Fix: Change to Saturday"
    QTest.keyClick(w.view, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: "Saturday, Dec. 5" in catalog.item(ids[0]).fields["caption"], timeout=10000)
    w.session.undo_stack.undo()
    qtbot.waitUntil(lambda: "Friday, Dec. 5" in catalog.item(ids[0]).fields["caption"], timeout=10000)

    w.move_current(1)  # a photo with nothing to fix: said, not silent
    qtbot.waitUntil(lambda: w.selected_ids() == [ids[1]], timeout=10000)
    before = catalog.item(ids[1]).fields["caption"]
    QTest.keyClick(w.view, Qt.Key.Key_F)
    assert catalog.item(ids[1]).fields["caption"] == before
    assert "no fix" in w.statusBar().currentMessage().lower()
