"""The command line as a pipeline gate at the ninth walk's size: a wrong path is one line."""

from __future__ import annotations

from app.cli import main
from tests.imagefactory import make_photo


def test_importing_a_path_that_is_not_there_is_one_line_and_exit_2_with_the_catalog_untouched(tmp_path, capsys,
                                                                                            monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    catalog = tmp_path / "c.sqlite"
    code = main(["--catalog", str(catalog), "import", str(tmp_path / "no" / "such" / "folder")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == f"creditline: nothing to import: no such file or folder: {tmp_path / 'no' / 'such' / 'folder'}\n"
    assert not catalog.exists()
    # One path there among others not: the import goes on, the missing one fails with its reason.
    make_photo(tmp_path / "IMG_0001.jpg", fields={"headline": "Storm"}, width=48, height=32)
    code = main(["--catalog", str(catalog), "import", "--no-thumbnails", str(tmp_path / "IMG_0001.jpg"),
                 str(tmp_path / "gone.jpg")])
    out, err = capsys.readouterr()
    assert code == 1 and "added 1" in out and "gone.jpg: no such file or directory" in err


def test_python_dash_m_app_cli_says_a_usage_error_in_one_line(tmp_path):
    """`python -m app.cli` runs the module as __main__, a second copy: its handler did not catch
    the UsageError the commands raise (purpose27 saw a traceback for a gallery name)."""
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "app.cli", "--catalog", str(tmp_path / "none.sqlite"), "check",
                           "--gallery", "Storm Elowen"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("creditline: no catalog at ") and len(done.stderr.strip().splitlines()) == 1


def test_an_error_names_a_path_with_its_spaces_as_they_are(tmp_path, capsys, monkeypatch):
    # The twelfth walk imported "no  such   file.jpg" (a wire file name with double spaces) and
    # the error said "no such file.jpg": every message had each run of whitespace made one space
    # (to keep it on one line), so the file it named was not the file. Line breaks still go.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    missing = tmp_path / "wire  in" / "IMG   0001.jpg"
    code = main(["--catalog", str(tmp_path / "c.sqlite"), "import", str(missing)])
    _out, err = capsys.readouterr()
    assert code == 2 and err == f"creditline: nothing to import: no such file or folder: {missing}\n"
    make_photo(tmp_path / "IMG_0001.jpg", fields={"headline": "Storm"}, width=48, height=32)
    main(["--catalog", str(tmp_path / "c.sqlite"), "import", "--no-thumbnails", "--gallery", "G",
          str(tmp_path / "IMG_0001.jpg")])
    capsys.readouterr()
    code = main(["--catalog", str(tmp_path / "c.sqlite"), "export", "--gallery", "G", "--force", "-o",
                 str(tmp_path / "no  folder" / "x.pdf")])
    _out, err = capsys.readouterr()
    assert code == 2 and "no  folder" in err and err.count("\n") == 1
    code = main(["--catalog", str(tmp_path / "c.sqlite"), "show", "G  x\n#1"])
    _out, err = capsys.readouterr()
    assert code == 2 and "G  x" in err and err.count("\n") == 1  # one line, its spaces kept
