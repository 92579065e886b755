"""A WebP's pixel size from its RIFF chunks, and the checks that tell a broken file.

Pillow opens a WebP by reading the whole file, joining it to the header it read first, and
handing that to libwebp, which copies it again: three times a 150 MB WebP's size only to
learn its width and height (and the write's read-back did the same). The chunk headers hold
all the reader needs; the pixels are decoded only for the thumbnail.

The checks are those of libwebp's demuxer when Pillow opens the file: a RIFF size past the
end of the file, a chunk running past the end of the RIFF, a first chunk that is no image
header, an extended file with no image, or an image header without its signature.
"""

from __future__ import annotations

import struct

_VP8_START = b"\x9d\x01\x2a"
_VP8L_SIGNATURE = 0x2F
_IMAGE_CHUNKS = (b"VP8 ", b"VP8L", b"ANMF")


def _name(fourcc: bytes) -> str:
    text = fourcc.decode("latin-1")
    return repr(text) if text.isascii() and text.isprintable() else fourcc.hex()


class WebPError(ValueError):
    """The WebP is broken; the message is one line for the import report."""


def chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(fourcc, payload start, payload end) of every chunk of the WebP ``data``."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise WebPError("not a WebP (no RIFF/WEBP header)")
    end = 8 + struct.unpack_from("<I", data, 4)[0]
    if end > len(data):
        raise WebPError(f"truncated WEBP ({len(data):,} of the {end:,} bytes its header declares)")
    found = []
    at = 12
    while at + 8 <= end:
        fourcc, size = struct.unpack_from("<4sI", data, at)
        if at + 8 + size > end:
            raise WebPError(f"truncated WEBP ({_name(fourcc)} chunk runs past the end)")
        found.append((fourcc, at + 8, at + 8 + size))
        at += 8 + size + (size & 1)  # chunks are padded to an even size
    return found


def size(data: bytes) -> tuple[int, int]:
    """(width, height) of the WebP ``data`` from its first chunk (the canvas of an extended
    one), as Pillow reports it, without decoding or copying the file. WebPError if broken."""
    found = chunks(data)
    if not found:
        raise WebPError("corrupt WEBP image (no chunks)")
    fourcc, start, stop = found[0]
    if fourcc == b"VP8X":
        if stop - start < 10:
            raise WebPError("corrupt WEBP image (short VP8X chunk)")
        if not any(c in _IMAGE_CHUNKS for c, _, _ in found[1:]):
            raise WebPError("corrupt WEBP image (no image data)")
        w = 1 + int.from_bytes(data[start + 4:start + 7], "little")
        h = 1 + int.from_bytes(data[start + 7:start + 10], "little")
        return w, h
    if fourcc == b"VP8 ":
        # Frame tag (3 bytes: bit 0 clear on a key frame), start code, then 14-bit sizes.
        if stop - start < 10 or data[start] & 1 or data[start + 3:start + 6] != _VP8_START:
            raise WebPError("corrupt WEBP image (bad VP8 frame header)")
        w, h = struct.unpack_from("<HH", data, start + 6)
        w, h = w & 0x3FFF, h & 0x3FFF
    elif fourcc == b"VP8L":
        if stop - start < 5 or data[start] != _VP8L_SIGNATURE:
            raise WebPError("corrupt WEBP image (bad VP8L header)")
        bits = struct.unpack_from("<I", data, start + 1)[0]
        if bits >> 29:  # version bits: only 0 is defined
            raise WebPError("corrupt WEBP image (unknown VP8L version)")
        w, h = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    else:
        raise WebPError(f"corrupt WEBP image (first chunk {_name(fourcc)} is no image)")
    if not (w and h):
        raise WebPError("corrupt WEBP image (zero width or height)")
    return w, h
