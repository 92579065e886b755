"""256-pixel JPEG thumbnails, made the cheapest correct way, and their on-disk cache.

Order of preference, each decoding the picture once:
1. an embedded preview (EXIF/RAW) that is big enough and has the photo's shape;
2. for JPEG, Pillow's ``draft()``, which lets libjpeg decode at 1/2, 1/4 or 1/8 scale;
3. a full decode (PNG, TIFF, WebP, HEIF...).
"""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile

from app.metadata import exiv2io, webp
from app.metadata.formats import is_raw, sniff

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - declared dependency
    pillow_heif = None

THUMB_SIZE = 256
JPEG_QUALITY = 82
# The most pixels a thumbnail decodes (after a JPEG's draft scaling): 50 MP is up to 200 MB
# decoded (RGBA) and as much again while it is converted. Past it the photo imports without a
# thumbnail, saying why. A JPEG decodes at 1/8 scale, so this only stops pictures of more than
# 3 gigapixels there, or PNG/TIFF/WebP/HEIF without a usable preview over 50 MP (a 1 MB PNG can
# claim 169 MP and would need 880 MB).
MAX_DECODE_PIXELS = 50_000_000
# After a 1/4 draft decode (400x267 for a 1600x1067 photo) the last step shrinks only ~1.6x;
# libjpeg's scaled IDCT has already low-passed the picture. Measured on 40 files of the bench
# corpus against a full-resolution Lanczos reference (PSNR, share of its edge energy, CPU of
# this resize): Lanczos 41.9 dB 97% 1.81 ms; bicubic 40.9 dB 91% 1.21 ms; Hamming 39.0 dB 90%
# 0.76 ms; bilinear 37.6 dB 81% 0.73 ms (visibly soft); box (area average) 37.2 dB 99% 0.50 ms.
# Box keeps all the sharpness for two thirds of Hamming's price, and side by side at 4x the
# two differ only in faint grain; on a 256 px thumbnail they look the same.
_RESAMPLE = Image.Resampling.BOX
_ORIENTATION_TAG = 0x0112
_TRUNCATED_LOCK = threading.Lock()
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")  # Pillow names the BytesIO in its errors
# Pillow formats whose decoder already turns the pixels upright: pillow-heif applies the
# HEIF irot/imir boxes, and Pillow's TIFF plugin applies the Orientation tag while loading.
_DECODER_ORIENTS = frozenset({"HEIF", "TIFF"})
# Temporary names for ThumbnailCache.put: pid, thread and this counter make them unique.
_TMP_SEQ = itertools.count()
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}



class ThumbnailError(Exception):
    """No picture could be decoded; the message is one line."""


@dataclass
class Thumbnail:
    jpeg: bytes
    method: str  # "preview" (embedded), "draft" (decoded scaled: DCT-scaled JPEG, libwebp-scaled WebP) or "full"
    partial: bool = False  # the picture data was cut short; the thumbnail shows what decoded


def make_thumbnail(data: bytes, orientation: int | None = None, photo: Image.Image | None = None) -> bytes:
    """JPEG bytes, ``THUMB_SIZE`` px on the long edge, with the EXIF orientation applied.

    ``orientation`` is the EXIF value (1..8) when the caller already read it; otherwise
    it is taken from the file. ``photo`` is Pillow's not yet decoded view of ``data``
    when the caller opened it already (``app.metadata.read.open_photo``), so the header
    is not parsed twice; it is decoded here, so it cannot be used again.
    """
    return render_thumbnail(data, orientation, photo).jpeg


def render_thumbnail(data: bytes, orientation: int | None = None, photo: Image.Image | None = None) -> Thumbnail:
    """Like make_thumbnail, also telling which decoding path was taken."""
    fmt = sniff(data)
    if fmt is None:
        raise ThumbnailError("not an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return _make(data, fmt, orientation, photo)
            except OSError as exc:
                if "truncated" not in str(exc).lower():
                    raise
                return _make_partial(data, fmt, orientation)
    except ThumbnailError:
        raise
    except Image.DecompressionBombError:
        raise ThumbnailError(_too_large(data)) from None
    except Exception as exc:  # Pillow and codecs raise many types on corrupt data
        msg = " ".join(_OBJECT_REPR.sub("data", str(exc)).split())[:160] or type(exc).__name__
        raise ThumbnailError(f"cannot decode {fmt} image: {msg}") from None


def _too_large(data: bytes) -> str:
    """Why a picture Pillow will not even open (its header claims more pixels than Pillow's
    decompression-bomb limit) has no thumbnail, with its size as exiv2 reads the header."""
    try:
        blocks = exiv2io.read_blocks(data)
        w, h = blocks.width, blocks.height
    except exiv2io.Exiv2ReadError:
        w = h = None
    if not (w and h):
        return "picture too large to decode for a thumbnail"
    return (f"picture too large to decode for a thumbnail ({w:,} x {h:,} pixels, {w * h / 1e6:.0f} MP; "
            f"the limit is {MAX_DECODE_PIXELS / 1e6:.0f} MP)")


def _make_partial(data: bytes, fmt: str, orientation: int | None) -> Thumbnail:
    """A second try for a picture whose compressed data stops short: what decodes is
    shown (the rest grey), which is more use to an editor than no thumbnail at all.
    Pillow's switch for this is process-wide, so it is flipped under a lock."""
    with _TRUNCATED_LOCK:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            thumb = _make(data, fmt, orientation)
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved
    thumb.partial = True
    return thumb


def _make(data: bytes, fmt: str, orientation: int | None, opened: Image.Image | None = None) -> Thumbnail:
    if fmt == "WEBP" and opened is None:
        thumb = _webp_scaled(data, orientation)
        if thumb is not None:
            return thumb
    photo = None
    aspect = None
    if not is_raw(fmt):
        # Header only; pixels are decoded later, once.
        try:
            photo = opened if opened is not None else Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            # A scan or stitched TIFF past Pillow's limit may still carry a preview of its own.
            if fmt != "TIFF":
                raise
            preview = exiv2io.best_preview(data, THUMB_SIZE)
            if preview is None:
                raise
            return _finish(Image.open(io.BytesIO(preview.data)), orientation or _orientation_from_exiv2(data),
                           "preview")
        if fmt == "TIFF" and _is_raw_like(photo):
            fmt = "DNG"  # TIFF-based RAW passed without its name: IFD0 is only a small preview
        else:
            w, h = _stored_size(photo)
            aspect = w / h if h else None
        if orientation is None:
            orientation = _orientation_of(photo)
    elif orientation is None:
        orientation = _orientation_from_exiv2(data)

    wants_preview = _jpeg_may_hold_preview(data, THUMB_SIZE) if fmt == "JPEG" else fmt == "TIFF" or is_raw(fmt)
    preview = exiv2io.best_preview(data, THUMB_SIZE, aspect) if wants_preview else None
    if preview is not None:
        method = "preview"
        im = Image.open(io.BytesIO(preview.data))  # drafted by _finish
    else:
        method = "draft" if fmt == "JPEG" else "full"
        try:
            # A RAW without a usable preview: TIFF-based ones (DNG...) still open in Pillow.
            im = photo if photo is not None else Image.open(io.BytesIO(data))
        except Exception:
            raise ThumbnailError(f"no embedded preview in this {fmt} file") from None
        if fmt == "JPEG":
            im.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
            # The bytes are in memory already: one feed instead of 64 KiB ones spares libjpeg
            # a suspend and resume per block (~3% of the decode).
            im.decodermaxblock = max(len(data), ImageFile.MAXBLOCK)
        if im.format in _DECODER_ORIENTS:
            orientation = 1
        elif im.format == "AVIF":
            # Pillow's AVIF decoder turns the irot/imir boxes into an EXIF orientation
            # instead of rotating, and that (not the file's EXIF tag) is the truth.
            orientation = _orientation_of(im)
    return _finish(im, orientation, method)


def _webp_scaled(data: bytes, orientation: int | None) -> Thumbnail | None:
    """A WebP decoded by libwebp at twice the thumbnail's size (the margin Pillow's
    reducing_gap keeps for the final resampling): Pillow's decode held about 7x a big WebP's
    size (bench_big_write.py --webp). None for an animation, a broken file or no libwebp to
    load: Pillow then decodes it, or says what is wrong."""
    try:
        w, h, alpha, animated = webp.features(data)
    except webp.WebPError:
        return None
    if animated:
        return None
    if w * h > MAX_DECODE_PIXELS:  # the same bound as a full decode: a lossless file is decoded whole inside libwebp
        raise ThumbnailError(f"picture too large to decode for a thumbnail ({w:,} x {h:,} pixels, "
                             f"{w * h / 1e6:.0f} MP; the limit is {MAX_DECODE_PIXELS / 1e6:.0f} MP)")
    scale = min(1.0, 2 * THUMB_SIZE / max(w, h))
    im = webp.decode_scaled(data, max(1, round(w * scale)), max(1, round(h * scale)), alpha)
    if im is None:
        return None
    if orientation is None:
        orientation = _orientation_from_exiv2(data)
    return _finish(im, orientation, "draft")


def _finish(im: Image.Image, orientation: int | None, method: str) -> Thumbnail:
    """Decode ``im`` (within the pixel budget), shrink it, turn it upright, encode it."""
    if method == "preview":
        im.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
    w, h = im.size  # after draft(): what the decoder will allocate
    if w * h > MAX_DECODE_PIXELS:
        raise ThumbnailError(f"picture too large to decode for a thumbnail ({w:,} x {h:,} pixels, "
                             f"{w * h / 1e6:.0f} MP; the limit is {MAX_DECODE_PIXELS / 1e6:.0f} MP)")
    im = _to_rgb(im)
    im.thumbnail((THUMB_SIZE, THUMB_SIZE), _RESAMPLE, reducing_gap=2.0)
    transpose = _TRANSPOSE.get(orientation or 1)
    if transpose is not None:
        im = im.transpose(transpose)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False)
    return Thumbnail(out.getvalue(), method)


_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_may_hold_preview(data: bytes, min_edge: int) -> bool:
    """Whether exiv2 could find a preview of ``min_edge`` px in this JPEG. Its previews of
    a JPEG live in APP1 segments before the scan: JPEGs embedded in the EXIF (IFD1, maker
    notes) and XMP thumbnails. Asking exiv2 parses the metadata a second time (~0.16 ms);
    most photos carry only a 160 px EXIF thumbnail, which the frame header of the embedded
    JPEG rules out for a fraction of that. When unsure, the answer is yes; a wrong "no"
    only costs speed, since the draft decode of the photo itself is always right."""
    i, n = 2, len(data)
    while i + 4 <= n and data[i] == 0xFF:
        marker = data[i + 1]
        if marker in (0xDA, 0xD9):
            return False
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            i += 1 if marker == 0xFF else 2
            continue
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if end < i + 4:
            return True
        if marker == 0xE1:
            body = data[i + 4:end]
            if body.startswith(b"Exif\x00"):
                edges = _embedded_jpeg_edges(body)
                if (max(edges) >= min_edge) if edges else _exif_may_hold_subimage(body[6:]):
                    return True
            elif b"xmpGImg" in body:
                return True
        i = end
    return True


def _exif_may_hold_subimage(tiff: bytes) -> bool:
    """Whether an EXIF block with no embedded JPEG could hold an uncompressed preview: it
    has an IFD1 or SubIFDs. Unsure (a damaged block) means yes."""
    order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return True
    ifd0 = int.from_bytes(tiff[4:8], order)
    if ifd0 + 2 > len(tiff):
        return True
    count = int.from_bytes(tiff[ifd0:ifd0 + 2], order)
    next_at = ifd0 + 2 + 12 * count
    if next_at + 4 > len(tiff):
        return True
    tags = {int.from_bytes(tiff[e:e + 2], order) for e in range(ifd0 + 2, next_at, 12)}
    return 0x014A in tags or int.from_bytes(tiff[next_at:next_at + 4], order) != 0


def _embedded_jpeg_edges(block: bytes) -> list[int]:
    """The long edge of every JPEG embedded in ``block``; 1 << 30 for one whose frame
    header cannot be read (so it counts as big)."""
    edges = []
    start = block.find(b"\xff\xd8\xff")
    while start != -1:
        edge, j = 1 << 30, start + 2
        while j + 9 <= len(block) and block[j] == 0xFF:
            marker = block[j + 1]
            if marker in _SOF_MARKERS:
                h, w = int.from_bytes(block[j + 5:j + 7], "big"), int.from_bytes(block[j + 7:j + 9], "big")
                edge = max(w, h)
                break
            if marker == 0xDA:
                break
            length = int.from_bytes(block[j + 2:j + 4], "big")
            if length < 2:
                break
            j += 2 + length
        edges.append(edge)
        start = block.find(b"\xff\xd8\xff", j)
    return edges


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))  # transparency shown on white, like a page
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if im.mode.startswith("I;16") or im.mode == "I":
        return im.point(lambda v: v / 256).convert("L").convert("RGB")
    return im.convert("RGB")


def _is_raw_like(im: Image.Image) -> bool:
    """A TIFF whose first image is a reduced-resolution one (NewSubfileType 1) or that
    carries a DNGVersion: a DNG/NEF/ARW-style RAW."""
    tags = getattr(im, "tag_v2", None)
    return tags is not None and (tags.get(254) == 1 or 50706 in tags)


def _stored_size(im: Image.Image) -> tuple[int, int]:
    tags = getattr(im, "tag_v2", None)  # TIFF: Pillow reports the size after orientation
    if tags is not None and isinstance(tags.get(256), int) and isinstance(tags.get(257), int):
        return tags[256], tags[257]
    return im.size


def _orientation_of(im: Image.Image) -> int | None:
    w, h = im.size
    if im.format == "PNG" and "exif" not in im.info and w * h > MAX_DECODE_PIXELS:
        return None  # Pillow decodes every pixel to look for an eXIf chunk after the picture
    try:
        value = im.getexif().get(_ORIENTATION_TAG)
    except Exception:  # broken EXIF: show the pixels as stored
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def _orientation_from_exiv2(data: bytes) -> int | None:
    try:
        value = exiv2io.read_blocks(data).exif.get("Exif.Image.Orientation", "")
    except exiv2io.Exiv2ReadError:
        return None
    return int(value) if value.strip().isdigit() and 1 <= int(value) <= 8 else None


class ThumbnailCache:
    """Thumbnails on disk, one JPEG per content hash, fanned out over 256 folders."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)

    def path(self, content_hash: str) -> Path:
        return self.dir / content_hash[:2] / f"{content_hash}.jpg"

    def get(self, content_hash: str) -> bytes | None:
        try:
            return self.path(content_hash).read_bytes()
        except OSError:
            return None

    def put(self, content_hash: str, jpeg: bytes) -> Path:
        """Write atomically: a reader never sees half a file, even with several importers.

        A temporary file beside the target, then ``os.replace``. No fsync: this is a cache,
        and a thumbnail lost to a power cut is made again on demand (``ensure``); what
        matters is that a torn file is never served under the final name. The temporary
        name is unique per process and call, so there is no random-name retry loop, and the
        fan-out folder is made only when the first create in it fails."""
        target = self.path(content_hash)
        folder = os.fspath(target.parent)
        for _ in range(100):
            tmp = os.path.join(folder, f".tmp-{os.getpid()}-{threading.get_ident()}-{next(_TMP_SEQ)}.jpg")
            try:
                fd = os.open(tmp, _TMP_FLAGS, 0o666)
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
                fd = os.open(tmp, _TMP_FLAGS, 0o666)
            except FileExistsError:  # left by a killed process that had the same pid
                continue
            break
        else:  # pragma: no cover - a hundred stale names in a row
            raise FileExistsError(f"cannot make a temporary file in {folder}")
        try:
            try:
                view = memoryview(jpeg)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def ensure(self, content_hash: str, source: str | os.PathLike[str],
               orientation: int | None = None) -> bytes:
        """The cached thumbnail, made again from ``source`` when it is missing.
        Raises ThumbnailError (or OSError when the file is gone)."""
        cached = self.get(content_hash)
        if cached is not None:
            return cached
        from app.files import read_bytes  # noqa: PLC0415 - the file may have become a FIFO since its import

        jpeg = make_thumbnail(read_bytes(os.fspath(source)), orientation)
        self.put(content_hash, jpeg)
        return jpeg


LOUPE_PREVIEW_EDGE = 1000  # the loupe's first picture: an embedded preview at least this big
# The most pixels decode_full decodes: 300 MB as RGB, within the 1 GB the loupe's Qt reader may take.
LOUPE_MAX_PIXELS = 100_000_000


def decode_full(path: str | Path, max_pixels: int = LOUPE_MAX_PIXELS) -> tuple[int, int, bytes] | None:
    """The photo decoded whole and upright, as 8-bit RGB: ``(width, height, pixels)``. For the
    loupe when Qt has no reader for the format (HEIF, AVIF: pillow-heif and Pillow make their
    thumbnails); None when Pillow cannot decode it either (a RAW: its preview is what shows),
    or it holds more than ``max_pixels``."""
    try:
        with Image.open(path) as im:
            w, h = im.size
            if w * h > max_pixels or _is_raw_like(im):
                return None
            orientation = 1 if im.format in _DECODER_ORIENTS else (_orientation_of(im) or 1)
            rgb = _to_rgb(im)
            if orientation in _TRANSPOSE:
                rgb = rgb.transpose(_TRANSPOSE[orientation])
            return rgb.width, rgb.height, rgb.tobytes()
    except Exception:  # any decoder's failure (a broken or unknown file): nothing to show
        return None


def loupe_preview(path: str | Path, min_edge: int = LOUPE_PREVIEW_EDGE) -> tuple[bytes, int] | None:
    """The smallest embedded preview (EXIF, RAW) with a long edge of ``min_edge`` px or more,
    as JPEG bytes, and the EXIF orientation to show it in; None when the file has none. The
    loupe shows it while the photo itself decodes (a RAW's preview is all it shows)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    preview = exiv2io.best_preview(data, min_edge)
    if preview is None:
        return None
    return preview.data, _orientation_from_exiv2(data) or 1
