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
