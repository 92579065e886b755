"""Round 5 of the newcomer's walk, on the command line."""

from __future__ import annotations

import shutil

from app.cli import main
from tests.imagefactory import make_photo


def test_import_says_why_it_made_fewer_thumbnails_than_photos(tmp_path, capsys):
    """The walk: "thumbnails: 98 made, 0 failed" after 100 photos were added, and nothing said
    where the other two were (two files were copies of others: one picture, one thumbnail)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        make_photo(folder / f"{i}.jpg", fields={"caption": f"Photo {i}"}, width=160, height=100)
    shutil.copyfile(folder / "0.jpg", folder / "0 copy.jpg")
    assert main(["--catalog", str(tmp_path / "c.sqlite"), "import", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    line = next(line for line in out if line.startswith("thumbnails: "))
    assert line.startswith("thumbnails: 2 made for 3 photos (identical pictures share one), 0 failed, in ")
    assert out[-1].startswith("added 3, ")
