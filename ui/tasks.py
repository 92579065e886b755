"""The one background-task helper of the desktop app.

Long file or database work runs on a ``QThreadPool``; its progress, partial
results, result and errors come back to the UI thread through Qt signals (a
queued connection, because the signal object lives in the UI thread and the
work emits from a pool thread). Cancellation is cooperative: the work gets a
``threading.Event`` and checks it between units of work.

Errors are never swallowed: a task without an ``on_error`` handler reports
through ``TaskRunner.error`` so the main window shows it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised by ``TaskContext.check()`` once the user asked to cancel."""


@dataclass
class TaskContext:
    """What the work function receives: the cancel flag and the ways to talk back."""

    cancel: threading.Event
    _signals: _TaskSignals = field(repr=False)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._signals.progress.emit(int(done), int(total), str(text))

    def post(self, value: Any) -> None:
        """Send a partial result (an import batch, a page of ids) to the UI thread."""
        self._signals.partial.emit(value)


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    partial = Signal(object)
    result = Signal(object)
    failed = Signal(str, str)  # one-line message, traceback
    done = Signal()


class Task(QObject):
    """A handle on submitted work: cancel it, or listen to its signals."""

    def __init__(self, name: str, cancellable: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancellable = cancellable
        self.cancel_event = threading.Event()
        self.signals = _TaskSignals(self)
        self.finished = False
        self.was_cancelled = False

    def cancel(self) -> None:
        self.cancel_event.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task, self._fn, self._args, self._kwargs = task, fn, args, kwargs

    def run(self) -> None:
        sig = self._task.signals
        ctx = TaskContext(self._task.cancel_event, sig)
        try:
            value = self._fn(ctx, *self._args, **self._kwargs)
        except Cancelled:
            self._task.was_cancelled = True
            sig.result.emit(None)
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never swallowed
            message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            sig.failed.emit(message, traceback.format_exc())
        else:
            self._task.was_cancelled = self._task.cancel_event.is_set()
            sig.result.emit(value)
        finally:
            sig.done.emit()


class TaskRunner(QObject):
    """Runs ``fn(ctx, *args, **kwargs)`` on a thread pool; callbacks run in the UI thread."""

    error = Signal(str, str, str)  # task name, message, traceback (tasks without on_error)
    active_changed = Signal()  # a task started or ended (the status bar listens)
    progress = Signal(object, int, int, str)  # task, done, total, text (for the status bar)

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        if max_threads:
            self.pool.setMaxThreadCount(max_threads)
        self._active: list[Task] = []

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", cancellable: bool = True,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[str, str], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               on_partial: Callable[[Any], None] | None = None,
               on_done: Callable[[], None] | None = None,
               show_progress: bool = False, priority: int = 0, **kwargs: Any) -> Task:
        task = Task(name or getattr(fn, "__name__", "task"), cancellable, self)
        sig = task.signals
        if on_result:
            sig.result.connect(on_result)
        if on_partial:
            sig.partial.connect(on_partial)
        if on_progress:
            sig.progress.connect(on_progress)
        if on_error:
            sig.failed.connect(on_error)
        else:
            sig.failed.connect(lambda msg, tb, t=task: self.error.emit(t.name, msg, tb))
        if show_progress:
            task.show_progress = True
            sig.progress.connect(lambda d, n, text, t=task: self.progress.emit(t, d, n, text))
        else:
            task.show_progress = False
        sig.done.connect(lambda t=task: self._finish(t))
        if on_done:
            sig.done.connect(on_done)
        self._active.append(task)
        self.active_changed.emit()
        # Higher priority runs first: thumbnail loads pass a rising counter so the
        # rows the user is looking at now load before those scrolled past.
        self.pool.start(_Runnable(task, fn, args, kwargs), priority)
        return task

    def _finish(self, task: Task) -> None:
        task.finished = True
        if task in self._active:
            self._active.remove(task)
        self.active_changed.emit()
        task.deleteLater()

    def active(self) -> list[Task]:
        return list(self._active)

    def visible_tasks(self) -> list[Task]:
        """Tasks whose progress the status bar shows (imports, write-back)."""
        return [t for t in self._active if getattr(t, "show_progress", False)]

    def cancel_all(self) -> None:
        for t in self._active:
            t.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
