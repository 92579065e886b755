"""Setting a few text tags in IFD0 of a JPEG's EXIF block without rewriting the rest.

exiv2 re-encodes the whole EXIF block to change one tag, and on real files that drops
tags it does not keep (IFD0's PhotometricInterpretation, an IPTC-NAA copy in EXIF) or
cannot parse (a damaged IFD ExifTool still reads). The MWG twins of the caption, the
creators and the copyright are plain strings in IFD0, so they are set here by appending:
a new value goes after everything else in the block and its entry points to it; when a
tag is added or removed, IFD0 itself is rebuilt at the end and the header points to the
new copy. Nothing that was in the block moves, so every offset in it (sub-IFDs, maker
notes, the thumbnail) stays right.
"""

from __future__ import annotations

import struct

ASCII, BYTE, SHORT, RATIONAL = 2, 1, 3, 5
_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
XP_TAGS = frozenset({0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F})  # Windows' UCS-2 copies
MAX_TIFF = 65533 - 6  # what one APP1 holds after "Exif\0\0"


class TiffEditError(Exception):
    """The block's structure cannot be edited safely; one line."""


def _entry(order: str, tag: int, typ: int, count: int, value: bytes) -> bytes:
    return struct.pack(order + "HHI", tag, typ, count) + value


def _encode(tag: int, text: str) -> tuple[int, bytes]:
    if tag in XP_TAGS:
        return BYTE, text.encode("utf-16-le") + b"\x00\x00"
    return ASCII, text.encode("utf-8") + b"\x00"  # MWG: EXIF text is UTF-8


def set_tags(tiff: bytes, values: dict[int, str | None], *, only_if_present: frozenset[int] = XP_TAGS) -> bytes:
    """``tiff`` (an EXIF block from "II"/"MM" on) with each IFD0 tag of ``values`` set to its
    text, or removed for None/"". Tags in ``only_if_present`` are changed only when IFD0
    has them (Windows' XP copies are kept in step, never created)."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        raise TiffEditError("the EXIF block has no TIFF header")
    order = "<" if tiff[:2] == b"II" else ">"
    if struct.unpack(order + "H", tiff[2:4])[0] != 42:
        raise TiffEditError("the EXIF block's TIFF header is damaged")
    ifd0 = struct.unpack(order + "I", tiff[4:8])[0]
    if ifd0 < 8 or ifd0 + 2 > len(tiff):
        raise TiffEditError("IFD0 lies outside the EXIF block")
    count = struct.unpack(order + "H", tiff[ifd0:ifd0 + 2])[0]
    end = ifd0 + 2 + 12 * count
    if count == 0 or end + 4 > len(tiff):
        raise TiffEditError("IFD0 is damaged")
    # A list, not a dict: some writers repeat a tag, and the repeats we do not edit stay.
    entries: list[tuple[int, bytes]] = []
    for i in range(count):
        raw = tiff[ifd0 + 2 + 12 * i:ifd0 + 14 + 12 * i]
        entries.append((struct.unpack(order + "H", raw[:2])[0], raw))
    original = list(entries)
    next_ifd = tiff[end:end + 4]
    _check(tiff, order, ifd0, end, [raw for _, raw in entries], struct.unpack(order + "I", next_ifd)[0])
    out = bytearray(tiff)
    changed = False
    for tag, text in values.items():
        present = any(t == tag for t, _ in entries)
        if tag in only_if_present and not present:
            continue
        if not text:
            if present:
                entries = [(t, raw) for t, raw in entries if t != tag]
                changed = True
            continue
        typ, data = _encode(tag, text)
        if len(data) <= 4:
            value = data.ljust(4, b"\x00")
        else:
            if len(out) % 2:
                out += b"\x00"  # TIFF values start on a word boundary
            value = struct.pack(order + "I", len(out))
            out += data
        entry = _entry(order, tag, typ, len(data), value)
        if present:  # the first copy takes the value, repeats of an edited tag go
            first = next(i for i, (t, _) in enumerate(entries) if t == tag)
            entries = [(t, entry if i == first else raw) for i, (t, raw) in enumerate(entries)
                       if t != tag or i == first]
        else:  # where its number sorts, as TIFF wants
            at = next((i for i, (t, _) in enumerate(entries) if t > tag), len(entries))
            entries.insert(at, (tag, entry))
        changed = True
    if not changed:
        return tiff
    if [t for t, _ in entries] == [t for t, _ in original]:  # same tags: rewrite the entries in place
        for i, (_, raw) in enumerate(entries):
            out[ifd0 + 2 + 12 * i:ifd0 + 14 + 12 * i] = raw
    else:  # a tag came or went: a new IFD0 at the end, the old one left unreferenced
        if len(out) % 2:
            out += b"\x00"
        new_at = len(out)
        out += struct.pack(order + "H", len(entries))
        out += b"".join(raw for _, raw in entries) + next_ifd
        out[4:8] = struct.pack(order + "I", new_at)
    if len(out) > MAX_TIFF:
        raise TiffEditError("the EXIF block would grow past what one JPEG segment holds")
    return bytes(out)


def _check(tiff: bytes, order: str, ifd0: int, end: int, entries: list[bytes], next_ifd: int) -> None:
    """Refuse a damaged IFD0 (readers each make their own sense of one, so an edit could
    change what they read): unknown types, values outside the block or inside IFD0, a
    next-IFD pointer that loops back."""
    for raw in entries:
        typ, count = struct.unpack(order + "HI", raw[2:8])
        if typ not in _SIZES:
            raise TiffEditError("IFD0 has an entry of unknown type")
        size = count * _SIZES[typ]
        if size > 4:
            at = struct.unpack(order + "I", raw[8:12])[0]
            if at + size > len(tiff) or (at < end + 4 and at + size > ifd0) or at < 8:
                raise TiffEditError("an IFD0 value lies outside the EXIF block or over IFD0")
    if next_ifd and (next_ifd < 8 or next_ifd >= len(tiff) or next_ifd == ifd0):
        raise TiffEditError("the EXIF block's IFD chain is damaged")


def new_block(values: dict[int, str | None], resolution: tuple[int, int, int] | None = None) -> bytes | None:
    """A minimal little-endian EXIF block holding ``values`` and the IFD0 tags EXIF
    requires of a JPEG (resolution, centred chroma), as ExifTool makes one. ``resolution``
    is (x, y, EXIF unit: 2 inches, 3 centimetres), the file's own where its JFIF header
    states one; else 72 dpi, ExifTool's default."""
    texts = {t: v for t, v in values.items() if v and t not in XP_TAGS}
    if not texts:
        return None
    x, y, unit = resolution or (72, 72, 2)
    fixed = {0x011A: (RATIONAL, 1, struct.pack("<II", x, 1)), 0x011B: (RATIONAL, 1, struct.pack("<II", y, 1)),
             0x0128: (SHORT, 1, struct.pack("<H", unit)), 0x0213: (SHORT, 1, struct.pack("<H", 1))}
    items = {t: (*_encode(t, v)[:1], len(_encode(t, v)[1]), _encode(t, v)[1]) for t, v in texts.items()}
    items.update(fixed)
    header = b"II" + struct.pack("<HI", 42, 8)
    data_at = 8 + 2 + 12 * len(items) + 4
    ifd, blob = bytearray(struct.pack("<H", len(items))), bytearray()
    for tag in sorted(items):
        typ, count, data = items[tag]
        if len(data) <= 4:
            ifd += struct.pack("<HHI", tag, typ, count) + data.ljust(4, b"\x00")
        else:
            if len(blob) % 2:
                blob += b"\x00"
            ifd += struct.pack("<HHII", tag, typ, count, data_at + len(blob))
            blob += data
    return header + bytes(ifd) + struct.pack("<I", 0) + bytes(blob)
