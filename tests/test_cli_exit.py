"""`creditline import` and `check` run as the program end without the interpreter's teardown
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
    assert lines[0].startswith("catalog complete: 110 items of this import (110 checked")
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


def test_a_check_ends_with_its_whole_report_out_and_its_catalog_closed(tmp_path):
    """The gate: the JSON a pipeline reads arrives whole through the pipe, the exit code is the
    verdict, and the catalog is left closed (no WAL), the first time and when nothing changed."""
    import json

    text = tmp_path / "gallery.txt"
    text.write_text("\n\n".join(
        [f"Fans cheer in Lyon, France, on May {d}, 2024. REUTERS/Ada Brin" for d in range(1, 29)]
        + ["Fans cheer in Lyon, France, on May 30, 2024. (Photo credit should read Ada Brin/AFP via Getty Images)"]), encoding="utf-8")
    catalog = tmp_path / "c.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "app", "--catalog", str(catalog)]
    subprocess.run([*base, "import-text", str(text), "--gallery", "Lyon"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    reports = []
    for _ in range(2):
        run = subprocess.run([*base, "check", "--gallery", "Lyon", "--format", "json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 1, run.stderr  # the desk instruction left in is an error
        reports.append(json.loads(run.stdout))
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert reports[0] == reports[1] and len(reports[0]["items"]) == 29
