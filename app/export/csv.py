"""CSV credit sheet: one row per item, in gallery order, for spreadsheets and rights systems.

UTF-8, a header row, ``\\r\\n`` line ends (RFC 4180). ``bom=True`` writes a byte-order mark
so Excel opens the file as UTF-8 rather than the local code page.

Formula injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with an apostrophe (OWASP "CSV injection"), so a caption such as
``=HYPERLINK(...)`` is shown as text instead of run as a formula. The rule is applied to
every text cell without exceptions, which means ordinary text that happens to start with
one of those characters is prefixed too: a headline "-5 degrees in Oslo" is written as
``'-5 degrees in Oslo``. Guessing which leading minus is "safe" is how the attack gets
through (``-2+3+cmd|...``), so the apostrophe is the price; programs that read the CSV back
can strip one leading apostrophe before those characters. The position column is a number
and is never prefixed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import IO

from app.export.sheet import Sheet, SheetRow, field_label, findings_text

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made safe for spreadsheets (see the module docstring)."""
    return "'" + cell if cell.startswith(FORMULA_LEADS) else cell


# (header, value) in column order; field-backed headers use the labels of app.fields.
COLUMNS: tuple[tuple[str, Callable[[SheetRow], str]], ...] = (
    ("Position", lambda r: str(r.position)),
    ("File name", lambda r: r.file_name),
    (field_label("headline"), lambda r: r.text("headline")),
    (field_label("caption"), lambda r: r.caption),
    (field_label("date_created"), lambda r: r.date),
    ("Location", lambda r: r.location),
    (field_label("creators"), lambda r: "; ".join(r.photographers)),
    ("Agencies", lambda r: "; ".join(r.agencies)),
    ("Credit as published", lambda r: r.credit),
    (field_label("source"), lambda r: r.text("source")),
    (field_label("copyright"), lambda r: r.text("copyright")),
    (field_label("usage_terms"), lambda r: r.text("usage_terms")),
    ("Status", lambda r: "ERROR" if r.in_error else (r.status or "ok")),
    ("Findings", lambda r: findings_text(r.findings)),
)
HEADERS: tuple[str, ...] = tuple(h for h, _ in COLUMNS)


def write_csv(sheet: Sheet, out: IO[str], *, bom: bool = False,
              progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> bool:
    """Write the sheet to a text stream opened with ``newline=""``; False when cancelled."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    getters = [g for _, g in COLUMNS]
    total = len(sheet.rows)
    for n, row in enumerate(sheet.rows, 1):
        cells = [getters[0](row)] + [neutralise(g(row)) for g in getters[1:]]
        writer.writerow(cells)
        if n % 1000 == 0:
            if cancel and cancel():
                return False
            if progress:
                progress(n, total)
    if progress:
        progress(total, total)
    return True
