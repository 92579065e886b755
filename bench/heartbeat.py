"""A UI-thread heartbeat for the UI benchmarks: a QTimer ticking every few milliseconds; a gap
between two ticks is how long the UI thread was busy (bench_ui.py, bench_big_save.py)."""

from __future__ import annotations


class Heartbeat:
    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: PLC0415 - Qt is loaded by the bench that asks

        self.beats: list[float] = []
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(lambda: self.beats.append(self.now()))
        self._timer.start()

    def now(self) -> float:
        """Milliseconds since the heartbeat began."""
        return self._clock.nsecsElapsed() / 1e6

    def stop(self) -> list[tuple[float, float]]:
        """Stop ticking; each gap between two ticks as (length, when it began), in ms."""
        self._timer.stop()
        return [(b - a, a) for a, b in zip(self.beats, self.beats[1:], strict=False)]
