"""Content Credentials, digital source type and alt text on the credit sheets: the CSV's
columns (both the streamed and the row path), JSON, HTML and a line on the PDF."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

from app.catalog import Catalog
from app.export import export_gallery
from app.export.csv import HEADERS, row_cells
from app.export.sheet import build_sheet
from app.importer import import_paths
from tests.c2pa_fixtures import IPTC, make_chain, sign, tamper
from tests.imagefactory import make_photo

ALT = "Two men carry a red canoe along a flooded street."


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    chain = make_chain(tmp / "chain")
    base = {"caption": "Residents wade through a flooded street in Porto, Portugal, March 10, 2026. "
                       "(AP Photo/Marta Quintela)", "credit_line": "AP", "source": "AP"}
    signed = sign(make_photo(tmp / "a.jpg", fields={**base, "alt_text": ALT}).read_bytes(), chain)
    (tmp / "a.jpg").write_bytes(signed)
    (tmp / "b.jpg").write_bytes(tamper(signed))
    make_photo(tmp / "c.jpg", fields={**base, "digital_source_type": IPTC + "trainedAlgorithmicMedia"})
    cat = Catalog.open(tmp / "c.sqlite")
    cat.set_setting("c2pa_trust_anchors", str(chain.ca))
    import_paths(cat, [tmp / "a.jpg", tmp / "b.jpg", tmp / "c.jpg"], gallery="Floods", jobs=1)
    yield cat
    cat.close()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _pdf_text(path) -> str:
    """The PDF's words as pdftotext reads them, blanks and line breaks as one space."""
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


def test_csv_has_provenance_source_type_and_alt_text(catalog, tmp_path):
    out = tmp_path / "sheet.csv"
    export_gallery(catalog, "Floods", fmt="csv", output=out, force=True)
    rows = _csv(out.read_text(encoding="utf-8"))
    assert [r["Provenance"] for r in rows] == ["valid", "invalid", "none"]
    assert rows[0]["Alt text (accessibility)"] == ALT
    assert rows[2]["Digital source type"] == "AI-generated (trained model)"
    assert rows[2]["Status"] == "ERROR"  # a news gallery: the undisclosed AI picture is an error
    # the row path (build_sheet + row_cells) gives the same lines as the streamed one
    sheet = build_sheet(catalog, "Floods")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS)
    w.writerows(row_cells(r) for r in sheet.rows)
    assert _csv(buf.getvalue()) == rows


def test_json_and_html(catalog, tmp_path):
    export_gallery(catalog, "Floods", fmt="json", output=tmp_path / "s.json", force=True)
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [i["provenance"] for i in data["items"]] == ["valid", "invalid", None]
    assert data["items"][0]["fields"]["alt_text"] == ALT
    export_gallery(catalog, "Floods", fmt="html", output=tmp_path / "s.html", force=True)
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert f'alt="{ALT}"' in html  # the thumbnail carries the photo's own alt text
    assert "<dt>Content Credentials</dt><dd>invalid</dd>" in html
    assert "AI-generated (trained model)" in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_line(catalog, tmp_path):
    out = tmp_path / "s.pdf"
    export_gallery(catalog, "Floods", fmt="pdf", output=out, force=True)
    text = _pdf_text(out)
    assert "Content Credentials: valid" in text and "Content Credentials: invalid" in text
    assert "Source type: AI-generated (trained model)" in text
    assert "Alt text: Two men carry a red canoe" in text


def test_the_provenance_words_follow_the_sheet_language(catalog, tmp_path):
    """walk20: a Spanish CSV said 'Procedencia: none' and a German one 'Herkunftsnachweis:
    valid', English words in a row whose every other word (columns, status) is the desk's.
    Both CSV paths, the HTML and the PDF say the state in the sheet's language."""
    out = tmp_path / "sheet.csv"
    export_gallery(catalog, "Floods", fmt="csv", output=out, force=True, language="es")
    rows = _csv(out.read_text(encoding="utf-8"))
    assert [r["Procedencia"] for r in rows] == ["válida", "no válida", "ninguna"]
    export_gallery(catalog, "Floods", fmt="csv", output=out, force=True, language="de")
    rows = _csv(out.read_text(encoding="utf-8"))
    assert [r["Herkunftsnachweis"] for r in rows] == ["gültig", "ungültig", "keiner"]
    sheet = build_sheet(catalog, "Floods", language="de")  # the row path says the same
    words = sheet.labels.csv_words()
    assert [row_cells(r, words)[HEADERS.index("Provenance")] for r in sheet.rows] == ["gültig", "ungültig", "keiner"]
    export_gallery(catalog, "Floods", fmt="html", output=tmp_path / "s.html", force=True, language="es")
    assert "<dd>no válida</dd>" in (tmp_path / "s.html").read_text(encoding="utf-8")
    # English says what it said: the words `show` and the English sheet share
    from app.export.labels import sheet_labels  # noqa: PLC0415
    from app.provenance import STATE_WORDS  # noqa: PLC0415

    assert {state: sheet_labels("en").provenance(state) for state in STATE_WORDS} == STATE_WORDS


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_says_the_provenance_in_the_sheet_language(catalog, tmp_path):
    out = tmp_path / "s.pdf"
    export_gallery(catalog, "Floods", fmt="pdf", output=out, force=True, language="de")
    text = _pdf_text(out)
    assert "Content Credentials: gültig" in text and "Content Credentials: ungültig" in text


def test_the_source_type_follows_the_sheet_language(catalog, tmp_path):
    """walk20: on German and Spanish sheets the digital source type stayed English ("AI-generated
    (trained model)") under translated labels. Both CSV paths, the HTML and every shipped
    language's table say it in the sheet's language; English is app.provenance's own label."""
    from app.export.labels import languages, sheet_labels  # noqa: PLC0415
    from app.provenance import SOURCE_TYPES  # noqa: PLC0415

    out = tmp_path / "sheet.csv"
    export_gallery(catalog, "Floods", fmt="csv", output=out, force=True, language="es")
    assert _csv(out.read_text(encoding="utf-8"))[2]["Tipo de fuente digital"] == "Generada por IA (modelo entrenado)"
    sheet = build_sheet(catalog, "Floods", language="de")  # the row path says the same
    words = sheet.labels.csv_words()
    assert row_cells(sheet.rows[2], words)[HEADERS.index("Digital source type")] == "KI-generiert (trainiertes Modell)"
    export_gallery(catalog, "Floods", fmt="html", output=tmp_path / "s.html", force=True, language="de")
    assert "<dd>KI-generiert (trainiertes Modell)</dd>" in (tmp_path / "s.html").read_text(encoding="utf-8")
    for code in languages():  # no code falls back to English in a shipped language
        said = {sheet_labels(code).source_type(c) for c in SOURCE_TYPES}
        assert len(said) == len(SOURCE_TYPES), code
        assert code == "en" or not said & set(SOURCE_TYPES.values()), code
    assert [sheet_labels("en").source_type(c) for c in SOURCE_TYPES] == list(SOURCE_TYPES.values())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_says_the_source_type_in_the_sheet_language(catalog, tmp_path):
    out = tmp_path / "s.pdf"
    export_gallery(catalog, "Floods", fmt="pdf", output=out, force=True, language="es")
    text = _pdf_text(out)
    assert "Tipo de fuente: Generada por IA (modelo entrenado)" in text
