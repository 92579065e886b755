"""Findings panel: model contract, jump, Apply fix, Apply this fix everywhere, highlighter."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QLabel, QPlainTextEdit  # noqa: E402

from app.model import Finding, Severity  # noqa: E402
from tests.uisession import add_caption_items  # noqa: E402
from ui.findings_panel import FindingRow, FindingsModel, FindingsPanel  # noqa: E402
from ui.highlighter import FindingHighlighter  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

DOUBLED = "Crowds fill the the square in Rome, Italy, on Tuesday, May 7, 2024. (AP Photo/Jane Doe)"


@pytest.fixture
def panel(session, qtbot):
    w = FindingsPanel(session)
    qtbot.addWidget(w)
    w.resize(900, 300)
    w.show()
    return w


def doubled_rows(panel: FindingsPanel) -> list[int]:
    return [i for i, r in enumerate(panel.model.rows()) if r.finding.rule == "doubled-word"]


def test_model_passes_qtmodeltester(qapp, qtmodeltester) -> None:
    model = FindingsModel()
    qtmodeltester.check(model)
    model.set_rows([FindingRow(1, 1, Finding("doubled-word", Severity.WARNING, "caption", "doubled", 3, 10)),
                    FindingRow(2, 2, Finding("no-credit", Severity.ERROR, "credit_line", "no credit"))])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 5


def test_the_field_column_gives_a_span_only_when_there_is_one(qapp) -> None:
    model = FindingsModel()
    model.set_rows([FindingRow(1, 1, Finding("doubled-word", Severity.WARNING, "caption", "doubled", 3, 10)),
                    FindingRow(2, 2, Finding("missing-credit", Severity.ERROR, "caption", "no credit", 0, 0)),
                    FindingRow(3, 3, Finding("missing-credit", Severity.ERROR, "credit_line", "no credit"))])
    assert [model.index(r, 2).data() for r in range(3)] == ["Caption 3–10", "Caption", "Credit line"]


def test_panel_lists_findings_of_the_visible_items_in_order(session, panel) -> None:
    ids = add_caption_items(session, {"caption": DOUBLED}, {"caption": "x"}, {"caption": DOUBLED})
    session.refresh_findings(ids)
    panel.set_item_ids([ids[2], ids[0]])  # view order, item 2 first
    rows = panel.model.rows()
    assert rows and {r.item_id for r in rows} == {ids[0], ids[2]}
    assert [r.position for r in rows] == sorted(r.position for r in rows)
    assert rows[0].item_id == ids[2]
    stored = session.catalog.findings([ids[0], ids[2]])
    assert len(rows) == len(stored[ids[0]]) + len(stored[ids[2]])
    assert "warning" in panel.counts.text() or "error" in panel.counts.text()


def test_a_click_on_a_header_sorts_the_whole_list_and_the_picked_finding_stays_picked(session, panel, qtbot) -> None:
    """The sixth walk: clicking "Rule" did nothing, so a 100-photo gallery was worked item by item."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    ids = add_caption_items(session, {"caption": DOUBLED}, {"caption": "x"}, {"caption": DOUBLED})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    header = panel.view.horizontalHeader()
    before = [(r.item_id, r.finding.rule) for r in panel.model.rows()]
    picked = panel.model.rows()[-1]
    panel.view.selectRow(len(before) - 1)

    def click(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(3)  # Rule
    rules = [r.finding.rule for r in panel.model.rows()]
    assert rules == sorted(rules) and rules != [rule for _, rule in before]
    doubled = [r.item_id for r in panel.model.rows() if r.finding.rule == "doubled-word"]
    assert doubled == [ids[0], ids[2]]  # one rule's findings together, in the photos' order
    assert panel.model.row_at(panel.view.currentIndex().row()) is picked  # the selection followed its finding
    click(0)  # Severity: errors first
    ranks = [r.finding.severity.rank for r in panel.model.rows()]
    assert ranks == sorted(ranks, reverse=True)
    click(1)  # Item: the view's own order again
    assert [(r.item_id, r.finding.rule) for r in panel.model.rows()] == before


def test_double_click_emits_jump_with_the_span(session, panel, qtbot) -> None:
    (a,) = add_caption_items(session, {"caption": DOUBLED})
    session.refresh_findings([a])
    panel.set_item_ids([a])
    row = doubled_rows(panel)[0]
    index = panel.model.index(row, 4)
    with qtbot.waitSignal(panel.jump_requested) as blocker:
        panel.view.doubleClicked.emit(index)
    item_id, field, start, end = blocker.args
    assert (item_id, field) == (a, "caption") and DOUBLED[start:end] == "the the"


def test_apply_fix_changes_the_caption_and_the_list_follows(session, panel) -> None:
    (a,) = add_caption_items(session, {"caption": DOUBLED})
    session.refresh_findings([a])
    panel.set_item_ids([a])
    assert not panel.fix_button.isEnabled()
    panel.select_row(doubled_rows(panel)[0])
    assert panel.fix_button.isEnabled() and panel.everywhere_button.isEnabled()
    panel.fix_button.click()
    assert session.catalog.item(a).fields["caption"] == DOUBLED.replace("the the", "the")
    assert doubled_rows(panel) == []  # refreshed through Session.findings_changed
    session.undo_stack.undo()
    assert len(doubled_rows(panel)) == 1


def test_apply_fix_sets_the_credit_line_the_caption_calls_for(session, panel) -> None:
    """The caption credits AP and the Credit field says REUTERS: "Apply fix" on that finding
    edits the Credit field (the caption stays), in the catalog at once, and Undo restores it."""
    (a,) = add_caption_items(session, {"caption": DOUBLED.replace("the the", "the"), "credit_line": "REUTERS"})
    session.refresh_findings([a])
    panel.set_item_ids([a])
    (row,) = [i for i, r in enumerate(panel.model.rows())
              if r.finding.rule == "credit-metadata-mismatch" and r.finding.field == "credit_line"]
    panel.select_row(row)
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    stored = session.catalog.item(a).fields
    assert stored["credit_line"] == "AP" and stored["caption"] == DOUBLED.replace("the the", "the")
    assert not [r for r in panel.model.rows() if r.finding.rule == "credit-metadata-mismatch"]
    session.undo_stack.undo()
    assert session.catalog.item(a).fields["credit_line"] == "REUTERS"


def test_fixing_every_finding_of_a_caption_leaves_none_that_had_a_fix(session, panel) -> None:
    """A doubled word, a wrong weekday, a month in another style and stray spaces in one caption:
    "Apply every fix of the photo" fixes all four in one step (the whole-caption "Tidy spaces"
    used to win over the three inside it), and one Undo puts the caption back."""
    caption = "Crowds fill the the square in Rome , Italy, on Tuesday, Sep. 7, 2024.  (AP Photo/Jane Doe)"
    (a,) = add_caption_items(session, {"caption": caption})
    session.refresh_findings([a])
    panel.set_item_ids([a])
    assert {r.finding.rule for r in panel.model.rows() if r.finding.fix} == {
        "doubled-word", "weekday-mismatch", "month-style", "stray-whitespace"}
    panel.select_row(0)
    assert panel.photo_button.isEnabled()
    panel.photo_button.click()
    assert session.catalog.item(a).fields["caption"] == \
        "Crowds fill the square in Rome, Italy, on Saturday, Sept. 7, 2024. (AP Photo/Jane Doe)"
    assert not [r for r in panel.model.rows() if r.finding.fix is not None]
    assert not panel.photo_button.isEnabled()
    session.undo_stack.undo()
    assert session.catalog.item(a).fields["caption"] == caption


def test_every_fix_of_several_selected_photos_in_one_step(session, panel) -> None:
    """Several photos picked in the grid: "Apply every fix" is enabled, fixes each picked photo
    (none other) in one undo step, and says how many fixes on how many photos, and how many had
    none. It was disabled with more than one photo selected (the fifteenth walk)."""
    caption = "Crowds fill the the square in Rome , Italy, on Tuesday, Sep. 7, 2024.  (AP Photo/Jane Doe)"
    clean = "Police stand guard in Rome, Italy, on Tuesday, May 7, 2024. (AP Photo/Jane Doe)"
    a, b, c, d = add_caption_items(session, {"caption": caption}, {"caption": DOUBLED},
                                   {"caption": clean}, {"caption": DOUBLED})
    session.refresh_findings([a, b, c, d])
    panel.set_item_ids([a, b, c, d])
    offered = sum(1 for r in panel.model.rows() if r.item_id in (a, b) and r.finding.fix is not None)
    assert offered >= 5
    panel.follow([a, b, c])  # d not picked
    assert panel.photo_button.isEnabled()
    assert panel.photo_button.text() == "Apply every fix of the 3 photos"
    panel.photo_button.click()
    assert session.catalog.item(a).fields["caption"] == \
        "Crowds fill the square in Rome, Italy, on Saturday, Sept. 7, 2024. (AP Photo/Jane Doe)"
    assert "the the" not in session.catalog.item(b).fields["caption"]
    assert session.catalog.item(c).fields["caption"] == clean
    assert session.catalog.item(d).fields["caption"] == DOUBLED  # not selected: untouched
    assert session.undo_stack.count() == 1
    assert panel.status.text() == f"Applied {offered} fixes to 2 photos; 1 photo had none"
    assert not panel.photo_button.isEnabled()  # nothing left to fix on the three
    session.undo_stack.undo()
    assert session.catalog.item(a).fields["caption"] == caption
    assert session.catalog.item(b).fields["caption"] == DOUBLED
    panel.follow([a])
    assert panel.photo_button.text() == "Apply every fix of the photo"


def test_every_fix_of_many_selected_photos_is_worked_out_off_the_ui_thread(session, panel, qtbot,
                                                                           monkeypatch) -> None:
    """More photos than FIX_AT_ONCE picked: "Apply every fix" works the fixes out on the task
    runner (2,000 photos froze the window 2.5 s), saying how far it is, in the status bar (a
    visible task) and the panel. Cancel applies nothing; completed, every photo is fixed in one
    undo step, except a photo whose text changed meanwhile, which keeps what was typed."""
    import threading  # noqa: PLC0415

    import ui.session  # noqa: PLC0415
    from ui.session import FIX_AT_ONCE  # noqa: PLC0415

    n = FIX_AT_ONCE + 20
    ids = add_caption_items(session, *[{"caption": DOUBLED.replace("Jane Doe", f"Ann B{i}")} for i in range(n)])
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    panel.follow(ids)
    assert panel.photo_button.text() == f"Apply every fix of the {n} photos"

    panel.photo_button.click()
    assert panel.status.text() == f"Preparing fixes: 0 of {n} photos"
    assert [t.name for t in session.tasks.visible_tasks()] == ["Preparing fixes"]  # status bar, Cancel
    assert not panel.photo_button.isEnabled()  # one at a time
    session.tasks.cancel_all()  # the status bar's Cancel
    qtbot.waitUntil(lambda: panel._fixing is None, timeout=10000)
    assert panel.status.text() == "Cancelled: no fix applied"
    assert all("the the" in session.catalog.item(i).fields["caption"] for i in ids)
    assert session.undo_stack.count() == 0
    assert panel.photo_button.isEnabled()

    # The real fix_all, held at its first photo (the chunk is read by then) until the caption is
    # typed, so the typing comes after the read and before the result, whatever the threads do.
    reached, go, real_fix_all = threading.Event(), threading.Event(), ui.session.fix_all

    def held_fix_all(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        reached.set()
        go.wait(10)
        return real_fix_all(*args, **kwargs)

    monkeypatch.setattr(ui.session, "fix_all", held_fix_all)
    # The step saved in the background, as 2,000 photos' is: its rebuilt list keeps the note.
    monkeypatch.setattr(ui.session, "BACKGROUND_LIMIT", 10)
    panel.photo_button.click()
    assert reached.wait(10)
    typed = "Crowds fill the the square, typed while the fixes were worked out."
    session.edit_fields({ids[5]: {"caption": typed}}, "Typing")
    go.set()
    qtbot.waitUntil(lambda: panel._fixing is None and not session.is_saving(), timeout=10000)
    assert session.catalog.item(ids[5]).fields["caption"] == typed  # not overwritten with a fix
    assert not any("the the" in session.catalog.item(i).fields["caption"] for i in ids if i != ids[5])
    assert session.undo_stack.count() == 2  # the typing, then every fix as ONE step
    assert panel.status.text().startswith(f"Applied {n - 1} fixes to {n - 1} photos")
    assert panel.status.text().endswith("; 1 photo: the text changed since; nothing applied")
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not session.is_saving(), timeout=10000)
    assert all("the the" in session.catalog.item(i).fields["caption"] for i in ids)


def test_apply_fix_keeps_the_photo_it_fixed(session, panel, qtbot) -> None:
    """The fixed finding leaves the list and "Apply fix" disables: the focus it had passes to the
    list, which must not then make its first row (another photo) current and show that one."""
    ids = add_caption_items(session, {"caption": DOUBLED}, {"caption": DOUBLED.replace("Jane Doe", "A B")})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    picked: list[int] = []
    panel.select_requested.connect(picked.append)
    panel.select_row(doubled_rows(panel)[1])
    assert picked[-1] == ids[1]
    panel.fix_button.setFocus()
    panel.fix_button.click()
    panel.view.setFocus()  # as Qt does when the focused button disables
    qtbot.wait(10)
    assert picked[-1] == ids[1]
    assert panel.view.currentIndex().isValid()


def test_apply_this_fix_everywhere_fixes_the_gallery_in_one_step(session, panel, qtbot) -> None:
    ids = add_caption_items(session, *[{"caption": DOUBLED.replace("Jane Doe", n)} for n in ("A B", "C D", "E F")])
    clean = add_caption_items(session, {"caption": "Police stand guard in Rome, Italy, on Tuesday, May 7, 2024."})
    gallery = session.catalog.create_gallery("rome")
    session.catalog.add_to_gallery(gallery.id, [*ids, *clean])
    session.refresh_findings([*ids, *clean])
    session.set_current_gallery(gallery)
    panel.set_item_ids([*ids, *clean])
    assert len(doubled_rows(panel)) == 3
    panel.select_row(doubled_rows(panel)[1])
    panel.everywhere_button.click()
    panel.everywhere_dialog.apply_button.click()  # the changes listed first (test_ui_walk5)
    assert all("the the" not in session.catalog.item(i).fields["caption"] for i in ids)
    assert session.undo_stack.count() == 1
    assert doubled_rows(panel) == []
    assert "3 items" in panel.status.text()
    session.undo_stack.undo()
    assert all("the the" in session.catalog.item(i).fields["caption"] for i in ids)

    SCREENSHOTS.mkdir(exist_ok=True)
    panel.select_row(0)
    qtbot.wait(50)  # let the layout catch up, as the event loop would
    panel.grab().save(str(SCREENSHOTS / "findings_panel.png"))


def test_highlighter_maps_spans_across_blocks_and_follows_typing(qapp) -> None:
    editor = QPlainTextEdit()  # an editor's document has a layout, which is what reports changes
    doc = editor.document()
    doc.setPlainText("First line.\nSecond the the line.")
    hl = FindingHighlighter(doc)
    start = doc.toPlainText().index("the the")
    hl.set_findings([Finding("doubled-word", Severity.WARNING, "caption", "doubled", start, start + 7),
                     Finding("no-date", Severity.INFO, "caption", "whole field")])
    assert [(s, e) for s, e, _ in hl.spans()] == [(start, start + 7)]  # no span: not underlined
    block = doc.findBlockByNumber(1)
    ranges = block.layout().formats()
    assert [(r.start, r.length) for r in ranges] == [(start - block.position(), 7)]

    # Typing before the span moves it; typing inside it drops it.
    cursor = doc.find("First")
    cursor.insertText("The first")
    (s, e, _), = hl.spans()
    assert doc.toPlainText()[s:e] == "the the"
    cursor = doc.find("the the")
    cursor.setPosition(cursor.selectionStart() + 2)
    cursor.insertText("x")
    assert hl.spans() == []


def test_point_finding_marks_the_character_before(qapp) -> None:
    doc = QTextDocument()
    doc.setPlainText("No full stop")
    hl = FindingHighlighter(doc)
    hl.set_findings([Finding("x", Severity.ERROR, "caption", "m", 12, 12)])
    assert [(s, e) for s, e, _ in hl.spans()] == [(11, 12)]
    assert hl.finding_at(11) is not None and hl.finding_at(5) is None


def test_the_list_taking_the_focus_or_sorting_picks_no_photo(session, panel, qtbot) -> None:
    """The sixth walk: with no finding picked, coming back to the window (or a first click on
    a header) gave the list the focus, which made its first finding current, and that showed
    the finding's photo in the inspector. Only a finding picked (a click, the arrow keys) picks
    its photo."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    ids = add_caption_items(session, {"caption": DOUBLED}, {"caption": "x"}, {"caption": DOUBLED})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    asked: list[int] = []
    panel.select_requested.connect(asked.append)
    panel.view.clearFocus()  # the user was elsewhere (another window, a terminal)
    qtbot.waitUntil(lambda: not panel.view.hasFocus(), timeout=2000)
    panel.activateWindow()
    panel.view.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # and comes back
    qtbot.waitUntil(panel.view.hasFocus, timeout=2000)
    header = panel.view.horizontalHeader()
    for section in (3, 0):
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert asked == [] and panel.selected_row() is None
    QTest.keyClick(panel.view, Qt.Key.Key_Down)  # the arrow keys do pick
    assert asked == [panel.selected_row().item_id]


def test_a_fix_in_a_list_sorted_by_rule_picks_the_rules_next_finding(session, panel, qtbot) -> None:
    """The eighth walk, working down one rule's findings: after "Apply fix" the selection went
    to the same photo's finding of another rule, so the editor lost their place in the group."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    ids = add_caption_items(session, {"caption": DOUBLED.replace("Rome, Italy", "Rome,  Italy")},
                            {"caption": DOUBLED.replace("Jane Doe", "A B")})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(3) + header.sectionSize(3) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))  # by Rule
    picked: list[int] = []
    panel.select_requested.connect(picked.append)
    first, second = doubled_rows(panel)
    assert panel.model.row_at(first).item_id == ids[0] and second == first + 1  # one rule's group
    panel.select_row(first)
    others_of_first = [r for r in panel.model.rows() if r.item_id == ids[0] and r.finding.rule != "doubled-word"]
    assert others_of_first  # the same photo has findings of other rules the old choice went to
    panel.fix_button.click()
    row = panel.selected_row()
    assert row is not None and row.finding.rule == "doubled-word" and row.item_id == ids[1]
    assert picked[-1] == ids[1]  # its photo is shown, so the next "Apply fix" acts on it


def test_a_word_misspelt_twice_is_one_row_and_the_photo_s_other_fixes_still_apply(session, panel) -> None:
    """The same unknown word twice is one spelling finding (both places in it): one row, which
    jumps to the first place and offers no fix of its own; the doubled word's fix beside it still
    applies (the eleventh walk's two rows for one word)."""
    from app import spelling  # noqa: PLC0415

    if spelling.available() is not None:
        pytest.skip("chunspell is not installed")
    caption = DOUBLED.replace("Crowds fill", "Crowdz fill").replace("in Rome", "in Rome as crowdz cheer")
    [item_id] = add_caption_items(session, {"caption": caption})
    session.refresh_findings([item_id])
    panel.set_item_ids([item_id])
    rows = [r for r in panel.model.rows() if r.finding.rule == "spelling"]
    assert len(rows) == 1 and "(2 places)" in rows[0].finding.message
    assert len(rows[0].finding.spans) == 2 and rows[0].finding.start == 0
    panel.view.selectRow(panel.model.rows().index(rows[0]))
    assert not panel.fix_button.isEnabled()
    panel.view.selectRow(doubled_rows(panel)[0])
    assert panel.fix_button.isEnabled()
    panel.apply_fix()
    assert "the the" not in session.catalog.item(item_id).fields["caption"]
    assert [r.finding.message for r in panel.model.rows() if r.finding.rule == "spelling"] == [
        rows[0].finding.message]


def test_a_finding_in_several_places_is_underlined_at_each_also_without_live_spelling(qapp) -> None:
    """The same unknown word twice is one finding with ``spans``: only its first place was
    underlined, and none at all while the live spell check marked nothing (its dictionaries
    not loaded yet, or unavailable), as spelling findings were left to it."""
    from PySide6.QtGui import QTextCharFormat

    editor = QPlainTextEdit()
    doc = editor.document()
    doc.setPlainText("Zorblat fans cheer.\nThe Zorblat mayor and Zorblat police.")
    text = doc.toPlainText()
    places = [i for i in range(len(text)) if text.startswith("Zorblat", i)]
    spans = tuple((p, p + 7) for p in places)
    f = Finding("spelling", Severity.INFO, "caption", "\u201cZorblat\u201d is not in the dictionary (3 places)",
                spans[0][0], spans[0][1], spans=spans)
    hl = FindingHighlighter(doc)
    hl.set_spelling(lambda _t: [], QTextCharFormat())  # live spelling on, its dictionaries not loaded
    hl.set_findings([f])
    assert [(s, e) for s, e, _ in hl.spans()] == list(spans) and hl.places_of(f) == list(spans)
    underlined = []
    for n in range(doc.blockCount()):
        block = doc.findBlockByNumber(n)
        underlined += [(block.position() + r.start, block.position() + r.start + r.length)
                       for r in block.layout().formats()]
    assert underlined == list(spans)
    assert all(hl.finding_at(s + 1) is f for s, _e in spans)


def test_a_picked_finding_says_what_its_fix_will_do_before_it_is_applied(session, panel, qtbot) -> None:
    """What "Apply fix" would do was only its tooltip: from the keyboard (no mouse to hover) the
    fourteenth walk applied a fix it could not read first. The line beside the buttons says it,
    then what was applied, until another finding is picked; a finding without a fix says nothing."""
    ids = add_caption_items(session, {"caption": DOUBLED})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    panel.resize(1024, 200)
    panel.show()
    row = doubled_rows(panel)[0]
    label = panel.model.rows()[row].finding.fix.label
    panel.select_row(row)
    assert panel.status.text() == f"Fix: {label}"
    assert panel.status.isVisible() and panel.status.width() > 0
    panel.fix_button.click()
    assert panel.status.text() == f"Applied: {label}"  # the note stays after the list reloads
    without = [n for n, r in enumerate(panel.model.rows()) if r.finding.fix is None]
    if without:
        panel.select_row(without[0])
        assert panel.status.text() == ""
    # A long description is cut to the room it has, whole in the tooltip: the buttons keep theirs.
    panel.status.setText("Fix: " + "Replace the credit " * 40)
    assert panel.status.sizeHint().width() <= panel.width()
    shown = QLabel.text(panel.status)
    assert shown.endswith("…") and panel.status.toolTip().startswith("Fix: Replace the credit")


def test_the_findings_of_a_big_save_are_read_and_listed_off_the_ui_thread(session, panel, qtbot,
                                                                          monkeypatch) -> None:
    """left34: a background save of 2,000 selected photos landed, and the list read their
    findings again, built and sorted its rows on the UI thread (~0.5 s of a 0.7-1.1 s stall).
    More than READ_AT_ONCE changed items are read and listed on the task runner; the list shows
    the new findings once they land, and a small change meanwhile lands after them, in order."""
    import threading  # noqa: PLC0415

    from ui.findings_panel import READ_AT_ONCE  # noqa: PLC0415

    n = READ_AT_ONCE + 10
    ids = add_caption_items(session, *[{"caption": DOUBLED.replace("Jane Doe", f"Ann B{i}")} for i in range(n)])
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    assert len(doubled_rows(panel)) == n

    def doubled() -> list[int]:  # the photos' places in the list
        return [r.position for r in panel.model.rows() if r.finding.rule == "doubled-word"]

    read_on: list[tuple[str, int]] = []
    real = session.catalog.findings

    def findings(item_ids):  # noqa: ANN001, ANN202
        item_ids = list(item_ids)
        read_on.append((threading.current_thread().name, len(item_ids)))
        return real(item_ids)

    monkeypatch.setattr(session.catalog, "findings", findings)
    clean = {i: {"caption": DOUBLED.replace("the the", "the")} for i in ids[:-1]}
    assert session.edit_fields(clean, "Fix Captions")  # more than BACKGROUND_LIMIT: saved in the background
    qtbot.waitUntil(lambda: not session.is_saving() and panel._reading is None, timeout=20000)
    assert doubled() == [n]  # the one photo not edited keeps its finding
    main = threading.main_thread().name
    assert not [size for thread, size in read_on if thread == main and size > READ_AT_ONCE]
    assert any(thread != main and size == n - 1 for thread, size in read_on)  # read on the task runner

    # A big change, then a small one while the big one is read: both land, the small one last.
    read_on.clear()
    session.catalog.set_fields_many({i: {"caption": DOUBLED} for i in ids})
    from app import validation  # noqa: PLC0415

    validation.refresh_findings(session.catalog, ids)
    panel.reload(ids)
    assert panel._reading is not None  # read on the task runner: the list is as it was until then
    session.catalog.set_fields_many({ids[0]: {"caption": DOUBLED.replace("the the", "the")}})
    validation.refresh_findings(session.catalog, [ids[0]])
    panel.reload([ids[0]])  # queued behind the big read, not read now over it
    qtbot.waitUntil(lambda: panel._reading is None, timeout=20000)
    assert doubled() == list(range(2, n + 1))

def test_typing_that_clears_a_finding_keeps_the_photo_in_a_list_sorted_by_severity(session, panel, qtbot) -> None:
    """The sixteenth walk, findings sorted by Severity (errors first): typing a credit into a
    caption cleared its missing-credit error, and the window jumped to the next error's photo
    mid-sentence; the next keystrokes went to no field and were lost. Only the panel's own
    "Apply fix" works down the list; an edit from the inspector leaves the photo shown."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    ids = add_caption_items(session, {"caption": "Workshop showing workbench and storage"},
                            {"caption": "Players wait in the tunnel before the match."})
    session.refresh_findings(ids)
    panel.set_item_ids(ids)
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))  # by Severity
    picked: list[int] = []
    panel.select_requested.connect(picked.append)
    panel.follow([ids[0]])  # the editor clicked the first photo's tile
    assert panel.selected_row() is not None and panel.selected_row().item_id == ids[0]
    errors = [r for r in panel.model.rows() if r.finding.severity is Severity.ERROR]
    assert {r.item_id for r in errors} >= set(ids)  # both lack a credit: an error each
    # What the inspector does a moment after the editor typed the credit:
    session.edit_fields({ids[0]: {"caption": "Workshop showing workbench and storage. REUTERS/Jane Doe"}},
                        "Edit Caption", merge_key=("caption", ids[0]))
    assert not any(r.item_id == ids[0] and r.finding.rule == "missing-credit" for r in panel.model.rows())
    assert ids[1] not in picked  # the other photo was not shown
    row = panel.selected_row()
    assert row is None or row.item_id == ids[0]
