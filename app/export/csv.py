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

import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO

from app.export.labels import CsvWords
from app.export.sheet import (
    LOCATION_KEYS,
    PROVENANCE_WORDS,
    RANK,
    Sheet,
    SheetRow,
    SheetSource,
    _CreditMemo,
    as_text,
    field_label,
    findings_text,
    publish,
    source_type_label,
)

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_LEADS = frozenset(FORMULA_LEADS)


def neutralise(cell: str) -> str:
    """``cell`` made safe for spreadsheets (see the module docstring)."""
    return "'" + cell if cell.startswith(FORMULA_LEADS) else cell


HEADERS: tuple[str, ...] = (
    "Position", "File name", field_label("headline"), field_label("caption"), field_label("date_created"),
    "Location", field_label("creators"), "Agencies", "Client", "Credit as published", "Credit in house style",
    field_label("source"),
    field_label("copyright"), field_label("usage_terms"), field_label("alt_text"), field_label("digital_source_type"),
    "Provenance", "Status", "Findings",
)


_STATUS = {2: "ERROR", 1: "warning", 0: "info"}
_basename = os.path.basename


def row_cells(r: SheetRow, words: CsvWords | None = None) -> list[str]:
    """One CSV row, in the order of HEADERS. The row's properties (file_name, location, status)
    are inlined: 100,000 rows is the size this has to be quick for. ``words``: the status and
    finding words of the desk's language (``SheetLabels.csv_words``), English by default."""
    f = r.fields
    findings = r.findings
    if findings:
        if words is None:
            status = _STATUS[max([RANK[x.severity] for x in findings])]
            notes = findings_text(findings)
        else:
            status = words.status[max([RANK[x.severity] for x in findings])]
            notes = findings_text(findings, names=words.finding)
    else:
        status, notes = ("ok" if words is None else words.ok), ""
    path = r.path
    location = ", ".join([p for p in [as_text(f.get(k)).strip() for k in LOCATION_KEYS] if p])
    cells = [
        _basename(path) if path else "", as_text(f.get("headline")), as_text(f.get("caption")),
        as_text(f.get("date_created")), location, "; ".join(r.photographers), "; ".join(r.agencies), r.client,
        r.credit,
        r.styled_credit or r.credit,
        as_text(f.get("source")), as_text(f.get("copyright")), as_text(f.get("usage_terms")),
        as_text(f.get("alt_text")),
        r.source_type if words is None or words.source_type is None else
        words.source_type(as_text(f.get("digital_source_type"))),
        r.provenance if words is None or not words.provenance else
        words.provenance.get(r.c2pa_state or None, r.c2pa_state or ""),
    ]
    # c[:1] in a set beats startswith(tuple) at this volume; "" never matches. Status and
    # findings start with a severity word, never with a formula lead.
    return [str(r.position), *["'" + c if c[:1] in _LEADS else c for c in cells], status, notes]


# What makes the csv module (QUOTE_MINIMAL, "," and '"', doublequote, "\r\n") quote a cell.
_NEEDS_QUOTES = re.compile('[,"\r\n]').search


def csv_line(cells: Sequence[str]) -> str:
    """One record exactly as ``csv.writer(out, lineterminator="\\r\\n").writerow`` writes it
    (a test holds the two equal). Done by hand because the csv module inspects every
    character in C, while here one scan of the joined line rules out quotes and line breaks
    (nearly always) and then only commas decide: 0.2 s against 0.7 s for the 45 MB of a
    100,000-row sheet. Rows have several cells, so the csv module's special case of a lone
    empty cell (written as ``""``) never arises here."""
    line = ",".join(cells)
    if '"' in line or "\r" in line or "\n" in line:
        return ",".join(['"' + c.replace('"', '""') + '"' if _NEEDS_QUOTES(c) else c for c in cells]) + "\r\n"
    if line.count(",") == len(cells) - 1:  # no comma inside any cell
        return line + "\r\n"
    return ",".join(['"' + c + '"' if "," in c else c for c in cells]) + "\r\n"


def write_csv(sheet: Sheet, out: IO[str], *, bom: bool = False,
              progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> bool:
    """Write the sheet to a text stream opened with ``newline=""``; False when cancelled."""
    return write_csv_rows(sheet.rows, len(sheet.rows), out, bom=bom, progress=progress, cancel=cancel,
                          headers=sheet.labels.csv_headers(), words=sheet.labels.csv_words())


def write_csv_rows(rows: Iterable[SheetRow], total: int, out: IO[str], *, bom: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: Callable[[], bool] | None = None, headers: Sequence[str] = HEADERS,
                   words: CsvWords | None = None) -> bool:
    """``write_csv`` for rows that arrive as a stream (``total`` of them, for progress);
    ``headers`` and ``words``: the columns' names and the status words in the desk's language."""
    if bom:
        out.write("\ufeff")
    out.write(csv_line(headers))
    step = 2000
    batch: list[str] = []
    done = 0
    for r in rows:
        batch.append(csv_line(row_cells(r, words)))
        if len(batch) == step:
            if cancel and cancel():
                return False
            out.write("".join(batch))  # one write per batch: fewer, larger encodes
            done += step
            batch.clear()
            if progress:
                progress(done, total)
    if cancel and cancel():
        return False
    out.write("".join(batch))
    if progress:
        progress(total, total)
    return True


# The fields the CSV shows or credits from, in the order write_csv_source unpacks them.
SOURCE_KEYS: tuple[str, ...] = ("headline", "caption", "date_created", *LOCATION_KEYS, "creators", "credit_line",
                                "source", "copyright", "usage_terms", "alt_text", "digital_source_type", "c2pa_state")


def write_csv_source(source: SheetSource, out: IO[str], *, bom: bool = False,
                     progress: Callable[[int, int], None] | None = None,
                     cancel: Callable[[], bool] | None = None) -> bool:
    """``write_csv`` of the sheet ``source`` would build, without building it: only the
    columns the CSV needs are read, the caption credits stored by the last check are used
    (items checked before they were stored are parsed), and each chunk of lines is joined
    once. The lines are those of ``row_cells`` (a test holds the two equal); this is the
    100,000-item path, so that function is written out here."""
    if bom:
        out.write("\ufeff")
    out.write(csv_line(source.labels.csv_headers()))
    findings = source.findings
    memo = _CreditMemo(source.style)
    words = source.labels.csv_words()
    leads, status_of, rank, line_of, ok, names = _LEADS, words.status, RANK, csv_line, words.ok, words.finding
    provenance_words = words.provenance or PROVENANCE_WORDS
    source_type_of = words.source_type or source_type_label
    total, done = len(source.order), 0
    for positions, records in source.value_chunks(SOURCE_KEYS):
        if cancel and cancel():
            return False
        lines = []
        for (item_id, path, summary, headline, caption, date, sublocation, city, state, country, creators,
             credit_line, agency, copyright_, terms, alt, dst, c2pa), pos in zip(records, positions, strict=True):
            published, styled, _, photographers, agencies, _, _, client = publish(
                memo, caption, summary, credit_line, agency, creators)
            found = findings.get(item_id)
            if found:
                status = status_of[max([rank[x.severity] for x in found])]
                notes = findings_text(found, names=names)
            else:
                status, notes = ok, ""
            location = ", ".join([p for p in (sublocation.strip(), city.strip(), state.strip(), country.strip())
                                  if p])
            cells = [_basename(path) if path else "", headline, caption, date, location, "; ".join(photographers),
                     "; ".join(agencies), client, published, styled, agency, copyright_, terms, alt,
                     source_type_of(dst) if dst else "", provenance_words.get(c2pa or None, c2pa)]
            lines.append(line_of([str(pos), *["'" + c if c[:1] in leads else c for c in cells], status, notes]))
        out.write("".join(lines))
        done += len(lines)
        if progress:
            progress(done, total)
    if cancel and cancel():
        return False
    if progress and not total:
        progress(total, total)
    return True
