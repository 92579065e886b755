"""Round 5 of the newcomer's walk: what an editor tripped on, driven as the editor drove it.

Each test drives the widgets as a user does (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from tests.uisession import open_window  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _idle(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=timeout)


def _gallery_of_findings(catalog, n=12):
    """``n`` photos in a gallery, each with several findings (no credit, a doubled word, a
    weekday that does not match its date), so the findings list is longer than its view."""
    from app.validation import refresh_findings  # noqa: PLC0415

    ids = [catalog.add_caption_item({"headline": f"Flood {i}",
                                     "caption": f"Water rises in in Lisbon, Portugal, Monday, May 5, 2026, day {i}."})
           for i in range(n)]
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    refresh_findings(catalog, ids)
    return ids, gal


def test_a_click_on_a_finding_picks_that_finding_not_another_of_its_photo(qtbot, catalog, settings):
    """The walk: photo 22 shown, a click on the error of another photo further down the list
    picked a spelling note of that photo instead (the list scrolled the photo's findings to the
    top under the mouse, and the click landed on whatever row was then there)."""
    ids, gal = _gallery_of_findings(catalog)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    panel = w.findings_panel
    w.select_ids([ids[0]])
    _idle(qtbot, w)
    rows = panel.model.rows()
    per_item = sum(1 for r in rows if r.item_id == ids[0])
    assert per_item >= 2
    view = panel.view
    # The second finding of another photo, shown at the foot of the list (not at its top).
    target = next(n for n, r in enumerate(rows)
                  if r.item_id != ids[0] and rows[n - 1].item_id == r.item_id)
    view.scrollTo(panel.model.index(target, 4), view.ScrollHint.PositionAtBottom)
    assert view.visualRect(panel.model.index(target, 4)).top() > 0
    wanted = rows[target]
    rect = view.visualRect(panel.model.index(target, 4))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.selected_ids() == [wanted.item_id]
    picked = panel.selected_row()
    assert picked is not None
    assert (picked.item_id, picked.finding.rule, picked.finding.start) == \
        (wanted.item_id, wanted.finding.rule, wanted.finding.start)


def test_apply_this_fix_everywhere_shows_every_photo_it_changes_before_it_does(session, qtbot) -> None:
    """The walk: "Apply this fix everywhere" on one photo's missing credit also appended
    "(No one)" and "(Carl Seibert (Exif))" to other captions, with no preview and no word of
    it (the status line was cleared by the reload). Each photo's change is listed first; Cancel
    changes nothing; the button changes exactly what was listed, as one undo step."""
    from tests.uisession import add_caption_items  # noqa: PLC0415
    from ui.findings_panel import FindingsPanel  # noqa: PLC0415

    panel = FindingsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    doubled = "Crowds fill the the square in Rome, Italy, on Tuesday, May 7, 2024. (AP Photo/{})"
    ids = add_caption_items(session, *[{"caption": doubled.format(n)} for n in ("Ann Lee", "Bo Ray", "Cy Oz")])
    gallery = session.catalog.create_gallery("rome")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.refresh_findings(ids)
    session.set_current_gallery(gallery)
    panel.set_item_ids(ids, {i: n for n, i in enumerate(ids, start=1)})
    rows = [n for n, r in enumerate(panel.model.rows()) if r.finding.rule == "doubled-word"]
    panel.select_row(rows[0])
    before = {i: session.catalog.item(i).fields["caption"] for i in ids}

    QTest.mouseClick(panel.everywhere_button, Qt.MouseButton.LeftButton)
    dialog = panel.everywhere_dialog
    assert dialog.isVisible()
    assert {i: session.catalog.item(i).fields["caption"] for i in ids} == before  # nothing yet
    listed = dialog.changes.toPlainText().splitlines()
    assert [line.split()[0] for line in listed] == ["01", "02", "03"]
    assert all("the the" in line.split("→")[0] and "the the" not in line.split("→")[1] for line in listed)
    assert "Cy Oz" in listed[2] or "square" in listed[2]
    assert "3 photos" in dialog.summary.text() and dialog.apply_button.text() == "Fix 3 Photos"
    dialog.reject()
    assert {i: session.catalog.item(i).fields["caption"] for i in ids} == before
    assert session.undo_stack.count() == 0

    QTest.mouseClick(panel.everywhere_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.everywhere_dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all("the the" not in session.catalog.item(i).fields["caption"] for i in ids))
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert {i: session.catalog.item(i).fields["caption"] for i in ids} == before


def test_the_write_list_counts_every_photo_waiting_and_says_what_will_happen(qtbot, catalog, settings, tmp_path):
    """The walk: the status bar said 27 photos not written, Ctrl+S said "25 photos … have edits"
    and listed two more in red as "failed: HEIF files cannot be written in place" before
    anything was tried. The heading counts every photo waiting; a file that cannot be written
    says it will not be (a preview), not that it failed."""
    import os  # noqa: PLC0415

    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415
    from ui.write_dialog import WriteDialog  # noqa: PLC0415

    paths = [tmp_path / f"IMG_{n}.jpg" for n in range(3)]
    for n, p in enumerate(paths):
        make_photo(p, fields={"caption": f"Flooded street in Porto, day {n}."}, width=160, height=100)
    ids = [catalog.apply_read(read_file(p), None).item_id for p in paths]
    gal = catalog.create_gallery("Porto")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    for i in ids:
        catalog.set_fields(i, {"headline": "Porto under water"})
    make_photo(paths[1], fields={"caption": "Changed by another program."}, width=160, height=100)
    os.remove(paths[2])
    QTest.keySequence(w, "Ctrl+S")
    dlg = w.open_dialog
    assert isinstance(dlg, WriteDialog)
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.heading.text().startswith("3 photos in ")
    assert dlg.write_button.text() == "Write 1 File"
    outcomes = [dlg.tree.topLevelItem(n).text(1) for n in range(dlg.tree.topLevelItemCount())]
    assert outcomes[0] == "will be written"
    assert all(o.startswith(("will be skipped: ", "cannot be written: ")) for o in outcomes[1:]), outcomes
    assert "2 files cannot be written" in dlg.status.text()
    with qtbot.waitSignal(dlg.written, timeout=20000):
        dlg.write_button.click()
    assert dlg.status.text().startswith("Done: 1 written") and "2 others not written (in red)" in dlg.status.text()
    assert read_file(paths[0]).fields["headline"].value == "Porto under water"


def test_edits_a_filter_hides_in_the_gallery_are_not_called_elsewhere(qtbot, catalog, settings, tmp_path):
    """The walk: the gallery filtered to its errors, the status bar said "27 not written
    elsewhere" of 27 photos all in that gallery (and Ctrl+S wrote them all)."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    ids = []
    for i in range(5):
        path = tmp_path / f"IMG_{i}.jpg"
        make_photo(path, fields={"headline": f"Flood photo {i}", "caption": f"Water rises in Lisbon, day {i}."},
                   width=160, height=100)
        ids.append(catalog.apply_read(read_file(path), None).item_id)
    *ids, outside = ids
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids)
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    catalog.set_fields(ids[0], {"city": "Lisbon"})
    catalog.set_fields(ids[1], {"city": "Lisbon"})
    QTest.keyClicks(w.filter_bar.search, "day 3")  # shows only the fourth photo, not edited
    qtbot.waitUntil(lambda: w.model.ids() == [ids[3]], timeout=5000)
    w.recount()
    _idle(qtbot, w)
    assert w.pending_button.text() == "✎ 2 photos hidden by the filter not written"
    catalog.set_fields(outside, {"city": "Porto"})
    w.recount()
    _idle(qtbot, w)
    assert w.pending_button.text() == "✎ 2 photos hidden by the filter not written"
    assert "1 more elsewhere in the library" in w.pending_button.toolTip()


def test_edits_outside_the_gallery_shown_are_said_in_words(qtbot, catalog, settings, tmp_path, monkeypatch):
    """The fifteenth walk: "✎ 3 not written elsewhere" was hard to read. It says what is not
    written and where it is, and a click opens the write as before."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    ids = []
    for i in range(4):
        path = tmp_path / f"IMG_{i}.jpg"
        make_photo(path, fields={"headline": f"Flood photo {i}"}, width=160, height=100)
        ids.append(catalog.apply_read(read_file(path), None).item_id)
    gal = catalog.create_gallery("Floods")
    catalog.add_to_gallery(gal.id, ids[:1])
    w = open_window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", gal.id))
    _idle(qtbot, w)
    for item_id in ids[1:]:
        catalog.set_fields(item_id, {"city": "Lisbon"})
    w.recount()
    _idle(qtbot, w)
    assert w.pending_button.text() == "✎ 3 photos outside this gallery not written"
    catalog.set_fields(ids[2], {"city": ""})
    catalog.set_fields(ids[3], {"city": ""})
    w.recount()
    _idle(qtbot, w)
    assert w.pending_button.text() == "✎ 1 photo outside this gallery not written"
    opened: list[bool] = []
    monkeypatch.setattr(w, "write_pending", lambda: opened.append(True))
    w._pending_guard_until = 0.0
    w.pending_button.click()
    assert opened == [True]
