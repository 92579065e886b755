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


@pytest.mark.parametrize("kind", ["line", "area"])
def test_text_fields_have_a_visible_edge_in_the_dark_theme(qtbot, kind):
    """Fusion frames a field with the window colour darkened: invisible on the dark palette."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

    make_application()
    apply_theme("dark")
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        layout = QVBoxLayout(holder)
        focus_sink = QLineEdit("has the focus")  # a focused field gets Fusion's blue ring instead
        field = QLineEdit("Volunteers race the Mondego") if kind == "line" else QPlainTextEdit("A caption.")
        layout.addWidget(focus_sink)
        layout.addWidget(field)
        holder.resize(320, 160)
        holder.show()
        qtbot.waitExposed(holder)
        focus_sink.setFocus()
        img = holder.grab().toImage()
        g = field.geometry()
        window = QColor(holder.palette().window().color()).lightnessF()
        edge = max(QColor(img.pixel(g.left() + dx, g.center().y())).lightnessF() for dx in range(0, 2))
        assert edge - window > 0.12
    finally:
        apply_theme("light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_disabled_field_s_placeholder_looks_disabled(qtbot, theme):
    """The second walk: in Import errors the filter bar is disabled, and "Any status" dimmed
    while the Agency and Photographer boxes and the search field (placeholders) did not."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    make_application()
    apply_theme(theme)
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        layout = QVBoxLayout(holder)
        sink, on, off = QLineEdit("focus"), QLineEdit(), QLineEdit()
        for field in (on, off):
            field.setPlaceholderText("Agency")
            layout.addWidget(field)
        layout.addWidget(sink)
        off.setEnabled(False)
        holder.show()
        qtbot.waitExposed(holder)
        sink.setFocus()

        def ink(field: QLineEdit) -> float:  # how far the placeholder's darkest/lightest pixel is from the field
            img = field.grab().toImage()
            bg = QColor(img.pixel(img.width() - 4, img.height() // 2)).lightnessF()
            return max(abs(QColor(img.pixel(x, y)).lightnessF() - bg)
                       for x in range(4, min(img.width() - 4, 80)) for y in range(3, img.height() - 3))

        assert ink(off) < ink(on) - 0.05, (ink(off), ink(on))
    finally:
        apply_theme("light")
