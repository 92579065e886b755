"""A date edit must be a date (issue 11 #13): one check in the field table, used by CLI
``set``, the inspector and templates; what files hold is still imported as it is."""

from __future__ import annotations

import pytest

from app.cli import main
from app.fields import date_problem, validate_value, value_problem
from app.model import Item
from app.templates import Template, template_changes

GOOD = ["2024", "2024-03", "2024-03-05", "2024-02-29", "2024-03-05T14:05", "2024-03-05T14:05:09",
        "2024-03-05T14:05:09.250+02:00", "2024-03-05T14:05:09Z", "2024-03-05 14:05:09-0530", " 2024-03-05 ", ""]
BAD = {"2024-02-30": "no day 30", "2023-02-29": "no day 29", "yesterday": "not an ISO 8601 date",
       "2024-13": "no month 13", "2024-00-10": "no month 0", "03/04/2024": "not an ISO 8601 date",
       "20240305": "not an ISO 8601 date", "2024-03-05T25:00": "time of day", "2024-03-05T14:60": "time of day",
       "2024-03-05T14:05+15:00": "offset", "2024-3-5": "not an ISO 8601 date", "2024-03-05T": "not an ISO"}


@pytest.mark.parametrize("text", GOOD)
def test_iso_dates_are_accepted(text):
    assert date_problem(text) is None
    assert validate_value("date_created", text) == text.strip()


@pytest.mark.parametrize(("text", "why"), BAD.items())
def test_other_dates_are_refused_with_the_reason(text, why):
    problem = value_problem("date_created", text)
    assert problem is not None and why in problem and problem.startswith("Date created:")
    assert "\n" not in problem
    with pytest.raises(ValueError, match="Date created"):
        validate_value("date_created", text)


def test_only_date_fields_are_judged():
    assert value_problem("caption", "yesterday") is None
    assert value_problem("keywords", ["2024-02-30"]) is None


def test_cli_set_refuses_a_bad_date_and_changes_nothing(catalog_path, capsys):
    from app.catalog import Catalog  # noqa: PLC0415

    with Catalog.open(catalog_path) as cat:
        item_id = cat.add_caption_item({"caption": "Fans cheer.", "date_created": "2024-03-05"})
    args = ["--catalog", str(catalog_path), "set", str(item_id)]
    for bad in ("2024-02-30", "yesterday"):
        assert main([*args, "headline=New", f"date_created={bad}"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Date created" in err and "Traceback" not in err
    with Catalog.open(catalog_path) as cat:
        item = cat.item(item_id)
        assert item.fields["date_created"] == "2024-03-05" and item.fields["headline"] == ""
        assert cat.history(item_id) == []
    assert main([*args, "date_created=2024-03"]) == 0
    with Catalog.open(catalog_path) as cat:
        assert cat.item(item_id).fields["date_created"] == "2024-03"


def test_templates_say_what_is_wrong_and_never_write_a_bad_date():
    bad = Template("bad", {"date_created": "2024-02-30", "city": "Lyon"}, ["date_created", "city"])
    assert len(bad.problems()) == 1 and "no day 30" in bad.problems()[0]
    assert Template("ok", {"date_created": "{date}"}, ["date_created"]).problems() == []
    item = Item(id=1, path=None, kind="caption", fields={"caption": "x", "date_created": "2024-03-05", "city": ""})
    assert template_changes(bad, [item]) == {1: {"city": "Lyon"}}


def test_inspector_keeps_a_bad_date_unsaved_with_the_reason(session, qtbot):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import Qt  # noqa: PLC0415

    from ui.inspector import Inspector  # noqa: PLC0415

    w = Inspector(session)
    qtbot.addWidget(w)
    w.show()
    item_id = session.catalog.add_caption_item({"caption": "Fans.", "date_created": "2024-03-05"})
    session.set_current([item_id])
    date = w.editors["date_created"]
    date.editor.selectAll()
    qtbot.keyClicks(date.editor, "2024-02-30")
    date.flush()
    assert session.catalog.item(item_id).fields["date_created"] == "2024-03-05"
    assert session.undo_stack.count() == 0
    assert date.issues.isVisibleTo(w) and "no day 30" in date.issues.text()
    assert date.editor.text() == "2024-02-30"  # the typing is not thrown away
    for _ in range(2):
        qtbot.keyClick(date.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(date.editor, "29")
    date.flush()
    qtbot.waitUntil(lambda: session.catalog.item(item_id).fields["date_created"] == "2024-02-29", timeout=3000)
    assert session.undo_stack.count() == 1
