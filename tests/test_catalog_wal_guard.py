"""The catalog's WAL survives this process losing its POSIX locks (the ninth walk).

A file dialog sniffing the catalog's type opens and closes the file in the app's process, and
the OS drops every POSIX lock the process held on it: SQLite's. Another process's last
connection closing (an import worker's reader, ``creditline check`` in a terminal) then took
the EXCLUSIVE lock, checkpointed and deleted the WAL under the app, whose later commits went to
the deleted file and were lost ('Imported 557 new', 501 in the catalog, 'disk I/O error').
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import catalog as catalog_module
from app.catalog import Catalog

pytestmark = pytest.mark.skipif(not catalog_module._CAN_GUARD_WAL,
                                reason="no open-file-description locks on this system (Linux only)")

OTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT value FROM settings WHERE key = 'walk'").fetchone()[0])
conn.close()
"""


def test_another_process_closing_keeps_the_wal_after_a_sniff(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    cat = Catalog.open(path)
    try:
        cat.set_setting("walk", "first")
        with open(path, "rb") as f:  # what a file dialog's type sniffing does in the app's process
            f.read(100)
        other = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True,
                               text=True, timeout=60, check=True)
        assert other.stdout.strip() == '"first"'
        assert Path(f"{path}-wal").exists()
        cat.set_setting("walk", "second")  # a commit after the other process closed
        again = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True,
                               text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == '"second"'
    finally:
        cat.close()
    assert Catalog.open(path).get_setting("walk") == "second"


def test_close_lets_the_last_connection_tidy_the_wal_away(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    cat = Catalog.open(path)
    cat.set_setting("walk", "x")
    cat.close()
    assert not Path(f"{path}-wal").exists()
