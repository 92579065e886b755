"""Photos another program changed on disk, read again without an import.

A desk works beside Lightroom, Photo Mechanic or darktable: they write an ``.xmp`` beside a RAW
(or a signed photo), or the photo itself. The catalog held what it read at import until the
photo was imported again. The window now asks ``changed_since_read`` about the photos it shows
(when one is selected, when the window is active again) and ``reread_changed`` reads the
changed ones again on its task runner, as an import of them would (``read_one``,
``Catalog.apply_read``), but without starting an import run ("Recently imported" stays the
desk's last import) and without the process pool (a few files, on a thread).

A field edited in the catalog and not yet written wins over the file's new value
(``Catalog._merge_read``); when the file now says something else than both what it said before
and the edit, that field is a conflict, returned for the window to say. A file that cannot be read now (cut
short, a folder, a FIFO), or a photo whose XMP sidecar is there but unreadable (caught half
written), is a failure: the catalog keeps what it held, and its next change is read again. A
catalog another program keeps locked stops the run with what was stored so far reported.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.catalog import Catalog, FileRecord
from app.importer import read_one, sidecar_changed

__all__ = ["Reread", "changed_since_read", "reread_changed"]


@dataclass
class Reread:
    """What ``reread_changed`` did: items read again, the fields of each where the file's new
    value lost to an edit not written yet, and the files that could not be read (kept as they
    were in the catalog)."""

    updated: list[int] = field(default_factory=list)
    conflicts: dict[int, list[str]] = field(default_factory=dict)  # item id -> field keys
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # item id, path, reason


def _changed(rec: FileRecord) -> bool:
    try:
        st = os.stat(rec.path)
    except OSError:
        return False  # gone or unreachable: the views say "missing", an import relinks it
    if st.st_size != rec.size or st.st_mtime_ns != rec.mtime_ns:
        return True
    return sidecar_changed(rec.path, rec.read_at_ns, rec.sidecar)


def changed_since_read(catalog: Catalog, item_ids: Sequence[int],
                       cancelled: Callable[[], bool] | None = None) -> list[FileRecord]:
    """The photos among ``item_ids`` whose file's size or mtime differs from the reading the
    catalog holds, or whose XMP sidecar changed, appeared, went or was replaced since
    (``importer.sidecar_changed``, as an import decides). A stat or two each, no read."""
    out = []
    for rec in catalog.file_records(item_ids):
        if cancelled is not None and cancelled():
            break
        if _changed(rec):
            out.append(rec)
    return out


def reread_changed(catalog: Catalog, item_ids: Sequence[int], cancel: threading.Event | None = None,
                   thumbnails: bool = True) -> Reread:
    """Read again the photos of ``item_ids`` changed on disk since their reading and store the
    readings (``Catalog.apply_read(..., keep_run=True)``); their findings become stale, for the
    window's background check. ``cancel`` is checked between files."""
    cancelled = cancel.is_set if cancel is not None else (lambda: False)
    out = Reread()
    thumbs_dir = str(catalog.thumbnails_dir) if thumbnails and catalog.thumbnails_dir else None
    trust: list[str | None] = []
    for rec in changed_since_read(catalog, item_ids, cancelled):
        if cancelled():
            break
        kind, result, key = read_one(rec.path, thumbs_dir)
        if kind != "ok":
            out.failures.append((rec.id, rec.path, key))
            continue
        if result.sidecar_unread is not None:
            # Most often another program's write caught half done (Lightroom truncates, then
            # writes): the reading without it would put the photo's own values over what the
            # sidecar said. Kept as it was; its next change on disk is read again.
            out.failures.append((rec.id, rec.path, result.sidecar_unread))
            continue
        if result.provenance is not None and result.provenance.state in ("untrusted", "invalid"):
            from app.provenance import import_trust, settle_trust  # noqa: PLC0415

            if not trust:
                trust.append(import_trust(catalog))
            if trust[0]:
                settle_trust(result, trust[0])
        try:
            outcome = catalog.apply_read(result, key, keep_run=True)
        except KeyError:
            continue  # removed from the catalog, or moved, while it was read
        except sqlite3.OperationalError as exc:
            # Another program holds the catalog past its busy timeout (the CLI, a colleague's
            # script), or it became read-only or full: what was stored is reported (the window
            # shows it), the rest waits for the next look.
            out.failures.append((rec.id, rec.path, f"the catalog could not store it: {exc}"))
            break
        if outcome.item_id != rec.id:
            continue
        if outcome.status == "updated":
            out.updated.append(rec.id)
            if outcome.conflicts:
                out.conflicts[rec.id] = list(outcome.conflicts)
    return out
