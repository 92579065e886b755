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
