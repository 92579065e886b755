"""The credit sheet's labels in the desk's language (left35): German and Spanish desks got an
English PDF and English CSV columns. The catalog's ``desk_language`` setting picks a table of
``resources/sheet_labels.toml``; ``--language`` picks one for a run; English when none is set."""

from __future__ import annotations

import csv
import shutil
import subprocess
import tomllib

import pytest

from app.cli import main
from app.export import export_gallery
from app.export.csv import HEADERS
from app.export.labels import SETTING_LANGUAGE, languages, sheet_labels
from app.paths import resource

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")


def _gallery(catalog) -> None:
    ids = catalog.add_caption_items([
        {"headline": "Hochwasser in Passau", "caption": "Die Donau tritt in Passau über die Ufer. (dpa/Anna Weber)"},
        {"headline": "Inundaciones", "caption": "Vecinos achican agua en Valencia, España. (EFE/Juan Gil)"},
    ])
    gallery = catalog.create_gallery("flood")
    catalog.add_to_gallery(gallery.id, ids)


def _header(path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_every_language_has_every_label_and_english_is_what_the_sheet_said():
    with open(resource("sheet_labels.toml"), "rb") as fh:
        tables = tomllib.load(fh)
    assert {"en", "de", "es"} <= set(tables)
    for code, table in tables.items():
        assert set(table) == set(tables["en"]), code
        for key, text in table.items():  # the same placeholders as English
            assert sorted(_fields(text)) == sorted(_fields(tables["en"][key])), (code, key)
    assert sheet_labels(None).csv_headers() == HEADERS
    assert sheet_labels("xx").language == "en"
    assert languages()["de"] == "Deutsch"


def _fields(text: str) -> list[str]:
    import string  # noqa: PLC0415

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_the_csv_columns_follow_the_desk_language(catalog, tmp_path):
    _gallery(catalog)
    out = tmp_path / "sheet.csv"
    export_gallery(catalog, "flood", fmt="csv", output=out, force=True)
    assert _header(out) == list(HEADERS)
    catalog.set_setting(SETTING_LANGUAGE, "de")
    export_gallery(catalog, "flood", fmt="csv", output=out, force=True)
    header = _header(out)
    assert header[:4] == ["Position", "Dateiname", "Überschrift", "Bildunterschrift"]
    assert "Bildnachweis im Hausstil" in header and "Prüfergebnisse" in header
    export_gallery(catalog, "flood", fmt="csv", output=out, force=True, language="es")  # for one run
    assert _header(out)[:4] == ["Posición", "Nombre de archivo", "Titular", "Pie de foto"]


@needs_poppler
def test_the_pdf_labels_follow_the_desk_language(catalog, tmp_path):
    _gallery(catalog)
    out = tmp_path / "sheet.pdf"
    export_gallery(catalog, "flood", fmt="pdf", output=out, force=True)
    english = _pdf_text(out)
    assert "Page 1 of 1" in english and "CREDIT AND DETAILS" in english and "2 items" in english
    catalog.set_setting(SETTING_LANGUAGE, "de")
    export_gallery(catalog, "flood", fmt="pdf", output=out, force=True)
    german = _pdf_text(out)
    for said in ("Galerie: flood", "2 Einträge", "Prüfergebnisse:", "BILDUNTERSCHRIFT", "BILDNACHWEIS UND ANGABEN",
                 "Seite 1 von 1", "Bildnachweisliste"):
        assert said in german, said
    for english_only in ("Page 1 of 1", "CREDIT AND DETAILS", "2 items", "Gallery:", "Exported "):
        assert english_only not in german, english_only
    export_gallery(catalog, "flood", fmt="pdf", output=out, force=True, language="es")
    spanish = _pdf_text(out)
    assert "Página 1 de 1" in spanish and "PIE DE FOTO" in spanish and "2 elementos" in spanish


def test_export_takes_a_language_for_one_run(catalog, catalog_path, tmp_path, capsys):
    _gallery(catalog)
    catalog.close()
    out = tmp_path / "sheet.csv"
    assert main(["--catalog", str(catalog_path), "export", "--gallery", "flood", "-o", str(out), "--force",
                 "--language", "de"]) == 0
    assert _header(out)[1] == "Dateiname"
    with pytest.raises(SystemExit):
        main(["--catalog", str(catalog_path), "export", "--gallery", "flood", "-o", str(out), "--language", "it"])
    assert "invalid choice" in capsys.readouterr().err


def test_the_settings_dialog_sets_the_desk_language(qtbot, tmp_path):
    pytest.importorskip("PySide6")
    from tests.uisession import open_session  # noqa: PLC0415
    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    session = open_session(tmp_path)
    try:
        dlg = SettingsDialog(session)
        qtbot.addWidget(dlg)
        assert dlg.desk_language.currentData() == "en"
        dlg.desk_language.setCurrentIndex(dlg.desk_language.findData("es"))
        dlg.accept()
        assert session.catalog.get_setting(SETTING_LANGUAGE) == "es"
        again = SettingsDialog(session)
        qtbot.addWidget(again)
        assert again.desk_language.currentText() == "Español (es)"
        again.reject()
    finally:
        session.tasks.wait(20000)
        session.catalog.close()


def test_the_html_labels_follow_the_desk_language(catalog, tmp_path):
    _gallery(catalog)
    out = tmp_path / "sheet.html"
    export_gallery(catalog, "flood", fmt="html", output=out, force=True)
    english = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "<th>Credit and details</th>" in english and "Gallery: flood" in english
    catalog.set_setting(SETTING_LANGUAGE, "de")
    export_gallery(catalog, "flood", fmt="html", output=out, force=True)
    german = out.read_text(encoding="utf-8")
    for said in ('<html lang="de">', "<title>Bildnachweisliste: flood</title>", "Galerie: flood", "2 Einträge",
                 "<th>Bildunterschrift</th>", "<th>Bildnachweis und Angaben</th>", "<th>Prüfergebnisse</th>",
                 "<dt>Bildnachweis</dt>"):
        assert said in german, said
    for english_only in ("Gallery:", "2 items", "Credit and details", "<dt>Credit</dt>", "Exported "):
        assert english_only not in german, english_only
