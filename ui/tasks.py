"""The one background-task helper of the desktop app.

Long file or database work runs on a pool of Python threads (``_Pool``); its
progress, partial results, result and errors come back to the UI thread through
one Qt signal of the runner (a queued connection: the runner lives in the UI
thread and the work emits from a pool thread), and the runner calls the task's
callbacks there.

Python threads, not a ``QThreadPool``: a Qt pool thread is foreign to Python,
which drops its thread state after every task, so ``threading.local`` forgot the
catalog's connection and each task opened a new one that was never closed (50
tasks held 51 connections, ~100 file descriptors: a long night would run out),
and ``threading.current_thread()`` there left a ``_DummyThread`` for good, which
made the importer give up forked workers for the rest of the process.
Cancellation is cooperative: the work gets a ``threading.Event`` and checks it
between units of work.

No QObject is made per task: a task is a plain handle, so no per-task object
can be deleted while a pool thread still reports through it.

A runner's pool and the relay its tasks report through belong to this module,
not to the runner: Qt deletes a runner with the widget that owns it while its
work may still run and report (a Qt pool deleted that way once waited for its
tasks in the UI thread and deadlocked the app). A runner that is deleted cancels
what it can; its relay is let go only once its last task has ended.

Errors are never swallowed: a task without an ``on_error`` handler reports
through ``TaskRunner.error`` so the main window shows it.

Winding down (a catalog switch, the window closing) never blocks the UI thread
on work that can take long: ``stop_all`` cancels everything and says whether
nothing is left running; if something is, the caller waits for ``idle``, which
the runner emits once the last task has ended and reported.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal, Slot

_PROGRESS, _PARTIAL, _RESULT, _FAILED, _DONE = range(5)


class Cancelled(Exception):
    """Raised by ``TaskContext.check()`` once the user asked to cancel."""


@dataclass
class TaskContext:
    """What the work function receives: the cancel flag and the ways to talk back."""

    cancel: threading.Event
    _post: Callable[[int, Any], None] = field(repr=False)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._post(_PROGRESS, (int(done), int(total), str(text)))

    def post(self, value: Any) -> None:
        """Send a partial result (an import batch, a loaded thumbnail) to the UI thread."""
        self._post(_PARTIAL, value)


@dataclass(eq=False)
class Task:
    """A handle on submitted work: cancel it, or ask whether it has finished."""

    id: int
    name: str
    cancellable: bool = True
    show_progress: bool = False
    # False: the status bar's Cancel cannot stop it half-way (a save runs to its end, all or
    # nothing); a switch or a close still waits for it without blocking.
    stoppable: bool = True
    cancel_event: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    was_cancelled: bool = False
    on_result: Callable[[Any], None] | None = None
    on_error: Callable[[str, str], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    on_partial: Callable[[Any], None] | None = None
    on_done: Callable[[], None] | None = None

    def cancel(self) -> None:
        self.cancel_event.set()


class _Pool:
    """A few Python worker threads running queued work by priority (the part of
    ``QThreadPool`` the runner used: ``start``, ``waitForDone``, ``setMaxThreadCount``).

    Threads start as work arrives, up to the maximum, and end after ``expiry`` seconds
    without work, so an idle app holds none. They are daemon threads: leaving the app never
    waits on them by itself; ``_wait_for_work_at_exit`` decides what is waited for.
    """

    def __init__(self, max_threads: int | None = None, expiry: float = 5.0) -> None:
        self._max = max(1, max_threads or QThread.idealThreadCount())
        self._expiry = expiry
        self._lock = threading.Condition()
        self._queue: list[tuple[int, int, Any]] = []
        self._seq = itertools.count()
        self._threads = 0
        self._idle = 0
        self._running = 0

    def setMaxThreadCount(self, n: int) -> None:  # noqa: N802 - QThreadPool's name, kept for callers
        with self._lock:
            self._max = max(1, int(n))

    def start(self, runnable: Any, priority: int = 0) -> None:
        """Queue ``runnable.run()``; higher priority runs first when every thread is busy."""
        with self._lock:
            heapq.heappush(self._queue, (-priority, next(self._seq), runnable))
            if self._idle:
                self._lock.notify()
            elif self._threads < self._max:
                self._threads += 1
                threading.Thread(target=self._work, name="creditline-task", daemon=True).start()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802
        """Wait until nothing is queued or running (``msecs`` < 0: for as long as it takes).
        The interpreter lock is let go while waiting, so the work can finish."""
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000
        with self._lock:
            while self._queue or self._running:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._lock.wait(left)
            return True

    def _work(self) -> None:
        lock = self._lock
        while True:
            with lock:
                self._idle += 1
                end = time.monotonic() + self._expiry
                while not self._queue and time.monotonic() < end:
                    lock.wait(end - time.monotonic())
                self._idle -= 1
                if not self._queue or self._threads > self._max:
                    self._threads -= 1
                    lock.notify_all()
                    return
                runnable = heapq.heappop(self._queue)[2]
                self._running += 1
            try:
                runnable.run()
            finally:
                del runnable  # its references go in this thread, now, not at the next task
                with lock:
                    self._running -= 1
                    lock.notify_all()


class _Relay(QObject):
    """A runner's pool and the one signal its tasks report through, kept until the work ends.

    Lives in the UI thread; pool threads emit ``report``, which reaches the runner (while it
    exists) and the relay's own count of unfinished tasks as queued calls.
    """

    report = Signal(int, int, object)  # task id, kind, payload

    def __init__(self, max_threads: int | None) -> None:
        super().__init__()
        self.pool = _Pool(max_threads)
        self.unfinished: dict[int, Task] = {}
        self.retired = False
        self.report.connect(self._count)

    @Slot(int, int, object)
    def _count(self, task_id: int, kind: int, payload: Any) -> None:
        if kind == _DONE:
            self.unfinished.pop(task_id, None)
            if self.retired and not self.unfinished:
                _let_go()

    @Slot()
    def retire(self) -> None:
        """The runner is gone: stop what may be stopped; let go of the pool once it is idle."""
        self.retired = True
        for task in self.unfinished.values():
            if task.stoppable:
                task.cancel()
        _let_go()


# Every relay whose runner exists or whose work has not ended. Holding them here, not in the
# runner, is what keeps Qt's deletion of a runner from deleting a pool that still runs.
_relays: set[_Relay] = set()


def _let_go() -> None:
    """Drop the relays whose runner is gone and whose tasks have all ended.

    A task's last report comes just before its thread leaves it, so the pool is waited for
    here (briefly), with the interpreter lock let go.
    """
    for relay in [r for r in _relays if r.retired and not r.unfinished]:
        if relay.pool.waitForDone(1000):
            _relays.discard(relay)
            # Qt deletes it in the UI thread. Left to Python, the last reference could go in a
            # garbage collection that runs in a pool thread, and a QObject deleted there crashes.
            relay.deleteLater()


def kept_pools() -> int:
    """How many pools are kept (for tests: a pool is let go once its runner and work are gone)."""
    return len(_relays)


def pools_idle() -> bool:
    """Whether no pool has work queued or running (for tests: a window's work, its models' too,
    has ended, so nothing more opens a catalog connection)."""
    return all(relay.pool.waitForDone(0) for relay in list(_relays))


@atexit.register
def _wait_for_work_at_exit() -> None:
    # A save still running when the interpreter ends must finish: the pool's threads are
    # daemons, which the interpreter would stop wherever they are. Work that may be stopped
    # is told to, and waited for a little.
    for relay in list(_relays):
        for task in relay.unfinished.values():
            if task.stoppable:
                task.cancel()
        saving = any(not t.stoppable for t in relay.unfinished.values())
        relay.pool.waitForDone(-1 if saving else 5000)
    _relays.clear()


def _in_words(exc: Exception) -> str:
    """The one line a task's failure is reported with: an SQLite error as a person can act on
    it (the disk is full, the catalog is damaged or held by another program), not as
    "DatabaseError: database disk image is malformed"."""
    if isinstance(exc, sqlite3.Error):
        from app.catalog import describe_error  # noqa: PLC0415

        return describe_error(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _Runnable:
    def __init__(self, relay: _Relay, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        self._relay, self._task, self._fn, self._args, self._kwargs = relay, task, fn, args, kwargs

    def run(self) -> None:
        task, post = self._task, self._post
        ctx = TaskContext(task.cancel_event, post)
        try:
            value = self._fn(ctx, *self._args, **self._kwargs)
        except Cancelled:
            task.was_cancelled = True
            post(_RESULT, None)
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never swallowed
            post(_FAILED, (_in_words(exc), traceback.format_exc()))
        else:
            task.was_cancelled = task.cancel_event.is_set()
            post(_RESULT, value)
        finally:
            post(_DONE, None)
            self._fn = self._args = self._kwargs = None  # drop references in this thread, now

    def _post(self, kind: int, payload: Any) -> None:
        # The relay outlives this task (it is let go only after the task's last report).
        self._relay.report.emit(self._task.id, kind, payload)


class TaskRunner(QObject):
    """Runs ``fn(ctx, *args, **kwargs)`` on a thread pool; callbacks run in the UI thread."""

    error = Signal(str, str, str)  # task name, message, traceback (tasks without on_error)
    active_changed = Signal()  # a task started or ended (the status bar listens)
    progress = Signal(object, int, int, str)  # task, done, total, text (tasks with show_progress)
    idle = Signal()  # the last task ended (its callbacks ran): nothing runs or waits to report

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._relay = relay = _Relay(max_threads)
        _relays.add(relay)
        self.pool = relay.pool
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)
        relay.report.connect(self._dispatch)
        self.destroyed.connect(relay.retire)

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", cancellable: bool = True,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[str, str], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               on_partial: Callable[[Any], None] | None = None,
               on_done: Callable[[], None] | None = None,
               show_progress: bool = False, priority: int = 0, stoppable: bool = True, **kwargs: Any) -> Task:
        task = Task(next(self._ids), name or getattr(fn, "__name__", "task"), cancellable, show_progress,
                    stoppable, on_result=on_result, on_error=on_error, on_progress=on_progress,
                    on_partial=on_partial, on_done=on_done)
        self._tasks[task.id] = task
        self._relay.unfinished[task.id] = task
        self.active_changed.emit()
        # Higher priority runs first when the pool is busy.
        self.pool.start(_Runnable(self._relay, task, fn, args, kwargs), priority)
        return task

    def _dispatch(self, task_id: int, kind: int, payload: Any) -> None:
        """In the UI thread: hand what a pool thread reported to the task's callbacks."""
        task = self._tasks.get(task_id)
        if task is None:
            return
        if kind == _PROGRESS:
            if task.on_progress:
                task.on_progress(*payload)
            if task.show_progress:
                self.progress.emit(task, *payload)
        elif kind == _PARTIAL:
            if task.on_partial:
                task.on_partial(payload)
        elif kind == _RESULT:
            if task.on_result:
                task.on_result(payload)
        elif kind == _FAILED:
            message, tb = payload
            if task.on_error:
                task.on_error(message, tb)
            else:
                self.error.emit(task.name, message, tb)
        elif kind == _DONE:
            task.finished = True
            del self._tasks[task_id]
            self.active_changed.emit()
            if task.on_done:
                task.on_done()
            if not self._tasks:
                self.idle.emit()

    def active(self) -> list[Task]:
        return list(self._tasks.values())

    def visible_tasks(self) -> list[Task]:
        """Tasks whose progress the status bar shows (imports, write-back)."""
        return [t for t in self._tasks.values() if t.show_progress]

    def cancel_all(self) -> None:
        for t in self._tasks.values():
            t.cancel()

    def is_idle(self) -> bool:
        """No task is running or still has something to report."""
        return not self._tasks

    def stop_all(self, query_wait_ms: int = 0) -> bool:
        """Cancel every task; True when none is left running in the pool.

        Never waits for work that can take long: only when every task left is a
        non-cancellable query (quick by contract) does it wait, at most
        ``query_wait_ms``. False: something still runs; wait for ``idle``.
        Reports of tasks that already ended may still be queued for the UI thread.
        """
        self.cancel_all()
        if not self._tasks:
            return True
        if query_wait_ms > 0 and not any(t.cancellable for t in self._tasks.values()):
            return self.pool.waitForDone(query_wait_ms)
        return self.pool.waitForDone(0)  # just asks: the work may all have ended already

    def deliver_reports(self) -> bool:
        """Hand the reports already queued for this runner to their callbacks now, without
        running the event loop (a close that goes on at once needs what work that has ended
        said: a save's values). True when a task ended by it."""
        before = set(self._tasks)
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return bool(before - set(self._tasks))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests only; the window uses ``stop_all`` and ``idle``)."""
        return self.pool.waitForDone(msecs)
