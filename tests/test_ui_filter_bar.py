"""The filter bar keeps one width whatever its count says (the eleventh walk)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from ui.filter_bar import FilterBar  # noqa: E402


def test_the_bar_keeps_its_width_whatever_the_count_says(qtbot):
    """At 1440 x 900 the grid's pane is as narrow as the bar, so each count the bar showed
    ("40 photos", "6 of 40", "123 items", "3 items") moved the sidebar and the inspector a few
    pixels: the walk saw the panes jump at every filter and every gallery. The bar's least
    width stays put for counts up to "999 of 9,999" (its value depends on the style and font:
    819 px with Qt's default, 832 with the app's); a longer count is shown whole."""
    bar = FilterBar()
    qtbot.addWidget(bar)
    widths = set()
    for shown, total in ((40, None), (6, 40), (1, None), (999, 9999), (12, 12)):
        bar.set_count(shown, total)
        widths.add(bar.minimumSizeHint().width())
    bar.name_count("123 items")
    widths.add(bar.minimumSizeHint().width())
    bar.name_count("3 items")
    widths.add(bar.minimumSizeHint().width())
    assert len(widths) == 1
    bar.set_count(12345, 200000)
    label = bar.count_label
    assert label.minimumWidth() >= label.fontMetrics().horizontalAdvance(label.text())
