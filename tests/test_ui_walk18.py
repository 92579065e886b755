"""The eighteenth walk (a US sports desk on deadline): what the window did that surprised."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402


def _import(qtbot, w, path):
    w.import_paths([str(path)])
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=20000)


def test_a_photo_relinked_by_an_import_shows_its_new_file_name_in_the_inspector(qtbot, catalog, settings, tmp_path):
    """The walk: a file renamed behind the app's back was imported from where it was now ("1
    relinked"), and the inspector, still on that photo, went on naming the old file until another
    photo was clicked and this one again."""
    old = make_photo(tmp_path / "06-bell-file.jpg", fields={"caption": "Bell warms up. (AP Photo/Nick Wass, File)"})
    w = open_window(qtbot, catalog, settings, as_started=True)
    _import(qtbot, w, old)
    [item_id] = catalog.item_ids()
    w.select_ids([item_id])
    qtbot.waitUntil(lambda: "06-bell-file.jpg" in w.inspector.summary.text(), timeout=10000)

    new = old.rename(tmp_path / "06-bell-file-2025.jpg")
    _import(qtbot, w, new)

    assert w.last_import.relinked == 1 and catalog.item(item_id).path == str(new)
    qtbot.waitUntil(lambda: "06-bell-file-2025.jpg" in w.inspector.summary.text(), timeout=10000)


def test_recently_imported_after_an_import_that_only_relinked_says_what_its_count_is(qtbot, catalog, settings,
                                                                                   tmp_path):
    """The walk: "Recently imported 1" after "Imported 0 new, 1 relinked" read as a new photo.
    Recently imported is the whole last import (the tenth walk: a re-import that found nothing new
    does not empty it), so its count is the summary's parts added up, and its tooltip says them."""
    first = make_photo(tmp_path / "a.jpg", fields={"caption": "Bell warms up. (AP Photo/Nick Wass)"})
    make_photo(tmp_path / "b.jpg", fields={"caption": "Hall tackles Park. (AP Photo/Julio Cortez)"})
    w = open_window(qtbot, catalog, settings, as_started=True)
    _import(qtbot, w, tmp_path)
    moved = tmp_path / "moved"
    moved.mkdir()
    new = first.rename(moved / "a-2026.jpg")
    _import(qtbot, w, new)
    s = w.last_import
    assert (s.added, s.updated, s.relinked, s.unchanged) == (0, 0, 1, 0)
    entry = w.sidebar._library_items["recent"]
    qtbot.waitUntil(lambda: entry.text(1) == "1", timeout=10000)
    assert s.added + s.updated + s.relinked + s.unchanged == w.sidebar.counts()["recent"] == 1
    assert entry.toolTip(0) == "The 1 photo of the last import, new or found again: 0 new, 1 relinked"


PAGE = """PHOTOS: Herons rally past Lakeview 31-17

By Harbor Tribune staff

1 / 3
Harbor City Herons quarterback Marcus Bell (12) throws a pass against Lakeview, Saturday, Oct. 10, 2026, in Harbor City, Md. (AP Photo/Julio Cortez)

2 / 3
Harbor City linebacker Tyrese Hall (44) tackles Owen Park in Harbor City, Md., Friday, Oct. 10, 2026.
Dana Ortiz/The Harbor Tribune

3 / 3
Harbor City Herons players celebrate after defeating the Lakeview Lakers 31-17 on Oct. 10, 2026.

Advertisement
"""


def test_a_published_gallery_s_text_is_imported_from_the_file_menu(qtbot, catalog, settings, tmp_path):
    """The walk audited the paper's published gallery page with `creditline import-text`: the app
    had no way to. File > Import Gallery Text… reads the page as the command does, into a gallery
    of its own, and shows it, checked."""
    page = tmp_path / "herons-gallery.txt"
    page.write_text(PAGE, encoding="utf-8")
    w = open_window(qtbot, catalog, settings, as_started=True)
    assert w.act_import_text.text() == "Import &Gallery Text…"
    w.import_gallery_text(str(page), "Audit: herons-gallery")
    # read, parsed and stored off the UI thread: the window is live meanwhile
    qtbot.waitUntil(lambda: w.statusBar().currentMessage().startswith("Imported"), timeout=20000)
    gallery = catalog.gallery("Audit: herons-gallery")
    ids = catalog.gallery_item_ids(gallery.id)
    assert len(ids) == 3 and catalog.item(ids[2]).fields["caption"].startswith("Harbor City Herons players")
    assert w.statusBar().currentMessage() == "Imported 3 captions (kept 3 items, dropped 2 paragraphs of page text)"
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=10000)  # the gallery is shown
    # and checked: the caption with no credit, the wrong weekday
    qtbot.waitUntil(lambda: {f.rule for fs in catalog.findings(ids).values() for f in fs}
                    >= {"missing-credit", "weekday-mismatch"}, timeout=20000)


def test_a_page_with_no_caption_says_why_and_imports_nothing(qtbot, catalog, settings, tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("Sign up for the Tribune's Herons newsletter\n", encoding="utf-8")
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.import_gallery_text(str(page), "Audit: notes")
    qtbot.waitUntil(lambda: w.last_error is not None, timeout=20000)
    assert "No captions found" in w.last_error
    assert [g.name for g in catalog.galleries()] == []


def test_a_gallery_text_that_cannot_be_read_says_so_and_imports_nothing(qtbot, catalog, settings, tmp_path):
    """Read on a worker now: its failure still reaches the editor as one line, nothing imported."""
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.import_gallery_text(str(tmp_path / "gone.txt"), "Audit: gone")
    qtbot.waitUntil(lambda: w.last_error is not None, timeout=20000)
    assert "gone.txt" in w.last_error and "No such file" in w.last_error
    assert [g.name for g in catalog.galleries()] == []
