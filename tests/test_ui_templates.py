"""Templates dialog: build a template, store it in the catalog, apply it to a selection."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from app.templates import Template  # noqa: E402
from tests.uisession import add_caption_items  # noqa: E402
from ui.templates import TemplatesDialog  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def test_build_save_and_apply_a_template_as_one_step(session, qtbot) -> None:
    ids = add_caption_items(session,
                            {"creators": ["Jane Doe"], "source": "AFP", "city": "Lyon", "date_created": "2024-05-07"},
                            {"creators": ["John Roe"], "source": "AFP", "city": "Nice"})
    untouched = add_caption_items(session, {"creators": ["Ann Bee"]})[0]
    session.set_current(ids)
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.list.count() == 0 and not dlg.apply_btn.text().endswith("selection")

    qtbot.keyClicks(dlg.name, "Reuters take")
    qtbot.keyClicks(dlg.values["source"], "Reuters")
    qtbot.keyClicks(dlg.values["credit_line"], "REUTERS/{photographer}")
    qtbot.keyClicks(dlg.values["copyright"], "{agency} {date}")
    assert dlg.checks["credit_line"].isChecked() and dlg.checks["source"].isChecked()  # typing ticks
    assert not dlg.checks["city"].isChecked()
    assert "REUTERS/Jane Doe" in dlg.preview.text()

    assert dlg.save_template()
    stored = session.catalog.templates()
    assert [t.name for t in stored] == ["Reuters take"]
    assert stored[0].enabled == ["credit_line", "source", "copyright"]
    assert stored[0].values["credit_line"] == "REUTERS/{photographer}"

    assert dlg.apply_btn.text() == "Apply to 2 selected"
    assert dlg.apply_to_selection() == 2
    a, b = session.catalog.items(ids)
    assert (a.fields["credit_line"], a.fields["source"], a.fields["copyright"]) == \
        ("REUTERS/Jane Doe", "Reuters", "Reuters 2024-05-07")
    assert (b.fields["credit_line"], b.fields["copyright"]) == ("REUTERS/John Roe", "Reuters")
    assert session.catalog.item(untouched).fields["credit_line"] == ""
    assert session.undo_stack.count() == 1
    assert "Changed 2 of 2" in dlg.status.text()

    session.undo_stack.undo()
    assert [it.fields["source"] for it in session.catalog.items(ids)] == ["AFP", "AFP"]
    assert [it.fields["credit_line"] for it in session.catalog.items(ids)] == ["", ""]

    dlg.resize(860, 640)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(exist_ok=True)
    dlg.grab().save(str(SCREENSHOTS / "templates_dialog.png"))


def test_stored_templates_load_rename_and_delete(session, qtbot) -> None:
    session.catalog.save_template(Template("AP", {"source": "AP", "city": "Paris"}, ["source"]))
    session.catalog.save_template(Template("Pool", {"credit_line": "Pool via AP"}, ["credit_line"]))
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    assert [dlg.list.item(i).text() for i in range(dlg.list.count())] == ["AP", "Pool"]
    dlg.list.setCurrentRow(0)
    assert dlg.name.text() == "AP" and dlg.values["city"].text() == "Paris"
    assert dlg.checks["source"].isChecked() and not dlg.checks["city"].isChecked()
    assert not dlg.apply_btn.isEnabled()  # nothing selected

    dlg.name.setText("AP staff")
    assert dlg.save_template()
    assert sorted(t.name for t in session.catalog.templates()) == ["AP staff", "Pool"]
    dlg.delete_template()
    assert [t.name for t in session.catalog.templates()] == ["Pool"]


def test_unticked_template_changes_nothing(session, qtbot) -> None:
    ids = add_caption_items(session, {"city": "Lyon"})
    session.set_current(ids)
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.values["city"].setText("Paris")  # programmatic: no tick
    assert dlg.apply_to_selection() == 0
    assert session.catalog.item(ids[0]).fields["city"] == "Lyon"
    assert session.undo_stack.count() == 0


def test_closed_dialog_no_longer_listens_to_the_selection(session, qtbot) -> None:
    """Issue 13 defect 6: after the dialog closed (WA_DeleteOnClose, as the main window opens
    it), every selection change raised "Internal C++ object (QPushButton) already deleted"."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt  # noqa: PLC0415

    ids = add_caption_items(session, {"city": "Lyon"}, {"city": "Nice"})
    dlg = TemplatesDialog(session)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    qtbot.waitExposed(dlg)
    dlg.accept()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(10)
    # pytest-qt fails the test on any exception raised in a slot
    session.set_current(ids[:1])
    session.set_current(ids)
    session.items_changed.emit(ids)


def test_preview_has_its_own_place_and_typing_moves_nothing(session, qtbot) -> None:
    """Issue 13 defect 14: the preview grew while typing and pushed the form under the pointer."""
    ids = add_caption_items(session, {"creators": ["Jane Doe"], "source": "AFP", "city": "Lyon"})
    session.set_current(ids)
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.resize(860, 640)
    dlg.show()
    qtbot.waitExposed(dlg)
    editor = dlg.values["credit_line"]
    form = editor.parentWidget().parentWidget()  # the scroll area's viewport
    box = getattr(dlg, "preview_box", dlg.preview)  # the preview's frame (before the fix: the label)

    def where() -> tuple:
        qtbot.wait(20)
        return (editor.mapTo(dlg, editor.rect().topLeft()), form.height(), box.geometry())

    before = where()
    qtbot.keyClicks(editor, "REUTERS/{photographer}")
    assert "REUTERS/Jane Doe" in dlg.preview.text()
    for key in ("source", "city", "country", "headline", "copyright"):
        qtbot.keyClicks(dlg.values[key], "{agency} " * 3)
    assert where() == before


def test_enter_while_typing_a_template_changes_no_photo(session, qtbot) -> None:
    # Apply was the dialog's default button: Enter typed in the template's name or in one of
    # its fields (to end the field, as in the inspector) wrote the half-made template into
    # every selected photo. Enter now applies nothing; the button does.
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    ids = add_caption_items(session, {"source": "AFP"}, {"source": "AFP"})
    session.set_current(ids)
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.name, "Reuters take")
    QTest.keyClick(dlg.name, Qt.Key.Key_Return)
    qtbot.keyClicks(dlg.values["source"], "Reuters")
    QTest.keyClick(dlg.values["source"], Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.name.text() == "Reuters take"  # nor New, which clears the form
    assert [it.fields["source"] for it in session.catalog.items(ids)] == ["AFP", "AFP"]
    assert session.undo_stack.count() == 0
    assert dlg.apply_btn.isEnabled()
    dlg.apply_btn.click()
    assert [it.fields["source"] for it in session.catalog.items(ids)] == ["Reuters", "Reuters"]


def test_a_german_house_style_writes_template_dates_in_german(session, qtbot) -> None:
    """Template dates were English on every desk: under the German house style the dialog's
    example, its preview and what it applies say "7. Dezember 2026"."""
    session.settings.house_style = "german-press"
    [item_id] = add_caption_items(session, {"city": "Hamburg", "date_created": "2026-12-07"})
    session.set_current([item_id])
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    hint = next(lb.text() for lb in dlg.findChildren(type(dlg.preview)) if "{date:long}" in lb.text())
    assert "(9. September 2025)" in hint and "(9. Sept. 2025)" in hint and "(Dienstag, 9. September 2025)" in hint
    qtbot.keyClicks(dlg.name, "Ort und Datum")
    qtbot.keyClicks(dlg.values["headline"], "{city}, {date:long}")
    assert "Hamburg, 7. Dezember 2026" in dlg.preview.text()
    assert dlg.apply_to_selection() == 1
    assert session.catalog.item(item_id).fields["headline"] == "Hamburg, 7. Dezember 2026"


def test_a_spanish_desk_on_agency_native_gets_spanish_template_dates(session, qtbot) -> None:
    """agency-native names no language: its dates follow Settings > Desk language (walk19's Spanish
    desk kept the default style and got "December 7, 2026" in its captions)."""
    from app.export.labels import SETTING_LANGUAGE

    session.settings.house_style = "agency-native"
    session.catalog.set_setting(SETTING_LANGUAGE, "es")
    [item_id] = add_caption_items(session, {"city": "Madrid", "date_created": "2026-12-07"})
    session.set_current([item_id])
    dlg = TemplatesDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.name, "Lugar y fecha")
    qtbot.keyClicks(dlg.values["headline"], "{city}, {date:long}")
    assert "Madrid, 7 de diciembre de 2026" in dlg.preview.text()
    assert dlg.apply_to_selection() == 1
    assert session.catalog.item(item_id).fields["headline"] == "Madrid, 7 de diciembre de 2026"
