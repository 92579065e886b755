"""A ``kill -9`` in the middle of an import leaves a sound catalog, and importing again finishes:
while it reads metadata (items and their findings come whole, a batch at a time) and while it
makes thumbnails (the catalog is complete and checked; the missing thumbnails are made next time)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from app.catalog import Catalog
from app.fields import FIELD_KEYS
from app.importer import import_paths
from app.thumbnails import ThumbnailCache
from tests.imagefactory import add_metadata, jpeg_bytes

ROOT = Path(__file__).resolve().parents[1]
COUNT = 400

IMPORTER = """
import sys
from app.catalog import Catalog
from app.importer import import_paths
cat = Catalog.open(sys.argv[1])
import_paths(cat, [sys.argv[2]], gallery="Crash", jobs=2, batch_size=25)
"""


def make_files(folder: Path, size: tuple[int, int] = (48, 32)) -> dict[str, str]:
    """COUNT JPEGs with distinct captions; returns file name -> caption."""
    base = jpeg_bytes(*size)
    truth = {}
    for n in range(COUNT):
        caption = f"Photo number {n} of the crash test"
        (folder / f"{n:04d}.jpg").write_bytes(add_metadata(base, xmp={"caption": caption},
                                                           iim={"caption": caption}))
        truth[f"{n:04d}.jpg"] = caption
    return truth


def count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def test_sigkill_mid_import_then_reimport(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    truth = make_files(photos)
    catalog = tmp_path / "catalog.sqlite"

    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(catalog), str(photos)], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while count(catalog) < 50 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the importer and its workers, like a crash would
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]

    conn = sqlite3.connect(catalog)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")  # raises if out of sync
    survivors = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    assert 0 < survivors < COUNT, "the kill should land mid-import"
    orphans = conn.execute("SELECT COUNT(*) FROM items LEFT JOIN item_details d ON d.item_id = items.id"
                           " WHERE d.item_id IS NULL").fetchone()[0]
    assert orphans == 0  # an item never lacks its per-field details
    positions = [r[0] for r in conn.execute("SELECT position FROM gallery_items ORDER BY position")]
    assert positions == list(range(1, survivors + 1))
    conn.close()

    cat = Catalog.open(catalog)
    cache = ThumbnailCache(cat.thumbnails_dir)
    items = cat.items(cat.item_ids())
    assert len(items) == survivors
    for item in items:
        # Every item present is whole: facts, all fields, its sources and its thumbnail.
        name = os.path.basename(item.path)
        assert item.fields["caption"] == truth[name] == item.embedded["caption"]
        assert item.sources["caption"] in ("xmp", "iim")
        assert set(item.sources) == set(FIELD_KEYS) and set(item.embedded) == set(FIELD_KEYS)
        f = item.facts
        assert f.size == (photos / name).stat().st_size and len(f.content_hash) == 64
        assert (f.format, f.width, f.height) == ("JPEG", 48, 32)
        # Browsable first: the thumbnails come after the whole catalog, so none was made yet
        # (or, when one is named, it is there).
        assert item.thumb_key is None or cache.get(item.thumb_key) is not None
    assert cat.stale_item_ids() == []  # every item came with its findings, in its batch
    found = cat.findings([i.id for i in items])
    # "Photo number N of the crash test" gives no date: each item's findings came with it.
    assert all("missing-date" in [f.rule for f in found[i.id]] and i.status for i in items)

    summary = import_paths(cat, [photos], gallery="Crash", jobs=1)
    assert summary.failed == 0
    assert (summary.added, summary.unchanged) == (COUNT - survivors, survivors)
    assert summary.thumbnails_made == COUNT  # the survivors' too
    assert cat.count_items() == COUNT
    ids = cat.gallery_item_ids(cat.gallery("Crash").id)
    assert [os.path.basename(i.path) for i in cat.items(ids)] == sorted(truth)
    assert cat.item(ids[-1]).fields["caption"] == truth[sorted(truth)[-1]]
    assert all(i.thumb_key and cache.get(i.thumb_key) for i in cat.items(ids))
    cat.close()


def thumbnails_named(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM items WHERE thumb_key IS NOT NULL").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_while_thumbnails_are_made_then_reimport(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    truth = make_files(photos, size=(1200, 800))  # big enough that the thumbnails take a while
    catalog = tmp_path / "catalog.sqlite"

    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(catalog), str(photos)], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while thumbnails_named(catalog) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]

    conn = sqlite3.connect(catalog)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    named = thumbnails_named(catalog)
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == COUNT  # the catalog was complete
    assert 20 <= named < COUNT, "the kill should land while thumbnails are made"
    conn.close()
    with Catalog.open(catalog) as cat:
        cache = ThumbnailCache(cat.thumbnails_dir)
        assert cat.stale_item_ids() == []  # and checked
        for item in cat.items(cat.item_ids()):
            assert item.thumb_key is None or cache.get(item.thumb_key)[:2] == b"\xff\xd8"
        on_disk = sum(1 for p in cat.thumbnails_dir.rglob("*.jpg") if not p.name.startswith("."))
        summary = import_paths(cat, [photos], gallery="Crash", jobs=2)
        assert (summary.unchanged, summary.failed, summary.checked) == (COUNT, 0, 0)
        assert summary.thumbnails_made == COUNT - on_disk  # those on disk already only get their key
        items = cat.items(cat.item_ids())
        assert all(i.thumb_key == i.facts.content_hash and cache.get(i.thumb_key) for i in items)
        assert sorted(os.path.basename(i.path) for i in items) == sorted(truth)
