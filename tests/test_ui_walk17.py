"""The seventeenth walk: a German regional desk and its pipeline gate (Xvfb, /tmp/walk17)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from ui.sidebar import Sidebar  # noqa: E402


def test_a_gallery_count_is_written_as_the_library_counts_are(qtbot, catalog):
    """The walk: two gate runs put 4,000 photos in each of two galleries; the sidebar said
    "All photos 4,000" and, under it, "Big A 4000" (its tooltip "4000 photos")."""
    gal = catalog.create_gallery("Big A")
    catalog.add_caption_items(({"caption": f"Caption {n}. Foto: Jörg Weiß/dpa"} for n in range(1234)), gallery_id=gal.id)
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    bar.reload_galleries()
    bar.refresh_counts()
    entry = bar.gallery_entry(gal.id)
    qtbot.waitUntil(lambda: bar.counts().get("all") == 1234)
    assert entry.text(1).split()[0] == "1,234"
    assert "1,234 photos" in entry.toolTip(0)
    library = [bar.topLevelItem(0).child(j).text(1) for j in range(bar.topLevelItem(0).childCount())]
    assert "1,234" in library  # the library's own count, the form the gallery's now follows
