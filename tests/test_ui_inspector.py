"""Inspector: typing saves to the catalog, undo reaches catalog and widget, multi-selection."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QFocusEvent, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit  # noqa: E402

from app.model import Severity  # noqa: E402
from tests.uisession import add_caption_items, add_photo  # noqa: E402
from ui.inspector import MULTIPLE  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def type_into(qtbot, editor, text: str) -> None:
    if isinstance(editor, QPlainTextEdit):
        editor.moveCursor(QTextCursor.MoveOperation.End)
    else:
        editor.end(False)
    qtbot.keyClicks(editor, text)


def test_typing_saves_after_a_pause_and_undo_restores_catalog_and_widget(session, inspector, qtbot) -> None:
    (a,) = add_caption_items(session, {"headline": "Fire", "caption": "A fire."})
    session.set_current([a])
    headline = inspector.editors["headline"].editor
    assert isinstance(headline, QLineEdit) and headline.text() == "Fire"

    type_into(qtbot, headline, " in Lyon")
    assert session.catalog.item(a).fields["headline"] == "Fire"  # not per keystroke
    qtbot.waitUntil(lambda: session.catalog.item(a).fields["headline"] == "Fire in Lyon", timeout=3000)
    assert session.undo_stack.count() == 1  # the typed words are one undo step
    assert inspector.editors["headline"].badge.text() == "edited"

    session.undo_stack.undo()
    assert session.catalog.item(a).fields["headline"] == "Fire"
    assert headline.text() == "Fire"
    session.undo_stack.redo()
    assert headline.text() == "Fire in Lyon"


def test_pauses_while_typing_still_make_one_step_until_focus_leaves(session, inspector, qtbot) -> None:
    (a,) = add_caption_items(session, {"city": ""})
    session.set_current([a])
    city = inspector.editors["city"]
    for part in ("Ly", "on"):
        type_into(qtbot, city.editor, part)
        qtbot.waitUntil(lambda: not city.dirty, timeout=3000)  # saved after the pause
    assert session.catalog.item(a).fields["city"] == "Lyon"
    assert session.undo_stack.count() == 1
    city.editor.clearFocus()
    city.eventFilter(city.editor, _focus_out())  # offscreen windows do not always get real focus events
    type_into(qtbot, city.editor, " Est")
    city.flush()
    assert session.undo_stack.count() == 2
    assert session.catalog.item(a).fields["city"] == "Lyon Est"


def _focus_out():
    return QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.OtherFocusReason)


def test_ctrl_z_in_a_field_saves_the_typing_and_goes_to_the_session_undo(session, inspector, qtbot) -> None:
    from PySide6.QtGui import QKeyEvent  # noqa: PLC0415

    (a,) = add_caption_items(session, {"headline": "Fire"})
    session.set_current([a])
    ed = inspector.editors["headline"]
    type_into(qtbot, ed.editor, "s")
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Filtered and ignored: the line edit's own undo must not take the shortcut from the window.
    assert ed.eventFilter(ed.editor, override) and not override.isAccepted()
    assert session.catalog.item(a).fields["headline"] == "Fires"  # saved first, so it is what undo undoes
    session.undo_stack.undo()
    assert ed.text() == "Fire"


def test_enter_saves_at_once_and_a_trailing_space_survives_the_save(session, inspector, qtbot) -> None:
    (a,) = add_caption_items(session, {"headline": ""})
    session.set_current([a])
    ed = inspector.editors["headline"].editor
    type_into(qtbot, ed, "Storm ")
    inspector.editors["headline"].flush()
    assert session.catalog.item(a).fields["headline"] == "Storm"
    assert ed.text() == "Storm "  # the user keeps typing after the space
    type_into(qtbot, ed, "hits")
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    assert session.catalog.item(a).fields["headline"] == "Storm hits"


def test_multi_selection_shows_multiple_values_and_edits_all_in_one_step(session, inspector, qtbot) -> None:
    ids = add_caption_items(session, {"city": "Lyon", "country": "France"},
                            {"city": "Paris", "country": "France"},
                            {"city": "Nice", "country": "France"})
    session.set_current(ids)
    city, country = inspector.editors["city"], inspector.editors["country"]
    assert city.text() == "" and city.editor.placeholderText() == MULTIPLE
    assert country.text() == "France" and country.editor.placeholderText() != MULTIPLE
    assert "3 items selected" in inspector.summary.text()

    type_into(qtbot, city.editor, "Marseille")
    city.flush()
    assert [session.catalog.item(i).fields["city"] for i in ids] == ["Marseille"] * 3
    assert session.undo_stack.count() == 1
    assert city.editor.placeholderText() != MULTIPLE
    session.undo_stack.undo()
    assert [session.catalog.item(i).fields["city"] for i in ids] == ["Lyon", "Paris", "Nice"]
    assert city.text() == "" and city.editor.placeholderText() == MULTIPLE
    # Leaving a mixed field untouched writes nothing.
    inspector.flush()
    assert session.undo_stack.count() == 1 and session.undo_stack.index() == 0


def test_showing_items_and_findings_never_writes(session, inspector, qtbot) -> None:
    # Re-highlighting a caption emits textChanged; that must not count as typing, or a
    # mixed caption would be saved as blank on every selected item.
    ids = add_caption_items(session, {"caption": "Fans at the the stadium."}, {"caption": "Rain in in Lyon."})
    session.refresh_findings(ids)
    for selection in ([ids[0]], ids):
        session.set_current(selection)
        qtbot.wait(600)  # longer than the save delay
        inspector.flush()
    assert session.undo_stack.count() == 0
    assert [it.fields["caption"] for it in session.catalog.items(ids)] == \
        ["Fans at the the stadium.", "Rain in in Lyon."]
    assert inspector.editors["caption"].budget.isHidden()  # mixed: no byte count to show


def test_finding_appears_and_disappears_as_the_caption_changes(session, inspector, qtbot) -> None:
    (a,) = add_caption_items(session, {"caption": "Fans cheer at the stadium in Lyon, France."})
    session.refresh_findings([a])
    session.set_current([a])
    caption = inspector.editors["caption"]
    assert caption.highlighter is not None
    assert not [f for f in caption.highlighter.findings() if f.rule == "doubled-word"]

    cursor = caption.editor.textCursor()
    cursor.setPosition(len("Fans cheer at "))
    caption.editor.setTextCursor(cursor)
    qtbot.keyClicks(caption.editor, "the ")
    qtbot.waitUntil(lambda: any(f.rule == "doubled-word" for f in caption.highlighter.findings()), timeout=3000)
    start, end, finding = next(s for s in caption.highlighter.spans() if s[2].rule == "doubled-word")
    assert caption.text()[start:end].lower() == "the the"
    assert finding.severity is Severity.WARNING
    assert caption.highlighter.finding_at(start + 1) is finding
    assert not caption.issues.isHidden() and "doubled word" in caption.editor.toolTip()

    # The underline is drawn: the format at the span carries the severity's wavy underline.
    block = caption.editor.document().findBlock(start)
    formats = [r for r in block.layout().formats() if r.start <= start - block.position() < r.start + r.length]
    assert formats and formats[0].format.underlineStyle() == formats[0].format.UnderlineStyle.WaveUnderline

    session.undo_stack.undo()
    assert caption.text() == "Fans cheer at the stadium in Lyon, France."
    assert not [f for f in caption.highlighter.findings() if f.rule == "doubled-word"]


def test_focus_field_selects_the_span(session, inspector) -> None:
    (a,) = add_caption_items(session, {"caption": "Fans cheer at the the stadium.", "city": "Lyon"})
    session.set_current([a])
    inspector.focus_field("caption", 14, 21)
    assert inspector.editors["caption"].editor.textCursor().selectedText() == "the the"
    inspector.focus_field("caption")  # "Enter edits the caption": the cursor goes to the end
    cursor = inspector.editors["caption"].editor.textCursor()
    assert not cursor.hasSelection() and cursor.position() == len("Fans cheer at the the stadium.")
    inspector.focus_field("city", 1, 3)
    assert inspector.editors["city"].editor.selectedText() == "yo"


def test_byte_budget_counts_utf8_bytes_and_turns_red_when_over(session, inspector, qtbot) -> None:
    (a,) = add_caption_items(session, {"credit_line": "REUTERS/Zoë Ångström"})
    session.set_current([a])
    credit = inspector.editors["credit_line"]
    assert credit.budget.text() == f"{len('REUTERS/Zoë Ångström'.encode())}/32 bytes"
    assert "#d32f2f" not in credit.budget.styleSheet()
    type_into(qtbot, credit.editor, " via Getty Images")
    assert credit.budget.text().endswith("/32 bytes") and int(credit.budget.text().split("/")[0]) > 32
    assert "#d32f2f" in credit.budget.styleSheet()
    assert inspector.editors["usage_terms"].budget.isHidden()  # XMP only: no IIM budget


def test_form_is_built_from_the_field_table(session, inspector) -> None:
    from app.fields import FIELDS  # noqa: PLC0415

    # Every editorial field; the marks (label, tag, stars) have their own row (ui.marks).
    assert list(inspector.editors) == [f.key for f in FIELDS if not f.is_mark]
    assert isinstance(inspector.editors["caption"].editor, QPlainTextEdit)
    assert inspector.editors["creators"].editor.completer() is not None
    assert inspector.editors["source"].editor.completer() is not None


def test_photo_shows_sources_completions_and_a_preview(session, inspector, qtbot, tmp_path) -> None:
    a = add_photo(session, tmp_path / "a.jpg", caption="Fans cheer in Lyon, France.",
                  creators=["Jane Doe"], credit_line="REUTERS/Jane Doe", source="Reuters", city="Lyon")
    add_caption_items(session, {"creators": ["John Roe"]})
    session.set_current([a])
    # XMP and IIM hold the same caption: no badge (race38); copies that differ are said.
    assert inspector.editors["caption"].badge.isHidden()
    assert inspector.editors["headline"].badge.isHidden()  # blank: no source to show
    for key in ("creators", "source"):  # completions are read when the field takes the focus
        ed = inspector.editors[key]
        ed.eventFilter(ed.editor, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.OtherFocusReason))
    words = inspector.completers["creators"].words()
    assert "Jane Doe" in words and "John Roe" in words
    assert "Reuters" in inspector.completers["source"].words()
    qtbot.waitUntil(lambda: inspector.preview_image() is not None, timeout=5000)
    assert inspector.preview_image().width() == 640  # the file itself, not the 256 px thumbnail
    assert not inspector.preview.pixmap().isNull()

    SCREENSHOTS.mkdir(exist_ok=True)
    session.refresh_findings([a])
    inspector.load([a])
    qtbot.waitUntil(lambda: inspector.preview_image() is not None, timeout=5000)
    inspector.grab().save(str(SCREENSHOTS / "inspector.png"))


def test_missing_file_gives_a_message_not_a_traceback(session, inspector, qtbot, tmp_path) -> None:
    path = tmp_path / "gone.jpg"
    a = add_photo(session, path, caption="x")
    path.unlink()
    session.set_current([a])
    qtbot.waitUntil(lambda: "unavailable" in inspector.preview.text(), timeout=5000)
    assert inspector.preview_image() is None


def test_unreadable_file_falls_back_to_the_cached_thumbnail(session, inspector, qtbot, tmp_path) -> None:
    path = tmp_path / "raw.jpg"
    a = add_photo(session, path, thumbnail=True, caption="x")
    path.write_bytes(b"not an image any more")  # e.g. a RAW file Qt cannot decode
    session.set_current([a])
    qtbot.waitUntil(lambda: inspector.preview_image() is not None, timeout=5000)
    assert inspector.preview_image().width() == 256


def test_list_field_completer_completes_only_the_last_name(session, inspector) -> None:
    from ui.completion import ListCompleter  # noqa: PLC0415

    edit = QLineEdit()
    c = ListCompleter(["Jane Doe", "John Roe"], parent=edit, multi=True)
    edit.setCompleter(c)
    edit.setText("Jane Doe; jo")
    assert c.splitPath(edit.text()) == ["jo"]
    index = c.model().index(1, 0)
    assert c.pathFromIndex(index) == "Jane Doe; John Roe"


# --- several photos selected: the inspector shows the selection, not its first photo -----------

def _photos(session, tmp_path, captions, thumbnail=True, prefix="p"):
    return [add_photo(session, tmp_path / f"{prefix}{i}.jpg", thumbnail=thumbnail, caption=c,
                      credit_line="REUTERS/Jane Doe", creators=["Jane Doe"], source="Reuters")
            for i, c in enumerate(captions)]


def test_multi_selection_header_counts_the_photos_and_their_findings(session, inspector, tmp_path) -> None:
    ids = _photos(session, tmp_path, ["Fans at the the stadium in Lyon, France. REUTERS/Jane Doe",
                                      "Rain in in Lyon, France. REUTERS/Jane Doe",
                                      "Sun in Lyon, France. REUTERS/Jane Doe"])
    session.refresh_findings(ids)
    doubled = {i: [f for f in fs if f.rule == "doubled-word"] for i, fs in session.catalog.findings(ids).items()}
    assert [len(doubled[i]) for i in ids] == [1, 1, 0]
    every = session.catalog.findings(ids)
    expected = {}
    for findings in every.values():
        for f in findings:
            expected[f.severity] = expected.get(f.severity, 0) + 1

    session.set_current(ids)
    text = inspector.summary.text()
    assert "<b>3 photos selected</b>" in text and "an edit applies to all of them" in text
    assert inspector.finding_counts() == expected  # every finding of every selected photo
    warnings = expected[Severity.WARNING]
    assert f"{warnings} warning{'s' if warnings != 1 else ''}" in text
    hit = sum(1 for fs in every.values() if fs)
    assert f"in {hit} of 3 photos" in text
    assert "p0.jpg" in inspector.summary.toolTip() and "p2.jpg" in inspector.summary.toolTip()

    session.set_current([ids[2], ids[2]])  # one photo: its own header again
    assert "p2.jpg" in inspector.summary.text() and "selected" not in inspector.summary.text()


def test_multi_selection_of_clean_caption_items_says_items_and_no_findings(session, inspector) -> None:
    ids = add_caption_items(session, {"caption": "A"}, {"caption": "B"})
    session.set_current(ids)
    assert "<b>2 items selected</b>" in inspector.summary.text()  # caption-only: not photos
    assert "No findings" in inspector.summary.text() and inspector.finding_counts() == {}


def test_multi_selection_field_lists_findings_across_the_selection(session, inspector, tmp_path) -> None:
    ids = _photos(session, tmp_path, ["Fans at the the stadium. REUTERS/Jane Doe",
                                      "Rain in in Lyon. REUTERS/Jane Doe",
                                      "Sun over Lyon. REUTERS/Jane Doe"])
    session.refresh_findings(ids)
    session.set_current(ids)
    caption = inspector.editors["caption"]
    assert caption.mixed and caption.editor.placeholderText() == MULTIPLE
    issues = caption.issues.text()
    assert not caption.issues.isHidden()
    # The two doubled words are different messages: one line for the rule, with its count.
    assert "Doubled word" in issues and "2 of 3 photos" in issues
    assert "#c27c00" in caption.editor.styleSheet()  # the worst severity of the selection, a warning
    tip = caption.editor.toolTip()
    assert "<b>p0.jpg</b>: doubled word “the the”" in tip and "<b>p1.jpg</b>: doubled word “in in”" in tip
    assert caption.highlighter.findings() == []  # a mixed field has no text to underline

    # One message shared by every finding: the line quotes it.
    same = _photos(session, tmp_path, ["Fans at the the stadium. REUTERS/Jane Doe"] * 2, prefix="same")
    session.refresh_findings(same)
    session.set_current(same)
    assert not caption.mixed
    assert "doubled word “the the”" in caption.issues.text() and "2 of 2 photos" in caption.issues.text()
    spans = caption.highlighter.spans()
    assert len(spans) == 1 and caption.text()[spans[0][0]:spans[0][1]] == "the the"  # same text: underlined once


def test_multi_selection_edit_still_applies_to_every_photo(session, inspector, qtbot, tmp_path) -> None:
    ids = _photos(session, tmp_path, ["One. REUTERS/Jane Doe", "Two. REUTERS/Jane Doe"])
    session.set_current(ids)
    city = inspector.editors["city"]
    type_into(qtbot, city.editor, "Lyon")
    city.flush()
    assert [session.catalog.item(i).fields["city"] for i in ids] == ["Lyon", "Lyon"]
    assert session.undo_stack.count() == 1


def test_multi_selection_preview_is_a_mosaic_with_plus_n(session, inspector, qtbot, tmp_path) -> None:
    ids = _photos(session, tmp_path, [f"Photo {i}. REUTERS/Jane Doe" for i in range(6)])
    session.set_current(ids)
    qtbot.waitUntil(lambda: len(inspector.preview_tiles()) == 4, timeout=5000)
    assert inspector.preview_more() == 3  # three photos shown, the fourth tile says +3
    assert inspector.preview_image() is None  # no single photo pretends to be the selection
    assert "p0.jpg" in inspector.preview.toolTip() and "p5.jpg" in inspector.preview.toolTip()
    image = inspector.preview.pixmap().toImage()
    assert not image.isNull()
    w, h = image.width(), image.height()

    def luma(x, y):
        from PySide6.QtGui import QColor  # noqa: PLC0415

        return QColor(image.pixel(int(x), int(y))).lightness()

    # Same photos everywhere: the "+3" tile (bottom right) is darkened, the first is not.
    first, plus = luma(w * 0.1, h * 0.3), luma(w * 0.9, h * 0.9)
    assert first > plus + 30, (first, plus)
    SCREENSHOTS.mkdir(exist_ok=True)
    inspector.grab().save(str(SCREENSHOTS / "inspector-multi.png"))

    session.set_current(ids[:2])
    qtbot.waitUntil(lambda: len(inspector.preview_tiles()) == 2, timeout=5000)
    assert inspector.preview_more() == 0
    session.set_current([ids[0]])  # one photo: the photo itself again
    qtbot.waitUntil(lambda: inspector.preview_image() is not None, timeout=5000)
    assert inspector.preview_tiles() == [] and inspector.preview_more() == 0


def test_mosaic_painting(qapp) -> None:
    from PySide6.QtCore import QSize  # noqa: PLC0415
    from PySide6.QtGui import QColor, QImage  # noqa: PLC0415

    from ui.inspector import paint_mosaic  # noqa: PLC0415

    tile = QImage(300, 200, QImage.Format.Format_RGB32)
    tile.fill(QColor("#3080c0"))
    for n, more in ((2, 0), (3, 0), (4, 0), (4, 9)):
        pixmap = paint_mosaic([tile] * (n - 1) + [QImage()], more, QSize(380, 232))
        assert pixmap.size() == QSize(380, 232)
        image = pixmap.toImage()
        assert QColor(image.pixel(40, 116 if n == 2 else 50)).name() == "#3080c0"


def test_an_edit_the_full_disk_refuses_stays_typed_says_so_and_saves_once_there_is_room(
        session, inspector, qtbot) -> None:
    """The seventh walk typed a headline on a full disk: the field kept it, the catalog and the
    tile did not, and the app said nothing (a traceback on stderr). SQLite's page limit is the
    full disk for the session's connection (SQLITE_FULL)."""
    (a,) = add_caption_items(session, {"caption": "A fire."})
    session.set_current([a])
    conn = session.catalog.db.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    failed: list[str] = []
    session.edit_failed.connect(failed.append)
    ed = inspector.editors["caption"]
    long_text = " Firefighters worked through the night in Lyon." * 60  # more than a page can hold
    type_into(qtbot, ed.editor, long_text)
    qtbot.waitUntil(lambda: bool(failed), timeout=3000)
    assert len(failed) == 1 and failed[0].startswith(f"Edit Caption: the disk is full ({session.catalog.path.parent}:")
    assert session.catalog.item(a).fields["caption"] == "A fire."  # nothing half-saved
    assert session.undo_stack.count() == 0  # no step that undoes nothing
    assert ed.editor.toPlainText() == "A fire." + long_text  # the typing is kept
    assert ed.issues.isVisible() and "the disk is full" in ed.issues.text() and "not saved" in ed.issues.text()

    conn.execute("PRAGMA max_page_count = 1073741823")  # room again: leaving the field saves it
    ed.flush()
    assert session.catalog.item(a).fields["caption"] == "A fire." + long_text
    assert session.undo_stack.count() == 1 and "not saved" not in ed.issues.text()


def test_typing_a_background_save_could_not_store_stays_to_save_again(session, inspector, qtbot, monkeypatch) -> None:
    """Another program held the catalog longer than a background save waits: the field kept
    what was typed, then the views' re-read put the old value back, and the typing was gone."""
    import sqlite3  # noqa: PLC0415

    import app.catalog  # noqa: PLC0415
    import ui.session  # noqa: PLC0415

    monkeypatch.setattr(app.catalog, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(ui.session, "SAVE_PATIENCE_S", 0.5)
    (a,) = add_caption_items(session, {"headline": "Fire"})
    session.set_current([a])
    session.catalog.close()  # connections opened from here wait 0.2 s a try
    other = sqlite3.connect(str(session.catalog.path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    failed: list[str] = []
    session.edit_failed.connect(failed.append)
    ed = inspector.editors["headline"]
    try:
        type_into(qtbot, ed.editor, " in Lyon")
        ed.flush()
        qtbot.waitUntil(lambda: bool(failed), timeout=10000)
        qtbot.waitUntil(lambda: not session.is_saving(), timeout=10000)
        qtbot.wait(50)  # the views re-read the item
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failed == ["Edit Headline: the catalog is busy: another program held it for 1 s; nothing was saved"]
    assert ed.editor.text() == "Fire in Lyon"  # the typing is kept
    assert "not saved" in ed.issues.text()
    ed.flush()  # leaving the field, now that the other program is done, saves it
    qtbot.waitUntil(lambda: session.catalog.item(a).fields.get("headline") == "Fire in Lyon", timeout=10000)


def test_the_colour_label_chips_are_one_tab_stop_and_the_arrows_go_along(session, inspector, qtbot) -> None:
    """Walk 7, keyboard only: from the label chips to the first field took ten Tabs, one per chip."""
    from PySide6.QtCore import Qt as _Qt
    from PySide6.QtTest import QTest

    (a,) = add_caption_items(session, {"headline": "Fire", "color_label": "Winner"})
    session.set_current([a])
    chips = inspector.marks.buttons
    tab_stops = [n for n, b in enumerate(chips) if b.focusPolicy() & _Qt.FocusPolicy.TabFocus]
    assert tab_stops == [1]  # the chip checked (Winner)
    chips[1].setFocus()
    QTest.keyClick(chips[1], _Qt.Key.Key_Right)
    assert chips[2].hasFocus()
    QTest.keyClick(chips[2], _Qt.Key.Key_Space)  # picks it, as a click does
    assert session.catalog.item(a).fields["color_label"] == "Winner alt"
    assert [n for n, b in enumerate(chips) if b.focusPolicy() & _Qt.FocusPolicy.TabFocus] == [2]
    inspector.marks.focusNextChild()  # Tab leaves the chips at once
    assert not any(b.hasFocus() for b in chips)


def test_the_header_never_breaks_a_line_inside_the_size_or_the_time_taken(session, inspector, tmp_path) -> None:
    """The eleventh walk: in a 360-pixel inspector the header wrapped as "… · JPEG · taken" over
    "2021-05-25 22:14:33". The size and "taken DATE TIME" each wrap as one piece."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    path = tmp_path / "cl-000015.jpg"
    make_photo(path, fields={"caption": "Police stand guard in Athens. REUTERS/Oren Shalev-Katz"}, width=640, height=400)
    result = read_file(path)
    result.facts.capture_time = "2021-05-25T22:14:33"
    pid = session.catalog.apply_read(result, None).item_id
    session.set_current([pid])
    text = inspector.summary.text()
    assert "640&nbsp;×&nbsp;400" in text and "taken&nbsp;2021-05-25&nbsp;22:14:33" in text


def test_a_short_inspector_shrinks_the_preview_not_the_name_line(session, inspector, qtbot, tmp_path) -> None:
    """On a 1024 x 700 screen the inspector is about 380 px tall: the preview kept a fixed 240 px
    and the photo's name and size were drawn over it. It now gives the preview what the name
    line, the marks and the first fields leave, between 100 and 240 px."""
    from ui.inspector import PREVIEW_HEIGHT, PREVIEW_MIN_HEIGHT

    a = add_photo(session, tmp_path / "a.jpg", caption="Fans cheer in Lyon, France.", credit_line="REUTERS/Jane Doe")
    session.set_current([a])
    qtbot.waitUntil(lambda: inspector.preview_image() is not None, timeout=5000)
    assert inspector.preview.height() == PREVIEW_HEIGHT  # 900 px tall: the whole preview
    inspector.resize(420, 380)
    qtbot.waitUntil(lambda: inspector.preview.height() < PREVIEW_HEIGHT, timeout=2000)
    assert inspector.preview.height() >= PREVIEW_MIN_HEIGHT
    assert inspector.preview.geometry().bottom() < inspector.summary.geometry().top()  # nothing drawn over it
    assert inspector.preview.pixmap().height() <= inspector.preview.height()
    inspector.resize(420, 900)
    qtbot.waitUntil(lambda: inspector.preview.height() == PREVIEW_HEIGHT, timeout=2000)


def test_a_caption_every_copy_holds_shows_no_badge_and_copies_that_differ_say_why(session, inspector,
                                                                                   tmp_path) -> None:
    """A caption read from XMP/IIM, edited and written: the write puts it in EXIF too (as
    ExifTool's MWG module does), and MWG reads a non-blank EXIF caption first, so the badge said
    EXIF though every copy held the same caption, as if the value had moved (race38; its
    tooltip named MWG). Copies that agree show no badge; copies that differ say which one is
    shown and why, in words, each copy listed."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    path = make_photo(tmp_path / "a.jpg", fields={"caption": "Fans cheer."}, extra_exif={"Exif.Image.Make": "Canon"})
    item_id = session.catalog.apply_read(read_file(path)).item_id
    session.set_current([item_id])
    assert inspector.editors["caption"].badge.isHidden()  # XMP and IIM alike
    session.catalog.set_fields(item_id, {"caption": "Fans cheer in Lyon."})
    write_items(session.catalog, [item_id])
    session.set_current([])
    session.set_current([item_id])
    badge = inspector.editors["caption"].badge
    read = read_file(path).fields["caption"]
    assert read.source == "exif" and set(read.candidates) == {"xmp", "iim", "exif"}  # where MWG readers take it
    assert badge.isHidden() and not badge.toolTip()
    caption = inspector.editors["caption"]
    caption.set_source("exif", {"xmp": "Fans cheer.", "iim": "Fans cheer.", "exif": "Fans cheer in Lyon."})
    tip = caption.badge.toolTip()
    assert not caption.badge.isHidden() and caption.badge.text() == "EXIF"
    assert tip.startswith("The file's copies of this caption differ: shown is the EXIF copy, the one ExifTool")
    assert "MWG" not in tip and "XMP and IPTC-IIM hold" not in tip
    assert "\nXMP: Fans cheer.\nIPTC-IIM: Fans cheer.\n" in tip and tip.count("Fans cheer in Lyon.") == 1
    headline = inspector.editors["headline"]
    headline.set_source("xmp", {"xmp": "Derby", "iim": "Derby day"})  # copies that differ are each listed
    assert headline.badge.toolTip() == (
        "The file's copies of this headline differ: shown is the XMP copy, the one photo software reads"
        " first unless the file's IPTC checksum says a program changed the IPTC-IIM copy since.\n"
        "XMP: Derby\nIPTC-IIM: Derby day\nAn edit written to the file puts one value in every copy.")
    headline.set_source("iim", {"xmp": "Derby", "iim": "Derby day"})
    assert "the newer one" in headline.badge.toolTip()
