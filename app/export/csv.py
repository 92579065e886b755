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

from app.export.sheet import Sheet, SheetRow, as_text, field_label, findings_text
from app.model import Severity

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_LEADS = frozenset(FORMULA_LEADS)


def neutralise(cell: str) -> str:
    """``cell`` made safe for spreadsheets (see the module docstring)."""
    return "'" + cell if cell.startswith(FORMULA_LEADS) else cell


HEADERS: tuple[str, ...] = (
    "Position", "File name", field_label("headline"), field_label("caption"), field_label("date_created"),
    "Location", field_label("creators"), "Agencies", "Credit as published", field_label("source"),
    field_label("copyright"), field_label("usage_terms"), "Status", "Findings",
)


def row_cells(r: SheetRow) -> list[str]:
    """One CSV row, in the order of HEADERS (one function, not a lambda per column: 100,000
    rows is the size this has to be quick for)."""
    f = r.fields
    findings = r.findings
    if findings:
        worst = max(Severity(x.severity).rank for x in findings)
        status = "ERROR" if worst == 2 else ("warning" if worst == 1 else "info")
        notes = findings_text(findings)
    else:
        status, notes = "ok", ""
    cells = [
        r.file_name, as_text(f.get("headline")), as_text(f.get("caption")), as_text(f.get("date_created")),
        r.location, "; ".join(r.photographers), "; ".join(r.agencies), r.credit, as_text(f.get("source")),
        as_text(f.get("copyright")), as_text(f.get("usage_terms")), status, notes,
    ]
    # c[:1] in a set beats startswith(tuple) at this volume; "" never matches.
    return [str(r.position)] + ["'" + c if c[:1] in _LEADS else c for c in cells]


def write_csv(sheet: Sheet, out: IO[str], *, bom: bool = False,
              progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> bool:
    """Write the sheet to a text stream opened with ``newline=""``; False when cancelled."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    rows = sheet.rows
    total = len(rows)
    step = 2000
    for start in range(0, total, step):
        if cancel and cancel():
            return False
        writer.writerows([row_cells(r) for r in rows[start:start + step]])
        if progress:
            progress(min(start + step, total), total)
    if progress:
        progress(total, total)
    return True
