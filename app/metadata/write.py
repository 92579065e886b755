"""Lossless, atomic write-back of an item's edited values into its file.

Only the fields the user edited are written, each into every block where it lives; every
other value stays as it was (``app.metadata.encode`` does the bytes). The result goes to
a temporary file in the same folder, is flushed and fsynced, then ``os.replace``d over
the original, so a crash at any moment leaves either the old file or the new one. Just
before the replace, ``before_replace(new_sha256, new_size, keys)`` lets the caller record
that the new bytes are its own (the catalog's write intent), so a crash between the
replace and the catalog update is recognised instead of taken for a change on disk.

RAW files are never written: their values go to an XMP sidecar (``name.xmp``, or an
existing ``name.ext.xmp``), edited the same way and written atomically as well. So do
HEIF and AVIF files, which libexiv2 0.28 cannot write: the photo's bytes stay as they are.

``backup=True`` keeps the previous version as ``name.ext.bak`` beside the file (a hard
link to the old bytes where the file system allows, else a copy); an older ``.bak`` is
replaced. ``force`` writes a file that changed on disk since it was read, and rebuilds a
block that cannot be parsed (saying what could not be kept) instead of refusing.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.fields import BY_KEY, FIELD_KEYS, Kind, empty_value, normalize_value
from app.metadata import xmp
from app.metadata.encode import (
    IN_PLACE_FORMATS,
    WRITABLE_FORMATS,
    WriteError,
    edit_packet,
    encode_file,
    encode_path,
)
from app.metadata.formats import RAW_EXTENSIONS, SIDECAR_EXTENSION, sniff, uses_sidecar
from app.metadata.jpeg import scan_data
from app.metadata.sidecar import find_sidecar, read_sidecar
from app.model import FileFacts, Item, Value

__all__ = ["WRITABLE_FORMATS", "FieldChange", "WriteError", "WriteOutcome", "atomic_write", "backup_path",
           "changed_on_disk", "encode_file", "plan_write", "scan_data", "sidecar_bytes", "sidecar_for", "write_file"]

BACKUP_SUFFIX = ".bak"
_TMP_PREFIX = ".creditline-"
_TMP_SUFFIX = ".tmp"

Hook = Callable[[str], None]  # called with a stage name; tests use it to pause or crash
BeforeReplace = Callable[[str, int, list[str]], None]  # (sha256 hex, size, keys) of the bytes about to go in


@dataclass
class FieldChange:
    key: str
    old: Value  # the value embedded in the file now
    new: Value  # the working value that will be written


@dataclass
class WriteOutcome:
    item_id: int | None
    path: str | None
    status: str  # "written" | "planned" (dry run) | "unchanged" | "skipped" | "failed" | "no-file"
    message: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    target: str | None = None  # the file actually written (the sidecar for RAW)
    backup: str | None = None
    embedded: dict[str, Value] = field(default_factory=dict)  # written keys: what the file says now
    sources: dict[str, str | None] = field(default_factory=dict)  # written keys: the block it came from
    candidates: dict[str, dict[str, Value]] = field(default_factory=dict)  # written keys: every block's value
    facts: FileFacts | None = None  # the file's facts after the write
    lost: list[str] = field(default_factory=list)  # what a forced write could not keep
    read_warnings: list[str] | None = None  # what the reader says of the file now (None: not read back)

    @property
    def ok(self) -> bool:
        return self.status in ("written", "planned", "unchanged", "no-file")


# --- planning -----------------------------------------------------------------------------

def keys_to_write(item: Item) -> list[str]:
    """The fields the user edited, in the field table's order."""
    changed = set(item.changed_fields())
    return [k for k in FIELD_KEYS if k in changed]


def plan_write(item: Item, keys: list[str] | None = None) -> list[FieldChange]:
    """Each field of ``keys`` (default: the edited ones) whose working value differs from the
    file's: old (embedded) and new (working)."""
    out = []
    for key in keys if keys is not None else keys_to_write(item):
        new = normalize_value(key, item.fields.get(key, empty_value(key)))
        old = normalize_value(key, item.embedded.get(key, empty_value(key)))
        if old != new:
            out.append(FieldChange(key, old, new))
    return out


def disagreeing_blocks(item: Item) -> dict[str, dict[str, Value]]:
    """Fields whose blocks (XMP, IIM, EXIF) hold different values: key -> {block: value}.
    An IIM value that is only the XMP text cut at its byte limit is not a disagreement."""
    from app.metadata.reconcile import is_truncation  # noqa: PLC0415

    out = {}
    for key in FIELD_KEYS:
        cands = {s: normalize_value(key, v) for s, v in (item.candidates.get(key) or {}).items()}
        shown = normalize_value(key, item.embedded.get(key, empty_value(key)))
        if BY_KEY[key].kind is Kind.DATE:  # IIM holds neither fractions of a second nor "unknown day" as XMP does
            if all(_date_key(v) == _date_key(shown) for v in cands.values()):
                continue
        limit = BY_KEY[key].iim_limit
        differ = []
        for source, value in cands.items():
            if value == shown:
                continue
            if source == "iim" and isinstance(value, str) and isinstance(shown, str) and \
                    is_truncation(value, shown, limit):
                continue
            if source == "iim" and isinstance(value, list) and isinstance(shown, list) and len(value) == len(shown) \
                    and all(a == b or is_truncation(a, b, limit) for a, b in zip(value, shown, strict=True)):
                continue
            differ.append(source)
        if differ:
            out[key] = cands
    return out


# --- file checks ------------------------------------------------------------------------

def sha256_file(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as fh:  # into one reused buffer: no new bytes object per chunk
        return hashlib.file_digest(fh, "sha256").hexdigest()


def changed_on_disk(path: Path, expected: FileFacts | None, data: bytes | Path | None = None) -> str | None:
    """Why the file no longer matches what was read, or None. A new mtime with the same
    bytes (a touch, a copy) is not a change. ``data``: the bytes just read, or the copy of the
    file just made, which are the ones that will be rewritten, so they are what is checked."""
    if expected is None:
        return None
    st = path.stat()
    size = st.st_size if data is None else data.stat().st_size if isinstance(data, Path) else len(data)
    if size != expected.size:
        return f"its size changed ({expected.size} -> {size} bytes)"
    if st.st_mtime_ns != expected.mtime_ns and expected.content_hash:
        digest = (sha256_file(path) if data is None else sha256_file(data) if isinstance(data, Path)
                  else hashlib.sha256(data).hexdigest())
        if digest != expected.content_hash:
            return "its content changed"
    return None


def _check_writable(path: Path) -> None:
    """Refuse read-only files and folders up front, even for root, whom the OS lets write:
    a photo editor who locked a file means it."""
    if not _writable(path):
        raise WriteError(_FILE_READ_ONLY)
    _check_writable_folder(path.parent)


def _check_writable_folder(folder: Path) -> None:
    # The temp file and the rename need the folder, whatever the file's own mode says.
    if not _writable(folder):
        raise WriteError(f"the folder {folder} is read-only")


def _writable(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


_FILE_READ_ONLY = "the file is read-only"
FILE_MISSING = "the file is missing"  # why_not_writable's reason when the photo's file is gone (quitting advises on it)


def missing_advice(n: int) -> str:
    """What to do about ``n`` photos whose files are missing. Most were renamed or moved on the
    share after import, not deleted: an import of where they are now relinks each by its content
    and keeps its edits (the fourteenth walk renamed one and was told only "the file is missing")."""
    one = n == 1
    return (f"if {'it was' if one else 'they were'} moved or renamed, import {'it' if one else 'them'} from "
            f"where {'it is' if one else 'they are'} now: Creditline finds {'it' if one else 'each'} by "
            f"{'its' if one else 'their'} content and keeps the edits; then write again")


def missing_note(n: int) -> str:
    """``missing_advice`` as a sentence of its own, for a status line or a prompt."""
    return f"A missing file: {missing_advice(n)}." if n == 1 else f"Missing files: {missing_advice(n)}."


def why_not_writable(path: str | None, fmt: str | None) -> str | None:
    """Why a write of the photo at ``path`` would be refused before anything is encoded (the
    file or its folder locked, the file gone), or None: the checks ``write_file`` makes up
    front, without reading the photo, so a list of them is quick (quitting asks it)."""
    if not path:
        return None
    p = Path(path)
    try:
        if not p.exists():
            return FILE_MISSING
        if _is_raw(p, fmt) or uses_sidecar(fmt):
            target = sidecar_for(p)  # the photo itself is not written: its XMP sidecar is
            if target.exists():
                _check_writable(target)
            else:
                _check_writable_folder(target.parent)
        else:
            _check_writable(p)
    except WriteError as exc:
        return str(exc)
    except OSError as exc:
        return _os_error(exc)
    return None


def refused_up_front(reason: str) -> bool:
    """Whether ``reason`` is one ``why_not_writable`` gives (the file gone or locked, its folder
    locked): a stored failure for it is stale once the file passes those checks again."""
    return reason in (FILE_MISSING, _FILE_READ_ONLY) or (reason.startswith("the folder ")
                                                         and reason.endswith(" is read-only"))


def sidecar_for(path: Path) -> Path:
    """The sidecar the reader uses (``name.ext.xmp`` wins, as darktable writes it), else a new
    ``name.xmp`` (Adobe, Photo Mechanic)."""
    return find_sidecar(path) or path.with_suffix(SIDECAR_EXTENSION)


_NAME_MAX = 255  # bytes in one file name on every file system a desk uses


def _fits(name: str) -> bool:
    return len(os.fsencode(name)) <= _NAME_MAX


def _short_name(name: str, room: int) -> str:
    """``name`` cut to leave ``room`` bytes, with a hash so two long names stay apart."""
    raw = os.fsencode(name)
    if len(raw) + room <= _NAME_MAX:
        return name
    tag = hashlib.sha1(raw).hexdigest()[:10]
    keep = raw[:_NAME_MAX - room - len(tag) - 1].decode("utf-8", "ignore") if _is_utf8(raw) else tag
    return f"{keep}~{tag}"


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def backup_path(path: Path) -> Path:
    """``name.ext.bak``; for a name too long to take the suffix, a shortened name with a hash."""
    return path.with_name(_short_name(path.name, len(BACKUP_SUFFIX)) + BACKUP_SUFFIX)


def _tmp_prefix(path: Path) -> str:
    # Short whatever the name: mkstemp adds 8 characters and the suffix.
    return _TMP_PREFIX + hashlib.sha1(os.fsencode(path.name)).hexdigest()[:16] + "."


# --- atomic replace -------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes | Sequence[bytes | memoryview] | Path, *, backup: bool = False,
                 hook: Hook | None = None, mode: int | None = None,
                 before_replace: Callable[[], None] | None = None) -> Path | None:
    """Replace ``path`` by ``data`` (bytes, pieces written one after the other, or a file
    already made: ``working_copy``'s, which is renamed, or copied in pieces from elsewhere) so
    that readers and crashes only ever see a whole file.
    Keeps the permission bits (and the owner, where allowed). A symlink stays a symlink:
    its target is replaced. ``before_replace`` runs once the new bytes are safely on disk,
    just before the rename. Returns the backup path when one was made."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    old = path.stat() if path.exists() else None
    if mode is None:
        mode = stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask()
    made = Path(os.path.realpath(data)) if isinstance(data, Path) else None
    if made is not None and made.parent == folder:
        tmp = made  # the working copy, made beside the file: it is the new file
        fd = os.open(tmp, os.O_RDWR)
    else:
        _clear_leftovers(path)
        fd, tmp_name = _held_temp(path, folder)
        tmp = Path(tmp_name)
    made_backup = None
    try:
        if made is not None and tmp != made:  # made elsewhere: copied by the OS, not through Python
            os.close(fd)
            shutil.copyfile(made, tmp)
            fd = os.open(tmp, os.O_RDWR)
        with os.fdopen(fd, "r+b" if made is not None else "wb") as fh:
            if made is None:
                for piece in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
                    fh.write(piece)
            fh.flush()
            if hook:
                hook("temp-written")
            os.fchmod(fh.fileno(), mode)
            if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(fh.fileno(), old.st_uid, old.st_gid)  # root writing a colleague's file
                except OSError:
                    pass  # only root may give a file away; the content matters more
            os.fsync(fh.fileno())
        if backup and path.exists():
            made_backup = _make_backup(path)
        if before_replace:
            before_replace()
        if hook:
            hook("before-replace")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if made is None or tmp != made:  # a working copy is the caller's to release
            _release(tmp)
    _fsync_dir(folder)
    if hook:
        hook("replaced")
    return made_backup


def _clear_leftovers(path: Path) -> None:
    # A write killed before its rename leaves its temp file; the old file is whole, the temp is junk.
    # One another write holds (the app's Ctrl+S and a gate's `creditline write` on the same photo)
    # is no leftover: removed under it, that write failed "No such file or directory".
    for leftover in path.parent.glob(glob.escape(_tmp_prefix(path)) + "*" + _TMP_SUFFIX):
        _remove_unless_held(leftover)


# A temporary file being written is held under an advisory lock (flock, per open file: a
# killed process's lock goes with it), so another write's clean-up can tell it from a leftover.
# The clean-up removes a file only while it holds that lock itself, and a new temporary file
# counts once its maker holds it and it still has its name. Where there is no flock (Windows,
# a file system without it) every such file is a leftover, as before.
_HELD: dict[str, int] = {}


def _flock(fd: int) -> bool | None:
    """Take ``fd``'s exclusive lock without waiting: True, False when another holds it, None
    where locks are not to be had."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _remove_unless_held(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        if _flock(fd) is not False:
            path.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _held_temp(path: Path, folder: Path) -> tuple[int, str]:
    """``mkstemp`` beside ``path`` under the name its clean-up knows, held until ``_release``."""
    for _ in range(20):
        fd, name = tempfile.mkstemp(prefix=_tmp_prefix(path), suffix=_TMP_SUFFIX, dir=folder)
        try:
            hold = os.open(name, os.O_RDONLY)
        except OSError:  # another write's clean-up took it in that instant
            os.close(fd)
            continue
        got = _flock(hold)
        if got is None:
            os.close(hold)
            return fd, name
        if got and os.fstat(fd).st_nlink > 0:
            _HELD[name] = hold
            return fd, name
        os.close(hold)
        os.close(fd)
    raise OSError(f"cannot make a temporary file beside {path.name}: other writes keep removing it")


def _release(name: str | Path) -> None:
    fd = _HELD.pop(os.fspath(name), None)
    if fd is not None:
        os.close(fd)


def working_copy(path: Path) -> Path:
    """A copy of the file at ``path`` for exiv2 to rewrite (``encode_path``), made beside it,
    named as ``atomic_write``'s temporary files (so a write killed halfway leaves nothing the
    next one does not clear), then renamed over it. Copied by the OS, not through Python's
    memory. Where the folder takes no new file (a dry run of a locked folder: the write would
    be refused anyway), or where exiv2 could not open it (a folder name that is not UTF-8:
    exiv2 takes a path as UTF-8 text), in the temporary folder. The caller removes it if it
    is not used."""
    real = Path(os.path.realpath(path))
    if _writable(real.parent) and _utf8(str(real.parent)):
        _clear_leftovers(real)
        fd, name = _held_temp(real, real.parent)  # released by write_file once it is renamed or removed
    else:
        fd, name = tempfile.mkstemp(prefix="creditline-", suffix=_TMP_SUFFIX)
    os.close(fd)
    try:
        shutil.copyfile(real, name)  # by the OS (sendfile), not through Python's memory
    except BaseException:
        _release(name)
        os.unlink(name)
        raise
    return Path(name)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes: bytes that are not UTF-8
        return False
    return True


def _make_backup(path: Path) -> Path:
    bak = backup_path(path)
    tmp = bak.with_name(_tmp_prefix(bak) + "bak" + _TMP_SUFFIX)
    tmp.unlink(missing_ok=True)
    try:
        os.link(path, tmp)  # the old bytes stay on their inode once the new file replaces the name
    except OSError:
        import shutil  # noqa: PLC0415 - only where hard links are refused

        shutil.copy2(path, tmp)
    os.replace(tmp, bak)
    return bak


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename is still atomic
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- writing ----------------------------------------------------------------------------

def _values(item: Item, keys: list[str]) -> dict[str, Value]:
    return {k: _line_breaks(normalize_value(k, item.fields.get(k, empty_value(k)))) for k in keys}


def _line_breaks(value: Value) -> Value:
    """CR and CRLF as LF: XML turns them into LF on reading, so XMP could not keep them,
    and IIM must say the same as XMP."""
    if isinstance(value, list):
        return [v.replace("\r\n", "\n").replace("\r", "\n") for v in value]
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _is_raw(path: Path, fmt: str | None) -> bool:
    return path.suffix.lower() in RAW_EXTENSIONS or (fmt or "").lower() in {e[1:] for e in RAW_EXTENSIONS}


def write_file(item: Item, *, force: bool = False, backup: bool = False, dry_run: bool = False,
               keys: list[str] | None = None, hook: Hook | None = None, reread: bool = True,
               before_replace: BeforeReplace | None = None) -> WriteOutcome:
    """Write ``item``'s edited fields (or those of ``keys`` whose working value differs from
    the file's) into its file, or its sidecar for RAW, HEIF and AVIF. Never raises for a bad file: the
    outcome says what happened. ``reread`` reads the file back for
    ``outcome.embedded``/``candidates``/``facts`` (what the catalog records)."""
    changes = plan_write(item, keys)
    values = _values(item, [c.key for c in changes])
    return _write(item, values, changes, force=force, backup=backup, dry_run=dry_run, hook=hook,
                  reread=reread, before_replace=before_replace)


def reconcile_file(item: Item, *, keys: list[str] | None = None, force: bool = False, backup: bool = False,
                   dry_run: bool = False, hook: Hook | None = None,
                   before_replace: BeforeReplace | None = None) -> WriteOutcome:
    """Make every block of the file hold the value shown for each field whose blocks
    disagree (of ``keys``, default all; fields with unwritten edits are left to ``write``).
    ``outcome.changes`` says, per field, which blocks held what."""
    disagree = disagreeing_blocks(item)
    edited = set(item.changed_fields())
    chosen = [k for k in FIELD_KEYS if k in disagree and k not in edited and (keys is None or k in keys)]
    changes = []
    for key in chosen:
        shown = normalize_value(key, item.embedded.get(key, empty_value(key)))
        held = "; ".join(f"{s.upper()} {_show(v)}" for s, v in disagree[key].items() if v != shown)
        changes.append(FieldChange(key, held, shown))
    if not changes and item.path and not force:
        # Nothing disagrees in what was read; that says nothing of a file changed since.
        try:
            why = changed_on_disk(Path(item.path), item.facts)
        except FileNotFoundError:
            return WriteOutcome(item.id, item.path, "failed", changes=[], message=FILE_MISSING)
        except OSError as exc:
            why = f"cannot read it: {exc.strerror or exc}"
        if why:
            outcome = WriteOutcome(item.id, item.path, "skipped", changes=[])
            outcome.message = f"changed on disk since it was read: {why}; re-import it or use --force"
            return outcome
    values = {c.key: _line_breaks(c.new) for c in changes}
    return _write(item, values, changes, force=force, backup=backup, dry_run=dry_run, hook=hook,
                  before_replace=before_replace)


def _date_key(value: Value) -> str:
    text = value if isinstance(value, str) else ""
    text = re.sub(r"(T\d\d:\d\d:\d\d)\.\d+", r"\1", text).replace("Z", "+00:00")
    while text.endswith("-00"):
        text = text[:-3]
    return text


def _show(value: Value) -> str:
    return "; ".join(value) if isinstance(value, list) else value


def _write(item: Item, values: dict[str, Value], changes: list[FieldChange], *, force: bool, backup: bool,
           dry_run: bool, hook: Hook | None, reread: bool = True,
           before_replace: BeforeReplace | None = None) -> WriteOutcome:
    outcome = WriteOutcome(item.id, item.path, "unchanged", changes=changes)
    if not item.path:
        outcome.status, outcome.message = "no-file", "caption-only item: no file to write"
        return outcome
    if not changes:
        outcome.message = "nothing to write"
        return outcome
    path = Path(item.path)
    made: list[Path] = []
    try:
        return _write_path(item, path, values, outcome, force=force, backup=backup, dry_run=dry_run, hook=hook,
                           reread=reread, before_replace=before_replace, made=made)
    finally:
        for copy in made:  # the working copy, unless it replaced the photo
            copy.unlink(missing_ok=True)
            _release(copy)


def _write_path(item: Item, path: Path, values: dict[str, Value], outcome: WriteOutcome, *, force: bool,
                backup: bool, dry_run: bool, hook: Hook | None, reread: bool, before_replace: BeforeReplace | None,
                made: list[Path]) -> WriteOutcome:
    changes = outcome.changes
    try:
        if not path.exists():
            raise WriteError(FILE_MISSING)
        fmt = item.facts.format if item.facts else None
        raw = _is_raw(path, fmt)
        kind = None
        if not raw:
            with open(path, "rb") as fh:
                kind = sniff(fh.read(64), path)
        # A TIFF, PNG or WebP is copied and exiv2 rewrites the copy, which then replaces the
        # photo: read whole, the old bytes, exiv2's new ones and their copy for Python were held
        # at once (932 MB writing a 300 MB TIFF). A JPEG is edited from its bytes (its head only).
        copy = working_copy(path) if kind in IN_PLACE_FORMATS else None
        made += [copy] if copy is not None else []
        data = None if raw or copy is not None else path.read_bytes()
        why = None if force else changed_on_disk(path, item.facts, copy or data)
        if why:
            outcome.status = "skipped"
            outcome.message = f"changed on disk since it was read: {why}; re-import it or use --force"
            return outcome
        if raw or uses_sidecar(kind):  # HEIF/AVIF: exiv2 cannot write them, so they get a sidecar as RAW does
            target = sidecar_for(path)
            try:
                existing = read_sidecar(target) if os.path.lexists(target) else None
            except OSError as exc:  # SidecarError too: never written over, as it was not read
                raise WriteError(f"the XMP sidecar is not writable here: {exc.strerror or exc}") from None
            parts: list[bytes | memoryview] = [_sidecar(existing, values, force, outcome,
                                                        held_by_photo(path, data, values))]
            file_bytes = data  # the photo itself is unchanged; the reader reads it with the sidecar
        elif copy is not None:
            encoded = encode_path(copy, values, kind, force=force)
            outcome.warnings.extend(encoded.warnings)
            outcome.lost = encoded.lost
            parts, file_bytes, target = [], None, path  # read back from the file
        else:
            assert data is not None
            encoded = encode_file(data, values, kind, force=force)
            outcome.warnings.extend(encoded.warnings)
            outcome.lost = encoded.lost
            parts = encoded.parts
            del encoded
            data = None
            # A JPEG comes as its new head and a view of the old image data, written as they are:
            # joined, they were one more copy of a big scan. The read-back then reads the file
            # from disk, once the old bytes are gone, so a big scan is never held twice.
            file_bytes = parts[0] if len(parts) == 1 and isinstance(parts[0], bytes) else None
            target = path
        outcome.target = str(target)
        # Before the dry run returns: its "would write" must not promise a locked file.
        if target.exists():
            _check_writable(target)
        else:
            _check_writable_folder(target.parent)
        if dry_run:
            outcome.status = "planned"  # encoded, so a dry run finds what the real write would refuse
            return outcome
        digest, size = (sha256_file(copy), copy.stat().st_size) if copy is not None else _digest(parts)
        bak = atomic_write(target, copy if copy is not None else parts, backup=backup and target.exists(), hook=hook,
                           before_replace=(lambda: before_replace(digest, size, [c.key for c in changes]))
                           if before_replace else None)
        del parts
    except WriteError as exc:
        outcome.status, outcome.message = "failed", str(exc)
        return outcome
    except PermissionError:
        outcome.status, outcome.message = "failed", f"permission denied writing in {path.parent}"
        return outcome
    except OSError as exc:
        outcome.status, outcome.message = "failed", _os_error(exc)
        return outcome
    outcome.status = "written"
    outcome.backup = str(bak) if bak else None
    try:
        (outcome.embedded, outcome.sources, outcome.candidates, outcome.facts,
         outcome.read_warnings) = state_after(path, item.facts, outcome.target, values, reread, file_bytes)
    except OSError as exc:  # written, but unreadable now: the catalog keeps the edit and re-import sorts it out
        outcome.warnings.append(f"written, but could not be read back: {exc.strerror or exc}")
    outcome.message = f"wrote {len(outcome.changes)} field(s)"
    if outcome.target != str(path):
        outcome.message += f" to {outcome.target}"
    return outcome


def _digest(parts: list[bytes | memoryview]) -> tuple[str, int]:
    """SHA-256 (hex) and size of the file made of ``parts``."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest(), sum(memoryview(part).nbytes for part in parts)


def _os_error(exc: OSError) -> str:
    import errno  # noqa: PLC0415

    if exc.errno == errno.ENOSPC:
        return "the disk is full; the file was left as it was"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for this file system"
    return f"{exc.strerror or exc}"


def sidecar_bytes(existing: bytes | None, values: dict[str, Value], *, force: bool = False,
                  keep_empty: Collection[str] = ()) -> tuple[bytes, list[str]]:
    """An XMP sidecar with ``values`` set: ``existing`` edited in place (another program's data
    kept), or a new one. A blank value removes its property, but one of ``keep_empty`` is
    written present and empty. Returns (bytes, what a forced rebuild could not keep); raises
    WriteError for a sidecar that is not well-formed XMP unless ``force``."""
    try:
        packet = xmp.Packet(existing)
    except xmp.XmpError as exc:
        if not force:
            raise WriteError(f"the sidecar's {str(exc).removeprefix('the ')}: writing would destroy it, so nothing was written; "
                             f"--force rebuilds it from what can be read") from None
        packet = xmp.Packet(existing, recover=True)
    if existing is None:
        packet.wrapped, packet.declaration = False, True  # a sidecar is a file of its own, no padding
    edit_packet(packet, values, keep_empty)
    return packet.to_bytes(padding=0), list(packet.lost)


def _sidecar(existing: bytes | None, values: dict[str, Value], force: bool, outcome: WriteOutcome,
             keep_empty: Collection[str] = ()) -> bytes:
    data, lost = sidecar_bytes(existing, values, force=force, keep_empty=keep_empty)
    outcome.lost.extend(lost)
    return data


def held_by_photo(path: Path, data: bytes | None, values: dict[str, Value]) -> set[str]:
    """The keys cleared in ``values`` whose field the photo itself (not its sidecar) holds.
    Their sidecar property is written present and empty: removed, it would let the photo's own
    copy (a HEIF's EXIF ImageDescription) show again, and the item stay "not written" for ever."""
    from app.metadata.read import UnreadableFile, read_file  # noqa: PLC0415 - read imports heavier deps

    blank = {k for k, v in values.items() if v in ("", [])}
    if not blank:
        return set()
    try:
        own = read_file(path, data=data, with_sidecar=False)
    except (UnreadableFile, OSError):
        return blank  # unknown: an empty property says "blank" as well as none does
    return {k for k in blank if k in own.fields and own.fields[k].candidates}


def state_after(path: Path, before: FileFacts | None, target: str | None,
                 values: dict[str, Value], reread: bool = True, data: bytes | None = None
                 ) -> tuple[dict[str, Value], dict[str, str | None], dict[str, dict[str, Value]], FileFacts,
                            list[str] | None]:
    """What the file says now for the written keys, read back with the reader the catalog
    uses, and its new facts; falls back to the values written if the re-read fails."""
    from app.metadata.read import UnreadableFile, read_file  # noqa: PLC0415 - read imports heavier deps

    result = None
    if reread:
        try:
            result = read_file(path, data=data)  # the bytes just written when the writer has them in one piece
        except (UnreadableFile, OSError):
            pass
    if result is not None:
        embedded = {k: result.fields[k].value for k in values if k in result.fields}
        sources = {k: result.fields[k].source for k in values if k in result.fields}
        candidates = {k: result.fields[k].candidates for k in values if k in result.fields}
        facts = result.facts
        if target and target != str(path):
            facts.sidecar = target
        return embedded, sources, candidates, facts, result.warnings
    st = path.stat()
    if before is None:
        with open(path, "rb") as fh:
            before = FileFacts(path=str(path), size=0, mtime_ns=0, content_hash="", format=sniff(fh.read(64), path) or "")
    facts = replace(before, size=st.st_size, mtime_ns=st.st_mtime_ns, content_hash=hashlib.sha256(data).hexdigest() if data is not None else sha256_file(path))
    if target and target != str(path):
        facts.sidecar = target
    return dict(values), {k: "xmp" for k in values}, {}, facts, None
