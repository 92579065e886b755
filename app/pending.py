"""Photos with edits not yet written, named for one line: "2 “IMG_4471.JPG”, 7 “Vitória noite
37.jpg”, 12 “DSC_0093.jpg” and 5 more".

``check``, ``export`` and the app counted them ("1 photo has edits not yet written") without
naming them, so the desk had to run ``write --dry-run`` to learn which (walk22). A photo is named
by its place in the gallery (the tile's number, the first column of ``check``) and its file name;
without a gallery by its catalog id (``#15``), as ``check`` prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.terminal import display_path

NAMED = 3  # photos named before "and N more"; four are all named ("and 1 more" says less than a name)


def pending_names(catalog: Any, pending: Sequence[int], gallery_id: int | None = None, named: int = NAMED) -> str:
    """The first photos of ``pending`` (ids in the order to name them) by position and file name,
    then "and N more"; "" when there are none. Reads only the named items."""
    if not pending:
        return ""
    shown = list(pending) if len(pending) <= named + 1 else list(pending[:named])
    names = []
    for item in catalog.iter_items(shown, gallery=gallery_id):
        where = str(item.position) if gallery_id is not None and item.position is not None else f"#{item.id}"
        names.append(f"{where} “{display_path(Path(item.path).name)}”" if item.path else where)
    more = len(pending) - len(shown)
    if more:
        return ", ".join(names) + f" and {more:,} more"
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def pending_in(catalog: Any, gallery_id: int | None, ids: Sequence[int] | None) -> list[int]:
    """The photos with unwritten edits of a gallery (``ids`` None or all of it: in its order), of
    ``ids`` (in that order), or, with neither, of the catalog (by id)."""
    if ids is not None:
        return catalog.pending_ids(item_ids=list(ids))
    if gallery_id is not None:
        return catalog.pending_ids(gallery=gallery_id)
    return catalog.pending_ids()
