"""A French-language desk (Paris, Brussels, Montréal): the twenty-first walk.

A photo editor on a French desk found no house style for it, templates writing "Monday, December 7,
2026" under any style, an English credit sheet, spelling that could not be set to French, and a
"le mercredi 7 décembre 2026" (a Monday) that went through `creditline check` without a word. A
language is data: a table of resources/date_words.toml and of resources/sheet_labels.toml, a
calendar of caption_words.toml, a house style file.
"""

from __future__ import annotations

from app.model import Item
from app.templates import Template, format_date, style_date_words, template_changes


def test_french_dates_are_written_as_a_french_desk_writes_them() -> None:
    words = style_date_words("french-press")
    assert words.language == "fr"
    assert format_date("2026-12-07", "long", words) == "7 décembre 2026"
    assert format_date("2026-12-07", "short", words) == "7 déc. 2026"
    assert format_date("2026-12-07", "weekday", words) == "lundi 7 décembre 2026"
    assert format_date("2026-02-10", "%a %-d %b", words) == "mar. 10 févr."
    # the desk's language reaches a style naming none (agency-native), as German and Spanish do
    assert format_date("2026-08-15", "long", style_date_words("agency-native", "fr")) == "15 août 2026"


def test_a_caption_template_with_a_french_date() -> None:
    t = Template("caption", values={"caption": "{city}, le {date:weekday} : des manifestants défilent. {credit}"},
                 enabled=["caption"])
    item = Item(id=3, path=None, kind="photo",
                fields={"city": "Paris", "date_created": "2026-12-07", "credit_line": "Jane Roe/AFP"})
    got = template_changes(t, [item], words=style_date_words("french-press"))[3]["caption"]
    assert got == "Paris, le lundi 7 décembre 2026 : des manifestants défilent. Jane Roe/AFP"


def test_the_french_press_style_writes_nom_agence_and_archives() -> None:
    from app.credits import parse_credits, render_credit
    from app.house_style import HouseStyle

    style = HouseStyle.load("french-press")
    assert style.language == "fr"
    (c,) = parse_credits("Des manifestants à Paris. (AP Photo/Jane Roe, File)")
    assert render_credit(c, style) == "Jane Roe/AP/Archives"
    (c,) = parse_credits("Un pompier évacue une habitante à Lyon. JANE ROE / AFP")
    assert render_credit(c, style) == "JANE ROE/AFP"
    (back,) = parse_credits("Un pompier à Lyon. Jane Roe/AP/Archives")  # it reads back as the same file credit
    assert back.file and back.agencies == ["Associated Press"] and back.photographers == ["Jane Roe"]


def _french_gallery(catalog) -> None:
    ids = catalog.add_caption_items([
        {"headline": "Manifestation", "caption": "Des manifestants défilent à Paris, le lundi 7 décembre 2026. "
                                                 "JANE ROE / AFP"},
        {"headline": "Feux de forêt", "caption": "Un incendie dans le massif des Maures, le jeudi 3 décembre 2026."},
    ])
    gallery = catalog.create_gallery("actu")
    catalog.add_to_gallery(gallery.id, ids)


def test_the_credit_sheet_speaks_french(catalog, tmp_path):
    import csv
    import shutil
    import subprocess

    from app.export import export_gallery
    from app.export.labels import SETTING_LANGUAGE, languages

    assert languages()["fr"] == "Français"
    _french_gallery(catalog)
    catalog.set_setting(SETTING_LANGUAGE, "fr")
    out = tmp_path / "fiche.csv"
    export_gallery(catalog, "actu", fmt="csv", output=out, force=True)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["Position", "Nom du fichier", "Titre", "Légende"]
    status = rows[0].index("Statut")
    assert {r[status] for r in rows[1:]} <= {"ok", "ERREUR", "avertissement", "note"}
    assert "ERREUR" in {r[status] for r in rows[1:]}  # the second caption has no credit
    if shutil.which("pdftotext"):
        pdf = tmp_path / "fiche.pdf"
        export_gallery(catalog, "actu", fmt="pdf", output=pdf, force=True)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        text = " ".join(text.replace("\u00a0", " ").split())
        for said in ("Fiche des crédits photo", "Galerie : actu", "2 photos", "LÉGENDE", "CRÉDIT ET DÉTAILS",
                     "Page 1 sur 1", "EN ERREUR"):
            assert said in text, said
        assert "Page 1 of 1" not in text and "CREDIT AND DETAILS" not in text


def _weekday_findings(caption: str, **fields):
    from app.rules import check_item, make_context

    item = Item(id=1, path=None, kind="caption", fields={"caption": caption, **fields})
    return [f for f in check_item(item, make_context()) if f.rule == "weekday-mismatch"]


def test_a_wrong_weekday_in_a_french_caption_is_an_error_with_its_fix() -> None:
    caption = ("Des syndicalistes manifestent devant la gare du Midi à Bruxelles, le mercredi 7 décembre 2026. "
               "Nicolas Maeterlinck/Belga")
    (f,) = _weekday_findings(caption)
    assert f.severity.value == "error" and caption[f.start:f.end] == "mercredi"
    assert "lundi" in f.message
    fixed = f.fix.apply(caption)
    assert "le lundi 7 décembre 2026" in fixed and not _weekday_findings(fixed)
    caption = "Jeudi 1 mai 2026 : le défilé du 1er-Mai à Paris. Jane Roe/AFP"  # a Friday
    (f,) = _weekday_findings(caption)
    assert f.fix.apply(caption).startswith("Vendredi 1 mai 2026 :")  # in the case it was written in


def test_a_right_french_weekday_and_a_german_mai_are_quiet() -> None:
    assert not _weekday_findings("Des manifestants défilent à Paris, le lundi 7 décembre 2026. JANE ROE / AFP")
    assert not _weekday_findings("Un déneigeur à Montréal, le Samedi 5 décembre 2026. LA PRESSE CANADIENNE/Graham Hughes")
    # "mai" is a month in French and in German: each language's weekday still finds its own month
    assert not _weekday_findings("Lundi 4 mai 2026, à Lille. Photo : Pierre Durand / MAXPPP")
    assert not _weekday_findings("Demonstranten in Berlin am Montag, 4. Mai 2026. Foto: Kay Nietfeld/dpa")
    (g,) = _weekday_findings("Demonstranten in Berlin am Dienstag, 4. Mai 2026. Foto: Kay Nietfeld/dpa")
    assert "Montag" in g.message


def _stray(caption: str, style: str):
    from app.rules import check_item, make_context

    item = Item(id=1, path=None, kind="caption", fields={"caption": caption})
    return [f for f in check_item(item, make_context(house_style=style)) if f.rule == "stray-whitespace"]


SENAT = ("Le ministre de l'Économie s'exprime au Sénat, à Paris, le lundi 7 décembre 2026\u00a0: "
         "«\u00a0Nous tiendrons le cap\u00a0», a-t-il déclaré. Photo\u00a0: Jean Dupont/SIPA")


def test_french_typography_is_no_stray_space_under_the_french_style() -> None:
    # A French desk writes a no-break space before ":" and inside « guillemets », and "Photo : Nom":
    # each of its captions got "stray space" notes, and the fix turned the no-break spaces into spaces
    assert not _stray(SENAT, "french-press")
    assert not _stray("Des vendangeurs près de Bordeaux. Photo : Jane Roe / Le Quotidien", "french-press")
    assert not _stray("Quelle tempête ! Le Vieux-Port sous la neige. © AFP/Julien Martin", "french-press")
    # a real slip is still one, and its fix keeps the French spaces
    slip = SENAT.replace("au Sénat", "au  Sénat")
    (f,) = _stray(slip, "french-press")
    assert f.message.startswith("1 stray space") and f.fix.apply(slip) == SENAT
    # another style keeps the English rule
    assert _stray(SENAT, "agency-native")


def test_a_french_sheet_says_0_erreur_in_the_singular() -> None:
    # French counts 0 and 1 in the singular ("Remarques : 0 erreur, 0 avertissement, 12 notes"); the
    # sheet said "0 erreurs, 0 avertissements", and English keeps "0 errors"
    from app.export.labels import sheet_labels

    fr = sheet_labels("fr")
    assert [fr.count("errors", n) for n in (0, 1, 2)] == ["0 erreur", "1 erreur", "2 erreurs"]
    assert fr.count("warnings", 0) == "0 avertissement"
    assert sheet_labels("en").count("errors", 0) == "0 errors"
    assert sheet_labels("de").count("errors", 0) == sheet_labels("de").text("errors_other", n="0")


def test_the_first_of_the_month_is_1er_in_french() -> None:
    # French writes "1er décembre 2026", never "1 décembre": a template wrote the latter
    words = style_date_words("french-press")
    assert format_date("2026-12-01", "long", words) == "1er décembre 2026"
    assert format_date("2026-12-01", "weekday", words) == "mardi 1er décembre 2026"
    assert format_date("2026-12-01", "%d/%m/%Y", words) == "01/12/2026"  # a number stays a number
    assert format_date("2026-12-02", "long", words) == "2 décembre 2026"
    assert format_date("2026-12-01", "long", style_date_words("spanish-press")) == "1 de diciembre de 2026"
    assert format_date("2026-12-01", "long", style_date_words("german-press")) == "1. Dezember 2026"


def test_a_wrong_weekday_on_the_1er_is_read_too() -> None:
    caption = "Un marché de Noël à Strasbourg, le lundi 1er décembre 2026. Jane Roe/AFP"  # a Tuesday
    (f,) = _weekday_findings(caption)
    assert f.fix.apply(caption) == caption.replace("lundi", "mardi")
    assert not _weekday_findings(caption.replace("lundi", "mardi"))


def test_photo_d_illustration_does_not_disclose_an_ai_picture_on_a_french_desk() -> None:
    # "Photo d'illustration" is how a French desk labels a stock picture, not a generated one: it
    # must not pass as the disclosure of an AI-generated picture (the default words hold "illustration")
    from app.rules import check_item, make_context

    ai = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

    def disclosure(caption: str):
        item = Item(id=1, path=None, kind="caption", fields={"caption": caption, "digital_source_type": ai})
        return [f for f in check_item(item, make_context(house_style="french-press"))
                if f.rule == "ai-disclosure-missing"]

    (f,) = disclosure("Photo d'illustration. Un incendie dans le massif des Maures. DR")
    assert f.fix.apply("Un incendie.").startswith("Image générée par IA")
    assert not disclosure("Image générée par IA : un incendie dans le massif des Maures.")
    assert not disclosure("Photomontage : un incendie dans le massif des Maures.")


def test_a_french_desk_on_a_style_naming_no_language_keeps_its_french_spaces(catalog) -> None:
    """review38: the exemption followed the house style's language only, so a French desk that kept
    agency-native got "Photo : Nom" and « … » flagged, though its template dates already follow the
    desk. A style naming no language now reads captions in the desk's language, in the app's checks
    (context_for) and in a check's worker processes (rule_settings) alike."""
    from app import spelling, validation
    from app.rules import check_item

    item = Item(id=1, path=None, kind="caption", fields={"caption": SENAT})

    def stray(ctx) -> list:
        return [f for f in check_item(item, ctx) if f.rule == "stray-whitespace"]

    assert stray(validation.context_for(catalog))  # an English desk: the English rule
    assert validation.rule_settings(catalog).desk_language == "en"
    catalog.set_setting(spelling.SETTING_DESK_LANGUAGE, "fr")
    assert not stray(validation.context_for(catalog))
    settings = validation.rule_settings(catalog)
    assert settings.desk_language == "fr" and not stray(settings.context())
    catalog.set_setting(validation.SETTING_HOUSE_STYLE, "german-press")  # a style with a language of its own
    assert stray(validation.context_for(catalog))
