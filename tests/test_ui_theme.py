"""The dark theme draws controls a person can see (offscreen, measured on the rendered pixels)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton  # noqa: E402

from ui.app import apply_theme, make_application  # noqa: E402


def _indicator_contrast(qtbot, theme: str) -> float:
    """Brightest pixel of an unticked check box's indicator minus the window colour (lightness)."""
    make_application()
    apply_theme(theme)
    try:
        box = QCheckBox("Headline")
        qtbot.addWidget(box)
        box.resize(160, 30)
        box.show()
        qtbot.waitExposed(box)
        img = box.grab().toImage()
        opt = QStyleOptionButton()
        box.initStyleOption(opt)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, box)
        window = QColor(box.palette().window().color()).lightnessF()
        return max(QColor(img.pixel(x, y)).lightnessF()
                   for x in range(rect.left(), rect.right() + 1)
                   for y in range(rect.top(), rect.bottom() + 1)) - window
    finally:
        apply_theme("light")


def test_unticked_check_box_is_visible_in_the_dark_theme(qtbot):
    assert _indicator_contrast(qtbot, "dark") > 0.2


def test_light_theme_check_box_unchanged_and_visible(qtbot):
    # In the light theme the box shows by its white fill on the grey window.
    assert _indicator_contrast(qtbot, "light") > 0.02
