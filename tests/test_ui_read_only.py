"""The window on a catalog it may read but not change (a desk's catalog on a read-only share, a
catalog locked with ``chmod a-w``, a disk too full for SQLite's WAL files): a notice across the
window says so once; edits are off or answered with that one line; items whose stored findings
are stale show "Not checked", never a green tick they have not earned.

The catalog is locked as ``tests/test_hostile_catalog.py`` locks one: ``chmod a-w`` on the file
and its folder. ``Catalog.open`` reads the mode bits, which count even for root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from app.catalog import Catalog  # noqa: E402
from app.model import Severity  # noqa: E402
from app.templates import Template  # noqa: E402
from app.validation import check_gallery, refresh_findings  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.models import COLUMN_INDEX, UNCHECKED, StatusRole, ids_mime  # noqa: E402
from ui.sidebar import Source  # noqa: E402

WEEKDAY = ("Groundsmen inspect the waterlogged pitch in Guimaraes, Portugal, Monday, March 11, 2026, "
           "before the derby was postponed. REUTERS/Sofia Lacerda")
CLEAN = "Volunteers fill sandbags in Porto, Portugal, March 10, 2026. REUTERS/Ana Costa"


@pytest.fixture
def locked(tmp_path: Path):
    """A catalog of three caption items, two checked and stored, one (the wrong weekday) never
    checked, as a full disk or a share leaves one; then locked. Yields (catalog, ids)."""
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "catalog.sqlite"
    with Catalog.open(path) as cat:
        fields = {"headline": "Derby postponed", "source": "Reuters", "creators": ["Sofia Lacerda"],
                  "city": "Guimaraes", "country": "Portugal"}
        checked = [cat.add_caption_item({**fields, "caption": CLEAN}),
                   cat.add_caption_item({**fields, "caption": CLEAN.replace("sandbags", "bags")})]
        stale = cat.add_caption_item({**fields, "caption": WEEKDAY})
        gallery = cat.create_gallery("Storm")
        cat.add_to_gallery(gallery.id, [*checked, stale])
        refresh_findings(cat, checked)
        cat.save_template(Template("Reuters take", {"credit_line": "REUTERS", "source": "Reuters"},
                                   ["credit_line", "source"]))
        # The premise: the never-checked item has an error the catalog does not hold.
        found = check_gallery(cat, None, store=False).findings
        assert "weekday-mismatch" in {f.rule for f in found[stale]}
        assert cat.item(stale).status is None and cat.stale_item_ids() == [stale]
    path.chmod(0o444)
    folder.chmod(0o555)
    cat = Catalog.open(path, check=False)
    try:
        assert cat.read_only == "no write permission on the file"
        yield cat, [*checked, stale]
    finally:
        cat.close()
        folder.chmod(0o755)
        path.chmod(0o644)


NOTICE = ("This catalog is read-only (no write permission on the file): you can browse, check and export; "
          "edits are off")


def _no_dialog(w) -> bool:
    return not any(isinstance(c, QMessageBox) and c.isVisible() for c in w.findChildren(QMessageBox))


def test_a_read_only_catalog_says_so_once_across_the_window_and_no_task_fails(qtbot, locked, settings):
    """The lead's walk: the background "Checking" task raised CatalogReadOnly into an error
    dialog and the status bar, for what the catalog's state already explains."""
    cat, _ids = locked
    w = open_window(qtbot, cat, settings)
    qtbot.wait(300)  # the stale check (and its error, before) would have run by now
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=10000)
    assert w.read_only_bar.isVisible() and w.read_only_bar.text() == NOTICE
    assert w.last_error is None, w.last_error
    assert _no_dialog(w)
    assert not w.statusBar().currentMessage().startswith("Checking failed")


def test_an_item_never_checked_shows_what_the_rules_find_now_not_a_clean_tick(qtbot, locked, settings):
    """The lead's walk: the item with the wrong weekday, never checked, showed a green tick. Its
    check runs as on any catalog and is kept in memory (app.unstored): badge, table, counts,
    Needs attention, the filters and the findings panel all say the error; the file is untouched."""
    cat, (first, second, stale) = locked
    w = open_window(qtbot, cat, settings)
    qtbot.waitUntil(lambda: w.model.index(w.model.row_of(stale), 0).data(StatusRole) == "error", timeout=10000)
    assert w.grid_model.index(w.grid_model.row_of(first), 0).data(StatusRole) == (cat.item(first).status or "clean")
    assert w.table_model.index(w.table_model.row_of(stale), COLUMN_INDEX["status"]).data() == "Errors"
    assert "weekday-mismatch" in {r.finding.rule for r in w.findings_panel.model.rows() if r.item_id == stale}
    qtbot.waitUntil(lambda: "1 with errors" in w.count_label.text(), timeout=10000)
    assert "1 checked now, not stored" in w.count_label.text()
    qtbot.waitUntil(lambda: w.sidebar.counts().get("attention") == 1, timeout=10000)
    w.filter_bar.status.setCurrentIndex(w.filter_bar.status.findData("error"))
    qtbot.waitUntil(lambda: w.model.ids() == [stale], timeout=10000)
    clean = [i for i in (first, second) if cat.item(i).status in (None, "info")]
    assert stale in cat.item_ids(status="clean")  # what its stored status alone says
    w.filter_bar.status.setCurrentIndex(w.filter_bar.status.findData("clean"))
    qtbot.waitUntil(lambda: w.model.ids() == clean, timeout=10000)
    w.filter_bar.clear()
    qtbot.waitUntil(lambda: w.model.row_of(stale) is not None, timeout=10000)
    w.select_ids([stale])
    qtbot.waitUntil(lambda: w.inspector.finding_counts().get(Severity.ERROR, 0) >= 1, timeout=10000)
    # Nothing reached the file.
    assert cat.stale_item_ids() == [stale] and cat.item(stale).status is None
    assert cat.findings([stale]) == {stale: []}
    assert w.last_error is None and _no_dialog(w)


def test_items_not_checked_yet_show_a_grey_not_checked(qtbot, locked, settings):
    """Until the background check reaches it (a big library is checked a chunk at a time), a
    stale item of a read-only catalog is "Not checked", not its stored status."""
    from ui.models import ItemTableModel  # noqa: PLC0415

    cat, (first, _second, stale) = locked
    model = ItemTableModel(cat)
    model.set_ids([first, stale])
    model.unchecked = frozenset(cat.stale_item_ids())
    assert model.index(1, 0).data(StatusRole) == UNCHECKED
    assert model.index(1, COLUMN_INDEX["status"]).data() == "Not checked"
    assert model.index(0, 0).data(StatusRole) == (cat.item(first).status or "clean")


def test_every_edit_is_off_or_refused_in_one_line(qtbot, locked, settings):
    cat, (first, second, stale) = locked
    w = open_window(qtbot, cat, settings)
    w.select_ids([stale])
    caption = w.inspector.editors["caption"]
    qtbot.waitUntil(lambda: caption.text() == WEEKDAY, timeout=10000)
    assert caption.editor.isReadOnly() and w.inspector.locked_note.isVisible()
    caption.editor.setFocus()
    qtbot.keyClicks(caption.editor, "Tuesday ")
    assert caption.text() == WEEKDAY  # nothing typed that would silently not be kept
    assert not w.inspector.marks.isEnabled()
    # Whatever reaches the session anyway (a template, a fix) is refused before the undo stack.
    session = w.session
    assert session.edit_fields({stale: {"caption": "Changed."}}, "Edit Caption") is False
    assert session.edit_error == NOTICE and session.undo_stack.count() == 0
    assert cat.item(stale).fields["caption"] == WEEKDAY
    # The keys on the photos answer with the notice's line.
    for act in (w.act_tag, w.label_actions[2], w.rating_actions[3]):
        w.statusBar().clearMessage()
        act.trigger()
        assert w.statusBar().currentMessage() == NOTICE
    assert cat.item(stale).fields.get("tagged") in (None, "", False)
    # Menus: what would change the catalog is off.
    for act in (w.act_import, w.act_import_folder, w.act_write, w.act_write_pending, w.act_reconcile,
                w.act_new_gallery):
        assert not act.isEnabled(), act.text()
    assert w.act_export.isEnabled() and w.act_loupe.isEnabled()
    w.statusBar().clearMessage()
    w.import_paths([str(cat.path.parent)])  # a drop of files
    assert w.statusBar().currentMessage() == NOTICE and not w.importer.running
    # Findings: listed, no fix offered for applying.
    panel = w.findings_panel
    rows = [r for r, fr in enumerate(panel.model.rows()) if fr.finding.fix is not None]
    if rows:
        panel.select_row(rows[0])
    assert not panel.fix_button.isEnabled() and not panel.everywhere_button.isEnabled()
    assert not panel.photo_button.isEnabled()
    assert w.last_error is None and _no_dialog(w)


def test_settings_of_a_read_only_catalog_are_viewed_not_changed(qtbot, locked, settings):
    """Settings were off on a read-only catalog, so its rules and house style could not even be
    seen. They open, show every value, take no change, and one line says why."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton  # noqa: PLC0415

    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    cat, _ids = locked
    w = open_window(qtbot, cat, settings)
    assert w.act_settings.isEnabled()
    w.act_settings.trigger()
    dlg = w.open_dialog
    assert isinstance(dlg, SettingsDialog) and dlg.isVisible()
    line = dlg.read_only_line
    assert line.isVisible() and "\n" not in line.text()
    assert line.text() == ("Settings can be viewed, not changed: this catalog is read-only "
                           "(no write permission on the file).")
    # Viewed: the values are the catalog's, the rules list scrolls.
    assert dlg.house_style.currentText() == (w.session.settings.house_style or "agency-native")
    assert dlg.rules.isEnabled() and dlg.rules.rowCount() > 10
    # Not changed: nothing takes an edit.
    assert not dlg.house_style.isEnabled() and not dlg.fixed_date.isEnabled()
    assert all(not box.isEnabled() for box in dlg._severity_boxes.values())
    assert all(not item.flags() & Qt.ItemFlag.ItemIsUserCheckable for item in dlg._rule_items.values())
    assert not dlg.agencies.add_button.isEnabled() and not dlg.agencies.remove_button.isEnabled()
    assert all(e.isReadOnly() for page in (dlg.typing, dlg.signer) for e in page.findChildren(QLineEdit))
    assert not any(b.isEnabled() for page in (dlg.typing, dlg.signer) for b in page.findChildren(QPushButton))
    box = dlg.findChild(QDialogButtonBox)
    assert box.standardButtons() == QDialogButtonBox.StandardButton.Close
    # Another catalog can still be opened from here: it is how the editor leaves this one.
    assert any(b.text() == "Open another catalog…" and b.isEnabled() for b in dlg.findChildren(QPushButton))
    dlg.accept()  # Return: closes, stores nothing, fails nothing
    assert not dlg.isVisible() and w.last_error is None


def test_templates_and_find_of_a_read_only_catalog_are_viewed_and_searched_not_applied(qtbot, locked, settings):
    """Templates and Find and Replace were off on a read-only catalog: its templates could not
    be seen, nor its photos searched field by field. Templates open to be viewed (nothing saved,
    deleted or applied; one line says why); Find and Replace finds and lists every match, its
    Replace off with the reason in its tooltip."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit  # noqa: PLC0415

    from ui.find_replace import FindReplaceDialog  # noqa: PLC0415
    from ui.templates import TemplatesDialog  # noqa: PLC0415

    cat, (first, second, stale) = locked
    w = open_window(qtbot, cat, settings)
    w.select_ids([first])
    assert w.act_templates.isEnabled() and w.act_replace.isEnabled()
    assert w.act_replace.toolTip() == f"Find text in chosen fields; {NOTICE}"  # why Replace is off
    w.act_templates.trigger()
    dlg = w.open_dialog
    assert isinstance(dlg, TemplatesDialog) and dlg.isVisible()
    why = "this catalog is read-only (no write permission on the file)"
    assert dlg.read_only_line.isVisible()
    assert dlg.read_only_line.text() == f"Templates can be viewed, not saved or applied: {why}."
    # Viewed: the catalog's template, its values and ticks, and what it would do to the photo.
    assert dlg.list.count() == 1 and dlg.name.text() == "Reuters take"
    assert dlg.values["credit_line"].text() == "REUTERS" and dlg.checks["credit_line"].isChecked()
    assert "First selected item" in dlg.preview.text()
    # Nothing saved, deleted or applied: the buttons are off and say why; no field takes typing.
    for button in (dlg.new_btn, dlg.save_btn, dlg.delete_btn, dlg.apply_btn):
        assert not button.isEnabled() and why in button.toolTip(), button.text()
    assert all(e.isReadOnly() for kind in (QLineEdit, QPlainTextEdit) for e in dlg.findChildren(kind))
    assert not any(c.isEnabled() for c in dlg.findChildren(QCheckBox))
    assert dlg.apply_to_selection() == 0 and dlg.save_template() is False
    assert cat.item(first).fields.get("credit_line") != "REUTERS" and len(cat.templates()) == 1
    dlg.accept()
    assert not dlg.isVisible()
    # Find and Replace: finds.
    w.act_replace.trigger()
    dlg = w.open_dialog
    assert isinstance(dlg, FindReplaceDialog) and dlg.isVisible()
    assert dlg.set_scope("library")
    dlg.find.setText("sandbags")
    dlg.run_search()
    qtbot.waitUntil(lambda: not dlg.is_searching(), timeout=10000)
    assert "1 match in 1 item" in dlg.summary.text() and "sandbags" in dlg.preview_text()
    assert "\u2192" not in dlg.preview_text()  # matches, not changes
    # Replace: off, with the reason in its tooltip.
    assert not dlg.apply_btn.isEnabled() and why in dlg.apply_btn.toolTip()
    assert not dlg.replace.isEnabled() and why in dlg.replace.toolTip()
    dlg.replace.returnPressed.emit()
    dlg.replace_all()
    qtbot.wait(200)
    assert cat.item(first).fields["caption"] == CLEAN and w.session.undo_stack.count() == 0
    assert w.last_error is None and _no_dialog(w)


def test_quitting_a_read_only_catalog_offers_no_write_and_asks_once(qtbot, tmp_path, settings):
    """A read-only catalog with edits not yet in the files asked "Write…?" at each quit; Write
    is off there (the catalog could not record it). Quitting says so once, and offers no Write."""
    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    folder = tmp_path / "share"
    folder.mkdir()
    photo = tmp_path / "IMG_0001.jpg"
    make_photo(photo, fields={"headline": "Storm", "caption": CLEAN}, width=160, height=100)
    with Catalog.open(folder / "catalog.sqlite") as cat:
        item_id = cat.apply_read(read_file(photo), None).item_id
        cat.set_fields(item_id, {"headline": "Storm, day two"})
    (folder / "catalog.sqlite").chmod(0o444)
    folder.chmod(0o555)
    cat = Catalog.open(folder / "catalog.sqlite", check=False)
    asked = []
    try:
        assert cat.read_only is not None and cat.pending_ids() == [item_id]
        for _ in range(2):
            w = open_window(qtbot, cat, settings)
            w.warn_unwritten = True
            w.confirm_unwritten = lambda n, blocked=(): asked.append((n, list(blocked))) or "quit"
            w.close()
            assert not w.isVisible()
    finally:
        cat.close()
        folder.chmod(0o755)
    why = "the catalog is read-only (no write permission on the file): a write could not be recorded"
    assert asked == [(1, [(str(photo), why)])]  # every file blocked (no Write offered), said once


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two QColors."""
    def lum(c):
        parts = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (c.redF(), c.greenF(), c.blueF())]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_notice_bar_follows_the_theme_and_reads_well(qtbot, locked, settings, theme):
    """The bar kept its cream on the dark theme: a glaring stripe matching nothing else. Each
    theme's bar is amber like the app's other "take note" marks, of the palette's lightness,
    its text at least 7:1 (WCAG AAA), measured on the rendered pixels."""
    from PySide6.QtGui import QColor  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui.app import apply_theme  # noqa: PLC0415

    cat, _ids = locked
    w = open_window(qtbot, cat, settings)
    try:
        w.set_theme(theme)
        bar = w.read_only_bar
        assert bar.isVisible()
        img = bar.grab().toImage()
        bg = QColor(img.pixel(2, 2))
        ink = max((QColor(img.pixel(x, y)) for x in range(0, img.width(), 2) for y in range(img.height())),
                  key=lambda c: _contrast(c, bg))
        window = QApplication.palette().window().color()  # the theme's, as set
        assert _contrast(ink, bg) >= 7, (theme, bg.name(), ink.name())
        assert abs(bg.lightnessF() - window.lightnessF()) < 0.3, (theme, bg.name(), window.name())
        assert 30 <= bg.hslHue() <= 55, bg.name()  # amber
    finally:
        apply_theme("light")


def test_a_gallery_of_a_read_only_catalog_is_not_reordered_or_changed(qtbot, locked, settings):
    cat, ids = locked
    w = open_window(qtbot, cat, settings)
    gallery = cat.gallery("Storm")
    w.sidebar.select_source(Source("gallery", gallery.id))
    qtbot.waitUntil(lambda: w.model.ids() == ids, timeout=10000)
    data = ids_mime(ids[:1])
    assert not w.model.canDropMimeData(data, w.model.supportedDropActions(), 2, 0, w.model.index(-1, -1))
    for act in (w.act_rename_gallery, w.act_delete_gallery, w.act_duplicate_gallery):
        assert not act.isEnabled()
    w.select_ids(ids[:1])
    w.statusBar().clearMessage()
    w.act_move_last.trigger()
    assert w.statusBar().currentMessage() == NOTICE
    w.statusBar().clearMessage()
    w.remove_from_gallery()
    assert w.statusBar().currentMessage() == NOTICE
    w.statusBar().clearMessage()
    w.sidebar.new_gallery_dialog([ids[0]])  # refused before its dialog opens
    assert w.statusBar().currentMessage() == NOTICE
    assert cat.gallery_item_ids(gallery.id) == ids and len(cat.galleries()) == 1


def test_a_writable_catalog_has_no_notice_and_its_stale_items_are_checked(qtbot, catalog, settings):
    """The other side: nothing of the above on a catalog that can be written."""
    item = catalog.add_caption_item({"caption": WEEKDAY})
    w = open_window(qtbot, catalog, settings)
    assert w.read_only_bar.isHidden()
    assert w.act_import.isEnabled() and w.act_new_gallery.isEnabled()
    qtbot.waitUntil(lambda: catalog.stale_item_ids() == [], timeout=10000)
    qtbot.waitUntil(lambda: w.model.index(w.model.row_of(item), 0).data(StatusRole) == "error", timeout=10000)
    assert os.access(catalog.path, os.W_OK)


def test_opened_again_once_writable_the_catalog_is_edited_and_checked(qtbot, locked, settings):
    """The way out the notice's tooltip gives: permission given back (or space freed), the same
    catalog opened again (File > Open Catalog) - no longer "already open" - edits are on and the
    item never checked is checked and stored."""
    cat, (_first, _second, stale) = locked
    w = open_window(qtbot, cat, settings)
    assert "give write permission" in w.read_only_bar.toolTip()
    assert not w.act_import.isEnabled()
    cat.path.parent.chmod(0o755)
    cat.path.chmod(0o644)
    assert w.switch_catalog(cat.path)
    qtbot.waitUntil(lambda: w.catalog is not cat and w.catalog.read_only is None, timeout=10000)
    try:
        assert w.read_only_bar.isHidden()
        assert w.act_import.isEnabled() and w.act_new_gallery.isEnabled() and w.act_settings.isEnabled()
        w.sidebar.select_source(Source("gallery", w.catalog.gallery("Storm").id))
        qtbot.waitUntil(lambda: w.act_rename_gallery.isEnabled(), timeout=10000)
        qtbot.waitUntil(lambda: w.catalog.stale_item_ids() == [], timeout=10000)
        qtbot.waitUntil(lambda: w.model.row_of(stale) is not None and
                        w.model.index(w.model.row_of(stale), 0).data(StatusRole) == "error", timeout=10000)
        w.select_ids([stale])
        qtbot.waitUntil(lambda: w.inspector.editors["caption"].text() == WEEKDAY, timeout=10000)
        assert not w.inspector.editors["caption"].editor.isReadOnly()
        assert w.inspector.locked_note.isHidden()
    finally:
        w.catalog.close()
