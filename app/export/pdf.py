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


def scripts_without_font(sheet: Sheet) -> list[str]:
    """The scripts of the sheet's text no installed font writes (they print as empty boxes)."""
    from app.export.sheet import as_text  # noqa: PLC0415
    from ui.pdf_sheet import scripts_without_font as missing  # noqa: PLC0415

    texts = [sheet.title or "", sheet.gallery or ""]
    for row in sheet.rows:
        texts += [as_text(v) for v in row.fields.values()]
        texts += [row.credit, *row.photographers, *(f.message for f in row.findings)]
    return missing(texts)
