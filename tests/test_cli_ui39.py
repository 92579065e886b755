"""ui39, walk22's leftovers on the command line: the photos with unwritten edits named, not only
counted, by `check` and `export`."""

from __future__ import annotations

from pathlib import Path

from app.catalog import Catalog
from app.cli import main

NAMES = ["IMG_4471.JPG", "Vitória noite 37.jpg", "play 3.jpg", "play 4.jpg", "play 5.jpg", "play 6.jpg"]


def _desk(tmp_path: Path) -> tuple[str, dict[int, str]]:
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photos = tmp_path / "photos"
    photos.mkdir()
    for n, name in enumerate(NAMES):
        make_photo(photos / name, fields={"caption": f"A play, Saturday, Dec. 5, 2026. (AP Photo/Nick Wass {n})",
                                          "creators": [f"Nick Wass {n}"], "source": "AP"})
    catalog = str(tmp_path / "c.sqlite")
    assert main(["--catalog", catalog, "import", "--jobs", "1", "--no-thumbnails", "--gallery", "Night",
                 str(photos)]) == 0
    cat = Catalog(catalog)
    try:
        by_position = {n: Path(cat.item(i).path).name for n, i in enumerate(cat.gallery_item_ids(cat.gallery("Night").id), 1)}
    finally:
        cat.close()
    return catalog, by_position


def test_check_and_export_name_the_photos_whose_edits_are_not_written(tmp_path, capsys):
    """walk22: `check`'s stderr and `export`'s line said "1 photo has edits not yet written"
    without saying which (the desk ran `write --dry-run` to learn it). They name the first three by
    position and file name, then "and N more"; four are all named."""
    catalog, name = _desk(tmp_path)
    capsys.readouterr()
    for position in (2, 4, 5, 6):
        assert main(["--catalog", catalog, "set", "--gallery", "Night", str(position), f"headline=Play {position}"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night"]) == 0
    err = capsys.readouterr().err
    assert (f"creditline: 4 photos have edits not yet written to their files (2 “{name[2]}”, 4 “{name[4]}”, "
            f"5 “{name[5]}” and 6 “{name[6]}”): this checked the catalog's text") in err, err
    assert main(["--catalog", catalog, "set", "--gallery", "Night", "1", "headline=Play 1"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night", "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert f"(1 “{name[1]}”, 2 “{name[2]}”, 4 “{name[4]}” and 2 more)" in err, err
    sheet = tmp_path / "sheet.csv"
    assert main(["--catalog", catalog, "export", "--gallery", "Night", "-o", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(f"; 5 photos with edits not yet written to their files (1 “{name[1]}”, "
                                f"2 “{name[2]}”, 4 “{name[4]}” and 2 more)"), out
    # The whole catalog (no gallery): by catalog id, as check's lines name them then.
    assert main(["--catalog", catalog, "check"]) == 0
    cat = Catalog(catalog)
    try:
        first = cat.pending_ids()[0]
        first_name = Path(cat.item(first).path).name
    finally:
        cat.close()
    assert f"(#{first} “{first_name}”, " in capsys.readouterr().err
    assert main(["--catalog", catalog, "write", "--gallery", "Night"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night"]) == 0
    assert "not yet written" not in capsys.readouterr().err


def test_check_json_says_its_schema_and_cli_md_says_what_a_pipeline_may_rely_on(tmp_path, capsys):
    """walk22: the JSON had no version and nothing said which of it is promised. docs/cli.md now
    says it (keys only added, never renamed or removed; the severity values fixed) and the document
    opens with "schema": the number the page gives; a pipeline can refuse a schema it does not know.
    Added as a key of the top-level object: a consumer that parses the document sees one more key."""
    import json
    import re

    from app.model import Severity

    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text[text.index("## `creditline check`"):text.index("## `creditline import-text`")]
    promise = section[section.index("**What a pipeline may rely on.**"):]
    promise = promise[:promise.index("\n\n")]
    schema = int(re.search(r'`"schema": (\d+)`', promise).group(1))
    assert "never renamed or removed" in promise
    named = set(re.findall(r"`(\w+)`", re.search(r"`severity` is always one of ([^;.]*)", promise).group(1)))
    assert named == {s.value for s in Severity}

    catalog, _ = _desk(tmp_path)
    capsys.readouterr()
    for args in (["--gallery", "Night"], []):
        assert main(["--catalog", catalog, "check", *args, "--format", "json"]) == 0
        out = capsys.readouterr().out
        doc = json.loads(out)
        assert doc["schema"] == schema and list(doc)[0] == "schema"
        assert out.splitlines()[0].startswith('{"schema": ') and out.splitlines()[0].endswith('"items": [')
        assert {f["severity"] for i in doc["items"] for f in i["findings"]} <= named
