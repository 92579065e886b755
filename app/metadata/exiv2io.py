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

# The few EXIF tags read through exiv2 when exifread cannot parse a container (CR3, RAF...).
EXIF_FALLBACK_KEYS: tuple[str, ...] = (
    "Exif.Image.ImageDescription", "Exif.Image.Artist", "Exif.Image.Copyright",
    "Exif.Image.Orientation", "Exif.Image.Make", "Exif.Image.Model",
    "Exif.Photo.DateTimeOriginal", "Exif.Photo.OffsetTimeOriginal",
    "Exif.GPSInfo.GPSLatitudeRef", "Exif.GPSInfo.GPSLatitude",
    "Exif.GPSInfo.GPSLongitudeRef", "Exif.GPSInfo.GPSLongitude",
)
# TIFF keeps IIM and the Photoshop resources in IFD0 tags; the digest needs their raw bytes.
_TIFF_IIM = "Exif.Image.IPTCNAA"
_TIFF_IRB = "Exif.Image.ImageResources"


class Exiv2ReadError(Exception):
    """exiv2 could not parse the file at all (the message is one line)."""


@dataclass
class Blocks:
    """What exiv2 found: IIM as raw bytes, XMP as text, a few EXIF fallbacks."""

    iim: list[tuple[str, bytes | str]] = field(default_factory=list)  # (key, raw bytes or exiv2's text for dates)
    xmp: dict[str, str | list[str]] = field(default_factory=dict)  # LangAlt -> x-default text; arrays -> list
    exif: dict[str, str] = field(default_factory=dict)  # EXIF_FALLBACK_KEYS found, as exiv2 prints them
    tiff_iim: bytes | None = None
    tiff_irb: bytes | None = None
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
    value = datum.value()
    if isinstance(value, exiv2.LangAltValue):
        langs = dict(value)
        if "x-default" in langs:
            return langs["x-default"]
        return next(iter(langs.values()), "")
    if isinstance(value, exiv2.XmpArrayValue):
        return [value.toString(i) for i in range(value.count())]
    return datum.toString()


def _exif_raw(exif, key: str, byte_order) -> bytes | None:
    """The tag's bytes as stored: LONG-typed blobs (IPTC-NAA often is) must be
    serialised in the file's own byte order to get the original bytes back."""
    pos = exif.findKey(exiv2.ExifKey(key))
    if pos == exif.end():
        return None
    buf = bytearray(pos.size())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pos.copy(buf, byte_order)
    return bytes(buf)


def read_blocks(source: str | Path | bytes) -> Blocks:
    """IIM, XMP and a few EXIF values of a file (path or bytes). Raises
    Exiv2ReadError when exiv2 cannot make sense of the container."""
    collect = _Collect()
    with _LOCK:
        _LOG.addHandler(collect)
        try:
            out = _read_blocks(_open(source))
        except exiv2.Exiv2Error as exc:
            raise Exiv2ReadError(error_text(exc)) from None
        finally:
            _LOG.removeHandler(collect)
    out.warnings.extend(collect.messages)
    return out


def _read_blocks(image) -> Blocks:
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
    exif = image.exifData()
    for key in EXIF_FALLBACK_KEYS:
        pos = exif.findKey(exiv2.ExifKey(key))
        if pos != exif.end():
            out.exif[key] = pos.toString()  # GPS comes as "num/den num/den num/den"
    order = image.byteOrder()
    if order == exiv2.ByteOrder.invalidByteOrder:
        order = exiv2.ByteOrder.bigEndian
    out.tiff_iim = _exif_raw(exif, _TIFF_IIM, order)
    out.tiff_irb = _exif_raw(exif, _TIFF_IRB, order)
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


def _iim_text(raw: bytes, utf8_declared: bool) -> str:
    from app.metadata.charset import decode_iim  # noqa: PLC0415 - keep exiv2io free of app imports at load

    return decode_iim(raw, utf8_declared)


def _to_utf8_iim(iptc) -> None:
    """Re-encode every existing IIM string as UTF-8 so the 1:90 marker we add tells the truth
    for the datasets we do not write too (Latin-1 wire text would turn into mojibake)."""
    pos = iptc.findKey(exiv2.IptcKey(_IIM_CHARSET_KEY))
    declared = False
    if pos != iptc.end():
        declared = b"\x1b%G" in bytes(pos.value().data())
    for datum in iptc:
        if datum.key() == _IIM_CHARSET_KEY or datum.typeId() != exiv2.TypeId.string:
            continue
        raw = bytes(datum.value().data())
        text = _iim_text(raw, declared)
        new = text.encode("utf-8")
        if new != raw:
            value = exiv2.StringValue()
            value.read(text)  # a str goes in as UTF-8
            datum.setValue(value)
    iptc[_IIM_CHARSET_KEY] = "\x1b%G"


def _add_iim_string(iptc, key: str, text: str) -> None:
    value = exiv2.StringValue()
    value.read(text)  # a str goes in as UTF-8
    iptc.add(exiv2.IptcKey(key), value)


_ISO_DATE = re.compile(
    r"(\d{4})(?:[-:](\d{2}))?(?:[-:](\d{2}))?"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iim_date_time(text: str) -> tuple[str | None, str | None]:
    """ISO 8601 (date, optional time and offset) as exiv2's IIM date and time strings.
    IIM writes an unknown month or day as 00."""
    m = _ISO_DATE.match(text)
    if not m:
        return None, None
    year, month, day, hh, mm, ss, zone = m.groups()
    date = f"{year}-{month or '00'}-{day or '00'}"
    if hh is None:
        return date, None
    if not zone or zone == "Z":
        zone = "+00:00"
    elif ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    return date, f"{hh}:{mm}:{ss or '00'}{zone}"


def _set_iim(iptc, f, value, warnings_out: list[str]) -> None:
    key = exiv2.IptcKey(f.iim)
    _erase_all(iptc, key)
    if f.key == "date_created":
        _erase_all(iptc, exiv2.IptcKey(_IIM_TIME_KEY))
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            return
        date, time = _iim_date_time(text)
        if date is None:
            warnings_out.append(f"{f.key}: {text!r} is not a date IIM {f.iim_dataset} can hold; written to XMP only")
            return
        iptc[f.iim] = date
        if time:
            iptc[_IIM_TIME_KEY] = time
        return
    values = value if isinstance(value, list) else ([value] if value else [])
    for text in values:
        if not text:
            continue
        cut = cut_utf8(text, f.iim_limit) if f.iim_limit else text
        if cut != text:
            warnings_out.append(
                f"{f.key}: {len(text.encode('utf-8'))} bytes, IIM {f.iim_dataset} holds {f.iim_limit}; "
                f"cut there, the full text stays in XMP")
        _add_iim_string(iptc, f.iim, cut)


def _languages(xmp, key) -> tuple[str | None, dict[str, str]]:
    """The x-default text of ``key`` and its other language alternatives, which an edit of
    the default text must keep (an AFP caption's French original beside the English one)."""
    pos = xmp.findKey(key)
    if pos == xmp.end():
        return None, {}
    try:
        langs = dict(pos.value())
    except (TypeError, ValueError, exiv2.Exiv2Error):
        return None, {}  # not a language alternative after all: the edit replaces it whole
    return langs.pop("x-default", None), langs


def _set_xmp(xmp, f, value) -> None:
    from app.fields import XmpType  # noqa: PLC0415

    key = exiv2.XmpKey(f.xmp)
    old_default, others = _languages(xmp, key) if f.xmp_type is XmpType.LANG_ALT and value else (None, {})
    _erase_all(xmp, key)
    if f.key == "date_created" and isinstance(value, str) and "T" not in value:
        value = re.sub(r"([-:]00)+$", "", value)  # IIM's "unknown month/day" is a shorter date in XMP
    if not value:
        return
    if f.xmp_type is XmpType.LANG_ALT:
        text = value if isinstance(value, str) else "; ".join(value)
        # x-default is meant to copy one of the languages: the language that held the old
        # default text takes the new text with it; every other language is kept as it was.
        others = {lang: text if old == old_default else old for lang, old in others.items()}
        v = exiv2.LangAltValue({"x-default": text, **others})
        xmp.add(key, v)
    elif f.xmp_type in (XmpType.SEQ, XmpType.BAG):
        v = exiv2.XmpArrayValue(exiv2.TypeId.xmpSeq if f.xmp_type is XmpType.SEQ else exiv2.TypeId.xmpBag)
        for item in value if isinstance(value, list) else [value]:
            v.read(item)
        xmp.add(key, v)
    else:
        v = exiv2.XmpTextValue()
        v.read(value if isinstance(value, str) else "; ".join(value))
        xmp.add(key, v)


def _exif_text(value) -> str:
    # MWG: several creators go into EXIF Artist separated by "; ".
    return "; ".join(value) if isinstance(value, list) else value


def _set_exif(exif, xmp, f, value) -> None:
    key = exiv2.ExifKey(f.exif)
    _erase_all(exif, key)
    text = _exif_text(value) if value else ""
    if text:
        v = exiv2.AsciiValue()
        v.read(text)
        exif.add(key, v)
    # An XMP-tiff copy of the EXIF tag (some converters write one) must not keep the old text.
    tiff_key = exiv2.XmpKey("Xmp.tiff." + f.exif.rsplit(".", 1)[1])
    if xmp.findKey(tiff_key) != xmp.end():
        _erase_all(xmp, tiff_key)
        if text:
            if f.exif.endswith("Artist"):
                tv = exiv2.XmpTextValue()
                tv.read(text)
            else:
                tv = exiv2.LangAltValue()
                tv.read('lang="x-default" ' + text)
            xmp.add(tiff_key, tv)


# Windows' own EXIF copies (UCS-2 XP tags) of the two fields whose Windows property is
# unambiguous (System.Author, System.Keywords); kept in sync only when a file already has them.
_XP_TWINS = {"Exif.Image.Artist": "Exif.Image.XPAuthor", "Xmp.dc.subject": "Exif.Image.XPKeywords"}


def _sync_xp(exif, f, value) -> None:
    xp = _XP_TWINS.get(f.exif or "") or _XP_TWINS.get(f.xmp or "")
    if not xp or exif.findKey(exiv2.ExifKey(xp)) == exif.end():
        return
    _erase_all(exif, exiv2.ExifKey(xp))
    text = "; ".join(value) if isinstance(value, list) else (value or "")
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


def _merge_iim(iptc, extra: list[tuple[int, int, bytes]]) -> None:
    """Add datasets found in secondary IIM blocks (another APP13, a trailer) that the
    primary block lacks, so removing those blocks loses nothing."""
    present = {(d.record(), d.tag()) for d in iptc}
    for record, tag, raw in extra:
        if (record, tag) in present or record != 2:
            continue
        kind = exiv2.IptcDataSets.dataSetType(tag, record)
        if kind in (_IIM_DATE, _IIM_TIME):
            text = raw.decode("ascii", errors="replace")
            try:
                if kind == _IIM_DATE and len(text) == 8 and text.isdigit():
                    iptc[exiv2.IptcKey(tag, record).key()] = f"{text[:4]}-{text[4:6]}-{text[6:]}"
                elif kind == _IIM_TIME and len(text) == 11 and text[:6].isdigit():
                    iptc[exiv2.IptcKey(tag, record).key()] = (
                        f"{text[:2]}:{text[2:4]}:{text[4:6]}{text[6:9]}:{text[9:11]}")
            except exiv2.Exiv2Error:
                pass  # an unreadable date from a secondary block is not worth failing the write
            continue
        if kind != _IIM_STRING:
            continue
        text = _iim_text(raw, False)
        if not text or any(ord(c) < 32 and c not in "\r\n\t" for c in text) or "\ufffd" in text:
            continue  # junk from a broken block is not worth keeping
        value = exiv2.StringValue()
        value.read(text)
        iptc.add(exiv2.IptcKey(tag, record), value)


def write_blocks(data: bytes, values: dict, *, extra_iim: list[tuple[int, int, bytes]] | None = None,
                 exif_twins: bool = True) -> Written:
    """``data`` with each field in ``values`` (key -> value in app.fields shapes; blank =
    remove) set in XMP, IIM (UTF-8, 1:90 marker, cut to the byte limits) and the EXIF twin.
    Only metadata blocks change; exiv2 copies the image data as it is."""
    from app.fields import BY_KEY  # noqa: PLC0415

    collect = _Collect()
    out = Written(b"")
    with _LOCK:
        _LOG.addHandler(collect)
        try:
            try:
                image = _open(bytes(data))
            except exiv2.Exiv2Error as exc:
                raise Exiv2WriteError(f"exiv2 cannot read its metadata: {_one_line(exc)}") from None
            if image.checkMode(exiv2.MetadataId.mdXmp) not in _WRITABLE:
                raise Exiv2WriteError(f"exiv2 cannot write metadata into {image.mimeType()} files")
            can_iim = image.checkMode(exiv2.MetadataId.mdIptc) in _WRITABLE
            can_exif = exif_twins and image.checkMode(exiv2.MetadataId.mdExif) in _WRITABLE
            xmp, iptc, exif = image.xmpData(), image.iptcData(), image.exifData()
            touches_iim = can_iim and any(BY_KEY[k].iim for k in values)
            had_exif = exif.count() > 0
            try:
                if touches_iim:
                    _to_utf8_iim(iptc)
                    if extra_iim:
                        _merge_iim(iptc, extra_iim)
                for key, value in values.items():
                    f = BY_KEY[key]
                    if f.xmp:
                        _set_xmp(xmp, f, value)
                    if f.iim and touches_iim:
                        _set_iim(iptc, f, value, out.warnings)
                    if f.exif and can_exif:
                        _set_exif(exif, xmp, f, value)
                    if can_exif:
                        _sync_xp(exif, f, value)
                if touches_iim and not any(d.key() != _IIM_CHARSET_KEY for d in iptc):
                    _erase_all(iptc, exiv2.IptcKey(_IIM_CHARSET_KEY))  # a lone 1:90 is an empty block
                if not had_exif and exif.count() and image.mimeType() == "image/jpeg":
                    _add_required_ifd0(exif)
                image.writeMetadata()
            except exiv2.Exiv2Error as exc:
                raise Exiv2WriteError(f"exiv2 could not write it: {_one_line(exc)}") from None
            with image.io().mmap() as m:
                out.data = bytes(m)
            out.wrote_iim = touches_iim
        finally:
            _LOG.removeHandler(collect)
    out.log.extend(collect.messages)
    return out


def write_sidecar(existing: bytes | None, values: dict) -> bytes:
    """An XMP sidecar (``existing`` packet or a new one) with ``values`` set; XMP only."""
    from app.fields import BY_KEY  # noqa: PLC0415

    with _LOCK:
        try:
            if existing and existing.strip():
                image = _open(bytes(existing))
            else:
                image = exiv2.ImageFactory.create(exiv2.ImageType.xmp)
            xmp = image.xmpData()
            for key, value in values.items():
                f = BY_KEY[key]
                if f.xmp:
                    _set_xmp(xmp, f, value)
            image.writeMetadata()
            with image.io().mmap() as m:
                return bytes(m)
        except exiv2.Exiv2Error as exc:
            raise Exiv2WriteError(f"exiv2 could not write the sidecar: {_one_line(exc)}") from None


# --- writing ---
# (write-side functions are added below by the write-back module owner)


def set_tiff_irb(data: bytes, irb: bytes) -> bytes:
    """``data`` (a TIFF) with its Photoshop resources tag replaced by ``irb`` (to refresh the
    IPTC digest, which exiv2 leaves stale). Raises Exiv2WriteError."""
    with _LOCK:
        try:
            image = _open(bytes(data))
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
            with image.io().mmap() as m:
                return bytes(m)
        except exiv2.Exiv2Error as exc:
            raise Exiv2WriteError(f"exiv2 could not update the Photoshop resources: {_one_line(exc)}") from None
