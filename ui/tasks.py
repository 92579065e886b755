"""The one background-task helper of the desktop app.

Long file or database work runs on a ``QThreadPool``; its progress, partial
results, result and errors come back to the UI thread through one Qt signal of
the runner (a queued connection: the runner lives in the UI thread and the work
emits from a pool thread), and the runner calls the task's callbacks there.
Cancellation is cooperative: the work gets a ``threading.Event`` and checks it
between units of work.

No QObject is made per task: a task is a plain handle, so no per-task object
can be deleted while a pool thread still reports through it.

Errors are never swallowed: a task without an ``on_error`` handler reports
through ``TaskRunner.error`` so the main window shows it.

Winding down (a catalog switch, the window closing) never blocks the UI thread
on work that can take long: ``stop_all`` cancels everything and says whether
nothing is left running; if something is, the caller waits for ``idle``, which
the runner emits once the last task has ended and reported.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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


class _Runnable(QRunnable):
    def __init__(self, runner: TaskRunner, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner, self._task, self._fn, self._args, self._kwargs = runner, task, fn, args, kwargs

    def run(self) -> None:
        task, post = self._task, self._post
        ctx = TaskContext(task.cancel_event, post)
        try:
            value = self._fn(ctx, *self._args, **self._kwargs)
        except Cancelled:
            task.was_cancelled = True
            post(_RESULT, None)
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never swallowed
            message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            post(_FAILED, (message, traceback.format_exc()))
        else:
            task.was_cancelled = task.cancel_event.is_set()
            post(_RESULT, value)
        finally:
            post(_DONE, None)
            self._fn = self._args = self._kwargs = None  # drop references in this thread, now

    def _post(self, kind: int, payload: Any) -> None:
        try:
            self._runner._event.emit(self._task.id, kind, payload)
        except RuntimeError:
            pass  # the runner is gone (its window closed): nobody is listening any more


class TaskRunner(QObject):
    """Runs ``fn(ctx, *args, **kwargs)`` on a thread pool; callbacks run in the UI thread."""

    error = Signal(str, str, str)  # task name, message, traceback (tasks without on_error)
    active_changed = Signal()  # a task started or ended (the status bar listens)
    progress = Signal(object, int, int, str)  # task, done, total, text (tasks with show_progress)
    idle = Signal()  # the last task ended (its callbacks ran): nothing runs or waits to report
    _event = Signal(int, int, object)  # task id, kind, payload: emitted from pool threads

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        if max_threads:
            self.pool.setMaxThreadCount(max_threads)
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)
        self._event.connect(self._dispatch)

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
        self.active_changed.emit()
        # Higher priority runs first when the pool is busy.
        self.pool.start(_Runnable(self, task, fn, args, kwargs), priority)
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

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests only; the window uses ``stop_all`` and ``idle``)."""
        return self.pool.waitForDone(msecs)
