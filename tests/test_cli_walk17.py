"""The seventeenth walk's pipeline gate: a web team's script written from docs/cli.md alone."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from app.cli import main
from tests.imagefactory import make_photo

ROOT = Path(__file__).resolve().parents[1]


def test_a_csv_sheet_on_standard_output_is_utf8_with_a_non_utf8_file_name(tmp_path):
    """The walk: `creditline export --format csv -o -` piped into the CMS import held the bytes of
    "Straße-München.jpg" as the Latin-1 folder had them (0xdf, 0xfc: no UTF-8 reader takes the
    sheet), where the same export into a file writes the name as "Stra\\xdfe-M\\xfcnchen.jpg"."""
    folder = tmp_path / "nacht"
    folder.mkdir()
    name = os.fsdecode(os.fsencode(str(folder)) + b"/Stra\xdfe-M\xfcnchen.jpg")
    make_photo(name, fields={"caption": "Eine Straßenbahn in München. Foto: Sven Hoppe/dpa"})
    cat = str(tmp_path / "c.sqlite")
    assert main(["--catalog", cat, "import", "--gallery", "Nacht", "--no-thumbnails", "--jobs", "1", str(folder)]) == 0
    assert main(["--catalog", cat, "export", "--gallery", "Nacht", "--force", "-o", str(tmp_path / "s.csv")]) == 0
    in_file = (tmp_path / "s.csv").read_bytes()
    assert b"Stra\\xdfe-M\\xfcnchen.jpg" in in_file
    # A pipeline's own locale (a CI job without LANG): the bytes piped are UTF-8 too.
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONPATH": str(ROOT)}
    piped = subprocess.run([sys.executable, "-m", "app.cli", "--catalog", cat, "export", "--gallery", "Nacht",
                            "--force", "--format", "csv", "-o", "-"], capture_output=True, env=env, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == in_file  # the pipe gets what the file gets: UTF-8, the name escaped
    row = next(csv.DictReader(io.StringIO(piped.stdout.decode("utf-8"), newline="")))
    assert row["File name"] == "Stra\\xdfe-M\\xfcnchen.jpg"
