"""A check for tests of what forked workers see."""

from __future__ import annotations

import threading
import time


def lone_thread(timeout: float = 10.0) -> bool:
    """Whether this process runs one thread, once the background threads earlier tests left
    (a spelling names refresh, a daemon reader) have had ``timeout`` seconds to end: the
    importer forks its workers only then, and a test of what a forked worker sees needs that.
    Under load such a thread outlived its test and three tests skipped in CI."""
    deadline = time.monotonic() + timeout
    for t in threading.enumerate():
        if t is not threading.main_thread() and not isinstance(t, threading._DummyThread):
            t.join(max(0.0, deadline - time.monotonic()))
    return threading.active_count() == 1

