"""The main window end to end (offscreen): menus, galleries, filter, import, keyboard, settings."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from app.model import GalleryStatus  # noqa: E402
from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.main_window import GRID, IMPORT_ERRORS, TABLE  # noqa: E402
from ui.models import ids_mime  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _seed(cat, n=8):
    ids = [cat.add_caption_item({"headline": f"Flood photo {i}", "caption": f"Water rises in Lisbon, day {i}.",
                                 "source": "Harbour Wire" if i % 2 else "Northfield Press",
                                 "creators": [f"Ana Costa {i % 3}"]})
           for i in range(1, n + 1)]
    gal = cat.create_gallery("Floods")
    cat.add_to_gallery(gal.id, ids[:5])
    return ids, gal


def _wait_idle(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=timeout)


def test_every_menu_action_and_key_shortcuts(qtbot, catalog, settings):
    _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    menus = {a.text().replace("&", ""): a.menu() for a in w.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Gallery", "Mark", "Help"]

    def shortcut(action):
        return action.shortcut().toString()

    assert shortcut(w.act_import) == "Ctrl+I"
    assert shortcut(w.act_find) == "Ctrl+F"
    assert shortcut(w.act_export) == "Ctrl+E"
    assert shortcut(w.act_remove) == "Del"
    assert shortcut(w.act_next) == "J" and shortcut(w.act_prev) == "K"
    assert shortcut(w.act_edit_caption) == "Return"
    assert shortcut(w.act_undo) == "Ctrl+Z"
    in_menus = {a for m in menus.values() for a in m.actions()}
    for m in menus.values():
        for a in m.actions():
            if a.menu():
                in_menus |= set(a.menu().actions())
    for act in (w.act_import, w.act_export, w.act_write, w.act_settings, w.act_templates, w.act_undo,
                w.act_redo, w.act_about, w.act_remove, w.act_edit_caption, w.act_next, w.act_prev):
        assert act in in_menus
    # The dialogs other engineers own are wired once the panels are built.
    assert w.act_settings.isEnabled() and w.act_templates.isEnabled() and w.act_export.isEnabled()
    # The plain-key actions must not fire while typing in the filter box.
    fired = []
    w.act_next.triggered.connect(lambda: fired.append("J"))
    w.filter_bar.search.setFocus()
    QTest.keyClicks(w.filter_bar.search, "jj")
    assert fired == [] and w.filter_bar.search.text() == "jj"


def test_gallery_crud_through_sidebar(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    sb = w.sidebar
    g2 = sb.create_gallery("Wildfires")
    assert sb.current_source() == Source("gallery", g2.id)
    assert [g.name for g in catalog.galleries()] == ["Floods", "Wildfires"]
    sb.rename_gallery(g2.id, "Wildfires, day 2")
    assert catalog.gallery(g2.id).name == "Wildfires, day 2"
    assert sb.gallery_entry(g2.id).text(0) == "Wildfires, day 2"
    dup = sb.duplicate_gallery(gal.id, "Floods copy")
    assert catalog.gallery_item_ids(dup.id) == catalog.gallery_item_ids(gal.id) == ids[:5]
    sb.set_status(gal.id, GalleryStatus.READY)
    assert catalog.gallery(gal.id).status == GalleryStatus.READY
    sb.delete_gallery(dup.id)
    assert [g.name for g in catalog.galleries()] == ["Floods", "Wildfires, day 2"]
    assert sb.gallery_entry(dup.id) is None
    assert catalog.count_items() == 8  # deleting a gallery keeps its photos
    # A clash is refused with a message, not a traceback.
    with pytest.raises(ValueError):
        sb.create_gallery("Floods")


def test_drop_photos_onto_gallery_in_sidebar(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("all"))
    _wait_idle(qtbot, w)
    data = w.model.mimeData([w.model.index(6, 0), w.model.index(7, 0)])  # what a drag carries
    sb = w.sidebar
    pos = sb.visualItemRect(sb.gallery_entry(gal.id)).center()
    event = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    sb.dropEvent(event)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction  # source keeps its rows
    assert catalog.gallery_item_ids(gal.id) == ids[:5] + [ids[6], ids[7]]
    assert sb.gallery_entry(gal.id).text(1).startswith("7")
    # Dropped on "All photos" (not a gallery): refused, nothing changes.
    lib = sb.visualItemRect(sb._library_items["all"]).center()
    event = QDropEvent(QPointF(lib), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    sb.dropEvent(event)
    assert not event.isAccepted()
    assert len(catalog.gallery_item_ids(gal.id)) == 7


def test_filter_updates_view(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("all"))
    _wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: w.model.rowCount() == 8)
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        QTest.keyClicks(w.filter_bar.search, "day 3")
    assert w.model.ids() == [ids[2]]
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        w.filter_bar.search.clear()
    assert w.model.rowCount() == 8
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        w.filter_bar.agency.setEditText("Northfield")
        w.filter_bar.agency.lineEdit().editingFinished.emit()
    assert w.model.ids() == [ids[1], ids[3], ids[5], ids[7]]
    # In a gallery the filter narrows the gallery and reordering is off while filtered.
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        w.sidebar.select_source(Source("gallery", gal.id))
    assert w.model.ids() == [ids[1], ids[3]]
    assert not w.model.reorderable


def test_import_keeps_event_loop_running_and_reports_failures(qtbot, catalog, settings, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    # Enough photos that the import takes a measurable time on a fast machine.
    for i in range(40):
        make_photo(folder / f"photo{i}.jpg", fields={"caption": f"Rescue boat number {i} in Porto.",
                                                     "credit_line": "Harbour Wire"})
    (folder / "broken.jpg").write_bytes(b"<html>502 Bad Gateway</html>")
    _, gal = _seed(catalog, 2)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    w.import_paths([str(folder)])
    assert w.cancel_button.isVisibleTo(w)  # progress and Cancel in the status bar
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    timer.stop()
    elapsed = time.monotonic() - started
    # The UI thread kept ticking: a blocked loop delivers one coalesced tick at the end, not one per 20 ms.
    # A machine loaded to 3-4 on 2 cores gave the loop 6 ticks in 0.47 s (30 % asked 7): ask for 15 %,
    # still at least two, which a blocked loop cannot give; the gap test below is the strict one.
    assert len(ticks) >= max(2, int(elapsed / 0.02 * 0.15)), (len(ticks), elapsed)
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert not gaps or max(gaps) < 1.0
    summary = w.last_import
    assert summary.added == 40 and summary.failed == 1
    assert summary.failures[0][0].endswith("broken.jpg") and summary.failures[0][1]
    dlg = w.import_summary_dialog
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text().endswith("broken.jpg")
    _wait_idle(qtbot, w)
    assert w.model.rowCount() == 2 + 40  # imported into the gallery that was shown
    assert not w.cancel_button.isVisibleTo(w)
    assert w.last_error is None


def test_dropping_files_on_the_view_imports_them(qtbot, catalog, settings, tmp_path):
    p = make_photo(tmp_path / "dropped.jpg", fields={"caption": "Dropped in."})
    w = open_window(qtbot, catalog, settings, as_started=True)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p))])
    assert w.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    _wait_idle(qtbot, w)
    assert catalog.count_items() == 1
    assert w.model.rowCount() == 1


def test_keyboard_moves_and_delete_removes_from_gallery_only(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    w.view.setFocus()
    w.move_current(0)
    assert w.selected_ids() == [ids[0]]
    QTest.keyClick(w.view, Qt.Key.Key_J)
    QTest.keyClick(w.view, Qt.Key.Key_J)
    assert w.selected_ids() == [ids[2]]
    QTest.keyClick(w.view, Qt.Key.Key_K)
    assert w.selected_ids() == [ids[1]]
    if w.session is not None:
        assert w.session.current_ids() == [ids[1]]
    QTest.keyClick(w.view, Qt.Key.Key_Delete)
    assert catalog.gallery_item_ids(gal.id) == [ids[0], ids[2], ids[3], ids[4]]
    assert catalog.count_items() == 8  # still in the library
    assert w.model.ids() == [ids[0], ids[2], ids[3], ids[4]]
    assert w.selected_ids() == [ids[2]]  # the next photo takes the place


@pytest.mark.parametrize("mode", [GRID, TABLE])
def test_selected_ids_come_from_the_selection_ranges(qtbot, catalog, settings, mode):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.set_view_mode(mode)
    _wait_idle(qtbot, w)
    w.select_all()
    assert w.selected_ids() == w.model.ids() and sorted(w.selected_ids()) == sorted(ids)
    assert f"{len(ids)} selected" in w.count_label.text()
    picked = [w.model.ids()[i] for i in (5, 1, 6)]  # three rows in two ranges, in view order
    w.select_ids(picked)
    assert w.selected_ids() == [w.model.ids()[i] for i in (1, 5, 6)]
    assert "3 selected" in w.count_label.text()


def test_enter_puts_cursor_in_caption(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    assert hasattr(w.inspector, "editors")  # the real inspector replaced the stand-in
    w.view.setFocus()
    w.move_current(0)
    QTest.keyClick(w.view, Qt.Key.Key_Return)
    caption_editor = w.inspector.editors["caption"]
    qtbot.waitUntil(lambda: caption_editor.isAncestorOf(w.focusWidget()) if w.focusWidget() else False)


def test_settings_restore_view_mode_gallery_columns_and_docks(qtbot, catalog, settings):
    _, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    w.set_view_mode(TABLE)
    w.table.horizontalHeader().resizeSection(2, 333)  # headline column
    w.findings_dock.hide()
    w.splitter.setSizes([250, 700, 450])
    saved_split = w.splitter.saveState()
    w.close()  # the background check of stale findings may still run: the close waits for it
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
    assert settings.value("window/splitter") == saved_split
    w2 = open_window(qtbot, catalog, settings, as_started=True)
    assert w2.source() == Source("gallery", gal.id)
    assert w2.stack.currentIndex() == TABLE and w2.act_table.isChecked()
    assert w2.table.horizontalHeader().sectionSize(2) == 333
    assert not w2.findings_dock.isVisible()
    # (Splitter sizes themselves are squeezed by the 800 px offscreen screen, so not compared.)
    w2.sidebar.select_source(Source("import_errors"))
    assert w2.stack.currentIndex() == IMPORT_ERRORS
    w2.set_view_mode(GRID)
    w2.sidebar.select_source(Source("all"))
    assert w2.stack.currentIndex() == GRID


def test_task_error_is_shown_not_swallowed(qtbot, catalog, settings):
    w = open_window(qtbot, catalog, settings, as_started=True)

    def fails(ctx):
        raise OSError("catalog disk unplugged")

    w.runner.submit(fails, name="Writing metadata")
    qtbot.waitUntil(lambda: w.last_error is not None, timeout=5000)
    assert w.last_error == "Writing metadata failed: OSError: catalog disk unplugged"
    assert "catalog disk unplugged" in w.statusBar().currentMessage()


def test_bad_search_syntax_is_a_message(qtbot, catalog, settings):
    _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.filter_bar.search.setText('"unbalanced AND (')
    _wait_idle(qtbot, w)
    qtbot.wait(100)
    _wait_idle(qtbot, w)
    assert w.last_error is None  # no error dialog for a typo


def test_model_drag_to_sidebar_mime_is_ids(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("all"))
    _wait_idle(qtbot, w)
    data = w.model.mimeData([w.model.index(6, 0)])
    assert bytes(data.data("application/x-creditline-item-ids").data()) == bytes(
        ids_mime([ids[6]]).data("application/x-creditline-item-ids").data())


def test_table_header_sort_in_library_not_in_gallery(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.set_view_mode(TABLE)
    w.sidebar.select_source(Source("all"))
    _wait_idle(qtbot, w)
    from ui.models import COLUMN_INDEX

    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        w.table.sortByColumn(COLUMN_INDEX["agency"], Qt.SortOrder.AscendingOrder)
    agencies = [w.model.item_at(r).fields["source"] for r in range(w.model.rowCount())]
    assert agencies == sorted(agencies) and agencies[0] == "Harbour Wire"
    with qtbot.waitSignal(w.ids_applied, timeout=5000):
        w.sidebar.select_source(Source("gallery", gal.id))
    assert w.model.ids() == ids[:5]  # a gallery keeps its editorial order


def test_edit_undo_redo_through_the_session(qtbot, catalog, settings):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    assert not w.act_undo.isEnabled()
    w.session.edit_fields({ids[0]: {"headline": "Corrected headline"}}, "Edit headline")
    assert catalog.item(ids[0]).fields["headline"] == "Corrected headline"
    assert w.act_undo.isEnabled() and "Edit headline" in w.act_undo.text()
    qtbot.waitUntil(lambda: w.model.item_at(0).fields["headline"] == "Corrected headline")  # view refreshed
    w.act_undo.trigger()
    assert catalog.item(ids[0]).fields["headline"] == "Flood photo 1"
    assert w.act_redo.isEnabled()
    w.act_redo.trigger()
    assert catalog.item(ids[0]).fields["headline"] == "Corrected headline"


@pytest.mark.parametrize("action", ["act_export", "act_templates", "act_settings", "act_about"])
def test_dialogs_open_from_the_menus(qtbot, catalog, settings, action):
    _, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    if action == "act_about":
        from app import __version__
        from ui.about import AboutDialog, about_text
        assert __version__ in about_text()
        QTimer.singleShot(200, lambda: [d.reject() for d in w.findChildren(AboutDialog)])
        w.act_about.trigger()  # modal; closed by the timer
        return
    getattr(w, action).trigger()
    dlg = w.open_dialog
    assert dlg.isVisible() and dlg.parent() is w
    dlg.reject()


def test_status_bar_counts_errors_and_warnings_of_the_view(qtbot, catalog, settings):
    from app import validation
    from app.catalog import CheckRecord
    from app.model import Finding, Severity

    ids, gal = _seed(catalog)
    # Every item's findings are stored (none stale), those of the gallery recorded as made for
    # what it is for (as its check or its view would record them), so the window shows these,
    # not a fresh check.
    found = {i: [] for i in ids} | {
        ids[0]: [Finding("missing-credit", Severity.ERROR, "caption", "no credit")],
        ids[1]: [Finding("doubled-word", Severity.WARNING, "caption", "doubled word")],
        ids[6]: [Finding("missing-credit", Severity.ERROR, "caption", "no credit")]}
    fp = validation.check_fingerprint(catalog, gallery=validation.gallery_purpose(gal))
    catalog.store_findings(found, checks={i: CheckRecord(fp, None, "[]", validation.findings_json(found[i]))
                                          for i in ids[:5]})
    w = open_window(qtbot, catalog, settings, as_started=True)
    _wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: "with errors" in w.count_label.text(), timeout=10000)
    assert "8 caption-only items · 2 with errors · 1 with warnings" in w.count_label.text()
    w.sidebar.select_source(Source("gallery", gal.id))  # the gallery holds the first five only
    _wait_idle(qtbot, w)
    # In a gallery the window runs the gallery rules too, as `check --gallery` does: the
    # photographers "Ana Costa 0/1/2" read as spellings of one name (name-variant warnings).
    varied = {i for i, fs in catalog.findings(ids[:5]).items() if any(f.rule == "name-variant" for f in fs)}
    assert varied
    warned = len((varied | {ids[1]}) - {ids[0]})  # ids[0] has an error: counted there
    qtbot.waitUntil(lambda: w.count_label.text() == f"5 caption-only items · 1 with errors · {warned} with warnings",
                    timeout=10000)


def test_stale_findings_of_what_is_shown_are_rechecked_in_the_background(qtbot, catalog, settings):
    from app import validation  # noqa: PLC0415

    # unknown-agency warns only when a name looks like a misspelt registered one ("Washington
    # Posts"; an unknown paper alone is information), and the counts show warnings
    staff = "Fans cheer in Boston, Monday, June 7, 2021. (Greg Roe/Washington Posts)"
    ids = [catalog.add_caption_item({"caption": staff, "creators": ["Greg Roe"], "city": "Boston"})
           for _ in range(3)]
    w = open_window(qtbot, catalog, settings, as_started=True)
    qtbot.waitUntil(lambda: not catalog.stale_item_ids(), timeout=20000)  # new items: checked once shown
    assert {f.rule for fs in catalog.findings(ids).values() for f in fs} == {"unknown-agency"}
    _wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: "3 with warnings" in w.count_label.text(), timeout=10000)
    # The paper becomes one of the catalog's agencies (as `creditline agencies add` does it):
    # every finding is stale, and the photos shown are checked again without blocking the window.
    validation.change_setting(catalog, "house_agencies", [{"name": "Washington Posts"}])
    assert catalog.stale_item_ids() == ids
    ticks = []
    timer = QTimer(w)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    w.reload()
    qtbot.waitUntil(lambda: not catalog.stale_item_ids(), timeout=20000)
    _wait_idle(qtbot, w)
    timer.stop()
    assert ticks  # the event loop ran while the items were checked
    assert not any(catalog.findings(ids).values())
    qtbot.waitUntil(lambda: "0 with warnings" in w.count_label.text(), timeout=10000)  # the counts followed


def test_a_gallery_shows_the_gallery_rules_and_an_edit_moves_them(qtbot, catalog, settings):
    """The window runs the gallery rules (name-variant) after its item checks, so it shows what
    `creditline check --gallery` finds (the walk: the app showed 29 warnings, check 31), and a
    caption edit that changes which spelling is the common one moves the warning."""
    from app import rules, validation  # noqa: PLC0415

    captions = ["Police stand guard in Lyon, France, June 3, 2026. REUTERS/Vadim Ghirda",
                "A man walks in Lyon, France, June 4, 2026. REUTERS/Vadim Ghirda",
                "Fans cheer in Lyon, France, June 3, 2026. REUTERS/Vadim Girda"]
    gal = catalog.create_gallery("Lyon")
    ids = catalog.add_caption_items([{"caption": t} for t in captions], gal.id)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))

    def as_check_finds() -> bool:
        oracle = rules.check_gallery(catalog.items(ids), w.session.rule_context())
        return not catalog.stale_item_ids() and catalog.findings(ids) == oracle

    def varied() -> list[int]:
        return [i for i, fs in catalog.findings(ids).items() if any(f.rule == "name-variant" for f in fs)]

    qtbot.waitUntil(as_check_finds, timeout=20000)
    assert varied() == [ids[2]]
    w.session.edit_fields({ids[1]: {"caption": captions[1].replace("Ghirda", "Girda")}}, "Edit caption")
    qtbot.waitUntil(lambda: varied() == [ids[0]], timeout=20000)  # Girda is now the common spelling
    qtbot.waitUntil(as_check_finds, timeout=20000)
    _wait_idle(qtbot, w)
    assert validation.check_gallery(catalog, "Lyon").findings == catalog.findings(ids)


def test_a_gallery_count_follows_an_import_batch_by_batch(qtbot, catalog, settings):
    """An import into a gallery adds to it batch by batch: its sidebar count follows (the walk saw
    67 beside a view of 467 until the import ended), and the entry is updated, not rebuilt."""
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    entry = w.sidebar.gallery_entry(gal.id)
    assert entry.text(1).startswith("5 ")
    catalog.add_to_gallery(gal.id, ids[5:])  # a batch lands (as the importer stores it)
    w._counts_at = 0.0
    w._batch_landed()
    qtbot.waitUntil(lambda: entry.text(1).startswith("8 "), timeout=10000)
    assert w.sidebar.gallery_entry(gal.id) is entry  # the same entry: selection and scroll stay
    assert "8 photos" in entry.toolTip(0)
    assert w.sidebar.current_source() == Source("gallery", gal.id)


def test_an_edit_the_full_disk_refuses_is_said_in_the_status_bar_until_it_goes_in(qtbot, catalog, settings):
    """Walk 7: typed on a full disk, the edit vanished with a traceback on stderr. SQLite's page
    limit is the full disk for the window's connection."""
    ids, _gal = _seed(catalog, 2)
    w = open_window(qtbot, catalog, settings, as_started=True)
    _wait_idle(qtbot, w)
    w.select_ids([ids[0]])
    qtbot.waitUntil(lambda: w.inspector.editors["caption"].editor.toPlainText().startswith("Water"), timeout=5000)
    conn = catalog.db.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    editor = w.inspector.editors["caption"].editor
    editor.setFocus()
    QTest.keyClicks(editor, " Firefighters worked through the night." * 60)
    w.inspector.editors["caption"].flush()
    assert w.statusBar().currentMessage().startswith("Not saved: Edit Caption: the disk is full (")
    assert catalog.item(ids[0]).fields["caption"] == "Water rises in Lisbon, day 1."
    conn.execute("PRAGMA max_page_count = 1073741823")
    w.inspector.editors["caption"].flush()  # room again: the typing goes in, the warning goes
    assert "Firefighters worked" in catalog.item(ids[0]).fields["caption"]
    assert w.statusBar().currentMessage() == ""


def test_a_library_too_big_to_list_says_to_select_photos_instead_of_a_blank_findings_panel(
        qtbot, catalog, settings):
    """Walk 7: 520 photos, '53 with errors' in the status bar and a findings panel with nothing
    in it, not even its counts line: it read as 'no findings'."""
    with catalog.batch():
        ids = [catalog.add_caption_item({"headline": f"Photo {i}", "caption": ""}) for i in range(510)]
    w = open_window(qtbot, catalog, settings, as_started=True)
    _wait_idle(qtbot, w)
    panel = w.findings_panel
    w.select_ids([])
    qtbot.waitUntil(lambda: panel.counts.text().startswith("Select photos to see their findings (510 are"),
                    timeout=5000)
    assert panel.model.rowCount() == 0
    w.select_ids([ids[0]])  # one photo: its findings (no caption: an error)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=5000)
    assert "error" in panel.counts.text()


def test_the_keyboard_orders_a_gallery_alt_arrows_home_end_one_undo_step_each(qtbot, catalog, settings):
    """Walk 7: a 200-photo gallery could be ordered only by dragging; no menu named a key."""
    ids = [catalog.add_caption_item({"headline": f"Photo {i}"}) for i in range(6)]
    gal = catalog.create_gallery("Order")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    _wait_idle(qtbot, w)
    menu = {a.text().replace("&", ""): a.shortcut().toString() for a in w.gallery_menu.actions()}
    assert (menu["Move Earlier"], menu["Move Later"], menu["Move to Start"], menu["Move to End"]) == (
        "Alt+Left", "Alt+Right", "Alt+Home", "Alt+End")
    a, b, c, d, e, f = ids
    w.select_ids([c])
    w.grid.setFocus()
    QTest.keyClick(w.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert catalog.gallery_item_ids(gal.id) == [a, b, d, c, e, f]
    assert w.selected_ids() == [c] and w.grid_model.ids() == [a, b, d, c, e, f]
    QTest.keyClick(w.grid, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert catalog.gallery_item_ids(gal.id) == [c, a, b, d, e, f]
    QTest.keyClick(w.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # first already: nothing
    assert catalog.gallery_item_ids(gal.id) == [c, a, b, d, e, f]
    w.select_ids([a, e])  # two apart: they go together, in their order
    QTest.keyClick(w.grid, Qt.Key.Key_End, Qt.KeyboardModifier.AltModifier)
    assert catalog.gallery_item_ids(gal.id) == [c, b, d, f, a, e]
    w.act_undo.trigger()
    assert catalog.gallery_item_ids(gal.id) == [c, a, b, d, e, f]
    w.sidebar.select_source(Source("all"))
    _wait_idle(qtbot, w)
    assert not w.act_move_later.isEnabled()  # the library has no order to change


def test_a_first_start_fits_the_window_to_the_screen(qtbot, catalog, settings):
    """The window opened at a fixed 1440 x 900: on a 1024 x 700 screen it ran past the right
    edge, the inspector off screen and the photo count cut ('13 phot'). A first start takes the
    screen's free area (less a title bar) when it is smaller; a saved geometry still wins."""
    from PySide6.QtCore import QRect

    from ui.main_window import START_SIZE, start_size

    assert start_size(QRect(0, 0, 1024, 700)).toTuple() == (1024, 660)
    assert start_size(QRect(0, 0, 1366, 768)).toTuple() == (1366, 728)
    assert start_size(QRect(0, 0, 1920, 1080)).toTuple() == START_SIZE
    assert start_size(None).toTuple() == START_SIZE
    w = open_window(qtbot, catalog, settings, as_started=True)  # the offscreen screen: 800 x 800
    free = w.screen().availableGeometry()
    assert free.width() < START_SIZE[0]
    assert w.width() == max(free.width(), w.minimumSizeHint().width())  # no wider than it must be
    assert w.height() <= free.height()


def _rows_in_view(w):
    """(rows of thumbnails, rows of findings) the grid and the findings table have room for."""
    findings = w.findings_panel.view
    return (w.grid.viewport().height() / w.grid.gridSize().height(),
            findings.viewport().height() / findings.verticalHeader().defaultSectionSize())


def test_the_findings_dock_leaves_a_short_window_to_the_photos(qtbot, catalog, settings):
    """The findings dock opened at a fixed 225 px: in a 1024 x 660 window (a 1024 x 700 screen's
    first start) the photos got 287 px, one and a half rows of thumbnails, under a dock as tall
    as at 1440 x 860 (Xvfb 1024x700, left30/02.png). The dock takes a share of the window: the
    grid shows nearly two rows and the dock still three findings; at the design size five
    findings as before. A dock the user drags keeps its height at the next start."""
    _seed(catalog, 20)
    w = open_window(qtbot, catalog, settings, (1024, 660))
    thumbs, findings = _rows_in_view(w)
    assert thumbs >= 1.75 and findings >= 3, (thumbs, findings)
    assert w.findings_dock.height() < 0.3 * w.height()
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
    settings.clear()  # a first start on a large screen
    w = open_window(qtbot, catalog, settings, (1440, 860))
    thumbs, findings = _rows_in_view(w)
    assert thumbs >= 2.5 and findings >= 5, (thumbs, findings)
    # Dragged taller, then a new start: the user's height, not the share.
    w.resizeDocks([w.findings_dock], [320], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: w.findings_dock.height() == 320)
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
    w = open_window(qtbot, catalog, settings, (1440, 860))
    assert w.findings_dock.height() == 320


def test_a_file_name_past_the_panes_edge_loses_its_middle_not_its_end(qtbot, catalog, settings):
    """Left by an earlier walk (Xvfb 1024 x 700, the demo, /tmp/left31/06.png): the File name
    column (200 px) ran past the table pane's right edge, and a name that fitted the column was
    cut by the edge, "02-elowen-peniche-harbour.jp", its extension gone. The name is elided in
    the middle to the part of its cell that is shown; the tooltip has it whole."""
    from PySide6.QtGui import QColor

    from app.model import FileFacts, ReadResult
    from ui.models import COLUMN_INDEX

    name = "02-elowen-peniche-harbour-storm-day-two.jpg"
    facts = FileFacts(path=f"/wire/{name}", size=1_000_000, mtime_ns=1, content_hash="0" * 64, format="JPEG",
                      width=6000, height=4000)
    catalog.apply_read(ReadResult(facts=facts, fields={}), None)
    w = open_window(qtbot, catalog, settings, (1024, 660))
    w.set_view_mode(TABLE)
    qtbot.waitUntil(lambda: w.table.model().rowCount() == 1)
    table, file_col = w.table, COLUMN_INDEX["file"]
    table.horizontalHeader().resizeSection(file_col, table.fontMetrics().horizontalAdvance(name) + 40)
    index = table.model().index(0, file_col)
    cell, edge = table.visualRect(index), table.viewport().width()
    assert cell.left() < edge - 60 < edge < cell.right(), (cell, edge)  # the column runs past the edge
    assert name in index.data(Qt.ItemDataRole.ToolTipRole)
    table.clearSelection()
    image = table.viewport().grab().toImage()
    y0, y1 = cell.top() + 2, cell.bottom() - 2
    background = QColor(image.pixel(edge - 1, y0))

    def inked(x: int) -> bool:
        return any(QColor(image.pixel(x, y)) != background for y in range(y0, y1))
    # The text stops short of the edge (elided), it is not cut by it.
    assert not any(inked(x) for x in range(edge - 4, edge)), "the file name runs into the pane's edge"
    assert any(inked(x) for x in range(cell.left(), cell.left() + 30))  # its start is there


def test_the_table_keeps_the_file_name_readable_in_a_narrow_window(qtbot, catalog, settings):
    """At 1024 px the table's pane is about 430 px: the number, the picture, the status and a
    170 px Marks column (empty for most photos) filled it, and the file name began at its right
    edge, cut to a letter (Xvfb 1024x700, left30/07.png). The file name comes just after the
    status, the Marks beside it (narrower: its tooltip has the marks in words), and a name too
    long for its column keeps its end (the number and the extension) as well as its start."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from app.model import EmbeddedField, FileFacts, ReadResult
    from ui.models import COLUMN_INDEX

    name = "01-elowen-porto-flood.jpg"
    facts = FileFacts(path=f"/wire/{name}", size=1_000_000, mtime_ns=1, content_hash="0" * 64, format="JPEG",
                      width=6000, height=4000)
    fields = {"color_label": EmbeddedField("color_label", "Superior alt", "xmp", {"xmp": "Superior alt"}),
              "rating": EmbeddedField("rating", "5", "xmp", {"xmp": "5"})}
    catalog.apply_read(ReadResult(facts=facts, fields=fields), None)
    w = open_window(qtbot, catalog, settings, (1024, 660))
    w.set_view_mode(TABLE)
    qtbot.waitUntil(lambda: w.table.model().rowCount() == 1)
    table, file_col, marks_col = w.table, COLUMN_INDEX["file"], COLUMN_INDEX["marks"]
    index = table.model().index(0, file_col)
    assert index.data() == name
    cell = table.visualRect(index)
    needed = table.fontMetrics().horizontalAdvance(name) + 8  # the cell's margins
    assert cell.left() >= 0 and cell.left() + needed <= table.viewport().width(), (cell, table.viewport().width())
    assert cell.width() >= needed
    hh = table.horizontalHeader()
    assert hh.visualIndex(marks_col) == hh.visualIndex(file_col) + 1  # the picks still in view order
    marks = table.model().index(0, marks_col)
    assert marks.data(Qt.ItemDataRole.ToolTipRole) == "Superior alt · ★★★★★"  # what an elided cell hides
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(file_col).initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle


def _old_header_state(order: list[str], widths: dict[str, int]) -> object:
    """A table header's state as an older Creditline saved it: its columns (``order``, by name,
    in the logical order they had then) shown in that visual order, ``widths`` by name."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from ui.models import TABLE_COLUMNS

    logical = [c.name for c in TABLE_COLUMNS if c.name in order]  # columns are only ever appended
    table = QTableView()
    table.setModel(QStandardItemModel(1, len(logical)))
    hh = table.horizontalHeader()
    hh.setSectionsMovable(True)
    for visual, name in enumerate(order):
        hh.moveSection(hh.visualIndex(logical.index(name)), visual)
    for name, width in widths.items():
        hh.resizeSection(logical.index(name), width)
    return hh.saveState()


@pytest.mark.parametrize("saved_by", ["marks-beside-status", "before-marks"])
def test_a_saved_column_order_takes_the_columns_a_version_moved_or_added(qtbot, catalog, settings, saved_by):
    """Left by an earlier walk: the version that put the file name after the status (and the
    Marks after it, so a 1024 px table shows the name) changed nothing for anyone with a saved
    column order: their Marks kept its old place before the file name; a state saved before
    the Marks column existed showed it last, past the Agency. Restoring a saved state moves the
    columns moved or added since to their new places; the user's own moves and widths stay, and
    an order saved by this version is restored as it was (Qt restores a state of fewer columns,
    but a state saved after that was refused at the next start: the defaults came back)."""
    from ui.main_window import TABLE_HEADER_KEY
    from ui.models import COLUMN_INDEX

    rest = ["headline", "caption", "date", "location", "photographer", "credit", "agency"]
    user = ["agency", *rest[:-1]]  # the user moved the Agency before the headline
    order = (["position", "thumbnail", "status", "marks", "file", *user] if saved_by == "marks-beside-status"
             else ["position", "thumbnail", "status", "file", *user])
    settings.setValue(TABLE_HEADER_KEY, _old_header_state(order, {"caption": 500, "file": 260}))
    w = open_window(qtbot, catalog, settings)
    hh = w.table.horizontalHeader()

    def shown() -> list[str]:
        names = {i: name for name, i in COLUMN_INDEX.items()}
        return [names[hh.logicalIndex(v)] for v in range(hh.count())]
    assert shown() == ["position", "thumbnail", "status", "file", "marks", *user]
    assert hh.sectionSize(COLUMN_INDEX["caption"]) == 500 and hh.sectionSize(COLUMN_INDEX["file"]) == 260
    # Saved by this version: the user's order is theirs, Marks wherever they put it.
    hh.moveSection(hh.visualIndex(COLUMN_INDEX["marks"]), hh.count() - 1)
    mine = shown()
    w.save_settings()
    w.close()
    again = open_window(qtbot, catalog, settings)
    hh = again.table.horizontalHeader()
    assert shown() == mine and mine[-1] == "marks"


def test_the_status_bar_makes_room_for_its_texts_the_moment_they_change(qtbot, catalog, settings):
    """The first start-up frame (Xvfb 1024 x 700, the demo, /tmp/l36/f053.png) showed "s in tl"
    where the status bar says "All edits in the files": the counts landed, the texts were set,
    and the window was painted before the status bar's layout (a posted event) had given the
    button its new width, then stayed so while the window built its panels. The widths follow
    the texts at once, before any event is processed."""
    _seed(catalog, 3)
    w = open_window(qtbot, catalog, settings, (1024, 660))
    w._show_pending({}, 3)  # nothing waiting here, 3 photos elsewhere: the longest of its texts
    w._status_counts = {"error": 1234, "warning": 5678, "caption_only": 0}
    w._counts_checking = False
    w._update_counts()
    button, label = w.pending_button, w.count_label
    assert button.text() == "✎ 3 photos outside this view not written"
    assert button.width() >= button.sizeHint().width(), (button.width(), button.sizeHint().width())
    assert label.width() >= label.sizeHint().width(), (label.width(), label.sizeHint().width())
    assert button.geometry().right() < label.geometry().left() <= label.geometry().right() < w.statusBar().width()
    w.close()
