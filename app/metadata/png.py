"""PNG text chunks that exiv2 rewrites although nobody edited them.

exiv2 takes a PNG's "Description" text chunk for the image comment and writes it back as
a new chunk of its own, dropping its language tag and translated keyword (an iTXt
"Description" in Japanese comes back as a plain one). The writer never edits that chunk,
so after exiv2 has written the file its original chunks are put back as they were.
"""

from __future__ import annotations

import struct

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT = (b"tEXt", b"zTXt", b"iTXt")
KEPT_KEYWORDS = (b"Description",)


def chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of every chunk; ValueError for a broken file."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    out, i, n = [], len(SIGNATURE), len(data)
    while i + 12 <= n:
        length = struct.unpack(">I", data[i:i + 4])[0]
        end = i + 12 + length
        if end > n:
            raise ValueError("truncated PNG chunk")
        out.append((data[i + 4:i + 8], i, end))
        i = end
    return out


def _kept(data: bytes, kind: bytes, start: int) -> bool:
    return kind in _TEXT and data[start + 8:].split(b"\x00", 1)[0] in KEPT_KEYWORDS


def restore_text_chunks(old: bytes, new: bytes) -> bytes:
    """``new`` with its "Description" text chunks replaced by ``old``'s, byte for byte."""
    try:
        old_chunks, new_chunks = chunks(old), chunks(new)
    except ValueError:
        return new
    originals = [old[s:e] for kind, s, e in old_chunks if _kept(old, kind, s)]
    ours = [new[s:e] for kind, s, e in new_chunks if _kept(new, kind, s)]
    if ours == originals:
        return new
    out = bytearray(SIGNATURE)
    placed = False
    for kind, s, e in new_chunks:
        mine = _kept(new, kind, s)
        if not placed and (mine or kind == b"IDAT"):  # where exiv2 put its own, else before the image
            out += b"".join(originals)
            placed = True
        if not mine:
            out += new[s:e]
    return bytes(out)
