"""Screenshots of the main window on the demo gallery: grid and table, light and dark.

The PNGs land in ``screenshots/`` (git-ignored) for a person to look at; the test
checks what can be checked by machine: thumbnails really loaded (no placeholder
left), the badges' colours present, dark is dark and light is light.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from app.demo import DEMO_GALLERY, build_demo  # noqa: E402
from ui.app import apply_theme, make_application  # noqa: E402
from ui.main_window import GRID, TABLE, MainWindow  # noqa: E402
from ui.views import STATUS_COLORS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="module")
def demo_catalog(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("shots") / "catalog.sqlite")


def _mean_luma(img: QImage) -> float:
    total, n = 0.0, 0
    for y in range(0, img.height(), 17):
        for x in range(0, img.width(), 17):
            total += QColor(img.pixel(x, y)).lightnessF()
            n += 1
    return total / n


def _has_colour(img: QImage, colour: QColor, tolerance: int = 18) -> bool:
    r, g, b = colour.red(), colour.green(), colour.blue()
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = QColor(img.pixel(x, y))
            if abs(c.red() - r) + abs(c.green() - g) + abs(c.blue() - b) <= tolerance:
                return True
    return False


def _demo_window(qtbot, cat, demo_catalog, tmp_path, mode):  # noqa: ANN001, ANN202
    """The window at 1440x900 on the demo gallery, in ``mode``, every row there."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(cat, settings)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w._panels_built, timeout=10000)
    assert w.open_gallery(DEMO_GALLERY)
    w.set_view_mode(mode)
    qtbot.waitUntil(lambda: w.model.rowCount() == len(demo_catalog.item_ids), timeout=10000)
    return w


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("mode", [GRID, TABLE])
def test_screenshot(qtbot, qapp, demo_catalog, tmp_path, theme, mode):
    from app.catalog import Catalog

    make_application()  # the style and style sheet the real app runs with
    apply_theme(theme)
    cat = Catalog.open(demo_catalog.catalog_path)
    try:
        w = _demo_window(qtbot, cat, demo_catalog, tmp_path, mode)
        w.select_ids([demo_catalog.item_ids[3]])  # the photo with the wrong weekday
        qtbot.waitUntil(lambda: not w.runner.active(), timeout=10000)
        # Every visible thumbnail arrives (the grid shows about nine, the table about ten rows).
        qtbot.waitUntil(lambda: w.thumbnails.cached_count() >= 8 and w.thumbnails.idle(), timeout=20000)
        qtbot.wait(300)  # the inspector's preview, loaded off the UI thread
        img = w.grab().toImage()
        OUT.mkdir(exist_ok=True)
        name = f"main-{'grid' if mode == GRID else 'table'}-{theme}.png"
        assert img.save(str(OUT / name))
        assert img.width() >= 1400 and img.height() >= 880
        luma = _mean_luma(img)
        assert (luma < 0.4) if theme == "dark" else (luma > 0.6), luma
        for status in ("error", "warning", "clean"):  # all three badges are on screen
            assert _has_colour(img, STATUS_COLORS[status]), status
        w.close()
    finally:
        apply_theme("light")
        cat.close()


def test_screenshot_of_a_multi_selection(qtbot, qapp, demo_catalog, tmp_path):
    """Five photos selected: the inspector's mosaic with "+2", the count and the findings."""
    from app.catalog import Catalog

    make_application()
    apply_theme("light")
    cat = Catalog.open(demo_catalog.catalog_path)
    try:
        w = _demo_window(qtbot, cat, demo_catalog, tmp_path, GRID)
        w.select_ids(demo_catalog.item_ids[3:8])
        qtbot.waitUntil(lambda: len(w.inspector.preview_tiles()) == 4, timeout=10000)
        qtbot.waitUntil(lambda: not w.runner.active() and w.thumbnails.idle(), timeout=20000)
        assert w.inspector.preview_more() == 2
        assert "5 photos selected" in w.inspector.summary.text()
        assert "errors" in w.inspector.summary.text()
        img = w.grab().toImage()
        OUT.mkdir(exist_ok=True)
        assert img.save(str(OUT / "main-multi-selection.png"))
        w.close()
    finally:
        cat.close()
