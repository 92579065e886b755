"""The marker segments of a JPEG file, for the few things exiv2 cannot do right.

exiv2 writes EXIF; it does not read or write Extended XMP, it re-serialises the XMP
packet (dropping ``rdf:about`` and, for a packet it cannot parse, everything), and with
two Photoshop APP13 segments before APP0 it leaves the stale one in place. So the
writer takes the XMP and Photoshop segments out before exiv2 sees the file and puts its
own back afterwards. This module only walks and rebuilds the segment list before the
first SOS; the compressed image data is copied as it is.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

SOI = b"\xff\xd8"
APP0, APP1, APP13, SOS, EOI = 0xE0, 0xE1, 0xED, 0xDA, 0xD9
XMP_SIG = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_SIG = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_SIG = b"Exif\x00\x00"
PS_SIG = b"Photoshop 3.0\x00"
MAX_PAYLOAD = 65533  # a segment's length field counts itself (2 bytes) and tops out at 65535


@dataclass(frozen=True)
class Segment:
    marker: int
    start: int  # offset of the 0xFF
    end: int  # offset just after the payload

    def payload(self, data: bytes) -> bytes:
        return data[self.start + 4:self.end]

    def is_app(self, marker: int, signature: bytes, data: bytes) -> bool:
        return self.marker == marker and data.startswith(signature, self.start + 4)


@dataclass(frozen=True)
class Layout:
    segments: list[Segment]  # every segment between SOI and the first SOS
    sos: int  # offset of the first SOS marker
    eoi: int  # offset just after EOI (the file's end when it has none)


def walk(data: bytes) -> tuple[list[Segment], int | None]:
    """The segments before the first SOS and the SOS offset, as far as they can be walked: a
    reader's view of a damaged file (it stops at the first thing that is not a segment, and
    the SOS is None when it never got there). Standalone markers and fill bytes are skipped."""
    segments: list[Segment] = []
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return segments, None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if marker == SOS:
            return segments, i
        if marker == EOI:
            return segments, None
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if length < 2 or i + 2 + length > n:
            return segments, None
        segments.append(Segment(marker, i, i + 2 + length))
        i += 2 + length
    return segments, None


def head(data: bytes) -> tuple[list[Segment], int, int]:
    """Segments before the first SOS, the SOS offset and the end of the SOS header.
    Only the (small) metadata part of the file is walked. ValueError for a broken file."""
    if not data.startswith(SOI):
        raise ValueError("not a JPEG")
    segments: list[Segment] = []
    pos, n = 2, len(data)
    while True:
        while pos + 1 < n and data[pos] == 0xFF and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 4 > n or data[pos] != 0xFF:
            raise ValueError("broken JPEG marker structure")
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if end > n or length < 2:
            raise ValueError("truncated JPEG segment")
        if marker == SOS:
            return segments, pos, end
        segments.append(Segment(marker, pos, end))
        pos = end


# 0xFF followed by something other than stuffing (00), a restart marker (D0-D7) or fill (FF).
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def find_eoi(data: bytes, pos: int) -> int:
    """Offset just after the EOI that ends the image data begun at ``pos``."""
    n = len(data)
    while True:
        m = _MARKER.search(data, pos)
        if m is None:
            return n  # no EOI: a truncated file; its scan data runs to the end
        i = m.start()
        if data[i + 1] == EOI:
            return i + 2
        # Progressive JPEGs put DHT/SOS/DRI segments between scans.
        if i + 4 > n:
            return n
        pos = i + 2 + struct.unpack(">H", data[i + 2:i + 4])[0]


def layout(data: bytes) -> Layout:
    segments, sos, end = head(data)
    return Layout(segments, sos, find_eoi(data, end))


def scan_data(data: bytes) -> bytes:
    """The compressed image: from the first SOS to EOI, both included."""
    lay = layout(data)
    return data[lay.sos:lay.eoi]


def segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"a JPEG segment holds at most {MAX_PAYLOAD} bytes, not {len(payload)}")
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


AFTER_SOI = 0


def rebuild(data: bytes, drop: set[int], insert: list[bytes], after: int | None) -> bytes:
    """``data`` without the segments starting at the offsets in ``drop``, with the encoded
    segments ``insert`` placed after the segment that starts at ``after`` (``AFTER_SOI``:
    right after SOI; None: nowhere). Everything from the first SOS on is copied unchanged."""
    segments, sos, _ = head(data)
    out = bytearray(data[:2])
    if after == AFTER_SOI:
        out += b"".join(insert)
    for s in segments:
        if s.start not in drop:
            out += data[s.start:s.end]
        if s.start == after:
            out += b"".join(insert)
    out += data[sos:]
    return bytes(out)


def xmp_packet_of(s: Segment, data: bytes) -> bytes | None:
    """The XMP packet of an APP1 segment, also when its namespace header is damaged (a flipped
    byte, a missing NUL: ExifTool still reads such a packet, so it must be written too)."""
    if s.marker != APP1 or s.is_app(APP1, EXIF_SIG, data) or s.is_app(APP1, XMP_EXT_SIG, data):
        return None
    payload = s.payload(data)
    if payload.startswith(XMP_SIG):
        return payload[len(XMP_SIG):]
    # ExifTool takes an APP1 as XMP when it opens with "http" or "XMP\0", or holds "<?xpacket"
    # whatever its header ("Non-standard header for APP1 XMP segment"): a flip in the scheme
    # ("hTtp://…") must not leave a packet ExifTool reads beside the one a write makes.
    head = payload[:64]
    for start in (b"<?xpacket", b"<x:xmpmeta"):
        at = head.find(start)
        if at > 0 and (head[:at].startswith((b"http", b"XMP\x00")) or start == b"<?xpacket"):
            return payload[at:]
    return None


def replace(data: bytes, old: Segment, new: bytes) -> bytes:
    """``data`` with segment ``old`` replaced by the encoded segment ``new``."""
    return data[:old.start] + new + data[old.end:]


def insertion_point(data: bytes, segments: list[Segment]) -> int:
    """Where metadata segments go: after JFIF (APP0) and EXIF (APP1) when the file starts
    with them, as Photoshop and ExifTool place XMP and APP13; else right after SOI."""
    after = AFTER_SOI
    for s in segments:
        if s.marker == APP0 or s.is_app(APP1, EXIF_SIG, data):
            after = s.start
            continue
        break
    return after
