"""The window notices photos another program changed on disk (a sidecar Lightroom rewrote
beside a RAW, a photo Photo Mechanic saved): when one is selected, or the window is active
again, its file is read again in the background. An edit not written yet wins, and is said."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.imagefactory import make_photo  # noqa: E402
from tests.test_follow_files import _later, _raw  # noqa: E402
from tests.test_importer import SIDECAR  # noqa: E402
from tests.uisession import open_window, wait_idle, wait_until  # noqa: E402


def _imported(qtbot, w, *paths):
    w.import_paths([str(p) for p in paths])
    wait_until(qtbot, lambda: not w.importer.running)
    wait_idle(qtbot, w.runner)


def test_a_sidecar_rewritten_elsewhere_shows_when_the_window_is_active_again(qtbot, catalog, settings, tmp_path):
    raw, sidecar = _raw(tmp_path, "Caption as imported")
    make_photo(tmp_path / "b.jpg", fields={"caption": "Another photo"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, raw, tmp_path / "b.jpg")
    raw_id = catalog.file_record(raw).id
    other = catalog.file_record(tmp_path / "b.jpg").id
    w.select_ids([other])  # the RAW is in the view, not selected
    wait_idle(qtbot, w.runner)

    sidecar.write_text(SIDECAR.format("Caption from Lightroom"))
    _later(sidecar, catalog.file_record(raw).read_at_ns)
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))  # back from Lightroom
    wait_until(qtbot, lambda: catalog.item(raw_id).fields.get("caption") == "Caption from Lightroom")
    wait_idle(qtbot, w.runner)
    assert "changed on disk" in w.statusBar().currentMessage()
    w.select_ids([raw_id])
    wait_until(qtbot, lambda: w.inspector.editors["caption"].text() == "Caption from Lightroom")
    assert w.follow_conflict_dialog is None


def test_an_edit_not_written_wins_and_the_conflict_is_said(qtbot, catalog, settings, tmp_path):
    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "Old caption", "headline": "Old headline"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, photo)
    [item_id] = catalog.item_ids()
    w.session.edit_fields({item_id: {"caption": "Caption edited on the desk"}}, "Edit")
    read_at = catalog.file_record(photo).read_at_ns

    make_photo(photo, fields={"caption": "Caption from Photo Mechanic", "headline": "Headline from Photo Mechanic"})
    _later(photo, read_at)
    w.select_ids([item_id])  # shown: its file is looked at
    wait_until(qtbot, lambda: w.follow_conflict_dialog is not None)
    wait_idle(qtbot, w.runner)
    box = w.follow_conflict_dialog
    assert "kept" in box.text() and "Ctrl+S" in box.text()
    assert "a.jpg: Caption (the file now says “Caption from Photo Mechanic”)" in box.informativeText()
    item = catalog.item(item_id)
    assert item.fields["caption"] == "Caption edited on the desk" and "caption" in item.changed_fields()
    assert item.fields["headline"] == "Headline from Photo Mechanic"
    wait_until(qtbot, lambda: w.inspector.editors["headline"].text() == "Headline from Photo Mechanic")
    assert w.inspector.editors["caption"].text() == "Caption edited on the desk"
    box.close()


def test_an_unchanged_file_is_not_read_and_a_touched_one_is_read_again_quietly(qtbot, catalog, settings, tmp_path):
    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "Same"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, photo)
    [item_id] = catalog.item_ids()
    read_at = catalog.file_record(photo).read_at_ns
    w.select_ids([item_id])
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    wait_idle(qtbot, w.runner)
    # not read: size and mtime as read (read_at_ns is what apply_read sets on any reading; the
    # Item has no modified_at, so the check of it this test had could never run)
    assert catalog.file_record(photo).read_at_ns == read_at
    os.utime(photo, ns=(read_at + 10**9, read_at + 10**9))  # touched: read again, same values
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    wait_until(qtbot, lambda: catalog.file_record(photo).read_at_ns != read_at)
    wait_idle(qtbot, w.runner)
    assert catalog.item(item_id).fields["caption"] == "Same" and w.follow_conflict_dialog is None


def test_a_photo_that_cannot_be_read_again_is_said_and_kept(qtbot, catalog, settings, tmp_path):
    """Another program's save caught half done (a 0-byte file, cut short): the catalog keeps what
    it held, the status bar says which photo and why, where nothing was said."""
    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "Caption as imported"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, photo)
    [item_id] = catalog.item_ids()
    photo.write_bytes(b"")  # truncated by the other program's save, not written yet
    w.select_ids([item_id])
    wait_until(qtbot, lambda: "a.jpg: empty file" in w.statusBar().currentMessage())
    wait_idle(qtbot, w.runner)
    assert "kept as it was" in w.statusBar().currentMessage()
    assert catalog.item(item_id).fields["caption"] == "Caption as imported"
    assert w.inspector.editors["caption"].text() == "Caption as imported"


def test_a_file_another_program_left_unreadable_is_said_once(qtbot, catalog, settings, tmp_path):
    """review37: a changed file that could not be read again was dropped without a word (the
    report's failures were never looked at): the catalog kept the old reading while the file on
    disk no longer says it, and nothing told the desk. It is said, once for that state of the file."""
    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "Kept"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, photo)
    [item_id] = catalog.item_ids()
    read_at = catalog.file_record(photo).read_at_ns
    photo.write_bytes(b"not a photo any more")
    _later(photo, read_at)
    w.select_ids([item_id])
    wait_idle(qtbot, w.runner)  # the reading again is done, its callbacks ran
    said = w.statusBar().currentMessage()
    assert "not read again" in said and "a.jpg" in said
    assert catalog.item(item_id).fields["caption"] == "Kept"
    w.statusBar().clearMessage()
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))  # the same broken file: said already
    wait_idle(qtbot, w.runner)
    assert "not read again" not in w.statusBar().currentMessage()


def test_a_file_left_unreadable_is_not_read_again_at_each_look(qtbot, catalog, settings, tmp_path, monkeypatch):
    """race38: said once, but read again at every return to the window (a RAW of 80 MB parsed
    each time): it is read again once the other program writes it again."""
    import app.follow as follow

    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "Kept"})
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, photo)
    [item_id] = catalog.item_ids()
    read_at = catalog.file_record(photo).read_at_ns
    reads: list[str] = []
    real = follow.read_one
    monkeypatch.setattr(follow, "read_one", lambda path, thumbs: reads.append(path) or real(path, thumbs))
    photo.write_bytes(b"not a photo any more")
    _later(photo, read_at)
    w.select_ids([item_id])
    wait_until(qtbot, lambda: "not read again" in w.statusBar().currentMessage())
    wait_idle(qtbot, w.runner)
    assert len(reads) == 1
    for _ in range(3):  # back from the other program, three times: the file is as it was
        QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
        wait_idle(qtbot, w.runner)
    assert len(reads) == 1
    make_photo(photo, fields={"caption": "Written at last"})
    _later(photo, read_at)
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    wait_until(qtbot, lambda: catalog.item(item_id).fields["caption"] == "Written at last")
    assert len(reads) == 2


def test_several_photos_read_again_are_named(qtbot, catalog, settings, tmp_path):
    """walk20: 'Read again 3 photos changed on disk by another program' sent the desk hunting
    through the gallery for which three (their badges changed, nothing said which)."""
    photos = [make_photo(tmp_path / f"{name}.jpg", fields={"caption": f"Caption of {name}"})
              for name in ("a", "b", "c", "d", "e")]
    w = open_window(qtbot, catalog, settings)
    _imported(qtbot, w, *photos)
    wait_idle(qtbot, w.runner)
    for changed in (photos[1], photos[3]):
        read_at = catalog.file_record(changed).read_at_ns
        make_photo(changed, fields={"caption": f"Changed {changed.name}"})
        _later(changed, read_at)
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    wait_until(qtbot, lambda: "changed on disk" in w.statusBar().currentMessage())
    said = w.statusBar().currentMessage()
    assert "b.jpg" in said and "d.jpg" in said and "a.jpg" not in said, said
    for changed in photos:  # five: the first three named, and how many more
        read_at = catalog.file_record(changed).read_at_ns
        make_photo(changed, fields={"caption": f"Again {changed.name}"})
        _later(changed, read_at)
    w.statusBar().clearMessage()
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    wait_until(qtbot, lambda: "changed on disk" in w.statusBar().currentMessage())
    said = w.statusBar().currentMessage()
    assert "a.jpg, b.jpg, c.jpg and 2 more" in said, said
