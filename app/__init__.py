"""Creditline core: catalog, metadata I/O, credit parsing, validation, export, CLI.

Nothing under ``app`` imports Qt; the desktop interface lives in ``ui``.
"""

from typing import Any


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
