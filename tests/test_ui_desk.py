"""The desk workflow (issue 13): defects an editor trips on, marks, pending writes, the keyboard.

Each test drives the widgets as a user does (offscreen)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.main_window import TABLE  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _seed(cat, n=6, gallery="Floods", in_gallery=4):
    ids = [cat.add_caption_item({"headline": f"Flood photo {i}", "caption": f"Water rises in Lisbon, day {i}.",
                                 "source": "Harbour Wire", "creators": [f"Ana Costa {i % 3}"]})
           for i in range(1, n + 1)]
    gal = cat.create_gallery(gallery)
    cat.add_to_gallery(gal.id, ids[:in_gallery])
    return ids, gal


def _idle(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=timeout)


def _answer_dialog(fill):
    """Fill and accept the next modal dialog (the sidebar's dialogs run their own event loop);
    a dialog ``fill`` cannot handle is closed, and the failure is in the list returned."""
    failures: list[str] = []

    def run():
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, run)
            return
        try:
            fill(dlg)
        except Exception as exc:  # noqa: BLE001 - reported by the test, never left open
            failures.append(f"{type(dlg).__name__}: {exc!r}")
            dlg.reject()
    QTimer.singleShot(0, run)
    return failures


# --- defect 11: the credit sheet's title ---------------------------------------------------------

def test_renaming_a_gallery_renames_its_sheet_title_and_the_title_is_editable(qtbot, catalog, settings):
    _ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))

    def rename(dlg):
        dlg.name.selectAll()
        QTest.keyClicks(dlg.name, "Storm Elowen")
        assert dlg.title.text() == "Storm Elowen"  # seen following the name as it is typed
        dlg.accept()
    failures = _answer_dialog(rename)
    w.act_rename_gallery.trigger()
    assert not failures
    g = catalog.gallery(gal.id)
    assert (g.name, g.title) == ("Storm Elowen", "Storm Elowen")  # the title followed the name

    def retitle(dlg):
        assert dlg.title.text() == "Storm Elowen"
        dlg.title.selectAll()
        QTest.keyClicks(dlg.title, "Storm Elowen: the first 48 hours")
        dlg.accept()
    _answer_dialog(retitle)
    w.act_rename_gallery.trigger()
    assert catalog.gallery(gal.id).title == "Storm Elowen: the first 48 hours"

    def rename_again(dlg):
        dlg.name.selectAll()
        QTest.keyClicks(dlg.name, "Elowen")
        dlg.accept()
    _answer_dialog(rename_again)
    w.act_rename_gallery.trigger()
    g = catalog.gallery(gal.id)
    assert (g.name, g.title) == ("Elowen", "Storm Elowen: the first 48 hours")  # a chosen title stays
    assert w.sidebar.gallery_entry(gal.id).text(0) == "Elowen"
    from app.export.sheet import build_sheet  # noqa: PLC0415

    assert build_sheet(catalog, "Elowen").title == "Storm Elowen: the first 48 hours"


# --- defect 13: the export dialog remembers the last folder ---------------------------------------

def test_export_dialog_proposes_the_folder_and_format_of_the_last_export(qtbot, catalog, settings, tmp_path):
    _ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    w.act_export.trigger()
    dlg = w.open_dialog
    assert Path(dlg.path.text()).parent == Path.home()  # nothing exported yet
    out = tmp_path / "sheets" / "floods-credits.csv"
    out.parent.mkdir()
    dlg.format.setCurrentIndex(dlg.format.findData("csv"))
    dlg.path.setText(str(out))
    dlg.force.setChecked(True)  # the seeded captions have no credit
    with qtbot.waitSignal(dlg.exported, timeout=20000):
        dlg.export_button.click()
    dlg.close()
    w.act_export.trigger()
    again = w.open_dialog
    assert again is not dlg
    assert Path(again.path.text()).parent == out.parent
    assert again.fmt() == "csv" and Path(again.path.text()).name == "Floods.csv"


# --- defect 3: one item reference ------------------------------------------------------------------

def _findings_items(w, rule="missing-credit"):
    """The Item column of the findings panel's rows of ``rule``."""
    model = w.findings_panel.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())
            if model.data(model.index(r, 3)) == rule]


def test_findings_name_items_by_gallery_position_or_id_never_by_row(qtbot, catalog, settings):
    ids, gal = _seed(catalog, n=6, in_gallery=4)
    # Only the third photo of the gallery (and a library photo) lacks a credit.
    for i in ids:
        catalog.set_fields(i, {"caption": catalog.item(i).fields["caption"] + " REUTERS/Ana Costa"})
    catalog.set_fields(ids[2], {"caption": "Water rises in Lisbon, day 3."})
    catalog.set_fields(ids[5], {"caption": "Water rises in Lisbon, day 6."})
    from app.validation import refresh_findings  # noqa: PLC0415

    refresh_findings(catalog, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    assert set(_findings_items(w)) == {"03"}  # the tile's number
    # Filtered down to that one photo, it is still the gallery's third, not the list's first.
    QTest.keyClicks(w.filter_bar.search, "day 3")
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=5000)
    _idle(qtbot, w)
    assert set(_findings_items(w)) == {"03"}
    tip = w.findings_panel.model.data(w.findings_panel.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert f"#{ids[2]}" in tip
    # Out of a gallery an item is its id, what `creditline show` takes.
    w.filter_bar.clear()
    w.sidebar.select_source(Source("all"))
    _idle(qtbot, w)
    assert set(_findings_items(w)) == {f"#{ids[2]}", f"#{ids[5]}"}
    # The table's number column says the same.
    w.set_view_mode(TABLE)
    row = w.table_model.row_of(ids[5])
    assert w.table_model.data(w.table_model.index(row, 0)) == f"#{ids[5]}"


# --- defect 7: what is shown follows what the editor did --------------------------------------------

def _checked_gallery(catalog):
    """Four photos in a gallery; the second and fourth lack a credit (an error each)."""
    ids, gal = _seed(catalog, n=6, in_gallery=4)
    for n, i in enumerate(ids):
        caption = f"Water rises in Lisbon, day {n + 1}." + ("" if n in (1, 3) else " REUTERS/Ana Costa")
        catalog.set_fields(i, {"caption": caption, "creators": ["Ana Costa"], "source": "Reuters"})
    from app.validation import refresh_findings  # noqa: PLC0415

    refresh_findings(catalog, ids)
    return ids, gal


def _click_row(view, row):
    rect = view.visualRect(view.model().index(row, 4))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_one_click_on_a_finding_selects_its_photo(qtbot, catalog, settings):
    ids, gal = _checked_gallery(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[0]])
    panel = w.findings_panel
    rows = [r for r in panel.model.rows() if r.finding.rule == "missing-credit"]
    assert [r.item_id for r in rows] == [ids[1], ids[3]]
    _click_row(panel.view, panel.model.rows().index(rows[1]))
    assert w.selected_ids() == [ids[3]]
    assert w.session.current_ids() == [ids[3]]
    assert w.inspector._ids == [ids[3]]  # "Apply fix" acts on the photo shown
    # Arrow keys in the findings list follow too.
    QTest.keyClick(panel.view, Qt.Key.Key_Up)
    assert w.selected_ids() == [panel.selected_row().item_id]


def test_picking_a_photo_in_the_grid_picks_its_finding_so_apply_fix_acts_on_it(qtbot, catalog, settings):
    ids, gal = _checked_gallery(catalog)
    day = dt.date(2026, 5, 4)
    catalog.set_fields(ids[2], {"caption": f"Water rises in Lisbon, Portugal, {day:%A, %B} 4, 2026. REUTERS/Ana Costa"})
    from app.validation import refresh_findings  # noqa: PLC0415

    refresh_findings(catalog, [ids[2]])
    assert not catalog.findings([ids[2]]).get(ids[2]) and catalog.findings([ids[3]])[ids[3]]
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    panel = w.findings_panel
    w.select_ids([ids[0]])
    _idle(qtbot, w)
    # A click on the fourth photo's tile, as an editor picks it.
    rect = w.view.visualRect(w.model.index(w.model.row_of(ids[3]), 0))
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.selected_ids() == [ids[3]]
    picked = panel.selected_row()
    assert picked is not None and picked.item_id == ids[3]
    assert picked is panel.model.rows()[[r.item_id for r in panel.model.rows()].index(ids[3])]  # its first
    assert panel.view.visualRect(panel.model.index(panel.model.rows().index(picked), 0)).isValid()  # in view
    # A photo without findings leaves none picked, so the buttons cannot act on another photo's
    # finding; arrow keys in the grid move the pick with the photo.
    QTest.keyClick(w.view, Qt.Key.Key_Left)
    assert w.selected_ids() == [ids[2]]
    assert panel.selected_row() is None and not panel.fix_button.isEnabled()
    QTest.keyClick(w.view, Qt.Key.Key_Left)
    assert w.selected_ids() == [ids[1]] and panel.selected_row().item_id == ids[1]
    assert w.selected_ids() == [ids[1]]  # the panel did not pick another photo back


def test_the_inspector_follows_a_search(qtbot, catalog, settings):
    ids, gal = _checked_gallery(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[4]])
    assert w.inspector._ids == [ids[4]]
    QTest.keyClicks(w.filter_bar.search, "day 2")
    qtbot.waitUntil(lambda: w.model.ids() == [ids[1]], timeout=5000)
    _idle(qtbot, w)
    # The photo shown before is no longer in the results: the inspector shows the result.
    assert w.selected_ids() == [ids[1]] and w.inspector._ids == [ids[1]]
    QTest.keyClicks(w.filter_bar.search, "zzz")
    qtbot.waitUntil(lambda: w.model.ids() == [], timeout=5000)
    _idle(qtbot, w)
    assert w.session.current_ids() == [] and w.inspector._ids == []


def test_import_errors_view_clears_the_gallery_it_replaces(qtbot, catalog, settings):
    ids, gal = _checked_gallery(catalog)
    catalog.record_import_error("/wire/broken.jpg", "truncated JPEG")
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[1]])
    assert w.findings_panel.model.rowCount() and w.inspector._ids
    w.sidebar.select_source(Source("import_errors"))
    _idle(qtbot, w)
    assert w.findings_panel.model.rowCount() == 0
    assert w.session.current_ids() == [] and w.inspector._ids == []
    assert w.count_label.text() == "1 import error"
    assert w.filter_bar.count_label.text() == ""
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    assert w.count_label.text().startswith("4 caption-only items") and w.findings_panel.model.rowCount()


def test_the_count_never_says_more_shown_than_there_are(qtbot, catalog, settings):
    _seed(catalog, n=5)
    w = open_window(qtbot, catalog, settings)
    qtbot.waitUntil(lambda: w.filter_bar.count_label.text() == "5 items", timeout=10000)  # caption-only items
    # An import lands batches while the library's count is still the old one.
    for i in range(40):
        catalog.add_caption_item({"caption": f"Wire photo {i}."})
    w.reload()
    qtbot.waitUntil(lambda: w.model.rowCount() == 45, timeout=5000)
    qtbot.waitUntil(lambda: w.filter_bar.count_label.text() == "45 items", timeout=10000)
    w.sidebar.select_source(Source("attention"))
    _idle(qtbot, w)
    shown, _, total = w.filter_bar.count_label.text().partition(" of ")
    assert not total or int(total.split()[0].replace(",", "")) >= int(shown.split()[0])


# --- defect 15: the table, the search box, the inspector's scroll, galleries made elsewhere ----------

def _photos(catalog, n=30):
    from app.model import EmbeddedField, FileFacts, ReadResult  # noqa: PLC0415

    ids = []
    for i in range(n):
        values = {"headline": f"Storm day {i}", "caption": f"Flooded street in Porto, photo {i}. REUTERS/Rita Lopes",
                  "date_created": "2026-03-10T14:05:09+00:00", "creators": ["Rita Lopes"], "source": "Reuters"}
        facts = FileFacts(path=f"/wire/storm/IMG_{i:04d}.jpg", size=10, mtime_ns=1, content_hash=f"{i:064x}",
                          format="JPEG")
        fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
        ids.append(catalog.apply_read(ReadResult(facts=facts, fields=fields), None).item_id)
    return ids


def test_table_shows_whole_dates_file_names_and_more_rows(qtbot, catalog, settings):
    from ui.models import COLUMN_INDEX, TABLE_COLUMNS  # noqa: PLC0415

    _photos(catalog)
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(TABLE)
    table, model = w.table, w.table_model
    date = model.data(model.index(0, COLUMN_INDEX["date"]))
    assert date == "2026-03-10 14:05"
    fm = table.fontMetrics()
    assert table.columnWidth(COLUMN_INDEX["date"]) >= fm.horizontalAdvance(date) + 12  # never "2026-03-1…"
    assert TABLE_COLUMNS[COLUMN_INDEX["file"]].header == "File name"
    assert model.data(model.index(3, COLUMN_INDEX["file"])) == "IMG_0003.jpg"
    assert not table.isColumnHidden(COLUMN_INDEX["file"])
    # A full screen of rows: at least 15 in the default window (9 before).
    assert table.viewport().height() // table.verticalHeader().defaultSectionSize() >= 15
    # The file-name column sorts the library by file name.
    table.sortByColumn(COLUMN_INDEX["file"], Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.data(model.index(0, COLUMN_INDEX["file"])) == "IMG_0029.jpg", timeout=5000)


def test_search_box_finds_file_names_and_escape_clears_it(qtbot, catalog, settings):
    ids = _photos(catalog, n=12)
    w = open_window(qtbot, catalog, settings)
    w.filter_bar.search.setFocus()
    QTest.keyClicks(w.filter_bar.search, "img_0007")
    qtbot.waitUntil(lambda: w.model.ids() == [ids[7]], timeout=5000)
    QTest.keyClick(w.filter_bar.search, Qt.Key.Key_Escape)
    assert w.filter_bar.search.text() == ""
    qtbot.waitUntil(lambda: len(w.model.ids()) == 12, timeout=5000)


def test_inspector_starts_at_the_top_for_another_photo(qtbot, catalog, settings):
    ids = _photos(catalog, n=3)
    w = open_window(qtbot, catalog, settings)
    w.resize(1200, 600)  # short enough that the form scrolls
    w.select_ids([ids[0]])
    bar = w.inspector.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    w.select_ids([ids[1]])
    assert bar.value() == 0
    # Edits of the photo shown (the same photo) leave the scroll where the editor put it.
    bar.setValue(bar.maximum())
    w.session.edit_fields({ids[1]: {"headline": "Storm, day two"}}, "Edit")
    assert bar.value() == bar.maximum()


def test_a_gallery_made_on_the_command_line_appears_when_the_window_is_activated(qtbot, catalog, settings):
    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415

    _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    assert main(["--catalog", str(catalog.path), "import-text", "--gallery", "From the wire",
                 str(_wire_text(catalog.path.parent))]) == 0
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    gid = Catalog.open(catalog.path).gallery("From the wire").id
    qtbot.waitUntil(lambda: w.sidebar.gallery_entry(gid) is not None, timeout=5000)
    assert w.sidebar.gallery_entry(gid).text(1).startswith("2")


def _wire_text(folder):
    path = folder / "wire.txt"
    path.write_text("Boats lie half sunk in Aveiro, Portugal, on March 11, 2026. REUTERS/Rita Lopes\n\n"
                    "A tree fell on cars in Braga, Portugal, on March 12, 2026. REUTERS/Rita Lopes\n", encoding="utf-8")
    return path


# --- defect 5: View > Appearance repaints everything ------------------------------------------------

def test_appearance_switch_reaches_every_widget(qtbot, catalog, settings):
    from PySide6.QtGui import QPalette  # noqa: PLC0415
    from PySide6.QtWidgets import QWidget  # noqa: PLC0415

    from ui.app import DARK, LIGHT, apply_theme, make_application  # noqa: PLC0415

    ids, gal = _checked_gallery(catalog)
    make_application()  # as the app starts: the widgets' own style sheets are what keep old colours
    apply_theme("light")
    try:
        w = open_window(qtbot, catalog, settings)
        w.sidebar.select_source(Source("gallery", gal.id))
        _idle(qtbot, w)
        w.select_ids([ids[1]])
        for theme, colours, old in (("dark", DARK, LIGHT), ("light", LIGHT, DARK)):
            w.theme_actions[theme].trigger()
            qtbot.wait(10)
            stale = []  # widgets left with a colour of the theme before (not their own style's)
            for widget in [w, *w.findChildren(QWidget)]:
                pal = widget.palette()
                for role in ("WindowText", "Text", "Window", "Base"):
                    if pal.color(getattr(QPalette.ColorRole, role)).name() == old[role]:
                        stale.append(f"{type(widget).__name__}#{widget.objectName()} {role}")
                        break
            assert not stale, f"{theme}: {sorted(set(stale))[:12]}"
            for label in (w.count_label, w.filter_bar.count_label, w.inspector.summary, w.findings_panel.counts):
                assert label.palette().color(QPalette.ColorRole.WindowText).name() == colours["WindowText"]
    finally:
        apply_theme("light")


# --- defect 4: drag to reorder in the grid ----------------------------------------------------------

def _drag_to(view, mime, pos):
    """A drag that enters the grid, moves to ``pos`` and drops there (as Qt delivers it)."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent  # noqa: PLC0415

    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    vp = view.viewport()
    QApplication.sendEvent(vp, QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton,
                                               Qt.KeyboardModifier.NoModifier))
    move = QDragMoveEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, move)
    accepted = move.isAccepted()
    indicator = view.drop_row()
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, drop)
    return accepted, indicator


def test_drag_to_reorder_in_the_grid(qtbot, catalog, settings):

    from ui.models import ids_mime  # noqa: PLC0415

    ids, gal = _seed(catalog, n=6, in_gallery=6)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    grid = w.grid
    assert w.view is grid

    def cell(row):
        return grid.visualRect(grid.model().index(row, 0))

    # The first photo dropped on the right half of the third: it goes after the third.
    third = cell(2)
    accepted, indicator = _drag_to(grid, ids_mime([ids[0]]), QPoint(third.right() - 10, third.center().y()))
    assert accepted and indicator == 3
    assert catalog.gallery_item_ids(gal.id) == [ids[1], ids[2], ids[0], ids[3], ids[4], ids[5]]
    assert grid.drop_row() is None  # the indicator is gone
    assert w.findings_panel._positions[ids[0]] == 3  # findings name it by its new number
    # The last two, dropped on the left half of the first: they go first, in their order.
    first = cell(0)
    _drag_to(grid, ids_mime([ids[4], ids[5]]), QPoint(first.left() + 10, first.center().y()))
    assert catalog.gallery_item_ids(gal.id) == [ids[4], ids[5], ids[1], ids[2], ids[0], ids[3]]
    # The tiles' numbers follow, and one undo puts the order back.
    assert grid.model().data(grid.model().index(0, 0), Qt.ItemDataRole.UserRole + 3) == 1
    assert grid.model().ids()[0] == ids[4]
    w.act_undo.trigger()
    assert catalog.gallery_item_ids(gal.id) == [ids[1], ids[2], ids[0], ids[3], ids[4], ids[5]]
    # In the spacing between two tiles: before the one on the right.
    gap = QPoint((cell(1).right() + cell(2).left()) // 2, cell(1).center().y())
    _drag_to(grid, ids_mime([ids[3]]), gap)
    assert catalog.gallery_item_ids(gal.id)[:4] == [ids[1], ids[2], ids[3], ids[0]]
    # A filtered gallery is not reordered (the order of what is hidden would be a guess).
    QTest.keyClicks(w.filter_bar.search, "day")
    qtbot.waitUntil(lambda: not grid.model().reorderable, timeout=5000)
    before = catalog.gallery_item_ids(gal.id)
    accepted, _ = _drag_to(grid, ids_mime([before[0]]), QPoint(cell(3).right() - 5, cell(3).center().y()))
    assert not accepted and catalog.gallery_item_ids(gal.id) == before


# --- defect 2: edits not yet in the files -----------------------------------------------------------

def _photo_gallery(catalog, tmp_path, n=4):
    """``n`` real JPEGs (so they can be written) in a gallery, checked."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    ids = []
    for i in range(n):
        path = tmp_path / f"IMG_{i:04d}.jpg"
        make_photo(path, fields={"headline": f"Storm day {i}", "creators": ["Rita Lopes"], "source": "Reuters",
                                 "caption": "Flooded street in Porto, Portugal, March 10, 2026. REUTERS/Rita Lopes"},
                   width=320, height=200)
        ids.append(catalog.apply_read(read_file(path), None).item_id)
    gal = catalog.create_gallery("Storm")
    catalog.add_to_gallery(gal.id, ids)
    return ids, gal


def _type_in(w, key, text):
    editor = w.inspector.editors[key].editor
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, text)
    w.inspector.flush()


def test_edits_not_written_are_counted_in_the_status_bar_and_on_tiles(qtbot, catalog, settings, tmp_path):
    from ui.models import PendingRole  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    assert w.pending_button.text() == "All edits in the files"
    w.select_ids([ids[1]])
    _type_in(w, "headline", "Porto under water")
    _type_in(w, "city", "Porto")
    _idle(qtbot, w)
    grid = w.grid_model
    assert grid.data(grid.index(1, 0), PendingRole) == 2 and grid.data(grid.index(0, 0), PendingRole) == 0
    assert w.pending_button.text() == "✎ 1 photo not written"
    assert "2 fields" in w.pending_button.toolTip()
    # Undo takes the edit back out of the count: nothing is waiting any more.
    w.act_undo.trigger()
    w.act_undo.trigger()
    _idle(qtbot, w)
    assert grid.data(grid.index(1, 0), PendingRole) == 0 and w.pending_button.text() == "All edits in the files"


def _write_dialog(qtbot, w):
    from ui.write_dialog import WriteDialog  # noqa: PLC0415

    dlg = w.open_dialog
    assert isinstance(dlg, WriteDialog)
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    return dlg


def test_the_write_list_shows_a_long_change_whole_to_its_last_word(qtbot, catalog, settings, tmp_path):
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    # The fourth walk's photo: the directive taken out of a long caption.
    before = ("Activists form a human chain around the old town hall in Mexico City on December 4, 2011. "
              "(Photo credit should read ÇAĞLAR ÖZTÜRK/AFP via Getty Images)")
    make_photo(tmp_path / "cl-000036.jpg", fields={"caption": before}, width=320, height=200)
    ids = [catalog.apply_read(read_file(tmp_path / "cl-000036.jpg"), None).item_id]
    gal = catalog.create_gallery("Protest")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[0], {"caption": before.replace("(Photo credit should read ", "").rstrip(")")})
    w.select_ids([ids[0]])
    QTest.keySequence(w, "Ctrl+S")
    dlg = _write_dialog(qtbot, w)
    dlg.show()
    qtbot.waitExposed(dlg)
    tree = dlg.tree
    change = tree.topLevelItem(0).child(0)
    lines = change.text(0).split("\n")
    assert lines[-1].endswith("ÇAĞLAR ÖZTÜRK/AFP via Getty Images”")  # the new value, to its end
    room = tree.columnWidth(0) - 2 * tree.indentation()
    assert all(tree.fontMetrics().horizontalAdvance(line) < room for line in lines), (room, lines)
    rect = tree.visualItemRect(change)
    assert rect.height() >= len(lines) * tree.fontMetrics().lineSpacing()  # every line has its room


def test_ctrl_s_shows_what_will_be_written_then_writes_the_gallery(qtbot, catalog, settings, tmp_path):
    from app.metadata.read import read_file  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path)
    outside = catalog.add_caption_item({"caption": "Not a photo."})
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[0], {"headline": "Porto under water"})
    catalog.set_fields(ids[2], {"city": "Porto", "headline": "Storm, day two"})
    catalog.set_fields(outside, {"caption": "Edited."})
    w.select_ids([ids[3]])  # an unedited photo selected: Ctrl+S writes the gallery's pending edits
    QTest.keySequence(w, "Ctrl+S")
    dlg = _write_dialog(qtbot, w)
    # The dry run, listed before anything is written: two files, their fields, old and new.
    assert dlg.planned_ids() == [ids[0], ids[2]]
    listing = dlg.listing()
    assert "IMG_0000.jpg" in listing and "IMG_0002.jpg" in listing and "IMG_0003.jpg" not in listing
    assert "Headline: “Storm day 0” → “Porto under water”" in listing
    assert "City: blank → “Porto”" in listing
    assert dlg.write_button.text() == "Write 2 Files" and dlg.write_button.isEnabled()
    assert read_file(tmp_path / "IMG_0000.jpg").fields["headline"].value == "Storm day 0"  # nothing yet
    with qtbot.waitSignal(dlg.written, timeout=20000):
        dlg.write_button.click()
    assert read_file(tmp_path / "IMG_0000.jpg").fields["headline"].value == "Porto under water"
    assert read_file(tmp_path / "IMG_0002.jpg").fields["city"].value == "Porto"
    # The outcome stays on screen until the editor closes it, and the status bar says so too.
    qtbot.wait(200)
    assert "2 written" in dlg.status.text() and dlg.isVisible()
    _idle(qtbot, w)
    assert catalog.pending_ids(gallery=gal.id) == []
    qtbot.waitUntil(lambda: w.pending_button.text() == "All edits in the files", timeout=5000)
    assert "2 written" in w.statusBar().currentMessage()


def test_writing_an_unedited_selection_offers_the_gallery_instead(qtbot, catalog, settings, tmp_path):
    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[2], {"headline": "Storm, day two"})
    w.select_ids([ids[0]])
    w.act_write.trigger()
    dlg = _write_dialog(qtbot, w)
    assert dlg.planned_ids() == [] and not dlg.write_button.isEnabled()
    assert "no edits waiting" in dlg.status.text()
    assert dlg.other_button.isVisible() and "1" in dlg.other_button.text()
    dlg.other_button.click()
    qtbot.waitUntil(lambda: dlg.planned_ids() == [ids[2]], timeout=20000)
    assert dlg.write_button.isEnabled()
    dlg.reject()


def test_quitting_with_edits_not_written_asks_first(qtbot, catalog, settings, tmp_path):
    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.warn_unwritten = True  # ui.app.run_app turns it on; a test window closes without asking
    asked = []
    answers = ["cancel", "write", "quit"]

    def confirm(n, blocked=()):
        assert not blocked  # every file here can be written
        asked.append(n)
        return answers.pop(0)
    w.confirm_unwritten = confirm
    catalog.set_fields(ids[1], {"headline": "Storm, day two"})
    w.close()
    assert asked == [1] and w.isVisible()  # Cancel: the window stays
    w.close()
    assert asked == [1, 1] and w.isVisible()  # Write: the window stays, showing what it will write
    dlg = _write_dialog(qtbot, w)
    assert dlg.planned_ids() == [ids[1]]
    dlg.reject()
    w.close()
    assert asked == [1, 1, 1] and not w.isVisible()  # Quit without writing


@pytest.mark.parametrize(("block", "reason"), [
    (lambda path: os.chmod(path, 0o444), "the file is read-only"),
    (os.remove, "the file is missing"),
], ids=["locked", "vanished"])
def test_a_file_that_cannot_be_written_is_said_once_at_quit_and_its_edits_stay(qtbot, catalog, settings, tmp_path,
                                                                               block, reason):
    """A locked photo with an edit, or one whose file was moved away or deleted, asked "Write…?"
    at every quit, for ever (Write could only refuse it). Quitting names it and why, once; the
    edit stays in the catalog, and it asks again only when something is new."""
    ids, _gal = _photo_gallery(catalog, tmp_path)
    path = catalog.item(ids[1]).path
    catalog.set_fields(ids[1], {"caption": "Edited caption, file blocked"})
    block(path)
    asked = []

    def quit_window(answer="quit"):
        w = open_window(qtbot, catalog, settings)
        w.warn_unwritten = True

        def confirm(n, blocked=()):
            asked.append((n, list(blocked)))
            return answer
        w.confirm_unwritten = confirm
        w.close()
        return w

    w = quit_window("cancel")
    assert asked == [(1, [(path, reason)])] and w.isVisible()  # told which, and why
    w.close()
    assert len(asked) == 1 and not w.isVisible()  # told already: no second prompt
    quit_window()
    quit_window()
    assert len(asked) == 1  # nor at the next sessions' quits
    assert catalog.pending_ids() == [ids[1]]  # the edit stays in the catalog
    assert catalog.item(ids[1]).fields["caption"] == "Edited caption, file blocked"

    catalog.set_fields(ids[1], {"caption": "Edited again, file still blocked"})
    quit_window()
    assert asked[1:] == [(1, [(path, reason)])]  # a new edit is news
    catalog.set_fields(ids[2], {"headline": "Storm, day three"})
    w = quit_window("cancel")
    # A file that can be written asks as ever; the blocked one, said already, is not listed
    # again (the prompt had said "Quitting does not ask about it again", then listed it)
    assert asked[2:] == [(1, [])]
    text = w.unwritten_prompt(*w._unwritten_question())
    assert text.startswith("1 photo has edits that are in the catalog but not yet in the files.")
    assert str(path) not in text and reason not in text and "cannot be written to" not in text
    w.close()


def test_the_quit_prompt_does_not_list_a_file_it_said_it_would_not_ask_about(qtbot, catalog, settings, tmp_path):
    """A photo whose write failed because its file went missing, said at one quit ("Quitting
    does not ask about it again unless it is edited"), was listed at the next, with its failed
    write said again, once another photo waited too. The list and the sentence agree now."""
    from app.writeback import write_items  # noqa: PLC0415

    ids, _gal = _photo_gallery(catalog, tmp_path)
    path = catalog.item(ids[1]).path
    catalog.set_fields(ids[1], {"caption": "Edited caption, file gone"})
    os.remove(path)
    assert write_items(catalog, [ids[1]]).failed == 1  # the refused write is kept in the catalog
    w = open_window(qtbot, catalog, settings)
    first = w.unwritten_prompt(*w._unwritten_question())
    assert "Quitting does not ask about it again unless it is edited." in first and "the file is missing" in first
    catalog.set_fields(ids[2], {"headline": "Storm, day three"})
    count, blocked = w._unwritten_question()
    assert (count, blocked) == (1, [])
    text = w.unwritten_prompt(count, blocked)
    assert text.startswith("1 photo has edits that are in the catalog but not yet in the files.")
    assert "missing" not in text and "failed" not in text and str(path) not in text
    # counted apart, so the prompt's 1 and the status bar's "2 photos not written" both read true
    assert text.endswith("Not counted: 1 photo whose file cannot be written, as said at an earlier quit.")
    catalog.set_fields(ids[1], {"caption": "Edited again, file still gone"})  # edited: news again
    count, blocked = w._unwritten_question()
    assert (count, blocked) == (2, [(path, "the file is missing")])
    w.close()


def test_the_quit_prompt_checks_a_missing_file_again_and_names_the_photo(qtbot, catalog, settings, tmp_path):
    """The fifteenth walk: a write refused because the file was missing; the file put back, the
    quit prompt still said "The last write of this photo failed: the file is missing", and did
    not say which photo. It checks the file again now, and names it."""
    import shutil  # noqa: PLC0415

    from app.writeback import write_items  # noqa: PLC0415

    ids, _gal = _photo_gallery(catalog, tmp_path)
    path = catalog.item(ids[1]).path
    catalog.set_fields(ids[1], {"caption": "Edited caption, file moved away"})
    shutil.move(path, tmp_path / "aside.jpg")
    assert write_items(catalog, [ids[1]]).failed == 1
    shutil.move(tmp_path / "aside.jpg", path)  # put back
    w = open_window(qtbot, catalog, settings)
    count, blocked = w._unwritten_question()
    assert (count, blocked) == (1, [])  # writable: Write is offered
    text = w.unwritten_prompt(count, blocked)
    assert "failed: the file is missing" not in text
    assert "The last write of IMG_0001.jpg was refused (the file is missing); the file is back now." in text
    w.close()


def test_the_grid_and_inspector_follow_a_missing_file_put_back(qtbot, catalog, settings, tmp_path):
    """Left by the walks: a write refused because the file was missing, the file put back, and
    the grid's chip (red, with a cross) and the inspector ("Last write failed: the file is
    missing") went on saying so; only the quit prompt checked again. The file is checked when
    the photo is shown and when the window regains focus: put back, the photo is just not
    written yet; moved away again, the failure is said again."""
    import shutil  # noqa: PLC0415

    from app.writeback import write_items  # noqa: PLC0415
    from ui.views import write_failed  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path)
    path = catalog.item(ids[1]).path
    aside = tmp_path / "aside.jpg"
    catalog.set_fields(ids[1], {"headline": "Edited, file moved away"})
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[1]])
    shutil.move(path, aside)
    report = write_items(catalog, [ids[1]])
    assert report.failed == 1
    w._write_finished(report)
    row = w.grid_model.row_of(ids[1])
    qtbot.waitUntil(lambda: "Last write failed: the file is missing" in w.inspector.summary.text(), timeout=5000)
    assert write_failed(w.grid_model.item_at(row))  # red, with a cross

    # Put back, then shown again from the catalog (another view and back): checked when shown.
    shutil.move(aside, path)
    w.sidebar.select_source(Source("all"))
    _idle(qtbot, w)
    assert not write_failed(w.grid_model.item_at(w.grid_model.row_of(ids[1])))

    # Moved away again while shown, and the editor comes back to the window: failed again.
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[1]])
    shutil.move(path, aside)
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    row = w.grid_model.row_of(ids[1])
    assert write_failed(w.grid_model.item_at(row))
    qtbot.waitUntil(lambda: "Last write failed: the file is missing" in w.inspector.summary.text(), timeout=5000)

    shutil.move(aside, path)  # put back in the file manager; the editor comes back to the window
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    assert not write_failed(w.grid_model.item_at(row))  # the amber "not written" chip
    assert not write_failed(w.table_model.item_at(w.table_model.row_of(ids[1])))
    summary = w.inspector.summary.text()
    assert "Last write failed" not in summary
    assert "Not written yet</span>: the last write was refused (the file is missing); the file is back now." \
        in summary
    tip = w.grid_model.data(w.grid_model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "1 edit not written yet. The last write (" in tip and tip.endswith(
        "was refused (the file is missing); the file is back now.")
    w.close()


def test_the_quit_prompt_advises_putting_a_missing_file_back_not_making_it_writable():
    """The prompt told the editor to make a deleted file "(or its folder) writable": the advice
    follows the reason, a missing file is put back, a locked one unlocked."""
    from ui.main_window import unwritten_text  # noqa: PLC0415

    gone = unwritten_text(1, [("/photos/a.jpg", "the file is missing")])
    assert "/photos/a.jpg: the file is missing" in gone
    assert "put the missing file back where it was" in gone and "writable" not in gone
    # Most missing files were renamed or moved on the share (the fourteenth walk): an import of
    # where they are now finds them, edits kept.
    assert "A missing file: if it was moved or renamed, import it from where it is now" in gone
    locked = unwritten_text(1, [("/photos/b.jpg", "the file is read-only")])
    assert "make the file (or its folder) writable" in locked and "put the missing" not in locked
    assert "moved or renamed" not in locked
    both = unwritten_text(3, [("/photos/a.jpg", "the file is missing"), ("/photos/b.jpg", "the file is read-only")])
    assert both.startswith("1 photo has edits that are in the catalog but not yet in the files.")
    assert "put the missing file back where it was and make the file (or its folder) writable" in both


# --- marks: colour labels (1-8, 0 clears), the tag (T), stars; filters ---------------------------------

def _fields(catalog, i, *keys):
    item = catalog.item(i)
    return tuple(item.fields[k] for k in keys)


def test_keys_mark_the_selected_photos_and_one_undo_takes_it_back(qtbot, catalog, settings, tmp_path):
    from ui.models import ItemRole  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[0], ids[2]])
    w.grid.setFocus()
    QTest.keyClick(w.grid, Qt.Key.Key_1)
    assert [_fields(catalog, i, "color_label")[0] for i in ids] == ["Winner", "", "Winner", ""]
    QTest.keyClick(w.grid, Qt.Key.Key_T)
    assert [_fields(catalog, i, "tagged")[0] for i in ids] == ["True", "", "True", ""]
    QTest.keyClick(w.grid, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert _fields(catalog, ids[2], "rating") == ("5",)
    # The tiles show it; the marks wait to be written like any edit.
    item = w.grid_model.data(w.grid_model.index(2, 0), ItemRole)
    assert (item.fields["color_label"], item.fields["tagged"], item.pending) == ("Winner", "True", 3)
    assert w.grid.visualRect(w.grid_model.index(2, 0)).isValid()
    # T on photos that are all tagged untags them; 0 clears the label; 3 relabels.
    QTest.keyClick(w.grid, Qt.Key.Key_T)
    QTest.keyClick(w.grid, Qt.Key.Key_3)
    assert [_fields(catalog, i, "color_label", "tagged") for i in (ids[0], ids[2])] == [("Superior", "")] * 2
    w.act_undo.trigger()  # one step per key
    assert _fields(catalog, ids[0], "color_label") == ("Winner",)
    QTest.keyClick(w.grid, Qt.Key.Key_0)
    assert _fields(catalog, ids[0], "color_label") == ("",)
    # Typed in a field, a digit or a T is text, not a mark.
    w.select_ids([ids[1]])
    editor = w.inspector.editors["headline"].editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClicks(editor, " T1")
    w.inspector.flush()
    assert _fields(catalog, ids[1], "color_label", "tagged") == ("", "")
    assert catalog.item(ids[1]).fields["headline"].endswith(" T1")
    # Marks are not fields of the inspector's form; its marks row shows them.
    assert "color_label" not in w.inspector.editors
    w.select_ids([ids[2]])
    w.grid.setFocus()
    QTest.keyClick(w.grid, Qt.Key.Key_4)
    marks = w.inspector.marks
    assert marks.label_name() == "Superior alt" and marks.is_tagged() is False
    assert marks.rating.text() == "★★★★★"
    marks.tag.click()  # the row sets marks too
    assert _fields(catalog, ids[2], "tagged") == ("True",) and marks.is_tagged() is True


def test_filter_by_label_and_tag(qtbot, catalog, settings, tmp_path):
    ids, gal = _photo_gallery(catalog, tmp_path)
    catalog.set_fields(ids[0], {"color_label": "Winner", "tagged": "True"})
    catalog.set_fields(ids[1], {"color_label": "Winner"})
    catalog.set_fields(ids[3], {"tagged": "True", "rating": "4"})
    catalog.set_fields(ids[2], {"rating": "2"})
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    bar = w.filter_bar
    bar.label.setCurrentIndex(bar.label.findData("Winner"))
    qtbot.waitUntil(lambda: w.model.ids() == [ids[0], ids[1]], timeout=5000)
    bar.tagged.click()
    qtbot.waitUntil(lambda: w.model.ids() == [ids[0]], timeout=5000)
    bar.label.setCurrentIndex(0)  # any label
    qtbot.waitUntil(lambda: w.model.ids() == [ids[0], ids[3]], timeout=5000)
    assert bar.label.itemText(bar.label.findData("Winner")).startswith("1  Winner")
    # Stars: at least that many.
    bar.stars.setCurrentIndex(bar.stars.findData(3))
    qtbot.waitUntil(lambda: w.model.ids() == [ids[3]], timeout=5000)
    # Of the gallery's four (the tenth walk: a filtered gallery read "12 photos" where the
    # gallery had 42, a filtered library "12 of 75").
    assert bar.count_label.text() == "1 of 4"
    # The status bar's severities are counted off the UI thread: "1 photo", then "1 photo · …".
    qtbot.waitUntil(lambda: w.count_label.text().startswith("1 photo ·"), timeout=5000)
    bar.tagged.click()
    bar.stars.setCurrentIndex(bar.stars.findData(2))
    qtbot.waitUntil(lambda: w.model.ids() == [ids[2], ids[3]], timeout=5000)
    assert bar.stars.currentText() == "★★+"
    bar.stars.setCurrentIndex(bar.stars.findData(5))  # nobody: the hint takes the view's place
    qtbot.waitUntil(lambda: w.model.ids() == [], timeout=5000)
    assert w.empty_hint.isVisibleTo(w) and not w.stack.isVisibleTo(w)
    assert "Ctrl+Shift+F clears it" in w.empty_hint.text()
    w.act_clear_filter.trigger()
    qtbot.waitUntil(lambda: len(w.model.ids()) == 4, timeout=5000)
    assert w.stack.isVisibleTo(w) and not w.empty_hint.isVisibleTo(w)
    assert not bar.tagged.isChecked() and bar.stars.currentData() is None


# --- keyboard: Escape in a field restores its value ------------------------------------------------

def test_escape_in_a_field_restores_the_value_it_had(qtbot, catalog, settings, tmp_path):
    ids, gal = _photo_gallery(catalog, tmp_path)
    catalog.set_fields(ids[1], {"city": "Porto"})
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[0]])
    editor = w.inspector.editors["headline"].editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClicks(editor, ", Porto")
    qtbot.waitUntil(lambda: catalog.item(ids[0]).fields["headline"] == "Storm day 0, Porto", timeout=3000)  # saved
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.text() == "Storm day 0" and catalog.item(ids[0]).fields["headline"] == "Storm day 0"
    assert not w.session.undo_stack.canUndo()  # nothing left to undo: the edit is gone, not a second edit
    assert catalog.pending_counts([ids[0]]) == {}
    # Typed and not saved yet: the same.
    QTest.keyClicks(editor, "xyz")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.text() == "Storm day 0" and catalog.item(ids[0]).fields["headline"] == "Storm day 0"
    # Nothing to restore: Escape hands the keyboard back to the photos (where J, K, T work).
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert w.grid.hasFocus()
    # Several photos whose values differ: Escape puts each one's own value back.
    w.select_ids([ids[0], ids[1]])
    city = w.inspector.editors["city"].editor
    city.setFocus()
    QTest.keyClicks(city, "Lisbon")
    w.inspector.flush()
    assert [catalog.item(i).fields["city"] for i in ids[:2]] == ["Lisbon", "Lisbon"]
    QTest.keyClick(city, Qt.Key.Key_Escape)
    assert [catalog.item(i).fields["city"] for i in ids[:2]] == ["", "Porto"]
    assert city.text() == "" and w.inspector.editors["city"].mixed


def test_the_filter_bar_with_its_mark_filters_fits_the_default_window(qtbot, catalog, settings):
    _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    sidebar, center, inspector = w.splitter.sizes()
    assert sidebar >= 210 and inspector >= 390  # nobody squeezed to make room for the filters
    assert w.filter_bar.minimumSizeHint().width() <= center


def test_import_errors_show_when_whole_in_local_time(qtbot, catalog, settings):
    # The second walk: the When column read "2026-12-06T…", an ISO UTC stamp cut off.
    catalog.record_import_error("/wire/broken.jpg", "corrupt JPEG (no image data)")
    [failure] = catalog.import_errors()
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("import_errors"))
    _idle(qtbot, w)
    table = w.import_errors
    cell = table.item(0, 2)
    local = dt.datetime.fromisoformat(failure.when).astimezone()
    assert cell.text() == local.strftime("%Y-%m-%d %H:%M")
    assert cell.toolTip() == local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    assert table.columnWidth(2) >= table.fontMetrics().horizontalAdvance(cell.text())
    assert table.visualItemRect(cell).right() <= table.viewport().width()  # not cut by the view


def test_a_word_added_in_a_big_gallery_is_cleared_in_the_background(qtbot, catalog, settings, tmp_path, monkeypatch):
    """Past RECHECK_AT_ONCE photos, Add to Dictionary rechecks the selected photo at once and
    the window checks the rest in the background: no finding of the word is left."""
    import ui.session as ui_session  # noqa: PLC0415
    from app import spelling, validation  # noqa: PLC0415

    monkeypatch.setattr(ui_session, "RECHECK_AT_ONCE", 2)
    ids, gal = _photo_gallery(catalog, tmp_path)
    for i in ids:
        catalog.set_fields(i, {"caption": "Zorblat floods a street in Porto, Portugal, March 10, 2026. REUTERS/Rita Lopes"})
    validation.check_gallery(catalog, "Storm")
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[0]])
    assert all(any(f.rule == "spelling" for f in catalog.findings([i])[i]) for i in ids)
    spelling.add_house_word(catalog, "Zorblat")
    w.session.recheck_shown()
    qtbot.waitUntil(lambda: not catalog.stale_item_ids(), timeout=10000)
    _idle(qtbot, w)
    assert not any(f.rule == "spelling" for i in ids for f in catalog.findings([i])[i])


def test_a_click_where_cancel_was_does_not_open_the_write_dialog(qtbot, catalog, settings, tmp_path, monkeypatch):
    """When a job ends, the status bar's "✎ N not written" button slides to where Cancel was;
    the third walk's late Cancel click opened the write dialog. For a moment it does not."""
    import time  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    opened = []
    monkeypatch.setattr(w, "write_pending", lambda: opened.append(True))

    def job(ctx):
        ctx.progress(1, 2, "working")
        time.sleep(0.2)

    failed = []
    w.runner.submit(job, name="A job", show_progress=True, on_error=lambda msg, tb: failed.append(msg))
    qtbot.waitUntil(lambda: w.cancel_button.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: not w.cancel_button.isVisible(), timeout=5000)
    w.pending_button.click()  # at once: the click was meant for Cancel
    assert not opened and not failed
    assert w._pending_guard_until > time.monotonic()
    w._pending_guard_until = time.monotonic()  # the moment has passed
    w.pending_button.click()  # now the click is the button's own
    assert opened == [True]


def test_search_box_finds_folder_names(qtbot, catalog, settings):
    """The walks: the wire's photos sat in a folder named 'wire', and searching 'wire' found
    nothing; an editor searches for the folder the photos came in, as for a file name."""
    from app.model import EmbeddedField, FileFacts, ReadResult  # noqa: PLC0415

    ids = []
    for i, folder in enumerate(["/desk/aveiro-canal", "/desk/aveiro-canal", "/desk/braga_trees", "/desk/wire"]):
        values = {"caption": f"Flooded street, photo {i}. REUTERS/Rita Lopes"}
        facts = FileFacts(path=f"{folder}/IMG_{i:04d}.jpg", size=10, mtime_ns=1, content_hash=f"{i:064x}",
                          format="JPEG")
        fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
        ids.append(catalog.apply_read(ReadResult(facts=facts, fields=fields), None).item_id)
    w = open_window(qtbot, catalog, settings)
    w.filter_bar.search.setFocus()
    QTest.keyClicks(w.filter_bar.search, "aveiro")
    qtbot.waitUntil(lambda: w.model.ids() == ids[:2], timeout=5000)
    w.filter_bar.search.clear()
    QTest.keyClicks(w.filter_bar.search, "Braga_Trees")  # any case; '_' is a character, not a wildcard
    qtbot.waitUntil(lambda: w.model.ids() == [ids[2]], timeout=5000)
    w.filter_bar.search.clear()
    QTest.keyClicks(w.filter_bar.search, "desk")  # every photo here is under /desk
    qtbot.waitUntil(lambda: w.model.ids() == ids, timeout=5000)
    w.filter_bar.search.clear()
    QTest.keyClicks(w.filter_bar.search, "jpg")  # the file's own name is not a folder: still matched as a name
    qtbot.waitUntil(lambda: w.model.ids() == ids, timeout=5000)
    w.filter_bar.search.clear()
    QTest.keyClicks(w.filter_bar.search, "br")  # under three characters, folders are not searched (as names)
    qtbot.waitUntil(lambda: w.model.ids() == [], timeout=5000)


def test_sorting_the_findings_with_no_photo_picked_picks_none(qtbot, catalog, settings):
    """The sixth walk: with no photo picked, a click on the findings' "Rule" header sorted the
    list and also showed its new first finding's photo in the inspector."""
    ids, gal = _checked_gallery(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    assert w.selected_ids() == []
    panel = w.findings_panel
    header = panel.view.horizontalHeader()
    for section in (3, 0, 3):
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        _idle(qtbot, w)
        assert w.selected_ids() == [] and not w.inspector._ids


def test_a_write_that_failed_can_be_tried_again_from_the_same_dialog(qtbot, catalog, settings, tmp_path):
    """Walk 7: the disk was full during the write; every file failed and the dialog's button said
    a greyed-out 'Written'. A file made read-only after the list was shown fails the same way."""
    import os  # noqa: PLC0415

    from app.metadata.read import read_file  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path, n=2)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[0], {"headline": "Porto under water"})
    QTest.keySequence(w, "Ctrl+S")
    dlg = _write_dialog(qtbot, w)
    path = tmp_path / "IMG_0000.jpg"
    os.chmod(path, 0o444)
    try:
        dlg.write_button.click()
        qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
        assert [o.status for o in dlg.report.outcomes] == ["failed"]
        assert dlg.write_button.isEnabled() and dlg.write_button.text() == "Try Again"
    finally:
        os.chmod(path, 0o644)
    dlg.write_button.click()  # the file writable again: listed again, then written
    qtbot.waitUntil(lambda: dlg.planned is not None and dlg.task is None, timeout=20000)
    assert dlg.write_button.text() == "Write 1 File"
    dlg.write_button.click()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert [o.status for o in dlg.report.outcomes] == ["written"] and dlg.write_button.text() == "Written"
    assert read_file(path).fields["headline"].value == "Porto under water"


def test_a_cancelled_write_says_which_files_it_did_not_reach_and_writes_the_rest(qtbot, catalog, settings, tmp_path,
                                                                                 monkeypatch):
    """The ninth walk cancelled a write of 93 files at 82: the 11 left still read "will be
    written" beside "Done: 82 written, …, cancelled", and the button said a greyed-out "Written"."""
    import app.writeback  # noqa: PLC0415
    from app.metadata.read import read_file  # noqa: PLC0415

    ids, gal = _photo_gallery(catalog, tmp_path, n=3)
    for i in ids:
        catalog.set_fields(i, {"headline": f"Porto under water {i}"})
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    write_items = app.writeback.write_items

    def cancelled_after_one(catalog, item_ids, *, progress=None, cancel=None, **kw):
        if kw.get("dry_run"):  # the list shown first
            return write_items(catalog, item_ids, progress=progress, cancel=cancel, **kw)

        def step(done, total, outcome):
            if progress is not None:
                progress(done, total, outcome)
            if done >= 1:
                cancel.set()  # as if Cancel were pressed while the first file was written
        return write_items(catalog, item_ids, progress=step, cancel=cancel, **kw)

    monkeypatch.setattr(app.writeback, "write_items", cancelled_after_one)
    QTest.keySequence(w, "Ctrl+S")
    dlg = _write_dialog(qtbot, w)
    dlg.write_button.click()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert dlg.report.cancelled and dlg.report.written == 1
    outcomes = [dlg.tree.topLevelItem(i).text(1) for i in range(dlg.tree.topLevelItemCount())]
    assert outcomes.count("written") == 1
    assert outcomes.count("not written (cancelled)") == 2
    assert "2 files not written" in dlg.status.text()
    assert dlg.write_button.isEnabled() and dlg.write_button.text() == "Write the Rest"
    monkeypatch.setattr(app.writeback, "write_items", write_items)
    dlg.write_button.click()  # lists the two still to write
    qtbot.waitUntil(lambda: dlg.planned is not None and dlg.task is None, timeout=20000)
    assert dlg.write_button.text() == "Write 2 Files"
    dlg.write_button.click()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert [o.status for o in dlg.report.outcomes] == ["written", "written"]
    for i in range(3):
        assert read_file(tmp_path / f"IMG_{i:04d}.jpg").fields["headline"].value == f"Porto under water {ids[i]}"


def test_the_status_bar_counts_caption_only_items_apart_from_photos(qtbot, catalog, settings, tmp_path):
    """The ninth walk: an audit gallery of two captions from `import-text` read "2 photos"."""
    ids, gal = _photo_gallery(catalog, tmp_path, n=2)
    page = catalog.create_gallery("Audit: storm page")
    captions = [catalog.add_caption_item({"caption": f"Floods in Porto, day {i}. REUTERS/Rita Lopes"}) for i in (1, 2)]
    catalog.add_to_gallery(page.id, captions)
    w = open_window(qtbot, catalog, settings)
    _idle(qtbot, w)
    qtbot.waitUntil(lambda: "with errors" in w.count_label.text(), timeout=10000)
    assert w.count_label.text().startswith("4 items (2 caption-only) · ")
    w.sidebar.select_source(Source("gallery", page.id))
    _idle(qtbot, w)
    qtbot.waitUntil(lambda: w.count_label.text().startswith("2 caption-only items · "), timeout=10000)
    assert w.filter_bar.count_label.text() == "2 items"  # the count above the grid agrees, in short
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    qtbot.waitUntil(lambda: w.count_label.text().startswith("2 photos · "), timeout=10000)
    assert w.filter_bar.count_label.text() == "2 photos"


def test_the_library_entry_names_caption_only_items_too(qtbot, catalog, settings, tmp_path):
    """The tenth walk: "All photos 4" in the sidebar beside "4 items (2 caption-only)" below."""
    _photo_gallery(catalog, tmp_path, n=2)
    w = open_window(qtbot, catalog, settings)
    _idle(qtbot, w)
    entry = w.sidebar._library_items["all"]
    qtbot.waitUntil(lambda: entry.text(1) == "2", timeout=10000)
    assert entry.text(0) == "All photos" and not entry.toolTip(0)
    catalog.add_caption_items([{"caption": f"Floods in Porto, day {i}. REUTERS/Rita Lopes"} for i in (1, 2)])
    w.sidebar.refresh_counts()
    qtbot.waitUntil(lambda: entry.text(1) == "4", timeout=10000)
    assert entry.text(0) == "All items"
    assert entry.toolTip(0) == "2 photos and 2 caption-only items"


def test_a_catalog_that_cannot_be_read_is_not_called_a_search_not_understood(qtbot, catalog, settings, monkeypatch):
    """The ninth walk: a listing that failed on the catalog ('disk I/O error') read "Search not
    understood: disk I/O error" in the status bar, with nothing typed in the search box."""
    import sqlite3  # noqa: PLC0415

    _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    _idle(qtbot, w)

    def unreadable(**_q):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(catalog, "item_ids", unreadable)
    QTest.keyClicks(w.filter_bar.search, "Lisbon")
    qtbot.waitUntil(lambda: "could not be listed" in w.statusBar().currentMessage(), timeout=5000)
    assert "disk I/O error" in w.statusBar().currentMessage()
    assert "Search not understood" not in w.statusBar().currentMessage()


def test_a_drag_held_at_the_grids_edge_keeps_scrolling_to_the_end_of_a_long_gallery(qtbot, catalog, settings):
    # The twelfth walk dragged the first of 41 photos to the grid's bottom edge and held it
    # there: the grid scrolled one step (24 px) for each mouse move and none while the mouse
    # rested, so reaching the end of the gallery took dozens of jiggles. Held at the edge, the
    # grid now scrolls on its own, the insertion bar follows, and the drop lands there.
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent  # noqa: PLC0415

    from ui.models import ids_mime  # noqa: PLC0415

    ids, gal = _seed(catalog, n=45, in_gallery=45)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    grid = w.grid
    bar = grid.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    vp = grid.viewport()
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    mime = ids_mime([ids[0]])
    first = grid.visualRect(grid.model().index(0, 0))
    pos = QPoint(first.right() - 10, vp.height() - 5)  # on the bottom edge, held still
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(vp, QDragEnterEvent(pos, actions, mime, buttons, mods))
    QApplication.sendEvent(vp, QDragMoveEvent(pos, actions, mime, buttons, mods))
    start = grid.drop_row()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=20000)
    assert grid.drop_row() is not None and grid.drop_row() > start + 30  # the bar followed
    QApplication.sendEvent(vp, QDropEvent(QPointF(pos), actions, mime, buttons, mods))
    assert catalog.gallery_item_ids(gal.id).index(ids[0]) >= 40
    scrolled = bar.value()
    qtbot.wait(200)
    assert bar.value() == scrolled and grid.drop_row() is None  # dropped: the scrolling stops


def _tab_round(w, start, presses=80):
    """The widgets Tab visits from ``start``, in order (as many presses as it takes to come back)."""
    start.setFocus()
    seen = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        f = QApplication.focusWidget()
        if f is start:
            return seen, True
        seen.append(f)
    return seen, False


def test_tab_goes_round_the_window_and_out_of_the_findings_list(qtbot, catalog, settings):
    # The twelfth walk, keyboard only: Tab from the photos went first to the status bar's
    # "photos not written" button, then through the inspector to the findings list, and there
    # it stayed, moving from cell to cell (a table's Tab navigation), so the sidebar, the
    # filters and the photos were out of the keyboard's reach. The photo table did the same.
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    w.select_ids([ids[0]])
    seen, back = _tab_round(w, w.grid)
    assert back, [type(x).__name__ for x in seen[-5:]]
    assert w.pending_button not in seen  # Ctrl+S does what it does
    caption = w.inspector.editors["caption"].editor
    order = [caption, w.findings_panel.view, w.filter_bar.search]
    assert all(x in seen for x in order)
    assert [seen.index(x) for x in order] == sorted(seen.index(x) for x in order)
    w.act_table.trigger()
    qtbot.waitUntil(lambda: w.view is w.table)
    _seen, back = _tab_round(w, w.table)
    assert back


def test_help_lists_every_shortcut_of_the_menus_and_the_keys_of_the_fields(qtbot, catalog, settings):
    # The twelfth walk, new to the app: Help held only About, and the keys (J and K, 1-8,
    # T, Alt+arrows to reorder, Enter and Escape in the fields) were in the README alone.
    # Help > Keyboard Shortcuts (F1) lists them from the menus themselves, so a new action
    # or key shows there without a second list to keep.
    from ui.about import ShortcutsDialog  # noqa: PLC0415

    _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    assert w.act_shortcuts.shortcut().toString() == "F1"
    w.act_shortcuts.trigger()
    dlg = w.open_dialog
    assert isinstance(dlg, ShortcutsDialog) and dlg.isVisible()
    rows = dlg.rows()
    listed = {(r[1], r[2]) for r in rows}
    for act in (w.act_write_pending, w.act_move_earlier, w.act_next, w.act_tag, w.label_actions[1],
                w.rating_actions[3], w.act_loupe, w.act_edit_caption):
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
        assert (act.text().replace("&", "").strip(), keys) in listed, act.text()
    assert ("Move Earlier", "Alt+Left, Alt+Up") in listed
    assert any(r[2] == "Esc" and "value it had" in r[1] for r in rows)  # a field's own key
    assert any(r[2] == "Ctrl+arrows, Ctrl+Space" for r in rows)  # the photos' own: a selection from the keyboard
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    # About said the fixes go into "IPTC and XMP"; a write changes EXIF too (the by-line, the
    # copyright), as the write list says.
    from ui.about import about_text  # noqa: PLC0415
    assert "XMP, IPTC and EXIF" in about_text()


def test_import_errors_keep_reason_and_when_whole_in_a_narrow_window(qtbot, catalog, settings):
    # The twelfth walk at 1024 x 700: the File column kept its 380 px, and the reasons read
    # "not an image (unrecognise" and "empty file (0", the dates off to the right. Narrow, the
    # path gives way (elided at its start: the file name stays).
    catalog.record_import_error("/wire/2026/03/10/storm-elowen/broken-upload.jpg", "not an image (unrecognised content)")
    w = open_window(qtbot, catalog, settings)
    w.resize(1024, 700)
    qtbot.waitUntil(lambda: w.width() == 1024)
    w.sidebar.select_source(Source("import_errors"))
    _idle(qtbot, w)
    table = w.import_errors
    qtbot.wait(50)
    for col in (1, 2):
        cell = table.item(0, col)
        assert table.columnWidth(col) >= table.fontMetrics().horizontalAdvance(cell.text()), cell.text()
        assert table.visualItemRect(cell).right() <= table.viewport().width(), cell.text()
    assert table.textElideMode() == Qt.TextElideMode.ElideLeft


def test_the_quit_prompt_after_a_write_that_failed_says_why_once(qtbot, catalog, settings, tmp_path, monkeypatch):
    """Left by walk 13: a write that failed because the disk was full, then quit: the prompt
    offered "Write…" again as if nothing had been tried. It says the last write failed and
    why, once for the photos that failed alike, and still offers Write (space may be free now)."""
    import errno  # noqa: PLC0415

    from app.metadata import write as write_module  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415

    ids, _gal = _photo_gallery(catalog, tmp_path)
    catalog.set_fields(ids[0], {"headline": "Porto under water"})
    catalog.set_fields(ids[1], {"headline": "Storm, day two"})
    w = open_window(qtbot, catalog, settings)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(write_module, "atomic_write", full)
        report = write_items(catalog, [ids[0], ids[1]])
    assert report.failed == 2
    w._write_finished(report)  # what the write dialog hands the window
    count, blocked = w._unwritten_question()
    assert (count, blocked) == (2, [])  # both can be written: Write is offered
    text = w.unwritten_prompt(count, blocked)
    assert text.count("the disk is full") == 1  # the reason, once for both
    assert "The last write of these 2 photos (IMG_0000.jpg, IMG_0001.jpg) failed: the disk is full" in text
    # Written since (space freed): the failure is not said again.
    report = write_items(catalog, [ids[0]])
    assert report.written == 1
    w._write_finished(report)
    catalog.set_fields(ids[2], {"headline": "Storm, day three"})
    text = w.unwritten_prompt(*w._unwritten_question())
    assert "The last write of IMG_0001.jpg failed: the disk is full" in text
    w.close()


def test_a_write_that_failed_says_why_after_the_app_is_opened_again(qtbot, catalog_path, settings, tmp_path):
    """Left by an earlier walk: a write that failed (a read-only file) was shown with its reason in
    that session only; quit and reopened, the photo said just "not written". The reason is kept
    in the catalog: the inspector, the chip (red, with a cross), the tooltips and the quit prompt
    say it, until a write succeeds."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415
    from ui.models import TABLE_COLUMNS  # noqa: PLC0415
    from ui.views import pending_text  # noqa: PLC0415

    cat = Catalog.open(catalog_path)
    ids, gal = _photo_gallery(cat, tmp_path)
    path = cat.item(ids[1]).path
    cat.set_fields(ids[1], {"headline": "Storm, day two"})
    os.chmod(path, 0o444)
    try:
        assert write_items(cat, [ids[1]]).failed == 1
    except BaseException:
        os.chmod(path, 0o644)
        raise
    cat.close()
    cat = Catalog.open(catalog_path)  # the next session
    try:
        # Still read-only: the failure stands (the grid and the inspector check the file).
        w = open_window(qtbot, cat, settings)
        w.sidebar.select_source(Source("gallery", gal.id))
        _idle(qtbot, w)
        w.select_ids([ids[1]])
        qtbot.waitUntil(lambda: "Last write failed" in w.inspector.summary.text(), timeout=5000)
        assert "the file is read-only" in w.inspector.summary.text()
        assert "the file is read-only" in w.inspector.summary.toolTip()
        status_col = [c.name for c in TABLE_COLUMNS].index("status")
        row = w.table_model.row_of(ids[1])
        tip = w.table_model.data(w.table_model.index(row, status_col), Qt.ItemDataRole.ToolTipRole)
        assert "1 edit not written. Last write failed (" in tip and tip.endswith("the file is read-only")
        grid_tip = w.grid_model.data(w.grid_model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert grid_tip.endswith("the file is read-only")
        other = w.table_model.data(w.table_model.index(w.table_model.row_of(ids[0]), status_col),
                                   Qt.ItemDataRole.ToolTipRole)
        assert "Last write" not in other  # a photo with nothing waiting says nothing of writes
        assert pending_text(1, failed=True) == "✎ 1 ✕" and pending_text(1) == "✎ 1"
        os.chmod(path, 0o644)
        text = w.unwritten_prompt(*w._unwritten_question())
        # The file is writable again: the refusal is said as past, not as standing.
        assert "The last write of IMG_0001.jpg was refused (the file is read-only); it can be written now." in text
        assert "failed: the file is read-only" not in text
        # Written now: the failure is forgotten everywhere.
        report = write_items(cat, [ids[1]])
        assert report.written == 1
        w._write_finished(report)
        qtbot.waitUntil(lambda: "Last write" not in w.inspector.summary.text(), timeout=5000)
        assert "last write" not in w.inspector.summary.text()
        tip = w.table_model.data(w.table_model.index(row, status_col), Qt.ItemDataRole.ToolTipRole)
        assert "Last write" not in tip and "last write" not in tip
        w.close()
    finally:
        os.chmod(path, 0o644)
        cat.close()


def test_the_write_list_says_what_to_do_about_a_renamed_photo(qtbot, catalog, settings, tmp_path):
    """Ctrl+S listed a photo renamed after import as "cannot be written: the file is missing"
    and no more (the fourteenth walk)."""
    ids, gal = _photo_gallery(catalog, tmp_path)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[0], {"headline": "Porto under water"})
    catalog.set_fields(ids[1], {"headline": "Storm, day two"})
    path = Path(catalog.item(ids[1]).path)
    path.rename(path.with_name("renamed.jpg"))
    QTest.keySequence(w, "Ctrl+S")
    dlg = _write_dialog(qtbot, w)
    assert dlg.planned_ids() == [ids[0]]
    text = dlg.status.text()
    assert text.startswith("1 file cannot be written (listed in red): the others can.")
    assert "A missing file: if it was moved or renamed, import it from where it is now" in text
    dlg.reject()
