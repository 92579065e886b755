"""The write dialog names each photo as the desk knows it: its number in the gallery and its
headline (or its caption's start), the file name second, fitted to the list so nothing is cut
off (left35: it named photos by file only)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QStyleOptionViewItem  # noqa: E402

from app.metadata.read import read_file  # noqa: E402
from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.sidebar import Source  # noqa: E402
from ui.write_dialog import PARTS_ROLE, _note_row  # noqa: E402

LONG = ("Residents of the riverside district wade through a flooded street after Storm Elowen pushed "
        "the Douro over its banks for the second time in a week")


def _shown_text(dlg, top) -> str:
    """The row's text as the list draws it at its width."""
    tree = dlg.tree
    index = tree.indexFromItem(top, 0)
    option = QStyleOptionViewItem()
    option.initFrom(tree.viewport())
    option.rect = tree.visualRect(index)
    option.widget = tree
    tree.itemDelegateForColumn(0).initStyleOption(option, index)
    return option.text, option.fontMetrics.horizontalAdvance(option.text), option.rect.width()


def test_the_write_list_names_photos_by_number_and_headline_then_file(qtbot, catalog, settings, tmp_path):
    names = ["DSC_0412.jpg", "DSC_0413.jpg", "DSC_0414.jpg"]
    ids = [catalog.apply_read(read_file(make_photo(tmp_path / n, fields={"caption": "Old"}, width=120,
                                                   height=80))).item_id for n in names]
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, [ids[2], ids[0], ids[1]])  # the gallery's order, not the files'
    catalog.set_fields(ids[0], {"headline": LONG})
    catalog.set_fields(ids[1], {"caption": "Firefighters pump water out of a basement in Porto, Portugal."})
    catalog.set_fields(ids[2], {"headline": "Boats adrift"})
    w = open_window(qtbot, catalog, settings, size=(1000, 700))
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=10000)
    w.act_write_pending.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    rows = {dlg.tree.topLevelItem(n).data(0, PARTS_ROLE): dlg.tree.topLevelItem(n)
            for n in range(dlg.tree.topLevelItemCount())}
    assert set(rows) == {("02", LONG, "DSC_0412.jpg"),
                         ("03", "Firefighters pump water out of a basement in Porto, Portugal.", "DSC_0413.jpg"),
                         ("01", "Boats adrift", "DSC_0414.jpg")}
    boats = rows[("01", "Boats adrift", "DSC_0414.jpg")]
    assert boats.text(0) == "01 · Boats adrift — DSC_0414.jpg"
    assert "DSC_0414.jpg" in boats.toolTip(0) and "Boats adrift" in boats.toolTip(0)
    # The long headline gives way: the number and the whole file name are drawn, within the column.
    long_row = rows[("02", LONG, "DSC_0412.jpg")]
    for width in (920, 720):
        dlg.resize(width, 520)
        qtbot.wait(50)
        text, advance, room = _shown_text(dlg, long_row)
        assert text.startswith("02 · Residents") and text.endswith(" — DSC_0412.jpg"), text
        assert "…" in text and advance <= room, (text, advance, room)


def test_outside_a_gallery_the_write_list_numbers_photos_by_id(qtbot, catalog, settings, tmp_path):
    item = catalog.apply_read(read_file(make_photo(tmp_path / "IMG_1.jpg", fields={"caption": "Old"},
                                                   width=120, height=80))).item_id
    catalog.set_fields(item, {"headline": "Gale fells trees"})
    w = open_window(qtbot, catalog, settings)
    w.select_ids([item])
    w.act_write.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.tree.topLevelItem(0).text(0) == f"#{item} · Gale fells trees — IMG_1.jpg"


def test_a_long_reason_or_warning_leaves_the_names_whole_and_is_whole_in_its_tooltip(qtbot, catalog, settings,
                                                                                    tmp_path):
    """leftb35: a photo that will be skipped ("changed on disk since it was read: its size
    changed …; re-import it or use --force") widened the outcome column to its whole reason: the
    photo names were squeezed to "03 · 03-elow…rch.jpg" and the list scrolled sideways, its
    right edge cut off; a long warning under a photo had no tooltip. Now nothing reaches past the
    list's edge, the names are drawn whole within their column, and what is elided is whole in
    its tooltip, at the dialog's least width and wider."""
    names = ["DSC_0412.jpg", "DSC_0413.jpg"]
    paths = [tmp_path / n for n in names]
    ids = [catalog.apply_read(read_file(make_photo(p, fields={"caption": "Old"}, width=120, height=80))).item_id
           for p in paths]
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    for i in ids:
        catalog.set_fields(i, {"headline": "Boats adrift"})
    make_photo(paths[1], fields={"caption": "Changed by another program after the import."}, width=160, height=100)
    w = open_window(qtbot, catalog, settings, size=(1000, 700))
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=10000)
    w.act_write_pending.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    tree = dlg.tree
    rows = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    skipped = next(r for r in rows if r.text(1).startswith("will be skipped: "))
    assert len(skipped.text(1)) > 60  # the long reason this is about
    # A warning row as the dialog adds one (a signed photo's, in the demo: "has Content Credentials …").
    warning = "Warning: " + "has Content Credentials (valid: signed by a long signer name) " * 3
    rows[0].addChild(_note_row(warning))
    for width in (720, 920, 1400):
        dlg.resize(width, 520)
        qtbot.wait(50)
        room = tree.viewport().width()
        assert tree.columnWidth(0) + tree.columnWidth(1) <= room, (width, tree.columnWidth(1), room)
        assert tree.horizontalScrollBar().maximum() == 0
        for top in rows:
            text, advance, rect = _shown_text(dlg, top)
            assert text.endswith(top.data(0, PARTS_ROLE)[2]) and advance <= rect, (width, text)
        fm = tree.fontMetrics()
        for item in [*rows, *(r.child(j) for r in rows for j in range(r.childCount()))]:
            for col in (0, 1):
                cell = tree.visualRect(tree.indexFromItem(item, col))
                if item.text(col) and fm.horizontalAdvance(item.text(col)) > cell.width():
                    assert item.toolTip(col), (col, item.text(col))  # elided: said whole on hover
        assert skipped.toolTip(1) == skipped.text(1)
        assert rows[0].child(rows[0].childCount() - 1).toolTip(0) == warning
