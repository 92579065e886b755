"""Creditline core: catalog, metadata I/O, credit parsing, validation, export, CLI.

Nothing under ``app`` imports Qt; the desktop interface lives in ``ui``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("creditline")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
