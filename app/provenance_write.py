"""Write-back of files that carry Content Credentials (C2PA).

Any change to a signed file's bytes, metadata included, breaks its manifest's hash. So
``app.writeback`` asks ``signed_state`` first (the file as it is now on disk) and, for a file
whose manifest is intact, does what the user picked (``SIGNED_MODES``):

- ``skip`` (the default): not written; the outcome says why and what the choices are.
- ``sidecar``: the edited fields go to an XMP sidecar beside the file (``name.xmp``, or an
  existing ``name.ext.xmp``); the file and its manifest are untouched. The catalog records the
  write as any other (the photo read with its sidecar, as ``app.metadata.read`` reads a signed
  photo that has one), so the photo no longer counts as "not written".
- ``resign``: the file is written, then signed again with the organisation's certificate: a new
  manifest whose parent ingredient is the file as it was (``app.provenance.sign_edited``). The
  write goes to a copy beside the file first, so the file on disk is only ever the old signed
  one or the new signed one, never the unsigned bytes in between.
- ``break``: written as any file; its Content Credentials become invalid (the dry run and the
  app say so before).

Uses ``app.metadata.write`` (``write_file``/``reconcile_file``, ``atomic_write``,
``sidecar_for``, ``keys_to_write``, ``plan_write``) and, for the sidecar, the writer's own XMP
packet editing (``app.metadata.xmp.Packet``, ``app.metadata.encode.edit_packet``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.fields import FIELD_KEYS, normalize_value
from app.metadata.formats import is_raw, sniff, uses_sidecar
from app.model import Item, Provenance
from app.provenance import (
    ProvenanceError,
    SignerConfig,
    read_for_import,
    sign_edited,
    signer_problem,
    summary,
)

SIGNED_MODES = ("skip", "sidecar", "resign", "break")


def signed_state(item: Item, trust: str | None) -> tuple[Provenance | None, bytes | None]:
    """(the manifest of the item's file as it is now, the file's bytes when it has one, else
    None); (None, None) for a
    RAW, HEIF or AVIF file (its values go to a sidecar: the file is never written) or a
    missing file."""
    if not item.path:
        return None, None
    fmt = item.facts.format if item.facts else None
    if is_raw(fmt) or is_raw((Path(item.path).suffix[1:] or "").upper()):
        return None, None
    try:
        data = Path(item.path).read_bytes()
    except OSError:
        return None, None  # write_file reports the missing or unreadable file
    kind = sniff(data, item.path)
    if uses_sidecar(kind):  # as write_file decides it, by the bytes: a sidecar breaks no manifest
        return None, None
    before = read_for_import(data, kind or fmt, trust)
    # Only a signed file's bytes are needed (to re-sign against): kept for every file, they
    # were a second copy of a big scan held through its whole write.
    return before, (data if before is not None else None)


_REFUSAL_HEAD = "has Content Credentials ("
_REFUSAL_WHY = "writing would invalidate them: not written"


def refusal(p: Provenance, signer_issue: str | None) -> str:
    """The one line a skipped signed file gets."""
    text = (f"{_REFUSAL_HEAD}{summary(p)}); {_REFUSAL_WHY}. "
            "Choose an XMP sidecar only, the file untouched (--sidecar-only), or write and sign again (--resign)")
    if signer_issue:
        text += f"; re-signing is unavailable: {signer_issue}"
    return text


def is_refusal(reason: str) -> bool:
    """Whether ``reason`` (kept with a write that skipped the photo) is ``refusal``'s: a signed
    file left alone to keep its Content Credentials valid, not one that failed."""
    return reason.startswith(_REFUSAL_HEAD) and _REFUSAL_WHY in reason


def sidecar_note(item: Item, sidecar: str | None = None) -> str | None:
    """One line on where a photo's edits are written, for a photo read and written with an XMP
    sidecar (``sidecar``: its path, else the one its facts name): "written to its XMP sidecar
    NAME" once it holds every edit, which the views say in place of "not written". None for a
    photo written into itself."""
    where = sidecar or (item.facts.sidecar if item.facts else None)
    if not where or item.kind != "photo":
        return None
    name = Path(where).name
    untouched = "the photo and its Content Credentials untouched" if item.c2pa_state else "the photo untouched"
    if item.pending:
        n = item.pending
        # Where the next write goes is chosen then (--sidecar-only or --resign): not promised here.
        return f"its XMP sidecar {name} holds the edits written so far ({untouched}); {n} not written yet"
    return f"written to its XMP sidecar {name} ({untouched})"


def write_sidecar_only(item: Item, *, force: bool = False, backup: bool = False, dry_run: bool = False) -> Any:
    """The item's edited fields into an XMP sidecar beside its file; the file is not touched.
    An existing sidecar that is not well-formed XMP is kept as it is (``force``: rebuilt).
    ``dry_run``: the plan only (status "planned")."""
    from app.metadata.write import (  # noqa: PLC0415
        WriteError,
        WriteOutcome,
        atomic_write,
        changed_on_disk,
        held_by_photo,
        sidecar_bytes,
        sidecar_for,
    )

    target = sidecar_for(Path(item.path))  # type: ignore[arg-type]
    outcome = WriteOutcome(item.id, item.path, "unchanged")
    outcome.changes = _sidecar_plan(item, target)
    if not outcome.changes:
        outcome.message = "nothing to write"
        return outcome
    try:
        why = None if force else changed_on_disk(Path(item.path), item.facts)  # type: ignore[arg-type]
    except OSError as exc:
        outcome.status, outcome.message = "failed", f"{exc.strerror or exc}"
        return outcome
    if why:  # the edits were made against what was read: as write_file, never over news from elsewhere
        outcome.status = "skipped"
        outcome.message = f"changed on disk since it was read: {why}; re-import it or use --force"
        return outcome
    if dry_run:
        outcome.status, outcome.target = "planned", str(target)
        return outcome
    values = {c.key: normalize_value(c.key, c.new) for c in outcome.changes}
    try:
        existing = target.read_bytes() if target.exists() else None
        try:
            # a cleared field the photo holds stays in the sidecar, empty: removed, it said nothing,
            # and a reader of the pair fell back on the photo's own value
            keep = held_by_photo(Path(item.path), None, values)  # type: ignore[arg-type]
            data, outcome.lost = sidecar_bytes(existing, values, force=force, keep_empty=keep)
        except WriteError as exc:
            outcome.status, outcome.message = "failed", f"{target.name}: {exc}"
            return outcome
        bak = atomic_write(target, data, backup=backup and target.exists())
    except OSError as exc:
        outcome.status, outcome.message = "failed", f"{exc.strerror or exc}"
        return outcome
    outcome.status, outcome.target = "written", str(target)
    outcome.backup = str(bak) if bak else None
    # What the catalog records, as after any write: the pair (photo and sidecar) as the reader
    # reads it now, so the photo stops counting as "not written" (a later edit makes it pending
    # again). The photo's own bytes are unchanged, so its facts are the ones just checked.
    from app.metadata.write import state_after  # noqa: PLC0415

    try:
        (outcome.embedded, outcome.sources, outcome.candidates, outcome.facts,
         outcome.read_warnings) = state_after(Path(item.path), item.facts, str(target), values)  # type: ignore[arg-type]
    except OSError as exc:  # written, but unreadable now: the catalog keeps the edit and re-import sorts it out
        outcome.warnings.append(f"written, but could not be read back: {exc.strerror or exc}")
    outcome.message = (f"wrote {len(outcome.changes)} field(s) to the XMP sidecar {target.name}; the file and "
                       "its Content Credentials are untouched")
    return outcome


def _sidecar_plan(item: Item, target: Path) -> list[Any]:
    """The fields whose working value differs from what the photo and its sidecar read as now
    (the sidecar's value where it holds the field). Against the photo alone, a field only the
    sidecar held, then cleared, looked unchanged and stayed in the sidecar, and every edit
    already there was written again each time."""
    from app.metadata.exiv2io import Exiv2ReadError  # noqa: PLC0415
    from app.metadata.read import sidecar_values  # noqa: PLC0415
    from app.metadata.write import plan_write  # noqa: PLC0415

    try:
        held = sidecar_values(target) if os.path.lexists(target) else {}
    except (OSError, Exiv2ReadError):
        return plan_write(item)  # sidecar_bytes reports the sidecar it cannot edit (or --force rebuilds it)
    if not held:
        return plan_write(item)
    pair = replace(item, embedded={**item.embedded, **held})
    keys = [k for k in FIELD_KEYS if k in held or k in item.changed_fields()]
    return plan_write(pair, keys)


def write_and_resign(item: Item, original: bytes, config: SignerConfig, *, write: Callable[..., Any] | None = None,
                     force: bool = False, backup: bool = False,
                     before_replace: Callable[[str, int, list[str]], None] | None = None) -> Any:
    """Write the item's fields into a copy of its file (``write``: ``write_file`` or
    ``reconcile_file``), sign the copy (parent ingredient: the file as it was), then replace the
    file with it atomically; ``before_replace(sha256, size, keys)`` runs just before (the
    catalog's write intent)."""
    import hashlib  # noqa: PLC0415

    from app.metadata.read import UnreadableFile, read_file  # noqa: PLC0415
    from app.metadata.write import WriteOutcome, atomic_write, write_file  # noqa: PLC0415

    write = write or write_file
    path = Path(item.path)  # type: ignore[arg-type]
    problem = signer_problem(config)
    if problem:
        return WriteOutcome(item.id, item.path, "skipped", f"re-signing unavailable: {problem}; not written")
    fd, tmp_name = tempfile.mkstemp(prefix=".creditline-resign-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copy2(path, tmp)  # same bytes and mtime: write_file's changed-on-disk check still holds
        copy = replace(item, path=str(tmp), facts=replace(item.facts, path=str(tmp)) if item.facts else None)
        outcome = write(copy, force=force, backup=False)
        outcome.path, outcome.target, outcome.backup = item.path, None, None
        outcome.message = outcome.message.replace(str(tmp), str(path))
        if outcome.status != "written":
            return outcome
        fmt = (item.facts.format if item.facts else None) or sniff(original, path) or ""
        keys = [c.key for c in outcome.changes]
        signed = sign_edited(original, tmp.read_bytes(), fmt, config, title=path.name, changed=keys)
        digest = hashlib.sha256(signed).hexdigest()
        bak = atomic_write(path, signed, backup=backup,
                           before_replace=(lambda: before_replace(digest, len(signed), keys)) if before_replace else None)
    except ProvenanceError as exc:
        return WriteOutcome(item.id, item.path, "failed", f"{exc}; the file was not changed")
    except OSError as exc:
        return WriteOutcome(item.id, item.path, "failed", f"{exc.strerror or exc}; the file was not changed")
    finally:
        tmp.unlink(missing_ok=True)
    outcome.target, outcome.backup = str(path), str(bak) if bak else None
    try:
        result = read_file(path, data=signed)
    except (UnreadableFile, OSError) as exc:
        outcome.warnings.append(f"written and signed, but could not be read back: {exc}")
        outcome.facts = None  # the copy's: the catalog keeps the edit, and a re-import sorts it out
        return outcome
    keys = list(outcome.embedded) or keys
    outcome.embedded = {k: result.fields[k].value for k in keys if k in result.fields}
    outcome.sources = {k: result.fields[k].source for k in keys if k in result.fields}
    outcome.candidates = {k: result.fields[k].candidates for k in keys if k in result.fields}
    outcome.facts = result.facts
    outcome.read_warnings = result.warnings
    outcome.message = f"wrote {len(outcome.changes)} field(s) and signed the file again (c2pa.edited.metadata)"
    return outcome
