"""The import pipeline end to end, on photos with known metadata (tests/imagefactory.py)."""

from __future__ import annotations

import os
import threading

import pytest

from app.catalog import Catalog
from app.importer import collect_files, import_paths
from app.thumbnails import ThumbnailCache
from tests.imagefactory import make_photo
from tests.threadcheck import lone_thread


@pytest.fixture
def catalog_path(tmp_path_factory):
    """Outside the photos' folder (tmp_path), so only the photos are imported."""
    return tmp_path_factory.mktemp("catalog") / "catalog.sqlite"


@pytest.fixture
def cat(catalog_path):
    c = Catalog.open(catalog_path)
    yield c
    c.close()


def one(cat) -> object:
    [item_id] = cat.item_ids()
    return cat.item(item_id)


def test_utf8_iim(cat, tmp_path):
    make_photo(tmp_path / "a.jpg", fields={"caption": "Zürich café, naïve", "creators": ["Łukasz Głowala"]},
               iim=True, xmp=False, iim_charset="utf-8")
    s = import_paths(cat, [tmp_path], jobs=1)
    assert (s.added, s.failed) == (1, 0)
    item = one(cat)
    assert item.fields["caption"] == "Zürich café, naïve" and item.sources["caption"] == "iim"
    assert item.fields["creators"] == ["Łukasz Głowala"]


def test_latin1_iim(cat, tmp_path):
    make_photo(tmp_path / "a.jpg", fields={"caption": "Zürich café", "city": "Málaga"}, iim=True, xmp=False,
               iim_charset="latin-1")
    import_paths(cat, [tmp_path], jobs=1)
    item = one(cat)
    assert (item.fields["caption"], item.fields["city"]) == ("Zürich café", "Málaga")


def test_xmp_only_and_exif_only(cat, tmp_path):
    make_photo(tmp_path / "x.jpg", fields={"caption": "From XMP", "keywords": ["a", "b"]}, iim=False, xmp=True)
    make_photo(tmp_path / "y.jpg", fields={"caption": "From EXIF", "creators": ["Ann Lee"]}, iim=False, xmp=False,
               exif=True)
    s = import_paths(cat, [tmp_path], jobs=1)
    assert s.added == 2
    x, y = cat.items(s.item_ids)
    assert (x.fields["caption"], x.sources["caption"], x.fields["keywords"]) == ("From XMP", "xmp", ["a", "b"])
    assert (y.fields["caption"], y.sources["caption"]) == ("From EXIF", "exif")
    assert y.fields["creators"] == ["Ann Lee"]


def test_disagreeing_blocks_keep_every_candidate(cat, tmp_path):
    make_photo(tmp_path / "a.jpg", iim={"headline": "IIM headline"}, xmp={"headline": "XMP headline"})
    import_paths(cat, [tmp_path], jobs=1)
    item = one(cat)
    cands = item.candidates["headline"]
    assert cands["iim"] == "IIM headline" and cands["xmp"] == "XMP headline"
    assert item.fields["headline"] == cands[item.sources["headline"]]
    assert item.embedded["headline"] == item.fields["headline"]


def test_broken_files_are_reported_and_the_rest_imports(cat, tmp_path):
    good = make_photo(tmp_path / "good.jpg", fields={"caption": "fine"})
    (tmp_path / "zero.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("this is not a photo\n")
    data = good.read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(data[: len(data) // 2])
    (tmp_path / "notes.txt").write_text("unsupported")
    (tmp_path / "good.xmp").write_text("<x/>")  # a sidecar is not "unsupported"
    s = import_paths(cat, [tmp_path, tmp_path / "missing.jpg"], jobs=1)
    assert (s.added, s.failed, s.skipped) == (1, 4, 1)
    reasons = {os.path.basename(e.path): e.reason for e in cat.import_errors()}
    assert set(reasons) == {"zero.jpg", "text.jpg", "truncated.jpg", "missing.jpg"}
    assert all(r and "\n" not in r for r in reasons.values())
    assert "0 bytes" in reasons["zero.jpg"]
    # A file that was broken and is fixed imports and loses its error.
    make_photo(tmp_path / "zero.jpg", fields={"caption": "fixed"})
    s = import_paths(cat, [tmp_path], jobs=1)
    assert s.added == 1 and "zero.jpg" not in {os.path.basename(e.path) for e in cat.import_errors()}


def test_reimport_unchanged_does_not_read(cat, tmp_path, monkeypatch):
    for n in range(3):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"})
    first = import_paths(cat, [tmp_path], jobs=1)

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr("app.metadata.read.read_file", no_reading)
    s = import_paths(cat, [tmp_path], jobs=1)
    assert (s.added, s.unchanged, s.failed) == (0, 3, 0)
    assert s.item_ids == first.item_ids
    assert cat.item_ids(recent=True) == first.item_ids  # a no-op re-import keeps "recent"


def test_changed_file_updates_and_edits_are_kept_as_conflicts(cat, tmp_path):
    path = make_photo(tmp_path / "a.jpg", fields={"caption": "one", "city": "Paris", "headline": "H"})
    import_paths(cat, [tmp_path], jobs=1)
    item = one(cat)
    cat.set_fields(item.id, {"caption": "edited in the catalog", "headline": "H edited"})
    make_photo(path, fields={"caption": "changed in the file", "city": "Lyon", "headline": "H"})
    os.utime(path, ns=(1, 1_700_000_000_000_000_000))  # make sure the mtime differs
    s = import_paths(cat, [tmp_path], jobs=1)
    assert s.updated == 1 and s.conflicts == [(str(path), "caption")]
    item = one(cat)
    assert item.fields["caption"] == "edited in the catalog" and item.embedded["caption"] == "changed in the file"
    assert item.fields["city"] == "Lyon"
    assert item.fields["headline"] == "H edited"  # edited, file unchanged there: no conflict


def test_moved_file_is_relinked(cat, tmp_path):
    (tmp_path / "in").mkdir()
    path = make_photo(tmp_path / "in" / "a.jpg", fields={"caption": "x"})
    import_paths(cat, [tmp_path], jobs=1)
    item_id = one(cat).id
    cat.set_fields(item_id, {"city": "kept"})
    (tmp_path / "out").mkdir()
    moved = path.rename(tmp_path / "out" / "a.jpg")
    s = import_paths(cat, [tmp_path], jobs=1)
    assert (s.relinked, s.added) == (1, 0)
    item = one(cat)
    assert item.id == item_id and item.path == str(moved) and item.fields["city"] == "kept"


def test_gallery_in_path_order_progress_and_no_duplicates(cat, tmp_path):
    for name in ("c", "a", "b"):
        make_photo(tmp_path / f"{name}.jpg", fields={"caption": name})
    calls = []
    s = import_paths(cat, [tmp_path], gallery="Take 1", jobs=1, progress=lambda *a: calls.append(a))
    ids = cat.gallery_item_ids(cat.gallery("Take 1").id)
    assert [cat.item(i).fields["caption"] for i in ids] == ["a", "b", "c"]
    assert [c[0] for c in calls] == [1, 2, 3] and {c[1] for c in calls} == {3}
    assert {c[2] for c in calls} == {"added"} and s.total == 3
    import_paths(cat, [tmp_path], gallery="Take 1", jobs=1)
    assert cat.gallery_item_ids(cat.gallery("Take 1").id) == ids


def test_items_are_visible_to_other_connections_as_batches_commit(cat, catalog_path, tmp_path):
    for n in range(6):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"})
    other = Catalog.open(catalog_path)
    seen = []
    import_paths(cat, [tmp_path], jobs=1, batch_size=2, progress=lambda d, t, o: seen.append(other.count_items()))
    other.close()
    assert seen[:2] == [2, 2] and seen[-1] == 6


def test_cancel_stops_between_files(cat, tmp_path):
    for n in range(6):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"})
    stop = threading.Event()
    s = import_paths(cat, [tmp_path], jobs=1, batch_size=2,
                     progress=lambda d, t, o: stop.set() if d >= 2 else None, cancel=stop)
    assert s.cancelled and 2 <= cat.count_items() < 6
    s = import_paths(cat, [tmp_path], jobs=1)
    assert cat.count_items() == 6 and s.unchanged >= 2


def test_recently_imported_is_the_whole_folder_after_a_cancelled_import_is_run_again(cat, tmp_path):
    """The tenth walk: cancelled, then imported again, "Recently imported" listed only the files
    the second run added, not the folder."""
    folder, other = tmp_path / "storm", tmp_path / "other"
    folder.mkdir()
    other.mkdir()
    make_photo(other / "older.jpg", fields={"caption": "older"})
    older = import_paths(cat, [other], jobs=1).item_ids
    for n in range(6):
        make_photo(folder / f"{n}.jpg", fields={"caption": f"c{n}"})
    stop = threading.Event()
    first = import_paths(cat, [folder], jobs=1, batch_size=2,
                         progress=lambda d, t, o: stop.set() if d >= 2 else None, cancel=stop)
    assert first.cancelled and len(first.item_ids) < 6
    again = import_paths(cat, [folder], jobs=1)
    assert again.unchanged >= 2 and sorted(again.item_ids) == sorted(cat.item_ids(recent=True))
    assert len(again.item_ids) == 6
    import_paths(cat, [other], jobs=1)  # nothing new there: "recent" is what was just imported
    assert cat.item_ids(recent=True) == older


def test_worker_processes_and_thumbnails(cat, tmp_path):
    for n in range(5):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"}, width=640, height=400)
    (tmp_path / "bad.jpg").write_text("nope")
    s = import_paths(cat, [tmp_path], jobs=2)
    assert (s.added, s.failed) == (5, 1)
    cache = ThumbnailCache(cat.thumbnails_dir)
    for item in cat.items(s.item_ids):
        assert item.thumb_key == item.facts.content_hash
        assert cache.get(item.thumb_key)[:2] == b"\xff\xd8"
    assert [cat.item(i).fields["caption"] for i in s.item_ids] == [f"c{n}" for n in range(5)]


def test_a_crashing_reader_fails_only_its_file(cat, tmp_path, monkeypatch):
    if not lone_thread():  # other threads alive: workers start clean, without the patch
        pytest.skip("needs fork-started workers to see the monkeypatched reader")
    import app.metadata.read as reader

    real = reader.read_file

    def crashing(path, data=None, **kw):
        if "crash" in os.path.basename(path):
            os._exit(3)  # what a segfault in a native library looks like to the pool
        return real(path, data=data, **kw)

    monkeypatch.setattr(reader, "read_file", crashing)
    for n in range(4):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"})
    make_photo(tmp_path / "2-crash.jpg", fields={"caption": "x"})
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)
    assert (s.added, s.failed) == (4, 1)
    assert s.failures[0][0].endswith("2-crash.jpg") and "crashed" in s.failures[0][1]


def test_chunked_workers_keep_path_order_and_unchanged_files_between_them(cat, tmp_path):
    """Enough files that each worker task carries several; a re-import mixes files the
    parent settles (unchanged) with files sent to workers, and the order still holds."""
    import app.importer as importer

    names = [f"{n:02d}" for n in range(40)]
    for name in names:
        make_photo(tmp_path / f"{name}.jpg", fields={"caption": name}, width=64, height=48)
    assert max(1, min(importer.MAX_CHUNK, len(names) // (2 * 4))) > 1  # the chunked path runs
    calls = []
    s = import_paths(cat, [tmp_path], gallery="G", jobs=2, batch_size=7, progress=lambda *a: calls.append(a))
    assert s.added == 40 and [c[0] for c in calls] == list(range(1, 41))
    assert [i.fields["caption"] for i in cat.items(s.item_ids)] == names
    for name in names[::3]:  # every third file changes: it goes to a worker again
        make_photo(tmp_path / f"{name}.jpg", fields={"caption": f"{name} new"}, width=64, height=48)
        st = os.stat(tmp_path / f"{name}.jpg")
        os.utime(tmp_path / f"{name}.jpg", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    s = import_paths(cat, [tmp_path], gallery="G", jobs=2)
    assert (s.updated, s.unchanged) == (14, 26)
    expected = [f"{n} new" if i % 3 == 0 else n for i, n in enumerate(names)]
    assert [i.fields["caption"] for i in cat.items(s.item_ids)] == expected
    assert cat.gallery_item_ids(cat.gallery("G").id) == s.item_ids


def test_a_crash_inside_a_chunk_fails_only_its_file(cat, tmp_path, monkeypatch):
    if not lone_thread():
        pytest.skip("needs fork-started workers to see the monkeypatched reader")
    import app.metadata.read as reader

    real = reader.read_file

    def crashing(path, data=None, **kw):
        if "crash" in os.path.basename(path):
            os._exit(3)
        return real(path, data=data, **kw)

    monkeypatch.setattr(reader, "read_file", crashing)
    for n in range(30):
        make_photo(tmp_path / f"{n:02d}.jpg", fields={"caption": f"c{n}"}, width=64, height=48)
    make_photo(tmp_path / "14-crash.jpg", fields={"caption": "x"}, width=64, height=48)
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)
    assert (s.added, s.failed) == (30, 1)
    assert s.failures[0][0].endswith("14-crash.jpg") and "crashed" in s.failures[0][1]
    assert [i.fields["caption"] for i in cat.items(s.item_ids)] == [f"c{n}" for n in range(30)]


def test_chunks_close_at_a_byte_budget(cat, tmp_path, monkeypatch):
    """Big files go to the workers in small chunks (a cancel waits only for those running)."""
    import app.importer as importer

    for n in range(24):
        make_photo(tmp_path / f"{n:02d}.jpg", fields={"caption": f"c{n}"}, width=64, height=48)
    size = max(p.stat().st_size for p in tmp_path.iterdir())
    sent: list[int] = []
    real_pool = importer._pool

    def recording_pool(jobs):
        pool = real_pool(jobs)
        submit = pool.submit

        def record(fn, paths, *rest):
            sent.append(len(paths))
            return submit(fn, paths, *rest)

        pool.submit = record
        return pool

    monkeypatch.setattr(importer, "_pool", recording_pool)
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)
    assert s.added == 24 and sum(sent) == 24 and max(sent) == 3  # 24 files // (2 jobs * 4)
    sent.clear()
    monkeypatch.setattr(importer, "MAX_CHUNK_BYTES", size + 1)  # a second file closes the chunk
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False, gallery="again")
    assert s.unchanged == 24 and sent == []  # nothing to read: nothing sent
    for p in tmp_path.iterdir():
        os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)
    assert s.updated + s.unchanged == 24 and sum(sent) == 24 and max(sent) == 2


def test_collect_files(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    for name in ("a.JPG", "b.cr2", "b.cr2.xmp", "c.tif", "sub/d.heic", "sub/.hidden/e.jpg", "._f.jpg",
                 "g.txt", "sub/h.pdf"):
        (tmp_path / name).write_bytes(b"x")
    files, skipped, missing = collect_files([tmp_path, tmp_path / "a.JPG", tmp_path / "nope"])
    assert [os.path.relpath(f, tmp_path) for f in files] == ["a.JPG", "b.cr2", "c.tif", "sub/d.heic"]
    assert skipped == 2 and missing == [str(tmp_path / "nope")]


def test_import_from_a_worker_thread_uses_clean_worker_processes(cat, tmp_path):
    """The UI runs the import in a thread; workers then start from a fresh interpreter."""
    for n in range(4):
        make_photo(tmp_path / f"{n}.jpg", fields={"caption": f"c{n}"})
    out = {}

    def work():
        out["summary"] = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    assert out["summary"].added == 4 and cat.count_items() == 4


SIDECAR = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
           '<rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF>'
           '</x:xmpmeta>')


def test_raw_with_changed_sidecar_is_read_again(cat, tmp_path):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buf, "TIFF")
    raw = tmp_path / "IMG_1.dng"  # a TIFF-based RAW stand-in; its metadata is in the sidecar
    raw.write_bytes(buf.getvalue())
    sidecar = tmp_path / "IMG_1.xmp"
    sidecar.write_text(SIDECAR.format("First caption"))
    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    assert (s.added, s.skipped) == (1, 0)
    item = one(cat)
    assert item.fields["caption"] == "First caption" and item.facts.sidecar == str(sidecar)

    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    assert s.unchanged == 1
    sidecar.write_text(SIDECAR.format("Second caption"))
    future = item.facts.mtime_ns + 10**12
    os.utime(sidecar, ns=(future, max(future, os.stat(sidecar).st_mtime_ns + 10**9)))
    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    assert s.updated == 1 and one(cat).fields["caption"] == "Second caption"
    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    assert s.unchanged == 1


def test_raw_whose_sidecar_was_deleted_added_or_replaced_is_read_again(cat, tmp_path):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buf, "TIFF")
    raw = tmp_path / "IMG_2.nef"  # a TIFF-based RAW stand-in
    raw.write_bytes(buf.getvalue())
    old = os.stat(raw).st_mtime_ns - 10**12  # sidecars copied in with an old date (cp -p, rsync -t)
    plain = tmp_path / "IMG_2.xmp"
    plain.write_text(SIDECAR.format("From IMG_2.xmp"))
    os.utime(plain, ns=(old, old))
    assert import_paths(cat, [raw], jobs=1, thumbnails=False).added == 1
    assert one(cat).fields["caption"] == "From IMG_2.xmp"

    # A second sidecar, "name.ext.xmp", now wins over "name.xmp", old date or not.
    full = tmp_path / "IMG_2.nef.xmp"
    full.write_text(SIDECAR.format("From IMG_2.nef.xmp"))
    os.utime(full, ns=(old, old))
    s = import_paths(cat, [raw], jobs=1, thumbnails=False)
    assert s.updated == 1 and one(cat).fields["caption"] == "From IMG_2.nef.xmp"
    assert one(cat).facts.sidecar == str(full)

    # Both deleted: the caption they held is gone from the catalog too (nothing was edited here).
    full.unlink()
    plain.unlink()
    s = import_paths(cat, [raw], jobs=1, thumbnails=False)
    assert s.updated == 1 and not one(cat).fields.get("caption") and one(cat).facts.sidecar is None
    assert import_paths(cat, [raw], jobs=1, thumbnails=False).unchanged == 1

    # A sidecar appears with a date older than the last reading: still read.
    plain.write_text(SIDECAR.format("Back again"))
    os.utime(plain, ns=(old, old))
    s = import_paths(cat, [raw], jobs=1, thumbnails=False)
    assert s.updated == 1 and one(cat).fields["caption"] == "Back again"


def test_a_reading_the_catalog_cannot_store_fails_only_that_file(cat, tmp_path, monkeypatch):
    import app.metadata.read as reader

    real = reader.read_file

    def odd(path, data=None, **kw):
        result = real(path, data=data, **kw)
        if "odd" in os.path.basename(path):
            result.fields["caption"].value = "bad \udcff byte"  # a lone surrogate: not valid UTF-8
        return result

    monkeypatch.setattr(reader, "read_file", odd)
    make_photo(tmp_path / "a.jpg", fields={"caption": "a"})
    make_photo(tmp_path / "b-odd.jpg", fields={"caption": "b"})
    make_photo(tmp_path / "c.jpg", fields={"caption": "c"})
    s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
    assert (s.added, s.failed) == (2, 1) and "b-odd.jpg" in s.failures[0][0]
    rows = cat.db.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    details = cat.db.conn.execute("SELECT COUNT(*) FROM item_details").fetchone()[0]
    assert rows == details == 2  # nothing half-written


def test_corrupt_exif_never_stops_the_import(cat, tmp_path):
    from tests.imagefactory import jpeg_bytes

    base = jpeg_bytes(64, 48)
    # An EXIF segment whose IFD0 offset points far outside the segment, and one that loops.
    bad_offset = b"Exif\x00\x00II*\x00" + (0x7FFFFFF0).to_bytes(4, "little") + b"\x00" * 16
    looping = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x69\x87\x04\x00\x01\x00\x00\x00\x08\x00\x00\x00"
    for name, payload in (("offset.jpg", bad_offset), ("loop.jpg", looping)):
        segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
        (tmp_path / name).write_bytes(base[:2] + segment + base[2:])
    make_photo(tmp_path / "good.jpg", fields={"caption": "fine"})
    s = import_paths(cat, [tmp_path], jobs=1)
    assert s.added + s.failed == 3 and s.added >= 1
    assert all(reason and "\n" not in reason for _, reason in s.failures)
    assert "fine" in [i.fields["caption"] for i in cat.items(s.item_ids)]


def test_a_folder_import_names_what_it_skipped_and_why(cat, catalog_path, tmp_path, capsys):
    """Left by an earlier walk: the Import Photos dialog (Qt's) does not list files whose names
    are not valid UTF-8, FIFOs or sockets; importing their folder records the photos among them,
    but what it left out was only a count ("2 not photos"). The summary names each file skipped
    and why, one line each, in the CLI as in the app (ui.import_worker)."""
    import socket

    from app.cli import main as cli_main

    make_photo(tmp_path / os.fsdecode(b"caf\xe9-storm.jpg"), fields={"caption": "Storm"})  # not UTF-8: imported
    (tmp_path / "notes.txt").write_text("desk notes")
    (tmp_path / "README").write_text("no extension")
    os.mkfifo(tmp_path / "feed")
    odd_fifo = tmp_path / os.fsdecode(b"pipe-\xff")
    os.mkfifo(odd_fifo)
    sock = socket.socket(socket.AF_UNIX)
    here = os.getcwd()
    os.chdir(tmp_path)  # a socket's path must be short: bind it by its name here
    try:
        sock.bind("ctl.sock")
    finally:
        os.chdir(here)
    try:
        s = import_paths(cat, [tmp_path], jobs=1, thumbnails=False)
        assert s.added == 1 and s.skipped == 5
        reasons = {os.path.basename(p): why for p, why in s.skipped_files}
        assert reasons == {
            "feed": "not a regular file: a FIFO (named pipe)",
            os.fsdecode(b"pipe-\xff"): "not a regular file: a FIFO (named pipe)",
            "ctl.sock": "not a regular file: a socket",
            "notes.txt": "not a photo format Creditline reads (.txt)",
            "README": "not a photo (no file extension)",
        }
        assert [os.path.basename(p) for p, _ in s.skipped_files] == sorted(reasons)  # the walk's order
        assert cli_main(["import", "--catalog", str(catalog_path), "--no-thumbnails", str(tmp_path)]) == 0
    finally:
        sock.close()
    err = capsys.readouterr().err.splitlines()
    skipped = [line for line in err if line.startswith("creditline: skipped: ")]
    assert len(skipped) == 5
    assert f"creditline: skipped: {tmp_path}/pipe-\\xff: not a regular file: a FIFO (named pipe)" in skipped
    assert f"creditline: skipped: {tmp_path}/notes.txt: not a photo format Creditline reads (.txt)" in skipped
