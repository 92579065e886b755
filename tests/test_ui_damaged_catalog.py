"""The app checks its catalog off the UI thread, says when it is damaged (with the way out),
refuses to switch to a damaged one and makes the day's backup in the background (issue 11 #11)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402

from app import catalog as catalog_module  # noqa: E402
from app.catalog import Catalog, backups_of  # noqa: E402
from tests.hostile import damage  # noqa: E402
from tests.uisession import open_window  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield s
    s.clear()


def _catalog(path):
    with Catalog.open(path) as cat:
        for n in range(3):
            cat.add_caption_item({"caption": f"Caption {n}. REUTERS/Ada Brin"})
    return path


def test_the_window_checks_in_the_background_and_backs_up(qtbot, tmp_path, settings):
    path = _catalog(tmp_path / "c.sqlite")
    cat = Catalog.open(path, check=False)
    try:
        w = open_window(qtbot, cat, settings)
        w.verify_catalog(cat)
        qtbot.waitUntil(lambda: not w.runner.active(), timeout=10000)
        assert len(backups_of(path)) == 1
        assert not getattr(w, "last_error", None)
        w.close()
    finally:
        cat.close()


def test_a_catalog_damaged_under_the_window_is_reported_with_the_way_out(qtbot, tmp_path, settings):
    path = _catalog(tmp_path / "c.sqlite")
    with Catalog.open(path) as cat:
        cat.backup()
    cat = Catalog.open(path, check=False)
    try:
        w = open_window(qtbot, cat, settings)
        damage(path, "header")
        w.verify_catalog(cat)
        qtbot.waitUntil(lambda: bool(getattr(w, "last_error", None)), timeout=10000)
        assert "damaged" in w.last_error and "catalog restore" in w.last_error
        w.close()
    finally:
        cat.close()


def test_switching_to_a_damaged_catalog_is_refused(qtbot, tmp_path, settings):
    good = _catalog(tmp_path / "good.sqlite")
    bad = _catalog(tmp_path / "bad.sqlite")
    damage(bad, "garbage")
    cat = Catalog.open(good)
    try:
        w = open_window(qtbot, cat, settings)
        assert w.switch_catalog(str(bad), create=False) is False
        assert "damaged" in w.last_error
        assert w.catalog is cat
        w.close()
    finally:
        cat.close()


def test_a_damaged_catalog_does_not_invite_an_import(qtbot, tmp_path, settings):
    """The eighth walk: behind the 'damaged' dialog, the empty window said 'No photos yet.
    Import photos (Ctrl+I)…', an invitation to import into the damaged file."""
    path = tmp_path / "c.sqlite"
    Catalog.open(path).close()
    cat = Catalog.open(path, check=False)
    try:
        w = open_window(qtbot, cat, settings)
        assert "Import photos" in w.empty_hint.text() and not w.empty_hint.isHidden()
        damage(path, "header")
        w.verify_catalog(cat)
        qtbot.waitUntil(lambda: bool(getattr(w, "last_error", None)), timeout=10000)
        assert w.empty_hint.text().startswith("This catalog is damaged: do not import into it.")
        w.close()
    finally:
        cat.close()


@pytest.mark.parametrize("how", ["header", "truncate"])
def test_a_catalog_found_damaged_at_start_can_be_restored_from_the_app(qtbot, tmp_path, settings, how):
    """Walk 13: a catalog overwritten while the app was closed ended the start in a box that
    said to type `creditline --catalog … catalog restore` in a terminal, then quit: an editor
    with only the app had no way back. The start now offers the newest backup; restoring it
    opens the window on it and keeps the damaged file beside it."""
    from ui.app import open_start_window

    path = _catalog(tmp_path / "c.sqlite")
    with Catalog.open(path) as cat:
        backup = cat.backup()
    damage(path, how)
    asked = []
    # Declined: nothing opens, the damaged file stays where it was, untouched.
    before = path.read_bytes()
    assert open_start_window(path, settings, ask_restore=lambda problem, b: asked.append((problem, b)) or False) is None
    assert asked and "damaged" in asked[0][0] and asked[0][1] == backup
    assert path.read_bytes() == before
    opened = open_start_window(path, settings, ask_restore=lambda _problem, _b: True)
    assert opened is not None
    cat, window, note = opened
    try:
        qtbot.addWidget(window)
        assert len(cat.item_ids()) == 3
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("c.sqlite.replaced-") and not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and kept[0].read_bytes() == before
        assert backup.name in note and kept[0].name in note
    finally:
        window.close()
        cat.close()


def test_a_damaged_catalog_without_a_backup_is_not_offered_a_restore(qtbot, tmp_path, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import open_start_window

    path = _catalog(tmp_path / "c.sqlite")
    damage(path, "header")
    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *_a: told.append(text))
    asked = []
    assert open_start_window(path, settings, ask_restore=lambda *a: asked.append(a) or True) is None
    assert not asked and "no backup" in told[0]


def test_damage_the_window_found_is_checked_first_at_the_next_start_and_its_backup_offered(qtbot, tmp_path, settings,
                                                                                           monkeypatch):
    """Pages damaged where the window never reads at start (random bytes mid-file) were found
    only by the background check, whose box said to run `catalog restore`, which refuses a
    catalog open in the window; quitting and starting again opened the window on the same
    damaged file and the same box. The box now says to start again, and the next start checks
    that catalog first, so the restore is offered there."""
    from PySide6.QtWidgets import QMessageBox

    from ui.app import open_start_window
    from ui.tasks import pools_idle

    def said(_p, _t, text, *_a):
        raise AssertionError(text)

    monkeypatch.setattr(QMessageBox, "critical", said)
    path = _catalog(tmp_path / "c.sqlite")
    with Catalog.open(path) as cat:
        backup = cat.backup()
    damage(path, "garbage")
    asked = []
    opened = open_start_window(path, settings, ask_restore=lambda p, b: asked.append(b) or True)
    assert opened is not None and not asked  # not seen at this start: the window opens
    cat, w, _note = opened
    try:
        qtbot.addWidget(w)
        w.verify_catalog(cat)
        qtbot.waitUntil(lambda: bool(getattr(w, "last_error", None)), timeout=10000)
        assert "damaged" in w.last_error and "start it again" in w.last_error
        w.close()
    finally:
        cat.close()
    # A new start is a new process: here, wait until the window's work has ended (its models'
    # too: a count still running opened a connection after the lock was seen gone, and the
    # restore below was refused for a catalog "open in another program", 1 run in 4) and its
    # connections, and the catalog's lock, went with it.
    qtbot.waitUntil(lambda: pools_idle() and (cat.close(), not catalog_module._open_elsewhere(path))[1],
                    timeout=30000)
    opened = open_start_window(path, settings, ask_restore=lambda p, b: asked.append(b) or True)
    assert opened is not None and asked == [backup]
    cat, w, note = opened
    try:
        qtbot.addWidget(w)
        assert backup.name in note and len(cat.item_ids()) == 3
        assert cat.quick_check() is None
        w.close()
    finally:
        cat.close()
    # Sound now: the start after that does not check first (nor ask) again.
    opened = open_start_window(path, settings, ask_restore=lambda p, b: asked.append(b) or True)
    assert opened is not None and asked == [backup]
    opened[1].close()
    opened[0].close()


@pytest.mark.parametrize("width", [1024, 1440])
def test_the_restore_note_is_read_whole_beside_the_start_checks(qtbot, tmp_path, settings, width):
    """Left by walk 13: the note after a restore at start went to the status bar, which it shared
    with the start's "Checking…" progress and Cancel, so its end (the kept file's name) was cut
    off at 1024 px. It is a notice across the window, wrapped, until dismissed."""
    from ui.app import open_start_window

    path = _catalog(tmp_path / "c.sqlite")
    with Catalog.open(path) as cat:
        cat.backup()
    damage(path, "header")
    cat, w, note = open_start_window(path, settings, ask_restore=lambda _p, _b: True)
    try:
        qtbot.addWidget(w)
        w.resize(width, 700)
        w.show_note(note)
        w.show()
        w.verify_catalog(cat)
        qtbot.waitExposed(w)
        bar = w.note_bar
        assert bar.isVisible() and bar.text() == note
        assert bar.wordWrap() and bar.height() >= bar.heightForWidth(bar.width())  # every line shown
        assert note not in w.statusBar().currentMessage()  # not a second, cut copy
        w.dismiss_note.click()
        assert not bar.isVisible()
        w.close()
    finally:
        cat.close()
