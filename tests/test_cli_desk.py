"""The command line's side of the desk workflow (issue 13): one item reference everywhere."""

from __future__ import annotations

import json

import pytest

from app.catalog import Catalog
from app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _not_fresh_catalog(path):
    """A catalog whose ids are not gallery positions: other photos were there first, and the
    gallery's order is not the order the items were added in."""
    cat = Catalog.open(path)
    try:
        for i in range(7):
            cat.add_caption_item({"caption": f"Earlier story {i}. REUTERS/Ada Brin"})
        g = cat.create_gallery("Storm Elowen")
        ids = [cat.add_caption_item({"caption": "Flooded street in Porto, Portugal, March 10, 2026. "
                                                "REUTERS/Rita Lopes", "headline": "Porto"}),
               cat.add_caption_item({"caption": "Boats in Aveiro, Portugal, March 11, 2026.", "headline": "Aveiro"})]
        cat.add_to_gallery(g.id, [ids[1], ids[0]])  # Aveiro first
        return ids
    finally:
        cat.close()


def test_check_prints_the_id_beside_the_position_and_show_set_take_either(capsys, catalog_path):
    porto, aveiro = _not_fresh_catalog(catalog_path)
    cat = ["--catalog", str(catalog_path)]
    code, out, _ = run(capsys, "check", "--gallery", "Storm Elowen", *cat)
    assert code == 1
    (line,) = [ln for ln in out.splitlines() if "missing-credit" in ln]
    assert line.split()[:2] == ["1", f"#{aveiro}"]  # position 1 is item #9

    # The id printed works as it is (with or without its '#') ...
    for ref in (f"#{aveiro}", str(aveiro)):
        code, out, err = run(capsys, "show", ref, "--format", "json", *cat)
        assert code == 0, err and json.loads(out)["id"] == aveiro
    # ... and so does the position, with the gallery.
    code, out, err = run(capsys, "show", "--gallery", "Storm Elowen", "1", "--format", "json", *cat)
    assert code == 0, err
    assert json.loads(out)["id"] == aveiro
    code, out, err = run(capsys, "show", "Storm Elowen#2", "--format", "json", *cat)
    assert code == 0, err
    assert json.loads(out)["id"] == porto

    code, out, err = run(capsys, "set", "--gallery", "Storm Elowen", "1",
                         "caption=Boats in Aveiro, Portugal, March 11, 2026. REUTERS/Rita Lopes", *cat)
    assert code == 0, err
    with Catalog.open(catalog_path) as c:
        assert c.item(aveiro).fields["caption"].endswith("REUTERS/Rita Lopes")
    code, out, _ = run(capsys, "check", "--gallery", "Storm Elowen", *cat)
    assert code == 0 and "missing-credit" not in out

    # The text show names the gallery places too, so an id can be found in the app.
    code, out, _ = run(capsys, "show", str(aveiro), *cat)
    assert "Storm Elowen (1)" in out.splitlines()[1]


def test_item_references_that_do_not_resolve_are_one_line_errors(capsys, catalog_path):
    _not_fresh_catalog(catalog_path)
    cat = ["--catalog", str(catalog_path)]
    for argv, message in (
            (["show", "--gallery", "Storm Elowen", "3"], "no item at position 3 of gallery 'Storm Elowen' (it has 2)"),
            (["show", "Nowhere#1"], "no gallery named 'Nowhere'"),
            (["show", "999"], "no item with id 999"),
            (["show", "abc"], "not an item id"),
            (["set", "--gallery", "Storm Elowen", "0", "caption=x"], "no item at position 0")):
        code, out, err = run(capsys, *argv, *cat)
        assert code == 2 and out == "", argv
        assert err.count("\n") == 1 and message in err, (argv, err)


def test_show_and_set_take_the_path_of_a_photo_the_catalog_holds(capsys, catalog_path, tmp_path, monkeypatch):
    """``show PATH`` was refused ("not an item id") while ``provenance PATH`` took it: a path
    the catalog holds names its item, relative or absolute; any other path is a one-line error."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    _not_fresh_catalog(catalog_path)
    folder = tmp_path / "Storm day 1"  # a space, as desks name folders
    folder.mkdir()
    photo = folder / "IMG_0001.jpg"
    make_photo(photo, fields={"headline": "Porto floods", "caption": "Porto. REUTERS/Rita Lopes"}, width=64, height=48)
    with Catalog.open(catalog_path) as c:
        item_id = c.apply_read(read_file(photo), None).item_id
    cat = ["--catalog", str(catalog_path)]
    code, out, err = run(capsys, "show", str(photo), "--format", "json", *cat)
    assert code == 0, err
    assert json.loads(out)["id"] == item_id and json.loads(out)["path"] == str(photo)
    monkeypatch.chdir(folder)
    code, out, err = run(capsys, "set", "IMG_0001.jpg", "headline=Porto under water", *cat)
    assert code == 0, err
    with Catalog.open(catalog_path) as c:
        assert c.item(item_id).fields["headline"] == "Porto under water"

    stranger = folder / "not imported.jpg"
    stranger.write_bytes(photo.read_bytes())
    for ref, message in ((str(stranger), "not in the catalog (import it first)"),
                         (str(folder / "gone.jpg"), "no such file in the catalog")):
        code, out, err = run(capsys, "show", ref, *cat)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and f"{ref}: {message}" in err, err
    # A gallery name with a slash is still a gallery position.
    with Catalog.open(catalog_path) as c:
        g = c.create_gallery("Storm/Day 1")
        c.add_to_gallery(g.id, [item_id])
    code, out, err = run(capsys, "show", "Storm/Day 1#1", "--format", "json", *cat)
    assert code == 0 and json.loads(out)["id"] == item_id, err


def test_marks_from_the_command_line(capsys, catalog_path):
    porto, aveiro = _not_fresh_catalog(catalog_path)
    cat = ["--catalog", str(catalog_path)]
    # A colour class by its key, as in the app; the tag by any yes.
    code, out, err = run(capsys, "set", "--gallery", "Storm Elowen", "1", "color_label=1", "tagged=yes",
                         "rating=4", *cat)
    assert code == 0, err
    assert 'color_label: "" -> "Winner"' in out and 'tagged: "" -> "True"' in out and 'rating: "" -> "4"' in out
    code, out, err = run(capsys, "set", str(porto), "color_label=Superior", *cat)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--label", "winner", *cat)
    assert [ln.split()[0] for ln in out.splitlines()] == [f"#{aveiro}"]
    code, out, _ = run(capsys, "list", "--label", "3", *cat)
    assert [ln.split()[0] for ln in out.splitlines()] == [f"#{porto}"]
    code, out, _ = run(capsys, "list", "--gallery", "Storm Elowen", "--tagged", *cat)
    assert [ln.split()[1] for ln in out.splitlines()] == [f"#{aveiro}"]
    assert "[Winner · tagged · ★★★★]" in out
    run(capsys, "set", str(porto), "rating=2", *cat)
    code, out, _ = run(capsys, "list", "--stars", "3", *cat)
    assert [ln.split()[0] for ln in out.splitlines()] == [f"#{aveiro}"]
    code, out, _ = run(capsys, "list", "--stars", "2", *cat)
    assert sorted(ln.split()[0] for ln in out.splitlines()) == sorted([f"#{porto}", f"#{aveiro}"])
    with pytest.raises(SystemExit) as exc:  # argparse's own usage error
        main(["list", "--stars", "6", *cat])
    assert exc.value.code == 2 and "from 1 to 5" in capsys.readouterr().err
    code, out, err = run(capsys, "set", str(porto), "color_label=9", *cat)
    assert code == 2 and "colour label 9" in err


def test_marks_are_written_to_xmp_where_photo_mechanic_reads_them(tmp_path, exiftool):
    import subprocess  # noqa: PLC0415

    from app.metadata.read import read_file  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Boats in Aveiro. REUTERS/Rita Lopes"})
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        item = cat.apply_read(read_file(photo)).item_id
        cat.set_fields(item, {"color_label": "Winner", "rating": "4"})
        report = write_items(cat, [item])
        assert report.written == 1, report.outcomes
        assert cat.pending_counts([item]) == {}
    tags = subprocess.run([exiftool, "-j", "-XMP-xmp:Label", "-XMP-xmp:Rating", str(photo)],
                          capture_output=True, text=True, check=True).stdout
    assert json.loads(tags)[0]["Label"] == "Winner" and json.loads(tags)[0]["Rating"] == 4


def test_the_tag_is_written_as_photo_mechanic_writes_it(tmp_path, exiftool):
    """photomechanic:Tagged, a namespace exiv2 must be told about (app.fields.XMP_NAMESPACES): in a
    fresh process, before any file that uses it has been read."""
    import subprocess  # noqa: PLC0415

    from app.metadata.read import read_file  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = tmp_path / "a.jpg"
    make_photo(photo, fields={"caption": "Boats in Aveiro. REUTERS/Rita Lopes"})
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        item = cat.apply_read(read_file(photo)).item_id
        cat.set_fields(item, {"tagged": "True"})
        assert write_items(cat, [item]).written == 1
    out = subprocess.run([exiftool, "-j", "-XMP-photomech:Tagged", str(photo)], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out)[0]["Tagged"] in (True, "True", "Yes")


def test_a_wrong_gallery_name_says_which_it_may_have_meant(tmp_path, capsys) -> None:
    """The walk: a long gallery name typed short ("Night desk") said only "no gallery named";
    where the galleries were listed, names holding commas ran together."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415

    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        long = "Night desk: storm aftermath, state visit, embargo until 06:00"
        cat.create_gallery(long)
        cat.create_gallery("Storm Elowen")
    for argv in (["check", "--gallery", "night desk"], ["write", "--dry-run", "--gallery", "Night desk"],
                 ["export", "--gallery", "Night", "-o", str(tmp_path / "s.csv")],
                 ["list", "--gallery", "night desk"], ["show", "Night desk#1"]):
        assert main(["--catalog", str(path), *argv]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("creditline: no gallery named ") and err.endswith(f"did you mean {long!r}?"), argv
        assert "\n" not in err
    assert main(["--catalog", str(path), "check", "--gallery", "storm"]) == 2  # a prefix comes first
    assert capsys.readouterr().err.strip().endswith(f"did you mean 'Storm Elowen' or {long!r}?")
    assert main(["--catalog", str(path), "check", "--gallery", "Qwerty"]) == 2
    assert f"(galleries: {long!r}, 'Storm Elowen')" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()
    empty = tmp_path / "empty.sqlite"  # the shell's catalog, not the one the app showed
    Catalog.open(empty).close()  # one that is not there at all is "no catalog at" (test_cli_walk16)
    assert main(["--catalog", str(empty), "galleries"]) == 0
    assert capsys.readouterr().out == f"no galleries in {empty}\n"
    assert main(["--catalog", str(empty), "check", "--gallery", "Night desk"]) == 2
    assert capsys.readouterr().err == f"creditline: no gallery named 'Night desk': the catalog {empty} has none\n"


def test_a_photo_renamed_after_import_is_found_as_the_write_advises(capsys, tmp_path):
    """The fourteenth walk renamed a photo on the share after import and edited it: `write`
    said only "failed: the file is missing". It now says what to do, and doing it works:
    importing where the photo is now relinks it by its content, with its edit, and it is written."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    share = tmp_path / "share"
    share.mkdir()
    for n in (1, 2):
        make_photo(share / f"cl-{n}.jpg", fields={"headline": f"Storm {n}", "caption": "Waves hit Porto. "
                                                  "REUTERS/Rita Lopes", "source": "Reuters"})
    catalog = str(tmp_path / "c.sqlite")
    assert main(["--catalog", catalog, "import", "--jobs", "1", "--gallery", "Night", str(share)]) == 0
    assert main(["--catalog", catalog, "set", "--gallery", "Night", "1", "headline=Porto under water"]) == 0
    (share / "cl-1.jpg").rename(share / "cl-1-renamed.jpg")
    capsys.readouterr()
    assert main(["--catalog", catalog, "write", "--gallery", "Night"]) == 1
    err = capsys.readouterr().err
    assert "cl-1.jpg: failed: the file is missing" in err
    assert ("1 file is missing: if it was moved or renamed, import it from where it is now: Creditline finds "
            "it by its content and keeps the edits; then write again") in err
    assert main(["--catalog", catalog, "import", "--jobs", "1", str(share)]) == 0  # as advised
    assert "relinked 1" in capsys.readouterr().out
    assert main(["--catalog", catalog, "write", "--gallery", "Night"]) == 0
    assert "missing" not in capsys.readouterr().err
    assert read_file(share / "cl-1-renamed.jpg").fields["headline"].value == "Porto under water"


def test_a_setting_given_to_a_mistyped_catalog_says_it_made_a_new_one(tmp_path, capsys):
    """The lead's walk: `creditline --catalog demo.sqlite spelling language fr` (the demo's catalog is
    catalog.sqlite) printed "desk language: fr (Français): set", exit 0, into a new empty catalog made
    at the mistyped path; nothing said so. It is said now; an import, which makes catalogs, stays quiet,
    and `check` still refuses a catalog that is not there (test_cli_walk16)."""
    typo = tmp_path / "demo.sqlite"
    assert main(["--catalog", str(typo), "spelling", "language", "fr"]) == 0
    err = capsys.readouterr().err
    assert f"there was no catalog at {typo}: a new, empty one was made" in err
    assert main(["--catalog", str(typo), "spelling", "language"]) == 0  # there now: nothing to say
    assert "new, empty" not in capsys.readouterr().err
    fresh = tmp_path / "fresh.sqlite"
    assert main(["--catalog", str(fresh), "import-text", "--gallery", "Floods", str(_gallery_text(tmp_path))]) == 0
    assert "new, empty" not in capsys.readouterr().err
    assert main(["--catalog", str(tmp_path / "nowhere.sqlite"), "check"]) == 2
    assert "no catalog at" in capsys.readouterr().err


def _gallery_text(tmp_path):
    text = tmp_path / "gallery.txt"
    text.write_text("Harbor floods\n\nA flooded street in Porto, Portugal, March 10, 2026. (AP Photo/Ada Brin)\n",
                    encoding="utf-8")
    return text
