"""`creditline import` run as the program ends without the interpreter's teardown
(``app.cli._exit_at_once``): only once what it wrote is out and what it opened is closed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.imagefactory import make_photo

ROOT = Path(__file__).resolve().parents[1]


def _import(catalog: Path, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app", "--catalog", str(catalog), "import", str(folder),
                           "--no-thumbnails", "--jobs", "2"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_an_import_ends_with_its_output_whole_and_its_catalog_closed(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    # Enough new files for the early reader; the importing process checks its first reading, and
    # the spelling rule opens a connection of its own (validation._reader) for the names: a
    # process ended with it open would leave the WAL behind. The broken file comes last.
    for i in range(110):
        make_photo(folder / f"p{i:03d}.jpg", width=64, height=48,
                   fields={"caption": f"Fans cheer teh Kastelbergs in Lyon, France. REUTERS/Ada Brin {i}", "creators": ["Ada Brin"]})
    (folder / "p999-broken.jpg").write_bytes(b"<html>502 Bad Gateway</html>")
    catalog = tmp_path / "c.sqlite"
    run = _import(catalog, folder)
    assert run.returncode == 1, run.stderr  # a file failed: the command's own exit code
    lines = run.stdout.splitlines()
    assert lines[0].startswith("catalog complete: 110 items (110 checked")
    assert lines[-1].startswith("added 110, updated 0, unchanged 0, relinked 0, failed 1,")
    assert "creditline: failed: " in run.stderr and "p999-broken.jpg" in run.stderr
    # Every connection was closed: the last close checkpoints the WAL and removes it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sqlite", "photos"]
    conn = sqlite3.connect(catalog)
    try:
        assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 110
        assert conn.execute("SELECT count(DISTINCT item_id) FROM item_checks").fetchone()[0] == 110
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    again = _import(catalog, folder)  # and the catalog opens again as it was left
    assert again.stdout.splitlines()[-1].startswith("added 0, updated 0, unchanged 110,")
