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

import ctypes
import ctypes.util
import functools
import os
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from PIL import Image

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


_PIXEL_CHUNKS = (b"VP8 ", b"VP8L", b"ALPH", b"ANMF")
_PIXEL_HEAD = 32  # bytes of a pixel chunk kept: its frame header, where exiv2 reads a size


def metadata_view(data: bytes) -> bytes:
    """``data`` with its pixel chunks cut to their headers, for exiv2: it allocates (and
    zeroes) a buffer the size of every chunk it walks past, so the image chunk of a 150 MB
    WebP cost another 150 MB to read a few kilobytes of metadata. The metadata chunks are
    kept as they are, in their order; ``data`` as it is when it is broken (then exiv2 reports it)."""
    try:
        found = chunks(data)
    except WebPError:
        return data
    if not any(c in _PIXEL_CHUNKS and stop - start > _PIXEL_HEAD for c, start, stop in found):
        return data
    parts = [b"WEBP"]
    for fourcc, start, stop in found:
        if fourcc in _PIXEL_CHUNKS:
            stop = min(stop, start + _PIXEL_HEAD)
        body = data[start:stop]
        parts += [fourcc, struct.pack("<I", len(body)), body, b"\0" * (len(body) & 1)]
    body = b"".join(parts)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def size(data: bytes) -> tuple[int, int]:
    """(width, height) of the WebP ``data`` from its first chunk (the canvas of an extended
    one), as Pillow reports it, without decoding or copying the file. WebPError if broken."""
    w, h, _, _ = features(data)
    return w, h


def features(data: bytes) -> tuple[int, int, bool, bool]:
    """(width, height, has alpha, is animated) of the WebP ``data``, as ``size``."""
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
        flags = data[start]
        animated = bool(flags & 0x02) or any(c in (b"ANIM", b"ANMF") for c, _, _ in found)
        return w, h, bool(flags & 0x10), animated
    if fourcc == b"VP8 ":
        # Frame tag (3 bytes: bit 0 clear on a key frame), start code, then 14-bit sizes.
        if stop - start < 10 or data[start] & 1 or data[start + 3:start + 6] != _VP8_START:
            raise WebPError("corrupt WEBP image (bad VP8 frame header)")
        w, h = struct.unpack_from("<HH", data, start + 6)
        w, h = w & 0x3FFF, h & 0x3FFF
        alpha = False
    elif fourcc == b"VP8L":
        if stop - start < 5 or data[start] != _VP8L_SIGNATURE:
            raise WebPError("corrupt WEBP image (bad VP8L header)")
        bits = struct.unpack_from("<I", data, start + 1)[0]
        if bits >> 29:  # version bits: only 0 is defined
            raise WebPError("corrupt WEBP image (unknown VP8L version)")
        w, h = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
        alpha = bool(bits >> 28 & 1)
    else:
        raise WebPError(f"corrupt WEBP image (first chunk {_name(fourcc)} is no image)")
    if not (w and h):
        raise WebPError("corrupt WEBP image (zero width or height)")
    return w, h, alpha, False


# --- a thumbnail's pixels, decoded at the size wanted -----------------------------------------
#
# Pillow decodes a WebP through libwebp's animation decoder: the file is copied into it, the
# picture decoded into a canvas, copied to a second canvas (for the next frame's disposal),
# copied to a Python bytes and again into the image: about 7x a 150 MB lossless WebP's size
# for a 256 px thumbnail. libwebp's own WebPDecode scales while it decodes, into a buffer of
# the size asked for, reading the caller's bytes in place. It is reached through ctypes
# (Pillow's bindings do not expose scaling); without a libwebp to load, Pillow decodes.

_ABI_VERSION = 0x0209  # WEBP_DECODER_ABI_VERSION of libwebp 1.x; its major byte must match
_MODE_RGB, _MODE_RGBA = 0, 1
_VP8_STATUS_OK = 0


class _Features(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("has_alpha", ctypes.c_int),
                ("has_animation", ctypes.c_int), ("format", ctypes.c_int), ("pad", ctypes.c_uint32 * 5)]


class _RGBABuffer(ctypes.Structure):
    _fields_ = [("rgba", ctypes.c_void_p), ("stride", ctypes.c_int), ("size", ctypes.c_size_t)]


class _YUVABuffer(ctypes.Structure):
    _fields_ = [("y", ctypes.c_void_p), ("u", ctypes.c_void_p), ("v", ctypes.c_void_p), ("a", ctypes.c_void_p),
                ("y_stride", ctypes.c_int), ("u_stride", ctypes.c_int), ("v_stride", ctypes.c_int),
                ("a_stride", ctypes.c_int), ("y_size", ctypes.c_size_t), ("u_size", ctypes.c_size_t),
                ("v_size", ctypes.c_size_t), ("a_size", ctypes.c_size_t)]


class _Buffers(ctypes.Union):
    _fields_ = [("RGBA", _RGBABuffer), ("YUVA", _YUVABuffer)]


class _DecBuffer(ctypes.Structure):
    _fields_ = [("colorspace", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("is_external_memory", ctypes.c_int), ("u", _Buffers), ("pad", ctypes.c_uint32 * 4),
                ("private_memory", ctypes.c_void_p)]


class _Options(ctypes.Structure):
    _fields_ = [(name, ctypes.c_int) for name in (
        "bypass_filtering", "no_fancy_upsampling", "use_cropping", "crop_left", "crop_top", "crop_width",
        "crop_height", "use_scaling", "scaled_width", "scaled_height", "use_threads", "dithering_strength",
        "flip", "alpha_dithering_strength")] + [("pad", ctypes.c_uint32 * 5)]


class _Config(ctypes.Structure):
    _fields_ = [("input", _Features), ("output", _DecBuffer), ("options", _Options)]


def _candidates() -> list[str]:
    """Pillow's own libwebp first (the one it decodes with), then the system's."""
    import PIL  # noqa: PLC0415

    found = []
    base = Path(PIL.__file__).resolve().parent
    for folder in (base.parent / "pillow.libs", base / ".dylibs"):  # Linux and macOS wheels
        found += sorted(str(p) for p in folder.glob("libwebp-*") if ".so" in p.name or p.suffix == ".dylib")
        found += sorted(str(p) for p in folder.glob("libwebp.*"))
    system = ctypes.util.find_library("webp")
    return [*found, *([system] if system else [])]


@functools.cache
def _libwebp() -> ctypes.CDLL | None:
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
            lib.WebPInitDecoderConfigInternal.argtypes = [ctypes.POINTER(_Config), ctypes.c_int]
            lib.WebPInitDecoderConfigInternal.restype = ctypes.c_int
            lib.WebPDecode.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_Config)]
            lib.WebPDecode.restype = ctypes.c_int
        except (OSError, AttributeError):
            continue
        config = _Config()
        if lib.WebPInitDecoderConfigInternal(ctypes.byref(config), _ABI_VERSION):
            return lib
    return None


def decode_scaled(data: bytes, width: int, height: int, alpha: bool) -> Image.Image | None:
    """The still WebP ``data`` decoded straight to ``width`` x ``height`` (RGBA when ``alpha``),
    without a full-size copy of the picture (lossless files still decode into one full-size
    buffer inside libwebp: their back-references reach anywhere in the picture). None when
    no libwebp can be loaded or libwebp refuses the file (an animation, a broken bitstream):
    then Pillow decodes it and says what is wrong."""
    lib = _libwebp()
    if lib is None:
        return None
    config = _Config()
    if not lib.WebPInitDecoderConfigInternal(ctypes.byref(config), _ABI_VERSION):
        return None
    mode, channels = ("RGBA", 4) if alpha else ("RGB", 3)
    out = ctypes.create_string_buffer(width * height * channels)
    config.options.use_scaling, config.options.scaled_width, config.options.scaled_height = 1, width, height
    config.output.colorspace = _MODE_RGBA if alpha else _MODE_RGB
    config.output.is_external_memory = 1
    config.output.u.RGBA.rgba = ctypes.addressof(out)
    config.output.u.RGBA.stride = width * channels
    config.output.u.RGBA.size = len(out)
    if lib.WebPDecode(data, len(data), ctypes.byref(config)) != _VP8_STATUS_OK:
        return None  # external memory: nothing of libwebp's to free
    return Image.frombuffer(mode, (width, height), out, "raw", mode, 0, 1).copy()


# --- writing: exiv2 edits the metadata of a view, the pixel chunks are copied back --------------
#
# exiv2's WebP writer reads every chunk into a buffer of its size and builds the new file in
# memory: twice a big WebP's size (bench_big_write.py --webp: 339 MB for a 150 MB file). It is
# given the view instead (metadata chunks, pixel chunks cut to their headers), and the file is
# put together from its new chunks and the photo's own pixel chunks, copied in pieces.

_COPY_PIECE = 1 << 16  # as shutil copies: a big file never held, few system calls


def file_chunks(fh: BinaryIO) -> list[tuple[bytes, int, int]]:
    """``chunks`` of the WebP open in ``fh``, read header by header."""
    fh.seek(0)
    head = fh.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise WebPError("not a WebP (no RIFF/WEBP header)")
    length = fh.seek(0, os.SEEK_END)
    end = 8 + struct.unpack_from("<I", head, 4)[0]
    if end > length:
        raise WebPError(f"truncated WEBP ({length:,} of the {end:,} bytes its header declares)")
    found = []
    at = 12
    while at + 8 <= end:
        fh.seek(at)
        fourcc, size = struct.unpack("<4sI", fh.read(8))
        if at + 8 + size > end:
            raise WebPError(f"truncated WEBP ({_name(fourcc)} chunk runs past the end)")
        found.append((fourcc, at + 8, at + 8 + size))
        at += 8 + size + (size & 1)
    return found


def _riff(chunk_list: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(c + struct.pack("<I", len(b)) + b + b"\0" * (len(b) & 1) for c, b in chunk_list)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def view_of_file(path: Path) -> bytes:
    """``metadata_view`` of the WebP at ``path``, reading only what it keeps."""
    with open(path, "rb") as fh:
        kept = []
        for fourcc, start, stop in file_chunks(fh):
            fh.seek(start)
            kept.append((fourcc, fh.read(min(stop, start + _PIXEL_HEAD) - start if fourcc in _PIXEL_CHUNKS
                                         else stop - start)))
    return _riff(kept)


def write_through_view(path: Path, write: Callable[[Path], None]) -> None:
    """Run ``write`` (exiv2's edit of a file at a path) on the view of the WebP at ``path``, then
    rewrite ``path`` from the view's new chunks with its own pixel chunks in place of their
    headers. The file at ``path`` keeps its inode (and so its mode). WebPError, with ``path``
    untouched, when exiv2 changed which pixel chunks there are."""
    fd, name = tempfile.mkstemp(prefix="creditline-webp-", suffix=".webp")
    view_path = Path(name)
    try:
        with open(path, "rb") as fh:
            old = file_chunks(fh)
            pixels = [(c, s, e) for c, s, e in old if c in _PIXEL_CHUNKS]
            heads = []
            for _, start, stop in pixels:
                fh.seek(start)
                heads.append(fh.read(min(stop - start, _PIXEL_HEAD)))
        with os.fdopen(fd, "wb") as out:
            out.write(view_of_file(path))
        write(view_path)
        new = view_path.read_bytes()
        new_chunks = chunks(new)
        new_pixels = [new[s:e] for c, s, e in new_chunks if c in _PIXEL_CHUNKS]
        if new_pixels != heads:
            raise WebPError("exiv2 changed the picture's chunks")
        # The new file into the view's temporary file, then copied over the photo's copy.
        size = 4 + sum(8 + (e - s) + ((e - s) & 1) for c, s, e in new_chunks if c not in _PIXEL_CHUNKS) \
            + sum(8 + (e - s) + ((e - s) & 1) for _, s, e in pixels)
        with open(path, "rb") as src, open(view_path, "wb") as out:
            out.write(b"RIFF" + struct.pack("<I", size) + b"WEBP")
            olds = iter(pixels)
            for fourcc, start, stop in new_chunks:
                if fourcc in _PIXEL_CHUNKS:
                    _, s, e = next(olds)
                    out.write(fourcc + struct.pack("<I", e - s))
                    _copy(src, out, s, e)
                    stop_len = e - s
                else:
                    out.write(new[start - 8:stop])
                    stop_len = stop - start
                out.write(b"\0" * (stop_len & 1))
        with open(view_path, "rb") as src, open(path, "r+b") as dst:
            dst.truncate(0)
            _copy(src, dst, 0, view_path.stat().st_size)
    finally:
        view_path.unlink(missing_ok=True)


def _copy(src: BinaryIO, dst: BinaryIO, start: int, stop: int) -> None:
    src.seek(start)
    while start < stop:
        piece = src.read(min(_COPY_PIECE, stop - start))
        if not piece:
            raise WebPError("the file changed while it was written")
        dst.write(piece)
        start += len(piece)
