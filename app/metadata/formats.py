"""Which files Creditline reads, and what a file is, judged by its bytes.

The extension only decides between TIFF-based RAW flavours (CR2, NEF, ARW, DNG, ORF
all start like a TIFF); everything else is sniffed from the magic bytes so a
text file named ``.jpg`` is recognised as "not an image".
"""

from __future__ import annotations

from pathlib import Path

RAW_EXTENSIONS: frozenset[str] = frozenset({".cr2", ".cr3", ".nef", ".arw", ".dng", ".raf", ".orf"})
RASTER_EXTENSIONS: frozenset[str] = frozenset({
    ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".webp", ".heic", ".heif", ".hif", ".avif",
})
SUPPORTED_EXTENSIONS: frozenset[str] = RASTER_EXTENSIONS | RAW_EXTENSIONS
SIDECAR_EXTENSION = ".xmp"

# Formats whose pixels Pillow cannot decode; thumbnails come from the embedded preview.
RAW_FORMATS: frozenset[str] = frozenset(e[1:].upper() for e in RAW_EXTENSIONS)
# Files whose metadata is never written into them, so their edits go to an XMP sidecar that is
# read with them: RAW (by design, as Lightroom and Photo Mechanic do) and HEIF/AVIF (libexiv2
# 0.28 cannot write those containers).
SIDECAR_FORMATS: frozenset[str] = RAW_FORMATS | {"HEIF", "AVIF"}
SIDECAR_FILE_EXTENSIONS: frozenset[str] = RAW_EXTENSIONS | {".heic", ".heif", ".hif", ".avif"}

# Formats the writer gives an IPTC IIM block, one it makes when the file has none (encode.py):
# JPEG (APP13), TIFF and PNG (through exiv2). WebP gets XMP only (exiv2 has no IIM for it), and
# a sidecar format's edits go to XMP. Only these formats' values meet the IIM byte limits.
IIM_FORMATS: frozenset[str] = frozenset({"JPEG", "TIFF", "PNG"})
_NO_IIM_EXTENSIONS: frozenset[str] = SIDECAR_FILE_EXTENSIONS | {".webp"}

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}


def is_supported(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUPPORTED_EXTENSIONS


def is_raw(fmt: str | None) -> bool:
    return fmt in RAW_FORMATS


def uses_sidecar(fmt: str | None) -> bool:
    """True for a format whose edits go to an XMP sidecar (and whose sidecar is read with it)."""
    return fmt in SIDECAR_FORMATS


def gets_iim(fmt: str | None, path: str | Path | None = None) -> bool:
    """True when writing a file of format ``fmt`` writes an IIM block (``IIM_FORMATS``); with no
    format known, judged by ``path``'s extension (a photo with neither is taken to get one)."""
    if fmt is not None:
        return fmt in IIM_FORMATS
    return path is None or Path(path).suffix.lower() not in _NO_IIM_EXTENSIONS


def sniff(data: bytes, path: str | Path | None = None) -> str | None:
    """The format name for ``FileFacts.format`` ("JPEG", "TIFF", "CR2", ...), or None
    when the bytes are not an image we read."""
    ext = Path(path).suffix.lower() if path is not None else ""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return "RAF"
    if head[:4] in (b"IIRO", b"IIRS", b"MMOR"):
        return "ORF"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        if head[8:10] == b"CR":
            return "CR2"
        if ext in RAW_EXTENSIONS and ext not in (".cr3", ".raf"):
            return ext[1:].upper()
        return "TIFF"
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(len(head), 8 + _box_size(head)), 4)}
        if b"crx " in brands:
            return "CR3"
        if head[8:12] in _AVIF_BRANDS:
            return "AVIF"
        if brands & _HEIF_BRANDS:
            return "HEIF"
        if brands & _AVIF_BRANDS:
            return "AVIF"
    return None


def _box_size(head: bytes) -> int:
    size = int.from_bytes(head[:4], "big")
    return max(0, min(size, len(head)) - 8)
