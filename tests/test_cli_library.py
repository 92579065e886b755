"""``creditline import | galleries | list | show | set`` through ``app.cli.main``."""

from __future__ import annotations

import json
import os

import pytest

from app.cli import main
from app.fields import FIELD_KEYS
from tests.imagefactory import make_photo


@pytest.fixture
def photos(tmp_path):
    d = tmp_path / "photos"
    d.mkdir()
    make_photo(d / "b.jpg", fields={"caption": "Second photo", "creators": ["Bo Chu"]})
    make_photo(d / "a.jpg", fields={"caption": "First photo", "city": "Oslo"}, iim=True, xmp=False)
    return d


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_set(capsys, photos, catalog_path):
    cat = ["--catalog", str(catalog_path)]
    code, out, err = run(capsys, "import", str(photos), "--gallery", "Take", "--jobs", "1", *cat)
    assert code == 0, err
    assert "added 2" in out and "failed 0" in out and "files/s" in out

    code, out, _ = run(capsys, "list", "--gallery", "Take", "--format", "json", *cat)
    items = json.loads(out)["items"]
    assert [os.path.basename(i["path"]) for i in items] == ["a.jpg", "b.jpg"]
    assert [i["position"] for i in items] == [1, 2]
    assert set(items[0]["fields"]) == set(FIELD_KEYS)
    assert items[1]["fields"]["creators"] == ["Bo Chu"]
    first = items[0]["id"]

    code, out, _ = run(capsys, "show", str(first), "--format", "json", *cat)
    shown = json.loads(out)
    assert shown["fields"]["caption"] == {"value": "First photo", "embedded": "First photo", "source": "iim"}
    assert shown["fields"]["title"] == {"value": "", "embedded": "", "source": None}

    code, out, err = run(capsys, "set", str(first), "caption=Edited caption", "creators=Ann Lee; Bo Chu", *cat)
    assert code == 0, err
    code, out, _ = run(capsys, "show", str(first), "--format", "json", *cat)
    fields = json.loads(out)["fields"]
    assert fields["caption"] == {"value": "Edited caption", "embedded": "First photo", "source": "edited"}
    assert fields["creators"]["value"] == ["Ann Lee", "Bo Chu"]

    code, out, _ = run(capsys, "show", str(first), *cat)
    assert code == 0 and "Edited caption" in out and "in the file: First photo" in out

    code, out, _ = run(capsys, "list", *cat)
    assert code == 0 and "Edited caption" in out and "Second photo" in out

    code, out, _ = run(capsys, "galleries", "--format", "json", *cat)
    [g] = json.loads(out)["galleries"]
    assert (g["name"], g["items"], g["status"]) == ("Take", 2, "draft")
    code, out, _ = run(capsys, "galleries", *cat)
    assert "Take" in out and "2 items" in out

    # Importing again: nothing to do.
    code, out, _ = run(capsys, "import", str(photos), "--jobs", "1", *cat)
    assert code == 0 and "unchanged 2" in out


def test_import_failures_exit_1_and_conflicts_go_to_stderr(capsys, photos, catalog_path):
    cat = ["--catalog", str(catalog_path)]
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, err = run(capsys, "import", str(photos), "--jobs", "1", *cat)
    assert code == 1 and "failed 1" in out
    assert "broken.jpg" in err and "Traceback" not in err
    (photos / "broken.jpg").unlink()
    ids = json.loads(run(capsys, "list", "--format", "json", *cat)[1])["items"]
    a = next(i for i in ids if i["path"].endswith("a.jpg"))
    run(capsys, "set", str(a["id"]), "caption=Mine", *cat)
    make_photo(photos / "a.jpg", fields={"caption": "Theirs"}, iim=True, xmp=False)
    os.utime(photos / "a.jpg", ns=(1, 1_600_000_000_000_000_000))
    code, out, err = run(capsys, "import", str(photos), "--jobs", "1", *cat)
    assert code == 0 and "conflicts 1" in out
    assert "conflict" in err and "caption" in err and "a.jpg" in err


def test_usage_errors_exit_2(capsys, photos, catalog_path):
    cat = ["--catalog", str(catalog_path)]
    run(capsys, "import", str(photos), "--jobs", "1", *cat)
    code, _, err = run(capsys, "set", "1", "captoin=x", *cat)
    assert code == 2 and "caption, creators" in err
    code, _, err = run(capsys, "set", "1", "caption", *cat)
    assert code == 2 and "FIELD=VALUE" in err
    code, _, err = run(capsys, "show", "999", *cat)
    assert code == 2 and "999" in err
    code, _, err = run(capsys, "list", "--gallery", "nope", *cat)
    assert code == 2 and "nope" in err
    with pytest.raises(SystemExit) as exc:
        main(["import", str(photos), "--jobs", "0", *cat])
    assert exc.value.code == 2


def test_a_file_that_is_not_a_catalog_is_a_clean_error(capsys, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not sqlite at all\n" * 50)
    code, out, err = run(capsys, "list", "--catalog", str(bad))
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_progress_bar_draws_on_one_line():
    import io

    from app.commands.library import _ProgressBar

    buf = io.StringIO()
    bar = _ProgressBar(buf)
    bar(1, 4, "added")
    bar(4, 4, "added")
    text = buf.getvalue()
    assert text.startswith("\r[") and "1/4 files" in text and text.endswith("4/4 files\n")


def test_a_locked_catalog_is_a_one_line_error(capsys, catalog_path, monkeypatch):
    import sqlite3

    import app.catalog

    run(capsys, "galleries", "--catalog", str(catalog_path))  # create it
    monkeypatch.setattr(app.catalog, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(catalog_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holding the file
    try:
        code, _, err = run(capsys, "set", "1", "caption=x", "--catalog", str(catalog_path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_closed_stdout_ends_quietly_with_141(tmp_path):
    """`creditline list | head`: the reader goes away; no message, no traceback, exit 128+SIGPIPE."""
    import subprocess
    import sys

    from app.catalog import Catalog

    catalog = tmp_path / "c.sqlite"
    Catalog.open(catalog).close()  # `galleries` no longer makes one that is not there
    proc = subprocess.Popen([sys.executable, "-m", "app", "--catalog", str(catalog), "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the child writes anything: its first write gets EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""
