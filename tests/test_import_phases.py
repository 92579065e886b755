"""Browsable first: an import stores and checks every item, says so, and only then makes the
thumbnails, whose keys land as they are made."""

from __future__ import annotations

import errno
import os
import time

import pytest

from app.catalog import Catalog
from app.cli import main
from app.importer import import_paths
from app.thumbnails import ThumbnailCache
from tests.imagefactory import make_photo
from tests.threadcheck import lone_thread


@pytest.fixture
def cat(tmp_path_factory):
    c = Catalog.open(tmp_path_factory.mktemp("catalog") / "catalog.sqlite")
    yield c
    c.close()


def photos(folder, n: int, size=(320, 200)) -> list[str]:
    names = [f"{i:02d}.jpg" for i in range(n)]
    for i, name in enumerate(names):
        caption = f"Fans cheer in Lyon, France, June {i % 27 + 1}, 2026. REUTERS/Ada Brin" if i % 3 else ""
        make_photo(folder / name, fields={"caption": caption, "headline": f"Photo {i}"}, width=size[0],
                   height=size[1])
    return names


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_catalog_is_complete_and_checked_before_any_thumbnail_is_announced(cat, tmp_path, jobs):
    photos(tmp_path, 30)
    events: list[tuple] = []

    def checked(s):
        # At this moment every item is in the catalog with its findings.
        ids = cat.item_ids()
        events.append(("checked", len(ids), len(cat.stale_item_ids()), s.checked, s.errors))

    s = import_paths(cat, [tmp_path], jobs=jobs, batch_size=7, on_checked=checked,
                     on_thumbnails=lambda done, total, ids: events.append(("thumbs", done, total, sorted(ids))))
    assert events[0] == ("checked", 30, 0, 30, 10)  # the ten blank captions: missing-caption errors
    landed = [e for e in events[1:] if e[0] == "thumbs"]
    assert landed and all(e[2] == 30 for e in landed) and landed[-1][1] == 30
    assert sorted(i for e in landed for i in e[3]) == sorted(s.item_ids)  # each item's key once
    assert s.thumbnails_made == 30 and not s.thumbnail_failures
    assert s.checked_seconds <= s.thumbnails_seconds <= s.seconds
    cache = ThumbnailCache(cat.thumbnails_dir)
    for item in cat.items(s.item_ids):
        assert item.thumb_key == item.facts.content_hash and cache.get(item.thumb_key)[:2] == b"\xff\xd8"
        assert item.status in ("error", "warning", "info", None)
    assert cat.findings([s.item_ids[0]])[s.item_ids[0]][0].rule == "missing-caption"


def test_the_same_picture_twice_is_one_thumbnail_and_both_items_show_it(cat, tmp_path):
    photos(tmp_path, 4)
    (tmp_path / "04.jpg").write_bytes((tmp_path / "01.jpg").read_bytes())
    s = import_paths(cat, [tmp_path], jobs=2)
    assert (s.added, s.thumbnails_made) == (5, 4)
    a, b = cat.items([s.item_ids[1], s.item_ids[4]])
    assert a.thumb_key == b.thumb_key is not None


def test_no_thumbnails_makes_none_and_a_later_import_makes_them(cat, tmp_path):
    photos(tmp_path, 6)
    s = import_paths(cat, [tmp_path], jobs=2, thumbnails=False)
    assert s.thumbnails_made == 0 and all(i.thumb_key is None for i in cat.items(s.item_ids))
    again = import_paths(cat, [tmp_path], jobs=2)
    assert (again.unchanged, again.checked, again.thumbnails_made) == (6, 0, 6)
    assert all(i.thumb_key for i in cat.items(s.item_ids))
    third = import_paths(cat, [tmp_path], jobs=2)
    assert (third.thumbnails_made, third.thumbnail_failures) == (0, [])


def test_a_thumbnail_that_cannot_be_made_fails_alone_and_the_item_stays(cat, tmp_path, monkeypatch):
    if not lone_thread():
        pytest.skip("needs fork-started workers to see the monkeypatch")
    import app.thumbnails as thumbnails

    real = thumbnails.make_thumbnail

    def crashing(data, orientation=None, photo=None):
        if b"CRASH-ME" in data:
            os._exit(3)  # a native decoder dying, as the pool sees it
        return real(data, orientation, photo)

    monkeypatch.setattr(thumbnails, "make_thumbnail", crashing)
    photos(tmp_path, 20)
    make_photo(tmp_path / "07-crash.jpg", fields={"caption": "CRASH-ME in Lyon"})
    s = import_paths(cat, [tmp_path], jobs=2)
    assert (s.added, s.failed, s.thumbnails_made) == (21, 0, 20)
    [(path, reason)] = s.thumbnail_failures
    assert path.endswith("07-crash.jpg") and "crashed" in reason
    crashed = [i for i in cat.items(s.item_ids) if i.path.endswith("07-crash.jpg")][0]
    assert crashed.thumb_key is None and crashed.fields["caption"] == "CRASH-ME in Lyon"
    assert crashed.warnings == [f"no thumbnail: {reason}"]  # what the inspector says


def test_a_file_changed_after_its_reading_gets_no_thumbnail_of_other_pixels(cat, tmp_path, monkeypatch):
    photos(tmp_path, 3)
    import app.importer as importer

    real = importer._Thumbnails.start

    def change_then_start(self, pool):
        # Between the reading and the thumbnail, the photo is replaced on disk.
        make_photo(tmp_path / "01.jpg", fields={"caption": "another picture"}, width=200, height=100)
        real(self, pool)

    monkeypatch.setattr(importer._Thumbnails, "start", change_then_start)
    s = import_paths(cat, [tmp_path], jobs=1)
    assert s.thumbnails_made == 2
    assert [r for _, r in s.thumbnail_failures] == ["the file changed during the import"]


def test_cli_says_when_the_catalog_is_checked_and_when_thumbnails_are_done(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    photos(tmp_path / "in", 4)
    assert main(["--catalog", str(tmp_path / "c.sqlite"), "import", str(tmp_path / "in")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("catalog complete: 4 items of this import (4 checked: 2 errors, ")
    assert out[1].startswith("thumbnails: 4 made, 0 failed, in ")
    assert out[2].startswith("added 4, updated 0")
    assert main(["--catalog", str(tmp_path / "c.sqlite"), "import", str(tmp_path / "in"), "--no-thumbnails"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("catalog complete: 4 items of this import (0 checked: 0 errors, 0 warnings)")
    assert out[1].startswith("added 0, updated 0, unchanged 4")


def test_the_workers_find_what_the_importer_finds_and_a_gallery_check_reuses_it(tmp_path, monkeypatch):
    """New files are checked in the workers (jobs=2), from their readings alone; with jobs=1
    the importing process checks them from the catalog. Same findings, same records, and the
    gallery's check afterwards runs only the gallery rules."""
    from app import validation

    (tmp_path / "in").mkdir()
    photos(tmp_path / "in", 24)
    here: list[int] = []  # items the importing process ran the rules on itself
    real = validation.check_items
    monkeypatch.setattr(validation, "check_items", lambda c, ids, *a: here.extend(ids) or real(c, ids, *a))
    results = []
    for jobs in (1, 2):
        here.clear()
        with Catalog.open(tmp_path / f"c{jobs}.sqlite") as c:
            s = import_paths(c, [tmp_path / "in"], gallery="G", jobs=jobs, thumbnails=False)
            assert s.checked == 24 and c.stale_item_ids() == []
            assert len(here) == (24 if jobs == 1 else 0)
            fp = validation.check_fingerprint(c, gallery=validation.gallery_purpose(c.gallery("G")))
            assert all(r.fresh(fp) for r in c.check_records(s.item_ids).values())
            results.append((c.findings(s.item_ids), c.stored_credits_json(s.item_ids),
                            c.stored_caption_credits(s.item_ids)))
            # Imported into G, they were checked as G's check checks them (what G is for, news or
            # web, is part of the rules' settings): its check reuses them.
            report = validation.check_gallery(c, "G")
            assert (report.checked, report.reused) == (0, 24)
    assert results[0] == results[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_import_into_a_gallery_counts_what_its_check_then_finds(cat, tmp_path, jobs):
    # The fifth walk: the import said 76 warnings, `check --gallery` right after it 78, because the
    # import ran the item rules only and the gallery's name-variant warnings came with the check.
    for i, name in enumerate(["Vadim Ghirda", "Vadim Ghirda", "Vadim Girda"]):
        make_photo(tmp_path / f"{i}.jpg", width=320, height=200,
                   fields={"caption": f"Police stand guard in Lyon, France, June {i + 3}, 2026. REUTERS/{name}"})
    s = import_paths(cat, [tmp_path], gallery="week", jobs=jobs, thumbnails=False)
    girda = s.item_ids[2]
    assert [f.rule for f in cat.findings([girda])[girda]].count("name-variant") == 1
    from app.validation import check_gallery  # noqa: PLC0415

    report = check_gallery(cat, "week")
    assert (report.checked, report.reused) == (0, 3)  # what the import stored is current
    assert (s.errors, s.warnings) == (report.summary["errors"], report.summary["warnings"]) != (0, 0)


def test_a_thumbnail_stored_while_the_last_batches_are_checked_is_announced_too(cat, tmp_path, monkeypatch):
    # Under load the first thumbnails landed (and were stored) before the catalog was complete,
    # when nothing is announced yet, and were then never announced: their tiles kept the
    # placeholder. Storing at every poll makes that happen every time.
    import app.importer as importer  # noqa: PLC0415
    import app.validation as validation  # noqa: PLC0415

    monkeypatch.setattr(importer, "THUMB_NOTICE_S", 0.0)
    store = validation.store_checked

    def slow_store(*args, **kwargs):  # a slow disk: the workers make thumbnails meanwhile
        time.sleep(0.1)
        return store(*args, **kwargs)

    monkeypatch.setattr(validation, "store_checked", slow_store)
    photos(tmp_path, 40)
    announced: list[int] = []
    s = import_paths(cat, [tmp_path], jobs=2, batch_size=3,
                     on_thumbnails=lambda done, total, ids: announced.extend(ids))
    assert s.thumbnails_made == 40
    assert sorted(announced) == sorted(s.item_ids)


def test_a_catalog_full_before_the_thumbnails_keeps_the_import_and_says_so(cat, tmp_path, monkeypatch):
    """The seventh walk imported 119 photos into a catalog on a small disk: they were stored and
    checked, then storing the thumbnails hit the full disk and the import ended in 'catalog
    error: the disk is full; nothing was changed', the summary lost. SQLite's page limit is
    a full disk for this connection (SQLITE_FULL)."""
    photos(tmp_path, 30)

    def checked(s):
        # The disk fills as the thumbnails' keys are stored. The limit alone did not make it
        # certain: an UPDATE that fits in a page's slack needs no new page, and whether the 30
        # keys did depended on how full the import had left the pages (sports36's merge tipped
        # it; 5 to 20 photos never hit it). A write that needs a page does, SQLite's own error.
        def store_on_a_full_disk(keys):
            conn = cat.db.conn
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
            conn.execute("CREATE TABLE full_disk (x)")  # a new page: database or disk is full

        monkeypatch.setattr(cat, "set_thumb_keys", store_on_a_full_disk)

    s = import_paths(cat, [tmp_path], jobs=1, on_checked=checked)
    assert (s.added, s.failed) == (30, 0)
    assert s.thumbnails_stopped.startswith("the disk is full")
    assert "thumbnails stopped: the disk is full" in s.report() and "import again" in s.report()
    assert len(cat.item_ids()) == 30 and not cat.stale_item_ids()
    monkeypatch.undo()
    cat.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: importing again makes them
    again = import_paths(cat, [tmp_path], jobs=1)
    assert not again.thumbnails_stopped and again.unchanged == 30
    assert all(i.thumb_key for i in cat.items(cat.item_ids()))


def test_a_thumbnail_the_disk_refuses_says_where_and_why_in_words(tmp_path):
    """'OSError: [Errno 28] No space left on device' was the reason each photo got (walk 7).
    A file size limit refuses the write as a full disk does (EFBIG for ENOSPC)."""
    import resource
    import signal

    from app.importer import thumbnail_one

    photos(tmp_path, 1, size=(1200, 800))
    path = tmp_path / "00.jpg"
    st = path.stat()
    task = (str(path), "ab" * 20, 1, st.st_size, st.st_mtime_ns)
    thumbs = tmp_path / "thumbs"
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, old_limit[1]))
    try:
        key, reason = thumbnail_one(task, str(thumbs))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert reason == f"cannot store it in {thumbs}: {os.strerror(errno.EFBIG)}"
    assert thumbnail_one(task, str(thumbs)) == (key, None)  # room again: made
