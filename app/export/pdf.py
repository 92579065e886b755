"""PDF credit sheet, drawn by Qt (``ui.pdf_sheet``).

Qt is imported inside ``write_pdf`` only, so importing ``app`` (and the CLI's other
commands) never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.export.sheet import Sheet

PAPERS = ("A4", "LETTER")


def write_pdf(sheet: Sheet, path: str | Path, *, paper: str = "A4",
              progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> int | None:
    """Draw the sheet into ``path``; the page count, or None when cancelled."""
    from ui.pdf_sheet import render_pdf  # noqa: PLC0415 - Qt only when a PDF is asked for

    return render_pdf(sheet, str(path), paper=paper.upper(), progress=progress, cancel=cancel)
