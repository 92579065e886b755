"""The nineteenth walk (a Spanish-language desk in Madrid) on the command line."""

from __future__ import annotations

import json

import pytest

from app import spelling
from app.catalog import Catalog
from app.cli import main

needs_spanish = pytest.mark.skipif(
    spelling.available() is not None or spelling.desk_note("es") is None
    or spelling.desk_note("es").startswith("no "), reason="chunspell or the Spanish Hunspell dictionary is missing")

CAPTION = ("Agricultores protestan con sus tractores frente al Ministerio de Agricultura en Madrid, "
           "este lunes. EFE/Susana Vera")


@pytest.fixture
def gate(catalog_path):
    cat = Catalog.open(catalog_path)
    g = cat.create_gallery("España, lunes 7 de diciembre")
    cat.add_to_gallery(g.id, [cat.add_caption_item({"caption": CAPTION, "credit_line": "EFE"})])
    cat.close()
    return str(catalog_path)


def spelling_messages(path: str, capsys) -> list[str]:
    assert main(["--catalog", path, "check", "--gallery", "España, lunes 7 de diciembre", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    return [f["message"] for i in out["items"] for f in i["findings"] if f["rule"] == "spelling"]


def test_spelling_language_shows_and_sets_the_desk_language(gate, capsys):
    """The web team's gate imports into its own catalog; the desk's language lived only in the
    app's Settings, so the gate checked every Spanish caption in English."""
    assert main(["--catalog", gate, "spelling", "language"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "desk language: en (English)",  # race38: and which dictionary
        "English captions are spell-checked with the US and UK dictionaries: both spellings are accepted"]
    assert main(["--catalog", gate, "spelling", "language", "ES"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "desk language: es (Español): set"
    assert main(["--catalog", gate, "spelling", "language", "es"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "desk language: es (Español): already set"
    cat = Catalog.open(gate)
    try:
        assert cat.get_setting("desk_language") == "es"
    finally:
        cat.close()
    assert main(["--catalog", gate, "spelling", "language", "it"]) == 2
    assert capsys.readouterr().err.strip() == "creditline: unknown desk language 'it' (one of: en, de, es, fr, en-GB, en-US)"



def test_a_locale_names_its_language_and_a_long_code_is_cut_in_the_refusal(gate, capsys):
    """A desk or a shell writes the language as a locale ("es_ES.UTF-8", "de-DE"): its language is
    taken; a refused code is quoted in at most 40 characters, so the refusal stays one line."""
    assert main(["--catalog", gate, "spelling", "language", "de_DE.UTF-8"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "desk language: de (Deutsch): set"
    assert main(["--catalog", gate, "spelling", "language", "es-ES"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "desk language: es (Español): set"
    assert main(["--catalog", gate, "spelling", "language", "x" * 100_000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 200 and "x" * 40 + "…" in err

@needs_spanish
def test_the_gate_checks_spanish_captions_in_spanish_once_told(gate, capsys):
    before = spelling_messages(gate, capsys)
    assert len(before) == 1 and before[0].startswith("spelling not checked")
    assert main(["--catalog", gate, "spelling", "language", "es"]) == 0
    capsys.readouterr()
    assert spelling_messages(gate, capsys) == []  # stored findings went stale with the setting


def _csv(path: str, *extra: str) -> list[list[str]]:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import sys  # noqa: PLC0415

    out = io.StringIO()
    real, sys.stdout = sys.stdout, out
    try:
        assert main(["--catalog", path, "export", "--gallery", "España, lunes 7 de diciembre", "--format", "csv",
                     "-o", "-", *extra]) == 0
    finally:
        sys.stdout = real
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_the_csv_says_its_status_and_findings_in_the_desk_language(gate, capsys):
    """The legal desk's CSV had Spanish column names over 'info' and 'info: …' (its PDF says
    NOTA, ADVERTENCIA); a row without findings said 'ok'."""
    cat = Catalog.open(gate)
    g = cat.gallery("España, lunes 7 de diciembre")
    cat.add_to_gallery(g.id, [cat.add_caption_item({"caption": "Una visitante observa una obra de la exposición "
                                                               "del del Museo Guggenheim de Bilbao, este lunes. "
                                                               "EFE/Luis Tejido", "credit_line": "EFE"})])
    cat.close()
    assert main(["--catalog", gate, "spelling", "language", "es"]) == 0  # Spanish captions, checked in Spanish
    assert main(["--catalog", gate, "check", "--gallery", "España, lunes 7 de diciembre"]) == 0
    capsys.readouterr()
    english = _csv(gate, "--language", "en")
    status, notes = english[0].index("Status"), english[0].index("Findings")
    assert [r[status] for r in english[1:]] == ["ok", "warning"]
    assert english[2][notes].startswith("warning: ") and english[2][notes].endswith("; warning: doubled word \u201cdel del\u201d")
    spanish = _csv(gate, "--language", "es")
    assert spanish[0][status] == "Estado" and spanish[0][notes] == "Observaciones"
    assert [r[status] for r in spanish[1:]] == ["correcto", "advertencia"]
    assert spanish[2][notes].startswith("advertencia: ")  # the messages stay English
    assert spanish[2][notes].endswith("; advertencia: doubled word \u201cdel del\u201d")
    german = _csv(gate, "--language", "de")
    assert [r[status] for r in german[1:]] == ["ok", "Warnung"] and german[2][notes].startswith("Warnung: ")
