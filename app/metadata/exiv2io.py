"""Every call into libexiv2 lives here.

libexiv2 is not thread-safe (its XMP toolkit and the log handler are global), so
each public function takes the one process-wide lock for its whole use of exiv2.
Worker processes get their own copy of the lock and of the library, which is fine.
Values leave this module as plain Python data: raw bytes for IIM (the caller
decides the charset), text for XMP, nothing that refers to exiv2 objects.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import exiv2

_LOCK = threading.Lock()


def _new_lock_in_child() -> None:
    # A child forked while another thread held the lock would inherit it held forever.
    global _LOCK
    _LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_in_child)
_LOG = logging.getLogger("exiv2")

# exiv2 reports recoverable trouble (bad IPTC tags, odd dates) through its log; we
# collect it per call instead of letting it reach the console.
_LOG.propagate = False
_LOG.addHandler(logging.NullHandler())  # keeps Python's last-resort handler off stderr
_LOG.setLevel(logging.WARNING)

def _register_namespaces() -> None:
    """The field table's XMP prefixes exiv2 does not know (``app.fields.XMP_NAMESPACES``, e.g.
    Photo Mechanic's ``photomechanic`` for the tag): without them, setting or removing such a
    property fails the whole file's write, as ``--force`` (every field) would on every photo."""
    from app.fields import XMP_NAMESPACES  # noqa: PLC0415 - the table, read once

    with _LOCK:
        for prefix, uri in XMP_NAMESPACES.items():
            exiv2.XmpProperties.registerNs(uri, prefix)


_register_namespaces()

# The EXIF tags the reader takes (exifread reads them only where exiv2 finds no EXIF).
EXIF_KEYS: tuple[str, ...] = (
    "Exif.Image.ImageDescription", "Exif.Image.Artist", "Exif.Image.Copyright",
    "Exif.Image.Orientation", "Exif.Image.Make", "Exif.Image.Model",
    "Exif.Photo.DateTimeOriginal", "Exif.Photo.OffsetTimeOriginal",
    "Exif.GPSInfo.GPSLatitudeRef", "Exif.GPSInfo.GPSLatitude",
    "Exif.GPSInfo.GPSLongitudeRef", "Exif.GPSInfo.GPSLongitude",
)
# TIFF keeps IIM and the Photoshop resources in IFD0 tags; the digest needs their raw bytes.
_TIFF_IIM = "Exif.Image.IPTCNAA"
_TIFF_IRB = "Exif.Image.ImageResources"
# The keys a read looks up, made once: building an ExifKey parses its name, and the 14 of them
# were a third of the EXIF look-ups' 0.06 ms a photo (exif.end() once, not per key, is another 0.01).
_READ_KEYS = tuple((key, exiv2.ExifKey(key)) for key in EXIF_KEYS)
_TIFF_IIM_KEY, _TIFF_IRB_KEY = exiv2.ExifKey(_TIFF_IIM), exiv2.ExifKey(_TIFF_IRB)
_TIFF_XMP_KEY = exiv2.ExifKey("Exif.Image.XMLPacket")


class Exiv2ReadError(Exception):
    """exiv2 could not parse the file at all (the message is one line)."""


@dataclass
class Blocks:
    """What exiv2 found: IIM as raw bytes, XMP as text, a few EXIF fallbacks."""

    iim: list[tuple[str, bytes | str]] = field(default_factory=list)  # (key, raw bytes or exiv2's text for dates)
    xmp: dict[str, str | list[str]] = field(default_factory=dict)  # LangAlt -> x-default text; arrays -> list
    exif: dict[str, str] = field(default_factory=dict)  # EXIF_KEYS found, as exiv2 prints them
    tiff_iim: bytes | None = None
    tiff_irb: bytes | None = None
    # A TIFF's tag 700 as stored, when exiv2 decoded no XMP from it (the raw packet a lenient
    # reading needs, where Pillow cannot open the file).
    tiff_xmp: bytes | None = None
    xmp_packet: str = ""  # exiv2's serialisation of what it decoded (not the stored bytes)
    xmp_failed: bool = False  # a packet was there, but exiv2 could not decode it
    width: int | None = None
    height: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Preview:
    width: int
    height: int
    mime_type: str
    data: bytes


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage().strip()
        if msg and msg not in self.messages:
            self.messages.append(msg)


def error_text(exc: BaseException) -> str:
    """exiv2 errors carry (code, message); a reader wants the message on one line."""
    msg = exc.args[-1] if exc.args and isinstance(exc.args[-1], str) else str(exc)
    return " ".join(msg.split()) or type(exc).__name__


def _open(source: str | Path | bytes):
    if isinstance(source, (bytes, bytearray, memoryview)):
        image = exiv2.ImageFactory.open(bytes(source))
    else:
        image = exiv2.ImageFactory.open(str(source))
    image.readMetadata()
    return image


def _iim_raw(datum) -> bytes | str:
    value = datum.value()
    data = getattr(value, "data", None)
    if callable(data):
        return bytes(data())
    # Date and Time datasets come parsed; exiv2's ISO text is what we want from them.
    return datum.toString()


def _xmp_value(datum) -> str | list[str]:
    # getValue() (a copy of the typed value) costs a third of value() here: a photo's ~12
    # properties 0.032 -> 0.020 ms of CPU, and every value read the same on the bench photos and corpus.
    value = datum.getValue()
    if isinstance(value, exiv2.LangAltValue):
        langs = dict(value)
        if "x-default" in langs:
            return langs["x-default"]
        return next(iter(langs.values()), "")
    if isinstance(value, exiv2.XmpArrayValue):
        return [value.toString(i) for i in range(value.count())]
    return datum.toString()


def _exif_raw(exif, key: exiv2.ExifKey, byte_order) -> bytes | None:
    """The tag's bytes as stored: LONG-typed blobs (IPTC-NAA often is) must be
    serialised in the file's own byte order to get the original bytes back."""
    pos = exif.findKey(key)
    if pos == exif.end():
        return None
    buf = bytearray(pos.size())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pos.copy(buf, byte_order)
    return bytes(buf)


def read_blocks(source: str | Path | bytes, *, packet: bool = False) -> Blocks:
    """IIM, XMP and a few EXIF values of a file (path or bytes); with ``packet``, also
    exiv2's serialisation of the XMP it decoded. Raises Exiv2ReadError when exiv2 cannot
    make sense of the container."""
    collect = _Collect()
    with _LOCK:
        _LOG.addHandler(collect)
        try:
            out = _read_blocks(_open(source), packet)
        except exiv2.Exiv2Error as exc:
            raise Exiv2ReadError(error_text(exc)) from None
        finally:
            _LOG.removeHandler(collect)
    out.warnings.extend(collect.messages)
    out.xmp_failed = any("Failed to decode XMP" in m for m in collect.messages)
    return out


def _read_blocks(image, packet: bool = False) -> Blocks:
    out = Blocks()
    try:
        out.width, out.height = image.pixelWidth() or None, image.pixelHeight() or None
    except exiv2.Exiv2Error:
        pass
    for datum in image.iptcData():
        out.iim.append((datum.key(), _iim_raw(datum)))
    for datum in image.xmpData():
        try:
            out.xmp[datum.key()] = _xmp_value(datum)
        except exiv2.Exiv2Error as exc:  # a malformed property must not lose the others
            out.warnings.append(f"XMP {datum.key()}: {error_text(exc)}")
    if packet:
        try:
            out.xmp_packet = image.xmpPacket() or ""
        except (exiv2.Exiv2Error, UnicodeDecodeError):
            out.xmp_packet = ""
    exif = image.exifData()
    end = exif.end()
    for key, exif_key in _READ_KEYS:
        pos = exif.findKey(exif_key)
        if pos != end:
            out.exif[key] = pos.toString()  # GPS comes as "num/den num/den num/den"
    order = image.byteOrder()
    if order == exiv2.ByteOrder.invalidByteOrder:
        order = exiv2.ByteOrder.bigEndian
    out.tiff_iim = _exif_raw(exif, _TIFF_IIM_KEY, order)
    out.tiff_irb = _exif_raw(exif, _TIFF_IRB_KEY, order)
    if not out.xmp:
        out.tiff_xmp = _exif_raw(exif, _TIFF_XMP_KEY, order)
    return out


def best_preview(source: str | Path | bytes, min_long_edge: int,
                 aspect: float | None = None, tolerance: float = 0.02) -> Preview | None:
    """The smallest embedded preview whose long edge is at least ``min_long_edge`` and,
    when ``aspect`` (width/height of the stored photo) is given, whose shape matches it
    (a 160x120 thumbnail of a 3:2 photo is letterboxed, so it is refused). Only the chosen
    preview is copied out of the file."""
    with _LOCK:
        try:
            image = _open(source)
            manager = exiv2.PreviewManager(image)
            fitting = []
            for p in manager.getPreviewProperties():
                w, h = p.width_, p.height_
                if not w or not h or max(w, h) < min_long_edge:
                    continue
                if aspect and abs((w / h) / aspect - 1) > tolerance:
                    continue
                fitting.append((w * h, p))
            if not fitting:
                return None
            fitting.sort(key=lambda t: t[0])
            chosen = fitting[0][1]
            img = manager.getPreviewImage(chosen)
            return Preview(chosen.width_, chosen.height_, chosen.mimeType_, bytes(img.data()))
        except exiv2.Exiv2Error:
            return None


# --- writing ---
# The write side: fields go in as plain Python values (keys of app.fields), bytes come
# out. exiv2 works on an in-memory copy, so the file on disk is never touched here;
# app.metadata.write does the atomic replace and the JPEG structure fix-ups.

_IIM_CHARSET_KEY = "Iptc.Envelope.CharacterSet"
_IIM_TIME_KEY = "Iptc.Application2.TimeCreated"  # the time half of 2:55 DateCreated
# exiv2's TypeId.string/date/time, as IptcDataSets.dataSetType() returns them
_IIM_STRING, _IIM_DATE, _IIM_TIME = 0x10000, 0x10001, 0x10002
_WRITABLE = (exiv2.AccessMode.amWrite, exiv2.AccessMode.amReadWrite)


class Exiv2WriteError(Exception):
    """exiv2 cannot write this file (read-only format, broken structure); one line."""


@dataclass
class Written:
    data: bytes
    warnings: list[str] = field(default_factory=list)
    wrote_iim: bool = False
    log: list[str] = field(default_factory=list)  # exiv2's complaints about the old content


def _one_line(exc: Exception) -> str:
    text = str(getattr(exc, "message", "") or exc).strip()  # Exiv2Error.args is (code, message)
    return text.splitlines()[0] if text else type(exc).__name__


def _erase_all(container, key) -> None:
    pos = container.findKey(key)
    while pos != container.end():
        container.erase(pos)
        pos = container.findKey(key)


def cut_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes without splitting a character."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")


def _set_exif(exif, key_name: str, text: str) -> None:
    key = exiv2.ExifKey(key_name)
    _erase_all(exif, key)
    if text:
        v = exiv2.AsciiValue()
        v.read(text)
        exif.add(key, v)


# Windows' own EXIF copies (UCS-2 XP tags) of the two fields whose Windows property is
# unambiguous (System.Author, System.Keywords); kept in sync only when a file already has them.
_XP_TWINS = {"Exif.Image.Artist": "Exif.Image.XPAuthor", "Exif.Image.XPKeywords": "Exif.Image.XPKeywords"}
XP_KEYWORDS = "Exif.Image.XPKeywords"


def _sync_xp(exif, key_name: str, text: str) -> None:
    xp = _XP_TWINS.get(key_name)
    if not xp or exif.findKey(exiv2.ExifKey(xp)) == exif.end():
        return
    _erase_all(exif, exiv2.ExifKey(xp))
    if text:
        v = exiv2.Value.create(exiv2.TypeId.unsignedByte)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            v.read(text.encode("utf-16-le") + b"\x00\x00", exiv2.ByteOrder.littleEndian)
        exif.add(exiv2.ExifKey(xp), v)


def _add_required_ifd0(exif) -> None:
    """The IFD0 tags EXIF requires of a JPEG, for an EXIF block we create (as ExifTool does)."""
    exif["Exif.Image.XResolution"] = exiv2.URationalValue([(72, 1)])
    exif["Exif.Image.YResolution"] = exiv2.URationalValue([(72, 1)])
    exif["Exif.Image.ResolutionUnit"] = exiv2.UShortValue(2)  # inches
    exif["Exif.Image.YCbCrPositioning"] = exiv2.UShortValue(1)  # centred


def _apply_exif(image, values: dict[str, str], create_ifd0: bool) -> None:
    exif = image.exifData()
    had_exif = exif.count() > 0
    for key_name, text in values.items():
        if key_name != XP_KEYWORDS:  # only ever a copy, kept in step when the file has it
            _set_exif(exif, key_name, text)
        _sync_xp(exif, key_name, text)
    if create_ifd0 and not had_exif and exif.count() and image.mimeType() == "image/jpeg":
        _add_required_ifd0(exif)


def _raw_datum(iptc, record: int, number: int, raw: bytes) -> None:
    # Raw bytes, whatever the dataset's type: exiv2 copies them as they are, where its date
    # and time types would rewrite them (and invent a "+00:00" offset).
    value = exiv2.Value.create(exiv2.TypeId.undefined)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        value.read(raw, exiv2.ByteOrder.bigEndian)
    iptc.add(exiv2.IptcKey(number, record), value)


def iim_block(datasets: list[tuple[str, bytes | str]]) -> bytes:
    """An IIM block rebuilt from exiv2's reading (``Blocks.iim``), for formats whose raw
    block cannot be had otherwise; dates and times as exiv2 parsed them."""
    out = bytearray()
    with _LOCK:
        for key_name, value in datasets:
            key = exiv2.IptcKey(key_name)
            if isinstance(value, str):
                digits = re.sub(r"[-:]", "", value)
                raw = digits.encode("ascii", "replace")
            else:
                raw = value
            out += bytes((0x1C, key.record(), key.tag())) + len(raw).to_bytes(2, "big") + raw
    return bytes(out)


def write_container(path: Path, *, exif: dict[str, str], xmp_packet: bytes | None,
                    iim: list[tuple[int, int, bytes]] | None) -> Written:
    """The file at ``path`` (TIFF, PNG, WebP; a temporary copy of the photo, rewritten in
    place) with the EXIF tags of ``exif`` set, the XMP packet replaced by ``xmp_packet`` as
    it is, and the IIM by the raw datasets ``iim`` (None: left alone). exiv2 places the blocks
    in the container. Through exiv2's file I/O, not its memory I/O: from memory, the old
    bytes, exiv2's new copy and that copy handed to Python were three copies of a big scan at
    once (932 MB for a 300 MB TIFF); from a file, only exiv2's own new copy is held (and, for a
    TIFF, its map of the old file). ``Written.data`` stays empty."""
    out = Written(b"")
    with _LOCK:
        try:
            image = _open(Path(path))
        except exiv2.Exiv2Error as exc:
            raise Exiv2WriteError(f"exiv2 cannot read its metadata: {_one_line(exc)}") from None
        if image.checkMode(exiv2.MetadataId.mdXmp) not in _WRITABLE:
            raise Exiv2WriteError(f"exiv2 cannot write metadata into {image.mimeType()} files")
        try:
            if xmp_packet is not None:
                image.setXmpPacket(xmp_packet.decode("utf-8"))
                image.writeXmpFromPacket(True)
            if iim is not None and image.checkMode(exiv2.MetadataId.mdIptc) in _WRITABLE:
                iptc = image.iptcData()
                iptc.clear()
                for record, number, raw in iim:
                    _raw_datum(iptc, record, number, raw)
                out.wrote_iim = True
            if exif and image.checkMode(exiv2.MetadataId.mdExif) in _WRITABLE:
                _apply_exif(image, exif, create_ifd0=False)
            image.writeMetadata()
        except exiv2.Exiv2Error as exc:
            raise Exiv2WriteError(f"exiv2 could not write it: {_one_line(exc)}") from None
    return out


def set_tiff_irb(path: Path, irb: bytes) -> None:
    """The TIFF at ``path`` (rewritten in place, as ``write_container``) with its Photoshop
    resources tag replaced by ``irb`` (to refresh the IPTC digest, which exiv2 leaves stale).
    Raises Exiv2WriteError."""
    with _LOCK:
        try:
            image = _open(Path(path))
            exif = image.exifData()
            pos = exif.findKey(exiv2.ExifKey(_TIFF_IRB))
            type_id = pos.typeId() if pos != exif.end() else exiv2.TypeId.unsignedByte
            _erase_all(exif, exiv2.ExifKey(_TIFF_IRB))
            value = exiv2.Value.create(type_id)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                value.read(irb, exiv2.ByteOrder.bigEndian)
            exif.add(exiv2.ExifKey(_TIFF_IRB), value)
            image.writeMetadata()
        except exiv2.Exiv2Error as exc:
            raise Exiv2WriteError(f"exiv2 could not update the Photoshop resources: {_one_line(exc)}") from None
