"""Round 5 of the newcomer's walk: what an editor tripped on, driven as the editor drove it.

Each test drives the widgets as a user does (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _idle(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=timeout)


def _gallery_of_findings(catalog, n=12):
    """``n`` photos in a gallery, each with several findings (no credit, a doubled word, a
    weekday that does not match its date), so the findings list is longer than its view."""
    from app.validation import refresh_findings  # noqa: PLC0415

    ids = [catalog.add_caption_item({"headline": f"Flood {i}",
                                     "caption": f"Water rises in in Lisbon, Portugal, Monday, May 5, 2026, day {i}."})
           for i in range(n)]
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    refresh_findings(catalog, ids)
    return ids, gal


def test_a_click_on_a_finding_picks_that_finding_not_another_of_its_photo(qtbot, catalog, settings):
    """The walk: photo 22 shown, a click on the error of another photo further down the list
    picked a spelling note of that photo instead (the list scrolled the photo's findings to the
    top under the mouse, and the click landed on whatever row was then there)."""
    ids, gal = _gallery_of_findings(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    panel = w.findings_panel
    w.select_ids([ids[0]])
    _idle(qtbot, w)
    rows = panel.model.rows()
    per_item = sum(1 for r in rows if r.item_id == ids[0])
    assert per_item >= 2
    view = panel.view
    # The second finding of another photo, shown at the foot of the list (not at its top).
    target = next(n for n, r in enumerate(rows)
                  if r.item_id != ids[0] and rows[n - 1].item_id == r.item_id)
    view.scrollTo(panel.model.index(target, 4), view.ScrollHint.PositionAtBottom)
    assert view.visualRect(panel.model.index(target, 4)).top() > 0
    wanted = rows[target]
    rect = view.visualRect(panel.model.index(target, 4))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.selected_ids() == [wanted.item_id]
    picked = panel.selected_row()
    assert picked is not None
    assert (picked.item_id, picked.finding.rule, picked.finding.start) == \
        (wanted.item_id, wanted.finding.rule, wanted.finding.start)
