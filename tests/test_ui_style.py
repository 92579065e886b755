"""The app's look is given widget by widget: the item views paint through the app's own style.

With one application style sheet every widget painted through Qt's QStyleSheetStyle, whose
look-ups cost ~38 % of a page's paint in the table (docs/benchmarks.md); the screenshots
before and after the change are pixel for pixel the same (the settings' date field aside).
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QFrame  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.app import DARK, HEADER_STYLE, LIGHT, SIDEBAR_STYLE, TAG_FILTER_STYLE, apply_theme, make_application  # noqa: E402
from ui.main_window import TABLE  # noqa: E402


def _style_class(widget) -> str:  # noqa: ANN001
    return widget.style().metaObject().className()


def test_the_item_views_carry_no_style_sheet_and_the_rest_keeps_its_look(qtbot, catalog, settings):
    app = make_application()
    apply_theme("light")
    catalog.add_caption_items([{"caption": f"Photo {i}"} for i in range(30)])
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(TABLE)
    qtbot.waitUntil(lambda: w.model.rowCount() == 30)
    assert app.styleSheet() == ""
    for view in (w.grid, w.table, w.findings_panel.view):
        for widget in (view, view.viewport()):
            assert _style_class(widget) != "QStyleSheetStyle", widget
            assert widget.style() is app.style()
        assert view.frameShape() == QFrame.Shape.NoFrame  # the sheet's "border: none"
    # Each rule of the old application sheet is on the widgets it styles.
    assert w.sidebar.styleSheet() == SIDEBAR_STYLE
    assert w.table.horizontalHeader().styleSheet() == HEADER_STYLE
    assert w.filter_bar.tagged.styleSheet() == TAG_FILTER_STYLE
    assert "padding: 0 8px" in w.count_label.styleSheet()
    assert "placeholder-text" in w.empty_hint.styleSheet()

    # The splitter's handles: a bar in the palette's mid colour, in both themes and after a switch.
    handle = w.splitter.handle(1)
    for theme, colours in (("dark", DARK), ("light", LIGHT)):
        apply_theme(theme)
        QApplication.processEvents()
        img = handle.grab().toImage()
        assert {QColor(img.pixel(x, img.height() // 2)).name() for x in range(img.width())} == {colours["Mid"]}
        # The checked tag button is filled in the new palette's highlight (its sheet resolved again).
        w.filter_bar.tagged.setChecked(True)
        QApplication.processEvents()
        img = w.filter_bar.tagged.grab().toImage()
        assert QColor(img.pixel(3, img.height() // 2)).name() == colours["Highlight"]  # left of the text
        assert w.sidebar.viewport().palette().color(QPalette.ColorRole.Window).name() == colours["Window"]
        w.filter_bar.tagged.setChecked(False)
