"""ui.tasks: results, progress and errors reach the UI thread; cancel stops the work."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QThread, QTimer  # noqa: E402

from ui.tasks import TaskRunner  # noqa: E402


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.cancel_all()
    r.wait(5000)


def test_result_and_progress_arrive_in_ui_thread(qtbot, runner):
    ui_thread = QThread.currentThread()
    seen: dict = {"progress": [], "threads": set()}

    def work(ctx, n):
        seen["worker"] = threading.get_ident()
        for i in range(n):
            ctx.progress(i + 1, n, f"step {i + 1}")
        return n * 2

    def on_progress(done, total, text):
        seen["progress"].append((done, total, text))
        seen["threads"].add(QThread.currentThread() is ui_thread)

    results = []
    with qtbot.waitSignal(runner.active_changed, timeout=5000, check_params_cb=lambda: not runner.active()):
        task = runner.submit(work, 3, on_result=results.append, on_progress=on_progress)
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert results == [6]
    assert seen["progress"] == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert seen["threads"] == {True}  # every callback ran in the UI thread
    assert seen["worker"] != threading.get_ident()


def test_error_without_handler_is_reported_not_swallowed(qtbot, runner):
    def boom(ctx):
        raise ValueError("disk on fire")

    with qtbot.waitSignal(runner.error, timeout=5000) as blocker:
        runner.submit(boom, name="Import")
    name, message, tb = blocker.args
    assert name == "Import"
    assert message == "ValueError: disk on fire"
    assert "Traceback" in tb and "boom" in tb


def test_error_goes_to_handler_when_given(qtbot, runner):
    got = []
    errors_on_runner = []
    runner.error.connect(lambda *a: errors_on_runner.append(a))

    def boom(ctx):
        raise OSError("no such file")

    task = runner.submit(boom, on_error=lambda msg, tb: got.append(msg))
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert got == ["OSError: no such file"]
    assert errors_on_runner == []


def test_cancel_stops_work_and_event_loop_keeps_running(qtbot, runner):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    processed = []

    def slow(ctx):
        for i in range(1000):
            ctx.check()
            processed.append(i)
            time.sleep(0.005)
        return "completed"

    results = []
    task = runner.submit(slow, on_result=results.append)
    qtbot.waitUntil(lambda: len(processed) >= 5, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    timer.stop()
    assert task.was_cancelled
    assert results == [None]
    assert len(processed) < 1000
    assert len(ticks) >= 2  # the UI thread kept ticking while the work ran


def test_partial_results_are_posted_in_order(qtbot, runner):
    parts = []

    def batches(ctx):
        for b in range(4):
            ctx.post([b * 10 + i for i in range(3)])
        return "ok"

    task = runner.submit(batches, on_partial=parts.append)
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert parts == [[0, 1, 2], [10, 11, 12], [20, 21, 22], [30, 31, 32]]


def test_idle_is_emitted_once_the_last_task_has_reported(qtbot, runner):
    idles = []
    runner.idle.connect(lambda: idles.append(len(runner.active())))
    gate = threading.Event()
    first = runner.submit(lambda ctx: gate.wait(5))
    second = runner.submit(lambda ctx: gate.wait(5))
    assert not runner.is_idle()
    gate.set()
    qtbot.waitUntil(lambda: first.finished and second.finished, timeout=5000)
    assert idles == [0]  # once, when nothing was left
    assert runner.is_idle()


def test_stop_all_never_waits_for_cancellable_work(qtbot, runner):
    ended = threading.Event()

    def winding_down(ctx):
        while not ctx.cancelled:
            time.sleep(0.005)
        time.sleep(0.5)  # finishing the unit of work in progress
        ended.set()

    runner.submit(winding_down)
    started = time.monotonic()
    assert not runner.stop_all(query_wait_ms=5000)  # cancelled, still ending: the caller waits for idle
    assert time.monotonic() - started < 0.25
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    assert ended.is_set()
    assert runner.stop_all() is True  # nothing left


def test_stop_all_waits_briefly_and_boundedly_for_queries(qtbot, runner):
    runner.submit(lambda ctx: time.sleep(0.1), cancellable=False)
    assert runner.stop_all(query_wait_ms=3000)  # a quick query: waited for
    release = threading.Event()
    runner.submit(lambda ctx: release.wait(5), cancellable=False)
    started = time.monotonic()
    assert not runner.stop_all(query_wait_ms=200)  # a query that is not quick: not waited for longer
    assert time.monotonic() - started < 1.0
    release.set()
    qtbot.waitUntil(runner.is_idle, timeout=5000)


def test_deleting_the_runners_owner_never_waits_for_its_work(qtbot):
    """A widget that owns a runner can be deleted while its work runs: Qt's deletion of the
    runner must not wait for that work. (A pool deleted with its owner used to wait for its
    tasks in the UI thread, and a task that needed the interpreter lock from that thread
    deadlocked the app.) Work that cannot be stopped half-way still runs to its end."""
    from PySide6.QtCore import QObject
    from shiboken6 import Shiboken

    owner = QObject()
    runner = TaskRunner(owner)
    started, release, ended = threading.Event(), threading.Event(), threading.Event()

    def save(ctx):
        started.set()
        release.wait(10)  # a save: runs to its end whatever happens to the window
        ended.set()
        return "saved"

    runner.submit(save, cancellable=False, stoppable=False)
    assert started.wait(5)
    # Ends the work anyway if deleting the owner waits for it, so the old code fails, not hangs.
    guard = threading.Timer(3.0, release.set)
    guard.start()
    Shiboken.delete(owner)
    ended_before_deletion_returned = ended.is_set()
    release.set()
    guard.cancel()
    assert not ended_before_deletion_returned
    assert ended.wait(5)  # the work went on to its end after the runner was gone


def test_a_runner_gone_with_its_work_leaves_no_pool_behind(qtbot):
    from PySide6.QtCore import QObject
    from shiboken6 import Shiboken

    from ui import tasks

    before = tasks.kept_pools()
    owner = QObject()
    runner = TaskRunner(owner)
    release = threading.Event()
    runner.submit(lambda ctx: release.wait(10))
    Shiboken.delete(owner)
    assert tasks.kept_pools() == before + 1  # kept while its work runs
    release.set()
    qtbot.waitUntil(lambda: tasks.kept_pools() == before, timeout=5000)


def test_a_task_failing_on_the_catalog_is_reported_in_words(qtbot, runner):
    """The eighth walk: on a damaged catalog the status bar said 'DatabaseError: database disk
    image is malformed' (the sidebar's count task), beside the dialog that put it in words."""
    import sqlite3

    def count(ctx):
        exc = sqlite3.DatabaseError("database disk image is malformed")
        exc.sqlite_errorcode = 11  # SQLITE_CORRUPT, as SQLite sets it
        raise exc

    got: list[str] = []
    task = runner.submit(count, on_error=lambda message, _tb: got.append(message))
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert got == ["the catalog is damaged (database disk image is malformed)"]


def test_a_catalog_used_by_many_tasks_keeps_one_connection_a_thread(qtbot, tmp_path):
    """On a QThreadPool, Python forgot a pool thread's state after every task: the catalog's
    per-thread connection was lost and each task opened another that stayed open (50 tasks
    held 51 connections and ~100 file descriptors), and each left a dummy thread behind that
    made the importer give up forked workers for the rest of the process."""
    from app.catalog import Catalog

    cat = Catalog.open(tmp_path / "c.db")
    runner = TaskRunner(max_threads=1)
    threads: set[str] = set()

    def count(ctx):
        threads.add(type(threading.current_thread()).__name__)
        return cat.db.execute("select count(*) from items").fetchone()[0]

    opened_before = len(cat._all)
    for _ in range(30):
        task = runner.submit(count)
        qtbot.waitUntil(lambda t=task: t.finished, timeout=5000)
    assert len(cat._all) - opened_before <= 1  # the pool's one thread, one connection
    assert threads == {"Thread"}  # a thread Python knows, not a _DummyThread
    cat.close()


def test_the_pool_runs_higher_priority_first_and_lets_idle_threads_end(qtbot):
    from ui.tasks import _Pool

    pool = _Pool(max_threads=1, expiry=0.2)
    gate, running, order = threading.Event(), threading.Event(), []

    class Job:
        def __init__(self, name):
            self.name = name

        def run(self):
            if self.name == "blocker":
                running.set()
                gate.wait(5)
            order.append(self.name)

    pool.start(Job("blocker"))
    assert running.wait(5)  # the one thread is taken
    for name, priority in (("low", 0), ("high", 5), ("mid", 2)):
        pool.start(Job(name), priority)
    assert not pool.waitForDone(50)  # bounded: the blocker still runs
    gate.set()
    assert pool.waitForDone(5000)
    assert order == ["blocker", "high", "mid", "low"]
    deadline = time.monotonic() + 5
    while any(t.name == "creditline-task" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "creditline-task" for t in threading.enumerate())
