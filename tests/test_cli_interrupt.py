"""Ctrl-C during `creditline import` (the ninth walk): exit 130, the catalog sound, and a line
that says what was kept and what to do next (it said only "creditline: interrupted")."""

from __future__ import annotations

import pytest

import app.importer
from app.catalog import Catalog
from app.cli import main
from tests.imagefactory import make_photo


def test_an_interrupted_import_says_what_it_kept_and_the_same_import_adds_the_rest(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(6):
        make_photo(folder / f"IMG_{i:04d}.jpg", fields={"headline": f"Storm day {i}"}, width=64, height=48)
    catalog = tmp_path / "c.sqlite"
    read_one, reads = app.importer.read_one, []

    def interrupted_at_the_fourth(path, *args, **kw):
        reads.append(path)
        if len(reads) == 4:
            raise KeyboardInterrupt  # Ctrl-C while the fourth file is read
        return read_one(path, *args, **kw)

    monkeypatch.setattr(app.importer, "read_one", interrupted_at_the_fourth)
    code = main(["--catalog", str(catalog), "import", "--jobs", "1", "--no-thumbnails", "--gallery", "Storm",
                 str(folder)])
    err = capsys.readouterr().err
    assert code == 130
    assert "creditline: interrupted after 3 of 6 files; the photos imported so far are kept in the catalog" in err
    assert "run the same import again to add the rest" in err
    with Catalog.open(catalog) as cat:
        assert cat.quick_check() is None
        kept = cat.count_items()
    assert kept == 3
    monkeypatch.setattr(app.importer, "read_one", read_one)
    assert main(["--catalog", str(catalog), "import", "--jobs", "1", "--no-thumbnails", "--gallery", "Storm",
                 str(folder)]) == 0
    assert "added 3, updated 0, unchanged 3" in capsys.readouterr().out
    with Catalog.open(catalog) as cat:
        assert cat.count_items() == 6 and len(cat.gallery_item_ids(cat.gallery("Storm").id)) == 6


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def test_an_import_interrupted_while_its_thumbnails_start_stores_its_last_batch_without_a_traceback(tmp_path,
                                                                                                   monkeypatch):
    """The ninth walk's Ctrl-C seven seconds into 561 files: the importer shut its pool, then
    stored its last batch, whose thumbnails went to the shut pool: 'RuntimeError: cannot schedule
    new futures after shutdown', a traceback and exit 1 instead of the interruption's line."""
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(40):
        make_photo(folder / f"IMG_{i:04d}.jpg", fields={"headline": f"Storm day {i}"}, width=48, height=32)
    started, results = [], []
    start, result = app.importer._Thumbnails.start, app.importer._Slot.result

    def thumbnails_start(self, pool):
        started.append(True)
        return start(self, pool)

    def slot_result(self):
        if started:
            results.append(self)
            if len(results) == 3:
                raise KeyboardInterrupt  # Ctrl-C while the last readings come back
        return result(self)

    monkeypatch.setattr(app.importer._Thumbnails, "start", thumbnails_start)
    monkeypatch.setattr(app.importer._Slot, "result", slot_result)
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        with pytest.raises(KeyboardInterrupt):
            app.importer.import_paths(cat, [folder], jobs=2, batch_size=1000)
        assert started and cat.count_items() >= 2 and cat.quick_check() is None


def test_ctrl_c_while_the_thumbnails_are_made_says_the_catalog_is_complete_and_names_the_failures(tmp_path, capsys,
                                                                                                  monkeypatch):
    """The tenth walk: Ctrl-C once every file was read (the thumbnails were being made) said
    'interrupted after 528 of 528 files … run the same import again to add the rest': there was
    no rest, and the 24 files that had failed were never named (the summary that lists them was
    lost with the interruption)."""
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(4):
        make_photo(folder / f"IMG_{i:04d}.jpg", fields={"headline": f"Storm day {i}"}, width=64, height=48)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a picture")

    def finish(self):
        raise KeyboardInterrupt  # Ctrl-C while the thumbnails are made

    monkeypatch.setattr(app.importer._Thumbnails, "finish", finish)
    catalog = tmp_path / "c.sqlite"
    code = main(["--catalog", str(catalog), "import", "--jobs", "1", "--gallery", "Storm", str(folder)])
    out, err = capsys.readouterr()
    assert code == 130
    assert "catalog complete: 4 items of this import" in out
    assert "broken.jpg" in err and "creditline: failed:" in err
    assert "interrupted while the thumbnails were made" in err and "add the rest" not in err
    with Catalog.open(catalog) as cat:
        assert cat.count_items() == 4 and cat.quick_check() is None


@pytest.mark.parametrize("existed", [False, True])
def test_ctrl_c_before_any_photo_leaves_no_gallery_made_and_an_old_one_as_it_was(tmp_path, capsys, monkeypatch,
                                                                                   existed):
    """The eleventh walk: `import DIR --gallery NAME` interrupted at once left an empty gallery
    'NAME' behind. A gallery the import made goes when no photo went into it; one that was
    there keeps what it had."""
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(3):
        make_photo(folder / f"IMG_{i:04d}.jpg", fields={"headline": f"Storm day {i}"}, width=48, height=32)
    catalog = tmp_path / "c.sqlite"
    before: list[int] = []
    if existed:
        old = tmp_path / "old.jpg"
        make_photo(old, fields={"headline": "Earlier"}, width=48, height=32)
        assert main(["--catalog", str(catalog), "import", "--no-thumbnails", "--gallery", "Storm", str(old)]) == 0
        with Catalog.open(catalog) as cat:
            before = cat.gallery_item_ids(cat.gallery("Storm").id)
        assert len(before) == 1
    capsys.readouterr()

    def interrupted(path, *args, **kw):
        raise KeyboardInterrupt  # Ctrl-C while the first file is read

    monkeypatch.setattr(app.importer, "read_one", interrupted)
    code = main(["--catalog", str(catalog), "import", "--jobs", "1", "--no-thumbnails", "--gallery", "Storm",
                 str(folder)])
    assert code == 130
    assert "interrupted before any photo was imported" in capsys.readouterr().err
    with Catalog.open(catalog) as cat:
        names = [g.name for g in cat.galleries()]
        if existed:
            assert names == ["Storm"] and cat.gallery_item_ids(cat.gallery("Storm").id) == before
        else:
            assert names == [] and cat.count_items() == 0


def test_a_cancelled_import_removes_the_empty_gallery_it_made(tmp_path):
    """The app's Cancel before the first photo: the same as Ctrl-C."""
    import threading  # noqa: PLC0415

    folder = tmp_path / "wire"
    folder.mkdir()
    make_photo(folder / "IMG_0001.jpg", fields={"headline": "Storm"}, width=48, height=32)
    cancel = threading.Event()
    cancel.set()
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        summary = app.importer.import_paths(cat, [folder], gallery="Storm", jobs=1, cancel=cancel, thumbnails=False)
        assert summary.cancelled and [g.name for g in cat.galleries()] == []


def test_ctrl_c_while_the_command_loads_is_one_line_not_a_traceback(capsys, monkeypatch):
    """Found with the eleventh walk's Ctrl-C at once: 0.4 s into `creditline import`, the
    command's modules were still being imported and Python printed their traceback."""
    import app.cli  # noqa: PLC0415

    def loading(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(app.cli, "build_parser", loading)
    assert main(["import", "somewhere"]) == 130
    assert capsys.readouterr().err == "creditline: interrupted\n"


_CTRL_C_AT_IMPORT = '''
import os, signal, sys

class _CtrlC:
    """Ctrl-C, a real SIGINT, as the module named by CTRL_C_AT starts to be imported."""
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["CTRL_C_AT"]:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, _CtrlC())
'''


@pytest.mark.parametrize("entry", ["script", "module"])
@pytest.mark.parametrize("at", ["app.commands", "app.cli", "app.catalog"])
def test_ctrl_c_as_the_command_starts_ends_it_without_a_traceback(tmp_path, entry, at):
    """Ctrl-C in the first 0.3 s of `creditline demo` printed a traceback of the import machinery
    (the left30 brief; Xvfb: SIGINT 0.1 s in, in app/__init__'s imports; 0.3 s in, at
    main's import of app.catalog): the interrupt's handler raised KeyboardInterrupt before main
    could catch it. Before main runs, Ctrl-C ends the command at once; it ended silently, and
    says main's one line now (left32: the 0-50 ms loop saw nothing said); in main, the one
    line too, exit 130 either way."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_CTRL_C_AT_IMPORT)
    # The console script pip writes for `creditline` (pyproject's [project.scripts]).
    script = tmp_path / "bin" / "creditline"
    script.parent.mkdir()
    script.write_text("import sys\nfrom app.cli import main\nsys.exit(main())\n")
    command = [str(script)] if entry == "script" else ["-m", "app"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), str(root)]), "CTRL_C_AT": at,
           "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, *command, "--catalog", str(tmp_path / "c.sqlite"), "demo", "--no-open"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 130 and done.stderr == "creditline: interrupted\n"
    assert not (tmp_path / "c.sqlite").exists()  # stopped before anything was made
