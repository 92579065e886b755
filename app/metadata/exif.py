"""EXIF facts and the EXIF twins of editorial fields, read with exifread.

exifread is pure Python, tolerant of broken IFDs and fast with ``details=False``
(no maker notes). Anything it chokes on becomes a warning, never an exception:
bad EXIF must not cost the photo its IIM/XMP or its pixels. The reader asks it only where
exiv2 found no EXIF (a container exiv2 does not parse, an EXIF block it gave up on).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from fractions import Fraction

from app.metadata.charset import decode_exif_ascii

# exifread logs every oddity at WARNING; they reach the user as ReadResult.warnings instead.
logging.getLogger("exifread").setLevel(logging.CRITICAL)


@dataclass
class ExifInfo:
    orientation: int | None = None
    capture_time: str | None = None  # "2024-04-13T14:05:09"
    capture_offset: str | None = None  # "+02:00"
    gps_lat: float | None = None
    gps_lon: float | None = None
    make: str | None = None
    model: str | None = None
    description: str | None = None  # IFD0 ImageDescription
    artist: str | None = None  # IFD0 Artist
    copyright: str | None = None  # IFD0 Copyright
    width: int | None = None
    height: int | None = None
    warnings: list[str] = field(default_factory=list)


def _text(tags: dict, name: str) -> str | None:
    tag = tags.get(name)
    if tag is None:
        return None
    values = tag.values
    if isinstance(values, (str, bytes)):
        return decode_exif_ascii(values)
    return str(tag.printable)


def _int(tags: dict, name: str) -> int | None:
    tag = tags.get(name)
    try:
        return int(tag.values[0]) if tag is not None and tag.values else None
    except (TypeError, ValueError, IndexError):
        return None


def _dms(tags: dict, name: str, ref_name: str) -> float | None:
    tag, ref = tags.get(name), _text(tags, ref_name)
    if tag is None or not ref or not isinstance(tag.values, list) or len(tag.values) < 3:
        return None
    try:
        d, m, s = (float(Fraction(v.num, v.den)) if hasattr(v, "num") else float(v) for v in tag.values[:3])
    except (ZeroDivisionError, TypeError, ValueError):
        return None
    value = d + m / 60 + s / 3600
    return round(-value if ref.strip().upper() in ("S", "W") else value, 7)


def iso_datetime(text: str | None) -> str | None:
    """EXIF "2024:04:13 14:05:09" to ISO "2024-04-13T14:05:09"; None for blank or zeroed dates."""
    if not text:
        return None
    text = text.strip().rstrip("\x00")
    if len(text) < 19 or text.startswith("0000") or not text[:4].isdigit():
        return None
    # ASCII, each digit a digit: a damaged byte ("10:\xd07:52", a lone surrogate) is no date.
    if not text[:19].isascii() or not all(text[i].isdigit() for i in (5, 6, 8, 9, 11, 12, 14, 15, 17, 18)):
        return None
    return f"{text[0:4]}-{text[5:7]}-{text[8:10]}T{text[11:19]}"


def read_exif(data: bytes) -> ExifInfo:
    # Imported on first use: only files whose EXIF exiv2 cannot read come here, and importing it
    # (with the Pillow tables it loads) was ~12 ms of every import's serial start.
    import exifread  # noqa: PLC0415

    info = ExifInfo()
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
    except Exception as exc:  # exifread raises anything from struct.error to IndexError on fuzzed input
        info.warnings.append(f"unreadable EXIF ({type(exc).__name__}: {exc})".splitlines()[0])
        return info
    if not tags:
        return info
    try:
        orientation = _int(tags, "Image Orientation")
        info.orientation = orientation if orientation in range(1, 9) else None
        info.capture_time = iso_datetime(_text(tags, "EXIF DateTimeOriginal"))
        offset = (_text(tags, "EXIF OffsetTimeOriginal") or "").strip()
        info.capture_offset = offset if len(offset) == 6 and offset[0] in "+-" else None
        info.gps_lat = _dms(tags, "GPS GPSLatitude", "GPS GPSLatitudeRef")
        info.gps_lon = _dms(tags, "GPS GPSLongitude", "GPS GPSLongitudeRef")
        info.make = (_text(tags, "Image Make") or "").strip() or None
        info.model = (_text(tags, "Image Model") or "").strip() or None
        info.description = _text(tags, "Image ImageDescription")
        info.artist = _text(tags, "Image Artist")
        info.copyright = _text(tags, "Image Copyright")
        info.width = _int(tags, "EXIF ExifImageWidth")
        info.height = _int(tags, "EXIF ExifImageLength")
    except Exception as exc:  # a single malformed tag must not lose the rest of the read
        info.warnings.append(f"malformed EXIF tag ({type(exc).__name__})")
    return info
