"""Lossless, atomic write-back of an item's working values into its file.

Only metadata blocks change: exiv2 rewrites XMP, IIM and EXIF on an in-memory copy
(``exiv2io.write_blocks``), this module tidies the JPEG structure exiv2 leaves behind
(one IIM block, a current IPTC digest, no stale IIM trailer) and checks that the
compressed image data is byte-for-byte what it was. The result goes to a temporary
file in the same folder, is flushed and fsynced, then ``os.replace``d over the original,
so a crash at any moment leaves either the old file or the new one.

RAW files are never written: their values go to an XMP sidecar (``name.xmp``, or an
existing ``name.ext.xmp``), written atomically as well.

``backup=True`` keeps the previous version as ``name.ext.bak`` beside the file (a hard
link to the old bytes where the file system allows, else a copy); an older ``.bak`` is
replaced.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import stat
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.fields import BY_KEY, FIELD_KEYS, empty_value, is_blank, normalize_value
from app.metadata import exiv2io
from app.metadata.formats import RAW_EXTENSIONS, SIDECAR_EXTENSION, sniff
from app.metadata.irb import iim_datasets
from app.metadata.sidecar import find_sidecar
from app.model import FileFacts, Item, Value

BACKUP_SUFFIX = ".bak"
_TMP_PREFIX = ".creditline-"
_TMP_SUFFIX = ".tmp"
# Formats exiv2 writes in place; HEIF/AVIF are read-only in libexiv2 0.28.
WRITABLE_FORMATS = frozenset({"JPEG", "TIFF", "PNG", "WEBP"})

Hook = Callable[[str], None]  # called with a stage name; tests use it to pause or crash


class WriteError(Exception):
    """A file that cannot be written; the message is one line meant for the user."""


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
    facts: FileFacts | None = None  # the file's facts after the write

    synced: list[str] = field(default_factory=list)  # unedited fields written so IIM and XMP agree

    @property
    def ok(self) -> bool:
        return self.status in ("written", "planned", "unchanged", "no-file")


# --- planning -----------------------------------------------------------------------------

def _same(key: str, a: object, b: object) -> bool:
    return normalize_value(key, a) == normalize_value(key, b)


def keys_to_write(item: Item, force: bool = False) -> list[str]:
    """Fields to write: the edited ones, or with ``force`` every field of the table."""
    if force:
        return list(FIELD_KEYS)
    changed = set(item.changed_fields())
    return [k for k in FIELD_KEYS if k in changed]


def plan_write(item: Item, force: bool = False) -> list[FieldChange]:
    """Each field whose working value differs from the file's: old (embedded) and new (working)."""
    out = []
    for key in keys_to_write(item, force):
        new = normalize_value(key, item.fields.get(key, empty_value(key)))
        old = normalize_value(key, item.embedded.get(key, empty_value(key)))
        if old != new or (force and _stale_copies(item, key, new)):
            out.append(FieldChange(key, old, new))
    return out


def _stale_copies(item: Item, key: str, new: Value) -> bool:
    """True when some block of the file holds another value than ``new`` (force rewrites it)."""
    for value in item.candidates.get(key, {}).values():
        if not _same(key, value, new):
            return True
    return False


def _iim_holds(key: str, iim: Value, xmp: Value) -> bool:
    """True when the IIM value is the XMP one, or the XMP one cut at the IIM byte limit."""
    f = BY_KEY[key]
    a = iim if isinstance(iim, list) else [iim]
    b = xmp if isinstance(xmp, list) else [xmp]
    limit = f.iim_limit or 0
    return len(a) == len(b) and all(x == y or (limit and x == exiv2io.cut_utf8(y, limit)) for x, y in zip(a, b, strict=True))


def sync_keys(item: Item, keys: list[str]) -> list[str]:
    """Unedited fields whose IIM and XMP copies disagree, when the write rewrites IIM.

    The write makes the IPTC digest current, which tells every MWG reader "XMP and IIM
    agree, read XMP". Where they did not (a non-XMP-aware tool edited IIM, so readers
    showed IIM), the value shown until now is written to both so it stays the one shown.
    """
    if not any(BY_KEY[k].iim for k in keys):
        return []
    out = []
    for key in FIELD_KEYS:
        f = BY_KEY[key]
        cands = item.candidates.get(key) or {}
        if key in keys or not (f.iim and f.xmp) or "iim" not in cands:
            continue
        iim = normalize_value(key, cands["iim"])
        xmp = normalize_value(key, cands.get("xmp", empty_value(key)))
        if is_blank(iim) or _iim_holds(key, iim, xmp):
            continue
        out.append(key)
    return out


# --- file checks ------------------------------------------------------------------------

def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def changed_on_disk(path: Path, expected: FileFacts | None, data: bytes | None = None) -> str | None:
    """Why the file no longer matches what was read, or None. A new mtime with the same
    bytes (a touch, a copy) is not a change. ``data``: the bytes just read, which are the
    ones that will be rewritten, so they are what is checked."""
    if expected is None:
        return None
    st = path.stat()
    size = len(data) if data is not None else st.st_size
    if size != expected.size:
        return f"its size changed ({expected.size} -> {size} bytes)"
    if st.st_mtime_ns != expected.mtime_ns and expected.content_hash:
        digest = hashlib.sha256(data).hexdigest() if data is not None else sha256_file(path)
        if digest != expected.content_hash:
            return "its content changed"
    return None


def _check_writable(path: Path) -> None:
    """Refuse read-only files and folders up front, even for root, whom the OS lets write:
    a photo editor who locked a file means it."""
    if not _writable(path):
        raise WriteError("the file is read-only")
    _check_writable_folder(path.parent)


def _check_writable_folder(folder: Path) -> None:
    # The temp file and the rename need the folder, whatever the file's own mode says.
    if not _writable(folder):
        raise WriteError(f"the folder {folder} is read-only")


def _writable(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def sidecar_for(path: Path) -> Path:
    """The sidecar the reader uses (``name.ext.xmp`` wins, as darktable writes it), else a new
    ``name.xmp`` (Adobe, Photo Mechanic)."""
    return find_sidecar(path) or path.with_suffix(SIDECAR_EXTENSION)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


# --- atomic replace -------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes, *, backup: bool = False, hook: Hook | None = None,
                 mode: int | None = None) -> Path | None:
    """Replace ``path`` by ``data`` so that readers and crashes only ever see a whole file.
    Keeps the permission bits (and the owner, where allowed). A symlink stays a symlink:
    its target is replaced. Returns the backup path when one was made."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    old = path.stat() if path.exists() else None
    if mode is None:
        mode = stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask()
    # A write killed before its rename leaves its temp file; the old file is whole, the temp is junk.
    for leftover in folder.glob(glob.escape(_TMP_PREFIX + path.name) + ".*" + _TMP_SUFFIX):
        leftover.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_TMP_PREFIX + path.name + ".", suffix=_TMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    made_backup = None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
        if hook:
            hook("before-replace")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    if hook:
        hook("replaced")
    return made_backup


def _make_backup(path: Path) -> Path:
    bak = backup_path(path)
    tmp = bak.with_name(bak.name + _TMP_SUFFIX)
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


# --- JPEG structure ----------------------------------------------------------------------

_PS_HEADER = b"Photoshop 3.0\x00"
_IRB_IIM, _IRB_DIGEST = 0x0404, 0x0425


@dataclass
class _Segment:
    marker: int
    start: int  # offset of the 0xFF
    end: int  # offset after the payload

    def payload(self, data: bytes) -> bytes:
        return data[self.start + 4:self.end]


def jpeg_layout(data: bytes) -> tuple[list[_Segment], int, int]:
    """The marker segments before the first SOS, the SOS offset and the offset just after
    EOI. Raises ValueError for something that is not a well-formed JPEG."""
    segments, sos, end = _head(data)
    return segments, sos, _find_eoi(data, end)


def _head(data: bytes) -> tuple[list[_Segment], int, int]:
    """Segments before the first SOS, the SOS offset and the end of the SOS header; only
    the (small) metadata part of the file is walked."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    segments: list[_Segment] = []
    pos = 2
    n = len(data)
    while True:
        while pos < n and data[pos] == 0xFF and pos + 1 < n and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 4 > n or data[pos] != 0xFF:
            raise ValueError("broken JPEG marker structure")
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if end > n or length < 2:
            raise ValueError("truncated JPEG segment")
        if marker == 0xDA:
            sos = pos
            break
        segments.append(_Segment(marker, pos, end))
        pos = end
    return segments, sos, end


def _trailer_signature(data: bytes) -> bool:
    """Cheap test for an AFCP or FotoStation trailer, before searching for EOI."""
    return data[-4:] == b"\xa1\xb2\xc3\xd4" or data[-12:-8] in (b"AXS!", b"AXS*")


# 0xFF followed by something other than stuffing (00), a restart marker (D0-D7) or fill (FF).
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _find_eoi(data: bytes, pos: int) -> int:
    n = len(data)
    while True:
        m = _MARKER.search(data, pos)
        if m is None:
            return n  # no EOI: a truncated file; its scan data runs to the end
        i = m.start()
        if data[i + 1] == 0xD9:
            return i + 2
        # Progressive JPEGs put DHT/SOS/DRI segments between scans.
        if i + 4 > n:
            return n
        pos = i + 2 + struct.unpack(">H", data[i + 2:i + 4])[0]


def scan_data(data: bytes) -> bytes:
    """The compressed image: from the first SOS to EOI, both included."""
    _, sos, eoi = jpeg_layout(data)
    return data[sos:eoi]


@dataclass
class _Resource:
    sig: bytes
    rid: int
    name: bytes  # the Pascal string with its padding, as stored
    data: bytes

    def encode(self) -> bytes:
        pad = b"\x00" if len(self.data) % 2 else b""
        return self.sig + struct.pack(">H", self.rid) + self.name + struct.pack(">I", len(self.data)) + self.data + pad


def parse_irb(blob: bytes) -> list[_Resource]:
    """Photoshop image resource blocks; ValueError when they do not parse cleanly."""
    out = []
    pos, n = 0, len(blob)
    while pos < n:
        if n - pos < 12 and not blob[pos:].strip(b"\x00"):
            break  # trailing padding
        sig = blob[pos:pos + 4]
        if sig not in (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa"):
            raise ValueError("bad image resource signature")
        rid = struct.unpack(">H", blob[pos + 4:pos + 6])[0]
        name_len = blob[pos + 6]
        name_total = name_len + 1 + ((name_len + 1) % 2)
        name = blob[pos + 6:pos + 6 + name_total]
        size_at = pos + 6 + name_total
        if size_at + 4 > n:
            raise ValueError("truncated image resource")
        size = struct.unpack(">I", blob[size_at:size_at + 4])[0]
        start = size_at + 4
        if start + size > n:
            raise ValueError("truncated image resource")
        out.append(_Resource(sig, rid, name, blob[start:start + size]))
        pos = start + size + (size % 2)
    return out


def parse_iim(blob: bytes) -> list[tuple[int, int, bytes]]:
    """(record, dataset, raw bytes) of an IIM block; stops at the first thing that is not a dataset."""
    return iim_datasets(blob)


def _photoshop_segments(data: bytes, segments: list[_Segment]) -> list[_Segment]:
    return [s for s in segments if s.marker == 0xED and s.payload(data).startswith(_PS_HEADER)]


def _app13_resources(data: bytes, ps: list[_Segment]) -> list[_Resource] | None:
    """All resources of the Photoshop APP13 segments, each parsed on its own or, failing
    that, as one stream split across segments; None when neither parses."""
    try:
        out = []
        for s in ps:
            out.extend(parse_irb(s.payload(data)[len(_PS_HEADER):]))
        return out
    except ValueError:
        pass
    try:
        return parse_irb(b"".join(s.payload(data)[len(_PS_HEADER):] for s in ps))
    except ValueError:
        return None


def secondary_iim(data: bytes) -> list[tuple[int, int, bytes]]:
    """IIM datasets of the blocks exiv2 does not read or keep: APP13 segments after the
    first, and AFCP/FotoStation trailers. They are merged into the one block we write."""
    try:
        segments, _, _ = _head(data)
    except ValueError:
        return []
    out: list[tuple[int, int, bytes]] = []
    ps = _photoshop_segments(data, segments)
    if len(ps) > 1:
        for s in ps[1:]:
            try:
                for r in parse_irb(s.payload(data)[len(_PS_HEADER):]):
                    if r.rid == _IRB_IIM:
                        out.extend(parse_iim(r.data))
            except ValueError:
                continue
    if _trailer_signature(data):
        for trailer in find_iim_trailers(data, jpeg_layout(data)[2]):
            out.extend(parse_iim(trailer.iim))
    return out


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def fix_jpeg_iim(data: bytes, warnings: list[str]) -> bytes:
    """One IIM block in one place, with its IPTC digest (IRB 0x0425 = md5 of the block)
    current so Photoshop and Lightroom trust it. Only segments before SOS change."""
    segments, sos, _ = _head(data)
    ps = _photoshop_segments(data, segments)
    if not ps:
        return data
    resources = _app13_resources(data, ps)
    if resources is None:
        warnings.append("the Photoshop APP13 block does not parse; its IPTC digest was left as it was")
        return data
    kept: list[_Resource] = []
    iim: bytes | None = None
    for r in resources:
        if r.rid == _IRB_IIM:
            if iim is None and r.data.strip(b"\x00"):
                iim = r.data
                kept.append(r)
            continue  # a second IIM block would only repeat old values
        if r.rid == _IRB_DIGEST:
            continue
        kept.append(r)
    if iim is not None:
        digest = _Resource(b"8BIM", _IRB_DIGEST, b"\x00\x00", hashlib.md5(iim).digest())
        at = next(i for i, r in enumerate(kept) if r.rid == _IRB_IIM)
        kept.insert(at + 1, digest)
    chunks: list[bytes] = []
    current = b""
    for r in kept:
        enc = r.encode()
        if current and len(_PS_HEADER) + len(current) + len(enc) > 65533:
            chunks.append(current)
            current = b""
        current += enc
    if current:
        chunks.append(current)
    new_app13 = b"".join(_segment(0xED, _PS_HEADER + c) for c in chunks)
    first = ps[0]
    out = bytearray()
    out += data[:first.start]
    for s in segments:
        if s.start < first.start:
            continue
        if s is first:
            out += new_app13
        elif s in ps:
            continue
        else:
            out += data[s.start:s.end]
    out += data[sos:]
    return bytes(out)


@dataclass
class Trailer:
    kind: str  # "AFCP" | "FotoStation"
    start: int  # the IIM record (FotoStation) or the whole AFCP trailer
    end: int
    iim: bytes
    rebuilt: bytes = b""  # AFCP: the trailer without its IPTC entry (empty when nothing else was in it)


def find_iim_trailers(data: bytes, eoi: int) -> list[Trailer]:
    """IIM stored after EOI by AXS (AFCP) or FotoWare (FotoStation) software."""
    out: list[Trailer] = []
    end = len(data)
    # FotoStation records chain backwards from the end: data, tag(2), size(4), 0xA1B2C3D4;
    # each is self-contained, so one can be cut out without touching the others.
    pos = end
    while pos - 10 >= eoi:
        tag, size, sig = struct.unpack(">HII", data[pos - 10:pos])
        if sig != 0xA1B2C3D4 or size < 10 or pos - size < eoi:
            break
        if tag == 1:
            out.append(Trailer("FotoStation", pos - size, pos, data[pos - size:pos - 10]))
        pos -= size
    end = pos
    # AFCP: header "AXS!"/"AXS*", version, entry count, 4 zero bytes; directory of (tag, size,
    # offset from the file start); values; then "AXS!" + trailer start + checksum.
    if end - 12 >= eoi and data[end - 12:end - 8] in (b"AXS!", b"AXS*"):
        hdr = data[end - 12:end - 8]
        order = ">" if hdr == b"AXS!" else "<"
        start = data.find(hdr, eoi, end - 12)
        if start >= 0 and start + 12 <= end:
            count = struct.unpack(order + "H", data[start + 6:start + 8])[0]
            shift = start - struct.unpack(order + "I", data[end - 8:end - 4])[0]  # the file moved
            entries, iim = [], b""
            for i in range(count):
                e = start + 12 + 12 * i
                if e + 12 > end:
                    return out
                tag = data[e:e + 4]
                size, offset = struct.unpack(order + "II", data[e + 4:e + 12])
                value = data[offset + shift:offset + shift + size]
                if tag == b"IPTC":
                    iim = value
                else:
                    entries.append((tag, value))
            if iim:
                out.append(Trailer("AFCP", start, end, iim, _afcp(hdr, order, data[start + 4:start + 6],
                                                                start, entries)))
    return out


def _afcp(hdr: bytes, order: str, version: bytes, start: int, entries: list[tuple[bytes, bytes]]) -> bytes:
    if not entries:
        return b""
    directory, values = b"", b""
    first_value = start + 12 + 12 * len(entries)
    for tag, value in entries:
        directory += tag + struct.pack(order + "II", len(value), first_value + len(values))
        values += value
    return (hdr + version + struct.pack(order + "HI", len(entries), 0) + directory + values
            + hdr + struct.pack(order + "II", start, 0))


def strip_iim_trailers(data: bytes) -> bytes:
    """Remove the IIM of AFCP/FotoStation trailers (merged into APP13 already), keeping
    whatever else they hold (thumbnails, soft crops)."""
    if not _trailer_signature(data):
        return data
    try:
        _, _, eoi = jpeg_layout(data)
    except ValueError:
        return data
    for t in sorted(find_iim_trailers(data, eoi), key=lambda t: t.start, reverse=True):
        data = data[:t.start] + t.rebuilt + data[t.end:]
    return data


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


def encode_file(data: bytes, values: dict[str, Value], fmt: str | None = None) -> tuple[bytes, list[str]]:
    """New file bytes for ``data`` with ``values`` written; raises WriteError. For JPEG the
    scan data is checked to be unchanged."""
    fmt = fmt or sniff(data)
    if fmt not in WRITABLE_FORMATS:
        raise WriteError(f"{fmt or 'this file type'} files cannot be written in place")
    warnings: list[str] = []
    old_scan = b""
    if fmt == "JPEG":
        try:
            _, sos, eoi = jpeg_layout(data)
        except ValueError as exc:
            raise WriteError(f"the JPEG structure is broken ({exc}); not written") from None
        old_scan = data[sos:eoi]
    extra = secondary_iim(data) if fmt == "JPEG" else []
    try:
        written = exiv2io.write_blocks(data, values, extra_iim=extra)
    except exiv2io.Exiv2WriteError as exc:
        raise WriteError(str(exc)) from None
    warnings.extend(written.warnings)
    new = written.data
    if fmt == "JPEG":
        try:
            if written.wrote_iim:
                new = fix_jpeg_iim(new, warnings)
                new = strip_iim_trailers(new)  # after the APP13 fix, so AFCP offsets match the final layout
            # The same compressed bytes must follow the new SOS (only what precedes it changed).
            new_sos = _head(new)[1]
            if new[new_sos:new_sos + len(old_scan)] != old_scan or not old_scan.endswith(b"\xff\xd9"):
                if not _same_scan_slow(new, old_scan):
                    raise WriteError("the image data would change; nothing was written")
        except ValueError as exc:
            raise WriteError(f"unexpected JPEG structure after writing: {exc}") from None
    elif fmt == "TIFF" and written.wrote_iim:
        new = _fix_tiff_digest(new, warnings)
    return new, warnings


def _same_scan_slow(new: bytes, old_scan: bytes) -> bool:
    return scan_data(new) == old_scan  # truncated files have no EOI: compare the way scan_data cuts


def _fix_tiff_digest(data: bytes, warnings: list[str]) -> bytes:
    """TIFF keeps IIM in tag 33723 and, from Photoshop, a copy plus the digest in the IRB
    tag 34377; exiv2 updates the copy but not the digest."""
    try:
        blocks = exiv2io.read_blocks(data)
    except exiv2io.Exiv2ReadError:
        return data
    if not blocks.tiff_irb:
        return data
    try:
        resources = parse_irb(blocks.tiff_irb)
    except ValueError:
        warnings.append("the Photoshop resources do not parse; the IPTC digest was left as it was")
        return data
    kept = [r for r in resources if r.rid != _IRB_DIGEST]
    if blocks.tiff_iim:
        kept.append(_Resource(b"8BIM", _IRB_DIGEST, b"\x00\x00", hashlib.md5(blocks.tiff_iim).digest()))
    try:
        return exiv2io.set_tiff_irb(data, b"".join(r.encode() for r in kept))
    except exiv2io.Exiv2WriteError as exc:
        warnings.append(f"IPTC digest not updated: {exc}")
        return data


def write_file(item: Item, *, force: bool = False, backup: bool = False, dry_run: bool = False,
               keys: list[str] | None = None, hook: Hook | None = None, reread: bool = True) -> WriteOutcome:
    """Write ``item``'s changed fields (all fields with ``force``) into its file, or its
    sidecar for RAW. Never raises for a bad file: the outcome says what happened.
    ``reread`` reads the file back for ``outcome.embedded``/``facts`` (what the catalog
    records); without it they are the values written and fresh size/mtime/hash."""
    outcome = WriteOutcome(item.id, item.path, "unchanged")
    if not item.path:
        outcome.status, outcome.message = "no-file", "caption-only item: no file to write"
        return outcome
    path = Path(item.path)
    keys = keys if keys is not None else keys_to_write(item, force)
    outcome.changes = [c for c in plan_write(item, force) if c.key in keys]
    if not keys or (not outcome.changes and not force):
        outcome.message = "nothing to write"
        return outcome
    outcome.synced = sync_keys(item, keys)
    keys = [k for k in FIELD_KEYS if k in set(keys) | set(outcome.synced)]
    try:
        if not path.exists():
            raise WriteError("the file is missing")
        fmt = item.facts.format if item.facts else None
        raw = _is_raw(path, fmt)
        data = None if raw else path.read_bytes()
        why = None if force else changed_on_disk(path, item.facts, data)
        if why:
            outcome.status = "skipped"
            outcome.message = f"changed on disk since it was read: {why}; re-import it or use --force"
            return outcome
        if dry_run:
            outcome.status = "planned"
            return outcome
        values = _values(item, keys)
        if raw:
            target = sidecar_for(path)
            if target.exists():
                _check_writable(target)
            else:
                _check_writable_folder(target.parent)
            existing = target.read_bytes() if target.exists() else None
            new = exiv2io.write_sidecar(existing, values)
            file_bytes = None  # the RAW itself is unchanged; the reader reads it with the sidecar
            bak = atomic_write(target, new, backup=backup and target.exists(), hook=hook)
            outcome.target = str(target)
        else:
            assert data is not None
            _check_writable(path)
            new, warnings = encode_file(data, values, sniff(data, path))
            file_bytes = new
            outcome.warnings.extend(warnings)
            bak = atomic_write(path, new, backup=backup, hook=hook)
            outcome.target = str(path)
    except WriteError as exc:
        outcome.status, outcome.message = "failed", str(exc)
        return outcome
    except exiv2io.Exiv2WriteError as exc:
        outcome.status, outcome.message = "failed", str(exc)
        return outcome
    except PermissionError:
        outcome.status, outcome.message = "failed", f"permission denied writing in {path.parent}"
        return outcome
    except OSError as exc:
        outcome.status, outcome.message = "failed", f"{exc.strerror or exc}"
        return outcome
    outcome.status = "written"
    outcome.backup = str(bak) if bak else None
    try:
        outcome.embedded, outcome.sources, outcome.facts = _state_after(path, item.facts, outcome.target, values,
                                                                        reread, file_bytes)
    except OSError as exc:  # written, but unreadable now: the catalog keeps the edit and re-import sorts it out
        outcome.warnings.append(f"written, but could not be read back: {exc.strerror or exc}")
    outcome.message = f"wrote {len(outcome.changes)} field(s)"
    if outcome.target != str(path):
        outcome.message += f" to {outcome.target}"
    return outcome


def _state_after(path: Path, before: FileFacts | None, target: str | None,
                 values: dict[str, Value], reread: bool = True, data: bytes | None = None
                 ) -> tuple[dict[str, Value], dict[str, str | None], FileFacts]:
    """What the file says now for the written keys, read back with the reader the catalog
    uses, and its new facts; falls back to the values written if the re-read fails."""
    from app.metadata.read import UnreadableFile, read_file  # noqa: PLC0415 - read imports heavier deps

    result = None
    if reread:
        try:
            result = read_file(path, data=data)  # the bytes just written, not a second disk read
        except (UnreadableFile, OSError):
            pass
    if result is not None:
        embedded = {k: result.fields[k].value for k in values if k in result.fields}
        sources = {k: result.fields[k].source for k in values if k in result.fields}
        facts = result.facts
        if target and target != str(path):
            facts.sidecar = target
        return embedded, sources, facts
    st = path.stat()
    if before is None:
        with open(path, "rb") as fh:
            before = FileFacts(path=str(path), size=0, mtime_ns=0, content_hash="", format=sniff(fh.read(64), path) or "")
    facts = replace(before, size=st.st_size, mtime_ns=st.st_mtime_ns, content_hash=hashlib.sha256(data).hexdigest() if data is not None else sha256_file(path))
    if target and target != str(path):
        facts.sidecar = target
    return dict(values), {k: "xmp" for k in values}, facts
