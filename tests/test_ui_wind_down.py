"""Switching catalogs and closing the window while work runs never block the UI thread.

The cancelled work winds down in the background ("Stopping import…" in the status bar,
Cancel and the actions that would start new work disabled); the switch, or the close,
completes when the task runner reports that it is idle.
"""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from app.catalog import Catalog  # noqa: E402
from tests.uisession import open_window as _window  # noqa: E402

WIND_DOWN_S = 0.8  # how long the slow task takes to stop once it sees the cancel


def _seed(cat, n, word):
    return [cat.add_caption_item({"headline": f"{word} {i}", "caption": f"{word} in Lisbon, day {i}."})
            for i in range(1, n + 1)]


def _other_catalog(tmp_path, n=3):
    path = tmp_path / "other" / "second.sqlite"
    path.parent.mkdir()
    with Catalog.open(path) as cat:
        ids = _seed(cat, n, "Harvest")
    return path, ids


class SlowTask:
    """Works in small steps, checking ctx.cancel; once cancelled it still needs WIND_DOWN_S
    to stop (like an import finishing the batch in progress), again in small sleeps."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.cancel_seen_at: float | None = None
        self.ended_at: float | None = None
        self.release = threading.Event()  # the test's safety net: end at once

    def __call__(self, ctx) -> str:
        self.started.set()
        try:
            while not ctx.cancel.is_set() and not self.release.is_set():
                time.sleep(0.01)
            self.cancel_seen_at = time.monotonic()
            until = self.cancel_seen_at + WIND_DOWN_S
            while time.monotonic() < until and not self.release.is_set():
                time.sleep(0.01)
            return "stopped"
        finally:
            self.ended_at = time.monotonic()


def _start_slow(w, name="Import"):
    task = SlowTask()
    w.runner.submit(task, name=name, show_progress=True)
    assert task.started.wait(5)
    return task


def test_switch_winds_down_asynchronously_and_completes_on_the_new_catalog(
        qtbot, catalog, settings, tmp_path, monkeypatch, ticker):
    ids = _seed(catalog, 2, "Flood")
    path, other_ids = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)
    slow = _start_slow(w)
    try:
        qtbot.waitUntil(lambda: w.job_label.isVisibleTo(w), timeout=3000)
        assert w.cancel_button.isEnabled()

        asked = time.monotonic()
        assert w.switch_catalog(str(path))
        returned = time.monotonic()
        assert returned - asked < WIND_DOWN_S  # the UI thread did not wait for the task to wind down

        # Stopping: the old catalog is still shown, and nothing new can start on it.
        assert w.stopping() and w.catalog is catalog and w.model.ids() == ids
        assert w.job_label.text() == "Stopping import…"
        assert not w.cancel_button.isEnabled()
        assert "Stopping import…" in w.statusBar().currentMessage()
        assert "second.sqlite" in w.statusBar().currentMessage()
        for act in (w.act_import, w.act_import_folder, w.act_write, w.act_export, w.act_settings,
                    w.act_templates, w.act_open_catalog, w.act_new_catalog):
            assert not act.isEnabled(), act.text()
        assert not w.switch_catalog(str(tmp_path / "third.sqlite"), create=True)  # one switch at a time
        assert not (tmp_path / "third.sqlite").exists()

        with qtbot.waitSignal(w.catalog_switched, timeout=10000) as switched:
            pass
        assert switched.args == [str(path.resolve())]
        assert slow.ended_at is not None
        # The event loop kept running while the task wound down.
        during = [t for t in ticker if returned <= t <= slow.ended_at]
        assert len(during) >= 5, len(during)

        # The switch completed afterwards, on the new catalog.
        assert not w.stopping()
        assert w.catalog is not catalog and w.catalog.path == path.resolve()
        assert w.session.catalog is w.catalog and w.sidebar.catalog is w.catalog
        assert w.model.ids() == other_ids
        assert w.windowTitle() == "Creditline — second.sqlite"
        assert w.statusBar().currentMessage() == f"Opened catalog {path}"
        for act in (w.act_import, w.act_import_folder, w.act_write, w.act_export, w.act_settings,
                    w.act_templates, w.act_open_catalog, w.act_new_catalog):
            assert act.isEnabled(), act.text()
        qtbot.waitUntil(lambda: not w.job_label.isVisibleTo(w), timeout=3000)
    finally:
        slow.release.set()
        w.runner.wait(5000)


def test_the_pending_edit_is_saved_in_the_old_catalog(qtbot, catalog, catalog_path, settings, tmp_path,
                                                      monkeypatch):
    ids = _seed(catalog, 2, "Flood")
    path, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)
    w.select_ids([ids[0]])
    headline = w.inspector.editors["headline"]
    qtbot.waitUntil(lambda: headline.text() == "Flood 1", timeout=3000)
    slow = _start_slow(w, "Writing metadata")
    try:
        headline.editor.end(False)
        qtbot.keyClicks(headline.editor, " rises")  # not saved yet: the save waits for a pause
        assert headline.dirty
        assert w.switch_catalog(str(path))
        assert w.stopping()
        assert catalog.item(ids[0]).fields["headline"] == "Flood 1 rises"  # flushed before cancelling
        qtbot.keyClicks(headline.editor, " again")  # typed while the write-back stops
        assert headline.dirty
        with qtbot.waitSignal(w.catalog_switched, timeout=10000):
            pass
    finally:
        slow.release.set()
        w.runner.wait(5000)
    with Catalog.open(catalog_path) as old:
        assert old.item(ids[0]).fields["headline"] == "Flood 1 rises again"


def test_close_winds_down_then_closes_and_a_second_close_joins_it(qtbot, catalog, settings, ticker):
    _seed(catalog, 2, "Flood")
    w = _window(qtbot, catalog, settings)
    slow = _start_slow(w)
    begun = []
    original = w._begin_stopping
    w._begin_stopping = lambda outcome: (begun.append(outcome), original(outcome))
    try:
        asked = time.monotonic()
        assert not w.close()  # not yet: the import is stopping
        assert time.monotonic() - asked < WIND_DOWN_S / 2
        assert w.isVisible() and w.stopping()
        assert w.job_label.text() == "Stopping import…" and not w.cancel_button.isEnabled()
        assert "The window closes when it has stopped" in w.statusBar().currentMessage()
        assert not w.act_import.isEnabled()
        qtbot.wait(100)
        assert not w.close()  # a second request joins the first
        assert begun == ["The window closes when it has stopped"]
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
        assert slow.ended_at is not None
        assert len([t for t in ticker if asked <= t <= slow.ended_at]) >= 5
        assert begun == ["The window closes when it has stopped"]
        assert settings.value("window/geometry") is not None  # the normal close ran
    finally:
        slow.release.set()
        w.runner.wait(5000)


def test_close_requested_during_a_switch_closes_without_switching(qtbot, catalog, settings, tmp_path,
                                                                  monkeypatch):
    _seed(catalog, 2, "Flood")
    path, _ = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)
    switched = []
    w.catalog_switched.connect(switched.append)
    slow = _start_slow(w)
    try:
        assert w.switch_catalog(str(path))
        assert not w.close()
        assert "The window closes when it has stopped" in w.statusBar().currentMessage()
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
    finally:
        slow.release.set()
        w.runner.wait(5000)
    assert switched == [] and w.catalog is catalog  # the window went before the switch was made
    assert catalog.count_items() == 2


def test_a_running_query_is_waited_for_briefly_and_the_switch_is_immediate(qtbot, catalog, settings,
                                                                          tmp_path):
    _seed(catalog, 2, "Flood")
    path, other_ids = _other_catalog(tmp_path)
    w = _window(qtbot, catalog, settings)
    done = []

    def query(ctx):  # non-cancellable and quick: the kind of task a short bounded wait is for
        time.sleep(0.2)
        done.append(True)
        return 0

    w.runner.submit(query, name="Counting", cancellable=False)
    assert w.switch_catalog(str(path))
    assert done and not w.stopping() and w.catalog.path == path.resolve()
    assert w.model.ids() == other_ids


def test_cancel_button_says_stopping_until_the_task_has_ended(qtbot, catalog, settings):
    _seed(catalog, 2, "Flood")
    w = _window(qtbot, catalog, settings)
    slow = _start_slow(w)
    try:
        qtbot.waitUntil(lambda: w.cancel_button.isVisibleTo(w), timeout=3000)
        w.cancel_button.click()
        assert w.job_label.text() == "Stopping import…" and not w.cancel_button.isEnabled()
        w.reload()  # other work starting meanwhile does not bring Cancel back
        w.recount()
        assert w.job_label.text() == "Stopping import…" and not w.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: not w.job_label.isVisibleTo(w), timeout=10000)
    finally:
        slow.release.set()
        w.runner.wait(5000)


# --- a task that never stops: after a while the status bar offers "Quit anyway" --------------

class StuckTask:
    """Ignores the cancel (a thread stuck in a network read); the test releases it at the end.
    With ``write_to``, it first holds a write transaction open for ``hold`` seconds, and once
    ``write_again`` is set it tries one more write."""

    def __init__(self, write_to=None, item_id=None, hold=0.0) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.write_again = threading.Event()
        self.cat, self.item_id, self.hold = write_to, item_id, hold
        self.committed_at: float | None = None
        self.second_write_at: float | None = None

    def __call__(self, ctx) -> str:
        if self.cat is not None:
            with self.cat.batch():
                self.cat.set_fields(self.item_id, {"headline": "Written by the stuck task"})
                self.started.set()
                time.sleep(self.hold)
            self.committed_at = time.monotonic()
        self.started.set()
        while not self.release.is_set():
            if self.write_again.is_set() and self.cat is not None and self.second_write_at is None:
                self.cat.set_fields(self.item_id, {"headline": "Written after the quit"})
                self.second_write_at = time.monotonic()
            time.sleep(0.01)
        return "ended"


def _stuck_window(qtbot, catalog, settings, task, stuck_after_ms=300):
    w = _window(qtbot, catalog, settings)
    w.stuck_after_ms = stuck_after_ms
    exits: list[tuple[int, float]] = []
    w.end_process = lambda code: exits.append((code, time.monotonic()))  # never os._exit in a test
    w.runner.submit(task, name="Import", show_progress=True)
    assert task.started.wait(5)
    return w, exits


def _cleanup(w, task) -> None:
    if w._exit_lock is not None:
        w._exit_lock.close()  # the empty transaction that held the write lock
    task.release.set()
    w.runner.wait(10000)


def test_a_close_that_never_finishes_offers_quit_anyway_after_the_timeout(qtbot, catalog, settings, tmp_path):
    _seed(catalog, 2, "Flood")
    task = StuckTask()
    w, exits = _stuck_window(qtbot, catalog, settings, task)
    try:
        assert not w.close()
        assert w.stopping() and not w.quit_button.isVisibleTo(w)
        qtbot.wait(100)
        assert not w.quit_button.isVisibleTo(w)  # not before the timeout
        qtbot.waitUntil(lambda: w.quit_button.isVisibleTo(w), timeout=5000)
        assert w.statusBar().currentMessage() == "Import has not stopped after 1 s."
        assert "without waiting for import to stop" in w.quit_button.toolTip()
        assert w.job_label.text() == "Stopping import…" and not w.cancel_button.isEnabled()
        w.grab().save(str(tmp_path / "stuck.png"))
        assert not exits

        qtbot.mouseClick(w.quit_button, Qt.MouseButton.LeftButton)
        assert [code for code, _ in exits] == [0]
        assert not w.isVisible()
        assert settings.value("window/geometry") is not None  # saved before the end
    finally:
        _cleanup(w, task)


def test_quit_anyway_waits_for_a_write_in_progress_and_nothing_is_written_after(qtbot, catalog, catalog_path,
                                                                               settings):
    (item_id, _) = _seed(catalog, 2, "Flood")
    task = StuckTask(write_to=catalog, item_id=item_id, hold=0.6)
    w, exits = _stuck_window(qtbot, catalog, settings, task, stuck_after_ms=0)
    try:
        assert not w.close()
        qtbot.waitUntil(lambda: w.quit_button.isVisibleTo(w), timeout=5000)
        assert task.committed_at is None  # the stuck task is inside its transaction
        w.quit_anyway()
        # The process "ended" only after that transaction committed: nothing was cut in half.
        assert task.committed_at is not None and exits and exits[0][1] >= task.committed_at
        with Catalog.open(catalog_path) as other:
            assert other.item(item_id).fields["headline"] == "Written by the stuck task"
        # Until the process is gone, the write lock is the UI thread's: the stuck task cannot write.
        task.write_again.set()
        time.sleep(0.4)
        assert task.second_write_at is None
    finally:
        _cleanup(w, task)
    assert task.second_write_at is not None  # (only because the test's process did not end)


def test_a_stuck_switch_offers_quit_anyway_and_the_next_start_opens_the_new_catalog(
        qtbot, catalog, settings, tmp_path, monkeypatch):
    from ui.main_window import LAST_CATALOG_KEY  # noqa: PLC0415

    _seed(catalog, 2, "Flood")
    path, _ = _other_catalog(tmp_path)
    task = StuckTask()
    w, exits = _stuck_window(qtbot, catalog, settings, task)
    monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)
    try:
        assert w.switch_catalog(str(path))
        pending = w._pending_switch
        qtbot.waitUntil(lambda: w.quit_button.isVisibleTo(w), timeout=5000)
        assert "has not stopped" in w.statusBar().currentMessage()
        assert "The next start opens second.sqlite." in w.quit_button.toolTip()
        assert w.catalog is catalog  # no "switch anyway": the old catalog is still in use
        w.quit_button.click()
        assert [code for code, _ in exits] == [0]
        assert settings.value(LAST_CATALOG_KEY) == str(path.resolve())
        assert not pending.catalog._all  # the new catalog, which nothing used, is closed
    finally:
        _cleanup(w, task)


def test_work_that_ends_after_all_closes_the_window_normally(qtbot, catalog, settings):
    _seed(catalog, 2, "Flood")
    task = StuckTask()
    w, exits = _stuck_window(qtbot, catalog, settings, task, stuck_after_ms=100)
    try:
        assert not w.close()
        qtbot.waitUntil(lambda: w.quit_button.isVisibleTo(w), timeout=5000)
        task.release.set()
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=10000)
        assert not exits and not w.quit_button.isVisibleTo(w)
    finally:
        _cleanup(w, task)
