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
written), is a failure: the catalog keeps what it held, and its next change is read again (not
each look at it: ``Reread.unread`` holds the file as it was on disk, ``disk_stamp``, and a look
given it back passes over the file until that changes). A catalog another program keeps locked
stops the run with what was stored so far reported.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.catalog import Catalog, FileRecord
from app.importer import read_one, sidecar_changed

__all__ = ["Reread", "changed_since_read", "disk_stamp", "reread_changed"]


@dataclass
class Reread:
    """What ``reread_changed`` did: items read again, the fields of each where the file's new
    value lost to an edit not written yet, and the files that could not be read (kept as they
    were in the catalog)."""

    updated: list[int] = field(default_factory=list)
    conflicts: dict[int, list[str]] = field(default_factory=dict)  # item id -> field keys
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # item id, path, reason
    # item id -> its file as it was on disk when it could not be read (``disk_stamp``): given back
    # to the next look, the file is not read again until it changes (the catalog's trouble: no entry)
    unread: dict[int, tuple] = field(default_factory=dict)


def disk_stamp(path: str) -> tuple | None:
    """A photo and its XMP sidecar as they are on disk: the size and mtime of each (None: the
    photo is gone). A file another program left unreadable keeps its stamp until it writes again."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the path, no file on any disk
        return None
    from app.metadata.sidecar import find_sidecar  # noqa: PLC0415

    sidecar = find_sidecar(path)
    side: tuple | None = None
    if sidecar is not None:
        try:
            s2 = sidecar.stat()
            side = (str(sidecar), s2.st_size, s2.st_mtime_ns)
        except OSError:
            side = (str(sidecar), None, None)
    return (st.st_size, st.st_mtime_ns, side)


def _changed(rec: FileRecord) -> bool:
    try:
        st = os.stat(rec.path)
    except (OSError, ValueError):  # ValueError: a NUL in a path a hostile catalog holds (hostile38)
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
                   thumbnails: bool = True, unread: Mapping[int, tuple] | None = None) -> Reread:
    """Read again the photos of ``item_ids`` changed on disk since their reading and store the
    readings (``Catalog.apply_read(..., keep_run=True)``); their findings become stale, for the
    window's background check. ``cancel`` is checked between files. ``unread``: the ``unread``
    of earlier looks; a file still as it was when it could not be read is not read again (a
    broken file was read at each look: each return to the window, each selection)."""
    cancelled = cancel.is_set if cancel is not None else (lambda: False)
    out = Reread()
    thumbs_dir = str(catalog.thumbnails_dir) if thumbnails and catalog.thumbnails_dir else None
    trust: list[str | None] = []
    for rec in changed_since_read(catalog, item_ids, cancelled):
        if cancelled():
            break
        stamp = disk_stamp(rec.path)  # before the read: a write meanwhile changes it
        if unread and stamp is not None and unread.get(rec.id) == stamp:
            out.unread[rec.id] = stamp  # unchanged since it could not be read: its failure stands
            continue
        kind, result, key = read_one(rec.path, thumbs_dir)
        if kind != "ok":
            out.failures.append((rec.id, rec.path, key))
            if stamp is not None:
                out.unread[rec.id] = stamp
            continue
        if result.sidecar_unread is not None:
            # Most often another program's write caught half done (Lightroom truncates, then
            # writes): the reading without it would put the photo's own values over what the
            # sidecar said. Kept as it was; its next change on disk is read again.
            out.failures.append((rec.id, rec.path, result.sidecar_unread))
            if stamp is not None:
                out.unread[rec.id] = stamp
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
