"""The gallery as it would be published: numbered captions, each followed by its credit.

``(01 of 12) <caption> <credit>``, one paragraph per item, a blank line between items.
Numbers have two digits at least (more for long galleries) and count the whole gallery,
so a selection keeps the numbers its items have in the gallery. The credit is rendered in
the house style; a caption that already ends with its credit is not credited twice.
"""

from __future__ import annotations

from typing import IO

from app.export.sheet import Sheet


def numbering(position: int, total: int) -> str:
    width = max(2, len(str(total)))
    return f"({position:0{width}d} of {total})"


def render_text(sheet: Sheet) -> str:
    total = sheet.gallery_size
    paragraphs = [f"{numbering(row.position, total)} {row.published_text}".rstrip() for row in sheet.rows]
    return "\n\n".join(paragraphs) + "\n"


def write_text(sheet: Sheet, out: IO[str]) -> None:
    out.write(render_text(sheet))
