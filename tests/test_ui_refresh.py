"""The window follows its catalog when another process changes it (the CLI on the same catalog,
a pipeline's script): within the poll, with no action of the editor; View > Refresh (F5) at once.

"The other process" is a second ``Catalog`` on the same file, or ``app.cli.main`` (which opens one):
each has its own connections, as ``creditline`` in a terminal would."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from app.catalog import Catalog  # noqa: E402
from app.cli import main  # noqa: E402
from app.validation import refresh_findings  # noqa: E402
from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.main_window import OUTSIDE_POLL_MS, TABLE  # noqa: E402
from ui.sidebar import Source  # noqa: E402

# The poll runs every OUTSIDE_POLL_MS; the refresh's queries run on the task runner after it.
WITHIN_POLL_MS = OUTSIDE_POLL_MS + 4000


def _seed(cat, n=6, in_gallery=4):
    ids = [cat.add_caption_item({"headline": f"Flood photo {i}",
                                 "caption": f"Water rises in Lisbon, day {i}. REUTERS/Ana Costa",
                                 "source": "Reuters", "creators": ["Ana Costa"]})
           for i in range(1, n + 1)]
    gal = cat.create_gallery("Floods")
    cat.add_to_gallery(gal.id, ids[:in_gallery])
    refresh_findings(cat, ids)
    return ids, gal


@pytest.fixture
def other(catalog):
    """The other process's catalog: its own connections to the same file."""
    cat = Catalog.open(catalog.path)
    yield cat
    cat.close()


def _row_caption(w, item_id):
    row = w.model.row_of(item_id)
    return None if row is None else w.model.item_at(row).fields.get("caption")


def test_a_caption_set_on_the_command_line_shows_in_grid_and_inspector_on_its_own(qtbot, catalog, settings):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[2]])
    caption = w.inspector.editors["caption"]
    assert caption.text().startswith("Water rises in Lisbon, day 3.")
    assert main(["--catalog", str(catalog.path), "set", f"#{ids[2]}",
                 "caption=Boats lie half sunk in Aveiro. REUTERS/Rita Lopes"]) == 0
    qtbot.waitUntil(lambda: caption.text() == "Boats lie half sunk in Aveiro. REUTERS/Rita Lopes",
                    timeout=WITHIN_POLL_MS)
    assert _row_caption(w, ids[2]) == "Boats lie half sunk in Aveiro. REUTERS/Rita Lopes"
    assert w.selected_ids() == [ids[2]]  # the photo the editor was on


def test_an_error_cleared_elsewhere_leaves_needs_attention_and_the_findings(qtbot, catalog, settings, other):
    ids, gal = _seed(catalog)
    catalog.set_fields(ids[1], {"caption": "Water rises in Lisbon, day 2."})  # no credit: an error
    refresh_findings(catalog, [ids[1]])
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: w.sidebar.counts().get("attention") == 1, timeout=10000)
    panel = w.findings_panel
    qtbot.waitUntil(lambda: any(r.item_id == ids[1] and r.finding.rule == "missing-credit"
                                for r in panel.model.rows()), timeout=10000)
    assert w.model.item_at(w.model.row_of(ids[1])).status == "error"
    w.select_ids([ids[0]])

    other.set_fields(ids[1], {"caption": "Water rises in Lisbon, day 2. REUTERS/Ana Costa"})
    refresh_findings(other, [ids[1]])  # as `creditline set` does
    qtbot.waitUntil(lambda: w.sidebar.counts().get("attention") == 0, timeout=WITHIN_POLL_MS)
    qtbot.waitUntil(lambda: not any(r.item_id == ids[1] and r.finding.rule == "missing-credit"
                                    for r in panel.model.rows()), timeout=WITHIN_POLL_MS)
    assert w.model.item_at(w.model.row_of(ids[1])).status != "error"
    assert w.source() == Source("gallery", gal.id) and w.selected_ids() == [ids[0]]


def test_a_gallery_added_elsewhere_appears_in_the_sidebar(qtbot, catalog, settings, other):
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    made = other.create_gallery("Wildfires")
    other.add_to_gallery(made.id, ids[3:6])
    qtbot.waitUntil(lambda: w.sidebar.gallery_entry(made.id) is not None, timeout=WITHIN_POLL_MS)
    assert w.sidebar.gallery_entry(made.id).text(1).startswith("3")
    assert w.source() == Source("gallery", gal.id)  # the editor stays where they were


def test_a_gallery_set_for_the_web_elsewhere_says_so_in_the_sidebar(qtbot, catalog, settings, other):
    """Its title and purpose are in the entry's tooltip; a change of them alone (no photo, name
    or status changed) left the old tooltip up."""
    ids, gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    assert "for the web" not in w.sidebar.gallery_entry(gal.id).toolTip(0)
    other.set_gallery_flags(gal.id, web=True)
    other.rename_gallery(gal.id, "Floods", title="Floods in Lisbon")
    qtbot.waitUntil(lambda: "for the web" in w.sidebar.gallery_entry(gal.id).toolTip(0), timeout=WITHIN_POLL_MS)
    assert w.sidebar.gallery_entry(gal.id).toolTip(0).startswith("Floods — Floods in Lisbon\n4 photos")
    assert w.source() == Source("gallery", gal.id)


def test_photos_imported_on_the_command_line_join_the_library_view(qtbot, catalog, settings, tmp_path):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[4]])
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(3):
        make_photo(folder / f"wire_{n}.jpg", fields={"caption": f"Smoke over the hills, photo {n}. AP Photo/Rui Serra",
                                                     "creators": ["Rui Serra"], "source": "AP"})
    assert main(["--catalog", str(catalog.path), "import", "--jobs", "1", "--no-thumbnails", str(folder)]) == 0
    qtbot.waitUntil(lambda: len(w.model.ids()) == len(ids) + 3, timeout=WITHIN_POLL_MS + 5000)
    qtbot.waitUntil(lambda: w.sidebar.counts().get("all") == len(ids) + 3, timeout=WITHIN_POLL_MS)
    assert w.selected_ids() == [ids[4]]


def test_photos_removed_elsewhere_keep_the_selection_and_the_scroll(qtbot, catalog, settings, other):
    ids = catalog.add_caption_items([{"headline": f"Flood photo {i}", "caption": f"Water rises, day {i}."}
                                     for i in range(1, 81)])
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.set_view_mode(TABLE)
    w.sidebar.select_source(Source("gallery", gal.id))
    qtbot.waitUntil(lambda: w.model.ids() == ids, timeout=10000)
    picked = ids[60]
    w.select_ids([picked])
    bar = w.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=5000)
    top_before = w.table.rowAt(0)
    top_id = w.model.id_at(top_before)

    other.remove_from_gallery(gal.id, ids[70:75])  # below the rows shown: nothing shown moves
    qtbot.waitUntil(lambda: len(w.model.ids()) == 75, timeout=WITHIN_POLL_MS)
    assert w.selected_ids() == [picked]
    assert w.model.id_at(w.table.rowAt(0)) == top_id  # the same photo at the top: the scroll stayed
    other.remove_from_gallery(gal.id, ids[:2])  # above: the rows shown move up two, the view with them
    qtbot.waitUntil(lambda: len(w.model.ids()) == 73, timeout=WITHIN_POLL_MS)
    assert w.selected_ids() == [picked]
    assert w.model.id_at(w.table.currentIndex().row()) == picked


def test_f5_shows_it_at_once(qtbot, catalog, settings, other):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w._outside_timer.stop()  # no poll: only the key
    w.select_ids([ids[0]])
    other.set_fields(ids[0], {"headline": "Rescue at dawn"})
    qtbot.wait(OUTSIDE_POLL_MS + 300)
    assert w.inspector.editors["headline"].text() == "Flood photo 1"  # nothing yet without the poll
    assert w.act_refresh.shortcut().toString() == "F5"
    QTest.keyClick(w.view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: w.inspector.editors["headline"].text() == "Rescue at dawn", timeout=5000)
    assert w.model.item_at(w.model.row_of(ids[0])).fields["headline"] == "Rescue at dawn"


def test_typing_survives_a_change_elsewhere_and_the_conflict_is_said(qtbot, catalog, settings, other):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[0]])
    ed = w.inspector.editors["caption"]
    w.inspector.focus_field("caption")
    QTest.keyClicks(ed.editor, " Evening")
    ed._timer.stop()  # still typing: every keystroke restarts the pause before the save
    typed = ed.text()
    assert typed.endswith(" Evening") and ed.dirty

    other.set_fields(ids[0], {"caption": "Water rises in Porto. REUTERS/Ana Costa"})
    w.check_outside_changes()  # the poll, now (the timer's would do the same)
    qtbot.waitUntil(lambda: ed.elsewhere.isVisible(), timeout=5000)
    assert ed.text() == typed and ed.dirty and ed.editor.hasFocus()
    assert "Water rises in Porto" in ed.elsewhere.text()
    assert "Water rises in Porto. REUTERS/Ana Costa" in ed.elsewhere.toolTip()  # whole, with what Undo does
    # two lines at most where the inspector is narrowest (its minimum is 300 px; the walk saw three)
    assert ed.elsewhere.heightForWidth(270) <= 2 * ed.elsewhere.fontMetrics().lineSpacing() + 2
    assert ed.badge.text().lower() == "edited"  # where the stored value is from now
    # Saved: the typing wins, and one undo brings the other program's caption back.
    ed.flush()
    assert catalog.item(ids[0]).fields["caption"] == typed
    w.session.undo_stack.undo()
    assert catalog.item(ids[0]).fields["caption"] == "Water rises in Porto. REUTERS/Ana Costa"
    assert ed.text() == "Water rises in Porto. REUTERS/Ana Costa"


def test_a_change_elsewhere_to_the_field_being_typed_in_after_a_save_keeps_the_caret_and_says_so(
        qtbot, catalog, settings, other):
    # The walk: typing in the caption paused long enough to be saved, the CLI set the caption, the
    # window showed the new text with the caret at its start and said nothing; the next letter
    # typed went before the first word ("XFarmers").
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[0]])
    ed = w.inspector.editors["caption"]
    w.inspector.focus_field("caption")
    ed.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(ed.editor, " Evening")
    qtbot.waitUntil(lambda: not ed.dirty, timeout=5000)  # saved after the pause; still in the field
    mine = ed.text()
    assert catalog.item(ids[0]).fields["caption"] == mine

    theirs = "Water rises in Porto. REUTERS/Ana Costa"  # shorter: the caret (at the end) is clamped
    other.set_fields(ids[0], {"caption": theirs})
    w.check_outside_changes()
    qtbot.waitUntil(lambda: ed.text() == theirs, timeout=5000)  # the stored value: nothing to save over it
    assert ed.editor.hasFocus()
    QTest.keyClicks(ed.editor, "!")
    assert ed.text() == theirs + "!"  # typing goes on where the caret was (clamped), not at the start
    assert ed.elsewhere.isVisible() and "Changed elsewhere" in ed.elsewhere.text()
    assert mine in ed.elsewhere.toolTip()  # what the field said before, whole
    assert ed.elsewhere.heightForWidth(270) <= 2 * ed.elsewhere.fontMetrics().lineSpacing() + 2


def test_the_windows_own_edits_and_checks_do_not_reload_it(qtbot, catalog, settings, monkeypatch):
    from ui.session import BACKGROUND_LIMIT  # noqa: PLC0415

    ids, gal = _seed(catalog)
    many = catalog.add_caption_items([{"headline": f"Fire photo {i}", "caption": f"Smoke rises, photo {i}."}
                                      for i in range(BACKGROUND_LIMIT + 10)])
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    w.select_ids([ids[0]])
    refreshed = []
    monkeypatch.setattr(w, "refresh_from_catalog", lambda: refreshed.append(1))
    ed = w.inspector.editors["caption"]
    w.inspector.focus_field("caption")
    QTest.keyClicks(ed.editor, " Evening")
    qtbot.waitUntil(lambda: not ed.dirty, timeout=5000)  # saved after the pause
    # An edit of many photos is saved on a worker thread: another connection, so data_version
    # moves as it would for another process (and the checks after edits write from workers too).
    version = catalog.data_version()
    w.session.edit_fields({i: {"city": "Faro"} for i in many}, "Edit City")
    qtbot.waitUntil(lambda: catalog.data_version() != version, timeout=20000)
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=20000)
    qtbot.wait(3 * OUTSIDE_POLL_MS)
    assert refreshed == []
    assert catalog.item(ids[0]).fields["caption"].endswith(" Evening")
    assert catalog.item(many[-1]).fields["city"] == "Faro"


def test_a_closed_window_polls_no_more(qtbot, catalog, settings, other, monkeypatch):
    ids, _gal = _seed(catalog)
    w = open_window(qtbot, catalog, settings)
    refreshed = []
    monkeypatch.setattr(w, "refresh_from_catalog", lambda: refreshed.append(1))
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
    other.set_fields(ids[0], {"headline": "Rescue at dawn"})  # the catalog may be closed by now
    qtbot.wait(2 * OUTSIDE_POLL_MS)
    assert refreshed == [] and not w.runner.active()
