"""Hostile input made by the tests themselves (no downloads): broken, truncated, huge and
looping image files, odd names and non-regular file-system entries, huge metadata values,
damaged catalogs. Each maker returns what it made and what the importer must say about it.

``deadline(seconds)`` is the guard the hostile tests run under: a hang fails the test with a
clear message instead of stalling the suite. It is not a speed goal (those live in bench/).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import struct
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tests.imagefactory import make_photo


@contextlib.contextmanager
def deadline(seconds: float, what: str = "the operation") -> Iterator[None]:
    """Fail with TimeoutError when the block runs longer than ``seconds`` (main thread only,
    where SIGALRM is delivered; elsewhere the block runs unguarded)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"{what} did not finish within {seconds} s (a hang?)")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- image files -----------------------------------------------------------------------------

def python_calls(fn, *args) -> int:
    """How many Python-level calls (functions, and builtins such as ``str.strip``) ``fn(*args)``
    makes: a bound on work that is not a timing. A linear path makes about twice the calls on an
    input twice as long, a quadratic one four times."""
    n = 0

    def hook(_frame, event, _arg):
        nonlocal n
        if event in ("call", "c_call"):
            n += 1

    sys.setprofile(hook)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return n


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def huge_png(width: int = 13_000, height: int = 13_000) -> bytes:
    """A valid greyscale PNG of ``width`` x ``height`` pixels (169 MP by default) in about 170 KB:
    one zlib stream of all-zero rows, which deflate shrinks a thousandfold. A full decode needs
    a byte per pixel, then three more for RGB."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    z = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + pixels
    parts = [z.compress(row) for _ in range(height)]
    parts.append(z.flush())
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b"")


def huge_jpeg_header(width: int = 60_000, height: int = 60_000) -> bytes:
    """A small real JPEG whose frame header claims ``width`` x ``height`` (3.6 gigapixels): the
    scan data is that of a tiny picture, so a decoder either refuses it or stops early."""
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    i = 2
    while i + 4 < len(data):
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            data[i + 5:i + 7] = height.to_bytes(2, "big")
            data[i + 7:i + 9] = width.to_bytes(2, "big")
            break
        i += 2 + length
    return bytes(data)


def huge_tiff(width: int = 14_000, height: int = 13_000, preview: bool = False) -> bytes:
    """A small real TIFF whose IFD0 claims ``width`` x ``height`` (182 MP by default: past
    Pillow's decompression-bomb bound, so Pillow will not even open it), and with ``preview``
    a second IFD holding a 512 x 341 picture, as scanners and stitchers store one."""
    buf = io.BytesIO()
    base = Image.new("RGB", (64, 48), (10, 120, 200))
    if preview:
        base.save(buf, "TIFF", save_all=True, append_images=[Image.new("RGB", (512, 341), (200, 30, 30))])
    else:
        base.save(buf, "TIFF")
    data = bytearray(buf.getvalue())
    ifd = struct.unpack_from("<I", data, 4)[0]
    for i in range(struct.unpack_from("<H", data, ifd)[0]):
        entry = ifd + 2 + 12 * i
        tag = struct.unpack_from("<H", data, entry)[0]
        if tag in (256, 257):  # ImageWidth, ImageLength, as one LONG each
            struct.pack_into("<HHII", data, entry, tag, 4, 1, width if tag == 256 else height)
    return bytes(data)


def huge_webp(width: int = 14_000, height: int = 13_000) -> bytes:
    """A small real WebP wrapped in an extended (VP8X) header whose canvas is ``width`` x
    ``height`` (182 MP by default; WebP allows 16,383 px a side)."""
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, "WEBP", quality=80)
    frame = buf.getvalue()[12:]  # the VP8 chunk
    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + vp8x + frame
    return b"RIFF" + struct.pack("<I", len(body)) + body


def exif_loop_jpeg() -> bytes:
    """A JPEG whose EXIF IFD0 points its next-IFD offset back at itself, and whose ExifIFD
    pointer points at IFD0: a reader that follows offsets without remembering loops forever."""
    le = "<"
    entries = [(0x010E, 2, 6, b"loop\x00\x00"),  # ImageDescription, inline would not fit 6: offset
               (0x8769, 4, 1, struct.pack(le + "I", 8))]  # ExifIFD -> IFD0 again
    tiff = bytearray(b"II*\x00" + struct.pack(le + "I", 8))
    ifd_size = 2 + 12 * len(entries) + 4
    data_at = 8 + ifd_size
    ifd = bytearray(struct.pack(le + "H", len(entries)))
    extra = bytearray()
    for tag, typ, count, value in entries:
        if len(value) <= 4:
            ifd += struct.pack(le + "HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            ifd += struct.pack(le + "HHII", tag, typ, count, data_at + len(extra))
            extra += value
    ifd += struct.pack(le + "I", 8)  # next IFD: IFD0 itself
    tiff += ifd + extra
    app1 = b"Exif\x00\x00" + bytes(tiff)
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 60)).save(buf, "JPEG")
    jpeg = buf.getvalue()
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


@dataclass
class Entry:
    name: str  # as shown in messages (os.fsdecode of the real name)
    path: Path
    expect: str  # "ok" (imported), "failed" (recorded with a reason) or "skipped" (unsupported)
    reason: str = ""  # a word the recorded reason must contain (failed entries)


def make_files(folder: Path) -> list[Entry]:
    """Broken and hostile image files: each either imports or fails with a reason."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Entry] = []

    def put(name: str, data: bytes, expect: str, reason: str = "") -> None:
        p = folder / name
        p.write_bytes(data)
        out.append(Entry(name, p, expect, reason))

    good = folder / "good.jpg"
    make_photo(good, fields={"caption": "A good photo. REUTERS/Ada Brin"})
    out.append(Entry("good.jpg", good, "ok"))
    whole = good.read_bytes()
    put("empty.jpg", b"", "failed", "empty")
    put("truncated.jpg", whole[: len(whole) // 2], "failed", "truncated")
    put("header-only.jpg", whole[:200], "failed", "")
    put("not-an-image.jpg", b"<html><body>hello</body></html>\n" * 20, "failed", "not an image")
    put("zeros.png", b"\x00" * 4096, "failed", "not an image")
    put("huge-pixels.png", huge_png(), "ok")
    put("huge-header.jpg", huge_jpeg_header(), "ok")  # read from its header; no thumbnail (too many pixels)
    put("exif-loop.jpg", exif_loop_jpeg(), "ok")
    webp = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(webp, "WEBP", lossless=True)
    webp_bytes = webp.getvalue()
    put("truncated.webp", webp_bytes[: len(webp_bytes) // 2], "failed", "truncated")
    # The VP8L chunk's payload (signature and size bits) overwritten: the chunks still walk.
    put("garbage-chunk.webp", webp_bytes[:20] + b"\xa5" * (len(webp_bytes) - 20), "failed", "corrupt")
    put("huge-canvas.webp", huge_webp(), "ok")  # read from its header; no thumbnail (too many pixels)
    return out


def make_names(folder: Path) -> list[Entry]:
    """Photos under odd names: not UTF-8, a newline, 255 bytes, a leading dash, spaces."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    raw = os.fsencode(folder)
    for name in (b"latin1-caf\xe9.jpg", b"bad-\xff\xfe.jpg", b"new\nline.jpg", b"-rf.jpg", b" spaced .jpg",
                 b"tab\there.jpg", (b"x" * 251) + b".jpg", "emoji-\U0001f4f7.jpg".encode()):
        path = Path(os.fsdecode(raw + b"/" + name))
        make_photo(path, fields={"caption": f"Named {os.fsdecode(name)!r}. REUTERS/Ada Brin"})
        out.append(Entry(os.fsdecode(name), path, "ok"))
    return out


def make_specials(folder: Path) -> list[Entry]:
    """Entries that are not regular files, under photo names: none may be read."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    good = folder / "real.jpg"
    make_photo(good, fields={"caption": "The target of a link. REUTERS/Ada Brin"})
    out.append(Entry("real.jpg", good, "ok"))
    os.symlink("real.jpg", folder / "link-to-real.jpg")
    out.append(Entry("link-to-real.jpg", folder / "link-to-real.jpg", "ok"))
    os.mkfifo(folder / "fifo.jpg")
    out.append(Entry("fifo.jpg", folder / "fifo.jpg", "failed", "not a regular file"))
    for name, target in (("urandom.jpg", "/dev/urandom"), ("zero.jpg", "/dev/zero"), ("null.jpg", "/dev/null")):
        os.symlink(target, folder / name)
        out.append(Entry(name, folder / name, "failed", "not a regular file"))
    os.symlink("nowhere.jpg", folder / "dangling.jpg")
    out.append(Entry("dangling.jpg", folder / "dangling.jpg", "failed", "no such file"))
    os.symlink("loop-b.jpg", folder / "loop-a.jpg")
    os.symlink("loop-a.jpg", folder / "loop-b.jpg")
    out += [Entry("loop-a.jpg", folder / "loop-a.jpg", "failed", "symbolic links"),
            Entry("loop-b.jpg", folder / "loop-b.jpg", "failed", "symbolic links")]
    sock_path = folder / "socket.jpg"
    with contextlib.suppress(OSError):  # a path too long for a socket address: no socket entry
        s = socket.socket(socket.AF_UNIX)
        s.bind(os.fspath(sock_path))
        s.close()
        out.append(Entry("socket.jpg", sock_path, "failed", "not a regular file"))
    os.mkdir(folder / "folder.jpg")  # a folder named like a photo is walked, not read
    make_photo(folder / "folder.jpg" / "inside.jpg", fields={"caption": "Inside. REUTERS/Ada Brin"})
    out.append(Entry("folder.jpg/inside.jpg", folder / "folder.jpg" / "inside.jpg", "ok"))
    return out


# -- catalogs --------------------------------------------------------------------------------

def damage(path: Path, how: str) -> None:
    """Damage a closed catalog file: "truncate" (cut in half), "garbage" (random bytes over pages
    in the middle), "header" (not an SQLite header at all)."""
    data = bytearray(path.read_bytes())
    if how == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "garbage":
        page = int.from_bytes(data[16:18], "big") or 65536
        start = page * 2
        rnd = __import__("random").Random(11)
        data[start:start + 3 * page] = bytes(rnd.randrange(256) for _ in range(3 * page))
        path.write_bytes(bytes(data))
    elif how == "header":
        data[:16] = b"NOT A DATABASE!\x00"
        path.write_bytes(bytes(data))
    else:
        raise ValueError(how)
