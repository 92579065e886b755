"""Small photos with known metadata, made by the tests themselves (Pillow + exiv2).

``make_photo(path, caption=..., creators=[...], iim=True, xmp=True, exif=True, ...)``
writes a JPEG (or TIFF/PNG) whose IIM, XMP and EXIF hold exactly what was asked, so a
test knows the truth without trusting the code under test.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import exiv2
from PIL import Image

from app.fields import BY_KEY, XmpType

UTF8_MARKER = "\x1b%G"


def jpeg_bytes(width: int = 320, height: int = 200, color=(40, 90, 160), *, orientation: int | None = None,
               quality: int = 85) -> bytes:
    img = Image.new("RGB", (width, height), color)
    # A gradient stripe so pixel comparisons mean something.
    for x in range(width):
        for y in range(0, height, 7):
            img.putpixel((x, y), ((x * 3) % 256, (y * 5) % 256, 128))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _set_xmp(xmp, key: str, value) -> None:
    f = BY_KEY[key]
    if f.xmp_type is XmpType.LANG_ALT:
        xmp[f.xmp] = 'lang="x-default" ' + value
    elif f.xmp_type in (XmpType.SEQ, XmpType.BAG):
        values = value if isinstance(value, list) else [value]
        tv = exiv2.XmpArrayValue(exiv2.TypeId.xmpSeq if f.xmp_type is XmpType.SEQ else exiv2.TypeId.xmpBag)
        for v in values:
            tv.read(v)
        xmp.add(exiv2.XmpKey(f.xmp), tv)
    else:
        xmp[f.xmp] = value


def _add_iim(iptc, key: str, value, charset: str) -> None:
    f = BY_KEY[key]
    values = value if isinstance(value, list) else [value]
    for v in values:
        if key == "date_created":
            iptc[f.iim] = f"{v[:4]}-{v[5:7]}-{v[8:10]}"
            continue
        sv = exiv2.StringValue()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sv.read(v.encode("latin-1" if charset == "latin-1" else "utf-8"))
        iptc.add(exiv2.IptcKey(f.iim), sv)


def add_metadata(data: bytes, *, iim: dict | None = None, xmp: dict | None = None, exif: dict | None = None,
                 iim_charset: str | None = "utf-8", extra_exif: dict | None = None) -> bytes:
    """Return ``data`` with IIM/XMP/EXIF set. Dicts map field keys (app.fields) to values.

    ``iim_charset``: "utf-8" writes the 1:90 UTF-8 marker; "latin-1" writes Latin-1 bytes and no
    marker; None writes UTF-8 bytes and no marker.
    """
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    ex, ip, xm = image.exifData(), image.iptcData(), image.xmpData()
    for k, v in (exif or {}).items():
        f = BY_KEY[k]
        ex[f.exif] = "; ".join(v) if isinstance(v, list) else v
    for k, v in (extra_exif or {}).items():
        ex[k] = v
    if iim:
        if iim_charset == "utf-8":
            ip["Iptc.Envelope.CharacterSet"] = UTF8_MARKER
        for k, v in iim.items():
            _add_iim(ip, k, v, iim_charset or "utf-8")
    for k, v in (xmp or {}).items():
        _set_xmp(xm, k, v)
    image.writeMetadata()
    with image.io().mmap() as m:
        return bytes(m)


def make_photo(path: Path | str, *, fields: dict | None = None, iim: bool | dict = True, xmp: bool | dict = True,
               exif: bool | dict = False, iim_charset: str | None = "utf-8", width: int = 320, height: int = 200,
               color=(40, 90, 160), extra_exif: dict | None = None) -> Path:
    """Write a JPEG at ``path``. ``fields`` goes to every block that is True; a dict for
    ``iim``/``xmp``/``exif`` gives that block its own values (to make them disagree)."""
    fields = fields or {}
    exif_keys = {k for k in fields if BY_KEY[k].exif}
    iim_keys = {k for k in fields if BY_KEY[k].iim}
    xmp_keys = {k for k in fields if BY_KEY[k].xmp}

    def pick(flag, keys):
        if isinstance(flag, dict):
            return flag
        return {k: fields[k] for k in keys} if flag else None

    data = add_metadata(jpeg_bytes(width, height, color), iim=pick(iim, iim_keys), xmp=pick(xmp, xmp_keys),
                        exif=pick(exif, exif_keys), iim_charset=iim_charset, extra_exif=extra_exif)
    path = Path(path)
    path.write_bytes(data)
    return path


# --- reading-side helpers (metadata read and thumbnail tests) ---------------------------------

def add_exif_thumbnail(data: bytes, thumb_jpeg: bytes, *, orientation: int | None = None) -> bytes:
    """Return ``data`` with ``thumb_jpeg`` as its EXIF (IFD1) thumbnail, optionally an Orientation."""
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    ex = image.exifData()
    if orientation is not None:
        ex["Exif.Image.Orientation"] = orientation
    exiv2.ExifThumb(ex).setJpegThumbnail(thumb_jpeg)
    image.writeMetadata()
    with image.io().mmap() as m:
        return bytes(m)


def _app13_iim(data: bytes) -> tuple[int, int, bytes] | None:
    """(segment start, segment end, IIM resource payload) of the first Photoshop APP13."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF and data[i + 1] != 0xDA:
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if data[i + 1] == 0xED and data[i + 4:i + 18] == b"Photoshop 3.0\x00":
            body = data[i + 18:i + 2 + length]
            j = 0
            while j + 12 <= len(body) and body[j:j + 4] == b"8BIM":
                rid = int.from_bytes(body[j + 4:j + 6], "big")
                name_len = body[j + 6]
                k = j + 7 + name_len + ((name_len + 1) % 2)
                size = int.from_bytes(body[k:k + 4], "big")
                if rid == 0x0404:
                    return i, i + 2 + length, body[k + 4:k + 4 + size]
                j = k + 4 + size + size % 2
            return i, i + 2 + length, b""
        i += 2 + length
    return None


def set_iptc_digest(data: bytes, digest: str | None = "current") -> bytes:
    """Add a Photoshop IPTC digest (IRB 0x0425) to a JPEG that has IIM: ``"current"`` stores
    the md5 of the IIM block as it is (XMP in sync), any other hex string is stored as is
    (a stale digest)."""
    import hashlib

    found = _app13_iim(data)
    if found is None:
        raise ValueError("no Photoshop APP13 segment (write IIM first)")
    start, end, iim = found
    value = hashlib.md5(iim).digest() if digest == "current" else bytes.fromhex(digest or "")
    resource = b"8BIM" + (0x0425).to_bytes(2, "big") + b"\x00\x00" + len(value).to_bytes(4, "big") + value
    body = data[start + 4:end] + resource
    return data[:start] + b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body + data[end:]
