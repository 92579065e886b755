"""Session: edits as undo steps over the real catalog, fixes, settings."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.catalog import Catalog  # noqa: E402
from app.model import Finding, Fix, Severity  # noqa: E402
from tests.uisession import add_caption_items, add_photo  # noqa: E402


def test_edit_is_one_undo_step_and_undo_redo_reach_the_catalog(session, qtbot) -> None:
    a, b = add_caption_items(session, {"caption": "One."}, {"caption": "Two.", "city": "Oslo"})
    with qtbot.waitSignal(session.items_changed) as changed, qtbot.waitSignal(session.findings_changed) as found:
        assert session.edit_fields({a: {"caption": "Uno.", "city": "Rome"}, b: {"city": "Rome"}}, "Edit")
    assert changed.args == [[a, b]] and found.args == [[a, b]]
    cat = session.catalog
    assert cat.item(a).fields["caption"] == "Uno." and cat.item(a).fields["city"] == "Rome"
    assert cat.item(b).fields["city"] == "Rome"
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Edit"
    assert cat.item(a).sources["caption"] == "edited"

    session.undo_stack.undo()
    assert cat.item(a).fields["caption"] == "One." and cat.item(a).fields["city"] == ""
    assert cat.item(b).fields["city"] == "Oslo"
    session.undo_stack.redo()
    assert cat.item(a).fields["caption"] == "Uno." and cat.item(b).fields["city"] == "Rome"


def test_edit_without_change_pushes_nothing(session) -> None:
    (a,) = add_caption_items(session, {"caption": "Same.", "creators": ["Ann Bee"]})
    assert not session.edit_fields({a: {"caption": "  Same.  ", "creators": "Ann Bee"}}, "noop")
    assert session.undo_stack.count() == 0


def test_typing_merges_by_key_and_back_to_start_leaves_no_step(session) -> None:
    (a,) = add_caption_items(session, {"headline": "Fire"})
    for text in ("Fire i", "Fire in", "Fire in Lyon"):
        session.edit_fields({a: {"headline": text}}, "Edit Headline", merge_key=("headline", (a,), 1))
    assert session.undo_stack.count() == 1
    assert session.catalog.item(a).fields["headline"] == "Fire in Lyon"
    # A new focus session is a new step.
    session.edit_fields({a: {"headline": "Fire in Lyon port"}}, "Edit Headline", merge_key=("headline", (a,), 2))
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.catalog.item(a).fields["headline"] == "Fire"

    # Typing and then deleting back to the original text is no step at all.
    session.edit_fields({a: {"headline": "Fire!"}}, "Edit Headline", merge_key=("headline", (a,), 3))
    session.edit_fields({a: {"headline": "Fire"}}, "Edit Headline", merge_key=("headline", (a,), 3))
    assert session.undo_stack.count() == 0  # the redo steps were dropped, the merged one is obsolete
    assert session.catalog.item(a).fields["headline"] == "Fire"


def test_edits_refresh_findings_of_the_edited_items(session) -> None:
    (a,) = add_caption_items(session, {"caption": "Fans cheer at the stadium in Lyon, France."})
    session.refresh_findings([a])
    assert not [f for f in session.catalog.findings([a])[a] if f.rule == "doubled-word"]
    session.edit_fields({a: {"caption": "Fans cheer at the the stadium in Lyon, France."}}, "Edit")
    doubled = [f for f in session.catalog.findings([a])[a] if f.rule == "doubled-word"]
    assert len(doubled) == 1 and doubled[0].fix is not None
    session.undo_stack.undo()
    assert not [f for f in session.catalog.findings([a])[a] if f.rule == "doubled-word"]


def test_apply_fix_changes_the_caption_as_one_step(session) -> None:
    (a,) = add_caption_items(session, {"caption": "Fans cheer at the the stadium in Lyon, France."})
    session.refresh_findings([a])
    doubled = next(f for f in session.catalog.findings([a])[a] if f.rule == "doubled-word")
    assert session.apply_fix(a, doubled)
    assert session.catalog.item(a).fields["caption"] == "Fans cheer at the stadium in Lyon, France."
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert "the the" in session.catalog.item(a).fields["caption"]


def test_stale_fix_is_refused(session) -> None:
    (a,) = add_caption_items(session, {"caption": "Short."})
    stale = Finding("doubled-word", Severity.WARNING, "caption", "doubled word",
                    40, 47, Fix("Remove the repeated word", "caption", 40, 47, "the"))
    assert not session.apply_fix(a, stale)
    assert session.catalog.item(a).fields["caption"] == "Short."
    assert session.undo_stack.count() == 0


def test_apply_fix_everywhere_fixes_the_gallery_in_one_step(session) -> None:
    captions = ["Crowds fill the the square in Rome, Italy.",
                "A a boy waves at the the parade in Rome, Italy.",
                "Police stand guard in Rome, Italy."]
    ids = add_caption_items(session, *[{"caption": c} for c in captions])
    outside = add_caption_items(session, {"caption": "Rain falls on the the city of Rome, Italy."})[0]
    gallery = session.catalog.create_gallery("rome")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.refresh_findings([*ids, outside])

    changed = session.apply_fix_everywhere("doubled-word", gallery)
    assert changed == 2
    assert session.undo_stack.count() == 1
    # Named for the rule, not for the first item's fix (each item got its own).
    assert session.undo_stack.undoText() == "Fix “Doubled word” on 2 items"
    got = [session.catalog.item(i).fields["caption"] for i in ids]
    assert got[0] == "Crowds fill the square in Rome, Italy."
    assert "the the" not in got[1] and got[1].endswith("at the parade in Rome, Italy.")
    assert got[2] == captions[2]
    assert "the the" in session.catalog.item(outside).fields["caption"]  # not in the gallery
    session.undo_stack.undo()
    assert [session.catalog.item(i).fields["caption"] for i in ids] == captions


def test_selection_and_gallery_signals(session, qtbot) -> None:
    ids = add_caption_items(session, {"caption": "a"}, {"caption": "b"})
    with qtbot.waitSignal(session.current_changed) as blocker:
        session.set_current(ids)
    assert blocker.args == [ids] and session.current_ids() == ids
    with qtbot.assertNotEmitted(session.current_changed):
        session.set_current(list(ids))
    g = session.catalog.create_gallery("g")
    with qtbot.waitSignal(session.current_gallery_changed) as blocker:
        session.set_current_gallery(g)
    assert blocker.args[0].id == g.id and session.current_gallery().id == g.id


def test_settings_live_in_the_catalog_and_seed_new_catalogs(session, tmp_path) -> None:
    settings = session.settings
    assert settings.publish_date is None
    settings.house_style = "ap"
    settings.publish_date = "2024-05-02"
    settings.rules = {"doubled-word": {"enabled": False, "severity": "info"}}
    cat = session.catalog
    assert cat.get_setting("house_style") == "ap"
    assert cat.get_setting("publish_date") == "2024-05-02"
    assert cat.get_setting("rules") == {"doubled-word": {"enabled": False, "severity": "info"}}

    other = Catalog.open(tmp_path / "other.sqlite")
    try:
        session.set_catalog(other)
        assert session.undo_stack.count() == 0
        assert session.settings.house_style == "ap"  # the user's last choice, from QSettings
        assert session.settings.publish_date is None  # a publication date is per catalog
        assert session.settings.rules == {}
        assert str(other.path) in session.settings.recent_catalogs()
    finally:
        session.set_catalog(cat)
        other.close()


def test_settings_dialog_writes_the_catalog_settings_and_rechecks(session, qtbot) -> None:
    from PySide6.QtCore import QDate, Qt  # noqa: PLC0415

    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    (a,) = add_caption_items(session, {"caption": "Fans cheer at the the stadium in Lyon, France."})
    session.refresh_findings([a])
    session.set_current([a])
    assert any(f.rule == "doubled-word" for f in session.catalog.findings([a])[a])

    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.house_style.currentText() == "agency-native"
    assert not dlg.fixed_date.isChecked() and not dlg.publish_date.isEnabled()
    assert str(session.catalog.path) in dlg.catalog_path.text()
    assert dlg.rules.rowCount() == len(__import__("app.rules", fromlist=["RULES"]).RULES)
    dlg.house_style.setCurrentText("publisher")
    dlg.fixed_date.setChecked(True)
    dlg.publish_date.setDate(QDate(2024, 5, 7))
    dlg._rule_items["doubled-word"].setCheckState(Qt.CheckState.Unchecked)
    box = dlg._severity_boxes["missing-credit"]
    box.setCurrentIndex(box.findData("warning"))
    dlg.resize(760, 720)
    dlg.agencies.add_row("The Harbor Gazette", "Harbor Gazette")
    qtbot.wait(50)
    from tests.test_ui_inspector import SCREENSHOTS  # noqa: PLC0415

    SCREENSHOTS.mkdir(exist_ok=True)
    dlg.grab().save(str(SCREENSHOTS / "settings_dialog.png"))
    with qtbot.waitSignal(session.findings_changed):
        dlg.accept()

    cat = session.catalog
    assert cat.get_setting("house_style") == "publisher"
    assert cat.get_setting("publish_date") == "2024-05-07"
    assert cat.get_setting("rules") == {"doubled-word": {"enabled": False},
                                        "missing-credit": {"severity": "warning"}}
    found = session.catalog.findings([a])[a]
    assert not any(f.rule == "doubled-word" for f in found)  # rechecked with the rule off
    assert all(f.severity.value == "warning" for f in found if f.rule == "missing-credit")

    # Reopening shows what was stored; Cancel changes nothing.
    again = SettingsDialog(session)
    qtbot.addWidget(again)
    assert again.house_style.currentText() == "publisher" and again.fixed_date.isChecked()
    assert again._rule_items["doubled-word"].checkState() == Qt.CheckState.Unchecked
    again.fixed_date.setChecked(False)
    again.reject()
    assert cat.get_setting("publish_date") == "2024-05-07"


def test_settings_dialog_asks_the_main_window_for_another_catalog(session, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    target = str(tmp_path / "desk.sqlite")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    with qtbot.waitSignal(dlg.catalog_requested) as blocker:
        dlg._new_catalog()
    assert blocker.args == [target, True]


def test_settings_dialog_edits_the_catalogs_own_agencies(session, qtbot) -> None:
    from ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    staff = "Fans cheer in Boston, Monday, June 7, 2021. (Greg Roe/Harbor Gazette)"
    (a, b) = add_caption_items(session, {"caption": staff}, {"caption": staff.replace("Roe", "Doe")})
    session.refresh_findings([a, b])
    session.set_current([a])
    assert [f.rule for f in session.catalog.findings([a])[a]] == ["unknown-agency"]

    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.agencies.table.rowCount() == 0
    row = dlg.agencies.add_row("The Harbor Gazette", "Harbor Gazette,  HG ")
    dlg.agencies.add_row("  ", "")  # a blank row is dropped
    assert row == 0
    with qtbot.waitSignal(session.findings_changed):
        dlg.accept()
    assert session.catalog.get_setting("house_agencies") == [
        {"name": "The Harbor Gazette", "aliases": ["Harbor Gazette", "HG"]}]
    assert session.catalog.findings([a])[a] == []  # the item shown is rechecked at once
    assert session.catalog.stale_item_ids() == [b]  # the others are checked again when next needed
    assert "The Harbor Gazette" in [x.name for x in session.registry.agencies]  # completion offers it

    again = SettingsDialog(session)
    qtbot.addWidget(again)
    assert again.agencies.table.item(0, 1).text() == "Harbor Gazette, HG"
    again.agencies.table.selectRow(0)
    again.agencies._remove_selected()
    again.accept()
    assert session.catalog.get_setting("house_agencies") == []


REUTERS_NOTICE = ("A view of the damaged hospital in Gaza City, January 5, 2024. REUTERS/Jane Roe "
                  "ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.")


def test_reuters_third_party_notice_is_one_finding_and_fixed_everywhere(session) -> None:
    # issue 13, defect 1: the notice was reported twice with overlapping spans and
    # "Apply this fix everywhere" changed nothing
    ids = add_caption_items(session, {"caption": REUTERS_NOTICE}, {"caption": REUTERS_NOTICE.replace("Jane", "Ann")})
    gallery = session.catalog.create_gallery("gaza")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.refresh_findings(ids)
    directives = [f for f in session.catalog.findings(ids)[ids[0]] if f.rule == "credit-directive"]
    assert len(directives) == 1, [(f.start, f.end, f.message) for f in directives]

    changed = session.apply_fix_everywhere("credit-directive", gallery)
    assert changed == 2 and session.undo_stack.count() == 1
    for i in ids:
        caption = session.catalog.item(i).fields["caption"]
        assert "ATTENTION" not in caption and "THIRD PARTY" not in caption
        assert caption.endswith("REUTERS/Jane Roe") or caption.endswith("REUTERS/Ann Roe")
    assert not [f for f in session.catalog.findings(ids)[ids[0]] if f.rule == "credit-directive"]


def test_overlapping_fixes_of_one_field_are_merged() -> None:
    from app.fixes import apply_fixes  # noqa: PLC0415

    text = "Rain in Oslo. ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY."
    whole = Fix("Remove", "caption", 13, len(text), "")
    tail = Fix("Remove", "caption", text.index(" THIS"), len(text), "")
    assert apply_fixes(text, "caption", [whole, tail]) == "Rain in Oslo."
    assert apply_fixes(text, "caption", [tail, whole]) == "Rain in Oslo."
    left = Fix("Remove", "caption", 13, text.index(" THIS") + 5, "")
    assert apply_fixes(text, "caption", [left, tail]) == "Rain in Oslo."  # partly overlapping removals: both


def test_an_edit_in_a_web_gallery_keeps_its_web_severities(session, tmp_path) -> None:
    # The second walk: Add to Dictionary in the demo gallery (for the web) rechecked it, and 56
    # "no alt text" warnings became notes: the app's recheck ignored what the gallery is for,
    # where the import and `check --gallery` read it. Any edit did the same to its item.
    from app import validation

    cat = session.catalog
    a = add_photo(session, tmp_path / "a.jpg", caption="Storm hits Lisbon. (AP Photo/Ann Lee)")
    b = add_photo(session, tmp_path / "b.jpg", caption="Boats in Peniche. (AP Photo/Ann Lee)")
    g = cat.create_gallery("Web")
    cat.add_to_gallery(g.id, [a, b])
    cat.set_gallery_flags(g.id, web=True)
    validation.check_gallery(cat, "Web")

    def alt(item_id: int) -> str:
        [f] = [f for f in cat.findings([item_id])[item_id] if f.rule == "missing-alt-text"]
        return Severity(f.severity).value

    assert alt(a) == alt(b) == "warning"
    session.set_current_gallery(cat.gallery(g.id))
    session.set_current([a])
    session.edit_fields({a: {"caption": "Storm hits Lisbon harbour. (AP Photo/Ann Lee)"}}, "Edit caption")
    assert alt(a) == "warning"
    session.recheck_shown()
    assert alt(a) == alt(b) == "warning"


def test_a_setting_change_rechecks_a_big_gallery_in_the_background(session, monkeypatch, qtbot) -> None:
    """Past RECHECK_AT_ONCE items, the UI thread rechecks only the selected photos; the window
    is asked to check the rest (stale since the setting changed) in the background."""
    import ui.session as ui_session  # noqa: PLC0415
    from app import spelling, validation  # noqa: PLC0415

    monkeypatch.setattr(ui_session, "RECHECK_AT_ONCE", 2)
    cat = session.catalog
    ids = add_caption_items(session, *({"caption": f"Zorblat {n} in Lisbon, Portugal, March 3, 2026. "
                                                   "(AP Photo/Ann Lee)"} for n in range(4)))
    g = cat.create_gallery("Big")
    cat.add_to_gallery(g.id, ids)
    validation.check_gallery(cat, "Big")
    assert all(any(f.rule == "spelling" for f in cat.findings([i])[i]) for i in ids)
    session.set_current_gallery(cat.gallery(g.id))
    session.set_current([ids[1]])
    spelling.add_house_word(cat, "Zorblat")  # a validation setting: every finding goes stale
    with qtbot.waitSignal(session.recheck_wanted, timeout=2000):
        session.recheck_shown()
    spelled = {i: any(f.rule == "spelling" for f in cat.findings([i])[i]) for i in ids}
    assert spelled == {ids[0]: True, ids[1]: False, ids[2]: True, ids[3]: True}  # only the selected one now
    assert set(cat.stale_item_ids()) >= {ids[0], ids[2], ids[3]}  # the rest waits for the background check


def test_an_edit_while_another_program_holds_the_catalog_never_freezes_the_window(session, qtbot) -> None:
    """The seventh walk: another process held the catalog locked, and a headline typed in the
    inspector froze the window for the 10 s of SQLite's busy wait. The UI thread now waits a
    moment only; the edit then goes to a background save, which lands once the lock is gone."""
    import sqlite3  # noqa: PLC0415
    import threading  # noqa: PLC0415

    (item,) = add_caption_items(session, {"caption": "Flood waters rise in Porto. REUTERS/Ana Lima"})
    other = sqlite3.connect(str(session.catalog.path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")  # another program writing
    released = threading.Event()

    def release() -> None:
        other.execute("ROLLBACK")
        released.set()

    guard = threading.Timer(4.0, release)  # the old code waits for this; the new never does
    guard.start()
    try:
        assert session.edit_fields({item: {"headline": "Porto under water"}}, "Edit Headline")
        held_when_returned = not released.is_set()
    finally:
        guard.join()
    other.close()
    assert held_when_returned
    qtbot.waitUntil(lambda: not session.is_saving(), timeout=20000)
    assert session.catalog.item(item).fields["headline"] == "Porto under water"
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not session.is_saving(), timeout=20000)
    assert not session.catalog.item(item).fields.get("headline")


def test_a_save_that_waits_out_another_program_says_so_and_lands(session, qtbot, monkeypatch) -> None:
    """A background save finding the catalog held waits for it (SQLite's busy wait, tried again)
    and says what it waits for; it lands once the other program lets go."""
    import sqlite3  # noqa: PLC0415
    import threading  # noqa: PLC0415

    import app.catalog  # noqa: PLC0415

    monkeypatch.setattr(app.catalog, "BUSY_TIMEOUT_S", 0.3)  # each try waits this long
    (item,) = add_caption_items(session, {"caption": "Flood waters rise in Porto. REUTERS/Ana Lima"})
    session.catalog.close()  # connections opened from here on wait 0.3 s a try
    other = sqlite3.connect(str(session.catalog.path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    said: list[str] = []
    gone = threading.Event()

    def on_progress(_task, _done, _total, text) -> None:  # noqa: ANN001
        said.append(text)
        if not gone.is_set():
            gone.set()
            other.execute("ROLLBACK")  # the other program is done once the save has said it waits

    session.tasks.progress.connect(on_progress)
    assert session.edit_fields({item: {"headline": "Porto under water"}}, "Edit Headline")
    qtbot.waitUntil(lambda: not session.is_saving(), timeout=20000)
    other.close()
    assert "waiting for the catalog: another program is writing to it" in said
    assert session.catalog.item(item).fields["headline"] == "Porto under water"


def test_a_save_the_catalog_never_takes_is_not_saved_in_words(session, qtbot, monkeypatch) -> None:
    import sqlite3  # noqa: PLC0415

    import app.catalog  # noqa: PLC0415
    import ui.session  # noqa: PLC0415

    monkeypatch.setattr(app.catalog, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(ui.session, "SAVE_PATIENCE_S", 0.5)
    (item,) = add_caption_items(session, {"caption": "Flood waters rise in Porto. REUTERS/Ana Lima"})
    session.catalog.close()
    other = sqlite3.connect(str(session.catalog.path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    failed: list[str] = []
    session.edit_failed.connect(failed.append)
    try:
        assert session.edit_fields({item: {"headline": "Porto under water"}}, "Edit Headline")
        qtbot.waitUntil(lambda: not session.is_saving(), timeout=20000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failed == ["Edit Headline: the catalog is busy: another program held it for 1 s; nothing was saved"]
    assert not session.catalog.item(item).fields.get("headline")
    session.undo_stack.undo()  # the step that never landed does nothing
    qtbot.waitUntil(lambda: not session.is_saving(), timeout=20000)
    assert not session.catalog.item(item).fields.get("headline")


def test_every_fix_of_a_photo_applied_until_none_is_left_to_apply(session) -> None:
    """Removing the desk tag and the second credit leaves a blank at the caption's end, which
    the first round did not see: the caption is checked again and that is tidied too, in the
    same undo step, so no finding that offers a fix is left."""
    caption = ("Fans cheer in Lyon, France, on June 3, 2021. (Photo by Ada Brin/Getty Images) "
               "*** BESTPIX ***Credit:ADA BRIN")
    (a,) = add_caption_items(session, {"caption": caption})
    session.refresh_findings([a])
    assert {f.rule for f in session.catalog.findings([a])[a] if f.fix} == {"credit-directive", "duplicate-credit"}
    assert session.apply_all_fixes(a)
    assert session.catalog.item(a).fields["caption"] == \
        "Fans cheer in Lyon, France, on June 3, 2021. (Photo by Ada Brin/Getty Images)"
    assert not [f for f in session.catalog.findings([a])[a] if f.fix is not None]
    assert not session.apply_all_fixes(a)  # nothing left: no empty undo step
    session.undo_stack.undo()
    assert session.catalog.item(a).fields["caption"] == caption
