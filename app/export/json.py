"""JSON credit sheet: the ``check --format json`` document plus every field of every item.

``{"gallery", "items": [{"id", "position", "path", "caption", "credits", "findings",
"provenance", "fields", ...}], "summary"}``; ``fields`` holds the working value of every key in
``app.fields`` (a string, or a list for creators and keywords).
"""

from __future__ import annotations

import json
from typing import IO, Any

from app.export.sheet import Sheet, SheetRow
from app.terminal import json_escapes


def row_json(row: SheetRow) -> dict[str, Any]:
    return {
        "id": row.item_id,
        "position": row.position,
        "path": row.path,
        "caption": row.caption,
        "credits": [c.to_json() for c in row.credits],
        "findings": [f.to_json() for f in row.findings],
        "status": row.status,
        "kind": row.kind,
        "credit_published": row.credit,  # as it stands in the caption or field
        "credit_house_style": row.house_credit,
        "photographers": row.photographers,
        "agencies": row.agencies,
        "client": row.client or None,  # "Getty Images for X": the client X, null for none
        "provenance": row.c2pa_state,  # the Content Credentials' state, null when the file has none
        "fields": {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in row.fields.items()},
    }


def sheet_json(sheet: Sheet) -> dict[str, Any]:
    return {
        "gallery": sheet.gallery,
        "title": sheet.title,
        "generated": sheet.exported_at.isoformat(timespec="seconds"),  # ISO 8601 with its offset
        "house_style": sheet.house_style,
        "forced": sheet.forced,
        "unwritten": sheet.unwritten,  # photos whose catalog edits are not yet in their files
        "items": [row_json(r) for r in sheet.rows],
        "summary": sheet.summary(),
    }


def write_json(sheet: Sheet, out: IO[str]) -> None:
    # Control characters and non-UTF-8 file names as \u escapes: the same data, valid UTF-8.
    out.write(json_escapes(json.dumps(sheet_json(sheet), ensure_ascii=False, indent=2)))
    out.write("\n")
