"""Writing the catalog's working values back into the files.

``write_items`` is what both ``creditline write`` and the app's "Write metadata to
files" worker call. File I/O happens outside any catalog transaction; each file that
was written is recorded at once with ``Catalog.mark_written`` (new embedded values and
facts), so a cancelled or crashed batch never leaves the catalog claiming more or less
than the files hold.

Files with Content Credentials (C2PA) whose manifest is intact are never written silently:
``signed`` picks what happens to them (``app.provenance_write``: skip, XMP sidecar only,
write and re-sign with the catalog's signer, or write and break them). After a write, the
manifest of a file that had one is read again and stored.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.metadata.write import (
    FILE_MISSING,
    WriteOutcome,
    reconcile_file,
    refused_up_front,
    sha256_file,
    why_not_writable,
    write_file,
)
from app.model import WriteFailure

Progress = Callable[[int, int, WriteOutcome], None]  # (done, total, outcome of the item just handled)


@dataclass
class WriteReport:
    outcomes: list[WriteOutcome] = field(default_factory=list)
    cancelled: bool = False
    dry_run: bool = False  # nothing was tried: the summary says what would happen

    def _count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def written(self) -> int:
        return self._count("written")

    @property
    def planned(self) -> int:
        return self._count("planned")

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def ok(self) -> bool:
        """True when nothing was skipped or failed (caption-only items do not count)."""
        return not self.cancelled and all(o.ok for o in self.outcomes)

    def summary(self) -> str:
        if self.dry_run:
            parts = [f"{self.planned} would be written", f"{self.unchanged} unchanged",
                     f"{self.skipped} would be skipped", f"{self.failed} would fail"]
            return ", ".join(parts + (["cancelled"] if self.cancelled else []))
        parts = [f"{self.written} written"]
        if self.planned:
            parts.append(f"{self.planned} would be written")
        parts += [f"{self.unchanged} unchanged", f"{self.skipped} skipped", f"{self.failed} failed"]
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)


def _cancelled(cancel: Any) -> bool:
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)  # a threading.Event works as well as a callable
    return bool(is_set() if callable(is_set) else cancel())


def write_items(catalog: Any, item_ids: Sequence[int], *, dry_run: bool = False, force: bool = False,
                backup: bool = False, progress: Progress | None = None, cancel: Any = None,
                signed: str = "skip", reconcile: bool = False) -> WriteReport:
    """Write the edited fields of ``item_ids`` into their files (with ``reconcile``: make the
    blocks of each field that disagree hold the value shown, and nothing else).

    ``dry_run`` only plans: each outcome lists the fields that would change, old and new.
    ``cancel`` (a callable or an Event) is checked between files; a file is never left half
    written. Items are read from the catalog one at a time, just before their file, so
    edits made meanwhile are the ones written. Before a file is replaced, the catalog
    records the new bytes' hash; a write that crashed before the catalog heard of it is
    finished here when the file still holds exactly those bytes. ``signed``: what to do with
    a file whose Content Credentials are intact, one of ``app.provenance_write.SIGNED_MODES``.
    """
    from app import provenance  # noqa: PLC0415
    from app import provenance_write as pw  # noqa: PLC0415

    if signed not in pw.SIGNED_MODES:
        raise ValueError(f"signed must be one of {pw.SIGNED_MODES}, not {signed!r}")
    trust = provenance.import_trust(catalog)
    signer = provenance.signer_config(catalog)
    report = WriteReport(dry_run=dry_run)
    total = len(item_ids)
    for done, item_id in enumerate(item_ids, 1):
        if _cancelled(cancel):
            report.cancelled = True
            break
        try:
            item = catalog.item(item_id)
        except KeyError:
            outcome = WriteOutcome(item_id, None, "failed", f"no item {item_id} in the catalog")
        else:
            if not dry_run:
                item = _finish_interrupted(catalog, item)
            write = reconcile_file if reconcile else write_file
            recorded_later = False
            try:
                if item.path is not None and "\x00" in str(item.path):
                    # a path no file system holds (a catalog another program wrote): said as such, not as a crash
                    outcome = WriteOutcome(item_id, item.path, "failed",
                                           "no such file: its path in the catalog holds a NUL character")
                else:
                    outcome = _write_one(catalog, item, pw, provenance, signed, trust, signer,
                                         write, force=force, backup=backup, dry_run=dry_run)
            except sqlite3.Error as exc:  # the catalog, not the file: perhaps after the file was replaced
                outcome, recorded_later = _catalog_failed(catalog, item, exc)
            except Exception as exc:  # noqa: BLE001 - one odd file must not end the batch; the file is intact
                outcome = WriteOutcome(item_id, item.path, "failed", f"unexpected error: {type(exc).__name__}: {exc}")
            if outcome.status != "written" and not dry_run and not recorded_later:
                catalog.clear_write_intent(item_id)
            if not dry_run:
                _remember_outcome(catalog, item, outcome)
        report.outcomes.append(outcome)
        if progress:
            progress(done, total, outcome)
    return report


def _catalog_failed(catalog: Any, item: Any, exc: BaseException) -> tuple[WriteOutcome, bool]:
    """The catalog failed around a write (a full disk, a file-size limit, a lock): the outcome,
    and whether the write's intent stays. A file already replaced by the bytes the intent names
    keeps it, so the next write records it (``_finish_interrupted``); clearing it made that
    write skip our own bytes as "changed on disk since it was read"."""
    from app.catalog import describe_error  # noqa: PLC0415

    why = describe_error(exc, getattr(catalog, "path", None))
    try:
        intent = catalog.write_intent(item.id)
        ours = intent is not None and bool(item.path) and os.path.getsize(item.path) == intent["size"] \
            and sha256_file(item.path) == intent["content_hash"]
    except (OSError, sqlite3.Error):
        ours = False
    if ours:
        return WriteOutcome(item.id, item.path, "failed", f"the file was written, but the catalog could not "
                            f"record it ({why}); the next write records it"), True
    return WriteOutcome(item.id, item.path, "failed", f"the catalog could not record the write ({why}); "
                        f"the file was left as it was"), False


def _remember_outcome(catalog: Any, item: Any, outcome: WriteOutcome) -> None:
    """Keep why a photo was not written until a write of it succeeds, so the reason outlives
    the session that tried (the inspector, the table and `creditline show` say it)."""
    if outcome.status in ("failed", "skipped"):
        catalog.record_write_failure(item.id, outcome.path or item.path, outcome.status, outcome.message)
    elif outcome.status in ("written", "unchanged") and item.write_failure is not None:
        catalog.clear_write_failure(item.id)  # mark_written forgets it too; an "unchanged" does not call it


def failure_now(failure: WriteFailure | None, path: str | None, fmt: str | None) -> WriteFailure | None:
    """``failure`` as it stands now. A write refused up front (the file gone or locked) whose
    file at ``path`` passes those checks again comes back ``lifted``: the editor put it back or
    unlocked it, and "failed: the file is missing" would be stale. A stat or two, no read, so
    a view can ask it when it shows the photo. Other failures (the disk full, Content
    Credentials) are kept as they are: only a write can tell."""
    if failure is None or failure.status != "failed" or not refused_up_front(failure.reason):
        return failure
    where = path or failure.path
    if not where or why_not_writable(where, fmt) is not None:
        return replace(failure, lifted=None) if failure.lifted else failure
    now = "the file is back now" if failure.reason == FILE_MISSING else "it can be written now"
    return failure if failure.lifted == now else replace(failure, lifted=now)


def _write_one(catalog: Any, item: Any, pw: Any, provenance: Any, signed: str, trust: str | None, signer: Any,
               write: Callable[..., WriteOutcome], *, force: bool, backup: bool, dry_run: bool) -> WriteOutcome:
    """One item: the Content Credentials decision, the write, and what the catalog records."""

    def intent(digest: str, size: int, keys: list[str]) -> None:
        catalog.record_write_intent(item.id, item.path, digest, size, keys)

    before, original = pw.signed_state(item, trust)
    if before is not None and before.intact and signed == "sidecar" and write is write_file:
        # planned against the photo and its sidecar, not the photo alone: a field only the
        # sidecar holds, then cleared, is news to the sidecar and none to the photo
        outcome = pw.write_sidecar_only(item, force=force, backup=backup, dry_run=dry_run)
        if dry_run and outcome.status == "planned":
            outcome.warnings.append(_dry_run_note(before, signed, None))
        if outcome.status == "written" and outcome.facts is not None:
            # The sidecar holds the edits now: recorded as a write, or the photo stayed "not
            # written" for ever (Ctrl+S listed it, then found nothing to write; every quit asked).
            catalog.mark_written(item.id, outcome.embedded, outcome.facts, outcome.sources, outcome.candidates,
                                 outcome.read_warnings)
        return outcome  # the photo's bytes and its Content Credentials are unchanged: nothing else to record
    if before is not None and before.intact and signed != "break":
        plan = write(item, force=force, backup=backup, dry_run=True)
        if plan.status != "planned":
            return plan  # nothing to write, or changed on disk: as for any file
        # skipped in a dry run too, so its summary and exit code are the write's (it counted the
        # photo as "would be written" where the write skipped it)
        if signed == "skip":
            plan.status, plan.message = "skipped", pw.refusal(before, provenance.signer_problem(signer))
            return plan
        if signed == "sidecar":  # reconciling is about the file's own blocks: a sidecar cannot do it
            plan.status, plan.message = "skipped", pw.refusal(before, provenance.signer_problem(signer))
            return plan
        if dry_run:
            plan.warnings.append(_dry_run_note(before, signed, provenance.signer_problem(signer)))
            plan.warnings += _sidecar_too(item, write)
            return plan
        if (refused := _sidecar_in_step(item, pw, write, force=force, backup=backup)) is not None:
            return refused
        outcome = pw.write_and_resign(item, original, signer, write=write, force=force, backup=backup,
                                      before_replace=intent)
    else:
        if before is not None and not dry_run \
                and (refused := _sidecar_in_step(item, pw, write, force=force, backup=backup)) is not None:
            return refused
        outcome = write(item, force=force, backup=backup, dry_run=dry_run, before_replace=intent)
        if before is not None and outcome.status == "planned":
            if before.intact:
                outcome.warnings.append(_dry_run_note(before, signed, None))
            outcome.warnings += _sidecar_too(item, write)
    if outcome.status == "written" and outcome.facts is not None:
        catalog.mark_written(item.id, outcome.embedded, outcome.facts, outcome.sources, outcome.candidates,
                             outcome.read_warnings)
        if before is not None:
            after = provenance.read_path(item.path, trust)
            catalog.set_provenance(item.id, after)
            if before.intact and after is not None and not after.intact:
                outcome.warnings.append(f"its Content Credentials are now {provenance.summary(after)}")
            elif not before.intact:
                outcome.warnings.append(f"its Content Credentials were already {provenance.STATE_WORDS[before.state]}")
    return outcome


def _sidecar_in_step(item: Any, pw: Any, write: Callable[..., WriteOutcome], *, force: bool,
                     backup: bool) -> WriteOutcome | None:
    """A signed photo about to be written into (re-signed, or anyway) that has an XMP sidecar:
    the sidecar is read with it and wins for the fields it holds, so it gets the edits first, or
    the read-back showed its older values, the photo stayed "not written" and each write
    re-signed it again. None when that went well (or there is no sidecar); else the outcome
    that stops the write, the photo untouched."""
    from app.metadata.sidecar import find_sidecar  # noqa: PLC0415

    if write is not write_file or not item.path or find_sidecar(item.path) is None:
        return None  # reconciling is about the photo's own blocks
    outcome = pw.write_sidecar_only(item, force=force, backup=backup)
    if outcome.status in ("written", "unchanged"):
        return None
    outcome.message = f"its XMP sidecar could not be brought in step, so the photo was not written: {outcome.message}"
    return outcome


def _sidecar_too(item: Any, write: Callable[..., WriteOutcome]) -> list[str]:
    """The dry run's word on what ``_sidecar_in_step`` will do."""
    from app.metadata.sidecar import find_sidecar  # noqa: PLC0415

    sidecar = find_sidecar(item.path) if write is write_file and item.path else None
    return [f"its XMP sidecar {sidecar.name} gets the same values (read with the photo, it would hide them)"] \
        if sidecar is not None else []


def _dry_run_note(p: Any, signed: str, signer_issue: str | None) -> str:
    from app.provenance import summary  # noqa: PLC0415

    what = {"skip": "would be skipped (use --sidecar-only or --resign)",
            "sidecar": "would get an XMP sidecar; the file untouched",
            "resign": "would be written and signed again" + (f" (unavailable: {signer_issue})" if signer_issue else ""),
            "break": "writing it invalidates them"}[signed]
    return f"has Content Credentials ({summary(p)}): {what}"


def _finish_interrupted(catalog: Any, item: Any) -> Any:
    """An earlier write-back of ``item`` replaced its file and stopped before the catalog
    recorded it (a crash, a kill): when the file still holds exactly the bytes that write
    made, record it now; otherwise forget the intent (the file is someone else's news)."""
    intent = catalog.write_intent(item.id)
    if intent is None or not item.path:
        return item
    from app.metadata.read import UnreadableFile, read_file  # noqa: PLC0415

    try:
        ours = os.path.getsize(item.path) == intent["size"] and sha256_file(item.path) == intent["content_hash"]
        result = read_file(item.path) if ours else None
    except (OSError, UnreadableFile):
        result = None
    if result is None:
        catalog.clear_write_intent(item.id)
        return item
    keys = [k for k in intent["keys"] if k in result.fields]
    catalog.mark_written(item.id, {k: result.fields[k].value for k in keys}, result.facts,
                         {k: result.fields[k].source for k in keys}, {k: result.fields[k].candidates for k in keys},
                         result.warnings)
    return catalog.item(item.id)
