"""The demo catalog: built once, metadata really embedded, the planted defects found."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from app.cli import main
from app.demo import DEMO_GALLERY, HEIGHT, WIDTH, build_demo, demo_photos

WEEKDAY_DATE = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                          r"(Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (\d{1,2}), (\d{4})")
MONTHS = {"Jan.": 1, "Feb.": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "Aug.": 8,
          "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "catalog.sqlite"
    return build_demo(path)


def test_captions_are_right_except_the_planted_weekday():
    photos = demo_photos()
    assert 10 <= len(photos) <= 14
    assert len({p.source for p in photos if p.source}) >= 3  # several agencies
    for p in photos:
        for weekday, month, day, year in WEEKDAY_DATE.findall(p.caption):
            real = dt.date(int(year), MONTHS[month], int(day)).strftime("%A")
            assert (real == weekday) == (p.defect != "wrong weekday"), p.slug
    defects = {p.defect for p in photos if p.defect}
    assert defects == {"wrong weekday", "credit instruction left in caption", "doubled word",
                       "credit field disagrees with caption", "missing credit", "AI-generated image not disclosed"}


def test_demo_builds_a_gallery_of_drawn_photos(demo):
    from app.catalog import Catalog

    assert demo.built and not demo.failures
    cat = Catalog.open(demo.catalog_path)
    try:
        ids = cat.gallery_item_ids(cat.gallery(DEMO_GALLERY).id)
        assert ids == demo.item_ids and len(ids) == len(demo_photos())
        items = cat.items(ids)
        photos = demo_photos()
        for item, photo in zip(items, photos, strict=True):
            assert item.kind == "photo" and item.facts.width == WIDTH and item.facts.height == HEIGHT
            assert item.fields["caption"] == photo.caption  # read back from the file by the importer
            assert item.fields["creators"] == photo.creators
            assert item.sources["caption"] in ("xmp", "iim", "exif")  # from the file, not typed in
            assert item.thumb_key
    finally:
        cat.close()


def test_planted_defects_are_found_and_clean_photos_stay_clean(demo):
    from app.catalog import Catalog

    cat = Catalog.open(demo.catalog_path)
    try:
        items = cat.items(demo.item_ids)
        findings = cat.findings(demo.item_ids)
    finally:
        cat.close()
    for item, photo in zip(items, demo_photos(), strict=True):
        rules = {f.rule for f in findings.get(item.id, [])}
        serious = {f.rule for f in findings.get(item.id, []) if f.severity.value in ("error", "warning")}
        if photo.defect is None and photo.source in ("AP", "Reuters", "AFP"):
            assert not serious, (photo.slug, rules)
        elif photo.defect is not None:
            assert serious, (photo.slug, "defect not found")
    by_slug = {p.slug: findings.get(i.id, []) for p, i in zip(demo_photos(), items, strict=True)}
    assert any(f.rule.startswith("weekday") for f in by_slug["ELOWEN-COIMBRA-SANDBAGS"])
    assert any("doubled" in f.rule for f in by_slug["ELOWEN-NAZARE-DOG"])
    # The demo paper is one of the catalog's own agencies: its staff credit is clean.
    assert not [f.rule for f in by_slug["ELOWEN-ESTRELA-SNOW"] if f.severity.value != "info"]


def test_content_credentials_and_alt_text_of_the_demo(demo):
    """One signed photo (valid), one edited after signing (invalid), one AI-generated picture
    whose caption does not say so (an error in the news gallery); every photo described."""
    from app.catalog import Catalog
    from app.demo import demo_signer
    from app.provenance import signer_problem

    cat = Catalog.open(demo.catalog_path)
    try:
        items = {p.slug: it for p, it in zip(demo_photos(), cat.items(demo.item_ids), strict=True)}
        findings = cat.findings(demo.item_ids)
        g = cat.gallery(DEMO_GALLERY)
        assert g.news and g.web
        assert items["ELOWEN-PORTO-FLOOD"].c2pa_state == "valid"
        bad = cat.provenance(items["ELOWEN-PENICHE-HARBOUR"].id)
        assert bad.state == "invalid" and bad.codes == ["assertion.dataHash.mismatch"]
        wave = items["ELOWEN-NAZARE-WAVE"]
        assert wave.c2pa_state == "valid" and wave.c2pa_source_type.endswith("/trainedAlgorithmicMedia")
        assert [f.severity.value for f in findings[wave.id] if f.rule == "ai-disclosure-missing"] == ["error"]
        assert sum(1 for it in items.values() if it.c2pa_state) == 3
        assert all(it.fields["alt_text"] for it in items.values())
        assert not [f for fs in findings.values() for f in fs if f.rule.startswith(("alt-text", "missing-alt"))]
        assert signer_problem(demo_signer()) is None  # the demo can re-sign
    finally:
        cat.close()


def test_second_run_keeps_the_demo(demo):
    files = sorted(demo.photos_dir.glob("*.jpg"))
    before = {f: f.stat().st_mtime_ns for f in files}
    again = build_demo(demo.catalog_path)
    assert not again.built and again.item_ids == demo.item_ids
    assert {f: f.stat().st_mtime_ns for f in files} == before


def test_embedded_metadata_read_by_exiftool(demo, exiftool):
    first = sorted(demo.photos_dir.glob("*.jpg"))[0]
    out = json.loads(subprocess.run([exiftool, "-json", "-G1", "-charset", "iptc=UTF8", str(first)],
                                    capture_output=True, text=True, check=True).stdout)[0]
    photo = demo_photos()[0]
    assert out["IPTC:Caption-Abstract"] == photo.caption
    assert out["XMP-dc:Description"] == photo.caption
    assert out["IPTC:By-line"] == photo.creators[0]
    assert out["XMP-photoshop:Credit"] == photo.credit_line
    assert out["File:ImageWidth"] == WIDTH


def test_cli_demo_no_open(demo, capsys):
    assert main(["demo", "--catalog", str(demo.catalog_path), "--no-open"]) == 0
    out = capsys.readouterr().out
    assert "already there" in out and f"{len(demo_photos())} photos" in out


def test_cli_demo_bad_catalog_is_one_line(tmp_path, capsys):
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert main(["demo", "--catalog", str(bad), "--no-open"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("creditline: cannot build the demo") and "Traceback" not in err


def test_run_app_opens_the_demo_gallery(demo, tmp_path):
    """The real entry point, in a child process (its own QApplication and user settings)."""
    pytest.importorskip("PySide6")
    import os
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.app import make_application, run_app\n"
        "from ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "def check():\n"
        "    w = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow))\n"
        "    print('SOURCE', w.source().kind, w.model.rowCount(), w.catalog.gallery(w.source().gallery_id).name)\n"
        "    w.close()\n"
        "QTimer.singleShot(1500, check)\n"
        f"sys.exit(run_app(catalog={str(demo.catalog_path)!r}, demo=True))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert f"SOURCE gallery {len(demo.item_ids)} {DEMO_GALLERY}" in out.stdout


def test_cli_demo_counts_the_demo_folder_not_photos_imported_into_it(tmp_path, capsys):
    """Walk 13 left it: `creditline demo` said "(55 photos in …/demo-photos)" of a demo catalog
    into whose gallery 42 photos from elsewhere had been imported. The folder's count is the
    demo's photos; the catalog's, when it holds more, is said as the catalog's."""
    from tests.imagefactory import make_photo  # noqa: PLC0415

    demo = build_demo(tmp_path / "demo" / "catalog.sqlite")
    other = tmp_path / "other"
    other.mkdir()
    for i in range(3):
        make_photo(other / f"X_{i}.jpg", fields={"caption": "Flooded street in Porto. REUTERS/Rita Lopes"},
                   width=320, height=200)
    assert main(["--catalog", str(demo.catalog_path), "import", "--gallery", DEMO_GALLERY, str(other)]) == 0
    capsys.readouterr()
    assert main(["demo", "--catalog", str(demo.catalog_path), "--no-open"]) == 0
    out = capsys.readouterr().out
    n = len(demo_photos())
    assert len(list(demo.photos_dir.glob("*.jpg"))) == n
    assert f"({n} demo photos in {demo.photos_dir}; {n + 3} photos in the catalog)" in out, out
