"""PNG text chunks that exiv2 rewrites although nobody edited them.

exiv2 takes a PNG's "Description" text chunk for the image comment and writes it back as
a new chunk of its own, dropping its language tag and translated keyword (an iTXt
"Description" in Japanese comes back as a plain one). The writer never edits that chunk,
so after exiv2 has written the file its original chunks are put back as they were.

The file is read chunk header by chunk header and copied in pieces: a big PNG is never held
in memory (the writer works on a temporary copy of the photo, ``encode.encode_path``).
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT = (b"tEXt", b"zTXt", b"iTXt")
KEPT_KEYWORDS = (b"Description",)
_KEYWORD_MAX = 80  # PNG keywords are 1-79 bytes and a NUL


def chunks(fh: BinaryIO) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of every chunk of the PNG open in ``fh``; ValueError for a broken file."""
    fh.seek(0)
    if fh.read(len(SIGNATURE)) != SIGNATURE:
        raise ValueError("not a PNG")
    n = fh.seek(0, os.SEEK_END)
    out, i = [], len(SIGNATURE)
    while i + 12 <= n:
        fh.seek(i)
        head = fh.read(8)
        length = struct.unpack(">I", head[:4])[0]
        end = i + 12 + length
        if end > n:
            raise ValueError("truncated PNG chunk")
        out.append((head[4:8], i, end))
        i = end
    return out


def _kept(fh: BinaryIO, kind: bytes, start: int) -> bool:
    if kind not in _TEXT:
        return False
    fh.seek(start + 8)
    return fh.read(_KEYWORD_MAX).split(b"\x00", 1)[0] in KEPT_KEYWORDS


def _read(fh: BinaryIO, start: int, end: int) -> bytes:
    fh.seek(start)
    return fh.read(end - start)


def kept_text_chunks(path: Path) -> list[bytes] | None:
    """The file's "Description" text chunks, whole and in order (None: not a sound PNG)."""
    with open(path, "rb") as fh:
        try:
            return [_read(fh, s, e) for kind, s, e in chunks(fh) if _kept(fh, kind, s)]
        except ValueError:
            return None


def restore_text_chunks_in(path: Path, originals: list[bytes] | None) -> None:
    """Put ``originals`` (``kept_text_chunks`` of the file before exiv2 wrote it) back in
    place of the "Description" text chunks exiv2 wrote into the PNG at ``path``."""
    if originals is None:
        return
    with open(path, "rb") as fh:
        try:
            layout = chunks(fh)
        except ValueError:
            return
        ours = [(s, e) for kind, s, e in layout if _kept(fh, kind, s)]
        if [_read(fh, s, e) for s, e in ours] == originals:
            return
        mine = set(ours)
        fd, name = tempfile.mkstemp(prefix=".creditline-png-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(SIGNATURE)
                placed = False
                for kind, s, e in layout:
                    if not placed and ((s, e) in mine or kind == b"IDAT"):  # where exiv2 put its own, else before the image
                        out.write(b"".join(originals))
                        placed = True
                    if (s, e) not in mine:
                        fh.seek(s)
                        _copy(fh, out, e - s)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


def _copy(src: BinaryIO, dst: BinaryIO, size: int) -> None:
    """``size`` bytes from ``src``'s position to ``dst``, a piece at a time (an IDAT chunk may
    be hundreds of MB)."""
    while size > 0:
        piece = src.read(min(size, 1 << 20))
        if not piece:
            raise ValueError("truncated PNG chunk")
        dst.write(piece)
        size -= len(piece)

