"""The window switches catalogs (File menu, settings, next start); gallery removal and reorder undo."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from app.catalog import Catalog  # noqa: E402
from tests.uisession import open_window as _window  # noqa: E402
from ui.app import startup_catalog  # noqa: E402
from ui.main_window import LAST_CATALOG_KEY, TABLE  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _seed(cat, n, word):
    ids = [cat.add_caption_item({"headline": f"{word} {i}", "caption": f"{word} in Lisbon, day {i}.",
                                 "source": "Harbour Wire", "creators": ["Ana Costa"]})
           for i in range(1, n + 1)]
    gal = cat.create_gallery(f"{word} gallery")
    cat.add_to_gallery(gal.id, ids)
    return ids, gal


def _other_catalog(tmp_path, n=3, word="Harvest"):
    path = tmp_path / "other" / "second.sqlite"
    path.parent.mkdir()
    with Catalog.open(path) as cat:
        ids, gal = _seed(cat, n, word)
    return path, ids, gal


def _headlines(w):
    return [w.model.item_at(r).fields["headline"] for r in range(w.model.rowCount())]


def test_switch_to_another_catalog_rebuilds_everything(qtbot, catalog, settings, tmp_path):
    _seed(catalog, 4, "Flood")
    path, other_ids, other_gal = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    w.session.edit_fields({1: {"headline": "Edited in the first"}}, "Edit headline")
    assert w.act_undo.isEnabled()

    assert w.switch_catalog(str(path), create=False)
    assert w.catalog is not catalog and w.catalog.path == path.resolve()
    assert w.session.catalog is w.catalog and w.sidebar.catalog is w.catalog
    assert w.grid_model.catalog is w.catalog and w.importer.catalog is w.catalog
    assert not w.session.undo_stack.canUndo() and not w.act_undo.isEnabled()
    assert w.windowTitle() == "Creditline — second.sqlite"
    assert w.source() == Source("all")
    assert w.model.ids() == other_ids and _headlines(w) == ["Harvest 1", "Harvest 2", "Harvest 3"]
    gallery_names = [w.sidebar.topLevelItem(i).child(j).text(0)
                     for i in range(w.sidebar.topLevelItemCount())
                     for j in range(w.sidebar.topLevelItem(i).childCount())]
    assert any("Harvest gallery" in t for t in gallery_names)
    assert not any("Flood gallery" in t for t in gallery_names)
    assert w.open_gallery(other_gal.id)
    qtbot.waitUntil(lambda: w.model.ids() == other_ids, timeout=5000)
    # The inspector reads the new catalog: selecting a photo shows its headline.
    w.select_ids([other_ids[1]])
    assert w.session.current_ids() == [other_ids[1]]
    qtbot.waitUntil(lambda: w.inspector.editors["headline"].text() == "Harvest 2", timeout=5000)
    assert settings.value(LAST_CATALOG_KEY) == str(path.resolve())
    assert w.recent_catalogs()[0] == str(path.resolve())
    # Edits now land in the new catalog only.
    w.session.edit_fields({other_ids[0]: {"headline": "Harvest, corrected"}}, "Edit headline")
    assert w.catalog.item(other_ids[0]).fields["headline"] == "Harvest, corrected"
    assert catalog.item(1).fields["headline"] == "Edited in the first"  # (the fixture reopens its file)


def test_new_catalog_is_created_empty(qtbot, catalog, settings, tmp_path):
    _seed(catalog, 4, "Flood")
    w = _window(qtbot, catalog, settings)
    path = tmp_path / "fresh.sqlite"
    assert w.switch_catalog(str(path), create=True)
    assert path.is_file()
    assert w.model.rowCount() == 0 and w.empty_hint.isVisibleTo(w)
    assert w.windowTitle() == "Creditline — fresh.sqlite"
    assert w.catalog.count_items() == 0
    assert w.statusBar().currentMessage() == f"Created catalog {path}"


@pytest.mark.parametrize("kind", ["not-a-catalog", "missing", "damaged"])
def test_bad_file_keeps_the_old_catalog(qtbot, catalog, settings, tmp_path, kind):
    ids, _ = _seed(catalog, 4, "Flood")
    w = _window(qtbot, catalog, settings)
    bad = tmp_path / "notes.sqlite"
    if kind == "not-a-catalog":
        bad.write_text("these are my notes, not a catalog\n" * 50)
    if kind == "damaged":  # pages 2 to 11 overwritten, as the walk did
        with Catalog.open(bad) as other:
            _seed(other, 40, "Harvest")
        data = bytearray(bad.read_bytes())
        data[4096:4096 * 11] = b"Z" * (4096 * 10)
        bad.write_bytes(bytes(data))
    assert not w.switch_catalog(str(bad), create=False)
    assert w.catalog is catalog and w.session.catalog is catalog
    assert w.model.ids() == ids and w.windowTitle().endswith(catalog.path.name)
    assert w.last_error is not None and w.last_error.startswith("Cannot open the catalog")
    assert str(bad) in w.last_error and "\n" not in w.last_error.split(": ", 1)[1]
    assert w.last_error.count(f"{bad}: ") == 1  # named once (a damaged one read "PATH: PATH: the catalog is…")
    assert catalog.count_items() == 4  # still open and usable
    assert settings.value(LAST_CATALOG_KEY) is None
    if kind == "not-a-catalog":
        assert bad.read_text().startswith("these are my notes")  # untouched


def test_switch_waits_for_consent_while_a_task_runs(qtbot, catalog, settings, tmp_path, monkeypatch):
    _seed(catalog, 2, "Flood")
    path, other_ids, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    release = threading.Event()

    def long_write(ctx):
        while not ctx.cancelled and not release.is_set():
            release.wait(0.02)
        return "cancelled" if ctx.cancelled else "done"

    asked = []
    monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: asked.append(names) or False)
    w.runner.submit(long_write, name="Writing metadata", show_progress=True)
    try:
        assert not w.switch_catalog(str(path))
        assert asked == [["Writing metadata"]]
        assert w.catalog is catalog and "still running" in w.statusBar().currentMessage()
        monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)
        with qtbot.waitSignal(w.catalog_switched, timeout=5000):
            assert w.switch_catalog(str(path))  # the task is cancelled; the switch follows when it ends
        assert w.model.ids() == other_ids
    finally:
        release.set()
        w.runner.wait(5000)


def test_settings_dialog_request_switches_and_closes_the_dialog(qtbot, catalog, settings, tmp_path):
    path, other_ids, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    w.act_settings.trigger()
    dlg = w.open_dialog
    assert dlg.isVisible()
    dlg.catalog_requested.emit(str(path), False)
    assert w.catalog.path == path.resolve() and w.model.ids() == other_ids
    assert not dlg.isVisible()


def test_file_menu_has_catalog_actions_and_recent_list(qtbot, catalog, settings, tmp_path):
    path, _, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    assert w.act_open_catalog.shortcut().toString() == "Ctrl+O"
    assert w.act_new_catalog.shortcut().toString() == "Ctrl+Shift+N"
    file_menu = w.menuBar().actions()[0].menu()
    assert {w.act_open_catalog, w.act_new_catalog, w.recent_menu.menuAction()} <= set(file_menu.actions())
    first = str(catalog.path.resolve())
    assert w.switch_catalog(str(path))
    # A background check of the shown items may be winding down first: the switch ends after it.
    qtbot.waitUntil(lambda: not w.stopping() and w.catalog.path == path.resolve(), timeout=10000)
    w._fill_recent_menu()
    assert [a.text() for a in w.recent_menu.actions()] == [first]  # the open one is not offered
    w.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: not w.stopping() and str(w.catalog.path) == first, timeout=10000)


def test_remembered_catalog_opens_at_next_start(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("CREDITLINE_CATALOG", raising=False)
    remembered = tmp_path / "remembered.sqlite"
    Catalog.open(remembered).close()
    assert startup_catalog(None, settings) == (None, "")  # nothing remembered: the default
    settings.setValue(LAST_CATALOG_KEY, str(remembered))
    assert startup_catalog(None, settings) == (remembered, "")
    explicit = tmp_path / "explicit.sqlite"
    assert startup_catalog(str(explicit), settings) == (explicit, "")  # --catalog wins
    monkeypatch.setenv("CREDITLINE_CATALOG", str(explicit))
    assert startup_catalog(None, settings) == (None, "")  # so does the variable (Catalog.open reads it)
    monkeypatch.delenv("CREDITLINE_CATALOG")
    remembered.unlink()
    path, note = startup_catalog(None, settings)
    assert path is None and str(remembered) in note and "no longer there" in note
    assert settings.value(LAST_CATALOG_KEY) is None


def test_switch_is_remembered_for_the_next_window(qtbot, catalog, settings, tmp_path, monkeypatch):
    monkeypatch.delenv("CREDITLINE_CATALOG", raising=False)
    path, _, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    assert w.switch_catalog(str(path))
    w.close()
    assert startup_catalog(None, settings) == (path.resolve(), "")


# --- gallery undo -------------------------------------------------------------------------------

def _gallery_window(qtbot, catalog, settings, n=6):
    ids, gal = _seed(catalog, n, "Flood")
    w = _window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: w.grid_model.gallery_id == gal.id and w.table_model.gallery_id == gal.id
                    and w.model.ids() == ids, timeout=5000)
    return w, ids, gal


def test_remove_from_gallery_is_one_undo_step(qtbot, catalog, settings):
    w, ids, gal = _gallery_window(qtbot, catalog, settings)
    w.select_ids([ids[1], ids[3], ids[5]])  # not contiguous, and the last one
    w.view.setFocus()
    QTest.keyClick(w.view, Qt.Key.Key_Delete)
    assert catalog.gallery_item_ids(gal.id) == [ids[0], ids[2], ids[4]]
    assert "Remove 3 Photos from Gallery" in w.act_undo.text()
    w.act_undo.trigger()
    assert catalog.gallery_item_ids(gal.id) == ids  # every photo back at its old position
    positions = [it.position for it in catalog.items(ids, gallery=gal.id)]
    assert positions == [1, 2, 3, 4, 5, 6]
    qtbot.waitUntil(lambda: w.model.ids() == ids, timeout=5000)
    w.act_redo.trigger()
    assert catalog.gallery_item_ids(gal.id) == [ids[0], ids[2], ids[4]]
    qtbot.waitUntil(lambda: w.model.ids() == [ids[0], ids[2], ids[4]], timeout=5000)
    assert catalog.count_items() == 6


def test_drag_reorder_is_undoable(qtbot, catalog, settings):
    w, ids, gal = _gallery_window(qtbot, catalog, settings)
    assert w.grid_model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 5)
    moved = [ids[2], ids[3], ids[4], ids[0], ids[1], ids[5]]
    assert catalog.gallery_item_ids(gal.id) == moved
    assert w.act_undo.isEnabled() and "Reorder Gallery" in w.act_undo.text()
    w.act_undo.trigger()
    assert catalog.gallery_item_ids(gal.id) == ids
    qtbot.waitUntil(lambda: w.grid_model.ids() == ids and w.table_model.ids() == ids, timeout=5000)
    w.act_redo.trigger()
    assert catalog.gallery_item_ids(gal.id) == moved


def test_undo_after_the_gallery_is_deleted_does_not_crash(qtbot, catalog, settings):
    w, ids, gal = _gallery_window(qtbot, catalog, settings)
    w.select_ids([ids[0]])
    w.remove_from_gallery()
    catalog.delete_gallery(gal.id)
    messages = []
    w.session.undo_failed.connect(messages.append)
    w.act_undo.trigger()
    assert messages and "Remove 1 Photo from Gallery" in messages[0]
    assert w.statusBar().currentMessage().startswith("Could not undo Remove 1 Photo from Gallery")
    assert catalog.count_items() == 6


# --- header sort --------------------------------------------------------------------------------

def test_gallery_headers_do_not_sort_library_headers_do(qtbot, catalog, settings):
    from ui.models import COLUMN_INDEX

    w, ids, gal = _gallery_window(qtbot, catalog, settings)
    catalog.set_fields(ids[0], {"source": "Zenith Images"})  # sorting by agency would move it last
    w.set_view_mode(TABLE)
    header = w.table.horizontalHeader()
    col = COLUMN_INDEX["agency"]

    def click_agency():
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    assert not header.sectionsClickable() and not header.isSortIndicatorShown()
    click_agency()
    qtbot.wait(100)
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=5000)
    assert not header.isSortIndicatorShown() and w.model.ids() == ids
    w.sidebar.select_source(Source("all"))
    qtbot.waitUntil(lambda: w.model.gallery_id is None and not w.runner.active(), timeout=5000)
    assert header.sectionsClickable()
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        click_agency()
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == col
    assert w.model.ids()[-1] == ids[0]
    w.sidebar.select_source(Source("gallery", gal.id))
    assert not header.isSortIndicatorShown() and not header.sectionsClickable()
    qtbot.waitUntil(lambda: w.model.gallery_id == gal.id and not w.runner.active(), timeout=5000)
    assert w.model.ids() == ids


def test_drop_onto_sidebar_gallery_is_undoable(qtbot, catalog, settings):
    w, ids, gal = _gallery_window(qtbot, catalog, settings, n=3)
    extra = [catalog.add_caption_item({"headline": f"Extra {i}"}) for i in range(2)]
    w.sidebar.select_source(Source("all"))
    qtbot.waitUntil(lambda: w.model.gallery_id is None and len(w.model.ids()) == 5, timeout=5000)
    w.sidebar.add_to_gallery(gal.id, [ids[0], *extra])  # what a drop onto the gallery entry does
    assert catalog.gallery_item_ids(gal.id) == ids + extra
    assert "Add 2 Photos to Gallery" in w.act_undo.text()
    w.act_undo.trigger()
    assert catalog.gallery_item_ids(gal.id) == ids
    qtbot.waitUntil(lambda: w.sidebar.gallery_entry(gal.id).text(1).startswith("3"), timeout=5000)
    w.act_redo.trigger()
    assert catalog.gallery_item_ids(gal.id) == ids + extra
    w.sidebar.add_to_gallery(gal.id, [ids[1]])  # already there: no undo step for nothing
    assert "Add 2 Photos to Gallery" in w.act_undo.text()


def test_findings_rechecked_in_the_background_reach_the_findings_panel(qtbot, catalog, settings, tmp_path):
    """The walk: a catalog of an older Creditline (its findings stale after the upgrade), opened
    with File > Open Catalog, showed "No findings" beside photos the background check had just
    marked with warnings; clicking another view and back filled the panel."""
    path = tmp_path / "other" / "stale.sqlite"
    path.parent.mkdir()
    with Catalog.open(path) as cat:
        ids = [cat.add_caption_item({"caption": f"Fans cheer in Lisbon, day {i}."}) for i in (1, 2)]
        cat.mark_findings_stale()
        assert cat.stale_item_ids() == ids and not any(cat.findings(ids).values())
    w = _window(qtbot, catalog, settings)
    assert w.switch_catalog(str(path), create=False)
    qtbot.waitUntil(lambda: not w.catalog.stale_item_ids(), timeout=10000)
    stored = sum(len(f) for f in w.catalog.findings(ids).values())
    assert stored  # no credit, no date: the rules find something
    qtbot.waitUntil(lambda: w.findings_panel.model.rowCount() == stored, timeout=5000)


def test_the_title_tells_the_demo_catalog_from_the_default_one(tmp_path, monkeypatch):
    """The walk: `make run` opened the demo's catalog.sqlite, titled "Creditline — catalog.sqlite"
    as the default catalog is; the gallery made there was not in `creditline galleries`."""
    from ui.main_window import catalog_title  # noqa: PLC0415

    monkeypatch.setenv("CREDITLINE_CATALOG", str(tmp_path / "catalog.sqlite"))
    assert catalog_title(tmp_path / "catalog.sqlite") == "Creditline — catalog.sqlite"
    assert catalog_title(tmp_path / "demo" / "catalog.sqlite") == "Creditline — demo/catalog.sqlite"
    assert catalog_title(tmp_path / "other" / "second.sqlite") == "Creditline — second.sqlite"


def test_a_failure_no_code_caught_is_said_in_the_status_bar(qtbot, catalog, settings, monkeypatch):
    """An action that fails where nothing catches it (a gallery change on a full disk, say)
    used to leave only a traceback on a terminal the editor never sees."""
    import sqlite3  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from ui.app import report_failures_in  # noqa: PLC0415

    printed: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: printed.append(exc))
    w = _window(qtbot, catalog, settings)
    report_failures_in(w)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite sets it
    sys.excepthook(type(full), full, None)
    assert printed == [full]  # the details still go where they went
    message = w.statusBar().currentMessage()
    assert message.startswith("Not done: the disk is full (") and message.endswith("(details on stderr)")
    sys.excepthook(KeyError, KeyError("gallery 7"), None)
    assert w.statusBar().currentMessage() == "Not done: KeyError: 'gallery 7' (details on stderr)"


def test_the_app_collects_garbage_only_on_the_ui_thread(qtbot):
    """A collection running in a pool thread freed Qt objects there and crashed a test run (a
    segfault 'Garbage-collecting' in a save task): the app collects on a UI-thread timer."""
    import gc  # noqa: PLC0415

    from ui.app import _UiThreadCollector, tune_gc  # noqa: PLC0415

    thresholds, main, enabled = gc.get_threshold(), threading.get_ident(), gc.isenabled()
    seen: list[int] = []

    def callback(phase: str, _info: dict) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.enable()  # as in a process that has not tuned it (the suite's Qt tests run with it off)
    tune_gc()
    gc.callbacks.append(callback)
    try:
        assert not gc.isenabled()

        def make_cycles() -> None:
            for _ in range(20000):  # far past the young generation's threshold
                a: list = []
                a.append(a)

        worker = threading.Thread(target=make_cycles)
        worker.start()
        worker.join()
        assert seen == []  # nothing collected in the thread that allocated
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        assert set(seen) == {main}
    finally:
        gc.callbacks.remove(callback)
        if _UiThreadCollector._timer is not None:
            _UiThreadCollector._timer.stop()
            _UiThreadCollector._timer = None
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
