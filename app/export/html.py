"""HTML credit sheet: one self-contained file, the same content as the PDF.

Thumbnails are embedded as ``data:`` URIs so the file can be mailed or archived alone.
Every piece of text from the catalog goes through ``html.escape``: a caption holding
``<script>`` is shown as text, never run. A print stylesheet sets the paper size and
keeps each item on one page.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from typing import IO

from app.export.labels import SheetLabels
from app.export.sheet import Sheet, SheetRow, unwritten_note

PAPER_CSS = {"A4": "A4", "LETTER": "letter"}

STYLE = """
:root { --err: #b3261e; --warn: #a15c00; --info: #38618c; --rule: #c9c9c9; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #111;
       margin: 2em auto; max-width: 60em; padding: 0 1em; }
header.sheet { border-bottom: 2px solid #111; margin-bottom: 1em; padding-bottom: .5em; }
header.sheet h1 { font-size: 16pt; margin: 0 0 .2em; }
header.sheet p { margin: .1em 0; color: #333; }
.forced { color: var(--err); font-weight: bold; }
header.sheet p.unwritten { color: var(--warn); }
table.items { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.items th { text-align: left; font-size: 8pt; text-transform: uppercase; color: #555;
                 border-bottom: 1px solid #111; padding: 4px; }
table.items td { vertical-align: top; padding: 6px 4px; border-bottom: 1px solid var(--rule);
                 overflow-wrap: anywhere; }
col.thumb { width: 88px; } col.pos { width: 3em; } col.caption { width: 42%; } col.findings { width: 22%; }
td.thumb img { width: 80px; height: 80px; object-fit: contain; display: block; }
.nothumb { width: 80px; height: 80px; background: #d6d6d6; }
td.pos { font-weight: bold; }
.caption { white-space: pre-wrap; }
.headline { font-weight: bold; display: block; margin-bottom: .2em; }
dl { margin: 0; } dt { font-size: 7.5pt; color: #666; text-transform: uppercase; }
dd { margin: 0 0 .3em; }
.credit { font-weight: bold; }
tr.error td { background: #fdecea; } tr.error td:first-child { border-left: 5px solid var(--err); }
tr.warning td:first-child { border-left: 5px solid var(--warn); }
tr.info td:first-child { border-left: 5px solid var(--info); }
.badge { display: inline-block; font-size: 7.5pt; font-weight: bold; color: #fff; background: var(--err);
         padding: 0 .4em; border-radius: 3px; margin-top: .3em; }
ul.findings { margin: 0; padding-left: 1.1em; font-size: 8.5pt; }
li.error { color: var(--err); } li.warning { color: var(--warn); } li.info { color: var(--info); }
.sev { font-weight: bold; text-transform: uppercase; font-size: 7.5pt; }
.clean { color: #2e7d32; font-size: 8.5pt; }
@media print {
  @page { size: %(paper)s; margin: 14mm 12mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tr.error td { background: #fdecea; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


# Control characters are not allowed in HTML text (a parse error; browsers show boxes or drop
# them): they are left out. Tab, newline and carriage return are whitespace and stay.
_FORBIDDEN = dict.fromkeys([c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + list(range(0x7F, 0xA0)))


def _e(text: str) -> str:
    return html.escape(text.translate(_FORBIDDEN), quote=True)


def _mime(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _thumb_cell(sheet: Sheet, row: SheetRow) -> str:
    data = sheet.thumbnail_bytes(row)
    mime = _mime(data) if data else None
    if not data or not mime:
        label = _e(sheet.labels.text("html_no_thumbnail"))
        return f'<td class="thumb"><div class="nothumb" role="img" aria-label="{label}"></div></td>'
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    alt = row.text("alt_text").strip() or row.file_name  # the photo's own alt text, when it has one
    return f'<td class="thumb"><img alt="{_e(alt)}" src="{uri}"></td>'


def _details(row: SheetRow, labels: SheetLabels) -> str:
    parts = []
    say = labels.text
    if row.credit:
        parts.append(f'<dt>{_e(say("html_credit"))}</dt><dd class="credit">{_e(row.credit)}</dd>')
        if row.house_credit != row.credit:  # the house style writes it otherwise: an audit sees both
            parts.append(f'<dt>{_e(say("html_house_credit"))}</dt><dd class="house-credit">{_e(row.house_credit)}</dd>')
    if row.photographers:
        parts.append(f"<dt>{_e(say('html_photographers'))}</dt><dd>{_e('; '.join(row.photographers))}</dd>")
    if row.agencies:
        parts.append(f"<dt>{_e(say('html_agency'))}</dt><dd>{_e('; '.join(row.agencies))}</dd>")
    if row.client:
        parts.append(f"<dt>{_e(say('html_client'))}</dt><dd>{_e(row.client)}</dd>")
    when_where = ", ".join(p for p in (row.display_date, row.location) if p)
    if when_where:
        parts.append(f"<dt>{_e(say('html_date_place'))}</dt><dd>{_e(when_where)}</dd>")
    source_type = labels.source_type(row.text("digital_source_type"))
    if source_type:
        parts.append(f"<dt>{_e(say('html_source_type'))}</dt><dd>{_e(source_type)}</dd>")
    if row.c2pa_state:
        parts.append(f"<dt>{_e(say('html_content_credentials'))}</dt><dd>{_e(labels.provenance(row.c2pa_state))}</dd>")
    if row.text("alt_text").strip():
        parts.append(f"<dt>{_e(say('html_alt_text'))}</dt><dd>{_e(row.text('alt_text'))}</dd>")
    if row.file_name:
        parts.append(f"<dt>{_e(say('html_file'))}</dt><dd>{_e(row.shown_file_name)}</dd>")
    return "<dl>" + "".join(parts) + "</dl>"


def _findings(row: SheetRow, labels: SheetLabels) -> str:
    if not row.findings:
        return f'<span class="clean">{_e(labels.text("no_findings"))}</span>'
    items = []
    for f in sorted(row.findings, key=lambda f: -f.severity.rank):
        sev = f.severity.value
        items.append(f'<li class="{sev}"><span class="sev">{_e(labels.severity(sev))}</span> {_e(f.message)}</li>')
    badge = f'<span class="badge">{_e(labels.text("in_error"))}</span>' if row.in_error else ""
    return f'<ul class="findings">{"".join(items)}</ul>{badge}'


def _row(sheet: Sheet, row: SheetRow, with_thumbs: bool) -> str:
    cls = row.status or "clean"
    headline = row.text("headline").strip()
    caption = (f'<span class="headline">{_e(headline)}</span>' if headline else "") + \
        f'<span class="caption">{_e(row.caption)}</span>'
    thumb = _thumb_cell(sheet, row) if with_thumbs else ""
    return (f'<tr class="{cls}" id="item-{row.item_id}">{thumb}<td class="pos">{row.position}</td>'
            f'<td>{caption}</td><td>{_details(row, sheet.labels)}</td><td>{_findings(row, sheet.labels)}</td></tr>\n')


def write_html(sheet: Sheet, out: IO[str], *, paper: str = "A4",
               progress: Callable[[int, int], None] | None = None,
               cancel: Callable[[], bool] | None = None) -> bool:
    """Write the sheet as one HTML document; False when cancelled."""
    with_thumbs = sheet.has_photos
    labels = sheet.labels
    say = labels.text
    title = sheet.title or sheet.gallery or say("sheet")
    css = STYLE.replace("%(paper)s", PAPER_CSS.get(paper.upper(), "A4"))
    out.write(f'<!DOCTYPE html>\n<html lang="{labels.language}">\n<head>\n<meta charset="utf-8">\n'
              f'<title>{_e(say("sheet"))}: {_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n')
    meta = [_e(say("gallery", name=sheet.gallery)) if sheet.gallery else _e(say("selection")),
            _e(labels.count("items", len(sheet.rows))), _e(say("exported", when=sheet.generated))]
    if sheet.house_style:
        meta.append(_e(say("house_style", name=sheet.house_style)))
    out.write(f'<header class="sheet"><h1>{_e(title)}</h1><p>{" · ".join(meta)}</p>'
              f'<p>{_e(say("findings_line", counts=sheet.counts_line()))}</p>')
    if sheet.unwritten:
        out.write(f'<p class="unwritten">{_e(unwritten_note(sheet.unwritten, labels))}</p>')
    if sheet.forced and sheet.error_rows:
        out.write(f'<p class="forced">{_e(labels.count("despite_errors", len(sheet.error_rows)))}</p>')
    out.write("</header>\n<table class=\"items\">\n<colgroup>")
    if with_thumbs:
        out.write('<col class="thumb">')
    out.write('<col class="pos"><col class="caption"><col class="details"><col class="findings"></colgroup>\n'
              "<thead><tr>" + (f"<th>{_e(say('html_image'))}</th>" if with_thumbs else "") +
              f"<th>#</th><th>{_e(say('html_caption'))}</th><th>{_e(say('html_details'))}</th>"
              f"<th>{_e(say('html_findings'))}</th></tr></thead>\n<tbody>\n")
    total = len(sheet.rows)
    for n, row in enumerate(sheet.rows, 1):
        out.write(_row(sheet, row, with_thumbs))
        if n % 100 == 0:
            if cancel and cancel():
                return False
            if progress:
                progress(n, total)
    out.write("</tbody>\n</table>\n</body>\n</html>\n")
    if progress:
        progress(total, total)
    return True
