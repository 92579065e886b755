"""The catalog file and the command line (issue 11 #11, #12): a damaged catalog is refused with
the way out and restored from the rotating backups; a read-only one can still be listed,
shown and checked; a full disk says so; bad arguments are one line and exit 2."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.catalog import (
    BACKUP_EVERY_S,
    Catalog,
    CatalogDamaged,
    CatalogReadOnly,
    backups_of,
    describe_error,
)
from app.cli import main
from tests.hostile import damage, deadline
from tests.imagefactory import make_photo

ROOT = Path(__file__).resolve().parents[1]


def _catalog_with_items(tmp_path: Path, n: int = 3) -> tuple[Path, Path]:
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(n):
        make_photo(photos / f"{i}.jpg", fields={"caption": f"Photo {i}. REUTERS/Ada Brin"})
    path = tmp_path / "c.sqlite"
    assert main(["--catalog", str(path), "import", str(photos), "--gallery", "g", "--jobs", "1"]) == 0
    return path, photos


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


COMMANDS = [["list"], ["show", "1"], ["check"], ["set", "1", "headline=x"], ["write", "--dry-run"],
            ["export", "--gallery", "g", "-o", "{tmp}/out.csv", "--force"], ["galleries"], ["import", "{photos}"]]


@pytest.mark.parametrize("how", ["truncate", "garbage", "header"])
def test_a_damaged_catalog_is_refused_with_the_way_out_and_restored(tmp_path, capsys, how):
    path, photos = _catalog_with_items(tmp_path)
    capsys.readouterr()
    assert backups_of(path) == []  # the import opened an empty catalog: nothing to back up yet
    code, out, _ = _run(capsys, "--catalog", str(path), "catalog", "backup")
    assert code == 0 and "backed up" in out
    damage(path, how)
    before = path.read_bytes()
    for cmd in COMMANDS:
        args = [a.format(tmp=tmp_path, photos=photos) for a in cmd]
        code, out, err = _run(capsys, "--catalog", str(path), *args)
        assert code == 2, (cmd, out, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert "the catalog is damaged" in err and f"creditline --catalog {path} catalog restore" in err, err
    assert path.read_bytes() == before  # nothing was written into it
    code, _, err = _run(capsys, "--catalog", str(path), "catalog", "check")
    assert code == 1 and "damaged" in err
    code, out, _ = _run(capsys, "--catalog", str(path), "catalog", "restore")
    assert code == 0 and "restored" in out
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("c.sqlite.replaced-") and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == before  # the damaged file is kept, not deleted
    code, out, _ = _run(capsys, "--catalog", str(path), "list")
    assert code == 0 and out.count("REUTERS/Ada Brin") == 3


def test_a_damaged_catalog_without_a_backup_says_so(tmp_path):
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        cat.add_caption_item({"caption": "One."})
    damage(path, "garbage")
    with pytest.raises(CatalogDamaged, match="has no backup") as raised:
        Catalog.open(path)
    # the way out is in the message itself (the seventh walk: it pointed at docs/cli.md, which
    # someone using the installed app does not have)
    assert "start a new catalog and import the photos again" in str(raised.value)
    assert "docs/" not in str(raised.value)


def test_a_text_file_given_as_the_catalog_is_a_wrong_path_not_a_damaged_catalog(tmp_path, capsys):
    """The seventh walk gave a notes file as --catalog and was told its catalog was damaged and
    to restore a backup; the file is left as it was."""
    notes = tmp_path / "notes.txt"
    notes.write_text("Gallery for Sunday: storm photos, ordered by time.\nCheck the AFP credits.\n" * 200)
    before = notes.read_bytes()
    code, _out, err = _run(capsys, "--catalog", str(notes), "list")
    assert code == 2
    assert err.strip() == (f"creditline: {notes} is not a catalog but a text file; give the path of a "
                           "catalog, or a new file name to start one")
    assert notes.read_bytes() == before
    damaged = tmp_path / "c.sqlite"  # a catalog whose header is gone is still called damaged
    Catalog.open(damaged).close()
    damage(damaged, "header")
    with pytest.raises(CatalogDamaged, match="the catalog is damaged"):
        Catalog.open(damaged)


def test_backups_are_daily_rotated_and_sound(tmp_path):
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        assert cat.backup_if_due() is None  # nothing to lose yet
        cat.add_caption_item({"caption": "One."})
        now = time.time()
        first = cat.backup_if_due(now=now)
        assert first is not None and cat.backup_if_due(now=now + 60) is None  # at most daily
        made = [first]
        for day in range(1, 10):
            os.utime(made[-1], (now + (day - 1) * BACKUP_EVERY_S,) * 2)
            b = cat.backup_if_due(now=now + day * BACKUP_EVERY_S + 1)
            assert b is not None
            made.append(b)
        assert len(cat.backups()) == 7 and cat.backups()[0] == made[-1]
        cat.set_setting("backup_keep", 2)
        cat.backup()
        assert len(cat.backups()) == 2
    with Catalog.open(backups_of(path)[0]) as copy:  # a backup is a whole, sound catalog
        assert copy.quick_check() is None and copy.count_items() == 1


def _without_root_powers(cmd: list[str]) -> list[str] | None:
    if os.geteuid() != 0:
        return cmd
    if not shutil.which("setpriv"):
        return None
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", *cmd]


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_catalog_lists_shows_and_checks_and_refuses_writes(tmp_path, where):
    path, photos = _catalog_with_items(tmp_path)
    if where == "file":
        path.chmod(0o444)
    else:
        tmp_path.chmod(0o555)
    base = [sys.executable, "-m", "app", "--catalog", str(path)]
    try:
        def run(*args: str) -> subprocess.CompletedProcess:
            cmd = _without_root_powers([*base, *args])
            if cmd is None:
                pytest.skip("root reads and writes everything, and setpriv is missing")
            return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)

        for args in (["list"], ["show", "1"], ["galleries"], ["write", "--dry-run"]):
            done = run(*args)
            assert done.returncode == 0, (args, done.stderr)
        done = run("check")
        assert done.returncode in (0, 1) and "catalog: 3 items" in done.stdout, done.stderr
        for args, verb in ((["set", "1", "headline=x"], "cannot edit it"),
                           (["import", str(photos)], "cannot import photos"),
                           (["write"], "cannot write files"),
                           (["agencies", "add", "The Harbor Gazette"], "cannot change its agencies")):
            done = run(*args)
            assert done.returncode == 2 and "read-only" in done.stderr and verb in done.stderr, (args, done.stderr)
            assert "Traceback" not in done.stderr
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
    with Catalog.open(path) as cat:
        assert cat.item(1).fields["headline"] == ""


def test_a_read_only_catalog_object_refuses_every_write(tmp_path):
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "One."})
    cat = Catalog(path, read_only="no write permission on the file")
    try:
        assert cat.item(item).fields["caption"] == "One."
        with pytest.raises(CatalogReadOnly, match="read-only"):
            cat.set_fields(item, {"caption": "Two."})
        assert cat.backup_if_due() is None
    finally:
        cat.close()


def test_full_disk_errors_say_the_disk_is_full(tmp_path, capsys, monkeypatch):
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode, full.sqlite_errorname = 13, "SQLITE_FULL"
    assert describe_error(full, tmp_path / "c.sqlite").startswith("the disk is full")
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "One."})

    def no_room(*_a, **_k):
        raise full

    monkeypatch.setattr(Catalog, "set_fields", no_room)
    code, _, err = _run(capsys, "--catalog", str(path), "set", str(item), "headline=x")
    assert code == 2 and "the disk is full" in err and "Traceback" not in err


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (root with mount rights), or a skip: the fault-injection test stands in."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_a_really_full_disk(small_disk, tmp_path, capsys):
    path = small_disk / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "One."})
    (small_disk / "c-backups").mkdir()  # today's backup is made: the full disk is the command's trouble
    with Catalog.open(path) as cat:
        cat.backup()
    with open(small_disk / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    with deadline(60, "commands on a full disk"):
        code, _, err = _run(capsys, "--catalog", str(path), "set", str(item), f"caption={'x' * 60_000}")
        assert code == 2 and "the disk is full" in err and "Traceback" not in err, err
        code, _, err = _run(capsys, "--catalog", str(path), "export", "--gallery", "none", "-o",
                            str(small_disk / "x.csv"))
        assert code == 2 and "Traceback" not in err
        g = tmp_path / "photos"
        g.mkdir()
        make_photo(g / "a.jpg", fields={"caption": "A."})
        code, out, err = _run(capsys, "--catalog", str(path), "import", str(g), "--jobs", "1")
        assert code in (1, 2) and "Traceback" not in err
        # With not even room for the WAL's files the catalog still reads: the gate gates.
        code, out, err = _run(capsys, "--catalog", str(path), "check", "--format", "json")
        found = [f["rule"] for f in json.loads(out)["items"][0]["findings"]]
        assert code == 1 and "missing-credit" in found, err  # "One." has no credit: the gate stops it
        assert "the disk is full" in err and "findings are not stored" in err
        code, out, err = _run(capsys, "--catalog", str(path), "list")
        assert code == 0 and "One." in out
    (small_disk / "filler").unlink()
    with Catalog.open(path) as cat:  # still sound, the edit not half-made
        assert cat.quick_check() is None and cat.item(item).fields["caption"] == "One."


BAD_ARGS = [
    (["show", str(2**63)], "ids are 1 to"),
    (["show", "99999999999999999999999999"], "ids are 1 to"),
    (["set", str(2**64), "caption=x"], "ids are 1 to"),
    (["show", "0"], "ids are 1 to"),
    (["show", "seven"], "not an item id"),
    (["import", ".", "--jobs", str(10**12)], "give 1 to 64"),
    (["import", ".", "--jobs", "0"], "give 1 to 64"),
    (["import", ".", "--max-file-size", "lots"], "not a size"),
    (["import", ".", "--gallery", ""], "the name is empty"),
    (["import-text", "-", "--gallery", ""], "the name is empty"),
    (["import-text", "/dev/zero", "--gallery", "x"], "not a regular file"),
    (["import-text", "/nonexistent/file.txt", "--gallery", "x"], "No such file"),
    (["list", "--gallery", "  "], "the name is empty"),
    (["list", "--gallery", "nope"], "no gallery named"),
    (["check", "--gallery", ""], "the name is empty"),
    (["check", "--publish-date", "2024-02-30"], "not a date"),
    (["export", "--gallery", "", "-o", "x.csv"], "the name is empty"),
    (["export", "--gallery", "g", "-o", "x.weird"], "cannot tell the format"),
    (["export", "--gallery", "g", "-o", "-", "--format", "pdf"], "standard output"),
    (["write", "--gallery", ""], "the name is empty"),
    (["set", "1", "date_created=yesterday"], "not an ISO 8601 date"),
    (["set", "1", "nofield=1"], "unknown field"),
    (["set", "1", "caption"], "expected FIELD=VALUE"),
    (["show", "424242"], "no item with id 424242"),
    (["parse-credit", "x", "--field", "caption_writer"], "not a caption or credit field"),
    (["agencies", "add", " "], "the agency name is empty"),
    (["catalog", "restore", "/nonexistent.sqlite"], "cannot restore"),
    (["reconcile", str(2**63)], "ids are 1 to"),
    (["reconcile", "--gallery", ""], "the name is empty"),
    (["replace", "a", "b", "--ids", str(2**63)], "no item with id"),
    (["replace", "a", "b", "--gallery", " "], "the name is empty"),
    (["codes", "import", "/dev/zero"], "not a regular file"),
    (["set", "1", "date_created=2024-02-30"], "no day 30"),
]


@pytest.mark.parametrize(("args", "says"), BAD_ARGS, ids=[" ".join(a)[:40] for a, _ in BAD_ARGS])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, capsys, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        cat.create_gallery("g")
        cat.add_caption_item({"caption": "One."})
    with deadline(60, f"creditline {' '.join(args)}"):
        try:
            code = main(["--catalog", str(path), *args])
        except SystemExit as exc:  # argparse
            code = exc.code
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert says in err, err


@pytest.mark.parametrize("argv", [["--catalog", "", "list"], ["list", "--catalog", ""]])
def test_an_empty_catalog_path_is_an_error_not_the_default(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2 and "the catalog path is empty" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_a_catalog_path_that_is_not_a_file_is_one_line(tmp_path, capsys, kind):
    path = {"folder": tmp_path, "device": Path("/dev/null"), "fifo": tmp_path / "c.sqlite"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with deadline(30, "opening a catalog that is not a file"):
        code, _, err = _run(capsys, "--catalog", str(path), "list")
    assert code == 2 and "not a catalog file" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("what", ["missing", "empty", "text", "other-sqlite"])
def test_restore_refuses_a_file_that_is_no_catalog_backup(tmp_path, capsys, what):
    # The second walk: `catalog restore empty.sqlite` "restored" a 0-byte file (a valid empty
    # SQLite database) and the editor's catalog then listed no items and no galleries.
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        cat.create_gallery("g")
        cat.add_caption_item({"caption": "One."})
    backup = tmp_path / "b.sqlite"
    if what == "empty":
        backup.write_bytes(b"")
    elif what == "text":
        backup.write_text("Storm Elowen: the week in pictures\n")
    elif what == "other-sqlite":
        conn = sqlite3.connect(backup)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    code, out, err = _run(capsys, "--catalog", str(path), "catalog", "restore", str(backup))
    assert code == 2 and out == "", (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"cannot restore {backup}: " in err, err
    assert ("no such file" if what == "missing" else "not a Creditline catalog") in err, err
    assert sorted(p.name for p in tmp_path.iterdir() if "replaced" in p.name) == []  # nothing moved aside
    with Catalog.open(path) as cat:  # nothing lost
        assert [g.name for g in cat.galleries()] == ["g"] and len(cat.item_ids()) == 1


def test_a_locked_catalog_is_read_only_even_for_root(tmp_path, capsys):
    """The walk ran as root: `chmod a-w` on a catalog made by an older Creditline (schema v5) did
    not stop `check` from upgrading it in place (a .bak-v5 beside it, the file rewritten). The mode
    bits count for root too, as they do for a photo (app.metadata.write)."""
    path, _photos = _catalog_with_items(tmp_path)
    path.chmod(0o444)
    try:
        with Catalog.open(path) as cat:
            assert cat.read_only == "no write permission on the file"
        before = path.read_bytes()
        code, out, err = _run(capsys, "--catalog", str(path), "set", "1", "headline=x")
        assert code == 2 and "read-only" in err and "cannot edit it" in err
        code, out, _err = _run(capsys, "--catalog", str(path), "check")
        assert code in (0, 1) and "catalog: 3 items" in out
        assert path.read_bytes() == before
        path.chmod(0o644)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 5")  # as a catalog of an older Creditline reads
        conn.close()
        path.chmod(0o444)
        code, _out, err = _run(capsys, "--catalog", str(path), "check")
        assert code == 2 and err.strip().endswith("the catalog (schema v5) needs an upgrade, and it is read-only")
        assert not list(tmp_path.glob("*.bak-v*"))
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(__import__("os"), "ST_RDONLY"), reason="no statvfs mount flags here")
def test_a_catalog_on_a_read_only_disk_says_the_disk_not_the_permissions(tmp_path, monkeypatch, capsys):
    """Walk 7 put a catalog on a read-only mount: 'read-only (no write permission on the file)',
    though the file's mode allowed writing; the editor chmods, nothing changes. What the file
    system reports (statvfs's ST_RDONLY, as a read-only mount gives it) is said instead."""
    import os

    path, _photos = _catalog_with_items(tmp_path)
    real = os.statvfs

    class ReadOnlyMount:
        def __init__(self, st):
            self.st = st

        def __getattr__(self, name):
            return getattr(self.st, name)

        @property
        def f_flag(self):
            return self.st.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: ReadOnlyMount(real(p)))
    with Catalog.open(path) as cat:
        assert cat.read_only == "the disk it is on is mounted read-only"
    code, _out, err = _run(capsys, "--catalog", str(path), "set", "1", "headline=x")
    assert code == 2 and "(the disk it is on is mounted read-only); cannot edit it" in err


def test_a_backup_the_full_disk_refused_is_said_on_each_command_as_no_backup_today(tmp_path, capsys, monkeypatch):
    """The ninth walk, a catalog on a full disk: every command printed "the daily backup of the
    catalog failed: the disk is full (…); nothing was changed by the step that failed", as if
    the command had changed nothing. A gate says it each run (a log shows it), in words."""
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode, full.sqlite_errorname = 13, "SQLITE_FULL"
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        cat.add_caption_item({"caption": "One."})

    def no_room(*_a, **_k):
        raise full

    monkeypatch.setattr(Catalog, "backup_if_due", no_room)
    for _ in range(2):
        code, out, err = _run(capsys, "--catalog", str(path), "list")
        assert code == 0 and "One." in out
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("creditline: warning: no backup of the catalog today (the disk "
                                                       "is full (")
        assert "nothing was changed" not in err and "next one tries the backup again" in err


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["restore", "copied back", "another tool"])
def test_a_catalog_out_of_wal_mode_is_put_back_and_can_be_edited(tmp_path, capsys, how):
    """Walk 13: after `creditline catalog restore` (the way out of damage) every edit failed,
    10 s later, with 'the catalog is busy: another program kept it locked'. A backup is a
    self-contained file in rollback-journal mode, and so was the catalog restored from it; the
    catalog's own WAL guard (a read lock on SQLite's SHARED range) then blocked its writer,
    which in that mode needs the range to itself. The same for a backup copied back by hand or a
    catalog another tool switched out of WAL. Opening puts the catalog back in WAL mode."""
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "One. REUTERS/Ada Brin"})
        backup = cat.backup()
    if how == "restore":
        assert main(["--catalog", str(path), "catalog", "restore"]) == 0
    elif how == "copied back":
        for side in ("", "-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
        shutil.copyfile(backup, path)
    else:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    assert _journal_mode(path) == "delete"
    with deadline(60, "an edit after the catalog left WAL mode"):
        assert main(["--catalog", str(path), "set", str(item), "headline=Back in business"]) == 0
    assert "the catalog is busy" not in capsys.readouterr().err
    assert _journal_mode(path) == "wal"
    with Catalog.open(path) as cat:
        assert cat.item(item).fields["headline"] == "Back in business"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the open-file-description locks that tell are Linux's")
def test_restore_refuses_a_catalog_another_program_has_open(tmp_path, capsys):
    """Walk 13: `creditline catalog restore` while the app had the catalog open put the backup in
    place under it; the window went on with the old file (renamed .replaced-…), so what the editor
    typed next went there, not into the catalog every other program now read: lost. The restore
    now refuses, in one line, while another Catalog holds the file; once it is closed, it restores."""
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "One. REUTERS/Ada Brin"})
        cat.backup()
    app_side = Catalog.open(path)  # as the window holds it
    try:
        app_side.set_fields(item, {"headline": "typed in the window"})
        before = path.stat().st_ino
        assert main(["--catalog", str(path), "catalog", "restore"]) == 2
        err = capsys.readouterr().err
        assert "open in another program" in err and len(err.strip().splitlines()) == 1
        assert path.stat().st_ino == before
        assert not list(tmp_path.glob("c.sqlite.replaced-*"))
    finally:
        app_side.close()
    assert main(["--catalog", str(path), "catalog", "restore"]) == 0
    assert list(tmp_path.glob("c.sqlite.replaced-*"))
