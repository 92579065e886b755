"""Importing in the app, browsable first: the grid and the findings are there as soon as the
catalog is complete and checked; thumbnails fill in as they land, placeholders meanwhile."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

from tests.imagefactory import make_photo  # noqa: E402
from ui import models  # noqa: E402
from ui.import_worker import THUMBNAILS_TASK_NAME  # noqa: E402
from ui.main_window import START_SIZE, MainWindow  # noqa: E402


def test_grid_and_findings_first_then_thumbnails_fill_in(qtbot, catalog, settings, tmp_path, monkeypatch):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for i in range(12):
        caption = f"Rescue boat number {i} in Porto, Portugal, June 3, 2026. REUTERS/Ada Brin" if i % 4 else ""
        make_photo(folder / f"photo{i:02d}.jpg", fields={"caption": caption, "headline": f"Boat {i}"})

    import app.importer as importer

    gate = threading.Event()
    real_thumbnail = importer.thumbnail_one

    def gated(task, thumbs_dir):  # jobs=1: thumbnails are made on the task thread, one by one
        gate.wait(30)
        return real_thumbnail(task, thumbs_dir)

    monkeypatch.setattr(importer, "thumbnail_one", gated)
    decoded_sources: list[str] = []
    real_load = models.load_thumbnail_image

    def spy(path, thumb_file, size):
        if thumb_file is None or not thumb_file.endswith(".jpg"):
            decoded_sources.append(path)
        return real_load(path, thumb_file, size)

    monkeypatch.setattr(models, "load_thumbnail_image", spy)

    w = MainWindow(catalog, settings, import_jobs=1)
    qtbot.addWidget(w)
    w.resize(*START_SIZE)  # the layout's size; the offscreen screen is smaller (main_window.start_size)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w._panels_built, timeout=10000)
    events: list[str] = []
    w.importer.checked.connect(lambda: events.append("checked"))
    w.importer.thumbnails_landed.connect(lambda ids: events.append(f"thumbnails {len(ids)}"))
    w.import_paths([str(folder)])

    # The catalog is complete and checked while no thumbnail exists yet.
    qtbot.waitUntil(lambda: events == ["checked"], timeout=60000)
    qtbot.waitUntil(lambda: w.model.rowCount() == 12, timeout=20000)
    ids = w.model.ids()
    assert catalog.stale_item_ids() == []
    assert catalog.status_counts(ids)["error"] == 3  # the three blank captions
    assert all(i.thumb_key is None for i in catalog.items(ids))
    assert w.importer.task.name == THUMBNAILS_TASK_NAME  # the status bar counts thumbnails now
    for row in range(12):  # placeholders: nothing is decoded from the photos themselves
        assert w.thumbnails.pixmap(w.model.item_at(row)) is None
    qtbot.wait(200)
    assert decoded_sources == [] and w.thumbnails.idle()

    gate.set()
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    assert [e for e in events if e.startswith("thumbnails")]
    assert all(i.thumb_key for i in catalog.items(ids))
    # Every row shown gets its thumbnail from the cache, not from the photo.
    qtbot.waitUntil(lambda: all(w.thumbnails.pixmap(w.model.item_at(r)) is not None for r in range(12)),
                    timeout=20000)
    assert decoded_sources == []
    assert w.last_import.thumbnails_made == 12
