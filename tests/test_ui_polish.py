"""Small readability fixes found by looking at the app: names kept whole, labels not clipped."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QFontMetrics  # noqa: E402

from ui.export_dialog import ExportDialog  # noqa: E402
from ui.models import COLUMN_INDEX, STATUS_LABEL, TABLE_COLUMNS  # noqa: E402
from ui.sidebar import Sidebar  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def test_export_file_name_keeps_brackets_and_drops_path_characters(qtbot, catalog):
    gal = catalog.create_gallery("Storm Elowen (demo)")
    dlg = ExportDialog(catalog, TaskRunner(), gallery=gal)
    qtbot.addWidget(dlg)
    assert dlg.path.text().endswith("Storm Elowen (demo).pdf")
    assert not dlg.progress.isTextVisible()  # no "0%" before an export runs
    bad = catalog.create_gallery("Floods: Porto/Lisbon?")
    dlg2 = ExportDialog(catalog, TaskRunner(), gallery=bad)
    qtbot.addWidget(dlg2)
    assert dlg2.path.text().endswith("Floods_ Porto_Lisbon_.pdf")


def test_export_file_name_of_a_long_gallery_name_fits_a_file_system(qtbot, catalog):
    """The walk's gallery name was 141 characters; one in Greek of that length is 280 bytes, past
    the 255 a file name may hold, and the export would fail on the dialog's own suggestion."""
    from pathlib import Path  # noqa: PLC0415

    greek = catalog.create_gallery("Καταιγίδα στη Λισαβόνα " * 6 + "τελικό")
    night = catalog.create_gallery("Night desk: storm aftermath, state visit of the President of the European "
                                   "Commission to Lisbon and the Porto derby, embargo until 06:00 Monday")
    for gal in (greek, night):
        dlg = ExportDialog(catalog, TaskRunner(), gallery=gal)
        qtbot.addWidget(dlg)
        name = Path(dlg.path.text()).name
        assert name.endswith(".pdf") and len(name.encode()) <= 124 and not name.endswith(" .pdf")
        assert name.startswith(gal.name[:20].replace(":", "_"))
        assert not name[:-4].endswith(("Λισαβ", "Commiss", ","))  # cut at a word


def test_sidebar_tooltip_names_the_gallery_whole(qtbot, catalog):
    catalog.create_gallery("Storm Elowen (demo) — Portugal, all regions")
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    bar.reload_galleries()
    entries = [bar.topLevelItem(i).child(j) for i in range(bar.topLevelItemCount())
               for j in range(bar.topLevelItem(i).childCount())]
    tips = [e.toolTip(0) for e in entries]
    assert any(t.startswith("Storm Elowen (demo) — Portugal, all regions\n") for t in tips), tips


def test_status_column_fits_its_longest_label(qtbot):
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    qtbot.addWidget(view)
    metrics = QFontMetrics(view.font())
    icon_and_padding = 16 + 4 + 2 * 6 + 8  # decoration, its gap, cell padding, a visible gap after
    widest = max(metrics.horizontalAdvance(label) for label in STATUS_LABEL.values())
    assert TABLE_COLUMNS[COLUMN_INDEX["status"]].width >= widest + icon_and_padding


def test_marking_a_gallery_ready_with_errors_asks_first(qtbot, catalog, monkeypatch):
    """The walk: Gallery > Mark as Ready on a gallery with 6 photos in error (that `creditline
    check` stops) and an edit not written changed its status without a word."""
    from PySide6.QtWidgets import QMessageBox

    from app.model import Finding, GalleryStatus, Severity

    g = catalog.create_gallery("Night desk")
    a, b = catalog.add_caption_item({"caption": "x"}), catalog.add_caption_item({"caption": "y"})
    catalog.add_to_gallery(g.id, [a, b])
    catalog.store_findings({a: [Finding("missing-credit", Severity.ERROR, "caption", "no credit")], b: []})
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or answer[0])
    bar.request_status(g.id, GalleryStatus.READY)
    assert asked == ["This gallery has 1 photo in error.\n\nMark it ready anyway? (creditline check stops a "
                     "gallery with errors.)"]
    assert catalog.gallery(g.id).status == "draft"  # No: left as it was
    answer[0] = QMessageBox.StandardButton.Yes
    bar.request_status(g.id, GalleryStatus.PUBLISHED)
    assert catalog.gallery(g.id).status == "published"
    bar.request_status(g.id, GalleryStatus.DRAFT)  # back to draft: nothing to ask
    assert len(asked) == 2 and catalog.gallery(g.id).status == "draft"
    catalog.store_findings({a: []})
    bar.request_status(g.id, GalleryStatus.READY)  # clean and written: nothing to ask
    assert len(asked) == 2 and catalog.gallery(g.id).status == "ready"


def test_sidebar_shows_a_long_gallery_name_whole_in_the_window(qtbot, catalog, settings, request):
    """The walks: 'Sunday edition: Storm aftermath in Porto and Aveiro, wire round-up' read
    'Sunday edition: Sto…' in the sidebar, only the tooltip said which gallery it was (and
    nothing else in the window names it). The entry wraps its name over as many lines as it takes."""
    from PySide6.QtCore import QRect, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from tests.uisession import open_window  # noqa: PLC0415
    from ui.app import make_application  # noqa: PLC0415
    from ui.sidebar import Source  # noqa: PLC0415

    make_application()  # the app's style: the sidebar's item padding (ui.app.SIDEBAR_STYLE) narrows the text
    name = "Sunday edition: Storm aftermath in Porto and Aveiro, wire round-up"
    long = catalog.create_gallery(name)
    catalog.add_to_gallery(long.id, [catalog.add_caption_item({"caption": f"Photo {i}"}) for i in range(100)])
    short = catalog.create_gallery("Floods")
    w = open_window(qtbot, catalog, settings)
    w.resize(1440, 900)
    w.sidebar.reload_galleries()
    w.sidebar.select_source(Source("gallery", long.id))
    bar = w.sidebar
    qtbot.waitUntil(lambda: bar.gallery_entry(long.id) is not None)
    entry, other = bar.gallery_entry(long.id), bar.gallery_entry(short.id)
    fm = bar.fontMetrics()
    sizes = w.splitter.sizes()
    for width in range(180, 300, 7):  # wherever the editor drags the sidebar's edge
        w.splitter.setSizes([width, sizes[1] + sizes[0] - width, *sizes[2:]])
        QApplication.processEvents()
        col = bar.columnWidth(0)
        assert col < fm.horizontalAdvance(name)  # too narrow for one line: the case at hand
        # The text's width: the column less the indentation, the item's padding (2 px each
        # side, ui.app.STYLE) and the style's text margins (3 px each side).
        needed = fm.boundingRect(QRect(0, 0, col - bar.indentation() - 2 * 2 - 2 * 3, 10_000),
                                 int(Qt.TextFlag.TextWordWrap), name).height()
        rect = bar.visualItemRect(entry)
        assert rect.height() >= needed + 2 * 3 > fm.height(), width  # every line of it, and its padding
    assert bar.visualItemRect(other).height() < 2 * fm.height()  # a short name stays one line


def test_the_sidebar_keys_go_from_source_to_source_never_to_a_section_title(qtbot, catalog):
    """The fourteenth walk pressed Alt+Left (move a photo earlier) with the focus in the sidebar:
    Left climbed to the GALLERIES title, which nothing highlights, while Night A's photos stayed
    in view; Up and Home reached the titles too. The keys now go from source to source."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    from ui.sidebar import Source  # noqa: PLC0415

    a = catalog.create_gallery("Night A")
    b = catalog.create_gallery("Night B")
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    bar.reload_galleries()
    bar.show()
    shown = []
    bar.source_changed.connect(shown.append)

    def press(key, mod=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(bar, key, mod)
        return bar.current_source()

    bar.select_source(Source("gallery", a.id))
    assert press(Qt.Key.Key_Left) == Source("gallery", a.id)
    assert press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier) == Source("gallery", a.id)
    assert press(Qt.Key.Key_Right) == Source("gallery", a.id)
    assert press(Qt.Key.Key_Up) == Source("import_errors")  # over the GALLERIES title
    assert press(Qt.Key.Key_Down) == Source("gallery", a.id)
    assert press(Qt.Key.Key_Down) == Source("gallery", b.id)
    assert press(Qt.Key.Key_Down) == Source("gallery", b.id)  # the last: stays
    assert press(Qt.Key.Key_Home) == Source("all")  # not the LIBRARY title
    assert press(Qt.Key.Key_Up) == Source("all")
    assert press(Qt.Key.Key_End) == Source("gallery", b.id)
    assert all(src is not None for src in shown) and bar.selectedItems() == [bar.currentItem()]
