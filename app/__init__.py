"""Creditline core: catalog, metadata I/O, credit parsing, validation, export, CLI.

Nothing under ``app`` imports Qt; the desktop interface lives in ``ui``.
"""

import _signal  # the C module: ``signal`` imports enum, a part of what this guards
import os
import sys


def interrupted_while_starting(_signum: int, _frame: object) -> None:
    """Ctrl-C before ``app.cli.main`` can catch it: the line main says, and exit 130 at once
    (nothing is open yet). Two system calls, no import: safe wherever the import it lands in is."""
    os.write(2, b"creditline: interrupted\n")
    os._exit(130)


def _interrupt_ends_the_starting_command() -> None:
    """Started as the ``creditline`` command (its script, the bundle, ``python -m app``), a
    Ctrl-C before ``app.cli.main`` can catch it ends the program at once with main's one line
    and exit 130: Python's own handler printed a traceback of whichever import it landed in
    (and, until left32, the program ended silently instead). ``main`` puts Python's handler
    back first thing. A library user, or pytest, importing ``app`` keeps its handler. What
    runs before this module (the interpreter's start-up: ``site``, the .pth files) is
    Python's; a Ctrl-C there is still its traceback."""
    name = os.path.basename(sys.argv[0]).lower() if sys.argv else ""
    command = name.removesuffix(".exe") in ("creditline", "creditline_main.py") or getattr(sys, "frozen", False)
    if command or getattr(sys, "orig_argv", [])[1:3] == ["-m", "app"]:
        _signal.signal(_signal.SIGINT, interrupted_while_starting)


_interrupt_ends_the_starting_command()

from typing import Any  # noqa: E402 - after the guard: typing's imports took a tenth of a second


def __getattr__(name: str) -> Any:
    # ``__version__`` is looked up when first asked for: importlib.metadata scans the install
    # (~25 ms), which every command would pay at start-up for a string only --version shows.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            value = version("creditline")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.0.0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'app' has no attribute {name!r}")
