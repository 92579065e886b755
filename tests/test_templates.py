"""Metadata templates: variable expansion and the changes a template makes (no Qt)."""

from __future__ import annotations

import pytest

from app.codes import CodeTable
from app.model import FileFacts, Item
from app.templates import Template, expand, format_date, item_variables, template_changes, uses_variables


class FakeRegistry:
    """Only the one method templates use; the real registry has its own tests."""

    def canonical(self, name: str) -> str | None:
        return {"ap": "Associated Press", "reuters": "Reuters"}.get(name.strip().lower())


def make_item(item_id: int, **fields) -> Item:
    return Item(id=item_id, path=None, kind="photo", fields=dict(fields))


def test_expand_replaces_known_variables_and_keeps_unknown_ones() -> None:
    out = expand("{photographer}/{agency} in {city} {nope} {{x}}", {
        "photographer": "Jane Doe", "agency": "Reuters", "city": "Paris", "date": ""})
    assert out == "Jane Doe/Reuters in Paris {nope} {x}"


def test_uses_variables() -> None:
    assert uses_variables("REUTERS/{photographer}")
    assert uses_variables(["a", "{city}"])
    assert not uses_variables("plain {unknown} text")


def test_item_variables_use_registry_date_and_capture_fallback() -> None:
    v = item_variables({"creators": ["Jane Doe", "John Roe"], "source": "AP", "city": "Lyon"},
                       facts_date="2024-04-13T14:05:09", registry=FakeRegistry())
    assert v == {"photographer": "Jane Doe and John Roe", "agency": "Associated Press", "credit": "",
                 "date": "2024-04-13", "year": "2024", "city": "Lyon", "state": "", "country": "",
                 "sublocation": ""}
    # The date created wins over the capture time; an unknown agency is kept as written.
    v = item_variables({"date_created": "2023-01-02T10:00:00", "credit_line": "Tiny Agency"},
                       facts_date="2024-04-13T14:05:09", registry=FakeRegistry())
    assert v["date"] == "2023-01-02" and v["agency"] == "Tiny Agency"


def test_template_changes_expand_per_item_and_only_ticked_fields() -> None:
    t = Template("Reuters take", values={"source": "Reuters", "credit_line": "REUTERS/{photographer}",
                                         "city": "Ignored because unticked"},
                 enabled=["credit_line", "source"])
    a = make_item(1, creators=["Jane Doe"], source="AFP", city="Oslo")
    b = make_item(2, creators=["John Roe"], source="Reuters", credit_line="REUTERS/John Roe")
    c = make_item(3, creators=[], source="")
    changes = template_changes(t, [a, b, c], FakeRegistry())
    # b already matches: nothing to write for it.
    assert changes == {
        1: {"credit_line": "REUTERS/Jane Doe", "source": "Reuters"},
        3: {"credit_line": "REUTERS/", "source": "Reuters"},
    }


def test_template_literal_values_feed_variables() -> None:
    t = Template("AP", values={"source": "AP", "copyright": "{agency} {date}"}, enabled=["source", "copyright"])
    item = make_item(7, source="Reuters", date_created="2024-05-01")
    changes = template_changes(t, [item], FakeRegistry())
    assert changes == {7: {"source": "AP", "copyright": "Associated Press 2024-05-01"}}


def test_template_list_fields_are_normalised_and_expanded() -> None:
    t = Template("kw", values={"keywords": ["news", "{city}"], "creators": "Pool; {photographer}"},
                 enabled=["keywords", "creators"])
    item = make_item(1, city="Rome", creators=["Ann Bee"], keywords=["old"])
    item.facts = FileFacts(path="x.jpg", size=1, mtime_ns=1, content_hash="h", format="JPEG")
    changes = template_changes(t, [item])
    assert changes == {1: {"keywords": ["news", "Rome"], "creators": ["Pool", "Ann Bee"]}}


def test_template_json_round_trip_and_field_order() -> None:
    t = Template("x", values={"city": "Paris", "headline": "H"}, enabled=["city", "headline"])
    assert t.enabled == ["headline", "city"]  # the field table's order
    assert Template.from_json(t.to_json()) == t


def test_template_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="unknown fields: colour"):
        Template("bad", values={"colour": "red"}, enabled=["colour"])


def test_year_variable_for_a_copyright_notice() -> None:
    """Issue 13 defect 10: "© {date} AFP" gave "© 2014-01-01 AFP"; {year} gives the year."""
    t = Template("AFP", values={"copyright": "\u00a9 {year} AFP"}, enabled=["copyright"])
    item = make_item(1, date_created="2014-01-01T10:00:00")
    assert template_changes(t, [item]) == {1: {"copyright": "\u00a9 2014 AFP"}}
    # No date created: the capture date's year.
    item = make_item(2)
    item.facts = FileFacts(path="x.jpg", size=1, mtime_ns=1, content_hash="h", format="JPEG",
                           capture_time="2019-06-30T23:59:00")
    assert template_changes(t, [item]) == {2: {"copyright": "\u00a9 2019 AFP"}}


@pytest.mark.parametrize(("iso", "fmt", "out"), [
    ("2025-09-09", "%A, %b. %-d, %Y", "Tuesday, Sept. 9, 2025"),  # AP: Sept., no leading zero
    ("2025-09-09", "%A, %b %-d, %Y", "Tuesday, Sept. 9, 2025"),
    ("2025-05-09", "%A, %b. %-d, %Y", "Friday, May 9, 2025"),  # March-July spelled out, no "May."
    ("2025-07-04", "%b %-d", "July 4"),
    ("2024-02-29", "%b %d", "Feb. 29"),
    ("2025-12-01", "%B %-d, %Y", "December 1, 2025"),
    ("2025-01-05", "%d/%m/%y", "05/01/25"),
    ("2025-01-05T10:30:00+01:00", "%-d.%-m.%Y", "5.1.2025"),
    ("2025-01-05", "100%% %Q", "100% %Q"),  # %% is a percent sign, an unknown directive stays
    ("2024", "%Y", "2024"),
    ("2024", "%b %Y", ""),  # asks for a month the date does not have
    ("2024-03", "%B %Y", "March 2024"),
    ("", "%Y", ""),
    ("2024-13-01", "%Y", ""),
])
def test_format_date_in_ap_style(iso: str, fmt: str, out: str) -> None:
    assert format_date(iso, fmt) == out


def test_caption_template_with_place_date_and_credit_variables() -> None:
    caption = ("{city}, {country} - {date:%A, %b %-d, %Y}: Fans gather. "
               "Photo by {photographer} ({credit}) {unknown} {city:%Y}")
    t = Template("caption", values={"caption": caption}, enabled=["caption"])
    item = make_item(4, city="Bucharest", country="Romania", date_created="2025-09-09",
                     creators=["Vadim Ghirda"], credit_line="AP Photo/Vadim Ghirda")
    assert template_changes(t, [item])[4]["caption"] == (
        "Bucharest, Romania - Tuesday, Sept. 9, 2025: Fans gather. Photo by Vadim Ghirda "
        "(AP Photo/Vadim Ghirda) {unknown} {city:%Y}")


def test_templates_expand_code_replacements_after_variables() -> None:
    codes = CodeTable({"vg": ["Vadim Ghirda", "AP Photo/Vadim Ghirda"], "Bucharest": ["Bucharest, Romania"]})
    t = Template("codes", values={"caption": "Photo by =vg= in ={city}=.", "credit_line": "=vg#2="},
                 enabled=["caption", "credit_line"])
    item = make_item(5, city="Bucharest")
    assert template_changes(t, [item], codes=codes) == {
        5: {"caption": "Photo by Vadim Ghirda in Bucharest, Romania.", "credit_line": "AP Photo/Vadim Ghirda"}}


@pytest.mark.parametrize(("language", "fmt", "out"), [
    ("de", "long", "7. Dezember 2026"),
    ("de", "weekday", "Montag, 7. Dezember 2026"),
    ("de", "%a %-d. %b", "Mo. 7. Dez."),
    ("de", "%-d. %b. %Y", "7. Dez. 2026"),  # the typed point not doubled
    ("es", "long", "7 de diciembre de 2026"),
    ("es", "weekday", "lunes, 7 de diciembre de 2026"),
    ("es", "%a %-d %b", "lun. 7 dic."),
    ("en", "long", "December 7, 2026"),
    ("en", "weekday", "Monday, December 7, 2026"),
    ("en", "%b %-d", "Dec. 7"),  # English keeps AP's month before a day
    ("fr", "long", "7 décembre 2026"),
    ("it", "long", "December 7, 2026"),  # no table: English
])
def test_format_date_in_the_house_style_s_language(language: str, fmt: str, out: str) -> None:
    """Template dates were English whatever the desk: a German or Spanish house style now writes
    them in its language, from resources/date_words.toml (data, not code per language)."""
    from app.templates import date_words

    assert format_date("2026-12-07", fmt, date_words(language)) == out


def test_every_date_table_has_every_key_and_twelve_months() -> None:
    from app.date_words import date_languages, date_tables

    tables = date_tables()
    assert set(date_languages()) >= {"en", "de", "es"}
    for code, table in tables.items():
        assert set(table) == set(tables["en"]), code
        assert set(table["formats"]) == set(tables["en"]["formats"]), code
        assert len(table["months"]) == len(table["months_short"]) == 12, code
        assert len(table["weekdays"]) == len(table["weekdays_short"]) == 7, code


def test_a_caption_template_follows_the_house_style_s_language() -> None:
    from app.house_style import HouseStyle
    from app.templates import style_date_words

    assert HouseStyle.load("german-press").language == "de" and HouseStyle.load("publisher").language == "en"
    t = Template("caption", values={"caption": "{city}, {date:long}: Feuerwehrleute löschen. {credit}"},
                 enabled=["caption"])
    item = make_item(5, city="Hamburg", date_created="2026-12-07", credit_line="Kay Nietfeld/dpa")
    got = template_changes(t, [item], words=style_date_words("german-press"))[5]["caption"]
    assert got == "Hamburg, 7. Dezember 2026: Feuerwehrleute löschen. Kay Nietfeld/dpa"
    t = Template("caption", values={"caption": "{city} ({date:weekday})"}, enabled=["caption"])
    item = make_item(6, city="Madrid", date_created="2026-12-07")
    assert template_changes(t, [item], words=style_date_words("spanish-press"))[6]["caption"] == (
        "Madrid (lunes, 7 de diciembre de 2026)")
    assert template_changes(t, [item])[6]["caption"] == "Madrid (Monday, December 7, 2026)"  # no style: English
    assert style_date_words("no-such-style").language == "en"


def test_a_style_naming_no_language_writes_dates_in_the_desk_s_language() -> None:
    # agency-native keeps each agency's credit form whatever language the desk writes in: a German
    # desk on it gets German dates, as Settings > Desk language says; a style naming one keeps its own
    from app.house_style import HouseStyle
    from app.templates import style_date_words

    assert HouseStyle.load("agency-native").language is None
    t = Template("caption", values={"caption": "{city}, {date:long}"}, enabled=["caption"])
    item = make_item(7, city="Hamburg", date_created="2026-12-07")
    got = template_changes(t, [item], words=style_date_words("agency-native", "de"))[7]["caption"]
    assert got == "Hamburg, 7. Dezember 2026"
    assert style_date_words("agency-native", None).language == "en"
    assert style_date_words("spanish-press", "de").language == "es"
    assert style_date_words("publisher", "de").language == "en"


def test_a_house_style_naming_a_language_without_a_table_is_refused() -> None:
    from app.house_style import HouseStyle

    with pytest.raises(ValueError, match="language 'it'"):
        HouseStyle.from_dict("x", {"language": "it"})


@pytest.mark.parametrize(("language", "out"), [("en", "Dec. 7, 2026"), ("de", "7. Dez. 2026"), ("es", "7 dic. 2026")])
def test_the_short_date_of_each_language(language: str, out: str) -> None:
    from app.templates import date_words

    assert format_date("2026-12-07", "short", date_words(language)) == out
