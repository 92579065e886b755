"""Import never hangs or aborts (issue 11 #6-#9): hostile files, odd names and entries that
are not files are each imported or recorded as failed with a reason, and nothing else is lost;
workers die with the import; unreadable folders are counted and change the exit code."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main
from app.importer import import_paths
from tests.hostile import deadline, huge_png, make_files, make_names, make_specials
from tests.imagefactory import make_photo

ROOT = Path(__file__).resolve().parents[1]


def _check_outcomes(cat: Catalog, entries, summary) -> None:
    errors = {f.path: f.reason for f in cat.import_errors()}
    for e in entries:
        path = os.fspath(e.path)
        rec = cat.file_record(path)
        if e.expect == "ok":
            assert rec is not None, f"{e.name!r} was not imported: {errors.get(path)}"
            assert rec.path == path  # the very name, bytes and all, comes back
            assert path not in errors
        else:
            assert rec is None, f"{e.name!r} should have failed"
            assert path in errors, f"{e.name!r} failed without a recorded reason"
            reason = errors[path]
            assert "\n" not in reason and reason.strip()
            assert e.reason.lower() in reason.lower(), (e.name, reason)
    assert summary.failed == sum(e.expect == "failed" for e in entries)


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_hostile_entry_is_imported_or_failed_with_a_reason(tmp_path, jobs):
    root = tmp_path / "in"
    entries = make_files(root / "files") + make_names(root / "names") + make_specials(root / "specials")
    with Catalog.open(tmp_path / "c.sqlite") as cat, deadline(180, "the hostile import"):
        summary = import_paths(cat, [root], jobs=jobs)
        _check_outcomes(cat, entries, summary)
        assert summary.added == sum(e.expect == "ok" for e in entries)
        # A second run reads nothing again: every name found its stored record.
        again = import_paths(cat, [root], jobs=jobs)
        assert again.unchanged == summary.added and again.added == again.updated == 0
        huge = cat.item(cat.file_record(os.fspath(root / "files" / "huge-pixels.png")).id)
        assert huge.facts.width == 13_000 and huge.thumb_key is None


def test_explicit_paths_that_are_not_files_fail_without_reading(tmp_path):
    folder = tmp_path / "s"
    entries = make_specials(folder)
    paths = [e.path for e in entries]
    with Catalog.open(tmp_path / "c.sqlite") as cat, deadline(60, "importing named FIFOs and devices"):
        summary = import_paths(cat, paths, jobs=1)
        _check_outcomes(cat, [e for e in entries if "/" not in e.name], summary)


def test_the_size_limit_fails_big_files_with_the_reason(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    make_photo(folder / "small.jpg", fields={"caption": "Small."})
    big = folder / "big.jpg"
    big.write_bytes((folder / "small.jpg").read_bytes() + b"\0" * 300_000)  # a photo with a long tail
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        summary = import_paths(cat, [folder], jobs=1, max_bytes=200_000)
        assert summary.added == 1 and summary.failed == 1
        (failure,) = cat.import_errors()
        assert failure.path == str(big) and "over the import limit of 195.3 KB" in failure.reason


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc (files that say 0 bytes)")
def test_a_file_longer_than_its_size_says_is_read_whole_and_still_limited():
    from app.files import read_bytes  # noqa: PLC0415

    # /proc files are regular files whose size reads 0: a read sized by the look alone would
    # cut them after one byte, as it would a file that grows between the look and the read.
    whole = read_bytes("/proc/self/status")
    assert os.stat("/proc/self/status").st_size == 0
    assert whole.startswith(b"Name:") and b"\nPid:" in whole
    with pytest.raises(OSError, match="over the import limit of 10 bytes"):
        read_bytes("/proc/self/status", max_bytes=10)


def test_the_cli_names_failures_on_one_line_each_and_shows_odd_names_readably(tmp_path, capsys):
    root = tmp_path / "in"
    entries = make_names(root / "names") + make_specials(root / "specials")
    cat = str(tmp_path / "c.sqlite")
    with deadline(120, "creditline import"):
        code = main(["--catalog", cat, "import", str(root), "--jobs", "2", "--max-file-size", "50M"])
    out, err = capsys.readouterr()
    failed = [e for e in entries if e.expect == "failed"]
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == len(failed)
    assert f"failed {len(failed)}," in out
    assert main(["--catalog", cat, "list"]) == 0
    listing = capsys.readouterr().out
    assert "latin1-caf\\xe9.jpg" in listing and "bad-\\xff\\xfe.jpg" in listing
    assert "\x1b" not in listing
    assert main(["--catalog", cat, "list", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    stored = {os.fsencode(i["path"]) for i in items}  # JSON escapes give back the very bytes
    assert os.fsencode(root / "names") + b"/bad-\xff\xfe.jpg" in stored
    assert os.fsencode(root / "names") + b"/new\nline.jpg" in stored


def test_a_file_name_with_a_newline_is_one_line_of_list_and_write(tmp_path, capsys):
    # The walk: "line<newline>break.jpg" split its `creditline list` line in two, so the line
    # after it started with "break.jpg" and a script reading a photo a line miscounted.
    folder = tmp_path / "wire"
    folder.mkdir()
    odd = folder / "line\nbreak.jpg"
    make_photo(odd, fields={"caption": "Water rises. REUTERS/Ana Costa"})
    make_photo(folder / "plain.jpg", fields={"caption": "Smoke rises. REUTERS/Ana Costa"})
    cat = str(tmp_path / "c.sqlite")
    assert main(["--catalog", cat, "import", "--gallery", "G", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--catalog", cat, "list", "--gallery", "G"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.lstrip()[:1].isdigit() for line in lines)
    assert any("line\\nbreak.jpg" in line for line in lines)
    position = next(line.split()[0] for line in lines if "line\\nbreak" in line)
    assert main(["--catalog", cat, "set", "--gallery", "G", position, "city=Porto"]) == 0
    capsys.readouterr()
    assert main(["--catalog", cat, "write", "--gallery", "G", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would write " + str(folder) + "/line\\nbreak.jpg\n" in out
    assert not any(line.startswith("break.jpg") for line in out.splitlines())


def test_a_huge_png_imports_without_a_thumbnail_in_bounded_memory(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "huge.png").write_bytes(huge_png())  # 169 MP in 164 KB
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
    code = ("import sys; from app.catalog import Catalog; from app.importer import import_paths\n"
            "def peak():\n"
            "    return next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
            "s = import_paths(Catalog.open(sys.argv[1]), [sys.argv[2]], jobs=1)\n"
            "print(s.added, peak())")
    with deadline(120, "importing a 169 MP PNG"):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.sqlite"), str(folder)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    added, peak_kb = int(out[0]), int(out[1])
    assert added == 1
    assert peak_kb < 300_000, f"peak {peak_kb // 1024} MB (it was 880 MB before the pixel budget)"
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        (item_id,) = cat.item_ids()
        read = cat._full_row("items.id = ?", (item_id,))
        assert "picture too large to decode for a thumbnail" in read["read_warnings"]
        assert "169 MP" in read["read_warnings"]


SLOW_IMPORT = """
import sys, time
import app.importer as imp
real = imp.read_one
def slow(path, *args):
    if path.endswith("slow.jpg"):
        time.sleep(120)  # a worker stuck inside one file
    return real(path, *args)
imp.read_one = slow
from app.cli import main
sys.exit(main(["--catalog", sys.argv[1], "import", sys.argv[2], "--jobs", "2"]))
"""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ps"), reason="Linux /proc and ps")
def test_killing_the_import_ends_its_workers_and_releases_the_callers_pipe(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    for n in range(6):
        make_photo(folder / f"{n}.jpg", fields={"caption": f"Photo {n}."})
    make_photo(folder / "slow.jpg", fields={"caption": "Slow."})
    # stdout is a pipe, as in `creditline import ... | tee log`
    proc = subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, str(tmp_path / "c.sqlite"), str(folder)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with deadline(60, "waiting for the workers"):
        workers: list[int] = []
        while len(workers) < 2:
            time.sleep(0.2)
            workers = _children(proc.pid)
        time.sleep(1.0)  # the slow file is in a worker now
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with deadline(20, "the caller's pipe to close (a worker still holds it?)"):
        proc.stdout.read()
        proc.stderr.read()
    with deadline(20, "the workers to exit"):
        while any(_alive(w) for w in workers):
            time.sleep(0.1)


def test_unreadable_folders_are_counted_and_reported(tmp_path, monkeypatch, capsys):
    root = tmp_path / "in"
    (root / "ok").mkdir(parents=True)
    (root / "secret").mkdir()
    make_photo(root / "ok" / "a.jpg", fields={"caption": "A."})
    make_photo(root / "secret" / "b.jpg", fields={"caption": "B."})
    real_scandir = os.scandir

    def scandir(path="."):  # what a folder without read permission does, even for root
        if os.fspath(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    cat = str(tmp_path / "c.sqlite")
    assert main(["--catalog", cat, "import", str(root), "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert "added 1," in out and "unreadable folders 1" in out
    assert f"failed: {root / 'secret'}: cannot read folder: Permission denied" in err
    with Catalog.open(cat) as c:
        assert [(f.path, f.reason) for f in c.import_errors()] == [
            (str(root / "secret"), "cannot read folder: Permission denied")]


@pytest.mark.skipif(not shutil.which("setpriv") and os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permission_is_reported_for_real(tmp_path):
    root = tmp_path / "in"
    (root / "secret").mkdir(parents=True)
    make_photo(root / "a.jpg", fields={"caption": "A."})
    make_photo(root / "secret" / "b.jpg", fields={"caption": "B."})
    (root / "secret").chmod(0)
    cmd = [sys.executable, "-m", "app", "--catalog", str(tmp_path / "c.sqlite"), "import", str(root), "--jobs", "1"]
    if os.geteuid() == 0:  # root without its capabilities is held to permission bits like anyone
        cmd = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", *cmd]
    try:
        with deadline(60, "import with an unreadable folder"):
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    finally:
        (root / "secret").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "unreadable folders 1" in done.stdout and "added 1," in done.stdout
    assert "cannot read folder: Permission denied" in done.stderr


def test_a_thumbnail_is_never_remade_from_a_fifo(tmp_path):
    from app.thumbnails import ThumbnailCache  # noqa: PLC0415

    fifo = tmp_path / "was-a-photo.jpg"
    os.mkfifo(fifo)  # the photo was replaced by a FIFO after its import
    with deadline(20, "ThumbnailCache.ensure on a FIFO"), pytest.raises(OSError, match="not a regular file"):
        ThumbnailCache(tmp_path / "thumbs").ensure("ab" * 32, fifo)
