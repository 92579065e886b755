"""Python's own memory as a test sees it: what a call allocated at its peak (tracemalloc counts
Python's allocations only; a C library's buffers are measured by bench/bench_big_write.py)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def traced_peak(fn: Callable[[], T]) -> tuple[T, int]:
    """``fn()``'s result and the most memory Python held while it ran, in bytes."""
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
