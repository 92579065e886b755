"""ui39, walk22's leftovers in the app: one word for the info severity, the View shortcuts that
go to a panel, the photos with unwritten edits named."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.model import Finding, Severity  # noqa: E402
from ui.findings_panel import FindingRow, FindingsPanel  # noqa: E402
from ui.inspector import findings_count_html  # noqa: E402


def _finding(severity: Severity, n: int) -> Finding:
    return Finding(f"rule-{n}", severity, "caption", f"message {n}", 0, 0)


def test_the_findings_panel_and_the_inspector_count_info_as_the_cli_and_the_docs_do(session, qtbot):
    """walk22: the findings panel said "82 notes" where `creditline check` said "82 info" and
    docs/rules.md calls the severity info: one word, "info" (no plural, as the CLI's summary)."""
    panel = FindingsPanel(session)
    qtbot.addWidget(panel)
    found = [_finding(Severity.ERROR, 1), _finding(Severity.INFO, 2), _finding(Severity.INFO, 3)]
    panel.model.set_rows([FindingRow(1, 1, f) for f in found])
    panel._update_counts()
    text = panel.counts.text()
    assert "1 error<" in text and "2 info<" in text and "note" not in text, text
    panel.model.set_rows([FindingRow(1, 1, found[1])])
    panel._update_counts()
    assert "1 info<" in panel.counts.text()
    summary = findings_count_html({1: found, 2: [found[1]]}, 2, "photos")
    assert "3 info<" in summary and "1 error<" in summary and "note" not in summary, summary


def _focused_in(widget) -> bool:
    from PySide6.QtWidgets import QApplication

    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def _gallery_window_on_its_first_photo(qtbot, catalog, settings, ids: list[int]):
    """The main window on a gallery of ``ids``, settled, with J pressed on the photos (the first selected)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.uisession import open_window
    from ui.sidebar import Source

    gal = catalog.create_gallery("Mariners vs Monarchs")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings, as_started=True)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: not w.runner.active() and w.model.rowCount() == len(ids), timeout=20000)
    w.activateWindow()
    w.view.setFocus()
    QTest.keyClick(w.view, Qt.Key.Key_J)
    return w


def test_ctrl_3_and_ctrl_4_go_to_their_panel_and_hide_it_only_from_inside(qtbot, catalog, settings):
    """walk22: View > Findings Panel (Ctrl+3) hid the panel the editor wanted to go to. Ctrl+3
    (and Ctrl+4, the inspector, alike) now shows the panel and moves the focus into it; pressed
    again there, it hides the panel and the focus goes back to the photos; the menu's check mark
    follows."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ids = [catalog.add_caption_item({"caption": f"A play, Saturday, Dec. 5, 2026. (AP Photo/Nick Wass {i})"})
           for i in range(3)]
    w = _gallery_window_on_its_first_photo(qtbot, catalog, settings, ids)
    assert w.selected_ids() == [ids[0]]
    for act, panel, key in ((w.act_findings, w.findings_dock, Qt.Key.Key_3), (w.act_inspector, w.inspector, Qt.Key.Key_4)):
        w.view.setFocus()
        assert panel.isVisible() and act.isChecked()
        QTest.keyClick(w.view, key, Qt.KeyboardModifier.ControlModifier)  # from the photos: go to it
        assert panel.isVisible() and act.isChecked(), act.text()
        assert _focused_in(panel), act.text()
        QTest.keyClick(w.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)  # from inside: hide it
        assert not panel.isVisible() and not act.isChecked(), act.text()
        assert _focused_in(w.view)
        QTest.keyClick(w.view, key, Qt.KeyboardModifier.ControlModifier)  # hidden: show it and go to it
        assert panel.isVisible() and act.isChecked() and _focused_in(panel), act.text()
    w.findings_dock.close()  # its own ×: the menu's check mark follows
    assert not w.act_findings.isChecked()


def test_marking_a_gallery_ready_names_the_photos_whose_edits_are_not_written(qtbot, catalog, monkeypatch):
    """walk22: the app counted the photos with unwritten edits where it warns of them (Mark as
    Ready / Published) without naming them: it names the first few by tile number and file name,
    as `check` and `export` do, so the desk knows what to write."""
    from PySide6.QtWidgets import QMessageBox

    from app.model import EmbeddedField, FileFacts, GalleryStatus, ReadResult
    from ui.sidebar import Sidebar

    def photo(path: str) -> int:
        facts = FileFacts(path=path, size=10, mtime_ns=1, content_hash=path, format="JPEG")
        fields = {"caption": EmbeddedField("caption", "A play. (AP Photo/Nick Wass)", "xmp",
                                           {"xmp": "A play. (AP Photo/Nick Wass)"})}
        return catalog.apply_read(ReadResult(facts=facts, fields=fields), None).item_id

    ids = [photo(f"/desk/{name}") for name in ("IMG_4471.JPG", "Vitória noite 37.jpg", "c.jpg", "d.jpg", "e.jpg")]
    g = catalog.create_gallery("Mariners vs Monarchs")
    catalog.add_to_gallery(g.id, ids)
    for i in (ids[1], ids[2], ids[3], ids[4]):
        catalog.set_fields(i, {"headline": "Play"})
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.No)
    bar.request_status(g.id, GalleryStatus.READY)
    assert asked and asked[0].startswith("This gallery has 4 photos with edits not yet written to their files "
                                         "(2 “Vitória noite 37.jpg”, 3 “c.jpg”, 4 “d.jpg” and 5 “e.jpg”)."), asked
    catalog.set_fields(ids[0], {"headline": "Play"})
    bar.request_status(g.id, GalleryStatus.READY)
    assert "(1 “IMG_4471.JPG”, 2 “Vitória noite 37.jpg”, 3 “c.jpg” and 2 more)." in asked[1], asked


def test_ctrl_4_moves_to_the_first_field_without_selecting_its_text(qtbot, catalog, settings):
    """ui39 under Xvfb: Ctrl+4 put the focus in the title with its whole text selected (a line
    edit selects all on a shortcut's focus), so the next key typed replaced the title."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    ids = [catalog.add_caption_item({"title": "MARINERS-GAME", "caption": "A play. (AP Photo/Nick Wass)"})]
    w = _gallery_window_on_its_first_photo(qtbot, catalog, settings, ids)
    QTest.keyClick(w.view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    field = w.focusWidget()
    assert w.inspector.isAncestorOf(field)
    assert isinstance(field, QLineEdit) and field.text() == "MARINERS-GAME"  # the title, the first field
    assert not field.hasSelectedText()
