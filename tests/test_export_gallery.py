"""Export from a real catalog: gallery order, house-style credits, the publication gate,
selections, caption-only galleries, thumbnails from the cache, and the CLI's exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main
from app.credits import parse_credits, render_credit
from app.export import ExportError, ExportRefused, export_gallery
from app.export import sheet as sheet_module
from app.export.csv import write_csv
from app.export.sheet import DEFAULT_STYLE, build_sheet
from app.fields import FIELD_KEYS
from app.importer import import_paths
from app.model import Finding, Severity
from tests.imagefactory import make_photo

PHOTOS = [  # file name, fields
    ("01_march.jpg", {"caption": "Protesters march through Zürich, Switzerland, Saturday, April 13, 2024. "
                                 "(AP Photo/Jörg Müller)",
                      "creators": ["Jörg Müller"], "credit_line": "AP", "source": "AP", "city": "Zürich",
                      "country": "Switzerland", "date_created": "2024-04-13", "headline": "Climate march"}),
    ("02_flag.jpg", {"caption": "A woman waves a flag near the lake in Zürich, Switzerland, April 13, 2024.",
                     "creators": ["Zoë Ångström"], "credit_line": "Zoë Ångström/AFP", "source": "AFP",
                     "date_created": "2024-04-13"}),
    ("03_police.jpg", {"caption": "Police officers watch the march in Zürich, Switzerland, April 13, 2024. "
                                  "REUTERS/François Ñúñez",
                       "creators": ["François Ñúñez"], "credit_line": "Reuters", "source": "Reuters",
                       "date_created": "2024-04-13"}),
]


def build_base_catalog(root: Path) -> Path:
    """Three photos imported into gallery "climate" and two caption-only items in "audit"."""
    photos = root / "photos"
    photos.mkdir()
    for name, fields in PHOTOS:
        make_photo(photos / name, fields=fields)
    cat = Catalog.open(root / "catalog.sqlite")
    try:
        summary = import_paths(cat, [photos], gallery="climate", jobs=1)
        assert summary.total == 3
        g = cat.gallery("climate")
        ids = cat.gallery_item_ids(g.id)
        # Gallery order is the import order (file names); make it explicit for the tests.
        paths = {Path(cat.item(i).path).name: i for i in ids}
        cat.move_items(g.id, [paths["01_march.jpg"], paths["02_flag.jpg"], paths["03_police.jpg"]], 0)
        cat.set_setting("house_style", "publisher")
        caption_only = cat.create_gallery("audit", title="Published gallery (text)")
        text_ids = [cat.add_caption_item({"caption": "Firefighters work at the scene in Łódź, Poland. "
                                                     "(AP Photo/Czesław Wójcik)"}),
                    cat.add_caption_item({"caption": "Smoke rises over the old town.", "creators": ["Ana Núñez"],
                                          "credit_line": "Ana Núñez/AFP"})]
        cat.add_to_gallery(caption_only.id, text_ids)
        cat.store_findings({i: [] for i in [*ids, *text_ids]})  # clean, not stale
    finally:
        cat.close()
    return root


def open_copy(base: Path, tmp_path: Path) -> Catalog:
    """A private copy of the catalog (and its thumbnails), so a test may change it."""
    shutil.copy(base / "catalog.sqlite", tmp_path / "catalog.sqlite")
    thumbs = base / "catalog-thumbnails"
    if thumbs.is_dir():
        shutil.copytree(thumbs, tmp_path / "catalog-thumbnails")
    return Catalog.open(tmp_path / "catalog.sqlite")


@pytest.fixture(scope="module")
def base_catalog(tmp_path_factory) -> Path:
    return build_base_catalog(tmp_path_factory.mktemp("export_base"))


@pytest.fixture
def cat(base_catalog, tmp_path):
    c = open_copy(base_catalog, tmp_path)
    yield c
    c.close()


def gallery_ids(cat, name="climate") -> list[int]:
    return cat.gallery_item_ids(cat.gallery(name).id)


def add_error(cat, item_id: int) -> None:
    cat.store_findings({item_id: [Finding("credit-missing", Severity.ERROR, "caption",
                                          "No credit in the caption", item_id=item_id)]})


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --- content ---------------------------------------------------------------------------------------

def test_text_credits_in_house_style_once(cat, tmp_path):
    out = tmp_path / "gallery.txt"
    report = export_gallery(cat, "climate", fmt="text", output=out)
    assert report.items == 3 and not report.cancelled
    paras = out.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(paras) == 3
    # already ends with its credit: published once, in the house style, where the caption's stood
    march = PHOTOS[0][1]["caption"]
    assert paras[0] == "(01 of 3) " + march.replace("(AP Photo/Jörg Müller)", "Jörg Müller/AP")
    assert paras[2] == "(03 of 3) " + PHOTOS[2][1]["caption"].replace("REUTERS/François Ñúñez",
                                                                       "François Ñúñez/Reuters")
    expected = render_credit(parse_credits("Zoë Ångström/AFP", field="credit_line")[0], "publisher")
    assert expected and "Zoë Ångström" in expected
    assert paras[1] == f"(02 of 3) {PHOTOS[1][1]['caption']} {expected}"


def test_text_house_style_can_be_chosen(cat, tmp_path):
    out = tmp_path / "native.txt"
    export_gallery(cat, "climate", fmt="text", output=out, house_style=DEFAULT_STYLE)
    expected = render_credit(parse_credits("Zoë Ångström/AFP", field="credit_line")[0], DEFAULT_STYLE)
    assert out.read_text(encoding="utf-8").split("\n\n")[1].endswith(expected)
    with pytest.raises(ExportError, match="house style"):
        export_gallery(cat, "climate", fmt="text", output=out, house_style="no-such-style")


def test_csv_rows_follow_gallery_order(cat, tmp_path):
    ids = gallery_ids(cat)
    cat.move_items(cat.gallery("climate").id, [ids[2]], 0)  # police first now
    out = tmp_path / "sheet.csv"
    export_gallery(cat, "climate", fmt="csv", output=out, bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(out)
    assert [r["File name"] for r in rows] == ["03_police.jpg", "01_march.jpg", "02_flag.jpg"]
    assert [r["Position"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["Photographer(s)"] == "François Ñúñez"
    assert rows[1]["Credit as published"] == "(AP Photo/Jörg Müller)"  # as the caption has it
    assert rows[1]["Credit in house style"] == "Jörg Müller/AP"  # the catalog's house style: publisher
    assert "Reuters" in rows[0]["Agencies"]
    assert all(r["Status"] == "ok" for r in rows)


def test_json_has_every_field_of_every_item(cat, tmp_path):
    out = tmp_path / "sheet.json"
    export_gallery(cat, "climate", fmt="json", output=out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["gallery"] == "climate"
    assert doc["summary"]["items"] == 3 and doc["summary"]["errors"] == 0
    for entry in doc["items"]:
        item = cat.item(entry["id"])
        assert set(entry["fields"]) == set(FIELD_KEYS)
        assert entry["fields"] == {k: item.fields[k] for k in FIELD_KEYS}
        assert entry["path"] == item.path
    assert doc["items"][0]["credits"][0]["photographers"] == ["Jörg Müller"]


def test_selection_keeps_gallery_positions(cat, tmp_path):
    ids = gallery_ids(cat)
    out = tmp_path / "sel.txt"
    report = export_gallery(cat, "climate", item_ids=[ids[2], ids[1]], fmt="text", output=out)
    assert report.items == 2
    text = out.read_text(encoding="utf-8")
    assert text.startswith("(02 of 3) A woman") and "\n\n(03 of 3) Police" in text
    with pytest.raises(ExportError, match="not in gallery"):
        export_gallery(cat, "climate", item_ids=[ids[0], 999999], fmt="text", output=out)


def test_bare_selection_without_gallery(cat, tmp_path):
    ids = gallery_ids(cat)
    out = tmp_path / "bare.csv"
    export_gallery(cat, item_ids=[ids[1]], fmt="csv", output=out)
    assert [r["File name"] for r in read_csv(out)] == ["02_flag.jpg"]


# --- the publication gate ------------------------------------------------------------------------

def test_gallery_with_errors_is_refused_and_nothing_is_written(cat, tmp_path):
    ids = gallery_ids(cat)
    add_error(cat, ids[1])
    out = tmp_path / "sheet.csv"
    out.write_text("earlier sheet", encoding="utf-8")
    with pytest.raises(ExportRefused, match="1 item") as info:
        export_gallery(cat, "climate", fmt="csv", output=out)
    assert info.value.error_items == [ids[1]]
    assert "1 item in error (photo 2)" in str(info.value)  # its position in the gallery, not "#2" (an id's mark)
    assert out.read_text(encoding="utf-8") == "earlier sheet"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sheet")] == []


def test_forced_export_marks_items_in_error(cat, tmp_path):
    ids = gallery_ids(cat)
    add_error(cat, ids[1])
    out = tmp_path / "sheet.csv"
    report = export_gallery(cat, "climate", fmt="csv", output=out, force=True)
    assert report.forced and report.error_items == [ids[1]] and report.errors == 1
    rows = read_csv(out)
    assert [r["Status"] for r in rows] == ["ok", "ERROR", "ok"]
    assert "No credit in the caption" in rows[1]["Findings"]
    html_out = tmp_path / "sheet.html"
    export_gallery(cat, "climate", fmt="html", output=html_out, force=True)
    markup = html_out.read_text(encoding="utf-8")
    assert f'<tr class="error" id="item-{ids[1]}">' in markup and "IN ERROR" in markup


def test_stale_findings_are_rechecked_before_the_gate(cat, tmp_path):
    ids = gallery_ids(cat)
    cat.set_fields(ids[0], {"headline": "Edited after the last check"})
    assert ids[0] in cat.stale_item_ids()
    export_gallery(cat, "climate", fmt="json", output=tmp_path / "s.json", force=True)
    assert ids[0] not in cat.stale_item_ids()


# --- thumbnails, caption-only galleries, PDF ------------------------------------------------------

def test_html_embeds_cached_thumbnails_and_survives_a_missing_one(cat, tmp_path):
    ids = gallery_ids(cat)
    thumbs = sorted(cat.thumbnails_dir.rglob("*.jpg"))
    assert len(thumbs) == 3, "the importer caches one thumbnail per photo"
    key = cat.item(ids[0]).thumb_key
    next(p for p in thumbs if p.stem == key).unlink()
    out = tmp_path / "sheet.html"
    report = export_gallery(cat, "climate", fmt="html", output=out)
    markup = out.read_text(encoding="utf-8")
    assert markup.count('src="data:image/jpeg;base64,') == 2
    assert markup.count('class="nothumb"') == 1
    assert report.missing_thumbnails == 1


def test_caption_only_gallery(cat, tmp_path):
    out = tmp_path / "audit.html"
    export_gallery(cat, "audit", fmt="html", output=out)
    markup = out.read_text(encoding="utf-8")
    assert "<img " not in markup and 'class="nothumb"' not in markup
    assert "Łódź" in markup and "Czesław Wójcik" in markup


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("gallery", ["climate", "audit"])
def test_pdf_from_catalog_has_captions_and_credits(cat, tmp_path, gallery):
    out = tmp_path / f"{gallery}.pdf"
    report = export_gallery(cat, gallery, fmt="pdf", output=out, paper="letter")
    assert report.pages == 1
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    for item in cat.items(gallery_ids(cat, gallery)):
        assert "".join(item.fields["caption"].split()) in text
    for name in (["Jörg Müller", "Zoë Ångström", "François Ñúñez"] if gallery == "climate"
                 else ["Czesław Wójcik", "Ana Núñez"]):
        assert name.replace(" ", "") in text
    assert "Page1of1" in text


def test_cancel_writes_nothing(cat, tmp_path):
    out = tmp_path / "c.csv"
    report = export_gallery(cat, "climate", fmt="csv", output=out, cancel=lambda: True)
    assert report.cancelled and not out.exists()
    assert [p for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_streamed_csv_is_the_csv_of_the_whole_sheet(cat, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_module, "CHUNK", 2)  # several chunks from a small gallery
    add_error(cat, gallery_ids(cat)[1])
    out = tmp_path / "streamed.csv"
    seen: list[tuple[int, int]] = []
    report = export_gallery(cat, "climate", fmt="csv", output=out, force=True,
                            progress=lambda done, total: seen.append((done, total)))
    whole = io.StringIO(newline="")
    write_csv(build_sheet(cat, "climate"), whole)
    assert out.read_bytes().decode("utf-8") == whole.getvalue()
    assert (report.items, report.errors, report.error_items) == (3, 1, [gallery_ids(cat)[1]])
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_between_chunks_writes_nothing(cat, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_module, "CHUNK", 1)
    calls = []

    def cancel_after_first_chunk() -> bool:
        calls.append(1)
        return len(calls) > 2  # the gate's check and the first chunk pass

    out = tmp_path / "c.csv"
    report = export_gallery(cat, "climate", fmt="csv", output=out, cancel=cancel_after_first_chunk)
    assert report.cancelled and not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(("fmt", "read"), [("csv", "iter_values"), ("json", "items")])
def test_items_deleted_while_streaming_stop_the_export_and_leave_no_file(cat, tmp_path, monkeypatch, fmt, read):
    monkeypatch.setattr(sheet_module, "CHUNK", 1)
    victim = gallery_ids(cat)[2]
    real_read = getattr(cat, read)  # the CSV reads only its columns; other formats read items

    def read_then_delete(ids, *args, **kwargs):
        if victim in ids:  # gone between listing the gallery and reading its last chunk
            cat.delete_items([victim])
        return real_read(ids, *args, **kwargs)

    monkeypatch.setattr(cat, read, read_then_delete)
    out = tmp_path / f"v.{fmt}"
    with pytest.raises(ExportError, match="vanished"):
        export_gallery(cat, "climate", fmt=fmt, output=out)
    assert not out.exists() and [p for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_bad_requests_are_export_errors(cat, tmp_path):
    with pytest.raises(ExportError, match="no gallery"):
        export_gallery(cat, "nope", fmt="csv", output=tmp_path / "x.csv")
    with pytest.raises(ExportError, match="does not exist"):
        export_gallery(cat, "climate", fmt="csv", output=tmp_path / "missing" / "x.csv")
    with pytest.raises(ExportError, match="folder"):
        export_gallery(cat, "climate", fmt="csv", output=tmp_path)
    with pytest.raises(ExportError, match="unknown format"):
        export_gallery(cat, "climate", fmt="docx", output=tmp_path / "x.docx")
    with pytest.raises(ExportError, match="paper"):
        export_gallery(cat, "climate", fmt="pdf", output=tmp_path / "x.pdf", paper="A3")


# --- CLI -----------------------------------------------------------------------------------------

def run_cli(cat, *args, capsys) -> tuple[int, str, str]:
    cat.close()
    code = main(["--catalog", str(cat.path), "export", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_exit_codes(cat, tmp_path, capsys):
    out = tmp_path / "s.csv"
    code, stdout, _ = run_cli(cat, "--gallery", "climate", "--output", str(out), capsys=capsys)
    assert code == 0 and out.exists() and "3 items" in stdout
    add_error(cat, gallery_ids(cat)[2])
    out.unlink()
    code, _, err = run_cli(cat, "--gallery", "climate", "--format", "csv", "--output", str(out), capsys=capsys)
    assert code == 1 and "refused" in err and "--force" in err and not out.exists()
    assert "Traceback" not in err
    code, _, _ = run_cli(cat, "--gallery", "climate", "--format", "csv", "--output", str(out), "--force",
                         capsys=capsys)
    assert code == 0 and read_csv(out)[2]["Status"] == "ERROR"
    code, _, err = run_cli(cat, "--gallery", "missing", "--output", str(out), capsys=capsys)
    assert code == 2 and "no gallery" in err
    code, _, err = run_cli(cat, "--gallery", "climate", "--output", str(tmp_path / "x.unknown"), capsys=capsys)
    assert code == 2 and "--format" in err


def test_cli_paper_follows_the_locale_as_the_app_s_export_dialog_does(cat, tmp_path, capsys, monkeypatch):
    """`creditline export --paper` defaulted to A4 whatever the locale, while the app's export
    dialog proposed Letter to a US desk (walk18): both now ask ``default_paper``."""
    from app.export import default_paper, environment_paper_locale

    def paper(*args: str, **env: str) -> str:
        for k in ("LC_ALL", "LC_PAPER", "LANG"):
            monkeypatch.delenv(k, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        out = tmp_path / "s.html"
        code, _, err = run_cli(cat, "--gallery", "climate", "--output", str(out), *args, capsys=capsys)
        assert code == 0, err
        return "letter" if "size: letter;" in out.read_text(encoding="utf-8") else "a4"

    assert paper(LANG="en_US.UTF-8") == "letter"
    assert paper(LANG="fr_CA.UTF-8") == "letter"
    assert paper(LANG="de_DE.UTF-8") == "a4"
    assert paper(LANG="C.UTF-8") == "a4" and paper() == "a4"
    assert paper(LANG="en_US.UTF-8", LC_PAPER="en_GB.UTF-8") == "a4"  # LC_PAPER before LANG
    assert paper(LC_ALL="en_US.UTF-8", LC_PAPER="en_GB.UTF-8") == "letter"  # LC_ALL before both
    assert paper("--paper", "a4", LANG="en_US.UTF-8") == "a4"  # said outright, kept

    assert [default_paper(n) for n in ("en-US", "es_MX@euro", "en_GB", "", None)] == [
        "LETTER", "LETTER", "A4", "A4", "A4"]
    assert environment_paper_locale({"LC_ALL": "", "LANG": "en_US"}) == "en_US"  # an empty one does not count


def test_paper_follows_windows_own_locale_not_a_shell_s_lang(cat, tmp_path, capsys, monkeypatch):
    """On Windows the paper's locale came from LANG, which a Windows program does not get (and a
    Git Bash shell sets to en_US.UTF-8 on any desk): it now comes from the user's locale as
    Windows gives it (GetUserDefaultLocaleName, injected here), LANG only when that gives none."""
    import app.export as export
    from app.export import paper_locale

    us, german = (lambda: "en-US"), (lambda: "de-DE")
    assert paper_locale("win32", {"LANG": "en_US.UTF-8"}, german) == "de-DE"
    assert paper_locale("win32", {}, us) == "en-US"
    assert paper_locale("win32", {"LANG": "es_MX.UTF-8"}, lambda: None) == "es_MX.UTF-8"  # the API gave nothing
    assert paper_locale("linux", {"LANG": "en_US.UTF-8"}, german) == "en_US.UTF-8"  # POSIX: the variables
    assert paper_locale("darwin", {"LC_PAPER": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, us) == "en_GB.UTF-8"
    if sys.platform != "win32":
        assert export.windows_user_locale() is None  # no kernel32: nothing, not a crash

    # The command takes it: a German Windows desk under Git Bash gets A4, a US one Letter.
    import app.commands.export as command

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for locale, size in ((german, "a4"), (us, "letter")):
        monkeypatch.setattr(command, "paper_locale", lambda locale=locale: paper_locale("win32", None, locale))
        out = tmp_path / "w.html"
        code, _, err = run_cli(cat, "--gallery", "climate", "--output", str(out), capsys=capsys)
        assert code == 0, err
        assert ("letter" if "size: letter;" in out.read_text(encoding="utf-8") else "a4") == size


def test_cli_text_to_stdout(cat, capsys):
    code, stdout, _ = run_cli(cat, "--gallery", "climate", "--format", "text", "--output", "-", capsys=capsys)
    assert code == 0 and stdout.startswith("(01 of 3) Protesters")
    assert list(csv.reader(io.StringIO(""))) == []


def test_cli_pdf_in_a_fresh_process_without_a_display(cat, tmp_path):
    """The CLI makes its own offscreen Qt application: no DISPLAY, no QT_QPA_PLATFORM needed."""
    import os
    import sys

    cat.close()
    out = tmp_path / "sheet.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "app", "export", "--catalog", str(cat.path), "--gallery",
                           "climate", "--output", str(out), "--paper", "letter"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "1 page" in proc.stdout and out.read_bytes().startswith(b"%PDF")


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


@pytest.mark.parametrize("fmt", ["csv", "text", "json", "html"])
def test_new_export_gets_the_umask_mode_not_0600(cat, tmp_path, fmt):
    old = os.umask(0o022)
    try:
        out = tmp_path / f"sheet.{fmt}"
        export_gallery(cat, "climate", fmt=fmt, output=out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask() == 0o644
    finally:
        os.umask(old)


@pytest.mark.parametrize("fmt", ["csv", "text"])
def test_overwritten_export_keeps_its_mode(cat, tmp_path, fmt):
    out = tmp_path / f"sheet.{fmt}"
    out.write_text("old")
    out.chmod(0o640)
    export_gallery(cat, "climate", fmt=fmt, output=out)
    assert out.read_text() != "old"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# --- a caption that ends with its credit, published in the house style -----------------------

QUINTELA = "Fans cheer as the team arrives in Lisbon, Portugal, Saturday, May 2, 2026. (AP Photo/Marta Quintela)"


def quintela_gallery(cat) -> list[int]:
    g = cat.create_gallery("quintela")
    ids = [cat.add_caption_item({"caption": QUINTELA}),
           cat.add_caption_item({"caption": QUINTELA, "credit_line": "Marta Quintela/AP"}),  # credited twice?
           cat.add_caption_item({"caption": "Fans cheer in Lisbon, Portugal, May 2, 2026.",
                                 "creators": ["Marta Quintela"], "credit_line": "AP"})]
    cat.add_to_gallery(g.id, ids)
    return ids


def test_publisher_style_turns_the_caption_credit_into_its_form_exactly_once(cat, tmp_path):
    quintela_gallery(cat)
    publisher = render_credit(parse_credits(QUINTELA, field="caption")[0], "publisher")
    assert publisher == "Marta Quintela/AP"
    out = tmp_path / "q.txt"
    export_gallery(cat, "quintela", fmt="text", output=out, house_style="publisher", force=True)
    paras = out.read_text(encoding="utf-8").strip().split("\n\n")
    head = QUINTELA.removesuffix(" (AP Photo/Marta Quintela)")
    assert paras[0] == f"(01 of 3) {head} {publisher}"
    assert paras[1] == f"(02 of 3) {head} {publisher}"  # the credit line is not added a second time
    assert paras[2] == f"(03 of 3) Fans cheer in Lisbon, Portugal, May 2, 2026. {publisher}"
    for p in paras:
        assert p.count("Marta Quintela") == 1 and "AP Photo" not in p
    # every sheet gives the credit as it stands, and the house style's form in its own place
    as_written = ["(AP Photo/Marta Quintela)", "(AP Photo/Marta Quintela)", "AP"]
    csv_out = tmp_path / "q.csv"
    export_gallery(cat, "quintela", fmt="csv", output=csv_out, house_style="publisher", force=True)
    rows = read_csv(csv_out)
    assert [r["Credit as published"] for r in rows] == as_written
    assert [r["Credit in house style"] for r in rows] == [publisher] * 3
    json_out = tmp_path / "q.json"
    export_gallery(cat, "quintela", fmt="json", output=json_out, house_style="publisher", force=True)
    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert [i["credit_published"] for i in doc["items"]] == as_written
    assert [i["credit_house_style"] for i in doc["items"]] == [publisher] * 3
    html_out = tmp_path / "q.html"
    export_gallery(cat, "quintela", fmt="html", output=html_out, house_style="publisher", force=True)
    page = html_out.read_text(encoding="utf-8")
    assert page.count('<dd class="credit">(AP Photo/Marta Quintela)</dd>') == 2
    assert page.count(f'<dd class="house-credit">{publisher}</dd>') == 3


def test_agency_native_keeps_the_agency_form_as_written(cat, tmp_path):
    quintela_gallery(cat)
    out = tmp_path / "q.txt"
    export_gallery(cat, "quintela", fmt="text", output=out, house_style=DEFAULT_STYLE, force=True)
    paras = out.read_text(encoding="utf-8").strip().split("\n\n")
    assert paras[0] == f"(01 of 3) {QUINTELA}"
    assert paras[1] == f"(02 of 3) {QUINTELA}"
    assert paras[2] == "(03 of 3) Fans cheer in Lisbon, Portugal, May 2, 2026. AP Photo/Marta Quintela"
    csv_out = tmp_path / "q.csv"
    export_gallery(cat, "quintela", fmt="csv", output=csv_out, house_style=DEFAULT_STYLE, force=True)
    rows = read_csv(csv_out)
    assert [r["Credit as published"] for r in rows] == ["(AP Photo/Marta Quintela)"] * 2 + ["AP"]
    assert [r["Credit in house style"] for r in rows] == ["(AP Photo/Marta Quintela)"] * 2 + [
        "AP Photo/Marta Quintela"]


def test_an_audited_page_s_sheet_gives_each_credit_as_the_page_printed_it(tmp_path, capsys):
    """The eleventh walk: a page imported with import-text printed "Photo: Jane Roe/AP" under a
    caption, and the sheet's "Credit as published" said "AP Photo/Jane Roe" (the house style's
    rewrite). The column gives what the page printed; the house style's form has its own."""
    page = tmp_path / "page.txt"
    page.write_text("(1 of 2) A man walks his dog past fallen trees in Cardiff, Wales, on Monday, Jan. 5, 2026.\n"
                    "Photo: Jane Roe/AP\n\n"
                    "(2 of 2) Flooded streets in Swansea, Wales, on Monday, Jan. 5, 2026. REUTERS/John Smith\n",
                    encoding="utf-8")
    db = str(tmp_path / "c.sqlite")
    assert main(["--catalog", db, "import-text", "--gallery", "Audit", str(page)]) == 0
    out = tmp_path / "audit.csv"
    assert main(["--catalog", db, "export", "--gallery", "Audit", "-o", str(out), "--force",
                 "--style", "publisher"]) == 0
    rows = read_csv(out)
    assert [r["Credit as published"] for r in rows] == ["Jane Roe/AP", "REUTERS/John Smith"]
    assert [r["Credit in house style"] for r in rows] == ["Jane Roe/AP", "John Smith/Reuters"]
    assert main(["--catalog", db, "export", "--gallery", "Audit", "-o", str(out), "--force",
                 "--style", DEFAULT_STYLE]) == 0
    rows = read_csv(out)
    assert [r["Credit as published"] for r in rows] == ["Jane Roe/AP", "REUTERS/John Smith"]
    assert rows[0]["Credit in house style"] == "AP Photo/Jane Roe"


def test_a_desk_directive_is_never_rewritten(cat, tmp_path):
    g = cat.create_gallery("directive")
    caption = "Fans cheer in Lyon, France, June 3, 2026. Photo credit should read: MARTA QUINTELA/AFP"
    cat.add_to_gallery(g.id, [cat.add_caption_item({"caption": caption})])
    out = tmp_path / "d.txt"
    export_gallery(cat, "directive", fmt="text", output=out, house_style="publisher", force=True)
    assert out.read_text(encoding="utf-8") == f"(01 of 1) {caption}\n"


def test_the_photographer_is_the_by_line_in_every_format(tmp_path):
    """Issue 13, defect 12: the caption writes the name in the agency's typography ("PAULO SERRA/AFP");
    the sheet, like the inspector, shows the by-line field, the one name that is edited and written."""
    cat = Catalog.open(tmp_path / "catalog.sqlite")
    try:
        g = cat.create_gallery("storm")
        ids = [cat.add_caption_item({
            "caption": "Boats lie half sunk in Aveiro, Portugal, on March 11, 2026. PAULO SERRA/AFP via Getty Images",
            "creators": ["Paulo Serra"], "credit_line": "AFP via Getty Images", "source": "AFP"}),
            # No by-line: the caption's spelling is the only one there is.
            cat.add_caption_item({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/ADA BRIN"})]
        cat.add_to_gallery(g.id, ids)
        rows = build_sheet(cat, "storm").rows
        assert [r.photographers for r in rows] == [["Paulo Serra"], ["ADA BRIN"]]
        out = io.StringIO()
        write_csv(build_sheet(cat, "storm"), out)
        assert [r["Photographer(s)"] for r in csv.DictReader(io.StringIO(out.getvalue()))] == ["Paulo Serra",
                                                                                                "ADA BRIN"]
        if shutil.which("pdftotext"):
            export_gallery(cat, "storm", fmt="pdf", output=tmp_path / "s.pdf", force=True)
            text = subprocess.run(["pdftotext", str(tmp_path / "s.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout
            # The caption and credit keep the credit as written; the photographer line is the by-line.
            assert "Photographer: Paulo Serra" in text and "Photographer: PAULO" not in text
    finally:
        cat.close()


def test_a_pdf_with_letters_no_font_has_says_so(tmp_path, capsys):
    """The sixth walk: Korean captions printed as empty boxes and the export said nothing. Which
    scripts a machine lacks depends on its fonts, so the expectation is asked of Qt's font
    database directly; a Latin-only sheet never warns."""
    pytest.importorskip("PySide6")
    from PySide6.QtGui import QFontDatabase

    from ui.pdf_sheet import ensure_app

    ensure_app()
    no_korean = not QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    cat = Catalog.open(tmp_path / "c.sqlite")
    latin = cat.add_caption_item({"caption": "Farmers harvest rice in Gimpo, South Korea, May 2, 2026. "
                                             "(AP Photo/Ahn Young-joon)"})
    korean = cat.add_caption_item({"caption": "2일 경기 김포시의 한 논에서 농민들이 모내기를 하고 있다. "
                                              "(AP Photo/Ahn Young-joon)"})
    g1, g2 = cat.create_gallery("latin"), cat.create_gallery("korean")
    cat.add_to_gallery(g1.id, [latin])
    cat.add_to_gallery(g2.id, [latin, korean])
    cat.close()

    assert main(["export", "--catalog", str(tmp_path / "c.sqlite"), "--gallery", "latin",
                 "--output", str(tmp_path / "latin.pdf")]) == 0
    assert "font" not in capsys.readouterr().err
    assert main(["export", "--catalog", str(tmp_path / "c.sqlite"), "--gallery", "korean",
                 "--output", str(tmp_path / "korean.pdf")]) == 0
    err = capsys.readouterr().err
    said = "no installed font has Korean letters: they print as empty boxes" in err
    assert said == no_korean, err


def test_the_sheet_counts_the_photos_whose_edits_are_not_in_their_files(cat, tmp_path):
    """The fourteenth walk: a caption typed in the app and exported at once is on the sheet
    but not in the file the newsroom's system reads; the sheet says so (PDF, HTML, JSON)."""
    ids = gallery_ids(cat)
    assert build_sheet(cat, "climate").unwritten == 0
    cat.set_fields(ids[1], {"caption": PHOTOS[1][1]["caption"] + " Edited tonight."})
    cat.store_findings({ids[1]: []})
    assert build_sheet(cat, "climate").unwritten == 1
    assert build_sheet(cat, "climate", item_ids=[ids[0]]).unwritten == 0  # a selection counts its own
    out = tmp_path / "sheet.json"
    report = export_gallery(cat, "climate", fmt="json", output=out)
    assert json.loads(out.read_text(encoding="utf-8"))["unwritten"] == 1
    assert report.unwritten == 1 and report.line().endswith("; 1 photo with edits not yet written to its file (2 “02_flag.jpg”)")
    csv_report = export_gallery(cat, "climate", fmt="csv", output=tmp_path / "sheet.csv")  # rows streamed
    assert csv_report.unwritten == 1
    selection = export_gallery(cat, "climate", fmt="csv", output=tmp_path / "one.csv", item_ids=[ids[0]])
    assert selection.unwritten == 0 and "not yet written" not in selection.line()
    if shutil.which("pdftotext"):
        pdf = tmp_path / "sheet.pdf"
        export_gallery(cat, "climate", fmt="pdf", output=pdf)
        text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
        assert "1 photo has edits not yet written to its file" in text
