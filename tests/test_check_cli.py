"""`creditline check` and the validation service on a real catalog."""

from __future__ import annotations

import json

import pytest

from app.catalog import Catalog
from app.cli import main
from app.validation import check_gallery, refresh_findings

CLEAN = "Fans cheer in Lyon, France, June 3, 2026. REUTERS/Ada Brin"
WRONG_DAY = "Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)"  # a Tuesday
EMBARGO = "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026"


@pytest.fixture
def catalog(catalog_path):
    cat = Catalog.open(catalog_path)
    g = cat.create_gallery("week")
    ids = [cat.add_caption_item({"caption": CLEAN}),
           cat.add_caption_item({"caption": WRONG_DAY}),
           cat.add_caption_item({"caption": CLEAN, "instructions": EMBARGO})]
    cat.add_to_gallery(g.id, ids)
    cat.create_gallery("clean")
    cat.add_to_gallery(cat.gallery("clean").id, [ids[0]])
    yield cat
    cat.close()


def run(catalog, *args: str) -> int:
    return main(["--catalog", str(catalog.path), *args])


def test_text_output_one_line_per_finding_then_summary_and_exit_1(catalog, capsys):
    assert run(catalog, "check", "--gallery", "week", "--publish-date", "2026-12-01") == 1
    lines = capsys.readouterr().out.splitlines()
    finding_lines = lines[:-1]
    # The gallery position, then the id `show` and `set` take (here ids and positions coincide).
    assert any(line.split()[:4] == ["2", "#2", "weekday-mismatch", "error"] for line in finding_lines)
    assert any(line.split()[:4] == ["3", "#3", "restriction", "warning"] for line in finding_lines)  # embargo over
    assert all(not line.startswith("   1 ") for line in finding_lines)  # the clean item says nothing
    assert lines[-1].startswith("gallery 'week': 3 items, 1 error")


def test_embargo_turns_into_an_error_before_its_end(catalog, capsys):
    run(catalog, "check", "--gallery", "week", "--format", "json", "--publish-date", "2026-11-25")
    report = json.loads(capsys.readouterr().out)
    third = report["items"][2]["findings"]
    assert [f["severity"] for f in third if f["rule"] == "restriction"] == ["error"]
    assert report["summary"]["errors"] == 2


def test_json_shape(catalog, capsys):
    assert run(catalog, "check", "--gallery", "week", "--format", "json", "--publish-date", "2026-12-01") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["gallery"] == "week"
    assert report["summary"] == {"items": 3, "errors": 1, "warnings": 1, "infos": 0, "unwritten": 0}
    first, second, _ = report["items"]
    assert {"id", "position", "path", "caption", "credits", "findings"} <= set(first)
    assert first["position"] == 1 and first["path"] is None and first["findings"] == []
    assert first["credits"][0]["photographers"] == ["Ada Brin"] and first["credits"][0]["agencies"] == ["Reuters"]
    (f,) = second["findings"]
    assert set(f) >= {"rule", "severity", "field", "message", "start", "end", "fix"}
    assert second["caption"][f["start"]:f["end"]] == "Monday"
    assert f["fix"]["replacement"] == "Tuesday"


def test_clean_gallery_exits_0_and_whole_catalog_without_gallery(catalog, capsys):
    assert run(catalog, "check", "--gallery", "clean") == 0
    assert "0 errors" in capsys.readouterr().out
    assert run(catalog, "check", "--format", "json", "--publish-date", "2026-12-01") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["gallery"] is None and report["summary"]["items"] == 3


@pytest.mark.parametrize("args", [["--gallery", "nope"], ["--publish-date", "2026-13-45"], ["--format", "xml"]])
def test_usage_trouble_exits_2(catalog, capsys, args):
    try:
        rc = run(catalog, "check", *args)
    except SystemExit as exc:  # argparse rejects bad values itself, with exit status 2
        rc = exc.code
    assert rc == 2
    assert "Traceback" not in capsys.readouterr().err


def test_findings_are_stored_and_follow_edits(catalog):
    report = check_gallery(catalog, "week", publish_date="2026-12-01")
    ids = [ci.item.id for ci in report.items]
    stored = catalog.findings(ids)
    assert [f.rule for f in stored[ids[1]]] == ["weekday-mismatch"]
    assert catalog.item(ids[1]).status == "error"
    catalog.set_fields(ids[1], {"caption": WRONG_DAY.replace("Monday", "Tuesday")})
    assert ids[1] in catalog.stale_item_ids()
    refreshed = refresh_findings(catalog)  # the stale ones
    assert refreshed[ids[1]] == [] and catalog.findings([ids[1]])[ids[1]] == []
    assert catalog.item(ids[1]).status is None and ids[1] not in catalog.stale_item_ids()


def test_catalog_settings_configure_the_rules(catalog, capsys):
    catalog.set_setting("rules", {"weekday-mismatch": {"severity": "warning"}})
    catalog.set_setting("publish_date", "2026-11-25")
    assert run(catalog, "check", "--gallery", "week", "--format", "json") == 1  # the embargo, from the setting
    report = json.loads(capsys.readouterr().out)
    assert [f["severity"] for f in report["items"][1]["findings"]] == ["warning"]
    catalog.set_setting("rules", {"weekday-mismatch": {"enabled": False}, "restriction": {"enabled": False}})
    assert run(catalog, "check", "--gallery", "week") == 0


def test_gallery_rules_run_in_check(catalog_path, capsys):
    with Catalog.open(catalog_path) as cat:
        g = cat.create_gallery("kyiv")
        ids = [cat.add_caption_item({"caption": f"Scene {n} in Kyiv, Ukraine, June 3, 2026. REUTERS/{name}"})
               for n, name in enumerate(["Vadim Ghirda", "Vadim Ghirda", "Vadim Girda"])]
        cat.add_to_gallery(g.id, ids)
    assert main(["--catalog", str(catalog_path), "check", "--gallery", "kyiv"]) == 0
    out = capsys.readouterr().out
    # (the spelling rule's notes on "Kyiv" are listed too)
    assert next(line for line in out.splitlines() if "name-variant" in line).split()[0] == "3"


def test_json_credits_carry_their_defects_like_parse_credit(catalog_path, capsys):
    with Catalog.open(catalog_path) as cat:
        g = cat.create_gallery("g")
        cat.add_to_gallery(g.id, [cat.add_caption_item({"caption": "Fans in Lyon, France, June 3, 2026. "
                                                                    "(AP Photo//Ines Varga)"})])
    assert main(["--catalog", str(catalog_path), "check", "--gallery", "g", "--format", "json"]) == 1
    (credit,) = json.loads(capsys.readouterr().out)["items"][0]["credits"]
    assert credit["defects"] and credit["defects"][0]["kind"] == "doubled-separator"


def test_a_file_that_is_not_a_catalog_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "not-a-catalog.sqlite"
    bad.write_bytes(b"<html>this is not SQLite</html>" * 40)
    assert main(["--catalog", str(bad), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert bad.read_bytes().startswith(b"<html>")  # nothing lost


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_catalog_that_does_not_exist_stops_the_gate(tmp_path, capsys, monkeypatch, how):
    """The fourth walk: a mistyped catalog path (or $CREDITLINE_CATALOG) made an empty catalog,
    folders and all, and `check` passed it, exit 0: a pipeline would have published anything."""
    missing = tmp_path / "desk" / "catlog.sqlite"
    if how == "option":
        argv = ["--catalog", str(missing), "check"]
    else:
        monkeypatch.setenv("CREDITLINE_CATALOG", str(missing))
        argv = ["check"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err and "no catalog" in err
    assert not missing.exists() and not missing.parent.exists()  # nothing made on the way
    assert main(["--catalog", str(missing), "export", "--gallery", "week", "-o", str(tmp_path / "x.csv")]) == 2
    assert not missing.exists()


def test_the_gate_says_when_the_files_do_not_hold_what_it_checked(tmp_path, capsys):
    """The fourteenth walk fixed a credit in the app and ran the gate: exit 0, the gallery
    clean, while the file (what a pipeline ships) still had no credit. The gate still judges
    the catalog, and now says how many photos have edits not yet written (stderr, and the
    JSON summary's "unwritten"), until they are."""
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photos = tmp_path / "photos"
    photos.mkdir()
    for n in (1, 2):
        make_photo(photos / f"{n}.jpg", fields={"caption": f"Waves hit Porto, Portugal, March 10, 2026. "
                                                           f"REUTERS/Rita Lopes {n}",
                                                "creators": [f"Rita Lopes {n}"], "source": "Reuters"})
    catalog = str(tmp_path / "c.sqlite")
    assert main(["--catalog", catalog, "import", "--jobs", "1", "--no-thumbnails", "--gallery", "Night",
                 str(photos)]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["unwritten"] == 0 and "not yet written" not in err
    assert main(["--catalog", catalog, "set", "--gallery", "Night", "2", "headline=Porto under water"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night", "--format", "json"]) == 0  # still passes
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["unwritten"] == 1
    assert ("creditline: 1 photo has edits not yet written to its file (2 “2.jpg”): this checked the catalog's text, "
            "which that file does not hold yet (creditline write --gallery 'Night')") in err
    assert main(["--catalog", catalog, "check", "--gallery", "Night"]) == 0
    assert "1 photo has edits not yet written" in capsys.readouterr().err  # the text report says it too
    assert main(["--catalog", catalog, "write", "--gallery", "Night"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "check", "--gallery", "Night", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["unwritten"] == 0 and "not yet written" not in err


def test_two_findings_alike_but_for_their_field_name_it(catalog_path, capsys):
    """walk18 (and the README's tour, "Mondego" twice for one photo): an unknown word in the
    headline and the caption printed two identical lines, read as a duplicate; the field the
    GUI's findings list shows tells them apart. A line alone stays as it was."""
    cat = Catalog.open(catalog_path)
    g = cat.create_gallery("game")
    cat.add_to_gallery(g.id, [cat.add_caption_item({
        "headline": "Zwyrtek coach on the sideline",
        "caption": "Coach Ana Zwyrtek reacts in Lyon, France, June 3, 2026. Qwxplo fans cheer. REUTERS/Ada Brin"})])
    cat.close()
    assert main(["--catalog", str(catalog_path), "check", "--gallery", "game"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "spelling" in line]
    assert [line.split("info", 1)[1].strip() for line in lines] == [
        "“Zwyrtek” is not in the dictionary (caption)", "“Qwxplo” is not in the dictionary",
        "“Zwyrtek” is not in the dictionary (headline)"], lines
