"""The early reader (app.importer._EarlyReader): an import of many new files starts one reader while
it loads the rules once, then forks warm workers. The catalog it makes is the one a single process
makes, and a reader that dies on a file loses nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app import importer
from app.catalog import Catalog
from tests.imagefactory import make_photo

VOLATILE = {"id", "item_id", "added_at", "modified_at", "read_at_ns", "import_run", "checked_at"}


def _photos(folder, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        make_photo(folder / f"p{i:03d}.jpg", fields={
            "caption": f"Fans cheer in Lyon, France, on Monday, June {i % 28 + 1}, 2021. REUTERS/Ada Brin{' teh' * (i % 3)}",
            "creators": ["Ada Brin"], "city": "Lyon" if i % 2 else ""})
    make_photo(folder / "p050-broken.jpg", fields={"caption": "cut"})
    data = (folder / "p050-broken.jpg").read_bytes()
    (folder / "p050-broken.jpg").write_bytes(data[: len(data) // 2])  # truncated: fails with a reason


def _state(cat: Catalog) -> dict[str, list]:
    conn = cat.db.conn
    conn.row_factory = sqlite3.Row
    try:
        items = [{k: r[k] for k in r.keys() if k not in VOLATILE} for r in conn.execute(
            "SELECT * FROM items JOIN item_details d ON d.item_id = items.id ORDER BY items.path")]
        findings = [{k: r[k] for k in r.keys() if k not in VOLATILE} | {"path": r["path"]} for r in conn.execute(
            "SELECT f.*, i.path FROM findings f JOIN items i ON i.id = f.item_id ORDER BY i.path, f.rule, f.start")]
    finally:
        conn.row_factory = None
    return {"items": items, "findings": findings}


@pytest.fixture
def few_make_it_worth_it(monkeypatch):
    monkeypatch.setattr(importer, "EARLY_MIN_FILES", 5)


_CHILD = "CREDITLINE_EARLY_READER_CHILD"


def _ran_elsewhere(request) -> bool:  # noqa: ANN001
    """The early reader forks, so the importer uses it only in a process with no other thread,
    as the CLI is. A test process that ran a UI test keeps an idle Qt pool thread for good (the
    full suite then skipped the reader and this file failed), so such a test runs again in a
    fresh interpreter, and passes or fails there. True when it did."""
    if threading.active_count() == 1 or os.environ.get(_CHILD):
        return False
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
                         cwd=root, env={**os.environ, _CHILD: "1"}, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    return True


def test_the_early_reader_makes_the_catalog_one_process_makes(tmp_path, few_make_it_worth_it, request):
    if _ran_elsewhere(request):
        return
    _photos(tmp_path / "photos", 40)
    started = []
    real = importer._EarlyReader.__init__

    def spy(self, paths, max_bytes):
        started.append(len(paths))
        real(self, paths, max_bytes)

    importer._EarlyReader.__init__ = spy
    try:
        one = Catalog.open(tmp_path / "one.sqlite")
        s1 = importer.import_paths(one, [tmp_path / "photos"], jobs=1, thumbnails=False)
        two = Catalog.open(tmp_path / "two.sqlite")
        s2 = importer.import_paths(two, [tmp_path / "photos"], jobs=2, thumbnails=False)
    finally:
        importer._EarlyReader.__init__ = real
    assert started == [41]  # every new file (the reader stops when the rules are loaded)
    assert (s2.added, s2.failed, s2.checked, s2.errors, s2.warnings) == (s1.added, s1.failed, s1.checked,
                                                                          s1.errors, s1.warnings)
    assert s2.added == 40 and s2.failed == 1 and s2.checked == 40
    assert s2.failures == s1.failures
    assert _state(two) == _state(one)
    assert _state(one)["findings"]  # the rules ran (a misspelling, at least)


_REAL_READ_ONE = importer.read_one
_DYING: dict = {}


def _dies_once(path, thumbs_dir, max_bytes=importer.MAX_FILE_BYTES):
    """read_one, except that the first process other than the importer to reach the file dies there."""
    mark = _DYING["mark"]
    # A native crash there would end the import: files are read in other processes only.
    assert os.getpid() != _DYING["parent"], "the importing process read a file"
    if path.endswith(_DYING["on"]) and not mark.exists():
        mark.touch()
        os._exit(1)  # as a native crash would end it
    return _REAL_READ_ONE(path, thumbs_dir, max_bytes)


@pytest.mark.parametrize("on", ["p000.jpg", "p002.jpg"])  # its first reading (the rules' load), a later one
def test_a_reader_that_dies_on_a_file_loses_nothing(tmp_path, few_make_it_worth_it, monkeypatch, on, request):
    if _ran_elsewhere(request):
        return
    _photos(tmp_path / "photos", 30)
    one = Catalog.open(tmp_path / "one.sqlite")
    importer.import_paths(one, [tmp_path / "photos"], jobs=1, thumbnails=False)
    mark = tmp_path / "died"
    monkeypatch.setattr(importer, "read_one", _dies_once)
    monkeypatch.setitem(_DYING, "mark", mark)
    monkeypatch.setitem(_DYING, "parent", os.getpid())
    monkeypatch.setitem(_DYING, "on", on)
    two = Catalog.open(tmp_path / "two.sqlite")
    s = importer.import_paths(two, [tmp_path / "photos"], jobs=2, thumbnails=False)
    assert mark.exists()  # it died
    assert s.added == 30 and s.failed == 1  # only the broken file
    assert _state(two) == _state(one)
