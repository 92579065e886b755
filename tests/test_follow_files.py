"""Photos another program changed on disk are read again without an import (app.follow):
a sidecar Lightroom or darktable rewrote beside a RAW, a photo Photo Mechanic saved."""

from __future__ import annotations

import io
import os
import time

import pytest

from app.catalog import Catalog
from app.follow import changed_since_read, reread_changed
from app.importer import import_paths
from tests.imagefactory import make_photo
from tests.test_importer import SIDECAR


@pytest.fixture
def cat(tmp_path_factory):
    c = Catalog.open(tmp_path_factory.mktemp("cat") / "catalog.sqlite")
    yield c
    c.close()


def _later(path, than_ns: int) -> None:
    """Another program's save: an mtime just past the reading (a coarse clock may tie them), and
    not in the future: a reading records when it began, so a save's time ahead of the clock
    would be newer than the next reading too."""
    when = max(than_ns + 10**6, os.stat(path).st_mtime_ns)
    os.utime(path, ns=(when, when))
    while time.time_ns() <= when:
        time.sleep(0.001)


def _raw(folder, caption: str):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buf, "TIFF")
    raw = folder / "IMG_1.dng"  # a TIFF-based RAW stand-in; its metadata is in the sidecar
    raw.write_bytes(buf.getvalue())
    sidecar = folder / "IMG_1.xmp"
    sidecar.write_text(SIDECAR.format(caption))
    return raw, sidecar


def test_a_sidecar_rewritten_by_another_program_is_read_again_and_recent_stays(cat, tmp_path):
    raw, sidecar = _raw(tmp_path, "First caption")
    make_photo(tmp_path / "other.jpg", fields={"caption": "Untouched"})
    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    ids = s.item_ids
    raw_id = cat.file_record(raw).id
    recent = cat.item_ids(recent=True)
    assert sorted(recent) == sorted(ids)
    assert changed_since_read(cat, ids) == []
    assert reread_changed(cat, ids).updated == []

    sidecar.write_text(SIDECAR.format("Caption from Lightroom"))
    _later(sidecar, cat.file_record(raw).read_at_ns)
    assert [r.id for r in changed_since_read(cat, ids)] == [raw_id]  # the RAW itself untouched
    done = reread_changed(cat, ids)
    assert done.updated == [raw_id] and not done.conflicts and not done.failures
    item = cat.item(raw_id)
    assert item.fields["caption"] == "Caption from Lightroom"
    assert raw_id in cat.stale_item_ids()  # its findings are checked again by the window
    assert sorted(cat.item_ids(recent=True)) == sorted(recent)  # not an import: recent unchanged
    assert changed_since_read(cat, ids) == []  # read now: not again at the next look


def test_an_edit_not_written_wins_over_the_file_and_is_a_conflict(cat, tmp_path):
    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Old caption", "headline": "Old headline"})
    (item_id,) = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids
    cat.set_fields(item_id, {"caption": "Caption edited on the desk"})
    read_at = cat.file_record(photo).read_at_ns

    make_photo(photo, fields={"caption": "Caption from Photo Mechanic", "headline": "New headline"})
    _later(photo, read_at)
    done = reread_changed(cat, [item_id])
    assert done.updated == [item_id] and done.conflicts == {item_id: ["caption"]}
    item = cat.item(item_id)
    assert item.fields["caption"] == "Caption edited on the desk"  # the edit not written yet wins
    assert item.fields["headline"] == "New headline"  # what nobody edited follows the file
    assert "caption" in item.changed_fields()  # still waits to be written


def test_gone_or_unreadable_files_are_left_as_they_were(cat, tmp_path):
    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Kept"})
    (item_id,) = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids
    photo.write_bytes(b"not a photo any more")
    done = reread_changed(cat, [item_id])
    assert done.updated == [] and [f[0] for f in done.failures] == [item_id]
    assert cat.item(item_id).fields["caption"] == "Kept"
    photo.unlink()
    assert changed_since_read(cat, [item_id]) == []  # missing is the views' news, not a re-read
    caption_only = cat.add_caption_item({"caption": "No file"})
    assert changed_since_read(cat, [caption_only]) == []


def test_a_file_left_unreadable_is_read_again_only_once_it_changes_again(cat, tmp_path, monkeypatch):
    """race38: a changed file that could not be read was read again at every look (each return
    to the window, each selection), said once but parsed each time. Given the look's ``unread``
    back, the next look passes over it until the other program writes it again."""
    import app.follow as follow

    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Kept"})
    (item_id,) = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids
    read_at = cat.file_record(photo).read_at_ns
    photo.write_bytes(b"not a photo any more")
    _later(photo, read_at)
    reads: list[str] = []
    real = follow.read_one
    monkeypatch.setattr(follow, "read_one", lambda path, thumbs: reads.append(path) or real(path, thumbs))
    first = reread_changed(cat, [item_id])
    assert [f[0] for f in first.failures] == [item_id] and list(first.unread) == [item_id] and len(reads) == 1
    again = reread_changed(cat, [item_id], unread=first.unread)
    assert len(reads) == 1 and not again.failures and again.unread == first.unread  # not read, still unread
    make_photo(photo, fields={"caption": "Written at last"})
    _later(photo, read_at)
    done = reread_changed(cat, [item_id], unread=again.unread)
    assert len(reads) == 2 and done.updated == [item_id] and not done.unread
    assert cat.item(item_id).fields["caption"] == "Written at last"


@pytest.mark.parametrize("half", ["", '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x='],
                         ids=["truncated-to-0", "cut-mid-packet"])
def test_a_sidecar_caught_half_written_keeps_what_the_catalog_held(cat, tmp_path, half):
    """Lightroom truncates a sidecar, then writes it: a look in between found it unreadable and
    read the RAW's own (empty) fields over the caption the sidecar gave. Kept, said, and read
    once the write is done."""
    raw, sidecar = _raw(tmp_path, "Caption from the sidecar")
    (item_id,) = import_paths(cat, [raw], jobs=1, thumbnails=False).item_ids
    read_at = cat.file_record(raw).read_at_ns
    sidecar.write_text(half)
    _later(sidecar, read_at)
    done = reread_changed(cat, [item_id])
    assert done.updated == [] and [(f[0], "XMP sidecar" in f[2]) for f in done.failures] == [(item_id, True)]
    item = cat.item(item_id)
    assert item.fields["caption"] == "Caption from the sidecar" and not item.changed_fields()

    sidecar.write_text(SIDECAR.format("Caption Lightroom finished writing"))
    _later(sidecar, read_at)
    assert reread_changed(cat, [item_id]).updated == [item_id]
    assert cat.item(item_id).fields["caption"] == "Caption Lightroom finished writing"


def test_a_photo_rewritten_while_it_is_read_again_is_read_once_more(cat, tmp_path, monkeypatch):
    """Photo Mechanic saves in place, in the XMP padding, the same size: a save between the
    read of the bytes and the look at the file's time recorded the new time beside the old
    bytes, and the new caption was never read."""
    import app.importer as importer

    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Caption AAAA"})
    (item_id,) = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids
    read_at = cat.file_record(photo).read_at_ns
    photo.write_bytes(photo.read_bytes().replace(b"Caption AAAA", b"Caption BBBB"))
    _later(photo, read_at)
    real = importer.read_bytes

    def read_then_saved_again(path, *args):
        data = real(path, *args)
        photo.write_bytes(data.replace(b"Caption BBBB", b"Caption CCCC"))  # same size
        _later(photo, os.stat(photo).st_mtime_ns)
        return data

    monkeypatch.setattr(importer, "read_bytes", read_then_saved_again)
    assert reread_changed(cat, [item_id]).updated == [item_id]
    assert cat.item(item_id).fields["caption"] == "Caption BBBB"
    monkeypatch.setattr(importer, "read_bytes", real)
    assert [r.id for r in changed_since_read(cat, [item_id])] == [item_id]  # the save after the read is seen
    reread_changed(cat, [item_id])
    assert cat.item(item_id).fields["caption"] == "Caption CCCC"


def test_a_sidecar_rewritten_while_the_raw_is_read_again_is_read_once_more(cat, tmp_path, monkeypatch):
    """Lightroom saves the sidecar again while the window reads it: the reading's time was taken
    when it was stored, after that save, so the save looked older than the reading and its
    caption was never read."""
    import app.metadata.read as reader

    raw, sidecar = _raw(tmp_path, "First caption")
    (item_id,) = import_paths(cat, [raw], jobs=1, thumbnails=False).item_ids
    sidecar.write_text(SIDECAR.format("Second caption"))
    _later(sidecar, cat.file_record(raw).read_at_ns)
    real = reader.read_sidecar

    def read_then_saved_again(path):
        data = real(path)
        time.sleep(0.05)  # the save comes a clock tick or more after the read began
        sidecar.write_text(SIDECAR.format("Third caption"))
        now = time.time_ns()
        os.utime(sidecar, ns=(now, now))  # a save's time is the clock's at the save
        return data

    monkeypatch.setattr(reader, "read_sidecar", read_then_saved_again)
    assert reread_changed(cat, [item_id]).updated == [item_id]
    assert cat.item(item_id).fields["caption"] == "Second caption"
    monkeypatch.setattr(reader, "read_sidecar", real)
    assert [r.id for r in changed_since_read(cat, [item_id])] == [item_id]
    reread_changed(cat, [item_id])
    assert cat.item(item_id).fields["caption"] == "Third caption"


def test_a_catalog_another_program_locks_midway_keeps_what_was_read_and_says_it(cat, tmp_path, monkeypatch):
    """The CLI (a colleague's script) holds the catalog while the window reads changed photos
    again: those stored before are reported (the window shows them), the rest wait for the next
    look, and the reason is one line, not an exception that drops the report."""
    import sqlite3

    import app.follow as follow

    photos = [tmp_path / f"p{i}.jpg" for i in range(3)]
    for p in photos:
        make_photo(p, fields={"caption": "Old caption"})
    ids = import_paths(cat, photos, jobs=1, thumbnails=False).item_ids
    for p in photos:
        make_photo(p, fields={"caption": "New caption"})
        _later(p, cat.file_record(p).read_at_ns)
    cat.db.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(cat.path)
    real, calls = follow.read_one, []

    def read_then_locked(*args):
        calls.append(1)
        if len(calls) == 2:
            other.execute("BEGIN IMMEDIATE")  # the CLI's write begins
        return real(*args)

    monkeypatch.setattr(follow, "read_one", read_then_locked)
    try:
        done = reread_changed(cat, ids)
    finally:
        other.rollback()
        other.close()
    assert done.updated == [ids[0]]
    assert [(f[0], "locked" in f[2]) for f in done.failures] == [(ids[1], True)]
    assert [cat.item(i).fields["caption"] for i in ids] == ["New caption", "Old caption", "Old caption"]
    assert [r.id for r in changed_since_read(cat, ids)] == ids[1:]  # read at the next look
