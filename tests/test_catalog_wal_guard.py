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
from app.catalog import Catalog, CatalogError

needs_guard = pytest.mark.skipif(not catalog_module._CAN_GUARD_WAL,
                                 reason="no open-file-description locks on this system (Linux only)")

OTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT value FROM settings WHERE key = 'walk'").fetchone()[0])
conn.close()
"""


@needs_guard
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


@needs_guard
def test_close_lets_the_last_connection_tidy_the_wal_away(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    cat = Catalog.open(path)
    cat.set_setting("walk", "x")
    cat.close()
    assert not Path(f"{path}-wal").exists()


# --- where the guard cannot be held: the platform simulated on Linux ----------------------------

def _no_guard(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "macos":  # fcntl without open-file-description locks (macOS, BSD)
        monkeypatch.setattr(catalog_module, "_CAN_GUARD_WAL", False)
    elif how == "windows":  # no fcntl at all
        monkeypatch.setattr(catalog_module, "_fcntl", None)
        monkeypatch.setattr(catalog_module, "_CAN_GUARD_WAL", False)
    else:  # a file system that refuses the lock (a network share, some FUSE mounts)
        monkeypatch.setattr(catalog_module, "_guard_wal", lambda path: None)


def _other(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


@pytest.mark.parametrize("how", ["macos", "windows", "refused"])
def test_without_the_guard_a_write_never_goes_to_a_wal_deleted_under_it(tmp_path: Path, monkeypatch, how) -> None:
    """With the guard off, the ninth walk's sniff then another process's close deleted the WAL,
    and the next commit went to the deleted file: the other process read 'first' after 'second'
    was committed. Now that write is refused, saying so, and nothing diverges; opened again, the
    catalog is written as usual."""
    _no_guard(monkeypatch, how)
    path = tmp_path / "catalog.sqlite"
    cat = Catalog.open(path)
    try:
        cat.set_setting("walk", "first")
        with open(path, "rb") as f:  # a file dialog's type sniffing in this process
            f.read(100)
        assert _other(path) == '"first"'
        assert not Path(f"{path}-wal").exists()  # what the guard prevents where it can be held
        with pytest.raises(CatalogError, match="removed the catalog's write-ahead log.*nothing was written"):
            cat.set_setting("walk", "second")
        assert _other(path) == '"first"' and cat.get_setting("walk") == "first"
    finally:
        cat.close()
    with Catalog.open(path) as again:
        again.set_setting("walk", "third")
    assert _other(path) == '"third"'


@pytest.mark.parametrize("how", ["macos", "windows", "refused"])
def test_without_the_guard_ordinary_use_is_never_refused(tmp_path: Path, monkeypatch, how) -> None:
    """No false alarm: other processes reading and closing (their close cannot delete the WAL
    while this process holds its locks), a close and a reopen of the same object's connections."""
    _no_guard(monkeypatch, how)
    path = tmp_path / "catalog.sqlite"
    cat = Catalog.open(path)
    try:
        for n in range(3):
            cat.set_setting("walk", f"w{n}")
            assert _other(path) == f'"w{n}"'
        cat.close()
        assert not Path(f"{path}-wal").exists()  # the last connection tidied it away
        cat.set_setting("walk", "after")  # new connections, a new WAL: rightly accepted
        assert _other(path) == '"after"'
    finally:
        cat.close()
